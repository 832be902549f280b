/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the drawn fade shapes share (core/dsp/curves/curve.h): adding a
 * point, mirroring points in time, a fade falling in equal dB steps, and
 * dB in float as the shapes' source computes it. */

#include "core/dsp/curves/curve.h"

#include <math.h>

void sp_curve_points_add(sp_curve_points *p, int64_t x, double y)
{
  p->x[p->n] = (double)x;
  p->y[p->n++] = y;
}

float sp_curve_db_to_coefficient(float db) { return db > -318.8f ? powf(10.0f, db * 0.05f) : 0.0f; }

float sp_curve_coefficient_to_db(float g) { return g < 1e-15f ? -INFINITY : 20.0f * log10f(g); }

void sp_curve_db_fade(sp_curve_points *p, int64_t len, float db_drop)
{
  p->n = 0;
  sp_curve_points_add(p, 0, 1);
  float speed = sp_curve_db_to_coefficient(db_drop / (float)SP_CURVE_STEPS);
  float coeff = 1.0f;
  for (int i = 1; i < SP_CURVE_STEPS - 1; i++) {
    coeff *= speed;
    sp_curve_points_add(p, (int64_t)((double)len * (double)i / (double)SP_CURVE_STEPS), coeff);
  }
  sp_curve_points_add(p, len, SP_CURVE_SMALL);
}

void sp_curve_points_reverse(sp_curve_points *p)
{
  sp_curve_points r = {.n = 0};
  double end = p->x[p->n - 1];
  for (size_t i = p->n; i-- > 0;)
    sp_curve_points_add(&r, (int64_t)(end - p->x[i]), p->y[i]);
  *p = r;
}
