/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every part of the DAWproject reader reads alike
 * (io/session/dawproject_reader.h): the tempo map's beats as seconds,
 * levels and pans in their units, the elements ids name, the parameters automation may
 * target. */

#include "io/session/dawproject_reader.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* ---- the tempo map: beats to seconds ---------------------------------------- */

/* Seconds from beat b0 to b1 (b0 <= b1) at a tempo that goes linearly from
 * t0 (at b0) with slope k bpm per beat. */
static double span(double b0, double b1, double t0, double k)
{
  double db = b1 - b0;
  double t1 = t0 + k * db;
  if (fabs(k) < 1e-12 || fabs(t1 - t0) < 1e-9)
    return 60 * db / t0;
  return 60 * db * log(t1 / t0) / (t1 - t0);
}

/* The tempo's slope from point i to the next, in bpm a beat: 0 where it
 * holds (a held point, the last, or one at the next's beat). */
static double slope(const tempo_map *tm, size_t i)
{
  const tempo_pt *p = &tm->v[i];
  if (i + 1 == tm->n || p->hold || tm->v[i + 1].beat <= p->beat)
    return 0;
  return (tm->v[i + 1].bpm - p->bpm) / (tm->v[i + 1].beat - p->beat);
}

/* Seconds from point i's beat to beat b within its piece: linear in
 * beats, or in seconds where its automation counted seconds (tempo
 * T0 + k t: t = 120 db / (T0 + sqrt(T0^2 + 120 k db))). */
static double piece_span(const tempo_map *tm, size_t i, double b)
{
  const tempo_pt *p = &tm->v[i];
  const double k = slope(tm, i);
  if (p->per_sec != 0 && k != 0)
    return 120 * (b - p->beat) /
           (p->bpm + sqrt(fmax(0, p->bpm * p->bpm + 120 * p->per_sec * (b - p->beat))));
  return span(p->beat, b, p->bpm, k);
}

void dp_tempo_sum(tempo_map *tm)
{
  free(tm->sec);
  tm->sec = tm->n ? sp_xreallocarray(NULL, tm->n, sizeof *tm->sec) : NULL;
  tm->steady = true;
  for (size_t i = 0; i < tm->n; i++) {
    tm->sec[i] = i == 0 ? tm->v[0].beat * 60 / tm->v[0].bpm
                        : tm->sec[i - 1] + piece_span(tm, i - 1, tm->v[i].beat);
    tm->steady = tm->steady && tm->v[i].bpm == tm->v[0].bpm;
  }
}

/* The point whose piece of the map beat (past the first point) is read
 * in: the first whose next is at or past it, else the last. */
