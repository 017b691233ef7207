# gcfuzz's pure-Python recorder: the checks of harness/exec/recorder.c and
# survivors.c, in the same order and with the same messages.  It stores
# ids, line numbers and type names only, never a program object.  The
# shape language is lift/shape.h's; its letters and codes are the
# constants set after it (_g.SLOTS, _g.WEAK, ...).  (harness/exec/fallback.py:
# the module gcfuzz_recorder that scripts import, pasted into standalone ones;
# lift/render.h.)
import os
class _g:
    class Violation(Exception): pass
    class Malformed(ValueError): pass
    strict = os.environ.get('GCFUZZ_STRICT') == '1'
    count, line, expected, raised, want, deaths, late = {}, {}, {}, [], [0], {}, []
    raising = [0]  # called(k, 1) and closed(g, 1): each raised one ValueError (G11)
    cbcount, cbline, cbexpected, cbmay, may = {}, {}, {}, set(), {}
    gencount, genline, genexpected, genmay, writers = {}, {}, {}, set(), {}
    EXPECTED_RAISED = ('AttributeError', 'ValueError', 'RuntimeError, ignored GeneratorExit')
    collecting = set()  # the program's gc.callbacks entries k that saw 'start' last (gc_phase)
    ignoring = [0]  # closed(g, 2) whose RuntimeError has not reached sys.unraisablehook yet
    want_open = [0]  # exceptions that may reach sys.unraisablehook beyond want (G11)
    def slot(code):  # SLOT -> ('-',) ('?',) ('w', target) (letter, id); target -1 freed, -2 either, -3 unchecked
        if code in (_g.EMPTY, _g.OPEN): return (code,)
        if code[0] in (_g.WEAK, _g.PROXY, _g.WEAK_METHOD): return (code[0], {_g.WEAK_FREED: -1, _g.WEAK_EITHER: -2, '': -3}.get(code[1:]) or int(code[1:]))
        if code[0] not in _g.LETTERS or not code[1:].isdigit(): raise _g.Malformed('bad slot %r' % code)
        return (code[0], int(code[1:]))
    def shape(word):  # "3:i0/i1,-,w2,w-/c2=i5" -> 3, ('i', 0, slots, (2, ('i', 5)))
        i, rest = word.split(':', 1)
        parts = rest.split('/')
        kind, codes = parts[0], parts[1].split(',')
        if kind[0] not in _g.LETTERS or len(codes) != (1 if kind[0] in _g.FRAME else _g.SLOTS) or len(parts) > 3: raise _g.Malformed('bad object shape %r' % word)
        lookup = None
        if len(parts) == 3:
            s, code = parts[2][1:].split('=')
            lookup = (int(s), (_g.EMPTY,) if code == _g.EMPTY else _g.slot(code))
        return int(i), (kind[0], int(kind[1:]) if kind[1:] else -1, tuple(_g.slot(c) for c in codes), lookup)
    def values(text):  # VALUES "5|7|-" -> ((5, 7), True): the objects, and whether nothing may be there
        vs = text.split('|')
        return tuple(sorted(int(v) for v in vs if v != _g.EMPTY)), _g.EMPTY in vs
    def parse(text):  # what the recorder reads in an alive= or deaths_are() string (recorder.c's parse())
        p = {'classes': 0, 'names': {}, 'kept': {}, 'deleted': {}, 'attrs': {}, 'lookups': {}, 'shapes': {}}
        for w in text.split():
            try:
                if w[0] in 'or': n, v = w[1:].split('='); p['names' if w[0] == 'o' else 'kept'][int(n)] = _g.values(v)
                elif w[0] == '@': i, s, v = w[1:].replace('.c', '=', 1).split('='); p['lookups'][int(i), int(s)] = _g.values(v)
                elif w[:2] == 'C=': p['classes'] = int(w[2:])
                elif w[0] == 'C' and w.endswith('=' + _g.EMPTY) and '.' not in w: p['deleted'][int(w[1:-2])] = True
                elif w[0] == 'C': c, s, v = w[1:].replace('.c', '=', 1).split('='); p['attrs'][int(c), int(s)] = _g.values(v)
                else: i, sh = _g.shape(w); p['shapes'][i] = sh
            except (ValueError, IndexError): raise _g.Malformed('bad word %r' % w)
        return p
    def writers_are(text):  # "0:1=2,3,-": instances of C2, C3 may write C0.c1, one may delete it
        for w in text.split():
            cell, ws = w.split('=')
            _g.writers[tuple(int(x) for x in cell.split(':'))] = ws.split(',')
    def wrote(obj, s):  # a finalizer bound type(obj).c<s> = obj; reading it back must find obj (G8)
        number = lambda t: int(t.__name__[1:]) if t.__name__[:1] == 'C' and t.__name__[1:].isdigit() else None
        cls = type(obj)
        if _g.late or number(cls) is None: return
        ws = _g.writers.get((number(cls), s), [])
        for where, through in (('through the class', cls), ('through the object', obj)):
            v = getattr(through, 'c%d' % s, _g)
            if v is obj or v is _g and _g.EMPTY in ws or v is not _g and str(number(type(v))) in ws: continue
            _g.late.append('G8 the finalizer of o%d, at line %d, bound %s.c%d to itself and read back %s %s' % (obj._id, _g.now(), cls.__name__, s, 'nothing' if v is _g else type(v).__name__, where))
            return
    def deaths_are(text):  # the program's first line: expectations count lines from the one before it
        _g.base[0] = sys._getframe(1).f_lineno - 1
        _g.file[0], _g.main[0] = sys._getframe(1).f_code.co_filename, __import__('_thread').get_ident()
        _g.deaths.update(_g.parse(text)['shapes'])
    file, main, handed = [None], [None], [0]  # the program's file name and thread, hand_over's line (recorder.c's rec)
    def now():  # the line of the program's statement running now: recorder.c's program_line
        f = _g.statement(sys._getframe(2))
        if _g.handed[0] and not (f and f.f_code.co_name == '_t'): return _g.handed[0]
        return f.f_lineno if f else 0
    def hand_over(line):  # recorder.c's: a statement's threads start (its line, None: now) or end (what this returned)
        before, _g.handed[0] = _g.handed[0], _g.now() if line is None else line
        return before
    def statement(f):  # the innermost frame of f's stack that runs the program's statements (its module, or _t)
        found = None
        while f:
            if _g.file[0] is None: found = f
            elif f.f_code.co_filename == _g.file[0] and f.f_code.co_name in ('<module>', '_t'): return f
            f = f.f_back
        return found
    def holds_wrong(v, slot):  # recorder.c's holds_wrong: a shallow check of a strong slot
        code, target = slot
        if code in _g.INSTANCE_KINDS: return getattr(v, '_id', None) != target
        if code == _g.LETTER_GENERATOR: return type(v).__name__ not in _g.FRAME_TYPES
        return code in (_g.LETTER_LIST, _g.LETTER_DICT, _g.LETTER_INT_DICT) and type(v).__name__ != _g.TYPES[code]
    def sees(obj, s):  # a finalizer reads class attribute c<s> through its object (G8)
        i = getattr(obj, '_id', None)
        if i not in _g.deaths or not _g.deaths[i][3] or _g.deaths[i][3][0] != s or _g.late: return
        want, where = _g.deaths[i][3][1], 'o%d.c%d' % (i, s)
        v = getattr(type(obj) if want[0] == _g.LETTER_FUNC else obj, 'c%d' % s, _g)  # a function found on the class binds
        if want[0] == _g.EMPTY: bad = v is not _g and 'finds %s set, but no class in its MRO has it' % where
        elif v is _g: bad = 'finds no %s' % where
        else: bad = _g.holds_wrong(v, want) and 'finds %s is not o%d' % (where, want[1])
        if bad: _g.late.append('G8 the finalizer of o%d, at line %d, %s' % (i, _g.now(), bad))
    def get(obj, kind, num, s, slot):  # the value in slot s, or _g (nothing there)
        if kind in _g.ITEM or kind in _g.SPREAD_ITEM:
            stride = num // _g.SLOTS if kind in _g.SPREAD_ITEM and num > 0 else 1
            return obj[s * stride + stride - 1]
        if kind in _g.STR_KEY and kind not in _g.WEAK_ENTRIES: return obj.get('k%d' % s, _g)
        if kind in _g.INT_KEY: return obj.get(s, _g)
        if kind in _g.FRAME: return _g
        if kind in _g.STR_KEY: v = obj.get('k%d' % s)
        elif kind in _g.MEMBER: v = None if slot[0] == _g.EMPTY or slot[-1] < 0 else _g.find(obj, slot[-1])
        elif kind in _g.HELD:
            h = _g.held(obj, -1 if kind == _g.LETTER_EXC else num, kind == _g.LETTER_CHAIN)
            return h[s] if s < len(h) else _g
        # not obj.__dict__: making an instance's dict inside a finalizer
        # creates a new object that holds the garbage, and the collector
        # then keeps the whole cycle for another pass
        else: v = getattr(obj, 'a%d' % s, _g)
        return _g if v is None else v
    def kind_ok(obj, kind, num, filled):  # survivors.c's type_matches
        t = type(obj)
        if kind == _g.LETTER_LIST_INSTANCE: return isinstance(obj, list) and len(obj) == _g.SLOTS
        if kind == _g.LETTER_DICT_INSTANCE: return isinstance(obj, dict) and filled in (-1, len(obj))
        if kind == _g.LETTER_TUPLE_INSTANCE: return isinstance(obj, tuple) and len(obj) == _g.SLOTS + 1
        if kind == _g.LETTER_TUPLE: return t is tuple and len(obj) == _g.SLOTS
        if kind == _g.LETTER_SET: return t is set and filled in (-1, len(obj))
        if kind == _g.LETTER_FROZENSET: return t is frozenset and filled in (-1, len(obj))
        if kind == _g.LETTER_FUNC: return hasattr(obj, '__self__') if num == _g.FUNC_METHOD else t.__name__ == 'partial' if num == _g.FUNC_PARTIAL else t.__name__ == 'function'
        if kind in (_g.LETTER_EXC, _g.LETTER_WEAK_VALUES, _g.LETTER_WEAK_KEYS, _g.LETTER_WEAK_SET): return t.__name__ == _g.TYPES[kind]
        return True
    def identity(obj, i, kind, num, slots, where):  # survivors.c's check_identity
        filled = -1 if (_g.OPEN,) in slots else len(slots) - slots.count((_g.EMPTY,))
        if kind in _g.INSTANCE_KINDS and (type(obj).__name__ != 'C%d' % num or getattr(obj, '_id', None) != i): return '%s is not o%d' % (where, i)
        if kind in _g.FRAME:
            t = _g.FRAME_TYPES[max(num, 0)]
            return None if type(obj).__name__ == t else '%s is not the %s o%d' % (where, t.replace('_', ' '), i)
        if kind == _g.LETTER_CHAIN: return None if _g.chain_end(obj, num) else '%s is not the chain o%d as built: a link is missing' % (where, i)
        if kind in _g.SPREAD_ITEM and (type(obj) is not list or len(obj) != (num if num > 0 else _g.SLOTS)): return '%s is not the list o%d as bound' % (where, i)
        if kind in (_g.LETTER_DICT, _g.LETTER_INT_DICT) and (type(obj) is not dict or filled >= 0 and len(obj) != filled): return '%s is not the dict o%d as bound' % (where, i)
        if not _g.kind_ok(obj, kind, num, filled): return '%s is not o%d as bound' % (where, i)
    def place(kind, s, where):  # survivors.c's slot_place
        if kind in _g.ITEM or kind in _g.SPREAD_ITEM or kind in _g.INT_KEY: return '%s[%d]' % (where, s)
        if kind in _g.STR_KEY: return "%s['k%d']" % (where, s)
        return ('%s.a%d' if kind in _g.ATTR else '%s<%d>') % (where, s)
    def proxy_alive(p):  # False when using p raises ReferenceError, its referent dead
        try: bool(p)
        except ReferenceError: return False
        return True
    def look(obj, i, shapes, deep, seen, where):  # a problem with obj as object i, or None
        if i not in shapes: return None
        if i in seen: return None if seen[i] is obj else '%s is not the same object as before' % where
        seen[i] = obj
        kind, num, slots, _ = shapes[i]
        bad = _g.identity(obj, i, kind, num, slots, where)
        if bad: return bad
        for s, slot in enumerate(slots):
            if slot[0] == _g.OPEN: continue  # open: another finalizer of the same moment may have changed it
            at, v = _g.place(kind, s, where), _g.get(obj, kind, num, s, slot)
            empty = v is None if kind in _g.NONE_WHEN_EMPTY else v is _g
            if slot[0] == _g.EMPTY:
                if not empty: return '%s holds something the program removed' % at
            elif kind in _g.WEAK_ENTRIES and slot[0] == _g.WEAK:
                if deep and slot[1] == -1 and v is not _g: return '%s still reaches a freed object' % at
                if deep and slot[1] >= 0:
                    if v is _g: return '%s is missing' % at
                    bad = _g.look(v, slot[1], shapes, deep, seen, at)
                    if bad: return bad
            elif empty or v is _g: return '%s is missing' % at
            elif slot[0] == _g.WEAK:
                if type(v) is not weakref.ref: return '%s is not a weak reference' % at
                if deep and slot[1] == -1 and v() is not None: return '%s still reaches a freed object' % at
                if deep and slot[1] >= 0:
                    bad = _g.look(v(), slot[1], shapes, deep, seen, at + '()')
                    if bad: return bad
            elif slot[0] == _g.WEAK_METHOD:  # its referent is the bound method's __self__
                if type(v) is not weakref.WeakMethod: return '%s is not a weakref.WeakMethod' % at
                if deep and slot[1] == -1 and v() is not None: return '%s still reaches a freed object' % at
                if deep and slot[1] >= 0:
                    bad = _g.look(getattr(v(), '__self__', None), slot[1], shapes, deep, seen, at + '().__self__')
                    if bad: return bad
            elif slot[0] == _g.PROXY:  # Python cannot get a proxy's referent: a dead one must raise
                if type(v) not in weakref.ProxyTypes: return '%s is not a weakref.proxy' % at
                if deep and slot[1] == -1 and _g.proxy_alive(v): return '%s still reaches a freed object: using it raises no ReferenceError' % at
            elif deep:
                bad = _g.look(v, slot[1], shapes, deep, seen, at)
                if bad: return bad
            elif _g.holds_wrong(v, slot): return '%s is not o%d' % (at, slot[1])
    out, write = [], os.write  # in the child that ends the interpreter at shutdown(): [where events go]
    def fired(obj):
        if __class__.out:
            try: return __class__.emit(b'f', obj._id)
            except: return  # no _id: not counted, as recorder.c; no global name is safe at exit, not even AttributeError
        at = _g.now()
        i = getattr(obj, '_id', None)
        if i is None:  # cleared before (or again after) its finalizer: see recorder.c
            _g.late.append('G6 a finalizer ran at line %d on an object already cleared (its _id is gone): run after tp_clear, or run a second time' % at)
            return
        _g.count[i] = _g.count.get(i, 0) + 1
        _g.line.setdefault(i, at)
        bad = i in _g.deaths and _g.count[i] == 1 and not _g.late and _g.look(obj, i, _g.deaths, False, {}, 'o%d' % i)
        if bad: _g.late.append('G6 the finalizer of o%d, at line %d, saw %s' % (i, at, bad))
    def hook(u):  # at exit, expected and not counted; a RuntimeError is expected after then_raise(2)
        if __class__.out: return
        ignored = u.exc_type is RuntimeError and _g.ignoring[0] > 0
        _g.ignoring[0] -= ignored
        _g.raised.append('RuntimeError, ignored GeneratorExit' if ignored else u.exc_type.__name__)
    def emit(kind, n, raises=0):  # in the child that ends the interpreter: the event to the parent, through the class (exits.c)
        __class__.write(__class__.out[0], b'%s %d\n' % (kind, n))
        if raises == 1: raise ValueError('gcfuzz: raised on purpose')
    def raises(r): _g.then_raise(r)  # a finalizer raises ValueError (G11)
    def gc_phase(phase, k):  # recorder.c's gc_phase: each collection calls entry k with 'start', then 'stop' (G15)
        start = phase == 'start'
        if start and k in _g.collecting: _g.late.append("G15 a gc.callbacks entry was called with 'start' at line %d before the collection it saw start had stopped: a collection ran inside another" % _g.now())
        elif not start and k not in _g.collecting: _g.late.append("G15 a gc.callbacks entry was called with 'stop' at line %d, with no 'start' before it" % _g.now())
        (_g.collecting.add if start else _g.collecting.discard)(k)
    def then_raise(raises):  # after recording, a raising callback or finally block raises (G11); 2: CPython will (recorder.c)
        if raises:
            _g.raising[0] += 1
            if raises == 2:
                _g.ignoring[0] += 1
                return
            raise ValueError('gcfuzz: raised on purpose')
    def called(k, raises=0):
        if __class__.out: return __class__.emit(b'c', k, raises)
        _g.cbcount[k] = _g.cbcount.get(k, 0) + 1
        _g.cbline.setdefault(k, _g.now())
        _g.then_raise(raises)
    def finalized(obj, want):  # gc.is_finalized() must say whether its __del__ ran, unless want is None (G2)
        got = gc.is_finalized(obj)
        if want is not None and got is not want:
            raise _g.Violation('G2 gc.is_finalized(o%d) at line %d is %s, but its __del__ %s' % (obj._id, _g.now(), got, 'ran' if want else 'never ran'))
    def reads(what, got, want):  # a collector setting read back must be what the program set last (G13)
        if got != want:
            raise _g.Violation('G13 %s at line %d returned %r, but the program set %r last' % (what, _g.now(), got, want))
    saves = 0  # debug() set gc.DEBUG_SAVEALL: gc.garbage may fill (G9) until the teardown
    def saved(*ids):  # with gc.DEBUG_SAVEALL, the collection put these instances in gc.garbage (G9)
        there = {getattr(o, '_id', None) for o in gc.garbage}
        for i in ids:
            if i not in there: raise _g.Violation("G9 o%d was garbage that the collection must save in gc.garbage (with gc.DEBUG_SAVEALL set, or as a legacy finalizer's on a cycle), but at line %d it is not there" % (i, _g.now()))
    def debug(flags):  # what the flags print goes to sys.stderr
        _g.saves |= flags & gc.DEBUG_SAVEALL
        gc.set_debug(flags)
    def closed(k, raises=0):
        if __class__.out: return __class__.emit(b'g', k, raises)
        _g.gencount[k] = _g.gencount.get(k, 0) + 1
        _g.genline.setdefault(k, _g.now())
        _g.then_raise(raises)
    def pick(v, ids, shapes):  # which of the objects a place may hold v is (survivors.c's pick), or None
        if len(ids) == 1: return ids[0]
        i = getattr(v, '_id', None)
        if i is not None: return i if i in ids else None
        for c in ids:
            if c in shapes and shapes[c][0] not in _g.INSTANCE_KINDS and not _g.identity(v, c, *shapes[c][:3], ''): return c
    def check_place(v, vs, shapes, seen, where):  # (what, problem) of a listed place holding v (_g: nothing)
        ids, empty = vs
        if v is _g or v is None: return (None, None) if empty else ('gone', None)
        if not ids: return 'bound', None
        i = _g.pick(v, ids, shapes)
        if i is None: return None, '%s is none of %s' % (where, ' or '.join(['o%d' % c for c in ids] + (['nothing'] if empty else [])))
        return None, _g.look(v, i, shapes, True, seen, where)
    def survivors(ns, p, at):  # G7 and G8 at a checkpoint (survivors.c)
        seen, shapes = {}, p['shapes']
        for n in range(_g.NAMES):
            o, r = 'o%d' % n, 'r%d' % n
            if n not in p['names']:
                if o in ns: return 'G7 name %s is bound at line %d' % (o, at)
            else:
                what, bad = _g.check_place(ns.get(o, _g), p['names'][n], shapes, seen, o)
                if what: return 'G7 name %s is %s at line %d' % (o, 'bound' if o in ns else 'gone', at)
                if bad: return 'G7 at line %d, %s' % (at, bad)
            if n in p['kept']:
                ids, empty = p['kept'][n]
                what, bad = _g.check_place(ns.get(r, _g), p['kept'][n], shapes, seen, r)
                if what and len(ids) == 1: return 'G7 o%d, resurrected into %s, is %s at line %d' % (ids[0], r, what, at)
                if what: return 'G7 global %s is %s at line %d' % (r, what, at)
                if bad: return 'G7 at line %d, %s' % (at, bad)
        for c in range(min(p['classes'], _g.CLASSES)):
            if c in p['deleted']:
                if 'C%d' % c in ns: return 'G7 class C%d, deleted, is bound at line %d' % (c, at)
                continue
            if not isinstance(ns.get('C%d' % c), type): return 'G7 class C%d is gone at line %d' % (c, at)
            d = vars(ns['C%d' % c])
            for s in range(_g.SLOTS):
                k, v = 'C%d.c%d' % (c, s), d.get('c%d' % s, _g)
                if (c, s) not in p['attrs']:
                    if v is not _g: return 'G7 class attribute %s is set at line %d' % (k, at)
                    continue
                what, bad = _g.check_place(v, p['attrs'][c, s], shapes, seen, k)
                if what: return 'G7 class attribute %s is %s at line %d' % (k, 'set' if v is not _g else 'gone', at)
                if bad: return 'G7 at line %d, %s' % (at, bad)
        for (i, s), vs in sorted(p['lookups'].items()):  # G8: class attributes through the MRO
            if i not in seen: continue
            on_class = any(t in shapes and shapes[t][0] == _g.LETTER_FUNC for t in vs[0])  # a function found on the class binds to the instance
            v, where = getattr(type(seen[i]) if on_class else seen[i], 'c%d' % s, _g), 'o%d.c%d' % (i, s)
            what, bad = _g.check_place(v, vs, shapes, seen, where)
            if what and v is not _g: return 'G8 %s finds a value at line %d, but no class in its MRO has c%d' % (where, at, s)
            if what: return 'G8 %s is not found at line %d' % (where, at)
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
            if n and d is None and k not in _g.genmay: return 'G10 the finally block of generator o%d ran at line %d, but the generator was unstarted, or is still reachable' % (k, _g.genline[k])
            if d and not n: return 'G10 the finally block of generator o%d did not run by line %d, due since line %d' % (k, at, d)
            if d and _g.genline[k] < d: return 'G10 the finally block of generator o%d ran at line %d, before line %d' % (k, _g.genline[k], d)
        if _g.late: return _g.late[0]
        other = [t for t in _g.raised if t not in _g.EXPECTED_RAISED]
        want, most = _g.want[0] + _g.raising[0], _g.want[0] + _g.raising[0] + _g.want_open[0]
        if other or not want <= len(_g.raised) <= most: return 'G11 %d exceptions reached sys.unraisablehook by line %d, expected %s AttributeError or ValueError (%s)' % (len(_g.raised), at, '%d to %d' % (want, most) if most > want else want, ' '.join('expected' if t in _g.EXPECTED_RAISED else t for t in _g.raised))
        other = 0 if _g.saves else sum(1 for o in gc.garbage if not type(o).__dict__.get('_legacy'))
        if other: return 'G9 gc.garbage holds %d objects at line %d (none has a legacy finalizer, and gc.DEBUG_SAVEALL was never set)' % (other, at)
    base = [0]  # the line of the program's mark, line 0 of the lines expectations name
    def in_script(lines): return {k: _g.base[0] + n for k, n in lines.items()}
    def expect(fired={}, unraisable=0, prompt=(), alive=None, called={}, maybe=(), closed={}, at=0, may={}, may_close=()):
        f = sys._getframe(1)
        _g.expected.update(_g.in_script(fired))
        _g.may.update(_g.in_script(may))
        _g.genexpected.update(_g.in_script(closed))
        _g.genmay.update(may_close)
        _g.cbexpected.update(_g.in_script(called))
        _g.cbmay.update(maybe)
        least, most = unraisable if type(unraisable) is tuple else (unraisable, unraisable)
        _g.want[0] += least
        _g.want_open[0] += most - least
        p = alive is not None and _g.parse(alive)
        bad = _g.verdict(at or f.f_lineno, prompt) or p and _g.survivors(f.f_globals, p, at or f.f_lineno)
        if bad: raise _g.Violation(bad)
    def teardown(ns, fired={}, unraisable=0, called={}, maybe=(), closed={}, may_close=()):
        at = sys._getframe(1).f_lineno
        if _g.saves: gc.set_debug(0); gc.garbage.clear()  # what was saved is freed below
        if _g.handlers[0]: import atexit; atexit.unregister(_g.exited)  # they run only in shutdown()'s child
        names = lambda: [k for k in ns if k[0] != '_' and type(ns[k]) is not type(sys)]
        for _ in range(_g.TEARDOWN_ROUNDS):  # finalizers may resurrect into names: drop them until none come back
            dropped = names()
            for k in dropped: ns.pop(k, None)  # a finalizer may have deleted it
            gc.collect()
            freed = _g.free_legacy()  # legacy objects in gc.garbage let go of what they hold (or a collection set some aside)
            if not dropped and not names() and not freed: break
        left = _g.chains_done()  # recorder.c's chains_unfinished
        if left: raise _g.Violation('G%d %d of the %d links of chain o%d finalized by the end of the program, line %d: each exactly once' % (1 if left[1] < left[2] else 2, left[1], left[2], left[0], at))
        _g.expect(fired, unraisable, (), None, called, maybe, closed, at, {}, may_close)
    handlers = [0]  # at_exit() registered this many atexit handlers
    def at_exit(n):
        import atexit; atexit.register(_g.exited, n); _g.handlers[0] += 1
    def exited(n):  # atexit handler n ran: in the child that ends the interpreter (else one the teardown never reached)
        if __class__.out: __class__.emit(b'x', n)
    class Stop(BaseException): pass  # the program run again in a sub-interpreter reached its shutdown()
    again = [int(os.environ['GCFUZZ_AGAIN'])] if os.environ.get('GCFUZZ_AGAIN') else []  # there: where events go
    def shutdown(ks, handlers=0, way='interpreter'):  # the interpreter (or a sub-interpreter) ends here, in a child; the program goes on (exits.h, G14)
        if way not in ('interpreter', 'sub'): raise _g.Malformed("shutdown() ends the 'interpreter' or a 'sub' one, not '%s'" % way)
        at = sys._getframe(1).f_lineno
        if _g.again:  # run again in the sub-interpreter that ends here
            _g.out.append(_g.again[0]); _g.emit_counts(); raise _g.Stop
        sys.stdout.flush(); sys.stderr.flush()
        r, w = os.pipe()
        pid = os.fork()
        if not pid:
            os.close(r)
            import signal; signal.alarm(_g.EXIT_TIMEOUT)
            if way == 'sub': _g.run_again(w)
            _g.out.append(w)
            # the counts as the child has them come first: the parent's own
            # collections go on while it waits (recorder.c judges in the child)
            _g.emit_counts()
            raise SystemExit(0)
        os.close(w)
        with os.fdopen(r, 'rb') as f: events = [e.split(None, 1) for e in f.read().splitlines()]
        bad = _g.exit_problem(events, os.waitpid(pid, 0)[1], ks, handlers, at)
        if bad: raise _g.Violation(bad + (' (a sub-interpreter)' if way == 'sub' else ''))
    def emit_counts():
        for kind, table in ((b'f', _g.count), (b'c', _g.cbcount), (b'g', _g.gencount)):
            for n, times in list(table.items()):
                for _ in range(times): __class__.emit(kind, n)
    def run_again(w):  # runner.c's run_in_subinterpreter: the script from its first line in a sub-interpreter, ended at its shutdown()
        import __main__
        try: import _testcapi; _testcapi.run_in_subinterp
        except (ImportError, AttributeError):
            os.write(w, b'v ERROR this python has no _testcapi.run_in_subinterp to end a sub-interpreter with\n'); os._exit(0)
        os.environ['GCFUZZ_AGAIN'] = str(w)
        _testcapi.run_in_subinterp(  # with the script's sys.path: its own folder is not in a new interpreter's
            'import os, sys; sys.path[:] = %r\n'
            'try: exec(compile(open(%r).read(), %r, "exec"))\n'
            'except BaseException as e:\n'
            '    if type(e).__name__ != "Stop": os.write(%d, ("v %%s%%s\\n" %% ("" if type(e).__name__ == "Violation" else type(e).__name__ + ": ", e)).encode())\n'
            % (sys.path, __main__.__file__, __main__.__file__, w))
        os._exit(0)
    def exit_problem(events, status, ks, handlers, at):  # exits.c's died(), then recorder.c's exit_problem()
        import signal
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM: return 'G12 the interpreter hung at exit: not ended after %ds' % _g.EXIT_TIMEOUT
        if os.WIFSIGNALED(status): return 'G12 the interpreter crashed at exit: %s (signal %d)' % (signal.strsignal(os.WTERMSIG(status)), os.WTERMSIG(status))
        if os.WEXITSTATUS(status): return "G12 the interpreter exited with status %d at exit, without a result (a sanitizer's report?)" % os.WEXITSTATUS(status)
        count, cbcount, gencount = {}, {}, {}  # all in the events: the child's counts at the fork, then its own
        failed = [n.decode() for kind, n in events if kind == b'v']  # run again in a sub-interpreter, before its shutdown()
        if failed: return failed[0]
        ran = [int(n) for kind, n in events if kind == b'x']
        for kind, n in events:
            table = {b'f': count, b'c': cbcount, b'g': gencount}.get(kind)
            if table is not None: table[int(n)] = table.get(int(n), 0) + 1
        for i, n in sorted(count.items()):
            if n > 1: return 'G2 o%d finalized %d times by the end of the interpreter, ended at line %d' % (i, n, at)
        for k in range(_g.MAX_IDS):
            n = cbcount.get(k, 0)
            if k in ks and n != 1: return 'G14 weakref.finalize w%d called %d times by the end of the interpreter, ended at line %d: once, at exit if not before' % (k, n, at)
            if n > 1: return 'G5 the callback of w%d ran %d times by the end of the interpreter, ended at line %d' % (k, n, at)
        if ran != list(range(handlers - 1, -1, -1)):
            return 'G14 %d atexit handlers registered, and the interpreter, ended at line %d, ran %s: each once, last registered first' % (handlers, at, ' '.join(map(str, ran[:_g.MAX_HANDLERS_RUN])) or 'none')
        for g, n in sorted(gencount.items()):
            if n > 1: return 'G10 the finally block of generator o%d ran %d times by the end of the interpreter, ended at line %d' % (g, n, at)
sys.unraisablehook = _g.hook
sys.excepthook = lambda t, v, tb: print('gcfuzz:', v) if t is _g.Violation else sys.__excepthook__(t, v, tb)
