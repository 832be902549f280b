/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's polar extent panner (section 7.3.8; core/dsp/bs2127/
 * bs2127_impl.h), read against EAR's objectbased/extent.py and
 * gain_calc.py's PolarExtentHandler:
 *
 *   points evenly over the sphere (37 rows, 5° apart) ─ point-source
 *   gains of each, once ─┐
 *   a source's width x height: a stadium about its direction, weight 1
 *   inside, fading to 0 over 10° ─ weighted sum ─ normalised
 *   extents under 10°: crossfaded in power with the point source
 *   distance: the extent widens as the source nears the centre (depth:
 *   the power mean of its near and far ends)
 */

#include "core/dsp/bs2127/bs2127_impl.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 37 };
static const double FADE_DEG = 10.0;

void b_spread_init(b_spread *s, const b_psp *psp)
{
  memset(s, 0, sizeof *s);
  s->psp = psp;
  int total = 0, per_row[ROWS];
  for (int r = 0; r < ROWS; r++) {
    const double el = -90.0 + 180.0 * r / (ROWS - 1);
    int k = (int)nearbyint(cos(b_rad(el)) * 2 * (ROWS - 1));
    per_row[r] = k > 0 ? k : 1;
    total += per_row[r];
  }
  s->n = total;
  s->pts = sp_xcalloc((size_t)total, sizeof *s->pts);
  s->pv = sp_xcalloc((size_t)total * (size_t)psp->n, sizeof *s->pv);
  int i = 0;
  for (int r = 0; r < ROWS; r++) {
    const double el = -90.0 + 180.0 * r / (ROWS - 1);
    for (int k = 0; k < per_row[r]; k++, i++) {
      b_cart(360.0 * k / per_row[r], el, 1, s->pts[i]);
      b_psp_gains(psp, s->pts[i], s->pv + (size_t)i * (size_t)psp->n);
    }
  }
}

void b_spread_fini(b_spread *s)
{
  if (!s)
    return;
  free(s->pts);
  free(s->pv);
  memset(s, 0, sizeof *s);
}

/* Rows of the axes turned so that +Y points at pos (x, y, z); near the
 * poles the azimuth is taken as 0. */
static void basis(const double pos[3], double b[3][3])
{
  double p[3] = {0, 1, 0};
  const double n = b_norm(pos, 3);
  if (n >= 1e-10)
    for (int k = 0; k < 3; k++)
      p[k] = pos[k] / n;
  double az = b_azimuth(p);
  const double el = b_elevation(p);
  if (fabs(el) > 90 - 1e-5)
    az = 0;
  b_local_axes(az, el, b);
}

/* The stadium: its flat sides along the (flipped) basis' azimuth lines,
 * rounded ends of radius r centred at ±cpos. */
typedef struct shape {
  double b[3][3];
  double r, cpos;
  double circles[2][3];
  double reach_cos; /* points further than this (cosine of the angle from
                     * the centre) weigh 0: cpos + r + the fade away */
} shape;

static void shape_make(const double pos[3], double width, double height, shape *sh)
{
  double w = b_rad(width) / 2, h = b_rad(height) / 2, bs[3][3];
  basis(pos, bs);
  sh->r = fmin(w, h);
  if (h > w) {
    const double t = w;
    w = h;
    h = t;
    memcpy(sh->b[0], bs[2], sizeof sh->b[0]);
    memcpy(sh->b[1], bs[1], sizeof sh->b[1]);
    memcpy(sh->b[2], bs[0], sizeof sh->b[2]);
  } else {
    memcpy(sh->b, bs, sizeof sh->b);
  }
  /* widen it so that its ends meet behind once it is half the circle */
  const double full = M_PI + h;
  const double xw[3] = {0, M_PI / 2, M_PI}, fw[3] = {0, M_PI / 2, full};
  const double wmod = b_interp(w, xw, fw, 3);
  const double xh[4] = {0, M_PI / 4, M_PI / 2, M_PI}, fh[4] = {wmod, wmod, w, w};
  w = b_interp(h, xh, fh, 4);
  sh->cpos = w - sh->r;
  /* a point at angle t from the centre is at least t - w from the shape
   * (by the triangle inequality, whether nearer a straight edge or an
   * end's circle), so past w + the fade its weight is 0 */
  const double reach = w + b_rad(FADE_DEG) + 1e-6;
  sh->reach_cos = reach >= M_PI ? -2.0 : cos(reach);
  for (int c = 0; c < 2; c++) {
    const double az = c ? sh->cpos : -sh->cpos;
    for (int k = 0; k < 3; k++)
      sh->circles[c][k] = sin(az) * sh->b[0][k] + cos(az) * sh->b[1][k];
  }
}

