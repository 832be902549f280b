/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint diff: the math on arrays (core/measure/diff.c) held to known
 * answers, and the command on print sets, renders and bad inputs. */

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/measure/diff.h"
#include "core/measure/loudness.h"
#include "core/recipe/format.h"
#include "io/audio/media.h"
#include "io/report/diff.h"
#include "io/report/diff_set.h"
#include "io/report/report.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <ebur128.h>
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { RATE = 48000 };

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(diff, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(240));

/* Seeded white noise in ±amp. */
static void noise(float *x, size_t n, double amp, uint64_t seed)
{
  uint64_t s = seed;
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (float)(((double)(s >> 11) / 9007199254740992.0 * 2 - 1) * amp);
  }
}

static double peak_of(const float *x, size_t n)
{
  double p = 0;
  for (size_t i = 0; i < n; i++)
    p = fabs(x[i]) > p ? fabs(x[i]) : p;
  return p;
}

static void run(const float *const *a, int64_t na, const float *const *b, int64_t nb, int ch,
                sp_diff_result *r)
{
  sp_diff_opts o = {.threshold_dbfs = -140, .max_lag_s = 0.5};
  char why[256];
  cr_assert_eq(sp_diff_signals(a, na, b, nb, ch, RATE, &o, r, why, sizeof why), SP_OK, "%s", why);
}

Test(diff, identical_samples_are_said_so_with_no_residual)
{
  enum { N = RATE };
  float *a = sp_xcalloc(N, sizeof *a);
  noise(a, N, 0.3, 1);
  const float *pa[1] = {a};
  sp_diff_result r;
  run(pa, N, pa, N, 1, &r);
  cr_assert_eq(r.verdict, SP_DIFF_SAME_SAMPLES);
  cr_assert(isinf(r.peak_dbfs) && r.peak_dbfs < 0);
  cr_assert_eq(r.n_spans, 0);
  sp_diff_result_fini(&r);
  free(a);
}

/* b = g·a: rescaled by exactly x dB; the residual (g − 1)·a and the
 * loudness delta x as predicted */
Test(diff, a_gain_change_is_a_rescale_of_exactly_its_db)
{
  enum { N = 3 * RATE };
  const double x = -3.0, g = pow(10, x / 20);
  float *a = sp_xcalloc(2 * N, sizeof *a), *b = sp_xcalloc(2 * N, sizeof *b);
  noise(a, 2 * N, 0.25, 7);
  for (size_t i = 0; i < 2 * N; i++)
    b[i] = (float)(a[i] * g);
  const float *pa[2] = {a, a + N}, *pb[2] = {b, b + N};
  sp_diff_result r;
  run(pa, N, pb, N, 2, &r);
  cr_assert_eq(r.verdict, SP_DIFF_RESCALED, "%s", sp_diff_verdict_word(r.verdict));
  cr_assert_eq(r.lag_frames, 0);
  cr_assert_float_eq(r.gain_db, x, 1e-5, "gain %.8f", r.gain_db);
  cr_assert_float_eq(r.delta_lu, x, 1e-4, "delta %.6f", r.delta_lu);
  double pk = 0;
  for (size_t i = 0; i < 2 * N; i++)
    pk = fabs((double)b[i] - a[i]) > pk ? fabs((double)b[i] - a[i]) : pk;
  cr_assert_float_eq(r.peak_dbfs, 20 * log10(pk), 1e-9);
  cr_assert_float_eq(r.peak_dbfs, 20 * log10((1 - g) * peak_of(a, 2 * N)), 1e-4);
  cr_assert(r.aligned_peak_dbfs < -140);
  sp_diff_result_fini(&r);
  free(a);
  free(b);
}

/* b(t) = a(t − N): a lag of N frames, not a change */
Test(diff, a_delay_is_a_lag_of_its_frames_not_a_change)
{
  enum { N = 2 * RATE, D = 480 };
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N + D, sizeof *b);
  noise(a, N, 0.3, 3);
  memcpy(b + D, a, N * sizeof *a);
  const float *pa[1] = {a}, *pb[1] = {b};
  sp_diff_result r;
  run(pa, N, pb, N + D, 1, &r);
  cr_assert_eq(r.verdict, SP_DIFF_SHIFTED, "%s", sp_diff_verdict_word(r.verdict));
  cr_assert_eq(r.lag_frames, D);
  cr_assert_float_eq(r.gain_db, 0, 1e-9);
  cr_assert(isinf(r.aligned_peak_dbfs), "%g", r.aligned_peak_dbfs);
  cr_assert(r.peak_dbfs > -20);
  cr_assert_eq(r.n_spans, 0);
  sp_diff_result_fini(&r);
  free(a);
  free(b);
}

/* A print gone silent, or to -250 dB (an edit that moved it out of the
 * session's range): a change where it sounded, not a rescale to -inf dB,
 * which a least-squares gain of 0 fits by taking all of it away; and the
 * command says the length it lost, the verdict's words the same for a
 * print only moved that is longer now. */
Test(diff, a_print_gone_silent_changed_and_a_shorter_one_says_its_length)
{
  enum { N = 5 * RATE, S = RATE };
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N, sizeof *b);
  noise(a + S, N - S, 0.3, 5); /* a second of silence, then four of noise */
  for (int k = 0; k < 2; k++) {
    for (size_t i = 0; i < N; i++) /* silence, then a copy 250 dB down */
      b[i] = k ? (float)(a[i] * pow(10, -250 / 20.0)) : 0;
    const float *pa[1] = {a}, *pb[1] = {b};
    sp_diff_result r;
    run(pa, N, pb, k ? N : S, 1, &r);
    cr_assert_eq(r.verdict, SP_DIFF_CHANGED, "%d: %s, gain %g dB", k,
                 sp_diff_verdict_word(r.verdict), r.gain_db);
    cr_assert_geq(r.n_spans, 1);
    cr_assert_float_eq(r.spans[0].start_s, 1.0, 0.011, "%g", r.spans[0].start_s);
    cr_assert_float_eq(r.spans[0].end_s, 5.0, 0.011, "%g", r.spans[0].end_s);
    sp_diff_result_fini(&r);
  }
  char *d = tu_tmpdir();
  free(tu_write_wav(d, "old.wav", 1, RATE, 32, a, N));
  free(tu_write_wav(d, "silent.wav", 1, RATE, 32, b, S));
  float *c = sp_xcalloc(N + 480, sizeof *c); /* the old 480 frames later */
  memcpy(c + 480, a, N * sizeof *a);
  free(tu_write_wav(d, "later.wav", 1, RATE, 32, c, N + 480));
  char *old = tu_path(d, "old.wav"), *silent = tu_path(d, "silent.wav"),
       *later = tu_path(d, "later.wav");
  char *out = NULL;
  const char *gone[] = {"diff", old, silent, NULL}, *moved[] = {"diff", old, later, NULL};
  cr_assert_eq(tu_run(gone, &out, NULL), 1, "%s", out);
  cr_assert(strstr(out, "  changed            old.wav: residual peak ") &&
                strstr(out, "length 240000 -> 48000 frames") &&
                strstr(out, "where 0:01.000-0:05.000"),
            "%s", out);
  cr_assert_null(strstr(out, "rescaled"), "%s", out);
  free(out);
  cr_assert_eq(tu_run(moved, &out, NULL), 1, "%s", out);
  cr_assert(strstr(out,
                   "  shifted            old.wav: lag 480 frames, gain +0.0 dB (residual after "
                   "alignment: peak -inf dBFS), length 240000 -> 240480 frames"),
            "%s", out);
  free(out);
  tu_rmtree(d);
  free(old), free(silent), free(later), free(d), free(a), free(b), free(c);
}

/* A lag the decimated search (every 8th frame) cannot land on: found
 * through the coarse stage and read to the frame, with b also edited so
 * that it is changed, not only shifted; and the same numbers on two
 * threads as on one. */
Test(diff, a_lag_between_the_coarse_stages_frames_is_read_to_the_frame)
{
  enum { N = 3 * RATE, D = 4803 };
  float *a = sp_xcalloc(2 * N, sizeof *a), *b = sp_xcalloc(2 * (N + D), sizeof *b);
  noise(a, 2 * N, 0.3, 5);
  for (int c = 0; c < 2; c++)
    memcpy(b + c * (N + D) + D, a + c * N, N * sizeof *a);
  for (int64_t t = RATE; t < RATE + RATE / 5; t++) /* 200 ms of the left 6 dB down */
    b[t] *= 0.5f;
  const float *pa[2] = {a, a + N}, *pb[2] = {b, b + N + D};
  sp_diff_result r[2];
  for (int k = 0; k < 2; k++) {
    sp_diff_opts o = {.threshold_dbfs = -140, .max_lag_s = 0.5, .threads = k + 1};
    char why[256];
    cr_assert_eq(sp_diff_signals(pa, N, pb, N + D, 2, RATE, &o, &r[k], why, sizeof why), SP_OK);
  }
  cr_assert_eq(D % 8 != 0, 1);
  cr_assert_eq(r[0].verdict, SP_DIFF_CHANGED, "%s", sp_diff_verdict_word(r[0].verdict));
  cr_assert_eq(r[0].lag_frames, D);
  cr_assert_eq(r[0].n_spans, 1);
  cr_assert_float_eq(r[0].spans[0].start_s, 1.0, 0.0101); /* b's time */
  cr_assert_eq(r[1].lag_frames, r[0].lag_frames);
  cr_assert_eq(r[1].verdict, r[0].verdict);
  cr_assert_eq(memcmp(&r[1].a, &r[0].a, sizeof r[0].a), 0);
  cr_assert_eq(memcmp(r[1].band_delta_db, r[0].band_delta_db, sizeof r[0].band_delta_db), 0);
  cr_assert_eq(memcmp(&r[1].aligned_peak_dbfs, &r[0].aligned_peak_dbfs, sizeof(double)), 0);
  for (int k = 0; k < 2; k++)
    sp_diff_result_fini(&r[k]);
  free(a);
  free(b);
}

/* A long print moved earlier by nearly the whole search (±1 s): the lag
 * at the edge of the coarse stage's range, read to the frame. a opens with
 * a second of silence that b lacks: b(t) = a(t + D) */
Test(diff, a_lag_near_the_one_second_limit_of_a_long_print_is_found)
{
  enum { N = 40 * RATE, D = RATE - 5 };
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N - D, sizeof *b);
  noise(a + D, N - D, 0.3, 9);
  memcpy(b, a + D, (N - D) * sizeof *a);
  const float *pa[1] = {a}, *pb[1] = {b};
  sp_diff_opts o = {.threshold_dbfs = -140, .max_lag_s = 1.0};
  sp_diff_result r;
  char why[256];
  cr_assert_eq(sp_diff_signals(pa, N, pb, N - D, 1, RATE, &o, &r, why, sizeof why), SP_OK);
  cr_assert_eq(r.lag_frames, -(int64_t)D);
  cr_assert_eq(r.verdict, SP_DIFF_SHIFTED, "%s", sp_diff_verdict_word(r.verdict));
  cr_assert_float_eq(r.gain_db, 0, 1e-9);
  sp_diff_result_fini(&r);
  free(a);
  free(b);
}

/* 100 ms of b edited (halved) from 2.003 s: one span, found within a 10 ms block */
Test(diff, a_100_ms_edit_is_found_at_its_span_within_a_block)
{
  enum { N = 5 * RATE };
  const int64_t t0 = (int64_t)(2.003 * RATE), t1 = t0 + RATE / 10;
  float *a = sp_xcalloc(2 * N, sizeof *a), *b = sp_xcalloc(2 * N, sizeof *b);
  noise(a, 2 * N, 0.3, 11);
  memcpy(b, a, 2 * N * sizeof *a);
  for (int c = 0; c < 2; c++)
    for (int64_t t = t0; t < t1; t++)
      b[c * N + t] *= 0.5f;
  const float *pa[2] = {a, a + N}, *pb[2] = {b, b + N};
  sp_diff_result r;
  run(pa, N, pb, N, 2, &r);
  cr_assert_eq(r.verdict, SP_DIFF_CHANGED);
  cr_assert_eq(r.lag_frames, 0);
  cr_assert_eq(r.n_spans, 1);
  cr_assert(r.spans[0].start_s > 2.003 - 0.0101 && r.spans[0].start_s <= 2.003, "%g",
            r.spans[0].start_s);
  cr_assert(r.spans[0].end_s >= 2.103 && r.spans[0].end_s < 2.103 + 0.0101, "%g", r.spans[0].end_s);
  /* the residual there is half the noise: its peak that of 0.5·a in the span */
  double pk = 0;
  for (int c = 0; c < 2; c++)
    for (int64_t t = t0; t < t1; t++)
      pk = fabs((double)b[c * N + t] - a[c * N + t]) > pk ? fabs((double)b[c * N + t] - a[c * N + t])
                                                          : pk;
  cr_assert_float_eq(r.spans[0].peak_dbfs, 20 * log10(pk), 1e-9);
  cr_assert_float_eq(r.peak_dbfs, 20 * log10(pk), 1e-9);
  /* the residual's short-term loudness: silent but for the 3 s windows
   * holding the edit, the loudest a window that holds all of it */
  size_t loud = 0, heard = 0;
  for (size_t i = 0; i < r.n_series; i++)
    if (!isnan(r.series_lufs[i])) {
      heard++;
      if (isnan(r.series_lufs[loud]) || r.series_lufs[i] > r.series_lufs[loud])
        loud = i;
    }
  cr_assert_gt(heard, 0);
  cr_assert(r.series_t_s[loud] >= 2.1 && r.series_t_s[loud] - 3 <= 2.003, "%g", r.series_t_s[loud]);
  for (size_t i = 0; i < r.n_series; i++)
    if (r.series_t_s[i] < 2.0 || r.series_t_s[i] - 3 > 2.11)
      cr_assert(isnan(r.series_lufs[i]), "%g s: %g", r.series_t_s[i], r.series_lufs[i]);
  sp_diff_result_fini(&r);
  free(a);
  free(b);
}

static void tones(float *x, size_t n, const double *hz, const double *amp, int k)
{
  for (size_t i = 0; i < n; i++) {
    double v = 0;
    for (int j = 0; j < k; j++)
      v += amp[j] * sin(2 * M_PI * hz[j] * (double)i / RATE);
    x[i] = (float)v;
  }
}

/* the 1 kHz tone 2 dB louder: the 1 kHz band's delta +2 dB, the others 0,
 * the residual in that band; in octaves and in thirds */
Test(diff, an_eq_boost_is_found_in_its_band)
{
  enum { N = 4 * RATE };
  const double hz[3] = {125, 1000, 4000}, amp_a[3] = {0.1, 0.1, 0.1},
               amp_b[3] = {0.1, 0.1 * pow(10, 2.0 / 20), 0.1};
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N, sizeof *b);
  tones(a, N, hz, amp_a, 3);
  tones(b, N, hz, amp_b, 3);
  const float *pa[1] = {a}, *pb[1] = {b};
  for (int third = 0; third < 2; third++) {
    sp_diff_opts o = {.threshold_dbfs = -140, .max_lag_s = 0.1, .third_octave = third};
    sp_diff_result r;
    char why[256];
    cr_assert_eq(sp_diff_signals(pa, N, pb, N, 1, RATE, &o, &r, why, sizeof why), SP_OK);
    cr_assert_eq(r.verdict, SP_DIFF_CHANGED);
    const int k1 = third ? 17 : 5, k125 = third ? 8 : 2, k4 = third ? 23 : 7;
    cr_assert_float_eq(r.band_hz[k1], 1000, 0);
    cr_assert_float_eq(r.band_delta_db[k1], 2.0, 0.05, "%g", r.band_delta_db[k1]);
    cr_assert_float_eq(r.band_delta_db[k125], 0, 0.05, "%g", r.band_delta_db[k125]);
    cr_assert_float_eq(r.band_delta_db[k4], 0, 0.05, "%g", r.band_delta_db[k4]);
    for (int j = 0; j < r.n_bands; j++)
      cr_assert(j == k1 || !(r.band_residual_dbfs[j] > r.band_residual_dbfs[k1] - 30), "band %d", j);
    cr_assert_geq(r.n_spans, 1);
    cr_assert_eq(r.spans[0].loudest_band, k1);
    cr_assert_float_eq(r.spans[0].band_delta_db[k1], 2.0, 0.05);
    sp_diff_result_fini(&r);
  }
  free(a);
  free(b);
}

