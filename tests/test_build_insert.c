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

/* A session's insert, its values typed, set by the same setter: the typed
 * parameters done, the rest (an insert's own keys, points) left; a level
 * in dB of a parameter in dBFS read as the parser reads "-30 dB" there, a
 * bare number in the parameter's unit, "inf" as the word it is. */
Test(build_insert, a_session_insert_set_from_its_typed_values)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_number(x, "threshold", -30, SP_UNIT_DB);
  sp_mix_insert_word(x, "makeup", "auto");
  sp_mix_insert_bool(x, "bypass", true);
  sp_mix_value pts = sp_mix_points_value(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER);
  sp_mix_points_add(pts.points, 0, 2, NULL);
  sp_mix_points_add(pts.points, 1, 4, NULL);
  sp_mix_insert_add(x, "ratio", pts);
  sp_mix_insert_add(x, "attack", sp_mix_number_value(0.01, SP_UNIT_NUMBER, true));
  sp_insert ins = begin("compressor", 1);
  bool done[5];
  cr_assert_eq(sp_mix_insert_params(x, &ins, 0, 48000, done, why, sizeof why), SP_OK, "%s", why);
  cr_assert(done[0] && done[1] && !done[2] && !done[3] && done[4]);
  cr_assert_eq(param(&ins, 0, "threshold"), -30);
  cr_assert_eq(param(&ins, 0, "makeup"), -1);
  cr_assert_eq(param(&ins, 0, "attack"), 0.01);
  cr_assert(sp_mix_insert_moves(x));
  sp_mix_insert_number(x, "knee", 40, SP_UNIT_DB);
  bool done6[6];
  cr_assert_eq(sp_mix_insert_params(x, &ins, 0, 48000, done6, why, sizeof why), SP_ERR_USAGE);
  cr_assert_str_eq(why, "knee: 40 dB is out of range; expected 0 dB .. 36 dB");
  sp_insert_fini(&ins);
  sp_mix_insert_free(x);

  /* `NAME: VALUE`: the primary parameter's; a gain of 3 Hz refused */
  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(-INFINITY, SP_UNIT_DB, false));
  ins = begin("gain", 1);
  cr_assert_eq(sp_mix_insert_params(x, &ins, 0, 48000, done, why, sizeof why), SP_OK, "%s", why);
  cr_assert(isinf(param(&ins, 0, "gain")) && param(&ins, 0, "gain") < 0);
  sp_mix_insert_value_set(x, sp_mix_number_value(3, SP_UNIT_HZ, false));
  cr_assert_eq(sp_mix_insert_params(x, &ins, 0, 48000, done, why, sizeof why), SP_ERR_USAGE);
  cr_assert_str_eq(why, "expected a value like '-3 dB' or '-inf dB', got 3 Hz");
  sp_insert_fini(&ins);
  sp_mix_insert_free(x);
}

/* ---- a session's insert built, as its text reads ------------------------- */

enum { GOOD, REFUSED, DECLINED };

/* A mix of one track (its region a file that need not exist) with insert
 * x (taken) on it, built (sp_session_build) and read as the text the mix
 * writes (sp_mix_yaml): where GOOD, the two recipes alike, walked key by
 * key (returned: the built one's walk, to free); else the builder
 * declines (NULL) and (REFUSED) the text has errors of its own. */
static char *built_as_read(sp_mix_insert *x, int how)
{
  const bool good = how == GOOD;
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_mix_insert_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  sp_diags said; /* what the builder says of values out of their rows */
  sp_diags_init(&said);
  sp_recipe *built = sp_session_build(&m, "/work/song.yaml", &said);
  char *yaml = sp_mix_yaml(&m);
  sp_recipe *read = NULL;
  sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
  char *a = built ? sp_recipe_yaml(built, NULL) : NULL;
  char *b = read ? sp_recipe_yaml(read, NULL) : NULL;
  if (good) {
    cr_assert_not_null(built, "declined: %s", yaml);
    cr_assert_eq(sp_diags_errors(&d), 0, "%s", yaml);
    cr_assert_eq(said.n, 0, "%s", yaml);
    cr_assert_str_eq(a, b);
  } else {
    cr_assert_null(built, "built: %s", a);
    if (how == REFUSED)
      cr_assert_gt(sp_diags_errors(&d), 0, "the text read: %s", yaml);
  }
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
  char *walk = built_as_read(x, GOOD);
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
  walk = built_as_read(x, GOOD);
  cr_expect(strstr(walk, "bypass: true"), "points that agree: fixed\n%s", walk);
  free(walk);

  x = sp_mix_insert_new("convolver");
  sp_mix_insert_string(x, "ir", "irs/hall.wav");
  free(built_as_read(x, GOOD));

  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(10 * log10(2.0), SP_UNIT_DB, false));
  free(built_as_read(x, GOOD));
}

/* What a reader may hand the builder that the parser refuses: declined,
 * the text then read (and its errors said, as before): a list of no
 * points, points out of time order, a point past its parameter's range,
 * a moving bypass of numbers, no channels, a key on an insert that takes
 * none, bands of none, a value with keys, a required parameter not
 * given, a word a number parameter does not take. */
Test(build_insert, what_the_parser_refuses_the_builder_declines)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_add(x, "ratio", sp_mix_points_value(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER));
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("compressor");
  sp_mix_insert_add(
      x, "ratio",
      mix_points(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, (const double[]){1, 2, 0.5, 4}, 2));
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("compressor");
  sp_mix_insert_add(x, "threshold",
                    mix_points(SP_MIX_PTS_NUMBERS, SP_UNIT_DB, (const double[]){0, -24, 1, 12}, 2));
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("gain");
  sp_mix_insert_add(x, "bypass",
                    mix_points(SP_MIX_PTS_NUMBERS, SP_UNIT_NUMBER, (const double[]){0, 0.5}, 1));
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("gain");
  sp_mix_insert_names(x, "channels", NULL, 0);
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("gain");
  x->key = sp_xstrdup("t1");
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("eq");
  sp_mix_insert_add(x, "bands", (sp_mix_value){.kind = SP_MIX_BANDS});
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("gain");
  sp_mix_insert_value_set(x, sp_mix_number_value(-3, SP_UNIT_DB, false));
  sp_mix_insert_bool(x, "bypass", true);
  built_as_read(x, DECLINED); /* its text writes the value alone */

  x = sp_mix_insert_new("convolver");
  built_as_read(x, REFUSED);

  x = sp_mix_insert_new("compressor");
  sp_mix_insert_word(x, "threshold", "loud");
  built_as_read(x, REFUSED);
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
    cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
    sp_recipe *built = sp_session_build(&m, "/work/song.yaml", &said);
    char *yaml = sp_mix_yaml(&m);
    sp_recipe *read = NULL;
    sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
    cr_assert_not_null(built, "declined: %s", yaml);
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
