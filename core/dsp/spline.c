/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kruger's constrained cubic spline, the arithmetic of Ardour 7.3's
 * Curve::solve (libs/evoral/Curve.cc) taken apart per point and per
 * segment: the same expressions in the same order, so the same doubles.
 * Where two points have the same value a slope is x/0 = ∞ and the
 * harmonic mean 0, as in Ardour; where they have the same time a
 * segment's coefficients are not finite, and never read (no x lies
 * between them). */

#include "core/dsp/spline.h"

double sp_spline_inner_slope(const double x[3], const double y[3])
{
  /* Ardour's names: the run over rise after the point, and before it */
  const double slope_before = (x[2] - x[1]) / (y[2] - y[1]);
  const double slope_after = (x[1] - x[0]) / (y[1] - y[0]);
  if (slope_after * slope_before < 0.0)
    return 0.0; /* the curve turns: flat */
  return 2 / (slope_before + slope_after);
}

double sp_spline_first_slope(const double x[3], const double y[3])
{
  const double fpone = sp_spline_inner_slope(x, y);
  return 3 * (y[1] - y[0]) / (2 * (x[1] - x[0])) - fpone * 0.5;
}

double sp_spline_last_slope(const double x[2], const double y[2], double before)
{
  return 3 * (y[1] - y[0]) / (2 * (x[1] - x[0])) - before * 0.5;
}

void sp_spline_segment(const double x[2], const double y[2], double fp0, double fp1, double co[4])
{
  const double xim1 = x[0], xi = x[1];
  const double xdelta = xi - xim1, xdelta2 = xdelta * xdelta;
  const double ydelta = y[1] - y[0];
  /* the second derivatives at either end */
  const double fppL = -2 * (fp1 + 2 * fp0) / xdelta + 6 * ydelta / xdelta2;
  const double fppR = 2 * (2 * fp1 + fp0) / xdelta - 6 * ydelta / xdelta2;
  const double d = (fppR - fppL) / (6 * xdelta);
  const double c = (xi * fppL - xim1 * fppR) / (2 * xdelta);
  const double xim12 = xim1 * xim1, xim13 = xim12 * xim1;
  const double xi2 = xi * xi, xi3 = xi2 * xi;
  const double b = (ydelta - c * (xi2 - xim12) - d * (xi3 - xim13)) / xdelta;
  co[0] = y[0] - b * xim1 - c * xim12 - d * xim13;
  co[1] = b;
  co[2] = c;
  co[3] = d;
}
