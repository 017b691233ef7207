/* model.c — reachability and finalization timing for gcfuzz programs (see
 * model.h for the rules and the guarantees they come from).  Graphs are at
 * most GCFUZZ_MAX_OBJECTS nodes, so sets are bitmasks and reachability is
 * recomputed from scratch after every operation: simple beats clever here,
 * because every expectation the oracle checks comes out of this file. */
#include "model.h"

#include <string.h>

static const uint8_t flavor_layout[FLAVOR_COUNT] = {LAYOUT_NONE,  LAYOUT_SLOTS,     LAYOUT_LIST, LAYOUT_DICT,
                                                    LAYOUT_TUPLE, LAYOUT_EXCEPTION, LAYOUT_NONE, LAYOUT_SHARED};

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
    memset(m->names, -1, sizeof m->names);
    memset(m->kept_by, -1, sizeof m->kept_by);
    for (size_t i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        m->objects[i].cls = -1;
        m->objects[i].store = (int8_t)i;
        m->objects[i].closed_op = -1;
        m->objects[i].fire_death = m->objects[i].fire_due = -1;
        memset(m->objects[i].slot_callback, -1, sizeof m->objects[i].slot_callback);
    }
}

/* Bases' ancestries never overlap (apply_new_class), so C3 linearization
 * is the class followed by its first base's order, then its second's. */
int model_mro(const struct model *m, int cls, int8_t *out)
{
    int n = 0;
    out[n++] = (int8_t)cls;
    if (m->classes[cls].base >= 0)
        n += model_mro(m, m->classes[cls].base, out + n);
    if (m->classes[cls].base2 >= 0)
        n += model_mro(m, m->classes[cls].base2, out + n);
    return n;
}

int model_finalizer_class(const struct model *m, int cls)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    int n = cls >= 0 ? model_mro(m, cls, mro) : 0;
    for (int i = 0; i < n; i++)
        if (m->classes[mro[i]].body != BODY_NONE)
            return mro[i];
    return -1;
}

int model_body(const struct model *m, int cls)
{
    int fin = model_finalizer_class(m, cls);
    return fin >= 0 ? m->classes[fin].body : BODY_NONE;
}

int model_lookup(const struct model *m, int cls, int slot)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    int n = model_mro(m, cls, mro);
    for (int i = 0; i < n; i++)
        if (m->classes[mro[i]].attr[slot] >= 0)
            return m->classes[mro[i]].attr[slot];
    return -1;
}

const struct model_object *model_storage(const struct model *m, int obj)
{
    return &m->objects[m->objects[obj].store];
}

int model_layout(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return o->kind == OBJ_INSTANCE ? m->classes[o->cls].layout : LAYOUT_NONE;
}

int model_closes_when_dying(const struct model *m, int obj)
{
    return m->objects[obj].kind == OBJ_GENERATOR &&
           (m->objects[obj].gen_state == GEN_SUSPENDED || m->objects[obj].gen_state == GEN_RAISING);
}

int model_has_finalizer(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return o->kind == OBJ_INSTANCE && model_finalizer_class(m, o->cls) >= 0;
}

int model_strong_holder(const struct model *m, int obj)
{
    int k = m->objects[obj].kind;
    return (k == OBJ_INSTANCE && model_layout(m, obj) != LAYOUT_TUPLE) || k == OBJ_LIST || k == OBJ_DICT ||
           k == OBJ_SET;
}

int model_weak_holder(const struct model *m, int obj)
{
    int k = m->objects[obj].kind;
    return (k == OBJ_INSTANCE && model_layout(m, obj) != LAYOUT_TUPLE) || k == OBJ_LIST || k == OBJ_DICT ||
           k == OBJ_WEAK_VALUES || k == OBJ_WEAK_KEYS || k == OBJ_WEAK_SET;
}

int model_weakable(const struct model *m, int obj)
{
    int k = m->objects[obj].kind;
    return (k == OBJ_INSTANCE && model_layout(m, obj) != LAYOUT_TUPLE) || k == OBJ_GENERATOR || k == OBJ_SET ||
           k == OBJ_FROZENSET;
}

int model_hashable(const struct model *m, int obj)
{
    int l = model_layout(m, obj);
    return m->objects[obj].kind == OBJ_INSTANCE &&
           (l == LAYOUT_NONE || l == LAYOUT_SLOTS || l == LAYOUT_EXCEPTION || l == LAYOUT_SHARED);
}

int model_keyed_by_object(const struct model *m, int obj)
{
    int k = m->objects[obj].kind;
    return k == OBJ_SET || k == OBJ_WEAK_KEYS || k == OBJ_WEAK_SET;
}

#define N_NODES (GCFUZZ_MAX_OBJECTS + GCFUZZ_MAX_CLASSES)
_Static_assert(N_NODES <= 32, "nodes are bits of a uint32_t");

