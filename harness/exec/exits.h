/* exits.h — the interpreter's exit, checked (docs/oracle.md "At interpreter
 * exit", G14).  A program's _g.shutdown() forks: the child leaves the
 * program there, ends the interpreter (Py_FinalizeEx) with the program's
 * names in __main__, as a script's are, checks what the recorder saw
 * against what CPython promises at exit, and sends that result to the
 * parent; the parent, given it, goes on with the program.  A child costs
 * tens of milliseconds (bench/): engines and soaks fork only when asked. */
#ifndef GCFUZZ_EXITS_H
#define GCFUZZ_EXITS_H

#include <Python.h>

#include "result.h"

/* What _g.shutdown() does: nothing (OFF), or fork, the child printing what
 * the interpreter prints while it ends (ON: for people reproducing), or
 * printing nothing but a sanitizer's report (QUIET: campaigns and soaks,
 * whose logs would fill with what debugging flags and finalizers print at
 * exit).  Unless set, GCFUZZ_SHUTDOWN=0 or 1 decides, and without it: ON. */
enum exits_mode { EXITS_OFF, EXITS_ON, EXITS_QUIET };
void exits_enable(enum exits_mode mode);
int exits_enabled(void);

/* GCFUZZ_SHUTDOWN's 0 or 1, or `otherwise` when it is not set: what an
 * engine or a soak, which do not fork unless asked, decides by. */
int exits_asked(int otherwise);

/* What a program's _g.shutdown() ends: the interpreter (Py_FinalizeEx), or
 * a sub-interpreter (Py_EndInterpreter), in which the child runs the program
 * again from its first line (runner.c), since the program's objects live in
 * the harness's interpreter and cannot move to another. */
enum exits_way { EXITS_INTERPRETER, EXITS_SUBINTERPRETER };

/* At _g.shutdown(): fork.  Returns 1 in the child, which goes on to
 * exits_end() (or, for a sub-interpreter, runs the program again first);
 * 0 in the parent once the child is done, with its result in res (PASS,
 * or the guarantee it found broken, a crash or a hang). */
int exits_fork(struct run_result *res, enum exits_way way);

/* In the child: what it ends. */
enum exits_way exits_child_way(void);

/* 1 in the child that is to end the interpreter. */
int exits_in_child(void);

/* In the child, once the program has stopped at _g.shutdown(): its names
 * (ns, a reference taken over) into __main__, the interpreter ended, the
 * recorder's verdict sent to the parent; the process exits. */
void exits_end(PyObject *ns) __attribute__((noreturn));

/* The same for a sub-interpreter, the current one: its __main__ gets the
 * names, Py_EndInterpreter ends it, `harness` (the thread state of the
 * interpreter the child was forked in) is made current again for the
 * verdict. */
void exits_end_subinterpreter(PyObject *ns, PyThreadState *harness) __attribute__((noreturn));

/* In the child: res is its result (a program run again in a
 * sub-interpreter failed before its shutdown()); the process exits. */
void exits_send(const struct run_result *res) __attribute__((noreturn));

#endif
