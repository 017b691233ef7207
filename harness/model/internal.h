/* internal.h — what the model's files share and nobody else may use. */
#ifndef GCFUZZ_MODEL_INTERNAL_H
#define GCFUZZ_MODEL_INTERNAL_H

#include "model.h"

/* settle.c: after an operation changed the graph, find what died and run
 * what reference counting runs; 0 if a finalizer whose effect depends on
 * timing would be left pending. */
int model_settle(struct model *m, struct model_step *step);

/* settle.c: 0 if a pending resurrecting finalizer would bring back
 * something whose state the model cannot state after the collection. */
int model_resurrection_certain(const struct model *m);

/* settle.c: _g.clear(o): a list's items become None, a dict's or set's
 * (weak or not) entries go; anything else is left alone. */
void model_clear_container(struct model *m, int obj);

/* settle.c: a full collection frees the pending garbage it can reach. */
void model_collect(struct model *m, struct model_step *step);

/* settle.c: advance every callback's state after operation `now`. */
void model_update_callbacks(struct model *m, int now, int teardown);

#endif
