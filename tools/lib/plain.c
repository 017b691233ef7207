/* plain.c — a finding as a plain Python script (plain.h).
 *
 * Made from the program's rendered script, line by line: the calls into the
 * recorder become plain Python (a finalizer appends its object's number to
 * `finalized`, a callback its weak reference's to `callbacks`, a finally
 * block its generator's to `finished`), the helpers the program calls are
 * copied from exec/helpers.py, and the script ends at the checkpoint where
 * the failure was found, with the model's expectation about what the
 * failure names written as asserts.  It reads the model; it runs nothing. */
#include <Python.h> /* Py_GIL_DISABLED, PY_VERSION_HEX: what the plain script must set up */

#include "plain.h"

#include "shape.h"
#include "writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each guarantee promises, in words, for the script's header */
static const char *const promise[GCFUZZ_GUARANTEES + 1] = {
    [1] = "an object that became unreachable has been finalized once a full gc.collect() has returned (PEP 442; "
          "the gc module's documentation)",
    [2] = "__del__ runs at most once per object, even after resurrection (PEP 442)",
    [3] = "__del__ never runs while its object is reachable (PEP 442)",
    [4] = "an object on no reference cycle is finalized at the statement that drops its last reference (CPython's "
          "reference counting; the data model's notes on __del__)",
    [5] = "a weak reference alive when its referent dies has its callback called exactly once; one that dies first "
          "never calls it (the weakref module's documentation)",
    [6] = "during a collection, tp_clear runs only after every finalizer of that pass: a finalizer sees its object "
          "as the program last set it, and runs once (PEP 442)",
    [7] = "after a collection, every reachable object still holds every attribute and item the program set "
          "(PEP 442: resurrected objects are left untouched)",
    [8] = "an attribute read returns the value last bound, through the instance, its class and base classes (the "
          "data model's attribute lookup)",
    [9] = "gc.garbage stays empty unless gc.DEBUG_SAVEALL is set (the gc module's documentation)",
    [10] = "a suspended generator, coroutine or asynchronous generator that becomes garbage is closed (an "
           "asynchronous generator with a finalizer hook is handed to the hook, which here closes it): its finally "
           "block runs exactly once (PEP 342, PEP 492, PEP 525, PEP 442)",
    [11] = "an exception in __del__, a weak-reference callback or a generator's finally block goes to "
           "sys.unraisablehook, and the collection goes on (the data model's notes on __del__): here only the "
           "exceptions the program raises itself can get there",
    [12] = "no crash, abort or hang",
    [13] = "gc.isenabled() and gc.get_debug() read back what the program set last (the gc module's documentation)",
    [14] = "every weakref.finalize object is called exactly once: when its referent dies, or at interpreter exit "
           "if it still lives; the atexit handlers run once each, last registered first; and no finalizer, "
           "weak-reference callback or finally block runs twice, at exit included (the weakref and atexit "
           "modules' documentation; PEP 442)",
    [15] = "each collection calls every gc.callbacks entry with 'start' before it and 'stop' after it, never one "
           "collection inside another (the gc module's documentation)",
};

struct plan {
    const struct program *p;
    const struct model_trace *t;
    const struct rendered *script;
    const struct model *final;    /* after the teardown */
    const struct run_result *res;
    int upto;                     /* the checkpoint: an OP_COLLECT, or n_ops for the teardown */
    int inline_op;                /* a statement that itself checks (G13, G2 through gc.is_finalized), or -1 */
    char statement[GCFUZZ_MAX_OPS + 1][80];  /* its first line, for messages */
    char helpers[32][16];                    /* the helpers it calls */
    int n_helpers;
    int callbacks;                           /* it has weak-reference callbacks */
};

/* The operation whose lines hold `line` of the script (n_ops: the teardown). */
static int op_of_line(const struct plan *pl, unsigned line)
{
    size_t n = pl->p->n_ops;
    if (line >= pl->script->op_line[n])
        return (int)n;
    size_t k = rendered_ops_through(pl->script, n, line);
    return k ? (int)k - 1 : 0;
}

/* The checkpoint where a failure found at `line` was checked: the first
 * collection at or after it, else the teardown. */
static int checkpoint_at(const struct plan *pl, unsigned line)
{
    int n = (int)pl->p->n_ops;
    for (int i = op_of_line(pl, line); i < n; i++)
        if (pl->p->ops[i].kind == OP_COLLECT)
            return i;
    return n;
}

/* The subject's model at the checkpoint. */
static const struct model *model_at(const struct plan *pl, int op)
{
    return op >= (int)pl->p->n_ops ? pl->final : &pl->t->after[op + 1];
}

/* --- the program's lines, made plain --- */

/* Replace every `from` in buf (NUL-terminated, of size `size`) by `to`. */
static void replace_all(char *buf, size_t size, const char *from, const char *to)
{
    char tmp[2048];
    size_t nf = strlen(from), nt = strlen(to), used = 0;
    const char *s = buf;
    for (const char *hit; (hit = strstr(s, from)) != NULL; s = hit + nf) {
        size_t before = (size_t)(hit - s);
        if (used + before + nt >= sizeof tmp)
            return;
        memcpy(tmp + used, s, before), used += before;
        memcpy(tmp + used, to, nt), used += nt;
    }
    if (used + strlen(s) >= sizeof tmp || used + strlen(s) >= size)
        return;
    strcpy(tmp + used, s);
    strcpy(buf, tmp);
}

/* The recorder's calls that a plain script writes otherwise, and the
 * helpers (exec/helpers.py) it copies; any other _g. name is unknown. */
static const char *const recorder_calls[] = {"fired",   "called", "closed",   "expect",    "teardown", "deaths_are",
                                             "writers_are", "saved", "sees", "wrote", "raises", "reads",
                                             "finalized", "debug", "at_exit", "shutdown"};

static int is_recorder_call(const char *name)
{
    for (size_t i = 0; i < sizeof recorder_calls / sizeof *recorder_calls; i++)
        if (!strcmp(name, recorder_calls[i]))
            return 1;
    return 0;
}

/* The text of helper `name` in exec/helpers.py: from its def (or class)
 * to the next line that is not indented. */
static const char *helper_source(const char *name, size_t *len)
{
    const char *src = render_helpers_source();
    char head[48], class_head[48], subclass_head[48];
    snprintf(head, sizeof head, "def %s(", name);
    snprintf(class_head, sizeof class_head, "class %s:", name);
    snprintf(subclass_head, sizeof subclass_head, "class %s(", name);
    for (const char *s = src; s; s = strchr(s, '\n'), s = s ? s + 1 : NULL) {
        if (strncmp(s, head, strlen(head)) && strncmp(s, class_head, strlen(class_head)) &&
            strncmp(s, subclass_head, strlen(subclass_head)))
            continue;
        const char *end = strchr(s, '\n');
        while (end && end[1] == ' ')
            end = strchr(end + 1, '\n');
        *len = end ? (size_t)(end + 1 - s) : strlen(s);
        return s;
    }
    return NULL;
}

/* What helpers use of each other: chains (deep) are made of Links, and
 * the helpers that change a container leave a chain's links alone. */
