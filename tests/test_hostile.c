/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inputs stemprint did not write, as a probe found them: each finding a
 * regression test, on the shared mechanisms (how a file is opened and
 * read), through the real binary where a user would meet it.
 *   - an Ogg stream whose length libsndfile cannot tell (SF_COUNT_MAX):
 *     counted by decoding, so loudness, null, check and render see its
 *     real length and none crashes;
 *   - a FIFO (or a link to one) as a source: refused at once, no hang;
 *   - a WAV cut short: refused with both counts; a file that shrinks or
 *     is rewritten while read: an error naming the frame, never silence;
 *   - a WAV whose header says 0 Hz: said in words. */

#include "core/alloc.h"
#include "io/audio.h"
#include "io/source.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 120);

enum { RATE = 48000, FRAMES = 3 * RATE };

static float *tone(void)
{
  float *x = sp_xcalloc(FRAMES, sizeof *x);
  for (int i = 0; i < FRAMES; i++)
    x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * i / RATE));
  return x;
}

/* A mono Ogg/Vorbis file of the tone; with unknown_length its last page's
 * granule position is all ones, which leaves libsndfile unable to tell its
 * length (it says SF_COUNT_MAX). */
static char *ogg(const char *name, bool unknown_length)
{
  char *p = tu_path(dir, name);
  SF_INFO si = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_OGG | SF_FORMAT_VORBIS};
  SNDFILE *f = sf_open(p, SFM_WRITE, &si);
  cr_assert_not_null(f, "%s", sf_strerror(NULL));
  float *x = tone();
  sf_writef_float(f, x, FRAMES);
  sf_close(f);
  free(x);
  if (unknown_length) {
    struct stat st;
    stat(p, &st);
    FILE *fp = fopen(p, "r+b");
    unsigned char *all = sp_xmalloc((size_t)st.st_size);
    cr_assert_eq(fread(all, 1, (size_t)st.st_size, fp), (size_t)st.st_size);
    long last = -1;
    for (long i = 0; i + 4 <= st.st_size; i++)
      if (memcmp(all + i, "OggS", 4) == 0)
        last = i;
    cr_assert_gt(last, 0);
    fseek(fp, last + 6, SEEK_SET);
    static const unsigned char ones[8] = {255, 255, 255, 255, 255, 255, 255, 255};
    fwrite(ones, 1, 8, fp);
    fclose(fp);
    free(all);
    SF_INFO check = {0};
    SNDFILE *g = sf_open(p, SFM_READ, &check);
    cr_assert_not_null(g);
    cr_assert_eq(check.frames, SF_COUNT_MAX, "the damage did not hide the length");
    sf_close(g);
  }
  return p;
}

static int run(const char *const *args, char **out, char **err) { return tu_run(args, out, err); }

Test(hostile, an_ogg_of_unknown_length_is_counted_everywhere)
{
  char *bad = ogg("bad.ogg", true), *good = ogg("good.ogg", false);
  sp_audio_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(bad, &r, &info, why, sizeof why), SP_OK, "%s", why);
  /* Counted by decoding: what decodes (the damaged last page does not). */
  const int64_t counted = info.frames;
  cr_assert(counted > FRAMES / 2 && counted <= FRAMES, "%lld frames", (long long)counted);
  float *buf = sp_xcalloc(FRAMES, sizeof *buf);
  int64_t got = 0, n;
  while ((n = sp_audio_read_float(r, buf, 4096)) > 0)
    got += n;
  cr_assert_eq(n, 0, "%s", sp_audio_error(r));
  cr_assert_eq(got, counted, "every counted frame reads");
  sp_audio_close(r);
  free(buf);

  char *out = NULL, *err = NULL;
  const char *loud[] = {"loudness", "--json", bad, NULL};
  cr_assert_eq(run(loud, &out, &err), 0, "%s", err);
  char *fr = sp_xasprintf("\"frames\": %lld,", (long long)counted);
  cr_assert(strstr(out, fr), "%s not in %s", fr, out);
  free(fr);
  free(out);
  free(err);
  const char *null[] = {"null", bad, good, NULL};
  int rc = run(null, &out, &err);
  cr_assert(rc == 0 || rc == 1, "null crashed or refused: %d\n%s", rc, err);
  free(out);
  free(err);
  char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", bad);
  char *recipe = tu_write_text(dir, "r.yaml", text);
  const char *check[] = {"check", recipe, NULL};
  cr_assert_eq(run(check, &out, &err), 0, "%s", err);
  char *secs = sp_xasprintf("%.3f s", (double)counted / RATE);
  cr_assert(strstr(out, secs), "%s not in %s", secs, out);
  free(secs);
  free(out);
  free(err);
  char *o = tu_path(dir, "o");
  const char *render[] = {"render", recipe, "-q", "-o", o, NULL};
  cr_assert_eq(run(render, &out, &err), 0, "%s", err);
  char *mix = tu_path(o, "mix.wav");
  int64_t frames = 0;
  int channels = 0, rate = 0;
  double *x = tu_read(mix, &frames, &channels, &rate);
  cr_assert_not_null(x);
  cr_assert_eq(frames, counted, "the mix is the file's length");
  free(x);
  free(mix);
  free(o);
  free(out);
  free(err);
  free(recipe);
  free(text);
  free(bad);
  free(good);
}

