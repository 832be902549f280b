/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ADM_H
#define SP_ADM_H

/* An immersive master as the Audio Definition Model describes it (ITU-R
 * BS.2076), in plain C values: a bed (a layout's channels, one track
 * each) and objects (a mono track each, a stereo object being two, L and
 * R), whose position, size and gain are blocks of metadata over time.
 * io/audio/adm.c writes and reads it as a BW64 file's chna and axml
 * chunks (ITU-R BS.2088) to the Dolby Atmos Master ADM Profile; this file
 * holds the model, the conversion between the profile's Cartesian
 * positions and polar ones (ITU-R BS.2127 section 10), the checks of
 * BS.2076's constraints that matter (IDs, references, time spans) and the
 * renderer of a master into a layout.
 *
 * The renderer is ITU-R BS.2127's (core/dsp/bs2127/, held to the EBU ADM
 * Renderer's gains) for every layout BS.2127 renders to (stereo, 5.0,
 * 5.1, 5.1.2, 5.1.4, 7.0, 7.1, 7.1.2, 7.1.4, 9.1.6): a Cartesian object
 * block by its allocentric panner, a polar one by its point-source panner,
 * each with its extent, at the screen's edge its screenEdgeLock says; a
 * bed channel by its DirectSpeakers rules, from its speakerLabel, its
 * position, its band (an LFE) and its common definition's pack; each
 * block's gains reached as BS.2127 ramps them: a
 * block's gains ramp linearly over the block from the previous block's
 * (jumpPosition 0), or over its interpolationLength (jumpPosition 1; at
 * once without one), the ramp's times exact (0.005208 s is 249.984 frames
 * at 48 kHz). Into a layout BS.2127 has none of (mono, LCR, quad, 6.x),
 * stemprint's VBAP (core/dsp/vbap.h) and its folds at BS.775's levels
 * (core/dsp/fold.h), ramped the same way.
 *
 * Times are frames at the master's rate; angles degrees (azimuth positive
 * to the left, BS.2051's convention); gains linear. */

#include "core/base/layout.h"
#include "core/dsp/automation.h"
#include "core/dsp/bs2127/bs2127.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most tracks and objects the Dolby Atmos Master ADM Profile takes. */
#define SP_ADM_MAX_TRACKS 128
#define SP_ADM_MAX_OBJECTS 118
/* The most beds a master holds here, and their tracks in all (Dolby's
 * tools take several beds, each up to 7.1.2, their channels within the
 * 128 tracks). */
#define SP_ADM_MAX_BEDS 8
#define SP_ADM_MAX_BED_TRACKS 64

/* How a headphone render plays an object (the profile's binaural render
 * mode, written as Dolby's headphoneRenderMode). */
typedef enum sp_adm_binaural {
  SP_ADM_BINAURAL_OFF,
  SP_ADM_BINAURAL_NEAR,
  SP_ADM_BINAURAL_MID,
  SP_ADM_BINAURAL_FAR
} sp_adm_binaural;

/* One audioBlockFormat of an object: from start for dur frames, at a
 * position (Cartesian, as the profile writes it: X -1 left .. 1 right, Y
 * -1 back .. 1 front, Z -1 .. 1, 0 the horizon), of a size (width 0 .. 1,
 * the profile's one extent), at a gain; jump: the position is reached at
 * the block's start (jumpPosition 1), over its interpolationLength from
 * the previous block's (interp_s × the rate, exactly, as BS.2127 ramps:
 * 0.005208 s is 249.984 frames at 48 kHz; interp is it rounded to whole
 * frames, for the model's bookkeeping; 0 or none written: at once, as
 * BS.2127 reads a jump without one), else over the block. interp_s is
 * the interpolationLength as the file writes it, in seconds (no_interp:
 * it writes none), kept as it is whatever jumpPosition says: a kept
 * object's blocks are written back as their file has them. */
