# gcfuzz regression planted-finalizer-exception-32a8588a: found by libFuzzer in a libpython with scripts/patches/finalizer-exception-dropped.patch (the exception a __del__ raises is dropped, never passed to sys.unraisablehook: o0's finalizer deletes a class attribute that is not there, and its AttributeError never arrives, G11); passes on a correct interpreter.
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
        del self.__class__.c0
o0 = C0(0)
_g.teardown(globals(), fired={0: 12}, unraisable=1)
# gcfuzz-signature: G11
# recorded from /tmp/s11/mut-g11/finalizer-exception-dropped/artifacts/crash-ccb8dc4e101911ce1516bfb5a2c531118fd8e429 with CPython 3.11.2 (main, Dec  6 2026, 16:02:58) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: finalizer-exception-dropped
