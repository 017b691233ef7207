/* runner.h — the embedded interpreter: started once per process, then one
 * program after another, each in a fresh namespace, with a reset after each
 * that leaves nothing behind for the next.  Engine entry points, replay and
 * reproduction tools all run programs through here and nothing else. */
#ifndef GCFUZZ_RUNNER_H
#define GCFUZZ_RUNNER_H

#include "program.h"
#include "render.h"

#include <stddef.h>

struct run_result {
    int failed;          /* 1: a guarantee broke (or the program could not run) */
    char guarantee[8];   /* "G1".."G12", or "ERROR" for a program that cannot compile */
    char message[640];   /* one line: the guarantee, the object, the line */
};

/* Start the interpreter (once; later calls do nothing).  Returns 0 on success,
 * or prints why to stderr and returns -1. */
int runner_init(void);

/* Decode-free entry: run a decoded program.  `r` receives the rendered text
 * (RENDER_NATIVE) and may be reused across calls. */
void runner_run_program(const struct program *p, struct rendered *r, struct run_result *res);

/* Run the body of a rendered script (the text after RENDER_BODY_MARK).
 * name is used in messages. */
void runner_run_script(const char *text, size_t len, const char *name, struct run_result *res);

/* What every engine entry point does with an input: run it; on a broken
 * guarantee print one line naming it, then the program as a runnable
 * script, to stderr, and abort so that the engine keeps the input. */
void runner_fuzz_one(const uint8_t *data, size_t size);

/* Run fuzz input bytes: decode, render, run. */
void runner_run_input(const uint8_t *data, size_t size, struct run_result *res);

/* The interpreter's total reference count (debug builds), else -1. */
long runner_total_refcount(void);

/* Objects the collector tracks outside the frozen start-up heap. */
long runner_tracked_objects(void);

/* 1 when the last program left nothing behind: no recorded events, nothing
 * in gc.garbage, the collector enabled, and no objects tracked beyond a
 * couple the interpreter makes lazily (argument tuples and the like). */
#define RUNNER_CLEAN_SLACK 2
int runner_is_clean(void);

/* The first object a failure message names ("... o4 ..."), or -1. */
int runner_failure_object(const char *message);

/* Describe object `obj` of a program, e.g. "instance of C2 (__del__ from C0)". */
void runner_describe_object(const struct program *p, int obj, char *out, size_t size);

/* Collector settings back to the start-up ones: enabled, default thresholds,
 * and, if the program may have called gc.freeze() or gc.unfreeze(), the
 * start-up heap frozen again. */
void runner_restore_gc_settings(int program_may_freeze);

/* 1 if the program calls gc.freeze() or gc.unfreeze(). */
int runner_program_freezes(const struct program *p);

#endif
