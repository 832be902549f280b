/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CD image (core/album/redbook.h, io/album/cd.h): MSF, the rounding
 * rule, the ISRC and UPC/EAN validators, the Red Book's rules each refused
 * with its text; a three-track disc written as BIN, CUE and TOC, read back
 * by tools stemprint does not contain: cueprint and libcue (the CUE),
 * cdrdao show-toc, show-data, toc2cue and toc2cddb (the TOC), shntool
 * split (the BIN split by the CUE, byte for byte against the placement). */

#include "core/album/redbook.h"
#include "core/base/alloc.h"
#include "io/album/cd.h"
#include "io/audio/media.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef SP_TEST_LIBCUE
#include <libcue.h>
#endif

TestSuite(cd, .timeout = TU_TIMEOUT(120));

/* ---- MSF and the rounding rule ------------------------------------------- */

static void expect_msf(int64_t sectors, const char *want)
{
  char got[16];
  sp_cd_msf(sectors, got);
  cr_expect_str_eq(got, want, "sector %lld", (long long)sectors);
  int64_t back = -1;
  cr_expect(sp_cd_msf_parse(want, &back) && back == sectors, "%s parsed as %lld", want,
            (long long)back);
}

Test(cd, msf_known_answers)
{
  expect_msf(0, "00:00:00");
  expect_msf(74, "00:00:74");
  expect_msf(75, "00:01:00");
  expect_msf(150, "00:02:00");
  expect_msf(4499, "00:59:74");
  expect_msf(4500, "01:00:00");
  expect_msf(SP_CD_MAX_SECTORS, "79:57:74");
  int64_t s;
  const char *bad[] = {"00:60:00", "00:00:75", "1:2", "a", "00:00:00x", "-1:00:00", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_expect_not(sp_cd_msf_parse(bad[i], &s), "'%s' parsed", bad[i]);
}

Test(cd, album_frames_round_half_up_to_samples_then_down_to_their_sector)
{
  /* 48 kHz: frame 640 is sample 588.0 (sector 1), 639 is 587.1 (sector 0) */
  cr_expect_eq(sp_cd_sample_of(48000, 48000), 44100);
  cr_expect_eq(sp_cd_sample_of(1, 48000), 1); /* 0.92 */
  cr_expect_eq(sp_cd_sample_of(24000, 48000), 22050);
  cr_expect_eq(sp_cd_sector_of(640, 48000), 1);
  cr_expect_eq(sp_cd_sector_of(639, 48000), 0);
  /* 96 kHz: frame 1279 is sample 587.58, rounded to 588: sector 1 */
  cr_expect_eq(sp_cd_sample_of(1279, 96000), 588);
  cr_expect_eq(sp_cd_sector_of(1279, 96000), 1);
  cr_expect_eq(sp_cd_sector_of(1278, 96000), 0);
  /* at 44.1 kHz a frame is a sample */
  cr_expect_eq(sp_cd_sector_of(587, 44100), 0);
  cr_expect_eq(sp_cd_sector_of(588, 44100), 1);
  cr_expect_eq(sp_cd_sector_of(-1, 44100), -1);
  /* the master's length as the resampler's source has it */
  cr_expect_eq(sp_cd_sample_of(48001, 48000), sp_session_frames(48001, 48000, 44100));
  cr_expect_eq(sp_cd_sample_of(12345679, 96000), sp_session_frames(12345679, 96000, 44100));
}

/* ---- the disc of the tests ----------------------------------------------- */

/* 15 s at 48 kHz: track 1 from 0 (a 440 Hz tone), track 2 from 6 s with a
 * 1 s pregap (660 Hz), track 3 from 10.5 s with INDEX 02 at 12 s (880
 * Hz). */
enum { RATE = 48000, SECONDS = 15 };
static const int64_t index3[] = {12 * RATE};
static sp_cd_track tracks[3] = {
    {.start_frame = 0,
     .title = "Tone \"A\"",
     .performer = "Sine Ensemble",
     .songwriter = "Fourier",
     .isrc = "US-RC1-76-07839"},
    {.start_frame = 6 * RATE,
     .pregap_frames = 1 * RATE,
     .title = "Tone E, café",
     .performer = "Sine Ensemble",
     .isrc = "GBAAA0000001"},
    {.start_frame = 10 * RATE + RATE / 2,
     .index_frames = index3,
     .n_index = 1,
     .title = "Tone A'",
     .performer = "Sine \\ Ensemble"},
};
static const sp_cd_disc disc = {.rate_hz = RATE,
                                .frames = (int64_t)SECONDS * RATE,
                                .title = "Three Tones",
                                .performer = "Sine Ensemble",
                                .catalog = "036000291452",
                                .tracks = tracks,
                                .n = 3};

Test(cd, a_disc_is_placed_on_the_sectors_its_frames_predict)
{
  sp_cd_layout l;
  sp_cd_place_disc(&disc, &l);
  cr_expect_eq(l.samples, 15 * 44100);
  cr_expect_eq(l.sectors, 15 * 75);
  cr_expect_eq(l.n, 3);
  cr_expect_eq(l.first_pregap_sectors, 150);
  cr_expect_eq(l.tracks[0].index0_sectors, -1);
  cr_expect_eq(l.tracks[0].index1_sectors, 0);
  cr_expect_eq(l.tracks[0].end_sectors, 375); /* 5 s: track 2's pregap */
  cr_expect_eq(l.tracks[1].index0_sectors, 375);
  cr_expect_eq(l.tracks[1].index1_sectors, 450);
  cr_expect_eq(l.tracks[1].end_sectors, 787); /* 10.5 s: sample 463050, sector 787.5 */
  cr_expect_eq(l.tracks[2].index0_sectors, -1);
  cr_expect_eq(l.tracks[2].index1_sectors, 787);
  cr_expect_eq(l.tracks[2].n_index, 1);
  cr_expect_eq(l.tracks[2].index_sectors[0], 900);
  cr_expect_eq(l.tracks[2].end_sectors, 1125);
  cr_expect_eq(sp_cd_track_sectors(&l.tracks[1]), 337);
  sp_redbook_issue *is;
  const size_t n = sp_redbook_check(&disc, &is);
  cr_expect_eq(n, 0, "%s", n ? is[0].text : "");
  free(is);
  sp_cd_layout_fini(&l);
  /* an odd length is padded to a whole sector; a first track that starts
   * late has the master before it as its pregap */
  sp_cd_track late = {.start_frame = RATE};
  sp_cd_disc odd = {.rate_hz = RATE, .frames = 5 * RATE + 1, .tracks = &late, .n = 1};
  sp_cd_place_disc(&odd, &l);
  cr_expect_eq(l.samples, 5 * 44100 + 1);
  cr_expect_eq(l.sectors, 5 * 75 + 1);
  cr_expect_eq(l.tracks[0].index0_sectors, 0);
  cr_expect_eq(l.tracks[0].index1_sectors, 75);
  cr_expect_eq(l.first_pregap_sectors, 225);
  sp_cd_layout_fini(&l);
}

/* ---- the codes ----------------------------------------------------------- */

static void expect_isrc(const char *s, const char *why_want)
{
  char why[128] = "";
  const bool ok = sp_isrc_valid(s, why);
  if (!why_want)
    cr_expect(ok, "'%s' refused: %s", s, why);
  else {
    cr_expect_not(ok, "'%s' accepted", s);
    cr_expect_str_eq(why, why_want, "'%s'", s);
  }
}

Test(cd, isrc_with_or_without_hyphens_and_each_error_said)
{
  expect_isrc("US-RC1-76-07839", NULL);
  expect_isrc("USRC17607839", NULL);
  expect_isrc("GB-A1B-00-00001", NULL);
  char c[13];
  sp_isrc_compact("US-RC1-76-07839", c);
  cr_expect_str_eq(c, "USRC17607839");
  expect_isrc("", "an ISRC is CC-XXX-YY-NNNNN (e.g. US-RC1-76-07839); it is empty");
  expect_isrc(NULL, "an ISRC is CC-XXX-YY-NNNNN (e.g. US-RC1-76-07839); it is empty");
  expect_isrc("USRC1760783", "'USRC1760783' is 11 characters: an ISRC is CC-XXX-YY-NNNNN (15) "
                             "or the same without hyphens (12)");
  expect_isrc("US-RC17-6-07839", "'US-RC17-6-07839': its hyphens go after the country, the "
                                 "registrant and the year: CC-XXX-YY-NNNNN");
  expect_isrc("us-rc1-76-07839", "'us-rc1-76-07839': the country code 'us' is two letters (ISO "
                                 "3166-1); write its letters in capitals");
  expect_isrc("U1-RC1-76-07839",
              "'U1-RC1-76-07839': the country code 'U1' is two letters (ISO 3166-1)");
  expect_isrc("USR_17607839",
              "'USR_17607839': the registrant code 'R_1' is three letters or digits");
  expect_isrc("US-RC1-7A-07839", "'US-RC1-7A-07839': the year '7A' is two digits");
  expect_isrc("US-RC1-76-0783X", "'US-RC1-76-0783X': the designation code '0783X' is five digits");
}

static void expect_upc(const char *s, const char *why_want)
{
  char why[128] = "";
  const bool ok = sp_upc_valid(s, why);
  if (!why_want)
    cr_expect(ok, "'%s' refused: %s", s, why);
  else {
    cr_expect_not(ok, "'%s' accepted", s);
    cr_expect_str_eq(why, why_want, "'%s'", s);
  }
}

Test(cd, upc_and_ean_with_their_check_digit_and_each_error_said)
{
  expect_upc("036000291452", NULL);  /* UPC-A */
  expect_upc("4006381333931", NULL); /* EAN-13 */
  expect_upc("0012345678905", NULL);
  cr_expect_eq(sp_gs1_check_digit("03600029145", 11), 2);
  cr_expect_eq(sp_gs1_check_digit("400638133393", 12), 1);
  char cat[14];
  sp_upc_catalog("036000291452", cat);
  cr_expect_str_eq(cat, "0036000291452");
  sp_upc_catalog("4006381333931", cat);
  cr_expect_str_eq(cat, "4006381333931");
  expect_upc("036000291453",
             "'036000291453' ends in the check digit 3 where its digits make 2: the number is "
             "mistyped");
  expect_upc("4006381333932",
             "'4006381333932' ends in the check digit 2 where its digits make 1: the number is "
             "mistyped");
  expect_upc("12345", "'12345' is 5 digits: a UPC-A has 12, an EAN-13 13");
  expect_upc("", "'' is 0 digits: a UPC-A has 12, an EAN-13 13");
  expect_upc("03600029145A", "'03600029145A': character 12 is not a digit: a UPC/EAN is 12 or 13 "
                             "digits, nothing else");
  expect_upc("0360-0029-1452", "'0360-0029-1452': character 5 is not a digit: a UPC/EAN is 12 or "
                               "13 digits, nothing else");
}

Test(cd, cd_text_is_latin1_without_control_characters)
{
  char out[64], why[128];
  cr_expect(sp_cd_text_latin1("café", out, sizeof out, why));
  cr_expect_str_eq(out, "caf\xe9");
  cr_expect_not(sp_cd_text_latin1("\xe6\x97\xa5", out, sizeof out, why));
  cr_expect_str_eq(why, "character 1 (U+65E5) is not in ISO-8859-1, CD-Text's character set: "
                        "write it in Latin letters");
  cr_expect_not(sp_cd_text_latin1("a\tb", out, sizeof out, why));
  cr_expect_str_eq(why, "character 2 is a control character (U+0009): CD-Text holds printable "
                        "text only");
  cr_expect_not(sp_cd_text_latin1("ab\xff", out, sizeof out, why));
  cr_expect_str_eq(why, "character 3 is not UTF-8 (byte 0xFF)");
  /* a backslash last: libcue reads "Ends\" as an escaped quote (review 26
   * F12); one inside is taken (the TOC writes it in octal) */
  cr_expect_not(sp_cd_text_latin1("Ends\\", out, sizeof out, why));
  cr_expect_str_eq(why, "character 5, the last, is a backslash, which CUE readers take as "
                        "escaping the closing quote");
  cr_expect(sp_cd_text_latin1("AC\\DC", out, sizeof out, why));
}

/* ---- the rules ----------------------------------------------------------- */

/* d's issues: exactly one, at track and field, its text want. */
static void expect_one(const sp_cd_disc *d, long track, const char *field, const char *want)
{
  sp_redbook_issue *is = NULL;
  const size_t n = sp_redbook_check(d, &is);
  cr_expect_eq(n, 1, "%zu issues, the first: %s", n, n ? is[0].text : "");
  if (n >= 1) {
    cr_expect_eq(is[0].track, track, "%s", is[0].text);
    cr_expect_str_eq(is[0].field, field, "%s", is[0].text);
    cr_expect_str_eq(is[0].text, want);
  }
  free(is);
}

Test(cd, each_red_book_rule_is_refused_with_its_fix)
{
  sp_cd_track t[3];
  memcpy(t, tracks, sizeof t);
  sp_cd_disc d = disc;
  d.tracks = t;
  /* a track under 4 s */
  t[2].n_index = 0;
  t[2].start_frame = 11 * RATE + RATE / 2;
  expect_one(&d, 2, "start_frame",
             "track 3 plays 00:03:38 (263 sectors) from its INDEX 01 to the disc's end, and a "
             "track lasts at least 4 s (300 sectors); lengthen it, or join it to a neighbour");
  memcpy(t, tracks, sizeof t);
  /* a pregap reaching into the track before */
  t[1].pregap_frames = 6 * RATE + 1;
  expect_one(&d, 1, "pregap_frames",
             "track 2's pregap of 6.000 s starts before the master does; shorten it to 6.000 s");
  t[1].pregap_frames = 6 * RATE; /* track 1 has no sector left, and track 2 overlaps it */
  sp_redbook_issue *is = NULL;
  size_t n = sp_redbook_check(&d, &is);
  cr_assert_eq(n, 2, "%zu issues", n);
  cr_expect_eq(is[0].track, 0);
  cr_expect_str_eq(is[0].text, "track 1 plays 00:00:00 (0 sectors) from its INDEX 01 to the next "
                               "track, and a track lasts at least 4 s (300 sectors); lengthen "
                               "it, or join it to a neighbour");
  cr_expect_eq(is[1].track, 1);
  cr_expect_str_eq(is[1].field, "pregap_frames");
  cr_expect_str_eq(is[1].text, "track 2's pregap starts at 00:00:00 (sector 0) is not after track "
                               "1's last index at 00:00:00 (sector 0); start it later, or shorten "
                               "its pregap");
  free(is);
  memcpy(t, tracks, sizeof t);
  /* INDEX 02 before INDEX 01, and past the track's end */
  const int64_t early[] = {10 * RATE}, late[] = {15 * RATE};
  t[2].index_frames = early;
  expect_one(&d, 2, "index_frames",
             "track 3's INDEX 02 at 00:10:00 (sector 750) is not after INDEX 01 at 00:10:37 "
             "(sector 787); index points increase, a sector (1/75 s) apart at least");
  t[2].index_frames = late;
  expect_one(&d, 2, "index_frames",
             "track 3's INDEX 02 at 00:15:00 (sector 1125) is not before the track ends at "
             "00:15:00 (sector 1125); move it into the track");
  memcpy(t, tracks, sizeof t);
  /* 99 index points: INDEX 01 to 100 */
  int64_t many[99];
  for (int k = 0; k < 99; k++)
    many[k] = 11 * RATE + (int64_t)k * 1000;
  t[2].index_frames = many;
  t[2].n_index = 99;
  expect_one(&d, 2, "index_frames",
             "track 3 has 100 index points (INDEX 01 to 100), and a track holds at most INDEX "
             "99; drop 1 of them");
  memcpy(t, tracks, sizeof t);
  /* a start past the master */
  t[2].start_frame = 16 * RATE;
  n = sp_redbook_check(&d, &is);
  cr_expect_geq(n, 1);
  cr_expect_str_eq(is[0].text, "track 3 starts at 16.000 s, outside the master's 15.000 s; start "
                               "it within the master");
  free(is);
  memcpy(t, tracks, sizeof t);
  /* the codes */
  t[1].isrc = "GB-AAA-00-0001";
  expect_one(&d, 1, "isrc",
             "'GB-AAA-00-0001' is 14 characters: an ISRC is CC-XXX-YY-NNNNN (15) or the same "
             "without hyphens (12); copy the track's ISRC from its registration");
  memcpy(t, tracks, sizeof t);
  d.catalog = "036000291453";
  expect_one(&d, -1, "catalog",
             "'036000291453' ends in the check digit 3 where its digits make 2: the number is "
             "mistyped; give the UPC/EAN as printed under its bar code");
  d.catalog = disc.catalog;
  /* CD-Text */
  t[0].title = "\xe6\x97\xa5\xe6\x9c\xac";
  expect_one(&d, 0, "title",
             "character 1 (U+65E5) is not in ISO-8859-1, CD-Text's character set: write it in "
             "Latin letters; fix the text");
  memcpy(t, tracks, sizeof t);
  char *longest = sp_xmalloc(1101);
  memset(longest, 'x', 1100);
  longest[1100] = '\0';
  for (int k = 0; k < 3; k++)
    t[k].title = longest;
  expect_one(&d, -1, "cd_text",
             "the CD-Text takes 283 packs of 12 bytes, and a block holds 253; shorten the titles, "
             "performers or songwriters by 360 bytes");
  free(longest);
}

Test(cd, too_many_tracks_and_too_long_a_disc_are_refused)
{
  /* 100 tracks of 4 s, 80 minutes of master */
  enum { N = 100 };
  sp_cd_track *t = sp_xcalloc(N, sizeof *t);
  for (int k = 0; k < N; k++)
    t[k].start_frame = (int64_t)k * 4 * 44100;
  sp_cd_disc d = {.rate_hz = 44100, .frames = 80LL * 60 * 44100, .tracks = t, .n = N};
  sp_redbook_issue *is = NULL;
  const size_t n = sp_redbook_check(&d, &is);
  cr_assert_geq(n, 2);
  cr_expect_str_eq(is[0].field, "tracks");
  cr_expect_str_eq(is[0].text, "the disc has 100 tracks, and a CD holds at most 99; join tracks, "
                               "or make two discs");
  cr_expect_str_eq(is[1].field, "frames");
  cr_expect_str_eq(is[1].text, "the image lasts 80:00:00 (sector 360000), and a CD holds at most "
                               "79:57:74 (sector 359849); cut 00:02:01, or make two discs");
  free(is);
  d.n = 0;
  cr_assert_eq(sp_redbook_check(&d, &is), 2);
  cr_expect_str_eq(is[0].text, "the disc has no track; give it at least one");
  free(is);
  free(t);
}

/* ---- the image ----------------------------------------------------------- */

/* The image of the master file at master (its rate and length d's, one
 * or two channels) as BASE.bin, BASE.cue and BASE.toc, each replacing
 * what was there: the album's image (sp_cd_image_*) fed the file's
 * frames in blocks and landed by rename, as the album's pass lands it
 * with its other files. */
static sp_err cd_write(const char *master, const sp_cd_disc *d, const char *base,
                       sp_cd_result *res, char *why, size_t size)
{
  enum { BLOCK = 4096 };
  const sp_media *m = sp_audio_media();
  sp_audio_info info;
  sp_err err = sp_media_probe(m, master, &info, why, size);
  sp_cd_image *im = NULL;
  if (err == SP_OK)
    err = sp_cd_image_open(d, base, info.channels, true, &im, why, size);
  sp_source *src = NULL;
  if (err == SP_OK)
    err = m->source(m, master, d->rate_hz, 0, &src, why, size);
  float *ch[2] = {sp_xcalloc(BLOCK, sizeof(float)), sp_xcalloc(BLOCK, sizeof(float))};
  for (int64_t at = 0; err == SP_OK && at < d->frames; at += BLOCK) {
    const size_t n = d->frames - at < BLOCK ? (size_t)(d->frames - at) : BLOCK;
    err = src->ops->read(src, ch, n, why, size);
    if (err == SP_OK)
      sp_cd_image_add(im, (const float *const *)ch, n); /* a failure: said by finish */
  }
  if (src)
    src->ops->close(src);
  if (err == SP_OK)
    err = sp_cd_image_finish(im, res, why, size);
  if (err == SP_OK) {
    const char *temps[3], *finals[3];
    sp_cd_image_files(im, temps, finals);
    for (int k = 0; k < 3; k++)
      cr_assert_eq(rename(temps[k], finals[k]), 0, "%s", finals[k]);
    sp_cd_image_landed(im);
  }
  sp_cd_image_free(im);
  free(ch[0]);
  free(ch[1]);
  return err;
}

/* The disc's master: each track's tone from its pregap (or start) on, 0.5
 * of full scale, float, at 48 kHz. */
static char *write_master(const char *dir)
{
  const int64_t n = (int64_t)SECONDS * RATE;
  float *x = sp_xcalloc((size_t)n * 2, sizeof *x);
  const double hz[3] = {440, 660, 880};
  for (int64_t i = 0; i < n; i++) {
    const int k = i < 5 * RATE ? 0 : i < 10 * RATE + RATE / 2 ? 1 : 2;
    const float v = (float)(0.5 * sin(2 * M_PI * hz[k] * (double)i / RATE));
    x[2 * i] = v;
    x[2 * i + 1] = -v;
  }
  char *path = tu_write_wav(dir, "master.wav", 2, RATE, 32, x, n);
  free(x);
  return path;
}

/* The image written into dir as "album.*"; its layout in l. */
static void write_image(const char *dir, sp_cd_layout *l)
{
  char *master = write_master(dir), *base = tu_path(dir, "album"), why[512] = "";
  sp_cd_result res;
  sp_err err = cd_write(master, &disc, base, &res, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  cr_expect_eq(res.sectors, 1125);
  cr_expect_eq(res.clipped, 0);
  sp_cd_place_disc(&disc, l);
  free(master);
  free(base);
}

static char *slurp_in(const char *dir, const char *name)
{
  char *path = tu_path(dir, name), *text = tu_slurp_must(path);
  free(path);
  return text;
}

static bool have(const char *tool)
{
  char *cmd = sp_xasprintf("command -v %s >/dev/null 2>&1", tool);
  const bool ok = system(cmd) == 0;
  free(cmd);
  return ok;
}

/* What cmd prints on stdout (heap); its exit status in *status. */
static char *run(const char *cmd, int *status)
{
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p, "%s", cmd);
  char *text = NULL;
  size_t n = 0, cap = 0;
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0) {
    if (n + got + 1 > cap) {
      cap = 2 * (n + got + 1);
      text = sp_xrealloc(text, cap);
    }
    memcpy(text + n, buf, got);
    n += got;
  }
  const int st = pclose(p);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  if (!text)
    text = sp_xstrdup("");
  else
    text[n] = '\0';
  return text;
}

