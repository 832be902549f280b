/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gate: a downward expander that closes by `range` dB below a threshold.
 *
 *   detector (in, or key) ─► peak dB ≥ threshold? ─► open / hold / closed
 *                                                    target 0 dB or −range
 *                                                 ─► attack (opening) / release (closing) ─► g
 *
 * Once the level falls below the threshold the gate stays open for `hold`,
 * then closes with the release time constant; it opens with the attack time
 * constant. Stereo-linked. Linked across stems by its gain, like the
 * compressor: a gated snare bus stays gated identically in every stem. */

#include "core/procs/proc.h"
#include "core/procs/dynamics.h"

#include <math.h>

enum { P_THRESHOLD, P_RANGE, P_ATTACK, P_HOLD, P_RELEASE, N_PARAMS };

static const sp_param params[] = {
    {"threshold", SP_PARAM_NUMBER, SP_UNIT_DBFS, -40, -100, 0, NULL, false,
     "level at which the gate opens"},
    {"range", SP_PARAM_NUMBER, SP_UNIT_DB, 60, 0, 120, NULL, false, "attenuation when closed"},
    {"attack", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.0005, 0, 0.5, NULL, false,
     "time constant of opening"},
    {"hold", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.020, 0, 5, NULL, false,
     "time kept open after the level falls below the threshold"},
    {"release", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.100, 0.001, 10, NULL, false,
     "time constant of closing"},
};

typedef struct gate_state {
  unsigned detect; /* the channels its detector hears (sp_proc_env.detect) */
  int channels;
  double rate;
  double threshold_lin, range, att, rel;
  int64_t hold, hold_left;
  double g; /* dB */
} gate_state;

/* Threshold, range and times from v; an open gate's hold and the gain
 * where they are. */
static void retune(void *state, const double *v)
{
  gate_state *s = state;
  s->threshold_lin = sp_db_to_lin(v[P_THRESHOLD]);
  s->range = v[P_RANGE];
  s->att = sp_dyn_coef(v[P_ATTACK], s->rate);
  s->rel = sp_dyn_coef(v[P_RELEASE], s->rate);
  s->hold = (int64_t)llround(v[P_HOLD] * s->rate);
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why;
  (void)why_size;
  gate_state *s = state;
  s->channels = env->channels;
  s->detect = env->detect;
  s->rate = env->sample_rate;
  retune(s, a->values);
  s->hold_left = 0;
  s->g = -s->range;
  return SP_OK;
}

static void gate_gain(void *state, const float *const *in, const float *const *key, float *const *g,
                      size_t frames)
{
  gate_state *s = state;
  const float *const *d = key ? key : in;
  int dch = key ? 2 : s->channels;
  for (size_t i = 0; i < frames; i++) {
    if (sp_dyn_peak_of(d, dch, key ? 0 : s->detect, i) >= s->threshold_lin)
      s->hold_left = s->hold + 1;
    double target = s->hold_left > 0 ? 0.0 : -s->range;
    if (s->hold_left > 0)
      s->hold_left--;
    double k = target > s->g ? s->att : s->rel;
    s->g = k * s->g + (1 - k) * target;
    float lin = sp_dyn_lin(s->g);
    for (int c = 0; c < s->channels; c++)
      g[c][i] = lin;
  }
}

static void reset(void *state)
{
  gate_state *s = state;
  s->hold_left = 0;
  s->g = -s->range;
}

static int64_t zero(const void *state)
{
  (void)state;
  return 0;
}

const sp_proc_class sp_proc_gate = {
    .name = "gate",
    .summary = "gate / downward expander with hold; takes a key",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_SIGNAL_DEPENDENT | SP_PROC_TAKES_KEY | SP_PROC_AUTOMATABLE |
             SP_PROC_DETECTOR,
    .state_size = sizeof(gate_state),
    .prepare = prepare,
    .gain = gate_gain,
    .retune = retune,
    .reset = reset,
    .latency_frames = zero,
    .tail_frames = zero,
};
