/* render.h — a program as the self-checking Python script that runs it.
 *
 * The script is plain Python 3: run directly it imports the pure-Python
 * recorder (the module gcfuzz_recorder, render_recorder_module()) or, in
 * a standalone script, carries it in its preamble; inside the harness the
 * native _gcfuzz module is already in its namespace and only the body is
 * compiled, padded with blank lines so that messages name the script's
 * lines.  The expectations written into the body are the model's, in the
 * shape language (shape.h), nothing else; the lines they name count from
 * the RENDER_BODY_MARK line (line 0 of the program), so a script's header
 * may change without changing them.  The same program always renders to
 * the same text.  The renderer runs nothing. */
#ifndef GCFUZZ_RENDER_H
#define GCFUZZ_RENDER_H

#include "model.h"
#include "program.h"

#include <stddef.h>

enum render_mode {
    RENDER_SCRIPT,     /* the whole script; it imports the pure-Python recorder */
    RENDER_STANDALONE, /* the whole script with the pure-Python recorder pasted in */
    RENDER_NATIVE      /* blank lines in place of RENDER_SCRIPT's preamble, then the body */
};

struct rendered {
    char *text;
    size_t len, cap;
    unsigned preamble_lines;               /* lines before the body, RENDER_BODY_MARK's the last */
    unsigned op_line[GCFUZZ_MAX_OPS + 1];  /* first line of each op in the text; [n_ops]: teardown */
    struct model model;                    /* the model after the whole program, teardown included */
};

/* Render p into out (reusing out->text's buffer).  Returns 0 when p is not
 * a decoded program, or on out of memory. */
int render_program(const struct program *p, enum render_mode mode, struct rendered *out);

/* The same from p's trace (model.h), as the decoder left it: the model is
 * not stepped again. */
int render_traced(const struct program *p, const struct model_trace *t, enum render_mode mode, struct rendered *out);

void rendered_free(struct rendered *r);

/* The pure-Python recorder as the module gcfuzz_recorder (exec/fallback.py,
 * the helpers of exec/helpers.py and the constants they read), which
 * RENDER_SCRIPT's scripts import outside the harness: the same text each call. */
const char *render_recorder_module(void);

/* exec/helpers.py: the helpers programs call (_g.gen, _g.cell, ...), each a
 * top-level def, for tools that write programs without the recorder. */
const char *render_helpers_source(void);

/* A RENDER_SCRIPT script's text as its RENDER_STANDALONE form (the import
 * of the recorder replaced by the recorder itself; lines after it shift,
 * the expectations stay true).  Returns 0 when `script` does not import
 * the recorder as RENDER_SCRIPT writes it, or on out of memory. */
int render_standalone(const char *script, struct rendered *out);

/* The line marking the end of the preamble; the body follows it.  It is
 * line 0 of the program: an expectation's {o: line} counts from it, and the
 * recorders learn where it is from the body's first line, _g.deaths_are(). */
#define RENDER_BODY_MARK "# ---- program ----"

/* How many of the program's n_ops operations start at or before `line` of
 * the rendered text: the model after that many is the one at that line. */
size_t rendered_ops_through(const struct rendered *r, size_t n_ops, unsigned line);

#endif
