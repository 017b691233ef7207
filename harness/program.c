/* program.c — decoding fuzz bytes into a program and encoding it back.
 *
 * Every GCFUZZ_OP_BYTES bytes are one candidate operation: a kind byte and
 * three operand bytes.  An operand byte names an entity by number; when that
 * entity cannot serve (a deleted name, an empty slot), the next one that can
 * is taken, cyclically, so an already valid operand decodes to itself and
 * program_encode is simply the identity on resolved operations.  A candidate
 * the model refuses is dropped.  Nothing here may reject an input. */
#include "program.h"
#include "model.h"

#include <string.h>

/* Kind bytes 0..OP_KIND_COUNT-1 mean themselves (so encoding is the
 * identity); the rest of the table weights the common operations. */
static const uint8_t kind_table[32] = {
    OP_NEW_CLASS, OP_NEW_INSTANCE, OP_NEW_LIST, OP_NEW_DICT, OP_LINK, OP_LINK_WEAK,
    OP_UNLINK, OP_SET_CLASS_ATTR, OP_SELF_CLASS_ATTR, OP_DEL_CLASS_ATTR, OP_DEL_NAME,
    OP_REBIND, OP_COLLECT, OP_GC_DISABLE, OP_GC_ENABLE, OP_SET_THRESHOLD, OP_COLLECT_YOUNG,
    OP_LINK_WEAK_CB, OP_NEW_GENERATOR, OP_NEW_TUPLE, OP_NEW_FUNC, OP_NEW_EXC, OP_COPY,
    OP_FINALIZE, OP_FREEZE, OP_SET_DICT, OP_DEL_CLASS,
    OP_LINK, OP_NEW_INSTANCE, OP_NEW_INSTANCE, OP_DEL_NAME, OP_COLLECT,
};
_Static_assert(OP_KIND_COUNT == 27, "kind bytes below OP_KIND_COUNT must mean themselves: extend the table");

static const char *const kind_names[OP_KIND_COUNT] = {
    "new_class", "new_instance", "new_list", "new_dict", "link", "link_weak", "unlink",
    "set_class_attr", "self_class_attr", "del_class_attr", "del_name", "rebind", "collect",
    "gc_disable", "gc_enable", "set_threshold", "collect_young", "link_weak_callback", "new_generator",
    "new_tuple", "new_func", "new_exc", "copy", "finalize", "freeze", "set_dict", "del_class",
};

const char *op_kind_name(int kind)
{
    return kind >= 0 && kind < OP_KIND_COUNT ? kind_names[kind] : "?";
}

enum want { ANY, INSTANCE, STRONG_HOLDER, WEAK_HOLDER, CALLBACK_HOLDER, WEAKABLE, HASHABLE, HOLDER, COPYABLE,
            DICT_INSTANCE, SHARED_INSTANCE };

static int wanted(const struct model *m, int obj, int want)
{
    int kind = m->objects[obj].kind;
    switch (want) {
    case INSTANCE: return kind == OBJ_INSTANCE;
    case STRONG_HOLDER: return model_strong_holder(m, obj);
    case WEAK_HOLDER: return model_weak_holder(m, obj) && kind != OBJ_SET;
    case CALLBACK_HOLDER:
        return model_weak_holder(m, obj) && kind != OBJ_WEAK_VALUES && !model_keyed_by_object(m, obj);
    case WEAKABLE: return model_weakable(m, obj);
    case HASHABLE: return model_hashable(m, obj);
    case HOLDER: return model_strong_holder(m, obj) || model_weak_holder(m, obj);
    case COPYABLE: return kind == OBJ_LIST || kind == OBJ_DICT || kind == OBJ_SET;
    case DICT_INSTANCE: {
        int l = model_layout(m, obj);
        return kind == OBJ_INSTANCE && (l == LAYOUT_NONE || l == LAYOUT_EXCEPTION || l == LAYOUT_SHARED);
    }
    case SHARED_INSTANCE: return kind == OBJ_INSTANCE && model_layout(m, obj) == LAYOUT_SHARED;
    }
    return 1;
}

/* A name bound to an object that `want` accepts, starting at byte % max. */
static int pick_name(const struct model *m, uint8_t byte, int want)
{
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++) {
        int n = (byte + k) % GCFUZZ_MAX_OBJECTS;
        int obj = m->names[n];
        if (obj >= 0 && wanted(m, obj, want))
            return n;
    }
    return -1;
}

/* What a link into `holder` may target. */
static int target_want(const struct model *m, int holder_name, int kind)
{
    int holder = m->names[holder_name];
    if (model_keyed_by_object(m, holder))
        return HASHABLE;
    return kind == OP_LINK ? ANY : WEAKABLE;
}

