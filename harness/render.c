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

static void put_class(struct writer *w, const struct model *m, int c)
{
    const struct model_class *k = &m->classes[c];
    if (c == 0)
        put_shared_methods(w);
    if (k->base >= 0)
        put(w, "class C%d(C%d):\n", c, k->base);
    else
        put(w, "class C%d:\n    __init__ = _init\n", c);
    if ((k->flags & CLASS_FIX))
        put(w, "    def __del__(self, _fired=_g.fired):\n        _fired(self)\n"
               "        del self.__class__.c%d\n", k->fix_slot);
    else if (k->flags & CLASS_HAS_DEL)
        put(w, "    __del__ = _record\n");
    else if (k->base >= 0)
        put(w, "    pass\n");
}

/* o3.a1 / o3[1] / o3['k1'], by what the name holds. */
static void put_slot(struct writer *w, const struct model *m, int name, int slot)
{
    switch (m->objects[m->names[name]].kind) {
    case OBJ_LIST: put(w, "o%d[%d]", name, slot); break;
    case OBJ_DICT: put(w, "o%d['k%d']", name, slot); break;
    default: put(w, "o%d.a%d", name, slot); break;
    }
}

static void put_statement(struct writer *w, const struct model *m, const struct op *op)
{
    int list = op->kind == OP_UNLINK && m->objects[m->names[op->a]].kind == OBJ_LIST;
    switch (op->kind) {
    case OP_NEW_CLASS: put_class(w, m, op->made); break;
    case OP_NEW_INSTANCE: put(w, "o%d = C%d(%d)", op->made, op->a, op->made); break;
    case OP_NEW_LIST: put(w, "o%d = [None] * %d", op->made, GCFUZZ_SLOTS); break;
    case OP_NEW_DICT: put(w, "o%d = {}", op->made); break;
    case OP_LINK:
    case OP_LINK_WEAK:
        put_slot(w, m, op->a, op->b);
        put(w, op->kind == OP_LINK ? " = o%d" : " = weakref.ref(o%d)", op->c);
        break;
    case OP_NEW_GENERATOR:
        put(w, "o%d = _g.gen(o%d, %d)", op->made, op->c, op->made);
        if (op->a != GEN_UNSTARTED)
            put(w, "; next(o%d)", op->made); /* suspended inside its try block */
        if (op->a == GEN_FINISHED)
            put(w, "; next(o%d, None)", op->made); /* runs its finally block, and ends */
        break;
    case OP_LINK_WEAK_CB:
        put_slot(w, m, op->a, op->b);
        put(w, " = weakref.ref(o%d, lambda r, _c=_g.called: _c(%d))", op->c, op->made);
        break;
    case OP_UNLINK:
        if (!list)
            put(w, "del ");
        put_slot(w, m, op->a, op->b);
        if (list)
            put(w, " = None");
        break;
    case OP_SET_CLASS_ATTR: put(w, "C%d.c%d = o%d", op->a, op->b, op->c); break;
    case OP_SELF_CLASS_ATTR: put(w, "o%d.__class__.c%d = C%d(%d)", op->a, op->b, op->c, op->made); break;
    case OP_DEL_CLASS_ATTR: put(w, "del C%d.c%d", op->a, op->b); break;
    case OP_DEL_NAME: put(w, "del o%d", op->a); break;
    case OP_REBIND: put(w, "o%d = o%d", op->a, op->c); break;
    case OP_COLLECT: put(w, "gc.collect()"); break;
    case OP_GC_DISABLE: put(w, "gc.disable()"); break;
    case OP_GC_ENABLE: put(w, "gc.enable()"); break;
    case OP_SET_THRESHOLD: put(w, "gc.set_threshold(%d)", ((const int[])GCFUZZ_THRESHOLDS)[op->a]); break;
    case OP_COLLECT_YOUNG: put(w, "gc.collect(%d)", op->a); break;
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
        int at = m->objects[i].closed_op;
        if (m->objects[i].kind == OBJ_GENERATOR && at >= 0 && (size_t)at >= from && (size_t)at <= to) {
            put(w, any ? ", %zu: %u" : ", closed={%zu: %u", i, op_line[at]);
            any = 1;
        }
    }
    if (any)
        put(w, "}");
}

