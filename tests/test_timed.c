/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timed values (io/recipe/parse_values.c), read from recipe text: each form
 * a value that moves is written in (a constant, a list of points, a list
 * held in beats, a level's ramp, a port's line, held steps) for each kind
 * of value that takes it (fader, trim, send, pan, width, ADM position,
 * envelope, mute, polarity, bypass, a plugin's number, switch and choice),
 * into the model; and each bad form, said at its place. */

#include "core/base/alloc.h"
#include "core/procs/lv2.h"
#include "core/procs/proc.h"
#include "core/recipe/recipe.h"
#include "core/recipe/writer.h"
#include "io/lv2/lv2.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  sp_lv2_use_host(sp_lilv_host());
}

TestSuite(timed, .init = setup);

/* The recipe of one track a with fields, and a bus v; its messages into
 * *said (heap) when said is not NULL. */
static sp_recipe *parse(const char *fields, char **said)
{
  char text[1024];
  snprintf(text, sizeof text, "stemprint: 1\ntracks:\n  a: {%s}\nbuses:\n  v: {}\n", fields);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  const sp_err err = sp_recipe_parse_string("r.yaml", text, &r, &d);
  size_t len = 0;
  char *buf = NULL;
  FILE *f = open_memstream(&buf, &len);
  sp_diags_print(&d, f);
  fclose(f);
  sp_diags_fini(&d);
  if (said)
    *said = buf;
  else
    free(buf);
  if (err != SP_OK) {
    sp_recipe_free(r);
    return NULL;
  }
  return r;
}

static const sp_auto *gain(const sp_recipe *r) { return &r->tracks[0].strip.gain; }
static const sp_auto *trim(const sp_recipe *r) { return &r->tracks[0].strip.trims; }
static const sp_auto *pan(const sp_recipe *r) { return &r->tracks[0].strip.pan.plain; }
static const sp_auto *width(const sp_recipe *r) { return &r->tracks[0].strip.widths; }
static const sp_auto *send_level(const sp_recipe *r) { return &r->tracks[0].strip.sends[0].level; }
static const sp_auto *send_pan(const sp_recipe *r)
{
  return &r->tracks[0].strip.sends[0].pan.plain;
}
static const sp_auto *azimuth(const sp_recipe *r) { return &r->tracks[0].strip.pan.pos.azimuth; }
static const sp_auto *elevation(const sp_recipe *r)
{
  return &r->tracks[0].strip.pan.pos.elevation;
}
static const sp_auto *envelope(const sp_recipe *r) { return &r->tracks[0].regions[0].envelope; }
static const sp_auto *mutes(const sp_recipe *r) { return &r->tracks[0].strip.mutes; }
static const sp_auto *inverts(const sp_recipe *r) { return &r->tracks[0].strip.invert.moves; }
static const sp_auto *bypass(const sp_recipe *r) { return &r->tracks[0].strip.inserts[0].bypasses; }
/* the first insert's parameter named as the row says */
static const sp_auto *port(const sp_recipe *r, const char *name)
{
  const sp_insert *ins = &r->tracks[0].strip.inserts[0];
  const int k = sp_proc_param_index(ins->cls, name);
  cr_assert_geq(k, 0, "no port %s", name);
  static const sp_auto none;
  return ins->automation ? &ins->automation[k] : &none;
}
static const sp_auto *mode(const sp_recipe *r) { return port(r, "mode"); }
static const sp_auto *flip(const sp_recipe *r) { return port(r, "flip"); }
static const sp_auto *freq(const sp_recipe *r) { return port(r, "freq"); }

#define PROBE "file: m.wav, inserts: [{lv2: {plugin: urn:stemprint:test:probe, "

