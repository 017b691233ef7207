/* recorder.c — the native _gcfuzz module (recorder.h): events and verdicts.
 *
 * Finalizers call fired(obj) on the hot path, so it records two integers and
 * nothing else: no object is ever stored, only ids, line numbers and
 * exception type names (a stored object or traceback would keep program
 * objects alive).  expect() and teardown() check what was recorded against
 * the program's own expectations, with the same checks, in the same order
 * and with the same messages as the pure-Python recorder (fallback.py).
 * The object checks are survivors.c's; the shape language is read by
 * lift/shape.c. */
#include "recorder.h"

#include "compat.h"
#include "exits.h"
#include "format.h"
#include "constants.h"
#include "recorder_internal.h"

#include <frameobject.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Python helpers programs call (_g.gen, _g.cell, ...) and the checks
 * use (find, held): exec/helpers.py, shared with the pure-Python recorder,
 * turned into a C string by CMake. */
#include "helpers_py.h"

#define MAX_IDS SHAPE_MAX_IDS
#define MAX_OTHER_NAMES 4
#define MAX_HANDLERS_RUN SHAPE_MAX_HANDLERS_RUN

struct violation {
    int guarantee, subject, number; /* guarantee 0: none */
    unsigned line;
    char message[512];
};

static struct {
    unsigned count[MAX_IDS];
    unsigned may[MAX_IDS];      /* line from which it may have fired, at most once (resurrected in a pass) */
    unsigned line[MAX_IDS];     /* line of the program when it first fired */
    unsigned expected[MAX_IDS]; /* line it became unreachable; 0: not expected */
    unsigned base;              /* the line of RENDER_BODY_MARK: expectations count from it */
    int bad_id;                 /* fired() got an id out of range */
    unsigned long firings;
    unsigned raised, raised_other, want, want_open; /* exceptions expected: want, up to want_open more */
    unsigned raising_calls; /* called(k, 1) and closed(g, 1): each raised one ValueError (G11) */
    unsigned ignoring;      /* closed(g, 2) whose RuntimeError has not reached the hook yet */
    unsigned collecting;    /* bit k: the program's gc.callbacks entry k saw 'start' last (gc_phase) */
    char other_names[MAX_OTHER_NAMES][48];
    int strict;
    struct violation violation; /* what the last failed check found */
    struct violation late;      /* a G6 or G8 problem seen inside a finalizer */
    /* weak-reference callbacks w<k> (G5) */
    unsigned cb_count[MAX_IDS], cb_line[MAX_IDS], cb_expected[MAX_IDS];
    unsigned char cb_may[MAX_IDS];
    int cb_bad_id;
    /* generators' finally blocks (G10) */
    unsigned gen_count[MAX_IDS], gen_line[MAX_IDS], gen_expected[MAX_IDS];
    unsigned char gen_may[MAX_IDS]; /* open generators: may run it, once */
    int saves; /* debug() set gc.DEBUG_SAVEALL: gc.garbage may fill (G9) until the teardown */
    struct run_result exit_result; /* shutdown()'s child found this (a failure), to report */
    int handlers;                  /* at_exit() registered this many atexit handlers */
    int handlers_run[MAX_HANDLERS_RUN], n_run; /* exited(n): the handlers that ran, in order */
    /* set by deaths_are, the program's first line, for program_line();
       compared, never followed: the program's code (so its file name) and
       the main thread live until the program ends, and the reset clears them */
    const PyObject *file;         /* the program's file name (its code's co_filename) */
    const PyThreadState *main;    /* the thread that runs the program */
    unsigned handover; /* hand_over(): the line of the statement whose threads run now, 0 for none */
    int settled; /* the teardown ended on a collection that found no garbage (recorder_teardown_settled) */
} rec;

/* In the child that ends the interpreter (exits.h): from shutdown() on,
 * events are only counted, for recorder_exit_verdict(). */
static struct {
    int ending;
    unsigned line;                     /* of the shutdown() */
    unsigned char must_call[MAX_IDS]; /* weakref.finalize objects: called exactly once in all (G14) */
    int handlers;                     /* atexit handlers registered: each run once, last first (G14) */
} exiting;

static struct writers writers; /* writers_are(): who may write what a finalizer reads back */

static struct run_stats stats; /* what the collector was seen doing (run_features.h) */

struct shape death_shapes[MAX_IDS];
uint8_t has_death[MAX_IDS];

static PyObject *violation_type, *malformed_type, *exit_type;
static PyObject *gc_garbage;
static PyObject *gc_collect; /* gc.collect */
static PyObject *gc_is_finalized; /* gc.is_finalized */
static PyObject *gc_set_debug;    /* gc.set_debug */
static long gc_saveall;           /* gc.DEBUG_SAVEALL */
static PyObject *devnull;         /* where what the collector's debugging flags print goes */
static PyObject *program_stderr;  /* sys.stderr while debug() has replaced it, else NULL */
static PyObject *atexit_register, *atexit_unregister, *exited_function; /* at_exit() registers exited(n) */

/* Put back the sys.stderr that debug() replaced. */
static void restore_stderr(void)
{
    if (!program_stderr)
        return;
    /* what it buffered holds references, which a debug build counts */
    PyObject *r = PyObject_CallMethod(devnull, "flush", NULL);
    Py_XDECREF(r);
    if (PySys_SetObject("stderr", program_stderr) < 0)
        PyErr_Clear();
    Py_CLEAR(program_stderr);
}

/* The handlers at_exit() registered, unregistered: they run only in a
 * child that ends the interpreter, never at the harness's own exit. */
static void forget_handlers(void)
{
    if (!rec.handlers)
        return;
    PyObject *r = PyObject_CallOneArg(atexit_unregister, exited_function);
    Py_XDECREF(r);
    PyErr_Clear();
}

void recorder_reset(void)
{
    restore_stderr();
    forget_handlers();
    if (helper_tallies)
        PyDict_Clear(helper_tallies); /* the Link chains' tallies (helpers.py) */
    int strict = rec.strict;
    memset(&rec, 0, sizeof rec);
    memset(has_death, 0, sizeof has_death);
    memset(&writers, 0, sizeof writers);
    rec.strict = strict;
}

void recorder_begin_run(void)
{
    recorder_reset();
    run_stats_reset(&stats);
}

const struct run_stats *recorder_stats(void) { return &stats; }

void recorder_set_strict(int strict) { rec.strict = strict; }

static PyObject *helper_threads; /* helpers.py's THREADS */

void recorder_set_threads(int on)
{
    PyObject *v = PyLong_FromLong(on != 0);
    if (!v || PyList_SetItem(helper_threads, 0, v) < 0)
        Py_FatalError("gcfuzz: cannot set helpers.py's THREADS");
}
unsigned long recorder_firings(void) { return rec.firings; }
PyObject *recorder_violation_type(void) { return violation_type; }
PyObject *recorder_malformed_type(void) { return malformed_type; }

int recorder_violation(struct run_result *res)
{
    const struct violation *v = &rec.violation;
    if (result_failed(&rec.exit_result)) {
        *res = rec.exit_result;
        return 1;
    }
    if (!v->guarantee)
        return 0;
    result_fail(res, OUTCOME_VIOLATION, v->guarantee, "%s", v->message);
    result_about(res, v->subject, v->number);
    res->line = v->line;
    return 1;
}

static void record(struct violation *v, int guarantee, int subject, int number, unsigned line, const char *fmt,
                   va_list ap)
{
    v->guarantee = guarantee, v->subject = subject, v->number = number, v->line = line;
    vsnprintf(v->message, sizeof v->message, fmt, ap);
}

int violate(int guarantee, int subject, int number, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(&rec.violation, guarantee, subject, number, line, fmt, ap);
    va_end(ap);
    return 1;
}

void violate_late(int guarantee, int number, unsigned line, const char *fmt, ...)
{
    va_list ap;
    if (rec.late.guarantee)
        return; /* the first problem seen inside a finalizer is the one reported */
    va_start(ap, fmt);
    record(&rec.late, guarantee, number >= 0 ? SUBJECT_OBJECT : SUBJECT_NONE, number, line, fmt, ap);
    va_end(ap);
}

