/* gcfuzz-soak — run many generated programs in one process and count
 * failures: the false-positive check against a correct interpreter, and the
 * check that the reset between programs leaves nothing behind.
 *
 * Programs come from a seeded PRNG (the same --seed gives the same programs).
 * A failing input is written to --out (default soak-failures/) before going
 * on, so nothing is lost; programs run in a worker process, and when the
 * interpreter crashes, its input is saved too and a new worker goes on with
 * the next program.  With --check-leaks it also compares, between the
 * end of the warm-up and the end of the run, the number of objects the
 * collector tracks and (debug builds) the total reference count: a reset that
 * leaks makes them grow with the number of programs.
 *
 * --mutate DIR draws programs the way the coverage-guided fuzzers do, with
 * no engine: it starts from the inputs in DIR (the seed corpus), mutates
 * and crosses them over with gcfuzz's structure-aware mutator, and keeps
 * in its pool every input that reaches a program feature (gen/
 * program_features.h) no earlier one did.  Random programs rarely combine
 * rare constructs; this mode does, which is where a model's false
 * positives hide. */
#include "exits.h" /* first: Python.h before any system header */
#include "decode.h"
#include "inputs.h"
#include "mutate.h"
#include "program_features.h"
#include "render.h"
#include "runner.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <Python.h>

#define LEAK_SLACK 50
#define POOL_MAX 8192      /* inputs the mutation mode keeps */
#define POOL_INPUT 256     /* bytes of each (the fuzzers' -max_len is 192) */

/* What the worker process shares with its supervisor: where it is, what it
 * counted, and the input it is running, so that a crash costs one program,
 * not the run, and the crashing input is saved. */
struct shared {
    unsigned long current, failures, crashes, ops, unclean;
    uint64_t rng;           /* the generator's state after `current`'s input */
    size_t size;
    uint8_t data[4096];
    int leaked, finished;
    long base_objects, base_refs, objects, refs;
    /* --mutate: the pool, and the features its inputs reached */
    unsigned pool_n;
    uint16_t pool_size[POOL_MAX];
    uint8_t pool[POOL_MAX][POOL_INPUT];
    uint8_t seen[GCFUZZ_FEATURES / 8 + 1];
};
static struct shared *sh;

static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t x = rng_state; /* xorshift64* */
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    rng_state = x;
    return x * 2685821657736338717ull;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void save_failure(const char *dir, const uint8_t *data, size_t size, unsigned long index)
{
    char path[4096];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gcfuzz-soak: cannot create %s: %s\n", dir, strerror(errno));
        return;
    }
    snprintf(path, sizeof path, "%s/soak-%lu.bin", dir, index);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        fprintf(stderr, "gcfuzz-soak: cannot write %s\n", path);
    else
        printf("  input saved as %s\n", path);
}

static int add_to_pool(const char *path, void *ctx)
{
    struct input_file f;
    if (input_read(path, &f) < 0 || f.is_script) {
        input_free(&f);
        return 0;
    }
    if (sh->pool_n < POOL_MAX) {
        size_t n = f.size < POOL_INPUT ? f.size : POOL_INPUT;
        unsigned k = sh->pool_n++;
        memcpy(sh->pool[k], f.data, n);
        sh->pool_size[k] = (uint16_t)gcfuzz_canonical(sh->pool[k], n, POOL_INPUT);
    }
    input_free(&f);
    return 0;
}

/* The next input of the mutation mode: a pool input, mutated or crossed
 * over with another. */
static size_t next_mutant(uint8_t *data)
{
    unsigned a = (unsigned)(rng_next() % sh->pool_n), b = (unsigned)(rng_next() % sh->pool_n);
    unsigned seed = (unsigned)rng_next();
    if (seed % 8 == 0)
        return gcfuzz_crossover(sh->pool[a], sh->pool_size[a], sh->pool[b], sh->pool_size[b], data, POOL_INPUT, seed);
    memcpy(data, sh->pool[a], sh->pool_size[a]);
    return gcfuzz_mutate(data, sh->pool_size[a], POOL_INPUT, seed);
}

