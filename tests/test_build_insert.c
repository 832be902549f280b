/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insert setter (core/recipe/build_insert.h): each shape of a typed
 * value a parameter takes, and each refusal, in the words the parser says
 * them (no renders: a table's rules only). */

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/check.h"
#include "core/recipe/walk.h"
#include "core/recipe/writer.h"
#include "io/recipe/parse.h"
#include "io/session/mix.h"
#include "io/session/session_build.h"
#include "io/session/session_build_top.h"
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
  sp_insert_begin(&ins, cls, "tracks.a.inserts[0]", n_sets, SP_PARAM_NOMINAL_RATE);
  return ins;
}

static double param(const sp_insert *ins, size_t set, const char *key)
{
  return ins->params[set * ins->cls->n_params + (size_t)sp_proc_param_index(ins->cls, key)];
}

/* x, one value typed, set as parameter key of ins's set `set`: sp_insert_param's
 * answer. */
static sp_err set_one(sp_insert *ins, size_t set, const char *key, sp_ival x)
{
  const int k = sp_proc_param_index(ins->cls, key);
  cr_assert_geq(k, 0, "no parameter %s", key);
  why[0] = '\0';
  const sp_pval v = {.form = SP_PVAL_ONE, .one = x};
  return sp_insert_param(ins, set, k, &v, why, sizeof why);
}

static void set_ok(sp_insert *ins, size_t set, const char *key, sp_ival x)
{
  cr_assert_eq(set_one(ins, set, key, x), SP_OK, "%s: %s", key, why);
}

static void set_refused(sp_insert *ins, const char *key, sp_ival x, const char *want)
{
  const double before = param(ins, 0, key);
  cr_assert_eq(set_one(ins, 0, key, x), SP_ERR_USAGE);
  cr_assert_str_eq(why, want);
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
  set_ok(&ins, 0, "ratio", sp_ival_number(8, SP_UNIT_NUMBER));
  cr_assert_eq(param(&ins, 0, "threshold"), -24);
  cr_assert_eq(param(&ins, 0, "release"), 0.25);
  cr_assert_eq(param(&ins, 0, "makeup"), -1); /* auto's sentinel */
  cr_assert_eq(param(&ins, 0, "detector"), 1);
  cr_assert_eq(param(&ins, 0, "ratio"), 8);
  sp_insert_fini(&ins);
}

/* A value the setter refuses, in the text's words: a unit of another
 * family as the units code refuses it (it said "expected a value like
 * '-18 dBFS', got -6 s" of its own); a value of another kind as the text's
 * reader says it of a scalar of that kind (it said "'detector' of
 * 'compressor' is a choice; got another kind of value"; issue 88). */
Test(build_insert, refusals_say_what_the_parser_says)
{
  sp_insert ins = begin("compressor", 1);
  set_refused(&ins, "threshold", sp_ival_number(-6, SP_UNIT_SECONDS),
              "unit 's' does not fit here; expected a value like '-18 dBFS'");
  set_refused(&ins, "makeup", sp_ival_word("loud"),
              "expected a value like '-3 dB' or '-inf dB' or 'auto' (the gain the curve takes from a 0 dB "
              "level), got 'loud'");
  set_refused(&ins, "detector", sp_ival_word("rmss"),
              "'rmss' is not a detector of 'compressor'; did you mean 'rms'? (one of: peak, rms)");
  set_refused(&ins, "detector", sp_ival_word("loudest"),
              "'loudest' is not a detector of 'compressor'; expected one of: peak, rms");
  set_refused(&ins, "detector", sp_ival_bool(true),
              "'true' is not a detector of 'compressor'; expected one of: peak, rms");
  set_refused(&ins, "ratio", sp_ival_bool(true), "expected a value like '1.5', got 'true'");
  set_refused(&ins, "makeup", sp_ival_word(""),
              "expected a value like '-3 dB' or '-inf dB' or 'auto' (the gain the curve takes "
              "from a 0 dB level), got nothing");
  sp_insert_fini(&ins);
}

/* A choice's name that begins with a vowel takes "an" (review 155 #10:
 * "'nested' is not a algorithm of ..."). */
Test(build_insert, a_choice_named_with_a_vowel_takes_an)
{
  sp_insert ins = begin("soundfont", 1);
  set_refused(&ins, "interpolation", sp_ival_word("lineer"),
              "'lineer' is not an interpolation of 'soundfont'; did you mean 'linear'? (one of: "
              "none, linear, 4th, 7th)");
  set_refused(&ins, "interpolation", sp_ival_word("cubic"),
              "'cubic' is not an interpolation of 'soundfont'; expected one of: none, linear, 4th, "
              "7th");
  sp_insert_fini(&ins);
}

Test(build_insert, bands)
{
  sp_insert ins = begin("eq", 2);
  set_ok(&ins, 1, "freq", sp_ival_number(8000, SP_UNIT_HZ));
  set_ok(&ins, 1, "type", sp_ival_word("highshelf"));
  cr_assert_eq(param(&ins, 1, "freq"), 8000);
  cr_assert_eq(param(&ins, 0, "freq"), 1000, "the other band keeps its default");
  sp_insert_fini(&ins);
}

/* The setter takes a number as given; the recipe's one check holds it to
 * its processor's range and below Nyquist, each at its value's place,
 * and puts its default back (what the graph prepares): issue 88. */