int late_recorded(void) { return rec.late.guarantee != 0; }

/* Whether code runs the program's statements: its module, or the function
 * _t in which a THREAD runs one (render.c); any code before
 * deaths_are. */
static int runs_statements(PyCodeObject *code)
{
    return !rec.file || ((const PyObject *)code->co_filename == rec.file &&
                         (!PyUnicode_CompareWithASCIIString(code->co_name, "<module>") ||
                          !PyUnicode_CompareWithASCIIString(code->co_name, "_t")));
}

/* The line of the innermost frame of f's stack that runs the program's
 * statements (the outermost before deaths_are, when any runs them), 0 for
 * none; *in_t says whether that frame is _t's. */
static unsigned statement_line(PyFrameObject *f, int *in_t)
{
    unsigned line = 0;
    Py_XINCREF(f);
    while (f) {
        PyCodeObject *code = PyFrame_GetCode(f);
        int runs = runs_statements(code);
        if (runs) {
            line = (unsigned)PyFrame_GetLineNumber(f);
            *in_t = !PyUnicode_CompareWithASCIIString(code->co_name, "_t");
        }
        Py_DECREF(code);
        PyFrameObject *back = runs && rec.file ? NULL : PyFrame_GetBack(f);
        Py_DECREF(f);
        f = back;
    }
    return line;
}

/* The program's line now: that of the statement running on this thread,
 * in its module or in _t (where a THREAD runs one, on a thread of its own
 * or here beside another).  While a statement's threads run (hand_over),
 * what runs outside _t, on any thread, is at that statement's line: a
 * finalizer that a thread that runs no statement calls, an automatic
 * collection as threading starts or ends a thread, what the main thread
 * frees as it takes back what a thread dropped (helpers.py's merge_point).
 * Every thread but the main one is started by a statement and joined
 * before it ends; the main thread's frames are not for another thread to
 * read while it runs (free-threaded builds). */
unsigned program_line(void)
{
    int in_t = 0;
    unsigned line = statement_line(PyEval_GetFrame(), &in_t);
    unsigned handed = __atomic_load_n(&rec.handover, __ATOMIC_RELAXED);
    return handed && !in_t ? handed : line;
}

/* helpers.py's on_thread and beside, as a statement starts its threads
 * (the statement's line, None for the line now) and when they have ended
 * (what it returned then): the line before. */
static PyObject *hand_over(PyObject *self, PyObject *line)
{
    unsigned to = line == Py_None ? program_line() : (unsigned)PyLong_AsUnsignedLong(line);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromUnsignedLong(__atomic_exchange_n(&rec.handover, to, __ATOMIC_RELAXED));
}

PyObject *recorder_name(char letter, int n)
{
    static PyObject *names[128][RECORDER_NAME_NUMBERS];
    if ((unsigned char)letter >= 128 || n < 0 || n >= RECORDER_NAME_NUMBERS)
        Py_FatalError("gcfuzz: recorder_name out of range");
    PyObject **name = &names[(unsigned char)letter][n];
    if (!*name) {
        char text[8];
        format(text, sizeof text, "%c%d", letter, n);
        if (!(*name = PyUnicode_InternFromString(text)))
            Py_FatalError("gcfuzz: out of memory for a name");
    }
    return *name;
}

long object_id(PyObject *obj)
{
    static PyObject *id_name;
    if (!id_name && !(id_name = PyUnicode_InternFromString("_id")))
        Py_FatalError("gcfuzz: out of memory for a name");
    PyObject *v = obj ? compat_optional_attr(obj, id_name) : NULL;
    long id = v && PyLong_Check(v) ? PyLong_AsLong(v) : -1;
    Py_XDECREF(v);
    PyErr_Clear();
    return id;
}

/* --- events --- */

/* The program's first line (render.h): it also says where the program
 * starts, for the expectations' line numbers. */
static PyObject *deaths_are(PyObject *self, PyObject *arg)
{
    unsigned line = program_line();
    rec.base = line ? line - 1 : 0;
    PyFrameObject *f = PyEval_GetFrame(); /* borrowed */
    PyCodeObject *code = f ? PyFrame_GetCode(f) : NULL;
    rec.file = code ? code->co_filename : NULL;
    rec.main = PyThreadState_Get();
    Py_XDECREF(code);
    Py_ssize_t len;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!text)
        return NULL;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        struct shape sh;
        int id = n ? shape_parse(p, n, &sh) : -1;
        if (n && id < 0) {
            PyErr_Format(malformed_type, "bad object shape '%.*s'", (int)n, p);
            return NULL;
        }
        if (n)
            death_shapes[id] = sh, has_death[id] = 1;
        p += n + (p[n] == ' ');
    }
    Py_RETURN_NONE;
}

/* Check the finalizer's own object as it died (G6): shallow, once. */
static void check_at_death(PyObject *obj, long id)
{
    static struct look lk; /* finalizers may nest: only the first uses it */
    static int busy;
    char where[16];
    if (!has_death[id] || busy || late_recorded())
        return;
    busy = 1;
    look_start(&lk, death_shapes, has_death, 0);
    format(where, sizeof where, "o%ld", id);
    if (look(&lk, obj, (int)id, where))
        violate_late(6, (int)id, rec.line[id], "G6 the finalizer of o%ld, at line %u, saw %s", id, rec.line[id],
                     lk.problem);
    busy = 0;
}

static PyObject *fired(PyObject *self, PyObject *obj)
{
    /* scripts rendered before G6 was checked pass the id itself */
    long id = PyLong_Check(obj) ? PyLong_AsLong(obj) : object_id(obj);
    rec.firings++;
    run_stats_event(&stats, EV_FINALIZER);
    if (exiting.ending) {
        if (id >= 0 && id < MAX_IDS)
            rec.count[id]++;
        Py_RETURN_NONE;
    }
    if (id < 0 && !PyLong_Check(obj)) {
        /* no _id: the object was cleared before its finalizer ran, which
           tp_clear must never do (or the finalizer ran again, after it) */
        unsigned at = program_line();
        violate_late(6, -1, at, "G6 a finalizer ran at line %u on an object already cleared (its _id is gone): "
                                "run after tp_clear, or run a second time", at);
        Py_RETURN_NONE;
    }
    if (id < 0 || id >= MAX_IDS) {
        rec.bad_id = 1;
        Py_RETURN_NONE;
    }
    if (rec.count[id]++ == 0) {
        rec.line[id] = program_line();
        if (!PyLong_Check(obj))
            check_at_death(obj, id);
    }
    Py_RETURN_NONE;
}

/* sees(obj, s): a finalizer reads class attribute c<s> through its object;
 * it must find what the model says it held when the object died (G8). */
static PyObject *sees(PyObject *self, PyObject *args)
{
    PyObject *obj;
    int s;
    if (!PyArg_ParseTuple(args, "Oi:sees", &obj, &s))
        return NULL;
    long id = object_id(obj);
    if (id < 0 || id >= MAX_IDS || !has_death[id] || death_shapes[id].lookup_slot != s || late_recorded() ||
        exiting.ending)
        Py_RETURN_NONE;
    const struct shape_slot *want = &death_shapes[id].lookup;
    char what[96] = "";
    /* a function found on the class binds to the instance: look it up on the class */
    int on_class = want->code == CODE_STRONG && want->kind == KIND_FUNC;
    PyObject *v = compat_optional_attr(on_class ? (PyObject *)Py_TYPE(obj) : obj, recorder_name('c', s));
    if (want->code == CODE_EMPTY && v)
        format(what, sizeof what, "finds o%ld.c%d set, but no class in its MRO has it", id, s);
    else if (want->code != CODE_EMPTY && !v)
        format(what, sizeof what, "finds no o%ld.c%d", id, s);
    else if (want->code != CODE_EMPTY && holds_wrong(v, want))
        format(what, sizeof what, "finds o%ld.c%d is not o%d", id, s, want->target);
    Py_XDECREF(v);
    if (what[0]) {
        unsigned at = program_line();
        violate_late(8, (int)id, at, "G8 the finalizer of o%ld, at line %u, %s", id, at, what);
    }
    Py_RETURN_NONE;
}

