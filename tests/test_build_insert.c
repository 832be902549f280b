/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insert setter (core/recipe/build_insert.h): each shape of a typed
 * value a parameter takes, and each refusal, in the words the parser says
 * them (no renders: a table's rules only). */

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/walk.h"
#include "io/recipe/parse.h"
#include "io/session/mix.h"
#include "io/session/session_build.h"
#include "tests/mix_yaml.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char why[512];

static sp_insert begin(const char *name, size_t n_sets)
{
  const sp_proc_class *cls = sp_proc_find(name);
  cr_assert_not_null(cls, "no class %s", name);
  sp_insert ins;
  sp_insert_begin(&ins, cls, "tracks.a.inserts[0]", n_sets);
  return ins;
}

static double param(const sp_insert *ins, size_t set, const char *key)
{
  return ins->params[set * ins->cls->n_params + (size_t)sp_proc_param_index(ins->cls, key)];
}

static void set_ok(sp_insert *ins, size_t set, const char *key, sp_ival x)
{
  why[0] = '\0';
  cr_assert_eq(sp_insert_set(ins, set, key, &x, 48000, why, sizeof why), SP_OK, "%s: %s", key,
               why);
}

static void set_refused(sp_insert *ins, const char *key, sp_ival x, const char *want)
{
  const double before = param(ins, 0, sp_proc_param_index(ins->cls, key) >= 0 ? key : "threshold");
  cr_assert_eq(sp_insert_set(ins, 0, key, &x, 48000, why, sizeof why), SP_ERR_USAGE);
  cr_assert_str_eq(why, want);
  if (sp_proc_param_index(ins->cls, key) >= 0)
    cr_assert_eq(param(ins, 0, key), before, "a refused value leaves the parameter as it was");
}

Test(build_insert, numbers_words_choices_in_the_table)
{
  sp_insert ins = begin("compressor", 1);
  cr_assert_eq(param(&ins, 0, "threshold"), -18); /* the defaults filled in */
  set_ok(&ins, 0, "threshold", sp_ival_number(-24, SP_UNIT_DBFS));
  set_ok(&ins, 0, "release", sp_ival_number(0.25, SP_UNIT_SECONDS));
  set_ok(&ins, 0, "makeup", sp_ival_word("auto"));
  set_ok(&ins, 0, "detector", sp_ival_word("rms"));
  sp_ival bare = sp_ival_number(8, SP_UNIT_NUMBER);
  bare.bare = true;
  set_ok(&ins, 0, "ratio", bare);
  cr_assert_eq(param(&ins, 0, "threshold"), -24);
  cr_assert_eq(param(&ins, 0, "release"), 0.25);
  cr_assert_eq(param(&ins, 0, "makeup"), -1); /* auto's sentinel */
  cr_assert_eq(param(&ins, 0, "detector"), 1);
  cr_assert_eq(param(&ins, 0, "ratio"), 8);
  sp_insert_fini(&ins);
}

Test(build_insert, refusals_say_what_the_parser_says)
{
  sp_insert ins = begin("compressor", 1);
  set_refused(&ins, "threshold", sp_ival_number(3, SP_UNIT_DBFS),
              "3 dBFS is out of range; expected -80 dBFS .. 0 dBFS");
  sp_ival ms = sp_ival_number(90, SP_UNIT_SECONDS);
  ms.bare = true;
  set_refused(&ins, "release", ms,
              "90 s is out of range; expected 0.001 s .. 10 s; a time without a unit is in "
              "seconds: did you mean '90 ms'?");
  set_refused(&ins, "threshold", sp_ival_number(-6, SP_UNIT_SECONDS),
              "expected a value like '-18 dBFS', got -6 s");
  set_refused(&ins, "makeup", sp_ival_word("loud"),
              "expected a value like '-3 dB' or '-inf dB' or 'auto' (the gain the curve takes from a 0 dB "
              "level), got 'loud'");
  set_refused(&ins, "detector", sp_ival_word("rmss"),
              "'rmss' is not a detector of 'compressor'; did you mean 'rms'? (one of: peak, rms)");
  set_refused(&ins, "detector", sp_ival_word("loudest"),
              "'loudest' is not a detector of 'compressor'; expected one of: peak, rms");
  set_refused(&ins, "threshhold", sp_ival_number(-20, SP_UNIT_DBFS),
              "'threshhold' is not a parameter of 'compressor'; did you mean 'threshold'?");
  set_refused(&ins, "colour", sp_ival_number(1, SP_UNIT_NUMBER),
              "'colour' is not a parameter of 'compressor'");
  set_refused(&ins, "detector", sp_ival_bool(true),
              "'detector' of 'compressor' is a choice; got another kind of value");
  sp_insert_fini(&ins);
}

Test(build_insert, a_frequency_below_nyquist_and_bands)
{
  sp_insert ins = begin("eq", 2);
  set_ok(&ins, 1, "freq", sp_ival_number(8000, SP_UNIT_HZ));
  set_ok(&ins, 1, "type", sp_ival_word("highshelf"));
  cr_assert_eq(param(&ins, 1, "freq"), 8000);
  cr_assert_eq(param(&ins, 0, "freq"), 1000, "the other band keeps its default");
  cr_assert_eq(sp_insert_set(&ins, 0, "freq", &(sp_ival){.kind = SP_IVAL_NUMBER, .number = 30000,
                                                        .unit = SP_UNIT_HZ},
                             48000, why, sizeof why),
               SP_ERR_USAGE);
  cr_assert_str_eq(why, "30000 Hz is not below half the sample rate (24000 Hz at sample_rate "
                        "48000); lower 'freq' or raise sample_rate");
  sp_ival x = sp_ival_number(100, SP_UNIT_HZ);
  cr_assert_eq(sp_insert_set(&ins, 2, "freq", &x, 48000, why, sizeof why), SP_ERR_USAGE);
  cr_assert_str_eq(why, "'eq' has 2 parameter sets; got set 3");
  sp_insert_fini(&ins);
}

Test(build_insert, bools_and_files)
{
  sp_insert ins = begin("delay", 1);
  set_ok(&ins, 0, "pingpong", sp_ival_bool(true));
  cr_assert_eq(param(&ins, 0, "pingpong"), 1);
  sp_insert_fini(&ins);
  ins = begin("convolver", 1);
  set_ok(&ins, 0, "ir", (sp_ival){.kind = SP_IVAL_FILE, .file = "/irs/hall.wav"});
  cr_assert_str_eq(ins.files[sp_proc_param_index(ins.cls, "ir")], "/irs/hall.wav");
  sp_insert_fini(&ins);
}

static sp_ival points(double v0, double v1)
{
  sp_ival x = {.kind = SP_IVAL_POINTS};
  x.moving.value = v0;
  x.moving.n = 2;
  x.moving.points = sp_xcalloc(2, sizeof *x.moving.points);
  x.moving.points[0] = (sp_auto_point){{0, 0, false}, v0};
  x.moving.points[1] = (sp_auto_point){{1, 0, false}, v1};
  return x;
}

Test(build_insert, points_move_where_the_class_moves)
{
  sp_insert ins = begin("gain", 1);
  set_ok(&ins, 0, "gain", points(-6, 0));
  cr_assert_eq(ins.automation[0].n, 2);
  cr_assert_eq(ins.automation[0].points[1].v, 0);
  cr_assert_eq(param(&ins, 0, "gain"), -6, "the first point's value");
  sp_strip s;
  memset(&s, 0, sizeof s);
  sp_insert_append(&s, &ins);
  cr_assert_eq(s.n_inserts, 1);
  cr_assert_not_null(s.inserts[0].automation, "kept: it moves");
  sp_insert_fini(&s.inserts[0]);
  free(s.inserts);

  ins = begin("delay", 1);
  set_refused(&ins, "time", points(0.1, 0.2),
              "'time' of 'delay' cannot move: a delay time that moved would bend the echoes' "
              "pitch; stemprint's delay holds one time; give one value, like '10 ms', '1.5 s' or '1:32.5'");
  set_refused(&ins, "pingpong", points(0, 1),
              "'pingpong' of 'delay' cannot move: only a number parameter takes [time, value] "
              "breakpoints (a switch or a choice holds one setting); give one value");
  memset(&s, 0, sizeof s);
  sp_insert_append(&s, &ins);
  cr_assert_null(s.inserts[0].automation, "nothing moves: no automation kept");
  sp_insert_fini(&s.inserts[0]);
  free(s.inserts);

  ins = begin("fold", 1);
  set_refused(&ins, "centre", points(-3, 0),
              "'centre' of 'fold' cannot move; give one value like '-3 dB' or '-inf dB'");
  sp_insert_fini(&ins);
}

/* ---- a session's insert built, as its text reads ------------------------- */

/* A mix of one track (its region a file that need not exist) with insert
 * x (taken) on it, built (sp_session_build) and read as the text the mix
 * writes (sp_mix_yaml, the tests' oracle): the two recipes alike, walked
 * key by key, neither saying anything (returned: the built one's walk, to
 * free). */
static char *built_as_read(sp_mix_insert *x)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_insert_put(t, x, false);
  sp_test_regions_build(&m);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  sp_diags said; /* what the builder says of values out of their rows */
  sp_diags_init(&said);
  char *yaml = sp_mix_yaml(&m);
  sp_recipe *built = sp_session_build(&m, "/work/song.yaml", &said);
  sp_recipe *read = NULL;
  sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
  char *a = built ? sp_recipe_yaml(built, NULL) : NULL;
  char *b = read ? sp_recipe_yaml(read, NULL) : NULL;
  cr_assert_not_null(built, "not built: %s", yaml);
  cr_assert_eq(sp_diags_errors(&d), 0, "%s", yaml);
  cr_assert_eq(said.n, 0, "%s", yaml);
  cr_assert_str_eq(a, b);
  free(b);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  return a;
}

