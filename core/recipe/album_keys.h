/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_ALBUM_KEYS_H
#define SP_RECIPE_ALBUM_KEYS_H

/* The album recipe's keys (docs/album.md), declared as a song recipe's are
 * (core/recipe/keys.h): each mapping's keys a table X(OBJECT, ID, "name"),
 * in the order an unknown key's message lists them, each key a row
 * (sp_key_row: its type, words, range, default, help). The album's tables
 * are not the song's (sp_key_tables: what the song's parser, walk and job
 * read); sp_key_table_find and sp_key_lookup find them too, by their
 * objects' names, all ALBUM_*, SONG* or CD. From them are made:
 *
 *   - the album reader (io/album/album_read.c): the keys each mapping
 *     takes, each key's value into its field, by its type, words and
 *     range;
 *   - `stemprint help album.songs.crossfade` (the root ALBUM_ROOT);
 *   - the album's part of `stemprint schema` (selected when `album:` is
 *     at the top of the file) and of `stemprint help keys`.
 *
 * Each row names its field of the album's model (core/recipe/album_spec.h:
 * sp_album_spec and the structs it holds), which the reader fills from the
 * rows as the recipe parser fills a recipe's; the lists album.songs and
 * output.also (their items' keys from their rows) and a song's index
 * points are the reader's. A loudness rule's mapping is the song's table
 * (LOUDNESS). */

#include "core/recipe/keys.h"

#define SP_KEYS_ALBUM_ROOT(X)                                                                      \
  X(ALBUM_ROOT, STEMPRINT, "stemprint")                                                            \
  X(ALBUM_ROOT, ALBUM, "album")                                                                    \
  X(ALBUM_ROOT, OUTPUT, "output")

#define SP_KEYS_ALBUM(X)                                                                           \
  X(ALBUM, TITLE, "title")                                                                         \
  X(ALBUM, ARTIST, "artist")                                                                       \
  X(ALBUM, UPC, "upc")                                                                             \
  X(ALBUM, GENRE, "genre")                                                                         \
  X(ALBUM, YEAR, "year")                                                                           \
  X(ALBUM, COVER, "cover")                                                                         \
  X(ALBUM, RATE, "rate")                                                                           \
  X(ALBUM, SONGS, "songs")

/* a song: an item of album.songs */
#define SP_KEYS_SONG(X)                                                                            \
  X(SONG, RECIPE, "recipe")                                                                        \
  X(SONG, FILE, "file")                                                                            \
  X(SONG, GAP, "gap")                                                                              \
  X(SONG, CROSSFADE, "crossfade")                                                                  \
  X(SONG, SPLICE, "splice")                                                                        \
  X(SONG, FADE_OUT, "fade_out")                                                                    \
  X(SONG, TRIM, "trim")                                                                            \
  X(SONG, FROM, "from")                                                                            \
  X(SONG, TO, "to")                                                                                \
  X(SONG, INDEX, "index")                                                                          \
  X(SONG, TITLE, "title")                                                                          \
  X(SONG, ARTIST, "artist")                                                                        \
  X(SONG, COMPOSER, "composer")                                                                    \
  X(SONG, ISRC, "isrc")

/* a song's crossfade or fade-out as a mapping */
#define SP_KEYS_SONG_FADE(X)                                                                       \
  X(SONG_FADE, LENGTH, "length")                                                                   \
  X(SONG_FADE, CURVE, "curve")

#define SP_KEYS_SONG_TRIM(X)                                                                       \
  X(SONG_TRIM, HEAD, "head")                                                                       \
  X(SONG_TRIM, TAIL, "tail")

#define SP_KEYS_ALBUM_OUTPUT(X)                                                                    \
  X(ALBUM_OUTPUT, DIR, "dir")                                                                      \
  X(ALBUM_OUTPUT, MASTER, "master")                                                                \
  X(ALBUM_OUTPUT, TRACKS, "tracks")                                                                \
  X(ALBUM_OUTPUT, FORMAT, "format")                                                                \
  X(ALBUM_OUTPUT, DEPTH, "depth")                                                                  \
  X(ALBUM_OUTPUT, DITHER, "dither")                                                                \
  X(ALBUM_OUTPUT, LOUDNESS, "loudness")                                                            \
  X(ALBUM_OUTPUT, ALSO, "also")                                                                    \
  X(ALBUM_OUTPUT, CD, "cd")

/* output.cd as a mapping */
#define SP_KEYS_CD(X) X(CD, NAME, "name")

/* a store set: an item of output.also */
#define SP_KEYS_ALBUM_SET(X)                                                                       \
  X(ALBUM_SET, FORMAT, "format")                                                                   \
  X(ALBUM_SET, DEPTH, "depth")                                                                     \
  X(ALBUM_SET, BITRATE, "bitrate")                                                                 \
  X(ALBUM_SET, NAME, "name")                                                                       \
  X(ALBUM_SET, LOUDNESS, "loudness")

/* Every table of the album's, as T(OBJECT, object). */
#define SP_ALBUM_KEY_TABLES(T)                                                                     \
  T(ALBUM_ROOT, album_root)                                                                        \
  T(ALBUM, album)                                                                                  \
  T(SONG, song)                                                                                    \
  T(SONG_FADE, song_fade)                                                                          \
  T(SONG_TRIM, song_trim)                                                                          \
  T(ALBUM_OUTPUT, album_output)                                                                    \
  T(CD, cd)                                                                                        \
  T(ALBUM_SET, album_set)

/* clang-format off */
#define SP_ALBUM_KEY_DECLARE_(OBJ, obj)                                                            \
  typedef enum sp_key_##obj { SP_KEYS_##OBJ(SP_KEY_ENUM_) } sp_key_##obj;                          \
  enum { SP_KEY_##OBJ##_N = 0 SP_KEYS_##OBJ(SP_KEY_ONE_) };                                        \
  extern const char *const sp_keys_##obj[SP_KEY_##OBJ##_N + 1];                                    \
  extern const sp_key_row sp_key_rows_##obj[SP_KEY_##OBJ##_N];
SP_ALBUM_KEY_TABLES(SP_ALBUM_KEY_DECLARE_)
#undef SP_ALBUM_KEY_DECLARE_
/* clang-format on */

/* Every table of the album's, the root's first. */
extern const sp_key_table sp_album_key_tables[];
extern const size_t sp_album_key_table_count;

#endif
