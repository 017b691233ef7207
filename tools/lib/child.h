/* child.h — run one input in a forked child of an initialised harness, so
 * that a crash, an abort or a hang is reported as a result instead of taking
 * the caller down; a crash's result carries its signal and the innermost
 * frames inside the interpreter (its signature).  Also: name the input a
 * crash or a hang happened on when running in-process. */
#ifndef GCFUZZ_CHILD_H
#define GCFUZZ_CHILD_H

#include "inputs.h"
#include "runner.h"

/* Run f (script or bytes) in-process. */
void child_run_here(const struct input_file *f, const char *name, struct run_result *res);

/* Run f in a child with a timeout in seconds (0: none).  A signal is a
 * CRASH, a timeout a HANG (both G12). */
void child_run_forked(const struct input_file *f, const char *name, unsigned timeout, struct run_result *res);

/* In-process runs: on a fatal signal or a timeout, print which input was
 * running before dying.  Call once; then name each input (and its timeout in
 * seconds, 0: none) before running it. */
void child_guard_install(void);
void child_guard_current(const char *name, unsigned timeout);

#endif
