/* inputs.c — see inputs.h.  Must not run anything. */
#include "inputs.h"

#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int input_read(const char *path, struct input_file *f)
{
    memset(f, 0, sizeof *f);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "gcfuzz: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096;
    f->data = malloc(cap);
    for (size_t n; f->data && (n = fread(f->data + f->size, 1, cap - f->size - 1, fp)) > 0;) {
        f->size += n;
        if (f->size + 1 == cap)
            f->data = realloc(f->data, cap *= 2);
    }
    int err = ferror(fp) || !f->data;
    fclose(fp);
    if (err) {
        fprintf(stderr, "gcfuzz: cannot read %s\n", path);
        input_free(f);
        return -1;
    }
    f->data[f->size] = '\0';
    f->is_script = strstr(f->data, "\n" RENDER_BODY_MARK "\n") != NULL && strlen(f->data) == f->size;
    return 0;
}

void input_free(struct input_file *f)
{
    free(f->data);
    memset(f, 0, sizeof *f);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int input_each(const char *path, int (*fn)(const char *path, void *ctx), void *ctx)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "gcfuzz: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return fn(path, ctx);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "gcfuzz: cannot list %s: %s\n", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        sprintf(names[n++], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            total += fn(names[i], ctx);
        free(names[i]);
    }
    free(names);
    return total;
}
