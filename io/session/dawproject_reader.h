/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_DAWPROJECT_READER_H
#define SP_SESSION_DAWPROJECT_READER_H

/* What the files of the DAWproject reader share (io/session/dawproject.c
 * and the dawproject_*.c beside it): the reader's state, how it says
 * errors and losses, and each file's functions the others call. */

#include "core/base/strmap.h"
#include "core/procs/lv2.h"
#include "io/session/dawproject_keys.h"
#include "io/session/mix.h"
#include "io/session/session_build_strip.h"
#include "io/session/part.h"
#include "io/session/reader.h"
#include "io/session/session.h"
#include "io/session/zip.h"
#include "io/xml/xml.h"

/* The largest audio entry extracted, and the most audio one import
 * extracts in all (a few MB of deflate can claim terabytes). */
#define SP_DAWPROJECT_MAX_AUDIO (16ull << 30)

#define SP_DAWPROJECT_MAX_AUDIO_TOTAL (64ull << 30)

/* The free space an extraction leaves at least, in bytes. */
#define SP_DAWPROJECT_SPARE (256.0 * 1e6)

/* The most MIDI messages one import writes (two a note), and the most
 * notes and points it reads, loops and clips in clips counted as often as
 * they play (a tiny loop of a dense clip could ask for billions). */
#define SP_DAWPROJECT_MAX_EVENTS 4000000

#define SP_DAWPROJECT_MAX_VISITS 50000000

/* How deep aliased clips (Clip reference=) may refer to one another. */
#define SP_DAWPROJECT_MAX_DEPTH 32

typedef struct tempo_pt {
  double beat, bpm;
  bool hold; /* the tempo holds to the next point, else ramps linearly in beats */
  /* of a TempoAutomation in seconds: the ramp to the next point, linear in
   * seconds there, in bpm a second (0: none) */
  double per_sec;
} tempo_pt;

typedef struct tempo_map {
  tempo_pt *v;
  double *sec; /* the seconds at each point's beat (dp_tempo_sum) */
  size_t n;
  double bpm; /* before the first point, or throughout */
  bool steady; /* every point at the first's bpm (dp_tempo_sum) */
} tempo_map;

typedef enum target_kind {
  T_VOLUME,
  T_PAN,
  T_MUTE,
  T_SEND_VOLUME,
  T_SEND_PAN,
  T_OTHER
} target_kind;

/* A parameter automation may target. */
typedef struct target {
  const char *id;
  target_kind kind;
  size_t strip; /* index in m->strips, or SIZE_MAX: master */
  size_t send;
  const char *unit;
  double min, max;
  bool has_range;
  bool valueless;   /* the parameter has no value (stemprint's stands for it) */
  const char *what; /* for messages: "Volume of 'Kick'" */
} target;

/* Automation found in the arrangement (dp_find_points). */
typedef struct found_points {
  const char *pid;    /* its target parameter's id */
  const xmlNode *pts; /* the Points */
  bool beats;         /* its lane's times are beats */
  bool taken;         /* read by a device */
} found_points;

/* An instrument track: its part in frames, its clips' end, the losses
 * said of it (once each). */
typedef struct notes_track {
  char *strip_id; /* its strip's id */
  char *title;
  sp_part part;
  int64_t clips_end; /* frames */
  bool said_value, said_per_note, said_content, said_fade, said_late, said_no_vel;
} notes_track;

/* A name and what it stands for. */
typedef struct id_pair {
  char *from, *to;
} id_pair;

/* A level whose ramps linear in amplitude were read as the recipe's
 * points between the points written (sp_mix_ramp_points): the written
 * ones' times, so that where it passes what a recipe's level holds it is
 * judged as written (dp_ramps_as_written). */
typedef struct ramp_read {
  char *strip_id; /* its strip's id; NULL: master */
  size_t send;    /* the send's level, or SIZE_MAX: the strip's gain */
  sp_auto written;
} ramp_read;