static PyObject *raise_violation(void);

/* finalized(obj, want): gc.is_finalized(obj) must be `want`, True when
 * obj's __del__ ran (it was resurrected), False when it did not: the flag
 * that keeps a finalizer from running twice (G2).  want None: asked only. */
static PyObject *finalized(PyObject *self, PyObject *args)
{
    PyObject *obj, *want;
    if (!PyArg_ParseTuple(args, "OO:finalized", &obj, &want))
        return NULL;
    PyObject *got = PyObject_CallOneArg(gc_is_finalized, obj);
    if (!got || want == Py_None || got == want) {
        Py_XDECREF(got);
        return got ? Py_NewRef(Py_None) : NULL;
    }
    Py_DECREF(got);
    long id = object_id(obj);
    unsigned at = program_line();
    violate(2, SUBJECT_OBJECT, (int)id, at, "G2 gc.is_finalized(o%ld) at line %u is %s, but its __del__ %s", id, at,
            want == Py_True ? "False" : "True", want == Py_True ? "ran" : "never ran");
    return raise_violation();
}

/* reads(what, got, want): a setting of the collector read back (the
 * program's `what`) must be what the program set last (G13). */
static PyObject *reads(PyObject *self, PyObject *args)
{
    const char *what;
    PyObject *got, *want;
    if (!PyArg_ParseTuple(args, "sOO:reads", &what, &got, &want))
        return NULL;
    int same = PyObject_RichCompareBool(got, want, Py_EQ);
    if (same)
        return same > 0 ? Py_NewRef(Py_None) : NULL;
    PyObject *got_text = PyObject_Repr(got), *want_text = PyObject_Repr(want);
    unsigned at = program_line();
    violate(13, SUBJECT_NONE, -1, at, "G13 %s at line %u returned %s, but the program set %s last", what, at,
            got_text ? PyUnicode_AsUTF8(got_text) : "?", want_text ? PyUnicode_AsUTF8(want_text) : "?");
    Py_XDECREF(got_text);
    Py_XDECREF(want_text);
    PyErr_Clear();
    return raise_violation();
}

/* saved(id, ...): the collection just run put each of these instances in
 * gc.garbage instead of freeing it (G9): with gc.DEBUG_SAVEALL set, or as
 * garbage with a legacy finalizer on a cycle. */
static PyObject *saved(PyObject *self, PyObject *ids)
{
    unsigned char there[MAX_IDS] = {0};
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(gc_garbage); i++) {
        PyObject *id = PyObject_GetAttrString(PyList_GET_ITEM(gc_garbage, i), "_id");
        long n = id && PyLong_Check(id) ? PyLong_AsLong(id) : -1;
        Py_XDECREF(id);
        PyErr_Clear(); /* not one of the program's instances */
        if (n >= 0 && n < MAX_IDS)
            there[n] = 1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(ids); i++) {
        long n = PyLong_AsLong(PyTuple_GET_ITEM(ids, i));
        if (n < 0 || n >= MAX_IDS) {
            PyErr_Clear();
            PyErr_Format(malformed_type, "saved(): no object %ld", n);
            return NULL;
        }
        if (!there[n]) {
            unsigned at = program_line();
            violate(9, SUBJECT_OBJECT, (int)n, at,
                    "G9 o%ld was garbage that the collection must save in gc.garbage (with gc.DEBUG_SAVEALL set, or "
                    "as a legacy finalizer's on a cycle), but at line %u it is not there", n, at);
            return raise_violation();
        }
    }
    Py_RETURN_NONE;
}

/* debug(flags): gc.set_debug(flags).  What the flags print would flood a
 * fuzzing campaign's log: sys.stderr goes to /dev/null until the run ends
 * (recorder_reset puts it back; the runner sets the flags back to 0). */
static PyObject *debug(PyObject *self, PyObject *flags)
{
    long value = PyLong_AsLong(flags);
    if (value == -1 && PyErr_Occurred())
        return NULL;
    if (value & gc_saveall)
        rec.saves = 1;
    if (!program_stderr) {
        PyObject *now = PySys_GetObject("stderr"); /* borrowed */
        program_stderr = Py_NewRef(now ? now : Py_None);
        if (PySys_SetObject("stderr", devnull) < 0)
            return NULL;
    }
    return PyObject_CallOneArg(gc_set_debug, flags);
}

static PyObject *writers_are(PyObject *self, PyObject *arg)
{
    size_t bad;
    const char *text = PyUnicode_AsUTF8(arg);
    if (!text)
        return NULL;
    if (writers_parse(text, &writers, &bad) < 0) {
        PyErr_Format(malformed_type, "bad writers word: '%.40s'", text + bad);
        return NULL;
    }
    Py_RETURN_NONE;
}

/* The class number of a program class C<n>, or -1. */
static int class_number(PyObject *type)
{
    const char *name = PyType_Check(type) ? ((PyTypeObject *)type)->tp_name : "";
    char *end;
    long n = name[0] == 'C' ? strtol(name + 1, &end, 10) : -1;
    return n >= 0 && n < SHAPE_MAX_CLASSES && name[1] && !*end ? (int)n : -1;
}

/* Whether v, read back where a finalizer bound obj, is a value the
 * writers table allows for class c's attribute s: obj itself, what a
 * finalizer that may run in between (one the write released) writes, or
 * nothing if one may delete it. */
static int read_back_allowed(PyObject *v, PyObject *obj, int c, int s)
{
    int k = v ? class_number((PyObject *)Py_TYPE(v)) : -1;
    return v == obj || (!v && writers.deletes[c][s]) || (k >= 0 && (writers.by[c][s] & (1u << k)));
}

/* wrote(obj, s): a finalizer has just bound type(obj).c<s> = obj; reading
 * it back, through the class and through obj, must find obj (G8, read your
 * own write: a stale type attribute cache shows here). */
static PyObject *wrote(PyObject *self, PyObject *args)
{
    PyObject *obj;
    int s;
    if (!PyArg_ParseTuple(args, "Oi:wrote", &obj, &s))
        return NULL;
    PyObject *cls = (PyObject *)Py_TYPE(obj);
    int c = class_number(cls);
    if (c < 0 || s < 0 || s >= SHAPE_SLOTS || late_recorded() || exiting.ending)
        Py_RETURN_NONE;
    PyObject *through[2] = {cls, obj};
    for (int i = 0; i < 2; i++) {
        PyObject *v = compat_optional_attr(through[i], recorder_name('c', s));
        if (!read_back_allowed(v, obj, c, s)) {
            long id = object_id(obj);
            unsigned at = program_line();
            violate_late(8, (int)id, at, "G8 the finalizer of o%ld, at line %u, bound C%d.c%d to itself and read back %s %s",
                         id, at, c, s, v ? Py_TYPE(v)->tp_name : "nothing", i ? "through the object" : "through the class");
        }
        Py_XDECREF(v);
    }
    Py_RETURN_NONE;
}

/* After recording, a raising callback or finally block (raises 1) raises
 * ValueError, which must reach sys.unraisablehook (G11): the verdict
 * expects one more.  raises 2: a generator that ignores GeneratorExit
 * records, and CPython's close() raises RuntimeError for it. */
static PyObject *then_raise(int raises)
{
    if (!raises)
        Py_RETURN_NONE;
    rec.raising_calls++;
    if (raises == 2) {
        rec.ignoring++;
        Py_RETURN_NONE;
    }
    PyErr_SetString(PyExc_ValueError, "gcfuzz: raised on purpose");
    return NULL;
}

static PyObject *raises(PyObject *self, PyObject *arg)
{
    return then_raise(PyObject_IsTrue(arg) > 0);
}

static PyObject *called(PyObject *self, PyObject *args)
{
    long k;
    int raises = 0;
    if (!PyArg_ParseTuple(args, "l|i:called", &k, &raises))
        return NULL;
    run_stats_event(&stats, EV_CALLBACK);
    if (k < 0 || k >= MAX_IDS)
        rec.cb_bad_id = 1;
    else if (rec.cb_count[k]++ == 0)
        rec.cb_line[k] = program_line();
    return then_raise(raises);
}

