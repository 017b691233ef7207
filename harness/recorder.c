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

/* The Python helpers programs call (_g.gen, _g.cell, ...) and the checks
 * use (find, held): harness/helpers.py, shared with the pure-Python
 * recorder, turned into a C string by CMake. */
#include "helpers_py.h"
#include <stdio.h>
#include <string.h>

#define MAX_IDS 256
#define GCFUZZ_NAMES 16       /* names o0..o15 */
#define GCFUZZ_CLASSES_MAX 16
#define MAX_OTHER_NAMES 4

static struct {
    unsigned count[MAX_IDS];
    unsigned may[MAX_IDS];      /* line from which it may have fired, at most once (resurrected in a pass) */
    unsigned line[MAX_IDS];     /* line of the program when it first fired */
    unsigned expected[MAX_IDS]; /* line it became unreachable; 0: not expected */
    int bad_id;                 /* fired() got an id out of range */
    unsigned long firings;
    unsigned raised, raised_other, want;
    unsigned raising_calls; /* called(k, 1) and closed(g, 1): each raised one ValueError (G11) */
    char other_names[MAX_OTHER_NAMES][48];
    int strict;
    char violation[512];
    char late[512];             /* a G6 problem seen inside a finalizer */
    /* weak-reference callbacks w<k> (G5) */
    unsigned cb_count[MAX_IDS], cb_line[MAX_IDS], cb_expected[MAX_IDS];
    unsigned char cb_may[MAX_IDS];
    int cb_bad_id;
    /* generators' finally blocks (G10) */
    unsigned gen_count[MAX_IDS], gen_line[MAX_IDS], gen_expected[MAX_IDS];
} rec;

/* An object's expected contents ("3:i0/i1,-,w2,w-", see render.c): kind
 * 'i' (instance of class cls), 'l' or 'd'; per slot a code: '-' empty,
 * 'i'/'l'/'d' a strong reference to object target, 'w' a weak reference to
 * target (>= 0, alive), WEAK_FREED (must give None), WEAK_ANY (either), or
 * WEAK_TYPE (only its type is checked: inside finalizers). */
#define WEAK_FREED (-1)
#define WEAK_ANY (-2)
#define WEAK_TYPE (-3)
struct shape {
    char kind;
    int cls, slots; /* cls: the number after the kind letter (class, list length, FUNC_* variant), -1: none */
    char code[4];
    int target[4];
    int lookup_slot;   /* "/c2=i5": _g.sees(self, 2) must find object 5 (G8); -1: no such check */
    char lookup_code;  /* '-': must find nothing */
    int lookup_target;
};

static struct shape deaths[MAX_IDS]; /* shapes at death, for G6 */
static unsigned char has_death[MAX_IDS];

static PyObject *violation_type;
static PyObject *gc_garbage;
static PyObject *gc_collect; /* gc.collect */

void recorder_reset(void)
{
    int strict = rec.strict;
    memset(&rec, 0, sizeof rec);
    memset(has_death, 0, sizeof has_death);
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

/* Parse one "ID:KIND/SLOT,SLOT,..." token; returns the id or -1. */
static int parse_shape(const char *tok, size_t len, struct shape *sh)
{
    char buf[96], *p = buf, *end;
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, tok, len);
    buf[len] = '\0';
    long id = strtol(p, &end, 10);
    if (end == p || *end != ':' || id < 0 || id >= MAX_IDS)
        return -1;
    p = end + 1;
    memset(sh, 0, sizeof *sh);
    sh->kind = *p++;
    sh->cls = *p >= '0' && *p <= '9' ? (int)strtol(p, &p, 10) : -1;
    if (*p++ != '/')
        return -1;
    for (sh->slots = 0; sh->slots < 4 && *p; sh->slots++) {
        char c = *p++;
        int target = WEAK_TYPE;
        if (c != '-') {
            if (*p == '-' || *p == '?')
                target = *p++ == '-' ? WEAK_FREED : WEAK_ANY;
            else if (*p >= '0' && *p <= '9')
                target = (int)strtol(p, &p, 10);
        }
        sh->code[sh->slots] = c;
        sh->target[sh->slots] = target;
        if (*p == ',')
            p++;
    }
    sh->lookup_slot = -1;
    int s;
    if (*p == '/' && sscanf(p + 1, "c%d=", &s) == 1 && s >= 0 && s < 4 && (p = strchr(p, '='))) {
        sh->lookup_slot = s;
        sh->lookup_code = *++p;
        sh->lookup_target = sh->lookup_code == '-' ? -1 : (int)strtol(p + 1, NULL, 10);
    }
    return (int)id;
}

