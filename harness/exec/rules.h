/* rules.h — what differs between the CPythons gcfuzz runs against, as named
 * settings chosen once from the running interpreter's version and build
 * flags.  Code that depends on the version reads it from here, never from a
 * version number of its own; docs/versions.md, "Version-aware oracle", lists each
 * setting with the CPython change it comes from and what the oracle does
 * with it.
 *
 * What holds for the model: every rule below where versions differ in *when*
 * or *in which order* something happens is taken by the model in its weaker
 * form for every version (that state is open, oracle.md), so a setting never
 * loosens a check on one version; the settings that change what is checked
 * are the ones that say what can be observed (counts_references), whether
 * an interpreter can be run at all (rules_unsupported), and what the model
 * predicts differently (rules_for_model: weakrefs_cleared_late). */
#ifndef GCFUZZ_RULES_H
#define GCFUZZ_RULES_H

#include <stddef.h>

struct python_rules {
    int major, minor, micro;
    /* Py_DEBUG: sys.gettotalrefcount exists, so G12's reference-leak check
       runs (in release builds references cannot be counted) */
    unsigned counts_references : 1;
    /* Py_GIL_DISABLED (PEP 703, 3.13+) */
    unsigned free_threaded : 1;
    /* a free-threaded build that runs with the GIL anyway (PYTHON_GIL=1, or
       a module that did not declare it can run without): not what the user
       asked to fuzz */
    unsigned gil_enabled : 1;
    /* up to 3.11, an automatic collection may start on any allocation of a
       GC-tracked object, in the middle of C code; from 3.12 only at the eval
       loop's checks (gh-97922).  The model takes the first for every
       version: a finalizer may run at any point after its object died. */
    unsigned collects_inside_c : 1;
    /* immortal objects (PEP 683, 3.12+): None, small ints, interned strings
       and, in free-threaded builds, more, keep their reference count; the
       leak check compares totals, which immortals do not move */
    unsigned immortal_objects : 1;
    /* free-threaded builds: classes, top-level functions, code objects and
       modules use deferred reference counting (only the collector frees
       them), and become immortal once a second thread starts (3.13t,
       gh-117783, which helpers.py turns off); classes die in cycles in
       every build */
    unsigned deferred_refcounts : 1;
    /* 3.14.0 to 3.14.4: the incremental collector (reverted in 3.14.5); a
       young collection may process part of the old generation */
    unsigned incremental_collector : 1;
    /* 3.15 (gh-135552, PR gh-136189): weak references without callbacks to
       cyclic garbage are cleared after its finalizers ran, so a finalizer
       that resurrects an object leaves them alive; 3.4 to 3.14 clear every
       weak reference to the garbage before any finalizer.  The model then
       leaves open whether a resurrected object's weak references live
       (model_rules.weakrefs_cleared_late) */
    unsigned weakrefs_cleared_late : 1;
    /* 3.10 to 3.12 (gh-118492): a finalizer run by storing or deleting a
       class attribute may find the old value through the type attribute
       cache (model_rules.stale_type_cache) */
    unsigned stale_type_cache : 1;
    /* no _testcapi.with_tp_del (built without test modules), or a
       free-threaded build, whose handling of legacy finalizers gcfuzz has
       not checked: programs make no legacy classes
       (model_rules.no_legacy_finalizers) */
    unsigned no_legacy_finalizers : 1;
    /* free-threaded builds where gcfuzz cannot keep classes mortal once a
       thread starts (3.13t without _testinternalcapi's
       suppress_immortalization, which helpers.py calls), or has not checked
       how threads meet the collector (3.14t and later): programs run no
       statement on a thread of its own (model_rules.no_threads) */
    unsigned no_threads : 1;
};

struct model_rules;
/* What the model predicts for this CPython (model.h, model_set_rules). */
void rules_for_model(const struct python_rules *r, struct model_rules *out);

/* The running interpreter's rules (after Py_Initialize). */
void rules_of_running_python(struct python_rules *r);

/* Why gcfuzz cannot run against r (a line for people), or NULL when it can. */
const char *rules_unsupported(const struct python_rules *r);

/* "3.11.2", "3.13.15t", "3.11.2d": version and build flags. */
void rules_tag(const struct python_rules *r, char *out, size_t n);

/* One line per setting, "name: 0/1" and what it means, for --rules. */
void rules_describe(const struct python_rules *r, char *out, size_t n);

#endif
