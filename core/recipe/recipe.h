/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_H
#define SP_RECIPE_H

/* The recipe model: what a recipe says, in plain C values, after parsing and
 * unit conversion but before any routing is checked (that is the graph's
 * job). It holds no YAML: recipe/parse*.c fills it, and keeps a table of
 * where each object came from so that later stages can report
 * `song.yaml:14:7: tracks.kick.to: ...` through sp_recipe_where().
 *
 * The recipe owns all its strings and arrays; sp_recipe_free() releases
 * them. Levels are in dB (-INFINITY = silence); times are sp_time, turned
 * into frames at the session rate by the graph. */

#include "core/base/layout.h"
#include "core/dsp/automation.h"
#include "core/dsp/fold.h"
#include "core/recipe/fade.h"
#include "core/base/diag.h"
#include "core/base/strmap.h"
#include "core/recipe/format.h"
#include "core/recipe/tags.h"
#include "core/procs/proc.h"
#include "core/base/units.h"

#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Where a send or a key taps its source (`tap:`, its words in this
 * order): before the fader; after it and before post_inserts (without
 * them the signal post has); after them all. */
typedef enum sp_tap_at { SP_TAP_PRE, SP_TAP_FADER, SP_TAP_POST } sp_tap_at;

/* A tap: where, or (at SP_TAP_FADER) `{after: N}`, after the source's
 * N-th post_insert (1-based), or `{after: NAME}`, after the one whose
 * processor is NAME (then after 0); resolved against the source when the
 * graph is built. */
/* The largest N of `{after: N}`. */
#define SP_TAP_AFTER_MAX 4096
typedef struct sp_tap {
  sp_tap_at at;
  unsigned after;
  char *after_name;
} sp_tap;

/* The words of sp_tap_at, NULL-terminated; a tap as the recipe writes it:
 * one of them, or "after" (`tap: {after: ...}`). */
extern const char *const sp_tap_words[];
static inline const char *sp_tap_name(const sp_tap *t)
{
  return t->after || t->after_name ? "after" : sp_tap_words[t->at];
}

typedef struct sp_insert {
  const sp_proc_class *cls;
  char *path;                 /* recipe path, "tracks.bass.inserts[0].compressor" */
  double *params;             /* n_sets × cls->n_params values, defaults filled in */
  size_t n_sets;              /* 1, or the number of bands */
  /* written as its one value, its primary parameter's (`- gain: 3 dB`):
   * what is said of that value is said at path */
  bool one;
  char **files;               /* [cls->n_params]: resolved paths of FILE parameters, else NULL */
  /* [cls->n_params], or NULL: the name a session gives the file of a FILE
   * or PATH parameter its reader made (a DAWproject's embedded SoundFont,
   * extracted: "song.dawproject:sf2/gm.sf2"), set by the reader once,
   * what every message, report and listing names it by
   * (sp_insert_file_named); an entry NULL: its path. No key holds it. */
  char **names;
  char *state_file;           /* `state:`, resolved, or NULL */
  bool *given;                /* with a state file: [cls->n_params], set by the recipe */
  sp_auto *automation;        /* SP_PROC_AUTOMATABLE: [cls->n_params] breakpoints, or NULL */
  /* [n_sets × cls->n_params], or NULL (none): a time parameter written in
   * frames ("480 smp", in_frames), as written; params holds it in seconds
   * at the recipe's rate once the insert is settled. Every reader today
   * settles at the final rate (the parser reads sample_rate first), so
   * nothing converts it again yet: it is what a rate an edit of the model
   * gives after the insert was read will convert (issue 88's --set) */
  sp_time *times;
  const sp_proc_saved *saved; /* from `preset:`, or NULL (not owned) */
  bool bypass;
  /* `bypass: [[0, false], [2 s, true]]`: the bypass moving, each point's
   * value (1 bypassed, 0 not) from its frame on, the first's before it
   * too; n 0: `bypass` alone says (then false). The insert runs all along,
   * its output crossfaded to its dry input (delayed by its latency)
   * through the moving mute's declick (core/render/chain.c), unless its
   * class bypasses itself (SP_PROC_OWN_BYPASS: sp_insert_crossfades). */
  sp_auto bypasses;
  sp_mono_feed feed;   /* `feed:` (SP_PROC_MONO_TO_STEREO on a stereo path) */
  bool keep_mono;      /* `widen: false` (SP_PROC_MONO_TO_STEREO on a mono path) */
  char *key_from;      /* sidechain key source (a track or bus), NULL: none */
  sp_tap key_tap;      /* where the key taps its source (default pre) */
  double key_level_db; /* key level: a gain on the key (default 0 dB) */
  /* `panned: true`: the key placed by its source's pan (its law, width and
   * automation), as a send from it is: a DAW's send into a sidechain,
   * its panner linked to its track's */
  bool key_panned;
  /* `pan: -0.5`: the key placed by a pan of its own instead (key_has_pan),
   * by its source's law, no width: a send into a sidechain whose panner is
   * not its track's (an Ardour track of more than two outputs, whose send
   * into two pans by a balance at the track's position) */
  double key_pan;
  bool key_has_pan;
  /* `channels: [Ls, Rs]`: the channels of the path it runs on (the others
   * pass, delayed by its latency); n_on 0: every channel */
  char **on;
  size_t n_on;
  /* `detect: [L, R, C]` (a class with SP_PROC_DETECTOR): the channels its
   * detector hears, of those it runs on; n_detect 0: every one but an LFE */
  char **detect;
  size_t n_detect;
  /* `name: la2a` (SP_PROC_OUTBOARD): the unit's name, which names its send
   * (sends/NAME.wav) and the messages about it; NULL: its return's file
   * name */
  char *name;
} sp_insert;

