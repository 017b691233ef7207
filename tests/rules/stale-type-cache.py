# The interpreter behaves as harness/exec/rules.c says for its version:
# stale_type_cache (3.10-3.12, gh-118492).  `del C.c1` drops the old value,
# whose finalizer runs before the type attribute cache is invalidated on
# 3.10 to 3.12, and there `self.c1` still finds the value being deleted;
# 3.13 invalidates the cache first.  If this fails, the version rule (and
# the model's prediction) must change with the interpreter.
import sys

seen = []


class C:
    def __del__(self):
        seen.append(getattr(self, "c1", None) is self)


C.c1 = C()
C().c1  # a lookup fills the cache (the temporary instance dies: c1 is not self)
del C.c1
stale_rule = sys.version_info < (3, 13)
assert len(seen) == 2, f"{len(seen)} finalizers ran, not 2"
assert seen[1] == stale_rule, (
    f"CPython {sys.version.split()[0]}: the finalizer run by `del C.c1` "
    f"{'finds' if seen[1] else 'does not find'} the old value, but rules.c says stale_type_cache={int(stale_rule)}")
print(f"ok: stale_type_cache={int(stale_rule)} holds on {sys.version.split()[0]}")
