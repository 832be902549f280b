/* SPDX-License-Identifier: GPL-3.0-or-later */
/* delay: a feedback delay, straight or ping-pong.
 *
 *   straight, per channel:     w[n] = x[n] + fb·w[n−D]      echo[n] = w[n−D]
 *   ping-pong (input to mono): wL[n] = m[n] + fb·wR[n−D]     echoL[n] = wL[n−D]
 *                              wR[n] = fb·wL[n−D]            echoR[n] = wR[n−D]
 *   out = dry·x + wet·echo
 *
 * So an impulse gives echoes at D, 2D, 3D, … with levels 1, fb, fb², …
 * (ping-pong: alternating left and right). The delay is the effect, not a
 * latency: latency 0. Linear: one instance per lane. The tail lasts until
 * the echoes fall below the floor. */

#include "core/base/alloc.h"
#include "core/procs/proc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_TIME, P_FEEDBACK, P_WET, P_DRY, P_PINGPONG, N_PARAMS };

static const sp_param params[] = {
    {"time", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.25, 0, 10, NULL, false,
     "delay time (ms, s or smp; at least one frame)"},
    {"feedback", SP_PARAM_NUMBER, SP_UNIT_NUMBER, 0.3, 0, 0.99, NULL, false,
     "level of each repeat relative to the one before, 0 .. 0.99"},
    {"wet", SP_PARAM_NUMBER, SP_UNIT_DB, 0, -INFINITY, 12, NULL, false, "echo level"},
    {"dry", SP_PARAM_NUMBER, SP_UNIT_DB, -INFINITY, -INFINITY, 12, NULL, false,
     "direct level (-inf dB on a return)"},
    {"pingpong", SP_PARAM_BOOL, SP_UNIT_NUMBER, 0, 0, 1, NULL, false,
     "alternate echoes left and right (stereo)"},
};

typedef struct delay_state {
  int channels;
  bool pingpong;
  size_t D, pos;
  float fb, wet, dry;
  float *w[SP_MAX_CHANNELS]; /* rings of D frames */
  int64_t tail;
} delay_state;

/* Feedback and levels from v; the time as prepared. */
static void retune(void *state, const double *v)
{
  delay_state *s = state;
  s->fb = (float)v[P_FEEDBACK];
  s->wet = (float)sp_db_to_lin(v[P_WET]);
  s->dry = (float)sp_db_to_lin(v[P_DRY]);
}

static const char *still(size_t k)
{
  return k == P_TIME ? "a delay time that moved would bend the echoes' pitch; stemprint's "
                       "delay holds one time"
                     : NULL;
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  delay_state *s = state;
  const double *v = a->values;
  s->channels = env->channels;
  double d = round(v[P_TIME] * env->sample_rate);
  if (d < 1) {
    snprintf(why, why_size, "time %g s is shorter than one frame; use at least '1 smp' (%.3g ms)",
             v[P_TIME], 1000.0 / env->sample_rate);
    return SP_ERR_USAGE;
  }
  s->pingpong = v[P_PINGPONG] != 0;
  if (s->pingpong && s->channels != 2) {
    if (s->channels < 2)
      snprintf(why, why_size,
               "pingpong needs a stereo signal and this one is mono; put the delay on a stereo "
               "bus and send to it, or leave out 'pingpong'");
    else
      snprintf(why, why_size,
               "pingpong bounces between two channels and this path has %d; put the delay on a "
               "stereo bus, or leave out 'pingpong'",
               s->channels);
    return SP_ERR_USAGE;
  }
  s->D = (size_t)d;
  retune(s, v);
  for (int c = 0; c < s->channels; c++)
    s->w[c] = sp_xcalloc(s->D, sizeof(float));
  s->pos = 0;
  /* Echo k (k ≥ 1) arrives at k·D with level fb^(k−1). */
  double repeats = 1;
  if (s->fb > 0)
    repeats += ceil(env->floor_db / (20 * log10(s->fb)));
  s->tail = (int64_t)fmin(repeats * (double)s->D, 600.0 * env->sample_rate);
  return SP_OK;
}

static void process(void *state, float *const *ch, size_t frames)
{
  delay_state *s = state;
  size_t pos = s->pos;
  if (s->pingpong) {
    float *l = ch[0], *r = ch[1], *wl = s->w[0], *wr = s->w[1];
    for (size_t i = 0; i < frames; i++) {
      float el = wl[pos], er = wr[pos];
      float m = 0.5f * (l[i] + r[i]);
      wl[pos] = m + s->fb * er;
      wr[pos] = s->fb * el;
      l[i] = s->dry * l[i] + s->wet * el;
      r[i] = s->dry * r[i] + s->wet * er;
      if (++pos == s->D)
        pos = 0;
    }
  } else {
    for (int c = 0; c < s->channels; c++) {
      float *x = ch[c], *w = s->w[c];
      pos = s->pos;
      for (size_t i = 0; i < frames; i++) {
        float e = w[pos];
        w[pos] = x[i] + s->fb * e;
        x[i] = s->dry * x[i] + s->wet * e;
        if (++pos == s->D)
          pos = 0;
      }
    }
  }
  s->pos = pos;
}

static void reset(void *state)
{
  delay_state *s = state;
  for (int c = 0; c < s->channels; c++)
    memset(s->w[c], 0, s->D * sizeof(float));
  s->pos = 0;
}

static void release(void *state)
{
  delay_state *s = state;
  for (int c = 0; c < s->channels; c++)
    free(s->w[c]);
}

static int64_t tail(const void *state) { return ((const delay_state *)state)->tail; }

const sp_proc_class sp_proc_delay = {
    .name = "delay",
    .summary = "feedback delay, straight or ping-pong, wet/dry",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_AUTOMATABLE,
    .state_size = sizeof(delay_state),
    .prepare = prepare,
    .process = process,
    .retune = retune,
    .still = still,
    .reset = reset,
    .release = release,
    .tail_frames = tail,
};
