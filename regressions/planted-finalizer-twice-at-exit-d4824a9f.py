# gcfuzz regression planted-finalizer-twice-at-exit-d4824a9f: found by libFuzzer in a libpython with scripts/patches/finalizer-runs-again-at-exit.patch (while the interpreter ends, the collector finalizes again what it already finalized: the resurrected o0's __del__ runs a second time in Py_FinalizeEx, G2 at exit); passes on a correct interpreter.
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
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
o0 = C0(0)
del o0  # freed: o0
_g.shutdown((), 0)
_g.teardown(globals(), fired={0: 12})
# gcfuzz-signature: G2 instance+resurrect
# recorded from /tmp/s10/mut2/finalizer-runs-again-at-exit/artifacts/crash-8bfa89d3c633cc037a8bf2d63ae2fac8a057f2de with CPython 3.11.2 (main, Dec  6 2026, 11:02:53) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: finalizer-runs-again-at-exit