static PyObject *helper_find;   /* _gcfuzz.find(container, id): the member with that _id, or None */
static PyObject *helper_held;   /* _gcfuzz.held(obj, variant): what a function-like object holds */

/* Kinds whose empty slot holds None rather than nothing. */
static int none_when_empty(char kind) { return kind == 'l' || kind == 'L' || kind == 't' || kind == 'T'; }

/* Kinds whose weak slots hold the referent itself (weak containers). */
static int weak_container(char kind) { return kind == 'V' || kind == 'K' || kind == 'S'; }

/* The value in slot s of obj, as shape sh reads it (new reference), or NULL
 * for nothing there.  Weak containers give the referent, or NULL. */
static PyObject *slot_value(PyObject *obj, const struct shape *sh, int s)
{
    char key[8];
    PyObject *v = NULL;
    switch (sh->kind) {
    case 'l':
    case 'L':
    case 't':
    case 'T': {
        int stride = sh->kind == 'l' && sh->cls > 0 ? sh->cls / 4 : 1;
        return Py_NewRef(PySequence_Fast_GET_ITEM(obj, s * stride + stride - 1));
    }
    case 'd':
    case 'D':
        snprintf(key, sizeof key, "k%d", s);
        return Py_XNewRef(PyDict_GetItemString(obj, key));
    case 'n': {
        PyObject *k = PyLong_FromLong(s);
        v = k ? Py_XNewRef(PyDict_GetItemWithError(obj, k)) : NULL;
        Py_XDECREF(k);
        PyErr_Clear();
        return v;
    }
    case 'V':
        snprintf(key, sizeof key, "k%d", s);
        v = PyObject_CallMethod(obj, "get", "s", key);
        break;
    case 's':
    case 'f':
    case 'K':
    case 'S':
        if (sh->code[s] == '-' || sh->target[s] < 0)
            return NULL;
        v = PyObject_CallFunction(helper_find, "Oi", obj, sh->target[s]);
        break;
    case 'c':
    case 'e': {
        PyObject *held = PyObject_CallFunction(helper_held, "Oi", obj, sh->kind == 'e' ? -1 : sh->cls);
        if (held && PyTuple_Check(held) && s < PyTuple_GET_SIZE(held))
            v = Py_NewRef(PyTuple_GET_ITEM(held, s));
        Py_XDECREF(held);
        PyErr_Clear();
        return v;
    }
    default:
        snprintf(key, sizeof key, "a%d", s);
        v = PyObject_GetAttrString(obj, key);
        break;
    }
    if (!v)
        PyErr_Clear();
    if (v == Py_None)
        Py_CLEAR(v);
    return v;
}

static int type_named(PyObject *obj, const char *name) { return strcmp(Py_TYPE(obj)->tp_name, name) == 0; }

struct look {
    const struct shape *table; /* deep: the live objects; NULL: deaths, shallow */
    const unsigned char *known;
    uintptr_t seen[MAX_IDS];
    char problem[256];
};

static long object_id(PyObject *obj)
{
    PyObject *v = obj ? PyObject_GetAttrString(obj, "_id") : NULL;
    long id = v && PyLong_Check(v) ? PyLong_AsLong(v) : -1;
    Py_XDECREF(v);
    PyErr_Clear();
    return id;
}

#define PROBLEM(...) (snprintf(lk->problem, sizeof lk->problem, __VA_ARGS__), 1)

