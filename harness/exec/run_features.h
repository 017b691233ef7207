/* run_features.h — what the interpreter was seen doing while one program
 * ran, as small integer ids: the gc-level feedback for libpythons built
 * without coverage instrumentation (Debian's).  program_features.h says
 * what the model predicts a program exercises; these say what the
 * collector did: how many collections of each generation ran (gc.callbacks
 * reports each), what each collected and how many finalizers, weakref
 * callbacks and finally blocks ran inside it, where each of those events
 * ran (inside a collection of generation g, or outside any: reference
 * counting), which kind of event followed which, unraisable exceptions, and
 * collections started while another ran.  The recorder fills a struct
 * run_stats per program (recorder_stats()); run_features() turns it into
 * ids below RUN_FEATURES.  Nothing here is a verdict: an id only tells the
 * fuzzer that a program made the interpreter do something new. */
#ifndef GCFUZZ_RUN_FEATURES_H
#define GCFUZZ_RUN_FEATURES_H

#include <stddef.h>
#include <stdint.h>

enum run_event { EV_FINALIZER, EV_CALLBACK, EV_FINALLY, EV_UNRAISABLE, EV_COUNT };

#define RUN_GENERATIONS 3 /* a collection's generation, clamped to 0..2 */
#define RUN_CONTEXTS (1 + RUN_GENERATIONS) /* outside any collection, or inside one of generation g */
#define RUN_DEPTH 4 /* nested collections followed one by one */

/* Buckets of counts: 0, 1, 2-3, 4-15, 16+ */
#define RUN_BUCKETS 5

enum run_feature_range {
    R_COLLECTIONS = 0,                                         /* generation x bucket of how many ran */
    R_EVENTS = R_COLLECTIONS + RUN_GENERATIONS * RUN_BUCKETS,  /* event x context x bucket (1, 2-3, 4-15, 16+) */
    R_COLLECTION = R_EVENTS + EV_COUNT * RUN_CONTEXTS * 4,     /* one collection: generation x collected any x
                                                                  uncollectable any x finalizers bucket x other events */
    R_ORDER = R_COLLECTION + RUN_GENERATIONS * 2 * 2 * RUN_BUCKETS * 2, /* event after event: kinds x same context */
    R_NESTED = R_ORDER + EV_COUNT * EV_COUNT * 2,              /* collections started inside one: 1, 2-3, 4+ */
    RUN_FEATURES = R_NESTED + 3,
};

struct run_stats {
    unsigned collections[RUN_GENERATIONS];
    unsigned events[EV_COUNT][RUN_CONTEXTS];
    unsigned nested;                     /* collections that started while one was running */
    uint8_t seen[RUN_FEATURES / 8 + 1];  /* per-collection and order ids met so far */
    /* the state of the run so far */
    int depth; /* collections running (one starts inside another through a finalizer or an allocation) */
    struct {
        int generation;
        unsigned events[EV_COUNT];
    } running[RUN_DEPTH]; /* the collections running, outermost first; deeper ones share the last entry */
    int last_kind, last_context;         /* the previous event; last_kind -1: none yet */
};

/* Forget the last run: before each program. */
void run_stats_reset(struct run_stats *s);

/* A collection of generation `generation` starts; one ends having
 * collected and found uncollectable that many objects. */
void run_stats_collection_start(struct run_stats *s, long generation);
void run_stats_collection_stop(struct run_stats *s, long collected, long uncollectable);

/* Event `kind` ran now. */
void run_stats_event(struct run_stats *s, enum run_event kind);

/* The run's feature ids (each once) into ids; returns how many. */
unsigned run_features(const struct run_stats *s, uint16_t *ids, unsigned max);

/* A readable name for a run feature id, e.g. "collection:gen2:collected1+:uncollectable0:finalizers1:others0". */
void run_feature_name(unsigned id, char *out, size_t size);

#endif
