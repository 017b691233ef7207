/* render.c — writes a program as a self-checking Python script (render.h).
 *
 * The body is written operation by operation from the model's trace (the
 * model after each operation), so each line is written for the kind of
 * object its name holds right then, and each checkpoint lists exactly what
 * the model says died since the previous one, with the line where it became
 * unreachable.  How a kind's slot is written comes from the kind catalogue;
 * the expectations are the shape language of shape.h. */
#include "render.h"

#include "constants.h"
#include "format.h"
#include "shape.h"
#include "writer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char preamble_head[] =
    "# gcfuzz program %s: self-checking; run with python3 (CPython 3.10+).\n";

/* The pure-Python recorder (exec/fallback.py) and the helpers programs call
 * (exec/helpers.py, which the native recorder runs as its own module code),
 * turned into C strings by CMake.  In the module gcfuzz_recorder the
 * helpers run inside a function given `closed`, after the constants they
 * and the recorder read; its locals become the recorder's attributes. */
#include "fallback_py.h"
#include "helpers_py.h"

static const char module_head[] =
    "# gcfuzz_recorder: gcfuzz's pure-Python recorder, which gcfuzz's scripts import\n"
    "# when they run outside the harness.  Written by gcfuzz-constants --recorder (a\n"
    "# gcfuzz build writes it as BUILD/python/gcfuzz_recorder.py) from\n"
    "# harness/exec/fallback.py, helpers.py and lift/constants.c: edit those.\n"
    "import gc, sys, weakref\n";
static const char helpers_head[] = "def _helpers(closed, called, raises, gc_phase, hand_over):\n";
static const char helpers_tail[] =
    "    return locals()\n"
    "for _k, _v in _helpers(_g.closed, _g.called, _g.raises, _g.gc_phase, _g.hand_over).items(): setattr(_g, _k, _v)\n"
    "del _helpers, _k, _v\n";

static const char preamble_intro[] =
    "# The _g.expect(...) lines are gcfuzz's model of CPython's collector: {o: line}\n"
    "# lists the objects whose __del__ must have run, and the line where each became\n"
    "# unreachable, counted from the '" RENDER_BODY_MARK "' line; alive= what every\n"
    "# reachable object must still hold.  A broken guarantee exits non-zero with one\n"
    "# line naming it.\n"
    "import gc, sys, weakref\n"
    "import collections, itertools, json, time  # what finalizers import (they use them at exit too)\n"
    "try:\n"
    "    import _gcfuzz as _g  # the native recorder, inside the gcfuzz harness\n"
    "except ImportError:\n";
/* RENDER_SCRIPT: the pure-Python recorder is a module beside the build */
static const char preamble_import[] =
    "    try:\n"
    "        from gcfuzz_recorder import _g  # the pure-Python recorder: the same checks and messages\n"
    "    except ImportError:\n"
    "        sys.exit('this gcfuzz script needs gcfuzz_recorder.py, which a gcfuzz build writes into BUILD/python/: '\n"
    "                 'run it as PYTHONPATH=BUILD/python python3 %s, or make a copy that carries it '\n"
    "                 'with gcfuzz-repro --standalone' % sys.argv[0])\n";
static const char preamble_end[] = RENDER_BODY_MARK "\n";

static void put_preamble(struct writer *w, enum render_mode mode)
{
    put_text(w, preamble_intro, strlen(preamble_intro));
    if (mode == RENDER_STANDALONE)
        put_indented(w, "    ", render_recorder_module());
    else
        put_text(w, preamble_import, strlen(preamble_import));
    put_text(w, preamble_end, strlen(preamble_end));
}

const char *render_recorder_module(void)
{
    static struct rendered r;
    if (!r.text) {
        struct writer w = writer_start(&r);
        put_text(&w, module_head, strlen(module_head));
        put_text(&w, fallback_py, strlen(fallback_py));
        put_text(&w, helpers_head, strlen(helpers_head));
        const char *constants = constants_python(CONSTANTS_RECORDER, "    ");
        put_text(&w, constants, strlen(constants));
        put_indented(&w, "    ", helpers_py);
        put_text(&w, helpers_tail, strlen(helpers_tail));
        if (!w.ok)
            rendered_free(&r);
    }
    return r.text ? r.text : "raise MemoryError('gcfuzz: out of memory writing the recorder')\n";
}

const char *render_helpers_source(void) { return helpers_py; }

int render_standalone(const char *script, struct rendered *out)
{
    const char *at = strstr(script, preamble_import);
    if (!at)
        return 0;
    struct writer w = writer_start(out);
    put_text(&w, script, (size_t)(at - script));
    put_indented(&w, "    ", render_recorder_module());
    at += strlen(preamble_import);
    put_text(&w, at, strlen(at));
    return w.ok;
}

/* The methods every class shares are written once, before the first class. */
static void put_shared_methods(struct writer *w)
{
    put(w, "def _init(self, i):\n    self._id = i\n");
    put(w, "def _record(self, _fired=_g.fired):\n    _fired(self)\n");
}

/* What each finalizer body does after recording (BODY_* in operands.def);
 * %d is the body's slot (given twice). */
static const char *const body_action[BODY_COUNT] = {
    [BODY_FIX] = "del self.__class__.c%d",
    [BODY_RAISE] = "_g.raises(1)",
    [BODY_COLLECT] = "gc.collect()",
    [BODY_RESURRECT] = "globals()['r%%d' %% self._id] = self",
    [BODY_UNLINK] = "del self.a%d",
    [BODY_DEL_NAME] = "globals().pop('o%d', None)",
    [BODY_REBIND] = "__class__.c%d = self",
    [BODY_CHECK] = "_g.sees(self, %d)",
    [BODY_MUTATE] = "_g.clear(globals().get('o%d'))",
    [BODY_DEREF] = "globals()['r%%d' %% self._id] = _g.deref(self, %d)",
    [BODY_WEAK_SELF] = "globals()['w%%d' %% self._id] = _g.weak_self(self)",
    [BODY_WEAK_HELD] = "globals()['w%%d' %% self._id] = _g.weak(self, %d)",
    [BODY_DEREF_GLOBAL] = "globals()['r%%d' %% self._id] = _g.call(globals().get('w%d'))",
    [BODY_REBIND_CHECK] = "type(self).c%d = self; _g.wrote(self, %d)",
    [BODY_STUFF] = "_g.stash(globals().get('o%d'), self)",
    [BODY_REBIND_NAME] = "globals()['o%d'] = self",
    [BODY_POP] = "_g.pop(globals().get('o%d'))",
    [BODY_MODULES] = "import collections, itertools, json, time; "
                     "json.dumps([list(collections.deque(itertools.repeat(self._id, 2))), time.monotonic() > 0])",
    [BODY_THREAD] = "_g.on_thread(lambda: self._id)",
};

