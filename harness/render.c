/* render.c — writes a program as a self-checking Python script (render.h).
 *
 * The body is written operation by operation while the model is stepped
 * alongside, so each line can be written for the kind of object its name holds
 * right then, and each checkpoint lists exactly what the model says died since
 * the previous one, with the line where it became unreachable.  The preamble's
 * pure-Python recorder mirrors recorder.c check for check and message for
 * message; keep the two in step. */
#include "render.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char preamble_head[] =
    "# gcfuzz program %s: self-checking; run with python3 (CPython 3.10+).\n";

/* The fallback recorder is harness/fallback.py, turned into a C string by
 * CMake (fallback_py.h). */
#include "fallback_py.h"
/* ... and so are the helpers programs call (harness/helpers.py, which the
 * native recorder runs as its own module code): pasted inside a function
 * given `closed`, whose locals become the fallback recorder's attributes. */
#include "helpers_py.h"

static const char helpers_head[] = "    def _helpers(closed):\n";
static const char helpers_tail[] =
    "        return locals()\n"
    "    for _k, _v in _helpers(_g.closed).items(): setattr(_g, _k, _v)\n"
    "    del _helpers, _k, _v\n";

static const char preamble_intro[] =
    "# The _g.expect(...) lines are gcfuzz's model of CPython's collector: {o: line}\n"
    "# lists the objects whose __del__ must have run, and the line where each became\n"
    "# unreachable; alive= what every reachable object must still hold.  A broken\n"
    "# guarantee exits non-zero with one line naming it.\n"
    "import gc, sys, weakref\n"
    "try:\n"
    "    import _gcfuzz as _g  # the native recorder, inside the gcfuzz harness\n"
    "except ImportError:\n";

static const char preamble_end[] = RENDER_BODY_MARK "\n";

struct writer {
    struct rendered *out;
    unsigned line; /* the line being written, from 1 */
    int ok;
};

static void put(struct writer *w, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    struct rendered *r = w->out;
    if (n < 0 || (size_t)n >= sizeof tmp) {
        w->ok = 0;
        return;
    }
    if (r->len + (size_t)n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        while (cap < r->len + (size_t)n + 1)
            cap *= 2;
        char *grown = realloc(r->text, cap);
        if (!grown) {
            w->ok = 0;
            return;
        }
        r->text = grown, r->cap = cap;
    }
    memcpy(r->text + r->len, tmp, (size_t)n + 1);
    r->len += (size_t)n;
    for (int i = 0; i < n; i++)
        w->line += tmp[i] == '\n';
}

