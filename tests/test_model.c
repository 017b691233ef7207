/* test_model.c — the model on hand-built graphs whose reachability and
 * finalization timing are known: the oracle's foundation, so each rule in
 * model.c has a case here that fails if the rule changes. */
#include "check.h"
#include "model.h"

#include <string.h>

#define BIT(i) (1u << (i))

static struct model m;

static int apply(int kind, int a, int b, int c)
{
    struct op op = {.kind = (uint8_t)kind, .a = (uint8_t)a, .b = (uint8_t)b, .c = (uint8_t)c};
    return model_apply(&m, &op);
}

static const struct model_step *last(void) { return &m.steps[m.n_ops - 1]; }

/* A class with __del__ (variant 1) and n instances o0..o(n-1). */
static void start(int instances)
{
    model_init(&m);
    apply(OP_NEW_CLASS, 1, 0, 0);
    for (int i = 0; i < instances; i++)
        apply(OP_NEW_INSTANCE, 0, 0, 0);
}

static void test_chain_is_freed_at_once(void)
{
    start(3);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 2);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->died == 0, "o2 is still held by o1: died=%x", last()->died);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == (BIT(0) | BIT(1) | BIT(2)) && last()->prompt == last()->died,
          "a chain dies by refcount at once: died=%x prompt=%x", last()->died, last()->prompt);
    CHECK(m.objects[2].life == LIFE_GONE && m.objects[2].dead_op == (int)m.n_ops - 1, "o2 gone at that op");
}

static void test_cycle_waits_for_collect(void)
{
    start(2);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 0, "o0 is reachable through o1");
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == (BIT(0) | BIT(1)) && last()->prompt == 0, "cycle: died=%x prompt=%x", last()->died,
          last()->prompt);
    CHECK(m.objects[0].life == LIFE_PENDING, "cyclic garbage waits for the collector");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_GONE, "collected");
}

static void test_tail_of_a_cycle_is_cyclic_garbage(void)
{
    start(3);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK, 1, 1, 2);
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == 7 && last()->prompt == 0, "the tail waits for the cycle: died=%x prompt=%x",
          last()->died, last()->prompt);
}

static void test_held_by_pending_garbage(void)
{
    /* o2 is held by a garbage cycle not yet collected, and by its name:
       dropping the name cannot free it by refcount */
    start(3);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK, 0, 1, 2);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == 3, "the cycle died: %x", last()->died);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->died == BIT(2) && last()->prompt == 0, "o2 waits for the cycle: prompt=%x", last()->prompt);
    model_init(&m);
    start(3);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK, 0, 1, 2);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->prompt == BIT(2), "after the collection o2 is freed by refcount: prompt=%x", last()->prompt);
}

static void test_self_cycle(void)
{
    start(1);
    apply(OP_LINK, 0, 2, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 1 && last()->prompt == 0, "a self-reference is a cycle");
}

static void test_weak_link_is_no_edge(void)
{
    start(2);
    apply(OP_LINK_WEAK, 0, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == BIT(1) && last()->prompt == BIT(1), "a weak reference does not keep o1: %x",
          last()->died);
    struct op weak_to_list = {.kind = OP_LINK_WEAK, .a = 0, .b = 0, .c = 2};
    apply(OP_NEW_LIST, 0, 0, 0);
    CHECK(!model_apply(&m, &weak_to_list), "lists cannot be weakly referenced");
}

static void test_class_attribute_is_a_root(void)
{
    start(1);
    apply(OP_SET_CLASS_ATTR, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 0, "held by its class, o0 is reachable");
    CHECK((model_reachable(&m) & MODEL_OBJECTS) == BIT(0), "reachable=%x", model_reachable(&m));
    apply(OP_DEL_CLASS_ATTR, 0, 0, 0);
    CHECK(last()->died == BIT(0) && last()->prompt == BIT(0), "freed when the attribute goes");
}

static void test_rebind_and_unlink(void)
{
    start(2);
    apply(OP_REBIND, 0, 0, 1);
    CHECK(last()->died == BIT(0) && last()->prompt == BIT(0), "o0 = o1 frees the old o0");
    CHECK(m.names[0] == 1, "name o0 now holds object 1");
    start(2);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_UNLINK, 0, 0, 0);
    CHECK(last()->died == BIT(1), "del o0.a0 frees o1");
    struct op again = {.kind = OP_UNLINK, .a = 0, .b = 0};
    CHECK(!model_apply(&m, &again), "an empty slot cannot be unlinked");
}

static void test_fix_finalizer(void)
{
    /* C0 has __del__; C1's __del__ deletes C1.c0 (the tutorial's fix) */
    model_init(&m);
    apply(OP_NEW_CLASS, 1, 0, 0);
    apply(OP_NEW_CLASS, 2, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);     /* o0 = C1(0) */
    apply(OP_SELF_CLASS_ATTR, 0, 0, 0);  /* o0.__class__.c0 = C0(1) */
    CHECK(m.classes[1].attr[0] == 1, "C1.c0 holds o1");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 3 && last()->prompt == 3 && last()->unraisable == 0,
          "the fix frees the App at once: died=%x unraisable=%u", last()->died, last()->unraisable);
    /* a second Main finds the attribute gone: AttributeError */
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->unraisable == 1, "unraisable=%u", last()->unraisable);
}

static void test_fix_finalizer_left_to_the_collector(void)
{
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_FIX, 0, 0);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);   /* o0, a C1 */
    apply(OP_SET_CLASS_ATTR, 0, 0, 0); /* C0.c0 = o0 */
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);   /* o1, in a cycle of its own */
    apply(OP_LINK, 1, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(m.objects[1].life == LIFE_PENDING, "a fix instance in a cycle waits for the collector");
    CHECK((m.classes[0].attr_open & 1) && m.classes[0].attr_maybe[0] == (BIT(0) | MAYBE_EMPTY),
          "until its finalizer certainly ran, C0.c0 may hold o0 or nothing");
    CHECK(m.objects[0].life == LIFE_OPEN, "o0, held only by C0.c0, may be gone");
    CHECK(last()->unraisable == 0 && last()->unraisable_open == 1, "its AttributeError may come, or not");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[1].life == LIFE_GONE && m.objects[1].finalizer == FIN_RUN, "collected: it ran");
    apply(OP_NEW_INSTANCE, 0, 0, 0);   /* o2 */
    apply(OP_SET_CLASS_ATTR, 0, 0, 2);
    CHECK(!(m.classes[0].attr_open & 1) && m.classes[0].attr[0] == 2, "written once nothing can: certain again");
}

static void test_teardown(void)
{
    /* two fix instances of one class share C0.c1; one deletion succeeds */
    model_init(&m);
    apply(OP_NEW_CLASS, 2, 0, 1);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_SET_CLASS_ATTR, 0, 1, 0);
    model_teardown(&m);
    CHECK(m.steps[m.n_ops].died == 3, "everything dies at teardown: %x", m.steps[m.n_ops].died);
    CHECK(m.steps[m.n_ops].unraisable == 1, "one of two deletions fails: %u", m.steps[m.n_ops].unraisable);
}

static void test_inherited_finalizer(void)
{
    model_init(&m);
    apply(OP_NEW_CLASS, 1, 0, 0); /* C0 with __del__ */
    apply(OP_NEW_CLASS, 0, 1, 0); /* C1(C0) without */
    apply(OP_NEW_CLASS, 0, 0, 0); /* C2 without */
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_NEW_INSTANCE, 2, 0, 0);
    apply(OP_NEW_LIST, 0, 0, 0);
    CHECK(model_has_finalizer(&m, 0), "C1 inherits __del__");
    CHECK(!model_has_finalizer(&m, 1), "C2 has none");
    CHECK(!model_has_finalizer(&m, 2), "a list has none");
    CHECK(model_finalizer_class(&m, 1) == 0, "from C0");
}


/* --- the full catalogue: each construct's edges and timing ------------------ */

/* NEW_CLASS operands: body, bases as (base + 1) + (n + 1) * (base2 + 1), slot + 4 * flavour */
static int new_class(int body, int base, int base2, int slot, int flavor)
{
    int n = (int)m.n_classes;
    return apply(OP_NEW_CLASS, body, (base + 1) + (n + 1) * (base2 + 1), slot + GCFUZZ_SLOTS * flavor);
}

