/* settle.c — the consequences of an operation (model.h): what became
 * unreachable, what reference counting frees and finalizes right there,
 * what waits for the collector, what a full collection frees or a
 * finalizer resurrects, the teardown, and weak-reference callbacks.
 *
 * model_settle runs in named phases until nothing more dies:
 *   1. newly_unreachable    live objects and classes no root reaches any more
 *   2. revive_on_refcount   an outermost dying object outside any cycle whose
 *                           finalizer resurrects it stops its deallocation
 *                           there: nothing it holds dies (then start over)
 *   3. die                  the rest dies: outside any cycle it is freed and
 *                           finalized now (its finalizer's effect applied);
 *                           in or hanging off a cycle it is pending garbage
 *   4. blur                 what finalizers of one moment see of each other
 *                           (CPython does not promise their order) is open */
#include "internal.h"

#include <string.h>

static void set_class_life(struct model *m, uint32_t nodes, int life)
{
    for (size_t c = 0; c < m->n_classes; c++)
        if (nodes & (1u << MODEL_CLASS_NODE(c)))
            m->classes[c].life = (uint8_t)life;
}

static int fix_slot_of(const struct model *m, int obj)
{
    return m->classes[model_finalizer_class(m, m->objects[obj].cls)].fix_slot;
}

/* Whether `obj`'s death runs a finalizer (or a generator's finally block)
 * not run yet: each object's runs at most once (G2). */
static int will_fire(const struct model *m, int obj)
{
    return (model_has_finalizer(m, obj) || model_closes_when_dying(m, obj)) &&
           m->objects[obj].finalizer == FIN_NOT_RUN;
}

/* `obj`'s finalizer (or finally block) runs for its death at `now`: once
 * only (G2), seeing the object as it is now (G6). */
static void begin_finalizer(struct model *m, int obj, int now)
{
    struct model_object *o = &m->objects[obj];
    const struct model_object *st = model_storage(m, obj);
    o->finalizer = FIN_PENDING, o->fire_death = (int16_t)now;
    memcpy(o->death_state, st->slot_state, sizeof o->death_state);
    memcpy(o->death_target, st->slot_target, sizeof o->death_target);
    if (model_object_body(m, obj) == BODY_CHECK)
        o->death_lookup = (int8_t)model_lookup(m, o->cls, fix_slot_of(m, obj));
}

/* It must have run by operation `at` (or, may_only: may have). */
static void finalizer_due(struct model_object *o, int at, int may_only)
{
    o->fire_due = (int16_t)at;
    o->finalizer = may_only ? FIN_MAY_RUN : FIN_RUN;
}

/* Certainly cleared stays so; maybe cleared does not undo it. */
static void weakrefs_cleared(struct model_object *o, int certainly)
{
    if (certainly)
        o->weakrefs = WEAKREFS_CLEARED;
    else if (o->weakrefs == WEAKREFS_LIVE)
        o->weakrefs = WEAKREFS_OPEN;
}

/* A finalizer whose effect on the program depends on when it runs: the
 * model never leaves one to the collector's timing.  del self.a<s> is one
 * when another, live, instance shares the dict. */
static int effect_needs_timing(const struct model *m, int obj)
{
    int body = model_object_body(m, obj);
    return body == BODY_FIX || body == BODY_DEL_NAME || body == BODY_REBIND || body == BODY_CHECK ||
           body == BODY_MUTATE || body == BODY_DEREF ||
           (body == BODY_UNLINK && (model_storage_users(m, m->objects[obj].store) & ~(1u << obj)));
}

void model_clear_container(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    if (!kind_has(o->kind, K_CLEARABLE))
        return;
    memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
    memset(o->slot_target, -1, sizeof o->slot_target);
    memset(o->slot_callback, -1, sizeof o->slot_callback);
}

/* Exceptions the finalizer of `obj` raises when it runs now, and its effect
 * on classes and names (BODY_* in operands.def). */