void program_hash(const struct program *p, char out[17])
{
    uint8_t buf[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    size_t n = program_encode(p, buf);
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The methods every class shares are written once, before the first class. */
static void put_shared_methods(struct writer *w)
{
    put(w, "def _init(self, i):\n    self._id = i\n");
    put(w, "def _record(self, _fired=_g.fired):\n    _fired(self)\n");
}

/* What each finalizer body does after recording (BODY_* in program.h). */
static const char *const body_action[BODY_COUNT] = {
    [BODY_FIX] = "del self.__class__.c%d",
    [BODY_RAISE] = "_g.raises(1)",
    [BODY_COLLECT] = "gc.collect()",
    [BODY_RESURRECT] = "globals()['r%%d' %% self._id] = self",
    [BODY_UNLINK] = "del self.a%d",
    [BODY_DEL_NAME] = "globals().pop('o%d', None)",
    [BODY_REBIND] = "__class__.c%d = self",
    [BODY_CHECK] = "_g.sees(self, %d)",
    [BODY_MUTATE] = "_g.clear(globals().get('o%d'))",
    [BODY_DEREF] = "globals()['r%%d' %% self._id] = _g.deref(self, %d)",
};

static void put_class(struct writer *w, const struct model *m, int c)
{
    static const char *const builtin_base[FLAVOR_COUNT] = {
        [FLAVOR_LIST] = "list", [FLAVOR_DICT] = "dict", [FLAVOR_TUPLE] = "tuple", [FLAVOR_EXCEPTION] = "Exception"};
    const struct model_class *k = &m->classes[c];
    const char *in = k->flavor == FLAVOR_LOCAL ? "    " : "";
    int empty = 1;
    if (c == 0)
        put_shared_methods(w);
    if (k->flavor == FLAVOR_LOCAL)
        put(w, "def _mk%d():\n", c);
    if (k->base >= 0 && k->base2 >= 0)
        put(w, "%sclass C%d(C%d, C%d):\n", in, c, k->base, k->base2);
    else if (k->base >= 0)
        put(w, "%sclass C%d(C%d):\n", in, c, k->base);
    else if (builtin_base[k->flavor])
        put(w, "%sclass C%d(%s):\n", in, c, builtin_base[k->flavor]);
    else
        put(w, "%sclass C%d:\n", in, c);
    if (k->base < 0) {
        empty = 0;
        if (k->flavor == FLAVOR_SLOTS)
            put(w, "%s    __slots__ = ('_id', 'a0', 'a1', 'a2', 'a3', '__weakref__')\n", in);
        if (k->flavor == FLAVOR_SHARED)
            put(w, "%s    __slots__ = ('_id', '__dict__', '__weakref__')\n", in);
        if (k->flavor == FLAVOR_TUPLE)
            put(w, "%s    __slots__ = ()\n%s    _id = property(lambda s: s[4])\n", in, in);
        else if (k->flavor == FLAVOR_LIST)
            put(w, "%s    def __init__(self, i):\n%s        self._id = i\n%s        self.extend((None,) * 4)\n", in, in,
                in);
        else
            put(w, "%s    __init__ = _init\n", in);
    }
    if (k->body == BODY_RECORD) {
        put(w, "%s    __del__ = _record\n", in);
        empty = 0;
    } else if (k->body != BODY_NONE) {
        put(w, "%s    def __del__(self, _fired=_g.fired, _g=_g):\n%s        _fired(self)\n%s        ", in, in, in);
        put(w, body_action[k->body], k->fix_slot);
        put(w, "\n");
        empty = 0;
    }
    if (empty)
        put(w, "%s    pass\n", in);
    if (k->flavor == FLAVOR_LOCAL)
        put(w, "    return C%d\nC%d = _mk%d()\n", c, c, c);
}

/* The item a list holds slot s at: lists of any length keep their four
 * slots spread out, so that cycles pass through any position. */
static int list_position(const struct model_object *o, int s)
{
    static const int lengths[] = GCFUZZ_LIST_LENGTHS;
    int stride = o->kind == OBJ_LIST ? lengths[o->variant] / GCFUZZ_SLOTS : 1;
    return s * stride + stride - 1;
}

/* o3.a1 / o3[1] / o3['k1'], by what the name holds. */
static void put_slot(struct writer *w, const struct model *m, int name, int slot)
{
    int obj = m->names[name], layout = model_layout(m, obj);
    const struct model_object *o = &m->objects[obj];
    if (o->kind == OBJ_LIST || layout == LAYOUT_LIST)
        put(w, "o%d[%d]", name, list_position(o, slot));
    else if ((o->kind == OBJ_DICT && o->variant == DICT_INT))
        put(w, "o%d[%d]", name, slot);
    else if (o->kind == OBJ_DICT || o->kind == OBJ_WEAK_VALUES || layout == LAYOUT_DICT)
        put(w, "o%d['k%d']", name, slot);
    else
        put(w, "o%d.a%d", name, slot);
}

static void put_link(struct writer *w, const struct model *m, const struct op *op)
{
    const struct model_object *o = &m->objects[m->names[op->a]];
    if (o->kind == OBJ_SET || o->kind == OBJ_WEAK_SET) {
        put(w, "o%d.add(o%d)", op->a, op->c);
        return;
    }
    if (o->kind == OBJ_WEAK_KEYS) {
        put(w, "o%d[o%d] = %d", op->a, op->c, op->b);
        return;
    }
    put_slot(w, m, op->a, op->b % GCFUZZ_SLOTS);
    if (op->kind == OP_LINK || o->kind == OBJ_WEAK_VALUES)
        put(w, " = o%d", op->c);
    else if (op->kind == OP_LINK_WEAK)
        put(w, " = weakref.ref(o%d)", op->c);
    else if (op->b / GCFUZZ_SLOTS == CALLBACK_RAISE) /* _c(k, 1) records, then raises ValueError */
        put(w, " = weakref.ref(o%d, lambda r, _c=_g.called: _c(%d, 1))", op->c, op->made);
    else if (op->b / GCFUZZ_SLOTS == CALLBACK_COLLECT)
        put(w, " = weakref.ref(o%d, lambda r, _c=_g.called: (_c(%d), gc.collect()))", op->c, op->made);
    else
        put(w, " = weakref.ref(o%d, lambda r, _c=_g.called: _c(%d))", op->c, op->made);
}

static void put_unlink(struct writer *w, const struct model *m, const struct op *op)
{
    const struct model_object *o = &m->objects[m->names[op->a]];
    if (model_keyed_by_object(m, m->names[op->a]))
        put(w, "_g.drop(o%d, %d)", op->a, o->slot_target[op->b]);
    else if (o->kind == OBJ_WEAK_VALUES)
        put(w, "o%d.pop('k%d', None)", op->a, op->b);
    else if (o->kind == OBJ_LIST || model_layout(m, m->names[op->a]) == LAYOUT_LIST) {
        put_slot(w, m, op->a, op->b);
        put(w, " = None");
    } else {
        put(w, "del ");
        put_slot(w, m, op->a, op->b);
    }
}

static void put_new(struct writer *w, const struct model *m, const struct op *op)
{
    static const char *const dicts[DICT_COUNT] = {"{}", "{}", "set()", "weakref.WeakValueDictionary()",
                                                  "weakref.WeakKeyDictionary()", "weakref.WeakSet()"};
    static const char *const copies[3][4] = {
        {"o%d[:]", "o%d.copy()", "list(o%d)", "[x for x in o%d]"},
        {"dict(o%d)", "o%d.copy()", "{**o%d}", "{k: v for k, v in o%d.items()}"},
        {"set(o%d)", "o%d.copy()", "{*o%d}", "{x for x in o%d}"},
    };
    static const int lengths[] = GCFUZZ_LIST_LENGTHS;
    put(w, "o%d = ", op->made);
    switch (op->kind) {
    case OP_NEW_INSTANCE:
        if (m->classes[op->a].layout == LAYOUT_TUPLE)
            put(w, "C%d((o%d, o%d, None, None, %d))", op->a, op->b, op->c, op->made);
        else
            put(w, "C%d(%d)", op->a, op->made);
        break;
    case OP_NEW_LIST: put(w, "[None] * %d", lengths[op->a]); break;
    case OP_NEW_DICT: put(w, "%s", dicts[op->a]); break;
    case OP_NEW_TUPLE:
        put(w, op->b == TUPLE_FRONT ? "(o%d, o%d, None, None)"
               : op->b == TUPLE_BACK ? "(None, None, o%d, o%d)" : "frozenset((o%d, o%d))",
            op->a, op->c);
        break;
    case OP_NEW_FUNC:
        switch (op->b) {
        case FUNC_CLOSURE1: put(w, "_g.cell(o%d)", op->a); break;
        case FUNC_CLOSURE2: put(w, "_g.cell2(o%d, o%d)", op->a, op->c); break;
        case FUNC_METHOD: put(w, "o%d.__init__", op->a); break;
        case FUNC_LAMBDA: put(w, "lambda _a=o%d, _b=o%d: 0", op->a, op->c); break;
        default: put(w, "_g.partial(_g.cell, o%d, o%d)", op->a, op->c); break;
        }
        break;
    case OP_NEW_EXC: put(w, "_g.catch(o%d)", op->a); break;
    case OP_COPY: {
        int kind = m->objects[m->names[op->a]].kind;
        put(w, copies[kind == OBJ_LIST ? 0 : kind == OBJ_DICT ? 1 : 2][op->b], op->a);
        break;
    }
    }
}

static void put_statement(struct writer *w, const struct model *m, const struct op *op)
{
    switch (op->kind) {
    case OP_NEW_CLASS: put_class(w, m, op->made); break;
    case OP_NEW_INSTANCE:
    case OP_NEW_LIST:
    case OP_NEW_DICT:
    case OP_NEW_TUPLE:
    case OP_NEW_FUNC:
    case OP_NEW_EXC:
    case OP_COPY: put_new(w, m, op); break;
    case OP_LINK:
    case OP_LINK_WEAK:
    case OP_LINK_WEAK_CB: put_link(w, m, op); break;
    case OP_NEW_GENERATOR:
        /* a raising one's finally block records, then raises ValueError */
        put(w, op->a == GEN_RAISING ? "o%d = _g.gen(o%d, %d, 1)" : "o%d = _g.gen(o%d, %d)", op->made, op->c, op->made);
        if (op->a != GEN_UNSTARTED)
            put(w, "; next(o%d)", op->made); /* suspended inside its try block */
        if (op->a == GEN_FINISHED)
            put(w, "; next(o%d, None)", op->made); /* runs its finally block, and ends */
        break;
    case OP_UNLINK: put_unlink(w, m, op); break;
    case OP_SET_CLASS_ATTR: put(w, "C%d.c%d = o%d", op->a, op->b, op->c); break;
    case OP_SELF_CLASS_ATTR: put(w, "o%d.__class__.c%d = C%d(%d)", op->a, op->b, op->c, op->made); break;
    case OP_DEL_CLASS_ATTR: put(w, "del C%d.c%d", op->a, op->b); break;
    case OP_DEL_CLASS: put(w, "del C%d", op->a); break;
    case OP_DEL_NAME: put(w, "del o%d", op->a); break;
    case OP_REBIND: put(w, "o%d = o%d", op->a, op->c); break;
    case OP_COLLECT: put(w, "gc.collect()"); break;
    case OP_GC_DISABLE: put(w, "gc.disable()"); break;
    case OP_GC_ENABLE: put(w, "gc.enable()"); break;
    case OP_SET_THRESHOLD: put(w, "gc.set_threshold(%d)", ((const int[])GCFUZZ_THRESHOLDS)[op->a]); break;
    case OP_COLLECT_YOUNG: put(w, "gc.collect(%d)", op->a); break;
    case OP_FINALIZE: put(w, "weakref.finalize(o%d, _g.called, %d)", op->a, op->made); break;
    case OP_FREEZE: put(w, op->a ? "gc.unfreeze()" : "gc.freeze()"); break;
    case OP_SET_DICT: {
        /* an instance of a plain class keeps its _id in its __dict__ */
        int own_id = model_layout(m, m->names[op->a]) != LAYOUT_SHARED, id = m->names[op->a];
        if (op->b == DICT_ASSIGN_SHARE)
            put(w, "o%d.__dict__ = o%d.__dict__", op->a, op->c);
        else if (op->b == DICT_ASSIGN_COPY && own_id)
            put(w, "o%d.__dict__ = {**o%d.__dict__, '_id': %d}", op->a, op->c, id);
        else if (op->b == DICT_ASSIGN_COPY)
            put(w, "o%d.__dict__ = dict(o%d.__dict__)", op->a, op->c);
        else if (own_id)
            put(w, "o%d.__dict__ = {'_id': %d}", op->a, id);
        else
            put(w, "o%d.__dict__ = {}", op->a);
        break;
    }
    }
}

static void put_objects(struct writer *w, uint32_t set)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (set & (1u << i))
            put(w, " o%d", i);
}

/* "  # freed: o1 o2; cyclic garbage: o3" after a statement that killed. */
static void put_deaths(struct writer *w, const struct model_step *s)
{
    if (!s->died)
        return;
    put(w, "  #");
    if (s->prompt) {
        put(w, " freed:");
        put_objects(w, s->prompt);
    }
    if (s->died & ~s->prompt) {
        put(w, "%s cyclic garbage:", s->prompt ? ";" : "");
        put_objects(w, s->died & ~s->prompt);
    }
}

/* called={k: line}: weak-reference callbacks that must have run, with the
 * line their referent died at; maybe=(k, ...): those that may have run once.
 * Both for callbacks the model decided at operations [from, to]. */
static void put_callbacks(struct writer *w, const struct model *m, const unsigned *op_line, size_t from, size_t to)
{
    int any = 0;
    for (size_t k = 0; k < m->n_callbacks; k++) {
        const struct model_callback *cb = &m->callbacks[k];
        if (cb->state == CB_MUST && (size_t)cb->decided_op >= from && (size_t)cb->decided_op <= to) {
            put(w, any ? ", %zu: %u" : ", called={%zu: %u", k, op_line[m->objects[cb->referent].dead_op]);
            any = 1;
        }
    }
    if (any)
        put(w, "}");
    any = 0;
    for (size_t k = 0; k < m->n_callbacks; k++) {
        const struct model_callback *cb = &m->callbacks[k];
        if (cb->state == CB_MAY && (size_t)cb->decided_op >= from && (size_t)cb->decided_op <= to) {
            put(w, any ? " %zu," : ", maybe=(%zu,", k);
            any = 1;
        }
    }
    if (any)
        put(w, ")");
}

/* closed={g: line}: generators whose finally block must have run once by
 * now (G10), at or after that line: suspended ones that died, finished ones
 * at the line that finished them.  Unstarted ones never run it. */
static void put_closed(struct writer *w, const struct model *m, const unsigned *op_line, size_t from, size_t to)
{
    int any = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *g = &m->objects[i];
        if (g->kind != OBJ_GENERATOR || g->closed_op < 0)
            continue;
        /* a suspended one closes when it is collected (gc.freeze() may
           delay that), at or after the line it died at */
        int due = g->gen_state == GEN_FINISHED ? g->closed_op : g->fire_due;
        if (due >= 0 && (size_t)due >= from && (size_t)due <= to) {
            put(w, any ? ", %zu: %u" : ", closed={%zu: %u", i, op_line[g->closed_op]);
            any = 1;
        }
    }
    if (any)
        put(w, "}");
}