/* What a mixing engineer asks of an EQ change is the band that moved most,
 * not the band where the residual is loudest (where the print has most
 * energy): a loud 1 kHz tone 0.5 dB up and a quieter 8 kHz tone 3 dB up
 * leave most residual at 1 kHz, and 8 kHz is said as the change, with the
 * loudest band beside it; a 16 kHz tone near silence 6 dB up (its residual
 * 35 dB under the loudest) is not; and a change of level alone (every band
 * alike) says the loudest band. 1 s. */
Test(diff, the_band_said_is_the_one_that_moved_most_of_those_holding_the_residual)
{
  enum { N = RATE };
  const double hz[3] = {1000, 8000, 16000}, amp_a[3] = {0.3, 0.03, 0.0003},
               amp_b[3] = {0.3 * pow(10, 0.5 / 20), 0.03 * pow(10, 3.0 / 20), 0.0003 * 2};
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N, sizeof *b);
  tones(a, N, hz, amp_a, 3);
  tones(b, N, hz, amp_b, 3);
  const float *pa[1] = {a}, *pb[1] = {b};
  sp_diff_item it = {.name = "keys.wav", .measured = true};
  run(pa, N, pb, N, 1, &it.r);
  const sp_diff_result *r = &it.r;
  cr_assert_eq(r->verdict, SP_DIFF_CHANGED);
  cr_assert_eq(r->lag_frames, 0);
  int loud = 0;
  for (int j = 1; j < r->n_bands; j++)
    loud = r->band_residual_dbfs[j] > r->band_residual_dbfs[loud] ? j : loud;
  cr_assert_float_eq(r->band_hz[loud], 1000, 0);
  cr_assert_float_eq(r->band_hz[r->changed_band], 8000, 0, "%g", r->band_hz[r->changed_band]);
  cr_assert_float_eq(r->band_delta_db[r->changed_band], 3.0, 0.05);
  /* 16 kHz moved most (6 dB, less the 8 kHz tone's leak), its residual unheard */
  cr_assert_gt(r->band_delta_db[9], 5.0, "%g", r->band_delta_db[9]);
  cr_assert_lt(r->band_residual_dbfs[9], r->band_residual_dbfs[loud] - SP_DIFF_BAND_SHARE_DB);
  cr_assert_geq(r->n_spans, 1);
  cr_assert_eq(r->spans[0].changed_band, r->changed_band);
  cr_assert_eq(r->spans[0].loudest_band, loud);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  sp_diff_print_item(f, &it, true);
  fclose(f);
  cr_assert(strstr(text, "what  the whole print: +3.0 dB at 8000 Hz (residual loudest at 1000 Hz, "
                         "+0.5 dB)"),
            "%s", text);
  cr_assert(strstr(text, "most changed +3.0 dB at 8000 Hz"), "%s", text);
  free(text);
  sp_diff_result_fini(&it.r);
  /* every band 1 dB up: the loudest band is said, alone */
  for (int i = 0; i < N; i++)
    b[i] = (float)(a[i] * pow(10, 1.0 / 20));
  b[0] += 0.001f; /* not a rescale: changed */
  run(pa, N, pb, N, 1, &it.r);
  cr_assert_eq(it.r.changed_band, 5, "%d", it.r.changed_band);
  sp_diff_result_fini(&it.r);
  free(a);
  free(b);
}

/* A lag is said only when aligning explains the residual far better than
 * lag 0 (SP_DIFF_LAG_EXPLAINS_DB): a copy delayed by 2 frames is shifted
 * by 2; the same noise through a minimum-phase low-pass (two poles at 0.7:
 * its impulse response, and so its correlation with white noise, peaks 2
 * frames late), which the search alone took for a lag of 2, is changed at
 * lag 0, its residual and spans those of lag 0. 1 s. */
Test(diff, a_filters_group_delay_is_no_lag_but_a_delayed_copy_is)
{
  enum { N = RATE };
  float *a = sp_xcalloc(N, sizeof *a), *b = sp_xcalloc(N + 2, sizeof *b);
  noise(a, N, 0.3, 11);
  memcpy(b + 2, a, N * sizeof *a);
  const float *pa[1] = {a}, *pb[1] = {b};
  sp_diff_result r;
  run(pa, N, pb, N + 2, 1, &r);
  cr_assert_eq(r.verdict, SP_DIFF_SHIFTED, "%s", sp_diff_verdict_word(r.verdict));
  cr_assert_eq(r.lag_frames, 2);
  sp_diff_result_fini(&r);
  double y1 = 0, y2 = 0;
  for (int i = 0; i < N; i++) {
    y1 = 0.3 * a[i] + 0.7 * y1;
    b[i] = (float)(y2 = 0.3 * y1 + 0.7 * y2);
  }
  /* the correlation peaks 2 frames late (the search's own choice) */
  double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  for (int i = 0; i + 3 < N; i++)
    r0 += (double)a[i] * b[i], r1 += (double)a[i] * b[i + 1], r2 += (double)a[i] * b[i + 2],
        r3 += (double)a[i] * b[i + 3];
  cr_assert(r2 > r0 && r2 > r1 && r2 > r3, "R(0..3) %g %g %g %g", r0, r1, r2, r3);
  run(pa, N, pb, N, 1, &r);
  cr_assert_eq(r.verdict, SP_DIFF_CHANGED, "%s", sp_diff_verdict_word(r.verdict));
  cr_assert_eq(r.lag_frames, 0);
  cr_assert_geq(r.n_spans, 1);
  cr_assert_float_eq(r.spans[0].peak_dbfs, r.peak_dbfs, 1e-9); /* lag 0's residual */
  sp_diff_result_fini(&r);
  free(a);
  free(b);
}

Test(diff, the_default_threshold_is_the_null_tests_for_two_files)
{
  cr_assert_float_eq(sp_diff_threshold_dbfs(24, false, 24, false), -128.9, 0.05, "%g",
                     sp_diff_threshold_dbfs(24, false, 24, false));
  cr_assert_float_eq(sp_diff_threshold_dbfs(32, true, 24, false), -140, 0);
  cr_assert(sp_diff_threshold_dbfs(16, false, 24, false) > -90);
}

/* ---- the command ----------------------------------------------------------- */

static char *sub(const char *name)
{
  char *p = tu_path(dir, name);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
  cr_assert_eq(system(cmd), 0);
  return p;
}

static void write_noise(const char *d, const char *name, int ch, int rate, double gain, uint64_t seed)
{
  const int n = rate;
  float *x = sp_xcalloc((size_t)n * ch, sizeof *x);
  noise(x, (size_t)n * ch, 0.2 * gain, seed);
  free(tu_write_wav(d, name, ch, rate, 32, x, n));
  free(x);
}

/* a print's object in diff --json's text */
static const sp_json *print_of(const sp_json *j, const char *name)
{
  const sp_json *prints = sp_report_get(j, "prints");
  for (size_t i = 0; i < sp_report_array_size(prints); i++) {
    const sp_json *p = sp_report_array_get(prints, i);
    if (strcmp(sp_report_get_string(sp_report_get(p, "name")), name) == 0)
      return p;
  }
  cr_assert_fail("no print %s", name);
  return NULL;
}

static double num(const sp_json *o, const char *key)
{
  double v = NAN;
  sp_report_get_number(sp_report_get(o, key), &v);
  return v;
}

static sp_json *read_json(const char *path)
{
  char *text = tu_slurp_must(path), why[256];
  sp_json *j = sp_report_parse(text, strlen(text), why, sizeof why);
  cr_assert_not_null(j, "%s", why);
  free(text);
  return j;
}

static const char recipe_fmt[] = "stemprint: 1\n"
                                 "sample_rate: 48000\n"
                                 "tracks:\n"
                                 "  a: {file: a.wav, gain: %s}\n"
                                 "  b: {file: b.wav}\n"
                                 "  c: {file: %s%s}\n"
                                 "stems:\n"
                                 "  sa: [a]\n"
                                 "  sb: [b]\n"
                                 "  sc: [c]\n"
                                 "output: {depth: 32f, dither: none}\n";

static char *recipe_c(const char *name, const char *gain, const char *c_file, const char *c_extra)
{
  char text[2048];
  snprintf(text, sizeof text, recipe_fmt, gain, c_file, c_extra);
  return tu_write_text(dir, name, text);
}

static char *recipe(const char *name, const char *gain, const char *c_extra)
{
  return recipe_c(name, gain, "c.wav", c_extra);
}


static void sources(void)
{
  write_noise(dir, "a.wav", 1, RATE, 1, 21);
  write_noise(dir, "b.wav", 1, RATE, 1, 22);
  write_noise(dir, "c.wav", 1, RATE, 1, 23);
}

/* The integrated loudness of d/name by libebur128. */
static double ebur128_of(const char *d, const char *name)
{
  char *path = tu_path(d, name);
  int64_t fr;
  int ch, rate;
  double *x = tu_read(path, &fr, &ch, &rate), lufs = NAN;
  cr_assert_not_null(x, "%s", path);
  ebur128_state *st = ebur128_init((unsigned)ch, (unsigned long)rate, EBUR128_MODE_I);
  ebur128_add_frames_double(st, x, (size_t)fr);
  ebur128_loudness_global(st, &lufs);
  ebur128_destroy(&st);
  free(x), free(path);
  return lufs;
}

/* a's gain 6 dB up: its stem rescaled by exactly 6 dB, the mix changed by
 * (g − 1)·sa, the other stems identical; exit 1 without an expectation,
 * 0 with --expect-changed sa,mix; the JSON and Markdown read back */