static void test_two_bases(void)
{
    model_init(&m);
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN);           /* C0 */
    new_class(BODY_NONE, -1, -1, 0, FLAVOR_PLAIN);             /* C1 */
    CHECK(new_class(BODY_NONE, 1, 0, 0, FLAVOR_PLAIN), "C2(C1, C0)");
    CHECK(!new_class(BODY_NONE, 2, 0, 0, FLAVOR_PLAIN), "C3(C2, C0): C0 is in both ancestries, refused");
    CHECK(!new_class(BODY_NONE, 0, 0, 0, FLAVOR_PLAIN), "a class twice as a base, refused");
    int8_t mro[GCFUZZ_MAX_CLASSES];
    int n = model_mro(&m, 2, mro);
    CHECK(n == 3 && mro[0] == 2 && mro[1] == 1 && mro[2] == 0, "MRO of C2 is C2 C1 C0 (n=%d)", n);
    CHECK(model_finalizer_class(&m, 2) == 0, "C2 runs the __del__ of its second base");
    apply(OP_NEW_INSTANCE, 2, 0, 0); /* o0 */
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o1 */
    apply(OP_SET_CLASS_ATTR, 0, 1, 1);
    CHECK(model_lookup(&m, 2, 1) == 1 && model_lookup(&m, 1, 1) == -1, "c1 found through C0 only (G8)");
    apply(OP_SET_CLASS_ATTR, 1, 1, 0);
    CHECK(model_lookup(&m, 2, 1) == 0, "C1 comes before C0 in C2's MRO");
    CHECK(m.attr_ever == BIT(1), "attribute slots ever set: %x", m.attr_ever);
}

static void test_layouts(void)
{
    model_init(&m);
    CHECK(!new_class(BODY_NONE, -1, -1, 0, FLAVOR_COUNT), "no such flavour");
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_LIST);  /* C0(list) */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_SLOTS); /* C1 with __slots__ */
    CHECK(!new_class(BODY_NONE, 0, 1, 0, FLAVOR_PLAIN), "C(C0, C1): two layouts conflict, refused");
    CHECK(!new_class(BODY_NONE, 0, -1, 0, FLAVOR_DICT), "a built-in flavour needs no bases");
    CHECK(new_class(BODY_NONE, 0, -1, 0, FLAVOR_LOCAL), "C2(C0) defined in a function");
    CHECK(m.classes[2].layout == LAYOUT_LIST, "C2 inherits the list layout");
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_TUPLE); /* C3(tuple) */
    apply(OP_NEW_INSTANCE, 2, 0, 0);                 /* o0: a list subclass instance */
    CHECK(model_strong_holder(&m, 0) && !model_hashable(&m, 0) && model_weakable(&m, 0), "list instances");
    CHECK(!apply(OP_NEW_INSTANCE, 3, 0, 0) || m.n_objects == 2, "tuple instance needs its items");
    CHECK(m.n_objects == 2 && m.objects[1].slot_target[0] == 0 && m.objects[1].slot_target[1] == 0,
          "C3((o0, o0, None, None, 1)) holds o0 twice");
    CHECK(!model_strong_holder(&m, 1) && !model_weakable(&m, 1), "tuple instances are fixed, not weakly referable");
    CHECK(!apply(OP_LINK, 1, 2, 0), "no link into a tuple instance");
}

static void test_sets_hold_members_once(void)
{
    start(2);
    apply(OP_NEW_DICT, DICT_SET, 0, 0); /* o2 = set() */
    CHECK(apply(OP_LINK, 2, 0, 0), "o2.add(o0)");
    CHECK(!apply(OP_LINK, 2, 1, 0), "o0 is already a member");
    CHECK(!apply(OP_LINK, 2, 0, 1), "slot 0 is taken");
    CHECK(!apply(OP_LINK, 2, 1, 2), "a set is not hashable, so never a member");
    CHECK(!apply(OP_LINK_WEAK, 2, 1, 1), "no weak members in a set");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 0, "the set holds o0");
    apply(OP_UNLINK, 2, 0, 0);
    CHECK(last()->died == BIT(0) && last()->prompt == BIT(0), "dropped from the set, o0 is freed");
}

static void test_weak_containers(void)
{
    start(2);
    apply(OP_NEW_DICT, DICT_WEAK_VALUES, 0, 0); /* o2 */
    apply(OP_NEW_DICT, DICT_WEAK_KEYS, 0, 0);   /* o3 */
    CHECK(!apply(OP_LINK, 2, 0, 0), "no strong entries in a WeakValueDictionary");
    CHECK(apply(OP_LINK_WEAK, 2, 0, 0) && apply(OP_LINK_WEAK, 2, 1, 0), "a value may appear under two keys");
    CHECK(apply(OP_LINK_WEAK, 3, 0, 1) && !apply(OP_LINK_WEAK, 3, 1, 1), "a key appears once");
    CHECK(!apply(OP_LINK_WEAK_CB, 2, 2, 1), "no callbacks of our own in weak containers");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == BIT(0) && last()->prompt == BIT(0), "weak entries keep nothing alive");
}

static void test_fixed_holders(void)
{
    start(2);
    apply(OP_NEW_TUPLE, 0, TUPLE_BACK, 1); /* o2 = (None, None, o0, o1) */
    CHECK(m.objects[2].slot_state[2] == SLOT_STRONG && m.objects[2].slot_target[3] == 1 &&
              m.objects[2].slot_state[0] == SLOT_EMPTY,
          "a back tuple holds its names in slots 2 and 3");
    apply(OP_NEW_TUPLE, 0, TUPLE_FROZENSET, 0); /* o3 = frozenset((o0, o0)) */
    CHECK(m.objects[3].slot_state[1] == SLOT_EMPTY, "a frozenset holds o0 once");
    apply(OP_NEW_FUNC, 1, FUNC_CLOSURE1, 0); /* o4 = cell(o1) */
    apply(OP_NEW_FUNC, 1, FUNC_PARTIAL, 0);  /* o5 = partial(cell, o1, o0) */
    CHECK(m.objects[4].slot_state[1] == SLOT_EMPTY && m.objects[5].slot_target[1] == 0, "closures and partials");
    apply(OP_NEW_EXC, 0, 0, 0); /* o6 = catch(o0) */
    CHECK(m.objects[6].kind == KIND_EXC && m.objects[6].slot_target[0] == 0, "the exception's frame holds o0");
    CHECK(!apply(OP_LINK, 6, 0, 1) && !apply(OP_LINK, 2, 0, 1), "fixed at creation");
    apply(OP_LINK, 0, 0, 6); /* o0 -> exception -> frame -> o0 */
    apply(OP_DEL_NAME, 6, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 0, "o0 is still held by the tuple, frozenset and partial");
}

static void test_clear(void)
{
    start(2);
    apply(OP_NEW_LIST, 0, 0, 0); /* o2 = [None] * 4 */
    apply(OP_LINK, 2, 1, 0);
    apply(OP_LINK, 0, 0, 2);     /* o0 <-> o2: a cycle */
    apply(OP_LINK, 2, 3, 1);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == 0, "o0 and o1 are held by the list o2");
    CHECK(apply(OP_CLEAR, 2, 0, 0), "_g.clear(o2)");
    CHECK(last()->died == (BIT(0) | BIT(1)) && last()->prompt == (BIT(0) | BIT(1)),
          "clearing the list frees what only it held, o0's cycle broken with it: died=%x prompt=%x",
          last()->died, last()->prompt);
    CHECK(m.objects[2].slot_state[1] == SLOT_EMPTY && m.objects[2].slot_state[3] == SLOT_EMPTY, "o2 is emptied");
    CHECK(apply(OP_CLEAR, 2, 0, 0) && last()->died == 0, "clearing an empty list frees nothing");
    start(1);
    CHECK(!apply(OP_CLEAR, 0, 0, 0), "an instance is not a container _g.clear() empties");
}

static void test_copy(void)
{
    start(1);
    apply(OP_NEW_LIST, 3, 0, 0); /* o1: 33 items */
    apply(OP_LINK, 1, 3, 0);
    CHECK(apply(OP_COPY, 1, 2, 0), "o2 = list(o1)");
    CHECK(m.objects[2].kind == KIND_LIST && m.objects[2].variant == 3 && m.objects[2].slot_target[3] == 0,
          "the copy holds what the list holds, at the same length");
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == BIT(1), "o0 lives on in the copy: died=%x", last()->died);
    apply(OP_NEW_INSTANCE, 0, 0, 0); /* o3 */
    CHECK(apply(OP_LINK_WEAK_CB, 2, 0, 3), "o2[0] = weakref.ref(o3, callback)");
    CHECK(!apply(OP_COPY, 2, 0, 0), "no copies of a weak reference with a callback");
}