Test(cd, the_image_is_the_master_at_16_bit_44k1_padded_and_the_same_bytes_again)
{
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *bin = tu_path(dir, "album.bin");
  struct stat st;
  cr_assert_eq(stat(bin, &st), 0);
  cr_expect_eq(st.st_size, 1125 * 2352);
  /* each track's tone at its own pitch (resampled, not relabelled), and
   * the right channel the left inverted: counted zero crossings over 3 s */
  FILE *f = fopen(bin, "rb");
  int16_t *s = sp_xmalloc((size_t)st.st_size);
  cr_assert_eq(fread(s, 1, (size_t)st.st_size, f), (size_t)st.st_size);
  fclose(f);
  const int64_t from[3] = {44100, 7 * 44100, 11 * 44100};
  const int want[3] = {2 * 3 * 440, 2 * 3 * 660, 2 * 3 * 880};
  for (int k = 0; k < 3; k++) {
    int crossings = 0, worst = 0;
    for (int64_t i = from[k]; i < from[k] + 3 * 44100; i++) {
      crossings += (s[2 * i] < 0) != (s[2 * i + 2] < 0);
      const int sum = abs(s[2 * i] + s[2 * i + 1]);
      worst = sum > worst ? sum : worst;
    }
    cr_expect(abs(crossings - want[k]) <= 2, "track %d: %d crossings, want %d", k + 1, crossings,
              want[k]);
    cr_expect_leq(worst, 3, "track %d: left + right up to %d LSB (dither only)", k + 1, worst);
  }
  /* the padding: zeros, none needed here (15 s is 1125 sectors) */
  free(s);
  /* written again elsewhere: the same bytes (the dither's seed is the BIN's name) */
  char *dir2 = tu_tmpdir();
  sp_cd_layout l2;
  write_image(dir2, &l2);
  char *bin2 = tu_path(dir2, "album.bin");
  cr_expect(tu_same_bytes(bin, bin2));
  const char *ext[] = {"album.cue", "album.toc"};
  for (int k = 0; k < 2; k++) {
    char *a = tu_path(dir, ext[k]), *b = tu_path(dir2, ext[k]);
    cr_expect(tu_same_bytes(a, b), "%s", ext[k]);
    free(a);
    free(b);
  }
  cr_expect_eq(tu_count_entries(dir), 4, "master, bin, cue, toc: no temporary file left");
  sp_cd_layout_fini(&l);
  sp_cd_layout_fini(&l2);
  free(bin);
  free(bin2);
  tu_rmtree(dir);
  tu_rmtree(dir2);
  free(dir);
  free(dir2);
}

