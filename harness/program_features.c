/* features.c — feature ids of a program (program_features.h), read off the model.
 * Ranges: operation on a kind of object, death of a kind of object by way of
 * dying, what one step did, what a checkpoint checks, class shapes, links,
 * pairs of consecutive operations, program size.  Must stay cheap: it runs
 * on every fuzz input. */
#include "program_features.h"

#include "model.h"

#include <stdio.h>
#include <string.h>

enum {
    F_OP = 0,           /* OP_KIND_COUNT kinds x 16 kinds of the object named */
    F_DEATH = 432,      /* 3 ways x 16 categories */
    F_STEP = 480,       /* 8 combinations */
    F_CHECK = 488,      /* 8 combinations */
    F_CLASS = 496,      /* BODY_COUNT bodies x FLAVOR_COUNT flavours x (3 depths, or two bases) */
    F_LINK = 880,       /* 16 holder kinds x 4 target categories x strong/weak */
    F_PAIR = 1008,      /* OP_KIND_COUNT x OP_KIND_COUNT */
    F_SIZE = 1737,      /* ops bucket x objects bucket */
    F_CALLBACK = 1753,  /* 5 callback states */
    F_GENERATOR = 1758, /* GEN_COUNT states x 16 kinds of what it holds */
    F_END = 1822,
};
_Static_assert(OP_KIND_COUNT * 16 <= F_DEATH && BODY_COUNT * FLAVOR_COUNT * 4 <= F_LINK - F_CLASS &&
                   F_LINK + 16 * 4 * 2 <= F_PAIR && F_GENERATOR + GEN_COUNT * 16 <= F_END &&
                   F_PAIR + OP_KIND_COUNT * OP_KIND_COUNT <= F_SIZE && F_END <= GCFUZZ_FEATURES,
               "feature ranges overlap");

static const char *const kinds[16] = {"none", "instance", "list", "dict", "generator", "set", "frozenset", "tuple",
                                      "function", "exception", "weak-values", "weak-keys", "weak-set",
                                      "list-instance", "dict-instance", "tuple-instance"};
static const char *const categories[16] = {
    "list", "dict", "instance", "instance+del", "instance+fix", "instance+inherited-del", "generator",
    "generator+finally", "instance+raise", "instance+collect", "instance+resurrect", "instance+unlink",
    "instance+del-name", "set", "tuple", "other"};
static const char *const ways[] = {"refcount", "cyclic", "teardown"};
static const char *const bodies[BODY_COUNT] = {"plain",  "del",      "fix",    "raise", "collect", "resurrect",
                                               "unlink", "del-name", "rebind", "check", "mutate", "deref"};
static const char *const flavors[FLAVOR_COUNT] = {"plain", "slots", "list", "dict", "tuple", "exception", "local", "shared-dict"};

struct set {
    uint16_t *ids;
    unsigned n, max;
    uint8_t seen[GCFUZZ_FEATURES / 8];
};

static void add(struct set *s, unsigned id)
{
    if (id >= GCFUZZ_FEATURES || (s->seen[id / 8] & (1u << (id % 8))) || s->n >= s->max)
        return;
    s->seen[id / 8] |= (uint8_t)(1u << (id % 8));
    s->ids[s->n++] = (uint16_t)id;
}

static unsigned kind_of(const struct model *m, int obj)
{
    static const unsigned by_layout[] = {1, 1, 13, 14, 15, 1, 1};
    const struct model_object *o = &m->objects[obj];
    return o->kind == OBJ_INSTANCE ? by_layout[model_layout(m, obj)] : o->kind;
}

static unsigned category(const struct model *m, int obj)
{
    static const unsigned by_body[BODY_COUNT] = {2, 3, 4, 8, 9, 10, 11, 12, 10, 3, 12, 10};
    const struct model_object *o = &m->objects[obj];
    switch (o->kind) {
    case OBJ_GENERATOR: return model_closes_when_dying(m, obj) ? 7 : 6;
    case OBJ_LIST: return 0;
    case OBJ_DICT: return 1;
    case OBJ_SET:
    case OBJ_FROZENSET: return 13;
    case OBJ_TUPLE: return 14;
    case OBJ_INSTANCE: break;
    default: return 15;
    }
    int fin = model_finalizer_class(m, o->cls);
    if (fin < 0)
        return 2;
    if (m->classes[fin].body == BODY_RECORD)
        return fin == o->cls ? 3 : 5;
    return by_body[m->classes[fin].body];
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

static void op_features(struct set *s, const struct model *before, const struct model *after, const struct op *op)
{
    int uses_name = op->kind == OP_LINK || op->kind == OP_LINK_WEAK || op->kind == OP_LINK_WEAK_CB ||
                    op->kind == OP_UNLINK || op->kind == OP_SELF_CLASS_ATTR || op->kind == OP_DEL_NAME ||
                    op->kind == OP_NEW_TUPLE || op->kind == OP_NEW_FUNC || op->kind == OP_NEW_EXC ||
                    op->kind == OP_COPY || op->kind == OP_FINALIZE || op->kind == OP_SET_DICT;
    unsigned kind = uses_name ? kind_of(before, before->names[op->a]) : 0;
    add(s, F_OP + op->kind * 16u + kind);
    if (op->kind == OP_NEW_CLASS) {
        const struct model_class *c = &after->classes[op->made];
        add(s, F_CLASS + (c->body * FLAVOR_COUNT + c->flavor) * 4u + depth(after, op->made));
    }
    if (op->kind == OP_NEW_GENERATOR)
        add(s, F_GENERATOR + op->a * 16u + kind_of(after, after->names[op->c]));
    if (op->kind == OP_LINK || op->kind == OP_LINK_WEAK || op->kind == OP_LINK_WEAK_CB) {
        unsigned target = category(after, after->names[op->c]);
        target = target == 0 || target == 1 ? target : target == 2 || target > 12 || target == 6 || target == 7 ? 2 : 3;
        add(s, F_LINK + (kind * 4 + target) * 2 + (op->kind != OP_LINK));
    }
}

static void death_features(struct set *s, const struct model *m, const struct model_step *st, unsigned way)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (st->died & (1u << i))
            add(s, F_DEATH + (way == 2 ? 2 : (st->prompt & (1u << i)) ? 0 : 1) * 16 + category(m, i));
    add(s, F_STEP + (st->prompt != 0) + 2u * ((st->died & ~st->prompt) != 0) + 4u * (st->unraisable != 0));
}

