/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test on files, with known faults: three stems of different
 * material and their exact mix (32-bit float files), then one fault at a
 * time — a stem 37 samples late, all stems late, a stem missing, a stem
 * inverted, a 0.5 dB gain error, dither-level noise at 16 bit, a short
 * stem, mismatched files — each must be measured with the right numbers
 * and named in words. Also the streaming cross-correlator against a direct
 * sum, and the CLI's JSON object and exit codes. */

#include "core/base/alloc.h"
#include "core/dsp/quantize.h"
#include "core/dsp/xcorr.h"
#include "core/measure/nulltest.h"
#include "io/report/null_words.h"
#include "io/report/report.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, N = 3 * RATE, S = 3 };

static char *dir;
static float stem[S][2 * N]; /* interleaved stereo */
static float mix[2 * N];

static uint64_t rng = 1;
static double uniform(void)
{
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(rng >> 11) / 9007199254740992.0 * 2 - 1;
}

static void setup(void)
{
  dir = tu_tmpdir();
  rng = 7;
  /* drums: decaying noise bursts; bass: a low sine; keys: two tones, wide */
  for (int i = 0; i < N; i++) {
    double env = exp(-(double)(i % 12000) / 1500.0);
    double d = 0.4 * env * uniform();
    double b = 0.3 * sin(2 * M_PI * 55.0 * i / RATE);
    double k1 = 0.15 * sin(2 * M_PI * 440.0 * i / RATE),
           k2 = 0.15 * sin(2 * M_PI * 660.0 * i / RATE);
    stem[0][2 * i] = (float)d, stem[0][2 * i + 1] = (float)(0.8 * d);
    stem[1][2 * i] = stem[1][2 * i + 1] = (float)b;
    stem[2][2 * i] = (float)(k1 + 0.3 * k2), stem[2][2 * i + 1] = (float)(0.3 * k1 + k2);
  }
  for (int i = 0; i < 2 * N; i++)
    mix[i] = stem[0][i] + stem[1][i] + stem[2][i];
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(nulltest, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(xcorr, .timeout = TU_TIMEOUT(30));

static char *write(const char *name, const float *x, int bits)
{
  return tu_write_wav(dir, name, 2, RATE, bits, x, N);
}

/* Null-test the files named, told what known says of them (NULL: nothing);
 * threshold NAN = auto. */
static void run_known(const char *mixname, const char *const *stems, size_t n, double threshold,
                      const sp_null_known *known, sp_null_result *res)
{
  char **paths = sp_xcalloc(n, sizeof *paths);
  for (size_t i = 0; i < n; i++)
    paths[i] = tu_path(dir, stems[i]);
  char *m = tu_path(dir, mixname);
  sp_null_opts o = {.threshold_dbfs = threshold, .max_lag_s = 1.0, .threads = 2, .known = known};
  char why[512] = "";
  sp_err err =
      sp_null_files(sp_audio_media(), m, (const char *const *)paths, n, &o, res, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  sp_null_say(res);
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
  free(m);
}

static void run(const char *mixname, const char *const *stems, size_t n, double threshold,
                sp_null_result *res)
{
  run_known(mixname, stems, n, threshold, NULL, res);
}

static bool finding(const sp_null_result *r, const char *words)
{
  for (size_t i = 0; i < r->n_findings; i++)
    if (strstr(r->findings[i], words))
      return true;
  return false;
}

static void print_findings(const sp_null_result *r)
{
  for (size_t i = 0; i < r->n_findings; i++)
    fprintf(stderr, "finding: %s\n", r->findings[i]);
}

Test(nulltest, exact_stems_null_bit_for_bit)
{
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(write("c.wav", stem[2], 32));
  /* float sums may round: rebuild the mix as the files' own float sum */
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, NAN, &r);
  cr_assert(r.passed);
  cr_assert_leq(r.residual_peak_dbfs, -140.0);
  cr_assert_eq(r.lag_frames, 0);
  cr_assert_float_eq(r.gain_db, 0.0, 1e-4);
  cr_assert_eq(r.frames, N);
  cr_assert_eq(r.channels, 2);
  sp_null_result_fini(&r);
}

Test(nulltest, one_stem_37_samples_late_is_named_with_its_lag)
{
  static float late[2 * N];
  memset(late, 0, sizeof late);
  memcpy(late + 2 * 37, stem[1], (size_t)(2 * (N - 37)) * sizeof(float));
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", late, 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, -120, &r);
  print_findings(&r);
  cr_assert_not(r.passed);
  cr_assert(r.searched);
  cr_assert_eq(r.stems[1].lag_frames, 37);
  cr_assert_float_eq(r.stems[1].gain_db, 0.0, 0.01);
  cr_assert_not(r.stems[1].inverted);
  cr_assert_eq(r.stems[0].lag_frames, 0);
  cr_assert(finding(&r, "stem 'b.wav' is 37 samples late against the mix"));
  /* With b's lag put right, only the 37 frames cut at the end remain. */
  cr_assert_lt(r.stems[1].fixed_dbfs, r.residual_rms_dbfs - 20);
  sp_null_result_fini(&r);
}

/* A stem between two samples (a resampler's or a plugin's fractional
 * delay: the keys' tones drawn 0.5 and 10.5 samples late): named with its
 * fraction, not "unrelated to any stem's timing" nor "10 samples late" and
 * a gain of the half sample left (review 28 F1, F2). */
Test(nulltest, a_stem_between_two_samples_is_named_with_its_fraction)
{
  static float late[2 * N];
  const double lags[] = {0.5, 10.5};
  const char *const said[] = {"stem 'c.wav' is 0.50 samples late against the mix (0.010 ms): "
                              "between two samples",
                              "stem 'c.wav' is 10.50 samples late against the mix (0.219 ms): "
                              "between two samples"};
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < N; i++) {
      const double t = (i - lags[k]) / RATE;
      const double k1 = 0.15 * sin(2 * M_PI * 440.0 * t), k2 = 0.15 * sin(2 * M_PI * 660.0 * t);
      late[2 * i] = (float)(k1 + 0.3 * k2), late[2 * i + 1] = (float)(0.3 * k1 + k2);
    }
    free(write("mix.wav", mix, 32));
    free(write("a.wav", stem[0], 32));
    free(write("b.wav", stem[1], 32));
    free(write("c.wav", late, 32));
    sp_null_result r;
    const char *st[] = {"a.wav", "b.wav", "c.wav"};
    run("mix.wav", st, 3, -120, &r);
    print_findings(&r);
    cr_expect_not(r.passed);
    cr_expect(finding(&r, said[k]), "%s", said[k]);
    cr_expect_not(finding(&r, "quieter than the mix implies"));
    cr_expect_not(finding(&r, "unrelated to the mix"));
    sp_null_result_fini(&r);
  }
}

