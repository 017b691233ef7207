/* decode.c — bytes to a program (decode.h).
 *
 * An operand byte names an entity by number; when that entity cannot serve
 * (a deleted name, an empty slot), the next one that can is taken,
 * cyclically, so an already valid operand resolves to itself.  Each role of
 * operands.def has one resolver here; an operation's operands are resolved
 * in three stages, so that a role reading another operand finds it done:
 * choices first, then what only needs the model, then what depends on the
 * other operands.  Nothing here may reject an input. */
#include "decode.h"

#include "program_features.h"

#include "model.h"

#include <string.h>

/* Kind bytes 0..OP_KIND_COUNT-1 mean themselves (encoding is the
 * identity); the next values repeat operations by their weight, in table
 * order. */
static uint8_t kind_values[256];
static int n_kind_values;

static void build_kind_values(void)
{
    for (int k = 0; k < OP_KIND_COUNT; k++)
        kind_values[n_kind_values++] = (uint8_t)k;
    for (int k = 0; k < OP_KIND_COUNT; k++)
        for (int w = 1; w < op_table[k].weight; w++)
            kind_values[n_kind_values++] = (uint8_t)k;
}

int decode_kind_values(void)
{
    if (!n_kind_values)
        build_kind_values();
    return n_kind_values;
}

int decode_kind(uint8_t byte)
{
    return kind_values[byte % decode_kind_values()];
}

typedef int (*wants_fn)(const struct model *m, int obj);

static int any(const struct model *m, int obj) { return 1; }
static int instance(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_INSTANCE); }
static int holder(const struct model *m, int obj) { return model_strong_holder(m, obj) || model_weak_holder(m, obj); }
static int copyable(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_COPYABLE); }
static int clearable(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_CLEARABLE); }
static int shared_instance(const struct model *m, int obj)
{
    return instance(m, obj) && model_layout(m, obj) == LAYOUT_SHARED;
}

/* A name bound to an object `wants` accepts, starting at byte % names. */
static int pick_name(const struct model *m, uint8_t byte, wants_fn wants)
{
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++) {
        int n = (byte + k) % GCFUZZ_MAX_OBJECTS;
        int obj = m->names[n];
        if (obj >= 0 && wants(m, obj))
            return n;
    }
    return -1;
}

/* A class still bound to its name, starting at byte % classes; -1: none. */
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

/* The first and second base a NEW_CLASS's raw base byte asks for, as
 * named classes (-1: none). */
