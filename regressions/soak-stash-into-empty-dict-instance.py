# A finalizer stashes itself into an empty instance of a dict subclass: the helper set an attribute a3 there (its fallback for program instances), which the model does not follow, so a later del self.a3 did not raise as predicted (G11 under every CPython: a harness error). An empty dict, subclass or not, gets nothing.
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
_g.deaths_are("0:D0/-,-,-,? 1:D0/-,-,-,- 2:L2/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0(dict):
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        del self.a3
o0 = C0(0)
o0.__class__.c3 = C0(1)
class C1(list):
    def __init__(self, i):
        self._id = i
        self.extend((None,) * 4)
    __del__ = _record
class C2(C1):
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.stash(globals().get('o2'), self)
o2 = C2(2)
o2 = o0  # freed: o2
_g.teardown(globals(), fired={0: 24, 1: 24, 2: 23}, unraisable=2)
# recorded from /tmp/soak-rel/soak-771511.bin (gcfuzz-soak --programs 1000000 --seed 1202 on Debian's 3.11.2, 2026-12-02), reduced with gcfuzz-reduce
