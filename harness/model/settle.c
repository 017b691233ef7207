/* settle.c — the consequences of an operation (model.h): what became
 * unreachable, what reference counting frees and finalizes right there,
 * what waits for the collector, what a full collection frees or a
 * finalizer resurrects, the teardown, and weak-reference callbacks.
 *
 * model_settle runs in named phases until nothing more changes:
 *   1. open effects       places that effects which may still run can write are
 *                         open (open.c)
 *   2. open               live or pending objects that only an open place may
 *                         still hold become LIFE_OPEN
 *   3. newly_unreachable  live objects and classes nothing may hold any more
 *   4. uncertain group    several finalizers with effects freed by one statement
 *                         run in an order CPython does not promise: their
 *                         finalizers ran, their effects are open
 *   5. revive_on_refcount a single outermost dying object outside any cycle
 *                         whose finalizer resurrects it stops its deallocation
 *                         there: nothing it holds dies (then start over)
 *   6. die                the rest dies: outside any cycle it is freed and
 *                         finalized now (its finalizer's effect applied); in or
 *                         hanging off a cycle it is pending garbage
 *   7. blur               what finalizers of one moment see of each other is open */
#include "internal.h"

#include <string.h>

static void set_class_life(struct model *m, uint32_t nodes, int life)
{
    for (size_t c = 0; c < m->n_classes; c++)
        if (nodes & (1u << MODEL_CLASS_NODE(c)))
            m->classes[c].life = (uint8_t)life;
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
    if (model_object_body(m, obj) == BODY_CHECK) {
        uint32_t found = model_lookup_maybe(m, o->cls, model_fix_slot(m, obj));
        o->death_lookup = found == MAYBE_EMPTY ? LOOKUP_NOTHING
                          : (found & (found - 1)) ? LOOKUP_OPEN : (int8_t)__builtin_ctz(found);
    }
}

/* A legacy object's tp_del, out of a collection, runs when whatever
 * dropped its last reference ran: a cycle through it is broken by hand (the
 * teardown deletes its attributes: recorder.c's free_legacy); what it
 * sees of its slots then is open (G6 unchecked). */
