# gcfuzz oracle self-test, must fail with G1: an instance's __class__ assignment is lost (put back at once): the class it was given, whose __del__ must run, is not the one it dies with.
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
_g.deaths_are("0:i0/-,-,-,- 1:i2/i1,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
class C1:
    __init__ = _init
class C2:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
o0 = C1(0)
o1 = C0(1)
o0.__class__ = C0; o0.__class__ = C1
o1.a0 = o1
o1.__class__ = C2
del C0
del o0  # freed: o0
del o1  # cyclic garbage: o1
gc.collect()
_g.expect(fired={0: 22, 1: 23}, prompt=(0,), alive="r1=1 C=3 C0=- 1:i2/i1,-,-,-")
gc.collect()
_g.expect(fired={}, alive="r1=1 C=3 C0=- 1:i2/i1,-,-,-")
_g.teardown(globals(), fired={})
