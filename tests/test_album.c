/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album recipe (docs/album.md): its layout against core/album's
 * contract, its master against a float64 reference written from the docs
 * (tests/album_ref.py: python3 with numpy and soundfile), its tracks
 * concatenated against the master, its loudness against `loudness`, its
 * errors at file:line:col and key, its tags as ffprobe reads them, and
 * make over its depfile. */

#include "core/album/album.h"
#include "core/base/alloc.h"
#include "core/recipe/album_keys.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the timeline, in core ----------------------------------------------- */

Test(album, lay_out_places_and_cuts)
{
  sp_album_song s[4] = {
      {.frames = 1000, .gap = 100},
      {.frames = 800, .head = 50, .tail = 50, .gap = 200},
      {.frames = 600, .join = SP_ALBUM_CROSSFADE, .crossfade = 101},
      {.frames = 500},
  };
  sp_album_timeline t;
  size_t bad = 0;
  char why[256];
  cr_assert_eq(sp_album_lay_out(s, 4, 48000, 2, &t, &bad, why, sizeof why), SP_OK, "%s", why);
  /* song 0 at 100; song 1 at 1100 + 200; song 2 at 1300 + 700 - 101; song 3 butt */
  cr_expect_eq(t.tracks[0].start, 0);
  cr_expect_eq(t.tracks[0].song_at, 100);
  cr_expect_eq(t.tracks[1].start, 1100);
  cr_expect_eq(t.tracks[1].song_at, 1300);
  cr_expect_eq(t.tracks[1].pregap, 200);
  cr_expect_eq(t.tracks[2].song_at, 1899);
  cr_expect_eq(t.tracks[2].start, 1899 + 50, "the middle of the crossfade");
  cr_expect_eq(t.tracks[3].song_at, 2499);
  cr_expect_eq(t.frames, 2999);
  for (size_t k = 0; k + 1 < 4; k++)
    cr_expect_eq(t.tracks[k].end, t.tracks[k + 1].start, "the tracks tile the master");
  cr_expect_eq(t.tracks[3].end, t.frames);
  sp_album_timeline_fini(&t);
}

Test(album, curves_as_documented)
{
  cr_expect_eq(sp_album_gain(SP_ALBUM_LINEAR, true, 0, 4), 0.0);
  cr_expect_eq(sp_album_gain(SP_ALBUM_LINEAR, true, 1, 4), 0.25);
  cr_expect_eq(sp_album_gain(SP_ALBUM_LINEAR, false, 1, 4), 0.75);
  for (int i = 0; i < 100; i++) {
    const double a = sp_album_gain(SP_ALBUM_POWER, true, i, 100),
                 b = sp_album_gain(SP_ALBUM_POWER, false, i, 100);
    cr_expect_float_eq(a * a + b * b, 1.0, 1e-15, "constant power at %d", i);
  }
}

Test(album, lay_out_refuses_lengths)
{
  sp_album_timeline t;
  size_t bad = 9;
  char why[256];
  sp_album_song xf[2] = {{.frames = 100},
                         {.frames = 1000, .join = SP_ALBUM_CROSSFADE, .crossfade = 200}};
  cr_expect_eq(sp_album_lay_out(xf, 2, 48000, 2, &t, &bad, why, sizeof why), SP_ERR_USAGE);
  cr_expect_eq(bad, 1);
  cr_expect(strstr(why, "crossfade: 200 frames is longer than a song it joins"), "%s", why);
  sp_album_song trim[1] = {{.frames = 100, .head = 60, .tail = 40}};
  cr_expect_eq(sp_album_lay_out(trim, 1, 48000, 2, &t, &bad, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "trim:"), "%s", why);
  sp_album_song fade[1] = {{.frames = 100, .fade_out = 101}};
  cr_expect_eq(sp_album_lay_out(fade, 1, 48000, 2, &t, &bad, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "fade_out:"), "%s", why);
  int64_t idx[1] = {100};
  sp_album_song index[1] = {{.frames = 100, .index = idx, .n_index = 1}};
  cr_expect_eq(sp_album_lay_out(index, 1, 48000, 2, &t, &bad, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "index[0]:"), "%s", why);
}

/* The master is made a block at a time (io/album/album_master.h): song
 * k's frames added in blocks of any size are its frames added at once, to
 * the bit (the gains are each frame's own). */
Test(album, a_song_added_in_blocks_is_the_song_added_at_once)
{
  sp_album_song s[3] = {
      {.frames = 900, .fade_out = 0},
      {.frames = 1000, .head = 30, .tail = 20, .join = SP_ALBUM_CROSSFADE, .crossfade = 333,
       .xcurve = SP_ALBUM_POWER, .fade_out = 0},
      {.frames = 700, .join = SP_ALBUM_CROSSFADE, .crossfade = 101, .fade_out = 250,
       .fcurve = SP_ALBUM_POWER},
  };
  sp_album_timeline t;
  size_t bad = 0;
  char why[256];
  cr_assert_eq(sp_album_lay_out(s, 3, 48000, 2, &t, &bad, why, sizeof why), SP_OK, "%s", why);
  enum { L = 950 }; /* song 1's kept frames */
  float a[L], b[L];
  for (int i = 0; i < L; i++)
    a[i] = (float)sin(i * 0.01), b[i] = (float)cos(i * 0.03);
  double whole[2][L] = {{0}}, parts[2][L] = {{0}};
  cr_assert_eq(sp_album_kept(&s[1]), L);
  sp_album_add_frames(&t, s, 1, 0, L, (const float *const[]){a, b}, 2,
                      (double *const[]){whole[0], whole[1]});
  for (size_t j = 0, n = 1; j < L; j += n, n = n * 3 % 257 + 1) { /* blocks of odd sizes */
    const size_t m = j + n > L ? L - j : n;
    sp_album_add_frames(&t, s, 1, (int64_t)j, m, (const float *const[]){a + j, b + j}, 2,
                        (double *const[]){parts[0] + j, parts[1] + j});
  }
  cr_expect(memcmp(whole, parts, sizeof whole) == 0, "the blocks' sum differs");
  cr_expect_eq(whole[0][0], 0.0, "the crossfade's first frame is silent");
  cr_expect_eq(whole[0][400], (double)a[400], "between its crossfades a song plays as it is");
  sp_album_timeline_fini(&t);
}

/* ---- the album rendered ---------------------------------------------------- */

static bool have_python(void)
{
  return system("/usr/bin/python3 -c 'import numpy, soundfile' >/dev/null 2>&1") == 0;
}

static const char *const ALBUM = "stemprint: 1\n"
                                 "album:\n"
                                 "  title: Test Album\n"
                                 "  artist: The Testers\n"
                                 "  upc: \"012345678905\"\n"
                                 "  genre: Test\n"
                                 "  year: 2026\n"
                                 "  cover: cover.png\n"
                                 "  songs:\n"
                                 "    - recipe: s1.yaml\n"
                                 "      title: One\n"
                                 "      isrc: GBAYE2600001\n"
                                 "      trim: {head: 0.05 s, tail: 0.1 s}\n"
                                 "    - file: g2.wav\n"
                                 "      title: Two\n"
                                 "      gap: 0.25 s\n"
                                 "      fade_out: {length: 0.3 s, curve: power}\n"
                                 "    - file: g3.wav\n"
                                 "      title: Three\n"
                                 "      isrc: GBAYE2600003\n"
                                 "      composer: A. Composer\n"
                                 "      crossfade: {length: 0.2 s, curve: power}\n"
                                 "    - file: g4.wav\n"
                                 "      title: Four\n"
                                 "      splice: butt\n"
                                 "      from: 0.1 s\n"
                                 "      to: 1.1 s\n"
                                 "      index: [0.5 s]\n"
                                 "    - file: g5.wav\n"
                                 "      title: Five\n"
                                 "      crossfade: 0.15 s\n"
                                 "output:\n"
                                 "  dir: out/album\n"
                                 "  format: flac\n"
                                 "  depth: 24\n"
                                 "  also: [{format: mp3, bitrate: 192}, {format: alac}]\n";

static const char *const SONG = "stemprint: 1\nsample_rate: 48000\n"
                                "tracks:\n  a: {file: g1.wav}\n"
                                "output: {format: wav, depth: 24}\n";

/* The album rendered in a new folder: its path; its stdout into *out. */
static char *render_album(char **dir, char **out)
{
  *dir = tu_tmpdir();
  char *cmd =
      sp_xasprintf("/usr/bin/python3 '%s/tests/album_ref.py' gen '%s'", SP_SOURCE_DIR, *dir);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  free(cmd);
  free(tu_write_text(*dir, "s1.yaml", SONG));
  char *album = tu_write_text(*dir, "album.yaml", ALBUM);
  char *o = sp_xasprintf("%s/out/{recipe}", *dir), *err = NULL;
  const char *args[] = {"render", album, "-o", o, "--no-cache", NULL};
  const int st = tu_run(args, out, &err);
  cr_assert_eq(st, 0, "render: %d: %s", st, err);
  free(err);
  free(o);
  return album;
}

static const char *const TRACKS[] = {"01 One", "02 Two", "03 Three", "04 Four", "05 Five"};

Test(album, master_equals_reference_and_tracks_concatenate, .timeout = 120)
{
  if (!have_python())
    cr_skip_test("python3 with numpy and soundfile is not installed");
  char *dir, *out;
  char *album = render_album(&dir, &out);
  char *spec = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&spec, &len);
  fprintf(f, "{\"rate\": 48000, \"master\": \"%s/out/album/master.flac\", \"tracks\": [", dir);
  for (int k = 0; k < 5; k++)
    fprintf(f, "%s\"%s/out/album/%s.flac\"", k ? ", " : "", dir, TRACKS[k]);
  fprintf(f,
          "], \"songs\": ["
          "{\"path\": \"%s/out/s1/mix.wav\", \"head\": 0.05, \"tail\": 0.1},"
          "{\"path\": \"%s/g2.wav\", \"gap\": 0.25, \"fade_out\": 0.3, \"fcurve\": \"power\"},"
          "{\"path\": \"%s/g3.wav\", \"crossfade\": 0.2, \"xcurve\": \"power\"},"
          "{\"path\": \"%s/g4.wav\", \"head\": 0.1, \"to\": 1.1},"
          "{\"path\": \"%s/g5.wav\", \"crossfade\": 0.15}]}",
          dir, dir, dir, dir, dir);
  fclose(f);
  char *sp = tu_write_text(dir, "spec.json", spec);
  char *cmd =
      sp_xasprintf("/usr/bin/python3 '%s/tests/album_ref.py' check '%s'", SP_SOURCE_DIR, sp);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char line[1024];
  double err_db = 0;
  int equal = -1;
  char starts[512] = "";
  while (fgets(line, sizeof line, p)) {
    sscanf(line, "max_error_dbfs %lf", &err_db);
    sscanf(line, "tracks_equal_master %d", &equal);
    if (strncmp(line, "starts ", 7) == 0)
      snprintf(starts, sizeof starts, "%s", line + 7);
  }
  cr_assert_eq(pclose(p), 0);
  cr_log_info("album: master against the float64 reference: %.1f dBFS", err_db);
  cr_expect_lt(err_db, -120.0, "master against the reference: %.1f dBFS", err_db);
  cr_expect_eq(equal, 1, "the tracks concatenated are the master, sample for sample");
  /* track 2 starts at song 1's end (its gap is its pregap); track 3 in the
   * middle of the 0.2 s crossfade: 0.05 s in, 1.15 s of song 1, 0.25 s gap,
   * 1.1 s of song 2, back 0.2 s, then half of it */
  cr_expect(strncmp(starts, "0 55200 ", 8) == 0, "starts: %s", starts);
  free(cmd);
  free(sp);
  free(spec);
  free(album);
  free(out);
  tu_rmtree(dir);
  free(dir);
}

/* The figure after `key` in the line of s that holds `line` (NAN: none). */
static double figure(const char *s, const char *line, int column)
{
  const char *l = strstr(s, line);
  if (!l)
    return NAN;
  l += strlen(line);
  double v[8];
  int n = sscanf(l, " %lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
  return column < n ? v[column] : NAN;
}

Test(album, loudness_is_loudness_of_the_master, .timeout = 120)
{
  if (!have_python())
    cr_skip_test("python3 with numpy and soundfile is not installed");
  char *dir, *out;
  char *album = render_album(&dir, &out);
  char *master = sp_xasprintf("%s/out/album/master.flac", dir), *lo = NULL;
  const char *args[] = {"loudness", master, NULL};
  cr_assert_eq(tu_run(args, &lo, NULL), 0);
  /* album: "  master  PATH  -16.0 LUFS  LRA 5.2 LU  -3.5 dBTP" */
  double i_lufs = NAN, lra = NAN, tp = NAN;
  char *m = strstr(out, "  master  ");
  cr_assert(m, "%s", out);
  m = strstr(m, ".flac");
  cr_assert(m);
  cr_assert_eq(sscanf(m + 5, " %lf LUFS LRA %lf LU %lf dBTP", &i_lufs, &lra, &tp), 3, "%s", out);
  char *base = sp_xasprintf("%s", master);
  cr_expect_float_eq(i_lufs, figure(lo, base, 0), 1e-9, "integrated: %s\n%s", out, lo);
  cr_expect_float_eq(lra, figure(lo, base, 1), 1e-9, "range: %s\n%s", out, lo);
  cr_expect_float_eq(tp, figure(lo, base, 4), 1e-9, "true peak: %s\n%s", out, lo);
  /* every track's figures, as `loudness` measures its file */
  for (int k = 0; k < 5; k++) {
    char *t = sp_xasprintf("%s/out/album/%s.flac", dir, TRACKS[k]), *lt = NULL;
    const char *a2[] = {"loudness", t, NULL};
    cr_assert_eq(tu_run(a2, &lt, NULL), 0);
    char *said = strstr(out, TRACKS[k]);
    cr_assert(said);
    double ti = NAN, ttp = NAN;
    cr_assert_eq(sscanf(said + strlen(TRACKS[k]) + 5, " %lf LUFS %lf dBTP", &ti, &ttp), 2, "%s",
                 said);
    cr_expect_float_eq(ti, figure(lt, t, 0), 1e-9, "%s: %s", TRACKS[k], lt);
    /* its true peak its file's alone, at its ends too (the album's
     * detector's inside it: core/measure/meter.h sp_meter_add_parts) */
    cr_expect_float_eq(ttp, figure(lt, t, 4), 1e-9, "%s: %s", TRACKS[k], lt);
    free(lt);
    free(t);
  }
  /* the tracks and the store set tagged, as ffprobe reads them */
  if (system("command -v ffprobe >/dev/null 2>&1") == 0) {
    static const char *const flac[] = {"TAG:TITLE=Three",          "TAG:ALBUM=Test Album",
                                       "TAG:ARTIST=The Testers",   "TAG:track=3",
                                       "TAG:TRACKTOTAL=5",         "TAG:DATE=2026",
                                       "TAG:GENRE=Test",           "TAG:ISRC=GBAYE2600003",
                                       "TAG:COMPOSER=A. Composer", "TAG:BARCODE=012345678905",
                                       "codec_name=png",           NULL};
    static const char *const mp3[] = {"TAG:title=Three",
                                      "TAG:album=Test Album",
                                      "TAG:artist=The Testers",
                                      "TAG:track=3/5",
                                      "TAG:disc=1/1",
                                      "TAG:date=2026",
                                      "TAG:genre=Test",
                                      "TAG:TSRC=GBAYE2600003",
                                      "TAG:composer=A. Composer",
                                      "codec_name=png",
                                      NULL};
    /* an .m4a set's through its own writer, the ilst */
    static const char *const alac[] = {
        "TAG:title=Three",       "TAG:album=Test Album", "TAG:artist=The Testers",
        "TAG:track=3/5",         "TAG:disc=1/1",         "TAG:date=2026",
        "TAG:ISRC=GBAYE2600003", "codec_name=png",       NULL};
    const char *files[] = {"03 Three.flac", "mp3/03 Three.mp3", "alac/03 Three.m4a"};
    const char *const *want[] = {flac, mp3, alac};
    for (int i = 0; i < 3; i++) {
      char *cmd = sp_xasprintf("ffprobe -v error -show_entries format_tags:stream=codec_name -of "
                               "default=nw=1 '%s/out/album/%s'",
                               dir, files[i]);
      FILE *p = popen(cmd, "r");
      char *tags = NULL;
      size_t len = 0;
      FILE *t = open_memstream(&tags, &len);
      char line[256];
      while (fgets(line, sizeof line, p))
        fputs(line, t);
      pclose(p);
      fclose(t);
      for (size_t k = 0; want[i][k]; k++)
        cr_expect(strstr(tags, want[i][k]), "%s: no %s in\n%s", files[i], want[i][k], tags);
      free(tags);
      free(cmd);
    }
  }
  /* an MP3 decodes to its track's length: LAME's info frame, kept behind
   * the ID3v2 tag, tells the decoder its delay and padding (gapless) */
  for (int k = 0; k < 5; k++) {
    char *a = sp_xasprintf("%s/out/album/%s.flac", dir, TRACKS[k]),
         *b = sp_xasprintf("%s/out/album/mp3/%s.mp3", dir, TRACKS[k]);
    int64_t fa = 0, fb = 0;
    int ca, cb, ra, rb;
    free(tu_read(a, &fa, &ca, &ra));
    free(tu_read(b, &fb, &cb, &rb));
    cr_expect_eq(fb, fa, "%s: %lld frames as decoded, its track %lld", b, (long long)fb,
                 (long long)fa);
    free(a);
    free(b);
  }
  free(base);
  free(lo);
  free(master);
  free(album);
  free(out);
  tu_rmtree(dir);
  free(dir);
}

/* ---- errors at file:line:col and key --------------------------------------- */

static void expect_error(const char *text, const char *said)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  free(tu_write_wav(dir, "b.wav", 2, 48000, 24, one, 4800));
  free(tu_write_wav(dir, "empty.wav", 2, 48000, 24, one, 0));
  char *album = tu_write_text(dir, "album.yaml", text), *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  const int st = tu_run(args, NULL, &err);
  cr_expect_neq(st, 0, "%s", text);
  cr_expect(strstr(err, said), "expected '%s' in: %s", said, err);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

#define HEAD "stemprint: 1\nalbum:\n  songs:\n    - file: a.wav\n"

Test(album, errors_name_file_line_and_key)
{
  expect_error(HEAD "    - file: missing.wav\n",
               "album.yaml:5:13: album.songs[1].file: cannot read 'missing.wav' (as ");
  /* the opener's fix said once, of a path relative to the working folder
   * too (review 26 F14: "check the path; check the path, relative to ...") */
  char *here = getcwd(NULL, 0), *dir = tu_tmpdir(), *err = NULL;
  free(tu_write_text(dir, "album.yaml", HEAD "    - file: missing.wav\n"));
  cr_assert_eq(chdir(dir), 0);
  tu_run((const char *[]){"check", "album.yaml", NULL}, NULL, &err);
  cr_assert_eq(chdir(here), 0);
  cr_expect(err && strstr(err, "missing.wav") && !strstr(err, "check the path; check the path"),
            "%s", err);
  free(err), free(here);
  tu_rmtree(dir);
  free(dir);
  expect_error(HEAD "    - file: b.wav\n      crossfade: 0.2 s\n",
               "album.yaml:6:18: album.songs[1].crossfade: 0.2 s is longer than a song it joins");
  expect_error(HEAD "    - file: b.wav\n      gap: -1 s\n",
               "album.yaml:6:12: album.songs[1].gap: a gap cannot be negative");
  /* a song read from what the album prints over it, said at the song by
   * check as by render (review 26 F3: check said ok; render, with no line) */
  {
    char *d2 = tu_tmpdir(), *o = tu_path(d2, "out"), *said = NULL;
    float one[4800 * 2] = {0};
    cr_assert_eq(mkdir(o, 0777), 0);
    free(tu_write_wav(o, "master.wav", 2, 48000, 24, one, 4800));
    free(tu_write_wav(d2, "a.wav", 2, 48000, 24, one, 4800));
    char *al =
        tu_write_text(d2, "album.yaml", HEAD "    - file: out/master.wav\noutput: {dir: out}\n");
    for (int c = 0; c < 2; c++) {
      cr_expect_eq(tu_run((const char *[]){c ? "render" : "check", al, NULL}, NULL, &said), 2);
      cr_expect(said && strstr(said, "album.yaml:5:13: album.songs[1].file: 'out/master.wav' is "
                                     "the master (output.master), which this album prints over "
                                     "it"),
                "%s", said);
      free(said);
    }
    free(al), free(o);
    tu_rmtree(d2);
    free(d2);
  }
  /* said as what they are (review 26 F4, F6, F7: "trim less", "longer than a
   * song it joins", a WAV given as a recipe said with no place) */
  expect_error(HEAD "    - file: b.wav\n      crossfade: 0 s\n",
               "album.yaml:6:18: album.songs[1].crossfade: a crossfade of 0 s crosses nothing; "
               "give it a length, or the song a gap (0 s: a butt splice)");
  /* a loudness rule that aims at nothing, as a recipe's is refused
   * (review 30 F5: a store set's taken, judging nothing) */
  expect_error(HEAD "output: {also: [{format: flac, loudness: {tolerance: 1 LU}}]}\n",
               "album.yaml:5:42: output.also[0].loudness: give a 'target' (and 'tolerance'), a "
               "'max_true_peak', or a 'preset'");
  expect_error(HEAD "    - recipe: b.wav\n",
               "album.yaml:5:15: album.songs[1].recipe: 'b.wav' is a WAV file, not a recipe: a "
               "finished file is a song's file; give it as file: b.wav");
  expect_error(HEAD "    - file: empty.wav\n",
               "album.yaml:5:13: album.songs[1].file: it holds no audio (0 frames); give a song "
               "with audio");
  expect_error(HEAD "    - file: b.wav\n      isrc: GB-AYE-26-0001X\n",
               "album.yaml:6:13: album.songs[1].isrc: not an ISRC: 'GB-AYE-26-0001X': the "
               "designation code '0001X' is five digits; copy it from the track's registration");
  expect_error("stemprint: 1\nalbum:\n  upc: \"12345\"\n  songs: [{file: a.wav}]\n",
               "album.yaml:3:8: album.upc: not a UPC/EAN: '12345' is 5 digits");
  expect_error("stemprint: 1\nalbum:\n  upc: \"012345678906\"\n  songs: [{file: a.wav}]\n",
               "album.yaml:3:8: album.upc: not a UPC/EAN: '012345678906' ends in the check digit "
               "6 where its digits make 5: the number is mistyped; copy the digits under the bar "
               "code");
  expect_error(HEAD "      crossfad: 1 s\n",
               "album.yaml:5:7: album.songs[0].crossfad: unknown key 'crossfad' in a song; did "
               "you mean 'crossfade'?");
  expect_error(HEAD "    - file: b.wav\n      fade_out: {length: 1 s, curve: sharp}\n",
               "album.yaml:6:38: album.songs[1].fade_out.curve: expected 'linear' or 'power' (the "
               "fade's curve: linear in amplitude, or equal power), got 'sharp'");
  expect_error(HEAD "      fade_out: 2 s\n",
               "album.yaml:5:17: album.songs[0].fade_out: 2 s is longer than the song");
  expect_error("stemprint: 1\nalbum:\n  songs: []\n",
               "album.yaml:3:10: album.songs: an album needs its songs");
  expect_error(HEAD "    - {recipe: a.yaml, file: b.wav}\n",
               "album.yaml:5:7: album.songs[1]: a song is a recipe or a file, not both");
}

/* The album's keys are rows (core/recipe/album_keys.h): the reader's
 * words are theirs (a curve's in sp_album_curve's order), its messages
 * those the recipe's keys of their types give; docs/album.md names every
 * key of each table in its section. */
Test(album, keys_are_rows_and_the_docs_name_each)
{
  const char *const *curves = sp_key_rows_song_fade[SP_KEY_SONG_FADE_CURVE].words;
  for (size_t i = 0; curves[i] || sp_album_curve_names[i]; i++)
    cr_expect(curves[i] && sp_album_curve_names[i] &&
                  strcmp(curves[i], sp_album_curve_names[i]) == 0,
              "curve %zu: the row's %s, sp_album_curve's %s", i, curves[i],
              sp_album_curve_names[i]);
  expect_error("stemprint: 1\nalbum:\n  year: 20x6\n  songs: [{file: a.wav}]\n",
               "album.yaml:3:9: album.year: '20x6' is not a year; give four digits, like 2026");
  expect_error("stemprint: 1\nalbum:\n  rate: 4000\n  songs: [{file: a.wav}]\n",
               "album.yaml:3:9: album.rate: 4000 Hz is out of range; expected 8000 Hz .. 384000 "
               "Hz");
  expect_error("stemprint: 1\nalbum:\n  rate: 44100.5\n  songs: [{file: a.wav}]\n",
               "album.yaml:3:9: album.rate: a sample rate is a whole number of Hz, like 48000");
  expect_error(HEAD "output: {dither: rect}\n",
               "album.yaml:5:18: output.dither: expected 'none' or 'tpdf' (dither at 16 and 24 "
               "bit), got 'rect'");
  expect_error(HEAD "      splice: glued\n",
               "album.yaml:5:15: album.songs[0].splice: expected 'butt'");
  expect_error(HEAD "output: {loudness: {preset: streaming, targt: -14}}\n",
               "output.loudness.targt: unknown key 'targt' in output.loudness; did you mean "
               "'target'?");
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/album.md");
  const char *keys = strstr(doc, "\n## The keys\n"), *end = keys ? strstr(keys + 1, "\n## ") : NULL;
  cr_assert(keys && end, "docs/album.md has no section '## The keys'");
  static const struct {
    const char *object, *from; /* the table, and where in the section its keys are said */
  } tables[] = {{"ALBUM_ROOT", "Root:"},       {"ALBUM", "`album:`"},
                {"SONG", "A song (an item"},   {"SONG_FADE", "A song (an item"},
                {"SONG_TRIM", "A song (an item"}, {"ALBUM_OUTPUT", "`output:`"},
                {"ALBUM_SET", "`output:`"},    {"CD", "`output:`"}};
  cr_expect_eq(sizeof tables / sizeof *tables, sp_album_key_table_count);
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    const sp_key_table *kt = sp_key_table_find(tables[t].object);
    const char *from = strstr(keys, tables[t].from);
    cr_assert(kt && from && from < end, "%s: no '%s' in docs/album.md's keys", tables[t].object,
              tables[t].from);
    for (size_t k = 0; k < kt->n; k++) {
      char *quoted = sp_xasprintf("`%s`", kt->keys[k]);
      const char *at = strstr(from, quoted);
      cr_expect(at && at < end, "docs/album.md does not say %s's key %s", tables[t].object,
                quoted);
      free(quoted);
    }
  }
  free(doc);
}

