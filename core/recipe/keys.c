/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keys of a recipe (core/recipe/keys.h): each table's names, and the
 * lists a track, a bus and master take, made of their tables at compile
 * time, so that they cannot drift apart. */

#include "core/recipe/keys.h"

#include "core/recipe/album_keys.h"

#include "core/recipe/format.h"

#include "core/base/alloc.h"
#include "core/base/isrc.h"
#include "core/base/names.h"
#include "core/dsp/adm.h"
#include "core/recipe/recipe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define NAMES(OBJ, obj) const char *const sp_keys_##obj[] = {SP_KEYS_##OBJ(SP_KEY_NAME_) NULL};
SP_KEY_TABLES(NAMES)
#undef NAMES

/* The entries of a table whose flag column says Y. */
#define IF_Y(...) __VA_ARGS__
#define IF_N(...)
#define BIT_Y(b) (b)
#define BIT_N(b) 0
#define ON_TRACK(obj, id, name, t, b, m) IF_##t(name, )
#define ON_BUS(obj, id, name, t, b, m) IF_##b(name, )
#define ON_MASTER(obj, id, name, t, b, m) IF_##m(name, )
#define STRIP_BITS(obj, id, name, t, b, m)                                                         \
  (unsigned char)(BIT_##t(SP_KEY_ON_TRACK) | BIT_##b(SP_KEY_ON_BUS) | BIT_##m(SP_KEY_ON_MASTER)),
#define REGION_ON_TRACK(obj, id, name, t) IF_##t(name, )

const char *const sp_keys_track_all[] = {SP_KEYS_REGION(REGION_ON_TRACK) SP_KEYS_TRACK(SP_KEY_NAME_)
                                             SP_KEYS_STRIP(ON_TRACK) NULL};
const char *const sp_keys_bus_all[] = {SP_KEYS_STRIP(ON_BUS) NULL};
const char *const sp_keys_master_all[] = {SP_KEYS_STRIP(ON_MASTER) SP_KEYS_MASTER(SP_KEY_NAME_)
                                              NULL};
const char *const sp_keys_region_on_track[] = {SP_KEYS_REGION(REGION_ON_TRACK) NULL};

const unsigned char sp_key_strip_on[SP_KEY_STRIP_N] = {SP_KEYS_STRIP(STRIP_BITS)};

/* ---- the kinds of timed value --------------------------------------------- */

/* a level that moves (a fader's, a send's, an envelope's, a VCA's): -inf dB
 * up to this */
#define LEVEL_MAX_DB 24.0
#define LEVEL_WHAT "a level's automation"
#define VALUE_WHAT "a value's automation"
const sp_timed_kind sp_timed_kinds[SP_TIMED_N] = {
    [SP_TIMED_LEVEL] = {"level", SP_TIMED_AS_LEVEL, SP_UNIT_DB, -INFINITY, LEVEL_MAX_DB,
                        LEVEL_WHAT},
    [SP_TIMED_ENVELOPE] = {"envelope", SP_TIMED_AS_ENVELOPE, SP_UNIT_DB, -INFINITY, LEVEL_MAX_DB,
                           LEVEL_WHAT},
    [SP_TIMED_PAN] = {"pan", SP_TIMED_AS_NUMBER, SP_UNIT_NUMBER, -1.0, 1.0, VALUE_WHAT},
    [SP_TIMED_AZIMUTH] = {"azimuth", SP_TIMED_AS_NUMBER, SP_UNIT_NUMBER, -180.0, 180.0, VALUE_WHAT},
    [SP_TIMED_ELEVATION] = {"elevation", SP_TIMED_AS_NUMBER, SP_UNIT_NUMBER, -90.0, 90.0,
                            VALUE_WHAT},
    [SP_TIMED_MUTE] = {"mute", SP_TIMED_AS_SETTINGS, SP_UNIT_NUMBER, 0, 0, "a moving mute"},
    [SP_TIMED_BYPASS] = {"bypass", SP_TIMED_AS_SETTINGS, SP_UNIT_NUMBER, 0, 0, "a moving bypass"},
    [SP_TIMED_VCA] = {"vca", SP_TIMED_AS_VCA, SP_UNIT_DB, -INFINITY, LEVEL_MAX_DB,
                      "a VCA's automation"},
    [SP_TIMED_SETTING] = {"setting", SP_TIMED_AS_SETTINGS, SP_UNIT_NUMBER, 0, 0,
                          "a moving polarity"},
    [SP_TIMED_FADE_CURVE] = {"fade curve", SP_TIMED_AS_NUMBER, SP_UNIT_NUMBER, 0.0, 1.0,
                             "a fade's points"},
    [SP_TIMED_FADE_LIST] = {"fade list", SP_TIMED_AS_NUMBER, SP_UNIT_NUMBER, 0.0, 2.0,
                            "a fade's points"},
};
#undef LEVEL_MAX_DB
#undef LEVEL_WHAT
#undef VALUE_WHAT

/* ---- the rows ---------------------------------------------------------------
 * Each key's row, as the parser (io/recipe/) reads it today: its type, the
 * range and words it takes, its default as docs/recipe.md says it, one line
 * of help. tests/test_keys.c requires a row for every key and parses each
 * range's bounds and each word (and just outside them). */

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define T(x) .type = SP_KEY_T_##x
#define RANGE(lo, hi) .min = (lo), .max = (hi)
/* The field a row fills: its struct, its member, how it is stored; a bool
 * set once it is read; a bool set when the row's word (auto) is given. */
#define AT(type, f, s) .store = SP_KEY_S_##s, .at = offsetof(type, f)
#define HAS(type, f) .has = offsetof(type, f) + 1, KEY_IF(type, f)
#define KEY_IF(type, f) .key_if = offsetof(type, f) + 1
/* a list of items of type item, at f, n of them */
#define ITEMS(type, f, n, item)                                                                    \
  .store = SP_KEY_S_LIST, .at = offsetof(type, f), .count = offsetof(type, n) + 1,                 \
  .size = sizeof(item)
/* channel names at f, n of them */
#define NAMES(type, f, n)                                                                          \
  .store = SP_KEY_S_CHANNELS, .at = offsetof(type, f), .count = offsetof(type, n) + 1
/* names (of tracks, buses, stems) at f, n of them */
#define LISTED(type, f, n)                                                                         \
  .store = SP_KEY_S_NAMES, .at = offsetof(type, f), .count = offsetof(type, n) + 1
/* inputs of the render at f (and the two arrays after it), n of them */
#define INPUTS(type, f, n)                                                                         \
  .store = SP_KEY_S_INPUTS, .at = offsetof(type, f), .count = offsetof(type, n) + 1
/* the sp_auto a timed value moves in, and its kind */
#define MOVES(type, f, kind) .moves = offsetof(type, f) + 1, .timed = kind
#define WORD_FLAG(type, f) .word_at = offsetof(type, f) + 1
/* the char * a name goes to, of a number or a name */
#define NAME_AT(type, f) .name_at = offsetof(type, f) + 1
/* a text of the form check says, in a char array f */
#define CHARS(type, f, form)                                                                       \
  .store = SP_KEY_S_CHARS, .at = offsetof(type, f), .size = sizeof(((type *)0)->f), .check = form
/* a depth's words and bits (core/recipe/format.h) */
#define DEPTHS .words = sp_depth_names, .values = sp_depth_bits, .check = depth_form
#define DITHERS WORDS("none", "tpdf")
#define PRESETS SP_LOUDNESS_PRESET_WORDS
#define TAPS sp_tap_words /* core/recipe/recipe.h */

/* ---- the forms a text takes (sp_key_row.check) ---------------------------- */

/* A date of the calendar written yyyy-mm-dd (the bext chunk's form): its
 * form, its month, its day for that month (leap years counted, Gregorian). */
static bool date_form(const char *text, char *why, size_t why_size)
{
  static const char *const months[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
  bool form = strlen(text) == 10;
  for (size_t i = 0; form && i < 10; i++)
    form = i == 4 || i == 7 ? text[i] == '-' : text[i] >= '0' && text[i] <= '9';
  if (!form) {
    snprintf(why, why_size, "expected a date like 2026-11-25 (yyyy-mm-dd)");
    return false;
  }
  int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
  if (m < 1 || m > 12) {
    snprintf(why, why_size, "%s is not a date: there is no month %02d (01 to 12)", text, m);
    return false;
  }
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int last = days[m - 1] + (m == 2 && leap);
  if (d < 1 || d > last) {
    snprintf(why, why_size, "%s is not a date: %s %04d has %d days (01 to %02d)", text,
             months[m - 1], y, last, last);
    return false;
  }
  return true;
}

/* A time of day written hh:mm:ss (the bext chunk's form). */
static bool time_form(const char *text, char *why, size_t why_size)
{
  int h, mi, s, used = 0;
  if (sscanf(text, "%2d:%2d:%2d%n", &h, &mi, &s, &used) == 3 && !text[used] && strlen(text) == 8 &&
      h <= 23 && mi <= 59 && s <= 59)
    return true;
  snprintf(why, why_size, "expected a time of day like 14:30:00 (hh:mm:ss)");
  return false;
}

/* A template of file names, of a folder's (core/base/names.h). */
static bool file_template(const char *text, char *why, size_t why_size)
{
  return sp_name_template_check(text, false, why, why_size);
}

static bool dir_template(const char *text, char *why, size_t why_size)
{
  return sp_name_template_check(text, true, why, why_size);
}

/* The bext chunk's description: a template, path separators and all. */
static bool bext_template(const char *text, char *why, size_t why_size)
{
  return file_template(text, why, why_size) || strstr(why, "path separator");
}

/* An ISRC (core/base/isrc.h: with its hyphens or none), stored without
 * them. */
bool sp_key_isrc_form(const char *text, char *why, size_t why_size)
{
  char w[128];
  const bool ok = sp_isrc_valid(text, w);
  if (!ok)
    snprintf(why, why_size, "not an ISRC: %s; copy it from the track's registration", w);
  return ok;
}

void sp_key_isrc_compact(char *text) { sp_isrc_compact(text, text); }

/* An outboard unit's name (a hardware insert's), its send's file name
 * without the .wav: a portable file name (core/base/names.h). */
static bool unit_name_form(const char *text, char *why, size_t why_size)
{
  char w[384];
  if (strlen(text) > 251)
    snprintf(w, sizeof w,
             "'%.40s...' is longer than 251 bytes (its send, NAME.wav, would pass "
             "255, the longest file name)",
             text);
  else if (sp_file_name_check(text, w, sizeof w))
    return true;
  snprintf(why, why_size,
           "%s; the unit's name names its send (sends/NAME.wav in the output "
           "folder): give a plain file name without its extension, like la2a",
           w);
  return false;
}

/* A year, or a date yyyy-mm-dd. */
static bool year_form(const char *text, char *why, size_t why_size)
{
  const size_t n = strlen(text);
  bool ok = n == 4 || n == 10;
  for (size_t i = 0; ok && i < n; i++)
    ok = i == 4 || i == 7 ? text[i] == '-' : text[i] >= '0' && text[i] <= '9';
  if (!ok)
    snprintf(why, why_size, "'%s' is not a year: give yyyy or yyyy-mm-dd, like 2026", text);
  return ok;
}

/* A field of the bext chunk's 32 bytes. */
static bool bext_32(const char *text, char *why, size_t why_size)
{
  if (strlen(text) <= 32)
    return true;
  snprintf(why, why_size, "%zu bytes, more than the bext chunk's 32; shorten it", strlen(text));
  return false;
}

/* The ADM BWF's file name: a template holding {name}. */
static bool adm_template(const char *text, char *why, size_t why_size)
{
  if (strstr(text, "{name}") && strlen(text) < 100)
    return true;
  snprintf(why, why_size,
           "the ADM BWF's file name is a template holding {name} (the mix's), like '{name}_adm'");
  return false;
}

/* An ADM ID of prefix (BS.2076: APR_ or AO_ and four hexadecimal digits). */
static bool adm_id_of(const char *text, const char *prefix, const char *what, const char *like,
                      char *why, size_t why_size)
{
  const size_t n = strlen(prefix);
  if (strncasecmp(text, prefix, n) == 0 && strlen(text) == n + 4 &&
      strspn(text + n, "0123456789abcdefABCDEF") == 4)
    return true;
  snprintf(why, why_size,
           "'%s' is no %s; BS.2076 names one %s and four hexadecimal digits, like %s", text, what,
           prefix, like);
  return false;
}

static bool adm_programme_id(const char *text, char *why, size_t why_size)
{
  return adm_id_of(text, "APR_", "audioProgrammeID", "APR_1001", why, why_size);
}

/* The master set's format: a lossless one (a lossy one said so). */
static bool master_format(const char *text, char *why, size_t why_size)
{
  for (int f = 0; f < SP_FORMATS; f++)
    if (sp_format_lossy((sp_format)f) && strcmp(text, sp_format_names[f]) == 0) {
      char lossless[128];
      sp_format_list(false, lossless, sizeof lossless);
      snprintf(why, why_size,
               "the master set is lossless (the null test reads it): %s; print %s beside it from "
               "output.also, like also: [{format: %s}]",
               lossless, text, text);
      return false;
    }
  return true;
}

/* A depth: 32 bits is 32-bit float, written so. */
static bool depth_form(const char *text, char *why, size_t why_size)
{
  if (strcmp(text, "32") != 0)
    return true;
  snprintf(why, why_size, "32-bit output is floating point: write '32f'");
  return false;
}

/* A MIDI file's track by its number: from 1, as DAWs number them. */
static bool midi_track_form(const char *text, char *why, size_t why_size)
{
  char *end;
  const long no = strtol(text, &end, 10);
  if (end == text || *end || (no >= 1 && no <= 65535))
    return true;
  snprintf(why, why_size,
           "a MIDI file's tracks are numbered from 1 (as DAWs number them), got %ld; or name the "
           "track",
           no);
  return false;
}

/* The recipe's format: the one this stemprint reads. */
bool sp_key_version_form(const char *text, char *why, size_t why_size)
{
  if (strcmp(text, "1") == 0)
    return true;
  snprintf(why, why_size, "recipe format '%s' is not known; this stemprint (%s) reads format 1",
           text, SP_VERSION);
  return false;
}

/* A loudness preset that is no preset: a spec of dialogue-gated loudness
 * (the preset key's and the short form's: review 30 F6). */
bool sp_key_loudness_not_dialogue(const char *text, char *why, size_t why_size)
{
  if (strcasecmp(text, "netflix") != 0 && strcasecmp(text, "dialogue") != 0)
    return true;
  snprintf(why, why_size,
           "'%s' measures dialogue-gated loudness (Netflix: -27 LKFS ±2 LU on the dialogue, "
           "-2 dBTP), which stemprint does not measure: it gates the whole programme as BS.1770 "
           "does, and would pass or fail a mix for another reason; check the true peak "
           "(max_true_peak: -2 dBTP) and measure the dialogue-gated loudness with a meter that "
           "does",
           text);
  return false;
}

/* The delivery presets of a loudness rule, in PRESETS' order; the keys
 * written beside one win. */
#define PRESET(name, lufs, lu, dbtp)                                                               \
  {                                                                                                \
    .on = true, .preset = name, .has_target = true, .target_lufs = lufs, .tolerance_lu = lu,       \
    .at_most = lu == 0, .has_max_true_peak = true, .max_true_peak_dbtp = dbtp                      \
  }
static const sp_loudness_rule loudness_presets[] = {
    PRESET("ebu-r128", -23.0, 0.5, -1.0),    /* EBU R 128 (2020): programmes, ±0.5 LU */
    PRESET("atsc-a85", -24.0, 2.0, -2.0),    /* ATSC A/85:2013, ±2 dB */
    PRESET("streaming", -14.0, 1.0, -1.0),   /* Spotify, YouTube, Tidal, Amazon: -14 LUFS */
    PRESET("apple-music", -16.0, 1.0, -1.0), /* Apple Music's Sound Check, Apple Digital Masters */
    /* Apple's Dolby Atmos music delivery: at most -18 LKFS, however far
     * under (a ceiling: tolerance 0, review 25 F2) */
    PRESET("streaming-immersive", -18.0, 0.0, -1.0),
};
#undef PRESET

const sp_key_row sp_key_rows_root[SP_KEY_ROOT_N] = {
    [SP_KEY_ROOT_STEMPRINT] = {T(ENUM), AT(sp_recipe, format, INT), .words = WORDS("1"),
                               .values = (const int[]){1}, .check = sp_key_version_form,
                               .def = NULL, .help = "the recipe's format version: 1"},
    [SP_KEY_ROOT_SAMPLE_RATE] = {T(NUMBER), AT(sp_recipe, sample_rate, DOUBLE), .unit = "Hz",
                                 RANGE(8000, 768000), .def = "48000",
                                 .help = "the session's rate (none given: its audio files' where "
                                         "they share one); sources at other rates are resampled"},
    [SP_KEY_ROOT_LENGTH] = {T(TIME), AT(sp_recipe, length, TIME), WORD_FLAG(sp_recipe, length_auto),
                            .words = WORDS("auto"), .def = "auto",
                            .help = "the timeline's length: auto = the end of the last region that "
                                    "sounds; a time pads with silence or cuts"},
    [SP_KEY_ROOT_TAIL] = {T(TIME), AT(sp_recipe, tail, TIME), WORD_FLAG(sp_recipe, tail_auto),
                          .words = WORDS("auto"), .def = "auto",
                          .help = "time rendered after the length for tails: auto = the longest "
                                  "tail the inserts report, or a time"},
    [SP_KEY_ROOT_PAN_LAW] = {T(LEVEL), AT(sp_recipe, pan_law_db, DOUBLE),
                             WORD_FLAG(sp_recipe, pan_law_quadratic), .unit = "dB", RANGE(-6, 0),
                             .words = WORDS("ardour"), .def = "-3 dB",
                             .help = "the level of a centred mono track on each side, or ardour "
                                     "(Ardour's panners)"},
    /* by hand, these three: a track's mapping is three tables at once (its region's, its
     * own, the mixer keys sp_key_strip_on gives it), a bus's and master's the mixer's */
    [SP_KEY_ROOT_TRACKS] = {T(MAP), .of = "TRACK", .short_key = "file", .def = NULL,
                            .help = "the tracks by name, in mixer order"},
    [SP_KEY_ROOT_BUSES] = {T(MAP), .of = "BUS", .def = "",
                           .help = "the buses by name (group buses and aux returns)"},
    [SP_KEY_ROOT_MASTER] = {T(OBJECT), .of = "MASTER", .def = "",
                            .help = "master's mixer: gain, inserts, layout, normalize, adm"},
    [SP_KEY_ROOT_STEMS] = {T(OBJECT), AT(sp_recipe, stems, NAMED),
                           .count = offsetof(sp_recipe, n_stems) + 1, .size = sizeof(sp_stem),
                           HAS(sp_recipe, has_stems), .of = "STEMS", .def = "",
                           .help = "the stems to print, by name: each a list of tracks or buses; "
                                   "without it only the mix is printed"},
    [SP_KEY_ROOT_VERSIONS] = {T(MAP), ITEMS(sp_recipe, versions, n_versions, sp_version),
                              .of = "VERSION", .def = "",
                              .help = "versions of the mix by name (an instrumental, a TV mix): "
                                      "what each mutes or keeps"},
    [SP_KEY_ROOT_OUTPUT] = {T(OBJECT), AT(sp_recipe, output, OBJECT), .of = "OUTPUT", .def = "",
                            .help = "where and how the files are written"},
    [SP_KEY_ROOT_CHECKS] = {T(OBJECT), .store = SP_KEY_S_OBJECT, .of = "CHECKS", .def = "",
                            .help = "the null test's threshold and the loudness targets"},
    [SP_KEY_ROOT_PLUGIN_CYCLE] = {T(NUMBER), AT(sp_recipe, plugin_cycle, CYCLE), RANGE(16, 65536),
                                  .words = WORDS("ardour"), .values = (const int[]){1024},
                                  .def = "",
                                  .help = "LV2 plugins run in cycles of this many frames, as a DAW "
                                          "runs them; ardour: Ardour's export"},
    [SP_KEY_ROOT_LATENCY] = {T(ENUM), AT(sp_recipe, latency_ignored, BOOL),
                             .words = WORDS("compensate", "ignore"), .def = "compensate",
                             .help = "the inserts' latency compensated (every path on time), or "
                                     "ignored as Ardour's export with master wired to nothing: a "
                                     "track on time, a bus late by its inserts' latency"},
};

const sp_key_row sp_key_rows_region[SP_KEY_REGION_N] = {
    [SP_KEY_REGION_FILE] = {T(FILE), AT(sp_region, file, INPUT), .one_of = true, .def = "",
                            .help = "the audio file it plays, relative to the recipe's folder"},
    [SP_KEY_REGION_FILES] = {T(LIST), .takes = SP_KEY_TAKES_AUDIO,
                             INPUTS(sp_region, files, n_files), .one_of = true, .def = "",
                             .help = "audio files played side by side, their channels the "
                                     "region's in order (Ardour's %L and %R mono files)"},
    [SP_KEY_REGION_MIDI] = {T(FILE), AT(sp_region, file, INPUT), HAS(sp_region, midi),
                            .one_of = true, .def = "",
                            .help = "the MIDI file its instrument plays, relative to the recipe"},
    [SP_KEY_REGION_TRACK] = {T(NUMBER), .takes = SP_KEY_TAKES_MIDI,
                             AT(sp_region, midi_track_no, INT), NAME_AT(sp_region, midi_track),
                             .check = midi_track_form, RANGE(1, 65535), .also = SP_KEY_OR_TEXT,
                             .def = "every track",
                             .help = "the MIDI file's track it plays: its number from 1, or "
                                     "its name"},
    [SP_KEY_REGION_CHANNEL] = {T(NUMBER), AT(sp_region, channel, INT), RANGE(1, 16),
                               .def = "every channel",
                               .help = "a MIDI channel, or an audio file's from its first"},
    [SP_KEY_REGION_KEEP_CHANNELS] = {T(LIST), .takes = SP_KEY_TAKES_MIDI,
                                     AT(sp_region, keep_channels, WORDS),
                                     .words = WORDS("1", "2", "3", "4", "5", "6", "7", "8", "9",
                                                    "10", "11", "12", "13", "14", "15", "16"),
                                     .def = "every channel",
                                     .help = "the MIDI channels it plays, the others' messages "
                                             "left out (a DAW's playback channel filter)"},
    [SP_KEY_REGION_FORCE_CHANNEL] =
        {T(NUMBER), .takes = SP_KEY_TAKES_MIDI, AT(sp_region, force_channel, INT), RANGE(1, 16),
         .def = "each message's own",
         .help = "the MIDI channel every channel message plays on (a "
                 "DAW's forced playback channel)"},
    [SP_KEY_REGION_AT] = {T(TIME), AT(sp_region, at, TIME), .def = "0 s",
                          .help = "where it starts on the timeline"},
    [SP_KEY_REGION_FROM] = {T(TIME), AT(sp_region, from, TIME), .def = "0 s",
                            .help = "where in the source it starts"},
    [SP_KEY_REGION_LENGTH] = {T(TIME), AT(sp_region, length, TIME), HAS(sp_region, has_length),
                              .def = "the rest of the source", .help = "how long it plays"},
    [SP_KEY_REGION_FADE_IN] = {T(TIME), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, fade_in, FADE),
                               .words = WORDS("ardour"), .also = SP_KEY_OR_OBJECT, .of = "FADE",
                               .def = "0 s",
                               .help = "its fade in: a length, or {length, shape} or {curve}"},
    [SP_KEY_REGION_FADE_OUT] = {T(TIME), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, fade_out, FADE),
                                .words = WORDS("ardour"), .also = SP_KEY_OR_OBJECT, .of = "FADE",
                                .def = "0 s",
                                .help = "its fade out: a length, or {length, shape} or {curve}"},
    [SP_KEY_REGION_STRETCH] = {T(NUMBER), .takes = SP_KEY_TAKES_AUDIO,
                               AT(sp_region, stretch.ratio, DOUBLE), HAS(sp_region, stretch.on),
                               RANGE(0.05, 20), .def = "1",
                               .help = "time-stretch ratio (2: twice as long), pitch kept"},
    [SP_KEY_REGION_WARP] = {T(LIST), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, stretch, WARP),
                            HAS(sp_region, stretch.on), .def = "",
                            .help = "warp markers: [[source time, timeline time], ...]"},
    [SP_KEY_REGION_PITCH] = {T(NUMBER), .takes = SP_KEY_TAKES_AUDIO,
                             AT(sp_region, stretch.pitch_st, DOUBLE), HAS(sp_region, stretch.on),
                             .unit = "st", RANGE(-24, 24), .def = "0 st",
                             .help = "pitch shift in semitones, length kept"},
    [SP_KEY_REGION_GAIN] = {T(LEVEL), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, gain_db, DOUBLE),
                            .unit = "dB", RANGE(-INFINITY, SP_REGION_GAIN_MAX_DB), .def = "0 dB",
                            .help = "the region's own gain, before the track's trim"},
    [SP_KEY_REGION_INVERT] = {T(BOOL), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, invert, BOOL),
                              .def = "false",
                              .help = "its polarity inverted, every channel (Ardour's region "
                                      "Polarity), as its gain is applied"},
    [SP_KEY_REGION_ENVELOPE] = {T(TIMED), .takes = SP_KEY_TAKES_AUDIO,
                                AT(sp_region, envelope, AUTO), .timed = SP_TIMED_ENVELOPE,
                                .def = "",
                                .help = "a gain envelope over the region, its times from its "
                                        "start; {ramp: ardour, points: [...]}: drawn as "
                                        "Ardour's export draws it"},
    [SP_KEY_REGION_OPAQUE] = {T(BOOL), .takes = SP_KEY_TAKES_AUDIO, AT(sp_region, opaque, BOOL),
                              .def = "false",
                              .help = "whether it hides the regions below it where it plays"},
};

