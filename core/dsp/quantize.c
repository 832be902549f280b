/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Quantizer with deterministic TPDF dither.
 *
 *   x ──► × 2^(bits-1) ──► + (u1 + u2) ──► round ──► clamp ──► << (32-bits)
 *                            u1,u2 uniform in [-½, ½) LSB from splitmix64
 *
 * One generator per output file, drawn in frame-major, channel-minor order,
 * so the bits depend on the samples and the seed only. A sample that ends
 * at the top or the bottom code is counted as clipped, clamped there or
 * not: the count of samples at full scale that a meter reading the file
 * back gives. */

#include "core/dsp/quantize.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t sp_hash_string(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ull;
  }
  return h;
}

void sp_quantizer_init(sp_quantizer *q, sp_depth depth, bool dither, uint64_t seed)
{
  q->bits = depth == SP_DEPTH_16 ? 16 : 24;
  q->dither = dither;
  q->rng = seed;
  q->clipped = 0;
  q->peak = 0;
}

double sp_quantizer_max_error(sp_depth depth, bool dither)
{
  if (depth == SP_DEPTH_32F)
    return 0x1p-24; /* half an ulp of a sample just below full scale */
  double lsb = depth == SP_DEPTH_16 ? 0x1p-15 : 0x1p-23;
  return (dither ? 1.5 : 0.5) * lsb;
}

void sp_quantize(sp_quantizer *q, const float *const *ch, int nch, size_t frames, int32_t *out)
{
  const double scale = ldexp(1.0, q->bits - 1);
  const int64_t hi = ((int64_t)1 << (q->bits - 1)) - 1, lo = -((int64_t)1 << (q->bits - 1));
  const int shift = 32 - q->bits;
  /* Two 32-bit uniforms from one 64-bit draw, each scaled to [-½, ½). */
  const double u32 = 0x1p-32;
  for (size_t i = 0; i < frames; i++) {
    for (int c = 0; c < nch; c++) {
      double x = ch[c][i];
      double ax = fabs(x);
      if (ax > q->peak)
        q->peak = ax;
      double v = x * scale;
      if (q->dither) {
        uint64_t r = splitmix64(&q->rng);
        v += (double)(uint32_t)r * u32 + (double)(uint32_t)(r >> 32) * u32 - 1.0;
      }
      /* floor(v + ½) without a libm call: truncate, then step down for
       * negatives that truncation rounded up (exact below 2^53). The range
       * is clamped first so the conversion is always defined. */
      double y = v + 0.5;
      int64_t t;
      if (y >= (double)hi + 1.0) {
        t = hi;
      } else if (y < (double)lo) {
        t = lo;
      } else {
        t = (int64_t)y;
        if ((double)t > y)
          t--;
      }
      if (t == hi || t == lo)
        q->clipped++;
      out[i * (size_t)nch + (size_t)c] = (int32_t)((uint32_t)(int32_t)t << shift);
    }
  }
}