/* A key of an album is its row and its field (core/recipe/album_spec.h):
 * every row names the field the reader fills from it, but the lists and
 * the mappings the reader walks itself (album, output, album.songs,
 * output.also, a song's index points). */
Test(album, every_key_is_a_row_and_a_field)
{
  static const char *const own[] = {"ALBUM_ROOT.album",  "ALBUM_ROOT.output", "ALBUM.songs",
                                    "ALBUM_OUTPUT.also", "SONG.index",        NULL};
  for (size_t t = 0; t < sp_album_key_table_count; t++)
    for (size_t k = 0; k < sp_album_key_tables[t].n; k++) {
      char *name =
          sp_xasprintf("%s.%s", sp_album_key_tables[t].object, sp_album_key_tables[t].keys[k]);
      bool reader = false;
      for (size_t i = 0; own[i]; i++)
        reader |= strcmp(own[i], name) == 0;
      cr_expect_eq(sp_album_key_tables[t].rows[k].store != SP_KEY_S_NONE, !reader, "%s: %s", name,
                   reader ? "the reader's own" : "names no field");
      free(name);
    }
}

/* A value of an album's is read by its row as a recipe's is: the same
 * bad value gets the same words as in a recipe's key of the same row
 * (a loudness rule's target, held to its range). */
Test(album, a_value_out_of_range_says_the_recipe_s_words)
{
  expect_error(HEAD "output: {loudness: {target: -80 LUFS}}\n",
               "album.yaml:5:29: output.loudness.target: -80 LUFS is out of range; expected -70 "
               "LUFS .. 0 LUFS");
  expect_error(HEAD "output: {also: [{format: flac, loudness: {max_true_peak: 9 dBTP}}]}\n",
               "output.also[0].loudness.max_true_peak: 9 dBTP is out of range; expected -30 dBTP "
               ".. 6 dBTP");
  char *dir = tu_tmpdir(), *err = NULL;
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *recipe = tu_write_text(dir, "r.yaml",
                               "stemprint: 1\ntracks:\n  a: a.wav\nchecks: {loudness: {target: "
                               "-80 LUFS}}\n");
  const char *args[] = {"check", recipe, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "r.yaml:4:29: checks.loudness.target: -80 LUFS is out of range; "
                        "expected -70 LUFS .. 0 LUFS"),
            "%s", err);
  free(err), free(recipe);
  tu_rmtree(dir);
  free(dir);
}

/* ---- make over the depfile ------------------------------------------------- */

static long long mtime_ns(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return 0;
  return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

static int make_in(const char *dir, const char *what)
{
  /* the binary under test first on PATH too, for a Makefile that says
   * `stemprint` as the docs' does */
  char *bin = sp_xstrdup(SP_STEMPRINT_BIN);
  *strrchr(bin, '/') = '\0';
  char *cmd =
      sp_xasprintf("PATH='%s':\"$PATH\" make -s -C '%s' STEMPRINT='%s' %s >'%s/make.log' 2>&1", bin,
                   dir, SP_STEMPRINT_BIN, what, dir);
  free(bin);
  const int st = system(cmd);
  free(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(album, make_twice_does_nothing_and_a_changed_song_renders_alone, .timeout = 180)
{
  if (system("command -v make >/dev/null 2>&1") != 0)
    cr_skip_test("make is not installed");
  if (!have_python())
    cr_skip_test("python3 with numpy and soundfile is not installed");
  char *dir = tu_tmpdir();
  char *cmd = sp_xasprintf("/usr/bin/python3 '%s/tests/album_ref.py' gen '%s'", SP_SOURCE_DIR, dir);
  cr_assert_eq(system(cmd), 0);
  free(cmd);
  free(tu_write_text(dir, "s1.yaml", SONG));
  char *s2 = sp_xasprintf("stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: g2.wav, gain: "
                          "-1 dB}\noutput: {format: wav, depth: 24}\n");
  free(tu_write_text(dir, "s2.yaml", s2));
  free(tu_write_text(dir, "album.yaml",
                     "stemprint: 1\nalbum:\n  songs:\n    - recipe: s1.yaml\n    - recipe: "
                     "s2.yaml\n      crossfade: 0.1 s\n    - file: g3.wav\n      gap: 0.5 s\n"
                     "output: {dir: out/album, format: flac}\n"));
  /* the Makefile docs/album.md gives (its "With make"), as a user copies it */
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/album.md");
  char *mk = strstr(doc, "\n## With make\n");
  mk = mk ? strstr(mk, "\n```make\n") : NULL;
  cr_assert(mk && strstr(mk + 9, "\n```\n"), "docs/album.md: no make example under 'With make'");
  mk += 9;
  strstr(mk, "\n```\n")[1] = '\0';
  free(tu_write_text(dir, "Makefile", mk));
  free(doc);
  cr_assert_eq(make_in(dir, ""), 0, "%s", tu_slurp(tu_path(dir, "make.log")));
  char *master = tu_path(dir, "out/album/master.flac"), *mix1 = tu_path(dir, "out/s1/mix.wav"),
       *mix2 = tu_path(dir, "out/s2/mix.wav");
  const long long m0 = mtime_ns(master), a0 = mtime_ns(mix1), b0 = mtime_ns(mix2);
  cr_assert(m0 && a0 && b0);
  cr_expect_eq(make_in(dir, "-q out/album/master.flac"), 0, "make twice does nothing");
  cr_expect_eq(make_in(dir, ""), 0);
  cr_expect_eq(mtime_ns(master), m0, "the second make wrote nothing");
  /* song 2 changed: it renders, song 1 is served from the cache untouched */
  free(tu_write_text(dir, "s2.yaml",
                     "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: g2.wav, gain: -2 dB}\n"
                     "output: {format: wav, depth: 24}\n"));
  cr_expect_neq(make_in(dir, "-q out/album/master.flac"), 0, "a changed song is out of date");
  cr_expect_eq(make_in(dir, ""), 0, "%s", tu_slurp(tu_path(dir, "make.log")));
  cr_expect_eq(mtime_ns(mix1), a0, "song 1 was not rendered again");
  cr_expect_gt(mtime_ns(mix2), b0, "song 2 was rendered again");
  cr_expect_gt(mtime_ns(master), m0, "the album was made again");
  cr_expect_eq(make_in(dir, "-q out/album/master.flac"), 0, "and then nothing is left to do");
  /* a master without its depfile (a render by hand without --depfile):
   * make renders the album once more, which writes it */
  char *dep = tu_path(dir, "out/album.d");
  cr_assert_eq(unlink(dep), 0);
  cr_expect_neq(make_in(dir, "-q out/album/master.flac"), 0, "no depfile: out of date");
  cr_expect_eq(make_in(dir, ""), 0, "%s", tu_slurp(tu_path(dir, "make.log")));
  cr_expect_eq(access(dep, F_OK), 0, "make wrote the depfile again");
  cr_expect_eq(mtime_ns(mix1), a0, "song 1 still untouched");
  cr_expect_eq(make_in(dir, "-q out/album/master.flac"), 0, "then nothing is left to do");
  free(dep);
  free(master);
  free(mix1);
  free(mix2);
  free(s2);
  tu_rmtree(dir);
  free(dir);
}

/* The album example (recipes/album): `make album` makes it; again, nothing;
 * a song whose recipe changed renders alone (the others served from the
 * album's cache, their prints untouched), then the album. */
Test(album, example_album_with_make, .timeout = 300)
{
  if (system("command -v make >/dev/null 2>&1") != 0)
    cr_skip_test("make is not installed");
  char *dir = tu_tmpdir();
  char *cmd = sp_xasprintf("set -e; mkdir -p '%s/recipes'; cp -r '%s/recipes/album' '%s/recipes/'; "
                           "rm -rf '%s/recipes/album/out' '%s/recipes/album/album.json'; "
                           "ln -s '%s/fixtures' '%s/fixtures'",
                           dir, SP_SOURCE_DIR, dir, dir, dir, SP_SOURCE_DIR, dir);
  cr_assert_eq(system(cmd), 0);
  free(cmd);
  char *folder = sp_xasprintf("%s/recipes/album", dir);
  cr_assert_eq(make_in(folder, "album"), 0, "%s", tu_slurp(tu_path(folder, "make.log")));
  char *master = tu_path(folder, "out/album/master.flac");
  char *mix[3] = {tu_path(folder, "out/one/mix.wav"), tu_path(folder, "out/two/mix.wav"),
                  tu_path(folder, "out/three/mix.wav")};
  long long m0 = mtime_ns(master), before[3];
  for (int k = 0; k < 3; k++)
    before[k] = mtime_ns(mix[k]);
  cr_expect_eq(make_in(folder, "-q album"), 0, "make album twice does nothing");
  char *three = tu_path(folder, "three.yaml"), *text = tu_slurp(three);
  char *changed = sp_xstrdup(text), *at = strstr(changed, "gain: -3 dB");
  cr_assert(at, "three.yaml's bass gain");
  memcpy(at, "gain: -4 dB", 11);
  free(tu_write_text(folder, "three.yaml", changed));
  cr_expect_neq(make_in(folder, "-q album"), 0, "a changed song is out of date");
  cr_expect_eq(make_in(folder, "album"), 0, "%s", tu_slurp(tu_path(folder, "make.log")));
  cr_expect_eq(mtime_ns(mix[0]), before[0], "song one untouched");
  cr_expect_eq(mtime_ns(mix[1]), before[1], "song two untouched");
  cr_expect_gt(mtime_ns(mix[2]), before[2], "song three rendered again");
  cr_expect_gt(mtime_ns(master), m0, "the album made again");
  cr_expect_eq(make_in(folder, "-q album"), 0, "then nothing is left to do");
  char *cue = tu_path(folder, "out/album/master.cue"), *cue_text = tu_slurp(cue);
  cr_expect(cue_text && strstr(cue_text, "FILE \"master.bin\" BINARY") &&
                strstr(cue_text, "    INDEX 02 00:26:50\n"),
            "the example's CD image: %s", cue_text ? cue_text : "none");
  free(cue_text);
  free(cue);
  for (int k = 0; k < 3; k++)
    free(mix[k]);
  free(master);
  free(three);
  free(text);
  free(changed);
  free(folder);
  tu_rmtree(dir);
  free(dir);
}

/* The album's checks: a store set's loudness rule missed, as its files
 * decode; a master that clips. Each fails the album: exit 1. */
Test(album, checks_fail_the_album)
{
  char *dir = tu_tmpdir();
  enum { N = 48000 };
  float *x = sp_xcalloc(2 * N, sizeof *x);
  for (int i = 0; i < N; i++)
    x[2 * i] = x[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 440.0 * i / 48000.0));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 32, x, N));
  x[1000] = 1.5f; /* over full scale: the 24-bit master clamps it */
  free(tu_write_wav(dir, "loud.wav", 2, 48000, 32, x, N));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: a.wav}]\n"
                              "output:\n  also: [{format: flac, depth: 16, loudness: {target: -30 "
                              "LUFS, tolerance: 0.5 LU, max_true_peak: -13 dBTP}}]\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, NULL};
  cr_expect_eq(tu_run(args, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(err, "check failed: loudness: ") && strstr(err, "/out/album/flac integrated"),
            "%s", err);
  cr_expect(strstr(err, "check failed: true peak: ") && strstr(err, "01 Track 01.flac"), "%s", err);
  /* each at the rule's key, with the fix (review 30 F4: no place nor fix) */
  cr_expect(strstr(err, "album.yaml:5:10: output.also[0].loudness.target: check failed: "
                        "loudness: ") &&
                strstr(err, "; move the songs together by "),
            "%s", err);
  cr_expect(strstr(err, "output.also[0].loudness.max_true_peak: check failed: true peak: ") &&
                strstr(err, "; lower the songs' peaks"),
            "%s", err);
  free(out);
  free(err);
  free(album);
  album =
      tu_write_text(dir, "album.yaml",
                    "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: loud.wav, gap: 1 s}]\n");
  const char *a2[] = {"render", album, NULL};
  cr_expect_eq(tu_run(a2, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(err, "master.wav: check clipping: 1 sample at full scale"), "%s", err);
  free(out);
  free(err);
  free(album);
  free(x);
  tu_rmtree(dir);
  free(dir);
}

/* A song named by two path strings is one song (one job, rendered once,
 * by its canonical path); `--only stems` renders its stems and, as the
 * album is made from it, its mix (said in a note), never an old mix. */
Test(album, one_song_two_spellings_and_only_stems)
{
  char *dir = tu_tmpdir();
  enum { N = 9600 };
  float *x = sp_xcalloc(N, sizeof *x);
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.25 * sin(2 * M_PI * 440.0 * i / 48000.0));
  char *songs = tu_path(dir, "songs");
  cr_assert_eq(mkdir(songs, 0755), 0);
  free(tu_write_wav(songs, "a.wav", 1, 48000, 24, x, N));
  free(tu_write_text(songs, "a.yaml",
                     "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav}\n"
                     "  b: {file: a.wav, gain: -6 dB}\nstems: {sa: [a], sb: [b]}\n"));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - recipe: songs/a.yaml\n"
                              "    - recipe: ./songs/../songs/a.yaml\n      gap: 0.1 s\n"
                              "output: {dir: out/album}\n");
  /* an old mix of another song, where the song prints its mix */
  char *old_dir = tu_path(songs, "out");
  cr_assert_eq(mkdir(old_dir, 0755), 0);
  char *old_mix = tu_path(old_dir, "a");
  cr_assert_eq(mkdir(old_mix, 0755), 0);
  float *y = sp_xcalloc(N / 2, sizeof *y);
  free(tu_write_wav(old_mix, "mix.wav", 1, 48000, 24, y, N / 2));
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--only", "stems", "--no-cache", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "songs/a.yaml: ") && !strstr(out, "songs/../songs/a.yaml: "),
            "one job for both spellings:\n%s", out);
  cr_expect(strstr(err, "note: ") && strstr(err, "--only 'stems' leaves out the mix, and the "
                                                 "album ") && strstr(err, "is made from it: printed too"),
            "%s", err);
  cr_expect(strstr(out, "out/a/sa.wav") && strstr(out, "out/a/mix.wav"), "%s", out);
  /* the album of the new mix: two of its 0.2 s songs and a 0.1 s gap */
  cr_expect(strstr(out, "album.yaml: 2 songs, 0:00.500 at 48000 Hz"), "%s", out);
  int64_t frames = 0;
  int ch = 0, rate = 0;
  char *master = tu_path(dir, "out/album/master.wav");
  double *m = tu_read(master, &frames, &ch, &rate);
  cr_assert(m, "%s", master);
  cr_expect_eq(frames, 2 * N + 4800);
  cr_expect_gt(fabs(m[100]), 0.01, "the new mix, not the old silent one");
  free(m);
  free(master);
  free(out);
  free(err);
  free(y);
  free(old_mix);
  free(old_dir);
  free(album);
  free(songs);
  free(x);
  tu_rmtree(dir);
  free(dir);
}

/* A 16-bit mono WAVE file of frames at rate in dir/name (heap), silent
 * and sparse: its header and a hole, long on no disk. */
