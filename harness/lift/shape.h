/* shape.h — the shape language: how the expectations a rendered program
 * carries describe objects and names.  Written by lift/render.c, parsed by
 * the native recorder (exec/shape_parse.c) and by the pure-Python one
 * (exec/fallback.py, through the constants of lift/constants.c).  This
 * comment is its only specification.
 *
 *   _g.deaths_are("SHAPE ...")    each object with a finalizer as it was when it died (G6)
 *   _g.expect(..., alive="WORD ...")  everything reachable at a checkpoint (G7, G8)
 *   _g.writers_are("CELL ...")    who may write a class attribute between a finalizer's
 *                                 write and its read of it back (G8, read-your-own-write)
 *
 *   SHAPE  := ID ':' KIND '/' SLOT ',' SLOT ',' SLOT ',' SLOT [ '/c' S '=' LOOKUP ]
 *           | ID ':g/-'                  a generator: only its type is checked
 *   KIND   := LETTER [ NUMBER ]          LETTER: the kind (ir/kinds.def); NUMBER: an
 *                                        instance's class, a list's length (none: 4),
 *                                        a function's FUNC_* variant
 *   SLOT   := '-'                        empty: nothing there (None in a sequence)
 *           | '?'                        open: not checked, and the size is unknown
 *           | LETTER ID                  a strong reference to object ID of that kind
 *           | 'w' ID                     a weak reference (or weak entry) to live object ID
 *           | 'w-'                       ... whose referent is freed: gives None / no entry
 *           | 'w?'                       ... either
 *           | 'w'                        (death shapes) a weak reference, state unchecked
 *   LOOKUP := LETTER ID | '-'            what _g.sees(self, S) finds for c<S>, or nothing
 *   WORD   := 'o' N '=' VALUES           name o<N> holds one of VALUES
 *           | 'r' N '=' VALUES           global r<N> (a resurrection, a dereference) holds one
 *           | 'C=' N                     the program defined N classes, C0..C<N-1>
 *           | 'C' N '=-'                 class C<N> was deleted (its name is unbound)
 *           | 'C' N '.c' S '=' VALUES    class C<N>'s own attribute c<S> holds one of VALUES
 *           | '@' ID '.c' S '=' VALUES   instance ID finds c<S> through its MRO: one of VALUES (G8)
 *           | SHAPE                      a live (or open) object's contents
 *   VALUES := VALUE ('|' VALUE)*         one value: certain; several: open (model.h)
 *   VALUE  := ID                         that object, intact as its SHAPE says (if it has one)
 *           | '-'                        nothing: unbound, absent, or None
 *   A name or class attribute not in the alive string must be unbound (absent); a global
 *   r<N> or a lookup not in it is not checked.
 *   CELL   := C ':' S '=' WRITER (',' WRITER)*  class attribute C<C>.c<S>: instances of
 *                                        class C<W> may write it, '-': may delete it
 *   ID, N, S := decimal numbers: ID < SHAPE_MAX_IDS, N < SHAPE_MAX_NAMES or
 *              SHAPE_MAX_CLASSES, S < SHAPE_SLOTS
 * Words and shapes are separated by one space. */
#ifndef GCFUZZ_SHAPE_H
#define GCFUZZ_SHAPE_H

#include "kinds.h"
#include "program.h"

#define SHAPE_SLOTS GCFUZZ_SLOTS        /* slots per shape */
#define SHAPE_MAX_NAMES GCFUZZ_MAX_OBJECTS /* names o<N> and r<N> */
#define SHAPE_MAX_CLASSES 16            /* classes C<N> a recorder follows (>= GCFUZZ_MAX_CLASSES) */
#define SHAPE_MAX_IDS 256               /* object ids a recorder follows (>= GCFUZZ_MAX_OBJECTS) */
/* Rounds of the teardown's "drop the names, collect" before it stops
 * waiting for quiet.  A round ends with a name back only if something ran
 * for the first time in it and rebound one: a finalizer, a generator's
 * finally block or a weakref.finalize callback (each at most once per
 * object), or a weak reference's callback (the program's, or one a
 * finalizer made).  A chain of resurrections takes one round per link:
 * this bound outlasts the longest a program can build. */
#define SHAPE_TEARDOWN_ROUNDS (4 * GCFUZZ_MAX_OBJECTS + GCFUZZ_MAX_CALLBACKS + 2) /* 4 per object: those above */
/* Seconds the child that ends the interpreter at shutdown() may take
 * before it is a hang (exec/exits.h) */
#define SHAPE_EXIT_SECONDS 60
/* atexit handlers' runs the recorder keeps: room to see each of a
 * program's run twice */
#define SHAPE_MAX_HANDLERS_RUN (2 * GCFUZZ_MAX_HANDLERS)

