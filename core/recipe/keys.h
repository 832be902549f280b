/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_KEYS_H
#define SP_RECIPE_KEYS_H

/* The keys of a recipe, declared once: each object's keys as a table, as
 * libavfilter declares a filter's options (an insert's parameters are
 * already so declared, by its processor: core/procs/proc.h). Three users
 * walk the same tables:
 *
 *   - the parser (io/recipe/) checks each mapping against its object's
 *     table: a key the table lacks is refused as unknown, so a key the
 *     parser reads is a key of a table;
 *   - the recipe's walk (core/recipe/walk.h) writes the model by each
 *     object's table, in each of its forms: the canonical recipe, whose
 *     digest is in the cache key (core/job/job.c), and the recipe's text
 *     (sp_recipe_yaml): a key whose row names its field from the row,
 *     the others by each form's own code;
 *   - tests/test_job.c sets every key of every table, one at a time, to
 *     another value than a recipe without it, and requires another
 *     canonical recipe (or, for a key that never reaches the bytes,
 *     output.dir, the same one).
 *
 * A table is an X-macro of X(OBJECT, ID, "name"), in the order an unknown
 * key's message lists them; it makes an enum of its keys (sp_key_<object>,
 * SP_KEY_<OBJECT>_<ID>), their count (SP_KEY_<OBJECT>_N) and their names
 * (sp_keys_<object>[], NULL-terminated, indexed by the enum). A region's
 * keys say whether a track of one region takes them too (`file:` on the
 * track), and the mixer's keys which strips take them: a track, a bus,
 * master (Y or N each). */

#include "core/base/units.h"

#include <stdbool.h>
#include <stddef.h>

#define SP_KEYS_ROOT(X)                                                                            \
  X(ROOT, STEMPRINT, "stemprint")                                                                  \
  X(ROOT, SAMPLE_RATE, "sample_rate")                                                              \
  X(ROOT, LENGTH, "length")                                                                        \
  X(ROOT, TAIL, "tail")                                                                            \
  X(ROOT, PAN_LAW, "pan_law")                                                                      \
  X(ROOT, TRACKS, "tracks")                                                                        \
  X(ROOT, BUSES, "buses")                                                                          \
  X(ROOT, MASTER, "master")                                                                        \
  X(ROOT, STEMS, "stems")                                                                          \
  X(ROOT, VERSIONS, "versions")                                                                    \
  X(ROOT, OUTPUT, "output")                                                                        \
  X(ROOT, CHECKS, "checks")                                                                        \
  X(ROOT, PLUGIN_CYCLE, "plugin_cycle")                                                            \
  X(ROOT, LATENCY, "latency")

/* A region: an entry of `regions:`; Y: a track of one region takes it. */
#define SP_KEYS_REGION(X)                                                                          \
  X(REGION, FILE, "file", Y)                                                                       \
  X(REGION, FILES, "files", Y)                                                                     \
  X(REGION, MIDI, "midi", Y)                                                                       \
  X(REGION, TRACK, "track", Y)                                                                     \
  X(REGION, CHANNEL, "channel", Y)                                                                 \
  X(REGION, KEEP_CHANNELS, "keep_channels", Y)                                                     \
  X(REGION, FORCE_CHANNEL, "force_channel", Y)                                                     \
  X(REGION, AT, "at", Y)                                                                           \
  X(REGION, FROM, "from", Y)                                                                       \
  X(REGION, LENGTH, "length", Y)                                                                   \
  X(REGION, FADE_IN, "fade_in", Y)                                                                 \
  X(REGION, FADE_OUT, "fade_out", Y)                                                               \
  X(REGION, STRETCH, "stretch", Y)                                                                 \
  X(REGION, WARP, "warp", Y)                                                                       \
  X(REGION, PITCH, "pitch", Y)                                                                     \
  X(REGION, GAIN, "gain", N)                                                                       \
  X(REGION, INVERT, "invert", N)                                                                   \
  X(REGION, ENVELOPE, "envelope", N)                                                               \
  X(REGION, OPAQUE, "opaque", N)

/* A track's own keys: after its region's, before its mixer's. */
#define SP_KEYS_TRACK(X)                                                                           \
  X(TRACK, REGIONS, "regions")                                                                     \
  X(TRACK, INSTRUMENT, "instrument")

