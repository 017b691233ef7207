# gcfuzz regression planted-brc-merge-7cb4181a: found by libFuzzer in a free-threaded 3.13 libpython with scripts/patches/brc-merge-keeps-the-queue-reference.patch (merging an object's reference counts keeps the queue's reference: o0, made on the main thread, whose last reference a THREAD drops on a thread of its own, is queued to the main thread and never freed, so its __del__ never runs: G1); passes on a correct interpreter.
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
        _g.on_thread(lambda: self._id)
o0 = C0(0)
def _t():
    global o0
    del o0  # freed: o0
_g.on_thread(_t)
_g.teardown(globals(), fired={0: 14})
# gcfuzz-signature: G1 instance+thread
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: brc-merge-keeps-the-queue-reference