static void raw_bases(const struct model *m, uint8_t byte, int *base, int *base2)
{
    int nc = (int)m->n_classes;
    *base = byte % (nc + 1) - 1, *base2 = (byte / (nc + 1)) % (nc + 1) - 1;
    if (*base >= 0)
        *base = pick_class(m, (uint8_t)*base);
    if (*base2 >= 0)
        *base2 = pick_class(m, (uint8_t)*base2);
    /* a legacy class is never a base (model/apply.c) */
    if (*base >= 0 && m->classes[*base].flavor == FLAVOR_LEGACY)
        *base = -1;
    if (*base2 >= 0 && m->classes[*base2].flavor == FLAVOR_LEGACY)
        *base2 = -1;
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

static uint8_t *operand(struct op *op, int i) { return i == 0 ? &op->a : i == 1 ? &op->b : &op->c; }

/* Set operand i to v when v names something (v >= 0). */
static int put(struct op *op, int i, int v)
{
    if (v < 0)
        return 0;
    *operand(op, i) = (uint8_t)v;
    return 1;
}

struct resolve_ctx {
    const struct model *m;
    struct op *op;
    const uint8_t *raw;
    int i; /* which operand */
};

static int name_wanted(const struct resolve_ctx *x, wants_fn wants)
{
    return put(x->op, x->i, pick_name(x->m, x->raw[x->i], wants));
}

/* --- one resolver per role; they return 0 when nothing fits --- */

static int resolve_choice(const struct resolve_ctx *x)
{
    return put(x->op, x->i, x->raw[x->i] % role_bound[op_table[x->op->kind].role[x->i]]);
}

static int resolve_none(const struct resolve_ctx *x) { return put(x->op, x->i, 0); }

/* rarer than other kinds: every gc.unfreeze() thaws the start-up heap,
   which the following collections then traverse */
static int resolve_freeze_switch(const struct resolve_ctx *x)
{
    int v = x->raw[x->i] % 8;
    return v < 2 && put(x->op, x->i, v);
}

/* rarer than other kinds: a chain is 100 to 10,000 objects to build,
   traverse in every collection while it lives, and free; the deepest
   (10,000: about 3 ms a program) rarer still, from raw bytes 8..11 only */
static int resolve_chain_form(const struct resolve_ctx *x)
{
    int raw = x->raw[x->i], forms = CHAIN_LINK_COUNT * CHAIN_DEPTH_COUNT, deepest = forms - CHAIN_LINK_COUNT;
    int v = raw % (forms * 8);
    return (v < deepest || (v < forms && raw < forms)) && put(x->op, x->i, v);
}

/* A flavour with its own layout only on a class without bases.  A legacy
 * class, a class with a metaclass and one made by type() each from one
 * raw value in 16 (the earlier flavours keep the raw values that made them
 * before), a legacy one where the interpreter makes one; a body it does
 * not allow becomes a recording one. */
_Static_assert(FLAVOR_META == FLAVOR_LEGACY + 1 && FLAVOR_TYPE_CALL == FLAVOR_META + 1 &&
                   FLAVOR_TYPE_CALL == FLAVOR_COUNT - 1 && FLAVOR_TYPE_CALL < 16,
               "the legacy, metaclass and type() flavours are the last three, below 16");
static int resolve_class_shape(const struct resolve_ctx *x)
{
    int base, base2, f = x->raw[2] / GCFUZZ_SLOTS;
    int flavor = f % 16 >= FLAVOR_LEGACY && f % 16 < FLAVOR_COUNT ? f % 16 : f % FLAVOR_LEGACY;
    raw_bases(x->m, x->raw[1], &base, &base2);
    if (flavor == FLAVOR_LEGACY && model_get_rules()->no_legacy_finalizers)
        flavor = FLAVOR_PLAIN;
    if (flavor == FLAVOR_LEGACY && base < 0 && !model_legacy_body(x->op->a))
        x->op->a = BODY_RECORD; /* (resolved already: stage 0) */
    if ((base >= 0 && flavor != FLAVOR_LOCAL && flavor != FLAVOR_TYPE_CALL) ||
        (flavor == FLAVOR_TYPE_CALL && x->op->a == BODY_REBIND))
        flavor = FLAVOR_PLAIN;
    return put(x->op, x->i, x->raw[2] % GCFUZZ_SLOTS + GCFUZZ_SLOTS * flavor);
}

/* The first base; the second only if the class can have both
 * (model/apply.c, apply_new_class). */
static int resolve_bases(const struct resolve_ctx *x)
{
    int base, base2, nc = (int)x->m->n_classes;
    raw_bases(x->m, x->raw[1], &base, &base2);
    put(x->op, x->i, base + 1);
    if (base >= 0 && base2 >= 0) {
        struct model trial = *x->m;
        struct op with = *x->op;
        with.b = (uint8_t)(base + 1 + (nc + 1) * (base2 + 1));
        if (model_apply(&trial, &with))
            x->op->b = with.b;
    }
    return 1;
}

static int resolve_class(const struct resolve_ctx *x)
{
    return x->m->n_classes && put(x->op, x->i, pick_class(x->m, x->raw[x->i]));
}

/* Sets both the class (a) and the slot (b) of a present class attribute. */
static int resolve_attr_class(const struct resolve_ctx *x)
{
    int v = pick_class_attr(x->m, x->raw[0], x->raw[1]);
    return put(x->op, 0, v / GCFUZZ_SLOTS) && put(x->op, 1, v % GCFUZZ_SLOTS);
}

static int resolve_set_with_class(const struct resolve_ctx *x) { return 1; } /* ATTR_SLOT: set by ATTR_CLASS */

static int resolve_name_number(const struct resolve_ctx *x)
{
    return put(x->op, x->i, x->raw[x->i] % GCFUZZ_MAX_OBJECTS);
}

static int resolve_any_name(const struct resolve_ctx *x) { return name_wanted(x, any); }
static int resolve_instance(const struct resolve_ctx *x) { return name_wanted(x, instance); }
static int resolve_strong_holder(const struct resolve_ctx *x) { return name_wanted(x, model_strong_holder); }
static int resolve_weak_holder(const struct resolve_ctx *x) { return name_wanted(x, model_weak_holder); }
static int resolve_callback_holder(const struct resolve_ctx *x) { return name_wanted(x, model_callback_holder); }
static int resolve_holder(const struct resolve_ctx *x) { return name_wanted(x, holder); }
static int resolve_weakable(const struct resolve_ctx *x) { return name_wanted(x, model_weakable); }
static int resolve_copyable(const struct resolve_ctx *x) { return name_wanted(x, copyable); }
static int resolve_clearable(const struct resolve_ctx *x) { return name_wanted(x, clearable); }

/* What the holder (operand a) can take: members by hash. */
static int resolve_target(const struct resolve_ctx *x, wants_fn otherwise)
{
    int holder_obj = x->m->names[x->op->a];
    return name_wanted(x, model_keyed_by_object(x->m, holder_obj) ? model_hashable : otherwise);
}
static int resolve_strong_target(const struct resolve_ctx *x) { return resolve_target(x, any); }
static int resolve_weak_target(const struct resolve_ctx *x) { return resolve_target(x, model_weakable); }

static int resolve_filled_slot(const struct resolve_ctx *x)
{
    const struct model_object *o = model_storage(x->m, x->m->names[x->op->a]);
    for (int k = 0; k < GCFUZZ_SLOTS; k++) {
        int s = (x->raw[x->i] + k) % GCFUZZ_SLOTS;
        if (o->slot_state[s] == SLOT_STRONG || slot_weak(o->slot_state[s]))
            return put(x->op, x->i, s);
    }
    return 0;
}

static int resolve_tuple_item(const struct resolve_ctx *x)
{
    if (x->m->classes[x->op->a].layout != LAYOUT_TUPLE)
        return put(x->op, x->i, 0);
    return name_wanted(x, any);
}

static int resolve_member(const struct resolve_ctx *x)
{
    return name_wanted(x, x->op->b == TUPLE_FROZENSET ? model_hashable : any);
}

static int resolve_dict_owner(const struct resolve_ctx *x)
{
    return name_wanted(x, x->op->b == DICT_ASSIGN_SHARE ? shared_instance : model_dict_instance);
}

static int resolve_dict_source(const struct resolve_ctx *x)
{
    return x->op->b == DICT_ASSIGN_FRESH ? put(x->op, x->i, 0) : resolve_dict_owner(x);
}

static int resolve_weak_global(const struct resolve_ctx *x)
{
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++) {
        int n = (x->raw[x->i] + k) % GCFUZZ_MAX_OBJECTS;
        if (x->m->weak_by[n] >= 0 || (x->m->weak_open & (1u << n)))
            return put(x->op, x->i, n);
    }
    return 0;
}