/* fired={id: line, ...}, unraisable=n, prompt=(...) for the finalizers due
 * by operations [from, to], each with the line its object died at. */
static void put_expectation(struct writer *w, const struct model *m, const unsigned *op_line,
                            size_t from, size_t to, int with_prompt)
{
    uint32_t prompt = 0;
    unsigned unraisable = 0;
    const char *sep = "";
    put(w, "fired={");
    for (size_t i = from; i <= to; i++)
        unraisable += m->steps[i].unraisable;
    for (int o = 0; o < (int)m->n_objects; o++) {
        const struct model_object *ob = &m->objects[o];
        if (!model_has_finalizer(m, o) || ob->fire_death < 0 || ob->fire_due < 0 || (size_t)ob->fire_due < from ||
            (size_t)ob->fire_due > to || ob->fire_may)
            continue;
        put(w, "%s%d: %u", sep, o, op_line[ob->fire_death]);
        sep = ", ";
        if (ob->fire_due == ob->fire_death && (m->steps[ob->fire_death].prompt & (1u << o)))
            prompt |= 1u << o;
    }
    put(w, "}");
    /* may={id: line}: finalizers that may have run, at most once, at or
       after that line: garbage a finalizer resurrected in the same pass */
    int may = 0;
    for (int o = 0; o < (int)m->n_objects; o++) {
        const struct model_object *ob = &m->objects[o];
        if (ob->fire_may && model_has_finalizer(m, o) && (size_t)ob->fire_due >= from && (size_t)ob->fire_due <= to)
            put(w, may++ ? ", %d: %u" : ", may={%d: %u", o, op_line[ob->fire_death]);
    }
    if (may)
        put(w, "}");
    if (unraisable)
        put(w, ", unraisable=%u", unraisable);
    put_callbacks(w, m, op_line, from, to);
    put_closed(w, m, op_line, from, to);
    if (with_prompt && prompt) {
        put(w, ", prompt=(");
        for (int o = 0; o < GCFUZZ_MAX_OBJECTS; o++)
            if (prompt & (1u << o))
                put(w, prompt >> (o + 1) ? "%d, " : prompt == (1u << o) ? "%d," : "%d", o);
        put(w, ")");
    }
}