static void add_needed(struct plan *pl)
{
    static const char *const needs[][2] = {
        {"deep", "Link"}, {"deep", "chain_end"}, {"coro", "Suspend"}, {"gen_with", "Exits"}, {"gen_delegating", "Once"}, {"clear", "chained"}, {"pop", "chained"}, {"stash", "chained"},
        {"beside", "merge_point"}, {"beside", "started_by"}};
    for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
        int user = 0, there = 0;
        for (int h = 0; h < pl->n_helpers; h++)
            user |= !strcmp(pl->helpers[h], needs[i][0]), there |= !strcmp(pl->helpers[h], needs[i][1]);
        if (user && !there && pl->n_helpers < 32)
            snprintf(pl->helpers[pl->n_helpers++], sizeof pl->helpers[0], "%s", needs[i][1]);
    }
}

/* Every _g.<name> of the script's body: helpers go into pl->helpers; 0
 * with why set for a name neither the recorder nor the helpers have. */
static int collect_helpers(struct plan *pl, const char *body, char *why, size_t why_size)
{
    for (const char *s = body; (s = strstr(s, "_g.")) != NULL;) {
        s += 3;
        char name[16];
        size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
        snprintf(name, sizeof name, "%.*s", (int)n, s);
        if (n == 0 || n >= sizeof name || is_recorder_call(name))
            continue;
        size_t len;
        if (strcmp(name, "partial") && !helper_source(name, &len)) {
            snprintf(why, why_size, "the program calls _g.%s, which plain.c does not know", name);
            return 0;
        }
        int seen = 0;
        for (int i = 0; i < pl->n_helpers; i++)
            seen |= !strcmp(pl->helpers[i], name);
        if (!seen && pl->n_helpers < 32)
            snprintf(pl->helpers[pl->n_helpers++], sizeof pl->helpers[0], "%s", name);
    }
    add_needed(pl);
    return 1;
}

static int uses(const struct plan *pl, const char *name)
{
    for (int i = 0; i < pl->n_helpers; i++)
        if (!strcmp(pl->helpers[i], name))
            return 1;
    return 0;
}

static int finalizer_check(const struct plan *pl, const char *line, char *buf, size_t size);

/* Found in the child that ended the interpreter at _g.shutdown() (exec/exits.h) */
static int at_exit(const struct run_result *res)
{
    return strstr(res->message, "at exit") != NULL || strstr(res->message, "end of the interpreter") != NULL ||
           strstr(res->message, "atexit handlers registered") != NULL;
}

/* The program's atexit handlers ran otherwise than once each, last
 * registered first (recorder.c's handlers_wrong); *n: how many it
 * registered */
static int atexit_order(const struct run_result *res, int *n)
{
    int k;
    if (res->outcome != OUTCOME_VIOLATION || res->guarantee != 14 ||
        sscanf(res->message, "G14 %d atexit handlers registered", &k) != 1)
        return 0;
    if (n)
        *n = k;
    return 1;
}

/* A G11 failure with an exception of a type the program never raises
 * (recorder.c's verdict_unraisable lists each such type's name after the
 * "expected" ones, in parentheses): one a plain script can assert. */
static int raised_other(const char *message)
{
    const char *open = strrchr(message, '(');
    char word[48];
    int n = 0;
    for (const char *s = open ? open + 1 : ""; sscanf(s, " %47[^ )]%n", word, &n) == 1; s += n)
        if (strcmp(word, "expected"))
            return 1;
    return 0;
}

/* A G11 failure about how many exceptions arrived: the plain script counts
 * the ones raised on purpose as it runs (`raising`) */
static int counts_unraisable(const struct run_result *res)
{
    return res->outcome == OUTCOME_VIOLATION && res->guarantee == 11 && !raised_other(res->message);
}

/* The program ends a sub-interpreter: _g.shutdown(..., 'sub') */
static int ends_subinterpreter(const struct plan *pl)
{
    const char *at = strstr(pl->script->text, "\n_g.shutdown(");
    const char *end = at ? strchr(at + 1, '\n') : NULL;
    const char *sub = at ? strstr(at, ", 'sub')") : NULL;
    return sub && (!end || sub < end);
}

/* A G6 or G8 problem a finalizer found (recorder.c's violate_late) */
static int in_finalizer(const struct run_result *res)
{
    return strstr(res->message, "the finalizer of") != NULL || strstr(res->message, "already cleared") != NULL;
}

/* A count found wrong where an interpreter ended (exec/recorder.c's
 * exit_problem): a finalizer, callback or finally block run twice (G2, G5,
 * G10), a weakref.finalize object not called exactly once, the atexit
 * handlers not run once each, last first (G14).  Its plain script runs
 * itself again in a child process, which ends the interpreter where the
 * harness did, and counts what the child wrote as it ran. */
static int exit_counts(const struct run_result *res)
{
    int g = res->guarantee;
    return res->outcome == OUTCOME_VIOLATION && at_exit(res) &&
           (((g == 2 || g == 10) && res->subject == SUBJECT_OBJECT) ||
            ((g == 5 || g == 14) && res->subject == SUBJECT_CALLBACK) || atexit_order(res, NULL));
}

/* One line of the body (without its newline) made plain into buf; 0 when
 * the line has no plain form (the recorder's own lines). */
static int plain_line(const struct plan *pl, const char *line, char *buf, size_t size)
{
    if (!strncmp(line, "_g.shutdown(", 12) && at_exit(pl->res)) {
        /* in a sub-interpreter (put_head ran the script again in one), its
           end: Py_EndInterpreter, once run_in_subinterp's code stops */
        snprintf(buf, size, "sys.exit(0)  # the harness ended the %s here",
                 ends_subinterpreter(pl) ? "sub-interpreter" : "interpreter");
        return 1;
    }
    static const char *const dropped[] = {"_g.deaths_are(", "_g.writers_are(", "_g.expect(", "_g.saved(",
                                          "_g.teardown(", "_g.reads(", "_g.finalized(", "_g.at_exit(",
                                          "_g.shutdown("};
    size_t indent = strspn(line, " "); /* in a THREAD's def _t(), a dropped line leaves a pass */
    if (atexit_order(pl->res, NULL) && !strncmp(line + indent, "_g.at_exit(", 11)) {
        snprintf(buf, size, "%.*satexit.register(exited.append, %s", (int)indent, line, line + indent + 11);
        return 1;
    }
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        if (!strncmp(line + indent, dropped[i], strlen(dropped[i]))) {
            snprintf(buf, size, "%.*spass", (int)indent, line);
            return indent > 0;
        }
    if (finalizer_check(pl, line, buf, size))
        line = buf;
    else
        snprintf(buf, size, "%s", line);
    if (exit_counts(pl->res)) { /* bound when defined: at exit the module's globals may be gone */
        replace_all(buf, size, "(self, _fired=_g.fired):", "(self, _fired=finalized.append):");
        replace_all(buf, size, "(self, _fired=_g.fired, _g=_g):", "(self, _fired=finalized.append):");
        replace_all(buf, size, "_fired(self)", "_fired(self._id)");
        replace_all(buf, size, "lambda r, _c=_g.called: ", "lambda r, _c=called: ");
    }
    replace_all(buf, size, "def _record(self, _fired=_g.fired):", "def _record(self):");
    replace_all(buf, size, "(self, _fired=_g.fired, _g=_g):", "(self):"); /* __del__, __tp_del__, _del<c> */
    replace_all(buf, size, "_fired(self)",
                pl->res->guarantee == 6 ? "finalized.append(getattr(self, '_id', None))" : "finalized.append(self._id)");
    replace_all(buf, size, "lambda r, _c=_g.called: ", "lambda r: ");
    if (!exit_counts(pl->res))
        replace_all(buf, size, "_c(", "called(");
    replace_all(buf, size, "_g.raises(1)",
                counts_unraisable(pl->res) ? "raising[0] += 1; raise ValueError('raised on purpose')"
                                           : "raise ValueError('raised on purpose')");
    replace_all(buf, size, "_g.debug(", "gc.set_debug(");
    for (int s = 0; s < GCFUZZ_SLOTS; s++) { /* the reads a finalizer makes, unchecked */
        char from[32], to[40];
        snprintf(from, sizeof from, "_g.sees(self, %d)", s);
        snprintf(to, sizeof to, "getattr(self, 'c%d', None)", s);
        replace_all(buf, size, from, to);
        snprintf(from, sizeof from, "; _g.wrote(self, %d)", s);
        replace_all(buf, size, from, "");
    }
    replace_all(buf, size, "_g.", "");
    return 1;
}