static void open_legacy_death(struct model_object *o)
{
    memset(o->death_state, SLOT_OPEN, sizeof o->death_state);
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

static int may_raise(int body) { return body_traits[body] & T_MAY_RAISE; }

/* A finalizer that changes state the model follows */
static int has_effect(int body) { return !model_body_certain_anytime(body); }

static int always_open(int body) { return body_traits[body] & T_NEVER_EXACT; }

static int revives(int body) { return body_traits[body] & T_REVIVES; }

/* The finalizer of obj has become uncertain: if it is one that may raise
 * AttributeError, count one more exception it may raise (once). */
static void count_open_raise(struct model *m, int obj, struct model_step *step)
{
    struct model_object *o = &m->objects[obj];
    if (may_raise(model_object_body(m, obj)) && !o->raise_open) {
        o->raise_open = 1;
        step->unraisable_open++;
    }
}

void model_clear_container(struct model *m, int obj)
{
    struct model_object *o = &m->objects[obj];
    if (!kind_has(o->kind, K_CLEARABLE))
        return;
    memset(o->slot_state, SLOT_EMPTY, sizeof o->slot_state);
    memset(o->slot_target, -1, sizeof o->slot_target);
    memset(o->slot_callback, -1, sizeof o->slot_callback);
    memset(o->slot_maybe, 0, sizeof o->slot_maybe);
}

/* The object weak reference global w<n> certainly refers to (-1: it gives
 * None), or -2: open. */
static int weak_global(const struct model *m, int n)
{
    return m->weak_open & (1u << n) ? -2 : m->weak_by[n];
}

/* The object a dereferencing body (BODY_DEREF, BODY_DEREF_GLOBAL) of obj
 * gets: an object, -1 for None, -2 when open. */
static int deref_target(const struct model *m, int obj)
{
    int s = model_fix_slot(m, obj);
    if (model_object_body(m, obj) == BODY_DEREF_GLOBAL)
        return weak_global(m, s);
    const struct model_object *st = model_storage(m, obj);
    if (!(model_dict_instance(m, obj) || model_layout(m, obj) == LAYOUT_SLOTS))
        return -1;
    return st->slot_state[s] == SLOT_WEAK ? st->slot_target[s] : st->slot_state[s] == SLOT_OPEN ? -2 : -1;
}

/* Every object a dereferencing body of obj may get. */
static uint32_t deref_targets(const struct model *m, int obj)
{
    int t = deref_target(m, obj), s = model_fix_slot(m, obj);
    if (t >= 0)
        return 1u << t;
    if (t == -1)
        return 0;
    if (model_object_body(m, obj) == BODY_DEREF_GLOBAL)
        return MAYBE_OBJECTS(m->weak_maybe[s]);
    return model_any_weak_target(m); /* an open slot: see open.c's weak_attribute_values */
}

/* Whether what it gets is uncertain, or may be one of the objects dying
 * now (which it would then resurrect). */
static int deref_uncertain(const struct model *m, int obj, uint32_t dead)
{
    int body = model_object_body(m, obj), t;
    if (body != BODY_DEREF && body != BODY_DEREF_GLOBAL)
        return 0;
    t = deref_target(m, obj);
    if (t == -1)
        return 0;
    if (t == -2 || (dead & (1u << t)) || m->objects[t].weakrefs != WEAKREFS_LIVE)
        return 1;
    return m->objects[t].life != LIFE_LIVE && m->objects[t].life != LIFE_GONE;
}

/* r<obj> = what a weak reference gives, at a certain moment: its referent
 * if that certainly lives and does not die in this statement, None if it
 * is certainly gone; else the place is open. */
static void keep_dereferenced(struct model *m, int obj, int target, uint32_t dead)
{
    if (target == -1 || (target >= 0 && m->objects[target].life == LIFE_GONE &&
                         m->objects[target].weakrefs != WEAKREFS_OPEN)) {
        m->kept_open &= (uint16_t) ~(1u << obj); /* r<obj> = None */
        return;
    }
    if (target >= 0 && m->objects[target].life == LIFE_LIVE && !(dead & (1u << target)) &&
        m->objects[target].weakrefs == WEAKREFS_LIVE) {
        m->kept_open &= (uint16_t) ~(1u << obj);
        m->kept_by[obj] = (int8_t)target, m->kept |= 1u << target;
        return;
    }
    model_open_body(m, obj);
}

/* The finalizer of `obj` runs now, at a moment the model knows: its
 * effect (BODY_* in operands.def), and the exceptions it raises, counted
 * in `step` (certain, or open where what it finds is). */
static unsigned run_effect(struct model *m, int obj, uint32_t dead, struct model_step *step);

static void run_body(struct model *m, int obj, uint32_t dead, struct model_step *step)
{
    unsigned raised = run_effect(m, obj, dead, step);
    step->unraisable += (uint16_t)raised;
}

/* run_body's effect; returns the exceptions it certainly raises. */
static unsigned run_effect(struct model *m, int obj, uint32_t dead, struct model_step *step)
{
    struct model_object *o = &m->objects[obj];
    int s = model_fix_slot(m, obj);
    const struct model_object *st = model_storage(m, obj);
    switch ((enum body)model_object_body(m, obj)) {
    case BODY_FIX: {
        /* del self.__class__.c<s>: the instance's own class must hold it */
        struct model_class *k = &m->classes[o->cls];
        if (k->attr_open & (1u << s)) { /* whether it is there is open: so is the exception */
            model_open_body(m, obj);
            count_open_raise(m, obj, step);
            return 0;
        }
        if (k->attr[s] < 0)
            return 1;
        k->attr[s] = -1;
        m->attrs_written = 1;
        return 0;
    }
    case BODY_UNLINK: {
        /* del self.a<s>: only attributes, and only one that is set; a
           shared __dict__ loses it for every instance */
        struct model_object *sto = &m->objects[o->store];
        if (!(model_dict_instance(m, obj) || model_layout(m, obj) == LAYOUT_SLOTS) || sto->slot_state[s] == SLOT_EMPTY)
            return 1;
        if (sto->slot_state[s] == SLOT_OPEN) { /* there or not: open, and so is the exception */
            model_open_body(m, obj);
            count_open_raise(m, obj, step);
            return 0;
        }
        sto->slot_state[s] = SLOT_EMPTY, sto->slot_target[s] = -1, sto->slot_callback[s] = -1;
        sto->slot_maybe[s] = 0;
        return 0;
    }
    case BODY_DEL_NAME:
        if (!m->torn_down)
            m->names[s] = -1, m->names_open &= (uint16_t) ~(1u << s);
        return 0;
    case BODY_MUTATE:
        if (!m->torn_down && m->names[s] >= 0)
            model_clear_container(m, m->names[s]);
        else if (!m->torn_down && (m->names_open & (1u << s)))
            model_open_body(m, obj);
        return 0;
    case BODY_REBIND:
    case BODY_REBIND_CHECK:
        /* revive_on_refcount revives it during the program; in the teardown
           it only changes what checking finalizers of that moment read */
        if (m->torn_down)
            m->classes[model_written_class(m, obj)].attr[s] = (int8_t)obj, m->attrs_written = 1;
        return 0;
    case BODY_DEREF:
    case BODY_DEREF_GLOBAL:
        if (!m->torn_down)
            keep_dereferenced(m, obj, deref_target(m, obj), dead);
        return 0;
    case BODY_WEAK_SELF:
        m->weak_by[obj] = (int8_t)(model_weakable(m, obj) ? obj : -1), m->weak_open &= (uint16_t) ~(1u << obj);
        return 0;
    case BODY_WEAK_HELD:
        if (st->slot_state[s] == SLOT_OPEN) {
            model_open_body(m, obj);
        } else {
            int attribute = model_dict_instance(m, obj) || model_layout(m, obj) == LAYOUT_SLOTS;
            int t = attribute && st->slot_state[s] == SLOT_STRONG ? st->slot_target[s] : -1;
            m->weak_by[obj] = (int8_t)(t >= 0 && model_weakable(m, t) ? t : -1);
            m->weak_open &= (uint16_t) ~(1u << obj);
        }
        return 0;
    case BODY_STUFF:
    case BODY_POP: /* never followed exactly */
        model_open_body(m, obj);
        return 0;
    case BODY_RESURRECT:
    case BODY_REBIND_NAME: /* revive_on_refcount revives it; in the teardown it changes nothing checked */
    case BODY_CHECK:       /* what it reads was noted when it died (begin_finalizer) */
    case BODY_RAISE:       /* calls the recorder's raises(), which counts it (G11) */
    case BODY_COLLECT:
    case BODY_RECORD:
    case BODY_MODULES:
    case BODY_THREAD:
    case BODY_NONE:
    case BODY_COUNT: return 0;
    }
    return 0;
}

/* Phase 2: live objects no longer certainly reachable, and pending garbage,
 * that an open place may still hold.  Returns them. */
static void open_nodes(struct model *m, uint32_t nodes, struct model_step *step, int now)
{
    set_class_life(m, nodes, LIFE_OPEN);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(nodes & (1u << i)))
            continue;
        if (m->objects[i].finalizer == FIN_NOT_RUN || m->objects[i].finalizer == FIN_PENDING)
            count_open_raise(m, i, step);
        model_mark_open(m, i, now);
    }
}