/* The letter a shape gives an object's kind (recorder.c's struct shape). */
static char kind_char(const struct model *m, int i)
{
    static const char letters[OBJ_KIND_COUNT] = {'?', 'i', 'l', 'd', 'g', 's', 'f', 't', 'c', 'e', 'V', 'K', 'S'};
    static const char instance_letters[] = {'i', 'i', 'L', 'D', 'T', 'i', 'i'};
    const struct model_object *o = &m->objects[i];
    if (o->kind == OBJ_INSTANCE)
        return instance_letters[model_layout(m, i)];
    return o->kind == OBJ_DICT && o->variant == DICT_INT ? 'n' : letters[o->kind];
}

/* The kind's letter and number: an instance's class, a list's length, a
 * function's FUNC_* variant. */
static void put_kind(struct writer *w, const struct model *m, int i)
{
    static const int lengths[] = GCFUZZ_LIST_LENGTHS;
    const struct model_object *o = &m->objects[i];
    put(w, "%c", kind_char(m, i));
    if (o->kind == OBJ_INSTANCE)
        put(w, "%d", o->cls);
    else if (o->kind == OBJ_LIST && o->variant)
        put(w, "%d", lengths[o->variant]);
    else if (o->kind == OBJ_FUNC)
        put(w, "%d", o->variant);
}

