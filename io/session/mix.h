/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_MIX_H
#define SP_SESSION_MIX_H

/* A mix as a DAW session states it, in recipe terms: what every session
 * reader (io/session/dawproject.c, ...) builds, and the recipe builder
 * (io/session/session_build.h) makes a recipe of (docs/sessions.md). Times are seconds on the session's
 * timeline, levels dB (-INFINITY: silence), pans -1 .. +1.
 *
 * A reader says what the recipe cannot carry with sp_mix_loss: a comment at
 * the place in the recipe and a warning naming the session's element; with
 * strict set every loss is an error instead (exit 2). */

#include "core/dsp/automation.h"
#include "core/dsp/curves/curve.h"
#include "core/dsp/tempo_map.h"
#include "core/base/diag.h"
#include "core/base/strmap.h"
#include "core/base/layout.h"
#include "core/procs/proc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/recipe.h"
#include "io/session/session_build_insert.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most regions, and warp points, one import makes (docs/sessions.md):
 * the recipe an import writes is read back whole (its YAML at most a
 * million nodes, io/recipe/yamltree.c; a region some 13, a warp point 3),
 * so each reader counts what it makes, loops included, against these and
 * stops at the element that passes them. */
#define SP_SESSION_MAX_REGIONS 50000
#define SP_SESSION_MAX_WARP_POINTS 50000

/* A timed value as a reader reads it: the recipe's own (sp_auto,
 * core/dsp/automation.h) with its values as read, not yet checked: the
 * session builder settles it when it places it (build_timed_settle) and the
 * recipe's check judges it (core/recipe/check.c), which the reader may
 * compute on until then (shift it, scale it by VCAs, or its steps). A constant (n ==
 * 0) or points, each at a time in seconds, or a frame (t.in_frames,
 * t.frames) in a list of frames: a level stepping (`ramp: declick`), a
 * mute's or a polarity's steps; levels in dB (-INFINITY: silence), pans
 * -1 .. +1; ramp, interp, tempo, vca and start as the recipe's. Its points
 * grow by sp_mix_auto_point and sp_mix_auto_frame alone (their capacity
 * is the next power of two). */

/* A region as a reader reads it: the recipe's own region, each value as
 * the parser holds it, set by the reader where it reads it (while it still
 * computes on it: cuts it at the session range, layers it, gives it the
 * inverses of the fades above it, filters its MIDI channels), and moved
 * whole under its track when the session builder places it
 * (build_region_place, io/session/session_build_region.c), which says
 * there what the parser would say of its file(s) and fades. Of region: file, as the recipe writes
 * it (relative to the recipe's folder, or absolute; an empty one said when placed), or files
 * (n_files ≥ 2: files played side by side, each's channels after the ones before, Ardour's stereo
 * region of two mono files, NAME%L.wav and NAME%R.wav; file then the first's copy;
 * sp_mix_region_files); midi (a Standard MIDI File played into the
 * strip's instrument: no fades, gain, envelope or opacity); channel (an
 * audio region playing one channel of its file alone, from 1; 0: all);
 * keep_channels and force_channel (a MIDI region's playback channels);
 * at, from and length in seconds (has_length set); gain_db (its own
 * gain); envelope (its gain over its own time, dB; see sp_auto above);
 * opaque (it covers the regions before it on its strip, fading them under
 * its fades by their inverses when given: n ≥ 1, points as a fade
 * curve's, or one constant); fade_in and fade_out as the recipe draws
 * them: a ramp of length seconds (none when not above 0, its inverse with
 * it), Ardour's default (SP_FADE_DEFAULT, its length in frames:
 * sp_mix_fade_default), a curve or a saved list (SP_FADE_CURVE,
 * SP_FADE_POINTS: n ≥ 2 points in seconds from the fade's start and linear
 * gains, its length the last point's time: sp_mix_fade_drawn), and its
 * inverse; stretch, a warp (sp_mix_region_warp); name, the file as the
 * session names it where the reader made it (sp_region.name). The rest
 * of it the builder's (key, path, paths, keys: set when placed). */