/* --- the asserts --- */

/* "o3 became unreachable at `del o0`" and the like: where op went, named by
 * its statement (not its line: a reduced script moves lines) */
static void where(const struct plan *pl, int op, char *buf, size_t size)
{
    if (op < 0)
        snprintf(buf, size, "earlier");
    else if (op >= (int)pl->p->n_ops)
        snprintf(buf, size, "at the end of the program");
    else
        snprintf(buf, size, "at `%s`", pl->statement[op]);
}

static const char *checkpoint_words(const struct plan *pl)
{
    if (pl->upto >= (int)pl->p->n_ops)
        return "the program's names are gone and gc.collect() has returned";
    return "the gc.collect() just above has returned";
}

/* The model's expectation about a count at the checkpoint: `must` (exactly
 * once: `who` died at op `death`), `may` (at most once), or neither (never). */
static void put_count_check(struct writer *w, const struct plan *pl, const char *list, int k, const char *who,
                            const char *what, int must, int may, int death)
{
    char at[160];
    where(pl, death, at, sizeof at);
    if (must)
        put(w,
            "assert %s.count(%d) == 1, \"%s became unreachable %s, so once %s, %s must have run, exactly once; "
            "it ran %%d times\" %% %s.count(%d)\n",
            list, k, who, at, checkpoint_words(pl), what, list, k);
    else if (may)
        put(w, "assert %s.count(%d) <= 1, \"%s may run, but at most once; it ran %%d times\" %% %s.count(%d)\n", list,
            k, what, list, k);
    else
        put(w, "assert %d not in %s, \"%s %s, so %s must not have run\"\n", k, list, who,
            death >= 0 && death <= pl->upto ? "outlived its weak reference" : "is still reachable here", what);
}

static void put_object_checks(struct writer *w, const struct plan *pl, int i)
{
    const struct model *m = model_at(pl, pl->upto);
    const struct model_object *o = &m->objects[i];
    int due = o->fire_due >= 0 && o->fire_due <= pl->upto;
    char who[16];
    if (o->kind == KIND_CHAIN) { /* its Links' __del__ count into tallies (helpers.py's deep) */
        put(w, "assert tallies[%d][1][0] == tallies[%d][0], \"once %s, each of the %%d links of the chain o%d must "
               "have run its __del__ exactly once; %%d runs were counted\" %% (tallies[%d][0], tallies[%d][1][0])\n",
            i, i, checkpoint_words(pl), i, i, i);
        return;
    }
    snprintf(who, sizeof who, "o%d", i);
    put_count_check(w, pl, "finalized", i, who, "its __del__", due && o->finalizer == FIN_RUN,
                    due && o->finalizer == FIN_MAY_RUN, o->fire_death);
}

static void put_callback_checks(struct writer *w, const struct plan *pl, int k)
{
    const struct model *m = model_at(pl, pl->upto);
    char who[40], what[40];
    snprintf(who, sizeof who, "the referent of w%d", k);
    snprintf(what, sizeof what, "the callback of w%d", k);
    if (k >= SHAPE_BODY_CALLBACKS || k >= (int)m->n_callbacks) { /* a finalizer's weak reference to itself */
        put_count_check(w, pl, "callbacks", k, who, what, 0, 1, -1);
        return;
    }
    const struct model_callback *cb = &m->callbacks[k];
    int decided = cb->decided_op >= 0 && cb->decided_op <= pl->upto;
    int death = model_callback_death(m, k);
    put_count_check(w, pl, "callbacks", k, who, what, decided && cb->state == CB_MUST,
                    decided && cb->state == CB_MAY, cb->state == CB_NEVER ? cb->decided_op : death);
}

static void put_generator_checks(struct writer *w, const struct plan *pl, int g)
{
    const struct model *m = model_at(pl, pl->upto);
    const struct model_object *o = &m->objects[g];
    char who[40];
    snprintf(who, sizeof who, "generator o%d", g);
    int due_op = o->gen_state == GEN_FINISHED ? o->closed_op : o->fire_due;
    int due = o->closed_op >= 0 && due_op >= 0 && due_op <= pl->upto;
    put_count_check(w, pl, "finished", g, who, "its finally block", due && o->finalizer != FIN_MAY_RUN,
                    o->finalizer == FIN_MAY_RUN && o->fire_due >= 0 && o->fire_due <= pl->upto, o->closed_op);
}

/* Before the statement that made the subject unreachable: it must not have
 * run yet (G3, G5: run too early). */
static void put_not_yet(struct writer *w, const struct plan *pl, int op)
{
    const struct run_result *res = pl->res;
    const char *list = res->subject == SUBJECT_CALLBACK ? "callbacks" : "finalized";
    put(w, "assert %d not in %s, \"%s%d is reachable until `%s`, the next statement: %s must not have run yet\"\n",
        res->number, list, res->subject == SUBJECT_CALLBACK ? "the referent of w" : "o", res->number,
        pl->statement[op], res->subject == SUBJECT_CALLBACK ? "its weak reference's callback" : "its __del__");
}

/* The op before whose statement the subject must not have run, or -1. */
static int early_op(const struct plan *pl)
{
    const struct run_result *res = pl->res;
    const struct model *m = model_at(pl, pl->upto);
    if (res->guarantee == 3 && res->subject == SUBJECT_OBJECT && res->number < (int)m->n_objects)
        return m->objects[res->number].fire_death;
    if (res->guarantee == 5 && res->subject == SUBJECT_CALLBACK && res->number < (int)m->n_callbacks &&
        m->callbacks[res->number].state == CB_MUST)
        return model_callback_death(m, res->number);
    return -1;
}

/* A global that holds object i: its name o<k> (into name, "o3"), or the
 * r<k> a finalizer resurrected or dereferenced it into; 0 for none. */
static int name_of(const struct model *m, int i, char *name, size_t size)
{
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++)
        if (m->names[k] == i)
            return snprintf(name, size, "o%d", k), 1;
    for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++)
        if (m->kept_by[k] == i)
            return snprintf(name, size, "r%d", k), 1;
    return 0;
}

/* Python for what slot s of object i (held by global k) holds, and for "it holds
 * nothing", by its kind's access (kinds.h); 0 for an access it does not check. */