static sp_mix_value mix_points(sp_mix_points_kind kind, sp_unit unit, const double *tv, size_t n)
{
  sp_mix_value v = sp_mix_points_value(kind, unit);
  for (size_t i = 0; i < n; i++)
    sp_mix_points_add(v.points, tv[2 * i], tv[2 * i + 1], NULL);
  return v;
}

/* Every typed value a reader gives an insert, built with no text: moving
 * parameters, a moving bypass in frames, bands (one moving), channels, a
 * file, a level in dB for a dBFS parameter, a held time written bare; a
 * bypass whose points all agree fixed, as the parser fixes it. */
Test(build_insert, a_sessions_typed_insert_is_built_as_its_text_reads)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_number(x, "threshold", -24, SP_UNIT_DB);
  sp_mix_insert_add(
      x, "ratio",
      mix_points(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, (const double[]){0, 2, 0.5, 4, 1.25, 8}, 3));
  sp_mix_insert_add(x, "attack", sp_mix_number_value(0.005, SP_UNIT_NUMBER, true));
  sp_mix_value by = mix_points(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER,
                               (const double[]){0, 0, 24000, 1, 36000, 0}, 3);
  by.points->frames = true;
  sp_mix_insert_add(x, "bypass", by);
  sp_mix_insert_names(x, "channels", (const char *const[]){"L"}, 1);
  char *walk = built_as_read(x);
  cr_expect(strstr(walk, "ratio: [[0 s, 2], [0.5 s, 4], [1.25 s, 8]]"), "%s", walk);
  cr_expect(strstr(walk, "bypass: [[0 smp, false], [24000 smp, true], [36000 smp, false]]"), "%s",
            walk);
  free(walk);

  x = sp_mix_insert_new("eq");
  for (int k = 0; k < 2; k++) {
    sp_mix_insert *band = sp_mix_insert_new("eq");
    sp_mix_insert_word(band, "type", k ? "peak" : "highpass");
    if (k)
      sp_mix_insert_add(
          band, "freq",
          mix_points(SP_MIX_PTS_NUMBERS, SP_UNIT_HZ, (const double[]){0, 1000, 2, 4000}, 2));
    else
      sp_mix_insert_number(band, "freq", 80, SP_UNIT_HZ);
    sp_mix_insert_number(band, "q", 0.7, SP_UNIT_NUMBER);
    sp_mix_insert_band(x, band);
  }
  sp_mix_insert_add(
      x, "bypass",
      mix_points(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER, (const double[]){0, 1, 1, 1}, 2));
  walk = built_as_read(x);
  cr_expect(strstr(walk, "bypass: true"), "points that agree: fixed\n%s", walk);
  free(walk);

  x = sp_mix_insert_new("convolver");
  sp_mix_insert_string(x, "ir", "irs/hall.wav");
  free(built_as_read(x));

  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(10 * log10(2.0), SP_UNIT_DB, false));
  free(built_as_read(x));
}