/* A class still bound to its name, starting at byte % n_classes; -1: none. */
static int pick_class(const struct model *m, uint8_t byte)
{
    int nc = (int)m->n_classes;
    for (int k = 0; k < nc; k++) {
        int c = (byte % nc + k) % nc;
        if (m->classes[c].named)
            return c;
    }
    return -1;
}

/* NEW_CLASS operands Python accepts (model.c apply_new_class), nearest to
 * the raw bytes: a flavour with its own layout only without bases; a second
 * base only if it can join. */
static void resolve_class(const struct model *m, struct op *op, const uint8_t raw[3])
{
    int nc = (int)m->n_classes;
    int base = raw[1] % (nc + 1) - 1, base2 = (raw[1] / (nc + 1)) % (nc + 1) - 1;
    if (base >= 0)
        base = pick_class(m, (uint8_t)base); /* -1 when none is named */
    if (base2 >= 0)
        base2 = pick_class(m, (uint8_t)base2);
    int flavor = (raw[2] / GCFUZZ_SLOTS) % FLAVOR_COUNT;
    if (base >= 0 && flavor != FLAVOR_LOCAL)
        flavor = FLAVOR_PLAIN;
    op->a = raw[0] % BODY_COUNT;
    op->c = (uint8_t)(raw[2] % GCFUZZ_SLOTS + GCFUZZ_SLOTS * flavor);
    op->b = (uint8_t)(base + 1);
    if (base >= 0 && base2 >= 0) {
        struct model trial = *m;
        struct op with = *op;
        with.b = (uint8_t)(base + 1 + (nc + 1) * (base2 + 1));
        if (model_apply(&trial, &with))
            op->b = with.b;
    }
}

static int pick_filled_slot(const struct model *m, int name, uint8_t byte)
{
    const struct model_object *o = model_storage(m, m->names[name]);
    for (int k = 0; k < GCFUZZ_SLOTS; k++) {
        int s = (byte + k) % GCFUZZ_SLOTS;
        if (o->slot_state[s] != SLOT_EMPTY)
            return s;
    }
    return -1;
}

/* A present class attribute of a named class, as class * GCFUZZ_SLOTS + slot. */
static int pick_class_attr(const struct model *m, uint8_t cls, uint8_t slot)
{
    int total = (int)m->n_classes * GCFUZZ_SLOTS;
    if (total == 0)
        return -1;
    int start = (cls % (int)m->n_classes) * GCFUZZ_SLOTS + slot % GCFUZZ_SLOTS;
    for (int k = 0; k < total; k++) {
        int i = (start + k) % total;
        if (m->classes[i / GCFUZZ_SLOTS].named && m->classes[i / GCFUZZ_SLOTS].attr[i % GCFUZZ_SLOTS] >= 0)
            return i;
    }
    return -1;
}

/* Turn raw operand bytes into operands that name existing entities.
 * Returns 0 when nothing fits. */