/* The mixer: which of a track, a bus and master take each key. */
#define SP_KEYS_STRIP(X)                                                                           \
  X(STRIP, GAIN, "gain", Y, Y, Y)                                                                  \
  X(STRIP, TRIM, "trim", Y, Y, Y)                                                                  \
  X(STRIP, PAN, "pan", Y, Y, Y)                                                                    \
  X(STRIP, WIDTH, "width", Y, Y, Y)                                                                \
  X(STRIP, INVERT, "invert", Y, Y, Y)                                                              \
  X(STRIP, MUTE, "mute", Y, Y, N)                                                                  \
  X(STRIP, MUTE_POINTS, "mute_points", Y, Y, N)                                                    \
  X(STRIP, SOLO, "solo", Y, N, N)                                                                  \
  X(STRIP, INSERTS, "inserts", Y, Y, Y)                                                            \
  X(STRIP, POST_INSERTS, "post_inserts", Y, Y, Y)                                                  \
  X(STRIP, SENDS, "sends", Y, Y, N)                                                                \
  X(STRIP, TO, "to", Y, Y, N)                                                                      \
  X(STRIP, PRINT, "print", N, Y, N)                                                                \
  X(STRIP, LAYOUT, "layout", Y, Y, Y)                                                              \
  X(STRIP, CHANNELS, "channels", Y, Y, N)                                                          \
  X(STRIP, LFE, "lfe", Y, Y, N)                                                                    \
  X(STRIP, FOLD, "fold", Y, Y, N)                                                                  \
  X(STRIP, OBJECT, "object", N, Y, N)                                                              \
  X(STRIP, BED, "bed", N, Y, N)                                                                    \
  X(STRIP, OBJECTS, "objects", Y, N, N)                                                           \
  X(STRIP, PROGRAMME, "programme", Y, N, N)                                                       \
  X(STRIP, COMPLEMENTARY, "complementary", Y, N, N)

/* master's own keys, after its mixer's. */
#define SP_KEYS_MASTER(X)                                                                          \
  X(MASTER, NORMALIZE, "normalize")                                                                \
  X(MASTER, ADM, "adm")

/* master.adm: the master as an ADM BWF, and its re-renders */
#define SP_KEYS_ADM(X)                                                                             \
  X(ADM, NAME, "name")                                                                             \
  X(ADM, RENDERS, "renders")                                                                       \
  X(ADM, PROFILE, "profile")

/* a bus's `object:` */
#define SP_KEYS_OBJECT(X) X(OBJECT, BINAURAL, "binaural")

#define SP_KEYS_NORMALIZE(X) X(NORMALIZE, TARGET, "target")

#define SP_KEYS_SEND(X)                                                                            \
  X(SEND, TO, "to")                                                                                \
  X(SEND, LEVEL, "level")                                                                          \
  X(SEND, TAP, "tap")                                                                              \
  X(SEND, PAN, "pan")                                                                              \
  X(SEND, INVERT, "invert")

/* `pan: {azimuth, elevation, spread}`, a strip's or a send's. */
#define SP_KEYS_POSITION(X)                                                                        \
  X(POSITION, AZIMUTH, "azimuth")                                                                  \
  X(POSITION, ELEVATION, "elevation")                                                              \
  X(POSITION, SPREAD, "spread")

/* `pan: {gains: {L: 0.97}}`, a gain matrix. */
#define SP_KEYS_GAINS(X) X(GAINS, GAINS, "gains")

#define SP_KEYS_LFE(X)                                                                             \
  X(LFE, LEVEL, "level")                                                                           \
  X(LFE, LOWPASS, "lowpass")

/* `fold: {...}`, a strip's or a set's of output.also. */
#define SP_KEYS_FOLD(X)                                                                            \
  X(FOLD, CENTRE, "centre")                                                                        \
  X(FOLD, SURROUND, "surround")                                                                    \
  X(FOLD, HEIGHT, "height")                                                                        \
  X(FOLD, LFE, "lfe")

/* A region's fade as a mapping. */
#define SP_KEYS_FADE(X)                                                                            \
  X(FADE, LENGTH, "length")                                                                        \
  X(FADE, SHAPE, "shape")                                                                          \
  X(FADE, CURVE, "curve")                                                                          \
  X(FADE, POINTS, "points")                                                                        \
  X(FADE, INVERSE, "inverse")

/* A level's automation as a mapping, `{points: [...], ramp: ardour,
 * interpolation: logarithmic, vca: [[...]], start: -6 dB}`. */
#define SP_KEYS_LEVEL(X)                                                                           \
  X(LEVEL, POINTS, "points")                                                                       \
  X(LEVEL, RAMP, "ramp")                                                                           \
  X(LEVEL, INTERPOLATION, "interpolation")                                                         \
  X(LEVEL, TEMPO, "tempo")                                                                         \
  X(LEVEL, VCA, "vca")                                                                             \
  X(LEVEL, START, "start")

/* A point of a level's tempo map (`tempo: [{at: 0 s, beat: 0, bpm: 97},
 * ...]`, an Ardour list held in beats): where it starts on the timeline
 * and in quarter notes, its note types a minute, the note it counts, the
 * ramp Ardour saved. */
#define SP_KEYS_TEMPO(X)                                                                           \
  X(TEMPO, AT, "at")                                                                               \
  X(TEMPO, BEAT, "beat")                                                                           \
  X(TEMPO, BPM, "bpm")                                                                             \
  X(TEMPO, NOTE, "note")                                                                           \
  X(TEMPO, OMEGA, "omega")

/* What an insert's mapping holds besides its processor's parameters (the
 * parser lists those a class takes: `plugin` is the LV2 family's
 * selector, `preset` and `state` its own, `name` outboard gear's). */
