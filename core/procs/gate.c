/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gate: a downward expander that closes by `range` dB below a threshold.
 *
 *   detector (in, or key) ─► peak dB ≥ threshold? ─► open / hold / closed
 *                                                    target 0 dB or e(x)
 *                                                 ─► attack (opening) / release (closing) ─► g
 *
 * Once the level falls below the threshold the gate stays open for `hold`,
 * then closes with the release time constant; it opens with the attack time
 * constant. Closed, its target is the expander's curve at the peak level x
 * (dB) with threshold T, ratio R and range:
 *
 *   e(x) = max(−range, (R − 1)·(x − T))     (y = T + (x − T)·R, limited)
 *
 * R = ∞ (the default, `ratio: inf`) closes it by the whole range; R = 1
 * leaves it open. Stereo-linked. Linked across stems by its gain, like the
 * compressor: a gated snare bus stays gated identically in every stem. */

#include "core/procs/proc.h"
#include "core/procs/dynamics.h"

#include <math.h>

enum { P_THRESHOLD, P_RANGE, P_ATTACK, P_HOLD, P_RELEASE, P_RATIO, N_PARAMS };

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
    {"ratio", SP_PARAM_NUMBER, SP_UNIT_NUMBER, INFINITY, 1, INFINITY, NULL, false,
     "expansion below the threshold: output dB per input dB under it"},
};

static const sp_param_word words[] = {
    {P_RATIO, "inf", INFINITY, "closed by the whole range"},
    {0, NULL, 0, NULL},
};

typedef struct gate_state {
  unsigned detect; /* the channels its detector hears (sp_proc_env.detect) */
  int channels;
  double rate;
  double threshold_lin, range, att, rel;
  /* the expander (a finite ratio): its threshold in dB, slope R − 1, and
   * the peak at or below which e(x) is −range */
  bool expand;
  double threshold_db, slope, floor_lin;
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
  s->expand = isfinite(v[P_RATIO]);
  s->threshold_db = v[P_THRESHOLD];
  s->slope = s->expand ? v[P_RATIO] - 1 : INFINITY;
  s->floor_lin = s->slope > 0 ? sp_db_to_lin(v[P_THRESHOLD] - s->range / s->slope) : -1;
}

/* The closed gate's target at peak level x (linear): −range, or the
 * expander's e(x). */
static inline double closed(const gate_state *s, double x)
{
  if (!s->expand || x <= s->floor_lin)
    return -s->range;
  const double e = s->slope * (sp_fast_db(x) - s->threshold_db);
  return e > -s->range ? e : -s->range;
}

static void reset(void *state)
{
  gate_state *s = state;
  s->hold_left = 0;
  s->g = -s->range;
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
  reset(s);
  return SP_OK;
}

/* The gain in two steps (sp_proc_class.detect, gain_from). detect keeps
 * no state: a double a frame into det, OPENS where the level reaches the
 * threshold (the hold starts again there), else the closed gate's target
 * there (≤ 0 dB, the expander's log done here). */
#define OPENS 1.0

static void detect(const void *state, const float *const *in, const float *const *key, void *det,
                   size_t frames)
{
  const gate_state *s = state;
  const float *const *d = key ? key : in;
  const int dch = key ? 2 : s->channels;
  double *v = det;
  for (size_t i = 0; i < frames; i++) {
    const double x = sp_dyn_peak_of(d, dch, key ? 0 : s->detect, i);
    v[i] = x >= s->threshold_lin ? OPENS : closed(s, x);
  }
}

/* gain_from: the hold and the smoothing, block after block (the state's). */
static void gain_from(void *state, const void *det, float *const *g, size_t frames)
{
  gate_state *s = state;
  const double *v = det;
  for (size_t i = 0; i < frames; i++) {
    if (v[i] == OPENS)
      s->hold_left = s->hold + 1;
    double target = s->hold_left > 0 ? 0.0 : v[i];
    if (s->hold_left > 0)
      s->hold_left--;
    double k = target > s->g ? s->att : s->rel;
    s->g = k * s->g + (1 - k) * target;
    float lin = sp_dyn_lin(s->g);
    for (int c = 0; c < s->channels; c++)
      g[c][i] = lin;
  }
}

/* The gain in one step: the two, a chunk at a time. */
static void gate_gain(void *state, const float *const *in, const float *const *key, float *const *g,
                      size_t frames)
{
  double v[256];
  for (size_t t = 0; t < frames; t += 256) {
    const size_t n = frames - t < 256 ? frames - t : 256;
    const float *ip[SP_MAX_CHANNELS], *kp[2];
    float *gp[SP_MAX_CHANNELS];
    const gate_state *s = state;
    for (int c = 0; c < s->channels; c++) {
      ip[c] = in[c] + t;
      gp[c] = g[c] + t;
    }
    for (int c = 0; key && c < 2; c++)
      kp[c] = key[c] + t;
    detect(state, ip, key ? kp : NULL, v, n);
    gain_from(state, v, gp, n);
  }
}

const sp_proc_class sp_proc_gate = {
    .name = "gate",
    .summary = "gate / downward expander with hold; takes a key",
    .params = params,
    .n_params = N_PARAMS,
    .words = words,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_SIGNAL_DEPENDENT | SP_PROC_TAKES_KEY | SP_PROC_AUTOMATABLE |
             SP_PROC_DETECTOR,
    .state_size = sizeof(gate_state),
    .prepare = prepare,
    .gain = gate_gain,
    .detect = detect,
    .gain_from = gain_from,
    .retune = retune,
    .reset = reset,
};