unsigned program_features(const struct program *p, uint16_t *ids, unsigned max)
{
    static struct set s;
    static struct model m, before;
    memset(s.seen, 0, sizeof s.seen);
    s.ids = ids, s.n = 0, s.max = max;
    model_init(&m);
    uint32_t since_check_died = 0, since_check_prompt = 0;
    unsigned since_check_unraisable = 0;
    for (size_t i = 0; i < p->n_ops; i++) {
        struct op op = p->ops[i];
        before = m;
        if (!model_apply(&m, &op))
            break;
        op_features(&s, &before, &m, &op);
        if (i > 0)
            add(&s, F_PAIR + p->ops[i - 1].kind * (unsigned)OP_KIND_COUNT + op.kind);
        const struct model_step *st = &m.steps[i];
        if (st->died)
            death_features(&s, &m, st, 0);
        since_check_died |= st->died, since_check_prompt |= st->prompt, since_check_unraisable += st->unraisable;
        if (op.kind == OP_COLLECT) {
            add(&s, F_CHECK + (since_check_died != 0) + 2u * (since_check_prompt != 0) + 4u * (since_check_unraisable != 0));
            since_check_died = since_check_prompt = 0, since_check_unraisable = 0;
        }
    }
    model_teardown(&m);
    death_features(&s, &m, &m.steps[m.n_ops], 2);
    /* how each weak-reference callback came out (before teardown turned the
       undecided ones into MAY, their state is lost; use the final one) */
    for (size_t k = 0; k < m.n_callbacks; k++)
        add(&s, F_CALLBACK + m.callbacks[k].state);
    unsigned ops_bucket = p->n_ops < 4 ? 0 : p->n_ops < 12 ? 1 : p->n_ops < 24 ? 2 : 3;
    unsigned obj_bucket = m.n_objects < 2 ? 0 : m.n_objects < 6 ? 1 : m.n_objects < 12 ? 2 : 3;
    add(&s, F_SIZE + ops_bucket * 4 + obj_bucket);
    return s.n;
}

void feature_name(unsigned id, char *out, size_t size)
{
    if (id >= F_GENERATOR)
        snprintf(out, size, "generator:%s:holds-%s",
                 (const char *[]){"unstarted", "suspended", "finished", "raising"}[(id - F_GENERATOR) / 16 % GEN_COUNT],
                 kinds[(id - F_GENERATOR) % 16]);
    else if (id >= F_CALLBACK)
        snprintf(out, size, "callback:%s",
                 (const char *[]){"waiting", "must-pending", "must", "never", "may"}[(id - F_CALLBACK) % 5]);
    else if (id >= F_SIZE)
        snprintf(out, size, "size:ops%u:objects%u", (id - F_SIZE) / 4, (id - F_SIZE) % 4);
    else if (id >= F_PAIR)
        snprintf(out, size, "pair:%s,%s", op_kind_name((int)(id - F_PAIR) / OP_KIND_COUNT),
                 op_kind_name((int)(id - F_PAIR) % OP_KIND_COUNT));
    else if (id >= F_LINK)
        snprintf(out, size, "link:%s->%s%s", kinds[(id - F_LINK) / 2 / 4 % 16],
                 (const char *[]){"list", "dict", "instance", "instance+finalizer"}[(id - F_LINK) / 2 % 4],
                 (id - F_LINK) % 2 ? ":weak" : "");
    else if (id >= F_CLASS)
        snprintf(out, size, "class:%s:%s:%s", bodies[(id - F_CLASS) / 4 / FLAVOR_COUNT % BODY_COUNT],
                 flavors[(id - F_CLASS) / 4 % FLAVOR_COUNT],
                 (const char *[]){"depth0", "depth1", "depth2", "two-bases"}[(id - F_CLASS) % 4]);
    else if (id >= F_CHECK)
        snprintf(out, size, "checkpoint:%s%s%s", (id - F_CHECK) & 1 ? "deaths" : "none",
                 (id - F_CHECK) & 2 ? "+prompt" : "", (id - F_CHECK) & 4 ? "+unraisable" : "");
    else if (id >= F_STEP)
        snprintf(out, size, "step:%s%s%s", (id - F_STEP) & 1 ? "refcount" : "", (id - F_STEP) & 2 ? "+cyclic" : "",
                 (id - F_STEP) & 4 ? "+unraisable" : "");
    else if (id >= F_DEATH)
        snprintf(out, size, "death:%s:%s", ways[(id - F_DEATH) / 16 % 3], categories[(id - F_DEATH) % 16]);
    else
        snprintf(out, size, "op:%s:%s", op_kind_name((int)id / 16), kinds[id % 16]);
}
