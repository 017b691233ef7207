/* fuzz_gc.c — the libFuzzer entry points, and nothing else: every
 * decision is the runner's, every mutation mutate.c's, every feedback id
 * feedback.c's.  On a broken guarantee
 * it prints one line naming it, then the program as a runnable script, then
 * aborts so that the engine keeps the input.  Built without an engine,
 * standalone_main.c drives it.  With GCFUZZ_BYTE_MUTATION defined it
 * leaves mutation to libFuzzer's byte-level mutators (for comparison). */
#include "exits.h"
#include "feedback.h"
#include "mutate.h"
#include "runner.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Feedback ids as extra coverage: Debian's libpython has no instrumentation,
 * so this is how libFuzzer tells apart programs that die differently and
 * runs in which the collector did something new. */
#if defined(__clang__) && defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
__attribute__((section("__libfuzzer_extra_counters"), used))
#endif
static uint8_t extra_counters[FEEDBACK_IDS];

static void hit(unsigned id) { extra_counters[id]++; }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    runner_threads_default(0); /* threads mode: GCFUZZ_THREADS=1 */
    if (feedback_init() < 0 || runner_init() < 0)
        abort();
    /* the interpreter's exit at _g.shutdown() costs a child each time:
       only in a campaign that asks for it (GCFUZZ_SHUTDOWN=1) */
    exits_enable(exits_asked(0) ? EXITS_QUIET : EXITS_OFF);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct model_trace t; /* static: 100 KB */
    struct program p;
    feedback_decode(&p, &t, data, size, hit);
    runner_fuzz_one(&p, &t);
    feedback_run(hit);
    return 0;
}

#ifndef GCFUZZ_BYTE_MUTATION
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    /* now and then libFuzzer's own byte mutations (they find operand values
       and kinds the IR edits do not), made canonical again */
    if (LLVMFuzzerMutate && seed % 4 == 0)
        return gcfuzz_canonical(data, LLVMFuzzerMutate(data, size, max_size), max_size);
    return gcfuzz_mutate(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size, uint8_t *out,
                                 size_t max_out, unsigned int seed)
{
    return gcfuzz_crossover(a, a_size, b, b_size, out, max_out, seed);
}
#endif
