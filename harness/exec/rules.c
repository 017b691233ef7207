/* rules.c — the running CPython's named settings (rules.h). */
#include <Python.h>

#include "rules.h"

#include "model.h"

#include <stdio.h>

#ifdef Py_GIL_DISABLED
/* sys.<name>() as a truth value; -1 when sys has no such function. */
static int sys_flag(const char *name)
{
    PyObject *f = PySys_GetObject(name); /* borrowed */
    if (!f)
        return -1;
    PyObject *v = PyObject_CallNoArgs(f);
    int truth = v ? PyObject_IsTrue(v) : -1;
    Py_XDECREF(v);
    PyErr_Clear();
    return truth;
}
#endif

/* Whether test module `module` has `name`: absent from builds without
 * test modules. */
static int test_module_has(const char *module, const char *name)
{
    PyObject *mod = PyImport_ImportModule(module);
    int has = mod && PyObject_HasAttrString(mod, name);
    Py_XDECREF(mod);
    PyErr_Clear();
    return has;
}

void rules_of_running_python(struct python_rules *r)
{
    *r = (struct python_rules){0};
    sscanf(Py_GetVersion(), "%d.%d.%d", &r->major, &r->minor, &r->micro);
    int v = r->major * 100 + r->minor;
    r->counts_references = PySys_GetObject("gettotalrefcount") != NULL;
#ifdef Py_GIL_DISABLED
    r->free_threaded = 1;
    r->gil_enabled = sys_flag("_is_gil_enabled") == 1;
    r->deferred_refcounts = 1;
#endif
    r->collects_inside_c = v <= 311;
    r->immortal_objects = v >= 312;
    r->incremental_collector = v == 314 && r->micro <= 4;
    r->weakrefs_cleared_late = v >= 315;
    r->stale_type_cache = v <= 312;
    /* _testcapi.with_tp_del makes a class's finalizer a legacy one (tp_del) */
    r->no_legacy_finalizers = r->free_threaded || !test_module_has("_testcapi", "with_tp_del");
    r->no_threads = r->free_threaded &&
                    !(v == 313 && test_module_has("_testinternalcapi", "suppress_immortalization"));
}

void rules_for_model(const struct python_rules *r, struct model_rules *out)
{
    *out = (struct model_rules){.weakrefs_cleared_late = r->weakrefs_cleared_late,
                                .stale_type_cache = r->stale_type_cache,
                                .no_legacy_finalizers = r->no_legacy_finalizers,
                                .no_threads = r->no_threads,
                                .biased_refcounts = r->free_threaded};
}

const char *rules_unsupported(const struct python_rules *r)
{
    static char why[200];
    int v = r->major * 100 + r->minor;
    if (v < 310) {
        snprintf(why, sizeof why, "CPython %d.%d is not supported: gcfuzz needs 3.10 or newer", r->major, r->minor);
        return why;
    }
    if (r->major != PY_MAJOR_VERSION || r->minor != PY_MINOR_VERSION) {
        snprintf(why, sizeof why, "this harness was built against CPython %d.%d's headers but runs %d.%d: rebuild it "
                 "with -DPython3_EXECUTABLE pointing at that interpreter", PY_MAJOR_VERSION, PY_MINOR_VERSION,
                 r->major, r->minor);
        return why;
    }
    return NULL;
}

void rules_tag(const struct python_rules *r, char *out, size_t n)
{
    snprintf(out, n, "%d.%d.%d%s%s", r->major, r->minor, r->micro, r->free_threaded ? "t" : "",
             r->counts_references ? "d" : "");
}

void rules_describe(const struct python_rules *r, char *out, size_t n)
{
    char tag[32];
    rules_tag(r, tag, sizeof tag);
    snprintf(out, n,
             "CPython %s\n"
             "counts_references:     %d  (debug build: G12's reference-leak check runs)\n"
             "free_threaded:         %d  (PEP 703 build)\n"
             "gil_enabled:           %d  (a free-threaded build running with the GIL anyway)\n"
             "collects_inside_c:     %d  (automatic collections on any allocation, up to 3.11)\n"
             "immortal_objects:      %d  (PEP 683, 3.12+)\n"
             "deferred_refcounts:    %d  (free-threaded: classes and top-level functions freed by the collector)\n"
             "incremental_collector: %d  (3.14.0 to 3.14.4)\n"
             "weakrefs_cleared_late: %d  (3.15: weak references without callbacks cleared after finalizers)\n"
             "stale_type_cache:      %d  (3.10 to 3.12: a finalizer run by a class attribute store may find the old value, gh-118492)\n"
             "no_legacy_finalizers:  %d  (no _testcapi.with_tp_del, or free-threaded: programs make no legacy classes)\n"
             "no_threads:            %d  (free-threaded, 3.13t with no suppress_immortalization or 3.14t+: programs run no statement on a thread of its own)\n",
             tag, r->counts_references, r->free_threaded, r->gil_enabled, r->collects_inside_c,
             r->immortal_objects, r->deferred_refcounts, r->incremental_collector, r->weakrefs_cleared_late,
             r->stale_type_cache, r->no_legacy_finalizers, r->no_threads);
}
