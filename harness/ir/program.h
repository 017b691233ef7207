/* program.h — the gcfuzz program IR: a flat list of operations over numbered
 * classes and objects, encoded as bytes.  The operations are ops.def's
 * table, their operand values operands.def's; this header turns both into
 * C and bounds every program by the GCFUZZ_* limits.  Decoding bytes into a
 * program needs the model and lives in gen/decode.h.  Nothing here may know
 * about the model, text or Python. */
#ifndef GCFUZZ_PROGRAM_H
#define GCFUZZ_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#define GCFUZZ_MAX_OPS 48       /* operations per program */
#define GCFUZZ_MAX_CLASSES 6    /* classes C0..C5 */
#define GCFUZZ_MAX_OBJECTS 16   /* objects o0..o15, and names o0..o15 */
#define GCFUZZ_MAX_CALLBACKS 16 /* weak references with a callback, w0..w15 */
#define GCFUZZ_MAX_HANDLERS 4   /* atexit handlers a program registers */
#define GCFUZZ_MAX_GC_HOOKS 3   /* gc.callbacks entries a program adds */
#define GCFUZZ_SLOTS 4          /* attributes a0..a3, items 0..3, keys k0..k3, class attributes c0..c3 */
#define GCFUZZ_OP_BYTES 4       /* one encoded operation: kind and three operands */

enum op_kind {
#define OP(NAME, weight, a, b, c, thread) OP_##NAME,
#include "ops.def"
#undef OP
    OP_KIND_COUNT
};

/* What the model derives from a finalizer body (operands.def's BODY rows) */
enum body_trait {
    T_INERT = 1,            /* changes nothing the model follows: the same whenever it runs */
    T_MAY_RAISE = 2,        /* raises AttributeError or not, as the state it finds (G11) */
    T_REVIVES = 4,          /* resurrects its object, when it runs at a moment the model knows */
    T_NEVER_EXACT = 8,      /* its effect is never followed exactly: always left open */
    T_FILLS_OR_EMPTIES = 16, /* puts entries into or takes them out of a container the program uses */
    /* and two that say when it may run under gc.DEBUG_SAVEALL (never: model/apply.c's apply_gc_debug) */
    T_COLLECTS = 32,  /* calls gc.collect(): a collection at a moment the program does not choose */
    T_MAKES_WEAK = 64 /* makes a weak reference to what may be garbage: it dies only when that is freed */
};
/* What an inert body never has */
#define T_EFFECTS (T_MAY_RAISE | T_REVIVES | T_NEVER_EXACT | T_FILLS_OR_EMPTIES)
enum body {
#define BODY(NAME, name, traits) BODY_##NAME,
#include "operands.def"
    BODY_COUNT
};
enum flavor {
#define FLAVOR(NAME, name) FLAVOR_##NAME,
#include "operands.def"
    FLAVOR_COUNT
};
enum dict_variant {
#define DICT_VARIANT(NAME, name) DICT_##NAME,
#include "operands.def"
    DICT_COUNT
};
enum tuple_variant {
#define TUPLE_VARIANT(NAME, name) TUPLE_##NAME,
#include "operands.def"
    TUPLE_COUNT
};
enum func_variant {
#define FUNC_VARIANT(NAME, name) FUNC_##NAME,
#include "operands.def"
    FUNC_COUNT
};
enum dict_assign {
#define DICT_ASSIGN(NAME, name) DICT_ASSIGN_##NAME,
#include "operands.def"
    DICT_ASSIGN_COUNT
};
enum gen_state {
#define GEN_STATE(NAME, name, AS, FRAME, HOOK) GEN_##NAME,
#include "operands.def"
    GEN_COUNT
};
enum gen_frame {
#define GEN_FRAME(NAME, name, type) GEN_FRAME_##NAME,
#include "operands.def"
    GEN_FRAME_COUNT
};
enum chain_link {
#define CHAIN_LINK(NAME, name) CHAIN_##NAME,
#include "operands.def"
    CHAIN_LINK_COUNT
};
enum {
#define CHAIN_DEPTH(n) CHAIN_DEPTH_##n,
#include "operands.def"
    CHAIN_DEPTH_COUNT
};
enum callback_kind {
#define CALLBACK(NAME, name) CALLBACK_##NAME,
#include "operands.def"
    CALLBACK_COUNT
};
enum weak_form {
#define WEAK_FORM(NAME, name, proxy, callback) WEAK_FORM_##NAME,
#include "operands.def"
    WEAK_FORM_COUNT
};
enum introspection {
#define INTROSPECTION(NAME, name) INTROSPECT_##NAME,
#include "operands.def"
    INTROSPECTION_COUNT
};
enum gc_hook {
#define GC_HOOK(NAME, name) GC_HOOK_##NAME,
#include "operands.def"
    GC_HOOK_COUNT
};
enum thread_way {
#define THREAD_WAY(NAME, name) WAY_##NAME,
#include "operands.def"
    THREAD_WAY_COUNT
};
enum debug_flags {
#define DEBUG_FLAGS(NAME, name, saves, expr) DEBUG_##NAME,
#include "operands.def"
    DEBUG_FLAGS_COUNT
};
enum {
#define LIST_LENGTH(n) LIST_LENGTH_##n,
#include "operands.def"
    LIST_LENGTH_COUNT
};
enum {
#define THRESHOLD(n) THRESHOLD_##n,
#include "operands.def"
    THRESHOLD_COUNT
};
enum operand_role {
#define ROLE(NAME, bound, what) ROLE_##NAME,
#include "operands.def"
    ROLE_COUNT
};

