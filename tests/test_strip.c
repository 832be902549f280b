/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strip's own processing against known answers: inserts after the fader
 * (`post_inserts:`), observable with a nonlinear insert under a moving
 * fader; a pre-fader send's tap before the fader and the inserts after it,
 * lined up with the strip's output through their latency; a `tap: fader`
 * send's and key's after the fader and before those inserts (and, without
 * them, the post-fader tap's bytes); a send's and key's `tap: {after: N}`
 * between two of those inserts; a key taken before the fader; an insert
 * after the fader that widens a mono track. Every source is synthesized here and
 * rendered to 32-bit float without dither, so each expected number follows
 * from the definitions. */

#include "core/base/alloc.h"
#include "core/render/render.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000 };

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(strip, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

/* The fixed head of every recipe: exact float output, no dither. */
#define HEAD "stemprint: 1\nsample_rate: 48000\noutput: {dir: out, depth: 32f, dither: none}\n"

static void write_wav(const char *name, int channels, const float *x, int64_t frames)
{
  free(tu_write_wav(dir, name, channels, RATE, 32, x, frames));
}

/* ---- inserts after the fader ---------------------------------------------- */

/* The fader's gain at frame t of a ramp from 0 dB at 0 to -20 dB at 1 s. */
static double ramp_gain(int64_t t) { return pow(10.0, -20.0 * ((double)t / RATE) / 20.0); }

/* saturate at drive 12 dB: tanh(d·x)/d */
static double sat(double x)
{
  const double d = pow(10.0, 12.0 / 20.0);
  return tanh(d * x) / d;
}

Test(strip, an_insert_after_the_fader_hears_the_moving_fader)
{
  /* A stereo DC of 0.5 under a fader ramping 0 -> -20 dB over 1 s into a
   * saturator. Before the fader (inserts:) the output is g(t)·sat(0.5);
   * after it (post_inserts:) sat(g(t)·0.5): the curve sees the fader. */
  enum { LEN = 48000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  for (int post = 0; post < 2; post++) {
    char *text = sp_xasprintf(HEAD "tracks:\n"
                                   "  a: {file: dc.wav, gain: [[0, 0 dB], [1 s, -20 dB]],\n"
                                   "      %s: [{saturate: {drive: 12 dB}}]}\n",
                              post ? "post_inserts" : "inserts");
    tu_render_ok(dir, text);
    free(text);
    int64_t n;
    double *x = tu_read_out(dir, "mix", &n);
    cr_assert_eq(n, LEN);
    double worst = 0;
    for (int64_t t = 0; t < n; t++) {
      const double g = ramp_gain(t), want = post ? sat(g * 0.5) : g * sat(0.5);
      worst = fmax(worst, fmax(fabs(x[2 * t] - want), fabs(x[2 * t + 1] - want)));
    }
    cr_assert_lt(worst, 2e-6, "%s: worst error %g", post ? "post_inserts" : "inserts", worst);
    /* the two differ by far more than that half way */
    const double g = ramp_gain(LEN / 2);
    cr_assert_gt(fabs(sat(g * 0.5) - g * sat(0.5)), 0.05);
    free(x);
  }
}

/* The stems dry and wet of the last render: len frames, silent but at frame
 * click, where dry holds want_dry and wet want_wet (both channels). */
static void expect_click_stems(int64_t len, int64_t click, double want_dry, double want_wet)
{
  int64_t n;
  double *dry = tu_read_out(dir, "dry", &n), *wet = tu_read_out(dir, "wet", &n);
  cr_assert_eq(n, len);
  for (int64_t t = 0; t < n; t++)
    for (int c = 0; c < 2; c++) {
      const double d = dry[2 * t + c], w = wet[2 * t + c];
      if (t == click) {
        cr_assert_float_eq(d, want_dry, 1e-6, "dry at the click: %.9f", d);
        cr_assert_float_eq(w, want_wet, 1e-6, "wet at the click: %.9f", w);
      } else {
        cr_assert(fabs(d) < 1e-9 && fabs(w) < 1e-9, "frame %lld: dry %g wet %g", (long long)t, d,
                  w);
      }
    }
  free(dry);
  free(wet);
}

Test(strip, a_pre_fader_send_taps_before_the_fader_and_the_inserts_after_it)
{
  /* A click of 0.25 at frame 10000 through a fader at -6 dB and, after
   * it, a 5 ms lookahead limiter that never reaches its ceiling (a pure
   * delay: its latency, compensated); a pre-fader send at -12 dB to a
   * bus. The bus hears the click at 0.25·10^(-12/20), unscaled by the
   * fader, at the same frame as the strip's own output (0.25·10^(-6/20),
   * which the limiter leaves alone), and nothing else sounds. */
  enum { LEN = 24000, CLICK = 10000 };
  tu_write_click(dir, "click.wav", 2, LEN, CLICK, 0.25f);
  tu_render_ok(dir, HEAD "tail: 0\n"
                 "tracks:\n"
                 "  a: {file: click.wav, gain: -6 dB,\n"
                 "      post_inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}],\n"
                 "      sends: [{to: fx, level: -12 dB, tap: pre}]}\n"
                 "buses:\n"
                 "  fx: {}\n"
                 "stems: {split: buses, dry: [a], wet: [fx]}\n");
  expect_click_stems(LEN, CLICK, 0.25 * pow(10.0, -6.0 / 20.0), 0.25 * pow(10.0, -12.0 / 20.0));
}

Test(strip, a_fader_tap_send_hears_the_fader_not_the_inserts_after_it)
{
  /* A click of 0.25 at frame 6000 through a fader at -6 dB, then after it
   * a -10 dB gain and a 5 ms lookahead limiter that never reaches its
   * ceiling (a pure delay: its latency, compensated); a `tap: fader` send
   * at -12 dB to a bus. The bus hears the click faded but not through the
   * -10 dB, 0.25·10^(-18/20), at the same frame as the strip's own output
   * (0.25·10^(-16/20)), and nothing else sounds. */
  enum { LEN = 12000, CLICK = 6000 };
  tu_write_click(dir, "click.wav", 2, LEN, CLICK, 0.25f);
  tu_render_ok(dir, HEAD "tail: 0\n"
                 "tracks:\n"
                 "  a: {file: click.wav, gain: -6 dB,\n"
                 "      post_inserts: [{gain: {gain: -10 dB}},\n"
                 "                     {limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}],\n"
                 "      sends: [{to: fx, level: -12 dB, tap: fader}]}\n"
                 "buses:\n"
                 "  fx: {}\n"
                 "stems: {split: buses, dry: [a], wet: [fx]}\n");
  expect_click_stems(LEN, CLICK, 0.25 * pow(10.0, -16.0 / 20.0), 0.25 * pow(10.0, -18.0 / 20.0));
}

Test(strip, a_tap_after_a_post_insert_hears_the_inserts_before_it_and_not_those_after)
{
  /* A click of 0.25 at frame 6000 through a fader at -6 dB, then after it
   * a -6 dB gain, a 5 ms lookahead limiter that never reaches its ceiling
   * (a pure delay: its latency, compensated) and another -6 dB gain; the
   * strip's own output is 0.25·10^(-18/20). A send at -12 dB tapped after
   * the first gain (before the latent limiter: its copy waits out the
   * limiter's latency) or after the limiter (by place or by name: the
   * limiter delayed it already) hears 0.25·10^(-24/20), at the same frame
   * as the strip's output; after the last insert it hears the output. */
  enum { LEN = 12000, CLICK = 6000 };
  static const struct {
    const char *after;
    double wet_db;
  } rows[] = {{"1", -24}, {"2", -24}, {"limiter", -24}, {"3", -30}};
  tu_write_click(dir, "click.wav", 2, LEN, CLICK, 0.25f);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char *text =
        sp_xasprintf(HEAD "tail: 0\n"
                          "tracks:\n"
                          "  a: {file: click.wav, gain: -6 dB,\n"
                          "      post_inserts: [{gain: {gain: -6 dB}},\n"
                          "                     {limiter: {ceiling: 0 dBTP, lookahead: 5 ms}},\n"
                          "                     {gain: {gain: -6 dB}}],\n"
                          "      sends: [{to: fx, level: -12 dB, tap: {after: %s}}]}\n"
                          "buses:\n"
                          "  fx: {}\n"
                          "stems: {split: buses, dry: [a], wet: [fx]}\n",
                     rows[i].after);
    tu_render_ok(dir, text);
    free(text);
    expect_click_stems(LEN, CLICK, 0.25 * pow(10.0, -18.0 / 20.0),
                       0.25 * pow(10.0, rows[i].wet_db / 20.0));
  }
}

Test(strip, a_tap_after_a_post_insert_of_a_bus_keeps_each_stem_in_its_lane)
{
  /* Two tracks, each a stem, through one bus whose post_inserts are a
   * -6 dB gain, a 5 ms lookahead limiter that never reaches its ceiling
   * (linked across the stems: a pure delay) and another -6 dB gain; the
   * bus sends at -6 dB, tapped after the gain, to a return. Each stem
   * holds its own click alone, at its frame: a's 0.25 and b's 0.5, each
   * × (10^(-12/20) through the bus + 10^(-12/20) through the return). */
  enum { LEN = 12000, CA = 3000, CB = 7000 };
  tu_write_click(dir, "a.wav", 2, LEN, CA, 0.25f);
  tu_write_click(dir, "b.wav", 2, LEN, CB, 0.5f);
  tu_render_ok(dir, HEAD "tail: 0\n"
                         "tracks:\n"
                         "  a: {file: a.wav, to: g}\n"
                         "  b: {file: b.wav, to: g}\n"
                         "buses:\n"
                         "  g: {post_inserts: [{gain: {gain: -6 dB}},\n"
                         "                     {limiter: {ceiling: 0 dBTP, lookahead: 5 ms}},\n"
                         "                     {gain: {gain: -6 dB}}],\n"
                         "      sends: [{to: fx, level: -6 dB, tap: {after: 1}}]}\n"
                         "  fx: {}\n"
                         "stems: {sa: [a], sb: [b]}\n");
  const double k = 2 * pow(10.0, -12.0 / 20.0);
  static const struct {
    const char *stem;
    int64_t click;
    double amp;
  } rows[] = {{"sa", CA, 0.25}, {"sb", CB, 0.5}};
  for (size_t i = 0; i < 2; i++) {
    int64_t n;
    double *x = tu_read_out(dir, rows[i].stem, &n);
    cr_assert_eq(n, LEN);
    for (int64_t t = 0; t < n; t++)
      for (int c = 0; c < 2; c++) {
        const double want = t == rows[i].click ? rows[i].amp * k : 0;
        cr_assert_float_eq(x[2 * t + c], want, 1e-6, "%s frame %lld: %.9f", rows[i].stem,
                           (long long)t, x[2 * t + c]);
      }
    free(x);
  }
}

Test(strip, a_tap_after_the_last_post_insert_is_the_post_tap)
{
  /* `tap: {after: N}` past the last of N post_inserts is `tap: post`, bit
   * for bit, for a send and a key, under a moving fader; in between it
   * differs. */
  enum { LEN = 9600 };
  float *x = sp_xcalloc(2 * LEN, sizeof *x);
  uint32_t s = 7;
  for (size_t i = 0; i < 2 * LEN; i++) {
    s = s * 1664525u + 1013904223u;
    x[i] = 0.4f * (float)((double)(s >> 8) / 8388608.0 - 1.0);
  }
  write_wav("n.wav", 2, x, LEN);
  free(x);
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  static const char *const taps[] = {"post", "{after: 2}", "{after: 1}"};
  double *out[3][2];
  for (int k = 0; k < 3; k++) {
    char *text = sp_xasprintf(
        HEAD "tail: 0\n"
             "tracks:\n"
             "  a: {file: n.wav, gain: [[0, 0 dB], [0.2 s, -12 dB]],\n"
             "      post_inserts: [{saturate: 6 dB}, {gain: {gain: -3 dB}}],\n"
             "      sends: [{to: fx, level: -3 dB, tap: %s}]}\n"
             "  b: {file: dc.wav, inserts: [{compressor: {threshold: -30 dB, ratio: 4,\n"
             "      attack: 1 ms, release: 10 ms, key: {from: a, tap: %s}}}]}\n"
             "buses:\n"
             "  fx: {}\n"
             "stems: {split: buses, dry: [a, b], wet: [fx]}\n",
        taps[k], taps[k]);
    tu_render_ok(dir, text);
    free(text);
    int64_t n;
    out[k][0] = tu_read_out(dir, "dry", &n);
    cr_assert_eq(n, LEN);
    out[k][1] = tu_read_out(dir, "wet", &n);
    cr_assert_eq(n, LEN);
  }
  const size_t bytes = (size_t)(2 * LEN) * sizeof(double);
  for (int c = 0; c < 2; c++) {
    cr_assert(memcmp(out[0][c], out[1][c], bytes) == 0, "%s differs", c ? "wet" : "dry");
    cr_assert(memcmp(out[0][c], out[2][c], bytes) != 0, "%s the same after 1", c ? "wet" : "dry");
    for (int k = 0; k < 3; k++)
      free(out[k][c]);
  }
}

Test(strip, a_fader_tap_without_inserts_after_the_fader_is_the_post_tap)
{
  /* No post_inserts: `tap: fader` is `tap: post`, bit for bit, under a
   * moving fader and a moving send level, for a send and a key. */
  enum { LEN = 9600 };
  float *x = sp_xcalloc(2 * LEN, sizeof *x);
  uint32_t s = 11;
  for (size_t i = 0; i < 2 * LEN; i++) {
    s = s * 1664525u + 1013904223u;
    x[i] = 0.4f * (float)((double)(s >> 8) / 8388608.0 - 1.0);
  }
  write_wav("n.wav", 2, x, LEN);
  free(x);
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  double *out[2][2];
  int64_t n[2];
  for (int fader = 0; fader < 2; fader++) {
    const char *tap = fader ? "fader" : "post";
    char *text = sp_xasprintf(
        HEAD "tail: 0\n"
             "tracks:\n"
             "  a: {file: n.wav, gain: [[0, 0 dB], [0.2 s, -12 dB]], pan: 0.3,\n"
             "      sends: [{to: fx, level: [[0, -3 dB], [0.1 s, -9 dB]], tap: %s}]}\n"
             "  b: {file: dc.wav, inserts: [{compressor: {threshold: -30 dB, ratio: 4,\n"
             "      attack: 1 ms, release: 10 ms, key: {from: a, tap: %s}}}]}\n"
             "buses:\n"
             "  fx: {}\n"
             "stems: {split: buses, dry: [a, b], wet: [fx]}\n",
        tap, tap);
    tu_render_ok(dir, text);
    free(text);
    out[fader][0] = tu_read_out(dir, "dry", &n[fader]);
    out[fader][1] = tu_read_out(dir, "wet", &n[fader]);
  }
  cr_assert_eq(n[0], LEN);
  cr_assert_eq(n[1], LEN);
  for (int k = 0; k < 2; k++) {
    cr_assert(memcmp(out[0][k], out[1][k], (size_t)(2 * LEN) * sizeof(double)) == 0,
              "%s differs", k ? "wet" : "dry");
    free(out[0][k]);
    free(out[1][k]);
  }
}

/* The last frame of the mix where track a (DC at 0.5) runs through a
 * compressor keyed by track k (DC at 0.9, as key_track says it beside its
 * file), the key tapped at `tap` (level[0]) and at `post` (level[1]); len
 * frames. */
static void keyed_levels(const char *key_track, const char *tap, int len, double level[2])
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, len);
  tu_write_dc(dir, "key.wav", 2, 0.9f, len);
  for (int post = 0; post < 2; post++) {
    char *text = sp_xasprintf(
        HEAD "tracks:\n"
             "  k: {file: key.wav, %s}\n"
             "  a: {file: dc.wav, inserts: [{compressor: {threshold: -20 dB, ratio: 4,\n"
             "      attack: 1 ms, release: 10 ms, key: {from: k, tap: %s}}}]}\n",
        key_track, post ? "post" : tap);
    tu_render_ok(dir, text);
    free(text);
    int64_t n;
    double *x = tu_read_out(dir, "mix", &n);
    level[post] = x[2 * (n - 1)];
    free(x);
  }
}

