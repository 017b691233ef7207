/* dot.h — a Graphviz picture of a program's objects at the line a failure
 * was detected at, with the object it is about highlighted: names, classes,
 * class attributes, items, attributes, weak references, and each object's
 * state in the model.  Labels come from the kind catalogue. */
#ifndef GCFUZZ_DOT_H
#define GCFUZZ_DOT_H

#include "model.h"
#include "program.h"
#include "result.h"

#include <stdio.h>

/* Write the graph; res may be NULL (the state after the last operation).
 * Returns 0, or -1 on a write error. */
int dot_write(const struct program *p, const struct run_result *res, FILE *out);

/* The label a node of object `obj` gets, e.g. "o3: C1 (__del__)",
 * "o2: list-instance C0", "o5: weak-set". */
void dot_object_label(const struct model *m, int obj, char *out, size_t size);

#endif