typedef struct reader {
  sp_session_where where; /* errors and losses (reader.h) */
  const char *path;       /* the .dawproject */
  const char *xml_name;   /* "song.dawproject:project.xml" for messages */
  const sp_import_opts *o;
  sp_zip *zip;
  sp_mix *m;
  sp_diags *d;
  tempo_map tm;
  char *session_dir;
  char *recipe_dir;
  char *audio_dir;     /* where embedded audio goes */
  bool audio_dir_made; /* made (or found) by the first extraction */
  bool audio_cache;    /* audio_dir is the content-addressed cache */
  id_pair *tracks;     /* track ids to channel ids */
  size_t n_tracks;
  target *targets;
  size_t n_targets, cap_targets;
  found_points *points;
  size_t n_points;
  id_pair *extracts; /* entries to the files they were extracted to */
  size_t n_extracted;
  /* each's entry, and its file, to its place in extracts */
  sp_strmap extracted_from, extracted_to;
  char **created; /* the files this import made, removed if it fails */
  size_t n_created;
  sp_dp_rates rates; /* the audio's */
  double rate;       /* the session's, the most of its audio's: times read at it */
  char *master_id;
  char **vcas;
  size_t n_vcas;
  bool said_notes;
  int clip_depth;     /* audio clips inside clips (or aliases of them) being read */
  uint64_t extracted; /* bytes of audio extracted so far */
  size_t regions;     /* regions made so far */
  bool said_regions;
  size_t warp_points; /* written, against SP_SESSION_MAX_WARP_POINTS */
  notes_track *notes; /* the instrument tracks */
  size_t n_notes;
  const xmlNode *instrument_dev; /* the channel's instrument, read before its devices */
  char **tracks_out; /* ids of tracks left out or not loaded (their lanes say nothing more) */
  size_t n_tracks_out;
  char **made_ids; /* the ids given channels that have none (dp_channel_id) */
  size_t n_made_ids;
  char **mono; /* ids of tracks' channels of one audio channel */
  size_t n_mono;
  char **midi; /* the MIDI files written (sp_session_write_midi) */
  size_t n_midi;
  size_t events, visits; /* MIDI messages made, notes and points read */
  bool said_events;
  /* every element with an id, by id (made when one is first looked up:
   * dp_find_id) */
  sp_xml_index ids;
  bool ids_made;
  const xmlNode *root;
  const xmlNode **bad; /* notes said to be wrong */
  size_t n_bad;
  struct probed *probed; /* the audio files read (sp_import_opts.media), each once */
  size_t n_probed;
  sp_strmap probed_at; /* each's path -> its place in probed */
  ramp_read *ramps;
  size_t n_ramps;
} reader;

/* An audio file as its opener read it: its path (the recipe's), and what
 * it holds (read false: it could not be read). */
typedef struct probed {
  char *path;
  sp_audio_info in;
  bool read;
  char *why; /* embedded and not opened: why, said where a clip plays it (once) */
} probed;

/* Errors and losses, said the way every session reader says them. */
#define error(r, ...) sp_session_error(&(r)->where, __VA_ARGS__)

#define loss(r, ...) sp_session_loss(&(r)->where, __VA_ARGS__)

/* Attribute name of element n as a number into *v; one that is not a
 * number is an error at n. */
#define number(r, n, name, v) sp_xml_number(n, name, v, (r)->xml_name, (r)->d)

/* An instrument track's instrument: the first device of its channel whose
 * role is instrument, which stemprint runs when it is a Device whose
 * deviceID is the URI of an LV2 instrument installed here, or stemprint's
 * SoundFont device (SP_DAWPROJECT_SOUNDFONT, as `stemprint export`
 * writes it: the .sf2 as its State). */
typedef struct instrument {
  const xmlNode *dev; /* NULL: the channel has none */
  const sp_lv2_plugin *lv2;
  bool soundfont;
  bool bypassed;
  bool unloaded; /* loaded="false": the DAW runs it not, as if bypassed */
  char why[256]; /* why stemprint cannot run it */
} instrument;

/* What an embedded entry must be: audio, a SoundFont (an instrument's
 * samples, RIFF....sfbk) or an LV2 plugin's state (Turtle: text). */
typedef enum entry_kind { E_AUDIO, E_SOUNDFONT, E_STATE } entry_kind;

