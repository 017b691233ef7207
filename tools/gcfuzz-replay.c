/* gcfuzz-replay — run inputs and rendered scripts through the harness and
 * give a verdict for each; what ctest runs over corpus/ and regressions/.
 *
 * Each path is a file or a directory of files.  A file holding the rendered
 * script mark ("# ---- program ----") runs as a script; anything else is fuzz
 * input bytes.  It prints "# <path>" before each input, then "ok" or one line
 * naming the broken guarantee, and closes with "N passed, N failed".
 *
 * A script with a line "# gcfuzz-open: <why>" records a known interpreter bug:
 * it runs in a child process and passes while it still fails; the day it
 * passes, replay reports it as fixed and fails, so that the file is updated.
 * "# gcfuzz-open: 3.10-3.11: <why>" (or "3.12: <why>") limits the bug to
 * those CPython versions: under any other the script is an ordinary
 * regression and must pass.  An open bug that does not show is tried again
 * in fresh processes (a new address layout each: some bugs show only when
 * two objects land in one cache slot) before it is called fixed.
 *
 * Debugging hints: GCFUZZ_VERBOSE=1 prints each rendered program before it
 * runs; --fork isolates every input so one crash does not stop the run;
 * gcfuzz-repro explains a single input. */
#include "child.h"
#include "inputs.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define OPEN_MARK "\n# gcfuzz-open:"
#define OPEN_TRIES 8 /* processes an open bug is tried in before it counts as fixed */

static struct {
    int expect; /* --expect GN: pass only when guarantee N breaks; 0: not given */
    int fork_each;
    unsigned timeout;
    int verbose;
    int check_leaks; /* --check-leaks: a passing input must leave nothing tracked */
    FILE *results; /* --results FILE: each raw result as a JSON line */
    unsigned passed, failed;
} opt = {.timeout = 30};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gcfuzz-replay [--fork] [--timeout S] [--expect GN] [--results FILE] [--check-leaks] PATH...\n"
            "Run fuzz inputs and rendered gcfuzz scripts (files or directories of files)\n"
            "in the embedded interpreter; print '# PATH' and a verdict for each; exit 1\n"
            "if any failed.\n"
            "  --fork       run each input in a child process (a crash fails that input only)\n"
            "  --timeout S  fail an input that runs longer than S seconds (default 30, 0: none)\n"
            "  --expect GN  invert: pass only inputs that break guarantee GN (oracle self-tests)\n"
            "  --results FILE  also write each input's result, as it came (before --expect or\n"
            "               a gcfuzz-open line turn it round), as one JSON line to FILE ('-':\n"
            "               stdout, and the verdicts go to stderr); what gcfuzz-diff reads\n"
            "  --check-leaks   fail an input that passes but leaves objects tracked by the\n"
            "               collector once the harness has reset (not with --fork)\n"
            "Scripts with a '# gcfuzz-open: ...' line are known interpreter bugs: they\n"
            "pass while they fail, and fail once the interpreter is fixed; with a version\n"
            "range ('# gcfuzz-open: 3.10-3.11: ...') only under those CPython versions.\n"
            "Environment: GCFUZZ_VERBOSE=1 prints each program; GCFUZZ_STRICT=1 checks G4.\n");
}

/* A regression's .bin beside its .py: the script is the case, skip the bytes. */
static int has_script_twin(const char *path)
{
    size_t n = strlen(path);
    char twin[4096];
    if (n < 4 || strcmp(path + n - 4, ".bin") || n >= sizeof twin)
        return 0;
    snprintf(twin, sizeof twin, "%.*s.py", (int)(n - 4), path);
    return access(twin, F_OK) == 0;
}

/* Whether the script's gcfuzz-open line covers the running CPython: no line,
 * no; a line without a version range, every version; "A.B-C.D:" or "A.B:",
 * the versions in that range. */
static int open_here(const char *script)
{
    const char *line = strstr(script, OPEN_MARK);
    if (!line)
        return 0;
    int lo_major, lo_minor, hi_major, hi_minor, used = 0;
    line += strlen(OPEN_MARK);
    int range = sscanf(line, " %d.%d-%d.%d:%n", &lo_major, &lo_minor, &hi_major, &hi_minor, &used) == 4 && used;
    if (!range && sscanf(line, " %d.%d:%n", &lo_major, &lo_minor, &used) == 2 && used) {
        hi_major = lo_major, hi_minor = lo_minor;
        range = 1;
    }
    if (!range)
        return 1;
    int major = 0, minor = 0;
    sscanf(Py_GetVersion(), "%d.%d", &major, &minor);
    int v = major * 100 + minor;
    return lo_major * 100 + lo_minor <= v && v <= hi_major * 100 + hi_minor;
}

/* The attempt (2..OPEN_TRIES) at which the open bug in the script at path
 * still failed as recorded in a fresh gcfuzz-replay process, or 0: a bug
 * whose showing depends on where objects land (the type attribute cache's
 * slot is picked by an interned name's address) may miss one process's
 * layout.  Address-space randomisation does not move an object within its
 * pool, so each try also gets a hash seed of its own (PYTHONHASHSEED):
 * other dict orders, other allocations, another layout. */
static int fails_in_fresh_process(const char *path)
{
    if (getenv("GCFUZZ_OPEN_RETRY"))
        return 0; /* a retry itself */
    for (int t = 2; t <= OPEN_TRIES; t++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, STDOUT_FILENO);
            char seed[16];
            snprintf(seed, sizeof seed, "%d", 7919 * t);
            setenv("GCFUZZ_OPEN_RETRY", "1", 1);
            setenv("PYTHONHASHSEED", seed, 1);
            execl("/proc/self/exe", "gcfuzz-replay", path, (char *)NULL);
            _exit(127);
        }
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) < 0)
            return 0;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            return t; /* its verdict there: "open: still fails as recorded" */
    }
    return 0;
}