/* (What only garbage with a legacy finalizer may hold is live there, and
 * so open; that garbage itself stays pending: the next full collection
 * decides it, set_aside_legacy.) */
static uint32_t open_the_uncertain(struct model *m, struct model_step *step, int now)
{
    uint32_t certain = model_reachable(m), possible = model_possibly_reachable(m);
    uint32_t to_open = (model_nodes_in(m, LIFE_LIVE) & ~certain & possible) |
                       (model_nodes_in(m, LIFE_PENDING) & model_possibly_reachable_from(m, 0));
    open_nodes(m, to_open, step, now);
    return to_open;
}

/* The objects of `dead` that certainly hold obj, directly or not: each is
 * deallocated, and its weak references cleared, before obj can die. */
static uint32_t holders_of(const struct model *m, int obj, uint32_t dead)
{
    uint32_t set = 0;
    for (int t = 0; t < MODEL_NODES; t++)
        if ((dead & (1u << t)) && t != obj && (model_closure(m, model_successors(m, t) & dead, dead) & (1u << obj)))
            set |= 1u << t;
    return set;
}

/* Phase 4: the finalizers with effects that one statement runs outside any
 * cycle.  Several of them run in an order CPython does not promise (a
 * tuple releases its items last to first, other containers otherwise):
 * unless they are all "fix" deletions, which commute, their finalizers ran
 * and their effects are open.  One alone runs exactly, but for bodies
 * whose effect the model never follows.  Returns the group, or 0 when it
 * runs exactly. */
static uint32_t run_uncertain_group(struct model *m, uint32_t dying, uint32_t dead, struct model_step *step, int now)
{
    uint32_t group = 0, below = 0, firing = 0;
    int n = 0, all_fix = 1, any_open = 0;
    /* what a finalizer may resurrect (its object, or what a weak reference
       gives it), and what that holds, dies only if it does not; but not
       what certainly holds the finalizer's own object (holders_of).  The
       weak reference it reads may have been made by another finalizer of
       this statement first (o0's body binds w0 to o1, o1's resurrects
       w0()): what it gives is read on a copy of the model where all of
       them may have run. */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((dying & (1u << i)) && will_fire(m, i))
            firing |= 1u << i;
    struct model after = *m;
    model_open_bodies(&after, firing);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        int body = model_object_body(m, i);
        if (!(firing & (1u << i)))
            continue;
        uint32_t back = revives(body) || body == BODY_STUFF ? 1u << i : 0;
        if (deref_uncertain(&after, i, dead))
            back |= deref_targets(&after, i) & dead & ~holders_of(m, i, dead);
        for (int t = 0; t < GCFUZZ_MAX_OBJECTS; t++)
            if (back & (1u << t))
                below |= (t == i ? 0 : 1u << t) |
                         model_possible_closure(m, (model_successors(m, t) | model_maybe_successors(m, t)) & dead, dead);
    }
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        int body = model_object_body(m, i);
        if (!(dying & ~below & (1u << i)) || !will_fire(m, i) || !has_effect(body))
            continue;
        group |= 1u << i, n++;
        all_fix &= body == BODY_FIX;
        any_open |= always_open(body) || deref_uncertain(&after, i, dead);
    }
    if (!group || ((n == 1 || all_fix) && !any_open))
        return 0;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(group & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        begin_finalizer(m, i, now);
        finalizer_due(o, now, 0);
        o->dead_op = (int16_t)now;
        /* its deallocation re-tracked it: frozen or not is open */
        if (m->frozen & (1u << i))
            m->frozen &= ~(1u << i), m->frozen_open |= 1u << i;
        count_open_raise(m, i, step);
    }
    model_open_bodies(m, group);
    step->died |= group, step->prompt |= group;
    return group;
}