static int slot_python(const struct model *m, int i, const char *k, int s, char *get, char *empty, size_t size)
{
    const struct model_object *o = &m->objects[i];
    switch ((enum slot_access)kind_info(o->kind)->access) {
    case ACCESS_ATTR:
        snprintf(get, size, "getattr(%s, 'a%d', None)", k, s);
        snprintf(empty, size, "not hasattr(%s, 'a%d')", k, s);
        return 1;
    case ACCESS_ITEM:
    case ACCESS_SPREAD_ITEM: {
        int stride = o->kind == KIND_LIST && kind_info(o->kind)->access == ACCESS_SPREAD_ITEM
                         ? list_lengths[o->variant] / GCFUZZ_SLOTS : 1;
        snprintf(get, size, "%s[%d]", k, s * stride + stride - 1);
        snprintf(empty, size, "%s[%d] is None", k, s * stride + stride - 1);
        return o->kind == KIND_LIST;
    }
    case ACCESS_STR_KEY:
        snprintf(get, size, "%s.get('k%d')", k, s);
        snprintf(empty, size, "'k%d' not in %s", s, k);
        return 1;
    case ACCESS_INT_KEY:
        snprintf(get, size, "%s.get(%d)", k, s);
        snprintf(empty, size, "%d not in %s", s, k);
        return 1;
    default:
        return 0;
    }
}

/* Python that reaches object i at the checkpoint model m: its global (name_of),
 * else a path from a global or a class's own attribute through slots the
 * model is certain hold what the program stored (breadth first: the
 * shortest).  0 when nothing certain reaches it (a generator's frame, a
 * closure, an open slot). */
static int reach_of(const struct model *m, int i, char *out, size_t size)
{
    static char path[GCFUZZ_MAX_OBJECTS][192];
    int queue[GCFUZZ_MAX_OBJECTS], head = 0, tail = 0;
    for (size_t j = 0; j < m->n_objects; j++)
        path[j][0] = 0;
    for (size_t j = 0; j < m->n_objects; j++)
        if (m->objects[j].life == LIFE_LIVE && name_of(m, (int)j, path[j], sizeof path[j]))
            queue[tail++] = (int)j;
    for (size_t c = 0; c < m->n_classes; c++)
        for (int a = 0; a < GCFUZZ_SLOTS; a++) {
            int t = m->classes[c].attr[a];
            if (m->classes[c].named && m->classes[c].life == LIFE_LIVE && !(m->classes[c].attr_open & (1u << a)) &&
                t >= 0 && !path[t][0])
                snprintf(path[t], sizeof path[t], "vars(C%zu).get('c%d')", c, a), queue[tail++] = t;
        }
    while (head < tail && !path[i][0]) {
        int j = queue[head++];
        const struct model_object *st = model_storage(m, j);
        char get[192], empty[192];
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            int t = st->slot_target[s];
            if (st->slot_state[s] != SLOT_STRONG || t < 0 || path[t][0] ||
                !slot_python(m, j, path[j], s, get, empty, sizeof get) || strlen(get) >= sizeof path[t])
                continue;
            snprintf(path[t], sizeof path[t], "%s", get);
            queue[tail++] = t;
        }
    }
    return path[i][0] && snprintf(out, size, "%s", path[i]) < (int)size;
}

/* Python that is true when `value` is object t (by its _id, a name, or its type) */
static void is_object(const struct model *m, int t, const char *value, char *out, size_t size)
{
    char name[8];
    if (kind_has(m->objects[t].kind, K_INSTANCE))
        snprintf(out, size, "getattr(%s, '_id', None) == %d", value, t);
    else if (m->objects[t].kind == KIND_CHAIN)
        snprintf(out, size, "chain_end(%s, %d)", value, m->objects[t].variant);
    else if (name_of(m, t, name, sizeof name))
        snprintf(out, size, "%s is %s", value, name);
    else
        snprintf(out, size, "type(%s).__name__ == '%s'", value, kind_info(m->objects[t].kind)->type);
}

/* A weak reference of slot s whose referent is certainly freed (as
 * render.c's put_weak_slot writes "w-"): it is dead; a proxy raises
 * ReferenceError when used.  Nothing is written while it may live. */
static void put_dead_weak_check(struct writer *w, const struct model *m, const struct model_object *st, int s,
                                const char *get)
{
    const struct model_object *t = &m->objects[st->slot_target[s]];
    int freed = t->weakrefs == WEAKREFS_CLEARED ||
                (t->life == LIFE_GONE && t->weakrefs != WEAKREFS_OPEN && !st->holds_open);
    if (!freed)
        return;
    if (st->slot_state[s] != SLOT_PROXY) {
        put(w, "assert %s() is None, \"%s must be dead: o%d was freed, and its weak references with it (weakref "
               "docs)\"\n", get, get, st->slot_target[s]);
        return;
    }
    put(w, "try:\n    bool(%s)\n    raise AssertionError(\"%s is a proxy of o%d, which was freed: using it must raise "
           "ReferenceError (weakref docs)\")\nexcept ReferenceError:\n    pass\n", get, get, st->slot_target[s]);
}

/* G7: what a reachable object holds, as the program set it (its name first). */
static int put_survivor_checks(struct writer *w, const struct plan *pl, int i, char *why, size_t why_size)
{
    const struct model *m = model_at(pl, pl->upto);
    char k[192], test[512], get[256], empty[256];
    if (!reach_of(m, i, k, sizeof k)) {
        snprintf(why, why_size, "G7 about o%d, which nothing the model is certain of reaches from a global: not "
                 "written as a plain script", i);
        return 0;
    }
    const char *type = kind_info(m->objects[i].kind)->type;
    if (kind_has(m->objects[i].kind, K_INSTANCE))
        put(w, "assert getattr(%s, '_id', None) == %d, \"%s must still hold o%d\"\n", k, i, k, i);
    else if (m->objects[i].kind == KIND_CHAIN)
        put(w, "assert chain_end(%s, %d), \"%s must still be the chain o%d as built: %d links\"\n", k,
            m->objects[i].variant, k, i, chain_depths[m->objects[i].variant / CHAIN_LINK_COUNT]);
    else
        put(w, "assert type(%s).__name__ == '%s', \"%s must still hold the %s o%d\"\n", k, type, k, type, i);
    if (m->objects[i].kind == KIND_LIST)
        put(w, "assert len(%s) == %d, \"the list o%d must still have its %d items, as the program made it\"\n", k,
            list_lengths[m->objects[i].variant], i, list_lengths[m->objects[i].variant]);
    const struct model_object *st = model_storage(m, i);
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        if (!slot_python(m, i, k, s, get, empty, sizeof get))
            break;
        if (st->slot_state[s] == SLOT_EMPTY) {
            put(w, "assert %s, \"%s must still be empty, as the program left it\"\n", empty, get);
        } else if (st->slot_state[s] == SLOT_STRONG) {
            is_object(m, st->slot_target[s], get, test, sizeof test);
            put(w, "assert %s, \"%s must still hold o%d, as the program set it: nothing reachable is ever cleared "
                   "(PEP 442)\"\n", test, get, st->slot_target[s]);
        } else if (slot_weak(st->slot_state[s])) {
            put_dead_weak_check(w, m, st, s, get);
        }
    }
    return 1;
}

/* G6 inside a finalizer: after the line that records a finalizer's run,
 * whether object i, as its own finalizer sees it, holds what the program
 * last set in each slot the model is certain of (its death shape);
 * recorded in `problems`, asserted empty at the checkpoint. */
