/* apply.c — one apply_<op> per operation of ops.def: the structural change
 * an operation makes, and the operands it accepts (model.h).  What dies as a
 * consequence is settle.c's.  Each returns 0, leaving the trial model to be
 * dropped, when the operation does not apply. */
#include "internal.h"

#include <string.h>

static const uint8_t flavor_layout[FLAVOR_COUNT] = {
    [FLAVOR_PLAIN] = LAYOUT_NONE,   [FLAVOR_SLOTS] = LAYOUT_SLOTS,         [FLAVOR_LIST] = LAYOUT_LIST,
    [FLAVOR_DICT] = LAYOUT_DICT,    [FLAVOR_TUPLE] = LAYOUT_TUPLE,         [FLAVOR_EXCEPTION] = LAYOUT_EXCEPTION,
    [FLAVOR_LOCAL] = LAYOUT_NONE,   [FLAVOR_SHARED] = LAYOUT_SHARED,         [FLAVOR_LEGACY] = LAYOUT_NONE,
    [FLAVOR_META] = LAYOUT_NONE,    [FLAVOR_TYPE_CALL] = LAYOUT_NONE,
};

/* The kind of an instance, by its class's layout */
static const uint8_t layout_kind[] = {
    [LAYOUT_NONE] = KIND_INSTANCE,       [LAYOUT_SLOTS] = KIND_INSTANCE,       [LAYOUT_LIST] = KIND_LIST_INSTANCE,
    [LAYOUT_DICT] = KIND_DICT_INSTANCE,  [LAYOUT_TUPLE] = KIND_TUPLE_INSTANCE, [LAYOUT_EXCEPTION] = KIND_INSTANCE,
    [LAYOUT_SHARED] = KIND_INSTANCE,
};

static const uint8_t dict_kinds[DICT_COUNT] = {
    [DICT_STR] = KIND_DICT,          [DICT_INT] = KIND_INT_DICT,     [DICT_SET] = KIND_SET,
    [DICT_WEAK_VALUES] = KIND_WEAK_VALUES, [DICT_WEAK_KEYS] = KIND_WEAK_KEYS, [DICT_WEAK_SET] = KIND_WEAK_SET,
};

const struct model_rules model_rules_portable = {.weakrefs_cleared_late = 1, .biased_refcounts = 1};
static struct model_rules rules; /* model.h: all clear until the runner says */

void model_set_rules(const struct model_rules *r) { rules = *r; }
const struct model_rules *model_get_rules(void) { return &rules; }

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
    memset(m->names, -1, sizeof m->names);
    memset(m->kept_by, -1, sizeof m->kept_by);
    memset(m->weak_by, -1, sizeof m->weak_by);
    m->saving_since = -1;
    for (size_t i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        m->objects[i].cls = -1;
        m->objects[i].store = (int8_t)i;
        m->objects[i].closed_op = -1;
        m->objects[i].fire_death = m->objects[i].fire_due = -1;
        memset(m->objects[i].slot_callback, -1, sizeof m->objects[i].slot_callback);
    }
}

/* DEBUG_SAVEALL is set (apply_gc_debug) */
static int saving(const struct model *m) { return debug_flags_save[m->debug]; }

/* A finalizer that collects or makes weak references: what DEBUG_SAVEALL
 * would leave the model unable to follow (apply_gc_debug) */
static int bars_saving(int body) { return body_traits[body] & (T_COLLECTS | T_MAKES_WEAK); }

/* Bound for certain (an open name may be unbound: the program leaves it be) */
static int name_bound(const struct model *m, int name)
{
    return name < GCFUZZ_MAX_OBJECTS && m->names[name] >= 0;
}

/* The program binds name n: certain from now (effects that may still
 * write it open it again, model_open_effects). */
static void bind_name(struct model *m, int n, int obj)
{
    m->names[n] = (int8_t)obj;
    m->names_open &= (uint16_t) ~(1u << n);
}

static int class_named(const struct model *m, int cls)
{
    return cls >= 0 && cls < (int)m->n_classes && m->classes[cls].named;
}

/* A new object of `kind`, bound to the name with its own number. */
static int new_object(struct model *m, struct op *op, int kind, int cls)
{
    if (m->n_objects >= GCFUZZ_MAX_OBJECTS)
        return -1;
    int id = (int)m->n_objects++;
    struct model_object *o = &m->objects[id];
    o->kind = (uint8_t)kind;
    o->cls = (int8_t)cls;
    o->life = LIFE_LIVE;
    op->made = (uint8_t)id;
    bind_name(m, id, id);
    return id;
}

static void fill_slot(struct model_object *o, int s, int target)
{
    o->slot_state[s] = SLOT_STRONG;
    o->slot_target[s] = (int8_t)target;
}

static int has_callbacks(const struct model_object *o)
{
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_callback[s] >= 0)
            return 1;
    return 0;
}

static int new_callback(struct model *m, int holder, int slot, int referent);

static uint32_t ancestry(const struct model *m, int cls)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    uint32_t set = 0;
    for (int i = 0, n = model_mro(m, cls, mro); i < n; i++)
        set |= 1u << mro[i];
    return set;
}

