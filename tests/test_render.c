/* test_render.c — the renderer: the same program always gives the same text,
 * every rendered text compiles (script and native alike), the native text
 * keeps the script's line numbers; and committed inputs still render as
 * committed: each regressions/<name>.bin as its .py, each seed in corpus/
 * as its body in tests/golden/corpus-bodies.txt, so that a change to the
 * decoder, the model or the renderer that changes a committed program
 * shows, and is explained.
 *
 * Usage: test_render CORPUS REGRESSIONS GOLDEN_BODIES [--write]
 * (--write regenerates GOLDEN_BODIES after a change that is meant) */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "check.h"
#include "decode.h"
#include "inputs.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

static int compiles(const char *text)
{
    PyObject *code = Py_CompileString(text, "<render>", Py_file_input);
    if (!code) {
        PyErr_Print();
        return 0;
    }
    Py_DECREF(code);
    return 1;
}

static void test_random_programs(void)
{
    struct rendered script = {0}, native = {0}, again = {0};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    unsigned unstable = 0, broken = 0, misaligned = 0;
    for (int i = 0; i < 3000; i++) {
        uint8_t data[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
        for (size_t k = 0; k < sizeof data; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            data[k] = (uint8_t)x;
        }
        struct program p;
        program_decode(&p, data, (size_t)(i % (int)sizeof data));
        render_program(&p, RENDER_SCRIPT, &script);
        struct rendered fresh = {0};
        render_program(&p, RENDER_SCRIPT, &fresh);
        render_program(&p, RENDER_SCRIPT, &again);
        unstable += strcmp(script.text, fresh.text) != 0 || strcmp(script.text, again.text) != 0;
        rendered_free(&fresh);
        render_program(&p, RENDER_NATIVE, &native);
        broken += !compiles(script.text) || !compiles(native.text);
        /* the native text is the script's body after as many blank lines */
        const char *body = strstr(script.text, "\n" RENDER_BODY_MARK "\n") + strlen(RENDER_BODY_MARK) + 2;
        const char *nbody = native.text + native.preamble_lines;
        misaligned += native.preamble_lines != script.preamble_lines || strcmp(body, nbody) != 0 ||
                      memcmp(script.op_line, native.op_line, sizeof script.op_line) != 0;
    }
    CHECK(unstable == 0, "%u programs rendered to different texts", unstable);
    CHECK(broken == 0, "%u rendered texts do not compile", broken);
    CHECK(misaligned == 0, "%u native texts differ from their script's body or lines", misaligned);
    rendered_free(&script), rendered_free(&native), rendered_free(&again);
}

/* The text of input file `path` rendered as a script. */
static int render_file(const char *path, struct rendered *r)
{
    struct input_file f;
    struct program p;
    if (input_read(path, &f) < 0)
        return -1;
    program_decode(&p, (const uint8_t *)f.data, f.size);
    input_free(&f);
    return render_program(&p, RENDER_SCRIPT, r) ? 0 : -1;
}

/* A regression's .py is its .bin rendered, but for the first line (the
 * reason) and its closing "# gcfuzz-..." / "# recorded ..." lines. */
static int regression_renders_as_committed(const char *path, void *ctx)
{
    size_t n = strlen(path);
    char py[4096];
    struct input_file committed;
    static struct rendered r;
    if (n < 4 || strcmp(path + n - 4, ".bin"))
        return 0;
    snprintf(py, sizeof py, "%.*s.py", (int)(n - 4), path);
    if (render_file(path, &r) < 0 || input_read(py, &committed) < 0) {
        CHECK(0, "cannot render %s or read %s", path, py);
        return 0;
    }
    const char *rendered_rest = strchr(r.text, '\n'), *committed_rest = strchr(committed.data, '\n');
    size_t len = strlen(rendered_rest);
    int same = committed_rest && strncmp(rendered_rest, committed_rest, len) == 0 &&
               (committed_rest[len] == '\0' || !strncmp(committed_rest + len, "# gcfuzz-", 9) ||
                !strncmp(committed_rest + len, "# recorded ", 11));
    CHECK(same, "%s no longer renders as %s: the decoder, model or renderer changed what it means; if that is "
                "meant, re-render with scripts/rerender-regressions.sh and say why in the commit", path, py);
    ++*(unsigned *)ctx;
    input_free(&committed);
    return 0;
}

struct bodies {
    char *text; /* "## name\n" + body, for every seed */
    size_t len, cap;
};

static int add_body(const char *path, void *ctx)
{
    struct bodies *b = ctx;
    static struct rendered r;
    if (render_file(path, &r) < 0) {
        CHECK(0, "cannot render %s", path);
        return 0;
    }
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *body = strstr(r.text, "\n" RENDER_BODY_MARK "\n") + strlen(RENDER_BODY_MARK) + 2;
    size_t need = b->len + strlen(name) + strlen(body) + 8;
    if (need > b->cap)
        b->text = realloc(b->text, b->cap = need * 2);
    b->len += (size_t)sprintf(b->text + b->len, "## %s\n%s", name, body);
    return 0;
}

static void test_corpus_bodies(const char *corpus, const char *golden, int write)
{
    struct bodies b = {0};
    struct input_file committed;
    input_each(corpus, add_body, &b);
    if (write) {
        FILE *f = fopen(golden, "w");
        CHECK(f && fputs(b.text, f) >= 0 && fclose(f) == 0, "cannot write %s", golden);
        printf("wrote %s\n", golden);
    } else if (input_read(golden, &committed) == 0) {
        int same = strcmp(b.text, committed.data) == 0;
        CHECK(same, "the seeds in %s no longer render as %s: the decoder, model or renderer changed what they mean; "
                    "if that is meant, regenerate it (test_render ... --write) and say why in the commit",
              corpus, golden);
        if (!same) {
            FILE *f = fopen("corpus-bodies.new", "w");
            if (f)
                fputs(b.text, f), fclose(f), fprintf(stderr, "(the new renderings are in corpus-bodies.new)\n");
        }
        input_free(&committed);
    } else {
        CHECK(0, "cannot read %s", golden);
    }
    free(b.text);
}

int main(int argc, char **argv)
{
    Py_Initialize();
    test_random_programs();
    if (argc > 3) {
        unsigned regressions = 0;
        input_each(argv[2], regression_renders_as_committed, &regressions);
        CHECK(regressions > 0, "no regressions with a .bin in %s", argv[2]);
        test_corpus_bodies(argv[1], argv[3], argc > 4 && !strcmp(argv[4], "--write"));
        printf("%u regressions and the corpus render as committed\n", regressions);
    }
    return check_done();
}