/* Nodes that `node` holds strongly: an object's items and attributes, and
 * an instance's class; a class's bases, attributes, and itself (a type is
 * always in a cycle: its __mro__ holds it). */
static uint32_t strong_successors(const struct model *m, int node)
{
    uint32_t out = 0;
    if (node >= GCFUZZ_MAX_OBJECTS) {
        const struct model_class *k = &m->classes[node - GCFUZZ_MAX_OBJECTS];
        out = 1u << node;
        if (k->base >= 0)
            out |= 1u << MODEL_CLASS_NODE(k->base);
        if (k->base2 >= 0)
            out |= 1u << MODEL_CLASS_NODE(k->base2);
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (k->attr[s] >= 0)
                out |= 1u << k->attr[s];
        return out;
    }
    const struct model_object *o = model_storage(m, node);
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_state[s] == SLOT_STRONG)
            out |= 1u << o->slot_target[s];
    if (m->objects[node].kind == OBJ_INSTANCE)
        out |= 1u << MODEL_CLASS_NODE(m->objects[node].cls);
    return out;
}

static uint32_t closure(const struct model *m, uint32_t from, uint32_t within)
{
    uint32_t seen = from & within, frontier = seen;
    while (frontier) {
        uint32_t next = 0;
        for (int i = 0; i < N_NODES; i++)
            if (frontier & (1u << i))
                next |= strong_successors(m, i);
        frontier = next & within & ~seen;
        seen |= frontier;
    }
    return seen;
}

/* Nodes, objects and classes, in the given life. */
static uint32_t objects_in(const struct model *m, int life)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == life)
            set |= 1u << i;
    for (size_t c = 0; c < m->n_classes; c++)
        if (m->classes[c].life == life)
            set |= 1u << MODEL_CLASS_NODE(c);
    return set;
}

uint32_t model_reachable(const struct model *m)
{
    uint32_t roots = m->kept;
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->names[n] >= 0)
            roots |= 1u << m->names[n];
    if (!m->torn_down)
        for (size_t c = 0; c < m->n_classes; c++)
            if (m->classes[c].named)
                roots |= 1u << MODEL_CLASS_NODE(c);
    return closure(m, roots, objects_in(m, LIFE_LIVE));
}

/* A class that became unreachable: cyclic garbage, always. */
static void set_class_life(struct model *m, uint32_t nodes, int life)
{
    for (size_t c = 0; c < m->n_classes; c++)
        if (nodes & (1u << MODEL_CLASS_NODE(c)))
            m->classes[c].life = (uint8_t)life;
}

/* Of the garbage `set` (dead, not yet freed), the objects that lie on a cycle
 * or hang off one: reference counting cannot free them, only the collector. */
static uint32_t cyclic_part(const struct model *m, uint32_t set)
{
    uint32_t on_cycle = 0;
    for (int i = 0; i < N_NODES; i++) {
        if (!(set & (1u << i)))
            continue;
        uint32_t after = closure(m, strong_successors(m, i) & set, set);
        if (after & (1u << i))
            on_cycle |= 1u << i;
    }
    return closure(m, on_cycle, set);
}

static int body_of(const struct model *m, int obj)
{
    return m->objects[obj].kind == OBJ_INSTANCE ? model_body(m, m->objects[obj].cls) : BODY_NONE;
}

static int fix_slot_of(const struct model *m, int obj)
{
    return m->classes[model_finalizer_class(m, m->objects[obj].cls)].fix_slot;
}

/* The objects, not yet freed, whose slots are those of storage `s`. */
static uint32_t storage_users(const struct model *m, int s)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].store == s && m->objects[i].life != LIFE_GONE)
            set |= 1u << i;
    return set;
}

static int has_callbacks(const struct model_object *o)
{
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_callback[s] >= 0)
            return 1;
    return 0;
}

/* Instances whose attributes a0..a3 live in their __dict__ */
static int dict_layout(int layout)
{
    return layout == LAYOUT_NONE || layout == LAYOUT_EXCEPTION || layout == LAYOUT_SHARED;
}

/* A finalizer whose effect on the program depends on when it runs: the
 * model never leaves one to the collector's timing.  del self.a<s> is one
 * when another, live, instance shares the dict. */
static int effect_needs_timing(const struct model *m, int obj)
{
    int body = body_of(m, obj);
    return body == BODY_FIX || body == BODY_DEL_NAME || body == BODY_REBIND || body == BODY_CHECK ||
           body == BODY_MUTATE || body == BODY_DEREF ||
           (body == BODY_UNLINK && (storage_users(m, m->objects[obj].store) & ~(1u << obj)));
}

/* Instances sharing a __dict__ and finalized by one statement (or the
 * teardown) run in an order CPython does not promise: what one sees of a
 * slot another's del self.a<s> deletes is open. */
