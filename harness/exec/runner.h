/* runner.h — the embedded interpreter: started once per process, then one
 * program after another, each in a fresh namespace, with a reset after each
 * that leaves nothing behind for the next.  Engine entry points, replay and
 * reproduction tools all run programs through here and nothing else; what
 * a run came to is a struct run_result (result.h). */
#ifndef GCFUZZ_RUNNER_H
#define GCFUZZ_RUNNER_H

#include <Python.h>

#include "program.h"
#include "render.h"
#include "result.h"

#include <stddef.h>

/* Start the interpreter (once; later calls do nothing).  Returns 0 on success,
 * or prints why to stderr and returns -1. */
int runner_init(void);

/* Whether a THREAD's statement runs on another thread (threads mode) unless
 * GCFUZZ_THREADS says (0 or 1): on in the tools that reproduce, so that a
 * finding shows as found; the fuzzers and the soak call this with 0 before
 * runner_init, since threads cost them about half their programs/s
 * (docs/performance.md, "Threads mode"). */
void runner_threads_default(int on);

/* Run a decoded program.  `r` receives the rendered text (RENDER_NATIVE)
 * and may be reused across calls.  A failure names its object's kind in
 * its message. */
void runner_run_program(const struct program *p, struct rendered *r, struct run_result *res);

/* Run the body of a rendered script (the text after RENDER_BODY_MARK).
 * name is used in messages. */
void runner_run_script(const char *text, size_t len, const char *name, struct run_result *res);

/* Run fuzz input bytes: decode, render, run. */
void runner_run_input(const uint8_t *data, size_t size, struct run_result *res);

/* What every engine entry point does with an input, decoded once into p and
 * its trace t (decode.h: the program features and the renderer read the
 * same pass of the model): run it; on a broken guarantee print one line
 * naming it, then the program as a runnable script, to stderr, and abort
 * so that the engine keeps the input. */
void runner_fuzz_one(const struct program *p, const struct model_trace *t);

/* A fresh copy of the namespace programs run in (a new reference). */
PyObject *runner_namespace(void);

/* The running interpreter as "3.11.2", with "t" for a free-threaded build
 * and "d" for a debug one ("3.13.15t", "3.11.2d"), after runner_init(). */
const char *runner_python_tag(void);

/* The running CPython's named settings (rules.h), after runner_init(). */
struct python_rules;
const struct python_rules *runner_rules(void);

/* The interpreter's total reference count (debug builds), else -1. */
long runner_total_refcount(void);

/* Objects the collector tracks outside the frozen start-up heap. */
long runner_tracked_objects(void);

/* For people: those objects by type, most first ("3 dict, 2 type, ..."). */
void runner_describe_tracked(char *out, size_t size);

/* 1 when the last program left nothing behind: no recorded events, nothing
 * in gc.garbage, the collector enabled, and no objects tracked beyond a
 * couple the interpreter makes lazily (argument tuples and the like). */
#define RUNNER_CLEAN_SLACK 2
int runner_is_clean(void);

/* Collect what a program left, empty gc.garbage, reset the debug flags and
 * the recorder: what the runner does after a failure, so that the next
 * program starts clean. */
void runner_clean_up(void);

/* Collector settings back to the start-up ones: enabled, no debugging flags, default thresholds,
 * and, if the program may have called gc.freeze() or gc.unfreeze(), the
 * start-up heap frozen again. */
void runner_restore_gc_settings(int program_may_freeze);

#endif