static char *sparse_wav(const char *dir, const char *name, uint32_t rate, uint32_t frames)
{
  const uint32_t bytes = frames * 2;
  unsigned char h[44] = "RIFF....WAVEfmt ....\1\0\1\0....\0\0\0\0\2\0\x10\0data....";
  const uint32_t fields[][2] = {{4, 36 + bytes}, {16, 16}, {24, rate}, {28, 2 * rate}, {40, bytes}};
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    for (int b = 0; b < 4; b++)
      h[fields[k][0] + (uint32_t)b] = (unsigned char)(fields[k][1] >> (8 * b));
  char *wav = tu_path(dir, name);
  FILE *f = fopen(wav, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(h, 1, 44, f), 44);
  cr_assert_eq(ftruncate(fileno(f), 44 + (off_t)bytes), 0);
  cr_assert_eq(fclose(f), 0);
  return wav;
}

/* The docs' five-song album (docs/album.md, "A five-song album in five
 * minutes") as written there: its YAML, taken from the docs, is an album
 * `check` passes, beside four song recipes and a finished file as long as
 * the docs say (check holds their lengths as render does: a recipe's its
 * mix's as planned). */
Test(album, the_docs_five_song_album_checks_as_written)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/album.md");
  const char *at = strstr(doc, "## A five-song album in five minutes");
  cr_assert(at);
  at = strstr(at, "```yaml\n");
  cr_assert(at);
  at += 8;
  const char *end = strstr(at, "```");
  cr_assert(end);
  char *yaml = sp_xasprintf("%.*s", (int)(end - at), at);
  cr_expect(strstr(yaml, "format: aac") && strstr(yaml, "format: alac") && strstr(yaml, "cd: true"),
            "the walk-through makes the store files and a CD: %s", yaml);
  char *dir = tu_tmpdir();
  free(sparse_wav(dir, "interlude.wav", 8000, 5 * 8000));
  free(sparse_wav(dir, "song.wav", 8000, 250 * 8000)); /* home ends at 4:02 */
  static const char *const songs[] = {"intro.yaml", "drive.yaml", "lights.yaml", "home.yaml"};
  for (int k = 0; k < 4; k++)
    free(tu_write_text(dir, songs[k],
                       "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: song.wav}\n"
                       "stems: {all: [a]}\n")); /* the rate the docs' sets are for */
  char *album = tu_write_text(dir, "album.yaml", yaml);
  char *out = NULL, *err = NULL;
  const char *args[] = {"check", album, NULL};
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(out, "album.yaml: ok — an album of 5 songs"), "%s", out);
  free(out);
  free(err);
  free(album);
  free(yaml);
  free(doc);
  tu_rmtree(dir);
  free(dir);
}

/* An album whose output would write over a file it reads is refused
 * before anything is written, at the song's file (as check refuses it):
 * the song's file stays as it was. */
Test(album, output_over_a_song_is_refused)
{
  char *dir = tu_tmpdir();
  float x[2 * 4800] = {0.25f};
  char *song = tu_write_wav(dir, "master.wav", 2, 48000, 24, x, 4800);
  char *before = tu_slurp(song);
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs: [{file: master.wav}]\n"
                              "output: {dir: ., master: master}\n");
  char *err = NULL;
  const char *args[] = {"render", album, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(strstr(err, "album.yaml:3:18: album.songs[0].file: 'master.wav' is the master "
                        "(output.master), which this album prints over it: printing it would "
                        "destroy the song it reads; give the song's file another place, or the "
                        "file another name (output.master)"),
            "%s", err);
  char *after = tu_slurp(song);
  cr_expect(memcmp(before, after, 44) == 0, "the song's file was written over");
  free(before);
  free(after);
  free(err);
  free(album);
  free(song);
  tu_rmtree(dir);
  free(dir);
}

/* An album's file that is a file a song's recipe reads (its master named
 * as a source, in the source's folder) is refused before anything
 * renders, the source as it was. Before, only the songs' recipes, mixes,
 * the album and its cover were held against (io/album's own list beside
 * the command's record): the master replaced audio/kick.wav, exit 0, and
 * the album's record then listed it, so that the next album render, its
 * master renamed, removed the source (review 154 #1). */
Test(album, an_album_file_over_a_source_a_song_reads_is_refused)
{
  char *dir = tu_tmpdir();
  char *audio = tu_path(dir, "audio");
  cr_assert_eq(mkdir(audio, 0755), 0);
  float x[2 * 4800] = {0.25f};
  char *src = tu_write_wav(audio, "kick.wav", 2, 48000, 24, x, 4800);
  char *before = tu_slurp(src);
  free(tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  kick: {file: audio/kick.wav}\n"));
  static const char *const outputs[] = {"{dir: audio, format: wav, master: kick}",
                                        "{dir: audio, format: wav, tracks: '{title}'}"};
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  songs:\n    - {recipe: song.yaml, title: "
                              "kick}\noutput: %s\n",
                              outputs[k]);
    char *album = tu_write_text(dir, "album.yaml", text);
    char *err = NULL;
    const char *args[] = {"render", album, "-q", NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s: %s", outputs[k], err);
    cr_expect(strstr(err, "album.yaml: output: ") && strstr(err, "kick.wav: it is a source ") &&
                  strstr(err, "song.yaml reads; writing it would destroy that file"),
              "%s", err);
    char *after = tu_slurp(src);
    cr_expect(memcmp(before, after, 4800 * 6 + 44) == 0, "%s: the source was written over",
              outputs[k]);
    char *mix = tu_path(dir, "out/song/mix.wav");
    cr_expect(access(mix, F_OK) != 0, "%s: a song rendered before the refusal", outputs[k]);
    free(mix), free(after), free(err), free(album), free(text);
  }
  free(before), free(src), free(audio);
  tu_rmtree(dir);
  free(dir);
}

/* `stemprint check` takes an album recipe: its keys, then each song's
 * recipe, as render would read them; ok, or every problem at its line. */
Test(album, check_reads_an_album)
{
  char *out = NULL, *err = NULL;
  const char *args[] = {"check", SP_SOURCE_DIR "/recipes/album/album.yaml", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "album.yaml: ok — an album of 3 songs"), "%s", out);
  free(out);
  free(err);
  char *dir = tu_tmpdir();
  free(tu_write_text(dir, "s.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav, to: drum}\n"));
  char *album =
      tu_write_text(dir, "album.yaml", "stemprint: 1\nalbum:\n  songs: [{recipe: s.yaml}]\n");
  const char *a2[] = {"check", album, NULL};
  cr_expect_eq(tu_run(a2, &out, &err), 2, "%s", out);
  cr_expect(strstr(err, "s.yaml:3:") && strstr(err, "tracks.a.to"), "%s", err);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* ---- the CD image (output.cd) ---------------------------------------------- */

static bool have_tool(const char *tool)
{
  char *cmd = sp_xasprintf("command -v %s >/dev/null 2>&1", tool);
  const bool ok = system(cmd) == 0;
  free(cmd);
  return ok;
}

/* What cmd prints on stdout (heap), having exited 0. */
static char *run_ok(const char *cmd)
{
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p, "%s", cmd);
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, p)) > 0)
    fwrite(buf, 1, got, m);
  fclose(m);
  const int st = pclose(p);
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %d\n%s", cmd, st, out);
  return out;
}

/* A time to the nearest frame (docs/album.md), and a frame to its CD
 * sector: the 44.1 kHz sample rounded half up, then the sector holding it
 * (docs/album.md "## CD image"), as MSF. */
static int64_t at_rate(double seconds, int rate) { return (int64_t)floor(seconds * rate + 0.5); }

static int64_t sector_of(int64_t f, int rate) { return (f * 44100 + rate / 2) / rate / 588; }

static void msf(int64_t sectors, char out[32])
{
  snprintf(out, 32, "%02d:%02d:%02d", (int)(sectors / 4500 % 100), (int)(sectors / 75 % 60),
           (int)(sectors % 75));
}

/* The WAVE data chunk of path (heap), its size in *n; NULL when none. */
static unsigned char *wav_bytes(const char *path, size_t *n)
{
  char *all = tu_slurp(path);
  struct stat st;
  if (!all || stat(path, &st) != 0) {
    free(all);
    return NULL;
  }
  const unsigned char *w = (const unsigned char *)all;
  for (size_t at = 12; at + 8 <= (size_t)st.st_size;) {
    const size_t len = (size_t)w[at + 4] | (size_t)w[at + 5] << 8 | (size_t)w[at + 6] << 16 |
                       (size_t)w[at + 7] << 24;
    if (!memcmp(w + at, "data", 4) && at + 8 + len <= (size_t)st.st_size) {
      unsigned char *d = sp_xmalloc(len ? len : 1);
      memcpy(d, w + at + 8, len);
      *n = len;
      free(all);
      return d;
    }
    at += 8 + len + (len & 1);
  }
  free(all);
  return NULL;
}

/* The BIN (raw 16-bit stereo at 44.1 kHz) as a WAVE file shntool reads. */
static void bin_as_wav(const char *bin, const unsigned char *data, size_t n, const char *wav)
{
  FILE *out = fopen(wav, "wb");
  cr_assert_not_null(out, "%s", bin);
  unsigned char h[44] = "RIFF....WAVEfmt ....\1\0\2\0....\x10\xb1\2\0\4\0\x10\0data....";
  const uint32_t fields[][2] = {
      {4, 36 + (uint32_t)n}, {16, 16}, {24, 44100}, {28, 44100 * 4}, {40, (uint32_t)n}};
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
    for (int b = 0; b < 4; b++)
      h[fields[k][0] + (uint32_t)b] = (unsigned char)(fields[k][1] >> (8 * b));
  cr_assert_eq(fwrite(h, 1, 44, out), 44);
  cr_assert_eq(fwrite(data, 1, n, out), n);
  cr_assert_eq(fclose(out), 0);
}

/* A stereo sine of seconds at 48 kHz, 24-bit, into dir/name. */
static void sine_wav(const char *dir, const char *name, double seconds, double hz)
{
  const int64_t n = at_rate(seconds, 48000);
  float *x = sp_xcalloc((size_t)n * 2, sizeof *x);
  for (int64_t i = 0; i < n; i++)
    x[2 * i] = x[2 * i + 1] = (float)(0.3 * sin(2 * M_PI * hz * (double)i / 48000));
  free(tu_write_wav(dir, name, 2, 48000, 24, x, n));
  free(x);
}

static const char *const CD_ALBUM = "stemprint: 1\n"
                                    "album:\n"
                                    "  title: CD Album\n"
                                    "  artist: The Testers\n"
                                    "  upc: \"012345678905\"\n"
                                    "  songs:\n"
                                    "    - file: c1.wav\n"
                                    "      title: One\n"
                                    "      isrc: GB-AYE-26-00001\n"
                                    "      gap: 0.3 s\n"
                                    "    - file: c2.wav\n"
                                    "      title: Two caf\xc3\xa9\n"
                                    "      composer: A. Composer\n"
                                    "      gap: 1.25 s\n"
                                    "      index: [2.5 s]\n"
                                    "    - file: c3.wav\n"
                                    "      title: Three\n"
                                    "      isrc: GBAYE2600003\n"
                                    "      crossfade: {length: 0.5 s, curve: power}\n"
                                    "output:\n"
                                    "  dir: out\n"
                                    "  format: wav\n"
                                    "  cd: {name: disc}\n";

/* A store set dropped from output.also, or renamed: its folder's tracks
 * of the earlier render removed, as any print the album prints no more
 * (review 26 F5: out/flac/02 B.flac of the old title stayed beside the
 * new master); another recipe's folder there is left as it is. */
Test(album, a_store_set_dropped_or_renamed_leaves_no_tracks_behind)
{
  char *dir = tu_tmpdir();
  sine_wav(dir, "a.wav", 2, 440);
  sine_wav(dir, "b.wav", 2, 660);
  const char *const also[] = {"[{format: flac}, {format: wav, name: other}]",
                              "[{format: wav, name: renamed}]", "[]"};
  char *outdir = tu_path(dir, "out"), *other = tu_path(dir, "out/theirs");
  cr_assert_eq(mkdir(outdir, 0777), 0);
  cr_assert_eq(mkdir(other, 0777), 0);
  free(outdir);
  free(tu_write_text(other, "keep.flac", "not ours"));
  for (int k = 0; k < 3; k++) {
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  title: T\n  songs:\n"
                              "    - {file: a.wav, title: A}\n    - {file: b.wav, title: B}\n"
                              "output: {dir: out, format: wav, also: %s}\n",
                              also[k]);
    char *path = tu_write_text(dir, "album.yaml", text), *out = NULL, *err = NULL;
    const char *args[] = {"render", path, "--no-cache", NULL};
    cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
    free(out), free(err), free(path), free(text);
  }
  const char *const gone[] = {"out/flac/01 A.flac", "out/other/02 B.wav", "out/renamed/01 A.wav"};
  for (size_t i = 0; i < 3; i++) {
    char *f = tu_path(dir, gone[i]);
    cr_expect_neq(access(f, F_OK), 0, "%s left behind", gone[i]);
    free(f);
  }
  /* a set of fewer bits without dither is said rounded (review 26 F10:
   * "dithered to 16-bit") */
  char *path = tu_write_text(dir, "album.yaml",
                             "stemprint: 1\nalbum:\n  title: T\n  songs:\n"
                             "    - {file: a.wav, title: A}\n"
                             "output: {dir: out, format: wav, dither: none, also: [{format: wav, "
                             "depth: 16, name: w16}]}\n"),
       *said = NULL;
  const char *args[] = {"render", path, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, &said, NULL), 0);
  cr_expect(said && strstr(said, "out/w16, rounded to 16-bit"), "%s", said);
  free(said), free(path);
  char *keep = tu_path(other, "keep.flac");
  cr_expect_eq(access(keep, F_OK), 0, "another's file removed");
  free(keep);
  free(other);
  tu_rmtree(dir);
  free(dir);
}

/* A song read from a track the album printed before, under a title it
 * prints no more: the landing keeps it (left out of the record, the
 * user's file now), and the album renders again (review 26 F2: it was
 * removed as a stale print, the next render "cannot read" it). A recipe
 * whose region is a stem it printed before under another name, the
 * same. */
Test(album, an_earlier_print_the_command_reads_is_never_removed)
{
  char *dir = tu_tmpdir();
  sine_wav(dir, "a.wav", 2, 440);
  sine_wav(dir, "b.wav", 2, 660);
  const char *const texts[] = {
      "stemprint: 1\nalbum:\n  title: T\n  songs:\n    - {file: a.wav, title: A}\n"
      "    - {file: b.wav, title: B}\noutput: {dir: out, format: wav}\n",
      "stemprint: 1\nalbum:\n  title: T\n  songs:\n    - {file: a.wav, title: A}\n"
      "    - {file: \"out/02 B.wav\", title: Bee}\noutput: {dir: out, format: wav}\n",
      "stemprint: 1\ntracks:\n  x: {file: a.wav}\n  z: {file: b.wav}\nstems: {x: [x], z: [z]}\n"
      "output: {dir: song}\n",
      "stemprint: 1\ntracks:\n  y: {file: song/x.wav}\n  z: {file: b.wav}\nstems: {y: [y], z: "
      "[z]}\noutput: {dir: song}\n"};
  const char *const kept[] = {NULL, "out/02 B.wav", NULL, "song/x.wav"};
  for (int k = 0; k < 4; k++) {
    char *path = tu_write_text(dir, k < 2 ? "album.yaml" : "song.yaml", texts[k]);
    for (int again = 0; again < (k % 2 ? 2 : 1); again++) {
      char *out = NULL, *err = NULL;
      const char *args[] = {"render", path, "--no-cache", NULL};
      cr_expect_eq(tu_run(args, &out, &err), 0, "case %d, run %d: %s%s", k, again, out, err);
      free(out), free(err);
    }
    if (kept[k]) {
      char *f = tu_path(dir, kept[k]);
      cr_expect_eq(access(f, F_OK), 0, "%s removed", kept[k]);
      free(f);
    }
    free(path);
  }
  tu_rmtree(dir);
  free(dir);
}

/* A 16-bit master at 44.1 kHz is Red Book audio: the BIN holds its codes
 * bit for bit, the gap's digital silence silent; a master at 48 kHz with
 * `dither: none` is rounded, its silence silent too (review 26 F1: both
 * were dithered again, a quarter of the samples +-1 LSB off the master). */
Test(album, a_cd_image_of_a_16_bit_44k1_master_is_its_codes_and_silence_stays_silent)
{
  for (int k = 0; k < 2; k++) {
    char *dir = tu_tmpdir();
    const int rate = k == 0 ? 44100 : 48000;
    for (int s = 0; s < 2; s++) {
      const int64_t n = rate * 4;
      float *x = sp_xcalloc((size_t)n * 2, sizeof *x);
      for (int64_t i = 0; i < n; i++)
        x[2 * i] = x[2 * i + 1] = (float)(0.3 * sin(2 * M_PI * 440.0 * (s + 1) * (double)i / rate));
      char name[16];
      snprintf(name, sizeof name, "c%d.wav", s + 1);
      free(tu_write_wav(dir, name, 2, rate, 24, x, n));
      free(x);
    }
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  title: T\n  artist: A\n  songs:\n"
                              "    - {file: c1.wav, title: One}\n"
                              "    - {file: c2.wav, title: Two, gap: 1 s}\n"
                              "output: {dir: out, format: wav, depth: 16, cd: true%s}\n",
                              k == 0 ? "" : ", dither: none");
    char *album = tu_write_text(dir, "album.yaml", text), *out = NULL, *err = NULL;
    const char *args[] = {"render", album, "--no-cache", NULL};
    cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
    char *bin = tu_path(dir, "out/master.bin"), *wav = tu_path(dir, "out/master.wav");
    struct stat st;
    cr_assert_eq(stat(bin, &st), 0, "%s", out);
    unsigned char *b = (unsigned char *)tu_slurp(bin);
    size_t n_master = 0;
    unsigned char *m = wav_bytes(wav, &n_master);
    cr_assert_not_null(m);
    if (k == 0) {
      cr_expect_geq((size_t)st.st_size, n_master);
      cr_expect(memcmp(b, m, n_master) == 0, "the BIN is not the master's codes");
    }
    /* undithered, the gap (1 s after song one's 4 s, at 44.1 kHz in the
     * BIN) silent */
    size_t noisy = 0;
    for (int64_t i = 4 * 44100 + 2000; k == 1 && i < 5 * 44100 - 2000; i++)
      noisy += b[4 * i] || b[4 * i + 1] || b[4 * i + 2] || b[4 * i + 3];
    cr_expect_eq(noisy, 0, "%zu samples of the gap are not silent (rate %d)", noisy, rate);
    free(b), free(m), free(bin), free(wav), free(out), free(err), free(album), free(text);
    tu_rmtree(dir);
    free(dir);
  }
}

/* An album with a gap, a crossfade and an index point as a CD: its CUE
 * read by cueprint, its track starts the sectors the documented rules
 * predict, and shntool's split of the BIN by the CUE the BIN's bytes at
 * those sectors. */
