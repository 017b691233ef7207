/* runner.c — the embedded interpreter (runner.h).
 *
 * Started the way CPython's own fuzzers start it: PyConfig, no signal
 * handlers, once.  The start-up heap is then collected and frozen so that a
 * program's full collections only traverse the program's objects.  Each
 * program gets a copy of a namespace template (builtins, gc, sys, weakref,
 * _gcfuzz as _g); nothing of it survives the program: exceptions are fetched
 * and dropped, never printed (PyErr_Print would keep them in sys.last_*). */
#define PY_SSIZE_T_CLEAN
#include "runner.h"

#include "model.h"
#include "recorder.h"

#include <Python.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PyObject *ns_template;
static PyObject *gc_module;
static PyObject *violation_type; /* _gcfuzz.Violation */
static int debug_build;          /* sys.gettotalrefcount exists */
static PyObject *default_thresholds; /* gc.get_threshold() at start-up */
static long frozen_baseline;          /* gc.get_freeze_count() once the start-up heap is frozen */

static int start_failed(const char *what, PyStatus status)
{
    fprintf(stderr, "gcfuzz: cannot start the embedded Python: %s: %s\n", what,
            status.err_msg ? status.err_msg : "(no detail)");
    return -1;
}

static long freeze_count(void)
{
    PyObject *n = PyObject_CallMethod(gc_module, "get_freeze_count", NULL);
    long v = n ? PyLong_AsLong(n) : -1;
    Py_XDECREF(n);
    PyErr_Clear();
    return v;
}

static int fill_template(void)
{
    static const char *const modules[][2] = {{"gc", "gc"}, {"sys", "sys"}, {"weakref", "weakref"}, {"_g", "_gcfuzz"}};
    ns_template = PyDict_New();
    PyObject *name = PyUnicode_FromString("__gcfuzz__");
    if (!ns_template || !name || PyDict_SetItemString(ns_template, "__builtins__", PyEval_GetBuiltins()) < 0 ||
        PyDict_SetItemString(ns_template, "__name__", name) < 0)
        return -1;
    Py_DECREF(name);
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        PyObject *m = PyImport_ImportModule(modules[i][1]);
        if (!m || PyDict_SetItemString(ns_template, modules[i][0], m) < 0)
            return -1;
        Py_DECREF(m);
    }
    gc_module = PyImport_ImportModule("gc");
    default_thresholds = gc_module ? PyObject_CallMethod(gc_module, "get_threshold", NULL) : NULL;
    if (!default_thresholds)
        return -1;
    PyObject *recorder = PyDict_GetItemString(ns_template, "_g");
    PyObject *hook = PyObject_GetAttrString(recorder, "hook");
    violation_type = PyObject_GetAttrString(recorder, "Violation");
    if (!gc_module || !hook || !violation_type || PySys_SetObject("unraisablehook", hook) < 0)
        return -1;
    Py_DECREF(hook);
    /* what the first program to use them would initialise once and keep
       (weakref.finalize imports atexit and registers with it, ...) is made
       now, so that no program leaves state behind */
    PyObject *warm = PyDict_Copy(ns_template);
    PyObject *done = warm ? PyRun_String("class W: pass\n"
                                         "w = W()\n"
                                         "weakref.finalize(w, int)\n"
                                         "weakref.WeakValueDictionary()['k'] = w\n"
                                         "weakref.WeakKeyDictionary()[w] = 0\n"
                                         "weakref.WeakSet().add(w)\n"
                                         "_g.catch(w); _g.partial(_g.cell, w)\n"
                                         "del w\n",
                                         Py_file_input, warm, warm)
                              : NULL;
    Py_XDECREF(done);
    if (warm)
        PyDict_Clear(warm);
    Py_XDECREF(warm);
    if (!done)
        return -1;
    /* the start-up heap is never the program's: keep it out of collections */
    PyGC_Collect();
    PyObject *r = PyObject_CallMethod(gc_module, "freeze", NULL);
    if (!r)
        return -1;
    Py_DECREF(r);
    frozen_baseline = freeze_count();
    return 0;
}