/* The engine finds kinds and numbers; io/report/null_words.c says them:
 * the late stem is a LAG finding of file 2 (stem b) by 37 frames, in the
 * result with the name a render would call it by, and its words come
 * from that alone. A result that has its words (a cache entry's) keeps
 * them. */
Test(nulltest, findings_are_kinds_and_numbers_said_in_io)
{
  static float late[2 * N];
  memset(late, 0, sizeof late);
  memcpy(late + 2 * 37, stem[1], (size_t)(2 * (N - 37)) * sizeof(float));
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", late, 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  const sp_null_known known[] = {{"the mix", NAN}, {"a", NAN}, {"bee.wav", NAN}, {"c", NAN}};
  run_known("mix.wav", st, 3, -120, known, &r);
  cr_assert_geq(r.n_found, 1);
  cr_expect_eq(r.found[0].kind, SP_NULL_FOUND_LAG);
  cr_expect_eq(r.found[0].file, 2);
  cr_expect_eq(r.found[0].frames, 37);
  cr_expect_str_eq(r.names[2], "bee.wav");
  cr_assert_eq(r.n_findings, r.n_found, "sp_null_say said every finding");
  char buf[512];
  sp_null_finding_text(&r, 0, buf);
  cr_expect_str_eq(buf, "stem 'bee.wav' is 37 samples late against the mix (0.771 ms)");
  cr_expect_str_eq(r.findings[0], buf);
  r.names[2][0] = 'B'; /* said once: the words stay */
  sp_null_say(&r);
  cr_expect_str_eq(r.findings[0], buf);
  sp_null_result_fini(&r);
}

Test(nulltest, all_stems_late_gives_the_global_lag)
{
  static float late[S][2 * N];
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  for (int s = 0; s < S; s++) {
    memset(late[s], 0, sizeof late[s]);
    memcpy(late[s] + 2 * 37, stem[s], (size_t)(2 * (N - 37)) * sizeof(float));
    free(write(st[s], late[s], 32));
  }
  free(write("mix.wav", mix, 32));
  sp_null_result r;
  run("mix.wav", st, 3, -120, &r);
  print_findings(&r);
  cr_assert_eq(r.lag_frames, 37);
  cr_assert_float_eq(r.gain_db, 0.0, 0.01);
  cr_assert(finding(&r, "the stems are 37 samples late against the mix"));
  sp_null_result_fini(&r);
}

Test(nulltest, a_missing_stem_leaves_its_own_level_and_correlates_with_the_mix)
{
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav"}; /* c left out */
  run("mix.wav", st, 2, -120, &r);
  print_findings(&r);
  double sq = 0;
  for (int i = 0; i < 2 * N; i++)
    sq += (double)stem[2][i] * stem[2][i];
  double c_rms = 10 * log10(sq / (2.0 * N));
  cr_assert_float_eq(r.residual_rms_dbfs, c_rms, 0.01, "residual %.3f, stem c %.3f",
                     r.residual_rms_dbfs, c_rms);
  cr_assert_lt(r.mix_correlation, -0.2);
  cr_assert(finding(&r, "a stem or a source is missing"));
  /* Its tones live in the 500 Hz octave. */
  cr_assert_eq(r.worst[0].band_hz, 500.0);
  sp_null_result_fini(&r);
}

