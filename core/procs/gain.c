/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gain: a gain stage, the simplest insert.
 *
 *   in ──► × 10^(gain/20) ──► out
 *
 * Linear and memoryless: across stems it simply runs on every lane. A
 * gain that moves ramps frame by frame, in dB, as a fader's automation
 * does (core/dsp/automation.h), not at the inserts' control rate: a gain
 * stepped every 32 frames would be heard as zipper noise. */

#include "core/base/alloc.h"
#include "core/dsp/automation.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdlib.h>

typedef struct gain_state {
  float gain_lin;
  int channels;
  /* a gain that moves: its breakpoints, the rate, where the next call's
   * first frame plays, and room for a block's gains */
  const sp_auto *moves;
  double rate;
  int64_t t;
  bool timed;
  float *gains;
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
  s->moves = a->automation && a->automation[0].n ? &a->automation[0] : NULL;
  s->rate = env->sample_rate;
  s->t = 0;
  s->timed = false;
  s->gains = s->moves ? sp_xcalloc(env->max_block_frames, sizeof *s->gains) : NULL;
  return SP_OK;
}

static void at(void *state, int64_t frame, int64_t clock)
{
  (void)clock;
  gain_state *s = state;
  s->t = frame;
  s->timed = true;
}

static void process(void *state, float *const *ch, size_t frames)
{
  gain_state *s = state;
  if (s->moves && s->timed) {
    sp_auto_fill_gain(s->moves, s->rate, s->t, frames, s->gains);
    for (int c = 0; c < s->channels; c++)
      for (size_t i = 0; i < frames; i++)
        ch[c][i] *= s->gains[i];
    s->t += (int64_t)frames;
    return;
  }
  for (int c = 0; c < s->channels; c++)
    for (size_t i = 0; i < frames; i++)
      ch[c][i] *= s->gain_lin;
}

static void reset(void *state) { ((gain_state *)state)->timed = false; }

static void release(void *state) { free(((gain_state *)state)->gains); }

const sp_proc_class sp_proc_gain = {
    .name = "gain",
    .summary = "a gain stage",
    .params = params,
    .n_params = sizeof params / sizeof params[0],
    .primary_param = 0,
    .flags = SP_PROC_AUTOMATABLE,
    .state_size = sizeof(gain_state),
    .prepare = prepare,
    .process = process,
    .at = at,
    .reset = reset,
    .release = release,
};
