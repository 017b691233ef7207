# gcfuzz oracle self-test, must fail with G7: a weakref.proxy comes out as a weakref.ref of the same referent: the slot that must hold a proxy does not.
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
_g.deaths_are("0:i0/i1,m,-,- 1:i0/i0,p,-,- 2:i0/p,p,m,m")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = C0(1)
o2 = C0(2)
o0.a0 = o1
o1.a0 = o0
o2.a0 = weakref.ref(o0)
o2.a1 = weakref.proxy(o1, lambda r, _c=_g.called: _c(0))
o2.a2 = weakref.WeakMethod(_g.method(o0))
o2.a3 = weakref.WeakMethod(_g.method(o1), lambda r, _c=_g.called: _c(1))
o1.a1 = weakref.proxy(o0, lambda r, _c=_g.called: _c(2))
o0.a1 = weakref.WeakMethod(_g.method(o1), lambda r, _c=_g.called: _c(3))
del o0
del o1  # cyclic garbage: o0 o1
gc.collect()
_g.expect(fired={0: 21, 1: 21}, called={0: 21, 1: 21}, maybe=(2, 3,), alive="o2=2 C=1 2:i0/p-,p-,m-,m-")
del o2  # freed: o2
_g.teardown(globals(), fired={2: 24})