/* Each form of each kind, as the model holds it. */
Test(timed, each_form_of_each_kind)
{
  static const struct {
    const char *fields;
    const sp_auto *(*at)(const sp_recipe *);
    size_t n;     /* points (0: a constant) */
    double value; /* the constant, or the first point's */
    bool tempo;   /* read through a tempo map */
    sp_ramp ramp;
  } rows[] = {
      /* a level: a fader, a trim, a send */
      {"file: m.wav, gain: -6 dB", gain, 0, -6, false, SP_RAMP_DB},
      {"file: m.wav, gain: [[0, -6 dB], [1 s, 0 dB]]", gain, 2, -6, false, SP_RAMP_DB},
      {"file: m.wav, gain: {points: [[0, -3 dB], [1 s, 0 dB]]}", gain, 2, -3, false, SP_RAMP_DB},
      {"file: m.wav, gain: {ramp: ardour, tempo: 120, points: [[0, -6 dB], [1 s, 0 dB]]}", gain, 2,
       -6, true, SP_RAMP_LIST},
      {"file: m.wav, gain: {ramp: declick, start: -10 dB, points: [[0, -6 dB], [1 s, 0 dB]]}", gain,
       2, -6, false, SP_RAMP_DECLICK},
      {"file: m.wav, trim: [[0, -6 dB], [1 s, 0 dB]]", trim, 2, -6, false, SP_RAMP_DB},
      {"file: m.wav, trim: {ramp: ardour, points: [[0, -2 dB]]}", trim, 1, -2, false, SP_RAMP_LIST},
      {"file: m.wav, sends: [{to: v, level: -12 dB}]", send_level, 0, -12, false, SP_RAMP_DB},
      {"file: m.wav, sends: [{to: v, level: [[0, -6 dB], [1 s, 0 dB]]}]", send_level, 2, -6, false,
       SP_RAMP_DB},
      /* a pan, a width, an ADM position */
      {"file: m.wav, pan: 0.25", pan, 0, 0.25, false, SP_RAMP_DB},
      {"file: m.wav, pan: [[0, -1], [1 s, 1]]", pan, 2, -1, false, SP_RAMP_DB},
      {"file: m.wav, pan: {tempo: 97, points: [[0, -1], [4 s, 1]]}", pan, 2, -1, true, SP_RAMP_DB},
      {"file: m.wav, width: [[0, 0], [1 s, 1]]", width, 2, 0, false, SP_RAMP_DB},
      {"file: m.wav, width: {tempo: 97, points: [[0, 0.5]]}", width, 1, 0.5, true, SP_RAMP_DB},
      {"file: m.wav, sends: [{to: v, pan: {tempo: 97, points: [[0, -1], [1 s, 1]]}}]", send_pan, 2,
       -1, true, SP_RAMP_DB},
      {"file: m.wav, pan: {azimuth: [[0, 30], [1 s, -30]], elevation: 10}", azimuth, 2, 30, false,
       SP_RAMP_DB},
      {"file: m.wav, pan: {azimuth: 30, elevation: {tempo: 97, points: [[0, 0], [1 s, 45]]}}",
       elevation, 2, 0, true, SP_RAMP_DB},
      /* a region's envelope */
      {"regions: [{file: m.wav, envelope: [[0, -6 dB], [1 s, 0 dB]]}]", envelope, 2, -6, false,
       SP_RAMP_DB},
      {"regions: [{file: m.wav, envelope: -3 dB}]", envelope, 0, -3, false, SP_RAMP_DB},
      {"regions: [{file: m.wav, envelope: {ramp: ardour, points: [[0, -6 dB], [1 s, 0 dB]]}}]",
       envelope, 2, -6, false, SP_RAMP_LIST},
      {"regions: [{file: m.wav, envelope: {points: [[0, -2 dB]]}}]", envelope, 1, -2, false,
       SP_RAMP_DB},
      /* as an Ardour envelope of another interpolation-style */
      {"regions: [{file: m.wav, envelope: {ramp: ardour, interpolation: linear, points: [[0, -6 "
       "dB], [1 s, 0 dB]]}}]",
       envelope, 2, -6, false, SP_RAMP_LIST},
      /* settings: a mute, a polarity, a bypass */
      {"file: m.wav, mute: [[0, false], [1 s, true]]", mutes, 2, 0, false, SP_RAMP_DB},
      {"file: m.wav, invert: [[0, true], [1 s, [true, false]]]", inverts, 2, (double)UINT32_MAX,
       false, SP_RAMP_DB},
      {"file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: [[0, false], [1 s, true]]}}]", bypass, 2,
       0, false, SP_RAMP_DB},
      {"file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: {tempo: 120, points: [[0, true], [1 "
       "s, false]]}}}]",
       bypass, 2, 1, true, SP_RAMP_DB},
      /* a plugin's ports: a choice and a switch held (each point after the
       * first made a hold and a jump), or in a line; a number */
      {PROBE "mode: [[0, Off], [1 s, Full]]}}]", mode, 3, 0, false, SP_RAMP_DB},
      {PROBE "mode: {ramp: linear, points: [[0, Off], [1 s, Full]]}}}]", mode, 2, 0, false,
       SP_RAMP_LINEAR},
      {PROBE "mode: {tempo: 120, points: [[0, Half], [1 s, Off], [2 s, Full]]}}}]", mode, 5, 1,
       true, SP_RAMP_DB},
      {PROBE "flip: [[0, false], [1 s, true]]}}]", flip, 3, 0, false, SP_RAMP_DB},
      {PROBE "freq: [[0, 100 Hz], [1 s, 1000 Hz]]}}]", freq, 2, 100, false, SP_RAMP_DB},
      {PROBE "freq: {ramp: linear, tempo: 97, points: [[0, 100 Hz], [1 s, 1000 Hz]]}}}]", freq, 2,
       100, true, SP_RAMP_LINEAR},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char *said = NULL;
    sp_recipe *r = parse(rows[i].fields, &said);
    cr_assert_not_null(r, "row %zu (%s): %s", i, rows[i].fields, said);
    const sp_auto *a = rows[i].at(r);
    cr_expect_eq(a->n, rows[i].n, "row %zu (%s): %zu points", i, rows[i].fields, a->n);
    cr_expect_eq(a->value, rows[i].value, "row %zu (%s): value %g", i, rows[i].fields, a->value);
    cr_expect_eq(a->tempo != NULL, rows[i].tempo, "row %zu (%s): tempo", i, rows[i].fields);
    cr_expect_eq(a->ramp, rows[i].ramp, "row %zu (%s): ramp %d", i, rows[i].fields, a->ramp);
    for (size_t j = 1; j < a->n; j++) /* in time order, a point never moves back */
      cr_expect_geq(a->points[j].t.seconds, a->points[j - 1].t.seconds, "row %zu", i);
    sp_recipe_free(r);
    free(said);
  }
}

