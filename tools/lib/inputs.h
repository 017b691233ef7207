/* inputs.h — reading what the tools are given: engine inputs (raw bytes),
 * rendered scripts (.py, recognised by their body mark), and directories of
 * either.  Shared by gcfuzz-replay, gcfuzz-repro and the standalone driver so
 * that every tool reads a path the same way. */
#ifndef GCFUZZ_INPUTS_H
#define GCFUZZ_INPUTS_H

#include <stddef.h>

struct input_file {
    char *data;  /* NUL-terminated copy of the file */
    size_t size;
    int is_script; /* holds the rendered-script body mark */
};

/* Read path into f.  Returns 0, or -1 with a message on stderr. */
int input_read(const char *path, struct input_file *f);
void input_free(struct input_file *f);

/* Call fn(path, ctx) for path, or for each regular file in it (sorted, not
 * recursive, hidden files skipped) when it is a directory.  Returns the sum
 * of fn's results, or -1 with a message if path cannot be read. */
int input_each(const char *path, int (*fn)(const char *path, void *ctx), void *ctx);

#endif
