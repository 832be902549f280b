/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Multichannel mixing against known answers, printed as 32-bit float so
 * every sample is exact: a 5.1 master's files are six channels with 5.1's
 * channel mask; a mono track straight into C, placed by azimuth between L
 * and C (VBAP: -3 dB each), a stereo track onto L and R, an LFE feed at
 * its level and through its low-pass; a 5.1 bus folded into a stereo
 * master by BS.775 (Lo = L + 0.707 C + 0.707 Ls); a 5.1 file on a track
 * into a 5.1 master channel for channel; a position that moves is the
 * panner's at every control period (the centre, halfway). The stems null
 * against the mix, and the bytes are the same at -j 1 and -j 2 and at
 * another block size. */

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "io/audio/audio.h"
#include "core/measure/nulltest.h"
#include "io/report/null_words.h"
#include "io/report/report.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <FLAC/metadata.h>
#include <math.h>
#include <unistd.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 9600 };

static char *dir;

/* A 1 kHz sine at 0.5 (mono), and a stereo file: 0.25 left, 0.5 right. */
static void setup(void)
{
  dir = tu_tmpdir();
  float *m = sp_xcalloc(N, sizeof *m), *s = sp_xcalloc(2 * N, sizeof *s);
  for (int i = 0; i < N; i++) {
    m[i] = (float)(0.5 * sin(2 * M_PI * 1000.0 * i / 48000));
    s[2 * i] = 0.25f;
    s[2 * i + 1] = 0.5f;
  }
  free(tu_write_wav(dir, "sine.wav", 1, 48000, 32, m, N));
  free(tu_write_wav(dir, "pair.wav", 2, 48000, 32, s, N));
  free(m);
  free(s);
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(surround, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

#define HEAD "stemprint: 1\noutput: {dir: out, depth: 32f, dither: none}\n"

static void render(const char *text, const char *extra)
{
  char *path = tu_write_text(dir, "r.yaml", text);
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", "-q", path, extra, NULL};
  const int rc = tu_run(args, &out, &err);
  cr_assert_eq(rc, 0, "%s%s", out, err);
  free(out);
  free(err);
  free(path);
}

/* out/<name>.wav, which must have `channels`. */
static double *out(const char *name, int channels, int64_t *frames)
{
  return tu_read_out_ch(dir, name, channels, frames);
}

/* The WAVE_FORMAT_EXTENSIBLE channel mask in the fmt chunk of path. */
static unsigned file_mask(const char *name)
{
  char *p = sp_xasprintf("%s/out/%s.wav", dir, name);
  SF_INFO si = {0};
  SNDFILE *f = sf_open(p, SFM_READ, &si);
  cr_assert_not_null(f, "%s", p);
  int map[16] = {0};
  unsigned mask = 0;
  if (sf_command(f, SFC_GET_CHANNEL_MAP_INFO, map, (int)(si.channels * sizeof(int))) == SF_TRUE) {
    static const int ids[] = {SF_CHANNEL_MAP_LEFT,      SF_CHANNEL_MAP_RIGHT,
                              SF_CHANNEL_MAP_CENTER,    SF_CHANNEL_MAP_LFE,
                              SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
    for (int c = 0; c < si.channels; c++) {
      for (int b = 0; b < 6; b++)
        if (map[c] == ids[b])
          mask |= 1u << b;
      if (map[c] == SF_CHANNEL_MAP_SIDE_LEFT)
        mask |= 0x200;
      if (map[c] == SF_CHANNEL_MAP_SIDE_RIGHT)
        mask |= 0x400;
    }
  }
  sf_close(f);
  free(p);
  return mask;
}

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

Test(surround, tracks_into_a_5_1_master)
{
  render(HEAD "tracks:\n"
              "  dx: {file: sine.wav, channels: [C]}\n"
              "  fx: {file: sine.wav, pan: {azimuth: 15}, lfe: -6 dB}\n"
              "  music: {file: pair.wav}\n"
              "master: {layout: 5.1}\n"
              "stems: {dialogue: [dx], effects: [fx], music: [music]}\n",
         NULL);
  int64_t n;
  cr_expect_eq(file_mask("mix"), 0x60F, "5.1's mask");
  double *dx = out("dialogue", 6, &n), *fx = out("effects", 6, &n), *mu = out("music", 6, &n);
  cr_assert_eq(n, N);
  const double h = M_SQRT1_2, lfe = pow(10, -6.0 / 20);
  for (int64_t i = 0; i < N; i += 97) {
    const double x = 0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000);
    const double *d = dx + 6 * i, *f = fx + 6 * i, *m = mu + 6 * i;
    /* L R C LFE Ls Rs */
    cr_expect(NEAR(d[2], x) && d[0] == 0 && d[1] == 0 && d[3] == 0 && d[4] == 0 && d[5] == 0,
              "dialogue at %lld: %g %g %g %g %g %g", (long long)i, d[0], d[1], d[2], d[3], d[4],
              d[5]);
    cr_expect(NEAR(f[0], h * x) && NEAR(f[2], h * x) && f[1] == 0 && f[4] == 0 && f[5] == 0,
              "effects at %lld: L %g C %g, want %g", (long long)i, f[0], f[2], h * x);
    cr_expect(NEAR(f[3], lfe * x), "LFE %g, want %g", f[3], lfe * x);
    cr_expect(NEAR(m[0], 0.25) && NEAR(m[1], 0.5) && m[2] == 0 && m[3] == 0, "music: %g %g %g",
              m[0], m[1], m[2]);
  }
  free(dx);
  free(fx);
  free(mu);
}

/* --dry-run names the prints' layout: 5.1 for a 5.1 master (it said
 * "stereo" for any). */
Test(surround, a_dry_run_says_the_masters_layout)
{
  char *recipe = tu_write_text(dir, "dry.yaml",
                               HEAD "tracks:\n  a: {file: sine.wav}\nmaster: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"render", recipe, "--dry-run", NULL}, &o, &e), 0, "%s", e);
  cr_expect(strstr(o, "24-bit wav, 5.1, 48000 Hz") || strstr(o, "wav, 5.1, 48000 Hz"), "%s", o);
  cr_expect_null(strstr(o, "stereo"), "%s", o);
  free(o);
  free(e);
  free(recipe);
}

Test(surround, a_5_1_bus_folds_into_a_stereo_master_by_bs775)
{
  render(HEAD "tracks:\n"
              "  c: {file: sine.wav, channels: [C], to: bed}\n"
              "  s: {file: sine.wav, channels: [Ls], to: bed}\n"
              "  l: {file: sine.wav, channels: [LFE], to: bed}\n"
              "buses:\n  bed: {layout: 5.1, fold: bs775}\n",
         NULL);
  int64_t n;
  double *m = out("mix", 2, &n);
  const double h = pow(10, -3.0 / 20);
  for (int64_t i = 0; i < N; i += 97) {
    const double x = 0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000);
    /* Lo = 0.707 C + 0.707 Ls (the LFE dropped), Ro = 0.707 C */
    cr_expect(NEAR(m[2 * i], 2 * h * x) && NEAR(m[2 * i + 1], h * x), "at %lld: %g %g",
              (long long)i, m[2 * i], m[2 * i + 1]);
  }
  free(m);
}

/* A 6-channel file of the map in, its mask's layout's or not. */
/* name in dir: n channels (at most 6), each its own level, with the
 * channel mask map says. */
static void masked(const char *name, int n, const int *map)
{
  char *p = tu_path(dir, name);
  SF_INFO si = {.samplerate = 48000, .channels = n, .format = SF_FORMAT_WAVEX | SF_FORMAT_FLOAT};
  SNDFILE *f = sf_open(p, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert(sf_command(f, SFC_SET_CHANNEL_MAP_INFO, (void *)map, n * (int)sizeof *map));
  float frame[6];
  for (int i = 0; i < N; i++) {
    for (int c = 0; c < n; c++)
      frame[c] = 0.05f * (float)(c + 1);
    sf_writef_float(f, frame, 1);
  }
  sf_close(f);
  free(p);
}

static void six(const char *name, const int *map) { masked(name, 6, map); }

Test(surround, a_5_1_file_plays_channel_for_channel)
{
  /* six channels, each its own level, with 5.1's mask */
  const int map[6] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,     SF_CHANNEL_MAP_CENTER,
                      SF_CHANNEL_MAP_LFE,  SF_CHANNEL_MAP_SIDE_LEFT, SF_CHANNEL_MAP_SIDE_RIGHT};
  six("bed.wav", map);
  render(HEAD "tracks:\n  bed: {file: bed.wav, gain: -6 dB}\nmaster: {layout: 5.1}\n", NULL);
  int64_t n;
  double *m = out("mix", 6, &n);
  const double g = pow(10, -6.0 / 20);
  for (int c = 0; c < 6; c++)
    cr_expect(NEAR(m[6 * 100 + c], g * 0.05f * (c + 1)), "channel %d: %g", c, m[6 * 100 + c]);
  free(m);
  /* into a stereo master without a fold: said, with the way */
  char *r = tu_write_text(dir, "r.yaml", HEAD "tracks:\n  bed: {file: bed.wav}\n");
  char *err = NULL;
  const char *args[] = {"check", r, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "'bed' is 5.1 and 'master' stereo: say how its channels fold"), "%s", err);
  free(err);
  free(r);
}

/* A 6.0 file (L R C Cs Ls Rs: no LFE) is 6.0, not 5.1 by its count: the
 * centre surround is heard and measured (weight 1 at 180 degrees), not
 * taken for an LFE. A mask of no layout is measured by its speakers, refused
 * in a recipe with the speakers it names and the layouts of its count, and
 * read as the track's layout says. */
Test(surround, a_6_0_file_and_a_mask_of_no_layout)
{
  const int hex[6] = {SF_CHANNEL_MAP_LEFT,      SF_CHANNEL_MAP_RIGHT,
                      SF_CHANNEL_MAP_CENTER,    SF_CHANNEL_MAP_REAR_CENTER,
                      SF_CHANNEL_MAP_SIDE_LEFT, SF_CHANNEL_MAP_SIDE_RIGHT};
  six("hex.wav", hex);
  render(HEAD "tracks:\n  bed: {file: hex.wav, fold: bs775}\nmaster: {layout: 5.1}\n", NULL);
  int64_t n;
  double *m = out("mix", 6, &n);
  /* BS.775 puts Cs into Ls and Rs at half power: 0.05·(5 + 4·0.707) there */
  cr_expect(NEAR(m[6 * 100 + 4], 0.05f * 5 + M_SQRT1_2 * 0.05f * 4), "Ls: %g", m[6 * 100 + 4]);
  cr_expect(NEAR(m[6 * 100 + 3], 0.0), "nothing in the LFE: %g", m[6 * 100 + 3]);
  free(m);
  char *p = tu_path(dir, "hex.wav");
  const char *loud[] = {"loudness", "--json", p, NULL};
  char *o = NULL, *err = NULL;
  cr_assert_eq(tu_run(loud, &o, &err), 0, "%s", err);
  cr_expect(strstr(o, "\"layout\": \"6.0\""), "%s", o);
  cr_expect(strstr(o, "\"channel\": \"Cs\""), "%s", o);
  free(o);
  free(err);
  free(p);

  const int odd[6] = {SF_CHANNEL_MAP_LEFT,       SF_CHANNEL_MAP_RIGHT,
                      SF_CHANNEL_MAP_CENTER,     SF_CHANNEL_MAP_REAR_LEFT,
                      SF_CHANNEL_MAP_REAR_RIGHT, SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER};
  six("odd.wav", odd);
  /* measured where its speakers are: its back pair as surrounds (+1.5 dB),
   * FLC as Lc, no LFE */
  p = tu_path(dir, "odd.wav");
  const char *loud_odd[] = {"loudness", "--json", p, NULL};
  cr_assert_eq(tu_run(loud_odd, &o, &err), 0, "%s", err);
  cr_expect(strstr(o, "\"layout\": \"mask 0x77\""), "%s", o);
  cr_expect(strstr(o, "\"channel\": \"Lc\""), "%s", o);
  cr_expect_null(strstr(o, "\"channel\": \"LFE\""), "%s", o);
  free(o);
  free(err);
  free(p);
  char *r = tu_write_text(dir, "r.yaml",
                          HEAD "tracks:\n  bed: {file: odd.wav}\n"
                               "master: {layout: 5.1}\n");
  const char *check[] = {"check", r, NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 3);
  cr_expect(strstr(err, "odd.wav' has 6 channels with a channel mask (0x77: FL FR FC BL BR FLC) "
                        "of no layout stemprint has; give the track the layout to read them as, "
                        "of 5.1 or 6.0"),
            "%s", err);
  free(err);
  free(r);
  r = tu_write_text(dir, "r.yaml",
                    HEAD "tracks:\n  bed: {file: odd.wav, layout: 5.1}\nmaster: {layout: 5.1}\n");
  check[1] = r;
  cr_expect_eq(tu_run(check, NULL, &err), 0, "the track's layout reads it: %s", err);
  free(err);
  free(r);
  r = tu_write_text(dir, "r.yaml",
                    HEAD "tracks:\n  bed: {file: odd.wav, layout: 7.1}\nmaster: {layout: 7.1}\n");
  check[1] = r;
  cr_expect_eq(tu_run(check, NULL, &err), 3);
  cr_expect(strstr(err, "has 6 channels; the track's layout 7.1 has 8: give the layout the file "
                        "is in (of 5.1 or 6.0), or remove 'layout'"),
            "%s", err);
  free(err);
  free(r);
}

/* A file of two channels whose channel mask says other speakers than
 * FL FR (a centre and LFE pair, a pair of side surrounds) is refused as a
 * wider file of a mask no layout has is, until the track's layout says
 * how to read it; FL FR, or no mask, is stereo. Before, such a pair
 * played as left and right with check ok: the centre on the left, the
 * LFE on the right. */
/* name in dir: a FLAC of n channels (at most 4), each its own level,
 * with a WAVEFORMATEXTENSIBLE_CHANNEL_MASK comment of mask. */
static void tagged_flac(const char *name, int n, const char *mask)
{
  char *fp = tu_path(dir, name);
  SF_INFO si = {.samplerate = 48000, .channels = n, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24};
  SNDFILE *f = sf_open(fp, SFM_WRITE, &si);
  cr_assert_not_null(f);
  const float frame[4] = {0.05f, 0.1f, 0.15f, 0.2f};
  for (int i = 0; i < N; i++)
    sf_writef_float(f, frame, 1);
  sf_close(f);
  FLAC__Metadata_Chain *chain = FLAC__metadata_chain_new();
  cr_assert(FLAC__metadata_chain_read(chain, fp));
  FLAC__Metadata_Iterator *it = FLAC__metadata_iterator_new();
  FLAC__metadata_iterator_init(it, chain);
  FLAC__StreamMetadata *vc = FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT);
  FLAC__StreamMetadata_VorbisComment_Entry e;
  cr_assert(FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(
      &e, "WAVEFORMATEXTENSIBLE_CHANNEL_MASK", mask));
  cr_assert(FLAC__metadata_object_vorbiscomment_append_comment(vc, e, false));
  while (FLAC__metadata_iterator_next(it))
    ;
  cr_assert(FLAC__metadata_iterator_insert_block_after(it, vc));
  cr_assert(FLAC__metadata_chain_write(chain, true, false));
  FLAC__metadata_iterator_delete(it);
  FLAC__metadata_chain_delete(chain);
  free(fp);
}