Test(diff, a_track_gain_change_reaches_its_stem_and_the_mix_only)
{
  sources();
  char *r1 = recipe("one.yaml", "0 dB", ""), *r2 = recipe("two.yaml", "6 dB", "");
  char *o1 = tu_path(dir, "o1"), *o2 = tu_path(dir, "o2"), *js = tu_path(dir, "d.json"),
       *md = tu_path(dir, "d.md"), *xml = tu_path(dir, "d.xml"), *out = NULL, *err = NULL;
  const char *ra[] = {"render", r1, "-q", "-o", o1, NULL}, *rb[] = {"render", r2, "-q", "-o", o2, NULL};
  cr_assert_eq(tu_run(ra, NULL, NULL), 0);
  cr_assert_eq(tu_run(rb, NULL, NULL), 0);
  const char *d1[] = {"diff", o1, o2, "--json", js, NULL};
  cr_assert_eq(tu_run(d1, &out, &err), 1, "%s%s", out, err);
  /* no assertion given: the default rule is said as what it is, never as
   * an option not given */
  cr_assert(strstr(out, "FAILED unchanged: sa.wav: expected unchanged (residual peak at most "),
            "%s", out);
  cr_assert(!strstr(out, "expect-changed"), "%s", out);
  sp_json *j = read_json(js);
  const sp_json *sa = print_of(j, "sa.wav"), *mix = print_of(j, "mix.wav");
  cr_assert_str_eq(sp_report_get_string(
                       sp_report_get(sp_report_array_get(sp_report_get(sa, "checks"), 0), "name")),
                   "unchanged");
  cr_assert_str_eq(sp_report_get_string(sp_report_get(sa, "verdict")), "rescaled");
  cr_assert_float_eq(num(sa, "gain_db"), 6.0, 1e-5, "%g", num(sa, "gain_db"));
  cr_assert_float_eq(num(sa, "delta_lu"), 6.0, 1e-4, "%.6f", num(sa, "delta_lu"));
  /* the mix's loudness delta: the prints' own, by libebur128 (the tests'
   * independent meter; the two agree within 1e-4 LU, test_meter) */
  const double predicted_lu = ebur128_of(o2, "mix.wav") - ebur128_of(o1, "mix.wav");
  cr_assert_float_eq(num(mix, "delta_lu"), predicted_lu, 2e-4, "%.6f vs %.6f", num(mix, "delta_lu"),
                     predicted_lu);
  cr_assert_gt(predicted_lu, 0.5);
  cr_assert_str_eq(sp_report_get_string(sp_report_get(mix, "verdict")), "changed");
  cr_assert_str_eq(sp_report_get_string(sp_report_get(print_of(j, "sb.wav"), "verdict")), "identical");
  cr_assert_str_eq(sp_report_get_string(sp_report_get(print_of(j, "sc.wav"), "verdict")), "identical");
  /* the mix's residual is exactly the stem's change, (g − 1)·sa */
  int64_t fr;
  int ch, rate;
  char *sa1 = tu_path(o1, "sa.wav");
  double *s = tu_read(sa1, &fr, &ch, &rate), pk = 0;
  for (int64_t i = 0; i < fr * ch; i++)
    pk = fabs(s[i]) > pk ? fabs(s[i]) : pk;
  const double predicted = 20 * log10((pow(10, 6.0 / 20) - 1) * pk);
  cr_assert_float_eq(num(mix, "residual_peak_dbfs"), predicted, 1e-4, "%g vs %g",
                     num(mix, "residual_peak_dbfs"), predicted);
  cr_assert_float_eq(num(sa, "residual_peak_dbfs"), predicted, 1e-4);
  cr_assert(!sp_report_is_array(sp_report_get(j, "passed")));
  bool passed = true;
  sp_report_get_bool(sp_report_get(j, "passed"), &passed);
  cr_assert(!passed);
  sp_report_free(j);
  free(out), free(err);
  const char *d2[] = {"diff", o1,  o2, "--expect-changed", "sa,mix", "--markdown", md,
                      "--junit", xml, NULL};
  cr_assert_eq(tu_run(d2, &out, &err), 0, "%s%s", out, err);
  char *m = tu_slurp_must(md);
  cr_assert(strstr(m, "| print | verdict | lag, gain | residual peak | Δ loudness | Δ true peak | "
                      "where (band) | cause |"),
            "%s", m);
  cr_assert(strstr(m, "| mix.wav | changed |"), "%s", m);
  cr_assert(strstr(m, "| sa.wav | rescaled | lag 0, gain +6.0 dB (residual after alignment: peak "),
            "%s", m);
  cr_assert(strstr(m, "| +6.0 LU | +6.0 dB |"), "%s", m);
  cr_assert(
      strstr(m, "| sb.wav | identical | lag 0, gain +0.0 dB | -inf dBFS | +0.0 LU | +0.0 dB |"),
      "%s", m);
  /* folders: no cause, and said so; never a figure without its number */
  cr_assert(strstr(m, "**Cause**: not known"), "%s", m);
  cr_assert(!strstr(m, "n/a"), "%s", m);
  char *x = tu_slurp_must(xml);
  cr_assert(strstr(x, "name=\"expect-changed: sb.wav\""), "%s", x);
  cr_assert(!strstr(x, "<failure"), "%s", x);
  free(m), free(x), free(out), free(err);
  /* a print expected to change that did not, and a name no print has */
  const char *d3[] = {"diff", o1, o2, "--expect-changed", "mix,sa,sb,nosuch", NULL};
  cr_assert_eq(tu_run(d3, &out, &err), 1);
  cr_assert(strstr(out, "FAILED expect-changed: sb.wav: expected to change: identical"), "%s", out);
  cr_assert(strstr(out, "'nosuch' is no print's name"), "%s", out);
  free(out), free(err);
  /* the loudness assertion: the mix moved by less than 6 LU, sa by 6 */
  const char *d4[] = {"diff", o1, o2, "--max-loudness-delta", "5.9 LU", NULL};
  cr_assert_eq(tu_run(d4, &out, &err), 1);
  cr_assert(strstr(out, "FAILED max-loudness-delta: sa.wav: loudness +6.0 LU"), "%s", out);
  free(out), free(err);
  const char *d5[] = {"diff", o1, o2, "--max-residual", "0 dBFS", NULL};
  cr_assert_eq(tu_run(d5, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
  free(sa1), free(s), free(r1), free(r2), free(o1), free(o2), free(js), free(md), free(xml);
}

/* two recipes: rendered here, at -j 1 and at -j 2 the same prints; an EQ
 * boost found in its band; a track moved 10 ms a lag of its frames */
Test(diff, recipes_render_and_two_renders_at_different_jobs_are_identical)
{
  sources();
  char *r1 = recipe("one.yaml", "0 dB", ""), *o1 = tu_path(dir, "j1"), *o2 = tu_path(dir, "j2"),
       *out = NULL, *err = NULL;
  const char *ra[] = {"render", r1, "-q", "-j", "1", "-o", o1, NULL},
             *rb[] = {"render", r1, "-q", "-j", "2", "-o", o2, NULL};
  cr_assert_eq(tu_run(ra, NULL, NULL), 0);
  cr_assert_eq(tu_run(rb, NULL, NULL), 0);
  const char *d[] = {"diff", o1, o2, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "0 of 4 prints differ"), "%s", out);
  free(out), free(err);
  /* the recipes themselves, rendered by diff; c with an EQ boost at 3 kHz */
  char *r2 = recipe("two.yaml", "0 dB", ", inserts: [{eq: [{type: peak, freq: 3 kHz, gain: 6 dB, q: 2}]}]");
  const char *dr[] = {"diff", r1, r2, "--expect-changed", "sc,mix", "-j", "2", NULL};
  cr_assert_eq(tu_run(dr, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "changed            sc.wav"), "%s", out);
  cr_assert(strstr(out, "at 4000 Hz"), "%s", out); /* the octave band of 2.8 to 5.7 kHz */
  /* sa is the same, the render a little longer for the EQ's tail */
  cr_assert(strstr(out, "within threshold   sa.wav: residual peak -inf dBFS") &&
                strstr(out, "length 48000 -> "),
            "%s", out);
  free(out), free(err);
  /* c 10 ms later on the timeline: its stem a lag of 480 frames, not a
   * change; the mix, where c meets the others, changed */
  char *r3 = recipe("three.yaml", "0 dB", ", at: 10 ms");
  const char *dd[] = {"diff", r1, r3, "--expect-changed", "sc,mix", NULL};
  cr_assert_eq(tu_run(dd, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "shifted            sc.wav: lag 480 frames, gain +0.0 dB (residual after "
                        "alignment: peak -inf dBFS)"),
            "%s", out);
  cr_assert(strstr(out, "changed            mix.wav"), "%s", out);
  free(out), free(err);
  free(r1), free(r2), free(r3), free(o1), free(o2);
}

Test(diff, bad_inputs_say_the_file_and_the_fix)
{
  char *o1 = sub("b1"), *o2 = sub("b2"), *out = NULL, *err = NULL;
  write_noise(o1, "mix.wav", 2, RATE, 1, 1);
  write_noise(o2, "mix.wav", 2, 44100, 1, 1);
  write_noise(o1, "ch.wav", 2, RATE, 1, 1);
  write_noise(o2, "ch.wav", 1, RATE, 1, 1);
  write_noise(o1, "text.wav", 2, RATE, 1, 1);
  free(tu_write_text(o2, "text.wav", "not audio at all\n"));
  write_noise(o1, "gone.wav", 2, RATE, 1, 1);
  const char *d[] = {"diff", o1, o2, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 3, "%s%s", out, err);
  /* another rate is compared, the new print read at the old one's rate, and said */
  cr_assert(strstr(out, "changed            mix.wav: ") &&
                strstr(out, "cause  format 48000 Hz -> 44100 Hz (the new read at 48000 Hz to "
                            "compare)"),
            "%s", out);
  cr_assert(!strstr(err, "mix.wav"), "%s", err);
  cr_assert(strstr(err, "b1/ch.wav has 2 channels; ") && strstr(err, "b2/ch.wav has 1: ") &&
                strstr(err, "render both in one layout"),
            "%s", err);
  cr_assert(strstr(err, "b2/text.wav: ") && strstr(err, "give an audio file"), "%s", err);
  cr_assert(strstr(out, "removed            gone.wav: in the old set only"), "%s", out);
  free(out), free(err);
  /* a folder that is not there */
  char *none = tu_path(dir, "nothere");
  const char *dn[] = {"diff", none, o2, NULL};
  cr_assert_eq(tu_run(dn, &out, &err), 3);
  cr_assert(strstr(err, "nothere: No such file or directory; give a render's output folder"), "%s",
            err);
  free(out), free(err);
  /* a JSON file that is no render's report */
  char *bogus = tu_write_text(dir, "bogus.json", "{\"a\": 1}\n");
  const char *dj[] = {"diff", bogus, o2, NULL};
  cr_assert_eq(tu_run(dj, &out, &err), 3);
  cr_assert(strstr(err, "bogus.json: a JSON file with no render's outputs"), "%s", err);
  free(out), free(err);
  /* an output over an input is refused before anything is written */
  char *victim = tu_path(o1, "mix.wav");
  const char *dw[] = {"diff", o1, o2, "--json", victim, NULL};
  cr_assert_eq(tu_run(dw, &out, &err), 2);
  cr_assert(strstr(err, "--json") && strstr(err, "a print this command compares"), "%s", err);
  free(out), free(err);
  const char *du[] = {"diff", o1, NULL};
  cr_assert_eq(tu_run(du, &out, &err), 2);
  free(out), free(err);
  free(o1), free(o2), free(none), free(bogus), free(victim);
}

/* An output of diff's over a file a recipe side reads (its source) is
 * refused, exit 2, the source as it was: the side's render adds what it
 * reads to diff's record (sp_cli_writes_hold). Before, diff checked its
 * outputs against its arguments and the prints alone (the renders in
 * between had started the record anew): the render's error was printed,
 * and diff exited 0 and wrote its JSON over the source (review 154 #2). */
Test(diff, an_output_over_a_source_a_recipe_side_reads_is_refused)
{
  sources();
  char *a = tu_write_text(dir, "sa.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n");
  char *b = tu_write_text(dir, "sb.yaml", "stemprint: 1\ntracks:\n  b: {file: b.wav}\n");
  static const char *const flags[] = {"--json", "--markdown"};
  static const char *const victims[] = {"a.wav", "b.wav"};
  for (int k = 0; k < 2; k++) {
    char *victim = tu_path(dir, victims[k]), *before = tu_slurp_must(victim);
    char *out = NULL, *err = NULL;
    const char *d[] = {"diff", a, b, flags[k], victim, NULL};
    cr_expect_eq(tu_run(d, &out, &err), 2, "%s %s: %s%s", flags[k], victims[k], out, err);
    char *want = sp_xasprintf("%s %s: it is a source %s reads; writing it would destroy that file",
                              flags[k], victim, k ? b : a);
    cr_expect(strstr(err, want), "%s", err);
    char *after = tu_slurp_must(victim);
    cr_expect(strcmp(before, after) == 0 && strncmp(after, "RIFF", 4) == 0, "%s was written over",
              victims[k]);
    free(want), free(after), free(before), free(victim), free(out), free(err);
  }
  free(a), free(b);
}

/* A WAV of 4 channels whose speakers are map's (its channel mask), a
 * -20 dBFS sine in its third channel. */
static char *four_wav(const char *name, const int *map)
{
  char *path = tu_path(dir, name);
  SF_INFO si = {.samplerate = RATE, .channels = 4, .format = SF_FORMAT_WAVEX | SF_FORMAT_PCM_24};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert_eq(sf_command(f, SFC_SET_CHANNEL_MAP_INFO, (void *)map, 4 * (int)sizeof *map), SF_TRUE);
  const size_t n = 3 * RATE;
  float *x = sp_xcalloc(4 * n, sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[4 * i + 2] = (float)(0.1 * sin(2 * M_PI * 997.0 * (double)i / RATE));
  sf_writef_float(f, x, (sf_count_t)n);
  sf_close(f);
  free(x);
  return path;
}

/* Quad (L R Ls Rs, mask 0x33) and 4.0 (L R C Cs, mask 0x107) of the same
 * samples: the one's third channel a surround (weight 1.41), the other's
 * the centre (1). diff says the change of layout as a format change is
 * said, and meters each side in its own layout, as `loudness` does (-21.5
 * LUFS and -23.0): 1.5 LU apart, which --max-loudness-delta 0.5 fails.
 * (It used to meter both as quad, say "identical samples" with no cause,
 * and pass.) */
Test(diff, a_layout_change_is_a_cause_and_each_side_is_metered_in_its_own)
{
  static const int quad[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_REAR_LEFT,
                             SF_CHANNEL_MAP_REAR_RIGHT},
                   four[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER,
                             SF_CHANNEL_MAP_REAR_CENTER};
  char *a = four_wav("quad.wav", quad), *b = four_wav("q40.wav", four),
       *js = tu_path(dir, "q.json");
  char *out = NULL, *err = NULL, why[512];
  const char *d[] = {"diff", a, b, "--max-loudness-delta", "0.5", "--json", js, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 1, "%s%s", out, err);
  const char *said = "layout quad (L R Ls Rs) -> mask 0x107 (L R C Cs)";
  cr_assert(strstr(out, "identical samples  quad.wav"), "%s", out);
  cr_assert(strstr(out, "cause  format ") && strstr(out, said), "%s", out);
  cr_assert(strstr(out, "FAILED max-loudness-delta"), "%s", out);
  sp_json *j = read_json(js);
  const sp_json *p = print_of(j, "quad.wav");
  cr_assert_str_eq(sp_report_get_string(sp_report_get(sp_report_get(p, "cause"), "format_change")),
                   said);
  /* each side's figure `loudness`'s of its file */
  const char *const paths[] = {a, b}, *const side[] = {"old", "new"};
  const double want[] = {-21.5, -23.0};
  for (int k = 0; k < 2; k++) {
    sp_loudness_file f = {.path = paths[k]};
    cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_OK,
                 "%s", why);
    const double got = num(sp_report_get(p, side[k]), "integrated_lufs");
    cr_expect_float_eq(got, f.l.integrated_lufs, 1e-6, "%s: %.4f, loudness %.4f", side[k], got,
                       f.l.integrated_lufs);
    cr_expect(fabs(got - want[k]) < 0.05, "%s: %.2f LUFS, want %.1f", side[k], got, want[k]);
    sp_loudness_file_fini(&f);
  }
  cr_expect(fabs(num(p, "delta_lu") - -1.5) < 0.05, "delta %.2f", num(p, "delta_lu"));
  sp_report_free(j);
  free(out), free(err), free(a), free(b), free(js);
}

/* Two recipes whose master layout alone changed (5.1 -> 6.0, a track
 * panned hard left: the same samples, its fourth channel the LFE in the
 * one and Cs in the other): the summary and the Markdown's heading say
 * the prints changed layout, and each print says the key that moved it.
 * (It used to say "0 of 2 prints differ" and "identical samples" alone,
 * the key said only under the cause.) */
Test(diff, a_layout_alone_changed_is_said_in_the_summary)
{
  sources();
  char text[512];
  char *r[2];
  const char *const layouts[] = {"5.1", "6.0"}, *const names[] = {"l51.yaml", "l60.yaml"};
  for (int k = 0; k < 2; k++) {
    snprintf(text, sizeof text,
             "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav, pan: -1}\n"
             "stems:\n  sa: [a]\nmaster: {layout: %s}\noutput: {depth: 32f, dither: none}\n",
             layouts[k]);
    r[k] = tu_write_text(dir, names[k], text);
  }
  char *md = tu_path(dir, "l.md"), *out = NULL, *err = NULL;
  const char *d[] = {"diff", r[0], r[1], "--markdown", md, NULL};
  /* on other speakers: a print the default rule holds unchanged fails it */
  cr_assert_eq(tu_run(d, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "FAILED unchanged: mix.wav: expected unchanged (residual peak at most "
                        "-140.0 dBFS): identical samples, residual peak -inf dBFS, on other "
                        "speakers (its layout changed)"),
            "%s", out);
  cr_expect(strstr(out, ": 0 of 2 prints differ, and 2 changed layout only (the same samples on "
                        "other speakers)\n"),
            "%s", out);
  cr_expect(strstr(out, "identical samples  mix.wav\n"
                        "                     cause  key master.layout: \"5.1\" -> \"6.0\""),
            "%s", out);
  cr_expect(strstr(out, "cause  format layout 5.1 (L R C LFE Ls Rs) -> 6.0 (L R C Cs Ls Rs)"), "%s",
            out);
  char *m = tu_slurp_must(md);
  cr_expect(strstr(m, "### stemprint diff: 0 of 2 prints changed, and 2 changed layout only (the "
                      "same samples on other speakers) ("),
            "%s", m);
  free(m), free(out), free(err);
  /* expected to change: they did */
  const char *x[] = {"diff", r[0], r[1], "--expect-changed", "mix,sa", NULL};
  cr_expect_eq(tu_run(x, &out, &err), 0, "%s%s", out, err);
  free(out), free(err), free(md), free(r[0]), free(r[1]);
}

/* A time written in seconds and the same time in frames at the recipe's
 * rate (`2 s`, `96000 smp` at 48 kHz) are one time: no key changed. A time
 * that differs is one key, both sides said as written (it used to be two:
 * `at.s: 2 -> (none)` and `at.frames: (none) -> 96000`, the same time
 * said changed). */
Test(diff, a_time_in_seconds_and_in_frames_is_one_time)
{
  sources();
  char *r1 = recipe("ts.yaml", "0 dB", ", at: 2 s"),
       *r2 = recipe("tf.yaml", "0 dB", ", at: 96000 smp"),
       *r3 = recipe("tg.yaml", "0 dB", ", at: 96001 smp");
  char *out = NULL, *err = NULL;
  const char *same[] = {"diff", r1, r2, NULL};
  cr_assert_eq(tu_run(same, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "cause: 0 keys of the canonical recipe changed"), "%s", out);
  free(out), free(err);
  const char *other[] = {"diff", r1, r3, "--expect-changed", "sc,mix", NULL};
  cr_assert_eq(tu_run(other, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "cause: 1 key of the canonical recipe changed"), "%s", out);
  cr_expect(strstr(out, "  key    tracks.c.regions[0].at: 2 s -> 96001 smp ("), "%s", out);
  free(out), free(err), free(r1), free(r2), free(r3);
}

/* a render's --report as a set: its outputs, named under their folder */
Test(diff, a_report_is_a_set_of_its_outputs)
{
  sources();
  char *r1 = recipe("one.yaml", "0 dB", ""), *o1 = tu_path(dir, "r1"), *rep = tu_path(dir, "r1.json"),
       *out = NULL, *err = NULL;
  const char *ra[] = {"render", r1, "-q", "-o", o1, "--report", rep, NULL};
  cr_assert_eq(tu_run(ra, NULL, NULL), 0);
  const char *d[] = {"diff", rep, o1, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "0 of 4 prints differ"), "%s", out);
  cr_assert(strstr(out, "identical          mix.wav"), "%s", out);
  free(out), free(err), free(r1), free(o1), free(rep);
}

/* A recipe against its own DAWproject export (a track's `file:` is the
 * session's clip, a region of the file's length, its audio in the
 * session): the canonical recipes play the same, so no key changed (the
 * region's length the session writes is the default filled in) and no
 * input (the same file at the same place, whatever the key or the path
 * naming it). A gain changed in the export is the one key said; a file
 * changed is one input, named as the session names it, never its copy
 * in the cache. */
