/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album recipe's keys (core/recipe/album_keys.h): each table's names
 * and each key's row, its field of the model (core/recipe/album_spec.h)
 * too, as the album reader (io/album/album_read.c) fills it and
 * docs/album.md says it. */

#include "core/recipe/album_keys.h"

#include "core/album/redbook.h"
#include "core/recipe/album_spec.h"
#include "core/recipe/format.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define NAMES(OBJ, obj) const char *const sp_keys_##obj[] = {SP_KEYS_##OBJ(SP_KEY_NAME_) NULL};
SP_ALBUM_KEY_TABLES(NAMES)
#undef NAMES

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define T(x) .type = SP_KEY_T_##x
#define RANGE(lo, hi) .min = (lo), .max = (hi)
#define AT(type, f, s) .store = SP_KEY_S_##s, .at = offsetof(type, f)
#define HAS(type, f) .has = offsetof(type, f) + 1
#define TIMES T(TIME), .unit = "s", RANGE(0, INFINITY), .check = not_negative

/* A time of the album's: 0 s or more (its text's sign: a time in frames
 * is one too). */
static bool not_negative(const char *text, char *why, size_t why_size)
{
  if (text[strspn(text, " ")] != '-')
    return true;
  snprintf(why, why_size, "'%s' is negative; give 0 s or more", text);
  return false;
}

/* A gap: 0 s or more; the songs overlap by a crossfade. */
static bool gap_form(const char *text, char *why, size_t why_size)
{
  if (not_negative(text, why, why_size))
    return true;
  snprintf(why, why_size,
           "a gap cannot be negative ('%s'); give 0 s (a butt splice) or more, or crossfade: to "
           "overlap the songs",
           text);
  return false;
}

/* A UPC/EAN with its check digit (core/album/redbook.h). */
static bool upc_form(const char *text, char *why, size_t why_size)
{
  char w[128];
  if (sp_upc_valid(text, w))
    return true;
  snprintf(why, why_size,
           "not a UPC/EAN: %s; copy the digits under the bar code (quoted: upc: \"012345678905\")",
           w);
  return false;
}

/* A year: four digits (the tags' and the CD-Text's). */
static bool year_form(const char *text, char *why, size_t why_size)
{
  if (strlen(text) == 4 && strspn(text, "0123456789") == 4)
    return true;
  snprintf(why, why_size, "'%s' is not a year; give four digits, like 2026", text);
  return false;
}

/* The root's, album's and output's keys are sp_album_spec's; album.songs
 * and output.also are lists the reader reads item by item, each item's
 * keys from their table's rows (an item's position and path are its). */
const sp_key_row sp_key_rows_album_root[SP_KEY_ALBUM_ROOT_N] = {
    [SP_KEY_ALBUM_ROOT_STEMPRINT] = {T(ENUM), AT(sp_album_spec, version, INT), .words = WORDS("1"),
                                     .values = (const int[]){1}, .check = sp_key_version_form,
                                     .def = "1", .help = "the recipe format's version: 1"},
    [SP_KEY_ALBUM_ROOT_ALBUM] = {T(OBJECT), .of = "ALBUM", .def = NULL,
                                 .help = "the album: its songs and its metadata"},
    [SP_KEY_ALBUM_ROOT_OUTPUT] = {T(OBJECT), .of = "ALBUM_OUTPUT", .def = "",
                                  .help = "the master's, the tracks' and the store sets' files"},
};

const sp_key_row sp_key_rows_album[SP_KEY_ALBUM_N] = {
    [SP_KEY_ALBUM_TITLE] = {T(TEXT), AT(sp_album_spec, meta.title, TEXT), .def = "",
                            .help = "the album's title"},
    [SP_KEY_ALBUM_ARTIST] = {T(TEXT), AT(sp_album_spec, meta.artist, TEXT), .def = "",
                             .help = "the album's artist (each track's that names none)"},
    [SP_KEY_ALBUM_UPC] = {T(TEXT), AT(sp_album_spec, upc, TEXT), .check = upc_form, .def = "",
                          .help = "the album's UPC/EAN: 12 or 13 digits, quoted, the last its "
                                  "check digit"},
    [SP_KEY_ALBUM_GENRE] = {T(TEXT), AT(sp_album_spec, genre, TEXT), .def = "",
                            .help = "the album's genre"},
    [SP_KEY_ALBUM_YEAR] = {T(TEXT), AT(sp_album_spec, year, TEXT), .check = year_form, .def = "",
                           .help = "the album's year: four digits"},
    [SP_KEY_ALBUM_COVER] = {T(FILE), AT(sp_album_spec, cover, TEXT), .def = "",
                            .help = "the cover image, a JPEG or PNG file"},
    [SP_KEY_ALBUM_RATE] = {T(NUMBER), AT(sp_album_spec, rate, DOUBLE), .unit = "Hz",
                           RANGE(8000, 384000), .def = "the first song's",
                           .help = "the master's sample rate, a whole number of Hz"},
    [SP_KEY_ALBUM_SONGS] = {T(LIST), .of = "SONG", .def = NULL, .help = "the songs in order"},
};

