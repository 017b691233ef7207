# gcfuzz-open: 3.10-3.12: during `del C.c1` the finalizer of the value being deleted still finds C.c1 (gh-118492)
# CPython 3.10-3.12: type_setattro removes the attribute from the type's
# dict, which drops the last reference to the old value and runs its
# __del__, before PyType_Modified invalidates the type attribute cache; a
# lookup of that name in the finalizer then returns the value being deleted,
# which no class has any more.  3.13 invalidates the cache first.  Known:
# gh-118492.  Not a crash: the script aborts (SIGABRT) when it sees the
# stale value, so that tests/expect-crash.sh counts it as the open failure.
# Plain Python, no gcfuzz: found by gcfuzz
# (regressions/soak-type-cache-stale-27853a9c.py).
import os, sys
class C:
    def __del__(self):
        if getattr(self, "c1", None) is self:
            print("the finalizer of C.c1, run by `del C.c1`, still finds self.c1", file=sys.stderr)
            sys.stderr.flush()
            os.abort()
C.c1 = C()
C().c1  # a lookup fills the type attribute cache (its temporary instance dies here: c1 is not self)
del C.c1
