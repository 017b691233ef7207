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
    OP_LINK_WEAK_CB, OP_NEW_GENERATOR,
    OP_LINK, OP_LINK,
    OP_NEW_INSTANCE, OP_NEW_INSTANCE, OP_NEW_INSTANCE,
    OP_DEL_NAME, OP_DEL_NAME, OP_COLLECT,
    OP_UNLINK, OP_SET_CLASS_ATTR, OP_LINK_WEAK, OP_NEW_CLASS, OP_NEW_LIST,
};
_Static_assert(OP_KIND_COUNT == 19, "kind bytes below OP_KIND_COUNT must mean themselves: extend the table");

static const char *const kind_names[OP_KIND_COUNT] = {
    "new_class", "new_instance", "new_list", "new_dict", "link", "link_weak", "unlink",
    "set_class_attr", "self_class_attr", "del_class_attr", "del_name", "rebind", "collect",
    "gc_disable", "gc_enable", "set_threshold", "collect_young", "link_weak_callback", "new_generator",
};

const char *op_kind_name(int kind)
{
    return kind >= 0 && kind < OP_KIND_COUNT ? kind_names[kind] : "?";
}

/* A name bound to an object that `want` accepts, starting at byte % max. */
static int pick_name(const struct model *m, uint8_t byte, int want_instance)
{
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++) {
        int n = (byte + k) % GCFUZZ_MAX_OBJECTS;
        int obj = m->names[n];
        if (obj >= 0 && (!want_instance || m->objects[obj].kind == OBJ_INSTANCE))
            return n;
    }
    return -1;
}

static int pick_filled_slot(const struct model *m, int name, uint8_t byte)
{
    const struct model_object *o = &m->objects[m->names[name]];
    for (int k = 0; k < GCFUZZ_SLOTS; k++) {
        int s = (byte + k) % GCFUZZ_SLOTS;
        if (o->slot_state[s] != SLOT_EMPTY)
            return s;
    }
    return -1;
}

/* A present class attribute, as class * GCFUZZ_SLOTS + slot. */
static int pick_class_attr(const struct model *m, uint8_t cls, uint8_t slot)
{
    int total = (int)m->n_classes * GCFUZZ_SLOTS;
    if (total == 0)
        return -1;
    int start = (cls % (int)m->n_classes) * GCFUZZ_SLOTS + slot % GCFUZZ_SLOTS;
    for (int k = 0; k < total; k++) {
        int i = (start + k) % total;
        if (m->classes[i / GCFUZZ_SLOTS].attr[i % GCFUZZ_SLOTS] >= 0)
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
        op->a = raw[0] % 3;
        op->b = (uint8_t)(raw[1] % (nc + 1));
        op->c = raw[2] % GCFUZZ_SLOTS;
        return 1;
    case OP_NEW_INSTANCE:
        if (nc == 0)
            return 0;
        op->a = (uint8_t)(raw[0] % nc);
        return 1;
    case OP_NEW_LIST:
    case OP_NEW_DICT:
    case OP_COLLECT:
    case OP_GC_DISABLE:
    case OP_GC_ENABLE:
        return 1;
    case OP_SET_THRESHOLD:
        op->a = raw[0] % GCFUZZ_N_THRESHOLDS;
        return 1;
    case OP_NEW_GENERATOR:
        y = pick_name(m, raw[2], 0);
        if (y < 0)
            return 0;
        op->a = raw[0] % 3, op->c = (uint8_t)y;
        return 1;
    case OP_COLLECT_YOUNG:
        op->a = raw[0] % 2;
        return 1;
    case OP_LINK:
    case OP_LINK_WEAK:
    case OP_LINK_WEAK_CB:
        x = pick_name(m, raw[0], 0);
        y = pick_name(m, raw[2], op->kind != OP_LINK);
        if (x < 0 || y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = raw[1] % GCFUZZ_SLOTS, op->c = (uint8_t)y;
        return 1;
    case OP_UNLINK:
        x = pick_name(m, raw[0], 0);
        y = x < 0 ? -1 : pick_filled_slot(m, x, raw[1]);
        if (y < 0)
            return 0;
        op->a = (uint8_t)x, op->b = (uint8_t)y;
        return 1;
    case OP_SET_CLASS_ATTR:
        y = pick_name(m, raw[2], 0);
        if (nc == 0 || y < 0)
            return 0;
        op->a = (uint8_t)(raw[0] % nc), op->b = raw[1] % GCFUZZ_SLOTS, op->c = (uint8_t)y;
        return 1;
    case OP_SELF_CLASS_ATTR:
        x = pick_name(m, raw[0], 1);
        if (nc == 0 || x < 0)
            return 0;
        op->a = (uint8_t)x, op->b = raw[1] % GCFUZZ_SLOTS, op->c = (uint8_t)(raw[2] % nc);
        return 1;
    case OP_DEL_CLASS_ATTR:
        x = pick_class_attr(m, raw[0], raw[1]);
        if (x < 0)
            return 0;
        op->a = (uint8_t)(x / GCFUZZ_SLOTS), op->b = (uint8_t)(x % GCFUZZ_SLOTS);
        return 1;
    case OP_DEL_NAME:
        x = pick_name(m, raw[0], 0);
        if (x < 0)
            return 0;
        op->a = (uint8_t)x;
        return 1;
    case OP_REBIND:
        y = pick_name(m, raw[2], 0);
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
