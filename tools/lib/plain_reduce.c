/* plain_reduce.c — running a plain script under a python, and reducing it
 * line by line (plain.h). */
#include "plain.h"
#include "writer.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* The last non-empty line of file `path` into out. */
static void last_line(const char *path, char *out, size_t size)
{
    char line[1024];
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0])
            snprintf(out, size, "%.*s", (int)size - 1, line);
    }
    if (f)
        fclose(f);
}

int plain_run(const char *python, int own_library, const char *text, size_t len, unsigned timeout,
              struct plain_outcome *out)
{
    char dir[] = "/tmp/gcfuzz-plain-XXXXXX", script[64], output[64];
    memset(out, 0, sizeof *out);
    if (!mkdtemp(dir))
        return -1;
    snprintf(script, sizeof script, "%s/plain.py", dir);
    snprintf(output, sizeof output, "%s/output", dir);
    int status = -1;
    if (write_text(script, text, len) == 0) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            FILE *o = freopen(output, "w", stdout);
            if (!o || dup2(fileno(stdout), 2) < 0 || chdir(dir) != 0)
                _exit(126);
            unsetenv("PYTHONPATH"); /* nothing of gcfuzz: the script must stand alone */
            if (own_library)
                unsetenv("LD_LIBRARY_PATH");
            alarm(timeout);         /* survives exec: a hang ends as SIGALRM */
            execlp(python, python, "plain.py", (char *)NULL);
            _exit(127);
        }
        if (pid > 0 && waitpid(pid, &status, 0) == pid) {
            out->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            last_line(output, out->last, sizeof out->last);
        }
    }
    unlink(script);
    unlink(output);
    rmdir(dir);
    return status == -1 ? -1 : 0;
}

int plain_same_failure(const struct plain_outcome *a, const struct plain_outcome *b)
{
    return a->status != 0 && a->status == b->status && (a->status > 128 || !strcmp(a->last, b->last));
}

/* Lines of a text, each without its newline. */
struct lines {
    char **line;
    size_t n;
    unsigned char *gone;
};

static void text_of(const struct lines *l, struct rendered *out, size_t skip_from, size_t skip_to)
{
    struct writer w = writer_start(out);
    for (size_t i = 0; i < l->n; i++)
        if (!l->gone[i] && (i < skip_from || i >= skip_to)) {
            put_text(&w, l->line[i], strlen(l->line[i]));
            put_text(&w, "\n", 1);
        }
}

static size_t indent_of(const char *s) { return strspn(s, " "); }

/* The block starting at line i: it and the lines after it indented deeper
 * (skipping removed ones); returns one past its end. */
static size_t block_end(const struct lines *l, size_t i)
{
    size_t in = indent_of(l->line[i]), j = i + 1;
    while (j < l->n && (l->gone[j] || indent_of(l->line[j]) > in || !l->line[j][0]))
        j++;
    return j;
}

int plain_reduce(struct rendered *text, const struct plain_reduction *how)
{
    struct lines l = {0};
    char *copy = strdup(text->text);
    for (char *s = copy; s && *s;) {
        char *nl = strchr(s, '\n');
        l.line = realloc(l.line, (l.n + 1) * sizeof *l.line);
        l.line[l.n++] = s;
        if (nl)
            *nl = '\0';
        s = nl ? nl + 1 : NULL;
    }
    l.gone = calloc(l.n ? l.n : 1, 1);
    struct rendered candidate = {0};
    struct plain_outcome got;
    int runs = 0;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = l.n; i-- > 0;) {
            if (l.gone[i] || l.line[i][0] == '#' || !l.line[i][0])
                continue; /* the header's comments stay: they say what the script shows */
            size_t end = block_end(&l, i);
            text_of(&l, &candidate, i, end);
            runs++;
            if (plain_run(how->bad, 0, candidate.text, candidate.len, how->timeout, &got) < 0 ||
                !plain_same_failure(&how->want, &got))
                continue;
            /* an assert can fail for a program that lost what made it true:
               the good python must still pass it, printing the same (no new
               "Exception ignored in" from a callback that lost its function) */
            if (how->good) {
                runs++;
                if (plain_run(how->good, 1, candidate.text, candidate.len, how->timeout, &got) < 0 ||
                    got.status != 0 || strcmp(got.last, how->good_output.last))
                    continue;
            }
            for (size_t j = i; j < end; j++)
                l.gone[j] = 1;
            changed = 1;
            if (how->progress)
                how->progress(i + 1, end - i);
        }
    }
    text_of(&l, text, 0, 0);
    free(candidate.text);
    free(l.gone);
    free(l.line);
    free(copy);
    return runs;
}
