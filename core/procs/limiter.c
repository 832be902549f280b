/* SPDX-License-Identifier: GPL-3.0-or-later */
/* limiter: a true-peak lookahead limiter whose output stays at or below its
 * ceiling in dBTP.
 *
 *   x ─► true peak tp[m] (4× oversampled, SP_TP_DELAY later)
 *     ─► g_req[m] = min(1, ceiling / tp[m])
 *     ─► min over m ± SP_TP_HALF      (every sample an interpolated point
 *                                       depends on gets that gain or less)
 *     ─► min over the lookahead L ─► release (rises only, one-pole)
 *     ─► moving average over L ─► g, applied to x delayed by the latency
 *
 * Why it holds: the moving average of L values that are each a minimum over
 * a window of L containing sample m is at most g_req there, so the gain
 * reaches its target before the peak arrives and ramps smoothly (no
 * clicks); the ± SP_TP_HALF spread covers the interpolation filter's reach,
 * and a 0.05 dB margin covers the gain's variation inside it. Latency:
 * 2·SP_TP_HALF + L − 1 frames (SP_TP_HALF of it is the detector's own).
 *
 * With a key, the key's true peak drives the gain instead (a limiter that
 * ducks to keep another signal's peaks under the ceiling — rare, but any
 * dynamics insert takes a key). Stereo-linked; linked across stems by its gain: the gain comes from
 * the full mix, so the stems sum to the limited mix. */

#include "core/base/alloc.h"
#include "core/dsp/truepeak.h"
#include "core/procs/proc.h"
#include "core/procs/dynamics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { P_CEILING, P_LOOKAHEAD, P_RELEASE, N_PARAMS };

static const sp_param params[] = {
    {"ceiling", SP_PARAM_NUMBER, SP_UNIT_DBTP, -1, -30, 0, NULL, false,
     "true-peak level the output never exceeds"},
    {"lookahead", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.005, 0.0001, 0.050, NULL, false,
     "time the gain takes to reach its target before a peak (adds latency)"},
    {"release", SP_PARAM_NUMBER, SP_UNIT_SECONDS, 0.050, 0.001, 2, NULL, false,
     "time constant of the gain's recovery"},
};

/* A sliding-window minimum over the last w values: a monotone deque, in a
 * ring of a power of two (a mask, not a division, per step). */
typedef struct minwin {
  size_t w, head, count, mask;
  int64_t *idx;
  float *val;
  int64_t t;
} minwin;

static void minwin_init(minwin *m, size_t w)
{
  size_t cap = 1;
  while (cap < w + 1)
    cap *= 2;
  m->w = w;
  m->mask = cap - 1;
  m->idx = sp_xcalloc(cap, sizeof *m->idx);
  m->val = sp_xcalloc(cap, sizeof *m->val);
}

static void minwin_reset(minwin *m) { m->head = m->count = 0, m->t = 0; }

static void minwin_fini(minwin *m)
{
  free(m->idx);
  free(m->val);
}

/* Push v; return the minimum of the last w pushed (fewer at the start, the
 * missing ones counting as 1: silence needs no gain reduction). */
static float minwin_push(minwin *m, float v)
{
  while (m->count > 0 && m->val[(m->head + m->count - 1) & m->mask] >= v)
    m->count--;
  size_t tail = (m->head + m->count) & m->mask;
  m->idx[tail] = m->t;
  m->val[tail] = v;
  m->count++;
  while (m->idx[m->head] <= m->t - (int64_t)m->w) {
    m->head = (m->head + 1) & m->mask;
    m->count--;
  }
  m->t++;
  return m->val[m->head];
}

/* Whether the window holds nothing but 1 (what pushing 1 leaves). */
static bool minwin_at_one(const minwin *m) { return m->count == 1 && m->val[m->head] == 1.0f; }

/* n pushes of 1 into a window at one: the same state as pushing each. */
static void minwin_skip_ones(minwin *m, size_t n)
{
  m->t += (int64_t)n;
  m->idx[m->head] = m->t - 1;
}

