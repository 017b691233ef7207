/* program.h — the gcfuzz program IR: a flat list of operations over numbered
 * classes and objects, decoded from fuzz input bytes and encoded back to them.
 *
 * Decoding is total: every byte string is one valid program (operations that
 * cannot apply are dropped), and programs are bounded by the GCFUZZ_MAX_*
 * limits below whatever the input.  Decoding consults the model (model.h) as it
 * goes, so that an operand always names something that exists at that point and
 * no operation makes a finalizer's side effect happen at a time CPython does not
 * pin down.  This header must not know about Python or the renderer. */
#ifndef GCFUZZ_PROGRAM_H
#define GCFUZZ_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#define GCFUZZ_MAX_OPS 48      /* operations per program */
#define GCFUZZ_MAX_CLASSES 6   /* classes C0..C5 */
#define GCFUZZ_MAX_OBJECTS 16  /* objects o0..o15, and names o0..o15 */
#define GCFUZZ_MAX_CALLBACKS 16 /* weak references with a callback, w0..w15 */
#define GCFUZZ_SLOTS 4         /* attributes a0..a3, items 0..3, keys k0..k3, class attrs c0..c3 */
#define GCFUZZ_OP_BYTES 4      /* one encoded operation: opcode + three operands */
#define GCFUZZ_THRESHOLDS {1, 2, 5, 10, 100, 700} /* gc.set_threshold() values */
#define GCFUZZ_N_THRESHOLDS 6

enum op_kind {
    OP_NEW_CLASS,      /* class C<a>(C<base>): flags say __del__ and the tutorial "fix" */
    OP_NEW_INSTANCE,   /* o<obj> = C<cls>(<obj>) */
    OP_NEW_LIST,       /* o<obj> = [None] * GCFUZZ_SLOTS */
    OP_NEW_DICT,       /* o<obj> = {} */
    OP_LINK,           /* o<name>.a<slot> = o<target>  (or [slot], ['k<slot>']) */
    OP_LINK_WEAK,      /* o<name>.a<slot> = weakref.ref(o<target>) */
    OP_UNLINK,         /* del o<name>.a<slot>  (list: item = None; dict: del item) */
    OP_SET_CLASS_ATTR, /* C<cls>.c<slot> = o<target> */
    OP_SELF_CLASS_ATTR,/* o<name>.__class__.c<slot> = C<cls>(<obj>): the tutorial's pattern */
    OP_DEL_CLASS_ATTR, /* del C<cls>.c<slot> */
    OP_DEL_NAME,       /* del o<name> */
    OP_REBIND,         /* o<name> = o<target> */
    OP_COLLECT,        /* gc.collect(), then check the model's expectations */
    OP_GC_DISABLE,     /* gc.disable(): no automatic collections */
    OP_GC_ENABLE,      /* gc.enable() */
    OP_SET_THRESHOLD,  /* gc.set_threshold(<table[a]>): very low ones collect inside any allocation */
    OP_COLLECT_YOUNG,  /* gc.collect(<a>) for generation 0 or 1: a partial collection, no checkpoint */
    OP_LINK_WEAK_CB,   /* o<name>.a<slot> = weakref.ref(o<target>, <callback recording w<made>>) */
    OP_NEW_GENERATOR,  /* o<obj> = _gen(o<target>, <obj>): unstarted, suspended in try/finally, or finished */
    OP_NEW_TUPLE,      /* o<obj> = (o<a>, o<c>, None, None), (None, None, o<a>, o<c>) or frozenset({o<a>, o<c>}) */
    OP_NEW_FUNC,       /* o<obj> = a closure, bound method, lambda or partial holding o<a> (and o<c>) */
    OP_NEW_EXC,        /* o<obj> = _g.catch(o<a>): a caught exception, its traceback's frame holding o<a> */
    OP_COPY,           /* o<obj> = o<a>[:], .copy(), list(o<a>), a comprehension...: an allocating copy */
    OP_FINALIZE,       /* weakref.finalize(o<a>, _g.called, <made>) */
    OP_FREEZE,         /* gc.freeze() (a = 0) or gc.unfreeze() (a = 1) */
    OP_SET_DICT,       /* o<a>.__dict__ = o<c>.__dict__ (shared), a copy of it, or a fresh one */
    OP_DEL_CLASS,      /* del C<a>: the class lives on while instances or subclasses hold it */
    OP_KIND_COUNT
};

/* One resolved operation, as the renderer reads it.  `made` is the number of
 * the class or object a NEW_* or SELF_CLASS_ATTR operation creates; the
 * operands a, b, c mean, by kind:
 *   NEW_CLASS        a = finalizer body (BODY_*), b = (base + 1) + (n_classes + 1) * (second base + 1),
 *                    c = the body's slot + GCFUZZ_SLOTS * flavour (FLAVOR_*)
 *   NEW_INSTANCE     a = class; for a tuple-flavoured class, b and c = names of items 0 and 1
 *   NEW_LIST         a = length class (lengths 4, 9, 17, 33; slot s at item s * len/4 + len/4 - 1)
 *   NEW_DICT         a = DICT_* (dict with str or int keys, set, weak dictionaries, WeakSet)
 *   NEW_TUPLE        a = name, b = TUPLE_*, c = name
 *   NEW_FUNC         a = name, b = FUNC_*, c = name
 *   NEW_EXC          a = name
 *   COPY             a = name of a list, dict or set, b = which copying expression (0..3)
 *   FINALIZE         a = name
 *   FREEZE           a = 0 freeze, 1 unfreeze
 *   DEL_CLASS        a = class
 *   SET_DICT         a = name, b = DICT_ASSIGN_*, c = name whose dict is shared or copied (0 for a fresh one)
 *   LINK, LINK_WEAK  a = name, b = slot, c = target name
 *   LINK_WEAK_CB     a = name, b = slot + GCFUZZ_SLOTS * CALLBACK_*, c = target name
 *   UNLINK           a = name, b = slot
 *   SET_CLASS_ATTR   a = class, b = slot, c = target name
 *   SELF_CLASS_ATTR  a = name, b = slot, c = class of the new instance
 *   DEL_CLASS_ATTR   a = class, b = slot
 *   DEL_NAME         a = name
 *   REBIND           a = name, c = target name
 *   SET_THRESHOLD    a = index into GCFUZZ_THRESHOLDS
 *   COLLECT_YOUNG    a = generation (0 or 1)
 *   NEW_GENERATOR    a = GEN_*, c = name it holds
 * Unused operands are 0.  Encoded, an operation is the bytes kind, a, b, c. */
