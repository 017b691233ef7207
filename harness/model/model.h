/* model.h — what CPython must do with a gcfuzz program: which objects are
 * reachable after each operation, when each finalizer must (and must not)
 * have run, and which exceptions finalizers raise.  It is the single source
 * of the expectations the renderer writes into a program; every rule in it
 * traces to a guarantee of docs/oracle.md (G1-G13).  The model
 * must not know about text or Python.
 *
 * The states an object goes through (struct model_object), the way
 * gcmodule.c documents gc_refs:
 *
 *   life     UNBORN -> LIVE -> GONE            it dies outside any cycle: reference
 *                                               counting frees it at that operation
 *            UNBORN -> LIVE -> PENDING -> GONE in, or hanging off, a garbage cycle: the
 *                                               next full gc.collect() frees it (G1),
 *                                               or the next after gc.unfreeze() if
 *                                               gc.freeze() froze it
 *            PENDING -> LIVE                   a finalizer of its pass resurrected it
 *   finalizer NOT_RUN -> RUN                   prompt (refcount path): run at the
 *                                               operation it died at (G4)
 *            NOT_RUN -> PENDING -> RUN         cyclic: run at some moment between its
 *                                               death (fire_death) and the collection
 *                                               that frees it (fire_due), never before (G3)
 *            NOT_RUN -> PENDING -> MAY_RUN     garbage that another finalizer of its pass
 *                                               resurrected: may have run, at most once
 *                                               (G3's one exception)
 *            and never back: a finalizer runs at most once (G2).
 *   weakrefs LIVE -> CLEARED | OPEN            whether weak references to it were cleared
 *                                               by a collection that resurrected it: certainly
 *                                               (on a cycle of its own) or maybe (hanging off
 *                                               other garbage, or brought back with it)
 *
 * Open state (model/open.c).  Where what a program holds depends on when or
 * in which order finalizers and callbacks run, the model marks exactly that
 * state open instead of predicting it:
 *   - a slot, a name (o<n>), a class attribute or a global (r<n>, w<n>) is
 *     open when an effect that may still run, or that ran in an order
 *     CPython does not promise, can write it; the model then keeps the set
 *     of values it may hold (its `maybe`, with MAYBE_EMPTY), and checks
 *     only that a value found there is one of them, intact;
 *   - an object is LIFE_OPEN when it is no longer certainly reachable but
 *     an open place may still hold it (a finalizer may have resurrected it,
 *     or the program's last reference to it may be gone): from then on its
 *     finalizer may run, at most once, never before it became open (G2,
 *     G3); if Python code reaches it, it must be intact (G7).
 * Effects run at a certain moment, alone, stay exact: a finalizer on the
 * reference-counting path whose effect conflicts with no other of the same
 * statement.  Effects of finalizers that wait for the collector (or of open
 * objects, or of weak-reference callbacks with effects) are "uncertain":
 * from the moment they may run until they certainly have, every place they
 * may write is open.  Everything not open is asserted exactly as before.
 * Example: C0.__del__ does globals().pop('o3', None) and o0 is cyclic
 * garbage: from `del o0` on, name o3 is open (bound or not); o3's object,
 * if nothing else holds it, is LIFE_OPEN; after the collection that frees
 * o0, binding o3 again makes it certain. */
#ifndef GCFUZZ_MODEL_H
#define GCFUZZ_MODEL_H

#include "kinds.h"
#include "program.h"

/* How an instance holds its slots, by its class's layout */
enum layout { LAYOUT_NONE, LAYOUT_SLOTS, LAYOUT_LIST, LAYOUT_DICT, LAYOUT_TUPLE, LAYOUT_EXCEPTION, LAYOUT_SHARED };
enum slot_state {
    SLOT_EMPTY,
    SLOT_STRONG,
    SLOT_WEAK,
    SLOT_OPEN, /* open: not checked; it may hold strongly any object of slot_maybe, or nothing */
    SLOT_PROXY,      /* SLOT_WEAK's rules, through a weakref.proxy (LINK_WEAK_FORM) */
    SLOT_WEAK_METHOD /* ... through a weakref.WeakMethod of a method bound to its target */
};

/* A weak reference of any form: one that does not keep its target */
static inline int slot_weak(int state) { return state == SLOT_WEAK || state == SLOT_PROXY || state == SLOT_WEAK_METHOD; }

/* A set of values an open place may hold: objects (bits 0..GCFUZZ_MAX_OBJECTS-1)
 * and MAYBE_EMPTY: nothing, None, or (a name) unbound. */
#define MAYBE_EMPTY (1u << 31)

