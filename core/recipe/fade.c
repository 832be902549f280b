/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fade curves, drawn as Ardour 7.3 draws a region's fades (libs/evoral/
 * Curve.cc, libs/ardour/audioregion.cc), so that an Ardour session's
 * fades render here as Ardour exports them:
 *
 *   points ─► constrained cubic spline (solve) ─► value at x (at)
 *                                               ─► frame i of N (frame)
 *
 * The spline's first derivative at each inner point is the harmonic mean
 * of the slopes on either side, 0 where the curve turns (so it never
 * overshoots); the two end derivatives follow from the neighbouring one.
 * Each segment is a cubic in absolute x, as Ardour stores it. The shapes
 * place their points at whole frames and compute their values in float
 * where Ardour does. */

#include "core/recipe/fade.h"

#include "core/base/alloc.h"
#include "core/dsp/curves/curve.h"
#include "core/dsp/spline.h"
#include "core/dsp/tempo_map.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TICKS ((double)SP_TEMPO_SUPERCLOCK) /* the tick clock the curve works in */

/* Kruger's constrained spline through c's points (Ardour's Curve::solve,
 * core/dsp/spline.h). */
static void solve(sp_fade_curve *c)
{
  size_t n = c->n;
  const double *x = c->x, *y = c->y;
  c->co = sp_xcalloc(n, sizeof *c->co);
  if (n < 3)
    return;
  double fplast = sp_spline_first_slope(x, y);
  for (size_t i = 1; i < n; i++) {
    double fpi = i == n - 1 ? sp_spline_last_slope(x + i - 1, y + i - 1, fplast)
                            : sp_spline_inner_slope(x + i - 1, y + i - 1);
    sp_spline_segment(x + i - 1, y + i - 1, fplast, fpi, c->co[i]);
    fplast = fpi;
  }
}

void sp_fade_curve_init(sp_fade_curve *c, const double *x_frames, const double *y, size_t n,
                        int rate)
{
  c->tick = TICKS / rate;
  c->x = sp_xcalloc(n, sizeof *c->x);
  c->y = sp_xcalloc(n, sizeof *c->y);
  c->n = 0;
  for (size_t i = 0; i < n; i++) {
    double x = round(x_frames[i] * c->tick);
    if (c->n > 0 && x <= c->x[c->n - 1])
      continue; /* a short shape's points at the same frame: the first holds */
    c->x[c->n] = x;
    c->y[c->n++] = y[i];
  }
  solve(c);
}

void sp_fade_curve_fini(sp_fade_curve *c)
{
  free(c->x);
  free(c->y);
  free(c->co);
  memset(c, 0, sizeof *c);
}

const char *sp_fade_shape_name(sp_fade_shape s)
{
  const sp_curve *c = sp_curve_of(SP_CURVE_FADE, (int)s);
  return c && (c->flags & SP_CURVE_SHAPE) ? c->name : NULL;
}

bool sp_fade_shape_parse(const char *name, sp_fade_shape *out)
{
  const sp_curve *c = sp_curve_find(SP_CURVE_FADE, name);
  if (c && (c->flags & SP_CURVE_SHAPE))
    *out = (sp_fade_shape)c->id;
  return c && (c->flags & SP_CURVE_SHAPE);
}

/* The points shape s places (a drawn shape of the curve registry). */
static void shape_points(sp_curve_points *p, sp_fade_shape s, bool in, int64_t len)
{
  sp_curve_of(SP_CURVE_FADE, (int)s)->points(p, in, len);
}

void sp_fade_curve_shape(sp_fade_curve *c, sp_fade_shape s, bool in, int64_t len, int rate)
{
  sp_curve_points p;
  shape_points(&p, s, in, len);
  sp_fade_curve_init(c, p.x, p.y, p.n, rate);
}

void sp_fade_curve_inverse(sp_fade_curve *c, sp_fade_shape s, bool in, int64_t len, int rate)
{
  sp_curve_points p;
  shape_points(&p, s, in, len);
  if (s == SP_FADE_FAST || s == SP_FADE_SLOW) {
    /* generate_inverse_power_curve: the same times, the gains that keep
     * the power, in float (its powf(v, 2) is v·v rounded once) */
    for (size_t i = 0; i < p.n; i++) {
      float v = (float)p.y[i];
      p.y[i] = sqrtf(1.0f - v * v);
    }
  } else {
    sp_curve_points_reverse(&p); /* reverse_curve: the fade mirrored in time */
  }
  sp_fade_curve_init(c, p.x, p.y, p.n, rate);
}

/* ---- drawing -------------------------------------------------------------- */