static double shape_weight(const shape *sh, const double v[3])
{
  double c[3];
  for (int k = 0; k < 3; k++)
    c[k] = fmin(fmax(b_dot(v, sh->b[k]), -1.0), 1.0);
  const double az = atan2(c[0], c[1]), el = asin(c[2]);
  double d;
  if (fabs(az) <= sh->cpos) {
    d = fabs(el) - sh->r;
  } else {
    const double d0 = acos(fmin(fmax(b_dot(v, sh->circles[0]), -1.0), 1.0));
    const double d1 = acos(fmin(fmax(b_dot(v, sh->circles[1]), -1.0), 1.0));
    d = fmin(d0, d1) - sh->r;
  }
  const double xp[2] = {0, b_rad(FADE_DEG)}, fp[2] = {1, 0};
  return b_interp(d, xp, fp, 2);
}

/* calc_pv_spread: the extent's gains, crossfaded in power with the point
 * source's below 10° */
static void pv_spread(const b_spread *s, const double pos[3], double width, double height,
                      double *g)
{
  const int n = s->psp->n;
  const double xp[2] = {0, FADE_DEG}, fp[2] = {0, 1};
  const double spread = b_interp(fmax(width, height), xp, fp, 2), point = 1.0 - spread;
  double acc[B_MAXN] = {0}, t[B_MAXN];
  if (point > 1e-10) {
    b_psp_gains(s->psp, pos, t);
    for (int i = 0; i < n; i++)
      acc[i] += point * t[i] * t[i];
  }
  if (spread > 1e-10) {
    shape sh;
    shape_make(pos, fmax(width, FADE_DEG / 2), fmax(height, FADE_DEG / 2), &sh);
    memset(t, 0, sizeof t);
    for (int p = 0; p < s->n; p++) {
      if (b_dot(s->pts[p], sh.b[1]) < sh.reach_cos)
        continue;
      const double w = shape_weight(&sh, s->pts[p]);
      if (w == 0)
        continue;
      const double *pv = s->pv + (size_t)p * (size_t)n;
      for (int i = 0; i < n; i++)
        t[i] += w * pv[i];
    }
    const double norm = b_norm(t, n);
    for (int i = 0; i < n; i++)
      acc[i] += spread * (t[i] / norm) * (t[i] / norm);
  }
  for (int i = 0; i < n; i++)
    g[i] = sqrt(acc[i]);
}

/* extent_mod: the extent seen from distance d, by a right triangle whose
 * far side is the extent's size */
static double extent_at(double extent, double d)
{
  const double xs[2] = {0, 360}, fs[2] = {0.2, 1.0};
  const double size = b_interp(extent, xs, fs, 2);
  const double e1 = 4 * b_deg(atan2(size, 1.0));
  const double xp[3] = {0, e1, 360}, fp[3] = {0, extent, 360};
  return b_interp(4 * b_deg(atan2(size, d)), xp, fp, 3);
}

void b_spread_gains(const b_spread *s, const double pos[3], double width, double height,
                    double depth, double *g)
{
  const int n = s->psp->n;
  const double d = b_norm(pos, 3);
  if (depth == 0) {
    pv_spread(s, pos, extent_at(width, d), extent_at(height, d), g);
    return;
  }
  double a[B_MAXN], b[B_MAXN];
  const double near = fmax(d - depth / 2, 0.0), far = fmax(d + depth / 2, 0.0);
  pv_spread(s, pos, extent_at(width, far), extent_at(height, far), a);
  pv_spread(s, pos, extent_at(width, near), extent_at(height, near), b);
  for (int i = 0; i < n; i++)
    g[i] = sqrt((a[i] * a[i] + b[i] * b[i]) / 2);
}