#define SP_KEYS_INSERT(X)                                                                          \
  X(INSERT, BYPASS, "bypass")                                                                      \
  X(INSERT, CHANNELS, "channels")                                                                  \
  X(INSERT, DETECT, "detect")                                                                      \
  X(INSERT, PLUGIN, "plugin")                                                                      \
  X(INSERT, PRESET, "preset")                                                                      \
  X(INSERT, STATE, "state")                                                                        \
  X(INSERT, KEY, "key")                                                                            \
  X(INSERT, BANDS, "bands")                                                                        \
  X(INSERT, FEED, "feed")                                                                          \
  X(INSERT, WIDEN, "widen")                                                                        \
  X(INSERT, NAME, "name")

/* An insert's sidechain key as a mapping. */
#define SP_KEYS_KEY(X)                                                                             \
  X(KEY, FROM, "from")                                                                             \
  X(KEY, TAP, "tap")                                                                               \
  X(KEY, LEVEL, "level")                                                                           \
  X(KEY, PANNED, "panned")                                                                         \
  X(KEY, PAN, "pan")

/* `stems:` holds the stems by name, and split. */
#define SP_KEYS_STEMS(X) X(STEMS, SPLIT, "split")

#define SP_KEYS_VERSION(X)                                                                         \
  X(VERSION, MUTE, "mute")                                                                         \
  X(VERSION, KEEP, "keep")                                                                         \
  X(VERSION, MODE, "mode")

#define SP_KEYS_OUTPUT(X)                                                                          \
  X(OUTPUT, DIR, "dir")                                                                            \
  X(OUTPUT, FORMAT, "format")                                                                      \
  X(OUTPUT, DEPTH, "depth")                                                                        \
  X(OUTPUT, DITHER, "dither")                                                                      \
  X(OUTPUT, MIX, "mix")                                                                            \
  X(OUTPUT, NAME, "name")                                                                          \
  X(OUTPUT, BWF, "bwf")                                                                            \
  X(OUTPUT, TAGS, "tags")                                                                          \
  X(OUTPUT, ALSO, "also")                                                                          \
  X(OUTPUT, STEM_MP4, "stem_mp4")

/* output.name by kind of output, in sp_output.name's order. */
#define SP_KEYS_NAMES(X)                                                                           \
  X(NAMES, MIX, "mix")                                                                             \
  X(NAMES, STEMS, "stems")                                                                         \
  X(NAMES, VERSIONS, "versions")                                                                   \
  X(NAMES, BUSES, "buses")

#define SP_KEYS_BWF(X)                                                                             \
  X(BWF, DESCRIPTION, "description")                                                               \
  X(BWF, ORIGINATOR, "originator")                                                                 \
  X(BWF, ORIGINATOR_REFERENCE, "originator_reference")                                             \
  X(BWF, DATE, "date")                                                                             \
  X(BWF, TIME, "time")                                                                             \
  X(BWF, START, "start")

/* output.tags: what a store file (.m4a) says of the song. */
#define SP_KEYS_TAGS(X)                                                                            \
  X(TAGS, TITLE, "title")                                                                          \
  X(TAGS, ARTIST, "artist")                                                                        \
  X(TAGS, ALBUM, "album")                                                                          \
  X(TAGS, YEAR, "year")                                                                            \
  X(TAGS, TRACK, "track")                                                                          \
  X(TAGS, TRACKS, "tracks")                                                                        \
  X(TAGS, DISC, "disc")                                                                            \
  X(TAGS, DISCS, "discs")                                                                          \
  X(TAGS, ISRC, "isrc")                                                                            \
  X(TAGS, COVER, "cover")

/* output.stem_mp4: a DJ's stem file (NI Stem, .stem.mp4) of the mix and
 * four printed stems. */
#define SP_KEYS_STEM_MP4(X)                                                                        \
  X(STEM_MP4, STEMS, "stems")                                                                      \
  X(STEM_MP4, COLORS, "colors")                                                                    \
  X(STEM_MP4, CODEC, "codec")                                                                      \
  X(STEM_MP4, BITRATE, "bitrate")                                                                  \
  X(STEM_MP4, NAME, "name")

/* A set of output.also. */
#define SP_KEYS_SET(X)                                                                             \
  X(SET, FORMAT, "format")                                                                         \
  X(SET, RATE, "rate")                                                                             \
  X(SET, DEPTH, "depth")                                                                           \
  X(SET, DITHER, "dither")                                                                         \
  X(SET, BITRATE, "bitrate")                                                                       \
  X(SET, NAME, "name")                                                                             \
  X(SET, LAYOUT, "layout")                                                                         \
  X(SET, FOLD, "fold")                                                                             \
  X(SET, CHANNELS, "channels")                                                                     \
  X(SET, LOUDNESS, "loudness")

/* A loudness rule as a mapping: checks.loudness, or a set's. */
#define SP_KEYS_LOUDNESS(X)                                                                        \
  X(LOUDNESS, PRESET, "preset")                                                                    \
  X(LOUDNESS, TARGET, "target")                                                                    \
  X(LOUDNESS, TOLERANCE, "tolerance")                                                              \
  X(LOUDNESS, MAX_TRUE_PEAK, "max_true_peak")

