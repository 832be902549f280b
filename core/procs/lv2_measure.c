/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What an lv2 insert measures of its plugin on test signals
 * (core/procs/lv2_class.h): its tail, and how far a per-lane split strays
 * from one instance on the sum (the link floor). */

#include "core/procs/lv2_class.h"

#include "core/base/alloc.h"
#include "core/procs/instrument.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How long a plugin's output must stay below the print's floor for its
 * tail to be over (a delay's echoes may be this far apart). */
#define SP_LV2_TAIL_WINDOW_SECONDS 2.0

/* ---- measuring ----------------------------------------------------------- */

/* Of the pair of test signals noise (0, or 2: the noise that pauses) and
 * the tone (1), run `which` (0: the noise, 1: the tone, 2: their sum)
 * through s from a reset, for frames, keyed by the sum when keyed; into y. */
static void run_test(lv2_state *s, int noise, int which, bool keyed, size_t frames,
                     size_t input_frames, float *const *y)
{
  lv2_reset(s);
  const int ch = s->channels, w = lv2_test_width(s);
  float *x[SP_MAX_CHANNELS], *k[SP_MAX_CHANNELS], *tmp[SP_MAX_CHANNELS];
  lv2_test_bufs(x, w, s->max_block);
  lv2_test_bufs(k, w, s->max_block);
  lv2_test_bufs(tmp, w, s->max_block);
  for (size_t at = 0; at < frames; at += s->max_block) {
    const size_t n = frames - at < s->max_block ? frames - at : s->max_block;
    const size_t live = at >= input_frames ? 0 : input_frames - at < n ? input_frames - at : n;
    for (int c = 0; c < w; c++) {
      memset(x[c], 0, n * sizeof(float));
      memset(k[c], 0, n * sizeof(float));
    }
    if (live && (keyed || which == 2)) { /* the key: both signals, added */
      lv2_test_signal(tmp, w, live, s->rate, noise, at);
      for (int c = 0; c < w; c++)
        for (size_t f = 0; f < live; f++)
          k[c][f] = tmp[c][f];
      lv2_test_signal(tmp, w, live, s->rate, 1, at);
      for (int c = 0; c < w; c++)
        for (size_t f = 0; f < live; f++)
          k[c][f] += tmp[c][f];
    }
    if (live && which == 2)
      for (int c = 0; c < w; c++)
        memcpy(x[c], k[c], live * sizeof(float));
    else if (live)
      lv2_test_signal(x, w, live, s->rate, which == 0 ? noise : 1, at);
    const float *key[2] = {k[0], ch > 1 ? k[1] : NULL};
    if (keyed)
      lv2_process_keyed(s, x, key, n);
    else
      lv2_run_all(s, x, n);
    for (int c = 0; c < s->out_channels; c++)
      memcpy(y[c] + at, x[c], n * sizeof(float));
  }
  lv2_test_bufs_free(x, w);
  lv2_test_bufs_free(k, w);
  lv2_test_bufs_free(tmp, w);
}

/* The tail: fed the sum signal for input_frames, then silence, how long
 * the output stays above the floor, until it has been below it for the
 * window (or the cap). */
static int64_t measure_tail(lv2_state *s, bool keyed, double floor_db, bool *capped)
{
  lv2_reset(s);
  const size_t input = (size_t)(0.5 * s->rate);
  const size_t window = (size_t)(SP_LV2_TAIL_WINDOW_SECONDS * s->rate);
  const size_t cap = (size_t)(SP_TAIL_CAP_SECONDS * s->rate);
  const float floor_lin = (float)pow(10.0, floor_db / 20.0);
  const int w = lv2_test_width(s);
  float *x[SP_MAX_CHANNELS], *k[SP_MAX_CHANNELS];
  lv2_test_bufs(x, w, s->max_block);
  lv2_test_bufs(k, w, s->max_block);
  size_t last = 0; /* one past the last frame above the floor */
  size_t at = 0;
  *capped = false;
  for (;;) {
    const size_t n = s->max_block;
    for (int c = 0; c < w; c++)
      memset(x[c], 0, n * sizeof(float));
    if (at < input)
      lv2_test_signal(x, w, input - at < n ? input - at : n, s->rate, 0, at);
    for (int c = 0; c < w; c++)
      memcpy(k[c], x[c], n * sizeof(float));
    const float *key[2] = {k[0], s->channels > 1 ? k[1] : NULL};
    if (keyed)
      lv2_process_keyed(s, x, key, n);
    else
      lv2_run_all(s, x, n);
    for (int c = 0; c < s->out_channels; c++)
      for (size_t f = 0; f < n; f++)
        if (!(fabsf(x[c][f]) <= floor_lin))
          last = at + f + 1 > last ? at + f + 1 : last;
    at += n;
    if (at > input + (size_t)s->latency && at - (last > input ? last : input) >= window)
      break;
    if (at >= input + (size_t)s->latency + cap) {
      *capped = true;
      break;
    }
  }
  lv2_test_bufs_free(x, w);
  lv2_test_bufs_free(k, w);
  const int64_t tail = (int64_t)last - (int64_t)input - s->latency;
  return tail > 0 ? (tail < (int64_t)cap ? tail : (int64_t)cap) : 0;
}

/* An instrument heard for its tail (core/procs/instrument.h). */
static void probe_use(void *state, const sp_events *notes)
{
  lv2_state *s = state;
  s->events = notes;
  s->timed = notes != NULL;
  s->pos = 0;
  s->clock_offset = 0;
  s->run_valid = false;
}

static int64_t instrument_tail(lv2_state *s, double floor_db, bool *capped)
{
  const sp_events *events = s->events;
  const sp_instrument_probe pr = {.state = s,
                                  .reset = lv2_reset,
                                  .use = probe_use,
                                  .play = lv2_process,
                                  .channels = s->out_channels,
                                  .block = s->max_block,
                                  .rate = s->rate,
                                  .latency = s->latency};
  const int64_t tail =
      sp_instrument_tail(&pr, events, floor_db, SP_LV2_TAIL_WINDOW_SECONDS, capped);
  s->events = events;
  return tail;
}

static void measure_now(lv2_state *s, const sp_proc_env *env, sp_proc_probed *out);

void lv2_measure(void *state, const sp_proc_env *env, sp_proc_probed *out)
{
  lv2_state *s = state;
  pthread_mutex_lock(&lv2_made_lock);
  const measured *m = lv2_cached(s, &env->floor_db);
  if (m)
    *out = m->out;
  pthread_mutex_unlock(&lv2_made_lock);
  if (m)
    return;
  measure_now(s, env, out);
  pthread_mutex_lock(&lv2_made_lock);
  lv2_cache = sp_xreallocarray(lv2_cache, lv2_n_cache + 1, sizeof *lv2_cache);
  measured *c = &lv2_cache[lv2_n_cache++];
  *c = (measured){.lc = s->lc,
                  .channels = s->channels,
                  .out_channels = s->out_channels,
                  .feed = s->feed,
                  .rate = s->rate,
                  .floor_db = env->floor_db,
                  .block = s->max_block,
                  .saved = s->saved,
                  .keyed = s->keyed,
                  .form = s->form,
                  .events = s->events,
                  .autos = lv2_settings_move(s) ? s->autos : NULL,
                  .out = *out};
  c->ctl = sp_xcalloc((size_t)s->lc->p->n_ports + 1, sizeof(float));
  memcpy(c->ctl, s->ctl, (size_t)s->lc->p->n_ports * sizeof(float));
  pthread_mutex_unlock(&lv2_made_lock);
}

static void measure_now(lv2_state *s, const sp_proc_env *env, sp_proc_probed *out)
{
  const sp_lv2_link link = s->lc->p->link;
  const bool keyed = link == SP_LV2_KEYED;
  out->own_detector = keyed && s->form == KEY_OWN;
  static const char *const feeds[] = {
      [KEY_AS_GIVEN] = "the sum of the stems",
      [KEY_CHANNELS] = "the sum of the stems, channel by channel",
      [KEY_MAX_ABS] = "the sum of the stems, the peak of both channels",
      [KEY_MEAN] = "the sum of the stems, the mean of both channels",
      [KEY_SUM] = "the sum of the stems, both channels added",
      [KEY_OWN] = "none: it listens to its own input, stem by stem",
  };
  out->key_feed = !keyed ? NULL : s->keyed ? "its key" : feeds[s->form];
  out->saved = s->saved;
  out->tail_frames = s->lc->p->instrument
                         ? instrument_tail(s, env->floor_db, &out->tail_capped)
                         : measure_tail(s, keyed, env->floor_db, &out->tail_capped);
  out->link_floor_dbfs = NAN;
  if (link == SP_LV2_TRACK_ONLY)
    return;
  const size_t input = (size_t)(1.0 * s->rate);
  const size_t frames = input + (size_t)s->latency + (size_t)(0.25 * s->rate);
  float *y[3][SP_MAX_CHANNELS] = {{NULL}};
  for (int w = 0; w < 3; w++)
    for (int c = 0; c < s->out_channels; c++)
      y[w][c] = sp_xcalloc(frames, sizeof(float));
  /* Two pairs of stems: the noise and the tone, then the noise all but
   * stopping (-80 dB) between its bursts while the tone plays on: a gate
   * on that stem alone closes, on the sum it stays open (ZamGateX2 on a bus
   * of two stems: -79 dBFS on the first pair, -11 on the second; seed 238
   * of the random Ardour sessions, issue 63). */
  double peak = 0.0;
  for (int noise = 0; noise <= 2; noise += 2) {
    /* the tone alone (w 1) hears no noise unless keyed by the sum: its run
     * of the first pair, from a fresh instance, is the second's */
    for (int w = 0; w < 3; w++)
      if (w != 1 || noise == 0 || keyed)
        run_test(s, noise, w, keyed, frames, input, y[w]);
    for (int c = 0; c < s->out_channels; c++)
      for (size_t f = 0; f < frames; f++) {
        const double d = fabs((double)y[0][c][f] + (double)y[1][c][f] - (double)y[2][c][f]);
        peak = d > peak || isnan(d) ? d : peak;
      }
  }
  for (int w = 0; w < 3; w++)
    for (int c = 0; c < s->out_channels; c++)
      free(y[w][c]);
  out->link_floor_dbfs = isnan(peak) ? 0.0 : peak > 0 ? 20.0 * log10(peak) : -INFINITY;
}
