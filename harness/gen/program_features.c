/* program_features.c — feature ids of a program (program_features.h), read off the model.
 * Must stay cheap: it runs on every fuzz input. */
#include "program_features.h"

#include <stdio.h>
#include <string.h>

static void add(struct feature_set *s, unsigned id)
{
    if (id >= GCFUZZ_FEATURES || (s->seen[id / 8] & (1u << (id % 8))) || s->n >= s->max)
        return;
    s->seen[id / 8] |= (uint8_t)(1u << (id % 8));
    s->ids[s->n++] = (uint16_t)id;
}

static unsigned depth(const struct model *m, int cls)
{
    unsigned d = 0;
    if (m->classes[cls].base2 >= 0)
        return 3;
    while (m->classes[cls].base >= 0 && d < 2)
        cls = m->classes[cls].base, d++;
    return d;
}

/* The kind of the object operand a names, KIND_COUNT when it names none. */
static unsigned named_kind(const struct model *m, const struct op *op)
{
    return role_what[op_table[op->kind].role[0]] == ROLE_IS_OBJECT ? m->objects[m->names[op->a]].kind : KIND_COUNT;
}

/* The operands name what the names held before the operation (its effects
 * may unbind them). */
static void op_features(struct feature_set *s, const struct model *before, const struct model *after, const struct op *op)
{
    add(s, F_OP + op->kind * (unsigned)F_KINDS + named_kind(before, op));
    if (op->kind == OP_NEW_CLASS) {
        const struct model_class *c = &after->classes[op->made];
        add(s, F_CLASS + (c->body * FLAVOR_COUNT + c->flavor) * 4u + depth(after, op->made));
    }
    if (op->kind == OP_NEW_GENERATOR)
        add(s, F_GENERATOR + op->a * (unsigned)F_KINDS + before->objects[before->names[op->c]].kind);
    if (op->kind == OP_LINK || op->kind == OP_LINK_WEAK || op->kind == OP_LINK_WEAK_CB || op->kind == OP_LINK_WEAK_FORM) {
        int target = before->names[op->c];
        unsigned holder = before->objects[before->names[op->a]].kind;
        unsigned with_del = model_has_finalizer(before, target);
        add(s, F_LINK + ((holder * KIND_COUNT + before->objects[target].kind) * 2 + with_del) * 2 + (op->kind != OP_LINK));
    }
}

static void death_features(struct feature_set *s, const struct model *m, const struct model_step *st, unsigned way)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (st->died & (1u << i)) {
            unsigned how = way == 2 ? 2 : (st->prompt & (1u << i)) ? 0 : 1;
            add(s, F_DEATH + (how * KIND_COUNT + m->objects[i].kind) * BODY_COUNT + model_object_body(m, i));
        }
    add(s, F_STEP + (st->prompt != 0) + 2u * ((st->died & ~st->prompt) != 0) + 4u * (st->unraisable != 0));
}

void features_begin(struct feature_set *s, uint16_t *ids, unsigned max)
{
    memset(s->seen, 0, sizeof s->seen);
    s->ids = ids, s->n = 0, s->max = max;
    s->since_check_died = s->since_check_prompt = 0, s->since_check_unraisable = 0;
}

void features_op(struct feature_set *s, const struct program *p, size_t i, const struct model *before,
                 const struct model *after)
{
    const struct op *op = &p->ops[i];
    op_features(s, before, after, op);
    if (i > 0)
        add(s, F_PAIR + p->ops[i - 1].kind * (unsigned)OP_KIND_COUNT + op->kind);
    const struct model_step *st = &after->steps[i];
    if (st->died)
        death_features(s, after, st, 0);
    s->since_check_died |= st->died, s->since_check_prompt |= st->prompt, s->since_check_unraisable += st->unraisable;
    if (op->kind == OP_GC_DEBUG || st->saved)
        add(s, F_DEBUG + after->debug * 2u + (st->saved != 0));
    if (op->kind == OP_COLLECT) {
        add(s, F_CHECK + (s->since_check_died != 0) + 2u * (s->since_check_prompt != 0) +
                   4u * (s->since_check_unraisable != 0));
        s->since_check_died = s->since_check_prompt = 0, s->since_check_unraisable = 0;
    }
}