Test(nulltest, a_polarity_flip_is_named)
{
  static float inv[2 * N];
  for (int i = 0; i < 2 * N; i++)
    inv[i] = -stem[2][i];
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(write("c.wav", inv, 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, -120, &r);
  print_findings(&r);
  cr_assert(r.stems[2].inverted);
  cr_assert_eq(r.stems[2].lag_frames, 0);
  cr_assert_float_eq(r.stems[2].gain_db, 0.0, 0.01);
  cr_assert(finding(&r, "stem 'c.wav' is inverted"));
  sp_null_result_fini(&r);
}

/* Several faults at once (one stem inverted, another 480 samples late, a
 * third 3 dB quiet): each stem's own fit is bent by the others' faults, so
 * the stems are put right by what their fits show and fitted again, then
 * their gains fitted together. The findings name each fault, no "missing
 * stem"; the per-stem lines hold the true lags, polarities and gains. */
Test(nulltest, two_and_three_faults_at_once_are_each_named)
{
  static float inv[2 * N], late[2 * N], quiet[2 * N];
  memset(late, 0, sizeof late);
  memcpy(late + 2 * 480, stem[2], (size_t)(2 * (N - 480)) * sizeof(float));
  for (int i = 0; i < 2 * N; i++) {
    inv[i] = -stem[0][i];
    quiet[i] = stem[1][i] * (float)pow(10, -3 / 20.0);
  }
  free(write("mix.wav", mix, 32));
  free(write("inv.wav", inv, 32));
  free(write("b.wav", stem[1], 32));
  free(write("late.wav", late, 32));
  free(write("quiet.wav", quiet, 32));
  sp_null_result r;
  const char *two[] = {"inv.wav", "b.wav", "late.wav"};
  run("mix.wav", two, 3, -120, &r);
  print_findings(&r);
  cr_assert_not(r.passed);
  cr_expect(r.stems[0].inverted && r.stems[0].lag_frames == 0);
  cr_expect_float_eq(r.stems[0].gain_db, 0.0, 0.01);
  cr_expect(!r.stems[1].inverted && r.stems[1].lag_frames == 0);
  cr_expect_float_eq(r.stems[1].gain_db, 0.0, 0.01);
  cr_expect(!r.stems[2].inverted && r.stems[2].lag_frames == 480);
  cr_expect_float_eq(r.stems[2].gain_db, 0.0, 0.01);
  cr_expect_eq(r.n_findings, 2);
  cr_expect(finding(&r, "stem 'inv.wav' is inverted (polarity flipped) against the mix"));
  cr_expect(finding(&r, "stem 'late.wav' is 480 samples late against the mix (10.000 ms)"));
  cr_expect_not(finding(&r, "missing"));
  sp_null_result_fini(&r);
  const char *three[] = {"inv.wav", "quiet.wav", "late.wav"};
  run("mix.wav", three, 3, -120, &r);
  print_findings(&r);
  cr_expect_eq(r.n_findings, 3);
  cr_expect(finding(&r, "stem 'inv.wav' is inverted"));
  cr_expect(finding(&r, "stem 'quiet.wav' is 3.00 dB quieter than the mix implies"));
  cr_expect(finding(&r, "stem 'late.wav' is 480 samples late"));
  cr_expect_float_eq(r.stems[1].gain_db, -3.0, 0.01);
  sp_null_result_fini(&r);
  /* inverted, and a stem left out: the one named, the other said of what
   * remains */
  const char *missing[] = {"inv.wav", "b.wav"};
  run("mix.wav", missing, 2, -120, &r);
  print_findings(&r);
  cr_expect(finding(&r, "stem 'inv.wav' is inverted"));
  cr_expect(finding(&r, "a stem or a source is missing (with those put right, what remains"));
  sp_null_result_fini(&r);
}

Test(nulltest, a_half_db_gain_error_is_measured_within_a_hundredth)
{
  static float hot[S][2 * N];
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  double g = pow(10, 0.5 / 20);
  for (int s = 0; s < S; s++) {
    for (int i = 0; i < 2 * N; i++)
      hot[s][i] = (float)(stem[s][i] * g);
    free(write(st[s], hot[s], 32));
  }
  free(write("mix.wav", mix, 32));
  sp_null_result r;
  run("mix.wav", st, 3, -120, &r);
  print_findings(&r);
  cr_assert_float_eq(r.gain_db, 0.5, 0.01, "gain %.4f dB", r.gain_db);
  cr_assert_eq(r.lag_frames, 0);
  cr_assert(finding(&r, "the stems are 0.50 dB louder than the mix implies"));
  sp_null_result_fini(&r);
}

/* mix.wav and a.wav .. c.wav, each quantized to 16 bits on its own with
 * TPDF dither (seeds from seed on), as a 16-bit print. */
static void write_dithered_16(uint64_t seed)
{
  static float q[S + 1][2 * N];
  const float *src[S + 1] = {mix, stem[0], stem[1], stem[2]};
  const char *names[S + 1] = {"mix.wav", "a.wav", "b.wav", "c.wav"};
  for (int f = 0; f <= S; f++) {
    sp_quantizer qz;
    sp_quantizer_init(&qz, SP_DEPTH_16, true, seed + (uint64_t)f);
    static float l[N], rr[N];
    static int32_t out[2 * N];
    for (int i = 0; i < N; i++)
      l[i] = src[f][2 * i], rr[i] = src[f][2 * i + 1];
    const float *ch[2] = {l, rr};
    sp_quantize(&qz, ch, 2, N, out);
    for (int i = 0; i < 2 * N; i++)
      q[f][i] = (float)ldexp((double)(out[i] >> 16), -15);
    free(write(names[f], q[f], 16));
  }
}

Test(nulltest, dither_only_passes_at_the_16_bit_auto_threshold)
{
  write_dithered_16(1234);
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, NAN, &r);
  print_findings(&r);
  cr_assert(r.passed, "residual %.1f dBFS, threshold %.1f", r.residual_peak_dbfs, r.threshold_dbfs);
  cr_assert_gt(r.residual_peak_dbfs, -100.0); /* the dither is really there */
  cr_assert(finding(&r, "output quantization and dither only"));
  sp_null_result_fini(&r);
}

/* A stricter threshold than the depth allows fails, and says why: the
 * residual is still only quantization and dither, not a routing fault. */
Test(nulltest, dither_only_is_named_when_a_stricter_threshold_fails)
{
  write_dithered_16(99);
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, -110.0, &r);
  print_findings(&r);
  cr_assert(!r.passed);
  cr_assert(finding(&r, "output quantization and dither only"));
  cr_assert(!finding(&r, "unrelated to the mix"));
  sp_null_result_fini(&r);
}

/* Files requantized after the mix (as folds of fixed-point prints are):
 * each stem carries up to 3 LSB of rounding of its own, more than the
 * automatic threshold of 16-bit prints allows. The finding says it is
 * rounding added after the mix, not a fault, and how to accept it. */
Test(nulltest, rounding_added_after_the_mix_is_named_as_such)
{
  write_dithered_16(5);
  static float q[2 * N];
  const char *names[] = {"a.wav", "b.wav", "c.wav"};
  for (int f = 0; f < S; f++) {
    for (int i = 0; i < 2 * N; i++)
      q[i] = (float)ldexp(nearbyint(ldexp(stem[f][i], 15)) + nearbyint(3 * uniform()), -15);
    free(write(names[f], q, 16));
  }
  sp_null_result r;
  run("mix.wav", names, 3, NAN, &r);
  print_findings(&r);
  cr_assert(!r.passed, "residual %.1f dBFS, threshold %.1f", r.residual_peak_dbfs,
            r.threshold_dbfs);
  cr_expect(finding(&r, "a few times the rounding of these depths"));
  cr_expect(finding(&r, "--max-residual"));
  sp_null_result_fini(&r);
}

/* Eight loud float stems and their float mix: each file is rounded once,
 * so the residual can reach 2^-24 of |mix| + Σ|stem| — above -140 dBFS
 * here, which a fixed -140 threshold would fail. The auto threshold is
 * that bound, and it passes. */