/* What every message, report and listing names the file of insert ins's
 * parameter k by: its session's name for it (sp_insert.names), else its
 * path. */
static inline const char *sp_insert_file_named(const sp_insert *ins, size_t k)
{
  return ins->names && ins->names[k] ? ins->names[k] : ins->files[k];
}

/* Whether the insert's bypass moves and the renderer crossfades it to its
 * dry input (not a class that bypasses itself, SP_PROC_OWN_BYPASS). */
static inline bool sp_insert_crossfades(const sp_insert *ins)
{
  return ins->bypasses.n && !(ins->cls->flags & SP_PROC_OWN_BYPASS);
}

/* A key at -inf dB: the insert's sidechain input hears silence, whatever
 * it is from (the strip itself too: no edge then). Ardour's plugin with
 * its sidechain switch on and nothing wired to that input. */
static inline bool sp_insert_key_silent(const sp_insert *ins)
{
  return ins->key_from && ins->key_level_db < -1e300;
}

/* Free what an insert holds (not the insert itself). */
void sp_insert_fini(sp_insert *ins);

/* `pan: {azimuth, elevation, spread}`, a strip's or a send's (the
 * POSITION table's fields): a position into a destination of more than
 * two channels (core/dsp/vbap.h), in degrees, azimuth positive to the
 * left. */
typedef struct sp_position {
  bool has; /* given */
  sp_auto azimuth, elevation;
  double spread;
} sp_position;

/* `pan:`, a strip's or a send's, one of its three forms (the row says
 * which a key takes): a plain pan, a position or a gain matrix. */
typedef struct sp_pan {
  bool given;    /* in any of its forms (a send's own; else it follows the strip's) */
  bool has;      /* a plain pan was written (pan: 0 too) */
  sp_auto plain; /* -1 .. +1; a balance on stereo signals */
  /* Into a destination of more than two channels: a position, or a plain
   * pan, read as an azimuth across the front pair. */
  sp_position pos;
  /* `pan: {gains: {L: 0.97, Ls: 0.24}}`: a fixed matrix into the
   * destination's channels so named, a linear gain for each of the
   * source's channels (a list for more than one); n_gains 0: none. What an
   * imported session's own panner computed (Ardour's VBAP). */
  size_t n_gains;
  char **gain_to;  /* [n_gains] destination channel names */
  double **gain_v; /* [n_gains][gain_n[k]] */
  size_t *gain_n;
} sp_pan;

/* Free what a pan holds. */
void sp_pan_fini(sp_pan *p);

typedef struct sp_send {
  char *to;
  sp_auto level; /* dB */
  sp_tap tap;    /* where it taps its strip (default post) */
  sp_pan pan;    /* its own; none given: it follows the strip's */
  bool invert;   /* its polarity inverted: its gain times -1 on every channel */
} sp_send;

/* A point of a level's tempo map as the recipe writes it (`tempo: [{at,
 * beat, bpm, note, omega}]`), the fields of its keys' rows; the parser
 * makes an sp_tempo_point of it (core/dsp/tempo_map.h). */
typedef struct sp_tempo_written {
  sp_time at;
  double beat, bpm, note, omega;
} sp_tempo_written;

/* A strip's mute points (sp_strip.mute_points): where what leaves it
 * goes quiet when it is muted. Its sends and keys that tap it before the
 * fader are PRE_FADER's, the others POST_FADER's; its output is MAIN's. */
enum { SP_MUTE_PRE_FADER = 1, SP_MUTE_POST_FADER = 2, SP_MUTE_MAIN = 4, SP_MUTE_ALL = 7 };

/* `invert:`, a strip's polarity (the POLARITY store, core/recipe/keys.h). */
typedef struct sp_polarity {
  bool all; /* `invert: true`: every channel */
  /* `invert: [false, true]`: channel by channel, bit c inverting the
   * chain's channel c (of n given, as many as enter the chain); n 0:
   * `all` says, for every channel */
  uint32_t mask;
  size_t n;
  /* `invert: [[0, false], [2 s, [true, false]]]`: the polarity moving,
   * each point's value the mask of inverted channels (bit c: the chain's
   * channel c; `true`: every bit) from its frame on, the first's before
   * it too; n 0: the fields above say. Declicked as Ardour's polarity
   * processor declicks it (core/render/prepare.c). */
  sp_auto moves;
  /* the channels its settings list ([true, false]: 2; 0: none listed), a
   * list each as long where one is written (core/recipe/walk.c) */
  size_t moves_n;
} sp_polarity;

/* The mixer fields tracks, buses and master share. */
/* What a session reader left out that fed a bus (sp_strip.fed_left_out):
 * none; what plays nothing in the session either (a track of no region
 * that plays, its instrument not loaded, bypassed or deactivated; a send
 * hearing an input nothing feeds); what the session plays and this recipe
 * cannot (a loss: an instrument that cannot run here, MIDI stemprint does
 * not read, a send hearing an input wired to a port). */
