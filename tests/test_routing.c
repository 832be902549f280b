/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Routing and processing against known answers. Every source is
 * synthesized here (sines, DC, clicks, fixed-seed LCG noise) as a 32-bit
 * float WAV and rendered to 32-bit float without dither, so each expected
 * number follows from the definitions: parallel paths with different
 * latency meet sample-aligned, a click at t comes out at t through a
 * lookahead limiter and a partitioned convolver, a sidechain ducks by what
 * the compressor's static curve says and at the key's timeline onset even
 * when the key's own chain has latency, tap post/pre on the key follow the
 * key's fader, stems of a dense session null through compressors, a gate,
 * saturation, reverb and delay returns and a hard-working true-peak limiter
 * (both `split: sources` and `split: buses`), automation lands on the
 * timeline to the frame with the value the breakpoints define, and
 * `tail: auto` renders exactly the tail the processors report. */

#include "core/base/alloc.h"
#include "core/dsp/spline.h"
#include "core/dsp/truepeak.h"
#include "core/graph/graph.h"
#include "core/graph/pan.h"
#include "core/graph/query.h"
#include "core/render/render.h"
#include "io/recipe/parse.h"
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

TestSuite(routing, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(240));

/* The fixed head of every recipe: exact float output, no dither. */
#define HEAD "stemprint: 1\nsample_rate: 48000\noutput: {dir: out, depth: 32f, dither: none}\n"

/* ---- sources ------------------------------------------------------------- */

/* Deterministic noise in [-1, 1) from a 32-bit LCG. */
static float lcg(uint32_t *s)
{
  *s = *s * 1664525u + 1013904223u;
  return (float)((double)(*s >> 8) / 8388608.0 - 1.0);
}

static void write_wav(const char *name, int channels, const float *x, int64_t frames)
{
  free(tu_write_wav(dir, name, channels, RATE, 32, x, frames));
}

/* A unit impulse followed by zeros: a convolver IR that changes nothing
 * but adds its partition's latency. */
static void write_unit_ir(void) { tu_write_click(dir, "unit.wav", 1, 16, 0, 1.0f); }

/* ---- rendering and reading back ------------------------------------------- */

static double db(double lin) { return 20 * log10(lin); }

/* Peak of Σ stems − mix over the printed files, in dBFS, computed here. */
static double residual_dbfs(const char *mix, const char *const *stems, size_t n)
{
  int64_t fm;
  double *m = tu_read_out(dir, mix, &fm);
  double *sum = sp_xcalloc(2 * (size_t)fm, sizeof *sum);
  for (size_t k = 0; k < n; k++) {
    int64_t fs;
    double *s = tu_read_out(dir, stems[k], &fs);
    cr_assert_eq(fs, fm, "stem %s has %lld frames, the mix %lld", stems[k], (long long)fs,
                 (long long)fm);
    for (size_t i = 0; i < 2 * (size_t)fm; i++)
      sum[i] += s[i];
    free(s);
  }
  double peak = 0;
  for (size_t i = 0; i < 2 * (size_t)fm; i++)
    peak = fmax(peak, fabs(sum[i] - m[i]));
  free(sum);
  free(m);
  return db(peak);
}

/* Gain in dB of stereo x against the expected mono-per-channel signal e
 * over frames [t0, t1): energy ratio, both channels. */
static double window_gain_db(const double *x, const double *e, int64_t t0, int64_t t1)
{
  double ex = 0, ee = 0;
  for (int64_t t = t0; t < t1; t++) {
    ex += x[2 * t] * x[2 * t] + x[2 * t + 1] * x[2 * t + 1];
    ee += 2 * e[t] * e[t];
  }
  return 10 * log10(ex / ee);
}

/* ---- 1. parallel paths with different latency ------------------------------ */

Test(routing, parallel_paths_with_different_latency_stay_sample_aligned)
{
  /* src (mono, centre, -3 dB law) feeds bus `late` (a convolver whose IR is
   * a unit impulse, partition 64 = 64 frames of latency; fader -3 dB), by a
   * post-fader send at -6 dB bus `early` (no latency), and by one at -12 dB
   * bus `look` (a 5 ms lookahead limiter never reaching its ceiling: a pure
   * 263-frame delay). Compensated, each bus carries the source at its own
   * gain at the same time: the mix is (g_late + g_early + g_look)·cos(π/4)·
   * src[t], each stem its own path, a click at frame 10000 lands at 10000
   * alone, and 300 frames either side stay silent. */
  enum { LEN = 48000, CLICK = 10000 };
  write_unit_ir();
  float *src = sp_xcalloc(LEN, sizeof *src);
  src[CLICK] = 0.75f;
  uint32_t seed = 1;
  for (int i = 20000; i < 30000; i++)
    src[i] = 0.3f * lcg(&seed);
  write_wav("src.wav", 1, src, LEN);

  sp_render_result res;
  cr_assert_eq(
      tu_render_text(dir, HEAD "tail: 0\n"
                       "tracks:\n"
                       "  src: {file: src.wav, to: late,\n"
                       "        sends: [{to: early, level: -6 dB}, {to: look, level: -12 dB}]}\n"
                       "buses:\n"
                       "  late: {inserts: [{convolver: {ir: unit.wav, block: 64}}],\n"
                       "         gain: -3 dB}\n"
                       "  early: {}\n"
                       "  look: {inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}]}\n"
                       "stems:\n"
                       "  split: buses\n"
                       "  path_late: [late]\n"
                       "  path_early: [early]\n"
                       "  path_look: [look]\n",
                  &res),
      SP_OK);
  cr_assert(res.null_ran && res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -120.0, "library null residual %.1f dBFS",
               res.null.residual_peak_dbfs);
  sp_render_result_fini(&res);

  const double pan = (float)cos(M_PI / 4);
  const double g_late = pow(10, -3 / 20.0), g_early = pow(10, -6 / 20.0),
               g_look = pow(10, -12 / 20.0);
  int64_t f;
  double *mix = tu_read_out(dir, "mix", &f), *pl = tu_read_out(dir, "path_late", &f), *pe = tu_read_out(dir, "path_early", &f),
         *pk = tu_read_out(dir, "path_look", &f);
  cr_assert_eq(f, LEN, "%lld frames: the latency must be trimmed", (long long)f);
  double err_mix = 0, err_late = 0, err_early = 0, err_look = 0;
  for (int64_t t = 0; t < f; t++)
    for (int c = 0; c < 2; c++) {
      double s = src[t] * pan;
      err_mix = fmax(err_mix, fabs(mix[2 * t + c] - (g_late + g_early + g_look) * s));
      err_late = fmax(err_late, fabs(pl[2 * t + c] - g_late * s));
      err_early = fmax(err_early, fabs(pe[2 * t + c] - g_early * s));
      err_look = fmax(err_look, fabs(pk[2 * t + c] - g_look * s));
    }
  fprintf(stderr, "parallel paths: mix error %g, late %g, early %g, look %g", err_mix, err_late,
          err_early, err_look);
  cr_assert_lt(err_mix, 1e-5, "mix off the aligned sum by %g", err_mix);
  cr_assert_lt(err_late, 1e-5, "convolver path off by %g", err_late);
  cr_assert_lt(err_early, 1e-6, "direct path off by %g", err_early);
  cr_assert_lt(err_look, 1e-6, "limiter path off by %g", err_look);
  /* The click, at its frame, once. */
  double click = (g_late + g_early + g_look) * 0.75 * pan;
  cr_assert_float_eq(mix[2 * CLICK], click, 1e-5);
  cr_assert_float_eq(mix[2 * CLICK + 1], click, 1e-5);
  for (int d = 1; d <= 300; d++) {
    cr_assert_lt(fabs(mix[2 * (CLICK + d)]), 1e-5, "echo %d frames late", d);
    cr_assert_lt(fabs(mix[2 * (CLICK - d)]), 1e-5, "echo %d frames early", d);
  }
  const char *stems[] = {"path_late", "path_early", "path_look"};
  double r = residual_dbfs("mix", stems, 3);
  fprintf(stderr, "parallel paths: null residual %.1f dBFS", r);
  cr_assert_lt(r, -120.0, "null residual %.1f dBFS", r);
  free(mix);
  free(pl);
  free(pe);
  free(pk);
  free(src);
}

/* `latency: ignore` (Ardour's export with master wired to nothing): the
 * paths above, and a track `pt` through the same limiter as a post_insert
 * with a pre-fader send at -6 dB to `early`. Nothing is delayed where
 * routes meet by their outputs: a bus fed so plays late by its inserts'
 * latency (`late`, the convolver's 128 frames), a track on time (it reads
 * its regions early by its own latency, as Ardour's disk reader does, and
 * its send is lined up with its output). A send reaches its bus early by
 * the bus's latency (Ardour's send delay lines), so a bus fed by sends is
 * on time (`look`, the limiter's 263). No latency is trimmed but the
 * render's early start, and the stems still sum to the mix. */
Test(routing, latency_ignored_a_bus_plays_late_by_its_inserts)
{
  enum { LEN = 48000, CLICK = 10000, CLICK2 = 15000, LATE = 128, LOOK = 263 };
  write_unit_ir();
  float *src = sp_xcalloc(LEN, sizeof *src), *pt = sp_xcalloc(LEN, sizeof *pt);
  src[CLICK] = 0.75f;
  pt[CLICK2] = 0.25f;
  uint32_t seed = 1;
  for (int i = 20000; i < 30000; i++)
    src[i] = 0.3f * lcg(&seed);
  write_wav("src.wav", 1, src, LEN);
  write_wav("pt.wav", 1, pt, LEN);
  const char *body = "tail: 0\n"
                     "tracks:\n"
                     "  src: {file: src.wav, to: late,\n"
                     "        sends: [{to: early, level: -6 dB}, {to: look, level: -12 dB}]}\n"
                     "  pt: {file: pt.wav, post_inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}],\n"
                     "       sends: [{to: early, level: -6 dB, tap: pre}]}\n"
                     "buses:\n"
                     "  late: {inserts: [{convolver: {ir: unit.wav, block: 64}}],\n"
                     "         gain: -3 dB}\n"
                     "  early: {}\n"
                     "  look: {inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 5 ms}}]}\n"
                     "stems:\n"
                     "  split: buses\n"
                     "  path_late: [late]\n"
                     "  path_early: [early]\n"
                     "  path_look: [look]\n"
                     "  path_pt: [pt]\n";
  const double pan = (float)cos(M_PI / 4);
  const double g_late = pow(10, -3 / 20.0), g_6 = pow(10, -6 / 20.0), g_12 = pow(10, -12 / 20.0);
  for (int ignore = 0; ignore < 2; ignore++) {
    char *text = sp_xasprintf("%s%s%s", HEAD, ignore ? "latency: ignore\n" : "", body);
    sp_render_result res;
    cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
    free(text);
    cr_assert(res.null_ran && res.null_passed);
    cr_assert_lt(res.null.residual_peak_dbfs, -120.0, "null residual %.1f dBFS",
                 res.null.residual_peak_dbfs);
    cr_expect_eq(res.latency, LOOK, "latency trimmed %lld", (long long)res.latency);
    sp_render_result_fini(&res);
    int64_t f;
    double *mix = tu_read_out(dir, "mix", &f);
    cr_assert_eq(f, LEN);
    /* each bus's delay: none compensated; under ignore its own inserts'
     * where routes' outputs feed it, none where sends do */
    const int64_t d_late = ignore ? LATE : 0, d_look = 0;
    double err = 0;
    for (int64_t t = 0; t < f; t++) {
      const double s = g_late * (t >= d_late ? src[t - d_late] : 0) + g_6 * src[t] +
                       g_12 * (t >= d_look ? src[t - d_look] : 0) +
                       pt[t] + g_6 * pt[t];
      for (int c = 0; c < 2; c++)
        err = fmax(err, fabs(mix[2 * t + c] - pan * s));
    }
    cr_expect_lt(err, 1e-5, "latency %s: mix off by %g", ignore ? "ignored" : "compensated", err);
    /* the clicks at their analytic frames */
    cr_expect_float_eq(mix[2 * (CLICK + d_late)], 0.75 * pan * (g_late + (ignore ? 0 : g_6 + g_12)),
                       1e-5);
    cr_expect_float_eq(mix[2 * (CLICK + d_look)],
                       0.75 * pan * (ignore ? g_6 + g_12 : g_late + g_6 + g_12), 1e-5);
    cr_expect_float_eq(mix[2 * CLICK2], 0.25 * pan * (1 + g_6), 1e-5);
    free(mix);
  }
  free(src);
  free(pt);
}

/* ---- 2. output alignment --------------------------------------------------- */

