/* runner.c — the embedded interpreter (runner.h).
 *
 * Started the way CPython's own fuzzers start it: PyConfig, no signal
 * handlers, once.  The start-up heap is then collected and frozen so that a
 * program's full collections only traverse the program's objects.  Each
 * program gets a copy of a namespace template (builtins, gc, sys, weakref,
 * _gcfuzz as _g); nothing of it survives the program: exceptions are taken
 * and dropped, never printed (PyErr_Print would keep them in sys.last_*). */
#define PY_SSIZE_T_CLEAN
#include "runner.h"
#include "rules.h"

#include "compat.h"
#include "decode.h"
#include "model.h"
#include "exits.h"
#include "recorder.h"

#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static PyObject *ns_template;
static PyObject *gc_module;
static struct python_rules rules;    /* the running CPython's (rules.h) */
static PyObject *default_thresholds; /* gc.get_threshold() at start-up */
static PyObject *gc_callbacks, *gc_event; /* gc.callbacks, and the recorder's entry: the only one between programs */
static long frozen_baseline;         /* gc.get_freeze_count() once the start-up heap is frozen */

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

/* What the first program to use them would initialise once and keep
 * (weakref.finalize imports atexit and registers with it, ...) is made
 * now, so that no program leaves state behind. */
static int warm_up(void)
{
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
    return done ? 0 : -1;
}