/* fired={id: line, ...}, unraisable=n, prompt=(...) for the objects with a
 * __del__ that died at operations [from, to]. */
static void put_expectation(struct writer *w, const struct model *m, const unsigned *op_line,
                            size_t from, size_t to, int with_prompt)
{
    uint32_t prompt = 0;
    unsigned unraisable = 0;
    const char *sep = "";
    put(w, "fired={");
    for (size_t i = from; i <= to; i++) {
        unraisable += m->steps[i].unraisable;
        for (int o = 0; o < GCFUZZ_MAX_OBJECTS; o++) {
            if (!(m->steps[i].died & (1u << o)) || !model_has_finalizer(m, o))
                continue;
            put(w, "%s%d: %u", sep, o, op_line[i]);
            sep = ", ";
            if (m->steps[i].prompt & (1u << o))
                prompt |= 1u << o;
        }
    }
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

/* "3:i0/i1,-,w2,w-": what object i holds (see recorder.c's struct shape).
 * Weak references: to a live object "w<n>", to a freed one "w-", to garbage
 * not yet collected "w?"; at_death: just "w" (finalizers may not assert a
 * weak reference's state). */
static void put_shape(struct writer *w, const struct model *m, int i, int at_death)
{
    static const char kind_letter[] = {'?', 'i', 'l', 'd', 'g'};
    const struct model_object *o = &m->objects[i];
    if (o->kind == OBJ_GENERATOR) {
        put(w, "%d:g/-", i); /* a generator: only its type is checked */
        return;
    }
    if (o->kind == OBJ_INSTANCE)
        put(w, "%d:i%d/", i, o->cls);
    else
        put(w, "%d:%c/", i, kind_letter[o->kind]);
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        int t = o->slot_target[s];
        const char *sep = s + 1 < GCFUZZ_SLOTS ? "," : "";
        if (o->slot_state[s] == SLOT_EMPTY)
            put(w, "-%s", sep);
        else if (o->slot_state[s] == SLOT_STRONG)
            put(w, "%c%d%s", kind_letter[m->objects[t].kind], t, sep);
        else if (at_death)
            put(w, "w%s", sep);
        else if (m->objects[t].life == LIFE_LIVE)
            put(w, "w%d%s", t, sep);
        else
            put(w, "w%s%s", m->objects[t].life == LIFE_GONE ? "-" : "?", sep);
    }
}

/* alive="o0=1 C=2 C0.c1=2 1:i0/..." : names, class attributes, live objects. */
static void put_alive(struct writer *w, const struct model *m)
{
    const char *sep = "";
    put(w, ", alive=\"");
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->names[n] >= 0)
            put(w, "%so%d=%d", sep, n, m->names[n]), sep = " ";
    put(w, "%sC=%zu", sep, m->n_classes);
    for (size_t c = 0; c < m->n_classes; c++)
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (m->classes[c].attr[s] >= 0)
                put(w, " C%zu.c%d=%d", c, s, m->classes[c].attr[s]);
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == LIFE_LIVE) {
            put(w, " ");
            put_shape(w, m, (int)i, 0);
        }
    put(w, "\"");
}

/* _g.deaths_are("..."): each object with a finalizer as it will be when it
 * dies; nothing changes an object once it is unreachable. */
static void put_deaths_are(struct writer *w, const struct program *p)
{
    static struct model final;
    const char *sep = "";
    if (!model_run(&final, p))
        return;
    put(w, "_g.deaths_are(\"");
    for (size_t i = 0; i < final.n_objects; i++)
        if (model_has_finalizer(&final, (int)i)) {
            put(w, "%s", sep), sep = " ";
            put_shape(w, &final, (int)i, 1);
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
    const char *const parts[] = {preamble_intro, fallback_py, preamble_end};
    if (mode == RENDER_SCRIPT) {
        put(&w, preamble_head, hash);
        /* the parts are longer than put()'s buffer: copy them line by line */
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            for (const char *s = parts[k]; *s;) {
                const char *nl = strchr(s, '\n');
                put(&w, "%.*s", (int)(nl - s + 1), s);
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