static void blur_shared_unlinks(struct model *m, int now)
{
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->fire_death != now || body_of(m, (int)i) != BODY_UNLINK)
            continue;
        int s = fix_slot_of(m, (int)i);
        for (size_t j = 0; j < m->n_objects; j++)
            if (j != i && m->objects[j].store == o->store && m->objects[j].fire_death == now)
                m->objects[j].death_state[s] = SLOT_UNKNOWN;
    }
}

/* What the G6 check inside its finalizer compares the object with. */
static void note_death(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    const struct model_object *st = model_storage(m, obj);
    memcpy(o->death_state, st->slot_state, sizeof o->death_state);
    memcpy(o->death_target, st->slot_target, sizeof o->death_target);
    if (body_of(m, obj) == BODY_CHECK)
        o->death_lookup = (int8_t)model_lookup(m, o->cls, fix_slot_of(m, obj));
}

/* `obj`'s finalizer (or finally block) runs for its death at `now`: once
 * only (G2), seeing the object as it is now (G6). */
static void begin_finalizer(struct model *m, int obj, int16_t now)
{
    m->objects[obj].finalized = 1, m->objects[obj].fire_death = now;
    note_death(m, obj);
}

/* Finalizers run by one statement (or the teardown) run in an order the
 * model does not follow exactly: if one of them wrote a class attribute
 * (even back to what it was), what a checking finalizer of that moment
 * read is open. */
static void blur_checks(struct model *m, int now)
{
    if (!m->attrs_written)
        return;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].fire_death == now && body_of(m, (int)i) == BODY_CHECK)
            m->objects[i].death_lookup = -2;
}

/* _g.clear(): a list's items become None, a dict's or set's (weak or not)
 * entries go; anything else is left alone. */
static void clear_container(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    int k = o->kind, l = model_layout(m, obj);
    if (!(k == OBJ_LIST || k == OBJ_DICT || k == OBJ_SET || k == OBJ_WEAK_VALUES || k == OBJ_WEAK_KEYS ||
          k == OBJ_WEAK_SET || (k == OBJ_INSTANCE && (l == LAYOUT_LIST || l == LAYOUT_DICT))))
        return;
    memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
    memset(o->slot_target, -1, sizeof o->slot_target);
    memset(o->slot_callback, -1, sizeof o->slot_callback);
}

/* Exceptions the finalizer of `obj` raises when it runs now, and its effect
 * on classes and names (see BODY_* in program.h). */