int runner_init(void)
{
    if (ns_template)
        return 0;
    if (PyImport_AppendInittab("_gcfuzz", PyInit__gcfuzz) < 0) {
        fprintf(stderr, "gcfuzz: cannot register the _gcfuzz module\n");
        return -1;
    }
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.site_import = 0;       /* nothing from site-packages runs in the harness */
    config.parse_argv = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        return start_failed("Py_InitializeFromConfig", status);
    if (fill_template() < 0) {
        fprintf(stderr, "gcfuzz: cannot prepare the program namespace:\n");
        PyErr_Print();
        return -1;
    }
    debug_build = runner_total_refcount() >= 0;
    recorder_set_strict(getenv("GCFUZZ_STRICT") && strcmp(getenv("GCFUZZ_STRICT"), "1") == 0);
    return 0;
}

static void fail(struct run_result *res, const char *guarantee, const char *fmt, ...)
{
    va_list ap;
    res->failed = 1;
    snprintf(res->guarantee, sizeof res->guarantee, "%s", guarantee);
    va_start(ap, fmt);
    vsnprintf(res->message, sizeof res->message, fmt, ap);
    va_end(ap);
}

/* A failure whose message is the recorder's: "Gn ..." */
static void fail_recorded(struct run_result *res, const char *suffix)
{
    const char *v = recorder_violation();
    fail(res, "", "%s%s", v, suffix);
    snprintf(res->guarantee, sizeof res->guarantee, "%.*s", (int)strcspn(v, " "), v);
}

/* The program stopped with an exception: a violation the recorder raised, or
 * the program itself failed, which a valid program never does: something it
 * bound was lost (G7).  Takes the exception and drops it. */
