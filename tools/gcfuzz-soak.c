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
 * leaks makes them grow with the number of programs. */
#include "decode.h"
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

static int emit_scripts(const char *dir, unsigned long programs, unsigned long size)
{
    static struct rendered r;
    uint8_t data[4096];
    char path[4096];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gcfuzz-soak: cannot create %s: %s\n", dir, strerror(errno));
        return 2;
    }
    for (unsigned long i = 0; i < programs; i++) {
        struct program p;
        for (size_t k = 0; k < size; k++)
            data[k] = (uint8_t)rng_next();
        program_decode(&p, data, size);
        render_program(&p, RENDER_SCRIPT, &r);
        snprintf(path, sizeof path, "%s/soak-%lu.py", dir, i);
        FILE *f = fopen(path, "w");
        if (!f || fputs(r.text, f) < 0 || fclose(f) != 0) {
            fprintf(stderr, "gcfuzz-soak: cannot write %s\n", path);
            return 2;
        }
    }
    printf("soak: wrote %lu scripts to %s\n", programs, dir);
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gcfuzz-soak [--programs N] [--seed S] [--size BYTES] [--out DIR] [--check-leaks]\n"
            "                   [--emit DIR]\n"
            "Run N generated programs (default 100000) of BYTES random input bytes\n"
            "(default 96) in one process; report failures, programs/s and, with\n"
            "--check-leaks, whether the reset between programs leaked.\n"
            "--emit DIR writes the programs as scripts (DIR/soak-N.py) instead of running\n"
            "them, to run under a plain interpreter with their own recorder.\n"
            "Exit status: 0 when nothing failed or leaked, 1 otherwise.\n");
}

/* The worker: programs sh->current .. programs-1, in this process. */
static int run_programs(unsigned long programs, unsigned long size, const char *out, int check_leaks, double start)
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
        for (size_t k = 0; k < size; k++)
            sh->data[k] = (uint8_t)rng_next();
        sh->rng = rng_state;
        program_decode(&p, sh->data, size);
        sh->ops += p.n_ops;
        runner_run_program(&p, &r, &res);
        if (result_failed(&res)) {
            sh->failures++;
            printf("FAIL program %lu: %s\n", i, res.message);
            save_failure(out, sh->data, size, i);
        }
        if (check_leaks && !runner_is_clean() && !result_failed(&res) && sh->unclean++ < 3)
            printf("program %lu left state behind (%ld tracked objects)\n", i, runner_tracked_objects());
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
    const char *out = "soak-failures", *emit = NULL;
    int check_leaks = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--programs") && i + 1 < argc) programs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc) size = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--check-leaks")) check_leaks = 1;
        else if (!strcmp(argv[i], "--emit") && i + 1 < argc) emit = argv[++i];
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
        else { usage(stderr); return 2; }
    }
    if (size > 4096 || programs == 0) {
        fprintf(stderr, "gcfuzz-soak: --size must be at most 4096 and --programs at least 1\n");
        return 2;
    }
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
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
            _exit(run_programs(programs, size, out, check_leaks, start));
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
    if (check_leaks)
        printf("leaks: tracked objects %ld -> %ld, total refcount %ld -> %ld%s, unclean resets %lu\n",
               sh->base_objects, sh->objects, sh->base_refs, sh->refs, sh->refs < 0 ? " (not a debug build)" : "",
               sh->unclean);
    return sh->failures || sh->leaked ? 1 : 0;
}
