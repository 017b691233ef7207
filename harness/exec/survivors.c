/* survivors.c — checking live objects against their shapes: a finalizer's
 * object at its death (G6), everything reachable at a checkpoint (G7), and
 * class attributes found through instances (G8).  The same checks, in the
 * same order and with the same messages, as fallback.py's.  It stores no
 * object: `seen` keeps addresses only, for identity, during one check. */
#include "recorder_internal.h"

#include "compat.h"
#include "format.h"

#include <stdio.h>
#include <string.h>

PyObject *helper_find, *helper_held, *helper_chains_done, *helper_tallies, *helper_free_legacy;

#define PROBLEM(...) (format(lk->problem, sizeof lk->problem, __VA_ARGS__), 1)

void look_start(struct look *lk, const struct shape *table, const uint8_t *known, int deep)
{
    memset(lk->seen, 0, sizeof lk->seen);
    lk->table = table, lk->known = known, lk->deep = deep;
    lk->object = -1, lk->problem[0] = '\0';
}

static int type_named(PyObject *obj, const char *name) { return strcmp(Py_TYPE(obj)->tp_name, name) == 0; }

/* Items of a list of n items (n = 0 for four) are spread out (render.c). */
static Py_ssize_t item_position(const struct shape *sh, int s)
{
    int stride = sh->kind == KIND_LIST && sh->number > 0 ? sh->number / SHAPE_SLOTS : 1;
    return s * stride + stride - 1;
}

/* What a function-like object or a chain holds, as a tuple (helpers.held). */
static PyObject *held_item(PyObject *obj, const struct shape *sh, int s)
{
    PyObject *held = PyObject_CallFunction(helper_held, "Oii", obj, sh->kind == KIND_EXC ? -1 : sh->number,
                                           sh->kind == KIND_CHAIN);
    PyObject *v = held && PyTuple_Check(held) && s < PyTuple_GET_SIZE(held) ? Py_NewRef(PyTuple_GET_ITEM(held, s)) : NULL;
    Py_XDECREF(held);
    PyErr_Clear();
    return v;
}

/* The value in slot s of obj, as shape sh reads it (a new reference), or
 * NULL for nothing there.  Weak containers give the referent, or NULL. */
static PyObject *slot_value(PyObject *obj, const struct shape *sh, int s)
{
    PyObject *v = NULL;
    switch ((enum slot_access)kind_info(sh->kind)->access) {
    case ACCESS_ITEM:
    case ACCESS_SPREAD_ITEM:
        return Py_NewRef(PySequence_Fast_GET_ITEM(obj, item_position(sh, s)));
    case ACCESS_INT_KEY: {
        PyObject *k = PyLong_FromLong(s);
        v = k ? compat_dict_get(obj, k) : NULL;
        Py_XDECREF(k);
        PyErr_Clear();
        return v;
    }
    case ACCESS_STR_KEY:
        if (!kind_has(sh->kind, K_WEAK_ENTRIES))
            return compat_dict_get(obj, recorder_name('k', s));
        v = PyObject_CallMethod(obj, "get", "O", recorder_name('k', s));
        break;
    case ACCESS_MEMBER:
        if (sh->slot[s].code == CODE_EMPTY || sh->slot[s].target < 0)
            return NULL;
        v = PyObject_CallFunction(helper_find, "Oi", obj, sh->slot[s].target);
        break;
    case ACCESS_HELD:
        return held_item(obj, sh, s);
    case ACCESS_FRAME:
        return NULL; /* only a generator's type is checked */
    case ACCESS_ATTR:
        v = compat_optional_attr(obj, recorder_name('a', s));
        break;
    }
    if (!v)
        PyErr_Clear();
    if (v == Py_None)
        Py_CLEAR(v);
    return v;
}

/* How many slots hold something, -1 when one is open (its size is unknown too). */
static int filled_slots(const struct shape *sh)
{
    int filled = 0;
    for (int s = 0; s < sh->slots; s++) {
        if (sh->slot[s].code == CODE_OPEN)
            return -1;
        filled += sh->slot[s].code != CODE_EMPTY;
    }
    return filled;
}

static int size_is(Py_ssize_t size, int filled) { return filled < 0 || size == filled; }

/* obj's type as the shape's kind says (the switch is complete: a new kind
 * must say how it is checked). */