enum life {
    LIFE_UNBORN,  /* not created yet */
    LIFE_LIVE,    /* reachable from a root */
    LIFE_PENDING, /* cyclic garbage: finalized by the next full collection */
    LIFE_GONE,    /* finalized and freed (or collected) */
    LIFE_OPEN     /* maybe reachable, maybe garbage, maybe freed: no longer followed (see below) */
};

enum finalizer_state {
    FIN_NOT_RUN, /* its death has not run a finalizer (or it has none) */
    FIN_PENDING, /* its death happened (fire_death); when it runs is open until fire_due */
    FIN_RUN,     /* must have run, at or after fire_death, by fire_due */
    FIN_MAY_RUN  /* may have run by fire_due, at most once, at or after fire_death */
};

enum weakrefs_state {
    WEAKREFS_LIVE,    /* weak references to it follow its life */
    WEAKREFS_CLEARED, /* a collection that resurrected it cleared them */
    WEAKREFS_OPEN     /* ... or may have */
};

/* What a finalizer's read of a class attribute found (BODY_CHECK) */
#define LOOKUP_NOTHING (-1) /* AttributeError: no class in the MRO has it */
#define LOOKUP_OPEN (-2)    /* another finalizer of the same moment wrote one: unchecked */

struct model_object {
    uint8_t kind;    /* enum object_kind */
    int8_t cls;      /* class of an instance, else -1 */
    uint8_t life;    /* enum life */
    uint8_t prompt;  /* died outside any cycle: finalized at dead_op (G4) */
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
    int8_t death_lookup; /* BODY_CHECK: the object self.c<s> finds then, or LOOKUP_* (G8) */
    uint8_t variant;     /* lists: length; dicts: DICT_*; tuples: TUPLE_*; functions: FUNC_*; chains: their form; generators: 1 for a coroutine */
    uint8_t gen_state;   /* generators: GEN_*; slot 0 holds what its frame holds */
    int16_t closed_op;   /* generators: where its finally block must run (G10), -1: never */
    uint8_t finalizer;   /* enum finalizer_state */
    uint8_t weakrefs;    /* enum weakrefs_state */
    uint8_t holds_open;  /* resurrected on the collector's path: the weak references it holds were
                            garbage in that pass, and may have been cleared (since 3.9, bpo-38006) */
    int16_t fire_death;  /* the operation its finalizer's death happened at, -1: none yet */
    int16_t fire_due;    /* the operation by which that finalizer must have run, -1: not yet known */
    uint32_t slot_maybe[GCFUZZ_SLOTS]; /* SLOT_OPEN slots: what each may hold (MAYBE_EMPTY: nothing) */
    int16_t open_op;     /* LIFE_OPEN: the operation it stopped being certainly reachable at */
    uint8_t exact_effect; /* pending, with a body whose effect the collection applies exactly
                            (a resurrection the model can state, del of its own attribute) */
    uint8_t raise_open;   /* the AttributeError its finalizer may raise is counted as open (G11) */
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
    CB_MAY,          /* at most once */
    CB_STATE_COUNT
};

#define CB_REGISTRY (-1) /* holder of a weakref.finalize, kept alive by its registry */
#define CB_CLASS (-2)    /* holder of a class's finalizer: its metaclass's __del__ (FLAVOR_META);
                            referent is then the class */
struct model_callback {
    int8_t holder, slot, referent; /* holder: an object, CB_REGISTRY or CB_CLASS */
    uint8_t kind;       /* CALLBACK_*: what it does after recording */
    uint8_t state;      /* enum callback_state */
    int16_t decided_op; /* when it became MUST, NEVER or MAY */
    int16_t class_dead_op; /* CB_CLASS: when the class became garbage, -1: not yet */
};

struct model_class {
    uint8_t named;    /* its name C<n> is bound (DEL_CLASS unbinds it) */
    uint8_t life;     /* enum life: a class is always in a cycle, so it dies as cyclic garbage */
    int8_t base;      /* -1: object */
    int8_t base2;     /* second base, -1: none */
    uint8_t body;     /* BODY_* of its own __del__ */
    uint8_t flavor;   /* FLAVOR_* */
    uint8_t layout;   /* enum layout, inherited */
    uint8_t fix_slot; /* the body's slot */
    int8_t finalizer_cb; /* its class finalizer (a metaclass's __del__): a callback, -1: none */
    int8_t attr[GCFUZZ_SLOTS]; /* object held in the class's own c<slot>, -1: absent (or open) */
    uint8_t attr_open;         /* class attributes c<s> that are open (bit s) */
    uint32_t attr_maybe[GCFUZZ_SLOTS]; /* open ones: what each may hold */
};