static void test_resurrection_on_the_refcount_path(void)
{
    model_init(&m);
    new_class(BODY_RESURRECT, -1, -1, 0, FLAVOR_PLAIN);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == BIT(0) && m.kept == BIT(0), "o0's finalizer puts it in r0");
    CHECK(m.objects[0].life == LIFE_LIVE && m.objects[1].life == LIFE_LIVE, "o0 and what it holds live on");
    CHECK(m.objects[0].fire_due == (int)m.n_ops - 1 && m.objects[0].finalizer == FIN_RUN, "finalized at that statement");
    model_teardown(&m);
    CHECK(m.objects[0].fire_due == (int)m.n_ops - 1, "no second finalizer at the teardown (G2)");
    CHECK(m.objects[1].fire_due == (int)m.n_ops, "o1 dies in the teardown");
}

static void test_finalizer_rebinds_a_class_attribute(void)
{
    model_init(&m);
    new_class(BODY_REBIND, -1, -1, 2, FLAVOR_PLAIN); /* C0: __class__.c2 = self */
    new_class(BODY_NONE, 0, -1, 0, FLAVOR_PLAIN);    /* C1(C0) */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN); /* C2 */
    apply(OP_NEW_INSTANCE, 2, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_SET_CLASS_ATTR, 0, 2, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == 0, "o0 is held by C0.c2");
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(m.classes[0].attr[2] == 1 && m.objects[1].life == LIFE_LIVE, "o1's finalizer rebinds C0.c2 to o1");
    CHECK(last()->died == (BIT(0) | BIT(1)) && m.objects[0].fire_due == (int)m.n_ops - 1,
          "o0, dropped from C0.c2, is finalized at the same statement: died=%x", last()->died);
    apply(OP_DEL_CLASS_ATTR, 0, 2, 0);
    CHECK(last()->died == BIT(1) && m.objects[1].life == LIFE_GONE && m.objects[1].fire_due == (int)m.n_ops - 2,
          "dropped again: freed, not finalized twice");
}

static void test_shared_dict(void)
{
    model_init(&m);
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_SHARED);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_PLAIN);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o2: plain, _id in its dict */
    CHECK(!apply(OP_SET_DICT, 2, DICT_ASSIGN_SHARE, 0), "only instances without _id in the dict share one");
    apply(OP_LINK, 0, 0, 2);
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_SHARE, 0), "o1.__dict__ = o0.__dict__");
    CHECK(model_storage(&m, 1) == &m.objects[0] && m.objects[1].store == 0, "o1's slots are o0's");
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == BIT(0), "o0 dies; its dict, through o1, keeps o2: died=%x", last()->died);
    apply(OP_LINK, 1, 1, 1); /* o1.a1 = o1: a self-cycle through the shared dict */
    CHECK(m.objects[0].death_state[1] == SLOT_EMPTY, "o0's finalizer saw the dict as it was at its death");
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_FRESH, 0), "o1.__dict__ = {}");
    CHECK(last()->died == BIT(2) && m.objects[2].prompt, "the shared dict is dropped, and o2 with it");
}

static void test_deleted_class(void)
{
    start(2);
    new_class(BODY_NONE, 0, -1, 0, FLAVOR_PLAIN); /* C1(C0) */
    apply(OP_SET_CLASS_ATTR, 0, 1, 1);            /* C0.c1 = o1 */
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(apply(OP_DEL_CLASS, 0, 0, 0) && !m.classes[0].named, "del C0");
    CHECK(last()->died == 0, "C0 lives on: o0 and C1 hold it");
    CHECK(!apply(OP_NEW_INSTANCE, 0, 0, 0) && !apply(OP_SET_CLASS_ATTR, 0, 2, 0), "C0 has no name to use");
    CHECK(!apply(OP_DEL_CLASS, 0, 0, 0), "not twice");
    apply(OP_DEL_CLASS, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == (BIT(0) | BIT(1)) && last()->prompt == BIT(0),
          "o0 is freed at once; C0 becomes cyclic garbage, and o1 with it: died=%x prompt=%x", last()->died,
          last()->prompt);
    CHECK(m.classes[0].life == LIFE_PENDING && m.objects[1].life == LIFE_PENDING, "both wait for the collector");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.classes[0].life == LIFE_GONE && m.objects[1].fire_due == (int)m.n_ops - 1, "collected (G1)");
}

static void test_checking_and_mutating_finalizers(void)
{
    model_init(&m);
    new_class(BODY_CHECK, -1, -1, 1, FLAVOR_PLAIN);  /* C0: _g.sees(self, 1) */
    new_class(BODY_MUTATE, -1, -1, 3, FLAVOR_PLAIN); /* C1: _g.clear(o3) */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN); /* C2 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                 /* o0 */
    apply(OP_NEW_INSTANCE, 2, 0, 0);                 /* o1 */
    apply(OP_SET_CLASS_ATTR, 0, 1, 1);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.objects[0].death_lookup == 1, "o0's finalizer must find C0.c1, o1: %d", m.objects[0].death_lookup);
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o2 */
    apply(OP_NEW_LIST, 0, 0, 0);     /* o3 */
    apply(OP_LINK, 3, 2, 1);
    apply(OP_DEL_CLASS_ATTR, 0, 1, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died == 0, "o1 is still in o3");
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->died == (BIT(1) | BIT(2)) && m.objects[3].slot_state[2] == SLOT_EMPTY,
          "o2's finalizer empties o3, and o1 goes: died=%x", last()->died);
}

static void test_resurrection_on_the_collectors_path(void)
{
    model_init(&m);
    new_class(BODY_RESURRECT, -1, -1, 0, FLAVOR_PLAIN); /* C0 */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN);    /* C1 */
    new_class(BODY_FIX, -1, -1, 0, FLAVOR_PLAIN);       /* C2 */
    apply(OP_NEW_INSTANCE, 0, 0, 0); /* o0: resurrects */
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o1 */
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o2: lives, holds a weak reference to o0 with a callback */
    apply(OP_NEW_INSTANCE, 2, 0, 0); /* o3: a "fix" finalizer */
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK_WEAK_CB, 2, 0, 0);
    apply(OP_LINK, 3, 0, 0);
    apply(OP_DEL_NAME, 3, 0, 0);
    CHECK(!apply(OP_LINK, 0, 1, 3), "o3 (fix) reached by a pending resurrector: refused");
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(m.objects[0].life == LIFE_PENDING && m.objects[1].life == LIFE_PENDING, "o0 and o1: cyclic garbage");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.kept == BIT(0) && m.objects[0].life == LIFE_LIVE && m.objects[0].weakrefs == WEAKREFS_CLEARED,
          "o0 is back in r0, its weak references cleared");
    CHECK(m.objects[1].life == LIFE_LIVE && m.objects[1].finalizer == FIN_MAY_RUN && m.objects[1].weakrefs == WEAKREFS_OPEN,
          "o1 is back too; its finalizer may have run in that pass (G3)");
    CHECK(m.callbacks[0].state == CB_MUST, "o2's weak reference to o0 was cleared: its callback ran (G5)");
    CHECK(m.objects[0].holds_open && m.objects[1].holds_open,
          "the weak references o0 and o1 hold were garbage in that pass: maybe cleared, even to live objects");
    int died = m.objects[1].fire_death;
    model_teardown(&m);
    CHECK(m.objects[1].finalizer == FIN_RUN && m.objects[1].fire_death == died,
          "by the end of the teardown o1's finalizer has run, once, not before it first died (G1, G2, G3)");

    /* hanging off other garbage, a resurrector may be freed by reference
       counting once a young collection took that garbage: whether its weak
       references were cleared is open */
    model_init(&m);
    new_class(BODY_RESURRECT, -1, -1, 0, FLAVOR_PLAIN);
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN);
    apply(OP_NEW_INSTANCE, 0, 0, 0); /* o0 */
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o1 */
    apply(OP_LINK, 1, 0, 1);         /* o1 holds itself, and o0 */
    apply(OP_LINK, 1, 1, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.kept == BIT(0) && m.objects[0].weakrefs == WEAKREFS_OPEN,
          "o0 is back, its weak references maybe cleared");
}