typedef struct sp_mix_region {
  sp_region region;
  bool stereo; /* read from two sources (an Ardour region): a stereo file, or two */
  int line;    /* the line of the session's element it was read from (0: its track's) */
  /* silent, opaque, standing for the body of an Ardour region whose reads
   * fail (past its file's end): kept by its reader only where it covers
   * another region */
  bool hides;
  /* a MIDI region whose events its file already holds on the channels its
   * track's playback mode sends them on (an Ardour region of a track that
   * forces a channel, whose note-offs at its end go out on other
   * channels): its reader sets no channel mode on it */
  bool own_channels;
} sp_mix_region;

typedef struct sp_mix_send {
  /* The recipe's own send, its values as the reader set them: to, a
   * strip's id (sp_mix_strip.id) until sp_mix_finish, then its name; tap
   * (post: sp_mix_send_add's; sp_mix_send_tap), each as the parser sets
   * it; pan, its gain matrix (has_gains: the pan is that matrix,
   * sp_mix_send_gains), or its own position (pan.plain, has_pan); its
   * level and pan.plain as read (see sp_auto above), which the builder
   * checks when it places the strip. */
  sp_send send;
  bool has_gains, has_pan;
  size_t tap_after; /* send.tap's after as read (SP_TAP_FADER), checked where it is placed */
  int line;         /* the line of the session's element it was read from (0: its strip's) */
  /* the lines of the elements its level's and its pan's points were read
   * from (an automation list's; 0: its own): what is said of a point said
   * there */
  int level_points_line, pan_points_line;
} sp_mix_send;

typedef enum sp_mix_kind { SP_MIX_TRACK, SP_MIX_BUS, SP_MIX_MASTER } sp_mix_kind;

typedef struct sp_mix_strip {
  sp_mix_kind kind;
  char *id;    /* the session's own identifier, for routing before names are made */
  char *title; /* the session's name for it */
  char *name;  /* the recipe's name, made by sp_mix_finish */
  int line;    /* the line of the session's element it was read from (0: the session's) */
  /* its regions, in order: placed under its track as they are */
  sp_mix_region *regions;
  size_t n_regions, cap_regions;
  /* a track of mono regions that is stereo (`layout: stereo`: each plays
   * on both sides, into a stereo panner), as an Ardour track of two
   * channels plays them */
  bool stereo;
  /* a mono route made stereo by a stereo plugin (its `fold: stereo`):
   * two channels into its panner and outputs, as Ardour's route has */
  bool widened;
  /* The channels of the audio its regions play, as they are read: 0 none
   * yet, 2 mono or stereo, else the count of a layout wider than the
   * strip's own, which its first insert folds into it (DAWproject: a 5.1
   * clip on a stereo track) */
  int clip_channels;
  /* Ardour's solo isolate (not muted by others' solo; neither are the
   * routes its output feeds) and solo safe (its solo is its own: others'
   * do not solo it) */
  bool solo_isolate, solo_safe;
  /* Ardour's own record of the solo others give it (its solo control's
   * soloed-by-upstream and soloed-by-downstream, saved): where saved
   * (solo_others_saved), the solo Ardour loads and plays, whatever the
   * routing would propagate (Ardour propagates a solo only when it
   * changes); else the routing's (sp_mix_finish) */
  bool solo_others_saved, solo_by_others;
  /* A track whose output reaches no route (wired to the hardware alone,
   * or to nothing; strip.unwired): muted at its main output alone
   * (mute_points: [main]), its sends playing, as Ardour plays them;
   * unwired_points, the mute points of its own (0: every one), at which
   * another's solo mutes it (sp_mix_finish) */
  unsigned unwired_points;
  /* the channels a moving polarity's masks are of (strip.invert.moves) */
  size_t invert_channels;
  /* its polarity given channel by channel, of strip.invert.n channels as
   * read (none, or more than a strip has: said where it is placed) */
  bool invert_listed;
  /* ---- a strip's values built at once (io/session/session_build_strip.h) */
  /* The recipe's own strip, its values as the reader set them: each of
   * its numbers and switches as the parser sets it (sp_mix_strip_number
   * and the typed calls): trim_db, has_width and width, mute, mute_points, solo, layout (a
   * track's is its reader's alone: not placed; stereo places `layout:
   * stereo`), pan's gains (has_gains: the pan is that matrix,
   * sp_mix_strip_gains), invert, has_fold and fold, its output (to: a
   * strip's id until sp_mix_finish, then its name; NULL: master; to_none:
   * a bus that feeds nothing). Its timed values as read (see sp_auto
   * above), which the builder checks when it places the strip: gain,
   * pan.plain, trims (a moving trim, in trim_db's place), widths (width's),
   * mutes (1 muted, 0 not, from each point's frame, the first's before it
   * too; mute's), invert.moves (each point's value the mask of inverted
   * channels, of invert_channels, from its frame; invert's). The rest the
   * builder's. */
  sp_strip strip;
  bool has_gains;
  sp_ins *inserts; /* built as read (io/session/session_build_insert.h) */
  size_t n_inserts, cap_inserts;
  size_t n_post; /* the last n_post inserts come after the fader (`post_inserts:`) */
  sp_mix_send *sends;
  size_t n_sends, cap_sends;
  char **notes; /* comments written above it: what was lost, how it was read */
  size_t n_notes, cap_notes;
  /* the lines of the session's elements its values were read from, at
   * their keys ("gain", "pan": pos.line; sp_mix_strip_at) */
  sp_where *at;
  size_t n_at, cap_at;
  /* a track of MIDI: its instrument (`lv2: {plugin: ...}`, `soundfont:
   * {file: ...}`), written as `instrument: {...}`; or NULL */
  sp_ins *instrument;
} sp_mix_strip;