typedef struct limiter_state {
  int channels;
  double rate;
  size_t L;
  float ceiling; /* linear, with the safety margin */
  double rel;
  sp_truepeak tp, tp_key; /* the input's detector; the key's (stereo) */
  int n_heard;            /* the channels tp hears: every one, or the recipe's `detect` */
  int heard[SP_MAX_CHANNELS];
  minwin spread, look;
  float *box; /* the last L released gains, a ring */
  size_t box_pos;
  double box_sum;
  size_t ones; /* how many of the last gains in box are 1, at most L */
  double g_rel;
  float *tp_buf; /* max_block_frames */
} limiter_state;

/* The ceiling and the release from v; the lookahead as prepared. */
static void retune(void *state, const double *v)
{
  limiter_state *s = state;
  s->ceiling = (float)sp_db_to_lin(v[P_CEILING] - 0.05);
  s->rel = sp_dyn_coef(v[P_RELEASE], s->rate);
}

static const char *still(size_t k)
{
  return k == P_LOOKAHEAD ? "it sets the limiter's latency" : NULL;
}

static void reset(void *state)
{
  limiter_state *s = state;
  sp_truepeak_init(&s->tp, s->n_heard);
  sp_truepeak_init(&s->tp_key, 2);
  minwin_reset(&s->spread);
  minwin_reset(&s->look);
  for (size_t i = 0; i < s->L; i++)
    s->box[i] = 1.0f;
  s->box_sum = (double)s->L;
  s->box_pos = 0;
  s->ones = s->L;
  s->g_rel = 1.0;
}

static sp_err prepare(void *state, const sp_proc_args *a, const sp_proc_env *env, char *why,
                      size_t why_size)
{
  (void)why;
  (void)why_size;
  limiter_state *s = state;
  const double *v = a->values;
  s->channels = env->channels;
  s->rate = env->sample_rate;
  s->L = (size_t)fmax(1.0, round(v[P_LOOKAHEAD] * env->sample_rate));
  retune(s, v);
  /* Its ceiling holds on every channel it runs on, the LFE's too, unless
   * the recipe names the channels it hears. */
  s->n_heard = 0;
  for (int c = 0; c < env->channels; c++)
    if (!env->detect_asked || (env->detect >> c & 1u))
      s->heard[s->n_heard++] = c;
  minwin_init(&s->spread, 2 * SP_TP_HALF + 1);
  minwin_init(&s->look, s->L);
  s->box = sp_xcalloc(s->L, sizeof *s->box);
  s->tp_buf = sp_xcalloc(env->max_block_frames, sizeof *s->tp_buf);
  reset(s);
  return SP_OK;
}

/* Whether the limiter is at rest: both windows at 1, the release at 1, the
 * box all 1 (its sum then stays as it is). */
static bool settled(const limiter_state *s)
{
  return s->ones >= s->L && s->g_rel == 1.0 && minwin_at_one(&s->spread) &&
         minwin_at_one(&s->look);
}

enum { CHUNK = 256 };

/* The gain from the true peaks tp_all of the frames (the second half of
 * the limiter's gain: its windows, release and average, in order). */
