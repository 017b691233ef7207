# gh-91636, free-threaded 3.13 (known, fixed upstream): a weak reference that a finalizer makes to its own cyclic garbage outlives the collector's tp_clear of it, so another thread can take the cleared object from it (fixed by GH-136401, backported to 3.13 in PR 144214)
# Found by gcfuzz's libFuzzer campaign on free-threaded 3.13.5 in threads
# mode (G7, "r2 is not o0"), reduced by hand.  Under python3.13t (3.13.5)
# the assert fails (60-75 of 2000 rounds here); under 3.11.2 and 3.13.0
# (GIL builds) it passes: there no other thread runs while the collector
# clears.
import gc, sys, threading, weakref

class A:
    def __init__(self, i): self._id = i
    def __del__(self):
        globals()['w%d' % self._id] = weakref.ref(self)   # made while the collector finalizes self

class B:
    def __init__(self, i): self._id = i
    def __del__(self):
        w = globals().get('w0')
        globals()['r%d' % self._id] = w() if type(w) is weakref.ref else None

def beside(f):
    # f() runs here while another thread collects
    stop = []
    def other():
        for _ in range(1):
            if stop: break
            gc.collect()
    t = threading.Thread(target=other, daemon=True)
    iv = sys.getswitchinterval(); sys.setswitchinterval(1e-6)
    try:
        t.start(); f()
    finally:
        stop.append(1); t.join(); sys.setswitchinterval(iv)

bad = 0
for i in range(2000):
    a0 = A(0); a0.me = a0
    del a0                       # cyclic garbage with a finalizer
    b2 = B(2)
    def drop():
        global b2
        del b2                   # B's finalizer takes what w0 gives
    beside(drop)
    gc.collect()
    r2 = globals().get('r2')
    if r2 is not None and getattr(r2, '_id', None) != 0:
        bad += 1                 # holds an A the collector cleared: its __dict__ is empty
    for n in ('r2', 'w0'):
        globals().pop(n, None)
    gc.collect()
assert bad == 0, '%d of 2000 rounds: a weak reference gave an object that the collector had cleared' % bad