static const char *const builtin_base[FLAVOR_COUNT] = {
    [FLAVOR_LIST] = "list", [FLAVOR_DICT] = "dict", [FLAVOR_TUPLE] = "tuple", [FLAVOR_EXCEPTION] = "Exception"};

/* The class's own body: its layout and its constructor, for a class without bases. */
static void put_class_layout(struct writer *w, const struct model_class *k, const char *in)
{
    if (k->flavor == FLAVOR_SLOTS)
        put(w, "%s    __slots__ = ('_id', 'a0', 'a1', 'a2', 'a3', '__weakref__')\n", in);
    if (k->flavor == FLAVOR_SHARED)
        put(w, "%s    __slots__ = ('_id', '__dict__', '__weakref__')\n", in);
    if (k->flavor == FLAVOR_TUPLE)
        put(w, "%s    __slots__ = ()\n%s    _id = property(lambda s: s[4])\n", in, in);
    else if (k->flavor == FLAVOR_LIST)
        put(w, "%s    def __init__(self, i):\n%s        self._id = i\n%s        self.extend((None,) * 4)\n", in, in, in);
    else
        put(w, "%s    __init__ = _init\n", in);
}

/* C<c> = type('C<c>', (bases), {...}): the class statement's namespace as
 * a dict; a finalizer that does more than record is a function before it. */
static void put_type_call_class(struct writer *w, const struct model_class *k, int c)
{
    if (k->body != BODY_NONE && k->body != BODY_RECORD) {
        put(w, "def _del%d(self, _fired=_g.fired, _g=_g):\n    _fired(self)\n    ", c);
        put(w, body_action[k->body], k->fix_slot, k->fix_slot);
        put(w, "\n");
    }
    put(w, "C%d = type('C%d', (", c, c);
    if (k->base >= 0)
        put(w, k->base2 >= 0 ? "C%d, C%d" : "C%d,", k->base, k->base2);
    put(w, "), {");
    const char *sep = "";
    if (k->finalizer_cb >= 0)
        put(w, "'_k': %d", k->finalizer_cb), sep = ", ";
    if (k->base < 0)
        put(w, "%s'__init__': _init", sep), sep = ", ";
    if (k->body == BODY_RECORD)
        put(w, "%s'__del__': _record", sep);
    else if (k->body != BODY_NONE)
        put(w, "%s'__del__': _del%d", sep, c);
    put(w, "})\n");
}

static void put_class(struct writer *w, const struct model *m, int c)
{
    const struct model_class *k = &m->classes[c];
    if (k->flavor == FLAVOR_TYPE_CALL) {
        if (c == 0)
            put_shared_methods(w);
        put_type_call_class(w, k, c);
        return;
    }
    const char *in = k->flavor == FLAVOR_LOCAL ? "    " : "";
    if (c == 0)
        put_shared_methods(w);
    const char *del = k->flavor == FLAVOR_LEGACY ? "__tp_del__" : "__del__";
    if (k->flavor == FLAVOR_LOCAL)
        put(w, "def _mk%d():\n", c);
    if (k->flavor == FLAVOR_LEGACY) /* _testcapi.with_tp_del: its __tp_del__ becomes tp_del */
        put(w, "@_g.legacy\n");
    if (k->base >= 0 && k->base2 >= 0)
        put(w, "%sclass C%d(C%d, C%d):\n", in, c, k->base, k->base2);
    else if (k->base >= 0)
        put(w, "%sclass C%d(C%d):\n", in, c, k->base);
    else if (builtin_base[k->flavor])
        put(w, "%sclass C%d(%s):\n", in, c, builtin_base[k->flavor]);
    else if (k->flavor == FLAVOR_META)
        put(w, "%sclass C%d(metaclass=_g.Meta):\n", in, c);
    else
        put(w, "%sclass C%d:\n", in, c);
    if (k->finalizer_cb >= 0) /* the class's own finalizer records callback _k */
        put(w, "%s    _k = %d\n", in, k->finalizer_cb);
    if (k->base < 0)
        put_class_layout(w, k, in);
    if (k->body == BODY_RECORD) {
        put(w, "%s    %s = _record\n", in, del);
    } else if (k->body != BODY_NONE) {
        put(w, "%s    def %s(self, _fired=_g.fired, _g=_g):\n%s        _fired(self)\n%s        ", in, del, in, in);
        put(w, body_action[k->body], k->fix_slot, k->fix_slot);
        put(w, "\n");
    } else if (k->base >= 0) {
        put(w, "%s    pass\n", in);
    }
    if (k->flavor == FLAVOR_LOCAL)
        put(w, "    return C%d\nC%d = _mk%d()\n", c, c, c);
}

/* o3.a1 / o3[1] / o3['k1'], by what the name holds: lists of any length
 * keep their four slots spread out, so that cycles pass through any
 * position. */
static void put_slot(struct writer *w, const struct model *m, int name, int slot)
{
    const struct model_object *o = &m->objects[m->names[name]];
    switch ((enum slot_access)kind_info(o->kind)->access) {
    case ACCESS_SPREAD_ITEM: {
        int stride = list_lengths[o->variant] / GCFUZZ_SLOTS;
        put(w, "o%d[%d]", name, slot * stride + stride - 1);
        break;
    }
    case ACCESS_ITEM:
    case ACCESS_INT_KEY: put(w, "o%d[%d]", name, slot); break;
    case ACCESS_STR_KEY: put(w, "o%d['k%d']", name, slot); break;
    case ACCESS_ATTR:
    case ACCESS_MEMBER:
    case ACCESS_HELD:
    case ACCESS_FRAME: put(w, "o%d.a%d", name, slot); break;
    }
}