static void gain_from(void *state, const void *det, float *const *g, size_t frames)
{
  limiter_state *s = state;
  const float *tp_all = det;
  for (size_t t = 0; t < frames; t += CHUNK) {
    const size_t n = frames - t < CHUNK ? frames - t : CHUNK;
    const float *tp = tp_all + t;
    float top = 0;
    for (size_t i = 0; i < n; i++)
      top = tp[i] > top ? tp[i] : top;
    if (top <= s->ceiling && settled(s)) {
      /* Nothing to reduce and nothing still recovering: every step below
       * would push 1 into both windows, keep the release at 1, add 1 − 1
       * to the box's sum: its output is what it was. */
      minwin_skip_ones(&s->spread, n);
      minwin_skip_ones(&s->look, n);
      s->box_pos = (s->box_pos + n) % s->L;
      const float out = (float)(s->box_sum / (double)s->L);
      for (int c = 0; c < s->channels; c++)
        for (size_t i = 0; i < n; i++)
          g[c][t + i] = out;
      continue;
    }
    for (size_t i = 0; i < n; i++) {
      float req = tp[i] > s->ceiling ? s->ceiling / tp[i] : 1.0f;
      float need = minwin_push(&s->spread, req);
      double gmin = minwin_push(&s->look, need);
      /* Release: falls at once (the moving average below supplies the
       * attack ramp), rises with a one-pole, never above gmin. */
      s->g_rel = gmin < s->g_rel ? gmin : gmin - (gmin - s->g_rel) * s->rel;
      float gr = (float)s->g_rel;
      s->box_sum += (double)gr - s->box[s->box_pos];
      s->box[s->box_pos] = gr;
      s->box_pos = s->box_pos + 1 == s->L ? 0 : s->box_pos + 1;
      s->ones = gr != 1.0f ? 0 : s->ones < s->L ? s->ones + 1 : s->L;
      float out = (float)(s->box_sum / (double)s->L);
      for (int c = 0; c < s->channels; c++)
        g[c][t + i] = out;
    }
  }
}

/* The channels of in the detector hears. */
static const float *const *heard_of(const limiter_state *s, const float *const *in,
                                    const float **heard)
{
  if (s->n_heard == s->channels)
    return in;
  for (int c = 0; c < s->n_heard; c++)
    heard[c] = in[s->heard[c]];
  return heard;
}

/* The first half, without state: the true peaks of in's heard channels
 * (or the key's two), from a detector started on the frames before the
 * block (the history they carry). Only a true peak
 * above the ceiling asks for gain: quiet chunks skip the interpolation
 * (their estimates read 0, the same unity gain). */
static void detect(const void *state, const float *const *in, const float *const *key, void *det,
                   size_t frames)
{
  const limiter_state *s = state;
  const float *heard[SP_MAX_CHANNELS];
  const float *const *h = key ? key : heard_of(s, in, heard);
  sp_truepeak tp;
  sp_truepeak_init(&tp, key ? 2 : s->n_heard);
  sp_truepeak_start(&tp, h);
  sp_truepeak_process_over(&tp, h, frames, (float *)det, s->ceiling);
}

static void limiter_gain(void *state, const float *const *in, const float *const *key,
                         float *const *g, size_t frames)
{
  limiter_state *s = state;
  const float *heard[SP_MAX_CHANNELS];
  if (key)
    sp_truepeak_process_over(&s->tp_key, key, frames, s->tp_buf, s->ceiling);
  else
    sp_truepeak_process_over(&s->tp, heard_of(s, in, heard), frames, s->tp_buf, s->ceiling);
  gain_from(s, s->tp_buf, g, frames);
}

static void release(void *state)
{
  limiter_state *s = state;
  minwin_fini(&s->spread);
  minwin_fini(&s->look);
  free(s->box);
  free(s->tp_buf);
}

static int64_t latency(const void *state)
{
  const limiter_state *s = state;
  return 2 * SP_TP_HALF + (int64_t)s->L - 1;
}

const sp_proc_class sp_proc_limiter = {
    .name = "limiter",
    .summary = "true-peak lookahead limiter (4x oversampled detector); takes a key",
    .params = params,
    .n_params = N_PARAMS,
    .primary_param = -1,
    .flags = SP_PROC_MEMORY | SP_PROC_SIGNAL_DEPENDENT | SP_PROC_TAKES_KEY | SP_PROC_AUTOMATABLE |
             SP_PROC_DETECTOR,
    .state_size = sizeof(limiter_state),
    .prepare = prepare,
    .gain = limiter_gain,
    .detect_history = 2 * SP_TP_HALF - 1,
    .detect = detect,
    .gain_from = gain_from,
    .retune = retune,
    .still = still,
    .reset = reset,
    .release = release,
    .latency_frames = latency,
};
