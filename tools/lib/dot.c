/* dot.c — the object graph of a program at a line, as Graphviz text, with
 * the object a failure is about drawn in red (dot.h).  Live objects are
 * solid, cyclic garbage awaiting the collector dashed, freed objects grey.
 * It reads the model only; it runs nothing. */
#include "dot.h"

#include "render.h"

#include <stdlib.h>
#include <string.h>

static void put_escaped(FILE *out, const char *text)
{
    for (; *text; text++) {
        if (*text == '"' || *text == '\\')
            fputc('\\', out);
        fputc(*text, out);
    }
}

/* The label of an edge out of slot s of an object of this kind. */
static void slot_label(const struct model_object *o, int s, char *buf, size_t size)
{
    switch ((enum slot_access)kind_info(o->kind)->access) {
    case ACCESS_ATTR: snprintf(buf, size, ".a%d", s); break;
    case ACCESS_ITEM:
    case ACCESS_INT_KEY: snprintf(buf, size, "[%d]", s); break;
    case ACCESS_SPREAD_ITEM: {
        int stride = list_lengths[o->variant] / GCFUZZ_SLOTS;
        snprintf(buf, size, "[%d]", s * stride + stride - 1);
        break;
    }
    case ACCESS_STR_KEY: snprintf(buf, size, "['k%d']", s); break;
    case ACCESS_MEMBER: snprintf(buf, size, "member"); break;
    case ACCESS_HELD: snprintf(buf, size, "holds"); break;
    case ACCESS_FRAME: snprintf(buf, size, "frame"); break;
    }
}

void dot_object_label(const struct model *m, int obj, char *out, size_t size)
{
    const struct model_object *o = &m->objects[obj];
    if (o->kind == KIND_INSTANCE)
        snprintf(out, size, "o%d: C%d%s", obj, o->cls, model_has_finalizer(m, obj) ? " (__del__)" : "");
    else if (kind_has(o->kind, K_INSTANCE))
        snprintf(out, size, "o%d: %s C%d%s", obj, kind_info(o->kind)->name, o->cls,
                 model_has_finalizer(m, obj) ? " (__del__)" : "");
    else if (o->kind == KIND_GENERATOR)
        snprintf(out, size, "o%d: %s %s", obj, gen_state_names[o->gen_state], gen_frame_types[o->variant]);
    else
        snprintf(out, size, "o%d: %s", obj, kind_info(o->kind)->name);
}

static void put_object(FILE *out, const struct model *m, int i, int offending, int torn_down)
{
    const struct model_object *o = &m->objects[i];
    static const char *const style[] = {"invis", "solid", "dashed", "dotted"};
    int unreachable = o->life == LIFE_PENDING || (torn_down && o->life == LIFE_LIVE);
    char label[96];
    dot_object_label(m, i, label, sizeof label);
    fprintf(out, "  o%d [shape=%s, style=\"%s\", label=\"%s", i, kind_has(o->kind, K_INSTANCE) ? "ellipse" : "box",
            unreachable ? "dashed" : style[o->life], label);
    if (o->life == LIFE_PENDING)
        fprintf(out, "\\ncyclic garbage");
    else if (unreachable)
        fprintf(out, "\\nunreachable");
    else if (o->life == LIFE_GONE)
        fprintf(out, "\\nfreed");
    fprintf(out, "\"%s];\n", i == offending ? ", color=red, fontcolor=red, penwidth=3" :
                            o->life == LIFE_GONE ? ", color=grey, fontcolor=grey" : "");
}

/* The model after the operations that start at or before `line`. */
static void model_at(const struct program *p, unsigned line, struct model *m, int *torn_down)
{
    struct rendered r = {0};
    render_program(p, RENDER_NATIVE, &r);
    size_t upto = rendered_ops_through(&r, p->n_ops, line);
    *torn_down = line >= r.op_line[p->n_ops];
    rendered_free(&r);
    model_init(m);
    for (size_t i = 0; i < upto; i++) {
        struct op op = p->ops[i];
        model_apply(m, &op);
    }
}

/* The object a failure is about: itself, or a callback's referent. */
static int offending_object(const struct model *m, const struct run_result *res)
{
    if (!res || res->number < 0)
        return -1;
    if (res->subject == SUBJECT_OBJECT)
        return res->number;
    if (res->subject == SUBJECT_CALLBACK && res->number < (int)m->n_callbacks &&
        m->callbacks[res->number].holder != CB_CLASS) /* a class's finalizer: no object */
        return m->callbacks[res->number].referent;
    return -1;
}

static void put_classes(FILE *out, const struct model *m)
{
    for (size_t c = 0; c < m->n_classes; c++) {
        const struct model_class *k = &m->classes[c];
        fprintf(out, "  C%zu [shape=component, label=\"class C%zu%s%s\"];\n", c, c,
                k->body != BODY_NONE ? "\\n__del__: " : "", k->body != BODY_NONE ? body_names[k->body] : "");
        if (k->base >= 0)
            fprintf(out, "  C%zu -> C%d [style=dotted, arrowhead=empty, label=\"base\"];\n", c, k->base);
        if (k->base2 >= 0)
            fprintf(out, "  C%zu -> C%d [style=dotted, arrowhead=empty, label=\"base 2\"];\n", c, k->base2);
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (k->attr[s] >= 0)
                fprintf(out, "  C%zu -> o%d [label=\".c%d\"];\n", c, k->attr[s], s);
    }
}

int dot_write(const struct program *p, const struct run_result *res, FILE *out)
{
    struct model m;
    int torn_down;
    model_at(p, res && res->line ? res->line : ~0u, &m, &torn_down);
    int offending = offending_object(&m, res);
    fprintf(out, "digraph gcfuzz {\n  rankdir=LR;\n  labelloc=t;\n  label=\"");
    put_escaped(out, res && res->message[0] ? res->message : "gcfuzz program");
    if (torn_down)
        fputs("\\n(at the teardown: every name and class dropped)", out);
    fputs("\";\n  node [fontname=\"Helvetica\"];\n", out);
    put_classes(out, &m);
    for (size_t i = 0; i < m.n_objects; i++) {
        const struct model_object *o = model_storage(&m, (int)i);
        put_object(out, &m, (int)i, offending, torn_down);
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            char label[16];
            if (o->slot_state[s] == SLOT_EMPTY)
                continue;
            slot_label(&m.objects[i], s, label, sizeof label);
            int weak = slot_weak(o->slot_state[s]);
            fprintf(out, "  o%zu -> o%d [label=\"%s%s\"%s];\n", i, o->slot_target[s], label,
                    !weak ? "" : o->slot_state[s] == SLOT_PROXY ? " (proxy)" : o->slot_state[s] == SLOT_WEAK_METHOD ? " (WeakMethod)" : " (weak)",
                    weak ? ", style=dashed" : "");
        }
    }
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS && !torn_down; n++)
        if (m.names[n] >= 0)
            fprintf(out, "  name%d [shape=plaintext, label=\"o%d =\"];\n  name%d -> o%d;\n", n, n, n, m.names[n]);
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}
