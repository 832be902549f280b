/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broken recipes, as a user meets them: each row is a recipe with one
 * mistake, run through the real stemprint binary with `check` and with
 * `render`. Each must exit with its status, print `r.yaml:LINE:COL: key:`
 * and a message that says what to fix, and leave no file behind. The
 * reported position is also checked against the recipe text itself: the
 * text at LINE:COL must be the token at fault, so a position cannot be
 * encoded wrong in this table without the test noticing. */

#include "core/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
  const char *name;
  const char *recipe;
  int status;        /* exit status of check and render */
  const char *where; /* "r.yaml:L:C: key.path:" as printed */
  const char *says;  /* a fragment of the message */
  const char *token; /* the recipe text found at L:C ("" for end of file) */
} row;

#define V "stemprint: 1\n"
#define T "tracks:\n  a: {file: m.wav}\n"

static const row rows[] = {
    {"yaml_unclosed_flow", V "tracks:\n  a: {file: m.wav\n", 2,
     "r.yaml:4:1: ", "YAML syntax error: did not find expected ',' or '}'", ""},
    {"yaml_bad_indentation", V "tracks:\n  a:\n    file: m.wav\n   gain: 3\n", 2,
     "r.yaml:5:4: ", "YAML syntax error", "gain"},
    {"yaml_duplicate_key", V "tracks:\n  a: {file: m.wav, gain: 1, gain: 2}\n", 2,
     "r.yaml:3:29: tracks.a.gain:", "duplicate key (first written at line 3)", "gain: 2"},
    {"missing_version", T, 2, "r.yaml:1:1: stemprint:", "add 'stemprint: 1'", "tracks"},
    {"unknown_version", "stemprint: 2\n" T, 2,
     "r.yaml:1:12: stemprint:", "recipe format '2' is not known", "2"},
    {"unknown_top_key", V "trakcs:\n  a: {file: m.wav}\n" T, 2,
     "r.yaml:2:1: trakcs:", "did you mean 'tracks'?", "trakcs"},
    {"unknown_track_key", V "tracks:\n  a: {file: m.wav, gian: 3}\n", 2,
     "r.yaml:3:20: tracks.a.gian:", "did you mean 'gain'?", "gian"},
    {"tracks_as_a_list", V "tracks:\n  - m.wav\n", 2,
     "r.yaml:3:3: tracks:", "expected a mapping of track names", "- m.wav"},
    {"gain_as_a_mapping", V "tracks:\n  a: {file: m.wav, gain: {db: 3}}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "expected a value like '-3 dB'", "{db: 3}"},
    {"mute_yes", V "tracks:\n  a: {file: m.wav, mute: yes}\n", 2,
     "r.yaml:3:26: tracks.a.mute:", "expected true or false, got 'yes'", "yes"},
    {"unit_case", V "tracks:\n  a: {file: m.wav, gain: -3 db}\n", 2,
     "r.yaml:3:26: tracks.a.gain:", "unit 'db' is spelled 'dB'", "-3 db"},
    {"unit_unknown", V "tracks:\n  a: {file: m.wav, fade_in: 5 parsecs}\n", 2,
     "r.yaml:3:29: tracks.a.fade_in:", "expected a time like '10 ms'", "5 parsecs"},
    {"pan_out_of_range", V "tracks:\n  a: {file: m.wav, pan: 2}\n", 2,
     "r.yaml:3:25: tracks.a.pan:", "2 is out of range; expected -1 .. 1", "2"},
    {"sample_rate_too_low", V "sample_rate: 1000\n" T, 2,
     "r.yaml:2:14: sample_rate:", "1000 Hz is out of range; expected 8000 Hz .. 768000 Hz", "1000"},
    {"clock_seconds_over_59", V "tracks:\n  a: {file: m.wav, at: \"1:75\"}\n", 2,
     "r.yaml:3:24: tracks.a.at:", "not a time of the form m:ss.fff", "\"1:75\""},
    {"negative_time", V "tracks:\n  a: {file: m.wav, at: -1}\n", 2,
     "r.yaml:3:24: tracks.a.at:", "a time cannot be negative", "-1"},
    {"unknown_bus", V "tracks:\n  a: {file: m.wav, to: drum}\nbuses:\n  drums: {}\n", 2,
     "r.yaml:3:24: tracks.a.to:", "no bus named 'drum'; did you mean 'drums'?", "drum"},
    {"send_to_unknown_bus",
     V "tracks:\n  a: {file: m.wav, sends: [{to: verbb}]}\nbuses:\n  verb: {}\n", 2,
     "r.yaml:3:33: tracks.a.sends[0].to:", "did you mean 'verb'?", "verbb"},
    {"send_to_master", V "tracks:\n  a: {file: m.wav, sends: [{to: master}]}\n", 2,
     "r.yaml:3:33: tracks.a.sends[0].to:", "a send feeds a bus (an aux return), not master",
     "master"},
    {"output_to_a_track", V "tracks:\n  a: {file: m.wav, to: b}\n  b: {file: m.wav}\n", 2,
     "r.yaml:3:24: tracks.a.to:", "'b' is a track", "b"},
    {"cycle_through_to",
     V "tracks:\n  v: {file: m.wav, to: x}\nbuses:\n  x: {to: y}\n  y: {to: x}\n", 2,
     "r.yaml:6:11: buses.y.to:", "routing cycle: x -> y -> x", "x"},
    {"cycle_through_sends",
     V "tracks:\n  v: {file: m.wav, to: verb}\nbuses:\n  verb: {sends: [{to: slap}]}\n"
       "  slap: {to: verb}\n",
     2, "r.yaml:6:14: buses.slap.to:", "routing cycle: verb -> slap -> verb", "verb"},
    {"missing_file", V "tracks:\n  a: {file: nope.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "No such file or directory", "nope.wav"},
    {"garbage_file", V "tracks:\n  a: {file: junk.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "not a readable audio file", "junk.wav"},
    {"three_channels", V "tracks:\n  a: {file: three.wav}\n", 3,
     "r.yaml:3:13: tracks.a.file:", "has 3 channels; stemprint takes mono or stereo", "three.wav"},
    {"from_past_the_end", V "tracks:\n  a: {file: m.wav, from: 1 s}\n", 2,
     "r.yaml:3:26: tracks.a.from:", "at or past the end of 'm.wav' (0.500 s long)", "1 s"},
    {"length_past_the_end", V "tracks:\n  a: {file: m.wav, from: 0.25, length: 0.5}\n", 2,
     "r.yaml:3:40: tracks.a.length:", "at most 0.250 s remain after 'from'", "0.5"},
    {"fades_longer_than_region", V "tracks:\n  a: {file: m.wav, fade_in: 0.3, fade_out: 0.3}\n", 2,
     "r.yaml:3:44: tracks.a.fade_out:", "longer than the region (0.500 s)", "0.3}"},
    {"region_in_a_list_past_the_end",
     V "tracks:\n  a:\n    regions:\n      - {file: m.wav}\n      - {file: m.wav, from: 2}\n", 2,
     "r.yaml:6:29: tracks.a.regions[1].from:", "at or past the end", "2}"},
    {"file_and_regions", V "tracks:\n  a: {file: m.wav, regions: [{file: m.wav}]}\n", 2,
     "r.yaml:3:29: tracks.a:", "give either 'file' (one region) or 'regions'", "[{file"},
    {"track_in_two_stems",
     V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g: {}\nstems:\n  one: [g]\n  two: [a]\n", 2,
     "r.yaml:8:9: stems.two[0]:", "track 'a' is already in stem 'one'", "a]"},
    {"track_in_no_stem", V "tracks:\n  a: {file: m.wav}\n  b: {file: m.wav}\nstems:\n  one: [a]\n",
     2, "r.yaml:6:3: stems:", "track 'b' is in no stem", "one"},
    {"stem_names_unknown_track", V T "stems:\n  one: [aa]\n", 2,
     "r.yaml:5:9: stems.one[0]:", "no track or bus named 'aa'; did you mean 'a'?", "aa"},
    {"split_buses_names_a_non_input",
     V "tracks:\n  a: {file: m.wav, to: g}\nbuses:\n  g: {}\nstems:\n  split: buses\n"
       "  one: [a]\n",
     2, "r.yaml:8:9: stems.one[0]:", "'a' is not one of master's inputs (g)", "a]"},
    {"stem_named_like_the_mix", V T "stems:\n  mix: [a]\n", 2,
     "r.yaml:5:8: stems.mix:", "a stem cannot have the mix's file name 'mix'", "[a]"},
    {"bad_track_name", V "tracks:\n  \"a b\": {file: m.wav}\n", 2,
     "r.yaml:3:3: tracks.a b:", "'a b' is not a valid track name", "\"a b\""},
    {"format_unknown", V T "output: {format: wv}\n", 2,
     "r.yaml:4:18: output.format:", "expected wav, flac, aiff or w64; did you mean 'wav'?", "wv"},
    {"flac_cannot_be_float", V T "output: {format: flac, depth: 32f}\n", 2,
     "r.yaml:4:31: output.depth:", "flac cannot store 32-bit float", "32f"},
    {"depth_32_without_f", V T "output: {depth: 32}\n", 2,
     "r.yaml:4:17: output.depth:", "write '32f'", "32"},
    {"output_dir_through_a_file", V T "output: {dir: blocker/out}\n", 3,
     "r.yaml:4:15: output.dir:", "/blocker' is a file, not a folder", "blocker/out"},
    {"output_overwrites_an_input", V T "output: {dir: ., mix: m}\n", 2,
     "r.yaml:4:23: output.mix:", "would overwrite 'm.wav', an input of track 'a'", "m}"},
    {"unknown_processor", V "tracks:\n  a: {file: m.wav, inserts: [{gian: {gain: 1}}]}\n", 2,
     "r.yaml:3:31: tracks.a.inserts[0].gian:", "no processor named 'gian'; did you mean 'gain'?",
     "gian"},
    {"processor_parameter_out_of_range",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {gain: 60 dB}}]}\n", 2,
     "r.yaml:3:44: tracks.a.inserts[0].gain.gain:",
     "60 dB is out of range; expected -inf dB .. 48 dB", "60 dB"},
    {"processor_unknown_parameter",
     V "tracks:\n  a: {file: m.wav, inserts: [{gain: {level: 3}}]}\n", 2,
     "r.yaml:3:38: tracks.a.inserts[0].gain.level:",
     "unknown key 'level' in the parameters of 'gain'", "level"},
    {"version_leaves_out_everything", V T "versions:\n  tv: {mute: [a]}\n", 2,
     "r.yaml:5:3: versions.tv:", "version 'tv' leaves out every track", "tv:"},
    {"sends_not_a_list", V "tracks:\n  a: {file: m.wav, sends: verb}\n", 2,
     "r.yaml:3:27: tracks.a.sends:", "expected a list of sends", "verb"},
    {"solo_on_a_bus", V T "buses:\n  g: {solo: true}\n", 2,
     "r.yaml:5:6: buses.g.solo:", "solo is a track control", "{solo"},
    {"everything_muted", V "tracks:\n  a: {file: m.wav, mute: true}\n", 2,
     "r.yaml:3:3: tracks:", "nothing to render", "a: {"},
};

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  float m[24000], s[2 * 24000], three[3 * 100];
  for (int i = 0; i < 24000; i++)
    m[i] = s[2 * i] = s[2 * i + 1] = 0.25f;
  memset(three, 0, sizeof three);
  free(tu_write_wav(dir, "m.wav", 1, 48000, 24, m, 24000));
  free(tu_write_wav(dir, "s.wav", 2, 48000, 24, s, 24000));
  free(tu_write_wav(dir, "three.wav", 3, 48000, 24, three, 100));
  free(tu_write_text(dir, "junk.wav", "RIFF but not really a wave file at all"));
  free(tu_write_text(dir, "blocker", "a file where a folder would go"));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(errors, .init = setup, .fini = teardown, .timeout = 60);

