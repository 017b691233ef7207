/* reduce.h — operation-level minimisation of a failing input, and the
 * failure signature that a reduction must keep (and regressions are
 * deduplicated by): the broken guarantee and what it broke on (the kind of
 * object and its finalizer), or for a crash its signal and innermost
 * interpreter frames, so that different bugs stay apart and one bug met
 * again merges.  Every candidate runs in a child process, so inputs that
 * crash reduce too. */
#ifndef GCFUZZ_REDUCE_H
#define GCFUZZ_REDUCE_H

#include "model.h"
#include "program.h"
#include "runner.h"

#include <stddef.h>
#include <stdint.h>

struct signature {
    char text[256]; /* e.g. "G1 instance+del", "G12 crash SIGSEGV in PyObject_ClearWeakRefs < set_dealloc" */
};

/* The signature of a result of program p. */
void failure_signature(const struct program *p, const struct run_result *res, struct signature *sig);

/* What a failure about object `obj` of a model is about, for signatures:
 * its kind, with its finalizer body ("instance+del", "list", "generator"). */
void failure_category(const struct model *m, int obj, char *out, size_t size);

/* Run data in a child; fill res and (if it failed) sig.  Returns res.failed. */
int reduce_classify(const uint8_t *data, size_t size, unsigned timeout, struct run_result *res,
                    struct signature *sig);

/* Shrink data (canonical bytes) in place keeping signature `want`: delta
 * debugging over operations and operands shrunk toward 0, in turn, until
 * neither makes progress.  Returns the new size.  `progress` (may be NULL)
 * is told the size after each improvement. */
size_t reduce_input(uint8_t *data, size_t size, const struct signature *want, unsigned timeout,
                    void (*progress)(size_t ops, unsigned runs));

#endif
