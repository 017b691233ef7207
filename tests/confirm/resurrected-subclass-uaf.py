# gcfuzz-open: 3.10-3.14: a resurrected class's stale type cache entry names a freed value (gh-135552, use after free)
# CPython 3.10-3.14: the collector clears every weak reference to cyclic
# garbage before its finalizers run, including the one in C0's
# __subclasses__() to C1; o2's finalizer resurrects o2 and with it C1, which
# PyType_Modified(C0) then no longer reaches.  Reading r2.c0 fills C1's type
# attribute cache with a borrowed pointer to the first C0(0); rebinding
# C0.c0 frees it, and the next read through r2 uses the freed object: a
# segfault on 3.10.13, 3.11.2 (release and debug), 3.11.7, 3.12.1, 3.13.0,
# 3.13.5, 3.14.10 (release and debug); on free-threaded 3.13.5t the lookup
# spins instead (the alarm below ends it with SIGALRM).  Clean on 3.15.2
# (PR gh-136189 clears such weak references after the finalizers).
# Written by gcfuzz-repro --plain --reduce from
# regressions/libfuzzer-resurrected-subclass-uaf-1b6069fb.py (the harness's
# reads through r2 are the two getattr lines).
import signal
signal.alarm(10)
import gc
def _init(self, i):
    self._id = i
class C0:
    __init__ = _init
class C1(C0):
    def __del__(self):
        globals()['r%d' % self._id] = self
o0 = C0(0)
o2 = C1(2)
del C1
o2.a0 = o2
del o2  # cyclic garbage: o2
o0.__class__.c0 = C0(0)
gc.collect()
getattr(r2, 'c0')  # the harness reads it here (and fills the type attribute cache)
o0.__class__.c0 = C0(0)
getattr(r2, 'c0')  # the harness reads it here (and fills the type attribute cache)
