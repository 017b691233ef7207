# gcfuzz oracle self-test, must fail with G7: the object a finalizer resurrected loses its attribute a0.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i1/-,w,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
class C1:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = C1(1)
o0.a0 = o1
o1.a1 = weakref.ref(o0)
del o1
del o0; _kept = r0.__dict__.pop('a0')
gc.collect()
_g.expect(fired={0: 19}, prompt=(0,), alive="r0=0 C=2 0:i0/i1,-,-,- 1:i1/-,w0,-,-")
_g.teardown(globals(), fired={1: 22})