/* A legacy class (FLAVOR_LEGACY) has no bases, a body model_legacy_body
 * allows, an interpreter that makes one (model_rules), and never a
 * subclass: tp_del is not inherited, while __tp_del__ would be. */
static int legacy_class_fits(const struct model *m, int flavor, int body, int base, int base2)
{
    if (flavor == FLAVOR_LEGACY && (base >= 0 || !model_legacy_body(body) || rules.no_legacy_finalizers))
        return 0;
    return (base < 0 || m->classes[base].flavor != FLAVOR_LEGACY) &&
           (base2 < 0 || m->classes[base2].flavor != FLAVOR_LEGACY);
}

/* Only classes Python accepts, each in one encoding: a flavour with a layout
 * of its own on a class without bases; a second base only when the two
 * ancestries are apart (the MRO is then their concatenation) and the second
 * brings no layout (no conflict, and __init__ comes from the first). */
static int apply_new_class(struct model *m, struct op *op)
{
    int nc = (int)m->n_classes;
    int base = op->b % (nc + 1) - 1, base2 = op->b / (nc + 1) - 1, flavor = op->c / GCFUZZ_SLOTS;
    if (nc >= GCFUZZ_MAX_CLASSES || base2 >= nc || (saving(m) && bars_saving(op->a)))
        return 0; /* (apply_gc_debug) */
    if (base >= 0 && flavor != FLAVOR_PLAIN && flavor != FLAVOR_LOCAL && flavor != FLAVOR_TYPE_CALL)
        return 0;
    if (flavor == FLAVOR_TYPE_CALL && op->a == BODY_REBIND)
        return 0; /* __class__.c<s> = self: no __class__ cell outside a class statement */
    if (op->a == BODY_THREAD && rules.no_threads)
        return 0; /* it starts a thread (model_rules.no_threads) */
    if ((base >= 0 && !class_named(m, base)) || (base2 >= 0 && !class_named(m, base2)))
        return 0; /* a base is written by its name */
    if (!legacy_class_fits(m, flavor, op->a, base, base2))
        return 0;
    int layout = base >= 0 ? m->classes[base].layout : flavor_layout[flavor];
    if (base2 >= 0 && (base < 0 || (ancestry(m, base) & ancestry(m, base2)) || m->classes[base2].layout != LAYOUT_NONE ||
                       layout == LAYOUT_TUPLE))
        return 0;
    /* a class whose metaclass is _g.Meta (its own flavour, or a base's) has
       a finalizer of its own: a callback with the class as referent */
    int meta = flavor == FLAVOR_META || (base >= 0 && model_class_finalizer(m, base) >= 0) ||
               (base2 >= 0 && model_class_finalizer(m, base2) >= 0);
    int k = meta ? new_callback(m, CB_CLASS, -1, nc) : -1;
    if (meta && k < 0)
        return 0;
    op->made = (uint8_t)m->n_classes;
    struct model_class *c = &m->classes[m->n_classes++];
    c->finalizer_cb = (int8_t)k;
    c->named = 1, c->life = LIFE_LIVE;
    c->base = (int8_t)base, c->base2 = (int8_t)base2;
    c->body = op->a, c->flavor = (uint8_t)flavor, c->layout = (uint8_t)layout;
    c->fix_slot = op->c % GCFUZZ_SLOTS;
    memset(c->attr, -1, sizeof c->attr);
    return 1;
}

/* An instance of a tuple class holds its two items from creation. */
static int apply_new_instance(struct model *m, struct op *op)
{
    if (!class_named(m, op->a))
        return 0;
    int layout = m->classes[op->a].layout;
    if (layout == LAYOUT_TUPLE ? !name_bound(m, op->b) || !name_bound(m, op->c) : op->b || op->c)
        return 0;
    int x = layout == LAYOUT_TUPLE ? m->names[op->b] : -1, y = layout == LAYOUT_TUPLE ? m->names[op->c] : -1;
    int id = new_object(m, op, layout_kind[layout], op->a);
    if (id < 0)
        return 0;
    if (layout == LAYOUT_TUPLE) {
        fill_slot(&m->objects[id], 0, x);
        fill_slot(&m->objects[id], 1, y);
    }
    return 1;
}

static int apply_new_list(struct model *m, struct op *op)
{
    int id = new_object(m, op, KIND_LIST, -1);
    if (id < 0)
        return 0;
    m->objects[id].variant = op->a;
    return 1;
}

static int apply_new_dict(struct model *m, struct op *op)
{
    int id = new_object(m, op, dict_kinds[op->a], -1);
    if (id < 0)
        return 0;
    m->objects[id].variant = op->a;
    return 1;
}

/* A tuple holds names a and c at the front or the back; a frozenset holds
 * them once each (hashable only). */
static int apply_new_tuple(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !name_bound(m, op->c))
        return 0;
    int x = m->names[op->a], y = m->names[op->c];
    int frozen = op->b == TUPLE_FROZENSET;
    if (frozen && (!model_hashable(m, x) || !model_hashable(m, y)))
        return 0;
    int id = new_object(m, op, frozen ? KIND_FROZENSET : KIND_TUPLE, -1);
    if (id < 0)
        return 0;
    struct model_object *o = &m->objects[id];
    o->variant = op->b;
    if (frozen) {
        fill_slot(o, 0, x);
        if (y != x)
            fill_slot(o, 1, y);
    } else {
        fill_slot(o, op->b == TUPLE_BACK ? 2 : 0, x);
        fill_slot(o, op->b == TUPLE_BACK ? 3 : 1, y);
    }
    return 1;
}

