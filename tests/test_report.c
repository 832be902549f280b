/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a render says about itself, built by the library as `render` builds
 * it: the depfile rule (io/report/depfile.h), the --report object
 * (io/report/report_render.h) and the HTML section (io/report/html_render.h),
 * from a small session rendered here. Its sources are synthesized: a
 * stereo 997 Hz sine at -23 dBFS (EBU Tech 3341's first case: -23.0 LUFS),
 * a near-silent DC at 44.1 kHz whose name has a space (resampled; escaped
 * for make) played twice, and a unit impulse for a reverb bus's convolver.
 * So the rule's text is known to the byte, and the report's numbers from
 * the definitions. */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/render/render.h"
#include "io/recipe/parse.h"
#include "io/report/check_words.h"
#include "io/report/depfile.h"
#include "io/report/html_render.h"
#include "io/report/junit.h"
#include "io/report/null_words.h"
#include "io/report/report.h"
#include "io/report/report_diags.h"
#include "io/report/report_render.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, SECONDS = 5 };

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  const size_t n = (size_t)RATE * SECONDS;
  const double amp = pow(10, -23 / 20.0);
  float *tone = sp_xcalloc(2 * n, sizeof *tone);
  for (size_t i = 0; i < n; i++)
    tone[2 * i] = tone[2 * i + 1] = (float)(amp * sin(2 * M_PI * 997.0 * (double)i / RATE));
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 32, tone, (int64_t)n));
  free(tone);
  float low[22050];
  for (size_t i = 0; i < 22050; i++)
    low[i] = 0.001f;
  free(tu_write_wav(dir, "low rate.wav", 1, 44100, 32, low, 22050));
  float ir[64] = {1.0f};
  free(tu_write_wav(dir, "ir.wav", 1, RATE, 32, ir, 64));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(report, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

static const char recipe[] =
    "stemprint: 1\n"
    "sample_rate: 48000\n"
    "tail: 0\n"
    "output: {dir: out, depth: 32f, dither: none}\n"
    "tracks:\n"
    "  tone: {file: tone.wav}\n"
    "  low:\n"
    "    regions: [{file: low rate.wav, at: 0}, {file: low rate.wav, at: 1}]\n"
    "    to: verb\n"
    "buses:\n"
    "  verb: {inserts: [{convolver: {ir: ir.wav}}]}\n"
    "stems:\n"
    "  music: [tone]\n"
    "  fx: [low]\n";

/* The session parsed, built and rendered (loudness metered, as --report
 * asks); free with done(). */
typedef struct session {
  char *path;
  sp_recipe *r;
  sp_graph *g;
  sp_render_result res;
  sp_err status;
} session;

static void render(session *s)
{
  memset(s, 0, sizeof *s);
  s->path = tu_write_text(dir, "song.yaml", recipe);
  sp_diags d;
  sp_diags_init(&d);
  cr_assert_eq(sp_recipe_parse_file(s->path, &s->r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(s->r, sp_audio_media(), NULL, &s->g, &d), SP_OK);
  sp_render_opts o = {.loudness = true, .series = true, .say_null = sp_null_say, .say_checks = sp_checks_say};
  s->status = sp_print(s->g, &o, &s->res, &d);
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  cr_assert_eq(s->status, SP_OK);
}

static void done(session *s)
{
  sp_render_result_fini(&s->res);
  sp_graph_free(s->g);
  sp_recipe_free(s->r);
  free(s->path);
}

/* The number after "key": in JSON text, from the first occurrence at or
 * after from; NAN for null. */
static double json_num(const char *text, const char *key, const char *from)
{
  char pat[128];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *at = strstr(from ? from : text, pat);
  cr_assert_not_null(at, "no %s in\n%s", key, text);
  at += strlen(pat);
  if (strncmp(at, "null", 4) == 0)
    return NAN;
  return strtod(at, NULL);
}

/* tmpl with every '@' replaced by the test's folder (heap). */
static char *at_dir(const char *tmpl)
{
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  for (const char *p = tmpl; *p; p++)
    if (*p == '@')
      fputs(dir, f);
    else
      fputc(*p, f);
  fclose(f);
  return out;
}

static size_t count(const char *text, const char *what)
{
  size_t n = 0;
  for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

/* ---- depfile ------------------------------------------------------------- */

/* The checks are kinds and numbers from the engine; io/report says them:
 * each kind's line from the check's numbers and what it judged, a failed
 * one's fix after "; ", a text already there (a cache entry's) kept. */
Test(report, check_words_say_each_check_from_its_kind_and_numbers)
{
  sp_output_stats outputs[2] = {
      {.path = "out/mix.wav", .is_mix = true, .clipped = 12, .unquantized_peak_dbfs = 1.25},
      {.path = "out/mix_st.wav", .is_mix = true, .set = 1, .clipped = 3,
       .unquantized_peak_dbfs = -0.5}};
  char *finding = sp_xstrdup("a stem is missing");
  sp_version_null vn = {.version = "tv",
                        .null = {.passed = false, .findings = &finding, .n_findings = 1},
                        .left_out_stems = true};
  sp_check checks[] = {
      {.name = "clipping", .value = 12, .kind = SP_CHECK_CLIPPING, .of = 0},
      {.name = "clipping", .value = 3, .kind = SP_CHECK_CLIPPING, .of = 1, .fold = "stereo"},
      {.name = "clipping", .value = 3, .kind = SP_CHECK_CLIPPING, .of = 1},
      {.name = "null.version", .value = -80.04, .limit = -120, .kind = SP_CHECK_NULL_VERSION},
      {.name = "null", .passed = true, .value = -130, .limit = -120, .kind = SP_CHECK_NULL},
      {.name = "loudness.integrated", .value = -20, .limit = -23, .tolerance = 1,
       .kind = SP_CHECK_LOUDNESS, .preset = "ebu-r128", .normalize_lufs = NAN},
      {.name = "loudness.integrated", .value = -20, .limit = -23, .tolerance = 1,
       .kind = SP_CHECK_LOUDNESS, .normalize_lufs = -20},
      {.name = "loudness.integrated", .value = -20, .limit = -16, .tolerance = 1,
       .kind = SP_CHECK_LOUDNESS, .of = 1, .own_rule = true, .normalize_lufs = NAN},
      {.name = "loudness.integrated", .value = NAN, .limit = -23, .tolerance = 1,
       .kind = SP_CHECK_LOUDNESS, .normalize_lufs = NAN},
      {.name = "loudness.true_peak", .passed = true, .value = -1.5, .limit = -1,
       .kind = SP_CHECK_TRUE_PEAK},
      {.name = "loudness.true_peak", .value = 0.25, .limit = -1, .kind = SP_CHECK_TRUE_PEAK,
       .of = 1},
      {.name = "clipping", .text = sp_xstrdup("as the cache said"), .kind = SP_CHECK_SAID},
  };
  enum { N = sizeof checks / sizeof checks[0] };
  sp_render_result res = {.outputs = outputs,
                          .n_outputs = 2,
                          .version_nulls = &vn,
                          .n_version_nulls = 1,
                          .null = {.passed = true},
                          .checks = checks,
                          .n_checks = N};
  sp_checks_say(&res);
  static const char *const want[N] = {
      "clipping: out/mix.wav has 12 samples at full scale (it would reach +1.2 dBFS); lower the "
      "master gain (a limiter on master holds a ceiling) or print depth 32f",
      "clipping: out/mix_st.wav has 3 samples at full scale; the fold into stereo adds channels up "
      "past master's ceiling: lower the set's fold levels (fold: {centre: -6 dB, surround: -6 "
      "dB}) or master's level, or print the set at depth 32f",
      "clipping: out/mix_st.wav has 3 samples at full scale; lower the master gain (a limiter on "
      "master holds a ceiling) or print the set at depth 32f",
      "null: version 'tv' + the stems it leaves out against the mix: residual peak -80.0 dBFS "
      "above -120.0 dBFS; a stem is missing",
      "null: residual peak -130.0 dBFS within max_residual -120.0 dBFS",
      "loudness: out/mix.wav integrated -20.0 LUFS, target -23.0 LUFS ± 1.0 LU, ebu-r128 (+3.0 "
      "LU); move the mix by -3.0 dB: master's gain, or master.normalize: {target: -23.0 LUFS}",
      "loudness: out/mix.wav integrated -20.0 LUFS, target -23.0 LUFS ± 1.0 LU (+3.0 LU); "
      "master.normalize brings the mix to -20.0 LUFS: give it the target, normalize: {target: "
      "-23.0 LUFS}",
      "loudness: out/mix_st.wav integrated -20.0 LUFS, target -16.0 LUFS ± 1.0 LU (-4.0 LU); a "
      "set has no gain of its own: move master's level by +4.0 dB, or judge the set by a ceiling "
      "alone (loudness: {max_true_peak: -1 dBTP}) or none",
      "loudness: out/mix.wav has no measurable loudness (silence), target -23.0 LUFS; nothing "
      "reaches the printed mix: see that the tracks are heard (mute, solo) and routed to master",
      "true peak: out/mix.wav -1.50 dBTP, max -1.00 dBTP",
      "true peak: out/mix_st.wav 0.25 dBTP, max -1.00 dBTP; lower master's level by 1.25 dB, or "
      "hold it with a limiter on master (inserts: [{limiter: {ceiling: -1.0 dBTP}}]) with room "
      "under it for this set's own peaks (resampling and lossy encoding raise them)",
      "as the cache said",
  };
  for (size_t k = 0; k < N; k++) {
    cr_expect_str_eq(checks[k].text, want[k], "check %zu", k);
    free(checks[k].text);
  }
  free(finding);
}

Test(report, depfile_rule_names_every_print_and_every_input_once)
{
  session s;
  render(&s);
  char *rule =
      sp_depfile_rule(s.g, &s.res, NULL, (const char *const[]){"r.json", "p.html"}, 2, false);
  /* Targets: the prints (mix, then the stems in order), the report, the
   * page. Prerequisites: the recipe, then the files in graph order, the
   * one played twice once and its space escaped, the impulse response;
   * then each one's empty rule but the recipe's (gcc -MP's). */
  char *want = at_dir("@/out/mix.wav @/out/music.wav @/out/fx.wav r.json p.html : \\\n"
                      "  @/song.yaml \\\n"
                      "  @/tone.wav \\\n"
                      "  @/low\\ rate.wav \\\n"
                      "  @/ir.wav\n"
                      "\n@/tone.wav:\n"
                      "\n@/low\\ rate.wav:\n"
                      "\n@/ir.wav:\n");
  cr_assert_str_eq(rule, want);
  free(rule);
  free(want);
  /* Without --report and --html, only the prints are targets. */
  rule = sp_depfile_rule(s.g, &s.res, NULL, NULL, 0, false);
  cr_assert(strncmp(rule, dir, strlen(dir)) == 0);
  char *head = at_dir("@/out/fx.wav :");
  cr_assert_not_null(strstr(rule, head), "%s", rule);
  free(head);
  free(rule);
  done(&s);
}

Test(report, depfile_rule_after_a_failed_check_depends_on_a_file_that_never_exists)
{
  session s;
  render(&s);
  char *rule = sp_depfile_rule(s.g, &s.res, NULL, NULL, 0, true);
  char *tail = at_dir("  @/ir.wav \\\n"
                      "  @/out/.stemprint/song.check-failed\n"
                      "@/out/.stemprint/song.check-failed:\n"
                      "\n@/tone.wav:\n"
                      "\n@/low\\ rate.wav:\n"
                      "\n@/ir.wav:\n");
  size_t n = strlen(rule), k = strlen(tail);
  cr_assert(n > k && strcmp(rule + n - k, tail) == 0, "%s", rule);
  free(tail);
  free(rule);
  done(&s);
}

Test(report, depfile_write_joins_the_rules_and_makes_the_folder)
{
  const char *rules[] = {"a: b\n", NULL, "c: d \\\n  e\n"};
  char *path = at_dir("@/deps/new/song.d"), why[512];
  cr_assert_eq(sp_depfile_write(path, rules, 3, why, sizeof why), SP_OK, "%s", why);
  char *text = tu_slurp_must(path);
  cr_assert_str_eq(text, "a: b\nc: d \\\n  e\n");
  free(text);
  free(path);
}

/* ---- the --report object --------------------------------------------------- */

Test(report, render_object_holds_the_session_the_outputs_and_the_null_test)
{
  session s;
  render(&s);
  sp_json *o = sp_report_render(s.g, &s.res, s.status);
  char *text = sp_report_dump(o);
  sp_report_free(o);
  cr_assert_not_null(strstr(text, "\"stemprint_version\": \"" SP_VERSION "\""), "%s", text);
  cr_assert_not_null(strstr(text, "\"status\": 0,"));
  cr_assert_eq(json_num(text, "sample_rate", NULL), RATE);
  cr_assert_eq(json_num(text, "frames", NULL), RATE * SECONDS);
  cr_assert_float_eq(json_num(text, "seconds", NULL), SECONDS, 1e-9);
  cr_assert_eq(json_num(text, "tail_seconds", NULL), 0);
  /* Each region read at 44.1 kHz is listed, both of the track's. */
  cr_assert_eq(count(text, "\"from_hz\": 44100"), 2, "%s", text);
  cr_assert_eq(count(text, "\"track\": \"low\""), 2);
  /* The outputs in order, each with its role; the mix and the music stem
   * are the -23 dBFS sine: -23.0 LUFS (EBU Tech 3341 case 1), the stem's
   * peak -23 dBFS; the fx stem, DC at -63 dBFS, has no loudness (null). */
  const char *mix = strstr(text, "\"role\": \"mix\""), *music = strstr(text, "\"name\": \"music\""),
             *fx = strstr(text, "\"name\": \"fx\"");
  cr_assert(mix && music && fx && mix < music && music < fx, "%s", text);
  const char *outs = strstr(text, "\"outputs\"");
  cr_assert_float_eq(json_num(text, "integrated_lufs", outs), -23.0, 0.1);
  const char *music_obj = strstr(outs, "music.wav");
  cr_assert_float_eq(json_num(text, "integrated_lufs", music_obj), -23.0, 0.1);
  cr_assert_float_eq(json_num(text, "sample_peak_dbfs", music_obj), -23.0, 0.01);
  /* The mix's peak: the sine's, and the DC where it plays. */
  const double peak = json_num(text, "sample_peak_dbfs", outs);
  cr_assert(peak > -23.0 && peak < -22.8, "%.3f dBFS", peak);
  cr_assert(isnan(json_num(text, "integrated_lufs", strstr(outs, "fx.wav"))), "%s", text);
  /* The stems null against the mix; the render passed. */
  const char *null = strstr(text, "\"null\": {");
  cr_assert_not_null(null, "%s", text);
  cr_assert_not_null(strstr(null, "\"passed\": true"));
  /* every key of null --json's object, bands too where no lag was
   * searched (review 29 F4: left out, a script's KeyError when all is
   * well) */
  cr_assert_not_null(strstr(null, "\"bands\": "), "%s", null);
  cr_assert_not_null(strstr(text, "\"removed\": []"));
  const char *end = strstr(text, "\"render_seconds\"");
  cr_assert_not_null(end);
  cr_assert(end - text > 20 && strstr(end - 20, "\"passed\": true,"), "%s", end - 20);
  free(text);
  /* A check that failed makes the object say so. */
  o = sp_report_render(s.g, &s.res, SP_ERR_CHECK);
  text = sp_report_dump(o);
  sp_report_free(o);
  cr_assert_not_null(strstr(text, "\"status\": 1,"));
  end = strstr(text, "\"render_seconds\"");
  cr_assert_not_null(strstr(end - 20, "\"passed\": false,"), "%s", text);
  free(text);
  done(&s);
}

Test(report, failed_render_object_is_recipe_status_passed)
{
  sp_json *o = sp_report_render_failed("songs/a.yaml", SP_ERR_USAGE);
  char *text = sp_report_dump(o);
  cr_assert_str_eq(
      text, "{\n  \"recipe\": \"songs/a.yaml\",\n  \"status\": 2,\n  \"passed\": false\n}\n");
  free(text);
  sp_report_free(o);
}

/* ---- diagnostics as data ------------------------------------------------- */

/* A diagnostic's object (docs/ci.md): its parts apart, the hint after the
 * message's first "; ", the exit status it leads to (0 for a warning), the
 * line stderr prints; unknown positions are null. */
Test(report, a_diagnostic_is_its_parts_and_the_line_stderr_prints)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_warn(&d, "song.yaml", (sp_pos){9, 3}, "buses.fx", "bus 'fx' feeds nothing");
  sp_diags_error(&d, SP_ERR_USAGE, "song.yaml", (sp_pos){5, 58}, "tracks.snare.sends[0].to",
                 "no bus named 'verbb'; did you mean 'verb'?");
  sp_diags_error(&d, SP_ERR_IO, "s.dawproject", (sp_pos){12, 0}, NULL, "a file: gone");
  sp_json *a = sp_report_diags(&d);
  char *text = sp_report_dump(a);
  cr_assert_str_eq(text, "[\n"
                         "  {\n"
                         "    \"severity\": \"error\",\n"
                         "    \"file\": \"s.dawproject\",\n"
                         "    \"line\": 12,\n"
                         "    \"column\": null,\n"
                         "    \"path\": null,\n"
                         "    \"message\": \"a file: gone\",\n"
                         "    \"hint\": null,\n"
                         "    \"exit_status\": 3,\n"
                         "    \"text\": \"stemprint: error: s.dawproject:12: a file: gone\"\n"
                         "  },\n"
                         "  {\n"
                         "    \"severity\": \"error\",\n"
                         "    \"file\": \"song.yaml\",\n"
                         "    \"line\": 5,\n"
                         "    \"column\": 58,\n"
                         "    \"path\": \"tracks.snare.sends[0].to\",\n"
                         "    \"message\": \"no bus named 'verbb'\",\n"
                         "    \"hint\": \"did you mean 'verb'?\",\n"
                         "    \"exit_status\": 2,\n"
                         "    \"text\": \"stemprint: error: song.yaml:5:58: tracks.snare.sends[0].to: "
                         "no bus named 'verbb'; did you mean 'verb'?\"\n"
                         "  },\n"
                         "  {\n"
                         "    \"severity\": \"warning\",\n"
                         "    \"file\": \"song.yaml\",\n"
                         "    \"line\": 9,\n"
                         "    \"column\": 3,\n"
                         "    \"path\": \"buses.fx\",\n"
                         "    \"message\": \"bus 'fx' feeds nothing\",\n"
                         "    \"hint\": null,\n"
                         "    \"exit_status\": 0,\n"
                         "    \"text\": \"stemprint: warning: song.yaml:9:3: buses.fx: bus 'fx' feeds "
                         "nothing\"\n"
                         "  }\n"
                         "]\n");
  free(text);
  sp_report_free(a);
  /* GitHub's workflow commands: properties and message escaped */
  char *gh = sp_report_diag_github(&d.v[1]);
  cr_assert_str_eq(gh, "::error file=song.yaml,line=5,col=58,title=tracks.snare.sends[0].to::no "
                       "bus named 'verbb'; did you mean 'verb'?\n");
  free(gh);
  sp_diags e;
  sp_diags_init(&e);
  sp_diags_warn(&e, "a,b:c.yaml", (sp_pos){0, 0}, NULL, "100%% sure\nreally");
  gh = sp_report_diag_github(&e.v[0]);
  cr_assert_str_eq(gh, "::warning file=a%2Cb%3Ac.yaml,title=stemprint::100%25 sure%0Areally\n");
  free(gh);
  /* GitLab's code quality issues: a stable fingerprint each, line 1 when
   * none is known */
  sp_json *issues = sp_report_array();
  sp_report_diags_gitlab(&d, issues);
  sp_report_diags_gitlab(&e, issues);
  cr_assert_eq(sp_report_array_size(issues), 4);
  const sp_json *first = sp_report_array_get(issues, 1);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(first, "severity")), "major");
  cr_expect_str_eq(sp_report_get_string(sp_report_get(first, "description")),
                   "no bus named 'verbb'; did you mean 'verb'?");
  int64_t begin = 0;
  cr_expect(sp_report_get_int(
      sp_report_get(sp_report_get(sp_report_get(first, "location"), "lines"), "begin"), &begin));
  cr_expect_eq(begin, 5);
  const char *fp1 = sp_report_get_string(sp_report_get(first, "fingerprint"));
  const char *fp0 = sp_report_get_string(sp_report_get(sp_report_array_get(issues, 0), "fingerprint"));
  cr_expect(fp1 && fp0 && strlen(fp1) == 64 && strcmp(fp0, fp1) != 0, "fingerprints %s %s", fp0,
            fp1);
  sp_report_free(issues);
  sp_diags_fini(&e);
  sp_diags_fini(&d);
}