typedef enum sp_fed_left_out {
  SP_FED_LEFT_NONE,
  SP_FED_LEFT_SILENT,
  SP_FED_LEFT_LOST
} sp_fed_left_out;

typedef struct sp_strip {
  sp_auto gain;   /* fader, dB */
  double trim_db; /* input gain, before inserts */
  sp_auto trims;  /* a moving trim (n > 0: dB; trim_db is its first value) */
  sp_pan pan;
  bool has_width; /* a stereo panner: each channel placed at pan ∓ width */
  double width;   /* -1 .. 1; when it moves, its first value */
  sp_auto widths; /* a moving width (n > 0), linear between points as Ardour's */
  sp_polarity invert;
  bool mute;
  /* `mute: [[0, false], [2 s, true], ...]`: the mute moving, each point's
   * value (1 muted, 0 not) from its frame on, the first's before it too;
   * n 0: `mute` alone says. Declicked as Ardour's delivery declicks it
   * (core/render/prepare.c). */
  sp_auto mutes;
  /* `mute_points: [pre_fader, main]`: what the mute (and a solo's
   * silence) silences, as Ardour's MuteMaster's mute points: bits of
   * SP_MUTE_*, its row's words in order; 0: not given, every one */
  unsigned mute_points;
  bool solo; /* tracks only */
  /* the chain: `inserts:` before the fader, then the last n_post,
   * `post_inserts:`, after it (the fader is a gain between them) */
  sp_insert *inserts;
  size_t n_inserts;
  size_t n_post;
  /* where an insert given was refused (said): 1 + the inserts the chain
   * held then, those from there on receiving what nobody knows; 0: none */
  size_t refused_at;
  bool post_unread; /* a post_insert given was refused (said): which it has is not known */
  sp_send *sends;
  size_t n_sends;
  char *to;     /* output: a bus name; NULL = master */
  bool to_none; /* buses: `to: none`, feeds nothing (a cue mix) */
  /* of a session's recipe (no key holds it): its output reaches no route
   * of the session, a track's muted at main (mute_points: [main]), a
   * bus's `to: none`; what a message of its silence says is the session's
   * to mend (connect its output there), not its keys */
  bool unwired;
  /* of a session's recipe (no key holds it): a bus fed in the session by
   * tracks the reader left out, each said (sp_fed_left_out); what a
   * message of its silence says, where nothing else feeds it */
  sp_fed_left_out fed_left_out;
  bool print;   /* buses: `print: true`, written as <bus>.<ext> */
  /* tracks: `instrument:`, inserts[0] (a class with SP_PROC_INSTRUMENT),
   * which plays the track's MIDI regions; the inserts follow it */
  bool instrument;
  /* `layout:` a bus's or master's channels (NULL: stereo); a track's: its
   * files' (NULL: as their channel masks, or mono and stereo, say) */
  const sp_layout *layout;
  bool layout_unread; /* `layout:` given and refused: its routes say nothing more */
  /* its `to:` given and refused (said; by its reading or the check):
   * where its output goes is not known (not master, the default); a
   * send's `to:`, or a send, refused: which bus it feeds is not known;
   * its pan, fold, channels, lfe or width refused: how its channels are
   * placed in what it feeds is not known; its mute or mute_points
   * refused: what it silences is not known, and it is judged as sounding */
  bool to_unread, send_unread, placing_unread, mute_unread;
  /* `channels: [C]`: straight into the destination's channels so named,
   * one name per channel of the strip (a mono strip may name several) */
  char **direct;
  size_t n_direct;
  /* `lfe:` a feed of the strip's signal (its channels' sum) into the
   * destination's LFE at lfe_db, low-passed at lfe_lowpass_hz (0: not) by
   * a 24 dB/octave Linkwitz-Riley */
  bool has_lfe;
  double lfe_db;
  double lfe_lowpass_hz;
  /* `fold:` into a destination of another layout (core/dsp/fold.h) */
  bool has_fold;
  sp_fold fold;
  /* buses: `object:`, an object of master's ADM BWF (master.adm): its
   * signal is its own tracks of the file, its position (pan) the
   * object's metadata; binaural is an sp_adm_binaural (core/dsp/adm.h) */
  bool object;
  int object_binaural;
  /* buses: `bed: true`, a further bed of master's ADM BWF (master.adm):
   * its print is a DirectSpeakers pack of its own after master's bed and
   * before the objects; like an object it feeds nothing in the mix */
  bool bed;
  /* tracks: `objects: keep`, the objects of the track's ADM BWF kept as
   * objects of master's ADM BWF (their tracks and blocks as the file has
   * them), the track playing its bed alone; `render` (false, the
   * default): the whole scene rendered into the track's layout */
  bool keep_objects;
  /* tracks: what of the track's ADM BWF plays, as BS.2127 section 5.2
   * lets a user choose: `programme:` an audioProgrammeID (NULL: the one of
   * the lowest ID), `complementary:` audioObjectIDs, each one of a
   * complementary group's (NULL: each group's first) */
  char *adm_programme;
  char **adm_complementary;
  size_t n_adm_complementary;
  bool has_adm_programme, has_adm_complementary; /* given: in the job's key */
} sp_strip;

