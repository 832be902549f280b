/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files measured as `stemprint loudness` measures them (core/measure/loudness.h),
 * on generated tones with known answers: a 997 Hz sine at -23 dBFS in both
 * channels is -23.0 LUFS (EBU Tech 3341, case 1), in one channel 3 dB
 * less; files measured as one album give the loudness of their energies'
 * mean (every block passes the gates), with a mono file's only channel on
 * the album's left. Files that cannot be one album are named, not
 * printed. */

#include "core/base/alloc.h"
#include "core/measure/loudness.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sndfile.h>
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

TestSuite(loudness, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* A 997 Hz sine at level_dbfs (peak) in every channel, 24-bit. */
static char *tone(const char *name, int channels, int rate, double level_dbfs, double seconds)
{
  const size_t n = (size_t)(rate * seconds), C = (size_t)channels;
  const double amp = pow(10, level_dbfs / 20);
  float *x = sp_xcalloc(n * C, sizeof *x);
  for (size_t i = 0; i < n; i++)
    for (size_t c = 0; c < C; c++)
      x[i * C + c] = (float)(amp * sin(2 * M_PI * 997.0 * (double)i / rate));
  char *path = tu_write_wav(dir, name, channels, rate, 24, x, (int64_t)n);
  free(x);
  return path;
}

/* The loudness of two programmes of equal length played one after the
 * other: their mean energy. */
static double mean_lufs(double a, double b)
{
  return 10 * log10((pow(10, a / 10) + pow(10, b / 10)) / 2);
}

Test(loudness, stereo_sine_at_minus_23_dBFS_is_minus_23_LUFS)
{
  char *path = tone("tone.wav", 2, RATE, -23, 10);
  sp_loudness_file f = {.path = path};
  char why[512];
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_OK, "%s",
               why);
  cr_assert_eq(f.info.channels, 2);
  cr_assert_eq(f.info.sample_rate, RATE);
  cr_assert_eq(f.info.frames, 10 * RATE);
  cr_assert_str_eq(f.info.format, "wav");
  cr_assert_float_eq(f.l.integrated_lufs, -23.0, 0.1);
  cr_assert_float_eq(f.l.momentary_max_lufs, -23.0, 0.1);
  cr_assert_float_eq(f.l.shortterm_max_lufs, -23.0, 0.1);
  cr_assert_lt(f.l.range_lu, 0.1);
  cr_assert_float_eq(f.l.sample_peak_dbfs, -23.0, 0.01);
  cr_assert_float_eq(f.l.true_peak_dbtp, -23.0, 0.1);
  cr_assert_eq(f.l.clipped, 0);
  cr_assert_eq(f.l.frames, 10 * RATE);
  sp_loudness_file_fini(&f);
  cr_assert_null(f.meter);
  free(path);
}

Test(loudness, mono_sine_is_3_dB_below_stereo_and_keeps_its_series)
{
  char *path = tone("mono.wav", 1, RATE, -23, 10);
  sp_loudness_file f = {.path = path};
  char why[512];
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, true, NULL, why, sizeof why), SP_OK, "%s",
               why);
  cr_assert_float_eq(f.l.integrated_lufs, -26.0, 0.1);
  const double *t, *m, *s;
  size_t n = sp_meter_series(f.meter, &t, &m, &s);
  cr_assert_gt(n, 90, "a point every 100 ms: %zu", n);
  cr_assert_float_eq(t[n - 1], 10.0, 0.1);
  cr_assert_float_eq(s[n - 1], -26.0, 0.1);
  sp_loudness_file_fini(&f);
  free(path);
}

Test(loudness, album_is_one_programme_with_its_own_meter)
{
  char *a = tone("a.wav", 2, RATE, -23, 5), *b = tone("b.wav", 2, RATE, -13, 5);
  sp_loudness_file fs[2] = {{.path = a}, {.path = b}};
  sp_loudness_album al = {0};
  sp_loudness_mismatch mm;
  char why[512];
  cr_assert_eq(sp_loudness_album_open(sp_audio_media(), fs, 2, true, &al, why, sizeof why, &mm),
               SP_OK, "%s", why);
  cr_assert_eq(al.channels, 2);
  cr_assert_eq(al.sample_rate, RATE);
  for (int i = 0; i < 2; i++)
    cr_assert_eq(sp_loudness_measure(sp_audio_media(), &fs[i], false, &al, why, sizeof why), SP_OK,
                 "%s", why);
  sp_loudness_album_result(&al);
  cr_assert_float_eq(fs[0].l.integrated_lufs, -23.0, 0.1);
  cr_assert_float_eq(fs[1].l.integrated_lufs, -13.0, 0.1);
  cr_assert_float_eq(al.l.integrated_lufs, mean_lufs(-23, -13), 0.1, "album %.2f LUFS",
                     al.l.integrated_lufs);
  cr_assert_eq(al.l.frames, 10 * RATE);
  cr_assert_float_eq(al.l.sample_peak_dbfs, -13.0, 0.01);
  const double *t, *m, *s;
  size_t n = sp_meter_series(al.meter, &t, &m, &s);
  cr_assert_float_eq(t[n - 1], 10.0, 0.1, "the album's series spans both files");
  sp_loudness_album_fini(&al);
  for (int i = 0; i < 2; i++)
    sp_loudness_file_fini(&fs[i]);
  free(a);
  free(b);
}

