# One statement (del o2) finalizes o0, which stashes itself into whatever name o3 holds, and o1, which binds o3 to itself, in an order CPython leaves open: if o1's finalizer runs first, o0 ends up in o1.a3. The model opened o0's body before o1's and so never allowed o1.a3 to be written (G7 'o3.a3 holds something the program removed' under Debian 3.11.2, 3.12.1 and 3.13.0 alike: a harness error). Every body of such a group is now opened after every other.
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
_g.deaths_are("0:i1/-,-,-,- 1:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['o3'] = self
def _mk1():
    class C1:
        __init__ = _init
        def __del__(self, _fired=_g.fired, _g=_g):
            _fired(self)
            _g.stash(globals().get('o3'), self)
    return C1
C1 = _mk1()
o0 = C1(0)
o1 = C0(1)
o2 = _g.cell2(o0, o1)
del o0
del o1
del o2  # freed: o0 o1 o2
gc.collect()
_g.expect(fired={0: 24, 1: 24}, prompt=(0, 1), alive="o3=1|- C=2 0:i1/-,-,-,- 1:i0/-,-,-,?")
_g.teardown(globals(), fired={})
# recorded from a libFuzzer artifact (libFuzzer on Debian's 3.11.2, 2026-12-02), reduced 34 -> 9 operations with gcfuzz-reduce
