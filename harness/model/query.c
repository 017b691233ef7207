/* query.c — what the model knows of classes and of what an object can be
 * used for (model.h).  Pure functions of the model's state. */
#include "model.h"

#include <stdio.h>

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

int model_fix_slot(const struct model *m, int obj)
{
    int fin = model_finalizer_class(m, m->objects[obj].cls);
    return fin >= 0 ? m->classes[fin].fix_slot : 0;
}

int model_body(const struct model *m, int cls)
{
    int fin = model_finalizer_class(m, cls);
    return fin >= 0 ? m->classes[fin].body : BODY_NONE;
}

int model_written_class(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return model_object_body(m, obj) == BODY_REBIND_CHECK ? o->cls : model_finalizer_class(m, o->cls);
}

int model_object_body(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return kind_has(o->kind, K_INSTANCE) ? model_body(m, o->cls) : BODY_NONE;
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
    return kind_has(o->kind, K_INSTANCE) ? m->classes[o->cls].layout : LAYOUT_NONE;
}

int model_kind_number(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    if (kind_has(o->kind, K_INSTANCE))
        return o->cls;
    if (o->kind == KIND_LIST && o->variant) /* the shortest list goes without */
        return list_lengths[o->variant];
    if (o->kind == KIND_FUNC || o->kind == KIND_CHAIN)
        return o->variant;
    if (o->kind == KIND_GENERATOR && o->variant) /* its frame (enum gen_frame); a generator goes without */
        return o->variant;
    return -1;
}

int model_closes_when_dying(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    return o->kind == KIND_GENERATOR && (o->gen_state == GEN_SUSPENDED || o->gen_state == GEN_RAISING);
}

int model_entries_open(const struct model *m, int obj)
{
    const struct model_object *st = model_storage(m, obj);
    if (m->objects[obj].life == LIFE_OPEN)
        return 1;
    for (int s = 0; s < GCFUZZ_SLOTS; s++)
        if (st->slot_state[s] == SLOT_OPEN)
            return 1;
    return 0;
}

int model_has_finalizer(const struct model *m, int obj)
{
    return model_object_body(m, obj) != BODY_NONE;
}

int model_legacy(const struct model *m, int node)
{
    return node < GCFUZZ_MAX_OBJECTS && (size_t)node < m->n_objects && m->objects[node].cls >= 0 &&
           m->classes[m->objects[node].cls].flavor == FLAVOR_LEGACY;
}

int model_legacy_body(int body) { return body == BODY_NONE || body == BODY_RECORD || body == BODY_RAISE; }

int model_strong_holder(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_STRONG_HOLDER); }
int model_weak_holder(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_WEAK_HOLDER); }
int model_weakable(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_WEAKABLE); }
int model_hashable(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_HASHABLE); }
int model_keyed_by_object(const struct model *m, int obj) { return kind_has(m->objects[obj].kind, K_KEYED); }

/* A weak reference with a callback lives in a plain slot: a weak
 * container's entries have no callbacks of their own. */
int model_callback_holder(const struct model *m, int obj)
{
    int k = m->objects[obj].kind;
    return kind_has(k, K_WEAK_HOLDER) && !kind_has(k, K_WEAK_ENTRIES);
}

int model_dict_instance(const struct model *m, int obj)
{
    int l = model_layout(m, obj);
    return kind_has(m->objects[obj].kind, K_INSTANCE) &&
           (l == LAYOUT_NONE || l == LAYOUT_EXCEPTION || l == LAYOUT_SHARED);
}

void model_describe(const struct model *m, int obj, char *out, size_t size)
{
    const struct model_object *o = &m->objects[obj];
    if (!kind_has(o->kind, K_INSTANCE)) {
        snprintf(out, size, "o%d (%s)", obj, kind_info(o->kind)->noun);
        return;
    }
    int fin = model_finalizer_class(m, o->cls);
    const char *noun = o->kind == KIND_INSTANCE ? "instance" : kind_info(o->kind)->name;
    if (fin >= 0 && fin != o->cls)
        snprintf(out, size, "o%d (%s of C%d, __del__ from C%d)", obj, noun, o->cls, fin);
    else
        snprintf(out, size, "o%d (%s of C%d%s)", obj, noun, o->cls, fin >= 0 ? ", with __del__" : "");
}

uint32_t model_lookup_maybe(const struct model *m, int cls, int slot)
{
    int8_t mro[GCFUZZ_MAX_CLASSES];
    int n = model_mro(m, cls, mro);
    uint32_t found = 0;
    for (int i = 0; i < n; i++) {
        const struct model_class *k = &m->classes[mro[i]];
        if (k->attr_open & (1u << slot)) {
            found |= MAYBE_OBJECTS(k->attr_maybe[slot]);
            if (!(k->attr_maybe[slot] & MAYBE_EMPTY))
                return found; /* certainly there: the lookup stops at this class */
        } else if (k->attr[slot] >= 0) {
            return found | 1u << k->attr[slot];
        }
    }
    return found | MAYBE_EMPTY;
}

/* The callback that is class cls's finalizer (its metaclass's __del__), -1: none */
int model_class_finalizer(const struct model *m, int cls) { return m->classes[cls].finalizer_cb; }

int model_callback_death(const struct model *m, int k)
{
    const struct model_callback *cb = &m->callbacks[k];
    return cb->holder == CB_CLASS ? cb->class_dead_op : m->objects[cb->referent].dead_op;
}
