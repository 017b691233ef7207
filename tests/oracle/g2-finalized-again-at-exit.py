# gcfuzz oracle self-test, must fail with G2: a finalizer that ran before the interpreter ends runs again at exit.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i1/i0,w,-,-")
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
o1.a0 = o0
o1.a1 = weakref.ref(o0, lambda r, _c=_g.called: _c(0))
o2 = _g.advance(_g.gen(o1, 2), 1)
weakref.finalize(o1, _g.called, 1)
o1.__del__(); _g.shutdown((1,), 0)
del o0
del o1
gc.collect()
_g.expect(fired={}, alive="o2=2 C=2 0:i0/i1,-,-,- 1:i1/i0,w0,-,- 2:g/-")
_g.teardown(globals(), fired={0: 26, 1: 26}, called={1: 26}, maybe=(0,), closed={2: 26})
