/* program_features.h — what a program exercises, as small integer ids: which
 * constructs it uses, how each object dies (by reference counting, as cyclic
 * garbage, at the teardown), with or without a finalizer, and which checks
 * its checkpoints carry.  libFuzzer reads them as extra coverage (Debian's
 * libpython has none of its own); gcfuzz-features counts them over a corpus. */
#ifndef GCFUZZ_PROGRAM_FEATURES_H
#define GCFUZZ_PROGRAM_FEATURES_H

#include "program.h"

#define GCFUZZ_FEATURES 2048 /* ids are below this */

/* Write the program's feature ids (each once) into ids; returns how many. */
unsigned program_features(const struct program *p, uint16_t *ids, unsigned max);

/* A readable name for a feature id, e.g. "death:cyclic:instance+del". */
void feature_name(unsigned id, char *out, size_t size);

#endif