/* A closure over one cell and a bound method hold name a; the others a and c. */
static int apply_new_func(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !name_bound(m, op->c))
        return 0;
    int x = m->names[op->a], y = m->names[op->c];
    int id = new_object(m, op, KIND_FUNC, -1);
    if (id < 0)
        return 0;
    struct model_object *o = &m->objects[id];
    o->variant = op->b;
    fill_slot(o, 0, x);
    if (op->b != FUNC_CLOSURE1 && op->b != FUNC_METHOD)
        fill_slot(o, 1, y);
    return 1;
}

/* A new object of `kind` (and `variant`) whose one slot holds name a. */
static int new_holder_of_a(struct model *m, struct op *op, int kind, int variant)
{
    if (!name_bound(m, op->a))
        return 0;
    int x = m->names[op->a];
    int id = new_object(m, op, kind, -1);
    if (id < 0)
        return 0;
    m->objects[id].variant = (uint8_t)variant;
    fill_slot(&m->objects[id], 0, x);
    return 1;
}

/* The exception holds name a (its argument, and its traceback's frame's
 * local): one slot. */
static int apply_new_exc(struct model *m, struct op *op) { return new_holder_of_a(m, op, KIND_EXC, 0); }

static int apply_copy(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a))
        return 0;
    int src = m->names[op->a];
    if (!kind_has(m->objects[src].kind, K_COPYABLE) || has_callbacks(&m->objects[src]))
        return 0; /* one weak reference in two holders: G5 would need both */
    int id = new_object(m, op, m->objects[src].kind, -1);
    if (id < 0)
        return 0;
    struct model_object *o = &m->objects[id];
    const struct model_object *from = &m->objects[src];
    o->variant = from->variant;
    memcpy(o->slot_state, from->slot_state, sizeof o->slot_state);
    memcpy(o->slot_target, from->slot_target, sizeof o->slot_target);
    memcpy(o->slot_maybe, from->slot_maybe, sizeof o->slot_maybe);
    return 1;
}

static int new_callback(struct model *m, int holder, int slot, int referent)
{
    if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS)
        return -1;
    struct model_callback *cb = &m->callbacks[m->n_callbacks];
    cb->holder = (int8_t)holder, cb->slot = (int8_t)slot, cb->referent = (int8_t)referent;
    cb->state = CB_WAITING, cb->class_dead_op = -1;
    cb->kind = CALLBACK_RECORD;
    return (int)m->n_callbacks++;
}

static int apply_finalize(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !model_weakable(m, m->names[op->a]))
        return 0;
    int k = new_callback(m, CB_REGISTRY, -1, m->names[op->a]);
    if (k < 0)
        return 0;
    op->made = (uint8_t)k;
    return 1;
}

/* o<a>.__dict__ = o<c>.__dict__, a copy of it, or a fresh dict. */
static int apply_set_dict(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || (op->b == DICT_ASSIGN_FRESH && op->c))
        return 0;
    int obj = m->names[op->a], src = -1;
    struct model_object *o = &m->objects[obj];
    if (!model_dict_instance(m, obj))
        return 0;
    if (op->b != DICT_ASSIGN_FRESH) {
        if (!name_bound(m, op->c))
            return 0;
        src = m->names[op->c];
        if (!model_dict_instance(m, src) || has_callbacks(model_storage(m, src)))
            return 0;
        if (op->b == DICT_ASSIGN_SHARE && (model_layout(m, obj) != LAYOUT_SHARED ||
                                           model_layout(m, src) != LAYOUT_SHARED || src == obj))
            return 0; /* only where _id is not in the dict */
    }
    if (has_callbacks(model_storage(m, obj)))
        return 0;
    /* a fresh or copied dict goes in the object's own slot arrays: no one
       else may be using them */
    if (op->b != DICT_ASSIGN_SHARE && (model_storage_users(m, obj) & ~(1u << obj)))
        return 0;
    struct model_object copy = src >= 0 ? *model_storage(m, src) : *o;
    /* the dict it had is dropped, unless another instance shares it */
    if (o->store == obj && model_storage_users(m, obj) == (1u << obj)) {
        memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
        memset(o->slot_target, -1, sizeof o->slot_target);
    }
    if (op->b == DICT_ASSIGN_SHARE) {
        o->store = m->objects[src].store;
        /* a dict that gc.freeze() may have moved to the permanent
           generation (if it existed then, and was tracked): what o holds
           through it may wait for gc.unfreeze(), so whether the collector
           reaches o is open */
        if (!(m->frozen & (1u << obj)) && (m->frozen_stores & (1u << o->store)))
            m->frozen_open |= 1u << obj;
        return 1;
    }
    o->store = (int8_t)obj;
    memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
    memset(o->slot_target, -1, sizeof o->slot_target);
    if (op->b == DICT_ASSIGN_COPY) {
        memcpy(o->slot_state, copy.slot_state, sizeof o->slot_state);
        memcpy(o->slot_target, copy.slot_target, sizeof o->slot_target);
        memcpy(o->slot_maybe, copy.slot_maybe, sizeof o->slot_maybe);
    }
    return 1;
}