/* The points strip s's mute silences (SP_MUTE_*). */
static inline unsigned sp_strip_mute_points(const sp_strip *s)
{
  return s->mute_points ? s->mute_points : SP_MUTE_ALL;
}

/* Whether s's own mute silences every one of the points pts (its mute
 * refused: not known, and judged as sounding). */
static inline bool sp_strip_mutes(const sp_strip *s, unsigned pts)
{
  return s->mute && !s->mute_unread && (sp_strip_mute_points(s) & pts) == pts;
}

/* A region's fade (`fade_in:`, `fade_out:`, an SP_KEY_S_FADE), drawn
 * over its length: `fade_in: 10 ms` a ramp; `fade_in: ardour` Ardour's
 * default region fade (64 frames of its curve, sp_fade_default_in,
 * core/recipe/fade.h); `{length: 1 s, shape: power}` one of Ardour's
 * shapes; `{curve: [[t, gain], ...]}` the curve through those points
 * (times from the fade's start, linear gains; its length is the last
 * time), `{points: ...}` a saved list drawn as Ardour reads it. An opaque
 * region fades the regions below it by the `inverse:` points (times from
 * the fade's start, linear gains; n == 0: the fade's own inverse,
 * sp_fade_curve_inverse, or 1 - gain for a ramp or a curve). */
typedef struct sp_fade {
  sp_time length;
  sp_fade_shape shape;
  sp_auto curve; /* shape SP_FADE_CURVE or SP_FADE_POINTS: its points */
  sp_auto inverse;
} sp_fade;

/* A region's audio stretched in time, or shifted in pitch, before it
 * plays (the media's stretcher: io/audio/stretch.c, Rubber Band's offline
 * engine). `stretch: 1.25` plays the file from `from` 1.25 times as long;
 * `warp: [[src, at], ...]` plays source second src[i] at second at[i] of
 * the region (at[0] is 0; both increasing; linear between points; `from`
 * is the first point's src); `pitch: -2 st` shifts the pitch by semitones
 * and keeps the time. */
typedef struct sp_stretch {
  bool on;           /* one of the three given: the stretcher runs */
  double ratio;      /* `stretch:` region seconds per source second; 0: not given */
  sp_time *src, *at; /* `warp:` its n points (n == 0: none) */
  size_t n;
  double pitch_st; /* `pitch:` semitones, -24 .. 24 */
} sp_stretch;

/* The most a region's own gain holds, dB: Ardour's Normalize raises a
 * region by up to +140 dB (a peak of -140 dBFS, the least it normalizes,
 * to 0 dBFS: AudioRegion::normalize). */
#define SP_REGION_GAIN_MAX_DB 144.0

typedef struct sp_region {
  /* `file:` or `midi:` (an SP_KEY_S_INPUT: the three in this order): the
   * path as written, resolved against the recipe's folder, and the recipe
   * path of the key (tracks.a.regions[0].file) */
  char *file, *path, *key;
  /* The file as the session names it, where a session's reader made it
   * (a DAWproject's embedded audio, extracted: "song.dawproject:
   * audio/kick.wav"), set by the reader once: what every message, report
   * and listing names the file by (sp_region_named); NULL: its path. No
   * key of the recipe: its text, its walk and its cache key know none. */
  char *name;
  /* `files: [a%L.wav, a%R.wav]` (an SP_KEY_S_INPUTS: the three arrays in
   * this order, n_files of each): the region's channels are these files'
   * channels side by side, in order, each file read from `from` (one
   * shorter than the region is silent past its end), as Ardour plays a
   * stereo region of two mono files; file, path and key then hold a copy
   * of the first's. n_files 0: `file:` or `midi:` alone. */
  char **files, **paths, **keys;
  size_t n_files;
  /* `midi:` (file and path are a Standard MIDI File's) rather than
   * `file:`: notes an instrument plays, of the file's track `track:` (by
   * its name, midi_track; or its number from 1, midi_track_no; 0: every
   * track) */
  bool midi;
  char *midi_track;
  int midi_track_no;
  /* `channel:` a MIDI region's channel (1 to 16), an audio region's
   * file's channel (from 1) it plays alone, as a mono region; 0: all */
  int channel;
  /* A MIDI region's playback channels, as a DAW's track filters them
   * after the pick: `keep_channels:` bit c keeps channel c + 1's
   * messages, the others' left out (0: all kept); `force_channel:` every
   * channel message played on that channel (1 to 16; 0: each its own) */
  unsigned keep_channels;
  int force_channel;
  sp_time at, from, length;
  bool has_length; /* else: to the end of the file */
  double gain_db;  /* the region's own gain (`regions:` entries only), 0 dB by default */
  bool invert;     /* `invert: true` (`regions:` entries only): its gain times -1 */
  sp_fade fade_in, fade_out;
  /* `opaque: true` (`regions:` entries only): the region covers the
   * regions listed before it on its track, as an opaque region on a higher
   * layer does in Ardour: under its body they are silent; under its fades
   * they are faded by the fade's inverse (sp_fade.inverse). */
  bool opaque;
  /* `envelope:` (`regions:` entries only): the region's gain over its own
   * time (0 = its first frame), in dB, drawn between points along
   * Ardour's fader law as Ardour draws a region's gain envelope; n == 0:
   * none. */
  sp_auto envelope;
  /* `stretch:`, `warp:`, `pitch:` (audio only); not on: the file as it is */
  sp_stretch stretch;
  /* its `from`, `length`, `stretch` or `warp` refused (said; the check
   * puts a refused one back to its default): how long it plays is not
   * known, and what hangs on it (a fade that does not fit, a length past
   * the file's end) is not judged */
  bool span_unread;
  /* a file of its `files:` refused (said): its channels are not known */
  bool files_unread;
} sp_region;

