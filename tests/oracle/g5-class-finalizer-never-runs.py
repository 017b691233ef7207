# gcfuzz oracle self-test, must fail with G5: a class dropped and collected is never finalized: it is made without its metaclass, whose __del__ must run when the class dies.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i1/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    _k = 0
    __init__ = _init
    __del__ = _record
class C1(C0):
    _k = 1
    pass
o0 = C0(0)
o1 = C1(1)
o0.a0 = o1
o1.a0 = o0
del o0
del o1  # cyclic garbage: o0 o1
gc.collect()
_g.expect(fired={0: 18, 1: 18}, alive="C=2")
del C1
gc.collect()
_g.expect(fired={}, called={1: 21}, alive="C=2 C1=-")
del C0
gc.collect()
_g.expect(fired={}, called={0: 24}, alive="C=2 C0=- C1=-")
_g.teardown(globals(), fired={})