static unsigned run_body(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    int s = fix_slot_of(m, obj), layout = model_layout(m, obj);
    switch (body_of(m, obj)) {
    case BODY_FIX: {
        /* del self.__class__.c<s>: the instance's own class must hold it */
        int8_t *attr = &m->classes[o->cls].attr[s];
        if (*attr < 0)
            return 1;
        *attr = -1;
        m->attrs_written = 1;
        return 0;
    }
    case BODY_RAISE:
        return 0; /* it calls the recorder's raises(), which counts it (G11) */
    case BODY_UNLINK: {
        /* del self.a<s>: only attributes, and only one that is set; a
           shared __dict__ loses it for every instance */
        struct model_object *st = &m->objects[o->store];
        if (!(dict_layout(layout) || layout == LAYOUT_SLOTS) || st->slot_state[s] == SLOT_EMPTY)
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
            clear_container(m, m->names[s]);
        return 0;
    case BODY_REBIND:
        /* settle() revives it during the program; in the teardown it only
           changes what checking finalizers of that moment read */
        if (m->torn_down)
            m->classes[model_finalizer_class(m, o->cls)].attr[s] = (int8_t)obj, m->attrs_written = 1;
        return 0;
    }
    return 0;
}

/* Whether `obj`'s death runs a finalizer (or a generator's finally block)
 * not run yet: each object's runs at most once (G2). */
static int will_fire(const struct model *m, int obj)
{
    return (model_has_finalizer(m, obj) || model_closes_when_dying(m, obj)) && !m->objects[obj].finalized;
}

/* After an operation changed the graph: find what died, finalize what
 * reference counting frees (whose finalizers may free more, or resurrect
 * their object), and leave cyclic garbage pending.  Returns 0 if a
 * finalizer whose effect depends on timing would be pending. */
static int settle(struct model *m, struct model_step *step)
{
    int16_t now = (int16_t)m->n_ops;
    m->attrs_written = 0;
    for (;;) {
        uint32_t dead = objects_in(m, LIFE_LIVE) & ~model_reachable(m);
        if (!dead)
            break;
        uint32_t cyclic = cyclic_part(m, dead | objects_in(m, LIFE_PENDING)) & dead;
        /* on the refcount path a finalizer that resurrects its object
           stops the deallocation: nothing it holds ever dies */
        uint32_t candidates = 0, revived = 0, below = 0;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
            if ((dead & ~cyclic & (1u << i)) && will_fire(m, i) &&
                (body_of(m, i) == BODY_RESURRECT || body_of(m, i) == BODY_REBIND))
                candidates |= 1u << i;
        /* only the outermost: one held by a resurrected object never dies */
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
            if (candidates & (1u << i))
                below |= closure(m, strong_successors(m, i) & dead, dead);
        revived = candidates & ~below;
        if (revived) {
            for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
                if (!(revived & (1u << i)))
                    continue;
                struct model_object *o = &m->objects[i];
                begin_finalizer(m, i, now);
                o->fire_due = o->dead_op = now;
                if (body_of(m, i) == BODY_RESURRECT) {
                    m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
                } else { /* what the class attribute held may die now */
                    int fin = model_finalizer_class(m, o->cls), s = m->classes[fin].fix_slot;
                    m->classes[fin].attr[s] = (int8_t)i;
                    m->attr_ever |= 1u << s;
                    m->attrs_written = 1;
                }
            }
            step->died |= revived, step->prompt |= revived;
            continue;
        }
        set_class_life(m, dead, LIFE_PENDING);
        dead &= MODEL_OBJECTS;
        if (!dead)
            continue;
        step->died |= dead;
        step->prompt |= dead & ~cyclic;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
            if (!(dead & (1u << i)))
                continue;
            struct model_object *o = &m->objects[i];
            o->dead_op = now;
            if (model_closes_when_dying(m, i))
                o->closed_op = o->dead_op; /* closed by its finalizer: G10 */
            int fires = will_fire(m, i);
            if (fires)
                begin_finalizer(m, i, now);
            if (cyclic & (1u << i)) {
                o->life = LIFE_PENDING;
                if (fires && effect_needs_timing(m, i))
                    return 0;
            } else {
                o->life = LIFE_GONE;
                o->prompt = 1;
                if (fires && body_of(m, i) == BODY_DEREF) {
                    /* what the weak reference gives must be certain: alive, and not
                       dying with it (the order within a statement is CPython's) */
                    const struct model_object *st = model_storage(m, i);
                    int s = fix_slot_of(m, i), l = model_layout(m, i), t = st->slot_target[s];
                    int attribute = dict_layout(l) || l == LAYOUT_SLOTS;
                    if (attribute && st->slot_state[s] == SLOT_WEAK) {
                        if (m->objects[t].life == LIFE_PENDING || (dead & (1u << t)) || m->objects[t].weak_dead ||
                            m->objects[t].weak_open)
                            return 0;
                        if (m->objects[t].life == LIFE_LIVE)
                            m->kept |= 1u << t, m->kept_by[i] = (int8_t)t;
                    }
                }
                if (fires) {
                    o->fire_due = now;
                    step->unraisable += (uint16_t)run_body(m, i);
                }
            }
        }
    }
    blur_shared_unlinks(m, now);
    blur_checks(m, now);
    return 1;
}

/* Pending objects a resurrecting finalizer on the collector's path brings
 * back: itself, and the garbage it reaches. */
static uint32_t resurrectors(const struct model *m)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->life == LIFE_PENDING && o->fire_death >= 0 && o->fire_due < 0 && body_of(m, (int)i) == BODY_RESURRECT)
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
static int resurrection_certain(const struct model *m)
{
    uint32_t pending = objects_in(m, LIFE_PENDING), rs = resurrectors(m);
    for (int r = 0; r < GCFUZZ_MAX_OBJECTS; r++) {
        if (!(rs & (1u << r)))
            continue;
        uint32_t back = closure(m, strong_successors(m, r) & pending, pending) | (1u << r);
        if (back & m->frozen)
            return 0;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
            if (!(back & (1u << i)) || i == r)
                continue;
            int body = body_of(m, i);
            if (m->objects[i].kind == OBJ_GENERATOR || !(body == BODY_NONE || body == BODY_RECORD ||
                                                         body == BODY_RAISE || body == BODY_COLLECT))
                return 0;
        }
    }
    return 1;
}

/* Pending garbage the collector frees now: everything but what gc.freeze()
 * put out of its reach, and what that frozen garbage still holds (G1).
 * A resurrecting finalizer brings itself back (into r<id>) with what it
 * reaches: all of its weak references were cleared (it was garbage in that
 * pass); the others' may have been, and their finalizers may have run. */
