/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CURVE_H
#define SP_CURVE_H

/* The registry of named curves: how a value moves between its points (a
 * ramp, and a control list's interpolation), the shape a fade is drawn
 * with, a pan law. Each is a const descriptor: the name the recipe spells
 * it with (and any importer may write), what it does, and its maths where
 * the curve has its own (a fade shape's points: one file each under
 * core/dsp/curves/). core/dsp/curves/list.h holds one row per curve; the
 * recipe parser, the job's canonical recipe and the messages read names
 * from it. The engine names a curve by what it does (SP_RAMP_LIST); a
 * recipe name such as `ardour` is only a spelling, kept for the recipes
 * that use it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_curve_kind {
  SP_CURVE_RAMP,   /* sp_ramp (core/dsp/automation.h), `ramp:` */
  SP_CURVE_INTERP, /* sp_interp, `interpolation:` beside a list ramp */
  SP_CURVE_FADE,   /* sp_fade_shape, `shape:` of a fade */
  SP_CURVE_PAN_LAW /* sp_pan_law, `pan_law:` by name */
} sp_curve_kind;

/* How a fade is drawn. */
typedef enum sp_fade_shape {
  SP_FADE_RAMP,      /* `fade_in: 10 ms`: frame i of N at i/N (a fade-out mirrored) */
  SP_FADE_DEFAULT,   /* `fade_in: ardour`: a 64-frame constant-power table */
  SP_FADE_LINEAR,    /* the drawn shapes, `{length: 1 s, shape: linear}` ... */
  SP_FADE_POWER,     /* constant power: sine/cosine quarter waves */
  SP_FADE_FAST,      /* a -60 dB exponential */
  SP_FADE_SLOW,      /* -1 dB blended into -80 dB */
  SP_FADE_SYMMETRIC, /* nearly linear, then fast */
  SP_FADE_CURVE,     /* `{curve: [[0, 0], [0.5 s, 0.8], [1 s, 1]]}` */
  SP_FADE_POINTS,    /* `{points: [[0.1 s, 0.2], [1 s, 1.2]]}`: a saved control list */
} sp_fade_shape;

/* A pan law named rather than given in dB (`pan_law: -3 dB`). */
typedef enum sp_pan_law {
  SP_PAN_LAW_DB,       /* the recipe's laws in dB (core/graph/pan.h sp_pan_mono) */
  SP_PAN_LAW_QUADRATIC /* a quadratic -3 dB law computed in float (sp_pan_quadratic) */
} sp_pan_law;

/* The points a drawn fade shape places: x in frames (whole), y gains. */
#define SP_CURVE_MAX_POINTS 34
typedef struct sp_curve_points {
  double x[SP_CURVE_MAX_POINTS], y[SP_CURVE_MAX_POINTS];
  size_t n;
} sp_curve_points;

/* Flags of a curve. */
enum {
  SP_CURVE_LEVEL = 1, /* a ramp a level may take */
  SP_CURVE_PORT = 2,  /* a ramp a plugin's port may take */
  SP_CURVE_SHAPE = 4, /* a name `shape:` takes (a fade) */
};

typedef struct sp_curve {
  const char *name; /* as the recipe spells it: "power", "ardour" */
  const char *what; /* what it does, for messages: "linear in dB, the default" */
  sp_curve_kind kind;
  int id;    /* its value in its kind's enum */
  int flags; /* SP_CURVE_* */
  /* A drawn fade shape: its points for a fade of len_frames ≥ 2 (in: a
   * fade-in, else a fade-out); NULL for any other curve. */
  void (*points)(sp_curve_points *p, bool in, int64_t len_frames);
} sp_curve;

/* The curve of kind named name, or NULL. */
const sp_curve *sp_curve_find(sp_curve_kind kind, const char *name);
/* The curve of kind with value id, or NULL. */
const sp_curve *sp_curve_of(sp_curve_kind kind, int id);
/* Its recipe name ("ardour"), or NULL when there is none. */
const char *sp_curve_name(sp_curve_kind kind, int id);
/* The i-th curve of the registry (from 0), or NULL past the last. */
const sp_curve *sp_curve_at(size_t i);

/* The fader law (fader.c): a gain coefficient to a position in 0 .. 1,
 * pow((6·log2(g) + 192) / 198, 8), and back; the law a control list
 * (SP_RAMP_LIST) and a region's envelope move along. */
double sp_fader_gain_to_position(double g);
double sp_fader_position_to_gain(double pos);

/* The quadratic pan law (pan_quadratic.c, `pan_law: ardour`). */
/* Ardour's mono panner (Panner1in2out, its -3 dB law), computed as Ardour
 * does in float: with p = (pan + 1)/2 and s = 2 − 4·10^(−3/20),
 * right = p·(s·p + 1 − s), left the same of 1 − p. */
void sp_pan_quadratic(double pan, double *left, double *right);
/* Ardour's Stereo Balance panner (Pannerbalance, its default for a stereo
 * route since Ardour 6): with a = (pan + 1)/2 in float, left = 2 − 2a
 * right of centre, right = 2a left of it, the near side at unity. */
void sp_pan_balance_linear(double pan, double *left, double *right);
/* A stereo source by a stereo panner under it: each channel panned as
 * a mono source at azimuth ∓ width/2 (Panner2in2out), width clamped to
 * the room either side; g as sp_pan_stereo's. */
void sp_pan_quadratic_stereo(double pan, double width, double g[4]);

/* Helpers of the drawn fade shapes (core/dsp/curves/points.c). */
#define SP_CURVE_STEPS 32    /* points of the generated shapes (Ardour's) */
#define SP_CURVE_SMALL 1e-7f /* a shape's silent end, -140 dB (Ardour's GAIN_COEFF_SMALL) */
void sp_curve_points_add(sp_curve_points *p, int64_t x, double y);
/* The same points mirrored in time: a fade-out becomes a fade-in. */
void sp_curve_points_reverse(sp_curve_points *p);
/* A fade-out of len frames falling by db_drop over SP_CURVE_STEPS equal
 * steps, then to SP_CURVE_SMALL (Ardour's generate_db_fade). */
void sp_curve_db_fade(sp_curve_points *p, int64_t len, float db_drop);
float sp_curve_db_to_coefficient(float db);
float sp_curve_coefficient_to_db(float g);

/* The drawn fade shapes' points (one file each). */
void sp_curve_fade_linear(sp_curve_points *p, bool in, int64_t len);
void sp_curve_fade_power(sp_curve_points *p, bool in, int64_t len);
void sp_curve_fade_fast(sp_curve_points *p, bool in, int64_t len);
void sp_curve_fade_slow(sp_curve_points *p, bool in, int64_t len);
void sp_curve_fade_symmetric(sp_curve_points *p, bool in, int64_t len);

#endif
