/* shape.c — reading the shape language of shape.h: a cursor over the
 * text, one function per production.  Strict: anything the grammar does not
 * allow is malformed, so a corrupt expectation is an error, not a pass. */
#include "shape.h"

#include <string.h>

struct cursor {
    const char *p, *end;
};

static int at(const struct cursor *c, char ch) { return c->p < c->end && *c->p == ch; }

static int eat(struct cursor *c, char ch)
{
    if (!at(c, ch))
        return 0;
    c->p++;
    return 1;
}

static int digit(const struct cursor *c) { return c->p < c->end && *c->p >= '0' && *c->p <= '9'; }

/* A decimal number below `limit`, or -1. */
static int number(struct cursor *c, int limit)
{
    if (!digit(c))
        return -1;
    long v = 0;
    while (digit(c) && v <= limit)
        v = v * 10 + (*c->p++ - '0');
    return v < limit ? (int)v : -1;
}

/* LETTER ID: a strong reference */
static int strong(struct cursor *c, struct shape_slot *s)
{
    int kind = c->p < c->end ? kind_of_letter(*c->p) : -1;
    if (kind < 0)
        return 0;
    c->p++;
    s->code = CODE_STRONG, s->kind = (int8_t)kind;
    s->target = (int16_t)number(c, SHAPE_MAX_IDS);
    return s->target >= 0;
}

/* SLOT */
static int slot(struct cursor *c, struct shape_slot *s)
{
    memset(s, 0, sizeof *s);
    if (eat(c, SHAPE_EMPTY)) {
        s->code = CODE_EMPTY;
        return 1;
    }
    if (eat(c, SHAPE_OPEN)) {
        s->code = CODE_OPEN;
        return 1;
    }
    int form = eat(c, SHAPE_WEAK) ? WEAK_REF : eat(c, SHAPE_PROXY) ? WEAK_PROXY : eat(c, SHAPE_WEAK_METHOD) ? WEAK_METHOD : -1;
    if (form >= 0) {
        s->code = CODE_WEAK, s->kind = (int8_t)form;
        s->target = eat(c, SHAPE_WEAK_FREED) ? WEAK_FREED : eat(c, SHAPE_WEAK_EITHER) ? WEAK_EITHER
                    : digit(c)                ? (int16_t)number(c, SHAPE_MAX_IDS)
                                              : WEAK_UNCHECKED;
        return s->target != -1 || c->p[-1] == SHAPE_WEAK_FREED;
    }
    return strong(c, s);
}

/* '/c' S '=' LOOKUP */
static int lookup(struct cursor *c, struct shape *sh)
{
    if (!eat(c, '/') || !eat(c, 'c') || (sh->lookup_slot = (int8_t)number(c, SHAPE_SLOTS)) < 0 || !eat(c, '='))
        return 0;
    if (eat(c, SHAPE_EMPTY)) {
        sh->lookup.code = CODE_EMPTY;
        return 1;
    }
    return strong(c, &sh->lookup);
}

static int shape_at(struct cursor *c, struct shape *sh)
{
    memset(sh, 0, sizeof *sh);
    sh->lookup_slot = -1;
    int id = number(c, SHAPE_MAX_IDS);
    int kind = id >= 0 && eat(c, ':') && c->p < c->end ? kind_of_letter(*c->p) : -1;
    if (kind < 0)
        return -1;
    c->p++;
    sh->kind = (int8_t)kind;
    sh->number = (int16_t)(digit(c) ? number(c, 1 << 14) : -1);
    if (!eat(c, '/'))
        return -1;
    int slots = kind == KIND_GENERATOR ? SHAPE_GENERATOR_SLOTS : SHAPE_SLOTS;
    for (int s = 0; s < slots; s++)
        if ((s && !eat(c, ',')) || !slot(c, &sh->slot[s]))
            return -1;
    sh->slots = (uint8_t)slots;
    if (at(c, '/') && !lookup(c, sh))
        return -1;
    return c->p == c->end ? id : -1;
}

int shape_parse(const char *text, size_t len, struct shape *sh)
{
    struct cursor c = {text, text + len};
    return shape_at(&c, sh);
}