const sp_key_row sp_key_rows_track[SP_KEY_TRACK_N] = {
    [SP_KEY_TRACK_REGIONS] = {T(LIST), ITEMS(sp_track, regions, n_regions, sp_region),
                              .of = "REGION", .one_of = true, .def = "",
                              .help = "the track's regions, each {file, at, from, length, ...}"},
    [SP_KEY_TRACK_INSTRUMENT] = {T(INSTRUMENT), AT(sp_track, strip, INSTRUMENT), .def = "",
                                 .help = "the instrument that plays its MIDI regions: "
                                         "{soundfont: {...}} or {lv2: {...}}"},
};

const sp_key_row sp_key_rows_strip[SP_KEY_STRIP_N] = {
    [SP_KEY_STRIP_GAIN] = {T(TIMED), AT(sp_strip, gain, AUTO), .timed = SP_TIMED_LEVEL,
                           .def = "0 dB", .help = "the fader: a level, or its automation"},
    [SP_KEY_STRIP_TRIM] = {T(LEVEL), AT(sp_strip, trim_db, DOUBLE),
                           MOVES(sp_strip, trims, SP_TIMED_LEVEL), .unit = "dB",
                           RANGE(-INFINITY, 48), .also = SP_KEY_OR_LIST | SP_KEY_OR_OBJECT,
                           .of = "LEVEL", .def = "0 dB",
                           .help = "gain before the inserts, or its automation (as a fader's)"},
    [SP_KEY_STRIP_PAN] = {T(TIMED), AT(sp_strip, pan, PAN), .timed = SP_TIMED_PAN,
                          .also = SP_KEY_OR_OBJECT, .of = "POSITION|GAINS", .def = "0",
                          .help = "-1 (left) .. 1 (right), its automation, a position "
                                  "{azimuth, elevation, spread} or {gains: ...}"},
    [SP_KEY_STRIP_WIDTH] = {T(TIMED), AT(sp_strip, width, DOUBLE), HAS(sp_strip, has_width),
                            MOVES(sp_strip, widths, SP_TIMED_PAN), RANGE(-1, 1), .def = "1",
                            .help = "the panner's stereo width, -1 .. 1, or its automation"},
    [SP_KEY_STRIP_INVERT] = {T(BOOL), AT(sp_strip, invert, POLARITY), .also = SP_KEY_OR_LIST,
                             .def = "false",
                             .help = "polarity inverted: true, or one true or false a channel"},
    [SP_KEY_STRIP_MUTE] = {T(TIMED), AT(sp_strip, mute, BOOL),
                           MOVES(sp_strip, mutes, SP_TIMED_MUTE), .also = SP_KEY_OR_BOOL,
                           .def = "false", .help = "muted: true, or [time, true or false] points"},
    [SP_KEY_STRIP_MUTE_POINTS] = {T(LIST), AT(sp_strip, mute_points, WORDS),
                                  .words = WORDS("pre_fader", "post_fader", "main"),
                                  .def = "[pre_fader, post_fader, main]",
                                  .help = "what its mute silences: sends and keys before its "
                                          "fader, the others, its output (Ardour's mute points)"},
    [SP_KEY_STRIP_SOLO] = {T(BOOL), AT(sp_strip, solo, BOOL), .def = "false",
                           .help = "soloed: the tracks not soloed are silent"},
    [SP_KEY_STRIP_INSERTS] = {T(INSERTS), .store = SP_KEY_S_CHAIN, .def = "",
                              .help = "processors before the fader, in order "
                                      "(stemprint help inserts)"},
    [SP_KEY_STRIP_POST_INSERTS] = {T(INSERTS), .store = SP_KEY_S_CHAIN,
                                   .count = offsetof(sp_strip, n_post) + 1, .def = "",
                                   .help = "processors after the fader, in order"},
    [SP_KEY_STRIP_SENDS] = {T(LIST), ITEMS(sp_strip, sends, n_sends, sp_send), .of = "SEND",
                            .def = "", .help = "sends to buses: [{to, level, tap, pan}]"},
    [SP_KEY_STRIP_TO] = {T(TEXT), AT(sp_strip, to, TEXT), WORD_FLAG(sp_strip, to_none),
                         .words = WORDS("master", "none"), .def = "master",
                         .help = "the bus its output feeds, master, or none"},
    [SP_KEY_STRIP_PRINT] = {T(BOOL), AT(sp_strip, print, BOOL), .def = "false",
                            .help = "the bus is printed as a file of its own (a cue mix)"},
    [SP_KEY_STRIP_LAYOUT] = {T(LAYOUT), AT(sp_strip, layout, LAYOUT),
                             .def = "the source's (a track), stereo (a bus, master)",
                             .help = "its channel layout (stemprint help layouts)"},
    [SP_KEY_STRIP_CHANNELS] = {T(CHANNELS), NAMES(sp_strip, direct, n_direct), .def = "",
                               .help = "the destination's channels it feeds directly, by name, "
                                       "unpanned"},
    [SP_KEY_STRIP_LFE] = {T(LEVEL), .store = SP_KEY_S_OBJECT, KEY_IF(sp_strip, has_lfe),
                          .unit = "dB", RANGE(-INFINITY, 24), .also = SP_KEY_OR_OBJECT, .of = "LFE",
                          .def = "",
                          .help = "feed of the LFE channel: a level, or {level, lowpass}"},
    [SP_KEY_STRIP_FOLD] = {T(TEXT), AT(sp_strip, fold, FOLD), HAS(sp_strip, has_fold),
                           .words = WORDS("bs775"), .also = SP_KEY_OR_OBJECT, .of = "FOLD",
                           .def = "bs775",
                           .help = "how it folds into a smaller layout: bs775, or its levels"},
    [SP_KEY_STRIP_OBJECT] = {T(BOOL), .store = SP_KEY_S_OBJECT, HAS(sp_strip, object),
                             .also = SP_KEY_OR_OBJECT, .of = "OBJECT", .def = "false",
                             .help = "the bus is an object of master's ADM BWF"},
    [SP_KEY_STRIP_BED] = {T(BOOL), AT(sp_strip, bed, BOOL), KEY_IF(sp_strip, bed), .def = "false",
                          .help = "the bus is a bed of master's ADM BWF"},
    [SP_KEY_STRIP_OBJECTS] = {T(ENUM), AT(sp_strip, keep_objects, BOOL),
                              KEY_IF(sp_strip, keep_objects), .words = WORDS("render", "keep"),
                              .def = "render",
                              .help = "the objects of a track's ADM BWF: rendered into its "
                                      "layout, or kept as objects of master's"},
    [SP_KEY_STRIP_PROGRAMME] = {T(TEXT), AT(sp_strip, adm_programme, TEXT),
                                HAS(sp_strip, has_adm_programme), .check = adm_programme_id,
                                .def = "",
                                .help = "the audioProgramme of a track's ADM BWF that plays "
                                        "(APR_1001; default: the one of the lowest ID)"},
    [SP_KEY_STRIP_COMPLEMENTARY] = {T(LIST),
                                    LISTED(sp_strip, adm_complementary, n_adm_complementary),
                                    HAS(sp_strip, has_adm_complementary), .also = SP_KEY_OR_TEXT,
                                    .def = "",
                                    .help = "the audioObjects of a track's ADM BWF that play for "
                                            "their complementary groups (AO_1002; default: each "
                                            "group's first)"},
};