Test(surround, a_pair_of_channels_masked_as_other_speakers_is_said)
{
  static const struct {
    const char *name;
    int map[2];
    const char *speakers; /* NULL: stereo, played */
  } cases[] = {
      {"cl.wav", {SF_CHANNEL_MAP_CENTER, SF_CHANNEL_MAP_LFE}, "0xC: FC LFE"},
      {"ss.wav", {SF_CHANNEL_MAP_SIDE_LEFT, SF_CHANNEL_MAP_SIDE_RIGHT}, "0x600: SL SR"},
      {"lr.wav", {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT}, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    masked(cases[i].name, 2, cases[i].map);
    char *text = sp_xasprintf(HEAD "tracks:\n  t: {file: %s}\n", cases[i].name);
    char *r = tu_write_text(dir, "r.yaml", text), *err = NULL;
    const char *check[] = {"check", r, NULL};
    if (!cases[i].speakers) {
      cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
    } else {
      cr_expect_eq(tu_run(check, NULL, &err), 3, "%s", err);
      char *want = sp_xasprintf("%s' has 2 channels with a channel mask (%s) of no layout "
                                "stemprint has; give the track the layout to read them as, of "
                                "stereo",
                                cases[i].name, cases[i].speakers);
      cr_expect(strstr(err, want), "%s: %s", want, err);
      free(want);
      free(err);
      free(r);
      free(text);
      text = sp_xasprintf(HEAD "tracks:\n  t: {file: %s, layout: stereo}\n", cases[i].name);
      r = tu_write_text(dir, "r.yaml", text);
      check[1] = r;
      cr_expect_eq(tu_run(check, NULL, &err), 0, "the track's layout reads it: %s", err);
    }
    free(err);
    free(r);
    free(text);
  }
  /* a FLAC pair tagged so (its WAVEFORMATEXTENSIBLE_CHANNEL_MASK comment),
   * as a WAV's mask: before, the comment of a pair was not read */
  static const struct {
    const char *mask;
    int rc;
  } flacs[] = {{"0x30", 3}, {"0x3", 0}};
  for (size_t i = 0; i < 2; i++) {
    tagged_flac("pair.flac", 2, flacs[i].mask);
    char *r = tu_write_text(dir, "r.yaml", HEAD "tracks:\n  t: {file: pair.flac}\n"), *err = NULL;
    const char *check[] = {"check", r, NULL};
    cr_expect_eq(tu_run(check, NULL, &err), flacs[i].rc, "%s: %s", flacs[i].mask, err);
    if (flacs[i].rc)
      cr_expect(strstr(err, "pair.flac' has 2 channels with a channel mask (0x30: BL BR)"), "%s",
                err);
    free(err);
    free(r);
  }
}

/* A 5.1 print in FLAC or in an .m4a (ALAC) reads back as 5.1, each
 * channel where it was, with no layout given: FLAC says its channels by
 * their count (RFC 9639), an .m4a by the layout FFmpeg decodes it in.
 * FLAC's WAVEFORMATEXTENSIBLE_CHANNEL_MASK comment (4.0: FL FR FC BC, as
 * ffmpeg tags such a file) is read over its count's (quad): said as a
 * mask of no layout. Before, each was "no channel mask to say which"
 * (stemprint's own prints needed `layout: 5.1` to be read again), and a
 * track given `layout: quad` for the 4.0 FLAC played its FC and BC as
 * surrounds. */
Test(surround, a_5_1_print_in_flac_or_m4a_reads_back_as_5_1)
{
  const int map[6] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT,     SF_CHANNEL_MAP_CENTER,
                      SF_CHANNEL_MAP_LFE,  SF_CHANNEL_MAP_SIDE_LEFT, SF_CHANNEL_MAP_SIDE_RIGHT};
  six("bed.wav", map);
  render("stemprint: 1\noutput: {dir: prints, format: flac, depth: 24, dither: none, also: "
         "[{format: alac}]}\ntracks:\n  bed: {file: bed.wav}\n"
         "master: {layout: 5.1}\n",
         NULL);
  static const char *const prints[] = {"prints/mix.flac", "prints/mix.m4a"};
  for (size_t k = 0; k < 2; k++) {
    char *p = tu_path(dir, prints[k]);
    cr_assert_eq(access(p, R_OK), 0, "%s", p);
    free(p);
    char *text =
        sp_xasprintf(HEAD "tracks:\n  bed: {file: %s}\nmaster: {layout: 5.1}\n", prints[k]);
    render(text, NULL);
    int64_t n;
    double *m = out("mix", 6, &n);
    for (int c = 0; c < 6; c++)
      cr_expect(fabs(m[6 * 2400 + c] - 0.05 * (c + 1)) < 1e-6, "%s: channel %d: %g", prints[k], c,
                m[6 * 2400 + c]);
    free(m);
    free(text);
  }
  tagged_flac("four.flac", 4, "0x0107"); /* 4.0: FL FR FC BC */
  char *r = tu_write_text(dir, "r.yaml",
                          HEAD "tracks:\n  t: {file: four.flac}\n"
                               "master: {layout: 5.1}\n"),
       *err = NULL;
  const char *check[] = {"check", r, NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 3, "%s", err);
  cr_expect(strstr(err, "four.flac' has 4 channels with a channel mask (0x107: FL FR FC BC) of "
                        "no layout stemprint has"),
            "%s", err);
  free(err);
  free(r);
}

Test(surround, a_moving_position_is_the_panners_at_each_control_period)
{
  /* from L (30) to R (-30) over 1 s: at 0.5 s (frame 24000, a period's
   * start) the centre alone */
  float *one = sp_xcalloc(48000, sizeof *one);
  for (int i = 0; i < 48000; i++)
    one[i] = 0.5f;
  free(tu_write_wav(dir, "dc.wav", 1, 48000, 32, one, 48000));
  free(one);
  render(HEAD "tracks:\n  a: {file: dc.wav, pan: {azimuth: [[0, 30], [1 s, -30]]}}\n"
              "master: {layout: 5.1}\n",
         NULL);
  int64_t n;
  double *m = out("mix", 6, &n);
  const double *c = m + 6 * 24000;
  cr_expect(NEAR(c[2], 0.5) && fabs(c[0]) < 1e-6 && fabs(c[1]) < 1e-6, "at 0.5 s: L %g R %g C %g",
            c[0], c[1], c[2]);
  const double *s = m; /* at 0: L */
  cr_expect(NEAR(s[0], 0.5) && s[2] == 0, "at 0: L %g C %g", s[0], s[2]);
  /* unit power all along (between period starts the gains ramp: within
   * 0.3 dB of it) */
  for (int64_t i = 0; i < n; i += 101) {
    double p = 0;
    for (int k = 0; k < 6; k++)
      p += m[6 * i + k] * m[6 * i + k];
    cr_expect(fabs(10 * log10(p / 0.25)) < 0.3, "at %lld: %.3f dB", (long long)i,
              10 * log10(p / 0.25));
  }
  free(m);
}