/* index: a list of times, each read as this row's time (the reader's) */
const sp_key_row sp_key_rows_song[SP_KEY_SONG_N] = {
    [SP_KEY_SONG_RECIPE] = {T(FILE), AT(sp_album_entry, recipe, TEXT), .def = "",
                            .help = "a recipe, rendered (through the cache), its mix the song "
                                    "(one of recipe and file)"},
    [SP_KEY_SONG_FILE] = {T(FILE), AT(sp_album_entry, file, TEXT), .def = "",
                          .help = "a finished file, played as it is"},
    [SP_KEY_SONG_GAP] = {T(TIME), .unit = "s", RANGE(0, INFINITY), .check = gap_form,
                         AT(sp_album_entry, gap, TIME), .def = "0 s",
                         .help = "silence before the song (one of gap, crossfade and splice)"},
    [SP_KEY_SONG_CROSSFADE] = {TIMES, AT(sp_album_entry, crossfade, OBJECT),
                               HAS(sp_album_entry, has_crossfade), .also = SP_KEY_OR_OBJECT,
                               .of = "SONG_FADE", .def = "",
                               .help = "overlap with the song before: a length or {length, "
                                       "curve}"},
    [SP_KEY_SONG_SPLICE] = {T(ENUM), AT(sp_album_entry, splice, BOOL), .words = WORDS("butt"),
                            .def = "",
                            .help = "butt: no gap, no crossfade (the default, said out loud)"},
    [SP_KEY_SONG_FADE_OUT] = {TIMES, AT(sp_album_entry, fade_out, OBJECT), .also = SP_KEY_OR_OBJECT,
                              .of = "SONG_FADE", .def = "",
                              .help = "a fade-out at the song's end: a length or {length, curve}"},
    [SP_KEY_SONG_TRIM] = {T(OBJECT), AT(sp_album_entry, trim, OBJECT), .of = "SONG_TRIM", .def = "",
                          .help = "{head, tail}: time cut from the song's start and end"},
    [SP_KEY_SONG_FROM] = {TIMES, AT(sp_album_entry, from, TIME), HAS(sp_album_entry, has_from),
                          .def = "0 s",
                          .help = "where in the song the album starts it (a head trim)"},
    [SP_KEY_SONG_TO] = {TIMES, AT(sp_album_entry, to, TIME), HAS(sp_album_entry, has_to),
                        .def = "its end", .help = "where in the song the album ends it"},
    [SP_KEY_SONG_INDEX] = {TIMES, .also = SP_KEY_OR_LIST, .def = "",
                           .help = "index points 02, 03 ...: times from the song's kept start, "
                                   "increasing"},
    [SP_KEY_SONG_TITLE] = {T(TEXT), AT(sp_album_entry, meta.title, TEXT), .def = "",
                           .help = "the track's title"},
    [SP_KEY_SONG_ARTIST] = {T(TEXT), AT(sp_album_entry, meta.artist, TEXT), .def = "album.artist",
                            .help = "the track's artist"},
    [SP_KEY_SONG_COMPOSER] = {T(TEXT), AT(sp_album_entry, meta.composer, TEXT), .def = "",
                              .help = "the track's composer"},
    [SP_KEY_SONG_ISRC] = {T(TEXT), AT(sp_album_entry, meta.isrc, TEXT), .check = sp_key_isrc_form,
                          .normal = sp_key_isrc_compact, .def = "",
                          .help = "the track's ISRC: CC-XXX-YY-NNNNN, hyphens or none"},
};

const sp_key_row sp_key_rows_song_fade[SP_KEY_SONG_FADE_N] = {
    [SP_KEY_SONG_FADE_LENGTH] = {TIMES, AT(sp_album_fade, length, TIME), .def = NULL,
                                 .help = "the fade's length"},
    /* its words in sp_album_curve's order (tests/test_album.c) */
    [SP_KEY_SONG_FADE_CURVE] = {T(ENUM), AT(sp_album_fade, curve, INT),
                                .words = WORDS("linear", "power"), .def = "linear",
                                .help = "the fade's curve: linear in amplitude, or equal power"},
};

const sp_key_row sp_key_rows_song_trim[SP_KEY_SONG_TRIM_N] = {
    [SP_KEY_SONG_TRIM_HEAD] = {TIMES, AT(sp_album_trim, head, TIME), .def = "0 s",
                               .help = "time cut from the song's start"},
    [SP_KEY_SONG_TRIM_TAIL] = {TIMES, AT(sp_album_trim, tail, TIME), .def = "0 s",
                               .help = "time cut from the song's end"},
};

