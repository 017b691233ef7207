# gcfuzz oracle self-test, must fail with G10: closing a generator suspended in yield from an iterator never calls that iterator's close().
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
_g.deaths_are("0:i0/g1,g2,g3,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = _g.advance(_g.gen_with(o0, 1), 1)
o0.a0 = o1
o2 = _g.advance(_g.gen_delegating(o0, 2), 1); type(o2.gi_yieldfrom).close = lambda self: None
o0.a1 = o2
o3 = _g.advance(_g.gen_ignoring(o0, 3, 1), 1)
o0.a2 = o3
del o0
del o1
del o2
del o3  # cyclic garbage: o0 o1 o2 o3
gc.collect()
_g.expect(fired={0: 19}, closed={1: 19, 2: 19, 3: 19}, alive="C=1")
_g.teardown(globals(), fired={})