/* A message about a member of an archive ("song.dawproject:project.xml",
 * a DAWproject's XML) is placed by GitHub, GitLab and JUnit at the
 * archive, the file a repository holds, with no line (a line of a zip is
 * none of the archive's); the member and its line lead the message. Before,
 * they named "song.dawproject:project.xml", which is no file there, so the
 * annotation went with no file. A file whose name holds a colon is itself. */
Test(report, a_message_of_an_archives_member_is_placed_at_the_archive_for_ci)
{
  char *zip = tu_write_text(dir, "song.dawproject", "PK"),
       *colon = tu_write_text(dir, "a:b.yaml", "x");
  char *member = sp_xasprintf("%s:project.xml", zip);
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_warn(&d, member, (sp_pos){36, 0}, "tracks.kick.gain", "lower it");
  sp_diags_warn(&d, colon, (sp_pos){2, 5}, NULL, "as it is");
  char *gh = sp_report_diag_github(&d.v[0]);
  char *want =
      sp_xasprintf("::warning file=%s,title=tracks.kick.gain::project.xml:36: lower it\n", zip);
  cr_expect_str_eq(gh, want);
  free(want);
  free(gh);
  gh = sp_report_diag_github(&d.v[1]);
  cr_expect(strstr(gh, "a%3Ab.yaml,line=2,col=5,title=stemprint::as it is"), "%s", gh);
  free(gh);
  sp_json *issues = sp_report_array();
  sp_report_diags_gitlab(&d, issues);
  const sp_json *member_at = sp_report_array_get(issues, 1); /* in the files' order */
  cr_expect_str_eq(
      sp_report_get_string(sp_report_get(sp_report_get(member_at, "location"), "path")), zip);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(member_at, "description")),
                   "project.xml:36: lower it");
  sp_report_free(issues);
  sp_junit_suite *s = sp_junit_suite_new("song", zip);
  sp_junit_add(s, "gain", member, (sp_pos){36, 0}, SP_JUNIT_FAILED, "lower it", NULL);
  char *junit = tu_path(dir, "j.xml"), why[256];
  cr_assert_eq(sp_junit_write(junit, &s, 1, why, sizeof why), SP_OK, "%s", why);
  char *xml = tu_slurp_must(junit);
  char *at = sp_xasprintf("<testcase name=\"gain\" classname=\"song\" file=\"%s\">", zip);
  cr_expect(strstr(xml, at), "%s", xml);
  cr_expect_null(strstr(xml, "project.xml\""), "%s", xml);
  free(at);
  free(xml);
  free(junit);
  sp_junit_suite_free(s);
  sp_diags_fini(&d);
  free(member);
  free(colon), free(zip);
}