/* Is obj object i as the table says?  Same checks as fallback.py's look. */
static int look(struct look *lk, PyObject *obj, int i, const char *where)
{
    if (i < 0 || i >= MAX_IDS || !(lk->table ? lk->known[i] : has_death[i]))
        return 0;
    if (lk->seen[i])
        return lk->seen[i] == (uintptr_t)obj ? 0 : PROBLEM("%s is not the same object as before", where);
    lk->seen[i] = (uintptr_t)obj;
    const struct shape *sh = lk->table ? &lk->table[i] : &deaths[i];
    char name[16];
    snprintf(name, sizeof name, "C%d", sh->cls);
    int filled = 0, open = 0; /* open: a slot left unchecked ('?'), so the size is unknown too */
    for (int s = 0; s < sh->slots; s++)
        filled += sh->code[s] != '-', open |= sh->code[s] == '?';
    if (open)
        filled = -1;
    if (strchr("iLDT", sh->kind) && (!type_named(obj, name) || object_id(obj) != i))
        return PROBLEM("%s is not o%d", where, i);
    if (sh->kind == 'g')
        return PyGen_CheckExact(obj) ? 0 : PROBLEM("%s is not the generator o%d", where, i);
    if (sh->kind == 'l' && (!PyList_CheckExact(obj) || PyList_GET_SIZE(obj) != (sh->cls > 0 ? sh->cls : 4)))
        return PROBLEM("%s is not the list o%d as bound", where, i);
    if ((sh->kind == 'd' || sh->kind == 'n') && (!PyDict_CheckExact(obj) || (filled >= 0 && PyDict_GET_SIZE(obj) != filled)))
        return PROBLEM("%s is not the dict o%d as bound", where, i);
    int ok = 1;
    switch (sh->kind) {
    case 'L': ok = PyList_Check(obj) && PyList_GET_SIZE(obj) == 4; break;
    case 'D': ok = PyDict_Check(obj) && (filled < 0 || PyDict_GET_SIZE(obj) == filled); break;
    case 'T': ok = PyTuple_Check(obj) && PyTuple_GET_SIZE(obj) == 5; break;
    case 't': ok = PyTuple_CheckExact(obj) && PyTuple_GET_SIZE(obj) == 4; break;
    case 's': ok = PySet_CheckExact(obj) && (filled < 0 || PySet_GET_SIZE(obj) == filled); break;
    case 'f': ok = PyFrozenSet_CheckExact(obj) && (filled < 0 || PySet_GET_SIZE(obj) == filled); break;
    case 'c': ok = sh->cls == 2 ? PyObject_HasAttrString(obj, "__self__") : sh->cls == 4 ? type_named(obj, "functools.partial") : PyFunction_Check(obj); break;
    case 'e': ok = type_named(obj, "Exception"); break;
    case 'V': ok = type_named(obj, "WeakValueDictionary"); break;
    case 'K': ok = type_named(obj, "WeakKeyDictionary"); break;
    case 'S': ok = type_named(obj, "WeakSet"); break;
    }
    if (!ok)
        return PROBLEM("%s is not o%d as bound", where, i);
    for (int s = 0; s < sh->slots; s++) {
        char at[200];
        if (strchr("lLtTn", sh->kind))
            snprintf(at, sizeof at, "%.150s[%d]", where, s);
        else if (strchr("dDV", sh->kind))
            snprintf(at, sizeof at, "%.150s['k%d']", where, s);
        else if (strchr("iLDT", sh->kind))
            snprintf(at, sizeof at, "%.150s.a%d", where, s);
        else
            snprintf(at, sizeof at, "%.150s<%d>", where, s);
        if (sh->code[s] == '?')
            continue; /* open: another finalizer of the same moment may have changed it */
        PyObject *v = slot_value(obj, sh, s);
        int bad = 0;
        if (sh->code[s] == '-')
            bad = (none_when_empty(sh->kind) ? v != Py_None : v != NULL) &&
                  PROBLEM("%s holds something the program removed", at);
        else if (weak_container(sh->kind) && sh->code[s] == 'w') {
            if (lk->table && sh->target[s] == WEAK_FREED && v)
                bad = PROBLEM("%s still reaches a freed object", at);
            else if (lk->table && sh->target[s] >= 0)
                bad = v ? look(lk, v, sh->target[s], at) : PROBLEM("%s is missing", at);
        } else if (!v || (v == Py_None && none_when_empty(sh->kind)))
            bad = PROBLEM("%s is missing", at);
        else if (sh->code[s] == 'w') {
            if (!PyWeakref_CheckRefExact(v))
                bad = PROBLEM("%s is not a weak reference", at);
            else if (lk->table && sh->target[s] == WEAK_FREED && PyWeakref_GetObject(v) != Py_None)
                bad = PROBLEM("%s still reaches a freed object", at);
            else if (lk->table && sh->target[s] >= 0) {
                char deref[210];
                snprintf(deref, sizeof deref, "%s()", at);
                bad = look(lk, PyWeakref_GetObject(v), sh->target[s], deref);
            }
        } else if (lk->table) {
            bad = look(lk, v, sh->target[s], at);
        } else if (strchr("iLDT", sh->code[s]) ? object_id(v) != sh->target[s]
                   : sh->code[s] == 'l'         ? !PyList_CheckExact(v)
                   : sh->code[s] == 'g'         ? !PyGen_CheckExact(v)
                   : strchr("dn", sh->code[s])  ? !PyDict_CheckExact(v)
                                                : 0) {
            bad = PROBLEM("%s is not o%d", at, sh->target[s]);
        }
        Py_XDECREF(v);
        if (bad)
            return 1;
    }
    return 0;
}

