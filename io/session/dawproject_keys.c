/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `stemprint export` does with each key of the recipe (core/recipe/
 * keys.h), declared once, a row per key of every table the parser checks
 * keys against: written into the project, named as not exported (by its
 * key, wherever the recipe gives it, not at its default: the recipe's
 * walk decides which keys a mapping gives and in which order,
 * sp_recipe_given, core/recipe/walk.h, and sp_export_name_keys below names
 * each of them this table names, so a key added here as named is said
 * without a line of the exporter's; the exporter's own code may name it
 * first, with its value), checked
 * value by value by the exporter (written where the format holds the
 * value, named where not), or carried with the key that holds it.
 *
 * A table gains a key: its row here is zero, SP_FATE_NONE, and
 * tests/test_session.c (every_key_of_the_recipe_is_written_or_named)
 * fails naming it; a table of one row (the keys of a part that is
 * written or named with the key that holds it) says it of each key. A
 * table is added: SP_KEY_TABLES names a fate array that does not exist,
 * and the build fails. So this is the export's column
 * of the rows (core/recipe/keys.c), indexed by their enums and complete by
 * construction; it stays here, beside the exporter, because its words are
 * DAWproject's (Clips, Volume, Devices) and core names no DAW (issue 62):
 * another exporter would have a column of its own, made the same way.
 *
 * An insert's keys are its processor's parameters (core/procs/): the
 * second table below says, for each class of core/procs/list.h that
 * export writes as a device, a row for each of its parameters; a class
 * not in it is named whole (no device takes it), so a built-in insert
 * added to the registry needs no line here; tests/test_session.c walks
 * the registry and every parameter of every class it writes. */

#include "io/session/dawproject_keys.h"

#include "core/procs/proc.h"
#include "core/recipe/keys.h"
#include "core/recipe/walk.h"

#include <stdio.h>
#include <string.h>

#define W(why)                                                                                     \
  {                                                                                                \
    SP_FATE_WRITTEN, why                                                                           \
  }
#define N(why)                                                                                     \
  {                                                                                                \
    SP_FATE_NAMED, why                                                                             \
  }
#define C(why)                                                                                     \
  {                                                                                                \
    SP_FATE_CHECKED, why                                                                           \
  }
#define P(why)                                                                                     \
  {                                                                                                \
    SP_FATE_PARENT, why                                                                            \
  }

/* Why a render's settings are not exported (said after the key). */
#define DELIVERY "a DAWproject holds a mix, not how it is printed or checked"

static const sp_export_fate fate_root[SP_KEY_ROOT_N] = {
    [SP_KEY_ROOT_STEMPRINT] = W("the recipe format: an import writes its own"),
    [SP_KEY_ROOT_SAMPLE_RATE] =
        C("DAWproject has no session rate; an import takes the rate most of the audio has, else "
          "48 kHz: named when that is not the recipe's"),
    [SP_KEY_ROOT_LENGTH] = N("the render's length (a DAWproject's arrangement has none; an import "
                             "renders to the last clip's end and the tails)"),
    [SP_KEY_ROOT_TAIL] =
        N("the render's tail (a DAWproject has none; an import lets each tail ring "
          "out)"),
    [SP_KEY_ROOT_PAN_LAW] = C("-3 dB carried (what an import reads); another named"),
    [SP_KEY_ROOT_TRACKS] = W("Tracks"),
    [SP_KEY_ROOT_BUSES] = W("group and effect Tracks"),
    [SP_KEY_ROOT_MASTER] = W("the master Track"),
    [SP_KEY_ROOT_STEMS] =
        C("carried when they are the stems an import makes from the structure (compared by the "
          "tracks each holds), else named"),
    [SP_KEY_ROOT_VERSIONS] = N("the versions (a DAWproject holds one mix)"),
    [SP_KEY_ROOT_OUTPUT] = P("each of its keys is named"),
    [SP_KEY_ROOT_CHECKS] = P("each of its keys is named"),
    [SP_KEY_ROOT_PLUGIN_CYCLE] = N("the plugins' cycle (a DAWproject names none)"),
    [SP_KEY_ROOT_LATENCY] = N("latency left uncompensated (a DAWproject names no such setting)"),
};