static void put_link(struct writer *w, const struct model *m, const struct op *op)
{
    const struct model_object *o = &m->objects[m->names[op->a]];
    if (o->kind == KIND_SET || o->kind == KIND_WEAK_SET) {
        put(w, "o%d.add(o%d)", op->a, op->c);
        return;
    }
    if (o->kind == KIND_WEAK_KEYS) {
        put(w, "o%d[o%d] = %d", op->a, op->c, op->b);
        return;
    }
    int s = op->b % GCFUZZ_SLOTS;
    put_slot(w, m, op->a, s);
    if (op->kind == OP_LINK || o->kind == KIND_WEAK_VALUES) {
        put(w, " = o%d", op->c);
        return;
    }
    if (op->kind == OP_LINK_WEAK) {
        put(w, " = weakref.ref(o%d)", op->c);
        return;
    }
    if (op->kind == OP_LINK_WEAK_FORM) {
        int form = op->b / GCFUZZ_SLOTS;
        if (weak_form_proxy[form])
            put(w, " = weakref.proxy(o%d", op->c);
        else
            put(w, " = weakref.WeakMethod(_g.method(o%d)", op->c);
        if (weak_form_callback[form])
            put(w, ", lambda r, _c=_g.called: _c(%d)", op->made);
        put(w, ")");
        return;
    }
    put(w, " = weakref.ref(o%d, lambda r, _c=_g.called: ", op->c);
    switch ((enum callback_kind)(op->b / GCFUZZ_SLOTS)) {
    case CALLBACK_RAISE: put(w, "_c(%d, 1))", op->made); break; /* records, then raises ValueError */
    case CALLBACK_COLLECT: put(w, "(_c(%d), gc.collect()))", op->made); break;
    case CALLBACK_CLEAR: put(w, "(_c(%d), _g.clear(globals().get('o%d'))))", op->made, s); break;
    case CALLBACK_DEL_NAME: put(w, "(_c(%d), globals().pop('o%d', None)))", op->made, s); break;
    case CALLBACK_RECORD:
    case CALLBACK_COUNT: put(w, "_c(%d))", op->made); break;
    }
}

static void put_unlink(struct writer *w, const struct model *m, const struct op *op)
{
    int obj = m->names[op->a];
    const struct model_object *o = &m->objects[obj];
    if (model_keyed_by_object(m, obj)) {
        put(w, "_g.drop(o%d, %d)", op->a, o->slot_target[op->b]);
    } else if (o->kind == KIND_WEAK_VALUES) {
        put(w, "o%d.pop('k%d', None)", op->a, op->b);
    } else if (kind_has(o->kind, K_NONE_WHEN_EMPTY)) {
        put_slot(w, m, op->a, op->b);
        put(w, " = None");
    } else {
        put(w, "del ");
        put_slot(w, m, op->a, op->b);
    }
}

static void put_new_func(struct writer *w, const struct op *op)
{
    switch ((enum func_variant)op->b) {
    case FUNC_CLOSURE1: put(w, "_g.cell(o%d)", op->a); break;
    case FUNC_CLOSURE2: put(w, "_g.cell2(o%d, o%d)", op->a, op->c); break;
    case FUNC_METHOD: put(w, "o%d.__init__", op->a); break;
    case FUNC_LAMBDA: put(w, "lambda _a=o%d, _b=o%d: 0", op->a, op->c); break;
    case FUNC_PARTIAL:
    case FUNC_COUNT: put(w, "_g.partial(_g.cell, o%d, o%d)", op->a, op->c); break;
    }
}

/* o<made> = ...: what NEW_* and COPY make */
static void put_new(struct writer *w, const struct model *m, const struct op *op)
{
    static const char *const dicts[DICT_COUNT] = {
        [DICT_STR] = "{}", [DICT_INT] = "{}", [DICT_SET] = "set()", [DICT_WEAK_VALUES] = "weakref.WeakValueDictionary()",
        [DICT_WEAK_KEYS] = "weakref.WeakKeyDictionary()", [DICT_WEAK_SET] = "weakref.WeakSet()"};
    static const char *const copies[3][4] = {
        {"o%d[:]", "o%d.copy()", "list(o%d)", "[x for x in o%d]"},
        {"dict(o%d)", "o%d.copy()", "{**o%d}", "{k: v for k, v in o%d.items()}"},
        {"set(o%d)", "o%d.copy()", "{*o%d}", "{x for x in o%d}"},
    };
    put(w, "o%d = ", op->made);
    switch (op->kind) {
    case OP_NEW_INSTANCE:
        if (m->classes[op->a].layout == LAYOUT_TUPLE)
            put(w, "C%d((o%d, o%d, None, None, %d))", op->a, op->b, op->c, op->made);
        else
            put(w, "C%d(%d)", op->a, op->made);
        break;
    case OP_NEW_LIST: put(w, "[None] * %d", list_lengths[op->a]); break;
    case OP_NEW_DICT: put(w, "%s", dicts[op->a]); break;
    case OP_NEW_TUPLE:
        put(w, op->b == TUPLE_FRONT ? "(o%d, o%d, None, None)"
               : op->b == TUPLE_BACK ? "(None, None, o%d, o%d)" : "frozenset((o%d, o%d))",
            op->a, op->c);
        break;
    case OP_NEW_FUNC: put_new_func(w, op); break;
    case OP_NEW_EXC: put(w, "_g.catch(o%d)", op->a); break;
    case OP_COPY: {
        int src = m->names[op->a], kind = m->objects[src].kind, walks = kind != KIND_LIST && op->b == 3;
        /* a comprehension over a dict or set runs bytecode, so a collection
           may start inside it; if a finalizer or callback then changes the
           container's size, CPython raises RuntimeError: the copy is taken
           again (helpers.py walk) */
        int retried = walks && model_entries_open(m, src);
        put(w, retried ? "_g.walk(lambda: " : "");
        put(w, copies[kind == KIND_LIST ? 0 : kind == KIND_SET ? 2 : 1][op->b], op->a);
        put(w, retried ? ")" : "");
        break;
    }
    }
}

