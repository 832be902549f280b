/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The render's block kernels (core/render/kernels.h). */

#include "core/render/kernels.h"

#include "core/dsp/ring.h"
#include "core/dsp/simd.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The loops over a block's samples, compiled for each vector width (see
 * core/dsp/simd.h): every sample's arithmetic is the same, so the bits. */
SP_CLONES
void render_scale(float *x, float g, size_t n)
{
  if (g == 1.0f)
    return;
  for (size_t i = 0; i < n; i++)
    x[i] *= g;
}

SP_CLONES
void render_add_scaled(float *restrict dst, const float *restrict src, float g, size_t n)
{
  if (g == 0.0f)
    return;
  for (size_t i = 0; i < n; i++)
    dst[i] += g * src[i];
}

/* dst = 0 + g · src: what zeroing dst and render_add_scaled give, in one
 * pass (0 + a turns a -0 into +0, as the add did; a zero gain, zeros). */
SP_CLONES
void render_set_scaled(float *restrict dst, const float *restrict src, float g, size_t n)
{
  if (g == 0.0f) {
    memset(dst, 0, n * sizeof *dst);
    return;
  }
  for (size_t i = 0; i < n; i++)
    dst[i] = 0.0f + g * src[i];
}

SP_CLONES
void render_add_mul(float *restrict dst, const float *restrict src, const float *restrict g,
                    size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] += g[i] * src[i];
}

/* acc[c] += coef[c] · sig delayed by the ring r, ring and sum in one pass:
 * the values of a copy through sp_ring_process and then render_add_scaled (a zero
 * gain adds nothing), without the copy. sig has r->channels channels; a
 * mono source feeds both of acc's. */
SP_CLONES
void render_add_delayed(sp_ring *r, float *const *sig, float *const *acc, const float *coef,
                        size_t frames)
{
  size_t pos = r->pos;
  for (size_t i = 0; i < frames;) {
    const size_t run = r->len - pos < frames - i ? r->len - pos : frames - i;
    if (r->channels == 1) {
      float *restrict b = r->buf[0] + pos, *restrict a0 = acc[0] + i, *restrict a1 = acc[1] + i;
      const float *restrict x = sig[0] + i;
      const float g0 = coef[0], g1 = coef[1];
      for (size_t k = 0; k < run; k++) {
        float d = b[k];
        b[k] = x[k];
        if (g0 != 0.0f)
          a0[k] += g0 * d;
        if (g1 != 0.0f)
          a1[k] += g1 * d;
      }
    } else {
      for (int c = 0; c < r->channels; c++) {
        float *restrict b = r->buf[c] + pos, *restrict a = acc[c] + i;
        const float *restrict x = sig[c] + i;
        const float g = coef[c];
        for (size_t k = 0; k < run; k++) {
          float d = b[k];
          b[k] = x[k];
          if (g != 0.0f)
            a[k] += g * d;
        }
      }
    }
    i += run;
    pos += run;
    if (pos == r->len)
      pos = 0;
  }
  r->pos = pos;
}

/* Σ of the lanes which[0..n_which) (slot sl, channel c), in that order,
 * in double, rounded once to float. */
SP_CLONES
void render_sum_lanes(float *restrict dst, const lane_state *lanes, const size_t *which,
                      size_t n_which, int sl, int c, double *restrict acc, size_t n)
{
  const float *first = lanes[which[0]].buf[sl][c];
  for (size_t i = 0; i < n; i++)
    acc[i] = first[i];
  for (size_t m = 1; m < n_which; m++) {
    const float *x = lanes[which[m]].buf[sl][c];
    for (size_t i = 0; i < n; i++)
      acc[i] += x[i];
  }
  for (size_t i = 0; i < n; i++)
    dst[i] = (float)acc[i];
}

/* Whether no sample is NaN or infinite: no exponent bits all set. */
SP_CLONES
bool render_all_finite(const float *x, size_t n)
{
  return sp_max_bits_f32(x, n, 0x7f800000u) != 0x7f800000u;
}

/* Interleaved stereo left-justified integers back to planar float: x·2^-31
 * is exact, and so is its rounding to float for 24 bits or fewer. */
SP_CLONES
void render_dequantize(const int32_t *restrict in, float *const *out, int channels, size_t frames)
{
  if (channels == 2) {
    float *restrict l = out[0], *restrict r = out[1];
    for (size_t i = 0; i < frames; i++) {
      l[i] = (float)((double)in[2 * i] * 0x1p-31);
      r[i] = (float)((double)in[2 * i + 1] * 0x1p-31);
    }
    return;
  }
  const size_t C = (size_t)channels;
  for (size_t c = 0; c < C; c++)
    for (size_t i = 0; i < frames; i++)
      out[c][i] = (float)((double)in[C * i + c] * 0x1p-31);
}
