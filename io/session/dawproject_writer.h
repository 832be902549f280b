/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_DAWPROJECT_WRITER_H
#define SP_SESSION_DAWPROJECT_WRITER_H

/* What the files of the DAWproject writer share (io/session/
 * dawproject_export.c and the dawproject_export_*.c beside it): the
 * writer's state, its XML helpers and losses, and each file's functions
 * the others call. */

#include "core/graph/query.h"
#include "core/media/media.h"
#include "io/session/dawproject_keys.h"
#include "io/session/mix.h"
#include "io/session/session.h"
#include "io/xml/xml.h"

typedef struct writer {
  const sp_recipe *r;
  const sp_graph *g;
  const sp_media *media;
  sp_diags *d;
  xmlDoc *doc;
  unsigned next_id;
  /* Audio files to embed: recipe path -> entry name. */
  char **files, **entries;
  size_t n_files;
  /* What was not exported, "PATH\tWHAT\n" a line: written into the file
   * (SP_DAWPROJECT_LEFT_OUT) for an import to name. */
  char *left_out;
  /* The project's tempo map (tempo_map below): n points, the first at 0 s;
   * 120 bpm throughout when no MIDI file says otherwise. */
  struct tempo_pt *tempo;
  size_t n_tempo;
  bool embed;        /* SoundFonts embedded, not referenced (sp_export_opts) */
  bool track_soloed; /* a track is soloed: each track that is not is silenced by it */
  sp_err rc;
} writer;

/* A tempo from a second of the timeline on, held to the next (a MIDI
 * file's tempo changes are steps), at beat `beat` (quarter notes from
 * the timeline's start). */
typedef struct tempo_pt {
  double sec, bpm, beat;
} tempo_pt;

typedef struct pending {
  char id[24];
  const sp_auto *a;
  sp_dp_unit unit;
} pending;

typedef struct lane {
  char track[24];
  pending *v;
  size_t n;
} lane;

/* The channel id of a strip named name ("master" included). */
typedef struct ids {
  const char **names;
  char (*ch)[24];
  size_t n;
} ids;

/* ---- dawproject_export_xml.c --------------------------------------------------- */

const char *dx_new_id(writer *w, char buf[24]);

xmlNode *dx_el(xmlNode *parent, const char *name);

void dx_attr(xmlNode *n, const char *name, const char *value);

/* A child element of parent named name, its attributes the pairs of name
 * and value that follow, up to a NULL name, in that order: the value
 * DX_NEW_ID gives the attribute a new id (dx_new_id), a NULL value leaves
 * it out. */
extern const char DX_NEW_ID[];
xmlNode *dx_node(writer *w, xmlNode *parent, const char *name, ...) __attribute__((sentinel));

xmlNode *dx_real(writer *w, xmlNode *parent, const char *name, const char *unit, double v,
                 char id[24]);

void dx_boolean(xmlNode *parent, const char *name, bool v);

double dx_seconds(const sp_recipe *r, sp_time t);

/* b, or the 3840th of a beat it lies within a millionth of a tick of (a
 * note on the beat whose seconds went through the map is 7 ± 1e-15
 * beats: written 7; 1e-10 beats is far from the half frame that would
 * move it). */
double dx_on_grid(double b);

/* The beat at second sec of the timeline, through w's tempo map: what an
 * import's to_seconds inverts (io/session/dawproject.c). */
double dx_beat_at(const writer *w, double sec);

/* What is not exported, at path. */
void dx_lost(writer *w, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How many of strip s's post_inserts send sd follows (`tap: {after: N}`,
 * a name as its place; `tap: fader`: 0). */
size_t dx_send_passes(const sp_strip *s, const sp_send *sd);

/* What is not exported of a strip: key of tracks.NAME, buses.NAME or
 * master (name NULL). */
void dx_strip_lost(writer *w, const char *kind, const char *name, const char *key, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

const char *dx_unit_name(sp_dp_unit u);

/* The pan across the front pair that plays an azimuth (degrees, positive
 * to the left) as stemprint plays a position into speakers all in front
 * (docs/recipe.md): a source behind from its mirror image in front, one
 * beyond ±30° from that speaker; +30° is pan -1. */
double dx_front_pan(double azimuth);

double dx_written(sp_dp_unit u, double v);

void dx_want(lane *l, const char *id, const sp_auto *a, sp_dp_unit unit);

/* A moving value's Points. The format's points join linearly in the unit
 * written; where the recipe moves otherwise (a frequency geometrically, a
 * ratio linearly as a ratio, not in percent) points are added between,
 * until every midpoint is within 0.1 % of the frequency, or 0.01 points
 * of the percent (0.02 % of a ratio of 2, 0.1 % of 10). */
void dx_points(writer *w, xmlNode *lanes_el, const pending *p);

/* The entry a file is embedded as: folder/<its name> (audio/, soundfonts/,
 * plugins/), or folder/<as> when as is not NULL, made unique. */
const char *dx_entry_for(writer *w, const char *path, const char *folder, const char *as);

/* ---- dawproject_export_devices.c ----------------------------------------------- */

void dx_devices(writer *w, lane *l, xmlNode *ch, const sp_strip *s, const char *track);

/* ---- dawproject_export_tracks.c ------------------------------------------------ */

bool dx_fed_by_to(const sp_recipe *r, const char *bus);

/* A channel of n audio channels (DAWproject says a layout by its count
 * alone: 6 is 5.1, 12 7.1.4). */
void dx_channel(writer *w, xmlNode *track, const sp_strip *s, int n, const char *role,
                const char *ch_id, const ids *x, lane *l, const char *kind, const char *name);

void dx_clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id);

/* ---- dawproject_export_notes.c ------------------------------------------------- */

void dx_notes_clips(writer *w, xmlNode *lanes_el, const sp_track *t, const char *track_id);

#endif
