/* open.c — open state (model.h): the places an effect may write when the
 * model cannot say when, or in which order, it runs, and the objects that
 * are then no longer certainly reachable.
 *
 * An effect is a finalizer body's or a weak-reference callback's action
 * after it records.  open_effect() makes every place the action may write
 * open, adding what it may write to the place's set of values; it is
 * idempotent, so the effects that may still run are simply opened again
 * after every operation (model_open_effects), and a place the program
 * writes once no effect can still write it is certain again.  Nothing here
 * decides who dies: settle.c does, from what is certainly and possibly
 * reachable. */
#include "internal.h"

#include <string.h>

static uint32_t bit(int obj) { return obj >= 0 ? 1u << obj : MAYBE_EMPTY; }

/* What a certain place holds, as a set. */
static uint32_t certain_value(int target) { return target >= 0 ? 1u << target : MAYBE_EMPTY; }

void model_open_name(struct model *m, int n, uint32_t values)
{
    if (!(m->names_open & (1u << n)))
        m->name_maybe[n] = certain_value(m->names[n]);
    m->names_open |= (uint16_t)(1u << n);
    m->name_maybe[n] |= values;
    m->names[n] = -1;
}

/* The objects globals r<n> hold certainly, once kept_by changed. */
static void recount_kept(struct model *m)
{
    m->kept = 0;
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->kept_by[n] >= 0)
            m->kept |= 1u << m->kept_by[n];
}

void model_open_kept(struct model *m, int n, uint32_t values)
{
    if (!(m->kept_open & (1u << n)))
        m->kept_maybe[n] = certain_value(m->kept_by[n]);
    m->kept_open |= (uint16_t)(1u << n);
    m->kept_maybe[n] |= values;
    m->kept_by[n] = -1;
    recount_kept(m);
}

static void open_weak(struct model *m, int n, uint32_t values)
{
    if (!(m->weak_open & (1u << n)))
        m->weak_maybe[n] = certain_value(m->weak_by[n]);
    m->weak_open |= (uint16_t)(1u << n);
    m->weak_maybe[n] |= values;
    m->weak_by[n] = -1;
}

void model_open_attr(struct model *m, int cls, int s, uint32_t values)
{
    struct model_class *k = &m->classes[cls];
    if (!(k->attr_open & (1u << s)))
        k->attr_maybe[s] = certain_value(k->attr[s]);
    k->attr_open |= (uint8_t)(1u << s);
    k->attr_maybe[s] |= values;
    k->attr[s] = -1;
}

void model_open_slot(struct model *m, int store, int s, uint32_t values)
{
    struct model_object *o = &m->objects[store];
    /* a finalizer of an object with this storage that has yet to run sees it open too */
    for (size_t i = 0; i < m->n_objects; i++) {
        struct model_object *u = &m->objects[i];
        if (u->store == store && (u->finalizer == FIN_PENDING || u->finalizer == FIN_MAY_RUN))
            u->death_state[s] = SLOT_OPEN;
    }
    if (o->slot_state[s] != SLOT_OPEN) {
        o->slot_maybe[s] = o->slot_state[s] == SLOT_STRONG ? 1u << o->slot_target[s] : MAYBE_EMPTY;
        o->slot_state[s] = SLOT_OPEN;
        o->slot_target[s] = -1;
    }
    o->slot_maybe[s] |= values;
    /* a weak reference with a callback there may be dropped: its callback may not run */
    int k = o->slot_callback[s];
    if (k >= 0 && m->callbacks[k].state != CB_NEVER && m->callbacks[k].state != CB_MUST)
        m->callbacks[k].state = CB_MAY, m->callbacks[k].decided_op = (int16_t)m->n_ops;
}

/* Every slot of an object open, holding what it held, `values`, or nothing. */
static void open_all_slots(struct model *m, int obj, uint32_t values)
{
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        model_open_slot(m, m->objects[obj].store, s, values | MAYBE_EMPTY);
}

