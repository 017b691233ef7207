# gcfuzz-open: 3.10: use after free of a weakref whose callback runs while a collection frees its only holder
# CPython 3.10: a weakref with a callback, held only by a dict that only a dying class holds;
# its referent dies with automatic collection at threshold 1.  Crashes (here in the collector at
# shutdown); not without the callback, nor at threshold 1000, nor on 3.11+.  Likely cause, not
# yet traced: handle_callback() (Objects/weakrefobject.c) passes the weakref borrowed, and 3.10
# allocates the callee's frame object, which can run the collector, before the frame holds it.
# Plain Python, no gcfuzz: found by gcfuzz (regressions/libfuzzer-0b5b1e39.py).
import gc, weakref
def gen():
    yield 1
gc.disable()
gc.collect()
gc.set_threshold(1)
class C0: pass
o0 = {}
o1 = gen(); next(o1); next(o1, None)
C0.c0 = o0
o0['k3'] = weakref.ref(o1, lambda r: None)
del C0, o0      # the class (cyclic garbage) now holds the only reference to o0
gc.enable()
del o1          # the callback's call allocates a frame: the collector frees o0 and the weakref
print("survived")