Test(routing, a_click_at_one_second_comes_out_at_frame_48000)
{
  /* A stereo click (0.9) at t = 1 s goes to master dry and, by a -6 dB
   * send, through a unit-impulse convolver on a printed return; master
   * holds a -6 dBTP lookahead limiter that must turn the 1.35 sum down.
   * Every latency is trimmed: the mix and the printed return have their
   * click at exactly frame 48000 and nothing anywhere else. */
  enum { LEN = 96000, CLICK = 48000 };
  write_unit_ir();
  tu_write_click(dir, "click.wav", 2, LEN, CLICK, 0.9f);
  tu_render_ok(dir, HEAD "tail: 0\n"
                 "tracks:\n"
                 "  click: {file: click.wav, sends: [{to: room, level: -6 dB}]}\n"
                 "buses:\n"
                 "  room: {inserts: [{convolver: {ir: unit.wav, block: 256}}], print: true}\n"
                 "master:\n"
                 "  inserts: [{limiter: {ceiling: -6 dBTP, lookahead: 5 ms, release: 50 ms}}]\n");
  int64_t f;
  double *mix = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, LEN);
  const double g_send = pow(10, -6 / 20.0);
  for (int c = 0; c < 2; c++) {
    int64_t at = -1;
    double peak = 0;
    for (int64_t t = 0; t < f; t++)
      if (fabs(mix[2 * t + c]) > peak)
        peak = fabs(mix[2 * t + c]), at = t;
    cr_assert_eq(at, CLICK, "channel %d: the click is at frame %lld", c, (long long)at);
    /* Limited to the ceiling (0.501), not removed. */
    cr_assert_leq(peak, pow(10, -6 / 20.0), "peak %.4f dBFS", db(peak));
    cr_assert_gt(peak, pow(10, -6.2 / 20.0), "peak %.4f dBFS", db(peak));
    for (int64_t t = 0; t < f; t++)
      if (t != CLICK)
        cr_assert_lt(fabs(mix[2 * t + c]), 1e-6, "frame %lld: %g", (long long)t, mix[2 * t + c]);
  }
  free(mix);
  /* The printed return: before master's limiter, at the send's level. */
  double *room = tu_read_out(dir, "room", &f);
  cr_assert_eq(f, LEN);
  for (int c = 0; c < 2; c++) {
    cr_assert_float_eq(room[2 * CLICK + c], 0.9 * g_send, 1e-6);
    for (int64_t t = 0; t < f; t++)
      if (t != CLICK)
        cr_assert_lt(fabs(room[2 * t + c]), 1e-6, "room frame %lld", (long long)t);
  }
  free(room);
}

/* ---- 3, 4. sidechain ------------------------------------------------------- */

enum { DUCK_LEN = 96000, KEY_AT = 24000, KEY_LEN = 24000 };
static const double BASS_AMP = 0.25, BASS_HZ = 100, BASS_PHASE = 1.0;

/* The static curve's answer: a -6.02 dBFS key (0.5), threshold -24 dB,
 * ratio 4, hard knee: (−6.02 − (−24))·(1/4 − 1) dB. */
static double expected_duck_db(void) { return (db(0.5) + 24.0) * (1.0 / 4.0 - 1.0); }

/* bass.wav: a 100 Hz sine of amplitude 0.25, 2 s; kick.wav: DC 0.5 for
 * 0.5 s (placed at 0.5 s). The expected bass stem without ducking, per
 * channel: the sine through the -3 dB pan law at centre. */
static double *write_duck_sources(void)
{
  float *bass = sp_xcalloc(DUCK_LEN, sizeof *bass);
  double *e = sp_xcalloc(DUCK_LEN, sizeof *e);
  const float pan = (float)cos(M_PI / 4);
  for (int i = 0; i < DUCK_LEN; i++) {
    bass[i] = (float)(BASS_AMP * sin(2 * M_PI * BASS_HZ * i / RATE + BASS_PHASE));
    e[i] = (double)(bass[i] * pan);
  }
  write_wav("bass.wav", 1, bass, DUCK_LEN);
  free(bass);
  tu_write_dc(dir, "kick.wav", 1, 0.5f, KEY_LEN);
  write_unit_ir();
  return e;
}

/* A variant of the ducking session: more keys of the kick track (its gain,
 * inserts) and of the bass track, inserts on bus bb before its compressor,
 * the compressor's attack and the key's tap. */
typedef struct duck {
  const char *kick, *bass, *bb_pre, *attack, *tap;
} duck;

#define LATENT(block) "inserts: [{convolver: {ir: unit.wav, block: " #block "}}]"

/* Render the ducking session and return the bass stem. */
static double *render_duck(duck v)
{
  char *text = sp_xasprintf(HEAD "tail: 0\n"
                                 "tracks:\n"
                                 "  kick: {file: kick.wav, at: 0.5%s%s}\n"
                                 "  bass: {file: bass.wav, to: bb%s%s}\n"
                                 "buses:\n"
                                 "  bb:\n"
                                 "    inserts:\n"
                                 "%s"
                                 "      - compressor: {threshold: -24 dB, ratio: 4, knee: 0 dB,\n"
                                 "                     attack: %s, release: 50 ms,\n"
                                 "                     key: {from: kick, tap: %s}}\n"
                                 "stems: {kick: [kick], bass: [bb]}\n",
                            v.kick ? ", " : "", v.kick ? v.kick : "", v.bass ? ", " : "",
                            v.bass ? v.bass : "", v.bb_pre ? v.bb_pre : "",
                            v.attack ? v.attack : "0.1 ms", v.tap ? v.tap : "pre");
  sp_render_result res;
  sp_err err = tu_render_text(dir, text, &res);
  cr_assert_eq(err, SP_OK, "%s", text);
  cr_assert(res.null_ran && res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -120.0);
  sp_render_result_fini(&res);
  free(text);
  int64_t f;
  double *x = tu_read_out(dir, "bass", &f);
  cr_assert_eq(f, DUCK_LEN);
  return x;
}

/* Windows: before the key, while it plays (attack settled), well after it
 * (release 50 ms, 10 time constants later). */
static void check_duck_windows(const double *x, const double *e, double during_db)
{
  /* 4800 frames = 10 periods of the 100 Hz sine. */
  double before = window_gain_db(x, e, 0, KEY_AT);
  double during = window_gain_db(x, e, KEY_AT + 960, KEY_AT + KEY_LEN);
  double after = window_gain_db(x, e, KEY_AT + KEY_LEN + 24000, DUCK_LEN);
  fprintf(stderr, "ducking: before %.5f dB, during %.5f dB (expected %.5f), after %.5f dB\n",
          before, during, during_db, after);
  cr_assert_lt(fabs(before), 0.01, "before the key: %.4f dB", before);
  cr_assert_lt(fabs(during - during_db), 0.1, "during the key: %.4f dB, expected %.4f dB", during,
               during_db);
  cr_assert_lt(fabs(after), 0.01, "after the release: %.4f dB", after);
}

Test(routing, sidechain_ducks_by_the_static_curve)
{
  double *e = write_duck_sources();
  double *x = render_duck((duck){0});
  check_duck_windows(x, e, expected_duck_db());
  cr_assert_float_eq(expected_duck_db(), -13.4846, 1e-4);
  /* And the kick stem is the kick alone: DC 0.5·cos(π/4) while it plays. */
  int64_t f;
  double *k = tu_read_out(dir, "kick", &f);
  cr_assert_float_eq(k[2 * (KEY_AT + 100)], 0.5 * (float)cos(M_PI / 4), 1e-7);
  cr_assert_eq(k[2 * (KEY_AT - 1)], 0.0);
  free(k);
  free(x);
  free(e);
}

/* Per-sample gain of x against e around frame at: every frame of
 * [at − 300, at) at unity, every frame of [at, at + 300) at want_db
 * (where the sine is not near a zero crossing). */
static void check_onset(const double *x, const double *e, int64_t at, double want_db)
{
  for (int64_t t = at - 300; t < at + 300; t++) {
    if (fabs(e[t]) < 0.3 * BASS_AMP)
      continue;
    for (int c = 0; c < 2; c++) {
      double g = db(x[2 * t + c] / e[t]), want = t < at ? 0.0 : want_db;
      cr_assert_lt(fabs(g - want), t < at ? 0.01 : 0.1,
                   "frame %lld (%+lld from the key's onset): %.4f dB, expected %.4f dB",
                   (long long)t, (long long)(t - at), g, want);
    }
  }
}

static double max_diff(const double *a, const double *b)
{
  double d = 0;
  for (size_t i = 0; i < 2 * (size_t)DUCK_LEN; i++)
    d = fmax(d, fabs(a[i] - b[i]));
  return d;
}

Test(routing, sidechain_key_path_is_latency_compensated)
{
  /* Attack 0: gain reduction is the static curve's from the first frame
   * of the key, so the ducking starts at frame 24000, the key's timeline
   * onset, and not a frame earlier. It must stay there wherever latency
   * sits: on the key's chain (256 frames: the key must not come late), on
   * the ducked track's chain (512: the key must wait for it), on both, and
   * on bb before the compressor (128: the key must wait for that too).
   * Each render matches the one without latency. */
  double *e = write_duck_sources();
  double *plain = render_duck((duck){.attack = "0 ms"});
  check_onset(plain, e, KEY_AT, expected_duck_db());
  const duck variants[] = {
      {.kick = LATENT(256), .attack = "0 ms"},
      {.bass = LATENT(512), .attack = "0 ms"},
      {.kick = LATENT(256), .bass = LATENT(512), .attack = "0 ms"},
      {.kick = LATENT(1024), .bass = LATENT(512), .attack = "0 ms"},
      {.bb_pre = "      - convolver: {ir: unit.wav, block: 128}\n", .attack = "0 ms"},
      {.kick = LATENT(1024),
       .bb_pre = "      - convolver: {ir: unit.wav, block: 128}\n",
       .attack = "0 ms"},
  };
  for (size_t k = 0; k < sizeof variants / sizeof *variants; k++) {
    double *x = render_duck(variants[k]);
    check_onset(x, e, KEY_AT, expected_duck_db());
    check_duck_windows(x, e, expected_duck_db());
    double d = max_diff(x, plain);
    cr_assert_lt(d, 1e-6, "variant %zu: latency changed the ducked bass by %g", k, d);
    free(x);
  }
  free(plain);
  free(e);
}

Test(routing, sidechain_on_a_track_waits_for_a_latent_key)
{
  /* The keyed compressor on the bass track itself (a track's input can be
   * delayed too): the kick's chain has 256 frames of latency, the bass
   * track none; ducking still starts at the key's onset, by the curve. */
  double *e = write_duck_sources();
  tu_render_ok(dir, HEAD
            "tail: 0\n"
            "tracks:\n"
            "  kick: {file: kick.wav, at: 0.5, " LATENT(
                256) "}\n"
                     "  bass:\n"
                     "    file: bass.wav\n"
                     "    inserts:\n"
                     "      - compressor: {threshold: -24 dB, ratio: 4, knee: 0 dB, attack: 0 ms,\n"
                     "                     release: 50 ms, key: {from: kick}}\n"
                     "stems: {kick: [kick], bass: [bass]}\n");
  int64_t f;
  double *x = tu_read_out(dir, "bass", &f);
  cr_assert_eq(f, DUCK_LEN);
  check_onset(x, e, KEY_AT, expected_duck_db());
  check_duck_windows(x, e, expected_duck_db());
  free(x);
  free(e);
}

Test(routing, sidechain_tap_post_follows_the_key_fader_tap_pre_does_not)
{
  /* The kick's fader at -inf dB: tap post hears silence (no ducking at
   * all), tap pre hears the kick before its fader (full ducking); the
   * same with latency on the key's chain. */
  double *e = write_duck_sources();
  const struct {
    duck v;
    double want_db;
  } cases[] = {
      {{.kick = "gain: -inf dB", .tap = "post"}, 0.0},
      {{.kick = "gain: -inf dB", .tap = "pre"}, expected_duck_db()},
      {{.kick = "gain: -inf dB, " LATENT(256), .tap = "post"}, 0.0},
      {{.kick = "gain: -inf dB, " LATENT(256), .tap = "pre"}, expected_duck_db()},
      /* And at 0 dB, post ducks like pre. */
      {{.tap = "post"}, expected_duck_db()},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    double *x = render_duck(cases[k].v);
    check_duck_windows(x, e, cases[k].want_db);
    free(x);
  }
  /* A post-fader key follows the fader's automation on the timeline: the
   * kick's fader jumps from -inf to 0 dB at 0.75 s, so the ducking (attack
   * 0) starts at frame 36000, with or without latency on the kick's chain. */
  const char *const jumps[] = {"gain: [[0.75 s, -inf dB], [0.75 s, 0 dB]]",
                               "gain: [[0.75 s, -inf dB], [0.75 s, 0 dB]], " LATENT(256)};
  for (size_t k = 0; k < 2; k++) {
    double *x = render_duck((duck){.kick = jumps[k], .tap = "post", .attack = "0 ms"});
    check_onset(x, e, 36000, expected_duck_db());
    free(x);
  }
  free(e);
}

/* ---- 5. linked stems null through dynamics ---------------------------------- */

enum { STRESS_LEN = 96000 };

/* Dense, loud material: thumps, noise bursts, hats, a bass, chords, a
 * noise pad, a modulated voice, clicks; and a decaying-noise reverb IR. */
