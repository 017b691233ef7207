# gcfuzz regression libfuzzer-resurrected-subclass-44601bc7: found by 1 h of libFuzzer on Debian's 3.11.2 (seed 33, 2026-12-04); CPython 3.10-3.14: a class that was cyclic garbage and is resurrected by a finalizer has lost its entry in its base's __subclasses__(), so a later store to the base's attribute no longer invalidates its type attribute cache: its instances keep finding the old value (G8). gh-135552, fixed in 3.15 only.
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
_g.deaths_are("0:i2/i0,-,-,- 1:i0/-,-,-,- 2:i0/-,-,-,- 3:i0/-,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        globals()['r%d' % self._id] = self
class C1:
    __init__ = _init
class C2(C0):
    pass
o0 = C2(0)
o0.a0 = o0
del o0  # cyclic garbage: o0
del C2
o1 = C0(1)
o1.__class__.c2 = C0(2)
gc.collect()
_g.expect(fired={0: 17}, alive="o1=1 r0=0 C=3 C0.c2=2 C2=- @0.c2=2 @1.c2=2 @2.c2=2 0:i2/i0,-,-,- 1:i0/-,-,-,- 2:i0/-,-,-,-")
o1.__class__.c2 = C0(3)  # freed: o2
gc.collect()
_g.expect(fired={2: 23}, prompt=(2,), alive="o1=1 r0=0 r2=2 C=3 C0.c2=3 C2=- @0.c2=3 @1.c2=3 @2.c2=3 @3.c2=3 0:i2/i0,-,-,- 1:i0/-,-,-,- 2:i0/-,-,-,- 3:i0/-,-,-,-")
_g.teardown(globals(), fired={1: 26, 3: 26})
# gcfuzz-signature: G8 instance+resurrect
# recorded from /tmp/c3-3.11/artifacts/crash-50195c1fa4138097cb46a709a56f6b45170178e2 with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-open: 3.10-3.14: the collector clears the weak references to cyclic garbage before its finalizers run, including the one in C0's tp_subclasses to C2; o0's finalizer resurrects o0 and C2, and PyType_Modified(C0) (C0.c2 = ...) then no longer reaches C2, whose cached lookup of c2 stays valid: o0.c2 keeps giving the replaced value. Fails in the harness on 3.10.13, 3.11.2, 3.12.1, 3.13.0, 3.13.15, 3.13.15t, 3.14.10 and 3.14.10d; passes on 3.15.2 (PR gh-136189 clears such weak references after the finalizers). Known: gh-135552 (closed; the fix is in 3.15 only). tests/confirm/resurrected-subclass-stale-cache.py is the plain-Python case; the rendered script's fallback recorder looks names up as new strings, which miss the cache, so it passes under a plain python.
