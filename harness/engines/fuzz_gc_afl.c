/* fuzz_gc_afl.c — the AFL++ persistent-mode entry point, and nothing else.
 * The interpreter starts once before the fork server (deferred start), then
 * each test case runs through runner_fuzz_one, which aborts on a broken
 * guarantee.  Built without afl-clang-fast, the fallback macros make it a
 * program that runs the one input on its standard input.
 *
 * Feedback ids (feedback.h) reach AFL++'s map as edges of their own: the
 * harness registers one guard per id with the coverage runtime before the
 * fork server starts, so the map is sized for them and no id shares a
 * byte with a real edge; a hit is then a guard's call. */
#include "exits.h"
#include "feedback.h"
#include "runner.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef __AFL_FUZZ_TESTCASE_LEN
static ssize_t fuzz_len;
static unsigned char fuzz_buf[1 << 16];
#define __AFL_FUZZ_TESTCASE_LEN fuzz_len
#define __AFL_FUZZ_TESTCASE_BUF fuzz_buf
#define __AFL_FUZZ_INIT() void gcfuzz_afl_unused(void)
#define __AFL_LOOP(x) ((fuzz_len = read(0, fuzz_buf, sizeof fuzz_buf)) > 0 ? 1 : 0)
#define __AFL_INIT() (void)0
#endif

/* AFL++'s coverage runtime (afl-compiler-rt, trace-pc-guard mode); absent
 * without afl-clang-fast, and then the ids go nowhere. */
void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop) __attribute__((weak));
void __sanitizer_cov_trace_pc_guard(uint32_t *guard) __attribute__((weak));

static uint32_t guards[FEEDBACK_IDS]; /* zero until the runtime numbers them */

static void hit(unsigned id)
{
    if (guards[id])
        __sanitizer_cov_trace_pc_guard(&guards[id]);
}

/* Numbered by the runtime with the harness's own guards (the coverage pass
 * registers those at constructor priority 2): before the runtime maps the
 * shared coverage map (priority 3 and later, in AFL++ 4.04c), so that the
 * map it asks afl-fuzz for has room for them. */
__attribute__((constructor(2))) static void register_guards(void)
{
    if (__sanitizer_cov_trace_pc_guard_init && __sanitizer_cov_trace_pc_guard)
        __sanitizer_cov_trace_pc_guard_init(guards, guards + FEEDBACK_IDS);
}

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
    runner_threads_default(0); /* threads mode: GCFUZZ_THREADS=1 */
    if (feedback_init() < 0 || runner_init() < 0)
        return 2;
    /* the interpreter's exit at _g.shutdown() costs a child each time:
       only in a campaign that asks for it (GCFUZZ_SHUTDOWN=1) */
    exits_enable(exits_asked(0) ? EXITS_QUIET : EXITS_OFF);
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) {
        size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        static struct model_trace t; /* static: 100 KB */
        struct program p;
        feedback_decode(&p, &t, buf, len, hit);
        runner_fuzz_one(&p, &t);
        feedback_run(hit);
    }
    return 0;
}
