/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insert setter (core/recipe/build_insert.h): each shape of a typed
 * value a parameter takes, and each refusal, in the words the parser says
 * them (no renders: a table's rules only). */

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "core/recipe/build_insert.h"
#include "io/session/mix.h"

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
 * parameters done, the rest (an insert's own keys, text) left. */
Test(build_insert, a_session_insert_set_from_its_typed_values)
{
  sp_mix_insert *x = sp_mix_insert_new("compressor");
  sp_mix_insert_number(x, "threshold", -30, SP_UNIT_DBFS);
  sp_mix_insert_word(x, "makeup", "auto");
  sp_mix_insert_bool(x, "bypass", true);
  sp_mix_insert_set(x, "ratio", "[[0 s, 2], [1 s, 4]]");
  sp_insert ins = begin("compressor", 1);
  bool done[4];
  cr_assert_eq(sp_mix_insert_params(x, &ins, 48000, done, why, sizeof why), SP_OK, "%s", why);
  cr_assert(done[0] && done[1] && !done[2] && !done[3]);
  cr_assert_eq(param(&ins, 0, "threshold"), -30);
  cr_assert_eq(param(&ins, 0, "makeup"), -1);
  sp_mix_insert_number(x, "knee", 40, SP_UNIT_DB);
  bool done5[5];
  cr_assert_eq(sp_mix_insert_params(x, &ins, 48000, done5, why, sizeof why), SP_ERR_USAGE);
  cr_assert_str_eq(why, "knee: 40 dB is out of range; expected 0 dB .. 36 dB");
  sp_insert_fini(&ins);
  sp_mix_insert_free(x);
}