Test(strip, a_fader_tap_key_hears_the_fader_not_the_inserts_after_it)
{
  /* A key source at 0.9 with its fader at 0 dB and a -inf dB gain after
   * it: a `tap: fader` key hears 0.9 and ducks the other track, a `tap:
   * post` key hears silence and ducks nothing. */
  double level[2];
  keyed_levels("post_inserts: [{gain: {gain: -inf dB}}]", "fader", 4800, level);
  cr_assert_float_eq(level[1], 0.5, 1e-6, "a post-fader key of silence ducks: %g", level[1]);
  cr_assert_lt(level[0], 0.25, "a fader-tap key of 0.9 ducks the track: %g", level[0]);
}

Test(strip, a_key_tapped_after_a_post_insert_hears_it_and_not_the_ones_after_it)
{
  /* A key source at 0.9, its fader at 0 dB, then a 0 dB gain and a -inf
   * dB gain after it: a key tapped after the first hears 0.9 and ducks
   * the other track; after the second (as `tap: post`) it hears silence. */
  double level[2];
  keyed_levels("post_inserts: [{gain: {gain: 0 dB}}, {gain: {gain: -inf dB}}]", "{after: 1}", 4800,
               level);
  cr_assert_float_eq(level[1], 0.5, 1e-6, "a post-fader key of silence ducks: %g", level[1]);
  cr_assert_lt(level[0], 0.25, "a key of 0.9 after the first insert ducks the track: %g", level[0]);
}

