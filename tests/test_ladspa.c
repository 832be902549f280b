/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LADSPA inserts, against the tests' own libraries (tests/ladspa/, put
 * alone on LADSPA_PATH): selection by label, unique ID and FILE:label;
 * parameters by folded port name, with ranges, defaults and kinds from
 * the LADSPA hints and mistakes reported where they are written; refusals;
 * known answers of a render (a gain, an in-place-broken plugin, a mono
 * plugin on a stereo track, a stereo one); latency read from the "latency"
 * port and compensated; the same bytes at -j 1 and -j 2 and at any block;
 * `help ladspa`. One test uses a Debian plugin (cmt) and is skipped when
 * it is not installed. The plugins' answers: tests/ladspa/sptest_ladspa.c. */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/graph/query.h"
#include "core/procs/proc.h"
#include "core/render/render.h"
#include "io/ladspa/ladspa.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void setup(void) { setenv("LADSPA_PATH", SP_TEST_LADSPA_DIR, 1); }

TestSuite(ladspa, .init = setup);

Test(ladspa, names_fold_to_parameters)
{
  char out[64];
  cr_assert(sp_ladspa_fold_name("Delay (Seconds)", out, sizeof out));
  cr_expect_str_eq(out, "delay_seconds");
  cr_assert(sp_ladspa_fold_name("  Dry/Wet -- Balance ", out, sizeof out));
  cr_expect_str_eq(out, "dry_wet_balance");
  cr_assert(sp_ladspa_fold_name("LFO freq (Hz)", out, sizeof out));
  cr_expect_str_eq(out, "lfo_freq_hz");
  cr_expect_not(sp_ladspa_fold_name(" (-) ", out, sizeof out));
}

Test(ladspa, mistakes_are_reported_where_they_are)
{
  static const struct {
    const char *insert, *says;
  } rows[] = {
      {"{ladspa: {plugin: sp_gian}}",
       "no LADSPA plugin 'sp_gian' is installed here; did you mean 'sp_gain'?"},
      {"{ladspa: {plugin: zzqx_vocoder_deluxe}}",
       "no LADSPA plugin 'zzqx_vocoder_deluxe' is installed here (searched " SP_TEST_LADSPA_DIR
       "); install it, or choose one that `stemprint help ladspa` lists"},
      {"{ladspa: {plugin: sp_gain}}",
       "2 installed LADSPA plugins are labelled 'sp_gain' (sptest.so:sp_gain (ID 4242001), "
       "sptest2.so:sp_gain (ID 4242101)); give FILE:label or the unique ID"},
      {"{ladspa: {plugin: 4242001, gian_db: -3 dB}}", "did you mean 'gain_db'?"},
      {"{ladspa: {plugin: 4242001, gain_db: 20 dB}}", "out of range"},
      {"{ladspa: {plugin: sp_latency, delay_frames: 10.5}}", "takes a whole number, got 10.5"},
      {"{ladspa: {plugin: sp_latency, delay_frames: 33}}", "out of range"},
      {"{ladspa: {plugin: sp_hints, invert: 3}}", "tracks.a.inserts[0].ladspa.invert"},
      {"{ladspa: {plugin: sp_noise}}",
       "tracks.a.inserts[0].ladspa.plugin: the LADSPA plugin 'stemprint test generator' cannot be "
       "an insert: it has no audio input (a generator, not an effect)"},
      {"{ladspa: {plugin: \"sptest.so:urn:stemprint:three\"}}",
       "it has 3 audio inputs and 1 output; stemprint runs effects with one or two of each"},
      {"{ladspa: {plugin: 4242001, preset: Louder}}", "preset"},
      {"{ladspa: {gain_db: 1 dB}}", "'ladspa' needs 'plugin: ...'"},
  };
  char *dir = tu_tmpdir();
  float x[480] = {0};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, x, 480));
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char *text =
        sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: a.wav, inserts: [%s]}\n", rows[i].insert);
    sp_recipe *r;
    sp_graph *g;
    char *said = tu_build(dir, text, &r, &g);
    cr_expect_null(g, "row %zu built", i);
    cr_expect(strstr(said, rows[i].says) != NULL, "row %zu: %s", i, said);
    cr_expect(strstr(said, "r.yaml:3:") != NULL, "row %zu: no file:line:col: %s", i, said);
    sp_graph_free(g);
    sp_recipe_free(r);
    free(said);
    free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* The hints as parameters: kinds, ranges and defaults. */
