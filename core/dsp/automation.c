/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Breakpoint automation, evaluated per sample. For a block the breakpoint
 * segment is found once and stepped along; values are computed in double
 * from the frame index (not accumulated), so the result for a frame does not
 * depend on the block it falls in. Levels become gains through the
 * dynamics' table exp2 (1e-12 relative, a tenth of libm's pow's cost).
 * Ardour's ramps (`ramp: ardour`) follow Ardour 7's pbd/control_math.h and
 * ardour/amp.cc: its fader law between points, its declick after; the
 * declick's state is a recurrence, restarted from the nearest checkpoint
 * before a block. */

#include "core/dsp/automation.h"

#include "core/dsp/fastmath.h"
#include "core/dsp/spline.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>

/* -inf dB cannot be interpolated in dB; ramps towards it pass this floor. */
#define FLOOR_DB -200.0

static double frame_of(const sp_auto_point *p, double rate)
{
  return sp_time_frames_exact(p->t, rate);
}

/* Ardour's TINY_NUMBER (interpolate_gain): added to both ends, it keeps a
 * ramp from silence off log(0). */
#define TINY_GAIN 0.0000001

/* ---- Ardour's ramps ---------------------------------------------------------- */

static double lin_of(double db) { return isinf(db) && db < 0 ? 0.0 : sp_db_to_lin(db); }

/* The segment of an Ardour ramp a position is in, walked forwards: k is
 * the first point after it; the ends' positions on the fader law are kept
 * for the segment. */
typedef struct walk {
  size_t k;
  bool ready;
  size_t seg; /* the segment (its second point) t1 .. g1 are for */
  double t1, t2, from, to, g0, g1;
  /* a Logarithmic list: whether it reaches silence (silent_known: looked) */
  bool silent_known, silent;
  /* the superclock sum last read (list_position): frame rx_j of the
   * spread from rx_lx to rx_hx over rx_len frames */
  bool rx_ready;
  double rx_lx, rx_hx, rx;
  int64_t rx_len, rx_j;
  /* a Curved list: ck the first point at or past the position last read,
   * cx1 its place on the list's axis and cx0 the one before's; the cubic
   * of segment cseg (its second point; 0: none yet) in co */
  bool curve_ready;
  size_t ck, cseg;
  double cx0, cx1, co[4];
  /* a list in beats: its first and last points' ticks, the cycle last
   * read (from frame cyc) and its ends in ticks, and bk, the first point
   * whose tick is past the last tick read (bk_tick its tick) */
  bool beats_ready;
  double min_tick, max_tick, cyc_start, cyc_end, bk_tick, bk_prev_tick;
  int64_t cyc;
  size_t bk;
  /* the vector the list is read in (a list in audio time): frames v0 ..
   * v0 + vlen − 1 on its axis; vlen 0: the export's cycles (LIST_CYCLE) */
  int64_t v0, vlen;
} walk;

/* Ardour's export runs in cycles of this many frames from the timeline's
 * start, and reads the automation for a cycle as a vector (Curve's
 * _get_vector): the frames from the first point to the last of those in
 * [start, end] are spread evenly over [max(first point, start), min(last
 * point, end)], end being the next cycle's start. So frame i of a cycle
 * reads its automation up to a frame later than itself. */
#define LIST_CYCLE 1024

/* The beat tick superclock sc falls on through the list's tempo map, as
 * Ardour 7.3's TempoMap::quarters_at_superclock computes it (core/dsp/
 * tempo_map.h); a time the map cannot read (none Ardour plays) is tick 0. */
static int64_t ticks_of_superclock(int64_t sc, const sp_tempo_map *m)
{
  int64_t ticks = 0;
  if (!sp_tempo_map_beats_at(m, sc, &ticks))
    ticks = 0;
  return ticks;
}

__extension__ typedef __int128 wide;

/* The beat tick frame t (≥ 0) falls on (timepos_t (samples) put in
 * BeatTime: its superclock, rounded down, then its quarters through the
 * map: TempoMap::quarters_at_sample). */
static int64_t ticks_of_frame(int64_t t, double rate, const sp_tempo_map *m)
{
  const wide sc = (wide)t * m->scps / (wide)llround(rate);
  return ticks_of_superclock((int64_t)sc, m);
}

/* The multiple of b at or before t. */
static int64_t floor_to(int64_t t, int64_t b)
{
  return t >= 0 ? t / b * b : -((-t + b - 1) / b) * b;
}

/* How a cycle's vector spreads over the list: frame j of it (from lx)
 * reads lx + j·dx, hx the last one's. */
typedef struct spread {
  double lx, hx;
  int64_t j, veclen;
  /* a list in beats (a tempo map): the tick frame j reads (truncated
   * as multipoint_eval is handed it, when it is), and the points' ticks */
  double tick;
} spread;