/* 3.15 clears weak references without callbacks only after the finalizers
 * (gh-135552): a self-resurrecting object on a cycle of its own keeps them,
 * where 3.4-3.14 certainly cleared them; the model leaves it open there,
 * and says so of the callback it could no longer promise (G5: at most once) */
static void test_weak_references_cleared_after_finalizers(void)
{
    const struct model_rules late = {.weakrefs_cleared_late = 1}, before = {0};
    for (int version = 0; version < 2; version++) {
        model_set_rules(version ? &late : &before);
        model_init(&m);
        new_class(BODY_RESURRECT, -1, -1, 0, FLAVOR_PLAIN); /* C0 */
        new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN);    /* C1 */
        apply(OP_NEW_INSTANCE, 0, 0, 0);  /* o0: resurrects itself */
        apply(OP_NEW_INSTANCE, 1, 0, 0);  /* o1: lives, a weak reference to o0 with a callback */
        apply(OP_LINK, 0, 0, 0);          /* o0.a0 = o0 */
        apply(OP_LINK_WEAK, 0, 1, 0);     /* o0.a1 = weakref.ref(o0) */
        apply(OP_LINK_WEAK_CB, 1, 0, 0);
        apply(OP_DEL_NAME, 0, 0, 0);
        apply(OP_COLLECT, 0, 0, 0);
        CHECK(m.kept == BIT(0) && m.objects[0].life == LIFE_LIVE, "o0 is back in r0");
        if (version) {
            CHECK(m.objects[0].weakrefs == WEAKREFS_OPEN, "3.15: whether o0's weak references live is open");
            CHECK(m.callbacks[0].state == CB_MAY, "3.15: so is o1's callback");
        } else {
            CHECK(m.objects[0].weakrefs == WEAKREFS_CLEARED, "3.4-3.14: o0's weak references were cleared");
            CHECK(m.callbacks[0].state == CB_MUST, "3.4-3.14: o1's callback ran (G5)");
        }
    }
    model_set_rules(&before);
}

/* A walk over a container (a comprehension copy) may meet a change of size
 * exactly when what it holds is open: a pending finalizer that pops from it
 * (3.14: RuntimeError in {k: v for k, v in o1.items()} under
 * gc.set_threshold(2), found by libFuzzer) */
static void test_entries_open_while_a_writer_may_run(void)
{
    model_init(&m);
    new_class(BODY_POP, -1, -1, 1, FLAVOR_PLAIN);    /* C0: _g.pop(o1) */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN); /* C1 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                 /* o0 */
    apply(OP_NEW_DICT, DICT_STR, 0, 0);              /* o1 */
    apply(OP_NEW_INSTANCE, 1, 0, 0);                 /* o2 */
    apply(OP_LINK, 1, 0, 2);                         /* o1['k0'] = o2 */
    apply(OP_NEW_DICT, DICT_STR, 0, 0);              /* o3: no finalizer writes it */
    apply(OP_LINK, 3, 0, 2);
    CHECK(!model_entries_open(&m, 1) && !model_entries_open(&m, 3), "nothing may write o1 or o3 yet");
    apply(OP_LINK, 0, 0, 0);                         /* o0 on a cycle of its own */
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_PENDING, "o0 waits for the collector");
    CHECK(model_entries_open(&m, 1), "its finalizer may pop from o1 at any moment: o1's entries are open");
    CHECK(!model_entries_open(&m, 3), "o3's are not");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE, "o0 collected");
}

static void test_every_body_left_to_the_collector(void)
{
    for (int body = BODY_RECORD; body < BODY_COUNT; body++) {
        model_init(&m);
        new_class(body, -1, -1, 1, FLAVOR_PLAIN);
        apply(OP_NEW_INSTANCE, 0, 0, 0);
        apply(OP_NEW_LIST, 0, 0, 0);
        apply(OP_LINK, 0, 0, 0);
        CHECK(apply(OP_DEL_NAME, 0, 0, 0) && m.objects[0].life != LIFE_LIVE,
              "body %s left to the collector: its effect is open, never refused", body_names[body]);
        CHECK(apply(OP_COLLECT, 0, 0, 0), "collected");
    }
}

/* Open state: a finalizer that waits for the collector deletes a name */
static void test_pending_effect_opens_a_name(void)
{
    model_init(&m);
    new_class(BODY_DEL_NAME, -1, -1, 1, FLAVOR_PLAIN); /* pops o1 */
    new_class(BODY_RECORD, -1, -1, 0, FLAVOR_PLAIN);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_LINK, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK((m.names_open & BIT(1)) && m.name_maybe[1] == (BIT(1) | MAYBE_EMPTY) && m.names[1] < 0,
          "o1 may be bound to object 1, or unbound");
    CHECK(m.objects[1].life == LIFE_OPEN && m.objects[1].finalizer == FIN_MAY_RUN,
          "object 1 may be gone: its finalizer may run, once");
    struct op use = {.kind = OP_LINK, .a = 1, .b = 0, .c = 1};
    CHECK(!model_apply(&m, &use), "an open name is not used");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].finalizer == FIN_RUN, "o0's finalizer ran by the collection (G1)");
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o2 */
    apply(OP_REBIND, 1, 0, 2);
    CHECK(m.names[1] == 2 && !(m.names_open & BIT(1)), "bound again after the effect ran: certain");
    model_teardown(&m);
    CHECK(m.objects[1].finalizer == FIN_RUN, "by the teardown's end object 1's finalizer ran (G1)");
}

/* The false positive of oracle.md: a tuple releases its items last to first */
static void test_order_within_one_statement_is_open(void)
{
    model_init(&m);
    new_class(BODY_REBIND, -1, -1, 0, FLAVOR_PLAIN); /* __class__.c0 = self */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_FUNC, 0, FUNC_PARTIAL, 1); /* o2 = partial(cell, o0, o1) */
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(m.objects[0].finalizer == FIN_RUN && m.objects[1].finalizer == FIN_RUN,
          "both finalizers ran at that statement");
    CHECK((m.classes[0].attr_open & 1) && MAYBE_OBJECTS(m.classes[0].attr_maybe[0]) == (BIT(0) | BIT(1)),
          "C0.c0 is o0 or o1, as CPython's order decides");
    CHECK(m.objects[0].life == LIFE_OPEN && m.objects[1].life == LIFE_OPEN, "either may live on in C0.c0");
}

/* Found by libFuzzer (regressions/libfuzzer-g7-stash-into-resurrected.py):
 * one statement finalizes o0, which stashes itself into whatever name o3
 * holds, and o1, which binds o3 to itself.  If o1's runs first, o0 ends up
 * in o1.a3: every body of the group must see what every other may write. */
static void test_effects_of_one_statement_see_each_other(void)
{
    model_init(&m);
    new_class(BODY_REBIND_NAME, -1, -1, 3, FLAVOR_PLAIN); /* C0: globals()['o3'] = self */
    new_class(BODY_STUFF, -1, -1, 3, FLAVOR_PLAIN);       /* C1: _g.stash(globals().get('o3'), self) */
    apply(OP_NEW_INSTANCE, 1, 0, 0);                      /* o0 = C1(0) */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                      /* o1 = C0(1) */
    apply(OP_NEW_FUNC, 0, FUNC_CLOSURE2, 1);              /* o2 = cell2(o0, o1) */
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK((m.names_open & BIT(3)) && (m.name_maybe[3] & BIT(1)), "o3 may be bound to object 1");
    CHECK(m.objects[1].slot_state[3] == SLOT_OPEN && (m.objects[1].slot_maybe[3] & BIT(0)),
          "object 1's a3 may hold object 0, whichever finalizer the model opened first");
}

/* Found by libFuzzer (regressions/libfuzzer-weak-made-then-resurrected.py):
 * del o0 finalizes o0, whose body binds w0 to o1 (what o0.a0 holds), then
 * o1, whose body puts w0() into r1: o1 comes back, and with it o3, which it
 * holds.  The model read w0 as it was before the statement (unbound). */