Test(strip, a_pre_fader_key_hears_the_strip_before_its_fader)
{
  /* A key source whose fader is -inf dB and whose chain has an insert
   * after the fader: a `tap: pre` key hears it before the fader, so the
   * keyed compressor on the other track ducks as if the fader were up;
   * a `tap: post` key hears silence and ducks nothing. */
  double level[2];
  keyed_levels("gain: -inf dB, post_inserts: [{gain: {gain: 0 dB}}]", "pre", 48000, level);
  cr_assert_float_eq(level[1], 0.5, 1e-6, "a post-fader key of silence ducks: %g", level[1]);
  cr_assert_lt(level[0], 0.25, "a pre-fader key of 0.9 ducks the track: %g", level[0]);
}

/* Stem name of the last render: len frames, silent but at frame click,
 * where it holds l and r. */
static void expect_click(const char *name, int64_t len, int64_t click, double l, double r)
{
  int64_t n;
  double *x = tu_read_out(dir, name, &n);
  cr_assert_eq(n, len, "%s: %lld frames", name, (long long)n);
  for (int64_t t = 0; t < n; t++)
    for (int c = 0; c < 2; c++) {
      const double want = t != click ? 0 : c ? r : l;
      cr_assert_float_eq(x[2 * t + c], want, 1e-6, "%s frame %lld channel %d: %.9f, not %.9f",
                         name, (long long)t, c, x[2 * t + c], want);
    }
  free(x);
}

Test(strip, an_insert_after_the_fader_widens_a_mono_track)
{
  /* A mono click of 0.5 at frame 10000 through a fader at -6 dB, then
   * after it a gain of -6 dB, a fold into stereo (L = R = M/sqrt(2)) and
   * a 5 ms lookahead limiter (a pure delay here, compensated), panned
   * 0.5. From the fold on the track is stereo: its output is balanced
   * (the left x cos(pi/4)), and so is a post-fader send's. A pre-fader
   * send and one tapped after the gain hear the mono path, each placed
   * by the mono law (-3 dB: cos(3pi/8), sin(3pi/8)) at its level. Every
   * one lands at the click's frame, and the stems null. */
  enum { LEN = 24000, CLICK = 10000 };
  tu_write_click(dir, "m.wav", 1, LEN, CLICK, 0.5f);
  sp_render_result res;
  cr_assert_eq(
      tu_render_text(dir,
                     HEAD "tail: 0\n"
                          "tracks:\n"
                          "  a: {file: m.wav, gain: -6 dB, pan: 0.5,\n"
                          "      post_inserts: [{gain: -6 dB}, fold: stereo,\n"
                          "                     {limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}],\n"
                          "      sends: [{to: x, tap: pre}, {to: y, tap: {after: 1}}, {to: z}]}\n"
                          "buses: {x: {}, y: {}, z: {}}\n"
                          "stems: {split: buses, a: [a], x: [x], y: [y], z: [z]}\n",
                     &res),
      SP_OK);
  cr_assert(res.null_ran && res.null_passed);
  sp_render_result_fini(&res);
  const double g = pow(10.0, -6.0 / 20.0), wide = 0.5 * g * g / sqrt(2.0);
  const double ml = cos(3 * M_PI / 8), mr = sin(3 * M_PI / 8);
  expect_click("a", LEN, CLICK, wide * cos(M_PI / 4), wide);
  expect_click("z", LEN, CLICK, wide * cos(M_PI / 4), wide);
  expect_click("x", LEN, CLICK, 0.5 * ml, 0.5 * mr);
  expect_click("y", LEN, CLICK, 0.5 * g * g * ml, 0.5 * g * g * mr);
}

Test(strip, stems_null_through_a_limiter_after_master_fader)
{
  /* master: a fader at +12 dB, then a limiter that works hard; the stems
   * still sum to the mix */
  enum { LEN = 48000 };
  float *x = sp_xcalloc(2 * LEN, sizeof *x);
  uint32_t s = 7;
  for (size_t i = 0; i < 2 * LEN; i++) {
    s = s * 1664525u + 1013904223u;
    x[i] = 0.3f * (float)((double)(s >> 8) / 8388608.0 - 1.0);
  }
  write_wav("n.wav", 2, x, LEN);
  free(x);
  tu_write_dc(dir, "dc.wav", 2, 0.2f, LEN);
  sp_render_result res;
  cr_assert_eq(tu_render_text(dir, HEAD
                           "tracks: {a: n.wav, b: dc.wav}\n"
                           "master: {gain: 12 dB, post_inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
                           "stems: {sa: [a], sb: [b]}\n",
                           &res),
               SP_OK);
  cr_assert(res.null_ran && res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -100.0, "residual %.1f dBFS",
               res.null.residual_peak_dbfs);
  sp_render_result_fini(&res);
  int64_t n;
  double *m = tu_read_out(dir, "mix", &n);
  double peak = 0;
  for (int64_t i = 0; i < 2 * n; i++)
    peak = fmax(peak, fabs(m[i]));
  free(m);
  /* 0.5 + 12 dB would be 2: the limiter after the fader holds it */
  cr_assert_lt(peak, 1.0);
}

/* ---- polarity channel by channel ------------------------------------------ */

