/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album recipe's keys (core/recipe/album_keys.h): each table's names
 * and each key's row, as the album reader (io/album/album_read.c) takes it
 * and docs/album.md says it. */

#include "core/recipe/album_keys.h"

#include "core/recipe/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NAMES(OBJ, obj) const char *const sp_keys_##obj[] = {SP_KEYS_##OBJ(SP_KEY_NAME_) NULL};
SP_ALBUM_KEY_TABLES(NAMES)
#undef NAMES

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define T(x) .type = SP_KEY_T_##x
#define RANGE(lo, hi) .min = (lo), .max = (hi)
#define TIMES T(TIME), .unit = "s", RANGE(0, INFINITY)

/* A year: four digits (the tags' and the CD-Text's). */
static bool year_form(const char *text, char *why, size_t why_size)
{
  if (strlen(text) == 4 && strspn(text, "0123456789") == 4)
    return true;
  snprintf(why, why_size, "'%s' is not a year; give four digits, like 2026", text);
  return false;
}

const sp_key_row sp_key_rows_album_root[SP_KEY_ALBUM_ROOT_N] = {
    [SP_KEY_ALBUM_ROOT_STEMPRINT] = {T(ENUM), .words = WORDS("1"), .def = "1",
                                     .help = "the recipe format's version: 1"},
    [SP_KEY_ALBUM_ROOT_ALBUM] = {T(OBJECT), .of = "ALBUM", .def = NULL,
                                 .help = "the album: its songs and its metadata"},
    [SP_KEY_ALBUM_ROOT_OUTPUT] = {T(OBJECT), .of = "ALBUM_OUTPUT", .def = "",
                                  .help = "the master's, the tracks' and the store sets' files"},
};

const sp_key_row sp_key_rows_album[SP_KEY_ALBUM_N] = {
    [SP_KEY_ALBUM_TITLE] = {T(TEXT), .def = "", .help = "the album's title"},
    [SP_KEY_ALBUM_ARTIST] = {T(TEXT), .def = "",
                             .help = "the album's artist (each track's that names none)"},
    [SP_KEY_ALBUM_UPC] = {T(TEXT), .def = "",
                          .help = "the album's UPC/EAN: 12 or 13 digits, quoted, the last its "
                                  "check digit"},
    [SP_KEY_ALBUM_GENRE] = {T(TEXT), .def = "", .help = "the album's genre"},
    [SP_KEY_ALBUM_YEAR] = {T(TEXT), .check = year_form, .def = "",
                           .help = "the album's year: four digits"},
    [SP_KEY_ALBUM_COVER] = {T(FILE), .def = "", .help = "the cover image, a JPEG or PNG file"},
    [SP_KEY_ALBUM_RATE] = {T(NUMBER), .unit = "Hz", RANGE(8000, 384000), .def = "the first song's",
                           .help = "the master's sample rate, a whole number of Hz"},
    [SP_KEY_ALBUM_SONGS] = {T(LIST), .of = "SONG", .def = NULL, .help = "the songs in order"},
};

const sp_key_row sp_key_rows_song[SP_KEY_SONG_N] = {
    [SP_KEY_SONG_RECIPE] = {T(FILE), .def = "",
                            .help = "a recipe, rendered (through the cache), its mix the song "
                                    "(one of recipe and file)"},
    [SP_KEY_SONG_FILE] = {T(FILE), .def = "", .help = "a finished file, played as it is"},
    [SP_KEY_SONG_GAP] = {TIMES, .def = "0 s",
                         .help = "silence before the song (one of gap, crossfade and splice)"},
    [SP_KEY_SONG_CROSSFADE] = {TIMES, .also = SP_KEY_OR_OBJECT, .of = "SONG_FADE", .def = "",
                               .help = "overlap with the song before: a length or {length, "
                                       "curve}"},
    [SP_KEY_SONG_SPLICE] = {T(ENUM), .words = WORDS("butt"), .def = "",
                            .help = "butt: no gap, no crossfade (the default, said out loud)"},
    [SP_KEY_SONG_FADE_OUT] = {TIMES, .also = SP_KEY_OR_OBJECT, .of = "SONG_FADE", .def = "",
                              .help = "a fade-out at the song's end: a length or {length, curve}"},
    [SP_KEY_SONG_TRIM] = {T(OBJECT), .of = "SONG_TRIM", .def = "",
                          .help = "{head, tail}: time cut from the song's start and end"},
    [SP_KEY_SONG_FROM] = {TIMES, .def = "0 s",
                          .help = "where in the song the album starts it (a head trim)"},
    [SP_KEY_SONG_TO] = {TIMES, .def = "its end", .help = "where in the song the album ends it"},
    [SP_KEY_SONG_INDEX] = {TIMES, .also = SP_KEY_OR_LIST, .def = "",
                           .help = "index points 02, 03 ...: times from the song's kept start, "
                                   "increasing"},
    [SP_KEY_SONG_TITLE] = {T(TEXT), .def = "", .help = "the track's title"},
    [SP_KEY_SONG_ARTIST] = {T(TEXT), .def = "album.artist", .help = "the track's artist"},
    [SP_KEY_SONG_COMPOSER] = {T(TEXT), .def = "", .help = "the track's composer"},
    [SP_KEY_SONG_ISRC] = {T(TEXT), .def = "",
                          .help = "the track's ISRC: CC-XXX-YY-NNNNN, hyphens or none"},
};

