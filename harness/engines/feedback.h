/* feedback.h — what an engine counts for one input besides the harness's
 * own edges, as one id space below FEEDBACK_IDS: before the run, the
 * model's program features (program_features.h); after it, what the
 * collector was seen doing (run_features.h, gc-level feedback).  The
 * environment variable GCFUZZ_FEEDBACK picks how much: all (the default),
 * program (the model's features only) or none (the harness's edges only),
 * so that campaigns can measure what each adds. */
#ifndef GCFUZZ_FEEDBACK_H
#define GCFUZZ_FEEDBACK_H

#include "program_features.h"
#include "run_features.h"

#include <stddef.h>
#include <stdint.h>

#define FEEDBACK_IDS (GCFUZZ_FEATURES + RUN_FEATURES)

/* What an engine does with one id: bump its counter. */
typedef void (*feedback_hit)(unsigned id);

/* Read GCFUZZ_FEEDBACK; -1 after a message on stderr if it names no mode. */
int feedback_init(void);

/* Decode an input into p and its trace t (decode.h) and count the program's
 * features (before running it: one pass of the model does all three), then
 * the run's. */
void feedback_decode(struct program *p, struct model_trace *t, const uint8_t *data, size_t size, feedback_hit hit);
void feedback_run(feedback_hit hit);

#endif