Test(build_insert, a_number_out_of_its_range_is_the_checks)
{
  sp_insert ins = begin("eq", 2);
  free(ins.path);
  ins.path = sp_xstrdup("tracks.a.inserts[0].eq");
  set_ok(&ins, 0, "gain", sp_ival_number(90, SP_UNIT_DB));
  set_ok(&ins, 0, "freq", sp_ival_number(200, SP_UNIT_HZ));
  set_ok(&ins, 1, "freq", sp_ival_number(30000, SP_UNIT_HZ));
  cr_assert_eq(param(&ins, 1, "freq"), 30000, "as given");
  sp_recipe *r = sp_recipe_new("r.yaml");
  sp_insert_append(&sp_build_track(r, "a")->strip, &ins);
  static const char *const at[] = {"bands[0].gain", "bands[0].freq", "bands[1].freq"};
  for (int i = 0; i < 3; i++) {
    char *path = sp_xasprintf("tracks.a.inserts[0].eq.%s", at[i]);
    sp_recipe_note_value(r, path, (sp_pos){4 + i, 9}, NULL, false);
    free(path);
  }
  sp_diags d;
  sp_diags_init(&d);
  cr_assert_not(sp_recipe_check(r, &d, 0));
  char *said = sp_test_errors_of(&d, 0);
  cr_expect_str_eq(said, "tracks.a.inserts[0].eq.bands[0].gain: 90 dB is out of range; expected "
                         "-30 dB .. 30 dB\n"
                         "tracks.a.inserts[0].eq.bands[1].freq: 30000 Hz is not below half the "
                         "sample rate (24000 Hz at sample_rate 48000); lower 'freq' or raise "
                         "sample_rate\n");
  cr_expect_eq(d.v[1].pos.line, 6, "at its value's place");
  const sp_insert *put = &r->tracks[0].strip.inserts[0];
  cr_expect_eq(param(put, 0, "gain"), 0, "its default back");
  cr_expect_eq(param(put, 1, "freq"), 1000, "its default back");
  cr_expect_eq(param(put, 0, "freq"), 200, "one in range kept");
  free(said);
  sp_diags_fini(&d);
  sp_recipe_free(r);
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

/* A reader's own points, read once the parameter is found to move (two,
 * from -6 to 0); the times it was asked. */
static int n_read;
static bool two_points(void *ctx, sp_auto *out)
{
  (void)ctx;
  n_read++;
  *out = points(-6, 0).moving;
  return true;
}

/* sp_insert_param, the one rule each reader's value of a parameter takes:
 * a list of points where the parameter moves (read by the reader then,
 * never before), a mapping where it takes none, a list where it does not
 * move, a value as written (a time in frames held until the rate is
 * final). */
Test(build_insert, a_value_of_each_form_is_judged_by_one_rule)
{
  sp_insert ins = begin("gain", 1);
  const int g = sp_proc_param_index(ins.cls, "gain");
  n_read = 0;
  sp_pval v = {.form = SP_PVAL_LIST, .points = two_points};
  cr_assert_eq(sp_insert_param(&ins, 0, g, &v, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(n_read, 1);
  cr_expect_eq(ins.automation[g].n, 2);
  cr_expect_eq(param(&ins, 0, "gain"), -6, "the first point's value");
  v = (sp_pval){.form = SP_PVAL_MAP, .points_key = true, .points = two_points};
  cr_assert_eq(sp_insert_param(&ins, 0, g, &v, why, sizeof why), SP_ERR_USAGE);
  cr_expect_str_eq(
      why, "'gain' of 'gain' takes one value or a list of [time, value] points; '{ramp: ..., "
           "points: ...}' is for a plugin's ports (lv2, ladspa)");
  v.points_key = false;
  cr_assert_eq(sp_insert_param(&ins, 0, g, &v, why, sizeof why), SP_ERR_USAGE);
  cr_expect_str_eq(why, "expected a value like '-3 dB' or '-inf dB', got a mapping");
  cr_expect_eq(n_read, 1, "a refused value's points are never read");
  sp_insert_fini(&ins);

  ins = begin("delay", 1);
  const int t = sp_proc_param_index(ins.cls, "time");
  v = (sp_pval){.form = SP_PVAL_LIST, .points = two_points};
  cr_assert_eq(sp_insert_param(&ins, 0, t, &v, why, sizeof why), SP_ERR_USAGE);
  cr_expect_str_eq(why,
                   "'time' of 'delay' cannot move: a delay time that moved would bend the echoes' "
                   "pitch; stemprint's delay holds one time; give one value, like '10 ms', '1.5 s' "
                   "or '1:32.5'");
  cr_expect_eq(n_read, 1);
  const double before = param(&ins, 0, "time");
  v = (sp_pval){.form = SP_PVAL_ONE, .written = true, .w = {NULL, "480 smp", false}};
  cr_assert_eq(sp_insert_param(&ins, 0, t, &v, why, sizeof why), SP_OK, "%s", why);
  cr_assert_not_null(ins.times, "held until the rate is final");
  cr_expect(ins.times[t].in_frames && ins.times[t].frames == 480);
  cr_expect_eq(param(&ins, 0, "time"), before, "its seconds the recipe's rate's");
  v.w.text = "10 ms";
  cr_assert_eq(sp_insert_param(&ins, 0, t, &v, why, sizeof why), SP_OK, "%s", why);
  cr_expect_float_eq(param(&ins, 0, "time"), 0.01, 1e-15);
  v.w.text = "10 dB";
  cr_assert_eq(sp_insert_param(&ins, 0, t, &v, why, sizeof why), SP_ERR_USAGE);
  cr_expect_str_eq(why,
                   "expected a time like '10 ms', '1.5 s', '480 smp' or '1:32.5', got '10 dB'");
  sp_insert_fini(&ins);
}

/* ---- a session's insert built, as its text reads ------------------------- */

/* The session rate the inserts below are read at. */
static double rate = 48000;

/* An insert of proc read from a session at `rate`: at the recipe's rate,
 * as a reader makes it (the mix's top set first, sp_ins_new at the rate
 * it holds). */
static sp_ins *new_ins(const char *proc)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_top_number(&m, SP_KEY_ROOT_SAMPLE_RATE, rate);
  sp_ins *x = sp_ins_new(proc, m.top->sample_rate);
  sp_mix_fini(&m);
  sp_diags_fini(&d);
  return x;
}

/* A mix of one track (its region a file that need not exist) with insert
 * x (taken) on it, built (sp_session_build) and read as the text the mix
 * writes (sp_mix_yaml, the tests' oracle: the built insert written by the
 * recipe's own writer): the two recipes alike, walked key by key, neither
 * saying anything (returned: the built one's walk, to free). */
static char *built_as_read(sp_ins *x)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_ins_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  sp_diags said; /* what the builder says of values out of their rows */
  sp_diags_init(&said);
  char *yaml = sp_mix_yaml(&m);
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
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

static sp_ins_points *points_of(sp_ins_points_kind kind, sp_unit unit, const double *tv, size_t n)
{
  sp_ins_points *p = sp_ins_points_new(kind, unit);
  for (size_t i = 0; i < n; i++)
    sp_ins_points_add(p, tv[2 * i], tv[2 * i + 1], NULL);
  return p;
}

#define PTS(kind, unit, ...)                                                                       \
  points_of(kind, unit, (const double[]){__VA_ARGS__},                                             \
            sizeof((const double[]){__VA_ARGS__}) / sizeof(double) / 2)

/* p with a tempo map of n points, each {seconds, beat, bpm} (a reader's:
 * at its own superclock rate, 1000 a second). */
static sp_ins_points *in_beats(sp_ins_points *p, const double (*pts)[3], size_t n)
{
  sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_tempo_map){.scps = 1000, .t = sp_xcalloc(n, sizeof *m->t), .n = n};
  for (size_t i = 0; i < n; i++)
    m->t[i] = sp_tempo_point_make(llround(pts[i][0] * 1000), llround(pts[i][1] * 1920), pts[i][2],
                                  4, 0, false, 1000);
  p->tempo = m;
  return p;
}

/* Every typed value a reader gives an insert, built with no text: moving
 * parameters, a moving bypass in frames, bands (one moving), channels, a
 * file, a level in dB for a dBFS parameter, a held time written bare; a
 * bypass whose points all agree fixed, as the parser fixes it. */
Test(build_insert, a_sessions_typed_insert_is_built_as_its_text_reads)
{
  sp_ins *x = new_ins("compressor");
  sp_ins_number(x, "threshold", -24, SP_UNIT_DB);
  sp_ins_moving(x, "ratio", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 2, 0.5, 4, 1.25, 8));
  sp_ins_number(x, "attack", 0.005, SP_UNIT_NUMBER);
  sp_ins_points *by = PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 24000, 1, 36000, 0);
  by->frames = true;
  sp_ins_moving(x, "bypass", by);
  sp_ins_names(x, "channels", (const char *const[]){"L"}, 1);
  char *walk = built_as_read(x);
  cr_expect(strstr(walk, "ratio: [[0 s, 2], [0.5 s, 4], [1.25 s, 8]]"), "%s", walk);
  cr_expect(strstr(walk, "bypass: [[0 smp, false], [24000 smp, true], [36000 smp, false]]"), "%s",
            walk);
  free(walk);

  x = new_ins("eq");
  for (int k = 0; k < 2; k++) {
    sp_ins *band = new_ins("eq");
    sp_ins_word(band, "type", k ? "peak" : "highpass");
    if (k)
      sp_ins_moving(band, "freq", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_HZ, 0, 1000, 2, 4000));
    else
      sp_ins_number(band, "freq", 80, SP_UNIT_HZ);
    sp_ins_number(band, "q", 0.7, SP_UNIT_NUMBER);
    sp_ins_band(x, band);
  }
  sp_ins_moving(x, "bypass", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 1, 1, 1));
  walk = built_as_read(x);
  cr_expect(strstr(walk, "bypass: true"), "points that agree: fixed\n%s", walk);
  free(walk);

  x = new_ins("convolver");
  sp_ins_string(x, "ir", "irs/hall.wav");
  free(built_as_read(x));

  x = new_ins("gain");
  sp_ins_value_number(x, 10 * log10(2.0), SP_UNIT_DB);
  free(built_as_read(x));
}

