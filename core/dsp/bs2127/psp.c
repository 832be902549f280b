/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's point-source panner (section 6.1.3; core/dsp/bs2127/
 * bs2127_impl.h), read against EAR's point_source.py:
 *
 *   layout ─ extra speakers above/below the mid layer's gaps ─┐
 *            virtual speakers at the poles (0,0,±1) ──────────┼─ convex hull
 *   facets with a virtual speaker ─ its polygon (triangles to the centre,
 *                                   the centre's gain shared equally)
 *   other facets ─ triplets (VBAP) and quads (bilinear)
 *   a direction ─ the first region that takes it ─ extras mixed into the
 *                 speaker below/above them ─ power normalised
 *
 * 0+2+0 is panned as 0+5+0 and mixed down as BS.775 would, with the
 * centre at sqrt(1/3) so the direction holds and the level falling to
 * -3 dB behind (section 6.1.3.2). */

#include "core/dsp/bs2127/bs2127_impl.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool invert(const double m[3][3], double out[3][3])
{
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (fabs(det) < 1e-12)
    return false;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      const int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
      out[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
    }
  return true;
}

/* VBAP over a triplet: pv with pv . positions along pos, all >= 0 */
static bool triplet(const double inv[3][3], const double pos[3], double pv[3])
{
  for (int j = 0; j < 3; j++)
    pv[j] = pos[0] * inv[0][j] + pos[1] * inv[1][j] + pos[2] * inv[2][j];
  const double eps = -1e-11;
  if (pv[0] < eps || pv[1] < eps || pv[2] < eps)
    return false;
  const double n = b_norm(pv, 3);
  for (int j = 0; j < 3; j++)
    pv[j] = fmin(fmax(pv[j] / n, 0.0), 1.0);
  return true;
}

/* A quad's axis: the t in [0, 1] at which pos lies on the plane through
 * the origin and the points a + t(b - a) and d + t(c - d), a root of a
 * quadratic in t (the polynomial's rows its coefficients of t^2, t, 1). */
static void quad_poly(const double a[3], const double b[3], const double c[3], const double d[3],
                      double poly[3][3])
{
  double ba[3], cd[3], t1[3], t2[3];
  for (int k = 0; k < 3; k++) {
    ba[k] = b[k] - a[k];
    cd[k] = c[k] - d[k];
  }
  b_cross(ba, cd, poly[0]);
  b_cross(a, cd, t1);
  b_cross(ba, d, t2);
  for (int k = 0; k < 3; k++)
    poly[1][k] = t1[k] + t2[k];
  b_cross(a, d, poly[2]);
}

static bool quad_axis(const double poly[3][3], const double pos[3], double *t)
{
  const double a = b_dot(poly[0], pos), b = b_dot(poly[1], pos), c = b_dot(poly[2], pos);
  const double eps = 1e-10;
  double r[2];
  int nr = 0;
  if (a == 0) {
    if (b == 0)
      return false;
    r[nr++] = -c / b;
  } else {
    const double disc = b * b - 4 * a * c;
    if (disc >= 0) {
      const double q = -0.5 * (b + copysign(sqrt(disc), b));
      r[nr++] = q / a;
      if (q != 0)
        r[nr++] = c / q;
    } else if (sqrt(-disc) / fabs(2 * a) < eps) {
      r[nr++] = -b / (2 * a);
    }
  }
  for (int i = 0; i < nr; i++)
    if (r[i] > -eps && r[i] < 1 + eps) {
      *t = fmin(fmax(r[i], 0.0), 1.0);
      return true;
    }
  return false;
}

static bool region_gains(const b_region *r, const double pos[3], double *pv)
{
  if (r->kind == B_TRIPLET)
    return triplet(r->inv[0], pos, pv);
  if (r->kind == B_QUAD) {
    double x, y;
    if (!quad_axis(r->px, pos, &x) || !quad_axis(r->py, pos, &y))
      return false;
    pv[0] = (1 - x) * (1 - y);
    pv[1] = x * (1 - y);
    pv[2] = x * y;
    pv[3] = (1 - x) * y;
    double v[3] = {0, 0, 0};
    for (int i = 0; i < 4; i++)
      for (int k = 0; k < 3; k++)
        v[k] += pv[i] * r->pos[i][k];
    if (b_dot(v, pos) <= 0)
      return false;
    const double n = b_norm(pv, 4);
    for (int i = 0; i < 4; i++)
      pv[i] /= n;
    return true;
  }
  /* a polygon about a virtual speaker: the triangle that takes pos, the
   * centre's gain shared at 1/sqrt(n) by every corner */
  for (int i = 0; i < r->n; i++) {
    double t[3];
    if (!triplet(r->inv[i], pos, t))
      continue;
    const int j = (i + 1) % r->n;
    for (int k = 0; k < r->n; k++)
      pv[k] = t[2] / sqrt((double)r->n);
    pv[i] += t[0];
    pv[j] += t[1];
    const double n = b_norm(pv, r->n);
    for (int k = 0; k < r->n; k++)
      pv[k] /= n;
    return true;
  }
  return false;
}

static void add_region(b_psp *p, b_kind kind, const int *verts, int n, const double (*pos)[3],
                       const double centre[3])
{
  if (p->n_regions >= B_MAXR || n > B_MAXG)
    return;
  b_region *r = &p->regions[p->n_regions];
  memset(r, 0, sizeof *r);
  r->kind = kind;
  r->n = n;
  int order[B_MAXG];
  double corners[B_MAXG][3];
  for (int i = 0; i < n; i++)
    memcpy(corners[i], pos[verts[i]], sizeof corners[i]);
  if (kind == B_TRIPLET)
    for (int i = 0; i < n; i++)
      order[i] = i;
  else
    b_polygon_order((const double(*)[3])corners, n, order);
  for (int i = 0; i < n; i++) {
    r->ch[i] = verts[order[i]];
    memcpy(r->pos[i], corners[order[i]], sizeof r->pos[i]);
  }
  bool ok = true;
  if (kind == B_TRIPLET) {
    double m[3][3];
    memcpy(m, r->pos, sizeof m);
    ok = invert((const double(*)[3])m, r->inv[0]);
  } else if (kind == B_QUAD) {
    quad_poly(r->pos[0], r->pos[1], r->pos[2], r->pos[3], r->px);
    quad_poly(r->pos[1], r->pos[2], r->pos[3], r->pos[0], r->py);
  } else if (centre) { /* a polygon's: always given */
    memcpy(r->centre, centre, sizeof r->centre);
    for (int i = 0; i < n && ok; i++) {
      double m[3][3];
      memcpy(m[0], r->pos[i], sizeof m[0]);
      memcpy(m[1], r->pos[(i + 1) % n], sizeof m[1]);
      memcpy(m[2], centre, sizeof m[2]);
      ok = invert((const double(*)[3])m, r->inv[i]);
    }
  }
  if (ok)
    p->n_regions++;
}

/* Extra speakers (EAR's extra_pos_vertical_nominal): for each layer, above
 * (10..70°, at 30°) and below (-70..-10°, at -30°), a copy of each mid
 * speaker (-10..10°) further round than the layer's widest speaker plus
 * 40°: all of them where the layer is empty. Each plays through the mid
 * speaker it copies. */
static int extras(b_psp *p, int n, const double *az, const double *el, double (*pos)[3])
{
  int m = n;
  const double layer_el[2] = {-30, 30}, lo[2] = {-70, 10}, hi[2] = {-10, 70};
  for (int L = 0; L < 2; L++) {
    double widest = -1, sum = 0;
    int count = 0;
    for (int i = 0; i < n; i++)
      if (el[i] >= lo[L] && el[i] <= hi[L]) {
        widest = fmax(widest, fabs(az[i]));
        sum += el[i];
        count++;
      }
    const double limit = count ? widest + 40 : 0.0, at = count ? sum / count : layer_el[L];
    for (int i = 0; i < n && m < B_MAXV - 2; i++)
      if (el[i] >= -10 && el[i] <= 10 && fabs(az[i]) >= limit - 1e-5) {
        b_cart(az[i], at, 1, pos[m]);
        p->down[m++] = i;
      }
  }
  return m;
}

static void init_full(b_psp *p, int n, const double *az, const double *el)
{
  double pos[B_MAXV][3];
  for (int i = 0; i < n; i++) {
    b_cart(az[i], el[i], 1, pos[i]);
    p->down[i] = i;
  }
  const int m = extras(p, n, az, el, pos);
  p->n_ext = m;
  /* the poles, both: none of these layouts has a speaker overhead */
  const int nv = 2, v0 = m;
  const double poles[2][3] = {{0, 0, -1}, {0, 0, 1}};
  memcpy(pos[m], poles[0], sizeof pos[m]);
  memcpy(pos[m + 1], poles[1], sizeof pos[m + 1]);
  unsigned long long facets[4 * B_MAXV];
  const int nf = b_hull_facets((const double(*)[3])pos, m + nv, facets, 4 * B_MAXV);
  p->regions = sp_xcalloc(B_MAXR, sizeof *p->regions);
  for (int v = v0; v < v0 + nv; v++) {
    unsigned long long adj = 0;
    for (int f = 0; f < nf; f++)
      if (facets[f] & (1ull << v))
        adj |= facets[f];
    adj &= ~(1ull << v);
    int verts[B_MAXG], k = 0;
    for (int i = 0; i < m && k < B_MAXG; i++)
      if (adj & (1ull << i))
        verts[k++] = i;
    add_region(p, B_NGON, verts, k, (const double(*)[3])pos, pos[v]);
  }
  for (int f = 0; f < nf; f++) {
    if (facets[f] >> v0)
      continue;
    int verts[B_MAXG], k = 0;
    for (int i = 0; i < m && k < B_MAXG; i++)
      if (facets[f] & (1ull << i))
        verts[k++] = i;
    if (k == 3 || k == 4)
      add_region(p, k == 3 ? B_TRIPLET : B_QUAD, verts, k, (const double(*)[3])pos, NULL);
  }
}

void b_psp_init(b_psp *p, int n, const double *az, const double *el, bool stereo)
{
  memset(p, 0, sizeof *p);
  p->n = n;
  p->stereo = stereo;
  if (stereo) {
    static const double az5[5] = {30, -30, 0, 110, -110}, el5[5] = {0, 0, 0, 0, 0};
    p->inner = sp_xcalloc(1, sizeof *p->inner);
    b_psp_init(p->inner, 5, az5, el5, false);
    return;
  }
  init_full(p, n, az, el);
}

void b_psp_fini(b_psp *p)
{
  if (!p)
    return;
  if (p->inner) {
    b_psp_fini(p->inner);
    free(p->inner);
  }
  free(p->regions);
  memset(p, 0, sizeof *p);
}

static bool stereo_gains(const b_psp *p, const double pos[3], double *g)
{
  double pv[5];
  if (!b_psp_gains(p->inner, pos, pv))
    return false;
  const double c = sqrt(3.0) / 3, s = sqrt(0.5);
  g[0] = pv[0] + c * pv[2] + s * pv[3];
  g[1] = pv[1] + c * pv[2] + s * pv[4];
  const double n = b_norm(g, 2);
  const double front = fmax(pv[0], fmax(pv[1], pv[2])), back = fmax(pv[3], pv[4]);
  const double level = pow(0.5, 0.5 * back / (front + back));
  g[0] *= level / n;
  g[1] *= level / n;
  return true;
}

bool b_psp_gains(const b_psp *p, const double pos[3], double *g)
{
  memset(g, 0, sizeof *g * (size_t)p->n);
  if (p->stereo)
    return stereo_gains(p, pos, g);
  double pv[B_MAXG];
  for (int r = 0; r < p->n_regions; r++) {
    const b_region *reg = &p->regions[r];
    if (!region_gains(reg, pos, pv))
      continue;
    for (int i = 0; i < reg->n; i++)
      g[p->down[reg->ch[i]]] += pv[i];
    const double n = b_norm(g, p->n);
    for (int i = 0; i < p->n; i++)
      g[i] /= n;
    return true;
  }
  return false;
}