/* What the container held is dropped at this statement. */
static int apply_clear(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !kind_has(m->objects[m->names[op->a]].kind, K_CLEARABLE))
        return 0;
    model_clear_container(m, m->names[op->a]);
    return 1;
}

/* gc.is_finalized(), gc.get_referrers(), ... of a bound name: they change
 * nothing the model follows (what the returned list holds goes with the
 * statement; nothing in between allocates) */
static int apply_introspect(struct model *m, struct op *op) { return name_bound(m, op->a); }

static int apply_del_class(struct model *m, struct op *op)
{
    if (!class_named(m, op->a))
        return 0;
    m->classes[op->a].named = 0;
    return 1;
}

/* gc.freeze() moves everything the collector tracks to the permanent
 * generation; gc.unfreeze() brings it back (model.h, oracle.md). */
static int apply_freeze(struct model *m, struct op *op)
{
    /* gc.unfreeze() thaws the interpreter's start-up heap too, which then
       costs every later collection: only after a gc.freeze() */
    if (op->a != m->froze)
        return 0;
    if (op->a == 1) {
        m->frozen = m->frozen_open = m->frozen_stores = 0, m->froze = 0;
        return 1;
    }
    /* garbage awaiting the collector may or may not be gone already:
       freezing it would leave its finalizer's timing open */
    if (model_nodes_in(m, LIFE_PENDING))
        return 0;
    /* an empty dict may be untracked by the collector (never filled, or
       emptied and seen by a full collection): gc.freeze() leaves it out,
       or not */
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *d = &m->objects[i];
        if ((d->kind == KIND_DICT || d->kind == KIND_INT_DICT) && d->life == LIFE_LIVE &&
            !memchr(d->slot_state, SLOT_STRONG, GCFUZZ_SLOTS) && !memchr(d->slot_state, SLOT_WEAK, GCFUZZ_SLOTS))
            return 0;
    }
    m->frozen |= model_nodes_in(m, LIFE_LIVE) | model_nodes_in(m, LIFE_PENDING), m->froze = 1;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->frozen & (1u << i))
            m->frozen_stores |= 1u << m->objects[i].store;
    m->frozen_open &= ~m->frozen;
    return 1;
}

static int apply_new_generator(struct model *m, struct op *op)
{
    if (!name_bound(m, op->c))
        return 0;
    int held = m->names[op->c];
    int id = new_object(m, op, KIND_GENERATOR, -1);
    if (id < 0)
        return 0;
    struct model_object *g = &m->objects[id];
    /* a coroutine or an asynchronous generator is followed as the generator
       in the state its row names; its frame is its variant.  A finalizer
       hook closes it when it dies, as _PyGen_Finalize would without one */
    g->gen_state = gen_state_as[op->a];
    g->variant = gen_state_frame[op->a];
    if (g->gen_state == GEN_FINISHED)
        g->closed_op = (int16_t)m->n_ops; /* its finally ran as it finished; its frame is gone */
    else
        fill_slot(g, 0, held);
    return 1;
}

static int slot_holds(const struct model_object *o, int target)
{
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_state[s] != SLOT_EMPTY && o->slot_target[s] == target)
            return 1;
    return 0;
}

/* Whether slot s of `holder` may become `state` holding `target` (with a
 * callback or not). */
static int slot_accepts(const struct model *m, int holder, int s, int state, int target, int callback)
{
    const struct model_object *o = model_storage(m, holder);
    int kind = m->objects[holder].kind, keyed = model_keyed_by_object(m, holder);
    if (state == SLOT_STRONG) {
        if (!model_strong_holder(m, holder) || kind_has(kind, K_WEAK_ENTRIES))
            return 0;
    } else if (!model_weak_holder(m, holder) || !model_weakable(m, target)) {
        return 0;
    }
    /* a proxy or a WeakMethod is an item or an attribute, never a weak
       container's entry (those are made by the container), nor a member: a
       proxy is unhashable */
    if ((callback >= 0 || state == SLOT_PROXY || state == SLOT_WEAK_METHOD) && !model_callback_holder(m, holder))
        return 0;
    /* members are unique, and a member is dropped only by UNLINK: none may be open */
    if (!keyed)
        return 1;
    for (int k = 0; k < GCFUZZ_SLOTS; k++)
        if (o->slot_state[k] == SLOT_OPEN)
            return 0;
    return model_hashable(m, target) && o->slot_state[s] == SLOT_EMPTY && !slot_holds(o, target);
}

/* An instance sharing the storage that died and waits for the collector:
 * what its finalizer will see of slot s is open once the program writes it. */
static void open_pending_sharers(struct model *m, uint32_t users, int s)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((users & (1u << i)) && m->objects[i].life != LIFE_LIVE && m->objects[i].fire_death >= 0)
            m->objects[i].death_state[s] = SLOT_OPEN;
}