/* Phase 5: dying outside any cycle, an object whose finalizer resurrects it
 * (into r<id>, a class attribute, a name) stops its deallocation; only the
 * outermost: one held by a resurrected object never dies.  Returns the
 * revived objects. */
static uint32_t revive_on_refcount(struct model *m, uint32_t dead, uint32_t cyclic, struct model_step *step, int now)
{
    uint32_t candidates = 0, below = 0;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((dead & ~cyclic & (1u << i)) && will_fire(m, i) && revives(model_object_body(m, i)))
            candidates |= 1u << i;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (candidates & (1u << i))
            below |= model_possible_closure(m, (model_successors(m, i) | model_maybe_successors(m, i)) & dead, dead);
    uint32_t revived = candidates & ~below;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(revived & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        int body = model_object_body(m, i), s = model_fix_slot(m, i);
        begin_finalizer(m, i, now);
        finalizer_due(o, now, 0);
        o->dead_op = (int16_t)now;
        /* a collection may have taken it for cyclic garbage, clearing its
           weak references first (model_rules.biased_refcounts) */
        if (m->threaded && model_get_rules()->biased_refcounts)
            weakrefs_cleared(o, 0);
        /* its deallocation re-tracked it: frozen or not is open */
        if (m->frozen & (1u << i))
            m->frozen &= ~(1u << i), m->frozen_open |= 1u << i;
        if (body == BODY_RESURRECT) {
            m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
            m->kept_open &= (uint16_t) ~(1u << i);
        } else if (body == BODY_REBIND_NAME) {
            m->names[s] = (int8_t)i, m->names_open &= (uint16_t) ~(1u << s);
        } else { /* what the class attribute held may die now */
            struct model_class *k = &m->classes[model_written_class(m, i)];
            k->attr[s] = (int8_t)i, k->attr_open &= (uint8_t) ~(1u << s);
            m->attr_ever |= 1u << s;
            m->attrs_written = 1;
        }
    }
    step->died |= revived, step->prompt |= revived;
    return revived;
}

/* How the collection will treat a pending body: exactly (a resurrection
 * it can state, del of its own unshared attribute), or as open. */
static int pending_effect_exact(const struct model *m, int obj)
{
    int body = model_object_body(m, obj);
    if (body == BODY_RESURRECT)
        return 1; /* until model_settle finds it uncertain */
    return body == BODY_UNLINK && model_storage_users(m, m->objects[obj].store) == (1u << obj);
}

/* Phase 6: the dead objects die. */
static void die(struct model *m, uint32_t dead, uint32_t cyclic, struct model_step *step, int now)
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
        int fires = will_fire(m, i), body = model_object_body(m, i);
        if (fires)
            begin_finalizer(m, i, now);
        if (fires && (cyclic & (1u << i)) && model_legacy(m, i))
            open_legacy_death(o);
        if (cyclic & (1u << i)) {
            o->life = LIFE_PENDING;
            o->exact_effect = (uint8_t)(fires && pending_effect_exact(m, i));
            if (fires && has_effect(body) && !o->exact_effect)
                count_open_raise(m, i, step);
            continue;
        }
        o->life = LIFE_GONE;
        o->prompt = 1;
        if (fires) {
            finalizer_due(o, now, 0);
            run_body(m, i, dead, step);
        }
    }
}

/* Instances sharing a __dict__ and finalized at one moment run in an order
 * CPython does not promise: what one sees of a slot another's
 * del self.a<s> deletes is open. */
static void blur_shared_unlinks(struct model *m, int now)
{
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->fire_death != now || model_object_body(m, (int)i) != BODY_UNLINK)
            continue;
        int s = model_fix_slot(m, (int)i);
        for (size_t j = 0; j < m->n_objects; j++)
            if (j != i && m->objects[j].store == o->store && m->objects[j].fire_death == now)
                m->objects[j].death_state[s] = SLOT_OPEN;
    }
}

/* ... and if one of them wrote a class attribute (even back to what it
 * was), what a checking finalizer of that moment read is open. */
static void blur_checks(struct model *m, int now)
{
    if (m->attrs_written)
        model_open_checks(m, now);
}

void model_open_checks(struct model *m, int now)
{
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].fire_death == now && model_object_body(m, (int)i) == BODY_CHECK)
            m->objects[i].death_lookup = LOOKUP_OPEN;
}

/* Pending objects whose resurrecting finalizer, if the collection runs it,
 * brings back itself and the garbage it reaches, as model_collect states. */
static uint32_t resurrectors(const struct model *m)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->life == LIFE_PENDING && o->finalizer == FIN_PENDING && o->exact_effect &&
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
 * another resurrector; none of it frozen.  A resurrector for which that
 * does not hold is left open. */