Test(cd, the_cue_and_the_toc_are_the_text_expected)
{
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *cue = slurp_in(dir, "album.cue");
  cr_expect_str_eq(cue, "CATALOG 0036000291452\n"
                        "TITLE \"Three Tones\"\n"
                        "PERFORMER \"Sine Ensemble\"\n"
                        "FILE \"album.bin\" BINARY\n"
                        "  TRACK 01 AUDIO\n"
                        "    TITLE \"Tone ''A''\"\n"
                        "    PERFORMER \"Sine Ensemble\"\n"
                        "    SONGWRITER \"Fourier\"\n"
                        "    ISRC USRC17607839\n"
                        "    INDEX 01 00:00:00\n"
                        "  TRACK 02 AUDIO\n"
                        "    TITLE \"Tone E, caf\xe9\"\n"
                        "    PERFORMER \"Sine Ensemble\"\n"
                        "    ISRC GBAAA0000001\n"
                        "    INDEX 00 00:05:00\n"
                        "    INDEX 01 00:06:00\n"
                        "  TRACK 03 AUDIO\n"
                        "    TITLE \"Tone A'\"\n"
                        "    PERFORMER \"Sine \\ Ensemble\"\n"
                        "    INDEX 01 00:10:37\n"
                        "    INDEX 02 00:12:00\n");
  char *toc = slurp_in(dir, "album.toc");
  cr_expect(strstr(toc, "CATALOG \"0036000291452\"\n"), "%s", toc);
  cr_expect(strstr(toc, "    TITLE \"Tone \\\"A\\\"\"\n"), "%s", toc);
  cr_expect(strstr(toc, "    TITLE \"Tone E, caf\\351\"\n"), "%s", toc);
  cr_expect(strstr(toc, "    PERFORMER \"Sine \\134 Ensemble\"\n"), "%s", toc);
  cr_expect(strstr(toc, "    SONGWRITER \"\"\n"), "%s", toc);
  cr_expect(strstr(toc, "FILE \"album.bin\" SWAP 00:05:00 00:05:37\nSTART 00:01:00\n"), "%s", toc);
  cr_expect(strstr(toc, "FILE \"album.bin\" SWAP 00:10:37 00:04:38\nINDEX 00:01:38\n"), "%s", toc);
  free(cue);
  free(toc);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
}

