/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROC_H
#define SP_PROC_H

/* The processor interface: what an insert is.
 *
 * A processor class is a const descriptor: a name, a one-line summary, a
 * parameter table (name, unit, default, range) that shared code parses and
 * range-checks (processors never see YAML), flags, the size of its private
 * state and its lifecycle:
 *
 *   prepare  coefficients and buffers, from parameter values; may fail
 *   process  in-place on planar float32 channels; never allocates, never
 *            does I/O, never fails
 *   reset    back to the state right after prepare
 *   release  frees what prepare allocated
 *
 * Latency and tail are data the planner reads (latency_frames, tail_frames),
 * never something a processor compensates itself. A class is defined in
 * core/procs/<name>.c and made known by one SP_PROC(<name>) line in
 * core/procs/list.h: the recipe parser, `stemprint help inserts` and the
 * contract tests all walk the same registry. */

#include "core/diag.h"
#include "core/units.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sp_param {
  const char *name;
  sp_unit unit;
  double def; /* default, in the unit's natural scale */
  double min; /* inclusive; -INFINITY allowed for levels */
  double max;
  const char *help;
} sp_param;

enum {
  SP_PROC_MEMORY = 1u << 0,           /* output depends on past input */
  SP_PROC_SIGNAL_DEPENDENT = 1u << 1, /* nonlinear: must be linked across stems */
  SP_PROC_TAKES_KEY = 1u << 2,        /* accepts a sidechain key input */
};

typedef struct sp_proc_env {
  double sample_rate;
  int channels;            /* 1 or 2 */
  size_t max_block_frames; /* process() is never called with more */
} sp_proc_env;

typedef struct sp_proc_class {
  const char *name;
  const char *summary;
  const sp_param *params;
  size_t n_params;
  int primary_param; /* index set by the scalar shorthand `- gain: -3 dB`; -1 none */
  unsigned flags;
  size_t state_size;
  /* params[i] is the value of params table entry i. On failure write why. */
  sp_err (*prepare)(void *state, const double *params, const sp_proc_env *env, char *why,
                    size_t why_size);
  void (*process)(void *state, float *const *ch, size_t frames);
  void (*reset)(void *state);
  void (*release)(void *state); /* may be NULL */
  int64_t (*latency_frames)(const void *state);
  int64_t (*tail_frames)(const void *state);
} sp_proc_class;

/* A prepared instance. */
typedef struct sp_proc {
  const sp_proc_class *cls;
  void *state;
} sp_proc;

/* The registry, in list.h order. */
size_t sp_proc_count(void);
const sp_proc_class *sp_proc_at(size_t i);
/* The class named name, or NULL. */
const sp_proc_class *sp_proc_find(const char *name);
/* Index of the parameter named name in cls's table, or -1. */
int sp_proc_param_index(const sp_proc_class *cls, const char *name);

/* Allocate and prepare an instance; on failure *out is NULL and why says
 * what is wrong (SP_ERR_USAGE for parameter combinations the table cannot
 * express, SP_ERR_IO when a file the processor reads is unusable). */
sp_err sp_proc_new(const sp_proc_class *cls, const double *params, const sp_proc_env *env,
                   sp_proc **out, char *why, size_t why_size);
/* Release and free; accepts NULL. */
void sp_proc_free(sp_proc *p);

static inline void sp_proc_process(sp_proc *p, float *const *ch, size_t frames)
{
  p->cls->process(p->state, ch, frames);
}

#endif