const sp_key_row sp_key_rows_master[SP_KEY_MASTER_N] = {
    [SP_KEY_MASTER_NORMALIZE] = {T(OBJECT), .store = SP_KEY_S_OBJECT, KEY_IF(sp_recipe, normalize),
                                 .of = "NORMALIZE", .def = "",
                                 .help = "master's gain set so the mix reaches a loudness"},
    [SP_KEY_MASTER_ADM] = {T(BOOL), .store = SP_KEY_S_OBJECT, HAS(sp_recipe, adm),
                           .also = SP_KEY_OR_OBJECT, .of = "ADM", .def = "false",
                           .help = "print master as an ADM BWF too: true, or "
                                   "{name, renders, profile}"},
};

const sp_key_row sp_key_rows_normalize[SP_KEY_NORMALIZE_N] = {
    [SP_KEY_NORMALIZE_TARGET] = {T(NUMBER), AT(sp_recipe, normalize_lufs, DOUBLE),
                                 HAS(sp_recipe, normalize), .unit = "LUFS", RANGE(-70, 0),
                                 .def = NULL, .help = "the integrated loudness the mix reaches"},
};

const sp_key_row sp_key_rows_adm[SP_KEY_ADM_N] = {
    [SP_KEY_ADM_NAME] = {T(TEXT), AT(sp_recipe, adm_name, TEXT), .check = adm_template,
                         .prints_recipe = true, .def = "{name}_adm",
                         .help = "the ADM BWF's file name, a template holding {name}"},
    [SP_KEY_ADM_RENDERS] = {T(LIST), .store = SP_KEY_S_LAYOUTS,
                            .at = offsetof(sp_recipe, adm_renders),
                            .count = offsetof(sp_recipe, n_adm_renders) + 1,
                            .size = sizeof(((sp_recipe *)0)->adm_renders),
                            .def = "[7.1.4, 5.1, stereo]",
                            .help = "the layouts it is re-rendered into and checked"},
    /* dolby is immersive-music; the job's key holds false, true or bs2076 */
    [SP_KEY_ADM_PROFILE] = {T(ENUM), AT(sp_recipe, adm_profile, INT),
                            .words = WORDS("dolby", "immersive-music", "bs2076"),
                            .values = (const int[]){SP_ADM_PROFILE_DOLBY, SP_ADM_PROFILE_DOLBY,
                                                    SP_ADM_PROFILE_BS2076},
                            .keyed = WORDS("false", "true", "\"bs2076\""), .def = "",
                            .help = "the profile an ADM master is written to: dolby "
                                    "(immersive-music, the Dolby Atmos Master ADM Profile, "
                                    "checked against it) or bs2076 (ITU-R BS.2076-2 alone, any "
                                    "rate)"},
};

