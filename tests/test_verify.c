/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verification a user hands to a client, through the CLI as they would run
 * it: `loudness` (JSON keys of SPEC §4, CSV, series, album, silence as
 * null, targets that set the exit status), `render --report` (every
 * output's loudness, the null object, the checks, timing), recipe checks
 * (checks.loudness with presets; master.normalize reaching its target while
 * the stems still null), `bleed` (a deliberate send into another stem's
 * return is found and named; split: sources has none), and `check`'s
 * warnings, each with its position. */

#include "core/alloc.h"
#include "io/report.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, SECS = 4, N = SECS * RATE };

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  static float tone[2 * N], noise[2 * N], low[N], silence[2 * N];
  uint64_t s = 5;
  for (int i = 0; i < N; i++) {
    /* 997 Hz at -20 dBFS peak in both channels: -20.0 LUFS */
    float v = (float)(0.1 * sin(2 * M_PI * 997.0 * i / RATE));
    tone[2 * i] = tone[2 * i + 1] = v;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    float w = (float)(((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.2);
    noise[2 * i] = w;
    noise[2 * i + 1] = -w;
    low[i] = (float)(0.3 * sin(2 * M_PI * 80.0 * i / RATE));
  }
  memset(silence, 0, sizeof silence);
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 24, tone, N));
  free(tu_write_wav(dir, "noise.wav", 2, RATE, 24, noise, N));
  free(tu_write_wav(dir, "low.wav", 1, RATE, 24, low, N));
  free(tu_write_wav(dir, "silence.wav", 2, RATE, 24, silence, N));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(verify, .init = setup, .fini = teardown, .timeout = 120);

static char *p(const char *name) { return tu_path(dir, name); }

/* The number after "key": in JSON text, from the first occurrence at or
 * after `from`; NAN for null. */
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

Test(verify, loudness_json_has_spec_keys_and_silence_is_null)
{
  char *t = p("tone.wav"), *z = p("silence.wav"), *out = NULL;
  const char *args[] = {"loudness", "--json", t, z, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  const char *keys[] = {"path",
                        "frames",
                        "channels",
                        "sample_rate",
                        "format",
                        "integrated_lufs",
                        "loudness_range_lu",
                        "momentary_max_lufs",
                        "shortterm_max_lufs",
                        "true_peak_dbtp",
                        "sample_peak_dbfs",
                        "clipped_samples"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", keys[k]);
    cr_assert(strstr(out, pat), "no %s in\n%s", keys[k], out);
  }
  /* A stereo 997 Hz sine at -20 dBFS peak: mean square 0.005 a channel,
   * summed over two: -20 dB; K-weighting's gain at 997 Hz (+0.69 dB)
   * cancels BS.1770's -0.691 offset: -20.0 LUFS (EBU Tech 3341 case 1 is
   * the same at -23). */
  double i = json_num(out, "integrated_lufs", NULL);
  cr_assert_float_eq(i, -20.0, 0.05, "integrated %.3f", i);
  cr_assert_float_eq(json_num(out, "sample_peak_dbfs", NULL), -20.0, 0.01);
  const char *second = strstr(out, "silence.wav");
  cr_assert_not_null(second);
  cr_assert(isnan(json_num(out, "integrated_lufs", second)), "%s", second);
  cr_assert(isnan(json_num(out, "momentary_max_lufs", second)));
  cr_assert(isnan(json_num(out, "true_peak_dbtp", second)), "silence's peak is null too");
  free(out);
  free(t);
  free(z);
}

Test(verify, loudness_csv_series_album_and_targets)
{
  char *t = p("tone.wav"), *w = p("noise.wav"), *out = NULL, *err = NULL;
  const char *csv[] = {"loudness", "--csv", t, w, NULL};
  cr_assert_eq(tu_run(csv, &out, NULL), 0);
  cr_assert_eq(strncmp(out, "path,frames,channels,sample_rate,format,integrated_lufs,", 55), 0,
               "%s", out);
  size_t lines = 0;
  for (const char *c = out; *c; c++)
    lines += *c == '\n';
  cr_assert_eq(lines, 3);
  free(out);

  const char *series[] = {"loudness", "--json", "--series", t, NULL};
  cr_assert_eq(tu_run(series, &out, NULL), 0);
  cr_assert(strstr(out, "\"t_end_s\""));
  cr_assert(strstr(out, "\"momentary_lufs\""));
  cr_assert(strstr(out, "\"shortterm_lufs\""));
  /* 4 s at a point every 100 ms */
  const char *ts = strstr(out, "\"t_end_s\"");
  size_t points = 0;
  for (const char *c = ts; *c && *c != ']'; c++)
    points += *c == ',';
  cr_assert_eq(points + 1, 40, "%zu points", points + 1);
  free(out);

  const char *album[] = {"loudness", "--json", "--album", t, w, NULL};
  cr_assert_eq(tu_run(album, &out, NULL), 0);
  const char *a = strstr(out, "\"album\"");
  cr_assert_not_null(a, "%s", out);
  double ia = json_num(out, "integrated_lufs", a);
  double i1 = json_num(out, "integrated_lufs", NULL);
  double i2 = json_num(out, "integrated_lufs", strstr(out, "noise.wav"));
  cr_assert(ia > fmin(i1, i2) && ia < fmax(i1, i2), "album %.2f between %.2f and %.2f", ia, i1, i2);
  free(out);

  /* -20 LUFS ± 0.5 passes for the tone; -14 ± 1 fails with a line per file. */
  const char *ok[] = {"loudness", t, "--target", "-20 LUFS", "--tolerance", "0.5 LU", NULL};
  cr_assert_eq(tu_run(ok, NULL, NULL), 0);
  const char *miss[] = {"loudness",        t,         w,   "--target", "-14 LUFS",
                        "--max-true-peak", "-1 dBTP", NULL};
  cr_assert_eq(tu_run(miss, NULL, &err), 1);
  cr_assert(strstr(err, "tone.wav: integrated loudness -20.0 LUFS is outside -14.0 LUFS"), "%s",
            err);
  cr_assert(strstr(err, "noise.wav: integrated loudness"), "%s", err);
  free(err);
  const char *bad[] = {"loudness", t, "--target", "loud", NULL};
  cr_assert_eq(tu_run(bad, NULL, NULL), 2);
  char *missing = p("nope.wav");
  const char *gone[] = {"loudness", missing, NULL};
  cr_assert_eq(tu_run(gone, NULL, &err), 3);
  cr_assert(strstr(err, "nope.wav"), "%s", err);
  free(err);
  free(missing);
  free(t);
  free(w);
}

static const char *session = "stemprint: 1\n"
                             "tracks:\n"
                             "  tone: {file: tone.wav, to: a, sends: [{to: verb, level: -6 dB}]}\n"
                             "  noise: {file: noise.wav, to: b}\n"
                             "  low: {file: low.wav, to: b}\n"
                             "buses:\n"
                             "  a: {inserts: [{compressor: {threshold: -30 dB, ratio: 4}}]}\n"
                             "  b: {}\n"
                             "  verb: {inserts: [{delay: {time: 100 ms, feedback: 0.3}}]}\n";

Test(verify, render_report_has_outputs_null_checks_and_timing)
{
  char *text = sp_xasprintf("%s"
                            "master: {inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
                            "stems: {tone: [tone], rest: [noise, low]}\n"
                            "output: {depth: 32f}\n"
                            "checks: {loudness: {max_true_peak: -1 dBTP}}\n",
                            session);
  char *r = tu_write_text(dir, "rep.yaml", text);
  char *report = p("rep.json"), *out = NULL;
  const char *args[] = {"render", r, "--report", report, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0, "%s", out);
  free(out);
  int64_t frames;
  int ch, rate;
  FILE *f = fopen(report, "r");
  cr_assert_not_null(f);
  static char json[1 << 16];
  size_t len = fread(json, 1, sizeof json - 1, f);
  json[len] = '\0';
  fclose(f);
  cr_assert(strstr(json, "\"role\": \"mix\""), "%s", json);
  cr_assert(strstr(json, "\"name\": \"tone\""));
  cr_assert(strstr(json, "\"name\": \"rest\""));
  cr_assert(strstr(json, "\"null\": {"));
  cr_assert(strstr(json, "\"residual_peak_dbfs\""));
  cr_assert(strstr(json, "\"name\": \"loudness.true_peak\""));
  cr_assert(json_num(json, "render_seconds", NULL) > 0);
  cr_assert(json_num(json, "times_real_time", NULL) > 0);
  cr_assert(strstr(json, "\"passed\": true"));
  /* The report's mix loudness is the printed file's, measured again here. */
  char *mix = p("out/rep/mix.wav");
  char *lout = NULL;
  const char *largs[] = {"loudness", "--json", mix, NULL};
  cr_assert_eq(tu_run(largs, &lout, NULL), 0);
  cr_assert_float_eq(json_num(json, "integrated_lufs", NULL),
                     json_num(lout, "integrated_lufs", NULL), 1e-6);
  cr_assert_float_eq(json_num(json, "true_peak_dbtp", NULL), json_num(lout, "true_peak_dbtp", NULL),
                     1e-6);
  cr_assert_leq(json_num(lout, "true_peak_dbtp", NULL), -1.0);
  double *x = tu_read(mix, &frames, &ch, &rate);
  cr_assert_not_null(x);
  free(x);
  free(lout);
  free(mix);
  free(report);
  free(r);
  free(text);
}

Test(verify, loudness_check_fails_with_exit_1_and_normalize_meets_the_target)
{
  /* ebu-r128 preset: -23 LUFS ± 0.5; the raw mix is far louder. */
  char *text = sp_xasprintf("%s"
                            "stems: {tone: [tone], rest: [noise, low]}\n"
                            "output: {depth: 32f}\n"
                            "checks: {loudness: {preset: ebu-r128}}\n",
                            session);
  char *r = tu_write_text(dir, "loud.yaml", text);
  char *err = NULL, *out = NULL;
  const char *args[] = {"render", r, NULL};
  int st = tu_run(args, &out, &err);
  cr_assert_eq(st, 1, "exit %d: %s", st, err);
  cr_assert(strstr(err, "check failed: loudness:"), "%s", err);
  cr_assert(strstr(err, "target -23.0 LUFS ± 0.5 LU, ebu-r128"), "%s", err);
  free(err);
  free(out);
  char *mix = p("out/loud/mix.wav");
  double *x = tu_read(mix, &(int64_t){0}, &(int){0}, &(int){0});
  cr_assert_not_null(x, "files are still written");
  free(x);
  free(mix);

  /* The same with master.normalize to -23 LUFS: passes, exactly on target,
   * and the stems (normalized alike) still null. */
  char *text2 = sp_xasprintf("%s"
                             "master: {normalize: {target: -23 LUFS}}\n"
                             "stems: {tone: [tone], rest: [noise, low]}\n"
                             "output: {depth: 32f}\n"
                             "checks: {loudness: {preset: ebu-r128}}\n",
                             session);
  char *r2 = tu_write_text(dir, "norm.yaml", text2);
  sp_render_result res;
  cr_assert_eq(tu_render(r2, 0, &res), SP_OK);
  cr_assert(res.normalized);
  cr_assert(res.normalize_gain_db < -3.0, "gain %.2f", res.normalize_gain_db);
  cr_assert(res.outputs[0].measured);
  cr_assert_float_eq(res.outputs[0].loudness.integrated_lufs, -23.0, 0.05);
  cr_assert(res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -120.0);
  sp_render_result_fini(&res);
  free(r);
  free(r2);
  free(text);
  free(text2);
}

Test(verify, bleed_names_a_send_into_another_stems_return)
{
  /* split: buses: the tone (stem "a") sends into verb, which is in stem
   * "fx": the tone bleeds into fx. */
  char *text = sp_xasprintf("%s"
                            "stems: {split: buses, a: [a], b: [b], fx: [verb]}\n",
                            session);
  char *r = tu_write_text(dir, "bleed.yaml", text);
  char *out = NULL;
  const char *args[] = {"bleed", r, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 1, "%s", out);
  cr_assert(strstr(out, "bleed: 'tone' reaches stem 'fx'"), "%s", out);
  cr_assert_not(strstr(out, "bleed: 'noise'"), "%s", out);
  cr_assert(strstr(out, "1 case of stem bleed"), "%s", out);
  free(out);
  const char *jargs[] = {"bleed", r, "--json", NULL};
  cr_assert_eq(tu_run(jargs, &out, NULL), 1);
  /* The tone's level in fx: a -6 dB send of a -20 dBFS-peak sine through a
   * delay with feedback: well above silence, well below the tone itself. */
  const char *b = strstr(out, "\"bleed\"");
  cr_assert_not_null(b);
  double lv = json_num(out, "level_dbfs", b);
  cr_assert(lv > -40 && lv < -20, "bleed level %.1f", lv);
  free(out);
  /* The same routing split by sources: a source's returns print with it. */
  char *text2 = sp_xasprintf("%s"
                             "stems: {a: [tone], b: [noise, low]}\n",
                             session);
  char *r2 = tu_write_text(dir, "nobleed.yaml", text2);
  const char *args2[] = {"bleed", r2, NULL};
  cr_assert_eq(tu_run(args2, &out, NULL), 0, "%s", out);
  cr_assert(strstr(out, "no stem bleed"), "%s", out);
  free(out);
  free(r);
  free(r2);
  free(text);
  free(text2);
}

Test(verify, check_warns_about_likely_mistakes_with_positions)
{
  char *r = tu_write_text(dir, "w.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  tone: {file: tone.wav, gain: 24 dB, solo: true, to: a}\n"
                          "  noise: {file: noise.wav, to: a, sends: [{to: verb}]}\n"
                          "  low: {file: low.wav, mute: true}\n"
                          "buses:\n"
                          "  a: {}\n"
                          "  verb: {mute: true}\n"
                          "  spare: {}\n"
                          "stems: {a: [a], low: [low]}\n");
  char *err = NULL, *out = NULL;
  const char *args[] = {"check", r, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  const char *want[] = {
      "w.yaml:3:32: tracks.tone.gain: track 'tone' peaks at +4.0 dBFS",
      "w.yaml:3:45: tracks.tone.solo: track 'tone' is soloed",
      "w.yaml:4:48: tracks.noise.sends[0].to: this send goes to 'verb', which is muted",
      "w.yaml:7:3: buses.a.gain: bus 'a' peaks at +4.0 dBFS",
      "w.yaml:9:3: buses.spare: bus 'spare' is fed by nothing",
      "w.yaml:10:22: stems.low: every track of stem 'low' is muted",
  };
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
    cr_assert(strstr(err, want[k]), "no '%s' in:\n%s", want[k], err);
  free(err);
  free(out);
  free(r);
}