static void open_uncertain_resurrectors(struct model *m)
{
    uint32_t pending = model_nodes_in(m, LIFE_PENDING), rs = resurrectors(m);
    for (int r = 0; r < GCFUZZ_MAX_OBJECTS; r++) {
        if (!(rs & (1u << r)))
            continue;
        uint32_t back = model_closure(m, model_successors(m, r) & pending, pending) | (1u << r);
        int certain = !(back & (m->frozen | m->frozen_open));
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) /* what it may hold through open places comes back, or not */
            if ((back & (1u << i)) && model_maybe_successors(m, i))
                certain = 0;
        for (int i = 0; i < GCFUZZ_MAX_OBJECTS && certain; i++) {
            if (!(back & (1u << i)) || i == r)
                continue;
            int body = model_object_body(m, i);
            certain = m->objects[i].kind != KIND_GENERATOR && model_body_certain_anytime(body);
        }
        if (!certain)
            m->objects[r].exact_effect = 0;
    }
}

int model_settle(struct model *m, struct model_step *step)
{
    int now = (int)m->n_ops;
    m->attrs_written = 0;
    for (;;) {
        open_uncertain_resurrectors(m);
        model_open_effects(m);
        if (open_the_uncertain(m, step, now))
            continue;
        uint32_t dead = model_nodes_in(m, LIFE_LIVE) & ~model_possibly_reachable(m);
        if (!dead)
            break;
        uint32_t garbage = dead | model_nodes_in(m, LIFE_PENDING);
        uint32_t cyclic = model_cyclic_part(m, garbage) & dead;
        /* frozen garbage waits for gc.unfreeze(); but what only may be on a
           cycle may be freed by reference counting now: when is open; and
           cyclic garbage that may or may not be frozen is open too */
        uint32_t frozen_maybe = ((cyclic & ~model_certainly_cyclic(m, garbage) & m->frozen) |
                                 (cyclic & m->frozen_open)) & MODEL_OBJECTS;
        if (frozen_maybe) {
            open_nodes(m, frozen_maybe, step, now);
            continue;
        }
        if (run_uncertain_group(m, dead & ~cyclic & MODEL_OBJECTS, dead, step, now))
            continue;
        if (revive_on_refcount(m, dead, cyclic, step, now))
            continue;
        set_class_life(m, dead, LIFE_PENDING);
        die(m, dead & MODEL_OBJECTS, cyclic, step, now);
    }
    blur_shared_unlinks(m, now);
    blur_checks(m, now);
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

/* Resurrecting finalizers bring themselves back (into r<id>) with what they
 * reach: all of a resurrector's weak references were cleared (it was
 * garbage in that pass; from 3.15 only those with callbacks, so open then);
 * the others' may have been, and their finalizers
 * may have run.  Returns what came back. */
static uint32_t resurrect_in_collection(struct model *m, uint32_t pending, uint32_t held)
{
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
            /* 3.15 clears those without callbacks only after finalizers,
               and so never those of what one resurrected */
            weakrefs_cleared(o, on_cycle && !model_get_rules()->weakrefs_cleared_late);
            m->kept |= 1u << i, m->kept_by[i] = (int8_t)i;
        } else {
            weakrefs_cleared(o, 0);
            if (o->finalizer == FIN_PENDING)
                finalizer_due(o, (int)m->n_ops, 1);
        }
    }
    return rs | back;
}

/* The collected garbage is freed: its finalizers have run; a body the
 * model follows exactly takes effect now (one with open effects was
 * opened when it became garbage). */
static void free_collected(struct model *m, uint32_t freed, struct model_step *step)
{
    set_class_life(m, freed, LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(freed & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        o->life = LIFE_GONE;
        if (o->finalizer != FIN_PENDING)
            continue;
        finalizer_due(o, (int)m->n_ops, 0);
        if (o->exact_effect || model_body_certain_anytime(model_object_body(m, i)))
            run_body(m, i, 0, step);
    }
}

/* Frozen garbage is out of the collector's reach, and so is what it holds;
 * but what only the collected garbage held of it is freed by reference
 * counting when the collector clears that garbage: the part of it on no
 * cycle dies now.  What certainly stays is frozen garbage on a cycle of
 * certain edges, and what that certainly holds; the rest is open: it may
 * still be held through an open place, or its cycle may run through one
 * (a finalizer run in this collection may break it), or it hangs off
 * frozen garbage that may go (a young __dict__ it shares is collectable
 * then). */
static void free_released_frozen(struct model *m, uint32_t held, uint32_t maybe_held, struct model_step *step)
{
    uint32_t released = held & ~model_cyclic_part(m, held | maybe_held);
    uint32_t roots = 0, from_open = 0;
    for (int i = 0; i < MODEL_NODES; i++) {
        if ((held & m->frozen & (1u << i)) && (model_closure(m, model_successors(m, i) & held, held) & (1u << i)))
            roots |= 1u << i;
        if (maybe_held & (1u << i))
            from_open |= model_successors(m, i) | model_maybe_successors(m, i);
    }
    uint32_t stays = model_closure(m, roots, held);
    uint32_t may_stay = (released & model_possible_closure(m, from_open & held, held)) | (held & ~released & ~stays);
    open_nodes(m, may_stay, step, (int)m->n_ops);
    released &= ~may_stay;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(released & (1u << i)))
            continue;
        struct model_object *o = &m->objects[i];
        o->life = LIFE_GONE;
        o->prompt = 1;
        if (o->finalizer == FIN_PENDING) {
            finalizer_due(o, (int)m->n_ops, 0);
            if (o->exact_effect || model_body_certain_anytime(model_object_body(m, i)))
                run_body(m, i, 0, step);
        }
    }
    set_class_life(m, released, LIFE_GONE);
}

