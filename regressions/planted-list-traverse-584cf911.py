# gcfuzz regression planted-list-traverse-584cf911: found by libFuzzer in a libpython with scripts/patches/list-traverse-skips-first-item.patch (a cycle through a list's item 0 is never collected: G1 o0 not finalized); passes on a correct interpreter.
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
_g.deaths_are("0:i0/l1,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = [None] * 4
o0.a0 = o1
o1[0] = o0
_g.teardown(globals(), fired={0: 13})
# gcfuzz-signature: G1 instance+del
# recorded from tests/planted/list-item-0-cycle.bin with CPython 3.11.2 (main, Nov 24 2026, 22:42:41) [GCC 12.2.0]
# gcfuzz-planted: list-traverse-skips-first-item
