# gcfuzz oracle self-test, must fail with G1: a class's __bases__ assignment is lost (put back at once): its instances never find the new base's __del__.
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
_g.deaths_are("0:i2/i0,-,-,- 1:i2/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
class C1:
    __init__ = _init
class C2(C1):
    pass
o0 = C2(0)
o1 = C2(1)
C2.__bases__ = (C0,); C2.__bases__ = (C1,)
del C1
o0.a0 = o0
del o0  # cyclic garbage: o0
del o1  # freed: o1
gc.collect()
_g.expect(fired={0: 18, 1: 19}, prompt=(1,), alive="C=3 C1=-")
_g.teardown(globals(), fired={})