static PyObject *deaths_are(PyObject *self, PyObject *arg)
{
    Py_ssize_t len;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!text)
        return NULL;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        struct shape sh;
        int id = n ? parse_shape(p, n, &sh) : -1;
        if (n && id < 0) {
            PyErr_Format(PyExc_ValueError, "bad object shape '%.*s'", (int)n, p);
            return NULL;
        }
        if (n)
            deaths[id] = sh, has_death[id] = 1;
        p += n + (p[n] == ' ');
    }
    Py_RETURN_NONE;
}

static PyObject *fired(PyObject *self, PyObject *obj)
{
    /* scripts rendered before G6 was checked pass the id itself */
    long id = PyLong_Check(obj) ? PyLong_AsLong(obj) : object_id(obj);
    rec.firings++;
    if (id < 0 && !PyLong_Check(obj)) {
        /* no _id: the object was cleared before its finalizer ran, which
           tp_clear must never do (or the finalizer ran again, after it) */
        if (!rec.late[0])
            snprintf(rec.late, sizeof rec.late,
                     "G6 a finalizer ran at line %u on an object already cleared (its _id is gone): "
                     "run after tp_clear, or run a second time", program_line());
        Py_RETURN_NONE;
    }
    if (id < 0 || id >= MAX_IDS) {
        rec.bad_id = 1;
        Py_RETURN_NONE;
    }
    if (rec.count[id]++ == 0) {
        rec.line[id] = program_line();
        static struct look lk; /* finalizers may nest: only the first uses it */
        static int busy;
        if (has_death[id] && !busy && !rec.late[0] && !PyLong_Check(obj)) {
            char where[16];
            busy = 1;
            memset(&lk, 0, sizeof lk);
            snprintf(where, sizeof where, "o%ld", id);
            if (look(&lk, obj, (int)id, where))
                snprintf(rec.late, sizeof rec.late, "G6 the finalizer of o%ld, at line %u, saw %s", id,
                         rec.line[id], lk.problem);
            busy = 0;
        }
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
    if (id < 0 || id >= MAX_IDS || !has_death[id] || deaths[id].lookup_slot != s || rec.late[0])
        Py_RETURN_NONE;
    const struct shape *sh = &deaths[id];
    char key[8], what[96] = "";
    snprintf(key, sizeof key, "c%d", s);
    /* a function found on the class binds to the instance: look it up on the class */
    PyObject *v = PyObject_GetAttrString(sh->lookup_code == 'c' ? (PyObject *)Py_TYPE(obj) : obj, key);
    if (!v)
        PyErr_Clear();
    char c = sh->lookup_code;
    int t = sh->lookup_target;
    if (c == '-' && v)
        snprintf(what, sizeof what, "finds o%ld.c%d set, but no class in its MRO has it", id, s);
    else if (c != '-' && !v)
        snprintf(what, sizeof what, "finds no o%ld.c%d", id, s);
    else if (c != '-' && (strchr("iLDT", c)  ? object_id(v) != t
                          : c == 'l'         ? !PyList_CheckExact(v)
                          : c == 'g'         ? !PyGen_CheckExact(v)
                          : strchr("dn", c)  ? !PyDict_CheckExact(v)
                                             : 0))
        snprintf(what, sizeof what, "finds o%ld.c%d is not o%d", id, s, t);
    Py_XDECREF(v);
    if (what[0])
        snprintf(rec.late, sizeof rec.late, "G8 the finalizer of o%ld, at line %u, %s", id, program_line(), what);
    Py_RETURN_NONE;
}

/* After recording, a raising callback or finally block raises ValueError,
 * which must reach sys.unraisablehook (G11): the verdict expects one more. */
static PyObject *then_raise(int raises)
{
    if (!raises)
        Py_RETURN_NONE;
    rec.raising_calls++;
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
    if (type != PyExc_AttributeError && type != PyExc_ValueError) {
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
        if (rec.count[i] && !rec.expected[i] && !rec.may[i])
            return FAIL("G3 o%d finalized at line %u while still reachable", i, rec.line[i]);
        if (rec.count[i] && !rec.expected[i] && rec.line[i] < rec.may[i])
            return FAIL("G3 o%d finalized at line %u, before it became unreachable at line %u", i, rec.line[i],
                        rec.may[i]);
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
    if (rec.cb_bad_id)
        return FAIL("G5 a callback recorded a weak reference number outside 0..%d", MAX_IDS - 1);
    for (int k = 0; k < MAX_IDS; k++) {
        if (rec.cb_count[k] > 1)
            return FAIL("G5 the callback of w%d ran %u times, checked at line %u", k, rec.cb_count[k], at);
        if (rec.cb_count[k] && !rec.cb_expected[k] && !rec.cb_may[k])
            return FAIL("G5 the callback of w%d ran at line %u, but its weak reference died first or with its "
                        "referent, or the referent lives", k, rec.cb_line[k]);
        if (rec.cb_expected[k] && !rec.cb_count[k])
            return FAIL("G5 the callback of w%d did not run by line %u, its referent died at line %u", k, at,
                        rec.cb_expected[k]);
        if (rec.cb_expected[k] && rec.cb_line[k] < rec.cb_expected[k])
            return FAIL("G5 the callback of w%d ran at line %u, before its referent died at line %u", k,
                        rec.cb_line[k], rec.cb_expected[k]);
    }
    for (int g = 0; g < MAX_IDS; g++) {
        if (rec.gen_count[g] > 1)
            return FAIL("G10 the finally block of generator o%d ran %u times, checked at line %u", g,
                        rec.gen_count[g], at);
        if (rec.gen_count[g] && !rec.gen_expected[g])
            return FAIL("G10 the finally block of generator o%d ran at line %u, but the generator was unstarted, "
                        "or is still reachable", g, rec.gen_line[g]);
        if (rec.gen_expected[g] && !rec.gen_count[g])
            return FAIL("G10 the finally block of generator o%d did not run by line %u, due since line %u", g, at,
                        rec.gen_expected[g]);
        if (rec.gen_expected[g] && rec.gen_line[g] < rec.gen_expected[g])
            return FAIL("G10 the finally block of generator o%d ran at line %u, before line %u", g, rec.gen_line[g],
                        rec.gen_expected[g]);
    }
    if (rec.late[0])
        return FAIL("%s", rec.late);
    unsigned want = rec.want + rec.raising_calls;
    if (rec.raised_other || rec.raised != want) {
        char names[256] = "";
        for (unsigned i = 0; i < rec.raised - rec.raised_other && strlen(names) < 200; i++)
            strcat(names, i ? " expected" : "expected");
        for (unsigned i = 0; i < rec.raised_other && i < MAX_OTHER_NAMES; i++) {
            if (names[0])
                strcat(names, " ");
            strncat(names, rec.other_names[i], sizeof names - strlen(names) - 1);
        }
        return FAIL("G11 %u exceptions reached sys.unraisablehook by line %u, expected %u AttributeError or ValueError (%s)",
                    rec.raised, at, want, names);
    }
    if (gc_garbage && PyList_Check(gc_garbage) && PyList_GET_SIZE(gc_garbage))
        return FAIL("G9 gc.garbage holds %zd objects at line %u", PyList_GET_SIZE(gc_garbage), at);
    return 0;
}

/* Merge fired={id: line}, unraisable=n, prompt=(ids) into the expectations. */
/* {number: line} into table[number]; what= names the keyword in errors */
static int take_lines(PyObject *map, unsigned *table, const char *what)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (map && PyDict_Next(map, &pos, &key, &value)) {
        long k = PyLong_AsLong(key), line = PyLong_AsLong(value);
        if (PyErr_Occurred())
            return -1;
        if (k < 0 || k >= MAX_IDS || line <= 0) {
            PyErr_Format(PyExc_ValueError, "%s= wants {number: line}", what);
            return -1;
        }
        table[k] = (unsigned)line;
    }
    return 0;
}

static int take_callbacks(PyObject *called_map, PyObject *maybe)
{
    if (take_lines(called_map, rec.cb_expected, "called") < 0)
        return -1;
    for (Py_ssize_t i = 0; maybe && i < PyTuple_GET_SIZE(maybe); i++) {
        long k = PyLong_AsLong(PyTuple_GET_ITEM(maybe, i));
        if (PyErr_Occurred())
            return -1;
        if (k >= 0 && k < MAX_IDS)
            rec.cb_may[k] = 1;
    }
    return 0;
}

static int take_expectations(PyObject *fired_map, long unraisable, PyObject *prompt, unsigned char *prompt_set)
{
    if (take_lines(fired_map, rec.expected, "fired") < 0)
        return -1;
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

/* G7: every name, class attribute and object reachable from them holds
 * what the program last bound ("o0=1 C=2 C0.c1=2 1:i0/i2,-,-,- ..."). */
static int survivors(PyObject *ns, const char *text, unsigned at)
{
    static struct shape alive[MAX_IDS];
    static unsigned char known[MAX_IDS];
    static struct look lk;
    int name_of[GCFUZZ_NAMES], kept_of[GCFUZZ_NAMES], classes = 0;
    unsigned char deleted[GCFUZZ_CLASSES_MAX] = {0};
    char dash;
    int attr_of[GCFUZZ_CLASSES_MAX][4];
    static int lookup_of[MAX_IDS][4]; /* -2: not checked, -1: AttributeError, else the object found */
    memset(known, 0, sizeof known);
    memset(name_of, -1, sizeof name_of);
    memset(kept_of, -1, sizeof kept_of);
    memset(attr_of, -1, sizeof attr_of);
    for (int i = 0; i < MAX_IDS; i++)
        for (int s = 0; s < 4; s++)
            lookup_of[i][s] = -2;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        struct shape sh;
        int a, b, c;
        if (sscanf(p, "o%d=%d", &a, &b) == 2 && a >= 0 && a < GCFUZZ_NAMES)
            name_of[a] = b;
        else if (sscanf(p, "r%d=%d", &a, &b) == 2 && a >= 0 && a < GCFUZZ_NAMES)
            kept_of[a] = b;
        else if (sscanf(p, "@%d.c%d=%d", &a, &b, &c) == 3 && a >= 0 && a < MAX_IDS && b >= 0 && b < 4)
            lookup_of[a][b] = c;
        else if (sscanf(p, "@%d.c%d=", &a, &b) == 2 && a >= 0 && a < MAX_IDS && b >= 0 && b < 4)
            lookup_of[a][b] = -1;
        else if (sscanf(p, "C%d.c%d=%d", &a, &b, &c) == 3 && a >= 0 && a < GCFUZZ_CLASSES_MAX && b >= 0 && b < 4)
            attr_of[a][b] = c;
        else if (sscanf(p, "C%d=%c", &a, &dash) == 2 && dash == '-' && a >= 0 && a < GCFUZZ_CLASSES_MAX)
            deleted[a] = 1;
        else if (sscanf(p, "C=%d", &a) == 1)
            classes = a < GCFUZZ_CLASSES_MAX ? a : GCFUZZ_CLASSES_MAX;
        else if ((a = parse_shape(p, n, &sh)) >= 0)
            alive[a] = sh, known[a] = 1;
        p += n + (p[n] == ' ');
    }
    memset(&lk, 0, sizeof lk);
    lk.table = alive, lk.known = known;
    for (int n = 0; n < GCFUZZ_NAMES; n++) {
        char key[16];
        snprintf(key, sizeof key, "o%d", n);
        PyObject *v = PyDict_GetItemString(ns, key);
        if (!v != (name_of[n] < 0))
            return FAIL("G7 name o%d is %s at line %u", n, v ? "bound" : "gone", at);
        if (v && look(&lk, v, name_of[n], key))
            return FAIL("G7 at line %u, %s", at, lk.problem);
        snprintf(key, sizeof key, "r%d", n);
        v = PyDict_GetItemString(ns, key);
        if (kept_of[n] >= 0 && !v)
            return FAIL("G7 o%d, resurrected into r%d, is gone at line %u", n, n, at);
        if (kept_of[n] >= 0 && look(&lk, v, kept_of[n], key))
            return FAIL("G7 at line %u, %s", at, lk.problem);
    }
    for (int c = 0; c < classes; c++) {
        char key[16], where[32];
        snprintf(key, sizeof key, "C%d", c);
        PyObject *cls = PyDict_GetItemString(ns, key);
        if (deleted[c]) {
            if (cls)
                return FAIL("G7 class C%d, deleted, is bound at line %u", c, at);
            continue;
        }
        PyObject *d = cls && PyType_Check(cls) ? ((PyTypeObject *)cls)->tp_dict : NULL;
        if (!d)
            return FAIL("G7 class C%d is gone at line %u", c, at);
        for (int s = 0; s < 4; s++) {
            snprintf(key, sizeof key, "c%d", s);
            snprintf(where, sizeof where, "C%d.c%d", c, s);
            PyObject *v = PyDict_GetItemString(d, key);
            if (!v != (attr_of[c][s] < 0))
                return FAIL("G7 class attribute %s is %s at line %u", where, v ? "set" : "gone", at);
            if (v && look(&lk, v, attr_of[c][s], where))
                return FAIL("G7 at line %u, %s", at, lk.problem);
        }
    }
    /* G8: a class attribute looked up on an instance comes from the first
       class of its MRO that has it */
    for (int i = 0; i < MAX_IDS; i++) {
        for (int s = 0; s < 4; s++) {
            if (lookup_of[i][s] == -2 || !lk.seen[i])
                continue;
            char key[8], where[48];
            snprintf(key, sizeof key, "c%d", s);
            snprintf(where, sizeof where, "o%d.c%d", i, s);
            /* a function found on the class binds to the instance: look it up on the class */
            int on_class = lookup_of[i][s] >= 0 && known[lookup_of[i][s]] && alive[lookup_of[i][s]].kind == 'c';
            PyObject *obj = (PyObject *)lk.seen[i];
            PyObject *v = PyObject_GetAttrString(on_class ? (PyObject *)Py_TYPE(obj) : obj, key);
            if (!v)
                PyErr_Clear();
            int bad = lookup_of[i][s] == -1 ? v != NULL && FAIL("G8 %s finds a value at line %u, but no class in its MRO has c%d", where, at, s)
                      : !v ? FAIL("G8 %s is not found at line %u", where, at)
                      : look(&lk, v, lookup_of[i][s], where) && FAIL("G8 at line %u, %s", at, lk.problem);
            Py_XDECREF(v);
            if (bad)
                return 1;
        }
    }
    return 0;
}

static PyObject *expect(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"fired", "unraisable", "prompt", "alive", "called", "maybe", "closed", "may", NULL};
    PyObject *fired_map = NULL, *prompt = NULL, *called_map = NULL, *maybe = NULL, *closed_map = NULL;
    PyObject *may_map = NULL;
    const char *alive = NULL;
    long unraisable = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O!lO!sO!O!O!O!:expect", names, &PyDict_Type, &fired_map,
                                     &unraisable, &PyTuple_Type, &prompt, &alive, &PyDict_Type, &called_map,
                                     &PyTuple_Type, &maybe, &PyDict_Type, &closed_map, &PyDict_Type, &may_map) ||
        take_callbacks(called_map, maybe) < 0 || take_lines(closed_map, rec.gen_expected, "closed") < 0 ||
        take_lines(may_map, rec.may, "may") < 0)
        return NULL;
    unsigned at = program_line();
    PyObject *r = check(fired_map, unraisable, prompt, at);
    if (r && alive && survivors(PyEval_GetGlobals(), alive, at)) {
        Py_DECREF(r);
        PyErr_SetString(violation_type, rec.violation);
        return NULL;
    }
    return r;
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
        PyObject *k = PyList_GET_ITEM(keys, i), *v = PyDict_GetItemWithError(ns, k);
        if (!v || !PyUnicode_Check(k) || PyUnicode_READ_CHAR(k, 0) == '_' || PyModule_Check(v))
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

