/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The linear fade shape: a straight line from silence (-140 dB) to unity
 * (AudioRegion::set_fade_in's FadeLinear in Ardour 7.3). */

#include "core/dsp/curves/curve.h"

void sp_curve_fade_linear(sp_curve_points *p, bool in, int64_t len)
{
  p->n = 0;
  sp_curve_points_add(p, 0, in ? SP_CURVE_SMALL : 1);
  sp_curve_points_add(p, len, in ? 1 : SP_CURVE_SMALL);
}