static int type_matches(PyObject *obj, const struct shape *sh, int filled)
{
    switch ((enum object_kind)sh->kind) {
    case KIND_INSTANCE: return 1; /* its class and _id are checked before */
    case KIND_LIST_INSTANCE: return PyList_Check(obj) && PyList_GET_SIZE(obj) == SHAPE_SLOTS;
    case KIND_DICT_INSTANCE: return PyDict_Check(obj) && size_is(PyDict_GET_SIZE(obj), filled);
    case KIND_TUPLE_INSTANCE: return PyTuple_Check(obj) && PyTuple_GET_SIZE(obj) == SHAPE_SLOTS + 1;
    case KIND_LIST:
    case KIND_DICT:
    case KIND_INT_DICT:
    case KIND_GENERATOR: return 1; /* checked before, with their own messages */
    case KIND_TUPLE: return PyTuple_CheckExact(obj) && PyTuple_GET_SIZE(obj) == SHAPE_SLOTS;
    case KIND_SET: return PySet_CheckExact(obj) && size_is(PySet_GET_SIZE(obj), filled);
    case KIND_FROZENSET: return PyFrozenSet_CheckExact(obj) && size_is(PySet_GET_SIZE(obj), filled);
    case KIND_FUNC:
        return sh->number == FUNC_METHOD    ? PyObject_HasAttrString(obj, "__self__")
               : sh->number == FUNC_PARTIAL ? type_named(obj, "functools.partial")
                                            : PyFunction_Check(obj);
    case KIND_EXC:
    case KIND_WEAK_VALUES:
    case KIND_WEAK_KEYS:
    case KIND_WEAK_SET: return type_named(obj, kind_info(sh->kind)->type);
    case KIND_CHAIN: return 1; /* walked before, by check_identity */
    case KIND_COUNT: break;
    }
    return 0;
}

/* Whether obj is of a frame's Python type (several frames make generators) */
static int frame_is(PyObject *obj, int frame)
{
    return type_named(obj, gen_frame_types[frame]);
}

/* Whether obj is of any frame's type */
static int any_frame(PyObject *obj)
{
    return PyGen_CheckExact(obj) || PyCoro_CheckExact(obj) || PyAsyncGen_CheckExact(obj);
}

/* A frame's type in words: "async generator" for async_generator */
static const char *frame_noun(int frame)
{
    static char noun[32];
    format(noun, sizeof noun, "%s", gen_frame_types[frame]);
    for (char *c = noun; *c; c++)
        *c = *c == '_' ? ' ' : *c;
    return noun;
}

/* The problem with obj's identity and type as object i, or 0. */
static int check_identity(struct look *lk, PyObject *obj, int i, const struct shape *sh, const char *where)
{
    char name[16];
    int filled = filled_slots(sh);
    format(name, sizeof name, "C%d", sh->number);
    if (kind_has(sh->kind, K_INSTANCE) && (!type_named(obj, name) || object_id(obj) != i))
        return PROBLEM("%s is not o%d", where, i);
    if (sh->kind == KIND_GENERATOR) { /* its number is its frame, none for a plain generator */
        int frame = sh->number > 0 ? sh->number : GEN_FRAME_GEN;
        return frame_is(obj, frame) ? 0 : PROBLEM("%s is not the %s o%d", where, frame_noun(frame), i);
    }
    if (sh->kind == KIND_CHAIN) {
        PyObject *end = held_item(obj, sh, 0);
        Py_XDECREF(end);
        return end ? 0 : PROBLEM("%s is not the chain o%d as built: a link is missing", where, i);
    }
    if (sh->kind == KIND_LIST &&
        (!PyList_CheckExact(obj) || PyList_GET_SIZE(obj) != (sh->number > 0 ? sh->number : SHAPE_SLOTS)))
        return PROBLEM("%s is not the list o%d as bound", where, i);
    if ((sh->kind == KIND_DICT || sh->kind == KIND_INT_DICT) &&
        (!PyDict_CheckExact(obj) || !size_is(PyDict_GET_SIZE(obj), filled)))
        return PROBLEM("%s is not the dict o%d as bound", where, i);
    if (!type_matches(obj, sh, filled))
        return PROBLEM("%s is not o%d as bound", where, i);
    return 0;
}

/* Where slot s of an object reached as `where` is, for messages. */
static void slot_place(const struct shape *sh, int s, const char *where, char *out, size_t size)
{
    switch ((enum slot_access)kind_info(sh->kind)->access) {
    case ACCESS_ITEM:
    case ACCESS_SPREAD_ITEM:
    case ACCESS_INT_KEY: format(out, size, "%.150s[%d]", where, s); break;
    case ACCESS_STR_KEY: format(out, size, "%.150s['k%d']", where, s); break;
    case ACCESS_ATTR: format(out, size, "%.150s.a%d", where, s); break;
    default: format(out, size, "%.150s<%d>", where, s); break;
    }
}