static PyObject *closed(PyObject *self, PyObject *args)
{
    long g;
    int raises = 0;
    if (!PyArg_ParseTuple(args, "l|i:closed", &g, &raises))
        return NULL;
    run_stats_event(&stats, EV_FINALLY);
    if (g >= 0 && g < MAX_IDS && rec.gen_count[g]++ == 0)
        rec.gen_line[g] = program_line();
    return then_raise(raises);
}

static PyObject *hook(PyObject *self, PyObject *unraisable)
{
    PyObject *type = PyObject_GetAttrString(unraisable, "exc_type");
    if (!type)
        return NULL;
    rec.raised++;
    run_stats_event(&stats, EV_UNRAISABLE);
    int ignored = type == PyExc_RuntimeError && rec.ignoring > 0; /* after then_raise(2) */
    rec.ignoring -= ignored;
    if (type != PyExc_AttributeError && type != PyExc_ValueError && !ignored) {
        if (rec.raised_other < MAX_OTHER_NAMES)
            format(rec.other_names[rec.raised_other], sizeof rec.other_names[0], "%s",
                     PyType_Check(type) ? ((PyTypeObject *)type)->tp_name : "?");
        rec.raised_other++;
    }
    Py_DECREF(type);
    Py_RETURN_NONE;
}

/* An int item of a gc.callbacks info dict, -1 without one. */
static long info_number(PyObject *info, const char *key)
{
    PyObject *v = PyDict_Check(info) ? PyDict_GetItemString(info, key) : NULL;
    long n = v && PyLong_Check(v) ? PyLong_AsLong(v) : -1;
    PyErr_Clear();
    return n;
}

/* gc_event(phase, info): in gc.callbacks, so that the run's features see
 * every collection.  Never raises: an error here would reach
 * sys.unraisablehook and count against G11. */
static PyObject *gc_event(PyObject *self, PyObject *args)
{
    PyObject *phase, *info;
    if (!PyArg_ParseTuple(args, "UO:gc_event", &phase, &info)) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (PyUnicode_CompareWithASCIIString(phase, "start") == 0)
        run_stats_collection_start(&stats, info_number(info, "generation"));
    else
        run_stats_collection_stop(&stats, info_number(info, "collected"), info_number(info, "uncollectable"));
    Py_RETURN_NONE;
}

/* gc_phase(phase, k): what the program's gc.callbacks entry k (helpers.py's
 * on_gc('phases', k)) was called with.  Each collection calls it with
 * 'start' before and 'stop' after (G15): a second 'start' first is a
 * collection inside another. */
static PyObject *gc_phase(PyObject *self, PyObject *args)
{
    PyObject *phase;
    int k;
    if (!PyArg_ParseTuple(args, "Oi:gc_phase", &phase, &k) || k < 0 || k >= GCFUZZ_MAX_GC_HOOKS) {
        PyErr_Clear();
        Py_RETURN_NONE; /* an error here would reach sys.unraisablehook (G11) */
    }
    int start = PyUnicode_Check(phase) && PyUnicode_CompareWithASCIIString(phase, "start") == 0;
    int collecting = (rec.collecting >> k) & 1;
    if (start && collecting)
        violate_late(15, -1, program_line(), "G15 a gc.callbacks entry was called with 'start' at line %u before the "
                     "collection it saw start had stopped: a collection ran inside another", program_line());
    else if (!start && !collecting)
        violate_late(15, -1, program_line(), "G15 a gc.callbacks entry was called with 'stop' at line %u, with no "
                     "'start' before it", program_line());
    rec.collecting = (rec.collecting & ~(1u << k)) | ((unsigned)start << k);
    Py_RETURN_NONE;
}

/* --- the verdict: the checks, in the fallback recorder's order --- */

/* G2, G3 and G1 (with G4 under GCFUZZ_STRICT) for every finalizer */
static int verdict_finalizers(unsigned at, const unsigned char *prompt)
{
    if (rec.bad_id)
        return violate(3, SUBJECT_NONE, -1, at, "G3 a finalizer recorded an id outside 0..%d", MAX_IDS - 1);
    for (int i = 0; i < MAX_IDS; i++) {
        if (rec.count[i] > 1)
            return violate(2, SUBJECT_OBJECT, i, at, "G2 o%d finalized %u times, checked at line %u", i, rec.count[i], at);
        if (rec.count[i] && !rec.expected[i] && !rec.may[i])
            return violate(3, SUBJECT_OBJECT, i, rec.line[i], "G3 o%d finalized at line %u while still reachable", i,
                           rec.line[i]);
        if (rec.count[i] && !rec.expected[i] && rec.line[i] < rec.may[i])
            return violate(3, SUBJECT_OBJECT, i, rec.line[i],
                           "G3 o%d finalized at line %u, before it became unreachable at line %u", i, rec.line[i],
                           rec.may[i]);
    }
    for (int i = 0; i < MAX_IDS; i++) {
        unsigned d = rec.expected[i];
        if (!d)
            continue;
        if (!rec.count[i])
            return violate(1, SUBJECT_OBJECT, i, at, "G1 o%d not finalized by line %u, unreachable since line %u", i,
                           at, d);
        if (rec.line[i] < d)
            return violate(3, SUBJECT_OBJECT, i, rec.line[i],
                           "G3 o%d finalized at line %u, before it became unreachable at line %u", i, rec.line[i], d);
        if (rec.strict && prompt && prompt[i] && rec.line[i] != d)
            return violate(4, SUBJECT_OBJECT, i, rec.line[i],
                           "G4 o%d finalized at line %u, not at line %u where its last reference went", i,
                           rec.line[i], d);
    }
    return 0;
}

/* G5 for every weak reference's callback */
static int verdict_callbacks(unsigned at)
{
    if (rec.cb_bad_id)
        return violate(5, SUBJECT_NONE, -1, at, "G5 a callback recorded a weak reference number outside 0..%d",
                       MAX_IDS - 1);
    for (int k = 0; k < MAX_IDS; k++) {
        if (rec.cb_count[k] > 1)
            return violate(5, SUBJECT_CALLBACK, k, at, "G5 the callback of w%d ran %u times, checked at line %u", k,
                           rec.cb_count[k], at);
        if (rec.cb_count[k] && !rec.cb_expected[k] && !rec.cb_may[k])
            return violate(5, SUBJECT_CALLBACK, k, rec.cb_line[k],
                           "G5 the callback of w%d ran at line %u, but its weak reference died first or with its "
                           "referent, or the referent lives", k, rec.cb_line[k]);
        if (rec.cb_expected[k] && !rec.cb_count[k])
            return violate(5, SUBJECT_CALLBACK, k, at,
                           "G5 the callback of w%d did not run by line %u, its referent died at line %u", k, at,
                           rec.cb_expected[k]);
        if (rec.cb_expected[k] && rec.cb_line[k] < rec.cb_expected[k])
            return violate(5, SUBJECT_CALLBACK, k, rec.cb_line[k],
                           "G5 the callback of w%d ran at line %u, before its referent died at line %u", k,
                           rec.cb_line[k], rec.cb_expected[k]);
    }
    return 0;
}

/* G10 for every generator's finally block */
static int verdict_generators(unsigned at)
{
    for (int g = 0; g < MAX_IDS; g++) {
        if (rec.gen_count[g] > 1)
            return violate(10, SUBJECT_OBJECT, g, at, "G10 the finally block of generator o%d ran %u times, checked at line %u",
                           g, rec.gen_count[g], at);
        if (rec.gen_count[g] && !rec.gen_expected[g] && !rec.gen_may[g])
            return violate(10, SUBJECT_OBJECT, g, rec.gen_line[g],
                           "G10 the finally block of generator o%d ran at line %u, but the generator was unstarted, "
                           "or is still reachable", g, rec.gen_line[g]);
        if (rec.gen_expected[g] && !rec.gen_count[g])
            return violate(10, SUBJECT_OBJECT, g, at,
                           "G10 the finally block of generator o%d did not run by line %u, due since line %u", g, at,
                           rec.gen_expected[g]);
        if (rec.gen_expected[g] && rec.gen_line[g] < rec.gen_expected[g])
            return violate(10, SUBJECT_OBJECT, g, rec.gen_line[g],
                           "G10 the finally block of generator o%d ran at line %u, before line %u", g, rec.gen_line[g],
                           rec.gen_expected[g]);
    }
    return 0;
}