Test(diff, a_recipe_against_its_own_session_export_says_only_what_differs)
{
  sources();
  char *cache = tu_path(dir, "xdg");
  setenv("XDG_CACHE_HOME", cache, 1);
  char *r[3], *s[3];
  for (int i = 0; i < 3; i++) {
    char text[512], name[32];
    snprintf(text, sizeof text,
             "stemprint: 1\ntracks:\n  a: {file: a.wav, gain: %s}\n  b: {file: %s, gain: -6 dB}\n"
             "stems:\n  a: [a]\n  b: [b]\n",
             i == 1 ? "-3 dB" : "-6 dB", i == 2 ? "c.wav" : "b.wav");
    snprintf(name, sizeof name, "r%d.yaml", i);
    r[i] = tu_write_text(dir, name, text);
    snprintf(name, sizeof name, "s%d.dawproject", i);
    s[i] = tu_path(dir, name);
    const char *ex[] = {"export", r[i], "-o", s[i], NULL};
    char *err = NULL;
    cr_assert_eq(tu_run(ex, NULL, &err), 0, "%s", err);
    free(err);
  }
  char *js = tu_path(dir, "s.json"), *out = NULL, *err = NULL;
  /* its own export: nothing changed */
  const char *d0[] = {"diff", r[0], s[0], "--json", js, NULL};
  cr_assert_eq(tu_run(d0, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "0 of 3 prints differ"), "%s", out);
  cr_assert(strstr(out, "cause: 0 keys of the canonical recipe changed, 0 input files,"), "%s",
            out);
  sp_json *j = read_json(js);
  const sp_json *cause = sp_report_get(j, "cause");
  cr_assert_eq(sp_report_array_size(sp_report_get(cause, "keys")), 0);
  cr_assert_eq(sp_report_array_size(sp_report_get(cause, "inputs")), 0);
  sp_report_free(j);
  free(out), free(err);
  /* one gain changed in the export: that key alone */
  const char *d1[] = {"diff", r[0], s[1], "--json", js, "--expect-changed", "a,mix", NULL};
  cr_assert_eq(tu_run(d1, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "cause: 1 key of the canonical recipe changed, 0 input files,"), "%s", out);
  cr_assert(strstr(out, "  key    tracks.a.gain: -6 -> -3 ("), "%s", out);
  j = read_json(js);
  cause = sp_report_get(j, "cause");
  cr_assert_eq(sp_report_array_size(sp_report_get(cause, "keys")), 1);
  cr_assert_str_eq(sp_report_get_string(
                       sp_report_get(sp_report_array_get(sp_report_get(cause, "keys"), 0), "path")),
                   "tracks.a.gain");
  cr_assert_eq(sp_report_array_size(sp_report_get(cause, "inputs")), 0);
  sp_report_free(j);
  free(out), free(err);
  /* b's file another in the export: one input, the session's name for it */
  const char *d2[] = {"diff", r[0], s[2], "--json", js, "--expect-changed", "b,mix", NULL};
  cr_assert_eq(tu_run(d2, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, " 1 input file,"), "%s", out);
  char *said = sp_xasprintf("  input  tracks.b.regions[0].file: %s/b.wav ", dir);
  char *named = sp_xasprintf(" -> %s:audio/c.wav ", s[2]);
  cr_assert(strstr(out, said) && strstr(out, named), "%s", out);
  cr_assert(!strstr(out, "session-audio"), "%s", out);
  j = read_json(js);
  const sp_json *in = sp_report_array_get(sp_report_get(sp_report_get(j, "cause"), "inputs"), 0);
  char *s2 = sp_xasprintf("%s:audio/c.wav", s[2]);
  cr_assert_str_eq(sp_report_get_string(sp_report_get(in, "new_path")), s2);
  sp_report_free(j);
  free(s2), free(said), free(named), free(out), free(err), free(js);
  unsetenv("XDG_CACHE_HOME");
  free(cache);
  for (int i = 0; i < 3; i++)
    free(r[i]), free(s[i]);
}

/* two recipes, rendered through --cache: the keys that changed at their
 * lines, the input whose digest changed, the prints each key reaches, and
 * no finding where the routing explains every change */
Test(diff, recipes_say_the_changed_keys_their_lines_inputs_and_reach)
{
  sources();
  write_noise(dir, "c2.wav", 1, RATE, 1, 99);
  char *r1 = recipe("one.yaml", "0 dB", ""), *js = tu_path(dir, "c.json"), *md = tu_path(dir, "c.md"),
       *out = NULL, *err = NULL;
  char *r2 = recipe_c("two.yaml", "6 dB", "c2.wav", ""), *cache = tu_path(dir, "cache");
  const char *d[] = {"diff", r1,   r2, "--expect-changed", "sa,sc,mix", "--json", js, "--markdown",
                     md,     "--cache", cache, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  /* both rendered through the cache: an entry each, by its key */
  char *ac = sp_xasprintf("test $(ls '%s/ac' | wc -l) -eq 2", cache);
  cr_assert_eq(system(ac), 0, "%s", ac);
  free(ac), free(cache);
  cr_assert(strstr(out, "key    tracks.a.gain: 0 -> 6 (") && strstr(out, "one.yaml:4:") &&
                strstr(out, "reaches mix.wav, sa.wav\n"),
            "%s", out);
  cr_assert(strstr(out, "input  tracks.c.file: "), "%s", out);
  cr_assert(!strstr(out, "finding"), "%s", out);
  sp_json *j = read_json(js);
  const sp_json *cause = sp_report_get(j, "cause"), *keys = sp_report_get(cause, "keys");
  bool gain = false;
  for (size_t i = 0; i < sp_report_array_size(keys); i++) {
    const sp_json *k = sp_report_array_get(keys, i);
    if (strcmp(sp_report_get_string(sp_report_get(k, "path")), "tracks.a.gain") != 0)
      continue;
    gain = true;
    cr_assert_str_eq(sp_report_get_string(sp_report_get(k, "old")), "0");
    cr_assert_str_eq(sp_report_get_string(sp_report_get(k, "new")), "6");
    cr_assert_float_eq(num(k, "old_line"), 4, 0);
    cr_assert_eq(sp_report_array_size(sp_report_get(k, "reaches")), 2);
  }
  cr_assert(gain);
  const sp_json *in = sp_report_array_get(sp_report_get(cause, "inputs"), 0);
  cr_assert_str_eq(sp_report_get_string(sp_report_get(in, "key")), "tracks.c.file");
  cr_assert_str_neq(sp_report_get_string(sp_report_get(in, "old_sha256")),
                    sp_report_get_string(sp_report_get(in, "new_sha256")));
  cr_assert_eq(sp_report_array_size(sp_report_get(cause, "findings")), 0);
  sp_report_free(j);
  char *m = tu_slurp_must(md);
  cr_assert(strstr(m, "- `tracks.a.gain`: `0` → `6` (line 4 → 4); reaches mix.wav, sa.wav"), "%s", m);
  free(m), free(out), free(err), free(r1), free(r2), free(js), free(md);
}

/* A time key at its own line as every other key is: the canonical recipe
 * spells a track's one region as regions[0] and a moving value's points as
 * {t, v} under points:, where the text gives the region's keys on the track
 * and the points as a list alone; each was at the track's line (4) or its
 * list's first point. */
Test(diff, a_changed_time_key_is_at_its_own_line_however_the_text_spells_it)
{
  sources();
  static const char fmt[] = "stemprint: 1\n"
                            "sample_rate: 48000\n"
                            "tracks:\n"
                            "  a:\n"
                            "    file: a.wav\n"
                            "    at: %s\n"
                            "    from: %s\n"
                            "    length: %s\n"
                            "    fade_in: %s\n"
                            "    fade_out:\n"
                            "      curve:\n"
                            "        - [0 s, 1]\n"
                            "        - [%s, 0]\n"
                            "    gain:\n"
                            "      - [0 s, 0 dB]\n"
                            "      - [%s, -3 dB]\n"
                            "  b:\n"
                            "    regions:\n"
                            "      - file: b.wav\n"
                            "        at: %s\n"
                            "        envelope:\n"
                            "          - [0 s, 0 dB]\n"
                            "          - [%s, -3 dB]\n"
                            "output: {depth: 32f, dither: none}\n";
  char text[2048];
  snprintf(text, sizeof text, fmt, "0.5 s", "0.1 s", "0.5 s", "10 ms", "10 ms", "0.5 s", "0.25 s",
           "0.5 s");
  char *r1 = tu_write_text(dir, "one.yaml", text);
  snprintf(text, sizeof text, fmt, "0.75 s", "0.2 s", "0.4 s", "20 ms", "20 ms", "0.6 s", "0.3 s",
           "0.6 s");
  char *r2 = tu_write_text(dir, "two.yaml", text);
  char *js = tu_path(dir, "t.json"), *out = NULL, *err = NULL;
  const char *d[] = {"diff", r1, r2, "--expect-changed", "mix", "--json", js, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  static const struct {
    const char *path;
    int line;
  } want[] = {
      {"tracks.a.regions[0].at", 6},
      {"tracks.a.regions[0].from", 7},
      {"tracks.a.regions[0].length", 8},
      {"tracks.a.regions[0].fade_in.length", 9},
      {"tracks.a.regions[0].fade_out.curve.points[1].t", 13},
      {"tracks.a.gain.points[1].t", 16},
      {"tracks.b.regions[0].at", 20},
      {"tracks.b.regions[0].envelope.points[1].t", 23},
  };
  sp_json *j = read_json(js);
  const sp_json *keys = sp_report_get(sp_report_get(j, "cause"), "keys");
  for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
    const sp_json *k = NULL;
    for (size_t i = 0; !k && i < sp_report_array_size(keys); i++)
      if (strcmp(sp_report_get_string(sp_report_get(sp_report_array_get(keys, i), "path")),
                 want[w].path) == 0)
        k = sp_report_array_get(keys, i);
    cr_assert_not_null(k, "no key %s in\n%s", want[w].path, out);
    cr_expect_float_eq(num(k, "old_line"), want[w].line, 0, "%s: line %g, not %d", want[w].path,
                       num(k, "old_line"), want[w].line);
    cr_expect_float_eq(num(k, "new_line"), want[w].line, 0, "%s: line %g, not %d", want[w].path,
                       num(k, "new_line"), want[w].line);
  }
  /* the text's: at its value, as a gain's is */
  const char *at = strstr(out, "key    tracks.a.regions[0].at: 0.5 s -> 0.75 s (");
  cr_expect(at && strstr(at, "one.yaml:6:9, ") && strstr(at, "two.yaml:6:9)"), "%s", out);
  sp_report_free(j);
  free(out), free(err), free(r1), free(r2), free(js);
}

static const char *verdict_of(const sp_json *j, const char *name)
{
  return sp_report_get_string(sp_report_get(print_of(j, name), "verdict"));
}

/* The processor of a print that followed, in diff --json's text. */
static const char *followed_by(const sp_json *j, const char *name)
{
  const sp_json *p = print_of(j, name), *f = sp_report_get(sp_report_get(p, "cause"), "followed");
  bool yes = false;
  sp_report_get_bool(sp_report_get(p, "followed"), &yes);
  if (!yes || sp_report_array_size(f) != 1)
    return NULL;
  return sp_report_get_string(sp_report_get(sp_report_array_get(f, 0), "processor"));
}

/* A shared processor links the stems: a's fader moves sb and sc through
 * it, and no changed key routes to them: each followed it, named (a master
 * compressor, master.normalize, a bus compressor keyed by a), in the
 * terminal, the JSON and the Markdown; --expect-changed "sa, mix" (names
 * trimmed) passes, unless --strict; --max-loudness-delta still bounds
 * them. */
Test(diff, a_print_moved_by_linked_dynamics_followed_its_processor)
{
  sources();
  static const struct {
    const char *routing, *tracks_bc, *processor;
  } cases[] = {
      {"master: {inserts: [{compressor: {threshold: -30 dB, ratio: 4}}]}\n", "",
       "master.inserts[0].compressor"},
      {"master: {normalize: {target: -20 LUFS}}\n", "", "master.normalize"},
      {"buses: {bc: {inserts: [{compressor: {threshold: -40 dB, ratio: 8, key: {from: a, tap: "
       "post}}}]}}\n",
       ", to: bc", "buses.bc.inserts[0].compressor"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    char *r[2];
    for (int i = 0; i < 2; i++) {
      char text[800], name[16];
      snprintf(text, sizeof text,
               "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav, gain: %d dB}\n"
               "  b: {file: b.wav%s}\n  c: {file: c.wav%s}\n%s"
               "stems: {sa: [a], sb: [b], sc: [c]}\noutput: {depth: 32f, dither: none}\n",
               6 * i, cases[c].tracks_bc, cases[c].tracks_bc, cases[c].routing);
      snprintf(name, sizeof name, "l%zu%d.yaml", c, i);
      r[i] = tu_write_text(dir, name, text);
    }
    char *js = tu_path(dir, "l.json"), *md = tu_path(dir, "l.md"), *out = NULL, *err = NULL;
    const char *d[] = {"diff",       r[0], r[1], "--expect-changed", " sa , mix", "--json", js,
                       "--markdown", md,   NULL};
    cr_assert_eq(tu_run(d, &out, &err), 0, "%s: %s%s", cases[c].processor, out, err);
    cr_assert(strstr(out, "reaches mix.wav, sa.wav\n"), "%s", out);
    char *line = sp_xasprintf("cause  followed %s, which hears tracks.a.gain", cases[c].processor);
    cr_assert(strstr(out, line), "%s", out);
    free(line);
    line = sp_xasprintf("linked %s hears tracks.a.gain; followed by sb.wav, sc.wav\n",
                        cases[c].processor);
    if (!strstr(out, line)) {
      free(line);
      line = sp_xasprintf("linked %s hears tracks.a.gain; followed by sc.wav, sb.wav\n",
                          cases[c].processor);
    }
    cr_assert(strstr(out, line), "%s", out);
    free(line);
    cr_assert(!strstr(out, "finding"), "%s", out);
    sp_json *j = read_json(js);
    for (int k = 0; k < 2; k++) {
      const char *p = followed_by(j, k ? "sc.wav" : "sb.wav");
      cr_assert(p && strcmp(p, cases[c].processor) == 0, "%s", p ? p : "(none)");
      /* the compressors' gains move: changed; normalize's is one gain: rescaled */
      cr_assert_str_eq(verdict_of(j, k ? "sc.wav" : "sb.wav"), c == 1 ? "rescaled" : "changed");
    }
    cr_assert_null(followed_by(j, "sa.wav"));
    cr_assert_null(followed_by(j, "mix.wav"));
    const sp_json *links = sp_report_get(sp_report_get(j, "cause"), "links");
    cr_assert_eq(sp_report_array_size(links), 1);
    sp_report_free(j);
    char *m = tu_slurp_must(md);
    line = sp_xasprintf("| sb.wav | %s (followed) |", c == 1 ? "rescaled" : "changed");
    cr_assert(strstr(m, line), "%s", m);
    free(line);
    line = sp_xasprintf("followed `%s` |", cases[c].processor);
    cr_assert(strstr(m, line), "%s", m);
    free(line);
    free(m), free(out), free(err);
    /* strict: the followers fail as changes; a loudness bound still holds them */
    const char *ds[] = {"diff", r[0], r[1], "--expect-changed", "sa,mix", "--strict", NULL};
    cr_assert_eq(tu_run(ds, &out, &err), 1, "%s%s", out, err);
    cr_assert(
        strstr(out, "FAILED expect-changed: sb.wav: expected unchanged (residual peak at most ") &&
            strstr(out, "--strict: it fails as a change"),
        "%s", out);
    free(out), free(err);
    const char *dl[] = {
        "diff",       r[0], r[1], "--expect-changed", "sa,mix", "--max-loudness-delta", "0.01 LU",
        "--markdown", md,   NULL};
    cr_assert_eq(tu_run(dl, &out, &err), 1, "%s%s", out, err);
    cr_assert(strstr(out, "FAILED max-loudness-delta: sb.wav: loudness "), "%s", out);
    cr_assert(!strstr(out, "FAILED expect-changed"), "%s", out);
    /* the comment's failed assertions: each with its threshold, and its cause */
    m = tu_slurp_must(md);
    cr_assert(
        strstr(m, "- `max-loudness-delta` sa.wav: expected loudness within ±0.01 LU; found +") &&
            strstr(m, " LU; cause: `tracks.a.gain` (line 4 → 4)\n"),
        "%s", m);
    cr_assert(strstr(m, "- `max-loudness-delta` sb.wav: expected loudness within ±0.01 LU; found "),
              "%s", m);
    free(m);
    free(out), free(err), free(js), free(md), free(r[0]), free(r[1]);
  }
}

/* a git repository of a song with three commits after its first (a fader
 * ride, a new send to a delay return, a source replaced), each diffed
 * against the one before with --rev: each verdict, span and cause */
static void git(const char *repo, const char *what)
{
  char *cmd = sp_xasprintf("cd '%s' && git -c user.email=t@t -c user.name=t %s >/dev/null 2>&1",
                           repo, what);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  free(cmd);
}

static const char song_fmt[] = "stemprint: 1\n"
                               "sample_rate: 48000\n"
                               "length: 2 s\n"
                               "tracks:\n"
                               "  a: {file: a.wav%s}\n"
                               "  b: {file: b.wav%s}\n"
                               "  c: {file: c.wav}\n"
                               "%s"
                               "stems:\n"
                               "  sa: [a]\n"
                               "  sb: [b]\n"
                               "  sc: [c]\n"
                               "output: {depth: 32f, dither: none}\n";

static void song(const char *repo, const char *a, const char *b, const char *buses)
{
  char text[2048];
  snprintf(text, sizeof text, song_fmt, a, b, buses);
  free(tu_write_text(repo, "song.yaml", text));
}

static char *diff_rev(const char *repo, const char *js, int expect)
{
  char *s = tu_path(repo, "song.yaml"), *out = NULL, *err = NULL;
  const char *d[] = {"diff", s, "--rev", "HEAD~1", "--json", js, NULL};
  cr_assert_eq(tu_run(d, &out, &err), expect, "%s%s", out, err);
  free(err), free(s);
  return out;
}

Test(diff, rev_diffs_a_song_against_its_last_commit_in_a_git_repository)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = sub("song"), *js = tu_path(dir, "rev.json");
  for (int i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof name, "%c.wav", 'a' + i);
    const int n = 2 * RATE;
    float *x = sp_xcalloc(n, sizeof *x);
    noise(x, n, 0.2, 40 + (uint64_t)i);
    free(tu_write_wav(repo, name, 1, RATE, 32, x, n));
    free(x);
  }
  git(repo, "init -q .");
  song(repo, "", "", "");
  git(repo, "add . && git -c user.email=t@t -c user.name=t commit -qm base");
  /* 1. a fader ride on a: -6 dB from 1 s */
  song(repo, ", gain: [[0, 0 dB], [1 s, 0 dB], [1.01 s, -6 dB]]", "", "");
  git(repo, "commit -qam ride");
  char *out = diff_rev(repo, js, 1);
  cr_assert(strstr(out, "diff: HEAD~1:song.yaml -> "), "%s", out);
  cr_assert(strstr(out, "changed            sa.wav") && strstr(out, "changed            mix.wav") &&
                strstr(out, "identical          sb.wav") && strstr(out, "identical          sc.wav"),
            "%s", out);
  sp_json *j = read_json(js);
  const sp_json *sa = print_of(j, "sa.wav"), *span = sp_report_array_get(sp_report_get(sa, "spans"), 0);
  cr_assert_float_eq(num(span, "start_s"), 1.0, 0.0101, "%g", num(span, "start_s"));
  cr_assert_float_eq(num(span, "end_s"), 2.0, 0.0101, "%g", num(span, "end_s"));
  cr_assert(strstr(out, "key    tracks.a.gain"), "%s", out);
  cr_assert(strstr(out, "reaches mix.wav, sa.wav\n"), "%s", out);
  cr_assert(!strstr(out, "finding"), "%s", out);
  sp_report_free(j);
  free(out);
  /* 2. a new send from b to a delay return */
  song(repo, ", gain: [[0, 0 dB], [1 s, 0 dB], [1.01 s, -6 dB]]",
       ", sends: [{to: echo, level: -6 dB}]",
       "buses:\n  echo: {inserts: [{delay: {time: 300 ms, feedback: 0, wet: 0 dB}}]}\n");
  git(repo, "commit -qam send");
  out = diff_rev(repo, js, 1);
  /* the echo's bus with the send: exit 0 when they are expected */
  {
    char *sp = tu_path(repo, "song.yaml"), *o2 = NULL;
    const char *d[] = {"diff", sp, "--rev", "HEAD~1", "--expect-changed", "sb,mix", NULL};
    cr_assert_eq(tu_run(d, &o2, NULL), 0, "%s", o2);
    free(o2), free(sp);
  }
  /* sa and sc the same samples, the render longer by the echo's tail */
  cr_assert(strstr(out, "changed            sb.wav") && strstr(out, "changed            mix.wav") &&
                strstr(out, "within threshold   sa.wav: residual peak -inf dBFS") &&
                strstr(out, "within threshold   sc.wav: residual peak -inf dBFS"),
            "%s", out);
  cr_assert(strstr(out, "key    tracks.b.sends[0].to: (none) -> \"echo\""), "%s", out);
  cr_assert(!strstr(out, "key    tracks.b.sends:") && !strstr(out, "key    buses:"), "%s", out);
  cr_assert(!strstr(out, "finding"), "%s", out);
  free(out);
  /* 3. c's source replaced */
  {
    const int n = 2 * RATE;
    float *x = sp_xcalloc(n, sizeof *x);
    noise(x, n, 0.2, 77);
    free(tu_write_wav(repo, "c.wav", 1, RATE, 32, x, n));
    free(x);
  }
  git(repo, "commit -qam source");
  out = diff_rev(repo, js, 1);
  cr_assert(strstr(out, "changed            sc.wav") && strstr(out, "changed            mix.wav") &&
                strstr(out, "identical          sa.wav") && strstr(out, "identical          sb.wav"),
            "%s", out);
  cr_assert(strstr(out, "input  tracks.c.file: "), "%s", out);
  cr_assert(strstr(out, "key    tracks.c.regions[0].file") &&
                strstr(out, "reaches mix.wav, sc.wav\n"),
            "%s", out);
  free(out);
  /* the working tree was never touched: nothing to commit */
  char *st = sp_xasprintf("cd '%s' && test -z \"$(git status --porcelain)\"", repo);
  cr_assert_eq(system(st), 0);
  free(st), free(repo), free(js);
}

