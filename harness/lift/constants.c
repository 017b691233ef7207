/* constants.c — Python assignments made from the C tables (constants.h). */
#include "constants.h"

#include "kinds.h"
#include "program.h"
#include "shape.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct text {
    char buf[8192];
    size_t len;
    const char *indent;
};

static void line(struct text *t, const char *fmt, ...)
{
    va_list ap;
    t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s", t->indent);
    va_start(ap, fmt);
    t->len += (size_t)vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "\n");
}

/* The letters of the kinds with `flag`, or with slot access `access` (-1: any). */
static const char *letters(unsigned flag, int access)
{
    static char out[8][KIND_COUNT + 1];
    static int next;
    char *s = out[next++ % 8];
    int n = 0;
    for (int k = 0; k < KIND_COUNT; k++)
        if ((!flag || kind_has(k, flag)) && (access < 0 || kind_info(k)->access == access))
            s[n++] = kind_info(k)->letter;
    s[n] = '\0';
    return s;
}

/* "A, B, C = range(3)" from a list of names with a prefix */
static void enumeration(struct text *t, const char *prefix, const char *const *names, int n)
{
    char out[2048] = "";
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s%s", i ? ", " : "", prefix, names[i]);
    line(t, "%s = range(%d)", out, n);
}

static void recorder_constants(struct text *t)
{
    line(t, "SLOTS, NAMES, CLASSES, BODY_CALLBACKS = %d, %d, %d, %d", SHAPE_SLOTS, SHAPE_MAX_NAMES, SHAPE_MAX_CLASSES,
         SHAPE_BODY_CALLBACKS);
    line(t, "TEARDOWN_ROUNDS, MAX_IDS, EXIT_TIMEOUT, MAX_HANDLERS_RUN = %d, %d, %d, %d", SHAPE_TEARDOWN_ROUNDS,
         SHAPE_MAX_IDS, SHAPE_EXIT_SECONDS, SHAPE_MAX_HANDLERS_RUN);
    line(t, "EMPTY, OPEN, WEAK, WEAK_FREED, WEAK_EITHER = '%c', '%c', '%c', '%c', '%c'", SHAPE_EMPTY, SHAPE_OPEN,
         SHAPE_WEAK, SHAPE_WEAK_FREED, SHAPE_WEAK_EITHER);
    line(t, "PROXY, WEAK_METHOD = '%c', '%c'", SHAPE_PROXY, SHAPE_WEAK_METHOD);
    line(t, "INSTANCE_KINDS, NONE_WHEN_EMPTY, WEAK_ENTRIES = '%s', '%s', '%s'", letters(K_INSTANCE, -1),
         letters(K_NONE_WHEN_EMPTY, -1), letters(K_WEAK_ENTRIES, -1));
    line(t, "ATTR, ITEM, SPREAD_ITEM, STR_KEY, INT_KEY, MEMBER, HELD, FRAME = '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s'",
         letters(0, ACCESS_ATTR), letters(0, ACCESS_ITEM), letters(0, ACCESS_SPREAD_ITEM), letters(0, ACCESS_STR_KEY),
         letters(0, ACCESS_INT_KEY), letters(0, ACCESS_MEMBER), letters(0, ACCESS_HELD), letters(0, ACCESS_FRAME));
    static const char *const kinds[] = {
#define KIND(NAME, letter, name, access, flags, type, noun) #NAME,
#include "kinds.def"
#undef KIND
    };
    char names[512] = "";
    for (int k = 0; k < KIND_COUNT; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%sLETTER_%s", k ? ", " : "", kinds[k]);
    line(t, "LETTERS = '%s'", letters(0, -1));
    line(t, "%s = LETTERS", names);
    char types[512] = "";
    for (int k = 0; k < KIND_COUNT; k++)
        if (kind_info(k)->type[0])
            snprintf(types + strlen(types), sizeof types - strlen(types), "%s'%c': '%s'", types[0] ? ", " : "",
                     kind_info(k)->letter, kind_info(k)->type);
    line(t, "TYPES = {%s}", types);
    static const char *const funcs[] = {
#define FUNC_VARIANT(NAME, name) #NAME,
#include "operands.def"
    };
    enumeration(t, "FUNC_", funcs, FUNC_COUNT);
    static const char *const links[] = {
#define CHAIN_LINK(NAME, name) #NAME,
#include "operands.def"
    };
    enumeration(t, "CHAIN_", links, CHAIN_LINK_COUNT);
    char depths[64] = "";
    for (int d = 0; d < CHAIN_DEPTH_COUNT; d++)
        snprintf(depths + strlen(depths), sizeof depths - strlen(depths), "%s%d", d ? ", " : "", chain_depths[d]);
    line(t, "CHAIN_DEPTHS = (%s,)", depths);
    char frames[128] = ""; /* a generator's Python type, by its variant */
    for (int f = 0; f < GEN_FRAME_COUNT; f++)
        snprintf(frames + strlen(frames), sizeof frames - strlen(frames), "'%s', ", gen_frame_types[f]);
    line(t, "FRAME_TYPES = (%s)", frames);
}

static void all_constants(struct text *t)
{
    static const char *const ops[] = {
#define OP(NAME, weight, a, b, c, thread) #NAME,
#include "ops.def"
#undef OP
    };
    static const char *const bodies[] = {
#define BODY(NAME, name, traits) #NAME,
#include "operands.def"
    };
    static const char *const flavors[] = {
#define FLAVOR(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const dicts[] = {
#define DICT_VARIANT(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const tuples[] = {
#define TUPLE_VARIANT(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const assigns[] = {
#define DICT_ASSIGN(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const gens[] = {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) #NAME,
#include "operands.def"
    };
    static const char *const callbacks[] = {
#define CALLBACK(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const weak_forms[] = {
#define WEAK_FORM(NAME, name, proxy, callback) #NAME,
#include "operands.def"
    };
    static const char *const introspections[] = {
#define INTROSPECTION(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const gc_hooks[] = {
#define GC_HOOK(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const ways[] = {
#define THREAD_WAY(NAME, name) #NAME,
#include "operands.def"
    };
    static const char *const debug_flags[] = {
#define DEBUG_FLAGS(NAME, name, saves, expr) #NAME,
#include "operands.def"
    };
    enumeration(t, "", ops, OP_KIND_COUNT);
    enumeration(t, "BODY_", bodies, BODY_COUNT);
    enumeration(t, "FLAVOR_", flavors, FLAVOR_COUNT);
    enumeration(t, "DICT_", dicts, DICT_COUNT);
    enumeration(t, "TUPLE_", tuples, TUPLE_COUNT);
    enumeration(t, "DICT_ASSIGN_", assigns, DICT_ASSIGN_COUNT);
    enumeration(t, "GEN_", gens, GEN_COUNT);
    enumeration(t, "CALLBACK_", callbacks, CALLBACK_COUNT);
    enumeration(t, "INTROSPECT_", introspections, INTROSPECTION_COUNT);
    enumeration(t, "DEBUG_", debug_flags, DEBUG_FLAGS_COUNT);
    enumeration(t, "GC_HOOK_", gc_hooks, GC_HOOK_COUNT);
    enumeration(t, "WAY_", ways, THREAD_WAY_COUNT);
    enumeration(t, "WEAK_FORM_", weak_forms, WEAK_FORM_COUNT);
    line(t, "OP_BYTES, MAX_OPS, MAX_CLASSES, MAX_OBJECTS = %d, %d, %d, %d", GCFUZZ_OP_BYTES, GCFUZZ_MAX_OPS,
         GCFUZZ_MAX_CLASSES, GCFUZZ_MAX_OBJECTS);
}

const char *constants_python(enum constants_set set, const char *indent)
{
    static struct text texts[2];
    struct text *t = &texts[set == CONSTANTS_ALL];
    t->len = 0, t->buf[0] = '\0', t->indent = indent;
    line(t, "# generated from ir/kinds.def, ir/ops.def, ir/operands.def and lift/shape.h (lift/constants.c)");
    if (set == CONSTANTS_ALL)
        all_constants(t);
    recorder_constants(t);
    return t->buf;
}
