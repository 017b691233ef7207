#!/usr/bin/env python3
"""threads.py -- what a THREAD costs a program: microseconds per statement
run plainly, on a thread of its own (helpers.py's on_thread) and beside a
thread that collects or makes garbage (beside), under the python running
it, with the interpreter's start-up objects frozen as the harness freezes
them.  The statement is a name binding, so the figures are the ways' own
cost.  Thread hand-offs need the OS to run the other thread: run it on a
quiet machine, as every speed figure.

    python3 bench/threads.py [--runs N]
"""
import argparse
import gc
import os
import sys
import time

HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness", "exec", "helpers.py")


def load_helpers():
    """helpers.py's functions, as the pure-Python recorder loads them (inside
    a function given the recorder's callbacks; these do nothing here)."""
    source = "def _helpers(closed, called, raises, gc_phase):\n"
    for line in open(HELPERS):
        source += "    " + line
    source += "    return locals()\n"
    space = {}
    exec(source, space)
    nothing = lambda *a, **k: None
    return space["_helpers"](nothing, nothing, nothing, nothing)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2000, help="statements per way (default 2000)")
    runs = parser.parse_args().runs
    h = load_helpers()
    gc.collect()
    gc.freeze()
    box = []

    def statement():
        box[:] = [1]

    ways = (("plain", statement), ("own", lambda: h["on_thread"](statement)),
            ("collect", lambda: h["beside"](statement, "collect")),
            ("garbage", lambda: h["beside"](statement, "garbage")))
    print("CPython %s: microseconds per statement, %d runs each" % (sys.version.split()[0], runs))
    for name, run in ways:
        start = time.perf_counter()
        for _ in range(runs):
            run()
        print("%-8s %8.1f" % (name, (time.perf_counter() - start) / runs * 1e6))


if __name__ == "__main__":
    main()
