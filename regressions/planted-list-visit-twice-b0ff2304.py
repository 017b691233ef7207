# gcfuzz regression planted-list-visit-twice-b0ff2304: found by libFuzzer in a libpython with scripts/patches/list-traverse-visits-first-item-twice.patch (the collector undercounts a list's outside references and clears it while it is still reachable: G7); passes on a correct interpreter.
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
gc.collect()
_g.expect(fired={}, alive="C=0")
o0 = [None] * 4
o0[0] = o0
gc.collect(0)
gc.collect()
_g.expect(fired={}, alive="o0=0 C=0 0:l/l0,-,-,-")
_g.teardown(globals(), fired={})
# gcfuzz-signature: G7 list
# recorded from /tmp/v2/a/crash-100e903b42a8968dd96ce8e7dacca49222f0dc6c with CPython 3.11.2 (main, Nov 24 2026, 23:12:22) [GCC 12.2.0]
# gcfuzz-planted: list-traverse-visits-first-item-twice