Test(hostile, a_fifo_is_refused_at_once)
{
  char *fifo = tu_path(dir, "f.wav"), *link = tu_path(dir, "link.wav");
  cr_assert_eq(mkfifo(fifo, 0666), 0);
  cr_assert_eq(symlink(fifo, link), 0);
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: %s}\n", k ? "link.wav" : "f.wav");
    char *recipe = tu_write_text(dir, "r.yaml", text);
    const char *cmds[] = {"check", "render"};
    for (int c = 0; c < 2; c++) {
      char *out = NULL, *err = NULL;
      const char *args[] = {cmds[c], recipe, "-q", NULL};
      if (c == 0)
        args[2] = NULL;
      cr_assert_eq(run(args, &out, &err), 3, "%s", err);
      cr_assert(strstr(err, "r.yaml:3:13: tracks.a.file:"), "%s", err);
      cr_assert(strstr(err, "not a regular file"), "%s", err);
      free(out);
      free(err);
    }
    const char *loud[] = {"loudness", k ? link : fifo, NULL};
    char *out = NULL, *err = NULL;
    cr_assert_eq(run(loud, &out, &err), 3, "%s", err);
    cr_assert(strstr(err, "not a regular file"), "%s", err);
    free(out);
    free(err);
    free(recipe);
    free(text);
  }
  free(fifo);
  free(link);
}

Test(hostile, a_wav_cut_short_is_refused_with_both_counts)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "cut.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  cr_assert_eq(truncate(p, 44 + 3 * 10000 + 1), 0);
  sp_audio_reader *r;
  char why[512];
  cr_assert_eq(sp_audio_open(p, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "cut short: its header promises 144000 frames, the file holds 10000"), "%s",
            why);
  const char *loud[] = {"loudness", p, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(loud, &out, &err), 3, "%s", err);
  cr_assert(strstr(err, "cut short"), "%s", err);
  free(out);
  free(err);
  free(p);
}

Test(hostile, a_source_that_shrinks_while_read_is_an_error_naming_the_frame)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "s.wav", 1, RATE, 24, x, FRAMES);
  free(x);
  sp_source *s;
  char why[512];
  cr_assert_eq(sp_source_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  float *a = sp_xcalloc(RATE, sizeof *a);
  float *ch[2] = {a, NULL};
  cr_assert_eq(sp_source_read(s, ch, RATE, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(truncate(p, 44 + 3 * (RATE + RATE / 2)), 0); /* 1.5 s left */
  sp_err err = SP_OK;
  for (int k = 0; k < 2 && err == SP_OK; k++)
    err = sp_source_read(s, ch, RATE, why, sizeof why);
  cr_assert_eq(err, SP_ERR_IO, "the rest was read as silence");
  cr_assert(strstr(why, "ends at frame 72000, before the 144000 frames its header promises"), "%s",
            why);
  sp_source_close(s);
  free(a);
  free(p);
}

Test(hostile, a_source_rewritten_while_read_is_an_error)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "w.wav", 1, RATE, 24, x, FRAMES);
  sp_source *s;
  char why[512];
  cr_assert_eq(sp_source_open(p, RATE, 0, &s, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(sp_source_unchanged(s, why, sizeof why), SP_OK);
  /* Rewritten in place, same size, other samples. */
  struct stat before;
  stat(p, &before);
  FILE *f = fopen(p, "r+b");
  fseek(f, 1000, SEEK_SET);
  fputs("rewritten", f);
  fclose(f);
  struct timespec t[2] = {{0, UTIME_OMIT}, {before.st_mtim.tv_sec + 2, 0}};
  utimensat(AT_FDCWD, p, t, 0);
  cr_assert_eq(sp_source_unchanged(s, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "changed while stemprint read it"), "%s", why);
  sp_source_close(s);
  free(x);
  free(p);
}

Test(hostile, a_wav_at_0_hz_is_said_in_words)
{
  float *x = tone();
  char *p = tu_write_wav(dir, "z.wav", 1, RATE, 16, x, 4800);
  free(x);
  FILE *f = fopen(p, "r+b");
  fseek(f, 24, SEEK_SET);
  static const unsigned char zero[4] = {0, 0, 0, 0};
  fwrite(zero, 1, 4, f);
  fclose(f);
  const char *loud[] = {"loudness", p, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(run(loud, &out, &err), 3, "%s", err);
  cr_assert(strstr(err, "its header gives a sample rate of 0 Hz"), "%s", err);
  cr_assert_null(strstr(err, "SF_INFO"), "%s", err);
  free(out);
  free(err);
  free(p);
}