/* The objects name o<n> may be bound to. */
static uint32_t name_values(const struct model *m, int n)
{
    return MAYBE_OBJECTS(m->names_open & (1u << n) ? m->name_maybe[n] : certain_value(m->names[n]));
}

/* Of a set of objects, those not certainly freed: a weak reference to a
 * freed object gives None. */
uint32_t model_not_freed(const struct model *m, uint32_t set)
{
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == LIFE_GONE)
            set &= ~(1u << i);
    return set;
}

uint32_t model_any_weak_target(const struct model *m)
{
    return model_not_freed(m, (uint32_t)((1ull << m->n_objects) - 1));
}

/* What weak reference global w<n> may refer to. */
static uint32_t weak_values(const struct model *m, int n)
{
    return model_not_freed(m, MAYBE_OBJECTS(m->weak_open & (1u << n) ? m->weak_maybe[n] : certain_value(m->weak_by[n])));
}

/* What an instance's attribute a<s> may hold strongly: its target, or the
 * open set (only attributes: _g.weak and _g.deref read those). */
static uint32_t attribute_values(const struct model *m, int obj, int s)
{
    const struct model_object *st = model_storage(m, obj);
    if (!model_dict_instance(m, obj) && model_layout(m, obj) != LAYOUT_SLOTS)
        return 0;
    if (st->slot_state[s] == SLOT_OPEN)
        return MAYBE_OBJECTS(st->slot_maybe[s]);
    return st->slot_state[s] == SLOT_STRONG ? 1u << st->slot_target[s] : 0;
}

/* What a weak reference in attribute a<s> may lead to. */
static uint32_t weak_attribute_values(const struct model *m, int obj, int s)
{
    const struct model_object *st = model_storage(m, obj);
    if (!model_dict_instance(m, obj) && model_layout(m, obj) != LAYOUT_SLOTS)
        return 0;
    /* open: slot_maybe says what it may hold strongly, not what a weak
       reference there may lead to (one it held before it opened, to the
       object itself, say): any object not freed */
    if (st->slot_state[s] == SLOT_OPEN)
        return model_any_weak_target(m);
    return st->slot_state[s] == SLOT_WEAK ? 1u << st->slot_target[s] : 0;
}

/* _g.stash(target, obj): slot 3 of an object with slots, a member of a set
 * or weak container; a weak container holds it weakly. */
static void stash_into(struct model *m, int target, int obj)
{
    int kind = m->objects[target].kind;
    uint32_t held = kind_has(kind, K_WEAK_ENTRIES) ? 0 : 1u << obj;
    if (kind_has(kind, K_KEYED) || kind_has(kind, K_WEAK_ENTRIES))
        open_all_slots(m, target, held);
    else if (kind_has(kind, K_STRONG_HOLDER))
        model_open_slot(m, m->objects[target].store, GCFUZZ_SLOTS - 1, held);
}