static void test_weak_reference_made_by_another_finalizer_of_the_statement(void)
{
    model_init(&m);
    new_class(BODY_WEAK_HELD, -1, -1, 0, FLAVOR_PLAIN);    /* C0: w<id> = weakref(self.a0) */
    new_class(BODY_DEREF_GLOBAL, -1, -1, 0, FLAVOR_PLAIN); /* C1: r<id> = w0() */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                       /* o0 = C0(0) */
    apply(OP_NEW_INSTANCE, 1, 0, 0);                       /* o1 = C1(1) */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                       /* o2 = C0(2) */
    apply(OP_NEW_INSTANCE, 0, 0, 0);                       /* o3 = C0(3) */
    apply(OP_LINK, 1, 0, 3);                               /* o1.a0 = o3 */
    apply(OP_LINK, 0, 0, 1);                               /* o0.a0 = o1 */
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 3, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died & BIT(0), "o0 died at del o0");
    CHECK(!(last()->died & BIT(3)) && m.objects[3].life != LIFE_GONE,
          "o3 may live on: o1, which holds it, may have resurrected itself through w0");
}

/* Found by the 100,000-program soak on 3.13t: a lambda defined at top level
 * is freed by the collector only in free-threaded builds (deferred
 * reference counts), so what only it holds is not freed at `del` there;
 * in GIL builds it is.  Either may happen: cyclic garbage, never prompt. */
static void test_top_level_function_may_wait_for_the_collector(void)
{
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);           /* o0 */
    apply(OP_NEW_FUNC, 0, FUNC_LAMBDA, 0);     /* o1 = lambda _a=o0, _b=o0: 0 */
    apply(OP_NEW_FUNC, 0, FUNC_CLOSURE2, 0);   /* o2 = cell2(o0, o0) */
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(last()->died & BIT(1), "the lambda is garbage at del o1");
    CHECK(!(last()->prompt & BIT(1)), "but not freed at once: free-threaded builds leave it to the collector");
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(last()->prompt & BIT(2), "a closure is nested: freed at once in every build");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_GONE, "both gone by the collection");
}

/* The other false positive: gc.freeze() keeps nothing alive that only
 * unfrozen garbage holds once the collector clears that garbage */
static void test_frozen_objects_released_by_collected_garbage(void)
{
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);           /* o0 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);           /* o1 */
    apply(OP_NEW_FUNC, 0, FUNC_CLOSURE2, 1);   /* o2 = cell2(o0, o1) */
    apply(OP_SELF_CLASS_ATTR, 1, 1, 0);        /* o1.__class__.c1 = C0(3) */
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_NEW_INSTANCE, 0, 0, 0);           /* o4 */
    apply(OP_LINK, 4, 0, 2);
    apply(OP_LINK, 4, 3, 4);
    apply(OP_DEL_NAME, 4, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    CHECK(m.objects[1].life == LIFE_PENDING && m.objects[2].life == LIFE_PENDING, "o1, o2: frozen, held by garbage");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[4].life == LIFE_GONE, "o4 collected");
    CHECK(m.objects[2].life == LIFE_GONE && m.objects[1].life == LIFE_GONE &&
              m.objects[1].fire_due == (int)m.n_ops - 1,
          "o2 and o1, no longer held, are freed by reference counting in that collection");
}

/* Finalizers that resurrect into containers and names, and read back what they wrote */
static void test_resurrecting_effects(void)
{
    model_init(&m);
    new_class(BODY_STUFF, -1, -1, 1, FLAVOR_PLAIN); /* _g.stash(o1, self) */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_LIST, 0, 0, 0);                    /* o1 */
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.objects[0].finalizer == FIN_RUN && m.objects[0].life == LIFE_OPEN,
          "o0's finalizer ran; o0 may live on in o1");
    CHECK(m.objects[1].slot_state[3] == SLOT_OPEN && (m.objects[1].slot_maybe[3] & BIT(0)),
          "o1's last item may hold o0");
    model_init(&m);
    new_class(BODY_REBIND_NAME, -1, -1, 2, FLAVOR_PLAIN); /* o2 = self */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.names[2] == 0 && m.objects[0].life == LIFE_LIVE, "alone on the refcount path: o2 = o0, certainly");
    model_init(&m);
    new_class(BODY_REBIND_CHECK, -1, -1, 1, FLAVOR_PLAIN);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK((m.classes[0].attr_open & BIT(1)) && m.objects[0].life == LIFE_OPEN,
          "left to the collector: C0.c1 may hold o0, which may live on there");
}

/* o<a> = w<c>(): certain when the weak reference certainly leads to a live object */
static void test_main_program_dereference(void)
{
    model_init(&m);
    new_class(BODY_WEAK_HELD, -1, -1, 0, FLAVOR_PLAIN); /* w<id> = weakref.ref(self.a0) */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_DEL_NAME, 0, 0, 0); /* o0 freed: w0 = weakref to o1 */
    CHECK(m.weak_by[0] == 1, "w0 refers to o1");
    CHECK(apply(OP_DEREF, 5, 0, 0) && m.names[5] == 1, "o5 = w0(): o1, certainly");
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 5, 0, 0);
    CHECK(apply(OP_DEREF, 6, 0, 0) && (m.names_open & BIT(6)) && m.name_maybe[6] == MAYBE_EMPTY,
          "once o1 is freed: None");
}

static void test_finalizer_deletes_a_name(void)
{
    model_init(&m);
    new_class(BODY_DEL_NAME, -1, -1, 1, FLAVOR_PLAIN); /* pops o1 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->died == (BIT(0) | BIT(1)) && m.names[1] < 0, "o0's finalizer drops o1: died=%x", last()->died);
}

/* Legacy finalizers (FLAVOR_LEGACY, tp_del): what legacy garbage on a
 * cycle reaches stays, live and unfinalized, held by gc.garbage; the
 * rest of the garbage is collected; only a legacy object nothing outside
 * its own cycle reaches is certainly in gc.garbage. */
/* __class__ and __bases__ assignment: the finalizer found through the new
 * class; __bases__ only while no instance has died (the expectations read
 * a dead instance's finalizer through its class as it is at the end: a
 * libFuzzer campaign on 3.11 found the model expecting no finalizer for an
 * instance that died before its class lost the base with __del__). */
static void test_class_and_bases_assignment(void)
{
    model_init(&m);
    CHECK(apply(OP_NEW_CLASS, BODY_RECORD, 0, 0) && apply(OP_NEW_CLASS, BODY_NONE, 0, 0) &&
              apply(OP_NEW_CLASS, BODY_NONE, 2, 0),
          "C0 (__del__), C1 (none), C2(C1)");
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o0: a C1 */
    apply(OP_NEW_INSTANCE, 2, 0, 0); /* o1: a C2 */
    CHECK(apply(OP_SET_CLASS, 0, 0, 0) && m.objects[0].cls == 0, "o0.__class__ = C0");
    CHECK(!apply(OP_SET_BASES, 2, 0, 2), "a class is never its own base");
    CHECK(!apply(OP_SET_BASES, 1, 0, 0), "C1 has no base to replace");
    CHECK(apply(OP_SET_BASES, 2, 0, 0) && model_has_finalizer(&m, 1), "C2.__bases__ = (C0,): o1 finds C0's __del__");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(last()->prompt == BIT(0) && m.objects[0].finalizer == FIN_RUN, "o0 runs C0's __del__ as it is freed");
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(!apply(OP_SET_BASES, 2, 0, 1), "not once an instance of C2 died");
    CHECK(apply(OP_NEW_CLASS, BODY_NONE, 0, GCFUZZ_SLOTS * FLAVOR_SLOTS) && apply(OP_NEW_INSTANCE, 2, 0, 0), "C3, o2");
    CHECK(!apply(OP_SET_CLASS, 2, 0, 3), "a __slots__ class has another layout");
}

static void test_legacy_finalizers(void)
{
    model_init(&m);
    int legacy = GCFUZZ_SLOTS * FLAVOR_LEGACY;
    CHECK(apply(OP_NEW_CLASS, BODY_RECORD, 0, legacy) && apply(OP_NEW_CLASS, BODY_RECORD, 0, 0), "two classes");
    CHECK(!apply(OP_NEW_CLASS, BODY_RESURRECT, 0, legacy), "a legacy finalizer never resurrects: it runs again");
    CHECK(!apply(OP_NEW_CLASS, BODY_RECORD, 1, 0), "a legacy class is never a base");
    apply(OP_NEW_INSTANCE, 0, 0, 0); /* o0: legacy */
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK, 1, 1, 2);
    apply(OP_NEW_INSTANCE, 1, 0, 0); /* o3: a plain cycle holding o0 */
    apply(OP_LINK, 3, 0, 3);
    apply(OP_LINK, 3, 1, 0);
    for (int n = 0; n < 4; n++)
        apply(OP_DEL_NAME, n, 0, 0);
    CHECK(m.objects[0].life == LIFE_PENDING && m.objects[2].life == LIFE_PENDING, "garbage until the collection");
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[3].life == LIFE_GONE && m.objects[3].finalizer == FIN_RUN, "the plain cycle is collected");
    for (int i = 0; i < 3; i++)
        CHECK(m.objects[i].life == LIFE_LIVE && m.objects[i].finalizer == FIN_NOT_RUN,
              "o%d is set aside: live, not finalized (life %d, finalizer %d)", i, m.objects[i].life,
              m.objects[i].finalizer);
    CHECK(m.uncollectable == BIT(0) && last()->saved == BIT(0), "o0 in gc.garbage: uncollectable=%x saved=%x",
          m.uncollectable, last()->saved);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[1].life == LIFE_LIVE && m.objects[1].finalizer == FIN_NOT_RUN, "and stays so");
    model_teardown(&m);
    CHECK(m.objects[1].finalizer == FIN_RUN && m.objects[0].finalizer == FIN_RUN, "the teardown frees them");

    /* o0 <-> o0 -> o1 <-> o1, both legacy: a young collection may take o0 alone */
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, legacy);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 0);
    apply(OP_LINK, 0, 1, 1);
    apply(OP_LINK, 1, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[1].life == LIFE_LIVE && last()->saved == BIT(0), "only o0 certainly in gc.garbage: saved=%x",
          last()->saved);

    /* hanging off a plain cycle, a legacy object is freed when the cycle is cleared, or not: open */
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, legacy);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 0);
    apply(OP_LINK, 0, 1, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_OPEN && !last()->saved,
          "o1 open: life %d saved=%x", m.objects[1].life, last()->saved);

    /* frozen garbage held by garbage that is set aside is not released with
       the rest (found on 3.14.10 by a libFuzzer campaign: o0 frozen, then
       the legacy o1 <-> o1 -> o0; the model freed o0, held from gc.garbage) */
    model_init(&m);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, legacy);
    apply(OP_NEW_CLASS, BODY_RECORD, 0, 0);
    apply(OP_NEW_INSTANCE, 1, 0, 0);
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 1, 0, 1);
    apply(OP_LINK, 1, 1, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[1].life == LIFE_LIVE && m.objects[0].life != LIFE_GONE && m.objects[0].finalizer != FIN_RUN,
          "o1 set aside, the frozen o0 it holds not freed: life %d, finalizer %d", m.objects[0].life,
          m.objects[0].finalizer);
}