/* A mono file plays on both sides of a stereo album, as a mono song on
 * every channel of an album recipe's master: a sine at -23 dBFS, -26 LUFS
 * counted once as its file, is -23 as played, as the stereo file of the
 * same sine (before: on the left alone, -26 in the album). */
Test(loudness, mono_file_in_a_stereo_album_plays_on_both_sides)
{
  char *a = tone("m.wav", 1, RATE, -23, 5), *b = tone("s.wav", 2, RATE, -23, 5);
  sp_loudness_file fs[2] = {{.path = a}, {.path = b}};
  sp_loudness_album al = {0};
  sp_loudness_mismatch mm;
  char why[512];
  cr_assert_eq(sp_loudness_album_open(sp_audio_media(), fs, 2, false, &al, why, sizeof why, &mm),
               SP_OK);
  cr_assert_eq(al.channels, 2, "the widest file's");
  for (int i = 0; i < 2; i++)
    cr_assert_eq(sp_loudness_measure(sp_audio_media(), &fs[i], false, &al, why, sizeof why), SP_OK,
                 "%s", why);
  sp_loudness_album_result(&al);
  cr_assert_float_eq(fs[0].l.integrated_lufs, -26.0, 0.1, "the file's own, counted once");
  cr_assert_float_eq(al.l.integrated_lufs, -23.0, 0.05, "album %.2f LUFS", al.l.integrated_lufs);
  sp_loudness_album_fini(&al);
  for (int i = 0; i < 2; i++)
    sp_loudness_file_fini(&fs[i]);
  free(a);
  free(b);
}

Test(loudness, files_that_cannot_be_one_album_are_named)
{
  char *r44 = tone("r44.wav", 2, 44100, -23, 1), *r48 = tone("r48.wav", 2, RATE, -23, 1);
  char *c3 = tone("c3.wav", 3, RATE, -23, 1), *c4 = tone("c4.wav", 4, RATE, -23, 1);
  char why[512];
  sp_loudness_mismatch mm = {0};
  sp_loudness_album al = {0};
  sp_loudness_file rates[2] = {{.path = r48}, {.path = r44}};
  cr_assert_eq(sp_loudness_album_open(sp_audio_media(), rates, 2, false, &al, why, sizeof why, &mm),
               SP_ERR_USAGE);
  cr_assert(mm.rates);
  cr_assert_eq(mm.a, 1);
  cr_assert_eq(mm.b, 0);
  cr_assert_eq(rates[1].info.sample_rate, 44100, "each file's format is read");
  cr_assert_null(al.meter);
  /* L R C does not line up with L R Ls Rs: the widest file is named. */
  sp_loudness_file layouts[3] = {{.path = c4}, {.path = r48}, {.path = c3}};
  cr_assert_eq(
      sp_loudness_album_open(sp_audio_media(), layouts, 3, false, &al, why, sizeof why, &mm),
      SP_ERR_USAGE);
  cr_assert_not(mm.rates);
  cr_assert_eq(mm.a, 2);
  cr_assert_eq(mm.b, 0);
  cr_assert_null(al.meter);
  free(r44);
  free(r48);
  free(c3);
  free(c4);
}