extern const int list_lengths[LIST_LENGTH_COUNT];
extern const int thresholds[THRESHOLD_COUNT];
extern const int chain_depths[CHAIN_DEPTH_COUNT];

/* One row of ops.def */
/* Where an operation's statement may run (ops.def's thread column) */
enum op_thread { THREAD_MAIN, THREAD_SOLO, THREAD_ANY };
struct op_info {
    const char *name;     /* lower case: "new_class" */
    uint8_t weight;
    uint8_t role[3];      /* enum operand_role of a, b, c */
    uint8_t thread;       /* enum op_thread */
};
extern const struct op_info op_table[OP_KIND_COUNT];

/* Choices: how many values a role has (operands below it are valid);
 * 0 for entity roles, whose validity is the model's. */
extern const uint8_t role_bound[ROLE_COUNT];

/* What an operand of a role is */
enum role_what { ROLE_IS_VALUE, ROLE_IS_CLASS, ROLE_IS_OBJECT, ROLE_IS_SLOT, ROLE_IS_NAME_NUMBER };
extern const uint8_t role_what[ROLE_COUNT];

/* One resolved operation.  `made` is the number of the class, object or
 * callback the operation creates (0 when it creates nothing); a, b, c are
 * its operands, by role (op_table).  Encoded: the bytes kind, a, b, c. */
struct op {
    uint8_t kind, a, b, c;
    uint8_t made;
};

struct program {
    size_t n_ops;
    struct op ops[GCFUZZ_MAX_OPS];
};

/* The lower-case name of an operation kind, "?" for none. */
const char *op_kind_name(int kind);
/* The names of values (features and pictures use them) */
extern const char *const body_names[BODY_COUNT];
extern const unsigned char body_traits[BODY_COUNT]; /* enum body_trait bits */
extern const unsigned char debug_flags_save[DEBUG_FLAGS_COUNT]; /* the flags include DEBUG_SAVEALL */
extern const char *const debug_flags_names[DEBUG_FLAGS_COUNT];
extern const char *const flavor_names[FLAVOR_COUNT];
extern const char *const gen_state_names[GEN_COUNT];
/* Each state's row: the generator state the model follows it as, its frame
   (enum gen_frame: the model's variant), whether it caches a finalizer hook */
extern const unsigned char gen_state_as[GEN_COUNT], gen_state_frame[GEN_COUNT], gen_state_hook[GEN_COUNT];
extern const char *const gen_frame_helpers[GEN_FRAME_COUNT]; /* helpers.py's gen, coro, agen */
extern const uint8_t weak_form_proxy[WEAK_FORM_COUNT];            /* LINK_WEAK_FORM: 1 a proxy, 0 a WeakMethod */
extern const uint8_t weak_form_callback[WEAK_FORM_COUNT];         /* LINK_WEAK_FORM: 1 with a callback */
extern const char *const gc_hook_names[GC_HOOK_COUNT];        /* GC_CALLBACK: what _g.on_gc() takes */
extern const char *const thread_way_names[THREAD_WAY_COUNT];   /* THREAD: own, or what _g.beside() takes */
extern const char *const gen_frame_types[GEN_FRAME_COUNT];   /* the Python type each makes */

/* Encode a program as bytes that decode back to the same program.
 * buf must hold GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES bytes; returns the length. */
size_t program_encode(const struct program *p, uint8_t *buf);

/* 1 when the two programs have the same operations. */
int program_equal(const struct program *a, const struct program *b);

/* A short stable name for a program: hex of a hash of its encoding. */
void program_hash(const struct program *p, char out[17]);

/* 1 if the program has an operation of this kind. */
int program_has(const struct program *p, int kind);

#endif
