# gcfuzz regression libfuzzer-1c1357c6: found by 9 min of libFuzzer on pyenv 3.12.1; CPython 3.12 crash: a collection scheduled before gc.collect() runs nested inside it (_Py_RunGC ignores gcstate->collecting, then clears it).
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
_g.deaths_are("0:i0/i1,-,-,- 1:i0/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    def __del__(self, _fired=_g.fired, _g=_g):
        _fired(self)
        del self.a0
o0 = C0(0)
o1 = C0(1)
o0.a0 = o1
o1.a0 = o0
gc.set_threshold(1)
_g.teardown(globals(), fired={0: 16, 1: 16})
# gcfuzz-signature: G12 crash SEGV in gc_collect_main < gc_collect < cfunction_vectorcall_FASTCALL_KEYWORDS
# recorded from artifacts/crash-ae145d75477a3e37c97eac16988c493795c19160 with CPython 3.12.1 (main, May  9 2026, 07:36:11) [GCC 12.2.0]
# gcfuzz-open: 3.12: _Py_RunGC (Modules/gcmodule.c) neither checks nor restores gcstate->collecting, so a collection scheduled before gc.collect() and run from a finalizer inside it clears the flag, and the next one runs nested in finalize_garbage: a segfault in handle_resurrected_objects. Here the native recorder's teardown allocates, then calls gc.collect() from C; tests/confirm/nested-collection-3.12.py is the plain-Python case. Crashes pyenv 3.12.1; not 3.11.2 or 3.13.0. Not found in CPython's tracker (gh-116604 fixed only the gc.disable() check in _Py_RunGC).
# gcfuzz-layout: 3.12: whether the harness meets this crash depends on the allocations before the teardown's collection (collections at threshold 1 are counted in allocations): it stopped reproducing in the harness on pyenv's 3.12.1 with the short preamble and the recorder's line offset of e07872f (CI rehearsal of f44d2c8), as 954f3014 never did outside it; the py3.12 lane does not replay it natively; tests/confirm/nested-collection-3.12.py is the open test