typedef struct sp_adm_block {
  int64_t start, dur;
  double x, y, z;
  double width;
  double gain;
  bool jump;
  int64_t interp;
  double interp_s;
  bool no_interp;
  /* polar: the file gave the position polar (az, el in degrees, dist; x,
   * y, z its conversion), a BS.2127 renderer's point-source panner's;
   * else Cartesian, its allocentric panner's. height and depth: the
   * block's as written (width, height: 0 .. 1, a polar block's degrees /
   * 360; depth as written); the profile writes all three the width, and
   * blocks made here have them so. */
  bool polar;
  double az, el, dist;
  double height, depth;
  /* What BS.2127 plays besides (BS.2076-2's elements, none in the
   * profile's blocks): divergence, objectDivergence (0 none .. 1), spread
   * by div_range, its azimuthRange in degrees for a polar block (45, BS.2076-1's
   * default, when not written) or its positionRange for a Cartesian one
   * (0 when not written); lock, channelLock 1, to the nearest speaker
   * within lock_max (its maxDistance; 0 when not written: any speaker; a
   * written 0 DBL_MIN, BS.2127's tolerance alone; below 0 none, no lock);
   * its zoneExclusion, n_zones zones of its object's zones from zone0. */
  double divergence, div_range;
  bool lock;
  double lock_max;
  uint32_t zone0, n_zones;
  /* A file's block whose times are off the frame grid (rtime 0.0100001 s,
   * 1S3 of a second): start is the first frame at or after its start and
   * start + dur the first at or after its end, as BS.2127 plays it;
   * start_off and end_off the exact times less those, in frames (start_off
   * in (-1, 0]; end_off past 0 where the block runs past the master's end,
   * cut there): its ramp runs from the exact start over the exact length.
   * 0 for a block on the grid, any made here. */
  double start_off, end_off;
  /* its position's screenEdgeLock (BS.2076-2; none in the profile's
   * blocks): horizontal (azimuth or X: left, right), vertical (elevation
   * or Z: top, bottom), as BS.2127 locks it to the screen's edges */
  sp_bs2127_edge edge_h, edge_v;
} sp_adm_block;

/* The largest gain (linear, either sign) a block may have: +60 dB. A
 * gain past it is no mix's (a full-scale track 60 dB over full scale)
 * and, far enough past it, overflows a float sample (1e300 is infinite
 * in a print), so a file with one is refused when it is read. */
#define SP_ADM_MAX_GAIN 1000.0

/* The interpolationLength the Dolby Atmos Master ADM Profile gives a
 * block after an object's first (the first's is 0), in seconds as it is
 * written: the profile's 1/192 s to six decimals, 249.984 frames at 48
 * kHz (a renderer ramps over the time written). */
#define SP_ADM_INTERP_S 0.005208
#define SP_ADM_INTERP_TEXT "0.005208"

typedef struct sp_adm_object {
  char *name;
  int track;    /* its first track (0-based) in the file */
  int channels; /* 1, or 2 (a stereo object: tracks track, track + 1 at ±30° of its position) */
  sp_adm_binaural binaural;
  sp_adm_block *blocks; /* in time order, each starting where the last ended */
  size_t n_blocks;
  /* the zones its blocks exclude (heap; each block's zone0, n_zones index it) */
  sp_bs2127_zone *zones;
  size_t n_zones;
} sp_adm_object;

/* A bed channel as the Dolby Atmos Master ADM Profile names it: a
 * DirectSpeakers channel format of the file's own, its name, its
 * speakerLabel and its room-centric Cartesian position (X -1 left .. 1
 * right, Y -1 back .. 1 front, Z 0 the horizon .. 1 the ceiling, -1 for
 * the LFE), as Dolby's tools write them: what io/audio's writer writes and
 * its reader recognises, and what the renderer takes for a bed channel a
 * model made here says nothing of. */
typedef enum sp_adm_rc_id {
  SP_ADM_RC_L,
  SP_ADM_RC_R,
  SP_ADM_RC_C,
  SP_ADM_RC_LFE,
  SP_ADM_RC_LS, /* 5.x's surrounds, 20° behind the sides (Y -tan 20°) */
  SP_ADM_RC_RS,
  SP_ADM_RC_LSS, /* 7.x's side surrounds */
  SP_ADM_RC_RSS,
  SP_ADM_RC_LRS,
  SP_ADM_RC_RRS,
  SP_ADM_RC_LTS, /* 7.1.2's top surrounds, over the sides */
  SP_ADM_RC_RTS,
  SP_ADM_RC_ROLES
} sp_adm_rc_id;

typedef struct sp_adm_rc_channel {
  const char *name, *label;
  double x, y, z;
  int rank; /* its place in the profile's channel orders */
} sp_adm_rc_channel;

/* The profile's bed channels, by sp_adm_rc_id. */
extern const sp_adm_rc_channel sp_adm_rc[SP_ADM_RC_ROLES];

/* The role of channel k of bed layout l (-1: none): 7.x's Ls and Rs are
 * its sides (±90°), 5.x's 20° behind them; 7.1.2's heights over the sides. */
int sp_adm_rc_role(const sp_layout *l, int k);

