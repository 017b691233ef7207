# gcfuzz regression planted-list-traverse-584cf911: found by libFuzzer in a libpython with scripts/patches/list-traverse-skips-first-item.patch (a cycle through a list's item 0 is never collected: G1 o0 not finalized); passes on a correct interpreter.
# The _g.expect(...) lines are gcfuzz's model of CPython's collector: {o: line}
# lists the objects whose __del__ must have run, and the line where each became
# unreachable.  A broken guarantee exits non-zero with one line naming it.
import gc, sys, weakref
try:
    import _gcfuzz as _g  # the native recorder, inside the gcfuzz harness
except ImportError:  # a pure-Python recorder with the same checks
    import os
    class _g:
        class Violation(Exception): pass
        strict = os.environ.get('GCFUZZ_STRICT') == '1'
        count, line, expected, raised, want = {}, {}, {}, [], [0]
        def fired(i):
            f = sys._getframe(1)
            while f.f_back: f = f.f_back
            _g.count[i] = _g.count.get(i, 0) + 1
            _g.line.setdefault(i, f.f_lineno)
        def hook(u): _g.raised.append(u.exc_type.__name__)
        def verdict(at, prompt):
            for i, n in sorted(_g.count.items()):
                if n > 1: return 'G2 o%d finalized %d times, checked at line %d' % (i, n, at)
                if i not in _g.expected: return 'G3 o%d finalized at line %d while still reachable' % (i, _g.line[i])
            for i, d in sorted(_g.expected.items()):
                if i not in _g.count: return 'G1 o%d not finalized by line %d, unreachable since line %d' % (i, at, d)
                if _g.line[i] < d: return 'G3 o%d finalized at line %d, before it became unreachable at line %d' % (i, _g.line[i], d)
                if _g.strict and i in prompt and _g.line[i] != d: return 'G4 o%d finalized at line %d, not at line %d where its last reference went' % (i, _g.line[i], d)
            other = [t for t in _g.raised if t != 'AttributeError']
            if other or len(_g.raised) != _g.want[0]: return 'G11 %d exceptions reached sys.unraisablehook by line %d, expected %d AttributeError (%s)' % (len(_g.raised), at, _g.want[0], ' '.join(_g.raised))
            if gc.garbage: return 'G9 gc.garbage holds %d objects at line %d' % (len(gc.garbage), at)
        def expect(fired={}, unraisable=0, prompt=(), at=0):
            _g.expected.update(fired)
            _g.want[0] += unraisable
            bad = _g.verdict(at or sys._getframe(1).f_lineno, prompt)
            if bad: raise _g.Violation(bad)
        def teardown(ns, fired={}, unraisable=0):
            at = sys._getframe(1).f_lineno
            for k in [k for k in ns if k[0] != '_' and type(ns[k]) is not type(sys)]: del ns[k]
            gc.collect()
            _g.expect(fired, unraisable, (), at)
    sys.unraisablehook = _g.hook
    sys.excepthook = lambda t, v, tb: print('gcfuzz:', v) if t is _g.Violation else sys.__excepthook__(t, v, tb)
# ---- program ----
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self._id)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = [None] * 4
o0.a0 = o1
o1[0] = o0
_g.teardown(globals(), fired={0: 55})
# gcfuzz-signature: G1 instance+del
# recorded from tests/planted/list-item-0-cycle.bin with CPython 3.11.2 (main, Nov 24 2026, 22:42:41) [GCC 12.2.0]
