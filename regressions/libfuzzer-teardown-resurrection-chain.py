# A chain of ten objects, each resurrected into a program name by its finalizer when the one after it goes: the teardown needs a round per link (the harness stopped after 8 rounds and reported o0 unfinalized, under every CPython: a harness error, not the interpreter's).
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
_g.deaths_are("0:i1/?,?,?,? 1:T0/?,?,?,? 2:T0/?,?,?,? 3:T0/?,?,?,? 4:T0/?,?,?,? 5:T0/?,?,?,? 6:i1/?,?,?,? 7:T0/?,?,?,? 8:T0/?,?,?,? 9:T0/?,?,?,? 10:T0/?,?,?,?")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0(tuple):
    __slots__ = ()
    _id = property(lambda s: s[4])
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['o0'] = self
def _mk1():
    class C1:
        __init__ = _init
        def __del__(self, _fired=_g.fired, _g=_g):
            _fired(self)
            _g.stash(globals().get('o3'), self)
    return C1
C1 = _mk1()
o0 = C1(0)
o1 = C0((o0, o0, None, None, 1))
o2 = C0((o1, o1, None, None, 2))
o3 = C0((o2, o2, None, None, 3))
o4 = C0((o3, o3, None, None, 4))
o5 = C0((o3, o3, None, None, 5))
o5.__class__.c3 = C1(6)
o7 = C0((o5, o5, None, None, 7))
o8 = C0((o7, o7, None, None, 8))
o9 = C0((o8, o8, None, None, 9))
o10 = C0((o9, o9, None, None, 10))
_g.teardown(globals(), fired={0: 31, 1: 31, 2: 31, 3: 31, 4: 31, 5: 31, 6: 31, 7: 31, 8: 31, 9: 31, 10: 31})
# recorded from /tmp/camp-3.11/artifacts/crash-4e3735b1 (libFuzzer on Debian's 3.11.2, 2026-12-02), reduced with gcfuzz-reduce