void model_open_body(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    int s = model_fix_slot(m, obj);
    uint32_t targets;
    switch ((enum body)model_object_body(m, obj)) {
    case BODY_FIX: model_open_attr(m, o->cls, s, MAYBE_EMPTY); break;
    case BODY_UNLINK:
        model_open_slot(m, o->store, s, MAYBE_EMPTY);
        for (size_t j = 0; j < m->n_objects; j++) /* what sharers see of it at their deaths */
            if (m->objects[j].store == o->store && m->objects[j].fire_death >= 0 && (int)j != obj)
                m->objects[j].death_state[s] = SLOT_OPEN;
        break;
    case BODY_DEL_NAME: model_open_name(m, s, MAYBE_EMPTY); break;
    case BODY_REBIND_NAME: model_open_name(m, s, bit(obj)); break;
    case BODY_REBIND:
    case BODY_REBIND_CHECK: model_open_attr(m, model_written_class(m, obj), s, bit(obj)); break;
    case BODY_CHECK: o->death_lookup = LOOKUP_OPEN; break;
    case BODY_MUTATE:
    case BODY_POP:
        targets = name_values(m, s);
        for (int t = 0; t < GCFUZZ_MAX_OBJECTS; t++)
            if ((targets & (1u << t)) && kind_has(m->objects[t].kind, K_CLEARABLE))
                open_all_slots(m, t, 0);
        break;
    case BODY_STUFF:
        targets = name_values(m, s);
        for (int t = 0; t < GCFUZZ_MAX_OBJECTS; t++)
            if (targets & (1u << t))
                stash_into(m, t, obj);
        break;
    case BODY_RESURRECT: model_open_kept(m, obj, bit(obj)); break;
    case BODY_DEREF: model_open_kept(m, obj, model_not_freed(m, weak_attribute_values(m, obj, s)) | MAYBE_EMPTY); break;
    case BODY_DEREF_GLOBAL: model_open_kept(m, obj, weak_values(m, s) | MAYBE_EMPTY); break;
    case BODY_WEAK_SELF: open_weak(m, obj, model_weakable(m, obj) ? bit(obj) : MAYBE_EMPTY); break;
    case BODY_WEAK_HELD: open_weak(m, obj, attribute_values(m, obj, s) | MAYBE_EMPTY); break;
    case BODY_NONE:
    case BODY_RECORD:
    case BODY_MODULES:
    case BODY_THREAD:
    case BODY_RAISE:
    case BODY_COLLECT:
    case BODY_COUNT: break; /* T_INERT: nothing the model follows */
    }
}

void model_open_callback(struct model *m, int k)
{
    const struct model_callback *cb = &m->callbacks[k];
    if (cb->kind == CALLBACK_DEL_NAME) {
        model_open_name(m, cb->slot, MAYBE_EMPTY);
    } else if (cb->kind == CALLBACK_CLEAR) {
        uint32_t targets = name_values(m, cb->slot);
        for (int t = 0; t < GCFUZZ_MAX_OBJECTS; t++)
            if ((targets & (1u << t)) && kind_has(m->objects[t].kind, K_CLEARABLE))
                open_all_slots(m, t, 0);
    }
}

int model_body_certain_anytime(int body)
{
    return body_traits[body] & T_INERT;
}

/* A finalizer whose body may still run, at a moment the model does not know. */
static int body_may_still_run(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    if (!model_has_finalizer(m, obj) || model_body_certain_anytime(model_object_body(m, obj)))
        return 0;
    if (o->life == LIFE_PENDING)
        return o->finalizer == FIN_PENDING && !o->exact_effect;
    return o->life == LIFE_OPEN && o->finalizer != FIN_RUN;
}

static int callback_may_still_run(const struct model_callback *cb)
{
    return (cb->kind == CALLBACK_CLEAR || cb->kind == CALLBACK_DEL_NAME) && cb->state != CB_NEVER &&
           cb->state != CB_MUST;
}

/* Effects that run in an order the model does not know are opened once for
 * each of them: one may widen what another writes (a name one body rebinds
 * is where another stashes, or what a callback clears), so every effect is
 * opened again after every other has been; such a chain of dependencies
 * is no longer than the number of effects, and opening is idempotent. */
static void open_bodies_once(struct model *m, uint32_t objs)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (objs & (1u << i))
            model_open_body(m, i);
}

void model_open_bodies(struct model *m, uint32_t objs)
{
    for (int pass = __builtin_popcount(objs); pass > 0; pass--)
        open_bodies_once(m, objs);
}

void model_open_effects(struct model *m)
{
    uint32_t bodies = 0;
    int effects = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (body_may_still_run(m, (int)i))
            bodies |= 1u << i, effects++;
    for (size_t k = 0; k < m->n_callbacks; k++)
        effects += callback_may_still_run(&m->callbacks[k]);
    for (int pass = 0; pass < effects; pass++) {
        open_bodies_once(m, bodies);
        for (size_t k = 0; k < m->n_callbacks; k++)
            if (callback_may_still_run(&m->callbacks[k]))
                model_open_callback(m, (int)k);
    }
}

