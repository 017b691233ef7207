/* test_program.c — the decoder: total over arbitrary bytes, bounded, and
 * encoding round-trips; the committed seeds are canonical encodings.
 * Usage: test_program [CORPUS_DIR] */
#include "check.h"
#include "model.h"
#include "decode.h"
#include "program_features.h"
#include "render.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x243F6A8885A308D3ull;
static uint8_t next_byte(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint8_t)rng;
}

static void test_total_and_bounded(void)
{
    static uint8_t data[8192];
    unsigned bad_model = 0, bad_roundtrip = 0, too_big = 0, bad_render = 0, bad_features = 0, bad_traced = 0;
    size_t most_ops = 0, longest_text = 0;
    struct rendered r = {0};
    for (int i = 0; i < 20000; i++) {
        size_t size = next_byte() * (i % 3 ? 1u : 32u);
        for (size_t k = 0; k < size; k++)
            data[k] = next_byte();
        /* bias some inputs toward valid kinds to reach deep programs */
        if (i % 2)
            for (size_t k = 0; k < size; k += 4)
                data[k] %= OP_KIND_COUNT;
        struct program p, again;
        struct model m;
        program_decode(&p, data, size);
        too_big += p.n_ops > GCFUZZ_MAX_OPS;
        if (p.n_ops > most_ops)
            most_ops = p.n_ops;
        bad_model += !model_run(&m, &p);
        uint8_t buf[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
        size_t n = program_encode(&p, buf);
        program_decode(&again, buf, n);
        bad_roundtrip += !program_equal(&p, &again);
        bad_render += !render_program(&p, RENDER_SCRIPT, &r);
        /* the features gathered while decoding are the program's, in order */
        static uint16_t ids[GCFUZZ_FEATURES], decoded_ids[GCFUZZ_FEATURES];
        unsigned n_ids = program_features(&p, ids, GCFUZZ_FEATURES);
        static struct model_trace t;
        unsigned n_decoded = program_decode_traced(&again, data, size, &t, decoded_ids, GCFUZZ_FEATURES);
        bad_features += n_ids != n_decoded || memcmp(ids, decoded_ids, n_ids * sizeof ids[0]) != 0 ||
                        !program_equal(&p, &again);
        /* and the renderer, reading that trace, writes what it writes alone */
        static struct rendered traced;
        bad_traced += !render_traced(&again, &t, RENDER_SCRIPT, &traced) || traced.len != r.len ||
                      memcmp(traced.text, r.text, r.len) != 0;
        if (r.len > longest_text)
            longest_text = r.len;
    }
    rendered_free(&r);
    CHECK(too_big == 0, "%u programs over GCFUZZ_MAX_OPS", too_big);
    CHECK(bad_model == 0, "%u decoded programs the model refuses", bad_model);
    CHECK(bad_roundtrip == 0, "%u programs that do not survive encode+decode", bad_roundtrip);
    CHECK(bad_render == 0, "%u programs the renderer could not write", bad_render);
    CHECK(bad_features == 0, "%u programs whose features differ when gathered while decoding", bad_features);
    CHECK(bad_traced == 0, "%u programs rendered otherwise from the decoder's trace", bad_traced);
    CHECK(most_ops == GCFUZZ_MAX_OPS, "the largest program has %zu ops: the cap is never reached", most_ops);
    CHECK(longest_text < 64 * 1024, "a rendered program of %zu bytes", longest_text);
    printf("decoder: 20000 random inputs, largest program %zu ops, longest text %zu bytes\n", most_ops,
           longest_text);
}

static void test_empty_and_short(void)
{
    struct program p;
    program_decode(&p, NULL, 0);
    CHECK(p.n_ops == 0, "empty input gives %zu ops", p.n_ops);
    uint8_t three[3] = {OP_NEW_CLASS, 1, 0};
    program_decode(&p, three, 3);
    CHECK(p.n_ops == 0, "a partial operation decodes to %zu ops", p.n_ops);
    uint8_t instance_first[4] = {OP_NEW_INSTANCE, 0, 0, 0};
    program_decode(&p, instance_first, 4);
    CHECK(p.n_ops == 0, "an instance with no class decodes to %zu ops", p.n_ops);
}

static void test_operands_resolve_to_existing(void)
{
    /* class, instance, then a link whose operands name nothing that exists */
    uint8_t data[] = {OP_NEW_CLASS, 1, 0, 0, OP_NEW_INSTANCE, 7, 0, 0, OP_LINK, 200, 9, 77};
    struct program p;
    program_decode(&p, data, sizeof data);
    CHECK(p.n_ops == 3, "got %zu ops", p.n_ops);
    CHECK(p.ops[1].a == 0 && p.ops[1].made == 0, "instance of C%d made o%d", p.ops[1].a, p.ops[1].made);
    CHECK(p.ops[2].a == 0 && p.ops[2].b == 1 && p.ops[2].c == 0, "link resolved to o%d.a%d = o%d", p.ops[2].a,
          p.ops[2].b, p.ops[2].c);
}

/* Each file of dir (those ending in suffix, "" for all but dotfiles), read
 * whole, to check(path, data, size); returns how many there were. */
typedef void (*input_check)(const char *path, const uint8_t *data, size_t size);
static unsigned each_input(const char *dir, const char *suffix, input_check check)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL, "cannot open %s", dir);
    if (!d)
        return 0;
    unsigned files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name), want = strlen(suffix);
        if (e->d_name[0] == '.' || len < want || strcmp(e->d_name + len - want, suffix) != 0)
            continue;
        char path[4096];
        uint8_t data[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        size_t n = f ? fread(data, 1, sizeof data, f) : 0;
        if (f)
            fclose(f);
        check(path, data, n);
        files++;
    }
    closedir(d);
    return files;
}

