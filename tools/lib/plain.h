/* plain.h — a finding as a plain Python script, for a bug report: the
 * program as ordinary Python (classes whose __del__ appends to a list,
 * weak-reference callbacks and generators' finally blocks likewise, the
 * few helpers it calls defined in it), ended at the check that failed,
 * which is written as plain asserts whose messages say in words what
 * CPython promised.  No recorder, no shape strings, nothing but the
 * standard library.  A crash or a hang runs the whole program and the
 * harness's teardown, and simply crashes.
 *
 * Written for the failure in `res` (a run of p's rendering): the asserts
 * are the model's expectation about the object, callback or generator it
 * names, at the checkpoint where it was found, and nothing else. */
#ifndef GCFUZZ_PLAIN_H
#define GCFUZZ_PLAIN_H

#include "render.h"
#include "result.h"

#include <stddef.h>

/* Write p as a plain script for the failure res into out.  Returns 1, or 0
 * with the reason in why (a guarantee whose check is not written as plain
 * asserts yet, or p not decodable). */
int plain_write(const struct program *p, const struct run_result *res, struct rendered *out, char *why,
                size_t why_size);

#endif
