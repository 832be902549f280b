/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fast log2/exp2 sp_fastmath_t. Built once from libm in long double and
 * rounded: the entries are correctly rounded wherever libm's long double
 * functions are accurate to a few ulps, which they are. */

#include "core/dsp/fastmath.h"

#include <math.h>

sp_fastmath_tables sp_fastmath_t;

/* A constructor with a priority: it runs before those without one (the
 * tests' zygote forks in one of those and must find the tables built). */
__attribute__((constructor(101))) static void build(void)
{
  for (int j = 0; j < SP_FM_N; j++) {
    long double c = 1.0L + ((long double)j + 0.5L) / SP_FM_N;
    /* A centre that is a double, so m / c has no rounding in its value. */
    double cd = (double)c;
    sp_fastmath_t.log2_c[j] = (double)log2l((long double)cd);
    sp_fastmath_t.inv_c[j] = 1.0 / cd;
    sp_fastmath_t.exp2_j[j] = (double)exp2l((long double)j / SP_FM_N);
  }
}