/* ---- read back by other tools -------------------------------------------- */

/* Skips the test when tool is missing. */
static void need(const char *tool, const char *package)
{
  if (!have(tool))
    cr_skip_test("%s is not installed (sh scripts/deps.sh --tests installs %s)", tool, package);
}

/* What cmd prints, having exited 0. */
static char *run_ok(const char *cmd)
{
  int status;
  char *out = run(cmd, &status);
  cr_assert_eq(status, 0, "%s: exit %d:\n%s", cmd, status, out);
  return out;
}

Test(cd, cueprint_reads_the_cue)
{
  need("cueprint", "cuetools");
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *cmd =
      sp_xasprintf("cueprint -d '%%N|%%T|%%P\\n' -t '%%n|%%t|%%p|%%i\\n' '%s/album.cue'", dir);
  char *out = run_ok(cmd);
  cr_expect_str_eq(out, "3|Three Tones|Sine Ensemble\n"
                        "1|Tone ''A''|Sine Ensemble|USRC17607839\n"
                        "2|Tone E, caf\xe9|Sine Ensemble|GBAAA0000001\n"
                        "3|Tone A'|Sine \\ Ensemble|\n");
  free(out);
  free(cmd);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
}

Test(cd, libcue_reads_the_cue_tracks_at_their_sectors)
{
#ifndef SP_TEST_LIBCUE
  cr_skip_test("libcue is not installed (sh scripts/deps.sh --tests installs libcue-dev)");
#else
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *text = slurp_in(dir, "album.cue");
  Cd *cd = cue_parse_string(text);
  cr_assert_not_null(cd, "libcue refused:\n%s", text);
  cr_assert_eq(cd_get_ntrack(cd), 3);
  cr_expect_str_eq(cdtext_get(PTI_TITLE, cd_get_cdtext(cd)), "Three Tones");
  cr_expect_str_eq(cdtext_get(PTI_PERFORMER, cd_get_cdtext(cd)), "Sine Ensemble");
  for (int i = 0; i < 3; i++) {
    const Track *t = cd_get_track(cd, i + 1);
    const sp_cd_place *p = &l.tracks[i];
    cr_expect_str_eq(track_get_filename(t), "album.bin");
    cr_expect_eq(track_get_mode(t), MODE_AUDIO);
    cr_expect_eq(track_get_start(t), p->index1_sectors, "track %d: start %ld", i + 1,
                 track_get_start(t));
    /* libcue's index points are sectors of the file, as the CUE's */
    cr_expect_eq(track_get_index(t, 0), p->index0_sectors, "track %d: INDEX 00 %ld", i + 1,
                 track_get_index(t, 0));
    cr_expect_eq(track_get_index(t, 1), p->index1_sectors, "track %d: INDEX 01 %ld", i + 1,
                 track_get_index(t, 1));
    for (size_t k = 0; k < p->n_index; k++)
      cr_expect_eq(track_get_index(t, (int)k + 2), p->index_sectors[k], "track %d: INDEX %02zu %ld",
                   i + 1, k + 2, track_get_index(t, (int)k + 2));
    char title[64], why[128];
    sp_cd_text_latin1(tracks[i].title, title, sizeof title, why);
    for (char *c = strchr(title, '"'); c; c = strchr(c, '"'))
      *c = '\''; /* the CUE's two apostrophes, one of them here */
    if (i == 0)
      cr_expect_str_eq(cdtext_get(PTI_TITLE, track_get_cdtext(t)), "Tone ''A''");
    else
      cr_expect_str_eq(cdtext_get(PTI_TITLE, track_get_cdtext(t)), title);
    if (tracks[i].isrc) {
      char isrc[13];
      sp_isrc_compact(tracks[i].isrc, isrc);
      cr_expect_str_eq(track_get_isrc(t), isrc);
    }
  }
  cd_delete(cd);
  free(text);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
#endif
}