static const sp_export_fate fate_region[SP_KEY_REGION_N] = {
    [SP_KEY_REGION_FILE] = W("the clip's Audio, embedded"),
    [SP_KEY_REGION_FILES] = C("its first file as the clip's Audio, embedded; the others named (a "
                              "clip plays one file)"),
    [SP_KEY_REGION_MIDI] = W("the notes and messages it plays, as note clips in beats; its "
                             "file's tempo map as the project's (another named)"),
    [SP_KEY_REGION_TRACK] = W("what it picks is what the note clips hold"),
    [SP_KEY_REGION_CHANNEL] = C("a MIDI channel: what the note clips hold; an audio file's channel "
                                "named (a clip plays its whole file)"),
    [SP_KEY_REGION_KEEP_CHANNELS] = W("the channels kept are what the note clips hold"),
    [SP_KEY_REGION_FORCE_CHANNEL] = W("the note clips' events on that channel"),
    [SP_KEY_REGION_AT] = W("the clip's time"),
    [SP_KEY_REGION_FROM] = W("the clip's playStart"),
    [SP_KEY_REGION_LENGTH] = W("the clip's duration"),
    [SP_KEY_REGION_FADE_IN] = C("its length as fadeInTime; a shape other than a ramp named"),
    [SP_KEY_REGION_FADE_OUT] = C("its length as fadeOutTime; a shape other than a ramp named"),
    [SP_KEY_REGION_STRETCH] = W("the clip's Warps"),
    [SP_KEY_REGION_WARP] = W("the clip's Warps"),
    [SP_KEY_REGION_PITCH] = C("named unless 0 (a clip has no pitch)"),
    [SP_KEY_REGION_GAIN] = C("named unless 0 dB (a clip has no gain)"),
    [SP_KEY_REGION_INVERT] = C("named (a clip has no polarity)"),
    [SP_KEY_REGION_ENVELOPE] = C("named (a clip has no gain envelope)"),
    [SP_KEY_REGION_OPAQUE] = C("named (DAWproject does not say how overlapping clips play)"),
};

static const sp_export_fate fate_track[SP_KEY_TRACK_N] = {
    [SP_KEY_TRACK_REGIONS] = W("Clips"),
    [SP_KEY_TRACK_INSTRUMENT] = C("an LV2 instrument or a SoundFont as a Device; another named"),
};

static const sp_export_fate fate_strip[SP_KEY_STRIP_N] = {
    [SP_KEY_STRIP_GAIN] = C("Volume and its Points; a ramp other than dB named"),
    [SP_KEY_STRIP_TRIM] = C("a gain device first; a moving trim named"),
    [SP_KEY_STRIP_PAN] = C("Pan and its Points; a position, a gain matrix named"),
    [SP_KEY_STRIP_WIDTH] = N("the stereo width (a DAWproject channel has a pan only)"),
    [SP_KEY_STRIP_INVERT] =
        C("named where a channel is inverted (a DAWproject channel has no polarity)"),
    [SP_KEY_STRIP_MUTE] = C("Mute and its BoolPoints"),
    [SP_KEY_STRIP_MUTE_POINTS] =
        C("a fixed mute's as what it silences: the Mute where that is the output and every send, "
          "else the sends it silences with Enable false and, where it silences the output while "
          "a send plays, the Volume silent (its level, and a post-fader send that plays, named); "
          "a moving mute's, a soloed-out track's named (a DAWproject channel's mute silences the "
          "whole channel, its sends too)"),
    [SP_KEY_STRIP_SOLO] = W("solo"),
    [SP_KEY_STRIP_INSERTS] = C("the generic devices; other inserts named"),
    [SP_KEY_STRIP_POST_INSERTS] = C("among the devices; named where the fader is not 0 dB"),
    [SP_KEY_STRIP_SENDS] = C("Sends; a tap the format cannot say named"),
    [SP_KEY_STRIP_TO] = C("destination; 'none' named (the bus is muted)"),
    [SP_KEY_STRIP_PRINT] = C("true named (printed buses are stemprint's)"),
    [SP_KEY_STRIP_LAYOUT] = C("audioChannels; a layout its count does not name named"),
    [SP_KEY_STRIP_CHANNELS] = N("the named channels (a DAWproject channel has a pan only)"),
    [SP_KEY_STRIP_LFE] = N("the LFE feed (a DAWproject channel has none)"),
    [SP_KEY_STRIP_FOLD] = C("BS.775's carried (what an import folds by); levels of its own named"),
    [SP_KEY_STRIP_OBJECT] = C("an object named (a DAWproject has no objects)"),
    [SP_KEY_STRIP_BED] = C("a bed named (a DAWproject has no beds)"),
    [SP_KEY_STRIP_OBJECTS] = C("'keep' named (a DAWproject has no objects: the file plays as its "
                               "audio); 'render', the scene as the track's audio, carried"),
    [SP_KEY_STRIP_PROGRAMME] = N("the ADM programme chosen (a DAWproject plays the file as its "
                                 "audio)"),
    [SP_KEY_STRIP_COMPLEMENTARY] = N("the ADM objects chosen (a DAWproject plays the file as its "
                                     "audio)"),
};