const sp_key_row sp_key_rows_object[SP_KEY_OBJECT_N] = {
    [SP_KEY_OBJECT_BINAURAL] = {T(ENUM), AT(sp_strip, object_binaural, INT),
                                .words = WORDS("off", "near", "mid", "far"),
                                .values = (const int[]){SP_ADM_BINAURAL_OFF, SP_ADM_BINAURAL_NEAR,
                                                        SP_ADM_BINAURAL_MID, SP_ADM_BINAURAL_FAR},
                                .def = "mid", .help = "the object's binaural render mode"},
};

const sp_key_row sp_key_rows_send[SP_KEY_SEND_N] = {
    [SP_KEY_SEND_TO] = {T(TEXT), AT(sp_send, to, TEXT), .def = NULL, .help = "the bus it feeds"},
    [SP_KEY_SEND_LEVEL] = {T(TIMED), AT(sp_send, level, AUTO), .timed = SP_TIMED_LEVEL,
                           .def = "0 dB", .help = "the send's level, or its automation"},
    [SP_KEY_SEND_TAP] = {T(ENUM), AT(sp_send, tap, TAP), .words = TAPS, .also = SP_KEY_OR_OBJECT,
                         .def = "post",
                         .help = "where it taps its strip: pre, fader, post, or "
                                 "{after: N or NAME}"},
    [SP_KEY_SEND_PAN] = {T(TIMED), AT(sp_send, pan, PAN), KEY_IF(sp_send, pan.given),
                         .timed = SP_TIMED_PAN, .also = SP_KEY_OR_OBJECT, .of = "POSITION|GAINS",
                         .def = "the strip's",
                         .help = "the send's own pan: as a strip's, -1 .. 1, its automation, a "
                                 "position or {gains: ...}"},
    [SP_KEY_SEND_INVERT] = {T(BOOL), AT(sp_send, invert, BOOL), .def = "false",
                            .help = "its polarity inverted, every channel (Ardour's send "
                                    "polarity)"},
};