/* Where a session's recipe paths came from: each the line of an element
 * (pos.line; 0 with from: a place of its own, --stems), in the order
 * noted, and each path's last (at: path -> its index). */
typedef struct sp_mix_origins {
  sp_where *v;
  size_t n, cap;
  sp_strmap at;
} sp_mix_origins;

/* path (taken) at pos of from (taken; NULL: the session's file) noted in
 * o, the last of path. */
void sp_mix_origin_add(sp_mix_origins *o, char *path, sp_pos pos, char *from);
void sp_mix_origins_fini(sp_mix_origins *o);

typedef struct sp_mix {
  char *source;       /* the session's path, for messages */
  char *format;       /* "DAWproject 1.0 (Bitwig Studio 5.1)" */
  /* Where its recipe's values came from (docs/sessions.md): the file its
   * elements' lines are of (an Ardour session's .ardour file, a
   * DAWproject's "PATH:project.xml"; NULL: none, the recipe's own lines),
   * the line of its root element (the recipe's own keys'), and, made by
   * the session builder as it places each strip, send, insert and region
   * at its recipe path, that path and the line of its element (pos.line;
   * sp_session_place, io/session/session.h, places the recipe by them). */
  char *origin;
  int line;
  sp_mix_origins origins;
  /* ---- the recipe's top, built at once (io/session/session_build_top.h) */
  /* the recipe's own keys (sample_rate, pan_law, plugin_cycle, latency,
   * length, tail) as the reader set them (sp_mix_top_*), in a recipe of
   * the mix's own: sp_session_build begins the session's recipe with
   * them (what they may be, the check's) */
  sp_recipe *top;
  sp_mix_strip *strips;
  size_t n_strips, cap_strips;
  /* each strip's id -> its index (sp_mix_find), made again when a strip
   * was taken out since (ids_stale: many taken out in a row, one remake) */
  sp_strmap ids;
  bool ids_stale;
  size_t n_strips_refused; /* beyond SP_MAX_NODES */
  sp_mix_strip master;
  sp_stem *stems; /* --stems listed: members strip ids until sp_mix_finish, then names */
  size_t n_stems, cap_stems;
  char *stems_how; /* how stems were chosen, a comment above them */
  char **notes;        /* comments at the top */
  size_t n_notes, cap_notes;
  bool strict;
  size_t losses;
  /* the session's tracks the reader left out whole, each said where it
   * read it: what the recipe's check says of a session of no tracks
   * (sp_recipe.tracks_left_out) */
  size_t tracks_left_out;
  /* The files the import wrote that are not in place yet, as the recipe
   * names them and where they are (sp_recipe.staged's pairs), n_staged */
  char **staged;
  size_t n_staged;
  /* the strips, by id, that tracks the reader left out fed in the
   * session (sp_mix_left_out_feeds), each with what the track was */
  struct sp_mix_fed {
    char *id;
    sp_fed_left_out how;
  } * left_out_fed;
  size_t n_left_out_fed;
  sp_diags *d;
} sp_mix;

