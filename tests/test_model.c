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
    CHECK(model_reachable(&m) == BIT(0), "reachable=%x", model_reachable(&m));
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

static void test_fix_finalizer_never_left_to_the_collector(void)
{
    model_init(&m);
    apply(OP_NEW_CLASS, 2, 0, 0);
    apply(OP_NEW_INSTANCE, 0, 0, 0);
    apply(OP_LINK, 0, 0, 0);
    struct op drop = {.kind = OP_DEL_NAME, .a = 0};
    size_t before = m.n_ops;
    CHECK(!model_apply(&m, &drop), "a fix instance in a cycle must not become garbage");
    CHECK(m.n_ops == before && m.names[0] == 0, "a refused op leaves the model unchanged");
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
    test_fix_finalizer_never_left_to_the_collector();
    test_teardown();
    test_inherited_finalizer();
    return check_done();
}