Test(surround, an_lfe_feed_is_low_passed_where_asked)
{
  float *hi = sp_xcalloc(N, sizeof *hi), *lo = sp_xcalloc(N, sizeof *lo);
  for (int i = 0; i < N; i++) {
    hi[i] = (float)(0.5 * sin(2 * M_PI * 2000.0 * i / 48000));
    lo[i] = (float)(0.5 * sin(2 * M_PI * 30.0 * i / 48000));
  }
  free(tu_write_wav(dir, "hi.wav", 1, 48000, 32, hi, N));
  free(tu_write_wav(dir, "lo.wav", 1, 48000, 32, lo, N));
  free(hi);
  free(lo);
  render(HEAD "tracks:\n"
              "  hi: {file: hi.wav, channels: [C], lfe: {level: 0 dB, lowpass: 120 Hz}}\n"
              "  lo: {file: lo.wav, channels: [C], lfe: {level: 0 dB, lowpass: 120 Hz}}\n"
              "master: {layout: 5.1}\nstems: {hi: [hi], lo: [lo]}\n",
         NULL);
  int64_t n;
  double *h = out("hi", 6, &n), *l = out("lo", 6, &n);
  double ph = 0, pl = 0;
  for (int64_t i = N / 2; i < N; i++) {
    ph = fmax(ph, fabs(h[6 * i + 3]));
    pl = fmax(pl, fabs(l[6 * i + 3]));
  }
  /* 24 dB/octave from 120 Hz: 2 kHz is four octaves up (about -96 dB);
   * 30 Hz two octaves below passes (-0.03 dB) */
  cr_expect_lt(20 * log10(ph / 0.5), -80, "2 kHz in the LFE: %.1f dB", 20 * log10(ph / 0.5));
  cr_expect(fabs(20 * log10(pl / 0.5)) < 0.2, "30 Hz in the LFE: %.2f dB", 20 * log10(pl / 0.5));
  free(h);
  free(l);
}

Test(surround, stems_null_and_the_bytes_hold_at_any_j_and_block)
{
  static const char *recipe =
      "stemprint: 1\noutput: {dir: out, depth: 24}\n"
      "tracks:\n"
      "  dx: {file: sine.wav, channels: [C], to: dialog}\n"
      "  fx: {file: sine.wav, pan: {azimuth: [[0, 100], [0.2 s, -100]], spread: 30}, lfe: "
      "{level: -10 dB, lowpass: 100 Hz}, to: effects}\n"
      "  strings: {file: pair.wav, to: score}\n"
      "buses:\n"
      "  dialog: {layout: 5.1, inserts: [{eq: [{type: highpass, freq: 80 Hz}]}, {compressor: "
      "{threshold: -20 dB, ratio: 3}}]}\n"
      "  effects: {layout: 5.1, inserts: [{delay: {time: 30 ms, feedback: 0.3}}]}\n"
      "  score: {layout: 5.1, inserts: [{limiter: {ceiling: -6 dBTP}}]}\n"
      "master: {layout: 5.1, inserts: [{gain: -1 dB}]}\n"
      "stems: {split: buses, dialogue: [dialog], effects: [effects], music: [score]}\n"
      "versions: {me: {mute: [dialogue]}}\n";
  static const char *const files[] = {"mix", "dialogue", "effects", "music", "me"};
  render(recipe, "-j1");
  char *keep = tu_path(dir, "first");
  char *o = tu_path(dir, "out");
  cr_assert_eq(rename(o, keep), 0);
  render(recipe, "-j2");
  for (size_t k = 0; k < 5; k++) {
    char *a = sp_xasprintf("%s/%s.wav", keep, files[k]),
         *b = sp_xasprintf("%s/%s.wav", o, files[k]);
    cr_expect(tu_same_bytes(a, b), "%s differs at -j 2", files[k]);
    free(a);
    free(b);
  }
  tu_rmtree(o);
  render(recipe, "--block-frames=333");
  for (size_t k = 0; k < 5; k++) {
    char *a = sp_xasprintf("%s/%s.wav", keep, files[k]),
         *b = sp_xasprintf("%s/%s.wav", o, files[k]);
    cr_expect(tu_same_bytes(a, b), "%s differs at block 333", files[k]);
    free(a);
    free(b);
  }
  /* the null test of the stems, read back as stemprint null reads them */
  char *mix = sp_xasprintf("%s/mix.wav", o), *s1 = sp_xasprintf("%s/dialogue.wav", o),
       *s2 = sp_xasprintf("%s/effects.wav", o), *s3 = sp_xasprintf("%s/music.wav", o);
  const char *stems[] = {s1, s2, s3};
  sp_null_opts no = {.threshold_dbfs = NAN};
  sp_null_result nr;
  char why[512];
  cr_assert_eq(sp_null_files(sp_audio_media(), mix, stems, 3, &no, &nr, why, sizeof why), SP_OK,
               "%s", why);
  cr_expect(nr.passed, "residual %.1f dBFS", nr.residual_peak_dbfs);
  cr_expect_eq(nr.channels, 6);
  sp_null_result_fini(&nr);
  free(mix);
  free(s1);
  free(s2);
  free(s3);
  free(keep);
  free(o);
}

/* A set of output.also in another layout: every print folded into it
 * (BS.775 unless the set gives its levels), named by {layout}; an MP3 of a
 * 5.1 master, folded to stereo. */
Test(surround, a_set_prints_the_stereo_fold_down_of_the_printmaster)
{
  render("stemprint: 1\n"
         "tracks:\n"
         "  c: {file: sine.wav, channels: [C]}\n"
         "  s: {file: sine.wav, channels: [Rs]}\n"
         "master: {layout: 5.1}\n"
         "stems: {centre: [c], surround: [s]}\n"
         "output:\n  dir: out\n  depth: 32f\n  dither: none\n  also:\n"
         "    - {format: wav, depth: 32f, layout: stereo, name: \"{name}_{layout}\"}\n"
         "    - {format: wav, depth: 32f, layout: stereo, fold: {centre: -6 dB, surround: "
         "0 dB}, name: \"{name}_loud\"}\n"
         "    - {format: mp3, layout: stereo}\n",
         NULL);
  int64_t n;
  double *st = out("mix_stereo", 2, &n), *loud = out("mix_loud", 2, &n);
  const double h = pow(10, -3.0 / 20), q = pow(10, -6.0 / 20);
  for (int64_t i = 0; i < N; i += 97) {
    const double x = 0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000);
    cr_expect(NEAR(st[2 * i], h * x) && NEAR(st[2 * i + 1], 2 * h * x), "BS.775 at %lld: %g %g",
              (long long)i, st[2 * i], st[2 * i + 1]);
    cr_expect(NEAR(loud[2 * i], q * x) && NEAR(loud[2 * i + 1], (q + 1) * x),
              "its own levels at %lld: %g %g", (long long)i, loud[2 * i], loud[2 * i + 1]);
  }
  free(st);
  free(loud);
  /* the stems' folds add up to the mix's */
  double *fc = out("centre_stereo", 2, &n), *fs = out("surround_stereo", 2, &n),
         *fm = out("mix_stereo", 2, &n);
  for (int64_t i = 0; i < 2 * N; i += 31)
    cr_expect(NEAR(fc[i] + fs[i], fm[i]), "at %lld", (long long)i);
  free(fc);
  free(fs);
  free(fm);
  char *mp3 = sp_xasprintf("%s/out/mix.mp3", dir);
  SF_INFO si = {0};
  SNDFILE *f = sf_open(mp3, SFM_READ, &si);
  cr_assert_not_null(f, "%s", mp3);
  cr_expect_eq(si.channels, 2);
  sf_close(f);
  free(mp3);
}

/* The amplitude in channel c of x (channels of them, interleaved) over
 * frames [from, to) of the sine whose sin and cos at every frame are sn and
 * cs. */
static double sine_amp(const double *x, int channels, int c, int64_t from, int64_t to,
                       const double *sn, const double *cs)
{
  double s = 0, k = 0;
  for (int64_t i = from; i < to; i++) {
    s += x[i * channels + c] * sn[i];
    k += x[i * channels + c] * cs[i];
  }
  return 2.0 * hypot(s, k) / (double)(to - from);
}

/* Issue 42: a 5.1 Opus set went into the Opus stream in WAV order under a
 * mapping that declares Vorbis order, so its Rs was coded as the LFE
 * (-12.2 -> -59.4 LUFS) and ffmpeg played its C and R swapped, and the
 * render passed. Each layout FLAC and Opus hold, a sine a channel (the
 * LFE's at 60 Hz), printed as FLAC and Opus and decoded by ffmpeg (its own
 * decoders, each channel where its layout puts it) and by stemprint's
 * reader: every channel carries its own sine at its level, the others'
 * 30 dB down or more. Every layout is printed first and ffmpeg decodes the
 * twelve files in one run (its start, a hundred libraries, cost half the
 * test twelve times over), and each sine's sin and cos are computed once
 * a layout. */