/* What one operation did, for the renderer. */
struct model_step {
    uint32_t died;       /* objects that became unreachable at this operation */
    uint32_t prompt;     /* of those, the ones finalized right there (refcount path) */
    uint16_t unraisable; /* exceptions finalizers must have raised by this step (G11) */
    uint16_t unraisable_open; /* ... and how many more they may have raised */
    uint32_t saved;      /* instances a collection here certainly put in gc.garbage (DEBUG_SAVEALL, G9) */
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
    int8_t kept_by[GCFUZZ_MAX_OBJECTS]; /* global r<i> holds object kept_by[i], -1: none (or open) */
    int8_t weak_by[GCFUZZ_MAX_OBJECTS]; /* global w<i> is a weak reference to object weak_by[i], -1: none */
    /* open places: names o<n>, globals r<n> and w<n>, and what each may hold */
    uint16_t names_open, kept_open, weak_open;
    uint32_t name_maybe[GCFUZZ_MAX_OBJECTS], kept_maybe[GCFUZZ_MAX_OBJECTS], weak_maybe[GCFUZZ_MAX_OBJECTS];
    uint32_t frozen;   /* objects gc.freeze() moved to the permanent generation */
    uint32_t frozen_open; /* objects that may or may not still be there: frozen, then
                             resurrected by their own deallocation (CPython re-tracks
                             such an object as young; nothing promises either way) */
    uint32_t frozen_stores; /* __dict__s (by their store, model_object.store) that gc.freeze()
                               may have frozen: in use by an object it froze */
    uint8_t attr_ever; /* class attribute slots c<s> any class has ever had */
    int froze;         /* the program called gc.freeze() and has not unfrozen */
    uint8_t gc_off;    /* the program's last of gc.disable()/gc.enable() was gc.disable() (G13) */
    uint8_t debug;     /* DEBUG_*: what the program's last gc.set_debug() set (G13) */
    uint8_t shut_down; /* a SHUTDOWN ran: once per program, as each costs a process (exec/exits.h) */
    uint8_t n_handlers; /* atexit handlers registered (AT_EXIT): run, last first, when the interpreter ends */
    uint8_t n_gc_hooks; /* gc.callbacks entries the program added (GC_CALLBACK) */
    uint8_t on_thread;  /* the last operation was a THREAD: the least this one's statement must
                           allow (ops.def's thread column): THREAD_SOLO on a thread of its own,
                           THREAD_ANY beside one that collects; the model's effect is the same */
    uint8_t threaded;   /* this operation's statement is a THREAD's: it runs while other threads do */
    uint32_t saved_held; /* nodes that garbage a collection saved to gc.garbage (DEBUG_SAVEALL)
                            held: they may be reachable through it until the teardown empties it */
    int16_t saving_since; /* the operation that set DEBUG_SAVEALL last (-1: never): garbage older than
                             that may have been freed before (a young gc.collect(), say) */
    uint32_t uncollectable; /* instances with a legacy finalizer (FLAVOR_LEGACY) that a collection put in
                               gc.garbage: roots, as names are, until the teardown frees them */
    int attrs_written; /* a finalizer wrote a class attribute during this operation (or the teardown) */
    int torn_down;
};

/* What the model predicts differently for different CPythons (the
 * version-aware oracle; exec/rules.h chooses it from the running
 * interpreter).  One setting per process, read by every model_init: a
 * process embeds one CPython.  Each flag set means the weaker prediction, so
 * model_rules_portable (all set) renders a program whose checks hold on
 * every version.  The default, all clear, is CPython 3.4 to 3.14's. */