/* A send tapped after more post_inserts than a tap may name (the parser's
 * SP_TAP_AFTER_MAX, as for a key's tap): built, the builder saying the
 * parser's error at its tap.after, as the text says it, the tap left as
 * the text leaves it (post). */
Test(build_insert, a_sends_tap_past_its_range_said_as_the_parser_refuses_it)
{
  for (size_t after = SP_TAP_AFTER_MAX; after <= SP_TAP_AFTER_MAX + 1; after++) {
    sp_diags d, said;
    sp_diags_init(&d);
    sp_diags_init(&said);
    sp_mix m;
    sp_mix_init(&m, "song.dawproject", false, &d);
    sp_mix_add(&m, SP_MIX_BUS, "b1", "verb");
    sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
    sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
    sp_mix_send *s = sp_mix_send_add(t, "b1");
    s->fader = true;
    s->after = after;
    sp_test_regions_build(&m);
    cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
    char *yaml = sp_mix_yaml(&m);
    sp_recipe *built = sp_session_build(&m, "/work/song.yaml", &said);
    sp_recipe *read = NULL;
    sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
    cr_assert_not_null(built, "not built: %s", yaml);
    cr_assert_eq(said.n, after > SP_TAP_AFTER_MAX, "%s", yaml);
    cr_assert_eq(sp_diags_errors(&d), said.n, "%s", yaml);
    for (size_t i = 0; i < said.n; i++) {
      cr_assert_str_eq(said.v[i].path, "tracks.kick.sends[0].tap.after");
      cr_assert_str_eq(said.v[i].path, d.v[i].path);
      cr_assert_str_eq(said.v[i].msg, d.v[i].msg);
    }
    char *a = sp_recipe_yaml(built, NULL), *b = sp_recipe_yaml(read, NULL);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    free(yaml);
    sp_recipe_free(built);
    sp_recipe_free(read);
    sp_mix_fini(&m);
    sp_diags_fini(&said);
    sp_diags_fini(&d);
  }
}