Test(surround, flac_and_opus_sets_hold_each_channel_in_its_place)
{
  static const char *const layouts[] = {"LCR", "quad", "5.0", "5.1", "6.1", "7.1"};
  static const char *const exts[] = {"opus", "flac"};
  enum { N_LAYOUTS = sizeof layouts / sizeof layouts[0] };
  const int rate = 48000, frames = rate; /* a second */
  const int64_t room = 2 * (int64_t)frames; /* the sines' tables: a decoder may add frames */
  char *cmd = sp_xstrdup("ffmpeg -v error -nostdin -y");
  char *maps = sp_xstrdup("");
  for (size_t k = 0; k < N_LAYOUTS; k++) {
    const sp_layout *l = sp_layout_find(layouts[k]);
    const int n = l->n;
    float *x = sp_xcalloc((size_t)frames * (size_t)n, sizeof *x);
    for (int c = 0; c < n; c++) {
      const double f = l->ch[c].lfe ? 60.0 : 300.0 + 200.0 * c;
      for (int i = 0; i < frames; i++)
        x[(size_t)i * (size_t)n + (size_t)c] = (float)(0.3 * sin(2 * M_PI * f * i / rate));
    }
    free(tu_write_wav(dir, "bed.wav", n, rate, 24, x, frames));
    free(x);
    char *text = sp_xasprintf("stemprint: 1\ntracks: {bed: {file: bed.wav, layout: %s}}\n"
                              "master: {layout: %s}\n"
                              "output: {dir: out/%zu, also: [{format: opus}, {format: flac}]}\n",
                              l->name, l->name, k);
    render(text, NULL);
    free(text);
    for (int e = 0; e < 2; e++) {
      char *more = sp_xasprintf("%s -i '%s/out/%zu/mix.%s'", cmd, dir, k, exts[e]);
      char *map = sp_xasprintf("%s -map %zu -c:a pcm_f32le '%s/out/%zu/ffmpeg_%s.wav'", maps,
                               2 * k + (size_t)e, dir, k, exts[e]);
      free(cmd);
      free(maps);
      cmd = more;
      maps = map;
    }
  }
  char *all = sp_xasprintf("%s%s", cmd, maps);
  cr_assert_eq(system(all), 0, "%s (ffmpeg: sh scripts/deps.sh --tests installs it)", all);
  free(all);
  free(cmd);
  free(maps);
  double *sn = sp_xcalloc((size_t)room * SP_MAX_CHANNELS, sizeof *sn);
  double *cs = sp_xcalloc((size_t)room * SP_MAX_CHANNELS, sizeof *cs);
  for (size_t k = 0; k < N_LAYOUTS; k++) {
    const sp_layout *l = sp_layout_find(layouts[k]);
    const int n = l->n;
    double f[SP_MAX_CHANNELS];
    for (int c = 0; c < n; c++) {
      f[c] = l->ch[c].lfe ? 60.0 : 300.0 + 200.0 * c;
      for (int64_t i = 0; i < room; i++) {
        sn[c * room + i] = sin(2 * M_PI * f[c] * (double)i / rate);
        cs[c * room + i] = cos(2 * M_PI * f[c] * (double)i / rate);
      }
    }
    for (int e = 0; e < 2; e++) {
      char *file = sp_xasprintf("%s/out/%zu/mix.%s", dir, k, exts[e]);
      char *wav = sp_xasprintf("%s/out/%zu/ffmpeg_%s.wav", dir, k, exts[e]);
      for (int reader = 0; reader < 2; reader++) {
        int64_t got;
        int ch;
        double *y = tu_read(reader == 0 ? wav : file, &got, &ch, NULL);
        cr_assert_not_null(y, "%s", reader == 0 ? wav : file);
        cr_assert_eq(ch, n, "%s %s: %d channels", l->name, exts[e], ch);
        cr_assert(got > 2 * 4800 && got <= room, "%s %s: %lld frames", l->name, exts[e],
                  (long long)got);
        const char *by = reader == 0 ? "ffmpeg" : "stemprint";
        for (int c = 0; c < n; c++) {
          const double own =
              sine_amp(y, n, c, 4800, got - 4800, sn + c * room, cs + c * room);
          cr_expect(fabs(20 * log10(own / 0.3)) < 1.0, "%s %s by %s: channel %s holds its %g Hz at %.1f dB",
                    l->name, exts[e], by, l->ch[c].name, f[c], 20 * log10(own / 0.3));
          for (int o = 0; o < n; o++)
            if (o != c) {
              const double other =
                  sine_amp(y, n, c, 4800, got - 4800, sn + o * room, cs + o * room);
              cr_expect(other < 0.3 * pow(10, -30.0 / 20), "%s %s by %s: channel %s holds %s's %g Hz at %.1f dB",
                        l->name, exts[e], by, l->ch[c].name, l->ch[o].name, f[o],
                        20 * log10(other / 0.3));
            }
        }
        free(y);
      }
      /* stemprint's reader says the layout too: Opus's by its mapping */
      sp_reader *r;
      sp_audio_info info;
      char why[256];
      cr_assert_eq(sp_audio_open(file, &r, &info, why, sizeof why), SP_OK, "%s", why);
      r->ops->close(r);
      if (e == 0)
        cr_expect_eq(info.mask, l->mask, "%s opus: mask 0x%X", l->name, info.mask);
      free(wav);
      free(file);
    }
  }
  free(sn);
  free(cs);
}

/* A multi-mono set: a mono file a channel of every print, named by
 * {channel} (mix.L.wav ... mix.Rs.wav), each the interleaved file's
 * channel; the mix's loudness target judges the mix of each interleaved
 * set, not a channel of it. Without {channel} the names collide, and the
 * error says to put it in. */
Test(surround, a_multi_mono_set_is_a_file_a_channel)
{
  tu_write_tone(dir, "long.wav", 48000, 1000, 0.25);
  render("stemprint: 1\n"
         "tracks:\n  c: {file: long.wav, channels: [C]}\n  m: {file: pair.wav}\n"
         "master: {layout: 5.1}\n"
         "checks: {loudness: {target: -12 LUFS, tolerance: 20 LU}}\n"
         "output:\n  dir: out\n  depth: 24\n  dither: tpdf\n  bwf: true\n  also:\n"
         "    - {format: wav, depth: 24, channels: split, name: \"{name}.{channel}\"}\n",
         NULL);
  /* 24-bit and dithered: each file holds the printmaster's channel bit for
   * bit, not dithered again */
  int64_t n;
  double *all = out("mix", 6, &n);
  static const char *const names[] = {"L", "R", "C", "LFE", "Ls", "Rs"};
  for (int c = 0; c < 6; c++) {
    char *file = sp_xasprintf("mix.%s", names[c]);
    double *one = out(file, 1, &n);
    for (int64_t i = 0; i < n; i++)
      if (one[i] != all[6 * i + c])
        cr_assert_fail("%s at %lld: %.9g, the printmaster %.9g", file, (long long)i, one[i],
                       all[6 * i + c]);
    /* its bext description names its channel */
    char *p = sp_xasprintf("%s/out/%s.wav", dir, file);
    SF_INFO si = {0};
    SNDFILE *f = sf_open(p, SFM_READ, &si);
    cr_assert_not_null(f, "%s", p);
    SF_BROADCAST_INFO bx;
    memset(&bx, 0, sizeof bx);
    cr_assert_eq(sf_command(f, SFC_GET_BROADCAST_INFO, &bx, sizeof bx), SF_TRUE);
    sf_close(f);
    char want[64];
    snprintf(want, sizeof want, "r: mix (%s)", names[c]);
    cr_expect_str_eq(bx.description, want);
    free(p);
    free(one);
    free(file);
  }
  free(all);
  char *path = tu_write_text(dir, "r.yaml",
                             "stemprint: 1\ntracks:\n  c: {file: sine.wav}\nmaster: {layout: "
                             "5.1}\noutput: {also: [{format: wav, channels: split, name: "
                             "\"{name}_mm\"}]}\n");
  char *err = NULL;
  const char *args[] = {"check", path, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "a multi-mono set names each channel's file: put {channel} in its name"),
            "%s", err);
  free(err);
  free(path);
}

/* The null test channel by channel: a stem left out of a 5.1 null leaves
 * its residual in its own channel alone (here Ls), which the findings name,
 * and every other channel nulls. */
Test(surround, the_null_test_names_the_channel_that_does_not_null)
{
  render(HEAD "tracks:\n"
              "  dx: {file: sine.wav, channels: [C]}\n"
              "  fx: {file: sine.wav, channels: [Ls]}\n"
              "master: {layout: 5.1}\n"
              "stems: {dialogue: [dx], effects: [fx]}\n",
         NULL);
  char *mix = sp_xasprintf("%s/out/mix.wav", dir), *dx = sp_xasprintf("%s/out/dialogue.wav", dir);
  const char *stems[] = {dx};
  sp_null_opts no = {.threshold_dbfs = NAN, .diagnose = true, .max_lag_s = 0.01};
  sp_null_result nr;
  char why[512];
  cr_assert_eq(sp_null_files(sp_audio_media(), mix, stems, 1, &no, &nr, why, sizeof why), SP_OK,
               "%s", why);
  sp_null_say(&nr);
  cr_expect_not(nr.passed);
  cr_assert_eq(nr.channels, 6);
  static const char *const names[] = {"L", "R", "C", "LFE", "Ls", "Rs"};
  for (int c = 0; c < 6; c++) {
    cr_expect_str_eq(nr.by_channel[c].name, names[c]);
    if (c == 4)
      cr_expect(fabs(nr.by_channel[c].residual_peak_dbfs - 20 * log10(0.5)) < 0.01, "Ls: %.2f dBFS",
                nr.by_channel[c].residual_peak_dbfs);
    else
      cr_expect(isinf(nr.by_channel[c].residual_peak_dbfs), "%s: %.2f dBFS", names[c],
                nr.by_channel[c].residual_peak_dbfs);
  }
  bool said = false;
  for (size_t k = 0; k < nr.n_findings; k++)
    said |= strstr(nr.findings[k], "the residual is largest in channel Ls") != NULL;
  cr_expect(said, "no finding names Ls");
  sp_null_result_fini(&nr);
  free(mix);
  free(dx);
}

/* The example users copy (recipes/surround/scene.yaml) renders: its DME
 * stems and M&E null against the 5.1 printmaster, which meets EBU R128
 * after normalize, and the stereo fold-downs are judged by their own rule
 * (a fold is +1 LU here: the printmaster's target would fail them). */
Test(surround, the_example_scene_renders_and_nulls)
{
  char *o = tu_path(dir, "scene");
  const char *args[] = {"render", SP_SOURCE_DIR "/recipes/surround/scene.yaml", "-o", o, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "null test: passed"), "%s", out);
  cr_expect(strstr(out, "check passed: null: version 'm_and_e'"), "%s", out);
  cr_expect(strstr(out, "mix.wav integrated -23.0 LUFS, target -23.0 LUFS"), "%s", out);
  cr_expect_not(strstr(out, "mix_stereo.wav integrated"), "the fold-down has its own rule: %s",
                out);
  cr_expect_eq(tu_count_prints(o), 10);
  /* an example renders clean (issue 46: it warned about its own routing) */
  cr_expect_not(strstr(err, "warning"), "the example warns: %s", err);
  free(out);
  free(err);
  free(o);
}

/* A set's own loudness rule replaces checks.loudness for its files: a
 * preset, given numbers, or none. */