/* Issue 89's fixture: a five-track mix at 44.1 kHz whose master compressor
 * acts, in git, and three commits: the bass's fader up 1 dB (line 5), the
 * guitar's EQ band at 1 kHz up 6 dB (line 8), the vocal moved 20 ms (line
 * 10). 2 s of noise a track. */
static const char five_fmt[] =
    "stemprint: 1\n"
    "sample_rate: 44100\n"
    "tracks:\n"
    "  drums: {file: drums.wav}\n"
    "  bass: {file: bass.wav, gain: %s}\n"
    "  gtr:\n"
    "    file: gtr.wav\n"
    "    inserts: [{eq: {bands: [{type: peak, freq: 1000 Hz, gain: %s, q: 1}]}}]\n"
    "  keys: {file: keys.wav}\n"
    "  vox: {file: vox.wav, at: %s}\n"
    "master:\n"
    "  inserts: [{compressor: {threshold: -24 dB, ratio: 4, attack: 5 ms, release: 100 ms}}]\n"
    "stems: {drums: [drums], bass: [bass], gtr: [gtr], keys: [keys], vox: [vox]}\n"
    "output: {depth: 24}\n";

static void five(const char *repo, const char *bass, const char *eq, const char *at)
{
  char text[2048];
  snprintf(text, sizeof text, five_fmt, bass, eq, at);
  free(tu_write_text(repo, "song.yaml", text));
}

/* The repository of the fixture at dir/five: sources, the base commit
 * (tagged base), then each commit with fn run after it (NULL: none). */
static char *five_repo(void (*after)(const char *repo, int commit))
{
  char *repo = sub("five");
  const char *names[] = {"drums", "bass", "gtr", "keys", "vox"};
  const double amp[] = {0.12, 0.1, 0.08, 0.08, 0.08};
  enum { N = 2 * 44100 };
  float *x = sp_xcalloc(N, sizeof *x);
  for (int i = 0; i < 5; i++) {
    char name[16];
    snprintf(name, sizeof name, "%s.wav", names[i]);
    noise(x, N, amp[i], 890 + (uint64_t)i);
    free(tu_write_wav(repo, name, 1, 44100, 24, x, N));
  }
  free(x);
  git(repo, "init -q .");
  five(repo, "-3 dB", "0 dB", "0");
  git(repo, "add . && git -c user.email=t@t -c user.name=t commit -qm base && git tag base");
  const char *commit[3][4] = {{"-2 dB", "0 dB", "0", "commit -qam fader"},
                              {"-2 dB", "6 dB", "0", "commit -qam eq"},
                              {"-2 dB", "6 dB", "20 ms", "commit -qam move"}};
  for (int c = 0; c < 3; c++) {
    five(repo, commit[c][0], commit[c][1], commit[c][2]);
    git(repo, commit[c][3]);
    if (after)
      after(repo, c);
  }
  return repo;
}

/* Each commit against the one before: the fader's key at its line, the
 * other stems followed the master compressor; the EQ's band; the move's
 * lag, 882 frames for 20 ms at 44.1 kHz. */
static void five_commit(const char *repo, int c)
{
  char *s = tu_path(repo, "song.yaml"), *out = NULL, *err = NULL;
  static const char *const expect[] = {"bass,mix", "gtr,mix", "vox,mix"};
  const char *d[] = {"diff", s, "--rev", "HEAD~1", "--expect-changed", expect[c], NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "commit %d: %s%s", c, out, err);
  if (c == 0) {
    cr_assert(strstr(out, "key    tracks.bass.gain: -3 -> -2 (HEAD~1:song.yaml:5:") &&
                  strstr(out, "reaches mix.wav, bass.wav\n"),
              "%s", out);
    cr_assert(
        strstr(out, "linked master.inserts[0].compressor hears tracks.bass.gain; followed by "),
        "%s", out);
    for (int k = 0; k < 4; k++) {
      static const char *const others[] = {"drums.wav", "gtr.wav", "keys.wav", "vox.wav"};
      char *line = sp_xasprintf("changed            %s: ", others[k]);
      const char *at = strstr(out, line);
      cr_assert(at, "%s", out);
      const char *next = strstr(at + 1, "\n  changed ");
      const char *follow = strstr(at, "cause  followed master.inserts[0].compressor, which hears "
                                      "tracks.bass.gain");
      cr_assert(follow && (!next || follow < next), "%s: %s", others[k], out);
      free(line);
    }
  } else if (c == 1) {
    cr_assert(
        strstr(out, "key    tracks.gtr.inserts[0].bands[0].gain: 0 -> 6 (HEAD~1:song.yaml:8:"),
        "%s", out);
    const char *g = strstr(out, "changed            gtr.wav: ");
    cr_assert(g && strstr(g, "what  the whole print: +") && strstr(g, " dB at 1000 Hz\n"), "%s",
              out);
  } else {
    cr_assert(strstr(out, "key    tracks.vox.regions[0].at: 0 s -> 0.02 s (HEAD~1:song.yaml:10:"),
              "%s", out);
    const char *v = strstr(out, "changed            vox.wav: ");
    cr_assert(v && strstr(v, "aligned: lag 882 frames, gain "), "%s", out);
  }
  free(out), free(err), free(s);
}

/* Whether text holds each of the n strings. */
static void holds(const char *what, const char *text, const char *const *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    cr_assert(strstr(text, v[i]), "%s: no '%s' in\n%s", what, v[i], text);
  cr_assert(!strstr(text, "n/a"), "%s: 'n/a' in\n%s", what, text);
}

/* The three commits as one diff, in every output: the bass's fader with
 * its line, the EQ's band, the 882-frame lag, the stems that followed the
 * master compressor; each assertion with its threshold; no "n/a". */
Test(diff, every_output_says_the_fader_the_band_the_lag_and_the_followers)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = five_repo(five_commit), *s = tu_path(repo, "song.yaml");
  char *js = tu_path(dir, "f.json"), *md = tu_path(dir, "f.md"), *xml = tu_path(dir, "f.xml"),
       *page = tu_path(dir, "f.html"), *out = NULL, *err = NULL;
  const char *d[] = {
      "diff",   s,    "--rev",      "base", "--expect-changed", "bass, gtr , vox,mix",
      "--json", js,   "--markdown", md,     "--junit",          xml,
      "--html", page, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  const char *term[] = {
      "key    tracks.bass.gain: -3 -> -2 (base:song.yaml:5:",
      " dB at 1000 Hz\n",
      "aligned: lag 882 frames",
      "cause  followed master.inserts[0].compressor, which hears tracks.bass.gain",
      ("passed expect-changed: drums.wav: expected unchanged or following what "
       "changed (residual peak at most -128.9 dBFS): changed, residual peak "),
      "assertions: 6 of 6 held (passed)"};
  holds("terminal", out, term, sizeof term / sizeof *term);
  char *m = tu_slurp_must(md);
  const char *mds[] = {
      "`tracks.bass.gain` (line 5 → 5)",
      "- `tracks.bass.gain`: `-3` → `-2` (line 5 → 5); reaches mix.wav, bass.wav",
      " dB at 1000 Hz",
      "| vox.wav | changed | lag 882, gain ",
      "| drums.wav | changed (followed) |",
      "followed `master.inserts[0].compressor` |",
      "- linked dynamics: `master.inserts[0].compressor` hears `tracks.bass.gain`",
      ("| passed | `expect-changed` | keys.wav | unchanged or following what changed "
       "(residual peak at most -128.9 dBFS) |")};
  holds("markdown", m, mds, sizeof mds / sizeof *mds);
  char *x = tu_slurp_must(xml);
  const char *xs[] = {"key tracks.bass.gain: -3 -&gt; -2 (base:song.yaml:5:", " dB at 1000 Hz\n",
                      "aligned: lag 882 frames",
                      "cause  followed master.inserts[0].compressor, which hears tracks.bass.gain",
                      "name=\"expect-changed: drums.wav\""};
  holds("junit", x, xs, sizeof xs / sizeof *xs);
  char *h = tu_slurp_must(page);
  const char *hs[] = {"key tracks.bass.gain: -3 -&gt; -2 (base:song.yaml:5:",
                      " dB at 1000 Hz\n",
                      "aligned: lag 882 frames",
                      "cause  followed master.inserts[0].compressor, which hears tracks.bass.gain",
                      "linked master.inserts[0].compressor hears tracks.bass.gain",
                      "data-followed=\"1\"",
                      "passed expect-changed: drums.wav"};
  holds("html", h, hs, sizeof hs / sizeof *hs);
  sp_json *j = read_json(js);
  const sp_json *keys = sp_report_get(sp_report_get(j, "cause"), "keys");
  bool fader = false;
  for (size_t i = 0; i < sp_report_array_size(keys); i++) {
    const sp_json *k = sp_report_array_get(keys, i);
    if (strcmp(sp_report_get_string(sp_report_get(k, "path")), "tracks.bass.gain") == 0)
      fader = num(k, "old_line") == 5 && num(k, "new_line") == 5;
  }
  cr_assert(fader);
  cr_assert_float_eq(num(sp_report_get(print_of(j, "gtr.wav"), "bands"), "changed_hz"), 1000, 0);
  cr_assert_float_eq(num(print_of(j, "vox.wav"), "lag_frames"), 882, 0);
  cr_assert_str_eq(followed_by(j, "drums.wav"), "master.inserts[0].compressor");
  cr_assert_str_eq(followed_by(j, "keys.wav"), "master.inserts[0].compressor");
  const sp_json *chk = sp_report_array_get(sp_report_get(print_of(j, "drums.wav"), "checks"), 0);
  cr_assert_float_eq(num(chk, "threshold"), -128.9, 0.05);
  cr_assert_lt(num(chk, "value"), -20);
  sp_report_free(j);
  free(h), free(x), free(m), free(out), free(err);
  free(repo), free(s), free(js), free(md), free(xml), free(page);
}

/* The pull-request job of docs/ci.md, as written there, on the fixture's
 * fader commit against the base: EXPECTED "bass, mix" passes though the
 * master compressor moved every other stem; "bass" alone fails on the mix. */