/* What every message, report and listing names region g's file by: the
 * name its session gives it (sp_region.name), else its path. */
static inline const char *sp_region_named(const sp_region *g)
{
  return g->name ? g->name : g->path;
}
/* The same where a message names a file as the recipe writes it: the
 * name its session gives it, else its path as written. */
static inline const char *sp_region_written(const sp_region *g)
{
  return g->name ? g->name : g->file;
}

typedef struct sp_track {
  char *name;
  sp_region *regions;
  size_t n_regions;
  size_t cap_regions;  /* room in regions (SP_GROW): a looped clip makes thousands */
  bool regions_listed; /* written as `regions: [...]` rather than `file:` */
  /* its `regions:`, or one of them, refused whole and left out by its
   * reading (said): what it plays, and so its channels, not known */
  bool regions_unread;
  /* only a --set names it, and it plays nothing (said by the check: most
   * likely a name mistyped): what its name would hold, a stem, is not judged */
  bool set_only;
  sp_strip strip;
} sp_track;

typedef struct sp_bus {
  char *name;
  sp_strip strip;
} sp_bus;

typedef struct sp_stem {
  char *name;
  char **members; /* track or bus names */
  size_t n_members;
  /* one given and refused (said; by its reading or the check): which
   * tracks it holds is not known */
  bool members_unread;
} sp_stem;

typedef enum sp_split { SP_SPLIT_SOURCES, SP_SPLIT_BUSES } sp_split;

/* An alternate version of the mix, printed beside it as <name>.<ext>. */
typedef struct sp_version {
  char *name;
  char **names; /* stems, tracks or buses (a bus = every track feeding it) */
  size_t n_names;
  bool keep; /* keep: only these sound; else mute: these are left out */
  bool mute; /* `mute:` given */
  bool own;  /* mode own: a render of its own; else linked to the mix's dynamics */
  /* its `mode:` refused (said): linked or own is not known, nor what
   * hangs on it judged */
  bool mode_unread;
} sp_version;

/* output.bwf: a Broadcast WAV bext chunk (EBU Tech 3285) in every WAV
 * print. description is a template as output.name's ({name}, {Name},
 * {kind}, ...); date and time as the chunk holds them ("2026-11-25",
 * "14:30:00"), from the recipe or SOURCE_DATE_EPOCH, empty without
 * either (never the render's clock: the same recipe prints the same
 * bytes); start: where the timeline's 0 is on the delivery's clock (the
 * time reference of each file's first sample). */
typedef struct sp_bwf {
  bool on;
  char *description, *originator, *originator_reference;
  char date[11], time[9];
  sp_time start;
} sp_bwf;

/* A loudness rule (checks.loudness, or a set's own): the mix's integrated
 * loudness within target ± tolerance, and every file's true peak at most
 * max_true_peak. */
typedef struct sp_loudness_rule {
  bool on;
  const char *preset; /* static name, NULL: none */
  bool has_target;
  double target_lufs, tolerance_lu;
  /* the target is a ceiling (a preset's: streaming-immersive, at most -18
   * LUFS however far under), unless a tolerance written beside it makes
   * a band: sp_loudness_ceiling */
  bool at_most;
  bool has_max_true_peak;
  double max_true_peak_dbtp;
} sp_loudness_rule;

/* Whether rule's target is a ceiling (at_most, no tolerance beside it). */
static inline bool sp_loudness_ceiling(const sp_loudness_rule *rule)
{
  return rule->at_most && rule->tolerance_lu == 0;
}

/* Whether integrated loudness i (LUFS; NAN: none) passes rule's target:
 * at most it, or within its tolerance of it (as every judge holds it, to
 * 1e-9). */
static inline bool sp_loudness_passes(const sp_loudness_rule *rule, double i)
{
  return !(i != i) &&
         (sp_loudness_ceiling(rule) ? i <= rule->target_lufs + 1e-9
                                    : fabs(i - rule->target_lufs) <= rule->tolerance_lu + 1e-9);
}

/* output.also: one more set of every print, in another format, rate or
 * depth, made from the master set's file (resampled by libsoxr, dithered
 * on its own, encoded), as a delivery spec lists them. */
