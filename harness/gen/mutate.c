/* mutate.c — mutation on the operation list (mutate.h).
 *
 * The raw list of encoded operations is edited (insert, delete, replace,
 * change an operand, duplicate, swap, splice in a small cycle), then decoded
 * and encoded again: the decoder remaps operands to entities that exist and
 * drops what cannot apply, so any edit yields a valid program.  Nothing here
 * knows what a program means beyond the operation kinds. */
#include "mutate.h"

#include "decode.h"

#include <string.h>

#define OPB GCFUZZ_OP_BYTES
#define RAW_MAX (GCFUZZ_MAX_OPS * 2) /* edited lists may hold ops the decoder drops */

struct rng { uint64_t s; };

static uint32_t next(struct rng *r)
{
    r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(r->s >> 33);
}

static uint32_t below(struct rng *r, uint32_t n) { return n ? next(r) % n : 0; }

struct raw {
    size_t n;
    uint8_t op[RAW_MAX][OPB];
};

static void raw_from(struct raw *w, const uint8_t *data, size_t size)
{
    w->n = size / OPB < RAW_MAX ? size / OPB : RAW_MAX;
    memcpy(w->op, data, w->n * OPB);
}

static void random_op(struct rng *r, uint8_t op[OPB])
{
    op[0] = (uint8_t)below(r, OP_KIND_COUNT);
    for (int i = 1; i < OPB; i++)
        op[i] = (uint8_t)below(r, 16); /* small numbers name real entities */
}

static void insert_at(struct raw *w, size_t at, const uint8_t op[OPB])
{
    if (w->n >= RAW_MAX)
        return;
    memmove(w->op[at + 1], w->op[at], (w->n - at) * OPB);
    memcpy(w->op[at], op, OPB);
    w->n++;
}

static void delete_range(struct raw *w, size_t at, size_t count)
{
    if (at + count > w->n)
        count = w->n - at;
    memmove(w->op[at], w->op[at + count], (w->n - at - count) * OPB);
    w->n -= count;
}

/* Link two existing names both ways, drop both names, maybe collect. */
static void insert_cycle(struct raw *w, struct rng *r)
{
    uint8_t x = (uint8_t)below(r, 16), y = (uint8_t)below(r, 16);
    const uint8_t ops[][OPB] = {
        {OP_LINK, x, (uint8_t)below(r, 4), y}, {OP_LINK, y, (uint8_t)below(r, 4), x},
        {OP_DEL_NAME, x, 0, 0}, {OP_DEL_NAME, y, 0, 0}, {OP_COLLECT, 0, 0, 0},
    };
    size_t at = below(r, (uint32_t)w->n + 1);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0] - below(r, 2); i++)
        insert_at(w, at + i, ops[i]);
}

static void mutate_raw(struct raw *w, struct rng *r)
{
    uint8_t op[OPB];
    size_t at = below(r, (uint32_t)w->n);
    switch (w->n ? below(r, 8) : 0) {
    case 0: /* insert */
        random_op(r, op);
        insert_at(w, below(r, (uint32_t)w->n + 1), op);
        break;
    case 1: /* delete one or a few */
        delete_range(w, at, 1 + below(r, 3));
        break;
    case 2: /* replace */
        random_op(r, w->op[at]);
        break;
    case 3: { /* change an operand: a small step or a fresh value */
        uint8_t *operand = &w->op[at][1 + below(r, 3)];
        *operand = below(r, 2) ? (uint8_t)(*operand + (below(r, 2) ? 1 : -1)) : (uint8_t)below(r, 16);
        break;
    }
    case 4: /* duplicate */
        memcpy(op, w->op[at], OPB);
        insert_at(w, below(r, (uint32_t)w->n + 1), op);
        break;
    case 5: /* swap neighbours */
        if (at + 1 < w->n) {
            memcpy(op, w->op[at], OPB);
            memcpy(w->op[at], w->op[at + 1], OPB);
            memcpy(w->op[at + 1], op, OPB);
        }
        break;
    case 6: /* a checkpoint somewhere */
        memcpy(op, (uint8_t[OPB]){OP_COLLECT, 0, 0, 0}, OPB);
        insert_at(w, below(r, (uint32_t)w->n + 1), op);
        break;
    default:
        insert_cycle(w, r);
        break;
    }
}

/* Decode the raw list and write the canonical encoding into out. */
static size_t canonical_into(const struct raw *w, uint8_t *out, size_t max_size)
{
    struct program p;
    uint8_t buf[GCFUZZ_MAX_OPS * OPB];
    program_decode(&p, &w->op[0][0], w->n * OPB);
    if (p.n_ops * OPB > max_size)
        p.n_ops = max_size / OPB;
    /* truncation keeps a valid prefix: operations only refer backwards */
    size_t n = program_encode(&p, buf);
    memcpy(out, buf, n);
    return n;
}

size_t gcfuzz_canonical(uint8_t *data, size_t size, size_t max_size)
{
    static struct raw w;
    raw_from(&w, data, size);
    return canonical_into(&w, data, max_size);
}

size_t gcfuzz_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    static struct raw w;
    static uint8_t before[RAW_MAX * OPB];
    struct rng r = {seed * 0x9E3779B97F4A7C15ull + 1};
    size_t n = size < sizeof before ? size : sizeof before;
    memcpy(before, data, n);
    raw_from(&w, data, size);
    /* an edit the decoder undoes (an op that cannot apply) wastes a run:
       keep editing until the program changes, a few times at most */
    for (int tries = 0; tries < 4; tries++) {
        unsigned rounds = 1 + below(&r, 4);
        for (unsigned i = 0; i < rounds; i++)
            mutate_raw(&w, &r);
        n = canonical_into(&w, data, max_size);
        if (n != size || memcmp(data, before, n) != 0)
            break;
    }
    return n;
}

size_t gcfuzz_crossover(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size, uint8_t *out,
                        size_t max_out, unsigned int seed)
{
    static struct raw w, other;
    struct rng r = {seed * 0x9E3779B97F4A7C15ull + 7};
    raw_from(&w, a, a_size);
    raw_from(&other, b, b_size);
    /* a prefix of a, then a run of b's operations; the decoder rebinds b's
       operands to a's entities */
    size_t keep = below(&r, (uint32_t)w.n + 1), from = below(&r, (uint32_t)other.n + 1);
    size_t take = other.n - from;
    if (keep + take > RAW_MAX)
        take = RAW_MAX - keep;
    memcpy(w.op[keep], other.op[from], take * OPB);
    w.n = keep + take;
    return canonical_into(&w, out, max_out);
}
