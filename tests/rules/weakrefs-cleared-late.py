# The interpreter behaves as harness/exec/rules.c says for its version:
# weakrefs_cleared_late (3.15+, gh-135552).  A finalizer that resurrects its
# object, which is cyclic garbage with a weak reference (no callback) to
# itself: 3.4-3.14 cleared that weak reference before any finalizer ran, so
# it gives None afterwards; 3.15 clears it only after the finalizers, and
# not at all once the object was resurrected.  If this fails, the version
# rule (and the model's prediction) must change with the interpreter.
import gc
import sys
import weakref

kept = []


class Resurrector:
    def __del__(self):
        kept.append(self)


r = Resurrector()
r.self = r
w = weakref.ref(r)
del r
gc.collect()
assert kept, "the cycle was not collected"
late = sys.version_info >= (3, 15)
alive = w() is kept[0]
assert alive == late, (
    f"CPython {sys.version.split()[0]}: a resurrected object's weak reference "
    f"{'lives' if alive else 'was cleared'}, but rules.c says weakrefs_cleared_late={int(late)}")
print(f"ok: weakrefs_cleared_late={int(late)} holds on {sys.version.split()[0]}")
