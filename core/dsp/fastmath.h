/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FASTMATH_H
#define SP_FASTMATH_H

/* log2 and exp2 for the dynamics processors' per-sample level and gain
 * conversions: a few multiplies instead of a libm call, and the same bits on
 * every machine (libm picks FMA or plain variants at run time; these are
 * plain arithmetic, compiled without contraction). Accurate to about 1e-9
 * relative: 1e-8 dB, far below anything audible or tested. */

#include <stdint.h>
#include <string.h>

/* log2(x) for x > 0 (normal numbers; x ≤ 0 or subnormal gives -1100). */
static inline double sp_fast_log2(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  int e = (int)((u >> 52) & 0x7ff);
  if (e == 0 || x <= 0)
    return -1100.0;
  /* x = m · 2^(e−1023), m in [1, 2); fold m into [√½, √2) around 1. */
  u = (u & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
  double m;
  memcpy(&m, &u, sizeof m);
  int exp2 = e - 1023;
  if (m > 1.4142135623730951) {
    m *= 0.5;
    exp2++;
  }
  /* log2(m) = 2/ln2 · atanh(t), t = (m − 1)/(m + 1), |t| < 0.1716 */
  double t = (m - 1.0) / (m + 1.0), t2 = t * t;
  double p = 1.0 / 11 + t2 * (1.0 / 13);
  p = 1.0 / 9 + t2 * p;
  p = 1.0 / 7 + t2 * p;
  p = 1.0 / 5 + t2 * p;
  p = 1.0 / 3 + t2 * p;
  p = 1.0 + t2 * p;
  return (double)exp2 + 2.8853900817779268 * t * p; /* 2/ln 2 */
}

/* 2^y for y in [-1000, 1000] (beyond: clamped). */
static inline double sp_fast_exp2(double y)
{
  if (y < -1000.0)
    y = -1000.0;
  if (y > 1000.0)
    y = 1000.0;
  /* y = n + f, |f| ≤ ½; 2^f = e^(f·ln2) by its Taylor series to f^11. */
  double n = (double)(int64_t)(y + (y >= 0 ? 0.5 : -0.5));
  double f = (y - n) * 0.6931471805599453;
  double p = 1.0 / 39916800;
  p = 1.0 / 3628800 + f * p;
  p = 1.0 / 362880 + f * p;
  p = 1.0 / 40320 + f * p;
  p = 1.0 / 5040 + f * p;
  p = 1.0 / 720 + f * p;
  p = 1.0 / 120 + f * p;
  p = 1.0 / 24 + f * p;
  p = 1.0 / 6 + f * p;
  p = 0.5 + f * p;
  p = 1.0 + f * p;
  p = 1.0 + f * p;
  uint64_t u = (uint64_t)((int64_t)n + 1023) << 52;
  double scale;
  memcpy(&scale, &u, sizeof scale);
  return p * scale;
}

/* dB of a magnitude (20·log10 x) and the magnitude of dB. */
static inline double sp_fast_db(double x) { return 6.020599913279624 * sp_fast_log2(x); }
static inline double sp_fast_undb(double db) { return sp_fast_exp2(db * 0.16609640474436813); }

#endif