/* What the nodes of `set` hold, outside it */
static uint32_t held_by(const struct model *m, uint32_t set)
{
    uint32_t out = 0;
    for (int i = 0; i < MODEL_NODES; i++)
        if (set & (1u << i))
            out |= model_successors(m, i) | model_maybe_successors(m, i);
    return out & ~set;
}

/* Whether a finalizer of `set` may change what the garbage holds (a
 * generator's closes it: its frame lets go of what it held). */
static int finalizers_have_effects(const struct model *m, uint32_t set)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((set & (1u << i)) &&
            (!(body_traits[model_object_body(m, i)] & T_INERT) || m->objects[i].kind == KIND_GENERATOR))
            return 1;
    return 0;
}

/* DEBUG_SAVEALL: the collected garbage goes to gc.garbage instead of being
 * freed.  It is finalized and its weak references are cleared all the same
 * (G1, G5), so for the program it is gone; but what it holds stays held,
 * by gc.garbage, until the teardown empties it: that may be reachable from
 * now on (saved_held), and the frozen garbage it holds is not released.
 * Which instances are in gc.garbage is certain (step->saved, G9) for those
 * that became garbage since the flag was set (no collection but this one
 * can have taken them) on, or hanging off, a cycle of certain references
 * (reference counting may free the rest), unless a finalizer of the garbage
 * has effects: one that deletes the reference that kept its object on a
 * cycle frees that object then and there. */
static void save_collected(struct model *m, uint32_t saved, uint32_t frozen_held, struct model_step *step)
{
    uint32_t holds = held_by(m, saved), instances = 0, certain = model_certainly_cyclic(m, saved);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        int since_the_flag = m->objects[i].dead_op >= m->saving_since;
        if ((saved & certain & (1u << i)) && kind_has(m->objects[i].kind, K_INSTANCE) && since_the_flag)
            instances |= 1u << i;
    }
    /* a finalizer that may drop a reference the garbage holds: what it frees is not saved */
    if (!finalizers_have_effects(m, saved))
        step->saved |= instances;
    free_collected(m, saved, step);
    m->saved_held |= holds | held_by(m, saved); /* before and after its finalizers' effects */
    open_nodes(m, frozen_held, step, (int)m->n_ops);
}

/* Live again, as it was before it became garbage: its finalizer not run
 * (a generator not closed), callbacks on it waiting. */
static void set_aside_node(struct model *m, int i, int now)
{
    struct model_object *o = &m->objects[i];
    o->life = LIFE_LIVE;
    if (o->finalizer == FIN_PENDING)
        o->finalizer = FIN_NOT_RUN, o->fire_death = o->fire_due = -1, o->exact_effect = 0;
    if (model_closes_when_dying(m, i) && o->closed_op == o->dead_op)
        o->closed_op = -1;
    for (size_t k = 0; k < m->n_callbacks; k++)
        if (m->callbacks[k].holder != CB_CLASS && m->callbacks[k].referent == i &&
            m->callbacks[k].state == CB_MUST_PENDING)
            m->callbacks[k].state = CB_WAITING, m->callbacks[k].decided_op = (int16_t)now;
}

/* Of legacy objects on cycles of what was set aside, those a collection
 * certainly put in gc.garbage: nothing outside its own cycles reaches one.
 * (A young collection that takes garbage with a legacy finalizer but not
 * the older garbage it reaches puts that in gc.garbage alone; what it
 * reaches is live from then on, never garbage again.) */
static uint32_t first_set_aside(const struct model *m, uint32_t candidates, uint32_t aside)
{
    uint32_t out = 0;
    for (int x = 0; x < GCFUZZ_MAX_OBJECTS; x++) {
        if (!(candidates & (1u << x)))
            continue;
        uint32_t own = 0, from_outside = 0; /* its strongly connected part */
        uint32_t below = model_closure(m, 1u << x, aside);
        for (int y = 0; y < MODEL_NODES; y++)
            if ((below & (1u << y)) && (model_closure(m, 1u << y, aside) & (1u << x)))
                own |= 1u << y;
        for (int y = 0; y < MODEL_NODES; y++)
            if ((aside & ~own & (1u << y)) && ((model_successors(m, y) | model_maybe_successors(m, y)) & own))
                from_outside = 1;
        if (!from_outside)
            out |= 1u << x;
    }
    return out;
}

