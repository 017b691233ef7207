# gcfuzz regression planted-gc-callback-phases-e9b6a008: found by libFuzzer in a libpython with scripts/patches/gc-callbacks-miss-stop-of-young-collections.patch (a collection of the youngest generation never calls the gc.callbacks entries with 'stop', so the program's entry sees the teardown's collection start first, G15); passes on a correct interpreter.
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
_g.on_gc('phases', 0)
gc.collect(0)
_g.teardown(globals(), fired={})
# gcfuzz-signature: G15
# recorded from /tmp/s11/mut-g15b/gc-callbacks-miss-stop-of-young-collections/artifacts/crash-9f22015b9ea940c7364248ef773ff0aaf0660f9f with CPython 3.11.2 (main, Dec  6 2026, 15:38:53) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: gc-callbacks-miss-stop-of-young-collections