const sp_key_row sp_key_rows_position[SP_KEY_POSITION_N] = {
    [SP_KEY_POSITION_AZIMUTH] = {T(TIMED), AT(sp_position, azimuth, AUTO),
                                 .timed = SP_TIMED_AZIMUTH, .def = "0",
                                 .help = "degrees, -180 .. 180, positive to the left"},
    [SP_KEY_POSITION_ELEVATION] = {T(TIMED), AT(sp_position, elevation, AUTO),
                                   .timed = SP_TIMED_ELEVATION, .def = "0",
                                   .help = "degrees, -90 .. 90, positive up"},
    [SP_KEY_POSITION_SPREAD] = {T(NUMBER), AT(sp_position, spread, DOUBLE), RANGE(0, 180),
                                .def = "0", .help = "degrees the source is spread over"},
};

const sp_key_row sp_key_rows_gains[SP_KEY_GAINS_N] = {
    [SP_KEY_GAINS_GAINS] = {T(ANY), .def = NULL,
                            .help = "a gain matrix: each destination channel's gain, "
                                    "{L: 0.97, R: 0.2}, or a list a source channel"},
};

const sp_key_row sp_key_rows_lfe[SP_KEY_LFE_N] = {
    [SP_KEY_LFE_LEVEL] = {T(LEVEL), AT(sp_strip, lfe_db, DOUBLE), HAS(sp_strip, has_lfe),
                          .unit = "dB", RANGE(-INFINITY, 24), .def = NULL,
                          .help = "the level it feeds the LFE at"},
    [SP_KEY_LFE_LOWPASS] = {T(NUMBER), AT(sp_strip, lfe_lowpass_hz, DOUBLE), .unit = "Hz",
                            RANGE(20, 1000), .def = "none (unfiltered)",
                            .help = "the low-pass of the LFE feed"},
};

const sp_key_row sp_key_rows_fold[SP_KEY_FOLD_N] = {
    [SP_KEY_FOLD_CENTRE] = {T(LEVEL), AT(sp_fold, centre_db, DOUBLE), .unit = "dB",
                            RANGE(-INFINITY, 0), .def = "-3 dB",
                            .help = "the centre into L and R where there is none"},
    [SP_KEY_FOLD_SURROUND] = {T(LEVEL), AT(sp_fold, surround_db, DOUBLE), .unit = "dB",
                              RANGE(-INFINITY, 0), .def = "-3 dB",
                              .help = "a surround into the channel in front of it"},
    [SP_KEY_FOLD_HEIGHT] = {T(LEVEL), AT(sp_fold, height_db, DOUBLE), .unit = "dB",
                            RANGE(-INFINITY, 0), .def = "-3 dB",
                            .help = "a height into the ear level below it"},
    [SP_KEY_FOLD_LFE] = {T(LEVEL), AT(sp_fold, lfe_db, DOUBLE), .unit = "dB", RANGE(-INFINITY, 0),
                         .def = "-inf dB", .help = "the LFE where there is none (-inf: dropped)"},
};

const sp_key_row sp_key_rows_fade[SP_KEY_FADE_N] = {
    [SP_KEY_FADE_LENGTH] = {T(TIME), .def = "0 s", .help = "the fade's length"},
    [SP_KEY_FADE_SHAPE] = {T(ENUM),
                           .words = WORDS("linear", "power", "fast", "slow", "symmetric", "ardour"),
                           .def = "a ramp, linear in amplitude", .help = "the fade's shape"},
    [SP_KEY_FADE_CURVE] = {T(LIST), .def = "",
                           .help = "the fade's gain curve, [[time, gain], ...], its last time "
                                   "its length"},
    [SP_KEY_FADE_POINTS] = {T(LIST), .def = "", .help = "the fade's points as Ardour draws them"},
    [SP_KEY_FADE_INVERSE] = {T(LIST), .def = "",
                             .help = "the curve an opaque region below fades by (Ardour's)"},
};

const sp_key_row sp_key_rows_level[SP_KEY_LEVEL_N] = {
    [SP_KEY_LEVEL_POINTS] = {T(LIST), .def = NULL, .help = "[[time, level], ...] in time order"},
    [SP_KEY_LEVEL_RAMP] = {T(ENUM), .words = WORDS("db", "ardour", "declick"), .def = "db",
                           .help = "how the level moves between points"},
    [SP_KEY_LEVEL_INTERPOLATION] =
        {T(ENUM), .words = WORDS("exponential", "logarithmic", "linear", "discrete", "curved"),
         .def = "exponential", .help = "Ardour's interpolation of the points"},
    [SP_KEY_LEVEL_TEMPO] = {T(NUMBER), RANGE(1, 1000), .also = SP_KEY_OR_LIST, .of = "TEMPO",
                            .def = "",
                            .help = "the points' times are beats at this tempo (bpm), or a "
                                    "tempo map"},
    [SP_KEY_LEVEL_VCA] = {T(LIST), .def = "",
                          .help = "VCA masters' curves multiplied in, each a list of points"},
    [SP_KEY_LEVEL_START] = {T(LEVEL), .unit = "dB", RANGE(-INFINITY, 24), .def = "",
                            .help = "the level before the first point"},
};