/* "3:i0/i1,-,w2,w-": what object i holds (see recorder.c's struct shape).
 * A strong reference: the letter of its target's kind and the target.  Weak
 * references (and weak containers' entries): to a live object "w<n>", to a
 * freed one "w-", to garbage not yet collected "w?"; at_death: just "w"
 * (finalizers may not assert a weak reference's state). */
static void put_shape(struct writer *w, const struct model *m, int i, int at_death)
{
    const struct model_object *o = &m->objects[i], *st = model_storage(m, i);
    const uint8_t *state = at_death ? o->death_state : st->slot_state;
    const int8_t *target = at_death ? o->death_target : st->slot_target;
    if (o->kind == OBJ_GENERATOR) {
        put(w, "%d:g/-", i); /* a generator: only its type is checked */
        return;
    }
    put(w, "%d:", i);
    put_kind(w, m, i);
    put(w, "/");
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        int t = target[s];
        const char *sep = s + 1 < GCFUZZ_SLOTS ? "," : "";
        if (state[s] == SLOT_EMPTY) {
            put(w, "-%s", sep);
        } else if (state[s] == SLOT_UNKNOWN) {
            put(w, "?%s", sep);
        } else if (state[s] == SLOT_STRONG) {
            put(w, "%c%d%s", kind_char(m, t), t, sep);
        } else if (at_death) {
            put(w, "w%s", sep);
        } else if (m->objects[t].weak_dead) {
            put(w, "w-%s", sep); /* resurrected, but its weak references were cleared */
        } else if (o->holds_open && m->objects[t].life != LIFE_GONE) {
            put(w, "w?%s", sep); /* held by garbage a collection resurrected: maybe cleared */
        } else if (m->objects[t].weak_open) {
            put(w, "w?%s", sep);
        } else if (m->objects[t].life == LIFE_LIVE) {
            put(w, "w%d%s", t, sep);
        } else {
            put(w, "w%s%s", m->objects[t].life == LIFE_GONE ? "-" : "?", sep);
        }
    }
}