int holds_wrong(PyObject *v, const struct shape_slot *slot)
{
    if (kind_has(slot->kind, K_INSTANCE))
        return object_id(v) != slot->target;
    switch (slot->kind) {
    case KIND_LIST: return !PyList_CheckExact(v);
    case KIND_GENERATOR: return !any_frame(v);
    case KIND_DICT:
    case KIND_INT_DICT: return !PyDict_CheckExact(v);
    default: return 0;
    }
}

/* A weak container's entry in a slot: present while its referent lives. */
static int check_weak_entry(struct look *lk, PyObject *v, const struct shape_slot *slot, const char *at)
{
    if (!lk->deep)
        return 0;
    if (slot->target == WEAK_FREED && v)
        return PROBLEM("%s still reaches a freed object", at);
    if (slot->target >= 0)
        return v ? look(lk, v, slot->target, at) : PROBLEM("%s is missing", at);
    return 0;
}

/* Whether v is a weak reference of the slot's form */
static int weak_form_is(PyObject *v, const struct shape_slot *slot)
{
    switch ((enum weak_shape)slot->kind) {
    case WEAK_REF: return PyWeakref_CheckRefExact(v);
    case WEAK_PROXY: return PyWeakref_CheckProxy(v);
    case WEAK_METHOD: {
        const char *name = Py_TYPE(v)->tp_name, *dot = strrchr(name, '.'); /* weakref.WeakMethod from 3.12 */
        return PyWeakref_CheckRef(v) && !strcmp(dot ? dot + 1 : name, "WeakMethod");
    }
    }
    return 0;
}

/* A dead proxy: using it raises ReferenceError (the weakref docs) */
static int proxy_use_fails(PyObject *v)
{
    int truth = PyObject_IsTrue(v);
    int refused = truth < 0 && PyErr_ExceptionMatches(PyExc_ReferenceError);
    PyErr_Clear();
    return refused;
}

/* A WeakMethod leads to its referent through the method it gives:
 * v() must be a method bound to target (0), or say what is wrong. */
static int method_bound_to(struct look *lk, PyObject *v, PyObject *target, const char *at)
{
    PyObject *meth = PyObject_CallNoArgs(v);
    int bad = !meth || !PyMethod_Check(meth) || PyMethod_GET_SELF(meth) != target;
    PyErr_Clear();
    Py_XDECREF(meth);
    return bad && PROBLEM("%s() is no method bound to its referent", at);
}

/* A weak reference in a slot (weakref.ref, a proxy or a WeakMethod):
 * alive and leading to its referent, or dead. */
static int check_weakref(struct look *lk, PyObject *v, const struct shape_slot *slot, const char *at)
{
    static const char *const form_name[] = {"a weak reference", "a weakref.proxy", "a weakref.WeakMethod"};
    if (!weak_form_is(v, slot))
        return PROBLEM("%s is not %s", at, form_name[slot->kind]);
    if (!lk->deep || (slot->target != WEAK_FREED && slot->target < 0))
        return 0;
    PyObject *target = compat_weakref_target(v);
    int bad;
    if (slot->target == WEAK_FREED) {
        bad = target && PROBLEM("%s still reaches a freed object", at);
        if (!bad && slot->kind == WEAK_PROXY && !proxy_use_fails(v))
            bad = PROBLEM("%s, a proxy of a freed object, raised no ReferenceError when used", at);
        if (!bad && slot->kind == WEAK_METHOD) {
            PyObject *meth = PyObject_CallNoArgs(v);
            bad = meth != Py_None && PROBLEM("%s() gave a method of a freed object", at);
            PyErr_Clear();
            Py_XDECREF(meth);
        }
    } else if (target && slot->kind == WEAK_METHOD && method_bound_to(lk, v, target, at)) {
        bad = 1;
    } else {
        char deref[210];
        format(deref, sizeof deref, "%s()", at);
        bad = look(lk, target ? target : Py_None, slot->target, deref);
    }
    Py_XDECREF(target);
    return bad;
}

static int check_slot(struct look *lk, PyObject *obj, const struct shape *sh, int s, const char *where)
{
    const struct shape_slot *slot = &sh->slot[s];
    char at[200];
    slot_place(sh, s, where, at, sizeof at);
    if (slot->code == CODE_OPEN)
        return 0; /* open: another finalizer of the same moment may have changed it */
    PyObject *v = slot_value(obj, sh, s);
    int none_when_empty = kind_has(sh->kind, K_NONE_WHEN_EMPTY), bad = 0;
    if (slot->code == CODE_EMPTY)
        bad = (none_when_empty ? v != Py_None : v != NULL) && PROBLEM("%s holds something the program removed", at);
    else if (kind_has(sh->kind, K_WEAK_ENTRIES) && slot->code == CODE_WEAK)
        bad = check_weak_entry(lk, v, slot, at);
    else if (!v || (v == Py_None && none_when_empty))
        bad = PROBLEM("%s is missing", at);
    else if (slot->code == CODE_WEAK)
        bad = check_weakref(lk, v, slot, at);
    else if (lk->deep)
        bad = look(lk, v, slot->target, at);
    else if (holds_wrong(v, slot))
        bad = PROBLEM("%s is not o%d", at, slot->target);
    Py_XDECREF(v);
    return bad;
}

