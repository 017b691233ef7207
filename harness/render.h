/* render.h — a program as the self-checking Python script that runs it.
 *
 * The script is plain Python 3: run directly it uses a pure-Python recorder
 * from its preamble; inside the harness the native _gcfuzz module is already in
 * its namespace and only the body is compiled, padded with blank lines so that
 * line numbers are the same in both.  The expectations written into the body
 * are the model's, nothing else.  The same program always renders to the same
 * text.  The renderer must not run anything. */
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
    struct model model;                    /* the model after the whole program */
};

/* Render p into out (reusing out->text's buffer).  Returns 0 on out of memory. */
int render_program(const struct program *p, enum render_mode mode, struct rendered *out);

void rendered_free(struct rendered *r);

/* The line marking the end of the preamble; the body follows it. */
#define RENDER_BODY_MARK "# ---- program ----"

/* A short stable name for a program: hex of a hash of its encoding. */
void program_hash(const struct program *p, char out[17]);

#endif