/* Whether a message's file is an archive's member is read from its name
 * (a DAWproject's XML, "ARCHIVE:project.xml"), not from the filesystem: a
 * revision's file that `diff` names "main:song.yaml" stays itself, with
 * its line, though a file "main" lies where the name would put it. Before,
 * that file made it a member of "main", placed there with no line. */
Test(report, a_revisions_file_beside_a_file_of_its_revisions_name_is_no_archives_member)
{
  char *rev = tu_write_text(dir, "main", "PK");
  char *file = sp_xasprintf("%s:song.yaml", rev);
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_warn(&d, file, (sp_pos){3, 7}, "tracks.kick.gain", "lower it");
  cr_expect_eq(sp_report_archive_of(file), 0);
  char *gh = sp_report_diag_github(&d.v[0]);
  char *esc = sp_xmalloc(3 * strlen(file) + 1), *o = esc; /* GitHub's property escape */
  for (const char *c = file; *c; c++)
    o = *c == ':' ? stpcpy(o, "%3A") : (*o = *c, o + 1);
  *o = '\0';
  char *want =
      sp_xasprintf("::warning file=%s,line=3,col=7,title=tracks.kick.gain::lower it\n", esc);
  cr_expect_str_eq(gh, want);
  /* a DAWproject's XML is a member by its name, its archive there or not */
  cr_expect_eq(sp_report_archive_of("gone.dawproject:project.xml"), strlen("gone.dawproject"));
  cr_expect_eq(sp_report_archive_of(":project.xml"), 0);
  cr_expect_eq(sp_report_archive_of("song.yaml"), 0);
  free(want);
  free(esc);
  free(gh);
  sp_diags_fini(&d);
  free(file);
  free(rev);
}

