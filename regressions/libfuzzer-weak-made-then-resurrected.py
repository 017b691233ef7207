# One statement (del o0) finalizes o0, whose finalizer binds w0 to a weak reference to o1 (what o0.a0 holds), and then o1, whose finalizer puts w0() into r1: o1 resurrects itself, and o3, which it holds, is never freed. The model read w0 as it was before the statement (unbound), so it expected o3 finalized (G1 'o3 not finalized' under Debian 3.11.2, 3.10.13, 3.12.1 and 3.13.0 alike: a harness error). What a finalizer's weak reference gives is now read after every finalizer of the statement may have run.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i1/i3,-,-,- 2:i0/-,-,-,- 3:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['w%d' % self._id] = _g.weak(self, 0)
class C1:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = _g.call(globals().get('w0'))
o0 = C0(0)
o1 = C1(1)
o2 = C0(2)
o3 = C0(3)
o1.a0 = o3
o0.a0 = o1
del o1
del o3
del o0  # freed: o0 o1
gc.collect()
_g.expect(fired={0: 24, 1: 24}, may={3: 24}, prompt=(0, 1), alive="o2=2 r1=1|- C=2 1:i1/i3,-,-,- 2:i0/-,-,-,- 3:i0/-,-,-,-")
_g.teardown(globals(), fired={2: 27, 3: 24})
# recorded from /tmp/sound-3.11-s12/artifacts/crash-78444f0b (libFuzzer on Debian's 3.11.2, 2026-12-03, 35 minutes into a run from the seeds), reduced 12 operations with gcfuzz-record
