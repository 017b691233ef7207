# gcfuzz oracle self-test, must fail with G9: a collection frees, or forgets, garbage with a legacy finalizer instead of keeping it in gc.garbage.
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
_g.deaths_are("0:i0/?,?,?,? 1:i1/i0,i2,-,- 2:i1/-,-,-,- 3:i1/i3,i0,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
@_g.legacy
class C0:
    __init__ = _init
    __tp_del__ = _record
class C1:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = C1(1)
o2 = C1(2)
o0.a0 = o1
o1.a0 = o0
o1.a1 = o2
o3 = C1(3)
o3.a0 = o3
o3.a1 = o0
del o0
del o1
del o2
del o3  # cyclic garbage: o0 o1 o2 o3
gc.collect()
_g.expect(fired={3: 25}, alive="C=2 0:i0/i1,-,-,- 1:i1/i0,i2,-,- 2:i1/-,-,-,-")
gc.garbage.clear(); _g.saved(0)
gc.collect()
_g.expect(fired={}, alive="C=2 0:i0/i1,-,-,- 1:i1/i0,i2,-,- 2:i1/-,-,-,-")
_g.teardown(globals(), fired={0: 31, 1: 31, 2: 31})
