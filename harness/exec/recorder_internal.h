/* recorder_internal.h — what the native recorder's files share: the
 * violation being recorded, and the object checks of survivors.c. */
#ifndef GCFUZZ_RECORDER_INTERNAL_H
#define GCFUZZ_RECORDER_INTERNAL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "result.h"
#include "shape.h"

#include <stdint.h>

/* Record a violation of guarantee Gn about `subject` `number` at `line`:
 * the one the next raised Violation reports.  Returns 1, so that checks
 * read `return violate(...)`. */
int violate(int guarantee, int subject, int number, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The same, kept aside for the next verdict: a problem seen inside a
 * finalizer (G6, G8), reported after the checks that come first. */
void violate_late(int guarantee, int number, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int late_recorded(void);

/* The line the program (the outermost frame) is at. */
unsigned program_line(void);

/* The _id an object carries, -1 without one. */
long object_id(PyObject *obj);

/* The interned str "<letter><n>" (o3, r0, a2, k1, c0, C4: the names a
 * program binds), borrowed: made once, kept while the interpreter lives.
 * n < RECORDER_NAME_NUMBERS. */
#define RECORDER_NAME_NUMBERS 16
PyObject *recorder_name(char letter, int n);

/* Checking objects against shapes.  `table` holds the shapes: deep checks
 * (survivors) follow references into the objects they name; shallow ones
 * (a finalizer's own object at its death) only check what each slot holds. */
struct look {
    const struct shape *table;
    const uint8_t *known;
    int deep;
    uintptr_t seen[SHAPE_MAX_IDS]; /* the object each id was found to be */
    int object;                    /* the id a problem was found on */
    char problem[256];
};

void look_start(struct look *lk, const struct shape *table, const uint8_t *known, int deep);

/* 0 if obj is object i as the table says (or i has no shape), else 1 with
 * lk->problem and lk->object set; `where` says how obj was reached. */
int look(struct look *lk, PyObject *obj, int i, const char *where);

/* 1 if strong slot `slot` (a shallow check) does not hold its object:
 * the wrong _id, or the wrong type. */
int holds_wrong(PyObject *v, const struct shape_slot *slot);

/* What the recorder checks a finalizer's object with (deaths_are) */
extern struct shape death_shapes[SHAPE_MAX_IDS];
extern uint8_t has_death[SHAPE_MAX_IDS];

/* G7 and G8 over the namespace ns at a checkpoint; 1 on a violation. */
int check_survivors(PyObject *ns, const struct alive *a, unsigned at);

/* The helpers checks use (exec/helpers.py): find(container, id), held(f, variant) */
extern PyObject *helper_find, *helper_held, *helper_chains_done, *helper_tallies, *helper_free_legacy;

#endif
