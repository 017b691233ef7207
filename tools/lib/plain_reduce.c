/* plain_reduce.c — running a plain script under a python, and reducing it
 * line by line (plain.h). */
#include "plain.h"
#include "writer.h"

#include <ctype.h>
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

/* Lines of a text, each without its newline, each its own allocation. */
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

struct search {
    const struct plain_reduction *how;
    struct lines *l;
    struct rendered candidate;
    int runs;
};

/* The candidate text still fails as wanted under the bad python, and
 * passes as before under the good one. */
static int keeps_failing(struct search *sr)
{
    const struct plain_reduction *how = sr->how;
    struct plain_outcome got;
    sr->runs++;
    if (plain_run(how->bad, 0, sr->candidate.text, sr->candidate.len, how->timeout, &got) < 0 ||
        !plain_same_failure(&how->want, &got))
        return 0;
    /* an assert can fail for a program that lost what made it true: the
       good python must still pass it, printing the same (no new "Exception
       ignored in" from a callback that lost its function) */
    if (!how->good)
        return 1;
    sr->runs++;
    return plain_run(how->good, 1, sr->candidate.text, sr->candidate.len, how->timeout, &got) == 0 &&
           got.status == 0 && !strcmp(got.last, how->good_output.last);
}

/* Try line i as `edited`: keep it if the script keeps failing. */
static int try_line(struct search *sr, size_t i, const char *edited)
{
    char *old = sr->l->line[i];
    sr->l->line[i] = (char *)edited;
    text_of(sr->l, &sr->candidate, 0, 0);
    if (keeps_failing(sr)) {
        sr->l->line[i] = strdup(edited);
        free(old);
        return 1;
    }
    sr->l->line[i] = old;
    return 0;
}

/* Remove statements and blocks, last first; 1 if any went. */
static int remove_blocks(struct search *sr)
{
    struct lines *l = sr->l;
    int changed = 0;
    for (size_t i = l->n; i-- > 0;) {
        if (l->gone[i] || l->line[i][0] == '#' || !l->line[i][0])
            continue; /* the header's comments stay: they say what the script shows */
        size_t end = block_end(l, i);
        text_of(l, &sr->candidate, i, end);
        if (!keeps_failing(sr))
            continue;
        for (size_t j = i; j < end; j++)
            l->gone[j] = 1;
        changed = 1;
        if (sr->how->progress)
            sr->how->progress(i + 1, end - i);
    }
    return changed;
}

/* Where the code of `line` is: 0 inside a string literal or a comment. */
static void code_map(const char *line, char *code)
{
    char quote = 0;
    size_t i = 0;
    for (; line[i]; i++) {
        if (quote) {
            code[i] = 0;
            if (line[i] == '\\' && line[i + 1])
                code[++i] = 0;
            else if (line[i] == quote)
                quote = 0;
        } else if (line[i] == '#') {
            break;
        } else {
            code[i] = !(line[i] == '\'' || line[i] == '"');
            if (!code[i])
                quote = line[i];
        }
    }
    memset(code + i, 0, strlen(line) - i + 1);
}

static void code_map(const char *line, char *code);

/* Simplify each line: drop one argument or item (a comma-separated part
 * of a bracket, or a module of an import), or make an integer smaller (1,
 * then 0); 1 if any did. */