/* A copy of an insert (a plugin Ardour runs on each pair of a path's
 * channels) built on its own: its values, moving ones too, and what was
 * said of them, its own. */
Test(build_insert, a_copy_is_built_on_its_own)
{
  sp_ins *x = new_ins("compressor");
  sp_ins_moving(x, "ratio", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 2, 1, 4));
  sp_ins_number(x, "knee", 40, SP_UNIT_HZ);
  sp_ins *c = sp_ins_copy(x);
  sp_ins_free(x);
  cr_assert(c->moves);
  cr_assert_eq(c->said.n, 1);
  cr_assert_str_eq(c->said.v[0].path, "knee");
  cr_assert_str_eq(c->said.v[0].msg,
                   "unit 'Hz' does not fit here; expected a value like '-3 dB' or '-inf dB'");
  const int k = sp_proc_param_index(c->cls, "ratio");
  cr_assert_eq(c->ins.automation[k].n, 2);
  sp_ins_fini(c);
  free(c);
}

/* ---- what the parser says of a session's insert, the builder says -------- */

/* yaml, the oracle's text of a mix whose track kick holds an insert (or
 * instrument), with that insert's text hand (`NAME: ...`) in its place:
 * the text a user would write of it (heap). */
static char *with_hand(const char *yaml, const char *hand, bool instrument)
{
  const char *kick = strstr(yaml, "\n  kick:\n");
  cr_assert(kick, "%s", yaml);
  const char *regions = strstr(kick, "    regions:\n");
  cr_assert(regions, "%s", yaml);
  const char *after = strchr(strchr(regions, '\n') + 1, '\n') + 1; /* its one region */
  sp_writer w = {0};
  sp_write_n(&w, yaml, (size_t)(after - yaml));
  sp_write(&w, instrument ? "    instrument:\n      %s\n" : "    inserts:\n      - %s\n", hand);
  /* kick's other lines, but the oracle's own insert */
  bool skip = false;
  for (const char *l = after; *l;) {
    const char *end = strchr(l, '\n');
    const size_t n = end ? (size_t)(end - l) + 1 : strlen(l);
    const bool kicks = l < kick + 1 || strncmp(l, "   ", 3) == 0;
    if (kicks && (strncmp(l, "    inserts:", 12) == 0 || strncmp(l, "    instrument:", 15) == 0))
      skip = true;
    else if (strncmp(l, "     ", 5) != 0)
      skip = false;
    if (!skip)
      sp_write_n(&w, l, n);
    l += n;
  }
  return sp_writer_take(&w);
}

