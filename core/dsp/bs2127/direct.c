/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's DirectSpeakers renderer (section 8; core/dsp/bs2127/
 * bs2127.h), read against EAR's direct_speakers/panner.py. A bed channel
 * goes, by the first rule that holds:
 *
 *   1. its common definition's pack (BS.2094) and label ─ the mapping
 *      rules' gains (section 8.4), when the layout has their speakers;
 *   2. its label names a speaker of the layout of its kind (LFE or not)
 *      ─ that speaker;
 *   3. one speaker of its kind stands at its position (polar: the nominal
 *      one; Cartesian: the allocentric one), or within its bounds (min,
 *      max) one is nearest it ─ that speaker;
 *   4. an LFE ─ the layout's LFE1, or nowhere;
 *   5. else ─ the point-source panner at its position (polar), or the
 *      allocentric panner (Cartesian).
 *
 * From rule 3 on, its position is the one its screenEdgeLock moves it to
 * (screen.c; its bounds stay as written). */

#include "core/dsp/bs2127/bs2127_impl.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Section 8.4's rules, in order, for the labels BS.2051's + side names;
 * each holds for the - side too, mirrored (mirror()). in: the rule holds
 * only for packs of these input systems, out: of these output systems
 * ("" any). Gains are given squared (sqrt at use). */
typedef struct rule {
  const char *label, *in, *out;
  struct {
    const char *name;
    double g2;
  } g[4];
} rule;

#define IN_22 "9+10+3"
#define LFE_SYS "9+10+3 3+7+0"