/* When a role is resolved: 0 a choice, 1 needs the model, 2 needs the
 * other operands (the switch is complete: a new role says when). */
static int role_stage(int role)
{
    switch ((enum operand_role)role) {
    case ROLE_NONE:
    case ROLE_BODY:
    case ROLE_LIST_LENGTH:
    case ROLE_DICT_VARIANT:
    case ROLE_TUPLE_VARIANT:
    case ROLE_FUNC_VARIANT:
    case ROLE_DICT_ASSIGN:
    case ROLE_GEN_STATE:
    case ROLE_THRESHOLD:
    case ROLE_GENERATION:
    case ROLE_COPY_EXPR:
    case ROLE_FREEZE_SWITCH:
    case ROLE_SLOT:
    case ROLE_INTROSPECTION:
    case ROLE_GC_HOOK:
    case ROLE_THREAD_WAY:
    case ROLE_DEBUG_FLAGS:
    case ROLE_CHAIN_FORM:
    case ROLE_WEAK_FORM_SLOT:
    case ROLE_SHUTDOWN_WAY:
    case ROLE_CALLBACK_SLOT: return 0;
    case ROLE_CLASS_SHAPE:
    case ROLE_CLASS:
    case ROLE_ATTR_CLASS:
    case ROLE_NAME_NUMBER:
    case ROLE_ANY_NAME:
    case ROLE_INSTANCE:
    case ROLE_STRONG_HOLDER:
    case ROLE_WEAK_HOLDER:
    case ROLE_CALLBACK_HOLDER:
    case ROLE_HOLDER:
    case ROLE_WEAKABLE:
    case ROLE_COPYABLE:
    case ROLE_CLEARABLE:
    case ROLE_WEAK_GLOBAL: return 1;
    case ROLE_BASES:
    case ROLE_ATTR_SLOT:
    case ROLE_STRONG_TARGET:
    case ROLE_WEAK_TARGET:
    case ROLE_FILLED_SLOT:
    case ROLE_TUPLE_ITEM:
    case ROLE_MEMBER:
    case ROLE_DICT_OWNER:
    case ROLE_DICT_SOURCE:
    case ROLE_COUNT: break;
    }
    return 2;
}

