# gcfuzz program b0ed824f1734f347: self-checking; run with python3 (CPython 3.10+).
# The _g.expect(...) lines are gcfuzz's model of CPython's collector: {o: line}
# lists the objects whose __del__ must have run, and the line where each became
# unreachable; alive= what every reachable object must still hold.  A broken
# guarantee exits non-zero with one line naming it.
import gc, sys, weakref
try:
    import _gcfuzz as _g  # the native recorder, inside the gcfuzz harness
except ImportError:
    # gcfuzz's pure-Python recorder: the checks of harness/recorder.c, in the
    # same order and with the same messages.  It stores ids, line numbers and
    # type names only, never a program object.  (harness/fallback.py, pasted
    # into every rendered script; keep it in step with recorder.c.)
    import os
    class _g:
        class Violation(Exception): pass
        strict = os.environ.get('GCFUZZ_STRICT') == '1'
        count, line, expected, raised, want, deaths, late, lookups = {}, {}, {}, [], [0], {}, [], {}
        raising = [0]  # called(k, 1) and closed(g, 1): each raised one ValueError (G11)
        cbcount, cbline, cbexpected, cbmay, may = {}, {}, {}, set(), {}
        gencount, genline, genexpected = {}, {}, {}
        def parse(text):  # "3:i0/i1,-,w2,w-" -> {3: ('i0', ['i1', '-', 'w2', 'w-'])}
            return {int(k): (v.split('/')[0], v.split('/')[1].split(',')) for k, v in (t.split(':') for t in text.split())}
        def deaths_are(text):
            _g.deaths.update(_g.parse(text))
            for k, v in (t.split(':') for t in text.split()):  # "3:i0/-,-,-,-/c2=i5": what _g.sees(self, 2) finds
                if v.count('/') == 2: _g.lookups[int(k)] = (int(v.split('/')[2][1:].split('=')[0]), v.split('=')[1])
        def sees(obj, s):  # a finalizer reads class attribute c<s> through its object (G8)
            i = getattr(obj, '_id', None)
            if i not in _g.lookups or _g.lookups[i][0] != s or _g.late: return
            code, f, where = _g.lookups[i][1], sys._getframe(1), 'o%d.c%d' % (i, s)
            while f.f_back: f = f.f_back
            v = getattr(type(obj) if code[0] == 'c' else obj, 'c%d' % s, _g)  # a function found on the class binds
            if code == '-': bad = v is not _g and 'finds %s set, but no class in its MRO has it' % where
            elif v is _g: bad = 'finds no %s' % where
            else: bad = (code[0] in 'iLDT' and getattr(v, '_id', None) != int(code[1:]) or code[0] in 'ldgn' and type(v).__name__ != {'l': 'list', 'd': 'dict', 'n': 'dict', 'g': 'generator'}[code[0]]) and 'finds %s is not o%s' % (where, code[1:])
            if bad: _g.late.append('G8 the finalizer of o%d, at line %d, %s' % (i, f.f_lineno, bad))
        def get(obj, kind, num, s, target):  # the value in slot s, or _g (nothing there)
            if kind in 'lLtT':
                stride = num // 4 if kind == 'l' and num else 1
                return obj[s * stride + stride - 1]
            if kind in 'dD': return obj.get('k%d' % s, _g)
            if kind == 'n': return obj.get(s, _g)
            if kind == 'V': v = obj.get('k%d' % s)
            elif kind in 'sfKS': v = None if target is None else _g.find(obj, target)
            elif kind in 'ce':
                h = _g.held(obj, -1 if kind == 'e' else num)
                return h[s] if s < len(h) else _g
            # not obj.__dict__: making an instance's dict inside a finalizer
            # creates a new object that holds the garbage, and the collector
            # then keeps the whole cycle for another pass
            else: v = getattr(obj, 'a%d' % s, _g)
            return _g if v is None else v
        def kind_ok(obj, kind, num, filled):
            t = type(obj)
            if kind == 'L': return isinstance(obj, list) and len(obj) == 4
            if kind == 'D': return isinstance(obj, dict) and filled in (-1, len(obj))
            if kind == 'T': return isinstance(obj, tuple) and len(obj) == 5
            if kind == 't': return t is tuple and len(obj) == 4
            if kind == 's': return t is set and filled in (-1, len(obj))
            if kind == 'f': return t is frozenset and filled in (-1, len(obj))
            if kind == 'c': return hasattr(obj, '__self__') if num == 2 else t.__name__ == 'partial' if num == 4 else t.__name__ == 'function'
            if kind == 'e': return t is Exception
            if kind in 'VKS': return t.__name__ == {'V': 'WeakValueDictionary', 'K': 'WeakKeyDictionary', 'S': 'WeakSet'}[kind]
            return True
        def look(obj, i, spec, deep, seen, where):  # a problem with obj as object i, or None
            if i in seen: return None if seen[i] is obj else '%s is not the same object as before' % where
            seen[i] = obj
            kind, slots = spec[i] if deep else _g.deaths[i]
            kind, num = kind[0], int(kind[1:]) if kind[1:] else None
            filled = -1 if '?' in slots else len(slots) - slots.count('-')  # '?': unchecked, so the size is unknown too
            if kind in 'iLDT' and (type(obj).__name__ != 'C%d' % num or getattr(obj, '_id', None) != i): return '%s is not o%d' % (where, i)
            if kind == 'g': return None if type(obj).__name__ == 'generator' else '%s is not the generator o%d' % (where, i)
            if kind == 'l' and (type(obj) is not list or len(obj) != (num or 4)): return '%s is not the list o%d as bound' % (where, i)
            if kind in 'dn' and (type(obj) is not dict or filled >= 0 and len(obj) != filled): return '%s is not the dict o%d as bound' % (where, i)
            if not _g.kind_ok(obj, kind, num, filled): return '%s is not o%d as bound' % (where, i)
            for s, code in enumerate(slots):
                target = int(code[1:]) if code[1:].isdigit() else None
                v = _g.get(obj, kind, num, s, target)
                at = where + ('[%d]' % s if kind in 'lLtTn' else "['k%d']" % s if kind in 'dDV' else '.a%d' % s if kind in 'iLDT' else '<%d>' % s)
                empty = v is None if kind in 'lLtT' else v is _g
                if code == '?': continue  # open: another finalizer of the same moment may have changed it
                if code == '-':
                    if not empty: return '%s holds something the program removed' % at
                elif kind in 'VKS' and code[0] == 'w':
                    if deep and code == 'w-' and v is not _g: return '%s still reaches a freed object' % at
                    if deep and target is not None:
                        if v is _g: return '%s is missing' % at
                        bad = _g.look(v, target, spec, deep, seen, at)
                        if bad: return bad
                elif empty or v is _g: return '%s is missing' % at
                elif code[0] == 'w':
                    if type(v) is not weakref.ref: return '%s is not a weak reference' % at
                    if deep and code == 'w-' and v() is not None: return '%s still reaches a freed object' % at
                    if deep and target is not None:
                        bad = _g.look(v(), target, spec, deep, seen, at + '()')
                        if bad: return bad
                elif deep:
                    bad = _g.look(v, target, spec, deep, seen, at)
                    if bad: return bad
                elif code[0] in 'iLDT' and getattr(v, '_id', None) != target or code[0] in 'ldgn' and type(v).__name__ != {'l': 'list', 'd': 'dict', 'n': 'dict', 'g': 'generator'}[code[0]]:
                    return '%s is not o%s' % (at, code[1:])
        def fired(obj):
            f = sys._getframe(1)
            while f.f_back: f = f.f_back
            i = getattr(obj, '_id', None)
            if i is None:  # cleared before (or again after) its finalizer: see recorder.c
                _g.late.append('G6 a finalizer ran at line %d on an object already cleared (its _id is gone): run after tp_clear, or run a second time' % f.f_lineno)
                return
            _g.count[i] = _g.count.get(i, 0) + 1
            _g.line.setdefault(i, f.f_lineno)
            bad = i in _g.deaths and _g.count[i] == 1 and _g.look(obj, i, None, False, {}, 'o%d' % i)
            if bad: _g.late.append('G6 the finalizer of o%d, at line %d, saw %s' % (i, f.f_lineno, bad))
        def hook(u): _g.raised.append(u.exc_type.__name__)
        def raises(r): _g.then_raise(r)  # a finalizer raises ValueError (G11)
        def then_raise(raises):  # after recording, a raising callback or finally block raises (G11)
            if raises:
                _g.raising[0] += 1
                raise ValueError('gcfuzz: raised on purpose')
        def called(k, raises=0):
            f = sys._getframe(1)
            while f.f_back: f = f.f_back
            _g.cbcount[k] = _g.cbcount.get(k, 0) + 1
            _g.cbline.setdefault(k, f.f_lineno)
            _g.then_raise(raises)
        def closed(k, raises=0):
            f = sys._getframe(1)
            while f.f_back: f = f.f_back
            _g.gencount[k] = _g.gencount.get(k, 0) + 1
            _g.genline.setdefault(k, f.f_lineno)
            _g.then_raise(raises)
        def survivors(ns, text, at):
            spec, seen, words = {}, {}, text.split()
            names = dict(w.split('=') for w in words if w[0] == 'o')
            kept = dict(w.split('=') for w in words if w[0] == 'r')
            lookups = [w[1:].replace('.c', '=').split('=') for w in words if w[0] == '@']
            attrs = dict(w.split('=') for w in words if w[0] == 'C' and '.' in w)
            spec = _g.parse(' '.join(w for w in words if w[0].isdigit()))
            for n in range(16):
                if ('o%d' % n in ns) != ('o%d' % n in names): return 'G7 name o%d is %s at line %d' % (n, 'bound' if 'o%d' % n in ns else 'gone', at)
                bad = 'o%d' % n in names and _g.look(ns['o%d' % n], int(names['o%d' % n]), spec, True, seen, 'o%d' % n)
                if bad: return 'G7 at line %d, %s' % (at, bad)
                if 'r%d' % n in kept and 'r%d' % n not in ns: return 'G7 o%d, resurrected into r%d, is gone at line %d' % (n, n, at)
                bad = 'r%d' % n in kept and _g.look(ns['r%d' % n], int(kept['r%d' % n]), spec, True, seen, 'r%d' % n)
                if bad: return 'G7 at line %d, %s' % (at, bad)
            for c in range(int(dict(w.split('=') for w in words if w[:2] == 'C=').get('C', 0))):
                if 'C%d=-' % c in words:  # deleted by the program
                    if 'C%d' % c in ns: return 'G7 class C%d, deleted, is bound at line %d' % (c, at)
                    continue
                if not isinstance(ns.get('C%d' % c), type): return 'G7 class C%d is gone at line %d' % (c, at)
                d = vars(ns['C%d' % c])
                for s in range(4):
                    k = 'C%d.c%d' % (c, s)
                    if ('c%d' % s in d) != (k in attrs): return 'G7 class attribute %s is %s at line %d' % (k, 'set' if 'c%d' % s in d else 'gone', at)
                    bad = k in attrs and _g.look(d['c%d' % s], int(attrs[k]), spec, True, seen, k)
                    if bad: return 'G7 at line %d, %s' % (at, bad)
            for i, s, t in lookups:  # G8: class attributes through the MRO
                i, s = int(i), int(s)
                if i not in seen: continue
                on_class = t != '-' and spec.get(int(t), ('',))[0][:1] == 'c'  # a function found on the class binds to the instance
                v, where = getattr(type(seen[i]) if on_class else seen[i], 'c%d' % s, _g), 'o%d.c%d' % (i, s)
                if t == '-':
                    if v is not _g: return 'G8 %s finds a value at line %d, but no class in its MRO has c%d' % (where, at, s)
                elif v is _g: return 'G8 %s is not found at line %d' % (where, at)
                else:
                    bad = _g.look(v, int(t), spec, True, seen, where)
                    if bad: return 'G8 at line %d, %s' % (at, bad)
        def verdict(at, prompt):
            for i, n in sorted(_g.count.items()):
                if n > 1: return 'G2 o%d finalized %d times, checked at line %d' % (i, n, at)
                if i not in _g.expected and i not in _g.may: return 'G3 o%d finalized at line %d while still reachable' % (i, _g.line[i])
                if i not in _g.expected and _g.line[i] < _g.may[i]: return 'G3 o%d finalized at line %d, before it became unreachable at line %d' % (i, _g.line[i], _g.may[i])
            for i, d in sorted(_g.expected.items()):
                if i not in _g.count: return 'G1 o%d not finalized by line %d, unreachable since line %d' % (i, at, d)
                if _g.line[i] < d: return 'G3 o%d finalized at line %d, before it became unreachable at line %d' % (i, _g.line[i], d)
                if _g.strict and i in prompt and _g.line[i] != d: return 'G4 o%d finalized at line %d, not at line %d where its last reference went' % (i, _g.line[i], d)
            for k in sorted(set(_g.cbcount) | set(_g.cbexpected)):
                n, d = _g.cbcount.get(k, 0), _g.cbexpected.get(k)
                if n > 1: return 'G5 the callback of w%d ran %d times, checked at line %d' % (k, n, at)
                if n and d is None and k not in _g.cbmay: return 'G5 the callback of w%d ran at line %d, but its weak reference died first or with its referent, or the referent lives' % (k, _g.cbline[k])
                if d and not n: return 'G5 the callback of w%d did not run by line %d, its referent died at line %d' % (k, at, d)
                if d and _g.cbline[k] < d: return 'G5 the callback of w%d ran at line %d, before its referent died at line %d' % (k, _g.cbline[k], d)
            for k in sorted(set(_g.gencount) | set(_g.genexpected)):
                n, d = _g.gencount.get(k, 0), _g.genexpected.get(k)
                if n > 1: return 'G10 the finally block of generator o%d ran %d times, checked at line %d' % (k, n, at)
                if n and d is None: return 'G10 the finally block of generator o%d ran at line %d, but the generator was unstarted, or is still reachable' % (k, _g.genline[k])
                if d and not n: return 'G10 the finally block of generator o%d did not run by line %d, due since line %d' % (k, at, d)
                if d and _g.genline[k] < d: return 'G10 the finally block of generator o%d ran at line %d, before line %d' % (k, _g.genline[k], d)
            if _g.late: return _g.late[0]
            other = [t for t in _g.raised if t not in ('AttributeError', 'ValueError')]
            want = _g.want[0] + _g.raising[0]
            if other or len(_g.raised) != want: return 'G11 %d exceptions reached sys.unraisablehook by line %d, expected %d AttributeError or ValueError (%s)' % (len(_g.raised), at, want, ' '.join('expected' if t in ('AttributeError', 'ValueError') else t for t in _g.raised))
            if gc.garbage: return 'G9 gc.garbage holds %d objects at line %d' % (len(gc.garbage), at)
        def expect(fired={}, unraisable=0, prompt=(), alive=None, called={}, maybe=(), closed={}, at=0, may={}):
            f = sys._getframe(1)
            _g.expected.update(fired)
            _g.may.update(may)
            _g.genexpected.update(closed)
            _g.cbexpected.update(called)
            _g.cbmay.update(maybe)
            _g.want[0] += unraisable
            bad = _g.verdict(at or f.f_lineno, prompt) or alive is not None and _g.survivors(f.f_globals, alive, at or f.f_lineno)
            if bad: raise _g.Violation(bad)
        def teardown(ns, fired={}, unraisable=0, called={}, maybe=(), closed={}):
            at = sys._getframe(1).f_lineno
            names = lambda: [k for k in ns if k[0] != '_' and type(ns[k]) is not type(sys)]
            for _ in range(8):  # a finalizer may resurrect its object into r<id>: drop names until none come back
                dropped = names()
                for k in dropped: ns.pop(k, None)  # a finalizer may have deleted it
                gc.collect()
                if not dropped and not names(): break
            _g.expect(fired, unraisable, (), None, called, maybe, closed, at)
    sys.unraisablehook = _g.hook
    sys.excepthook = lambda t, v, tb: print('gcfuzz:', v) if t is _g.Violation else sys.__excepthook__(t, v, tb)
    def _helpers(closed):
        # The helpers gcfuzz programs call (_g.gen, _g.cell, ...) and the shape checks
        # use (find, held).  Shared by both recorders: recorder.c runs this file in
        # the _gcfuzz module, where `closed` is the module's own; render.c pastes it
        # into every script's pure-Python recorder, inside a function given `closed`.
        from functools import partial
        import weakref
        def gen(x, i, raises=0, _closed=closed):
            try:
                yield x
            finally:
                _closed(i, raises)
        def cell(x):
            return lambda: x
        def cell2(x, y):
            def both():
                return x, y
            return both
        def catch(x):
            try:
                raise Exception(x)
            except Exception as e:
                return e
        def drop(c, i):
            for x in list(c):
                if getattr(x, '_id', None) == i:
                    if hasattr(c, 'discard'):
                        c.discard(x)
                    else:
                        del c[x]
        def find(c, i):
            for x in c:
                if getattr(x, '_id', None) == i:
                    return x
        def held(f, v):
            if v < 0:
                return f.args if f.__traceback__ is not None else ()
            if v == 2:
                return (f.__self__,)
            if v == 3:
                return f.__defaults__
            if v == 4:
                return f.args
            return tuple(c.cell_contents for c in f.__closure__)
        def clear(c):
            if isinstance(c, list):
                c[:] = [None] * len(c)
            # not isinstance() on the weak containers: they are ABCs, whose caches
            # would keep weak references to the program's classes
            elif isinstance(c, (dict, set)) or type(c) in (weakref.WeakValueDictionary, weakref.WeakKeyDictionary,
                                                           weakref.WeakSet):
                c.clear()
        def deref(o, s):
            w = getattr(o, 'a%d' % s, None)
            return w() if type(w) is weakref.ref else None
        return locals()
    for _k, _v in _helpers(_g.closed).items(): setattr(_g, _k, _v)
    del _helpers, _k, _v
# ---- program ----
_g.deaths_are("0:i0/i1,-,-,- 1:i0/i0,-,-,-")
def _init(self, i):
    self._id = i
def _record(self, _fired=_g.fired):
    _fired(self)
class C0:
    __init__ = _init
    __del__ = _record
o0 = C0(0)
o1 = C0(1)
o0.a0 = o1
o1.a0 = o0
del o0
del o1  # cyclic garbage: o0 o1
gc.collect()
_g.expect(fired={0: 287, 1: 287}, alive="C=1")
_g.teardown(globals(), fired={})