Test(surround, a_sets_loudness_rule_judges_its_files)
{
  tu_write_tone(dir, "tone.wav", 48000, 1000, 0.1);
  char *path = tu_write_text(
      dir, "r.yaml",
      "stemprint: 1\ntracks:\n  a: {file: tone.wav, channels: [C]}\nmaster: {layout: 5.1}\n"
      "checks: {loudness: {target: -60 LUFS, tolerance: 1 LU}}\n"
      "output:\n  dir: out\n  also:\n"
      "    - {format: wav, layout: stereo, name: \"{name}_st\", loudness: none}\n"
      "    - {format: wav, layout: stereo, name: \"{name}_st2\", loudness: {target: -60 LUFS, "
      "max_true_peak: -30 dBTP}}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", path, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 1, "%s%s", out, err);
  /* the master set fails its target; the first fold has none; the second
   * fails its own target and its ceiling */
  cr_expect(strstr(out, "check FAILED: loudness: ") && strstr(out, "out/mix.wav integrated"), "%s",
            out);
  cr_expect_not(strstr(out, "mix_st.wav integrated"), "a set with loudness: none is not judged: %s",
                out);
  cr_expect_not(strstr(out, "true peak: ") && strstr(strstr(out, "true peak: "), "mix_st.wav "),
                "%s", out);
  cr_expect(strstr(out, "check FAILED: loudness: ") && strstr(out, "mix_st2.wav integrated"), "%s",
            out);
  cr_expect(strstr(out, "check FAILED: true peak: ") && strstr(out, "mix_st2.wav"), "%s", out);
  free(out);
  free(err);
  free(path);
}

/* A surround file's report gives each channel's figures as a mono
 * programme: a 997 Hz sine at 0.5 in C reads -9.03 LUFS (a full-scale
 * sine reads -3.01) and peaks at -6.02 dBFS; the silent channels have no
 * integrated loudness (null) and no peak (printed as 32-bit float, no
 * dither). */
/* tone997.wav: 4 s of a 997 Hz sine at 0.5, mono (-9.03 LUFS in C). */
static void tone997(void) { tu_write_tone(dir, "tone997.wav", 4 * 48000, 997, 0.5); }

Test(surround, the_report_gives_each_channels_figures)
{
  tone997();
  char *rep = tu_path(dir, "r.json");
  char *path = tu_write_text(
      dir, "r.yaml",
      HEAD "tracks:\n  a: {file: tone997.wav, channels: [C]}\nmaster: {layout: 5.1}\n");
  const char *args[] = {"render", "-q", path, "--report", rep, NULL};
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run(args, &o, &e), 0, "%s%s", o, e);
  char *text = tu_slurp_must(rep);
  char why[256];
  sp_json *j = sp_report_parse(text, strlen(text), why, sizeof why);
  cr_assert_not_null(j, "%s", why);
  const sp_json *mix = sp_report_array_get(sp_report_get(j, "outputs"), 0);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(mix, "layout")), "5.1");
  const sp_json *chs = sp_report_get(mix, "by_channel");
  cr_assert_eq(sp_report_array_size(chs), 6);
  static const char *names[] = {"L", "R", "C", "LFE", "Ls", "Rs"};
  for (size_t c = 0; c < 6; c++) {
    const sp_json *f = sp_report_array_get(chs, c);
    cr_expect_str_eq(sp_report_get_string(sp_report_get(f, "channel")), names[c]);
    double i = 0, pk = 0;
    const bool has_i = sp_report_get_number(sp_report_get(f, "integrated_lufs"), &i);
    cr_assert(sp_report_get_number(sp_report_get(f, "sample_peak_dbfs"), &pk) || c != 2);
    if (c == 2) {
      cr_expect(has_i && fabs(i - (-3.01 + 20 * log10(0.5))) < 0.02, "C: %.3f LUFS", i);
      cr_expect(fabs(pk - 20 * log10(0.5)) < 0.001, "C: %.3f dBFS", pk);
    } else {
      cr_expect_not(has_i, "%s is silent: %.2f LUFS", names[c], i);
    }
  }
  sp_report_free(j);
  free(text);
  free(o);
  free(e);
  free(path);
  free(rep);
}

/* Inserts whose parameters move run on every channel of a surround path:
 * an automated low-pass and compressor on a 5.1 bus fed in Ls alone give
 * Ls what the same chain gives a mono bus, sample for sample, and nothing
 * elsewhere. */
Test(surround, moving_inserts_run_on_every_channel)
{
  const char *chain = "inserts: [{eq: {type: lowpass, freq: [[0, 500 Hz], [0.1 s, 4 kHz]]}}, "
                      "{compressor: {threshold: [[0, -30 dB], [0.15 s, -10 dB]], ratio: 4}}]";
  char *surround = sp_xasprintf(HEAD "tracks:\n  a: {file: sine.wav, channels: [Ls], to: b}\n"
                                     "buses:\n  b: {layout: 5.1, %s}\nmaster: {layout: 5.1}\n",
                                chain);
  render(surround, NULL);
  int64_t n51 = 0, n1 = 0;
  double *x = out("mix", 6, &n51);
  char *mono = sp_xasprintf(HEAD "tracks:\n  a: {file: sine.wav, to: b}\n"
                                 "buses:\n  b: {layout: mono, %s}\nmaster: {layout: mono}\n",
                            chain);
  render(mono, NULL);
  double *y = out("mix", 1, &n1);
  cr_assert_eq(n51, n1);
  double worst = 0, elsewhere = 0;
  for (int64_t i = 0; i < n1; i++) {
    worst = fmax(worst, fabs(x[i * 6 + 4] - y[i]));
    for (int c = 0; c < 6; c++)
      if (c != 4)
        elsewhere = fmax(elsewhere, fabs(x[i * 6 + c]));
  }
  cr_expect_eq(worst, 0, "Ls against the mono chain: %g", worst);
  cr_expect_eq(elsewhere, 0);
  free(x);
  free(y);
  free(surround);
  free(mono);
}

/* An insert runs on the channels it names and leaves the others alone: a
 * stereo `width: 0` on a 5.1 bus's surrounds makes each their mean (the
 * pair file: 0.25 and 0.5 → 0.375) while L keeps its sine bit for bit. */
Test(surround, an_insert_runs_on_the_channels_it_names)
{
  render(HEAD "tracks:\n  s: {file: pair.wav, channels: [Ls, Rs], to: b}\n"
              "  m: {file: sine.wav, channels: [L], to: b}\n"
              "buses:\n  b: {layout: 5.1, inserts: [{width: {width: 0, channels: [Ls, Rs]}}]}\n"
              "master: {layout: 5.1}\n",
         NULL);
  int64_t n = 0;
  double *x = out("mix", 6, &n);
  bool ok = true;
  for (int64_t i = 0; i < n && ok; i++) {
    const double sine = (float)(0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000));
    ok = x[i * 6] == sine && NEAR(x[i * 6 + 4], 0.375) && NEAR(x[i * 6 + 5], 0.375) &&
         x[i * 6 + 1] == 0 && x[i * 6 + 2] == 0;
    cr_expect(ok, "frame %lld: L %.9f Ls %.9f Rs %.9f", (long long)i, x[i * 6], x[i * 6 + 4],
              x[i * 6 + 5]);
  }
  free(x);
}

/* A detector hears the channels `detect` names: a compressor at -40 dB
 * on a 5.1 bus, a loud sine in L and nothing in C, leaves L alone when it
 * hears C only and turns it down when it hears everything. A limiter's
 * ceiling holds on every channel, the LFE's too, unless `detect` says
 * otherwise: a 0.5 feed into the LFE alone is limited to -12 dBFS, and
 * passes when the limiter hears L R C only. */
Test(surround, a_detector_hears_the_channels_it_is_told)
{
  int64_t n = 0;
  render(HEAD "tracks:\n  m: {file: sine.wav, channels: [L], to: b}\n"
              "buses:\n  b: {layout: 5.1, inserts: [{compressor: {threshold: -40 dB, ratio: 10, "
              "detect: [C]}}]}\nmaster: {layout: 5.1}\n",
         NULL);
  double *x = out("mix", 6, &n);
  double peak = 0;
  for (int64_t i = 0; i < n; i++)
    peak = fmax(peak, fabs(x[i * 6]));
  cr_expect(fabs(peak - 0.5) < 1e-6, "hearing C alone: L peaks at %.6f", peak);
  free(x);
  render(HEAD "tracks:\n  m: {file: sine.wav, channels: [L], to: b}\n"
              "buses:\n  b: {layout: 5.1, inserts: [{compressor: {threshold: -40 dB, ratio: 10}}]}"
              "\nmaster: {layout: 5.1}\n",
         NULL);
  x = out("mix", 6, &n);
  peak = 0;
  for (int64_t i = n / 2; i < n; i++)
    peak = fmax(peak, fabs(x[i * 6]));
  cr_expect(peak < 0.1, "hearing every channel: L peaks at %.6f", peak);
  free(x);
  for (int heard = 0; heard < 2; heard++) {
    char *r =
        sp_xasprintf(HEAD "tracks:\n  m: {file: sine.wav, channels: [LFE], to: b}\n"
                          "buses:\n  b: {layout: 5.1, inserts: [{limiter: {ceiling: -12 dB%s}}]}"
                          "\nmaster: {layout: 5.1}\n",
                     heard ? ", detect: [L, R, C]" : "");
    render(r, NULL);
    x = out("mix", 6, &n);
    peak = 0;
    for (int64_t i = 0; i < n; i++)
      peak = fmax(peak, fabs(x[i * 6 + 3]));
    if (heard)
      cr_expect(fabs(peak - 0.5) < 1e-6, "the LFE unheard passes: %.6f", peak);
    else
      cr_expect(peak <= pow(10, -12.0 / 20) + 1e-6 && peak > 0.2, "the LFE limited: %.6f", peak);
    free(x);
    free(r);
  }
}

/* A fold as an insert: a 5.1 bus folded to stereo in its chain is a
 * stereo path from there on: what follows sees two channels (width 0 makes
 * each the mean of Lo and Ro) and it goes into the stereo master with no
 * fold of its own. Lo = 0.708 C + 0.708 Ls + 0.354 LFE (its level, -6 dB,
 * split between L and R at half power), Ro = 0.708 C + 0.354 LFE. A stereo bus folded up into 5.1
 * puts L and R whole on L and R. */
Test(surround, a_fold_insert_changes_the_paths_layout)
{
  render(HEAD "tracks:\n"
              "  c: {file: sine.wav, channels: [C], to: bed}\n"
              "  s: {file: sine.wav, channels: [Ls], to: bed}\n"
              "  l: {file: sine.wav, channels: [LFE], to: bed}\n"
              "buses:\n  bed: {layout: 5.1, inserts: [{fold: {to: stereo, lfe: -6 dB}}, "
              "{width: 0}]}\n",
         NULL);
  int64_t n;
  double *m = out("mix", 2, &n);
  const double h = pow(10, -3.0 / 20), lfe = pow(10, -6.0 / 20) * sqrt(0.5);
  for (int64_t i = 0; i < N; i += 97) {
    const double x = 0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000);
    const double lo = 2 * h * x + lfe * x, ro = h * x + lfe * x, mid = (lo + ro) / 2;
    cr_expect(fabs(m[2 * i] - mid) < 1e-6 && fabs(m[2 * i + 1] - mid) < 1e-6,
              "at %lld: %g %g, want %g", (long long)i, m[2 * i], m[2 * i + 1], mid);
  }
  free(m);
  render(HEAD "tracks:\n  p: {file: pair.wav, to: st}\n"
              "buses:\n  st: {layout: stereo, inserts: [{fold: 5.1}]}\nmaster: {layout: 5.1}\n",
         NULL);
  m = out("mix", 6, &n);
  for (int64_t i = 0; i < N; i += 97)
    cr_expect(NEAR(m[6 * i], 0.25) && NEAR(m[6 * i + 1], 0.5) && m[6 * i + 2] == 0 &&
                  m[6 * i + 3] == 0 && m[6 * i + 4] == 0 && m[6 * i + 5] == 0,
              "at %lld: %g %g %g", (long long)i, m[6 * i], m[6 * i + 1], m[6 * i + 2]);
  free(m);
}