/* G11: exactly the exceptions the program raises outside its statements */
static int verdict_unraisable(unsigned at)
{
    unsigned want = rec.want + rec.raising_calls;
    if (!rec.raised_other && rec.raised >= want && rec.raised <= want + rec.want_open)
        return 0;
    char names[256] = "";
    for (unsigned i = 0; i < rec.raised - rec.raised_other && strlen(names) < 200; i++)
        strcat(names, i ? " expected" : "expected");
    for (unsigned i = 0; i < rec.raised_other && i < MAX_OTHER_NAMES; i++) {
        if (names[0])
            strcat(names, " ");
        strncat(names, rec.other_names[i], sizeof names - strlen(names) - 1);
    }
    char expected[32];
    format(expected, sizeof expected, rec.want_open ? "%u to %u" : "%u", want, want + rec.want_open);
    return violate(11, SUBJECT_NONE, -1, at,
                   "G11 %u exceptions reached sys.unraisablehook by line %u, expected %s AttributeError or ValueError (%s)",
                   rec.raised, at, expected, names);
}

/* How many objects in gc.garbage have no legacy finalizer (helpers.py's
 * legacy() marks those classes with _legacy): only those a collection
 * sets aside with a legacy finalizer may be there without
 * gc.DEBUG_SAVEALL. */
static Py_ssize_t garbage_not_legacy(void)
{
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; gc_garbage && PyList_Check(gc_garbage) && i < PyList_GET_SIZE(gc_garbage); i++) {
        PyObject *dict = ((PyTypeObject *)Py_TYPE(PyList_GET_ITEM(gc_garbage, i)))->tp_dict;
        n += !dict || !PyDict_GetItemString(dict, "_legacy");
    }
    return n;
}

/* Returns 1 on a violation. */
static int verdict(unsigned at, const unsigned char *prompt)
{
    if (verdict_finalizers(at, prompt) || verdict_callbacks(at) || verdict_generators(at))
        return 1;
    if (rec.late.guarantee) {
        rec.violation = rec.late;
        return 1;
    }
    if (verdict_unraisable(at))
        return 1;
    Py_ssize_t other = rec.saves ? 0 : garbage_not_legacy();
    if (other)
        return violate(9, SUBJECT_NONE, -1, at, "G9 gc.garbage holds %zd objects at line %u (none has a legacy "
                       "finalizer, and gc.DEBUG_SAVEALL was never set)", other, at);
    return 0;
}

int recorder_check_quiet(void)
{
    return verdict(0, NULL);
}

/* --- expectations --- */

/* {number: line} into table[number], the line counted from the program's
 * start into one of the script's; what= names the keyword in errors */
static int take_lines(PyObject *map, unsigned *table, const char *what)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (map && PyDict_Next(map, &pos, &key, &value)) {
        long k = PyLong_AsLong(key), line = PyLong_AsLong(value);
        if (PyErr_Occurred())
            return -1;
        if (k < 0 || k >= MAX_IDS || line <= 0) {
            PyErr_Format(malformed_type, "%s= wants {number: line}", what);
            return -1;
        }
        table[k] = rec.base + (unsigned)line;
    }
    return 0;
}

/* (number, ...) into set[number] */
static int take_set(PyObject *tuple, unsigned char *set)
{
    for (Py_ssize_t i = 0; tuple && i < PyTuple_GET_SIZE(tuple); i++) {
        long k = PyLong_AsLong(PyTuple_GET_ITEM(tuple, i));
        if (PyErr_Occurred())
            return -1;
        if (k >= 0 && k < MAX_IDS)
            set[k] = 1;
    }
    return 0;
}

struct expectation {
    PyObject *fired, *prompt, *called, *maybe, *closed, *may, *may_close;
    PyObject *unraisable; /* n, or (least, most) */
    const char *alive;
};

/* unraisable=n or unraisable=(least, most) */
static int take_unraisable(PyObject *u)
{
    long lo = 0, hi = 0;
    if (u && PyTuple_Check(u) && PyTuple_GET_SIZE(u) == 2)
        lo = PyLong_AsLong(PyTuple_GET_ITEM(u, 0)), hi = PyLong_AsLong(PyTuple_GET_ITEM(u, 1));
    else if (u)
        lo = hi = PyLong_AsLong(u);
    if (PyErr_Occurred() || lo < 0 || hi < lo) {
        PyErr_Clear();
        PyErr_SetString(malformed_type, "unraisable= wants n or (least, most)");
        return -1;
    }
    rec.want += (unsigned)lo, rec.want_open += (unsigned)(hi - lo);
    return 0;
}

static int take_expectation(const struct expectation *e, unsigned char *prompt_set)
{
    if (take_lines(e->fired, rec.expected, "fired") < 0 || take_lines(e->called, rec.cb_expected, "called") < 0 ||
        take_set(e->maybe, rec.cb_may) < 0 || take_lines(e->closed, rec.gen_expected, "closed") < 0 ||
        take_lines(e->may, rec.may, "may") < 0 || take_set(e->prompt, prompt_set) < 0 ||
        take_set(e->may_close, rec.gen_may) < 0)
        return -1;
    return take_unraisable(e->unraisable);
}

static PyObject *raise_violation(void)
{
    PyErr_SetString(violation_type, rec.violation.message);
    return NULL;
}

/* Take the expectation in, check what was recorded, then (alive=) the survivors. */
static PyObject *check(const struct expectation *e, unsigned at, PyObject *ns)
{
    unsigned char prompt_set[MAX_IDS] = {0};
    static struct alive alive;
    size_t bad;
    if (take_expectation(e, prompt_set) < 0)
        return NULL;
    if (e->alive && alive_parse(e->alive, &alive, &bad) < 0) {
        PyErr_Format(malformed_type, "bad word in alive=: '%.40s'", e->alive + bad);
        return NULL;
    }
    if (verdict(at, prompt_set) || (e->alive && check_survivors(ns, &alive, at)))
        return raise_violation();
    Py_RETURN_NONE;
}

static PyObject *expect(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"fired", "unraisable", "prompt", "alive", "called", "maybe", "closed", "may", "may_close",
                            NULL};
    struct expectation e = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O!OO!sO!O!O!O!O!:expect", names, &PyDict_Type, &e.fired,
                                     &e.unraisable, &PyTuple_Type, &e.prompt, &e.alive, &PyDict_Type, &e.called,
                                     &PyTuple_Type, &e.maybe, &PyDict_Type, &e.closed, &PyDict_Type, &e.may,
                                     &PyTuple_Type, &e.may_close))
        return NULL;
    PyObject *globals = PyEval_GetGlobals(); /* borrowed: the program's namespace */
    return check(&e, program_line(), globals);
}

/* The program's names in ns (those not starting with '_' and not modules):
 * how many, deleting them if `delete`; -1 on error. */
static int program_names(PyObject *ns, int delete)
{
    PyObject *keys = PyDict_Keys(ns);
    if (!keys)
        return -1;
    int n = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *k = PyList_GET_ITEM(keys, i), *v = compat_dict_get(ns, k);
        int program = v && PyUnicode_Check(k) && PyUnicode_READ_CHAR(k, 0) != '_' && !PyModule_Check(v);
        Py_XDECREF(v);
        if (!program)
            continue; /* (a finalizer may have deleted it meanwhile) */
        n++;
        if (delete && PyDict_DelItem(ns, k) < 0) {
            Py_DECREF(keys);
            return -1;
        }
    }
    Py_DECREF(keys);
    return PyErr_Occurred() ? -1 : n;
}

/* Before the teardown drops the names: debugging off and gc.garbage
 * emptied, so that what the collections saved, and what that holds, is
 * freed by the teardown's collections (the model's teardown does the same). */