Test(nulltest, float_auto_threshold_follows_the_levels)
{
  enum { K = 8 };
  static float st8[K][2 * N], m8[2 * N];
  rng = 3;
  for (int i = 0; i < 2 * N; i++) {
    double sum = 0;
    for (int k = 0; k < K; k++) {
      double v = 0.7 * uniform();
      st8[k][i] = (float)v;
      sum += v;
    }
    m8[i] = (float)sum;
  }
  const char *names[K] = {"s0.wav", "s1.wav", "s2.wav", "s3.wav",
                          "s4.wav", "s5.wav", "s6.wav", "s7.wav"};
  free(write("m8.wav", m8, 32));
  for (int k = 0; k < K; k++)
    free(write(names[k], st8[k], 32));
  sp_null_result r;
  run("m8.wav", names, K, NAN, &r);
  print_findings(&r);
  cr_assert_gt(r.residual_peak_dbfs, -140.0, "the case must round above -140 dBFS (%.1f)",
               r.residual_peak_dbfs);
  cr_assert(r.passed, "residual %.1f dBFS, threshold %.1f", r.residual_peak_dbfs, r.threshold_dbfs);
  cr_assert_lt(r.threshold_dbfs, -120.0);
  sp_null_result_fini(&r);
}

/* The stems at twice their level, 24-bit: none reaches full scale (drums
 * 0.8, bass 0.6, keys 0.39 at most), but their sum does, and the mix file
 * holds it clamped. Returns the mix's samples at full scale, counted as
 * the writer quantizes (round to nearest, clamp to the codes). */
static int64_t write_clipped_24(const float *late_a)
{
  static float st2[S][2 * N], m2[2 * N];
  int64_t full = 0;
  for (int i = 0; i < 2 * N; i++) {
    double sum = 0;
    for (int k = 0; k < S; k++) {
      st2[k][i] = 2 * stem[k][i];
      sum += st2[k][i];
    }
    m2[i] = (float)sum;
    double code = floor(sum * 8388608.0 + 0.5);
    full += code >= 8388607.0 || code <= -8388608.0;
  }
  free(write("mix.wav", m2, 24));
  free(write("a.wav", late_a ? late_a : st2[0], 24));
  free(write("b.wav", st2[1], 24));
  free(write("c.wav", st2[2], 24));
  return full;
}

/* Clipped files lead the diagnosis. The clamped mix is less than the sum
 * of the stems, which correlates the residual with the mix: without the
 * clipping said first, that reads as "a stem holds extra signal". Away
 * from the clipped samples the stems null within the 24-bit bound: the
 * clipping is the whole failure, and nothing else is guessed at. */
Test(nulltest, clipped_files_lead_the_diagnosis)
{
  int64_t full = write_clipped_24(NULL);
  cr_assert_gt(full, 1000, "the case must clip (%lld samples)", (long long)full);
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, NAN, &r);
  print_findings(&r);
  cr_assert_not(r.passed);
  cr_assert(r.clipped);
  cr_assert_eq(r.mix_clipped, full);
  for (int k = 0; k < S; k++)
    cr_assert_eq(r.stems[k].clipped, 0);
  cr_assert_gt(r.residual_peak_dbfs, -20.0);
  cr_assert_leq(r.residual_unclipped_peak_dbfs, r.threshold_dbfs);
  cr_assert_geq(r.n_findings, 2);
  char want[160];
  snprintf(want, sizeof want, "clipping: the mix 'mix.wav' has %lld samples at full scale; ",
           (long long)full);
  cr_assert_eq(strncmp(r.findings[0], want, strlen(want)), 0, "%s", r.findings[0]);
  cr_assert(strstr(r.findings[1], "away from the clipped samples the residual peaks at"), "%s",
            r.findings[1]);
  cr_assert(strstr(r.findings[1], "the clipping is the whole failure"), "%s", r.findings[1]);
  cr_assert_not(finding(&r, "extra signal"));
  cr_assert_not(finding(&r, "louder than the mix implies"));
  sp_null_result_fini(&r);

  /* The same files, with the names and levels a render knows: findings
   * call the files by them and say where the samples would have gone. */
  sp_null_known known[4] = {{"song.wav", 5.1}, {NULL, NAN}, {NULL, NAN}, {NULL, NAN}};
  run_known("mix.wav", st, 3, NAN, known, &r);
  snprintf(want, sizeof want,
           "clipping: the mix 'song.wav' has %lld samples at full scale (it would reach +5.1 "
           "dBFS); ",
           (long long)full);
  cr_assert_eq(strncmp(r.findings[0], want, strlen(want)), 0, "%s", r.findings[0]);
  sp_null_result_fini(&r);
}

/* Clipping leads, but does not hide another fault: with stem a (the
 * drums) also 37 samples late, the residual away from the clipped samples
 * is far above the threshold, which says so, and the late stem is still
 * named. */
Test(nulltest, clipping_and_a_late_stem_are_both_named)
{
  static float late[2 * N];
  memset(late, 0, sizeof late);
  for (int i = 2 * 37; i < 2 * N; i++)
    late[i] = 2 * stem[0][i - 2 * 37];
  write_clipped_24(late);
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, NAN, &r);
  print_findings(&r);
  cr_assert(r.clipped && !r.passed);
  cr_assert(strncmp(r.findings[0], "clipping: the mix 'mix.wav' has ", 32) == 0, "%s",
            r.findings[0]);
  cr_assert(strstr(r.findings[1], "still peaks at"), "%s", r.findings[1]);
  cr_assert(strstr(r.findings[1], "something besides the clipping differs"), "%s", r.findings[1]);
  cr_assert(finding(&r, "stem 'a.wav' is 37 samples late"));
  sp_null_result_fini(&r);
}

/* A float file holds any level: the same loud sum in 32-bit float files is
 * no clipping, and nulls. */