/* How Ardour's Curve::_get_vector spreads a vector of B frames (a cycle
 * of LIST_CYCLE, or a region's read), from start to end on the list's
 * axis (frames, or beat ticks), over the points' range [min_x, max_x]:
 * the frames before min_x hold the first point's value (-1 returned),
 * those after max_x the last's (+1); frame i of the vector otherwise (0)
 * is frame i - *off of a vector of *veclen spread from max(min_x, start)
 * to min(max_x, end). */
static int cycle_span(double start, double end, double min_x, double max_x, int64_t i, int64_t B,
                      int64_t *off, int64_t *veclen)
{
  *off = 0;
  *veclen = B;
  if (start > max_x)
    return 1;
  if (end < min_x)
    return -1;
  if (start < min_x) {
    int64_t fill = (int64_t)floor((double)B * ((min_x - start) / (end - start)));
    fill = fill < B ? fill : B;
    if (i < fill)
      return -1;
    *veclen -= fill;
    *off = fill;
  }
  if (*veclen > 0 && end > max_x) {
    int64_t fill = (int64_t)floor((double)B * ((end - max_x) / (end - start)));
    fill = fill < *veclen ? fill : *veclen;
    if (i >= *off + *veclen - fill)
      return 1;
    *veclen -= fill;
  }
  return 0;
}

/* Where Ardour reads frame i of a cycle from start to end on the list's
 * axis (cycle_span): a position on it, lx + j·dx, or the first (-1) or
 * the last (+1) point's value (*hold); the spread it is on in *sp. */
static double spread_at(double start, double end, double min_x, double max_x, int64_t i, int64_t B,
                        int *hold, spread *sp)
{
  int64_t off, veclen;
  if ((*hold = cycle_span(start, end, min_x, max_x, i, B, &off, &veclen)))
    return 0;
  const double lx = fmax(min_x, start), hx = fmin(max_x, end);
  *sp = (spread){lx, hx, i - off, veclen, 0};
  return veclen > 1 ? lx + (double)(i - off) * ((hx - lx) / (double)(veclen - 1)) : lx;
}

/* spread_at for frame t of a list in audio time, in w's vector (its
 * cycle when it has none): a position in frames. */
static double spread_position(const sp_auto *a, double rate, int64_t t, int *hold, spread *sp,
                              const walk *w)
{
  const int64_t B = w->vlen > 0 ? w->vlen : LIST_CYCLE;
  const int64_t s = w->vlen > 0 ? w->v0 : floor_to(t, LIST_CYCLE);
  const double min_x = frame_of(&a->points[0], rate), max_x = frame_of(&a->points[a->n - 1], rate);
  return spread_at((double)s, (double)(s + B), min_x, max_x, t - s, B, hold, sp);
}

/* The tick clock a list's times are held in (Temporal::superclock_ticks_per_second). */
#define SUPERCLOCK ((double)SP_TEMPO_SUPERCLOCK)

/* A point's time in superclock ticks, as Ardour's list holds it. */
static double superclock_of(const sp_auto_point *p, double rate)
{
  return p->t.in_frames ? (double)p->t.frames * (SUPERCLOCK / rate)
                        : nearbyint(p->t.seconds * SUPERCLOCK);
}

/* Point k's beat tick, in a list held in beats. */
static int64_t point_ticks(const sp_auto *a, double rate, size_t k)
{
  return ticks_of_superclock((int64_t)superclock_of(&a->points[k], rate), a->tempo);
}

/* spread_position for a list held in beats (a->tempo): Curve::
 * _get_vector puts the cycle's ends in BeatTime (whole ticks), spreads the
 * cycle over them as above, and (for more than two points) hands
 * multipoint_eval each frame's position truncated to a whole tick
 * (timepos_t::from_ticks (rx)); at 97 bpm and 48 kHz a tick is 15.5
 * frames. The position is returned in frames, on the line between the
 * points around it (a point's own tick: its frame), so that the caller
 * interpolates by the tick's fraction. */