/* A file of its own whose name ends as a DAWproject's XML ("a:project.xml",
 * a recipe so named) is itself, with its line: only a DAWproject's name
 * (".dawproject", as a session is known by, any case) before the colon
 * makes it a member. Before, any name before it did: the message went to
 * "a", a file that is not there, with no line. */
Test(report, a_file_named_as_a_member_of_no_dawproject_is_itself)
{
  char *file = tu_write_text(dir, "a:project.xml", "x");
  sp_diags d;
  sp_diags_init(&d);
  sp_diags_warn(&d, file, (sp_pos){2, 5}, "tracks.kick.gain", "lower it");
  cr_expect_eq(sp_report_archive_of(file), 0);
  char *gh = sp_report_diag_github(&d.v[0]);
  cr_expect(strstr(gh, "a%3Aproject.xml,line=2,col=5,title=tracks.kick.gain::lower it\n"), "%s",
            gh);
  cr_expect_eq(sp_report_archive_of("x:project.xml"), 0);
  cr_expect_eq(sp_report_archive_of(".dawproject:project.xml"), 0);
  cr_expect_eq(sp_report_archive_of("main:Song.DAWproject:project.xml"),
               strlen("main:Song.DAWproject"));
  free(gh);
  sp_diags_fini(&d);
  free(file);
}

