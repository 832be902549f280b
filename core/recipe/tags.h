/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TAGS_H
#define SP_TAGS_H

/* A store file's tags: what a player shows of a song (title, artist,
 * album, its place on the album, ISRC, year, cover). The engine keeps
 * them as text and numbers; a writer puts them in its container (the
 * .m4a's ilst, io/audio/m4a.h). NULL or 0: not said. No I/O here: the
 * cover is a path the io layer reads. */
typedef struct sp_tags {
  const char *title, *artist, *album;
  const char *isrc;  /* twelve letters and digits, like "GBAYE0601498" */
  const char *year;  /* "2026" (or a date, "2026-11-28") */
  const char *cover; /* a JPEG or PNG file */
  int track, tracks; /* its number on the album, of how many (0: not said) */
  int disc, discs;
} sp_tags;

#endif
