/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's zone exclusion (section 7.3.12; core/dsp/bs2127/
 * bs2127_impl.h), read against EAR's objectbased/zone.py and
 * allocentric.py. A zone excludes the speakers whose nominal positions lie
 * in it. A polar object is panned over every speaker and each excluded
 * speaker's power then goes, shared equally, to the first group of kept
 * speakers in its order of preference: the same layer first (up before
 * down), the same side of front and back, the nearest, the nearest front
 * to back. A Cartesian object is panned over the kept speakers alone. */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <math.h>
#include <stdlib.h>

static const double EPS = 1e-6;

void b_zone_excluded(const sp_bs2127 *r, const sp_bs2127_zone *z, int nz, bool *ex)
{
  for (int i = 0; i < r->n_real; i++) {
    const int c = r->real[i];
    double p[3];
    b_cart(r->az[c], r->el[c], 1, p);
    ex[i] = false;
    for (int k = 0; k < nz; k++) {
      bool in = true;
      if (z[k].cartesian) {
        for (int a = 0; a < 3; a++)
          in = in && p[a] - EPS < z[k].max[a] && p[a] + EPS > z[k].min[a];
      } else {
        in = r->el[c] - EPS < z[k].max[1] && r->el[c] + EPS > z[k].min[1] &&
             (fabs(r->el[c]) > 90.0 - EPS ||
              b_inside_angle_range(r->az[c], z[k].min[0], z[k].max[0], EPS));
      }
      ex[i] = ex[i] || in;
    }
  }
}

static int layer(double el) { return el < -10 ? 0 : el < 10 ? 1 : el < 75 ? 2 : 3; }

static int sign_eps(double x) { return x > EPS ? 1 : x < -EPS ? -1 : 0; }

/* the preference of speaker j for speaker i's power: lower first */
static void key(const sp_bs2127 *r, int i, int j, double k[4])
{
  static const int prio[4][4] = {{0, 1, 2, 3}, {3, 0, 1, 2}, {3, 2, 0, 1}, {3, 2, 1, 0}};
  const int ci = r->real[i], cj = r->real[j];
  double pi[3], pj[3], d = 0;
  b_cart(r->az[ci], r->el[ci], 1, pi);
  b_cart(r->az[cj], r->el[cj], 1, pj);
  for (int a = 0; a < 3; a++)
    d += (pi[a] - pj[a]) * (pi[a] - pj[a]);
  k[0] = prio[layer(r->el[ci])][layer(r->el[cj])];
  k[1] = abs(sign_eps(pi[1]) - sign_eps(pj[1]));
  k[2] = sqrt(d);
  k[3] = fabs(pi[1] - pj[1]);
}

static bool same(const double a[4], const double b[4])
{
  for (int q = 0; q < 4; q++)
    if (fabs(a[q] - b[q]) >= EPS)
      return false;
  return true;
}

static bool less(const double a[4], const double b[4])
{
  for (int q = 0; q < 4; q++)
    if (a[q] != b[q])
      return a[q] < b[q];
  return false;
}

/* speaker i's row of the downmix: its groups (speakers of the same key
 * within EPS, keyed by the first of them), the first by key with a kept
 * speaker shared equally among its kept ones */
static void downmix_row(const sp_bs2127 *r, const bool *ex, int i, double *row)
{
  const int n = r->n_real;
  double keys[B_MAXN][4], gkey[B_MAXN][4];
  int group[B_MAXN], ng = 0;
  for (int j = 0; j < n; j++) {
    key(r, i, j, keys[j]);
    group[j] = -1;
    for (int g = 0; g < ng && group[j] < 0; g++)
      if (same(keys[j], gkey[g]))
        group[j] = g;
    if (group[j] < 0) {
      for (int q = 0; q < 4; q++)
        gkey[ng][q] = keys[j][q];
      group[j] = ng++;
    }
  }
  int best = -1;
  for (int g = 0; g < ng; g++) {
    bool kept = false;
    for (int j = 0; j < n; j++)
      kept = kept || (group[j] == g && !ex[j]);
    if (kept && (best < 0 || less(gkey[g], gkey[best])))
      best = g;
  }
  int count = 0;
  for (int j = 0; j < n; j++)
    count += group[j] == best && !ex[j];
  for (int j = 0; j < n; j++)
    row[j] = group[j] == best && !ex[j] ? 1.0 / count : 0.0;
}

void b_zone_downmix(const sp_bs2127 *r, const bool *ex, double *g)
{
  const int n = r->n_real;
  int nex = 0;
  for (int i = 0; i < n; i++)
    nex += ex[i];
  if (nex == 0 || nex == n)
    return;
  double out[B_MAXN] = {0}, row[B_MAXN];
  for (int i = 0; i < n; i++) {
    downmix_row(r, ex, i, row);
    for (int j = 0; j < n; j++)
      out[j] += g[i] * g[i] * row[j];
  }
  for (int j = 0; j < n; j++)
    g[j] = sqrt(out[j]);
}

void b_zone_allo(const sp_bs2127 *r, bool *ex)
{
  const int n = r->n_real;
  bool wide[B_MAXN];
  for (int i = 0; i < n; i++)
    wide[i] = ex[i];
  for (int i = 0; i < n; i++) {
    const double *c = r->allo[r->real[i]];
    if (!ex[i] || fabs(c[0]) != 1.0 || fabs(c[1]) == 1.0)
      continue;
    for (int k = 0; k < n; k++) {
      const double *c2 = r->allo[r->real[k]];
      if (c2[1] == c[1] && c2[2] == c[2])
        wide[k] = true;
    }
  }
  bool all = true;
  for (int i = 0; i < n; i++)
    all = all && wide[i];
  for (int i = 0; i < n; i++)
    ex[i] = all ? false : wide[i];
}
