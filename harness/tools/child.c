/* child.c — see child.h.  Nothing here decides a verdict: results come from
 * the runner, or from how the child died. */
#include "child.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void child_run_here(const struct input_file *f, const char *name, struct run_result *res)
{
    if (f->is_script)
        runner_run_script(f->data, f->size, name, res);
    else
        runner_run_input((const uint8_t *)f->data, f->size, res);
}

void child_run_forked(const struct input_file *f, const char *name, unsigned timeout, struct run_result *res)
{
    int fds[2];
    memset(res, 0, sizeof *res);
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        child_run_here(f, name, res);
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        /* the parent reports how the child died: no in-process guard here */
        static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM};
        for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
            signal(fatal[i], SIG_DFL);
        close(fds[0]);
        alarm(timeout);
        child_run_here(f, name, res);
        ssize_t w = write(fds[1], res, sizeof *res);
        _exit(w == (ssize_t)sizeof *res ? 0 : 3);
    }
    close(fds[1]);
    ssize_t got = pid > 0 ? read(fds[0], res, sizeof *res) : -1;
    close(fds[0]);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (got == (ssize_t)sizeof *res && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    memset(res, 0, sizeof *res);
    res->failed = 1;
    snprintf(res->guarantee, sizeof res->guarantee, "G12");
    if (pid < 0)
        snprintf(res->message, sizeof res->message, "ERROR cannot fork to run %s", name);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        snprintf(res->message, sizeof res->message, "G12 the interpreter hung: no result after %us", timeout);
    else if (WIFSIGNALED(status))
        snprintf(res->message, sizeof res->message, "G12 the interpreter crashed: %s (signal %d)",
                 strsignal(WTERMSIG(status)), WTERMSIG(status));
    else
        snprintf(res->message, sizeof res->message, "G12 the interpreter exited with status %d",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static const char *volatile current = "(start-up)";

static void on_fatal(int sig)
{
    const char *what = sig == SIGALRM ? "hung (timeout)" : "crashed";
    /* async-signal-safe output only */
    (void)!write(2, "gcfuzz: G12 the interpreter ", 28);
    (void)!write(2, what, strlen(what));
    (void)!write(2, " while running ", 15);
    (void)!write(2, current, strlen(current));
    (void)!write(2, "\n", 1);
    signal(sig, SIG_DFL);
    raise(sig == SIGALRM ? SIGABRT : sig);
}

void child_guard_install(void)
{
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], on_fatal);
}

void child_guard_current(const char *name, unsigned timeout)
{
    current = name;
    alarm(timeout);
}
