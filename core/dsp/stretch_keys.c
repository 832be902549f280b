/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which points of a warp the stretcher follows (core/dsp/stretch_keys.h):
 * Rubber Band 3.1.2's R2 sizes and key-frame map, as its source computes
 * them (R2Stretcher::calculateSizes, StretchCalculator::mapPeaks). */

#include "core/dsp/stretch_keys.h"

#include <math.h>

/* The power of two at or above v (Rubber Band's roundUp). */
static int64_t pow2_up(int64_t v)
{
  int64_t p = 1;
  while (p < v)
    p *= 2;
  return p;
}

int64_t sp_stretch_step(double rate, int64_t in_frames, int64_t out_frames, double pitch_scale)
{
  const float mult = (float)lround(rate) / 48000.f;
  const int64_t window = pow2_up((int64_t)(int)(2048 * mult)) / 2; /* the short window */
  const double r = (double)out_frames / (double)in_frames * pitch_scale;
  int64_t step;
  if (!(r >= 1e-3 && r <= 1e3)) /* (no warp the graph plays: spans 0.05 to 20, pitch +-24 st) */
    return 1;
  if (r < 1) {
    step = window / 4;
    while (step >= 512)
      step /= 2;
    if ((int64_t)floor((double)step * r) < 1)
      step = pow2_up(lrint(ceil(1 / r)));
  } else {
    int64_t out_step = window / 6;
    step = (int64_t)(int)((double)out_step / r);
    while (out_step > 1024 && step > 1) {
      out_step /= 2;
      step = (int64_t)(int)((double)out_step / r);
    }
    while (step < 1) {
      out_step *= 2;
      step = (int64_t)(int)((double)out_step / r);
    }
  }
  while (step * 4 > in_frames && step > 1)
    step /= 2;
  return step;
}

int64_t sp_stretch_target(int64_t dst, double pitch_scale)
{
  return (int64_t)llrint((double)dst * pitch_scale);
}

size_t sp_stretch_keys(const int64_t *src, const int64_t *dst, size_t n, double rate,
                       double pitch_scale, sp_stretch_key *fate)
{
  const int64_t in = src[n - 1] - src[0], out = dst[n - 1];
  const int64_t step = sp_stretch_step(rate, in, out, pitch_scale);
  /* The end, as it maps it: its steps (one past the span's last whole
   * one), and what it makes of them before its pitch shift at the ratio. */
  int64_t next_at = in / step + 1;
  int64_t next_to =
      (int64_t)rint((double)(next_at * step) * ((double)out / (double)in * pitch_scale));
  size_t dropped = 0;
  fate[0] = fate[n - 1] = SP_STRETCH_KEY_FOLLOWED;
  /* From the last point back, each against the next one it follows: it
   * maps a point only when both its step and its target come before the
   * next point's (else it drops it), so these are what it follows when
   * given only these. */
  for (size_t i = n - 2; i >= 1; i--) {
    const int64_t at = (src[i] - src[0]) / step, to = sp_stretch_target(dst[i], pitch_scale);
    if (at == 0)
      fate[i] = SP_STRETCH_KEY_FIRST_STEP;
    else if (at >= next_at)
      fate[i] = SP_STRETCH_KEY_SAME_STEP;
    else if (to <= 0 || to >= next_to)
      fate[i] = SP_STRETCH_KEY_SAME_FRAME;
    else {
      fate[i] = SP_STRETCH_KEY_FOLLOWED;
      next_at = at;
      next_to = to;
    }
    dropped += fate[i] != SP_STRETCH_KEY_FOLLOWED;
  }
  return dropped;
}