/* The generator is started (and finished) before its name is bound: the
 * binding can run finalizers and callbacks, which may delete that name. */
static void put_new_generator(struct writer *w, const struct op *op)
{
    /* a raising one's finally block records, then raises ValueError */
    char gen[64];
    int state = gen_state_as[op->a], frame = gen_state_frame[op->a];
    snprintf(gen, sizeof gen, state == GEN_RAISING ? "_g.%s(o%d, %d, 1)" : "_g.%s(o%d, %d)", gen_frame_helpers[frame],
             op->c, op->made);
    int steps = state == GEN_FINISHED ? 2 : 1; /* suspended in its try block; finished: its finally block ran */
    if (state == GEN_UNSTARTED)
        put(w, "o%d = %s", op->made, gen);
    else if (frame == GEN_FRAME_AGEN) /* stepped by asend(); a hook is cached at its first step */
        put(w, "o%d = _g.astep(%s, %d%s)", op->made, gen, steps, gen_state_hook[op->a] ? ", _g.aclose_now" : "");
    else
        put(w, "o%d = _g.advance(%s, %d)", op->made, gen, steps);
}

/* An instance of a plain class keeps its _id in its __dict__. */
static void put_set_dict(struct writer *w, const struct model *m, const struct op *op)
{
    int id = m->names[op->a], own_id = model_layout(m, id) != LAYOUT_SHARED;
    if (op->b == DICT_ASSIGN_SHARE)
        put(w, "o%d.__dict__ = o%d.__dict__", op->a, op->c);
    else if (op->b == DICT_ASSIGN_COPY && own_id)
        put(w, "o%d.__dict__ = {**o%d.__dict__, '_id': %d}", op->a, op->c, id);
    else if (op->b == DICT_ASSIGN_COPY)
        put(w, "o%d.__dict__ = dict(o%d.__dict__)", op->a, op->c);
    else if (own_id)
        put(w, "o%d.__dict__ = {'_id': %d}", op->a, id);
    else
        put(w, "o%d.__dict__ = {}", op->a);
}

/* What gc.is_finalized(o) must say (G2): whether its __del__ ran, where the
 * model knows: a live instance whose finalizer certainly ran (it was
 * resurrected) or certainly did not.  None: only asked. */
static const char *finalized_want(const struct model *m, int obj)
{
    const struct model_object *o = &m->objects[obj];
    if (!kind_has(o->kind, K_INSTANCE) || o->life != LIFE_LIVE)
        return "None";
    if (model_object_body(m, obj) == BODY_NONE)
        return "False"; /* no tp_finalize: nothing sets the flag */
    return o->finalizer == FIN_RUN ? "True" : o->finalizer == FIN_NOT_RUN ? "False" : "None";
}

/* gc.set_debug()'s flags, as the program writes them */
static const char *const debug_flags_python[DEBUG_FLAGS_COUNT] = {
#define DEBUG_FLAGS(NAME, name, saves, expr) expr,
#include "operands.def"
};

static void put_introspect(struct writer *w, const struct model *m, const struct op *op)
{
    switch ((enum introspection)op->b) {
    case INTROSPECT_IS_FINALIZED: put(w, "_g.finalized(o%d, %s)", op->a, finalized_want(m, m->names[op->a])); break;
    case INTROSPECT_REFERRERS: put(w, "len(gc.get_referrers(o%d))", op->a); break;
    case INTROSPECT_REFERENTS: put(w, "len(gc.get_referents(o%d))", op->a); break;
    case INTROSPECT_OBJECTS: put(w, "len(gc.get_objects())"); break;
    case INTROSPECT_IS_TRACKED: put(w, "gc.is_tracked(o%d)", op->a); break;
    case INTROSPECT_COUNT: put(w, "gc.get_count()"); break;
    case INTROSPECT_STATS: put(w, "gc.get_stats()"); break;
    case INTROSPECT_IS_ENABLED:
        put(w, "_g.reads('gc.isenabled()', gc.isenabled(), %s)", m->gc_off ? "False" : "True");
        break;
    case INTROSPECT_DEBUG: put(w, "_g.reads('gc.get_debug()', gc.get_debug(), %s)", debug_flags_python[m->debug]); break;
    case INTROSPECT_YOUNGEST: put(w, "len(gc.get_objects(0))"); break;
    case INTROSPECT_OLDEST: put(w, "len(gc.get_objects(2))"); break;
    case INTROSPECT_THRESHOLD: put(w, "gc.get_threshold()"); break;
    case INTROSPECT_FREEZE_COUNT: put(w, "gc.get_freeze_count()"); break;
    case INTROSPECTION_COUNT: break;
    }
}

/* _g.shutdown((k, ...), n): the weakref.finalize objects made so far,
 * each called exactly once by the end of the interpreter, and the number of
 * atexit handlers registered, each run once, last first (G14) */
static void put_shutdown(struct writer *w, const struct model *m, const struct op *op)
{
    size_t n = 0;
    put(w, "_g.shutdown((");
    for (size_t k = 0; k < m->n_callbacks; k++)
        if (m->callbacks[k].holder == CB_REGISTRY)
            put(w, n++ ? ", %zu" : "%zu", k);
    put(w, n == 1 ? ",), %d%s)" : "), %d%s)", m->n_handlers, op->a ? ", 'sub'" : "");
}

/* One operation's statement (the switch is complete: the compiler says
 * which operation has no rendering). */