static double spread_position_beats(const sp_auto *a, double rate, int64_t t, int *hold, spread *sp,
                                    walk *w)
{
  const int64_t B = LIST_CYCLE;
  const int64_t s = floor_to(t, B);
  *hold = 0;
  if (s < 0) {
    *hold = -1;
    return 0;
  }
  if (!w->beats_ready) {
    w->min_tick = (double)point_ticks(a, rate, 0);
    w->max_tick = (double)point_ticks(a, rate, a->n - 1);
    w->cyc = -1;
    w->bk = 0;
    w->bk_tick = w->min_tick;
    w->beats_ready = true;
  }
  if (w->cyc != s) {
    w->cyc = s;
    w->cyc_start = (double)ticks_of_frame(s, rate, a->tempo);
    w->cyc_end = (double)ticks_of_frame(s + B, rate, a->tempo);
  }
  double rx = spread_at(w->cyc_start, w->cyc_end, w->min_tick, w->max_tick, t - s, B, hold, sp);
  if (*hold)
    return 0;
  if (a->n > 2) {
    /* rx += dx, j times, then truncated: summed where it decides the tick */
    const double dx = sp->veclen > 1 ? (sp->hx - sp->lx) / (double)(sp->veclen - 1) : 0;
    if (fabs(rx - nearbyint(rx)) < 1e-6) {
      rx = sp->lx;
      for (int64_t m = 0; m < sp->j; m++)
        rx += dx;
    }
    rx = (double)(int64_t)rx;
  }
  sp->tick = rx;
  /* the points around rx: k the first whose tick is past it (rx does not
   * go back as t moves on) */
  while (w->bk < a->n && w->bk_tick <= rx) {
    w->bk_prev_tick = w->bk_tick;
    w->bk++;
    if (w->bk < a->n)
      w->bk_tick = (double)point_ticks(a, rate, w->bk);
  }
  const size_t k = w->bk;
  if (k == 0)
    return frame_of(&a->points[0], rate);
  const double t1 = w->bk_prev_tick, f1 = frame_of(&a->points[k - 1], rate);
  if (rx == t1 || k == a->n)
    return f1;
  const double t2 = w->bk_tick, f2 = frame_of(&a->points[k], rate);
  return f1 + (rx - t1) / (t2 - t1) * (f2 - f1);
}

/* Values of a for frames t0 .. t0 + n − 1: between its points linearly
 * (a level in dB, towards FLOOR_DB where a point is -inf dB), held before
 * the first and after the last. A linear value (a pan) Ardour holds in
 * beats (a->tempo) is read as a level's list in beats is (Curve::
 * _get_vector, a cycle's ends in ticks through the map, each frame's
 * tick), linearly between the points by the tick's fraction (a pan's list
 * is Linear). */
static void fill(const sp_auto *a, double rate, int64_t t0, size_t n, float *out, bool db)
{
  if (a->n == 0) {
    float v = db ? (float)sp_db_to_lin(a->value) : (float)a->value;
    for (size_t i = 0; i < n; i++)
      out[i] = v;
    return;
  }
  const bool beats = !db && a->tempo && a->n >= 2;
  walk w = {0}; /* w.k: the first breakpoint after the frame */
  for (size_t i = 0; i < n; i++) {
    double x = (double)(t0 + (int64_t)i);
    if (beats) {
      int hold = 0;
      spread sp = {0};
      x = spread_position_beats(a, rate, t0 + (int64_t)i, &hold, &sp, &w);
      if (hold) {
        out[i] = (float)a->points[hold > 0 ? a->n - 1 : 0].v;
        continue;
      }
    }
    while (w.k < a->n && frame_of(&a->points[w.k], rate) <= x)
      w.k++;
    const size_t k = w.k;
    double v;
    bool silent = false;
    if (k == 0 || k == a->n) {
      v = a->points[k == 0 ? 0 : a->n - 1].v;
      silent = db && isinf(v);
    } else {
      const sp_auto_point *p = &a->points[k - 1], *q = &a->points[k];
      double t1 = frame_of(p, rate), t2 = frame_of(q, rate);
      double v1 = p->v, v2 = q->v;
      if (db) {
        silent = isinf(v1) && isinf(v2);
        v1 = isinf(v1) ? FLOOR_DB : v1;
        v2 = isinf(v2) ? FLOOR_DB : v2;
      }
      v = v1 + (v2 - v1) * (x - t1) / (t2 - t1);
    }
    out[i] = silent ? 0.0f : db ? (float)sp_fast_undb(v) : (float)v;
  }
}

/* The spread's frames in superclock ticks: its ends, and the step dx
 * between two frames (Curve::_get_vector's lx, hx and dx; an end on a
 * point is that point's time). */
static void spread_ticks(const sp_auto *a, double rate, const spread *sp, double *lx, double *dx)
{
  const double spf = SUPERCLOCK / rate;
  const double min_x = frame_of(&a->points[0], rate), max_x = frame_of(&a->points[a->n - 1], rate);
  *lx = sp->lx == min_x ? superclock_of(&a->points[0], rate) : sp->lx * spf;
  const double hx = sp->hx == max_x ? superclock_of(&a->points[a->n - 1], rate) : sp->hx * spf;
  *dx = sp->veclen > 1 ? (hx - *lx) / (double)(sp->veclen - 1) : 0;
}