Test(album, cd_image_of_gaps_a_crossfade_and_an_index_point, .timeout = 120)
{
  char *dir = tu_tmpdir();
  const double len_s[3] = {4.6, 5.0, 4.8};
  for (int k = 0; k < 3; k++) {
    char name[16];
    snprintf(name, sizeof name, "c%d.wav", k + 1);
    sine_wav(dir, name, len_s[k], 220.0 * (k + 1));
  }
  char *album = tu_write_text(dir, "album.yaml", CD_ALBUM), *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "  cd  "), "%s", out);
  /* the timeline (docs/album.md "Where tracks are cut"), in album frames */
  const int R = 48000;
  const int64_t L1 = at_rate(4.6, R), L2 = at_rate(5.0, R), L3 = at_rate(4.8, R);
  const int64_t i1[3] = {at_rate(0.3, R), L1 + at_rate(0.3, R) + at_rate(1.25, R),
                         L1 + at_rate(1.55, R) + L2 - at_rate(0.5, R) + at_rate(0.5, R) / 2};
  const int64_t pregap2 = L1 + at_rate(0.3, R), index2 = i1[1] + at_rate(2.5, R);
  const int64_t master = L1 + at_rate(1.55, R) + L2 - at_rate(0.5, R) + L3;
  char *cue_path = tu_path(dir, "out/disc.cue"), *cue = tu_slurp_must(cue_path);
  char want[64], m[32];
  for (int k = 0; k < 3; k++) {
    msf(sector_of(i1[k], R), m);
    snprintf(want, sizeof want, "TRACK %02d AUDIO", k + 1);
    const char *track = strstr(cue, want);
    cr_assert_not_null(track, "%s", cue);
    snprintf(want, sizeof want, "INDEX 01 %s\n", m);
    cr_expect(strstr(track, want), "track %d: %s in:\n%s", k + 1, want, cue);
  }
  msf(sector_of(pregap2, R), m);
  snprintf(want, sizeof want, "INDEX 00 %s\n    INDEX 01", m);
  cr_expect(strstr(cue, want), "%s in:\n%s", want, cue);
  msf(sector_of(index2, R), m);
  snprintf(want, sizeof want, "INDEX 02 %s\n", m);
  cr_expect(strstr(cue, want), "%s in:\n%s", want, cue);
  cr_expect(strstr(cue, "CATALOG 0012345678905\n"), "%s", cue);
  /* the BIN: the master's length at 44.1 kHz, padded to a sector */
  char *bin = tu_path(dir, "out/disc.bin");
  size_t n_bin = 0;
  unsigned char *all = (unsigned char *)tu_slurp(bin);
  struct stat st;
  cr_assert_eq(stat(bin, &st), 0);
  n_bin = (size_t)st.st_size;
  const int64_t samples = (master * 44100 + R / 2) / R;
  cr_expect_eq(n_bin, (size_t)((samples + 587) / 588 * 2352), "%zu bytes", n_bin);
  if (have_tool("cueprint")) {
    char *cmd = sp_xasprintf("cueprint -d '%%N|%%T|%%P\\n' -t '%%n|%%t|%%p|%%i\\n' '%s'", cue_path);
    char *said = run_ok(cmd);
    cr_expect_str_eq(said, "3|CD Album|The Testers\n"
                           "1|One|The Testers|GBAYE2600001\n"
                           "2|Two caf\xe9|The Testers|\n"
                           "3|Three|The Testers|GBAYE2600003\n");
    free(said);
    free(cmd);
  }
  if (have_tool("shntool")) {
    char *wav = tu_path(dir, "out/disc-bin.wav");
    bin_as_wav(bin, all, n_bin, wav);
    char *cmd = sp_xasprintf("cd '%s/out' && mkdir split && shntool split -q -O always -f disc.cue "
                             "-o wav -d split disc-bin.wav 2>&1",
                             dir);
    free(run_ok(cmd));
    free(cmd);
    /* track k: its INDEX 01 to the next's (track00: what is before track 1's) */
    for (int k = 0; k <= 3; k++) {
      const int64_t from = k ? sector_of(i1[k - 1], R) : 0,
                    to = k < 3 ? sector_of(i1[k], R) : (int64_t)(n_bin / 2352);
      char name[64];
      snprintf(name, sizeof name, "out/split/split-track%02d.wav", k);
      char *path = tu_path(dir, name);
      size_t n = 0;
      unsigned char *got = wav_bytes(path, &n);
      cr_assert_not_null(got, "%s", name);
      cr_expect(n == (size_t)(to - from) * 2352 && !memcmp(got, all + from * 2352, n),
                "%s: %zu bytes, not the BIN's sectors %lld to %lld", name, n, (long long)from,
                (long long)to);
      free(got);
      free(path);
    }
    free(wav);
  } else
    cr_log_warn("shntool is not installed: the split is not checked");
  free(all);
  free(bin);
  free(cue);
  free(cue_path);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* What `stemprint check` says of text (an album beside a.wav and b.wav):
 * exit 2 and said in its errors. */
static void expect_check_error(const char *text, const char *said)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(dir, "album.yaml", text), *out = NULL, *err = NULL;
  const char *args[] = {"check", album, NULL};
  cr_expect_eq(tu_run(args, &out, &err), 2, "%s", text);
  cr_expect(strstr(err, said), "expected '%s' in: %s", said, err);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

static void expect_check_ok(const char *text)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(dir, "album.yaml", text), *out = NULL, *err = NULL;
  const char *args[] = {"check", album, NULL};
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s: %s", text, err);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

#define CD_TAIL "output: {cd: true}\n"

/* Each Red Book rule an album breaks, refused at its key with the fix,
 * only when the CD is asked for (the ISRC and the UPC always). */
Test(album, red_book_rules_refused_at_their_keys)
{
  /* a track under 4 s (a.wav lasts 0.1 s): at the song */
  expect_error(HEAD CD_TAIL, "album.yaml:4:7: album.songs[0]: for the CD (output.cd): track 1 "
                             "plays 00:00:08 (8 sectors) from its INDEX 01 to the disc's end, and "
                             "a track lasts at least 4 s (300 sectors)");
  expect_check_error(HEAD CD_TAIL, "album.yaml:4:7: album.songs[0]: for the CD (output.cd): "
                                   "track 1 plays 00:00:08 (8 sectors)");
  /* CD-Text not in ISO-8859-1, at render and at check */
  const char *greek = HEAD "      title: \xce\xa9mega\n" CD_TAIL;
  expect_error(greek, "album.yaml:5:14: album.songs[0].title: ");
  expect_check_error(greek, "album.yaml:5:14: album.songs[0].title: ");
  expect_check_error(greek, "for the CD (output.cd): character 1 (U+03A9) is not in ISO-8859-1, "
                            "CD-Text's character set: write it in Latin letters");
  /* without a CD, the same title is a tag's: no error */
  expect_check_ok(HEAD "      title: \xce\xa9mega\n");
  expect_check_error("stemprint: 1\nalbum:\n  artist: \xe2\x80\x9cQ\xe2\x80\x9d\n"
                     "  songs: [{file: a.wav}]\n" CD_TAIL,
                     "album.yaml:3:11: album.artist: ");
  /* an index point within INDEX 01's sector */
  expect_error(HEAD "      index: [0.01 s]\n" CD_TAIL,
               "album.yaml:5:15: album.songs[0].index[0]: for the CD (output.cd): track 1's "
               "INDEX 02 at");
  /* more than 99 tracks, at check */
  char *many = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&many, &len);
  fputs("stemprint: 1\nalbum:\n  songs:\n", f);
  for (int k = 0; k < 100; k++)
    fputs("    - file: a.wav\n", f);
  fputs(CD_TAIL, f);
  fclose(f);
  expect_check_error(many, "album.yaml:4:5: album.songs: 100 songs, and a CD holds at most 99 "
                           "tracks; make two albums, or drop output.cd");
  free(many);
  /* the key's own shape */
  expect_error(HEAD "output: {cd: yes}\n",
               "album.yaml:5:14: output.cd: expected true or false, got 'yes'");
  expect_error(HEAD "output: {cd: [a]}\n",
               "album.yaml:5:14: output.cd: expected true, false, or {name}, got a list");
  expect_error(HEAD "output: {cd: {name: \"a\\\"b\"}}\n",
               "album.yaml:5:14: output.cd.name: the image's name 'a\"b' has a character");
  expect_error(HEAD "output: {cd: {nme: x}}\n",
               "output.cd.nme: unknown key 'nme' in output.cd; did you mean 'name'?");
  /* the codes are checked without a CD too */
  expect_check_error(HEAD "      isrc: GBAYE260001\n",
                     "album.yaml:5:13: album.songs[0].isrc: not an ISRC: 'GBAYE260001' is 11 "
                     "characters");
}

/* Longer than 79:57:74: refused before a sample is read (the songs' length
 * is their header's: a sparse file of 81 minutes at 8 kHz holds no disk). */
Test(album, a_cd_longer_than_79_57_74_is_refused)
{
  char *dir = tu_tmpdir();
  char *wav = sparse_wav(dir, "long.wav", 8000, 81 * 60 * 8000);
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - file: long.wav\n" CD_TAIL),
       *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  cr_expect(strstr(err, "album.yaml:4:5: album.songs: for the CD (output.cd): the image lasts "
                        "81:00:00") &&
                strstr(err, "and a CD holds at most 79:57:74"),
            "%s", err);
  free(err);
  const char *check[] = {"check", album, NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 2);
  cr_expect(strstr(err, "album.yaml:4:5: album.songs: for the CD (output.cd): the image lasts "
                        "81:00:00"),
            "check: %s", err);
  char *out_dir = tu_path(dir, "out");
  struct stat st;
  cr_expect_neq(stat(out_dir, &st), 0, "nothing is written");
  free(out_dir);
  free(err);
  free(album);
  free(wav);
  tu_rmtree(dir);
  free(dir);
}

/* A store set takes any format of SP_FORMAT_ROWS, its bitrate and rate
 * held to that format's row. */
Test(album, store_sets_take_the_formats_of_the_rows)
{
  expect_error(HEAD "output: {also: [{format: ogg}]}\n",
               "album.yaml:5:26: output.also[0].format: expected 'wav', 'flac', 'aiff', 'w64', "
               "'alac', 'mp3', 'opus' or 'aac' (the set's format: any of a recipe's sets), got "
               "'ogg'");
  expect_error(HEAD "output: {also: [{bitrate: 320}]}\n",
               "album.yaml:5:17: output.also[0]: missing 'format' (the set's format: any of a "
               "recipe's sets); add 'format: wav'");
  expect_error("stemprint: 1\nalbum:\n  rate: 44.1 kHz\n  songs:\n    - file: a.wav\n"
               "output: {also: [{format: opus}]}\n",
               "album.yaml:6:26: output.also[0].format: opus takes 8, 12, 16, 24 or 48 kHz, not "
               "the album's 44100 Hz; give album.rate one of them, or the set another format");
  expect_error(HEAD "output: {also: [{format: opus, bitrate: 600}]}\n",
               "album.yaml:5:41: output.also[0].bitrate: 600 kbps is out of range; opus takes 12 "
               ".. 512 kbps (stereo)");
  expect_error(HEAD "output: {also: [{format: mp3, bitrate: 16}]}\n",
               "album.yaml:5:40: output.also[0].bitrate: mp3 at 48 kHz needs at least 64 kbps "
               "(stereo): the frames of 32 kbps cannot hold LAME's info tag");
  expect_error(HEAD "output: {also: [{format: flac, bitrate: 320}]}\n",
               "album.yaml:5:41: output.also[0].bitrate: flac is lossless: it has no bitrate; "
               "remove 'bitrate'");
  expect_error(HEAD "output: {depth: 32f, also: [{format: flac}]}\n",
               "album.yaml:5:29: output.also[0]: flac cannot store 32-bit float; give the set "
               "depth 24 or 16");
  /* an Opus set at 48 kHz is made, each track decoded as long as its cut;
   * an ALAC set's tags (the ilst) read back by ffprobe and MediaInfo: the
   * album's artist, genre, a song's composer as the recipe says them */
  char *dir = tu_tmpdir();
  float one[48000 * 2] = {0};
  for (int i = 0; i < 48000; i++)
    one[2 * i] = one[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 440.0 * i / 48000));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 48000));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  artist: Various Stems\n  genre: Ambient\n"
                              "  songs:\n    - file: a.wav\n      composer: J. Doe\n"
                              "    - file: a.wav\n      gap: 0.5 s\n"
                              "output: {dir: out, also: [{format: opus, bitrate: 96}, "
                              "{format: alac}]}\n"),
       *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  for (int k = 1; k <= 2; k++) {
    char name[64];
    snprintf(name, sizeof name, "out/opus/%02d Track %02d.opus", k, k);
    char *p = tu_path(dir, name);
    int64_t frames = 0;
    int ch = 0, rate = 0;
    double *x = tu_read(p, &frames, &ch, &rate);
    cr_expect_not_null(x, "%s", name);
    cr_expect_eq(frames, k == 1 ? 48000 : 72000, "%s: %lld frames", name, (long long)frames);
    free(x);
    free(p);
  }
  char *m4a = tu_path(dir, "out/alac/01 Track 01.m4a");
  if (system("command -v ffprobe >/dev/null 2>&1") == 0) {
    char *cmd = sp_xasprintf("ffprobe -v error -show_entries format_tags=album_artist,genre,"
                             "composer -of default=nw=1 '%s'",
                             m4a);
    FILE *f = popen(cmd, "r");
    char got[512] = "";
    size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
    got[n] = '\0';
    if (f)
      pclose(f);
    cr_expect(strstr(got, "TAG:album_artist=Various Stems\n") &&
                  strstr(got, "TAG:genre=Ambient\n") && strstr(got, "TAG:composer=J. Doe\n"),
              "ffprobe of %s:\n%s", m4a, got);
    free(cmd);
  }
  if (system("command -v mediainfo >/dev/null 2>&1") == 0) {
    char *cmd = sp_xasprintf("LC_ALL=C.UTF-8 mediainfo --Inform='General;%%Album/Performer%%|%%Genre%%|%%Composer%%' "
                             "'%s'",
                             m4a);
    FILE *f = popen(cmd, "r");
    char got[512] = "";
    size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
    got[n] = '\0';
    if (f)
      pclose(f);
    cr_expect(strncmp(got, "Various Stems|Ambient|J. Doe", 28) == 0, "MediaInfo of %s: %s", m4a,
              got);
    free(cmd);
  }
  /* each ALAC track as MediaInfo and FFmpeg read it: its length (to
   * MediaInfo's millisecond; decoded, to the sample), and decoded, the
   * track file's codes exactly (a set at the master's depth holds the
   * master's codes, docs/album.md output.also) */
  for (int k = 1; k <= 2 && have_tool("mediainfo") && have_tool("ffmpeg"); k++) {
    char name[64];
    snprintf(name, sizeof name, "out/alac/%02d Track %02d.m4a", k, k);
    char *a = tu_path(dir, name), *dec = tu_path(dir, "decoded.wav");
    snprintf(name, sizeof name, "out/%02d Track %02d.wav", k, k);
    char *w = tu_path(dir, name);
    int64_t frames = 0, got_frames = 0;
    int ch = 0, rate = 0;
    double *pcm = tu_read(w, &frames, &ch, &rate);
    cr_assert_not_null(pcm, "%s", w);
    char *cmd =
        sp_xasprintf("LC_ALL=C.UTF-8 mediainfo --Inform='Audio;%%Format%%|%%SamplingRate%%|%%Duration%%' '%s'", a);
    char *mi = run_ok(cmd), want[64];
    snprintf(want, sizeof want, "ALAC|48000|%lld\n", llround((double)frames * 1000 / 48000));
    cr_expect(strncmp(mi, want, strlen(want)) == 0, "MediaInfo of %s: %s, not %s", a, mi, want);
    free(cmd);
    cmd = sp_xasprintf("ffmpeg -v error -y -i '%s' -c:a pcm_s24le '%s'", a, dec);
    free(run_ok(cmd));
    double *x = tu_read(dec, &got_frames, &ch, &rate);
    cr_assert_not_null(x, "%s", dec);
    cr_expect_eq(got_frames, frames, "%s: %lld frames decoded", a, (long long)got_frames);
    double worst = 0;
    for (int64_t i = 0; got_frames == frames && i < 2 * frames; i++)
      worst = fmax(worst, fabs(x[i] - pcm[i]) * 0x1p23);
    cr_expect_eq(worst, 0.0, "%s: %g LSB from its track", a, worst);
    free(x), free(pcm), free(mi), free(cmd), free(a), free(dec), free(w);
  }
  free(m4a);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* ---- the album's files: named, confined and landed as a render's prints ---- */

/* A folder with two finished songs (a.wav, b.wav: 0.5 s of a 48 kHz tone)
 * and an album recipe of text (its path, heap). */
static char *album_in(const char *dir, const char *text)
{
  float x[2 * 24000];
  for (size_t i = 0; i < 24000; i++)
    x[2 * i] = x[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 441.0 * (double)i / 48000.0));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, x, 24000));
  free(tu_write_wav(dir, "b.wav", 2, 48000, 24, x, 24000));
  return tu_write_text(dir, "al.yaml", text);
}

/* `render` and `check` of album text: both exit 2 and say `said`; nothing
 * is written (no output folder). */
static void expect_names_refused(const char *text, const char *said)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, text);
  char *out = NULL, *err = NULL;
  const char *render[] = {"render", album, "-q", NULL};
  cr_expect_eq(tu_run(render, &out, &err), 2, "%s\n%s", text, err);
  cr_expect(strstr(err, said), "%s\nexpected: %s\ngot: %s", text, said, err);
  char *o = tu_path(dir, "out");
  cr_expect_eq(tu_count_entries(o), -1, "%s: something was written", text);
  free(o);
  free(out);
  free(err);
  const char *check[] = {"check", album, NULL};
  cr_expect_eq(tu_run(check, &out, &err), 2, "%s\n%s", text, err);
  cr_expect(strstr(err, said), "check: %s\nexpected: %s\ngot: %s", text, said, err);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* Every file an album writes is named and held against every other
 * before anything is written: two tracks of one name, a track named as
 * the master, an empty name, a store set over the master's tracks. */
Test(album, names_that_clash_or_are_empty_are_refused_at_their_keys)
{
  expect_names_refused("stemprint: 1\nalbum:\n  songs:\n"
                       "    - {file: a.wav, title: Same}\n"
                       "    - {file: b.wav, title: Same}\n"
                       "output: {tracks: \"{title}\"}\n",
                       "al.yaml:5:28: album.songs[1].title: track 2 would be written to "
                       "'Same.wav' in output.dir, like track 1; put {nn} in output.tracks");
  expect_names_refused("stemprint: 1\nalbum:\n  songs:\n"
                       "    - {file: a.wav, title: One}\n"
                       "    - {file: b.wav, title: master}\n"
                       "output: {tracks: \"{title}\"}\n",
                       "album.songs[1].title: track 2 would be written to 'master.wav' in "
                       "output.dir, like the master (output.master)");
  expect_names_refused("stemprint: 1\nalbum:\n  songs:\n"
                       "    - {file: a.wav, title: One}\n"
                       "    - {file: b.wav, title: SAME}\n"
                       "    - {file: b.wav, title: same}\n"
                       "output: {tracks: \"{title}\"}\n",
                       "like track 2 (names that differ only in case");
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                       "output: {tracks: \"{artist}\"}\n",
                       "output.tracks: track 1 would be written to '.wav' in output.dir: its "
                       "name is empty");
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                       "output: {also: [{format: wav, depth: 16, name: \".\"}]}\n",
                       "output.also[0].name: the folder of output.also[0] cannot be written "
                       "under the name '.'");
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                       "output: {also: [{format: flac}, {format: flac, depth: 16}]}\n",
                       "output.also[1].name: the folder of output.also[1] would be written to "
                       "'flac' in output.dir, like the folder of output.also[0]");
}

/* A name is a file's name in the album's folder: '..' and '/' never lead
 * out of it, for the master, a set's folder or the CD image. */
Test(album, names_never_lead_outside_the_output_folder)
{
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}]\n"
                       "output: {master: ../../X}\n",
                       "output.master: the master (output.master) cannot be written under the "
                       "name '../../X.wav' in output.dir");
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}]\n"
                       "output: {also: [{format: flac, name: ../../X}]}\n",
                       "output.also[0].name: the folder of output.also[0] cannot be written "
                       "under the name '../../X'");
  expect_names_refused("stemprint: 1\nalbum:\n  songs: [{file: a.wav}]\n"
                       "output: {tracks: \"../{title}\"}\n",
                       "output.tracks: track 1 cannot be written under the name '.._Track "
                       "01.wav'");
}

/* --confine holds an album as it holds a recipe: its songs, its cover and
 * its output folder inside the album recipe's folder. */
Test(album, confine_holds_its_songs_cover_and_folder)
{
  char *dir = tu_tmpdir();
  free(album_in(dir, "stemprint: 1\n"));
  char *sub = tu_path(dir, "sub");
  cr_assert_eq(mkdir(sub, 0755), 0);
  char *abs = tu_path(dir, "abs");
  char *text = sp_xasprintf("stemprint: 1\nalbum:\n  songs: [{file: ../a.wav}]\n"
                            "output: {dir: %s}\n",
                            abs);
  char *album = tu_write_text(sub, "al.yaml", text);
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--confine", "-q", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "al.yaml:3:18: album.songs[0].file: the song's file") &&
                strstr(err, "outside the folders this render may use (--confine"),
            "%s", err);
  cr_expect(strstr(err, "al.yaml:4:15: output.dir: the output folder"), "%s", err);
  cr_expect_eq(tu_count_entries(abs), -1, "the album wrote outside its folder");
  free(out);
  free(err);
  /* check holds it so too, with the same words */
  const char *check[] = {"check", album, "--confine", NULL};
  cr_expect_eq(tu_run(check, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "al.yaml:3:18: album.songs[0].file: the song's file") &&
                strstr(err, "al.yaml:4:15: output.dir: the output folder"),
            "%s", err);
  free(out);
  free(err);
  /* without --confine the same album is made */
  const char *free_args[] = {"render", album, "-q", NULL};
  cr_expect_eq(tu_run(free_args, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  free(album);
  free(text);
  free(abs);
  free(sub);
  tu_rmtree(dir);
  free(dir);
}

/* A report (--junit, --report, --html, --depfile) over a file the album
 * reads or prints is refused before anything is rendered, whether that
 * file exists yet or not. */
Test(album, a_report_never_replaces_an_input_or_a_file_of_the_album)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                              "output: {dir: out}\n");
  char *song = tu_path(dir, "a.wav"), *before = tu_slurp_must(song);
  char *master = tu_path(dir, "out/master.wav");
  static const char *const opts[] = {"--junit", "--html", "--depfile", "--report"};
  for (size_t i = 0; i < 4; i++) {
    char *out = NULL, *err = NULL;
    const char *on_song[] = {"render", album, opts[i], song, "-q", NULL};
    cr_expect_eq(tu_run(on_song, &out, &err), 2, "%s %s", opts[i], err);
    cr_expect(strstr(err, "it is a file the album") && strstr(err, "reads"), "%s", err);
    free(out);
    free(err);
    const char *on_master[] = {"render", album, opts[i], master, "-q", NULL};
    cr_expect_eq(tu_run(on_master, &out, &err), 2, "%s %s", opts[i], err);
    cr_expect(strstr(err, "it is a file the album") && strstr(err, "prints"), "%s", err);
    free(out);
    free(err);
  }
  char *after = tu_slurp_must(song);
  cr_expect(strcmp(before, after) == 0 && tu_count_entries(master) == -1,
            "a report replaced the song, or the album was made");
  free(before);
  free(after);
  free(master);
  free(song);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* --depfile with an album whose file make cannot read back (a finished
 * song 's;x.wav': ';' starts a recipe whatever quotes it) is refused before
 * anything renders, its song recipe's render too: exit 2, the song's key
 * and the fix said, no print, no depfile. Without --depfile the album is
 * made. Before: the songs rendered, the album was made, and its rule was
 * read by make as "... : a" and a recipe "x.wav". */