int look(struct look *lk, PyObject *obj, int i, const char *where)
{
    if (i < 0 || i >= SHAPE_MAX_IDS || !lk->known[i])
        return 0;
    if (lk->seen[i])
        return lk->seen[i] == (uintptr_t)obj ? 0 : (lk->object = i, PROBLEM("%s is not the same object as before", where));
    lk->seen[i] = (uintptr_t)obj;
    const struct shape *sh = &lk->table[i];
    if (check_identity(lk, obj, i, sh, where))
        return lk->object = i, 1;
    for (int s = 0; s < sh->slots; s++)
        if (check_slot(lk, obj, sh, s, where)) {
            if (lk->object < 0)
                lk->object = i;
            return 1;
        }
    return 0;
}

/* --- G7 and G8 at a checkpoint --- */

static struct look survivor_look; /* static: large, and checks do not nest */

/* Which of the objects a place may hold `v` is: by its _id, or, for other
 * kinds, the first whose type and size it has; -1: none. */
static int pick(struct look *lk, PyObject *v, const struct value_set *set)
{
    if (set->n == 1)
        return set->id[0];
    long id = object_id(v);
    if (id >= 0)
        return value_set_has(set, (int)id) ? (int)id : -1;
    struct look scratch;
    for (int i = 0; i < set->n; i++) {
        int c = set->id[i];
        if (c >= 0 && c < SHAPE_MAX_IDS && lk->known[c] && !kind_has(lk->table[c].kind, K_INSTANCE) &&
            !check_identity(&scratch, v, c, &lk->table[c], ""))
            return c;
    }
    return -1;
}

/* "o1|o2|nothing", for messages */
static void describe_values(const struct value_set *set, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < set->n && n < size; i++)
        n += (size_t)format(out + n, size - n, "%so%d", i ? " or " : "", set->id[i]);
    if (set->empty && n < size)
        format(out + n, size - n, "%snothing", n ? " or " : "");
}

/* What a listed place holds, `v` (NULL: nothing there), against its set:
 * nothing (absent or None) where nothing may be, else one of its objects,
 * intact.  Returns 0, or the violation's guarantee with lk's problem or
 * `what` set: "gone", or a mismatch. */
static int check_place(struct look *lk, PyObject *v, const struct value_set *set, const char *where, const char **what)
{
    *what = NULL;
    if (!v || v == Py_None) {
        if (set->empty)
            return 0;
        *what = "gone";
        return 1;
    }
    if (!set->n) {
        *what = "bound";
        return 1;
    }
    int id = pick(lk, v, set);
    if (id < 0) {
        char values[120];
        describe_values(set, values, sizeof values);
        format(lk->problem, sizeof lk->problem, "%s is none of %s", where, values);
        return 1;
    }
    return look(lk, v, id, where);
}

/* Names o<N> bound as the model says, each holding its object; globals
 * r<N> holding theirs. */
static int check_names(PyObject *ns, const struct alive *a, unsigned at)
{
    struct look *lk = &survivor_look;
    for (int n = 0; n < SHAPE_MAX_NAMES; n++) {
        char key[16];
        const char *what;
        format(key, sizeof key, "o%d", n);
        PyObject *v = compat_dict_get(ns, recorder_name('o', n));
        const struct value_set *set = &a->name_of[n];
        int bad = 0;
        if (!value_set_listed(set) ? v != NULL : check_place(lk, v, set, key, &what)) {
            if (!value_set_listed(set) || what)
                bad = violate(7, SUBJECT_NAME, n, at, "G7 name o%d is %s at line %u", n, v ? "bound" : "gone", at);
            else
                bad = violate(7, SUBJECT_OBJECT, lk->object, at, "G7 at line %u, %s", at, lk->problem);
        }
        Py_XDECREF(v);
        if (bad)
            return 1;
        set = &a->kept_of[n];
        if (!value_set_listed(set))
            continue;
        format(key, sizeof key, "r%d", n);
        v = compat_dict_get(ns, recorder_name('r', n));
        if (check_place(lk, v, set, key, &what)) {
            if (what && set->n == 1)
                bad = violate(7, SUBJECT_OBJECT, set->id[0], at, "G7 o%d, resurrected into r%d, is %s at line %u",
                              set->id[0], n, what, at);
            else if (what)
                bad = violate(7, SUBJECT_NAME, n, at, "G7 global r%d is %s at line %u", n, what, at);
            else
                bad = violate(7, SUBJECT_OBJECT, lk->object, at, "G7 at line %u, %s", at, lk->problem);
        }
        Py_XDECREF(v);
        if (bad)
            return 1;
    }
    return 0;
}