/* --check-leaks: after a passing input the reset must leave the collector
 * as it found it; otherwise say what stayed, and collect it so that the
 * next input starts clean. */
static int reset_was_clean(void)
{
    if (runner_is_clean())
        return 1;
    char what[300];
    runner_describe_tracked(what, sizeof what);
    printf("FAIL the reset left state behind (%ld tracked objects: %s)\n", runner_tracked_objects(), what);
    runner_clean_up();
    return 0;
}

static int replay_one(const char *path, void *ctx)
{
    struct input_file f;
    struct run_result res;
    if (ctx && has_script_twin(path))
        return 0; /* walking a directory: the .py beside it is replayed */
    printf("# %s\n", path);
    fflush(stdout);
    if (input_read(path, &f) < 0) {
        printf("FAIL ERROR cannot read %s\n", path);
        if (opt.results) {
            result_fail(&res, OUTCOME_ERROR, 0, "ERROR cannot read %s", path);
            result_write_json(opt.results, path, runner_python_tag(), &res);
        }
        opt.failed++;
        return 1;
    }
    int open_bug = f.is_script && open_here(f.data);
    if (opt.verbose && f.is_script)
        fputs(f.data, stdout);
    if (open_bug || opt.fork_each) {
        child_run_forked(&f, path, opt.timeout, &res);
    } else {
        child_guard_current(path, opt.timeout);
        child_run_here(&f, path, &res);
        child_guard_current("(between inputs)", 0);
    }
    input_free(&f);
    if (opt.results)
        result_write_json(opt.results, path, runner_python_tag(), &res);
    int bad;
    if (opt.expect) {
        bad = !result_failed(&res) || res.guarantee != opt.expect;
        if (bad)
            printf("FAIL expected G%d to break, got: %s\n", opt.expect, result_failed(&res) ? res.message : "pass");
        else
            printf("ok: %s\n", res.message);
    } else if (open_bug) {
        int retried = result_failed(&res) ? 0 : fails_in_fresh_process(path);
        bad = !result_failed(&res) && !retried;
        if (result_failed(&res))
            printf("open: still fails as recorded: %s\n", res.message);
        else if (retried)
            printf("open: still fails as recorded, in a fresh process (try %d of %d; not in this one)\n", retried,
                   OPEN_TRIES);
        else if (getenv("GCFUZZ_OPEN_RETRY"))
            printf("FIXED here (a retry)\n");
        else
            printf("FIXED: this known bug no longer reproduces in %d processes; drop its gcfuzz-open line\n",
                   OPEN_TRIES);
    } else {
        bad = result_failed(&res) || (opt.check_leaks && !reset_was_clean());
        if (result_failed(&res))
            printf("FAIL %s\n", res.message);
        else if (!bad)
            printf("ok\n");
    }
    bad ? opt.failed++ : opt.passed++;
    return bad;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    int first = 1;
    opt.verbose = getenv("GCFUZZ_VERBOSE") && strcmp(getenv("GCFUZZ_VERBOSE"), "0");
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--help") || !strcmp(argv[first], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[first], "--fork")) {
            opt.fork_each = 1;
        } else if (!strcmp(argv[first], "--expect") && first + 1 < argc) {
            const char *g = argv[++first];
            opt.expect = g[0] == 'G' ? atoi(g + 1) : 0;
            if (opt.expect < 1 || opt.expect > GCFUZZ_GUARANTEES) {
                fprintf(stderr, "gcfuzz-replay: --expect takes a guarantee, G1 to G%d, not %s\n", GCFUZZ_GUARANTEES, g);
                return 2;
            }
        } else if (!strcmp(argv[first], "--results") && first + 1 < argc) {
            const char *file = argv[++first];
            if (!strcmp(file, "-")) {
                opt.results = fdopen(dup(STDOUT_FILENO), "w");
                dup2(STDERR_FILENO, STDOUT_FILENO);
            } else if (!(opt.results = fopen(file, "w"))) {
                fprintf(stderr, "gcfuzz-replay: cannot write %s\n", file);
                return 2;
            }
        } else if (!strcmp(argv[first], "--check-leaks")) {
            opt.check_leaks = 1;
        } else if (!strcmp(argv[first], "--timeout") && first + 1 < argc) {
            opt.timeout = (unsigned)strtoul(argv[++first], NULL, 10);
        } else if (!strcmp(argv[first], "--")) {
            first++;
            break;
        } else {
            fprintf(stderr, "gcfuzz-replay: unknown option %s\n", argv[first]);
            usage(stderr);
            return 2;
        }
    }
    if (opt.check_leaks && (opt.fork_each || opt.expect)) {
        fprintf(stderr, "gcfuzz-replay: --check-leaks checks this process's reset: not with --fork or --expect\n");
        return 2;
    }
    if (first >= argc) {
        usage(stderr);
        return 2;
    }
    if (runner_init() < 0)
        return 2;
    child_guard_install();
    int unreadable = 0;
    for (int i = first; i < argc; i++)
        if (input_each(argv[i], replay_one, is_directory(argv[i]) ? (void *)1 : NULL) < 0) {
            printf("# %s\nFAIL ERROR cannot read it\n", argv[i]);
            opt.failed++, unreadable++;
        }
    printf("%u passed, %u failed\n", opt.passed, opt.failed);
    return opt.failed ? 1 : 0;
}