static int death_check(const struct plan *pl, const char *line, char *buf, size_t size)
{
    const struct model *m = pl->final;
    int i = pl->res->number;
    const char *at = strstr(line, "_fired(self)");
    if (pl->res->subject != SUBJECT_OBJECT || i < 0 || i >= (int)m->n_objects || !at || strstr(line, "def "))
        return 0;
    const struct model_object *o = &m->objects[i];
    char test[1024] = "", get[128], empty[128], one[256];
    for (int s = 0; s < GCFUZZ_SLOTS && slot_python(m, i, "self", s, get, empty, sizeof get); s++) {
        if (o->death_state[s] == SLOT_EMPTY)
            snprintf(one, sizeof one, "%s", empty);
        else if (o->death_state[s] == SLOT_STRONG)
            is_object(m, o->death_target[s], get, one, sizeof one);
        else
            continue;
        snprintf(test + strlen(test), sizeof test - strlen(test), "%s(%s)", *test ? " and " : "", one);
    }
    if (!*test)
        return 0;
    int indent = (int)strspn(line, " ");
    snprintf(buf, size, "%*sfinalized.append(getattr(self, '_id', None))\n%*sif getattr(self, '_id', None) == %d and not (%s): problems.append(\"o%d's "
                        "__del__ found its object changed: a finalizer sees it as the program last set it, since "
                        "the collector clears nothing before every finalizer of the pass has run (PEP 442)\")",
             indent, "", indent, "", i, test, i);
    return 1;
}

/* G8 inside a finalizer: what self.c<s> finds there (BODY_CHECK, the
 * model's death_lookup), or that a class attribute it bound reads back.
 * Recorded in `problems` (an assert inside __del__ would only be printed),
 * asserted empty at the checkpoint. */
static int finalizer_check(const struct plan *pl, const char *line, char *buf, size_t size)
{
    const struct run_result *res = pl->res;
    const struct model *m = pl->final;
    int i = res->number, s = -1;
    if (res->guarantee == 6)
        return death_check(pl, line, buf, size);
    if (res->guarantee != 8 || !in_finalizer(res) || res->subject != SUBJECT_OBJECT || i < 0 ||
        i >= (int)m->n_objects)
        return 0;
    const char *at;
    char test[200], value[48], found[48];
    int indent = (int)strspn(line, " ");
    if ((at = strstr(line, "_g.sees(self, ")) != NULL && sscanf(at, "_g.sees(self, %d)", &s) == 1) {
        int t = m->objects[i].death_lookup;
        if (t == LOOKUP_OPEN)
            return 0;
        snprintf(value, sizeof value, "self.c%d", s);
        if (t == LOOKUP_NOTHING)
            snprintf(test, sizeof test, "not hasattr(self, 'c%d')", s), snprintf(found, sizeof found, "nothing");
        else
            is_object(m, t, value, test, sizeof test), snprintf(found, sizeof found, "o%d", t);
        snprintf(buf, size, "%*sif self._id == %d and not (%s): problems.append(\"o%d's __del__ reads self.c%d: the "
                            "lookup must find %s, the value last bound (and no class in its MRO has another)\")",
                 indent, "", i, test, i, s, found);
        return 1;
    }
    if ((at = strstr(line, "; _g.wrote(self, ")) != NULL && sscanf(at, "; _g.wrote(self, %d)", &s) == 1) {
        snprintf(buf, size, "%.*s\n%*sif self._id == %d and not (type(self).c%d is self and self.c%d is self): "
                            "problems.append(\"o%d's __del__ bound type(self).c%d = self: reading it back, through "
                            "the class and the object, must find self\")",
                 (int)(at - line), line, indent, "", i, s, s, i, s);
        return 1;
    }
    return 0;
}

/* G8 at a checkpoint: what each class attribute read through the named
 * instance i finds, where the model knows one value. */
static int put_lookup_checks(struct writer *w, const struct plan *pl, int i, char *why, size_t why_size)
{
    const struct model *m = model_at(pl, pl->upto);
    char k[192], value[224], test[512];
    if (!kind_has(m->objects[i].kind, K_INSTANCE) || !reach_of(m, i, k, sizeof k)) {
        snprintf(why, why_size, "G8 about o%d, which nothing the model is certain of reaches from a global: not "
                 "written as a plain script", i);
        return 0;
    }
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        uint32_t found = (m->attr_ever & (1u << s)) ? model_lookup_maybe(m, m->objects[i].cls, s) : 0;
        if (!found || (found & (found - 1)))
            continue;
        snprintf(value, sizeof value, "%s.c%d", k, s);
        if (found == MAYBE_EMPTY)
            put(w, "assert not hasattr(%s, 'c%d'), \"no class in the MRO of o%d has c%d any more: the lookup must "
                   "find nothing\"\n", k, s, i, s);
        else {
            int t = __builtin_ctz(found);
            is_object(m, t, value, test, sizeof test);
            put(w, "assert %s, \"o%d.c%d must find o%d, the value last bound in its class's MRO\"\n", test, i, s, t);
        }
    }
    return 1;
}

/* G11, how many exceptions reached sys.unraisablehook by the checkpoint:
 * what the model says the finalizers raised by then (exactly, or a range
 * where whether one runs is open), plus what was raised on purpose as the
 * script ran (each once): by a finalizer's `raise`, a callback, a finally
 * block, a gc.callbacks entry. */
static void put_unraisable_count(struct writer *w, const struct plan *pl)
{
    const struct model *m = model_at(pl, pl->upto);
    unsigned least = 0, open = 0;
    for (int i = 0; i <= pl->upto && i <= (int)m->n_ops; i++)
        least += m->steps[i].unraisable, open += m->steps[i].unraisable_open;
    char due[32];
    snprintf(due, sizeof due, open ? "%u to %u" : "%u", least, least + open);
    put(w, "assert %u + raising[0] <= len(unraisable) <= %u + raising[0], \"%%d exceptions reached "
           "sys.unraisablehook once %s: the finalizers due by then raise %s of them by what they do, %%d more "
           "were raised on purpose, and each reaches it exactly once\" %% "
           "(len(unraisable), raising[0])\n",
        least, least + open, checkpoint_words(pl), due);
}

/* The asserts at the checkpoint; 0 with why set when the failure's are not
 * written as plain Python. */
static int put_checks(struct writer *w, const struct plan *pl, char *why, size_t why_size)
{
    const struct run_result *res = pl->res;
    const struct model *m = model_at(pl, pl->upto);
    switch (res->guarantee) {
    case 6:
        if (pl->res->subject == SUBJECT_OBJECT) {
            put(w, "assert not problems, problems[0]\n");
            return 1;
        }
        put(w, "assert None not in finalized, \"a __del__ ran on an object the collector had already cleared: tp_clear "
               "ran before the finalizer, or the finalizer ran a second time (PEP 442)\"\n");
        return 1;
    case 8:
        if (in_finalizer(res)) {
            put(w, "assert not problems, problems[0]\n");
            return 1;
        }
        return put_lookup_checks(w, pl, res->number, why, why_size);
    case 11:
        if (counts_unraisable(res)) {
            put_unraisable_count(w, pl);
            return 1;
        }
        put(w, "unexpected = [t for t, m in unraisable if t not in ('AttributeError', 'ValueError') and not "
               "(t == 'RuntimeError' and 'ignored GeneratorExit' in m)]\n"
               "assert not unexpected, \"%%s reached sys.unraisablehook: this program's finalizers, callbacks and "
               "finally blocks raise only ValueError (on purpose), AttributeError (deleting what is gone) and "
               "RuntimeError (a generator ignoring GeneratorExit)\" %% ', '.join(unexpected)\n");
        return 1;
    case 15:
        put(w, "assert not problems, problems[0]\n");
        return 1;
    case 9:
        put(w, "other = [o for o in gc.garbage if not type(o).__dict__.get('_legacy')]\n"
               "assert not other, \"gc.garbage holds %%d objects, none has a legacy finalizer, and "
               "gc.DEBUG_SAVEALL was never set\" %% len(other)\n");
        return 1;
    case 7:
        if (res->subject == SUBJECT_NAME && res->number >= 0 && res->number < GCFUZZ_MAX_OBJECTS) {
            int bound = m->names[res->number] >= 0;
            put(w, "assert %s'o%d' in globals(), \"name o%d must be %s here, as the program left it\"\n",
                bound ? "" : "not ", res->number, res->number, bound ? "bound" : "unbound");
            return 1;
        }
        return res->subject == SUBJECT_OBJECT && put_survivor_checks(w, pl, res->number, why, why_size);
    default:
        if (res->subject == SUBJECT_CALLBACK)
            put_callback_checks(w, pl, res->number);
        else if (m->objects[res->number].kind == KIND_GENERATOR)
            put_generator_checks(w, pl, res->number);
        else
            put_object_checks(w, pl, res->number);
        return 1;
    }
}