static void put_statement(struct writer *w, const struct model *m, const struct op *op)
{
    switch ((enum op_kind)op->kind) {
    case OP_NEW_CLASS: put_class(w, m, op->made); break;
    case OP_NEW_INSTANCE:
    case OP_NEW_LIST:
    case OP_NEW_DICT:
    case OP_NEW_TUPLE:
    case OP_NEW_FUNC:
    case OP_NEW_EXC:
    case OP_COPY: put_new(w, m, op); break;
    case OP_LINK:
    case OP_LINK_WEAK:
    case OP_LINK_WEAK_CB:
    case OP_LINK_WEAK_FORM: put_link(w, m, op); break;
    case OP_NEW_GENERATOR: put_new_generator(w, op); break;
    case OP_UNLINK: put_unlink(w, m, op); break;
    case OP_SET_CLASS_ATTR: put(w, "C%d.c%d = o%d", op->a, op->b, op->c); break;
    case OP_SELF_CLASS_ATTR: put(w, "o%d.__class__.c%d = C%d(%d)", op->a, op->b, op->c, op->made); break;
    case OP_DEL_CLASS_ATTR: put(w, "del C%d.c%d", op->a, op->b); break;
    case OP_DEL_CLASS: put(w, "del C%d", op->a); break;
    case OP_DEL_NAME: put(w, "del o%d", op->a); break;
    case OP_REBIND: put(w, "o%d = o%d", op->a, op->c); break;
    case OP_COLLECT: put(w, "gc.collect()"); break;
    case OP_GC_DISABLE: put(w, "gc.disable()"); break;
    case OP_GC_ENABLE: put(w, "gc.enable()"); break;
    case OP_SET_THRESHOLD: put(w, "gc.set_threshold(%d)", thresholds[op->a]); break;
    case OP_COLLECT_YOUNG: put(w, "gc.collect(%d)", op->a); break;
    case OP_FINALIZE: put(w, "weakref.finalize(o%d, _g.called, %d)", op->a, op->made); break;
    case OP_FREEZE: put(w, op->a ? "gc.unfreeze()" : "gc.freeze()"); break;
    case OP_SET_DICT: put_set_dict(w, m, op); break;
    case OP_CLEAR: put(w, "_g.clear(o%d)", op->a); break;
    case OP_DEREF: put(w, "o%d = _g.call(globals().get('w%d'))", op->a, op->c); break;
    case OP_INTROSPECT: put_introspect(w, m, op); break;
    case OP_GC_DEBUG: put(w, "_g.debug(%s)", debug_flags_python[op->a]); break;
    case OP_SHUTDOWN: put_shutdown(w, m, op); break;
    case OP_AT_EXIT: put(w, "_g.at_exit(%d)", op->made); break;
    case OP_DEEP: put(w, "o%d = _g.deep(o%d, %d, %d)", op->made, op->a, op->b, op->made); break;
    case OP_GC_CALLBACK: put(w, "_g.on_gc('%s', %d)", gc_hook_names[op->a], op->made); break;
    case OP_SET_CLASS: put(w, "o%d.__class__ = C%d", op->a, op->c); break;
    case OP_SET_BASES: put(w, "C%d.__bases__ = (C%d,)", op->a, op->c); break;
    case OP_THREAD: /* put_thread_head: its text is the next statement's */
    case OP_KIND_COUNT: break;
    }
}

static void put_objects(struct writer *w, uint32_t set)
{
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (set & (1u << i))
            put(w, " o%d", i);
}

/* "  # freed: o1 o2; cyclic garbage: o3" after a statement that killed. */
static void put_deaths(struct writer *w, const struct model_step *s)
{
    if (!s->died)
        return;
    put(w, "  #");
    if (s->prompt) {
        put(w, " freed:");
        put_objects(w, s->prompt);
    }
    if (s->died & ~s->prompt) {
        put(w, "%s cyclic garbage:", s->prompt ? ";" : "");
        put_objects(w, s->died & ~s->prompt);
    }
}

static int decided_in(int op, size_t from, size_t to) { return op >= 0 && (size_t)op >= from && (size_t)op <= to; }

/* A finalizer that can run in [from, to] (its callback may run with it) */
static int finalizer_in(const struct model_object *o, size_t from, size_t to)
{
    return (o->finalizer == FIN_RUN || o->finalizer == FIN_MAY_RUN) && decided_in(o->fire_due, from, to);
}

/* called={k: line}: weak-reference callbacks that must have run, with the
 * line their referent died at; maybe=(k, ...): those that may have run once,
 * and the callbacks of weak references finalizers made to their own objects
 * (w<SHAPE_BODY_CALLBACKS + id>).  Both for what the model decided at
 * operations [from, to]. */
static void put_callbacks(struct writer *w, const struct model *m, const unsigned *op_line, size_t from, size_t to)
{
    int any = 0;
    for (size_t k = 0; k < m->n_callbacks; k++) {
        const struct model_callback *cb = &m->callbacks[k];
        if (cb->state == CB_MUST && decided_in(cb->decided_op, from, to)) {
            put(w, any ? ", %zu: %u" : ", called={%zu: %u", k, op_line[model_callback_death(m, (int)k)]);
            any = 1;
        }
    }
    if (any)
        put(w, "}");
    any = 0;
    for (size_t k = 0; k < m->n_callbacks; k++) {
        const struct model_callback *cb = &m->callbacks[k];
        if (cb->state == CB_MAY && decided_in(cb->decided_op, from, to)) {
            put(w, any ? " %zu," : ", maybe=(%zu,", k);
            any = 1;
        }
    }
    for (size_t i = 0; i < m->n_objects; i++)
        if (model_object_body(m, (int)i) == BODY_WEAK_SELF && model_weakable(m, (int)i) &&
            finalizer_in(&m->objects[i], from, to)) {
            put(w, any ? " %d," : ", maybe=(%d,", SHAPE_BODY_CALLBACKS + (int)i);
            any = 1;
        }
    if (any)
        put(w, ")");
}

/* closed={g: line}: generators whose finally block must have run once by
 * now (G10), at or after that line: suspended ones that died (when the
 * collector frees them: gc.freeze() may delay that), finished ones at the
 * line that finished them.  Unstarted ones never run it. */
static void put_closed(struct writer *w, const struct model *m, const unsigned *op_line, size_t from, size_t to)
{
    int any = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *g = &m->objects[i];
        if (g->kind != KIND_GENERATOR || g->closed_op < 0)
            continue;
        int due = g->gen_state == GEN_FINISHED ? g->closed_op : g->fire_due;
        if (g->finalizer != FIN_MAY_RUN && decided_in(due, from, to)) {
            put(w, any ? ", %zu: %u" : ", closed={%zu: %u", i, op_line[g->closed_op]);
            any = 1;
        }
    }
    if (any)
        put(w, "}");
    /* may_close=(g, ...): open generators, whose finally block may run, once */
    any = 0;
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *g = &m->objects[i];
        if (g->kind == KIND_GENERATOR && g->finalizer == FIN_MAY_RUN && decided_in(g->fire_due, from, to)) {
            put(w, any ? " %zu," : ", may_close=(%zu,", i);
            any = 1;
        }
    }
    if (any)
        put(w, ")");
}

