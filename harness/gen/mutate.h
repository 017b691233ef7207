/* mutate.h — structure-aware mutation and crossover of encoded programs,
 * shared by libFuzzer (LLVMFuzzerCustomMutator / CustomCrossOver) and the
 * AFL++ custom mutator.  Both work on the operation list and hand back a
 * canonical encoding (decode, then encode), so the result is always a valid
 * program within max_size bytes.  Deterministic for a given seed. */
#ifndef GCFUZZ_MUTATE_H
#define GCFUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* Mutate data[0..size) in place; returns the new size (<= max_size). */
size_t gcfuzz_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* Splice two programs into out; returns its size (<= max_out). */
size_t gcfuzz_crossover(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size, uint8_t *out,
                        size_t max_out, unsigned int seed);

/* Canonical form of data (decode, encode) in place; returns the new size. */
size_t gcfuzz_canonical(uint8_t *data, size_t size, size_t max_size);

#endif
