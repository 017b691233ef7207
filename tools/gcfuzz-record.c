/* gcfuzz-record — turn what a fuzzing engine left behind into regressions:
 * for each artifact (libFuzzer crash-*, AFL++ crashes/id:*, or any failing
 * input file), check that it fails here, reduce it, and write
 * regressions/<origin>-<hash>.py and .bin, unless a regression with the same
 * failure signature is already there, and beside them the failure as a
 * plain script for a bug report, <origin>-<hash>.plain.py (plain.h).
 *
 * The .py's first line gives the reason; its last lines record the failure
 * signature ("# gcfuzz-signature: G1 instance+del"), which is what duplicates
 * are recognised by, and where it came from; --known DIR adds directories
 * whose regressions count as already recorded (the nightly campaign records
 * into its own directory, deduplicated against regressions/).  Nothing in
 * the regressions directory is ever overwritten.  A recorded regression is
 * then replayed in fresh processes (gcfuzz-replay --fork, beside this
 * tool), and how many of them fail is appended ("# gcfuzz-fails: 5 of 5
 * fresh processes ..."): a failure that depends on the address layout or on
 * timing says so.  Exit status: 0 when every artifact was
 * recorded or was a duplicate, 1 when one did not fail here or could not be
 * read, 2 on bad usage. */
#include "decode.h"
#include "inputs.h"
#include "plain.h"
#include "reduce.h"
#include "render.h"
#include "runner.h"

#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIGNATURE_MARK "# gcfuzz-signature: "

#define MAX_KNOWN 8
#define FRESH_RUNS 5 /* fresh processes a recorded regression is replayed in */

extern char **environ;

static struct {
    const char *dir, *origin;
    const char *known[MAX_KNOWN]; /* more directories searched for duplicates */
    int n_known;
    int reduce;
    unsigned timeout;
} opt = {.dir = "regressions", .reduce = 1, .timeout = 30};

static void usage(FILE *out)
{
    fprintf(out, "usage: gcfuzz-record [--dir DIR] [--known DIR]... [--origin NAME] [--no-reduce] ARTIFACT...\n"
                 "Reduce each failing engine artifact and write it as DIR/<origin>-<hash>.py (+ .bin,\n"
                 "and the failure as a plain script for a bug report: .plain.py),\n"
                 "skipping failures whose signature DIR (or a --known DIR) already holds.\n"
                 "Default DIR: regressions.\n"
                 "Origin: libfuzzer for crash-*/leak-*/timeout-*, afl for AFL++'s id:* files,\n"
                 "else 'input' (or --origin NAME).\n");
}

static const char *origin_of(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (opt.origin)
        return opt.origin;
    if (!strncmp(base, "crash-", 6) || !strncmp(base, "leak-", 5) || !strncmp(base, "timeout-", 8) ||
        !strncmp(base, "oom-", 4))
        return "libfuzzer";
    if (!strncmp(base, "id:", 3) || !strncmp(base, "id_", 3))
        return "afl";
    return "input";
}

/* The regression in dir whose signature is sig, or 0. */
struct dup_search { const char *sig; char found[4096]; };

static int has_signature(const char *path, void *ctx)
{
    struct dup_search *d = ctx;
    size_t n = strlen(path);
    struct input_file f;
    if (n < 3 || strcmp(path + n - 3, ".py") || input_read(path, &f) < 0)
        return 0;
    char line[128];
    snprintf(line, sizeof line, "\n" SIGNATURE_MARK "%s\n", d->sig);
    if (strstr(f.data, line) && !d->found[0])
        snprintf(d->found, sizeof d->found, "%s", path);
    input_free(&f);
    return 0;
}