/* VALUES */
static int values(struct cursor *c, struct value_set *v)
{
    memset(v, 0, sizeof *v);
    do {
        if (eat(c, SHAPE_EMPTY)) {
            v->empty = 1;
            continue;
        }
        int id = number(c, SHAPE_MAX_IDS);
        if (id < 0 || v->n >= SHAPE_MAX_VALUES)
            return 0;
        v->id[v->n++] = (int16_t)id;
    } while (eat(c, '|'));
    return 1;
}

/* id's per-id entries are about to be written (struct alive) */
static void touch(struct alive *a, int id)
{
    for (int k = 0; k < a->n_touched; k++)
        if (a->touched[k] == id)
            return;
    a->touched[a->n_touched++] = (uint8_t)id;
}

/* One WORD of an alive string */
static int word(struct cursor *c, struct alive *a)
{
    int n, s, id;
    if (eat(c, 'o') || eat(c, 'r')) {
        int kept = c->p[-1] == 'r';
        if ((n = number(c, SHAPE_MAX_NAMES)) < 0 || !eat(c, '='))
            return 0;
        return values(c, kept ? &a->kept_of[n] : &a->name_of[n]);
    }
    if (eat(c, '@')) {
        if ((id = number(c, SHAPE_MAX_IDS)) < 0 || !eat(c, '.') || !eat(c, 'c') || (s = number(c, SHAPE_SLOTS)) < 0 ||
            !eat(c, '='))
            return 0;
        touch(a, id);
        return values(c, &a->lookup_of[id][s]);
    }
    if (eat(c, 'C')) {
        if (eat(c, '='))
            return (a->classes = number(c, SHAPE_MAX_CLASSES + 1)) >= 0;
        if ((n = number(c, SHAPE_MAX_CLASSES)) < 0)
            return 0;
        if (eat(c, '='))
            return eat(c, SHAPE_EMPTY) && (a->deleted[n] = 1);
        if (!eat(c, '.') || !eat(c, 'c') || (s = number(c, SHAPE_SLOTS)) < 0 || !eat(c, '='))
            return 0;
        return values(c, &a->attr_of[n][s]);
    }
    struct shape sh;
    if ((id = shape_at(c, &sh)) < 0)
        return 0;
    touch(a, id);
    a->shapes[id] = sh, a->known[id] = 1;
    return 1;
}

/* Words separated by single spaces, each read by fn; 0, or -1 and *bad. */
static int each_word(const char *text, int (*fn)(struct cursor *, void *), void *ctx, size_t *bad)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        struct cursor c = {p, p + n};
        if (!fn(&c, ctx) || c.p != c.end) {
            *bad = (size_t)(p - text);
            return -1;
        }
        p += n + (p[n] == ' ');
    }
    return 0;
}

static int alive_word(struct cursor *c, void *a) { return word(c, a); }

int alive_parse(const char *text, struct alive *a, size_t *bad)
{
    /* as if zeroed: the small tables whole, the per-id ones where the last
       parse wrote them (an alive string names a few of SHAPE_MAX_IDS ids,
       and clearing them all was 3.5% of a fuzzing core's instructions) */
    for (int k = 0; k < a->n_touched; k++) {
        int id = a->touched[k];
        memset(a->lookup_of[id], 0, sizeof a->lookup_of[id]);
        a->known[id] = 0;
    }
    a->n_touched = 0;
    memset(a->name_of, 0, sizeof a->name_of);
    memset(a->kept_of, 0, sizeof a->kept_of);
    a->classes = 0;
    memset(a->deleted, 0, sizeof a->deleted);
    memset(a->attr_of, 0, sizeof a->attr_of);
    return each_word(text, alive_word, a, bad);
}

/* CELL */
static int writer_cell(struct cursor *c, void *ctx)
{
    struct writers *w = ctx;
    int cls = number(c, SHAPE_MAX_CLASSES), s;
    if (cls < 0 || !eat(c, ':') || (s = number(c, SHAPE_SLOTS)) < 0 || !eat(c, '='))
        return 0;
    do {
        if (eat(c, SHAPE_EMPTY)) {
            w->deletes[cls][s] = 1;
            continue;
        }
        int k = number(c, SHAPE_MAX_CLASSES);
        if (k < 0)
            return 0;
        w->by[cls][s] |= (uint16_t)(1u << k);
    } while (eat(c, ','));
    return 1;
}

int writers_parse(const char *text, struct writers *w, size_t *bad)
{
    memset(w, 0, sizeof *w);
    return each_word(text, writer_cell, w, bad);
}
