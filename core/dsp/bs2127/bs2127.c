/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's gain calculation for objects (section 7.3; core/dsp/bs2127/
 * bs2127.h), read against EAR's objectbased/gain_calc.py:
 *
 *   block ─ position (polar: on the sphere; Cartesian: clipped to the cube)
 *         ─ screen edge lock (to the default screen's edges: screen.c)
 *         ─ channel lock (to the nearest speaker)
 *         ─ divergence (three positions, left, centre, right)
 *         ─ each: extent panner (polar: spread over the sphere;
 *                 Cartesian: the allocentric panner, or its extent)
 *         ─ power sum ─ gain ─ direct / diffuse split
 *
 * Screen scaling (screenRef) is not here; zone exclusion is zone.c's. The
 * ramp between blocks (section 7.2) is at the end. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* channel lock's tie-break: lowest |elevation|, then elevation, then
 * |azimuth|, then azimuth (EAR's lexsort) */
static int prio_cmp(const sp_bs2127 *r, int a, int b)
{
  const double ka[4] = {fabs(r->el[a]), r->el[a], fabs(r->az[a]), r->az[a]};
  const double kb[4] = {fabs(r->el[b]), r->el[b], fabs(r->az[b]), r->az[b]};
  for (int k = 0; k < 4; k++)
    if (ka[k] != kb[k])
      return ka[k] < kb[k] ? -1 : 1;
  return a < b ? -1 : a > b;
}

static void priorities(sp_bs2127 *r)
{
  for (int i = 0; i < r->n_real; i++) {
    int rank = 0;
    for (int j = 0; j < r->n_real; j++)
      rank += prio_cmp(r, r->real[j], r->real[i]) < 0;
    r->prio[i] = rank;
  }
}

bool b_layout_view(sp_bs2127 *r, const sp_layout *l)
{
  const char *names[B_MAXN] = {0};
  const char *system = l ? b_layout_system(l->name, names) : NULL;
  if (!system)
    return false;
  r->l = l;
  r->system = system;
  r->n = l->n;
  r->n_real = 0;
  for (int c = 0; c < l->n; c++) {
    const b_speaker *s = b_speaker_find(names[c]);
    r->names[c] = names[c];
    r->lfe[c] = s->lfe;
    r->az[c] = s->az;
    r->el[c] = s->el;
    memcpy(r->allo[c], s->allo, sizeof r->allo[c]);
    if (!s->lfe)
      r->real[r->n_real++] = c;
  }
  return true;
}

sp_bs2127 *sp_bs2127_new(const sp_layout *l)
{
  sp_bs2127 *r = sp_xcalloc(1, sizeof *r);
  if (!b_layout_view(r, l)) {
    free(r);
    return NULL;
  }
  double az[B_MAXN], el[B_MAXN], allo[B_MAXN][3];
  for (int i = 0; i < r->n_real; i++) {
    const int c = r->real[i];
    az[i] = r->az[c];
    el[i] = r->el[c];
    memcpy(allo[i], r->allo[c], sizeof allo[0]);
  }
  b_psp_init(&r->psp, r->n_real, az, el, strcmp(r->system, "0+2+0") == 0);
  b_spread_init(&r->spread, &r->psp);
  b_allo_init(&r->allo_panner, r->n_real, (const double(*)[3])allo);
  priorities(r);
  return r;
}

bool sp_bs2127_renders(const sp_layout *l)
{
  sp_bs2127 *r = sp_xcalloc(1, sizeof *r);
  const bool renders = b_layout_view(r, l);
  free(r);
  return renders;
}

void sp_bs2127_free(sp_bs2127 *r)
{
  if (!r)
    return;
  b_spread_fini(&r->spread);
  b_psp_fini(&r->psp);
  free(r);
}

const char *sp_bs2127_channel_name(const sp_bs2127 *r, int c)
{
  return c >= 0 && c < r->n ? r->names[c] : NULL;
}

sp_bs2127_object sp_bs2127_object_default(void)
{
  sp_bs2127_object o;
  memset(&o, 0, sizeof o);
  o.dist = 1;
  o.y = 1;
  o.gain = 1;
  return o;
}

/* channel lock: the position of the nearest speaker within lock_max
 * (Cartesian: allocentric positions, distance weighted 1/16, 4, 32 along
 * X, Y, Z), ties to the speaker of the lowest priority */
static void channel_lock(const sp_bs2127 *r, const sp_bs2127_object *o, const bool *ex,
                         double pos[3])
{
  const double tol = 1e-5, w[3] = {1.0 / 16, 4, 32};
  double cand[B_MAXN][3], dist[B_MAXN], best = INFINITY;
  bool ok[B_MAXN];
  for (int i = 0; i < r->n_real; i++) {
    const int c = r->real[i];
    if (o->cartesian)
      memcpy(cand[i], r->allo[c], sizeof cand[i]);
    else
      b_cart(r->az[c], r->el[c], 1, cand[i]);
    double d = 0, dw = 0;
    for (int k = 0; k < 3; k++) {
      const double e = pos[k] - cand[i][k];
      d += e * e;
      dw += w[k] * e * e;
    }
    ok[i] = !ex[i] && (o->lock_max <= 0 || sqrt(d) < o->lock_max + tol);
    dist[i] = o->cartesian ? sqrt(dw) : sqrt(d);
    if (ok[i])
      best = fmin(best, dist[i]);
  }
  int pick = -1;
  for (int i = 0; i < r->n_real; i++)
    if (ok[i] && dist[i] < best + tol && (pick < 0 || r->prio[i] < r->prio[pick]))
      pick = i;
  if (pick >= 0)
    memcpy(pos, cand[pick], sizeof cand[pick]);
}

/* divergence: three positions and their power weights; the count */
static int diverge(const sp_bs2127_object *o, const double pos[3], double g[3], double p[3][3])
{
  const double v = o->divergence;
  memcpy(p[0], pos, sizeof p[0]);
  g[0] = 1;
  if (v == 0)
    return 1;
  g[0] = g[2] = v / (v + 1);
  g[1] = (1 - v) / (v + 1);
  memcpy(p[1], pos, sizeof p[1]);
  if (o->cartesian) {
    for (int k = 0; k < 3; k++) {
      p[0][k] = pos[k] + (k == 0 ? o->div_range : 0);
      p[2][k] = pos[k] - (k == 0 ? o->div_range : 0);
      p[0][k] = fmin(fmax(p[0][k], -1.0), 1.0);
      p[2][k] = fmin(fmax(p[2][k], -1.0), 1.0);
    }
    return 3;
  }
  const double d = b_norm(pos, 3);
  double m[3][3], pl[3], pr[3];
  b_cart(o->div_range, 0, d, pl);
  b_cart(-o->div_range, 0, d, pr);
  b_local_axes(b_azimuth(pos), b_elevation(pos), m);
  for (int k = 0; k < 3; k++) {
    p[0][k] = pl[0] * m[0][k] + pl[1] * m[1][k] + pl[2] * m[2][k];
    p[2][k] = pr[0] * m[0][k] + pr[1] * m[1][k] + pr[2] * m[2][k];
  }
  return 3;
}

static void extent_pan(const sp_bs2127 *r, const sp_bs2127_object *o, const b_allo *allo,
                       const double pos[3], double *g)
{
  if (!o->cartesian)
    b_spread_gains(&r->spread, pos, o->width, o->height, o->depth, g);
  else if (o->width == 0 && o->height == 0 && o->depth == 0)
    b_allo_point(allo, pos, g);
  else
    b_allo_extent(allo, pos, o->width, o->height, o->depth, g);
}

/* the allocentric panner over the speakers zones leave (all: r's own) */
static const b_allo *allo_kept(const sp_bs2127 *r, const bool *ex, b_allo *own)
{
  double pos[B_MAXN][3];
  int n = 0;
  for (int i = 0; i < r->n_real; i++)
    if (!ex[i]) {
      for (int k = 0; k < 3; k++)
        pos[n][k] = r->allo[r->real[i]][k];
      n++;
    }
  if (n == r->n_real)
    return &r->allo_panner;
  b_allo_init(own, n, (const double(*)[3])pos);
  return own;
}

void sp_bs2127_object_gains(const sp_bs2127 *r, const sp_bs2127_object *o, double *direct,
                            double *diffuse)
{
  double pos[3];
  if (o->cartesian) {
    const double c[3] = {o->x, o->y, o->z};
    for (int k = 0; k < 3; k++)
      pos[k] = fmin(fmax(c[k], -1.0), 1.0);
  } else {
    b_cart(o->az, o->el, o->dist, pos);
  }
  b_screen_lock(r, o->cartesian, o->edge_h, o->edge_v, pos);
  bool ex[B_MAXN] = {false}, none[B_MAXN] = {false};
  if (o->zones && o->n_zones > 0)
    b_zone_excluded(r, o->zones, o->n_zones, ex);
  if (o->cartesian)
    b_zone_allo(r, ex);
  if (o->lock)
    channel_lock(r, o, o->cartesian ? ex : none, pos);
  b_allo own;
  const b_allo *allo = o->cartesian ? allo_kept(r, ex, &own) : &r->allo_panner;
  double w[3], p[3][3], acc[B_MAXN] = {0}, g[B_MAXN];
  const int np = diverge(o, pos, w, p);
  for (int k = 0; k < np; k++) {
    extent_pan(r, o, allo, p[k], g);
    /* a Cartesian object's gains are the kept speakers', in their order */
    for (int i = 0, j = 0; i < r->n_real; i++) {
      const double v = o->cartesian ? (ex[i] ? 0.0 : g[j++]) : g[i];
      acc[i] += w[k] * v * v;
    }
  }
  if (!o->cartesian) {
    for (int i = 0; i < r->n_real; i++)
      acc[i] = sqrt(acc[i]);
    b_zone_downmix(r, ex, acc);
    for (int i = 0; i < r->n_real; i++)
      acc[i] *= acc[i];
  }
  const double dg = sqrt(fmax(1.0 - o->diffuse, 0.0)), fg = sqrt(fmax(o->diffuse, 0.0));
  for (int c = 0; c < r->n; c++) {
    direct[c] = 0;
    if (diffuse)
      diffuse[c] = 0;
  }
  for (int i = 0; i < r->n_real; i++) {
    const double v = isfinite(acc[i]) ? sqrt(acc[i]) * o->gain : 0.0;
    direct[r->real[i]] = v * dg;
    if (diffuse)
      diffuse[r->real[i]] = v * fg;
  }
}

/* Section 7.2: the gains ramp linearly from the block's start to its
 * target. EAR samples the ramp from its first whole frame: p at frame
 * first + k is p0 + k * step, p0 and the end's value those of the exact
 * times. */
sp_bs2127_ramp sp_bs2127_ramp_make(double start, double target)
{
  sp_bs2127_ramp r;
  const double eps = 1e-9;
  r.start = start;
  r.target = target;
  r.first = (int64_t)ceil(start - eps);
  r.last = (int64_t)ceil(target - eps);
  r.p0 = 0;
  r.step = 0;
  const int64_t n = r.last - r.first;
  if (n > 0 && target > start) {
    const double a = ((double)r.first - start) / (target - start);
    const double b = ((double)r.last - start) / (target - start);
    r.p0 = a;
    r.step = (b - a) / (double)n;
  }
  return r;
}

double sp_bs2127_ramp_at(const sp_bs2127_ramp *r, int64_t f)
{
  if (f >= r->last)
    return 1.0;
  if (f < r->first)
    return 0.0;
  return r->p0 + (double)(f - r->first) * r->step;
}