const sp_key_row sp_key_rows_song_fade[SP_KEY_SONG_FADE_N] = {
    [SP_KEY_SONG_FADE_LENGTH] = {TIMES, .def = NULL, .help = "the fade's length"},
    [SP_KEY_SONG_FADE_CURVE] = {T(ENUM), .words = WORDS("linear", "power"), .def = "linear",
                                .help = "the fade's curve: linear in amplitude, or equal power"},
};

const sp_key_row sp_key_rows_song_trim[SP_KEY_SONG_TRIM_N] = {
    [SP_KEY_SONG_TRIM_HEAD] = {TIMES, .def = "0 s", .help = "time cut from the song's start"},
    [SP_KEY_SONG_TRIM_TAIL] = {TIMES, .def = "0 s", .help = "time cut from the song's end"},
};

const sp_key_row sp_key_rows_album_output[SP_KEY_ALBUM_OUTPUT_N] = {
    [SP_KEY_ALBUM_OUTPUT_DIR] = {T(TEXT), .def = "out/ and the album recipe's name",
                                 .help = "the folder, relative to the album recipe's"},
    [SP_KEY_ALBUM_OUTPUT_MASTER] = {T(TEXT), .def = "master",
                                    .help = "the master's file name, no extension"},
    [SP_KEY_ALBUM_OUTPUT_TRACKS] = {T(TEXT), .def = "{nn} {title}",
                                    .help = "the tracks' names: {nn} (01), {n} (1), {title}, "
                                            "{artist}"},
    [SP_KEY_ALBUM_OUTPUT_FORMAT] = {T(ENUM), .words = sp_format_lossless_names, .def = "wav",
                                    .help = "the master's and the tracks' format, lossless"},
    [SP_KEY_ALBUM_OUTPUT_DEPTH] = {T(ENUM), .words = sp_depth_names, .def = "24",
                                   .help = "bits a sample"},
    [SP_KEY_ALBUM_OUTPUT_DITHER] = {T(ENUM), .words = WORDS("tpdf", "none"), .def = "tpdf",
                                    .help = "dither at 16 and 24 bit"},
    [SP_KEY_ALBUM_OUTPUT_LOUDNESS] = {T(ENUM), .words = WORDS(SP_LOUDNESS_PRESET_WORDS),
                                      .also = SP_KEY_OR_OBJECT, .of = "LOUDNESS", .def = "",
                                      .help = "the master's loudness rule: a preset, or {preset, "
                                              "target, tolerance, max_true_peak}"},
    [SP_KEY_ALBUM_OUTPUT_ALSO] = {T(LIST), .of = "ALBUM_SET", .def = "",
                                  .help = "store sets: each track again in another format"},
    [SP_KEY_ALBUM_OUTPUT_CD] = {T(BOOL), .also = SP_KEY_OR_OBJECT, .of = "CD", .def = "false",
                                .help = "a CD image (BIN, CUE, TOC) of the master: true, or "
                                        "{name}"},
};

const sp_key_row sp_key_rows_cd[SP_KEY_CD_N] = {
    [SP_KEY_CD_NAME] = {T(TEXT), .def = "output.master",
                        .help = "the image's file name, no extension: printable ASCII but for "
                                "\", \\ and /"},
};

const sp_key_row sp_key_rows_album_set[SP_KEY_ALBUM_SET_N] = {
    [SP_KEY_ALBUM_SET_FORMAT] = {T(ENUM), .words = sp_format_names, .def = NULL,
                                 .help = "the set's format: any of a recipe's sets"},
    [SP_KEY_ALBUM_SET_DEPTH] = {T(ENUM), .words = sp_depth_names, .def = "output.depth",
                                .help = "a lossless set's bits a sample"},
    [SP_KEY_ALBUM_SET_BITRATE] = {T(NUMBER), .unit = "kbps", .def = "its format's (MP3 320, Opus 160)",
                                  .help = "a lossy set's bitrate; a bare number is in kbps"},
    [SP_KEY_ALBUM_SET_NAME] = {T(TEXT), .def = "its format",
                               .help = "the set's folder under output.dir"},
    [SP_KEY_ALBUM_SET_LOUDNESS] = {T(ENUM), .words = WORDS(SP_LOUDNESS_PRESET_WORDS),
                                   .also = SP_KEY_OR_OBJECT, .of = "LOUDNESS", .def = "",
                                   .help = "the set's loudness rule, measured on its files as "
                                           "decoded"},
};

#define TABLE(OBJ, obj) {#OBJ, sp_keys_##obj, SP_KEY_##OBJ##_N, sp_key_rows_##obj},
const sp_key_table sp_album_key_tables[] = {SP_ALBUM_KEY_TABLES(TABLE)};
#undef TABLE
const size_t sp_album_key_table_count = sizeof sp_album_key_tables / sizeof *sp_album_key_tables;