/* _g.saved(0, 1): the instances a collection put in gc.garbage, which
 * DEBUG_SAVEALL keeps instead of freeing (G9) */
static void put_saved(struct writer *w, uint32_t saved)
{
    if (!saved)
        return;
    const char *sep = "";
    put(w, "_g.saved(");
    for (int o = 0; o < GCFUZZ_MAX_OBJECTS; o++)
        if (saved & (1u << o)) {
            put(w, "%s%d", sep, o);
            sep = ", ";
        }
    put(w, ")\n");
}

/* "prompt=(1, 2)": finalized at the very line their last reference went (G4). */
static void put_prompt(struct writer *w, uint32_t prompt)
{
    put(w, ", prompt=(");
    for (int o = 0; o < GCFUZZ_MAX_OBJECTS; o++)
        if (prompt & (1u << o))
            put(w, prompt >> (o + 1) ? "%d, " : prompt == (1u << o) ? "%d," : "%d", o);
    put(w, ")");
}

/* fired={id: line, ...}, may={id: line}, unraisable=n, called=, maybe=,
 * closed=, prompt=(...) for what is due by operations [from, to], each with
 * the line its object died at. */
static void put_expectation(struct writer *w, const struct model *m, const unsigned *op_line, size_t from, size_t to,
                            int with_prompt)
{
    uint32_t prompt = 0;
    unsigned unraisable = 0, open = 0;
    const char *sep = "";
    put(w, "fired={");
    for (size_t i = from; i <= to; i++)
        unraisable += m->steps[i].unraisable, open += m->steps[i].unraisable_open;
    for (int o = 0; o < (int)m->n_objects; o++) {
        const struct model_object *ob = &m->objects[o];
        if (!model_has_finalizer(m, o) || ob->finalizer != FIN_RUN || !decided_in(ob->fire_due, from, to))
            continue;
        put(w, "%s%d: %u", sep, o, op_line[ob->fire_death]);
        sep = ", ";
        if (ob->fire_due == ob->fire_death && (m->steps[ob->fire_death].prompt & (1u << o)))
            prompt |= 1u << o;
    }
    put(w, "}");
    /* may={id: line}: finalizers that may have run, at most once, at or
       after that line: garbage a finalizer resurrected in the same pass */
    int may = 0;
    for (int o = 0; o < (int)m->n_objects; o++) {
        const struct model_object *ob = &m->objects[o];
        if (ob->finalizer == FIN_MAY_RUN && model_has_finalizer(m, o) && decided_in(ob->fire_due, from, to))
            put(w, may++ ? ", %d: %u" : ", may={%d: %u", o, op_line[ob->fire_death]);
    }
    if (may)
        put(w, "}");
    if (open)
        put(w, ", unraisable=(%u, %u)", unraisable, unraisable + open);
    else if (unraisable)
        put(w, ", unraisable=%u", unraisable);
    put_callbacks(w, m, op_line, from, to);
    put_closed(w, m, op_line, from, to);
    if (with_prompt && prompt)
        put_prompt(w, prompt);
}

/* KIND: the kind's letter and number. */
static void put_kind(struct writer *w, const struct model *m, int i)
{
    int number = model_kind_number(m, i);
    put(w, "%c", kind_info(m->objects[i].kind)->letter);
    if (number >= 0)
        put(w, "%d", number);
}

/* A weak SLOT of a live object's shape: to a live object "w<n>", to a freed
 * one "w-", to garbage not yet collected or maybe cleared "w?". */
static void put_weak_slot(struct writer *w, const struct model *m, const struct model_object *holder, int t, char form)
{
    const struct model_object *target = &m->objects[t];
    if (target->weakrefs == WEAKREFS_CLEARED)
        put(w, "%c%c", form, SHAPE_WEAK_FREED); /* resurrected, but its weak references were cleared */
    else if ((holder->holds_open && target->life != LIFE_GONE) || target->weakrefs == WEAKREFS_OPEN)
        put(w, "%c%c", form, SHAPE_WEAK_EITHER); /* held by garbage a collection resurrected: maybe cleared */
    else if (target->life == LIFE_LIVE)
        put(w, "%c%d", form, t);
    else
        put(w, "%c%c", form, target->life == LIFE_GONE ? SHAPE_WEAK_FREED : SHAPE_WEAK_EITHER);
}

/* The letter a weak slot's shape starts with: its form */
static char weak_letter(int state)
{
    return state == SLOT_PROXY ? SHAPE_PROXY : state == SLOT_WEAK_METHOD ? SHAPE_WEAK_METHOD : SHAPE_WEAK;
}

/* SHAPE of object i (shape.h): now, or as its finalizer's death saw it
 * (at_death: weak references' states are not asserted there). */
static void put_shape(struct writer *w, const struct model *m, int i, int at_death)
{
    const struct model_object *o = &m->objects[i], *st = model_storage(m, i);
    const uint8_t *state = at_death ? o->death_state : st->slot_state;
    const int8_t *target = at_death ? o->death_target : st->slot_target;
    put(w, "%d:", i);
    put_kind(w, m, i);
    put(w, "/");
    if (o->kind == KIND_GENERATOR) {
        put(w, "%c", SHAPE_EMPTY); /* only its type is checked */
        return;
    }
    for (int s = 0; s < GCFUZZ_SLOTS; s++) {
        int t = target[s];
        if (s)
            put(w, ",");
        if (state[s] == SLOT_EMPTY)
            put(w, "%c", SHAPE_EMPTY);
        else if (state[s] == SLOT_OPEN)
            put(w, "%c", SHAPE_OPEN);
        else if (state[s] == SLOT_STRONG)
            put(w, "%c%d", kind_info(m->objects[t].kind)->letter, t);
        else if (at_death)
            put(w, "%c", weak_letter(state[s]));
        else
            put_weak_slot(w, m, o, t, weak_letter(state[s]));
    }
}

