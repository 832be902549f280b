/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check every file of output.also passes before a render delivers it
 * (core/measure/setcheck.h), fed known faults: a set's channels swapped,
 * one lost, one inverted, one a codec delay late, one filled where its
 * master is silent, a sample off by more than its dither, a file shorter
 * than its master; and what must pass: TPDF dither's 1.5 LSB, a clipped
 * sample at the top code, a lossy copy's noise and low-pass, any block
 * size. The render's side (a broken set fails the render, nothing lands)
 * is in tests/test_render.c. */

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/measure/setcheck.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, N = 2 * RATE, C = 6 };

static uint64_t rng = 1;
static double uniform(void)
{
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

/* A 5.1 programme of six different signals (the LFE a 50 Hz sine), and a
 * copy to damage. */
static float *ref[C], *dec[C];

static void setup(void)
{
  rng = 3;
  for (int c = 0; c < C; c++) {
    ref[c] = sp_xcalloc(N, sizeof(float));
    dec[c] = sp_xcalloc(N, sizeof(float));
    for (int i = 0; i < N; i++) {
      const double t = (double)i / RATE;
      ref[c][i] = c == 3 ? (float)(0.3 * sin(2 * M_PI * 50 * t))
                         : (float)(0.2 * sin(2 * M_PI * (150.0 + 110.0 * c) * t) +
                                   0.05 * uniform());
    }
    memcpy(dec[c], ref[c], N * sizeof(float));
  }
}

static void teardown(void)
{
  for (int c = 0; c < C; c++) {
    free(ref[c]);
    free(dec[c]);
  }
}

TestSuite(setcheck, .init = setup, .fini = teardown);

/* The verdict on ref and dec under b, fed in blocks of block frames;
 * why gets the reason. */
static sp_err verdict(const sp_setcheck_bounds *b, size_t block, int64_t dec_frames, char *why,
                      size_t why_size)
{
  sp_setcheck *s = sp_setcheck_new(sp_layout_find("5.1"), RATE, b);
  for (size_t at = 0; at < N; at += block) {
    const size_t n = N - at < block ? N - at : block;
    const float *r[C], *d[C];
    for (int c = 0; c < C; c++) {
      r[c] = ref[c] + at;
      d[c] = dec[c] + at;
    }
    sp_setcheck_add(s, r, d, n);
  }
  why[0] = '\0';
  sp_err err = sp_setcheck_result(s, C, N, C, dec_frames, why, why_size);
  sp_setcheck_free(s);
  return err;
}

static void lossy(int kbps, sp_setcheck_bounds *b) { sp_setcheck_lossy_bounds(kbps, C, b); }

Test(setcheck, a_copy_passes_bit_for_bit_and_one_sample_off_fails)
{
  sp_setcheck_bounds b;
  sp_setcheck_lossless_bounds(32, false, true, &b);
  char why[512];
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_OK, "%s", why);
  dec[4][12345] = nextafterf(dec[4][12345], 2.0f);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel Ls differs from its master's by up to ") &&
                strstr(why, "first at frame 12345 (0.257 s)"),
            "%s", why);
}

Test(setcheck, dither_passes_within_one_and_a_half_lsb_and_fails_beyond)
{
  const double lsb = 0x1p-15;
  sp_setcheck_bounds b;
  sp_setcheck_lossless_bounds(16, true, false, &b);
  for (int c = 0; c < C; c++)
    for (int i = 0; i < N; i++) /* quantized as TPDF may: within 1.5 LSB */
      dec[c][i] = (float)(lsb * floor((double)ref[c][i] / lsb + 0.5 + 0.99 * uniform()));
  char why[512];
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_OK, "%s", why);
  /* the reference beyond full scale: the file holds the top code */
  ref[1][100] = 1.3f;
  dec[1][100] = (float)(1.0 - lsb);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_OK, "%s", why);
  dec[2][200] = (float)(ref[2][200] + 1.6 * lsb);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel C differs from its master's by up to 1.6 LSB, first at frame 200 "
                        "(0.004 s); its 16-bit quantization allows 1.5"),
            "%s", why);
  /* without dither: half an LSB */
  sp_setcheck_lossless_bounds(16, false, false, &b);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "allows 0.5"), "%s", why);
}

