/* writer.c — see writer.h. */
#include "writer.h"

#include "format.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct writer writer_start(struct rendered *out)
{
    out->len = 0;
    return (struct writer){.out = out, .line = 1, .ok = 1};
}

void put_text(struct writer *w, const char *text, size_t n)
{
    struct rendered *r = w->out;
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        while (cap < r->len + n + 1)
            cap *= 2;
        char *grown = realloc(r->text, cap);
        if (!grown) {
            w->ok = 0;
            return;
        }
        r->text = grown, r->cap = cap;
    }
    memcpy(r->text + r->len, text, n);
    r->len += n;
    r->text[r->len] = '\0';
    for (size_t i = 0; i < n; i++)
        w->line += text[i] == '\n';
}

void put(struct writer *w, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vformat(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        w->ok = 0;
        return;
    }
    put_text(w, tmp, (size_t)n);
}

void put_indented(struct writer *w, const char *indent, const char *text)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        put_text(w, indent, strlen(indent));
        put_text(w, s, n + (s[n] == '\n'));
        s += n + (s[n] == '\n');
    }
}