Test(album, a_depfile_name_make_cannot_read_is_refused_before_anything_renders)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs:\n    - recipe: s.yaml\n"
                              "    - file: \"s;x.wav\"\noutput: {dir: out}\n");
  char *b = tu_path(dir, "b.wav"), *sx = tu_path(dir, "s;x.wav");
  cr_assert_eq(rename(b, sx), 0);
  free(tu_write_text(dir, "s.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  char *o = tu_path(dir, "o/{recipe}"), *made = tu_path(dir, "o"), *d = tu_path(dir, "al.d");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "-o", o, "--depfile", d, "-q", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "al.yaml:5:7: album.songs[1]: --depfile: make cannot read back the name") &&
                strstr(err, "s;x.wav") && strstr(err, "rename it, or render without --depfile"),
            "%s", err);
  cr_expect_eq(tu_count_entries(made), -1, "nothing was rendered");
  cr_expect_neq(access(d, F_OK), 0, "no depfile");
  free(out);
  free(err);
  const char *without[] = {"render", album, "-o", o, "-q", NULL};
  cr_expect_eq(tu_run(without, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  free(d);
  free(made);
  free(o);
  free(sx);
  free(b);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* An album whose check fails (its files land, exit 1) has a depfile rule
 * that makes make run it again, as a recipe's failed check has: its
 * targets depend on out/.stemprint/al.check-failed, a file that never
 * exists, with an empty rule of its own; make -q over the depfile finds
 * the master out of date. An album that passes has none, and is up to
 * date. Before: the failed album's rule was the passing one's, and the
 * next make passed without rendering it. */
Test(album, a_failed_check_has_a_depfile_rule_that_makes_make_run_it_again)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                              "output:\n  dir: out\n"
                              "  loudness: {target: -40 LUFS, tolerance: 1 LU}\n");
  char *deps = tu_path(dir, "al.d");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--depfile", deps, "-q", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 1, "%s", err);
  char *d = tu_slurp_must(deps);
  char *want = sp_xasprintf(" \\\n  %s/b.wav \\\n  %s/out/.stemprint/al.check-failed\n"
                            "%s/out/.stemprint/al.check-failed:\n",
                            dir, dir, dir);
  cr_expect(strstr(d, want), "want ...%s in: %s", want, d);
  free(want);
  free(d);
  free(out);
  free(err);
  if (system("command -v make >/dev/null 2>&1") == 0) {
    char *mk = sp_xasprintf("include %s\n%s/out/master.wav:\n\t@echo build\n", deps, dir);
    free(tu_write_text(dir, "Makefile", mk));
    free(mk);
    char *goal = sp_xasprintf("-q '%s/out/master.wav'", dir);
    cr_expect_eq(make_in(dir, goal), 1, "a failed album is out of date");
    char *never = tu_path(dir, "out/.stemprint/al.check-failed");
    cr_expect_neq(access(never, F_OK), 0, "the file never exists");
    free(never);
    /* passing: no such prerequisite, up to date */
    free(tu_write_text(dir, "al.yaml",
                       "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: "
                       "b.wav}]\noutput:\n  dir: out\n"));
    const char *again[] = {"render", album, "--depfile", deps, "-q", NULL};
    cr_expect_eq(tu_run(again, &out, &err), 0, "%s", err);
    d = tu_slurp_must(deps);
    cr_expect(!strstr(d, "check-failed"), "%s", d);
    free(d);
    cr_expect_eq(make_in(dir, goal), 0, "a passing album is up to date");
    free(goal);
    free(out);
    free(err);
  }
  free(deps);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* The reports are written once the album is made and carry its verdicts:
 * a failed loudness target is a JUnit failure and a failed check in the
 * JSON report; --profile and --depfile have the album's part. */
Test(album, the_reports_carry_the_albums_verdicts)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs: [{file: a.wav}, {file: b.wav}]\n"
                              "output:\n  dir: out\n"
                              "  loudness: {target: -40 LUFS, tolerance: 1 LU}\n");
  char *junit = tu_path(dir, "j.xml"), *report = tu_path(dir, "r.json"),
       *profile = tu_path(dir, "p.json"), *deps = tu_path(dir, "al.d"),
       *html = tu_path(dir, "r.html");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--junit", junit, "--report", report, "--profile",
                        profile, "--depfile", deps, "--html", html, "-q", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 1, "%s", err);
  char *j = tu_slurp_must(junit);
  cr_expect(strstr(j, "tests=\"3\" failures=\"1\" errors=\"0\""), "%s", j);
  cr_expect(strstr(j, "<testcase name=\"loudness.integrated: ") && strstr(j, "<failure message=\"loudness: "),
            "%s", j);
  char *r = tu_slurp_must(report);
  cr_expect(strstr(r, "\"albums\"") && strstr(r, "\"passed\": false") &&
                strstr(r, "\"name\": \"loudness.integrated\"") && strstr(r, "\"status\": 1"),
            "%s", r);
  char *p = tu_slurp_must(profile);
  cr_expect(strstr(p, "\"albums\"") && strstr(p, "\"work_seconds\""), "%s", p);
  char *d = tu_slurp_must(deps);
  cr_expect(strstr(d, "out/master.wav") && strstr(d, "out/01\\ Track\\ 01.wav") &&
                strstr(d, "al.yaml") && strstr(d, "b.wav"),
            "%s", d);
  char *h = tu_slurp_must(html);
  cr_expect(strstr(h, "al.yaml") && strstr(h, "loudness.integrated"), "the page has no album");
  free(h);
  free(d);
  free(p);
  free(r);
  free(j);
  free(out);
  free(err);
  free(html);
  free(deps);
  free(profile);
  free(report);
  free(junit);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* The album's files land through the output folder as a render's prints
 * do: its record in each folder, and a track renamed leaves no old file. */
Test(album, lands_with_a_record_and_takes_away_what_it_prints_no_more)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs:\n"
                              "    - {file: a.wav, title: One}\n"
                              "    - {file: b.wav, title: Two}\n"
                              "output: {dir: out, also: [{format: flac}]}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "-q", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  free(out);
  free(err);
  char *rec = tu_path(dir, "out/.stemprint/al.prints"), *set = tu_path(dir, "out/flac/.stemprint/al.prints");
  char *r = tu_slurp_must(rec), *s = tu_slurp_must(set);
  cr_expect(strstr(r, "\nmaster.wav\n01\\ One.wav\n02\\ Two.wav\n"), "%s", r);
  cr_expect(strstr(s, "\n01\\ One.flac\n02\\ Two.flac\n"), "%s", s);
  free(r);
  free(s);
  free(tu_write_text(dir, "al.yaml",
                     "stemprint: 1\nalbum:\n  songs:\n"
                     "    - {file: a.wav, title: One}\n"
                     "    - {file: b.wav, title: Deux}\n"
                     "output: {dir: out, also: [{format: flac}]}\n"));
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  char *old = tu_path(dir, "out/02 Two.wav"), *old_set = tu_path(dir, "out/flac/02 Two.flac"),
       *now = tu_path(dir, "out/flac/02 Deux.flac");
  cr_expect(access(old, F_OK) != 0 && access(old_set, F_OK) != 0, "the old track stayed");
  cr_expect(access(now, F_OK) == 0, "the new track is missing");
  free(now);
  free(old_set);
  free(old);
  free(out);
  free(err);
  free(set);
  free(rec);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* SIGTERM while the album is written: it stops within a block, exits 143
 * (by the signal), leaves no temporary file and no folder it made, and
 * the album made before stays as it was. */
Test(album, an_interrupt_stops_it_and_lands_nothing, .timeout = 120)
{
  char *dir = tu_tmpdir();
  float *x = sp_xcalloc(2 * 48000, sizeof *x);
  for (size_t i = 0; i < 48000; i++)
    x[2 * i] = x[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 441.0 * (double)i / 48000.0));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, x, 48000));
  free(x);
  char *cmd = sp_xasprintf("cd '%s' && ffmpeg -loglevel error -y -stream_loop 299 -i a.wav -c "
                           "pcm_s24le long.wav",
                           dir);
  if (system(cmd) != 0)
    cr_skip_test("ffmpeg is needed to make a long song");
  free(cmd);
  char *album = tu_write_text(dir, "al.yaml",
                              "stemprint: 1\nalbum:\n  songs: [{file: long.wav}, {file: long.wav}]\n"
                              "output: {dir: out, format: flac, also: [{format: mp3}]}\n");
  for (int made = 0; made < 2; made++) {
    char *o = tu_path(dir, "out");
    /* the second time over the album the first time made (once made
     * whole). That album is made of its songs' first second (long.wav set
     * aside for it, then put back): what is asked of it, that the render
     * interrupted over it leaves its files as they were, does not depend
     * on its length, and a whole render of the ten minutes took 18 s of
     * the test's 19.5 s of CPU in the sanitized build (7 of 7.8 s plain). */
    if (made) {
      char *longp = tu_path(dir, "long.wav"), *aside = tu_path(dir, "long.aside"),
           *one = tu_path(dir, "a.wav");
      cr_assert_eq(rename(longp, aside), 0);
      cr_assert_eq(link(one, longp), 0);
      const char *args[] = {"render", album, "-q", NULL};
      char *out = NULL, *err = NULL;
      cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
      cr_assert_eq(rename(aside, longp), 0);
      free(out);
      free(err);
      free(one);
      free(aside);
      free(longp);
    }
    char *master = tu_path(dir, "out/master.flac");
    struct stat before = {0}, after = {0};
    cr_assert(!made || stat(master, &before) == 0);
    char *run = sp_xasprintf(
        "'%s' render '%s' -q 2>'%s/err' & pid=$!; "
        "for i in $(seq 200); do ls -a '%s' '%s/mp3' 2>/dev/null | grep -q stemprint-tmp && "
        "break; sleep 0.02; done; kill -TERM $pid; wait $pid; echo $? >'%s/rc'",
        SP_STEMPRINT_BIN, album, dir, o, o, dir);
    cr_assert_eq(system(run), 0);
    char *rcp = tu_path(dir, "rc"), *rc = tu_slurp_must(rcp), *errp = tu_path(dir, "err"),
         *e = tu_slurp_must(errp);
    cr_expect_eq(atoi(rc), 143, "%s", e);
    cr_expect(strstr(e, "interrupted while the album was written; nothing of it landed"), "%s", e);
    char *ls = sp_xasprintf("ls -aR '%s' 2>/dev/null | grep -q stemprint-tmp", o);
    cr_expect_neq(system(ls), 0, "a temporary file was left");
    if (made) {
      cr_expect(stat(master, &after) == 0 && after.st_ino == before.st_ino &&
                    after.st_mtim.tv_nsec == before.st_mtim.tv_nsec &&
                    after.st_mtim.tv_sec == before.st_mtim.tv_sec,
                "the album made before was replaced");
    } else {
      cr_expect_eq(tu_count_entries(o), -1, "the folders it made were left");
    }
    free(ls);
    free(e);
    free(errp);
    free(rc);
    free(rcp);
    free(run);
    free(master);
    free(o);
  }
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* A title is free text: in a track's name each character a portable file
 * name cannot hold becomes '_' (as docs/album.md says), so the album is
 * made with names every file system and make take. */
Test(album, a_title_is_free_text_in_a_tracks_name)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs:\n"
                              "    - {file: a.wav, title: \"What's Up?: Part 1\"}\n"
                              "    - {file: b.wav, title: \"50% = ok; <x>/|\\\\*\"}\n"
                              "output: {dir: out}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "-q", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  char *one = tu_path(dir, "out/01 What's Up__ Part 1.wav"),
       *two = tu_path(dir, "out/02 50_ _ ok_ _x_____.wav");
  cr_expect(access(one, F_OK) == 0 && access(two, F_OK) == 0, "%s", out);
  free(one);
  free(two);
  free(out);
  free(err);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* What is in the way is found before anything lands: a folder where a
 * track goes (none of the album's files lands, the set's neither), a set's
 * folder that is a link out of the album's folder under --confine, and
 * two albums of one command into one folder. */
Test(album, what_is_in_the_way_is_found_before_anything_lands)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs: [{file: a.wav, title: A}]\n"
                              "output: {dir: out, also: [{format: flac}]}\n");
  char *track = tu_path(dir, "out/01 A.wav");
  char *out_dir = tu_path(dir, "out");
  cr_assert(mkdir(out_dir, 0755) == 0 && mkdir(track, 0755) == 0);
  free(out_dir);
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "-q", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 3, "%s", err);
  cr_expect(strstr(err, "it is a folder, not a file"), "%s", err);
  char *master = tu_path(dir, "out/master.wav"), *set = tu_path(dir, "out/flac");
  cr_expect(access(master, F_OK) != 0 && access(set, F_OK) != 0, "a file landed");
  free(out);
  free(err);
  rmdir(track);
  /* a set's folder that leads out, under --confine */
  char *elsewhere = tu_path(dir, "elsewhere"), *sub = tu_path(dir, "sub");
  cr_assert_eq(mkdir(elsewhere, 0755), 0);
  cr_assert_eq(mkdir(sub, 0755), 0);
  char *inner = album_in(sub, "stemprint: 1\nalbum:\n  songs: [{file: a.wav, title: A}]\n"
                              "output: {dir: out, also: [{format: flac}]}\n");
  char *link = tu_path(sub, "out/flac"), *outd = tu_path(sub, "out");
  cr_assert_eq(mkdir(outd, 0755), 0);
  cr_assert_eq(symlink(elsewhere, link), 0);
  const char *confined[] = {"render", inner, "-q", "--confine", NULL};
  cr_expect_eq(tu_run(confined, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "output.also[0].name: the store set's folder") &&
                strstr(err, "outside the folders this render may use"),
            "%s", err);
  cr_expect_eq(tu_count_entries(elsewhere), 0, "the set was written outside");
  free(out);
  free(err);
  /* two albums into one folder */
  char *other = tu_write_text(dir, "b.yaml", "stemprint: 1\nalbum:\n  songs: [{file: b.wav}]\n");
  char *o = tu_path(dir, "same");
  const char *two[] = {"render", album, other, "-o", o, "-q", NULL};
  cr_expect_eq(tu_run(two, &out, &err), 2, "%s", err);
  cr_expect(strstr(err, "which the album") && strstr(err, "writes too"), "%s", err);
  cr_expect_eq(tu_count_entries(o), -1, "something was written");
  free(out);
  free(err);
  free(o);
  free(other);
  free(outd);
  free(link);
  free(inner);
  free(sub);
  free(elsewhere);
  free(set);
  free(master);
  free(track);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* What the master's folder's commit would refuse (its record a FIFO, its
 * records' folder a link) is found before any folder lands: the set's
 * folder, landed first, is not made, and output.dir is as it was. Before,
 * out/flac/ landed with its tracks and record, then the master's commit
 * was refused (exit 3): half an album. */
Test(album, a_refused_master_folder_lands_no_set_before_it)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs: [{file: a.wav, title: A}]\n"
                              "output: {dir: out, also: [{format: flac}]}\n");
  char *out_dir = tu_path(dir, "out"), *records = tu_path(dir, "out/.stemprint");
  char *record = tu_path(dir, "out/.stemprint/al.prints"), *elsewhere = tu_path(dir, "elsewhere");
  cr_assert_eq(mkdir(out_dir, 0755), 0);
  cr_assert_eq(mkdir(elsewhere, 0755), 0);
  for (int k = 0; k < 2; k++) {
    tu_rmtree(records);
    if (k == 0)
      cr_assert(mkdir(records, 0755) == 0 && mkfifo(record, 0644) == 0);
    else
      cr_assert_eq(symlink(elsewhere, records), 0);
    char *before = tu_listing(out_dir), *err = NULL;
    const char *args[] = {"render", album, "-q", NULL};
    cr_expect_eq(tu_run(args, NULL, &err), 3, "case %d: %s", k, err);
    cr_expect(strstr(err, k == 0 ? "al.prints': it is a device, a FIFO or a socket"
                                 : ".stemprint': it is a symbolic link"),
              "case %d: %s", k, err);
    char *after = tu_listing(out_dir);
    cr_expect_str_eq(after, before, "case %d: something landed", k);
    cr_expect_eq(tu_count_entries(elsewhere), 0, "case %d: written through the link", k);
    free(after);
    free(before);
    free(err);
  }
  unlink(records);
  free(elsewhere);
  free(record);
  free(records);
  free(out_dir);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* An album and its song of one name printing into one folder (c/al.yaml
 * whose song is a/al.yaml, both into out/{recipe}) would keep one record
 * there: refused before anything renders, naming both, nothing written.
 * Before, the song printed into out/al, then the album was refused by its
 * record ("holds the prints of another input named 'al'") with the fix
 * "-o 'out/{recipe}'", the very option given. */
Test(album, an_album_and_its_song_of_one_name_in_one_folder_are_refused_before_either_prints)
{
  char *dir = tu_tmpdir();
  free(album_in(dir, "unused: 1\n"));
  char *a = tu_path(dir, "a"), *c = tu_path(dir, "c");
  cr_assert(mkdir(a, 0755) == 0 && mkdir(c, 0755) == 0);
  free(tu_write_text(a, "al.yaml", "stemprint: 1\ntracks:\n  t: {file: ../a.wav}\n"));
  char *album = tu_write_text(c, "al.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - {recipe: ../a/al.yaml, "
                              "title: One}\n    - {file: ../b.wav, title: Two}\n"
                              "output: {format: wav}\n");
  char *out = tu_path(dir, "out"), *o = tu_path(dir, "out/{recipe}"), *err = NULL;
  const char *args[] = {"render", "-q", album, "-o", o, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2, "%s", err);
  cr_expect(err && strstr(err, "are both named 'al' and both print into"), "%s", err);
  cr_expect(err && strstr(err, "render the album with an -o of its own, or rename one"), "%s", err);
  cr_expect(err && !strstr(err, "-o 'out/{recipe}'"), "the option given told again: %s", err);
  struct stat st;
  cr_expect(stat(out, &st) != 0, "something was written: %s", out);
  free(err);
  free(o);
  free(out);
  free(album);
  free(c);
  free(a);
  tu_rmtree(dir);
  free(dir);
}

/* An album whose song's recipe is wrong exits as the song does, 2 (the
 * recipe is wrong), as `check` of it says: before, render said the song's
 * error and exited 4, "the render failed" (review 155 #2). */
Test(album, a_song_whose_recipe_is_wrong_exits_2_as_check_says)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs:\n    - {recipe: s.yaml, title: "
                              "One}\n    - {recipe: t.yaml, title: Two}\noutput: {dir: out}\n");
  free(tu_write_text(dir, "s.yaml", "stemprint: 1\ntracks:\n  t: {file: a.wav, gain: -2 db}\n"));
  free(tu_write_text(dir, "t.yaml", "stemprint: 1\ntracks:\n  t: {file: b.wav}\n"));
  const char *check[] = {"check", "--no-levels", album, NULL};
  const char *render[] = {"render", "-q", album, NULL};
  const char *const *runs[] = {check, render};
  for (size_t k = 0; k < 2; k++) {
    char *err = NULL;
    cr_expect_eq(tu_run(runs[k], NULL, &err), 2, "%s: %s", runs[k][0], err);
    cr_expect(err && strstr(err, "s.yaml:3:26: tracks.t.gain: unit 'db' is spelled 'dB'"), "%s: %s",
              runs[k][0], err);
    free(err);
  }
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* A report over what one of several recipes prints (two recipes, an
 * album's two songs) is the command's refusal, said once before anything
 * renders: exit 2, no recipe blamed for another's file. Before, each
 * recipe's build said it again (the first's print, by the second too),
 * then "2 of 2 recipes failed: a/s.yaml (exit 2) b/s.yaml (exit 2)", and
 * the album's "album.songs[0]: its recipe ... did not render". */