struct model_rules {
    /* 3.15 (gh-135552): weak references without callbacks to cyclic garbage
       are cleared after its finalizers ran, so not if one resurrected it;
       those with callbacks still before.  The model then leaves whether a
       resurrected object's weak references were cleared open (it keeps one
       state for both kinds). */
    unsigned weakrefs_cleared_late : 1;
    /* 3.10 to 3.12 (gh-118492, open there, gone in 3.13): storing or
       deleting a class attribute drops the old value, and runs the
       finalizers that frees, before the type attribute cache is
       invalidated, so a lookup in those finalizers may still find the old
       value.  The model then leaves open what a checking finalizer that
       such a statement runs finds.  The portable rules keep the check: it
       is a bug, which regressions/soak-type-cache-stale-* pin. */
    unsigned stale_type_cache : 1;
    /* The interpreter has no _testcapi.with_tp_del (built without test
       modules), or its collector's handling of legacy finalizers is not
       checked here (free-threaded builds): programs make no legacy
       classes.  Not a weaker prediction: the portable rules keep them. */
    unsigned no_legacy_finalizers : 1;
    /* Free-threaded builds where gcfuzz cannot keep classes mortal once a
       thread starts (3.13t makes classes and functions immortal then,
       gh-117783, unless _testinternalcapi turns that off), or has not
       checked threads (3.14t+): programs run no THREAD.  Not a weaker
       prediction: the portable rules keep them. */
    unsigned no_threads : 1;
    /* Free-threaded builds (biased reference counting, PEP 703): an object
       whose last reference a thread that does not own it drops waits in its
       owner's queue, and a collection that merges the queue first takes it
       as cyclic garbage alone (Python/gc_free_threading.c,
       merge_queued_objects): its weak references are cleared before its
       finalizer runs.  So in a THREAD's statement what dies outside any
       cycle and comes back has its weak references open (a 3.13t campaign
       found a resurrected object's weak reference dead). */
    unsigned biased_refcounts : 1;
};
extern const struct model_rules model_rules_portable;
void model_set_rules(const struct model_rules *r);
const struct model_rules *model_get_rules(void);

void model_init(struct model *m);

/* Apply one operation.  Returns 1 and updates the model, or 0 and leaves it
 * unchanged when the operation does not apply here (an operand names nothing,
 * or a side-effecting finalizer would be left to the collector's timing). */
int model_apply(struct model *m, struct op *op); /* also sets op->made */

/* Drop every name and class, as the program's teardown does. */
void model_teardown(struct model *m);

/* The first rule of the model's own bookkeeping that m breaks (a name bound
 * to a freed object, a finalizer due before its death, ...), or NULL.
 * model_check_invariants aborts on one in a checking build
 * (GCFUZZ_MODEL_CHECKS), and does nothing otherwise. */
const char *model_broken_invariant(const struct model *m);
void model_check_invariants(const struct model *m, const char *when);

/* Evaluate a whole decoded program, teardown included.  Returns 0 if an
 * operation did not apply (the program was not made by the decoder). */
int model_run(struct model *m, const struct program *p);

/* A program's models, one per operation: after[i] is the model after its
 * first i operations (after[0] the empty one); no teardown.  The decoder
 * fills one as it goes, so that the features and the renderer read the
 * model without stepping it again. */
struct model_trace {
    size_t n_ops;
    struct model after[GCFUZZ_MAX_OPS + 1];
};

/* Start a trace: the empty model, no operation. */
void model_trace_start(struct model_trace *t);

/* Apply op after the trace's last operation: returns 1 and appends the new
 * model, or 0 and leaves the trace as it was (as model_apply). */
int model_trace_apply(struct model_trace *t, struct op *op);

/* Step the model through a decoded program; 0 as model_run. */
int model_trace_run(struct model_trace *t, const struct program *p);

/* --- what the model knows of classes (model/query.c) --- */

/* The class whose __del__ instances of `cls` run, or -1 for none. */
int model_finalizer_class(const struct model *m, int cls);
/* The slot number (0..GCFUZZ_SLOTS-1) that `obj`'s finalizer body names
 * (del self.a<s>, class attribute c<s>, ...); 0 when it has no finalizer
 * class, whose body then names none. */
int model_fix_slot(const struct model *m, int obj);

/* The method resolution order of `cls`: writes up to GCFUZZ_MAX_CLASSES
 * classes, returns how many. */
int model_mro(const struct model *m, int cls, int8_t *out);
int model_class_finalizer(const struct model *m, int cls);
/* The operation at which callback k's referent (an object, or a class) died */
int model_callback_death(const struct model *m, int k);

/* Which object class attribute c<slot> resolves to on an instance of `cls`
 * (instance, class and base-class lookup, G8), or -1: AttributeError. */
int model_lookup(const struct model *m, int cls, int slot);

/* The values that lookup may find: one object, MAYBE_EMPTY, or, where a
 * class of the MRO has the attribute open, a set. */
uint32_t model_lookup_maybe(const struct model *m, int cls, int slot);

/* The finalizer body instances of `cls` run, BODY_NONE for none. */
int model_body(const struct model *m, int cls);

/* The class whose attribute c<s> a rebinding body of obj writes: the class
 * defining __del__ (BODY_REBIND: __class__), or obj's own (BODY_REBIND_CHECK:
 * type(self)). */
int model_written_class(const struct model *m, int obj);

/* The finalizer body `obj` runs (BODY_NONE for none, and for non-instances). */
int model_object_body(const struct model *m, int obj);

/* The object whose slot arrays hold `obj`'s slots. */
const struct model_object *model_storage(const struct model *m, int obj);

