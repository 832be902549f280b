/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FASTMATH_H
#define SP_FASTMATH_H

/* log2 and exp2 for the dynamics processors' per-sample level and gain
 * conversions: a table lookup and a short polynomial instead of a libm
 * call, and the same bits on every machine (libm picks FMA or plain
 * variants at run time; these are plain arithmetic on a table computed
 * exactly once). Accurate to about 1e-12 relative: 1e-11 dB.
 *
 *   log2(x) = e + log2(c_j) + log2(m / c_j)      c_j: the centre of m's 1/256 octave
 *   2^y     = 2^n · 2^(j/256) · e^(r·ln2)        y = n + j/256 + r, 0 ≤ r ≤ 1/256 */

#include <math.h>
#include <stdint.h>

#define SP_FM_BITS 8
#define SP_FM_N (1 << SP_FM_BITS)

typedef struct sp_fastmath_tables {
  double log2_c[SP_FM_N]; /* log2 of each table point's centre */
  double inv_c[SP_FM_N];  /* 1 / centre */
  double exp2_j[SP_FM_N]; /* 2^(j/256) */
} sp_fastmath_tables;

/* The tables, built before main() runs (a constructor in fastmath.c). */
extern sp_fastmath_tables sp_fastmath_t;

/* Each function comes in three parts, for loops over many values: the
 * table index, then the value given the index's table entries. A loop that
 * computes every index (vector code), looks the entries up in a plain loop
 * (vector gathers are slow or missing), then computes every value (vector
 * code again) gets the bits of sp_fast_log2 and sp_fast_exp2, which are
 * those parts put together. No branches: special cases are selected. */

/* The 1/256 octave of x's mantissa, sp_fast_log2's table index. */
static inline int32_t sp_fast_log2_index(double x)
{
  union { double d; uint64_t u; } b = {x};
  return (int32_t)((b.u >> (52 - SP_FM_BITS)) & (SP_FM_N - 1));
}

/* log2(x) given inv_c[j] and log2_c[j] for j = sp_fast_log2_index(x). */
static inline double sp_fast_log2_at(double x, double inv_c, double log2_c)
{
  union { double d; uint64_t u; } b = {x};
  int32_t e = (int32_t)((b.u >> 52) & 0x7ff);
  b.u = (b.u & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
  /* m / c_j = 1 + r, |r| < 1/512: log2(1 + r) by its series to r^5 */
  double r = b.d * inv_c - 1.0;
  double p = r * (1.0 / 5);
  p = r * (-1.0 / 4 + p);
  p = r * (1.0 / 3 + p);
  p = r * (-0.5 + p);
  p = r * (1.0 + p);
  double y = (double)(e - 1023) + log2_c + 1.4426950408889634 * p;
  return e == 0 || x <= 0 ? -1100.0 : y;
}

/* log2(x) for x > 0 (x ≤ 0 or subnormal gives -1100). */
static inline double sp_fast_log2(double x)
{
  int32_t j = sp_fast_log2_index(x);
  return sp_fast_log2_at(x, sp_fastmath_t.inv_c[j], sp_fastmath_t.log2_c[j]);
}

/* y·256, clamped to y in [-1000, 1000], and its floor k, which fits 32 bits:
 * k = 256·n + j with j = k mod 256 (the low bits, sp_fast_exp2's table
 * index) and n = k >> 8 (rounding down, negatives too). Splitting y·256
 * (exact: a power-of-two scale) rather than y and then scaling y's
 * fraction: that can round up to a whole 256 (y = -1e-17 gives
 * 1 - 1e-17 = 1.0) and index past the table; here j is always in range
 * and only the rest may reach its top. */
static inline double sp_fast_exp2_split(double y, int32_t *k)
{
  y = y < -1000.0 ? -1000.0 : y;
  y = y > 1000.0 ? 1000.0 : y;
  double s = y * SP_FM_N;
  *k = (int32_t)floor(s); /* exact; an instruction in vector code */
  return s;
}

static inline int32_t sp_fast_exp2_index(double y)
{
  int32_t k;
  sp_fast_exp2_split(y, &k);
  return k & (SP_FM_N - 1);
}

/* 2^y given exp2_j[j] for j = sp_fast_exp2_index(y). */
static inline double sp_fast_exp2_at(double y, double exp2_j)
{
  int32_t k;
  double s = sp_fast_exp2_split(y, &k);
  double r = (s - (double)k) * (0.6931471805599453 / SP_FM_N); /* [0, ln2/256] */
  double p = r * (1.0 / 5040);
  p = r * (1.0 / 720 + p);
  p = r * (1.0 / 120 + p);
  p = r * (1.0 / 24 + p);
  p = r * (1.0 / 6 + p);
  p = r * (0.5 + p);
  p = r * (1.0 + p);
  union { uint64_t u; double d; } scale = {(uint64_t)(int64_t)((k >> SP_FM_BITS) + 1023) << 52};
  return exp2_j * (1.0 + p) * scale.d;
}

/* 2^y for y in [-1000, 1000] (beyond: clamped). */
static inline double sp_fast_exp2(double y)
{
  return sp_fast_exp2_at(y, sp_fastmath_t.exp2_j[sp_fast_exp2_index(y)]);
}

/* dB of a magnitude (20·log10 x) and the magnitude of dB. */
static inline double sp_fast_db(double x) { return 6.020599913279624 * sp_fast_log2(x); }
static inline double sp_fast_undb(double db) { return sp_fast_exp2(db * 0.16609640474436813); }

#endif
