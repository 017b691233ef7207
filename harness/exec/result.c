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

const char *subject_name(int subject)
{
    static const char *const names[] = {"none", "object", "callback", "name", "class"};
    return subject >= 0 && subject <= SUBJECT_CLASS ? names[subject] : "?";
}

/* s as a JSON string: quotes, backslashes and control bytes escaped; bytes
 * of 0x80 and above go through as they are (messages are ASCII or UTF-8). */
static void write_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void result_write_json(FILE *out, const char *input, const char *python, const struct run_result *r)
{
    fputs("{\"input\": ", out);
    write_json_string(out, input);
    fputs(", \"python\": ", out);
    write_json_string(out, python);
    fprintf(out, ", \"outcome\": \"%s\", \"guarantee\": %d, \"subject\": \"%s\", \"number\": %d, \"line\": %u, \"signal\": %d",
            outcome_name(r->outcome), r->guarantee, subject_name(r->subject), r->number, r->line, r->signal);
    fputs(", \"frames\": [", out);
    for (int i = 0; i < RESULT_FRAMES && r->frames[i][0]; i++) {
        fputs(i ? ", " : "", out);
        write_json_string(out, r->frames[i]);
    }
    fputs("], \"report\": ", out);
    write_json_string(out, r->report);
    fputs(", \"message\": ", out);
    write_json_string(out, r->message);
    fputs("}\n", out);
    fflush(out);
}