Test(setcheck, a_lossy_copy_passes_and_its_figures_do_not_depend_on_the_blocks)
{
  /* what a codec does that is no fault: noise 30 dB down, the top octaves
   * gone (a one-pole low-pass at 6 kHz), 0.45 dB low (LAME) */
  const double a = exp(-2 * M_PI * 6000.0 / RATE), g = pow(10, -0.45 / 20);
  for (int c = 0; c < C; c++) {
    double y = 0;
    for (int i = 0; i < N; i++) {
      y = (1 - a) * ref[c][i] + a * y;
      dec[c][i] = (float)(g * y + 0.006 * uniform());
    }
  }
  for (int kbps = 36; kbps <= 160; kbps += 124) {
    sp_setcheck_bounds b;
    lossy(kbps, &b);
    double figs[2][3];
    size_t blocks[2] = {4096, 777};
    for (int k = 0; k < 2; k++) {
      sp_setcheck *s = sp_setcheck_new(sp_layout_find("5.1"), RATE, &b);
      for (size_t at = 0; at < N; at += blocks[k]) {
        const size_t n = N - at < blocks[k] ? N - at : blocks[k];
        const float *r[C], *d[C];
        for (int c = 0; c < C; c++) {
          r[c] = ref[c] + at;
          d[c] = dec[c] + at;
        }
        sp_setcheck_add(s, r, d, n);
      }
      char why[512];
      cr_assert_eq(sp_setcheck_result(s, C, N, C, N + 3, why, sizeof why), SP_OK, "%d kbps: %s",
                   kbps, why);
      sp_setcheck_worst(s, &figs[k][0], &figs[k][1], &figs[k][2]);
      sp_setcheck_free(s);
    }
    /* the low-pass takes 0.06 dB more at 700 Hz */
    cr_expect(fabs(figs[0][0] + 0.5) < 0.05, "level %.3f dB", figs[0][0]);
    cr_expect(figs[0][1] > 0.99, "correlation %.4f", figs[0][1]);
    cr_expect(fabs(figs[0][0] - figs[1][0]) < 1e-9 && fabs(figs[0][1] - figs[1][1]) < 1e-9,
              "blocks of 4096 and 777: %.12f, %.12f against %.12f, %.12f", figs[0][0], figs[0][1],
              figs[1][0], figs[1][1]);
  }
}

Test(setcheck, swapped_channels_fail_at_every_bitrate)
{
  /* the Opus 5.1 of issue 42: C written where R goes */
  memcpy(dec[1], ref[2], N * sizeof(float));
  memcpy(dec[2], ref[1], N * sizeof(float));
  for (int kbps = 36; kbps <= 512; kbps *= 2) {
    sp_setcheck_bounds b;
    lossy(kbps, &b);
    char why[512];
    cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER, "%d kbps", kbps);
    cr_expect(strstr(why, "channel R correlates with its master's by ") &&
                  strstr(why, "below 1000 Hz") && strstr(why, "; and 1 more channel"),
              "%d kbps: %s", kbps, why);
  }
}

Test(setcheck, a_channel_coded_as_an_lfe_or_lost_fails_on_its_level)
{
  /* Rs through a low-pass at 200 Hz (Opus's LFE stream keeps less than
   * 400 Hz): its 700 Hz tone and the noise above are gone */
  const double a = exp(-2 * M_PI * 200.0 / RATE);
  double y = 0;
  for (int i = 0; i < N; i++) {
    y = (1 - a) * ref[5][i] + a * y;
    dec[5][i] = (float)y;
  }
  sp_setcheck_bounds b;
  lossy(36, &b); /* the loosest bounds */
  char why[512];
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel Rs is ") && strstr(why, " dB under its master's below 1000 Hz") &&
                strstr(why, "within 10 dB"),
            "%s", why);
  memset(dec[5], 0, N * sizeof(float));
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel Rs is "), "%s", why);
}

