/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127 section 10's conversion of a point between polar and Cartesian
 * (core/dsp/bs2127/bs2127.h), read against EAR's objectbased/conversion.py:
 * the room's four corners at ±30° and ±110° of azimuth, its ceiling's edge
 * at 30° of elevation (45° in the cube); an azimuth maps to a place along
 * the wall between the corners of its sector, an elevation to a height. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <math.h>

static const double DEG = M_PI / 180.0;

/* The room's corners, polar azimuth and (x, y), counter-clockwise seen
 * from above, starting in front: a sector is two neighbours. */
static const struct {
  double az, x, y;
} corner[5] = {{0, 0, 1}, {-30, 1, 1}, {-110, 1, -1}, {110, -1, -1}, {30, -1, 1}};

enum { EL_TOP = 30, EL_TOP_TILDE = 45 };

/* y shifted by whole turns into [x, x + 360). */
static double at_or_after(double x, double y)
{
  double r = fmod(y - x, 360.0);
  if (r < 0)
    r += 360.0;
  return x + r;
}

/* Whether angle a lies in [start, end], end counter-clockwise of start. */
static bool inside(double a, double start, double end)
{
  return at_or_after(start, a) <= at_or_after(start, end) + 1e-9;
}

void sp_bs2127_polar_to_cart(double az, double el, double d, double *x, double *y, double *z)
{
  double r_xy;
  if (fabs(el) > EL_TOP) {
    const double el_t =
        EL_TOP_TILDE + (90.0 - EL_TOP_TILDE) * (fabs(el) - EL_TOP) / (90.0 - EL_TOP);
    *z = el > 0 ? d : -d;
    r_xy = d * tan((90.0 - el_t) * DEG);
  } else {
    *z = d * tan(EL_TOP_TILDE * el / EL_TOP * DEG);
    r_xy = d;
  }
  /* fmod is exact: an angle of any size keeps its place on the circle
   * (1.1e72° minus a corner's angle would not); a non-finite one, in no
   * sector, takes the last rather than reading past the corners. */
  az = fmod(az, 360.0);
  int i = 0;
  while (i < 4 && !inside(az, corner[(i + 1) % 5].az, corner[i].az))
    i++;
  const int j = (i + 1) % 5; /* i: the sector's left corner, j its right */
  const double right = corner[j].az, left = at_or_after(right, corner[i].az);
  const double a = at_or_after(right, az);
  const double mid = (left + right) / 2, range = right - mid;
  const double gr = 0.5 + 0.5 * tan((a - mid) * DEG) / tan(range * DEG);
  const double p = atan2(gr, 1 - gr) * 2 / M_PI;
  *x = r_xy * (corner[i].x + (corner[j].x - corner[i].x) * p);
  *y = r_xy * (corner[i].y + (corner[j].y - corner[i].y) * p);
}

void sp_bs2127_cart_to_polar(double x, double y, double z, double *az, double *el, double *d)
{
  if (fabs(x) < 1e-10 && fabs(y) < 1e-10) {
    *az = 0;
    *el = fabs(z) < 1e-10 ? 0 : z > 0 ? 90 : -90;
    *d = fabs(z);
    return;
  }
  const double a_xy = atan2(-x, y) / DEG; /* the direction's azimuth, positive left */
  int i = 0;
  for (; i < 5; i++) {
    const int j = (i + 1) % 5;
    if (inside(a_xy, atan2(-corner[j].x, corner[j].y) / DEG,
               atan2(-corner[i].x, corner[i].y) / DEG))
      break;
  }
  const int j = (i + 1) % 5;
  /* (x, y) = gl · left + gr · right */
  const double lx = corner[i].x, ly = corner[i].y, rx = corner[j].x, ry = corner[j].y;
  const double det = lx * ry - ly * rx;
  const double gl = (x * ry - y * rx) / det, gr = (lx * y - ly * x) / det;
  const double r_xy = gl + gr, p = gr / r_xy;
  const double right = corner[j].az, left = at_or_after(right, corner[i].az);
  const double mid = (left + right) / 2, range = right - mid;
  const double cl = cos(p * M_PI / 2), cr = sin(p * M_PI / 2), g = cr / (cl + cr);
  double a = mid + atan(2 * (g - 0.5) * tan(range * DEG)) / DEG;
  a = at_or_after(-180, a);
  *az = a >= 180 ? a - 360 : a;
  const double el_t = atan(z / r_xy) / DEG;
  if (fabs(el_t) > EL_TOP_TILDE) {
    const double e = EL_TOP + (90.0 - EL_TOP) * (fabs(el_t) - EL_TOP_TILDE) / (90.0 - EL_TOP_TILDE);
    *el = el_t > 0 ? e : -e;
    *d = fabs(z);
  } else {
    *el = EL_TOP * el_t / EL_TOP_TILDE;
    *d = r_xy;
  }
}
