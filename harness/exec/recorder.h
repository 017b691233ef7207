/* recorder.h — the native _gcfuzz module a rendered program talks to inside
 * the harness: it records finalizer firings, callbacks, finally blocks and
 * unraisable exceptions, and checks them against the expectations the
 * program carries (shape.h).  What it finds is a run_result's fields. */
#ifndef GCFUZZ_RECORDER_H
#define GCFUZZ_RECORDER_H

#include <Python.h>

#include "result.h"
#include "run_features.h"

PyMODINIT_FUNC PyInit__gcfuzz(void);

/* Forget everything recorded: called before each program and after it,
 * so that nothing recorded is left for the next. */
void recorder_reset(void);

/* The teardown's (and a failed program's clean-up): the objects with a
 * legacy finalizer that collections put in gc.garbage let go of what they
 * hold and leave it (helpers.py's free_legacy), so that they are freed.
 * How many there were, plus 1 when a collection set garbage aside for a
 * legacy object since the last call (then another collection is due), or
 * -1 with a Python error set. */
int recorder_free_legacy(void);
/* The program's teardown reached quiet (no name left or back, nothing
 * freed or set aside), and its last collection found no garbage: nothing
 * unreachable was left then, and no finalizer ran in it. */
int recorder_teardown_settled(void);

/* The same, and what the collector was seen doing too: before each
 * program only, so that recorder_stats() covers the whole last run. */
void recorder_begin_run(void);

/* Check G4 (prompt finalization) too. */
void recorder_set_strict(int strict);
/* Whether a THREAD's statement runs on another thread (helpers.py's
 * THREADS), or in place: the same program, checked the same way. */
void recorder_set_threads(int on);

/* 1 and res filled (outcome, guarantee, subject, line, message) if a
 * violation was recorded since the last reset, else 0. */
int recorder_violation(struct run_result *res);

/* The exception types a program stops with: a broken guarantee, and
 * expectations that do not parse (a corrupt script). */
PyObject *recorder_violation_type(void);
PyObject *recorder_malformed_type(void);

/* After the program's namespace is gone: 0, or 1 with a violation recorded
 * if a finalizer ran again (G2) or ran for an object never expected (G3). */
int recorder_check_quiet(void);

/* In the child that ended the interpreter at shutdown() (exits.h): what
 * was recorded, checked against what CPython promises at exit (G2, G5,
 * G10, G14), into res. */
void recorder_exit_verdict(struct run_result *res);

/* 1 when the exception set is the one shutdown() raises in the child: the
 * program stopped there, and an interpreter is to end (exits.h). */
int recorder_stopped(void);

/* What the collector was seen doing since the last reset (gc-level
 * feedback, run_features.h): the runner puts gc_event in gc.callbacks. */
const struct run_stats *recorder_stats(void);

/* How many finalizer firings were recorded since the last reset. */
unsigned long recorder_firings(void);

#endif