Test(album, a_report_over_one_recipes_print_is_said_once_for_the_command)
{
  char *dir = tu_tmpdir();
  char *album = album_in(dir, "stemprint: 1\nalbum:\n  songs:\n    - {recipe: a/s.yaml, title: "
                              "One}\n    - {recipe: b/s.yaml, title: Two}\noutput: {dir: out}\n");
  char *a = tu_path(dir, "a"), *b = tu_path(dir, "b");
  cr_assert(mkdir(a, 0755) == 0 && mkdir(b, 0755) == 0);
  free(tu_write_text(a, "s.yaml", "stemprint: 1\ntracks:\n  t: {file: ../a.wav}\n"));
  free(tu_write_text(b, "s.yaml", "stemprint: 1\ntracks:\n  t: {file: ../b.wav}\n"));
  char *ra = tu_path(a, "s.yaml"), *rb = tu_path(b, "s.yaml"), *over = tu_path(a, "out/s/mix.wav");
  const char *recipes[] = {"render", "-q", ra, rb, "--report", over, NULL};
  const char *songs[] = {"render", "-q", album, "--report", over, NULL};
  const char *const *runs[] = {recipes, songs};
  for (size_t k = 0; k < 2; k++) {
    char *err = NULL;
    cr_expect_eq(tu_run(runs[k], NULL, &err), 2, "case %zu: %s", k, err);
    const char *said = "it is a file the render of ", *first = err ? strstr(err, said) : NULL;
    cr_expect(first, "case %zu: %s", k, err);
    cr_expect(first && !strstr(first + 1, said), "case %zu: said twice:\n%s", k, err);
    cr_expect(err && !strstr(err, "recipes failed") && !strstr(err, "did not render"),
              "case %zu: a recipe blamed:\n%s", k, err);
    struct stat st;
    cr_expect(stat(over, &st) != 0, "case %zu: rendered", k);
    free(err);
  }
  free(over);
  free(rb);
  free(ra);
  free(b);
  free(a);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* A recipe given on the command line after an album that names it as a
 * song is that song: one job, rendered once, as docs/album.md says of a
 * recipe given beside the album, whichever comes first. Before, given
 * after the album it was a second job: with -o 'out/{recipe}' the two
 * "would both write 'out/s/mix.wav'", exit 2. */
Test(album, a_song_given_after_its_album_is_one_job)
{
  char *dir = tu_tmpdir();
  free(album_in(dir, "unused: 1\n"));
  char *a = tu_path(dir, "a"), *c = tu_path(dir, "c");
  cr_assert(mkdir(a, 0755) == 0 && mkdir(c, 0755) == 0);
  char *song =
      tu_write_text(a, "s.yaml", "stemprint: 1\ntracks:\n  t: {file: ../a.wav, length: 0.2 s}\n");
  char *album = tu_write_text(c, "al.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - {recipe: ../a/s.yaml, "
                              "title: One}\noutput: {format: wav}\n");
  char *o = tu_path(dir, "out/{recipe}"), *mix = tu_path(dir, "out/s/mix.wav");
  char *master = tu_path(dir, "out/al/master.wav"), *out = NULL, *err = NULL;
  const char *args[] = {"render", album, song, "-o", o, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  struct stat st;
  cr_expect(stat(mix, &st) == 0 && stat(master, &st) == 0, "%s%s", out, err);
  const char *rendered = out ? strstr(out, "s.yaml: ") : NULL;
  cr_expect(rendered && !strstr(rendered + 1, "s.yaml: "), "rendered once:\n%s", out);
  /* a song shorter than the meter's block: no figure, said "-" as a render says it */
  cr_expect(out && !strstr(out, "nan") && strstr(out, "- LUFS"), "%s", out);
  free(out);
  free(err);
  free(master);
  free(mix);
  free(o);
  free(album);
  free(song);
  free(c);
  free(a);
  tu_rmtree(dir);
  free(dir);
}

/* ---- what the stores receive (issue 86) ---------------------------------- */

/* Two tracks with one ISRC (in its two forms): refused at the second's
 * key, naming the first. */
Test(album, two_tracks_with_one_isrc_are_refused)
{
  expect_check_error(HEAD "      isrc: GB-AYE-26-00002\n    - file: a.wav\n"
                          "      isrc: GBAYE2600002\n",
                     "album.yaml:7:13: album.songs[1].isrc: the ISRC GBAYE2600002 is "
                     "album.songs[0]'s too (line 5); each track has its own: copy this one's "
                     "from its registration");
  expect_error(HEAD "      isrc: GBAYE2600002\n    - file: b.wav\n      isrc: GBAYE2600002\n",
               "album.yaml:7:13: album.songs[1].isrc: the ISRC GBAYE2600002 is album.songs[0]'s "
               "too");
  expect_check_ok(HEAD "      isrc: GB-AYE-26-00001\n    - file: a.wav\n"
                       "      isrc: GBAYE2600002\n");
}

/* The error lines (stemprint: error: ...) of a command, its exit into *st (heap). */
static char *errors_of(const char *const *args, int *st)
{
  char *err = NULL, *out = NULL;
  *st = tu_run(args, &out, &err);
  char *lines = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&lines, &len);
  for (char *l = err, *nl; l && *l; l = nl ? nl + 1 : l + strlen(l)) {
    nl = strchr(l, '\n');
    if (strncmp(l, "stemprint: error: ", 18) == 0)
      fprintf(f, "%.*s\n", nl ? (int)(nl - l) : (int)strlen(l), l);
  }
  fclose(f);
  free(err);
  free(out);
  return lines;
}

/* ---- the master's layout: its songs' ---------------------------------------- */

/* A WAV in dir of channels whose speakers are map's (its channel mask), a
 * -20 dBFS sine in channel `sounding`, 3 s at 48 kHz. */
static char *layout_wav(const char *dir, const char *name, int channels, const int *map,
                        int sounding)
{
  char *path = tu_path(dir, name);
  SF_INFO si = {
      .samplerate = 48000, .channels = channels, .format = SF_FORMAT_WAVEX | SF_FORMAT_PCM_24};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert_eq(sf_command(f, SFC_SET_CHANNEL_MAP_INFO, (void *)map, channels * (int)sizeof *map),
               SF_TRUE);
  const size_t n = 3 * 48000;
  float *x = sp_xcalloc(n * (size_t)channels, sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i * (size_t)channels + (size_t)sounding] =
        (float)(0.1 * sin(2 * M_PI * 997.0 * (double)i / 48000));
  sf_writef_float(f, x, (sf_count_t)n);
  sf_close(f);
  free(x);
  return path;
}

/* The WAVE_FORMAT_EXTENSIBLE dwChannelMask of the WAV at path (0: none). */
static uint32_t wav_mask(const char *path)
{
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "%s", path);
  unsigned char b[4096];
  const size_t n = fread(b, 1, sizeof b, f);
  fclose(f);
  uint32_t mask = 0;
  for (size_t i = 12; i + 8 <= n;) {
    const uint32_t size = b[i + 4] | b[i + 5] << 8 | b[i + 6] << 16 | (uint32_t)b[i + 7] << 24;
    if (memcmp(b + i, "fmt ", 4) == 0 && size >= 40 && b[i + 8] == 0xFE && b[i + 9] == 0xFF) {
      const unsigned char *m = b + i + 8 + 20;
      mask = m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24;
      break;
    }
    i += 8 + (size_t)size + (size & 1);
  }
  return mask;
}

/* An album of a song whose mask is 0x503F (L R C LFE, a back pair alone:
 * Ls Rs, and the top front pair) keeps that mask in its master and tracks,
 * and meters them in that layout, as `loudness` meters the song and the
 * master: a sine in its 7th channel (a top front, weight 1) reads -23.0
 * LUFS. It used to write mask 0xFF (7.1 by count: that channel a side
 * surround, 1.41) and say -21.5, and its loudness rule pass on that. */
