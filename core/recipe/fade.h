/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FADE_H
#define SP_FADE_H

/* Region fades drawn as curves: Ardour's five fade shapes, or points a
 * recipe (or an Ardour session) gives, joined the way Ardour 7 joins them:
 * by a constrained cubic spline (C. J. C. Kruger, "Constrained Cubic
 * Spline Interpolation"), which passes through every point and never
 * overshoots between two of them. Two points are joined by a straight
 * line.
 *
 * An N-frame fade samples its curve from its first point at frame 0 to
 * its last at frame N − 1 (frame i at curve time i·L/(N − 1), L the last
 * point's time), as Ardour draws a fade it reads in one go: a fade-in
 * reaches its final gain on its last frame. Points that do not span the
 * fade (an opaque region's inverse may start after 0 or end before or
 * after its fade) are drawn as Ardour draws such a list: its first value
 * before the first point, its last after the last, each over Ardour's
 * count of frames (sp_fade_curve_frame). Like Ardour, the curve works
 * in superclock ticks (282 240 000 a second: a whole number per frame at
 * the usual rates) and draws frame i at a whole tick, so its floats are
 * Ardour's. */

#include "core/dsp/curves/curve.h"
#include "core/recipe/keys.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* sp_fade_shape, the shapes a fade is drawn with, is a kind of the curve
 * registry (core/dsp/curves/curve.h). */

/* The shape's recipe name ("power"), or NULL for a ramp, ardour or a curve;
 * sp_fade_shape_parse is its inverse (false for an unknown name). */
const char *sp_fade_shape_name(sp_fade_shape s);
bool sp_fade_shape_parse(const char *name, sp_fade_shape *out);

/* A curve ready to draw: n points (x in ticks, increasing; y gains) and
 * the spline's coefficients. */
typedef struct sp_fade_curve {
  size_t n;
  double *x, *y;
  double (*co)[4]; /* segment k − 1 .. k: co[k] (k ≥ 1), in absolute x */
  double tick;     /* ticks per frame */
} sp_fade_curve;

/* Makes c from n ≥ 1 points (x in frames, increasing; of points at the
 * same whole tick the first is kept) at rate. */
void sp_fade_curve_init(sp_fade_curve *c, const double *x_frames, const double *y, size_t n,
                        int rate);
/* Makes c from one of the drawn shapes (SP_FADE_LINEAR .. SP_FADE_SYMMETRIC)
 * for a fade of len_frames ≥ 2, its points placed as Ardour 7.3 places
 * them; in: a fade-in, else a fade-out. */
void sp_fade_curve_shape(sp_fade_curve *c, sp_fade_shape s, bool in, int64_t len_frames, int rate);
/* Makes c the inverse Ardour 7.3 gives that shape: the curve that fades
 * the regions below an opaque region under its fade (a fade-in's inverse
 * falls, a fade-out's rises). Linear, power and symmetric fades are
 * mirrored in time (reverse_curve); fast and slow ones keep their times
 * and take sqrt(1 - g²), so a crossfade keeps its power
 * (generate_inverse_power_curve). */
void sp_fade_curve_inverse(sp_fade_curve *c, sp_fade_shape s, bool in, int64_t len_frames,
                           int rate);
void sp_fade_curve_fini(sp_fade_curve *c);

/* The curve's value at x (frames; the end values hold outside). */
double sp_fade_curve_at(const sp_fade_curve *c, double x_frames);
/* Frame i of an n_frames-long fade drawn with c (see the top). */
double sp_fade_curve_frame(const sp_fade_curve *c, int64_t i, int64_t n_frames);

/* Ardour's default region fade: 64 frames at any rate (`fade_in: ardour`),
 * frame i of each as Ardour 7.3's export renders it. */
#define SP_FADE_DEFAULT_FRAMES 64
extern const float sp_fade_default_in[SP_FADE_DEFAULT_FRAMES];
extern const float sp_fade_default_out[SP_FADE_DEFAULT_FRAMES];

/* A fade's points, each kind stated once, for the parser (what one that
 * is no list is told, the kind of gains it reads) and the recipe's check
 * (core/recipe/check.c, which holds their rules): a curve (`curve:`)
 * starts at time 0 and draws gains 0 .. 1; a saved list (`points:`, as
 * Ardour draws one) and an inverse may start anywhere and draw gains 0 ..
 * 2; an inverse may be one point. */
typedef struct sp_fade_points_kind {
  const char *key;  /* its key in a fade's mapping: "curve" */
  const char *what; /* what messages name it: "a fade curve" */
  size_t min_n;     /* the fewest [time, gain] points */
  bool anywhere;    /* may start after 0 */
  sp_timed_id gains;
} sp_fade_points_kind;
extern const sp_fade_points_kind sp_fade_curve_points, sp_fade_saved_points, sp_fade_inverse_points;

/* What points of kind k that are no list of at least k->min_n points are
 * told. */
void sp_fade_points_few(const sp_fade_points_kind *k, char *why, size_t size);

#endif