static void take_exception(struct run_result *res)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == violation_type && recorder_violation()) {
        fail_recorded(res, "");
    } else {
        long line = 0;
        PyObject *l = tb ? PyObject_GetAttrString(tb, "tb_lineno") : NULL;
        if (l)
            line = PyLong_AsLong(l);
        Py_XDECREF(l);
        PyErr_Clear();
        const char *name = type && PyType_Check(type) ? ((PyTypeObject *)type)->tp_name : "?";
        fail(res, "G7", "G7 the program raised %s at line %ld: something it bound was lost", name, line);
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* After a failure the namespace may still hold cycles, the recorder events:
 * collect and forget them so the next program starts clean. */
static void clean_after_failure(void)
{
    PyGC_Enable(); /* PyGC_Collect does nothing while the collector is disabled */
    PyGC_Collect();
    PyObject *garbage = PyObject_GetAttrString(gc_module, "garbage");
    if (garbage && PyList_Check(garbage))
        PyList_SetSlice(garbage, 0, PyList_GET_SIZE(garbage), NULL);
    Py_XDECREF(garbage);
    PyObject *r = PyObject_CallMethod(gc_module, "set_debug", "i", 0);
    Py_XDECREF(r);
    PyErr_Clear();
    recorder_reset();
}

/* Programs may disable the collector and change its thresholds: the next
 * program starts from the interpreter's defaults. */
/* 0 while running a program known to call neither gc.freeze() nor
 * gc.unfreeze(): gc.get_freeze_count() walks the whole permanent
 * generation, too slow to ask after every program. */
static int may_freeze = 1;

void runner_restore_gc_settings(int program_may_freeze)
{
    PyGC_Enable();
    /* a program's gc.unfreeze() thawed the start-up heap too (its teardown
       unfreezes whatever it froze): collect the program's leftovers, then
       freeze the start-up heap again */
    if (program_may_freeze && freeze_count() != frozen_baseline) {
        PyObject *r = PyObject_CallMethod(gc_module, "unfreeze", NULL);
        Py_XDECREF(r);
        PyGC_Collect();
        r = PyObject_CallMethod(gc_module, "freeze", NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        frozen_baseline = freeze_count();
    }
    PyGC_Enable();
    PyObject *r = PyObject_CallMethod(gc_module, "set_threshold", "OOO", PyTuple_GET_ITEM(default_thresholds, 0),
                            PyTuple_GET_ITEM(default_thresholds, 1), PyTuple_GET_ITEM(default_thresholds, 2));
    Py_XDECREF(r);
    PyErr_Clear();
}

/* Compile and run `source` (NUL-terminated) in a fresh namespace. */
static void run_source(const char *source, struct run_result *res)
{
    memset(res, 0, sizeof *res);
    recorder_reset();
    PyGC_Enable();
    PyObject *ns = PyDict_Copy(ns_template);
    PyObject *code = ns ? Py_CompileString(source, "<gcfuzz>", Py_file_input) : NULL;
    if (!code) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *text = value ? PyObject_Str(value) : NULL;
        fail(res, "ERROR", "ERROR the program does not compile: %s",
             text && PyUnicode_Check(text) ? PyUnicode_AsUTF8(text) : "?");
        Py_XDECREF(text);
        Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(tb);
        PyErr_Clear();
    } else {
        PyObject *r = PyEval_EvalCode(code, ns, ns);
        Py_DECREF(code);
        if (r)
            Py_DECREF(r);
        else
            take_exception(res);
    }
    /* the teardown has collected: what is left in the namespace is the
       program's shared functions, in a cycle with it through __globals__ */
    if (ns)
        PyDict_Clear(ns);
    Py_XDECREF(ns);
    /* a finalizer that runs once the namespace is gone ran again (G2) or
       was never expected (G3) */
    if (!res->failed && recorder_check_quiet())
        fail_recorded(res, " (after teardown)");
    if (res->failed)
        clean_after_failure();
    runner_restore_gc_settings(may_freeze);
    recorder_reset();
}

/* Under a debug libpython, a program must give back every reference it took
 * (G12).  The first run of a text may fill caches (interned names, the type
 * attribute cache), so a program that leaves references behind is run once
 * more: only references lost again on the second run are a leak. */
static long settled_refcount(void)
{
    /* the type attribute cache holds names: new classes get new version
       tags, so its entries, and the references they hold, churn */
    PyType_ClearCache();
    return runner_total_refcount();
}

static void run_checking_references(const char *source, struct run_result *res)
{
    if (!debug_build) {
        run_source(source, res);
        return;
    }
    long before = settled_refcount();
    run_source(source, res);
    if (res->failed || settled_refcount() == before)
        return;
    before = settled_refcount();
    run_source(source, res);
    long leaked = settled_refcount() - before;
    if (!res->failed && leaked != 0)
        fail(res, "G12", "G12 the program leaked %ld references (total refcount, debug build)", leaked);
}

void runner_describe_object(const struct program *p, int obj, char *out, size_t size)
{
    struct model m;
    snprintf(out, size, "o%d", obj);
    if (!model_run(&m, p) || obj < 0 || obj >= (int)m.n_objects)
        return;
    const struct model_object *o = &m.objects[obj];
    if (o->kind != OBJ_INSTANCE) {
        snprintf(out, size, "o%d (a %s)", obj, o->kind == OBJ_LIST ? "list" : o->kind == OBJ_DICT ? "dict" : "generator");
        return;
    }
    int fin = model_finalizer_class(&m, o->cls);
    if (fin >= 0 && fin != o->cls)
        snprintf(out, size, "o%d (instance of C%d, __del__ from C%d)", obj, o->cls, fin);
    else
        snprintf(out, size, "o%d (instance of C%d)", obj, o->cls);
}

int runner_failure_object(const char *message)
{
    for (const char *s = message; (s = strstr(s, " o")) != NULL; s++)
        if (s[2] >= '0' && s[2] <= '9')
            return atoi(s + 2);
    return -1;
}

int runner_program_freezes(const struct program *p)
{
    for (size_t i = 0; i < p->n_ops; i++)
        if (p->ops[i].kind == OP_FREEZE)
            return 1;
    return 0;
}

void runner_run_program(const struct program *p, struct rendered *r, struct run_result *res)
{
    if (!render_program(p, RENDER_NATIVE, r)) {
        memset(res, 0, sizeof *res);
        fail(res, "ERROR", "ERROR the renderer could not write this program");
        return;
    }
    may_freeze = runner_program_freezes(p);
    run_checking_references(r->text, res);
    may_freeze = 1;
    int obj = runner_failure_object(res->message);
    if (res->failed && obj >= 0) {
        char desc[96];
        size_t used = strlen(res->message);
        runner_describe_object(p, obj, desc, sizeof desc);
        snprintf(res->message + used, sizeof res->message - used, " [%s]", desc);
    }
}

void runner_fuzz_one(const uint8_t *data, size_t size)
{
    static struct rendered native, script;
    struct program p;
    struct run_result res;
    program_decode(&p, data, size);
    runner_run_program(&p, &native, &res);
    if (!res.failed)
        return;
    render_program(&p, RENDER_SCRIPT, &script);
    fprintf(stderr, "gcfuzz: FAIL %s\n%s", res.message, script.text ? script.text : "");
    fflush(stderr);
    abort();
}

void runner_run_input(const uint8_t *data, size_t size, struct run_result *res)
{
    static struct rendered r;
    struct program p;
    program_decode(&p, data, size);
    runner_run_program(&p, &r, res);
}

void runner_run_script(const char *text, size_t len, const char *name, struct run_result *res)
{
    memset(res, 0, sizeof *res);
    const char *mark = NULL;
    for (const char *s = text; s < text + len; s = memchr(s, '\n', (size_t)(text + len - s)), s = s ? s + 1 : text + len)
        if ((size_t)(text + len - s) >= strlen(RENDER_BODY_MARK) && !strncmp(s, RENDER_BODY_MARK, strlen(RENDER_BODY_MARK))) {
            mark = s;
            break;
        }
    if (!mark) {
        fail(res, "ERROR", "ERROR %s is not a gcfuzz script: no '" RENDER_BODY_MARK "' line", name);
        return;
    }
    if (memchr(text, '\0', len)) {
        fail(res, "ERROR", "ERROR %s holds a NUL byte", name);
        return;
    }
    /* blank lines in place of the preamble keep line numbers the script's */
    size_t lines = 0;
    for (const char *s = text; s < mark; s++)
        lines += *s == '\n';
    size_t body = (size_t)(text + len - mark);
    char *source = malloc(lines + body + 2);
    if (!source) {
        fail(res, "ERROR", "ERROR out of memory reading %s", name);
        return;
    }
    memset(source, '\n', lines);
    memcpy(source + lines, mark, body);
    source[lines + body] = '\n';
    source[lines + body + 1] = '\0';
    run_checking_references(source, res);
    free(source);
}

long runner_total_refcount(void)
{
    PyObject *f = PySys_GetObject("gettotalrefcount");
    if (!f)
        return -1;
    PyObject *n = PyObject_CallNoArgs(f);
    long v = n ? PyLong_AsLong(n) : -1;
    Py_XDECREF(n);
    PyErr_Clear();
    return v;
}

long runner_tracked_objects(void)
{
    PyObject *objects = PyObject_CallMethod(gc_module, "get_objects", NULL);
    long n = objects ? (long)PyList_GET_SIZE(objects) : -1;
    Py_XDECREF(objects);
    PyErr_Clear();
    return n;
}

int runner_is_clean(void)
{
    PyObject *garbage = PyObject_GetAttrString(gc_module, "garbage");
    int clean = garbage && PyList_Check(garbage) && PyList_GET_SIZE(garbage) == 0 && PyGC_IsEnabled() &&
                recorder_firings() == 0 && !recorder_violation() &&
                runner_tracked_objects() <= RUNNER_CLEAN_SLACK;
    Py_XDECREF(garbage);
    PyErr_Clear();
    return clean;
}
