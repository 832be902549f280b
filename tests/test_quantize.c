/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Quantization and dither: exact rounding without dither, TPDF error bounds
 * and shape, determinism for any feeding pattern, clipping counted. */

#include "core/dsp/quantize.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

Test(quantize, undithered_24_bit_rounds_to_nearest)
{
  sp_quantizer q;
  sp_quantizer_init(&q, 24, false, 1);
  float l[4] = {0.0f, 0.5f, -1.0f, (float)(3.4 / 8388608.0)};
  float r[4] = {(float)(2.5 / 8388608.0), -0.25f, 0.999999f, (float)(-3.6 / 8388608.0)};
  const float *ch[2] = {l, r};
  int32_t out[8];
  sp_quantize(&q, ch, 2, 4, out);
  cr_assert_eq(out[0], 0);
  cr_assert_eq(out[1], 3 << 8);              /* 2.5 LSB rounds half up */
  cr_assert_eq(out[2], 4194304 << 8);        /* 0.5 */
  cr_assert_eq(out[3], -2097152 * 256);      /* -0.25 */
  cr_assert_eq(out[4], (int32_t)0x80000000); /* -1.0 is representable */
  cr_assert_eq(out[5], 8388600 << 8);        /* 0.999999 · 2^23 = 8388599.6 */
  cr_assert_eq(out[6], 3 << 8);
  cr_assert_eq(out[7], -4 * 256);
  cr_assert_eq(q.clipped, 1); /* -1.0: representable, but at full scale */
}

Test(quantize, clipping_is_clamped_and_counted)
{
  sp_quantizer q;
  sp_quantizer_init(&q, 16, false, 1);
  float x[3] = {1.0f, -1.5f, 0.2f};
  const float *ch[1] = {x};
  int32_t out[3];
  sp_quantize(&q, ch, 1, 3, out);
  cr_assert_eq(out[0], 32767 << 16);
  cr_assert_eq(out[1], (int32_t)0x80000000);
  cr_assert_eq(q.clipped, 2);
  /* The input went to 1.5; the file holds -1 (the bottom code) at most. */
  cr_assert_eq(q.input_peak_lin, 1.5);
  cr_assert_eq(q.peak_code, 32768);
  cr_assert_eq(sp_quantizer_peak_lin(&q), 1.0);
}

/* The written peak is the file's: the largest |code| after dither and
 * clamping, whatever the input's peak was. Silence with TPDF dither at 24
 * bits is codes of -1, 0 and 1 (the dither spans ±1 LSB and rounds into
 * them), so the file's peak is 1 LSB, -138.5 dBFS, where the input's is 0;
 * a 0.7 tone written undithered peaks at its nearest code. */
Test(quantize, written_peak_is_the_codes_peak_not_the_inputs)
{
  enum { M = 4096 };
  static float zero[M], tone[M];
  static int32_t out[2 * M];
  for (int i = 0; i < M; i++)
    tone[i] = (float)(0.7 * sin(i * 0.05));
  sp_quantizer q;
  sp_quantizer_init(&q, 24, true, 3);
  const float *silent[2] = {zero, zero};
  sp_quantize(&q, silent, 2, M, out);
  cr_assert_eq(q.input_peak_lin, 0.0);
  int32_t peak = 0;
  for (int i = 0; i < 2 * M; i++)
    peak = abs(out[i] >> 8) > peak ? abs(out[i] >> 8) : peak;
  cr_assert_eq(peak, 1, "TPDF dither of silence reaches ±1 LSB");
  cr_assert_eq(q.peak_code, peak);
  cr_assert_float_eq(20 * log10(sp_quantizer_peak_lin(&q)), -138.47, 0.005);
  cr_assert_eq(q.clipped, 0);

  sp_quantizer_init(&q, 16, false, 3);
  const float *ch[1] = {tone};
  sp_quantize(&q, ch, 1, M, out);
  double top = 0;
  for (int i = 0; i < M; i++)
    top = fmax(top, fabs(tone[i]));
  cr_assert_eq(q.input_peak_lin, top);
  cr_assert_eq(q.peak_code, (int32_t)lround(top * 32768));
}

/* Clipped is "at full scale in the file", as a meter reading it back
 * counts: the top and the bottom code, clamped there or not. A square
 * between 16-bit's top code (32767/32768) and -1 is clipped throughout,
 * though neither half needed clamping. */
Test(quantize, full_scale_codes_count_as_clipped_clamped_or_not)
{
  sp_quantizer q;
  sp_quantizer_init(&q, 16, false, 1);
  float x[4] = {32767.0f / 32768, -1.0f, 32766.0f / 32768, -32767.0f / 32768};
  const float *ch[1] = {x};
  int32_t out[4];
  sp_quantize(&q, ch, 1, 4, out);
  cr_assert_eq(out[0], 32767 << 16);
  cr_assert_eq(out[1], (int32_t)0x80000000);
  cr_assert_eq(q.clipped, 2);
}

Test(quantize, tpdf_error_is_bounded_triangular_and_zero_mean)
{
  enum { N = 200000 };
  static float x[N];
  static int32_t out[N];
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.3 * sin(i * 0.001));
  sp_quantizer q;
  sp_quantizer_init(&q, 16, true, 42);
  const float *ch[1] = {x};
  sp_quantize(&q, ch, 1, N, out);
  double sum = 0, sumsq = 0, worst = 0;
  for (int i = 0; i < N; i++) {
    double e = (double)(out[i] >> 16) - (double)x[i] * 32768.0;
    sum += e;
    sumsq += e * e;
    worst = fmax(worst, fabs(e));
  }
  cr_assert_lt(worst, 1.5);
  cr_assert_lt(fabs(sum / N), 0.01);
  /* TPDF (variance 1/6) plus rounding (1/12): total 1/4 LSB². */
  cr_assert_float_eq(sumsq / N, 0.25, 0.01);
  cr_assert_eq(sp_quantizer_max_error(16, true), 1.5 / 32768.0);
}