static const sp_export_fate fate_master[SP_KEY_MASTER_N] = {
    [SP_KEY_MASTER_NORMALIZE] = N("normalize (a render's gain, measured in a first pass)"),
    [SP_KEY_MASTER_ADM] = N("the ADM BWF master, its re-renders and profile (a DAWproject holds a "
                            "mix, not its deliveries)"),
};

static const sp_export_fate fate_normalize[SP_KEY_NORMALIZE_N] = {
    [SP_KEY_NORMALIZE_TARGET] = P("named with master.normalize"),
};

static const sp_export_fate fate_adm[] = {P("named with master.adm")};

static const sp_export_fate fate_object[SP_KEY_OBJECT_N] = {
    [SP_KEY_OBJECT_BINAURAL] = P("named with the bus's object"),
};

static const sp_export_fate fate_send[SP_KEY_SEND_N] = {
    [SP_KEY_SEND_TO] = W("the Send's destination"),
    [SP_KEY_SEND_LEVEL] = C("the Send's Volume and its Points; a ramp other than dB named"),
    [SP_KEY_SEND_TAP] = C("type pre or post; a tap after the fader before post_inserts named"),
    [SP_KEY_SEND_PAN] = C("the Send's Pan; a position, a gain matrix named"),
    [SP_KEY_SEND_INVERT] = N("a DAWproject Send has no polarity"),
};

static const sp_export_fate fate_position[SP_KEY_POSITION_N] = {
    [SP_KEY_POSITION_AZIMUTH] = C("named, written as the Pan across the front pair"),
    [SP_KEY_POSITION_ELEVATION] = P("named with the position"),
    [SP_KEY_POSITION_SPREAD] = P("named with the position"),
};

static const sp_export_fate fate_gains[SP_KEY_GAINS_N] = {
    [SP_KEY_GAINS_GAINS] = N("the gain matrix (a DAWproject channel has a pan only)"),
};

static const sp_export_fate fate_lfe[] = {P("named with lfe")};

static const sp_export_fate fate_fold[] = {P("with fold")};

static const sp_export_fate fate_fade[SP_KEY_FADE_N] = {
    [SP_KEY_FADE_LENGTH] = W("the clip's fade time"),
    [SP_KEY_FADE_SHAPE] = C("named unless a ramp (a clip's fade has a length only)"),
    [SP_KEY_FADE_CURVE] = N("the fade's curve (a clip's fade has a length only)"),
    [SP_KEY_FADE_POINTS] = N("the fade's points (a clip's fade has a length only)"),
    [SP_KEY_FADE_INVERSE] = P("named with the region's opaque"),
};

static const sp_export_fate fate_level[SP_KEY_LEVEL_N] = {
    [SP_KEY_LEVEL_POINTS] = W("Points"),
    [SP_KEY_LEVEL_RAMP] = C("dB carried (the format joins decibel points in dB); another named"),
    [SP_KEY_LEVEL_INTERPOLATION] = P("named with the ramp"),
    [SP_KEY_LEVEL_TEMPO] = C("its points' times, in seconds: a level's named with its ramp, a "
                             "pan's named (read a beat tick at a time)"),
    [SP_KEY_LEVEL_VCA] = P("named with the ramp"),
    [SP_KEY_LEVEL_START] = P("named with the ramp"),
};

