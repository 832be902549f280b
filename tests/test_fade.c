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
   * them as set_fade_in(FadeConstantPower, 64). Ardour steps from tick to
   * tick by adding, stemprint multiplies: a frame may land one tick away,
   * 1/5880 of a frame, which on this slope (at most π/2 over 64 frames)
   * is at most 4.2e-6. */
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