static void seed_canonical(const char *path, const uint8_t *data, size_t n)
{
    uint8_t buf[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    struct program p;
    program_decode(&p, data, n);
    size_t m = program_encode(&p, buf);
    CHECK(m == n && memcmp(buf, data, n) == 0,
          "seed %s is not canonical: %zu bytes decode to %zu ops (an operation was dropped or remapped)", path, n,
          p.n_ops);
}

static void test_corpus_canonical(const char *dir)
{
    unsigned files = each_input(dir, "", seed_canonical);
    CHECK(files > 0, "no seeds in %s", dir);
    printf("corpus: %u seeds checked\n", files);
}

/* The body rows' traits (operands.def) agree with one another: an inert
 * body has no other trait, and every other body has an effect to follow
 * or to leave open. */
static void test_body_traits_consistent(void)
{
    for (int b = 0; b < BODY_COUNT; b++) {
        unsigned t = body_traits[b];
        CHECK(!(t & T_INERT) || !(t & T_EFFECTS), "body %s: inert with effects (%#x)", body_names[b], t);
        CHECK(!(t & T_NEVER_EXACT) || !(t & T_REVIVES), "body %s: revives exactly yet is never exact", body_names[b]);
    }
    CHECK(body_traits[BODY_NONE] == T_INERT, "no __del__ must be inert");
    CHECK(body_traits[BODY_COLLECT] & T_COLLECTS, "gc.collect() in __del__ collects");
}

/* Committed inputs that are not seeds (regressions, test inputs) may drop
 * operations, but every kind byte must name its operation itself: the
 * values above the table repeat operations by weight, and appending an
 * operation remaps them, which would silently change what these inputs
 * are (it did: soak-ft-top-level-lambda and two test inputs, fixed in the
 * same commit as this check). */
static void identity_kinds(const char *path, const uint8_t *data, size_t n)
{
    for (size_t i = 0; i + GCFUZZ_OP_BYTES <= n; i += GCFUZZ_OP_BYTES)
        CHECK(data[i] < OP_KIND_COUNT, "%s: operation %zu's kind byte %u is not an operation's own value", path,
              i / GCFUZZ_OP_BYTES, data[i]);
}

static void test_pinned_inputs_use_identity_kinds(const char *dir)
{
    printf("%s: %u inputs checked\n", dir, each_input(dir, ".bin", identity_kinds));
}

int main(int argc, char **argv)
{
    test_body_traits_consistent();
    test_empty_and_short();
    test_operands_resolve_to_existing();
    test_total_and_bounded();
    if (argc > 1)
        test_corpus_canonical(argv[1]);
    for (int i = 2; i < argc; i++)
        test_pinned_inputs_use_identity_kinds(argv[i]);
    return check_done();
}
