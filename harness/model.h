/* model.h — what CPython must do with a gcfuzz program: which objects are
 * reachable after each operation, when each finalizer must (and must not) have
 * run, and which exceptions finalizers raise.  It is the single source of the
 * expectations the renderer writes into a program, and every rule in it traces
 * to a guarantee of ../shared/design/oracle.md (G1–G4, G9, G11).
 *
 * Timing follows CPython: an object that dies outside any cycle is finalized at
 * the operation that drops its last reference (G4); an object in, or hanging
 * off, a garbage cycle may be finalized at any moment until the next full
 * gc.collect() (G1), never before it became unreachable (G3).  The model only
 * accepts operations (model_apply returns 0 otherwise) whose consequences are
 * certain: a finalizer with a side effect is never left to the collector's
 * timing.  The model must not know about text or Python. */
#ifndef GCFUZZ_MODEL_H
#define GCFUZZ_MODEL_H

#include "program.h"

enum object_kind {
    OBJ_NONE, OBJ_INSTANCE, OBJ_LIST, OBJ_DICT, OBJ_GENERATOR,
    OBJ_SET, OBJ_FROZENSET, OBJ_TUPLE, OBJ_FUNC, OBJ_EXC,
    OBJ_WEAK_VALUES, OBJ_WEAK_KEYS, OBJ_WEAK_SET,
    OBJ_KIND_COUNT
};

/* How an instance holds its slots, by its class's layout */
enum layout { LAYOUT_NONE, LAYOUT_SLOTS, LAYOUT_LIST, LAYOUT_DICT, LAYOUT_TUPLE, LAYOUT_EXCEPTION, LAYOUT_SHARED };
enum slot_state { SLOT_EMPTY, SLOT_STRONG, SLOT_WEAK, SLOT_UNKNOWN /* death shapes only: not checked */ };

enum life {
    LIFE_UNBORN,  /* not created yet */
    LIFE_LIVE,    /* reachable from a root */
    LIFE_PENDING, /* cyclic garbage: finalized by the next full collection */
    LIFE_GONE     /* finalized and freed (or collected) */
};

struct model_object {
    uint8_t kind;  /* enum object_kind */
    int8_t cls;    /* class of an instance, else -1 */
    uint8_t life;  /* enum life */
    uint8_t prompt;/* died outside any cycle: finalized at dead_op (G4) */
    int16_t dead_op; /* operation at which it became unreachable; n_ops = teardown */
    /* an object's slots are those of its storage: its own, unless its
       __dict__ is another instance's (SET_DICT share); read them with
       model_storage() */
    int8_t store;
    uint8_t slot_state[GCFUZZ_SLOTS];
    int8_t slot_target[GCFUZZ_SLOTS];
    int8_t slot_callback[GCFUZZ_SLOTS]; /* a weak slot's callback, -1: none */
    uint8_t death_state[GCFUZZ_SLOTS];  /* its slots when its finalizer's death happened (G6) */
    int8_t death_target[GCFUZZ_SLOTS];
    int8_t death_lookup; /* BODY_CHECK: what self.c<s> finds then, -1: nothing, -2: open (G8) */
    uint8_t variant;    /* lists: length class; dicts: DICT_*; tuples: TUPLE_*; functions: FUNC_* */
    uint8_t gen_state;  /* generators: GEN_*; slot 0 holds what its frame holds */
    int16_t closed_op;  /* generators: where its finally block must run (G10), -1: never */
    uint8_t finalized;  /* its __del__ has been called (or must be, by fire_due): never again (G2) */
    uint8_t fire_may;   /* resurrected by another finalizer's object on the collector's path: its
                           finalizer may have run by fire_due, or not, and runs at most once (G3) */
    uint8_t weak_dead;  /* its weak references were cleared by a collection that resurrected it */
    uint8_t weak_open;  /* ... or may have been */
    uint8_t holds_open; /* resurrected on the collector's path: the weak references it holds were
                           garbage in that pass, and may have been cleared (since 3.9, bpo-38006) */
    int16_t fire_death; /* the operation its finalizer's death happened at, -1: none yet */
    int16_t fire_due;   /* the operation by which that finalizer must have run, -1: not yet known */
};

/* A weak reference with a callback, and what G5 says of its callback:
 * called exactly once if the weak reference is alive when its referent dies;
 * never if it dies first, or together with the referent.  Where CPython's
 * order decides (both die in one statement, or its holder is garbage
 * awaiting the collector), the model says MAY: at most once. */
enum callback_state {
    CB_WAITING,      /* referent alive, weak reference alive */
    CB_MUST_PENDING, /* referent is cyclic garbage; must be called when it is collected */
    CB_MUST,         /* must have been called (at or after the referent's death) */
    CB_NEVER,        /* the weak reference died while its referent lived */
    CB_MAY           /* at most once */
};

struct model_callback {
    int8_t holder, slot, referent; /* holder -1: a weakref.finalize, kept alive by its registry */
    uint8_t state;      /* enum callback_state */
    int16_t decided_op; /* when it became MUST, NEVER or MAY */
};