static void collect_pending(struct model *m, struct model_step *step)
{
    uint32_t pending = objects_in(m, LIFE_PENDING);
    uint32_t held = closure(m, pending & m->frozen, pending);
    uint32_t rs = m->torn_down ? 0 : resurrectors(m) & ~held, back = 0;
    for (int r = 0; r < GCFUZZ_MAX_OBJECTS; r++)
        if (rs & (1u << r))
            back |= closure(m, strong_successors(m, r) & pending, pending);
    back &= ~rs;
    for (int i = 0; i < N_NODES; i++) {
        if (!((rs | back) & (1u << i)))
            continue;
        if (i >= GCFUZZ_MAX_OBJECTS) {
            m->classes[i - GCFUZZ_MAX_OBJECTS].life = LIFE_LIVE;
            continue;
        }
        struct model_object *o = &m->objects[i];
        o->life = LIFE_LIVE;
        o->holds_open = 1;
        /* and their callbacks may not run */
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            int k = model_storage(m, i)->slot_callback[s];
            if (k >= 0 && (m->callbacks[k].state == CB_WAITING || m->callbacks[k].state == CB_MUST_PENDING))
                m->callbacks[k].state = CB_MAY, m->callbacks[k].decided_op = (int16_t)m->n_ops;
        }
        if (rs & (1u << i)) {
            /* only on a cycle of its own is it certainly the collector that
               finalized it, clearing its weak references first; hanging off
               other garbage, it may have been freed by reference counting
               once a collection (a young one, say) took that garbage, and
               then its weak references live on */
            int on_cycle = (closure(m, strong_successors(m, i) & pending, pending) >> i) & 1;
            o->fire_due = (int16_t)m->n_ops;
            if (on_cycle)
                o->weak_dead = 1;
            else
                o->weak_open = 1;
            m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
        } else {
            o->weak_open = 1;
            if (o->fire_death >= 0 && o->fire_due < 0)
                o->fire_due = (int16_t)m->n_ops, o->fire_may = 1;
        }
    }
    held |= rs | back;
    set_class_life(m, pending & ~held, LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(pending & ~held & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        o->life = LIFE_GONE;
        if (o->fire_death >= 0 && o->fire_due < 0) {
            o->fire_due = (int16_t)m->n_ops;
            step->unraisable += (uint16_t)run_body(m, i);
        }
    }
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

static int class_named(const struct model *m, int cls)
{
    return cls >= 0 && cls < (int)m->n_classes && m->classes[cls].named;
}

static uint32_t ancestry(const struct model *m, int cls)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    uint32_t set = 0;
    for (int i = 0, n = model_mro(m, cls, mro); i < n; i++)
        set |= 1u << mro[i];
    return set;
}

/* Only classes Python accepts, each in one encoding: a flavour with a layout
 * of its own on a class without bases; a second base only when the two
 * ancestries are apart (the MRO is then their concatenation) and the second
 * brings no layout (no conflict, and __init__ comes from the first). */
static int apply_new_class(struct model *m, const struct op *op)
{
    int nc = (int)m->n_classes;
    int base = op->b % (nc + 1) - 1, base2 = op->b / (nc + 1) - 1, flavor = op->c / GCFUZZ_SLOTS;
    if (nc >= GCFUZZ_MAX_CLASSES || op->a >= BODY_COUNT || flavor >= FLAVOR_COUNT || base2 >= nc)
        return 0;
    if (base >= 0 && flavor != FLAVOR_PLAIN && flavor != FLAVOR_LOCAL)
        return 0;
    if ((base >= 0 && !class_named(m, base)) || (base2 >= 0 && !class_named(m, base2)))
        return 0; /* a base is written by its name */
    int layout = base >= 0 ? m->classes[base].layout : flavor_layout[flavor];
    if (base2 >= 0 && (base < 0 || (ancestry(m, base) & ancestry(m, base2)) || m->classes[base2].layout != LAYOUT_NONE ||
                       layout == LAYOUT_TUPLE))
        return 0;
    struct model_class *c = &m->classes[m->n_classes++];
    c->defined = 1, c->named = 1, c->life = LIFE_LIVE;
    c->base = (int8_t)base, c->base2 = (int8_t)base2;
    c->body = op->a, c->flavor = (uint8_t)flavor, c->layout = (uint8_t)layout;
    c->fix_slot = op->c % GCFUZZ_SLOTS;
    memset(c->attr, -1, sizeof c->attr);
    return 1;
}

static int slot_holds(const struct model_object *o, int target, int except)
{
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (s != except && o->slot_state[s] != SLOT_EMPTY && o->slot_target[s] == target)
            return 1;
    return 0;
}