/* One class's own attributes, as the model says. */
static int check_class_attributes(PyObject *d, const struct alive *a, int c, unsigned at)
{
    struct look *lk = &survivor_look;
    for (int s = 0; s < SHAPE_SLOTS; s++) {
        char where[32];
        const char *what;
        format(where, sizeof where, "C%d.c%d", c, s);
        PyObject *v = compat_dict_get(d, recorder_name('c', s));
        const struct value_set *set = &a->attr_of[c][s];
        int bad = 0;
        if (!value_set_listed(set) ? v != NULL : check_place(lk, v, set, where, &what)) {
            if (!value_set_listed(set) || what)
                bad = violate(7, SUBJECT_CLASS, c, at, "G7 class attribute %s is %s at line %u", where,
                              v ? "set" : "gone", at);
            else
                bad = violate(7, SUBJECT_OBJECT, lk->object, at, "G7 at line %u, %s", at, lk->problem);
        }
        Py_XDECREF(v);
        if (bad)
            return 1;
    }
    return 0;
}

/* Classes bound (or deleted) as the model says, with their own attributes. */
static int check_classes(PyObject *ns, const struct alive *a, unsigned at)
{
    for (int c = 0; c < a->classes && c < SHAPE_MAX_CLASSES; c++) {
        PyObject *cls = compat_dict_get(ns, recorder_name('C', c));
        if (a->deleted[c]) {
            Py_XDECREF(cls);
            if (cls)
                return violate(7, SUBJECT_CLASS, c, at, "G7 class C%d, deleted, is bound at line %u", c, at);
            continue;
        }
        PyObject *d = cls && PyType_Check(cls) ? compat_type_dict(cls) : NULL;
        Py_XDECREF(cls);
        if (!d)
            return violate(7, SUBJECT_CLASS, c, at, "G7 class C%d is gone at line %u", c, at);
        int bad = check_class_attributes(d, a, c, at);
        Py_DECREF(d);
        if (bad)
            return 1;
    }
    return 0;
}

/* G8: a class attribute looked up on an instance comes from the first
 * class of its MRO that has it. */
static int check_lookup(const struct alive *a, int i, int s, unsigned at)
{
    struct look *lk = &survivor_look;
    const struct value_set *set = &a->lookup_of[i][s];
    char where[48];
    const char *what;
    format(where, sizeof where, "o%d.c%d", i, s);
    /* a function found on the class binds to the instance: look it up on the class */
    int on_class = 0;
    for (int k = 0; k < set->n; k++)
        on_class |= set->id[k] >= 0 && set->id[k] < SHAPE_MAX_IDS && a->known[set->id[k]] &&
                    a->shapes[set->id[k]].kind == KIND_FUNC;
    PyObject *obj = (PyObject *)lk->seen[i];
    PyObject *v = compat_optional_attr(on_class ? (PyObject *)Py_TYPE(obj) : obj, recorder_name('c', s));
    int bad = 0;
    if (check_place(lk, v, set, where, &what)) {
        if (what && v)
            bad = violate(8, SUBJECT_OBJECT, i, at, "G8 %s finds a value at line %u, but no class in its MRO has c%d",
                          where, at, s);
        else if (what)
            bad = violate(8, SUBJECT_OBJECT, i, at, "G8 %s is not found at line %u", where, at);
        else
            bad = violate(8, SUBJECT_OBJECT, i, at, "G8 at line %u, %s", at, lk->problem);
    }
    Py_XDECREF(v);
    return bad;
}

int check_survivors(PyObject *ns, const struct alive *a, unsigned at)
{
    look_start(&survivor_look, a->shapes, a->known, 1);
    if (check_names(ns, a, at) || check_classes(ns, a, at))
        return 1;
    for (int i = 0; i < SHAPE_MAX_IDS; i++)
        for (int s = 0; s < SHAPE_SLOTS; s++)
            if (value_set_listed(&a->lookup_of[i][s]) && survivor_look.seen[i] && check_lookup(a, i, s, at))
                return 1;
    return 0;
}
