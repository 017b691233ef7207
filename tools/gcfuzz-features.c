/* gcfuzz-features — how many distinct features (features.h) a corpus
 * reaches: constructs used, ways objects die, checks made.  Used to compare
 * fuzzing runs.  Reads inputs only; runs nothing. */
#include "decode.h"
#include "program_features.h"
#include "inputs.h"

#include <stdio.h>
#include <string.h>

static unsigned hits[GCFUZZ_FEATURES];

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
        ++*(unsigned *)ctx;
    }
    input_free(&f);
    return 0;
}

int main(int argc, char **argv)
{
    int list = argc > 1 && !strcmp(argv[1], "--list");
    if (argc < 2 + list || !strcmp(argv[1], "--help")) {
        printf("usage: gcfuzz-features [--list] FILE_OR_DIR...\n"
               "Count the distinct program features fuzz inputs reach (--list names them).\n");
        return argc < 2 ? 2 : 0;
    }
    unsigned inputs = 0, distinct = 0;
    for (int i = 1 + list; i < argc; i++)
        if (input_each(argv[i], count_file, &inputs) < 0)
            return 2;
    for (unsigned id = 0; id < GCFUZZ_FEATURES; id++) {
        if (!hits[id])
            continue;
        distinct++;
        if (list) {
            char name[96];
            feature_name(id, name, sizeof name);
            printf("%6u  %s\n", hits[id], name);
        }
    }
    printf("%u inputs, %u distinct features\n", inputs, distinct);
    return 0;
}