Test(strip, polarity_channel_by_channel_inverts_exactly_those_channels)
{
  /* L 0.5, R 0.25; invert: [false, true] gives L 0.5 and R -0.25,
   * bit for bit (a multiplication by -1) */
  enum { LEN = 4800 };
  float *x = sp_xcalloc(2 * LEN, sizeof *x);
  for (size_t i = 0; i < LEN; i++) {
    x[2 * i] = 0.5f;
    x[2 * i + 1] = 0.25f;
  }
  write_wav("lr.wav", 2, x, LEN);
  free(x);
  tu_render_ok(dir, HEAD "tracks:\n  a: {file: lr.wav, invert: [false, true]}\n");
  int64_t n;
  double *y = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  for (int64_t t = 0; t < n; t++) {
    cr_assert_eq(y[2 * t], 0.5, "L at %lld: %g", (long long)t, y[2 * t]);
    cr_assert_eq(y[2 * t + 1], -0.25, "R at %lld: %g", (long long)t, y[2 * t + 1]);
  }
  free(y);
}

Test(strip, polarity_channel_by_channel_needs_one_a_channel)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  char *path = tu_write_text(dir, "t.yaml",
                             HEAD "tracks:\n  a: {file: dc.wav, invert: [true, false, true]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_neq(tu_run(args, NULL, &err), 0);
  cr_assert(strstr(err, "tracks.a.invert: 3 polarities for a strip whose chain takes 2 channels"),
            "%s", err);
  free(err);
  free(path);
}

/* A moving polarity's setting longer than the chain's channels is refused
 * as a polarity's list of another length is, at its key: before, the
 * settings past the chain's channels were dropped, the recipe checked. A
 * shorter one leaves the channels after it upright. */
Test(strip, a_moving_polaritys_setting_past_the_chains_channels_is_refused)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  char *path = tu_write_text(
      dir, "t.yaml",
      HEAD "tracks:\n  a: {file: dc.wav, invert: [[0, false], [0.05 s, [true, false, true]]]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_assert_neq(tu_run(args, NULL, &err), 0);
  cr_assert(strstr(err, "tracks.a.invert: a moving polarity's setting of 3 channels for a strip "
                        "whose chain takes 2 channels"),
            "%s", err);
  free(err);
  free(path);
  path = tu_write_text(
      dir, "t.yaml", HEAD "tracks:\n  a: {file: dc.wav, invert: [[0, false], [0.05 s, [true]]]}\n");
  const char *shorter[] = {"check", path, NULL};
  cr_assert_eq(tu_run(shorter, NULL, &err), 0, "%s", err);
  free(err);
  free(path);
}

/* ---- a moving mute ------------------------------------------------------- */

Test(strip, a_moving_mute_lands_at_its_frame_declicked_as_ardour)
{
  /* A stereo DC of 0.5 muted at 0.5 s (frame 24000) and unmuted at 0.75 s
   * (36000). Ardour's delivery declick: a double state g, g += a·(target −
   * g) a frame with a = 156.825/48000 in float, each frame × g before it
   * moves, run in Ardour's 1024-frame cycles from the timeline's start: at
   * a cycle's end g becomes a float, or the target once within 1e-5. The
   * output is 0.5·g, frame for frame; before 24000 it is 0.5, and the
   * muting, within 1e-5 after 3,519 frames (27519), settles at the end of
   * that cycle (27648): 3,648 frames. */
  enum { LEN = 48000, MUTE = 24000, UNMUTE = 36000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  tu_render_ok(dir, HEAD "tracks:\n"
                 "  a: {file: dc.wav, mute: [[0, false], [0.5 s, true], [0.75 s, false]]}\n");
  int64_t n;
  double *x = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  const float a = 156.825f / 48000.0f;
  double g = 1.0, target = 1.0;
  int64_t settled = -1;
  for (int64_t t = 0; t < n; t++) {
    if (t == MUTE)
      target = 0.0;
    if (t == UNMUTE)
      target = 1.0;
    const float want = 0.5f * (float)g;
    cr_assert_eq(x[2 * t], want, "frame %lld: %.9g, want %.9g", (long long)t, x[2 * t], want);
    cr_assert_eq(x[2 * t + 1], want);
    if (g != target) {
      g += a * (target - g);
      if ((t + 1) % 1024 == 0) {
        const float rv = (float)g;
        g = fabsf(rv - (float)target) < 1e-5 ? target : rv;
        if (g == 0.0 && target == 0.0 && settled < 0)
          settled = t + 1 - MUTE;
      }
    }
  }
  cr_assert_eq(x[2 * MUTE], 0.5, "the point's frame is scaled by the state before it moves");
  cr_assert_lt(x[2 * (MUTE + 1)], 0.5);
  cr_assert_eq(settled, 3648, "settled in %lld frames", (long long)settled);
  cr_assert_eq(x[2 * (UNMUTE - 1)], 0.0);
  free(x);
}

Test(strip, a_moving_mute_is_the_same_at_every_block_size)
{
  enum { LEN = 20000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  char *path = tu_write_text(
      dir, "t.yaml",
      HEAD "tracks:\n"
           "  a: {file: dc.wav, mute: [[0, false], [1000 smp, true], [1100 smp, false], "
           "[5000 smp, true]]}\n");
  sp_render_result res;
  cr_assert_eq(tu_render(path, 64, &res), SP_OK);
  sp_render_result_fini(&res);
  int64_t n;
  double *a = tu_read_out(dir, "mix", &n);
  cr_assert_eq(tu_render(path, 4096, &res), SP_OK);
  sp_render_result_fini(&res);
  double *b = tu_read_out(dir, "mix", &n);
  for (int64_t i = 0; i < 2 * n; i++)
    cr_assert_eq(a[i], b[i], "sample %lld", (long long)i);
  /* unmuted before it settled: the unmuting starts from where it was */
  cr_assert_gt(a[2 * 1100], 0.0);
  cr_assert_lt(a[2 * 1100], 0.5);
  free(a);
  free(b);
  free(path);
}

/* ---- mute points ---------------------------------------------------------- */

/* The mix of a stereo DC of 0.5 through a fader at -20 dB, muted (mute:
 * given), with a pre-fader send at -6 dB to bus pre and a post-fader one
 * at -12 dB to bus post, whose mute silences pts (NULL: the key left out). */
static double mix_of_muted(const char *mute, const char *pts)
{
  char *pk = pts ? sp_xasprintf(", mute_points: %s", pts) : sp_xstrdup("");
  char *yaml = sp_xasprintf(HEAD "length: 0.25 s\ntail: 0\n"
                                 "tracks:\n"
                                 "  a: {file: dc.wav, gain: -20 dB, mute: %s%s,\n"
                                 "      sends: [{to: pre, level: -6 dB, tap: pre},\n"
                                 "              {to: post, level: -12 dB}]}\n"
                                 "buses:\n  pre: {}\n  post: {}\n",
                            mute, pk);
  tu_render_ok(dir, yaml);
  int64_t n;
  double *x = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, 12000);
  for (int64_t t = 1; t < n; t++) /* one value, both sides */
    cr_assert(x[2 * t] == x[0] && x[2 * t + 1] == x[0], "%s: frame %lld: %.9g, %.9g", yaml,
              (long long)t, x[2 * t], x[2 * t + 1]);
  const double v = x[0];
  free(x);
  free(yaml);
  free(pk);
  return v;
}

Test(strip, a_mute_silences_only_its_mute_points)
{
  /* Ardour's MuteMaster: a mute silences the points it names and no
   * other; its default, every one. Main out 0.5·0.1, the pre-fader send
   * 0.5·10^(-6/20), the post-fader send 0.5·0.1·10^(-12/20). */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 12000);
  const double main = 0.05, pre = 0.5 * pow(10.0, -6.0 / 20.0),
               post = 0.05 * pow(10.0, -12.0 / 20.0);
  static const struct {
    const char *pts;
    int main, pre, post; /* heard */
  } cases[] = {
      {NULL, 0, 0, 0},
      {"[pre_fader, post_fader, main]", 0, 0, 0},
      {"[post_fader, main]", 0, 1, 0}, /* Ardour 6 and 7's own default */
      {"[pre_fader]", 1, 0, 1},
      {"post_fader", 1, 1, 0},
      {"[main]", 0, 1, 1},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    const double want = cases[k].main * main + cases[k].pre * pre + cases[k].post * post;
    if (want == 0) /* nothing heard: refused (a_mix_silent_by_its_routing_is_refused) */
      continue;
    const double got = mix_of_muted("true", cases[k].pts);
    cr_expect_float_eq(got, want, 1e-6, "mute_points %s: %.9g, want %.9g",
                       cases[k].pts ? cases[k].pts : "(left out)", got, want);
  }
  /* unmuted, the points change nothing */
  cr_expect_float_eq(mix_of_muted("false", "[main]"), main + pre + post, 1e-6);
}

