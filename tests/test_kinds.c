/* test_kinds.c — the object-kind catalogue is the one source of what a kind
 * is: a program that makes one object of every kind renders and compiles;
 * every kind gets its own letter, its own failure signature and its own
 * picture label; the shape of each reads back as that kind. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "check.h"
#include "dot.h"
#include "reduce.h"
#include "render.h"
#include "shape.h"

#include <string.h>

static struct model m;

/* One object of every kind, o0..o15 in catalogue order where possible;
 * the kinds past the sixteenth in a second program (part 1). */
static const struct op more_kinds[] = {
    {.kind = OP_NEW_CLASS, .a = BODY_RECORD, .b = 0, .c = 0}, /* C0 */
    {.kind = OP_NEW_INSTANCE, .a = 0, .b = 0, .c = 0},       /* o0 */
    {.kind = OP_DEEP, .a = 0, .b = CHAIN_LINK, .c = 0},      /* o1 chain */
    {.kind = OP_COLLECT, .a = 0, .b = 0, .c = 0},
};

static struct program every_kind(int part)
{
    static const struct op first_kinds[] = {
        {.kind = OP_NEW_CLASS, .a = BODY_RECORD, .b = 0, .c = 0}, /* C0: plain, with __del__ */
        {.kind = OP_NEW_CLASS, .a = BODY_NONE, .b = 0, .c = GCFUZZ_SLOTS * FLAVOR_LIST}, /* C1: list subclass */
        {.kind = OP_NEW_CLASS, .a = BODY_NONE, .b = 0, .c = GCFUZZ_SLOTS * FLAVOR_DICT}, /* C2: dict subclass */
        {.kind = OP_NEW_CLASS, .a = BODY_NONE, .b = 0, .c = GCFUZZ_SLOTS * FLAVOR_TUPLE}, /* C3: tuple subclass */
        {.kind = OP_NEW_INSTANCE, .a = 0, .b = 0, .c = 0}, /* o0 instance */
        {.kind = OP_NEW_INSTANCE, .a = 1, .b = 0, .c = 0}, /* o1 list-instance */
        {.kind = OP_NEW_INSTANCE, .a = 2, .b = 0, .c = 0}, /* o2 dict-instance */
        {.kind = OP_NEW_INSTANCE, .a = 3, .b = 0, .c = 0}, /* o3 tuple-instance of o0, o0 */
        {.kind = OP_NEW_LIST, .a = 1, .b = 0, .c = 0}, /* o4 */
        {.kind = OP_NEW_DICT, .a = DICT_STR, .b = 0, .c = 0}, /* o5 */
        {.kind = OP_NEW_DICT, .a = DICT_INT, .b = 0, .c = 0}, /* o6 */
        {.kind = OP_NEW_GENERATOR, .a = GEN_SUSPENDED, .b = 0, .c = 0}, /* o7 */
        {.kind = OP_NEW_DICT, .a = DICT_SET, .b = 0, .c = 0}, /* o8 */
        {.kind = OP_NEW_TUPLE, .a = 0, .b = TUPLE_FROZENSET, .c = 0}, /* o9 */
        {.kind = OP_NEW_TUPLE, .a = 0, .b = TUPLE_FRONT, .c = 0}, /* o10 */
        {.kind = OP_NEW_FUNC, .a = 0, .b = FUNC_CLOSURE1, .c = 0}, /* o11 */
        {.kind = OP_NEW_EXC, .a = 0, .b = 0, .c = 0}, /* o12 */
        {.kind = OP_NEW_DICT, .a = DICT_WEAK_VALUES, .b = 0, .c = 0}, /* o13 */
        {.kind = OP_NEW_DICT, .a = DICT_WEAK_KEYS, .b = 0, .c = 0}, /* o14 */
        {.kind = OP_NEW_DICT, .a = DICT_WEAK_SET, .b = 0, .c = 0}, /* o15 */
        {.kind = OP_LINK, .a = 8, .b = 0, .c = 0}, /* members, so that each holds o0 */
        {.kind = OP_LINK_WEAK, .a = 13, .b = 0, .c = 0}, 
        {.kind = OP_LINK_WEAK, .a = 14, .b = 0, .c = 0}, 
        {.kind = OP_LINK_WEAK, .a = 15, .b = 0, .c = 0}, 
        {.kind = OP_COLLECT, .a = 0, .b = 0, .c = 0}, 
    };
    const struct op *ops = part ? more_kinds : first_kinds;
    size_t n = part ? sizeof more_kinds / sizeof *more_kinds : sizeof first_kinds / sizeof *first_kinds;
    struct program p = {0};
    model_init(&m);
    for (size_t i = 0; i < n; i++) {
        struct op op = ops[i];
        CHECK(model_apply(&m, &op), "operation %zu (%s) applies", i, op_kind_name(op.kind));
        p.ops[p.n_ops++] = op;
    }
    return p;
}