static int set_slot(struct model *m, const struct op *op, int state, int callback)
{
    if (!name_bound(m, op->a) || op->b >= GCFUZZ_SLOTS)
        return 0;
    int holder = m->names[op->a];
    struct model_object *o = &m->objects[m->objects[holder].store];
    int keyed = model_keyed_by_object(m, holder);
    uint32_t users = storage_users(m, m->objects[holder].store);
    if (users & objects_in(m, LIFE_PENDING))
        return 0; /* an unreachable instance sharing the dict: its finalizer must see it as it died */
    if (callback >= 0 && users != (1u << holder))
        return 0; /* a weak reference with a callback lives in one object's own slots only */
    if (state == SLOT_EMPTY) {
        if ((!model_strong_holder(m, holder) && !model_weak_holder(m, holder)) || o->slot_state[op->b] == SLOT_EMPTY)
            return 0;
        o->slot_target[op->b] = -1;
    } else {
        if (!name_bound(m, op->c))
            return 0;
        int target = m->names[op->c];
        int weak_container = o->kind == OBJ_WEAK_VALUES || keyed;
        if (state == SLOT_STRONG ? !model_strong_holder(m, holder) || (weak_container && o->kind != OBJ_SET)
                                 : !model_weak_holder(m, holder) || o->kind == OBJ_SET || !model_weakable(m, target))
            return 0;
        if (callback >= 0 && (weak_container || o->kind == OBJ_SET))
            return 0;
        if (keyed && (!model_hashable(m, target) || o->slot_state[op->b] != SLOT_EMPTY || slot_holds(o, target, -1)))
            return 0; /* members are unique, and a member is dropped only by UNLINK */
        o->slot_target[op->b] = (int8_t)target;
    }
    o->slot_callback[op->b] = (int8_t)callback;
    o->slot_state[op->b] = (uint8_t)state;
    return 1;
}

static int fill_slot(struct model_object *o, int s, int target)
{
    o->slot_state[s] = SLOT_STRONG;
    o->slot_target[s] = (int8_t)target;
    return 1;
}

/* A new object named after itself, holding names a and c as `variant` says. */
static int new_holding(struct model *m, struct op *resolved, int kind, int variant, int x, int y)
{
    int id = new_object(m, kind, -1);
    if (id < 0)
        return 0;
    struct model_object *o = &m->objects[id];
    o->variant = (uint8_t)variant;
    if (kind == OBJ_TUPLE) {
        fill_slot(o, variant == TUPLE_BACK ? 2 : 0, x);
        fill_slot(o, variant == TUPLE_BACK ? 3 : 1, y);
    } else if (kind == OBJ_FROZENSET) {
        fill_slot(o, 0, x);
        if (y != x)
            fill_slot(o, 1, y);
    } else {
        fill_slot(o, 0, x);
        if (kind == OBJ_FUNC && variant != FUNC_CLOSURE1 && variant != FUNC_METHOD)
            fill_slot(o, 1, y);
    }
    resolved->made = (uint8_t)id;
    m->names[id] = (int8_t)id;
    return 1;
}

/* o<a>.__dict__ = o<c>.__dict__, a copy of it, or a fresh dict (model.h). */
static int apply_set_dict(struct model *m, const struct op *op)
{
    if (!name_bound(m, op->a) || op->b >= DICT_ASSIGN_COUNT || (op->b == DICT_ASSIGN_FRESH && op->c))
        return 0;
    int obj = m->names[op->a], src = -1;
    struct model_object *o = &m->objects[obj];
    if (o->kind != OBJ_INSTANCE || !dict_layout(model_layout(m, obj)))
        return 0;
    if (op->b != DICT_ASSIGN_FRESH) {
        if (!name_bound(m, op->c))
            return 0;
        src = m->names[op->c];
        if (m->objects[src].kind != OBJ_INSTANCE || !dict_layout(model_layout(m, src)) ||
            has_callbacks(model_storage(m, src)))
            return 0;
        if (op->b == DICT_ASSIGN_SHARE && (model_layout(m, obj) != LAYOUT_SHARED ||
                                           model_layout(m, src) != LAYOUT_SHARED || src == obj))
            return 0; /* only where _id is not in the dict */
    }
    if (has_callbacks(model_storage(m, obj)))
        return 0;
    /* a fresh or copied dict goes in the object's own slot arrays: no one
       else may be using them */
    if (op->b != DICT_ASSIGN_SHARE && (storage_users(m, obj) & ~(1u << obj)))
        return 0;
    struct model_object copy = src >= 0 ? *model_storage(m, src) : *o;
    /* the dict it had is dropped, unless another instance shares it */
    if (o->store == obj && storage_users(m, obj) == (1u << obj)) {
        memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
        memset(o->slot_target, -1, sizeof o->slot_target);
    }
    if (op->b == DICT_ASSIGN_SHARE) {
        o->store = m->objects[src].store;
        return 1;
    }
    o->store = (int8_t)obj;
    memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
    memset(o->slot_target, -1, sizeof o->slot_target);
    if (op->b == DICT_ASSIGN_COPY) {
        memcpy(o->slot_state, copy.slot_state, sizeof o->slot_state);
        memcpy(o->slot_target, copy.slot_target, sizeof o->slot_target);
    }
    return 1;
}