const sp_key_row sp_key_rows_tempo[SP_KEY_TEMPO_N] = {
    [SP_KEY_TEMPO_AT] = {T(TIME), AT(sp_tempo_written, at, TIME), .def = NULL,
                         .help = "where the tempo starts on the timeline"},
    [SP_KEY_TEMPO_BEAT] = {T(NUMBER), AT(sp_tempo_written, beat, DOUBLE), RANGE(0, 1e7),
                           .def = NULL, .help = "where it starts, in quarter notes"},
    [SP_KEY_TEMPO_BPM] = {T(NUMBER), AT(sp_tempo_written, bpm, DOUBLE), RANGE(1, 1000), .def = NULL,
                          .help = "note types a minute"},
    [SP_KEY_TEMPO_NOTE] = {T(NUMBER), AT(sp_tempo_written, note, DOUBLE), RANGE(1, 128), .def = "4",
                           .help = "the note it counts (4: quarter notes)"},
    [SP_KEY_TEMPO_OMEGA] = {T(NUMBER), AT(sp_tempo_written, omega, DOUBLE), RANGE(-1e-3, 1e-3),
                            .def = "0", .help = "the ramp Ardour saved"},
};

const sp_key_row sp_key_rows_insert[SP_KEY_INSERT_N] = {
    [SP_KEY_INSERT_BYPASS] = {T(TIMED), AT(sp_insert, bypass, BOOL),
                              MOVES(sp_insert, bypasses, SP_TIMED_BYPASS), .def = "false",
                              .help = "bypassed: true, or [time, true or false] points, "
                                      "crossfaded"},
    [SP_KEY_INSERT_CHANNELS] = {T(CHANNELS), NAMES(sp_insert, on, n_on), .def = "every channel",
                                .help = "the channels of its path it processes"},
    [SP_KEY_INSERT_DETECT] = {T(CHANNELS), NAMES(sp_insert, detect, n_detect),
                              .takes = SP_PROC_DETECTOR, .def = "every channel",
                              .help = "the channels its detector hears"},
    /* by hand, these three and bands: keyed as the graph loaded them (the plugin's URI
     * and library, the state's and its files' digests), not as written */
    [SP_KEY_INSERT_PLUGIN] = {T(TEXT), .takes = SP_KEY_TAKES_SELECTOR, .def = "",
                              .help = "the LV2 plugin's URI (lv2: required)"},
    [SP_KEY_INSERT_PRESET] = {T(TEXT), .takes = SP_KEY_TAKES_PLUGIN, .def = "",
                              .help = "an LV2 preset's URI or label"},
    [SP_KEY_INSERT_STATE] = {T(FILE), .takes = SP_KEY_TAKES_PLUGIN, .def = "",
                             .help = "a saved LV2 state's folder"},
    /* by hand: a strip's name or {from, tap, level}, its source found in the graph */
    [SP_KEY_INSERT_KEY] = {T(TEXT), .takes = SP_PROC_TAKES_KEY, .also = SP_KEY_OR_OBJECT,
                           .of = "KEY", .def = "",
                           .help = "its sidechain key: a track or bus, or {from, tap, level}"},
    [SP_KEY_INSERT_BANDS] = {T(LIST), .takes = SP_PROC_BANDS, .def = "",
                             .help = "its bands (an eq's), each a mapping of parameters"},
    [SP_KEY_INSERT_FEED] = {T(ENUM), AT(sp_insert, feed, INT), .takes = SP_PROC_MONO_TO_STEREO,
                            .words = WORDS("left", "right", "mid"),
                            .values = (const int[]){SP_FEED_LEFT, SP_FEED_RIGHT, SP_FEED_MID},
                            .def = "left",
                            .help = "what a mono-input plugin hears of a stereo path: left (as "
                                    "Ardour feeds it), right or mid ((L + R) / 2)"},
    /* by hand: the model holds its opposite, keep_mono, which the importers set */
    [SP_KEY_INSERT_WIDEN] = {T(BOOL), .takes = SP_PROC_MONO_TO_STEREO, .def = "true",
                             .help = "a mono-to-stereo plugin makes a mono path stereo"},
    [SP_KEY_INSERT_NAME] = {T(TEXT), AT(sp_insert, name, TEXT), .check = unit_name_form,
                            .takes = SP_PROC_OUTBOARD, .def = "the return's file name",
                            .help = "outboard gear's name, which names its send: sends/NAME.wav"},
};

const sp_key_row sp_key_rows_key[SP_KEY_KEY_N] = {
    /* by hand: read with its insert (parse_inserts.c), whose messages name it */
    [SP_KEY_KEY_FROM] = {T(TEXT), .def = NULL, .help = "the track or bus that keys it"},
    [SP_KEY_KEY_TAP] = {T(ENUM), AT(sp_insert, key_tap, TAP), .words = TAPS,
                        .also = SP_KEY_OR_OBJECT, .def = "pre",
                        .help = "where it taps the source: pre, fader, post, or {after: N}"},
    [SP_KEY_KEY_LEVEL] = {T(LEVEL), AT(sp_insert, key_level_db, DOUBLE), .unit = "dB",
                          RANGE(-INFINITY, 24), .def = "0 dB", .help = "the key's level"},
    [SP_KEY_KEY_PANNED] = {T(BOOL), AT(sp_insert, key_panned, BOOL), .def = "false",
                           .help = "the key placed by its source's pan, as a send from it"},
    [SP_KEY_KEY_PAN] = {T(NUMBER), AT(sp_insert, key_pan, DOUBLE), HAS(sp_insert, key_has_pan),
                        RANGE(-1, 1), .def = "none",
                        .help = "the key placed by a pan of its own (by its source's law, no "
                                "width), as a send with its own pan"},
};

const sp_key_row sp_key_rows_stems[SP_KEY_STEMS_N] = {
    [SP_KEY_STEMS_SPLIT] = {T(ENUM), AT(sp_recipe, split, INT), .words = WORDS("sources", "buses"),
                            .def = "sources",
                            .help = "stems of the sources through the whole mix, or of "
                                    "master's inputs"},
};

const sp_key_row sp_key_rows_version[SP_KEY_VERSION_N] = {
    [SP_KEY_VERSION_MUTE] = {T(LIST), LISTED(sp_version, names, n_names), HAS(sp_version, mute),
                             .also = SP_KEY_OR_TEXT, .def = "",
                             .help = "the tracks, buses or stems it leaves out"},
    [SP_KEY_VERSION_KEEP] = {T(LIST), LISTED(sp_version, names, n_names), HAS(sp_version, keep),
                             .also = SP_KEY_OR_TEXT, .def = "",
                             .help = "the tracks, buses or stems it keeps (the rest left out)"},
    [SP_KEY_VERSION_MODE] = {T(ENUM), AT(sp_version, own, BOOL), .words = WORDS("linked", "own"),
                             .def = "linked",
                             .help = "linked: the mix's dynamics; own: a render of its own"},
};

const sp_key_row sp_key_rows_output[SP_KEY_OUTPUT_N] = {
    [SP_KEY_OUTPUT_DIR] = {T(TEXT), AT(sp_output, dir, TEXT), .check = dir_template,
                           .unkeyed = true, .def = "out/{recipe}",
                           .help = "the folder, relative to the recipe's ({recipe}, {input})"},
    [SP_KEY_OUTPUT_FORMAT] = {T(ENUM), AT(sp_output, format, INT),
                              .words = sp_format_lossless_names, .check = master_format,
                              .def = "wav", .help = "the files' format"},
    [SP_KEY_OUTPUT_DEPTH] = {T(ENUM), AT(sp_output, depth, INT), DEPTHS, .def = "24",
                             .help = "bits a sample, flac and alac: 16 or 24"},
    [SP_KEY_OUTPUT_DITHER] = {T(ENUM), AT(sp_output, dither, BOOL), .words = DITHERS, .def = "tpdf",
                              .help = "dither at 16 and 24 bit"},
    [SP_KEY_OUTPUT_MIX] = {T(TEXT), AT(sp_output, mix, TEXT), .def = "mix",
                           .help = "the mix's name ({name} in its file)"},
    [SP_KEY_OUTPUT_NAME] = {T(TEXT), .store = SP_KEY_S_OBJECT, .also = SP_KEY_OR_OBJECT,
                            .of = "NAMES", .def = "{name}",
                            .help = "the files' name template, or one per kind of output"},
    [SP_KEY_OUTPUT_BWF] = {T(BOOL), AT(sp_output, bwf, OBJECT), HAS(sp_output, bwf.on),
                           .also = SP_KEY_OR_OBJECT, .of = "BWF", .def = "false",
                           .help = "Broadcast WAV: true, or the bext chunk's fields"},
    [SP_KEY_OUTPUT_TAGS] = {T(OBJECT), AT(sp_output, tags, OBJECT), .of = "TAGS", .def = "",
                            .help = "what the .m4a files say of the song: title, artist, ..."},
    [SP_KEY_OUTPUT_ALSO] = {T(LIST), ITEMS(sp_output, sets, n_sets, sp_output_set), .of = "SET",
                            .def = "",
                            .help = "more sets of every print, in another format, rate or "
                                    "depth"},
    [SP_KEY_OUTPUT_STEM_MP4] = {T(OBJECT), AT(sp_output, stem_mp4, OBJECT),
                                HAS(sp_output, stem_mp4.on), .of = "STEM_MP4", .def = "",
                                .help = "a DJ's stem file (.stem.mp4) of the mix and four stems"},
};