void sp_mix_init(sp_mix *m, const char *source, bool strict, sp_diags *d);
void sp_mix_fini(sp_mix *m);

/* A new track or bus (master is m->master); pointers into m->strips stay
 * valid only until the next call. NULL, with an error in m->d the first
 * time, beyond SP_MAX_NODES (core/recipe/recipe.h): a session of a hundred
 * thousand channels is refused before it costs time. */
sp_mix_strip *sp_mix_add(sp_mix *m, sp_mix_kind kind, const char *id, const char *title);
sp_mix_strip *sp_mix_find(sp_mix *m, const char *id);
/* Take s (a track or bus of m) out of the mix. */
void sp_mix_remove(sp_mix *m, sp_mix_strip *s);
/* A track the reader leaves out fed the strip of id in the session (how:
 * SP_FED_LEFT_SILENT, it plays nothing there either; SP_FED_LEFT_LOST, a
 * loss): a bus it leaves fed by nothing is said so by the check
 * (sp_strip.fed_left_out, set by sp_mix_finish). A track of no region is
 * marked so by sp_mix_finish itself. */
void sp_mix_left_out_feeds(sp_mix *m, const char *id, sp_fed_left_out how);

/* A region of s playing file from second from at second at, length
 * seconds long (has_length), its fades ramps of fade_in and fade_out
 * seconds, as read. */
void sp_mix_region_add(sp_mix_strip *s, const char *file, double at, double from, double length,
                       double fade_in, double fade_out);
/* Take s's region k out (the regions after it keep their order). */
void sp_mix_region_remove(sp_mix_strip *s, size_t k);
/* r's warp (its stretch): n ≥ 1 points, file seconds src[i] at region
 * seconds at[i] (copied); the file then plays from src[0], its `from` 0. */
void sp_mix_region_warp(sp_mix_region *r, const double *src, const double *at, size_t n);
/* f is Ardour's default fade (`fade_in: ardour`): 64 frames of its curve. */
void sp_mix_fade_default(sp_fade *f);
/* f is drawn through its curve's points (n ≥ 2), a curve (`curve:`) or
 * a saved list (saved, `points:`): its length the last point's time. */
void sp_mix_fade_drawn(sp_fade *f, bool saved);
/* r plays the n ≥ 2 files side by side (copied), as the recipe writes
 * them; the first is its file. */
void sp_mix_region_files(sp_mix_region *r, const char *const *files, size_t n);
/* A MIDI region of s (the file as the recipe writes it). */
void sp_mix_midi_region_add(sp_mix_strip *s, const char *file, double at, double from,
                            double length);
sp_mix_send *sp_mix_send_add(sp_mix_strip *s, const char *to);
/* s's inserts from the first `from` on that name no line of their own
 * were read from the session's element at line. */
void sp_mix_inserts_at(sp_mix_strip *s, size_t from, int line);
/* Each strip's output to an id that names no strip of m goes to master;
 * a send that feeds no bus is left out, a loss ("SEND of 'TITLE'": it
 * feeds master, when it names master_id, or no bus; then why). */
void sp_mix_sends_to_buses(sp_mix *m, const char *send, const char *master_id, const char *why);
/* A point at second t (sp_mix_auto_point) or at frame f, a whole
 * number (sp_mix_auto_frame: held as the recipe writes it, "%.0f smp",
 * within int64's range), after a's last; the first sets a's value too. */
void sp_mix_auto_point(sp_auto *a, double t, double v);
void sp_mix_auto_frame(sp_auto *a, double f, double v);
/* Frame f (a whole number, within int64's range: "%.0f smp") as a time
 * (io/session/session_build_values.c, where the builder takes one). */
sp_time sp_mix_frame(double f);
/* a or b into out, two lists of steps (each point's value held from its
 * time, the first's before it too; n 0: never on): on (1) where either
 * is, on the union of their times: a point at each (every), else where
 * the value changes and at the first. Linear in their points. */
void sp_mix_steps_or(const sp_auto *a, const sp_auto *b, bool every, sp_auto *out);

/* A ramp drawn one way by a session and another by the recipe (or back):
 * its source moves linearly or geometrically in its own values, its
 * target in its own, after convert (NULL: the same values). */
