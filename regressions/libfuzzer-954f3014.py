# gcfuzz regression libfuzzer-954f3014: G12 the interpreter crashed: Segmentation fault (signal 11) in visit_reachable < subtype_traverse < gc_collect_main
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
_g.deaths_are("0:i0/i3,-,-,- 1:i0/i4,-,-,- 2:i0/-,-,-,- 3:i0/i0,-,-,- 4:i0/i1,-,-,- 5:i0/-,-,-,-")
gc.collect(0)
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __slots__ = ('_id', '__dict__', '__weakref__')
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        del self.a0
o0 = C0(0)
o1 = C0(1)
o0.__class__.c1 = C0(2)
o3 = C0(3)
o4 = C0(4)
o3.a0 = o0
o0.a0 = o3
o4.a0 = o1
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 o3=3 o4=4 C=1 C0.c1=2 @0.c1=2 @1.c1=2 @2.c1=2 @3.c1=2 @4.c1=2 0:i0/i3,-,-,- 1:i0/-,-,-,- 2:i0/-,-,-,- 3:i0/i0,-,-,- 4:i0/i1,-,-,-")
o1.a0 = o4
o5 = C0(5)
gc.set_threshold(1)
_g.teardown(globals(), fired={0: 26, 1: 26, 2: 26, 3: 26, 4: 26, 5: 26}, unraisable=2)
# gcfuzz-signature: G12 crash SEGV in visit_reachable < subtype_traverse < gc_collect_main
# recorded from /tmp/sound-3.12-s41/artifacts/crash-e8431af08cfcc1b9b57b3637390d77b7b5b2d2ab with CPython 3.12.1 (main, May  9 2026, 07:36:11) [GCC 12.2.0]
# gcfuzz-open: 3.12: the same 3.12 bug as regressions/libfuzzer-1c1357c6.py (a collection run nested inside gc.collect() from a finalizer, because _Py_RunGC neither checks nor restores gcstate->collecting), met at another site: here the nested collection traverses an object the outer one is finalizing (segfault in visit_reachable). Crashes the harness on pyenv 3.12.1 (not the plain script, as for 1c1357c6); not 3.10.13, 3.11, 3.13.0. Found by the 3.12.1 soundness campaign (seed 41).