/* The class attribute lookups the harness makes through each named live
 * instance at a checkpoint (render.c's alive= "@i.c<s>"): a G8 finding may
 * depend on them, as they fill the type attribute cache. */
static void put_reads(struct writer *w, const struct plan *pl, int op)
{
    const struct model *m = model_at(pl, op);
    char k[8];
    for (size_t i = 0; i < m->n_objects; i++) {
        if (m->objects[i].life != LIFE_LIVE || !kind_has(m->objects[i].kind, K_INSTANCE) ||
            !name_of(m, (int)i, k, sizeof k))
            continue;
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (m->attr_ever & (1u << s))
                put(w, "getattr(%s, 'c%d', None)  # the harness reads it here (and fills the type attribute cache)\n",
                    k, s);
    }
}

/* G4: right after the statement that dropped the last reference. */
static void put_prompt_check(struct writer *w, const struct plan *pl, int op)
{
    put(w, "assert %d in finalized, \"`%s` dropped the last reference to o%d, which is on no cycle: its "
           "__del__ must have run right there\"\n",
        pl->res->number, pl->statement[op], pl->res->number);
}

/* The statement of an inline check, as an assert (G13, G2 via gc.is_finalized). */
static void put_inline_check(struct writer *w, const struct plan *pl, const char *line)
{
    char what[96] = "", got[96] = "", want[32] = "";
    int obj = -1;
    if (sscanf(line, "_g.reads('%95[^']', %95[^,], %31[^)])", what, got, want) == 3)
        put(w, "assert %s == %s, \"%s returned %%r, but the program set %s last\" %% (%s,)\n", got, want, what, want,
            got);
    else if (sscanf(line, "_g.finalized(o%d, %31[^)])", &obj, want) == 2)
        put(w, "assert gc.is_finalized(o%d) is %s, \"gc.is_finalized(o%d) must say whether its __del__ ran: it "
               "%s\"\n",
            obj, want, obj, !strcmp(want, "True") ? "ran" : "never ran");
}

/* What the harness's teardown does (exec/recorder.c): drop the program's
 * names until finalizers stop putting any back, collecting each time; when
 * no finalizer can put one back (no body revives, no r<n> global), just
 * the names the model has bound at the end, and one collection. */
static void put_teardown(struct writer *w, const struct plan *pl)
{
    const struct model *m = &pl->t->after[pl->p->n_ops];
    int revives = m->kept != 0 || m->names_open != 0; /* an open name may be unbound: del would fail */
    for (size_t c = 0; c < m->n_classes; c++) /* ... or a finalizer the teardown runs may unbind one */
        revives |= (body_traits[model_body(m, (int)c)] & T_REVIVES) != 0 || model_body(m, (int)c) == BODY_DEL_NAME;
    if (!revives) {
        const char *sep = "del ";
        for (int k = 0; k < GCFUZZ_MAX_OBJECTS; k++)
            if (m->names[k] >= 0)
                put(w, "%so%d", sep, k), sep = ", ";
        for (size_t c = 0; c < m->n_classes; c++)
            if (m->classes[c].named)
                put(w, "%sC%zu", sep, c), sep = ", ";
        put(w, "%sgc.collect()  # the end: the program's names are dropped, and the collector runs\n",
            strcmp(sep, "del ") ? "\n" : "");
        return;
    }
    put(w, "for _ in range(%d):  # drop every name the program made, collect, until none comes back\n"
           "    names = [k for k in globals() if k[:1] in 'orwC' and k[1:].isdigit()]\n"
           "    for k in names: globals().pop(k, None)\n"
           "    gc.collect()\n"
           "    if not names: break\n",
        SHAPE_TEARDOWN_ROUNDS);
}

/* The failures written as plain scripts: crashes, hangs, and the
 * guarantees whose subject the asserts can name. */
static int supported(const struct run_result *res, char *why, size_t why_size)
{
    if (res->outcome == OUTCOME_CRASH || res->outcome == OUTCOME_HANG || exit_counts(res))
        return 1;
    int g = res->outcome == OUTCOME_VIOLATION && !at_exit(res) ? res->guarantee : 0, ok;
    switch (g) {
    case 1: case 2: case 3: case 4: case 5: case 10:
        ok = res->subject == SUBJECT_OBJECT || res->subject == SUBJECT_CALLBACK;
        break;
    case 6:
        ok = (res->subject == SUBJECT_NONE && strstr(res->message, "already cleared") != NULL) ||
             (res->subject == SUBJECT_OBJECT && strstr(res->message, "the finalizer of") != NULL);
        break;
    case 7: ok = res->subject == SUBJECT_OBJECT || res->subject == SUBJECT_NAME; break;
    case 8: ok = res->subject == SUBJECT_OBJECT; break;
    case 9: case 13: ok = 1; break;
    case 11: ok = 1; break;
    case 15: ok = 1; break;
    default: ok = 0;
    }
    if (!ok)
        snprintf(why, why_size, "%s: not written as a plain script yet (G1-G5, G7, G8, G9, G10, G13 about an object, "
                 "a callback or a name; G6 on a cleared object or about what a finalizer saw; G11 with an exception the program never raises; G15; "
                 "crashes and hangs; at exit, crashes and counts of an object, callback or generator)",
                 res->outcome == OUTCOME_VIOLATION ? res->message : outcome_name(res->outcome));
    return ok;
}

/* The parent's assert about what the child wrote as its interpreter ended
 * (Ran: f3 for o3's __del__, c3 for w3's callback, g3 for generator o3's
 * finally block, x3 for the atexit handler registered with 3) */
static void put_exit_assert(struct writer *w, const struct run_result *res, const char *ended)
{
    static const char *const what[] = {[2] = "o%d's __del__", [5] = "the callback of w%d",
                                       [10] = "the finally block of generator o%d", [14] = "weakref.finalize w%d"};
    char who[64], event[16];
    int handlers;
    if (atexit_order(res, &handlers)) {
        put(w, "        order = [int(e[1:]) for e in ran if e[:1] == b'x']\n"
               "        assert order == list(range(%d - 1, -1, -1)), \"the %d atexit handlers registered ran in the "
               "order %%s by the end of the %s: each once, last registered first (atexit docs)\" %% order\n",
            handlers, handlers, ended);
        return;
    }
    snprintf(who, sizeof who, what[res->guarantee], res->number);
    snprintf(event, sizeof event, "%c%d", res->subject == SUBJECT_CALLBACK ? 'c' : res->guarantee == 10 ? 'g' : 'f',
             res->number);
    if (res->guarantee == 14)
        put(w, "        assert ran.count(b'%s') == 1, \"%s was called %%d times by the end of the %s: exactly once, at "
               "exit if not before\" %% ran.count(b'%s')\n", event, who, ended, event);
    else
        put(w, "        assert ran.count(b'%s') <= 1, \"%s ran %%d times by the end of the %s: at most once, exit "
               "included\" %% ran.count(b'%s')\n", event, who, ended, event);
}