static unsigned run_body(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    int s = fix_slot_of(m, obj);
    switch (model_object_body(m, obj)) {
    case BODY_FIX: {
        /* del self.__class__.c<s>: the instance's own class must hold it */
        int8_t *attr = &m->classes[o->cls].attr[s];
        if (*attr < 0)
            return 1;
        *attr = -1;
        m->attrs_written = 1;
        return 0;
    }
    case BODY_UNLINK: {
        /* del self.a<s>: only attributes, and only one that is set; a
           shared __dict__ loses it for every instance */
        struct model_object *st = &m->objects[o->store];
        int layout = model_layout(m, obj);
        if (!(model_dict_instance(m, obj) || layout == LAYOUT_SLOTS) || st->slot_state[s] == SLOT_EMPTY)
            return 1;
        st->slot_state[s] = SLOT_EMPTY, st->slot_target[s] = -1, st->slot_callback[s] = -1;
        return 0;
    }
    case BODY_DEL_NAME:
        if (!m->torn_down)
            m->names[s] = -1;
        return 0;
    case BODY_MUTATE:
        if (!m->torn_down && m->names[s] >= 0)
            model_clear_container(m, m->names[s]);
        return 0;
    case BODY_REBIND:
        /* model_settle revives it during the program; in the teardown it
           only changes what checking finalizers of that moment read */
        if (m->torn_down)
            m->classes[model_finalizer_class(m, o->cls)].attr[s] = (int8_t)obj, m->attrs_written = 1;
        return 0;
    default:
        return 0; /* BODY_RAISE calls the recorder's raises(), which counts it (G11) */
    }
}

/* Phase 1: live objects and classes no root reaches. */
static uint32_t newly_unreachable(const struct model *m)
{
    return model_nodes_in(m, LIFE_LIVE) & ~model_reachable(m);
}

/* Phase 2: dying outside any cycle, an object whose finalizer resurrects it
 * (into r<id>, or into a class attribute) stops its deallocation; only the
 * outermost: one held by a resurrected object never dies.  Returns the
 * revived objects. */
static uint32_t revive_on_refcount(struct model *m, uint32_t dead, uint32_t cyclic, struct model_step *step, int now)
{
    uint32_t candidates = 0, below = 0;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        int body = model_object_body(m, i);
        if ((dead & ~cyclic & (1u << i)) && will_fire(m, i) && (body == BODY_RESURRECT || body == BODY_REBIND))
            candidates |= 1u << i;
    }
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (candidates & (1u << i))
            below |= model_closure(m, model_successors(m, i) & dead, dead);
    uint32_t revived = candidates & ~below;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(revived & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        begin_finalizer(m, i, now);
        finalizer_due(o, now, 0);
        o->dead_op = (int16_t)now;
        if (model_object_body(m, i) == BODY_RESURRECT) {
            m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
        } else { /* what the class attribute held may die now */
            int fin = model_finalizer_class(m, o->cls), s = m->classes[fin].fix_slot;
            m->classes[fin].attr[s] = (int8_t)i;
            m->attr_ever |= 1u << s;
            m->attrs_written = 1;
        }
    }
    step->died |= revived, step->prompt |= revived;
    return revived;
}

/* What a dereferencing finalizer (BODY_DEREF) freed by reference counting
 * stores in r<id>: the object its weak reference self.a<s> gives must be
 * certain: alive, and not dying with it (the order within one statement is
 * CPython's).  Returns 0 when it is not. */
static int deref_certain(struct model *m, int obj, uint32_t dead)
{
    const struct model_object *st = model_storage(m, obj);
    int s = fix_slot_of(m, obj), l = model_layout(m, obj), t = st->slot_target[s];
    if (!(model_dict_instance(m, obj) || l == LAYOUT_SLOTS) || st->slot_state[s] != SLOT_WEAK)
        return 1; /* no weak reference there: it stores None */
    const struct model_object *target = &m->objects[t];
    if (target->life == LIFE_PENDING || (dead & (1u << t)) || target->weakrefs != WEAKREFS_LIVE)
        return 0;
    if (target->life == LIFE_LIVE)
        m->kept |= 1u << t, m->kept_by[obj] = (int8_t)t;
    return 1;
}

/* Phase 3: the dead objects die.  Returns 0 if a finalizer whose effect
 * depends on timing would be left to the collector. */
static int die(struct model *m, uint32_t dead, uint32_t cyclic, struct model_step *step, int now)
{
    step->died |= dead;
    step->prompt |= dead & ~cyclic;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        o->dead_op = (int16_t)now;
        if (model_closes_when_dying(m, i))
            o->closed_op = o->dead_op; /* closed by its finalizer: G10 */
        int fires = will_fire(m, i);
        if (fires)
            begin_finalizer(m, i, now);
        if (cyclic & (1u << i)) {
            o->life = LIFE_PENDING;
            if (fires && effect_needs_timing(m, i))
                return 0;
            continue;
        }
        o->life = LIFE_GONE;
        o->prompt = 1;
        if (fires && model_object_body(m, i) == BODY_DEREF && !deref_certain(m, i, dead))
            return 0;
        if (fires) {
            finalizer_due(o, now, 0);
            step->unraisable += (uint16_t)run_body(m, i);
        }
    }
    return 1;
}

/* Phase 4.  Instances sharing a __dict__ and finalized at one moment run in
 * an order CPython does not promise: what one sees of a slot another's
 * del self.a<s> deletes is open. */