/* A held choice holds each setting up to the next point, then jumps. */
Test(timed, steps_hold_then_jump)
{
  sp_recipe *r = parse(PROBE "mode: [[0, Off], [1 s, Full], [2 s, Half]]}}]", NULL);
  cr_assert_not_null(r);
  const sp_auto *a = mode(r);
  static const double t[] = {0, 1, 1, 2, 2}, v[] = {0, 0, 2, 2, 1};
  cr_assert_eq(a->n, 5);
  for (size_t i = 0; i < 5; i++) {
    cr_expect_eq(a->points[i].t.seconds, t[i], "point %zu", i);
    cr_expect_eq(a->points[i].v, v[i], "point %zu", i);
  }
  sp_recipe_free(r);
}

/* A bypass of one setting, or of points that all agree, is that bypass. */
Test(timed, a_bypass_that_does_not_move_is_fixed)
{
  static const char *const rows[] = {
      "file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: true}}]",
      "file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: [[0, true], [1 s, true]]}}]",
  };
  for (size_t i = 0; i < 2; i++) {
    sp_recipe *r = parse(rows[i], NULL);
    cr_assert_not_null(r);
    cr_expect(r->tracks[0].strip.inserts[0].bypass, "row %zu", i);
    cr_expect_eq(bypass(r)->n, 0, "row %zu", i);
    sp_recipe_free(r);
  }
}

