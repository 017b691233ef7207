# The helpers gcfuzz programs call (_g.gen, _g.cell, ...) and the shape checks
# use (find, held).  Shared by both recorders: recorder.c runs this file in
# the _gcfuzz module, where `closed` is the module's own; render.c pastes it
# into every script's pure-Python recorder, inside a function given `closed`.
# Both run the constants of lift/constants.c (FUNC_*, ...) first.
from functools import partial
import gc
import sys
import threading
import weakref
def gen(x, i, raises=0, _closed=closed):
    try:
        yield x
    finally:
        _closed(i, raises)
def coro(x, i, raises=0, _closed=closed):
    # gen() as a coroutine: suspended at its await (a generator-based
    # awaitable's one yield), x held by its frame
    async def c():
        try:
            await Suspend(x)
        finally:
            _closed(i, raises)
    return c()
class Suspend:
    __slots__ = ('x',)
    def __init__(self, x):
        self.x = x
    def __await__(self):
        yield self.x
def agen(x, i, raises=0, _closed=closed):
    # gen() as an asynchronous generator: its one yield inside try/finally
    async def a():
        try:
            yield x
        finally:
            _closed(i, raises)
    return a()
def astep(a, steps, finalizer=None):
    # advance() for an asynchronous generator.  With a finalizer, its first
    # step caches that as the hook it is handed to when it dies (PEP 525);
    # the thread's hooks are left as they were
    hooks = sys.get_asyncgen_hooks()
    if finalizer:
        sys.set_asyncgen_hooks(None, finalizer)
    try:
        for _ in range(steps):
            try:
                a.asend(None).send(None)
            except (StopIteration, StopAsyncIteration):
                pass
    finally:
        sys.set_asyncgen_hooks(*hooks)
    return a
def aclose_now(a):
    # a finalizer hook that closes the generator at once, where an event
    # loop would schedule its aclose(): its finally block runs as it dies
    try:
        a.aclose().send(None)
    except StopIteration:
        pass
def gen_with(x, i, raises=0, _closed=closed):
    # gen() suspended inside a with block: closing it runs Exits.__exit__
    with Exits(i, raises, _closed):
        yield x
class Exits:
    __slots__ = ('i', 'raises', 'closed')
    def __init__(self, i, raises, closed):
        self.i, self.raises, self.closed = i, raises, closed
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.closed(self.i, self.raises)
def gen_ignoring(x, i, raises=1, _closed=closed):
    # closing it throws GeneratorExit, whose finally block records (2: a
    # RuntimeError is due, not raised here) and yields: close() then raises
    # RuntimeError, which must reach sys.unraisablehook (G11).  Its frame
    # outlives it, in a cycle with the GeneratorExit it handles, until a
    # collection: so it lets go of x first, as a closed generator does
    try:
        yield x
    finally:
        _closed(i, 2)
        del x
        yield
def gen_delegating(x, i, raises=0, _closed=closed):
    # gen() suspended in yield from an iterator that is no generator:
    # closing it calls the iterator's close(), then runs its finally block,
    # which records only once that close() ran (or the iterator ran out)
    once = Once(x)
    try:
        yield from once
    finally:
        if once.done == 2:
            _closed(i, raises)
class Once:
    __slots__ = ('x', 'done')
    def __init__(self, x):
        self.x, self.done = x, 0  # 1: yielded x; 2: ran out or closed
    def __iter__(self):
        return self
    def __next__(self):
        self.done += 1
        if self.done == 2:
            raise StopIteration
        return self.x
    def close(self):
        self.done = 2
def on_gc(what, k, _raises=raises, _phase=gc_phase):
    # gc.callbacks entry k of the program's, put first (before the
    # harness's own, which must still be called after a raising one)
    def entry(phase, info):
        if what == 'phases':
            _phase(phase, k)
        elif what == 'raise':
            _raises(1)
        elif what == 'collect':
            gc.collect()  # does nothing inside a collection
        else:
            x = []
            x.append(x)
    gc.callbacks.insert(0, entry)
THREADS = [1]  # 0: statements a THREAD puts on a thread run in place (recorder.c: the fuzzers' default, GCFUZZ_THREADS)
if sys.version_info[:2] == (3, 13):  # a no-op with the GIL; sys._is_gil_enabled() may be 1 while _gcfuzz loads
    try:
        # 3.13t makes every class and module-level function immortal once a second thread starts
        # (gh-117783), so no class would die after a THREAD; CPython's own refleak runs turn that off so
        # (test.support.suppress_immortalization), and rules.c allows THREADs on 3.13t only where it can
        __import__('_testinternalcapi').suppress_immortalization(True)
    except (ImportError, AttributeError):
        pass