/* alive="o0=1 r5=5 C=3 C1=- C0.c1=2 @3.c1=2 @3.c2=- 1:i0/..." : names,
 * objects resurrected into r<id>, classes (C1 deleted), class attributes,
 * what instances find looking up class attributes (G8), live objects. */
static void put_alive(struct writer *w, const struct model *m)
{
    const char *sep = "";
    put(w, ", alive=\"");
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->names[n] >= 0)
            put(w, "%so%d=%d", sep, n, m->names[n]), sep = " ";
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (m->kept_by[i] >= 0)
            put(w, "%sr%d=%d", sep, i, m->kept_by[i]), sep = " ";
    put(w, "%sC=%zu", sep, m->n_classes);
    for (size_t c = 0; c < m->n_classes; c++)
        if (!m->classes[c].named)
            put(w, " C%zu=-", c); /* deleted: its attributes are checked through its instances (G8) */
    for (size_t c = 0; c < m->n_classes; c++)
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (m->classes[c].named && m->classes[c].attr[s] >= 0)
                put(w, " C%zu.c%d=%d", c, s, m->classes[c].attr[s]);
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->life != LIFE_LIVE || o->kind != OBJ_INSTANCE)
            continue;
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            if (!(m->attr_ever & (1u << s)))
                continue;
            int t = model_lookup(m, o->cls, s);
            if (t >= 0)
                put(w, " @%zu.c%d=%d", i, s, t);
            else
                put(w, " @%zu.c%d=-", i, s);
        }
    }
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == LIFE_LIVE) {
            put(w, " ");
            put_shape(w, m, (int)i, 0);
        }
    put(w, "\"");
}