struct model_class {
    uint8_t defined;
    uint8_t named;    /* its name C<n> is bound (DEL_CLASS unbinds it) */
    uint8_t life;     /* enum life: a class is always in a cycle, so it dies as cyclic garbage */
    int8_t base;      /* -1: object */
    int8_t base2;     /* second base, -1: none */
    uint8_t body;     /* BODY_* of its own __del__ */
    uint8_t flavor;   /* FLAVOR_* */
    uint8_t layout;   /* enum layout, inherited */
    uint8_t fix_slot; /* the body's slot */
    int8_t attr[GCFUZZ_SLOTS]; /* object held in the class's own c<slot>, -1: absent */
};

/* What one operation did, for the renderer. */
struct model_step {
    uint32_t died;       /* objects that became unreachable at this operation */
    uint32_t prompt;     /* of those, the ones finalized right there (refcount path) */
    uint16_t unraisable; /* exceptions finalizers must have raised by this step (G11) */
};

struct model {
    size_t n_ops;   /* operations applied so far */
    size_t n_classes, n_objects;
    struct model_class classes[GCFUZZ_MAX_CLASSES];
    struct model_object objects[GCFUZZ_MAX_OBJECTS];
    int8_t names[GCFUZZ_MAX_OBJECTS]; /* name o<i> -> object, -1: unbound */
    size_t n_callbacks;
    struct model_callback callbacks[GCFUZZ_MAX_CALLBACKS];
    struct model_step steps[GCFUZZ_MAX_OPS + 1]; /* [n_ops] is the teardown */
    uint32_t kept;     /* objects held by globals r<id> (kept_by): resurrected, or dereferenced */
    int8_t kept_by[GCFUZZ_MAX_OBJECTS]; /* global r<i> holds object kept_by[i], -1: none */
    uint32_t frozen;   /* objects gc.freeze() moved to the permanent generation */
    uint8_t attr_ever; /* class attribute slots c<s> any class has ever had */
    int froze;         /* the program called gc.freeze() and has not unfrozen */
    int attrs_written; /* a finalizer wrote a class attribute during this operation (or the teardown) */
    int torn_down;
};

void model_init(struct model *m);

/* Apply one operation.  Returns 1 and updates the model, or 0 and leaves it
 * unchanged when the operation does not apply here (an operand names nothing,
 * or a side-effecting finalizer would be left to the collector's timing). */
int model_apply(struct model *m, struct op *op); /* also sets op->made */

/* Drop every name and class, as the program's teardown does. */
void model_teardown(struct model *m);

/* Evaluate a whole decoded program, teardown included.  Returns 0 if an
 * operation did not apply (the program was not made by program_decode). */
int model_run(struct model *m, const struct program *p);

/* The class whose __del__ instances of `cls` run, or -1 for none. */
int model_finalizer_class(const struct model *m, int cls);

/* The method resolution order of `cls`: writes up to GCFUZZ_MAX_CLASSES
 * classes, returns how many. */
int model_mro(const struct model *m, int cls, int8_t *out);

/* Which object class attribute c<slot> resolves to on an instance of `cls`
 * (instance, class and base-class lookup, G8), or -1: AttributeError. */
int model_lookup(const struct model *m, int cls, int slot);

/* The finalizer body instances of `cls` run, BODY_NONE for none. */
int model_body(const struct model *m, int cls);

/* The object whose slot arrays hold `obj`'s slots. */
const struct model_object *model_storage(const struct model *m, int obj);

/* Instance layout of `obj` (LAYOUT_NONE for anything but instances). */
int model_layout(const struct model *m, int obj);

/* What a name bound to `obj` may be used for (decoder and model agree). */
int model_strong_holder(const struct model *m, int obj); /* LINK / UNLINK */
int model_weak_holder(const struct model *m, int obj);   /* LINK_WEAK, UNLINK */
int model_weakable(const struct model *m, int obj);      /* weakref.ref(obj) works */
int model_hashable(const struct model *m, int obj);      /* a set member, a weak key */
int model_keyed_by_object(const struct model *m, int obj); /* set, WeakKeyDictionary, WeakSet */

/* 1 if object `obj` is a generator whose finally block runs when it dies. */
int model_closes_when_dying(const struct model *m, int obj);

/* 1 if object `obj` runs a __del__ when it dies. */
int model_has_finalizer(const struct model *m, int obj);

/* Nodes of the object graph: objects 0..GCFUZZ_MAX_OBJECTS-1, then classes.
 * An instance holds its class, a class its bases and its attributes. */
#define MODEL_CLASS_NODE(c) (GCFUZZ_MAX_OBJECTS + (c))
#define MODEL_OBJECTS ((1u << GCFUZZ_MAX_OBJECTS) - 1) /* the objects' part of a node set */

/* Nodes (bitmask) reachable from the roots: bound names, objects resurrected
 * into globals, and, before the teardown, classes bound to their names. */
uint32_t model_reachable(const struct model *m);

#endif
