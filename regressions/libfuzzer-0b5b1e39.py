# gcfuzz regression libfuzzer-0b5b1e39: G12 the interpreter crashed: Segmentation fault (signal 11) in PyObject_GC_UnTrack < weakref_dealloc < frame_dealloc
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
_g.deaths_are("")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
o0 = {}
o1 = _g.advance(_g.gen(o0, 1), 2)
C0.c0 = o0
o0['k3'] = weakref.ref(o1, lambda r, _c=_g.called: (_c(0), _g.clear(globals().get('o3'))))
gc.set_threshold(5)
_g.teardown(globals(), fired={}, maybe=(0,), closed={1: 9})
# gcfuzz-signature: G12 crash SEGV in PyObject_GC_UnTrack < weakref_dealloc < frame_dealloc
# recorded from /tmp/camp-3.10/artifacts/crash-59ca3aef0fc0bdf4c832b1286b12a3d2fb1a24a7 with CPython 3.10.13 (main, May  9 2026, 07:34:36) [GCC 12.2.0]
# gcfuzz-layout: 3.10: the 3.10 bug below crashes the harness in some heap layouts and not in others (it did not from 2026-12-02 to 2026-12-04, it does again since the recorder gained debug()/saved() in fe949a6): the py3.10 lane does not replay it natively; tests/confirm/weakref-callback-arg-3.10.py is the open test
# gcfuzz-note: not an open regression any more, because the harness reproduced it only in some heap layouts (with pyenv's shims first on PATH, before the harness fixed its sys.path to its own python): tests/confirm/weakref-callback-arg-3.10.py is the open test, and crashes plain python3.10 every time. The bug: use after free of a weakref whose callback runs while an automatic collection frees the weakref's only holder (a dict held by a dying class, cyclic garbage); crashes pyenv 3.10.13 (segfault in weakref_dealloc, or later in the collector), not Debian's 3.11.2 (clean under ASan too), 3.12.1 or 3.13.0. It needs the callback and collections at threshold 1 (without the callback, or at threshold 1000, it runs cleanly). Likely cause, not yet traced: handle_callback (Objects/weakrefobject.c) passes the weakref to the callback borrowed, and 3.10 allocates the callee's frame object, which can start the collection, before the frame holds it. tests/confirm/weakref-callback-arg-3.10.py is the plain-Python case. Not found in CPython's tracker (searched 2026-12-02); 3.10 reached end of life in October 2026.