Test(nulltest, float_files_over_full_scale_do_not_clip)
{
  static float st2[S][2 * N], m2[2 * N];
  for (int i = 0; i < 2 * N; i++) {
    m2[i] = 0;
    for (int k = 0; k < S; k++) {
      st2[k][i] = 2 * stem[k][i];
      m2[i] += st2[k][i];
    }
  }
  free(write("mix.wav", m2, 32));
  free(write("a.wav", st2[0], 32));
  free(write("b.wav", st2[1], 32));
  free(write("c.wav", st2[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, NAN, &r);
  cr_assert(r.passed, "residual %.1f dBFS", r.residual_peak_dbfs);
  cr_assert_not(r.clipped);
  cr_assert_eq(r.mix_clipped, 0);
  cr_assert_eq(r.residual_unclipped_peak_dbfs, r.residual_peak_dbfs);
  cr_assert_not(finding(&r, "clipping"));
  sp_null_result_fini(&r);
}

Test(nulltest, a_short_stem_is_reported_and_counts_as_silence)
{
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(tu_write_wav(dir, "c.wav", 2, RATE, 32, stem[2], N - 4800));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, -120, &r);
  print_findings(&r);
  cr_assert_eq(r.frames, N);
  cr_assert_eq(r.stems[2].frames, N - 4800);
  cr_assert(finding(&r, "stem 'c.wav' is 4800 frames (0.100 s) shorter than the mix"));
  /* The residual lives in the last 0.1 s. */
  cr_assert_geq(r.worst[0].t_s, (double)(N - 4800 - 8192) / RATE);
  sp_null_result_fini(&r);
}

Test(nulltest, a_residual_is_found_where_it_lives)
{
  static float b2[2 * N];
  memcpy(b2, stem[1], sizeof b2);
  for (int i = 2 * RATE; i < 2 * RATE + 2400; i++) /* 50 ms of 2 kHz at 2.0 s */
    b2[2 * i] += (float)(0.01 * sin(2 * M_PI * 2000.0 * i / RATE));
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("b.wav", b2, 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 3, -120, &r);
  cr_assert_geq(r.n_worst, 1);
  cr_assert(fabs(r.worst[0].t_s - 2.0) < 0.2, "worst at %.3f s", r.worst[0].t_s);
  cr_assert_eq(r.worst[0].band_hz, 2000.0);
  cr_assert_float_eq(r.residual_peak_dbfs, -40.0, 0.05);
  sp_null_result_fini(&r);
}

Test(nulltest, mismatched_rate_or_channels_are_file_errors)
{
  char *m = write("mix.wav", mix, 32);
  char *a = tu_write_wav(dir, "a44.wav", 2, 44100, 32, stem[0], 44100);
  char *b = tu_write_wav(dir, "mono.wav", 1, RATE, 32, stem[0], N);
  sp_null_opts o = {.threshold_dbfs = NAN, .max_lag_s = 1.0};
  sp_null_result r;
  char why[512];
  const char *one[] = {a};
  cr_assert_eq(sp_null_files(sp_audio_media(), m, one, 1, &o, &r, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "44100 Hz"), "%s", why);
  sp_null_result_fini(&r);
  const char *two[] = {b};
  cr_assert_eq(sp_null_files(sp_audio_media(), m, two, 1, &o, &r, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "1 channel"), "%s", why);
  sp_null_result_fini(&r);
  /* and through the CLI: exit 3 */
  char *err = NULL;
  const char *args[] = {"null", m, a, NULL};
  cr_assert_eq(tu_run(args, NULL, &err), 3);
  cr_assert(strstr(err, "stemprint: error: "), "%s", err);
  free(err);
  free(m);
  free(a);
  free(b);
}

Test(nulltest, cli_json_has_the_contract_keys_and_exit_codes)
{
  char *m = write("mix.wav", mix, 32);
  char *a = write("a.wav", stem[0], 32);
  char *b = write("b.wav", stem[1], 32);
  char *c = write("c.wav", stem[2], 32);
  char *out = NULL;
  const char *args[] = {"null", m, a, b, c, "--json", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  const char *keys[] = {"\"passed\": true",
                        "\"max_residual_dbfs\"",
                        "\"residual_peak_dbfs\"",
                        "\"residual_rms_dbfs\"",
                        "\"lag_samples\": 0",
                        "\"gain_db\"",
                        "\"worst\"",
                        "\"clipped\": false",
                        "\"mix_clipped_samples\": 0",
                        "\"residual_unclipped_peak_dbfs\"",
                        "\"clipped_samples\": 0"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    cr_assert(strstr(out, keys[k]), "no %s in\n%s", keys[k], out);
  free(out);
  /* A missing stem: exit 1, and a threshold given on the command line. */
  const char *args2[] = {"null", m, a, b, "--max-residual", "-90 dBFS", "--json", NULL};
  cr_assert_eq(tu_run(args2, &out, NULL), 1);
  cr_assert(strstr(out, "\"passed\": false"), "%s", out);
  cr_assert(strstr(out, "\"max_residual_dbfs\": -90"), "%s", out);
  cr_assert(strstr(out, "\"t_s\""), "%s", out);
  free(out);
  const char *args3[] = {"null", m, "--max-residual", "loud", NULL};
  cr_assert_eq(tu_run(args3, NULL, NULL), 2);
  free(m);
  free(a);
  free(b);
  free(c);
}

Test(xcorr, matches_the_direct_sum_at_every_lag_and_finds_the_shift)
{
  enum { LEN = 30000, L = 700, SHIFT = 123 };
  static float a[LEN], b[LEN];
  rng = 3;
  for (int i = 0; i < LEN; i++)
    a[i] = (float)uniform();
  for (int i = 0; i < LEN; i++)
    b[i] = (float)(i >= SHIFT ? -0.5 * a[i - SHIFT] : 0) + 0.01f * (float)uniform();
  sp_xcorr *x = sp_xcorr_new(L, 0);
  /* odd pushes, so blocks straddle the internal FFT blocks */
  for (int t = 0; t < LEN;) {
    int n = t % 3 == 0 ? 1 : 977;
    n = n < LEN - t ? n : LEN - t;
    sp_xcorr_push(x, a + t, b + t, (size_t)n);
    t += n;
  }
  sp_xcorr_finish(x);
  sp_xcorr_result r;
  sp_xcorr_result_get(x, &r);
  sp_xcorr_free(x);
  double direct = 0, ea = 0;
  for (int t = 0; t + SHIFT < LEN; t++)
    direct += (double)a[t] * b[t + SHIFT];
  for (int t = 0; t < LEN; t++)
    ea += (double)a[t] * a[t];
  cr_assert_eq(r.lag, SHIFT);
  cr_assert_float_eq(r.r_best, direct, 1e-4 * fabs(direct));
  cr_assert_float_eq(r.r_best / r.energy_a, -0.5, 0.01);
  cr_assert_float_eq(r.energy_a, ea, 1e-9 * ea);
}

/* A signal of a few hundred frames said to the correlator: one small
 * block (2048 points here, not 4096), and the same answer as the direct
 * sum at every lag of the range, which reaches past either end. */
Test(xcorr, a_short_signal_in_one_small_block_matches_the_direct_sum)
{
  enum { LEN = 300, L = LEN - 1, SHIFT = -17 };
  static float a[LEN], b[LEN];
  rng = 5;
  for (int i = 0; i < LEN; i++)
    a[i] = (float)uniform();
  for (int i = 0; i < LEN; i++)
    b[i] = (float)(i - SHIFT < LEN ? 0.7 * a[i - SHIFT] : 0) + 0.01f * (float)uniform();
  sp_xcorr_result hinted, unhinted;
  for (int k = 0; k < 2; k++) {
    sp_xcorr *x = sp_xcorr_new(L, k ? 0 : LEN);
    sp_xcorr_push(x, a, b, 100);
    sp_xcorr_push(x, a + 100, b + 100, LEN - 100);
    sp_xcorr_finish(x);
    sp_xcorr_result_get(x, k ? &unhinted : &hinted);
    sp_xcorr_free(x);
  }
  double direct = 0;
  for (int t = -SHIFT; t < LEN; t++)
    direct += (double)a[t] * b[t + SHIFT];
  cr_assert_eq(hinted.lag, SHIFT);
  cr_assert_eq(unhinted.lag, SHIFT);
  cr_assert_float_eq(hinted.r_best, direct, 1e-5 * fabs(direct));
  cr_assert_float_eq(hinted.r_best, unhinted.r_best, 1e-5 * fabs(direct));
  cr_assert_eq(hinted.r_zero, unhinted.r_zero);
}

Test(xcorr, lags_at_the_edges_of_the_range)
{
  enum { LEN = 20000, L = 300 };
  static float a[LEN], b[LEN];
  for (int sign = -1; sign <= 1; sign += 2) {
    rng = 11;
    for (int i = 0; i < LEN; i++)
      a[i] = (float)uniform();
    for (int i = 0; i < LEN; i++) {
      int j = i - sign * L;
      b[i] = j >= 0 && j < LEN ? a[j] : 0;
    }
    sp_xcorr *x = sp_xcorr_new(L, 0);
    sp_xcorr_push(x, a, b, LEN);
    sp_xcorr_finish(x);
    sp_xcorr_result r;
    sp_xcorr_result_get(x, &r);
    sp_xcorr_free(x);
    cr_assert_eq(r.lag, sign * L);
  }
}

/* The figures do not depend on the threads: `null -j N` reads the files N
 * spans at a time and measures them on threads of their own, and prints
 * the same bytes for every N: for 24-bit stems that null (the fits settled
 * by their sums, no search) and for stems off in two ways at once (every
 * stem searched, then refitted). */
Test(nulltest, cli_the_same_figures_at_any_jobs)
{
  static float late[2 * N], inv[2 * N];
  for (int i = 0; i < N; i++)
    for (int c = 0; c < 2; c++) {
      late[2 * i + c] = i >= 480 ? stem[2][2 * (i - 480) + c] : 0.0f;
      inv[2 * i + c] = -stem[1][2 * i + c];
    }
  char *m = write("mix24.wav", mix, 24), *a = write("a24.wav", stem[0], 24),
       *b = write("b24.wav", stem[1], 24), *c = write("c24.wav", stem[2], 24);
  char *bi = write("inv.wav", inv, 32), *cl = write("late.wav", late, 32),
       *mf = write("mix.wav", mix, 32), *af = write("a.wav", stem[0], 32);
  const char *cases[2][4] = {{m, a, b, c}, {mf, af, bi, cl}};
  const char *jobs[] = {"-j1", "-j", "--jobs=3", "-j7"}, *jobs_value[] = {NULL, "2", NULL, NULL};
  for (int k = 0; k < 2; k++) {
    char *first = NULL;
    for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
      const char *args[10] = {"null",   cases[k][0], cases[k][1],   cases[k][2], cases[k][3],
                              "--json", jobs[j],     jobs_value[j], NULL};
      char *out = NULL;
      cr_assert_eq(tu_run(args, &out, NULL), k == 0 ? 0 : 1, "%s %s: %s", jobs[j],
                   jobs_value[j] ? jobs_value[j] : "", out);
      if (!first)
        first = out;
      else {
        cr_assert_str_eq(out, first, "%s gives other figures than -j1", jobs[j]);
        free(out);
      }
    }
    cr_assert(strstr(first, k == 0 ? "\"lag_searched\": true" : "is inverted"), "%s", first);
    free(first);
  }
  char *all[] = {m, a, b, c, bi, cl, mf, af};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free(all[i]);
}

/* A fit its sums settle (sp_xcorr_zero_is_best) is the search's, bit for
 * bit: a correlator without a range gives the same energies and R(0), and
 * the search over ±L finds lag 0 with R(0) as its value. Signals that
 * null (noise, and a steady 1 kHz sine, periodic every 48 frames, with
 * rounding-level differences), one that is the other inverted, a constant
 * (every lag nearly as good as 0), and one silent; a delayed copy is not
 * settled. */
Test(xcorr, a_fit_the_sums_settle_is_the_searchs)
{
  enum { LEN = 60000, L = 1000 };
  static float a[LEN], b[LEN];
  for (int kind = 0; kind < 6; kind++) {
    rng = 5 + (uint64_t)kind;
    for (int i = 0; i < LEN; i++) {
      const double u = uniform(), tiny = 1e-7 * uniform();
      switch (kind) {
      case 0: a[i] = (float)(0.5 * u), b[i] = (float)(0.5 * u + tiny); break;
      case 1: a[i] = (float)(0.5 * sin(2 * M_PI * i / 48.0)), b[i] = a[i] + (float)tiny; break;
      case 2: a[i] = (float)(0.3 * u), b[i] = -a[i]; break;
      case 3: a[i] = b[i] = 0.25f; break;
      case 4: a[i] = 0, b[i] = (float)u; break;
      default: a[i] = (float)u, b[i] = i >= 5 ? a[i - 5] : 0; break;
      }
    }
    sp_xcorr *sums = sp_xcorr_new(0, 0), *search = sp_xcorr_new(L, 0);
    for (int t = 0; t < LEN; t += 4096) {
      const size_t n = LEN - t < 4096 ? (size_t)(LEN - t) : 4096;
      sp_xcorr_push(sums, a + t, b + t, n);
      sp_xcorr_push(search, a + t, b + t, n);
    }
    sp_xcorr_finish(sums);
    sp_xcorr_finish(search);
    sp_xcorr_result s, r;
    sp_xcorr_result_get(sums, &s);
    sp_xcorr_result_get(search, &r);
    sp_xcorr_free(sums);
    sp_xcorr_free(search);
    cr_assert(s.lag == 0 && s.r_best == s.r_zero, "kind %d: a correlator without a range", kind);
    cr_assert(s.energy_a == r.energy_a && s.energy_b == r.energy_b && s.r_zero == r.r_zero,
              "kind %d: the sums differ", kind);
    if (kind == 5) {
      cr_assert(!sp_xcorr_zero_is_best(&s), "a delayed copy is settled");
      cr_assert_eq(r.lag, 5);
      continue;
    }
    cr_assert(sp_xcorr_zero_is_best(&s), "kind %d: not settled", kind);
    cr_assert(r.lag == 0 && r.r_best == s.r_best, "kind %d: the search says lag %lld, R %.17g",
              kind, (long long)r.lag, r.r_best);
  }
}

/* A stem given beside a copy of itself (another name, the same samples):
 * what the mix leaves for each copy (the mix minus the other stems) is
 * next to nothing, so each copy's lag and gain were fitted to rounding
 * (the demo's drums "23571 samples early", "71.37 dB louder"). Said as
 * what it is: the stem is extra signal, the others sum to the mix
 * without it; no lag, no gain, its fit left unmeasured. What the mix
 * leaves for each other stem holds that stem too, so their fits mean
 * nothing either: none is measured, and `null` says so of each (they were
 * shown, b.wav "gain -14.0 dB" where it is right). */
Test(nulltest, a_stem_beside_its_copy_is_extra_signal_not_a_lag_or_a_gain)
{
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("a_copy.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "a_copy.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 4, NAN, &r);
  print_findings(&r);
  cr_assert_not(r.passed);
  cr_assert(finding(&r, "stem 'a.wav' is extra signal, the other stems sum to the mix without it"));
  cr_assert(finding(&r, "stem 'a_copy.wav' is extra signal"));
  cr_assert_not(finding(&r, "early"));
  cr_assert_not(finding(&r, "late"));
  cr_assert_not(finding(&r, "louder"));
  cr_assert_not(r.stems[0].analysed);
  cr_assert_not(r.stems[1].analysed);
  cr_assert_not(r.stems[2].analysed);
  cr_assert_not(r.stems[3].analysed);
  sp_null_result_fini(&r);
  char *m = tu_path(dir, "mix.wav"), *p[4], *out = NULL, *err = NULL;
  for (int i = 0; i < 4; i++)
    p[i] = tu_path(dir, st[i]);
  const char *cli[] = {"null", m, p[0], p[1], p[2], p[3], NULL};
  cr_assert_eq(tu_run(cli, &out, &err), 1, "%s%s", out, err);
  static const char *const said[] = {"(the mix leaves nothing for it)",
                                     "(the mix leaves nothing for it)",
                                     "(a stem is extra signal, and what the mix leaves for this "
                                     "one holds it)",
                                     "(a stem is extra signal, and what the mix leaves for this "
                                     "one holds it)"};
  for (int i = 0; i < 4; i++) {
    char *line = sp_xasprintf("%s: no fit %s\n", p[i], said[i]);
    cr_expect(strstr(out, line), "expected '%s' in: %s", line, out);
    free(line);
  }
  cr_expect_not(strstr(out, ": lag "), "%s", out);
  free(out), free(err), free(m);
  for (int i = 0; i < 4; i++)
    free(p[i]);
  /* two copies of one sine and their mix: each copy's target is silence
   * exactly; not "the stems are 6.02 dB louder" */
  static float tone[2 * N];
  for (int i = 0; i < 2 * N; i++)
    tone[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (i / 2) / RATE));
  free(write("tone.wav", tone, 24));
  free(write("one.wav", tone, 24));
  free(write("two.wav", tone, 24));
  const char *st2[] = {"one.wav", "two.wav"};
  run("tone.wav", st2, 2, NAN, &r);
  print_findings(&r);
  cr_assert(finding(&r, "stem 'two.wav' is extra signal"));
  cr_assert(finding(&r, "(what the mix leaves for it: nothing at all)"));
  cr_assert_not(finding(&r, "louder"));
  cr_assert_not(finding(&r, "inverted"));
  sp_null_result_fini(&r);
}

/* The stems' sum beside a copy holds the mix and the copy: its fit
 * against the mix (a gain of +1.3 dB here, +6.02 dB for two copies of one
 * sine) would say a gain nulls it, as the stems' fits would; none is
 * measured either, and the text and the JSON say so. */
Test(nulltest, a_stem_beside_its_copy_leaves_the_stems_sum_no_fit_either)
{
  free(write("mix.wav", mix, 32));
  free(write("a.wav", stem[0], 32));
  free(write("a_copy.wav", stem[0], 32));
  free(write("b.wav", stem[1], 32));
  free(write("c.wav", stem[2], 32));
  sp_null_result r;
  const char *st[] = {"a.wav", "a_copy.wav", "b.wav", "c.wav"};
  run("mix.wav", st, 4, NAN, &r);
  cr_assert(r.searched);
  cr_assert(finding(&r, "stem 'a.wav' is extra signal"));
  cr_expect(isnan(r.gain_db), "the stems' sum fitted at %g dB", r.gain_db);
  cr_expect(isnan(r.fixed_dbfs), "%g", r.fixed_dbfs);
  cr_expect_eq(r.lag_frames, 0);
  cr_expect_not(r.inverted);
  sp_null_result_fini(&r);
  char *m = tu_path(dir, "mix.wav"), *p[4], *out = NULL, *err = NULL;
  for (int i = 0; i < 4; i++)
    p[i] = tu_path(dir, st[i]);
  const char *cli[] = {"null", m, p[0], p[1], p[2], p[3], NULL};
  cr_assert_eq(tu_run(cli, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "\n  fit        no fit (a stem is extra signal: no lag or gain of the "
                        "stems' sum makes it null)\n"),
            "%s", out);
  cr_expect_not(strstr(out, "fit        lag"), "%s", out);
  cr_expect_not(strstr(out, "residual with that lag and gain"), "%s", out);
  free(out), free(err);
  const char *json[] = {"null", m, p[0], p[1], p[2], p[3], "--json", NULL};
  cr_assert_eq(tu_run(json, &out, NULL), 1);
  cr_expect(strstr(out, "\"lag_samples\": 0,\n  \"gain_db\": null,"), "%s", out);
  free(out), free(m);
  for (int i = 0; i < 4; i++)
    free(p[i]);
  static float tone[2 * N];
  for (int i = 0; i < 2 * N; i++)
    tone[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (i / 2) / RATE));
  free(write("tone.wav", tone, 24));
  free(write("one.wav", tone, 24));
  free(write("two.wav", tone, 24));
  const char *st2[] = {"one.wav", "two.wav"};
  run("tone.wav", st2, 2, NAN, &r);
  cr_expect(isnan(r.gain_db), "the stems' sum fitted at %g dB", r.gain_db);
  sp_null_result_fini(&r);
}

