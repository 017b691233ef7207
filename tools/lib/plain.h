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

/* How a plain script ended under a python: its exit status (128 + the
 * signal for a crash, 142 for a hang: SIGALRM) and its last line of output
 * ("AssertionError: ..."). */
struct plain_outcome {
    int status;
    char last[512];
};

/* Run text as a script under python (an executable, or a name on PATH),
 * alone in a temporary directory with no PYTHONPATH, for at most timeout
 * seconds; own_library: without LD_LIBRARY_PATH either (which may name
 * the failing libpython), with the libpython python was built with.  0,
 * or -1 when it could not be run. */
int plain_run(const char *python, int own_library, const char *text, size_t len, unsigned timeout,
              struct plain_outcome *out);

/* Both failed the same way: the same signal, or the same exit status and
 * last line (the same assert's message). */
int plain_same_failure(const struct plain_outcome *a, const struct plain_outcome *b);

struct plain_reduction {
    const char *bad;           /* the python it fails under */
    struct plain_outcome want; /* how it fails there */
    const char *good;          /* a python it must keep passing under, run with its own libpython
                                  (NULL: none; only for a crash) */
    struct plain_outcome good_output; /* how it passes there: the same last line each time */
    unsigned timeout;
    void (*progress)(size_t line, size_t lines); /* called for each block removed, or NULL */
};

/* Remove statements and blocks (a line and the lines indented under it)
 * from text, last first, again until a pass removes nothing, keeping each
 * removal after which it still fails as how->want under how->bad and
 * passes under how->good as how->good_output; the header's comments stay.  Returns the number
 * of runs. */
int plain_reduce(struct rendered *text, const struct plain_reduction *how);

#endif
