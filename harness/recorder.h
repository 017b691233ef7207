/* recorder.h — the native _gcfuzz module a rendered program talks to inside
 * the harness: it records finalizer firings and unraisable exceptions, and
 * checks them against the expectations the program carries. */
#ifndef GCFUZZ_RECORDER_H
#define GCFUZZ_RECORDER_H

#include <Python.h>

PyMODINIT_FUNC PyInit__gcfuzz(void);

/* Forget everything recorded: called before each program. */
void recorder_reset(void);

/* Check G4 (prompt finalization) too. */
void recorder_set_strict(int strict);

/* The violation the last check raised, or NULL. */
const char *recorder_violation(void);

/* After the program's namespace is gone: 0, or 1 with a violation recorded
 * if a finalizer ran again (G2) or ran for an object never expected (G3). */
int recorder_check_quiet(void);

/* How many finalizer firings were recorded since the last reset. */
unsigned long recorder_firings(void);

#endif