/* VALUES: "5", or for an open place "5|7|-" */
static void put_values(struct writer *w, uint32_t set)
{
    const char *sep = "";
    for (int i = 0; i < GCFUZZ_MAX_OBJECTS; i++)
        if (set & (1u << i))
            put(w, "%s%d", sep, i), sep = "|";
    if (set & MAYBE_EMPTY)
        put(w, "%s%c", sep, SHAPE_EMPTY);
}

/* "o3=5", "o3=5|-": certain, or open; nothing for an unbound name */
static void put_place(struct writer *w, const char **sep, char prefix, int n, int certain, int open, uint32_t maybe)
{
    if (!open && certain < 0)
        return;
    put(w, "%s%c%d=", *sep, prefix, n);
    put_values(w, open ? maybe : 1u << certain);
    *sep = " ";
}

static void put_class_attributes(struct writer *w, const struct model *m)
{
    for (size_t c = 0; c < m->n_classes; c++) {
        const struct model_class *k = &m->classes[c];
        if (!k->named) {
            put(w, " C%zu=-", c); /* deleted: its attributes are checked through its instances (G8) */
            continue;
        }
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            int open = (k->attr_open >> s) & 1;
            if (!open && k->attr[s] < 0)
                continue;
            put(w, " C%zu.c%d=", c, s);
            put_values(w, open ? k->attr_maybe[s] : 1u << k->attr[s]);
        }
    }
}

/* "@3.c1=2": what instance 3 finds looking up c1 through its MRO (G8) */
static void put_lookups(struct writer *w, const struct model *m)
{
    for (size_t i = 0; i < m->n_objects; i++) {
        const struct model_object *o = &m->objects[i];
        if (o->life != LIFE_LIVE || !kind_has(o->kind, K_INSTANCE))
            continue;
        for (int s = 0; s < GCFUZZ_SLOTS; s++)
            if (m->attr_ever & (1u << s)) {
                put(w, " @%zu.c%d=", i, s);
                put_values(w, model_lookup_maybe(m, o->cls, s));
            }
    }
}

/* alive="o0=1 o3=5|- r5=5 C=3 C1=- C0.c1=2 @3.c1=2 @3.c2=- 1:i0/...":
 * names, globals r<id>, classes (C1 deleted), class attributes, what
 * instances find looking up class attributes (G8), live and open objects. */
static void put_alive(struct writer *w, const struct model *m)
{
    const char *sep = "";
    put(w, ", alive=\"");
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        put_place(w, &sep, 'o', n, m->names[n], (m->names_open >> n) & 1, m->name_maybe[n]);
    for (int n = 0; n < GCFUZZ_MAX_OBJECTS; n++)
        put_place(w, &sep, 'r', n, m->kept_by[n], (m->kept_open >> n) & 1, m->kept_maybe[n]);
    put(w, "%sC=%zu", sep, m->n_classes);
    put_class_attributes(w, m);
    put_lookups(w, m);
    for (size_t i = 0; i < m->n_objects; i++)
        if (m->objects[i].life == LIFE_LIVE || m->objects[i].life == LIFE_OPEN) {
            put(w, " ");
            put_shape(w, m, (int)i, 0);
        }
    put(w, "\"");
}

/* _g.writers_are("0:1=2,-"): for each class attribute a finalizer writes
 * and reads back (BODY_REBIND_CHECK writes its own class's), the classes
 * whose instances' finalizers may write it meanwhile (a rebinding finalizer
 * of a value its write drops), and '-' if one may delete it ("fix"). */
static void put_writers(struct writer *w, const struct model *final)
{
    const char *sep = "";
    for (size_t c = 0; c < final->n_classes; c++)
        for (int s = 0; s < GCFUZZ_SLOTS; s++) {
            int checked = 0, deletes = 0;
            uint32_t by = 0;
            for (size_t k = 0; k < final->n_classes; k++) {
                int fin = model_finalizer_class(final, (int)k), body = model_body(final, (int)k);
                if (fin < 0 || final->classes[fin].fix_slot != s)
                    continue;
                int writes = body == BODY_REBIND_CHECK ? k == c : body == BODY_REBIND && fin == (int)c;
                checked |= body == BODY_REBIND_CHECK && k == c;
                if (writes)
                    by |= 1u << k;
                deletes |= k == c && body == BODY_FIX;
            }
            if (!checked)
                continue;
            put(w, "%s%zu:%d=", sep, c, s), sep = " ";
            const char *comma = "";
            for (size_t k = 0; k < final->n_classes; k++)
                if (by & (1u << k))
                    put(w, "%s%zu", comma, k), comma = ",";
            if (deletes)
                put(w, "%s%c", comma, SHAPE_EMPTY);
        }
}

/* _g.deaths_are("..."): each object with a finalizer as it was when it
 * died, from the model of the whole program (an instance sharing its
 * __dict__ with a live one may change after). */
static void put_deaths_are(struct writer *w, const struct model *final)
{
    const char *sep = "";
    put(w, "_g.deaths_are(\"");
    for (size_t i = 0; i < final->n_objects; i++) {
        const struct model_object *o = &final->objects[i];
        if (!model_has_finalizer(final, (int)i) || o->fire_death < 0)
            continue;
        put(w, "%s", sep), sep = " ";
        put_shape(w, final, (int)i, 1);
        /* "/c2=i5": what _g.sees(self, 2) must find (G8); "/c2=-": nothing */
        if (model_body(final, o->cls) == BODY_CHECK && o->death_lookup != LOOKUP_OPEN) {
            int s = final->classes[model_finalizer_class(final, o->cls)].fix_slot, t = o->death_lookup;
            if (t >= 0)
                put(w, "/c%d=%c%d", s, kind_info(final->objects[t].kind)->letter, t);
            else
                put(w, "/c%d=%c", s, SHAPE_EMPTY);
        }
    }
    put(w, "\")\n");
}