def merge_point():
    # a call, whose start checks the eval breaker: on a free-threaded build, where this thread frees
    # its objects that another thread dropped last (biased reference counting, PEP 703), as the thread
    # did at once with the GIL.  3.13's Thread.join, Python code, has such checks after its wait;
    # this one keeps the statement's deaths inside it whatever join becomes
    pass
def started_by(f):
    # the line of the statement that _t runs, a THREAD's (its first with code: `global` has none), or
    # None: the line now (a finalizer's thread)
    code = getattr(f, '__code__', None)
    if code is None or code.co_name != '_t':
        return None
    return min((l for _, _, l in code.co_lines() if l and l > code.co_firstlineno), default=None)
def on_thread(f):
    # a THREAD's statement: f runs on a thread of its own, joined at once; what it raises is raised here.
    # Once the interpreter is finalizing, a thread that starts may never run: f runs in place
    if sys.is_finalizing() or not THREADS[0]:
        return f()
    raised = []
    def run():
        try:
            f()
        except BaseException as e:
            raised.append(e)
    t = threading.Thread(target=run, daemon=True)
    before = hand_over(started_by(f))
    try:
        t.start()
        t.join()
        merge_point()
    finally:
        hand_over(before)
    if raised:
        raise raised.pop()
def beside(f, what):
    # a THREAD's statement, its ways but own: f runs here while another thread collects once
    # ('collect') or makes lists that hold themselves, enough for one young collection to start there
    # ('garbage'), stopping early when f returns first; a switch interval of a microsecond lets the two
    # threads take turns at every eval-loop check.  Bounded, so that a beside costs what a thread does
    if sys.is_finalizing() or not THREADS[0]:
        return f()
    stop, interval = [], sys.getswitchinterval()
    rounds = 1 if what == 'collect' else gc.get_threshold()[0] + 1
    def other():
        for _ in range(rounds):
            if stop:
                break
            if what == 'collect':
                if gc.isenabled():  # as an automatic collection: none while the program turned them off
                    gc.collect()
            else:
                x = []
                x.append(x)
    t = threading.Thread(target=other, daemon=True)
    before = hand_over(started_by(f))
    sys.setswitchinterval(1e-6)
    try:
        t.start()
        return f()
    finally:
        stop.append(1)
        t.join()
        merge_point()
        sys.setswitchinterval(interval)
        hand_over(before)
def advance(g, steps):
    # started: suspended in its try block; two steps: finished, its finally block run
    g.send(None)
    if steps > 1:
        try:
            g.send(None)
        except StopIteration:
            pass
    return g
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
def held(f, v, chain=0):
    if chain:
        return chain_end(f, v)
    if v < 0:
        return f.args if f.__traceback__ is not None else ()
    if v == FUNC_METHOD:
        return (f.__self__,)
    if v == FUNC_LAMBDA:
        return f.__defaults__
    if v == FUNC_PARTIAL:
        return f.args
    return tuple(c.cell_contents for c in f.__closure__)
DEEP = object()  # marks a list or dict link of a chain: clear(), pop() and stash() leave chains alone
tallies = {}  # chain number -> (links, [finalized]) of a Link chain; emptied by the reset
class Link:
    __slots__ = ('next', 'tally')
    def __init__(self, n, tally):
        self.next, self.tally = n, tally
    def __del__(self):
        self.tally[0] += 1
