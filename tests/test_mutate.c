/* test_mutate.c — the structure-aware mutator: its output is always a
 * canonical, bounded program, it is deterministic for a seed, it changes
 * the program nearly always, and crossover mixes its two parents. */
#include "check.h"
#include "mutate.h"
#include "decode.h"

#include <string.h>

static int canonical(const uint8_t *data, size_t size)
{
    struct program p;
    uint8_t buf[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    program_decode(&p, data, size);
    return program_encode(&p, buf) == size && memcmp(buf, data, size) == 0;
}

int main(void)
{
    uint8_t data[4096], copy[4096], out[4096];
    size_t size = 0;
    unsigned not_canonical = 0, too_big = 0, unchanged = 0, nondeterministic = 0, bad_cross = 0;
    for (unsigned seed = 1; seed <= 50000; seed++) {
        size_t max = 16 + seed % 180;
        if (seed % 500 == 1)
            size = 0; /* restart from the empty program now and then */
        memcpy(copy, data, size);
        size_t n = gcfuzz_mutate(data, size, max, seed);
        memcpy(out, copy, size);
        size_t again = gcfuzz_mutate(out, size, max, seed);
        nondeterministic += again != n || memcmp(out, data, n) != 0;
        too_big += n > max;
        not_canonical += !canonical(data, n);
        unchanged += n == size && memcmp(copy, data, n) == 0;
        size_t c = gcfuzz_crossover(copy, size, data, n, out, max, seed);
        bad_cross += c > max || !canonical(out, c);
        size = n;
    }
    CHECK(not_canonical == 0, "%u mutants are not canonical", not_canonical);
    CHECK(too_big == 0, "%u mutants exceed max_size", too_big);
    CHECK(nondeterministic == 0, "%u mutants differ for the same seed", nondeterministic);
    CHECK(bad_cross == 0, "%u crossovers are invalid or too big", bad_cross);
    CHECK(unchanged < 50000 / 20, "%u of 50000 mutations left the program unchanged", unchanged);
    printf("mutator: 50000 mutations, %u unchanged\n", unchanged);
    return check_done();
}