Test(setcheck, an_inverted_or_late_channel_fails_on_its_correlation)
{
  for (int i = 0; i < N; i++)
    dec[0][i] = -ref[0][i];
  sp_setcheck_bounds b;
  lossy(36, &b);
  char why[512];
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel L correlates with its master's by -1.00"), "%s", why);
  /* an MP3 without LAME's tag: 1105 samples late, longer by as much */
  for (int c = 0; c < C; c++) {
    memset(dec[c], 0, N * sizeof(float));
    memcpy(dec[c] + 1105, ref[c], (N - 1105) * sizeof(float));
  }
  cr_assert_eq(verdict(&b, 4096, N + 1105, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "it decodes to 97105 frames, and its master to 96000 at 48000 Hz"), "%s",
            why);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "correlates with its master's by "), "%s", why);
}

Test(setcheck, a_silent_channel_filled_fails_above_24_kbps_a_channel)
{
  memset(ref[4], 0, N * sizeof(float));
  for (int i = 0; i < N; i++)
    dec[4][i] = (float)(0.01 * uniform());
  sp_setcheck_bounds b;
  lossy(160, &b);
  char why[512];
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel Ls holds ") &&
                strstr(why, "dBFS below 1000 Hz where its master holds nothing (at 26 kbps a "
                            "channel, at most -60 dBFS)"),
            "%s", why);
  /* below 24 kbps a channel a codec folds stereo to mono: not a fault */
  lossy(36, &b);
  cr_assert_eq(verdict(&b, 4096, N, why, sizeof why), SP_OK, "%s", why);
}

/* A channel whose band holds 60 dB and more under its own level (a
 * shaker's 9 kHz at -6 dBFS over a 200 Hz hum at -80: a hi-hat's faint low
 * end) holds next to nothing there, and a codec may drop it: the set
 * passes with it gone, as one whose master holds nothing there does; with
 * it filled to -50 dBFS it fails. Before, a 48 kbps Opus set of such a
 * stem failed the render as a bug, exit 4 (review 21 F7). A band at 50 dB
 * under its channel is still held to its level. */
Test(setcheck, a_band_far_under_its_channel_may_be_dropped)
{
  for (int i = 0; i < N; i++) {
    const double t = (double)i / RATE;
    ref[0][i] = (float)(0.5 * sin(2 * M_PI * 9000 * t) + 1e-4 * sin(2 * M_PI * 200 * t));
    dec[0][i] = (float)(0.5 * sin(2 * M_PI * 9000 * t));
  }
  sp_setcheck_bounds b;
  lossy(160, &b);
  char why[512];
  cr_expect_eq(verdict(&b, 4096, N, why, sizeof why), SP_OK, "%s", why);
  for (int i = 0; i < N; i++)
    dec[0][i] += (float)(0.005 * sin(2 * M_PI * 300 * (double)i / RATE));
  cr_expect_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel L holds -49.0 dBFS below 1000 Hz where its master holds next to "
                        "nothing"),
            "%s", why);
  for (int i = 0; i < N; i++) { /* the hum 50 dB under: held to its level */
    const double t = (double)i / RATE;
    ref[0][i] = (float)(0.5 * sin(2 * M_PI * 9000 * t) + 0.0016 * sin(2 * M_PI * 200 * t));
    dec[0][i] = (float)(0.5 * sin(2 * M_PI * 9000 * t));
  }
  cr_expect_eq(verdict(&b, 4096, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "channel L is "), "%s", why);
}

Test(setcheck, channels_and_length_are_the_masters)
{
  sp_setcheck_bounds b;
  sp_setcheck_lossless_bounds(24, true, false, &b);
  sp_setcheck *s = sp_setcheck_new(sp_layout_find("5.1"), RATE, &b);
  char why[256];
  cr_assert_eq(sp_setcheck_result(s, 6, N, 2, N, why, sizeof why), SP_ERR_RENDER);
  cr_expect_str_eq(why, "it decodes to 2 channels, and its master's set has 6");
  cr_assert_eq(sp_setcheck_result(s, 6, N, 6, N - 1, why, sizeof why), SP_ERR_RENDER);
  cr_expect_str_eq(why, "it decodes to 95999 frames, and its master to 96000 at 48000 Hz");
  sp_setcheck_free(s);
}