static void write_stress_sources(void)
{
  const int n = STRESS_LEN;
  float *m = sp_xcalloc((size_t)n, sizeof *m), *s = sp_xcalloc(2 * (size_t)n, sizeof *s);
  uint32_t seed = 12345;

  for (int i = 0; i < n; i++) { /* kick: a 60 Hz thump every 0.25 s */
    double t = (double)(i % 12000) / RATE;
    m[i] = t < 0.15 ? (float)(0.95 * sin(2 * M_PI * 60 * t) * exp(-t / 0.05)) : 0.0f;
    if (i % 12000 == 0)
      m[i] = 0.95f;
  }
  write_wav("kick.wav", 1, m, n);
  for (int i = 0; i < n; i++) { /* snare: noise bursts on the off-beats */
    double t = (double)((i + 12000) % 24000) / RATE;
    m[i] = t < 0.2 ? (float)(0.9 * lcg(&seed) * exp(-t / 0.08)) : 0.0f;
  }
  write_wav("snare.wav", 1, m, n);
  for (int i = 0; i < n; i++) { /* hat: short stereo ticks every 1/8 s */
    double t = (double)(i % 6000) / RATE;
    for (int c = 0; c < 2; c++)
      s[2 * i + c] = t < 0.03 ? (float)(0.7 * lcg(&seed) * exp(-t / 0.01)) : 0.0f;
  }
  write_wav("hat.wav", 2, s, n);
  for (int i = 0; i < n; i++) { /* bass */
    double t = (double)i / RATE;
    m[i] = (float)(0.75 * sin(2 * M_PI * 55 * t) + 0.2 * sin(2 * M_PI * 110 * t + 0.3));
  }
  write_wav("bass.wav", 1, m, n);
  for (int i = 0; i < n; i++) { /* keys: a chord, different on each side */
    double t = (double)i / RATE;
    s[2 * i] = (float)(0.3 * (sin(2 * M_PI * 261.6 * t) + sin(2 * M_PI * 329.6 * t) +
                              sin(2 * M_PI * 392.0 * t)));
    s[2 * i + 1] = (float)(0.3 * (sin(2 * M_PI * 220.0 * t) + sin(2 * M_PI * 277.2 * t) +
                                  sin(2 * M_PI * 329.6 * t + 1)));
  }
  write_wav("keys.wav", 2, s, n);
  for (int i = 0; i < n; i++) /* pad: wide noise */
    for (int c = 0; c < 2; c++)
      s[2 * i + c] = 0.5f * lcg(&seed);
  write_wav("pad.wav", 2, s, n);
  for (int i = 0; i < n; i++) { /* vox: vibrato and syllables */
    double t = (double)i / RATE;
    m[i] = (float)(0.8 * sin(2 * M_PI * 220 * t + 3 * sin(2 * M_PI * 5 * t)) *
                   (0.5 + 0.5 * sin(2 * M_PI * 2 * t)));
  }
  write_wav("vox.wav", 1, m, n);
  for (int i = 0; i < n; i++) /* fx: full-scale clicks of both signs, and grit */
    m[i] = i % 4800 == 0 ? (i / 4800 % 2 ? -1.0f : 1.0f) : 0.05f * lcg(&seed);
  write_wav("fx.wav", 1, m, n);
  free(m);
  free(s);

  enum { IR = 14400 }; /* 0.3 s of stereo decaying noise */
  float *ir = sp_xcalloc(2 * IR, sizeof *ir);
  for (int i = 0; i < IR; i++)
    for (int c = 0; c < 2; c++)
      ir[2 * i + c] = (float)(0.3 * lcg(&seed) * exp(-(double)i / 4000));
  write_wav("verb_ir.wav", 2, ir, IR);
  free(ir);
}

/* The stress session: %1$s is `bypass` for every dynamics insert, %2$s the
 * stems. Group buses with compressors (bassbus keyed from the kick, in
 * another stem), a compressor and a gate on a bus shared by two stems, a
 * reverb return (convolver, then a gate) and a delay return fed post-fader
 * from several stems, and a master that saturates, adds 6 dB and limits to
 * -1 dBTP. Printed group buses show what their compressors did. */
static char *stress_recipe(bool bypass, const char *stems)
{
  const char *b = bypass ? "true" : "false";
  return sp_xasprintf(
      HEAD "tail: 1\n"
           "tracks:\n"
           "  kick: {file: kick.wav, to: drums, gain: 2 dB}\n"
           "  snare: {file: snare.wav, to: drums, pan: 0.2, sends: [{to: verb, level: -6 dB}]}\n"
           "  hat: {file: hat.wav, to: drums, pan: -0.3}\n"
           "  bass: {file: bass.wav, to: bassbus, gain: 3 dB}\n"
           "  keys: {file: keys.wav, to: glue, sends: [{to: verb, level: -8 dB}]}\n"
           "  pad: {file: pad.wav, to: glue, gain: -2 dB}\n"
           "  vox: {file: vox.wav, to: glue, gain: 4 dB, pan: -0.1,\n"
           "        sends: [{to: verb, level: -4 dB}, {to: echo, level: -6 dB}]}\n"
           "  fx: {file: fx.wav, pan: 0.5, sends: [{to: echo, level: -3 dB}]}\n"
           "buses:\n"
           "  drums:\n"
           "    print: true\n"
           "    inserts: [{compressor: {threshold: -20 dB, ratio: 6, attack: 1 ms,\n"
           "                            release: 80 ms, bypass: %s}}]\n"
           "  bassbus:\n"
           "    print: true\n"
           "    inserts: [{compressor: {threshold: -30 dB, ratio: 8, knee: 0 dB, attack: 0.5 ms,\n"
           "                            release: 60 ms, key: {from: kick, tap: post},\n"
           "                            bypass: %s}}]\n"
           "  glue:\n"
           "    inserts: [{compressor: {threshold: -18 dB, ratio: 3, attack: 5 ms,\n"
           "                            release: 100 ms, detector: rms, bypass: %s}},\n"
           "              {gate: {threshold: -30 dB, range: 20 dB, bypass: %s}}]\n"
           "  verb:\n"
           "    inserts: [{convolver: {ir: verb_ir.wav}},\n"
           "              {gate: {threshold: -35 dB, range: 40 dB, hold: 5 ms, bypass: %s}}]\n"
           "  echo: {inserts: [{delay: {time: 125 ms, feedback: 0.4}}], pan: 0.1}\n"
           "master:\n"
           "  inserts: [{saturate: {drive: 6 dB, bypass: %s}}, {gain: 6 dB},\n"
           "            {limiter: {ceiling: -1 dBTP, lookahead: 5 ms, release: 50 ms,\n"
           "                       bypass: %s}}]\n"
           "%s",
      b, b, b, b, b, b, b, stems);
}

static double rms_db(const double *x, size_t n)
{
  double e = 0;
  for (size_t i = 0; i < n; i++)
    e += x[i] * x[i];
  return 10 * log10(e / (double)n);
}

/* Render the stress session with the given stems; check the null both
 * ways, and that the limiter and the compressors did work. */
static void stress(const char *stems, const char *const *names, size_t n_names)
{
  write_stress_sources();
  char *text = stress_recipe(false, stems);
  sp_render_result res;
  cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
  cr_assert(res.null_ran && res.null_passed);
  cr_assert_lt(res.null.residual_peak_dbfs, -120.0, "library null residual %.1f dBFS",
               res.null.residual_peak_dbfs);
  sp_render_result_fini(&res);
  free(text);
  double r = residual_dbfs("mix", names, n_names);
  cr_assert_lt(r, -120.0, "null residual %.1f dBFS", r);
  fprintf(stderr, "null residual: %.1f dBFS\n", r);
  for (size_t k = 0; k < n_names; k++) { /* every stem carries something */
    int64_t f;
    double *s = tu_read_out(dir, names[k], &f);
    cr_assert_gt(tu_peak(s, 2 * (size_t)f), 0.01, "stem %s is (nearly) silent", names[k]);
    free(s);
  }

  int64_t f;
  double *mix = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, STRESS_LEN + RATE);
  float *pl[2] = {sp_xcalloc((size_t)f, sizeof(float)), sp_xcalloc((size_t)f, sizeof(float))};
  for (int64_t t = 0; t < f; t++)
    for (int c = 0; c < 2; c++)
      pl[c][t] = (float)mix[2 * t + c];
  double tp = db(tu_truepeak_of((const float *const *)pl, 2, (size_t)f));
  double sp = db(tu_peak(mix, 2 * (size_t)f));
  free(pl[0]);
  free(pl[1]);
  cr_assert_leq(tp, -1.0, "mix true peak %.3f dBTP", tp);
  cr_assert_leq(sp, -1.0, "mix sample peak %.3f dBFS", sp);
  cr_assert_gt(sp, -3.0, "the limiter should be riding the ceiling: %.3f dBFS", sp);
  double mix_rms = rms_db(mix, 2 * (size_t)f);
  free(mix);
  double *drums = tu_read_out(dir, "drums", &f), *bass = tu_read_out(dir, "bassbus", &f);
  double drums_rms = rms_db(drums, 2 * (size_t)f), bass_rms = rms_db(bass, 2 * (size_t)f);
  free(drums);
  free(bass);

  /* The same session with every dynamics insert bypassed. */
  text = stress_recipe(true, stems);
  cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
  cr_assert(res.null_ran && res.null_passed);
  sp_render_result_fini(&res);
  free(text);
  mix = tu_read_out(dir, "mix", &f);
  double raw_peak = db(tu_peak(mix, 2 * (size_t)f)), raw_rms = rms_db(mix, 2 * (size_t)f);
  free(mix);
  drums = tu_read_out(dir, "drums", &f);
  bass = tu_read_out(dir, "bassbus", &f);
  double raw_drums = rms_db(drums, 2 * (size_t)f), raw_bass = rms_db(bass, 2 * (size_t)f);
  free(drums);
  free(bass);
  fprintf(stderr,
          "mix: sample peak %.2f dBFS, true peak %.2f dBTP, unlimited peak %.2f dBFS; "
          "rms %.2f vs %.2f dB; drums GR %.2f dB; bass GR %.2f dB\n",
          sp, tp, raw_peak, mix_rms, raw_rms, raw_drums - drums_rms, raw_bass - bass_rms);
  cr_assert_gt(raw_peak, 9.0, "the sum should be far above the ceiling: %.2f dBFS", raw_peak);
  cr_assert_gt(raw_drums - drums_rms, 6.0, "drums bus compression: %.2f dB", raw_drums - drums_rms);
  cr_assert_gt(raw_bass - bass_rms, 6.0, "keyed bass compression: %.2f dB", raw_bass - bass_rms);
}

Test(routing, linked_stems_null_through_dynamics_split_sources)
{
  static const char *const names[] = {"kit", "low", "music", "vocals"};
  stress("stems:\n"
         "  split: sources\n"
         "  kit: [drums]\n"
         "  low: [bassbus]\n"
         "  music: [keys, pad]\n"
         "  vocals: [vox, fx]\n",
         names, 4);
}

Test(routing, linked_stems_null_through_dynamics_split_buses)
{
  static const char *const names[] = {"kit", "low", "glued", "returns"};
  stress("stems:\n"
         "  split: buses\n"
         "  kit: [drums]\n"
         "  low: [bassbus]\n"
         "  glued: [glue]\n"
         "  returns: [verb, echo, fx]\n",
         names, 4);
}

/* ---- 6. automation --------------------------------------------------------- */

enum { AUTO_LEN = 72000 };

/* Render text, which must succeed, and return the mix. */
static double *render_mix(const char *text, int64_t *frames)
{
  tu_render_ok(dir, text);
  return tu_read_out(dir, "mix", frames);
}

/* Both channels of frame t of x are at want_db (dBFS), within 1e-4 dB. */
static void at_db(const double *x, int64_t t, double want_db)
{
  for (int c = 0; c < 2; c++)
    cr_assert_lt(fabs(db(fabs(x[2 * t + c])) - want_db), 1e-4,
                 "frame %lld channel %d: %.6f dB, expected %.6f dB", (long long)t, c,
                 db(fabs(x[2 * t + c])), want_db);
}

Test(routing, fader_automation_ramps_in_db_and_holds_outside)
{
  /* A stereo DC of 0.5 (-6.02 dBFS) under [[0, -20 dB], [1 s, 0 dB]]: the
   * level at frame t < 48000 is -6.02 − 20 + 20·t/48000 dB, exactly -16.02
   * at 0.5 s; from 1 s on it holds 0 dB. */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, AUTO_LEN);
  int64_t f;
  double *x =
      render_mix(HEAD "tracks: {a: {file: dc.wav, gain: [[0, -20 dB], [1 s, 0 dB]]}}\n", &f);
  cr_assert_eq(f, AUTO_LEN);
  const double src = db(0.5);
  for (int64_t t = 0; t < f; t++)
    at_db(x, t, src + (t < RATE ? -20.0 + 20.0 * (double)t / RATE : 0.0));
  at_db(x, 24000, src - 10.0);
  free(x);

  /* Before the first point the first value holds: [[0.25 s, -20 dB],
   * [1.25 s, 0 dB]] is -20 dB up to frame 12000, -10 dB at 0.75 s. */
  x = render_mix(HEAD "tracks: {a: {file: dc.wav, gain: [[0.25 s, -20 dB], [1.25 s, 0 dB]]}}\n",
                 &f);
  for (int64_t t = 0; t <= 12000; t++)
    at_db(x, t, src - 20.0);
  at_db(x, 36000, src - 10.0);
  at_db(x, 60000, src);
  at_db(x, AUTO_LEN - 1, src);
  free(x);
}