Test(diff, the_pull_request_job_of_ci_md_passes_a_mix_whose_master_dynamics_act)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = five_repo(NULL);
  char *doc_path = tu_path(SP_SOURCE_DIR, "docs/ci.md"), *doc = tu_slurp_must(doc_path);
  const char *from = strstr(doc, "```sh\n#!/bin/sh\n# pr-diff.sh");
  cr_assert_not_null(from);
  from += strlen("```sh\n");
  const char *end = strstr(from, "```");
  cr_assert_not_null(end);
  char *script = sp_xasprintf("%.*s", (int)(end - from), from);
  free(tu_write_text(repo, "pr-diff.sh", script));
  char *bin = sp_xstrdup(SP_STEMPRINT_BIN);
  *strrchr(bin, '/') = '\0';
  git(repo, "checkout -q HEAD~2"); /* the fader's commit: the pull request's head */
  static const struct {
    const char *expected;
    int status;
  } runs[] = {{"bass, mix", 0}, {"bass", 1}};
  for (size_t r = 0; r < 2; r++) {
    char *cmd = sp_xasprintf("cd '%s' && PATH='%s':\"$PATH\" STEMPRINT_CACHE='%s/cache' "
                             "sh pr-diff.sh song.yaml base '%s' >'%s/pr.log' 2>&1",
                             repo, bin, dir, runs[r].expected, dir);
    const int st = system(cmd);
    char *log = tu_path(dir, "pr.log"), *said = tu_slurp_must(log);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == runs[r].status, "%s: exit %d\n%s", cmd,
              WEXITSTATUS(st), said);
    cr_assert(strstr(said, "followed `master.inserts[0].compressor`"), "%s", said);
    if (runs[r].status)
      cr_assert(strstr(said, "- `expect-changed` mix.wav: expected unchanged"), "%s", said);
    free(said), free(log), free(cmd);
  }
  free(bin), free(script), free(doc), free(doc_path), free(repo);
}

/* A WAV set against a FLAC set of the same recipe: paired by name without
 * the extension, compared as decoded samples: the same codes (no dither)
 * are identical samples, each print saying its change of format, exit 0;
 * dithered, each file its own dither, within the threshold, exit 0. */
Test(diff, a_wav_set_against_a_flac_set_of_the_same_codes_compares_equal)
{
  sources();
  for (int dither = 0; dither < 2; dither++) {
    char *o[2], *out = NULL, *err = NULL;
    for (int k = 0; k < 2; k++) {
      char text[600], name[24], folder[24];
      snprintf(text, sizeof text,
               "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav}\n"
               "  b: {file: b.wav}\nstems: {sa: [a], sb: [b]}\n"
               "output: {format: %s, depth: 24, dither: %s}\n",
               k ? "flac" : "wav", dither ? "tpdf" : "none");
      snprintf(name, sizeof name, "f%d%d.yaml", dither, k);
      snprintf(folder, sizeof folder, "f%d%d", dither, k);
      char *r = tu_write_text(dir, name, text);
      o[k] = tu_path(dir, folder);
      const char *rr[] = {"render", r, "-q", "-o", o[k], NULL};
      cr_assert_eq(tu_run(rr, NULL, NULL), 0);
      free(r);
    }
    char *js = tu_path(dir, "wf.json");
    const char *d[] = {"diff", o[0], o[1], "--json", js, NULL};
    cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
    cr_assert(strstr(out, ": 0 of 3 prints differ"), "%s", out);
    cr_assert(strstr(out, dither ? "within threshold   mix: " : "identical samples  mix\n"), "%s",
              out);
    cr_assert(strstr(out, "cause  format wav 24-bit -> flac 24-bit"), "%s", out);
    cr_assert(!strstr(out, "removed") && !strstr(out, "added"), "%s", out);
    sp_json *j = read_json(js);
    const sp_json *p = print_of(j, "sa");
    cr_assert_str_eq(sp_report_get_string(sp_report_get(p, "old_name")), "sa.wav");
    cr_assert_str_eq(sp_report_get_string(sp_report_get(p, "new_name")), "sa.flac");
    cr_assert_str_eq(
        sp_report_get_string(sp_report_get(sp_report_get(p, "cause"), "format_change")),
        "wav 24-bit -> flac 24-bit");
    sp_report_free(j);
    free(out), free(err);
    /* named by either file name or without the extension */
    const char *e[] = {"diff", o[0], o[1], "--expect-changed", "sa.flac", NULL};
    cr_assert_eq(tu_run(e, &out, &err), 1, "%s%s", out, err);
    cr_assert(strstr(out, "FAILED expect-changed: sa: expected to change: "), "%s", out);
    free(out), free(err), free(js), free(o[0]), free(o[1]);
  }
}

/* A song's every kind of print, 0.25 s: stems, a version, output.also's
 * FLAC copies and master.adm's ADM BWFs and stereo re-renders, a's gain
 * 0 or 6 dB; the new side has a version more (noa). */
static char *every_print_recipe(const char *name, int gain_db, bool noa)
{
  char text[1024];
  snprintf(text, sizeof text,
           "stemprint: 1\nsample_rate: 48000\n"
           "tracks:\n  a: {file: a.wav, gain: %d dB}\n  b: {file: b.wav}\n"
           "stems: {sa: [a], sb: [b]}\n"
           "versions: {nob: {mute: [b]}%s}\n"
           "master: {layout: 5.1, adm: {renders: [stereo]}}\n"
           "output: {depth: 24, dither: none, also: [{format: flac, depth: 24}]}\n",
           gain_db, noa ? ", noa: {mute: [a]}" : "");
  return tu_write_text(dir, name, text);
}

/* Versions, output.also's copies and ADM re-renders are matched by name
 * between the two sides as the mix and stems are (each a's 6 dB where it
 * carries a, the same bytes or samples where it does not); a print on one
 * side only is added, or removed the other way round, and differs: exit 1
 * unless expected. Two renders of 0.25 s. */
Test(diff, versions_copies_and_adm_rerenders_are_matched_by_name_and_one_sided_prints_said)
{
  const int n = RATE / 4;
  float *x = sp_xcalloc(n, sizeof *x);
  noise(x, n, 0.2, 61);
  free(tu_write_wav(dir, "a.wav", 1, RATE, 32, x, n));
  noise(x, n, 0.2, 62);
  free(tu_write_wav(dir, "b.wav", 1, RATE, 32, x, n));
  free(x);
  char *r1 = every_print_recipe("e1.yaml", 0, false), *r2 = every_print_recipe("e2.yaml", 6, true);
  char *o1 = tu_path(dir, "e1"), *o2 = tu_path(dir, "e2"), *js = tu_path(dir, "e.json"),
       *out = NULL, *err = NULL;
  const char *ra[] = {"render", r1, "-q", "-o", o1, NULL}, *rb[] = {"render", r2, "-q", "-o", o2, NULL};
  cr_assert_eq(tu_run(ra, NULL, NULL), 0);
  cr_assert_eq(tu_run(rb, NULL, NULL), 0);
  char *md = tu_path(dir, "e.md");
  const char *d1[] = {"diff", o1, o2, "--json", js, "--markdown", md, NULL};
  cr_assert_eq(tu_run(d1, &out, &err), 1, "%s%s", out, err);
  cr_assert(strstr(out, "12 of 16 prints differ"), "%s", out);
  /* a print on one side has no figures, and its cells say why */
  char *m = tu_slurp_must(md);
  cr_assert(
      strstr(m, "| noa.wav | added | none: added | none: added | none: added | none: added |"),
      "%s", m);
  cr_assert(!strstr(m, "n/a"), "%s", m);
  free(m), free(md);
  sp_json *j = read_json(js);
  static const char *const six_db[] = {"sa.wav", "sa.flac", "nob.wav", "nob.flac", "sa_adm.wav"};
  for (size_t i = 0; i < sizeof six_db / sizeof *six_db; i++) {
    cr_assert_str_eq(verdict_of(j, six_db[i]), "rescaled", "%s", six_db[i]);
    cr_assert_float_eq(num(print_of(j, six_db[i]), "gain_db"), 6.0, 1e-4, "%s", six_db[i]);
  }
  static const char *const changed[] = {"mix.wav", "mix.flac", "mix_adm.wav", "mix_stereo.wav"};
  for (size_t i = 0; i < sizeof changed / sizeof *changed; i++)
    cr_assert_str_eq(verdict_of(j, changed[i]), "changed", "%s", changed[i]);
  /* the stereo re-render of sa is dithered at 24 bits: 6 dB up, and its
   * residual at that gain near the threshold (rescaled or changed) */
  const sp_json *sas = print_of(j, "sa_stereo.wav");
  cr_assert_float_eq(num(sas, "gain_db"), 6.0, 1e-3, "%g", num(sas, "gain_db"));
  cr_assert_lt(num(sas, "aligned_peak_dbfs"), -125, "%g", num(sas, "aligned_peak_dbfs"));
  bool differs = false;
  sp_report_get_bool(sp_report_get(sas, "differs"), &differs);
  cr_assert(differs);
  cr_assert_str_eq(verdict_of(j, "sb.wav"), "identical");
  cr_assert_str_eq(verdict_of(j, "sb.flac"), "identical");
  cr_assert_str_eq(verdict_of(j, "sb_stereo.wav"), "identical");
  cr_assert_str_eq(verdict_of(j, "sb_adm.wav"), "identical samples"); /* its metadata differs */
  cr_assert(strstr(out, "FAILED unchanged: noa.wav: expected unchanged: added\n"), "%s", out);
  cr_assert_str_eq(verdict_of(j, "noa.wav"), "added");
  cr_assert_str_eq(verdict_of(j, "noa.flac"), "added");
  cr_assert(sp_report_get(print_of(j, "noa.wav"), "old_path") &&
            sp_report_get_string(sp_report_get(print_of(j, "noa.wav"), "new_path")));
  sp_report_free(j);
  free(out), free(err);
  /* the other way round: removed; expected, exit 0 */
  const char *d2[] = {"diff", o2, o1, "--expect-changed",
                      "mix,sa,nob,noa,sa_adm,mix_adm,mix_stereo,sa_stereo,mix.flac,sa.flac,nob.flac,"
                      "noa.flac",
                      NULL};
  cr_assert_eq(tu_run(d2, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "removed            noa.wav: in the old set only ("), "%s", out);
  cr_assert(strstr(out, "removed            noa.flac"), "%s", out);
  free(out), free(err);
  free(r1), free(r2), free(o1), free(o2), free(js);
}

/* A recipe that does not render (master.normalize of a silent mix: exit 4)
 * stops diff with the render's status, 4, whichever side it is, naming
 * it; nothing is compared. Two tiny renders. */
Test(diff, a_side_that_does_not_render_exits_with_its_status_4)
{
  const int n = RATE / 5;
  float *x = sp_xcalloc(n, sizeof *x);
  free(tu_write_wav(dir, "z.wav", 1, RATE, 32, x, n)); /* silence */
  noise(x, n, 0.2, 63);
  free(tu_write_wav(dir, "y.wav", 1, RATE, 32, x, n));
  free(x);
  char *bad = tu_write_text(dir, "bad.yaml", "stemprint: 1\ntracks: {z: z.wav}\n"
                                             "master: {normalize: {target: -14 LUFS}}\n"),
       *good = tu_write_text(dir, "good.yaml", "stemprint: 1\ntracks: {y: y.wav}\n"),
       *js = tu_path(dir, "four.json"), *out = NULL, *err = NULL;
  const char *d1[] = {"diff", good, bad, "--json", js, NULL};
  cr_assert_eq(tu_run(d1, &out, &err), 4, "%s%s", out, err);
  cr_assert(strstr(err, "bad.yaml: did not render (exit 4); diff compares nothing"), "%s", err);
  cr_assert(strstr(err, "nothing to normalize"), "%s", err);
  free(out), free(err);
  const char *d2[] = {"diff", bad, good, NULL};
  cr_assert_eq(tu_run(d2, &out, &err), 4, "%s%s", out, err);
  cr_assert(strstr(err, "bad.yaml: did not render (exit 4)"), "%s", err);
  free(out), free(err), free(bad), free(good), free(js);
}

/* diff --rev through the cache: the first run renders both sides and
 * stores them, the second finds both in the cache and renders neither
 * (diff says which it did, side by side); the same verdicts. A song of
 * 0.25 s, two commits. */
Test(diff, rev_through_the_cache_renders_each_side_once)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = sub("cached"), *cache = tu_path(dir, "cache"), *s = tu_path(repo, "song.yaml");
  const int n = RATE / 4;
  float *x = sp_xcalloc(n, sizeof *x);
  noise(x, n, 0.2, 64);
  free(tu_write_wav(repo, "a.wav", 1, RATE, 32, x, n));
  free(x);
  free(tu_write_text(repo, "song.yaml", "stemprint: 1\ntracks: {a: {file: a.wav}}\n"
                                        "output: {depth: 32f, dither: none}\n"));
  git(repo, "init -q .");
  git(repo, "add . && git -c user.email=t@t -c user.name=t commit -qm base");
  free(tu_write_text(repo, "song.yaml", "stemprint: 1\ntracks: {a: {file: a.wav, gain: 3 dB}}\n"
                                        "output: {depth: 32f, dither: none}\n"));
  git(repo, "commit -qam louder");
  for (int run = 0; run < 2; run++) {
    char *out = NULL, *err = NULL;
    const char *d[] = {"diff", s, "--rev", "HEAD~1", "--cache", cache, "--expect-changed", "mix",
                       NULL};
    cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
    cr_assert(strstr(out, "rescaled           mix.wav: lag 0 frames, gain +3.0 dB"), "%s", out);
    const char *said = run ? "served from the cache" : "rendered (not in the cache)";
    char *old_note = sp_xasprintf("note: HEAD~1:song.yaml: %s", said),
         *new_note = sp_xasprintf("note: %s: %s", s, said);
    cr_assert(strstr(err, old_note) && strstr(err, new_note), "run %d: %s", run, err);
    cr_assert(!strstr(err, run ? "rendered" : "served"), "run %d: %s", run, err);
    free(old_note), free(new_note), free(out), free(err);
  }
  free(repo), free(cache), free(s);
}

/* --junit validates against tests/junit.xsd (xmllint): a print that could
 * not be compared an error, a failed assertion a failure */
/* --rev runs git with an argument vector (no shell): a revision that
 * would be an option is refused before git sees it; one git does not know
 * is said with git's command and its own words; shell syntax in a
 * revision is only a name git does not know; a recipe outside a
 * repository is said with git's words too */
Test(diff, rev_refuses_an_option_and_says_gits_words_for_a_bad_revision)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = sub("song"), *s = tu_path(repo, "song.yaml"), *out = NULL, *err = NULL;
  for (int i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof name, "%c.wav", 'a' + i);
    write_noise(repo, name, 1, RATE, 1, 60 + (uint64_t)i);
  }
  git(repo, "init -q .");
  song(repo, "", "", "");
  git(repo, "add . && git -c user.email=t@t -c user.name=t commit -qm base");
  const char *opt[] = {"diff", s, "--rev=--output=x", NULL};
  cr_assert_eq(tu_run(opt, &out, &err), 2, "%s%s", out, err);
  cr_assert(strstr(err, "--rev '--output=x': not a revision; give a commit"), "%s", err);
  free(out), free(err);
  const char *bad[] = {"diff", s, "--rev", "nosuch", NULL};
  cr_assert_eq(tu_run(bad, &out, &err), 2, "%s%s", out, err);
  cr_assert(strstr(err, "--rev nosuch: no such commit in ") &&
                strstr(err, "rev-parse --verify nosuch^{commit} exited 128: fatal: "),
            "%s", err);
  free(out), free(err);
  char *mark = tu_path(dir, "pwned");
  char *evil = sp_xasprintf("x';touch '%s';'$(touch %s)", mark, mark);
  const char *sh[] = {"diff", s, "--rev", evil, NULL};
  cr_assert_eq(tu_run(sh, &out, &err), 2, "%s%s", out, err);
  cr_assert(strstr(err, "no such commit"), "%s", err);
  cr_assert_neq(access(mark, F_OK), 0, "a shell ran the revision");
  free(out), free(err), free(evil), free(mark);
  char *lone = sub("lone"), *ls = tu_path(lone, "song.yaml");
  song(lone, "", "", "");
  const char *none[] = {"diff", ls, "--rev", "HEAD", NULL};
  cr_assert_eq(tu_run(none, &out, &err), 3, "%s%s", out, err);
  cr_assert(strstr(err, "in no git repository (git -C ") &&
                strstr(err, "rev-parse --show-toplevel exited 128: fatal: not a git repository"),
            "%s", err);
  free(out), free(err), free(ls), free(lone), free(s), free(repo);
}

