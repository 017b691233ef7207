#!/usr/bin/env python3
"""Write the oracle self-tests: rendered seed programs, each edited to break
one guarantee on purpose the way a broken interpreter would, so that the
oracle must report that guarantee.  An oracle that cannot fail is worthless.

Each edit replaces one whole line by one line, so the line numbers in the
program's expectations still hold.  The first line of each file says what it
breaks; the file name starts with the guarantee the oracle must report.

Run from the repository root after a build:
    python3 tests/oracle/make-cases.py build/gcfuzz-repro
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "corpus")

# name: (seed, what it breaks, [(line, replacement), ...])
CASES = {
    "g1-hidden-reference-at-checkpoint": (
        "tutorial-cycle-two-finalizers",
        "a hidden reference keeps the cycle alive past gc.collect()",
        [("o1.a0 = o0", "o1.a0 = o0; _hidden = [o0]")]),
    "g1-hidden-reference-at-teardown": (
        "tutorial-class-attribute-holds-instance",
        "a hidden reference keeps the App alive past the teardown",
        [("o0.__class__.c0 = C0(1)", "o0.__class__.c0 = C0(1); _hidden = [C1.c0]")]),
    "g2-del-called-twice": (
        "self-cycle",
        "__del__ is called by hand, then again by the collector",
        [("o0.a3 = o0", "o0.a3 = o0; o0.__del__()")]),
    "g3-finalized-while-reachable": (
        "tutorial-class-attribute-holds-instance",
        "the App held in a class attribute is finalized while reachable",
        [("del o0  # freed: o0", "del o0; C1.c0.__del__()")]),
    "g3-finalized-before-unreachable": (
        "refcount-chain-freed-at-once",
        "o1's finalizer runs (once) before o1 becomes unreachable",
        [("del o1", "o1.__del__(); o1.__class__ = type('Quiet', (), {}); del o1")]),
    "g4-finalized-late-strict": (
        "refcount-chain-freed-at-once",
        "o0 outlives the statement that drops its last reference (checked with GCFUZZ_STRICT=1)",
        [("del o0  # freed: o0 o1 o2", "_late = [o0]; del o0"),
         ("gc.collect()", "_late.clear(); gc.collect()")]),
    "g5-callback-not-called": (
        "weakref-callback-refcount",
        "a hidden reference keeps the referent alive: its weak reference's callback never runs",
        [("del o1  # freed: o1", "_hidden = [o1]; del o1")]),
    "g5-callback-called-twice": (
        "weakref-callback-referent-collected",
        "the callback of a weak reference runs a second time",
        [("del o2  # freed: o2", "o2.a0.__callback__(None); del o2")]),
    "g10-suspended-generator-not-closed": (
        "generator-suspended-in-cycle",
        "a suspended generator that becomes garbage never runs its finally block (it is not started here, as if never closed)",
        [("o1 = _g.advance(_g.gen(o0, 1), 1)", "o1 = _g.gen(o0, 1)")]),
    "g10-unstarted-generator-runs-finally": (
        "generator-unstarted-in-cycle",
        "an unstarted generator runs its finally block when collected (it is started here behind the model's back)",
        [("o1 = _g.gen(o0, 1)", "o1 = _g.gen(o0, 1); next(o1)")]),
    "g6-finalizer-sees-attribute-gone": (
        "tutorial-cycle-two-finalizers",
        "o0 loses its attribute a0 while unreachable, before its finalizer runs",
        [("del o0", "o1.a0.__dict__.pop('a0'); del o0")]),
    "g7-survivor-emptied": (
        "cycle-survives-until-collect",
        "a live object, reachable through o1.a1, loses its attribute a0",
        [("o1.a2 = o1", "o1.a2 = o1; o1.a1.__dict__.pop('a0')")]),
    "g7-attribute-lost": (
        "unlink-breaks-cycle",
        "a live object loses its attributes (its __dict__ is emptied)",
        [("del o0.a0", "o0.__dict__.clear(); del o0.a0")]),
    "g8-class-attribute-shadowed": (
        "two-bases-del-and-attribute-from-second",
        "an instance finds class attribute c1 where no class of its MRO has it",
        [("o0.a0 = o0", "o0.a0 = o0; o1.c1 = o1")]),
    "g8-finalizer-reads-shadowed-class-attribute": (
        "finalizer-checks-class-attribute",
        "the finalizer of o0 finds c1 on its instance, not C0's o1",
        [("C0.c1 = o1", "C0.c1 = o1; o0.c1 = 5")]),
    "g7-resurrected-object-cleared": (
        "finalizer-resurrects-on-refcount-path",
        "the object a finalizer resurrected loses its attribute a0",
        [("del o0  # freed: o0", "del o0; _kept = r0.__dict__.pop('a0')")]),
    "g3-resurrected-finalizer-before-death": (
        "finalizer-resurrects-cycle-in-collection",
        "o1, which may be finalized in the pass that resurrects it, is finalized before it became unreachable",
        [("o2.a1 = weakref.ref(o1)", "o2.a1 = weakref.ref(o1); o1.__del__(); o1.__class__ = type('Quiet', (), {})")]),
    "g9-gc-garbage-filled": (
        "tutorial-cycle-two-finalizers",
        "collected objects are left in gc.garbage",
        [("o0 = C0(0)", "o0 = C0(0); gc.set_debug(gc.DEBUG_SAVEALL)")]),
    "g13-isenabled-misreported": (
        "introspect-settings-read-back",
        "gc.isenabled() says False after the program's gc.enable()",
        [("gc.enable()", "gc.enable(); gc.disable()")]),
    "g13-debug-flags-misreported": (
        "debug-flags-print-a-collection",
        "gc.get_debug() says 0 after the program's gc.set_debug(gc.DEBUG_STATS)",
        [("_g.debug(gc.DEBUG_STATS)", "_g.debug(gc.DEBUG_STATS); gc.set_debug(0)")]),
    "g9-saved-garbage-freed": (
        "saveall-keeps-what-the-cycle-holds",
        "the cycle is freed although gc.DEBUG_SAVEALL is set, not put in gc.garbage",
        [("del o1  # cyclic garbage: o0 o1",
          "del o1; gc.set_debug(0); gc.collect(); gc.set_debug(gc.DEBUG_SAVEALL)")]),
    "g14-finalize-skipped-at-exit": (
        "shutdown-with-garbage-and-finalizers",
        "the interpreter ends without calling a live weakref.finalize object",
        [("weakref.finalize(o2, _g.called, 1)", "weakref.finalize(o2, _g.called, 1).atexit = False")]),
    "g14-atexit-handler-runs-twice": (
        "shutdown-with-garbage-and-finalizers",
        "the interpreter runs an atexit handler twice at exit",
        [("_g.at_exit(0)", "_g.at_exit(0); __import__('atexit').register(_g.exited, 0)")]),
    "g2-finalized-again-at-exit": (
        "shutdown-resurrect-callback-generator",
        "a finalizer that ran before the interpreter ends runs again at exit",
        [("_g.shutdown((1,), 0)", "o1.__del__(); _g.shutdown((1,), 0)")]),
    "g11-finalizer-raises": (
        "tutorial-cycle-two-finalizers",
        "a finalizer raises an exception the program never raises",
        [("    __del__ = _record", "    __del__ = lambda self, _f=_g.fired: (_f(self), 1 / 0)")]),
    "g11-callback-exception-lost": (
        "callback-raises-on-refcount-path",
        "the exception a weak reference's callback raises never reaches sys.unraisablehook",
        [("del o0  # freed: o0", "sys.unraisablehook = lambda u: None; del o0")]),
    "g8-finalizer-reads-back-another-value": (
        "finalizer-rebinds-class-attribute-and-reads-back",
        "a finalizer binds a class attribute to its object and reads back something else (a stale type cache)",
        [("        type(self).c1 = self; _g.wrote(self, 1)",
          "        type(self).c1 = self; type(self).c1 = 7; _g.wrote(self, 1)")]),
    "g7-resurrected-into-a-name-half-cleared": (
        "finalizer-rebinds-a-name-to-itself",
        "the object a finalizer left in a name (an open place) has lost an attribute",
        [("        globals()['o2'] = self", "        globals()['o2'] = self; self.__dict__.pop('a0')")]),
    "g7-dereferenced-object-half-cleared": (
        "finalizer-dereferences-another-finalizers-weakref",
        "a finalizer's dereference hands out object 0 with its attribute gone (tp_clear seen from Python)",
        [("        globals()['r%d' % self._id] = _g.call(globals().get('w0'))", "        globals()['r%d' % self._id] = C0(0)")]),
    "g11-more-exceptions-than-the-open-range": (
        "shared-dict-finalizers-in-one-collection",
        "one more AttributeError reaches sys.unraisablehook than any order of the finalizers raises",
        [("o0 = C0(0)", "o0 = C0(0); weakref.finalize(o0, lambda: [].a)")]),
    "g2-chain-link-finalized-twice": (
        "deep-chains-dropped",
        "a link of a 1,000-link chain is finalized twice as the chain is freed",
        [("del o3  # freed: o2 o3", "o3.next.__del__(); del o3")]),
    "g1-chain-links-never-finalized": (
        "deep-chains-dropped",
        "999 links of a chain stay alive, hidden, after the program ends",
        [("del o2", "exec('_hidden = o3.next; o3.next = o2\\n_l = _hidden\\nwhile type(_l.next) is type(o3): _l = _l.next\\n_l.next = None'); del o2")]),
    "g7-chain-link-lost": (
        "deep-chains-dropped",
        "a live chain of 10,000 lists loses its deepest links",
        [("del o0", "o1[0][0][0] = [o0, o1[1]]; del o0")]),
    "g10-suspended-coroutine-not-closed": (
        "coroutine-suspended-in-cycle",
        "a suspended coroutine that becomes garbage never runs its finally block (it is not started here, as if never closed)",
        [("o1 = _g.advance(_g.coro(o0, 1), 1)", "o1 = _g.coro(o0, 1)")]),
    "g10-async-generator-hook-does-not-close": (
        "async-generator-suspended-in-cycle",
        "a suspended asynchronous generator handed to its finalizer hook never runs its finally block (the hook drops it)",
        [("o2 = _g.astep(_g.agen(o0, 2), 1, _g.aclose_now)", "o2 = _g.astep(_g.agen(o0, 2), 1, lambda a: None)")]),
    "g10-delegate-never-closed": (
        "generators-in-with-and-delegating-in-cycle",
        "closing a generator suspended in yield from an iterator never calls that iterator's close()",
        [("o2 = _g.advance(_g.gen_delegating(o0, 2), 1)",
          "o2 = _g.advance(_g.gen_delegating(o0, 2), 1); type(o2.gi_yieldfrom).close = lambda self: None")]),
    "g11-ignored-generator-exit-not-raised": (
        "generators-raising-from-exit-and-ignoring",
        "a dying generator that ignored GeneratorExit is closed without close() raising RuntimeError (its __exit__ "
        "records as gen_ignoring's finally does, then lets GeneratorExit through)",
        [("o2 = _g.advance(_g.gen_ignoring(o0, 2, 1), 1)", "o2 = _g.advance(_g.gen_with(o0, 2, 2), 1)")]),
    "g1-class-assignment-lost": (
        "class-assignment-changes-the-finalizer",
        "an instance's __class__ assignment is lost (put back at once): the class it was given, whose __del__ must "
        "run, is not the one it dies with",
        [("o0.__class__ = C0", "o0.__class__ = C0; o0.__class__ = C1")]),
    "g4-thread-defers-a-refcount-death": (
        "statements-on-threads-of-their-own",
        "an object whose last reference a statement on a thread of its own deletes is finalized only at a later "
        "statement of the main thread (something held it a little longer)",
        [("    del o4  # freed: o4", "    _g.held = o4; del o4"), ("del o0", "del o0; del _g.held")]),
    "g1-thread-loses-its-statement": (
        "statements-on-threads-of-their-own",
        "the thread started for a gc.collect() returns without running it: the cycle it must collect is not",
        [("    gc.collect()", "    pass")]),
    "g7-proxy-is-a-plain-reference": (
        "weakref-proxies-and-weak-methods-to-a-cycle",
        "a weakref.proxy comes out as a weakref.ref of the same referent: the slot that must hold a proxy does not",
        [("o2.a0 = weakref.proxy(o0)", "o2.a0 = weakref.ref(o0)")]),
    "g5-weak-method-callback-lost": (
        "weakref-proxies-and-weak-methods-on-the-refcount-path",
        "a WeakMethod's callback is lost: its referent dies on the refcount path, and the callback must be called there",
        [("o1.a1 = weakref.WeakMethod(_g.method(o0), lambda r, _c=_g.called: _c(1))",
          "o1.a1 = weakref.WeakMethod(_g.method(o0), lambda r: None)")]),
    "g5-class-finalizer-never-runs": (
        "metaclass-finalizers-of-class-and-subclass",
        "a class dropped and collected is never finalized: it is made without its metaclass, whose __del__ must run "
        "when the class dies",
        [("class C0(metaclass=_g.Meta):", "class C0:")]),
    "g1-bases-assignment-lost": (
        "bases-assignment-changes-the-finalizer",
        "a class's __bases__ assignment is lost (put back at once): its instances never find the new base's __del__",
        [("C2.__bases__ = (C0,)", "C2.__bases__ = (C0,); C2.__bases__ = (C1,)")]),
    "g9-legacy-object-not-in-garbage": (
        "legacy-cycle-uncollectable",
        "a collection frees, or forgets, garbage with a legacy finalizer instead of keeping it in gc.garbage",
        [("_g.saved(0)", "gc.garbage.clear(); _g.saved(0)")]),
    "g15-collection-inside-a-collection": (
        "gc-callbacks-of-the-program",
        "a gc.callbacks entry is called with 'start' twice, as if a collection ran inside another (called by hand)",
        [("o1 = C0(1)", "o1 = C0(1); _g.gc_phase('start', 0)")]),
    "g12-interpreter-crash": (
        "self-cycle",
        "the interpreter crashes (a NULL read through ctypes)",
        [("o0.a3 = o0", "o0.a3 = o0; __import__('ctypes').string_at(0)")]),
}


def render(repro, seed):
    out = subprocess.run([repro, "--no-run", os.path.join(CORPUS, seed)], check=True,
                         capture_output=True, text=True).stdout
    return out.splitlines(keepends=True)


def main():
    repro = sys.argv[1] if len(sys.argv) > 1 else "build/gcfuzz-repro"
    for name, (seed, what, edits) in sorted(CASES.items()):
        lines = render(repro, seed)
        guarantee = name.split("-")[0].upper()
        lines[0] = "# gcfuzz oracle self-test, must fail with %s: %s.\n" % (guarantee, what)
        for old, new in edits:
            hits = [i for i, l in enumerate(lines) if l.rstrip("\n") == old]
            if len(hits) != 1:
                sys.exit("%s: expected one line %r in %s, found %d" % (name, old, seed, len(hits)))
            lines[hits[0]] = new + "\n"
        with open(os.path.join(HERE, name + ".py"), "w") as f:
            f.writelines(lines)
        # the unedited input, for pictures (gcfuzz-repro --dot)
        with open(os.path.join(CORPUS, seed), "rb") as src, open(os.path.join(HERE, name + ".bin"), "wb") as f:
            f.write(src.read())
    print("wrote %d oracle self-tests" % len(CASES))


if __name__ == "__main__":
    main()
