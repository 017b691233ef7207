/* feedback.c — the ids an engine counts per input (feedback.h). */
#include "feedback.h"

#include "decode.h"
#include "recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FEEDBACK_NONE, FEEDBACK_PROGRAM, FEEDBACK_ALL };
static int mode = FEEDBACK_ALL;

int feedback_init(void)
{
    static const char *const names[] = {"none", "program", "all"};
    const char *want = getenv("GCFUZZ_FEEDBACK");
    if (!want || !*want)
        return 0;
    for (int m = 0; m < (int)(sizeof names / sizeof names[0]); m++)
        if (strcmp(want, names[m]) == 0) {
            mode = m;
            return 0;
        }
    fprintf(stderr, "gcfuzz: GCFUZZ_FEEDBACK is all, program or none, not '%s'\n", want);
    return -1;
}

void feedback_decode(struct program *p, struct model_trace *t, const uint8_t *data, size_t size, feedback_hit hit)
{
    static uint16_t ids[GCFUZZ_FEATURES];
    int counted = mode >= FEEDBACK_PROGRAM;
    unsigned n = program_decode_traced(p, data, size, t, counted ? ids : NULL, GCFUZZ_FEATURES);
    for (unsigned i = 0; i < n; i++)
        hit(ids[i]);
}

void feedback_run(feedback_hit hit)
{
    static uint16_t ids[RUN_FEATURES];
    if (mode < FEEDBACK_ALL)
        return;
    unsigned n = run_features(recorder_stats(), ids, RUN_FEATURES);
    for (unsigned i = 0; i < n; i++)
        hit(GCFUZZ_FEATURES + ids[i]);
}