#define SP_KEYS_CHECKS(X)                                                                          \
  X(CHECKS, NULL_TEST, "null")                                                                     \
  X(CHECKS, LOUDNESS, "loudness")

/* checks.null */
#define SP_KEYS_NULL_TEST(X) X(NULL_TEST, MAX_RESIDUAL, "max_residual")

/* Every table, as T(OBJECT, object). */
#define SP_KEY_TABLES(T)                                                                           \
  T(ROOT, root)                                                                                    \
  T(REGION, region)                                                                                \
  T(TRACK, track)                                                                                  \
  T(STRIP, strip)                                                                                  \
  T(MASTER, master)                                                                                \
  T(NORMALIZE, normalize)                                                                          \
  T(ADM, adm)                                                                                      \
  T(OBJECT, object)                                                                                \
  T(SEND, send)                                                                                    \
  T(POSITION, position)                                                                            \
  T(GAINS, gains)                                                                                  \
  T(LFE, lfe)                                                                                      \
  T(FOLD, fold)                                                                                    \
  T(FADE, fade)                                                                                    \
  T(LEVEL, level)                                                                                  \
  T(TEMPO, tempo)                                                                                  \
  T(INSERT, insert)                                                                                \
  T(KEY, key)                                                                                      \
  T(STEMS, stems)                                                                                  \
  T(VERSION, version)                                                                              \
  T(OUTPUT, output)                                                                                \
  T(NAMES, names)                                                                                  \
  T(BWF, bwf)                                                                                      \
  T(TAGS, tags)                                                                                    \
  T(STEM_MP4, stem_mp4)                                                                            \
  T(SET, set)                                                                                      \
  T(LOUDNESS, loudness)                                                                            \
  T(CHECKS, checks)                                                                                \
  T(NULL_TEST, null_test)

/* X's helpers: an entry's enum constant, its name (the first of the rest:
 * a region's and a strip's carry flags after it), a count of one. */
#define SP_KEY_ENUM_(obj, id, ...) SP_KEY_##obj##_##id,
#define SP_KEY_HEAD_(x, ...) x
#define SP_KEY_NAME_(obj, id, ...) SP_KEY_HEAD_(__VA_ARGS__, ~),
#define SP_KEY_ONE_(...) +1

