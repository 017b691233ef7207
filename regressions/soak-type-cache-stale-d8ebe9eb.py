# gcfuzz regression soak-type-cache-stale-d8ebe9eb: the type attribute cache bug of regressions/soak-type-cache-stale-27853a9c.py (gh-118492), met through a dict-instance by the same 3.11.2 soak (seed 1404).
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
_g.deaths_are("0:D0/-,-,-,-/c2=D1 1:D0/-,-,-,-/c2=D2 2:D0/-,-,-,-/c2=D2")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0(dict):
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.sees(self, 2)
o0 = C0(0)
o0.__class__.c2 = C0(1)
del o0  # freed: o0
o2 = C0(2)
C0.c2 = o2  # freed: o1
_g.teardown(globals(), fired={0: 13, 1: 15, 2: 16})
# gcfuzz-signature: G8 dict-instance+check
# recorded from soak-failures/soak-164830.bin with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-layout: 3.12: whether the stale entry is found depends on where the attribute's name lies in memory (3.12's type cache hashes its address), so on address-space randomization: the harness on 3.12 (pyenv's 3.12.1) reproduced it in 25 of 35 runs, in 10 of 10 with randomization off (setarch -R, one layout), and not in the CI rehearsal of 4317eb2; the py3.12 lane does not replay it natively; tests/confirm/type-cache-stale-del.py is the open test
# gcfuzz-open: 3.10-3.12: the same bug as regressions/soak-type-cache-stale-27853a9c.py (gh-118492): a finalizer run by deleting or replacing a class attribute finds the old value through the type attribute cache, here on a dict-instance.