static const rule rules[] = {
    {"M+000", "", "", {{"M+000", 1}}},
    {"M+000", "", "", {{"M+030", .5}, {"M-030", .5}}},
    {"M+060", "", "", {{"M+060", 1}}},
    {"M+060", "", "", {{"M+030", 2. / 3}, {"M+110", 1. / 3}}},
    {"M+060", "", "", {{"M+030", .5}, {"M+090", .5}}},
    {"M+060", "", "", {{"M+030", 1}}},
    {"M+090", "", "", {{"M+090", 1}}},
    {"M+090", IN_22, "", {{"M+030", 1. / 3}, {"M+110", 2. / 3}}},
    {"M+090", "", "", {{"M+030", .5}, {"M+110", .5}}},
    {"M+090", "", "", {{"M+030", .5}}},
    {"M+110", "", "", {{"M+110", 1}}},
    {"M+110", "", "", {{"M+135", 1}}},
    {"M+110", "", "", {{"M+030", .5}}},
    {"M+135", "", "", {{"M+135", 1}}},
    {"M+135", "", "", {{"M+110", 1}}},
    {"M+135", "", "", {{"M+030", .5}}},
    {"M+180", "", "", {{"M+180", 1}}},
    {"M+180", "", "", {{"M+135", .5}, {"M-135", .5}}},
    {"M+180", "", "", {{"M+110", .5}, {"M-110", .5}}},
    {"M+180", "", "", {{"M+030", .25}, {"M-030", .25}}},
    {"U+000", "", "", {{"U+000", 1}}},
    {"U+000", "", "", {{"U+030", .5}, {"U-030", .5}}},
    {"U+000", "", "", {{"U+045", .5}, {"U-045", .5}}},
    {"U+000", "", "", {{"M+000", 1}}},
    {"U+000", "", "", {{"M+030", .5}, {"M-030", .5}}},
    {"U+030", "", "", {{"U+030", 1}}},
    {"U+030", "", "", {{"U+045", 1}}},
    {"U+030", "", "", {{"M+030", 1}}},
    {"U+045", "", "", {{"U+045", 1}}},
    {"U+045", "", "", {{"U+030", 1}}},
    {"U+045", "", "", {{"M+030", 1}}},
    {"U+090", "", "", {{"U+090", 1}}},
    {"U+090", IN_22, "", {{"U+045", 2. / 3}, {"UH+180", 1. / 3}}},
    {"U+090", "", "", {{"U+030", .5}, {"U+110", .5}}},
    {"U+090", "", "", {{"U+045", .5}, {"U+135", .5}}},
    {"U+090", "", "", {{"M+090", 1}}},
    {"U+090", "", "", {{"U+030", .5}, {"M+110", .5}}},
    {"U+090", "", "", {{"M+030", .5}, {"M+110", .5}}},
    {"U+090", "", "", {{"M+030", .5}}},
    {"U+110", "", "", {{"U+110", 1}}},
    {"U+110", "", "", {{"U+135", 1}}},
    {"U+110", "", "", {{"U+045", .5}, {"UH+180", .5}}},
    {"U+110", "", "", {{"M+110", 1}}},
    {"U+110", "", "", {{"M+135", 1}}},
    {"U+110", "", "", {{"M+030", .5}}},
    {"U+135", "", "", {{"U+135", 1}}},
    {"U+135", "", "", {{"U+110", 1}}},
    {"U+135", IN_22, "", {{"U+045", 1. / 3}, {"UH+180", 2. / 3}}},
    {"U+135", "", "", {{"U+045", .5}, {"UH+180", .5}}},
    {"U+135", "", "", {{"M+135", 1}}},
    {"U+135", "", "", {{"M+110", 1}}},
    {"U+135", "", "", {{"M+030", .5}}},
    {"U+180", "", "", {{"U+180", 1}}},
    {"U+180", "", "", {{"UH+180", 1}}},
    {"U+180", "", "", {{"U+135", .5}, {"U-135", .5}}},
    {"U+180", "", "", {{"U+110", .5}, {"U-110", .5}}},
    {"U+180", "", "", {{"M+135", .5}, {"M-135", .5}}},
    {"U+180", "", "", {{"M+110", .5}, {"M-110", .5}}},
    {"U+180", "", "", {{"M+030", .25}, {"M-030", .25}}},
    {"UH+180", "", "", {{"UH+180", 1}}},
    {"UH+180", "", "", {{"U+180", 1}}},
    {"UH+180", "", "", {{"U+135", .5}, {"U-135", .5}}},
    {"UH+180", "", "", {{"U+110", .5}, {"U-110", .5}}},
    {"UH+180", "", "", {{"M+135", .5}, {"M-135", .5}}},
    {"UH+180", "", "", {{"M+110", .5}, {"M-110", .5}}},
    {"UH+180", "", "", {{"M+030", .25}, {"M-030", .25}}},
    {"T+000", "", "", {{"T+000", 1}}},
    {"T+000", "", "", {{"U+045", .25}, {"U-045", .25}, {"U+135", .25}, {"U-135", .25}}},
    {"T+000", "", "", {{"U+030", .25}, {"U-030", .25}, {"U+110", .25}, {"U-110", .25}}},
    {"T+000", "", "", {{"U+045", 1. / 3}, {"U-045", 1. / 3}, {"UH+180", 1. / 3}}},
    {"T+000", "", "", {{"U+045", .25}, {"U-045", .25}, {"M+135", .25}, {"M-135", .25}}},
    {"T+000", "", "", {{"U+030", .25}, {"U-030", .25}, {"M+110", .25}, {"M-110", .25}}},
    {"T+000", "", "", {{"M+030", .25}, {"M-030", .25}, {"M+135", .25}, {"M-135", .25}}},
    {"T+000", "", "", {{"M+030", .25}, {"M-030", .25}, {"M+110", .25}, {"M-110", .25}}},
    {"T+000", "", "", {{"M+030", .25}, {"M-030", .25}}},
    {"B+000", "", "", {{"B+000", 1}}},
    {"B+000", "", "", {{"M+000", 1}}},
    {"B+000", "", "", {{"M+030", .5}, {"M-030", .5}}},
    {"B+045", "", "", {{"B+045", 1}}},
    {"B+045", "", "", {{"M+030", 1}}},
    {"LFE1", LFE_SYS, LFE_SYS, {{"LFE1", 1}}},
    {"LFE2", LFE_SYS, LFE_SYS, {{"LFE2", 1}}},
    {"LFE1", LFE_SYS, "", {{"LFE1", .5}}},
    {"LFE2", LFE_SYS, "", {{"LFE1", .5}}},
    {"LFE1", "", "", {{"LFE1", 1}}},
};

/* the + side's name as the - side's and back; the middle's unchanged */
static void mirror(const char *name, char *out, size_t size)
{
  snprintf(out, size, "%s", name);
  const size_t n = strlen(out);
  if (n >= 3 && (strcmp(out + n - 3, "000") == 0 || strcmp(out + n - 3, "180") == 0))
    return;
  char *s = strchr(out, '+');
  if (s)
    *s = '-';
  else if ((s = strchr(out, '-')) != NULL)
    *s = '+';
}

static bool listed(const char *list, const char *name)
{
  if (!list[0])
    return true;
  const size_t n = strlen(name);
  for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
      return true;
  return false;
}

static int channel_of(const sp_bs2127 *r, const char *name)
{
  for (int c = 0; c < r->n; c++)
    if (strcmp(r->names[c], name) == 0)
      return c;
  return -1;
}