/* _g.writers_are(...) when any finalizer reads back its own write */
static void put_writers_line(struct writer *w, const struct model *final)
{
    for (size_t k = 0; k < final->n_classes; k++)
        if (model_body(final, (int)k) == BODY_REBIND_CHECK) {
            put(w, "_g.writers_are(\"");
            put_writers(w, final);
            put(w, "\")\n");
            return;
        }
}

/* The module names (o<n>, C<n>, w<n>) in a statement's text: what a
 * function that runs it declares global. */
static void put_globals(struct writer *w, const char *text)
{
    const char *sep = "global ";
    for (const char *c = text; *c; c++) {
        int starts = (*c == 'o' || *c == 'C' || *c == 'w') && isdigit((unsigned char)c[1]) &&
                     (c == text || !(isalnum((unsigned char)c[-1]) || c[-1] == '_' || c[-1] == '.'));
        size_t n = starts ? 1 + strspn(c + 1, "0123456789") : 0;
        if (!n || isalnum((unsigned char)c[n]) || c[n] == '_')
            continue;
        put(w, "%s%.*s", sep, (int)n, c);
        sep = ", ";
        c += n - 1;
    }
    if (*sep == ',')
        put(w, "\n    ");
}

/* How a THREAD runs _t (helpers.py's on_thread, beside). */
static void put_run(struct writer *w, const struct op *prefix, const char *f)
{
    if (prefix->a == WAY_OWN)
        put(w, "_g.on_thread(%s)\n", f);
    else
        put(w, "_g.beside(%s, '%s')\n", f, thread_way_names[prefix->a]);
}

/* A THREAD: the next statement goes into `def _t():` (put_in_t); a last one
 * runs nothing, on its thread or beside the other. */
static void put_thread_head(struct writer *w, const struct program *p, size_t i)
{
    if (i + 1 < p->n_ops)
        put(w, "def _t():\n");
    else
        put_run(w, &p->ops[i], "int");
}

/* The statement after a THREAD, in _t's body, then run on a thread of its
 * own and joined, or here beside another thread: its line is the
 * statement's. */
static void put_in_t(struct writer *w, const struct model *before, const struct op *prefix, const struct op *op,
                     const struct model_step *s, unsigned *line, size_t i)
{
    static struct rendered text;
    struct writer tw = writer_start(&text);
    put_statement(&tw, before, op);
    put(w, "    ");
    put_globals(w, text.text ? text.text : "");
    w->out->op_line[i] = w->line;
    line[i] = w->line - w->out->preamble_lines;
    put_text(w, text.text, text.len);
    put_deaths(w, s);
    put(w, "\n");
    put_run(w, prefix, "_t");
}

/* The body: each operation's statement, a checkpoint after each collection,
 * the teardown, read off the trace of the model; `final` is the model after
 * the teardown. */
static void put_body(struct writer *w, const struct program *p, const struct model_trace *t,
                     const struct model *final)
{
    size_t since = 0; /* first op not yet covered by a checkpoint */
    unsigned line[GCFUZZ_MAX_OPS + 1]; /* each op's line in the program: from the mark, line 0 */
    for (size_t i = 0; i < p->n_ops; i++) {
        const struct op op = p->ops[i];
        const struct model *before = &t->after[i], *m = &t->after[i + 1];
        w->out->op_line[i] = w->line;
        line[i] = w->line - w->out->preamble_lines;
        /* a class is written from the model that has it; a statement from
           the model that shows what its names held before it ran */
        if (op.kind == OP_THREAD)
            put_thread_head(w, p, i);
        else if (before->on_thread)
            put_in_t(w, before, &p->ops[i - 1], &op, &m->steps[i], line, i);
        else
            put_statement(w, op.kind == OP_NEW_CLASS ? m : before, &op);
        if (op.kind != OP_NEW_CLASS && op.kind != OP_THREAD && !before->on_thread) {
            put_deaths(w, &m->steps[i]);
            put(w, "\n");
        }
        if (op.kind == OP_COLLECT) {
            put(w, "_g.expect(");
            put_expectation(w, m, line, since, i, 1);
            put_alive(w, m);
            put(w, ")\n");
            put_saved(w, m->steps[i].saved);
            since = i + 1;
        }
    }
    if (t->after[p->n_ops].froze)
        put(w, "gc.unfreeze()\n"); /* frozen garbage is out of the teardown's reach (G1) */
    w->out->op_line[p->n_ops] = w->line;
    line[p->n_ops] = w->line - w->out->preamble_lines;
    put(w, "_g.teardown(globals(), ");
    put_expectation(w, final, line, since, p->n_ops, 0);
    put(w, ")\n");
}

/* Lines of RENDER_SCRIPT's preamble, the same for every program. */
static unsigned preamble_line_count(void)
{
    static unsigned lines;
    if (!lines) {
        struct rendered r = {0};
        struct writer w = writer_start(&r);
        put(&w, preamble_head, "");
        put_preamble(&w, RENDER_SCRIPT);
        lines = w.line - 1;
        rendered_free(&r);
    }
    return lines;
}

int render_program(const struct program *p, enum render_mode mode, struct rendered *out)
{
    static struct model_trace t;
    return model_trace_run(&t, p) && render_traced(p, &t, mode, out);
}

int render_traced(const struct program *p, const struct model_trace *t, enum render_mode mode, struct rendered *out)
{
    struct writer w = writer_start(out);
    if (mode != RENDER_NATIVE) {
        char hash[17];
        program_hash(p, hash);
        put(&w, preamble_head, hash);
        put_preamble(&w, mode);
    } else {
        for (unsigned i = preamble_line_count(); i > 0; i--)
            put_text(&w, "\n", 1);
    }
    out->preamble_lines = w.line - 1;
    out->model = t->after[p->n_ops];
    model_teardown(&out->model);
    put_deaths_are(&w, &out->model);
    put_writers_line(&w, &out->model);
    put_body(&w, p, t, &out->model);
    return w.ok;
}

size_t rendered_ops_through(const struct rendered *r, size_t n_ops, unsigned line)
{
    size_t upto = 0;
    while (upto < n_ops && r->op_line[upto] <= line)
        upto++;
    return upto;
}

void rendered_free(struct rendered *r)
{
    free(r->text);
    memset(r, 0, sizeof *r);
}
