/* gcfuzz-repro — reproduce one input: an engine artifact (crash-*, raw bytes)
 * or a rendered script (a regressions/ .py file).
 *
 * It prints the program as a runnable script, runs it in a child process of
 * the harness (so a crash is reported, not inherited) and ends with one line:
 * "PASS", or "FAIL" and the broken guarantee, the object and the line.  With
 * --python it also runs the script under a plain interpreter, which uses the
 * pure-Python recorder (written beside it): the way to confirm a bug without
 * gcfuzz.  --standalone prints the script with that recorder pasted in;
 * --plain, after the run, the failure as a plain script for a bug report
 * (plain.h).
 *
 * Exit status: 0 pass, 1 fail, 2 usage or unreadable input. */
#include "child.h"
#include "decode.h"
#include "dot.h"
#include "inputs.h"
#include "plain.h"
#include "render.h"
#include "rules.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gcfuzz-repro [options] INPUT | --rules\n"
            "Print INPUT (fuzz bytes or a rendered .py) as a script, run it in a child\n"
            "process of the harness, and say in one line which guarantee broke.\n"
            "  --quiet          do not print the program\n"
            "  --no-run         only print the program\n"
            "  -o FILE          also write the script to FILE\n"
            "  --plain          after the run, print (and with -o write, with --python run) the\n"
            "                   failure as a plain Python script for a bug report: the program\n"
            "                   as ordinary Python and the failed check as asserts in words\n"
            "                   (a .py input needs its .bin beside it)\n"
            "  --reduce         with --plain and --python BAD: remove statements and blocks from\n"
            "                   the plain script while it fails the same way under BAD (the same\n"
            "                   assert message, or the same signal) and passes under --good\n"
            "  --good PYTHON    a python without the bug: --reduce keeps the script passing there\n"
            "                   (needed unless the failure is a crash; run without LD_LIBRARY_PATH)\n"
            "  --standalone     the script with its pure-Python recorder pasted in, to run\n"
            "                   under any python3 without gcfuzz (else it imports the module\n"
            "                   gcfuzz_recorder: PYTHONPATH=BUILD/python python3 FILE)\n"
            "  --python PATH    also run the script with the interpreter PATH\n"
            "  --dot FILE       draw the object graph at the failing checkpoint, the offending\n"
            "                   object in red: FILE.dot, or .svg/.png rendered by Graphviz's dot\n"
            "                   (a .py input needs its .bin beside it)\n"
            "  --timeout S      give up on a run after S seconds (default 60)\n"
            "  --rules          only print the settings the oracle takes from this CPython's\n"
            "                   version and build flags, and exit\n"
            "Environment: GCFUZZ_STRICT=1 also checks prompt finalization (G4).\n");
}

/* The program to draw or write plain: the input's bytes, or a script's .bin beside it. */
static int program_for_picture(const char *input, const struct input_file *f, struct program *p)
{
    if (!f->is_script) {
        program_decode(p, (const uint8_t *)f->data, f->size);
        return 0;
    }
    char bin[4096];
    snprintf(bin, sizeof bin, "%.*s.bin", (int)(strlen(input) > 3 ? strlen(input) - 3 : strlen(input)), input);
    struct input_file b;
    if (input_read(bin, &b) < 0) {
        fprintf(stderr, "gcfuzz-repro: --dot on a script needs its input bytes beside it (%s)\n", bin);
        return -1;
    }
    program_decode(p, (const uint8_t *)b.data, b.size);
    input_free(&b);
    return 0;
}

