/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fade curves (core/recipe/fade.c) against analytic answers: the spline passes
 * through its points, draws a cubic's own samples back exactly when they
 * lie on one, never overshoots, keeps its ends outside; two points make a
 * line; an N-frame fade reaches its last point on frame N − 1; Ardour's
 * shapes have their defining values; and Ardour 7.3's default fade (its
 * constant-power shape over 64 frames) is, within a tick, the table read
 * off Ardour's own export. */

#include "core/recipe/fade.h"
#include "core/graph/graph.h"

#include <criterion/criterion.h>
#include <math.h>

Test(fade, passes_through_its_points_and_holds_its_ends)
{
  const double x[] = {0, 10, 25, 40, 100};
  const double y[] = {0.0, 0.2, 0.7, 0.75, 1.0};
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, 5, 48000);
  for (int i = 0; i < 5; i++)
    cr_assert_float_eq(sp_fade_curve_at(&c, x[i]), y[i], 1e-12, "point %d", i);
  cr_assert_eq(sp_fade_curve_at(&c, -5), 0.0);
  cr_assert_eq(sp_fade_curve_at(&c, 1000), 1.0);
  /* Constrained: between two points the curve stays between their values
   * (monotone data, monotone curve). */
  double prev = 0;
  for (double t = 0; t <= 100; t += 0.25) {
    double v = sp_fade_curve_at(&c, t);
    cr_assert(v >= prev - 1e-12 && v <= 1.0 + 1e-12, "at %g: %g after %g", t, v, prev);
    prev = v;
  }
  sp_fade_curve_fini(&c);
}

Test(fade, a_turning_point_gets_a_flat_tangent)
{
  /* Up then down: the derivative at the peak is 0, so the curve just
   * left of it is below the peak (no overshoot). */
  const double x[] = {0, 10, 20};
  const double y[] = {0.0, 1.0, 0.0};
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, 3, 48000);
  for (double t = 9.0; t <= 11.0; t += 0.125)
    cr_assert(sp_fade_curve_at(&c, t) <= 1.0 + 1e-12, "at %g", t);
  /* Kruger's end condition: f'(0) = 3/2 · (1 − 0)/10 − f'(10)/2 = 0.15
   * with f'(10) = 0, so on [0, 10] the cubic is the Hermite one with
   * those slopes: f(5) = h10(½)·10·0.15 + h01(½)·1 = 0.1875 + 0.5. */
  cr_assert_float_eq(sp_fade_curve_at(&c, 5), 0.6875, 1e-12);
  sp_fade_curve_fini(&c);
}

Test(fade, two_points_make_a_line_sampled_to_its_last_frame)
{
  const double x[] = {0, 99};
  const double y[] = {0.0, 1.0};
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, 2, 48000);
  cr_assert_float_eq(sp_fade_curve_at(&c, 33), 33.0 / 99.0, 1e-15);
  /* 100 frames over a 99-frame line, as Ardour's Curve::get_vector draws
   * a list that ends before its frames do: the last value fills
   * floor(100 · 1/100) = 1 frame, the other 99 sample the line from 0 to
   * 99, frame i at x = i·99/98 (within a tick: trunc). */
  for (int i = 0; i < 99; i++)
    cr_assert_float_eq(sp_fade_curve_frame(&c, i, 100), i / 98.0, 1.0 / (99 * 5880), "frame %d",
                       i);
  cr_assert_eq(sp_fade_curve_frame(&c, 99, 100), 1.0);
  sp_fade_curve_fini(&c);
  /* A line drawn over its own length: frame i at x = i·N/(N − 1), the
   * last frame at the line's end. */
  const double x2[] = {0, 100};
  sp_fade_curve_init(&c, x2, y, 2, 48000);
  cr_assert_eq(sp_fade_curve_frame(&c, 0, 100), 0.0);
  cr_assert_eq(sp_fade_curve_frame(&c, 99, 100), 1.0);
  /* ... at a whole tick: within one tick (1/5880 frame) of i·N/(N − 1). */
  cr_assert_float_eq(sp_fade_curve_frame(&c, 50, 100), 50.0 / 99.0, 1.0 / (100 * 5880));
  sp_fade_curve_fini(&c);
}

