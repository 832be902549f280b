/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's allocentric panner (section 7.3.9) and its extent (section
 * 7.3.10), for Cartesian positions (core/dsp/bs2127/bs2127_impl.h), read
 * against EAR's point_source.AllocentricPanner and allo_extent.py.
 *
 * The speakers' allocentric positions stand in planes of Z, rows of Y
 * within a plane, columns of X within a row. A point pans between the two
 * planes about its Z, in each between the two rows about its Y, in each
 * between the two columns about its X, each a sine/cosine pair. An extent
 * is a grid of virtual sources (40 a side) weighted about the source,
 * each axis's gains summed to a power p that falls as the size grows. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <math.h>
#include <string.h>

static const double NEG130_EXP = 6.5;

/* the cosine/sine pair between lo and hi at v */
static void balance(double lo, double hi, double v, double g[2])
{
  if (lo == hi) {
    g[0] = g[1] = 1.0;
  } else if (v <= lo) {
    g[0] = 0.0;
    g[1] = 1.0;
  } else if (v >= hi) {
    g[0] = 1.0;
    g[1] = 0.0;
  } else {
    const double a = (v - lo) / (hi - lo) * M_PI / 2;
    g[0] = cos(a);
    g[1] = sin(a);
  }
}

/* The values at or below and at or above v among vals[n] (sorted or
 * not): its neighbours, both v where one equals it, both the end value
 * past either end. */
static void bracket(const double *vals, int n, double v, double out[2])
{
  double lo = INFINITY, hi = -INFINITY, below = -INFINITY, above = INFINITY;
  for (int i = 0; i < n; i++) {
    lo = fmin(lo, vals[i]);
    hi = fmax(hi, vals[i]);
    if (vals[i] <= v)
      below = fmax(below, vals[i]);
    if (vals[i] >= v)
      above = fmin(above, vals[i]);
  }
  if (v <= lo)
    out[0] = out[1] = lo;
  else if (v >= hi)
    out[0] = out[1] = hi;
  else {
    out[0] = below;
    out[1] = above;
  }
}

void b_allo_point(const b_allo *a, const double pos[3], double *g)
{
  double vz[B_MAXN], pz[2], gz[2];
  for (int i = 0; i < a->n; i++) {
    vz[i] = a->pos[i][2];
    g[i] = 0;
  }
  bracket(vz, a->n, pos[2], pz);
  /* EAR's balance takes the planes' values, not the point's: a point past
   * the ends balances (1, 1) on the one plane */
  balance(pz[0], pz[1], pos[2], gz);
  for (int zi = 0; zi < 2; zi++) {
    double vy[B_MAXN], py[2], gy[2];
    int ny = 0;
    for (int i = 0; i < a->n; i++)
      if (a->pos[i][2] == pz[zi])
        vy[ny++] = a->pos[i][1];
    bracket(vy, ny, pos[1], py);
    balance(py[0], py[1], pos[1], gy);
    for (int yi = 0; yi < 2; yi++) {
      double vx[B_MAXN], px[2], gx[2];
      int nx = 0;
      for (int i = 0; i < a->n; i++)
        if (a->pos[i][2] == pz[zi] && a->pos[i][1] == py[yi])
          vx[nx++] = a->pos[i][0];
      bracket(vx, nx, pos[0], px);
      balance(px[0], px[1], pos[0], gx);
      for (int xi = 0; xi < 2; xi++)
        for (int i = 0; i < a->n; i++)
          if (a->pos[i][2] == pz[zi] && a->pos[i][1] == py[yi] && a->pos[i][0] == px[xi])
            g[i] = gz[zi] * gy[yi] * gx[xi];
    }
  }
}

/* The gain of the speaker at coordinate c along one axis for a virtual
 * source at v, among the speakers that share its other (outer) coordinates:
 * the cosine/sine pair between the coordinates about v. */
static double axis_gain(const double *vals, int n, double c, double v)
{
  bool any_lo = false, any_hi = false;
  double lo = -INFINITY, hi = INFINITY;
  for (int i = 0; i < n; i++) {
    if (vals[i] <= v) {
      any_lo = true;
      lo = fmax(lo, vals[i]);
    }
    if (vals[i] >= v) {
      any_hi = true;
      hi = fmin(hi, vals[i]);
    }
  }
  if (!any_lo)
    return c == hi ? 1.0 : 0.0;
  if (!any_hi)
    return c == lo ? 1.0 : 0.0;
  if (c < lo || c > hi)
    return 0.0;
  if (lo == hi)
    return 1.0;
  const double t = (v - lo) / (hi - lo) * M_PI / 2;
  return c == lo ? cos(t) : sin(t);
}