static int resolve(const struct model *m, struct op *op, const uint8_t raw[3])
{
    int nc = (int)m->n_classes, x, y;
    op->a = op->b = op->c = 0;
    switch (op->kind) {
    case OP_NEW_CLASS:
        resolve_class(m, op, raw);
        return 1;
    case OP_NEW_INSTANCE:
        if ((x = nc ? pick_class(m, raw[0]) : -1) < 0)
            return 0;
        op->a = (uint8_t)x;
        if (m->classes[op->a].layout == LAYOUT_TUPLE) {
            x = pick_name(m, raw[1], ANY), y = pick_name(m, raw[2], ANY);
            if (x < 0 || y < 0)
                return 0;
            op->b = (uint8_t)x, op->c = (uint8_t)y;
        }
        return 1;
    case OP_NEW_LIST:
        op->a = raw[0] % GCFUZZ_N_LIST_LENGTHS;
        return 1;
    case OP_NEW_DICT:
        op->a = raw[0] % DICT_COUNT;
        return 1;
    case OP_NEW_TUPLE:
    case OP_NEW_FUNC: {
        op->b = raw[1] % (op->kind == OP_NEW_TUPLE ? TUPLE_COUNT : FUNC_COUNT);
        int want = op->kind == OP_NEW_TUPLE && op->b == TUPLE_FROZENSET ? HASHABLE : ANY;
        x = pick_name(m, raw[0], want), y = pick_name(m, raw[2], want);
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->c = (uint8_t)y;
        return 1;
    }
    case OP_NEW_EXC:
    case OP_COPY:
    case OP_FINALIZE:
        x = pick_name(m, raw[0], op->kind == OP_NEW_EXC ? ANY : op->kind == OP_COPY ? COPYABLE : WEAKABLE);
        if (x < 0)
            return 0;
        op->a = (uint8_t)x;
        if (op->kind == OP_COPY)
            op->b = raw[1] % 4;
        return 1;
    case OP_SET_DICT: {
        op->b = raw[1] % DICT_ASSIGN_COUNT;
        int want = op->b == DICT_ASSIGN_SHARE ? SHARED_INSTANCE : DICT_INSTANCE;
        x = pick_name(m, raw[0], want);
        y = op->b == DICT_ASSIGN_FRESH ? 0 : pick_name(m, raw[2], want);
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->c = (uint8_t)y;
        return 1;
    }
    case OP_DEL_CLASS:
        if ((x = nc ? pick_class(m, raw[0]) : -1) < 0)
            return 0;
        op->a = (uint8_t)x;
        return 1;
    case OP_FREEZE:
        /* rarer than other kinds: every gc.unfreeze() thaws the start-up
           heap, which the following collections then traverse */
        op->a = raw[0] % 8;
        return op->a < 2;
    case OP_COLLECT:
    case OP_GC_DISABLE:
    case OP_GC_ENABLE:
        return 1;
    case OP_SET_THRESHOLD:
        op->a = raw[0] % GCFUZZ_N_THRESHOLDS;
        return 1;
    case OP_NEW_GENERATOR:
        y = pick_name(m, raw[2], ANY);
        if (y < 0)
            return 0;
        op->a = raw[0] % GEN_COUNT, op->c = (uint8_t)y;
        return 1;
    case OP_COLLECT_YOUNG:
        op->a = raw[0] % 2;
        return 1;
    case OP_LINK:
    case OP_LINK_WEAK:
    case OP_LINK_WEAK_CB:
        x = pick_name(m, raw[0], op->kind == OP_LINK ? STRONG_HOLDER : op->kind == OP_LINK_WEAK ? WEAK_HOLDER : CALLBACK_HOLDER);
        y = x < 0 ? -1 : pick_name(m, raw[2], target_want(m, x, op->kind));
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = raw[1] % (op->kind == OP_LINK_WEAK_CB ? GCFUZZ_SLOTS * CALLBACK_COUNT : GCFUZZ_SLOTS);
        op->c = (uint8_t)y;
        return 1;
    case OP_UNLINK:
        x = pick_name(m, raw[0], HOLDER);
        y = x < 0 ? -1 : pick_filled_slot(m, x, raw[1]);
        if (y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = (uint8_t)y;
        return 1;
    case OP_SET_CLASS_ATTR:
        y = pick_name(m, raw[2], ANY);
        x = nc ? pick_class(m, raw[0]) : -1;
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = raw[1] % GCFUZZ_SLOTS, op->c = (uint8_t)y;
        return 1;
    case OP_SELF_CLASS_ATTR:
        x = pick_name(m, raw[0], INSTANCE);
        y = nc ? pick_class(m, raw[2]) : -1;
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = raw[1] % GCFUZZ_SLOTS, op->c = (uint8_t)y;
        return 1;
    case OP_DEL_CLASS_ATTR:
        x = pick_class_attr(m, raw[0], raw[1]);
        if (x < 0)
            return 0;
        op->a = (uint8_t)(x / GCFUZZ_SLOTS), op->b = (uint8_t)(x % GCFUZZ_SLOTS);
        return 1;
    case OP_DEL_NAME:
        x = pick_name(m, raw[0], ANY);
        if (x < 0)
            return 0;
        op->a = (uint8_t)x;
        return 1;
    case OP_REBIND:
        y = pick_name(m, raw[2], ANY);
        if (y < 0)
            return 0;
        op->a = raw[0] % GCFUZZ_MAX_OBJECTS, op->c = (uint8_t)y;
        return op->a != op->c;
    }
    return 0;
}

void program_decode(struct program *p, const uint8_t *data, size_t size)
{
    struct model m;
    model_init(&m);
    memset(p, 0, sizeof *p);
    for (size_t at = 0; at + GCFUZZ_OP_BYTES <= size && p->n_ops < GCFUZZ_MAX_OPS; at += GCFUZZ_OP_BYTES) {
        struct op op = {.kind = kind_table[data[at] % 32]};
        if (resolve(&m, &op, data + at + 1) && model_apply(&m, &op))
            p->ops[p->n_ops++] = op;
    }
}

size_t program_encode(const struct program *p, uint8_t *buf)
{
    for (size_t i = 0; i < p->n_ops; i++) {
        const struct op *op = &p->ops[i];
        uint8_t *out = buf + i * GCFUZZ_OP_BYTES;
        out[0] = op->kind, out[1] = op->a, out[2] = op->b, out[3] = op->c;
    }
    return p->n_ops * GCFUZZ_OP_BYTES;
}

int program_equal(const struct program *a, const struct program *b)
{
    if (a->n_ops != b->n_ops)
        return 0;
    for (size_t i = 0; i < a->n_ops; i++) {
        const struct op *x = &a->ops[i], *y = &b->ops[i];
        if (x->kind != y->kind || x->a != y->a || x->b != y->b || x->c != y->c || x->made != y->made)
            return 0;
    }
    return 1;
}