Test(cd, cdrdao_shows_the_toc_as_placed_and_reads_the_bin_little_endian)
{
  need("cdrdao", "cdrdao");
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *cmd = sp_xasprintf("cd '%s' && cdrdao show-toc album.toc 2>/dev/null", dir);
  char *out = run_ok(cmd);
  cr_expect(strstr(out, "TOC TYPE: CD_DA\n"), "%s", out);
  cr_expect(strstr(out, "CATALOG NUMBER: 0036000291452\n"), "%s", out);
  cr_expect(strstr(out, "ISRC US RC1 76 07839\n"), "%s", out);
  cr_expect(strstr(out, "ISRC GB AAA 00 00001\n"), "%s", out);
  char want[128], a[16], b[16];
  for (size_t i = 0; i < 3; i++) {
    const sp_cd_place *p = &l.tracks[i];
    snprintf(want, sizeof want, "TRACK  %zu  Mode AUDIO:", i + 1);
    const char *at = strstr(out, want);
    cr_assert_not_null(at, "%s\n%s", want, out);
    sp_cd_msf(p->index1_sectors, a);
    snprintf(want, sizeof want, "START  %s(%6lld)", a, (long long)p->index1_sectors);
    cr_expect(strstr(at, want), "track %zu: %s\n%s", i + 1, want, out);
    if (p->index0_sectors >= 0) {
      sp_cd_msf(p->index1_sectors - p->index0_sectors, b);
      snprintf(want, sizeof want, "PREGAP %s(%6lld)", b,
               (long long)(p->index1_sectors - p->index0_sectors));
      cr_expect(strstr(at, want), "track %zu: %s\n%s", i + 1, want, out);
    }
    for (size_t k = 0; k < p->n_index; k++) {
      sp_cd_msf(p->index_sectors[k], a);
      snprintf(want, sizeof want, "INDEX %2zu %s(%6lld)", k + 2, a, (long long)p->index_sectors[k]);
      cr_expect(strstr(at, want), "track %zu: %s\n%s", i + 1, want, out);
    }
    sp_cd_msf(p->end_sectors, a);
    snprintf(want, sizeof want, "END    %s(%6lld)", a, (long long)p->end_sectors);
    cr_expect(strstr(at, want), "track %zu: %s\n%s", i + 1, want, out);
  }
  free(out);
  free(cmd);
  /* the samples cdrdao would burn are the BIN's, read little-endian */
  cmd =
      sp_xasprintf("cd '%s' && cdrdao show-data album.toc 2>/dev/null | sed -n 44101,44104p", dir);
  out = run_ok(cmd);
  char *bin = tu_path(dir, "album.bin");
  FILE *f = fopen(bin, "rb");
  unsigned char s[16];
  cr_assert_eq(fseek(f, 44100 * 4, SEEK_SET), 0);
  cr_assert_eq(fread(s, 1, 16, f), 16);
  fclose(f);
  char expect[256] = "";
  for (int i = 0; i < 4; i++) {
    char line[64];
    snprintf(line, sizeof line, "%7d:%6d %6d\n", 44100 + i, (int16_t)(s[4 * i] | s[4 * i + 1] << 8),
             (int16_t)(s[4 * i + 2] | s[4 * i + 3] << 8));
    strcat(expect, line);
  }
  cr_expect_str_eq(out, expect);
  free(bin);
  free(out);
  free(cmd);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
}

