# gcfuzz oracle self-test, must fail with G3: o1, which may be finalized in the pass that resurrects it, is finalized before it became unreachable.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i1/i0,-,-,- 2:i1/w,w,-,-")
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
o2 = C1(2)
o0.a0 = o1
o1.a0 = o0
o2.a0 = weakref.ref(o0, lambda r, _c=_g.called: _c(0))
o2.a1 = weakref.ref(o1); o1.__del__(); o1.__class__ = type('Quiet', (), {})
del o0
del o1  # cyclic garbage: o0 o1
gc.collect()
_g.expect(fired={0: 22}, may={1: 22}, maybe=(0,), alive="o2=2 r0=0 C=2 0:i0/i1,-,-,- 1:i1/i0,-,-,- 2:i1/w?,w?,-,-")
del o2  # freed: o2
gc.collect()
_g.expect(fired={2: 25}, prompt=(2,), alive="r0=0 C=2 0:i0/i1,-,-,- 1:i1/i0,-,-,-")
_g.teardown(globals(), fired={1: 22})