/* Put a strong or weak reference to name c (with callback `callback`, -1:
 * none) in slot b of name a, or empty that slot (state SLOT_EMPTY). */
static int set_slot(struct model *m, const struct op *op, int slot, int state, int callback)
{
    if (!name_bound(m, op->a))
        return 0;
    int holder = m->names[op->a];
    struct model_object *o = &m->objects[m->objects[holder].store];
    uint32_t users = model_storage_users(m, m->objects[holder].store);
    if (callback >= 0 && users != (1u << holder))
        return 0; /* a weak reference with a callback lives in one object's own slots only */
    if (state == SLOT_EMPTY) {
        /* what an open slot holds is not known: deleting it may fail */
        if ((!model_strong_holder(m, holder) && !model_weak_holder(m, holder)) || o->slot_state[slot] == SLOT_EMPTY ||
            o->slot_state[slot] == SLOT_OPEN)
            return 0;
        o->slot_target[slot] = -1;
    } else {
        if (!name_bound(m, op->c) || !slot_accepts(m, holder, slot, state, m->names[op->c], callback))
            return 0;
        o->slot_target[slot] = m->names[op->c];
    }
    open_pending_sharers(m, users, slot);
    o->slot_callback[slot] = (int8_t)callback;
    o->slot_state[slot] = (uint8_t)state;
    o->slot_maybe[slot] = 0;
    return 1;
}

static int apply_link(struct model *m, struct op *op) { return set_slot(m, op, op->b, SLOT_STRONG, -1); }
static int apply_link_weak(struct model *m, struct op *op) { return set_slot(m, op, op->b, SLOT_WEAK, -1); }
static int apply_unlink(struct model *m, struct op *op)
{
    return op->b < GCFUZZ_SLOTS && set_slot(m, op, op->b, SLOT_EMPTY, -1);
}

/* What the callback does changes nothing the model follows: the recorder
 * counts the ValueErrors the raising ones add (G11). */
static int apply_link_weak_cb(struct model *m, struct op *op)
{
    if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS || !name_bound(m, op->a) || !name_bound(m, op->c))
        return 0;
    if (op->b / GCFUZZ_SLOTS == CALLBACK_COLLECT && saving(m))
        return 0; /* (apply_gc_debug) */
    int slot = op->b % GCFUZZ_SLOTS, k = (int)m->n_callbacks;
    if (!set_slot(m, op, slot, SLOT_WEAK, k))
        return 0;
    new_callback(m, m->names[op->a], slot, m->names[op->c]);
    m->callbacks[k].kind = (uint8_t)(op->b / GCFUZZ_SLOTS);
    op->made = (uint8_t)k;
    return 1;
}

/* o<a>.a<s> = weakref.proxy(o<c>) or weakref.WeakMethod(_g.method(o<c>)),
 * with a recording callback or none: a weak reference, as LINK_WEAK and
 * LINK_WEAK_CB make (G5); only what the checks read of it differs. */
static int apply_link_weak_form(struct model *m, struct op *op)
{
    int slot = op->b % GCFUZZ_SLOTS, form = op->b / GCFUZZ_SLOTS, k = -1;
    int state = weak_form_proxy[form] ? SLOT_PROXY : SLOT_WEAK_METHOD;
    if (!name_bound(m, op->a) || !name_bound(m, op->c))
        return 0;
    if (weak_form_callback[form]) {
        if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS)
            return 0;
        k = (int)m->n_callbacks;
    }
    if (!set_slot(m, op, slot, state, k))
        return 0;
    if (k >= 0) {
        new_callback(m, m->names[op->a], slot, m->names[op->c]); /* a recording one */
        op->made = (uint8_t)k;
    }
    return 1;
}

static int apply_set_class_attr(struct model *m, struct op *op)
{
    if (!class_named(m, op->a) || !name_bound(m, op->c))
        return 0;
    m->classes[op->a].attr[op->b] = m->names[op->c];
    m->classes[op->a].attr_open &= (uint8_t) ~(1u << op->b);
    m->attr_ever |= 1u << op->b;
    return 1;
}

/* o<a>.__class__.c<b> = C<c>(<made>): the new instance is bound nowhere else */
static int apply_self_class_attr(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !class_named(m, op->c) || m->classes[op->c].layout == LAYOUT_TUPLE)
        return 0;
    const struct model_object *owner = &m->objects[m->names[op->a]];
    if (!kind_has(owner->kind, K_INSTANCE))
        return 0;
    int owner_class = owner->cls;
    if (m->n_objects >= GCFUZZ_MAX_OBJECTS)
        return 0;
    int id = (int)m->n_objects++;
    struct model_object *o = &m->objects[id];
    o->kind = layout_kind[m->classes[op->c].layout];
    o->cls = (int8_t)op->c;
    o->life = LIFE_LIVE;
    op->made = (uint8_t)id;
    m->classes[owner_class].attr[op->b] = (int8_t)id;
    m->classes[owner_class].attr_open &= (uint8_t) ~(1u << op->b);
    m->attr_ever |= 1u << op->b;
    return 1;
}

