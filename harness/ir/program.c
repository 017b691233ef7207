/* program.c — the operation table and the value lists as data (program.h),
 * encoding, equality and hashing of programs.  No decisions live here. */
#include "program.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const struct op_info op_table[OP_KIND_COUNT] = {
#define OP(NAME, weight, a, b, c, thread) {#NAME, weight, {ROLE_##a, ROLE_##b, ROLE_##c}, THREAD_##thread},
#include "ops.def"
#undef OP
};

const uint8_t role_bound[ROLE_COUNT] = {
#define ROLE(NAME, bound, what) bound,
#include "operands.def"
};

const uint8_t role_what[ROLE_COUNT] = {
#define ROLE(NAME, bound, what) ROLE_IS_##what,
#include "operands.def"
};

const int list_lengths[LIST_LENGTH_COUNT] = {
#define LIST_LENGTH(n) n,
#include "operands.def"
};

const int thresholds[THRESHOLD_COUNT] = {
#define THRESHOLD(n) n,
#include "operands.def"
};

const int chain_depths[CHAIN_DEPTH_COUNT] = {
#define CHAIN_DEPTH(n) n,
#include "operands.def"
};

const char *const body_names[BODY_COUNT] = {
#define BODY(NAME, name, traits) #name,
#include "operands.def"
};
const unsigned char body_traits[BODY_COUNT] = {
#define BODY(NAME, name, traits) traits,
#include "operands.def"
};
const char *const debug_flags_names[DEBUG_FLAGS_COUNT] = {
#define DEBUG_FLAGS(NAME, name, saves, expr) #name,
#include "operands.def"
};
const unsigned char debug_flags_save[DEBUG_FLAGS_COUNT] = {
#define DEBUG_FLAGS(NAME, name, saves, expr) saves,
#include "operands.def"
};
const char *const flavor_names[FLAVOR_COUNT] = {
#define FLAVOR(NAME, name) #name,
#include "operands.def"
};
const char *const gen_state_names[GEN_COUNT] = {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) #name,
#include "operands.def"
};
const unsigned char gen_state_as[GEN_COUNT] = {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) GEN_##AS,
#include "operands.def"
};
const unsigned char gen_state_frame[GEN_COUNT] = {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) GEN_FRAME_##FRAME,
#include "operands.def"
};
const unsigned char gen_state_hook[GEN_COUNT] = {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) HOOK,
#include "operands.def"
};
const char *const gen_frame_helpers[GEN_FRAME_COUNT] = {
#define GEN_FRAME(NAME, name, type) #name,
#include "operands.def"
};
const uint8_t weak_form_proxy[WEAK_FORM_COUNT] = {
#define WEAK_FORM(NAME, name, proxy, callback) proxy,
#include "operands.def"
};
const uint8_t weak_form_callback[WEAK_FORM_COUNT] = {
#define WEAK_FORM(NAME, name, proxy, callback) callback,
#include "operands.def"
};

const char *const gc_hook_names[GC_HOOK_COUNT] = {
#define GC_HOOK(NAME, name) #name,
#include "operands.def"
};

const char *const thread_way_names[THREAD_WAY_COUNT] = {
#define THREAD_WAY(NAME, name) #name,
#include "operands.def"
};
const char *const gen_frame_types[GEN_FRAME_COUNT] = {
#define GEN_FRAME(NAME, name, type) #type,
#include "operands.def"
};

const char *op_kind_name(int kind)
{
    static char names[OP_KIND_COUNT][24];
    if (kind < 0 || kind >= OP_KIND_COUNT)
        return "?";
    if (!names[kind][0]) {
        const char *upper = op_table[kind].name;
        for (size_t i = 0; upper[i] && i + 1 < sizeof names[kind]; i++)
            names[kind][i] = (char)tolower((unsigned char)upper[i]);
    }
    return names[kind];
}

size_t program_encode(const struct program *p, uint8_t *buf)
{
    for (size_t i = 0; i < p->n_ops; i++) {
        const struct op *op = &p->ops[i];
        uint8_t *out = buf + i * GCFUZZ_OP_BYTES;
        out[0] = op->kind, out[1] = op->a, out[2] = op->b, out[3] = op->c;
    }
    return p->n_ops * GCFUZZ_OP_BYTES;
}

int program_equal(const struct program *a, const struct program *b)
{
    if (a->n_ops != b->n_ops)
        return 0;
    for (size_t i = 0; i < a->n_ops; i++) {
        const struct op *x = &a->ops[i], *y = &b->ops[i];
        if (x->kind != y->kind || x->a != y->a || x->b != y->b || x->c != y->c || x->made != y->made)
            return 0;
    }
    return 1;
}

void program_hash(const struct program *p, char out[17])
{
    uint8_t buf[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    size_t n = program_encode(p, buf);
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int program_has(const struct program *p, int kind)
{
    for (size_t i = 0; i < p->n_ops; i++)
        if (p->ops[i].kind == kind)
            return 1;
    return 0;
}
