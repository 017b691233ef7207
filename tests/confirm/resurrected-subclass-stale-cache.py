# gcfuzz-open: 3.10-3.14: a class resurrected by a finalizer keeps a stale type attribute cache (gh-135552)
# CPython 3.10-3.14: the collector clears every weak reference to cyclic
# garbage before its finalizers run, including the one in Base's
# __subclasses__() to Sub; a finalizer then resurrects the instance and with
# it Sub, which is no longer in Base's subclasses: PyType_Modified(Base) no
# longer reaches it, and a cached lookup through Sub keeps the old value.
# 3.15 clears weak references without callbacks after the finalizers
# (gh-135552, PR gh-136189).  Not a crash: the script aborts (SIGABRT) when
# it sees the stale value, so that tests/expect-crash.sh counts it as the
# open failure.  Plain Python, no gcfuzz: found by gcfuzz
# (regressions/libfuzzer-resurrected-subclass-44601bc7.py).
import gc, os, sys
class Base:
    def __del__(self):
        global saved
        saved = self          # resurrects the instance, and with it its class
class Sub(Base):
    pass
o = Sub()
o.me = o
del o, Sub                    # Sub is now reachable only from cyclic garbage
gc.collect()
Base.x = 1
saved.x                       # the type attribute cache holds (Sub, 'x') -> 1
Base.x = 2
if saved.x != 2:
    print(f"an instance of a resurrected subclass still finds x = {saved.x} after Base.x = 2", file=sys.stderr)
    sys.stderr.flush()
    os.abort()