static void test_catalogue(void)
{
    for (int a = 0; a < KIND_COUNT; a++) {
        CHECK(kind_of_letter(kind_info(a)->letter) == a, "letter %c names kind %s", kind_info(a)->letter,
              kind_info(a)->name);
        CHECK(!strchr("-?w", kind_info(a)->letter), "%s's letter %c is a shape code", kind_info(a)->name,
              kind_info(a)->letter);
        for (int b = a + 1; b < KIND_COUNT; b++)
            CHECK(strcmp(kind_info(a)->name, kind_info(b)->name) != 0, "kinds %d and %d share a name", a, b);
    }
}

/* Each live object's shape in the checkpoint of r reads back as its kind. */
static void check_shapes_read_back(const struct rendered *r)
{
    const char *alive = strstr(r->text, "alive=\"");
    static struct alive a;
    size_t bad = 0;
    char *text = alive ? strndup(alive + 7, strcspn(alive + 7, "\"")) : NULL;
    CHECK(text && alive_parse(text, &a, &bad) == 0, "the checkpoint's alive= reads back (bad word at %zu)", bad);
    for (int i = 0; text && i < (int)m.n_objects; i++)
        CHECK(a.known[i] && a.shapes[i].kind == m.objects[i].kind, "o%d's shape reads back as %s", i,
              kind_info(m.objects[i].kind)->name);
    free(text);
}

/* Render and check program `part` of every_kind(), noting each object's
 * kind, signature and label. */
static void take_kinds(int part, int *seen, char (*category)[64], char (*label)[96])
{
    struct program p = every_kind(part);
    struct rendered r = {0};
    CHECK(render_program(&p, RENDER_SCRIPT, &r), "the program renders");
    PyObject *code = r.text ? Py_CompileString(r.text, "<kinds>", Py_file_input) : NULL;
    CHECK(code != NULL, "the program compiles");
    Py_XDECREF(code);
    PyErr_Clear();
    for (int i = 0; i < (int)m.n_objects; i++) {
        int k = m.objects[i].kind;
        seen[k] = 1;
        failure_category(&m, i, category[k], sizeof category[k]);
        dot_object_label(&m, i, label[k], sizeof label[k]);
        /* the object's own number out of its label: labels differ by kind */
        memmove(label[k], strchr(label[k], ':'), strlen(strchr(label[k], ':')) + 1);
    }
    if (r.text)
        check_shapes_read_back(&r);
    rendered_free(&r);
}

static void test_every_kind(void)
{
    char category[KIND_COUNT][64], label[KIND_COUNT][96];
    int seen[KIND_COUNT] = {0};
    take_kinds(0, seen, category, label);
    take_kinds(1, seen, category, label);
    for (int k = 0; k < KIND_COUNT; k++) {
        CHECK(seen[k], "no object of kind %s was made", kind_info(k)->name);
        for (int j = 0; j < k; j++) {
            CHECK(strcmp(category[j], category[k]) != 0, "%s and %s share the signature '%s'", kind_info(j)->name,
                  kind_info(k)->name, category[k]);
            CHECK(strcmp(label[j], label[k]) != 0, "%s and %s share the label '%s'", kind_info(j)->name,
                  kind_info(k)->name, label[k]);
        }
    }
}

int main(void)
{
    Py_Initialize();
    test_catalogue();
    test_every_kind();
    return check_done();
}
