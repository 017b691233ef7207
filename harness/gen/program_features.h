/* program_features.h — what a program exercises, as small integer ids: which
 * operations it applies to which kinds of object, how each object dies (by
 * reference counting, as cyclic garbage, at the teardown) and with which
 * finalizer, which checks its checkpoints carry, how its callbacks come
 * out.  libFuzzer reads them as extra coverage (Debian's libpython has none
 * of its own); gcfuzz-features counts them over a corpus.  The ranges are
 * derived from the operation table and the kind catalogue. */
#ifndef GCFUZZ_PROGRAM_FEATURES_H
#define GCFUZZ_PROGRAM_FEATURES_H

#include "model.h"

#define F_KINDS (KIND_COUNT + 1) /* a kind, or none (the operation names no object) */

enum feature_range {
    F_OP = 0,                                            /* operation x kind of the object it names */
    F_DEATH = F_OP + OP_KIND_COUNT * F_KINDS,            /* way x kind x finalizer body */
    F_STEP = F_DEATH + 3 * KIND_COUNT * BODY_COUNT,      /* what one step did: 8 combinations */
    F_CHECK = F_STEP + 8,                                /* what a checkpoint checks: 8 combinations */
    F_CLASS = F_CHECK + 8,                               /* body x flavour x (3 depths, or two bases) */
    F_LINK = F_CLASS + BODY_COUNT * FLAVOR_COUNT * 4,    /* holder kind x target kind x finalizer x weak */
    F_PAIR = F_LINK + KIND_COUNT * KIND_COUNT * 2 * 2,   /* consecutive operations */
    F_SIZE = F_PAIR + OP_KIND_COUNT * OP_KIND_COUNT,     /* operations bucket x objects bucket */
    F_CALLBACK = F_SIZE + 16,                            /* how each callback came out */
    F_GENERATOR = F_CALLBACK + CB_STATE_COUNT,           /* state x kind of what it holds */
    F_DEBUG = F_GENERATOR + GEN_COUNT * F_KINDS,         /* gc.set_debug() flags x whether a collection saved */
    F_END = F_DEBUG + DEBUG_FLAGS_COUNT * 2,
};

#define GCFUZZ_FEATURES F_END /* ids are below this */

/* Write the program's feature ids (each once) into ids; returns how many. */
unsigned program_features(const struct program *p, uint16_t *ids, unsigned max);

/* The same ids, gathered while something else steps the model through the
 * program (the decoder does: decode.h, program_decode_traced), so that
 * the model runs once: features_begin, then features_op after each
 * operation p->ops[i] is applied, with the model before and after it, then
 * features_end with the trace of them all. */
struct feature_set {
    uint16_t *ids;
    unsigned n, max;
    uint8_t seen[GCFUZZ_FEATURES / 8 + 1];
    uint32_t since_check_died, since_check_prompt; /* since the last collection */
    unsigned since_check_unraisable;
};
void features_begin(struct feature_set *s, uint16_t *ids, unsigned max);
void features_op(struct feature_set *s, const struct program *p, size_t i, const struct model *before,
                 const struct model *after);
unsigned features_end(struct feature_set *s, const struct program *p, const struct model_trace *t);

/* A readable name for a feature id, e.g. "death:cyclic:instance:del". */
void feature_name(unsigned id, char *out, size_t size);

#endif