/* EAR's _calc_g_point_separated for one speaker at one point */
static void separated(const b_allo *a, int ch, double x, double y, double z, double g[3])
{
  const double *p = a->pos[ch];
  double vz[B_MAXN], vy[B_MAXN], vx[B_MAXN];
  int nz = 0, ny = 0, nx = 0;
  for (int i = 0; i < a->n; i++) {
    vz[nz++] = a->pos[i][2];
    if (a->pos[i][2] == p[2])
      vy[ny++] = a->pos[i][1];
    if (a->pos[i][2] == p[2] && a->pos[i][1] == p[1])
      vx[nx++] = a->pos[i][0];
  }
  g[0] = axis_gain(vx, nx, p[0], x);
  g[1] = axis_gain(vy, ny, p[1], y);
  g[2] = axis_gain(vz, nz, p[2], z);
}

static double grid(int k, int n, double lo) { return lo + (1.0 - lo) * k / (n - 1); }

void b_allo_init(b_allo *a, int n, const double (*pos)[3])
{
  memset(a, 0, sizeof *a);
  a->n = n;
  memcpy(a->pos, pos, sizeof *pos * (size_t)n);
  double zs[B_MAXN];
  int nzv = 0;
  for (int k = 0; k < 3; k++) {
    bool varies = false;
    for (int i = 1; i < n; i++)
      varies |= pos[i][k] != pos[0][k];
    a->dim += varies;
  }
  for (int i = 0; i < n; i++) {
    bool seen = false;
    for (int j = 0; j < nzv; j++)
      seen |= zs[j] == pos[i][2];
    if (!seen)
      zs[nzv++] = pos[i][2];
  }
  a->full = nzv >= 3;
  a->nz = a->full ? B_NVS : B_NVS / 2;
  for (int ch = 0; ch < n; ch++)
    for (int k = 0; k < B_NVS; k++) {
      double g[3];
      const double v = grid(k, B_NVS, -1.0);
      separated(a, ch, v, v, 0, g);
      a->lg[0][ch][k] = g[0] > 0 ? log(g[0]) : -HUGE_VAL;
      a->lg[1][ch][k] = g[1] > 0 ? log(g[1]) : -HUGE_VAL;
      a->lg[2][ch][k] = -HUGE_VAL;
      if (k < a->nz) {
        separated(a, ch, 0, 0, grid(k, a->nz, a->full ? -1.0 : 0.0), g);
        a->lg[2][ch][k] = g[2] > 0 ? log(g[2]) : -HUGE_VAL;
      }
    }
}

static double scale_size(double v)
{
  const double xp[5] = {0.0, 0.2, 0.5, 0.75, 1.0}, fp[5] = {0.0, 0.3, 1.0, 1.8, 2.8};
  return b_interp(fmin(v, 1.0), xp, fp, 5);
}

static void sort3(double *s, int n)
{
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && s[j] < s[j - 1]; j--) {
      const double t = s[j];
      s[j] = s[j - 1];
      s[j - 1] = t;
    }
}

/* the size the panner feels: the largest weighted most */
static double s_eff(const b_allo *a, double sx, double sy, double sz)
{
  bool line = true, plane = true;
  for (int i = 1; i < a->n; i++) {
    line &= a->pos[i][1] == a->pos[0][1] && a->pos[i][2] == a->pos[0][2];
    plane &= a->pos[i][2] == a->pos[0][2];
  }
  if (line)
    return sx;
  double s[3] = {sx, sy, sz};
  if (plane) {
    sort3(s, 2);
    return 0.75 * s[1] + 0.25 * s[0];
  }
  sort3(s, 3);
  return (6.0 / 9.0) * s[2] + (2.0 / 9.0) * s[1] + (1.0 / 9.0) * s[0];
}

static double h_of(double s, double d_bound)
{
  if (d_bound >= 2.0 * s && d_bound >= 0.4) {
    const double n = fmax(2.0 * s, 0.4);
    return cbrt(n * n * n / (0.16 * 2.0 * s));
  }
  const double q = d_bound / 0.4;
  return cbrt(d_bound / 2.0 * (q * q));
}