static int unsave(void)
{
    PyObject *r = PyObject_CallFunction(gc_set_debug, "i", 0);
    if (!r)
        return -1;
    Py_DECREF(r);
    return PyList_SetSlice(gc_garbage, 0, PyList_GET_SIZE(gc_garbage), NULL);
}

int recorder_teardown_settled(void) { return rec.settled; }

int recorder_free_legacy(void)
{
    PyObject *r = helper_free_legacy ? PyObject_CallNoArgs(helper_free_legacy) : NULL;
    long n = r ? PyLong_AsLong(r) : -1;
    Py_XDECREF(r);
    return (int)n;
}

/* Drop the program's names and collect until none come back: a finalizer
 * may resurrect its object into a name (r<id>, or one of the program's), in
 * the deletions or in the collection; it is not finalized twice, so quiet
 * comes within SHAPE_TEARDOWN_ROUNDS (shape.h).  Legacy objects the
 * collections put in gc.garbage are freed by hand (recorder_free_legacy),
 * and what they held with them; a collection that set aside garbage
 * reachable from a legacy object is followed by another (helpers.py's
 * free_legacy says which: what a legacy object freed by reference counting
 * within the collection held is garbage for the next one).  gc.collect(), not
 * PyGC_Collect(): the C call does nothing while the program has the
 * collector disabled.  The namespace itself stays: finalizers may use it. */
static int drop_names(PyObject *ns)
{
    for (int round = 0; round < SHAPE_TEARDOWN_ROUNDS; round++) {
        int dropped = program_names(ns, 1);
        if (dropped < 0)
            return -1;
        PyObject *r = gc_collect ? PyObject_CallNoArgs(gc_collect) : NULL;
        Py_ssize_t found = r ? PyLong_AsSsize_t(r) : -1;
        Py_XDECREF(r);
        if (found < 0)
            return -1;
        int freed = recorder_free_legacy();
        int left = program_names(ns, 0);
        if (left < 0 || freed < 0)
            return -1;
        if (!dropped && !left && !freed) { /* a collection with nothing more to drop, and none came back */
            rec.settled = !found;
            break;
        }
    }
    return 0;
}

/* G1, G2 for the links of every Link chain (helpers.py's deep()): once
 * the teardown freed everything, each link was finalized exactly once.
 * Checked here only: a live chain's links are checked unfinalized with its
 * slot (chain_end), and a dead one's die with it, where the model knows. */
static int chains_unfinished(unsigned at)
{
    PyObject *r = PyObject_CallNoArgs(helper_chains_done);
    int k, done, links;
    if (!r || r == Py_None || !PyArg_ParseTuple(r, "iii", &k, &done, &links)) {
        Py_XDECREF(r);
        PyErr_Clear();
        return 0;
    }
    Py_DECREF(r);
    return violate(done < links ? 1 : 2, SUBJECT_OBJECT, k, at, "G%d %d of the %d links of chain o%d finalized by "
                   "the end of the program, line %u: each exactly once", done < links ? 1 : 2, done, links, k, at);
}

static PyObject *teardown(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"ns", "fired", "unraisable", "called", "maybe", "closed", "may_close", NULL};
    PyObject *ns;
    struct expectation e = {0};
    unsigned at = program_line();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!|O!OO!O!O!O!:teardown", names, &PyDict_Type, &ns, &PyDict_Type,
                                     &e.fired, &e.unraisable, &PyDict_Type, &e.called, &PyTuple_Type, &e.maybe,
                                     &PyDict_Type, &e.closed, &PyTuple_Type, &e.may_close))
        return NULL;
    if (rec.saves && unsave() < 0)
        return NULL;
    if (drop_names(ns) < 0)
        return NULL;
    if (chains_unfinished(at))
        return raise_violation();
    return check(&e, at, ns);
}

/* --- the interpreter's exit (exits.h; docs/oracle.md "At interpreter
 * exit"): no finalizer, callback or finally block twice in the whole life
 * of the objects, before and at exit; every weakref.finalize object called
 * exactly once.  Nothing about what is finalized at exit, nor when. --- */

/* The atexit handlers did not run exactly once each, last registered first */
static int handlers_wrong(void)
{
    if (rec.n_run != exiting.handlers)
        return 1;
    for (int i = 0; i < rec.n_run; i++)
        if (rec.handlers_run[i] != exiting.handlers - 1 - i)
            return 1;
    return 0;
}

/* "none", or "3 1 0": the handlers that ran, in order */
static const char *handlers_seen(void)
{
    static char out[64];
    out[0] = '\0';
    for (int i = 0; i < rec.n_run && i < MAX_HANDLERS_RUN; i++)
        format(out + strlen(out), sizeof out - strlen(out), i ? " %d" : "%d", rec.handlers_run[i]);
    return out[0] ? out : "none";
}

static int exit_problem(void)
{
    unsigned at = exiting.line;
    for (int i = 0; i < MAX_IDS; i++)
        if (rec.count[i] > 1)
            return violate(2, SUBJECT_OBJECT, i, at, "G2 o%d finalized %u times by the end of the interpreter, "
                           "ended at line %u", i, rec.count[i], at);
    for (int k = 0; k < MAX_IDS; k++) {
        if (exiting.must_call[k] && rec.cb_count[k] != 1)
            return violate(14, SUBJECT_CALLBACK, k, at, "G14 weakref.finalize w%d called %u times by the end of the "
                           "interpreter, ended at line %u: once, at exit if not before", k, rec.cb_count[k], at);
        if (rec.cb_count[k] > 1)
            return violate(5, SUBJECT_CALLBACK, k, at, "G5 the callback of w%d ran %u times by the end of the "
                           "interpreter, ended at line %u", k, rec.cb_count[k], at);
    }
    if (handlers_wrong())
        return violate(14, SUBJECT_NONE, -1, at, "G14 %d atexit handlers registered, and the interpreter, ended at line "
                       "%u, ran %s: each once, last registered first", exiting.handlers, at, handlers_seen());
    for (int g = 0; g < MAX_IDS; g++)
        if (rec.gen_count[g] > 1)
            return violate(10, SUBJECT_OBJECT, g, at, "G10 the finally block of generator o%d ran %u times by the end "
                           "of the interpreter, ended at line %u", g, rec.gen_count[g], at);
    return 0;
}

void recorder_exit_verdict(struct run_result *res)
{
    memset(res, 0, sizeof *res);
    res->number = -1;
    if (exit_problem())
        recorder_violation(res);
}

int recorder_stopped(void) { return PyErr_ExceptionMatches(exit_type); }

/* at_exit(n): atexit.register(exited, n) */
static PyObject *at_exit(PyObject *self, PyObject *n)
{
    PyObject *r = PyObject_CallFunctionObjArgs(atexit_register, exited_function, n, NULL);
    if (!r)
        return NULL;
    Py_DECREF(r);
    rec.handlers++;
    Py_RETURN_NONE;
}

/* exited(n): atexit handler n ran.  Only the child that ends the
 * interpreter at shutdown() may run one: anywhere else (a tool that ends
 * its interpreter) the reset did not unregister it, a harness bug, and the
 * process aborts.  (atexit cannot say what is registered: _ncallbacks()
 * counts the unregistered too.) */
static PyObject *exited(PyObject *self, PyObject *n)
{
    long k = PyLong_AsLong(n);
    if (k == -1 && PyErr_Occurred())
        return NULL;
    if (!exiting.ending) {
        fprintf(stderr, "gcfuzz: a program's atexit handler %ld ran outside shutdown()'s child: it was never "
                        "unregistered (a harness bug)\n", k);
        abort();
    }
    if (rec.n_run < MAX_HANDLERS_RUN)
        rec.handlers_run[rec.n_run] = (int)k;
    rec.n_run++;
    Py_RETURN_NONE;
}

/* shutdown((k, ...), handlers, way='interpreter'): the interpreter ends
 * here, in a child (exits.h), or with way 'sub' a sub-interpreter in which
 * the child runs the program again; the k are the weakref.finalize objects
 * made so far, handlers the atexit handlers at_exit() registered.  In the
 * parent, once the child is done: nothing, or its failure raised as a
 * Violation. */
