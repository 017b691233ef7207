# gcfuzz regression libfuzzer-resurrected-subclass-uaf-1b6069fb: found by libFuzzer (the 3.11.2 soundness campaign of 2026-12-06, seed 210, six crashes of this kind in its first hour); gh-135552 as a use after free: C1 comes back with its resurrected instance r2 but no longer in C0's __subclasses__(), so rebinding C0.c0 frees the old value while C1's type attribute cache still points to it, and reading r2.c0 (the harness's check at line 27) reads freed memory.
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
_g.deaths_are("0:i0/-,-,-,- 1:i0/i1,-,-,- 2:i1/i2,-,-,- 3:i0/-,-,-,- 4:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        __class__.c0 = self
class C1(C0):
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
o0 = C0(0)
o1 = C0(1)
o2 = C1(2)
del C1
o2.a0 = o2
o1.a0 = o1
del o1  # cyclic garbage: o1
del o2  # cyclic garbage: o2
o0.__class__.c0 = C0(3)
gc.collect()
_g.expect(fired={2: 22}, may={1: 21, 3: 23}, alive="o0=0 r2=2 C=2 C0.c0=1|3 C1=- @0.c0=1|3 @2.c0=1|3 0:i0/-,-,-,- 1:i0/i1,-,-,- 2:i1/i2,-,-,- 3:i0/-,-,-,-")
o0.__class__.c0 = C0(4)
gc.collect()
_g.expect(fired={}, may={4: 26}, alive="o0=0 r2=2 C=2 C0.c0=1|3|4 C1=- @0.c0=1|3|4 @2.c0=1|3|4 0:i0/-,-,-,- 1:i0/i1,-,-,- 2:i1/i2,-,-,- 3:i0/-,-,-,- 4:i0/-,-,-,-")
_g.teardown(globals(), fired={0: 29, 1: 21, 3: 23, 4: 26})
# gcfuzz-signature: G12 crash SEGV in cfunction_call < _PyObject_MakeTpCall < _PyEval_EvalFrameDefault
# recorded from /tmp/s11/c311/libfuzzer/artifacts/crash-342218af94522c16c34fe89045c3a795a2cddb9f with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-open: 3.10-3.14: gh-135552 (see libfuzzer-resurrected-subclass-44601bc7, the stale value it gives) ends in a use after free here: o2 (C1's only instance) and C1 are cyclic garbage, the collector clears the weak reference in C0's tp_subclasses before the finalizers, and o2's finalizer resurrects o2 and C1 (r2); C0.c0 = C0(4) then frees C0(3), already finalized, and PyType_Modified(C0) no longer reaches C1, whose cache entry for c0 still names it (a borrowed pointer). The harness's read of r2.c0 at the checkpoint segfaults on 3.10.13, 3.11.2 (release and debug), 3.12.1, 3.13.0, 3.13.5t and 3.14.10, 3 of 3 fresh processes each; passes on 3.15.2 and 3.15.2d (PR gh-136189). Known: gh-135552 (closed; fixed in 3.15 only). The plain script made by gcfuzz-repro --plain does not crash: the read is the harness's.