/* output.name's template for kind k (NULL: "{name}", which the job's key holds) */
#define NAME_OF(k)                                                                                 \
  AT(sp_output, name[k], TEXT), .check = file_template, .keyed = WORDS("\"{name}\""),              \
                                .def = "{name}"
const sp_key_row sp_key_rows_names[SP_KEY_NAMES_N] = {
    [SP_KEY_NAMES_MIX] = {T(TEXT), NAME_OF(0), .help = "the mix's file name template"},
    [SP_KEY_NAMES_STEMS] = {T(TEXT), NAME_OF(1), .help = "the stems' file name template"},
    [SP_KEY_NAMES_VERSIONS] = {T(TEXT), NAME_OF(2), .help = "the versions' file name template"},
    [SP_KEY_NAMES_BUSES] = {T(TEXT), NAME_OF(3), .help = "the printed buses' file name template"},
};

const sp_key_row sp_key_rows_bwf[SP_KEY_BWF_N] = {
    [SP_KEY_BWF_DESCRIPTION] = {T(TEXT), AT(sp_bwf, description, TEXT), .check = bext_template,
                                .names_recipe = true, .def = "",
                                .help = "bext Description (256 bytes)"},
    [SP_KEY_BWF_ORIGINATOR] = {T(TEXT), AT(sp_bwf, originator, TEXT), .check = bext_32,
                               .def = "stemprint", .help = "bext Originator (32 bytes)"},
    [SP_KEY_BWF_ORIGINATOR_REFERENCE] = {T(TEXT), AT(sp_bwf, originator_reference, TEXT),
                                         .check = bext_32, .def = "",
                                         .help = "bext OriginatorReference (32 bytes)"},
    [SP_KEY_BWF_DATE] = {T(TEXT), CHARS(sp_bwf, date, date_form), .def = "",
                         .help = "bext OriginationDate, yyyy-mm-dd"},
    [SP_KEY_BWF_TIME] = {T(TEXT), CHARS(sp_bwf, time, time_form), .def = "",
                         .help = "bext OriginationTime, hh:mm:ss"},
    [SP_KEY_BWF_START] = {T(TIME), AT(sp_bwf, start, TIME), .def = "0 s",
                          .help = "the timeline's start (bext TimeReference)"},
};

const sp_key_row sp_key_rows_tags[SP_KEY_TAGS_N] = {
    [SP_KEY_TAGS_TITLE] = {T(TEXT), AT(sp_tags, title, TEXT), .def = "",
                           .help = "the song's title (another print's: TITLE (its name))"},
    [SP_KEY_TAGS_ARTIST] = {T(TEXT), AT(sp_tags, artist, TEXT), .def = "", .help = "its artist"},
    [SP_KEY_TAGS_ALBUM] = {T(TEXT), AT(sp_tags, album, TEXT), .def = "", .help = "its album"},
    [SP_KEY_TAGS_YEAR] = {T(TEXT), AT(sp_tags, year, TEXT), .check = year_form, .def = "",
                          .help = "its year, yyyy or yyyy-mm-dd"},
    [SP_KEY_TAGS_TRACK] = {T(NUMBER), AT(sp_tags, track, INT), RANGE(1, 65535), .def = "",
                           .help = "its track number on the album"},
    [SP_KEY_TAGS_TRACKS] = {T(NUMBER), AT(sp_tags, tracks, INT), RANGE(1, 65535), .def = "",
                            .help = "the album's tracks"},
    [SP_KEY_TAGS_DISC] = {T(NUMBER), AT(sp_tags, disc, INT), RANGE(1, 65535), .def = "",
                          .help = "its disc number"},
    [SP_KEY_TAGS_DISCS] = {T(NUMBER), AT(sp_tags, discs, INT), RANGE(1, 65535), .def = "",
                           .help = "the album's discs"},
    [SP_KEY_TAGS_ISRC] = {T(TEXT), AT(sp_tags, isrc, TEXT), .check = sp_key_isrc_form,
                          .normal = sp_key_isrc_compact, .def = "",
                          .help = "its ISRC: CC-XXX-YY-NNNNN, hyphens or none"},
    [SP_KEY_TAGS_COVER] = {T(FILE), AT(sp_tags, cover_as_written, INPUT), .def = "",
                           .help = "its cover, a JPEG or PNG file"},
};

const sp_key_row sp_key_rows_stem_mp4[SP_KEY_STEM_MP4_N] = {
    [SP_KEY_STEM_MP4_STEMS] = {T(LIST), .store = SP_KEY_S_GROUPS,
                               .at = offsetof(sp_stem_file, stems),
                               .count = offsetof(sp_stem_file, n_stems) + 1, .size = sizeof(sp_stem),
                               .def = NULL,
                               .help = "the file's four stems in its order: each a printed stem, "
                                       "or a group of them summed, {NAME: [stems]}"},
    [SP_KEY_STEM_MP4_COLORS] = {T(LIST), LISTED(sp_stem_file, colors, n_colors),
                                .def = "[\"#FF3B30\", \"#FFCC00\", \"#34C759\", \"#007AFF\"]",
                                .help = "the four stems' colours, #RRGGBB"},
    [SP_KEY_STEM_MP4_CODEC] = {T(ENUM), AT(sp_stem_file, codec, INT), .words = WORDS("alac", "aac"),
                               .def = "alac", .help = "the tracks' codec"},
    [SP_KEY_STEM_MP4_BITRATE] = {T(NUMBER), AT(sp_stem_file, kbps, DOUBLE), .unit = "kbps",
                                 RANGE(64, 320), .def = "256 kbps",
                                 .help = "AAC's bitrate a track"},
    [SP_KEY_STEM_MP4_NAME] = {T(TEXT), AT(sp_stem_file, name, TEXT), .check = file_template,
                              .def = "{name}", .help = "the file's name, .stem.mp4 added"},
};

const sp_key_row sp_key_rows_set[SP_KEY_SET_N] = {
    [SP_KEY_SET_FORMAT] = {T(ENUM), AT(sp_output_set, format, INT), .words = sp_format_names,
                           .def = NULL, .help = "the set's format"},
    [SP_KEY_SET_RATE] = {T(NUMBER), AT(sp_output_set, rate, DOUBLE), .unit = "Hz",
                         RANGE(8000, 768000), .def = "the session's",
                         .help = "the set's rate (MP3, Opus and AAC take only their own)"},
    [SP_KEY_SET_DEPTH] = {T(ENUM), AT(sp_output_set, depth, INT), DEPTHS, .def = "output.depth",
                          .help = "bits a sample, lossless formats"},
    [SP_KEY_SET_DITHER] = {T(ENUM), AT(sp_output_set, dither, BOOL), .words = DITHERS,
                           .def = "tpdf", .help = "dither at 16 and 24 bit"},
    [SP_KEY_SET_BITRATE] = {T(NUMBER), AT(sp_output_set, kbps, DOUBLE), .unit = "kbps",
                            .def =
                                "MP3 the most its rate takes (320 kbps at 32 kHz and more), "
                                "Opus 160 kbps, AAC 256 kbps (at most 6 kbps a kHz of rate: 192 at "
                                "32 kHz)",
                            .help = "MP3's, Opus's or AAC's bitrate; a bare number is in kbps"},
    [SP_KEY_SET_NAME] = {T(TEXT), AT(sp_output_set, name, TEXT), .check = file_template,
                         .def = "output.name", .help = "the set's file name template"},
    [SP_KEY_SET_LAYOUT] = {T(LAYOUT), AT(sp_output_set, layout, LAYOUT),
                           HAS(sp_output_set, has_layout), .def = "the prints'",
                           .help = "the layout master is folded into for the set"},
    /* in the job's key where it folds, into a layout of its own */
    [SP_KEY_SET_FOLD] = {T(TEXT), AT(sp_output_set, fold, FOLD), KEY_IF(sp_output_set, has_layout),
                         .words = WORDS("bs775"), .also = SP_KEY_OR_OBJECT, .of = "FOLD",
                         .def = "bs775", .help = "how master folds into the set's layout"},
    [SP_KEY_SET_CHANNELS] = {T(ENUM), AT(sp_output_set, split, BOOL),
                             .words = WORDS("interleaved", "split"), .def = "interleaved",
                             .help = "one file of every channel, or a mono file a channel"},
    [SP_KEY_SET_LOUDNESS] = {T(ENUM), AT(sp_output_set, loudness, OBJECT),
                             HAS(sp_output_set, loudness.on),
                             WORD_FLAG(sp_output_set, loudness_none),
                             .words = WORDS(PRESETS, "none"), .also = SP_KEY_OR_OBJECT,
                             .check = sp_key_loudness_not_dialogue, .of = "LOUDNESS",
                             .def = "checks.loudness",
                             .help = "the set's loudness rule: a preset, none, or its targets"},
};