/* clang-format off */
#define SP_KEY_DECLARE_(OBJ, obj)                                                                  \
  typedef enum sp_key_##obj { SP_KEYS_##OBJ(SP_KEY_ENUM_) } sp_key_##obj;                          \
  enum { SP_KEY_##OBJ##_N = 0 SP_KEYS_##OBJ(SP_KEY_ONE_) };                                        \
  extern const char *const sp_keys_##obj[SP_KEY_##OBJ##_N + 1];
SP_KEY_TABLES(SP_KEY_DECLARE_)
#undef SP_KEY_DECLARE_
/* clang-format on */

/* The keys a mapping of each object takes, NULL-terminated, as its
 * messages list them: a track's (its region's, its own, its mixer's), a
 * bus's (its mixer's), master's (its mixer's, its own), and the keys of a
 * track of one region (its region's). */
extern const char *const sp_keys_track_all[];
extern const char *const sp_keys_bus_all[];
extern const char *const sp_keys_master_all[];
extern const char *const sp_keys_region_on_track[];

/* The name a plugin's port (an LV2 symbol, a LADSPA port's folded name)
 * takes in a recipe: its own, or port_<it> when that is one of an
 * insert's own keys (sp_keys_insert: bypass, key, ...). Allocated. */
char *sp_port_key(const char *symbol);

/* Which strips take mixer key k (sp_key_strip): a bitmask of these. */
enum { SP_KEY_ON_TRACK = 1, SP_KEY_ON_BUS = 2, SP_KEY_ON_MASTER = 4 };
extern const unsigned char sp_key_strip_on[SP_KEY_STRIP_N];

/* Every table, for what walks them all (the tests): its object's name as
 * the X-macro spells it ("ROOT", "STRIP", ...) and its keys. */
typedef struct sp_key_table {
  const char *object;
  const char *const *keys;
  size_t n;
  const struct sp_key_row *rows; /* the keys' rows, below */
} sp_key_table;
extern const sp_key_table sp_key_tables[];
extern const size_t sp_key_table_count;

/* ---- the kinds of timed value --------------------------------------------------
 * A value that moves (core/dsp/automation.h: a constant, or points with
 * how they move) is of a kind, each stated once here: its values' unit and
 * range, how the recipe's check judges it, the words its messages call it
 * by. The check judges by it (core/recipe/check.c) and the parser reads
 * by it (io/recipe/parse_timed.h, whose kind of each adds how one value is
 * read, the forms it is written in and its examples). A key's row names
 * its kind (sp_key_row.timed); a VCA's curve, a polarity's settings and a
 * fade's gains are kinds of values no row names. */
typedef enum sp_timed_id {
  SP_TIMED_NONE,       /* a row's: it holds no timed value */
  SP_TIMED_LEVEL,      /* a fader's or a send's level, a trim (dB) */
  SP_TIMED_ENVELOPE,   /* a region's envelope (dB) */
  SP_TIMED_PAN,        /* a pan or a width (-1 .. 1) */
  SP_TIMED_AZIMUTH,    /* an ADM position's (degrees) */
  SP_TIMED_ELEVATION,  /* an ADM position's (degrees) */
  SP_TIMED_MUTE,       /* a strip's mute: true or false */
  SP_TIMED_BYPASS,     /* an insert's bypass: true or false */
  SP_TIMED_VCA,        /* each curve of a level's `vca:` (dB) */
  SP_TIMED_SETTING,    /* a moving polarity's settings */
  SP_TIMED_FADE_CURVE, /* a fade curve's gains (0 .. 1) */
  /* a fade's saved points' and an inverse's gains (0 .. 2: the range of
   * Ardour's fade lists, ParameterDescriptor's upper of FadeInAutomation) */
  SP_TIMED_FADE_LIST,
  SP_TIMED_N
} sp_timed_id;

/* How the recipe's check judges a kind: each value in its range, its
 * points in time order, and what it moves by where it takes that: */
typedef enum sp_timed_judge {
  SP_TIMED_AS_LEVEL,    /* a ramp, an interpolation, a tempo, a start, VCA curves */
  SP_TIMED_AS_ENVELOPE, /* a ramp (no declick), an interpolation */
  SP_TIMED_AS_VCA,      /* a tempo (its ramp Ardour's list's) */
  SP_TIMED_AS_NUMBER,   /* a tempo, no ramp */
  SP_TIMED_AS_SETTINGS, /* its points alone, each a setting (of no range) */
  /* a parameter's numbers (an insert's: the kind its class's table makes
   * of it, check.c's param_moving): its points in range; a tempo (its
   * ramp its reading's, which takes one where the class's ports move) */
  SP_TIMED_AS_PARAM,
} sp_timed_judge;

typedef struct sp_timed_kind {
  const char *name; /* "level" */
  sp_timed_judge judge;
  sp_unit unit;     /* its values' (a setting's: SP_UNIT_NUMBER) */
  double min, max;  /* their range (-INFINITY: none below; a setting's: 0 .. 0, none) */
  const char *what; /* its moving form as a whole in messages: "a level's automation" */
} sp_timed_kind;

/* Each kind, indexed by its id ([SP_TIMED_NONE]: none, zeros). */
extern const sp_timed_kind sp_timed_kinds[SP_TIMED_N];

/* ---- the rows ------------------------------------------------------------------
 * Each key of each table above has a row (core/recipe/keys.c, indexed by
 * the table's enum): what the parser takes for it, its default as the docs
 * say it, one line of help. From the rows are made `stemprint help KEY`
 * and `stemprint schema` (a JSON Schema of the recipe); tests/test_keys.c
 * requires a row for every key and, for every row with a range or words,
 * that the parser takes the bounds and the words and refuses just outside.
 * A row whose value is one scalar of one struct also says where it goes
 * (store, at, has, word_at) and how it enters the job's key (key_if,
 * unkeyed), as an AVOption does (libavutil/opt.h): the parser fills it
 * from the row (recipe_fill, io/recipe/parse_values.c) and the job writes
 * it in each form of the recipe's walk from the row (sp_walk_value,
 * core/recipe/walk.c);
 * only the keys a row cannot say have code of their own in either, and
 * their rows say why; a rule across keys (`to: none` is a bus's) is a
 * check of its object's reader. A text's or a word's form is the row's
 * check (a date, a template, a lossless format), a value more than a
 * scalar a store of its own, one reader and one writer for every key of
 * it (TAP, CHARS, PAN, FOLD, POLARITY, CHAIN, INSTRUMENT, a BOOL OBJECT
 * that is on or off or a mapping). A timed value is one field
 * too: an sp_auto (store AUTO), or a plain field and the sp_auto it moves
 * in (moves); a TIMED row whose default is none ("") is written into the
 * job's key only when it moves. A mapping of another table is a field
 * (OBJECT: a struct of that table's fields), and so is a list of them
 * (LIST), which the job's walk enters. The struct of each table's fields:
 * ROOT, NULL_TEST, NORMALIZE, STEMS, ADM, MASTER, CHECKS sp_recipe; REGION
 * sp_region; TRACK sp_track; STRIP, LFE, OBJECT sp_strip; SEND sp_send;
 * POSITION sp_position; INSERT, KEY sp_insert; FOLD sp_fold; TEMPO
 * sp_tempo_written; VERSION sp_version; OUTPUT, NAMES sp_output; BWF sp_bwf;
 * TAGS sp_tags (core/recipe/tags.h);
 * SET sp_output_set; LOUDNESS sp_loudness_rule (core/recipe/recipe.h); FADE
 * sp_fade. A value of more than one field has a store of its own, one
 * reader and one writer each (a pan, a fade, a polarity, a list of names,
 * of layouts, a preset's struct, a plugin cycle's pair, names each of
 * names); a rule across keys stays a check of the parser's after the fill
 * (pan_law's four levels, a version's mute or keep) or a list's start or
 * done hook. */

/* The loudness presets' names, as a list's items (a LOUDNESS preset's
 * words; an album's loudness rule takes them too). */
#define SP_LOUDNESS_PRESET_WORDS                                                                   \
  "ebu-r128", "atsc-a85", "streaming", "apple-music", "streaming-immersive"

typedef enum sp_key_type {
  SP_KEY_T_MISSING,    /* no row: tests/test_keys.c fails */
  SP_KEY_T_NUMBER,     /* a number in unit, min .. max (a bare number is in unit) */
  SP_KEY_T_LEVEL,      /* a level or gain in dB (unit), min .. max; -inf dB allowed when min is */
  SP_KEY_T_TIME,       /* a time: s, ms, smp, m:ss.fff (min .. max seconds when ranged) */
  SP_KEY_T_ENUM,       /* one of words */
  SP_KEY_T_BOOL,       /* true or false */
  SP_KEY_T_FILE,       /* a path, relative to the recipe's folder */
  SP_KEY_T_TEXT,       /* a string (a name, a template) */
  SP_KEY_T_CHANNELS,   /* channel names: `[Ls, Rs]` or one `C` */
  SP_KEY_T_LAYOUT,     /* a layout's name (stemprint help layouts) */
  SP_KEY_T_LIST,       /* a list: of mappings of table `of`, or of items said by help */
  SP_KEY_T_MAP,        /* a mapping of names to mappings of table `of` (or to what help says) */
  SP_KEY_T_OBJECT,     /* a mapping of table `of` */
  SP_KEY_T_TIMED,      /* a timed value of kind `timed` (io/recipe/parse_timed.h) */
  SP_KEY_T_INSERTS,    /* a list of inserts: [{NAME: {PARAM: VALUE}}] (core/procs/list.h) */
  SP_KEY_T_INSTRUMENT, /* an instrument: {NAME: {PARAM: VALUE}} */
  SP_KEY_T_ANY,        /* a shape of its own, said by help */
} sp_key_type;

/* Other forms a key takes besides its type's. */
enum {
  SP_KEY_OR_OBJECT = 1u << 0, /* a mapping of table `of` (NULL: said by help) */
  SP_KEY_OR_BOOL = 1u << 1,   /* true or false */
  SP_KEY_OR_TEXT = 1u << 2,   /* a string (a name) */
  SP_KEY_OR_LIST = 1u << 3,   /* a list: of mappings of `of` unless OR_OBJECT, else as help says */
  SP_KEY_OR_NUMBER = 1u << 4, /* a plain number */
};

/* How a row's value is stored in its object's struct, at offset at. */
typedef enum sp_key_store {
  SP_KEY_S_NONE,   /* no field of its own: read and written by hand */
  SP_KEY_S_DOUBLE, /* NUMBER, LEVEL: a double, in unit */
  SP_KEY_S_TIME,   /* TIME: an sp_time */
  SP_KEY_S_BOOL,   /* BOOL: a bool; an ENUM of two words: the second; of one: it */
  /* ENUM: an int (or an enum), the word's index or value; NUMBER: a whole
   * number in min .. max (min >= 1), 0 not given; OR_TEXT: a name instead,
   * a char * at name_at, owned */
  SP_KEY_S_INT,
  SP_KEY_S_TEXT, /* TEXT, FILE: a char *, owned; NULL: not given (or words[0] given) */
  /* FILE: an input of the render, three char * in a row, owned: the path
   * as written, resolved against the recipe's folder, the recipe path that
   * names it; the job writes the digest of its bytes under that key */
  SP_KEY_S_INPUT,
  /* LIST of FILE: inputs of the render, three char ** in a row (as
   * written, resolved, the recipe path of each), as many as the size_t at
   * `count` - 1 says, owned; the job writes each's digest under its key */
  SP_KEY_S_INPUTS,
  SP_KEY_S_FADE,   /* TIME, OR_OBJECT of FADE: an sp_fade: a length, ardour or a mapping */
  SP_KEY_S_WARP,   /* LIST: an sp_stretch's warp, its [source time, region time] points */
  SP_KEY_S_CHARS,  /* TEXT: a char[size], copied; "": not given */
  SP_KEY_S_TAP,    /* ENUM, OR_OBJECT: an sp_tap (core/recipe/recipe.h), a word or {after} */
  SP_KEY_S_AUTO,   /* TIMED: an sp_auto (core/dsp/automation.h), read as kind `timed` */
  SP_KEY_S_LAYOUT, /* LAYOUT: a const sp_layout * (core/base/layout.h); NULL: not given */
  /* CHANNELS: a char ** of names, owned, as many as the size_t at
   * `count` - 1 says; none: not given */
  SP_KEY_S_CHANNELS,
  /* OBJECT, OR_OBJECT: the fields of table `of`, in the struct at `at` (0:
   * this one); a mapping left empty is none; OR_OBJECT: a scalar is the
   * table's first key, or (a BOOL's) whether it is on, its `has` flag,
   * which a mapping sets, or (a TEXT's) every key's (one template for
   * every kind) */
  SP_KEY_S_OBJECT,
  /* LIST (or MAP): items of table `of`, `size` bytes each, an array at
   * `at` of as many as the size_t at `count` - 1 says (a MAP's each named
   * by its key, its struct's first field, a char *); the parser reads them by one
   * walk (recipe_fill, io/recipe/parse_values.c), each item's keys
   * from their rows, with hooks for each list's own rules (a set in error
   * left out, a region's file or MIDI) */
  SP_KEY_S_LIST,
  /* LIST of words: an unsigned at `at`, bit i set when words[i] is in
   * the list (one word: a list of it); 0: not given, the default def
   * says (an empty list is refused) */
  SP_KEY_S_WORDS,
  /* TIMED, OR_OBJECT POSITION|GAINS: an sp_pan (core/recipe/recipe.h),
   * one of its three forms, its `given` set (a send's keyed only then) */
  SP_KEY_S_PAN,
  /* TEXT bs775, OR_OBJECT FOLD: an sp_fold (core/dsp/fold.h), BS.775's
   * levels or those the mapping gives over them */
  SP_KEY_S_FOLD,
  /* BOOL, OR_LIST: an sp_polarity (core/recipe/recipe.h), every channel's,
   * one a channel, or moving */
  SP_KEY_S_POLARITY,
  /* INSERTS: the chain of the sp_strip at `at`: before the fader, or after
   * it (count: 1 + the offset of the size_t counting them, read after) */
  SP_KEY_S_CHAIN,
  /* INSTRUMENT: the first insert of the chain of the sp_strip at `at`, its
   * `instrument` set (keyed as it; the insert among the chain's) */
  SP_KEY_S_INSTRUMENT,
  /* ENUM: words[i] names a preset, presets[i], a struct of the table's
   * fields (size bytes) copied over the table's struct (at 0), the keys
   * after it in the table written over it; its name is the const char *
   * at `at` (the preset's own), which the job writes (NULL: none) */
  SP_KEY_S_PRESET,
  /* LIST of LAYOUT: an array of const sp_layout * at `at`, `size` bytes
   * (the most it holds), as many as the size_t at `count` - 1 says; the
   * job writes each under the key */
  SP_KEY_S_LAYOUTS,
  /* LIST, OR_TEXT: names (or one name), a char ** at `at`, owned, as many
   * as the size_t at `count` - 1 says */
  SP_KEY_S_NAMES,
  /* NUMBER: a whole number of frames in min .. max, or a word (values: its
   * frames), into two int64_t at `at`, a run's cycles and its first (the
   * same), which the job writes as the pair [cycle, first] (0: none) */
  SP_KEY_S_CYCLE,
  /* OBJECT: the keys of table `of` (in this struct), and names each of a
   * list of names (at least one): items of `size` bytes, each {char *name;
   * char **names; size_t n} (sp_stem), an array at `at` of as many as the
   * size_t at `count` - 1 says */
  SP_KEY_S_NAMED,
  /* LIST: items of `size` bytes, each {char *name; char **names; size_t
   * n} (sp_stem), an array at `at` of as many as the size_t at `count` - 1
   * says; an item is a name (itself its one name) or a group {NAME:
   * [names]} (output.stem_mp4's stems: a printed stem, or several summed),
   * written back as a name where every item is one */
  SP_KEY_S_GROUPS,
} sp_key_store;

typedef struct sp_key_row {
  sp_key_type type;
  sp_key_store store; /* SP_KEY_S_NONE: the parser's and the job's own code */
  size_t at;          /* the field's offset in its table's struct */
  size_t has;         /* 1 + the offset of a bool set once the value is read; 0: none */
  /* 1 + the offset of a bool set when its last word (auto, none) is given,
   * which the job then writes whatever key_if says */
  size_t word_at;
  size_t name_at; /* INT, OR_TEXT: 1 + the offset of the char * a name goes to */
  /* 1 + the offset of the sp_auto that holds the value when it moves (a
   * list of points, or a mapping of them), read as kind `timed`; the
   * field at `at` holds it when it does not (a double field holds the
   * moving value's first too); 0: it never moves */
  size_t moves;
  size_t count, size; /* LIST, CHANNELS: 1 + its count's offset; LIST, CHARS: an item's size */
  /* TEXT, ENUM, NUMBER, TIME: the form its text takes (a date, a file
   * name template, an ENUM's word before its words are looked at, a whole
   * number's range said its own way, a time that is not negative): false
   * after writing into why what is wrong; a CHARS of one takes any value,
   * one that is no text (a list, a mapping) checked as "" */
  bool (*check)(const char *text, char *why, size_t why_size);
  /* TEXT: the one form a text its check took is stored in, made in place
   * (an ISRC without its hyphens: core/base/isrc.h); NULL: as written */
  void (*normal)(char *text);
  /* ENUM stored as INT: the number each word stores, which the job
   * writes (a depth's bits); NULL: its index, written as its word */
  const int *values;
  const void *presets; /* PRESET: a struct of the table's for each word */
  /* The JSON the job writes for what the row cannot write as it is: an
   * INT's for each value stored (NULL: its word or its number, as values
   * says), a TEXT's [0] for none (NULL: "") */
  const char *const *keyed;
  bool unkeyed; /* never reaches a printed byte: left out of the job's key */
  /* TEXT: a template whose {recipe} prints the recipe's file name into a
   * file's bytes (not its name): the job's key holds that name beside it */
  bool names_recipe;
  /* TEXT: the files its object makes print the recipe's file name into
   * their bytes whatever the text (master.adm's bext Description, "song:
   * ADM master"): the job's key holds that name beside it */
  bool prints_recipe;
  size_t key_if;            /* 1 + the offset of a bool: in the job's key only when true */
  const char *unit;         /* NUMBER, LEVEL, TIME: the unit a bare number is in, or NULL */
  double min, max;          /* the range when min < max (-INFINITY: none below) */
  const char *const *words; /* ENUM: its values; others: words taken besides (auto) */
  const char *of;           /* LIST, MAP, OBJECT, OR_OBJECT: the table ("FADE") */
  /* MAP: the key of `of` an item written as one value alone is short for
   * (a track as its file, `kick: kick.wav`, is {file: kick.wav}); NULL: none */
  const char *short_key;
  /* a mapping of its table (a track's: of its tables) needs one at least
   * of the keys whose rows say so: a region's file, files or midi, a
   * track's regions too */
  bool one_of;
  sp_timed_id timed;        /* TIMED, moves: its kind of timed value (SP_TIMED_LEVEL) */
  unsigned also;            /* SP_KEY_OR_* */
  const char *def;          /* the default as the docs say it; NULL: required, "" none */
  const char *help;         /* one line */
  /* INSERT: the inserts that take it: 0 every one; SP_PROC_* flags
   * (core/procs/proc.h) a class of one of them; SP_KEY_TAKES_PLUGIN a
   * plugin family's (which has presets); SP_KEY_TAKES_SELECTOR a family's
   * selector, named by the family (the LV2 family's `plugin`). REGION:
   * SP_KEY_TAKES_AUDIO or _MIDI, a region of audio or of MIDI only. */
  unsigned takes;
} sp_key_row;

enum {
  SP_KEY_TAKES_AUDIO = 1 << 27,
  SP_KEY_TAKES_MIDI = 1 << 28,
  SP_KEY_TAKES_PLUGIN = 1 << 29,
  SP_KEY_TAKES_SELECTOR = 1 << 30,
};

/* Forms of a text (sp_key_row.check, .normal) the album's rows
 * (core/recipe/album_keys.h) share with the recipe's: the format's
 * version, 1; an ISRC (core/base/isrc.h), kept without its hyphens. */
bool sp_key_version_form(const char *text, char *why, size_t why_size);
/* Whether text names no spec of dialogue-gated loudness ('netflix',
 * 'dialogue'), which stemprint does not measure; else why. */
bool sp_key_loudness_not_dialogue(const char *text, char *why, size_t why_size);
bool sp_key_isrc_form(const char *text, char *why, size_t why_size);
void sp_key_isrc_compact(char *text);

/* Whether an insert of a class of flags (SP_PROC_*), of a plugin family
 * or not, of a family with a selector or not, takes row r's key. */
bool sp_key_insert_takes(const sp_key_row *r, unsigned flags, bool plugin, bool selector);

/* Each table's rows, indexed by its enum (sp_key_rows_<object>). */
#define SP_KEY_DECLARE_ROWS_(OBJ, obj) extern const sp_key_row sp_key_rows_##obj[SP_KEY_##OBJ##_N];
SP_KEY_TABLES(SP_KEY_DECLARE_ROWS_)
#undef SP_KEY_DECLARE_ROWS_

/* The table named object ("STRIP", as sp_key_table.object; an album
 * recipe's too, core/recipe/album_keys.h), or NULL. */
const sp_key_table *sp_key_table_find(const char *object);
/* The row of key in the table named object, or NULL. */
const sp_key_row *sp_key_row_find(const char *object, const char *key);
/* The row of key in a mapping of scope: a table's name ("OUTPUT"), or one
 * of the mappings made of several (a row's `of`): "TRACK" (a track's keys:
 * its region's, its own, its mixer's), "BUS", "MASTER". The table it is
 * in into *table (may be NULL). NULL when the mapping has no such key. */
const sp_key_row *sp_key_lookup(const char *scope, const char *key, const char **table);
/* A type's word for messages and help: "number", "level", "timed value". */
const char *sp_key_type_name(sp_key_type t);

#endif