/* An object no longer certainly reachable, that an open place may hold:
 * its finalizer (or a generator's finally block) may run from now on, at
 * most once, and whatever its body does is open. */
void model_mark_open(struct model *m, int obj, int now)
{
    struct model_object *o = &m->objects[obj];
    o->life = LIFE_OPEN;
    o->open_op = (int16_t)now;
    o->holds_open = 1; /* if it was garbage in a collection, the weak references it holds were cleared */
    if (o->finalizer == FIN_NOT_RUN || o->finalizer == FIN_PENDING) {
        if (o->finalizer == FIN_NOT_RUN) {
            o->fire_death = (int16_t)now;
            memcpy(o->death_state, model_storage(m, obj)->slot_state, sizeof o->death_state);
            memcpy(o->death_target, model_storage(m, obj)->slot_target, sizeof o->death_target);
            for (int s = 0; s < GCFUZZ_SLOTS; s++) /* when it dies is open: so is what it holds then */
                o->death_state[s] = o->death_state[s] == SLOT_EMPTY ? SLOT_EMPTY : SLOT_OPEN;
            o->death_lookup = LOOKUP_OPEN;
        }
        o->finalizer = FIN_MAY_RUN;
        o->fire_due = (int16_t)now;
        if (model_closes_when_dying(m, obj) && o->closed_op < 0)
            o->closed_op = (int16_t)now;
    }
}

/* From the roots, what open places may hold, and open objects. */
/* Pending garbage with a legacy finalizer: an automatic collection may
 * have put it in gc.garbage already (settle.c's set_aside_legacy), which
 * holds what it reaches from then on. */
static uint32_t legacy_garbage(const struct model *m)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == LIFE_PENDING && model_legacy(m, (int)i))
            set |= 1u << i;
    return set;
}

uint32_t model_possibly_reachable(const struct model *m)
{
    return model_possibly_reachable_from(m, legacy_garbage(m));
}

uint32_t model_possibly_reachable_from(const struct model *m, uint32_t extra_roots)
{
    uint32_t roots = extra_roots | m->kept | m->saved_held | m->uncollectable; /* gc.garbage may hold those */
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++) {
        if (m->names[n] >= 0)
            roots |= 1u << m->names[n];
        if (m->names_open & (1u << n))
            roots |= MAYBE_OBJECTS(m->name_maybe[n]);
        if (m->kept_open & (1u << n))
            roots |= MAYBE_OBJECTS(m->kept_maybe[n]);
    }
    if (!m->torn_down)
        for (size_t c = 0; c < m->n_classes; c++)
            if (m->classes[c].named)
                roots |= 1u << MODEL_CLASS_NODE(c);
    /* an open object may still be there (frozen garbage, say): so may what it holds */
    roots |= model_nodes_in(m, LIFE_OPEN);
    uint32_t within = model_nodes_in(m, LIFE_LIVE) | model_nodes_in(m, LIFE_OPEN) | model_nodes_in(m, LIFE_PENDING);
    uint32_t seen = roots & within, frontier = seen;
    while (frontier) {
        uint32_t next = 0;
        for (int i = 0; i < MODEL_NODES; i++)
            if (frontier & (1u << i))
                next |= model_successors(m, i) | model_maybe_successors(m, i);
        frontier = next & within & ~seen;
        seen |= frontier;
    }
    return seen;
}

uint32_t model_maybe_successors(const struct model *m, int node)
{
    uint32_t out = 0;
    if (node >= GCFUZZ_MAX_OBJECTS) {
        const struct model_class *k = &m->classes[node - GCFUZZ_MAX_OBJECTS];
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (k->attr_open & (1u << s))
                out |= MAYBE_OBJECTS(k->attr_maybe[s]);
        return out;
    }
    const struct model_object *o = model_storage(m, node);
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (o->slot_state[s] == SLOT_OPEN)
            out |= MAYBE_OBJECTS(o->slot_maybe[s]);
    return out;
}
