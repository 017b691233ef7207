# gcfuzz regression libfuzzer-legacy-freed-in-collection-97024b25: found by 50 min of libFuzzer on CPython 3.13.5 from trixie's source (seed 213), a harness error, fixed: at the teardown o6 (legacy, in gc.garbage) keeps C0 and all its class attribute reaches; freeing it by hand releases o3, and the next collection sets aside legacy o0 with o1 (its garbage reaches them), then frees o0 by reference counting as it clears o3 (delete_garbage runs before handle_legacy_finalizers), which leaves o1's cycle as garbage; the teardown stopped there, o1 unfinalized (G1 under 3.11.2, 3.13.5, 3.14.10, 3.15.2). It now collects again after any collection that set garbage aside (helpers.py's free_legacy).
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
_g.deaths_are("1:i1/i1,-,-,- 3:i1/i3,i0,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
@_g.legacy
class C0:
    __init__ = _init
o0 = C0(0)
class C1:
    __init__ = _init
    __del__ = _record
o1 = C1(1)
o2 = C0(2)
o0.a0 = o1
o3 = C1(3)
o3.a0 = o3
o3.a1 = o0
o1.a0 = o1
o4 = (o0, o0, None, None)
o5 = C0(5)
o6 = C0(6)
C0.c0 = o3
o6.a0 = o6
del o6  # cyclic garbage: o6
gc.collect()
_g.expect(fired={}, alive="o0=0 o1=1 o2=2 o3=3 o4=4 o5=5 C=2 C0.c0=3 @0.c0=3 @1.c0=- @2.c0=3 @3.c0=- @5.c0=3 @6.c0=3 0:i0/i1,-,-,- 1:i1/i1,-,-,- 2:i0/-,-,-,- 3:i1/i3,i0,-,- 4:t/i0,i0,-,- 5:i0/-,-,-,- 6:i0/i6,-,-,-")
_g.saved(6)
_g.teardown(globals(), fired={1: 29, 3: 29})
# gcfuzz-signature: G1 instance+del
# recorded from /tmp/s11/c313gil/libfuzzer/artifacts/crash-453912908b2a04dae32186edb6c56ae43a4c98bf with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