/* Each bad form, at its place, with what was expected. */
Test(timed, bad_forms_said_at_their_place)
{
  static const struct {
    const char *fields, *says;
  } rows[] = {
      {"file: m.wav, gain: []", "r.yaml:3:26: tracks.a.gain: automation needs at least one [time, "
                                "value] point, like [[0, -6 dB], [2 s, 0 dB]]; or give one value"},
      {"file: m.wav, gain: [[0, -6 dB], [1 s]]",
       "tracks.a.gain[1]: an automation point is [time, value], like [1.5 s, -6 dB]; got a list "
       "of 1 item"},
      /* every bad point is said, not the first alone */
      {"file: m.wav, gain: [[0, 99 dB], [1 s, 99 dB]]",
       "tracks.a.gain[0][1]: 99 dB is out of range"},
      {"file: m.wav, gain: [[0, 99 dB], [1 s, 99 dB]]",
       "tracks.a.gain[1][1]: 99 dB is out of range"},
      {"file: m.wav, gain: {tempo: 97, vca: []}",
       "tracks.a.gain: a level's automation needs 'points: [[time, level], ...]'"},
      {"file: m.wav, gain: {ramp: db, tempo: 97, points: [[0, 0 dB]]}",
       "tracks.a.gain.tempo: a tempo is the one an Ardour list held in beats is read at; give "
       "'ramp: ardour' beside it"},
      {"file: m.wav, gain: {ramp: ardour, points: [[0, 0 dB]], vca: [0 dB]}",
       "tracks.a.gain.vca[0]: expected a list of [time, level] points, like [[0, -6 dB], [2 s, 0 "
       "dB]], or {tempo: ..., points: [...]} for a list held in beats"},
      {"file: m.wav, gain: {ramp: ardour, points: [[0, 0 dB]], vca: [{tempo: 97}]}",
       "tracks.a.gain.vca[0]: a VCA's automation needs 'points: [[time, level], ...]'"},
      {"file: m.wav, gain: {ramp: ardour, points: [[0, 0 dB]], vca: [{tempo: 97, points: 3}]}",
       "tracks.a.gain.vca[0].points: expected a list of [time, level] points, like [[0, -6 dB], "
       "[2 s, 0 dB]]"},
      {"file: m.wav, width: {tempo: 97}",
       "tracks.a.width: a value's automation needs 'points: [[time, value], ...]'"},
      {"file: m.wav, pan: {tempo: 97, points: 0.5}",
       "tracks.a.pan.points: expected a list of [time, value] points, like [[0, 0.5], [2 s, 0]]"},
      {"file: m.wav, pan: {tempo: 0, points: [[0, 0.5]]}",
       "tracks.a.pan.tempo: 0 is out of range; expected 1 .. 1000"},
      {"file: m.wav, width: {ramp: ardour, points: [[0, 1]]}",
       "tracks.a.width: pans move linearly; 'ramp' is for levels"},
      {"file: m.wav, pan: {azimuth: {tempo: 97, points: [[0, 200]]}}",
       "tracks.a.pan.azimuth.points[0][1]: 200 is out of range; expected -180 .. 180"},
      {"regions: [{file: m.wav, envelope: {ramp: declick, points: [[0, 0 dB]]}}]",
       "tracks.a.regions[0].envelope.ramp: an envelope moves between its points along Ardour's "
       "fader law, frame by frame (db) or as Ardour's export reads it (ardour); give one of "
       "those"},
      {"regions: [{file: m.wav, envelope: {interpolation: linear, points: [[0, 0 dB]]}}]",
       "tracks.a.regions[0].envelope.interpolation: an interpolation is how a level moved as "
       "Ardour's moves between its points; give 'ramp: ardour' beside it"},
      {"regions: [{file: m.wav, envelope: {ramp: ardour}}]",
       "tracks.a.regions[0].envelope: a level's automation needs 'points: [[time, level], ...]'"},
      {"regions: [{file: m.wav, envelope: {ramp: fast, points: [[0, 0 dB]]}}]",
       "tracks.a.regions[0].envelope.ramp: expected"},
      {"file: m.wav, mute: [[1 s, true], [0, false]]",
       "r.yaml:3:41: tracks.a.mute[1][0]: automation points must be in time order: this point at "
       "0 s comes after one at 1 s; sort the points by time"},
      {"file: m.wav, mute: [true, false]",
       "tracks.a.mute: a moving mute is a list of [time, true or false] points in time order"},
      {"file: m.wav, invert: [[0, false], [1 s, maybe]]",
       "tracks.a.invert[1][1]: expected true or false, got 'maybe'"},
      {"file: m.wav, invert: [[0, false], [1 s, true, false]]",
       "tracks.a.invert[1]: a moving polarity is a list of [time, setting] points in time order"},
      {"file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: {tempo: 97, points: [[0, true]], "
       "ramp: linear}}}]",
       "tracks.a.inserts[0].gain.bypass.ramp: unknown key 'ramp' in a moving bypass"},
      {"file: m.wav, inserts: [{gain: {gain: 0 dB, bypass: {tempo: 97, points: yes}}}]",
       "tracks.a.inserts[0].gain.bypass.points: a moving bypass is a list of [time, true or "
       "false] points"},
      {PROBE "mode: {ramp: steps, points: [[0, Off]]}}}]",
       "tracks.a.inserts[0].lv2.mode.ramp: expected 'linear'"},
      {PROBE "mode: [[0, Off], [1 s, Ful]]}}]",
       "tracks.a.inserts[0].lv2.mode[1][1]: 'Ful' is not a mode of 'stemprint test probe'; did "
       "you mean 'Full'?"},
      {PROBE "mode: [[1 s, Off], [0, Full]]}}]",
       "tracks.a.inserts[0].lv2.mode[1][0]: automation points must be in time order"},
      {PROBE "flip: [true, false]}}]",
       "tracks.a.inserts[0].lv2.flip: a moving switch is a list of [time, true or false] points "
       "in time order, like [[0, false], [2 s, true]]"},
      {PROBE "flip: {ramp: linear}}}]",
       "tracks.a.inserts[0].lv2.flip: a moving parameter needs 'points: [[time, true or false], "
       "...]'"},
      {PROBE "freq: [[0, 100 Hz], [1 s, 30000 Hz]]}}]",
       "tracks.a.inserts[0].lv2.freq[1][1]: 30000 Hz is out of range"},
      {PROBE "freq: {tempo: 97, points: [[0, 100 Hz], [1 s, 1000 Hz]], speed: 2}}}]",
       "tracks.a.inserts[0].lv2.freq.speed: unknown key 'speed' in a moving parameter"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char *said = NULL;
    sp_recipe *r = parse(rows[i].fields, &said);
    cr_expect_null(r, "row %zu (%s) parsed", i, rows[i].fields);
    sp_recipe_free(r);
    cr_expect(strstr(said, rows[i].says), "row %zu: no '%s' in:\n%s", i, rows[i].says, said);
    free(said);
  }
}

/* Points out of time order are said once a list, at the first, with how
 * many after it are too: before, each later point had its own error
 * ("this point at 1.5 s comes after one at 2 s", then 2.5 s after 3 s).
 * A point out of order and one out of range are each said. */
Test(timed, points_out_of_order_said_once_a_list)
{
  static const struct {
    const char *fields, *says;
  } rows[] = {
      {"file: m.wav, gain: [[0, 0 dB], [2 s, 0 dB], [1 s, 0 dB], [1.5 s, 0 dB], [3 s, 0 dB], "
       "[2.5 s, 0 dB]]",
       "r.yaml:3:52: tracks.a.gain[2][0]: automation points must be in time order: this point at "
       "1 s comes after one at 2 s, as do 2 points after it; sort the points by time\n"},
      {"file: m.wav, mute: [[1 s, true], [0, false]]",
       "r.yaml:3:41: tracks.a.mute[1][0]: automation points must be in time order: this point at "
       "0 s comes after one at 1 s; sort the points by time\n"},
      {"file: m.wav, pan: [[1 s, 0], [0, 0], [0.5 s, 2]]",
       "r.yaml:3:37: tracks.a.pan[1][0]: automation points must be in time order: this point at "
       "0 s comes after one at 1 s; sort the points by time\n"
       "stemprint: error: r.yaml:3:52: tracks.a.pan[2][1]: 2 is out of range; expected -1 .. 1\n"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char *said = NULL;
    cr_expect_null(parse(rows[i].fields, &said), "row %zu", i);
    char *want = sp_xasprintf("stemprint: error: %s", rows[i].says);
    cr_expect_str_eq(said, want, "row %zu:\n%s", i, said);
    free(want);
    free(said);
  }
}

/* A fader of 50,000 points, each out of its range: each said at its own
 * place by the recipe's check, which finds the places in log time (the
 * recipe notes three a point), so many bad points take no longer to say
 * than to read (a place looked for one by one took 50 s here). */
Test(timed, many_points_out_of_range_said_at_their_places, .timeout = TU_TIMEOUT(20))
{
  enum { N = 50000 };
  sp_writer w = {0};
  sp_write(&w, "stemprint: 1\ntracks:\n  a: {file: m.wav, gain: [");
  for (size_t i = 0; i < N; i++)
    sp_write(&w, "%s[%zu smp, 30 dB]", i ? ", " : "", i);
  sp_write(&w, "]}\n");
  char *text = sp_writer_take(&w);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  cr_expect_neq(sp_recipe_parse_string("r.yaml", text, &r, &d), SP_OK);
  cr_expect_eq(sp_diags_errors(&d), N);
  const char *at = strstr(text, "[49999 smp, 30 dB]");
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    if (d.v[i].path && strcmp(d.v[i].path, "tracks.a.gain[49999][1]") == 0) {
      found = true;
      cr_expect_eq(d.v[i].pos.line, 3);
      const char *line3 = strchr(strchr(text, '\n') + 1, '\n') + 1;
      cr_expect_eq(d.v[i].pos.col, (int)(at - line3) + (int)strlen("[49999 smp, ") + 1);
      cr_expect_str_eq(d.v[i].msg, "30 dB is out of range; expected -inf dB .. 24 dB");
    }
  cr_expect(found);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(text);
}

/* A moving trim's points are held to the trim's own range (-inf .. 48
 * dB), as its plain value is; they were held to a fader's (.. 24 dB), so
 * `trim: 30 dB` was taken and `trim: [[0, 30 dB], [0.2 s, 30 dB]]` not. */
Test(timed, a_moving_trim_in_its_rows_range)
{
  static const struct {
    const char *trim;
    size_t errors;
  } rows[] = {{"30 dB", 0}, {"[[0, 30 dB], [0.2 s, 30 dB]]", 0}, {"[[0, 50 dB], [0.2 s, 0 dB]]", 1}};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: m.wav, trim: %s}\n", rows[i].trim);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    sp_recipe_parse_string("r.yaml", text, &r, &d);
    cr_expect_eq(sp_diags_errors(&d), rows[i].errors, "%s: %s", rows[i].trim,
                 d.n ? d.v[0].msg : "");
    if (rows[i].errors)
      cr_expect_str_eq(d.v[0].msg, "50 dB is out of range; expected -inf dB .. 48 dB");
    sp_recipe_free(r);
    sp_diags_fini(&d);
    free(text);
  }
}