/* One stem given twice (the same name, another spelling of it) would
 * count twice: refused before anything is read, exit 2, naming it and the
 * fix. */
Test(nulltest, cli_a_file_given_twice_is_refused_naming_it)
{
  char *m = write("mix.wav", mix, 32);
  char *a = write("a.wav", stem[0], 32);
  char *b = write("b.wav", stem[1], 32);
  char *l = tu_path(dir, "./a.wav"); /* another spelling of a's path */
  char *out = NULL, *err = NULL;
  const char *twice[] = {"null", m, a, b, a, NULL};
  cr_assert_eq(tu_run(twice, &out, &err), 2, "%s", err);
  cr_assert(strstr(err, "a.wav' is given twice, as stem 1 and as stem 3"), "%s", err);
  cr_assert(strstr(err, "give each stem once"), "%s", err);
  cr_assert_str_empty(out);
  free(out), free(err);
  const char *linked[] = {"null", m, a, b, l, NULL};
  cr_assert_eq(tu_run(linked, &out, &err), 2, "%s", err);
  cr_assert(strstr(err, "./a.wav' are one file"), "%s", err);
  free(out), free(err);
  free(l);
  free(m);
  free(a);
  free(b);
}

/* Eight 16-bit stems and their mix, each dithered on its own (TPDF, seeded
 * apart), the mix holding a 440 Hz tone at -76 dBFS peak that no stem
 * holds: its peak stays under what nine files' rounding may make (-67.7
 * dBFS), but its RMS does not (review 156 f3: -78.3 dBFS where the
 * rounding makes -86.8, measured by numpy on the review's files too).
 * Before: PASSED, "quantization and dither only". Without the tone the
 * same files pass, at the rounding's RMS. */