/* The "TRACK nn" and "INDEX nn mm:ss:ff" lines of a CUE sheet. */
static char *track_lines(const char *cue)
{
  char *out = sp_xcalloc(strlen(cue) + 1, 1);
  for (const char *p = cue; *p;) {
    const char *e = strchr(p, '\n');
    const size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *s = p;
    while (*s == ' ')
      s++;
    if (!strncmp(s, "TRACK ", 6) || !strncmp(s, "INDEX ", 6)) {
      strncat(out, s, n - (size_t)(s - p));
      strcat(out, "\n");
    }
    p += n + (e ? 1 : 0);
  }
  return out;
}

Test(cd, toc2cue_and_toc2cddb_read_the_toc_as_the_cue_has_it)
{
  need("toc2cue", "cdrdao");
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *cmd = sp_xasprintf("cd '%s' && toc2cue album.toc back.cue >/dev/null 2>&1", dir);
  free(run_ok(cmd));
  free(cmd);
  char *ours = slurp_in(dir, "album.cue"), *theirs = slurp_in(dir, "back.cue");
  char *a = track_lines(ours), *b = track_lines(theirs);
  /* toc2cue writes INDEX 00 and 01 (cdrdao 1.2.4 leaves INDEX 02 out) */
  char *a01 = sp_xstrdup(a);
  for (char *p = strstr(a01, "INDEX 02"); p; p = strstr(a01, "INDEX 02")) {
    char *e = strchr(p, '\n');
    memmove(p, e + 1, strlen(e + 1) + 1);
  }
  cr_expect_str_eq(b, a01, "toc2cue:\n%s", theirs);
  free(a01);
  free(a);
  free(b);
  free(ours);
  free(theirs);
  /* the CD-Text as cdrdao parsed it, and where the disc's tracks start */
  cmd = sp_xasprintf("cd '%s' && toc2cddb album.toc 2>/dev/null", dir);
  char *out = run_ok(cmd);
  char want[64];
  for (size_t i = 0; i < 3; i++) {
    snprintf(want, sizeof want, "# %lld\n", 150 + (long long)l.tracks[i].index1_sectors);
    cr_expect(strstr(out, want), "track %zu: %s\n%s", i + 1, want, out);
  }
  cr_expect(strstr(out, "DTITLE=Sine Ensemble / Three Tones\n"), "%s", out);
  cr_expect(strstr(out, "TTITLE0=Tone \"A\"\n"), "%s", out);
  cr_expect(strstr(out, "TTITLE1=Tone E, caf\xe9\n"), "%s", out);
  cr_expect(strstr(out, "TTITLE2=Tone A'\n"), "%s", out);
  free(out);
  free(cmd);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
}

/* path's WAVE data chunk (heap; its size in *n), NULL when it has none. */
static unsigned char *wav_data(const char *path, size_t *n)
{
  size_t size = 0;
  unsigned char *w = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct stat st;
  fstat(fileno(f), &st);
  size = (size_t)st.st_size;
  w = sp_xmalloc(size);
  const bool whole = fread(w, 1, size, f) == size;
  fclose(f);
  for (size_t at = 12; whole && at + 8 <= size;) {
    const size_t len = (size_t)w[at + 4] | (size_t)w[at + 5] << 8 | (size_t)w[at + 6] << 16 |
                       (size_t)w[at + 7] << 24;
    if (!memcmp(w + at, "data", 4) && at + 8 + len <= size) {
      unsigned char *d = sp_xmalloc(len ? len : 1);
      memcpy(d, w + at + 8, len);
      *n = len;
      free(w);
      return d;
    }
    at += 8 + len + (len & 1);
  }
  free(w);
  return NULL;
}