struct op {
    uint8_t kind, a, b, c;
    uint8_t made;
};

/* NEW_GENERATOR states; GEN_RAISING is suspended, and its finally block
 * raises ValueError once it has recorded (to sys.unraisablehook, G11) */
enum { GEN_UNSTARTED, GEN_SUSPENDED, GEN_FINISHED, GEN_RAISING, GEN_COUNT };

/* What a weak reference's callback does after recording */
enum {
    CALLBACK_RECORD,  /* nothing more */
    CALLBACK_RAISE,   /* raise ValueError: to sys.unraisablehook (G11) */
    CALLBACK_COLLECT, /* gc.collect(): a full collection on the refcount path, a no-op inside one */
    CALLBACK_COUNT
};

/* NEW_CLASS finalizer bodies: each records that it ran (G6 checks what it
 * sees), then does one more thing.  <s> is the class's body slot. */
enum {
    BODY_NONE,      /* no __del__ */
    BODY_RECORD,    /* records, nothing else */
    BODY_FIX,       /* del self.__class__.c<s>: the tutorial's "fix" */
    BODY_RAISE,     /* raise ValueError: goes to sys.unraisablehook (G11) */
    BODY_COLLECT,   /* gc.collect(): a full collection, or a no-op inside one */
    BODY_RESURRECT, /* globals()['r<id>'] = self */
    BODY_UNLINK,    /* del self.a<s> */
    BODY_DEL_NAME,  /* globals().pop('o<s>', None): deletes a name of the program */
    BODY_REBIND,    /* __class__.c<s> = self: rebinds a class attribute of the class defining __del__
                       (the object's own class, or a base of it), resurrecting the object there */
    BODY_CHECK,     /* _g.sees(self, <s>): reads class attribute c<s> through self, checks it (G8) */
    BODY_MUTATE,    /* _g.clear(globals().get('o<s>')): empties a container the program uses */
    BODY_DEREF,     /* globals()['r<id>'] = _g.deref(self, <s>): what weak reference self.a<s> gives */
    BODY_COUNT
};

/* NEW_CLASS flavours: how the class is made */
enum {
    FLAVOR_PLAIN,     /* class C(bases): instance attributes in a dict */
    FLAVOR_SLOTS,     /* __slots__ = ('_id', 'a0'.., '__weakref__'); only without bases */
    FLAVOR_LIST,      /* a list subclass: its slots are items 0..3; only without bases */
    FLAVOR_DICT,      /* a dict subclass: its slots are keys 'k0'..; only without bases */
    FLAVOR_TUPLE,     /* a tuple subclass with __slots__ = (); items fixed at creation */
    FLAVOR_EXCEPTION, /* an Exception subclass */
    FLAVOR_LOCAL,     /* defined inside a function, which returns it */
    FLAVOR_SHARED,    /* __slots__ = ('_id', '__dict__', '__weakref__'): its __dict__ may be shared; only without bases */
    FLAVOR_COUNT
};

/* NEW_DICT variants */
enum { DICT_STR, DICT_INT, DICT_SET, DICT_WEAK_VALUES, DICT_WEAK_KEYS, DICT_WEAK_SET, DICT_COUNT };
/* NEW_TUPLE variants */
enum { TUPLE_FRONT, TUPLE_BACK, TUPLE_FROZENSET, TUPLE_COUNT };
/* SET_DICT variants: share another instance's __dict__ (both FLAVOR_SHARED),
 * take a copy of it, or start from an empty one */
enum { DICT_ASSIGN_SHARE, DICT_ASSIGN_COPY, DICT_ASSIGN_FRESH, DICT_ASSIGN_COUNT };
/* NEW_FUNC variants */
enum { FUNC_CLOSURE1, FUNC_CLOSURE2, FUNC_METHOD, FUNC_LAMBDA, FUNC_PARTIAL, FUNC_COUNT };
#define GCFUZZ_LIST_LENGTHS {4, 9, 17, 33}
#define GCFUZZ_N_LIST_LENGTHS 4

struct program {
    size_t n_ops;
    struct op ops[GCFUZZ_MAX_OPS];
};

/* Decode bytes into a program.  Never fails; size 0 gives the empty program. */
void program_decode(struct program *p, const uint8_t *data, size_t size);

/* Encode a program as bytes that decode back to the same program.
 * buf must hold GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES bytes; returns the length. */
size_t program_encode(const struct program *p, uint8_t *buf);

/* 1 when the two programs have the same operations. */
int program_equal(const struct program *a, const struct program *b);

const char *op_kind_name(int kind);

#endif