Test(quantize, same_seed_same_bits_whatever_the_blocks)
{
  enum { N = 5000 };
  static float l[N], r[N];
  static int32_t a[2 * N], b[2 * N];
  for (int i = 0; i < N; i++) {
    l[i] = (float)sin(i * 0.01) * 0.7f;
    r[i] = (float)cos(i * 0.013) * 0.2f;
  }
  sp_quantizer q;
  sp_quantizer_init(&q, 24, true, 7);
  const float *ch[2] = {l, r};
  sp_quantize(&q, ch, 2, N, a);
  sp_quantizer_init(&q, 24, true, 7);
  for (int start = 0, step = 1; start < N; start += step, step = step * 3 % 97 + 1) {
    int n = start + step > N ? N - start : step;
    const float *part[2] = {l + start, r + start};
    sp_quantize(&q, part, 2, (size_t)n, b + 2 * start);
  }
  cr_assert_eq(memcmp(a, b, sizeof a), 0);
  sp_quantizer_init(&q, 24, true, 8);
  sp_quantize(&q, ch, 2, N, b);
  cr_assert_neq(memcmp(a, b, sizeof a), 0, "another seed must give other dither");
}

/* Blocks quantized at their place (sp_quantize_at), last first and with
 * q left as it was, are the bits and the tallies of one pass in order:
 * what lets a render's writers quantize blocks side by side. */
Test(quantize, blocks_quantized_at_their_place_in_any_order_are_one_pass)
{
  enum { N = 3000, B = 700 };
  static float l[N], r[N];
  static int32_t a[2 * N], b[2 * N];
  for (int i = 0; i < N; i++) {
    l[i] = (float)sin(i * 0.01) * 1.2f; /* clipped in places */
    r[i] = (float)cos(i * 0.013) * 0.2f;
  }
  for (int bits = 16; bits <= 24; bits += 8) {
    sp_quantizer q, p;
    sp_quantizer_init(&q, bits, true, 11);
    sp_quantizer_init(&p, bits, true, 11);
    const float *ch[2] = {l, r};
    sp_quantize(&q, ch, 2, N, a);
    const sp_quantizer made = p;
    sp_quant_tally sum = {0};
    for (int start = (N - 1) / B * B; start >= 0; start -= B) {
      const int n = start + B > N ? N - start : B;
      const float *part[2] = {l + start, r + start};
      sp_quant_tally t;
      sp_quantize_at(&p, 2 * (uint64_t)start, part, 2, (size_t)n, b + 2 * start, &t);
      sp_quant_tally_add(&sum, &t);
    }
    cr_assert_eq(memcmp(a, b, sizeof a), 0, "%d bit", bits);
    cr_assert(p.rng == made.rng && p.clipped == 0 && p.peak_code == 0 && p.input_peak_lin == 0,
              "q as it was");
    cr_assert_gt(q.clipped, 0);
    cr_assert_eq(sum.clipped, q.clipped);
    cr_assert_eq(sum.peak_code, q.peak_code);
    cr_assert_eq(sum.input_peak_lin, q.input_peak_lin);
    cr_assert_eq(sp_quant_tally_peak_lin(&sum, bits), sp_quantizer_peak_lin(&q));
  }
}

/* The dither's bits are the file's bits: the codes equal a plain,
 * one-sample-at-a-time reading of the documented quantizer (splitmix64
 * draws in frame-major order, two 32-bit uniforms a draw, floor(v + ½),
 * clamped), whatever vector code computes them. 16 and 24 bits, one to
 * three channels, values at and beyond full scale and a NaN. */
static int32_t reference_code(double v, uint64_t *rng, int bits)
{
  uint64_t z = (*rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  v += (double)(uint32_t)z * 0x1p-32 + (double)(uint32_t)(z >> 32) * 0x1p-32 - 1.0;
  const double hi = ldexp(1.0, bits - 1) - 1.0, lo = -ldexp(1.0, bits - 1);
  double y = v + 0.5;
  y = y > lo ? y : lo; /* a NaN lands on the bottom code */
  y = y < hi ? y : hi;
  return (int32_t)((uint32_t)(int32_t)floor(y) << (32 - bits));
}

Test(quantize, dithered_codes_are_the_plain_reference_bit_for_bit)
{
  enum { N = 3001 };
  static float x[3][N];
  static int32_t got[3 * N];
  for (int i = 0; i < N; i++)
    for (int c = 0; c < 3; c++)
      x[c][i] = i % 211 == 0 ? 1.5f : i % 199 == 0 ? -1.0f : (float)(0.9 * sin(i * 0.0173 + c));
  x[1][17] = NAN;
  for (int bits = 16; bits <= 24; bits += 8)
    for (int C = 1; C <= 3; C++) {
      sp_quantizer q;
      sp_quantizer_init(&q, bits, true, 0x5eedull + (uint64_t)C);
      const float *ch[3] = {x[0], x[1], x[2]};
      sp_quantize(&q, ch, C, N, got);
      uint64_t rng = 0x5eedull + (uint64_t)C;
      for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) {
          const int32_t want = reference_code((double)x[c][i] * ldexp(1.0, bits - 1), &rng, bits);
          cr_assert_eq(got[i * C + c], want, "%d bits, %d channels, frame %d channel %d", bits, C,
                       i, c);
        }
    }
}