static int apply_del_class_attr(struct model *m, struct op *op)
{
    if (!class_named(m, op->a) || op->b >= GCFUZZ_SLOTS || m->classes[op->a].attr[op->b] < 0)
        return 0;
    m->classes[op->a].attr[op->b] = -1;
    return 1;
}

static int apply_del_name(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a))
        return 0;
    m->names[op->a] = -1;
    return 1;
}

static int apply_rebind(struct model *m, struct op *op)
{
    if (op->a >= GCFUZZ_MAX_OBJECTS || op->a == op->c || !name_bound(m, op->c))
        return 0;
    bind_name(m, op->a, m->names[op->c]);
    return 1;
}

/* o<a> = _g.call(globals().get('w<c>')): the referent of the weak
 * reference a finalizer left in global w<c>, or None.  Certain when that
 * global certainly refers to a live object; else the name is open. */
static int apply_deref(struct model *m, struct op *op)
{
    if (op->a >= GCFUZZ_MAX_OBJECTS || op->c >= GCFUZZ_MAX_OBJECTS)
        return 0;
    int target = m->weak_open & (1u << op->c) ? -2 : m->weak_by[op->c];
    if (target >= 0 && m->objects[target].life == LIFE_LIVE && m->objects[target].weakrefs == WEAKREFS_LIVE) {
        bind_name(m, op->a, target);
        return 1;
    }
    /* garbage not yet collected is still there to be had, and comes back */
    uint32_t values = model_not_freed(m, m->weak_open & (1u << op->c) ? MAYBE_OBJECTS(m->weak_maybe[op->c])
                                         : target >= 0 ? 1u << target : 0);
    bind_name(m, op->a, -1);
    model_open_name(m, op->a, values | MAYBE_EMPTY);
    return 1;
}

/* Operations that change no object: their checks are the collector's.
 * A young collection may collect garbage in generations 0..a, or may not:
 * the model keeps it pending, to be finalized by the next full one. */
static int apply_nothing(struct model *m, struct op *op) { return 1; }

/* A class or callback of the program that bars DEBUG_SAVEALL: a finalizer
 * that bars_saving, or a callback that collects (apply_gc_debug) */
static int program_bars_saving(const struct model *m)
{
    for (size_t c = 0; c < m->n_classes; c++)
        if (bars_saving(m->classes[c].body))
            return 1;
    for (size_t k = 0; k < m->n_callbacks; k++)
        if (m->callbacks[k].kind == CALLBACK_COLLECT)
            return 1;
    return 0;
}

/* The collector's settings: what gc.isenabled() and gc.get_debug() must
 * read back (G13); no finalizer or callback changes them.  The flags that
 * only print change nothing the model follows.
 * While DEBUG_SAVEALL is set, a collection saves what it finds unreachable,
 * and whatever that holds is then held for good: the model follows it only
 * where collections happen at its gc.collect() operations, so the flag is
 * set only with the collector disabled and no finalizer or callback that
 * collects, and, until it is unset, the collector is not enabled, nor asked
 * for a young collection, nor given such a finalizer or callback.  Nor any
 * finalizer that makes a weak reference: to garbage that is saved, not
 * freed, it stays alive (for the model it would die with its referent). */
static int apply_gc_switch(struct model *m, int off)
{
    if (!off && saving(m))
        return 0;
    m->gc_off = (uint8_t)off;
    return 1;
}

static int apply_gc_debug(struct model *m, struct op *op)
{
    if (debug_flags_save[op->a] && (!m->gc_off || program_bars_saving(m)))
        return 0;
    if (debug_flags_save[op->a] && !saving(m))
        m->saving_since = (int16_t)m->n_ops;
    m->debug = op->a;
    return 1;
}

static int apply_collect_young(struct model *m, struct op *op) { return !saving(m); }

/* The interpreter ends in a child (exec/exits.h); here the program goes on
 * unchanged, so the model does too.  Once a program: each costs a process. */
static int apply_shutdown(struct model *m, struct op *op)
{
    if (m->shut_down)
        return 0;
    m->shut_down = 1;
    return 1;
}

/* An atexit handler: it runs only when the interpreter ends (in the child
 * of a later SHUTDOWN); the teardown unregisters it. */
static int apply_at_exit(struct model *m, struct op *op)
{
    if (m->n_handlers >= GCFUZZ_MAX_HANDLERS)
        return 0;
    op->made = m->n_handlers++;
    return 1;
}

/* Whether every class of cls's MRO keeps its instances' attributes in a
 * plain __dict__, with no legacy finalizer. */
static int plain_ancestry(const struct model *m, int cls)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    int n = model_mro(m, cls, mro);
    for (int i = 0; i < n; i++) {
        const struct model_class *c = &m->classes[mro[i]];
        if ((c->flavor != FLAVOR_PLAIN && c->flavor != FLAVOR_LOCAL && c->flavor != FLAVOR_TYPE_CALL) ||
            c->layout != LAYOUT_NONE)
            return 0;
    }
    return 1;
}