Test(album, a_master_keeps_its_songs_layout_and_is_metered_in_it, .timeout = 120)
{
  static const int s503f[] = {SF_CHANNEL_MAP_LEFT,           SF_CHANNEL_MAP_RIGHT,
                              SF_CHANNEL_MAP_CENTER,         SF_CHANNEL_MAP_LFE,
                              SF_CHANNEL_MAP_REAR_LEFT,      SF_CHANNEL_MAP_REAR_RIGHT,
                              SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT};
  char *dir = tu_tmpdir();
  char *song = layout_wav(dir, "s512.wav", 8, s503f, 6);
  cr_assert_eq(wav_mask(song), 0x503F);
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  title: Q\n  songs:\n"
                              "    - file: s512.wav\n      title: One\n"
                              "output:\n  format: wav\n"
                              "  loudness: {target: -23 LUFS, tolerance: 0.2 LU}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  char *master = tu_path(dir, "out/album/master.wav"),
       *track = tu_path(dir, "out/album/01 One.wav");
  cr_expect_eq(wav_mask(master), 0x503F, "master: mask 0x%X", wav_mask(master));
  cr_expect_eq(wav_mask(track), 0x503F, "track: mask 0x%X", wav_mask(track));
  /* "  master  PATH  -23.0 LUFS  LRA 0.0 LU  -20.0 dBTP" */
  const char *m = strstr(out, "master.wav");
  cr_assert(m, "%s", out);
  double said = NAN;
  cr_assert_eq(sscanf(m + strlen("master.wav"), " %lf LUFS", &said), 1, "%s", out);
  char *lo = NULL;
  const char *la[] = {"loudness", song, master, NULL};
  cr_assert_eq(tu_run(la, &lo, NULL), 0);
  cr_expect_float_eq(said, figure(lo, master, 0), 1e-9, "the album says %.1f:\n%s", said, lo);
  cr_expect_float_eq(said, figure(lo, song, 0), 1e-9, "the album says %.1f:\n%s", said, lo);
  cr_expect_float_eq(said, -23.0, 1e-9, "%s", out);
  cr_expect(strstr(out, "check passed: loudness:"), "%s%s", out, err);
  /* a 5.1 song of back surrounds (0x3F, 5.1's other mask) keeps its own */
  static const int back51[] = {SF_CHANNEL_MAP_LEFT,      SF_CHANNEL_MAP_RIGHT,
                               SF_CHANNEL_MAP_CENTER,    SF_CHANNEL_MAP_LFE,
                               SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
  free(layout_wav(dir, "b51.wav", 6, back51, 4));
  char *a51 = tu_write_text(dir, "a51.yaml",
                            "stemprint: 1\nalbum:\n  songs:\n    - file: b51.wav\n"
                            "output: {format: wav, dir: o51}\n");
  const char *r51[] = {"render", a51, "--no-cache", "-q", NULL};
  cr_assert_eq(tu_run(r51, NULL, NULL), 0);
  char *m51 = tu_path(dir, "o51/master.wav");
  cr_expect_eq(wav_mask(m51), 0x3F, "5.1 master: mask 0x%X", wav_mask(m51));
  free(m51);
  free(a51);
  free(lo);
  free(master);
  free(track);
  free(out);
  free(err);
  free(album);
  free(song);
  tu_rmtree(dir);
  free(dir);
}

/* A master whose layout is not its count's (0x503F's 8 channels, which
 * 7.1 would be by their count) is refused in a format that says speakers
 * by its count alone, the master's or a set's, as a render refuses such a
 * print: its file would read back as 7.1, and its loudness as 7.1's, not
 * the album's. (It used to be written, and say 7.1.) */
Test(album, a_master_of_a_layout_its_format_cannot_say_is_refused)
{
  static const int s503f[] = {SF_CHANNEL_MAP_LEFT,           SF_CHANNEL_MAP_RIGHT,
                              SF_CHANNEL_MAP_CENTER,         SF_CHANNEL_MAP_LFE,
                              SF_CHANNEL_MAP_REAR_LEFT,      SF_CHANNEL_MAP_REAR_RIGHT,
                              SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT};
  char *dir = tu_tmpdir();
  free(layout_wav(dir, "s512.wav", 8, s503f, 6));
  static const char *const cases[][2] = {
      {"output: {format: flac}\n", "album.yaml:5:18: output.format: flac says a file's speakers "
                                   "by its channel count alone (8 channels are 7.1: L R C LFE "
                                   "Lrs Rrs Ls Rs) and the album's master is mask 0x503F (L R C "
                                   "LFE Ls Rs Ltf Rtf), its songs': print wav"},
      {"output: {also: [{format: flac}]}\n", "output.also[0].format: flac says a file's"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *text =
        sp_xasprintf("stemprint: 1\nalbum:\n  songs:\n    - file: s512.wav\n%s", cases[i][0]);
    char *album = tu_write_text(dir, "album.yaml", text);
    const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
    int cst = 0, rst = 0;
    char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
    cr_expect_eq(cst, 2, "%s", c);
    cr_expect_eq(rst, 2, "%s", r);
    cr_expect_str_eq(c, r, "check and render differ");
    cr_expect(strstr(c, cases[i][1]), "expected '%s' in: %s", cases[i][1], c);
    free(c);
    free(r);
    free(album);
    free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* Two songs of 4 channels, one quad (L R Ls Rs), one 4.0 (L R C Cs): their
 * channels do not line up (the third a surround in the one, the centre in
 * the other), as `loudness --album` refuses such files, and one master
 * cannot hold both: check and render refuse the album at the second song,
 * naming both songs and their layouts. (It used to write both as quad.) */
Test(album, songs_of_other_layouts_of_one_count_are_refused_naming_both)
{
  static const int quad[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_REAR_LEFT,
                             SF_CHANNEL_MAP_REAR_RIGHT},
                   four[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER,
                             SF_CHANNEL_MAP_REAR_CENTER};
  char *dir = tu_tmpdir();
  free(layout_wav(dir, "quad.wav", 4, quad, 2));
  free(layout_wav(dir, "q40.wav", 4, four, 2));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - file: quad.wav\n"
                              "    - file: q40.wav\noutput: {format: wav}\n");
  const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
  int cst = 0, rst = 0;
  char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
  cr_expect_eq(cst, 2, "%s", c);
  cr_expect_eq(rst, 2, "%s", r);
  cr_expect_str_eq(c, r, "check and render differ");
  const char *said = "album.yaml:5:7: album.songs[1]: 'q40.wav' is mask 0x107 (L R C Cs), where "
                     "album.songs[0] 'quad.wav' is quad (L R Ls Rs)";
  cr_expect(strstr(c, said), "expected '%s' in: %s", said, c);
  char *out = tu_path(dir, "out/album/master.wav");
  cr_expect_neq(access(out, F_OK), 0, "the album was written");
  free(out);
  free(c);
  free(r);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* Songs of one channel count whose channels differ though their loudness
 * weights are alike (L R C and L R Tc; L R C LFE Lc Rc and L R C LFE Ltf
 * Rtf) are refused as other layouts are: the master's channels would play
 * on other speakers for one of them. */
Test(album, songs_of_one_count_and_weights_but_other_channels_are_refused_naming_both)
{
  static const int lrc[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_CENTER},
                   lrtc[] = {SF_CHANNEL_MAP_LEFT, SF_CHANNEL_MAP_RIGHT, SF_CHANNEL_MAP_TOP_CENTER},
                   wide[] = {SF_CHANNEL_MAP_LEFT,
                             SF_CHANNEL_MAP_RIGHT,
                             SF_CHANNEL_MAP_CENTER,
                             SF_CHANNEL_MAP_LFE,
                             SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER,
                             SF_CHANNEL_MAP_FRONT_RIGHT_OF_CENTER},
                   top[] = {SF_CHANNEL_MAP_LEFT,           SF_CHANNEL_MAP_RIGHT,
                            SF_CHANNEL_MAP_CENTER,         SF_CHANNEL_MAP_LFE,
                            SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT};
  static const struct {
    const char *a, *b;
    int n;
    const int *ma, *mb;
    const char *said;
  } cases[] = {
      {"lrc.wav", "lrtc.wav", 3, lrc, lrtc,
       "album.yaml:5:7: album.songs[1]: 'lrtc.wav' is mask 0x803 (L R Tc), where album.songs[0] "
       "'lrc.wav' is LCR (L R C)"},
      {"wide.wav", "top.wav", 6, wide, top,
       "album.yaml:5:7: album.songs[1]: 'top.wav' is mask 0x500F (L R C LFE Ltf Rtf), where "
       "album.songs[0] 'wide.wav' is mask 0xCF (L R C LFE Lc Rc)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *dir = tu_tmpdir();
    free(layout_wav(dir, cases[i].a, cases[i].n, cases[i].ma, 0));
    free(layout_wav(dir, cases[i].b, cases[i].n, cases[i].mb, 0));
    char text[256];
    snprintf(text, sizeof text,
             "stemprint: 1\nalbum:\n  songs:\n    - file: %s\n    - file: %s\n"
             "output: {format: wav}\n",
             cases[i].a, cases[i].b);
    char *album = tu_write_text(dir, "album.yaml", text);
    const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
    int cst = 0, rst = 0;
    char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
    cr_expect_eq(cst, 2, "%s", c);
    cr_expect_eq(rst, 2, "%s", r);
    cr_expect_str_eq(c, r, "check and render differ");
    cr_expect(strstr(c, cases[i].said), "expected '%s' in: %s", cases[i].said, c);
    char *out = tu_path(dir, "out/album/master.wav");
    cr_expect_neq(access(out, F_OK), 0, "the album was written");
    free(out);
    free(c);
    free(r);
    free(album);
    tu_rmtree(dir);
    free(dir);
  }
}

/* A cover is a JPEG or a PNG by its bytes, whatever its name: anything else
 * is refused at album.cover, saying what it is. */
Test(album, a_cover_that_is_no_image_is_refused)
{
  static const struct {
    const char *bytes;
    size_t n;
    const char *said;
  } bad[] = {{"not an image\n", 13, "it is text, 'not an image'"},
             {"", 0, "it is empty"},
             {"GIF89a\1\0\1\0", 10, "it is a GIF image"},
             {"\x89PNG\0\0\0\0", 8, "its first bytes are 89 50 4E 47"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *dir = tu_tmpdir();
    float one[4800 * 2] = {0};
    free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
    char *cover = tu_path(dir, "cover.jpg");
    FILE *f = fopen(cover, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bad[i].bytes, 1, bad[i].n, f), bad[i].n);
    fclose(f);
    char *album = tu_write_text(dir, "album.yaml",
                                "stemprint: 1\nalbum:\n  cover: cover.jpg\n"
                                "  songs: [{file: a.wav}]\noutput: {format: flac}\n");
    const char *check[] = {"check", album, NULL}, *render[] = {"render", album, NULL};
    int cst = 0, rst = 0;
    char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
    char *want = sp_xasprintf("album.yaml:3:10: album.cover: 'cover.jpg': a cover is a JPEG or "
                              "PNG image, and %s; give a .jpg or .png file",
                              bad[i].said);
    cr_expect_eq(cst, 2, "%s", c);
    cr_expect_eq(rst, 2, "%s", r);
    cr_expect(strstr(c, want) && strstr(r, want), "expected '%s' in:\n%s%s", want, c, r);
    char *out = tu_path(dir, "out/album");
    cr_expect_neq(access(out, F_OK), 0, "the album was written");
    free(out), free(want), free(c), free(r), free(album), free(cover);
    tu_rmtree(dir);
    free(dir);
  }
}

/* A song's file or recipe that is a named pipe no one writes, a link to a
 * device or a folder is said at its key in the shared opener's words, by
 * check as by render: it was checked its own way (a writer's refusal of
 * special files, and access()), which called a FIFO "no file" and let a
 * folder through to the audio reader; a missing one has the did-you-mean. */
Test(album, a_song_that_is_no_file_is_said_at_its_key_in_the_opener_s_words)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *fifo = tu_path(dir, "fifo.wav"), *dev = tu_path(dir, "zero.yaml"),
       *folder = tu_path(dir, "folder.wav");
  cr_assert(mkfifo(fifo, 0644) == 0 && symlink("/dev/zero", dev) == 0 && mkdir(folder, 0755) == 0);
  static const struct {
    const char *song, *said;
  } bad[] = {
      {"file: fifo.wav", "album.songs[0].file: cannot read 'fifo.wav' (as %s/fifo.wav): it is not "
                         "a regular file (a FIFO, a device or a socket); stemprint reads audio "
                         "files only"},
      {"recipe: zero.yaml", "album.songs[0].recipe: cannot read 'zero.yaml' (as %s/zero.yaml): it "
                            "is not a regular file (a FIFO, a device or a socket); stemprint "
                            "reads recipes from files only"},
      {"file: folder.wav",
       "album.songs[0].file: cannot read 'folder.wav' (as %s/folder.wav): it is a folder, not an "
       "audio file"},
      {"file: A.wav", "album.songs[0].file: cannot read 'A.wav' (as %s/A.wav): No such file or "
                      "directory; did you mean '%s/a.wav'?; check the path, relative to the "
                      "album recipe's folder"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  songs:\n    - %s\n"
                              "    - file: a.wav\noutput: {format: flac}\n",
                              bad[i].song);
    char *album = tu_write_text(dir, "album.yaml", text);
    const char *check[] = {"check", album, NULL}, *render[] = {"render", album, NULL};
    int cst = 0, rst = 0;
    char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
    char *said = sp_xasprintf(bad[i].said, dir, dir);
    char *want = sp_xasprintf("album.yaml:4:%d: %s",
                              (int)(strchr(bad[i].song, ':') - bad[i].song) + 9, said);
    cr_expect_eq(cst, 3, "%s", c);
    cr_expect_eq(rst, 3, "%s", r);
    cr_expect(strstr(c, want) && strstr(r, want), "expected '%s' in:\n%s%s", want, c, r);
    free(want), free(said), free(c), free(r), free(album), free(text);
  }
  free(fifo), free(dev), free(folder);
  tu_rmtree(dir);
  free(dir);
}

/* A cover that is a named pipe no one writes, a link to a device or a
 * folder is refused at once in the shared opener's words (io/fs), by
 * check as by render: the cover was read its own way, and said only "not
 * a regular file". */
Test(album, a_cover_that_is_a_fifo_a_device_or_a_folder_is_refused_in_the_opener_s_words)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *fifo = tu_path(dir, "fifo.jpg"), *dev = tu_path(dir, "zero.jpg"),
       *folder = tu_path(dir, "folder.jpg");
  cr_assert(mkfifo(fifo, 0644) == 0 && symlink("/dev/zero", dev) == 0 && mkdir(folder, 0755) == 0);
  static const char *const names[] = {"fifo.jpg", "zero.jpg", "folder.jpg"};
  static const char *const said[] = {
      "it is not a regular file (a FIFO, a device or a socket); stemprint reads cover images "
      "from files only",
      "it is not a regular file (a FIFO, a device or a socket); stemprint reads cover images "
      "from files only",
      "it is a folder, not a cover image"};
  for (size_t i = 0; i < 3; i++) {
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  cover: %s\n"
                              "  songs: [{file: a.wav}]\noutput: {format: flac}\n",
                              names[i]);
    char *album = tu_write_text(dir, "album.yaml", text);
    const char *check[] = {"check", album, NULL}, *render[] = {"render", album, NULL};
    int cst = 0, rst = 0;
    char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
    char *want = sp_xasprintf("album.yaml:3:10: album.cover: '%s': cannot read %s/%s: %s",
                              names[i], dir, names[i], said[i]);
    cr_expect_eq(cst, 3, "%s", c);
    cr_expect_eq(rst, 3, "%s", r);
    cr_expect(strstr(c, want) && strstr(r, want), "expected '%s' in:\n%s%s", want, c, r);
    free(want), free(c), free(r), free(album), free(text);
  }
  free(fifo), free(dev), free(folder);
  tu_rmtree(dir);
  free(dir);
}

/* Under --confine, a cover outside the album's folder is refused as
 * outside, by check as by render, and never read: the message says
 * nothing of its bytes. */
Test(album, a_cover_outside_confine_is_not_read)
{
  char *dir = tu_tmpdir();
  free(tu_write_text(dir, "secret.jpg", "password=hunter2\n"));
  char *sub = tu_path(dir, "sub");
  cr_assert_eq(mkdir(sub, 0755), 0);
  float one[4800 * 2] = {0};
  free(tu_write_wav(sub, "a.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(sub, "album.yaml",
                              "stemprint: 1\nalbum:\n  cover: ../secret.jpg\n"
                              "  songs: [{file: a.wav}]\n");
  const char *check[] = {"check", album, "--confine", NULL},
             *render[] = {"render", album, "--confine", "-q", NULL};
  int cst = 0, rst = 0;
  char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
  cr_expect_eq(cst, 2, "%s", c);
  cr_expect_eq(rst, 2, "%s", r);
  cr_expect_str_eq(c, r);
  cr_expect(strstr(c, "album.yaml:3:10: album.cover: the cover") &&
                strstr(c, "outside the folders this render may use (--confine"),
            "%s", c);
  cr_expect(!strstr(c, "password") && !strstr(c, "text"), "the cover was read: %s", c);
  /* without --confine it is read, and refused for what it is */
  const char *free_check[] = {"check", album, NULL};
  free(c);
  c = errors_of(free_check, &cst);
  cr_expect(strstr(c, "album.cover: '../secret.jpg': a cover is a JPEG or PNG image, and it is "
                      "text"),
            "%s", c);
  free(c), free(r), free(album), free(sub);
  tu_rmtree(dir);
  free(dir);
}

/* What ffprobe says of path (heap): the format's tags and each stream's
 * codec. */
static char *probe_tags(const char *path)
{
  char *cmd = sp_xasprintf("ffprobe -v error -show_entries format_tags:stream=codec_name -of "
                           "default=nw=1 '%s'",
                           path);
  char *out = run_ok(cmd);
  free(cmd);
  return out;
}

/* What the stores receive, read by tools stemprint does not contain: an
 * album ISRC written with its hyphens is in every file without them (as
 * the CUE and TOC have it), and a JPEG cover named .png is tagged a JPEG
 * in each format (FLAC's picture, MP3's APIC, the .m4a's covr), a PNG a
 * PNG. */
Test(album, what_the_files_say_is_the_isrc_s_one_form_and_the_cover_s_type, .timeout = 120)
{
  if (!have_tool("ffprobe") || !have_tool("ffmpeg"))
    cr_skip_test("ffprobe and ffmpeg are not installed");
  char *dir = tu_tmpdir();
  float *five = sp_xcalloc(5 * 48000 * 2, sizeof *five); /* a CD's track: 4 s or more */
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, five, 5 * 48000));
  free(five);
  /* a JPEG named as a PNG, and a PNG named as a JPEG */
  char *cmd = sp_xasprintf("cd '%s' && ffmpeg -v error -f lavfi -i color=red:s=8x8 -frames:v 1 "
                           "-f image2 -c:v mjpeg jpeg.png && ffmpeg -v error -f lavfi -i "
                           "color=red:s=8x8 -frames:v 1 -f image2 -c:v png png.jpg",
                           dir);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  free(cmd);
  static const char *const covers[] = {"jpeg.png", "png.jpg"};
  static const char *const codecs[] = {"codec_name=mjpeg", "codec_name=png"};
  for (int c = 0; c < 2; c++) {
    char *text = sp_xasprintf("stemprint: 1\nalbum:\n  cover: %s\n  songs:\n"
                              "    - {file: a.wav, title: One, isrc: GB-AYE-26-00002}\n"
                              "output:\n  dir: out\n  format: flac\n"
                              "  also: [{format: mp3}, {format: alac}]\n  cd: true\n",
                              covers[c]);
    char *album = tu_write_text(dir, "album.yaml", text), *err = NULL;
    const char *args[] = {"render", album, "--no-cache", "-q", NULL};
    cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
    static const char *const files[] = {"out/01 One.flac", "out/mp3/01 One.mp3",
                                        "out/alac/01 One.m4a"};
    static const char *const isrc[] = {"TAG:ISRC=GBAYE2600002\n", "TAG:TSRC=GBAYE2600002\n",
                                       "TAG:ISRC=GBAYE2600002\n"};
    for (int k = 0; k < 3; k++) {
      char *p = tu_path(dir, files[k]);
      char *tags = probe_tags(p);
      cr_expect(strstr(tags, isrc[k]), "%s: no %s in\n%s", files[k], isrc[k], tags);
      cr_expect(!strstr(tags, "GB-AYE"), "%s: the ISRC's hyphens in\n%s", files[k], tags);
      cr_expect(strstr(tags, codecs[c]), "%s (cover %s): no %s in\n%s", files[k], covers[c],
                codecs[c], tags);
      free(tags);
      free(p);
    }
    /* MediaInfo: each file's ISRC; the FLAC's and the MP3's cover type
     * (it says none of an .m4a's) */
    for (int k = 0; k < 3 && have_tool("mediainfo"); k++) {
      char *p = tu_path(dir, files[k]);
      char *mi = sp_xasprintf("LC_ALL=C.UTF-8 mediainfo --Inform='General;%%ISRC%%|%%Cover_Mime%%' "
                              "'%s'",
                              p);
      char *got = run_ok(mi), want[64];
      snprintf(want, sizeof want, "GBAYE2600002|%s",
               k == 2   ? ""
               : c == 0 ? "image/jpeg"
                        : "image/png");
      cr_expect(strncmp(got, want, strlen(want)) == 0, "MediaInfo of %s: %s, not %s", p, got, want);
      free(got), free(mi), free(p);
    }
    /* the CUE sheet as ever: the same 12 characters */
    char *cue = tu_path(dir, "out/master.cue"), *sheet = tu_slurp(cue);
    cr_expect(sheet && strstr(sheet, "ISRC GBAYE2600002"), "%s", sheet);
    free(sheet), free(cue), free(err), free(album), free(text);
  }
  tu_rmtree(dir);
  free(dir);
}

/* ---- one validator, for check and render (issue 86) ---------------------- */

/* check and render of text (an album beside a.wav, b.wav, each 0.1 s, and
 * s1.yaml, s2.yaml, recipes of them): both exit 2 with the same errors,
 * said contains. */
static void expect_both_refuse(const char *text, const char *said)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  free(tu_write_wav(dir, "b.wav", 2, 48000, 24, one, 4800));
  free(tu_write_text(dir, "s1.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  free(tu_write_text(dir, "s2.yaml", "stemprint: 1\ntracks:\n  b: {file: b.wav}\n"));
  char *album = tu_write_text(dir, "album.yaml", text);
  const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
  int cst = 0, rst = 0;
  char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
  cr_expect_eq(cst, 2, "check of\n%s: %d\n%s", text, cst, c);
  cr_expect_eq(rst, 2, "render of\n%s: %d\n%s", text, rst, r);
  cr_expect_str_eq(c, r, "check and render differ on\n%s", text);
  cr_expect(strstr(c, said), "expected '%s' in: %s", said, c);
  char *out = tu_path(dir, "out/album/master.wav");
  cr_expect_neq(access(out, F_OK), 0, "%s: the album was written", text);
  free(out);
  free(c);
  free(r);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* `check` passed what render refused (a crossfade longer than its song,
 * and with it the CD's too-short track; a recipe's length, known to render
 * only): both run the one validator, check with the lengths a dry render
 * knows (a file's header, a recipe's mix as its graph plans it), and say
 * the same words at the same keys. */
Test(album, check_refuses_what_render_refuses_with_the_same_words)
{
  expect_both_refuse(HEAD "    - file: b.wav\n      crossfade: 0.2 s\n",
                     "album.yaml:6:18: album.songs[1].crossfade: 0.2 s is longer than a song it "
                     "joins (this one 0.1 s, the one before 0.1 s after their trims); make it "
                     "shorter");
  expect_both_refuse(HEAD "    - file: b.wav\n      crossfade: 0.2 s\n" CD_TAIL,
                     "album.songs[1].crossfade: 0.2 s is longer");
  /* songs that are recipes: their mixes' lengths as planned are render's */
  expect_both_refuse("stemprint: 1\nalbum:\n  songs:\n    - recipe: s1.yaml\n"
                     "    - recipe: s2.yaml\n      crossfade: 1 s\n      fade_out: 2 s\n",
                     "album.yaml:6:18: album.songs[1].crossfade: 1 s is longer than a song it "
                     "joins (this one 0.1 s, the one before 0.1 s after");
  expect_both_refuse("stemprint: 1\nalbum:\n  songs:\n    - recipe: s1.yaml\n"
                     "    - recipe: s2.yaml\n      crossfade: 1 s\n      fade_out: 2 s\n",
                     "album.yaml:7:17: album.songs[1].fade_out: 2 s is longer than the song (0.1 "
                     "s after its trims)");
  expect_both_refuse("stemprint: 1\nalbum:\n  songs:\n    - recipe: s1.yaml\n      to: 1 s\n",
                     "album.yaml:5:11: album.songs[0].to: it ends at 1 s, past its end (the song "
                     "is 0.1 s); end it inside the song");
  /* a recipe's track too short for a CD, which check left to render */
  expect_both_refuse("stemprint: 1\nalbum:\n  songs:\n    - recipe: s1.yaml\n" CD_TAIL,
                     "album.yaml:4:7: album.songs[0]: for the CD (output.cd): track 1 plays "
                     "00:00:08 (8 sectors) from its INDEX 01 to the disc's end, and a track "
                     "lasts at least 4 s (300 sectors)");
  /* a set's format at the album's rate, which check did not look at */
  expect_both_refuse("stemprint: 1\nalbum:\n  rate: 44.1 kHz\n  songs:\n    - recipe: s1.yaml\n"
                     "output: {also: [{format: opus}]}\n",
                     "album.yaml:6:26: output.also[0].format: opus takes 8, 12, 16, 24 or 48 "
                     "kHz, not the album's 44100 Hz");
}

/* A rule the album judges on a value a --set gave is said at that --set,
 * as a recipe's are (its text the file, no line): whether the key was in
 * the file (its old value), not in it (the song's line), a part of its
 * value (a crossfade's length, a trim's tail) or a list (index points);
 * by check and render alike. Each length in the unit the user wrote it in:
 * seconds, or frames where given in smp. */
static void expect_set_refused(const char *text, const char *set, const char *said)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  free(tu_write_wav(dir, "b.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(dir, "album.yaml", text);
  const char *check[] = {"check", album, "--set", set, NULL},
             *render[] = {"render", album, "--no-cache", "--set", set, NULL};
  int cst = 0, rst = 0;
  char *c = errors_of(check, &cst), *r = errors_of(render, &rst);
  cr_expect_eq(cst, 2, "check --set %s: %d\n%s", set, cst, c);
  cr_expect_eq(rst, 2, "render --set %s: %d\n%s", set, rst, r);
  cr_expect(strstr(c, said), "check --set %s: expected '%s' in: %s", set, said, c);
  cr_expect(strstr(r, said), "render --set %s: expected '%s' in: %s", set, said, r);
  free(c);
  free(r);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* An empty --set value with an album is refused at the set by the rule a
 * recipe's is (errors/an_empty_set_value_is_refused_for_every_key): the
 * album's keys go in by the same sp_recipe_put_sets. Before: `--set
 * album.songs[1].trim=` dropped the song's trim and the album rendered
 * untrimmed, exit 0; output.also= was refused in other words. */
Test(album, an_empty_set_value_is_refused_at_the_set)
{
  static const char *const keys[] = {"album.songs[1].trim", "output.also"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    char *set = sp_xasprintf("%s=", keys[i]),
         *said = sp_xasprintf("error: --set %s: %s: expected a value after '=', got nothing (as an "
                              "unset variable gives); give its value, or write an empty one on "
                              "purpose (null, {} or [])",
                              set, keys[i]);
    expect_set_refused(HEAD "    - file: b.wav\n      trim: {head: 0.01 s}\n"
                            "output: {also: [{format: flac}]}\n",
                       set, said);
    free(set);
    free(said);
  }
}

Test(album, a_rule_broken_by_a_set_is_said_at_the_set_in_its_unit)
{
  const char *two = HEAD "    - file: b.wav\n      crossfade: {length: 0.05 s, curve: power}\n"
                         "      fade_out: 0.01 s\n      trim: {head: 0.01 s}\n"
                         "      index: [0.02 s]\n";
  expect_set_refused(two, "album.songs[1].crossfade.length=60s",
                     "stemprint: error: --set album.songs[1].crossfade.length=60s: "
                     "album.songs[1].crossfade: 60 s is longer than a song it joins (this one "
                     "0.09 s, the one before 0.1 s after their trims); make it shorter");
  expect_set_refused(two, "album.songs[1].fade_out=300 s",
                     "stemprint: error: --set album.songs[1].fade_out=300 s: "
                     "album.songs[1].fade_out: 300 s is longer than the song (0.09 s after its "
                     "trims); make it shorter");
  expect_set_refused(HEAD, "album.songs[0].fade_out=0.2 s",
                     "stemprint: error: --set album.songs[0].fade_out=0.2 s: "
                     "album.songs[0].fade_out: 0.2 s is longer than the song (0.1 s after its "
                     "trims)");
  expect_set_refused(two, "album.songs[1].trim.tail=300 s",
                     "stemprint: error: --set album.songs[1].trim.tail=300 s: "
                     "album.songs[1].trim: the trims (0.01 s + 300 s) leave nothing of its 0.1 s; "
                     "trim less");
  expect_set_refused(two, "album.songs[1].index=[400 s]",
                     "stemprint: error: --set album.songs[1].index=[400 s]: "
                     "album.songs[1].index[0]: 400 s is not inside the song (0.09 s long after "
                     "its trims) after the point before it");
  /* a rule across keys, broken by the key the --set added */
  expect_set_refused(two, "album.songs[1].gap=1 s",
                     "stemprint: error: --set album.songs[1].gap=1 s: album.songs[1]: a song "
                     "meets the one before by one of gap, crossfade or splice; keep one");
  /* written in frames, said in frames; a time a frame apart, told apart */
  expect_set_refused(two, "album.songs[1].fade_out=4321 smp",
                     "stemprint: error: --set album.songs[1].fade_out=4321 smp: "
                     "album.songs[1].fade_out: 4321 frames is longer than the song (4320 frames "
                     "after its trims)");
  expect_set_refused(two, "album.songs[1].fade_out=0.09002 s",
                     "album.songs[1].fade_out: 0.09002 s is longer than the song (0.09 s after");
  /* a rule of the album's rate on a store set a --set gave */
  expect_set_refused(HEAD "output: {also: [{format: mp3}]}\n", "output.also[0].bitrate=8",
                     "stemprint: error: --set output.also[0].bitrate=8: output.also[0].bitrate: "
                     "mp3 at 48 kHz needs at least 64 kbps (stereo)");
}

/* --set given with an album sets the album recipe's keys (its store sets
 * here), not its songs': the song renders as written (no .m4a beside its
 * mix), the album gains the set; a key the album recipe has not is
 * refused at the --set. A recipe named on the command line beside the
 * album takes the --set as a recipe. */
Test(album, set_with_an_album_sets_the_album_s_keys, .timeout = 120)
{
  char *dir = tu_tmpdir();
  float one[24000 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 24000));
  free(tu_write_text(dir, "s.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - recipe: s.yaml\n"
                              "    - file: a.wav\n      gap: 1 s\noutput: {dir: out/album}\n"),
       *err = NULL;
  const char *args[] = {
      "render", album, "--no-cache", "-q", "--set", "output.also=[{format: alac}]", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  char *set = tu_path(dir, "out/album/alac/01 Track 01.m4a"), *song = tu_path(dir, "out/s/mix.m4a"),
       *mix = tu_path(dir, "out/s/mix.wav");
  cr_expect_eq(access(set, F_OK), 0, "the album's set was not made: %s", set);
  cr_expect_eq(access(mix, F_OK), 0, "%s", mix);
  cr_expect_neq(access(song, F_OK), 0, "the --set reached the song: %s", song);
  free(set), free(song), free(mix);
  /* a song's key, given to the album */
  const char *songs_key[] = {"check", album, "--set", "tracks.a.gain=-3", NULL};
  char *c = NULL;
  cr_expect_eq(tu_run(songs_key, NULL, &c), 2);
  cr_expect(strstr(c, "stemprint: error: --set tracks.a.gain=-3: tracks: unknown key 'tracks' in "
                      "the album recipe; expected one of: stemprint, album, output; --set with an "
                      "album sets the album recipe's keys (docs/album.md), not its songs'"),
            "%s", c);
  free(c);
  /* check reads the album's with it: the first song cannot crossfade */
  const char *first[] = {"check", album, "--set", "album.songs[0].crossfade=1 s", NULL};
  cr_expect_eq(tu_run(first, NULL, &c), 2);
  cr_expect(strstr(c, "album.songs[0].crossfade: the first song has no song before it to cross"),
            "%s", c);
  free(c);
  /* a recipe beside the album: the --set is its own too (a 16-bit mix),
   * and the album's (16-bit tracks) */
  char *recipe = tu_path(dir, "s.yaml");
  const char *both[] = {"render",          recipe, album, "--no-cache", "-q", "--set",
                        "output.depth=16", NULL};
  cr_expect_eq(tu_run(both, NULL, &c), 0, "%s", c);
  free(c);
  static const char *const sixteen[] = {"out/s/mix.wav", "out/album/01 Track 01.wav"};
  for (int k = 0; k < 2; k++) {
    char *p = tu_path(dir, sixteen[k]), *bytes = tu_slurp(p);
    cr_expect(bytes && (unsigned char)bytes[34] == 16, "%s: not 16-bit", sixteen[k]);
    free(bytes), free(p);
  }
  free(recipe);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* ---- a store set's keys: the recipe's rules, in its words -------------------- */

/* What `check` (with --set set, when not NULL) says of text, written as
 * name in dir beside a.wav: the first error's words from its key on,
 * without its place, the text before them (heap; "" when none). */
static char *said_from_key(const char *dir, const char *name, const char *text, const char *set)
{
  char *path = tu_write_text(dir, name, text);
  const char *args[] = {"check", path, set ? "--set" : NULL, set, NULL};
  int st = 0;
  char *lines = errors_of(args, &st), *key = strstr(lines, ": output");
  cr_expect_eq(st, 2, "%s: %s", text, lines);
  char *words = key ? sp_xasprintf("%.*s", (int)strcspn(key + 2, "\n"), key + 2) : sp_xstrdup("");
  free(lines);
  free(path);
  return words;
}

/* The same bad value of a store set gets the same words, at the same key,
 * from an album recipe as from a song recipe (docs/album.md: "the same
 * words for the same mistake"): both judged by one statement of each
 * rule (core/recipe/format.h). An MP3 at 48 kHz under 64 kbps (frames too
 * small for LAME's info tag: not gapless) was taken by the album, and its
 * range said in words of its own. */
Test(album, a_store_set_s_mistake_is_said_as_a_song_recipe_says_it)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  static const struct {
    const char *rate, *output, *set, *cli, *words;
  } cases[] = {
      {"", "", "{format: mp3, bitrate: 32}", NULL,
       "output.also[0].bitrate: mp3 at 48 kHz needs at least 64 kbps (stereo): the frames of 32 "
       "kbps cannot hold LAME's info tag"},
      {"", "", "{format: mp3}", "output.also[0].bitrate=48",
       "output.also[0].bitrate: mp3 at 48 kHz needs at least 64 kbps (stereo)"},
      {"", "", "{format: mp3, bitrate: 999}", NULL,
       "output.also[0].bitrate: 999 kbps is out of range; mp3 takes 8 .. 320 kbps (by its rate: "
       "64 .. 320 at 44.1 and 48 kHz, stereo)"},
      {"", "", "{format: opus, bitrate: 600}", NULL,
       "output.also[0].bitrate: 600 kbps is out of range; opus takes 12 .. 512 kbps"},
      {"", "", "{format: aac, bitrate: 127.5}", NULL,
       "output.also[0].bitrate: expected a whole number of kbps"},
      {"", "", "{format: flac, bitrate: 320}", NULL,
       "output.also[0].bitrate: flac is lossless: it has no bitrate; remove 'bitrate'"},
      {"", "", "{format: mp3, depth: 16}", NULL,
       "output.also[0].depth: mp3 has no depth (it encodes floats with loss); remove 'depth'"},
      {"", "", "{format: flac, depth: 32f}", NULL,
       "output.also[0]: flac cannot store 32-bit float; give the set depth 24 or 16"},
      {"", "depth: 32f", "{format: alac}", NULL,
       "output.also[0]: alac cannot store 32-bit float; give the set depth 24 or 16"},
      {"", "format: flac\n  depth: 32f", "{format: wav}", NULL,
       "output.depth: flac cannot store 32-bit float; use depth 24, or format wav/w64/aiff for "
       "32f"},
      {"22050", "", "{format: mp3, bitrate: 192}", NULL,
       "output.also[0].bitrate: mp3 at 22.05 kHz (MPEG-2) takes at most 160 kbps, not 192"},
      {"22050", "", "{format: mp3, bitrate: 48}", NULL,
       "output.also[0].bitrate: mp3 at 22.05 kHz needs at least 56 kbps (stereo)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const bool rated = cases[i].rate[0] != '\0';
    char *song = sp_xasprintf("stemprint: 1\n%s%s%stracks:\n  a: {file: a.wav}\noutput:\n  %s\n"
                              "  also: [%s]\n",
                              rated ? "sample_rate: " : "", cases[i].rate, rated ? "\n" : "",
                              cases[i].output, cases[i].set);
    char *album = sp_xasprintf("stemprint: 1\nalbum:\n%s%s%s  songs:\n    - file: a.wav\n"
                               "output:\n  %s\n  also: [%s]\n",
                               rated ? "  rate: " : "", cases[i].rate, rated ? "\n" : "",
                               cases[i].output, cases[i].set);
    char *s = said_from_key(dir, "song.yaml", song, cases[i].cli),
         *a = said_from_key(dir, "album.yaml", album, cases[i].cli);
    cr_expect(strncmp(s, cases[i].words, strlen(cases[i].words)) == 0, "song %s:\n%s", cases[i].set,
              s);
    cr_expect_str_eq(a, s, "%s%s%s: the album says\n  %s\nthe song recipe\n  %s", cases[i].set,
                     cases[i].cli ? " --set " : "", cases[i].cli ? cases[i].cli : "", a, s);
    free(s);
    free(a);
    free(song);
    free(album);
  }
  tu_rmtree(dir);
  free(dir);
}

/* Samples ffmpeg decodes from an audio file, a channel's (-1: no ffmpeg). */
static long decoded_frames(const char *path)
{
  if (!have_tool("ffmpeg"))
    return -1;
  char *cmd = sp_xasprintf("ffmpeg -v error -i '%s' -f s16le -ac 1 - | wc -c", path);
  char *out = run_ok(cmd);
  const long n = atol(out) / 2;
  free(out);
  free(cmd);
  return n;
}

/* An album's MP3 set is gapless, as a song recipe's is: at 64 kbps (48
 * kHz, stereo) each track decodes to its own length, LAME's info tag read;
 * at 32 kbps, whose frames cannot hold the tag (each track decoded 1920
 * samples longer, starting 1105 late), it is refused by check and render
 * before anything is written, as the song recipe's set is. */
Test(album, an_mp3_set_too_thin_for_lame_s_tag_is_refused_and_one_that_holds_it_is_gapless,
     .timeout = 120)
{
  char *dir = tu_tmpdir();
  float *one = sp_xcalloc(2 * 36000, sizeof *one);
  for (int i = 0; i < 36000; i++)
    one[2 * i] = one[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 440.0 * i / 48000));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 24000));
  free(tu_write_wav(dir, "b.wav", 2, 48000, 24, one, 36000));
  free(one);
  static const char *const text = "stemprint: 1\nalbum:\n  songs:\n    - file: a.wav\n"
                                  "    - file: b.wav\noutput: {dir: out, also: [{format: mp3, "
                                  "bitrate: %d}]}\n";
  char *yaml = sp_xasprintf(text, 32);
  char *album = tu_write_text(dir, "album.yaml", yaml), *out_dir = tu_path(dir, "out");
  free(yaml);
  const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
  int st = 0;
  for (int k = 0; k < 2; k++) {
    char *said = errors_of(k ? render : check, &st);
    cr_expect_eq(st, 2, "%s: %s", k ? "render" : "check", said);
    cr_expect(strstr(said, "album.yaml:6:50: output.also[0].bitrate: mp3 at 48 kHz needs at least "
                           "64 kbps (stereo): the frames of 32 kbps cannot hold LAME's info tag"),
              "%s", said);
    free(said);
  }
  struct stat sb;
  cr_expect_neq(stat(out_dir, &sb), 0, "nothing is written");
  yaml = sp_xasprintf(text, 64);
  free(album);
  album = tu_write_text(dir, "album.yaml", yaml);
  render[1] = album; /* the path freed above was render's */
  free(yaml);
  char *err = NULL;
  cr_expect_eq(tu_run(render, NULL, &err), 0, "%s", err);
  free(err);
  static const char *const mp3[] = {"out/mp3/01 Track 01.mp3", "out/mp3/02 Track 02.mp3"};
  static const long frames[] = {24000, 36000};
  for (int k = 0; k < 2; k++) {
    char *p = tu_path(dir, mp3[k]);
    const long n = decoded_frames(p);
    if (n >= 0)
      cr_expect_eq(n, frames[k], "%s decodes to %ld frames, not its track's %ld", mp3[k], n,
                   frames[k]);
    free(p);
  }
  free(out_dir);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* An MP3 set that gives no bitrate encodes at a song recipe's set's
 * default, the most its rate takes: 160 kbps at 22.05 kHz (MPEG-2), where
 * the album's own default, 320, was refused as a bitrate it never wrote;
 * its track gapless at that rate. */
Test(album, an_mp3_set_without_a_bitrate_takes_the_most_its_rate_takes, .timeout = 60)
{
  char *dir = tu_tmpdir();
  float *one = sp_xcalloc(2 * 24000, sizeof *one);
  for (int i = 0; i < 24000; i++)
    one[2 * i] = one[2 * i + 1] = (float)(0.25 * sin(2 * M_PI * 440.0 * i / 48000));
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 24000));
  free(one);
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  rate: 22050\n  songs:\n    - file: a.wav\n"
                              "output: {dir: out, also: [{format: mp3}]}\n"),
       *err = NULL;
  const char *check[] = {"check", album, NULL}, *render[] = {"render", album, "--no-cache", NULL};
  cr_expect_eq(tu_run(check, NULL, &err), 0, "%s", err);
  free(err);
  cr_expect_eq(tu_run(render, NULL, &err), 0, "%s", err);
  free(err);
  char *mp3 = tu_path(dir, "out/mp3/01 Track 01.mp3");
  const long n = decoded_frames(mp3);
  if (n >= 0)
    cr_expect_eq(n, 11025, "the track decodes to %ld frames, not its 11025", n);
  if (have_tool("ffprobe")) {
    char *cmd =
        sp_xasprintf("ffprobe -v error -show_entries format=bit_rate -of csv=p=0 '%s'", mp3);
    char *rate = run_ok(cmd);
    cr_expect(atol(rate) > 150000 && atol(rate) < 170000, "bit rate %s", rate);
    free(rate);
    free(cmd);
  }
  free(mp3);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* A report (--report, --junit, --html, --depfile) inside an output
 * folder's records (<dir>/.stemprint/: the record of each render's prints
 * there and the folder's lock), however the path is spelled, is refused
 * before anything is written, by every command that writes reports and
 * for every folder it writes: the album's, its sets', a song recipe's. A
 * report over the album's record made the next render forget a print it
 * had renamed: the old track stayed beside the new one. */
Test(album, a_report_inside_an_output_folder_s_records_is_refused, .timeout = 120)
{
  char *dir = tu_tmpdir();
  float one[4800 * 2] = {0.25f};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - {file: a.wav, title: One}\n"
                              "output: {dir: out, also: [{format: flac}]}\n"),
       *song = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"),
       *record = tu_path(dir, "out/.stemprint/album.prints"), *err = NULL;
  const char *first[] = {"render", album, "--no-cache", "-q", NULL};
  cr_assert_eq(tu_run(first, NULL, &err), 0, "%s", err);
  free(err);
  char *before = tu_slurp_must(record);
  char *abs_report = tu_path(dir, "out/.stemprint/r.json"),
       *spelled = tu_path(dir, "out/./x/../.stemprint/p.html");
  static const char *const folders[] = {"out", "out/flac", "out", "out"};
  const struct {
    const char *cmd, *recipe, *flag, *file, *folder;
  } runs[] = {
      {"render", album, "report", record, NULL},
      {"render", album, "junit", "out/flac/.stemprint/j.xml", NULL},
      {"render", album, "html", spelled, NULL},
      {"render", album, "depfile", abs_report, NULL},
      {"render", song, "report", "out/song/.stemprint/song.prints", "out/song"},
      {"check", song, "junit", "out/song/.stemprint/j.xml", "out/song"},
  };
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    char *file = runs[i].file[0] == '/' ? sp_xstrdup(runs[i].file) : tu_path(dir, runs[i].file);
    char *flag = sp_xasprintf("--%s", runs[i].flag);
    const char *args[] = {runs[i].cmd, runs[i].recipe, "--no-cache", "-q", flag, file, NULL};
    if (strcmp(runs[i].cmd, "check") == 0)
      args[2] = flag, args[3] = file, args[4] = NULL;
    char *in = tu_path(dir, runs[i].folder ? runs[i].folder : folders[i]);
    char *want = sp_xasprintf("stemprint: error: --%s %s: it is inside %s/.stemprint/, the "
                              "output folder's records",
                              runs[i].flag, file, in);
    cr_expect_eq(tu_run(args, NULL, &err), 2, "%s %s --%s %s: %s", runs[i].cmd, runs[i].recipe,
                 runs[i].flag, file, err);
    cr_expect(strstr(err, want), "want %s\ngot  %s", want, err);
    free(err);
    free(want);
    free(in);
    free(flag);
    free(file);
  }
  char *after = tu_slurp_must(record);
  cr_expect_str_eq(after, before, "the album's record was written over");
  char *song_out = tu_path(dir, "out/song");
  struct stat sb;
  cr_expect_neq(stat(song_out, &sb), 0, "the song rendered");
  /* the record kept, a retitled track replaces the old one */
  char *retitled = tu_write_text(dir, "album.yaml",
                                 "stemprint: 1\nalbum:\n  songs:\n    - {file: a.wav, title: Uno}\n"
                                 "output: {dir: out, also: [{format: flac}]}\n");
  cr_expect_eq(tu_run(first, NULL, &err), 0, "%s", err);
  free(err);
  char *old = tu_path(dir, "out/01 One.wav"), *new = tu_path(dir, "out/01 Uno.wav");
  cr_expect_neq(stat(old, &sb), 0, "the old track stayed");
  cr_expect_eq(stat(new, &sb), 0, "no new track");
  free(old);
  free(new);
  free(retitled);
  free(song_out);
  free(after);
  free(before);
  free(abs_report);
  free(spelled);
  free(record);
  free(song);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* An album whose master is shorter than one 400 ms gating block has no
 * integrated loudness: its loudness rule fails saying so, the master's
 * length and the least it must be, and the fix; and a song recipe's mix as
 * short says the same kind of words (with its own fix). Before: the
 * album's check said 'integrated nan LUFS ... (+nan LU)', the recipe's
 * 'no measurable loudness (silence)' of a tone. */
Test(album, a_master_too_short_to_meter_says_its_length_not_nan)
{
  char *dir = tu_tmpdir();
  float a[7200]; /* 0.15 s of a tone at -12 dBFS */
  for (int i = 0; i < 7200; i++)
    a[i] = (float)(0.25 * sin(2 * M_PI * 440 * i / 48000.0));
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, a, 7200));
  free(tu_write_text(dir, "s1.yaml", "stemprint: 1\ntracks:\n  a: {file: a.wav}\n"));
  free(tu_write_text(dir, "s2.yaml",
                     "stemprint: 1\ntracks:\n  a: {file: a.wav}\nchecks:\n  loudness: {target: "
                     "-16 LUFS}\n"));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  title: T\n  songs:\n    - recipe: s1.yaml\n"
                              "    - recipe: s1.yaml\n      title: again\noutput:\n  dir: out\n"
                              "  format: wav\n  loudness: {target: -16 LUFS, tolerance: 1 LU}\n");
  char *err = NULL;
  const char *args[] = {"render", album, "-q", NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 1, "%s", err);
  cr_expect(err && strstr(err, "check failed: loudness: ") &&
                strstr(err, "/master.wav is 0.300 s, too short to measure its integrated "
                            "loudness, which takes at least 0.400 s: one 400 ms gating block, "
                            "target -16.0 LUFS; lengthen the songs"),
            "%s", err);
  cr_expect(err && !strstr(err, "nan"), "%s", err);
  free(err);
  char *song = tu_path(dir, "s2.yaml"), *o = tu_path(dir, "o");
  const char *one[] = {"render", song, "-o", o, "-q", NULL};
  cr_expect_eq(tu_run(one, NULL, &err), 1, "%s", err);
  cr_expect(err && strstr(err, "/mix.wav is 0.150 s, too short to measure its integrated "
                               "loudness, which takes at least 0.400 s: one 400 ms gating "
                               "block, target -16.0 LUFS; lengthen the render"),
            "%s", err);
  cr_expect(err && !strstr(err, "silence"), "%s", err);
  free(err);
  free(o);
  free(song);
  free(album);
  tu_rmtree(dir);
  free(dir);
}

/* The CD image's BIN is held to the album's loudness rule as it plays: the
 * master resampled to 44.1 kHz and dithered to 16 bits, which moves its
 * true peak. A bright song limited at -1.5 dBTP, its 48 kHz master at
 * -1.55 dBTP, reads -0.73 dBTP in its BIN (libebur128 on master.bin:
 * -0.73, ffmpeg's ebur128 -0.6; review 156's f2). Before, only the BIN's
 * clipping was checked: exit 0 under `max_true_peak: -1 dBTP`. */
Test(album, a_cd_image_over_the_true_peak_ceiling_fails_the_album)
{
  char *dir = tu_tmpdir();
  const size_t n = 5 * 48000;
  float *x = sp_xcalloc(2 * n, sizeof *x);
  uint32_t seed = 1;
  for (size_t i = 0; i < n; i++) { /* a 3 kHz square and noise, as the review's */
    double noise = 0;
    for (int k = 0; k < 4; k++) { /* near normal: four uniforms */
      seed = seed * 1664525u + 1013904223u;
      noise += (double)seed / 4294967296.0 - 0.5;
    }
    const double sq = fmod((double)i * 3000.0 / 48000.0, 1.0) < 0.5 ? 0.3 : -0.3;
    x[2 * i] = x[2 * i + 1] = (float)(sq + 0.2 * noise * 1.73);
  }
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, x, n));
  free(x);
  free(tu_write_text(dir, "song.yaml",
                     "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav}\n"
                     "master:\n  trim: 6 dB\n  inserts: [{limiter: {ceiling: -1.5 dBTP}}]\n"));
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  songs:\n    - {recipe: song.yaml}\n"
                              "output:\n  dir: out\n  format: wav\n  depth: 24\n"
                              "  loudness: {max_true_peak: -1 dBTP}\n  cd: true\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "check passed: true peak: ") && strstr(out, "master.wav -1.5"), "%s", out);
  const char *said = strstr(err, "output.loudness.max_true_peak: check failed: true peak: ");
  cr_expect(said && strstr(said, "/out/master.bin -0.") && strstr(said, " dBTP, max -1.00 dBTP"),
            "%s", err);
  cr_expect(strstr(out, "  cd  ") && strstr(out, " dBTP\n"), "the BIN's figures: %s", out);
  free(out), free(err), free(album);
  tu_rmtree(dir);
  free(dir);
}

/* The master format's track files are held to the album's ceiling, as
 * the sets' are (review 25 F6): two sines at -1.3 dBFS crossfaded so the
 * cut between tracks falls on a crest, each track's edge read -0.4 and
 * -0.2 dBTP (stemprint loudness of the track alone, as docs/album.md
 * measures a track, fails them) under `max_true_peak: -1 dBTP`, and the
 * album passed on its master's -1.30 dBTP alone. */
Test(album, the_track_files_are_held_to_the_albums_ceiling)
{
  char *dir = tu_tmpdir();
  const size_t n = 6 * 48000;
  float *x = sp_xcalloc(2 * n, sizeof *x);
  const double a = pow(10, -1.3 / 20);
  for (int s = 0; s < 2; s++) {
    for (size_t i = 0; i < n; i++)
      x[2 * i] = x[2 * i + 1] =
          (float)(a * sin(2 * M_PI * 1000.05 * ((double)i / 48000 + (s ? 4 : 0))));
    free(tu_write_wav(dir, s ? "b.wav" : "a.wav", 2, 48000, 24, x, n));
  }
  free(x);
  char *album = tu_write_text(dir, "album.yaml",
                              "stemprint: 1\nalbum:\n  title: T\n  artist: A\n  songs:\n"
                              "    - {file: a.wav, title: One}\n"
                              "    - {file: b.wav, title: Two, crossfade: {length: 2 s, curve: "
                              "linear}}\n"
                              "output:\n  dir: out\n  format: wav\n  depth: 24\n"
                              "  loudness: {max_true_peak: -1 dBTP}\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", album, "--no-cache", NULL};
  cr_expect_eq(tu_run(args, &out, &err), 1, "%s%s", out, err);
  cr_expect(strstr(out, "check passed: true peak: ") && strstr(out, "master.wav -1.3"), "%s", out);
  cr_expect(strstr(err, "output.loudness.max_true_peak: check failed: true peak: ") &&
                strstr(err, "02 Two.wav -0."),
            "%s", err);
  free(out), free(err), free(album);
  tu_rmtree(dir);
  free(dir);
}

/* A song's recipe that is an album recipe (itself, or another album) is
 * said at the song's recipe: key, by check and render alike. Before, it
 * was read as a song's and said what a song's recipe lacks, at the other
 * file's lines ("tracks: the recipe has no tracks", "unknown key 'album'
 * in the recipe"; review 155 #9). */
Test(album, a_song_that_is_an_album_recipe_is_said_at_its_key)
{
  const char *text = "stemprint: 1\nalbum:\n  songs:\n    - file: a.wav\n"
                     "    - recipe: album.yaml\n";
  const char *said = "album.yaml:5:15: album.songs[1].recipe: 'album.yaml' is an album recipe "
                     "(it has album:), and an album's songs are song recipes or finished files";
  expect_check_error(text, said);
  expect_error(text, said);
  char *dir = tu_tmpdir(), *err = NULL;
  float one[4800 * 2] = {0};
  free(tu_write_wav(dir, "a.wav", 2, 48000, 24, one, 4800));
  char *album = tu_write_text(dir, "album.yaml", text);
  const char *args[] = {"check", album, NULL};
  cr_expect_eq(tu_run(args, NULL, &err), 2);
  cr_expect(!strstr(err, "no tracks") && !strstr(err, "unknown key"), "%s", err);
  free(err), free(album);
  tu_rmtree(dir);
  free(dir);
}