Test(routing, two_points_at_the_same_time_make_a_jump)
{
  tu_write_dc(dir, "dc.wav", 2, 0.5f, AUTO_LEN);
  int64_t f;
  double *x =
      render_mix(HEAD "tracks:\n"
                      "  a: {file: dc.wav, gain: [[0, 0 dB], [0.5 s, 0 dB], [0.5 s, -12 dB],\n"
                      "                           [1 s, -12 dB], [1 s, -inf dB]]}\n",
                 &f);
  const double src = db(0.5);
  at_db(x, 0, src);
  at_db(x, 23999, src);
  at_db(x, 24000, src - 12.0);
  at_db(x, 47999, src - 12.0);
  for (int64_t t = 48000; t < f; t++)
    for (int c = 0; c < 2; c++)
      cr_assert_eq(x[2 * t + c], 0.0, "frame %lld after the jump to -inf", (long long)t);
  free(x);
}

Test(routing, pan_automation_is_linear_in_pan_position_under_the_law)
{
  /* Mono DC 0.5, pan [[0, -1], [1 s, 1]], -3 dB law: at frame t the pan
   * is p = -1 + 2t/48000 and the sides are 0.5·cos((p+1)π/4) and
   * 0.5·sin((p+1)π/4). */
  tu_write_dc(dir, "dcm.wav", 1, 0.5f, AUTO_LEN);
  int64_t f;
  double *x = render_mix(HEAD "pan_law: -3 dB\n"
                              "tracks: {a: {file: dcm.wav, pan: [[0, -1], [1 s, 1]]}}\n",
                         &f);
  const int64_t frames[] = {12000, 24000, 36000, 6000, 42000};
  for (size_t k = 0; k < sizeof frames / sizeof *frames; k++) {
    int64_t t = frames[k];
    double p = -1.0 + 2.0 * (double)t / RATE, th = (p + 1) * M_PI / 4;
    cr_assert_float_eq(x[2 * t], 0.5 * cos(th), 1e-6, "frame %lld left %.8f", (long long)t,
                       x[2 * t]);
    cr_assert_float_eq(x[2 * t + 1], 0.5 * sin(th), 1e-6, "frame %lld right %.8f", (long long)t,
                       x[2 * t + 1]);
  }
  /* The midpoint: centre, -3 dB each side. */
  at_db(x, 24000, db(0.5) + db(cos(M_PI / 4)));
  /* The ends: hard left, hard right (held). */
  cr_assert_float_eq(x[0], 0.5, 1e-7);
  cr_assert_eq(x[1], 0.0);
  cr_assert_eq(x[2 * 60000], 0.0);
  cr_assert_float_eq(x[2 * 60000 + 1], 0.5, 1e-7);
  free(x);
}

Test(routing, send_level_automation)
{
  /* A stereo DC 0.5 to master and, by a send automated [[0, -40 dB],
   * [1 s, 0 dB]], to a bus: printed as stems split by buses, the dry stem
   * stays at 0.5 and the send's stem ramps from -40 dB, -20 dB at 0.5 s. */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, AUTO_LEN);
  tu_render_ok(dir, HEAD "tracks:\n"
                 "  a: {file: dc.wav, sends: [{to: fx, level: [[0, -40 dB], [1 s, 0 dB]]}]}\n"
                 "buses: {fx: {}}\n"
                 "stems: {split: buses, dry: [a], wet: [fx]}\n");
  int64_t f;
  double *dry = tu_read_out(dir, "dry", &f), *wet = tu_read_out(dir, "wet", &f);
  const double src = db(0.5);
  for (int64_t t = 0; t < f; t += 997) {
    at_db(dry, t, src);
    at_db(wet, t, src + (t < RATE ? -40.0 + 40.0 * (double)t / RATE : 0.0));
  }
  at_db(wet, 24000, src - 20.0);
  at_db(wet, 12000, src - 30.0);
  at_db(wet, 60000, src);
  free(dry);
  free(wet);
}

/* Ardour 7's gain automation, written out from its sources: the gain a
 * fraction of the way along its fader law (pbd/control_math.h's
 * interpolate_gain), read per export cycle of 1024 frames as a vector
 * spread over the cycle and one frame more (evoral/Curve.cc's _get_vector,
 * its two-point case), then through its Amp's declick (ardour/amp.cc), a
 * float one-pole filter whose state before a frame is that frame's gain. */
static double ardour_pos(double g) { return g == 0 ? 0 : pow((6 * log2(g) + 192) / 198, 8); }
static double ardour_gain(double p) { return p == 0 ? 0 : exp2((pow(p, 1 / 8.0) * 198 - 192) / 6); }
static double ardour_interpolate(double f, double t, double fraction)
{
  double from = f + 1e-7, to = t + 1e-7;
  if (fabs(to - from) < 1e-7)
    return to;
  double g0 = ardour_pos(from), g1 = ardour_pos(to);
  return ardour_gain(g0 + fraction * (g1 - g0));
}

/* Ardour's Logarithmic interpolation (a trim's list): from · (to/from)^fraction. */
static double ardour_logarithmic(double f, double t, double fraction)
{
  return f * pow(t / f, fraction);
}

/* The gains Ardour's automation asks for over the cycle from frame s (its
 * Curve's vector of a two-point list, t0 and t1 in frames), the list
 * interpolated by law. */
static void ardour_cycle_by(double (*law)(double, double, double), double t0, double v0, double t1,
                            double v1, int64_t s, float *vec)
{
  enum { B = 1024 };
  double start = (double)s, end = (double)(s + B);
  int veclen = B, fill = 0;
  for (int i = 0; i < B; i++)
    vec[i] = (float)(start > t1 ? v1 : v0);
  if (start <= t1 && end >= t0) {
    if (start < t0) {
      fill = (int)floor(B * ((t0 - start) / (end - start)));
      veclen -= fill;
    }
    if (end > t1) {
      int tail = (int)floor(B * ((end - t1) / (end - start)));
      tail = tail < veclen ? tail : veclen;
      for (int i = fill + veclen - tail; i < B; i++)
        vec[i] = (float)v1;
      veclen -= tail;
    }
    double lx = fmax(t0, start), hx = fmin(t1, end);
    for (int i = 0; i < veclen; i++) {
      double fraction = (lx - t0 + i * (hx - lx) / (veclen - 1)) / (t1 - t0);
      vec[fill + i] = (float)law(v0, v1, fraction);
    }
  }
}

/* The targets Ardour's automation asks for over n frames, cycle by cycle
 * (ardour_cycle_by's), in a heap array of whole cycles. */
static float *ardour_targets(double (*law)(double, double, double), double t0, double v0, double t1,
                             double v1, int64_t n)
{
  enum { B = 1024 };
  float *vec = sp_xcalloc((size_t)((n + B - 1) / B * B), sizeof *vec);
  for (int64_t s = 0; s < n; s += B)
    ardour_cycle_by(law, t0, v0, t1, v1, s, vec + s);
  return vec;
}

/* Expects the stereo x (n frames) to be a DC of 0.5 through Ardour's Amp
 * declick (a float one-pole whose state before a frame is that frame's
 * gain) chasing target frame by frame from v0, to float precision. */
static void expect_ardour_declick(const double *x, int64_t n, const float *target, double v0)
{
  const float a = 156.825f / (float)RATE;
  float lpf = (float)v0;
  for (int64_t t = 0; t < n; t++) {
    for (int c = 0; c < 2; c++)
      cr_assert_float_eq(x[2 * t + c], 0.5 * lpf, 2e-7 * 0.5 * lpf, "frame %lld: %.9g vs %.9g",
                         (long long)t, x[2 * t + c], 0.5 * lpf);
    lpf += a * (target[t] - lpf);
  }
}

Test(routing, fader_automation_ramps_as_ardour_plays_it)
{
  /* DC 0.5 under {ramp: ardour, points: [[0.5 s, -12 dB], [1 s, 0 dB]]}:
   * each frame as Ardour computes it (above), to float precision. */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, AUTO_LEN);
  int64_t f;
  double *x = render_mix(HEAD "tracks: {a: {file: dc.wav, gain: {ramp: ardour, points: "
                              "[[0.5 s, -12 dB], [1 s, 0 dB]]}}}\n",
                         &f);
  cr_assert_eq(f, AUTO_LEN);
  const double v0 = pow(10, -12 / 20.0);
  float *g = ardour_targets(ardour_interpolate, RATE / 2, v0, RATE, 1.0, f);
  expect_ardour_declick(x, f, g, v0);
  /* Before the first point the level holds exactly. */
  cr_assert_eq(x[2 * 24000], 0.5 * (float)v0);
  /* The declick lags: 25 Hz behind the law, so below it mid-ramp; the law
   * bends the ramp: halfway along it is -5.3 dB, not -6 dB. */
  double law = ardour_interpolate(v0, 1, 0.5);
  cr_assert_lt(x[2 * 36000], 0.5 * law * 0.995);
  cr_assert_gt(fabs(db(law) + 6), 0.5);
  /* A second after the last point it has settled to 2^-16. */
  cr_assert_float_eq(x[2 * 71999], 0.5, 0.5 / 65536);
  free(g);
  free(x);
}

Test(routing, a_vcas_automation_scales_an_ardour_ramp_frame_by_frame)
{
  /* `vca:` curves multiply the level's own target frame by frame, each
   * read as Ardour reads its list, before the declick (Ardour's
   * masters_curve_multiply): DC 0.5 under a fader moving -12 → 0 dB over
   * 0.05 .. 0.1 s and a VCA moving 0 → -6 dB over 0.08 .. 0.15 s; each
   * frame as Ardour computes it, to float precision. */
  enum { N = 12000 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, N);
  int64_t f;
  double *x = render_mix(HEAD "tail: 0\n"
                              "tracks:\n"
                              "  a: {file: dc.wav, gain: {ramp: ardour, points: [[0.05 s, -12 dB], "
                              "[0.1 s, 0 dB]], vca: [[[0.08 s, 0 dB], [0.15 s, -6 dB]]]}}\n",
                         &f);
  cr_assert_eq(f, N);
  const double v0 = pow(10, -12 / 20.0), w1 = pow(10, -6 / 20.0);
  float *own = ardour_targets(ardour_interpolate, 2400, v0, 4800, 1, N);
  float *vca = ardour_targets(ardour_interpolate, 3840, 1, 7200, w1, N);
  for (int64_t t = 0; t < N; t++)
    own[t] *= vca[t];
  expect_ardour_declick(x, N, own, v0);
  free(own);
  free(vca);
  free(x);
  /* A VCA curve over a fader held at 0 dB is the same ramp, bit for bit. */
  double *y = render_mix(HEAD "tail: 0\n"
                              "tracks:\n"
                              "  a: {file: dc.wav, gain: {ramp: ardour, points: [[0, 0 dB]], "
                              "vca: [[[0.08 s, 0 dB], [0.15 s, -6 dB]]]}}\n",
                         &f);
  double *z = render_mix(HEAD "tail: 0\n"
                              "tracks:\n"
                              "  a: {file: dc.wav, gain: {ramp: ardour, points: [[0.08 s, 0 dB], "
                              "[0.15 s, -6 dB]]}}\n",
                         &f);
  cr_assert_eq(memcmp(y, z, (size_t)(2 * N) * sizeof *y), 0);
  free(y);
  free(z);
  /* Only beside Ardour's ramp, which it multiplies. */
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  char *said = tu_build(dir,
                        HEAD "tracks:\n  a: {file: dc.wav, gain: {points: [[0, 0 dB]], vca: "
                             "[[[0, -6 dB]]]}}\n",
                        &r, &g);
  cr_assert(strstr(said, "tracks.a.gain.vca: a VCA's automation scales a level that moves as "
                         "Ardour's; give 'ramp: ardour' beside it"),
            "%s", said);
  free(said);
  sp_graph_free(g);
  sp_recipe_free(r);
}

