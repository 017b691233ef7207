/* test_render.c — the renderer: the same program always gives the same text,
 * every rendered text compiles (script and native alike), the native text
 * keeps the script's line numbers, and one seed matches a golden file.
 * Usage: test_render SEED GOLDEN.py */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "check.h"
#include "program.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *size = fread(buf, 1, (1 << 20) - 1, f);
    buf[*size] = '\0';
    fclose(f);
    return buf;
}

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

static void test_golden(const char *seed_path, const char *golden_path)
{
    size_t n = 0, g = 0;
    char *seed = slurp(seed_path, &n), *golden = slurp(golden_path, &g);
    CHECK(seed && golden, "cannot read %s or %s", seed_path, golden_path);
    if (!seed || !golden)
        return;
    struct program p;
    struct rendered r = {0};
    program_decode(&p, (const uint8_t *)seed, n);
    render_program(&p, RENDER_SCRIPT, &r);
    CHECK(strcmp(r.text, golden) == 0,
          "%s no longer renders as %s; if the change is meant, regenerate it with\n"
          "  build/gcfuzz-repro --no-run %s > %s\n--- got:\n%s", seed_path, golden_path, seed_path,
          golden_path, r.text);
    rendered_free(&r);
    free(seed), free(golden);
}

int main(int argc, char **argv)
{
    Py_Initialize();
    test_random_programs();
    if (argc > 2)
        test_golden(argv[1], argv[2]);
    return check_done();
}
