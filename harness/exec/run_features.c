/* run_features.c — the run's feature ids (run_features.h), counted as the
 * recorder sees collections and events.  Runs inside collections: no
 * allocation, no Python calls. */
#include "run_features.h"

#include <stdio.h>
#include <string.h>

static unsigned bucket(unsigned long n) { return n == 0 ? 0 : n == 1 ? 1 : n < 4 ? 2 : n < 16 ? 3 : 4; }

static void mark(uint8_t *seen, unsigned id) { seen[id / 8] |= (uint8_t)(1u << (id % 8)); }

static int marked(const uint8_t *seen, unsigned id) { return (seen[id / 8] >> (id % 8)) & 1; }

void run_stats_reset(struct run_stats *s)
{
    memset(s, 0, sizeof *s);
    s->last_kind = -1;
}

/* The innermost running collection (depth > 0) */
static int innermost(const struct run_stats *s) { return s->depth < RUN_DEPTH ? s->depth - 1 : RUN_DEPTH - 1; }

void run_stats_collection_start(struct run_stats *s, long generation)
{
    int g = generation < 0 ? 0 : generation >= RUN_GENERATIONS ? RUN_GENERATIONS - 1 : (int)generation;
    if (s->depth++ > 0)
        s->nested++;
    s->collections[g]++;
    int i = innermost(s);
    s->running[i].generation = g;
    memset(s->running[i].events, 0, sizeof s->running[i].events);
}

void run_stats_collection_stop(struct run_stats *s, long collected, long uncollectable)
{
    if (s->depth == 0) /* a stop without its start: the run began inside a collection */
        return;
    const unsigned *ev = s->running[innermost(s)].events;
    unsigned others = ev[EV_CALLBACK] + ev[EV_FINALLY] != 0, g = (unsigned)s->running[innermost(s)].generation;
    unsigned v = ((g * 2 + (collected > 0)) * 2 + (uncollectable > 0)) * RUN_BUCKETS + bucket(ev[EV_FINALIZER]);
    mark(s->seen, R_COLLECTION + v * 2 + others);
    s->depth--;
}

void run_stats_event(struct run_stats *s, enum run_event kind)
{
    int context = s->depth > 0 ? 1 + s->running[innermost(s)].generation : 0;
    s->events[kind][context]++;
    if (s->depth > 0)
        s->running[innermost(s)].events[kind]++;
    if (s->last_kind >= 0)
        mark(s->seen, R_ORDER + ((unsigned)s->last_kind * EV_COUNT + kind) * 2 + (context == s->last_context));
    s->last_kind = (int)kind, s->last_context = context;
}

unsigned run_features(const struct run_stats *s, uint16_t *ids, unsigned max)
{
    unsigned n = 0;
#define ADD(id) do { if (n < max) ids[n++] = (uint16_t)(id); } while (0)
    for (unsigned g = 0; g < RUN_GENERATIONS; g++)
        ADD(R_COLLECTIONS + g * RUN_BUCKETS + bucket(s->collections[g]));
    for (unsigned k = 0; k < EV_COUNT; k++)
        for (unsigned c = 0; c < RUN_CONTEXTS; c++)
            if (s->events[k][c])
                ADD(R_EVENTS + (k * RUN_CONTEXTS + c) * 4 + bucket(s->events[k][c]) - 1);
    for (unsigned id = R_COLLECTION; id < R_NESTED; id++)
        if (marked(s->seen, id))
            ADD(id);
    if (s->nested)
        ADD(R_NESTED + (s->nested == 1 ? 0 : s->nested < 4 ? 1 : 2));
#undef ADD
    return n;
}

static const char *const event_names[EV_COUNT] = {"finalizer", "callback", "finally", "unraisable"};
static const char *const bucket_names[RUN_BUCKETS] = {"0", "1", "2-3", "4-15", "16+"};

void run_feature_name(unsigned id, char *out, size_t size)
{
    static const char *const nested[] = {"1", "2-3", "4+"};
    if (id >= RUN_FEATURES) {
        snprintf(out, size, "?");
    } else if (id >= R_NESTED) {
        snprintf(out, size, "nested-collections:%s", nested[id - R_NESTED]);
    } else if (id >= R_ORDER) {
        unsigned v = id - R_ORDER;
        snprintf(out, size, "order:%s-then-%s:%s", event_names[v / 2 / EV_COUNT], event_names[v / 2 % EV_COUNT],
                 v % 2 ? "same-context" : "other-context");
    } else if (id >= R_COLLECTION) {
        unsigned v = id - R_COLLECTION, others = v % 2, fin = v / 2 % RUN_BUCKETS, unc = v / 2 / RUN_BUCKETS % 2;
        unsigned col = v / 2 / RUN_BUCKETS / 2 % 2, gen = v / 2 / RUN_BUCKETS / 2 / 2;
        snprintf(out, size, "collection:gen%u:collected%s:uncollectable%u:finalizers%s:others%u", gen, col ? "1+" : "0",
                 unc, bucket_names[fin], others);
    } else if (id >= R_EVENTS) {
        unsigned v = id - R_EVENTS, c = v / 4 % RUN_CONTEXTS;
        char context[12] = "refcount";
        if (c)
            snprintf(context, sizeof context, "gen%u", c - 1);
        snprintf(out, size, "event:%s:%s:%s", event_names[v / 4 / RUN_CONTEXTS], context, bucket_names[v % 4 + 1]);
    } else {
        snprintf(out, size, "collections:gen%u:%s", id / RUN_BUCKETS, bucket_names[id % RUN_BUCKETS]);
    }
}