Test(loudness, unreadable_and_unmeasurable_files_say_why)
{
  char *missing = tu_path(dir, "missing.wav");
  char why[512];
  sp_loudness_file f = {.path = missing};
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_ERR_IO);
  char *want = sp_xasprintf("cannot read '%s': ", missing);
  cr_assert(strncmp(why, want, strlen(want)) == 0, "%s", why);
  free(want);
  cr_assert_null(f.meter);
  char *nine = tone("nine.wav", 9, RATE, -23, 0.1);
  sp_loudness_file g = {.path = nine};
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &g, false, NULL, why, sizeof why), SP_ERR_IO);
  cr_assert_not_null(strstr(why, "has 9 channels, a count no layout stemprint measures has"),
                     "%s", why);
  sp_loudness_album al = {0};
  sp_loudness_mismatch mm;
  sp_loudness_file both[2] = {{.path = nine}, {.path = missing}};
  cr_assert_eq(sp_loudness_album_open(sp_audio_media(), both, 2, false, &al, why, sizeof why, &mm),
               SP_ERR_IO);
  cr_assert_not_null(strstr(why, "has 9 channels"), "the first file that fails: %s", why);
  free(nine);
  free(missing);
}

/* A file's channel mask decides its layout, not its count: 8 channels are
 * 7.1 by count (its 7th channel a side surround, weight 1.41), but 5.1.2
 * when the mask says so (its 7th a top front, weight 1): a -20 dBFS sine
 * there alone reads -21.5 LUFS in the one, -23.0 in the other. A mask
 * with back surrounds (0x3F) is 5.1. */
static char *masked(const char *name, int channels, const int *map, int sounding)
{
  char *path = tu_path(dir, name);
  SF_INFO si = {.samplerate = RATE, .channels = channels,
                .format = SF_FORMAT_WAVEX | SF_FORMAT_PCM_24};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  if (map)
    cr_assert_eq(sf_command(f, SFC_SET_CHANNEL_MAP_INFO, (void *)map,
                            (int)((size_t)channels * sizeof *map)),
                 SF_TRUE);
  const size_t n = 3 * RATE;
  float *x = sp_xcalloc(n * (size_t)channels, sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i * (size_t)channels + (size_t)sounding] =
        (float)(0.1 * sin(2 * M_PI * 997.0 * (double)i / RATE));
  sf_writef_float(f, x, (sf_count_t)n);
  sf_close(f);
  free(x);
  return path;
}

Test(loudness, a_files_channel_mask_decides_its_layout)
{
  static const int s512[] = {SF_CHANNEL_MAP_LEFT,         SF_CHANNEL_MAP_RIGHT,
                             SF_CHANNEL_MAP_CENTER,       SF_CHANNEL_MAP_LFE,
                             SF_CHANNEL_MAP_SIDE_LEFT,    SF_CHANNEL_MAP_SIDE_RIGHT,
                             SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT};
  static const int back51[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,
                               SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE,
                               SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
  static const struct {
    const char *name;
    int channels;
    const int *map;
    int sounding;
    double lufs;
  } cases[] = {{"count71.wav", 8, NULL, 6, -21.5},
               {"mask512.wav", 8, s512, 6, -23.0},
               {"back51.wav", 6, back51, 4, -21.5},
               {"back51lfe.wav", 6, back51, 3, NAN}};
  char why[512];
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *path = masked(cases[k].name, cases[k].channels, cases[k].map, cases[k].sounding);
    sp_loudness_file f = {.path = path};
    cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_OK,
                 "%s", why);
    if (isnan(cases[k].lufs))
      cr_expect(isnan(f.l.integrated_lufs), "%s: the LFE alone reads %.2f", cases[k].name,
                f.l.integrated_lufs);
    else
      cr_expect(fabs(f.l.integrated_lufs - cases[k].lufs) < 0.05, "%s: %.2f LUFS, want %.1f",
                cases[k].name, f.l.integrated_lufs, cases[k].lufs);
    sp_loudness_file_fini(&f);
    free(path);
  }
}

/* An album is measured in its files' layouts too: a 6.0 file (L R C Cs Ls
 * Rs, mask 0x707) with a -20 dBFS sine in Cs reads -23.0 LUFS alone and as
 * an album (read as 5.1 by its count, Cs would be the LFE, and silent). A
 * 7.1 file and a 5.1.2 one do not line up (the 7th channel weighs 1.41 in
 * the one, 1 in the other). */