/* Where the program ends an interpreter: a crash there, or a count found
 * wrong (exit_counts).  The script runs itself again in a child process
 * that ends its interpreter at the line where the harness did (and asserts
 * what that child wrote as it ended); a sub-interpreter's end runs the
 * script again in one, stopped at that line. */
static void put_exit_head(struct writer *w, const struct plan *pl, int crash)
{
    const struct run_result *res = pl->res;
    int sub = at_exit(res) && ends_subinterpreter(pl), counts = exit_counts(res);
    const char *ended = sub ? "sub-interpreter" : "interpreter";
    if (!(crash && sub) && !counts)
        return;
    put(w, "import os\n");
    if (counts) {
        put(w, "if not os.environ.get('GCFUZZ_STAGE'):  # a child process goes on, its %s ends where gcfuzz ended "
               "it; what ran there, counted here\n"
               "    r, w = os.pipe()\n"
               "    if os.fork():\n"
               "        os.close(w)\n"
               "        ran = os.fdopen(r, 'rb').read().split()\n"
               "        os.wait()\n", ended);
        put_exit_assert(w, res, ended);
        put(w, "        sys.exit(0)\n"
               "    os.dup2(w, 1)  # what Ran writes\n"
               "    os.environ['GCFUZZ_STAGE'] = 'child'\n");
    }
    if (sub)
        put(w, "if os.environ.get('GCFUZZ_STAGE', 'child') == 'child':  # as gcfuzz: this script again, in a "
               "sub-interpreter\n"
               "    import _testcapi\n"
               "    os.environ['GCFUZZ_STAGE'] = 'sub'\n"
               "    _testcapi.run_in_subinterp('try: exec(open(%%r).read())\\nexcept SystemExit: pass' %% __file__)\n"
               "    sys.exit(0)\n");
    if (counts)
        put(w, "class Ran:  # what ran, written out at once: by then the interpreter may have torn down the rest\n"
               "    def __init__(self, kind): self.kind = kind\n"
               "    def append(self, i, _write=os.write): _write(1, b'%%s%%d\\n' %% (self.kind, i))\n");
}

static void put_head(struct writer *w, const struct plan *pl)
{
    const struct run_result *res = pl->res;
    int crash = res->outcome == OUTCOME_CRASH || res->outcome == OUTCOME_HANG;
    int threads = uses(pl, "on_thread") || uses(pl, "beside");
    put(w, "# gcfuzz's verdict (lines of its own script): %s\n", res->message);
    put(w, "# CPython promises: %s.\n", promise[crash ? 12 : res->guarantee]);
    put(w, crash ? "# Run it with python3: it %s where the interpreter breaks that.\n"
                 : "# Run it with python3: an assert fails where the interpreter breaks that%s.\n",
        res->outcome == OUTCOME_HANG ? "hangs" : crash ? "crashes" : "");
    put(w, "# (Written by gcfuzz-repro --plain from a gcfuzz program.)\n");
    put(w, "import gc, sys, weakref\n");
    if (threads)
        put(w, "import threading\n");
#ifdef Py_GIL_DISABLED
    /* as helpers.py: on 3.13t classes stay mortal once a thread starts */
    if (threads && PY_VERSION_HEX < 0x030E0000)
        put(w, "__import__('_testinternalcapi').suppress_immortalization(True)  # 3.13t: as gcfuzz (gh-117783)\n");
#endif
    put_exit_head(w, pl, crash);
    if (uses(pl, "beside")) /* helpers.py's beside reads them: a plain script always runs threads */
        put(w, "THREADS = [1]\nhand_over = lambda line: 0  # gcfuzz's recorder: the line of what runs on other threads\n");
    if (uses(pl, "partial"))
        put(w, "from functools import partial\n");
    if (uses(pl, "stash"))
        put(w, "SLOTS = %d\n", GCFUZZ_SLOTS);
    if (uses(pl, "weak_self"))
        put(w, "BODY_CALLBACKS = %d\n", SHAPE_BODY_CALLBACKS);
    if (uses(pl, "chained") || uses(pl, "deep"))
        put(w, "DEEP = object()  # marks a chain's list and dict links\n");
    if (uses(pl, "deep")) {
        static const char *const links[] = {
#define CHAIN_LINK(NAME, name) "CHAIN_" #NAME,
#include "operands.def"
        };
        for (int k = 0; k < CHAIN_LINK_COUNT; k++)
            put(w, k ? ", %s" : "%s", links[k]);
        put(w, " = range(%d)\nCHAIN_DEPTHS = (", CHAIN_LINK_COUNT);
        for (int d = 0; d < CHAIN_DEPTH_COUNT; d++)
            put(w, "%d, ", chain_depths[d]);
        put(w, ")\ntallies = {}  # chain -> (links, [how many of its Links __del__ counted])\n");
    }
    if (!crash && res->guarantee == 11)
        put(w, "unraisable = []  # what reached sys.unraisablehook: (type, message)\n"
               "sys.unraisablehook = lambda u: unraisable.append((u.exc_type.__name__, str(u.exc_value)))\n");
    /* G11 about how many: the exceptions raised on purpose at run time, counted */
    int counted = !crash && counts_unraisable(res);
    if (counted)
        put(w, "raising = [0]  # exceptions raised on purpose: by __del__, callbacks, finally blocks, gc.callbacks entries\n");
    int counts = exit_counts(res);
    if (atexit_order(res, NULL))
        put(w, "import atexit\nexited = Ran(b'x')  # the atexit handlers that ran: x3 for the one registered with 3\n");
    if (strstr(pl->script->text, "_fired(self)"))
        put(w, counts ? "finalized = Ran(b'f')  # the objects whose __del__ ran: f3 for o3\n"
                      : "finalized = []  # the objects whose __del__ ran: 3 for o3\n");
    if (pl->callbacks) {
        put(w, counts ? "callbacks = Ran(b'c')  # the weak references whose callback ran: c3 for w3\n"
                        "def called(k, raises=0, _append=callbacks.append):\n    _append(k)\n"
                      : "callbacks = []  # the weak references whose callback ran: 3 for w3\n"
                        "def called(k, raises=0):\n    callbacks.append(k)\n");
        put(w, counted ? "    if raises:\n        raising[0] += 1\n        raise ValueError('raised on purpose')\n"
                       : "    if raises:\n        raise ValueError('raised on purpose')\n");
    }
    int generators = 0;
    for (int f = 0; f < GEN_FRAME_COUNT; f++)
        generators |= uses(pl, gen_frame_helpers[f]);
    if (generators) {
        put(w, counts ? "finished = Ran(b'g')  # the generators whose finally block ran: g3 for o3\n"
                        "def closed(i, raises=0, _append=finished.append):  # raises 2: the generator ignores "
                        "GeneratorExit, close() raises\n    _append(i)\n"
                      : "finished = []  # the generators whose finally block ran: 3 for o3\n"
                        "def closed(i, raises=0):  # raises 2: the generator ignores GeneratorExit, close() raises\n"
                        "    finished.append(i)\n");
        put(w, counted ? "    raising[0] += raises > 0\n    if raises == 1:\n        raise ValueError('raised on purpose')\n"
                       : "    if raises == 1:\n        raise ValueError('raised on purpose')\n");
    }
    if ((res->guarantee == 8 && in_finalizer(res)) || (res->guarantee == 6 && res->subject == SUBJECT_OBJECT))
        put(w, "problems = []  # what a __del__ found wrong (an assert inside __del__ would only be printed)\n");
    if (res->guarantee == 15)
        put(w, "problems = []  # what a gc.callbacks entry found wrong (an assert there would only be printed)\n");
    if (uses(pl, "on_gc")) /* what the program's gc.callbacks entries call (helpers.py's on_gc) */
        put(w, counted ? "def raises(r):\n    raising[0] += 1\n    raise ValueError('raised on purpose')\n"
                       : "def raises(r):\n    raise ValueError('raised on purpose')\n");
    if (uses(pl, "on_gc") && res->guarantee == 15) /* recorder.c's gc_phase, its problems kept for an assert */
        put(w, "collecting = set()  # the entries 'phases' k that saw 'start' last\n"
               "def gc_phase(phase, k):  # each collection calls every entry with 'start' before it and 'stop' "
               "after it (gc docs)\n"
               "    if phase == 'start' and k in collecting:\n"
               "        problems.append(\"a gc.callbacks entry was called with 'start' before the collection it saw "
               "start had stopped: every collection calls it with 'start', then 'stop', one collection at a "
               "time\")\n"
               "    elif phase == 'stop' and k not in collecting:\n"
               "        problems.append(\"a gc.callbacks entry was called with 'stop' with no 'start' before it: every "
               "collection calls it with 'start', then 'stop'\")\n"
               "    (collecting.add if phase == 'start' else collecting.discard)(k)\n");
    else if (uses(pl, "on_gc"))
        put(w, "def gc_phase(phase, k):\n    pass\n");
    if (uses(pl, "on_thread")) /* helpers.py's, without passing on what the thread raises */
        put(w, "def on_thread(f):  # f on a thread of its own, waited for (in place once the interpreter ends)\n"
               "    if sys.is_finalizing():\n        return f()\n"
               "    t = threading.Thread(target=f)\n    t.start(); t.join()\n");
    for (int classes = 1; classes >= 0; classes--) /* classes first: functions take them as defaults */
        for (int i = 0; i < pl->n_helpers; i++) {
            size_t len;
            const char *src = strcmp(pl->helpers[i], "on_thread") ? helper_source(pl->helpers[i], &len) : NULL;
            if (src && (strncmp(src, "class ", 6) == 0) == classes)
                put_text(w, src, len);
        }
}

