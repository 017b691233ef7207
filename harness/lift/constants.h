/* constants.h — the C tables the Python side needs (kinds, shape codes,
 * limits, operation and value numbers), written as Python assignments, so
 * that the helpers, the pure-Python recorder and the seed script read them
 * instead of keeping copies.  Generated from the tables each time: there is
 * nothing to keep in step. */
#ifndef GCFUZZ_CONSTANTS_H
#define GCFUZZ_CONSTANTS_H

#include <stddef.h>

enum constants_set {
    CONSTANTS_RECORDER, /* what helpers.py and fallback.py use: pasted into every script */
    CONSTANTS_ALL       /* and every operation and value number: for scripts/make-seeds.py */
};

/* The Python text, each line starting with `indent`; NUL-terminated, valid
 * until the next call with the same set. */
const char *constants_python(enum constants_set set, const char *indent);

#endif