unsigned features_end(struct feature_set *s, const struct program *p, const struct model_trace *t)
{
    static struct model m;
    m = t->after[t->n_ops];
    model_teardown(&m);
    death_features(s, &m, &m.steps[m.n_ops], 2);
    for (size_t k = 0; k < m.n_callbacks; k++)
        add(s, F_CALLBACK + m.callbacks[k].state);
    unsigned ops_bucket = p->n_ops < 4 ? 0 : p->n_ops < 12 ? 1 : p->n_ops < 24 ? 2 : 3;
    unsigned obj_bucket = m.n_objects < 2 ? 0 : m.n_objects < 6 ? 1 : m.n_objects < 12 ? 2 : 3;
    add(s, F_SIZE + ops_bucket * 4 + obj_bucket);
    return s->n;
}

unsigned program_features(const struct program *p, uint16_t *ids, unsigned max)
{
    static struct feature_set s;
    static struct model_trace t;
    features_begin(&s, ids, max);
    model_trace_run(&t, p); /* as far as the model accepts p */
    for (size_t i = 0; i < t.n_ops; i++)
        features_op(&s, p, i, &t.after[i], &t.after[i + 1]);
    return features_end(&s, p, &t);
}

static const char *kind_or_none(unsigned kind) { return kind < KIND_COUNT ? kind_info((int)kind)->name : "none"; }

void feature_name(unsigned id, char *out, size_t size)
{
    static const char *const ways[] = {"refcount", "cyclic", "teardown"};
    static const char *const callback_states[CB_STATE_COUNT] = {"waiting", "must-pending", "must", "never", "may"};
    static const char *const depths[] = {"depth0", "depth1", "depth2", "two-bases"};
    if (id >= F_END) {
        snprintf(out, size, "?");
    } else if (id >= F_DEBUG) {
        snprintf(out, size, "debug:%s%s", debug_flags_names[(id - F_DEBUG) / 2], (id - F_DEBUG) % 2 ? ":saved" : "");
    } else if (id >= F_GENERATOR) {
        unsigned v = id - F_GENERATOR;
        snprintf(out, size, "generator:%s:holds-%s", gen_state_names[v / F_KINDS], kind_or_none(v % F_KINDS));
    } else if (id >= F_CALLBACK) {
        snprintf(out, size, "callback:%s", callback_states[id - F_CALLBACK]);
    } else if (id >= F_SIZE) {
        snprintf(out, size, "size:ops%u:objects%u", (id - F_SIZE) / 4, (id - F_SIZE) % 4);
    } else if (id >= F_PAIR) {
        snprintf(out, size, "pair:%s,%s", op_kind_name((int)(id - F_PAIR) / OP_KIND_COUNT),
                 op_kind_name((int)(id - F_PAIR) % OP_KIND_COUNT));
    } else if (id >= F_LINK) {
        unsigned v = id - F_LINK;
        snprintf(out, size, "link:%s->%s%s%s", kind_or_none(v / 4 / KIND_COUNT), kind_or_none(v / 4 % KIND_COUNT),
                 v / 2 % 2 ? "+del" : "", v % 2 ? ":weak" : "");
    } else if (id >= F_CLASS) {
        unsigned v = id - F_CLASS;
        snprintf(out, size, "class:%s:%s:%s", body_names[v / 4 / FLAVOR_COUNT], flavor_names[v / 4 % FLAVOR_COUNT],
                 depths[v % 4]);
    } else if (id >= F_CHECK) {
        snprintf(out, size, "checkpoint:%s%s%s", (id - F_CHECK) & 1 ? "deaths" : "none",
                 (id - F_CHECK) & 2 ? "+prompt" : "", (id - F_CHECK) & 4 ? "+unraisable" : "");
    } else if (id >= F_STEP) {
        snprintf(out, size, "step:%s%s%s", (id - F_STEP) & 1 ? "refcount" : "", (id - F_STEP) & 2 ? "+cyclic" : "",
                 (id - F_STEP) & 4 ? "+unraisable" : "");
    } else if (id >= F_DEATH) {
        unsigned v = id - F_DEATH;
        snprintf(out, size, "death:%s:%s:%s", ways[v / BODY_COUNT / KIND_COUNT],
                 kind_or_none(v / BODY_COUNT % KIND_COUNT), body_names[v % BODY_COUNT]);
    } else {
        snprintf(out, size, "op:%s:%s", op_kind_name((int)id / F_KINDS), kind_or_none(id % F_KINDS));
    }
}
