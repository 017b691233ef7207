#!/usr/bin/env python3
"""Write the seed corpus: one input per construct, named for what it exercises.

An encoded operation is four bytes (kind, a, b, c), exactly the resolved
operation (harness/ir/ops.def), so seeds are written here as operation lists;
the names of operations and values come from the C tables themselves.
Run from the repository root after a build:
    python3 scripts/make-seeds.py [--constants build/gcfuzz-constants] [corpus/]
Then check each with:  build/gcfuzz-repro corpus/<name>
"""
import os
import subprocess
import sys

def load_constants():
    """The operation table and operand values, from the C tables
    (build/gcfuzz-constants prints them; --constants names another build)."""
    tool = "build/gcfuzz-constants"
    if "--constants" in sys.argv:
        at = sys.argv.index("--constants")
        tool = sys.argv.pop(at + 1)
        sys.argv.pop(at)
    try:
        text = subprocess.run([tool], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("make-seeds: cannot run %s (%s); build first: cmake --preset default && cmake --build build" % (tool, e))
    names = {}
    exec(text, names)
    return names


globals().update((k, v) for k, v in load_constants().items() if k[0].isupper())


def cls(body, base=None, fix_slot=0, flavor=FLAVOR_PLAIN, base2=None, n_classes=0):
    b = 0 if base is None else base + 1
    if base2 is not None:
        b += (n_classes + 1) * (base2 + 1)
    return (NEW_CLASS, body, b, fix_slot + SLOTS * flavor)


def new(c):
    return (NEW_INSTANCE, c, 0, 0)


def link(src, slot, dst):
    return (LINK, src, slot, dst)


def weak(src, slot, dst):
    return (LINK_WEAK, src, slot, dst)


def weak_form(src, slot, form, dst):
    return (LINK_WEAK_FORM, src, slot + SLOTS * form, dst)


def delete(name):
    return (DEL_NAME, name, 0, 0)


COLLECT_OP = (COLLECT, 0, 0, 0)

SEEDS = {
    # The tutorial's first "leak": an App held in a class attribute of Main
    # (self.__class__.app = App()).  It is not a leak: the App is reachable
    # through the class until the class goes, then it is finalized.
    "tutorial-class-attribute-holds-instance": [
        cls(BODY_RECORD), cls(BODY_NONE), new(1), (SELF_CLASS_ATTR, 0, 0, 0), delete(0), COLLECT_OP],
    # The tutorial's second "leak": two objects with __del__ in a cycle.
    # Since PEP 442 the collector finalizes and frees both.
    "tutorial-cycle-two-finalizers": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1), COLLECT_OP],
    # The tutorial's "fix": Main.__del__ deletes the class attribute.
    "tutorial-fix-del-class-attribute": [
        cls(BODY_RECORD), cls(BODY_FIX, fix_slot=0), new(1), (SELF_CLASS_ATTR, 0, 0, 0), delete(0), COLLECT_OP],
    # The tutorial's other "fix": a weak back-reference instead of a cycle.
    "tutorial-fix-weak-back-reference": [
        cls(BODY_RECORD), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), weak(1, 0, 0), delete(0), COLLECT_OP,
        delete(1), COLLECT_OP],
    # A class attribute holding an instance of its own class: a cycle through
    # the class, alive while the class is.
    "class-attribute-own-class-instance": [
        cls(BODY_RECORD), new(0), (SET_CLASS_ATTR, 0, 0, 0), delete(0), COLLECT_OP, (DEL_CLASS_ATTR, 0, 0, 0),
        COLLECT_OP],
    "subclass-inherits-del-in-cycle": [
        cls(BODY_RECORD), cls(BODY_NONE, base=0), new(1), new(0), link(0, 1, 1), link(1, 2, 0), delete(0), delete(1),
        COLLECT_OP],
    "subclass-overrides-del": [
        cls(BODY_NONE), cls(BODY_RECORD, base=0), cls(BODY_RECORD, base=1), new(2), new(1), link(0, 0, 1), delete(1), delete(0),
        COLLECT_OP],
    "self-cycle": [cls(BODY_RECORD), new(0), link(0, 3, 0), delete(0), COLLECT_OP],
    "list-cycle": [
        cls(BODY_RECORD), new(0), (NEW_LIST, 0, 0, 0), link(1, 2, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    "dict-cycle": [
        cls(BODY_RECORD), new(0), (NEW_DICT, 0, 0, 0), link(1, 1, 0), link(0, 1, 1), delete(1), delete(0), COLLECT_OP],
    "dict-self-cycle-holds-instance": [
        cls(BODY_RECORD), (NEW_DICT, 0, 0, 0), new(0), link(0, 0, 0), link(0, 1, 1), delete(1), delete(0), COLLECT_OP],
    "refcount-chain-freed-at-once": [
        cls(BODY_RECORD), new(0), new(0), new(0), link(0, 0, 1), link(1, 0, 2), delete(1), delete(2), delete(0),
        COLLECT_OP],
    "tail-hanging-off-cycle": [
        cls(BODY_RECORD), new(0), new(0), new(0), link(0, 0, 1), link(1, 0, 0), link(1, 1, 2), delete(2), delete(0),
        delete(1), COLLECT_OP],
    "unlink-breaks-cycle": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), (UNLINK, 0, 0, 0), delete(0), delete(1),
        COLLECT_OP],
    "rebind-drops-last-reference": [
        cls(BODY_RECORD), new(0), new(0), (REBIND, 0, 0, 1), COLLECT_OP, delete(0), delete(1), COLLECT_OP],
    "fix-finalizer-raises-attribute-error": [
        cls(BODY_FIX, fix_slot=2), new(0), delete(0), COLLECT_OP],
    "fix-finalizers-share-an-attribute": [
        cls(BODY_RECORD), cls(BODY_FIX, fix_slot=1), new(1), new(1), (SELF_CLASS_ATTR, 0, 1, 0), COLLECT_OP],
    "cycle-survives-until-collect": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 1, 0), delete(0), (LINK, 1, 2, 1), COLLECT_OP,
        delete(1), COLLECT_OP],
    # the collector running inside every allocation (gc.set_threshold(1))
    "gc-threshold-1-cycles": [
        (SET_THRESHOLD, 0, 0, 0), cls(BODY_RECORD), new(0), new(0), (NEW_LIST, 0, 0, 0), link(2, 0, 0), link(0, 0, 2),
        link(1, 1, 0), delete(0), delete(2), delete(1), new(0), COLLECT_OP],
    # automatic collections off: only the explicit collection finalizes
    "gc-disabled-cycle": [
        (GC_DISABLE, 0, 0, 0), cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1),
        COLLECT_OP, (GC_ENABLE, 0, 0, 0)],
    # a young-generation collection may or may not take the cycle; the full one must
    "gc-young-collection-then-full": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1), (COLLECT_YOUNG, 0, 0, 0),
        (COLLECT_YOUNG, 1, 0, 0), COLLECT_OP],
    # G5: a callback runs once when its weak reference outlives the referent
    # (o2's weak reference to o0, whose cycle is collected) ...
    "weakref-callback-referent-collected": [
        cls(BODY_RECORD), new(0), new(0), new(0), link(0, 0, 1), link(1, 0, 0), (LINK_WEAK_CB, 2, 0, 0), delete(0),
        delete(1), COLLECT_OP, delete(2), COLLECT_OP],
    # ... and never when the weak reference dies first
    "weakref-callback-dies-first": [
        cls(BODY_RECORD), new(0), new(0), (LINK_WEAK_CB, 1, 0, 0), (UNLINK, 1, 0, 0), delete(0), COLLECT_OP],
    # a referent freed by reference counting: the callback runs at that statement
    "weakref-callback-refcount": [
        cls(BODY_NONE), new(0), new(0), (LINK_WEAK_CB, 0, 1, 1), delete(1), COLLECT_OP, delete(0)],
    # G10: a suspended generator in a cycle is closed by the collector: its
    # finally block runs once; an unstarted one runs nothing
    "generator-suspended-in-cycle": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    "generator-unstarted-in-cycle": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_UNSTARTED, 0, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    # a finished generator ran its finally block as it ended, and holds nothing
    "generator-finished-then-dropped": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_FINISHED, 0, 0), delete(0), COLLECT_OP, delete(1), COLLECT_OP],
    "generator-suspended-refcount": [
        cls(BODY_NONE), new(0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 0), (NEW_LIST, 0, 0, 0), link(2, 1, 1), delete(1),
        delete(2), COLLECT_OP],
    # --- classes: __slots__, built-in bases, two bases, defined in a function
    "slots-class-cycle": [
        cls(BODY_RECORD, flavor=FLAVOR_SLOTS), new(0), new(0), link(0, 0, 1), link(1, 1, 0), weak(0, 2, 1), delete(0),
        delete(1), COLLECT_OP],
    # C2(C1, C0): __del__ and class attribute c1 both come from the second base
    "two-bases-del-and-attribute-from-second": [
        cls(BODY_RECORD), cls(BODY_NONE), cls(BODY_NONE, base=1, base2=0, n_classes=2), new(2), new(1), (SET_CLASS_ATTR, 0, 1, 1),
        link(0, 0, 0), COLLECT_OP, delete(0), COLLECT_OP, (DEL_CLASS_ATTR, 0, 1, 0), COLLECT_OP],
    "list-subclass-self-cycle": [cls(BODY_RECORD, flavor=FLAVOR_LIST), new(0), link(0, 2, 0), delete(0), COLLECT_OP],
    "dict-subclass-cycle": [
        cls(BODY_RECORD, flavor=FLAVOR_DICT), new(0), new(0), link(0, 1, 1), link(1, 1, 0), delete(0), delete(1), COLLECT_OP],
    "tuple-subclass-cycle": [
        cls(BODY_NONE), cls(BODY_RECORD, flavor=FLAVOR_TUPLE), new(0), (NEW_INSTANCE, 1, 0, 0), link(0, 0, 1), delete(0), delete(1),
        COLLECT_OP],
    "exception-subclass-self-cycle": [cls(BODY_RECORD, flavor=FLAVOR_EXCEPTION), new(0), link(0, 0, 0), delete(0), COLLECT_OP],
    "class-defined-in-function-cycle": [
        cls(BODY_RECORD, flavor=FLAVOR_LOCAL), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1), COLLECT_OP],
    # a deleted class lives while its instance does, then is cyclic garbage:
    # the App in its class attribute is finalized by the next collection
    "class-deleted-then-collected": [
        cls(BODY_RECORD), cls(BODY_NONE), new(1), (SELF_CLASS_ATTR, 0, 0, 0), (DEL_CLASS, 1, 0, 0), COLLECT_OP, delete(0),
        COLLECT_OP],
    # --- containers
    "long-list-cycle-through-last-item": [
        cls(BODY_RECORD), new(0), (NEW_LIST, 3, 0, 0), link(1, 3, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    "int-key-dict-cycle": [
        cls(BODY_RECORD), new(0), (NEW_DICT, DICT_INT, 0, 0), link(1, 2, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    "set-of-instances-cycle": [
        cls(BODY_RECORD), new(0), new(0), (NEW_DICT, DICT_SET, 0, 0), link(2, 0, 0), link(2, 1, 1), link(0, 1, 2),
        (UNLINK, 2, 1, 0), delete(0), delete(1), delete(2), COLLECT_OP],
    "tuple-cycle-through-back": [
        cls(BODY_RECORD), new(0), new(0), (NEW_TUPLE, 0, TUPLE_BACK, 1), link(0, 0, 2), delete(0), delete(1), delete(2),
        COLLECT_OP],
    "frozenset-cycle": [
        cls(BODY_RECORD), new(0), new(0), (NEW_TUPLE, 0, TUPLE_FROZENSET, 1), link(1, 3, 2), delete(2), delete(0), delete(1),
        COLLECT_OP],
    "copy-list-at-threshold-1": [
        (SET_THRESHOLD, 0, 0, 0), cls(BODY_RECORD), new(0), (NEW_LIST, 1, 0, 0), link(1, 0, 0), link(0, 0, 1),
        (COPY, 1, 3, 0), delete(0), delete(1), COLLECT_OP, delete(2), COLLECT_OP],
    "copy-dict-and-set": [
        cls(BODY_RECORD), new(0), (NEW_DICT, DICT_STR, 0, 0), (NEW_DICT, DICT_SET, 0, 0), link(1, 0, 0), link(2, 0, 0),
        (COPY, 1, 2, 0), (COPY, 2, 3, 0), delete(0), delete(1), delete(2), COLLECT_OP, delete(3), delete(4)],
    # --- functions and exceptions
    "closure-cycle": [
        cls(BODY_RECORD), new(0), (NEW_FUNC, 0, FUNC_CLOSURE1, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    "closure-two-cells-cycle": [
        cls(BODY_RECORD), new(0), new(0), (NEW_FUNC, 0, FUNC_CLOSURE2, 1), link(1, 2, 2), delete(0), delete(1), delete(2),
        COLLECT_OP],
    "bound-method-cycle": [
        cls(BODY_RECORD), new(0), (NEW_FUNC, 0, FUNC_METHOD, 0), link(0, 3, 1), delete(1), delete(0), COLLECT_OP],
    "lambda-default-cycle": [
        cls(BODY_RECORD), new(0), (NEW_FUNC, 0, FUNC_LAMBDA, 0), (SET_CLASS_ATTR, 0, 0, 1), link(0, 0, 1), delete(0),
        delete(1), COLLECT_OP, (DEL_CLASS_ATTR, 0, 0, 0), COLLECT_OP],
    "partial-cycle": [
        cls(BODY_RECORD), new(0), new(0), (NEW_FUNC, 0, FUNC_PARTIAL, 1), link(1, 1, 2), delete(2), delete(1), delete(0),
        COLLECT_OP],
    # an exception's traceback holds the frame that holds the object that holds the exception
    "exception-traceback-frame-cycle": [
        cls(BODY_RECORD), new(0), (NEW_EXC, 0, 0, 0), link(0, 0, 1), delete(0), delete(1), COLLECT_OP],
    # --- weak references: finalize and the weak containers
    "weakref-finalize-on-cycle": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), (FINALIZE, 0, 0, 0), (FINALIZE, 1, 0, 0),
        delete(0), delete(1), COLLECT_OP],
    "weak-value-dictionary": [
        cls(BODY_RECORD), new(0), new(0), (NEW_DICT, DICT_WEAK_VALUES, 0, 0), weak(2, 0, 0), weak(2, 1, 1), link(1, 0, 1),
        delete(0), delete(1), COLLECT_OP],
    "weak-key-dictionary-and-weak-set": [
        cls(BODY_RECORD), new(0), new(0), (NEW_DICT, DICT_WEAK_KEYS, 0, 0), (NEW_DICT, DICT_WEAK_SET, 0, 0), weak(2, 0, 0),
        weak(3, 1, 1), weak(3, 2, 0), link(0, 0, 0), delete(0), delete(1), COLLECT_OP, (UNLINK, 3, 1, 0)],
    # --- instance dicts: o1 shares o0's __dict__, so o1.a0 is o1 itself
    "dict-shared-between-instances": [
        cls(BODY_RECORD, flavor=FLAVOR_SHARED), new(0), new(0), link(0, 0, 1), (SET_DICT, 1, DICT_ASSIGN_SHARE, 0), delete(0),
        COLLECT_OP, link(1, 2, 1), delete(1), COLLECT_OP],
    "dict-assigned-copy-and-fresh": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), (SET_DICT, 1, DICT_ASSIGN_COPY, 0), (SET_DICT, 0, DICT_ASSIGN_FRESH, 0), COLLECT_OP,
        delete(1), delete(0), COLLECT_OP],
    # --- finalizer bodies
    "finalizer-raises-in-cycle": [cls(BODY_RAISE), new(0), link(0, 0, 0), delete(0), COLLECT_OP, new(0), delete(1)],
    "finalizer-calls-gc-collect": [
        cls(BODY_RECORD), cls(BODY_COLLECT), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1), new(1),
        delete(2), COLLECT_OP],
    "finalizer-resurrects-on-refcount-path": [
        cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), weak(1, 1, 0), delete(1), delete(0), COLLECT_OP],
    # on the collector's path: o0's finalizer brings o0 back (into r0) with o1,
    # whose own finalizer may or may not have run in that pass (G3's exception);
    # o2's weak reference to o0 was cleared, and its callback ran (G5)
    "finalizer-resurrects-cycle-in-collection": [
        cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), new(1), link(0, 0, 1), link(1, 0, 0), (LINK_WEAK_CB, 2, 0, 0),
        weak(2, 1, 1), delete(0), delete(1), COLLECT_OP, delete(2), COLLECT_OP],
    "finalizer-unlinks-own-attribute": [
        cls(BODY_RECORD), cls(BODY_UNLINK, fix_slot=0), new(1), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1),
        COLLECT_OP, new(1), delete(2)],
    # o0's __del__ (inherited from C0) rebinds C0.c1 to o0, dropping o1 that it held
    "finalizer-rebinds-base-class-attribute": [
        cls(BODY_REBIND, fix_slot=1), cls(BODY_NONE, base=0), cls(BODY_RECORD), new(1), new(2), (SET_CLASS_ATTR, 0, 1, 1), delete(1),
        COLLECT_OP, delete(0), COLLECT_OP],
    # G8 inside a finalizer: o0 reads C0.c1 through itself, finds o1
    "finalizer-checks-class-attribute": [
        cls(BODY_CHECK, fix_slot=1), new(0), new(0), (SET_CLASS_ATTR, 0, 1, 1), delete(0), delete(1), COLLECT_OP],
    # o0's finalizer empties the list o1, which held o2
    "finalizer-empties-a-container": [
        cls(BODY_MUTATE, fix_slot=1), cls(BODY_RECORD), new(0), (NEW_LIST, 0, 0, 0), new(1), link(1, 0, 2), delete(2), delete(0),
        COLLECT_OP],
    # o0's finalizer stores what its weak reference to o1 gives in r0: o1 lives on there
    "finalizer-dereferences-weak-reference": [
        cls(BODY_DEREF, fix_slot=1), cls(BODY_RECORD), new(0), new(1), weak(0, 1, 1), delete(0), delete(1), COLLECT_OP],
    "finalizer-deletes-a-name": [
        cls(BODY_DEL_NAME, fix_slot=1), new(0), new(0), delete(0), COLLECT_OP],
    # --- gc.freeze(): frozen garbage waits for gc.unfreeze()
    "gc-freeze-cycle-until-unfreeze": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), (FREEZE, 0, 0, 0), delete(0), delete(1),
        COLLECT_OP, (FREEZE, 1, 0, 0), COLLECT_OP],
    # G11: exceptions from a weak reference's callback and from a generator's
    # finally block reach sys.unraisablehook, and the collection goes on
    "callback-and-generator-raise-in-collection": [
        cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0), (LINK_WEAK_CB, 0, 1 + SLOTS * CALLBACK_RAISE, 1),
        (NEW_GENERATOR, GEN_RAISING, 0, 0), link(1, 2, 2), new(0), (LINK_WEAK_CB, 3, 0 + SLOTS * CALLBACK_COLLECT, 0),
        delete(0), delete(1), delete(2), COLLECT_OP, delete(3)],
    "callback-raises-on-refcount-path": [
        cls(BODY_NONE), new(0), new(0), (LINK_WEAK_CB, 1, 0 + SLOTS * CALLBACK_RAISE, 0), delete(0), COLLECT_OP],
    # clearing a container frees what only it held, at that statement
    "clear-list-breaks-cycle": [
        cls(BODY_RECORD), new(0), new(0), (NEW_LIST, 0, 0, 0), link(2, 1, 0), link(0, 0, 2), link(2, 3, 1),
        delete(0), delete(1), (CLEAR, 2, 0, 0), COLLECT_OP],
    # --- code that runs during a collection (open state: model.h)
    # a finalizer makes a weak reference to its own object; after the
    # collection the main program dereferences it: None (the object is gone)
    "finalizer-weakref-to-self-then-dereferenced": [
        cls(BODY_WEAK_SELF), new(0), link(0, 0, 0), delete(0), COLLECT_OP, (DEREF, 5, 0, 0), COLLECT_OP],
    # ... to what it holds, another object of the same garbage
    "finalizer-weakref-to-held-garbage": [
        cls(BODY_WEAK_HELD, fix_slot=0), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), link(1, 0, 0), delete(0),
        delete(1), COLLECT_OP, (DEREF, 4, 0, 0), COLLECT_OP],
    # one finalizer dereferences the weak reference another made in the same
    # pass: None, or that object, intact (never half-cleared)
    "finalizer-dereferences-another-finalizers-weakref": [
        cls(BODY_WEAK_SELF), cls(BODY_DEREF_GLOBAL, fix_slot=0), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        delete(0), delete(1), COLLECT_OP, COLLECT_OP],
    # a finalizer rebinds a class attribute to itself and reads it back
    # through the class (a stale type attribute cache shows there)
    "finalizer-rebinds-class-attribute-and-reads-back": [
        cls(BODY_REBIND_CHECK, fix_slot=1), new(0), new(0), link(0, 0, 1), link(1, 0, 0), delete(0), delete(1),
        COLLECT_OP, COLLECT_OP],
    # a finalizer stashes its object into a list the program holds
    "finalizer-stashes-itself-into-a-list": [
        cls(BODY_STUFF, fix_slot=1), new(0), (NEW_LIST, 0, 0, 0), link(0, 0, 0), delete(0), COLLECT_OP],
    # ... or binds a program name to it
    "finalizer-rebinds-a-name-to-itself": [
        cls(BODY_REBIND_NAME, fix_slot=2), new(0), link(0, 0, 0), delete(0), COLLECT_OP],
    # a finalizer left to the collector empties a list while the program
    # copies it, with the collector running inside every allocation
    "finalizer-empties-a-list-while-it-is-copied": [
        (SET_THRESHOLD, 0, 0, 0), cls(BODY_MUTATE, fix_slot=2), cls(BODY_RECORD), new(1), new(0), (NEW_LIST, 2, 0, 0),
        link(2, 0, 0), link(2, 2, 2), link(1, 0, 1), delete(1), (COPY, 2, 3, 0), COLLECT_OP],
    # ... pops an entry of a dict while the program copies it
    "finalizer-pops-a-dict-while-it-is-copied": [
        (SET_THRESHOLD, 1, 0, 0), cls(BODY_POP, fix_slot=1), new(0), (NEW_DICT, DICT_STR, 0, 0), link(1, 0, 1),
        link(1, 1, 0), link(0, 0, 0), delete(0), (COPY, 1, 1, 0), COLLECT_OP],
    # weak-reference callbacks that empty a container and delete a name
    "callback-clears-a-container-and-deletes-a-name": [
        cls(BODY_RECORD), new(0), (NEW_LIST, 0, 0, 0), new(0), link(1, 0, 2), link(0, 0, 0),
        (LINK_WEAK_CB, 1, 1 + SLOTS * CALLBACK_CLEAR, 0), (LINK_WEAK_CB, 2, 2 + SLOTS * CALLBACK_DEL_NAME, 0),
        delete(0), COLLECT_OP],
    # an object that dies on the refcount path under three weak references
    # with callbacks (recording, raising, collecting) and one without:
    # PyObject_ClearWeakRefs calls every callback, once, in one pass (G5, G11)
    "weakref-callbacks-on-the-refcount-path": [
        cls(BODY_RECORD), new(0), new(0), (LINK_WEAK_CB, 1, 0 + SLOTS * CALLBACK_RECORD, 0),
        (LINK_WEAK_CB, 1, 1 + SLOTS * CALLBACK_RAISE, 0), (LINK_WEAK_CB, 1, 2 + SLOTS * CALLBACK_COLLECT, 0),
        weak(1, 3, 0), delete(0), COLLECT_OP, delete(1), COLLECT_OP],
    # ... and a suspended generator and an asynchronous generator under weak
    # references with callbacks, dropped: closed, then their callbacks run
    "weakref-callbacks-on-generators": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 0), (NEW_GENERATOR, GEN_AGEN_HOOKED, 0, 0),
        (LINK_WEAK_CB, 0, 0, 1), (LINK_WEAK_CB, 0, 1, 2), delete(1), delete(2), COLLECT_OP],
    # instances sharing one __dict__, finalized in one pass while a third
    # instance still holds that dict
    "shared-dict-finalizers-in-one-collection": [
        cls(BODY_UNLINK, fix_slot=0, flavor=FLAVOR_SHARED), new(0), new(0), new(0), (SET_DICT, 1, DICT_ASSIGN_SHARE, 0),
        (SET_DICT, 2, DICT_ASSIGN_SHARE, 0), link(0, 0, 1), link(0, 1, 2), delete(1), delete(2), COLLECT_OP,
        delete(0), COLLECT_OP],
    # --- introspection (gc.is_finalized, get_referrers, ...): a finalizer
    # that rebinds a name to its object resurrects it on the refcount path,
    # so gc.is_finalized() of it is True, of its sibling False
    "introspect-resurrected-on-the-refcount-path": [
        cls(BODY_REBIND_NAME, fix_slot=2), new(0), new(0), delete(0), (INTROSPECT, 2, INTROSPECT_IS_FINALIZED, 0),
        (INTROSPECT, 1, INTROSPECT_IS_FINALIZED, 0), (INTROSPECT, 2, INTROSPECT_REFERRERS, 0),
        (INTROSPECT, 1, INTROSPECT_REFERENTS, 0), (INTROSPECT, 1, INTROSPECT_OBJECTS, 0),
        (INTROSPECT, 2, INTROSPECT_IS_TRACKED, 0), COLLECT_OP],
    # ... and around a collection that may resurrect one from a cycle
    # (whether it does is open: only asked then)
    "introspect-around-a-collection": [
        cls(BODY_REBIND_NAME, fix_slot=3), new(0), new(0), link(0, 0, 0), (INTROSPECT, 1, INTROSPECT_IS_FINALIZED, 0),
        delete(0), (INTROSPECT, 1, INTROSPECT_REFERRERS, 0), COLLECT_OP, (INTROSPECT, 1, INTROSPECT_IS_FINALIZED, 0),
        (INTROSPECT, 1, INTROSPECT_REFERENTS, 0), COLLECT_OP],
    # ... the collector's settings read back (G13) and its other questions,
    # with the collector off, then on
    "introspect-settings-read-back": [
        (GC_DISABLE, 0, 0, 0), cls(BODY_RECORD), new(0), (INTROSPECT, 0, INTROSPECT_IS_ENABLED, 0),
        (INTROSPECT, 0, INTROSPECT_DEBUG, 0), (INTROSPECT, 0, INTROSPECT_COUNT, 0), (INTROSPECT, 0, INTROSPECT_STATS, 0),
        (INTROSPECT, 0, INTROSPECT_YOUNGEST, 0), (INTROSPECT, 0, INTROSPECT_OLDEST, 0),
        (INTROSPECT, 0, INTROSPECT_THRESHOLD, 0), (INTROSPECT, 0, INTROSPECT_FREEZE_COUNT, 0), (GC_ENABLE, 0, 0, 0),
        (INTROSPECT, 0, INTROSPECT_IS_ENABLED, 0), COLLECT_OP],
    # --- the collector's debugging flags (gc.set_debug): each collection
    # prints its figures and the objects it found, which the harness sends
    # to /dev/null; what it collects, and when, does not change
    "debug-flags-print-a-collection": [
        (GC_DEBUG, DEBUG_PRINTING, 0, 0), cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1),
        link(1, 0, 0), (INTROSPECT, 1, INTROSPECT_DEBUG, 0), delete(0), delete(1), COLLECT_OP,
        (GC_DEBUG, DEBUG_STATS, 0, 0), new(1), (INTROSPECT, 2, INTROSPECT_DEBUG, 0), COLLECT_OP],
    # ... and DEBUG_SAVEALL (only with the collector disabled): a collection
    # finalizes the cycle and clears its weak references, then keeps it in
    # gc.garbage, and with it what it holds: o2 outlives its name, until the
    # teardown empties gc.garbage
    "saveall-keeps-what-the-cycle-holds": [
        (GC_DISABLE, 0, 0, 0), (GC_DEBUG, DEBUG_SAVEALL, 0, 0), cls(BODY_RECORD), new(0), new(0), new(0),
        link(0, 0, 1), link(1, 0, 0), link(0, 1, 2), (LINK_WEAK_CB, 2, 2, 1), delete(0), delete(1), COLLECT_OP,
        delete(2), COLLECT_OP],
    "saveall-leak-then-off": [
        (GC_DISABLE, 0, 0, 0), cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        (GC_DEBUG, DEBUG_LEAK, 0, 0), (INTROSPECT, 0, INTROSPECT_DEBUG, 0), delete(0), delete(1), COLLECT_OP,
        (GC_DEBUG, DEBUG_NONE, 0, 0), (GC_ENABLE, 0, 0, 0), new(1), link(2, 0, 2), delete(2), COLLECT_OP],
    # --- the interpreter's exit (docs/oracle.md "At interpreter exit", G14):
    # at _g.shutdown() a child ends the interpreter with the program's names
    # still bound, uncollected garbage (the collector is off), and two
    # weakref.finalize objects, each called exactly once (w1 at exit), and
    # two atexit handlers, run last first; then the program goes on and is
    # torn down as ever (the handlers unregistered)
    "shutdown-with-garbage-and-finalizers": [
        (GC_DISABLE, 0, 0, 0), (AT_EXIT, 0, 0, 0), cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0),
        (FINALIZE, 0, 0, 0), new(0), (FINALIZE, 2, 0, 0), (AT_EXIT, 0, 0, 0), delete(0), delete(1), (SHUTDOWN, 0, 0, 0),
        (GC_ENABLE, 0, 0, 0), COLLECT_OP],
    # ... with what runs at exit reaching back: a resurrecting finalizer, a
    # weak reference's callback, a suspended generator's finally block, all
    # held by names when the interpreter ends
    "shutdown-resurrect-callback-generator": [
        cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        (LINK_WEAK_CB, 1, 1, 0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 1), (FINALIZE, 1, 0, 0), (SHUTDOWN, 0, 0, 0),
        delete(0), delete(1), COLLECT_OP],
    # ... and an object whose finalizer ran, resurrected, that ends with the
    # interpreter: its __del__ must not run a second time at exit (G2)
    "shutdown-after-resurrection": [
        cls(BODY_RESURRECT), new(0), link(0, 0, 0), delete(0), COLLECT_OP, (SHUTDOWN, 0, 0, 0)],
    # ... with finalizers that import collections, itertools, json and time
    # and call into them, run while the interpreter ends: in a cycle left as
    # garbage, held by a name, and resurrected; what fails there is
    # expected, never a crash
    "shutdown-finalizers-use-modules": [
        cls(BODY_MODULES), cls(BODY_RESURRECT), new(0), new(0), link(0, 0, 1), link(1, 0, 0), new(1), link(2, 1, 0),
        new(0), delete(0), delete(1), (SHUTDOWN, 0, 0, 0), COLLECT_OP],
    # ... with finalizers that start a thread and join it (BODY_THREAD), run
    # while the interpreter ends: once it is finalizing they run in place
    "shutdown-finalizers-start-threads": [
        cls(BODY_THREAD), cls(BODY_RESURRECT), new(0), new(0), link(0, 0, 1), link(1, 0, 0), new(1), link(2, 1, 0),
        new(0), delete(0), delete(1), (SHUTDOWN, 0, 0, 0), COLLECT_OP],
    # --- a sub-interpreter's end (SHUTDOWN's way 1): the child runs the
    # program again in a sub-interpreter of its own, checked as ever, and
    # ends that one at _g.shutdown(..., 'sub') (Py_EndInterpreter), with the
    # same garbage, weakref.finalize objects and atexit handlers
    "subinterpreter-ends-with-garbage-and-finalizers": [
        (GC_DISABLE, 0, 0, 0), (AT_EXIT, 0, 0, 0), cls(BODY_RECORD), new(0), new(0), link(0, 0, 1), link(1, 0, 0),
        (FINALIZE, 0, 0, 0), new(0), (FINALIZE, 2, 0, 0), (AT_EXIT, 0, 0, 0), delete(0), delete(1), (SHUTDOWN, 1, 0, 0),
        (GC_ENABLE, 0, 0, 0), COLLECT_OP],
    # ... with a resurrected object, a weak reference's callback and a
    # suspended generator's finally block held by names when it ends
    "subinterpreter-ends-resurrect-callback-generator": [
        cls(BODY_RESURRECT), cls(BODY_RECORD), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        (LINK_WEAK_CB, 1, 1, 0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 1), (FINALIZE, 1, 0, 0), COLLECT_OP,
        (SHUTDOWN, 1, 0, 0), delete(0), delete(1), COLLECT_OP],
    # ... and an object whose finalizer ran, resurrected, that ends with the
    # sub-interpreter: its __del__ must not run a second time there (G2)
    "subinterpreter-ends-after-resurrection": [
        cls(BODY_RESURRECT), new(0), link(0, 0, 0), delete(0), COLLECT_OP, (SHUTDOWN, 1, 0, 0)],
    # ... with finalizers that use modules and start threads while it ends
    "subinterpreter-ends-finalizers-use-modules-and-threads": [
        cls(BODY_MODULES), cls(BODY_THREAD), new(0), new(1), link(0, 0, 1), link(1, 0, 0), new(1), link(2, 1, 0),
        new(0), delete(0), delete(1), (SHUTDOWN, 1, 0, 0), COLLECT_OP],
    # --- deep structures (DEEP, helpers.py's deep()): chains of 100 to
    # 10,000 links dropped at once, freed through the trashcan.  A chain of
    # lists ending at an instance, dropped: the instance's finalizer runs in
    # the deepest deallocation, within the statement; then a chain of Links,
    # each with a __del__ that counts (each exactly once, checked at the
    # teardown), dropped the same way
    "deep-chains-dropped": [
        cls(BODY_RECORD), new(0), (DEEP, 0, CHAIN_LIST + 4 * 2, 0), delete(0), COLLECT_OP, delete(1), new(0),
        (DEEP, 2, CHAIN_LINK + 4 * 1, 0), COLLECT_OP, delete(2), delete(3), COLLECT_OP],
    # ... in a cycle: the instance holds two chains that end at it (10,000
    # tuples, 10,000 Links), collected by gc.collect(); and a chain held by a
    # closure and a dict chain whose end resurrects itself on the way down
    "deep-chains-in-a-cycle": [
        cls(BODY_RECORD), new(0), (DEEP, 0, CHAIN_TUPLE + 4 * 2, 0), link(0, 0, 1), (DEEP, 0, CHAIN_LINK + 4 * 2, 0),
        link(0, 1, 2), delete(0), delete(1), delete(2), COLLECT_OP, cls(BODY_RESURRECT), new(1),
        (DEEP, 3, CHAIN_DICT + 4 * 1, 0), (NEW_FUNC, 4, FUNC_CLOSURE1, 4), delete(3), delete(4), delete(5),
        COLLECT_OP],
    # --- coroutines (NEW_GENERATOR's coro- states): a coroutine suspended
    # at its await inside try/finally, in a cycle with the object its frame
    # holds: the collection closes it, its finally block runs exactly once
    # (G10); then a finished one (its finally ran as it ended) and a
    # suspended one whose finally raises, dropped on the refcount path (G11)
    "coroutine-suspended-in-cycle": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_CORO_SUSPENDED, 0, 0), link(0, 0, 1), delete(0), delete(1),
        COLLECT_OP],
    "coroutine-finished-and-raising": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_CORO_FINISHED, 0, 0), (NEW_GENERATOR, GEN_CORO_RAISING, 0, 0),
        COLLECT_OP, delete(2), delete(1), delete(0), COLLECT_OP],
    # --- asynchronous generators (NEW_GENERATOR's agen- states), stepped by
    # hand: two suspended at their yield inside try/finally, one of them
    # with a finalizer hook (sys.set_asyncgen_hooks) cached at its first
    # step, in a cycle with the object their frames hold: the collection
    # closes the first and hands the second to its hook, which closes it;
    # each finally block runs exactly once (G10)
    "async-generator-suspended-in-cycle": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_AGEN_SUSPENDED, 0, 0), link(0, 0, 1),
        (NEW_GENERATOR, GEN_AGEN_HOOKED, 0, 0), link(0, 1, 2), delete(0), delete(1), delete(2), COLLECT_OP],
    # ... dropped on the refcount path: hooked, hooked and raising, raising
    # (G11 for both), and finished (nothing more runs)
    "async-generator-hooked-and-raising": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_AGEN_HOOKED, 0, 0), (NEW_GENERATOR, GEN_AGEN_HOOKED_RAISING, 0, 0),
        (NEW_GENERATOR, GEN_AGEN_RAISING, 0, 0), (NEW_GENERATOR, GEN_AGEN_FINISHED, 0, 0), delete(1), delete(2),
        COLLECT_OP, delete(3), delete(4), delete(0), COLLECT_OP],
    # --- generators closed through more of gen_close(): suspended inside a
    # with block (closing runs __exit__), ignoring GeneratorExit (its finally
    # block yields: close() raises RuntimeError, which reaches
    # sys.unraisablehook, G11) and suspended in yield from an iterator that
    # is no generator (its close() runs first); each in a cycle with the
    # object its frame holds, collected: every finally block (or __exit__)
    # runs exactly once (G10)
    "generators-in-with-and-delegating-in-cycle": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_WITH_SUSPENDED, 0, 0), link(0, 0, 1),
        (NEW_GENERATOR, GEN_DELEGATING_SUSPENDED, 0, 0), link(0, 1, 2), (NEW_GENERATOR, GEN_IGNORING, 0, 0),
        link(0, 2, 3), delete(0), delete(1), delete(2), delete(3), COLLECT_OP],
    # ... dropped on the refcount path, raising and finished: each raising one
    # sends one exception to sys.unraisablehook (G11)
    "generators-raising-from-exit-and-ignoring": [
        cls(BODY_RECORD), new(0), (NEW_GENERATOR, GEN_WITH_RAISING, 0, 0), (NEW_GENERATOR, GEN_IGNORING, 0, 0),
        (NEW_GENERATOR, GEN_DELEGATING_RAISING, 0, 0), (NEW_GENERATOR, GEN_WITH_FINISHED, 0, 0),
        (NEW_GENERATOR, GEN_DELEGATING_FINISHED, 0, 0), delete(1), delete(2), delete(3), COLLECT_OP,
        delete(4), delete(5), delete(0), COLLECT_OP],
    # --- gc.callbacks entries of the program's (GC_CALLBACK), put before the
    # harness's own: one checks that the phases alternate (G15), one raises
    # at every call (each exception reaches sys.unraisablehook, G11, and the
    # entries after it still run), one calls gc.collect() (nothing: a
    # collection is running), one makes garbage; then a cycle with a
    # finalizer is collected, and one dies on the refcount path
    "gc-callbacks-of-the-program": [
        (GC_CALLBACK, GC_HOOK_PHASES, 0, 0), (GC_CALLBACK, GC_HOOK_RAISE, 0, 0), (GC_CALLBACK, GC_HOOK_COLLECT, 0, 0),
        cls(BODY_RECORD), new(0), link(0, 0, 0), new(0), delete(0), COLLECT_OP, delete(1), COLLECT_OP],
    "gc-callback-allocating-during-collections": [
        (GC_CALLBACK, GC_HOOK_ALLOCATE, 0, 0), (GC_CALLBACK, GC_HOOK_PHASES, 0, 0), cls(BODY_RECORD), new(0),
        link(0, 0, 0), delete(0), COLLECT_OP, (COLLECT_YOUNG, 0, 0, 0), COLLECT_OP],
    # --- __class__ assignment (SET_CLASS) between plain classes: o0 of a
    # class without __del__ becomes a C0 and dies on the refcount path (C0's
    # __del__ runs there, G4); o1, a C0 on a cycle, becomes a C2 whose
    # __del__ resurrects it, after C0's name is gone (C0 lives while o0
    # holds it); the collection runs C2's __del__, exactly once (G1, G2)
    "class-assignment-changes-the-finalizer": [
        cls(BODY_RECORD), cls(BODY_NONE), cls(BODY_RESURRECT), new(1), new(0), (SET_CLASS, 0, 0, 0),
        link(1, 0, 1), (SET_CLASS, 1, 0, 2), (DEL_CLASS, 0, 0, 0), delete(0), delete(1), COLLECT_OP, COLLECT_OP],
    # --- __bases__ assignment (SET_BASES): C2, a subclass of C1 (no
    # __del__), gets C0 (a recording __del__) as its base instead; C1 is
    # deleted and dies; an instance of C2 on a cycle is then finalized by
    # the collection through C0's __del__, another on the refcount path
    "bases-assignment-changes-the-finalizer": [
        cls(BODY_RECORD), cls(BODY_NONE), cls(BODY_NONE, base=1), new(2), new(2), (SET_BASES, 2, 0, 0),
        (DEL_CLASS, 1, 0, 0), link(0, 0, 0), delete(0), delete(1), COLLECT_OP],
    # --- legacy finalizers (FLAVOR_LEGACY: _testcapi.with_tp_del): a legacy
    # object on a cycle with an instance that holds a third, and a plain
    # cycle holding the legacy object: the collection finalizes the plain
    # cycle only, puts the legacy object in gc.garbage (G9) and finalizes
    # nothing it reaches, in that collection or the next (G3); the teardown
    # frees them, each finalizer once (G1, G2)
    "legacy-cycle-uncollectable": [
        cls(BODY_RECORD, flavor=FLAVOR_LEGACY), cls(BODY_RECORD), new(0), new(1), new(1), link(0, 0, 1), link(1, 0, 0),
        link(1, 1, 2), new(1), link(3, 0, 3), link(3, 1, 0), delete(0), delete(1), delete(2), delete(3), COLLECT_OP,
        COLLECT_OP],
    # ... one dropped outside any cycle runs its tp_del (raising: G11) right
    # there (G4); one hanging off a cycle runs it in the collection
    "legacy-refcount-and-off-a-cycle": [
        cls(BODY_RAISE, flavor=FLAVOR_LEGACY), cls(BODY_RECORD), new(0), delete(0), new(1), link(1, 0, 1), new(0),
        link(1, 1, 2), new(1), link(2, 0, 3), delete(1), delete(2), delete(3), COLLECT_OP],
    # ... a legacy object in a cycle with a suspended generator whose frame
    # holds it: the generator is not closed (G10) until the teardown frees
    # the legacy object
    "legacy-holds-suspended-generator": [
        cls(BODY_RECORD, flavor=FLAVOR_LEGACY), new(0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 0), link(0, 0, 1), delete(0),
        delete(1), COLLECT_OP, COLLECT_OP],
    # ... and with gc.DEBUG_UNCOLLECTABLE set: the collection lists it, the
    # interpreter's exit (shutdown mode) warns of gc.garbage and lists it
    # again; nothing runs twice (G2, G14)
    "legacy-uncollectable-at-exit": [
        (GC_DEBUG, DEBUG_UNCOLLECTABLE, 0, 0), cls(BODY_RECORD, flavor=FLAVOR_LEGACY), cls(BODY_RECORD), new(0), new(1),
        link(0, 0, 1), link(1, 0, 0), delete(0), delete(1), COLLECT_OP, (SHUTDOWN, 0, 0, 0)],
    # weakref.proxy and weakref.WeakMethod to a cycle's members, from an
    # object outside it (their callbacks called once: G5; after the
    # collection the proxies raise ReferenceError and the WeakMethods give
    # None) and from inside it (they die with their referent: never called)
    "weakref-proxies-and-weak-methods-to-a-cycle": [
        cls(BODY_RECORD), new(0), new(0), new(0), link(0, 0, 1), link(1, 0, 0),
        weak_form(2, 0, WEAK_FORM_PROXY, 0), weak_form(2, 1, WEAK_FORM_PROXY_CB, 1), weak_form(2, 2, WEAK_FORM_METHOD, 0),
        weak_form(2, 3, WEAK_FORM_METHOD_CB, 1), weak_form(1, 1, WEAK_FORM_PROXY_CB, 0),
        weak_form(0, 1, WEAK_FORM_METHOD_CB, 1), delete(0), delete(1), COLLECT_OP, delete(2)],
    # ... to an object freed by reference counting: the callbacks run right
    # there; a proxy to a resurrected object leads to it until it dies
    "weakref-proxies-and-weak-methods-on-the-refcount-path": [
        cls(BODY_RECORD), cls(BODY_RESURRECT), new(0), new(0), new(1),
        weak_form(1, 0, WEAK_FORM_PROXY_CB, 0), weak_form(1, 1, WEAK_FORM_METHOD_CB, 0),
        weak_form(1, 2, WEAK_FORM_PROXY, 2), weak_form(1, 3, WEAK_FORM_METHOD, 2), delete(0), delete(2), COLLECT_OP],
    # classes with a finalizer of their own (a metaclass's __del__): a
    # class and its subclass (which inherits the metaclass) outlive their
    # instances' cycle while named; each is finalized by the collection after
    # its name is dropped (G1 for the class, once: G2), never before (G3)
    "metaclass-finalizers-of-class-and-subclass": [
        cls(BODY_RECORD, flavor=FLAVOR_META), cls(BODY_NONE, base=0), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        delete(0), delete(1), COLLECT_OP, (DEL_CLASS, 1, 0, 0), COLLECT_OP, (DEL_CLASS, 0, 0, 0), COLLECT_OP],
    # ... a class dropped while its instance is cyclic garbage that
    # resurrects itself: the class comes back with it (its finalizer may
    # have run in that pass, once at most)
    "metaclass-class-comes-back-with-its-instance": [
        cls(BODY_RESURRECT, flavor=FLAVOR_META), new(0), (DEL_CLASS, 0, 0, 0), link(0, 0, 0), delete(0), COLLECT_OP,
        COLLECT_OP],
    # classes made by calling type(): base-less, a subclass with a finalizer
    # that deletes an attribute, and a subclass of a class with a metaclass
    # (type() makes it with that metaclass: a finalizer of its own) whose
    # instances resurrect themselves, all on one cycle
    "type-call-classes-in-a-cycle": [
        cls(BODY_RECORD, flavor=FLAVOR_TYPE_CALL), cls(BODY_UNLINK, base=0, fix_slot=1, flavor=FLAVOR_TYPE_CALL),
        cls(BODY_NONE, flavor=FLAVOR_META), cls(BODY_RESURRECT, base=2, flavor=FLAVOR_TYPE_CALL), new(0), new(1), new(3),
        link(0, 0, 1), link(1, 0, 2), link(2, 0, 0), link(1, 1, 0), delete(0), delete(1), delete(2), COLLECT_OP,
        (DEL_CLASS, 3, 0, 0), (DEL_CLASS, 2, 0, 0), COLLECT_OP],
    # Statements on threads of their own (THREAD: def _t(), then
    # _g.on_thread(_t), joined at once): instances made and linked into a
    # cycle on one, an object freed on the refcount path on one (its __del__
    # runs there, at that line: G4), the cycle dropped there, a weak
    # reference's callback and the finalizers run by a collection on another
    # thread, and a generator made on one, closed by a collection on the main
    # thread
    "statements-on-threads-of-their-own": [
        cls(BODY_RECORD), (THREAD, 0, 0, 0), new(0), new(0), (THREAD, 0, 0, 0), link(0, 0, 1), link(1, 0, 0),
        new(0), (THREAD, 0, 0, 0), (LINK_WEAK_CB, 2, 0, 0), (THREAD, 0, 0, 0), (NEW_GENERATOR, GEN_SUSPENDED, 0, 2),
        new(0), (THREAD, 0, 0, 0), delete(4), (THREAD, 0, 0, 0), delete(2), delete(0), (THREAD, 0, 0, 0), delete(1),
        (THREAD, 0, 0, 0), COLLECT_OP, delete(3), COLLECT_OP],
    # A cycle of a resurrecting class and a checking one, collected on a
    # thread of its own: the resurrected object comes back intact (G7) to a
    # global of the main thread's module, a class attribute stored on a
    # thread is what the checking finalizer reads there (G8)
    "resurrection-by-a-collection-on-another-thread": [
        cls(BODY_RESURRECT), cls(BODY_CHECK), new(0), new(1), new(1), link(0, 0, 1), link(1, 0, 0),
        (THREAD, 0, 0, 0), (SET_CLASS_ATTR, 1, 0, 2), delete(0), delete(1), (THREAD, 0, 0, 0), COLLECT_OP,
        delete(2), (THREAD, 0, 0, 0), COLLECT_OP],
    # Finalizers that start a thread and join it (BODY_THREAD: the thread
    # reads the dying object's _id), on the refcount path, in a cycle with a
    # resurrecting one, and in a collection run on a thread of its own
    "finalizers-start-threads": [
        cls(BODY_THREAD), cls(BODY_RESURRECT, base=0), new(0), new(0), new(1), link(0, 0, 1), link(1, 0, 2),
        link(2, 0, 0), delete(0), delete(1), delete(2), COLLECT_OP, new(0), (THREAD, 0, 0, 0), delete(3),
        new(0), link(4, 0, 4), delete(4), (THREAD, 0, 0, 0), COLLECT_OP],
    # Statements beside another thread (THREAD's ways collect and garbage:
    # the statement runs on the main thread while another one calls
    # gc.collect() again and again, or
    # makes lists that hold themselves, with a switch interval of a
    # microsecond): a cycle of a resurrecting class and a recording one
    # dropped there, a chain freed on the refcount path with finalizers that
    # start threads, a weak reference's callback, a generator closed there
    "statements-beside-a-collecting-thread": [
        cls(BODY_RECORD), cls(BODY_RESURRECT), cls(BODY_THREAD), new(0), new(1), link(0, 0, 1), link(1, 0, 0),
        new(0), (LINK_WEAK_CB, 2, 0, 0), (THREAD, WAY_COLLECT, 0, 0), delete(0), (THREAD, WAY_COLLECT, 0, 0),
        delete(1), new(2), new(2), link(3, 1, 4), (NEW_GENERATOR, GEN_SUSPENDED, 0, 3), delete(4),
        (THREAD, WAY_GARBAGE, 0, 0), delete(3), (THREAD, WAY_GARBAGE, 0, 0), delete(5), COLLECT_OP, delete(2),
        COLLECT_OP],
    "weakref-to-cycle-member": [
        cls(BODY_RECORD), new(0), new(0), new(0), link(0, 0, 1), link(1, 0, 0), weak(2, 0, 0), delete(0), delete(1),
        COLLECT_OP, delete(2)],
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    os.makedirs(out, exist_ok=True)
    for name, ops in sorted(SEEDS.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(b for op in ops for b in op))
    print("wrote %d seeds to %s" % (len(SEEDS), out))


if __name__ == "__main__":
    main()
