/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The constant-power fade shape: sine (in) or cosine (out) quarter waves
 * at SP_CURVE_STEPS points (AudioRegion::set_fade_in's FadeConstantPower
 * in Ardour 7.3), their times in float. */

#include "core/dsp/curves/curve.h"

#include <math.h>

void sp_curve_fade_power(sp_curve_points *p, bool in, int64_t len)
{
  p->n = 0;
  sp_curve_points_add(p, 0, in ? SP_CURVE_SMALL : 1);
  for (int i = 1; i < SP_CURVE_STEPS; i++) {
    float dist = (float)i / (SP_CURVE_STEPS + 1.0f);
    double a = dist * M_PI / 2.0;
    sp_curve_points_add(p, (int64_t)((float)len * dist), in ? sin(a) : cos(a));
  }
  sp_curve_points_add(p, len, in ? 1 : SP_CURVE_SMALL);
}