static int simplify_lines(struct search *sr)
{
    struct lines *l = sr->l;
    int changed = 0;
    char edited[2048], code[2048];
    for (size_t i = 0; i < l->n; i++) {
        if (l->gone[i] || l->line[i][0] == '#' || strlen(l->line[i]) >= sizeof edited)
            continue;
        for (size_t at = 0; l->line[i][at]; at++) {
            const char *line = l->line[i];
            code_map(line, code);
            if (!code[at])
                continue;
            /* an integer literal, not part of a name */
            if (isdigit((unsigned char)line[at]) && (at == 0 || !(isalnum((unsigned char)line[at - 1]) ||
                                                                   line[at - 1] == '_' || line[at - 1] == '.'))) {
                size_t n = strspn(line + at, "0123456789");
                long v = strtol(line + at, NULL, 10);
                for (long smaller = 1; smaller >= 0; smaller--) {
                    if (smaller >= v)
                        continue;
                    snprintf(edited, sizeof edited, "%.*s%ld%s", (int)at, line, smaller, line + at + n);
                    if (try_line(sr, i, edited)) {
                        changed = 1;
                        break;
                    }
                }
                continue;
            }
            /* a comma at depth >= 1: drop the part after it, or before it */
            if (line[at] != ',')
                continue;
            int depth = 0;
            size_t open = 0;
            for (size_t k = 0; k < at; k++)
                if (code[k] && strchr("([{", line[k]))
                    depth++, open = k;
                else if (code[k] && strchr(")]}", line[k]))
                    depth--;
            if (depth < 1 && !strncmp(line, "import ", 7))
                depth = 1, open = 6; /* "import a, b": a list too */
            if (depth < 1)
                continue;
            size_t prev = open + 1, next = at + 1;
            for (size_t k = open + 1, d = 0; k < at; k++) /* the comma before this part, at this depth */
                if (code[k] && strchr("([{", line[k]))
                    d++;
                else if (code[k] && strchr(")]}", line[k]))
                    d--;
                else if (code[k] && line[k] == ',' && d == 0)
                    prev = k + 1 + strspn(line + k + 1, " ");
            for (int d = 0; line[next]; next++) /* the end of the part after it */
                if (code[next] && strchr("([{", line[next]))
                    d++;
                else if (code[next] && strchr(")]}", line[next]) && d-- == 0)
                    break;
                else if (code[next] && line[next] == ',' && d == 0)
                    break;
            snprintf(edited, sizeof edited, "%.*s%s", (int)at, line, line + next); /* drop ", after" */
            if (try_line(sr, i, edited)) {
                changed = 1;
                continue;
            }
            size_t skip = at + 1 + strspn(line + at + 1, " ");
            snprintf(edited, sizeof edited, "%.*s%s", (int)prev, line, line + skip); /* drop "before, " */
            if (try_line(sr, i, edited))
                changed = 1;
        }
    }
    return changed;
}

/* Where name (a whole word, in code) is in line, or NULL. */
static const char *find_name(const char *line, const char *name)
{
    char code[2048];
    size_t n = strlen(name);
    if (strlen(line) >= sizeof code)
        return NULL;
    code_map(line, code);
    for (const char *s = line; (s = strstr(s, name)) != NULL; s++) {
        size_t at = (size_t)(s - line);
        int word = (at == 0 || !(isalnum((unsigned char)s[-1]) || s[-1] == '_' || s[-1] == '.')) &&
                   !(isalnum((unsigned char)s[n]) || s[n] == '_');
        if (word && code[at])
            return s;
    }
    return NULL;
}

/* Inline names: a top-level "oN = EXPR" whose name the rest of the script
 * uses on one line only, once, has EXPR put there instead; 1 if any was. */
static int inline_names(struct search *sr)
{
    struct lines *l = sr->l;
    int changed = 0;
    char name[16], edited[2048];
    for (size_t i = 0; i < l->n; i++) {
        const char *line = l->line[i];
        int n = 0;
        if (l->gone[i] || sscanf(line, "%15[a-z0-9_] = %n", name, &n) != 1 || n == 0 || strchr(line, '#'))
            continue;
        size_t use = 0, uses = 0;
        for (size_t j = i + 1; j < l->n; j++)
            if (!l->gone[j] && find_name(l->line[j], name)) {
                const char *at = find_name(l->line[j], name);
                uses += 1 + (find_name(at + 1, name) != NULL), use = j;
            }
        if (uses != 1 || !strncmp(l->line[use], "del ", 4))
            continue;
        const char *at = find_name(l->line[use], name);
        snprintf(edited, sizeof edited, "%.*s(%s)%s", (int)(at - l->line[use]), l->line[use], line + n,
                 at + strlen(name));
        l->gone[i] = 1;
        if (try_line(sr, use, edited)) {
            changed = 1;
            continue;
        }
        l->gone[i] = 0;
    }
    return changed;
}

int plain_reduce(struct rendered *text, const struct plain_reduction *how)
{
    struct lines l = {0};
    for (const char *s = text->text; s && *s;) {
        size_t n = strcspn(s, "\n");
        l.line = realloc(l.line, (l.n + 1) * sizeof *l.line);
        l.line[l.n++] = strndup(s, n);
        s += n + (s[n] == '\n');
    }
    l.gone = calloc(l.n ? l.n : 1, 1);
    struct search sr = {.how = how, .l = &l};
    while (remove_blocks(&sr) | simplify_lines(&sr) | inline_names(&sr))
        ;
    text_of(&l, text, 0, 0);
    free(sr.candidate.text);
    for (size_t i = 0; i < l.n; i++)
        free(l.line[i]);
    free(l.gone);
    free(l.line);
    return sr.runs;
}