static void test_freeze(void)
{
    start(2);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    CHECK(!apply(OP_FREEZE, 1, 0, 0), "no gc.unfreeze() before a gc.freeze()");
    apply(OP_NEW_DICT, DICT_STR, 0, 0); /* o2 = {}: untracked, so gc.freeze() would leave it out */
    CHECK(!apply(OP_FREEZE, 0, 0, 0), "no gc.freeze() while an empty dict may be untracked");
    apply(OP_LINK, 2, 0, 2); /* it holds itself: tracked */
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_PENDING && m.objects[0].fire_due < 0, "frozen garbage is not collected (G1)");
    CHECK(!apply(OP_FREEZE, 0, 0, 0), "no freeze while garbage may or may not be gone");
    apply(OP_FREEZE, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[0].fire_due == (int)m.n_ops - 1, "collected once unfrozen");
}

/* A frozen object its own deallocation resurrects is tracked again: CPython
 * re-tracks it as young, nothing promises that; a cycle it then falls in
 * may or may not be collected before gc.unfreeze() */
static void test_resurrected_frozen_object_is_open(void)
{
    model_init(&m);
    new_class(BODY_REBIND_NAME, -1, -1, 2, FLAVOR_PLAIN); /* o2 = self */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.names[2] == 0 && m.objects[0].life == LIFE_LIVE && (m.frozen_open & BIT(0)) && !(m.frozen & BIT(0)),
          "o2 = o0, which may or may not still be frozen");
    CHECK(apply(OP_LINK, 2, 0, 2), "o2.a0 = o2");
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_OPEN, "its cycle may or may not be collected: life %d", m.objects[0].life);
}

/* A dict gc.freeze() moved to the permanent generation keeps what it holds
 * out of the collector's reach, whoever holds the dict: here the instances
 * sharing it are frozen too, and their cycle through a young list waits for
 * gc.unfreeze().  The model must not free the instances by reference
 * counting once the list is open.  Found by libFuzzer on 3.13.0; 3.10 to
 * 3.13 agree. */
static void test_frozen_shared_dict_holds_its_cycle(void)
{
    model_init(&m);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_SHARED);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_SHARE, 0), "o1.__dict__ = o0.__dict__");
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    CHECK(apply(OP_NEW_LIST, 0, 0, 0), "o2 = [None] * n");
    CHECK(apply(OP_LINK, 2, 0, 0), "o2[0] = o0");
    CHECK(apply(OP_LINK, 0, 0, 2), "o0.a0 = o2");
    CHECK(apply(OP_LINK, 2, 3, 1), "o2[3] = o1");
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    /* o0's pending finalizer may delete o0.a0 whenever it runs: the list is
       open, and so, through it, are the instances */
    for (int i = 0; i < 2; i++)
        CHECK(m.objects[i].finalizer != FIN_RUN && m.objects[i].life != LIFE_GONE,
              "frozen o%d is not certainly collected: life %d finalizer %d", i, m.objects[i].life,
              m.objects[i].finalizer);
}

/* A finalizer that dereferences a weak reference to its own object brings
 * it back (PEP 442: weak references are cleared only after the finalizer).
 * Another dying object's finalizer cannot: it dies only once the first is
 * freed, and by then that one's weak references are cleared.  So the first
 * may live on, and the callbacks on it may not run.  Found by libFuzzer on
 * 3.13.0; 3.10 to 3.13 agree. */
static void test_deref_of_self_may_resurrect(void)
{
    model_init(&m);
    new_class(BODY_DEREF, -1, -1, 0, FLAVOR_PLAIN); /* r<id> = _g.deref(self, 0) */
    for (int i = 0; i < 3; i++)
        apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_LINK, 0, 3, 1), "o0.a3 = o1");
    CHECK(apply(OP_LINK_WEAK_CB, 1, 0, 0), "o1.a0 = weakref.ref(o0, w0)");
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(apply(OP_LINK_WEAK_CB, 2, 0, 0), "o2.a0 = weakref.ref(o0, w1)");
    CHECK(apply(OP_LINK_WEAK_CB, 0, 0, 0), "o0.a0 = weakref.ref(o0, w2)");
    CHECK(apply(OP_REBIND, 0, 0, 2), "o0 = o2");
    CHECK(m.objects[0].life != LIFE_GONE && m.callbacks[1].state != CB_MUST,
          "o0 may have brought itself back: life %d, w1's callback state %d", m.objects[0].life,
          m.callbacks[1].state);
}

/* Frozen garbage on a cycle only through an open place is not certainly
 * kept: here o1's cycle runs through the shared dict's a0, which o0's
 * finalizer, freed by reference counting in the collection, deletes; o1 is
 * then freed and finalized at once.  Found by libFuzzer on 3.13.0; 3.11 to
 * 3.13 agree. */
static void test_frozen_cycle_through_an_open_place(void)
{
    model_init(&m);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_SHARED); /* del self.a0 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_SHARE, 0), "o1.__dict__ = o0.__dict__");
    CHECK(apply(OP_LINK, 0, 0, 1), "o0.a0 = o1: o1's dict holds o1");
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_DEL_NAME, 1, 0, 0);
    CHECK(apply(OP_NEW_LIST, 0, 0, 0), "o2 = [None] * n");
    CHECK(apply(OP_LINK, 2, 0, 0), "o2[0] = o0");
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(apply(OP_LINK, 2, 3, 2), "o2[3] = o2");
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].finalizer == FIN_RUN, "o0 is freed with the list: finalizer %d", m.objects[0].finalizer);
    CHECK(m.objects[1].life != LIFE_PENDING && m.objects[1].finalizer != FIN_PENDING &&
              m.objects[1].finalizer != FIN_NOT_RUN,
          "o1 may be freed by o0's finalizer: life %d finalizer %d", m.objects[1].life, m.objects[1].finalizer);
}

/* Frozen garbage that may go takes with it what only it keeps: o2 is young,
 * and its cycle runs through the __dict__ it shares with frozen o0 and o1
 * (created after gc.freeze(), when o1.__dict__ first read it); o0's
 * finalizer frees o1, and the collection then takes o2.  Found by AFL++ on
 * 3.11; 3.11 to 3.13 agree. */