/* The BIN as a WAVE file (shntool reads WAVE, not raw CD audio): a
 * 44-byte head and the BIN's bytes. */
static void bin_as_wav(const char *bin, const char *wav)
{
  FILE *in = fopen(bin, "rb"), *out = fopen(wav, "wb");
  cr_assert(in && out);
  struct stat st;
  fstat(fileno(in), &st);
  const uint32_t n = (uint32_t)st.st_size;
  unsigned char h[44] = "RIFF....WAVEfmt ....\1\0\2\0....\x10\xb1\2\0\4\0\x10\0data....";
  const uint32_t fields[][2] = {{4, 36 + n}, {16, 16}, {24, 44100}, {28, 44100 * 4}, {40, n}};
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    for (int b = 0; b < 4; b++)
      h[fields[k][0] + (uint32_t)b] = (unsigned char)(fields[k][1] >> (8 * b));
  cr_assert_eq(fwrite(h, 1, 44, out), 44);
  char buf[65536];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, in)) > 0)
    cr_assert_eq(fwrite(buf, 1, got, out), got);
  fclose(in);
  cr_assert_eq(fclose(out), 0);
}

Test(cd, shntool_splits_the_bin_by_the_cue_into_the_tracks_of_the_placement)
{
  need("shntool", "shntool");
  char *dir = tu_tmpdir();
  sp_cd_layout l;
  write_image(dir, &l);
  char *bin = tu_path(dir, "album.bin"), *wav = tu_path(dir, "album.wav");
  bin_as_wav(bin, wav);
  char *cmd = sp_xasprintf("cd '%s' && mkdir split && shntool split -q -O always -f album.cue -o "
                           "wav -d split album.wav 2>&1",
                           dir);
  free(run_ok(cmd));
  free(cmd);
  size_t n_bin = 0;
  unsigned char *all = wav_data(wav, &n_bin);
  cr_assert_not_null(all);
  char *split = tu_path(dir, "split");
  cr_expect_eq(tu_count_entries(split), 3);
  /* track k: its INDEX 01 to the next track's (its pregap is the track
   * before's end, as a player's track skip hears it), the last to the end */
  for (size_t i = 0; i < 3; i++) {
    char name[64];
    snprintf(name, sizeof name, "split/split-track%02zu.wav", i + 1);
    char *path = tu_path(dir, name);
    size_t n = 0;
    unsigned char *got = wav_data(path, &n);
    cr_assert_not_null(got, "%s", name);
    const int64_t from = l.tracks[i].index1_sectors,
                  to = i + 1 < 3 ? l.tracks[i + 1].index1_sectors : l.sectors;
    cr_expect_eq(n, (size_t)(to - from) * SP_CD_SECTOR_BYTES, "%s: %zu bytes", name, n);
    cr_expect(n == (size_t)(to - from) * SP_CD_SECTOR_BYTES &&
                  !memcmp(got, all + from * SP_CD_SECTOR_BYTES, n),
              "%s differs from the BIN's sectors %lld to %lld", name, (long long)from,
              (long long)to);
    free(got);
    free(path);
  }
  free(all);
  free(split);
  free(bin);
  free(wav);
  sp_cd_layout_fini(&l);
  tu_rmtree(dir);
  free(dir);
}

Test(cd, a_failed_image_leaves_no_file)
{
  char *dir = tu_tmpdir();
  char *master = write_master(dir), *base = tu_path(dir, "album"), why[512] = "";
  /* a disc that breaks a rule */
  sp_cd_track t[3];
  memcpy(t, tracks, sizeof t);
  t[1].isrc = "GB-AAA-00-0001";
  sp_cd_disc d = disc;
  d.tracks = t;
  cr_expect_eq(cd_write(master, &d, base, NULL, why, sizeof why),
               SP_ERR_USAGE);
  cr_expect_str_eq(why, "the disc breaks 1 Red Book rule: 'GB-AAA-00-0001' is 14 characters: an "
                        "ISRC is CC-XXX-YY-NNNNN (15) or the same without hyphens (12); copy "
                        "the track's ISRC from its registration");
  cr_expect_eq(tu_count_entries(dir), 1);
  /* a folder where the CUE would go: found before anything is written */
  char *cue = tu_path(dir, "album.cue");
  cr_assert_eq(mkdir(cue, 0755), 0);
  cr_expect_eq(cd_write(master, &disc, base, NULL, why, sizeof why),
               SP_ERR_IO);
  char *want = sp_xasprintf("cannot write '%s': a folder is in its place; remove it or choose another "
                      "name",
                      cue);
  cr_expect_str_eq(why, want);
  free(want);
  cr_expect_eq(tu_count_entries(dir), 2, "the master and the folder, nothing else");
  /* a master that is not there */
  char *gone = tu_path(dir, "gone.wav");
  cr_expect_eq(cd_write(gone, &disc, base, NULL, why, sizeof why), SP_ERR_IO);
  cr_expect_eq(tu_count_entries(dir), 2);
  free(gone);
  free(cue);
  free(master);
  free(base);
  tu_rmtree(dir);
  free(dir);
}

