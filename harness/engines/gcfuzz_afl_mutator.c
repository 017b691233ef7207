/* afl_mutator.c — the AFL++ custom mutator library (AFL++ 4.04c API:
 * afl_custom_init/fuzz/deinit and operation-level trimming through
 * afl_custom_init_trim/trim/post_trim), on the same mutation code as the
 * libFuzzer harness.  Load it with AFL_CUSTOM_MUTATOR_LIBRARY.  No logic of
 * its own beyond AFL++'s calling conventions and the trimming cursor. */
#include "mutate.h"
#include "program.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MAX (GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES * 2)

struct mutator {
    unsigned int seed;
    uint8_t out[BUF_MAX];
    /* trimming: the smallest program so far and the op being tried */
    uint8_t trim[BUF_MAX], candidate[BUF_MAX];
    size_t trim_size, candidate_size, op;
};

void *afl_custom_init(void *afl, unsigned int seed)
{
    struct mutator *m = calloc(1, sizeof *m);
    if (m)
        m->seed = seed;
    return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
                       size_t add_buf_size, size_t max_size)
{
    struct mutator *m = data;
    size_t cap = max_size < BUF_MAX ? max_size : BUF_MAX;
    size_t n = buf_size < BUF_MAX ? buf_size : BUF_MAX;
    unsigned seed = m->seed++;
    if (add_buf && add_buf_size && seed % 8 == 0) {
        n = gcfuzz_crossover(buf, n, add_buf, add_buf_size, m->out, cap, seed);
    } else {
        memcpy(m->out, buf, n);
        n = gcfuzz_mutate(m->out, n, cap, seed);
    }
    *out_buf = m->out;
    return n;
}

/* Trimming drops one operation at a time; AFL++ keeps a drop that leaves
 * the coverage unchanged. */
static void next_candidate(struct mutator *m)
{
    size_t ops = m->trim_size / GCFUZZ_OP_BYTES, at = m->op * GCFUZZ_OP_BYTES;
    m->candidate_size = 0;
    if (m->op >= ops)
        return;
    memcpy(m->candidate, m->trim, at);
    memcpy(m->candidate + at, m->trim + at + GCFUZZ_OP_BYTES, m->trim_size - at - GCFUZZ_OP_BYTES);
    m->candidate_size = gcfuzz_canonical(m->candidate, m->trim_size - GCFUZZ_OP_BYTES, BUF_MAX);
}

int32_t afl_custom_init_trim(void *data, uint8_t *buf, size_t buf_size)
{
    struct mutator *m = data;
    m->trim_size = buf_size < BUF_MAX ? buf_size : BUF_MAX;
    memcpy(m->trim, buf, m->trim_size);
    m->trim_size = gcfuzz_canonical(m->trim, m->trim_size, BUF_MAX);
    m->op = 0;
    next_candidate(m);
    return (int32_t)(m->trim_size / GCFUZZ_OP_BYTES);
}

size_t afl_custom_trim(void *data, uint8_t **out_buf)
{
    struct mutator *m = data;
    *out_buf = m->candidate;
    return m->candidate_size;
}

int32_t afl_custom_post_trim(void *data, unsigned char success)
{
    struct mutator *m = data;
    if (success) {
        memcpy(m->trim, m->candidate, m->candidate_size);
        m->trim_size = m->candidate_size;
    } else {
        m->op++;
    }
    next_candidate(m);
    /* the step index; at or past init_trim's count AFL++ stops */
    return m->candidate_size ? (int32_t)m->op : INT32_MAX;
}

void afl_custom_deinit(void *data)
{
    free(data);
}