/* A mix of two tracks at the session rate `rate`, kick with insert x
 * (taken; its instrument where instrument), built: not declined, what it
 * says (its errors, returned) what the parser says of the text hand
 * written by hand in x's place, and the two recipes walked alike. */
static char *said_as_read(sp_ins *x, bool instrument, const char *hand)
{
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_top_number(&m, SP_KEY_ROOT_SAMPLE_RATE, rate);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare"), "snare.wav", 0, 0, 1, 0, 0);
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  if (instrument)
    t->instrument = x;
  else
    sp_ins_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  char *oracle = sp_mix_yaml(&m), *yaml = with_hand(oracle, hand, instrument);
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
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
  free(oracle);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  return text;
}

/* x said as read, the text hand by hand in its place: its messages one of
 * them want (a line "PATH: MESSAGE" of said_as_read's); none where want
 * is NULL. */
static void says(sp_ins *x, const char *hand, const char *want)
{
  char *said = said_as_read(x, false, hand);
  if (want)
    cr_expect(strstr(said, want), "want %s\nsaid:\n%s", want, said);
  else
    cr_expect_str_empty(said);
  free(said);
}

/* What the build says of insert x (taken) on track kick (its errors, a
 * line "PATH: MESSAGE" each): a value a reader gives that no text of the
 * recipe writes (a number given for a file, a level for a time). */
static char *built_says(sp_ins *x)
{
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_top_number(&m, SP_KEY_ROOT_SAMPLE_RATE, rate);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_ins_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  sp_recipe_free(sp_test_session_recipe(&m, "/work/song.yaml", &said));
  char *text = sp_test_errors_of(&said, 0);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
  return text;
}

static sp_ins *with(const char *proc, const char *key, sp_ins_points *p)
{
  sp_ins *x = new_ins(proc);
  sp_ins_moving(x, key, p);
  return x;
}

static sp_ins *plugin(const char *uri)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  sp_ins *x = new_ins("lv2");
  sp_ins_string(x, "plugin", uri);
  return x;
}

#define AT "tracks.kick.inserts[0]."

/* A session insert's values the parser takes or refuses, built with no
 * text: taken as the text is, or refused in its words at its path (the
 * builder declined each before, issue 72): each value through the
 * parser's rule of a scalar, a number in its unit and range, a word. */
Test(build_insert, a_sessions_values_are_said_as_the_parser_says_them)
{
  sp_ins *x = new_ins("compressor");
  sp_ins_number(x, "threshold", -30, SP_UNIT_DB);
  sp_ins_word(x, "makeup", "auto");
  sp_ins_bool(x, "bypass", true);
  sp_ins_number(x, "attack", 0.01, SP_UNIT_NUMBER);
  says(x, "compressor: {threshold: -30 dB, makeup: auto, bypass: true, attack: 0.01}", NULL);

  x = new_ins("compressor");
  sp_ins_number(x, "knee", 40, SP_UNIT_DB);
  sp_ins_word(x, "threshold", "loud");
  sp_ins_number(x, "ratio", 400, SP_UNIT_NUMBER);
  sp_ins_number(x, "attack", 90, SP_UNIT_SECONDS);
  char *said = said_as_read(x, false,
                            "compressor: {knee: 40 dB, threshold: loud, ratio: 400, attack: 90 s}");
  cr_expect_str_eq(said, AT "compressor.attack: 90 s is out of range; expected 0 s .. 1 s\n" AT
                            "compressor.knee: 40 dB is out of range; expected 0 dB .. 36 dB\n" AT
                            "compressor.ratio: 400 is out of range; expected 1 .. 100\n" AT
                            "compressor.threshold: expected a value like '-18 dBFS', got 'loud'\n");
  free(said);
  /* a level given for a time: its unit refused by the units code (as a
   * text's unit is), where the text's reader said "expected a time like
   * '10 ms', '1.5 s', '480 smp' or '1:32.5', got '-3 dB'" of the number
   * formatted back into text (issue 88) */
  x = new_ins("compressor");
  sp_ins_number(x, "release", -3, SP_UNIT_DB);
  said = built_says(x);
  cr_expect_str_eq(said, AT "compressor.release: unit 'dB' does not fit here; expected a value "
                            "like '10 ms', '1.5 s' or '1:32.5'\n");
  free(said);

  /* a number out of its range is the check's (issue 88): its one value's
   * said at the insert's path, a band's at its own; a frequency as the
   * text import writes it, a plain number (as a strip's rows are) */
  x = new_ins("gain");
  sp_ins_value_number(x, 100, SP_UNIT_DB);
  says(x, "gain: 100 dB", AT "gain: 100 dB is out of range; expected -inf dB .. 48 dB\n");
  x = new_ins("eq");
  sp_ins *band = new_ins("eq");
  sp_ins_word(band, "type", "peak");
  sp_ins_number(band, "gain", 90, SP_UNIT_DB);
  sp_ins_number(band, "freq", 5, SP_UNIT_HZ);
  sp_ins_band(x, band);
  says(x, "eq: {bands: [{type: peak, gain: 90 dB, freq: 5}]}",
       AT "eq.bands[0].freq: 5 Hz is out of range; expected 10 Hz .. 40000 Hz; a frequency "
          "without a unit is in Hz: did you mean '5 kHz'?\n" AT
          "eq.bands[0].gain: 90 dB is out of range; expected -30 dB .. 30 dB\n");

  x = new_ins("gain");
  sp_ins_value_number(x, -INFINITY, SP_UNIT_DB);
  says(x, "gain: -inf dB", NULL);
  x = new_ins("gain");
  sp_ins_value_number(x, 3, SP_UNIT_HZ);
  says(x, "gain: 3 Hz",
       AT "gain: unit 'Hz' does not fit here; expected a value like '-3 dB' or '-inf dB'\n");
  x = new_ins("gain");
  sp_ins_value_word(x, "loud");
  says(x, "gain: loud", AT "gain: expected a value like '-3 dB' or '-inf dB', got 'loud'\n");
}