/* A statement as messages quote it: without its comment, no double quote. */
static void statement_words(const char *line, char *out, size_t size)
{
    line += strspn(line, " "); /* a statement in _t's body */
    const char *comment = strstr(line, "  #");
    snprintf(out, size, "%.*s", (int)(comment ? (size_t)(comment - line) : strlen(line)), line);
    if (strlen(out) > 60)
        strcpy(out + 57, "...");
    for (char *c = out; *c; c++)
        if (*c == '"' || *c == '\\')
            *c = '\'';
}

/* The body, line by line, to the checkpoint; 0 with why set when its
 * checks have no plain form. */
static int put_body(struct writer *w, struct plan *pl, const char *body, char *why, size_t why_size)
{
    int n = (int)pl->p->n_ops, early = early_op(pl), crash = pl->upto < 0, current = -1;
    int prompt = !crash && pl->res->guarantee == 4 ? model_at(pl, pl->upto)->objects[pl->res->number].fire_death : -1;
    unsigned script_line = pl->script->preamble_lines + 1;
    for (const char *s = body; *s; script_line++) {
        size_t len = strcspn(s, "\n");
        char line[2048], buf[2048];
        snprintf(line, sizeof line, "%.*s", (int)len, s);
        s += len + (s[len] == '\n');
        int op = op_of_line(pl, script_line);
        if (script_line < pl->script->op_line[0])
            op = -1;
        if (op != current && op >= 0) { /* the first line of an operation's text */
            if (current >= 0 && current == prompt)
                put_prompt_check(w, pl, current);
            current = op;
            statement_words(op == n ? "the teardown" : line, pl->statement[op], sizeof pl->statement[op]);
            if (op == early)
                put_not_yet(w, pl, op);
            if (op == n) {
                put_teardown(w, pl);
                return crash || put_checks(w, pl, why, why_size);
            }
        }
        if (op >= 0 && op == pl->inline_op && !strncmp(line, "_g.", 3)) {
            put_inline_check(w, pl, line);
            return 1;
        }
        if (!strncmp(line, "_g.expect(", 10) && op == pl->upto)
            return put_checks(w, pl, why, why_size);
        if (!strncmp(line, "_g.expect(", 10) && (pl->res->guarantee == 8 || crash))
            put_reads(w, pl, op); /* a crash may come of them too (a stale cache entry of a freed value) */
        if (plain_line(pl, line, buf, sizeof buf))
            put(w, "%s\n", buf);
        if (!strncmp(buf, "sys.exit(0)  # the harness ended", 32))
            return 1; /* nothing after it runs */
    }
    return 1;
}

int plain_write(const struct program *p, const struct run_result *res, struct rendered *out, char *why,
                size_t why_size)
{
    static struct model_trace t;
    static struct rendered script;
    static struct plan pl;
    memset(&pl, 0, sizeof pl);
    if (!supported(res, why, why_size))
        return 0;
    if (!model_trace_run(&t, p) || !render_traced(p, &t, RENDER_SCRIPT, &script)) {
        snprintf(why, why_size, "the program does not render");
        return 0;
    }
    pl.p = p, pl.t = &t, pl.script = &script, pl.final = &script.model, pl.res = res, pl.inline_op = -1;
    const char *body = strstr(script.text, "\n" RENDER_BODY_MARK "\n") + strlen(RENDER_BODY_MARK) + 2;
    if (!collect_helpers(&pl, body, why, why_size))
        return 0;
    pl.callbacks = strstr(body, "_g.called") != NULL || uses(&pl, "weak_self") || uses(&pl, "Meta");
    if (res->outcome == OUTCOME_CRASH || res->outcome == OUTCOME_HANG || exit_counts(res)) {
        pl.upto = -1; /* no checkpoint: what fails is where an interpreter ends (put_exit_head) */
    } else {
        int at = op_of_line(&pl, res->line);
        if (at < (int)p->n_ops && p->ops[at].kind == OP_INTROSPECT && (res->guarantee == 13 || res->guarantee == 2))
            pl.inline_op = at, pl.upto = at;
        else
            pl.upto = checkpoint_at(&pl, res->line);
        if (res->subject == SUBJECT_OBJECT &&
            (res->number < 0 || res->number >= (int)model_at(&pl, pl.upto)->n_objects)) {
            snprintf(why, why_size, "the failure names o%d, which the model does not have", res->number);
            return 0;
        }
    }
    struct writer w = writer_start(out);
    put_head(&w, &pl);
    if (!put_body(&w, &pl, body, why, why_size))
        return 0;
    if (!w.ok)
        snprintf(why, why_size, "out of memory");
    return w.ok;
}
