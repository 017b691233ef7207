# gcfuzz oracle self-test, must fail with G1: the thread started for a gc.collect() returns without running it: the cycle it must collect is not.
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
_g.deaths_are("0:i0/i1,-,-,- 1:i0/i0,-,-,- 2:i0/w,-,-,- 4:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
def _t():
    global o0, C0
    o0 = C0(0)
_g.on_thread(_t)
o1 = C0(1)
def _t():
    global o0, o1
    o0.a0 = o1
_g.on_thread(_t)
o1.a0 = o0
o2 = C0(2)
def _t():
    global o2, o0
    o2.a0 = weakref.ref(o0, lambda r, _c=_g.called: _c(0))
_g.on_thread(_t)
def _t():
    global o3, o2
    o3 = _g.advance(_g.gen(o2, 3), 1)
_g.on_thread(_t)
o4 = C0(4)
def _t():
    global o4
    del o4  # freed: o4
_g.on_thread(_t)
def _t():
    global o2
    del o2
_g.on_thread(_t)
del o0
def _t():
    global o1
    del o1  # cyclic garbage: o0 o1
_g.on_thread(_t)
def _t():
    pass
_g.on_thread(_t)
_g.expect(fired={0: 40, 1: 40, 4: 31}, called={0: 40}, prompt=(4,), alive="o3=3 C=1 2:i0/w-,-,-,- 3:g/-")
del o3  # freed: o2 o3
gc.collect()
_g.expect(fired={2: 46}, closed={3: 46}, prompt=(2,), alive="C=1")
_g.teardown(globals(), fired={})
