# gcfuzz regression libfuzzer-beside-collect-while-disabled-6795a47e: found by 36 min of libFuzzer in threads mode on pyenv's 3.13.0 (seed 197), a model error, fixed: a THREAD beside a collecting thread ran gc.collect() there although the program had turned the collector off (gc.disable()), so with gc.DEBUG_SAVEALL set that collection saved cyclic garbage o1, which holds o0, into gc.garbage where the model expected nothing collected; o0 stayed reachable and was never finalized (G1, on 3.10, 3.13, 3.13t, 3.14, 3.15; not 3.11, 3.12, where the other thread came too late). The collecting thread now collects only while the collector is enabled, as an automatic collection would.
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
_g.deaths_are("0:i0/i0,-,-,- 1:i0/-,i0,-,i1 3:i0/-,-,-,i3 4:i0/i4,-,-,- 5:i0/i0,i5,-,i5 6:i0/i6,-,-,- 7:i0/-,-,-,i7 8:i0/i8,-,-,-")
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
_g.shutdown((), 0)
o1 = C0(1)
o2 = [None] * 4
o2[0] = o0
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 o2=2 C=1 0:i0/-,-,-,- 1:i0/-,-,-,- 2:l/i0,-,-,-")
o0.a0 = o2
o1.a1 = o0
o1.a3 = o1
del o1  # cyclic garbage: o1
o3 = C0(3)
o2[0] = o2
def _t():
    global o2
    del o2
_g.beside(_t, 'collect')
o3.a3 = o3
del o3  # cyclic garbage: o3
o4 = C0(4)
o4.a0 = o4
o5 = C0(5)
del o4  # cyclic garbage: o4
o5.a0 = o5
o5.a1 = o5
o0.a0 = o5  # cyclic garbage: o2
o5.a0 = o0
o0.a0 = o0
del o0
o5.a3 = o5
del o5  # cyclic garbage: o0 o5
o6 = C0(6)
o6.a0 = o6
o7 = C0(7)
del o6  # cyclic garbage: o6
o7.a3 = o7
_g.debug(gc.DEBUG_STATS)
o8 = C0(8)
o8.a0 = o8
gc.collect()
_g.expect(fired={0: 41, 1: 21, 3: 29, 4: 33, 5: 41, 6: 45}, alive="o7=7 o8=8 C=1 7:i0/-,-,-,i7 8:i0/i8,-,-,-")
del o8  # cyclic garbage: o8
del o7  # cyclic garbage: o7
class C1:
    __init__ = _init
class C2:
    __init__ = _init
    __del__ = _record
_g.teardown(globals(), fired={7: 53, 8: 52})
# gcfuzz-signature: G1 instance
# recorded from /tmp/camp-313/libfuzzer/artifacts/crash-6795a47eff4a43e19bdb013f5ca475f575e27185 with CPython 3.13.0 (pyenv), harness of 32e1870
