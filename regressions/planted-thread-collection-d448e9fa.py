# gcfuzz regression planted-thread-collection-d448e9fa: found by libFuzzer in a libpython with scripts/patches/thread-collection-skips-finalizers.patch (a collection on a thread other than the main one runs no finalizer: the cycle collected by gc.collect() on a THREAD is cleared unfinalized, and o1's __del__, run at its deallocation, sees its attribute gone: G6); passes on a correct interpreter.
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
_g.deaths_are("1:i1/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
class C1:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.sees(self, 0)
o0 = C0(0)
o1 = C1(1)
o0.a0 = o1
o1.a0 = o0
del o0
del o1  # cyclic garbage: o0 o1
def _t():
    gc.collect()
_g.on_thread(_t)
_g.expect(fired={1: 18}, alive="C=2")
_g.teardown(globals(), fired={})
# gcfuzz-signature: G6 instance+check
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: thread-collection-skips-finalizers
