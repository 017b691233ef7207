/* test_shape_readers.c — the shape language has two readers, the native
 * recorder's (lift/shape.c) and the pure-Python recorder's (fallback.py):
 * for every seed and for random programs, both must read every deaths_are()
 * and alive= string of the rendered script to the same values.
 * Usage: test_shape_readers CORPUS */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "check.h"
#include "decode.h"
#include "inputs.h"
#include "render.h"
#include "runner.h"

#include <string.h>

static PyObject *native, *fallback; /* the two recorders: _gcfuzz, and the script's own _g */

/* The pure-Python recorder: the module scripts import, run as a script. */
static PyObject *make_fallback(void)
{
    const char *module = render_recorder_module();
    PyObject *ns = PyDict_New();
    PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
    PyObject *r = PyRun_String(module, Py_file_input, ns, ns);
    if (!r) {
        PyErr_Print();
        return NULL;
    }
    Py_DECREF(r);
    PyObject *g = Py_XNewRef(PyDict_GetItemString(ns, "_g"));
    Py_DECREF(ns);
    return g;
}

/* Compare both readings of the string starting at `at` (up to the quote). */
static int same_reading(const char *at, const char *what, unsigned *compared)
{
    PyObject *text = PyUnicode_FromStringAndSize(at, (Py_ssize_t)strcspn(at, "\""));
    PyObject *a = PyObject_CallMethod(native, "parse", "O", text);
    PyObject *b = PyObject_CallMethod(fallback, "parse", "O", text);
    int same = a && b && PyObject_RichCompareBool(a, b, Py_EQ) == 1;
    if (!same) {
        PyErr_Print();
        fprintf(stderr, "%s: %s\nnative:   ", what, PyUnicode_AsUTF8(text));
        PyObject_Print(a ? a : Py_None, stderr, 0);
        fprintf(stderr, "\nfallback: ");
        PyObject_Print(b ? b : Py_None, stderr, 0);
        fputc('\n', stderr);
    }
    Py_XDECREF(a), Py_XDECREF(b), Py_XDECREF(text);
    ++*compared;
    return same;
}

static unsigned compared, differ;

static void compare_program(const struct program *p, const char *what)
{
    static struct rendered r;
    render_program(p, RENDER_SCRIPT, &r);
    const char *body = strstr(r.text, RENDER_BODY_MARK);
    for (const char *s = body; (s = strstr(s, "_g.deaths_are(\"")) != NULL; s++)
        differ += !same_reading(s + strlen("_g.deaths_are(\""), what, &compared);
    for (const char *s = body; (s = strstr(s, "alive=\"")) != NULL; s++)
        differ += !same_reading(s + strlen("alive=\""), what, &compared);
}

static int compare_file(const char *path, void *ctx)
{
    struct input_file f;
    struct program p;
    if (input_read(path, &f) < 0)
        return 1;
    program_decode(&p, (const uint8_t *)f.data, f.size);
    input_free(&f);
    compare_program(&p, path);
    return 0;
}

int main(int argc, char **argv)
{
    if (runner_init() < 0)
        return 2;
    native = PyImport_ImportModule("_gcfuzz");
    fallback = make_fallback();
    CHECK(native && fallback, "both recorders are there");
    if (!native || !fallback)
        return check_done();
    if (argc > 1)
        input_each(argv[1], compare_file, NULL);
    uint64_t x = 0x243F6A8885A308D3ull;
    for (int i = 0; i < 3000; i++) {
        uint8_t data[192];
        for (size_t k = 0; k < sizeof data; k++)
            x ^= x << 13, x ^= x >> 7, x ^= x << 17, data[k] = (uint8_t)x;
        struct program p;
        program_decode(&p, data, 64 + (size_t)(i % 128));
        compare_program(&p, "a random program");
    }
    CHECK(differ == 0, "%u of %u strings read differently by the two recorders", differ, compared);
    printf("%u strings read alike by both recorders\n", compared - differ);
    return check_done();
}