/* Delete the program's names (those not starting with '_' and not modules),
 * collect, and check.  The namespace itself stays: finalizers may use it. */
static PyObject *teardown(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *names[] = {"ns", "fired", "unraisable", "called", "maybe", "closed", NULL};
    PyObject *ns, *fired_map = NULL, *called_map = NULL, *maybe = NULL, *closed_map = NULL;
    long unraisable = 0;
    unsigned at = program_line();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!|O!lO!O!O!:teardown", names, &PyDict_Type, &ns, &PyDict_Type,
                                     &fired_map, &unraisable, &PyDict_Type, &called_map, &PyTuple_Type, &maybe,
                                     &PyDict_Type, &closed_map) ||
        take_callbacks(called_map, maybe) < 0 || take_lines(closed_map, rec.gen_expected, "closed") < 0)
        return NULL;
    /* a finalizer may resurrect its object into a new name (r<id>), in
       the deletions or in the collection: drop the names and collect again
       until none come back; it is not finalized twice */
    for (int round = 0; round < 8; round++) {
        int dropped = program_names(ns, 1);
        if (dropped < 0)
            return NULL;
        /* gc.collect(), not PyGC_Collect(): the C call does nothing while
           the program has the collector disabled */
        PyObject *r = gc_collect ? PyObject_CallNoArgs(gc_collect) : NULL;
        if (!r)
            return NULL;
        Py_DECREF(r);
        int left = program_names(ns, 0);
        if (left < 0)
            return NULL;
        if (!dropped && !left) /* a collection with nothing more to drop, and none came back */
            break;
    }
    return check(fired_map, unraisable, NULL, at);
}