/* ---- what the parser says of a session's insert, the builder says -------- */

/* A mix of one track with insert x (taken; its instrument where
 * instrument) built: not declined, what it says of x (its errors,
 * returned) what the text the mix writes says when read, and the two
 * recipes walked alike. */
static char *said_as_read(sp_mix_insert *x, bool instrument)
{
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare"), "snare.wav", 0, 0, 1, 0, 0);
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  if (instrument)
    t->instrument = x;
  else
    sp_mix_insert_put(t, x, false);
  sp_test_regions_build(&m);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  char *yaml = sp_mix_yaml(&m);
  sp_recipe *built = sp_session_build(&m, "/work/song.yaml", &said);
  sp_recipe *read = NULL;
  sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
  char *a = built ? sp_recipe_yaml(built, NULL) : NULL;
  char *b = read ? sp_recipe_yaml(read, NULL) : NULL;
  char *text = sp_test_errors_of(&d, 0), *built_said = sp_test_errors_of(&said, 0);
  if (getenv("SAID_AS_READ"))
    fprintf(stderr, "---- text\n%s---- the text says\n%s---- the build says\n%s", yaml, text,
            built_said);
  cr_expect_not_null(built, "not built: %s\nthe text says\n%s", yaml, text);
  if (built) {
    cr_expect_str_eq(built_said, text, "%s", yaml);
    cr_expect_str_eq(a, b);
  }
  free(built_said);
  free(a);
  free(b);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  return text;
}


/* x said as read, its messages one of them want (a line "PATH: MESSAGE"
 * of said_as_read's); none where want is NULL. */
static void says(sp_mix_insert *x, const char *want)
{
  char *said = said_as_read(x, false);
  if (want)
    cr_expect(strstr(said, want), "want %s\nsaid:\n%s", want, said);
  else
    cr_expect_str_empty(said);
  free(said);
}

static sp_mix_insert *with(const char *proc, const char *key, sp_mix_value v)
{
  sp_mix_insert *x = sp_mix_insert_new(proc);
  sp_mix_insert_add(x, key, v);
  return x;
}

static sp_mix_insert *plugin(const char *uri)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  sp_mix_insert *x = sp_mix_insert_new("lv2");
  sp_mix_insert_string(x, "plugin", uri);
  return x;
}