/* What import writes for Ardour tracks wired to nothing, every track
 * muted at [post_fader, main] with no send: a mix of silence by its
 * routing, refused by check and render alike as an empty one is; the same
 * with plain mutes and a 'length'. A stem so silenced is a warning naming
 * it, in both commands; a pre-fader send that is heard keeps the mix. */
Test(strip, a_mix_silent_by_its_routing_is_refused)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  static const struct {
    const char *tracks;
    const char *said;
  } cases[] = {
      {"  a: {file: dc.wav, mute: true, mute_points: [post_fader, main]}\n"
       "  b: {file: dc.wav, mute: true, mute_points: [post_fader, main]}\n",
       "tracks.a.mute_points: nothing to render: no track of 2 is heard in the mix: track 'a' is "
       "muted at its output (mute_points: [post_fader, main]) and it has no send; unmute it, or "
       "take main out of its mute_points"},
      {"  a: {file: dc.wav, mute: true}\n",
       "tracks.a.mute: nothing to render: no track is heard in the mix: track 'a' is muted; "
       "unmute it"},
      {"  a: {file: dc.wav, to: g}\nbuses:\n  g: {mute: true, mute_points: [main]}\n",
       "buses.g.mute_points: nothing to render: no track is heard in the mix: track 'a' reaches "
       "master through bus 'g', which is muted at its output (mute_points: [main])"},
      /* under a solo, at the soloed track's solo (not at a track of the
       * others, which have none), naming where it goes quiet */
      {"  t0: dc.wav\n  a: {file: dc.wav, solo: true, to: x}\nbuses:\n  x: {mute: true}\n",
       "t.yaml:7:27: tracks.a.solo: nothing to render: no track of 2 is heard in the mix: track "
       "'a' is soloed, which silences the tracks that are not, and track 'a' reaches master "
       "through bus 'x', which is muted (buses.x.mute); unmute it, or solo a track that is heard"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char *yaml = sp_xasprintf(HEAD "length: 0.1 s\ntracks:\n%s", cases[k].tracks);
    char *path = tu_write_text(dir, "t.yaml", yaml), *out = tu_path(dir, "out");
    const char *check[] = {"check", path, NULL};
    const char *render[] = {"render", path, "-o", out, NULL};
    const char *const *cmds[] = {check, render};
    for (int c = 0; c < 2; c++) {
      char *err = NULL;
      cr_expect_eq(tu_run(cmds[c], NULL, &err), 2, "%s %s: %s", cmds[c][0], yaml, err);
      cr_expect(err && strstr(err, cases[k].said), "%s %s: %s", cmds[c][0], yaml, err);
      free(err);
    }
    free(out);
    free(path);
    free(yaml);
  }
  /* a pre-fader send heard: the mix sounds, no word */
  char *path =
      tu_write_text(dir, "t.yaml",
                    HEAD "length: 0.1 s\ntracks:\n"
                         "  a: {file: dc.wav, mute: true, mute_points: [post_fader, main],\n"
                         "      sends: [{to: fx, tap: pre}]}\nbuses:\n  fx: {}\n");
  char *err = NULL;
  const char *check[] = {"check", path, NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  cr_expect(err && !*err, "%s", err);
  free(err);
  free(path);
}

Test(strip, a_stem_silent_by_its_routing_is_said_by_check_and_render)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  char *path =
      tu_write_text(dir, "t.yaml",
                    HEAD "length: 0.1 s\ntracks:\n"
                         "  a: {file: dc.wav, mute: true, mute_points: [post_fader, main]}\n"
                         "  b: {file: dc.wav}\n"
                         "stems:\n  one: [a]\n  two: [b]\n");
  char *out = tu_path(dir, "out");
  const char *check[] = {"check", path, NULL};
  const char *render[] = {"render", path, "-o", out, NULL};
  const char *const *cmds[] = {check, render};
  for (int c = 0; c < 2; c++) {
    char *err = NULL;
    cr_expect_eq(tu_run(cmds[c], NULL, &err), 0, "%s: %s", cmds[c][0], err);
    cr_expect(err && strstr(err, "warning: ") &&
                  strstr(err, "stems.one: stem 'one' prints silence: no track of it is heard at "
                              "master: track 'a' is muted at its output (mute_points: "
                              "[post_fader, main]) and it has no send; unmute it, or take main "
                              "out of its mute_points"),
              "%s: %s", cmds[c][0], err);
    cr_expect(err && !strstr(err, "stem 'two'"), "%s", err);
    free(err);
  }
  free(out);
  free(path);
}

