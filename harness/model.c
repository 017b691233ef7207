/* model.c — reachability and finalization timing for gcfuzz programs (see
 * model.h for the rules and the guarantees they come from).  Graphs are at
 * most GCFUZZ_MAX_OBJECTS nodes, so sets are bitmasks and reachability is
 * recomputed from scratch after every operation: simple beats clever here,
 * because every expectation the oracle checks comes out of this file. */
#include "model.h"

#include <string.h>

static const uint8_t class_variant_flags[3] = {0, CLASS_HAS_DEL, CLASS_HAS_DEL | CLASS_FIX};

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
    memset(m->names, -1, sizeof m->names);
    for (size_t i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        m->objects[i].cls = -1;
        m->objects[i].closed_op = -1;
        memset(m->objects[i].slot_callback, -1, sizeof m->objects[i].slot_callback);
    }
}

int model_finalizer_class(const struct model *m, int cls)
{
    while (cls >= 0) {
        if (m->classes[cls].flags & CLASS_HAS_DEL)
            return cls;
        cls = m->classes[cls].base;
    }
    return -1;
}

int model_closes_when_dying(const struct model *m, int obj)
{
    return m->objects[obj].kind == OBJ_GENERATOR && m->objects[obj].gen_state == GEN_SUSPENDED;
}

int model_has_finalizer(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return o->kind == OBJ_INSTANCE && model_finalizer_class(m, o->cls) >= 0;
}

/* Objects that `obj` holds strongly (items, attributes). */
static uint32_t strong_successors(const struct model *m, int obj)
{
    uint32_t out = 0;
    const struct model_object *o = &m->objects[obj];
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_state[s] == SLOT_STRONG)
            out |= 1u << o->slot_target[s];
    return out;
}

static uint32_t closure(const struct model *m, uint32_t from, uint32_t within)
{
    uint32_t seen = from & within, frontier = seen;
    while (frontier) {
        uint32_t next = 0;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
            if (frontier & (1u << i))
                next |= strong_successors(m, i);
        frontier = next & within & ~seen;
        seen |= frontier;
    }
    return seen;
}

static uint32_t objects_in(const struct model *m, int life)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == life)
            set |= 1u << i;
    return set;
}

uint32_t model_reachable(const struct model *m)
{
    uint32_t roots = 0;
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->names[n] >= 0)
            roots |= 1u << m->names[n];
    if (!m->torn_down)
        for (size_t c = 0; c < m->n_classes; c++)
            for (int s = 0; s < GCFUZZ_SLOTS; s++)
                if (m->classes[c].attr[s] >= 0)
                    roots |= 1u << m->classes[c].attr[s];
    return closure(m, roots, objects_in(m, LIFE_LIVE));
}

/* Of the garbage `set` (dead, not yet freed), the objects that lie on a cycle
 * or hang off one: reference counting cannot free them, only the collector. */
static uint32_t cyclic_part(const struct model *m, uint32_t set)
{
    uint32_t on_cycle = 0;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(set & (1u << i)))
            continue;
        uint32_t after = closure(m, strong_successors(m, i) & set, set);
        if (after & (1u << i))
            on_cycle |= 1u << i;
    }
    return closure(m, on_cycle, set);
}

/* A "fix" finalizer runs `del self.__class__.c<slot>`: it succeeds when the
 * instance's own class holds that attribute, else raises AttributeError. */
static void run_fix_finalizer(struct model *m, int obj, struct model_step *step)
{
    int cls = m->objects[obj].cls;
    int fin = model_finalizer_class(m, cls);
    if (fin < 0 || !(m->classes[fin].flags & CLASS_FIX))
        return;
    int8_t *attr = &m->classes[cls].attr[m->classes[fin].fix_slot];
    if (*attr >= 0)
        *attr = -1;
    else
        step->unraisable++;
}

static int has_fix(const struct model *m, int obj)
{
    int fin = m->objects[obj].kind == OBJ_INSTANCE ? model_finalizer_class(m, m->objects[obj].cls) : -1;
    return fin >= 0 && (m->classes[fin].flags & CLASS_FIX);
}

/* After an operation changed the graph: find what died, finalize what
 * reference counting frees (whose finalizers may free more), and leave cyclic
 * garbage pending.  Returns 0 if a side-effecting finalizer would be pending. */
static int settle(struct model *m, struct model_step *step)
{
    for (;;) {
        uint32_t dead = objects_in(m, LIFE_LIVE) & ~model_reachable(m);
        if (!dead)
            break;
        uint32_t cyclic = cyclic_part(m, dead | objects_in(m, LIFE_PENDING)) & dead;
        step->died |= dead;
        step->prompt |= dead & ~cyclic;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
            if (!(dead & (1u << i)))
                continue;
            struct model_object *o = &m->objects[i];
            o->dead_op = (int16_t)m->n_ops;
            if (model_closes_when_dying(m, i))
                o->closed_op = o->dead_op; /* closed by its finalizer: G10 */
            if (cyclic & (1u << i)) {
                o->life = LIFE_PENDING;
                if (has_fix(m, i))
                    return 0;
            } else {
                o->life = LIFE_GONE;
                o->prompt = 1;
                run_fix_finalizer(m, i, step);
            }
        }
    }
    return 1;
}