Test(fade, shapes_have_their_defining_values)
{
  sp_fade_curve c;
  /* Constant power: sin and cos of the same angle at every point. */
  sp_fade_curve in, out;
  sp_fade_curve_shape(&in, SP_FADE_POWER, true, 3300, 48000);
  sp_fade_curve_shape(&out, SP_FADE_POWER, false, 3300, 48000);
  cr_assert_eq(in.n, 33);
  for (size_t k = 1; k + 1 < in.n; k++) {
    cr_assert_float_eq(in.x[k], (double)(int64_t)(3300.0f * ((float)k / 33.0f)) * 5880, 0);
    cr_assert_float_eq(in.y[k] * in.y[k] + out.y[k] * out.y[k], 1.0, 1e-12, "point %zu", k);
  }
  cr_assert_float_eq(in.y[0], 1e-7, 1e-12);
  cr_assert_eq(in.y[32], 1.0);
  sp_fade_curve_fini(&in);
  sp_fade_curve_fini(&out);
  /* Fast: -60 dB over 32 steps, so the 30 inner points fall 1.875 dB each. */
  sp_fade_curve_shape(&c, SP_FADE_FAST, false, 32000, 48000);
  cr_assert_eq(c.n, 32);
  cr_assert_eq(c.x[1], 1000.0 * 5880);
  cr_assert_float_eq(20 * log10(c.y[10]), -18.75, 1e-4);
  cr_assert_float_eq(c.y[31], 1e-7, 1e-12);
  sp_fade_curve_fini(&c);
  /* The fast fade-in is its fade-out mirrored. */
  sp_fade_curve_shape(&c, SP_FADE_FAST, true, 32000, 48000);
  cr_assert_eq(c.x[31], 32000.0 * 5880);
  cr_assert_eq(c.x[21], (32000.0 - 10000.0) * 5880);
  cr_assert_float_eq(20 * log10(c.y[21]), -18.75, 1e-4);
  sp_fade_curve_fini(&c);
  /* Slow: point k blends -k/32 dB and -2.5k dB with weight k/32. */
  sp_fade_curve_shape(&c, SP_FADE_SLOW, false, 32000, 48000);
  double w = 16.0 / 32.0;
  cr_assert_float_eq(20 * log10(c.y[16]), -16.0 / 32.0 * (1 - w) - 16 * 2.5 * w, 1e-3);
  sp_fade_curve_fini(&c);
  /* Symmetric: 0.6 at half way, (1 − 0.7)/4 at 70 % + 30 %·2/9. */
  sp_fade_curve_shape(&c, SP_FADE_SYMMETRIC, false, 9000, 48000);
  cr_assert_eq(c.x[1], 4500.0 * 5880);
  cr_assert_float_eq(c.y[1], 0.6, 1e-15);
  cr_assert_eq(c.x[2], (double)(int64_t)(9000 * (0.7 + 0.3 * 2 / 9.0)) * 5880);
  cr_assert_float_eq(c.y[2], 0.075, 1e-7);
  sp_fade_curve_fini(&c);
  /* Linear: -140 dB to unity. */
  sp_fade_curve_shape(&c, SP_FADE_LINEAR, true, 1000, 48000);
  cr_assert_eq(c.n, 2);
  cr_assert_float_eq(sp_fade_curve_frame(&c, 999, 1000), 1.0, 0);
  sp_fade_curve_fini(&c);
}

Test(fade, ardours_default_fade_is_its_power_shape_over_64_frames)
{
  /* sp_fade_default_in/out were read off ardour7-export; Ardour 7.3 makes
   * them as set_fade_in(FadeConstantPower, 64). The points this shape
   * places differ from the ones Ardour saves for its default fade in their
   * last digits at four of them (a_saved_default_fade_draws_ardours_
   * export_to_the_bit draws the saved ones): within 4.2e-6. */
  for (int in = 0; in < 2; in++) {
    sp_fade_curve c;
    sp_fade_curve_shape(&c, SP_FADE_POWER, in, SP_FADE_DEFAULT_FRAMES, 48000);
    for (int i = 0; i < SP_FADE_DEFAULT_FRAMES; i++) {
      float v = (float)sp_fade_curve_frame(&c, i, SP_FADE_DEFAULT_FRAMES);
      float want = in ? sp_fade_default_in[i] : sp_fade_default_out[i];
      cr_assert_float_eq(v, want, 4.2e-6f, "%s frame %d: %.9g, Ardour %.9g", in ? "in" : "out", i,
                         (double)v, (double)want);
    }
    sp_fade_curve_fini(&c);
  }
}