static void blur_shared_unlinks(struct model *m, int now)
{
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->fire_death != now || model_object_body(m, (int)i) != BODY_UNLINK)
            continue;
        int s = fix_slot_of(m, (int)i);
        for (size_t j = 0; j < m->n_objects; j++)
            if (j != i && m->objects[j].store == o->store && m->objects[j].fire_death == now)
                m->objects[j].death_state[s] = SLOT_UNKNOWN;
    }
}

/* ... and if one of them wrote a class attribute (even back to what it
 * was), what a checking finalizer of that moment read is open. */
static void blur_checks(struct model *m, int now)
{
    if (!m->attrs_written)
        return;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].fire_death == now && model_object_body(m, (int)i) == BODY_CHECK)
            m->objects[i].death_lookup = LOOKUP_OPEN;
}

int model_settle(struct model *m, struct model_step *step)
{
    int now = (int)m->n_ops;
    m->attrs_written = 0;
    for (;;) {
        uint32_t dead = newly_unreachable(m);
        if (!dead)
            break;
        uint32_t cyclic = model_cyclic_part(m, dead | model_nodes_in(m, LIFE_PENDING)) & dead;
        if (revive_on_refcount(m, dead, cyclic, step, now))
            continue;
        set_class_life(m, dead, LIFE_PENDING);
        if (!die(m, dead & MODEL_OBJECTS, cyclic, step, now))
            return 0;
    }
    blur_shared_unlinks(m, now);
    blur_checks(m, now);
    return 1;
}

/* Pending objects whose resurrecting finalizer has not run yet: the
 * collection that runs it brings back itself and the garbage it reaches. */
static uint32_t resurrectors(const struct model *m)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->life == LIFE_PENDING && o->finalizer == FIN_PENDING &&
            model_object_body(m, (int)i) == BODY_RESURRECT)
            set |= 1u << i;
    }
    return set;
}

/* What a pending resurrecting finalizer brings back must be certain in
 * everything the model asserts after the collection, whichever collection
 * (a young automatic one may leave older garbage out) runs it: the garbage
 * it reaches may or may not be finalized in that pass (G3's exception), so
 * it may only record, raise or collect, and must not be a generator or
 * another resurrector; none of it frozen. */
int model_resurrection_certain(const struct model *m)
{
    uint32_t pending = model_nodes_in(m, LIFE_PENDING), rs = resurrectors(m);
    for (int r = 0; r < GCFUZZ_MAX_OBJECTS; r++) {
        if (!(rs & (1u << r)))
            continue;
        uint32_t back = model_closure(m, model_successors(m, r) & pending, pending) | (1u << r);
        if (back & m->frozen)
            return 0;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
            if (!(back & (1u << i)) || i == r)
                continue;
            int body = model_object_body(m, i);
            if (m->objects[i].kind == KIND_GENERATOR || !(body == BODY_NONE || body == BODY_RECORD ||
                                                          body == BODY_RAISE || body == BODY_COLLECT))
                return 0;
        }
    }
    return 1;
}

/* An object a collection brought back: live again; the weak references it
 * holds were garbage in that pass (maybe cleared), and so their callbacks
 * may not run. */
static void bring_back(struct model *m, int i)
{
    struct model_object *o = &m->objects[i];
    o->life = LIFE_LIVE;
    o->holds_open = 1;
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        int k = model_storage(m, i)->slot_callback[s];
        if (k >= 0 && (m->callbacks[k].state == CB_WAITING || m->callbacks[k].state == CB_MUST_PENDING))
            m->callbacks[k].state = CB_MAY, m->callbacks[k].decided_op = (int16_t)m->n_ops;
    }
}

/* Pending garbage the collector frees now: everything but what gc.freeze()
 * put out of its reach, and what that frozen garbage still holds (G1).
 * A resurrecting finalizer brings itself back (into r<id>) with what it
 * reaches: all of its weak references were cleared (it was garbage in that
 * pass); the others' may have been, and their finalizers may have run. */
