/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TAGS_H
#define SP_TAGS_H

/* A store file's tags (output.tags): what a player shows of a song
 * (title, artist, album, its place on the album, ISRC, year, cover). The
 * engine keeps them as text and numbers; a writer puts them in its
 * container (the .m4a's ilst, io/audio/m4a.h; FLAC's Vorbis comments and
 * MP3's ID3v2.4, io/audio/tagfile.h). NULL or 0: not said. No
 * I/O here: the cover is a path the io layer reads. In a recipe the
 * strings are its own (sp_recipe_free frees them); a writer copies what
 * it keeps. */
typedef struct sp_tags {
  char *title, *artist, *album;
  char *year;        /* "2026" or "2026-11-28" */
  int track, tracks; /* its number on the album, of how many (0: not said) */
  int disc, discs;
  char *isrc; /* twelve letters and digits, like "GBAYE0601498" */
  /* a JPEG or PNG file (an input of the render, as the recipe's keys
   * hold one: the path as written, resolved against the recipe's folder,
   * the recipe path that names it) */
  char *cover_as_written, *cover, *cover_key;
  /* an album's (io/album): its artist, genre, a track's composer, the
   * album's UPC/EAN (FLAC's BARCODE) */
  char *album_artist, *genre, *composer, *barcode;
} sp_tags;

/* t's title for print `name` (heap): the title for the mix (is_mix),
 * "TITLE (name)" for another print; NULL when t has no title. */
char *sp_tags_title(const sp_tags *t, const char *name, int is_mix);

/* Whether t says anything (NULL: no). */
int sp_tags_any(const sp_tags *t);

/* A copy of t's strings into *to (heap: sp_tags_fini frees them). */
void sp_tags_copy(sp_tags *to, const sp_tags *t);

/* Free t's strings (a recipe's, a writer's copy) and clear it. */
void sp_tags_fini(sp_tags *t);

#endif