/* Where Ardour's vector reads frame sp->j of its spread, on the list's
 * axis: in beat ticks the tick already read (sp->tick); in audio time the
 * superclock sum lx + dx + dx ... (rx += dx, j times) truncated to a
 * whole tick, as Curve::_get_vector hands it to multipoint_eval. The sum
 * goes on from the frame w read last, when of the same spread. */
static double list_position(const sp_auto *a, double rate, const spread *sp, walk *w)
{
  if (a->tempo)
    return sp->tick;
  double lx, dx;
  spread_ticks(a, rate, sp, &lx, &dx);
  if (!w->rx_ready || w->rx_lx != sp->lx || w->rx_hx != sp->hx || w->rx_len != sp->veclen ||
      w->rx_j > sp->j) {
    w->rx_ready = true;
    w->rx_lx = sp->lx;
    w->rx_hx = sp->hx;
    w->rx_len = sp->veclen;
    w->rx_j = 0;
    w->rx = lx;
  }
  for (; w->rx_j < sp->j; w->rx_j++)
    w->rx += dx;
  return (double)(int64_t)w->rx;
}

/* Point k's place on the list's axis: its superclock tick, or its beat
 * tick in a list held in beats. */
static double axis_of(const sp_auto *a, double rate, size_t k)
{
  return a->tempo ? (double)point_ticks(a, rate, k) : superclock_of(&a->points[k], rate);
}

/* Whether Ardour's vector, read at frame sp->j of its spread, is past
 * point k: Curve::_get_vector steps its position in superclock ticks by
 * adding dx (rx += dx) and hands multipoint_eval that sum truncated to an
 * integer. A position exactly at the point still reads the segment before
 * it: the list's lookup cache holds that segment from the reads before,
 * and multipoint_eval takes the cached range (first == second) as "between
 * points", so a Discrete list holds the point before's value there. Only
 * a Discrete list tells the two apart. */
static bool reads_point(const sp_auto *a, double rate, const spread *sp, size_t k, walk *w)
{
  return list_position(a, rate, sp, w) > axis_of(a, rate, k);
}

/* Points first .. first + count − 1 of a's list on its axis and as gains. */
static void curve_points(const sp_auto *a, double rate, size_t first, size_t count, double *x,
                         double *y)
{
  for (size_t i = 0; i < count; i++) {
    x[i] = axis_of(a, rate, first + i);
    y[i] = lin_of(a->points[first + i].v);
  }
}

/* The spline's derivative at point k of a Curved list of n ≥ 3 points
 * (Curve::solve: the first and last from their neighbours'). */
static double curve_slope(const sp_auto *a, double rate, size_t k)
{
  double x[3], y[3];
  if (k == 0) {
    curve_points(a, rate, 0, 3, x, y);
    return sp_spline_first_slope(x, y);
  }
  if (k < a->n - 1) {
    curve_points(a, rate, k - 1, 3, x, y);
    return sp_spline_inner_slope(x, y);
  }
  curve_points(a, rate, k - 1, 2, x, y);
  return sp_spline_last_slope(x, y, curve_slope(a, rate, k - 1));
}

/* The gain a Curved list of n ≥ 3 points gives at frame sp->j of its
 * spread, as Curve::multipoint_eval computes it: the point's value before
 * the first point and on it, the last's past the last, a segment's first
 * value where its two points are equal, else the segment's cubic at the
 * position. A position on a point reads the segment before it, which the
 * list's lookup cache holds then (see reads_point). Beside a point given
 * twice (the same time and level) Ardour's slope is 0/0 and its curve not
 * a number: there the segment is linear. */
static float list_curved(const sp_auto *a, double rate, const spread *sp, walk *w)
{
  const double x = list_position(a, rate, sp, w);
  if (!w->curve_ready || (w->ck > 0 && x <= w->cx0)) { /* from the start */
    w->curve_ready = true;
    w->ck = 0;
    w->cx0 = -INFINITY;
    w->cx1 = axis_of(a, rate, 0);
  }
  while (w->ck < a->n && w->cx1 < x) {
    w->ck++;
    w->cx0 = w->cx1;
    w->cx1 = w->ck < a->n ? axis_of(a, rate, w->ck) : INFINITY;
  }
  const size_t k = w->ck;
  if (k == 0 || k == a->n)
    return (float)lin_of(a->points[k == 0 ? 0 : a->n - 1].v);
  const double from = lin_of(a->points[k - 1].v), to = lin_of(a->points[k].v);
  if (to - from == 0.0)
    return (float)from;
  if (w->cseg != k) {
    double px[2], py[2];
    curve_points(a, rate, k - 1, 2, px, py);
    sp_spline_segment(px, py, curve_slope(a, rate, k - 1), curve_slope(a, rate, k), w->co);
    w->cseg = k;
  }
  const double g = sp_spline_eval(w->co, x);
  if (!isfinite(g)) /* a point repeated (time and level): its slope 0/0 */
    return (float)(from + (to - from) * ((x - w->cx0) / (w->cx1 - w->cx0)));
  return (float)g;
}