/* A window of the timeline (seconds) that clips are cut to, and the map
 * from the content's own time unit to timeline beats or seconds. */
typedef struct window {
  double start, end; /* seconds */
  bool beats;        /* lane times are beats */
  double offset;     /* lane time of content time 0 */
} window;

/* ---- dawproject_values.c ------------------------------------------------------- */

/* The map's seconds at each of its points (tm->sec), from the first:
 * made when its points are read, before dp_to_seconds reads it. */
void dp_tempo_sum(tempo_map *tm);
/* Beat beat in seconds through the map (a search of its points). */
double dp_to_seconds(const tempo_map *tm, double beat);
/* The beat at second sec (dp_to_seconds inverted). */
double dp_beats_of(const tempo_map *tm, double sec);
/* The last beat from beat b on to which the tempo holds, so that
 * dp_to_seconds is a line from b to it (INFINITY: for ever); b itself
 * where it ramps from b, and then *ramps_to the beat its ramp runs to
 * (each beat from b up to it is its own answer; else *ramps_to is b). */
double dp_tempo_holds_to(const tempo_map *tm, double b, double *ramps_to);

/* Lane time lane_t of window w in seconds (its beats through the map). */
double dp_sec_of(const reader *r, const window *w, double lane_t);

/* Whether a timeUnit u says beats (absent: def). */
bool dp_unit_beats(const char *u, bool def);

/* v to 12 significant digits: a value a unit conversion made (a ratio from
 * a percent, a pan from 0 .. 1) reads as the number it was written from
 * (2 * 0.65 - 1 is 0.30000000000000004: 0.3). */
double dp_round12(double v);

/* A RealParameter's value as a level in dB. */
bool dp_level_db(reader *r, const xmlNode *p, double *db);
/* The error of p's level v linear in amplitude below 0 (no gain factor);
 * false. */
bool dp_linear_below_zero(reader *r, const xmlNode *p, double v);

/* Whether a, read from the Points pts, is in time order; else false, an
 * error at pts in the words the recipe's check gives a recipe's points out
 * of order: for points joined to others before the recipe holds them (a
 * VCA's, an Equalizer band's Enabled with its device's), which no key of
 * it holds as written. */
bool dp_points_in_order(reader *r, const xmlNode *pts, const sp_auto *a);

/* A Pan parameter's value into *pan, -1 .. +1; false when it has none,
 * and false with an error when its unit is no pan's (dp_pan_unit). */
bool dp_read_pan(reader *r, const xmlNode *p, double *pan);
/* The value of p, a Pan read (dp_read_pan), as the session writes it
 * where the recipe holds it in another unit ("1.5 normalized", "150 of
 * min 0 .. max 200"; heap), else NULL (linear -1 .. 1, the recipe's): what
 * the check says with what it says of it (sp_mix_strip_at_written). */
char *dp_pan_as_written(const xmlNode *p);

/* Whether unit u (NULL: none given) is one a pan is read in: linear,
 * normalized or percent; a pan in decibels or hertz is no pan. */
bool dp_pan_unit(const char *u);

void dp_add_target(reader *r, const xmlNode *p, target_kind k, size_t strip, size_t send,
                   const char *what);

/* How RealPoints are read: each value as a pan of the unit and range
 * of target pan (a pan's), or through convert (NULL: as it is), "-inf" a
 * value with minus_inf (a level in decibels); a ramp to the next point
 * (from one not held) drawn by ramp (NULL: a line to the next). */
typedef struct dp_read {
  double (*convert)(double);
  const target *pan;
  const char *unit;
  bool minus_inf;
  const sp_mix_ramp *ramp;
  bool factor;      /* levels linear in amplitude: one below 0 is an error */
  sp_auto *written; /* when not NULL: the points as written too, unramped */
  double top;       /* when above 0: a value past it read as it (a ratio past the scale) */
  double most;      /* when above 0: the most the target takes, a ramp past it held there */
} dp_read;

/* The RealPoints of pts on window w as breakpoints into out, read as how
 * says: a held point held to the next, then a jump; points out of time
 * order each as written (no ramp or hold drawn), the check's to refuse. */
