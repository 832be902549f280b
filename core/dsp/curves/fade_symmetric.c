/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The symmetric fade shape: nearly linear to 70 % of its length, then
 * halving towards silence, a fade-in mirrored (FadeSymmetric in Ardour
 * 7.3). */

#include "core/dsp/curves/curve.h"

#include <math.h>

void sp_curve_fade_symmetric(sp_curve_points *p, bool in, int64_t len)
{
  const double knee = 0.7;
  p->n = 0;
  sp_curve_points_add(p, 0, 1);
  sp_curve_points_add(p, (int64_t)(0.5 * (double)len), 0.6);
  for (int i = 2; i < 9; i++) {
    float coeff = (float)((1.0f - knee) * powf(0.5f, (float)i));
    sp_curve_points_add(p, (int64_t)((double)len * (knee + (1.0 - knee) * (double)i / 9.0)), coeff);
  }
  sp_curve_points_add(p, len, SP_CURVE_SMALL);
  if (in)
    sp_curve_points_reverse(p);
}