/* o<a>.__class__ = C<c>: CPython accepts it between classes of one layout
 * (typeobject.c's compatible_for_assignment); here both plain __dict__
 * classes throughout.  From then on the instance holds C<c> (not its old
 * class), finds class attributes through C<c>'s MRO and, when it dies,
 * runs C<c>'s __del__.  Only for a live instance whose finalizer has not
 * run and may not have: the shape its death is checked against
 * (deaths_are) and its finalizer come from one class. */
static int apply_set_class(struct model *m, struct op *op)
{
    if (!name_bound(m, op->a) || !class_named(m, op->c) || !plain_ancestry(m, op->c))
        return 0;
    struct model_object *o = &m->objects[m->names[op->a]];
    if (!kind_has(o->kind, K_INSTANCE) || o->cls < 0 || !plain_ancestry(m, o->cls) || o->life != LIFE_LIVE ||
        o->finalizer != FIN_NOT_RUN || o->fire_death >= 0)
        return 0;
    o->cls = (int8_t)op->c;
    return 1;
}

/* Whether an instance of cls or of its subclasses is anything but live
 * with its death to come: one that died (even freed: the checkpoints'
 * expectations read its finalizer through its class's MRO as it is at the
 * end), is pending, open or was resurrected. */
static int mro_in_use(const struct model *m, int cls)
{
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (kind_has(o->kind, K_INSTANCE) && o->cls >= 0 && (ancestry(m, o->cls) & (1u << cls)) &&
            (o->life != LIFE_LIVE || o->finalizer != FIN_NOT_RUN || o->fire_death >= 0))
            return 1;
    }
    return 0;
}

/* C<a>.__bases__ = (C<c>,): a plain class with one base gets another plain
 * base, which must not have C<a> in its MRO (typeobject.c's type_set_bases:
 * no cycle, compatible layouts); C<a> has no subclass, whose MRO could
 * become inconsistent.  From then on its instances and its
 * subclasses' find class attributes and __del__ through the new MRO; the
 * class holds the new base, and the old one may die.  Only while no
 * instance of it has died yet (mro_in_use). */
static int apply_set_bases(struct model *m, struct op *op)
{
    if (!class_named(m, op->a) || !class_named(m, op->c) || op->a == op->c)
        return 0;
    struct model_class *k = &m->classes[op->a];
    if (k->base < 0 || k->base2 >= 0 || !plain_ancestry(m, op->a) || !plain_ancestry(m, op->c) ||
        mro_in_use(m, op->a))
        return 0;
    for (size_t c = 0; c < m->n_classes; c++) /* a subclass's MRO could become inconsistent */
        if ((int)c != op->a && (ancestry(m, (int)c) & (1u << op->a)))
            return 0;
    if (ancestry(m, op->c) & (1u << op->a))
        return 0; /* a cycle */
    k->base = (int8_t)op->c;
    return 1;
}

/* A gc.callbacks entry: nothing the model follows changes.  A raising one
 * adds an exception per call, which the recorder counts as it raises (G11);
 * gc.collect() inside a collection does nothing; the garbage an allocating
 * one makes is a list, no object of the program's.  The reset removes them. */
static int apply_gc_callback(struct model *m, struct op *op)
{
    if (m->n_gc_hooks >= GCFUZZ_MAX_GC_HOOKS)
        return 0;
    op->made = m->n_gc_hooks++;
    return 1;
}

/* A chain of 100 to 10,000 links ending at name a: for the model one
 * object holding it (slot 0).  Its links hold nothing else and only their
 * predecessor holds them, so they live and die with the chain: on the
 * refcount path the trashcan defers the deepest deallocations but ends
 * them before the outermost one returns, within the statement. */
static int apply_deep(struct model *m, struct op *op) { return new_holder_of_a(m, op, KIND_CHAIN, op->b); }

/* A THREAD runs the next statement on a thread of its own, joined at once:
 * the statement does what it does on the main thread, so the model's rule
 * is the next operation's; only a statement that may run there (ops.def's
 * thread column) can follow.  Its other ways run it on the main thread
 * while another thread collects: collections at any eval-loop check, which the
 * model allows anywhere already (a finalizer may run at any moment after
 * its object died); only statements that neither collect nor read or set
 * the collector's state (THREAD_ANY) can follow, since a collection in
 * progress on the other thread would make gc.collect() a no-op. */
static int apply_thread(struct model *m, const struct op *op)
{
    if (rules.no_threads)
        return 0;
    m->on_thread = op->a == WAY_OWN ? THREAD_SOLO : THREAD_ANY;
    return 1;
}

/* The structural part of an operation, by kind (the switch is complete:
 * the compiler says which operation has no rule). */