/* Bleed per channel: the dialogue, in C of its own stem, sends into an
 * effects return at Ls (110°, a speaker: VBAP puts it there whole). The
 * case reads -15.03 dBFS RMS in Ls (the sine's -9.03 less the send's
 * 6 dB) and nothing elsewhere, -22.81 over the file's six channels; the
 * line names Ls, and --max-bleed judges the loudest channel: -20 dBFS,
 * under the file's figure, is exceeded in Ls. */
Test(surround, bleed_is_measured_channel_by_channel)
{
  char *path = tu_write_text(
      dir, "b.yaml",
      HEAD "tracks:\n  d: {file: sine.wav, channels: [C], to: dx,\n"
           "      sends: [{to: fx, level: -6 dB, pan: {azimuth: 110}}]}\n"
           "buses:\n  dx: {layout: 5.1}\n  fx: {layout: 5.1}\n"
           "master: {layout: 5.1}\nstems: {split: buses, dialogue: [dx], effects: [fx]}\n");
  const double ls = 20 * log10(0.5 / sqrt(2.0)) - 6.0, file = ls - 10 * log10(6.0);
  char *o = NULL, *e = NULL;
  const char *text[] = {"bleed", path, "--max-bleed", "-20", NULL};
  cr_assert_eq(tu_run(text, &o, &e), 1, "%s%s", o, e);
  char want[200];
  snprintf(want, sizeof want,
           "bleed: 'd' reaches stem 'effects' at %.1f dBFS RMS, Ls at %.1f (its own stem: "
           "dialogue), above --max-bleed -20.0 dBFS\n",
           file, ls);
  cr_expect(strstr(o, want), "no '%s' in:\n%s", want, o);
  free(o);
  free(e);
  const char *json[] = {"bleed", path, "--json", NULL};
  cr_assert_eq(tu_run(json, &o, &e), 1, "%s%s", o, e);
  char why[256];
  sp_json *root = sp_report_parse(o, strlen(o), why, sizeof why);
  cr_assert_not_null(root, "%s: %s", why, o);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(root, "layout")), "5.1");
  const sp_json *c = sp_report_array_get(sp_report_get(root, "bleed"), 0);
  cr_assert_not_null(c, "%s", o);
  cr_expect_str_eq(sp_report_get_string(sp_report_get(c, "loudest_channel")), "Ls");
  double v = 0;
  cr_expect(sp_report_get_number(sp_report_get(c, "loudest_dbfs"), &v) && fabs(v - ls) < 1e-4, "%s",
            o);
  cr_expect(sp_report_get_number(sp_report_get(c, "level_dbfs"), &v) && fabs(v - file) < 1e-4, "%s",
            o);
  const sp_json *chs = sp_report_get(c, "channels_dbfs");
  static const char *const others[] = {"L", "R", "C", "LFE", "Rs"};
  for (size_t k = 0; k < 5; k++)
    cr_expect(!sp_report_get_number(sp_report_get(chs, others[k]), &v) || v < -200, "%s: %g",
              others[k], v);
  sp_report_free(root);
  free(o);
  free(e);
  free(path);
}

/* DAWproject holds a channel's width as its audioChannels: a 5.1 bus and a
 * stereo master go out as 6 and 2 and come back as layout 5.1, the fold
 * into master BS.775's (the import's, and the recipe's here), so the round
 * trip renders the same bytes. What a DAWproject channel cannot say (named
 * channels, a position, the LFE feed, a fold at levels of its own) is
 * listed as not exported, and the import names those losses. */
Test(surround, surround_buses_go_through_dawproject)
{
  char *recipe =
      tu_write_text(dir, "rt.yaml",
                    "stemprint: 1\ntracks:\n  m: {file: sine.wav, pan: 0.5, to: sur}\n  p: {file: "
                    "pair.wav, pan: -0.3, "
                    "to: sur}\nbuses:\n  sur: {layout: 5.1, gain: -3 dB, fold: bs775}\n");
  char *dp = tu_path(dir, "rt.dawproject"), *back = tu_path(dir, "back.yaml");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"export", recipe, "-o", dp, NULL}, &o, &e), 0, "%s", e);
  cr_expect(strstr(o, "everything exported"), "%s%s", o, e);
  free(o);
  free(e);
  cr_assert_eq(tu_run((const char *[]){"import", dp, "-o", back, NULL}, &o, &e), 0, "%s", e);
  free(o);
  free(e);
  char *text = tu_slurp_must(back);
  cr_expect(strstr(text, "    layout: \"5.1\"\n    fold: {centre: -3 dB, surround: -3 dB, height: "
                         "-3 dB, lfe: -inf dB}\n"),
            "%s", text);
  free(text);
  char *o1 = tu_path(dir, "o1"), *o2 = tu_path(dir, "o2");
  cr_assert_eq(tu_run((const char *[]){"render", "-q", recipe, "-o", o1, NULL}, NULL, NULL), 0);
  cr_assert_eq(tu_run((const char *[]){"render", "-q", back, "-o", o2, NULL}, NULL, &e), 0, "%s",
               e);
  free(e);
  char *a = sp_xasprintf("%s/mix.wav", o1), *b = sp_xasprintf("%s/mix.wav", o2);
  cr_expect(tu_same_bytes(a, b), "the mix differs after the round trip");
  free(a);
  free(b);
  /* What it cannot hold. */
  char *lossy =
      tu_write_text(dir, "lossy.yaml",
                    HEAD "tracks:\n  d: {file: sine.wav, channels: [C], lfe: -10 dB}\n"
                         "  fx: {file: sine.wav, pan: {azimuth: 110}}\nmaster: {layout: 5.1}\n");
  cr_assert_eq(tu_run((const char *[]){"export", lossy, "-o", dp, "--force", NULL}, &o, &e), 0,
               "%s", e);
  cr_expect(strstr(e, "tracks.d.channels: not exported: the named channels"), "%s", e);
  cr_expect(strstr(e, "tracks.d.lfe: not exported: the LFE feed"), "%s", e);
  cr_expect(strstr(e, "tracks.fx.pan: not exported: the position (azimuth 110"), "%s", e);
  free(o);
  free(e);
  cr_assert_eq(tu_run((const char *[]){"import", dp, "-o", back, "--force", NULL}, &o, &e), 0, "%s",
               e);
  text = tu_slurp_must(back);
  cr_expect(strstr(text, "master:\n") && strstr(text, "  layout: \"5.1\"\n"), "%s", text);
  cr_expect(strstr(text, "the named channels"), "the import names the loss:\n%s", text);
  free(text);
  free(o);
  free(e);
  free(o1);
  free(o2);
  free(lossy);
  free(back);
  free(dp);
  free(recipe);
}

/* A position exported as the pan across the front pair that plays it
 * (azimuth 20 is pan -2/3; 150 plays from its mirror image, 30: pan -1),
 * its automation as the pan's, each said; the checks and normalize both
 * named as left out. The import reads the pan and its points back. */
Test(surround, an_exported_position_is_the_front_pan_that_plays_it)
{
  char *recipe =
      tu_write_text(dir, "pos.yaml",
                    HEAD "tracks:\n  k: {file: sine.wav, pan: {azimuth: [[0, 20], [1 s, 150]]}}\n"
                         "  s: {file: sine.wav, pan: {azimuth: -15, elevation: 10}}\n"
                         "  b: {file: sine.wav, pan: {azimuth: 180}}\n"
                         "master: {layout: 5.1, normalize: {target: -23 LUFS}}\n"
                         "checks: {loudness: {preset: ebu-r128}}\n");
  char *dp = tu_path(dir, "pos.dawproject"), *back = tu_path(dir, "pos-back.yaml");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"export", recipe, "-o", dp, NULL}, &o, &e), 0, "%s", e);
  cr_expect(strstr(e, "tracks.k.pan: not exported: the position (azimuth 20, elevation 0, spread "
                      "0; a DAWproject channel has a pan only): written as the pan across the "
                      "front pair that plays the azimuth, -0.666667, its automation as the pan's"),
            "%s", e);
  cr_expect(strstr(e, "tracks.s.pan: not exported: the position (azimuth -15, elevation 10") &&
                strstr(e, "front pair that plays the azimuth, 0.5\n"),
            "%s", e);
  /* straight behind plays as ahead: pan 0, never written "-0" */
  cr_expect(strstr(e, "tracks.b.pan: not exported: the position (azimuth 180") &&
                strstr(e, "front pair that plays the azimuth, 0\n"),
            "%s", e);
  cr_expect(strstr(e, "master.normalize: not exported"), "%s", e);
  cr_expect(strstr(e, "checks.loudness: not exported"), "%s", e);
  free(o);
  free(e);
  cr_assert_eq(tu_run((const char *[]){"import", dp, "-o", back, NULL}, &o, &e), 0, "%s", e);
  char *text = tu_slurp_must(back);
  cr_expect(strstr(text, "pan: [[0 s, -0.666666666667], [1 s, -1]]"), "%s", text);
  cr_expect(strstr(text, "pan: 0.5"), "%s", text);
  free(text);
  free(o);
  free(e);
  free(back);
  free(dp);
  free(recipe);
}

/* An azimuth moves the short way round: from 150 to -150 it passes behind
 * (180, between Ls and Rs, at half power each, halfway), never the front;
 * a position beside named channels with no send to follow it is refused. */
Test(surround, an_azimuth_moves_the_short_way_round)
{
  float *x = sp_xcalloc(N, sizeof *x);
  for (int i = 0; i < N; i++)
    x[i] = 0.5f;
  free(tu_write_wav(dir, "dc.wav", 1, 48000, 32, x, N));
  free(x);
  render(HEAD "tracks:\n  a: {file: dc.wav, pan: {azimuth: [[0, 150], [0.2 s, -150]]}}\n"
              "master: {layout: 5.1}\n",
         NULL);
  int64_t n = 0;
  double *y = out("mix", 6, &n);
  const int64_t mid = N / 2;
  cr_expect(fabs(y[mid * 6 + 4] - 0.5 * M_SQRT1_2) < 1e-3 &&
                fabs(y[mid * 6 + 5] - 0.5 * M_SQRT1_2) < 1e-3,
            "halfway: Ls %g Rs %g", y[mid * 6 + 4], y[mid * 6 + 5]);
  for (int64_t i = 0; i < n; i++)
    if (y[i * 6] != 0 || y[i * 6 + 1] != 0 || y[i * 6 + 2] != 0)
      cr_assert_fail("frame %lld reaches the front: L %g R %g C %g", (long long)i, y[i * 6],
                     y[i * 6 + 1], y[i * 6 + 2]);
  free(y);
}

