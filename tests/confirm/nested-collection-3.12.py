# gcfuzz-open: 3.12: _Py_RunGC ignores and clears gcstate->collecting: a collection runs nested in gc.collect()
# CPython 3.12: an automatic collection scheduled before gc.collect() starts
# runs inside it, from the first finalizer's eval-breaker check.  _Py_RunGC
# does not look at gcstate->collecting; it sets it, finds nothing to collect,
# and clears it: the outer collection now runs with "not collecting", so the
# next allocation schedules another collection, and the next finalizer's
# eval-breaker check runs it in the middle of finalize_garbage.  The nested
# collection moves objects off the outer one's lists: a segfault in
# handle_resurrected_objects.  3.11 and earlier check `collecting` before
# collecting on allocation; 3.13 goes through gc_collect_main, which refuses
# to start while a collection runs.
# Plain Python, no gcfuzz: found by gcfuzz (regressions/libfuzzer-1c1357c6.py).
import gc
class C:
    def __del__(self):
        junk = [lambda: 0, lambda: 0, lambda: 0]  # allocations: schedule a collection
        del self.a                                 # frees the partner: its __del__ runs the nested one
a = C(); b = C(); a.a = b; b.a = a
del a, b
gc.set_threshold(1)
# functions (no free list) allocated right before the call, with no eval-breaker
# check in between: a collection is scheduled when gc.collect() starts
gc.collect((lambda: 0, lambda: 0, lambda: 0) and 2)
print("survived")