Test(loudness, an_album_is_measured_in_its_files_layouts)
{
  static const int s60[] = {SF_CHANNEL_MAP_LEFT,        SF_CHANNEL_MAP_RIGHT,
                            SF_CHANNEL_MAP_CENTER,      SF_CHANNEL_MAP_REAR_CENTER,
                            SF_CHANNEL_MAP_SIDE_LEFT,   SF_CHANNEL_MAP_SIDE_RIGHT};
  static const int s512[] = {SF_CHANNEL_MAP_LEFT,         SF_CHANNEL_MAP_RIGHT,
                             SF_CHANNEL_MAP_CENTER,       SF_CHANNEL_MAP_LFE,
                             SF_CHANNEL_MAP_SIDE_LEFT,    SF_CHANNEL_MAP_SIDE_RIGHT,
                             SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT};
  char *p60 = masked("cs60.wav", 6, s60, 3);
  char why[512];
  sp_loudness_file fs[2] = {{.path = p60}};
  sp_loudness_album al = {0};
  sp_loudness_mismatch mm;
  cr_assert_eq(sp_loudness_album_open(sp_audio_media(), fs, 1, false, &al, why, sizeof why, &mm),
               SP_OK, "%s", why);
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &fs[0], false, &al, why, sizeof why), SP_OK,
               "%s", why);
  sp_loudness_album_result(&al);
  cr_expect(fabs(fs[0].l.integrated_lufs - -23.0) < 0.05, "the file: %.2f LUFS",
            fs[0].l.integrated_lufs);
  cr_expect(fabs(al.l.integrated_lufs - -23.0) < 0.05, "the album: %.2f LUFS",
            al.l.integrated_lufs);
  sp_loudness_file_fini(&fs[0]);
  sp_loudness_album_fini(&al);
  char *p71 = masked("c71.wav", 8, NULL, 6), *p512 = masked("c512.wav", 8, s512, 6);
  sp_loudness_file two[2] = {{.path = p71}, {.path = p512}};
  sp_loudness_album al2 = {0};
  cr_expect_eq(sp_loudness_album_open(sp_audio_media(), two, 2, false, &al2, why, sizeof why, &mm),
               SP_ERR_USAGE);
  cr_expect_eq(mm.rates, false);
  sp_loudness_album_fini(&al2);
  free(p60);
  free(p71);
  free(p512);
}

/* A surround file is measured channel by channel too, each channel as a
 * mono programme (weight 1): a -20 dBFS sine in Ls alone is -23.0 LUFS
 * there while the file reads -21.5 (Ls weighs 1.41); in the LFE alone the
 * file has no loudness (BS.1770 leaves the LFE out) but the LFE's own
 * reading is -23.0. Silent channels read nothing; a stereo file has no
 * per-channel figures. */
Test(loudness, a_surround_file_gives_each_channels_figures)
{
  static const int back51[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,
                               SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE,
                               SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
  char why[512];
  for (int sounding = 3; sounding <= 4; sounding++) {
    char *path = masked(sounding == 3 ? "lfe.wav" : "ls.wav", 6, back51, sounding);
    sp_loudness_file f = {.path = path};
    cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_OK,
                 "%s", why);
    cr_assert_str_eq(f.layout->name, "5.1");
    cr_assert_eq(f.n_channels, 6);
    for (int c = 0; c < 6; c++) {
      const sp_channel_figures *g = &f.by_channel[c];
      if (c == sounding) {
        cr_expect(fabs(g->integrated_lufs - -23.0) < 0.05, "%s: %.2f LUFS",
                  f.layout->ch[c].name, g->integrated_lufs);
        cr_expect(fabs(g->sample_peak_dbfs - -20.0) < 0.01, "%.2f dBFS", g->sample_peak_dbfs);
        cr_expect(g->true_peak_dbtp >= g->sample_peak_dbfs - 1e-9 &&
                      g->true_peak_dbtp < -19.9,
                  "%.2f dBTP", g->true_peak_dbtp);
      } else {
        cr_expect(isnan(g->integrated_lufs), "%s is silent", f.layout->ch[c].name);
        cr_expect(isinf(g->sample_peak_dbfs) && g->sample_peak_dbfs < 0);
      }
    }
    if (sounding == 3)
      cr_expect(isnan(f.l.integrated_lufs), "the LFE is not programme loudness");
    else
      cr_expect(fabs(f.l.integrated_lufs - -21.5) < 0.05, "%.2f", f.l.integrated_lufs);
    sp_loudness_file_fini(&f);
    free(path);
  }
  char *st = tone("st.wav", 2, RATE, -20, 3);
  sp_loudness_file f = {.path = st};
  cr_assert_eq(sp_loudness_measure(sp_audio_media(), &f, false, NULL, why, sizeof why), SP_OK);
  cr_expect_eq(f.n_channels, 0);
  cr_expect_str_eq(f.layout->name, "stereo");
  sp_loudness_file_fini(&f);
  free(st);
}