const sp_key_row sp_key_rows_album_output[SP_KEY_ALBUM_OUTPUT_N] = {
    [SP_KEY_ALBUM_OUTPUT_DIR] = {T(TEXT), AT(sp_album_spec, dir, TEXT),
                                 .def = "out/ and the album recipe's name",
                                 .help = "the folder, relative to the album recipe's"},
    [SP_KEY_ALBUM_OUTPUT_MASTER] = {T(TEXT), AT(sp_album_spec, master, TEXT), .def = "master",
                                    .help = "the master's file name, no extension"},
    [SP_KEY_ALBUM_OUTPUT_TRACKS] = {T(TEXT), AT(sp_album_spec, tracks, TEXT), .def = "{nn} {title}",
                                    .help = "the tracks' names: {nn} (01), {n} (1), {title}, "
                                            "{artist}"},
    /* the lossless formats are sp_format's first: a word's index is its format */
    [SP_KEY_ALBUM_OUTPUT_FORMAT] = {T(ENUM), AT(sp_album_spec, format, INT),
                                    .words = sp_format_lossless_names, .def = "wav",
                                    .help = "the master's and the tracks' format, lossless"},
    [SP_KEY_ALBUM_OUTPUT_DEPTH] = {T(ENUM), AT(sp_album_spec, depth, INT), .words = sp_depth_names,
                                   .values = sp_depth_bits, .def = "24", .help = "bits a sample"},
    [SP_KEY_ALBUM_OUTPUT_DITHER] = {T(ENUM), AT(sp_album_spec, dither, BOOL),
                                    .words = WORDS("none", "tpdf"), .def = "tpdf",
                                    .help = "dither at 16 and 24 bit"},
    [SP_KEY_ALBUM_OUTPUT_LOUDNESS] = {T(ENUM), AT(sp_album_spec, loudness, OBJECT),
                                      HAS(sp_album_spec, loudness.on),
                                      .words = WORDS(SP_LOUDNESS_PRESET_WORDS),
                                      .check = sp_key_loudness_not_dialogue,
                                      .also = SP_KEY_OR_OBJECT, .of = "LOUDNESS", .def = "",
                                      .help = "the master's loudness rule: a preset, or {preset, "
                                              "target, tolerance, max_true_peak}"},
    [SP_KEY_ALBUM_OUTPUT_ALSO] = {T(LIST), .of = "ALBUM_SET", .def = "",
                                  .help = "store sets: each track again in another format"},
    /* on or off (has_cd), or a mapping of CD: the image's name into cd */
    [SP_KEY_ALBUM_OUTPUT_CD] = {T(BOOL), AT(sp_album_spec, cd, OBJECT), HAS(sp_album_spec, has_cd),
                                .also = SP_KEY_OR_OBJECT, .of = "CD", .def = "false",
                                .help = "a CD image (BIN, CUE, TOC) of the master: true, or "
                                        "{name}"},
};

const sp_key_row sp_key_rows_cd[SP_KEY_CD_N] = {
    [SP_KEY_CD_NAME] = {T(TEXT), .store = SP_KEY_S_TEXT, .at = 0, .def = "output.master",
                        .help = "the image's file name, no extension: printable ASCII but for "
                                "\", \\ and /"},
};

const sp_key_row sp_key_rows_album_set[SP_KEY_ALBUM_SET_N] = {
    [SP_KEY_ALBUM_SET_FORMAT] = {T(ENUM), AT(sp_album_set, format, INT), .words = sp_format_names,
                                 .def = NULL, .help = "the set's format: any of a recipe's sets"},
    [SP_KEY_ALBUM_SET_DEPTH] = {T(ENUM), AT(sp_album_set, depth, INT), .words = sp_depth_names,
                                .values = sp_depth_bits, .def = "output.depth",
                                .help = "a lossless set's bits a sample"},
    [SP_KEY_ALBUM_SET_BITRATE] =
        {T(NUMBER), AT(sp_album_set, kbps, DOUBLE), HAS(sp_album_set, has_kbps), .unit = "kbps",
         .def =
             "a recipe's set's: MP3 the most its rate takes (320 kbps at 32 kHz "
             "and more), Opus 160 kbps, AAC 256 kbps (at most 6 kbps a kHz of rate: 192 at 32 kHz)",
         .help = "a lossy set's bitrate; a bare number is in kbps"},
    [SP_KEY_ALBUM_SET_NAME] = {T(TEXT), AT(sp_album_set, name, TEXT), .def = "its format",
                               .help = "the set's folder under output.dir"},
    [SP_KEY_ALBUM_SET_LOUDNESS] = {T(ENUM), AT(sp_album_set, loudness, OBJECT),
                                   HAS(sp_album_set, loudness.on),
                                   .words = WORDS(SP_LOUDNESS_PRESET_WORDS),
                                   .check = sp_key_loudness_not_dialogue, .also = SP_KEY_OR_OBJECT,
                                   .of = "LOUDNESS", .def = "",
                                   .help = "the set's loudness rule, measured on its files as "
                                           "decoded"},
};

#define TABLE(OBJ, obj) {#OBJ, sp_keys_##obj, SP_KEY_##OBJ##_N, sp_key_rows_##obj},
const sp_key_table sp_album_key_tables[] = {SP_ALBUM_KEY_TABLES(TABLE)};
#undef TABLE
const size_t sp_album_key_table_count = sizeof sp_album_key_tables / sizeof *sp_album_key_tables;
