# gcfuzz oracle self-test, must fail with G1: 999 links of a chain stay alive, hidden, after the program ends.
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
_g.deaths_are("0:i0/-,-,-,- 2:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = _g.deep(o0, 8, 1)
del o0
gc.collect()
_g.expect(fired={}, alive="o1=1 C=1 0:i0/-,-,-,- 1:h8/i0,-,-,-")
del o1  # freed: o0 o1
o2 = C0(2)
o3 = _g.deep(o2, 7, 3)
gc.collect()
_g.expect(fired={0: 14}, prompt=(0,), alive="o2=2 o3=3 C=1 2:i0/-,-,-,- 3:h7/i2,-,-,-")
exec('_hidden = o3.next; o3.next = o2\n_l = _hidden\nwhile type(_l.next) is type(o3): _l = _l.next\n_l.next = None'); del o2
del o3  # freed: o2 o3
gc.collect()
_g.expect(fired={2: 20}, prompt=(2,), alive="C=1")
_g.teardown(globals(), fired={})
