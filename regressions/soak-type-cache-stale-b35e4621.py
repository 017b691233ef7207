# gcfuzz regression soak-type-cache-stale-b35e4621: the type attribute cache bug of regressions/soak-type-cache-stale-27853a9c.py (gh-118492), met through a list-instance by the same 3.11.2 soak (seed 1404).
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
_g.deaths_are("0:L0/-,-,-,-/c3=L1 1:L0/-,-,-,-/c3=-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0(list):
    def __init__(self, i):
        self._id = i
        self.extend((None,) * 4)
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.sees(self, 3)
o0 = C0(0)
o0.__class__.c3 = C0(1)
del o0  # freed: o0
del C0.c3  # freed: o1
_g.teardown(globals(), fired={0: 15, 1: 16})
# gcfuzz-signature: G8 list-instance+check
# recorded from soak-failures/soak-334743.bin with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-open: 3.10-3.12: the same bug as regressions/soak-type-cache-stale-27853a9c.py (gh-118492): a finalizer run by deleting or replacing a class attribute finds the old value through the type attribute cache, here on a list-instance.
