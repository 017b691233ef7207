/* invariants.c — what must hold of a model between operations, whatever
 * the program: a check of the model's own bookkeeping (as gcmodule.c's
 * validate_list under GC_DEBUG), not of the interpreter.  A checking build
 * (-DGCFUZZ_MODEL_CHECKS=ON, the default outside fuzz builds, so the unit
 * tests and soaks run it) calls it after every operation and after the
 * teardown, and aborts with the broken rule. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static int valid_object(const struct model *m, int i) { return i >= 0 && (size_t)i < m->n_objects; }

/* The rule the object's finalizer bookkeeping breaks, or NULL */
static const char *finalizer_broken(const struct model *m, const struct model_object *o)
{
    switch ((enum finalizer_state)o->finalizer) {
    case FIN_NOT_RUN:
        return o->fire_death < 0 ? NULL : "a finalizer not run has a death";
    case FIN_PENDING:
        return o->fire_death >= 0 && o->fire_death <= (int)m->n_ops ? NULL : "a pending finalizer without a past death";
    case FIN_RUN:
    case FIN_MAY_RUN:
        if (o->fire_death < 0 || o->fire_due < o->fire_death)
            return "a finalizer due before its object died";
        return o->fire_due <= (int)m->n_ops ? NULL : "a finalizer due in the future";
    }
    return "an unknown finalizer state";
}

/* The rule object i's slots break, or NULL */
static const char *slots_broken(const struct model *m, int i)
{
    const struct model_object *o = &m->objects[i];
    if (!valid_object(m, o->store))
        return "an object stored in no object";
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        int t = o->slot_target[s];
        switch ((enum slot_state)o->slot_state[s]) {
        case SLOT_EMPTY: break;
        case SLOT_STRONG:
            if (!valid_object(m, t))
                return "a strong slot holding no object";
            /* what a live object certainly holds cannot be freed */
            if (o->life == LIFE_LIVE && o->store == i && m->objects[t].life == LIFE_GONE)
                return "a live object holding a freed one";
            break;
        case SLOT_WEAK:
        case SLOT_PROXY:
        case SLOT_WEAK_METHOD:
            if (t != -1 && !valid_object(m, t))
                return "a weak slot referring to no object";
            break;
        case SLOT_OPEN:
            if (!o->slot_maybe[s])
                return "an open slot that may hold nothing, not even emptiness";
            break;
        default: return "an unknown slot state";
        }
    }
    return NULL;
}

/* The rule the program's names and globals break, or NULL */
static const char *places_broken(const struct model *m)
{
    uint32_t kept = 0;
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++) {
        int o = m->names[n];
        if (o >= 0 && !(m->names_open & (1u << n)) && (!valid_object(m, o) || m->objects[o].life == LIFE_GONE))
            return "a name bound to a freed object";
        if ((m->names_open & (1u << n)) && !m->name_maybe[n])
            return "an open name that may hold nothing, not even unbound";
        if (m->kept_by[n] >= 0) {
            if (!valid_object(m, m->kept_by[n]))
                return "a global r<n> holding no object";
            kept |= 1u << m->kept_by[n];
        }
    }
    if ((m->kept & kept) != kept)
        return "a global r<n> holds an object not counted as kept";
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if ((m->uncollectable & (1u << i)) && (!model_legacy(m, i) || m->objects[i].life != LIFE_LIVE))
            return "gc.garbage holds, as uncollectable, what is no live legacy object";
    return NULL;
}

const char *model_broken_invariant(const struct model *m)
{
    const char *why = places_broken(m);
    for (size_t i = 0; !why && i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        why = o->life > LIFE_OPEN ? "an unknown life" : finalizer_broken(m, o);
        if (!why)
            why = slots_broken(m, (int)i);
    }
    return why;
}

void model_check_invariants(const struct model *m, const char *when)
{
#ifdef GCFUZZ_MODEL_CHECKS
    const char *why = model_broken_invariant(m);
    if (why) {
        fprintf(stderr, "gcfuzz: model invariant broken %s (operation %zu): %s\n", when, m->n_ops, why);
        abort();
    }
#else
    (void)m, (void)when;
#endif
}
