# gcfuzz regression planted-finalizer-twice-10e30265: found by libFuzzer in a libpython with scripts/patches/gc-finalizer-not-marked-finalized.patch (the collector does not mark objects finalized, so __del__ runs again on the cleared object: G6); passes on a correct interpreter.
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
_g.deaths_are("0:i0/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o0.a0 = o0
del o0  # cyclic garbage: o0
gc.collect()
_g.expect(fired={0: 11}, alive="C=1")
_g.teardown(globals(), fired={})
# gcfuzz-signature: G6
# recorded from /tmp/planted-twice/artifacts/crash-05f61ff229f2a9d5cd1df802f5794f051ca0d304 with CPython 3.11.2 (main, Nov 24 2026, 23:10:10) [GCC 12.2.0]
# gcfuzz-planted: gc-finalizer-not-marked-finalized
