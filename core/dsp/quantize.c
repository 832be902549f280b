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
 * back gives. Likewise the peak of the codes is the file's sample peak;
 * the peak of the input is kept beside it (where clamping cut). */

#include "core/dsp/quantize.h"

#include "core/dsp/simd.h"

#include <math.h>
#include <string.h>

uint64_t sp_hash_string(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ull;
  }
  return h;
}

void sp_quantizer_init(sp_quantizer *q, int bits, bool dither, uint64_t seed)
{
  q->bits = bits == 16 ? 16 : 24;
  q->dither = dither;
  q->seed = seed;
  q->rng = seed;
  q->clipped = 0;
  q->peak_code = 0;
  q->input_peak_lin = 0;
}

double sp_quantizer_peak_lin(const sp_quantizer *q) { return ldexp(q->peak_code, -(q->bits - 1)); }

double sp_quantizer_max_error(int bits, bool dither)
{
  if (bits != 16 && bits != 24)
    return 0x1p-24; /* half an ulp of a sample just below full scale */
  double lsb = bits == 16 ? 0x1p-15 : 0x1p-23;
  return (dither ? 1.5 : 0.5) * lsb;
}

/* splitmix64's increment (the golden ratio's fraction in 64 bits). */
#define GAMMA 0x9E3779B97F4A7C15ull

/* Samples quantized at a time: the working set stays in the L1 cache. */
enum { CHUNK = 512 };

static inline double as_double(uint64_t u)
{
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

/* One chunk of n interleaved samples, v = x·2^(bits−1) on entry. The
 * generator is a counter (splitmix64 adds a constant, then mixes), so draw
 * j's bits are a function of rng + (j + 1)·γ alone: the draws, the
 * roundings and the count are each a loop without a carried dependence,
 * which the compiler turns into vector code, with the same bits as one
 * sample at a time. */
static inline __attribute__((always_inline)) void
quantize_chunk(sp_quantizer *q, double *restrict v, size_t n, int32_t *restrict out)
{
  const double u32 = 0x1p-32; /* two 32-bit uniforms from one 64-bit draw, each in [0, 1) */
  if (q->dither) {
    const uint64_t s = q->rng;
    for (size_t j = 0; j < n; j++) {
      uint64_t z = s + (j + 1) * GAMMA;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      /* Each 32-bit half as a double, exactly, without leaving the 64-bit
       * lane: the half as the low mantissa bits of 2^52, less 2^52. The
       * same value as (double)(uint32_t), which vector code converts by
       * packing the halves into 32-bit lanes and back. */
      const double lo = as_double((z & 0xffffffffull) | 0x4330000000000000ull) - 0x1p52;
      const double hi = as_double((z >> 32) | 0x4330000000000000ull) - 0x1p52;
      v[j] += lo * u32 + hi * u32 - 1.0;
    }
    q->rng = s + n * GAMMA;
  }
  /* floor(v + ½), clamped to the codes: the clamp first (so the conversion
   * is always defined, and a NaN lands on the bottom code), then truncate
   * and step down for negatives that truncation rounded up. */
  const double hi = ldexp(1.0, q->bits - 1) - 1.0, lo = -ldexp(1.0, q->bits - 1);
  const int shift = 32 - q->bits;
  int64_t clipped = 0;
  int32_t peak = q->peak_code; /* |code| ≤ 2^23: no overflow */
  for (size_t j = 0; j < n; j++) {
    double y = v[j] + 0.5;
    y = y > lo ? y : lo;
    y = y < hi ? y : hi;
    int32_t t = (int32_t)y;
    t -= (double)t > y;
    clipped += (t == (int32_t)hi) | (t == (int32_t)lo);
    const int32_t a = t < 0 ? -t : t;
    peak = a > peak ? a : peak;
    out[j] = (int32_t)((uint32_t)t << shift);
  }
  q->clipped += clipped;
  q->peak_code = peak;
}

SP_CLONES
void sp_quantize(sp_quantizer *q, const float *const *ch, int nch, size_t frames, int32_t *out)
{
  const double scale = ldexp(1.0, q->bits - 1);
  const size_t C = (size_t)nch, per = CHUNK / C;
  double v[CHUNK];
  for (size_t t = 0; t < frames; t += per) {
    const size_t n = frames - t < per ? frames - t : per;
    for (size_t c = 0; c < C; c++) {
      double peak = sp_abs_peak_f32(ch[c] + t, n);
      q->input_peak_lin = peak > q->input_peak_lin ? peak : q->input_peak_lin;
    }
    /* Interleaved, a frame at a time where there are two channels (one
     * loop the compiler vectorises), else a channel at a time. */
    if (C == 2) {
      const float *x0 = ch[0] + t, *x1 = ch[1] + t;
      for (size_t i = 0; i < n; i++) {
        v[2 * i] = (double)x0[i] * scale;
        v[2 * i + 1] = (double)x1[i] * scale;
      }
    } else {
      for (size_t c = 0; c < C; c++)
        for (size_t i = 0; i < n; i++)
          v[i * C + c] = (double)ch[c][t + i] * scale;
    }
    quantize_chunk(q, v, n * C, out + t * C);
  }
}

/* A quantizer of q's bits, dither and seed alone (those fixed when q was
 * made): q's running state is not read, so a thread may quantize with q
 * while another adds up what the blocks before found. */
void sp_quantize_at(const sp_quantizer *q, uint64_t at, const float *const *ch, int nch,
                    size_t frames, int32_t *out, sp_quant_tally *t)
{
  sp_quantizer l;
  sp_quantizer_init(&l, q->bits, q->dither, q->seed);
  l.rng = q->seed + at * GAMMA; /* unsigned: wraps as the draws' counter does */
  sp_quantize(&l, ch, nch, frames, out);
  *t = (sp_quant_tally){l.clipped, l.peak_code, l.input_peak_lin};
}

void sp_quant_tally_add(sp_quant_tally *sum, const sp_quant_tally *t)
{
  sum->clipped += t->clipped;
  sum->peak_code = t->peak_code > sum->peak_code ? t->peak_code : sum->peak_code;
  sum->input_peak_lin =
      t->input_peak_lin > sum->input_peak_lin ? t->input_peak_lin : sum->input_peak_lin;
}

double sp_quant_tally_peak_lin(const sp_quant_tally *t, int bits)
{
  return ldexp(t->peak_code, -(bits - 1));
}