static const uint8_t dict_kinds[DICT_COUNT] = {OBJ_DICT, OBJ_DICT, OBJ_SET, OBJ_WEAK_VALUES, OBJ_WEAK_KEYS, OBJ_WEAK_SET};

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
        int tuple_class = kind == OBJ_INSTANCE && op->a < m->n_classes && m->classes[op->a].layout == LAYOUT_TUPLE;
        if ((kind == OBJ_INSTANCE && !class_named(m, op->a)) || (kind == OBJ_LIST && op->a >= GCFUZZ_N_LIST_LENGTHS) ||
            (kind == OBJ_DICT && op->a >= DICT_COUNT))
            return 0;
        if (tuple_class ? !name_bound(m, op->b) || !name_bound(m, op->c) : kind == OBJ_INSTANCE && (op->b || op->c))
            return 0;
        if (kind != OBJ_INSTANCE && (op->b || op->c))
            return 0;
        int id = new_object(m, kind == OBJ_DICT ? dict_kinds[op->a] : kind, kind == OBJ_INSTANCE ? op->a : -1);
        if (id < 0)
            return 0;
        struct model_object *o = &m->objects[id];
        if (kind != OBJ_INSTANCE)
            o->variant = op->a;
        if (tuple_class) {
            fill_slot(o, 0, m->names[op->b]);
            fill_slot(o, 1, m->names[op->c]);
        }
        resolved->made = (uint8_t)id;
        m->names[id] = (int8_t)id;
        return 1;
    }
    case OP_NEW_TUPLE:
    case OP_NEW_FUNC: {
        int limit = op->kind == OP_NEW_TUPLE ? TUPLE_COUNT : FUNC_COUNT;
        if (!name_bound(m, op->a) || !name_bound(m, op->c) || op->b >= limit)
            return 0;
        int x = m->names[op->a], y = m->names[op->c];
        int kind = op->kind == OP_NEW_FUNC ? OBJ_FUNC : op->b == TUPLE_FROZENSET ? OBJ_FROZENSET : OBJ_TUPLE;
        if (kind == OBJ_FROZENSET && (!model_hashable(m, x) || !model_hashable(m, y)))
            return 0;
        return new_holding(m, resolved, kind, op->b, x, y);
    }
    case OP_NEW_EXC:
        if (!name_bound(m, op->a) || op->b || op->c)
            return 0;
        return new_holding(m, resolved, OBJ_EXC, 0, m->names[op->a], m->names[op->a]);
    case OP_COPY: {
        if (!name_bound(m, op->a) || op->b > 3 || op->c)
            return 0;
        const struct model_object *src = &m->objects[m->names[op->a]];
        if (src->kind != OBJ_LIST && src->kind != OBJ_DICT && src->kind != OBJ_SET)
            return 0;
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (src->slot_callback[s] >= 0)
                return 0; /* one weak reference in two holders: G5 would need both */
        int id = new_object(m, src->kind, -1);
        if (id < 0)
            return 0;
        struct model_object *o = &m->objects[id];
        src = &m->objects[m->names[op->a]];
        o->variant = src->variant;
        memcpy(o->slot_state, src->slot_state, sizeof o->slot_state);
        memcpy(o->slot_target, src->slot_target, sizeof o->slot_target);
        resolved->made = (uint8_t)id;
        m->names[id] = (int8_t)id;
        return 1;
    }
    case OP_FINALIZE: {
        if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS || !name_bound(m, op->a) || op->b || op->c ||
            !model_weakable(m, m->names[op->a]))
            return 0;
        int k = (int)m->n_callbacks;
        struct model_callback *cb = &m->callbacks[m->n_callbacks++];
        cb->holder = -1, cb->slot = -1, cb->referent = m->names[op->a];
        cb->state = CB_WAITING;
        resolved->made = (uint8_t)k;
        return 1;
    }
    case OP_SET_DICT:
        return apply_set_dict(m, op);
    case OP_DEL_CLASS:
        if (!class_named(m, op->a) || op->b || op->c)
            return 0;
        m->classes[op->a].named = 0;
        return 1;
    case OP_FREEZE:
        if (op->a > 1 || op->b || op->c)
            return 0;
        /* garbage awaiting the collector may or may not be gone already:
           freezing it would leave its finalizer's timing open */
        if (op->a == 0 && objects_in(m, LIFE_PENDING))
            return 0;
        /* an empty dict may be untracked by the collector (never filled,
           or emptied and seen by a full collection): gc.freeze() leaves it
           out, or not */
        for (size_t i = 0; op->a == 0 && i < m->n_objects; i++) {
            const struct model_object *d = &m->objects[i];
            if (d->kind == OBJ_DICT && d->life == LIFE_LIVE &&
                !memchr(d->slot_state, SLOT_STRONG, GCFUZZ_SLOTS) && !memchr(d->slot_state, SLOT_WEAK, GCFUZZ_SLOTS))
                return 0;
        }
        /* gc.unfreeze() thaws the interpreter's start-up heap too, which
           then costs every later collection: only after a gc.freeze() */
        if (op->a != m->froze)
            return 0;
        if (op->a == 0)
            m->frozen |= objects_in(m, LIFE_LIVE) | objects_in(m, LIFE_PENDING), m->froze = 1;
        else
            m->frozen = 0, m->froze = 0;
        return 1;
    case OP_NEW_GENERATOR: {
        if (op->a >= GEN_COUNT || !name_bound(m, op->c))
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
        /* what the callback does changes nothing the model follows: the
           recorder counts the ValueErrors the raising ones add (G11) */
        struct op in_slot = *op;
        in_slot.b = op->b % GCFUZZ_SLOTS;
        if (m->n_callbacks >= GCFUZZ_MAX_CALLBACKS || op->b >= GCFUZZ_SLOTS * CALLBACK_COUNT ||
            !name_bound(m, op->a) || !name_bound(m, op->c))
            return 0;
        int k = (int)m->n_callbacks;
        if (!set_slot(m, &in_slot, SLOT_WEAK, k))
            return 0;
        struct model_callback *cb = &m->callbacks[m->n_callbacks++];
        cb->holder = m->names[op->a], cb->slot = (int8_t)in_slot.b, cb->referent = m->names[op->c];
        cb->state = CB_WAITING;
        resolved->made = (uint8_t)k;
        return 1;
    }
    case OP_UNLINK:
        return set_slot(m, op, SLOT_EMPTY, -1);
    case OP_SET_CLASS_ATTR:
        if (!class_named(m, op->a) || op->b >= GCFUZZ_SLOTS || !name_bound(m, op->c))
            return 0;
        m->classes[op->a].attr[op->b] = m->names[op->c];
        m->attr_ever |= 1u << op->b;
        return 1;
    case OP_SELF_CLASS_ATTR: {
        if (!name_bound(m, op->a) || op->b >= GCFUZZ_SLOTS || !class_named(m, op->c) ||
            m->classes[op->c].layout == LAYOUT_TUPLE)
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
        m->attr_ever |= 1u << op->b;
        return 1;
    }
    case OP_DEL_CLASS_ATTR:
        if (!class_named(m, op->a) || op->b >= GCFUZZ_SLOTS || m->classes[op->a].attr[op->b] < 0)
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
    case OP_COLLECT:
        return 1; /* collect_pending() runs once the operation has settled */
    }
    return 0;
}

