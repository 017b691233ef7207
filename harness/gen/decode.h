/* decode.h — fuzz input bytes to a program.
 *
 * Decoding is total: every byte string is one valid program.  Every
 * GCFUZZ_OP_BYTES bytes are one candidate operation: a kind byte (weighted by
 * ops.def) and three raw operand bytes, each resolved by its role
 * (operands.def) to something that exists at that point; a candidate the
 * model refuses is dropped.  An already resolved operation decodes to
 * itself, so program_encode is the inverse on decoded programs. */
#ifndef GCFUZZ_DECODE_H
#define GCFUZZ_DECODE_H

#include "model.h"
#include "program.h"

#include <stdint.h>

/* Decode bytes into a program.  Never fails; size 0 gives the empty program. */
void program_decode(struct program *p, const uint8_t *data, size_t size);

/* The same, keeping what decoding computes anyway, so that nothing after it
 * steps the model again: the model after each operation into t (when not
 * NULL), and the program's feature ids (program_features.h) into ids (when
 * not NULL), as program_features would write them.  Returns how many ids. */
unsigned program_decode_traced(struct program *p, const uint8_t *data, size_t size, struct model_trace *t,
                               uint16_t *ids, unsigned max);

/* The operation kind a kind byte means. */
int decode_kind(uint8_t byte);

/* How many kind-byte values there are before they repeat: the sum of the
 * operations' weights. */
int decode_kind_values(void);

#endif
