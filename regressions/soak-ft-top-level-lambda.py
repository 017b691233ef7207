# gcfuzz regression soak-ft-top-level-lambda: a model error found by the 100,000-program soak on CPython 3.13.15t (seed 1301): G7 NameError, because the model expected 'del o2' to free the lambda (and so o1 and o0, whose finalizer rebinds o1) at once; a top-level function has deferred reference counts in free-threaded builds and waits for the collector
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
_g.deaths_are("0:i0/-,-,-,-")
gc.enable()
gc.collect()
_g.expect(fired={}, alive="C=0")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
def _mk0():
    class C0:
        __init__ = _init
        def __del__(self, _fired=_g.fired, _g=_g):
            _fired(self)
            globals().pop('o1', None)
    return C0
C0 = _mk0()
o0 = C0(0)
o1 = (o0, o0, None, None)
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 C=1 0:i0/-,-,-,- 1:t/i0,i0,-,-")
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 C=1 0:i0/-,-,-,- 1:t/i0,i0,-,-")
del o0
del C0
gc.collect()
_g.expect(fired={}, alive="o1=1 C=1 C0=- 0:i0/-,-,-,- 1:t/i0,i0,-,-")
o2 = lambda _a=o1, _b=o1: 0
gc.enable()
gc.collect()
_g.expect(fired={}, alive="o1=1 o2=2 C=1 C0=- 0:i0/-,-,-,- 1:t/i0,i0,-,- 2:c3/t1,t1,-,-")
del o1
del o2  # cyclic garbage: o0 o1 o2
o3 = weakref.WeakSet()
_g.teardown(globals(), fired={0: 32})
# recorded from /tmp/soak-out-3.13t/soak-3544.bin (gcfuzz-soak --programs 100000 --seed 1301, program 3544) with CPython 3.13.15 experimental free-threading build, from Debian's source package