Test(diff, junit_validates_with_its_failures_and_errors)
{
  if (system("command -v xmllint >/dev/null 2>&1") != 0)
    cr_skip_test("xmllint is not installed (libxml2-utils)");
  char *o1 = sub("x1"), *o2 = sub("x2"), *xml = tu_path(dir, "d.xml"), *out = NULL, *err = NULL;
  write_noise(o1, "mix.wav", 2, RATE, 1, 1);
  write_noise(o2, "mix.wav", 2, RATE, 0.5, 1);
  write_noise(o1, "a&b.wav", 2, RATE, 1, 2);
  write_noise(o2, "a&b.wav", 1, RATE, 1, 2);
  const char *d[] = {"diff", o1, o2, "--junit", xml, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 3, "%s%s", out, err);
  char *cmd = sp_xasprintf("xmllint --noout --schema '%s/tests/junit.xsd' '%s' 2>/dev/null",
                           SP_SOURCE_DIR, xml);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  char *x = tu_slurp_must(xml);
  cr_assert(strstr(x, "name=\"diff: a&amp;b.wav\"") && strstr(x, "<error"), "%s", x);
  cr_assert(strstr(x, "name=\"unchanged: mix.wav\"") && strstr(x, "<failure"), "%s", x);
  free(x), free(cmd), free(out), free(err), free(o1), free(o2), free(xml);
}

/* The number of cells of a GFM table row: '|' separates them unless
 * escaped (a backslash before it), the leading and trailing ones don't
 * count. */
static int gfm_cells(const char *row, size_t len)
{
  int bars = 0;
  for (size_t i = 0; i < len; i++)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))
      bars++;
  return bars - 1;
}

/* --markdown for GitHub and GitLab (GFM): print names that Markdown would
 * read as markup, a table's separator or a code span's end are escaped, so
 * every row keeps its cells (eight a print, five an assertion) and a name
 * shows as it is written */
Test(diff, markdown_keeps_its_cells_a_row_and_names_as_written)
{
  char *o1 = sub("m`1"), *o2 = sub("m`2"), *md = tu_path(dir, "d.md"), *out = NULL, *err = NULL;
  const char *names[] = {"a|b.wav", "*x*_y_.wav", "<c>.wav", "lead_vocal.wav"};
  for (int i = 0; i < 4; i++) {
    write_noise(o1, names[i], 1, 8000, 1, 70 + (uint64_t)i);
    write_noise(o2, names[i], 1, 8000, i == 0 ? 0.5 : 1, 70 + (uint64_t)i);
  }
  const char *d[] = {"diff", o1, o2, "--expect-changed", "a|b,nosuch", "--markdown", md, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 1, "%s%s", out, err);
  char *m = tu_slurp_must(md);
  size_t rows = 0, checks = 0;
  for (char *line = m, *end; *line; line = end + 1) {
    end = strchr(line, '\n');
    cr_assert_not_null(end);
    if (*line == '|') {
      const int cells = gfm_cells(line, (size_t)(end - line));
      cr_assert(cells == 8 || cells == 5, "%.*s", (int)(end - line), line);
      rows += cells == 8, checks += cells == 5;
    }
  }
  cr_assert_eq(rows, 6, "%s", m);   /* the head, its rule, four prints */
  cr_assert_eq(checks, 6, "%s", m); /* the head, its rule, an assertion a print */
  cr_assert(strstr(m, "| a\\|b.wav | rescaled"), "%s", m);
  cr_assert(strstr(m, "| \\*x\\*\\_y\\_.wav | identical |"), "%s", m);
  cr_assert(strstr(m, "| \\<c\\>.wav | identical |"), "%s", m);
  cr_assert(strstr(m, "| lead_vocal.wav | identical |"), "%s", m);
  /* a folder's name with a backtick: a code span of two */
  cr_assert(strstr(m, "``") && strstr(m, "m`1`` → ``"), "%s", m);
  cr_assert(strstr(m, "- `expect-changed` names `nosuch`, which no print has"), "%s", m);
  free(m), free(out), free(err), free(o1), free(o2), free(md);
}

/* --html: a section per print with its verdict; A's and B's loudness on one
 * plot with the residual's span marked where the 100 ms edit is; the band
 * deltas as data; the player's JSON playing A and B as a pair (the page
 * computes A − B); an identical print has no bands; the page may not be
 * written over a print it compares */
/* Two sets in dir/h1 and dir/h2: mix.wav, 3 s of stereo noise, the new one
 * half as loud from 1.0 to 1.1 s; same.wav the same in both. diff --html
 * writes dir/d.html (exit 0: mix expected to change). */