typedef struct sp_output_set {
  sp_format format;
  double rate;    /* Hz; the session's when not given */
  sp_depth depth; /* lossless formats; lossy: unused */
  bool dither;    /* TPDF, 16 and 24 bit */
  double kbps;    /* lossy: the bitrate, a whole number */
  char *name;     /* its file name template, or NULL: output.name's */
  /* `layout:` its files' channels, folded from each print's (by `fold:`,
   * BS.775's when not given); NULL: the prints' own */
  const sp_layout *layout;
  bool has_layout; /* layout given: the fold is in the job's key */
  sp_fold fold;
  bool split; /* `channels: split`: a mono file a channel (multi-mono), {channel} in its name */
  /* `loudness:` its files' own rule (a fold-down's spec) when on, or none
   * (loudness_none), instead of checks.loudness */
  sp_loudness_rule loudness;
  bool loudness_none;
} sp_output_set;

/* output.stem_mp4: a DJ's stem file (Native Instruments' Stem format,
 * io/audio/m4a.h's sp_stem_mp4) made from the mix's and four stems'
 * prints of the master set (a stem of the file may be a group of printed
 * stems, summed), beside them. */
typedef struct sp_stem_file {
  bool on;
  /* the file's four stems, in its order: each its name and the printed
   * stems summed into it (a printed stem's own: [itself]) */
  sp_stem *stems;
  size_t n_stems;
  char **colors; /* "#RRGGBB" each; none: the defaults */
  size_t n_colors;
  int codec;   /* 0: ALAC, 1: AAC */
  double kbps; /* AAC's bitrate a track */
  char *name;  /* its file name template ({name}: the mix's); ".stem.mp4" added */
} sp_stem_file;

typedef struct sp_output {
  char *dir; /* template as written; `{recipe}` = recipe base name */
  sp_format format;
  sp_depth depth;
  bool dither; /* TPDF, for 16 and 24 bit */
  char *mix;   /* the mix's name ({name} in its file name) */
  /* output.name: file name templates (core/base/names.h) by kind of output,
   * indexed by sp_out_kind's order: mix, stems, versions, printed buses;
   * NULL: "{name}" */
  char *name[4];
  sp_bwf bwf;
  sp_tags tags;        /* output.tags: the .m4a files' */
  sp_output_set *sets; /* output.also */
  size_t n_sets;
  sp_stem_file stem_mp4; /* output.stem_mp4 */
} sp_output;

/* master.adm.profile: none, the Dolby Atmos Master ADM Profile's, BS.2076-2's. */
typedef enum sp_adm_profile {
  SP_ADM_PROFILE_NONE,
  SP_ADM_PROFILE_DOLBY,
  SP_ADM_PROFILE_BS2076
} sp_adm_profile;

/* Where a recipe path was written: its place in the text (a YAML file's
 * line and column; a session's recipe's, the line of the session's
 * element it came from, no column), from: the file it names where not
 * the recipe's own (a --set, `--stems`, a session's file of elements:
 * "song.dawproject:project.xml"; NULL: the recipe's file), bare: its
 * value was written as a plain number, no unit (what a message about its
 * range hints at: 90 meant 90 ms). */
typedef struct sp_where {
  char *path;
  sp_pos pos;
  char *from;
  bool bare;
  /* Not a place but an item of a list whose reading (or the check) left
   * out an item before it, so that its index in the model is not the one
   * written: 1 + its index as written, path its model's
   * ("tracks.a.sends[0]" of `sends: [5, {to: verb}]`), pos and from
   * unused (sp_recipe_note_item); 0: a place. */
  size_t item;
  /* Where the other half of the key/value pair it was noted at was
   * written, and what put it there (as pos and from): its key, of a path
   * noted at its value (recipe_check_keys_but); its value, of a track's
   * or a bus's name, noted at its key. {0, 0} and NULL: none noted. */
  sp_pos pair_at;
  char *pair_from;
  /* Noted as a key of the object whose path is before it: the key's
   * length (path "tracks.kick.file", 4 of kick's `file:`, 9 of the track
   * "kick.file"); 0: not a key (the root, an item). A note that does not
   * say (sp_recipe_note_value) takes the last note's of its path, or its
   * path's last name's. */
  size_t key_len;
  /* The value at path as its session writes it, where its reader read it
   * in another unit than the recipe's ("1.5 normalized", of a
   * DAWproject's Pan the recipe holds as pan 2): what the check says of
   * the value at path itself it says with (the text its user fixes); NULL:
   * written as the recipe holds it. */
  char *written;
} sp_where;

/* What a place a --set made names as its file (sp_where.from): the set,
 * "--set KEY=VALUE". */
#define SP_SET_FROM "--set "
/* Whether from (a place's file, a YAML node's: NULL the text's) is a
 * --set's; whether w is a place a --set made. */
static inline bool sp_from_set(const char *from)
{
  return from && strncmp(from, SP_SET_FROM, sizeof SP_SET_FROM - 1) == 0;
}
static inline bool sp_where_set(const sp_where *w) { return w && sp_from_set(w->from); }

/* The most tracks and buses, together, one recipe may hold. */
#define SP_MAX_NODES 4096

/* A recipe's sample rate where it gives none (or one the parser refuses) */
#define SP_RECIPE_DEFAULT_RATE 48000.0