/* The text of recipe at 1-based line:col. */
static const char *at(const char *recipe, int line, int col)
{
  const char *p = recipe;
  for (int l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  cr_assert_not_null(p);
  cr_assert_leq((size_t)(col - 1), strlen(p));
  return p + col - 1;
}

static void check_row(const row *r, const char *cmd)
{
  char *path = tu_write_text(dir, "r.yaml", r->recipe);
  int before = tu_count_entries(dir);
  char *out = NULL, *err = NULL;
  const char *args[] = {cmd, path, NULL};
  int status = tu_run(args, &out, &err);
  cr_expect_eq(status, r->status, "%s (%s): exit %d, expected %d\n%s", r->name, cmd, status,
               r->status, err);
  cr_expect(strstr(err, r->where), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->where, err);
  cr_expect(strstr(err, r->says), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->says, err);
  /* The message's line is the row's line, and the line starts the error. */
  char *line = strstr(err, r->where);
  while (line && line > err && line[-1] != '\n')
    line--;
  if (line)
    cr_expect_eq(strncmp(line, "stemprint: error: ", 18), 0, "%s: %s", r->name, line);

  int l = 0, c = 0;
  cr_assert_eq(sscanf(r->where, "r.yaml:%d:%d:", &l, &c), 2);
  const char *text = at(r->recipe, l, c);
  cr_expect_eq(strncmp(text, r->token, strlen(r->token)), 0,
               "%s: position %d:%d points at '%.12s', not at '%s'", r->name, l, c, text, r->token);
  if (!*r->token)
    cr_expect_eq(*text, '\0', "%s: expected the end of the file", r->name);

  /* Nothing was written: no output folder, no temporary file. */
  cr_expect_eq(tu_count_entries(dir), before, "%s (%s): files were left behind", r->name, cmd);
  char *outdir = tu_path(dir, "out");
  cr_expect_eq(tu_count_entries(outdir), -1, "%s (%s): an output folder was created", r->name, cmd);
  free(outdir);
  free(out);
  free(err);
  free(path);
}

Test(errors, table_has_enough_rows) { cr_assert_geq(sizeof rows / sizeof rows[0], 25); }

Test(errors, each_broken_recipe_under_check)
{
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    check_row(&rows[i], "check");
}

Test(errors, each_broken_recipe_under_render)
{
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    check_row(&rows[i], "render");
}

Test(errors, all_errors_at_once_sorted_by_line)
{
  const row r = {"many",
                 V "tracks:\n"
                   "  a: {file: m.wav, to: drum, gian: 1}\n"
                   "  b: {file: nope.wav, pan: 5}\n"
                   "buses:\n"
                   "  drums: {}\n"
                   "output: {depth: 20}\n",
                 2,
                 "",
                 "",
                 ""};
  char *path = tu_write_text(dir, "r.yaml", r.recipe);
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 2, "%s", err);
  const char *expect[] = {
      "r.yaml:3:24: tracks.a.to:", "r.yaml:3:30: tracks.a.gian:", "r.yaml:4:13: tracks.b.file:",
      "r.yaml:4:28: tracks.b.pan:", "r.yaml:7:17: output.depth:"};
  const char *prev = err;
  for (int i = 0; i < 5; i++) {
    const char *p = strstr(err, expect[i]);
    cr_assert_not_null(p, "missing %s in:\n%s", expect[i], err);
    cr_assert_geq(p, prev, "%s is out of order in:\n%s", expect[i], err);
    prev = p;
  }
  free(err);
  free(path);
}

