/* recorder.c — the native _gcfuzz module (recorder.h).
 *
 * Finalizers call fired(id) on the hot path, so it records two integers and
 * nothing else: no object is ever stored, only ids, line numbers and exception
 * type names (a stored object or traceback would keep program objects alive).
 * expect() and teardown() check what was recorded against the program's own
 * expectations, with the same checks, in the same order, and the same
 * messages as the pure-Python recorder in render.c's preamble. */
#define PY_SSIZE_T_CLEAN
#include "recorder.h"

#include <frameobject.h>
#include <stdio.h>
#include <string.h>

#define MAX_IDS 256
#define MAX_OTHER_NAMES 4

static struct {
    unsigned count[MAX_IDS];
    unsigned line[MAX_IDS];     /* line of the program when it first fired */
    unsigned expected[MAX_IDS]; /* line it became unreachable; 0: not expected */
    int bad_id;                 /* fired() got an id out of range */
    unsigned long firings;
    unsigned raised, raised_other, want;
    char other_names[MAX_OTHER_NAMES][48];
    int strict;
    char violation[512];
} rec;

static PyObject *violation_type;
static PyObject *gc_garbage;

void recorder_reset(void)
{
    int strict = rec.strict;
    memset(&rec, 0, sizeof rec);
    rec.strict = strict;
}

void recorder_set_strict(int strict) { rec.strict = strict; }
const char *recorder_violation(void) { return rec.violation[0] ? rec.violation : NULL; }
unsigned long recorder_firings(void) { return rec.firings; }

/* The line the program (the outermost frame) is at. */
static unsigned program_line(void)
{
    PyFrameObject *f = PyEval_GetFrame();
    if (!f)
        return 0;
    Py_INCREF(f);
    for (PyFrameObject *back; (back = PyFrame_GetBack(f)) != NULL;) {
        Py_DECREF(f);
        f = back;
    }
    unsigned line = (unsigned)PyFrame_GetLineNumber(f);
    Py_DECREF(f);
    return line;
}

static PyObject *fired(PyObject *self, PyObject *arg)
{
    long id = PyLong_AsLong(arg);
    if (id == -1 && PyErr_Occurred())
        return NULL;
    rec.firings++;
    if (id < 0 || id >= MAX_IDS) {
        rec.bad_id = 1;
        Py_RETURN_NONE;
    }
    if (rec.count[id]++ == 0)
        rec.line[id] = program_line();
    Py_RETURN_NONE;
}

static PyObject *hook(PyObject *self, PyObject *unraisable)
{
    PyObject *type = PyObject_GetAttrString(unraisable, "exc_type");
    if (!type)
        return NULL;
    rec.raised++;
    if (type != PyExc_AttributeError) {
        if (rec.raised_other < MAX_OTHER_NAMES)
            snprintf(rec.other_names[rec.raised_other], sizeof rec.other_names[0], "%s",
                     PyType_Check(type) ? ((PyTypeObject *)type)->tp_name : "?");
        rec.raised_other++;
    }
    Py_DECREF(type);
    Py_RETURN_NONE;
}

#define FAIL(...) (snprintf(rec.violation, sizeof rec.violation, __VA_ARGS__), 1)

/* The checks, in the fallback recorder's order.  Returns 1 on a violation. */
static int verdict(unsigned at, const unsigned char *prompt)
{
    if (rec.bad_id)
        return FAIL("G3 a finalizer recorded an id outside 0..%d", MAX_IDS - 1);
    for (int i = 0; i < MAX_IDS; i++) {
        if (rec.count[i] > 1)
            return FAIL("G2 o%d finalized %u times, checked at line %u", i, rec.count[i], at);
        if (rec.count[i] && !rec.expected[i])
            return FAIL("G3 o%d finalized at line %u while still reachable", i, rec.line[i]);
    }
    for (int i = 0; i < MAX_IDS; i++) {
        unsigned d = rec.expected[i];
        if (!d)
            continue;
        if (!rec.count[i])
            return FAIL("G1 o%d not finalized by line %u, unreachable since line %u", i, at, d);
        if (rec.line[i] < d)
            return FAIL("G3 o%d finalized at line %u, before it became unreachable at line %u", i, rec.line[i], d);
        if (rec.strict && prompt && prompt[i] && rec.line[i] != d)
            return FAIL("G4 o%d finalized at line %u, not at line %u where its last reference went", i, rec.line[i], d);
    }
    if (rec.raised_other || rec.raised != rec.want) {
        char names[256] = "";
        for (unsigned i = 0; i < rec.raised - rec.raised_other && strlen(names) < 200; i++)
            strcat(names, i ? " AttributeError" : "AttributeError");
        for (unsigned i = 0; i < rec.raised_other && i < MAX_OTHER_NAMES; i++) {
            if (names[0])
                strcat(names, " ");
            strncat(names, rec.other_names[i], sizeof names - strlen(names) - 1);
        }
        return FAIL("G11 %u exceptions reached sys.unraisablehook by line %u, expected %u AttributeError (%s)",
                    rec.raised, at, rec.want, names);
    }
    if (gc_garbage && PyList_Check(gc_garbage) && PyList_GET_SIZE(gc_garbage))
        return FAIL("G9 gc.garbage holds %zd objects at line %u", PyList_GET_SIZE(gc_garbage), at);
    return 0;
}

