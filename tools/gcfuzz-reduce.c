/* gcfuzz-reduce — shrink a failing fuzz input to the shortest program that
 * still breaks the same guarantee on the same kind of object, and write it
 * as bytes (PREFIX.bin) and as a self-checking script (PREFIX.py).
 *
 * Every candidate runs in a child process, so crashing inputs reduce too.
 * Run it against the libpython that fails (LD_LIBRARY_PATH for a patched
 * build).  Exit status: 0 reduced, 1 the input does not fail, 2 bad usage or
 * unreadable input. */
#include "decode.h"
#include "inputs.h"
#include "reduce.h"
#include "render.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: gcfuzz-reduce [-o PREFIX] [--timeout S] INPUT\n"
                 "Minimise a failing fuzz input (raw bytes, e.g. an engine's crash-* file)\n"
                 "keeping its failure signature; write PREFIX.bin and PREFIX.py\n"
                 "(default PREFIX: INPUT.min).\n");
}

static void show_progress(size_t ops, unsigned runs)
{
    printf("reduce: %zu operations (%u runs)\n", ops, runs);
    fflush(stdout);
}

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "gcfuzz-reduce: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *input = NULL, *prefix = NULL;
    unsigned timeout = 30;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) prefix = argv[++i];
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
        else if (argv[i][0] == '-' || input) { usage(stderr); return 2; }
        else input = argv[i];
    }
    if (!input) {
        usage(stderr);
        return 2;
    }
    struct input_file f;
    if (input_read(input, &f) < 0)
        return 2;
    if (f.is_script) {
        fprintf(stderr, "gcfuzz-reduce: %s is a rendered script; reduce the input bytes it came from "
                        "(its .bin beside it)\n", input);
        return 2;
    }
    if (runner_init() < 0)
        return 2;
    static uint8_t data[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    struct program p;
    program_decode(&p, (const uint8_t *)f.data, f.size);
    size_t size = program_encode(&p, data), start_ops = p.n_ops;
    input_free(&f);
    struct run_result res;
    struct signature want;
    if (!reduce_classify(data, size, timeout, &res, &want)) {
        printf("gcfuzz-reduce: %s does not fail here; nothing to reduce\n", input);
        return 1;
    }
    printf("reduce: %s fails with [%s]: %s\n", input, want.text, res.message);
    size = reduce_input(data, size, &want, timeout, show_progress);

    char base[4000], bin[4096], py[4096];
    static struct rendered script;
    program_decode(&p, data, size);
    render_program(&p, RENDER_SCRIPT, &script);
    snprintf(base, sizeof base, prefix ? "%s" : "%s.min", prefix ? prefix : input);
    snprintf(bin, sizeof bin, "%s.bin", base);
    snprintf(py, sizeof py, "%s.py", base);
    if (write_file(bin, data, size) < 0 || write_file(py, script.text, script.len) < 0)
        return 2;
    reduce_classify(data, size, timeout, &res, &want);
    fputs(strstr(script.text, RENDER_BODY_MARK), stdout);
    printf("reduce: wrote %s and %s\nreduce: %zu -> %zu operations; FAIL %s\n", bin, py, start_ops, p.n_ops,
           res.message);
    return 0;
}