/* Instance layout of `obj` (LAYOUT_NONE for anything but instances). */
int model_layout(const struct model *m, int obj);

/* The number a shape writes after an object's kind letter: an instance's
 * class, a list's length (none for the shortest), a function's FUNC_*
 * variant; -1 for none. */
int model_kind_number(const struct model *m, int obj);

/* What a name bound to `obj` may be used for (decoder and model agree). */
int model_strong_holder(const struct model *m, int obj); /* LINK / UNLINK */
int model_weak_holder(const struct model *m, int obj);   /* LINK_WEAK, UNLINK */
int model_callback_holder(const struct model *m, int obj); /* LINK_WEAK_CB */
int model_weakable(const struct model *m, int obj);      /* weakref.ref(obj) works */
int model_hashable(const struct model *m, int obj);      /* a set member, a weak key */
int model_keyed_by_object(const struct model *m, int obj); /* set, WeakKeyDictionary, WeakSet */
int model_dict_instance(const struct model *m, int obj); /* an instance with its attributes in a __dict__ */

/* 1 if object `obj` is a generator whose finally block runs when it dies. */
int model_closes_when_dying(const struct model *m, int obj);

/* 1 if what `obj` holds is open: a finalizer or callback that may still
 * run (or ran in an order CPython leaves open) may add or remove entries,
 * so a walk over it may meet a change of size. */
int model_entries_open(const struct model *m, int obj);

/* 1 if object `obj` runs a __del__ when it dies. */
int model_has_finalizer(const struct model *m, int obj);

/* 1 if node `node` is an instance of a class with a legacy finalizer
 * (FLAVOR_LEGACY: tp_del): in cyclic garbage the collector finalizes
 * nothing it reaches, and puts it in gc.garbage. */
int model_legacy(const struct model *m, int node);

/* A class of this body may be made legacy: its body as __tp_del__ runs at
 * every deallocation, so it must not bring its object back. */
int model_legacy_body(int body);

/* For people: "o4 (instance of C2, __del__ from C0)", "o3 (a list)". */
void model_describe(const struct model *m, int obj, char *out, size_t size);

/* --- the object graph (model/graph.c) --- */

/* Nodes of the object graph: objects 0..GCFUZZ_MAX_OBJECTS-1, then classes.
 * An instance holds its class, a class its bases and its attributes. */
#define MODEL_CLASS_NODE(c) (GCFUZZ_MAX_OBJECTS + (c))
#define MODEL_NODES (GCFUZZ_MAX_OBJECTS + GCFUZZ_MAX_CLASSES)
#define MODEL_OBJECTS ((1u << GCFUZZ_MAX_OBJECTS) - 1) /* the objects' part of a node set */

/* Nodes (bitmask) certainly reachable from the roots: bound names, objects
 * resurrected into globals, and, before the teardown, classes bound to their
 * names. */
uint32_t model_reachable(const struct model *m);

/* Nodes that may be reachable: through open places too, and from garbage
 * with a legacy finalizer that a collection may have put in gc.garbage
 * (model/open.c). */
uint32_t model_possibly_reachable(const struct model *m);
/* ... from the roots and `extra_roots` only. */
uint32_t model_possibly_reachable_from(const struct model *m, uint32_t extra_roots);

/* Nodes that `node` may hold through its open places. */
uint32_t model_maybe_successors(const struct model *m, int node);

/* The objects of a set of values (MAYBE_EMPTY off). */
#define MAYBE_OBJECTS(set) ((set) & MODEL_OBJECTS)

/* Nodes that `node` holds strongly. */
uint32_t model_successors(const struct model *m, int node);

/* Nodes reachable from `from` through nodes of `within` (both included). */
uint32_t model_closure(const struct model *m, uint32_t from, uint32_t within);

/* ... through open places too. */
uint32_t model_possible_closure(const struct model *m, uint32_t from, uint32_t within);

/* Nodes, objects and classes, in the given life. */
uint32_t model_nodes_in(const struct model *m, int life);

/* Of the garbage `set`, the nodes that lie on a cycle or hang off one:
 * reference counting cannot free them, only the collector. */
uint32_t model_cyclic_part(const struct model *m, uint32_t set);

/* ... through certain places only: garbage reference counting certainly cannot free. */
uint32_t model_certainly_cyclic(const struct model *m, uint32_t set);

/* Of `set`, the nodes on a cycle of certain references within it. */
uint32_t model_on_certain_cycle(const struct model *m, uint32_t set);

/* The objects, not yet freed, whose slots are those of storage `s`. */
uint32_t model_storage_users(const struct model *m, int s);

#endif
