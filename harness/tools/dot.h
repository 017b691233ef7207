/* dot.h — a Graphviz picture of a program's objects at the checkpoint a
 * failure message names ("... line N ..."), with the object it names
 * ("o4") highlighted: names, classes, class attributes, items, attributes,
 * weak references, and each object's state in the model. */
#ifndef GCFUZZ_DOT_H
#define GCFUZZ_DOT_H

#include "program.h"

#include <stdio.h>

/* Write the graph; message may be NULL (the state after the last op).
 * Returns 0, or -1 on a write error. */
int dot_write(const struct program *p, const char *message, FILE *out);

#endif
