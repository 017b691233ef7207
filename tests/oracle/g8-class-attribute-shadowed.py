# gcfuzz oracle self-test, must fail with G8: an instance finds class attribute c1 where no class of its MRO has it.
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
_g.deaths_are("0:i2/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
class C1:
    __init__ = _init
class C2(C1, C0):
    pass
o0 = C2(0)
o1 = C1(1)
C0.c1 = o1
o0.a0 = o0; o1.c1 = o1
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 C=3 C0.c1=1 @0.c1=1 @1.c1=- 0:i2/i0,-,-,- 1:i1/-,-,-,-")
del o0  # cyclic garbage: o0
gc.collect()
_g.expect(fired={0: 19}, alive="o1=1 C=3 C0.c1=1 @1.c1=- 1:i1/-,-,-,-")
del C0.c1
gc.collect()
_g.expect(fired={}, alive="o1=1 C=3 @1.c1=- 1:i1/-,-,-,-")
_g.teardown(globals(), fired={})
