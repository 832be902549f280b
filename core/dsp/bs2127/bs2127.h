/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_BS2127_H
#define SP_BS2127_H

/* The gains of ITU-R BS.2127's renderer (the ADM renderer whose reference
 * implementation is the EBU ADM Renderer, EAR) for a loudspeaker layout of
 * ITU-R BS.2051: an object's metadata block (objects, section 7), a bed
 * channel's (DirectSpeakers, section 8), and the linear ramp between a
 * block's gains and the last's (section 7.2).
 *
 * The layouts are BS.2051's systems by their nominal positions (not
 * stemprint's layout table's, whose 7.1.4 heights are 45° up: BS.2051's
 * 4+7+0 has them at 30°): stereo 0+2+0, 5.1 0+5+0, 5.1.2 2+5+0, 5.1.4
 * 4+5+0, 7.1 0+7+0, 7.1.4 4+7+0, 5.0 and 7.0 as 5.1 and 7.1 without the
 * LFE, and two that BS.2051 has no system for, made of 9+10+3's speakers
 * and rendered by the same rules: 7.1.2 (0+7+0 and U±090) and 9.1.6
 * (4+7+0, M±060 and U±090).
 *
 * Units: angles in degrees, azimuth positive to the left (BS.2051's),
 * gains linear, times in frames at the caller's rate. Output gains are in
 * the stemprint layout's channel order (sp_layout's), LFE included. */

#include "core/base/layout.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sp_bs2127 sp_bs2127;

/* A renderer for layout l: its point-source panner (triangles, quads and
 * virtual speakers over BS.2051's positions), its extent panner's table
 * and its allocentric panner. Heap (sp_bs2127_free); NULL when BS.2127
 * renders to no such layout (mono, LCR, quad, 6.x). Costs about a
 * millisecond; read only after, so one renderer serves any number of
 * threads. A block's gains cost about a microsecond for a point, tens of
 * microseconds with an extent. */
sp_bs2127 *sp_bs2127_new(const sp_layout *l);
/* Whether BS.2127 renders to layout l (sp_bs2127_new's layouts), at no
 * renderer's cost. */
bool sp_bs2127_renders(const sp_layout *l);
/* Accepts NULL. */
void sp_bs2127_free(sp_bs2127 *r);
/* The BS.2051 name of channel c ("M+030", "LFE1", "U-135"). */
const char *sp_bs2127_channel_name(const sp_bs2127 *r, int c);

/* A zoneExclusion's zone: Cartesian (min and max of X, Y, Z) or polar
 * (min[0]..max[0] azimuth anticlockwise, min[1]..max[1] elevation, in
 * degrees). */
typedef struct sp_bs2127_zone {
  bool cartesian;
  double min[3], max[3];
} sp_bs2127_zone;

/* screenEdgeLock (BS.2076: an attribute of a position's coordinate): the
 * position moved to an edge of the reproduction screen, horizontally
 * (its azimuth or X: LEFT, RIGHT) and vertically (its elevation or Z:
 * TOP, BOTTOM); NONE: as written. */
typedef enum sp_bs2127_edge {
  SP_BS2127_EDGE_NONE,
  SP_BS2127_EDGE_LEFT,
  SP_BS2127_EDGE_RIGHT,
  SP_BS2127_EDGE_TOP,
  SP_BS2127_EDGE_BOTTOM
} sp_bs2127_edge;

/* The reproduction screen's edges: BS.2127's default screen (the EBU ADM
 * Renderer's for every layout: centred ahead, 58° wide, aspect 1.78),
 * its left and right edges at ±29° of azimuth, its top and bottom at
 * ±17.297° of elevation. az and el (degrees) locked to the edges h
 * (NONE, LEFT, RIGHT) and v (NONE, TOP, BOTTOM) say, as section 7.3.4
 * locks a polar position (and section 8 a DirectSpeakers one's); a
 * Cartesian position is locked so in the polar form section 10 gives it,
 * as the renderer's gains do. */
void sp_bs2127_screen_lock(sp_bs2127_edge h, sp_bs2127_edge v, double *az, double *el);

/* BS.2127 section 10's conversion of a point between polar (az, el in
 * degrees, distance d) and Cartesian (x, y, z): the four corners of the
 * room at ±30° and ±110°, the ceiling edge at 30° of elevation. */
void sp_bs2127_polar_to_cart(double az, double el, double d, double *x, double *y, double *z);
void sp_bs2127_cart_to_polar(double x, double y, double z, double *az, double *el, double *d);

