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
 *   - the job (core/job/job.c) writes the canonical recipe, whose digest
 *     is in the cache key, by walking each object's table with a switch
 *     over its keys and no default: a key added here and not written
 *     there fails the build (-Wswitch, an error with -Werror);
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
  X(ROOT, PLUGIN_CYCLE, "plugin_cycle")

/* A region: an entry of `regions:`; Y: a track of one region takes it. */
#define SP_KEYS_REGION(X)                                                                          \
  X(REGION, FILE, "file", Y)                                                                       \
  X(REGION, MIDI, "midi", Y)                                                                       \
  X(REGION, TRACK, "track", Y)                                                                     \
  X(REGION, CHANNEL, "channel", Y)                                                                 \
  X(REGION, AT, "at", Y)                                                                           \
  X(REGION, FROM, "from", Y)                                                                       \
  X(REGION, LENGTH, "length", Y)                                                                   \
  X(REGION, FADE_IN, "fade_in", Y)                                                                 \
  X(REGION, FADE_OUT, "fade_out", Y)                                                               \
  X(REGION, STRETCH, "stretch", Y)                                                                 \
  X(REGION, WARP, "warp", Y)                                                                       \
  X(REGION, PITCH, "pitch", Y)                                                                     \
  X(REGION, GAIN, "gain", N)                                                                       \
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
  X(STRIP, INVERT, "invert", Y, Y, N)                                                              \
  X(STRIP, MUTE, "mute", Y, Y, N)                                                                  \
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
  X(STRIP, OBJECTS, "objects", Y, N, N)

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
  X(SEND, PAN, "pan")

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
 * selector, `preset` and `state` its own). */
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
  X(INSERT, WIDEN, "widen")

/* An insert's sidechain key as a mapping. */
#define SP_KEYS_KEY(X)                                                                             \
  X(KEY, FROM, "from")                                                                             \
  X(KEY, TAP, "tap")                                                                               \
  X(KEY, LEVEL, "level")

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
  X(OUTPUT, ALSO, "also")

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
} sp_key_table;
extern const sp_key_table sp_key_tables[];
extern const size_t sp_key_table_count;

#endif
