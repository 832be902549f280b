/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gain: a static gain stage, the simplest insert.
 *
 *   in ──► × 10^(gain/20) ──► out
 *
 * Linear and memoryless: across stems it simply runs on every lane. */

#include "core/procs/proc.h"

#include <math.h>

typedef struct gain_state {
  float gain_lin;
  int channels;
} gain_state;

static const sp_param params[] = {
    {"gain", SP_PARAM_NUMBER, SP_UNIT_DB, 0.0, -INFINITY, 48.0, NULL, false,
     "gain in dB; -inf dB silences"},
};

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why;
  (void)why_size;
  gain_state *s = state;
  s->gain_lin = (float)sp_db_to_lin(a->values[0]);
  s->channels = env->channels;
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  const gain_state *s = state;
  for (int c = 0; c < s->channels; c++)
    for (size_t i = 0; i < frames; i++)
      ch[c][i] *= s->gain_lin;
}

static void reset(void *state) { (void)state; }

static int64_t no_frames(const void *state)
{
  (void)state;
  return 0;
}

const sp_proc_class sp_proc_gain = {
    .name = "gain",
    .summary = "static gain",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .primary_param = 0,
    .flags = 0,
    .state_size = sizeof(gain_state),
    .prepare = prepare,
    .process = process,
    .reset = reset,
    .latency_frames = no_frames,
    .tail_frames = no_frames,
};