static void html_fixture(char **o1, char **o2, char **page)
{
  enum { N = 3 * RATE };
  *o1 = sub("h1"), *o2 = sub("h2"), *page = tu_path(dir, "d.html");
  float *a = sp_xcalloc(2 * N, sizeof *a), *b = sp_xcalloc(2 * N, sizeof *b);
  noise(a, 2 * N, 0.3, 31);
  memcpy(b, a, 2 * N * sizeof *a);
  for (int64_t i = 2 * (int64_t)RATE; i < 2 * (int64_t)(1.1 * RATE); i++) /* 1.0 .. 1.1 s */
    b[i] *= 0.5f;
  free(tu_write_wav(*o1, "mix.wav", 2, RATE, 32, a, N));
  free(tu_write_wav(*o2, "mix.wav", 2, RATE, 32, b, N));
  write_noise(*o1, "same.wav", 2, RATE, 1, 5);
  write_noise(*o2, "same.wav", 2, RATE, 1, 5);
  free(a), free(b);
  char *out = NULL, *err = NULL;
  const char *d[] = {"diff", *o1, *o2, "--expect-changed", "mix", "--html", *page, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
}

Test(diff, html_page_holds_the_prints_spans_bands_and_the_ab_player)
{
  char *o1, *o2, *page, *out = NULL, *err = NULL;
  html_fixture(&o1, &o2, &page);
  char *h = tu_slurp_must(page);
  char *mix = strstr(h, "data-title=\"mix.wav\""), *same = strstr(h, "data-title=\"same.wav\"");
  cr_assert(mix && same, "%s", h);
  cr_assert(strstr(mix, "data-status=\"0\" data-verdict=\"changed\""), "%s", mix);
  cr_assert(strstr(same, "data-verdict=\"identical\""), "%s", same);
  /* the mix's section: one span, 1.0 .. 1.1 s within a 10 ms block */
  char *end = strstr(mix, "</section>");
  cr_assert_not_null(end);
  char *span = strstr(mix, "<rect class=\"rspan\"");
  cr_assert(span && span < end, "%s", mix);
  double s0 = NAN, s1 = NAN;
  cr_assert_eq(sscanf(strstr(span, "data-start=\""), "data-start=\"%lf\" data-end=\"%lf\"", &s0, &s1),
               2);
  cr_assert(s0 > 0.989 && s0 <= 1.0 && s1 >= 1.1 && s1 < 1.111, "%g .. %g", s0, s1);
  char *next = strstr(span + 1, "<rect class=\"rspan\"");
  cr_assert(!next || next > end, "a second span");
  /* both sides' curves on the one plot the playhead runs on */
  char *plot = strstr(mix, "<svg class=\"plot\"");
  cr_assert(plot && plot < end && strstr(plot, "class=\"st\"") && strstr(plot, "class=\"stb\""));
  /* ten octave bands, each with its delta: half the level for 0.1 s of
   * 3 s, every band down by about the same, 10·log10(1 − 0.75/30) */
  size_t bands = 0;
  const double want = 10 * log10(1 - 0.75 / 30);
  for (char *q = strstr(mix, "class=\"dband "); q && q < end; q = strstr(q + 1, "class=\"dband ")) {
    double hz, delta;
    cr_assert_eq(sscanf(strstr(q, "data-hz=\""), "data-hz=\"%lf\" data-delta=\"%lf\"", &hz, &delta), 2);
    cr_assert_float_eq(delta, want, 0.05, "%g Hz: %g dB, not %g", hz, delta, want);
    bands++;
  }
  cr_assert_eq(bands, 10);
  /* the band chart's axis name (dB) clear of its top tick's label (+3):
   * a line of 11 px text apart at least */
  char *chart = strstr(mix, "<svg class=\"plot bands\"");
  cr_assert(chart && chart < end);
  double y_name = NAN, y_tick = NAN;
  char *name = strstr(chart, "<text class=\"axis\"");
  cr_assert(name && sscanf(strstr(name, "y=\""), "y=\"%lf\">dB<", &y_name) == 1, "%s", chart);
  for (char *t = strstr(chart, "<text class=\"yl\""); t && t < end;
       t = strstr(t + 1, "<text class=\"yl\"")) {
    double y = NAN;
    cr_assert_eq(sscanf(strstr(t, "y=\""), "y=\"%lf\"", &y), 1);
    y_tick = isnan(y_tick) || y < y_tick ? y : y_tick;
  }
  cr_assert_geq(y_tick - y_name, 12, "dB at y %g, the top tick at %g", y_name, y_tick);
  /* the player: A the old print, B the new, as a pair */
  char *listen = strstr(mix, "class=\"sp-listen\">");
  cr_assert(listen && listen < end);
  cr_assert(strstr(listen, "\"ab\":true"), "%s", listen);
  char *pa = realpath(o1, NULL), *pb = realpath(o2, NULL);
  char *wa = sp_xasprintf("{\"name\":\"A\",\"role\":\"mix\",\"path\":\"%s/mix.wav\"", pa),
       *wb = sp_xasprintf("{\"name\":\"B\",\"role\":\"stem\",\"path\":\"%s/mix.wav\"", pb);
  cr_assert(strstr(listen, wa) && strstr(listen, wb), "%s", listen);
  cr_assert(strstr(h, "<script>") && strstr(h, "this.ab = !!data.ab"), "no player script");
  /* the page's heading is a diff's, its contents count the prints (the A/B
   * head is listed, not counted) */
  cr_assert(strstr(h, "<h1>Diff report</h1>") && !strstr(h, "Delivery report"), "heading");
  cr_assert(strstr(h, "<p>2 prints: 2 passed, 0 did not.</p>"), "contents");
  cr_assert_null(strstr(h, "recipes:"));
  /* the identical print: no bands */
  cr_assert_null(strstr(same, "class=\"dband "));
  free(h), free(wa), free(wb), free(pa), free(pb);
  /* not over an input */
  char *over = tu_path(o1, "mix.wav");
  const char *d2[] = {"diff", o1, o2, "--html", over, NULL};
  cr_assert_eq(tu_run(d2, &out, &err), 2, "%s%s", out, err);
  cr_assert(strstr(err, "--html"), "%s", err);
  free(out), free(err), free(over);
  free(o1), free(o2), free(page);
}

/* The page's player in Chromium (tests/diff_listen.py, with
 * tests/html_listen.py's browser): A, B and A − B played offline are the
 * prints and their difference sample for sample; switched while playing,
 * the position is kept. Skipped sanitized, as test_html's browser test. */
/* every "path" of the page's players (the sp-listen JSON) names a file
 * that exists; returns how many */
static size_t playable_paths(const char *page)
{
  char *h = tu_slurp_must(page);
  size_t n = 0;
  for (char *p = strstr(h, "\"path\":\""); p; p = strstr(p + 1, "\"path\":\"")) {
    char *q = p + 8, *e = strchr(q, '"');
    cr_assert_not_null(e);
    char *path = sp_xasprintf("%.*s", (int)(e - q), q);
    cr_assert_eq(access(path, R_OK), 0, "the page plays %s, which is not there", path);
    free(path);
    n++;
  }
  cr_assert_null(strstr(h, "No player"), "%s", h);
  free(h);
  return n;
}

/* recipe sides: their prints kept beside the page (FILE.prints/old, /new)
 * or under --keep, so the page's player has files to play */
Test(diff, html_of_recipe_sides_keeps_their_prints_for_the_player)
{
  sources();
  char *r1 = recipe("one.yaml", "0 dB", ""), *r2 = recipe("two.yaml", "-3 dB", ""),
       *page = tu_path(dir, "d.html"), *out = NULL, *err = NULL;
  const char *d[] = {"diff", r1, r2, "--expect-changed", "sa,mix", "--html", page, NULL};
  cr_assert_eq(tu_run(d, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
  cr_assert_eq(playable_paths(page), 4); /* A and B of sa and the mix (the others identical) */
  char *kept = tu_path(dir, "d.prints/new/sa.wav");
  cr_assert_eq(access(kept, R_OK), 0);
  free(kept);
  char *keep = tu_path(dir, "mine"), *page2 = tu_path(dir, "e.html");
  const char *k[] = {"diff",   r1,    r2,  "--expect-changed", "sa,mix", "--keep", keep,
                     "--html", page2, NULL};
  cr_assert_eq(tu_run(k, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
  cr_assert_eq(playable_paths(page2), 4);
  char *h = tu_slurp_must(page2), *old_sa = tu_path(keep, "old/sa.wav");
  char *abs = realpath(old_sa, NULL);
  cr_assert(abs && strstr(h, abs), "%s", h);
  free(abs), free(old_sa), free(h);
  /* without --html or --keep, a scratch folder that is gone: nothing left */
  char *none = tu_path(dir, "d2.prints");
  const char *p[] = {"diff", r1, r2, "--expect-changed", "sa,mix", NULL};
  cr_assert_eq(tu_run(p, &out, &err), 0, "%s%s", out, err);
  cr_assert_neq(access(none, F_OK), 0);
  /* a page on standard output or a device has no beside: a scratch folder
   * too (before, ./-.prints and, as root, /dev/null.prints were left) */
  char *was = getcwd(NULL, 0), *dash = tu_path(dir, "-.prints");
  cr_assert_eq(chdir(dir), 0);
  const char *s[] = {"diff", r1, r2, "--expect-changed", "sa,mix", "--html", "-", NULL};
  free(out), free(err);
  cr_assert_eq(tu_run(s, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "<html") && strstr(out, "rendered into a scratch folder that is gone"),
            "the page, on standard output");
  cr_expect_neq(access(dash, F_OK), 0, "%s made", dash);
  cr_assert_eq(chdir(was), 0);
  free(was), free(dash);
  free(out), free(err), free(none), free(keep), free(page2), free(page), free(r1), free(r2);
}

Test(diff, html_player_switches_a_b_and_residual_in_place_in_a_real_browser,
     .timeout = TU_TIMEOUT(300))
{
#if defined(SP_SANITIZED)
  cr_skip_test("the browser test runs in the GCC pass (the page's script is the same there)");
#else
  if (system("command -v chromium >/dev/null 2>&1") != 0)
    cr_skip_test("Chromium is not installed (apt-get install chromium)");
  if (access("/usr/bin/python3", X_OK) != 0)
    cr_skip_test("/usr/bin/python3 is missing");
  char *o1, *o2, *page;
  html_fixture(&o1, &o2, &page);
  char *log = tu_path(dir, "listen.log");
  char *cmd = sp_xasprintf("/usr/bin/python3 '%s/tests/diff_listen.py' '%s' d.html >'%s' 2>&1",
                           SP_SOURCE_DIR, dir, log);
  int st = system(cmd);
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  char *said = tu_slurp_must(log);
  if (code == 77)
    cr_skip_test("%s", said);
  cr_assert_eq(code, 0, "tests/diff_listen.py exited %d:\n%s", code, said);
  cr_assert(strstr(said, "diff_listen: passed"), "%s", said);
  free(said), free(cmd), free(log), free(o1), free(o2), free(page);
#endif
}

/* ---- hostile sets ---------------------------------------------------------- */

/* tu_run's, in a child of this test killed (SIGALRM, exit 142) after
 * seconds: a command that would hang fails the test at once instead of
 * holding it to the suite's timeout. */
static int run_within(const char *const *args, unsigned seconds, char **out, char **err)
{
  char *po = tu_path(dir, "run.out"), *pe = tu_path(dir, "run.err");
  fflush(NULL);
  const pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    const int fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0600),
              fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fo < 0 || fe < 0)
      _exit(127);
    dup2(fo, STDOUT_FILENO);
    dup2(fe, STDERR_FILENO);
    alarm(seconds); /* kept across exec */
    tu_exec(args);
  }
  int status = 0;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  *out = tu_slurp_must(po);
  *err = tu_slurp_must(pe);
  free(po), free(pe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A print that is no regular file (a link to /dev/zero on both sides, a
 * FIFO, either listed by a --report) is refused at once, as render
 * refuses such a source: its path and what it is said, exit 3; never
 * read (the bytes of /dev/zero compared forever, a FIFO waited on). */
Test(diff, a_print_that_is_no_regular_file_is_refused_at_once)
{
  char *o1 = sub("z1"), *o2 = sub("z2"), *f1 = sub("f1"), *f2 = sub("f2");
  for (int k = 0; k < 2; k++) {
    char *z = tu_path(k ? o2 : o1, "mix.wav"), *f = tu_path(k ? f2 : f1, "mix.wav");
    cr_assert_eq(symlink("/dev/zero", z), 0);
    cr_assert_eq(mkfifo(f, 0600), 0);
    free(z), free(f);
  }
  write_noise(o1, "same.wav", 1, 8000, 1, 3);
  write_noise(o2, "same.wav", 1, 8000, 1, 3);
  char *fifo = tu_path(f1, "mix.wav");
  char *rz = tu_write_text(dir, "rz.json", "{\"outputs\": [{\"path\": \"/dev/zero\"}]}\n");
  char *tf = sp_xasprintf("{\"outputs\": [{\"path\": \"%s\"}]}\n", fifo);
  char *rf = tu_write_text(dir, "rf.json", tf);
  const char *const pairs[][2] = {{o1, o2}, {f1, f2}, {rz, rz}, {rf, rf}};
  const char *const named[] = {"z1/mix.wav", "f1/mix.wav", "/dev/zero", "f1/mix.wav"};
  for (int i = 0; i < 4; i++) {
    char *out = NULL, *err = NULL;
    const char *d[] = {"diff", pairs[i][0], pairs[i][1], NULL};
    cr_assert_eq(run_within(d, 30, &out, &err), 3, "%d: %s%s", i, out, err);
    cr_assert(strstr(err, named[i]) &&
                  strstr(err, ": it is not a regular file (a FIFO, a device or a socket); "
                              "stemprint reads audio files only; give an audio file"),
              "%d: %s", i, err);
    if (i == 0)
      cr_assert(strstr(out, "identical          same.wav"), "%s", out);
    free(out), free(err);
  }
  free(o1), free(o2), free(f1), free(f2), free(fifo), free(rz), free(tf), free(rf);
}

/* The folder's record, as the output folder's commit reads it
 * (io/fs/record.h): a line naming a file of another folder (../../x) is
 * no print, said as a warning, and never read; a FIFO as the record is
 * refused, not waited on. */
Test(diff, a_forged_record_line_is_no_print_and_said)
{
  char *s1 = sub("s/a"), *s2 = sub("s/b");
  write_noise(dir, "secret.wav", 1, 8000, 1, 9);
  for (int k = 0; k < 2; k++) {
    const char *o = k ? s2 : s1;
    write_noise(o, "mix.wav", 1, 8000, 1, 8);
    char *meta = tu_path(o, ".stemprint");
    cr_assert_eq(mkdir(meta, 0777), 0);
    free(tu_write_text(meta, "x.prints",
                       "/stemprint-prints=1\n/recipe=../x.yaml\nmix.wav\n../../secret.wav\n"));
    free(meta);
  }
  char *out = NULL, *err = NULL;
  const char *d[] = {"diff", s1, s2, NULL};
  cr_assert_eq(run_within(d, 60, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, ": 0 of 1 print differ\n") && !strstr(out, "secret"), "%s", out);
  cr_assert(strstr(err, "stemprint: warning: ") &&
                strstr(err, "a/.stemprint/x.prints: 1 line names "
                            "no file directly in the folder "
                            "('../../secret.wav'); not compared"),
            "%s", err);
  free(out), free(err);
  /* a FIFO where the record is */
  char *rec = tu_path(s2, ".stemprint/x.prints");
  cr_assert_eq(unlink(rec), 0);
  cr_assert_eq(mkfifo(rec, 0600), 0);
  cr_assert_eq(run_within(d, 30, &out, &err), 3, "%s%s", out, err);
  cr_assert(strstr(err, "x.prints: it is not a regular file (a FIFO, a device or a socket); "
                        "stemprint reads records of prints from files only; give the folder a "
                        "render printed into"),
            "%s", err);
  free(out), free(err), free(rec), free(s1), free(s2);
}

/* Whether s is valid UTF-8 throughout. */
static bool utf8_valid(const char *s)
{
  for (const unsigned char *u = (const unsigned char *)s; *u;) {
    const size_t n = sp_utf8_at(u);
    if (n == 0)
      return false;
    u += n;
  }
  return true;
}

/* A print's name is never more than its text: a newline and a GitHub
 * Actions command ("::error"), ESC and BEL (a terminal's title) and bytes
 * that are not UTF-8 in names are escaped as render's diagnostics escape
 * them (sp_diag_escape) on stdout and in the Markdown, which stays valid
 * UTF-8; the JSON holds each name as written. */
Test(diff, control_characters_in_names_are_escaped_in_every_output)
{
  char *o1 = sub("n1"), *o2 = sub("n2"), *md = tu_path(dir, "n.md"), *js = tu_path(dir, "n.json");
  const char *names[] = {"ci\n::error file=README.md::forged.wav", "\x1b]0;pwned\x07.wav",
                         "bad\xff\xfe.wav"};
  for (int i = 0; i < 3; i++) {
    write_noise(o1, names[i], 1, 8000, 1, 50 + (uint64_t)i);
    write_noise(o2, names[i], 1, 8000, i == 0 ? 0.5 : 1, 50 + (uint64_t)i);
  }
  char *out = NULL, *err = NULL;
  const char *d[] = {"diff", o1, o2, "--markdown", md, "--json", js, NULL};
  cr_assert_eq(run_within(d, 60, &out, &err), 1, "%s%s", out, err);
  cr_assert(!strchr(out, '\x1b') && !strchr(out, '\x07') && !strstr(out, "\n::") && utf8_valid(out),
            "%s", out);
  cr_assert(strstr(out, "rescaled           ci\\n::error file=README.md::forged.wav: lag 0 "), "%s",
            out);
  cr_assert(strstr(out, "identical          \\x1b]0;pwned\\x07.wav\n"), "%s", out);
  cr_assert(strstr(out, "identical          bad\\xff\\xfe.wav\n"), "%s", out);
  cr_assert(strstr(out, "FAILED unchanged: ci\\n::error file=README.md::forged.wav: expected "
                        "unchanged"),
            "%s", out);
  char *m = tu_slurp_must(md);
  cr_assert(!strchr(m, '\x1b') && !strchr(m, '\x07') && utf8_valid(m), "%s", m);
  cr_assert(strstr(m, "| ci\\\\n::error file=README.md::forged.wav | rescaled "), "%s", m);
  cr_assert(strstr(m, "| bad\\\\xff\\\\xfe.wav | identical |"), "%s", m);
  free(m);
  sp_json *j = read_json(js);
  cr_assert_str_eq(sp_report_get_string(sp_report_get(print_of(j, names[0]), "verdict")),
                   "rescaled");
  sp_report_free(j);
  free(out), free(err), free(o1), free(o2), free(md), free(js);
}

/* --confine: each set's prints must resolve (links followed) inside its
 * own folder, or --confine-to's; one that does not is said before any is
 * read, exit 2. */
Test(diff, confine_keeps_each_sets_prints_inside_its_folder)
{
  char *o1 = sub("c1"), *o2 = sub("c2"), *away = sub("away");
  write_noise(away, "private.wav", 1, 8000, 1, 11);
  write_noise(o2, "mix.wav", 1, 8000, 1, 11);
  char *link = tu_path(o1, "mix.wav"), *target = tu_path(away, "private.wav");
  cr_assert_eq(symlink(target, link), 0);
  char *out = NULL, *err = NULL;
  const char *plain[] = {"diff", o1, o2, NULL};
  cr_assert_eq(run_within(plain, 60, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
  const char *d[] = {"diff", o1, o2, "--confine", NULL};
  cr_assert_eq(run_within(d, 60, &out, &err), 2, "%s%s", out, err);
  cr_assert(strstr(err, "c1/mix.wav' resolves to '") && strstr(err, "away/private.wav', outside "
                                                                    "the folders this diff may "
                                                                    "read (--confine: "),
            "%s", err);
  cr_assert_str_eq(out, "");
  free(out), free(err);
  /* --confine-to a folder holding both */
  const char *to[] = {"diff", o1, o2, "--confine-to", dir, NULL};
  cr_assert_eq(run_within(to, 60, &out, &err), 0, "%s%s", out, err);
  free(out), free(err);
  const char *to2[] = {"diff", o1, o2, "--confine-to", o1, "--confine-to", o2, NULL};
  cr_assert_eq(run_within(to2, 60, &out, &err), 2, "%s%s", out, err);
  free(out), free(err);
  free(o1), free(o2), free(away), free(link), free(target);
}

/* --confine with --rev: both renders confined as render --confine
 * confines (diff's own output folders allowed); --confine-to the
 * repository is the same folder of the revision's unpacked tree for the
 * old side; a head that reads outside is refused by its render. */
Test(diff, confine_with_rev_confines_both_renders)
{
  if (system("git --version >/dev/null 2>&1") != 0)
    cr_skip_test("git is not installed");
  char *repo = sub("cr"), *shared = sub("cr/shared"), *songdir = sub("cr/song");
  write_noise(shared, "a.wav", 1, RATE, 1, 61);
  write_noise(shared, "b.wav", 1, RATE, 1, 62);
  write_noise(dir, "private.wav", 1, RATE, 1, 63);
  const char fmt[] = "stemprint: 1\nsample_rate: 48000\ntracks:\n"
                     "  a: {file: ../shared/a.wav, gain: %s}\n  b: {file: %s}\n"
                     "stems: {sa: [a], sb: [b]}\noutput: {depth: 32f, dither: none}\n";
  char text[1024];
  snprintf(text, sizeof text, fmt, "0 dB", "../shared/b.wav");
  free(tu_write_text(songdir, "song.yaml", text));
  git(repo, "init -q .");
  git(repo, "add . && git -c user.email=t@t -c user.name=t commit -qm base");
  snprintf(text, sizeof text, fmt, "-3 dB", "../shared/b.wav");
  free(tu_write_text(songdir, "song.yaml", text));
  git(repo, "commit -qam quieter");
  char *song = tu_path(songdir, "song.yaml"), *out = NULL, *err = NULL;
  const char *to[] = {"diff",   song, "--rev", "HEAD~1", "--confine-to", repo, "--expect-changed",
                      "sa,mix", NULL};
  cr_assert_eq(run_within(to, 120, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(out, "rescaled           sa.wav") && strstr(out, "identical          sb.wav"),
            "%s", out);
  free(out), free(err);
  /* --confine: the song's folder alone, which ../shared is outside of */
  const char *own[] = {"diff", song, "--rev", "HEAD~1", "--confine", NULL};
  cr_assert_neq(run_within(own, 120, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(err, "tracks.a.file: the file '") && strstr(err, "shared/a.wav' resolves to") &&
                strstr(err, "outside the folders this render may use"),
            "%s", err);
  free(out), free(err);
  /* the head reads a file outside the repository */
  char *priv = tu_path(dir, "private.wav");
  snprintf(text, sizeof text, fmt, "-3 dB", priv);
  free(tu_write_text(songdir, "song.yaml", text));
  cr_assert_neq(run_within(to, 120, &out, &err), 0, "%s%s", out, err);
  cr_assert(strstr(err, "tracks.b.file: the file '") && strstr(err, "outside the folders this "
                                                                    "render may use"),
            "%s", err);
  cr_assert(strstr(err, "song.yaml: did not render"), "%s", err);
  free(out), free(err);
  free(priv), free(song), free(repo), free(shared), free(songdir);
}

/* An audio file given as a side is a set of that one print: two files are
 * compared whatever their names (the old one's name names the print), the
 * same file is identical, and a file against a folder pairs by name. Before,
 * a .wav given was read as a recipe: "a control character (0x1a): a recipe
 * is text; remove it", and "did not render (exit 2); diff compares
 * nothing". */
Test(diff, an_audio_file_is_a_set_of_its_one_print)
{
  char *o = sub("o"), *n = sub("n");
  write_noise(o, "mix.wav", 2, 48000, 1.0, 7);
  write_noise(n, "mix.wav", 2, 48000, 1.0, 7);
  write_noise(n, "take2.wav", 2, 48000, 0.5, 7);
  char *om = tu_path(o, "mix.wav"), *nm = tu_path(n, "mix.wav"), *t2 = tu_path(n, "take2.wav");
  char *json = tu_path(dir, "d.json"), *out = NULL, *err = NULL;
  const char *two[] = {"diff", om, t2, "--json", json, NULL};
  cr_assert_eq(tu_run(two, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "1 of 1 print differs"), "%s", out);
  cr_expect(strstr(out, "rescaled"), "%s", out); /* half the gain: -6.0 dB */
  sp_json *j = read_json(json);
  const sp_json *p = print_of(j, "mix.wav");
  cr_expect_str_eq(sp_report_get_string(sp_report_get(p, "new_name")), "take2.wav");
  sp_report_free(j);
  free(out), free(err), out = err = NULL;
  const char *same[] = {"diff", om, nm, NULL};
  cr_assert_eq(tu_run(same, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "0 of 1 print differ"), "%s", out);
  free(out), free(err), out = err = NULL;
  /* a file against a folder: paired by name, take2.wav in the new alone */
  const char *mixed[] = {"diff", om, n, NULL};
  cr_assert_eq(tu_run(mixed, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "identical") && strstr(out, "take2.wav"), "%s", out);
  free(out), free(err), out = err = NULL;
  /* a file that is not there */
  char *gone = tu_path(dir, "gone.wav");
  const char *missing[] = {"diff", gone, om, NULL};
  cr_assert_neq(tu_run(missing, &out, &err), 0);
  cr_expect(strstr(err, "gone.wav: No such file or directory"), "%s", err);
  free(out), free(err), free(gone);
  free(om), free(nm), free(t2), free(json), free(o), free(n);
}

/* A Broadcast WAV named .bwf (as a field recorder or a broadcaster names
 * it) is an audio file, given as a side or listed in a folder without a
 * record: diff's extensions are the audio kinds' of the one table of
 * kinds (io/fs/kind.h). Before, diff's own list had no .bwf, nor .aifc,
 * .mp4, .oga or libsndfile's .au, .snd, .sph, .voc, .avr, .paf: the file
 * given was read as a recipe ("did not render (exit 2)"), and a folder of
 * them had "no prints there". */
Test(diff, a_file_of_every_audio_kinds_extension_is_a_print)
{
  char *o = sub("o"), *n = sub("n");
  write_noise(o, "take.bwf", 2, 48000, 1.0, 7);
  write_noise(n, "take.bwf", 2, 48000, 1.0, 7);
  char *ob = tu_path(o, "take.bwf"), *nb = tu_path(n, "take.bwf"), *out = NULL, *err = NULL;
  const char *files[] = {"diff", ob, nb, NULL};
  cr_assert_eq(tu_run(files, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "0 of 1 print differ"), "%s", out);
  free(out), free(err), out = err = NULL;
  const char *folders[] = {"diff", o, n, NULL};
  cr_assert_eq(tu_run(folders, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "0 of 1 print differ") && strstr(out, "take.bwf"), "%s", out);
  free(out), free(err);
  free(ob), free(nb), free(o), free(n);
  const char *names[] = {"a.wav", "a.BWF", "a.aifc", "a.mp4", "a.oga", "a.au",  "a.snd",
                         "a.sph", "a.voc", "a.avr",  "a.paf", "a.m4a", "a.rf64"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    cr_expect(sp_diff_audio_name(names[i]), "%s", names[i]);
  /* every format stemprint prints, by its files' extension */
  for (int f = 0; f < SP_FORMATS; f++) {
    char *name = sp_xasprintf("mix.%s", sp_format_suffix((sp_format)f));
    cr_expect(sp_diff_audio_name(name), "%s", name);
    free(name);
  }
  const char *not_audio[] = {"a.json", "a.yaml", "a.mid", "a.sf2", "a.zip", "a", "a.", "wav"};
  for (size_t i = 0; i < sizeof not_audio / sizeof *not_audio; i++)
    cr_expect_not(sp_diff_audio_name(not_audio[i]), "%s", not_audio[i]);
}