#define AT "tracks.kick.inserts[0]."
#define PTS(kind, unit, ...)                                                                       \
  mix_points(kind, unit, (const double[]){__VA_ARGS__},                                          \
             sizeof((const double[]){__VA_ARGS__}) / sizeof(double) / 2)

/* A session insert's values the parser takes or refuses, built with no
 * text: taken as the text is, or refused in its words at its path (the
 * builder declined each before, issue 72): each value through the
 * parser's rule of a scalar, a number in its unit and range, a word. */
Test(build_insert, a_sessions_values_are_said_as_the_parser_says_them)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_number(x, "threshold", -30, SP_UNIT_DB);
  sp_mix_insert_word(x, "makeup", "auto");
  sp_mix_insert_bool(x, "bypass", true);
  sp_mix_insert_add(x, "attack", sp_mix_number_value(0.01, SP_UNIT_NUMBER, true));
  says(x, NULL);

  x = sp_mix_insert_new("compressor");
  sp_mix_insert_number(x, "knee", 40, SP_UNIT_DB);
  sp_mix_insert_word(x, "threshold", "loud");
  sp_mix_insert_number(x, "ratio", 400, SP_UNIT_NUMBER);
  sp_mix_insert_number(x, "attack", 90, SP_UNIT_SECONDS);
  sp_mix_insert_number(x, "release", -3, SP_UNIT_DB);
  char *said = said_as_read(x, false);
  cr_expect_str_eq(said,
                   AT "compressor.attack: 90 s is out of range; expected 0 s .. 1 s\n" AT
                      "compressor.knee: 40 dB is out of range; expected 0 dB .. 36 dB\n" AT
                      "compressor.ratio: 400 is out of range; expected 1 .. 100\n" AT
                      "compressor.release: expected a time like '10 ms', '1.5 s', '480 smp' or "
                      "'1:32.5', got '-3 dB'\n" AT
                      "compressor.threshold: expected a value like '-18 dBFS', got 'loud'\n");
  free(said);

  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(-INFINITY, SP_UNIT_DB, false));
  says(x, NULL);
  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(3, SP_UNIT_HZ, false));
  says(x, AT "gain: unit 'Hz' does not fit here; expected a value like '-3 dB' or '-inf dB'\n");
  /* `NAME: VALUE` holds nothing else: its keys are not written, nor read */
  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(-3, SP_UNIT_DB, false));
  sp_mix_insert_bool(x, "bypass", true);
  says(x, NULL);
  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_word_value("loud"));
  says(x, AT "gain: expected a value like '-3 dB' or '-inf dB', got 'loud'\n");
}

/* A moving value's points as the parser reads them: none, a mapping where
 * the class takes none, a bypass's ramp, a bypass of numbers, out of time
 * order, out of range, in another unit; a parameter that cannot move, one
 * past Nyquist. */
Test(build_insert, a_sessions_points_are_said_as_the_parser_says_them)
{
  says(with("compressor", "ratio", sp_mix_points_value(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER)),
       AT "compressor.ratio: automation needs at least one [time, value] point, like [[0, 0.5], "
          "[2 s, 0]]\n");
  sp_mix_value v = PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 2, 1, 4);
  v.points->linear = true;
  says(with("compressor", "ratio", v),
       AT "compressor.ratio: 'ratio' of 'compressor' takes one value or a list of [time, value] "
          "points; '{ramp: ..., points: ...}' is for a plugin's ports (lv2, ladspa)\n");
  v = PTS(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 1, 1, 0);
  v.points->linear = true;
  says(with("gain", "bypass", v),
       AT "gain.bypass.ramp: unknown key 'ramp' in a moving bypass; expected one of: points, "
          "tempo\n");
  says(with("gain", "bypass", sp_mix_points_value(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER)),
       AT "gain.bypass: a moving bypass is a list of");
  says(with("gain", "bypass", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 0.5, 1, 2)),
       AT "gain.bypass[1][1]: expected true or false, got '2'\n");
  says(with("compressor", "ratio",
            PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, 1, 2, 0.5, 4, 0.7, 3, 2, 4)),
       AT "compressor.ratio[2][0]: automation points must be in time order: this point at 0.7 s "
          "comes after one at 1 s; sort the points by time\n");
  says(with("compressor", "threshold", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_DB, 0, -24, 1, 12)),
       AT "compressor.threshold[1][1]: 12 dBFS is out of range; expected -80 dBFS .. 0 dBFS\n");
  says(with("compressor", "threshold", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_HZ, 0, -24, 1, -12)),
       AT "compressor.threshold[0][1]: unit 'Hz' does not fit here; expected a value like '-18 "
          "dBFS'\n");
  says(with("delay", "time", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_SECONDS, 1, 0.1, 0, 0.2)),
       AT "delay.time: 'time' of 'delay' cannot move: ");
  says(with("delay", "pingpong", PTS(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1)),
       AT "delay.pingpong: 'pingpong' of 'delay' cannot move: only a number parameter");
  sp_mix_insert *x = sp_mix_insert_new("eq"), *band = sp_mix_insert_new("eq");
  sp_mix_insert_word(band, "type", "peak");
  sp_mix_insert_add(band, "freq", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_HZ, 0, 1000, 1, 30000));
  sp_mix_insert_band(x, band);
  says(x, AT "eq.bands[0].freq: 30000 Hz is not below half the sample rate (24000 Hz at "
             "sample_rate 48000); lower 'freq' or raise sample_rate\n");
}