static int fill_template(void)
{
    /* collections, itertools, json, time: what finalizers (BODY_MODULES)
       import, part of the start-up heap as they are of a script's (render.c's
       preamble); each is in every CPython build, built in or pure Python */
    static const char *const modules[][2] = {
        {"gc", "gc"}, {"sys", "sys"}, {"weakref", "weakref"}, {"_g", "_gcfuzz"},
        {"collections", "collections"}, {"itertools", "itertools"}, {"json", "json"}, {"time", "time"}};
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
    /* what helpers.py's legacy() imports, where the build has it
       (rules.c's no_legacy_finalizers where not) */
    PyObject *testcapi = PyImport_ImportModule("_testcapi");
    Py_XDECREF(testcapi);
    PyErr_Clear();
    gc_module = PyImport_ImportModule("gc");
    default_thresholds = gc_module ? PyObject_CallMethod(gc_module, "get_threshold", NULL) : NULL;
    if (!default_thresholds)
        return -1;
    PyObject *recorder = PyDict_GetItemString(ns_template, "_g");
    PyObject *hook = PyObject_GetAttrString(recorder, "hook");
    if (!hook || PySys_SetObject("unraisablehook", hook) < 0)
        return -1;
    Py_DECREF(hook);
    /* every collection reports to the recorder (gc-level feedback) */
    gc_callbacks = PyObject_GetAttrString(gc_module, "callbacks");
    gc_event = PyObject_GetAttrString(recorder, "gc_event");
    if (!gc_callbacks || !PyList_Check(gc_callbacks) || !gc_event || PyList_Append(gc_callbacks, gc_event) < 0)
        return -1;
    if (warm_up() < 0)
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

#ifdef GCFUZZ_BUNDLED_HOME
/* A self-contained build (OSS-Fuzz, ClusterFuzzLite: scripts/oss-fuzz-build.sh)
 * ships CPython's standard library in GCFUZZ_BUNDLED_HOME beside the fuzz
 * target, where no PYTHONHOME points: the home is found from the target's
 * own path.  PYTHONHOME, when set, still wins. */
static PyStatus set_home(PyConfig *config)
{
    char exe[4096], home[4096 + sizeof GCFUZZ_BUNDLED_HOME + 1];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (getenv("PYTHONHOME") || n <= 0)
        return PyStatus_Ok();
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(home, sizeof home, "%s/%s", exe, GCFUZZ_BUNDLED_HOME);
    if (access(home, R_OK) != 0)
        return PyStatus_Ok();
    return PyConfig_SetBytesString(config, &config->home, home);
}
#else
/* The harness's libpython finds its standard library from the python it was
 * built against, never from whichever python3 comes first on PATH: with a
 * python3 of another version first there (pyenv, a virtualenv), 3.10's
 * start-up searched that one's prefix, sys.path differed, and so did the heap
 * a program ran in, enough to hide an allocation-sensitive crash.
 * PYTHONHOME, when set, still wins. */
static PyStatus set_home(PyConfig *config)
{
    if (getenv("PYTHONHOME") || access(GCFUZZ_PYTHON_EXECUTABLE, X_OK) != 0)
        return PyStatus_Ok();
    return PyConfig_SetBytesString(config, &config->program_name, GCFUZZ_PYTHON_EXECUTABLE);
}
#endif

static int threads_default = 1;

void runner_threads_default(int on) { threads_default = on; }

static int threads_asked(void)
{
    const char *v = getenv("GCFUZZ_THREADS");
    return v && *v ? strcmp(v, "0") != 0 : threads_default;
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
    config.site_import = 0; /* nothing from site-packages runs in the harness */
    config.parse_argv = 0;
    PyStatus status = set_home(&config);
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        return start_failed("Py_InitializeFromConfig", status);
    if (fill_template() < 0) {
        fprintf(stderr, "gcfuzz: cannot prepare the program namespace:\n");
        PyErr_Print();
        return -1;
    }
    rules_of_running_python(&rules);
    const char *unsupported = rules_unsupported(&rules);
    if (unsupported) {
        fprintf(stderr, "gcfuzz: %s\n", unsupported);
        return -1;
    }
    struct model_rules predicted;
    rules_for_model(&rules, &predicted);
    model_set_rules(&predicted);
    if (rules.gil_enabled)
        fprintf(stderr, "gcfuzz: note: this free-threaded CPython runs with the GIL enabled (PYTHON_GIL?): "
                        "it is fuzzed as a GIL build\n");
    recorder_set_strict(getenv("GCFUZZ_STRICT") && strcmp(getenv("GCFUZZ_STRICT"), "1") == 0);
    recorder_set_threads(threads_asked());
    return 0;
}

PyObject *runner_namespace(void)
{
    return PyDict_Copy(ns_template);
}

/* The program's own line where an exception stopped it: its traceback's
 * outermost entry. */
static long traceback_line(PyObject *exc)
{
    PyObject *tb = exc ? PyException_GetTraceback(exc) : NULL;
    PyObject *l = tb ? PyObject_GetAttrString(tb, "tb_lineno") : NULL;
    long line = l ? PyLong_AsLong(l) : 0;
    Py_XDECREF(l);
    Py_XDECREF(tb);
    PyErr_Clear();
    return line;
}

/* The program stopped with an exception: a violation the recorder raised,
 * expectations it could not read, or the program itself failed, which a
 * valid program never does: something it bound was lost (G7).  Takes the
 * exception and drops it. */
static void take_exception(struct run_result *res)
{
    PyObject *exc = compat_take_exception();
    PyObject *type = exc ? (PyObject *)Py_TYPE(exc) : NULL;
    if (type == recorder_violation_type() && recorder_violation(res)) {
        /* filled by the recorder */
    } else if (type && PyObject_IsSubclass(type, recorder_malformed_type()) > 0) {
        PyObject *text = PyObject_Str(exc);
        result_fail(res, OUTCOME_ERROR, 0, "ERROR the program's expectations are malformed: %s",
                    text && PyUnicode_Check(text) ? PyUnicode_AsUTF8(text) : "?");
        Py_XDECREF(text);
    } else {
        /* the exception's own words say what was missing ("'C0' object
           has no attribute 'a1'", "dictionary changed size ...") */
        long line = traceback_line(exc);
        PyObject *text = exc ? PyObject_Str(exc) : NULL;
        const char *words = text && PyUnicode_Check(text) ? PyUnicode_AsUTF8(text) : NULL;
        result_fail(res, OUTCOME_VIOLATION, 7, "G7 the program raised %s at line %ld (%s): something it bound was lost",
                    type ? ((PyTypeObject *)type)->tp_name : "?", line, words ? words : "?");
        Py_XDECREF(text);
        PyErr_Clear(); /* a str() that failed */
        res->line = (unsigned)line;
    }
    Py_XDECREF(exc);
    PyErr_Clear();
}

/* The gc.callbacks entries a program added (GC_CALLBACK) go before any
 * collection of the reset: the recorder's is the only one again. */
static void forget_gc_hooks(void)
{
    if (PyList_GET_SIZE(gc_callbacks) == 1 && PyList_GET_ITEM(gc_callbacks, 0) == gc_event)
        return;
    if (PyList_SetSlice(gc_callbacks, 0, PyList_GET_SIZE(gc_callbacks), NULL) < 0 ||
        PyList_Append(gc_callbacks, gc_event) < 0)
        PyErr_Clear();
}

/* After a failure the namespace may still hold cycles, the recorder events:
 * collect and forget them so the next program starts clean. */
void runner_clean_up(void)
{
    forget_gc_hooks();
    PyObject *r = PyObject_CallMethod(gc_module, "set_debug", "i", 0); /* before collecting */
    Py_XDECREF(r);
    PyGC_Enable(); /* PyGC_Collect does nothing while the collector is disabled */
    PyGC_Collect();
    for (int round = 0; round < 4 && recorder_free_legacy() > 0; round++)
        PyGC_Collect();
    PyErr_Clear();
    PyObject *garbage = PyObject_GetAttrString(gc_module, "garbage");
    if (garbage && PyList_Check(garbage))
        PyList_SetSlice(garbage, 0, PyList_GET_SIZE(garbage), NULL);
    Py_XDECREF(garbage);
    PyErr_Clear();
    recorder_reset();
}

/* program_may_freeze 0: the program calls neither gc.freeze() nor
 * gc.unfreeze(), so gc.get_freeze_count(), which walks the whole permanent
 * generation, need not be asked. */
void runner_restore_gc_settings(int program_may_freeze)
{
    PyGC_Enable();
    PyObject *r = PyObject_CallMethod(gc_module, "set_debug", "i", 0); /* a program's _g.debug() */
    Py_XDECREF(r);
    /* a program's gc.unfreeze() thawed the start-up heap too (its teardown
       unfreezes whatever it froze): collect the program's leftovers, then
       freeze the start-up heap again */
    if (program_may_freeze && freeze_count() != frozen_baseline) {
        r = PyObject_CallMethod(gc_module, "unfreeze", NULL);
        Py_XDECREF(r);
        PyGC_Collect();
        r = PyObject_CallMethod(gc_module, "freeze", NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        frozen_baseline = freeze_count();
    }
    r = PyObject_CallMethod(gc_module, "set_threshold", "OOO", PyTuple_GET_ITEM(default_thresholds, 0),
                                      PyTuple_GET_ITEM(default_thresholds, 1), PyTuple_GET_ITEM(default_thresholds, 2));
    Py_XDECREF(r);
    PyErr_Clear();
}

static void compile_failed(struct run_result *res)
{
    PyObject *exc = compat_take_exception();
    PyObject *text = exc ? PyObject_Str(exc) : NULL;
    result_fail(res, OUTCOME_ERROR, 0, "ERROR the program does not compile: %s",
                text && PyUnicode_Check(text) ? PyUnicode_AsUTF8(text) : "?");
    Py_XDECREF(text);
    Py_XDECREF(exc);
    PyErr_Clear();
}

static void run_source(const char *source, int may_freeze, struct run_result *res);

/* After the namespace is cleared: whether the collection of what that left
 * can only find nothing, so is skipped (a full collection, about a twentieth
 * of a default program's instructions).  So when the teardown settled (its
 * last collection found no garbage: none was left, no finalizer ran) and
 * nothing but the runner holds the namespace now: then nothing that held it
 * as __globals__ lives on, and what the clearing freed, the program's
 * top-level functions (the teardown dropped every other name of the
 * program), hold nothing cyclic.  Free-threaded builds may count references
 * to functions and namespaces lazily (deferred reference counts): there
 * the collection always runs. */
static int namespace_left_nothing(PyObject *ns)
{
#ifdef Py_GIL_DISABLED
    (void)ns;
    return 0;
#else
    return Py_REFCNT(ns) == 1 && recorder_teardown_settled();
#endif
}

/* In a child that runs the program again in a sub-interpreter: the harness
 * interpreter's thread state, current again once the sub-interpreter ends. */
static PyThreadState *harness_thread;

/* In the child of a program's _g.shutdown(..., 'sub') (exits.h): the
 * program again from its first line, in a sub-interpreter prepared as the
 * harness's interpreter was (namespace template, recorder, the collector's
 * callback, the start-up heap frozen), checked on the way as ever, up to the
 * same shutdown(), where run_source ends the sub-interpreter; what its
 * checkpoints find before that is the child's result. */
__attribute__((noreturn)) static void run_in_subinterpreter(const char *source)
{
    struct run_result res;
    memset(&res, 0, sizeof res);
    res.number = -1;
    PyErr_Clear();
    recorder_reset(); /* what the harness interpreter's run recorded */
    harness_thread = PyThreadState_Get();
    if (!Py_NewInterpreter()) {
        result_fail(&res, OUTCOME_ERROR, 0, "ERROR Py_NewInterpreter() made no sub-interpreter");
        exits_send(&res);
    }
    if (fill_template() < 0) {
        PyErr_Print();
        result_fail(&res, OUTCOME_ERROR, 0, "ERROR cannot prepare the program namespace in a sub-interpreter");
        exits_send(&res);
    }
    recorder_set_threads(threads_asked());
    run_source(source, 1, &res);
    if (!result_failed(&res))
        result_fail(&res, OUTCOME_ERROR, 0, "ERROR run again in a sub-interpreter, the program did not stop at "
                                            "its shutdown()");
    exits_send(&res);
}

/* The program stopped at _g.shutdown() in the child (exits.h). */
__attribute__((noreturn)) static void end_here(const char *source, PyObject *ns)
{
    if (harness_thread)
        exits_end_subinterpreter(ns, harness_thread);
    if (exits_child_way() == EXITS_INTERPRETER)
        exits_end(ns);
    Py_DECREF(ns);
    run_in_subinterpreter(source);
}

/* Compile and run `source` (NUL-terminated) in a fresh namespace. */
static void run_source(const char *source, int may_freeze, struct run_result *res)
{
    memset(res, 0, sizeof *res);
    res->number = -1;
    recorder_begin_run();
    PyGC_Enable();
    PyObject *ns = runner_namespace();
    PyObject *code = ns ? Py_CompileString(source, "<gcfuzz>", Py_file_input) : NULL;
    if (!code) {
        compile_failed(res);
    } else {
        PyObject *r = PyEval_EvalCode(code, ns, ns);
        Py_DECREF(code);
        if (!r && exits_in_child() && recorder_stopped())
            end_here(source, ns); /* stopped at _g.shutdown(): an interpreter ends here */
        if (r)
            Py_DECREF(r);
        else
            take_exception(res);
    }
    /* the teardown has collected: what is left in the namespace is the
       program's shared functions, in a cycle with it through __globals__ */
    if (ns)
        PyDict_Clear(ns);
    int left_nothing = ns && namespace_left_nothing(ns);
    Py_XDECREF(ns);
    /* clearing the namespace can leave a cycle that the teardown's
       collections saw reachable through it (a class's __del__ holds the
       namespace as its __globals__; the unclean resets of docs/versions.md):
       collect it here, unless it can only find nothing, so that the next
       program starts from nothing and a finalizer it would run is checked
       now, against this program.  A program may
       have left the collector disabled, and PyGC_Collect does nothing then.
       The program's gc.callbacks entries are gone first: garbage they would
       make in this collection would outlive it */
    forget_gc_hooks();
    PyGC_Enable();
    if (!left_nothing)
        PyGC_Collect();
    /* a finalizer that runs once the namespace is gone ran again (G2) or
       was never expected (G3) */
    if (!result_failed(res) && recorder_check_quiet()) {
        recorder_violation(res);
        strncat(res->message, " (after teardown)", sizeof res->message - strlen(res->message) - 1);
    }
    if (result_failed(res))
        runner_clean_up();
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

static void run_checking_references(const char *source, int may_freeze, struct run_result *res)
{
    if (!rules.counts_references) {
        run_source(source, may_freeze, res);
        return;
    }
    long before = settled_refcount();
    run_source(source, may_freeze, res);
    if (result_failed(res) || settled_refcount() == before)
        return;
    before = settled_refcount();
    run_source(source, may_freeze, res);
    long leaked = settled_refcount() - before;
    if (!result_failed(res) && leaked != 0)
        result_fail(res, OUTCOME_LEAK, 12, "G12 the program leaked %ld references (total refcount, debug build)",
                    leaked);
}

/* For people: a failure about an object says what the object is. */
static void describe_subject(const struct program *p, struct run_result *res)
{
    struct model m;
    char desc[96];
    if (res->subject != SUBJECT_OBJECT || res->number < 0 || !model_run(&m, p) || res->number >= (int)m.n_objects)
        return;
    model_describe(&m, res->number, desc, sizeof desc);
    size_t used = strlen(res->message);
    snprintf(res->message + used, sizeof res->message - used, " [%s]", desc);
}

/* Run p as rendered into r (rendered: what the renderer returned). */
static void run_rendered(const struct program *p, int rendered, struct rendered *r, struct run_result *res)
{
    if (!rendered) {
        result_fail(res, OUTCOME_ERROR, 0, "ERROR the renderer could not write this program");
        return;
    }
    run_checking_references(r->text, program_has(p, OP_FREEZE), res);
    if (result_failed(res))
        describe_subject(p, res);
}

void runner_run_program(const struct program *p, struct rendered *r, struct run_result *res)
{
    run_rendered(p, render_program(p, RENDER_NATIVE, r), r, res);
}

void runner_fuzz_one(const struct program *p, const struct model_trace *t)
{
    static struct rendered native, script;
    struct run_result res;
    run_rendered(p, render_traced(p, t, RENDER_NATIVE, &native), &native, &res);
    if (!result_failed(&res))
        return;
    render_program(p, RENDER_SCRIPT, &script);
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

/* Where the body of a rendered script starts, or NULL. */
static const char *body_mark(const char *text, size_t len)
{
    size_t mark = strlen(RENDER_BODY_MARK);
    for (const char *s = text; s < text + len;) {
        if ((size_t)(text + len - s) >= mark && !strncmp(s, RENDER_BODY_MARK, mark))
            return s;
        const char *nl = memchr(s, '\n', (size_t)(text + len - s));
        s = nl ? nl + 1 : text + len;
    }
    return NULL;
}

void runner_run_script(const char *text, size_t len, const char *name, struct run_result *res)
{
    const char *mark = body_mark(text, len);
    if (!mark) {
        result_fail(res, OUTCOME_ERROR, 0, "ERROR %s is not a gcfuzz script: no '" RENDER_BODY_MARK "' line", name);
        return;
    }
    if (memchr(text, '\0', len)) {
        result_fail(res, OUTCOME_ERROR, 0, "ERROR %s holds a NUL byte", name);
        return;
    }
    /* blank lines in place of the preamble keep line numbers the script's */
    size_t lines = 0;
    for (const char *s = text; s < mark; s++)
        lines += *s == '\n';
    size_t body = (size_t)(text + len - mark);
    char *source = malloc(lines + body + 2);
    if (!source) {
        result_fail(res, OUTCOME_ERROR, 0, "ERROR out of memory reading %s", name);
        return;
    }
    memset(source, '\n', lines);
    memcpy(source + lines, mark, body);
    source[lines + body] = '\n';
    source[lines + body + 1] = '\0';
    run_checking_references(source, 1, res);
    free(source);
}

const char *runner_python_tag(void)
{
    static char tag[32];
    rules_tag(&rules, tag, sizeof tag);
    return tag;
}

const struct python_rules *runner_rules(void)
{
    return &rules;
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

void runner_describe_tracked(char *out, size_t size)
{
    /* counted here, in C: Python code for it would itself leave objects
       (an imported module) that the next check then finds */
    enum { KINDS = 8 };
    const char *name[KINDS] = {0};
    long count[KINDS] = {0}, other = 0;
    PyObject *objects = PyObject_CallMethod(gc_module, "get_objects", NULL);
    for (Py_ssize_t i = 0; objects && i < PyList_GET_SIZE(objects); i++) {
        const char *t = Py_TYPE(PyList_GET_ITEM(objects, i))->tp_name;
        int k = 0;
        while (k < KINDS && name[k] && strcmp(name[k], t) != 0)
            k++;
        if (k == KINDS) {
            other++;
            continue;
        }
        name[k] = t, count[k]++;
    }
    Py_XDECREF(objects);
    PyErr_Clear();
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < KINDS && name[k] && used < size; k++)
        used += (size_t)snprintf(out + used, size - used, "%s%ld %s", k ? ", " : "", count[k], name[k]);
    if (other && used < size)
        snprintf(out + used, size - used, ", %ld more", other);
}

int runner_is_clean(void)
{
    PyObject *garbage = PyObject_GetAttrString(gc_module, "garbage");
    int clean = garbage && PyList_Check(garbage) && PyList_GET_SIZE(garbage) == 0 && PyGC_IsEnabled() &&
                recorder_firings() == 0 && runner_tracked_objects() <= RUNNER_CLEAN_SLACK;
    Py_XDECREF(garbage);
    PyErr_Clear();
    return clean;
}
