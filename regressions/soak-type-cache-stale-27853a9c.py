# gcfuzz regression soak-type-cache-stale-27853a9c: found by a 3.11.2 soak (`gcfuzz-soak --programs 414117 --seed 1404`) once the recorder looked attributes up by interned names, as Python code does; CPython 3.10-3.12: during `del C0.c1` the finalizer of the value being deleted still finds it through the instance (the type attribute cache), gh-118492.
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
_g.deaths_are("0:i0/-,-,-,-/c1=- 1:i0/-,-,-,-/c1=-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        _g.sees(self, 1)
o0 = C0(0)
o0.__class__.c1 = C0(1)
gc.collect()
_g.expect(fired={}, alive="o0=0 C=1 C0.c1=1 @0.c1=1 @1.c1=1 0:i0/-,-,-,- 1:i0/-,-,-,-")
del C0.c1  # freed: o1
_g.teardown(globals(), fired={0: 16, 1: 15})
# gcfuzz-signature: G8 instance+check
# recorded from soak-failures/soak-2498.bin with CPython 3.11.2 (main, Oct  7 2026, 12:35:07) [GCC 12.2.0]
# gcfuzz-open: 3.10-3.12: type_setattro (Objects/typeobject.c) removes the attribute from the type's dict, which runs the old value's finalizer, before PyType_Modified invalidates the type attribute cache: a lookup of that name in the finalizer (self.c1) returns the value being deleted, which no class in the MRO has any more (G8). Seen on pyenv 3.10.13, 3.11.7, 3.12.1 and Debian's 3.11.2; 3.13.0, 3.14.10 and 3.15.2 find nothing. Known: gh-118492 (open, 'Type cache can expose previous values during finalization of an object'). tests/confirm/type-cache-stale-del.py is the plain-Python case. The rendered script's fallback recorder looks the name up as a new string, which misses the cache, so only the native recorder sees it.
