/* test_run_features.c — the gc-level feedback (run_features.h): counting
 * rules on hand-made event sequences, then what real runs in the embedded
 * interpreter report: a cycle collected by gc.collect() is seen inside a
 * full collection, a lone object's finalizer outside any. */
#include "check.h"
#include "recorder.h"
#include "run_features.h"
#include "runner.h"

#include <string.h>

/* 1 if the run's features include one named `name` */
static int has(const struct run_stats *s, const char *name)
{
    uint16_t ids[RUN_FEATURES];
    unsigned n = run_features(s, ids, RUN_FEATURES);
    for (unsigned i = 0; i < n; i++) {
        char got[96];
        run_feature_name(ids[i], got, sizeof got);
        if (strcmp(got, name) == 0)
            return 1;
    }
    return 0;
}

static void test_counting_rules(void)
{
    struct run_stats s;
    run_stats_reset(&s);
    CHECK(has(&s, "collections:gen2:0") && !has(&s, "nested-collections:1"), "an empty run: no collection");
    run_stats_event(&s, EV_FINALIZER);
    run_stats_collection_start(&s, 2);
    run_stats_event(&s, EV_FINALIZER);
    run_stats_event(&s, EV_CALLBACK);
    run_stats_collection_start(&s, 0); /* started by an allocation inside the first */
    run_stats_collection_stop(&s, 0, 0);
    run_stats_collection_stop(&s, 5, 1);
    CHECK(has(&s, "event:finalizer:refcount:1") && has(&s, "event:finalizer:gen2:1"), "where each finalizer ran");
    CHECK(has(&s, "order:finalizer-then-finalizer:other-context"), "a finalizer inside after one outside");
    CHECK(has(&s, "order:finalizer-then-callback:same-context"), "then a callback, in the same collection");
    CHECK(has(&s, "nested-collections:1"), "a collection inside a collection");
    CHECK(has(&s, "collection:gen0:collected0:uncollectable0:finalizers0:others0"), "the inner one saw nothing");
    CHECK(has(&s, "collection:gen2:collected1+:uncollectable1:finalizers1:others1"),
          "the outer one keeps what ran inside it before the inner one");
    CHECK(has(&s, "collections:gen2:1") && has(&s, "collections:gen0:1"), "one of each");
    run_stats_collection_stop(&s, 0, 0); /* a stop without a start is ignored */
    CHECK(s.depth == 0, "depth stays at 0");
    for (int i = 0; i < 16; i++)
        run_stats_collection_start(&s, 7), run_stats_collection_stop(&s, 20, 0);
    CHECK(has(&s, "collections:gen2:16+") && has(&s, "collection:gen2:collected1+:uncollectable0:finalizers0:others0"),
          "generations above 2 count as 2; 16 or more collections is one bucket");
    char name[96];
    run_feature_name(RUN_FEATURES, name, sizeof name);
    CHECK(strcmp(name, "?") == 0, "no name past the range");
}

/* Run ops as the engines do: encoded, then decoded (which resolves them) */
static void run(const struct op *ops, size_t n, struct run_result *res)
{
    struct program p = {.n_ops = n};
    uint8_t bytes[GCFUZZ_MAX_OPS * GCFUZZ_OP_BYTES];
    memcpy(p.ops, ops, n * sizeof *ops);
    runner_run_input(bytes, program_encode(&p, bytes), res);
}

static void test_real_runs(void)
{
    struct run_result res;
    const struct op cycle[] = {
        {.kind = OP_NEW_CLASS, .a = BODY_RECORD},
        {.kind = OP_NEW_INSTANCE}, {.kind = OP_NEW_INSTANCE},
        {.kind = OP_LINK, .a = 0, .c = 1}, {.kind = OP_LINK, .a = 1, .c = 0},
        {.kind = OP_DEL_NAME, .a = 0}, {.kind = OP_DEL_NAME, .a = 1},
        {.kind = OP_COLLECT},
    };
    run(cycle, sizeof cycle / sizeof cycle[0], &res);
    const struct run_stats *s = recorder_stats();
    CHECK(!result_failed(&res), "the cycle program passes: %s", res.message);
    CHECK(has(s, "event:finalizer:gen2:2-3") && !has(s, "event:finalizer:refcount:1"),
          "both finalizers ran inside the full collection, none outside");
    CHECK(has(s, "collection:gen2:collected1+:uncollectable0:finalizers2-3:others0"), "what that collection did");
    const struct op lone[] = {
        {.kind = OP_NEW_CLASS, .a = BODY_RECORD},
        {.kind = OP_NEW_INSTANCE},
        {.kind = OP_DEL_NAME, .a = 0},
    };
    run(lone, sizeof lone / sizeof lone[0], &res);
    CHECK(!result_failed(&res), "the lone program passes: %s", res.message);
    CHECK(has(s, "event:finalizer:refcount:1") && !has(s, "event:finalizer:gen2:1"),
          "recorder_stats() is the last run's: one finalizer, by reference counting");
}

int main(void)
{
    test_counting_rules();
    if (runner_init() < 0)
        return 1;
    test_real_runs();
    return check_done();
}