/* An insert's own keys as the parser reads them: a required parameter not
 * given (the insert left out), bands of none, a bypass not true or false,
 * no channels, a key on an insert that takes none, a key's level out of
 * its range, a detector narrowed. */
Test(build_insert, a_sessions_insert_keys_are_said_as_the_parser_says_them)
{
  says(sp_mix_insert_new("convolver"), AT "convolver: 'convolver' needs 'ir': ");
  says(with("eq", "bands", (sp_mix_value){.kind = SP_MIX_BANDS}),
       AT "eq.bands: 'eq' needs at least one band, like [{type: highpass, freq: 30 Hz}]; add a "
          "band or remove the insert\n");
  says(with("eq", "bands", sp_mix_number_value(3, SP_UNIT_NUMBER, false)),
       AT "eq.bands: expected a list of bands like [{type: highpass, freq: 30 Hz}], got a single "
          "value\n");
  sp_mix_insert *x = sp_mix_insert_new("eq");
  sp_mix_insert_names(x, "bands", (const char *const[]){"L"}, 1);
  says(x, AT "eq.bands: each band is a mapping of its parameters");
  x = sp_mix_insert_new("gain");
  sp_mix_value lr = {.kind = SP_MIX_NAMES, .names = sp_xcalloc(3, sizeof(char *)), .n_names = 2};
  lr.names[0] = sp_xstrdup("L");
  lr.names[1] = sp_xstrdup("R");
  sp_mix_insert_value_set(x, lr);
  says(x, AT "gain: automation is a list of [time, value] points; for one point write [[L, R]]\n");
  says(with("gain", "bypass", sp_mix_number_value(1, SP_UNIT_NUMBER, false)),
       AT "gain.bypass: expected true or false, got '1'\n");
  x = sp_mix_insert_new("gain");
  sp_mix_insert_names(x, "channels", NULL, 0);
  says(x, AT "gain.channels: expected the names of the path's channels it runs on, like [C] or "
             "[Ls, Rs]\n");
  x = sp_mix_insert_new("gain");
  x->key = sp_xstrdup("t2");
  says(x, AT "gain.key: 'gain' does not take a sidechain key (compressor, gate and limiter do); "
             "remove 'key'\n");
  x = sp_mix_insert_new("compressor");
  x->key = sp_xstrdup("t2");
  x->key_level_db = 30;
  says(x, AT "compressor.key.level: 30 dB is out of range; expected -inf dB .. 24 dB\n");
  x = sp_mix_insert_new("compressor");
  sp_mix_insert_names(x, "detect", (const char *const[]){"L"}, 1);
  says(x, NULL);
  x = sp_mix_insert_new("compressor");
  sp_mix_insert_names(x, "detect", (const char *const[]){"L"}, 1);
  x->key = sp_xstrdup("t2");
  says(x, AT "compressor.detect: a key replaces what the detector hears");
}

/* A plugin's insert (the tests' LV2 bundle): its ports' values as the
 * parser reads them (a choice's label, a switch, a number), a port the
 * class holds, keys it does not take, a preset and a state file, a
 * plugin not installed. */
