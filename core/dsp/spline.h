/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SPLINE_H
#define SP_SPLINE_H

/* Kruger's constrained cubic spline ("Constrained Cubic Spline
 * Interpolation", C. J. C. Kruger), computed as Ardour 7.3 computes it
 * (libs/evoral/Curve.cc, Curve::solve) so that its floats are Ardour's:
 * a curve through n ≥ 3 points (x increasing) whose first derivative at
 * an inner point is the harmonic mean of the slopes on either side, 0
 * where the curve turns (it never overshoots between two points); the
 * end derivatives follow from their neighbour's. Each segment is a cubic
 * in absolute x (Ardour's superclock ticks or beat ticks), each
 * expression in Ardour's order. Every derivative depends on its
 * neighbours only, so a segment can be made alone.
 *
 * x and y of a slope are consecutive points; a segment's coefficients
 * co[0] + co[1]·x + co[2]·x² + co[3]·x³ hold from its first point to its
 * second. */

/* The derivative at the first of three points (x[0]). */
double sp_spline_first_slope(const double x[3], const double y[3]);
/* The derivative at the middle of three points (x[1]). */
double sp_spline_inner_slope(const double x[3], const double y[3]);
/* The derivative at the last point (x[1]) of a curve whose last segment
 * is x[0] .. x[1], the derivative at x[0] being before. */
double sp_spline_last_slope(const double x[2], const double y[2], double before);
/* The cubic from x[0] to x[1] whose derivatives there are fp0 and fp1. */
void sp_spline_segment(const double x[2], const double y[2], double fp0, double fp1, double co[4]);

/* The cubic co at x, summed as Ardour's multipoint_eval sums it. */
static inline double sp_spline_eval(const double co[4], double x)
{
  const double x2 = x * x;
  return co[0] + co[1] * x + co[2] * x2 + co[3] * x2 * x;
}

#endif