Test(ladspa, hints_give_ranges_defaults_and_kinds)
{
  const sp_proc_family *f = sp_proc_family_find("ladspa");
  cr_assert_not_null(f);
  char why[512];
  const sp_proc_class *c = f->make("sp_hints", why, sizeof why);
  cr_assert_not_null(c, "%s", why);
  cr_assert_eq(c->n_params, 3);
  cr_expect_str_eq(c->params[0].name, "invert");
  cr_expect_eq(c->params[0].kind, SP_PARAM_BOOL);
  cr_expect_eq(c->params[0].def, 1.0);
  cr_expect_str_eq(c->params[1].name, "steps");
  cr_expect_eq(c->params[1].def, 8.0);
  cr_expect_eq(c->params[1].min, 1.0);
  cr_expect_eq(c->params[1].max, 8.0);
  cr_expect_str_eq(c->params[2].name, "cutoff");
  cr_expect_eq(c->params[2].unit, SP_UNIT_HZ);
  /* 0 .. 0.25 of the rate, described at 48 kHz: LOW is a quarter of the way */
  cr_expect_float_eq(c->params[2].max, 12000.0, 1e-3);
  cr_expect_float_eq(c->params[2].def, 3000.0, 1e-3);
  const sp_proc_class *lat = f->make("4242002", why, sizeof why);
  cr_assert_not_null(lat, "%s", why);
  cr_expect_str_eq(lat->params[0].name, "delay_frames");
  cr_expect_eq(lat->params[0].def, 16.0);
  const sp_proc_class *byfile = f->make("sptest.so:sp_gain", why, sizeof why);
  cr_assert_not_null(byfile, "%s", why);
  cr_expect_eq(byfile->params[0].def, 0.0);
  cr_expect_eq(byfile->params[0].min, -60.0);
  cr_expect_eq(byfile->params[0].unit, SP_UNIT_DB);
}

/* A frequency that is a fraction of the rate: in range at 48 kHz, out of
 * it at 32 kHz, where the recipe's check refuses it at its key (before,
 * the render, at the insert); in range at 96 kHz past the range listed at
 * 48 kHz (before, the check refused 20 kHz there, the range at 48 kHz). */
Test(ladspa, a_rate_relative_bound_is_checked_at_the_render_rate)
{
  char *dir = tu_tmpdir();
  float x[4800] = {0};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, x, 4800));
  char *ok = tu_write_text(dir, "ok.yaml",
                           "stemprint: 1\ntracks:\n  a: {file: a.wav, inserts: [{ladspa: "
                           "{plugin: sp_hints, cutoff: 10 kHz}}]}\n");
  char *bad = tu_write_text(dir, "bad.yaml",
                            "stemprint: 1\nsample_rate: 32000\ntracks:\n  a: {file: a.wav, "
                            "inserts: [{ladspa: {plugin: sp_hints, cutoff: 10 kHz}}]}\n");
  const char *a1[] = {"render", ok, "-q", NULL};
  const char *a2[] = {"render", bad, "-q", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(a1, NULL, &err), 0, "%s", err);
  free(err);
  cr_expect_eq(tu_run(a2, NULL, &err), 2);
  cr_expect(strstr(err, "bad.yaml:4:66: tracks.a.inserts[0].ladspa.cutoff: 10000 Hz is out of "
                        "range; expected 0 Hz .. 8000 Hz (at sample_rate 32000: the plugin's "
                        "range times the sample rate)\n") != NULL,
            "%s", err);
  free(err);
  char *high = tu_write_text(dir, "high.yaml",
                             "stemprint: 1\nsample_rate: 96000\ntracks:\n  a: {file: a.wav, "
                             "inserts: [{ladspa: {plugin: sp_hints, cutoff: 20 kHz}}]}\n");
  const char *a3[] = {"check", "--no-levels", high, NULL};
  cr_expect_eq(tu_run(a3, NULL, &err), 0, "%s", err);
  free(err);
  free(high);
  free(ok);
  free(bad);
  tu_rmtree(dir);
  free(dir);
}