Test(build_insert, a_sessions_plugin_is_said_as_the_parser_says_it)
{
  sp_mix_insert *x = plugin("urn:stemprint:test:peak");
  sp_mix_insert_add(x, "detector", PTS(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 0, 1, 3));
  says(x, AT "lv2.detector[1][1]: '3' is not a detector of 'stemprint test peak'; expected one of: "
             "Peak, Power\n");
  x = plugin("urn:stemprint:test:peak");
  sp_mix_value v = sp_mix_points_value(SP_MIX_PTS_LABELS, SP_UNIT_NUMBER);
  sp_mix_points_add(v.points, 0, 0, "Peak");
  sp_mix_points_add(v.points, 1, 0, "Peek");
  v.points->linear = true;
  sp_mix_insert_add(x, "detector", v);
  says(x, AT "lv2.detector.points[1][1]: 'Peek' is not a detector of 'stemprint test peak'; did "
             "you mean 'Peak'? (one of: Peak, Power)\n");
  x = plugin("urn:stemprint:test:peak");
  sp_mix_insert_add(x, "threshold", PTS(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1));
  says(x, AT "lv2.threshold[0][1]: expected a value like '-3 dB' or '-inf dB', got 'false'\n");
  x = plugin("urn:stemprint:test:peak");
  sp_mix_insert_add(x, "sidech", PTS(SP_MIX_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1));
  says(x, AT "lv2.sidech: 'sidech' of 'stemprint test peak' is not a parameter here: ");
  x = plugin("urn:stemprint:test:gain");
  sp_mix_insert_number(x, "colour", 1, SP_UNIT_NUMBER);
  sp_mix_insert_names(x, "detect", (const char *const[]){"L"}, 1);
  sp_mix_insert_bool(x, "widen", true);
  sp_mix_insert_names(x, "bands", (const char *const[]){"L"}, 1);
  char *said = said_as_read(x, false);
  cr_expect(strstr(said, AT "lv2.colour: unknown key 'colour' in the parameters of 'stemprint "
                         "test gain'; expected one of: gain, delay, bypass, channels, plugin, "
                         "preset, state\n"),
            "%s", said);
  cr_expect(strstr(said, AT "lv2.widen: 'widen' is for a plugin with one input and two outputs"),
            "%s", said);
  free(said);
  x = plugin("urn:stemprint:test:widen");
  sp_mix_insert_number(x, "widen", 1, SP_UNIT_NUMBER);
  sp_mix_insert_word(x, "feed", "middle");
  says(x, AT "lv2.feed: expected 'left', 'right' or 'mid' (");
  x = plugin("urn:stemprint:test:stash");
  sp_mix_insert_string(x, "preset", "louder");
  sp_mix_insert_number(x, "state", 1, SP_UNIT_NUMBER);
  says(x, NULL);
  x = plugin("urn:stemprint:test:stash");
  sp_mix_insert_string(x, "preset", "loudest");
  says(x, AT "lv2.preset: ");
  says(plugin("urn:stemprint:test:nosuch"),
       AT "lv2.plugin: no LV2 plugin 'urn:stemprint:test:nosuch' is installed here");
}

/* An insert's words YAML reads as a null (`~`, `null`, an empty one,
 * written plain) read as the null they are, with no text (the builder
 * declined each before, issue 72): said as the parser says a null there,
 * word for word and at its path. */
Test(build_insert, words_yaml_reads_as_null_are_said_as_the_parser_says_them)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_word(x, "threshold", "~");
  sp_mix_insert_word(x, "makeup", "null");
  sp_mix_insert_word(x, "bypass", "");
  sp_mix_insert_names(x, "channels", (const char *const[]){"L", "NULL"}, 2);
  char *said = said_as_read(x, false);
  cr_expect_str_eq(said, AT "compressor.bypass: expected true or false, got nothing\n" AT
                         "compressor.channels[1]: expected a channel's name (L, R, C, LFE, Ls "
                         "...), got nothing\n" AT
                         "compressor.makeup: expected a value like '-3 dB' or '-inf dB', got "
                         "nothing\n" AT
                         "compressor.threshold: expected a value like '-18 dBFS', got nothing\n");
  free(said);
}