Test(nulltest, a_quiet_element_in_no_stem_fails_though_its_peak_is_under_the_bound)
{
  enum { K = 8 };
  static float src[K + 1][N], q[N];
  static int32_t out[N];
  uint64_t g = 11;
  for (int i = 0; i < N; i++) {
    src[0][i] = 0;
    for (int k = 1; k <= K; k++) { /* noise swelling at its own rate */
      g = g * 6364136223846793005ull + 1442695040888963407ull;
      const double w = ((double)(g >> 11) / 9007199254740992.0 - 0.5) * 0.06;
      const double s = sin(M_PI * 0.5 * k * i / RATE);
      src[k][i] = (float)(w * s * s);
      src[0][i] += src[k][i];
    }
  }
  for (int with = 1; with >= 0; with--) {
    char names[K + 1][16];
    for (int f = 0; f <= K; f++) {
      snprintf(names[f], sizeof names[f], f ? "s%d.wav" : "m.wav", f);
      sp_quantizer qz;
      sp_quantizer_init(&qz, SP_DEPTH_16, true, 700 + (uint64_t)f);
      for (int i = 0; i < N; i++)
        q[i] = src[f][i] + (f == 0 && with
                                ? (float)(pow(10, -76 / 20.0) * sin(2 * M_PI * 440.0 * i / RATE))
                                : 0.0f);
      const float *ch[1] = {q};
      sp_quantize(&qz, ch, 1, N, out);
      for (int i = 0; i < N; i++)
        q[i] = (float)ldexp((double)(out[i] >> 16), -15);
      free(tu_write_wav(dir, names[f], 1, RATE, 16, q, N));
    }
    const char *st[K];
    for (int k = 0; k < K; k++)
      st[k] = names[k + 1];
    sp_null_result r;
    run("m.wav", st, K, NAN, &r);
    print_findings(&r);
    cr_expect_float_eq(r.rounding_rms_dbfs, 20 * log10(1.5 * ldexp(1, -15)), 1e-9);
    cr_expect_lt(r.residual_peak_dbfs, r.threshold_dbfs);
    if (with) {
      cr_expect(!r.passed, "rms %.1f dBFS", r.residual_rms_dbfs);
      cr_expect_gt(r.residual_rms_dbfs, r.rounding_rms_dbfs + 6.0);
      cr_expect(finding(&r, "but its rms (") && finding(&r, "something quiet in the mix"));
      cr_expect(!finding(&r, "quantization and dither only"));
    } else {
      cr_expect(r.passed, "rms %.1f dBFS", r.residual_rms_dbfs);
      cr_expect_float_eq(r.residual_rms_dbfs, r.rounding_rms_dbfs, 0.3);
      cr_expect(finding(&r, "quantization and dither only"));
    }
    sp_null_result_fini(&r);
  }
}