/* Legacy finalizers (FLAVOR_LEGACY, tp_del): the collector sets aside all
 * that its garbage with one reaches and finalizes, clears and frees none of
 * it (gcmodule.c's move_legacy_finalizers, move_legacy_finalizer_reachable);
 * it frees the rest, then puts the legacy objects still there in
 * gc.garbage (handle_legacy_finalizers).  What certainly stays is a legacy
 * object on a cycle of certain references within what was set aside, and
 * what that certainly holds: live again, held by gc.garbage
 * (m->uncollectable) until the teardown, its finalizer not run (G3); each
 * such instance is in gc.garbage (step->saved, G9).  The rest of it is
 * freed by reference counting as the freed garbage lets go of it (a legacy
 * object's tp_del runs then), or stays garbage for a later collection:
 * open; all of it is open when a finalizer of the rest may change what it
 * holds.  Returns what was set aside. */
static uint32_t set_aside_legacy(struct model *m, uint32_t pending, struct model_step *step)
{
    uint32_t legacy = 0;
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((pending & (1u << i)) && model_legacy(m, i))
            legacy |= 1u << i;
    if (!legacy || m->torn_down)
        return 0;
    uint32_t aside = model_possible_closure(m, legacy, pending), stays = 0;
    if (!finalizers_have_effects(m, pending & ~aside))
        stays = model_closure(m, legacy & model_on_certain_cycle(m, aside), aside);
    set_class_life(m, stays, LIFE_LIVE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (stays & (1u << i))
            set_aside_node(m, i, (int)m->n_ops);
    m->uncollectable |= stays & legacy;
    step->saved |= first_set_aside(m, stays & legacy & model_on_certain_cycle(m, aside), aside);
    open_nodes(m, aside & ~stays, step, (int)m->n_ops);
    return aside;
}

/* Pending garbage the collector frees now: everything but what gc.freeze()
 * put out of its reach, what that frozen garbage still holds (G1), and
 * what garbage with a legacy finalizer holds.  Frozen garbage that the
 * set-aside garbage holds is not released with the rest: it is held from
 * gc.garbage now, or by what may be freed later (open). */
void model_collect(struct model *m, struct model_step *step)
{
    uint32_t pending = model_nodes_in(m, LIFE_PENDING);
    uint32_t held = model_closure(m, pending & m->frozen, pending);
    /* what frozen garbage may hold through an open place survives or not */
    uint32_t maybe_held = model_possible_closure(m, pending & m->frozen, pending) & ~held;
    open_nodes(m, maybe_held, step, (int)m->n_ops);
    pending &= ~maybe_held;
    uint32_t aside = set_aside_legacy(m, pending & ~held, step);
    uint32_t held_aside = model_possible_closure(m, aside, aside | held) & held;
    open_nodes(m, held_aside, step, (int)m->n_ops);
    pending &= ~aside & ~held_aside;
    held &= ~held_aside;
    uint32_t back = resurrect_in_collection(m, pending, held);
    if (debug_flags_save[m->debug]) {
        save_collected(m, pending & ~held & ~back, held, step);
        return;
    }
    free_collected(m, pending & ~held & ~back, step);
    /* nothing of the collected garbage holds frozen garbage any more */
    if (held)
        free_released_frozen(m, held, maybe_held, step);
}

/* Advance every callback's state after operation `now` (model.h).  A
 * weakref.finalize lives in its registry: its callback always runs, even
 * when the referent dies in the teardown.  A referent or holder that is
 * open leaves the callback open too. */
/* A class's finalizer (its metaclass's __del__, FLAVOR_META) follows the
 * class's life: a class is always in a cycle, so it dies as cyclic garbage
 * and the collection that frees it runs its finalizer (G1, as an
 * instance's; G5's callback states).  A class that comes back (its
 * instance resurrected in that pass) or that may or may not live leaves it
 * open; so does the teardown, where other objects of the program may keep
 * classes alive as long as the recorder's own collections run. */
static int next_class_callback(const struct model *m, const struct model_callback *cb, int teardown)
{
    int life = m->classes[cb->referent].life;
    if (teardown || life == LIFE_OPEN)
        return cb->state == CB_MUST ? CB_MUST : CB_MAY;
    if (cb->state == CB_WAITING)
        return life == LIFE_PENDING ? CB_MUST_PENDING : life == LIFE_GONE ? CB_MUST : CB_WAITING;
    if (cb->state == CB_MUST_PENDING)
        return life == LIFE_GONE ? CB_MUST : life == LIFE_LIVE ? CB_MAY : CB_MUST_PENDING;
    return cb->state;
}

void model_update_callbacks(struct model *m, int now, int teardown)
{
    for (size_t k = 0; k < m->n_callbacks; k++) {
        struct model_callback *cb = &m->callbacks[k];
        if (cb->holder == CB_CLASS) {
            int next = next_class_callback(m, cb, teardown);
            if (cb->state == CB_WAITING && next != CB_WAITING)
                cb->class_dead_op = (int16_t)now;
            if (next != cb->state)
                cb->state = (uint8_t)next, cb->decided_op = (int16_t)now;
            continue;
        }
        const struct model_object *r = &m->objects[cb->referent];
        int registry = cb->holder == CB_REGISTRY;
        const struct model_object *h = registry ? NULL : &m->objects[cb->holder];
        int weakref_alive =
            registry || (h->life != LIFE_GONE && model_storage(m, cb->holder)->slot_callback[cb->slot] == (int8_t)k);
        int surely_alive = registry || (weakref_alive && h->life == LIFE_LIVE &&
                                        slot_weak(model_storage(m, cb->holder)->slot_state[cb->slot]));
        int uncertain = teardown && !registry;
        int next = cb->state;
        if (cb->state == CB_WAITING) {
            if (r->life == LIFE_LIVE)
                next = uncertain ? CB_MAY : !weakref_alive ? CB_NEVER : CB_WAITING;
            else if (r->life == LIFE_OPEN)
                next = CB_MAY;
            else if (r->dead_op == now && surely_alive && !uncertain)
                next = r->life == LIFE_GONE ? CB_MUST : CB_MUST_PENDING;
            else
                next = CB_MAY;
        } else if (cb->state == CB_MUST_PENDING) {
            if (!surely_alive || uncertain || r->weakrefs == WEAKREFS_OPEN || r->life == LIFE_OPEN)
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

/* In the teardown every finalizer runs, in an order CPython does not
 * promise: a "fix" deletion finds its class attribute there or not
 * depending on whether a rebinding finalizer ran first, and del self.a<s>
 * its attribute depending on whether a stashing one did.  Returns whether
 * the AttributeError a body may raise there is open. */
static int teardown_raise_open(const struct model *m, uint32_t dead, int body)
{
    int writes = 0, stashes = 0; /* (asked before any of them ran) */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!((dead & (1u << i)) && will_fire(m, i)) && m->objects[i].finalizer != FIN_MAY_RUN)
            continue;
        int b = model_object_body(m, i);
        writes |= b == BODY_REBIND || b == BODY_REBIND_CHECK;
        stashes |= b == BODY_STUFF;
    }
    return (body == BODY_FIX && writes) || (body == BODY_UNLINK && stashes);
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
    m->kept = m->frozen = m->frozen_open = m->frozen_stores = 0;
    /* the teardown unsets the debugging flags and empties gc.garbage first
       (and frees the legacy objects it finds there as it goes) */
    m->debug = DEBUG_NONE;
    m->saved_held = 0;
    m->uncollectable = 0;
    m->names_open = m->kept_open = 0;
    memset(m->kept_by, -1, sizeof m->kept_by);
    memset(m->names, -1, sizeof m->names);
    uint32_t dead = model_nodes_in(m, LIFE_LIVE);
    int open_fix = teardown_raise_open(m, dead, BODY_FIX), open_unlink = teardown_raise_open(m, dead, BODY_UNLINK);
    /* in whatever order: each "fix" deletes its class attribute, so only
       the first per attribute succeeds */
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        if (!(dead & (1u << i)) || !will_fire(m, i))
            continue;
        begin_finalizer(m, i, now);
        finalizer_due(&m->objects[i], now, 0);
        if (model_legacy(m, i))
            open_legacy_death(&m->objects[i]);
        int body = model_object_body(m, i);
        if ((body == BODY_FIX && open_fix) || (body == BODY_UNLINK && open_unlink))
            count_open_raise(m, i, step);
        else
            run_body(m, i, dead, step);
    }
    set_class_life(m, dead | model_nodes_in(m, LIFE_OPEN), LIFE_GONE);
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++) {
        struct model_object *o = &m->objects[i];
        /* every object dies in the teardown: a finalizer that may have run
           has certainly run by its end, once (G1, G2) */
        if (o->finalizer == FIN_MAY_RUN)
            finalizer_due(o, now, 0);
        if (o->life == LIFE_OPEN)
            o->life = LIFE_GONE;
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
    /* _g.clear(globals().get('o<s>')) (and _g.pop, _g.stash) in the
       teardown finds a name or not, as the teardown's deletions have gone:
       what the finalizers of that moment see of their own items is open */
    int mutated = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        int body = model_object_body(m, (int)i);
        mutated |= m->objects[i].fire_due == now && (body_traits[body] & T_FILLS_OR_EMPTIES);
    }
    for (size_t i = 0; mutated && i < m->n_objects; i++)
        if (m->objects[i].fire_due == now)
            memset(m->objects[i].death_state, SLOT_OPEN, sizeof m->objects[i].death_state);
    step->died = dead & MODEL_OBJECTS;
    model_update_callbacks(m, (int)m->n_ops, 1);
}
