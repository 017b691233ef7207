# gcfuzz regression libfuzzer-frozen-shared-dict-744d21b7: found by 23 min of libFuzzer on Debian's 3.14.10d (seed 145), a model error, fixed: o2 takes the __dict__ that frozen o1 used when gc.freeze() ran, binds itself into it and dies; the dict is in the permanent generation, so o2 waits for gc.unfreeze(); the model had o2 collected (G1 under 3.11.2, 3.14.10 and 3.15.2).
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
_g.deaths_are("0:i0/?,-,-,- 1:i0/?,i2,-,- 2:i0/?,?,-,-")
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
o1.__dict__ = o0.__dict__
del o0  # freed: o0
o1.a1 = o1
gc.freeze()
o2 = C0(2)
o2.__dict__ = o1.__dict__
o1.a1 = o2
del o1  # freed: o1
del o2
gc.collect()
_g.expect(fired={0: 15, 1: 21}, may={2: 22}, unraisable=(2, 3), prompt=(0, 1), alive="C=1 2:i0/?,i2,-,-")
gc.unfreeze()
_g.teardown(globals(), fired={2: 22})
# gcfuzz-signature: G1 instance+unlink
# recorded from /tmp/c2-3.14d/artifacts/crash-013ddc6458cba9c7337d1297fcddd5a3bfb3f1ad with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
