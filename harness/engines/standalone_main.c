/* standalone_main.c — a main() for fuzz targets built without an engine
 * (GCFUZZ_ENGINE=none): it feeds each file named on the command line, or
 * each file in a named directory, to LLVMFuzzerTestOneInput once, printing
 * "# <path>" first so that an abort names its input. */
#include "child.h"
#include "inputs.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, void *ctx)
{
    struct input_file f;
    printf("# %s\n", path);
    fflush(stdout);
    if (input_read(path, &f) < 0)
        return 1;
    child_guard_current(path, 30);
    LLVMFuzzerTestOneInput((const uint8_t *)f.data, f.size);
    child_guard_current("(between inputs)", 0);
    input_free(&f);
    ++*(unsigned *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: %s FILE_OR_DIR...\n"
               "Run each fuzz input once through the fuzz target (no engine); abort on a failure.\n",
               argv[0]);
        return argc < 2 ? 2 : 0;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    child_guard_install();
    unsigned ran = 0;
    int errors = 0;
    for (int i = 1; i < argc; i++)
        errors += input_each(argv[i], run_file, &ran) != 0;
    printf("%u passed, %d failed\n", ran, errors);
    return errors ? 1 : 0;
}