#define SHAPE_EMPTY '-'
#define SHAPE_OPEN '?'
#define SHAPE_WEAK 'w'
#define SHAPE_PROXY 'p'       /* SHAPE_WEAK's, through a weakref.proxy */
#define SHAPE_WEAK_METHOD 'm' /* ... through a weakref.WeakMethod */
#define SHAPE_WEAK_FREED '-'  /* after SHAPE_WEAK */
#define SHAPE_WEAK_EITHER '?' /* after SHAPE_WEAK */
#define SHAPE_GENERATOR_SLOTS 1 /* ID ':g/-' */
#define SHAPE_BODY_CALLBACKS 64 /* w<64 + id>: the callback of the weak reference object id's finalizer
                                   makes to its own object (BODY_WEAK_SELF) */

_Static_assert(SHAPE_MAX_CLASSES >= GCFUZZ_MAX_CLASSES && SHAPE_MAX_IDS >= GCFUZZ_MAX_OBJECTS,
               "a recorder must follow every class and object a program has");

/* --- reading it (lift/shape.c; the pure-Python recorder has its own reader,
 * and a test checks that the two read every rendered program alike) --- */

enum shape_code { CODE_EMPTY, CODE_OPEN, CODE_WEAK, CODE_STRONG };
/* A CODE_WEAK slot's weak reference: weakref.ref, proxy, WeakMethod */
enum weak_shape { WEAK_REF, WEAK_PROXY, WEAK_METHOD };

/* A weak slot's target, when not an object id */
#define WEAK_FREED (-1)     /* 'w-' */
#define WEAK_EITHER (-2)    /* 'w?' */
#define WEAK_UNCHECKED (-3) /* 'w' (death shapes) */

struct shape_slot {
    uint8_t code;   /* enum shape_code */
    int8_t kind;    /* CODE_STRONG: the target's kind; CODE_WEAK: enum weak_shape */
    int16_t target; /* CODE_STRONG: an object id; CODE_WEAK: an id or WEAK_* */
};

#define SHAPE_MAX_VALUES GCFUZZ_MAX_OBJECTS /* objects in one VALUES: any of the program's */

/* VALUES: object ids, and whether nothing ('-') is one of them */
struct value_set {
    uint8_t n, empty;
    int16_t id[SHAPE_MAX_VALUES];
};

/* listed in the alive string (a set with no value is not listed) */
static inline int value_set_listed(const struct value_set *v) { return v->n || v->empty; }
static inline int value_set_has(const struct value_set *v, int id)
{
    for (int i = 0; i < v->n; i++)
        if (v->id[i] == id)
            return 1;
    return 0;
}

struct shape {
    int8_t kind;    /* enum object_kind */
    int16_t number; /* after the kind letter; -1: none */
    uint8_t slots;  /* how many were given (a generator's: 1) */
    struct shape_slot slot[SHAPE_SLOTS];
    int8_t lookup_slot;        /* '/c<S>=...': S, or -1: none */
    struct shape_slot lookup;  /* CODE_EMPTY: finds nothing; CODE_STRONG: that object */
};

/* Read one SHAPE of len bytes; returns its id, or -1 if it is malformed. */
int shape_parse(const char *text, size_t len, struct shape *sh);

/* An alive="..." string, read (unlisted sets are empty: value_set_listed) */
struct alive {
    struct value_set name_of[SHAPE_MAX_NAMES]; /* what each name holds */
    struct value_set kept_of[SHAPE_MAX_NAMES]; /* what each r<N> holds */
    int classes;                               /* 'C=N' */
    uint8_t deleted[SHAPE_MAX_CLASSES];
    struct value_set attr_of[SHAPE_MAX_CLASSES][SHAPE_SLOTS];
    struct value_set lookup_of[SHAPE_MAX_IDS][SHAPE_SLOTS];
    uint8_t known[SHAPE_MAX_IDS];              /* a shape was given for this id */
    struct shape shapes[SHAPE_MAX_IDS];
    /* the ids whose per-id entries (lookup_of, known) the last parse wrote:
       the next one clears only those, not the whole (large) tables */
    uint16_t n_touched;
    uint8_t touched[SHAPE_MAX_IDS];
};

/* A writers_are("...") string, read: for each class attribute, which
 * classes' instances may write it, and whether one may delete it */
struct writers {
    uint16_t by[SHAPE_MAX_CLASSES][SHAPE_SLOTS]; /* bit w: instances of C<w> */
    uint8_t deletes[SHAPE_MAX_CLASSES][SHAPE_SLOTS];
};

/* Read a writers string; returns 0, or -1 with the offending word's offset. */
int writers_parse(const char *text, struct writers *w, size_t *bad);

/* Read an alive string; returns 0, or -1 with the offending word's offset
 * in *bad.  `a` must be zeroed before its first parse (a static one is). */
int alive_parse(const char *text, struct alive *a, size_t *bad);

#endif