static int apply_structure(struct model *m, struct op *op)
{
    switch ((enum op_kind)op->kind) {
    case OP_NEW_CLASS: return apply_new_class(m, op);
    case OP_NEW_INSTANCE: return apply_new_instance(m, op);
    case OP_NEW_LIST: return apply_new_list(m, op);
    case OP_NEW_DICT: return apply_new_dict(m, op);
    case OP_LINK: return apply_link(m, op);
    case OP_LINK_WEAK: return apply_link_weak(m, op);
    case OP_UNLINK: return apply_unlink(m, op);
    case OP_SET_CLASS_ATTR: return apply_set_class_attr(m, op);
    case OP_SELF_CLASS_ATTR: return apply_self_class_attr(m, op);
    case OP_DEL_CLASS_ATTR: return apply_del_class_attr(m, op);
    case OP_DEL_NAME: return apply_del_name(m, op);
    case OP_REBIND: return apply_rebind(m, op);
    case OP_COLLECT: return apply_nothing(m, op); /* model_collect runs once it has settled */
    case OP_GC_DISABLE: return apply_gc_switch(m, 1);
    case OP_GC_ENABLE: return apply_gc_switch(m, 0);
    case OP_SET_THRESHOLD: return apply_nothing(m, op);
    case OP_COLLECT_YOUNG: return apply_collect_young(m, op);
    case OP_LINK_WEAK_CB: return apply_link_weak_cb(m, op);
    case OP_LINK_WEAK_FORM: return apply_link_weak_form(m, op);
    case OP_NEW_GENERATOR: return apply_new_generator(m, op);
    case OP_NEW_TUPLE: return apply_new_tuple(m, op);
    case OP_NEW_FUNC: return apply_new_func(m, op);
    case OP_NEW_EXC: return apply_new_exc(m, op);
    case OP_COPY: return apply_copy(m, op);
    case OP_FINALIZE: return apply_finalize(m, op);
    case OP_FREEZE: return apply_freeze(m, op);
    case OP_SET_DICT: return apply_set_dict(m, op);
    case OP_DEL_CLASS: return apply_del_class(m, op);
    case OP_CLEAR: return apply_clear(m, op);
    case OP_DEREF: return apply_deref(m, op);
    case OP_INTROSPECT: return apply_introspect(m, op);
    case OP_GC_DEBUG: return apply_gc_debug(m, op);
    case OP_SHUTDOWN: return apply_shutdown(m, op);
    case OP_AT_EXIT: return apply_at_exit(m, op);
    case OP_DEEP: return apply_deep(m, op);
    case OP_GC_CALLBACK: return apply_gc_callback(m, op);
    case OP_SET_CLASS: return apply_set_class(m, op);
    case OP_SET_BASES: return apply_set_bases(m, op);
    case OP_THREAD: return apply_thread(m, op);
    case OP_KIND_COUNT: break;
    }
    return 0;
}

/* Operands within their roles' choices (entity roles are checked by the
 * operation's rule). */
static int operands_in_range(const struct op *op)
{
    const uint8_t operand[3] = {op->a, op->b, op->c};
    for (int i = 0; i < 3; i++) {
        int bound = role_bound[op_table[op->kind].role[i]];
        if (bound && operand[i] >= bound)
            return 0;
    }
    return 1;
}

int model_apply(struct model *m, struct op *op)
{
    if (m->torn_down || m->n_ops >= GCFUZZ_MAX_OPS || op->kind >= OP_KIND_COUNT || !operands_in_range(op))
        return 0;
    struct model trial = *m;
    struct op resolved = *op;
    resolved.made = 0;
    struct model_step *step = &trial.steps[trial.n_ops];
    memset(step, 0, sizeof *step);
    if (trial.on_thread && op_table[op->kind].thread < trial.on_thread)
        return 0;
    trial.threaded = trial.on_thread != 0;
    trial.on_thread = 0;
    if (!apply_structure(&trial, &resolved) || !model_settle(&trial, step))
        return 0;
    /* the finalizers a class attribute store runs may find the old value
       (model_rules.stale_type_cache) */
    if (rules.stale_type_cache &&
        (op->kind == OP_SET_CLASS_ATTR || op->kind == OP_SELF_CLASS_ATTR || op->kind == OP_DEL_CLASS_ATTR))
        model_open_checks(&trial, (int)trial.n_ops);
    if (op->kind == OP_COLLECT) {
        model_collect(&trial, step);
        model_settle(&trial, step); /* what the collection released may open or free more */
    }
    model_update_callbacks(&trial, (int)trial.n_ops, 0);
    trial.n_ops++;
    trial.threaded = 0;
    *m = trial;
    op->made = resolved.made;
    return 1;
}

void model_trace_start(struct model_trace *t)
{
    t->n_ops = 0;
    model_init(&t->after[0]);
}

int model_trace_apply(struct model_trace *t, struct op *op)
{
    if (t->n_ops >= GCFUZZ_MAX_OPS)
        return 0;
    t->after[t->n_ops + 1] = t->after[t->n_ops];
    if (!model_apply(&t->after[t->n_ops + 1], op))
        return 0;
    t->n_ops++;
    model_check_invariants(&t->after[t->n_ops], "after an operation");
    return 1;
}

int model_trace_run(struct model_trace *t, const struct program *p)
{
    model_trace_start(t);
    for (size_t i = 0; i < p->n_ops; i++) {
        struct op op = p->ops[i];
        if (!model_trace_apply(t, &op) || op.made != p->ops[i].made)
            return 0;
    }
    return 1;
}

int model_run(struct model *m, const struct program *p)
{
    static struct model_trace t; /* static: 100 KB */
    if (!model_trace_run(&t, p))
        return 0;
    *m = t.after[t.n_ops];
    model_teardown(m);
    model_check_invariants(m, "after the teardown");
    return 1;
}