/* A bed channel as its file labels and places it (BS.2076's
 * DirectSpeakers block): label its speakerLabel ("" for none), its
 * position polar (az, el, dist) or Cartesian (x, y, z), lfe_band its
 * channel's frequency says an LFE (a low-pass of 200 Hz or less, no
 * high-pass), pack the BS.2051 system of its pack where that is one of
 * BS.2094's common definitions the file refers to without defining ("0+5+0"
 * for AP_00010003; "" for none). known false: none read (a model made
 * here): the renderer takes the profile's for its layout's channel. */
typedef struct sp_adm_speaker {
  bool known;
  /* its speakerLabels, each as written, one after another after a \x1f
   * (BS.2127 tries each in turn, the first first), every one the block
   * has; NULL for none. Not owned: static text, or its model's labels */
  const char *label;
  bool polar;
  double az, el, dist, x, y, z;
  bool lfe_band;
  char pack[8];
  /* bounded: its position's bounds (BS.2076's bound="min" and "max"),
   * lo[3] .. hi[3] by coordinate (az, el, dist or x, y, z), a bound not
   * written NAN (the position's own); BS.2127 takes the speaker nearest the
   * position among those within them. false: the position alone */
  bool bounded;
  double lo[3], hi[3];
  /* its position's screenEdgeLock (sp_adm_block's) */
  sp_bs2127_edge edge_h, edge_v;
  /* its block's gain times its audioObject's (linear; 0 muted, or not in
   * the programme played); known false: 1 */
  double gain;
  /* gated: it sounds within n_spans spans of its model's bed_spans from
   * span0 alone, its blocks' times, each at its block's place (BS.2127
   * plays a DirectSpeakers channel block by block, silence before,
   * between and after them); false: over the whole file, as placed here */
  bool gated;
  uint32_t span0, n_spans;
} sp_adm_speaker;

/* A gated bed track's frames [start, end) where a block (or blocks end
 * to end at one place) places it, and that place (its block's label,
 * position, bounds, screen edge lock and gain times its audioObject's; the
 * channel's band and pack), as BS.2127 plays a DirectSpeakers channel
 * block by block. */
typedef struct sp_adm_bed_span {
  int64_t start, end;
  sp_adm_speaker at;
} sp_adm_bed_span;

typedef struct sp_adm {
  double rate;
  int64_t frames;
  char *programme; /* the audioProgramme's name */
  /* The beds (DirectSpeakers packs), none to SP_ADM_MAX_BEDS (a file's
   * read, to one a track: its DirectSpeakers channels that are no
   * layout's, each a bed of mono): their tracks the file's first, bed
   * after bed, each in its layout's order. */
  const sp_layout *beds[SP_ADM_MAX_BED_TRACKS];
  size_t n_beds;
  sp_adm_object *objects;
  size_t n_objects;
  int tracks; /* the file's channels: the bed's, then the objects' */
  /* the beds' tracks' channels, in the model's order (each bed its layout's) */
  sp_adm_speaker speakers[SP_ADM_MAX_BED_TRACKS];
  /* the gated speakers' spans, each speaker's in time order (heap) */
  sp_adm_bed_span *bed_spans;
  size_t n_bed_spans;
  /* the speakers' and spans' labels read from its axml (heap, each a
   * block's, shared by the speakers and spans it places) */
  char **labels;
  size_t n_labels;
  /* SP_ADM_UNPLAYED_* bits: what a file's object blocks hold that the
   * renderer reads past (it plays position, size, gain, jumps,
   * divergence, channel lock and zone exclusion; not a diffuse part, whose
   * decorrelator it has not, nor a screen's scaling) */
  unsigned unplayed;
  /* what of its axml the reader did not read, of what it plays, in words
   * (io/audio/adm_tree.h, adm_unread_say): "" none */
  char unread[96];
  /* the first channel format whose blocks its axml writes out of time's
   * order, which play in it (as the EBU ADM Renderer sorts them, warning
   * of each), in words ("AC_00031001: AB_00031001_00000001 (axml line 14)
   * after AB_00031001_00000002 (line 12)", then "; 2 more channel formats
   * too" where it writes others so): "" none; n_reordered: how many */
  char reordered[160];
  size_t n_reordered;
  /* what of it the EBU ADM Renderer refuses and stemprint plays, in
   * words, a note a line ('\n' between), each whole (what, at its axml
   * line, then what stemprint does and what to write): its version, one
   * the EAR does not read or, in a file of BS.2076-1, what BS.2076-2
   * brought ("its audioFormatExtended says version 'ITU-R_BS.2076-3' (the
   * EAR reads ITU-R_BS.2076-1 and -2), which the EBU ADM Renderer refuses:
   * ..."); an attribute or element BS.2076 requires that an element
   * lacks ("audioStreamFormat AS_00031001 (axml line 9) has no
   * audioStreamFormatName, ..."); and what the EAR warns of and plays in
   * a channel format nothing plays (blocks that overlap, an
   * interpolationLength longer than its block); the first of each named,
   * the others counted: "" none; a note it has no room for counted on
   * its last line (refused_left of them) */
  char refused[640];
  size_t refused_left;
  /* its file's layout (io/audio/adm.c): false the Dolby Atmos Master ADM
   * Profile's (a stream names its channel format and its pack), true
   * BS.2076-2's alone (a PCM stream names its channel format only) */
  bool bs2076;
} sp_adm;