/* Create path exclusively: never overwrite. */
static int write_new(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fprintf(stderr, "gcfuzz-record: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    ssize_t w = write(fd, data, size);
    if (close(fd) != 0 || w != (ssize_t)size) {
        fprintf(stderr, "gcfuzz-record: cannot write %s\n", path);
        unlink(path);
        return -1;
    }
    return 0;
}

/* Beside the regression, the failure as a plain script for a bug report
 * (plain.h): <name>.plain.py, when plain.c writes that failure. */
static void write_plain(const struct program *p, const struct run_result *res, const char *name)
{
    static struct rendered plain;
    char why[768], path[4096];
    if (!plain_write(p, res, &plain, why, sizeof why)) {
        printf("plain reproducer: not written: %s\n", why);
        return;
    }
    snprintf(path, sizeof path, "%s/%s.plain.py", opt.dir, name);
    if (write_new(path, plain.text, plain.len) == 0)
        printf("plain reproducer: %s\n", path);
}

/* How many of FRESH_RUNS fresh processes of gcfuzz-replay --fork fail on
 * the regression at `script` (its output goes nowhere), or -1 when the
 * replay tool beside this one cannot be run. */
static int fresh_failures(const char *script)
{
    char self[4096], replay[4200];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return -1;
    self[n] = '\0';
    snprintf(replay, sizeof replay, "%s/gcfuzz-replay", dirname(self));
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    int failed = 0;
    for (int run = 0; run < FRESH_RUNS && failed >= 0; run++) {
        char *args[] = {replay, "--fork", (char *)script, NULL};
        pid_t pid;
        int status;
        if (posix_spawn(&pid, replay, &quiet, NULL, args, environ) != 0 || waitpid(pid, &status, 0) != pid)
            failed = -1;
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
            failed = -1; /* replay's bad usage or unreadable script */
        else
            failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    posix_spawn_file_actions_destroy(&quiet);
    return failed;
}

/* Append how often it fails in fresh processes (appending keeps every line
 * number the expectations name). */
static void note_failure_rate(const char *script)
{
    int failed = fresh_failures(script);
    FILE *f = failed >= 0 ? fopen(script, "a") : NULL;
    if (!f) {
        printf("failure rate: not measured (no gcfuzz-replay beside gcfuzz-record, or %s not writable)\n", script);
        return;
    }
    fprintf(f, "# gcfuzz-fails: %d of %d fresh processes (gcfuzz-replay --fork) when recorded\n", failed, FRESH_RUNS);
    fclose(f);
    printf("failure rate: %d of %d fresh processes%s\n", failed, FRESH_RUNS,
           failed < FRESH_RUNS ? " (it depends on the address layout or on timing)" : "");
}

static int record_one(const char *artifact, void *ctx)
{
    struct input_file f;
    printf("# %s\n", artifact);
    if (input_read(artifact, &f) < 0)
        return 1;
    if (f.is_script) {
        printf("not recorded: %s is already a rendered script; record the input bytes it came from\n", artifact);
        input_free(&f);
        return 1;
    }
    if (f.size < GCFUZZ_OP_BYTES) {
        printf("not recorded: %s is empty or truncated (%zu bytes: not one whole operation)\n", artifact, f.size);
        input_free(&f);
        return 1;
    }
    static uint8_t data[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    struct program p;
    program_decode(&p, (const uint8_t *)f.data, f.size);
    size_t size = program_encode(&p, data);
    input_free(&f);
    struct run_result res;
    struct signature sig;
    if (!reduce_classify(data, size, opt.timeout, &res, &sig)) {
        printf("not recorded: it does not fail here (with CPython %.20s); wrong libpython?\n", Py_GetVersion());
        return 1;
    }
    struct dup_search dup = {.sig = sig.text};
    input_each(opt.dir, has_signature, &dup);
    for (int k = 0; k < opt.n_known && !dup.found[0]; k++)
        input_each(opt.known[k], has_signature, &dup);
    if (dup.found[0]) {
        printf("duplicate: %s already records [%s]\n", dup.found, sig.text);
        return 0;
    }
    if (opt.reduce)
        size = reduce_input(data, size, &sig, opt.timeout, NULL);
    reduce_classify(data, size, opt.timeout, &res, &sig);

    char hash[17], name[256], path[4096];
    static struct rendered script;
    program_decode(&p, data, size);
    program_hash(&p, hash);
    snprintf(name, sizeof name, "%s-%.8s", origin_of(artifact), hash);
    /* a regression runs under every CPython of the matrix: its checks are
       the ones that hold on all of them */
    struct model_rules running = *model_get_rules();
    model_set_rules(&model_rules_portable);
    render_program(&p, RENDER_SCRIPT, &script);
    model_set_rules(&running);
    /* first line: the reason; last lines: signature and origin (appending
       keeps every line number the expectations name) */
    const char *rest = strchr(script.text, '\n');
    size_t cap = script.len + 4096;
    char *text = malloc(cap);
    char version[128];
    snprintf(version, sizeof version, "%s", Py_GetVersion());
    for (char *c = version; *c; c++)
        if (*c == '\n')
            *c = ' '; /* "3.11.2 (main, ...) \n[GCC 12.2.0]" must stay one comment line */
    snprintf(text, cap, "# gcfuzz regression %s: %s%s" SIGNATURE_MARK "%s\n# recorded from %s with CPython %s\n",
             name, res.message, rest, sig.text, artifact, version);
    snprintf(path, sizeof path, "%s/%s.bin", opt.dir, name);
    int failed = write_new(path, data, size) < 0;
    snprintf(path, sizeof path, "%s/%s.py", opt.dir, name);
    failed = failed || write_new(path, text, strlen(text)) < 0;
    free(text);
    if (failed)
        return 1;
    printf("recorded: %s (%zu operations) [%s]: %s\n", path, p.n_ops, sig.text, res.message);
    note_failure_rate(path);
    write_plain(&p, &res, name);
    return 0;
}

int main(int argc, char **argv)
{
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--dir") && first + 1 < argc) opt.dir = argv[++first];
        else if (!strcmp(argv[first], "--origin") && first + 1 < argc) opt.origin = argv[++first];
        else if (!strcmp(argv[first], "--known") && first + 1 < argc && opt.n_known < MAX_KNOWN)
            opt.known[opt.n_known++] = argv[++first];
        else if (!strcmp(argv[first], "--no-reduce")) opt.reduce = 0;
        else if (!strcmp(argv[first], "--timeout") && first + 1 < argc) opt.timeout = (unsigned)strtoul(argv[++first], NULL, 10);
        else if (!strcmp(argv[first], "--help") || !strcmp(argv[first], "-h")) { usage(stdout); return 0; }
        else { usage(stderr); return 2; }
    }
    if (first >= argc) {
        usage(stderr);
        return 2;
    }
    struct stat st;
    if (stat(opt.dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "gcfuzz-record: %s is not a directory\n", opt.dir);
        return 2;
    }
    if (runner_init() < 0)
        return 2;
    int bad = 0;
    for (int i = first; i < argc; i++)
        bad |= input_each(argv[i], record_one, NULL) != 0;
    return bad ? 1 : 0;
}