/* _g.deaths_are("..."): each object with a finalizer as it was when it
 * died (the model keeps that: an instance sharing its __dict__ with a live
 * one may change after). */
static void put_deaths_are(struct writer *w, const struct program *p)
{
    static struct model final;
    const char *sep = "";
    if (!model_run(&final, p))
        return;
    put(w, "_g.deaths_are(\"");
    for (size_t i = 0; i < final.n_objects; i++)
        if (model_has_finalizer(&final, (int)i) && final.objects[i].fire_death >= 0) {
            const struct model_object *o = &final.objects[i];
            put(w, "%s", sep), sep = " ";
            put_shape(w, &final, (int)i, 1);
            /* "/c2=i5": what _g.sees(self, 2) must find (G8); "/c2=-": nothing */
            if (model_body(&final, o->cls) == BODY_CHECK && o->death_lookup >= -1) {
                int s = final.classes[model_finalizer_class(&final, o->cls)].fix_slot, t = o->death_lookup;
                if (t >= 0)
                    put(w, "/c%d=%c%d", s, kind_char(&final, t), t);
                else
                    put(w, "/c%d=-", s);
            }
        }
    put(w, "\")\n");
}

static void put_body(struct writer *w, const struct program *p, struct model *m)
{
    size_t since = 0; /* first op not yet covered by a checkpoint */
    put_deaths_are(w, p);
    model_init(m);
    for (size_t i = 0; i < p->n_ops; i++) {
        struct op op = p->ops[i];
        struct model before = *m;
        w->out->op_line[i] = w->line;
        if (!model_apply(m, &op)) {
            w->ok = 0; /* not a decoded program */
            return;
        }
        /* a class is written from the model that has it; a statement from
           the model that shows what its names held before it ran */
        put_statement(w, op.kind == OP_NEW_CLASS ? m : &before, &op);
        if (op.kind != OP_NEW_CLASS) {
            put_deaths(w, &m->steps[i]);
            put(w, "\n");
        }
        if (op.kind == OP_COLLECT) {
            put(w, "_g.expect(");
            put_expectation(w, m, w->out->op_line, since, i, 1);
            put_alive(w, m);
            put(w, ")\n");
            since = i + 1;
        }
    }
    if (m->froze)
        put(w, "gc.unfreeze()\n"); /* frozen garbage is out of the teardown's reach (G1) */
    model_teardown(m);
    w->out->op_line[p->n_ops] = w->line;
    put(w, "_g.teardown(globals(), ");
    put_expectation(w, m, w->out->op_line, since, p->n_ops, 0);
    put(w, ")\n");
}

int render_program(const struct program *p, enum render_mode mode, struct rendered *out)
{
    struct writer w = {.out = out, .line = 1, .ok = 1};
    char hash[17];
    out->len = 0;
    program_hash(p, hash);
    const char *const parts[] = {preamble_intro, fallback_py, helpers_head, helpers_py, helpers_tail, preamble_end};
    if (mode == RENDER_SCRIPT) {
        put(&w, preamble_head, hash);
        /* the parts are longer than put()'s buffer: copy them line by line */
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            for (const char *s = parts[k]; *s;) {
                const char *nl = strchr(s, '\n');
                put(&w, "%s%.*s", parts[k] == helpers_py ? "        " : "", (int)(nl - s + 1), s);
                s = nl + 1;
            }
    } else {
        static unsigned lines;
        if (!lines) {
            lines = 1;
            for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
                for (const char *s = parts[k]; *s; s++)
                    lines += *s == '\n';
        }
        for (unsigned i = 0; i < lines; i++)
            put(&w, "\n");
    }
    out->preamble_lines = w.line - 1;
    put_body(&w, p, &out->model);
    return w.ok;
}

void rendered_free(struct rendered *r)
{
    free(r->text);
    memset(r, 0, sizeof *r);
}