static PyObject *shutdown(PyObject *self, PyObject *args)
{
    unsigned char must_call[MAX_IDS] = {0};
    PyObject *ks;
    int handlers = 0;
    const char *way = "interpreter";
    if (!PyArg_ParseTuple(args, "O!|is:shutdown", &PyTuple_Type, &ks, &handlers, &way) || take_set(ks, must_call) < 0)
        return NULL;
    int sub = strcmp(way, "sub") == 0;
    if (!sub && strcmp(way, "interpreter") != 0)
        return PyErr_Format(malformed_type, "shutdown() ends the 'interpreter' or a 'sub' one, not '%s'", way);
    if (!exits_enabled())
        Py_RETURN_NONE;
    unsigned at = program_line();
    /* in the child: the program run again reached its shutdown() in the
       sub-interpreter that ends here; otherwise the fork's child ends the
       interpreter here, or runs the program again first (runner.c) and
       checks it on the way as ever (ending 0) */
    int again = exits_in_child();
    if (again || exits_fork(&rec.exit_result, sub ? EXITS_SUBINTERPRETER : EXITS_INTERPRETER)) {
        exiting.ending = again || !sub, exiting.line = at, exiting.handlers = handlers;
        memcpy(exiting.must_call, must_call, sizeof must_call);
        PyErr_SetNone(exit_type); /* the runner takes it from here: exits_end() */
        return NULL;
    }
    if (!result_failed(&rec.exit_result))
        Py_RETURN_NONE;
    if (!rec.exit_result.line)
        rec.exit_result.line = at;
    PyErr_SetString(violation_type, rec.exit_result.message);
    return NULL;
}

/* --- parse(text): what the recorder reads in a shape or alive string, as
 * plain values, to compare with the pure-Python recorder's reading --- */

static PyObject *slot_value_of(const struct shape_slot *s)
{
    switch ((enum shape_code)s->code) {
    case CODE_EMPTY: return Py_BuildValue("(s)", "-");
    case CODE_OPEN: return Py_BuildValue("(s)", "?");
    case CODE_WEAK: return Py_BuildValue("(Ci)", s->kind == WEAK_PROXY ? SHAPE_PROXY : s->kind == WEAK_METHOD ? SHAPE_WEAK_METHOD : SHAPE_WEAK, s->target);
    case CODE_STRONG: return Py_BuildValue("(C i)", kind_info(s->kind)->letter, s->target);
    }
    Py_RETURN_NONE;
}

static PyObject *shape_value(const struct shape *sh)
{
    PyObject *slots = PyTuple_New(sh->slots);
    for (int s = 0; slots && s < sh->slots; s++)
        PyTuple_SET_ITEM(slots, s, slot_value_of(&sh->slot[s]));
    PyObject *lookup = sh->lookup_slot < 0 ? Py_NewRef(Py_None) : Py_BuildValue("(iN)", sh->lookup_slot, slot_value_of(&sh->lookup));
    return Py_BuildValue("(C i N N)", kind_info(sh->kind)->letter, sh->number, slots, lookup);
}

/* VALUES as (ids, nothing allowed) */
static PyObject *values_value(const struct value_set *v)
{
    PyObject *ids = PyList_New(0);
    for (int i = 0; ids && i < v->n; i++) {
        PyObject *id = PyLong_FromLong(v->id[i]);
        PyList_Append(ids, id);
        Py_XDECREF(id);
    }
    if (!ids || PyList_Sort(ids) < 0) {
        Py_XDECREF(ids);
        return NULL;
    }
    PyObject *t = PyList_AsTuple(ids);
    Py_DECREF(ids);
    return t ? Py_BuildValue("(NO)", t, v->empty ? Py_True : Py_False) : NULL;
}

/* d[key] = value, taking both references */
static void put_item(PyObject *d, PyObject *key, PyObject *value)
{
    if (key && value)
        PyDict_SetItem(d, key, value);
    Py_XDECREF(key);
    Py_XDECREF(value);
}

static PyObject *alive_value(const struct alive *a)
{
    PyObject *names = PyDict_New(), *kept = PyDict_New(), *deleted = PyDict_New(), *attrs = PyDict_New(),
             *lookups = PyDict_New(), *shapes = PyDict_New();
    if (!names || !kept || !deleted || !attrs || !lookups || !shapes)
        goto done;
    for (int n = 0; n < SHAPE_MAX_NAMES; n++) {
        if (value_set_listed(&a->name_of[n]))
            put_item(names, PyLong_FromLong(n), values_value(&a->name_of[n]));
        if (value_set_listed(&a->kept_of[n]))
            put_item(kept, PyLong_FromLong(n), values_value(&a->kept_of[n]));
    }
    for (int c = 0; c < SHAPE_MAX_CLASSES; c++) {
        if (a->deleted[c])
            put_item(deleted, PyLong_FromLong(c), Py_NewRef(Py_True));
        for (int s = 0; s < SHAPE_SLOTS; s++)
            if (value_set_listed(&a->attr_of[c][s]))
                put_item(attrs, Py_BuildValue("(ii)", c, s), values_value(&a->attr_of[c][s]));
    }
    for (int i = 0; i < SHAPE_MAX_IDS; i++) {
        for (int s = 0; s < SHAPE_SLOTS; s++)
            if (value_set_listed(&a->lookup_of[i][s]))
                put_item(lookups, Py_BuildValue("(ii)", i, s), values_value(&a->lookup_of[i][s]));
        if (a->known[i])
            put_item(shapes, PyLong_FromLong(i), shape_value(&a->shapes[i]));
    }
done:
    if (!names || !kept || !deleted || !attrs || !lookups || !shapes || PyErr_Occurred()) {
        Py_XDECREF(names), Py_XDECREF(kept), Py_XDECREF(deleted);
        Py_XDECREF(attrs), Py_XDECREF(lookups), Py_XDECREF(shapes);
        return NULL;
    }
    return Py_BuildValue("{s:i,s:N,s:N,s:N,s:N,s:N,s:N}", "classes", a->classes, "names", names, "kept", kept,
                         "deleted", deleted, "attrs", attrs, "lookups", lookups, "shapes", shapes);
}

static PyObject *parse(PyObject *self, PyObject *arg)
{
    static struct alive a;
    size_t bad;
    const char *text = PyUnicode_AsUTF8(arg);
    if (!text)
        return NULL;
    if (alive_parse(text, &a, &bad) < 0) {
        PyErr_Format(malformed_type, "bad word: '%.40s'", text + bad);
        return NULL;
    }
    return alive_value(&a);
}

/* What finalizers, callbacks and collections call runs one call at a time:
 * on a free-threaded build they run on several threads at once (a THREAD
 * beside the program's statement), and the recorder's counts are plain
 * memory.  Reentrant (a call may collect, and a collection calls them on
 * the same thread), and waiting detached, so that a collection that stops
 * the world does not wait for a thread waiting here. */
#ifdef Py_GIL_DISABLED
#include <pthread.h>
static pthread_mutex_t one_call = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* no edge counters before the lock: a fuzz build's counters are plain bytes
   that two threads would increment at once (ThreadSanitizer says so) */
#if defined(__clang__)
#define BEFORE_THE_LOCK __attribute__((no_sanitize("coverage")))
#else
#define BEFORE_THE_LOCK
#endif
#define ONE_AT_A_TIME(name)                                                                                        \
    BEFORE_THE_LOCK static PyObject *one_##name(PyObject *self, PyObject *arg)                                     \
    {                                                                                                              \
        if (pthread_mutex_trylock(&one_call)) {                                                                    \
            Py_BEGIN_ALLOW_THREADS pthread_mutex_lock(&one_call);                                                  \
            Py_END_ALLOW_THREADS                                                                                   \
        }                                                                                                          \
        PyObject *r = name(self, arg);                                                                             \
        pthread_mutex_unlock(&one_call);                                                                           \
        return r;                                                                                                  \
    }
#else
#define ONE_AT_A_TIME(name)                                                                                        \
    static PyObject *one_##name(PyObject *self, PyObject *arg) { return name(self, arg); }
