# gcfuzz regression planted-atexit-order-ea6c0abc: found by libFuzzer in a libpython with scripts/patches/atexit-handlers-run-first-registered-first.patch (the atexit handlers run first registered first, so the interpreter's end, in shutdown()'s child, runs the program's two handlers in the wrong order, G14 at exit); passes on a correct interpreter.
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
_g.at_exit(0)
_g.at_exit(1)
_g.shutdown((), 2)
_g.teardown(globals(), fired={})
# gcfuzz-signature: G14
# recorded from /tmp/s11/mut-atexit/atexit-handlers-run-first-registered-first/artifacts/crash-664076243c16ab431926d4949e291f7ee3fb652c with CPython 3.11.2 (main, Dec  6 2026, 15:47:00) [GCC 12.2.0]
# gcfuzz-fails: 5 of 5 fresh processes (gcfuzz-replay --fork) when recorded
# gcfuzz-planted: atexit-handlers-run-first-registered-first
