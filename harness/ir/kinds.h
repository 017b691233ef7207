/* kinds.h — the object-kind catalogue (kinds.def) as C: one enum, and the
 * properties of each kind.  Every layer asks here what a kind is; nothing
 * else lists kinds.  Must not know about models, text or Python. */
#ifndef GCFUZZ_KINDS_H
#define GCFUZZ_KINDS_H

#include <stdint.h>

/* How slot s of an object is read and written */
enum slot_access {
    ACCESS_ATTR,        /* o.a<s> */
    ACCESS_ITEM,        /* o[s] */
    ACCESS_SPREAD_ITEM, /* o[s * n/4 + n/4 - 1] of a list of length n */
    ACCESS_STR_KEY,     /* o['k<s>'] */
    ACCESS_INT_KEY,     /* o[s] of a dict */
    ACCESS_MEMBER,      /* the member whose _id is the slot's target */
    ACCESS_HELD,        /* the s-th object a function or exception holds */
    ACCESS_FRAME,       /* what a generator's frame holds (slot 0) */
};

/* What a kind can be used for */
enum {
    K_INSTANCE = 1 << 0,        /* an instance of a program class C<n>, with an _id */
    K_STRONG_HOLDER = 1 << 1,   /* LINK puts a strong reference in it */
    K_WEAK_HOLDER = 1 << 2,     /* LINK_WEAK puts a weak reference (or entry) in it */
    K_WEAKABLE = 1 << 3,        /* weakref.ref() accepts it */
    K_HASHABLE = 1 << 4,        /* a set member, a weak key */
    K_KEYED = 1 << 5,           /* its slots are members, keyed by the object */
    K_COPYABLE = 1 << 6,        /* COPY makes another of it */
    K_NONE_WHEN_EMPTY = 1 << 7, /* an empty slot holds None (sequences) */
    K_WEAK_ENTRIES = 1 << 8,    /* a weak container: its slots hold weak entries */
    K_CLEARABLE = 1 << 9,       /* _g.clear() empties it */
};

enum object_kind {
#define KIND(NAME, letter, name, access, flags, type, noun) KIND_##NAME,
#include "kinds.def"
#undef KIND
    KIND_COUNT
};

struct kind_info {
    char letter;
    const char *name;
    uint8_t access; /* enum slot_access */
    uint16_t flags;
    const char *type; /* Python type name, "" when checked otherwise */
    const char *noun;
};

extern const struct kind_info kind_table[KIND_COUNT];

static inline const struct kind_info *kind_info(int kind) { return &kind_table[kind]; }
static inline int kind_has(int kind, unsigned flag) { return (kind_table[kind].flags & flag) != 0; }

/* The kind a shape letter names, or -1. */
int kind_of_letter(char letter);

#endif
