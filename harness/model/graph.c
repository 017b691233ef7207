/* graph.c — the object graph: successors, reachability, cyclic garbage
 * (model.h).  Graphs are at most MODEL_NODES nodes, so sets are bitmasks and
 * everything is recomputed from scratch: simple beats clever here, because
 * every expectation the oracle checks comes out of these few functions. */
#include "model.h"

_Static_assert(MODEL_NODES <= 32, "nodes are bits of a uint32_t");

/* An object's items and attributes, and an instance's class; a class's
 * bases, attributes, and itself (a type is always in a cycle: its __mro__
 * holds it). */
uint32_t model_successors(const struct model *m, int node)
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
    if (kind_has(m->objects[node].kind, K_INSTANCE))
        out |= 1u << MODEL_CLASS_NODE(m->objects[node].cls);
    return out;
}

uint32_t model_closure(const struct model *m, uint32_t from, uint32_t within)
{
    uint32_t seen = from & within, frontier = seen;
    while (frontier) {
        uint32_t next = 0;
        for (int i = 0; i < MODEL_NODES; i++)
            if (frontier & (1u << i))
                next |= model_successors(m, i);
        frontier = next & within & ~seen;
        seen |= frontier;
    }
    return seen;
}

uint32_t model_nodes_in(const struct model *m, int life)
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
    uint32_t roots = m->kept | m->uncollectable; /* gc.garbage holds those */
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        if (m->names[n] >= 0)
            roots |= 1u << m->names[n];
    if (!m->torn_down)
        for (size_t c = 0; c < m->n_classes; c++)
            if (m->classes[c].named)
                roots |= 1u << MODEL_CLASS_NODE(c);
    return model_closure(m, roots, model_nodes_in(m, LIFE_LIVE));
}

uint32_t model_possible_closure(const struct model *m, uint32_t from, uint32_t set)
{
    uint32_t seen = from & set, frontier = seen;
    while (frontier) {
        uint32_t next = 0;
        for (int i = 0; i < MODEL_NODES; i++)
            if (frontier & (1u << i))
                next |= model_successors(m, i) | model_maybe_successors(m, i);
        frontier = next & set & ~seen;
        seen |= frontier;
    }
    return seen;
}

uint32_t model_on_certain_cycle(const struct model *m, uint32_t set)
{
    uint32_t on_cycle = 0;
    for (int i = 0; i < MODEL_NODES; i++)
        if ((set & (1u << i)) && (model_closure(m, model_successors(m, i) & set, set) & (1u << i)))
            on_cycle |= 1u << i;
    return on_cycle;
}

uint32_t model_certainly_cyclic(const struct model *m, uint32_t set)
{
    return model_closure(m, model_on_certain_cycle(m, set), set);
}

/* Whether reference counting may leave object i for the collector though
 * no cycle runs through it: a function defined at top level (the lambda
 * variant; closures are nested functions) uses deferred reference counting
 * in free-threaded builds, where only the collector frees it (3.13t+), and
 * is freed at once in every other build.  The model takes the weaker rule
 * for every version (rules.h, deferred_refcounts): it may be on a cycle. */
static int deferred_refcount(const struct model *m, int i)
{
    return i < GCFUZZ_MAX_OBJECTS && (size_t)i < m->n_objects && m->objects[i].kind == KIND_FUNC &&
           m->objects[i].variant == FUNC_LAMBDA;
}

/* Through open places too: what may be on a cycle may not be freed by
 * reference counting, so it counts as cyclic (freed by the next full
 * collection at the latest); so does what reference counting may leave to
 * the collector (deferred_refcount), and what it holds. */
uint32_t model_cyclic_part(const struct model *m, uint32_t set)
{
    uint32_t on_cycle = 0;
    for (int i = 0; i < MODEL_NODES; i++) {
        if (!(set & (1u << i)))
            continue;
        uint32_t after = model_possible_closure(m, (model_successors(m, i) | model_maybe_successors(m, i)) & set, set);
        if ((after & (1u << i)) || deferred_refcount(m, i))
            on_cycle |= 1u << i;
    }
    return model_possible_closure(m, on_cycle, set);
}

uint32_t model_storage_users(const struct model *m, int s)
{
    uint32_t set = 0;
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].store == s && m->objects[i].life != LIFE_GONE)
            set |= 1u << i;
    return set;
}
