/* result.h — what running one program came to, as a value: filled where
 * the failure is detected (the recorder, the runner, a supervising
 * process), read by the tools; text for people is made from it at the edge
 * and kept in `message`, never parsed back. */
#ifndef GCFUZZ_RESULT_H
#define GCFUZZ_RESULT_H

#include <stdint.h>
#include <stdio.h>

/* The guarantees of docs/oracle.md are G1 to G<GCFUZZ_GUARANTEES> */
#define GCFUZZ_GUARANTEES 15

enum outcome {
    OUTCOME_PASS,
    OUTCOME_VIOLATION, /* a guarantee (G1..G14) broke: the interpreter is wrong */
    OUTCOME_CRASH,     /* G12: the interpreter died on a signal or a sanitizer's report */
    OUTCOME_HANG,      /* G12: no result within the time limit */
    OUTCOME_LEAK,      /* G12: references not given back (debug builds) */
    OUTCOME_ERROR,     /* not a verdict on the interpreter: unreadable input, malformed expectations */
};

/* What `number` names */
enum subject {
    SUBJECT_NONE,
    SUBJECT_OBJECT,   /* object o<n> */
    SUBJECT_CALLBACK, /* the callback of weak reference w<n> */
    SUBJECT_NAME,     /* name o<n> */
    SUBJECT_CLASS,    /* class C<n> */
};

#define RESULT_FRAMES 3 /* top frames of a crash kept for its signature */

struct run_result {
    uint8_t outcome;   /* enum outcome */
    uint8_t guarantee; /* n of Gn; 0 with PASS and ERROR */
    uint8_t subject;   /* enum subject */
    int16_t number;    /* the object, callback, name or class the failure is about; -1: none */
    unsigned line;     /* the program line where it was detected; 0: none */
    int signal;        /* CRASH: the signal */
    char frames[RESULT_FRAMES][64]; /* CRASH: innermost frames inside the interpreter, "" when unknown */
    char report[48];   /* CRASH: what a sanitizer reported ("heap-use-after-free"), "" for a signal */
    char message[640]; /* one line for people, starting with "Gn" or "ERROR" */
};

static inline int result_failed(const struct run_result *r) { return r->outcome != OUTCOME_PASS; }

/* "pass", "violation", "crash", "hang", "leak", "error" */
const char *outcome_name(int outcome);

/* Set r to a failure, with a printf-style message. */
void result_fail(struct run_result *r, int outcome, int guarantee, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Name what the failure is about. */
void result_about(struct run_result *r, int subject, int number);

/* "none", "object", "callback", "name", "class" */
const char *subject_name(int subject);

/* Write r as one JSON object on one line (JSON Lines), with the input it is
 * about and the interpreter it ran under (runner_python_tag()): how results
 * leave a process as values (gcfuzz-replay --results, read by gcfuzz-diff). */
void result_write_json(FILE *out, const char *input, const char *python, const struct run_result *r);

#endif
