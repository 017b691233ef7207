/* fuzz_afl.c — the AFL++ persistent-mode entry point, and nothing else.
 * The interpreter starts once before the fork server (deferred start), then
 * each test case runs through runner_fuzz_one, which aborts on a broken
 * guarantee.  Built without afl-clang-fast, the fallback macros make it a
 * program that runs the one input on its standard input. */
#include "runner.h"

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

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
    if (runner_init() < 0)
        return 2;
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000))
        runner_fuzz_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}