/* rule u (mirrored or not) for label into g; false where it does not hold */
static bool apply(const sp_bs2127 *r, const rule *u, bool mirrored, const char *pack,
                  const char *system, const char *label, double *g)
{
  char name[16];
  if (!listed(u->in, pack) || !listed(u->out, system))
    return false;
  mirror(u->label, name, sizeof name);
  if (strcmp(mirrored ? name : u->label, label) != 0)
    return false;
  int ch[4];
  for (int k = 0; k < 4 && u->g[k].name; k++) {
    mirror(u->g[k].name, name, sizeof name);
    if ((ch[k] = channel_of(r, mirrored ? name : u->g[k].name)) < 0)
      return false;
  }
  for (int k = 0; k < 4 && u->g[k].name; k++)
    g[ch[k]] = sqrt(u->g[k].g2);
  return true;
}

/* the BS.2051 name in label [s, s + n) (a view, *len bytes; no label is
 * copied, however long): a URN's tail (as the EAR's
 * ^urn:itu:bs:2051:[0-9]+:speaker:(.*)$ takes it: Python's $ lets one
 * newline end it, its . takes none); LFE, LFEL, LFER as LFE1, LFE2 */
static const char *nominal(const char *s, size_t n, size_t *len)
{
  static const char urn[] = "urn:itu:bs:2051:";
  const size_t u = sizeof urn - 1;
  if (n > u && strncmp(s, urn, u) == 0) {
    size_t t = u;
    while (t < n && s[t] >= '0' && s[t] <= '9')
      t++;
    if (t > u && n - t >= 9 && strncmp(s + t, ":speaker:", 9) == 0) {
      const char *tail = s + t + 9, *nl = memchr(tail, '\n', n - t - 9);
      if (!nl || nl == s + n - 1)
        s = tail, n = nl ? (size_t)(nl - tail) : n - t - 9;
    }
  }
  *len = n;
  if ((n == 3 && strncmp(s, "LFE", 3) == 0) || (n == 4 && strncmp(s, "LFEL", 4) == 0))
    return *len = 4, "LFE1";
  if (n == 4 && strncmp(s, "LFER", 4) == 0)
    return "LFE2";
  return s;
}

/* the one speaker of the channel's kind nearest its position among those
 * within its bounds (none written: at its position), or -1 */
static int at_position(const sp_bs2127 *r, const sp_bs2127_speaker *s, bool lfe)
{
  const double tol = 1e-5;
  double target[3], dist[B_MAXN], best = INFINITY;
  bool in[B_MAXN];
  if (s->cartesian) {
    target[0] = s->x;
    target[1] = s->y;
    target[2] = s->z;
  } else {
    b_cart(s->az, s->el, s->dist, target);
  }
  const double at[3] = {s->cartesian ? s->x : s->az, s->cartesian ? s->y : s->el,
                        s->cartesian ? s->z : s->dist};
  double lo[3], hi[3]; /* a bound not written: the position's own */
  for (int k = 0; k < 3; k++) {
    lo[k] = s->bounded && !isnan(s->lo[k]) ? s->lo[k] : at[k];
    hi[k] = s->bounded && !isnan(s->hi[k]) ? s->hi[k] : at[k];
  }
  for (int c = 0; c < r->n; c++) {
    double p[3];
    if (s->cartesian) {
      memcpy(p, r->allo[c], sizeof p);
      in[c] = true;
      for (int k = 0; k < 3; k++)
        in[c] = in[c] && p[k] + tol >= lo[k] && p[k] - tol <= hi[k];
    } else {
      b_cart(r->az[c], r->el[c], 1, p);
      in[c] = (b_inside_angle_range(r->az[c], lo[0], hi[0], tol) || fabs(r->el[c]) >= 90.0 - tol) &&
              r->el[c] > lo[1] - tol && r->el[c] < hi[1] + tol && 1.0 > lo[2] - tol &&
              1.0 < hi[2] + tol;
    }
    in[c] = in[c] && r->lfe[c] == lfe;
    double d = 0;
    for (int k = 0; k < 3; k++)
      d += (p[k] - target[k]) * (p[k] - target[k]);
    dist[c] = sqrt(d);
    if (in[c])
      best = fmin(best, dist[c]);
  }
  int pick = -1, count = 0;
  for (int c = 0; c < r->n; c++)
    if (in[c] && fabs(best - dist[c]) < tol) {
      count++;
      pick = c;
    }
  return count == 1 ? pick : -1;
}

static void rules_gains(const sp_bs2127 *r, const char *pack, const char *label, double *g)
{
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (apply(r, &rules[i], false, pack, r->system, label, g) ||
        apply(r, &rules[i], true, pack, r->system, label, g))
      return;
}

