/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eq: a parametric equaliser of RBJ cookbook biquads, one band per set.
 *
 *   in ──► band 1 ──► band 2 ──► … ──► out      (each band: 1 biquad, or 2
 *                                               for a 24 dB/oct pass filter)
 *
 * Types: peak, lowshelf, highshelf (gain, q), highpass, lowpass (q, slope
 * 12 or 24 dB/oct: 24 is a 4th-order Butterworth, two sections with
 * q = 0.5412 and 1.3066, and ignores q), notch, bandpass (q). Linear: one
 * instance per lane; a bus's lanes are filtered side by side, eight
 * channels to a pass. */

#include "core/dsp/biquad.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum { MAX_SECTIONS = 64 };

typedef struct eq_state {
  int channels;
  size_t n, n_sets;
  double rate;
  int64_t tail_frames;
  sp_biquad bq[MAX_SECTIONS];
  sp_biquad_state st[SP_MAX_CHANNELS][MAX_SECTIONS];
} eq_state;

static const char *const types[] = {"peak",    "lowshelf", "highshelf", "highpass",
                                    "lowpass", "notch",    "bandpass",  NULL};
static const char *const slopes[] = {"12", "24", NULL};

enum { P_TYPE, P_FREQ, P_GAIN, P_Q, P_SLOPE, N_PARAMS };

static const sp_param params[] = {
    {"type", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 0, 0, 6, types, false,
     "peak, lowshelf, highshelf, highpass, lowpass, notch or bandpass"},
    {"freq", SP_PARAM_NUMBER, SP_UNIT_HZ, 1000, 10, 40000, NULL, true,
     "centre or corner frequency (below half the sample rate)"},
    {"gain", SP_PARAM_NUMBER, SP_UNIT_DB, 0, -30, 30, NULL, false, "peak and shelf gain"},
    {"q", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 0.7071067811865476, 0.1, 24, NULL, false,
     "quality factor (bandwidth); shelves and 12 dB/oct passes too"},
    {"slope", SP_PARAM_CHOICE, SP_UNIT_NUMBER, 0, 0, 1, slopes, false,
     "highpass/lowpass slope in dB/oct: 12 or 24"},
};

/* Whether band v is a 24 dB/oct pass: two sections. */
static bool steep(const double *v)
{
  const sp_biquad_type type = (sp_biquad_type)(int)v[P_TYPE];
  return (type == SP_BQ_HIGHPASS || type == SP_BQ_LOWPASS) && v[P_SLOPE] == 1;
}

/* The sections of s's bands from values (checked by prepare). */
static void design(eq_state *s, const double *values)
{
  s->n = 0;
  for (size_t b = 0; b < s->n_sets; b++) {
    const double *v = values + b * N_PARAMS;
    const sp_biquad_type type = (sp_biquad_type)(int)v[P_TYPE];
    if (steep(v)) {
      sp_biquad_design(&s->bq[s->n++], type, v[P_FREQ], 0.54119610014619698, 0, s->rate);
      sp_biquad_design(&s->bq[s->n++], type, v[P_FREQ], 1.3065629648763766, 0, s->rate);
    } else {
      sp_biquad_design(&s->bq[s->n++], type, v[P_FREQ], v[P_Q], v[P_GAIN], s->rate);
    }
  }
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  eq_state *s = state;
  s->channels = env->channels;
  s->rate = env->sample_rate;
  s->n_sets = a->n_sets;
  size_t sections = 0;
  for (size_t b = 0; b < a->n_sets; b++) {
    const double *v = a->values + b * N_PARAMS;
    if (v[P_FREQ] >= env->sample_rate / 2) {
      snprintf(why, why_size,
               "band %zu: freq %g Hz is not below half the sample rate (%g Hz); lower 'freq' or "
               "raise sample_rate",
               b + 1, v[P_FREQ], env->sample_rate / 2);
      return SP_ERR_USAGE;
    }
    sections += steep(v) ? 2 : 1;
    if (sections > MAX_SECTIONS) {
      snprintf(why, why_size, "at most %d bands", MAX_SECTIONS / 2);
      return SP_ERR_USAGE;
    }
  }
  design(s, a->values);
  memset(s->st, 0, sizeof s->st);
  /* Each section's impulse response decays as |pole|^n: count the frames
   * until it is below the floor, and add them up along the cascade. */
  s->tail_frames = 0;
  for (size_t k = 0; k < s->n; k++) {
    double a1 = s->bq[k].a1, a2 = s->bq[k].a2, disc = a1 * a1 - 4 * a2, r;
    if (disc < 0)
      r = sqrt(a2);
    else
      r = fmax(fabs(-a1 + sqrt(disc)), fabs(-a1 - sqrt(disc))) / 2;
    if (r > 0 && r < 1)
      s->tail_frames += (int64_t)ceil(env->floor_db / (20 * log10(r)));
  }
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  eq_state *s = state;
  if (s->channels == 2) {
    sp_biquad_process_stereo(s->bq, s->n, s->st[0], s->st[1], ch[0], ch[1], frames);
    return;
  }
  if (s->channels == 1) {
    for (size_t k = 0; k < s->n; k++)
      sp_biquad_process(&s->bq[k], &s->st[0][k], ch[0], frames);
    return;
  }
  /* a surround path: its channels side by side, as lanes' are (the same
   * bits as one at a time) */
  sp_biquad_state *st[SP_MAX_CHANNELS];
  for (int c = 0; c < s->channels; c++)
    st[c] = s->st[c];
  sp_biquad_process_many(s->bq, s->n, st, ch, (size_t)s->channels, frames);
}

/* The lanes' instances share their sections (the same insert, prepared
 * alike): their channels are run together. Instances that differ (never,
 * unless a future automation sets bands per lane) run one at a time. */
static void process_lanes(void *const *states, float *const *const *lanes, size_t n, size_t frames)
{
  const eq_state *first = states[0];
  bool same = true;
  for (size_t l = 1; l < n && same; l++) {
    const eq_state *s = states[l];
    same = s->channels == first->channels && s->n == first->n &&
           memcmp(s->bq, first->bq, first->n * sizeof *first->bq) == 0;
  }
  enum { MAX_STREAMS = 64 };
  if (!same || n * (size_t)first->channels > MAX_STREAMS) {
    for (size_t l = 0; l < n; l++)
      process(states[l], lanes[l], frames);
    return;
  }
  sp_biquad_state *st[MAX_STREAMS];
  float *x[MAX_STREAMS];
  size_t m = 0;
  for (size_t l = 0; l < n; l++) {
    eq_state *s = states[l];
    for (int c = 0; c < s->channels; c++, m++) {
      st[m] = s->st[c];
      x[m] = lanes[l][c];
    }
  }
  sp_biquad_process_many(first->bq, first->n, st, x, m, frames);
}

/* Bands that move: the sections designed anew, their memory kept. */
static void retune(void *state, const double *values) { design(state, values); }

static void reset(void *state)
{
  eq_state *s = state;
  memset(s->st, 0, sizeof s->st);
}

static int64_t tail(const void *state) { return ((const eq_state *)state)->tail_frames; }

const sp_proc_class sp_proc_eq = {
    .name = "eq",
    .summary = "parametric EQ (RBJ biquads)",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_BANDS | SP_PROC_AUTOMATABLE,
    .state_size = sizeof(eq_state),
    .prepare = prepare,
    .process = process,
    .process_lanes = process_lanes,
    .retune = retune,
    .reset = reset,
    .tail_frames = tail,
};
