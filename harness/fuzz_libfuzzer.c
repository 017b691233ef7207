/* fuzz_libfuzzer.c — the libFuzzer entry points, and nothing else: every
 * decision is the runner's.  On a broken guarantee it prints one line naming
 * it, then the program as a runnable script, then aborts so that the engine
 * keeps the input.  Built without an engine, standalone_main.c drives it. */
#include "render.h"
#include "runner.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (runner_init() < 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct rendered native, script;
    struct program p;
    struct run_result res;
    program_decode(&p, data, size);
    runner_run_program(&p, &native, &res);
    if (!res.failed)
        return 0;
    render_program(&p, RENDER_SCRIPT, &script);
    fprintf(stderr, "gcfuzz: FAIL %s\n%s", res.message, script.text ? script.text : "");
    fflush(stderr);
    abort();
}