static int name_bound(const struct model *m, int name)
{
    return name < GCFUZZ_MAX_OBJECTS && m->names[name] >= 0;
}

static int new_object(struct model *m, int kind, int cls)
{
    if (m->n_objects >= GCFUZZ_MAX_OBJECTS)
        return -1;
    int id = (int)m->n_objects++;
    struct model_object *o = &m->objects[id];
    o->kind = (uint8_t)kind;
    o->cls = (int8_t)cls;
    o->life = LIFE_LIVE;
    return id;
}

static int apply_new_class(struct model *m, const struct op *op)
{
    if (m->n_classes >= GCFUZZ_MAX_CLASSES || op->a > 2 || op->c >= GCFUZZ_SLOTS ||
        op->b > m->n_classes)
        return 0;
    struct model_class *c = &m->classes[m->n_classes++];
    c->defined = 1;
    c->base = (int8_t)(op->b - 1);
    c->flags = class_variant_flags[op->a];
    c->fix_slot = op->c;
    memset(c->attr, -1, sizeof c->attr);
    return 1;
}

static int set_slot(struct model *m, const struct op *op, int state, int callback)
{
    if (!name_bound(m, op->a) || op->b >= GCFUZZ_SLOTS)
        return 0;
    struct model_object *o = &m->objects[m->names[op->a]];
    if (o->kind == OBJ_GENERATOR)
        return 0; /* what a generator holds is its frame's business */
    o->slot_callback[op->b] = (int8_t)callback;
    if (state == SLOT_EMPTY) {
        if (o->slot_state[op->b] == SLOT_EMPTY)
            return 0;
        o->slot_target[op->b] = -1;
    } else {
        if (!name_bound(m, op->c))
            return 0;
        int target = m->names[op->c];
        if (state == SLOT_WEAK && m->objects[target].kind != OBJ_INSTANCE)
            return 0; /* lists and dicts cannot be weakly referenced */
        o->slot_target[op->b] = (int8_t)target;
    }
    o->slot_state[op->b] = (uint8_t)state;
    return 1;
}

/* The structural part of an operation; settle() does the consequences. */
static int apply_structure(struct model *m, const struct op *op, struct op *resolved)
{
    switch (op->kind) {
    case OP_NEW_CLASS:
        resolved->made = (uint8_t)m->n_classes;
        return apply_new_class(m, op);
    case OP_NEW_INSTANCE:
    case OP_NEW_LIST:
    case OP_NEW_DICT: {
        int kind = op->kind == OP_NEW_INSTANCE ? OBJ_INSTANCE : op->kind == OP_NEW_LIST ? OBJ_LIST : OBJ_DICT;
        if (kind == OBJ_INSTANCE && op->a >= m->n_classes)
            return 0;
        int id = new_object(m, kind, kind == OBJ_INSTANCE ? op->a : -1);
        if (id < 0)
            return 0;
        resolved->made = (uint8_t)id;
        m->names[id] = (int8_t)id;
        return 1;
    }
    case OP_NEW_GENERATOR: {
        if (op->a > GEN_FINISHED || !name_bound(m, op->c))
            return 0;
        int held = m->names[op->c];
        int id = new_object(m, OBJ_GENERATOR, -1);
        if (id < 0)
            return 0;
        struct model_object *g = &m->objects[id];
        g->gen_state = op->a;
        if (op->a == GEN_FINISHED) {
            g->closed_op = (int16_t)m->n_ops; /* its finally ran as it finished; its frame is gone */
        } else {
            g->slot_state[0] = SLOT_STRONG;
            g->slot_target[0] = (int8_t)held;
        }
        resolved->made = (uint8_t)id;
        m->names[id] = (int8_t)id;
        return 1;
    }
    case OP_LINK:
        return set_slot(m, op, SLOT_STRONG, -1);
    case OP_LINK_WEAK:
        return set_slot(m, op, SLOT_WEAK, -1);
    case OP_LINK_WEAK_CB: {
        if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS || !name_bound(m, op->a) || !name_bound(m, op->c))
            return 0;
        int k = (int)m->n_callbacks;
        if (!set_slot(m, op, SLOT_WEAK, k))
            return 0;
        struct model_callback *cb = &m->callbacks[m->n_callbacks++];
        cb->holder = m->names[op->a], cb->slot = (int8_t)op->b, cb->referent = m->names[op->c];
        cb->state = CB_WAITING;
        resolved->made = (uint8_t)k;
        return 1;
    }
    case OP_UNLINK:
        return set_slot(m, op, SLOT_EMPTY, -1);
    case OP_SET_CLASS_ATTR:
        if (op->a >= m->n_classes || op->b >= GCFUZZ_SLOTS || !name_bound(m, op->c))
            return 0;
        m->classes[op->a].attr[op->b] = m->names[op->c];
        return 1;
    case OP_SELF_CLASS_ATTR: {
        if (!name_bound(m, op->a) || op->b >= GCFUZZ_SLOTS || op->c >= m->n_classes)
            return 0;
        const struct model_object *owner = &m->objects[m->names[op->a]];
        if (owner->kind != OBJ_INSTANCE)
            return 0;
        int owner_class = owner->cls;
        int id = new_object(m, OBJ_INSTANCE, op->c);
        if (id < 0)
            return 0;
        resolved->made = (uint8_t)id;
        m->classes[owner_class].attr[op->b] = (int8_t)id;
        return 1;
    }
    case OP_DEL_CLASS_ATTR:
        if (op->a >= m->n_classes || op->b >= GCFUZZ_SLOTS || m->classes[op->a].attr[op->b] < 0)
            return 0;
        m->classes[op->a].attr[op->b] = -1;
        return 1;
    case OP_DEL_NAME:
        if (!name_bound(m, op->a))
            return 0;
        m->names[op->a] = -1;
        return 1;
    case OP_REBIND:
        if (op->a >= GCFUZZ_MAX_OBJECTS || op->a == op->c || !name_bound(m, op->c))
            return 0;
        m->names[op->a] = m->names[op->c];
        return 1;
    case OP_GC_DISABLE:
    case OP_GC_ENABLE:
        return 1;
    case OP_SET_THRESHOLD:
        return op->a < GCFUZZ_N_THRESHOLDS;
    case OP_COLLECT_YOUNG:
        /* garbage in generations 0..a may be collected, or may not: the
           model keeps it pending, to be finalized by the next full one */
        return op->a < 2;
    case OP_COLLECT: {
        uint32_t pending = objects_in(m, LIFE_PENDING);
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
            if (pending & (1u << i))
                m->objects[i].life = LIFE_GONE;
        return 1;
    }
    }
    return 0;
}