/* Write the picture as DOT, then let Graphviz render .svg/.png. */
static int draw(const char *input, const struct input_file *f, const struct run_result *res, const char *path)
{
    struct program p;
    if (program_for_picture(input, f, &p) < 0)
        return -1;
    const char *ext = strrchr(path, '.');
    int render = ext && (!strcmp(ext, ".svg") || !strcmp(ext, ".png"));
    char dot_path[4096];
    snprintf(dot_path, sizeof dot_path, "%.*s.dot", (int)(render ? (size_t)(ext - path) : strlen(path)), path);
    if (!render && ext && !strcmp(ext, ".dot"))
        snprintf(dot_path, sizeof dot_path, "%s", path);
    FILE *out = fopen(dot_path, "w");
    if (!out || dot_write(&p, res, out) < 0 || fclose(out) != 0) {
        fprintf(stderr, "gcfuzz-repro: cannot write %s\n", dot_path);
        return -1;
    }
    printf("picture: %s\n", dot_path);
    if (!render)
        return 0;
    if (system("command -v dot >/dev/null 2>&1") != 0) {
        printf("picture: Graphviz's dot is not installed (apt-get install graphviz); only %s written\n", dot_path);
        return 0;
    }
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "dot -T%s '%s' -o '%s'", ext + 1, dot_path, path);
    if (system(cmd) != 0) {
        fprintf(stderr, "gcfuzz-repro: dot failed on %s\n", dot_path);
        return -1;
    }
    printf("picture: %s\n", path);
    return 0;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "gcfuzz-repro: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* Run `python script` from a temporary directory that also holds the
 * recorder it imports; returns its exit status, or -1. */
static int run_python(const char *python, const char *script_text)
{
    char dir[] = "/tmp/gcfuzz-repro-XXXXXX", script[64], recorder[64];
    if (!mkdtemp(dir)) {
        fprintf(stderr, "gcfuzz-repro: cannot make a temporary directory\n");
        return -1;
    }
    snprintf(script, sizeof script, "%s/script.py", dir);
    snprintf(recorder, sizeof recorder, "%s/gcfuzz_recorder.py", dir);
    int status = -1;
    if (write_file(script, script_text) == 0 && write_file(recorder, render_recorder_module()) == 0) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            execlp(python, python, script, (char *)NULL);
            fprintf(stderr, "gcfuzz-repro: cannot run %s\n", python);
            _exit(127);
        }
        waitpid(pid, &status, 0);
        status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    unlink(script);
    unlink(recorder);
    rmdir(dir);
    return status;
}

/* The failure res as a plain script (plain.h), or NULL after saying why. */
static const char *plain_text(const char *input, const struct input_file *f, const struct run_result *res)
{
    static struct rendered out;
    struct program p;
    char why[768];
    if (program_for_picture(input, f, &p) < 0)
        return NULL;
    if (f->is_script) /* a regression is rendered for every CPython (rerender-regressions.sh) */
        model_set_rules(&model_rules_portable);
    if (!plain_write(&p, res, &out, why, sizeof why)) {
        fprintf(stderr, "gcfuzz-repro: --plain: %s\n", why);
        return NULL;
    }
    return out.text;
}

static void removed(size_t line, size_t lines) { printf("reduce: removed line %zu (%zu lines)\n", line, lines); }

/* --reduce: the plain script made shorter while it fails the same way
 * under `bad` (and passes under `good`), or NULL after saying why. */
static const char *reduced(const char *text, const char *bad, const char *good, unsigned timeout, int crash)
{
    static struct rendered out;
    struct plain_reduction how = {.bad = bad, .good = good, .timeout = timeout, .progress = removed};
    if (!crash && !good) {
        fprintf(stderr, "gcfuzz-repro: --reduce of a failed assert needs --good PYTHON, a python it passes under: "
                        "else removing the statement that made the assert true would look like progress\n");
        return NULL;
    }
    if (plain_run(bad, 0, text, strlen(text), timeout, &how.want) < 0 || how.want.status == 0) {
        fprintf(stderr, "gcfuzz-repro: --reduce: the plain script does not fail under %s: nothing to keep\n", bad);
        return NULL;
    }
    if (good && (plain_run(good, 1, text, strlen(text), timeout, &how.good_output) < 0 || how.good_output.status)) {
        fprintf(stderr, "gcfuzz-repro: --reduce: the plain script does not pass under --good %s: %s\n", good,
                how.good_output.last);
        return NULL;
    }
    free(out.text);
    out = (struct rendered){.text = strdup(text), .len = strlen(text), .cap = strlen(text) + 1};
    size_t before = 1;
    for (const char *c = text; *c; c++)
        before += *c == '\n';
    int runs = plain_reduce(&out, &how);
    size_t after = 0;
    for (const char *c = out.text; *c; c++)
        after += *c == '\n';
    printf("reduce: %zu -> %zu lines in %d runs, failing as: %s (status %d)\n", before - 1, after, runs,
           how.want.last, how.want.status);
    return out.text;
}