/* Rules 1 to 4 for s into g (zeros), true where one of them places it;
 * false, with s's position (after its screen edge lock) in *at, where it
 * is panned (rule 5). Reads r's names and positions, not its panners. */
static bool placed(const sp_bs2127 *r, const sp_bs2127_speaker *s, double *g, sp_bs2127_speaker *at)
{
  /* its labels (after a \x1f each), as the EAR's speakerLabel list, every
   * one (each read twice, none copied): an LFE where any names one, the
   * first for a pack's mapping rules, then each in turn for a speaker of
   * its name */
  bool lfe = s->lfe_band;
  char first[8] = ""; /* its first's name where a rule's could be it (none is longer) */
  for (const char *p = s->label; p;) {
    const size_t w = strcspn(p, "\x1f");
    size_t n;
    const char *l = nominal(p, w, &n);
    lfe |= n == 4 && (strncmp(l, "LFE1", 4) == 0 || strncmp(l, "LFE2", 4) == 0);
    if (p == s->label && n < sizeof first)
      memcpy(first, l, n), first[n] = '\0';
    p = p[w] ? p + w + 1 : NULL;
  }
  if (s->pack && first[0]) {
    rules_gains(r, s->pack, first, g);
    for (int c = 0; c < r->n; c++)
      if (g[c] != 0)
        return true;
  }
  for (const char *p = s->label; p;) {
    const size_t w = strcspn(p, "\x1f");
    size_t n;
    const char *l = nominal(p, w, &n);
    for (int c = 0; c < r->n; c++)
      if (strlen(r->names[c]) == n && strncmp(r->names[c], l, n) == 0 && r->lfe[c] == lfe) {
        g[c] = 1;
        return true;
      }
    p = p[w] ? p + w + 1 : NULL;
  }
  *at = *s; /* at the screen's edges its lock says */
  if (s->edge_h != SP_BS2127_EDGE_NONE || s->edge_v != SP_BS2127_EDGE_NONE) {
    if (s->cartesian) {
      double p[3] = {s->x, s->y, s->z};
      b_screen_lock(r, true, s->edge_h, s->edge_v, p);
      at->x = p[0], at->y = p[1], at->z = p[2];
    } else {
      sp_bs2127_screen_lock(s->edge_h, s->edge_v, &at->az, &at->el);
    }
  }
  const int c = at_position(r, at, lfe);
  if (c >= 0) {
    g[c] = 1;
    return true;
  }
  if (lfe) {
    for (int k = 0; k < r->n; k++)
      if (strcmp(r->names[k], "LFE1") == 0)
        g[k] = 1;
    return true;
  }
  return false;
}

static void speaker_unscaled(const sp_bs2127 *r, const sp_bs2127_speaker *in, double *g)
{
  sp_bs2127_speaker at;
  if (placed(r, in, g, &at))
    return;
  const sp_bs2127_speaker *s = &at;
  double pos[3], pv[B_MAXN];
  if (s->cartesian) {
    pos[0] = s->x;
    pos[1] = s->y;
    pos[2] = s->z;
    b_allo_point(&r->allo_panner, pos, pv);
  } else {
    b_cart(s->az, s->el, s->dist, pos);
    b_psp_gains(&r->psp, pos, pv);
  }
  for (int i = 0; i < r->n_real; i++)
    g[r->real[i]] = pv[i];
}

void sp_bs2127_speaker_gains(const sp_bs2127 *r, const sp_bs2127_speaker *s, double *g)
{
  for (int c = 0; c < r->n; c++)
    g[c] = 0;
  speaker_unscaled(r, s, g);
  /* a position no file should hold (infinite, NaN) pans to nothing */
  for (int c = 0; c < r->n; c++)
    g[c] = isfinite(g[c]) ? g[c] * s->gain : 0.0;
}

int sp_bs2127_speaker_channel(const sp_layout *l, const sp_bs2127_speaker *s)
{
  sp_bs2127 *r = sp_xcalloc(1, sizeof *r);
  int pick = -1;
  if (b_layout_view(r, l)) {
    double g[B_MAXN] = {0};
    sp_bs2127_speaker at;
    int ones = 0, others = 0;
    if (placed(r, s, g, &at))
      for (int c = 0; c < r->n; c++) {
        if (g[c] == 1.0)
          ones++, pick = c;
        else if (g[c] != 0.0)
          others++;
      }
    if (ones != 1 || others)
      pick = -1;
  }
  free(r);
  return pick;
}
