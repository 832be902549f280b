/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Audio files: every format and depth round-trips exactly, files are
 * written under a temporary name and appear only on commit, an abort leaves
 * nothing, and two writes of the same samples are byte-identical (no time
 * stamps in headers). */

#include "core/base/alloc.h"
#include "io/audio/audio.h"
#include "io/audio/flac.h"
#include "io/audio/park.h"
#include "io/audio/stream.h"
#include "io/audio/ogg.h"
#include "io/audio/tagfile.h"
#include "io/fs/fs.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(audio, .init = setup, .fini = teardown);

/* A print whose disk fills as it is written (review 24 F7: an album said
 * "cannot write audio: System error : No space left on device.", no file,
 * no folder, no fix) says the folder whose disk is full and what to do.
 * On a tmpfs of 64 KiB, where this machine lets the tests mount one. */
Test(audio, a_print_on_a_full_disk_says_where_and_what_to_do)
{
  char *small = tu_path(dir, "small");
  cr_assert_eq(mkdir(small, 0777), 0);
  char *cmd = sp_xasprintf("mount -t tmpfs -o size=64k tmpfs '%s' 2>/dev/null", small);
  if (system(cmd) != 0) {
    free(cmd);
    free(small);
    cr_skip_test("no tmpfs can be mounted here (not root, or no CAP_SYS_ADMIN)");
  }
  free(cmd);
  char *path = sp_xasprintf("%s/mix.wav", small), why[512] = "";
  enum { F = 4800 };
  float *x = sp_xcalloc(2 * F, sizeof *x);
  sp_sink *w = NULL;
  sp_err err =
      sp_audio_create(path, SP_FORMAT_WAV, SP_DEPTH_32F, 2, 48000, 20 * F, &w, why, sizeof why);
  for (int k = 0; err == SP_OK && k < 20; k++) /* 768 KB into 64 KiB */
    err = w->ops->write_float(w, x, F, why, sizeof why);
  cr_expect_eq(err, SP_ERR_IO, "%s", why);
  char *want = sp_xasprintf("cannot write audio: the disk of '%s' is full (No space left on "
                            "device); free some space there, or write elsewhere (-o)",
                            small);
  cr_expect_str_eq(why, want);
  if (w)
    w->ops->discard(w);
  free(want);
  free(x);
  free(path);
  cmd = sp_xasprintf("umount '%s'", small);
  cr_expect_eq(system(cmd), 0);
  free(cmd);
  free(small);
}

enum { N = 3000 };

