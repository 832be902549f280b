/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The slow fade shape: a -1 dB fade blended in dB into a -80 dB one, the
 * second weighing more at each point, a fade-in mirrored (FadeSlow in
 * Ardour 7.3). */

#include "core/dsp/curves/curve.h"

void sp_curve_fade_slow(sp_curve_points *p, bool in, int64_t len)
{
  sp_curve_points a, b;
  sp_curve_db_fade(&a, len, -1);  /* a slow start ... */
  sp_curve_db_fade(&b, len, -80); /* ... blended into a fast end */
  p->n = 0;
  for (size_t k = 0; k < a.n; k++) {
    double v1 = sp_curve_coefficient_to_db((float)a.y[k]),
           v2 = sp_curve_coefficient_to_db((float)b.y[k]);
    double w = (double)k / (double)a.n;
    double db = v1 * (1.0 - w) + v2 * w;
    sp_curve_points_add(p, (int64_t)a.x[k], sp_curve_db_to_coefficient((float)db));
  }
  if (in)
    sp_curve_points_reverse(p);
}
