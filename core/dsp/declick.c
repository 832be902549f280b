/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stepping gain, declicked as Ardour declicks one (core/dsp/declick.h).
 *
 * Ardour's Amp::apply_gain moves a gain to its target through a one-pole
 * low-pass of about 25 Hz whose state is a double and whose coefficient is
 * a float, 156.825 / rate; each frame is scaled by the state before the
 * state moves. It runs a cycle at a time (Ardour's export runs cycles of
 * 1024 frames from the timeline's start): the state it returns at a
 * cycle's end is a float (the processor's current gain), and is the target
 * itself once within GAIN_COEFF_DELTA (1e-5) of it; a cycle that starts
 * that close to its target plays the target (Amp::run). Here the same, on
 * the same grid of cycles, whatever the render's blocks: snapped at the
 * first frame within 1e-5 instead, the VCA sessions of docs/sessions.md
 * nulled at -108 to -110 dBFS where a VCA's ramp turns or ends, and a
 * moving mute at -111. A step from 1 to 0 at 48 kHz settles at the end of
 * the cycle in which it comes within 1e-5 (3,519 frames, 73 ms, from a
 * cycle's start). The curves are made once, step by step, each from the
 * state the one before left.
 *
 *     target ──┐      ┌── state += a × (target − state), a frame
 *              └─ a ──┴─► gain of the frame: the state before it moves */

#include "core/dsp/declick.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* GAIN_COEFF_DELTA, Ardour's */
#define SETTLED 1e-5
/* Ardour's export cycle, in frames from the timeline's start */
#define CYCLE 1024

void sp_declick_init(sp_declick *d, const int64_t *at, const float *target, size_t n, double rate)
{
  memset(d, 0, sizeof *d);
  d->before = 1.0f;
  if (n == 0)
    return;
  d->before = target[0];
  d->at = sp_xcalloc(n, sizeof *d->at);
  d->target = sp_xcalloc(n, sizeof *d->target);
  d->curve = sp_xcalloc(n, sizeof *d->curve);
  d->len = sp_xcalloc(n, sizeof *d->len);
  float now = d->before; /* the target so far */
  for (size_t i = 0; i < n; i++) {
    if (target[i] == now)
      continue;
    d->at[d->n] = at[i];
    d->target[d->n++] = now = target[i];
  }
  const float a = 156.825f / (float)rate;
  double state = d->before;
  for (size_t i = 0; i < d->n; i++) {
    const float goal = d->target[i];
    const int64_t until = i + 1 < d->n ? d->at[i + 1] : INT64_MAX;
    size_t cap = 0, len = 0;
    float *c = NULL;
    for (int64_t t = d->at[i]; t < until && state != goal; t++) {
      if (t % CYCLE == 0 && fabsf((float)state - goal) < SETTLED) {
        state = goal; /* a cycle that starts this close plays its target */
        break;
      }
      SP_GROW(c, len, cap);
      c[len++] = (float)state;
      state += a * (goal - state);
      if ((t + 1) % CYCLE == 0) { /* the cycle's end: a float, or the target */
        const float rv = (float)state;
        state = fabsf(rv - goal) < SETTLED ? goal : rv;
      }
    }
    d->curve[i] = c;
    d->len[i] = len;
  }
}

void sp_declick_fini(sp_declick *d)
{
  for (size_t i = 0; d->curve && i < d->n; i++)
    free(d->curve[i]);
  free(d->curve);
  free(d->len);
  free(d->at);
  free(d->target);
  memset(d, 0, sizeof *d);
}

void sp_declick_fill(const sp_declick *d, int64_t t0, size_t n, float *out)
{
  /* the last change at or before t0 (binary search), then walk */
  size_t lo = 0, hi = d->n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (d->at[mid] <= t0)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t k = lo; /* changes at or before the frame */
  for (size_t i = 0; i < n; i++) {
    const int64_t t = t0 + (int64_t)i;
    while (k < d->n && d->at[k] <= t)
      k++;
    if (k == 0) {
      out[i] = d->before;
      continue;
    }
    const size_t j = k - 1;
    const int64_t dt = t - d->at[j];
    out[i] = (size_t)dt < d->len[j] ? d->curve[j][dt] : d->target[j];
  }
}