static void test_what_only_frozen_garbage_that_may_go_holds(void)
{
    model_init(&m);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_SHARED); /* del self.a0 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_SHARE, 0), "o1.__dict__ = o0.__dict__");
    CHECK(apply(OP_SET_DICT, 2, DICT_ASSIGN_SHARE, 0), "o2.__dict__ = o0.__dict__");
    CHECK(apply(OP_LINK, 0, 0, 1), "o0.a0 = o1");
    CHECK(apply(OP_LINK, 0, 1, 2), "o0.a1 = o2");
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[2].life != LIFE_PENDING && m.objects[2].finalizer != FIN_PENDING,
          "o2 may be collected now: life %d finalizer %d", m.objects[2].life, m.objects[2].finalizer);
}

/* A young instance that takes a frozen instance's __dict__ is held through
 * a dict the collector may not reach: its cycle through that dict waits for
 * gc.unfreeze() when the dict was frozen.  Here o1.__dict__ = o0.__dict__
 * made the dict before gc.freeze(), and o0.a1 = o1 got it tracked; o2 takes
 * it after, o0 and o1 are freed, and o2 binds itself into it and dies.
 * Found by libFuzzer on 3.14.10d; 3.11, 3.14 and 3.15 agree. */
static void test_young_instance_sharing_a_frozen_dict(void)
{
    model_init(&m);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_SHARED); /* del self.a0 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_SET_DICT, 1, DICT_ASSIGN_SHARE, 0), "o1.__dict__ = o0.__dict__");
    CHECK(apply(OP_LINK, 0, 1, 1), "o0.a1 = o1");
    CHECK(apply(OP_FREEZE, 0, 0, 0), "gc.freeze()");
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    CHECK(apply(OP_SET_DICT, 2, DICT_ASSIGN_SHARE, 0), "o2.__dict__ = o0.__dict__");
    CHECK(apply(OP_LINK, 0, 1, 2), "o0.a1 = o2");
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_GONE, "o0 and o1 are freed");
    CHECK(apply(OP_LINK, 2, 2, 2), "o2.a2 = o2");
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[2].life != LIFE_GONE && m.objects[2].finalizer != FIN_RUN,
          "o2 is not certainly collected: life %d finalizer %d", m.objects[2].life, m.objects[2].finalizer);
}

/* The collector's settings (G13) follow the program's calls, and
 * DEBUG_SAVEALL is taken only while the collector is disabled, with no
 * finalizer that collects; the collector stays disabled while it is set. */
static void test_settings_and_where_saveall_applies(void)
{
    start(1);
    CHECK(!m.gc_off && m.debug == DEBUG_NONE, "enabled, no flags");
    CHECK(apply(OP_GC_DEBUG, DEBUG_STATS, 0, 0) && m.debug == DEBUG_STATS, "set_debug(DEBUG_STATS)");
    CHECK(!apply(OP_GC_DEBUG, DEBUG_SAVEALL, 0, 0), "no DEBUG_SAVEALL while the collector is enabled");
    CHECK(apply(OP_GC_DISABLE, 0, 0, 0) && m.gc_off, "gc.disable()");
    CHECK(apply(OP_GC_DEBUG, DEBUG_LEAK, 0, 0) && m.debug == DEBUG_LEAK, "DEBUG_LEAK once disabled");
    CHECK(!apply(OP_GC_ENABLE, 0, 0, 0), "not enabled while saving");
    CHECK(!apply(OP_COLLECT_YOUNG, 0, 0, 0), "no young collection while saving");
    CHECK(!apply(OP_NEW_CLASS, BODY_COLLECT, 0, 0), "no finalizer that collects while saving");
    CHECK(apply(OP_GC_DEBUG, DEBUG_NONE, 0, 0) && apply(OP_GC_ENABLE, 0, 0, 0) && !m.gc_off, "flags off, enabled");
    model_init(&m);
    new_class(BODY_COLLECT, -1, -1, 0, FLAVOR_PLAIN);
    apply(OP_GC_DISABLE, 0, 0, 0);
    CHECK(!apply(OP_GC_DEBUG, DEBUG_SAVEALL, 0, 0), "no DEBUG_SAVEALL with a finalizer that collects");
}

/* SHUTDOWN ends the interpreter, or a sub-interpreter running the program
 * again, in a child: the model, which follows the parent, goes on
 * unchanged; once a program, as each costs a process. */
static void test_shutdown_changes_nothing_once(void)
{
    start(2);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    struct model before = m;
    CHECK(apply(OP_SHUTDOWN, 0, 0, 0) && m.shut_down, "the first SHUTDOWN");
    CHECK(m.n_objects == before.n_objects && m.objects[1].life == before.objects[1].life &&
              !memcmp(m.names, before.names, sizeof m.names),
          "no object or name changes");
    CHECK(!apply(OP_SHUTDOWN, 0, 0, 0) && !apply(OP_SHUTDOWN, 1, 0, 0), "no second SHUTDOWN, of either way");
    CHECK(apply(OP_DEL_NAME, 0, 0, 0) && m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_GONE,
          "the program goes on: o0, then o1, freed");
    for (int n = 0; n < GCFUZZ_MAX_HANDLERS; n++)
        CHECK(apply(OP_AT_EXIT, 0, 0, 0) && m.n_handlers == n + 1, "atexit handler %d", n);
    CHECK(!apply(OP_AT_EXIT, 0, 0, 0), "at most %d atexit handlers", GCFUZZ_MAX_HANDLERS);
    start(1);
    CHECK(!apply(OP_SHUTDOWN, 2, 0, 0), "no third way to end");
    CHECK(apply(OP_SHUTDOWN, 1, 0, 0) && m.shut_down && m.n_objects == 1, "a sub-interpreter's end changes nothing");
}

/* THREAD runs the next statement on a thread of its own, or on this one
 * beside another that collects: the model's effect is that statement's; a
 * class statement or a shutdown cannot be it, and free-threaded builds
 * (model_rules.no_threads) run neither. */
static void test_thread_runs_the_next_statement(void)
{
    start(2);
    apply(OP_LINK, 0, 0, 1);
    CHECK(apply(OP_THREAD, 0, 0, 0) && m.on_thread, "THREAD");
    CHECK(!apply(OP_THREAD, 0, 0, 0), "no THREAD after a THREAD");
    CHECK(!apply(OP_SHUTDOWN, 0, 0, 0), "no SHUTDOWN on a thread");
    CHECK(!apply(OP_NEW_CLASS, BODY_RECORD, 0, 0), "no class statement on a thread");
    CHECK(apply(OP_DEL_NAME, 1, 0, 0) && !m.on_thread, "del o1 on a thread");
    CHECK(m.objects[1].life != LIFE_GONE, "o0 still holds o1");
    CHECK(apply(OP_THREAD, 0, 0, 0) && apply(OP_DEL_NAME, 0, 0, 0), "del o0 on a thread");
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[1].life == LIFE_GONE && last()->prompt == 3,
          "both freed there, at once (G4)");
    CHECK(apply(OP_THREAD, 0, 0, 0) && apply(OP_COLLECT, 0, 0, 0), "gc.collect() on a thread");
    /* beside a collecting thread, no statement that collects or reads or
       sets the collector's state */
    start(2);
    CHECK(apply(OP_THREAD, WAY_COLLECT, 0, 0) && m.on_thread == THREAD_ANY, "THREAD beside a collecting one");
    CHECK(!apply(OP_COLLECT, 0, 0, 0) && !apply(OP_FREEZE, 0, 0, 0) && !apply(OP_THREAD, WAY_GARBAGE, 0, 0),
          "no gc.collect(), gc.freeze() or THREAD beside it");
    CHECK(apply(OP_DEL_NAME, 0, 0, 0) && !m.on_thread && m.objects[0].life == LIFE_GONE, "del o0 beside it");
    model_set_rules(&(const struct model_rules){.no_threads = 1});
    start(1);
    CHECK(!apply(OP_THREAD, WAY_OWN, 0, 0) && !apply(OP_THREAD, WAY_COLLECT, 0, 0), "no THREAD where threads are not modelled");
    model_set_rules(&(const struct model_rules){0});
}

