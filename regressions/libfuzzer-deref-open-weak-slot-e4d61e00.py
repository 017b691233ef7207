# gcfuzz regression libfuzzer-deref-open-weak-slot-e4d61e00: found by 59 min of libFuzzer in threads mode on pyenv's 3.13.0 (seed 197), a model error, fixed: o1.a3 held a weak reference to o1 itself, then a finalizer that may stash (o0's, open) made the slot open, and the model forgot the weak reference's referent; o1's finalizer dereferences slot 3 at its death and gets o1 itself (resurrecting it), where the model allowed only o0 or None (G7 'r1 is not o0' on every version). A dereferencing body of an open slot may now get any object not freed.
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
_g.deaths_are("0:i0/?,?,?,? 1:i1/w,w,w,? 2:i0/?,?,?,?")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.stash(globals().get('o1'), self)
gc.set_threshold(5)
gc.collect()
_g.expect(fired={}, alive="C=1")
gc.collect()
_g.expect(fired={}, alive="C=1")
gc.collect()
_g.expect(fired={}, alive="C=1")
class C1:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = _g.deref(self, 3)
class C2:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = _g.deref(self, 0)
gc.collect()
_g.expect(fired={}, alive="C=3")
o0 = C0(0)
class C3:
    __init__ = _init
o1 = C1(1)
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 C=4 0:i0/-,-,-,- 1:i1/-,-,-,-")
o0.a0 = o0
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 C=4 0:i0/i0,-,-,- 1:i1/-,-,-,-")
del o0  # cyclic garbage: o0
o2 = C0(2)
o1.a3 = o1
gc.collect()
_g.expect(fired={}, may={0: 39}, alive="o1=1 o2=2 C=4 0:i0/i0,-,-,- 1:i1/-,-,-,? 2:i0/-,-,-,-")
o1.a1 = weakref.ref(o1, lambda r, _c=_g.called: _c(0, 1))
o1.a2 = weakref.ref(o1, lambda r, _c=_g.called: (_c(1), gc.collect()))
o1.a3 = weakref.ref(o1)
o1.a0 = weakref.ref(o1, lambda r, _c=_g.called: _c(2))
del o1  # freed: o1
o3 = weakref.WeakSet()
gc.collect()
_g.expect(fired={1: 48}, maybe=(0, 1, 2,), prompt=(1,), alive="o2=2 o3=3 r1=0|1|2|- C=4 0:i0/i0,-,-,- 1:i1/w?,w?,w?,? 2:i0/-,-,-,- 3:S/-,-,-,-")
gc.collect()
_g.expect(fired={}, alive="o2=2 o3=3 r1=0|1|2|- C=4 0:i0/i0,-,-,- 1:i1/w?,w?,w?,? 2:i0/-,-,-,- 3:S/-,-,-,-")
_g.teardown(globals(), fired={0: 39, 2: 54})
# gcfuzz-signature: G7 instance
# recorded from /tmp/camp-313/artifacts/crash-e4d61e007d98ae5132cb3243e713167a307abec5 with CPython 3.13.0 (pyenv), harness of 32e1870