/* Merge fired={id: line}, unraisable=n, prompt=(ids) into the expectations. */
static int take_expectations(PyObject *fired_map, long unraisable, PyObject *prompt, unsigned char *prompt_set)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (fired_map && PyDict_Next(fired_map, &pos, &key, &value)) {
        long id = PyLong_AsLong(key), line = PyLong_AsLong(value);
        if (PyErr_Occurred())
            return -1;
        if (id < 0 || id >= MAX_IDS || line <= 0) {
            PyErr_SetString(PyExc_ValueError, "fired= wants {object id: line}");
            return -1;
        }
        rec.expected[id] = (unsigned)line;
    }
    rec.want += (unsigned)unraisable;
    for (Py_ssize_t i = 0; prompt && i < PyTuple_GET_SIZE(prompt); i++) {
        long id = PyLong_AsLong(PyTuple_GET_ITEM(prompt, i));
        if (PyErr_Occurred())
            return -1;
        if (id >= 0 && id < MAX_IDS)
            prompt_set[id] = 1;
    }
    return 0;
}

static PyObject *check(PyObject *fired_map, long unraisable, PyObject *prompt, unsigned at)
{
    unsigned char prompt_set[MAX_IDS] = {0};
    if (take_expectations(fired_map, unraisable, prompt, prompt_set) < 0)
        return NULL;
    if (verdict(at, prompt_set)) {
        PyErr_SetString(violation_type, rec.violation);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *expect(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"fired", "unraisable", "prompt", NULL};
    PyObject *fired_map = NULL, *prompt = NULL;
    long unraisable = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O!lO!:expect", names, &PyDict_Type, &fired_map,
                                     &unraisable, &PyTuple_Type, &prompt))
        return NULL;
    return check(fired_map, unraisable, prompt, program_line());
}

/* Delete the program's names (those not starting with '_' and not modules),
 * collect, and check.  The namespace itself stays: finalizers may use it. */
static PyObject *teardown(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"ns", "fired", "unraisable", NULL};
    PyObject *ns, *fired_map = NULL;
    long unraisable = 0;
    unsigned at = program_line();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!|O!l:teardown", names, &PyDict_Type, &ns, &PyDict_Type,
                                     &fired_map, &unraisable))
        return NULL;
    PyObject *keys = PyDict_Keys(ns);
    if (!keys)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *k = PyList_GET_ITEM(keys, i), *v = PyDict_GetItemWithError(ns, k);
        if (!v || !PyUnicode_Check(k) || PyUnicode_READ_CHAR(k, 0) == '_' || PyModule_Check(v))
            continue;
        if (PyDict_DelItem(ns, k) < 0) {
            Py_DECREF(keys);
            return NULL;
        }
    }
    Py_DECREF(keys);
    if (PyErr_Occurred())
        return NULL;
    PyGC_Collect();
    return check(fired_map, unraisable, NULL, at);
}

int recorder_check_quiet(void)
{
    return verdict(0, NULL);
}

static PyMethodDef methods[] = {
    {"fired", fired, METH_O, "fired(id): a finalizer of object `id` ran."},
    {"hook", hook, METH_O, "sys.unraisablehook: counts exceptions by type."},
    {"expect", (PyCFunction)(void (*)(void))expect, METH_VARARGS | METH_KEYWORDS,
     "expect(fired={id: line}, unraisable=0, prompt=()): check a checkpoint."},
    {"teardown", (PyCFunction)(void (*)(void))teardown, METH_VARARGS | METH_KEYWORDS,
     "teardown(ns, fired={id: line}, unraisable=0): drop the program's names, collect, check."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_gcfuzz", .m_doc = "gcfuzz's native recorder.", .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__gcfuzz(void)
{
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    violation_type = PyErr_NewException("_gcfuzz.Violation", NULL, NULL);
    PyObject *gc = PyImport_ImportModule("gc");
    if (!violation_type || !gc || PyModule_AddObjectRef(m, "Violation", violation_type) < 0) {
        Py_XDECREF(gc);
        Py_DECREF(m);
        return NULL;
    }
    gc_garbage = PyObject_GetAttrString(gc, "garbage");
    Py_DECREF(gc);
    if (!gc_garbage) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