/* A session's value past its processor's range is held as read and said
 * by the recipe's one check (issue 88) at the value's own place in the
 * text import writes (the value in it, no longer left out and said at
 * its insert's), and then put back to its default (what the graph
 * prepares). */
Test(build_insert, a_sessions_value_out_of_range_is_said_at_its_place)
{
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_top_number(&m, SP_KEY_ROOT_SAMPLE_RATE, rate);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_ins *x = new_ins("compressor");
  sp_ins_number(x, "ratio", 4, SP_UNIT_NUMBER);
  sp_ins_number(x, "threshold", 6, SP_UNIT_DB);
  sp_ins_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  sp_recipe *r = sp_test_session_recipe(&m, "/work/song.yaml", &said);
  cr_assert_not_null(r);
  static const char path[] = AT "compressor.threshold";
  cr_assert_eq(said.n, 1);
  cr_expect_str_eq(said.v[0].path, path);
  cr_expect_str_eq(said.v[0].msg, "6 dBFS is out of range; expected -80 dBFS .. 0 dBFS");
  cr_expect(sp_recipe_written(r, path), "the value is in the text import writes");
  const sp_pos at = sp_recipe_where(r, path);
  cr_expect_gt(at.line, 0);
  cr_expect(said.v[0].pos.line == at.line && said.v[0].pos.col == at.col,
            "said at %d:%d, its place %d:%d", said.v[0].pos.line, said.v[0].pos.col, at.line,
            at.col);
  const sp_insert *c = &r->tracks[0].strip.inserts[0];
  cr_expect_eq(c->params[sp_proc_param_index(c->cls, "threshold")], -18, "its default");
  cr_expect_eq(c->params[sp_proc_param_index(c->cls, "ratio")], 4);
  sp_recipe_free(r);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
}

/* The session's rate its values are checked at, the recipe's: a band past
 * Nyquist at 44.1 kHz said as the text at that rate says it; at a rate the
 * recipe does not take (44100.5 Hz, refused at `sample_rate`), the
 * parser's default, 48 kHz, under whose Nyquist the same band is. */
Test(build_insert, a_sessions_values_are_checked_at_the_recipes_rate)
{
  const double rates[] = {44100, 44100.5};
  for (size_t i = 0; i < 2; i++) {
    rate = rates[i];
    sp_ins *x = new_ins("eq"), *band = new_ins("eq");
    sp_ins_word(band, "type", "peak");
    sp_ins_number(band, "freq", 23000, SP_UNIT_HZ);
    sp_ins_band(x, band);
    char *said = said_as_read(x, false, "eq: {bands: [{type: peak, freq: 23000 Hz}]}");
    if (i == 0)
      cr_expect_str_eq(said, AT "eq.bands[0].freq: 23000 Hz is not below half the sample rate "
                                "(22050 Hz at sample_rate 44100); lower 'freq' or raise "
                                "sample_rate\n");
    else
      cr_expect_str_eq(said, "sample_rate: a sample rate is a whole number of Hz, like 48000\n");
    free(said);
  }
  rate = 48000;
}

/* A moving value's points as the parser reads them: none, a mapping where
 * the class takes none, a bypass's ramp, a bypass of numbers, a bypass
 * out of time order, out of time order, out of range, in another unit; a parameter that cannot
 * move, one past Nyquist. */