/* Advance every callback's state after operation `now` (see model.h).  A
 * weakref.finalize lives in its registry: its callback always runs, even
 * when the referent dies in the teardown. */
static void update_callbacks(struct model *m, int now, int teardown)
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
            if (!surely_alive || uncertain || r->weak_open)
                next = CB_MAY;
            else if (r->life == LIFE_GONE || r->weak_dead)
                next = CB_MUST; /* a resurrected referent's weak references were cleared */
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
    if (!apply_structure(&trial, op, &resolved) || !settle(&trial, step) || !resurrection_certain(&trial))
        return 0;
    if (op->kind == OP_COLLECT)
        collect_pending(&trial, step);
    update_callbacks(&trial, (int)trial.n_ops, 0);
    trial.n_ops++;
    *m = trial;
    op->made = resolved.made;
    return 1;
}

/* The teardown drops every name, resurrected object and class, unfreezes
 * (the renderer writes gc.unfreeze() first) and collects until nothing is
 * left: every finalizer not yet run runs once, a resurrected object dies
 * again without one. */
void model_teardown(struct model *m)
{
    struct model_step *step = &m->steps[m->n_ops];
    int16_t now = (int16_t)m->n_ops;
    m->attrs_written = 0;
    memset(step, 0, sizeof *step);
    m->torn_down = 1;
    m->kept = m->frozen = 0;
    memset(m->kept_by, -1, sizeof m->kept_by);
    memset(m->names, -1, sizeof m->names);
    uint32_t dead = objects_in(m, LIFE_LIVE);
    /* in whatever order: each "fix" deletes its class attribute, so only
       the first per attribute succeeds */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)) || !will_fire(m, i))
            continue;
        struct model_object *o = &m->objects[i];
        begin_finalizer(m, i, now);
        o->fire_due = now;
        step->unraisable += (uint16_t)run_body(m, i);
    }
    set_class_life(m, dead, LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)))
            continue;
        m->objects[i].life = LIFE_GONE;
        m->objects[i].dead_op = now;
        if (model_closes_when_dying(m, i))
            m->objects[i].closed_op = now;
    }
    collect_pending(m, step);
    blur_shared_unlinks(m, now);
    blur_checks(m, now);
    /* _g.clear(globals().get('o<s>')) in the teardown finds a name or not,
       as the teardown's deletions have gone: what the finalizers of that
       moment see of their own items is open */
    int mutated = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        mutated |= m->objects[i].fire_death == now && body_of(m, (int)i) == BODY_MUTATE;
    for (size_t i = 0; mutated && i < m->n_objects; i++)
        if (m->objects[i].fire_death == now)
            memset(m->objects[i].death_state, SLOT_UNKNOWN, sizeof m->objects[i].death_state);
    step->died = dead & MODEL_OBJECTS;
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