Test(fade, each_shapes_inverse_is_ardours)
{
  /* Linear, power and symmetric inverses are the fade mirrored in time:
   * the linear pair sums to 1 + 1e-7 on every frame, the power pair keeps
   * its power (sin² + cos² = 1) at every point; a symmetric fade-in's
   * inverse is the symmetric fade-out. Fast and slow inverses keep the
   * fade's times and take sqrt(1 − g²) in float. */
  sp_fade_curve f, inv;
  sp_fade_curve_shape(&f, SP_FADE_LINEAR, true, 1000, 48000);
  sp_fade_curve_inverse(&inv, SP_FADE_LINEAR, true, 1000, 48000);
  for (int64_t i = 0; i < 1000; i++)
    cr_assert_float_eq(sp_fade_curve_frame(&f, i, 1000) + sp_fade_curve_frame(&inv, i, 1000),
                       1.0 + 1e-7, 1e-12, "frame %lld", (long long)i);
  sp_fade_curve_fini(&f);
  sp_fade_curve_fini(&inv);

  for (int in = 0; in < 2; in++) {
    sp_fade_curve_shape(&f, SP_FADE_POWER, in, 3300, 48000);
    sp_fade_curve_inverse(&inv, SP_FADE_POWER, in, 3300, 48000);
    cr_assert_eq(inv.n, f.n);
    for (size_t k = 0; k < f.n; k++) {
      cr_assert_eq(inv.x[k], 3300.0 * 5880 - f.x[f.n - 1 - k], "point %zu", k);
      cr_assert_eq(inv.y[k], f.y[f.n - 1 - k]);
    }
    /* the mirrored sine is the cosine: power kept within the spline's error */
    for (int64_t i = 0; i < 3300; i += 7) {
      double a = sp_fade_curve_frame(&f, i, 3300), b = sp_fade_curve_frame(&inv, i, 3300);
      cr_assert_float_eq(a * a + b * b, 1.0, 2e-3, "frame %lld", (long long)i);
    }
    sp_fade_curve_fini(&f);
    sp_fade_curve_fini(&inv);
  }

  sp_fade_curve_inverse(&inv, SP_FADE_SYMMETRIC, true, 9000, 48000);
  sp_fade_curve_shape(&f, SP_FADE_SYMMETRIC, false, 9000, 48000);
  cr_assert_eq(inv.n, f.n);
  for (size_t k = 0; k < f.n; k++)
    cr_assert(inv.x[k] == f.x[k] && inv.y[k] == f.y[k], "point %zu", k);
  sp_fade_curve_fini(&f);
  sp_fade_curve_fini(&inv);

  const sp_fade_shape db[] = {SP_FADE_FAST, SP_FADE_SLOW};
  for (int s = 0; s < 2; s++)
    for (int in = 0; in < 2; in++) {
      sp_fade_curve_shape(&f, db[s], in, 32000, 48000);
      sp_fade_curve_inverse(&inv, db[s], in, 32000, 48000);
      cr_assert_eq(inv.n, f.n);
      for (size_t k = 0; k < f.n; k++) {
        float g = (float)f.y[k];
        cr_assert_eq(inv.x[k], f.x[k]);
        cr_assert_eq(inv.y[k], sqrtf(1.0f - g * g), "point %zu", k);
        cr_assert_float_eq(f.y[k] * f.y[k] + inv.y[k] * inv.y[k], 1.0, 1e-6);
      }
      sp_fade_curve_fini(&f);
      sp_fade_curve_fini(&inv);
    }
}

Test(fade, names)
{
  sp_fade_shape s;
  cr_assert(sp_fade_shape_parse("symmetric", &s) && s == SP_FADE_SYMMETRIC);
  cr_assert(!sp_fade_shape_parse("cosine", &s));
  cr_assert_str_eq(sp_fade_shape_name(SP_FADE_POWER), "power");
  cr_assert_null(sp_fade_shape_name(SP_FADE_RAMP));
}

/* Ardour 7.3's default fades as a session saves them: 33 points each over
 * 64 frames (at 48 kHz, in ticks), the FadeIn and FadeOut events of
 * bench/ardour/random seed 721's sp.ardour. */
static const double saved_x[] = {
    0,      5880,   17640,  29400,  41160,  52920,  64680,  76440,  88200,  99960,  111720,
    123480, 135240, 147000, 158760, 170520, 182280, 188160, 199920, 211680, 223440, 235200,
    246960, 258720, 270480, 282240, 294000, 305760, 317520, 329280, 341040, 352800, 376320};
static const double saved_in[] = {
    1.0000000116860974e-07, 0.047581917240722742, 0.095056046128510166,
    0.14231484248572931,    0.18925124993221623,  0.23575894240242462,
    0.28173256500817656,    0.32706797270138427,  0.37166246619609461,
    0.41541502461541735,    0.45822653433631649,  0.50000001351385825,
    0.54064083177629574,    0.5800569245933096,   0.6181590018317934,
    0.65486075002673527,    0.69007902790898956,  0.72373402244207363,
    0.75574959107584527,    0.78605314034223239,  0.81457596850756187,
    0.84125352362782713,    0.86602541938889765,  0.88883548505684096,
    0.90963200949777623,    0.92836792879818764,  0.94500083077800312,
    0.95949299759422635,    0.97181157768799009,  0.98192869618882905,
    0.98982144793751214,    0.99547193120317901,  1};
