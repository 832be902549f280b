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

#include <stdint.h>
#include <string.h>

#define SP_FM_BITS 8
#define SP_FM_N (1 << SP_FM_BITS)

typedef struct sp_fastmath_tables {
  double log2_c[SP_FM_N]; /* log2 of each table point's centre */
  double inv_c[SP_FM_N];  /* 1 / centre */
  double exp2_j[SP_FM_N]; /* 2^(j/256) */
} sp_fastmath_tables;

/* The tables, built before main() runs (a constructor in fastmath.c). */
extern sp_fastmath_tables sp_fastmath_t;

/* log2(x) for x > 0 (x ≤ 0 or subnormal gives -1100). */
static inline double sp_fast_log2(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  int e = (int)((u >> 52) & 0x7ff);
  if (e == 0 || x <= 0)
    return -1100.0;
  const sp_fastmath_tables *T = &sp_fastmath_t;
  int j = (int)((u >> (52 - SP_FM_BITS)) & (SP_FM_N - 1));
  u = (u & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
  double m;
  memcpy(&m, &u, sizeof m);
  /* m / c_j = 1 + r, |r| < 1/512: log2(1 + r) by its series to r^5 */
  double r = m * T->inv_c[j] - 1.0;
  double p = r * (1.0 / 5);
  p = r * (-1.0 / 4 + p);
  p = r * (1.0 / 3 + p);
  p = r * (-0.5 + p);
  p = r * (1.0 + p);
  return (double)(e - 1023) + T->log2_c[j] + 1.4426950408889634 * p;
}

/* 2^y for y in [-1000, 1000] (beyond: clamped). */
static inline double sp_fast_exp2(double y)
{
  if (y < -1000.0)
    y = -1000.0;
  if (y > 1000.0)
    y = 1000.0;
  /* Split y·256 (exact: a power-of-two scale) into its floor k and the
   * rest. Splitting y first and scaling its fraction can round up to a
   * whole 256 (y = -1e-17 gives 1 - 1e-17 = 1.0), which would index past
   * the table; here j is always in range and only r may reach its top. */
  double s = y * SP_FM_N;
  double k = (double)(int64_t)s;
  if (k > s)
    k -= 1.0;
  int64_t ki = (int64_t)k;
  int j = (int)(ki & (SP_FM_N - 1));
  int64_t n = (ki - j) / SP_FM_N;
  double r = (s - k) * (0.6931471805599453 / SP_FM_N); /* [0, ln2/256] */
  double p = r * (1.0 / 5040);
  p = r * (1.0 / 720 + p);
  p = r * (1.0 / 120 + p);
  p = r * (1.0 / 24 + p);
  p = r * (1.0 / 6 + p);
  p = r * (0.5 + p);
  p = r * (1.0 + p);
  uint64_t u = (uint64_t)(n + 1023) << 52;
  double scale;
  memcpy(&scale, &u, sizeof scale);
  return sp_fastmath_t.exp2_j[j] * (1.0 + p) * scale;
}

/* dB of a magnitude (20·log10 x) and the magnitude of dB. */
static inline double sp_fast_db(double x) { return 6.020599913279624 * sp_fast_log2(x); }
static inline double sp_fast_undb(double db) { return sp_fast_exp2(db * 0.16609640474436813); }

#endif