/* Whether a Logarithmic list reaches silence anywhere (a point at 0). */
static bool log_silent(const sp_auto *a, walk *w)
{
  if (!w->silent_known) {
    w->silent_known = true;
    w->silent = false;
    for (size_t i = 0; i < a->n; i++)
      w->silent |= lin_of(a->points[i].v) == 0;
  }
  return w->silent;
}

/* The gain Ardour's automation asks for at frame t (its gain buffer, a
 * float), t not before the last frame asked of w. */
static float list_target(const sp_auto *a, double rate, int64_t t, walk *w)
{
  int hold = 0;
  spread sp = {0};
  double x = a->n < 2   ? 0
             : a->tempo ? spread_position_beats(a, rate, t, &hold, &sp, w)
                        : spread_position(a, rate, t, &hold, &sp, w);
  if (a->n == 1 || hold)
    return (float)lin_of(a->points[hold > 0 ? a->n - 1 : 0].v);
  if (a->interp == SP_INTERP_CURVED && a->n > 2)
    return list_curved(a, rate, &sp, w);
  while (w->k < a->n && frame_of(&a->points[w->k], rate) <= x)
    w->k++;
  size_t k = w->k;
  /* A step (Discrete) or a fall to silence (Logarithmic, from · 0^fraction)
   * tells a position on a point from one a hair past it: there, whether it
   * is past it as Ardour's sum says (two points take _get_vector's own
   * path, whose fraction is 0 exactly where x is the first point) */
  const bool steps =
      a->interp == SP_INTERP_DISCRETE || (a->interp == SP_INTERP_LOGARITHMIC && log_silent(a, w));
  if (steps && a->n > 2) {
    if (k < a->n && frame_of(&a->points[k], rate) - x < 1e-3 && reads_point(a, rate, &sp, k, w))
      k++;
    else if (k > 1 && x - frame_of(&a->points[k - 1], rate) < 1e-3 &&
             !reads_point(a, rate, &sp, k - 1, w))
      k--;
  }
  /* multipoint_eval holds each of a Discrete list's points until the next
   * (two points take _get_vector's Linear case, below) */
  if (a->interp == SP_INTERP_DISCRETE && a->n > 2)
    return (float)lin_of(a->points[k == 0 ? 0 : k - 1].v);
  if (k == 0 || k == a->n)
    return (float)lin_of(a->points[k == 0 ? 0 : a->n - 1].v);
  if (!w->ready || w->seg != k) {
    w->t1 = frame_of(&a->points[k - 1], rate);
    w->t2 = frame_of(&a->points[k], rate);
    w->from = lin_of(a->points[k - 1].v);
    w->to = lin_of(a->points[k].v);
    w->g0 = sp_fader_gain_to_position(w->from + TINY_GAIN);
    w->g1 = sp_fader_gain_to_position(w->to + TINY_GAIN);
    w->ready = true;
    w->seg = k;
  }
  if (w->to == w->from) /* Curve::multipoint_eval */
    return (float)w->from;
  double fraction = (x - w->t1) / (w->t2 - w->t1);
  switch (a->interp) {
  case SP_INTERP_DISCRETE: /* more than two points: held above */
  case SP_INTERP_CURVED:   /* more than two points: the spline, above */
    /* fallthrough */
  case SP_INTERP_LINEAR: return (float)(w->from + (w->to - w->from) * fraction);
  case SP_INTERP_LOGARITHMIC: /* interpolate_logarithmic: from · (to / from)^fraction */
    if (w->to == 0)           /* 0^0 = 1 on the segment's first point, 0 past it */
      return k == 1 && x == w->t1 ? (float)w->from : 0.0f;
    if (w->from == 0) /* 0 · ∞: not a number in Ardour (the recipe refuses it) */
      return 0.0f;
    return (float)(w->from * sp_fast_exp2(fraction * sp_fast_log2(w->to / w->from)));
  case SP_INTERP_EXPONENTIAL: break;
  }
  if (fabs(w->to - w->from) < TINY_GAIN) /* interpolate_gain */
    return (float)(w->to + TINY_GAIN);
  return (float)sp_fader_position_to_gain(w->g0 + fraction * (w->g1 - w->g0));
}

/* The walks of a level and its VCA curves. */
typedef struct walks {
  walk own, vca[SP_AUTO_MAX_VCA];
} walks;

/* The gain Ardour's amp asks for at frame t: the level's own target times
 * each VCA curve's, in float, in that order (masters_curve_multiply). */