/* An object's audioBlockFormat as BS.2076 writes it. Polar (cartesian
 * false): az, el in degrees, dist (1 on the speakers); width and height
 * in degrees, depth in distance. Cartesian: x (-1 left .. 1 right), y
 * (-1 back .. 1 front), z (-1 .. 1, 0 the horizon), width, height, depth
 * in the room's half-widths (0 .. 1 or so). divergence is
 * objectDivergence (0 none .. 1), spread by div_range: azimuthRange in
 * degrees (polar) or positionRange (Cartesian). lock: channelLock, to the
 * nearest speaker within lock_max (lock_max <= 0: any). gain: the block's
 * gain times its audioObject's. diffuse: 0 .. 1. zones[n_zones]: its
 * zoneExclusion (the caller's storage; NULL for none). */
typedef struct sp_bs2127_object {
  bool cartesian;
  double az, el, dist;
  double x, y, z;
  double width, height, depth;
  double divergence, div_range;
  bool lock;
  double lock_max;
  double gain;
  double diffuse;
  const sp_bs2127_zone *zones;
  int n_zones;
  sp_bs2127_edge edge_h, edge_v;
} sp_bs2127_object;

/* An object with defaults: polar, straight ahead at distance 1, point
 * size, gain 1. */
sp_bs2127_object sp_bs2127_object_default(void);

/* The gains of block o into r's layout: direct[n] (the direct path,
 * sqrt(1 - diffuse) of them) and, when diffuse is not NULL, diffuse[n]
 * (the path BS.2127 decorrelates, sqrt(diffuse) of them). n is the
 * layout's channels; the LFE's gain is 0. */
void sp_bs2127_object_gains(const sp_bs2127 *r, const sp_bs2127_object *o, double *direct,
                            double *diffuse);

/* A bed channel's audioBlockFormat (typeDefinition DirectSpeakers):
 * label its speakerLabel ("M+030", "urn:itu:bs:2051:0:speaker:M+030",
 * "RC_L", "LFE"; NULL for none), several one after another after a \x1f,
 * tried in turn as the EAR tries them; its position polar or Cartesian as for
 * an object; lfe_band: its audioChannelFormat's frequency says an LFE
 * (lowPass at most 200 Hz and no highPass); pack: the BS.2051 system of
 * its pack when the pack is one of BS.2094's common definitions
 * ("0+5+0" for AP_00010003), else NULL; gain linear. */
typedef struct sp_bs2127_speaker {
  const char *label;
  bool cartesian;
  double az, el, dist;
  double x, y, z;
  bool lfe_band;
  const char *pack;
  double gain;
  /* bounded: the speakers within lo[3] .. hi[3] (az, el, dist or x, y,
   * z, its position's bounds, BS.2076's bound="min" and "max"; a bound
   * not written NAN, its position's own) are the ones at its position;
   * false: its position alone */
  bool bounded;
  double lo[3], hi[3];
  /* its position's screenEdgeLock: the position (not its bounds) moved
   * to the screen's edges before the speakers at it are found, or it is
   * panned */
  sp_bs2127_edge edge_h, edge_v;
} sp_bs2127_speaker;

/* The gains g[n] of bed channel s into r's layout, by BS.2127's rules in
 * order: a common definition's mapping rule (section 8.4), the speaker
 * of its label, the speaker at its position (after its screen edge
 * lock), the LFE to the LFE (or nothing), else the point-source panner
 * at its position (the allocentric one for a Cartesian position). */
void sp_bs2127_speaker_gains(const sp_bs2127 *r, const sp_bs2127_speaker *s, double *g);

/* The channel of layout l that those rules play bed channel s on alone,
 * at unity (its pack's mapping rule to one speaker, its label, its
 * position or bounds, an LFE to the LFE): what a file's DirectSpeakers
 * channel is in l; -1 where they pan it, or share it, or BS.2127 renders
 * to no such layout. Costs microseconds (no panner is made). */
int sp_bs2127_speaker_channel(const sp_layout *l, const sp_bs2127_speaker *s);

/* A block's ramp (section 7.2): from the previous block's gains at frame
 * start (fractional: the block's start times the rate) to the block's
 * own at frame target (start + the interpolation's length in frames:
 * interpolationLength for a jumpPosition, 0 for a jump without one, the
 * block's duration otherwise). Frames first (ceil(start)) up to last
 * (ceil(target)), exclusive, are in the ramp. */
typedef struct sp_bs2127_ramp {
  double start, target;
  int64_t first, last;
  double p0, step;
} sp_bs2127_ramp;

/* The ramp from start to target (frames; target >= start). A frame time
 * within 1e-9 of a whole frame counts as that frame (BS.2127's times are
 * exact fractions). */
sp_bs2127_ramp sp_bs2127_ramp_make(double start, double target);
/* The weight of the block's own gains at frame f: 0 at start, rising
 * linearly, 1 from last on (and before first, where the previous block
 * plays: 0). A frame's gains are from * (1 - p) + to * p. */
double sp_bs2127_ramp_at(const sp_bs2127_ramp *r, int64_t f);

#endif