static size_t piece_of(const tempo_map *tm, double beat)
{
  size_t lo = 0, hi = tm->n - 1;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (tm->v[mid + 1].beat >= beat)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

double dp_to_seconds(const tempo_map *tm, double beat)
{
  if (tm->n == 0 || beat <= tm->v[0].beat)
    return beat * 60 / (tm->n ? tm->v[0].bpm : tm->bpm);
  const size_t i = piece_of(tm, beat);
  return tm->sec[i] + piece_span(tm, i, beat);
}

/* The beat at second sec: to_seconds inverted, by halving. */
double dp_beats_of(const tempo_map *tm, double sec)
{
  if (sec <= 0)
    return sec * (tm->n ? tm->v[0].bpm : tm->bpm) / 60;
  double lo = 0, hi = 1;
  while (dp_to_seconds(tm, hi) < sec && hi < 1e15)
    hi *= 2;
  for (int i = 0; i < 200; i++) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi)
      break;
    if (dp_to_seconds(tm, mid) < sec)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

double dp_tempo_holds_to(const tempo_map *tm, double b, double *ramps_to)
{
  *ramps_to = b;
  if (tm->n == 0)
    return INFINITY;
  size_t lo = 0, hi = tm->n - 1; /* the last point at or before b, else the first */
  while (lo < hi) {
    const size_t mid = hi - (hi - lo) / 2;
    if (tm->v[mid].beat <= b)
      lo = mid;
    else
      hi = mid - 1;
  }
  /* (before the first point its tempo holds up to it) */
  if (slope(tm, lo) != 0) {
    if (b < tm->v[lo].beat)
      return tm->v[lo].beat;
    *ramps_to = tm->v[lo + 1].beat;
    return b;
  }
  return lo + 1 < tm->n ? tm->v[lo + 1].beat : INFINITY;
}

double dp_sec_of(const reader *r, const window *w, double lane_t)
{
  return w->beats ? dp_to_seconds(&r->tm, lane_t) : lane_t;
}

bool dp_unit_beats(const char *u, bool def)
{
  if (!u)
    return def;
  return strcmp(u, "beats") == 0;
}

/* ---- references ---------------------------------------------------------------- */

const xmlNode *dp_find_id(reader *r, const char *id)
{
  if (!r->ids_made) /* read where a reference is followed, not where it is found */
    sp_xml_index_tree(&r->ids, r->root, "id");
  r->ids_made = true;
  return sp_xml_index_find(&r->ids, id);
}

/* ---- values in their units ------------------------------------------------------ */

double dp_round12(double v)
{
  char b[40];
  snprintf(b, sizeof b, "%.12g", v);
  return strtod(b, NULL);
}

/* Whether s says minus infinity ("-inf", "-Infinity"): silence in dB. */
static bool minus_inf(const char *s)
{
  return s && (strcasecmp(s, "-inf") == 0 || strcasecmp(s, "-infinity") == 0);
}

bool dp_linear_below_zero(reader *r, const xmlNode *p, double v)
{
  error(r, p, SP_ERR_USAGE,
        "%s: value %g is a linear level below 0; a linear level is a gain factor, 0 (-inf dB) or "
        "more",
        (const char *)p->name, v);
  return false;
}

bool dp_points_in_order(reader *r, const xmlNode *pts, const sp_auto *a)
{
  char why[256];
  size_t last = 0, first = 0, more = 0; /* the latest point so far; the first before it, others */
  for (size_t i = 1; i < a->n; i++)
    if (sp_build_in_order(a->points[last].t, a->points[i].t, r->rate, 0, why, sizeof why))
      last = i;
    else if (first)
      more++;
    else
      first = i;
  if (first && !sp_build_in_order(a->points[first - 1].t, a->points[first].t, r->rate, more, why,
                                  sizeof why)) {
    error(r, pts, SP_ERR_USAGE, "Points: %s", why);
    return false;
  }
  return true;
}

bool dp_level_db(reader *r, const xmlNode *p, double *db)
{
  double v = 0;
  const char *u = sp_xml_attr(p, "unit");
  if (p && u && strcmp(u, "decibel") == 0 && minus_inf(sp_xml_attr(p, "value"))) {
    *db = -INFINITY;
    return true;
  }
  if (!p || !number(r, p, "value", &v))
    return false;
  if (u && strcmp(u, "decibel") == 0)
    *db = v;
  else if (u && strcmp(u, "linear") == 0 && v < 0)
    return dp_linear_below_zero(r, p, v);
  else if (u && strcmp(u, "linear") == 0)
    *db = dp_round12(sp_lin_to_db(v)); /* 0.891250938… is -1 dB, not -0.9999999999999997 */
  else {
    error(r, p, SP_ERR_USAGE,
          "%s: a level in unit '%s'; DAWproject levels are 'linear' or "
          "'decibel'",
          (const char *)p->name, u ? u : "");
    return false;
  }
  return true;
}

bool dp_pan_unit(const char *u)
{
  return !u || strcmp(u, "linear") == 0 || strcmp(u, "normalized") == 0 ||
         strcmp(u, "percent") == 0;
}

/* A pan parameter's value on the recipe's -1 .. +1: its own min .. max,
 * else linear -1 .. 1, normalized 0 .. 1, percent 0 .. 100 (the format's
 * Unit); one past either side as read (the check's to say). */
static double pan_value(double v, const char *unit, bool has_range, double min, double max)
{
  if (has_range && max > min)
    v = (v - min) / (max - min) * 2 - 1;
  else if (!unit || strcmp(unit, "normalized") == 0)
    v = v * 2 - 1;
  else if (strcmp(unit, "percent") == 0)
    v = v / 50 - 1;
  return dp_round12(v);
}

bool dp_read_pan(reader *r, const xmlNode *p, double *pan)
{
  double v = 0, min = 0, max = 0;
  if (!p || !number(r, p, "value", &v))
    return false;
  const char *u = sp_xml_attr(p, "unit");
  if (!dp_pan_unit(u)) {
    error(r, p, SP_ERR_USAGE,
          "%s: a pan in unit '%s'; DAWproject pans are 'linear' (-1 .. 1), 'normalized' (0 .. "
          "1) or 'percent' (0 .. 100), or their min .. max",
          (const char *)p->name, u);
    return false;
  }
  /* its min .. max: its range, left to right, in its unit (the schema:
   * "Minimum value this parameter can have (inclusive)") */
  const bool has_min = number(r, p, "min", &min), has_max = number(r, p, "max", &max);
  if (has_min && has_max && !(max > min)) {
    error(r, p, SP_ERR_USAGE,
          "%s: min %g is not below max %g; a pan's min .. max is its range, left to right, in "
          "its unit: fix them, or leave both out for its unit's",
          (const char *)p->name, min, max);
    return false;
  }
  const double lo = u && strcmp(u, "linear") == 0 ? -1 : 0;
  const double hi = u && strcmp(u, "percent") == 0 ? 100 : 1;
  if (has_min != has_max && (has_min ? min != lo : max != hi))
    loss(r, NULL, p, "%s %g with no %s: read in its unit's range, %g .. %g (%s)",
         has_min ? "min" : "max", has_min ? min : max, has_min ? "max" : "min", lo, hi,
         u ? u : "normalized");
  *pan = pan_value(v, u, has_min && has_max, min, max);
  return true;
}

char *dp_pan_as_written(const xmlNode *p)
{
  static const char space[] = " \t\r\n";
  const char *v = sp_xml_attr(p, "value"), *u = sp_xml_attr(p, "unit");
  const char *min = sp_xml_attr(p, "min"), *max = sp_xml_attr(p, "max");
  const bool range = min && max; /* (dp_read_pan: one without the other is the unit's) */
  if (!v || (!range && u && strcmp(u, "linear") == 0))
    return NULL;
  v += strspn(v, space);
  size_t n = strlen(v);
  while (n > 0 && strchr(space, v[n - 1]))
    n--;
  return range ? sp_xasprintf("%.*s of min %s .. max %s", (int)n, v, min, max)
               : sp_xasprintf("%.*s %s", (int)n, v, u ? u : "(no unit: normalized)");
}

/* Whether the RealPoints of pts are in time order on window w (a point
 * whose time is not a number left out, as dp_real_points leaves it). */
static bool real_in_order(const reader *r, const xmlNode *pts, const window *w)
{
  double prev = -INFINITY;
  for (const xmlNode *p = sp_xml_child(pts, "RealPoint"); p; p = sp_xml_next(p, "RealPoint")) {
    double time = 0;
    if (!sp_xml_number(p, "time", &time, NULL, NULL))
      continue;
    const double sec = dp_sec_of(r, w, w->offset + time);
    if (sec < prev)
      return false;
    prev = sec;
  }
  return true;
}

/* The ramp from (t0, x0) to (t1, x1), linear in the values written, as
 * how->ramp draws it, its last point t1's; where it passes how->most
 * (after convert), drawn to where it reaches most and held there from
 * it, a point at its end: a ramp to 100 %, inf:1, draws no points chasing
 * it. */
static void ramp_to_most(sp_auto *out, const dp_read *how, double t0, double x0, double t1,
                         double x1)
{
  double (*cv)(double) = how->convert;
  const double y0 = cv ? cv(x0) : x0, y1 = cv ? cv(x1) : x1, most = how->most;
  if (!(most > 0 && (y0 > most || y1 > most))) {
    sp_mix_ramp_points(out, how->ramp, t0, x0, t1, x1);
    return;
  }
  if (!(y0 < most && y1 < most) && (y0 >= most) == (y1 >= most)) { /* held throughout */
    sp_mix_auto_point(out, t1, y1);
    return;
  }
  double lo = x0, hi = x1; /* most is reached between: lo's side is x0's */
  for (int i = 0; i < 100; i++) {
    const double mid = (lo + hi) / 2, ym = cv ? cv(mid) : mid;
    *((ym >= most) == (y0 >= most) ? &lo : &hi) = mid;
  }
  const double tc = t0 + (t1 - t0) * (lo - x0) / (x1 - x0);
  if (y0 < most) {
    sp_mix_ramp_points(out, how->ramp, t0, x0, tc, lo);
    out->points[out->n - 1].v = most;
    sp_mix_auto_point(out, t1, y1);
  } else {
    sp_mix_auto_point(out, tc, most);
    sp_mix_ramp_points(out, how->ramp, tc, lo, t1, x1);
  }
}

void dp_real_points(reader *r, const xmlNode *pts, const window *w, const dp_read *how,
                    sp_auto *out)
{
  double pt = 0, px = 0;
  bool have = false, held = false;
  /* out of time order (the user's to sort: the format orders them by
   * time), each as written, the check's to refuse at its index as a
   * recipe's points are */
  const bool sorted = real_in_order(r, pts, w);
  for (const xmlNode *p = sp_xml_child(pts, "RealPoint"); p; p = sp_xml_next(p, "RealPoint")) {
    double time = 0, x = 0;
    if (!number(r, p, "time", &time))
      continue;
    if (how->minus_inf && minus_inf(sp_xml_attr(p, "value")))
      x = -INFINITY;
    else if (!number(r, p, "value", &x))
      continue;
    if (how->factor && x < 0 && !dp_linear_below_zero(r, p, x))
      break;
    if (how->top > 0 && x > how->top)
      x = how->top;
    if (how->pan)
      x = pan_value(x, how->unit, how->pan->has_range, how->pan->min, how->pan->max);
    const double sec = dp_sec_of(r, w, w->offset + time), y = how->convert ? how->convert(x) : x;
    if (sorted && have && held && sec > pt)
      sp_mix_auto_point(out, sec, how->convert ? how->convert(px) : px);
    if (how->written)
      sp_mix_auto_point(how->written, sec, y);
    if (sorted && have && !held && how->ramp && sec > pt) {
      ramp_to_most(out, how, pt, px, sec, x);
      out->points[out->n - 1].v = y; /* the end as a point gives it */
    } else {
      sp_mix_auto_point(out, sec, y);
    }
    held = dp_point_holds(p);
    pt = sec;
    px = x;
    have = true;
  }
}

bool dp_point_holds(const xmlNode *p)
{
  const char *interp = sp_xml_attr(p, "interpolation");
  return !interp || strcmp(interp, "linear") != 0;
}

bool dp_bool_points(reader *r, sp_mix_strip *s, const xmlNode *pts, const window *w, bool invert,
                    const char *by_numbers, sp_auto *out)
{
  for (const xmlNode *p = sp_xml_child(pts, "BoolPoint"); p; p = sp_xml_next(p, "BoolPoint")) {
    double time = 0;
    if (!number(r, p, "time", &time))
      continue;
    const double frame = (double)llround(dp_sec_of(r, w, w->offset + time) * r->rate);
    sp_mix_auto_frame(out, frame, sp_xml_bool(p, "value", invert) != invert ? 1 : 0);
  }
  if (sp_xml_child(pts, "RealPoint") || sp_xml_child(pts, "IntegerPoint")) {
    loss(r, s, pts, "%s", by_numbers);
    sp_xml_read_all(pts); /* said whole: its points no loss of their own */
  }
  return out->n > 0;
}

void dp_add_target(reader *r, const xmlNode *p, target_kind k, size_t strip, size_t send,
                   const char *what)
{
  const char *id = sp_xml_attr(p, "id");
  if (!id)
    return;
  SP_GROW(r->targets, r->n_targets, r->cap_targets);
  target *t = &r->targets[r->n_targets++];
  memset(t, 0, sizeof *t);
  t->id = id;
  t->kind = k;
  t->strip = strip;
  t->send = send;
  t->unit = sp_xml_attr(p, "unit");
  t->valueless = !sp_xml_peek(p, "value");
  t->has_range =
      sp_xml_number(p, "min", &t->min, NULL, NULL) && sp_xml_number(p, "max", &t->max, NULL, NULL);
  t->what = what;
}

bool dp_at_written(const sp_auto *written, size_t *k, double t)
{
  while (*k < written->n && written->points[*k].t.seconds < t)
    ++*k;
  return *k < written->n && written->points[*k].t.seconds == t;
}

void dp_as_written(sp_auto *a, const sp_auto *written)
{
  if (a->n == written->n)
    return; /* no point between (points out of time order are read so) */
  size_t n = 0;
  for (size_t i = 0, k = 0; i < a->n; i++)
    if (dp_at_written(written, &k, a->points[i].t.seconds))
      a->points[n++] = a->points[i];
  a->n = n;
  if (n > 0)
    a->value = a->points[0].v;
}