/* A JSON string holds UTF-8 only: a name that is not (a Latin-1 file name)
 * is written with U+FFFD for each stray byte, not refused (jansson refuses
 * it, and the report writer took that for running out of memory). */
Test(report, text_that_is_not_utf8_is_written_with_replacement_characters)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "path", sp_report_string("caf\xe9/mix\xff.wav \xc3\xa9"));
  char *text = sp_report_dump(o);
  cr_assert_str_eq(text, "{\n  \"path\": \"caf\xef\xbf\xbd/mix\xef\xbf\xbd.wav \xc3\xa9\"\n}\n");
  free(text);
  sp_report_free(o);
}

/* ---- the HTML section ---------------------------------------------------- */

Test(report, html_section_of_a_render_and_of_a_failed_recipe)
{
  session s;
  render(&s);
  char *html = sp_html_render_section(s.g, &s.res, s.status, NULL);
  char *title =
      sp_xasprintf("<section class=\"song\" data-title=\"%s\" data-status=\"0\">", s.path);
  cr_assert(strncmp(html, title, strlen(title)) == 0, "%.200s", html);
  cr_assert_not_null(strstr(html, "<h3>Loudness</h3>"));
  cr_assert_not_null(strstr(html, "<h3>Route map</h3>"));
  /* A plot per output, each with its 100 ms series. */
  cr_assert_eq(count(html, "<svg class=\"plot\""), 3);
  cr_assert_eq(count(html, "<path class=\"st\""), 3);
  free(title);
  free(html);
  done(&s);

  html = sp_html_render_failed("a<b>.yaml", SP_ERR_USAGE, "stemprint: error: a<b>.yaml: no\n");
  cr_assert(strncmp(html, "<section class=\"song failed\" data-title=\"a&lt;b&gt;.yaml\"", 56) == 0,
            "%.200s", html);
  cr_assert_not_null(strstr(html, "exit 2"));
  cr_assert_not_null(strstr(html, "What went wrong"));
  cr_assert_not_null(strstr(html, "stemprint: error: a&lt;b&gt;.yaml: no"));
  cr_assert_null(strstr(html, "<h3>Loudness</h3>"));
  free(html);
}