int recorder_check_quiet(void)
{
    return verdict(0, NULL);
}

static PyMethodDef methods[] = {
    {"fired", fired, METH_O, "fired(obj): obj's finalizer ran (obj._id names it; its contents are checked, G6)."},
    {"deaths_are", deaths_are, METH_O, "deaths_are(shapes): what each object holds when it dies (for G6)."},
    {"hook", hook, METH_O, "sys.unraisablehook: counts exceptions by type."},
    {"called", called, METH_VARARGS, "called(k, raises=0): the callback of weak reference w<k> ran (then raise)."},
    {"raises", raises, METH_O, "raises(1): raise ValueError, which must reach sys.unraisablehook (G11)."},
    {"sees", sees, METH_VARARGS, "sees(obj, s): a finalizer reads obj.c<s>; it must find what the model says (G8)."},
    {"closed", closed, METH_VARARGS, "closed(g, raises=0): the finally block of generator o<g> ran (then raise)."},
    {"expect", (PyCFunction)(void (*)(void))expect, METH_VARARGS | METH_KEYWORDS,
     "expect(fired={id: line}, unraisable=0, prompt=(), alive=shapes, called={k: line}, maybe=(k,)): "
     "check a checkpoint."},
    {"teardown", (PyCFunction)(void (*)(void))teardown, METH_VARARGS | METH_KEYWORDS,
     "teardown(ns, fired={id: line}, unraisable=0, called={k: line}, maybe=(k,)): drop the program's "
     "names, collect, check."},
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
    /* gen(x, i): the generator programs make, defined once here rather
       than compiled into every program (the fallback defines the same) */
    PyObject *r = PyRun_String(helpers_py, Py_file_input, PyModule_GetDict(m), PyModule_GetDict(m));
    if (!r) {
        Py_DECREF(gc);
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(r);
    helper_find = PyObject_GetAttrString(m, "find");
    helper_held = PyObject_GetAttrString(m, "held");
    gc_garbage = PyObject_GetAttrString(gc, "garbage");
    gc_collect = PyObject_GetAttrString(gc, "collect");
    Py_DECREF(gc);
    if (!gc_garbage || !gc_collect || !helper_find || !helper_held) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
