/* writer.h — text written into a struct rendered (render.h), counting the
 * lines it writes; a write that runs out of memory or overflows a line
 * buffer clears `ok`, and the text is then not to be used.  Shared by the
 * renderer and the tools that write Python (tools/lib/plain.c). */
#ifndef GCFUZZ_WRITER_H
#define GCFUZZ_WRITER_H

#include "render.h"

#include <stddef.h>

struct writer {
    struct rendered *out;
    unsigned line; /* the line being written, from 1 */
    int ok;
};

/* A writer appending to out, at line 1; out->len is set to 0. */
struct writer writer_start(struct rendered *out);

void put_text(struct writer *w, const char *text, size_t n);
/* printf-style, one piece of at most 2 KiB (format.h) */
void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Every line of `text`, each after `indent`. */
void put_indented(struct writer *w, const char *indent, const char *text);

#endif