Test(build_insert, a_sessions_points_are_said_as_the_parser_says_them)
{
  says(with("compressor", "ratio", sp_ins_points_new(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER)),
       "compressor: {ratio: []}",
       AT "compressor.ratio: automation needs at least one [time, value] point, like [[0, 0.5], "
          "[2 s, 0]]\n");
  sp_ins_points *v = PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 2, 1, 4);
  v->linear = true;
  says(with("compressor", "ratio", v),
       "compressor: {ratio: {ramp: linear, points: [[0 s, 2], [1 s, 4]]}}",
       AT "compressor.ratio: 'ratio' of 'compressor' takes one value or a list of [time, value] "
          "points; '{ramp: ..., points: ...}' is for a plugin's ports (lv2, ladspa)\n");
  v = PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 1, 1, 0);
  v->linear = true;
  says(with("gain", "bypass", v),
       "gain: {bypass: {ramp: linear, points: [[0 s, true], [1 s, false]]}}",
       AT "gain.bypass.ramp: unknown key 'ramp' in a moving bypass; expected one of: points, "
          "tempo\n");
  says(with("gain", "bypass", sp_ins_points_new(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER)),
       "gain: {bypass: []}", AT "gain.bypass: a moving bypass is a list of");
  says(with("gain", "bypass", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 0.5, 1, 2)),
       "gain: {bypass: [[0 s, 0.5], [1 s, 2]]}",
       AT "gain.bypass[1][1]: expected true or false, got '2'\n");
  /* a bypass's order the check's, for both: one agreeing out of order is
   * refused, not made its setting */
  says(with("gain", "bypass", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 2, 1, 1, 0)),
       "gain: {bypass: [[0 s, false], [2 s, true], [1 s, false]]}",
       AT "gain.bypass[2][0]: automation points must be in time order: this point at 1 s comes "
          "after one at 2 s; sort the points by time\n");
  says(with("gain", "bypass", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 1, 2, 1, 1, 1)),
       "gain: {bypass: [[0 s, true], [2 s, true], [1 s, true]]}",
       AT "gain.bypass[2][0]: automation points must be in time order");
  /* its beats' tempo map, the check's for both: a tempo past its range,
   * points out of order (a reader's map at its own superclock rate) */
  says(with("gain", "bypass",
            in_beats(PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1),
                     (const double[][3]){{0, 0, 2000}}, 1)),
       "gain: {bypass: {tempo: 2000, points: [[0 s, false], [1 s, true]]}}",
       AT "gain.bypass.tempo: 2000 is out of range; expected 1 .. 1000\n");
  says(with("compressor", "ratio",
            PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 1, 2, 0.5, 4, 0.7, 3, 2, 4)),
       "compressor: {ratio: [[1 s, 2], [0.5 s, 4], [0.7 s, 3], [2 s, 4]]}",
       AT "compressor.ratio[1][0]: automation points must be in time order: this point at 0.5 s "
          "comes after one at 1 s, as does 1 point after it; sort the points by time\n");
  says(with("compressor", "threshold", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_DB, 0, -24, 1, 12)),
       "compressor: {threshold: [[0 s, -24 dB], [1 s, 12 dB]]}",
       AT "compressor.threshold[1][1]: 12 dBFS is out of range; expected -80 dBFS .. 0 dBFS\n");
  says(with("compressor", "threshold", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_HZ, 0, -24, 1, -12)),
       "compressor: {threshold: [[0 s, -24 Hz], [1 s, -12 Hz]]}",
       AT "compressor.threshold[0][1]: unit 'Hz' does not fit here; expected a value like '-18 "
          "dBFS'\n");
  says(with("delay", "time", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_SECONDS, 1, 0.1, 0, 0.2)),
       "delay: {time: [[1 s, 0.1 s], [0 s, 0.2 s]]}",
       AT "delay.time: 'time' of 'delay' cannot move: ");
  says(with("delay", "pingpong", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1)),
       "delay: {pingpong: [[0 s, false], [1 s, true]]}",
       AT "delay.pingpong: 'pingpong' of 'delay' cannot move: only a number parameter");
  sp_ins *x = new_ins("eq"), *band = new_ins("eq");
  sp_ins_word(band, "type", "peak");
  sp_ins_moving(band, "freq", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_HZ, 0, 1000, 1, 30000));
  sp_ins_band(x, band);
  says(x, "eq: {bands: [{type: peak, freq: [[0 s, 1000 Hz], [1 s, 30000 Hz]]}]}",
       AT "eq.bands[0].freq: 30000 Hz is not below half the sample rate (24000 Hz at "
          "sample_rate 48000); lower 'freq' or raise sample_rate\n");
}

/* An insert's own keys as the parser reads them: a required parameter not
 * given (the insert left out), a bypass not true or false,
 * no channels, a key on an insert that takes none, a key's level out of
 * its range, a detector narrowed. (Bands of none, of single values, a
 * list for a scalar: shapes no typed call makes.) */
Test(build_insert, a_sessions_insert_keys_are_said_as_the_parser_says_them)
{
  says(new_ins("convolver"), "convolver: {}", AT "convolver: 'convolver' needs 'ir': ");
  sp_ins *x = new_ins("gain");
  sp_ins_number(x, "bypass", 1, SP_UNIT_NUMBER);
  says(x, "gain: {bypass: 1}", AT "gain.bypass: expected true or false, got '1'\n");
  x = new_ins("gain");
  sp_ins_names(x, "channels", NULL, 0);
  says(x, "gain: {channels: []}",
       AT "gain.channels: expected the names of the path's channels it runs on, like [C] or "
          "[Ls, Rs]\n");
  x = new_ins("gain"); /* a plugin's port named channels (a DAWproject's): one name */
  sp_ins_word(x, "channels", "L");
  says(x, "gain: {channels: L}", NULL);
  x = new_ins("gain");
  sp_ins_key(x, "t2", false, false, 0, 0, false);
  says(x, "gain: {key: snare}",
       AT "gain.key: 'gain' does not take a sidechain key (compressor, gate and limiter do); "
          "remove 'key'\n");
  x = new_ins("compressor");
  sp_ins_key(x, "t2", false, false, 0, 30, false);
  says(x, "compressor: {key: {from: snare, level: 30 dB}}",
       AT "compressor.key.level: 30 dB is out of range; expected -inf dB .. 24 dB\n");
  x = new_ins("compressor");
  sp_ins_names(x, "detect", (const char *const[]){"L"}, 1);
  says(x, "compressor: {detect: [L]}", NULL);
  x = new_ins("compressor");
  sp_ins_names(x, "detect", (const char *const[]){"L"}, 1);
  sp_ins_key(x, "t2", false, false, 0, 0, false);
  says(x, "compressor: {detect: [L], key: snare}",
       AT "compressor.detect: a key replaces what the detector hears");
  /* the names read beside a key too (the rule across them is the
   * check's, issue 88): none said as none, by both */
  x = new_ins("compressor");
  sp_ins_names(x, "detect", NULL, 0);
  sp_ins_key(x, "t2", false, false, 0, 0, false);
  says(x, "compressor: {detect: [], key: snare}",
       AT "compressor.detect: expected the names of the channels its detector hears, like [C] or "
          "[Ls, Rs]\n");
}