static void write_file_hint(const char *path, sp_format f, sp_depth d, const int32_t *iv,
                            const float *fv, int64_t hint)
{
  sp_sink *w;
  char why[256];
  cr_assert_eq(sp_audio_create(path, f, d, 2, 48000, hint, &w, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(access(path, F_OK), -1, "the final name must not exist before commit");
  sp_err err = d == SP_DEPTH_32F ? w->ops->write_float(w, fv, N, why, sizeof why)
                                 : w->ops->write_int(w, iv, N, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
}

static void write_file(const char *path, sp_format f, sp_depth d, const int32_t *iv,
                       const float *fv)
{
  write_file_hint(path, f, d, iv, fv, N);
}

Test(audio, every_format_and_depth_round_trips_exactly)
{
  static int32_t iv[2 * N];
  static float fv[2 * N];
  const sp_format formats[] = {SP_FORMAT_WAV, SP_FORMAT_FLAC, SP_FORMAT_AIFF, SP_FORMAT_W64};
  const sp_depth depths[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  for (int fi = 0; fi < 4; fi++) {
    for (int di = 0; di < 3; di++) {
      sp_format f = formats[fi];
      sp_depth d = depths[di];
      if (f == SP_FORMAT_FLAC && d == SP_DEPTH_32F)
        continue;
      int bits = d == SP_DEPTH_16 ? 16 : 24;
      for (int i = 0; i < 2 * N; i++) {
        double v = 0.9 * sin(i * 0.0123);
        fv[i] = (float)v;
        iv[i] = (int32_t)((uint32_t)(int32_t)lrint(v * ldexp(1, bits - 1)) << (32 - bits));
      }
      char *path = sp_xasprintf("%s/x%d%d.%s", dir, fi, di, sp_format_ext(f));
      write_file(path, f, d, iv, fv);
      int64_t frames;
      int ch, rate;
      double *x = tu_read(path, &frames, &ch, &rate);
      cr_assert_not_null(x);
      cr_assert_eq(frames, N);
      cr_assert_eq(ch, 2);
      cr_assert_eq(rate, 48000);
      for (int i = 0; i < 2 * N; i++) {
        double expect = d == SP_DEPTH_32F ? (double)fv[i] : (double)iv[i] / 2147483648.0;
        cr_assert_eq(x[i], expect, "%s depth %d sample %d", sp_format_ext(f), (int)d, i);
      }
      free(x);
      free(path);
    }
  }
}

/* The planar reader (raw bytes converted here for plain PCM, libsndfile
 * otherwise) gives exactly what libsndfile's interleaved float reader
 * gives: every container and depth, full-scale and negative values, read
 * in uneven pieces after a seek. */
Test(audio, planar_reads_equal_libsndfile_in_every_container)
{
  static int32_t iv[2 * N];
  static float fv[2 * N];
  const sp_format formats[] = {SP_FORMAT_WAV, SP_FORMAT_FLAC, SP_FORMAT_AIFF, SP_FORMAT_W64};
  const sp_depth depths[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  for (int fi = 0; fi < 4; fi++)
    for (int di = 0; di < 3; di++) {
      sp_format f = formats[fi];
      sp_depth d = depths[di];
      if (f == SP_FORMAT_FLAC && d == SP_DEPTH_32F)
        continue;
      int bits = d == SP_DEPTH_16 ? 16 : 24;
      for (int i = 0; i < 2 * N; i++) {
        double v = i % 97 == 0 ? -1.0 : i % 89 == 0 ? 0.99999 : 0.95 * sin(i * 0.0731 + i % 3);
        fv[i] = (float)v;
        int64_t code = lrint(v * ldexp(1, bits - 1));
        if (code > ((int64_t)1 << (bits - 1)) - 1)
          code = ((int64_t)1 << (bits - 1)) - 1;
        iv[i] = (int32_t)((uint32_t)(int32_t)code << (32 - bits));
      }
      char *path = sp_xasprintf("%s/p%d%d.%s", dir, fi, di, sp_format_ext(f));
      write_file(path, f, d, iv, fv);
      sp_reader *a, *b;
      sp_audio_info info;
      char why[256];
      cr_assert_eq(sp_audio_open(path, &a, &info, why, sizeof why), SP_OK, "%s", why);
      cr_assert_eq(sp_audio_open(path, &b, NULL, why, sizeof why), SP_OK, "%s", why);
      cr_assert_eq(a->ops->seek(a, 123, why, sizeof why), SP_OK);
      cr_assert_eq(b->ops->seek(b, 123, why, sizeof why), SP_OK);
      static float inter[2 * N], left[N], right[N];
      int64_t got_a = a->ops->read_float(a, inter, N);
      int64_t got_b = 0;
      const int64_t pieces[] = {1, 7, 500, 1, 2048, 4096};
      for (int k = 0; got_b < N; k++) {
        float *ch[2] = {left + got_b, right + got_b};
        int64_t n = sp_audio_read_planar(b, ch, pieces[k % 6]);
        cr_assert_geq(n, 0);
        if (n == 0)
          break;
        got_b += n;
      }
      cr_assert_eq(got_a, N - 123, "%s", path);
      cr_assert_eq(got_b, got_a, "%s", path);
      for (int64_t i = 0; i < got_a; i++) {
        cr_assert_eq(left[i], inter[2 * i], "%s frame %lld left", path, (long long)i);
        cr_assert_eq(right[i], inter[2 * i + 1], "%s frame %lld right", path, (long long)i);
      }
      a->ops->close(a);
      b->ops->close(b);
      free(path);
    }
  /* Mono 24-bit, which has its own four-at-a-time path, at every offset
   * and an odd length (a tail of 1 to 3 frames). */
  static float mono[N - 1];
  for (int i = 0; i < N - 1; i++)
    mono[i] = i % 101 == 0 ? -1.0f : (float)(0.97 * sin(i * 0.311));
  char *path = tu_write_wav(dir, "mono24.wav", 1, 48000, 24, mono, N - 1);
  for (int64_t from = 0; from < 4; from++) {
    sp_reader *a, *b;
    char why[256];
    cr_assert_eq(sp_audio_open(path, &a, NULL, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(sp_audio_open(path, &b, NULL, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(a->ops->seek(a, from, why, sizeof why), SP_OK);
    cr_assert_eq(b->ops->seek(b, from, why, sizeof why), SP_OK);
    static float want[N], got[N];
    int64_t na = a->ops->read_float(a, want, N);
    int64_t nb = 0;
    for (;;) { /* in pieces, as the reader may hand out fewer than asked */
      float *plane[1] = {got + nb};
      int64_t k = sp_audio_read_planar(b, plane, N - nb);
      cr_assert_geq(k, 0);
      if (k == 0)
        break;
      nb += k;
    }
    cr_assert_eq(nb, na);
    cr_assert_eq(memcmp(want, got, (size_t)na * sizeof(float)), 0, "mono from %lld",
                 (long long)from);
    a->ops->close(a);
    b->ops->close(b);
  }
  free(path);
}

/* 24-bit PCM is converted four samples a step by a byte shuffle, and the
 * last few one at a time: every code (extremes, each byte's top bit, a
 * spread of others) reads as code / 2^23 exactly, in the float, planar and
 * double readers, mono and stereo, from every offset to the end (so every
 * tail length meets the shuffle's edge). */
Test(audio, every_24_bit_code_reads_exactly_at_every_offset_and_tail)
{
  enum { F = 45 };
  static const int32_t edges[] = {-8388608, 8388607, 0, -1, 1, 0x7f, 0x80, 0xff, 0x7fff,
                                  0x8000, 0xffff, 0x7fffff, -0x800000 + 1, 0x00ff00, -0x100};
  for (int C = 1; C <= 2; C++) {
    static int32_t codes[2 * F], iv[2 * F];
    for (int i = 0; i < F * C; i++) {
      const int ne = (int)(sizeof edges / sizeof *edges);
      uint32_t spread = (uint32_t)i * 2654435761u >> 8; /* 24 bits */
      codes[i] = i < ne ? edges[i] : (int32_t)(spread << 8) >> 8;
      iv[i] = (int32_t)((uint32_t)codes[i] << 8);
    }
    sp_sink *w;
    char why[256];
    char *path = sp_xasprintf("%s/codes%d.wav", dir, C);
    cr_assert_eq(sp_audio_create(path, SP_FORMAT_WAV, SP_DEPTH_24, C, 48000, F, &w, why, sizeof why),
                 SP_OK, "%s", why);
    cr_assert_eq(w->ops->write_int(w, iv, F, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
    for (int from = 0; from < F; from++) {
      sp_reader *r[3];
      for (int k = 0; k < 3; k++) {
        cr_assert_eq(sp_audio_open(path, &r[k], NULL, why, sizeof why), SP_OK, "%s", why);
        cr_assert_eq(r[k]->ops->seek(r[k], from, why, sizeof why), SP_OK);
      }
      float fl[2 * F], pl[2][F];
      double db[2 * F];
      float *planes[2] = {pl[0], pl[1]};
      const int64_t want = F - from;
      cr_assert_eq(r[0]->ops->read_float(r[0], fl, F), want);
      cr_assert_eq(sp_audio_read_planar(r[1], planes, F), want);
      cr_assert_eq(r[2]->ops->read_double(r[2], db, F), want);
      for (int64_t i = 0; i < want; i++)
        for (int c = 0; c < C; c++) {
          const int32_t code = codes[(from + i) * C + c];
          const float x = (float)code * 0x1p-23f; /* exact: 24 bits fit a float */
          cr_assert_eq(fl[i * C + c], x, "%d ch from %d frame %lld: code %d", C, from,
                       (long long)i, code);
          cr_assert_eq(pl[c][i], x, "planar, %d ch from %d frame %lld", C, from, (long long)i);
          cr_assert_eq(db[i * C + c], (double)x, "double, %d ch from %d frame %lld", C, from,
                       (long long)i);
        }
      for (int k = 0; k < 3; k++)
        r[k]->ops->close(r[k]);
    }
    free(path);
  }
}

/* A reader converts raw PCM itself, up to 64 KB a read. Whatever mix of
 * planar, float and double reads and seeks follows, each read continues
 * exactly where the last one stopped, with libsndfile's values, across
 * the 64 KB edges, in every container and depth. */
Test(audio, reads_of_every_kind_stay_in_step)
{
  enum { M = 40000 };
  const sp_format formats[] = {SP_FORMAT_WAV, SP_FORMAT_FLAC, SP_FORMAT_AIFF, SP_FORMAT_W64};
  const sp_depth depths[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  float *fv = malloc(2 * M * sizeof *fv);
  int32_t *iv = malloc(2 * M * sizeof *iv);
  for (int fi = 0; fi < 4; fi++)
    for (int di = 0; di < 3; di++) {
      sp_format f = formats[fi];
      sp_depth d = depths[di];
      if (f == SP_FORMAT_FLAC && d == SP_DEPTH_32F)
        continue;
      int bits = d == SP_DEPTH_16 ? 16 : 24;
      for (int i = 0; i < 2 * M; i++) {
        double v = 0.9 * sin(i * 0.00731 + i % 5);
        fv[i] = (float)v;
        iv[i] = (int32_t)((uint32_t)(int32_t)lrint(v * ldexp(1, bits - 1)) << (32 - bits));
      }
      char *path = sp_xasprintf("%s/r%d%d.%s", dir, fi, di, sp_format_ext(f));
      sp_sink *w;
      char why[256];
      cr_assert_eq(sp_audio_create(path, f, d, 2, 48000, M, &w, why, sizeof why), SP_OK);
      cr_assert_eq(d == SP_DEPTH_32F ? w->ops->write_float(w, fv, M, why, sizeof why)
                                     : w->ops->write_int(w, iv, M, why, sizeof why),
                   SP_OK, "%s", why);
      cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
      int64_t frames;
      int ch, rate;
      double *ref = tu_read(path, &frames, &ch, &rate); /* libsndfile, in doubles */
      cr_assert_eq(frames, M);
      sp_reader *r;
      cr_assert_eq(sp_audio_open(path, &r, NULL, why, sizeof why), SP_OK, "%s", why);
      static float l[M], rr[M], fl[2 * M];
      static double db[2 * M];
      int64_t at = 0;
      /* kind: 0 planar, 1 float, 2 double; a seek before some */
      static const struct {
        int kind;
        int64_t n, seek;
      } steps[] = {{0, 1000, -1}, {2, 7, -1},    {0, 15000, -1}, {1, 3, -1},     {2, 12000, -1},
                   {0, 5, 30000}, {2, 9000, -1}, {1, 2000, 100}, {0, 25000, -1}, {2, 20000, 39990}};
      for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
        if (steps[s].seek >= 0) {
          cr_assert_eq(r->ops->seek(r, steps[s].seek, why, sizeof why), SP_OK);
          at = steps[s].seek;
        }
        int64_t want = steps[s].n < M - at ? steps[s].n : M - at, got = 0;
        while (got < want) {
          int64_t n;
          if (steps[s].kind == 0) {
            float *pl[2] = {l + got, rr + got};
            n = sp_audio_read_planar(r, pl, want - got);
          } else if (steps[s].kind == 1) {
            n = r->ops->read_float(r, fl + 2 * got, want - got);
          } else {
            n = r->ops->read_double(r, db + 2 * got, want - got);
          }
          cr_assert_gt(n, 0, "%s step %zu", path, s);
          got += n;
        }
        for (int64_t i = 0; i < want; i++)
          for (int c = 0; c < 2; c++) {
            double v = steps[s].kind == 0   ? (c ? rr[i] : l[i])
                       : steps[s].kind == 1 ? fl[2 * i + c]
                                            : db[2 * i + c];
            cr_assert_eq(v, ref[2 * (at + i) + c], "%s step %zu frame %lld", path, s,
                         (long long)(at + i));
          }
        at += want;
      }
      float tail[2];
      cr_assert_eq(r->ops->read_float(r, tail, 1), 0, "%s: the end", path);
      r->ops->close(r);
      free(ref);
      free(path);
    }
  free(fv);
  free(iv);
}

/* A WAV file by hand: 32-bit PCM stereo, `declared` frames in the data
 * chunk's size but `present` written, then (when all are present) a LIST
 * chunk of 0x7f bytes that must never be read as samples. */
static char *write_wav32(const char *name, int64_t declared, int64_t present)
{
  char *path = sp_xasprintf("%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  cr_assert(f);
  const uint32_t data = (uint32_t)(declared * 8), list = 64;
  const bool tail = declared == present;
  unsigned char h[44];
  memcpy(h, "RIFF", 4);
  const uint32_t riff = 36 + data + (tail ? 8 + list : 0);
  const uint32_t v32[] = {riff, 16, 48000, 48000 * 8, data};
  for (int k = 0; k < 4; k++)
    h[4 + k] = (unsigned char)(v32[0] >> 8 * k);
  memcpy(h + 8, "WAVEfmt ", 8);
  for (int k = 0; k < 4; k++)
    h[16 + k] = (unsigned char)(v32[1] >> 8 * k);
  h[20] = 1, h[21] = 0; /* PCM */
  h[22] = 2, h[23] = 0; /* channels */
  for (int k = 0; k < 4; k++) {
    h[24 + k] = (unsigned char)(v32[2] >> 8 * k);
    h[28 + k] = (unsigned char)(v32[3] >> 8 * k);
    h[40 + k] = (unsigned char)(v32[4] >> 8 * k);
  }
  h[32] = 8, h[33] = 0;  /* block align */
  h[34] = 32, h[35] = 0; /* bits */
  memcpy(h + 36, "data", 4);
  cr_assert_eq(fwrite(h, 1, sizeof h, f), sizeof h);
  for (int64_t i = 0; i < 2 * present; i++) {
    uint32_t u = (uint32_t)(int32_t)lrint(sin((double)i * 0.013) * 2147483000.0) ^ (uint32_t)i;
    unsigned char b[4] = {(unsigned char)u, (unsigned char)(u >> 8), (unsigned char)(u >> 16),
                          (unsigned char)(u >> 24)};
    cr_assert_eq(fwrite(b, 1, 4, f), 4u);
  }
  if (tail) {
    unsigned char l[8 + 64];
    memcpy(l, "LIST", 4);
    l[4] = (unsigned char)list, l[5] = l[6] = l[7] = 0;
    memset(l + 8, 0x7f, list);
    cr_assert_eq(fwrite(l, 1, sizeof l, f), sizeof l);
  }
  cr_assert_eq(fclose(f), 0);
  return path;
}

/* The raw reader reads the samples itself once libsndfile has read the
 * header: it stops where the data chunk ends (not at the file's end), gives
 * 32-bit PCM exactly in double, and agrees with libsndfile on all of it. A
 * file shorter than its data chunk declares (libsndfile reads the frames it
 * holds) is refused: a copy cut short must not print as a shorter song. */
Test(audio, raw_reads_stop_where_libsndfile_does)
{
  const struct {
    const char *name;
    int64_t declared, present;
  } files[] = {{"list.wav", 30000, 30000}, {"short.wav", 30000, 20001}};
  for (size_t fi = 0; fi < 2; fi++) {
    char *path = write_wav32(files[fi].name, files[fi].declared, files[fi].present);
    sp_reader *r;
    sp_audio_info info;
    char why[256];
    if (files[fi].present < files[fi].declared) {
      cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO);
      cr_assert(strstr(why, "cut short: its header promises 30000 frames, the file holds 20001"),
                "%s", why);
      free(path);
      continue;
    }
    int64_t frames;
    int channels, rate;
    double *ref = tu_read(path, &frames, &channels, &rate);
    cr_assert_eq(frames, files[fi].present, "%s: libsndfile's frames", path);
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(info.frames, frames);
    cr_assert_eq(info.bits, 32);
    static double db[2 * 40000];
    int64_t got = 0, n;
    while ((n = r->ops->read_double(r, db + 2 * got, 7000)) > 0)
      got += n;
    cr_assert_eq(n, 0, "%s", path);
    cr_assert_eq(got, frames, "%s: frames read", path);
    cr_assert_eq(memcmp(db, ref, (size_t)(2 * frames) * sizeof *db), 0, "%s", path);
    /* planar, after a seek back, then float to the end */
    static float l[40000], rr[40000], fl[2 * 40000];
    cr_assert_eq(r->ops->seek(r, 5, why, sizeof why), SP_OK);
    float *pl[2] = {l, rr};
    cr_assert_eq(sp_audio_read_planar(r, pl, 1000), 1000);
    got = 0;
    while ((n = r->ops->read_float(r, fl + 2 * got, 3000)) > 0)
      got += n;
    cr_assert_eq(got, frames - 1005, "%s", path);
    for (int64_t i = 0; i < 1000; i++) {
      cr_assert_eq(l[i], (float)ref[2 * (5 + i)], "%s frame %lld", path, (long long)i);
      cr_assert_eq(rr[i], (float)ref[2 * (5 + i) + 1]);
    }
    for (int64_t i = 0; i < 2 * got; i++)
      cr_assert_eq(fl[i], (float)ref[2 * 1005 + i], "%s sample %lld", path, (long long)i);
    cr_assert_neq(r->ops->seek(r, frames + 1, why, sizeof why), SP_OK, "%s", path);
    r->ops->close(r);
    free(ref);
    free(path);
  }
}

Test(audio, same_samples_same_bytes_in_every_container)
{
  static float fv[2 * N];
  static int32_t iv[2 * N];
  for (int i = 0; i < 2 * N; i++) {
    fv[i] = (float)(0.5 * sin(i * 0.01));
    iv[i] = (int32_t)(fv[i] * 2147483647.0f) & ~0xff;
  }
  const sp_format formats[] = {SP_FORMAT_WAV, SP_FORMAT_FLAC, SP_FORMAT_AIFF, SP_FORMAT_W64};
  const sp_depth depths[] = {SP_DEPTH_16, SP_DEPTH_24, SP_DEPTH_32F};
  /* Expected lengths: normal, and long enough that WAV becomes RF64. */
  const int64_t hints[] = {N, (int64_t)1 << 30};
  char *a[4][3][2] = {{{0}}};
  for (int pass = 0; pass < 2; pass++) {
    for (int fi = 0; fi < 4; fi++)
      for (int di = 0; di < 3; di++)
        for (int h = 0; h < 2; h++) {
          if (formats[fi] == SP_FORMAT_FLAC && depths[di] == SP_DEPTH_32F)
            continue;
          char *p =
              sp_xasprintf("%s/p%d-%d%d%d.%s", dir, pass, fi, di, h, sp_format_ext(formats[fi]));
          write_file_hint(p, formats[fi], depths[di], iv, fv, hints[h]);
          if (pass == 0) {
            a[fi][di][h] = p;
            continue;
          }
          cr_assert(tu_same_bytes(a[fi][di][h], p), "%s depth %d differs between writes",
                    sp_format_ext(formats[fi]), (int)depths[di]);
          free(a[fi][di][h]);
          free(p);
        }
    if (pass == 0)
      sleep(1); /* a header time stamp would differ now */
  }
  /* The long WAV really is RF64, and reads back. */
  char *p = sp_xasprintf("%s/long.wav", dir);
  write_file_hint(p, SP_FORMAT_WAV, SP_DEPTH_32F, iv, fv, (int64_t)1 << 30);
  FILE *f = fopen(p, "rb");
  char magic[4];
  cr_assert_eq(fread(magic, 1, 4, f), 4);
  fclose(f);
  cr_assert_eq(memcmp(magic, "RF64", 4), 0);
  int64_t frames;
  int ch;
  double *x = tu_read(p, &frames, &ch, NULL);
  cr_assert_eq(frames, N);
  cr_assert_eq(x[1], (double)fv[1]);
  free(x);
  free(p);
}

/* A FLAC cut short (its STREAMINFO promises more frames than it holds)
 * fails where its decoder loses its way, said at that frame with what
 * it means and its fix. Before: "cannot read frame 0: Error : flac
 * decoder lost sync." (the frame the read began at, and no fix). */
Test(audio, a_flac_cut_short_is_said_at_the_frame_it_fails)
{
  enum { FRAMES = 48000 };
  float *x = sp_xcalloc(2 * FRAMES, sizeof *x);
  for (int i = 0; i < 2 * FRAMES; i++)
    x[i] = (float)(0.5 * sin(0.01 * i) + 0.3 * sin(0.37 * i));
  char *path = tu_path(dir, "cut.flac");
  SF_INFO si = {.samplerate = 48000, .channels = 2, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert_eq(sf_writef_float(f, x, FRAMES), FRAMES);
  sf_close(f);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(truncate(path, st.st_size / 2), 0);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(info.frames, FRAMES);
  int64_t got = 0, n;
  while ((n = r->ops->read_float(r, x, 4096)) > 0)
    got += n;
  cr_assert_eq(n, -1, "a FLAC cut short reads to its end: %lld frames", (long long)got);
  const char *said = r->ops->error(r);
  long long at = -1;
  cr_assert_eq(sscanf(said, "cannot be read at frame %lld of the 48000 its header promises", &at),
               1, "%s", said);
  cr_expect(at >= got && at > 0 && at < FRAMES, "%lld (%lld read): %s", at, (long long)got, said);
  cr_expect(strstr(said, "(libsndfile: flac decoder lost sync): the file is damaged or cut short; "
                         "write it again"),
            "%s", said);
  r->ops->close(r);
  free(path);
  free(x);
}

/* A GSM 6.10 WAV (Microsoft's: 320 samples in each 65-byte block) of an
 * odd count of blocks, as libsndfile itself writes one: its data chunk
 * holds 7 blocks (455 bytes, then the pad byte), its fact chunk 2240
 * samples; libsndfile reads 2560, the last 320 decoded from the pad byte
 * and the file's end (review 20 F1: up to 0 dBFS of noise after the end,
 * exit 0). Read as the whole blocks the chunk holds, as ffmpeg reads it,
 * the same samples as libsndfile's first 2240. */
Test(audio, a_gsm_wav_of_an_odd_count_of_blocks_ends_at_its_last_block)
{
  enum { FRAMES = 2240 };
  float x[FRAMES + 320], y[FRAMES + 320];
  for (int i = 0; i < FRAMES; i++)
    x[i] = (float)(0.5 * sin(0.3 * i));
  char *path = tu_path(dir, "gsm.wav");
  SF_INFO si = {.samplerate = 8000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_GSM610};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert_eq(sf_writef_float(f, x, FRAMES), FRAMES);
  sf_close(f);
  memset(&si, 0, sizeof si);
  f = sf_open(path, SFM_READ, &si);
  cr_assert_not_null(f);
  cr_assert_eq(si.frames, FRAMES + 320, "libsndfile's count, a block past the data");
  cr_assert_eq(sf_readf_float(f, y, FRAMES), FRAMES);
  sf_close(f);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, FRAMES);
  int64_t got = 0, n;
  while ((n = r->ops->read_float(r, x + got, 1000)) > 0)
    got += n;
  cr_expect_eq(n, 0);
  cr_expect_eq(got, FRAMES);
  cr_expect(!memcmp(x, y, sizeof(float) * FRAMES), "libsndfile's samples");
  r->ops->close(r);
  free(path);
}

/* A FLAC frame header as RFC 9639's first example (Appendix D.1) writes
 * it: frame 0 of a fixed block size stream, a block of 1 sample (8 bits
 * after the header's fourth byte), 44.1 kHz, its CRC-8 0xBF; a byte
 * changed, no header. */
Test(audio, a_flac_frame_header_reads_as_rfc_9639_writes_it)
{
  unsigned char h[] = {0xFF, 0xF8, 0x69, 0x18, 0x00, 0x00, 0xBF, 0x00};
  uint64_t number = 9;
  bool variable = true;
  unsigned block = 0, rate = 0;
  size_t len = 0;
  cr_assert(sp_flac_frame_header(h, sizeof h, &number, &variable, &block, &rate, &len));
  cr_expect(number == 0 && !variable && block == 1 && rate == 44100 && len == 7,
            "%llu %d %u %u %zu", (unsigned long long)number, variable, block, rate, len);
  h[5] = 1;
  cr_expect(!sp_flac_frame_header(h, sizeof h, &number, &variable, &block, &rate, &len));
}

/* A FLAC whose bytes say otherwise than what libsndfile plays of it
 * (review 20 F4, F5, F7, F3), each in silence before: frames that hold
 * 12000 samples under a STREAMINFO that counts 6000 played 6000 (ffmpeg
 * 12000), now every frame, the same samples; a STREAMINFO rate of 44100
 * over frames of 48000 played at 44100 (8.8 % slow; ffmpeg 48000), now
 * refused; a second stream joined after the first (cat) was left out,
 * now refused with the byte it starts at; a stream that counts no
 * samples (a pipe writer's) and ends inside its last frame played the
 * whole frames before it, now said so. */
static char *flac_of(const char *name, int frames, float *x)
{
  for (int i = 0; i < 2 * frames; i++)
    x[i] = (float)(0.5 * sin(0.01 * i) + 0.3 * sin(0.37 * i));
  char *path = tu_path(dir, name);
  SF_INFO si = {.samplerate = 48000, .channels = 2, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16};
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(f);
  cr_assert_eq(sf_writef_float(f, x, frames), frames);
  sf_close(f);
  return path;
}

static unsigned char *slurp_bytes(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  unsigned char *b = sp_xmalloc(1 << 20);
  *n = fread(b, 1, 1 << 20, f);
  fclose(f);
  return b;
}

static void put_bytes(const char *path, const unsigned char *b, size_t n)
{
  FILE *f = fopen(path, "wb");
  cr_assert(f && fwrite(b, 1, n, f) == n && fclose(f) == 0);
}

Test(audio, a_flac_plays_what_its_frames_hold_or_is_refused_saying_why)
{
  enum { FRAMES = 12000 };
  float *x = sp_xcalloc(2 * FRAMES, sizeof *x), *y = sp_xcalloc(2 * FRAMES + 9216, sizeof *y);
  char *path = flac_of("f.flac", FRAMES, x);
  size_t n;
  unsigned char *b = slurp_bytes(path, &n);
  cr_assert(memcmp(b, "fLaC", 4) == 0 && (b[4] & 0x7F) == 0, "STREAMINFO first");
  /* its total (36 bits from STREAMINFO's byte 13) 6000 */
  unsigned char *c = sp_xmalloc(n);
  memcpy(c, b, n);
  c[8 + 13] &= 0xF0;
  c[8 + 14] = 0, c[8 + 15] = 0, c[8 + 16] = 6000 >> 8, c[8 + 17] = 6000 & 0xFF;
  char *fewer = tu_path(dir, "fewer.flac");
  put_bytes(fewer, c, n);
  sp_reader *r;
  sp_audio_info info;
  char why[512];
  cr_assert_eq(sp_audio_open(fewer, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, FRAMES);
  int64_t got = 0, k;
  while ((k = r->ops->read_float(r, y + got * 2, 4096)) > 0)
    got += k;
  cr_expect_eq(k, 0, "%s", r->ops->error(r));
  cr_expect_eq(got, FRAMES);
  float *z = sp_xcalloc(2 * FRAMES, sizeof *z);
  SF_INFO si = {0};
  SNDFILE *f = sf_open(path, SFM_READ, &si);
  cr_assert_eq(sf_readf_float(f, z, FRAMES), FRAMES);
  sf_close(f);
  cr_expect(!memcmp(y, z, sizeof(float) * 2 * FRAMES), "the uncounted file's samples");
  r->ops->close(r);
  /* STREAMINFO at 44100 Hz (20 bits from its byte 10), the frames at 48000 */
  memcpy(c, b, n);
  c[8 + 10] = 44100 >> 12, c[8 + 11] = 44100 >> 4 & 0xFF;
  c[8 + 12] = (unsigned char)((44100 & 0xF) << 4 | (c[8 + 12] & 0x0F));
  char *rate = tu_path(dir, "rate.flac");
  put_bytes(rate, c, n);
  cr_assert_eq(sp_audio_open(rate, &r, &info, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "its STREAMINFO says 44100 Hz and its frames 48000 Hz: the file is "
                        "damaged or its writer wrong (libsndfile would play it at 44100 Hz, "
                        "ffmpeg at 48000 Hz); write it again from its source, or e.g. ffmpeg -i "
                        "x.flac y.flac");
  /* a second, shorter stream after it */
  char *second = flac_of("second.flac", 9000, z);
  size_t n2;
  unsigned char *b2 = slurp_bytes(second, &n2);
  c = sp_xrealloc(c, n + n2);
  memcpy(c, b, n);
  memcpy(c + n, b2, n2);
  char *joined = tu_path(dir, "joined.flac");
  put_bytes(joined, c, n + n2);
  cr_assert_eq(sp_audio_open(joined, &r, &info, why, sizeof why), SP_ERR_IO);
  char *said = sp_xasprintf(
      "it holds a second FLAC stream from byte %zu on (files joined with cat), which libsndfile "
      "does not read, and the rest would be lost in silence; join them as audio, e.g. ffmpeg -i "
      "x.flac -c:a flac y.flac",
      n);
  cr_expect_str_eq(why, said);
  free(said);
  /* no count, cut inside a frame (at 60 % of its bytes), then whole */
  memcpy(c, b, n);
  c[8 + 13] &= 0xF0;
  memset(c + 8 + 14, 0, 4);
  for (int cut = 0; cut < 2; cut++) {
    char *piped = tu_path(dir, cut ? "piped_cut.flac" : "piped.flac");
    put_bytes(piped, c, cut ? n * 6 / 10 : n);
    cr_assert_eq(sp_audio_open(piped, &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_expect_str_eq(info.unplayed,
                     cut ? "a last frame it ends inside (a copy or a stream's rip cut short): it "
                           "plays the whole frames before it; copy it again for the rest"
                         : "");
    cr_expect(cut ? info.frames > 0 && info.frames < FRAMES : info.frames == FRAMES, "%lld",
              (long long)info.frames);
    r->ops->close(r);
    free(piped);
  }
  free(b), free(b2), free(c), free(x), free(y), free(z);
  free(path), free(fewer), free(rate), free(second), free(joined);
}

/* A WAV whose data chunk says it holds nothing, with the samples after it
 * (a writer that did not finish the file: it stopped, or wrote to a
 * pipe), is refused saying so, with its fix. Before, it was "holds no
 * audio (0 frames)", of a file that holds 100 ms. An empty WAV with a
 * LIST chunk after its data chunk opens as empty, as before. */
Test(audio, a_wav_its_writer_did_not_finish_is_said_so)
{
  unsigned char head[44] = "RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0\x80\xbb\0\0\0\xee\x02\0"
                           "\x04\0\x10\0data\0\0\0\0";
  short pcm[2 * 4800];
  for (int i = 0; i < 2 * 4800; i++)
    pcm[i] = (short)(i * 37 % 20000 - 10000);
  char *path = tu_path(dir, "unfinished.wav");
  FILE *f = fopen(path, "wb");
  cr_assert(f && fwrite(head, 1, 44, f) == 44 && fwrite(pcm, sizeof pcm, 1, f) == 1);
  fclose(f);
  sp_reader *r;
  sp_audio_info info;
  char why[512];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO);
  cr_expect(strstr(why, "its data chunk says it holds nothing, yet 19200 bytes follow it: its "
                        "writer did not finish the file (it stopped, or wrote to a pipe); export "
                        "it again, or give it a header that says them, e.g. ffmpeg -i x.wav -c "
                        "copy y.wav"),
            "%s", why);
  free(path);
  path = tu_path(dir, "empty_list.wav");
  static const unsigned char list[20] = "LIST\x0c\0\0\0INFOISFT\0\0\0\0";
  head[4] = 36 + sizeof list;
  f = fopen(path, "wb");
  cr_assert(f && fwrite(head, 1, 44, f) == 44 && fwrite(list, sizeof list, 1, f) == 1);
  fclose(f);
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, 0);
  r->ops->close(r);
  free(path);
}

Test(audio, abort_leaves_nothing)
{
  sp_sink *w;
  char why[256];
  char *path = sp_xasprintf("%s/gone.wav", dir);
  cr_assert_eq(sp_audio_create(path, SP_FORMAT_WAV, SP_DEPTH_24, 2, 48000, 10, &w, why, sizeof why),
               SP_OK);
  cr_assert_eq(tu_count_entries(dir), 1); /* the temporary file */
  w->ops->discard(w);
  cr_assert_eq(tu_count_entries(dir), 0);
  free(path);
}

Test(audio, missing_and_garbage_files_are_io_errors)
{
  sp_reader *r;
  char why[256];
  char *missing = sp_xasprintf("%s/nope.wav", dir);
  cr_assert_eq(sp_audio_open(missing, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "No such file"), "%s", why);
  char *junk = tu_write_text(dir, "junk.wav", "this is not audio at all, not even close");
  cr_assert_eq(sp_audio_open(junk, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "not a readable audio file"), "%s", why);
  free(missing);
  free(junk);
}

Test(audio, source_streams_from_an_offset_and_pads_with_silence)
{
  static float m[N];
  for (int i = 0; i < N; i++)
    m[i] = (float)i / 4096.0f;
  char *p = tu_write_wav(dir, "m.wav", 1, 48000, 32, m, N);
  sp_source *s;
  char why[256];
  cr_assert_eq(sp_stream_open(p, 48000, 1000, &s, why, sizeof why), SP_OK);
  cr_assert_eq(s->channels, 1);
  static float out[2 * N];
  float *ch[1] = {out};
  /* Odd read sizes across the source's own chunk boundaries. */
  size_t done = 0;
  for (size_t step = 1; done < 2 * N - 1000; step = step * 7 % 5001 + 1) {
    size_t n = done + step > 2 * N ? 2 * N - done : step;
    float *part[1] = {out + done};
    cr_assert_eq(s->ops->read(s, part, n, why, sizeof why), SP_OK);
    done += n;
  }
  (void)ch;
  for (int i = 0; i < N - 1000; i++)
    cr_assert_eq(out[i], m[i + 1000]);
  for (size_t i = N - 1000; i < done; i++)
    cr_assert_eq(out[i], 0.0f);
  s->ops->close(s);
  cr_assert_eq(sp_session_frames(44100, 44100, 48000), 48000);
  cr_assert_eq(sp_session_frames(44100, 44100, 44100), 44100);
  free(p);
}

/* The file system's media (io/audio/media.c) hands the engine a source
 * that knows its name and its length at the session's rate, and reads
 * what the stream under it reads. */
Test(audio, the_media_source_knows_its_name_and_length_at_the_session_rate)
{
  float x[4410];
  for (int i = 0; i < 4410; i++)
    x[i] = (float)i / 8192.0f;
  char *p = tu_write_wav(dir, "a44.wav", 1, 44100, 32, x, 4410);
  const sp_media *m = sp_audio_media();
  char why[256];
  sp_source *s;
  cr_assert_eq(m->source(m, p, 48000, 0, &s, why, sizeof why), SP_OK, "%s", why);
  cr_expect_str_eq(s->name, p);
  cr_expect_eq(s->channels, 1);
  cr_expect_eq(s->frames, sp_session_frames(4410, 44100, 48000));
  cr_expect_eq(s->frames, 4800);
  s->ops->close(s);
  cr_assert_eq(m->source(m, p, 44100, 10, &s, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(s->frames, 4410);
  float got[5], *ch[1] = {got};
  cr_assert_eq(s->ops->read(s, ch, 5, why, sizeof why), SP_OK, "%s", why);
  for (int i = 0; i < 5; i++)
    cr_expect_eq(got[i], x[10 + i]);
  s->ops->close(s);
  cr_expect_neq(m->source(m, "no such.wav", 48000, 0, &s, why, sizeof why), SP_OK);
  free(p);
}

/* How many of this process's descriptors are open on path (its real
 * path), from /proc/self/fd; -1 when /proc cannot say. */
static int descriptors_on(const char *path)
{
  char *real = realpath(path, NULL);
  DIR *d = opendir("/proc/self/fd");
  if (!real || !d) {
    free(real);
    if (d)
      closedir(d);
    return -1;
  }
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    char link[300], to[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
    ssize_t k = readlink(link, to, sizeof to - 1);
    if (k > 0) {
      to[k] = '\0';
      n += strcmp(to, real) == 0;
    }
  }
  closedir(d);
  free(real);
  return n;
}

/* Issue 62: readers of one file share one descriptor, each at a position
 * of its own (the null test reads a print in 16 chunks at once), and a
 * file opened, closed and opened again is not opened again; in a raw
 * container (WAV) and one libsndfile decodes (FLAC). */
Test(audio, a_file_is_opened_once_and_its_readers_keep_their_own_places)
{
  static int32_t iv[2 * N];
  for (int i = 0; i < 2 * N; i++)
    iv[i] = (int32_t)((uint32_t)(i * 7919 % 65536 - 32768) << 16);
  const char *names[] = {"shared.wav", "shared.flac"};
  const sp_format formats[] = {SP_FORMAT_WAV, SP_FORMAT_FLAC};
  for (int fi = 0; fi < 2; fi++) {
    char *path = tu_path(dir, names[fi]);
    write_file(path, formats[fi], SP_DEPTH_16, iv, NULL);
    if (descriptors_on(path) < 0) {
      free(path);
      cr_skip_test("/proc/self/fd cannot be read here");
    }
    enum { READERS = 16 };
    sp_reader *r[READERS];
    char why[256];
    for (int k = 0; k < READERS; k++) {
      sp_audio_info info;
      cr_assert_eq(sp_audio_open(path, &r[k], &info, why, sizeof why), SP_OK, "%s", why);
      cr_assert_eq(info.frames, N);
      cr_assert_eq(info.channels, 2);
      cr_assert_eq(info.bits, 16);
      cr_assert_eq(r[k]->ops->seek(r[k], (int64_t)k * (N / READERS), why, sizeof why), SP_OK);
    }
    cr_expect_eq(descriptors_on(path), 1, "%s: %d readers, %d descriptors", names[fi], READERS,
                 descriptors_on(path));
    /* read in turns, 10 frames each: every reader reads on from its own place */
    float buf[20];
    for (int turn = 0; turn < 5; turn++)
      for (int k = 0; k < READERS; k++) {
        const int64_t at = (int64_t)k * (N / READERS) + turn * 10;
        cr_assert_eq(r[k]->ops->read_float(r[k], buf, 10), 10);
        for (int s = 0; s < 20; s++)
          cr_assert_eq(buf[s], (float)iv[2 * at + s] / 2147483648.0f, "%s: reader %d frame %lld",
                       names[fi], k, (long long)(at + s / 2));
      }
    for (int k = 0; k < READERS; k++)
      r[k]->ops->close(r[k]);
    cr_assert_eq(sp_audio_open(path, &r[0], NULL, why, sizeof why), SP_OK, "%s", why);
    cr_expect_eq(descriptors_on(path), 1);
    r[0]->ops->close(r[0]);
    free(path);
  }
}

/* A file rewritten under its name is another file: opened and probed
 * afresh, not read through what was learnt of the one before; a file
 * deleted is not held open. */
Test(audio, a_file_rewritten_is_probed_again_and_one_deleted_is_let_go)
{
  static int32_t iv[2 * N];
  char *path = tu_path(dir, "again.wav");
  write_file(path, SP_FORMAT_WAV, SP_DEPTH_16, iv, NULL);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(info.bits, 16);
  r->ops->close(r);
  char *next = tu_path(dir, "next.wav");
  write_file(next, SP_FORMAT_WAV, SP_DEPTH_24, iv, NULL);
  cr_assert_eq(rename(next, path), 0);
  free(next);
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.bits, 24, "the file as it is now, not as it was");
  r->ops->close(r);
  const int before = descriptors_on(path);
  unlink(path);
  if (before < 0) {
    free(path);
    cr_skip_test("/proc/self/fd cannot be read here");
  }
  /* the next file added lets the deleted ones go (each file added looks at
   * the next 8 of the table, which holds fewer here) */
  char *other = tu_path(dir, "other.wav");
  write_file(other, SP_FORMAT_WAV, SP_DEPTH_16, iv, NULL);
  cr_assert_eq(sp_audio_open(other, &r, &info, why, sizeof why), SP_OK, "%s", why);
  r->ops->close(r);
  free(other);
  DIR *d = opendir("/proc/self/fd");
  int deleted = 0;
  for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
    char link[300], to[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
    ssize_t k = readlink(link, to, sizeof to - 1);
    if (k > 0) {
      to[k] = '\0';
      deleted += strstr(to, "again.wav") && strstr(to, "(deleted)");
    }
  }
  if (d)
    closedir(d);
  cr_expect_eq(deleted, 0, "a deleted file is held open");
  free(path);
}

/* A file rewritten in place at the same size within the clock's tick (its
 * modification time put back here) has its old key: its changed header
 * says it is another file. */
Test(audio, a_file_rewritten_in_place_with_its_old_size_and_time_is_probed_again)
{
  static int32_t iv[2 * N];
  char *path = tu_path(dir, "inplace.wav");
  write_file(path, SP_FORMAT_WAV, SP_DEPTH_16, iv, NULL);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(info.sample_rate, 48000);
  r->ops->close(r);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  /* the fmt chunk's rate, 48000 → 44100, and its byte rate */
  FILE *f = fopen(path, "r+b");
  cr_assert(f);
  unsigned char h[512];
  const size_t n = fread(h, 1, sizeof h, f);
  size_t at = 12;
  while (at + 8 <= n && memcmp(h + at, "fmt ", 4) != 0)
    at += 8 + (size_t)(h[at + 4] | h[at + 5] << 8 | h[at + 6] << 16 | h[at + 7] << 24);
  cr_assert(at + 24 <= n, "no fmt chunk");
  const uint32_t rate = 44100, bytes = 44100 * 4;
  for (int i = 0; i < 4; i++) {
    h[at + 12 + i] = (unsigned char)(rate >> (8 * i));
    h[at + 16 + i] = (unsigned char)(bytes >> (8 * i));
  }
  cr_assert_eq(fseek(f, 0, SEEK_SET), 0);
  cr_assert_eq(fwrite(h, 1, n, f), n);
  cr_assert_eq(fclose(f), 0);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.sample_rate, 44100, "read as the file was before it was rewritten");
  r->ops->close(r);
  free(path);
}

/* An MP3 of `frames` stereo frames at 48 kHz (a sine) at kbps, its bytes
 * without its first MPEG frame (LAME's Info frame: the file's length, its
 * encoder delay and padding) into *n: a stream as an encoder that writes
 * no such frame leaves it. */
static unsigned char *mp3_without_info(const char *name, int kbps, int64_t frames, size_t *n)
{
  char *path = tu_path(dir, name);
  float *x = sp_xcalloc((size_t)frames * 2, sizeof *x);
  for (int64_t i = 0; i < frames * 2; i++)
    x[i] = 0.4f * (float)sin(2 * M_PI * 440.0 * (double)(i / 2) / 48000.0 + (double)(i % 2));
  sp_sink *w;
  char why[256];
  cr_assert_eq(
      sp_audio_create(path, SP_FORMAT_MP3, SP_DEPTH_16, 2, 48000, frames, &w, why, sizeof why),
      SP_OK, "%s", why);
  cr_assert_eq(w->ops->set_bitrate(w, kbps, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->write_float(w, x, frames, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  unsigned char *b = sp_xmalloc(1 << 20);
  size_t len = fread(b, 1, 1 << 20, f);
  fclose(f);
  /* MPEG-1 layer III: 144 * bitrate / rate bytes a frame, and its padding byte */
  static const int kbits[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  cr_assert(len > 4 && b[0] == 0xFF && (b[1] & 0xFE) == 0xFA && (b[2] >> 2 & 3) == 1,
            "an MPEG-1 layer III frame at 48 kHz first");
  const size_t first = (size_t)(144 * kbits[b[2] >> 4] * 1000 / 48000 + (b[2] >> 1 & 1));
  memmove(b, b + first, len - first);
  *n = len - first;
  free(x);
  free(path);
  return b;
}

/* Before, an MP3 with no Xing or Info frame (its length not said) was read
 * for the length libmpg123 guessed from the file's size and its first
 * frame's bitrate: a variable bitrate one (here 320 kbps frames, then 64
 * kbps ones) was played cut to a fraction of its length without a word,
 * and a constant bitrate one with a tag after its frames was refused as a
 * copy cut short. Its length is now its frames', counted, and a seek into
 * it lands on the frame read straight through gives. */
Test(audio, an_mp3_without_its_length_in_a_header_is_read_to_its_last_frame)
{
  enum { PART = 24000 };
  size_t na, nb;
  unsigned char *a = mp3_without_info("a.mp3", 320, PART, &na),
                *b = mp3_without_info("b.mp3", 64, PART, &nb);
  char *path = tu_path(dir, "vbr.mp3");
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(a, 1, na, f);
  fwrite(b, 1, nb, f);
  fclose(f);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  /* each part: its frames, LAME's delay and padding, less the Info frame's 1152 */
  cr_assert_geq(info.frames, 2 * PART, "%lld frames", (long long)info.frames);
  float *all = sp_xcalloc((size_t)info.frames * 2 + 8192, sizeof *all);
  int64_t got = 0, k;
  while ((k = r->ops->read_float(r, all + got * 2, 4096)) > 0)
    got += k;
  cr_assert_eq(k, 0, "%s", r->ops->error(r));
  cr_assert_eq(got, info.frames);
  /* a seek into the second part, then back into the first */
  const int64_t at[] = {PART + 777, 1000};
  for (int s = 0; s < 2; s++) {
    cr_assert_eq(r->ops->seek(r, at[s], why, sizeof why), SP_OK, "%s", why);
    float x[2 * 64];
    cr_assert_eq(r->ops->read_float(r, x, 64), 64);
    cr_assert_arr_eq(x, all + at[s] * 2, sizeof x);
  }
  r->ops->close(r);
  free(all);
  free(a);
  free(b);
  free(path);
}

/* Before, with libsndfile 1.2.1 or later (which scans an MP3 whose length
 * libmpg123 cannot tell, and refuses the file when its end cannot be
 * sought), every MP3 without a Xing or Info frame was refused as 'File
 * does not exist or is not a regular file': it was opened with no end
 * alone. It is opened with its end there, and its frames are counted: a
 * constant bitrate one is read to its last frame. (Fails before only
 * against such a libsndfile: LD_LIBRARY_PATH=<libsndfile 1.2.2>.) */
Test(audio, an_mp3_without_its_length_opens_whatever_the_libsndfile)
{
  size_t n;
  unsigned char *a = mp3_without_info("c.mp3", 128, 48000, &n);
  char *path = tu_path(dir, "cbr.mp3");
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(a, 1, n, f);
  fclose(f);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  /* its frames (LAME's delay and padding with them), less the Info frame's 1152 */
  cr_assert_geq(info.frames, 48000, "%lld frames", (long long)info.frames);
  float x[2 * 4096];
  int64_t got = 0, k;
  while ((k = r->ops->read_float(r, x, 4096)) > 0)
    got += k;
  cr_assert_eq(k, 0, "%s", r->ops->error(r));
  cr_assert_eq(got, info.frames);
  cr_assert_eq(r->ops->seek(r, 30000, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(r->ops->read_float(r, x, 64), 64);
  r->ops->close(r);
  free(a);
  free(path);
}

/* The frames of the MP3 at path read straight through, 2 channels (heap;
 * *n of them). */
static float *mp3_all(const char *path, int64_t *n)
{
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  float *all = sp_xcalloc((size_t)info.frames * 2 + 8192, sizeof *all);
  int64_t got = 0, k;
  while ((k = r->ops->read_float(r, all + got * 2, 4096)) > 0)
    got += k;
  cr_assert_eq(k, 0, "%s", r->ops->error(r));
  r->ops->close(r);
  *n = got;
  return all;
}

/* An MP3 with no Xing or Info frame whose file ends inside its last frame
 * (a stream's rip, a copy that stopped): 8 whole frames of 384 bytes (128
 * kbps at 48 kHz), then 100 bytes of a ninth. Before, its frames were
 * counted in blocks of 2048, and the block the failed ninth frame ended
 * took the eighth frame's samples with it (libsndfile drops a read whose
 * decoding fails): 8192 of mpg123's 9216 (review 20 F2), in silence. Now
 * the whole frames, each as the uncut file's, and the frame said; the
 * file cut at a frame's end says nothing. */
Test(audio, an_mp3_that_ends_inside_a_frame_plays_every_whole_frame_and_says_so)
{
  size_t n;
  unsigned char *a = mp3_without_info("d.mp3", 128, 24000, &n);
  cr_assert(n > 9 * 384 && a[384] == 0xFF && a[8 * 384] == 0xFF, "frames of 384 bytes");
  int64_t n_all;
  char *whole = tu_path(dir, "whole.mp3");
  FILE *f = fopen(whole, "wb");
  cr_assert(f && fwrite(a, 1, n, f) == n && fclose(f) == 0);
  float *all = mp3_all(whole, &n_all);
  cr_assert_geq(n_all, 9 * 1152);
  static const size_t cut[] = {8 * 384 + 100, 8 * 384};
  for (int k = 0; k < 2; k++) {
    char *path = tu_path(dir, k ? "at_a_frame.mp3" : "inside_a_frame.mp3");
    f = fopen(path, "wb");
    cr_assert(f && fwrite(a, 1, cut[k], f) == cut[k] && fclose(f) == 0);
    sp_reader *r;
    sp_audio_info info;
    char why[256];
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_expect_eq(info.frames, 8 * 1152, "%s: %lld frames", path, (long long)info.frames);
    cr_expect_str_eq(info.unplayed,
                     k ? ""
                       : "a last frame it ends inside (a copy or a stream's rip cut short): it "
                         "plays the whole frames before it; copy it again for the rest");
    float *x = sp_xcalloc(2 * 9 * 1152, sizeof *x);
    int64_t got = 0, m;
    while ((m = r->ops->read_float(r, x + got * 2, 4096)) > 0)
      got += m;
    cr_expect_eq(m, 0, "%s", r->ops->error(r));
    cr_expect_eq(got, 8 * 1152);
    cr_expect(!memcmp(x, all, sizeof(float) * 2 * 8 * 1152), "the whole file's first 8 frames");
    r->ops->close(r);
    free(x);
    free(path);
  }
  free(all);
  free(whole);
  free(a);
}

/* An MP3 whose first frame is not where its ID3v2 tag's size says the tag
 * ends (libsndfile finds an MP3 there, with no name to go by): a v2.4 tag
 * with a footer (10 bytes its size does not count), and zero bytes after
 * a tag. Before, "not a readable audio file (libsndfile: Format not
 * recognised.)", no fix (review 20 F9); now what it is and the fix. */
Test(audio, an_mp3_whose_frames_libsndfile_cannot_find_past_its_tag_is_said_with_the_fix)
{
  size_t n;
  unsigned char *a = mp3_without_info("e.mp3", 128, 4800, &n);
  static const unsigned char footer[] = {'I', 'D', '3', 4, 0, 0x10, 0, 0, 0, 10,
                                         0,   0,   0,   0, 0, 0,    0, 0, 0, 0,
                                         '3', 'D', 'I', 4, 0, 0x10, 0, 0, 0, 10};
  static const unsigned char zeros[] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0,
                                        0,   0,   0,   0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0};
  const unsigned char *tags[] = {footer, zeros};
  for (int k = 0; k < 2; k++) {
    char *path = tu_path(dir, k ? "zeros.mp3" : "footer.mp3");
    FILE *f = fopen(path, "wb");
    cr_assert(f && fwrite(tags[k], 1, sizeof footer, f) == sizeof footer &&
              fwrite(a, 1, n, f) == n && fclose(f) == 0);
    sp_reader *r;
    sp_audio_info info;
    char why[512];
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO, "%d", k);
    cr_expect_str_eq(why, "it is an MP3 file (an ID3v2 tag first) whose first frame libsndfile "
                          "does not find where its tag says the tag ends (a tag with a footer, "
                          "bytes before the first frame, or a tag that says more than it "
                          "holds); write its frames again, e.g. ffmpeg -i x.mp3 -c copy y.mp3");
    free(path);
  }
  free(a);
}

/* A reader of path sought to frame by sp_audio_seek_near, reading 64
 * frames there as all holds them; *was, the reader opened (it may have
 * given its place). The reader, open. */
static sp_reader *read_near(const char *path, int64_t frame, const float *all, sp_reader **was)
{
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  *was = r;
  cr_assert_eq(sp_audio_seek_near(&r, frame, why, sizeof why), SP_OK, "%s", why);
  float x[2 * 64];
  cr_assert_eq(r->ops->read_float(r, x, 64), 64);
  cr_assert_arr_eq(x, all + frame * 2, sizeof x, "the frames at %lld", (long long)frame);
  return r;
}

/* Before, each region of an MP3 that states no length (sought by
 * decoding it from its start) decoded the file from its start to its
 * `from`: 40 regions of a 10-minute file rendered in 9.0 s, 1.0 s with
 * the same file given a Xing frame. A reader of such a file is now
 * parked where it stopped when closed, and the next reader of the file
 * that seeks at or past that place takes its place: the same frames as
 * read straight through, and never a reader of the file as it was before
 * it was written again. */
Test(audio, an_mp3_without_its_length_is_read_on_from_where_its_last_reader_stopped)
{
  size_t n;
  unsigned char *a = mp3_without_info("p.mp3", 128, 48000, &n);
  char *path = tu_path(dir, "parked.mp3");
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(a, 1, n, f);
  fclose(f);
  int64_t frames;
  float *all = mp3_all(path, &frames);
  cr_assert_geq(frames, 48000);
  sp_reader *was, *b = read_near(path, 10000, all, &was);
  cr_assert_eq(b, was, "no reader parked yet: its own");
  b->ops->close(b); /* parked at 10064 */
  sp_reader *c = read_near(path, 20000, all, &was);
  cr_assert_eq(c, b, "the parked reader takes its place");
  sp_reader *d = read_near(path, 5000, all, &was);
  cr_assert_eq(d, was, "none parked before 5000: its own");
  d->ops->close(d); /* parked at 5064 */
  c->ops->close(c); /* parked at 20064 */
  sp_reader *e = read_near(path, 30000, all, &was);
  cr_assert_eq(e, c, "the one parked nearest before 30000");
  e->ops->close(e);
  /* the file written again (another bitrate, another length): none of
   * the old file's parked readers is taken */
  size_t m;
  unsigned char *a2 = mp3_without_info("p2.mp3", 64, 40000, &m);
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(a2, 1, m, f);
  fclose(f);
  int64_t frames2;
  float *all2 = mp3_all(path, &frames2);
  sp_reader *g = read_near(path, 35000, all2, &was);
  cr_assert_eq(g, was, "the file changed: its own reader");
  g->ops->close(g);
  sp_park_close_all();
  free(all);
  free(all2);
  free(a);
  free(a2);
  free(path);
}

/* An RF64 (or, magic "BW64", a BW64) of frames 16-bit stereo frames at 48
 * kHz, code i at sample i, its sizes in a ds64 (the data chunk's
 * 0xFFFFFFFF), written whole, then cut by `cut` bytes. */
static char *write_rf64(const char *name, const char *magic, int frames, int cut)
{
  const uint64_t data = (uint64_t)frames * 4;
  unsigned char h[12 + 36 + 24 + 8];
  unsigned char *p = h;
  memcpy(p, magic, 4), memcpy(p + 4, "\xff\xff\xff\xffWAVEds64\x1c\0\0\0", 16), p += 20;
  const uint64_t q[3] = {sizeof h - 8 + data, data, (uint64_t)frames};
  for (int k = 0; k < 3; k++, p += 8)
    for (int b = 0; b < 8; b++)
      p[b] = (unsigned char)(q[k] >> 8 * b);
  memset(p, 0, 4), p += 4; /* no table */
  memcpy(p, "fmt \x10\0\0\0\x01\0\x02\0\x80\xbb\0\0\0\xee\x02\0\x04\0\x10\0", 24), p += 24;
  memcpy(p, "data\xff\xff\xff\xff", 8);
  char *path = tu_path(dir, name);
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(h, 1, sizeof h, f);
  for (int i = 0; i < 2 * frames - cut / 2; i++) {
    const int16_t v = (int16_t)(i * 7 - 30000);
    fputc(v & 0xff, f), fputc((v >> 8) & 0xff, f);
  }
  fclose(f);
  return path;
}

/* Before, a BW64 (ITU-R BS.2088; a DAW's long recording, a file of no ADM
 * metadata) was refused with libsndfile's words, "Format not recognised":
 * it is RF64 but for its first four bytes. It now reads as its RF64 twin,
 * every sample. */
Test(audio, a_bw64_reads_as_the_rf64_it_is)
{
  enum { F = 5000 };
  char *paths[2] = {write_rf64("a.wav", "RF64", F, 0), write_rf64("b.wav", "BW64", F, 0)};
  static float x[2][2 * F];
  for (int k = 0; k < 2; k++) {
    sp_reader *r;
    sp_audio_info info;
    char why[256];
    cr_assert_eq(sp_audio_open(paths[k], &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(info.frames, F);
    cr_assert_eq(info.channels, 2);
    cr_assert_str_eq(info.format, k ? "bw64" : "rf64");
    cr_assert_eq(r->ops->read_float(r, x[k], F), F, "%s", r->ops->error(r));
    r->ops->close(r);
    cr_assert_eq(x[k][3], (float)(int16_t)(3 * 7 - 30000) / 32768.0f);
    free(paths[k]);
  }
  cr_assert_arr_eq(x[0], x[1], sizeof x[0]);
}

/* Before, an RF64, a BW64 or a W64 cut short (a copy of a long recording
 * that stopped) was read as a shorter file, its end silent without a word:
 * only a RIFF WAV's and an AIFF's data size were held against the bytes.
 * The ds64's data size, and a W64 data chunk's, are now too: such a file
 * is refused, saying it is cut short. */
Test(audio, an_rf64_bw64_or_w64_cut_short_is_refused)
{
  enum { F = 5000 };
  static int32_t iv[2 * N];
  static float fv[2 * N];
  char *w64 = tu_path(dir, "c.w64");
  write_file(w64, SP_FORMAT_W64, SP_DEPTH_24, iv, fv);
  struct stat st;
  cr_assert_eq(stat(w64, &st), 0);
  cr_assert_eq(truncate(w64, st.st_size - 600), 0);
  char *paths[3] = {write_rf64("a.wav", "RF64", F, 2000), write_rf64("b.wav", "BW64", F, 2000),
                    w64};
  for (int k = 0; k < 3; k++) {
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    cr_assert_eq(sp_audio_open(paths[k], &r, &info, why, sizeof why), SP_ERR_IO, "%s read",
                 paths[k]);
    cr_assert(strstr(why, "it is cut short: its header promises"), "%s", why);
    free(paths[k]);
  }
}

/* A file of `frames` frames of `channels` at 48 kHz written by libsndfile
 * in format, its last `cut` bytes then cut off; its path. */
static char *sf_file_of(const char *name, int format, int channels, int frames, off_t cut)
{
  char *path = tu_path(dir, name);
  SF_INFO si = {.samplerate = 48000, .channels = channels, .format = format};
  SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
  cr_assert(sf, "%s: %s", name, sf_strerror(NULL));
  static float x[2 * 4000];
  for (int i = 0; i < channels * frames; i++)
    x[i] = 0.5f * sinf((float)i * 0.01f);
  cr_assert_eq(sf_writef_float(sf, x, frames), frames);
  cr_assert_eq(sf_close(sf), 0);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(truncate(path, st.st_size - cut), 0);
  return path;
}

/* sf_file_of, stereo. */
static char *sf_file(const char *name, int format, int frames, off_t cut)
{
  return sf_file_of(name, format, 2, frames, cut);
}

/* The frames libsndfile reads of path. */
static int64_t sf_frames(const char *path)
{
  SF_INFO si = {0};
  SNDFILE *sf = sf_open(path, SFM_READ, &si);
  cr_assert(sf, "%s: %s", path, sf_strerror(NULL));
  sf_close(sf);
  return si.frames;
}

/* Before, only the encodings read raw (16-, 24- and 32-bit PCM, WAV's
 * float) were held against the data size their header declares: an 8-bit,
 * 64-bit float, µ-law or A-law WAV and a float AIFF-C cut short were read
 * as shorter files, their end silent without a word. Every encoding is
 * now: refused in the words a PCM file is, its whole copy read whole. */
Test(audio, every_encoding_cut_short_is_refused)
{
  enum { F = 4000 };
  const struct {
    const char *name;
    int format;
  } files[] = {
      {"u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8},  {"f64.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE},
      {"ulaw.wav", SF_FORMAT_WAV | SF_FORMAT_ULAW},  {"alaw.wav", SF_FORMAT_WAV | SF_FORMAT_ALAW},
      {"fl.aiff", SF_FORMAT_AIFF | SF_FORMAT_FLOAT}, {"f64.w64", SF_FORMAT_W64 | SF_FORMAT_DOUBLE},
      {"s16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16},
  };
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    for (int cut = 0; cut < 2; cut++) {
      char *name = sp_xasprintf("%s%s", cut ? "cut_" : "", files[k].name);
      char *path = sf_file(name, files[k].format, F, cut ? 5001 : 0);
      const int64_t held = sf_frames(path);
      sp_reader *r = NULL;
      sp_audio_info info;
      char why[256] = "", want[128];
      const sp_err err = sp_audio_open(path, &r, &info, why, sizeof why);
      if (cut) {
        cr_assert_eq(err, SP_ERR_IO, "%s read as %lld frames", name, (long long)info.frames);
        snprintf(want, sizeof want,
                 "it is cut short: its header promises %d frames, the file holds %lld; copy or "
                 "export it again",
                 F, (long long)held);
        cr_assert_str_eq(why, want);
      } else {
        cr_assert_eq(err, SP_OK, "%s: %s", name, why);
        cr_assert_eq(info.frames, F);
        cr_assert_eq(held, F);
        r->ops->close(r);
      }
      free(path);
      free(name);
    }
  }
}

/* Before, a WAV cut short whose samples are coded in blocks (IMA or MS
 * ADPCM, GSM 6.10) was said in bytes ("its header promises 4096 bytes of
 * samples, the file holds 2699") where a PCM one is said in frames. It is
 * now said in the frames its header promises (those libsndfile reads of
 * the whole file) and those the file holds, in the PCM case's words. */
Test(audio, a_coded_wav_cut_short_is_said_in_frames)
{
  const struct {
    const char *name;
    int format, channels;
  } files[] = {
      {"ima.wav", SF_FORMAT_WAV | SF_FORMAT_IMA_ADPCM, 2},
      {"ms.wav", SF_FORMAT_WAV | SF_FORMAT_MS_ADPCM, 2},
      {"gsm.wav", SF_FORMAT_WAV | SF_FORMAT_GSM610, 1},
      {"ima.w64", SF_FORMAT_W64 | SF_FORMAT_IMA_ADPCM, 2},
  };
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    char *whole = sf_file_of(files[k].name, files[k].format, files[k].channels, 4000, 0);
    const int64_t promised = sf_frames(whole);
    char *name = sp_xasprintf("cut_%s", files[k].name);
    struct stat st;
    cr_assert_eq(stat(whole, &st), 0);
    char *path = sf_file_of(name, files[k].format, files[k].channels, 4000, st.st_size / 2);
    const int64_t held = sf_frames(path);
    cr_assert_lt(held, promised);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "", want[160];
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO, "%s read", name);
    snprintf(want, sizeof want,
             "it is cut short: its header promises %lld frames, the file holds %lld; copy or "
             "export it again",
             (long long)promised, (long long)held);
    cr_expect_str_eq(why, want, "%s", name);
    free(whole);
    free(path);
    free(name);
  }
}

/* The file at path with the `width`-byte size field `after` bytes past the
 * first `marker` (of mlen bytes) in its head set to v (big-endian where
 * be). */
static void set_size(const char *path, const char *marker, size_t mlen, size_t after, int width,
                     bool be, uint64_t v)
{
  int fd = open(path, O_RDWR);
  cr_assert_geq(fd, 0);
  unsigned char h[8192], b[8];
  const ssize_t n = pread(fd, h, sizeof h, 0);
  const unsigned char *m = NULL;
  for (ssize_t i = 0; !m && i + (ssize_t)mlen <= n; i++)
    m = memcmp(h + i, marker, mlen) == 0 ? h + i : NULL;
  cr_assert_not_null(m, "%s: no %.4s", path, marker);
  for (int i = 0; i < width; i++)
    b[i] = (unsigned char)(v >> 8 * (be ? width - 1 - i : i));
  cr_assert_eq(pwrite(fd, b, (size_t)width, (off_t)(m - h) + (off_t)after), width);
  close(fd);
}

/* Before, a file written to a pipe, whose writer could not go back to its
 * header to say how long its data is and left a placeholder there, was
 * refused as cut short, or in libsndfile's words: arecord's WAV (2 GiB),
 * sox 14.4's (2 GiB less 4 KiB, in whole blocks), ffmpeg's W64 (2^63 − 1)
 * and CAF (−1, the CAF spec's "unknown: to the end"). Each is now read to
 * the file's end, every sample, as libsndfile and ffmpeg read it; a WAV
 * that says ffmpeg's 2^32 − 1 still is. */
Test(audio, a_pipe_writers_placeholder_size_is_read_to_the_end)
{
  enum { F = 3000 };
  static const uint8_t w64_data[16] = {'d',  'a',  't',  'a',  0xF3, 0xAC, 0xD3, 0x11,
                                       0x8C, 0xD1, 0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A};
  const struct {
    const char *name, *marker;
    int format;
    size_t mlen, after;
    int width;
    bool be;
    uint64_t riff, data;
  } files[] = {
      /* RIFF and data sizes as each writer puts them (measured: ffmpeg 5.1
       * -f wav pipe:1; sox 14.4.2 -t wav -, 16- and 24-bit stereo; arecord's
       * source, aplay.c begin_wave, to stdout) */
      {"ffmpeg.wav", "data", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 4, 4, 4, false, 0xFFFFFFFF,
       0xFFFFFFFF},
      {"arecord.wav", "data", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 4, 4, 4, false, 0x80000024,
       0x80000000},
      {"sox16.wav", "data", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 4, 4, 4, false, 0x7FFFF024,
       0x7FFFF000},
      {"sox24.wav", "data", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 4, 4, 4, false, 0x7FFFF024,
       0x7FFFEFFC},
      {"ffmpeg.w64", (const char *)w64_data, SF_FORMAT_W64 | SF_FORMAT_PCM_16, 16, 16, 8, false, 0,
       0x7FFFFFFFFFFFFFFF},
      {"ffmpeg.caf", "data", SF_FORMAT_CAF | SF_FORMAT_PCM_16, 4, 4, 8, true, 0, UINT64_MAX},
  };
  for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
    char *path = sf_file(files[k].name, files[k].format, F, 0);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
    static float want[2 * F], got[2 * F];
    cr_assert_eq(r->ops->read_float(r, want, F), F, "%s", r->ops->error(r));
    r->ops->close(r);
    set_size(path, files[k].marker, files[k].mlen, files[k].after, files[k].width, files[k].be,
             files[k].data);
    if (files[k].riff)
      set_size(path, "RIFF", 4, 4, 4, false, files[k].riff);
    why[0] = '\0';
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s: %s", files[k].name,
                 why);
    cr_expect_eq(info.frames, F, "%s: %lld frames", files[k].name, (long long)info.frames);
    cr_expect_eq(r->ops->read_float(r, got, F), F, "%s: %s", files[k].name, r->ops->error(r));
    cr_expect_arr_eq(got, want, sizeof got, "%s", files[k].name);
    r->ops->close(r);
    free(path);
  }
  /* a large size no writer leaves (a 3 GB recording, or one of 2 GiB
   * less 1 MiB, a copy of it cut off) is no placeholder: cut short */
  static const uint64_t large[] = {0xB2D05E00u, 0x7FF00000u, 0x7FFEFFFFu};
  for (size_t k = 0; k < sizeof large / sizeof large[0]; k++) {
    char *path = sf_file("large.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, F, 0);
    set_size(path, "data", 4, 4, 4, false, large[k]);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    cr_expect_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO, "%llx",
                 (unsigned long long)large[k]);
    cr_expect(strstr(why, "it is cut short: its header promises"), "%s", why);
    free(path);
  }
}

/* Before, an RF64 written to a pipe (ffmpeg -f wav -rf64 always pipe:1),
 * whose ds64 its writer could not go back to, so its RIFF and data sizes
 * stay 0 (the data chunk's own size RF64's 0xFFFFFFFF), was read as
 * holding no audio, libsndfile taking the ds64's 0. Its samples are now
 * read to the file's end, as the other pipe writers' placeholders are; a
 * ds64 that says a size of its own is held to it (an RF64 cut short stays
 * refused: an_rf64_bw64_or_w64_cut_short_is_refused), and one that says
 * its data is empty is. */
Test(audio, an_rf64_written_to_a_pipe_is_read_to_the_end)
{
  /* the head ffmpeg 5.1 writes, measured: 16-bit stereo at 8 kHz, its
   * ds64's sizes, sample count and table length 0, a LIST of its name,
   * data of 0xFFFFFFFF, samples from byte 114 */
  static const char head[114 + 1] = "RF64\xff\xff\xff\xffWAVEds64\x1c\0\0\0"
                                    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                    "fmt \x10\0\0\0\x01\0\x02\0\x40\x1f\0\0\0\x7d\0\0\x04\0\x10\0"
                                    "LIST\x1a\0\0\0INFOISFT\x0e\0\0\0Lavf59.27.100\0"
                                    "data\xff\xff\xff\xff";
  enum { F = 1000 };
  for (int k = 0; k < 3; k++) {
    /* k 1: a BW64 of that head; k 2: its ds64 saying a RIFF of the head's
     * bytes and no data (an empty file, finished) */
    char *path = tu_path(dir, k == 1 ? "pipe.bw64.wav" : "pipe.rf64.wav");
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    char h[sizeof head - 1];
    memcpy(h, head, sizeof h);
    if (k == 1)
      memcpy(h, "BW64", 4);
    if (k == 2)
      h[20] = sizeof h - 8;
    fwrite(h, 1, sizeof h, f);
    for (int i = 0; i < 2 * F; i++) {
      const int16_t v = (int16_t)(i * 7 - 30000);
      fputc(v & 0xff, f), fputc((v >> 8) & 0xff, f);
    }
    cr_assert_eq(fclose(f), 0);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    const sp_err err = sp_audio_open(path, &r, &info, why, sizeof why);
    if (k == 2) {
      cr_expect(err != SP_OK || info.frames == 0, "an empty RF64 read as %lld frames",
                (long long)info.frames);
      if (err == SP_OK)
        r->ops->close(r);
      free(path);
      continue;
    }
    cr_assert_eq(err, SP_OK, "%s", why);
    cr_expect_eq(info.frames, F, "%lld frames", (long long)info.frames);
    cr_expect_eq(info.channels, 2);
    cr_expect_eq(info.sample_rate, 8000);
    static float x[2 * F];
    cr_assert_eq(r->ops->read_float(r, x, F), F, "%s", r->ops->error(r));
    r->ops->close(r);
    for (int i = 0; i < 2 * F; i++)
      cr_assert_eq(x[i], (float)(int16_t)(i * 7 - 30000) / 32768.0f, "sample %d", i);
    free(path);
  }
}

/* Before, a WAV written to a pipe past 4 GiB (ffmpeg -f wav pipe:1, and
 * -rf64 auto, which writes a RIFF to a pipe: RIFF and data sizes
 * 0xFFFFFFFF) was read as 4 GiB less 1 byte, the rest dropped without a
 * word (measured: a 5 GiB 7.1 file at 384 kHz checked as 349.525 s of
 * its 436.907). Its samples to the file's end are now read, raw: libsndfile
 * reads no further than a 4-byte size says. One of an encoding stemprint
 * reads only through libsndfile (A-law) is refused, saying so. Sparse
 * files: nothing is written between the ends. */
Test(audio, a_wav_from_a_pipe_past_4_gib_is_read_to_its_end)
{
  for (int k = 0; k < 2; k++) {
    const bool alaw = k == 1; /* 8-bit A-law stereo: 2 bytes a frame */
    const unsigned block = alaw ? 2 : 4;
    const uint64_t frames = ((uint64_t)4 << 30) / block + 1000; /* 4 GiB and 1000 frames */
    unsigned char h[44];
    memcpy(h, "RIFF\xff\xff\xff\xffWAVEfmt \x10\0\0\0", 20);
    const uint32_t rate = 48000;
    unsigned char *f = h + 20;
    f[0] = alaw ? 6 : 1, f[1] = 0, f[2] = 2, f[3] = 0;
    for (int b = 0; b < 4; b++)
      f[4 + b] = (unsigned char)(rate >> 8 * b), f[8 + b] = (unsigned char)(rate * block >> 8 * b);
    f[12] = (unsigned char)block, f[13] = 0, f[14] = alaw ? 8 : 16, f[15] = 0;
    memcpy(h + 36, "data\xff\xff\xff\xff", 8);
    char *path = tu_path(dir, alaw ? "big_alaw.wav" : "big.wav");
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(pwrite(fd, h, sizeof h, 0), (ssize_t)sizeof h);
    /* the last 10 frames, each sample its own value */
    int16_t tail[20];
    for (int i = 0; i < 20; i++)
      tail[i] = (int16_t)(1000 * (i + 1));
    const off_t end = (off_t)(sizeof h + frames * block);
    cr_assert_eq(pwrite(fd, tail, 10 * block, end - 10 * (off_t)block), 10 * (ssize_t)block);
    close(fd);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    const sp_err err = sp_audio_open(path, &r, &info, why, sizeof why);
    if (alaw) {
      cr_expect_eq(err, SP_ERR_IO, "an A-law WAV past 4 GiB read as %lld frames",
                   (long long)info.frames);
      cr_expect(strstr(why, "past the 4 GiB its header can say (a WAV written to a pipe); "
                            "stemprint reads such a file to its end only as PCM or float"),
                "%s", why);
      if (err == SP_OK)
        r->ops->close(r);
    } else {
      cr_assert_eq(err, SP_OK, "%s", why);
      cr_expect_eq(info.frames, (int64_t)frames, "%lld frames", (long long)info.frames);
      cr_assert_eq(r->ops->seek(r, (int64_t)frames - 10, why, sizeof why), SP_OK, "%s", why);
      float x[22];
      cr_expect_eq(r->ops->read_float(r, x, 11), 10, "%s", r->ops->error(r));
      for (int i = 0; i < 20; i++)
        cr_expect_eq(x[i], (float)tail[i] / 32768.0f, "sample %d", i);
      r->ops->close(r);
    }
    cr_assert_eq(unlink(path), 0);
    free(path);
  }
}

/* Before, a W64 shorter than its 40-byte header (riff's GUID and size,
 * wave's GUID) was refused in libsndfile's words, "Error in W64 file. No
 * 'data' chunk marker.", where a WAV is said to end inside its header. It
 * now is too. */
Test(audio, a_w64_shorter_than_its_header_says_so)
{
  char *whole = sf_file("whole.w64", SF_FORMAT_W64 | SF_FORMAT_PCM_16, 100, 0);
  const off_t sizes[] = {39, 24, 16, 12};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    cr_assert_eq(truncate(whole, sizes[k]), 0);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "", want[200];
    cr_assert_eq(sp_audio_open(whole, &r, &info, why, sizeof why), SP_ERR_IO);
    snprintf(want, sizeof want,
             "it ends at byte %lld, inside its header, before any audio data: the file is "
             "damaged or cut short; copy or export it again",
             (long long)sizes[k]);
    cr_expect_str_eq(why, want);
  }
  free(whole);
}

/* An AIFF of 1000 stereo 16-bit frames whose SSND says its samples start
 * `offset` bytes after its offset and block size fields (AIFF 1.3 allows
 * it, to align them), its last `cut` bytes cut off; its path. */
static char *aiff_offset(const char *name, uint32_t offset, size_t cut, int16_t *x)
{
  enum { F = 1000 };
  static unsigned char b[64 + 64 + 4 * F];
  size_t n = 0;
#define PUT(s, k) (memcpy(b + n, s, k), n += k)
#define BE32(v) PUT(((unsigned char[]){(v) >> 24, (v) >> 16 & 255, (v) >> 8 & 255, (v)&255}), 4)
  const uint32_t ssnd = 8 + offset + 4 * F;
  PUT("FORM", 4), BE32(4 + 8 + 18 + 8 + ssnd), PUT("AIFF", 4);
  PUT("COMM", 4), BE32(18), PUT("\0\2", 2), BE32(F), PUT("\0\20", 2);
  PUT("\x40\x0E\xBB\x80\0\0\0\0\0\0", 10); /* 48000 Hz, an 80-bit float */
  PUT("SSND", 4), BE32(ssnd), BE32(offset), BE32(0);
  memset(b + n, 0xAA, offset), n += offset; /* not samples */
  for (int i = 0; i < 2 * F; i++) {
    x[i] = (int16_t)(i * 13 - 9000);
    PUT(((unsigned char[]){(uint16_t)x[i] >> 8, (uint16_t)x[i] & 255}), 2);
  }
#undef BE32
#undef PUT
  return tu_write_bytes(dir, name, b, n - cut);
}

/* Before, an AIFF whose SSND offset is not 0 was not held against its
 * declared size: one cut short was read as a shorter file. Its samples are
 * read from where the offset says (as libsndfile reads them), and one cut
 * short is refused. */
Test(audio, an_aiff_ssnd_offset_is_where_its_samples_start)
{
  static int16_t x[2 * 1000];
  for (uint32_t offset = 0; offset <= 8; offset += 8) {
    char *whole = aiff_offset("whole.aiff", offset, 0, x);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    cr_assert_eq(sp_audio_open(whole, &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_assert_eq(info.frames, 1000);
    static float got[2][1000];
    float *planes[2] = {got[0], got[1]};
    cr_assert_eq(sp_audio_read_planar(r, planes, 1000), 1000, "%s", r->ops->error(r));
    r->ops->close(r);
    for (int i = 0; i < 1000; i++)
      for (int c = 0; c < 2; c++)
        cr_assert_eq(got[c][i], (float)x[2 * i + c] / 32768.0f, "offset %u, frame %d", offset, i);
    char *cut = aiff_offset("cut.aiff", offset, 2000, x);
    cr_assert_eq(sp_audio_open(cut, &r, &info, why, sizeof why), SP_ERR_IO, "offset %u: read",
                 offset);
    cr_assert_str_eq(why, "it is cut short: its header promises 1000 frames, the file holds 500; "
                          "copy or export it again");
    free(whole);
    free(cut);
  }
}

/* A 16-bit AIFF (name *.aiff) or CAF of silence whose rate is the n bytes
 * written at `at` (the AIFF's COMM body + 8, the CAF's desc body); its
 * path. */
static char *rate_written(const char *name, long at, const char *bytes, size_t n)
{
  static int16_t x[2 * 1000];
  char *path = strstr(name, ".aiff") ? aiff_offset(name, 0, 0, x)
                                     : sf_file(name, SF_FORMAT_CAF | SF_FORMAT_PCM_16, 100, 0);
  FILE *f = fopen(path, "r+b");
  cr_assert_not_null(f);
  cr_assert_eq(fseek(f, at, SEEK_SET), 0);
  cr_assert_eq(fwrite(bytes, 1, n, f), n);
  fclose(f);
  return path;
}

/* The rate an AIFF's COMM (an 80-bit extended) or a CAF's desc (a double)
 * says, as the file says it: before, libsndfile's reading of an AIFF's
 * NaN and infinity said "67108864 Hz", of minus infinity or a CAF's NaN
 * "SF_INFO struct incomplete", of 2^40 Hz "800000000 Hz"; an extended past
 * a double's range (2^16383, 2^-16382: Python's Decimal 5.94865747679E+4931,
 * 3.36210314311E-4932) "plus infinity" and "0 Hz". */
Test(audio, a_sample_rate_that_is_no_number_is_said_as_the_file_says_it)
{
  static const struct {
    const char *name;
    long at; /* where the rate is: the AIFF's COMM body + 8, the CAF's desc body */
    size_t n;
    const char *bytes, *says;
  } rows[] = {
      {"nan.aiff", 28, 10, "\x7F\xFF\xC0\0\0\0\0\0\0\0",
       "its COMM chunk's sample rate is not a number (NaN); the file is damaged: export it again"},
      {"inf.aiff", 28, 10, "\x7F\xFF\x80\0\0\0\0\0\0\0",
       "its COMM chunk's sample rate is plus infinity; the file is damaged: export it again"},
      {"ninf.aiff", 28, 10, "\xFF\xFF\x80\0\0\0\0\0\0\0",
       "its COMM chunk's sample rate is minus infinity; the file is damaged: export it again"},
      {"big.aiff", 28, 10, "\x40\x27\x80\0\0\0\0\0\0\0", /* 2^40 */
       "the file says its sample rate is 1.09951163e+12 Hz; stemprint reads files from 1000 Hz to "
       "768000 Hz (is the file damaged?)"},
      /* finite, past a double's range: 2^16383, 2^-16382 (before, "plus
       * infinity" and "0 Hz") */
      {"huge.aiff", 28, 10, "\x7F\xFE\x80\0\0\0\0\0\0\0",
       "the file says its sample rate is 5.94865748e+4931 Hz; stemprint reads files from 1000 Hz "
       "to 768000 Hz (is the file damaged?)"},
      {"tiny.aiff", 28, 10, "\x00\x01\x80\0\0\0\0\0\0\0",
       "the file says its sample rate is 3.36210314e-4932 Hz; stemprint reads files from 1000 Hz "
       "to 768000 Hz (is the file damaged?)"},
      /* 9.9999999999e+4000: its mantissa said rounded, 1e+4001 (before,
       * "10e+4000") */
      {"near.aiff", 28, 10, "\x73\xEA\x83\x14\x91\xF6\x79\x54\x39\x58",
       "the file says its sample rate is 1e+4001 Hz; stemprint reads files from 1000 Hz to "
       "768000 Hz (is the file damaged?)"},
      {"nan.caf", 20, 8, "\x7F\xF8\0\0\0\0\0\0",
       "its desc chunk's sample rate is not a number (NaN); the file is damaged: export it again"},
  };
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    char *path = rate_written(rows[k].name, rows[k].at, rows[k].bytes, rows[k].n);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    const sp_err rc = sp_audio_open(path, &r, &info, why, sizeof why);
    cr_expect_eq(rc, SP_ERR_IO, "%s: %d, %s", rows[k].name, rc, why);
    cr_expect_str_eq(why, rows[k].says, "%s: %s", rows[k].name, why);
    free(path);
  }
}

/* A rate with a fraction, as an AIFF's COMM (47999.99 Hz, an 80-bit
 * extended) or a CAF's desc (44100.5 Hz, a double) may say it: read as the
 * nearest whole, as ffmpeg reads it (review 20 F8: libsndfile's whole
 * part, 47999 Hz, and a mix printed at 47999 Hz, in silence). */
Test(audio, a_sample_rate_with_a_fraction_is_read_as_the_nearest_whole)
{
  static const struct {
    const char *name;
    long at;
    size_t n;
    const char *bytes;
    int rate;
  } rows[] = {
      {"frac.aiff", 28, 10, "\x40\x0E\xBB\x7F\xFD\x70\xA3\xD7\x0A\x3D", 48000},
      {"frac.caf", 20, 8, "\x40\xE5\x88\x90\0\0\0\0", 44101},
  };
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    char *path = rate_written(rows[k].name, rows[k].at, rows[k].bytes, rows[k].n);
    sp_reader *r;
    sp_audio_info info;
    char why[256] = "";
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s: %s", rows[k].name,
                 why);
    cr_expect_eq(info.sample_rate, rows[k].rate, "%s: %d Hz", rows[k].name, info.sample_rate);
    r->ops->close(r);
    free(path);
  }
}

/* v's k low bytes at *p, little-endian; *p moved past them. */
static void put_le(unsigned char **p, uint64_t v, int k)
{
  for (int i = 0; i < k; i++)
    *(*p)++ = (unsigned char)(v >> 8 * i);
}

/* MPEG audio in a WAV (format tag 0x55, as ffmpeg writes one): libsndfile
 * promises more frames than it decodes, and the whole file was refused
 * as cut short (review 20 F10); now what it holds, and the fix. */
Test(audio, an_mp3_in_a_wav_is_said_for_what_it_is)
{
  size_t n;
  unsigned char *a = mp3_without_info("g.mp3", 128, 14400, &n);
  const size_t size = 12 + 8 + 30 + 12 + 8 + n + (n & 1);
  unsigned char *b = sp_xcalloc(1, size), *p = b;
  memcpy(p, "RIFF", 4), p += 4, put_le(&p, size - 8, 4), memcpy(p, "WAVEfmt ", 8), p += 8;
  put_le(&p, 30, 4), put_le(&p, 0x55, 2), put_le(&p, 2, 2), put_le(&p, 48000, 4);
  put_le(&p, 16000, 4), put_le(&p, 1, 2), put_le(&p, 0, 2), put_le(&p, 12, 2), put_le(&p, 1, 2);
  put_le(&p, 2, 4), put_le(&p, 384, 2), put_le(&p, 1, 2), put_le(&p, 1393, 2);
  memcpy(p, "fact", 4), p += 4, put_le(&p, 4, 4), put_le(&p, 14400, 4);
  memcpy(p, "data", 4), p += 4, put_le(&p, n, 4), memcpy(p, a, n);
  char *path = tu_write_bytes(dir, "mp3.wav", b, size);
  sp_reader *r;
  sp_audio_info info;
  char why[512];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "it holds MPEG audio (an MP3's frames) in a WAV (format tag 0x55), whose "
                        "length libsndfile does not tell; take the MP3 out of it, e.g. ffmpeg -i "
                        "x.wav -c copy x.mp3");
  free(path), free(b), free(a);
}

/* A 16-bit PCM WAV of `channels` and `frames` frames (all 0), with the
 * chunk `extra` before its data: its header, saying extra_size bytes, then
 * `body` bytes; its path. */
static char *wav_with(const char *name, unsigned channels, unsigned frames, const char *extra,
                      uint32_t extra_size, size_t body)
{
  const size_t data = 2u * channels * frames, n = 12 + 24 + (extra ? 8 + body : 0) + 8 + data;
  unsigned char *b = sp_xcalloc(1, n), *p = b;
  memcpy(p, "RIFF", 4), p += 4, put_le(&p, n - 8, 4);
  memcpy(p, "WAVEfmt ", 8), p += 8, put_le(&p, 16, 4), put_le(&p, 1, 2);
  put_le(&p, channels, 2), put_le(&p, 48000, 4), put_le(&p, 96000u * channels, 4);
  put_le(&p, 2 * channels, 2), put_le(&p, 16, 2);
  if (extra)
    memcpy(p, extra, 4), p += 4, put_le(&p, extra_size, 4), p += body;
  memcpy(p, "data", 4), p += 4, put_le(&p, data, 4);
  char *path = tu_write_bytes(dir, name, b, n);
  free(b);
  return path;
}

/* Before, a damaged file libsndfile refuses was refused in its words, with
 * no fix: "Supported file format but file is malformed" (a CAF cut short),
 * "No 'data' chunk marker" (a chunk before the data whose size runs past
 * the file's end, or a file that ends inside a chunk's header), "Too many
 * channels specified". Each now says what is wrong, and what to do. */
Test(audio, damaged_headers_say_what_is_wrong)
{
  char *paths[] = {sf_file("cut.caf", SF_FORMAT_CAF | SF_FORMAT_PCM_24, 4000, 12000),
                   wav_with("junk.wav", 2, 100, "JUNK", 0xFFFFFFF0u, 16),
                   wav_with("many.wav", 4096, 2, NULL, 0, 0),
                   wav_with("head.wav", 2, 100, NULL, 0, 0)};
  cr_assert_eq(truncate(paths[3], 40), 0); /* inside the data chunk's header */
  const char *says[] = {
      "it is cut short: its header promises 4000 frames, the file holds 2000; copy or export it "
      "again",
      "its 'JUNK' chunk at byte 36 says it holds 4294967280 bytes, past the file's end (468 "
      "bytes), before any audio data: the file is damaged or cut short; copy or export it again",
      "its header gives 4096 channels, more than the 1024 libsndfile reads (stemprint measures up "
      "to 16 a file): the file is damaged, or export it again as files of fewer channels",
      "it ends at byte 40, inside its header, before any audio data: the file is damaged or cut "
      "short; copy or export it again"};
  for (int k = 0; k < 4; k++) {
    sp_reader *r;
    sp_audio_info info;
    char why[320] = "";
    cr_assert_eq(sp_audio_open(paths[k], &r, &info, why, sizeof why), SP_ERR_IO, "%s read",
                 paths[k]);
    cr_expect_str_eq(why, says[k]);
    free(paths[k]);
  }
}

/* A PCM WAV of `channels` × `bits` (format tag `tag`) whose fmt chunk
 * gives block align `align`, its data 4800 frames of `align` bytes each,
 * a 1 kHz tone in the top 24 bits of each 32-bit slot where align gives
 * 4 a sample; its path. */
static char *wav_aligned(const char *name, unsigned tag, unsigned channels, unsigned bits,
                         unsigned align)
{
  const unsigned frames = 4800, ext = tag == 0xFFFE ? 24 : 0;
  const size_t data = (size_t)align * frames, n = 12 + 24 + ext + 8 + data;
  unsigned char *b = sp_xcalloc(1, n), *p = b;
  memcpy(p, "RIFF", 4), p += 4, put_le(&p, n - 8, 4);
  memcpy(p, "WAVEfmt ", 8), p += 8, put_le(&p, 16 + ext, 4), put_le(&p, tag, 2);
  put_le(&p, channels, 2), put_le(&p, 48000, 4), put_le(&p, 48000u * align, 4);
  put_le(&p, align, 2), put_le(&p, bits, 2);
  if (ext) { /* 24 valid bits, no speakers said, KSDATAFORMAT_SUBTYPE_PCM */
    static const unsigned char guid[16] = {1,    0, 0, 0,    0, 0,    0x10, 0,
                                           0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71};
    put_le(&p, 22, 2), put_le(&p, 24, 2), put_le(&p, 0, 4), memcpy(p, guid, 16), p += 16;
  }
  memcpy(p, "data", 4), p += 4, put_le(&p, data, 4);
  for (unsigned i = 0; i < frames; i++)
    for (unsigned c = 0; c < align / 4; c++)
      p += 1, put_le(&p, (uint32_t)lrint(sin(2 * M_PI * 1000.0 * i / 48000) * 4000000.0), 3);
  char *path = tu_write_bytes(dir, name, b, n);
  free(b);
  return path;
}

/* A WAVE_FORMAT_PCM WAV whose block align is not its channels' samples
 * packed (24 bits in 32-bit slots, 16-bit stereo in 3 bytes) is refused
 * saying so. Before, libsndfile read its samples packed, as noise: the
 * 24-in-32 stereo tone (-38.4 dBFS peak) read with samples near full
 * scale, exit 0. The same samples as WAVE_FORMAT_EXTENSIBLE read right. */
Test(audio, a_wav_whose_block_align_is_not_its_samples_is_refused)
{
  char *paths[] = {wav_aligned("pcm24in32.wav", 1, 2, 24, 8),
                   wav_aligned("s16align3.wav", 1, 2, 16, 3)};
  const char *says[] = {
      "its fmt chunk gives a block align of 8 bytes for 2 channels of 24-bit samples, which "
      "take 6 packed (samples in wider slots are said by WAVE_FORMAT_EXTENSIBLE): the file is "
      "damaged or its writer wrong; export it again",
      "its fmt chunk gives a block align of 3 bytes for 2 channels of 16-bit samples, which "
      "take 4 packed (samples in wider slots are said by WAVE_FORMAT_EXTENSIBLE): the file is "
      "damaged or its writer wrong; export it again"};
  for (int k = 0; k < 2; k++) {
    sp_reader *r = NULL;
    char why[512] = "";
    cr_expect_eq(sp_audio_open(paths[k], &r, NULL, why, sizeof why), SP_ERR_IO, "%s", paths[k]);
    cr_expect_str_eq(why, says[k]);
    if (r)
      r->ops->close(r);
    free(paths[k]);
  }
  char *ext = wav_aligned("ext24in32.wav", 0xFFFE, 2, 32, 8), why[512] = "";
  sp_reader *r;
  sp_audio_info info;
  cr_assert_eq(sp_audio_open(ext, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, 4800);
  static float x[2 * 4800];
  cr_assert_eq(r->ops->read_float(r, x, 4800), 4800);
  float peak = 0;
  for (int i = 0; i < 2 * 4800; i++)
    peak = fmaxf(peak, fabsf(x[i]));
  cr_expect(fabsf(peak - 4000000.0f / 8388608.0f) < 1e-4f, "%g", (double)peak);
  r->ops->close(r);
  free(ext);
}

/* A W64 at path of n bytes of float samples of bits each (32 or 64),
 * stereo at 48 kHz, whose fmt chunk is WAVE_FORMAT_EXTENSIBLE, as ffmpeg
 * writes every float W64. */
static void write_float_w64(const char *path, unsigned bits, const void *x, uint64_t n)
{
  static const unsigned char tail[12] = {0xF3, 0xAC, 0xD3, 0x11, 0x8C, 0xD1,
                                         0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A};
  static const unsigned char riff_tail[12] = {0x2E, 0x91, 0xCF, 0x11, 0xA5, 0xD6,
                                              0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00};
  unsigned char fmt[40] = {0xFE, 0xFF, 2,    0, 0x80, 0xBB, 0, 0,    0, 0xDC, 0x05, 0,   8, 0,
                           32,   0,    22,   0, 32,   0,    3, 0,    0, 0,    3,    0,   0, 0,
                           0,    0,    0x10, 0, 0x80, 0,    0, 0xAA, 0, 0x38, 0x9B, 0x71};
  const unsigned block = 2 * bits / 8, rate = 48000;
  for (int b = 0; b < 4; b++)
    fmt[8 + b] = (unsigned char)(rate * block >> 8 * b);
  fmt[12] = (unsigned char)block;
  fmt[14] = fmt[18] = (unsigned char)bits;
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  const uint64_t sizes[4] = {40 + 64 + 24 + n, 0, 24 + sizeof fmt, 24 + n};
  const char *ids[4] = {"riff", "wave", "fmt ", "data"};
  for (int k = 0; k < 4; k++) {
    fwrite(ids[k], 1, 4, f);
    fwrite(k ? tail : riff_tail, 1, 12, f);
    if (k != 1)
      for (int b = 0; b < 8; b++)
        fputc((int)(sizes[k] >> 8 * b) & 0xff, f);
    if (k == 2)
      fwrite(fmt, 1, sizeof fmt, f); /* 64 bytes: a multiple of 8, no padding */
  }
  fwrite(x, 1, n, f); /* little-endian floats */
  fclose(f);
}

/* Before, a W64 of 32-bit float samples whose fmt chunk is
 * WAVE_FORMAT_EXTENSIBLE (as ffmpeg writes every float W64) was read by
 * libsndfile as 32-bit integers, whatever its subformat says: the track
 * played the float's bits as PCM, near full scale, without a word. Its
 * samples are now read as the floats they are. */
Test(audio, a_float_w64_of_wave_format_extensible_reads_its_floats)
{
  enum { F = 1000 };
  static float x[2 * F];
  for (int i = 0; i < 2 * F; i++)
    x[i] = 0.75f * (float)sin(0.01 * i) + (i % 2 ? 0.125f : 0.0f);
  char *path = tu_path(dir, "f.w64");
  write_float_w64(path, 32, x, sizeof x);
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(info.frames, F);
  cr_assert(info.is_float);
  static float y[2 * F];
  cr_assert_eq(r->ops->read_float(r, y, F), F, "%s", r->ops->error(r));
  cr_assert_arr_eq(x, y, sizeof x);
  r->ops->close(r);
  free(path);
}

/* A W64 of 64-bit float samples so (`ffmpeg -c:a pcm_f64le -f w64`),
 * which libsndfile does not open, is refused naming what it is and the
 * conversion that reads; before, in libsndfile's words alone ("File
 * contains data in an unimplemented format."). */
Test(audio, a_64_bit_float_w64_is_refused_with_its_conversion)
{
  static double x[2 * 100];
  char *path = tu_path(dir, "d.w64");
  write_float_w64(path, 64, x, sizeof x);
  sp_reader *r;
  char why[512];
  cr_assert_eq(sp_audio_open(path, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "it is a W64 whose samples are 64-bit float (its WAVE_FORMAT_EXTENSIBLE "
                        "subformat 3), which libsndfile cannot read; convert it to WAV first, "
                        "e.g. ffmpeg -i x.w64 -c:a pcm_f64le x.wav");
  free(path);
}

/* A FLAC of six channels (a second of silence at 48 kHz) whose metadata is
 * its STREAMINFO, `apps` APPLICATION blocks of 16 MiB (holes, costing no
 * disk) and a Vorbis comment WAVEFORMATEXTENSIBLE_CHANNEL_MASK=mask; the
 * path opened into *fd. */
static char *flac_tagged(const char *name, int apps, const char *mask, int *fd)
{
  char *path = tu_path(dir, name);
  SF_INFO si = {.samplerate = 48000, .channels = 6, .format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16};
  SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
  cr_assert_not_null(sf);
  float z[6 * 480] = {0};
  for (int i = 0; i < 100; i++)
    sf_writef_float(sf, z, 480);
  sf_close(sf);
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  unsigned char *b = sp_xmalloc(1 << 20);
  const size_t len = fread(b, 1, 1 << 20, f);
  fclose(f);
  cr_assert(len > 42 && memcmp(b, "fLaC", 4) == 0 && (b[4] & 0x7f) == 0);
  size_t at = 4; /* to its frames, past every block */
  for (bool last = false; !last; at += 4 + ((size_t)b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]))
    last = b[at] & 0x80;
  cr_assert_not_null(f = fopen(path, "wb"));
  b[4] &= 0x7f;
  fwrite(b, 1, 42, f); /* "fLaC" and its STREAMINFO, not last */
  for (int k = 0; k < apps; k++) {
    fwrite("\x02\xff\xff\xffTEST", 1, 8, f);
    fseek(f, 0xFFFFFF - 4, SEEK_CUR);
  }
  char c[96];
  const int cn = snprintf(c, sizeof c, "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=%s", mask);
  unsigned char h[4] = {0x84, 0, 0, (unsigned char)(4 + 1 + 4 + 4 + cn)}, le[4] = {0, 0, 0, 0};
  fwrite(h, 1, 4, f);
  le[0] = 1;
  fwrite(le, 1, 4, f);
  fwrite("t", 1, 1, f);
  fwrite(le, 1, 4, f);
  le[0] = (unsigned char)cn;
  fwrite(le, 1, 4, f);
  fwrite(c, 1, (size_t)cn, f);
  fwrite(b + at, 1, len - at, f);
  fclose(f);
  free(b);
  cr_assert_geq(*fd = open(path, O_RDONLY), 0);
  return path;
}

/* Before, a FLAC's channel-mask comment was read through libFLAC's
 * metadata chain, which holds every block whole: a FLAC of 1 GB of
 * APPLICATION blocks took 1 GB of memory to open (a file of more, more).
 * Only the blocks' headers, and the Vorbis comment, are read now. */
Test(audio, a_flac_of_huge_metadata_blocks_is_read_for_its_mask_in_little_memory)
{
  int fd;
  char *path = flac_tagged("big.flac", 8, "0x60F", &fd);
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  uint32_t mask;
  cr_assert(sp_flac_tagged_mask(fd, &mask));
  cr_expect_eq(mask, 0x60Fu);
  getrusage(RUSAGE_SELF, &after);
  cr_expect_lt(after.ru_maxrss - before.ru_maxrss, 32 << 10, "%ld KiB more",
               after.ru_maxrss - before.ru_maxrss);
  close(fd);
  free(path);
}

/* Before, a channel-mask comment with white space after it ("0x60F ", as
 * a hand-edited tag has it) was read as no mask, though FFmpeg and the
 * flac tool read it: the file needed a layout. A mask of other bits than
 * the channels (0x7 of six) is read as written, judged as a WAV's is (a
 * mask of no layout, said: review 20 F10; it was read as none, "no
 * channel mask", and a pair's 0x4 played as stereo where a WAV's is
 * refused). */
Test(audio, a_flac_mask_comment_is_read_within_white_space)
{
  static const struct {
    const char *value;
    uint32_t mask;
  } cases[] = {{"0x60F ", 0x60F}, {" 0x3f\t", 0x3F}, {"63", 0x3F},       {"-1", 0},
               {" -1", 0},        {"0x7", 0x7},      {"0x10000003F", 0}, {"0x3F junk", 0}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    int fd;
    char *path = flac_tagged("m.flac", 0, cases[k].value, &fd);
    uint32_t mask = 1;
    cr_expect(sp_flac_tagged_mask(fd, &mask), "'%s'", cases[k].value);
    cr_expect_eq(mask, cases[k].mask, "'%s': 0x%X", cases[k].value, mask);
    close(fd);
    free(path);
  }
}

/* The file at path, whole (n bytes). */
static unsigned char *file_bytes(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  fseek(f, 0, SEEK_END);
  *n = (size_t)ftell(f);
  rewind(f);
  unsigned char *b = sp_xmalloc(*n ? *n : 1);
  cr_assert_eq(fread(b, 1, *n, f), *n);
  fclose(f);
  return b;
}

/* A stereo sine of N frames at 16 bits in dir's file name, of format f
 * (heap: its path). */
static char *sine_file(const char *name, sp_format f)
{
  static int32_t iv[2 * N];
  for (int i = 0; i < 2 * N; i++)
    iv[i] = (int32_t)(0.5 * sin(i * 0.01) * 32767);
  char *path = sp_xasprintf("%s/%s", dir, name);
  write_file(path, f, SP_DEPTH_16, iv, NULL);
  return path;
}

/* Whether the n bytes at b hold the text s. */
static bool holds(const unsigned char *b, size_t n, const char *s)
{
  const size_t k = strlen(s);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(b + i, s, k) == 0)
      return true;
  return false;
}

/* The pages of an Ogg stream b (n bytes) counted; each must carry serial
 * and a CRC of its own bytes (RFC 3533's), up to a last page cut short. */
static int ogg_pages_of(const unsigned char *b, size_t n, uint32_t serial)
{
  int pages = 0;
  for (size_t at = 0; at + 27 <= n; pages++) {
    cr_assert_eq(memcmp(b + at, "OggS", 4), 0, "page %d", pages);
    const size_t segs = b[at + 26];
    size_t len = 27 + segs;
    for (size_t k = 0; k < segs && at + 27 + k < n; k++)
      len += b[at + 27 + k];
    if (at + len > n)
      break;
    cr_expect_eq((uint32_t)b[at + 14] | (uint32_t)b[at + 15] << 8 | (uint32_t)b[at + 16] << 16 |
                     (uint32_t)b[at + 17] << 24,
                 serial, "page %d", pages);
    uint32_t crc = 0;
    for (size_t i = 0; i < len; i++) {
      crc ^= (uint32_t)(i >= 22 && i < 26 ? 0 : b[at + i]) << 24;
      for (int k = 0; k < 8; k++)
        crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
    }
    cr_expect_eq((uint32_t)b[at + 22] | (uint32_t)b[at + 23] << 8 | (uint32_t)b[at + 24] << 16 |
                     (uint32_t)b[at + 25] << 24,
                 crc, "page %d", pages);
    at += len;
  }
  return pages;
}

/* An Ogg file's serial number made fixed page by page, in place (never
 * the whole file in memory: a 30-minute print's peak fell from 211 to 14
 * MB, bench/README.md): every page takes the serial and a CRC made again,
 * nothing else of it moves, a last page cut short is left as it is, and a
 * file that is not Ogg pages is said so. */
Test(audio, an_ogg_files_serial_is_made_fixed_page_by_page)
{
  char *path = sine_file("o.opus", SP_FORMAT_OPUS), why[256] = "";
  size_t n = 0;
  unsigned char *before = file_bytes(path, &n);
  cr_assert_eq(sp_ogg_fix_serial(path, 0x12345678u, why, sizeof why), SP_OK, "%s", why);
  size_t m = 0;
  unsigned char *after = file_bytes(path, &m);
  cr_assert_eq(m, n);
  cr_expect_geq(ogg_pages_of(after, m, 0x12345678u), 3);
  size_t moved = 0;
  for (size_t i = 0; i < n; i++)
    moved += before[i] != after[i];
  cr_expect_leq(moved, 8u * (size_t)ogg_pages_of(after, m, 0x12345678u), "%zu bytes moved", moved);
  /* cut in its last page: the pages before it fixed, the last left */
  cr_assert_eq(truncate(path, (off_t)(n - 5)), 0);
  cr_assert_eq(sp_ogg_fix_serial(path, 0x0badcafeu, why, sizeof why), SP_OK, "%s", why);
  free(after);
  after = file_bytes(path, &m);
  cr_expect_eq(m, n - 5);
  const int whole = ogg_pages_of(after, m, 0x0badcafeu);
  cr_expect_geq(whole, 2);
  /* not Ogg */
  FILE *f = fopen(path, "wb");
  fputs("RIFF, not an Ogg stream, long enough for a page's header", f);
  fclose(f);
  cr_expect_eq(sp_ogg_fix_serial(path, 1, why, sizeof why), SP_ERR_IO);
  cr_expect_str_eq(why, "its Ogg stream is not made of pages");
  free(before);
  free(after);
  free(path);
}

/* An MP3's ID3v2 tag written before its frames, copied after it from the
 * file (never the whole file in memory); a second tagging replaces the
 * first: one tag, the frames the same bytes. */

/* An Opus file whose OpusHead says an input rate of `rate` (a field RFC
 * 7845 makes informational only; 0: unsaid): `base`'s bytes with that
 * field and its page's CRC written again; its path. */
static char *opus_input_rate(const char *base, const char *name, uint32_t rate)
{
  FILE *f = fopen(base, "rb");
  static unsigned char b[1 << 20];
  const size_t n = fread(b, 1, sizeof b, f);
  fclose(f);
  cr_assert(n > 64 && n < sizeof b && memcmp(b + 28, "OpusHead", 8) == 0);
  for (int k = 0; k < 4; k++)
    b[28 + 12 + k] = (unsigned char)(rate >> 8 * k);
  size_t len = 27 + b[26];
  for (int s = 0; s < b[26]; s++)
    len += b[27 + s];
  uint32_t crc = 0;
  for (size_t i = 0; i < len; i++) {
    crc ^= (uint32_t)(i >= 22 && i < 26 ? 0 : b[i]) << 24;
    for (int k = 0; k < 8; k++)
      crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
  }
  for (int k = 0; k < 4; k++)
    b[22 + k] = (unsigned char)(crc >> 8 * k);
  return tu_write_bytes(dir, name, b, n);
}

/* Opus is decoded at 48 kHz whatever its header's input rate says, as
 * ffmpeg decodes it. Before, libsndfile decoded it at the lowest of 8, 12,
 * 16 and 24 kHz at or above that rate: an input rate of 0 (unsaid) read a
 * 10 kHz tone at 8 kHz, as silence (-69 LUFS where ffmpeg reads -17.8),
 * 16000 at 16 kHz. Each reads the samples of the file that says 48000,
 * which ffmpeg's decode matches to -136 dBFS. */
Test(audio, an_opus_file_is_decoded_at_48_khz_whatever_its_input_rate_says)
{
  enum { F = 48000 };
  static int32_t iv[2 * F];
  for (int i = 0; i < F; i++)
    iv[2 * i] = iv[2 * i + 1] = (int32_t)lrint(0.25 * sin(2 * M_PI * 10000.0 * i / 48000) * 32767);
  char *base = tu_path(dir, "hf.opus"), why[512] = "";
  sp_sink *w;
  cr_assert_eq(sp_audio_create(base, SP_FORMAT_OPUS, SP_DEPTH_16, 2, 48000, F, &w, why, sizeof why),
               SP_OK, "%s", why);
  cr_assert_eq(w->ops->write_int(w, iv, F, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
  static float want[2 * F], got[2 * F];
  sp_reader *r;
  sp_audio_info info;
  cr_assert_eq(sp_audio_open(base, &r, &info, why, sizeof why), SP_OK, "%s", why);
  const int64_t frames = info.frames;
  cr_assert_eq(info.sample_rate, 48000);
  cr_assert_eq(r->ops->read_float(r, want, frames), frames);
  r->ops->close(r);
  const uint32_t rates[] = {0, 8000, 16000, 24000};
  for (int k = 0; k < 4; k++) {
    char name[32];
    snprintf(name, sizeof name, "rate%u.opus", (unsigned)rates[k]);
    char *path = opus_input_rate(base, name, rates[k]);
    cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
    cr_expect_eq(info.sample_rate, 48000, "%s: %d Hz", name, info.sample_rate);
    cr_expect_eq(info.frames, frames, "%s: %lld frames", name, (long long)info.frames);
    if (info.frames == frames) {
      cr_assert_eq(r->ops->read_float(r, got, frames), frames);
      cr_expect_eq(memcmp(got, want, (size_t)frames * 2 * sizeof *got), 0, "%s", name);
    }
    r->ops->close(r);
    free(path);
  }
  free(base);
}
Test(audio, an_mp3s_tag_is_written_before_its_frames_copied_after_it)
{
  char *path = sine_file("t.mp3", SP_FORMAT_MP3), why[256] = "";
  size_t n = 0;
  unsigned char *plain = file_bytes(path, &n);
  sp_tags t = {.title = (char *)"First", .artist = (char *)"Me"};
  cr_assert_eq(sp_tag_file(path, SP_FORMAT_MP3, &t, why, sizeof why), SP_OK, "%s", why);
  t.title = (char *)"Second, a longer title";
  cr_assert_eq(sp_tag_file(path, SP_FORMAT_MP3, &t, why, sizeof why), SP_OK, "%s", why);
  size_t m = 0;
  unsigned char *tagged = file_bytes(path, &m);
  cr_assert_geq(m, 10);
  cr_assert_eq(memcmp(tagged, "ID3\x04", 4), 0);
  const size_t tag =
      10 + ((size_t)tagged[6] << 21 | (size_t)tagged[7] << 14 | (size_t)tagged[8] << 7 | tagged[9]);
  cr_assert_eq(m, tag + n, "%zu bytes: a tag of %zu and %zu of frames", m, tag, n);
  cr_expect_eq(memcmp(tagged + tag, plain, n), 0, "the frames moved");
  cr_expect(holds(tagged, tag, "Second, a longer title"));
  cr_expect_not(holds(tagged, m, "First"));
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, sp_fs_file_mode() & 0777);
  free(plain);
  free(tagged);
  free(path);
}

/* One second (frames at 48 kHz) of a stereo 440 Hz tone at 0.4 written
 * to path as a 128 kb/s MP3 by stemprint's writer (LAME); its samples
 * (interleaved, heap). */
static float *write_tone_mp3(const char *path, int frames)
{
  char why[256];
  float *x = sp_xcalloc(2 * (size_t)frames, sizeof *x);
  for (int i = 0; i < 2 * frames; i++)
    x[i] = 0.4f * (float)sin(2 * M_PI * 440.0 * (double)(i / 2) / 48000.0);
  sp_sink *w;
  cr_assert_eq(sp_audio_create(path, SP_FORMAT_MP3, SP_DEPTH_16, 2, 48000, (size_t)frames, &w, why,
                               sizeof why),
               SP_OK, "%s", why);
  cr_assert_eq(w->ops->set_bitrate(w, 128, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->write_float(w, x, (size_t)frames, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
  return x;
}

/* Two MP3s joined with cat (the first one's Info frame then counts fewer
 * frames than follow it) are read to the last frame, as ffmpeg and
 * mpg123's own command read them, the first one's gapless trim kept: its
 * frames read as the file alone reads, then the second's, its Info frame
 * and its encoder's delay read as the audio they decode to (mpg123's
 * output, 2304 frames of it at the join; ffmpeg's is 1105 frames shorter
 * there). Before, libsndfile stopped at the first one's count, without a
 * word: 1 s of 2. A seek into the second one lands on the frame read
 * straight through gives (libmpg123's own lands 416 frames early). */
Test(audio, two_mp3s_joined_with_cat_are_read_to_their_last_frame)
{
  enum { F = 48000 };
  char *one = tu_path(dir, "one.mp3"), why[256];
  float *x = write_tone_mp3(one, F);
  FILE *f = fopen(one, "rb");
  cr_assert_not_null(f);
  unsigned char *b = sp_xmalloc(1 << 20);
  const size_t len = fread(b, 1, 1 << 19, f);
  fclose(f);
  /* constant 128 kbps at 48 kHz: 384-byte frames, its Info frame first */
  cr_assert(len % 384 == 0 && b[0] == 0xFF && memcmp(b + 36, "Info", 4) == 0, "%zu", len);
  memcpy(b + len, b, len);
  char *two = tu_write_bytes(dir, "two.mp3", b, 2 * len);
  sp_reader *r;
  sp_audio_info info;
  cr_assert_eq(sp_audio_open(one, &r, &info, why, sizeof why), SP_OK, "%s", why);
  const int64_t n1 = info.frames;
  cr_assert_eq(n1, F);
  float *a = sp_xcalloc(2 * (size_t)n1, sizeof *a);
  cr_assert_eq(r->ops->read_float(r, a, n1), n1);
  r->ops->close(r);
  cr_assert_eq(sp_audio_open(two, &r, &info, why, sizeof why), SP_OK, "%s", why);
  const int64_t n2 = n1 + 1152 * (int64_t)(len / 384);
  cr_expect_eq(info.frames, n2, "%lld frames", (long long)info.frames);
  float *c = sp_xcalloc(2 * (size_t)n2 + 2, sizeof *c);
  cr_assert_eq(r->ops->read_float(r, c, n2 + 1), n2);
  cr_expect_eq(memcmp(c, a, (size_t)n1 * 2 * sizeof *c), 0, "the first one read as it alone is");
  double e = 0;
  for (int64_t i = n2 - 24000; i < n2; i++)
    e += (double)c[2 * i] * c[2 * i];
  cr_expect_gt(sqrt(e / 24000), 0.25, "the second one's tone at its end");
  const int64_t at = n1 + 20000;
  cr_assert_eq(r->ops->seek(r, at, why, sizeof why), SP_OK, "%s", why);
  float s[2 * 1000];
  cr_assert_eq(r->ops->read_float(r, s, 1000), 1000);
  cr_expect_eq(memcmp(s, c + 2 * at, sizeof s), 0, "a seek into the second one");
  cr_assert_eq(r->ops->seek(r, 5000, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(r->ops->read_float(r, s, 1000), 1000);
  cr_expect_eq(memcmp(s, c + 2 * 5000, sizeof s), 0, "a seek back into the first one");
  r->ops->close(r);
  /* one whose Info frame counts 20 frames of its 43 (before: cut there):
   * read to its end, as long as the file that says 43 (as mpg123 reads
   * it, exactly; as ffmpeg does, to -118 dBFS: both, and stemprint, trim
   * the padding of its 20th frame, where the count says the stream ends) */
  cr_assert(b[36 + 7] & 1, "a frame count");
  b[36 + 8] = b[36 + 9] = b[36 + 10] = 0, b[36 + 11] = 20;
  char *lie = tu_write_bytes(dir, "lie.mp3", b, len);
  cr_assert_eq(sp_audio_open(lie, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, n1, "%lld frames", (long long)info.frames);
  if (info.frames == n1) {
    cr_assert_eq(r->ops->read_float(r, c, n1), n1);
    double t = 0; /* its tone to its end */
    for (int64_t i = n1 - 12000; i < n1; i++)
      t += (double)c[2 * i] * c[2 * i];
    cr_expect_gt(sqrt(t / 12000), 0.25);
  }
  r->ops->close(r);
  free(a), free(c), free(b), free(x), free(one), free(two), free(lie);
}

/* An MP3 whose Info frame counts fewer samples than its LAME tag's
 * encoder delay and padding trim: libmpg123 tells a length below 0 (a
 * count of 1 with a delay of 4095: -3472) or of 0, and with
 * MPG123_NO_FRANKENSTEIN decodes nothing past the count. Before, such a
 * file was refused as "not a readable audio file (libsndfile: File does
 * not exist or is not a regular file (possibly a pipe?).)", or one
 * padded by 4095 read as 624 frames of its 48000. Now it is read to its
 * last frame, as mpg123 1.31.2's command reads it (the frames its output
 * holds), its length counted by decoding; one also cut short is refused
 * saying both. One that counts 0 frames counts none (libmpg123 reads it
 * so): before, its length was libmpg123's guess, held as a promise, and
 * the file refused as cut short at its last frame (review 15). */
Test(audio, an_mp3_whose_info_frame_leaves_no_samples_is_read_to_its_last_frame)
{
  enum { F = 48000 };
  char *one = tu_path(dir, "whole.mp3"), why[512];
  float *x = write_tone_mp3(one, F);
  FILE *f = fopen(one, "rb");
  cr_assert_not_null(f);
  static unsigned char b[1 << 16];
  const size_t len = fread(b, 1, sizeof b, f);
  fclose(f);
  /* its Info frame at 36: flags (all four), frames, bytes, 100 of TOC, 4
   * of quality, then the LAME tag: its delay and padding at 21 */
  unsigned char *info = b + 36, *lame = info + 8 + 4 + 4 + 100 + 4;
  cr_assert(len % 384 == 0 && memcmp(info, "Info", 4) == 0 && info[7] == 15 &&
                memcmp(lame, "LAME", 4) == 0,
            "%zu", len);
  static const struct {
    uint32_t frames;
    int delay, padding;
    int64_t want; /* mpg123 -s FILE | wc -c, over 4 */
  } rows[] = {{1, 4095, 0, 44928},
              {1, 623, 0, 48384},
              {1, 0, 4095, 49007},
              /* a count of 0 (an encoder writing to a pipe): no count, libmpg123's
               * length a guess from the bytes it says; read to its last frame
               * (ffmpeg 48431: it trims the delay with no count too) */
              {0, 576, 0, 49536}};
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    info[8] = info[9] = info[10] = 0, info[11] = (unsigned char)rows[k].frames;
    lame[21] = (unsigned char)(rows[k].delay >> 4);
    lame[22] = (unsigned char)((rows[k].delay & 15) << 4 | rows[k].padding >> 8);
    lame[23] = (unsigned char)(rows[k].padding & 255);
    char *lie = tu_write_bytes(dir, "lie.mp3", b, len);
    sp_reader *r;
    sp_audio_info ai;
    cr_assert_eq(sp_audio_open(lie, &r, &ai, why, sizeof why), SP_OK, "row %zu: %s", k, why);
    cr_expect_eq(ai.frames, rows[k].want, "row %zu: %lld frames", k, (long long)ai.frames);
    float *c = sp_xcalloc(2 * (size_t)rows[k].want + 2, sizeof *c);
    cr_expect_eq(r->ops->read_float(r, c, rows[k].want + 1), rows[k].want, "row %zu", k);
    double t = 0; /* its tone to its end */
    for (int64_t i = rows[k].want - 12000; i < rows[k].want; i++)
      t += (double)c[2 * i] * c[2 * i];
    cr_expect_gt(sqrt(t / 12000), 0.25, "row %zu", k);
    r->ops->close(r);
    free(c);
    free(lie);
  }
  /* a variable bitrate file (libsndfile's LAME, its Xing frame) that
   * counts 0 frames: every frame it holds, its count's 1152 each (as
   * mpg123's command reads it); before, as far as libmpg123's guess from
   * the byte count (16384 frames of 103680 in review 18's file) */
  char *vbr = tu_path(dir, "vbr.mp3");
  SF_INFO vi = {
      .samplerate = 48000, .channels = 2, .format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III};
  SNDFILE *vf = sf_open(vbr, SFM_WRITE, &vi);
  cr_assert_not_null(vf);
  int vmode = SF_BITRATE_MODE_VARIABLE;
  sf_command(vf, SFC_SET_BITRATE_MODE, &vmode, sizeof vmode);
  cr_assert_eq(sf_writef_float(vf, x, F), F);
  sf_close(vf);
  FILE *vfile = fopen(vbr, "rb");
  cr_assert_not_null(vfile);
  static unsigned char vb[1 << 16];
  const size_t vlen = fread(vb, 1, sizeof vb, vfile);
  fclose(vfile);
  cr_assert(memcmp(vb + 36, "Xing", 4) == 0 && (vb[36 + 7] & 1), "a Xing frame that counts");
  const int64_t vcount = (int64_t)vb[44] << 24 | vb[45] << 16 | vb[46] << 8 | vb[47];
  vb[44] = vb[45] = vb[46] = vb[47] = 0;
  char *v0 = tu_write_bytes(dir, "vbr0.mp3", vb, vlen);
  sp_reader *vr;
  sp_audio_info vai;
  cr_assert_eq(sp_audio_open(v0, &vr, &vai, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(vai.frames, vcount * 1152, "%lld frames of %lld", (long long)vai.frames,
               (long long)vcount * 1152);
  vr->ops->close(vr);
  free(v0), free(vbr);
  /* and cut short: refused, saying both; where libsndfile opens it too
   * (a delay of 576 and a padding of 1404: 0 frames decode from it), not
   * "holds no audio (0 frames decode from it)" as before (review 15) */
  static const int cuts[][2] = {{4095, 0}, {576, 1404}};
  for (size_t k = 0; k < 2; k++) {
    info[11] = 1, lame[21] = (unsigned char)(cuts[k][0] >> 4);
    lame[22] = (unsigned char)((cuts[k][0] & 15) << 4 | cuts[k][1] >> 8);
    lame[23] = (unsigned char)(cuts[k][1] & 255);
    char *cut = tu_write_bytes(dir, "cut.mp3", b, len - 3840);
    sp_reader *r;
    sp_audio_info ai;
    cr_assert_eq(sp_audio_open(cut, &r, &ai, why, sizeof why), SP_ERR_IO, "cut %zu", k);
    char want[512];
    snprintf(want, sizeof want,
             "its Xing/Info frame says it holds no audio: it counts 1 frames (1152 samples), no "
             "more than its encoder delay (%d) and padding (%d) trim, and it is cut short: it "
             "holds %zu of the %zu bytes it says; the file is damaged: copy or export it again",
             cuts[k][0], cuts[k][1], len - 3840, len);
    cr_expect_str_eq(why, want, "%s", why);
    free(cut);
  }
  free(one), free(x);
}

/* Before, libmpg123 (libsndfile's MPEG decoder) printed its own warnings
 * on stderr, no file named, two to four a command ("Warning: Xing stream
 * size off by more than 1%..." for an MP3 cut short), before stemprint's
 * own error. The handle libsndfile makes is made quiet (mpg123_new in
 * io/audio/audio.c): every line on stderr is stemprint's. */
Test(audio, an_mp3_cut_short_is_said_by_stemprint_alone)
{
  char *whole = tu_path(dir, "whole.mp3"), *cut = tu_path(dir, "cut.mp3");
  float *x = sp_xcalloc(2 * 96000, sizeof *x);
  for (int i = 0; i < 2 * 96000; i++)
    x[i] = 0.4f * (float)sin(2 * M_PI * 440.0 * (double)(i / 2) / 48000.0);
  sp_sink *w;
  char why[256];
  cr_assert_eq(
      sp_audio_create(whole, SP_FORMAT_MP3, SP_DEPTH_16, 2, 48000, 96000, &w, why, sizeof why),
      SP_OK, "%s", why);
  cr_assert_eq(w->ops->write_float(w, x, 96000, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
  FILE *f = fopen(whole, "rb");
  cr_assert_not_null(f);
  unsigned char *b = sp_xmalloc(1 << 21);
  const size_t len = fread(b, 1, 1 << 21, f);
  fclose(f);
  f = fopen(cut, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(b, 1, len / 2, f), len / 2);
  fclose(f);
  char *out = NULL, *err = NULL;
  const char *args[] = {"loudness", cut, NULL};
  cr_assert_eq(tu_run(args, &out, &err), 3, "%s%s", out, err);
  cr_assert(strstr(err, "cut.mp3"), "%s", err);
  for (const char *line = err; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "")
    cr_assert(strncmp(line, "stemprint:", 10) == 0, "a line not stemprint's:\n%s", err);
  free(out), free(err);
  free(b);
  free(x);
  free(cut);
  free(whole);
}

/* A WAV's chunks libsndfile cannot read said as they are: its data before
 * its fmt (which ffmpeg reads: the fix, ffmpeg -c copy, reads here too), no
 * fmt, two data chunks. Before, libsndfile's words: "No 'data' chunk
 * marker" of the first two (each holds one), "Internal error : SF_INFO
 * struct incomplete" of the third (review 161 #7). */
Test(audio, a_wavs_chunks_out_of_order_or_twice_are_said_as_they_are)
{
  unsigned char fmt[8 + 16], data[8 + 8], *p = fmt;
  memcpy(p, "fmt ", 4), p += 4, put_le(&p, 16, 4), put_le(&p, 1, 2), put_le(&p, 2, 2);
  put_le(&p, 48000, 4), put_le(&p, 192000, 4), put_le(&p, 4, 2), put_le(&p, 16, 2);
  p = data;
  memcpy(p, "data", 4), p += 4, put_le(&p, 8, 4), put_le(&p, 0x01000100u, 4),
      put_le(&p, 0x02000200u, 4);
  const struct {
    const char *name;
    const unsigned char *chunk[3];
    size_t size[3];
    const char *says;
  } cases[] = {
      {"data_first.wav",
       {data, fmt},
       {sizeof data, sizeof fmt},
       "its 'data' chunk comes before its 'fmt ' chunk (how its samples are written), an order "
       "libsndfile does not read; write it again in order, like ffmpeg -i IN.wav -c copy "
       "OUT.wav"},
      {"no_fmt.wav",
       {data},
       {sizeof data},
       "its header has no 'fmt ' chunk (how its samples are written), so they cannot be read: "
       "the file is damaged; export it again"},
      {"two_data.wav",
       {fmt, data, data},
       {sizeof fmt, sizeof data, sizeof data},
       "it holds 2 'data' chunks, where a WAV holds one: the file is damaged (two joined?); "
       "export it again"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    unsigned char b[12 + sizeof fmt + 2 * sizeof data], *q = b;
    size_t body = 0;
    for (int c = 0; c < 3; c++)
      body += cases[k].size[c];
    memcpy(q, "RIFF", 4), q += 4, put_le(&q, 4 + body, 4), memcpy(q, "WAVE", 4), q += 4;
    for (int c = 0; c < 3 && cases[k].chunk[c]; c++)
      memcpy(q, cases[k].chunk[c], cases[k].size[c]), q += cases[k].size[c];
    char *path = tu_write_bytes(dir, cases[k].name, b, (size_t)(q - b)), why[512] = "";
    sp_reader *r = NULL;
    sp_audio_info info;
    cr_expect_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_ERR_IO, "%s", cases[k].name);
    cr_expect_str_eq(why, cases[k].says, "%s", cases[k].name);
    if (r)
      r->ops->close(r);
    free(path);
  }
}