typedef struct sp_recipe {
  char *file;  /* the recipe's path as the user gave it (for messages) */
  char *dir;   /* its folder, for resolving relative paths */
  char *base;  /* its base name without extension: `{recipe}` */
  char *input; /* its file name, extension and all: `{input}` */
  /* A folder stemprint itself filled for this recipe (a DAW session's
   * extracted audio, the recipe being the session's), readable under
   * --confine; NULL: none. */
  char *trusted_dir;
  /* Files the recipe names that are not in place yet (an import's audio,
   * under temporary names until its recipe is written beside it): a file
   * written as staged[2k] (relative to dir, as the recipe names it) is read
   * at staged[2k + 1] (sp_build_resolve); n_staged pairs, owned. */
  char **staged;
  size_t n_staged;
  /* Of a recipe a session's reader built: the session's tracks it left out
   * whole, each said where it was read (sp_mix.tracks_left_out), which
   * the check's word for a recipe of no tracks names; no key holds it. */
  size_t tracks_left_out;
  /* Of a recipe a session's reader built: true, so that the check's word
   * for a recipe of no tracks is the session's; no key holds it. */
  bool of_session;

  int format; /* `stemprint:`, the recipe's format: 1 */
  double sample_rate;
  bool length_auto;
  sp_time length;
  bool tail_auto;
  sp_time tail;
  double pan_law_db; /* 0, -3, -4.5 or -6 */
  /* `pan_law: ardour`: the quadratic law of Ardour's panners
   * (sp_pan_quadratic, docs/recipe.md), not pan_law_db */
  bool pan_law_quadratic;
  /* plugin_cycle: LV2 plugins run in cycles of this many frames on the
   * output's timeline, the first plugin_cycle_first long (Ardour's export:
   * 1024 from its first frame), their moving parameters read at each
   * cycle's start; 0: no
   * cycle (a moving parameter is read every 32 frames) */
  int64_t plugin_cycle, plugin_cycle_first; /* in this order (SP_KEY_S_CYCLE) */
  /* latency: ignore: no path is delayed to line up with a latent one (no
   * compensation at a sum, a send, a key, a tap or the outputs), each plays
   * late by its inserts' latency, as Ardour's export with master connected
   * to no output */
  bool latency_ignored;

  sp_track *tracks;
  size_t n_tracks;
  sp_bus *buses;
  size_t n_buses;
  sp_strip master;

  bool has_stems;
  sp_split split;
  sp_stem *stems;
  size_t n_stems;

  sp_version *versions;
  size_t n_versions;

  sp_output output;

  bool null_auto; /* checks.null.max_residual: auto */
  double null_max_residual_dbfs;

  /* checks.loudness, judged on the printed mix (on: given): a preset's
   * values, then the keys written beside it (tolerance 1 LU by default). */
  sp_loudness_rule loudness;

  /* master.normalize: a static gain after master's chain that brings the
   * mix's integrated loudness to the target (measured in a first pass). */
  bool normalize;
  double normalize_lufs;
  /* master.adm: the mix printed again as an ADM BWF (its bed master's
   * channels, the object buses its objects; core/dsp/adm.h) named
   * adm_name ({name}: output.mix), and re-rendered into each of
   * adm_renders; adm_profile: DOLBY, the Dolby Atmos Master ADM Profile's
   * checks (profile: dolby or immersive-music); BS2076: the file laid out
   * as BS.2076-2 alone has it (profile: bs2076), not as the Dolby profile
   * does */
  bool adm;
  char *adm_name;
  const sp_layout *adm_renders[8];
  size_t n_adm_renders;
  sp_adm_profile adm_profile;

  sp_where *where;
  size_t n_where, cap_where;
  /* each path noted -> its last place in where (sp_recipe_noted) */
  sp_strmap where_at;
  /* each item's model path noted -> its last entry in where of an item
   * (sp_where.item: sp_recipe_item) */
  sp_strmap item_at;
} sp_recipe;

/* An empty recipe with every default of format 1 set (docs/recipe.md). */
sp_recipe *sp_recipe_new(const char *file);
/* r's file (for messages), its folder, base name and file name made
 * those of file (a reader's recipe taken as another's). */
void sp_recipe_name(sp_recipe *r, const char *file);
/* What a session's reader put in from that no key of its text holds put
 * in to, read again from that text (a --set over a session's recipe):
 * the names it gave the files it made (sp_region.name), on to's regions
 * that play the same file at the same place (one whose file to changed
 * keeps none), the tracks it left out (tracks_left_out), and a strip's
 * unwired where the --set left its output and its mute as they were. */
void sp_recipe_unwritten_from(sp_recipe *to, const sp_recipe *from);
/* staged's n pairs (sp_recipe.staged) copied into r, before its files are
 * resolved. */
void sp_recipe_stage(sp_recipe *r, char *const *staged, size_t n);
/* Frees everything; accepts NULL. */
void sp_recipe_free(sp_recipe *r);
/* Free what an item of one of the recipe's lists holds (a region, a
 * send, a version, a set of output.also) or a strip holds, not the item
 * itself. */
void sp_region_fini(sp_region *g);
void sp_strip_fini(sp_strip *s);
void sp_send_fini(sp_send *s);
void sp_version_fini(sp_version *v);
void sp_output_set_fini(sp_output_set *s);
/* g's files side by side (`files:`) left out: n_files 0. */
void sp_region_files_drop(sp_region *g);