void dp_real_points(reader *r, const xmlNode *pts, const window *w, const dp_read *how,
                    sp_auto *out);

/* Whether the segment from RealPoint p holds its value to the next point:
 * its interpolation "hold", or none given (the format's default, the
 * RealPoint class's: "Default to 'hold' when unspecified"). */
bool dp_point_holds(const xmlNode *p);

/* The BoolPoints of pts on window w as steps into out, each at the frame
 * nearest its time, 1 where the value is true (invert: false); points out
 * of time order as read, the check's to refuse; points by numbers the
 * loss by_numbers, said whole (pts read). Whether out has any. */
bool dp_bool_points(reader *r, sp_mix_strip *s, const xmlNode *pts, const window *w, bool invert,
                    const char *by_numbers, sp_auto *out);

/* ---- dawproject_audio.c -------------------------------------------------------- */

/* The entry's file name, cut to safe characters. */
char *dp_safe_base(const char *entry);

/* A File (a fileReference: an Audio's, a device's State) as the recipe
 * writes its path, the entry extracted when embedded; NULL with an error.
 * owner: the element that holds it, for messages. */
char *dp_file_path(reader *r, const xmlNode *owner, const xmlNode *f, entry_kind kind);
/* The name the session gives the file an embedded File was extracted to,
 * what every message names it by (sp_region.name, sp_insert.names): the
 * container's entry after the session's path ("song.dawproject:
 * audio/kick.wav"); NULL for an external one, named by its path. Heap. */
char *dp_file_name(const reader *r, const xmlNode *f);

/* ---- dawproject_clips.c -------------------------------------------------------- */

void dp_clips(reader *r, sp_mix_strip *s, const xmlNode *list, const window *w);
/* Whether clip c's duration dur is negative: then an error at c (a clip
 * that no region of its own carries: notes, clips inside it; an audio
 * clip's is carried as read, the check's to refuse), c read. */
bool dp_clip_duration_negative(reader *r, const xmlNode *c, double dur);
/* Whether clip c (of strip s) stops (play_stop) before it starts
 * (play_start, both in its content's unit), c then read: with no
 * duration, the length the format infers from them is negative, an error
 * at c as a negative duration is; with one, it plays none of its content,
 * a loss at c (a DAW's silence, or another reading: the format says
 * none). */
bool dp_clip_stops_before_start(reader *r, sp_mix_strip *s, const xmlNode *c, bool has_dur,
                                double play_start, double play_stop);

/* Clip c's reference= (an alias: the id of the content it plays), NULL
 * when it has none; one beside content of its own (the format's Clip:
 * "either content or reference for one clip, but not both") is a loss of
 * s's, its own content played, and NULL. */
const char *dp_clip_reference(reader *r, sp_mix_strip *s, const xmlNode *c);

/* Whether clip c loops: its loopStart and loopEnd into *ls and *le (in
 * its content's unit), the end after the start. A loop it does not play
 * is a loss at c, the clip played unlooped: one end without the other
 * (the format names no default for it), an end at the start or before
 * it, a loop of a warped clip (warps: it has Warps, played once) that
 * wraps before the clip ends (reached: the content time the clip's end
 * reaches, NAN not known; one whose loopEnd it does not pass plays as
 * the clip does unlooped: nothing said). */
bool dp_clip_loop(reader *r, sp_mix_strip *s, const xmlNode *c, bool warps, double reached,
                  double *ls, double *le);

/* ---- dawproject_notes.c -------------------------------------------------------- */

notes_track *dp_notes_of(reader *r, const sp_mix_strip *s);

/* A Points of MIDI expression (Target expression=) of an instrument
 * track: channel controllers, pitch bend, channel and polyphonic
 * pressure, program changes; values normalized 0 .. 1 (a RealPoint) or
 * whole (an IntegerPoint, EnumPoint: the message's own value); a linear
 * ramp between two points sends each value between at the frame where
 * the ramp, rounded to the message's steps, reaches it. */
void dp_expression(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *pts,
                   const window *w);