/* --rules: the settings the oracle takes from this CPython (rules.h). */
static int print_rules(void)
{
    if (runner_init() < 0)
        return 2;
    char text[2048];
    rules_describe(runner_rules(), text, sizeof text);
    fputs(text, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    const char *out_path = NULL, *python = NULL, *input = NULL, *dot_path = NULL;
    const char *good = NULL;
    int quiet = 0, no_run = 0, standalone = 0, plain = 0, reduce = 0;
    unsigned timeout = 60;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--rules")) {
            return print_rules();
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = 1;
        } else if (!strcmp(argv[i], "--no-run")) {
            no_run = 1;
        } else if (!strcmp(argv[i], "--standalone")) {
            standalone = 1;
        } else if (!strcmp(argv[i], "--plain")) {
            plain = 1;
        } else if (!strcmp(argv[i], "--reduce")) {
            reduce = 1;
        } else if (!strcmp(argv[i], "--good") && i + 1 < argc) {
            good = argv[++i];
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out_path = argv[++i];
        } else if (!strcmp(argv[i], "--dot") && i + 1 < argc) {
            dot_path = argv[++i];
        } else if (!strcmp(argv[i], "--python") && i + 1 < argc) {
            python = argv[++i];
        } else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
            timeout = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (argv[i][0] == '-' || input) {
            usage(stderr);
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (!input) {
        usage(stderr);
        return 2;
    }
    struct input_file f;
    if (input_read(input, &f) < 0)
        return 2;
    static struct rendered script, whole;
    const char *text = f.data;
    if (!f.is_script) {
        struct program p;
        program_decode(&p, (const uint8_t *)f.data, f.size);
        if (no_run) /* a text for every CPython (rerender-regressions.sh) */
            model_set_rules(&model_rules_portable);
        if (!render_program(&p, RENDER_SCRIPT, &script)) {
            fprintf(stderr, "gcfuzz-repro: cannot render %s\n", input);
            return 2;
        }
        text = script.text;
    }
    if (standalone) {
        if (!render_standalone(text, &whole)) {
            fprintf(stderr, "gcfuzz-repro: %s does not import gcfuzz_recorder as gcfuzz's scripts do (already standalone?)\n", input);
            return 2;
        }
        text = whole.text;
    }
    if (plain && (no_run || standalone)) {
        fprintf(stderr, "gcfuzz-repro: --plain is written from a run: not with --no-run or --standalone\n");
        return 2;
    }
    if (reduce && (!plain || !python)) {
        fprintf(stderr, "gcfuzz-repro: --reduce shortens the --plain script under --python PYTHON: give both\n");
        return 2;
    }
    if (!quiet && !plain)
        fputs(text, stdout);
    if (out_path && !plain && write_file(out_path, text) < 0)
        return 2;
    if (no_run)
        return 0;
    if (runner_init() < 0)
        return 2;
    struct run_result res;
    child_run_forked(&f, input, timeout, &res);
    if (result_failed(&res))
        printf("FAIL %s\n", res.message);
    else
        printf("PASS\n");
    int status = result_failed(&res);
    if (dot_path && draw(input, &f, result_failed(&res) ? &res : NULL, dot_path) < 0)
        status = 2;
    if (plain) {
        if (!result_failed(&res)) {
            printf("plain: nothing failed here, so there is no failure to write down; run it under the libpython "
                   "it fails on\n");
            return status;
        }
        if (!(text = plain_text(input, &f, &res)))
            return 2;
        if (reduce && !(text = reduced(text, python, good, timeout, res.outcome == OUTCOME_CRASH)))
            return 2;
        if (!quiet)
            fputs(text, stdout);
        if (out_path && write_file(out_path, text) < 0)
            return 2;
    }
    if (python) {
        int rc = run_python(python, text);
        printf("%s: %s (exit %d)\n", python, rc == 0 ? "PASS" : "FAIL", rc);
        if (plain && rc == 0)
            printf("plain: the plain script does not fail under %s, where the harness does: this failure needs "
                   "something of the harness (its allocations, its own reads), or another python\n", python);
        status |= rc != 0;
    }
    input_free(&f);
    return status;
}
