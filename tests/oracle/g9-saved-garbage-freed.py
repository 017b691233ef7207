# gcfuzz oracle self-test, must fail with G9: the cycle is freed although gc.DEBUG_SAVEALL is set, not put in gc.garbage.
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
_g.deaths_are("0:i0/i1,i2,-,- 1:i0/i0,-,-,- 2:i0/-,-,?,-")
gc.disable()
_g.debug(gc.DEBUG_SAVEALL)
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
o0.a1 = o2
o2.a2 = weakref.ref(o1, lambda r, _c=_g.called: _c(0))
del o0
del o1; gc.set_debug(0); gc.collect(); gc.set_debug(gc.DEBUG_SAVEALL)
gc.collect()
_g.expect(fired={0: 19, 1: 19}, called={0: 19}, alive="o2=2 C=1 2:i0/-,-,w-,-")
_g.saved(0, 1)
del o2
gc.collect()
_g.expect(fired={}, may={2: 23}, alive="C=1 2:i0/-,-,w-,-")
_g.teardown(globals(), fired={2: 23})