/* Keep an input that reached a feature no pooled one did. */
static void keep_if_new(const struct program *p, const uint8_t *data, size_t size)
{
    static uint16_t ids[GCFUZZ_FEATURES];
    unsigned n = program_features(p, ids, GCFUZZ_FEATURES), fresh = 0;
    for (unsigned i = 0; i < n; i++)
        if (!(sh->seen[ids[i] / 8] & (1u << (ids[i] % 8)))) {
            sh->seen[ids[i] / 8] |= (uint8_t)(1u << (ids[i] % 8));
            fresh = 1;
        }
    if (fresh && sh->pool_n < POOL_MAX) {
        memcpy(sh->pool[sh->pool_n], data, size);
        sh->pool_size[sh->pool_n++] = (uint16_t)size;
    }
}

/* dir/name holding text, or a message and -1 */
static int emit_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "gcfuzz-soak: cannot write %s: %s\n", path, strerror(errno));
    return ok ? 0 : -1;
}

/* The scripts, and the recorder they import beside them (python puts a
 * script's own directory on its path), made with the model's rules for the
 * CPython this soak embeds (rules.h): what that CPython does differently,
 * or what the model does not follow there (threads on a free-threaded
 * build), is in them as in the soak's own programs. */
static int emit_scripts(const char *dir, unsigned long programs, unsigned long size)
{
    static struct rendered r;
    uint8_t data[4096];
    char name[64];
    if (runner_init() < 0)
        return 2;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gcfuzz-soak: cannot create %s: %s\n", dir, strerror(errno));
        return 2;
    }
    if (emit_file(dir, "gcfuzz_recorder.py", render_recorder_module()) < 0)
        return 2;
    for (unsigned long i = 0; i < programs; i++) {
        struct program p;
        for (size_t k = 0; k < size; k++)
            data[k] = (uint8_t)rng_next();
        program_decode(&p, data, size);
        render_program(&p, RENDER_SCRIPT, &r);
        snprintf(name, sizeof name, "soak-%lu.py", i);
        if (emit_file(dir, name, r.text) < 0)
            return 2;
    }
    printf("soak: wrote %lu scripts and the recorder they import to %s\n", programs, dir);
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gcfuzz-soak [--programs N] [--seed S] [--size BYTES] [--out DIR] [--check-leaks]\n"
            "                   [--emit DIR] [--mutate CORPUS] [--shutdown] [--threads]\n"
            "Run N generated programs (default 100000) of BYTES random input bytes\n"
            "(default 96) in one process; report failures, programs/s and, with\n"
            "--check-leaks, whether the reset between programs leaked.\n"
            "--emit DIR writes the programs as scripts (DIR/soak-N.py) instead of running\n"
            "them, to run under a plain interpreter with the pure-Python recorder, which it\n"
            "writes beside them (DIR/gcfuzz_recorder.py).\n"
            "--mutate CORPUS draws programs as the fuzzers do: mutations and crossovers of\n"
            "the inputs in CORPUS, keeping those that reach new program features.\n"
            "--shutdown ends the interpreter, in a child, at each program's _g.shutdown()\n"
            "(docs/oracle.md, G14); without it (or GCFUZZ_SHUTDOWN=1) that does nothing.\n"
            "--threads runs each THREAD's statement on another thread (or GCFUZZ_THREADS=1);\n"
            "without it the statement runs in place: the same program and checks, faster.\n"
            "Exit status: 0 when nothing failed or leaked, 1 otherwise.\n");
}

