/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A moving mute, declicked as Ardour declicks one (core/render/mute.h).
 *
 * Ardour mutes a route at its delivery: the delivery's gain goes to its
 * target (0 muted, 1 not) through Amp::apply_gain, a one-pole low-pass of
 * about 25 Hz whose state is a double and whose coefficient is a float,
 * 156.825 / rate; each frame is scaled by the state before the state
 * moves. Ardour snaps the state to the target once it is within
 * GAIN_COEFF_DELTA (1e-5) of it at the end of a cycle; here at the first
 * frame it is, so the gains do not depend on any cycle or block (the
 * difference is under 1e-5, below -100 dB). A muting at 48 kHz takes
 * 3,519 frames to settle (73 ms). The curves are made once, change by
 * change, each from the state the one before left, so a frame's gain is
 * the same whatever block it falls in. */

#include "core/render/mute.h"

#include "core/base/alloc.h"
#include "core/base/units.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* GAIN_COEFF_DELTA, Ardour's */
#define SETTLED 1e-5

/* The target of point value v: a mute's gain (c < 0), or channel c's
 * polarity. */
static float target_of(double v, int c)
{
  if (c < 0)
    return v != 0 ? 0.0f : 1.0f;
  return ((uint32_t)v >> c & 1u) ? -1.0f : 1.0f;
}

/* The gains stepping to the targets of steps' points (target_of, ch), each
 * from its frame, declicked. */
static void init_steps(render_mute *m, const sp_auto *steps, int ch, double rate)
{
  memset(m, 0, sizeof *m);
  m->before = 1.0f;
  if (steps->n == 0)
    return;
  m->before = target_of(steps->points[0].v, ch);
  m->at = sp_xcalloc(steps->n, sizeof *m->at);
  m->target = sp_xcalloc(steps->n, sizeof *m->target);
  m->curve = sp_xcalloc(steps->n, sizeof *m->curve);
  m->len = sp_xcalloc(steps->n, sizeof *m->len);
  float now = m->before; /* the target so far */
  for (size_t i = 0; i < steps->n; i++) {
    const float want = target_of(steps->points[i].v, ch);
    if (want == now)
      continue;
    m->at[m->n] = sp_time_frames(steps->points[i].t, rate);
    m->target[m->n++] = now = want;
  }
  const float a = 156.825f / (float)rate;
  double state = m->before;
  for (size_t i = 0; i < m->n; i++) {
    const double target = m->target[i];
    const int64_t until = i + 1 < m->n ? m->at[i + 1] : INT64_MAX;
    size_t cap = 4096, len = 0;
    float *c = sp_xcalloc(cap, sizeof *c);
    for (int64_t t = m->at[i]; t < until && fabs(state - target) >= SETTLED; t++) {
      if (len == cap)
        c = sp_xreallocarray(c, cap *= 2, sizeof *c);
      c[len++] = (float)state;
      state += a * (target - state);
    }
    if (fabs(state - target) < SETTLED)
      state = target;
    m->curve[i] = c;
    m->len[i] = len;
  }
}

void render_mute_init(render_mute *m, const sp_auto *mutes, double rate)
{
  init_steps(m, mutes, -1, rate);
}

void render_flip_init(render_mute *m, const sp_auto *inverts, int c, double rate)
{
  init_steps(m, inverts, c, rate);
}

void render_mute_fini(render_mute *m)
{
  for (size_t i = 0; m->curve && i < m->n; i++)
    free(m->curve[i]);
  free(m->curve);
  free(m->len);
  free(m->at);
  free(m->target);
  memset(m, 0, sizeof *m);
}

void render_mute_fill(const render_mute *m, int64_t t0, size_t n, float *out)
{
  /* the last change at or before t0 (binary search), then walk */
  size_t lo = 0, hi = m->n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (m->at[mid] <= t0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t k = lo; /* changes at or before the frame */
  for (size_t i = 0; i < n; i++) {
    const int64_t t = t0 + (int64_t)i;
    while (k < m->n && m->at[k] <= t)
      k++;
    if (k == 0) {
      out[i] = m->before;
      continue;
    }
    const size_t j = k - 1;
    const int64_t d = t - m->at[j];
    out[i] = (size_t)d < m->len[j] ? m->curve[j][d] : m->target[j];
  }
}