/* Advance every callback's state after operation `now` (see model.h). */
static void update_callbacks(struct model *m, int now, int teardown)
{
    for (size_t k = 0; k < m->n_callbacks; k++) {
        struct model_callback *cb = &m->callbacks[k];
        const struct model_object *h = &m->objects[cb->holder], *r = &m->objects[cb->referent];
        int weakref_alive = h->life != LIFE_GONE && h->slot_callback[cb->slot] == (int8_t)k;
        int surely_alive = weakref_alive && h->life == LIFE_LIVE;
        int next = cb->state;
        if (cb->state == CB_WAITING) {
            if (r->life == LIFE_LIVE)
                next = teardown ? CB_MAY : !weakref_alive ? CB_NEVER : CB_WAITING;
            else if (r->dead_op == now && surely_alive && !teardown)
                next = r->life == LIFE_GONE ? CB_MUST : CB_MUST_PENDING;
            else
                next = CB_MAY;
        } else if (cb->state == CB_MUST_PENDING) {
            if (!surely_alive || teardown)
                next = CB_MAY;
            else if (r->life == LIFE_GONE)
                next = CB_MUST;
        }
        if (next != cb->state) {
            cb->state = (uint8_t)next;
            cb->decided_op = (int16_t)now;
        }
    }
}

int model_apply(struct model *m, struct op *op)
{
    if (m->torn_down || m->n_ops >= GCFUZZ_MAX_OPS || op->kind >= OP_KIND_COUNT)
        return 0;
    struct model trial = *m;
    struct op resolved = *op;
    resolved.made = 0;
    struct model_step *step = &trial.steps[trial.n_ops];
    memset(step, 0, sizeof *step);
    if (!apply_structure(&trial, op, &resolved) || !settle(&trial, step))
        return 0;
    update_callbacks(&trial, (int)trial.n_ops, 0);
    trial.n_ops++;
    *m = trial;
    op->made = resolved.made;
    return 1;
}

void model_teardown(struct model *m)
{
    struct model_step *step = &m->steps[m->n_ops];
    memset(step, 0, sizeof *step);
    m->torn_down = 1;
    memset(m->names, -1, sizeof m->names);
    uint32_t dead = objects_in(m, LIFE_LIVE);
    /* Every finalizer runs once; each "fix" deletes its class attribute,
     * in whatever order, so only the first per attribute succeeds. */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (dead & (1u << i))
            run_fix_finalizer(m, i, step);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)))
            continue;
        m->objects[i].life = LIFE_GONE;
        m->objects[i].dead_op = (int16_t)m->n_ops;
        if (model_closes_when_dying(m, i))
            m->objects[i].closed_op = (int16_t)m->n_ops;
    }
    uint32_t pending = objects_in(m, LIFE_PENDING);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (pending & (1u << i))
            m->objects[i].life = LIFE_GONE;
    step->died = dead;
    update_callbacks(m, (int)m->n_ops, 1);
}

int model_run(struct model *m, const struct program *p)
{
    model_init(m);
    for (size_t i = 0; i < p->n_ops; i++) {
        struct op op = p->ops[i];
        if (!model_apply(m, &op) || op.made != p->ops[i].made)
            return 0;
    }
    model_teardown(m);
    return 1;
}