enum {
  SP_ADM_UNPLAYED_DIFFUSE = 1u << 0,   /* diffuse above 0 */
  SP_ADM_UNPLAYED_SCREEN_REF = 1u << 1 /* screenRef 1 */
};

/* The elements of bits (SP_ADM_UNPLAYED_*) as the axml names them, "diffuse,
 * zoneExclusion", into out ("" for none). */
void sp_adm_unplayed_names(unsigned bits, char *out, size_t size);

/* What of m, as chosen (its programme, its complementary objects), the
 * renderer does not play, into out: its blocks' elements
 * (sp_adm_unplayed_names), then what its reader did not read (m->unread);
 * "" for none. */
void sp_adm_unplayed_said(const sp_adm *m, char *out, size_t size);

/* What m's object blocks hold that BS.2127's renderer plays and VBAP,
 * which renders them into a layout BS.2127 has none of (quad, LCR,
 * core/dsp/adm_render.c), does not: VBAP plays a block's position, its
 * screen edge lock, its width as a size and its gain. Into out as the
 * axml names them, "objectDivergence, channelLock, zoneExclusion, height,
 * depth", those some block holds: a divergence that spreads (above 0, of
 * a range above 0), a channel lock with a distance, a zone, a height or a
 * depth other than the width (the profile writes all three the width: one
 * size, VBAP's) and a depth of 0; "" for none. */
void sp_adm_vbap_unplayed(const sp_adm *m, char *out, size_t size);

/* Free what m holds (not m); accepts NULL. */
void sp_adm_fini(sp_adm *m);
/* The tracks of m's objects, all of them: the profile's objects, each an
 * audioObject of one track (a stereo object is two). */
int sp_adm_object_tracks(const sp_adm *m);
/* The tracks of m's beds, all of them (the file's first). */
int sp_adm_bed_tracks(const sp_adm *m);
/* A layout the profile takes as a bed (2.0, 3.0, 5.0, 5.1, 7.1, 7.1.2,
 * the layouts of its common definitions' beds). */
bool sp_adm_bed_ok(const sp_layout *l);

/* BS.2127 section 10's conversion of a point between polar (az, el in
 * degrees, distance d) and Cartesian (x, y, z): the four corners of the
 * room at ±30° and ±110°, the ceiling edge at 30° of elevation. */
void sp_adm_polar_to_cart(double az, double el, double d, double *x, double *y, double *z);
void sp_adm_cart_to_polar(double x, double y, double z, double *az, double *el, double *d);

/* The blocks of an object that a panner's position moves as az and el
 * (degrees, automation) with a spread (degrees) and a gain (linear), over
 * frames at rate, into o->blocks: a block from each breakpoint to the
 * next where the position holds; where it ramps, blocks of at most
 * ramp_frames (each ending at the position the automation has there,
 * jumpPosition 0, so a renderer's ramp follows the automation), and a
 * jump where two breakpoints share a frame. Each block's position is the
 * automation's at the block's end frame (its start for a jump), so what
 * is read back equals the automation at every block's edge. The object's
 * blocks then have the profile's interpolationLengths: SP_ADM_INTERP_S
 * for each after the first (a jump reaches its position over it), 0 for
 * the first. */
void sp_adm_object_blocks(sp_adm_object *o, const sp_auto *az, const sp_auto *el, double spread,
                          double gain, double rate, int64_t frames, int64_t ramp_frames);

/* The interpolationLength of block k at rate as a renderer takes it: its
 * interp_s in frames where it jumps and writes one, else 0. */
int64_t sp_adm_interp_frames(const sp_adm_block *k, double rate);
/* The block of o holding frame t (the last at or before it). */
size_t sp_adm_block_at(const sp_adm_object *o, int64_t t);