/* A content timeline n of an instrument track in window w (its times are
 * w's content times): Notes, Lanes of them, Clips, Points of MIDI
 * expression. */
void dp_notes_content(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *n,
                      const window *w, int depth);

/* A clip of an instrument track, on the timeline of window w (its time,
 * duration in w's lane unit): its content from playStart (or its
 * reference's, an alias clip), looped from loopEnd back to loopStart
 * until the clip ends, cut to the clip and to w. */
void dp_notes_clip(reader *r, notes_track *nt, sp_mix_strip *s, const xmlNode *c, const window *w,
                   int depth);

/* The track's part as a MIDI file and the region that plays it: from the
 * timeline's start to its last clip's end, or past its last message (a
 * note its clip's end cuts is left to the region's end to close, as a
 * region closes what it leaves on). */
void dp_notes_region(reader *r, notes_track *nt);

/* ---- dawproject_devices.c ------------------------------------------------------ */

/* The arrangement's automation (Points), found before the devices are
 * read so that a device's moving parameter is written with its
 * breakpoints: each Points's target, its lane's time unit and whether a
 * device took it. */
void dp_find_points(reader *r, const xmlNode *ln, bool beats);
/* The automation of parameter node p (the Points whose target is its id),
 * when the arrangement has some; else NULL. */
found_points *dp_find_points_of(reader *r, const xmlNode *p);
/* Whether the automation of a level or a pan p (a channel's, a send's, a
 * device's gain) sets it: its Points hold a point (an empty one sets
 * nothing, as none). */
bool dp_points_set(reader *r, const xmlNode *p);

/* A gain factor in dB, -120 dB for 0 and below (inside a ramp). */
double dp_db_of_factor(double g);

void dp_devices(reader *r, sp_mix_strip *s, const xmlNode *ch);

void dp_find_instrument(const xmlNode *ch, instrument *in);

/* stemprint's SoundFont device as `soundfont: {file: ..., bank: ...}`;
 * NULL with an error. */
sp_ins *dp_soundfont_device(reader *r, sp_mix_strip *s, const xmlNode *dev);

/* An LV2 instrument's Device as `lv2: {plugin: URI, symbol: value, ...,
 * state: FILE}`: its Parameters by their names, the plugin's port
 * symbols, in the recipe's units; its State (LV2's state, Turtle) a state
 * file. NULL with an error. */
sp_ins *dp_lv2_device(reader *r, sp_mix_strip *s, const xmlNode *dev, const sp_lv2_plugin *pl);

/* The element whose id is id, or NULL (after r->root is set; every
 * element's id collected at the first call). */
const xmlNode *dp_find_id(reader *r, const char *id);

/* ---- dawproject_tracks.c ------------------------------------------------------- */

void dp_tracks(reader *r, const xmlNode *parent_node, const char *parent_channel);

/* Every destination names a channel (the schema's IDREF is not checked by
 * the validator). */
void dp_check_refs(reader *r, const xmlNode *parent);

void dp_lanes(reader *r, const xmlNode *ln, bool beats, const char *track);

/* Whether level a passes the +24 dB a recipe's level holds somewhere. */
bool dp_level_past(const sp_auto *a);

/* Each level of r->ramps (the sends', or the strips': after what their
 * VCAs raise past it is carried within, dawproject.c) that passes what a
 * recipe's level holds at a point the session writes: its points as
 * written alone (the ramps' ends), so that the recipe's check speaks of
 * the points the user wrote, not of the ones a ramp was read as (its
 * import fails there anyway). One that passes it only between them keeps
 * them all: the check speaks of those. */
void dp_ramps_as_written(reader *r, bool sends);

/* a's points at written's times alone (a ramp read as points between
 * those written, written: dp_read.written), a held point's two there
 * both: a value's points as written, for the check to speak of those
 * (io/session/dawproject_values.c). */
void dp_as_written(sp_auto *a, const sp_auto *written);
/* Whether time t is one of written's (its points from *k on, *k moved
 * past those before t: both lists are in time order). */
bool dp_at_written(const sp_auto *written, size_t *k, double t);

#endif