void model_collect(struct model *m, struct model_step *step)
{
    uint32_t pending = model_nodes_in(m, LIFE_PENDING);
    uint32_t held = model_closure(m, pending & m->frozen, pending);
    uint32_t rs = m->torn_down ? 0 : resurrectors(m) & ~held, back = 0;
    for (int r = 0; r < GCFUZZ_MAX_OBJECTS; r++)
        if (rs & (1u << r))
            back |= model_closure(m, model_successors(m, r) & pending, pending);
    back &= ~rs;
    set_class_life(m, back, LIFE_LIVE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!((rs | back) & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        bring_back(m, i);
        if (rs & (1u << i)) {
            /* only on a cycle of its own is it certainly the collector that
               finalized it, clearing its weak references first; hanging off
               other garbage, it may have been freed by reference counting
               once a collection (a young one, say) took that garbage, and
               then its weak references live on */
            int on_cycle = (model_closure(m, model_successors(m, i) & pending, pending) >> i) & 1;
            finalizer_due(o, (int)m->n_ops, 0);
            weakrefs_cleared(o, on_cycle);
            m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
        } else {
            weakrefs_cleared(o, 0);
            if (o->finalizer == FIN_PENDING)
                finalizer_due(o, (int)m->n_ops, 1);
        }
    }
    held |= rs | back;
    set_class_life(m, pending & ~held, LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(pending & ~held & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        o->life = LIFE_GONE;
        if (o->finalizer == FIN_PENDING) {
            finalizer_due(o, (int)m->n_ops, 0);
            step->unraisable += (uint16_t)run_body(m, i);
        }
    }
}

/* Advance every callback's state after operation `now` (model.h).  A
 * weakref.finalize lives in its registry: its callback always runs, even
 * when the referent dies in the teardown. */
void model_update_callbacks(struct model *m, int now, int teardown)
{
    for (size_t k = 0; k < m->n_callbacks; k++) {
        struct model_callback *cb = &m->callbacks[k];
        const struct model_object *r = &m->objects[cb->referent];
        int registry = cb->holder < 0;
        const struct model_object *h = registry ? NULL : &m->objects[cb->holder];
        int weakref_alive =
            registry || (h->life != LIFE_GONE && model_storage(m, cb->holder)->slot_callback[cb->slot] == (int8_t)k);
        int surely_alive = registry || (weakref_alive && h->life == LIFE_LIVE);
        int uncertain = teardown && !registry;
        int next = cb->state;
        if (cb->state == CB_WAITING) {
            if (r->life == LIFE_LIVE)
                next = uncertain ? CB_MAY : !weakref_alive ? CB_NEVER : CB_WAITING;
            else if (r->dead_op == now && surely_alive && !uncertain)
                next = r->life == LIFE_GONE ? CB_MUST : CB_MUST_PENDING;
            else
                next = CB_MAY;
        } else if (cb->state == CB_MUST_PENDING) {
            if (!surely_alive || uncertain || r->weakrefs == WEAKREFS_OPEN)
                next = CB_MAY;
            else if (r->life == LIFE_GONE || r->weakrefs == WEAKREFS_CLEARED)
                next = CB_MUST; /* a resurrected referent's weak references were cleared */
        }
        if (next != cb->state) {
            cb->state = (uint8_t)next;
            cb->decided_op = (int16_t)now;
        }
    }
}

/* The teardown drops every name, resurrected object and class, unfreezes
 * (the renderer writes gc.unfreeze() first) and collects until nothing is
 * left: every finalizer not yet run runs once, a resurrected object dies
 * again without one. */
void model_teardown(struct model *m)
{
    struct model_step *step = &m->steps[m->n_ops];
    int now = (int)m->n_ops;
    m->attrs_written = 0;
    memset(step, 0, sizeof *step);
    m->torn_down = 1;
    m->kept = m->frozen = 0;
    memset(m->kept_by, -1, sizeof m->kept_by);
    memset(m->names, -1, sizeof m->names);
    uint32_t dead = model_nodes_in(m, LIFE_LIVE);
    /* in whatever order: each "fix" deletes its class attribute, so only
       the first per attribute succeeds */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)) || !will_fire(m, i))
            continue;
        begin_finalizer(m, i, now);
        finalizer_due(&m->objects[i], now, 0);
        step->unraisable += (uint16_t)run_body(m, i);
    }
    set_class_life(m, dead, LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)))
            continue;
        m->objects[i].life = LIFE_GONE;
        m->objects[i].dead_op = (int16_t)now;
        if (model_closes_when_dying(m, i))
            m->objects[i].closed_op = (int16_t)now;
    }
    model_collect(m, step);
    blur_shared_unlinks(m, now);
    blur_checks(m, now);
    /* _g.clear(globals().get('o<s>')) in the teardown finds a name or not,
       as the teardown's deletions have gone: what the finalizers of that
       moment see of their own items is open */
    int mutated = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        mutated |= m->objects[i].fire_death == now && model_object_body(m, (int)i) == BODY_MUTATE;
    for (size_t i = 0; mutated && i < m->n_objects; i++)
        if (m->objects[i].fire_death == now)
            memset(m->objects[i].death_state, SLOT_UNKNOWN, sizeof m->objects[i].death_state);
    step->died = dead & MODEL_OBJECTS;
    model_update_callbacks(m, (int)m->n_ops, 1);
}