/* The blocks of src, an object of a file, as a region plays the file's
 * frames [from, from + length) from frame at of a master of frames
 * frames (the region's audio: at - from later, cut to the region and to
 * the master's end), into o->blocks (heap; o's other fields untouched):
 * blocks wholly outside the region dropped; a block cut short ending at
 * the place its ramp has at the cut (x, y, z, width and gain linear over
 * a block, as jumpPosition 0 describes), so the ramp goes the same way;
 * before at, a block holding the place the region starts at (the object
 * silent there), and where the region starts at 0 in a ramp, its first
 * frame a block of its own at the place of its second (a first block has
 * nothing to ramp from; the ramp goes on from there as the file's); after the
 * region, its last place held to the master's end. A region of the whole
 * file at 0 keeps its blocks as they are (a last block that holds is
 * stretched to a longer master's end). Each block keeps its file's
 * interpolationLength (written or not, as the file has it) but where a
 * cut leaves less of it (the frames left, at rate); the blocks made here
 * take the profile's (0 for the first, SP_ADM_INTERP_S after). src's
 * zones are copied into o's (heap). */
void sp_adm_object_place(const sp_adm_object *src, int64_t at, int64_t from, int64_t length,
                         int64_t frames, double rate, sp_adm_object *o);

/* BS.2076's constraints a master must keep, checked (true) or the first
 * broken said in why: tracks within the profile's 128 and objects within
 * its 118, a bed the profile takes, every object's tracks in the file and
 * no track twice, blocks in order that start at 0, follow each other
 * without a gap or an overlap and end at the master's end, sizes in 0 ..
 * 1, positions in the room (-1 .. 1), gains within ±SP_ADM_MAX_GAIN,
 * interpolationLengths that are durations (0 or more, finite), an
 * objectDivergence in 0 .. 1 with a range 0 or more, a channelLock's
 * maxDistance 0 or more, zoneExclusion zones whose min is not past their
 * max (each named by its element). */
bool sp_adm_check(const sp_adm *m, char *why, size_t why_size);

/* Whether masters a (called an) and b (called bn) have one structure:
 * the same bed, the same objects in the same order (name, tracks,
 * binaural mode) with the same blocks (times, positions, widths, gains,
 * jumps; polar or Cartesian, heights, depths, divergence, channel lock,
 * zones excluded, screen edge lock: an object's metadata is part of what
 * a file delivers); true, or
 * the first difference said in why ("object 'lead' block 3 from 0.060 s:
 * x 0.5000 ... in mix_adm.wav, x ... in drums_adm.wav"). Rates and
 * lengths are not compared (the null test compares those). */
bool sp_adm_same(const sp_adm *a, const char *an, const sp_adm *b, const char *bn, char *why,
                 size_t why_size);

/* A master's renderer into a layout: its beds' gains and each object
 * channel's blocks' gains, each block's computed once when the render
 * first reaches it (so it keeps state: one renderer per stream of
 * frames). */
typedef struct sp_adm_renderer sp_adm_renderer;

/* m's renderer into l (m, read only, must outlive it): BS.2127's where it
 * renders to l, else VBAP and folds (the file's comment). Heap; costs
 * about a millisecond. */
sp_adm_renderer *sp_adm_renderer_new(const sp_adm *m, const sp_layout *l);
/* Accepts NULL. */
void sp_adm_renderer_free(sp_adm_renderer *r);
/* The beds' gains into its layout: l->n rows of sp_adm_bed_tracks(m)
 * (row c, column the bed track). */
const double *sp_adm_renderer_beds(const sp_adm_renderer *r);

/* Render n frames from frame t0 of the master's tracks in[m->tracks][n]
 * into its layout's channels out[l->n][n] (each channel a sum in double,
 * rounded once, in acc: the caller's l->n × n doubles). Frames may come
 * in any order (a block's gains are found again where the render jumps);
 * allocates nothing. */
void sp_adm_render(sp_adm_renderer *r, int64_t t0, size_t n, const float *const *in,
                   float *const *out, double *acc);
/* v (±1.0) as the 24-bit code an ADM BWF holds, rounded and clamped,
 * left-justified in an int32 (as a sink's write_int takes it). */
int32_t sp_adm_code(float v);

/* What of a file's audioObjects to play, as BS.2127 section 5.2 lets a
 * user choose (the EBU ADM Renderer's --programme and --comp-object):
 * programme the audioProgrammeID (NULL: the one with the lowest ID, as
 * when no choice is given); complementary[n_complementary] audioObjectIDs,
 * each one of a complementary group's (its first is played where none is
 * named). A track no audioObject played holds is silent. */
typedef struct sp_adm_choice {
  const char *programme;
  const char *const *complementary;
  size_t n_complementary;
} sp_adm_choice;

#endif