def deep(x, form, k, _links=(list, tuple, dict, Link)):
    # a chain of CHAIN_DEPTHS[form // 4] links ending at x (operands.def's
    # CHAIN_LINK), built from the end: dropping it frees the links from the
    # head, each inside its predecessor's deallocation (the trashcan)
    link, n = form % len(_links), CHAIN_DEPTHS[form // len(_links)]
    tally = [0]
    for _ in range(n):
        x = [x, DEEP] if link == CHAIN_LIST else (x, DEEP) if link == CHAIN_TUPLE else {DEEP: x} if link == CHAIN_DICT else Link(x, tally)
    if link == CHAIN_LINK:
        tallies[k] = (n, tally)
    return x
def chained(c):
    return (type(c) is list and len(c) == 2 and c[1] is DEEP) or (type(c) is dict and len(c) == 1 and DEEP in c)
def chain_end(c, form, _types=(list, tuple, dict, Link)):
    # (x,) when c is an intact chain of its form ending at x; else ().  Not
    # whether a Link's __del__ ran: a live chain's may have, once, in a
    # collection that a finalizer's resurrection of what holds it undid
    link, n = form % len(_types), CHAIN_DEPTHS[form // len(_types)]
    t = _types[link]
    for _ in range(n):
        if type(c) is not t:
            return ()
        c = c[DEEP] if link == CHAIN_DICT else c.next if link == CHAIN_LINK else c[0]
    return (c,)
def chains_done():
    # at the teardown every Link chain's links were finalized once each
    # (G1, G2; PEP 442: a resurrected link is not finalized again when it
    # dies): (k, finalized, links) for the first chain whose were not
    for k, (n, tally) in sorted(tallies.items()):
        if tally[0] != n:
            return k, tally[0], n
    return None
def legacy(cls):
    # _testcapi.with_tp_del: cls's __tp_del__ becomes its tp_del, a legacy
    # finalizer (run at every deallocation; in cyclic garbage the collector
    # finalizes nothing it reaches and puts it in gc.garbage)
    from _testcapi import with_tp_del
    cls._legacy = 1
    return with_tp_del(cls)
def uncollectable():
    import gc
    return sum(s['uncollectable'] for s in gc.get_stats())
SET_ASIDE = [uncollectable()]  # the collections' count of it when free_legacy last looked
def free_legacy():
    # the teardown's: the legacy objects in gc.garbage let go of what they
    # hold, their attributes (all but _id: their tp_del records with it)
    # and their class's c<s>, and leave it, so that they and their cycles
    # are freed; how many there were, plus whether a collection set aside
    # garbage as reachable from a legacy object since the last call: a
    # legacy object it set aside, then freed by reference counting as the
    # garbage it freed let go of it, left what it held (set aside with it)
    # garbage for the next collection (gcmodule.c's delete_garbage runs
    # before handle_legacy_finalizers)
    import gc
    before, SET_ASIDE[0] = SET_ASIDE[0], uncollectable()
    found = [o for o in gc.garbage if type(o).__dict__.get('_legacy')]
    for o in found:
        for k in [k for k in o.__dict__ if k != '_id']:
            del o.__dict__[k]
        for k in [k for k in type(o).__dict__ if k[0] == 'c' and k[1:].isdigit()]:
            delattr(type(o), k)
    gc.garbage[:] = [o for o in gc.garbage if not type(o).__dict__.get('_legacy')]
    return len(found) + (SET_ASIDE[0] > before)
def clear(c):
    if chained(c):
        return
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
def walk(make):
    # make() walks a dict or set that a finalizer or callback run by a
    # collection inside the walk may change: CPython then raises
    # RuntimeError.  Each finalizer and callback runs at most once, so a
    # later walk goes through; the bound only keeps a broken one finite.
    for _ in range(64):
        try:
            return make()
        except RuntimeError:
            pass
    return make()
def call(w):
    return w() if type(w) is weakref.ref else None
def weak(o, s):
    # a weak reference to what attribute a<s> holds strongly; None for a
    # weak reference there (a WeakMethod would accept one; the others not)
    try:
        x = getattr(o, 'a%d' % s)
        return None if issubclass(type(x), weakref.ref) else weakref.ref(x)
    except (AttributeError, TypeError):
        return None
class Meta(type):
    # the metaclass of FLAVOR_META classes (and of their subclasses): its
    # __del__ is each class's own finalizer, recording the callback number
    # in the class's own _k
    def __del__(cls, _called=called):
        _called(cls.__dict__['_k'])
def method(o):
    # this function bound to o: what weakref.WeakMethod takes (a method of
    # o whose function lives as long as the program)
    return method.__get__(o)
def weak_self(o, _called=called):
    try:
        return weakref.ref(o, lambda r, _c=_called, _k=BODY_CALLBACKS + o._id: _c(_k))
    except TypeError:
        return None
def stash(c, x):
    # x into slot SLOTS-1 of a container or program instance, or as a member;
    # nothing into what has no such slot (the model follows the same rule)
    if chained(c):
        return
    try:
        if isinstance(c, list):
            c[len(c) // SLOTS * SLOTS - 1] = x
        elif type(c) in (set, weakref.WeakSet):
            c.add(x)
        elif type(c) is weakref.WeakKeyDictionary:
            c[x] = 0
        elif type(c) is weakref.WeakValueDictionary:
            c['k%d' % (SLOTS - 1)] = x
        elif isinstance(c, dict):
            # the slot's key as the dict's keys go: 3 or 'k3'; an empty one,
            # a dict subclass's instance too, gets nothing (never an attribute)
            if c:
                c[SLOTS - 1 if type(next(iter(c))) is int else 'k%d' % (SLOTS - 1)] = x
        elif getattr(c, '_id', None) is not None and not isinstance(c, tuple):
            setattr(c, 'a%d' % (SLOTS - 1), x)
    except (TypeError, AttributeError):
        pass
def pop(c):
    # one entry out: a list's first item set to None, any other's one entry
    if chained(c):
        return
    try:
        if isinstance(c, list):
            for i, x in enumerate(c):
                if x is not None:
                    c[i] = None
                    return
        elif isinstance(c, set) or type(c) is weakref.WeakSet:
            c.pop()
        elif isinstance(c, dict) or type(c) in (weakref.WeakValueDictionary, weakref.WeakKeyDictionary):
            c.popitem()
    except (KeyError, TypeError):
        pass
