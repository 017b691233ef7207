/* reduce.c — see reduce.h.  Two reducers, run in turn until neither makes
 * progress (a fixpoint, as Fuzzilli's minimizer): ddmin over the operation
 * list (the decoder drops operations orphaned by a removal, so every
 * candidate is a valid program), and a shrinker that moves every operand
 * to the smallest value that keeps the failure (toward the first object,
 * slot or class, no finalizer), as Hypothesis's does.  A candidate is kept only when it fails
 * with the very same signature and its canonical bytes are smaller: fewer,
 * or as many and lower at the first difference.  Every kept candidate is
 * smaller than the last, so the loop ends. */
#define _GNU_SOURCE 1 /* sigabbrev_np */
#include "reduce.h"

#include "child.h"
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPB GCFUZZ_OP_BYTES

void failure_category(const struct model *m, int obj, char *out, size_t size)
{
    int body = model_object_body(m, obj);
    snprintf(out, size, "%s%s%s", kind_info(m->objects[obj].kind)->name, body != BODY_NONE ? "+" : "",
             body != BODY_NONE ? body_names[body] : "");
}

/* What a violation is about: an object's category, a callback's referent's,
 * a name or a class. */
static void subject_category(const struct program *p, const struct run_result *res, char *out, size_t size)
{
    struct model m;
    out[0] = '\0';
    if (res->subject == SUBJECT_NAME || res->subject == SUBJECT_CLASS) {
        snprintf(out, size, " %s", res->subject == SUBJECT_NAME ? "name" : "class");
        return;
    }
    if (res->number < 0 || !model_run(&m, p))
        return;
    if (res->subject == SUBJECT_OBJECT && res->number < (int)m.n_objects) {
        out[0] = ' ';
        failure_category(&m, res->number, out + 1, size - 1);
    } else if (res->subject == SUBJECT_CALLBACK && res->number < (int)m.n_callbacks &&
               m.callbacks[res->number].holder == CB_CLASS) {
        snprintf(out, size, " class-finalizer");
    } else if (res->subject == SUBJECT_CALLBACK && res->number < (int)m.n_callbacks) {
        int n = snprintf(out, size, " callback->");
        failure_category(&m, m.callbacks[res->number].referent, out + n, size - (size_t)n);
    }
}

void failure_signature(const struct program *p, const struct run_result *res, struct signature *sig)
{
    char what[128];
    size_t n;
    switch ((enum outcome)res->outcome) {
    case OUTCOME_VIOLATION:
        subject_category(p, res, what, sizeof what);
        snprintf(sig->text, sizeof sig->text, "G%d%s", res->guarantee, what);
        break;
    case OUTCOME_CRASH:
        n = (size_t)snprintf(sig->text, sizeof sig->text, "G12 crash %s",
                             res->report[0] ? res->report : res->signal ? sigabbrev_np(res->signal) : "exit");
        for (int i = 0; i < RESULT_FRAMES && res->frames[i][0] && n < sizeof sig->text; i++)
            n += (size_t)snprintf(sig->text + n, sizeof sig->text - n, "%s%s", i ? " < " : " in ", res->frames[i]);
        break;
    case OUTCOME_HANG: snprintf(sig->text, sizeof sig->text, "G12 hang"); break;
    case OUTCOME_LEAK: snprintf(sig->text, sizeof sig->text, "G12 leak"); break;
    case OUTCOME_ERROR: snprintf(sig->text, sizeof sig->text, "ERROR"); break;
    case OUTCOME_PASS: sig->text[0] = '\0'; break;
    }
}

int reduce_classify(const uint8_t *data, size_t size, unsigned timeout, struct run_result *res, struct signature *sig)
{
    struct input_file f = {.data = (char *)data, .size = size, .is_script = 0};
    struct program p;
    child_run_forked(&f, "(reduction candidate)", timeout, res);
    program_decode(&p, data, size);
    failure_signature(&p, res, sig);
    return result_failed(res);
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

/* Is canonical input a smaller than b: fewer bytes, or as many and lower
 * at the first difference. */
static int smaller(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size)
{
    return a_size != b_size ? a_size < b_size : memcmp(a, b, a_size) < 0;
}

/* Operand `field` of operation i set to v: kept when it fails the same way
 * and is smaller.  Returns whether it was kept. */
static int try_operand(struct state *st, uint8_t *data, size_t *size, size_t i, int field, uint8_t v)
{
    static uint8_t raw[GCFUZZ_MAX_OPS * OPB], out[GCFUZZ_MAX_OPS * OPB];
    size_t out_size;
    memcpy(raw, data, *size);
    raw[i * OPB + field] = v;
    if (!still_fails(st, raw, *size, out, &out_size) || !smaller(out, out_size, data, *size))
        return 0;
    memcpy(data, out, out_size);
    *size = out_size;
    return 1;
}

/* One step of operand `field` of operation i toward 0: the smallest value
 * below it that is kept (operands index what exists at that point, so
 * there are few).  Returns whether a step was kept. */
static int shrink_step(struct state *st, uint8_t *data, size_t *size, size_t i, int field)
{
    for (uint8_t v = 0; v < data[i * OPB + field]; v++)
        if (try_operand(st, data, size, i, field, v))
            return 1;
    return 0;
}

static void shrink_operands(struct state *st, uint8_t *data, size_t *size)
{
    for (size_t i = 0; i < *size / OPB; i++)
        for (int field = 1; field < OPB; field++)
            while (i < *size / OPB && shrink_step(st, data, size, i, field))
                ;
}

size_t reduce_input(uint8_t *data, size_t size, const struct signature *want, unsigned timeout,
                    void (*progress)(size_t ops, unsigned runs))
{
    static uint8_t last[GCFUZZ_MAX_OPS * OPB];
    struct state st = {.want = want, .timeout = timeout};
    size_t last_size;
    do {
        memcpy(last, data, size);
        last_size = size;
        size = remove_operations(&st, data, size, progress);
        shrink_operands(&st, data, &size);
        if (progress && smaller(data, size, last, last_size))
            progress(size / OPB, st.runs);
    } while (smaller(data, size, last, last_size));
    return size;
}
