/* gcfuzz-bench — how fast the harness runs programs, against the raw cost
 * of compiling and running the very same texts, measured in one process.
 *
 *   harness: decode bytes -> model -> render -> compile -> run -> check -> reset
 *   raw:     compile -> run the already-rendered text in a fresh namespace
 *
 * The raw loop uses the same namespace template and the same native recorder
 * (the texts call it), reset between programs, and nothing else.  Programs come
 * from the same seeded generator as gcfuzz-soak.  It prints both rates and
 * their ratio; it asserts nothing (targets are for people to read). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "decode.h"
#include "exits.h"
#include "inputs.h"
#include "recorder.h"
#include "render.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The default program size: 16 encoded operations, of which about 8 apply.
 * libFuzzer's live corpus after a minute from the seeds has a median input
 * of about 40 bytes, so this is on the large side of what it runs. */
#define GCFUZZ_DEFAULT_INPUT 64

/* One round of the harness over all inputs; returns the failures.  The
 * rounds are functions of their own, so that an instruction count can be
 * limited to each: valgrind --tool=callgrind --toggle-collect=bench_raw_round
 * (bench/instructions.sh). */
__attribute__((noinline)) unsigned long bench_harness_round(uint8_t *const *inputs, const size_t *sizes,
                                                            unsigned long n)
{
    unsigned long failures = 0;
    for (unsigned long i = 0; i < n; i++) {
        struct run_result res;
        runner_run_input(inputs[i], sizes[i], &res);
        failures += result_failed(&res);
    }
    return failures;
}

/* The gc.callbacks entries a program put first (GC_CALLBACK): dropped, so
 * that only the recorder's own, the last, stays, as the harness's reset
 * leaves it.  Kept, they piled up and every later collection called them
 * all: the raw loop ran at a third of its speed. */
static void forget_program_gc_hooks(void)
{
    static PyObject *callbacks;
    if (!callbacks) {
        PyObject *gc = PyImport_ImportModule("gc");
        callbacks = gc ? PyObject_GetAttrString(gc, "callbacks") : NULL;
        Py_XDECREF(gc);
    }
    Py_ssize_t k = callbacks && PyList_Check(callbacks) ? PyList_GET_SIZE(callbacks) : 0;
    if (k > 1 && PyList_SetSlice(callbacks, 0, k - 1, NULL) < 0)
        PyErr_Clear();
}

/* One round of the raw loop over the already-rendered texts. */
__attribute__((noinline)) void bench_raw_round(char *const *texts, const char *freezes, unsigned long n)
{
    static char *raw_buf;
    static size_t raw_cap;
    for (unsigned long i = 0; i < n; i++) {
        /* the harness renders each text into one warm buffer: do the
           same, so both compile from memory the cache holds */
        size_t len = strlen(texts[i]) + 1;
        if (len > raw_cap)
            raw_buf = realloc(raw_buf, raw_cap = len * 2);
        memcpy(raw_buf, texts[i], len);
        recorder_reset();
        PyObject *ns = runner_namespace();
        PyObject *code = Py_CompileString(raw_buf, "<raw>", Py_file_input);
        PyObject *res = code ? PyEval_EvalCode(code, ns, ns) : NULL;
        if (!res)
            PyErr_Clear();
        Py_XDECREF(res);
        Py_XDECREF(code);
        PyDict_Clear(ns); /* drop the namespace as the harness does */
        Py_DECREF(ns);
        forget_program_gc_hooks();
        /* and, as any loop running these programs back to back must,
           undo gc.disable(), set_threshold() and unfreeze() */
        runner_restore_gc_settings(freezes[i]);
    }
}

/* --corpus: every file of a directory, as a campaign's inputs */
struct corpus {
    uint8_t **inputs;
    size_t *sizes;
    unsigned long n, cap;
};

