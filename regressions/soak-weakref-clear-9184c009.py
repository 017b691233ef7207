# gcfuzz regression soak-weakref-clear-9184c009: found by gcfuzz-soak, reduced by hand; CPython 3.10/3.11 crash: PyObject_ClearWeakRefs() keeps a pointer into a referent's weakref list across a tuple allocation that can run the collector, which frees those weakrefs (their holder is cyclic garbage): use after free.
# The _g.expect(...) lines are gcfuzz's model of CPython's collector: {o: line}
# lists the objects whose __del__ must have run, and the line where each became
# unreachable, counted from the '# ---- program ----' line; alive= what every
# reachable object must still hold.  A broken guarantee exits non-zero with one
# line naming it.
import gc, sys, weakref
import collections, itertools, json, time  # what finalizers import (they use them at exit too)
try:
    import _gcfuzz as _g  # the native recorder, inside the gcfuzz harness
except ImportError:
    try:
        from gcfuzz_recorder import _g  # the pure-Python recorder: the same checks and messages
    except ImportError:
        sys.exit('this gcfuzz script needs gcfuzz_recorder.py, which a gcfuzz build writes into BUILD/python/: '
                 'run it as PYTHONPATH=BUILD/python python3 %s, or make a copy that carries it '
                 'with gcfuzz-repro --standalone' % sys.argv[0])
# ---- program ----
_g.deaths_are("")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
o0 = C0(0)
gc.disable()
gc.collect()
_g.expect(fired={}, alive="o0=0 C=1 0:i0/-,-,-,-")
gc.set_threshold(1)
o1 = [None] * 4
o1[0] = o1
o1[1] = weakref.ref(o0, lambda r, _c=_g.called: _c(0))
o1[2] = weakref.ref(o0, lambda r, _c=_g.called: _c(1))
del o1  # cyclic garbage: o1
gc.enable()
del o0  # freed: o0
_g.teardown(globals(), fired={}, maybe=(0, 1,))
# gcfuzz-signature: G12 crash SEGV in PyObject_ClearWeakRefs < subtype_dealloc < delitem_common
# recorded from /tmp/uafmin.bin with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-open: 3.10-3.11: use after free in PyObject_ClearWeakRefs (Objects/weakrefobject.c) when the tuple it allocates starts a collection that frees weakrefs on the list; crashes Debian's 3.11.2 (release and debug) and 3.10.13, not 3.12.1/3.13.0 (collections start only at eval-loop checks there). gc.collect() empties the tuple free list, so that the allocation reaches the collector. Not in CPython's tracker as of 2026-12-02 (same mechanism elsewhere: gh-148891; 3.12+ immune since gh-97922).
