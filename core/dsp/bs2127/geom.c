/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's geometry (core/dsp/bs2127/bs2127_impl.h): its polar and
 * Cartesian axes, numpy's interp as EAR uses it, angle ranges, the convex
 * hull whose facets the point-source panner's regions are, and the order
 * of a polygon's corners. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <math.h>

double b_rad(double deg) { return deg * (M_PI / 180.0); }

double b_deg(double rad) { return rad * (180.0 / M_PI); }

void b_cart(double az, double el, double d, double out[3])
{
  out[0] = sin(b_rad(-az)) * cos(b_rad(el)) * d;
  out[1] = cos(b_rad(-az)) * cos(b_rad(el)) * d;
  out[2] = sin(b_rad(el)) * d;
}

double b_azimuth(const double p[3]) { return -b_deg(atan2(p[0], p[1])); }

double b_elevation(const double p[3]) { return b_deg(atan2(p[2], hypot(p[0], p[1]))); }

double b_dot(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

double b_norm(const double *v, int n)
{
  double s = 0;
  for (int i = 0; i < n; i++)
    s += v[i] * v[i];
  return sqrt(s);
}

double b_interp(double x, const double *xp, const double *fp, int n)
{
  if (x <= xp[0])
    return fp[0];
  if (x >= xp[n - 1])
    return fp[n - 1];
  int i = 0;
  while (i < n - 2 && x >= xp[i + 1])
    i++;
  const double w = xp[i + 1] - xp[i];
  if (!(w > 0))
    return fp[i + 1];
  /* as numpy's interp takes an fp not finite (a width of inf's extent):
   * at a point its value, else from the other end where this end makes
   * no number */
  if (x == xp[i])
    return fp[i];
  const double v = fp[i] + (fp[i + 1] - fp[i]) * (x - xp[i]) / w;
  if (!isnan(v))
    return v;
  const double u = fp[i + 1] + (fp[i + 1] - fp[i]) * (x - xp[i + 1]) / w;
  return isnan(u) && fp[i] == fp[i + 1] ? fp[i] : u;
}

bool b_inside_angle_range(double x, double start, double end, double tol)
{
  if (!isfinite(x) || !isfinite(start) || !isfinite(end) || !isfinite(tol))
    return false;
  /* end is anticlockwise from start, at most a turn: end = start + 360 is
   * the whole circle, end = start a single angle (EAR turns by 360° in
   * loops; fmod is the same, exactly, and ends for any angle) */
  double d = end - start;
  if (d > 360.0) {
    d = fmod(d, 360.0);
    d = d == 0 ? 360.0 : d;
  } else if (d < 0) {
    d = fmod(d, 360.0);
    d = d < 0 ? d + 360.0 : d;
  }
  const double lo = start - tol;
  double r = fmod(x - lo, 360.0);
  if (r < 0)
    r += 360.0;
  return lo + r <= start + d + tol;
}

void b_cross(const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

void b_local_axes(double az, double el, double m[3][3])
{
  b_cart(az - 90.0, 0.0, 1, m[0]);
  b_cart(az, el, 1, m[1]);
  b_cart(az, el + 90.0, 1, m[2]);
}

/* Every plane through three of the points with all others on one side
 * is a supporting plane; its facet is every point on it. A layout has at
 * most a few dozen points, so trying every triple (n^4) costs well under
 * a millisecond and needs none of a hull algorithm's care for coplanar
 * points, which BS.2051's layouts are full of (a quad's four corners). */
int b_hull_facets(const double (*pts)[3], int n, unsigned long long *facets, int max)
{
  const double tol = 1e-7;
  int count = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      for (int k = j + 1; k < n; k++) {
        double u[3], v[3], nrm[3];
        for (int a = 0; a < 3; a++) {
          u[a] = pts[j][a] - pts[i][a];
          v[a] = pts[k][a] - pts[i][a];
        }
        b_cross(u, v, nrm);
        const double len = b_norm(nrm, 3);
        if (len < 1e-9)
          continue;
        for (int a = 0; a < 3; a++)
          nrm[a] /= len;
        const double d = b_dot(nrm, pts[i]);
        bool above = false, below = false;
        unsigned long long on = 0;
        for (int m = 0; m < n; m++) {
          const double s = b_dot(nrm, pts[m]) - d;
          if (s > tol)
            above = true;
          else if (s < -tol)
            below = true;
          else
            on |= 1ull << m;
        }
        if (above && below)
          continue;
        bool seen = false;
        for (int f = 0; f < count && !seen; f++)
          seen = facets[f] == on;
        if (!seen && count < max)
          facets[count++] = on;
      }
  return count;
}

/* EAR's ngon_vertex_order: the corners' angles about their centre,
 * measured against two of them as axes (not orthogonal, which keeps
 * straight lines straight and so the order). */
void b_polygon_order(const double (*pts)[3], int n, int *order)
{
  double c[3] = {0, 0, 0}, rel[B_MAXG][3], ang[B_MAXG];
  for (int i = 0; i < n; i++)
    for (int a = 0; a < 3; a++)
      c[a] += pts[i][a] / n;
  for (int i = 0; i < n; i++)
    for (int a = 0; a < 3; a++)
      rel[i][a] = pts[i][a] - c[a];
  int bi = 1;
  for (int i = 2; i < n; i++)
    if (fabs(b_dot(rel[i], rel[0])) < fabs(b_dot(rel[bi], rel[0])))
      bi = i;
  for (int i = 0; i < n; i++) {
    ang[i] = atan2(b_dot(rel[i], rel[0]), b_dot(rel[i], rel[bi]));
    order[i] = i;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && ang[order[j]] < ang[order[j - 1]]; j--) {
      const int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
}