/* A misspelt layout is one error: what would follow from the stereo it
 * is not (a channel master lacks, a fold with nothing to fold) is not
 * said. */
Test(surround, a_misspelt_layout_is_said_once)
{
  char *path =
      tu_write_text(dir, "m.yaml",
                    HEAD "tracks:\n  d: {file: sine.wav, channels: [C], to: b}\n"
                         "buses:\n  b: {layout: 5.1.4.2, fold: bs775}\nmaster: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 2, "%s%s", o, e);
  cr_expect(strstr(e, "buses.b.layout: expected a layout") && strstr(e, "did you mean '5.1.2'?"),
            "%s", e);
  const char *second = strstr(e, "error:") ? strstr(strstr(e, "error:") + 1, "error:") : NULL;
  cr_expect_null(second, "more than one error:\n%s", e);
  free(o);
  free(e);
  free(path);
}

/* A position behind into a bus left stereo (on its way to a 5.1 master):
 * it plays from its mirror image in front, which check warns of, naming
 * the bus and the layout that places it behind; a wider bus is quiet. */
Test(surround, a_position_behind_into_a_stereo_bus_is_warned_of)
{
  const char *buses[] = {"  b: {}\n", "  b: {layout: 5.1}\n"};
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf(HEAD "tracks:\n  d: {file: sine.wav, pan: {azimuth: [[0, 30], [1 s, "
                                   "-150]]}, to: b}\nbuses:\n%smaster: {layout: 5.1}\n",
                              buses[k]);
    char *path = tu_write_text(dir, "m.yaml", text);
    char *o = NULL, *e = NULL;
    cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 0, "%s%s", o, e);
    if (k == 0)
      cr_expect(strstr(e, "warning: ") &&
                    strstr(e, "tracks.d.pan.azimuth: azimuth -150 is behind the listener, and 'b' "
                              "(stereo) has no speaker behind: 'd' sounds from its mirror image "
                              "in front (-30); give 'b' a layout with surrounds"),
                "%s", e);
    else
      cr_expect_null(strstr(e, "behind the listener"), "%s", e);
    free(o);
    free(e);
    free(path);
    free(text);
  }
  /* a send that follows its strip's position: the warning is at the
   * strip's azimuth, where the value is written */
  char *path = tu_write_text(dir, "m.yaml",
                             HEAD "tracks:\n  d: {file: sine.wav, pan: {azimuth: -150}, sends: "
                                  "[{to: b, level: -6 dB}]}\nbuses:\n  b: {}\n"
                                  "master: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 0, "%s%s", o, e);
  cr_expect(strstr(e, "tracks.d.pan.azimuth: azimuth -150 is behind the listener, and 'b'"), "%s",
            e);
  free(o);
  free(e);
  free(path);
}

/* A gain matrix: the mono sine at 0.9695 into L and 0.2451 into Ls, the
 * stereo pair's channels weighed into C and straight into Rs, sample for
 * sample; names the destination lacks, or a count that is not the strip's,
 * are refused at their keys. */
Test(surround, a_gain_matrix_places_a_strip_exactly)
{
  render(HEAD "tracks:\n  m: {file: sine.wav, pan: {gains: {L: 0.9695, Ls: 0.2451}}}\n"
              "  p: {file: pair.wav, pan: {gains: {C: [0.5, 0.25], Rs: [0, 1]}}}\n"
              "master: {layout: 5.1}\n",
         NULL);
  int64_t n = 0;
  double *y = out("mix", 6, &n);
  for (int64_t i = 0; i < n; i++) {
    const float s = (float)(0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000));
    const double want[6] = {(double)(s * 0.9695f), 0,  (double)(0.25f * 0.5f + 0.5f * 0.25f), 0,
                            (double)(s * 0.2451f), 0.5};
    for (int c = 0; c < 6; c++)
      if (fabs(y[i * 6 + c] - want[c]) > 1e-7)
        cr_assert_fail("frame %lld channel %d: %.9g, want %.9g", (long long)i, c, y[i * 6 + c],
                       want[c]);
  }
  free(y);
  char *path =
      tu_write_text(dir, "g.yaml",
                    HEAD "tracks:\n  m: {file: sine.wav, pan: {gains: {Lw: 1, C: [1, 1]}}}\n"
                         "master: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 2, "%s%s", o, e);
  cr_expect(strstr(e, "tracks.m.pan.gains.Lw: 'master' has no channel Lw"), "%s", e);
  cr_expect(strstr(e, "tracks.m.pan.gains.C: 2 gains for a strip of 1 channel"), "%s", e);
  free(o);
  free(e);
  free(path);
}

/* A send's own gain matrix, as a strip's (issue 63: what Ardour's VBAP
 * gives a mono route's aux send into a 5.1 bus): the mono sine into the
 * printed 5.1 bus at 0.97 into L, 0.2 into C, 0.1 into LFE and nothing
 * elsewhere, sample for sample, whatever the strip's own pan (moving); a
 * channel the bus lacks, or a count that is not the strip's, refused at the
 * send's key; named as not exported to a DAWproject, as a send's position
 * is. */
Test(surround, a_send_has_a_gain_matrix_of_its_own)
{
  render(HEAD "tracks:\n  m: {file: sine.wav, pan: [[0, -0.5], [0.1 s, 0.5]], sends: [{to: sur, "
              "pan: {gains: {L: 0.97, C: 0.2, LFE: 0.1}}}]}\n"
              "buses:\n  sur: {layout: 5.1, print: true, to: none}\n",
         NULL);
  int64_t n = 0;
  double *y = out("sur", 6, &n);
  cr_assert_gt(n, 0);
  for (int64_t i = 0; i < n; i++) {
    const float s = (float)(0.5 * sin(2 * M_PI * 1000.0 * (double)i / 48000));
    const double want[6] = {(double)(s * 0.97f), 0, (double)(s * 0.2f), (double)(s * 0.1f), 0, 0};
    for (int c = 0; c < 6; c++)
      if (fabs(y[i * 6 + c] - want[c]) > 1e-7)
        cr_assert_fail("frame %lld channel %d: %.9g, want %.9g", (long long)i, c, y[i * 6 + c],
                       want[c]);
  }
  free(y);
  char *path = tu_write_text(dir, "g.yaml",
                             HEAD "tracks:\n  m: {file: sine.wav, sends: [{to: sur, pan: {gains: "
                                  "{Lw: 1, C: [1, 1]}}}]}\n"
                                  "buses:\n  sur: {layout: 5.1}\nmaster: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 2, "%s%s", o, e);
  cr_expect(strstr(e, "tracks.m.sends[0].pan.gains.Lw: 'sur' has no channel Lw; its channels are "
                      "L R C LFE Ls Rs"),
            "%s", e);
  cr_expect(strstr(e, "tracks.m.sends[0].pan.gains.C: 2 gains for a strip of 1 channel"), "%s", e);
  free(o);
  free(e);
  /* a DAWproject send has a pan only: its matrix is named as not exported */
  char *ok = tu_write_text(dir, "x.yaml",
                           HEAD "tracks:\n  m: {file: sine.wav, sends: [{to: sur, pan: {gains: "
                                "{L: 0.97}}}, {to: sur, pan: {azimuth: 110}}]}\n"
                                "buses:\n  sur: {layout: 5.1, to: none}\n");
  char *dp = tu_path(dir, "x.dawproject");
  cr_assert_eq(tu_run((const char *[]){"export", ok, "-o", dp, NULL}, &o, &e), 0, "%s", e);
  cr_expect(strstr(e, "tracks.m.sends[0].pan: not exported: the send's gain matrix"), "%s", e);
  cr_expect(strstr(e, "tracks.m.sends[1].pan: not exported: the send's position (azimuth 110, "
                      "elevation 0, spread 0; a DAWproject send has a pan only)"),
            "%s", e);
  free(o);
  free(e);
  free(dp);
  free(ok);
  free(path);
}

/* loudness --csv gives a surround file's channels in a table of their
 * own after the files': C reads the 997 Hz sine's -9.03 LUFS, a silent
 * channel empty cells. */
Test(surround, loudness_csv_has_a_table_of_channels)
{
  tone997();
  render(HEAD "tracks:\n  a: {file: tone997.wav, channels: [C]}\nmaster: {layout: 5.1}\n", NULL);
  char *mix = tu_path(dir, "out/mix.wav");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"loudness", "--csv", mix, NULL}, &o, &e), 0, "%s", e);
  const char *t = strstr(o, "\n\npath,channel,integrated_lufs,true_peak_dbtp,sample_peak_dbfs\n");
  cr_assert_not_null(t, "%s", o);
  char want[600];
  snprintf(want, sizeof want, "\"%s\",\"C\",", mix);
  const char *c = strstr(t, want);
  cr_assert_not_null(c, "%s", o);
  const double lufs = strtod(c + strlen(want), NULL);
  cr_expect(fabs(lufs - (-3.01 + 20 * log10(0.5))) < 0.02, "C: %.3f", lufs);
  snprintf(want, sizeof want, "\"%s\",\"Ls\",,,\n", mix);
  cr_expect(strstr(t, want), "%s", o);
  free(o);
  free(e);
  free(mix);
}

/* A fold-down that clips says why (it adds channels up) and what to lower:
 * a 0.9 sine in L and C folds into Lo at 0.9 + 0.708 × 0.9. */
