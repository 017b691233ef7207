# The helpers gcfuzz programs call (_g.gen, _g.cell, ...) and the shape checks
# use (find, held).  Shared by both recorders: recorder.c runs this file in
# the _gcfuzz module, where `closed` is the module's own; render.c pastes it
# into every script's pure-Python recorder, inside a function given `closed`.
# Both run the constants of lift/constants.c (FUNC_*, ...) first.
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
    if v == FUNC_METHOD:
        return (f.__self__,)
    if v == FUNC_LAMBDA:
        return f.__defaults__
    if v == FUNC_PARTIAL:
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