Test(errors, command_line_mistakes)
{
  char *err = NULL;
  const char *a1[] = {"rendr", "x.yaml", NULL};
  cr_assert_eq(tu_run(a1, NULL, &err), 2);
  cr_assert(strstr(err, "unknown command 'rendr'; did you mean 'render'?"), "%s", err);
  free(err);
  const char *a2[] = {"render", "--bogus", NULL};
  cr_assert_eq(tu_run(a2, NULL, &err), 2);
  cr_assert(strstr(err, "unknown option '--bogus'"), "%s", err);
  free(err);
  const char *a3[] = {"render", NULL};
  cr_assert_eq(tu_run(a3, NULL, &err), 2);
  cr_assert(strstr(err, "no recipe given"), "%s", err);
  free(err);
  const char *a4[] = {"check", "/no/such/recipe.yaml", NULL};
  cr_assert_eq(tu_run(a4, NULL, &err), 3);
  cr_assert(strstr(err, "/no/such/recipe.yaml: cannot read the recipe"), "%s", err);
  free(err);
}

Test(errors, a_valid_recipe_checks_and_renders)
{
  /* The harness sees files when there are some: the assertions above that
   * nothing was written are meaningful. */
  char *path = tu_write_text(dir, "r.yaml",
                             V "tracks:\n  a: {file: m.wav}\n  b: s.wav\n"
                               "stems:\n  one: [a]\n  two: [b]\n");
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", path, NULL};
  cr_assert_eq(tu_run(check, &out, &err), 0, "%s", err);
  cr_assert(strstr(out, "ok"), "%s", out);
  free(out);
  free(err);
  const char *render[] = {"render", path, NULL};
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  char *outdir = tu_path(dir, "out/r");
  cr_assert_eq(tu_count_entries(outdir), 3);
  free(outdir);
  free(out);
  free(err);
  free(path);
}