static const sp_export_fate fate_tempo[] = {W("its points' times, in seconds")};

static const sp_export_fate fate_insert[SP_KEY_INSERT_N] = {
    [SP_KEY_INSERT_BYPASS] = W("the device's Enabled and its BoolPoints"),
    [SP_KEY_INSERT_CHANNELS] = N("'channels' (a DAWproject device runs on its whole channel)"),
    [SP_KEY_INSERT_DETECT] = N("'detect' (a device's detector hears its whole channel)"),
    [SP_KEY_INSERT_PLUGIN] = C("an LV2 instrument's deviceID; an LV2 insert named"),
    [SP_KEY_INSERT_PRESET] = N("the preset (DAWproject names no LV2 preset)"),
    [SP_KEY_INSERT_STATE] = C("the device's State; a state that names files of its own named"),
    [SP_KEY_INSERT_KEY] = N("the sidechain key (DAWproject has none)"),
    [SP_KEY_INSERT_BANDS] = W("the Equalizer's Bands"),
    [SP_KEY_INSERT_FEED] = C("with its insert: no generic device takes it, so named with it"),
    [SP_KEY_INSERT_WIDEN] = C("with its insert: no generic device takes it, so named with it"),
    [SP_KEY_INSERT_NAME] = C("with its insert: no device takes outboard gear, so named with it"),
};

static const sp_export_fate fate_key[] = {P("named with the key")};

static const sp_export_fate fate_stems[SP_KEY_STEMS_N] = {
    [SP_KEY_STEMS_SPLIT] = C("sources carried with the stems; buses named with them"),
};

static const sp_export_fate fate_version[] = {P("named with versions")};

static const sp_export_fate fate_output[SP_KEY_OUTPUT_N] = {
    [SP_KEY_OUTPUT_DIR] = N("where the prints go (" DELIVERY ")"),
    [SP_KEY_OUTPUT_FORMAT] = N("the prints' format (" DELIVERY "; an import prints WAV)"),
    [SP_KEY_OUTPUT_DEPTH] = N("the prints' depth (" DELIVERY "; an import prints 24-bit)"),
    [SP_KEY_OUTPUT_DITHER] = N("the prints' dither (" DELIVERY "; an import dithers)"),
    [SP_KEY_OUTPUT_MIX] = N("the mix's name (" DELIVERY ")"),
    [SP_KEY_OUTPUT_NAME] = N("the prints' file names (" DELIVERY ")"),
    [SP_KEY_OUTPUT_BWF] = N("the Broadcast WAV chunk (" DELIVERY ")"),
    [SP_KEY_OUTPUT_TAGS] = N("the .m4a files' tags (" DELIVERY ")"),
    [SP_KEY_OUTPUT_ALSO] = N("the further sets of prints (" DELIVERY ")"),
    [SP_KEY_OUTPUT_STEM_MP4] = N("the DJ's stem file (" DELIVERY ")"),
};

static const sp_export_fate fate_names[] = {P("named with output.name")};

static const sp_export_fate fate_bwf[] = {P("named with output.bwf")};

static const sp_export_fate fate_tags[] = {P("named with output.tags")};

static const sp_export_fate fate_stem_mp4[] = {P("named with output.stem_mp4")};

static const sp_export_fate fate_set[] = {P("named with output.also")};

static const sp_export_fate fate_loudness[] = {P("named with checks.loudness or its set")};

static const sp_export_fate fate_checks[SP_KEY_CHECKS_N] = {
    [SP_KEY_CHECKS_NULL_TEST] = N("the null test's limit (" DELIVERY ")"),
    [SP_KEY_CHECKS_LOUDNESS] = N("the loudness check (" DELIVERY ")"),
};

static const sp_export_fate fate_null_test[SP_KEY_NULL_TEST_N] = {
    [SP_KEY_NULL_TEST_MAX_RESIDUAL] = P("named with checks.null"),
};

/* ---- DAWproject's names for the recipe's words ---------------------------------- */