typedef struct sp_mix_ramp {
  bool from_geometric, to_geometric;
  double (*convert)(double x);
  double tol;    /* how far the target may stray from the source, in its values */
  bool relative; /* tol is relative to the value */
} sp_mix_ramp;
/* The source's ramp from (t0, x0) to (t1, x1) as the target's points
 * after t0 up to t1 (t1's last), halving each piece until the target's
 * midpoint is within tol of the source's (at most 2^14 pieces). */
void sp_mix_ramp_points(sp_auto *out, const sp_mix_ramp *how, double t0, double x0, double t1,
                        double x1);
/* A level (dB) at t as a render draws it (core/dsp/automation.c): linear in dB
 * between points, -inf taken as -200 dB in a ramp (silence between two),
 * the first and last held; with several points at t, the first (left) or
 * the last. */
double sp_mix_level_at(const sp_auto *a, double t, bool left);
/* The recipe path of what was said at sub (an insert's said list, which
 * the session builder says when it places the insert, build_said_under,
 * io/session/session_builder.h; NULL: "") of
 * the object at path: "path.sub", "path[3]" for a sub "[3]", path itself
 * for "" (heap; io/session/session_build_values.c, where the builder says
 * it). */
char *sp_mix_said_path(const char *path, const char *sub);
void sp_mix_note(sp_mix_strip *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s's value at key ("gain") read from the session's element at line (0:
 * none noted): what is said of it said there; "gain[]": its points, read
 * from an element of their own (an automation list). */
void sp_mix_strip_at(sp_mix_strip *s, const char *key, int line);
/* The same, with its value as the session writes it (taken; NULL: as the
 * recipe holds it), where the reader reads it in another unit than the
 * recipe's ("1.5 normalized"): the check says it with what it says of
 * that value (sp_where.written). */
void sp_mix_strip_at_written(sp_mix_strip *s, const char *key, int line, char *written);
void sp_mix_top_note(sp_mix *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Something the recipe cannot carry: a comment on s (NULL: at the top) and
 * a warning "SESSION: ELEMENT: what", an error under strict. */
void sp_mix_loss(sp_mix *m, sp_mix_strip *s, const char *element, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same of an element at line of file (the file its lines are of,
 * sp_mix.origin: "song.dawproject:project.xml"), what it says of it
 * (what) said there of it as named ("Route 'kick'"): the warning
 * "FILE:LINE: NAMED: what", the comment naming it as element ("Route
 * 'kick' (line 17)"). With no file or line, as sp_mix_loss says it. */
void sp_mix_loss_at(sp_mix *m, sp_mix_strip *s, const char *file, int line, const char *named,
                    const char *element, const char *what);

/* Where path came from, by the one rule of every session's messages: its
 * own origin of o (the last noted), else its nearest holder's (an item of
 * a list, "a.b[2]", the list's items' where one is noted, "a.b[]": a
 * level's points, read from an element of their own, before "a.b"). NULL:
 * none of them (io/session/import.c places the recipe by the origins
 * noted, the builder its messages by those noted so far:
 * io/session/session_build_values.c). */
const sp_where *sp_mix_origin_of(const sp_mix_origins *o, const char *path);

/* Makes recipe names for every strip (the session's, cut to what a recipe
 * name may hold, unique), resolves routing ids to names, and says how
 * stems are chosen as stems says (docs/sessions.md): "groups" (NULL, the
 * default: each top-level group or bus a stem, each track straight to
 * master one of its own) and "tracks" (a stem per track) on the recipe
 * (io/session/import.c), "none", or an explicit list
 * "NAME=STRIP,STRIP;NAME=..." naming strips by their session names, made
 * here. Errors (an unknown name in an explicit stem list) go to m->d. */
sp_err sp_mix_finish(sp_mix *m, const char *stems);

/* v as the shortest decimal that reads back as v ("-inf", "inf" for the
 * infinities), in a value of its own: sp_mix_num(v).text lives to the end
 * of the full expression, so several may appear in one printf, on any
 * number of threads at once (imports run on render's workers). */
typedef struct sp_mix_number {
  char text[40];
} sp_mix_number;
sp_mix_number sp_mix_num(double v);

#endif
