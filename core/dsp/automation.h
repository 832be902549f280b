/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUTOMATION_H
#define SP_AUTOMATION_H

/* A value that may move over the timeline: a constant, or a list of
 * [time, value] breakpoints. Between breakpoints levels ramp linearly in dB
 * and pans linearly; before the first and after the last the value holds.
 * Evaluated for every sample, so a move is a smooth ramp, never a step per
 * block (no zipper noise). Two breakpoints at the same time make a jump.
 *
 * A level may instead ramp as Ardour plays its fader and send automation
 * (`ramp: ardour`, SP_RAMP_LIST): between points along Ardour's fader
 * law, and the gain through Ardour's declick, a one-pole low-pass of about
 * 25 Hz (its Amp: state += 156.825 / rate × (target − state) a sample, in
 * float). The filter's state is kept at checkpoints (sp_auto_prepare), so
 * a frame's gain is the same whatever block it falls in.
 *
 * Or it may step as Ardour plays a fader set at a cycle's start, as under
 * a VCA whose automation plays (`ramp: declick`, SP_RAMP_DECLICK): each
 * point's level holds from its frame on (the first's before it too), and
 * the gain goes to it through Ardour's declick, Amp::apply_gain
 * (core/dsp/declick.h), made once by sp_auto_prepare. */

#include "core/base/units.h"
#include "core/dsp/curves/curve.h"
#include "core/dsp/declick.h"
#include "core/dsp/tempo_map.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_auto_point {
  sp_time t;
  double v;
} sp_auto_point;

/* How a value moves between its points: a level (SP_RAMP_DB, _ARDOUR,
 * _DECLICK, above), or a plugin's port (SP_RAMP_DB: as its class reads
 * it, a setting in steps, a whole number rounded, a logarithmic port
 * geometrically; SP_RAMP_LINEAR, `ramp: linear`: its port value in a
 * straight line between the points' port values, handed to the plugin as
 * it is, neither stepped, rounded nor geometric, as Ardour plays a Linear
 * list on any plugin port). */
typedef enum sp_ramp { SP_RAMP_DB, SP_RAMP_LIST, SP_RAMP_DECLICK, SP_RAMP_LINEAR } sp_ramp;

/* How an Ardour ramp (SP_RAMP_LIST) moves between its points, as the
 * list's `interpolation-style` says (Evoral's ControlList): along the fader
 * law (Exponential: a fader's, a send's), linearly in dB (Logarithmic: a
 * trim's; a segment falling to silence is silent past its first point,
 * Ardour's from · 0^fraction), linearly in gain (Linear), held from each
 * point (Discrete), or along Evoral's constrained cubic spline through the
 * gains (Curved, Curve::solve). Ardour 7.3 ramps a Discrete or Curved list
 * of two points linearly, Curve's two-point path falling through to its
 * Linear case. */
typedef enum sp_interp {
  SP_INTERP_EXPONENTIAL,
  SP_INTERP_LOGARITHMIC,
  SP_INTERP_LINEAR,
  SP_INTERP_DISCRETE,
  SP_INTERP_CURVED
} sp_interp;

/* The declick's state at checkpoints, made by sp_auto_prepare. */
typedef struct sp_auto_smooth {
  double rate;   /* 0: not prepared yet */
  int64_t until; /* the render's end it was prepared for */
  /* the filter runs on frames first .. end − 1, first a multiple of
   * SP_AUTO_CHECKPOINT */
  int64_t first, end;
  bool stalled; /* from end on its state no longer moves: final */
  float final;
  float *state; /* its state at frame first + k × SP_AUTO_CHECKPOINT */
  size_t n_state;
  sp_declick steps; /* SP_RAMP_DECLICK: the gains */
} sp_auto_smooth;

#define SP_AUTO_CHECKPOINT 1024

/* The most VCA curves a level moved as Ardour's takes (`vca:`). */
#define SP_AUTO_MAX_VCA 8

typedef struct sp_auto {
  double value;          /* the constant, or the first breakpoint's value */
  sp_auto_point *points; /* NULL when constant */
  size_t n;
  sp_ramp ramp;     /* levels: how they move between points */
  sp_interp interp; /* SP_RAMP_LIST: its list's interpolation (`interpolation:`) */
  /* SP_RAMP_LIST: when its list is held in beats (`tempo:`), the tempo
   * map it is read through: Ardour reads such a list a whole beat tick at
   * a time (1920 a quarter note), each cycle's ends through the map; NULL:
   * in audio time. Owned. */
  sp_tempo_map *tempo;
  sp_auto_smooth *smooth; /* SP_RAMP_LIST or _DECLICK with points: the declick's state */
  /* SP_RAMP_LIST: the automation of VCAs over this level (`vca:`), each
   * read as Ardour reads a list (its own cycle spread, its fader law) and
   * multiplying the level's own target frame by frame before the declick,
   * as Ardour's masters_curve_multiply does; [n_vca], owned */
  struct sp_auto *vca;
  size_t n_vca;
  /* SP_RAMP_LIST or _DECLICK: the declick's gain at the timeline's
   * start (frame 0) in dB (`start:`), from which it goes to the level
   * the points give; without it the declick starts at that level */
  bool has_start;
  double start_db;
  /* a setting's points made steps (a plugin's switch or choice that moves
   * without a ramp): the point before doubled at each point's time, so the
   * setting holds up to it and no value between two is ever read; made by
   * the recipe's check from the points as written, which are every other
   * point of them (the walk writes those) */
  bool steps;
} sp_auto;

