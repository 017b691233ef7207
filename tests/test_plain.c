/* test_plain.c — every seed and N random programs written as plain scripts
 * (tools/lib/plain.h) for a crash, which runs the whole program and the
 * teardown with no check: each must be free of the recorder.  Every seed
 * also as a G11 failure at the teardown (an exception of a type the program
 * never raises), whose script asserts that none reached
 * sys.unraisablehook, as a G11 failure of their number there (asserts as
 * many as the model and the raising callbacks say), as a G15 failure there, whose script asserts
 * that the program's gc.callbacks entries saw 'start' and 'stop' in turn:
 * under a correct python both pass; and every seed that ends an interpreter
 * as a failure of its atexit handlers' order there (G14), whose script
 * asserts, in the parent, the order its child ran them in; and what each
 * object no global names holds at the program's last collection (G7, G8),
 * reached through the slots that hold it.  Writes them into
 * OUTDIR for tests/plain-corpus.sh, which runs them under python.
 * Usage: test_plain CORPUS OUTDIR N */
#include "check.h"
#include "decode.h"
#include "inputs.h"
#include "plain.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *outdir;
static unsigned written, unnamed;
static struct run_result crash_result = {.outcome = OUTCOME_CRASH, .guarantee = 12, .number = -1};
static struct run_result g11_result = {.outcome = OUTCOME_VIOLATION, .guarantee = 11, .number = -1, .line = ~0u >> 1};
static struct run_result g11_count_result = {.outcome = OUTCOME_VIOLATION, .guarantee = 11, .number = -1,
                                             .line = ~0u >> 1};
static struct run_result g15_result = {.outcome = OUTCOME_VIOLATION, .guarantee = 15, .number = -1, .line = ~0u >> 1};
static struct run_result g14_result = {.outcome = OUTCOME_VIOLATION, .guarantee = 14, .number = -1};

/* A plain script into OUTDIR/NAME.py; it must not use the recorder. */
static void save(const char *name, const struct rendered *r)
{
    char path[4096];
    CHECK(!strstr(r->text, "_g.") && !strstr(r->text, "_gcfuzz"), "%s: the plain script still uses the recorder", name);
    snprintf(path, sizeof path, "%s/%s.py", outdir, name);
    FILE *f = fopen(path, "w");
    CHECK(f && fputs(r->text, f) >= 0 && fclose(f) == 0, "cannot write %s", path);
    written++;
}

static void write_plain(const struct program *p, const char *name, const struct run_result *res)
{
    static struct rendered r;
    char why[768];
    if (!plain_write(p, res, &r, why, sizeof why)) {
        CHECK(0, "%s: no plain script: %s", name, why);
        return;
    }
    save(name, &r);
}

/* G7 (what it holds) and, for an instance, G8 (its class attribute
 * lookups) about each live object no global names, at the program's last
 * gc.collect(): the plain script reaches it by a path of slots the model is
 * certain of, and passes. */
static void write_unnamed(const struct program *p, const char *name)
{
    static struct model_trace t;
    static struct rendered script;
    int c = (int)p->n_ops - 1;
    while (c >= 0 && p->ops[c].kind != OP_COLLECT)
        c--;
    if (c < 0 || !model_trace_run(&t, p) || !render_traced(p, &t, RENDER_SCRIPT, &script))
        return;
    const struct model *m = &t.after[c + 1];
    for (size_t i = 0; i < m->n_objects; i++) {
        int named = 0;
        for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++)
            named |= m->names[k] == (int)i || m->kept_by[k] == (int)i;
        if (named || m->objects[i].life != LIFE_LIVE)
            continue;
        for (int g = 7; g <= 8; g++) {
            struct run_result res = {.outcome = OUTCOME_VIOLATION, .guarantee = g, .subject = SUBJECT_OBJECT,
                                     .number = (int)i, .line = script.op_line[c]};
            static struct rendered r;
            char why[768], form[320];
            snprintf(res.message, sizeof res.message, "G%d o%zu (a test: it holds what it should)", g, i);
            if (!plain_write(p, &res, &r, why, sizeof why))
                continue; /* nothing certain reaches it, or no class attribute lookup */
            snprintf(form, sizeof form, "%s.g%d-o%zu", name, g, i);
            save(form, &r);
            unnamed++;
        }
    }
}

static int each_seed(const char *path, void *ctx)
{
    (void)ctx;
    struct input_file f;
    struct program p;
    if (input_read(path, &f) < 0)
        return 1;
    program_decode(&p, (const uint8_t *)f.data, f.size);
    input_free(&f);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char form[300];
    write_plain(&p, name, &crash_result);
    snprintf(form, sizeof form, "%s.g11", name);
    write_plain(&p, form, &g11_result);
    snprintf(form, sizeof form, "%s.g11-count", name);
    write_plain(&p, form, &g11_count_result);
    snprintf(form, sizeof form, "%s.g15", name);
    write_plain(&p, form, &g15_result);
    write_unnamed(&p, name);
    int handlers = 0; /* registered before the program ends an interpreter */
    for (size_t i = 0; i < p.n_ops && p.ops[i].kind != OP_SHUTDOWN; i++)
        handlers += p.ops[i].kind == OP_AT_EXIT;
    for (size_t i = 0; i < p.n_ops; i++)
        if (p.ops[i].kind == OP_SHUTDOWN) {
            snprintf(g14_result.message, sizeof g14_result.message,
                     "G14 %d atexit handlers registered, and the interpreter, ended at line 1, ran (a test: they ran "
                     "as they should)", handlers);
            snprintf(form, sizeof form, "%s.g14", name);
            write_plain(&p, form, &g14_result);
        }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_plain CORPUS OUTDIR N\n");
        return 2;
    }
    outdir = argv[2];
    snprintf(crash_result.message, sizeof crash_result.message, "G12 the interpreter crashed (a test: nothing did)");
    snprintf(g11_result.message, sizeof g11_result.message,
             "G11 1 exceptions reached sys.unraisablehook by line 1 (a test: none did), expected 0 AttributeError or "
             "ValueError (KeyError)");
    snprintf(g11_count_result.message, sizeof g11_count_result.message,
             "G11 1 exceptions reached sys.unraisablehook by line 1 (a test: as many as were due), expected 1 "
             "AttributeError or ValueError (expected)");
    snprintf(g15_result.message, sizeof g15_result.message,
             "G15 a gc.callbacks entry was called with 'start' at line 1 before the collection it saw start had "
             "stopped (a test: none was)");
    input_each(argv[1], each_seed, NULL);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (long i = 0; i < atol(argv[3]); i++) {
        uint8_t data[96];
        for (size_t k = 0; k < sizeof data; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            data[k] = (uint8_t)x;
        }
        struct program p;
        char name[32];
        program_decode(&p, data, sizeof data);
        snprintf(name, sizeof name, "random-%ld", i);
        write_plain(&p, name, &crash_result);
    }
    printf("%u plain scripts in %s (%u about an object no global names)\n", written, outdir, unnamed);
    CHECK(unnamed > 0, "no seed has a live object that only a path of slots reaches: the path form goes untested");
    return check_done();
}