Test(strip, a_moving_mute_silences_only_its_mute_points)
{
  /* A stereo DC of 0.5, muted at 0.05 s by automation, its mute points
   * [main]: its pre-fader send at -6 dB goes on at 0.5·10^(-6/20) while
   * its output (0.5 at 0 dB) goes to silence through the mute's declick,
   * as the same mute without the send would. */
  enum { LEN = 12000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  const char *mute = "mute: [[0, false], [0.05 s, true]]";
  char *alone = sp_xasprintf(HEAD "tail: 0\ntracks:\n  a: {file: dc.wav, %s}\n", mute);
  tu_render_ok(dir, alone);
  int64_t n;
  double *out = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  char *sent = sp_xasprintf(HEAD "tail: 0\ntracks:\n"
                                 "  a: {file: dc.wav, %s, mute_points: [main],\n"
                                 "      sends: [{to: fx, level: -6 dB, tap: pre}]}\n"
                                 "buses:\n  fx: {}\n",
                            mute);
  tu_render_ok(dir, sent);
  double *x = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  const double send = 0.5 * pow(10.0, -6.0 / 20.0);
  for (int64_t t = 0; t < n; t++)
    cr_assert_float_eq(x[2 * t], out[2 * t] + send, 1e-6, "frame %lld: %.9g, want %.9g",
                       (long long)t, x[2 * t], out[2 * t] + send);
  cr_assert_eq(out[2 * (LEN - 1)], 0.0, "the output is muted by the end");
  free(x);
  free(out);
  free(alone);
  free(sent);
}

Test(strip, a_solo_silences_only_the_mute_points)
{
  /* b soloed; a, silenced by the solo, its points [post_fader, main]:
   * its pre-fader send at -6 dB goes on (0.5·10^(-6/20)) beside b's 0.25 */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  tu_write_dc(dir, "b.wav", 2, 0.25f, 4800);
  const char *recipe = HEAD "tail: 0\ntracks:\n"
                            "  a: {file: dc.wav, mute_points: [post_fader, main],\n"
                            "      sends: [{to: fx, level: -6 dB, tap: pre}, {to: fx, level: 0 "
                            "dB}]}\n"
                            "  b: {file: b.wav, solo: true}\n"
                            "buses:\n  fx: {}\n";
  tu_render_ok(dir, recipe);
  /* check says muted (at their points), not silent */
  char *path = tu_write_text(dir, "t.yaml", recipe), *err = NULL;
  const char *args[] = {"check", "--no-levels", path, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  cr_expect(err && strstr(err, "tracks.b.solo: track 'b' is soloed: every track that is not "
                               "soloed is muted in this render (at its mute_points)"),
            "%s", err);
  free(err);
  free(path);
  int64_t n;
  double *x = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, 4800);
  const double want = 0.25 + 0.5 * pow(10.0, -6.0 / 20.0);
  for (int64_t t = 0; t < 2 * n; t++)
    cr_assert_float_eq(x[t], want, 1e-6, "sample %lld: %.9g, want %.9g", (long long)t, x[t], want);
  free(x);
}

Test(strip, mute_points_take_some_of_their_words)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  static const struct {
    const char *pts, *says;
  } bad[] = {
      {"[]", "tracks.a.mute_points: an empty list gives none of 'pre_fader', 'post_fader' or "
             "'main'"},
      {"[main, listen]", "tracks.a.mute_points[1]: expected 'pre_fader', 'post_fader' or 'main'"},
      {"prefader", "did you mean 'pre_fader'?"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    char *yaml = sp_xasprintf(HEAD "tracks:\n  a: {file: dc.wav, mute: true, mute_points: %s}\n",
                              bad[k].pts);
    char *path = tu_write_text(dir, "t.yaml", yaml);
    char *err = NULL;
    const char *args[] = {"check", path, NULL};
    cr_expect_neq(tu_run(args, NULL, &err), 0, "%s taken", bad[k].pts);
    cr_expect(err && strstr(err, bad[k].says), "%s:\n%s", bad[k].pts, err);
    free(err);
    free(path);
    free(yaml);
  }
}

/* ---- a moving bypass ------------------------------------------------------ */

/* The declick's state through frame t of a step to target at frame at from
 * g0, as Ardour's Amp::apply_gain runs it in 1024-frame cycles (the moving
 * mute's, above): the gain of each frame is the state before it moves. */
typedef struct declick_model {
  double g, target;
} declick_model;

static float declick_step(declick_model *m, int64_t t)
{
  const float a = 156.825f / 48000.0f;
  const float now = (float)m->g;
  if (m->g != m->target) {
    m->g += a * (m->target - m->g);
    if ((t + 1) % 1024 == 0) {
      const float rv = (float)m->g;
      m->g = fabsf(rv - (float)m->target) < 1e-5 ? m->target : rv;
    }
  }
  return now;
}

Test(strip, a_moving_bypass_crossfades_to_the_dry_input_through_the_declick)
{
  /* A stereo DC of 0.5 through a -6 dB gain insert bypassed from frame
   * 24000. Before it (and at its own frame) the output is the insert's,
   * 0.5·10^(-6/20); then y = g·wet + (1 − g)·dry in float, g the moving
   * mute's declick going to 0; once it settles (the end of the cycle in
   * which it comes within 1e-5) the output is the input, 0.5, exactly. */
  enum { LEN = 40000, BYPASS = 24000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  tu_render_ok(dir, HEAD "tracks:\n"
                         "  a: {file: dc.wav, inserts: [{gain: {gain: -6 dB, bypass: [[0, false], "
                         "[24000 smp, true]]}}]}\n");
  int64_t n;
  double *x = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  const float wet = (float)x[0], dry = 0.5f;
  cr_assert_float_eq(wet, 0.5 * pow(10.0, -6.0 / 20.0), 1e-7, "the insert's output: %.9f", wet);
  declick_model m = {1.0, 1.0};
  int64_t settled = -1;
  for (int64_t t = 0; t < n; t++) {
    if (t == BYPASS)
      m.target = 0.0;
    const float g = declick_step(&m, t);
    const float want = wet * g + dry * (1.0f - g);
    cr_assert_eq(x[2 * t], want, "frame %lld: %.9g, want %.9g (g %.9g)", (long long)t, x[2 * t],
                 want, g);
    cr_assert_eq(x[2 * t + 1], want);
    if (g == 0.0f && settled < 0)
      settled = t;
  }
  for (int64_t t = 0; t <= BYPASS; t++)
    cr_assert_eq((float)x[2 * t], wet, "frame %lld: the insert's output", (long long)t);
  /* 24000 is 448 frames into a cycle: within 1e-5 after 3,519 frames
   * (27519), settled at the end of that cycle (27648) */
  cr_assert_eq(settled, 27648, "settled at %lld", (long long)settled);
  for (int64_t t = settled; t < n; t++)
    cr_assert_eq(x[2 * t], 0.5, "frame %lld: the input", (long long)t);
  /* the crossfade's gain, read back from the output, is the declick's */
  const int64_t at[] = {BYPASS + 1, BYPASS + 100, BYPASS + 1000, BYPASS + 3000};
  for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
    declick_model d = {1.0, 1.0};
    float g = 1.0f;
    for (int64_t t = 0; t <= at[i]; t++) {
      if (t == BYPASS)
        d.target = 0.0;
      g = declick_step(&d, t);
    }
    const double heard = (x[2 * at[i]] - dry) / (wet - dry);
    cr_assert_float_eq(heard, g, 1e-5, "frame %lld: crossfade %.7f, declick %.7f",
                       (long long)at[i], heard, g);
  }
  cr_assert_float_eq(x[2 * (BYPASS + 1000)], dry + (wet - dry) * 0.0382, 0.01,
                     "1000 frames on, the insert is still heard at about 4 %%");
  free(x);
}

Test(strip, a_moving_bypass_on_a_latent_insert_lines_its_dry_path_up)
{
  /* Clicks of 0.25 at frames 2000 and 30000 through a 5 ms lookahead
   * limiter that never reaches its ceiling, bypassed from 0.25 s (12000):
   * its latency (240 frames) stays, compensated, and its dry path is
   * delayed by it, so both clicks come out at their own frames, the first
   * through the limiter, the second dry, and nothing else sounds. */
  enum { LEN = 40000, C1 = 2000, C2 = 30000 };
  float *x = sp_xcalloc(2 * LEN, sizeof *x);
  x[2 * C1] = x[2 * C1 + 1] = x[2 * C2] = x[2 * C2 + 1] = 0.25f;
  write_wav("clicks.wav", 2, x, LEN);
  free(x);
  tu_render_ok(dir, HEAD "tail: 0\n"
                         "tracks:\n"
                         "  a: {file: clicks.wav, inserts: [{limiter: {lookahead: 5 ms, bypass: "
                         "[[0, false], [0.25 s, true]]}}]}\n");
  int64_t n;
  double *y = tu_read_out(dir, "mix", &n);
  cr_assert_eq(n, LEN);
  for (int64_t t = 0; t < n; t++)
    for (int c = 0; c < 2; c++) {
      const double v = y[2 * t + c];
      if (t == C1)
        cr_assert_float_eq(v, 0.25, 1e-6, "the first click, through the limiter: %.9f", v);
      else if (t == C2)
        cr_assert_eq(v, 0.25, "the second click, dry: %.9f", v);
      else
        cr_assert(fabs(v) < 1e-9, "frame %lld: %g", (long long)t, v);
    }
  free(y);
}

/* Two noise tracks, a and b, of len frames (seeds 7 and 11), stereo. */
static void write_noises(int64_t len)
{
  const char *names[] = {"na.wav", "nb.wav"};
  for (int k = 0; k < 2; k++) {
    float *x = sp_xcalloc(2 * (size_t)len, sizeof *x);
    uint32_t s = k ? 11 : 7;
    for (size_t i = 0; i < 2 * (size_t)len; i++) {
      s = s * 1664525u + 1013904223u;
      x[i] = 0.4f * (float)((double)(s >> 8) / 8388608.0 - 1.0);
    }
    write_wav(names[k], 2, x, len);
    free(x);
  }
}

Test(strip, stems_null_through_a_bus_compressor_whose_bypass_moves)
{
  /* Two stems through one bus compressor working hard, bypassed from 0.3 s
   * to 0.6 s: one gain for every lane, crossfaded by one declick, so the
   * stems still sum to the mix. Before the bypass the bytes are those of
   * the compressor left on; while bypassed the mix is louder. */
  enum { LEN = 48000 };
  write_noises(LEN);
  const char *fmt = HEAD "tracks: {a: {file: na.wav, to: bus}, b: {file: nb.wav, to: bus}}\n"
                         "buses:\n"
                         "  bus: {inserts: [{compressor: {threshold: -30 dB, ratio: 8, attack: 1 "
                         "ms, release: 50 ms%s}}]}\n"
                         "stems: {sa: [a], sb: [b]}\n";
  double *mix[2];
  for (int moving = 0; moving < 2; moving++) {
    char *text =
        sp_xasprintf(fmt, moving ? ", bypass: [[0, false], [0.3 s, true], [0.6 s, false]]" : "");
    sp_render_result res;
    cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
    free(text);
    cr_assert(res.null_ran && res.null_passed);
    cr_assert_lt(res.null.residual_peak_dbfs, -100.0, "residual %.1f dBFS",
                 res.null.residual_peak_dbfs);
    sp_render_result_fini(&res);
    int64_t n;
    mix[moving] = tu_read_out(dir, "mix", &n);
    cr_assert_eq(n, LEN);
  }
  for (int64_t i = 0; i < 2 * (int64_t)(0.3 * RATE); i++)
    cr_assert_eq(mix[1][i], mix[0][i], "sample %lld: the compressor's, before the bypass",
                 (long long)i);
  double on = 0, off = 0;
  for (int64_t i = 2 * (int64_t)(0.45 * RATE); i < 2 * (int64_t)(0.55 * RATE); i++) {
    on = fmax(on, fabs(mix[0][i]));
    off = fmax(off, fabs(mix[1][i]));
  }
  cr_assert_gt(off, 2.0 * on, "bypassed: peak %.3f against %.3f compressed", off, on);
  free(mix[0]);
  free(mix[1]);
}

Test(strip, a_moving_bypass_is_the_same_at_every_block_size_and_thread_count)
{
  /* a per-lane insert (an EQ) and a linked one (a limiter) on a bus of two
   * stems, each bypass moving */
  enum { LEN = 30000 };
  write_noises(LEN);
  char *path = tu_write_text(
      dir, "t.yaml",
      HEAD "tracks: {a: {file: na.wav, to: bus}, b: {file: nb.wav, to: bus}}\n"
           "buses:\n"
           "  bus:\n"
           "    inserts:\n"
           "      - eq: {bands: [{type: peak, freq: 1 kHz, gain: 9 dB}], bypass: [[0, true], "
           "[1000 smp, false], [1100 smp, true], [9000 smp, false]]}\n"
           "      - limiter: {ceiling: -12 dBTP, bypass: [[0, false], [0.2 s, true]]}\n"
           "stems: {sa: [a], sb: [b]}\n");
  const char *const b64[] = {"--block-frames", "64", "-j", "1", NULL};
  const char *const b4096[] = {"--block-frames", "4096", "-j", "2", NULL};
  const char *const *runs[] = {b64, b4096};
  const char *files[] = {"mix.wav", "sa.wav", "sb.wav", NULL};
  tu_expect_same_prints(dir, path, runs, 2, files);
  free(path);
}

/* A bus's and master's chains run as a pipeline of stages (a linked
 * insert's gain, then its lanes turned down; a limiter's, a compressor's
 * and a gate's gain as the sum (or the key routed to it), its detector's
 * values, blocks side by side, and its gain (without the sum when the
 * detector reads a key, or one lane, as it is: a one-stem bus's); an EQ's lanes side by
 * side; per-lane inserts a task a lane, a convolver's a task a channel,
 * a long IR's in three steps, its products and inverse blocks side by side;
 * core/render/prepare.c's plan_stages): the same bytes at 1, 2, 3, 8 and
 * 16 threads and at any block, through linked inserts on some channels,
 * moving, bypassed and moving-bypassed. */
Test(strip, chains_cut_in_stages_print_the_same_at_every_thread_count_and_block)
{
  enum { LEN = 30000, IR = 3000, LONG_IR = 12000 };
  write_noises(LEN);
  /* decaying impulse responses, stereo and mono: a convolver's channels run apart */
  float *ir = sp_xcalloc(2 * IR, sizeof *ir);
  for (int i = 0; i < IR; i++) {
    ir[2 * i] = (float)(0.3 * exp(-i / 400.0) * ((i * 7919) % 13 - 6) / 6.0);
    ir[2 * i + 1] = (float)(0.3 * exp(-i / 300.0) * ((i * 104729) % 11 - 5) / 5.0);
  }
  write_wav("ir2.wav", 2, ir, IR);
  write_wav("ir1.wav", 1, ir, IR);
  free(ir);
  /* a long one: 47 partitions of 256, or 6 of the automatic 2048, split
   * in three steps (its input's spectra, their products and inverse with
   * blocks side by side, its output) */
  float *irl = sp_xcalloc(2 * LONG_IR, sizeof *irl);
  for (int i = 0; i < LONG_IR; i++) {
    irl[2 * i] = (float)(0.2 * exp(-i / 4000.0) * ((i * 7919) % 13 - 6) / 6.0);
    irl[2 * i + 1] = (float)(0.2 * exp(-i / 3000.0) * ((i * 104729) % 11 - 5) / 5.0);
  }
  write_wav("irl.wav", 2, irl, LONG_IR);
  free(irl);
  char *path = tu_write_text(
      dir, "t.yaml",
      HEAD "tracks:\n"
           "  a: {file: na.wav, to: bus, sends: [{to: verb, level: -6 dB}, {to: hall}]}\n"
           "  b: {file: nb.wav, to: bus, sends: [{to: verb, level: -3 dB}, {to: room}, "
           "{to: hall2, level: -6 dB}]}\n"
           "  c: {file: nb.wav, gain: -6 dB, pan: 0.5}\n"
           "buses:\n"
           "  verb: {inserts: [{convolver: {ir: ir2.wav, block: 256, dry: -12 dB}}, "
           "{eq: [{type: highpass, freq: 200 Hz}]}]}\n"
           "  room: {gain: -3 dB, inserts: [{eq: [{type: lowpass, freq: 5 kHz}]}, "
           "{convolver: {ir: ir1.wav, block: 512}}, {compressor: {threshold: -40 dB}}]}\n"
           "  hall: {inserts: [{convolver: {ir: irl.wav, block: 256, dry: -20 dB}}]}\n"
           "  hall2: {inserts: [{gate: {threshold: -30 dB, hold: 2 ms}}, "
           "{convolver: {ir: irl.wav, predelay: 0.01 s}}]}\n"
           "  bus:\n"
           "    inserts:\n"
           "      - eq: [{type: peak, freq: 1 kHz, gain: 9 dB}]\n"
           "      - compressor: {threshold: -30 dB, ratio: 4, channels: [R]}\n"
           "      - gain: {gain: -3 dB, bypass: true}\n"
           "      - saturate: {drive: [[0, 0 dB], [0.3 s, 6 dB]]}\n"
           "      - limiter: {ceiling: -12 dBTP, bypass: [[0, false], [0.2 s, true]]}\n"
           "      - limiter: {ceiling: -14 dBTP, channels: [L]}\n"
           "      - compressor: {threshold: -30 dB, ratio: 6, key: {from: c}}\n"
           "      - gate: {threshold: -30 dB, hold: 5 ms, range: 20 dB, key: {from: c, tap: pre}}\n"
           "      - limiter: {ceiling: -16 dBTP, key: {from: c}}\n"
           "master:\n"
           "  inserts:\n"
           "    - eq: [{type: lowshelf, freq: 100 Hz, gain: 3 dB}]\n"
           "    - compressor: {threshold: -24 dB, ratio: 3, attack: 1 ms, release: 50 ms}\n"
           "    - compressor: {threshold: -30 dB, ratio: 2, detector: rms}\n"
           "    - gate: {threshold: -50 dB, ratio: 2}\n"
           "    - eq: [{type: highshelf, freq: 8 kHz, gain: -2 dB}]\n"
           "    - limiter: {ceiling: [[0, -6 dBTP], [0.4 s, -9 dBTP]]}\n"
           "    - limiter: {ceiling: -10 dBTP, lookahead: 2 ms}\n"
           "stems: {sa: [a], sb: [b], sc: [c]}\n");
  const char *const j1[] = {"--block-frames", "1024", "-j", "1", NULL};
  const char *const j2[] = {"--block-frames", "1024", "-j", "2", NULL};
  const char *const j3[] = {"--block-frames", "1024", "-j", "3", NULL};
  const char *const j8[] = {"--block-frames", "64", "-j", "8", NULL};
  const char *const j16[] = {"--block-frames", "1024", "-j", "16", NULL};
  const char *const b333[] = {"--block-frames", "333", "-j", "2", NULL};
  const char *const b8192[] = {"--block-frames", "8192", "-j", "16", NULL};
  const char *const *runs[] = {j1, j2, j3, j8, j16, b333, b8192};
  const char *files[] = {"mix.wav", "sa.wav", "sb.wav", "sc.wav", NULL};
  tu_expect_same_prints(dir, path, runs, 7, files);
  free(path);
}

Test(strip, a_moving_bypass_needs_an_insert_that_keeps_the_paths_channels)
{
  enum { LEN = 4800 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  /* before the fader or after it (where a fold may change the channels too) */
  for (int post = 0; post < 2; post++) {
    char *text = sp_xasprintf(HEAD "tracks:\n"
                                   "  a: {file: dc.wav, %s: [{fold: {to: mono, bypass: [[0, false], "
                                   "[1 s, true]]}}]}\n",
                              post ? "post_inserts" : "inserts");
    char *path = tu_write_text(dir, "t.yaml", text);
    const char *args[] = {"check", path, NULL};
    char *err = NULL;
    cr_assert_neq(tu_run(args, NULL, &err), 0);
    char *want = sp_xasprintf("tracks.a.%s[0].fold.bypass: 'fold' changes the path's channels, so "
                              "it cannot be bypassed while it plays; give 'bypass' true or false",
                              post ? "post_inserts" : "inserts");
    cr_assert(strstr(err, want), "%s", err);
    free(want);
    free(err);
    free(path);
    free(text);
  }
}

/* ---- a moving trim -------------------------------------------------------- */

Test(strip, a_moving_trim_scales_the_chains_input_where_it_plays)
{
  /* A DC of 0.5 under a trim ramping 0 -> -12 dB over 1 s (in dB, the
   * recipe's default ramp) into a saturator: the curve hears the trim,
   * sat(g(t)·0.5), and polarity still applies (inverted: the negative) */
  enum { LEN = 48000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, LEN);
  tu_render_ok(dir, HEAD "tracks:\n"
                 "  a: {file: dc.wav, trim: [[0, 0 dB], [1 s, -12 dB]], invert: true,\n"
                 "      inserts: [{saturate: {drive: 12 dB}}]}\n");
  int64_t n;
  double *x = tu_read_out(dir, "mix", &n);
  double worst = 0;
  for (int64_t t = 0; t < n; t++) {
    const double g = pow(10.0, -12.0 * ((double)t / RATE) / 20.0), want = -sat(g * 0.5);
    worst = fmax(worst, fabs(x[2 * t] - want));
  }
  cr_assert_lt(worst, 2e-6, "worst error %g", worst);
  free(x);
}

/* ---- the meters' tasks ----------------------------------------------------- */

/* Render path with options opts into dir/out, then move it to dir/NAME and
 * return its --report JSON with the timings blanked. */
static char *render_report(const char *path, const char *const *opts, const char *name)
{
  char *report = tu_path(dir, "report.json");
  const char *args[16] = {"render", path, "-q", "--report", report};
  size_t n = 5;
  for (size_t i = 0; opts[i]; i++)
    args[n++] = opts[i];
  args[n] = NULL;
  char *err = NULL;
  const int rc = tu_run(args, NULL, &err); /* 1: the clipping check failed, as it must */
  cr_assert(rc == 1 && strstr(err, "samples at full scale"), "%s: %d %s", name, rc, err);
  free(err);
  char *json = tu_slurp_must(report);
  for (const char *key = "\"render_seconds\":"; key; key = key[1] == 'r' && key[2] == 'e'
                                                               ? "\"times_real_time\":"
                                                               : NULL)
    for (char *at = strstr(json, key); at; at = strstr(at + 1, key)) {
      char *v = at + strlen(key), *end = v + strcspn(v, ",}\n");
      memmove(v, end, strlen(end) + 1);
    }
  char *out = tu_path(dir, "out"), *to = tu_path(dir, name);
  cr_assert_eq(rename(out, to), 0, "%s", name);
  free(out);
  free(to);
  free(report);
  return json;
}

/* A metered output's writer leaves each block as written to its meters'
 * tasks: the peaks (sample, true, clipped) blocks side by side, the
 * loudness block after block, a 5.1 file's channel meters side by side
 * (core/render/pipeline.c's meter_tasks). Every file and every figure
 * reported (each output's loudness and peaks, each channel's, the null
 * test's residuals) is the same at 1, 2, 3, 8 and 16 threads and blocks of
 * 64, 333, 1024 and 8192 frames; the mix is loud enough to clip (the
 * clipping check fails: exit 1). */
Test(strip, the_meters_tasks_report_the_same_figures_at_every_thread_count_and_block)
{
  enum { LEN = RATE };
  write_noises(LEN);
  static const char *const masters[] = {"", "master: {layout: 5.1}\n"};
  const char *const runs[][5] = {{"-j", "1", "--block-frames", "1024", NULL},
                                 {"-j", "2", "--block-frames", "64", NULL},
                                 {"-j", "3", "--block-frames", "333", NULL},
                                 {"-j", "8", "--block-frames", "8192", NULL},
                                 {"-j", "16", "--block-frames", "1024", NULL}};
  const char *files[] = {"mix.wav", "sa.wav", "sb.wav"};
  for (size_t m = 0; m < 2; m++) {
    char *text = sp_xasprintf(
        "stemprint: 1\nsample_rate: 48000\noutput: {dir: out, depth: 24}\n"
        "checks: {loudness: {target: -14 LUFS, tolerance: 20 LU, max_true_peak: 6 dBTP}}\n%s"
        "tracks:\n  a: {file: na.wav, gain: 6 dB, pan: -0.5}\n  b: {file: nb.wav, pan: 0.3}\n"
        "stems: {sa: [a], sb: [b]}\n",
        masters[m]);
    char *path = tu_write_text(dir, "t.yaml", text);
    char *first = NULL;
    for (size_t k = 0; k < 5; k++) {
      char name[16];
      snprintf(name, sizeof name, "m%zu_o%zu", m, k);
      char *json = render_report(path, runs[k], name);
      if (k == 0) {
        cr_assert(strstr(json, "\"by_channel\"") || m == 0, "%s", json);
        first = json;
        continue;
      }
      cr_expect_str_eq(json, first, "%s %s: the report differs", runs[k][1], runs[k][3]);
      free(json);
      for (size_t i = 0; i < 3; i++) {
        char *a = sp_xasprintf("%s/m%zu_o0/%s", dir, m, files[i]);
        char *b = sp_xasprintf("%s/%s/%s", dir, name, files[i]);
        cr_expect(tu_same_bytes(a, b), "%s differs at -j %s, block %s", files[i], runs[k][1],
                  runs[k][3]);
        free(a);
        free(b);
      }
    }
    free(first);
    free(path);
    free(text);
  }
}