/* Each role's resolver (the switch is complete). */
static int resolve_role(int role, const struct resolve_ctx *x)
{
    switch ((enum operand_role)role) {
    case ROLE_NONE: return resolve_none(x);
    case ROLE_BODY:
    case ROLE_LIST_LENGTH:
    case ROLE_DICT_VARIANT:
    case ROLE_TUPLE_VARIANT:
    case ROLE_FUNC_VARIANT:
    case ROLE_DICT_ASSIGN:
    case ROLE_GEN_STATE:
    case ROLE_THRESHOLD:
    case ROLE_GENERATION:
    case ROLE_COPY_EXPR:
    case ROLE_SLOT:
    case ROLE_INTROSPECTION:
    case ROLE_GC_HOOK:
    case ROLE_THREAD_WAY:
    case ROLE_DEBUG_FLAGS:
    case ROLE_WEAK_FORM_SLOT:
    case ROLE_SHUTDOWN_WAY:
    case ROLE_CALLBACK_SLOT: return resolve_choice(x);
    case ROLE_CHAIN_FORM: return resolve_chain_form(x);
    case ROLE_FREEZE_SWITCH: return resolve_freeze_switch(x);
    case ROLE_CLASS_SHAPE: return resolve_class_shape(x);
    case ROLE_BASES: return resolve_bases(x);
    case ROLE_CLASS: return resolve_class(x);
    case ROLE_ATTR_CLASS: return resolve_attr_class(x);
    case ROLE_ATTR_SLOT: return resolve_set_with_class(x);
    case ROLE_NAME_NUMBER: return resolve_name_number(x);
    case ROLE_ANY_NAME: return resolve_any_name(x);
    case ROLE_INSTANCE: return resolve_instance(x);
    case ROLE_STRONG_HOLDER: return resolve_strong_holder(x);
    case ROLE_WEAK_HOLDER: return resolve_weak_holder(x);
    case ROLE_CALLBACK_HOLDER: return resolve_callback_holder(x);
    case ROLE_HOLDER: return resolve_holder(x);
    case ROLE_WEAKABLE: return resolve_weakable(x);
    case ROLE_COPYABLE: return resolve_copyable(x);
    case ROLE_CLEARABLE: return resolve_clearable(x);
    case ROLE_WEAK_GLOBAL: return resolve_weak_global(x);
    case ROLE_STRONG_TARGET: return resolve_strong_target(x);
    case ROLE_WEAK_TARGET: return resolve_weak_target(x);
    case ROLE_FILLED_SLOT: return resolve_filled_slot(x);
    case ROLE_TUPLE_ITEM: return resolve_tuple_item(x);
    case ROLE_MEMBER: return resolve_member(x);
    case ROLE_DICT_OWNER: return resolve_dict_owner(x);
    case ROLE_DICT_SOURCE: return resolve_dict_source(x);
    case ROLE_COUNT: break;
    }
    return 0;
}

/* Turn raw operand bytes into operands that name existing entities.
 * Returns 0 when nothing fits. */
static int resolve(const struct model *m, struct op *op, const uint8_t raw[3])
{
    struct resolve_ctx x = {.m = m, .op = op, .raw = raw};
    op->a = op->b = op->c = 0;
    for (int stage = 0; stage < 3; stage++)
        for (x.i = 0; x.i < 3; x.i++) {
            int role = op_table[op->kind].role[x.i];
            if (role_stage(role) == stage && !resolve_role(role, &x))
                return 0;
        }
    return 1;
}

unsigned program_decode_traced(struct program *p, const uint8_t *data, size_t size, struct model_trace *t,
                              uint16_t *ids, unsigned max)
{
    static struct model_trace own;
    static struct feature_set s;
    if (!t)
        t = &own;
    if (ids)
        features_begin(&s, ids, max);
    model_trace_start(t);
    memset(p, 0, sizeof *p);
    for (size_t at = 0; at + GCFUZZ_OP_BYTES <= size && p->n_ops < GCFUZZ_MAX_OPS; at += GCFUZZ_OP_BYTES) {
        struct op op = {.kind = (uint8_t)decode_kind(data[at])};
        if (!resolve(&t->after[t->n_ops], &op, data + at + 1) || !model_trace_apply(t, &op))
            continue; /* dropped: the trace is as it was */
        p->ops[p->n_ops++] = op;
        if (ids)
            features_op(&s, p, p->n_ops - 1, &t->after[t->n_ops - 1], &t->after[t->n_ops]);
    }
    return ids ? features_end(&s, p, t) : 0;
}

void program_decode(struct program *p, const uint8_t *data, size_t size)
{
    program_decode_traced(p, data, size, NULL, NULL, 0);
}
