/* exits.c — see exits.h.  The verdict at exit is the recorder's
 * (recorder_exit_verdict); here: the fork, the child's life, and how the
 * parent reads a child that died instead of answering. */
#include "exits.h"

#include "recorder.h"
#include "shape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define EXITS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXITS_ASAN 1
#endif
#endif
#ifdef EXITS_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#define EXIT_TIMEOUT SHAPE_EXIT_SECONDS

static int mode = -1; /* enum exits_mode; -1: not chosen, GCFUZZ_SHUTDOWN decides */
static int out = -1;     /* in the child: the pipe its result goes to; -1 elsewhere */
static enum exits_way child_way; /* in the child: what it ends */

int exits_asked(int otherwise)
{
    const char *v = getenv("GCFUZZ_SHUTDOWN");
    return v && *v ? strcmp(v, "0") != 0 : otherwise;
}

void exits_enable(enum exits_mode m) { mode = m; }

int exits_enabled(void)
{
    if (mode < 0)
        mode = exits_asked(1) ? EXITS_ON : EXITS_OFF;
    return mode != EXITS_OFF;
}

int exits_in_child(void) { return out >= 0; }

enum exits_way exits_child_way(void) { return child_way; }

/* The child dies of what kills it, not in an engine's handler (which would
 * report the input itself, as if the parent had crashed); AddressSanitizer
 * keeps its own, so that its report is printed. */
static void default_signals(void)
{
    static const int signals[] = {SIGABRT, SIGILL, SIGFPE, SIGALRM,
#ifndef EXITS_ASAN
                                  SIGSEGV, SIGBUS,
#endif
    };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        signal(signals[i], SIG_DFL);
}

static ssize_t read_all(int fd, void *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, (char *)buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* The child died or exited without a result. */
static void died(int status, struct run_result *res)
{
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        result_fail(res, OUTCOME_HANG, 12, "G12 the interpreter hung at exit: not ended after %ds", EXIT_TIMEOUT);
    else if (WIFSIGNALED(status)) {
        result_fail(res, OUTCOME_CRASH, 12, "G12 the interpreter crashed at exit: %s (signal %d)",
                    strsignal(WTERMSIG(status)), WTERMSIG(status));
        res->signal = WTERMSIG(status);
    } else
        result_fail(res, OUTCOME_CRASH, 12, "G12 the interpreter exited with status %d at exit, without a result "
                    "(a sanitizer's report?)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int exits_fork(struct run_result *res, enum exits_way way)
{
    int fds[2];
    memset(res, 0, sizeof *res);
    res->number = -1;
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        result_fail(res, OUTCOME_ERROR, 0, "ERROR no pipe for the interpreter's exit: %s", strerror(errno));
        return 0;
    }
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        PyOS_AfterFork_Child();
        close(fds[0]);
        out = fds[1];
        child_way = way;
        default_signals();
        alarm(EXIT_TIMEOUT);
        return 1;
    }
    PyOS_AfterFork_Parent();
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        result_fail(res, OUTCOME_ERROR, 0, "ERROR cannot fork for the interpreter's exit: %s", strerror(errno));
        return 0;
    }
    /* the child's result, or nothing if it died first */
    ssize_t got = read_all(fds[0], res, sizeof *res);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got != (ssize_t)sizeof *res || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        memset(res, 0, sizeof *res);
        res->number = -1;
        died(status, res);
    }
    return 0;
}

/* The program's names into __main__, where a script's live (dunder names
 * stay __main__'s own). */
static void into_main(PyObject *ns)
{
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    PyObject *d = main ? PyModule_GetDict(main) : NULL;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (d && PyDict_Next(ns, &pos, &k, &v))
        if (!PyUnicode_Check(k) || PyUnicode_GET_LENGTH(k) < 2 || PyUnicode_READ_CHAR(k, 0) != '_' ||
            PyUnicode_READ_CHAR(k, 1) != '_')
            PyDict_SetItem(d, k, v);
    PyErr_Clear();
}

/* EXITS_QUIET: what the interpreter prints while it ends (exceptions
 * ignored in finalizers, expected at exit; what debugging flags print,
 * through sys.stderr or, once sys is gone, C's stderr) goes to /dev/null; a
 * sanitizer's report still reaches the original standard error. */
static void quiet(void)
{
    int devnull = open("/dev/null", O_WRONLY);
    int saved = dup(2);
    if (devnull < 0 || saved < 0)
        return;
#ifdef EXITS_ASAN
    __sanitizer_set_report_fd((void *)(intptr_t)saved);
#endif
    fflush(stderr);
    dup2(devnull, 2);
    close(devnull);
}

/* What every child does last: its result to the parent, then exit. */
void exits_send(const struct run_result *given)
{
    struct run_result res = *given;
    if (child_way == EXITS_SUBINTERPRETER && result_failed(&res))
        strncat(res.message, " (a sub-interpreter)", sizeof res.message - strlen(res.message) - 1);
    ssize_t w = write(out, &res, sizeof res);
    int code = w == (ssize_t)sizeof res ? 0 : 3;
    /* _exit: nothing of the parent's runs again in the child.  But a
       libpython built with clang's source-based coverage writes its profile
       in an atexit handler (LLVM_PROFILE_FILE names where: the child's own
       file with %p): there exit() lets it, so that the interpreter's exit
       counts too (scripts/collector-coverage.sh) */
    if (getenv("LLVM_PROFILE_FILE"))
        exit(code);
    _exit(code);
}

/* The program stopped at _g.shutdown(): its names into the current
 * interpreter's __main__, what that interpreter prints while it ends sent
 * away unless asked for. */
static void before_the_end(PyObject *ns)
{
    PyErr_Clear(); /* the exception that stopped the program at _g.shutdown() */
    into_main(ns);
    Py_DECREF(ns);
    if (mode == EXITS_QUIET)
        quiet();
}

void exits_end(PyObject *ns)
{
    struct run_result res;
    before_the_end(ns);
    Py_FinalizeEx(); /* -1 only if flushing the standard streams failed */
    recorder_exit_verdict(&res);
    exits_send(&res);
}

void exits_end_subinterpreter(PyObject *ns, PyThreadState *harness)
{
    struct run_result res;
    before_the_end(ns);
    Py_EndInterpreter(PyThreadState_Get());
    PyThreadState_Swap(harness);
    recorder_exit_verdict(&res);
    exits_send(&res);
}