Test(routing, a_trims_ardour_ramp_moves_as_its_lists_interpolation_says)
{
  /* Ardour 7.3 interpolates a trim's list logarithmically (its
   * AutomationList::default_interpolation; interpolate_logarithmic: from ·
   * (to/from)^fraction, linear in dB), read and declicked as the fader's:
   * DC 0.5 under a trim moving -12 → +6 dB over 0.05 .. 0.1 s, each frame
   * as Ardour computes it, to float precision. */
  enum { N = 7200 };
  tu_write_dc(dir, "dc.wav", 2, 0.5f, N);
  int64_t f;
  double *x =
      render_mix(HEAD "tail: 0\n"
                      "tracks:\n"
                      "  a: {file: dc.wav, trim: {ramp: ardour, interpolation: logarithmic, "
                      "points: [[0.05 s, -12 dB], [0.1 s, 6 dB]]}}\n",
                 &f);
  cr_assert_eq(f, N);
  const double v0 = pow(10, -12 / 20.0), v1 = pow(10, 6 / 20.0);
  float *vec = ardour_targets(ardour_logarithmic, 2400, v0, 4800, v1, N);
  expect_ardour_declick(x, N, vec, v0);
  free(vec);
  /* Halfway along the ramp the law asks for -3 dB (the fader law: -1.9). */
  cr_assert_float_eq(db(ardour_logarithmic(v0, v1, 0.5)), -3.0, 1e-9);
  cr_assert_gt(db(ardour_interpolate(v0, v1, 0.5)), -2.0);
  free(x);
  /* Linear (in gain) and Discrete, straight from the automation: at the
   * middle of a cycle inside the ramp, the target the declick runs to. */
  sp_auto_point pts[3] = {{{.seconds = 0.0}, -12}, {{.seconds = 0.1}, 6}, {{.seconds = 0.2}, 0}};
  sp_auto lin = {
      .n = 2, .points = pts, .value = -12, .ramp = SP_RAMP_LIST, .interp = SP_INTERP_LINEAR};
  float g[1];
  /* (unprepared, the fill is the target itself; a cycle's first frame
   * reads the list at that frame) */
  sp_auto_fill_gain(&lin, RATE, 2048, 1, g);
  cr_assert_float_eq(g[0], v0 + (v1 - v0) * 2048 / 4800.0, 1e-7);
  sp_auto dis = lin;
  dis.interp = SP_INTERP_DISCRETE;
  dis.n = 3;
  sp_auto_fill_gain(&dis, RATE, 2048, 1, g); /* three points: held */
  cr_assert_eq(g[0], (float)v0);
  /* The cycle that reads the last point (frame 9600, of cycle 9216 ..
   * 10240) spreads its first 384 frames over 9216 .. 9600: frame 9599
   * reads the point's own time, which Ardour's list, its lookup cache
   * holding the segment before, still reads as that segment (measured:
   * the trimauto row of docs/sessions.md); frame 9600 is past it. */
  sp_auto_fill_gain(&dis, RATE, 9599, 1, g);
  cr_assert_eq(g[0], (float)v1);
  sp_auto_fill_gain(&dis, RATE, 9600, 1, g);
  cr_assert_eq(g[0], 1.0f);
  dis.n = 2; /* two: Ardour's Curve falls through to its Linear case */
  sp_auto_fill_gain(&dis, RATE, 2048, 1, g);
  cr_assert_float_eq(g[0], v0 + (v1 - v0) * 2048 / 4800.0, 1e-7);
  /* Logarithmic cannot rise from silence (Ardour's 0 · ∞), nor hold it
   * over two points (0 · (0/0)^fraction): the recipe says so. */
  sp_recipe *r = NULL;
  sp_graph *gr = NULL;
  char *said = tu_build(dir,
                        HEAD "tracks:\n  a: {file: dc.wav, trim: {ramp: ardour, interpolation: "
                             "logarithmic, points: [[0, -6 dB], [0.5 s, -inf dB], [1 s, 0 dB]]}}\n",
                        &r, &gr);
  cr_assert(strstr(said, "tracks.a.trim.points[2]: a logarithmic ramp (linear in dB) cannot rise "
                         "from -inf dB: Ardour's gain there is not a number (0 * inf); give a "
                         "level such as -90 dB, or 'interpolation: linear'"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  said = tu_build(dir,
                  HEAD "tracks:\n  a: {file: dc.wav, gain: {ramp: ardour, interpolation: "
                       "logarithmic, points: [[0, -inf dB], [1 s, -inf dB]]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.gain.points[1]: a logarithmic ramp of two points cannot hold "
                         "-inf dB"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  said = tu_build(dir,
                  HEAD "tracks:\n  a: {file: dc.wav, gain: {ramp: ardour, interpolation: "
                       "spline, points: [[0, -6 dB]]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.gain.interpolation: expected 'exponential' (Ardour's fader "
                         "law, the default), 'logarithmic' (linear in dB, as Ardour moves a "
                         "trim), 'linear' (linear in gain), 'discrete' (each point held) or "
                         "'curved' (Ardour's spline through the gains), got 'spline'"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  said = tu_build(dir,
                  HEAD "tracks:\n  a: {file: dc.wav, trim: {interpolation: linear, points: [[0, "
                       "-6 dB]]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.trim.interpolation: an interpolation is how a level moved as "
                         "Ardour's moves"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  said = tu_build(dir, HEAD "tracks:\n  a: {file: dc.wav, gain: {tempo: 97, points: [[0, -6 dB]]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.gain.tempo: a tempo is the one an Ardour list held in beats is "
                         "read at; give 'ramp: ardour' beside it"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  /* A tempo map's points: each after the one before, in time and beats;
   * each with at, beat and bpm; a VCA's curve takes one too */
  said = tu_build(dir,
                  HEAD "tracks:\n  a: {file: dc.wav, gain: {ramp: ardour, tempo: [{at: 0 s, beat: "
                       "0, bpm: 120}, {at: 2 s, beat: 0, bpm: 90}], points: [[0, -6 dB]]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.gain.tempo[1]: a tempo point comes after the one before it, "
                         "both in time and in beats"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
  said = tu_build(dir,
                  HEAD "tracks:\n  a: {file: dc.wav, gain: {ramp: ardour, points: [[0, -6 dB]], "
                       "vca: [{tempo: [{at: 0 s, beat: 0}], points: [[0, -6 dB]]}]}}\n",
                  &r, &gr);
  cr_assert(strstr(said, "tracks.a.gain.vca[0].tempo[0]: missing 'bpm'"), "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
}

/* The cubic Hermite from (0, y0) to (1, y1) with slopes m0 and m1 (per
 * unit of u) at u: Kruger's segment, written independently. */
static double hermite(double y0, double y1, double m0, double m1, double u)
{
  const double u2 = u * u, u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * y0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * y1 +
         (u3 - u2) * m1;
}

Test(routing, the_constrained_spline_is_krugers)
{
  /* Three points, one second apart in superclock ticks, gains 0.25, 1,
   * 0.5: the curve turns at the middle point (its slope 0); the ends'
   * slopes are 3/2 of their segment's minus half the neighbour's: 1.125
   * and -0.75 a second. Half way along each segment the cubic is
   * 0.765625 and 0.84375, exactly. */
  const double X = 282240000.0;
  const double x[3] = {0, X, 2 * X}, y[3] = {0.25, 1, 0.5};
  cr_assert_eq(sp_spline_inner_slope(x, y), 0.0);
  cr_assert_float_eq(sp_spline_first_slope(x, y) * X, 1.125, 1e-12);
  cr_assert_float_eq(sp_spline_last_slope(x + 1, y + 1, 0) * X, -0.75, 1e-12);
  double c1[4], c2[4];
  sp_spline_segment(x, y, sp_spline_first_slope(x, y), 0, c1);
  sp_spline_segment(x + 1, y + 1, 0, sp_spline_last_slope(x + 1, y + 1, 0), c2);
  cr_assert_float_eq(sp_spline_eval(c1, X / 2), 0.765625, 1e-12);
  cr_assert_float_eq(sp_spline_eval(c2, 1.5 * X), 0.84375, 1e-12);
  /* through every point */
  cr_assert_float_eq(sp_spline_eval(c1, 0), 0.25, 1e-12);
  cr_assert_float_eq(sp_spline_eval(c1, X), 1, 1e-12);
  cr_assert_float_eq(sp_spline_eval(c2, X), 1, 1e-12);
  cr_assert_float_eq(sp_spline_eval(c2, 2 * X), 0.5, 1e-12);
  for (int i = 1; i < 8; i++)
    cr_assert_float_eq(sp_spline_eval(c2, X + i * X / 8), hermite(1, 0.5, 0, -0.75, i / 8.0),
                       1e-12);
  /* the same points at any place on the axis (Ardour's cubics are in
   * absolute superclock ticks: a minute on, to 1e-9) */
  const double x60[3] = {60 * X, 61 * X, 62 * X};
  sp_spline_segment(x60, y, sp_spline_first_slope(x60, y), 0, c1);
  cr_assert_float_eq(sp_spline_eval(c1, 60.5 * X), 0.765625, 1e-9);
}

Test(routing, a_curved_ardour_ramp_follows_ardours_spline)
{
  /* {ramp: ardour, interpolation: curved} over 1 s: 0.25, 2 s: 1, 3 s:
   * 0.5, read as Ardour reads a list per 1024-frame cycle: frame j of a
   * cycle from s inside the list reads s + j·1024/1023. */
  sp_auto_point pts[3] = {
      {{.seconds = 1}, db(0.25)}, {{.seconds = 2}, 0}, {{.seconds = 3}, db(0.5)}};
  sp_auto a = {.n = 3, .points = pts, .value = pts[0].v, .ramp = SP_RAMP_LIST,
               .interp = SP_INTERP_CURVED};
  const int64_t frames[] = {49000, 60000, 72000, 95000, 96500, 110000, 140000};
  for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
    const int64_t t = frames[i], s = t / 1024 * 1024;
    const double at = (double)s + (double)(t - s) * 1024.0 / 1023.0; /* in frames */
    const double u = at / RATE - 1; /* seconds past the first point */
    const double want = u < 1 ? hermite(0.25, 1, 1.125, 0, u) : hermite(1, 0.5, 0, -0.75, u - 1);
    float g;
    sp_auto_fill_gain(&a, RATE, t, 1, &g);
    cr_assert_float_eq(g, want, 2e-7, "frame %lld: %.9g, not %.9g", (long long)t, g, want);
  }
  /* The first point's frame reads it (the cycle's vector starts on it);
   * before it its value holds, and past the last the last's. */
  float g[2];
  sp_auto_fill_gain(&a, RATE, 47999, 2, g);
  cr_assert_eq(g[0], 0.25f);
  cr_assert_eq(g[1], 0.25f);
  sp_auto_fill_gain(&a, RATE, 150000, 1, g);
  cr_assert_eq(g[0], 0.5f);
  /* The spline never overshoots: it stays within its points' range. */
  float *all = sp_xcalloc(3 * RATE, sizeof *all);
  sp_auto_fill_gain(&a, RATE, 0, 3 * RATE, all);
  for (int64_t t = 0; t < 3 * RATE; t++)
    cr_assert(all[t] >= 0.25f && all[t] <= 1.0f, "frame %lld: %g", (long long)t, all[t]);
  /* the same gains in any block */
  for (int64_t t0 = 40000; t0 < 3 * RATE - 777; t0 += 7777) {
    float part[777];
    sp_auto_fill_gain(&a, RATE, t0, 777, part);
    cr_assert(memcmp(part, all + t0, sizeof part) == 0, "block at %lld", (long long)t0);
  }
  free(all);
  /* A point given twice (a jump to where it is): Ardour's slope there is
   * 0/0; the segments beside it are linear, never not a number */
  sp_auto_point twice[4] = {{{.seconds = 1}, db(0.25)},
                            {{.seconds = 2}, 0},
                            {{.seconds = 2}, 0},
                            {{.seconds = 3}, db(0.5)}};
  sp_auto tw = a;
  tw.points = twice;
  tw.n = 4;
  sp_auto_fill_gain(&tw, RATE, 72000, 1, g);
  cr_assert_float_eq(g[0], 0.25 + 0.75 * ((71680 + 320 * 1024.0 / 1023.0) / RATE - 1), 2e-7);
  sp_auto_fill_gain(&tw, RATE, 120000, 1, g);
  cr_assert(isfinite(g[0]) && g[0] >= 0.5f && g[0] <= 1.0f, "%g", g[0]);
  /* Two points: no spline, Ardour's Linear case */
  a.n = 2;
  sp_auto_fill_gain(&a, RATE, 72000, 1, g);
  const double at = 71680 + 320 * 1024.0 / 1023.0;
  cr_assert_float_eq(g[0], 0.25 + 0.75 * (at / RATE - 1), 2e-7);
}

Test(routing, a_logarithmic_ardour_ramp_falls_to_silence_as_ardour_plays_it)
{
  /* from · (0 / from)^fraction: 1 on the segment's first point, 0 past
   * it (Ardour's interpolate_logarithmic, pow (0, fraction)). Two points
   * (1 s: 0 dB, 2 s: -inf dB): frame 48000 reads the first point. */
  sp_auto_point pts[2] = {{{.seconds = 1}, 0}, {{.seconds = 2}, -INFINITY}};
  sp_auto a = {.n = 2, .points = pts, .value = 0, .ramp = SP_RAMP_LIST,
               .interp = SP_INTERP_LOGARITHMIC};
  float g[3];
  sp_auto_fill_gain(&a, RATE, 47999, 3, g);
  cr_assert_eq(g[0], 1.0f);
  cr_assert_eq(g[1], 1.0f);
  cr_assert_eq(g[2], 0.0f);
  sp_auto_fill_gain(&a, RATE, 100000, 1, g);
  cr_assert_eq(g[0], 0.0f);
  /* Three points (0.5 s: -6 dB, 1 s: 0 dB, 2 s: -inf dB): linear in dB
   * up to 0 dB, then silent from a hair past 1 s on */
  sp_auto_point p3[3] = {
      {{.seconds = 0.5}, db(0.5)}, {{.seconds = 1}, 0}, {{.seconds = 2}, -INFINITY}};
  a.points = p3;
  a.n = 3;
  sp_auto_fill_gain(&a, RATE, 36000, 1, g);
  const double at = 35840 + 160 * 1024.0 / 1023.0;
  cr_assert_float_eq(g[0], 0.5 * pow(2, (at - 24000) / 24000), 2e-7);
  sp_auto_fill_gain(&a, RATE, 49000, 2, g);
  cr_assert_eq(g[0], 0.0f);
  cr_assert_eq(g[1], 0.0f);
  sp_auto_fill_gain(&a, RATE, 200000, 1, g);
  cr_assert_eq(g[0], 0.0f);
  /* a recipe may say it: it builds */
  sp_recipe *r = NULL;
  sp_graph *gr = NULL;
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 4800);
  char *said = tu_build(dir,
                        HEAD "tracks:\n  a: {file: dc.wav, gain: {ramp: ardour, interpolation: "
                             "logarithmic, points: [[0, -6 dB], [0.05 s, 0 dB], [0.08 s, -inf dB], "
                             "[0.09 s, -inf dB]]}}\n",
                        &r, &gr);
  cr_assert(gr, "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
}

Test(routing, an_ardour_list_in_beats_is_read_a_whole_tick_at_a_time)
{
  /* A list Ardour 7.3 holds in beats (`tempo:`, here 97 bpm, a tick 15.5
   * frames at 48 kHz): Curve::_get_vector puts the cycle's ends in whole
   * ticks, spreads the cycle over them and hands each frame's position
   * truncated to a tick (timepos_t::from_ticks (rx)). Points at ticks 1552,
   * 5277 and 9622; the frames each tick starts at worked out by hand from
   * Ardour's arithmetic (TempoPoint::quarters_at_superclock, the cycle of
   * 1024 frames at 81,920 spread over ticks 5269 .. 5335): tick 5275 is
   * read by frames 81,579 .. 81,593, tick 5277 (the middle point's, whose
   * own time is frame 81,603.09) by 81,610 .. 81,624. Measured against
   * Ardour 7.3: the beatauto row of docs/sessions.md. */
  const double q = 60.0 / (97 * 1920); /* seconds a tick */
  sp_auto_point pts[3] = {{{.seconds = 1552 * q}, -12}, {{.seconds = 5277 * q}, 0},
                          {{.seconds = 9622 * q}, -6}};
  const double v0 = pow(10, -12 / 20.0), v1 = 1.0;
  sp_tempo_point tp = sp_tempo_point_make(0, 0, 97, 4, 0, false, SP_TEMPO_SUPERCLOCK);
  sp_tempo_map tm = {.scps = SP_TEMPO_SUPERCLOCK, .t = &tp, .n = 1};
  sp_auto a = {.n = 3,
               .points = pts,
               .value = -12,
               .ramp = SP_RAMP_LIST,
               .interp = SP_INTERP_DISCRETE,
               .tempo = &tm};
  float g[2];
  /* Discrete: the frames that read the point's own tick hold the level
   * before it (the list's lookup cache, as for an audio-time list's exact
   * superclock); in audio time it would step at frame 81,604 */
  sp_auto_fill_gain(&a, RATE, 81604, 1, g);
  cr_assert_eq(g[0], (float)v0);
  sp_auto_fill_gain(&a, RATE, 81624, 1, g);
  cr_assert_eq(g[0], (float)v0);
  sp_auto_fill_gain(&a, RATE, 81625, 1, g);
  cr_assert_eq(g[0], (float)v1);
  /* Linear: one level a tick, the tick's own (its fraction of the way
   * from 1552 to 5277), then the next tick's */
  a.interp = SP_INTERP_LINEAR;
  const double at5275 = v0 + (v1 - v0) * (5275 - 1552) / (double)(5277 - 1552);
  sp_auto_fill_gain(&a, RATE, 81579, 1, g);
  sp_auto_fill_gain(&a, RATE, 81593, 1, g + 1);
  cr_assert_float_eq(g[0], at5275, 1e-7);
  cr_assert_eq(g[0], g[1]);
  sp_auto_fill_gain(&a, RATE, 81594, 1, g);
  cr_assert_gt(g[0], g[1]);
}

Test(routing, an_ardour_list_in_beats_is_read_through_its_tempo_map)
{
  /* A list in beats under a tempo change, 120 bpm then 90 from beat 4
   * (2 s): Ardour 7.3 puts each cycle's ends in ticks through the map
   * (TempoMap::quarters_at_superclock), so past the change a tick is
   * 16.7 frames at 48 kHz, not 12.5. Points at ticks 1920 (1 s), 9600
   * (beat 5, 2.667 s, frame 128,000) and 11520 (3.333 s); worked out by
   * hand from Ardour's arithmetic: the cycle from frame 128,000 spans
   * ticks 9600 .. 9661, so tick 9600 is read by frames 128,000 .. 128,016,
   * tick 9601 by 128,017 .. 128,033. Read at one tempo of 120 bpm (before
   * the map was carried) the middle point's tick would be 10240 and the
   * frames would step elsewhere. Measured against Ardour 7.3: the
   * beattempo row of docs/sessions.md. */
  sp_auto_point pts[3] = {{{.seconds = 1.0}, -12},
                          {{.seconds = 752640000 / 282240000.0}, 0},
                          {{.seconds = 940800000 / 282240000.0}, -6}};
  sp_tempo_point tp[2] = {
      sp_tempo_point_make(0, 0, 120, 4, 0, false, SP_TEMPO_SUPERCLOCK),
      sp_tempo_point_make(564480000, 7680, 90, 4, 0, false, SP_TEMPO_SUPERCLOCK)};
  sp_tempo_map tm = {.scps = SP_TEMPO_SUPERCLOCK, .t = tp, .n = 2};
  const double v0 = pow(10, -12 / 20.0), v1 = 1.0, v2 = pow(10, -6 / 20.0);
  sp_auto a = {.n = 3,
               .points = pts,
               .value = -12,
               .ramp = SP_RAMP_LIST,
               .interp = SP_INTERP_DISCRETE,
               .tempo = &tm};
  float g[2];
  /* Discrete: the frames that read the point's own tick hold the level
   * before it */
  sp_auto_fill_gain(&a, RATE, 128000, 1, g);
  cr_assert_eq(g[0], (float)v0);
  sp_auto_fill_gain(&a, RATE, 128016, 1, g);
  cr_assert_eq(g[0], (float)v0);
  sp_auto_fill_gain(&a, RATE, 128017, 1, g);
  cr_assert_eq(g[0], (float)v1);
  /* Linear: tick 9601's level, 1/1920 of the way to the last point, over
   * frames 128,017 .. 128,033, then tick 9602's */
  a.interp = SP_INTERP_LINEAR;
  const double at9601 = v1 + (v2 - v1) / 1920;
  sp_auto_fill_gain(&a, RATE, 128017, 1, g);
  sp_auto_fill_gain(&a, RATE, 128033, 1, g + 1);
  cr_assert_float_eq(g[0], at9601, 1e-7);
  cr_assert_eq(g[0], g[1]);
  sp_auto_fill_gain(&a, RATE, 128034, 1, g);
  cr_assert_lt(g[0], g[1]);
  sp_auto_fill_gain(&a, RATE, 128016, 1, g);
  cr_assert_eq(g[0], (float)v1);
  /* A pan's list in beats is read the same way, linearly by the tick's
   * fraction: -1, 0, 1 at those ticks; tick 9601 is 1/1920 of the way to
   * 1 over frames 128,017 .. 128,033 (in audio time frame 128,017 would
   * be 17/32,000) */
  sp_auto_point pan[3] = {{pts[0].t, -1}, {pts[1].t, 0}, {pts[2].t, 1}};
  sp_auto p = {.n = 3, .points = pan, .value = -1, .tempo = &tm};
  float v[3];
  sp_auto_fill_linear(&p, RATE, 128016, 3, v);
  cr_assert_eq(v[0], 0.0f);
  cr_assert_eq(v[1], (float)(1.0 / 1920));
  cr_assert_eq(v[2], v[1]);
  sp_auto_fill_linear(&p, RATE, 128033, 2, v);
  cr_assert_eq(v[0], (float)(1.0 / 1920));
  cr_assert_eq(v[1], (float)(2.0 / 1920));
}

Test(routing, ardour_ramps_give_a_frame_the_same_gain_in_any_block)
{
  /* The declick is a recurrence; its state kept at checkpoints makes a
   * frame's gain independent of the blocks the render asks for. */
  sp_auto a = {.n = 3, .ramp = SP_RAMP_LIST};
  sp_auto_point pts[3] = {{{.seconds = 0.1}, -30}, {{.seconds = 0.4}, 0}, {{.seconds = 0.41}, -6}};
  a.points = pts;
  a.value = -30;
  sp_auto_smooth sm = {0};
  a.smooth = &sm;
  enum { N = 40000 };
  sp_auto_prepare(&a, RATE, N);
  float *whole = sp_xcalloc(N, sizeof *whole), *parts = sp_xcalloc(N, sizeof *parts);
  sp_auto_fill_gain(&a, RATE, 0, N, whole);
  for (int64_t t = 0, k = 1; t < N; t += k, k = k * 7 % 4093 + 1)
    sp_auto_fill_gain(&a, RATE, t, (size_t)(t + k <= N ? k : N - t), parts + t);
  cr_assert_eq(memcmp(whole, parts, N * sizeof *whole), 0);
  /* Blocks asked for backwards too. */
  for (int64_t t = N - 1000; t >= 0; t -= 1000)
    sp_auto_fill_gain(&a, RATE, t, 1000, parts + t);
  cr_assert_eq(memcmp(whole, parts, N * sizeof *whole), 0);
  /* Unprepared (no checkpoints), the same ramp has no declick. */
  sp_auto_smooth none = {0};
  a.smooth = &none;
  sp_auto_fill_gain(&a, RATE, 0, N, parts);
  cr_assert_neq(memcmp(whole, parts, N * sizeof *whole), 0);
  /* Frame 10000 of the cycle from 9216 reads the ramp at 9216 + 784 ×
   * 1024 / 1023. */
  double at = 9216 + 784 * (1024 / 1023.0);
  cr_assert_eq(parts[10000], (float)ardour_interpolate(pow(10, -1.5), 1, (at - 4800) / 14400));
  free(sm.state);
  free(whole);
  free(parts);
}

Test(routing, declick_ramps_step_at_their_frames_as_ardour_sets_a_fader)
{
  /* `ramp: declick`: each point's level from its frame on, reached through
   * Amp::apply_gain's declick as Ardour's export runs it, in 1024-frame
   * cycles (a double state, a float coefficient, each frame scaled before
   * the state moves; the state a float between cycles, the target once
   * within 1e-5 at a cycle's end, and a cycle that starts within 1e-5 of
   * its target plays it): a DC of 0.5 on a fader at -12 dB set to -6 dB at
   * frame 1024 and 0 dB at 2048 (the first still chasing), the same at
   * every block size. */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 9600);
  int64_t f;
  double *x = render_mix(HEAD "tail: 0\n"
                              "tracks:\n"
                              "  a: {file: dc.wav, gain: {ramp: declick, points: [[0 smp, -12 dB], "
                              "[1024 smp, -6 dB], [2048 smp, 0 dB]]}}\n",
                         &f);
  cr_assert_eq(f, 9600);
  const double g[3] = {(float)pow(10, -12 / 20.0), (float)pow(10, -6 / 20.0), 1};
  const float a = 156.825f / (float)RATE;
  float current = (float)g[0]; /* Amp's _current_gain */
  int64_t snapped = -1;        /* the cycle the declick ends in */
  for (int64_t cy = 0; cy * 1024 < f; cy++) {
    const float target = (float)g[cy < 1 ? 0 : cy < 2 ? 1 : 2];
    if (fabsf(current - target) >= 1e-5) { /* Amp::run, then apply_gain */
      double lpf = current;
      for (int64_t t = cy * 1024; t < (cy + 1) * 1024 && t < f; t++) {
        for (int c = 0; c < 2; c++)
          cr_assert_eq(x[2 * t + c], 0.5f * (float)lpf, "frame %lld: %.9g, not %.9g", (long long)t,
                       x[2 * t + c], 0.5f * (float)lpf);
        lpf += a * (target - lpf);
      }
      const float rv = (float)lpf;
      current = fabsf(rv - target) < 1e-5 ? target : rv;
      snapped = current == target ? cy : -1;
    } else {
      current = target;
      for (int64_t t = cy * 1024; t < (cy + 1) * 1024 && t < f; t++)
        for (int c = 0; c < 2; c++)
          cr_assert_eq(x[2 * t + c], 0.5f * target, "frame %lld", (long long)t);
    }
  }
  /* the declick to 0 dB ends with cycle 5, which comes within 1e-5 at its
   * 240th frame and moves on to its last */
  cr_assert_eq(snapped, 5);
  cr_assert_neq(x[2 * (6 * 1024 - 1)], 0.5);
  cr_assert_eq(x[2 * 6 * 1024], 0.5);
  cr_assert_eq(x[2 * 1024], 0.5f * (float)g[0]); /* the point's own frame: the old gain */
  cr_assert_eq(x[2 * (f - 1)], 0.5);             /* settled, snapped */
  free(x);
  /* Any block: the gains are made once. */
  sp_auto a2 = {.n = 3, .ramp = SP_RAMP_DECLICK};
  sp_auto_point pts[3] = {{{.frames = 0, .in_frames = true}, -12},
                          {{.frames = 1024, .in_frames = true}, -6},
                          {{.frames = 2048, .in_frames = true}, 0}};
  a2.points = pts;
  a2.value = -12;
  sp_auto_smooth sm = {0};
  a2.smooth = &sm;
  enum { N = 9600 };
  sp_auto_prepare(&a2, RATE, N);
  float *whole = sp_xcalloc(N, sizeof *whole), *parts = sp_xcalloc(N, sizeof *parts);
  sp_auto_fill_gain(&a2, RATE, 0, N, whole);
  for (int64_t t = 0, k = 1; t < N; t += k, k = k * 7 % 1021 + 1)
    sp_auto_fill_gain(&a2, RATE, t, (size_t)(t + k <= N ? k : N - t), parts + t);
  cr_assert_eq(memcmp(whole, parts, N * sizeof *whole), 0);
  sp_declick_fini(&sm.steps);
  free(whole);
  free(parts);
}

/* `start:` is the declick's gain at frame 0, from which it goes to the
 * level the points give, as Ardour's declick of a VCA-scaled automated
 * fader starts from the fader's own level (docs/sessions.md, vcas). A
 * fader at -12.04 dB (0.25) from 2048 on, under a VCA of -6.02 dB (0.5)
 * multiplied into it, starting at 0.25: the float state 0.25, then
 * 0.25 + a·(0.125 − 0.25), ... until a step is below half its unit in the
 * last place: it stalls at 0.12500228, above the scaled gain, as Ardour's
 * does. Without start: the scaled gain from frame 0. Then `ramp: declick`
 * from 0 dB to -6 dB at frame 0, its double state within the cycle. */
Test(routing, a_declicks_start_is_where_it_starts_from)
{
  enum { N = 9600 };
  sp_auto_point own = {{.frames = 2048, .in_frames = true}, 20 * log10(0.25)};
  sp_auto_point vp = {{.frames = 0, .in_frames = true}, 20 * log10(0.5)};
  sp_auto vca = {.n = 1, .ramp = SP_RAMP_LIST, .points = &vp, .value = vp.v};
  sp_auto_smooth sm = {0};
  sp_auto a = {.n = 1,
               .ramp = SP_RAMP_LIST,
               .points = &own,
               .value = own.v,
               .smooth = &sm,
               .vca = &vca,
               .n_vca = 1,
               .has_start = true,
               .start_db = own.v};
  sp_auto_prepare(&a, RATE, N);
  float *g = sp_xcalloc(N, sizeof *g);
  sp_auto_fill_gain(&a, RATE, 0, N, g);
  const float c = 156.825f / (float)RATE, target = 0.25f * 0.5f;
  float lpf = 0.25f;
  for (int64_t t = 0; t < N; t++) {
    cr_assert_float_eq(g[t], lpf, 1e-7 * lpf, "frame %lld: %.9g vs %.9g", (long long)t, g[t], lpf);
    lpf += c * (target - lpf);
  }
  cr_assert_eq(g[0], 0.25f);
  cr_assert_eq(g[N - 1], g[N - 2000]); /* stalled */
  cr_assert_float_eq(g[N - 1], 0.12500228, 1e-8, "%.9g", g[N - 1]);
  free(sm.state);
  sm = (sp_auto_smooth){0};
  a.has_start = false;
  sp_auto_prepare(&a, RATE, N);
  sp_auto_fill_gain(&a, RATE, 0, 1, g);
  cr_assert_float_eq(g[0], 0.125, 1e-7);
  free(sm.state);
  /* ramp: declick */
  sp_auto_point step = {{.frames = 0, .in_frames = true}, -6};
  sm = (sp_auto_smooth){0};
  sp_auto d = {.n = 1,
               .ramp = SP_RAMP_DECLICK,
               .points = &step,
               .value = -6,
               .smooth = &sm,
               .has_start = true,
               .start_db = 0};
  sp_auto_prepare(&d, RATE, N);
  sp_auto_fill_gain(&d, RATE, 0, 1024, g);
  const float to = (float)pow(10, -6 / 20.0);
  double state = 1;
  for (int64_t t = 0; t < 1024; t++) {
    cr_assert_float_eq(g[t], (float)state, 1e-7, "frame %lld", (long long)t);
    state += c * (to - state);
  }
  cr_assert_eq(g[0], 1.0f);
  sp_declick_fini(&sm.steps);
  free(g);
  /* Only beside a declick, with the usual file:line:col. */
  sp_recipe *r = NULL;
  sp_graph *gr = NULL;
  tu_write_dc(dir, "dc.wav", 2, 0.5f, 64);
  char *said = tu_build(
      dir, HEAD "tracks:\n  a: {file: dc.wav, gain: {start: 0 dB, points: [[0, -6 dB]]}}\n", &r,
      &gr);
  cr_assert(strstr(said, ":5:35: tracks.a.gain.start: a start is where Ardour's declick starts "
                         "from; give 'ramp: ardour' or 'ramp: declick' beside it"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
}

/* `channel:` on an audio region plays one channel of its file alone, as a
 * mono region (an Ardour mono track plays a stereo region's first source
 * alone): a stereo file of 0.5 left and -0.25 right. Its second channel
 * renders the bytes a mono file of -0.25 does; its first, on a stereo
 * track (`layout: stereo`), plays 0.5 on both sides, as a mono region on
 * a stereo track does. */
Test(routing, a_regions_channel_plays_one_channel_of_its_file)
{
  enum { N = 4800 };
  float *st = sp_xcalloc(2 * N, sizeof *st), *mono = sp_xcalloc(N, sizeof *mono);
  for (int i = 0; i < N; i++) {
    st[2 * i] = 0.5f;
    st[2 * i + 1] = mono[i] = -0.25f;
  }
  free(tu_write_wav(dir, "st.wav", 2, RATE, 32, st, N));
  free(tu_write_wav(dir, "r.wav", 1, RATE, 32, mono, N));
  free(st);
  free(mono);
  int64_t f, g;
  double *x =
      render_mix(HEAD "tail: 0\ntracks: {a: {regions: [{file: st.wav, channel: 2}]}}\n", &f);
  double *y = render_mix(HEAD "tail: 0\ntracks: {a: {file: r.wav}}\n", &g);
  cr_assert_eq(f, N);
  cr_assert_eq(g, N);
  cr_assert_eq(memcmp(x, y, (size_t)(2 * N) * sizeof *x), 0);
  cr_assert_lt(x[0], -0.1);
  free(x);
  free(y);
  x = render_mix(HEAD "tail: 0\ntracks: {a: {file: st.wav, channel: 1, layout: stereo}}\n", &f);
  for (int64_t t = 0; t < f; t++)
    cr_assert(x[2 * t] == 0.5 && x[2 * t + 1] == 0.5, "frame %lld: %g %g", (long long)t, x[2 * t],
              x[2 * t + 1]);
  free(x);
  /* A channel the file does not have, at the key. */
  sp_recipe *r = NULL;
  sp_graph *gr = NULL;
  char *said =
      tu_build(dir, HEAD "tracks:\n  a: {regions: [{file: st.wav, channel: 3}]}\n", &r, &gr);
  cr_assert(strstr(said, ":5:41: tracks.a.regions[0].channel: '"), "%s", said);
  cr_assert(strstr(said, "st.wav' has 2 channels and no channel 3; give one from 1 to 2, or "
                         "remove 'channel'"),
            "%s", said);
  free(said);
  sp_graph_free(gr);
  sp_recipe_free(r);
}

Test(routing, automation_lands_on_the_timeline_through_latency)
{
  /* Faders act on a chain's output, which is late by the chain's latency;
   * their automation must still switch at the timeline frame. A track with
   * a 256-frame convolver, then master behind a lookahead limiter (which
   * leaves a 0.5 DC untouched at a 0 dBTP ceiling), each with a jump at
   * 0.5 s. */
  tu_write_dc(dir, "dc.wav", 2, 0.5f, AUTO_LEN);
  write_unit_ir();
  int64_t f;
  double *x =
      render_mix(HEAD "tail: 0\n"
                      "tracks:\n"
                      "  a: {file: dc.wav, inserts: [{convolver: {ir: unit.wav, block: 256}}],\n"
                      "      gain: [[0.5 s, 0 dB], [0.5 s, -12 dB]]}\n",
                 &f);
  cr_assert_eq(f, AUTO_LEN);
  for (int64_t t = 23000; t < 25000; t++)
    for (int c = 0; c < 2; c++)
      cr_assert_float_eq(x[2 * t + c], t < 24000 ? 0.5 : 0.5 * pow(10, -12 / 20.0), 1e-6,
                         "track fader, frame %lld: %.7f", (long long)t, x[2 * t + c]);
  free(x);
  x = render_mix(HEAD "tail: 0\n"
                      "tracks: {a: {file: dc.wav}}\n"
                      "master:\n"
                      "  inserts: [{limiter: {ceiling: 0 dBTP, lookahead: 10 ms}}]\n"
                      "  gain: [[0.5 s, 0 dB], [0.5 s, -12 dB]]\n",
                 &f);
  cr_assert_eq(f, AUTO_LEN);
  for (int64_t t = 0; t < f; t++)
    for (int c = 0; c < 2; c++)
      cr_assert_float_eq(x[2 * t + c], t < 24000 ? 0.5 : 0.5 * pow(10, -12 / 20.0), 1e-6,
                         "master fader, frame %lld: %.7f", (long long)t, x[2 * t + c]);
  free(x);
}

/* The frame from which x (interleaved, ch channels) is 0 in channel c
 * after being nonzero: the first silent frame, -1 if none. */
static int64_t first_silent(const double *x, int ch, int c, int64_t frames)
{
  for (int64_t t = 0; t < frames; t++)
    if (x[(size_t)t * (size_t)ch + (size_t)c] == 0)
      return t;
  return -1;
}

Test(routing, edge_automation_lands_at_the_timeline_frame_on_a_compensated_edge)
{
  /* A fader, a pan, a send's level and a send's pan that jump between two
   * frames must act at the timeline frame, even when the edge they ride
   * is delayed to meet latency elsewhere at its destination (master waits
   * for bus x's limiter, 5 ms lookahead = 263 frames, or a 256-frame
   * convolver's 512): the gains are evaluated where the delayed signal
   * played. DC 0.25 under the 0 dB pan law: the mix is 0.25 up to frame
   * 24000 and 0 from 24001 on (the side the pan leaves, for pans). */
  tu_write_dc(dir, "dc.wav", 1, 0.25f, 48000);
  tu_write_dc(dir, "quiet.wav", 1, 0.001f, 48000);
  write_unit_ir();
  static const char *const late[] = {
      "buses:\n  x: {inserts: [{limiter: {lookahead: 5 ms}}]}\n",
      "buses:\n  x: {inserts: [{convolver: {ir: unit.wav, block: 256}}]}\n",
  };
  static const struct {
    const char *tracks; /* the tracks, with the jump */
    int channel;        /* the channel that falls silent */
  } cases[] = {
      {"tracks:\n  a: {file: dc.wav, gain: [[24000 smp, 0 dB], [24001 smp, -inf dB]]}\n", 0},
      {"tracks:\n  a: {file: dc.wav, pan: [[24000 smp, -1], [24001 smp, 1]]}\n", 0},
      {"tracks:\n"
       "  a: {file: dc.wav, gain: -inf dB, sends: [{to: r, tap: pre, level: [[24000 smp, 0 dB], "
       "[24001 smp, -inf dB]]}]}\n"
       "  q: {file: quiet.wav, gain: -inf dB, to: r, inserts: [{limiter: {lookahead: 10 ms}}]}\n",
       1},
      {"tracks:\n"
       "  a: {file: dc.wav, gain: -inf dB, sends: [{to: r, tap: pre, pan: [[24000 smp, 1], "
       "[24001 smp, -1]]}]}\n"
       "  q: {file: quiet.wav, gain: -inf dB, to: r, inserts: [{limiter: {lookahead: 10 ms}}]}\n",
       1},
  };
  for (size_t l = 0; l < sizeof late / sizeof *late; l++)
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
      const bool r = strstr(cases[k].tracks, "to: r") != NULL;
      char *text = sp_xasprintf(HEAD "pan_law: 0 dB\ntail: 0\n%s%s%s", cases[k].tracks, late[l],
                                r ? "  r: {}\n" : "");
      int64_t f;
      double *x = render_mix(text, &f);
      cr_assert_eq(f, 48000);
      const int c = cases[k].channel;
      cr_assert_eq(first_silent(x, 2, c, f), 24001, "case %zu, latency %zu: silent from %lld:\n%s",
                   k, l, (long long)first_silent(x, 2, c, f), text);
      for (int64_t t = 0; t < f; t++)
        cr_assert_eq(x[2 * t + c], t < 24001 ? 0.25 : 0.0, "case %zu, latency %zu, frame %lld", k,
                     l, (long long)t);
      free(x);
      free(text);
    }
}

Test(routing, edge_automation_through_a_matrix_lands_at_the_timeline_frame)
{
  /* The same through a route by matrix (a mono track placed into a 5.1
   * master by azimuth, centre: the C channel alone), master waiting 263
   * frames for bus x's limiter. */
  tu_write_dc(dir, "dc.wav", 1, 0.25f, 48000);
  static const char *const pans[] = {"", "pan: {azimuth: [[0, 0], [1 s, 0]]}, "};
  for (size_t k = 0; k < 2; k++) {
    char *text = sp_xasprintf(HEAD "tail: 0\nmaster: {layout: 5.1}\n"
                                   "tracks:\n  a: {file: dc.wav, %sgain: [[24000 smp, 0 dB], "
                                   "[24001 smp, -inf dB]]}\n"
                                   "buses:\n  x: {inserts: [{limiter: {lookahead: 5 ms}}]}\n",
                              pans[k]);
    tu_render_ok(dir, text);
    char *p = sp_xasprintf("%s/out/mix.wav", dir);
    int64_t f;
    int ch;
    double *x = tu_read(p, &f, &ch, NULL);
    cr_assert_not_null(x);
    cr_assert_eq(ch, 6);
    cr_assert_eq(f, 48000);
    for (int64_t t = 0; t < f; t++)
      cr_assert_float_eq(x[6 * t + 2], t < 24001 ? 0.25 : 0.0, 1e-7, "%s\nframe %lld: %.9f", text,
                         (long long)t, x[6 * t + 2]);
    free(x);
    free(p);
    free(text);
  }
}

Test(routing, normalize_measures_the_mix_as_printed_when_a_printed_bus_is_later)
{
  /* A printed bus with more latency than master moves the outputs'
   * alignment, not the mix: master.normalize must measure the same mix
   * and print the same bytes with it as without it. The source's first
   * 100 ms are 20 dB louder than the rest, so a measurement that starts
   * late (or early) reads another loudness. */
  enum { LEN = 48000 };
  float *v = sp_xcalloc(LEN, sizeof *v);
  uint32_t seed = 7;
  for (int i = 0; i < LEN; i++)
    v[i] = lcg(&seed) * (i < 4800 ? 0.5f : 0.05f);
  write_wav("v.wav", 1, v, LEN);
  free(v);
  static const char *const recipes[] = {
      HEAD "tracks:\n  v: {file: v.wav, pan: 0}\n"
           "master: {normalize: {target: -20 LUFS}}\n",
      HEAD "tracks:\n  v: {file: v.wav, pan: 0, sends: [{to: cue, tap: pre}]}\n"
           "buses:\n  cue: {to: none, print: true, inserts: [{limiter: {lookahead: 50 ms}}]}\n"
           "master: {normalize: {target: -20 LUFS}}\n",
  };
  double measured[2];
  float *mix[2];
  int64_t f[2];
  for (int k = 0; k < 2; k++) {
    sp_render_result res;
    cr_assert_eq(tu_render_text(dir, recipes[k], &res), SP_OK);
    cr_assert(res.normalized);
    measured[k] = res.normalize_measured_lufs;
    sp_render_result_fini(&res);
    double *x = tu_read_out(dir, "mix", &f[k]);
    mix[k] = sp_xcalloc(2 * (size_t)f[k], sizeof *mix[k]);
    for (size_t i = 0; i < 2 * (size_t)f[k]; i++)
      mix[k][i] = (float)x[i];
    free(x);
  }
  cr_assert_eq(measured[0], measured[1], "measured %.4f LUFS without the printed bus, %.4f with",
               measured[0], measured[1]);
  cr_assert_eq(f[0], f[1]);
  cr_assert_eq(memcmp(mix[0], mix[1], 2 * (size_t)f[0] * sizeof(float)), 0,
               "the printed bus changed the normalized mix");
  free(mix[0]);
  free(mix[1]);
}

Test(routing, automation_times_are_exact_and_a_frames_time_in_seconds_is_that_frame)
{
  /* Breakpoints keep their exact time (docs/recipe.md, Units): points at
   * 20.839583 ms and 62.5125 ms are at frames 1000.299984 and 3000.6 at
   * 48 kHz, and the fader ramps between those times, not between the
   * nearest frames (1000 and 3001: -78.8 dBFS apart). A frame's time
   * written in seconds, whose decimals stop, is that frame: a jump at
   * 288.35416666666667 ms acts at frame 13841, for a fader and for an
   * insert's parameter, as `13841 smp` does. */
  tu_write_dc(dir, "dc.wav", 1, 0.5f, 24000);
  int64_t f;
  double *x = render_mix(HEAD "pan_law: 0 dB\ntail: 0\n"
                              "tracks:\n  a: {file: dc.wav, gain: [[20.839583 ms, -10 dB], "
                              "[62.5125 ms, 0 dB]]}\n",
                         &f);
  const double t1 = 0.020839583 * RATE, t2 = 0.0625125 * RATE;
  for (int64_t t = 900; t < 3100; t++) {
    double d = t <= t1 ? -10 : t >= t2 ? 0 : -10 + 10 * ((double)t - t1) / (t2 - t1);
    cr_assert_float_eq(x[2 * t], 0.5 * pow(10, d / 20), 2e-7, "frame %lld: %.9f, want %.9f",
                       (long long)t, x[2 * t], 0.5 * pow(10, d / 20));
  }
  free(x);
  static const char *const forms[] = {"13841 smp", "288.35416666666667 ms", "0.28835416666666667"};
  static const char *const fields[] = {
      "gain: [[%s, 0 dB], [%s, -6 dB]]",
      "inserts: [{saturate: {drive: [[%s, 0 dB], [%s, 24 dB]]}}]",
  };
  for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
    for (size_t j = 0; j < sizeof forms / sizeof *forms; j++) {
      char field[160];
      snprintf(field, sizeof field, fields[k], forms[j], forms[j]);
      char *text = sp_xasprintf(HEAD "pan_law: 0 dB\ntail: 0\ntracks:\n  a: {file: dc.wav, %s}\n",
                                field);
      x = render_mix(text, &f);
      int64_t changed = -1;
      for (int64_t t = 1; t < f && changed < 0; t++)
        if (x[2 * t] != x[2 * t - 2])
          changed = t;
      cr_assert_eq(changed, 13841, "%s: changes at frame %lld", text, (long long)changed);
      free(x);
      free(text);
    }
}

/* ---- 7. tails -------------------------------------------------------------- */

/* The graph of the recipe text, for its planned lengths. */
static void planned(const char *text, const char *node, int64_t *content, int64_t *tail,
                    int64_t *ins_tail)
{
  char *path = tu_write_text(dir, "plan.yaml", text);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(r, sp_audio_media(), NULL, &g, &d), SP_OK);
  *content = sp_graph_timeline(g).content_frames;
  *tail = sp_graph_timeline(g).tail_frames;
  int i = sp_graph_find(g, node);
  cr_assert_geq(i, 0);
  *ins_tail = sp_graph_node(g, i)->ins[0].tail;
  sp_graph_free(g);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(path);
}

Test(routing, tail_auto_renders_a_feedback_delay_to_its_last_echo)
{
  /* A stereo click (0.5) on the last frame of 0.5 s of content, dry to
   * master and by a 0 dB send into a 100 ms delay with feedback 0.5: echo
   * k ≥ 1 is 0.5·0.5^(k−1) at 23999 + 4800·k, exactly (powers of two).
   * At 32f the floor is -150 dB: echo 25 of a full-scale input (0.5^24,
   * -144.5 dB) is above it and must be rendered, echo 26 (-150.5 dB) need
   * not be. So the delay's tail is 25 to 26 repeats (it reports 26:
   * 124800 frames), the file is exactly content + that tail, every echo in
   * it is exact, and `tail: 0` stops at the content. */
  enum { LEN = 24000, D = 4800 };
  tu_write_click(dir, "click.wav", 2, LEN, LEN - 1, 0.5f);
  const char *fmt = HEAD "tail: %s\n"
                         "tracks: {click: {file: click.wav, sends: [{to: echo}]}}\n"
                         "buses: {echo: {inserts: [{delay: {time: 100 ms, feedback: 0.5}}]}}\n";
  char *text = sp_xasprintf(fmt, "auto");
  int64_t content, tail, ins_tail;
  planned(text, "echo", &content, &tail, &ins_tail);
  cr_assert_eq(content, LEN);
  cr_assert_geq(ins_tail, 25 * D, "delay tail %lld frames", (long long)ins_tail);
  cr_assert_leq(ins_tail, 26 * D, "delay tail %lld frames", (long long)ins_tail);
  cr_assert_eq(tail, ins_tail);
  sp_render_result res;
  cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
  cr_assert_eq(res.frames, LEN + ins_tail);
  sp_render_result_fini(&res);
  free(text);
  int64_t f;
  double *x = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, LEN + ins_tail);
  for (int64_t t = 0; t < f; t++) {
    double want = 0;
    if (t == LEN - 1)
      want = 0.5;
    else if (t > LEN - 1 && (t - (LEN - 1)) % D == 0)
      want = ldexp(0.5, -(int)((t - (LEN - 1)) / D - 1));
    for (int c = 0; c < 2; c++)
      cr_assert_eq(x[2 * t + c], want, "frame %lld: %.9g, expected %.9g", (long long)t,
                   x[2 * t + c], want);
  }
  cr_assert_eq(x[2 * (LEN - 1 + 25 * D)], ldexp(0.5, -24)); /* echo 25: present */
  free(x);

  text = sp_xasprintf(fmt, "0");
  cr_assert_eq(tu_render_text(dir, text, &res), SP_OK);
  cr_assert_eq(res.frames, LEN);
  sp_render_result_fini(&res);
  free(text);
  x = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, LEN);
  cr_assert_eq(x[2 * (LEN - 1)], 0.5);
  free(x);
}

Test(routing, tail_auto_renders_a_convolver_to_the_end_of_its_ir)
{
  /* An IR of 2400 frames, h[j] = 0.5·e^(−j/600) (the last is -46 dB, well
   * above the floor): output goes on 2399 frames after the input stops, so
   * the convolver's tail is 2399 or 2400 frames (it reports 2400), the
   * file is content + that tail, and a click on the content's last frame
   * comes out as the whole IR, its last sample in the file. */
  enum { LEN = 24000, IRN = 2400 };
  float h[IRN];
  for (int j = 0; j < IRN; j++)
    h[j] = (float)(0.5 * exp(-j / 600.0));
  write_wav("ir.wav", 1, h, IRN);
  tu_write_click(dir, "click.wav", 2, LEN, LEN - 1, 0.5f);
  const char *fmt = HEAD "tail: %s\n"
                         "tracks: {click: {file: click.wav, sends: [{to: rev}]}}\n"
                         "buses: {rev: {inserts: [{convolver: {ir: ir.wav}}]}}\n";
  char *text = sp_xasprintf(fmt, "auto");
  int64_t content, tail, ins_tail;
  planned(text, "rev", &content, &tail, &ins_tail);
  cr_assert_eq(content, LEN);
  cr_assert_geq(ins_tail, IRN - 1, "convolver tail %lld frames", (long long)ins_tail);
  cr_assert_leq(ins_tail, IRN, "convolver tail %lld frames", (long long)ins_tail);
  cr_assert_eq(tail, ins_tail);
  tu_render_ok(dir, text);
  free(text);
  int64_t f;
  double *x = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, LEN + ins_tail);
  for (int64_t t = 0; t < f; t++) {
    double want = 0;
    if (t >= LEN - 1 && t - (LEN - 1) < IRN)
      want = 0.5 * h[t - (LEN - 1)] + (t == LEN - 1 ? 0.5 : 0.0);
    for (int c = 0; c < 2; c++)
      cr_assert_float_eq(x[2 * t + c], want, 1e-6, "frame %lld: %.9g, expected %.9g", (long long)t,
                         x[2 * t + c], want);
  }
  cr_assert_gt(fabs(x[2 * (LEN - 1 + IRN - 1)]), 0.004); /* the IR's last sample */
  free(x);

  text = sp_xasprintf(fmt, "0");
  tu_render_ok(dir, text);
  free(text);
  x = tu_read_out(dir, "mix", &f);
  cr_assert_eq(f, LEN);
  free(x);
}