/* The value at x ticks. */
static double at(const sp_fade_curve *c, double x)
{
  size_t n = c->n;
  if (n == 1 || x <= c->x[0])
    return c->y[0];
  if (x >= c->x[n - 1])
    return c->y[n - 1];
  size_t lo = 0, hi = n - 1; /* x[lo] < x < x[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->x[mid] == x)
      return c->y[mid];
    if (c->x[mid] < x)
      lo = mid;
    else
      hi = mid;
  }
  double vdelta = c->y[hi] - c->y[lo];
  if (vdelta == 0.0)
    return c->y[lo];
  if (n == 2) /* no two-point spline: a line */
    return c->y[0] + vdelta * ((x - c->x[0]) / (c->x[1] - c->x[0]));
  return sp_spline_eval(c->co[hi], x);
}

double sp_fade_curve_at(const sp_fade_curve *c, double x_frames)
{
  return at(c, x_frames * c->tick);
}

/* The exponent frexp gives v (v > 0): two values of one exponent share
 * their spacing. */
static int exponent(double v)
{
  int e;
  frexp(v, &e);
  return e;
}

/* r + dx + dx ... (j ≥ 0 additions, r ≥ 0, dx ≥ 0), each sum rounded to a
 * double, as Curve::_get_vector steps its position (rx += dx): the
 * rounding of each sum decides the whole tick a frame is read at, so a
 * product r + j·dx misses Ardour's tick at some frames. In O(log) steps,
 * not j: between two powers of two the doubles are evenly spaced, and
 * once a sum has been rounded there (to the nearer, or at a tie the even
 * one, which it then is) every further sum there adds the same step. */
static double summed(double r, double dx, int64_t j)
{
  if (!(dx > 0))
    return r;
  while (j > 0) {
    const double a = r, b = a + dx;
    if (--j == 0)
      return b;
    const double c = b + dx;
    r = c;
    if (--j == 0 || !(a > 0) || exponent(a) != exponent(b) || exponent(b) != exponent(c))
      continue;
    /* b was rounded between the powers of two c lies between: each sum
     * there adds c − b; as many as stay below the upper power, with a
     * margin for the division's rounding */
    const double step = c - b, top = ldexp(1.0, exponent(c));
    const double room = floor((top - c - dx) / step) - 2;
    if (room >= 1) {
      const int64_t m = room < (double)j ? (int64_t)room : j;
      r = c + (double)m * step;
      j -= m;
    }
  }
  return r;
}

/* Frame j of veclen spread from lx to hx (ticks) over a curve of two
 * points, as Curve::_get_vector draws two points (its own line, not
 * multipoint_eval's): each value from the line's slope and intercept in
 * that order of operations, so that its floats are Ardour's to the bit
 * (the same line evaluated as y0 + Δy·fraction differs from it by a
 * float's last bit at some frames). */
static double two_points(const sp_fade_curve *c, double lx, double hx, int64_t j, int64_t veclen)
{
  const double lpos = c->x[0], lval = c->y[0], upos = c->x[1], uval = c->y[1];
  if (veclen <= 1) /* interpolate_linear */
    return lval + (lx - lpos) / (upos - lpos) * (uval - lval);
  const double dx_num = hx - lx, dx_den = (double)(veclen - 1);
  const double m_num = uval - lval, m_den = upos - lpos;
  const double intercept = uval - (m_num * upos / m_den);
  return (lx * (m_num / m_den) + m_num * (double)j * dx_num / (m_den * dx_den)) + intercept;
}

/* Ardour's Curve::_get_vector (libs/evoral/Curve.cc) over frames 0 .. n
 * (x0 = 0, x1 = n frames in ticks, n values): before the first point its
 * value fills floor(n · first/x1) frames, after the last point the last
 * value fills floor(n · (x1 − last)/x1) frames, and the frames between
 * sample the curve evenly from max(first, 0) to min(last, x1), each at a
 * whole tick (Ardour's timepos_t). A curve from 0 that reaches its fade's
 * end fills none. */
double sp_fade_curve_frame(const sp_fade_curve *c, int64_t i, int64_t n_frames)
{
  double end = (double)n_frames * c->tick;
  double lo = c->x[0], hi = c->x[c->n - 1];
  if (c->n == 1 || end < lo)
    return c->y[0];
  int64_t before = 0, after = 0;
  if (lo > 0)
    before = (int64_t)fmin(floor((double)n_frames * (lo / end)), (double)n_frames);
  if (i < before)
    return c->y[0];
  int64_t left = n_frames - before;
  if (left > 0 && end > hi)
    after = (int64_t)fmin(floor((double)n_frames * ((end - hi) / end)), (double)left);
  if (i >= n_frames - after)
    return c->y[c->n - 1];
  left -= after;
  if (hi > end)
    hi = end;
  if (c->n == 2)
    return two_points(c, lo, hi, i - before, left);
  double dx = left > 1 ? (hi - lo) / (double)(left - 1) : 0.0;
  return at(c, trunc(summed(lo, dx, i - before)));
}

