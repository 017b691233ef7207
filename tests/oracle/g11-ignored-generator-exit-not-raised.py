# gcfuzz oracle self-test, must fail with G11: a dying generator that ignored GeneratorExit is closed without close() raising RuntimeError (its __exit__ records as gen_ignoring's finally does, then lets GeneratorExit through).
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
    __del__ = _record
o0 = C0(0)
o1 = _g.advance(_g.gen_with(o0, 1, 1), 1)
o2 = _g.advance(_g.gen_with(o0, 2, 2), 1)
o3 = _g.advance(_g.gen_delegating(o0, 3, 1), 1)
o4 = _g.advance(_g.gen_with(o0, 4), 2)
o5 = _g.advance(_g.gen_delegating(o0, 5), 2)
del o1  # freed: o1
del o2  # freed: o2
del o3  # freed: o3
gc.collect()
_g.expect(fired={}, closed={1: 15, 2: 16, 3: 17, 4: 13, 5: 14}, alive="o0=0 o4=4 o5=5 C=1 0:i0/-,-,-,- 4:g3/- 5:g5/-")
del o4  # freed: o4
del o5  # freed: o5
del o0  # freed: o0
gc.collect()
_g.expect(fired={0: 22}, prompt=(0,), alive="C=1")
_g.teardown(globals(), fired={})