/* A plugin's insert (the tests' LV2 bundle): its ports' values as the
 * parser reads them (a choice's label, a switch, a number), a port the
 * class holds, keys it does not take, a preset and a state file, a
 * plugin not installed. */
Test(build_insert, a_sessions_plugin_is_said_as_the_parser_says_it)
{
#define PEAK "lv2: {plugin: \"urn:stemprint:test:peak\", "
  sp_ins *x = plugin("urn:stemprint:test:peak");
  sp_ins_moving(x, "detector", PTS(SP_INS_PTS_NUMBERS, SP_UNIT_NUMBER, 0, 0, 1, 3));
  says(x, PEAK "detector: [[0 s, 0], [1 s, 3]]}",
       AT "lv2.detector[1][1]: '3' is not a detector of 'stemprint test peak'; expected one of: "
          "Peak, Power\n");
  x = plugin("urn:stemprint:test:peak");
  sp_ins_points *v = sp_ins_points_new(SP_INS_PTS_LABELS, SP_UNIT_NUMBER);
  sp_ins_points_add(v, 0, 0, "Peak");
  sp_ins_points_add(v, 1, 0, "Peek");
  v->linear = true;
  sp_ins_moving(x, "detector", v);
  says(x, PEAK "detector: {ramp: linear, points: [[0 s, \"Peak\"], [1 s, \"Peek\"]]}}",
       AT "lv2.detector.points[1][1]: 'Peek' is not a detector of 'stemprint test peak'; did "
          "you mean 'Peak'? (one of: Peak, Power)\n");
  x = plugin("urn:stemprint:test:peak"); /* a label no choice has, a switch for a number */
  sp_ins_string(x, "detector", "Peek");
  sp_ins_bool(x, "threshold", true);
  says(x, PEAK "detector: \"Peek\", threshold: true}",
       AT "lv2.detector: 'Peek' is not a detector of 'stemprint test peak'; did you mean 'Peak'? "
          "(one of: Peak, Power)\n" AT
          "lv2.threshold: expected a value like '-3 dB' or '-inf dB', got 'true'\n");
  x = plugin("urn:stemprint:test:peak");
  sp_ins_moving(x, "threshold", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1));
  says(x, PEAK "threshold: [[0 s, false], [1 s, true]]}",
       AT "lv2.threshold[0][1]: expected a value like '-3 dB' or '-inf dB', got 'false'\n");
  sp_ins *peak = plugin("urn:stemprint:test:peak");
  sp_ins_moving(peak, "threshold",
                in_beats(PTS(SP_INS_PTS_NUMBERS, SP_UNIT_DB, 0, -20, 1, -10),
                         (const double[][3]){{0, 0, 120}, {2, 4, 120}, {1, 8, 120}}, 3));
  says(peak,
       PEAK "threshold: {tempo: [{at: 0 s, beat: 0, bpm: 120}, {at: 2 s, beat: 4, bpm: 120}, {at: "
            "1 s, beat: 8, bpm: 120}], points: [[0 s, -20 dB], [1 s, -10 dB]]}}",
       AT "lv2.threshold.tempo[2]: a tempo point comes after the one before it");
  x = plugin("urn:stemprint:test:peak");
  sp_ins_moving(x, "sidech", PTS(SP_INS_PTS_SWITCHES, SP_UNIT_NUMBER, 0, 0, 1, 1));
  says(x, PEAK "sidech: [[0 s, false], [1 s, true]]}",
       AT "lv2.sidech: 'sidech' of 'stemprint test peak' is not a parameter here: ");
  x = plugin("urn:stemprint:test:gain");
  sp_ins_number(x, "colour", 1, SP_UNIT_NUMBER);
  sp_ins_names(x, "detect", (const char *const[]){"L"}, 1);
  sp_ins_bool(x, "widen", true);
  char *said = said_as_read(
      x, false, "lv2: {plugin: \"urn:stemprint:test:gain\", colour: 1, detect: [L], widen: true}");
  cr_expect(strstr(said, AT "lv2.colour: unknown key 'colour' in the parameters of 'stemprint "
                            "test gain'; expected one of: gain, delay, bypass, channels, plugin, "
                            "preset, state\n"),
            "%s", said);
  cr_expect(strstr(said, AT "lv2.widen: 'widen' is for a plugin with one input and two outputs"),
            "%s", said);
  free(said);
  x = plugin("urn:stemprint:test:gain"); /* a port past its range: the check's (issue 88) */
  sp_ins_number(x, "gain", 20, SP_UNIT_DB);
  says(x, "lv2: {plugin: \"urn:stemprint:test:gain\", gain: 20 dB}",
       AT "lv2.gain: 20 dB is out of range; expected -60 dB .. 12 dB\n");
  x = plugin("urn:stemprint:test:widen");
  sp_ins_number(x, "widen", 1, SP_UNIT_NUMBER);
  sp_ins_word(x, "feed", "middle");
  says(x, "lv2: {plugin: \"urn:stemprint:test:widen\", widen: 1, feed: middle}",
       AT "lv2.feed: expected 'left', 'right' or 'mid' (");
  x = plugin("urn:stemprint:test:stash");
  sp_ins_string(x, "preset", "louder");
  says(x, "lv2: {plugin: \"urn:stemprint:test:stash\", preset: \"louder\"}", NULL);
  /* a number given for the state file (a port named state): refused, where
   * its text was taken as the file's name ("1") before (issue 88) */
  x = plugin("urn:stemprint:test:stash");
  sp_ins_number(x, "state", 1, SP_UNIT_NUMBER);
  said = built_says(x);
  cr_expect_str_eq(said, AT "lv2.state: expected a state file's path (relative to the recipe), "
                            "got '1'\n");
  free(said);
  x = plugin("urn:stemprint:test:stash");
  sp_ins_string(x, "preset", "loudest");
  says(x, "lv2: {plugin: \"urn:stemprint:test:stash\", preset: \"loudest\"}", AT "lv2.preset: ");
  says(plugin("urn:stemprint:test:nosuch"), "lv2: {plugin: \"urn:stemprint:test:nosuch\"}",
       AT "lv2.plugin: no LV2 plugin 'urn:stemprint:test:nosuch' is installed here");