/* Ardour 7.3's default region fades as its export renders them: read off
 * `ardour7-export -b float` of a region of 1.0 samples (a constant-power
 * curve of 32 points, interpolated by Ardour's spline), so that a session
 * of Ardour's renders here to its bits. The first value is Ardour's
 * GAIN_COEFF_SMALL, -140 dB. */
const float sp_fade_default_in[SP_FADE_DEFAULT_FRAMES] = {
    1.00000001e-07f, 0.0480809025f, 0.0740031302f, 0.0961837843f, 0.120218322f, 0.144180939f,
    0.168065324f,    0.191845044f,  0.215515465f,  0.23906064f,   0.262465745f, 0.285713464f,
    0.308802396f,    0.331702262f,  0.354413331f,  0.376911819f,  0.399199516f, 0.421243995f,
    0.443048775f,    0.464591354f,  0.48586598f,   0.506849051f,  0.52754724f,  0.547925353f,
    0.567991853f,    0.587720633f,  0.60711199f,   0.626141846f,  0.644812763f, 0.662614286f,
    0.679319143f,    0.706770658f,  0.733513415f,  0.748739779f,  0.764094412f, 0.779472589f,
    0.794384003f,    0.808842599f,  0.822813988f,  0.836321592f,  0.849322855f, 0.861843407f,
    0.873846114f,    0.885352492f,  0.896324635f,  0.906791627f,  0.916709542f, 0.926109314f,
    0.934951425f,    0.94326359f,   0.951006353f,  0.958212554f,  0.964839578f, 0.970920384f,
    0.976416707f,    0.981359422f,  0.985713243f,  0.989503562f,  0.992824197f, 0.995365202f,
    0.996859431f,    0.998065054f,  0.999080062f,  0.999999821f,
};
const float sp_fade_default_out[SP_FADE_DEFAULT_FRAMES] = {
    1.0f,          0.998845816f,  0.997306943f, 0.995369852f,    0.992755592f, 0.989557922f,
    0.985777915f,  0.981431723f,  0.976500094f, 0.971010864f,    0.964939892f, 0.958320916f,
    0.951124191f,  0.943389535f,  0.935086608f, 0.926254094f,    0.916861713f, 0.906951845f,
    0.896495163f,  0.88552916f,   0.874031186f, 0.862038255f,    0.849523783f, 0.836530089f,
    0.823032558f,  0.809066236f,  0.79461503f,  0.779710829f,    0.764339805f, 0.748966396f,
    0.733786762f,  0.707398534f,  0.67961359f,  0.662870288f,    0.645103514f, 0.626438439f,
    0.607414246f,  0.588028371f,  0.568308294f, 0.548243523f,    0.527870476f, 0.507180393f,
    0.486198485f,  0.46492812f,   0.443393469f, 0.421588957f,    0.399548382f, 0.377267897f,
    0.35476914f,   0.332061082f,  0.309164256f, 0.286077917f,    0.26283285f,  0.239429936f,
    0.215890989f,  0.192218333f,  0.168440431f, 0.144561276f,    0.120599091f, 0.096563071f,
    0.0724707693f, 0.0483346358f, 0.024176022f, 4.14722672e-06f,
};

/* ---- the rules of a fade's points ----------------------------------------- */

const sp_fade_points_kind sp_fade_curve_points = {"curve", "a fade curve", 2, false,
                                                  SP_TIMED_FADE_CURVE},
                          sp_fade_saved_points = {"points", "a fade's points", 2, true,
                                                  SP_TIMED_FADE_LIST},
                          sp_fade_inverse_points = {"inverse", "an inverse fade", 1, true,
                                                    SP_TIMED_FADE_LIST};

void sp_fade_points_few(const sp_fade_points_kind *k, char *why, size_t size)
{
  const bool two = k->min_n > 1;
  snprintf(why, size, "%s is a list of at least %s [time, gain] point%s%s, like %s", k->what,
           two ? "two" : "one", two ? "s" : "", k->anywhere ? "" : " from 0",
           two ? "[[0, 0], [0.5 s, 0.8], [1 s, 1]]" : "[[0, 1], [1 s, 0]]");
}