/* The worker: programs sh->current .. programs-1, in this process. */
static int run_programs(unsigned long programs, unsigned long size, const char *out, int check_leaks, double start,
                        int mutate)
{
    static struct rendered r;
    if (runner_init() < 0)
        return 2;
    rng_state = sh->rng;
    unsigned long first = sh->current, warmup = first + (programs - first) / 10;
    double last_report = now();
    sh->base_objects = sh->base_refs = -1;
    for (unsigned long i = first; i < programs; i++) {
        struct program p;
        struct run_result res;
        sh->current = i;
        if (mutate) {
            sh->size = next_mutant(sh->data);
        } else {
            for (size_t k = 0; k < size; k++)
                sh->data[k] = (uint8_t)rng_next();
            sh->size = size;
        }
        sh->rng = rng_state;
        program_decode(&p, sh->data, sh->size);
        if (mutate)
            keep_if_new(&p, sh->data, sh->size);
        sh->ops += p.n_ops;
        runner_run_program(&p, &r, &res);
        if (result_failed(&res)) {
            sh->failures++;
            printf("FAIL program %lu: %s\n", i, res.message);
            save_failure(out, sh->data, sh->size, i);
        }
        if (check_leaks && !runner_is_clean() && !result_failed(&res) && sh->unclean++ < 3) {
            char what[300];
            runner_describe_tracked(what, sizeof what);
            printf("program %lu left state behind (%ld tracked objects: %s)\n", i, runner_tracked_objects(), what);
            save_failure(out, sh->data, sh->size, i);
        }
        if (check_leaks && i + 1 == warmup) {
            sh->base_objects = runner_tracked_objects();
            sh->base_refs = runner_total_refcount();
        }
        if (now() - last_report >= 10) {
            last_report = now();
            printf("... %lu programs, %lu failed, %.0f programs/s\n", i + 1, sh->failures,
                   (i + 1) / (last_report - start));
            fflush(stdout);
        }
    }
    if (check_leaks) {
        sh->objects = runner_tracked_objects(), sh->refs = runner_total_refcount();
        /* A leaking reset leaves at least one object or reference per program
           behind: thousands by the end.  The slack absorbs the measurement's
           own objects and interpreter caches that fill once. */
        sh->leaked = sh->objects - sh->base_objects > LEAK_SLACK || sh->refs - sh->base_refs > LEAK_SLACK ||
                     sh->unclean;
    }
    fflush(stdout);
    sh->finished = 1;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long programs = 100000, seed = 1, size = 96;
    const char *out = "soak-failures", *emit = NULL, *mutate = NULL;
    int check_leaks = 0, shutdown = 0, threads_set = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--programs") && i + 1 < argc) programs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc) size = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--check-leaks")) check_leaks = 1;
        else if (!strcmp(argv[i], "--shutdown")) shutdown = 1;
        else if (!strcmp(argv[i], "--threads")) threads_set = 1;
        else if (!strcmp(argv[i], "--emit") && i + 1 < argc) emit = argv[++i];
        else if (!strcmp(argv[i], "--mutate") && i + 1 < argc) mutate = argv[++i];
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
        else { usage(stderr); return 2; }
    }
    if (size > 4096 || programs == 0) {
        fprintf(stderr, "gcfuzz-soak: --size must be at most 4096 and --programs at least 1\n");
        return 2;
    }
    if (!threads_set)
        runner_threads_default(0); /* threads mode: --threads, GCFUZZ_THREADS=1 */
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    exits_enable(shutdown || exits_asked(0) ? EXITS_QUIET : EXITS_OFF);
    if (emit)
        return emit_scripts(emit, programs, size);
    if (mkdir(out, 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "gcfuzz-soak: cannot create %s: %s\n", out, strerror(errno));
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("gcfuzz-soak: mmap");
        return 2;
    }
    memset(sh, 0, sizeof *sh);
    sh->rng = rng_state, sh->size = size;
    if (mutate && (input_each(mutate, add_to_pool, NULL) < 0 || !sh->pool_n)) {
        fprintf(stderr, "gcfuzz-soak: no inputs in %s to mutate\n", mutate);
        return 2;
    }
    double start = now();
    /* Supervise: a worker runs programs from sh->current on; if the
       interpreter crashes, the input is saved and a new worker goes on. */
    while (!sh->finished) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            perror("gcfuzz-soak: fork");
            return 2;
        }
        if (pid == 0)
            _exit(run_programs(programs, size, out, check_leaks, start, mutate != NULL));
        int status = 0;
        waitpid(pid, &status, 0);
        if (sh->finished)
            break;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
            return 2;
        sh->crashes++, sh->failures++;
        printf("CRASH program %lu: G12 the interpreter died: %s\n", sh->current,
               WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exited");
        save_failure(out, sh->data, sh->size, sh->current);
        sh->current++; /* sh->rng is already past the crashing input */
    }
    double secs = now() - start;
    printf("soak: %lu programs (%.1f ops each), %lu failed (%lu crashes), %.1f s, %.0f programs/s, CPython %s\n",
           programs, (double)sh->ops / programs, sh->failures, sh->crashes, secs, programs / secs, Py_GetVersion());
    if (mutate)
        printf("mutate: %u inputs in the pool\n", sh->pool_n);
    if (check_leaks)
        printf("leaks: tracked objects %ld -> %ld, total refcount %ld -> %ld%s, unclean resets %lu\n",
               sh->base_objects, sh->objects, sh->base_refs, sh->refs, sh->refs < 0 ? " (not a debug build)" : "",
               sh->unclean);
    return sh->failures || sh->leaked ? 1 : 0;
}
