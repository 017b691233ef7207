/* gcfuzz-features — how many distinct features a corpus reaches: the
 * model's program features (program_features.h: constructs used, ways
 * objects die, checks made) and, with --run, what the collector was seen
 * doing while each input ran (run_features.h).  Used to compare fuzzing
 * runs.  Without --run it reads inputs only and runs nothing. */
#include "decode.h"
#include "inputs.h"
#include "program_features.h"
#include "recorder.h"
#include "runner.h"
#include "run_features.h"

#include <stdio.h>
#include <string.h>

static unsigned hits[GCFUZZ_FEATURES], run_hits[RUN_FEATURES];
static int run; /* --run */

static void count_run(const struct input_file *f)
{
    uint16_t ids[RUN_FEATURES];
    struct run_result res;
    runner_run_input((const uint8_t *)f->data, f->size, &res);
    unsigned n = run_features(recorder_stats(), ids, RUN_FEATURES);
    for (unsigned i = 0; i < n; i++)
        run_hits[ids[i]]++;
}

static int count_file(const char *path, void *ctx)
{
    struct input_file f;
    uint16_t ids[GCFUZZ_FEATURES];
    struct program p;
    if (input_read(path, &f) < 0)
        return 1;
    if (!f.is_script) {
        program_decode(&p, (const uint8_t *)f.data, f.size);
        unsigned n = program_features(&p, ids, GCFUZZ_FEATURES);
        for (unsigned i = 0; i < n; i++)
            hits[ids[i]]++;
        if (run)
            count_run(&f);
        ++*(unsigned *)ctx;
    }
    input_free(&f);
    return 0;
}

static unsigned report(const unsigned *counts, unsigned n, int list, void (*name_of)(unsigned, char *, size_t))
{
    unsigned distinct = 0;
    for (unsigned id = 0; id < n; id++) {
        if (!counts[id])
            continue;
        distinct++;
        if (list) {
            char name[96];
            name_of(id, name, sizeof name);
            printf("%6u  %s\n", counts[id], name);
        }
    }
    return distinct;
}

int main(int argc, char **argv)
{
    int list = 0, first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--list"))
            list = 1;
        else if (!strcmp(argv[first], "--run"))
            run = 1;
        else
            break;
    }
    if (first >= argc || argv[first][0] == '-') {
        int help = first < argc && !strcmp(argv[first], "--help");
        printf("usage: gcfuzz-features [--list] [--run] FILE_OR_DIR...\n"
               "Count the distinct program features fuzz inputs reach (--list names them); with --run,\n"
               "run each input and count what the collector was seen doing too (gc-level feedback).\n");
        return help ? 0 : 2;
    }
    if (run && runner_init() < 0)
        return 2;
    unsigned inputs = 0;
    for (int i = first; i < argc; i++)
        if (input_each(argv[i], count_file, &inputs) < 0)
            return 2;
    unsigned distinct = report(hits, GCFUZZ_FEATURES, list, feature_name);
    if (!run) {
        printf("%u inputs, %u distinct features\n", inputs, distinct);
        return 0;
    }
    unsigned run_distinct = report(run_hits, RUN_FEATURES, list, run_feature_name);
    printf("%u inputs, %u distinct features, %u distinct run features\n", inputs, distinct, run_distinct);
    return 0;
}
