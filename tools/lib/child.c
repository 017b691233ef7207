/* child.c — see child.h.  Nothing here decides a verdict: results come from
 * the runner, or from how the child died.  The child's fatal-signal handler
 * only records raw return addresses and where each module is loaded, in a
 * page it shares with the parent, then dies of the same signal; naming the
 * frames (symbolize.c) is the parent's work.  Under AddressSanitizer a report
 * ends the child with an exit status instead: its death callback records the
 * same frames and the report's kind. */
#include "child.h"

#include "symbolize.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define GCFUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GCFUZZ_ASAN 1
#endif
#endif
#ifdef GCFUZZ_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define MAX_FRAMES 48

/* What a dying child leaves for its parent */
struct crash_record {
    int signal, n;
    char report[48]; /* a sanitizer's report kind; "" when none */
    struct {
        uintptr_t address, base;
        char module[200];
    } frame[MAX_FRAMES];
};

static struct crash_record *crash; /* shared with the child, while one runs */

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

static void record_frames(void)
{
    void *addrs[MAX_FRAMES];
    int n = backtrace(addrs, MAX_FRAMES);
    for (int i = 0; i < n; i++) {
        Dl_info info;
        crash->frame[i].address = (uintptr_t)addrs[i];
        if (dladdr(addrs[i], &info) && info.dli_fname) {
            crash->frame[i].base = (uintptr_t)info.dli_fbase;
            snprintf(crash->frame[i].module, sizeof crash->frame[i].module, "%s", info.dli_fname);
        }
    }
    crash->n = n;
}

static void record_crash(int sig)
{
    crash->signal = sig;
    record_frames();
    signal(sig, SIG_DFL);
    raise(sig);
}

#ifdef GCFUZZ_ASAN
/* Called by the sanitizer runtime after it printed a report (AddressSanitizer's,
 * or UBSan's with recovery off), before it exits. */
static void sanitizer_died(void)
{
    const char *kind = __asan_report_present() ? __asan_get_report_description() : "undefined-behaviour";
    snprintf(crash->report, sizeof crash->report, "%s", kind && *kind ? kind : "sanitizer-report");
    record_frames();
}
#endif

void child_run_here(const struct input_file *f, const char *name, struct run_result *res)
{
    if (f->is_script)
        runner_run_script(f->data, f->size, name, res);
    else
        runner_run_input((const uint8_t *)f->data, f->size, res);
}

/* The child: run, send the result, exit. */
static void run_child(const struct input_file *f, const char *name, unsigned timeout, int out)
{
    struct run_result res;
    void *warm[1];
    backtrace(warm, 1); /* loads what backtrace() needs now, not in the handler */
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        signal(fatal_signals[i], record_crash);
#ifdef GCFUZZ_ASAN
    __sanitizer_set_death_callback(sanitizer_died);
#endif
    signal(SIGALRM, SIG_DFL);
    alarm(timeout);
    child_run_here(f, name, &res);
    ssize_t w = write(out, &res, sizeof res);
    _exit(w == (ssize_t)sizeof res ? 0 : 3);
}

static int inside_interpreter(const char *module)
{
    const char *base = strrchr(module, '/') ? strrchr(module, '/') + 1 : module;
    return strncmp(base, "libpython", 9) == 0;
}

/* The innermost frames inside libpython, named, into res->frames. */
static void name_frames(struct run_result *res)
{
    int kept = 0;
    for (int i = 0; i < crash->n && kept < RESULT_FRAMES; i++) {
        if (!inside_interpreter(crash->frame[i].module))
            continue;
        /* a return address points after the call: look up the call itself */
        symbolize(crash->frame[i].module, crash->frame[i].base, crash->frame[i].address - 1, res->frames[kept],
                  sizeof res->frames[kept]);
        if (!symbol_is_inline_helper(res->frames[kept]))
            kept++;
    }
    if (kept < RESULT_FRAMES)
        res->frames[kept][0] = '\0';
}

/* Where a crash happened, on its message: " in f < g < h". */
static void append_frames(struct run_result *res)
{
    size_t used = strlen(res->message);
    for (int i = 0; i < RESULT_FRAMES && res->frames[i][0]; i++)
        used += (size_t)snprintf(res->message + used, sizeof res->message - used, "%s%s", i ? " < " : " in ",
                                 res->frames[i]);
}

static void crashed(struct run_result *res, int sig)
{
    result_fail(res, OUTCOME_CRASH, 12, "G12 the interpreter crashed: %s (signal %d)", strsignal(sig), sig);
    res->signal = sig;
    if (crash->signal == sig)
        name_frames(res);
    append_frames(res);
}

static void sanitizer_reported(struct run_result *res)
{
    result_fail(res, OUTCOME_CRASH, 12, "G12 the sanitizer reported %s", crash->report);
    snprintf(res->report, sizeof res->report, "%s", crash->report);
    name_frames(res);
    append_frames(res);
}

void child_run_forked(const struct input_file *f, const char *name, unsigned timeout, struct run_result *res)
{
    int fds[2];
    fflush(stdout);
    fflush(stderr);
    if (!crash)
        crash = mmap(NULL, sizeof *crash, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (crash == MAP_FAILED || pipe(fds) != 0) {
        crash = NULL;
        child_run_here(f, name, res);
        return;
    }
    memset(crash, 0, sizeof *crash);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        run_child(f, name, timeout, fds[1]);
    }
    close(fds[1]);
    ssize_t got = pid > 0 ? read(fds[0], res, sizeof *res) : -1;
    close(fds[0]);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (got == (ssize_t)sizeof *res && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    if (pid < 0)
        result_fail(res, OUTCOME_ERROR, 0, "ERROR cannot fork to run %s", name);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        result_fail(res, OUTCOME_HANG, 12, "G12 the interpreter hung: no result after %us", timeout);
    else if (WIFSIGNALED(status))
        crashed(res, WTERMSIG(status));
    else if (crash->report[0])
        sanitizer_reported(res);
    else
        result_fail(res, OUTCOME_CRASH, 12, "G12 the interpreter exited with status %d",
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
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        signal(fatal_signals[i], on_fatal);
    signal(SIGALRM, on_fatal);
}

void child_guard_current(const char *name, unsigned timeout)
{
    current = name;
    alarm(timeout);
}
