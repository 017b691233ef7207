# gcfuzz-open: 3.10-3.11: use after free in PyObject_ClearWeakRefs when its tuple allocation runs the collector
# CPython 3.10/3.11: PyObject_ClearWeakRefs() reads the weakref list, then allocates a tuple;
# with automatic collection on, that allocation can run the collector, which frees the
# weakrefs still on the list (their holder is cyclic garbage): a use after free, a crash.
# Plain Python, no gcfuzz: found by gcfuzz (regressions/soak-weakref-clear-*.py).
import gc, weakref
class C: pass
r = C()
gc.disable()
gc.collect()                                # empties the free lists (tuples among them)
gc.set_threshold(1)
holder = [None, None]
holder.append(holder)
holder[0] = weakref.ref(r, lambda w: None)
holder[1] = weakref.ref(r, lambda w: None)
del holder
gc.enable()
del r
print("survived")
