/* result.c — run results (result.h). */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *outcome_name(int outcome)
{
    static const char *const names[] = {"pass", "violation", "crash", "hang", "leak", "error"};
    return outcome >= 0 && outcome <= OUTCOME_ERROR ? names[outcome] : "?";
}

void result_fail(struct run_result *r, int outcome, int guarantee, const char *fmt, ...)
{
    va_list ap;
    memset(r, 0, sizeof *r);
    r->outcome = (uint8_t)outcome;
    r->guarantee = (uint8_t)guarantee;
    r->number = -1;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

void result_about(struct run_result *r, int subject, int number)
{
    r->subject = (uint8_t)subject;
    r->number = (int16_t)number;
}