static inline bool sp_auto_is_constant(const sp_auto *a) { return a->n == 0; }

/* For a level ramped as Ardour's (SP_RAMP_LIST; times its VCA curves), runs the declick over
 * its moves (up to frame until, the render's end) once at rate and keeps
 * the state at checkpoints; for SP_RAMP_DECLICK makes its steps' gains
 * once at rate; before a render. Does nothing for other values
 * or when done for that rate. */
void sp_auto_prepare(const sp_auto *a, double rate, int64_t until);

/* Linear gains of a level in dB for frames t0 .. t0 + n − 1 at rate
 * (-inf dB is silence; a ramp in dB towards -inf dB passes -200 dB). */
void sp_auto_fill_gain(const sp_auto *a, double rate, int64_t t0, size_t n, float *out);
/* Values of a linear parameter (pan) for the same frames. */
void sp_auto_fill_linear(const sp_auto *a, double rate, int64_t t0, size_t n, float *out);

/* The gains a level moved as Ardour's list asks for (SP_RAMP_LIST's
 * target, without its declick) at frames t0 .. t0 + n − 1 of one vector
 * Ardour reads of it over frames v0 .. v0 + len − 1 of the list's axis
 * (t0 .. t0 + n − 1 within them): Curve::get_vector spreads the vector's
 * frames evenly from its first frame to the one after its last (len
 * frames over len + 1 of the axis), the frames before the first point
 * and after the last holding their values. Ardour's export reads a fader's
 * list so in cycles of 1024 frames (sp_auto_fill_gain), and
 * AudioRegion::read_at a region's envelope over each read of the region
 * (core/render/regions.c). */
void sp_auto_fill_read(const sp_auto *a, double rate, int64_t v0, int64_t len, int64_t t0, size_t n,
                       float *out);

/* A parameter's value at frame t: between points linearly, or
 * geometrically when geometric and both points are above 0; before the
 * first and after the last it holds. */
double sp_auto_value_at(const sp_auto *a, double rate, int64_t t, bool geometric);
/* (A list held in beats, a->tempo, is read as Ardour reads one in
 * BeatTime: a whole beat tick at a time, and on a point's own frame as
 * just before the point, but at or past its last.) */

/* The same read between two points in a straight line through map of
 * their values (a choice's index to its port value), not through the
 * values themselves; before the first and after the last, map of it. */
double sp_auto_value_mapped(const sp_auto *a, double rate, int64_t t,
                            double (*map)(const void *ctx, double v), const void *ctx);

/* The e-th (from 0) whole value other than its first that a switch's or a
 * choice's automation takes, into *v; false when there is none. In steps:
 * its points' settings; moving between its points (SP_RAMP_LINEAR): every
 * whole value from its lowest point to its highest. For the checks that
 * try each setting a moving switch or choice takes. */
bool sp_auto_setting(const sp_auto *a, size_t e, double *v);

/* The first breakpoint's frame after t (INT64_MAX when none), in *moving
 * whether the value changes between t and it (a ramp, not a hold), and in
 * *prev the frame of the last breakpoint at or before t (INT64_MIN when
 * none); frames of breakpoints between frames are rounded up. */
int64_t sp_auto_next_point(const sp_auto *a, double rate, int64_t t, bool *moving, int64_t *prev);

/* Parameters of inserts move at a control rate: they are read at the
 * start of every period of SP_AUTO_CONTROL_FRAMES frames on the timeline
 * (multiples of it, so the same whatever block a frame falls in) and at
 * every breakpoint, and hold in between. */
#define SP_AUTO_CONTROL_FRAMES 32

/* The first frame of the period of length period that holds frame t (the
 * periods fall on multiples of it; t may be negative). */
int64_t sp_auto_period_start(int64_t t, int64_t period);

/* Where the piece that holds frame t starts on the timeline, within a
 * control period starting at period_start: there, or at the last
 * breakpoint at or before t of any of autos[0 .. count) when that is later.
 * Every value of the piece is read there (sp_auto_value_at): a breakpoint
 * of one parameter starts a piece that reads the others at it too, and a
 * block's edge splits a piece, never its values. */
int64_t sp_auto_piece_start(const sp_auto *autos, size_t count, double rate, int64_t t,
                            int64_t period_start);

/* Where a piece of frames from t with one set of values ends, at most
 * end: at the next breakpoint of any of autos[0 .. count), and while one of
 * them ramps, or one held in beats has a point on frame t (read as before
 * it, sp_auto_value_at), at period_end. */
int64_t sp_auto_piece_end(const sp_auto *autos, size_t count, double rate, int64_t t, int64_t end,
                          int64_t period_end);

/* The largest value the parameter takes anywhere (for checks). */
double sp_auto_max(const sp_auto *a);

void sp_auto_free(sp_auto *a);
/* Settings pts[0 .. n) (n >= 1) made steps: the setting before held up to
 * each point's time (the point before doubled at it), so no value between
 * two is ever read; 2n - 1 points, allocated, their count in *out_n. */
sp_auto_point *sp_auto_steps(const sp_auto_point *pts, size_t n, size_t *out_n);
/* A declick's state and what it holds (NULL: none). */
void sp_auto_smooth_free(sp_auto_smooth *s);

#endif