static float list_product(const sp_auto *a, double rate, int64_t t, walks *w)
{
  float g = list_target(a, rate, t, &w->own);
  for (size_t i = 0; i < a->n_vca && i < SP_AUTO_MAX_VCA; i++)
    g *= list_target(&a->vca[i], rate, t, &w->vca[i]);
  return g;
}

/* The declick's coefficient, as Ardour's Amp computes it in float. */
static float declick_coef(double rate) { return 156.825f / (float)rate; }

/* The gains of a level that steps (SP_RAMP_DECLICK), declicked. */
static void prepare_steps(const sp_auto *a, double rate)
{
  sp_auto_smooth *sm = a->smooth;
  sp_declick_fini(&sm->steps);
  /* With a start: that gain before everything, and the first point's
   * level from frame 0 (or its own frame, when earlier) */
  const size_t s = a->has_start ? 1 : 0, n = a->n + s;
  int64_t *at = sp_xcalloc(n, sizeof *at);
  float *target = sp_xcalloc(n, sizeof *target);
  for (size_t i = 0; i < a->n; i++) {
    at[i + s] = sp_time_frames(a->points[i].t, rate);
    target[i + s] = (float)lin_of(a->points[i].v);
  }
  if (s) {
    at[0] = INT64_MIN;
    target[0] = (float)lin_of(a->start_db);
    at[1] = at[1] < 0 ? at[1] : 0;
  }
  sp_declick_init(&sm->steps, at, target, n, rate);
  free(at);
  free(target);
  sm->rate = rate;
}

void sp_auto_prepare(const sp_auto *a, double rate, int64_t until)
{
  sp_auto_smooth *sm = a->smooth;
  if (a->ramp == SP_RAMP_DECLICK && a->n > 0 && sm && sm->rate != rate) {
    prepare_steps(a, rate);
    return;
  }
  if (a->ramp != SP_RAMP_LIST || a->n == 0 || !sm || (sm->rate == rate && sm->until == until))
    return;
  free(sm->state);
  sm->state = NULL;
  sm->n_state = 0;
  const float c = declick_coef(rate);
  /* After the last point (and the cycle that reads it) the target holds;
   * the float state creeps to within some hundred ulps of it and stops
   * moving, as Ardour's does: from there on that state is the gain.
   * Before the first point the state is its value (with a start, that
   * from frame 0 on, the filter running from there): the filter starts at
   * the checkpoint before it, so checkpoints fall on multiples of
   * SP_AUTO_CHECKPOINT and a block starting on one starts from it. */
  double lo = frame_of(&a->points[0], rate), hi = frame_of(&a->points[a->n - 1], rate);
  for (size_t i = 0; i < a->n_vca && i < SP_AUTO_MAX_VCA; i++) { /* they move too */
    lo = fmin(lo, frame_of(&a->vca[i].points[0], rate));
    hi = fmax(hi, frame_of(&a->vca[i].points[a->vca[i].n - 1], rate));
  }
  if (a->has_start) /* the declick runs from the timeline's start */
    lo = fmin(lo, 0);
  sm->first = floor_to((int64_t)floor(lo), SP_AUTO_CHECKPOINT);
  const int64_t held = (int64_t)ceil(hi) + LIST_CYCLE + 1;
  sm->end = until > sm->first ? until : sm->first;
  sm->stalled = false;
  size_t cap = 0;
  walks w = {0};
  float state = (float)lin_of(a->points[0].v); /* every list's first value */
  for (size_t i = 0; i < a->n_vca && i < SP_AUTO_MAX_VCA; i++)
    state *= (float)lin_of(a->vca[i].points[0].v);
  if (a->has_start)
    state = (float)lin_of(a->start_db);
  for (int64_t t = sm->first; t < sm->end; t++) {
    size_t k = (size_t)((t - sm->first) / SP_AUTO_CHECKPOINT);
    if ((t - sm->first) % SP_AUTO_CHECKPOINT == 0) {
      SP_GROW(sm->state, k, cap);
      sm->state[k] = state;
      sm->n_state = k + 1;
    }
    float next = state + c * (list_product(a, rate, t, &w) - state);
    if (t >= held && next == state) {
      sm->end = t;
      sm->stalled = true;
      sm->final = state;
      break;
    }
    state = next;
  }
  sm->rate = rate;
  sm->until = until;
}

/* Gains of an Ardour ramp: the declick's output (its state before each
 * frame), from the checkpoint before t0; unprepared, the fader law alone. */
