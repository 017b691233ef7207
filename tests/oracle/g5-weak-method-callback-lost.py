# gcfuzz oracle self-test, must fail with G5: a WeakMethod's callback is lost: its referent dies on the refcount path, and the callback must be called there.
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
_g.deaths_are("0:i0/-,-,-,- 1:i0/p,m,p,m 2:i1/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
class C1:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
o0 = C0(0)
o1 = C0(1)
o2 = C1(2)
o1.a0 = weakref.proxy(o0, lambda r, _c=_g.called: _c(0))
o1.a1 = weakref.WeakMethod(_g.method(o0), lambda r: None)
o1.a2 = weakref.proxy(o2)
o1.a3 = weakref.WeakMethod(_g.method(o2))
del o0  # freed: o0
del o2  # freed: o2
gc.collect()
_g.expect(fired={0: 21, 2: 22}, called={0: 21, 1: 21}, prompt=(0, 2), alive="o1=1 r2=2 C=2 1:i0/p-,m-,p2,m2 2:i1/-,-,-,-")
_g.teardown(globals(), fired={1: 25})