static int add_file(const char *path, void *ctx)
{
    struct corpus *c = ctx;
    struct input_file f;
    if (input_read(path, &f) < 0 || f.is_script) {
        if (f.is_script)
            input_free(&f);
        return 0; /* scripts are not fuzz inputs */
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->inputs = realloc(c->inputs, c->cap * sizeof *c->inputs);
        c->sizes = realloc(c->sizes, c->cap * sizeof *c->sizes);
    }
    c->inputs[c->n] = (uint8_t *)f.data, c->sizes[c->n++] = f.size;
    return 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned long n = 20000, size = GCFUZZ_DEFAULT_INPUT, rounds = 3;
    const char *corpus_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--programs") && i + 1 < argc) n = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc) size = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc) corpus_dir = argv[++i];
        else {
            printf("usage: gcfuzz-bench [--programs N] [--size BYTES] [--rounds R] [--corpus DIR]\n"
                   "Programs/s of the harness and of a raw compile+exec loop over the same\n"
                   "texts (defaults: 20000 programs of %d bytes, best of 3 rounds).\n"
                   "--corpus DIR runs the fuzz inputs in DIR instead (a campaign's corpus).\n",
                   GCFUZZ_DEFAULT_INPUT);
            return strcmp(argv[i], "--help") ? 2 : 0;
        }
    }
    if (runner_init() < 0 || size > 4096)
        return 2;
    exits_enable(EXITS_OFF); /* the default mode's speed: _g.shutdown() does nothing */
    struct corpus c = {0};
    if (corpus_dir) {
        if (input_each(corpus_dir, add_file, &c) <= 0) {
            fprintf(stderr, "gcfuzz-bench: no fuzz inputs in %s\n", corpus_dir);
            return 2;
        }
        n = c.n;
    } else { /* n inputs of `size` pseudo-random bytes */
        c.inputs = calloc(n, sizeof *c.inputs), c.sizes = calloc(n, sizeof *c.sizes), c.n = n;
        uint64_t x = 88172645463325252ull;
        for (unsigned long i = 0; i < n; i++) {
            c.inputs[i] = malloc(size), c.sizes[i] = size;
            for (unsigned long b = 0; b < size; b++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                c.inputs[i][b] = (uint8_t)x;
            }
        }
    }
    char **texts = calloc(n, sizeof *texts);
    char *freezes = calloc(n, 1); /* which programs call gc.freeze() or gc.unfreeze() */
    struct rendered r = {0};
    unsigned long ops = 0, bytes = 0;
    for (unsigned long i = 0; i < n; i++) {
        struct program p;
        program_decode(&p, c.inputs[i], c.sizes[i]);
        bytes += c.sizes[i];
        ops += p.n_ops;
        render_program(&p, RENDER_NATIVE, &r);
        texts[i] = strdup(r.text);
        freezes[i] = (char)program_has(&p, OP_FREEZE);
    }

    double best_harness = 0, best_raw = 0;
    unsigned long failures = 0;
    for (unsigned long round = 0; round < rounds; round++) {
        double t0 = now();
        failures += bench_harness_round(c.inputs, c.sizes, n);
        double t1 = now();
        bench_raw_round(texts, freezes, n);
        double t2 = now();
        double h = n / (t1 - t0), w = n / (t2 - t1);
        if (h > best_harness) best_harness = h;
        if (w > best_raw) best_raw = w;
    }
    printf("programs: %lu of %.0f input bytes on average (%.1f ops each)%s%s, CPython %s\n", n, (double)bytes / n,
           (double)ops / n, corpus_dir ? ", from " : "", corpus_dir ? corpus_dir : "", Py_GetVersion());
    printf("harness: %.0f programs/s\nraw compile+exec: %.0f programs/s\nratio: %.1f%% of raw\n", best_harness,
           best_raw, 100.0 * best_harness / best_raw);
    if (failures)
        printf("warning: %lu failures during the benchmark\n", failures);
    return 0;
}