/* output.stem_mp4's file name in the output folder, beside the mix
 * ("mix.stem.mp4": its name template expanded, .stem.mp4 appended; heap),
 * or NULL when the recipe asks for none. The folder's record lists it with
 * the prints (io/outdir/outdir.h). */
char *sp_stem_file_name(const sp_recipe *r);

/* Record that the object at path was written at pos (the parser does this
 * for every key it reads). */
void sp_recipe_note(sp_recipe *r, const char *path, sp_pos pos);
/* The same, of a value: from what put it there (NULL: the recipe's file),
 * bare: written as a plain number (sp_where). */
void sp_recipe_note_value(sp_recipe *r, const char *path, sp_pos pos, const char *from,
                          bool bare);
/* Item i of the model's list at path list ("tracks.a.sends") is item
 * `at` of the list as the recipe wrote it: a reader that leaves out an
 * item it cannot read (or the check, one it refuses) notes each item
 * after it so, where the two differ. A list whose items are all as
 * written (a session's) notes none. */
void sp_recipe_note_item(sp_recipe *r, const char *list, size_t i, size_t at);
/* Entry w of another recipe's table noted in r (a place or an item). */
void sp_recipe_note_where(sp_recipe *r, const sp_where *w);
/* The index as the recipe wrote it of item i of the model's list at
 * path list (i itself, where none before it was left out). */
size_t sp_recipe_item_at(const sp_recipe *r, const char *list, size_t i);
/* The path of item i of the model's list at path list as the recipe
 * wrote it, "list[at]" (sp_recipe_item_at): what every message about it
 * names, and looks its place up by; heap. */
char *sp_recipe_item(const sp_recipe *r, const char *list, size_t i);
/* The index as the recipe wrote it of set of r's output.also (one of
 * r->output.sets): sp_recipe_item_at. */
size_t sp_output_set_at(const sp_recipe *r, const sp_output_set *set);
/* The places (and items) noted from the first n on forgotten. */
void sp_recipe_forget(sp_recipe *r, size_t n);
/* The place noted last of path itself, or NULL: a lookup in a map, not a
 * scan of them all (a recipe of 50,000 regions notes a million). */
const sp_where *sp_recipe_noted(const sp_recipe *r, const char *path);
/* The place of key of the object at path as written, or NULL: not
 * written. Names may hold a '.', so a path's text alone does not say whose
 * key it is (tracks.kick.file: the `file:` of track kick, or the track
 * "kick.file"): the key noted as a key of path (sp_where.key_len), noted
 * since the object was (a whole object a --set gives holds only its own
 * keys). What the reader's settles and the check ask of an object's keys. */
const sp_where *sp_recipe_noted_key(const sp_recipe *r, const char *path, const char *key);
/* Where path was written (the entry itself, or, for a path not written, of
 * its nearest written parent), or NULL. A path as the canonical recipe
 * spells it (core/job: a track's one region as regions[0], a moving
 * value's points under points:, each point's time and value as t and v)
 * is looked up as the text spells it where the text wrote it otherwise
 * (its region's keys on the track, the points as a list alone, a point as
 * [time, value]). */
const sp_where *sp_recipe_origin(const sp_recipe *r, const char *path);
/* The name of a track (buses: of a bus) r writes itself, not one a --set
 * names, nearest name (a did-you-mean, sp_suggest), or NULL: what a name
 * only a --set gives most likely meant. */
const char *sp_recipe_name_meant(const sp_recipe *r, bool buses, const char *name);
/* The argument of a --set that gives value at path (a model path:
 * "tracks.Kick Drum.1.file"; value "PATH"), as a message suggests it and a
 * shell takes it pasted (heap): the name of r's track or bus it is under,
 * or of the stem it is (`stems."lead.vox"`), in double quotes where the
 * key would not read it back bare (a character
 * but letters, digits, '_' and '-': `tracks."Kick Drum.1".file`), the
 * whole in single quotes where a shell would split or read it. */
char *sp_recipe_set_arg(const sp_recipe *r, const char *path, const char *value);
/* Where path was written; for a path that was not written (a default), the
 * position of its nearest written parent; {0,0} when nothing matches. */
sp_pos sp_recipe_where(const sp_recipe *r, const char *path);
/* Whether recipe path is key itself or a path under it ("tracks" holds
 * "tracks", "tracks.a" and "tracks[0]", not "tracks_x"). */
bool sp_recipe_path_under(const char *path, const char *key);
/* Whether the recipe wrote path itself (not a default under a written
 * parent). */
bool sp_recipe_written(const sp_recipe *r, const char *path);

/* The file path's place names (its origin's, sp_where.from, or r's). */
const char *sp_recipe_file_at(const sp_recipe *r, const char *path);
/* Where path was written as a message names it: "FILE:LINE:COL" (of an
 * element's line, "FILE:LINE"; unplaced, "FILE"), into buf. buf. */
const char *sp_recipe_at_text(const sp_recipe *r, const char *path, char *buf, size_t size);

/* Report an error about the object at path, positioned from the table. */
void sp_recipe_error(const sp_recipe *r, sp_diags *d, sp_err kind, const char *path,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void sp_recipe_verror(const sp_recipe *r, sp_diags *d, sp_err kind, const char *path,
                      const char *fmt, va_list ap);
void sp_recipe_warn(const sp_recipe *r, sp_diags *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