#undef PEAK
}

/* An insert's words YAML would read as a null (`~`, `null`) are the words
 * the reader gave, as the recipe's writer quotes them: refused where
 * another value is expected, and a channel named NULL taken, where they
 * were read as the null a text that wrote them plain would hold ("got
 * nothing", the channel refused; issue 88). An empty one is nothing. */
Test(build_insert, words_a_reader_gives_are_taken_as_given)
{
  sp_ins *x = new_ins("compressor");
  sp_ins_word(x, "threshold", "~");
  sp_ins_word(x, "makeup", "null");
  sp_ins_word(x, "bypass", "");
  sp_ins_names(x, "channels", (const char *const[]){"L", "NULL", ""}, 3);
  char *said = said_as_read(
      x, false,
      "compressor: {threshold: \"~\", makeup: \"null\", bypass: , channels: [L, \"NULL\", ~]}");
  cr_expect_str_eq(said, AT "compressor.bypass: expected true or false, got nothing\n" AT
                            "compressor.channels[2]: expected a channel's name (L, R, C, LFE, Ls "
                            "...), got nothing\n" AT
                            "compressor.makeup: expected a value like '-3 dB' or '-inf dB' or "
                            "'auto' (the gain the curve takes from a 0 dB level), got 'null'\n" AT
                            "compressor.threshold: expected a value like '-18 dBFS', got '~'\n");
  free(said);
}

/* What the builder says of one insert is what the parser says of the same
 * text, in the order the reader gave the values (those of a value left
 * out share the insert's place, and are printed in that order), what it
 * needs and its key's after them; a value out of its range the check's,
 * after the reading's. */
Test(build_insert, an_inserts_messages_come_in_the_order_it_was_given)
{
  sp_ins *x = new_ins("compressor");
  sp_ins_names(x, "channels", NULL, 0);
  sp_ins_number(x, "bypass", 1, SP_UNIT_NUMBER);
  sp_ins_word(x, "ratio", "");
  sp_ins_number(x, "knee", 40, SP_UNIT_DB);
  sp_ins_word(x, "threshold", "loud");
  sp_ins_key(x, "t2", false, false, 0, 30, false);
  sp_diags d, said;
  sp_diags_init(&d);
  sp_diags_init(&said);
  sp_mix m;
  sp_mix_init(&m, "song.dawproject", false, &d);
  sp_mix_strip *t = sp_mix_add(&m, SP_MIX_TRACK, "t1", "kick");
  sp_mix_region_add(sp_mix_add(&m, SP_MIX_TRACK, "t2", "snare"), "snare.wav", 0, 0, 1, 0, 0);
  sp_mix_region_add(t, "kick.wav", 0, 0, 1, 0, 0);
  sp_ins_put(t, x, false);
  cr_assert_eq(sp_mix_finish(&m, "tracks"), SP_OK);
  char *oracle = sp_mix_yaml(&m); /* before the build, which takes the regions */
  sp_recipe *built = sp_test_session_recipe(&m, "/work/song.yaml", &said);
  char *yaml = with_hand(oracle,
                         "compressor: {channels: [], bypass: 1, ratio: , knee: 40 dB, "
                         "threshold: loud, key: {from: snare, level: 30 dB}}",
                         false);
  sp_recipe *read = NULL;
  sp_recipe_parse_string("/work/song.yaml", yaml, &read, &d);
  cr_assert_not_null(built);
  cr_assert_eq(said.n, 6);
  cr_assert_eq(sp_diags_errors(&d), said.n, "%s", yaml);
  static const char *const order[] = {"channels",  "bypass", "ratio",
                                      "threshold", "knee",   "key.level"};
  for (size_t i = 0; i < said.n; i++) {
    char *want = sp_xasprintf(AT "compressor.%s", order[i]);
    cr_expect_str_eq(said.v[i].path, want);
    size_t k = 0; /* the parser's message of the same path, in the same words */
    while (k < d.n && strcmp(d.v[k].path, want) != 0)
      k++;
    cr_assert_lt(k, d.n, "%s", want);
    cr_expect_str_eq(said.v[i].msg, d.v[k].msg);
    free(want);
  }
  free(oracle);
  free(yaml);
  sp_recipe_free(built);
  sp_recipe_free(read);
  sp_mix_fini(&m);
  sp_diags_fini(&said);
  sp_diags_fini(&d);
}
