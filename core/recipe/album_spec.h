/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_ALBUM_SPEC_H
#define SP_RECIPE_ALBUM_SPEC_H

/* The album recipe's model (docs/album.md), as a song recipe's is
 * core/recipe/recipe.h: the structs its key rows (core/recipe/album_keys.h)
 * name their fields in, which the album reader (io/album/album_read.h)
 * fills from the rows as the recipe parser fills a recipe's. Times stay
 * times until the album's rate is known (its songs' audio says it). The
 * struct of each table's fields: ALBUM_ROOT, ALBUM, ALBUM_OUTPUT
 * sp_album_spec; SONG sp_album_entry; SONG_FADE sp_album_fade; SONG_TRIM
 * sp_album_trim; ALBUM_SET sp_album_set; CD the image's name (a char *);
 * LOUDNESS sp_loudness_rule. */

#include "core/album/album.h"
#include "core/base/diag.h"
#include "core/base/units.h"
#include "core/recipe/album_keys.h"
#include "core/recipe/format.h"
#include "core/recipe/recipe.h"

#include <stdbool.h>
#include <stddef.h>

/* Where the album recipe said a value, as a message names it: its line
 * and column in the text that said it, and that text's name where it is
 * not the album recipe's file (from: a --set's, "--set KEY=VALUE", owned
 * by the spec: sp_album_spec.sets_said; NULL: the file's). A value a
 * --set gave (or gave a part of: a crossfade's length) is the --set's,
 * with no line. {0}: not said (sp_album_said). */
typedef struct sp_album_place {
  sp_pos pos;
  const char *from;
} sp_album_place;

/* Whether p is a place the recipe said (its file's, or a --set's). */
static inline bool sp_album_said(sp_album_place p) { return p.pos.line > 0 || p.from; }

/* A store set of output.also: every track again in this format. */
typedef struct sp_album_set {
  sp_format format;
  sp_depth depth; /* lossless; 0: the master's */
  double kbps;    /* lossy: a whole number, as written (has_kbps): sp_album_set_kbps */
  bool has_kbps;
  char *name;                    /* its folder under output.dir; NULL: its format's */
  sp_loudness_rule loudness;     /* on: checked on the set's files as decoded */
  sp_album_place at, format_at, kbps_at; /* the set's mapping, its format's and bitrate's values */
  sp_album_place name_at;                /* its name's value; {0}: not said */
} sp_album_set;

/* The bitrate set s encodes at, at the album's rate hz: its own, else a
 * song recipe's set's default (sp_format_default_kbps). */
static inline double sp_album_set_kbps(const sp_album_set *s, double hz)
{
  return s->has_kbps ? s->kbps : sp_format_default_kbps(s->format, hz);
}

/* A song's crossfade or fade-out: a length, or {length, curve}. */
typedef struct sp_album_fade {
  sp_time length;
  sp_album_curve curve;
} sp_album_fade;

/* time cut from a song's start and end */
typedef struct sp_album_trim {
  sp_time head, tail;
} sp_album_trim;

/* One song as written. */
typedef struct sp_album_entry {
  char *recipe, *file; /* one of them, resolved against the album's folder */
  char *written;       /* the path as written */
  sp_album_place pos;  /* of the song's mapping */
  char key[48];        /* "album.songs[2]" */
  sp_time gap, from, to;
  sp_album_fade crossfade, fade_out;
  sp_album_trim trim;
  bool has_crossfade, splice, has_from, has_to;
  sp_time *index;
  size_t n_index;
  sp_album_meta meta;
  sp_album_place at[SP_KEY_SONG_N]; /* each key's value, by SP_KEY_SONG_*; {0}: not said */
  sp_album_place *index_at;         /* each index point's */
} sp_album_entry;

typedef struct sp_album_spec {
  char *file, *base;                /* the album recipe's path, its base name */
  int version;                      /* stemprint: 1 */
  sp_album_meta meta;               /* title, artist */
  char *upc, *genre, *year, *cover; /* cover resolved */
  char *cover_written;              /* the cover's path as written */
  double rate;                      /* 0: the first song's */
  sp_album_entry *songs;
  size_t n_songs;
  char *dir, *master, *tracks; /* output; dir resolved */
  sp_format format;
  sp_depth depth;
  bool dither;
  sp_loudness_rule loudness; /* on: checked on the master */
  sp_album_set *sets;
  size_t n_sets;
  char *cd; /* output.cd: the image's name, no extension; NULL: none */
  bool has_cd;
  sp_album_place album_at[SP_KEY_ALBUM_N];         /* each album key's value, by SP_KEY_ALBUM_* */
  sp_album_place cd_at;                            /* output.cd's */
  sp_album_place output_at[SP_KEY_ALBUM_OUTPUT_N]; /* each output key's, by SP_KEY_ALBUM_OUTPUT_* */
  char **sets_said; /* the --set texts places name ("--set KEY=VALUE"), n_sets_said */
  size_t n_sets_said;
} sp_album_spec;

/* The file a message at place p names: its --set's, or the album recipe's. */
static inline const char *sp_album_place_file(const sp_album_spec *s, sp_album_place p)
{
  return p.from ? p.from : s->file;
}

#endif