static const double saved_out[] = {
    1.0000000000000000,    0.99886733911550885, 0.99547192230339399, 0.98982144127527472,
    0.98192869618882905,   0.97181156665131863, 0.9594929712165241,  0.94500081546684744,
    0.92836792879818764,   0.90963199005079642, 0.88883544215458044, 0.86602539598220885,
    0.84125352362782713,   0.81457594135313838, 0.78605308246601313, 0.75574956041960206,
    0.72373402244207363,   0.69007902790898956, 0.65486071464754436, 0.61815892823618979,
    0.5800568864602571,    0.54064083177629574, 0.49999997297228316, 0.45822645111753457,
    0.41541498203247024,   0.37166246619609478, 0.32706792846270311, 0.28173247517396005,
    0.2357588969086416,    0.18925124993221634, 0.1423147961488434,  0.095055952925701945,
    1.0000000116860974e-07};

/* A saved default fade drawn over its 64 frames is the table read off
 * Ardour's export, bit for bit: Ardour reads each frame at the tick its
 * running sum (rx += dx) truncates to. Before, stemprint read frame i at
 * trunc(i·dx): eight frames of each fade a tick away, their floats off in
 * the last bits (at the end of a region on a track into x42's EQ, whose
 * float low shelf amplifies its own rounding, such bits grew to -139.9
 * dBFS from Ardour's export, seed 721; -156.5 after). */
Test(fade, a_saved_default_fade_draws_ardours_export_to_the_bit)
{
  enum { N = sizeof saved_x / sizeof *saved_x };
  double x[N];
  for (int k = 0; k < N; k++)
    x[k] = saved_x[k] / 5880;
  for (int in = 0; in < 2; in++) {
    sp_fade_curve c;
    sp_fade_curve_init(&c, x, in ? saved_in : saved_out, N, 48000);
    for (int i = 0; i < SP_FADE_DEFAULT_FRAMES; i++) {
      float v = (float)sp_fade_curve_frame(&c, i, SP_FADE_DEFAULT_FRAMES);
      float want = in ? sp_fade_default_in[i] : sp_fade_default_out[i];
      cr_assert_eq(v, want, "%s frame %d: %.9g, Ardour %.9g", in ? "in" : "out", i, (double)v,
                   (double)want);
    }
    sp_fade_curve_fini(&c);
  }
}

/* Over a long fade the running sum and a product part more often: frame
 * i of a curve of three points is read at the tick the sum of i steps
 * truncates to, each sum rounded to a double, however many frames (the
 * sum is found in steps of a power of two's spacing, not frame by frame).
 * Here a step is 5880 and a third ticks, as in Ardour's default fade. */
Test(fade, a_long_fade_reads_each_frame_where_ardours_running_sum_is)
{
  enum { N = 17641 };
  const double x[] = {0, 9000, N}, y[] = {1e-7, 0.3, 1};
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, 3, 48000);
  const double dx = N * 5880.0 / (N - 1);
  double rx = 0;
  int apart = 0;
  for (int i = 0; i < N; i++, rx += dx) {
    const double want = sp_fade_curve_at(&c, trunc(rx) / 5880);
    apart += fabs(sp_fade_curve_at(&c, trunc(i * dx) / 5880) - want) > 1e-11;
    cr_assert_float_eq(sp_fade_curve_frame(&c, i, N), want, 1e-13, "frame %d", i);
  }
  cr_assert_gt(apart, 1000, "the sum and the product part at %d frames", apart);
  sp_fade_curve_fini(&c);
}

/* Two points are Curve::_get_vector's own line (libs/evoral/Curve.cc): the
 * slope and intercept of the line, each frame's value in that order of
 * operations, in float. Before, the same line as y0 + Δy·fraction at a
 * whole tick: some frames a float's last bit off (a 0.121-s linear fade-in, seed 721's
 * keys into x42's EQ: -105.3 dBFS from Ardour's export, -156.5 after). */
Test(fade, two_points_are_ardours_line_to_the_bit)
{
  const double x[] = {0, 5808}, y[] = {1.0000000116860974e-07, 1};
  sp_fade_curve c;
  sp_fade_curve_init(&c, x, y, 2, 48000);
  const double upos = 5808.0 * 5880, m_num = y[1] - y[0], m_den = upos;
  const double b = y[1] - (m_num * upos / m_den);
  int apart = 0;
  for (int i = 0; i < 5808; i++) {
    float want = (float)((0 * (m_num / m_den) + m_num * i * upos / (m_den * 5807.0)) + b);
    apart += (float)(y[0] + m_num * (trunc(i * (upos / 5807.0)) / upos)) != want;
    cr_assert_eq((float)sp_fade_curve_frame(&c, i, 5808), want, "frame %d", i);
  }
  cr_assert_gt(apart, 0);
  sp_fade_curve_fini(&c);
}
