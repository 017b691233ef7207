/* render.h — a program as the self-checking Python script that runs it.
 *
 * The script is plain Python 3: run directly it uses a pure-Python recorder
 * from its preamble; inside the harness the native _gcfuzz module is already
 * in its namespace and only the body is compiled, padded with blank lines so
 * that line numbers are the same in both.  The expectations written into the
 * body are the model's, in the shape language (shape.h), nothing else.  The
 * same program always renders to the same text.  The renderer runs nothing. */
#ifndef GCFUZZ_RENDER_H
#define GCFUZZ_RENDER_H

#include "model.h"
#include "program.h"

#include <stddef.h>

enum render_mode {
    RENDER_SCRIPT, /* the whole script, fallback recorder included */
    RENDER_NATIVE  /* blank lines in place of the preamble, then the body */
};

struct rendered {
    char *text;
    size_t len, cap;
    unsigned preamble_lines;               /* lines before the body */
    unsigned op_line[GCFUZZ_MAX_OPS + 1];  /* first line of each op; [n_ops]: teardown */
    struct model model;                    /* the model after the whole program, teardown included */
};

/* Render p into out (reusing out->text's buffer).  Returns 0 when p is not
 * a decoded program, or on out of memory. */
int render_program(const struct program *p, enum render_mode mode, struct rendered *out);

/* The same from p's trace (model.h), as the decoder left it: the model is
 * not stepped again. */
int render_traced(const struct program *p, const struct model_trace *t, enum render_mode mode, struct rendered *out);

void rendered_free(struct rendered *r);

/* The line marking the end of the preamble; the body follows it. */
#define RENDER_BODY_MARK "# ---- program ----"

/* How many of the program's n_ops operations start at or before `line` of
 * the rendered text: the model after that many is the one at that line. */
size_t rendered_ops_through(const struct rendered *r, size_t n_ops, unsigned line);

#endif
