/* dot.c — the object graph of a program at a line, as Graphviz text, with
 * the object a failure names drawn in red (dot.h).  Live objects are solid,
 * cyclic garbage awaiting the collector dashed, freed objects grey.  It reads
 * the model only; it runs nothing. */
#include "dot.h"

#include "model.h"
#include "render.h"
#include "runner.h"

#include <stdlib.h>
#include <string.h>

/* The first "line N" of a message: the line the check ran at, or 0. */
static unsigned message_line(const char *message)
{
    const char *at = strstr(message, "line ");
    return at ? (unsigned)strtoul(at + 5, NULL, 10) : 0;
}

static void put_escaped(FILE *out, const char *text)
{
    for (; *text; text++) {
        if (*text == '"' || *text == '\\')
            fputc('\\', out);
        fputc(*text, out);
    }
}

static void slot_label(const struct model_object *o, int slot, char *buf, size_t size)
{
    if (o->kind == OBJ_GENERATOR)
        snprintf(buf, size, "frame");
    else if (o->kind == OBJ_LIST)
        snprintf(buf, size, "[%d]", slot);
    else if (o->kind == OBJ_DICT)
        snprintf(buf, size, "['k%d']", slot);
    else
        snprintf(buf, size, ".a%d", slot);
}

static void put_object(FILE *out, const struct model *m, int i, int offending, int torn_down)
{
    const struct model_object *o = &m->objects[i];
    static const char *const style[] = {"invis", "solid", "dashed", "dotted"};
    const char *shape = o->kind == OBJ_INSTANCE ? "ellipse" : "box";
    int unreachable = o->life == LIFE_PENDING || (torn_down && o->life == LIFE_LIVE);
    fprintf(out, "  o%d [shape=%s, style=\"%s\", label=\"o%d", i, shape, unreachable ? "dashed" : style[o->life], i);
    if (o->kind == OBJ_INSTANCE) {
        int fin = model_finalizer_class(m, o->cls);
        fprintf(out, ": C%d%s", o->cls, fin >= 0 ? " (__del__)" : "");
    } else {
        fprintf(out, ": %s", o->kind == OBJ_LIST ? "list" : o->kind == OBJ_DICT ? "dict"
                           : (const char *[]){"unstarted generator", "suspended generator", "finished generator"}[o->gen_state % 3]);
    }
    if (o->life == LIFE_PENDING)
        fprintf(out, "\\ncyclic garbage");
    else if (unreachable)
        fprintf(out, "\\nunreachable");
    else if (o->life == LIFE_GONE)
        fprintf(out, "\\nfreed");
    fprintf(out, "\"%s];\n", i == offending ? ", color=red, fontcolor=red, penwidth=3" :
                            o->life == LIFE_GONE ? ", color=grey, fontcolor=grey" : "");
}

/* The model after the operation at (or last before) `line`. */
static void model_at(const struct program *p, unsigned line, struct model *m, int *torn_down)
{
    struct rendered r = {0};
    render_program(p, RENDER_NATIVE, &r);
    size_t upto = 0;
    while (upto < p->n_ops && r.op_line[upto] <= line)
        upto++;
    *torn_down = line >= r.op_line[p->n_ops];
    rendered_free(&r);
    model_init(m);
    for (size_t i = 0; i < upto; i++) {
        struct op op = p->ops[i];
        model_apply(m, &op);
    }
}

int dot_write(const struct program *p, const char *message, FILE *out)
{
    struct model m;
    int torn_down, offending = message ? runner_failure_object(message) : -1;
    model_at(p, message ? message_line(message) : ~0u, &m, &torn_down);
    fprintf(out, "digraph gcfuzz {\n  rankdir=LR;\n  labelloc=t;\n  label=\"");
    put_escaped(out, message && *message ? message : "gcfuzz program");
    if (torn_down)
        fputs("\\n(at the teardown: every name and class dropped)", out);
    fputs("\";\n  node [fontname=\"Helvetica\"];\n", out);
    for (size_t c = 0; c < m.n_classes; c++) {
        const struct model_class *k = &m.classes[c];
        fprintf(out, "  C%zu [shape=component, label=\"class C%zu%s\"];\n", c, c,
                k->body == BODY_FIX ? "\\n__del__: del self.__class__.c*" : k->body != BODY_NONE ? "\\n__del__" : "");
        if (k->base >= 0)
            fprintf(out, "  C%zu -> C%d [style=dotted, arrowhead=empty, label=\"base\"];\n", c, k->base);
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (k->attr[s] >= 0)
                fprintf(out, "  C%zu -> o%d [label=\".c%d\"];\n", c, k->attr[s], s);
    }
    for (size_t i = 0; i < m.n_objects; i++) {
        const struct model_object *o = model_storage(&m, (int)i);
        put_object(out, &m, (int)i, offending, torn_down);
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            char label[16];
            if (o->slot_state[s] == SLOT_EMPTY)
                continue;
            slot_label(o, s, label, sizeof label);
            fprintf(out, "  o%zu -> o%d [label=\"%s%s\"%s];\n", i, o->slot_target[s], label,
                    o->slot_state[s] == SLOT_WEAK ? " (weak)" : "", o->slot_state[s] == SLOT_WEAK ? ", style=dashed" : "");
        }
    }
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS && !torn_down; n++)
        if (m.names[n] >= 0)
            fprintf(out, "  name%d [shape=plaintext, label=\"o%d =\"];\n  name%d -> o%d;\n", n, n, n, m.names[n]);
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}