Test(cd, a_mono_master_at_44k1_is_dithered_only_on_both_channels_and_padded_with_zeros)
{
  char *dir = tu_tmpdir();
  const int64_t n = 5 * 44100 + 100;
  float *x = sp_xcalloc((size_t)n, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    x[i] = (float)(0.25 * sin(2 * M_PI * 1000 * (double)i / 44100));
  char *master = tu_write_wav(dir, "mono.wav", 1, 44100, 32, x, n), why[512] = "";
  char *base = tu_path(dir, "mono");
  sp_cd_track t = {.start_frame = 0, .title = "One"};
  sp_cd_disc d = {.rate_hz = 44100, .frames = n, .tracks = &t, .n = 1};
  sp_cd_result res;
  cr_assert_eq(cd_write(master, &d, base, &res, why, sizeof why), SP_OK, "%s",
               why);
  cr_expect_eq(res.sectors, 376);
  char *bin = tu_path(dir, "mono.bin");
  FILE *f = fopen(bin, "rb");
  const size_t bytes = 376 * SP_CD_SECTOR_BYTES;
  unsigned char *b = sp_xmalloc(bytes);
  cr_assert_eq(fread(b, 1, bytes, f), bytes);
  cr_expect_eq(fgetc(f), EOF);
  fclose(f);
  int worst = 0;
  for (int64_t i = 0; i < n; i++) {
    const int l = (int16_t)(b[4 * i] | b[4 * i + 1] << 8),
              r = (int16_t)(b[4 * i + 2] | b[4 * i + 3] << 8);
    cr_assert_eq(l, r, "sample %lld", (long long)i);
    const int e = abs(l - (int)lrint(x[i] * 32768.0));
    worst = e > worst ? e : worst;
  }
  cr_expect_leq(worst, 2, "%d LSB from the master: one TPDF dither, no resampling", worst);
  cr_expect_geq(worst, 1, "dithered");
  for (size_t i = (size_t)n * 4; i < bytes; i++)
    cr_assert_eq(b[i], 0, "padding byte %zu", i);
  free(b);
  free(bin);
  free(base);
  free(master);
  free(x);
  tu_rmtree(dir);
  free(dir);
}

/* The image fed the master's frames as an album's pass makes them (blocks
 * of any size) is the image fed them in blocks of 4096 (cd_write): the
 * resampler's chunks are the image's own, not the caller's blocks. */
Test(cd, an_image_fed_in_any_blocks_is_the_image_of_the_master_file)
{
  char *dir = tu_tmpdir(), why[512] = "";
  enum { N = 4 * 48000 + 77 };
  float *x = sp_xcalloc(2 * N, sizeof *x), *l = sp_xcalloc(N, sizeof *l),
        *r = sp_xcalloc(N, sizeof *r);
  for (int i = 0; i < N; i++) {
    l[i] = x[2 * i] = (float)(0.3 * sin(2 * M_PI * 997 * i / 48000.0));
    r[i] = x[2 * i + 1] = (float)(0.2 * sin(2 * M_PI * 1501 * i / 48000.0));
  }
  char *master = tu_write_wav(dir, "m.wav", 2, 48000, 32, x, N);
  char *a = tu_path(dir, "a"), *b = tu_path(dir, "b");
  cr_assert_eq(mkdir(a, 0755), 0);
  cr_assert_eq(mkdir(b, 0755), 0);
  sp_cd_track t = {.start_frame = 0, .title = "One"};
  sp_cd_disc d = {.rate_hz = 48000, .frames = N, .tracks = &t, .n = 1};
  char *base_a = tu_path(a, "img"), *base_b = tu_path(b, "img");
  cr_assert_eq(cd_write(master, &d, base_a, NULL, why, sizeof why), SP_OK,
               "%s", why);
  sp_cd_image *im = NULL;
  cr_assert_eq(sp_cd_image_open(&d, base_b, 2, true, &im, why, sizeof why), SP_OK, "%s", why);
  for (size_t at = 0, n = 1; at < N; at += n, n = (n * 7 + 3) % 9001 + 1) {
    n = at + n > N ? N - at : n;
    cr_assert_eq(sp_cd_image_add(im, (const float *const[]){l + at, r + at}, n), SP_OK);
  }
  sp_cd_result res;
  cr_assert_eq(sp_cd_image_finish(im, &res, why, sizeof why), SP_OK, "%s", why);
  const char *temps[3], *finals[3]; /* landed by the caller, as the album lands them */
  sp_cd_image_files(im, temps, finals);
  for (int k = 0; k < 3; k++)
    cr_assert_eq(rename(temps[k], finals[k]), 0, "%s", finals[k]);
  sp_cd_image_landed(im);
  sp_cd_image_free(im);
  cr_expect_eq(res.sectors, (N * 44100LL / 48000 + 587) / 588);
  char *bin_a = tu_path(a, "img.bin"), *bin_b = tu_path(b, "img.bin");
  cr_expect(tu_same_bytes(bin_a, bin_b), "the BIN fed in blocks differs from the file's");
  free(bin_a);
  free(bin_b);
  free(base_a);
  free(base_b);
  free(a);
  free(b);
  free(master);
  free(x);
  free(l);
  free(r);
  tu_rmtree(dir);
  free(dir);
}

Test(cd, a_first_track_that_starts_late_has_its_pregap_in_the_image_after_the_disc_s_2_s)
{
  need("cdrdao", "cdrdao");
  char *dir = tu_tmpdir();
  char *master = write_master(dir), *base = tu_path(dir, "late"), why[512] = "";
  sp_cd_track t[3];
  memcpy(t, tracks, sizeof t);
  t[0].start_frame = RATE; /* 1 s of the master before it: its pregap */
  sp_cd_disc d = disc;
  d.tracks = t;
  cr_assert_eq(cd_write(master, &d, base, NULL, why, sizeof why), SP_OK, "%s",
               why);
  char *cue = slurp_in(dir, "late.cue");
  cr_expect(strstr(cue, "  TRACK 01 AUDIO\n"), "%s", cue);
  cr_expect(strstr(cue, "    INDEX 00 00:00:00\n    INDEX 01 00:01:00\n  TRACK 02"), "%s", cue);
  char *cmd = sp_xasprintf("cd '%s' && cdrdao show-toc late.toc 2>/dev/null", dir);
  char *out = run_ok(cmd);
  cr_expect(strstr(out, "PREGAP 00:01:00(    75)\n          START  00:01:00(    75)\n"), "%s", out);
  free(out);
  free(cmd);
  /* on the disc: 2 s, then the image's 1 s of pregap, then track 1 */
  cmd = sp_xasprintf("cd '%s' && toc2cddb late.toc 2>/dev/null", dir);
  out = run_ok(cmd);
  cr_expect(strstr(out, "# Track frame offsets:\n#\n# 225\n# 600\n# 937\n"), "%s", out);
  free(out);
  free(cmd);
  /* a name the sheets cannot both hold */
  char *odd = tu_path(dir, "caf\xc3\xa9");
  cr_expect_eq(cd_write(master, &d, odd, NULL, why, sizeof why), SP_ERR_USAGE);
  cr_expect_str_eq(why, "the image's name 'caf\xc3\xa9' has a character a CUE sheet and a TOC "
                        "cannot both hold (character 4); name it with ASCII letters, digits, "
                        "spaces and punctuation but for \" and \\");
  free(odd);
  free(cue);
  free(master);
  free(base);
  tu_rmtree(dir);
  free(dir);
}