const sp_key_row sp_key_rows_loudness[SP_KEY_LOUDNESS_N] = {
    [SP_KEY_LOUDNESS_PRESET] = {T(ENUM), .store = SP_KEY_S_PRESET,
                                .at = offsetof(sp_loudness_rule, preset), .words = WORDS(PRESETS),
                                .presets = loudness_presets, .size = sizeof(sp_loudness_rule),
                                .check = sp_key_loudness_not_dialogue, .def = "",
                                .help = "a delivery spec's targets: ebu-r128 (-23 LUFS ±0.5 LU, -1 "
                                        "dBTP), atsc-a85 (-24 LKFS ±2 LU, -2 dBTP), streaming (-14 "
                                        "LUFS ±1 LU, -1 dBTP), apple-music (-16 LUFS ±1 LU, -1 "
                                        "dBTP), streaming-immersive (at most -18 LUFS, -1 dBTP)"},
    [SP_KEY_LOUDNESS_TARGET] = {T(NUMBER), AT(sp_loudness_rule, target_lufs, DOUBLE),
                                HAS(sp_loudness_rule, has_target), .unit = "LUFS", RANGE(-70, 0),
                                .def = "the preset's", .help = "integrated loudness"},
    [SP_KEY_LOUDNESS_TOLERANCE] = {T(NUMBER), AT(sp_loudness_rule, tolerance_lu, DOUBLE),
                                   KEY_IF(sp_loudness_rule, has_target), /* around a target */
                                   .unit = "LU", RANGE(0, 20), .def = "the preset's",
                                   .help = "how far from the target passes"},
    [SP_KEY_LOUDNESS_MAX_TRUE_PEAK] = {T(NUMBER), AT(sp_loudness_rule, max_true_peak_dbtp, DOUBLE),
                                       HAS(sp_loudness_rule, has_max_true_peak), .unit = "dBTP",
                                       RANGE(-30, 6), .def = "the preset's",
                                       .help = "the true-peak ceiling"},
};

const sp_key_row sp_key_rows_checks[SP_KEY_CHECKS_N] = {
    [SP_KEY_CHECKS_NULL_TEST] = {T(OBJECT), .store = SP_KEY_S_OBJECT, .of = "NULL_TEST", .def = "",
                                 .help = "the null test: {max_residual}"},
    [SP_KEY_CHECKS_LOUDNESS] = {T(ENUM), AT(sp_recipe, loudness, OBJECT),
                                HAS(sp_recipe, loudness.on), .words = WORDS(PRESETS),
                                .check = sp_key_loudness_not_dialogue, .also = SP_KEY_OR_OBJECT,
                                .of = "LOUDNESS", .def = "",
                                .help = "loudness and true-peak targets: a preset, or "
                                        "{preset, target, tolerance, max_true_peak}"},
};

const sp_key_row sp_key_rows_null_test[SP_KEY_NULL_TEST_N] = {
    [SP_KEY_NULL_TEST_MAX_RESIDUAL] = {T(NUMBER), AT(sp_recipe, null_max_residual_dbfs, DOUBLE),
                                       WORD_FLAG(sp_recipe, null_auto), .unit = "dBFS",
                                       RANGE(-200, 0), .words = WORDS("auto"), .def = "auto",
                                       .help = "the largest residual that passes; auto: from "
                                               "the output's depth"},
};

_Static_assert(sizeof(sp_split) == sizeof(int), "stems.split: an INT field");
_Static_assert(offsetof(sp_region, path) == offsetof(sp_region, file) + sizeof(char *) &&
                   offsetof(sp_region, key) == offsetof(sp_region, path) + sizeof(char *),
               "a region's file, path and key: an INPUT's three char *");
_Static_assert(sizeof(sp_split) == sizeof(int) && sizeof(sp_adm_profile) == sizeof(int),
               "stems.split, master.adm.profile: INT fields");
_Static_assert(offsetof(sp_recipe, plugin_cycle_first) ==
                   offsetof(sp_recipe, plugin_cycle) + sizeof(int64_t),
               "plugin_cycle: a CYCLE's pair");
_Static_assert(offsetof(sp_stem, members) == sizeof(char *) &&
                   offsetof(sp_stem, n_members) == 2 * sizeof(char *),
               "stems: a NAMED's items");
_Static_assert(sizeof(sp_mono_feed) == sizeof(int), "an insert's feed: an INT field");
_Static_assert(sizeof(sp_format) == sizeof(int) && sizeof(sp_depth) == sizeof(int),
               "format, depth: INT fields");

#define TABLE(OBJ, obj) {#OBJ, sp_keys_##obj, SP_KEY_##OBJ##_N, sp_key_rows_##obj},
const sp_key_table sp_key_tables[] = {SP_KEY_TABLES(TABLE)};
#undef TABLE
const size_t sp_key_table_count = sizeof sp_key_tables / sizeof *sp_key_tables;

char *sp_port_key(const char *symbol)
{
  for (const char *const *k = sp_keys_insert; *k; k++)
    if (strcmp(*k, symbol) == 0)
      return sp_xasprintf("port_%s", symbol);
  return sp_xstrdup(symbol);
}

bool sp_key_insert_takes(const sp_key_row *r, unsigned flags, bool plugin, bool selector)
{
  const unsigned family = SP_KEY_TAKES_PLUGIN | SP_KEY_TAKES_SELECTOR;
  return !r->takes || (r->takes & flags & ~family) ||
         (plugin && (r->takes & SP_KEY_TAKES_PLUGIN)) ||
         (selector && (r->takes & SP_KEY_TAKES_SELECTOR));
}

const sp_key_table *sp_key_table_find(const char *object)
{
  for (size_t t = 0; object && t < sp_key_table_count; t++)
    if (strcmp(sp_key_tables[t].object, object) == 0)
      return &sp_key_tables[t];
  for (size_t t = 0; object && t < sp_album_key_table_count; t++)
    if (strcmp(sp_album_key_tables[t].object, object) == 0)
      return &sp_album_key_tables[t];
  return NULL;
}

const sp_key_row *sp_key_row_find(const char *object, const char *key)
{
  const sp_key_table *t = sp_key_table_find(object);
  for (size_t k = 0; t && k < t->n; k++)
    if (strcmp(t->keys[k], key) == 0)
      return &t->rows[k];
  return NULL;
}

const char *sp_key_type_name(sp_key_type t)
{
  static const char *const names[] = {
      [SP_KEY_T_MISSING] = "(no row)",
      [SP_KEY_T_NUMBER] = "number",
      [SP_KEY_T_LEVEL] = "level",
      [SP_KEY_T_TIME] = "time",
      [SP_KEY_T_ENUM] = "one of",
      [SP_KEY_T_BOOL] = "true or false",
      [SP_KEY_T_FILE] = "file",
      [SP_KEY_T_TEXT] = "text",
      [SP_KEY_T_CHANNELS] = "channel names",
      [SP_KEY_T_LAYOUT] = "layout",
      [SP_KEY_T_LIST] = "list",
      [SP_KEY_T_MAP] = "map",
      [SP_KEY_T_OBJECT] = "mapping",
      [SP_KEY_T_TIMED] = "timed value",
      [SP_KEY_T_INSERTS] = "list of inserts",
      [SP_KEY_T_INSTRUMENT] = "instrument",
      [SP_KEY_T_ANY] = "value",
  };
  return (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

static bool listed(const char *const *list, const char *key)
{
  while (*list && strcmp(*list, key) != 0)
    list++;
  return *list != NULL;
}

const sp_key_row *sp_key_lookup(const char *scope, const char *key, const char **table)
{
  const char *in = scope;
  if (strcmp(scope, "TRACK") == 0) {
    in = listed(sp_keys_region_on_track, key) ? "REGION"
         : listed(sp_keys_track, key)         ? "TRACK"
                                              : "STRIP";
    if (strcmp(in, "STRIP") == 0 && !listed(sp_keys_track_all, key))
      return NULL;
  } else if (strcmp(scope, "BUS") == 0) {
    if (!listed(sp_keys_bus_all, key))
      return NULL;
    in = "STRIP";
  } else if (strcmp(scope, "MASTER") == 0) {
    if (!listed(sp_keys_master_all, key))
      return NULL;
    in = listed(sp_keys_master, key) ? "MASTER" : "STRIP";
  }
  if (table)
    *table = in;
  return sp_key_row_find(in, key);
}