/* gc.disable(); gc.set_debug(gc.DEBUG_SAVEALL) */
static void save_all(void)
{
    apply(OP_GC_DISABLE, 0, 0, 0);
    CHECK(apply(OP_GC_DEBUG, DEBUG_SAVEALL, 0, 0), "DEBUG_SAVEALL once the collector is disabled");
}

/* DEBUG_SAVEALL: the collected cycle is finalized and gone for the
 * program, but what it holds stays held by gc.garbage: o2, dropped, may be
 * reachable (open), not pending garbage whose __del__ the next collection
 * must run; the teardown empties gc.garbage, and then it dies. */
static void test_saveall_keeps_what_the_garbage_holds(void)
{
    start(3);
    save_all();
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_LINK, 0, 1, 2);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].life == LIFE_GONE && m.objects[0].finalizer == FIN_RUN && m.objects[1].finalizer == FIN_RUN,
          "the cycle is finalized: %d %d", m.objects[0].finalizer, m.objects[1].finalizer);
    CHECK(m.saved_held & BIT(2), "o2 is held by the saved garbage: %x", m.saved_held);
    CHECK(last()->saved == (BIT(0) | BIT(1)), "both are certainly in gc.garbage: %x", last()->saved);
    apply(OP_DEL_NAME, 2, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[2].life == LIFE_OPEN && m.objects[2].finalizer != FIN_RUN,
          "o2 may still be held: life %d finalizer %d", m.objects[2].life, m.objects[2].finalizer);
    model_teardown(&m);
    CHECK(m.objects[2].life == LIFE_GONE && m.objects[2].finalizer == FIN_RUN && m.saved_held == 0,
          "the teardown frees it: life %d finalizer %d", m.objects[2].life, m.objects[2].finalizer);
}

/* Which saved instances are certainly in gc.garbage (G9): not garbage
 * from before the flag was set, which a young collection may have freed
 * already, nor garbage whose finalizer may let go of its cycle. */
static void test_what_is_certainly_saved(void)
{
    start(4);
    apply(OP_LINK, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_COLLECT_YOUNG, 0, 0, 0);
    save_all();
    apply(OP_LINK, 1, 0, 1);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(last()->saved == BIT(1), "o1 saved, o0 maybe freed before: %x", last()->saved);
    model_init(&m);
    new_class(BODY_UNLINK, -1, -1, 0, FLAVOR_PLAIN); /* del self.a0 */
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    save_all();
    apply(OP_LINK, 0, 0, 0);
    apply(OP_DEL_NAME, 0, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(m.objects[0].finalizer == FIN_RUN && last()->saved == 0,
          "del self.a0 breaks its own cycle: freed, not saved: %x", last()->saved);
}

/* The model's own bookkeeping rules (invariants.c): a model the operations
 * made keeps them, and each kind of corruption is named. */
static void test_invariants(void)
{
    start(2);
    apply(OP_LINK, 0, 0, 1);
    apply(OP_LINK, 1, 0, 0);
    apply(OP_DEL_NAME, 1, 0, 0);
    apply(OP_COLLECT, 0, 0, 0);
    CHECK(model_broken_invariant(&m) == NULL, "a model made by operations: %s", model_broken_invariant(&m));
    struct model good = m;
    m.names[0] = 1, m.objects[1].life = LIFE_GONE;
    CHECK(model_broken_invariant(&m) != NULL, "o0 bound to a freed object");
    m = good;
    m.objects[0].fire_death = 3, m.objects[0].fire_due = 2, m.objects[0].finalizer = FIN_RUN;
    CHECK(model_broken_invariant(&m) != NULL, "a finalizer due before its death");
    m = good;
    m.objects[0].finalizer = FIN_NOT_RUN, m.objects[0].fire_death = 1;
    CHECK(model_broken_invariant(&m) != NULL, "a death without a finalizer state");
    m = good;
    m.objects[0].slot_state[0] = SLOT_STRONG, m.objects[0].slot_target[0] = 1, m.objects[1].life = LIFE_GONE;
    CHECK(m.objects[0].life == LIFE_LIVE && model_broken_invariant(&m) != NULL, "a live object holding a freed one");
    m = good;
    m.kept_by[3] = 0, m.kept = 0;
    CHECK(model_broken_invariant(&m) != NULL, "r3 holding an object not counted as kept");
    m = good;
    m.objects[0].slot_state[1] = SLOT_OPEN, m.objects[0].slot_maybe[1] = 0;
    CHECK(model_broken_invariant(&m) != NULL, "an open slot that may hold nothing");
}

/* On 3.10 to 3.12 (model_rules.stale_type_cache, gh-118492) the finalizer
 * that `del C0.c1` runs, of the value it deletes, may still find that value
 * through self.c1; on 3.13+ (and in the portable rendering) it finds nothing. */
static void test_stale_type_cache(void)
{
    for (int stale = 0; stale < 2; stale++) {
        const struct model_rules r = {.stale_type_cache = (unsigned)stale};
        model_set_rules(&r);
        model_init(&m);
        new_class(BODY_CHECK, -1, -1, 1, FLAVOR_PLAIN); /* _g.sees(self, 1) */
        apply(OP_NEW_INSTANCE, 0, 0, 0);
        CHECK(apply(OP_SET_CLASS_ATTR, 0, 1, 0), "C0.c1 = o0");
        apply(OP_DEL_NAME, 0, 0, 0);
        CHECK(apply(OP_DEL_CLASS_ATTR, 0, 1, 0), "del C0.c1");
        CHECK(m.objects[0].finalizer == FIN_RUN, "o0 is finalized by the deletion: %d", m.objects[0].finalizer);
        CHECK(m.objects[0].death_lookup == (stale ? LOOKUP_OPEN : LOOKUP_NOTHING),
              "stale_type_cache=%d: what o0's finalizer finds is %d", stale, m.objects[0].death_lookup);
    }
    model_set_rules(&(const struct model_rules){0});
}

static void test_finalize_callback_always_runs(void)
{
    start(1);
    CHECK(apply(OP_FINALIZE, 0, 0, 0), "weakref.finalize(o0, ...)");
    model_teardown(&m);
    CHECK(m.callbacks[0].state == CB_MUST, "a finalize callback runs even in the teardown: state %d",
          m.callbacks[0].state);
}

int main(void)
{
    test_chain_is_freed_at_once();
    test_cycle_waits_for_collect();
    test_tail_of_a_cycle_is_cyclic_garbage();
    test_held_by_pending_garbage();
    test_self_cycle();
    test_weak_link_is_no_edge();
    test_class_attribute_is_a_root();
    test_rebind_and_unlink();
    test_fix_finalizer();
    test_fix_finalizer_left_to_the_collector();
    test_teardown();
    test_inherited_finalizer();
    test_two_bases();
    test_layouts();
    test_sets_hold_members_once();
    test_weak_containers();
    test_fixed_holders();
    test_copy();
    test_clear();
    test_resurrection_on_the_refcount_path();
    test_every_body_left_to_the_collector();
    test_pending_effect_opens_a_name();
    test_order_within_one_statement_is_open();
    test_effects_of_one_statement_see_each_other();
    test_weak_reference_made_by_another_finalizer_of_the_statement();
    test_frozen_objects_released_by_collected_garbage();
    test_top_level_function_may_wait_for_the_collector();
    test_resurrecting_effects();
    test_main_program_dereference();
    test_finalizer_deletes_a_name();
    test_finalizer_rebinds_a_class_attribute();
    test_freeze();
    test_legacy_finalizers();
    test_class_and_bases_assignment();
    test_resurrected_frozen_object_is_open();
    test_frozen_shared_dict_holds_its_cycle();
    test_deref_of_self_may_resurrect();
    test_frozen_cycle_through_an_open_place();
    test_young_instance_sharing_a_frozen_dict();
    test_settings_and_where_saveall_applies();
    test_shutdown_changes_nothing_once();
    test_thread_runs_the_next_statement();
    test_saveall_keeps_what_the_garbage_holds();
    test_what_is_certainly_saved();
    test_invariants();
    test_stale_type_cache();
    test_what_only_frozen_garbage_that_may_go_holds();
    test_shared_dict();
    test_deleted_class();
    test_checking_and_mutating_finalizers();
    test_resurrection_on_the_collectors_path();
    test_weak_references_cleared_after_finalizers();
    test_entries_open_while_a_writer_may_run();
    test_finalize_callback_always_runs();
    return check_done();
}