static void fill_list(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  const sp_auto_smooth *sm = a->smooth;
  const bool smooth = sm && sm->rate == rate;
  const float c = declick_coef(rate);
  walks w = {0};
  float state = 0;
  int64_t at = INT64_MIN; /* the frame state is the declick's for */
  for (size_t i = 0; i < n; i++) {
    int64_t t = t0 + (int64_t)i;
    float x = list_product(a, rate, t, &w);
    if (!smooth || t < sm->first || t >= sm->end) {
      /* before the first point the value; once settled the final state */
      out[i] = smooth && t >= sm->end && sm->stalled ? sm->final : x;
      continue;
    }
    if (at != t) {
      size_t k = (size_t)((t - sm->first) / SP_AUTO_CHECKPOINT);
      walks wk = {0};
      state = sm->state[k];
      for (int64_t f = sm->first + (int64_t)k * SP_AUTO_CHECKPOINT; f < t; f++)
        state = state + c * (list_product(a, rate, f, &wk) - state);
    }
    out[i] = state;
    state = state + c * (x - state);
    at = t + 1;
  }
}

/* Gains of a level that steps: its declicked steps; unprepared, the
 * steps alone. */
static void fill_steps(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  if (a->smooth && a->smooth->rate == rate) {
    sp_declick_fill(&a->smooth->steps, t0, n, out);
    return;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    while (k < a->n && sp_time_frames(a->points[k].t, rate) <= t0 + (int64_t)i)
      k++;
    out[i] = (float)lin_of(a->points[k ? k - 1 : 0].v);
  }
}

void sp_auto_fill_gain(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  if (a->ramp == SP_RAMP_DECLICK && a->n > 0)
    fill_steps(a, rate, t0, n, out);
  else if (a->ramp == SP_RAMP_LIST && a->n > 0)
    fill_list(a, rate, t0, n, out);
  else
    fill(a, rate, t0, n, out, true);
}

void sp_auto_fill_linear(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  fill(a, rate, t0, n, out, false);
}

void sp_auto_fill_read(const sp_auto *a, double rate, int64_t v0, int64_t len, int64_t t0, size_t n,
                       float *out)
{
  walk w = {.v0 = v0, .vlen = len};
  for (size_t i = 0; i < n; i++)
    out[i] = a->n > 0 ? list_target(a, rate, t0 + (int64_t)i, &w) : (float)lin_of(a->value);
}

/* How many of a's breakpoints fall at or before frame t (points are in
 * time order: a binary search, for automation of thousands of points). */
