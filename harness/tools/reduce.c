/* reduce.c — see reduce.h.  ddmin over the operation list (the decoder
 * drops operations orphaned by a removal, so every candidate is a valid
 * program), then one pass that tries simpler operands: a class without the
 * "fix", slot 0, fewer collections.  A candidate is kept only when it fails
 * with the very same signature. */
#include "reduce.h"

#include "child.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPB GCFUZZ_OP_BYTES

static const char *category(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    if (o->kind == OBJ_LIST)
        return "list";
    if (o->kind == OBJ_DICT)
        return "dict";
    if (o->kind == OBJ_GENERATOR)
        return "generator";
    int fin = model_finalizer_class(m, o->cls);
    if (fin < 0)
        return "instance";
    return m->classes[fin].body == BODY_FIX ? "instance+fix" : "instance+del";
}

static void make_signature(const uint8_t *data, size_t size, const struct run_result *res, struct signature *sig)
{
    int obj = runner_failure_object(res->message);
    struct program p;
    struct model m;
    program_decode(&p, data, size);
    if (!strcmp(res->guarantee, "G12")) {
        /* "G12 the interpreter crashed: Segmentation fault (signal 11)" -> "G12 crashed: Segmentation fault" */
        const char *what = strstr(res->message, "crashed") ? "crashed" : strstr(res->message, "hung") ? "hung" : "leak";
        snprintf(sig->text, sizeof sig->text, "G12 %s", what);
    } else if (obj >= 0 && model_run(&m, &p) && obj < (int)m.n_objects) {
        snprintf(sig->text, sizeof sig->text, "%s %s", res->guarantee, category(&m, obj));
    } else {
        snprintf(sig->text, sizeof sig->text, "%s", res->guarantee);
    }
}

int reduce_classify(const uint8_t *data, size_t size, unsigned timeout, struct run_result *res, struct signature *sig)
{
    struct input_file f = {.data = (char *)data, .size = size, .is_script = 0};
    child_run_forked(&f, "(reduction candidate)", timeout, res);
    sig->text[0] = '\0';
    if (res->failed)
        make_signature(data, size, res, sig);
    return res->failed;
}

struct state {
    const struct signature *want;
    unsigned timeout, runs;
};

/* Does this candidate (raw ops, canonicalised here) still fail the same way?
 * On success the canonical candidate is left in out/out_size. */
static int still_fails(struct state *st, const uint8_t *raw, size_t raw_size, uint8_t *out, size_t *out_size)
{
    struct program p;
    struct run_result res;
    struct signature sig;
    program_decode(&p, raw, raw_size);
    *out_size = program_encode(&p, out);
    st->runs++;
    return reduce_classify(out, *out_size, st->timeout, &res, &sig) && !strcmp(sig.text, st->want->text);
}

/* ddmin: remove chunks of operations, halving the chunk size. */
static size_t remove_operations(struct state *st, uint8_t *data, size_t size, void (*progress)(size_t, unsigned))
{
    static uint8_t raw[GCFUZZ_MAX_OPS * OPB], out[GCFUZZ_MAX_OPS * OPB];
    size_t ops = size / OPB;
    for (size_t chunk = ops / 2 ? ops / 2 : 1; chunk >= 1; chunk /= 2) {
        for (size_t at = 0; at < size / OPB;) {
            size_t n_ops = size / OPB, len = chunk < n_ops - at ? chunk : n_ops - at, out_size;
            memcpy(raw, data, at * OPB);
            memcpy(raw + at * OPB, data + (at + len) * OPB, (n_ops - at - len) * OPB);
            if (still_fails(st, raw, (n_ops - len) * OPB, out, &out_size) && out_size < size) {
                memcpy(data, out, out_size);
                size = out_size;
                if (progress)
                    progress(size / OPB, st->runs);
            } else {
                at++;
            }
        }
        if (chunk == 1)
            break;
    }
    return size;
}

/* Simpler operands: plain classes before "fix" ones, low slots. */
static size_t simplify_operands(struct state *st, uint8_t *data, size_t size)
{
    static uint8_t raw[GCFUZZ_MAX_OPS * OPB], out[GCFUZZ_MAX_OPS * OPB];
    for (size_t i = 0; i < size / OPB; i++) {
        uint8_t *op = data + i * OPB;
        for (int field = 1; field < OPB; field++) {
            int simpler = op[0] == OP_NEW_CLASS && field == 1 ? op[field] == 2 : /* fix -> del */
                          (op[0] == OP_LINK || op[0] == OP_LINK_WEAK || op[0] == OP_SET_CLASS_ATTR) && field == 2;
            if (!simpler || op[field] == 0)
                continue;
            size_t out_size;
            memcpy(raw, data, size);
            raw[i * OPB + field] = op[0] == OP_NEW_CLASS ? 1 : 0;
            if (still_fails(st, raw, size, out, &out_size) && out_size <= size) {
                memcpy(data, out, out_size);
                size = out_size;
            }
        }
    }
    return size;
}

size_t reduce_input(uint8_t *data, size_t size, const struct signature *want, unsigned timeout,
                    void (*progress)(size_t ops, unsigned runs))
{
    struct state st = {.want = want, .timeout = timeout};
    size_t before;
    do {
        before = size;
        size = remove_operations(&st, data, size, progress);
        size = simplify_operands(&st, data, size);
    } while (size < before);
    return size;
}
