/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vector base amplitude panning (core/dsp/vbap.h). */

#include "core/dsp/vbap.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SETS = 1024 };

/* A speaker pair (2-D) or triangle (3-D) and the inverse of the matrix
 * whose rows are its speakers' directions: a direction p is g·L, so g is
 * p·L⁻¹. */
typedef struct spk_set {
  int s[3];
  int n; /* 2 or 3 */
  double inv[3][3];
} spk_set;

struct sp_vbap {
  const sp_layout *l;
  int n;                          /* speakers: the layout's channels but the LFE */
  int ch[SP_MAX_CHANNELS];        /* speaker k's channel */
  double dir[SP_MAX_CHANNELS][3]; /* speaker k's direction, a unit vector */
  bool three_d;                   /* some speaker is off the horizon */
  spk_set *sets;
  int n_sets;
};

static const double DEG = M_PI / 180.0;

static void direction(double az, double el, double *d)
{
  d[0] = cos(el * DEG) * cos(az * DEG);
  d[1] = cos(el * DEG) * sin(az * DEG);
  d[2] = sin(el * DEG);
}

static double dot3(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

static void cross3(const double *a, const double *b, double *c)
{
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}

/* The inverse of the 3×3 matrix whose rows are a, b, c; false when they
 * are (nearly) in one plane through the origin. */
static bool invert3(const double *a, const double *b, const double *c, double inv[3][3])
{
  double bc[3], ca[3], ab[3];
  cross3(b, c, bc);
  cross3(c, a, ca);
  cross3(a, b, ab);
  const double det = dot3(a, bc);
  if (fabs(det) < 1e-9)
    return false;
  /* (M⁻¹) columns are the cross products over det: g = p·M⁻¹ gives
   * g_0 = p·(b×c)/det and so on. */
  for (int i = 0; i < 3; i++) {
    inv[i][0] = bc[i] / det;
    inv[i][1] = ca[i] / det;
    inv[i][2] = ab[i] / det;
  }
  return true;
}

/* 2-D: the pairs of speakers next to each other around the circle less
 * than 180° apart (in the order of their azimuths). */
static void plan_pairs(sp_vbap *v)
{
  int order[SP_MAX_CHANNELS];
  double az[SP_MAX_CHANNELS];
  for (int k = 0; k < v->n; k++) {
    order[k] = k;
    az[k] = atan2(v->dir[k][1], v->dir[k][0]) / DEG;
  }
  for (int i = 1; i < v->n; i++) /* insertion sort: at most 16 */
    for (int j = i; j > 0 && az[order[j]] < az[order[j - 1]]; j--) {
      const int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (int i = 0; v->n > 1 && i < v->n; i++) {
    const int a = order[i], b = order[(i + 1) % v->n];
    double gap = az[b] - az[a];
    if (gap <= 0)
      gap += 360;
    if (gap >= 180 - 1e-9)
      continue;
    spk_set *s = &v->sets[v->n_sets];
    const double det = v->dir[a][0] * v->dir[b][1] - v->dir[a][1] * v->dir[b][0];
    if (fabs(det) < 1e-12)
      continue;
    memset(s, 0, sizeof *s);
    s->n = 2;
    s->s[0] = a;
    s->s[1] = b;
    /* rows a, b of a 2×2 matrix: its inverse */
    s->inv[0][0] = v->dir[b][1] / det;
    s->inv[0][1] = -v->dir[a][1] / det;
    s->inv[1][0] = -v->dir[b][0] / det;
    s->inv[1][1] = v->dir[a][0] / det;
    v->n_sets++;
  }
}

/* 3-D: the triangles of the convex hull of the speakers' directions and,
 * when no speaker is below the horizon, of the point straight below
 * (index n, never a gain): a triangle is a face when no direction lies
 * outside its plane. Four speakers or more on one plane (the square of a
 * 7.1.4's heights) make overlapping faces, both ways of cutting it into
 * triangles: point_gains blends every face that holds a direction, so
 * neither diagonal is favoured (a source overhead plays from the four
 * heights alike). */
static void plan_triangles(sp_vbap *v)
{
  double pts[SP_MAX_CHANNELS + 1][3];
  int n = v->n;
  memcpy(pts, v->dir, sizeof v->dir[0] * (size_t)n);
  bool below = false;
  for (int k = 0; k < n; k++)
    below |= v->dir[k][2] < -1e-9;
  if (!below) {
    pts[n][0] = pts[n][1] = 0;
    pts[n][2] = -1;
    n++;
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      for (int k = j + 1; k < n && v->n_sets < MAX_SETS; k++) {
        if (i >= v->n || j >= v->n || k >= v->n)
          continue; /* the point below closes the hull; it is never a speaker */
        double e1[3], e2[3], nrm[3];
        for (int d = 0; d < 3; d++) {
          e1[d] = pts[j][d] - pts[i][d];
          e2[d] = pts[k][d] - pts[i][d];
        }
        cross3(e1, e2, nrm);
        if (dot3(nrm, nrm) < 1e-18)
          continue;
        if (dot3(nrm, pts[i]) < 0)
          for (int d = 0; d < 3; d++)
            nrm[d] = -nrm[d];
        if (dot3(nrm, pts[i]) < 1e-9)
          continue; /* its plane passes through the listener: not a face */
        bool face = true;
        for (int m = 0; m < n && face; m++) {
          double d[3] = {pts[m][0] - pts[i][0], pts[m][1] - pts[i][1], pts[m][2] - pts[i][2]};
          face = dot3(nrm, d) <= 1e-9;
        }
        spk_set *s = &v->sets[v->n_sets];
        if (face && invert3(pts[i], pts[j], pts[k], s->inv)) {
          s->n = 3;
          s->s[0] = i;
          s->s[1] = j;
          s->s[2] = k;
          v->n_sets++;
        }
      }
}

sp_vbap *sp_vbap_new(const sp_layout *l)
{
  sp_vbap *v = sp_xcalloc(1, sizeof *v);
  v->l = l;
  for (int c = 0; c < l->n; c++) {
    if (l->ch[c].lfe)
      continue;
    v->ch[v->n] = c;
    direction(l->ch[c].az, l->ch[c].el, v->dir[v->n]);
    v->three_d |= l->ch[c].el != 0;
    v->n++;
  }
  v->sets = sp_xcalloc(MAX_SETS, sizeof *v->sets);
  if (v->three_d)
    plan_triangles(v);
  else
    plan_pairs(v);
  return v;
}

void sp_vbap_free(sp_vbap *v)
{
  if (!v)
    return;
  free(v->sets);
  free(v);
}

/* A point source in direction p (a unit vector): its speakers' gains at
 * unit power into g[v->n] (speaker order), zero elsewhere. A direction
 * with no horizontal part (straight up on a layout on the horizon,
 * straight down) is taken onto the horizon at azimuth az (degrees: the
 * source's own). */
static void point_gains(const sp_vbap *v, const double *p, double az, double *g)
{
  memset(g, 0, sizeof *g * (size_t)v->n);
  if (v->n == 1) {
    g[0] = 1;
    return;
  }
  double q[3] = {p[0], p[1], v->three_d ? p[2] : 0};
  if (!v->three_d || q[2] < 0) { /* onto the horizon */
    q[2] = 0;
    const double r = hypot(q[0], q[1]);
    if (r < 1e-12)
      q[0] = cos(az * DEG), q[1] = sin(az * DEG);
    else
      q[0] /= r, q[1] /= r;
  }
  /* 2-D speakers that do not surround the listener (stereo, LCR): a
   * source behind them sounds from its mirror image in front (180° is
   * the centre, as 0° is; 150° as 30°), as a front-only panner places it */
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      if (v->three_d)
        break;
      q[0] = -q[0];
    }
    /* every set that holds q, their gains' powers averaged: one set but
     * where overlapping faces share a direction */
    double pw[SP_MAX_CHANNELS] = {0};
    int held = 0;
    for (int k = 0; k < v->n_sets; k++) {
      const spk_set *s = &v->sets[k];
      double w[3] = {0, 0, 0};
      bool inside = true;
      for (int a = 0; a < s->n && inside; a++) {
        for (int d = 0; d < s->n; d++)
          w[a] += q[d] * s->inv[d][a];
        inside = w[a] >= -1e-9;
      }
      if (!inside)
        continue;
      double power = 0;
      for (int a = 0; a < s->n; a++) {
        w[a] = w[a] < 0 ? 0 : w[a];
        power += w[a] * w[a];
      }
      if (power <= 0)
        continue;
      for (int a = 0; a < s->n; a++)
        pw[s->s[a]] += w[a] * w[a] / power;
      held++;
    }
    if (held) {
      for (int k = 0; k < v->n; k++)
        g[k] = sqrt(pw[k] / held);
      return;
    }
  }
  /* outside what the speakers reach: the nearest speaker */
  int best = 0;
  for (int k = 1; k < v->n; k++)
    if (dot3(v->dir[k], q) > dot3(v->dir[best], q))
      best = k;
  g[best] = 1;
}

void sp_vbap_gains(const sp_vbap *v, double az, double el, double spread, double *g)
{
  memset(g, 0, sizeof *g * (size_t)v->l->n);
  double p[3], one[SP_MAX_CHANNELS], pw[SP_MAX_CHANNELS];
  direction(az, el, p);
  point_gains(v, p, az, one);
  if (spread <= 0) { /* a point: its gains as they are */
    for (int s = 0; s < v->n; s++)
      g[v->ch[s]] = one[s];
    return;
  }
  for (int s = 0; s < v->n; s++)
    pw[s] = one[s] * one[s];
  /* eight more sources, their powers added to the centre's: on the
   * horizon along the arc of the spread centred on the source, with
   * heights on a cone of half the spread around p */
  const double half = fmin(spread, 180.0) / 2 * DEG;
  double e1[3] = {-sin(az * DEG), cos(az * DEG), 0}, e2[3];
  cross3(p, e1, e2);
  for (int k = 0; k < 8; k++) {
    const double at = az * DEG + half * (k < 4 ? -(4 - k) : k - 3) / 4.0, phi = k * M_PI / 4;
    double q[3] = {cos(at), sin(at), 0};
    if (v->three_d)
      for (int d = 0; d < 3; d++)
        q[d] = cos(half) * p[d] + sin(half) * (cos(phi) * e1[d] + sin(phi) * e2[d]);
    point_gains(v, q, az, one);
    for (int s = 0; s < v->n; s++)
      pw[s] += one[s] * one[s];
  }
  double power = 0;
  for (int s = 0; s < v->n; s++)
    power += pw[s];
  for (int s = 0; s < v->n && power > 0; s++)
    g[v->ch[s]] = sqrt(pw[s] / power);
}