static size_t points_until(const sp_auto *a, double rate, int64_t t)
{
  size_t lo = 0, hi = a->n;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (frame_of(&a->points[mid], rate) <= (double)t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The first breakpoint after frame t as the list is read there: for a
 * list held in beats (a->tempo), a point on frame t itself counts as after
 * it, but at or past the list's last point. Ardour 7.3 reads a list in
 * BeatTime at an audio-time position equal to one of its events as before
 * that event (ControlList::multipoint_eval's `(*i)->when == xtime` is
 * false across time domains), except at or past its last event
 * (unlocked_eval's `xtime >= back ()->when`): a step of a Discrete list in
 * beats read at its own frame still gives the setting before it (measured:
 * Balance's phase switch taking effect at the next cycle's start, its last
 * step at its own frame). */
static size_t points_read(const sp_auto *a, double rate, int64_t t)
{
  size_t k = points_until(a, rate, t);
  if (a->tempo && k < a->n)
    while (k > 0 && frame_of(&a->points[k - 1], rate) == (double)t)
      k--;
  return k;
}

/* How far frame t is from point k − 1 towards point k, 0 .. 1: in frames,
 * or for a list held in beats (a->tempo) in whole beat ticks through its
 * map, as Ardour's ControlList::unlocked_eval measures a list in BeatTime
 * (lpos.distance (xtime): the frame put in beats, a tick at a time). */
static double fraction_at(const sp_auto *a, double rate, int64_t t, size_t k)
{
  if (a->tempo && t >= 0) {
    const int64_t t0 = point_ticks(a, rate, k - 1), t1 = point_ticks(a, rate, k);
    if (t1 > t0) {
      const double x = (double)(ticks_of_frame(t, rate, a->tempo) - t0) / (double)(t1 - t0);
      return fmin(1.0, fmax(0.0, x));
    }
  }
  const double t1 = frame_of(&a->points[k - 1], rate), t2 = frame_of(&a->points[k], rate);
  return ((double)t - t1) / (t2 - t1);
}

double sp_auto_value_at(const sp_auto *a, double rate, int64_t t, bool geometric)
{
  if (a->n == 0)
    return a->value;
  const size_t k = points_read(a, rate, t); /* the first breakpoint after the frame */
  if (k == 0 || k == a->n)
    return a->points[k == 0 ? 0 : a->n - 1].v;
  const sp_auto_point *p = &a->points[k - 1], *q = &a->points[k];
  const double x = fraction_at(a, rate, t, k);
  if (geometric && p->v > 0 && q->v > 0)
    return p->v * exp(log(q->v / p->v) * x);
  return p->v + (q->v - p->v) * x;
}

double sp_auto_value_mapped(const sp_auto *a, double rate, int64_t t,
                            double (*map)(const void *ctx, double v), const void *ctx)
{
  if (a->n == 0)
    return map(ctx, a->value);
  const size_t k = points_read(a, rate, t);
  if (k == 0 || k == a->n)
    return map(ctx, a->points[k == 0 ? 0 : a->n - 1].v);
  const double from = map(ctx, a->points[k - 1].v), to = map(ctx, a->points[k].v);
  return from + (to - from) * fraction_at(a, rate, t, k);
}

bool sp_auto_setting(const sp_auto *a, size_t e, double *v)
{
  if (a->n == 0)
    return false;
  const double first = a->points[0].v;
  if (a->ramp == SP_RAMP_LINEAR) {
    double lo = first, hi = first;
    for (size_t i = 1; i < a->n; i++) {
      lo = fmin(lo, a->points[i].v);
      hi = fmax(hi, a->points[i].v);
    }
    for (double x = ceil(lo); x <= hi; x++)
      if (x != first && e-- == 0) {
        *v = x;
        return true;
      }
    return false;
  }
  for (size_t i = 1; i < a->n; i++)
    if (a->points[i].v != a->points[i - 1].v && a->points[i].v != first && e-- == 0) {
      *v = a->points[i].v;
      return true;
    }
  return false;
}

int64_t sp_auto_next_point(const sp_auto *a, double rate, int64_t t, bool *moving, int64_t *prev)
{
  const size_t k = points_until(a, rate, t);
  *moving = k > 0 && k < a->n && a->points[k - 1].v != a->points[k].v;
  *prev = k > 0 ? (int64_t)ceil(frame_of(&a->points[k - 1], rate)) : INT64_MIN;
  return k < a->n ? (int64_t)ceil(frame_of(&a->points[k], rate)) : INT64_MAX;
}

int64_t sp_auto_period_start(int64_t t, int64_t period)
{
  const int64_t r = t % period;
  return t - (r < 0 ? r + period : r);
}

int64_t sp_auto_piece_start(const sp_auto *autos, size_t count, double rate, int64_t t,
                            int64_t period_start)
{
  int64_t start = period_start;
  for (size_t k = 0; autos && k < count; k++) {
    if (autos[k].n == 0)
      continue;
    bool moving;
    int64_t prev;
    sp_auto_next_point(&autos[k], rate, t, &moving, &prev);
    start = prev > start ? prev : start;
  }
  return start;
}

int64_t sp_auto_piece_end(const sp_auto *autos, size_t count, double rate, int64_t t, int64_t end,
                          int64_t period_end)
{
  for (size_t k = 0; autos && k < count; k++) {
    if (autos[k].n == 0)
      continue;
    bool moving;
    int64_t prev;
    const int64_t next = sp_auto_next_point(&autos[k], rate, t, &moving, &prev);
    end = next < end ? next : end;
    /* a list in beats reads a point on frame t, but its last, as before it
     * (points_read): the point's own value comes with the next period */
    const bool before = autos[k].tempo && prev == t && next != INT64_MAX;
    if ((moving || before) && period_end < end)
      end = period_end;
  }
  return end;
}

double sp_auto_max(const sp_auto *a)
{
  double m = a->value;
  for (size_t i = 0; i < a->n; i++)
    if (a->points[i].v > m)
      m = a->points[i].v;
  return m;
}

sp_auto_point *sp_auto_steps(const sp_auto_point *pts, size_t n, size_t *out_n)
{
  sp_auto_point *held = sp_xcalloc(2 * n - 1, sizeof *held);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (i) /* the setting before held up to this point */
      held[k++] = (sp_auto_point){pts[i].t, pts[i - 1].v};
    held[k++] = pts[i];
  }
  *out_n = k;
  return held;
}

void sp_auto_smooth_free(sp_auto_smooth *s)
{
  if (!s)
    return;
  free(s->state);
  sp_declick_fini(&s->steps);
  free(s);
}

void sp_auto_free(sp_auto *a)
{
  free(a->points);
  a->points = NULL;
  a->n = 0;
  sp_auto_smooth_free(a->smooth);
  a->smooth = NULL;
  for (size_t i = 0; i < a->n_vca; i++)
    sp_auto_free(&a->vca[i]);
  free(a->vca);
  a->vca = NULL;
  a->n_vca = 0;
  sp_tempo_map_free(a->tempo);
  a->tempo = NULL;
  a->smooth = NULL;
  a->ramp = SP_RAMP_DB;
}