static double mu_of(int dim, double sx, double sy, double sz, const double o[3])
{
  double d = fmin(o[0] + 1, 1 - o[0]);
  if (dim >= 2)
    d = fmin(d, fmin(o[1] + 1, 1 - o[1]));
  if (dim >= 3)
    d = fmin(d, fmin(o[2] + 1, 1 - o[2]));
  if (dim == 1) {
    const double n = h_of(sx, d);
    return n * n * n;
  }
  if (dim == 2)
    return pow(h_of(sx, d) * h_of(sy, d), 1.5);
  return h_of(sx, d) * h_of(sy, d) * h_of(sz, d);
}

static void normalise(double *v, int n)
{
  const double len = b_norm(v, n);
  for (int i = 0; i < n; i++)
    v[i] = len > 1e-16 ? v[i] / len : 0.0;
}

/* (g w)^p from the logs of g and w: no pow, and nothing where g is 0 */
static double term(double lg, double lw, double p)
{
  return lg == -HUGE_VAL ? 0.0 : exp(p * (lg + lw));
}

void b_allo_extent(const b_allo *a, const double pos[3], double size_x, double size_y,
                   double size_z, double *g)
{
  const int n = a->n, nz = a->nz, len[3] = {B_NVS, B_NVS, nz};
  const double o[3] = {pos[0], pos[1], a->full ? pos[2] : fmax(0.0, pos[2])};
  const double sx = fmax(scale_size(size_x), 2.0 / (B_NVS - 1));
  const double sy = fmax(scale_size(size_y), 2.0 / (B_NVS - 1));
  const double sz = fmax(scale_size(size_z), 2.0 / (nz - 1));
  const double se = s_eff(a, sx, sy, sz);
  const double p = se <= 0.5 ? 6.0 : 6.0 - 4.0 * ((se - 0.5) / (2.8 - 0.5));
  const double mu = mu_of(a->dim, sx, sy, sz, o);
  /* the virtual sources' weights, as logs: 10^-min(t^4, 6.5) (-130 dB at
   * most down), Z's times cos(3/7 pi z) */
  double lw[3][B_NVS];
  const double span[3] = {2.0 * sx, 2.0 * sy, sz};
  for (int ax = 0; ax < 3; ax++)
    for (int k = 0; k < len[ax]; k++) {
      const double v = grid(k, len[ax], ax == 2 && !a->full ? 0.0 : -1.0);
      lw[ax][k] = -fmin(pow(1.5 * (v - o[ax]) / span[ax], 4.0), NEG130_EXP) * M_LN10;
      if (ax == 2)
        lw[ax][k] += log(cos(v * M_PI * 3.0 / 7.0));
    }
  const double lim = pow(10, -NEG130_EXP);
  double f[3][B_MAXN], in[B_MAXN], bound[B_MAXN];
  for (int c = 0; c < n; c++) {
    double lo[3], hi[3];
    for (int ax = 0; ax < 3; ax++) {
      const double *lg = a->lg[ax][c];
      double sum = 0;
      for (int k = 0; k < len[ax]; k++)
        sum += term(lg[k], lw[ax][k], p);
      f[ax][c] = sum < lim ? 0.0 : sum;
      /* the grid's faces: what lies past them weighs as if there */
      lo[ax] = term(lg[0], lw[ax][0], p);
      hi[ax] = term(lg[len[ax] - 1], lw[ax][len[ax] - 1], p);
    }
    const double fx = f[0][c], fy = f[1][c], fz = f[2][c];
    in[c] = fx * fy * fz;
    bound[c] = (lo[0] + hi[0]) * fy * fz + fx * (lo[1] + hi[1]) * fz + fx * fy * (hi[2] + lo[2]);
  }
  normalise(in, n);
  double size[B_MAXN];
  for (int c = 0; c < n; c++)
    size[c] = pow(bound[c] + mu * in[c], 1.0 / p);
  normalise(size, n);
  const double fade = 0.2;
  const double alpha = se < fade ? cos(se * M_PI / (fade * 2.0)) : 0.0;
  const double beta = se < fade ? sin(se * M_PI / (fade * 2.0)) : 1.0;
  for (int c = 0; c < n; c++) {
    double sp[3];
    separated(a, c, o[0], o[1], o[2], sp);
    g[c] = alpha * sp[0] * sp[1] * sp[2] + beta * size[c];
  }
  normalise(g, n);
}
