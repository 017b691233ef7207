# gcfuzz oracle self-test, must fail with G13: gc.isenabled() says False after the program's gc.enable().
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
gc.disable()
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
_g.reads('gc.isenabled()', gc.isenabled(), False)
_g.reads('gc.get_debug()', gc.get_debug(), 0)
gc.get_count()
gc.get_stats()
len(gc.get_objects(0))
len(gc.get_objects(2))
gc.get_threshold()
gc.get_freeze_count()
gc.enable(); gc.disable()
_g.reads('gc.isenabled()', gc.isenabled(), True)
gc.collect()
_g.expect(fired={}, alive="o0=0 C=1 0:i0/-,-,-,-")
_g.teardown(globals(), fired={0: 23})