static const sp_dp_param compressor[] = {
    {"Attack", "attack", P_SECONDS, false, false},  {"OutputGain", "makeup", P_DB, true, false},
    {"Ratio", "ratio", P_PERCENT, false, false},    {"Release", "release", P_SECONDS, false, false},
    {"Threshold", "threshold", P_DB, false, false}, {NULL, NULL, P_DB, false, false},
};
static const sp_dp_param gate[] = {
    {"Attack", "attack", P_SECONDS, false, false},  {"Range", "range", P_RANGE, false, false},
    {"Ratio", "ratio", P_PERCENT, true, false},     {"Release", "release", P_SECONDS, false, false},
    {"Threshold", "threshold", P_DB, false, false}, {NULL, NULL, P_DB, false, false},
};
static const sp_dp_param limiter[] = {
    {"Attack", "lookahead", P_SECONDS, false, true},
    {"Release", "release", P_SECONDS, false, false},
    {"Threshold", "ceiling", P_DB, false, false},
    {NULL, NULL, P_DB, false, false},
};
static const sp_dp_param gain[] = {
    {"OutputGain", "gain", P_DB, false, false},
    {NULL, NULL, P_DB, false, false},
};

static const sp_dp_device devices[] = {
    {"compressor", "Compressor", "Compressor", compressor},
    {"gate", "NoiseGate", "Gate", gate},
    {"limiter", "Limiter", "Limiter", limiter},
    /* a static gain: DAWproject has no gain device, so an equalizer with
     * no bands, the gain its output gain (read back as a gain insert) */
    {"gain", "Equalizer", "Gain", gain},
};

const sp_dp_device *sp_dp_device_of(const char *cls)
{
  for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
    if (strcmp(devices[i].cls, cls) == 0)
      return &devices[i];
  return NULL;
}

void sp_dp_rates_add(sp_dp_rates *t, double rate)
{
  for (size_t i = 0; i < 8; i++)
    if (t->count[i] == 0 || t->seen[i] == rate) {
      t->seen[i] = rate;
      t->count[i]++;
      return;
    }
}

double sp_dp_rates_choice(const sp_dp_rates *t)
{
  size_t best = 0;
  for (size_t i = 1; i < 8; i++)
    if (t->count[i] > t->count[best])
      best = i;
  const double rate = t->seen[best];
  return t->count[best] && rate >= 8000 && rate <= 768000 ? rate : 48000;
}

const sp_dp_band sp_dp_bands[] = {
    {"bell", "peak", true, false},           {"lowShelf", "lowshelf", true, false},
    {"highShelf", "highshelf", true, false}, {"highPass", "highpass", false, true},
    {"lowPass", "lowpass", false, true},     {"notch", "notch", false, false},
    {"bandPass", "bandpass", false, false},  {NULL, NULL, false, false},
};

const sp_dp_expression sp_dp_expressions[5] = {
    {0xA0, "polyPressure", "key"}, {0xB0, "channelController", "controller"},
    {0xC0, "programChange", NULL}, {0xD0, "channelPressure", NULL},
    {0xE0, "pitchBend", NULL},
};

/* ---- processors and their parameters ---------------------------------------- */

typedef struct param_fate {
  const char *param;
  sp_export_fate f;
} param_fate;

static const param_fate eq_params[] = {
    {"type", W("the Band's type")},
    {"freq", W("the Band's Freq")},
    {"gain", W("the Band's Gain")},
    {"q", W("the Band's Q")},
    {"slope", C("12 dB/oct written; 24 named (written as 12: a Band has no slope)")},
    {NULL, {0, NULL}},
};
static const param_fate compressor_params[] = {
    {"threshold", W("Threshold")},
    {"ratio", W("Ratio, in percent")},
    {"knee", N("DAWproject's compressor has no knee")},
    {"attack", W("Attack")},
    {"release", W("Release")},
    {"makeup", W("OutputGain, or AutoMakeup")},
    {"detector", N("DAWproject's compressor names no detector")},
    {NULL, {0, NULL}},
};
static const param_fate gate_params[] = {
    {"threshold", W("Threshold")},
    {"range", W("Range")},
    {"attack", W("Attack")},
    {"hold", N("DAWproject's gate has no hold")},
    {"release", W("Release")},
    {"ratio", W("Ratio, in percent")},
    {NULL, {0, NULL}},
};
static const param_fate limiter_params[] = {
    {"ceiling", W("Threshold")},
    {"lookahead", W("Attack")},
    {"release", W("Release")},
    {NULL, {0, NULL}},
};
static const param_fate gain_params[] = {
    {"gain", W("an Equalizer's OutputGain")},
    {NULL, {0, NULL}},
};
static const param_fate soundfont_params[] = {
    {"file", C("the device's State: referenced where it lives, else embedded")},
    {"bank", W("a Parameter")},
    {"program", W("a Parameter")},
    {"gain", W("a Parameter")},
    {"reverb", W("a Parameter")},
    {"chorus", W("a Parameter")},
    {"polyphony", W("a Parameter")},
    {"interpolation", W("a Parameter")},
    {NULL, {0, NULL}},
};

