/* internal.h — what the model's files share and nobody else may use. */
#ifndef GCFUZZ_MODEL_INTERNAL_H
#define GCFUZZ_MODEL_INTERNAL_H

#include "model.h"

/* settle.c: after an operation changed the graph, find what died and run
 * what reference counting runs; 0 if a finalizer whose effect depends on
 * timing would be left pending. */
int model_settle(struct model *m, struct model_step *step);

/* settle.c: _g.clear(o): a list's items become None, a dict's or set's
 * (weak or not) entries go; anything else is left alone. */
void model_clear_container(struct model *m, int obj);

/* settle.c: a full collection frees the pending garbage it can reach. */
void model_collect(struct model *m, struct model_step *step);

/* open.c: make a place open, adding `values` (a set) to what it may hold. */
void model_open_name(struct model *m, int n, uint32_t values);
void model_open_kept(struct model *m, int n, uint32_t values);
void model_open_attr(struct model *m, int cls, int s, uint32_t values);
void model_open_slot(struct model *m, int store, int s, uint32_t values);

/* open.c: the places a body or a callback may write, opened. */
void model_open_body(struct model *m, int obj);
/* The bodies of `objs`, run in an order the model does not know: each opened after every other. */
void model_open_bodies(struct model *m, uint32_t objs);
void model_open_callback(struct model *m, int k);

/* open.c: of a set of objects, those not certainly freed. */
uint32_t model_not_freed(const struct model *m, uint32_t set);
/* What a weak reference the model lost track of (in an open slot) may lead
 * to: any object not certainly freed. */
uint32_t model_any_weak_target(const struct model *m);

/* open.c: every effect that may still run, opened again. */
void model_open_effects(struct model *m);

/* open.c: a body that changes nothing the model follows, whenever it runs. */
int model_body_certain_anytime(int body);

/* open.c: obj is no longer certainly reachable: LIFE_OPEN from operation now. */
void model_mark_open(struct model *m, int obj, int now);

/* settle.c: advance every callback's state after operation `now`. */
void model_update_callbacks(struct model *m, int now, int teardown);

/* What every checking finalizer run at `now` found is open. */
void model_open_checks(struct model *m, int now);

#endif
