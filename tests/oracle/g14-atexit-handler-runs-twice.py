# gcfuzz oracle self-test, must fail with G14: the interpreter runs an atexit handler twice at exit.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i0/i0,-,-,- 2:i0/-,-,-,-")
gc.disable()
_g.at_exit(0); __import__('atexit').register(_g.exited, 0)
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = C0(1)
o0.a0 = o1
o1.a0 = o0
weakref.finalize(o0, _g.called, 0)
o2 = C0(2)
weakref.finalize(o2, _g.called, 1)
_g.at_exit(1)
del o0
del o1  # cyclic garbage: o0 o1
_g.shutdown((0, 1), 2)
gc.enable()
gc.collect()
_g.expect(fired={0: 20, 1: 20}, called={0: 20}, alive="o2=2 C=1 2:i0/-,-,-,-")
_g.teardown(globals(), fired={2: 25}, called={1: 25})