#endif
ONE_AT_A_TIME(fired)
ONE_AT_A_TIME(hook)
ONE_AT_A_TIME(called)
ONE_AT_A_TIME(gc_phase)
ONE_AT_A_TIME(sees)
ONE_AT_A_TIME(wrote)
ONE_AT_A_TIME(finalized)
ONE_AT_A_TIME(closed)
ONE_AT_A_TIME(gc_event)
ONE_AT_A_TIME(hand_over)

static PyMethodDef methods[] = {
    {"fired", one_fired, METH_O, "fired(obj): obj's finalizer ran (obj._id names it; its contents are checked, G6)."},
    {"deaths_are", deaths_are, METH_O, "deaths_are(shapes): what each object holds when it dies (for G6)."},
    {"hook", one_hook, METH_O, "sys.unraisablehook: counts exceptions by type."},
    {"called", one_called, METH_VARARGS, "called(k, raises=0): the callback of weak reference w<k> ran (then raise)."},
    {"raises", raises, METH_O, "raises(1): raise ValueError, which must reach sys.unraisablehook (G11)."},
    {"gc_phase", one_gc_phase, METH_VARARGS, "gc_phase(phase, k): the program's gc.callbacks entry k was called (G15)."},
    {"sees", one_sees, METH_VARARGS, "sees(obj, s): a finalizer reads obj.c<s>; it must find what the model says (G8)."},
    {"wrote", one_wrote, METH_VARARGS, "wrote(obj, s): a finalizer bound type(obj).c<s> = obj; it must read it back (G8)."},
    {"finalized", one_finalized, METH_VARARGS, "finalized(obj, want): gc.is_finalized(obj) must be want, unless None (G2)."},
    {"reads", reads, METH_VARARGS, "reads(what, got, want): a collector setting read back must be want (G13)."},
    {"saved", saved, METH_VARARGS, "saved(id, ...): these garbage instances are in gc.garbage (DEBUG_SAVEALL, G9)."},
    {"debug", debug, METH_O, "debug(flags): gc.set_debug(flags), printing to /dev/null until the run ends."},
    {"writers_are", writers_are, METH_O, "writers_are(cells): who may write a class attribute a finalizer reads back."},
    {"closed", one_closed, METH_VARARGS, "closed(g, raises=0): the finally block of generator o<g> ran (then raise)."},
    {"expect", (PyCFunction)(void (*)(void))expect, METH_VARARGS | METH_KEYWORDS,
     "expect(fired={id: line}, unraisable=n or (least, most), prompt=(), alive=shapes, called={k: line}, maybe=(k,), "
     "closed={g: line}, may={id: line}, may_close=(g,)): check a checkpoint."},
    {"teardown", (PyCFunction)(void (*)(void))teardown, METH_VARARGS | METH_KEYWORDS,
     "teardown(ns, fired={id: line}, unraisable=n or (least, most), called={k: line}, maybe=(k,), closed={g: line}, "
     "may_close=(g,)): drop the program's names, collect, check."},
    {"shutdown", shutdown, METH_VARARGS, "shutdown((k, ...), handlers, way='interpreter'): the interpreter (or with "
     "'sub' a sub-interpreter that runs the program again) ends here in a child, whose "
     "weakref.finalize objects w<k> must be called once by then, and its atexit handlers each run once, last "
     "first (G14); the program goes on."},
    {"at_exit", at_exit, METH_O, "at_exit(n): atexit.register(exited, n); unregistered when the run ends."},
    {"exited", exited, METH_O, "exited(n): atexit handler n ran."},
    {"gc_event", one_gc_event, METH_VARARGS, "gc_event(phase, info): a gc.callbacks entry; counts collections."},
    {"hand_over", one_hand_over, METH_O, "hand_over(line or None): a statement starts threads; until they end, what "
     "runs outside _t is at its line (None: the line now). Returns the line before."},
    {"parse", parse, METH_O, "parse(text): what the recorder reads in an alive= or deaths_are() string."},
    {NULL, NULL, 0, NULL},
};

/* Run the generated constants, then helpers.py, as the module's code: gen(),
 * cell(), ... defined once here rather than compiled into every program
 * (the fallback defines the same). */
static int run_helpers(PyObject *m)
{
    PyObject *d = PyModule_GetDict(m);
    PyObject *r = PyRun_String(constants_python(CONSTANTS_RECORDER, ""), Py_file_input, d, d);
    Py_XDECREF(r);
    r = r ? PyRun_String(helpers_py, Py_file_input, d, d) : NULL;
    Py_XDECREF(r);
    if (!r)
        return -1;
    helper_find = PyObject_GetAttrString(m, "find");
    helper_held = PyObject_GetAttrString(m, "held");
    helper_chains_done = PyObject_GetAttrString(m, "chains_done");
    helper_tallies = PyObject_GetAttrString(m, "tallies");
    helper_free_legacy = PyObject_GetAttrString(m, "free_legacy");
    helper_threads = PyObject_GetAttrString(m, "THREADS");
    return helper_find && helper_held && helper_chains_done && helper_tallies && PyDict_Check(helper_tallies) &&
                   helper_free_legacy && helper_threads && PyList_Check(helper_threads)
               ? 0
               : -1;
}

/* The module's execution, in each interpreter that imports it: the
 * harness's, and in the child that ends a sub-interpreter (exits.h), that
 * one's, whose objects these statics then name. */
static int exec_module(PyObject *m)
{
    violation_type = PyErr_NewException("_gcfuzz.Violation", NULL, NULL);
    malformed_type = PyErr_NewException("_gcfuzz.Malformed", PyExc_ValueError, NULL);
    exit_type = PyErr_NewException("_gcfuzz.Exit", PyExc_BaseException, NULL);
    PyObject *gc = PyImport_ImportModule("gc");
    if (!violation_type || !malformed_type || !exit_type || !gc || PyModule_AddObjectRef(m, "Violation", violation_type) < 0 ||
        PyModule_AddObjectRef(m, "Malformed", malformed_type) < 0 || run_helpers(m) < 0) {
        Py_XDECREF(gc);
        return -1;
    }
    gc_garbage = PyObject_GetAttrString(gc, "garbage");
    gc_collect = PyObject_GetAttrString(gc, "collect");
    gc_is_finalized = PyObject_GetAttrString(gc, "is_finalized");
    gc_set_debug = PyObject_GetAttrString(gc, "set_debug");
    PyObject *atexit = PyImport_ImportModule("atexit");
    atexit_register = atexit ? PyObject_GetAttrString(atexit, "register") : NULL;
    atexit_unregister = atexit ? PyObject_GetAttrString(atexit, "unregister") : NULL;
    Py_XDECREF(atexit);
    exited_function = PyObject_GetAttrString(m, "exited");
    PyObject *saveall = PyObject_GetAttrString(gc, "DEBUG_SAVEALL");
    gc_saveall = saveall ? PyLong_AsLong(saveall) : -1;
    Py_XDECREF(saveall);
    Py_DECREF(gc);
    /* opened here, not by the first debug(): a reset between programs must
       find what it found before them (runner_is_clean) */
    PyObject *io = PyImport_ImportModule("io");
    devnull = io ? PyObject_CallMethod(io, "open", "ss", "/dev/null", "w") : NULL;
    Py_XDECREF(io);
    if (!gc_garbage || !gc_collect || !gc_is_finalized || !gc_set_debug || gc_saveall <= 0 || !devnull ||
        !atexit_register || !atexit_unregister || !exited_function)
        return -1;
    return 0;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
#ifdef Py_mod_gil
    /* Programs' threads call the recorder only under its lock (ONE_AT_A_TIME):
       without this declaration importing the module turns the GIL back on,
       and a free-threaded build would be fuzzed as if it had a GIL. */
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

/* Multi-phase initialisation, so that a sub-interpreter gets a module of
 * its own (a single-phase one would be handed a copy of the harness
 * interpreter's dictionary: its helpers, its gc module). */
static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_gcfuzz", .m_doc = "gcfuzz's native recorder.", .m_size = 0,
    .m_methods = methods, .m_slots = slots,
};

PyMODINIT_FUNC PyInit__gcfuzz(void) { return PyModuleDef_Init(&module); }