typedef struct class_fate {
  const char *cls;
  sp_export_fate f;
  const param_fate *params; /* NULL: named whole, or written by its own names (a family) */
} class_fate;

#define NO_DEVICE "DAWproject has no generic device for it"
static const class_fate classes[] = {
    {"gain", W("an Equalizer with no bands, its OutputGain the gain"), gain_params},
    {"eq", W("Equalizer"), eq_params},
    {"compressor", W("Compressor"), compressor_params},
    {"gate", W("NoiseGate"), gate_params},
    {"limiter", W("Limiter"), limiter_params},
    {"soundfont", W("stemprint's SoundFont Device"), soundfont_params},
    {"lv2",
     C("an instrument as a Device of its URI, its parameters by port symbol; an insert "
       "named (" NO_DEVICE ")"),
     NULL},
    {"ladspa", N(NO_DEVICE), NULL},
};

/* A built-in class not above (saturate, delay, convolver, width, fold, and
 * one added to core/procs/list.h): no device takes it, so the exporter
 * names it whole (dawproject_export_devices.c, devices). */
static const sp_export_fate no_device = N(NO_DEVICE);

const sp_export_fate *sp_export_class_fate(const char *cls, const char *param)
{
  for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
    if (strcmp(classes[i].cls, cls) != 0)
      continue;
    if (!param)
      return &classes[i].f;
    for (const param_fate *p = classes[i].params; p && p->param; p++)
      if (strcmp(p->param, param) == 0)
        return &p->f;
    return NULL;
  }
  return !param && sp_proc_find(cls) ? &no_device : NULL;
}

/* ---- the recipe's keys --------------------------------------------------------- */

typedef struct fate_table {
  const char *object;
  const sp_export_fate *fates;
  size_t n;
  size_t rows; /* 1: its one row serves every key */
} fate_table;

static const sp_export_fate *fate_at(const fate_table *t, size_t k)
{
  return &t->fates[t->rows == 1 ? 0 : k];
}

/* Every table of core/recipe/keys.h: one without its fate_<object> here
 * does not build. */
#define TABLE(OBJ, obj)                                                                            \
  {#OBJ, fate_##obj, SP_KEY_##OBJ##_N, sizeof fate_##obj / sizeof *fate_##obj},
static const fate_table tables[] = {SP_KEY_TABLES(TABLE)};
#undef TABLE

const sp_export_fate *sp_export_fate_of(const char *object, const char *key)
{
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    if (strcmp(tables[t].object, object) != 0)
      continue;
    for (size_t k = 0; k < tables[t].n; k++)
      if (strcmp(sp_key_tables[t].keys[k], key) == 0)
        return fate_at(&tables[t], k);
  }
  return NULL;
}

typedef struct naming {
  const char *prefix;
  void (*name)(void *ctx, const char *path, const char *why);
  void *ctx;
} naming;

static void name_given(void *ctx, const char *table, const char *key)
{
  const naming *n = ctx;
  const sp_export_fate *f = sp_export_fate_of(table, key);
  if (!f || f->fate != SP_FATE_NAMED)
    return;
  char path[256];
  snprintf(path, sizeof path, "%s%s%s", n->prefix, *n->prefix ? "." : "", key);
  n->name(n->ctx, path, f->why);
}

void sp_export_name_keys(const sp_recipe *r, const char *prefix,
                         void (*name)(void *ctx, const char *path, const char *why), void *ctx)
{
  naming n = {prefix, name, ctx};
  sp_recipe_given(r, prefix, name_given, &n);
}