/* Known answers: a gain of -6 dB; an in-place-broken plugin (its input
 * is a buffer of its own: not silence); a mono plugin on a stereo track,
 * one instance a channel; a stereo plugin's channels swapped. */
Test(ladspa, renders_give_known_answers)
{
  char *dir = tu_tmpdir();
  enum { N = 4800 };
  static float s[2 * N], l[N], r[N];
  tu_tone(l, N, 440, 0.5);
  tu_tone(r, N, 660, 0.25);
  for (int i = 0; i < N; i++) {
    s[2 * i] = l[i];
    s[2 * i + 1] = r[i];
  }
  free(tu_write_wav(dir, "s.wav", 2, 48000, 32, s, N));
  static const char *const inserts[] = {
      "{ladspa: {plugin: 4242001, gain_db: -6 dB}}",
      "{ladspa: {plugin: sp_broken}}",
      "{ladspa: {plugin: sp_stereo}}",
      "{ladspa: {plugin: sp_hints, invert: true, steps: 2}}",
  };
  const float g6 = powf(10.0f, -6.0f / 20.0f);
  for (int k = 0; k < 4; k++) {
    char *text = sp_xasprintf("stemprint: 1\npan_law: 0 dB\ntail: 0\ntracks:\n  a: {file: s.wav, "
                              "inserts: [%s]}\noutput: {depth: 32f, dither: none}\n",
                              inserts[k]);
    char *path = tu_write_text(dir, "r.yaml", text);
    int64_t frames;
    int ch;
    double *y = tu_render_mix(path, &frames, &ch);
    cr_assert_eq(frames, N);
    double worst = 0;
    for (int i = 0; i < N; i++) {
      const float wl = k == 0 ? l[i] * g6 : k == 1 ? l[i] * 0.5f : k == 2 ? r[i] : l[i] * -2.0f;
      const float wr = k == 0 ? r[i] * g6 : k == 1 ? r[i] * 0.5f : k == 2 ? l[i] : r[i] * -2.0f;
      worst = fmax(worst, fabs(y[2 * i] - (double)wl));
      worst = fmax(worst, fabs(y[2 * i + 1] - (double)wr));
    }
    cr_expect_eq(worst, 0.0, "row %d: worst %g", k, worst);
    free(y);
    free(path);
    free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* A port whose bounds are fractions of the rate (LADSPA_HINT_SAMPLE_RATE)
 * left unset plays its default at the render's rate: sp_rate's Corner,
 * 0 .. 0.25 of the rate, DEFAULT_MIDDLE (of the bounds), 0.125 of it at
 * every rate, as ladspa.h computes it and Ardour 7.3 plays it; its Tone,
 * DEFAULT_440 (a number), 440 Hz at every rate. The plugin adds each
 * value it is given × 2^-16 to a channel of silence. Before, Corner
 * played its 48 kHz value, 6000 Hz, at 44.1 and 96 kHz too (its range
 * alone moved), and the check held that value to the range at the
 * recipe's rate. */
Test(ladspa, a_default_of_the_bounds_moves_with_the_rate_a_number_does_not)
{
  char *dir = tu_tmpdir();
  static const int rates[] = {44100, 48000, 96000};
  for (size_t k = 0; k < 3; k++) {
    double y[2];
    tu_silence_through(dir, "{ladspa: {plugin: sp_rate}}", rates[k], y);
    const double corner = 0.125 * rates[k] / 65536.0, tone = 440.0 / 65536.0;
    cr_expect_float_eq(y[0], corner, 1e-9, "%d Hz: corner %g Hz, not %g Hz", rates[k],
                       y[0] * 65536.0, corner * 65536.0);
    cr_expect_float_eq(y[1], tone, 1e-9, "%d Hz: tone %g Hz, not 440 Hz", rates[k], y[1] * 65536.0);
  }
  /* and the check judges the default at the recipe's rate: sp_hints's
   * Cutoff (DEFAULT_LOW of 0 .. 0.25 of the rate) is 500 Hz at 8 kHz, in
   * its range; before, its 48 kHz value, 3000 Hz, was refused there */
  char *path = tu_write_text(dir, "h.yaml",
                             "stemprint: 1\nsample_rate: 8000\ntracks:\n  a: {file: "
                             "silence.wav, inserts: [{ladspa: {plugin: sp_hints}}]}\n");
  const char *check[] = {"check", path, "--no-levels", NULL};
  char *err = NULL;
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  free(err);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* A switch that moves, in steps: sp_hints (out = in × sign × steps) with
 * its Invert toggled on at 25 ms (frame 1200) and off at 62.51 ms (frame
 * 3000.48: the first frame at or after it, 3001), on a stereo track (one
 * instance a channel). Known answer: the sign flips at exactly those
 * frames, at any block length, and nowhere else. */
Test(ladspa, a_switch_moves_in_steps_at_its_frames)
{
  char *dir = tu_tmpdir();
  enum { N = 4800 };
  static float s[2 * N];
  for (int i = 0; i < 2 * N; i++)
    s[i] = i % 2 ? -0.25f : 0.5f;
  free(tu_write_wav(dir, "s.wav", 2, 48000, 32, s, N));
  char *path = tu_write_text(dir, "r.yaml",
                             "stemprint: 1\npan_law: 0 dB\ntail: 0\ntracks:\n  a: {file: s.wav, "
                             "inserts: [{ladspa: {plugin: sp_hints, steps: 2, invert: [[0, false], "
                             "[25 ms, true], [62.51 ms, false]]}}]}\n"
                             "output: {depth: 32f, dither: none}\n");
  static const size_t blocks[] = {0, 1000};
  for (size_t b = 0; b < 2; b++) {
    sp_render_result res;
    cr_assert_eq(tu_render(path, blocks[b], &res), SP_OK);
    sp_render_result_fini(&res);
    char *mix = tu_path(dir, "out/r/mix.wav");
    int64_t frames;
    int ch, rate;
    double *y = tu_read(mix, &frames, &ch, &rate);
    cr_assert(y && frames == N);
    double worst = 0;
    for (int i = 0; i < N; i++) {
      const double sign = i >= 1200 && i < 3001 ? -2.0 : 2.0;
      worst = fmax(worst, fabs(y[2 * i] - sign * 0.5) + fabs(y[2 * i + 1] + sign * 0.25));
    }
    cr_expect_eq(worst, 0.0, "block %zu: worst %g", blocks[b], worst);
    free(y);
    free(mix);
  }
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The latency the plugin reports on its "latency" port is compensated: a
 * dry and a delayed copy of an impulse land on the same frame. */
Test(ladspa, latency_is_read_from_the_latency_port_and_compensated)
{
  tu_expect_latency_compensated("{ladspa: {plugin: sp_latency, delay_frames: 10}}", 10, 1.0,
                                1e-9);
}

/* -j 1 and -j 2, and blocks of 64 and 4096 frames: the same bytes. */
Test(ladspa, the_same_bytes_at_any_thread_count_and_block)
{
  char *dir = tu_tmpdir();
  enum { N = 48000 };
  static float a[N], b[N];
  tu_tone(a, N, 110, 0.5);
  tu_tone(b, N, 330, 0.4);
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, N));
  free(tu_write_wav(dir, "b.wav", 1, 48000, 24, b, N));
  char *path = tu_write_text(
      dir, "r.yaml",
      "stemprint: 1\n"
      "tracks:\n  a: {file: a.wav, inserts: [{ladspa: {plugin: sp_latency, delay_frames: 7}}]}\n"
      "  b: {file: b.wav, inserts: [{ladspa: {plugin: 4242001, gain_db: [[0 s, -6], [1 s, 3]]}}]}\n"
      "stems: {sa: [a], sb: [b]}\n");
  const char *const *const runs[] = {
      (const char *const[]){"-j", "1", "--block-frames", "4096", NULL},
      (const char *const[]){"-j", "2", "--block-frames", "4096", NULL},
      (const char *const[]){"-j", "2", "--block-frames", "64", NULL},
      (const char *const[]){"-j", "2", "--block-frames", "1000", NULL},
  };
  static const char *const files[] = {"mix.wav", "sa.wav", "sb.wav", NULL};
  tu_expect_same_prints(dir, path, runs, 4, files);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

Test(ladspa, help_lists_the_installed_plugins_and_one_plugins_parameters)
{
  const char *all[] = {"help", "ladspa", NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(all, &out, NULL), 0);
  cr_expect(strstr(out, "LADSPA effects installed here (9 plugins on " SP_TEST_LADSPA_DIR ")") !=
                NULL,
            "%s", out);
  cr_expect(strstr(out, "sptest.so:sp_gain\n  stemprint test gain — ID 4242001; 1 in, 1 out; "
                        "track-only\n") != NULL,
            "%s", out);
  cr_expect(strstr(out, "sptest.so:sp_latency\n  stemprint test latency — ID 4242002; 1 in, 1 "
                        "out, reports latency; track-only\n") != NULL,
            "%s", out);
  cr_expect(strstr(out, "sptest.so:sp_noise\n  stemprint test generator — ID 4242006; 0 in, 1 "
                        "out; refused: it has no audio input") != NULL,
            "%s", out);
  free(out);
  const char *one[] = {"help", "ladspa", "4242004", NULL};
  cr_assert_eq(tu_run(one, &out, NULL), 0);
  cr_expect(strstr(out, "ladspa: {plugin: sptest.so:sp_hints}") != NULL, "%s", out);
  cr_expect(strstr(out, "steps") != NULL, "%s", out);
  free(out);
}

/* A named pipe no one writes, or a link to a device, named like a library
 * on the search path is skipped as a file that is no library is: the
 * shared opener (io/fs) says first that it is no file, where dlopen,
 * which opens by path, waited for a writer forever and hung every command
 * that asks for the plugins. */
Test(ladspa, a_fifo_named_like_a_library_is_skipped_never_waited_on, .timeout = 20)
{
  char *dir = tu_tmpdir(), *fifo = tu_path(dir, "a_fifo.so"), *dev = tu_path(dir, "b_zero.so");
  cr_assert(mkfifo(fifo, 0644) == 0 && symlink("/dev/zero", dev) == 0);
  char *path = sp_xasprintf("%s:%s", dir, SP_TEST_LADSPA_DIR);
  setenv("LADSPA_PATH", path, 1);
  const char *all[] = {"help", "ladspa", NULL};
  char *out = NULL;
  cr_assert_eq(tu_run(all, &out, NULL), 0);
  char *want = sp_xasprintf("LADSPA effects installed here (9 plugins on %s)", path);
  cr_expect(strstr(out, want), "%s", out);
  free(want);
  free(out);
  free(path);
  free(fifo), free(dev);
  tu_rmtree(dir);
  free(dir);
}

/* A Debian plugin (cmt's mono amplifier, LADSPA ID 1067): out = in × Gain. */
Test(ladspa, a_debian_plugin_renders_its_known_answer)
{
  unsetenv("LADSPA_PATH");
  const sp_proc_family *f = sp_proc_family_find("ladspa");
  char why[512];
  if (!f->make("1067", why, sizeof why))
    cr_skip_test("cmt (Debian's LADSPA plugins by Richard Furse) is not installed: %s", why);
  char *dir = tu_tmpdir();
  enum { N = 4800 };
  static float x[N];
  tu_tone(x, N, 440, 0.5);
  free(tu_write_wav(dir, "a.wav", 1, 48000, 32, x, N));
  char *path = tu_write_text(dir, "r.yaml",
                             "stemprint: 1\npan_law: 0 dB\ntail: 0\ntracks:\n  a: {file: a.wav, "
                             "inserts: [{ladspa: {plugin: 1067, gain: 0.25}}]}\n"
                             "output: {depth: 32f, dither: none}\n");
  int64_t frames;
  int ch;
  double *y = tu_render_mix(path, &frames, &ch);
  double worst = 0;
  for (int i = 0; i < N; i++)
    worst = fmax(worst, fabs(y[2 * i] - (double)(x[i] * 0.25f)));
  cr_expect_eq(worst, 0.0, "worst %g", worst);
  free(y);
  free(path);
  tu_rmtree(dir);
  free(dir);
}