Test(surround, a_clipping_fold_says_to_lower_its_levels)
{
  tu_write_tone(dir, "loud.wav", N, 1000, 0.9);
  char *path = tu_write_text(dir, "c.yaml",
                             "stemprint: 1\ntracks:\n  a: {file: loud.wav, channels: [L, C]}\n"
                             "master: {layout: 5.1}\noutput: {dir: out, depth: 24, also: "
                             "[{format: wav, layout: stereo, name: \"{name}_st\"}]}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"render", "-q", path, NULL}, &o, &e), 1, "%s%s", o, e);
  cr_expect(strstr(e, "mix_st.wav has ") &&
                strstr(e, "the fold into stereo adds channels up past master's ceiling: lower the "
                          "set's fold levels"),
            "%s", e);
  free(o);
  free(e);
  free(path);
}

/* A true-stereo impulse response (four channels: L to L, L to R, R to L,
 * R to R) feeds each output from both inputs: an impulse in L at frame 0
 * comes out in L at once and in R 10 frames later at 0.5; one in R at
 * frame 100 in R at once and in L 20 frames later at 0.25; nothing else. */
Test(surround, a_true_stereo_impulse_response)
{
  float ir[4 * 64] = {0};
  ir[0 * 4 + 0] = 1.0f;   /* L to L */
  ir[10 * 4 + 1] = 0.5f;  /* L to R */
  ir[20 * 4 + 2] = 0.25f; /* R to L */
  ir[0 * 4 + 3] = 1.0f;   /* R to R */
  free(tu_write_wav(dir, "ts.wav", 4, 48000, 32, ir, 64));
  static float x[2 * 400];
  x[0] = 1.0f;           /* L at 0 */
  x[2 * 100 + 1] = 1.0f; /* R at 100 */
  free(tu_write_wav(dir, "imp2.wav", 2, 48000, 32, x, 400));
  render(HEAD "tail: 0\ntracks:\n  a: {file: imp2.wav, to: verb}\n"
              "buses:\n  verb: {inserts: [{convolver: {ir: ts.wav}}]}\n",
         NULL);
  int64_t n = 0;
  double *y = out("mix", 2, &n);
  cr_assert_geq(n, 200);
  for (int64_t i = 0; i < 200; i++) {
    const double want_l = i == 0 ? 1 : i == 120 ? 0.25 : 0;
    const double want_r = i == 10 ? 0.5 : i == 100 ? 1 : 0;
    if (fabs(y[2 * i] - want_l) > 1e-6 || fabs(y[2 * i + 1] - want_r) > 1e-6)
      cr_assert_fail("frame %lld: L %.9f R %.9f, want %g %g", (long long)i, y[2 * i], y[2 * i + 1],
                     want_l, want_r);
  }
  free(y);
}

/* The gains of a stereo pair of speakers at ±30° for a point source at
 * azimuth a, computed from the tangent law (Bennett et al.; Pulkki's 2-D
 * VBAP over one pair) at unit power: (gL − gR)/(gL + gR) = tan a / tan 30°.
 * Beyond a speaker, that speaker; behind (|a| > 90°), the mirror image in
 * front (180° − a), each channel on its own side, as docs/recipe.md says. */
static void tangent_pair(double a, double *gl, double *gr)
{
  a = fmod(a + 540.0, 360.0) - 180.0; /* -180 .. 180 */
  if (a > 90)
    a = 180 - a;
  else if (a < -90)
    a = -180 - a;
  if (a >= 30 || a <= -30) {
    *gl = a > 0;
    *gr = a < 0;
    return;
  }
  const double r = tan(a * M_PI / 180) / tan(M_PI / 6); /* (gl − gr)/(gl + gr) */
  const double l = 1 + r, rr = 1 - r, n = hypot(l, rr);
  *gl = l / n;
  *gr = rr / n;
}

/* A stereo track placed by a position into a stereo master: its channels
 * at ±30° × width around the position, each by the panner (docs/recipe.md:
 * "A stereo source's channels sit at ±30° × `width` around the position"),
 * as into 5.1; it played L in L and R in R whatever the azimuth and width.
 * A plain pan keeps the pan law's stereo panner; a send that follows the
 * position into a stereo bus is placed the same; a moving width beside a
 * position into stereo is refused (it was ignored). */
Test(surround, a_stereo_track_placed_by_a_position_into_stereo)
{
  float *l = sp_xcalloc(2 * N, sizeof *l), *r = sp_xcalloc(2 * N, sizeof *r);
  for (int i = 0; i < N; i++) {
    l[2 * i] = 0.5f;
    r[2 * i + 1] = 0.5f;
  }
  free(tu_write_wav(dir, "lonly.wav", 2, 48000, 32, l, N));
  free(tu_write_wav(dir, "ronly.wav", 2, 48000, 32, r, N));
  free(l);
  free(r);
  static const struct {
    const char *pan;
    double az, width;
  } cases[] = {
      {"{azimuth: 0}, width: 0", 0, 0},
      {"{azimuth: 0}, width: 0.5", 0, 0.5},
      {"{azimuth: 90}", 90, 1},
      {"{azimuth: 165.7}", 165.7, 1},
      {"{azimuth: 180}", 180, 1},
      {"{azimuth: -12}, width: -0.7", -12, -0.7},
      {"{azimuth: 10}, width: 0.25", 10, 0.25},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *text = sp_xasprintf(
        HEAD "tracks:\n  l: {file: lonly.wav, pan: %s}\n"
             "  r: {file: ronly.wav, pan: %s}\n"
             "  s: {file: lonly.wav, pan: %s, gain: -inf dB, sends: [{to: b, tap: pre}]}\n"
             "buses:\n  b: {}\nstems: {l: [l], r: [r], b: [s]}\n",
        cases[k].pan, cases[k].pan, cases[k].pan);
    render(text, NULL);
    free(text);
    int64_t n;
    double *yl = out("l", 2, &n), *yr = out("r", 2, &n), *yb = out("b", 2, &n);
    const double half = 30 * cases[k].width;
    double ll, lr, rl, rr;
    tangent_pair(cases[k].az + half, &ll, &lr); /* the file's L */
    tangent_pair(cases[k].az - half, &rl, &rr); /* its R */
    for (int64_t i = 0; i < n; i += 331) {
      cr_expect(fabs(yl[2 * i] - 0.5 * ll) < 1e-6 && fabs(yl[2 * i + 1] - 0.5 * lr) < 1e-6,
                "%s: the file's L into (%.6f, %.6f), want (%.6f, %.6f)", cases[k].pan,
                yl[2 * i] / 0.5, yl[2 * i + 1] / 0.5, ll, lr);
      cr_expect(fabs(yr[2 * i] - 0.5 * rl) < 1e-6 && fabs(yr[2 * i + 1] - 0.5 * rr) < 1e-6,
                "%s: the file's R into (%.6f, %.6f), want (%.6f, %.6f)", cases[k].pan,
                yr[2 * i] / 0.5, yr[2 * i + 1] / 0.5, rl, rr);
      cr_expect(fabs(yb[2 * i] - 0.5 * ll) < 1e-6 && fabs(yb[2 * i + 1] - 0.5 * lr) < 1e-6,
                "%s: the send's L into (%.6f, %.6f), want (%.6f, %.6f)", cases[k].pan,
                yb[2 * i] / 0.5, yb[2 * i + 1] / 0.5, ll, lr);
      if (i > 2000)
        break;
    }
    free(yl);
    free(yr);
    free(yb);
  }
  /* a plain pan keeps the stereo panner: L at pan − width by the -3 dB law */
  render(HEAD "tracks:\n  l: {file: lonly.wav, pan: 0.3, width: 0.5}\nstems: {l: [l]}\n", NULL);
  int64_t n;
  double *y = out("l", 2, &n);
  const double th = (0.3 - 0.5 + 1) * M_PI / 4;
  cr_expect(fabs(y[100] - 0.5 * cos(th)) < 1e-7 && fabs(y[101] - 0.5 * sin(th)) < 1e-7,
            "plain pan: (%g, %g)", y[100], y[101]);
  free(y);
  char *path = tu_write_text(dir, "w.yaml",
                             HEAD "tracks:\n  l: {file: lonly.wav, pan: {azimuth: 20}, "
                                  "width: [[0, 1], [0.1 s, 0]]}\n");
  char *o = NULL, *e = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", path, NULL}, &o, &e), 2, "%s%s", o, e);
  cr_expect(strstr(e, "tracks.l.width: 'l' is placed by a position, where its width is a spread "
                      "placed once; a width moves only with a plain pan"),
            "%s", e);
  free(o);
  free(e);
  free(path);
}

/* ffmpeg's ebur128 filter's integrated loudness of path, LUFS (NAN: none). */
static double ffmpeg_integrated(const char *path)
{
  char *cmd = sp_xasprintf("ffmpeg -hide_banner -nostats -nostdin -i '%s' -af ebur128 -f null - "
                           "2>&1",
                           path);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p, "%s", cmd);
  char line[512];
  double i = NAN;
  while (fgets(line, sizeof line, p)) /* the summary's "I:" is the last */
    if (strstr(line, " I: ") || strncmp(line, "    I:", 6) == 0)
      sscanf(strstr(line, "I:") + 2, "%lf", &i);
  cr_assert_eq(pclose(p), 0, "%s (ffmpeg: sh scripts/deps.sh --tests installs it)", cmd);
  free(cmd);
  return i;
}

/* docs/recipe.md's two deliveries of different loudness from one recipe:
 * its two render lines, run on recipes/surround/scene.yaml, deliver a 5.1
 * at -24 LUFS and a stereo fold at -14 LUFS, as ffmpeg's ebur128 reads
 * the two files; the first render's fold at the level the text says. */
Test(surround, two_deliveries_of_different_loudness_as_the_docs_say, .timeout = TU_TIMEOUT(240))
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  const char *at = strstr(doc, "**Two deliveries of different loudness from one recipe**");
  cr_assert_not_null(at);
  at = strstr(at, "```sh\n");
  cr_assert_not_null(at);
  at += 6;
  cr_assert(strstr(at, "`mix_stereo.wav -23.1 LUFS`"));
  char *outs[2] = {tu_path(dir, "first"), tu_path(dir, "stereo")};
  for (int k = 0; k < 2; k++) {
    const char *end = strchr(at, '\n');
    char *line = sp_xasprintf("%.*s", (int)(end - at), at);
    at = end + 1;
    cr_assert(strncmp(line, "stemprint render recipes/surround/scene.yaml ", 45) == 0, "%s", line);
    const char *args[24];
    size_t n = 0;
    char *save = NULL;
    for (char *w = strtok_r(line + 10, " ", &save); w && n < 20; w = strtok_r(NULL, " ", &save))
      args[n++] = w;
    args[1] = SP_SOURCE_DIR "/recipes/surround/scene.yaml";
    for (size_t i = 0; i + 1 < n; i++) /* -o out/stereo: into the test's folder */
      if (strcmp(args[i], "-o") == 0)
        args[i + 1] = outs[1];
    if (k == 0) {
      args[n++] = "-o";
      args[n++] = outs[0];
    }
    args[n] = NULL;
    char *out = NULL, *err = NULL;
    cr_assert_eq(tu_run(args, &out, &err), 0, "%s\n%s%s", line, out, err);
    const char *fold = strstr(out, "/mix_stereo.wav ");
    if (k == 0)
      cr_expect(fold && strncmp(fold + strspn(fold + 15, " ") + 15, "-23.1 LUFS", 10) == 0, "%s",
                out);
    free(out), free(err), free(line);
  }
  char *five = tu_path(outs[0], "mix.wav"), *stereo = tu_path(outs[1], "mix_stereo.wav");
  const double a = ffmpeg_integrated(five), b = ffmpeg_integrated(stereo);
  cr_expect(fabs(a + 24.0) <= 0.05, "the 5.1: %.2f LUFS", a);
  cr_expect(fabs(b + 14.0) <= 0.05, "the stereo fold: %.2f LUFS", b);
  free(five), free(stereo), free(outs[0]), free(outs[1]), free(doc);
}
