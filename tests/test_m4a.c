/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MPEG-4 audio (.m4a): ALAC and AAC written through FFmpeg (io/audio/m4a.c)
 * and read back by independent tools (ffprobe, ffmpeg, MediaInfo): the
 * codec, rate, channels and length to the sample; ALAC decodes to its
 * samples bit for bit, AAC trimmed by its gapless data (the edit list,
 * iTunSMPB) to the print's length within a bound; the tags and the cover
 * read back; the same bytes at -j1 and -j2. */

#include "core/base/alloc.h"
#include "io/audio/audio.h"
#include "io/audio/park.h"
#include "io/audio/m4a.h"
#include "io/audio/mp4box.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"
#include "io/fs/probe.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <libavformat/version_major.h>
#include <libavutil/macros.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* the major version of the libavformat stemprint was built with */
#define AV_MAJOR AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR)

static char *dir;
static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}
TestSuite(m4a, .init = setup, .fini = teardown);

static void need(const char *tool)
{
  char *cmd = sp_xasprintf("command -v %s >/dev/null 2>&1", tool);
  const int rc = system(cmd);
  free(cmd);
  if (rc != 0)
    cr_skip_test("%s is not installed (sh scripts/deps.sh --tests)", tool);
}

/* What f holds from where it is (heap, a NUL after it), its size into *n;
 * f closed. */
static char *read_all(FILE *f, size_t *n, bool piped)
{
  size_t cap = 1 << 16, len = 0;
  char *b = sp_xmalloc(cap + 1);
  for (size_t got; (got = fread(b + len, 1, cap - len, f)) > 0;) {
    len += got;
    if (len == cap)
      b = sp_xrealloc(b, (cap *= 2) + 1);
  }
  if (piped)
    pclose(f);
  else
    fclose(f);
  b[len] = '\0';
  if (n)
    *n = len;
  return b;
}

/* What a shell command prints (heap), its size into *n. */
static char *capture(const char *cmd, size_t *n)
{
  FILE *f = popen(cmd, "r");
  cr_assert_not_null(f, "%s", cmd);
  return read_all(f, n, true);
}

/* A file's bytes (heap), its size into *n; f closed. */
static char *capture_file(FILE *f, size_t *n) { return read_all(f, n, false); }

/* ffprobe's value of one entry ("stream=codec_name", "format_tags=title")
 * of path's first audio stream (heap, "" when none). */
static char *probe(const char *path, const char *entry)
{
  char *cmd = sp_xasprintf("ffprobe -v error -select_streams a:0 -show_entries %s "
                           "-of default=nw=1:nk=1 '%s'",
                           entry, path);
  char *out = capture(cmd, NULL);
  free(cmd);
  out[strcspn(out, "\n")] = '\0';
  return out;
}

/* ffprobe's entries keys (comma-separated) of section ("stream": of path's
 * first audio stream; "format_tags") at once: its text, a line "KEY=value"
 * each ("TAG:KEY=value" of a tag), for probed(). One ffprobe a file, not
 * one a value: an ffprobe's start (some 70 ms of CPU: FFmpeg's hundred
 * libraries loaded) was most of this module's CPU in either build. */
static char *probe_entries(const char *path, const char *section, const char *keys)
{
  char *cmd = sp_xasprintf("ffprobe -v error%s -show_entries %s=%s -of default=nw=1 '%s'",
                           strcmp(section, "stream") == 0 ? " -select_streams a:0" : "", section,
                           keys, path);
  char *out = capture(cmd, NULL);
  free(cmd);
  return out;
}

/* key's value in text (probe_entries'; heap, "" when none): the first line
 * that names it, its case aside, as probe() reads ffprobe's one line (which
 * picks an entry by its name in any case). */
static char *probed(const char *text, const char *key)
{
  const size_t n = strlen(key);
  for (const char *l = text; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != '\0')) {
    const char *k = strncmp(l, "TAG:", 4) == 0 ? l + 4 : l;
    if (strncasecmp(k, key, n) == 0 && k[n] == '=')
      return sp_xasprintf("%.*s", (int)strcspn(k + n + 1, "\n"), k + n + 1);
  }
  return sp_xstrdup("");
}

/* path decoded by ffmpeg (its edit list honoured) as fmt (s16le, s32le,
 * f32le): heap, its bytes into *n. */
static void *decode(const char *path, const char *fmt, size_t *n)
{
  char *cmd = sp_xasprintf("ffmpeg -v error -i '%s' -map 0:a:0 -f %s -", path, fmt);
  void *out = capture(cmd, n);
  free(cmd);
  return out;
}

/* n decodes by one ffmpeg (its start, some 70 ms of CPU, was most of each
 * decode's): out[i] (heap, its bytes into bytes[i]) is paths[i]'s audio
 * stream streams[i] as fmt, what decode() gives of stream 0, each decoded
 * from its own input into its own file. */
static void decode_each(const char *const *paths, const int *streams, size_t n, const char *fmt,
                        void **out, size_t *bytes)
{
  char *tmp = tu_tmpdir(), *cmd = NULL;
  size_t size = 0;
  FILE *m = open_memstream(&cmd, &size);
  fputs("ffmpeg -v error", m);
  for (size_t i = 0; i < n; i++)
    fprintf(m, " -i '%s'", paths[i]);
  for (size_t i = 0; i < n; i++)
    fprintf(m, " -map %zu:a:%d -f %s '%s/%zu.raw'", i, streams[i], fmt, tmp, i);
  fclose(m);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  for (size_t i = 0; i < n; i++) {
    char *raw = sp_xasprintf("%s/%zu.raw", tmp, i);
    FILE *f = fopen(raw, "rb");
    cr_assert_not_null(f, "%s", raw);
    out[i] = capture_file(f, &bytes[i]);
    free(raw);
  }
  free(cmd);
  tu_rmtree(tmp);
  free(tmp);
}

/* A sink of format at depth, stereo at rate, of frames written from the
 * codes (left-justified int32) or floats given, with tags t (NULL: none),
 * committed to dir/name. */
static char *write_m4a(const char *name, sp_format format, sp_depth depth, int rate,
                       const int32_t *codes, const float *floats, int64_t frames, int kbps,
                       const sp_tags *t)
{
  char *path = tu_path(dir, name);
  sp_sink *w;
  char why[512];
  cr_assert_eq(sp_audio_create(path, format, depth, 2, rate, frames, &w, why, sizeof why), SP_OK,
               "%s", why);
  cr_assert_eq(access(path, F_OK), -1, "the final name must not exist before commit");
  if (kbps)
    cr_assert_eq(w->ops->set_bitrate(w, kbps, why, sizeof why), SP_OK, "%s", why);
  if (t)
    cr_assert_eq(w->ops->set_tags(w, t, why, sizeof why), SP_OK, "%s", why);
  sp_err err = codes ? w->ops->write_int(w, codes, frames, why, sizeof why)
                     : w->ops->write_float(w, floats, frames, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  cr_assert_eq(w->ops->commit(w, why, sizeof why), SP_OK, "%s", why);
  return path;
}

/* A pseudo-random stereo signal of codes at bits (the full range, its
 * extremes at the first frames) and the same as floats in ±0.5. */
static void test_signal(int32_t *codes, float *floats, int64_t frames, int bits)
{
  uint32_t s = 12345;
  for (int64_t i = 0; i < 2 * frames; i++) {
    s = s * 1664525u + 1013904223u;
    int32_t v = (int32_t)(s >> (32 - bits)) - (1 << (bits - 1));
    if (i == 0)
      v = -(1 << (bits - 1));
    if (i == 1)
      v = (1 << (bits - 1)) - 1;
    codes[i] = (int32_t)((uint32_t)v << (32 - bits));
    floats[i] = (float)(0.5 * sin(2 * M_PI * 441.0 * (double)(i / 2) / 44100.0 + (double)(i % 2)));
  }
}

/* ALAC of 16 and 24 bits decodes (ffmpeg) to its codes, every one, and to
 * its length, at lengths around its 4096-sample packets; ffprobe says the
 * codec, rate, channels, depth and length; stemprint's reader gives the
 * same samples. */
Test(m4a, alac_decodes_to_its_samples_bit_for_bit)
{
  need("ffmpeg");
  need("ffprobe");
  const int64_t lengths[] = {1, 4095, 4096, 4097, 10000};
  for (int bits = 16; bits <= 24; bits += 8)
    for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
      const int64_t n = lengths[li];
      int32_t *codes = sp_xcalloc((size_t)(2 * n), sizeof *codes);
      float *floats = sp_xcalloc((size_t)(2 * n), sizeof *floats);
      test_signal(codes, floats, n, bits);
      char name[32];
      snprintf(name, sizeof name, "a%d-%lld.m4a", bits, (long long)n);
      char *path = write_m4a(name, SP_FORMAT_ALAC, bits == 16 ? SP_DEPTH_16 : SP_DEPTH_24, 44100,
                             codes, NULL, n, 0, NULL);
      char *st = probe_entries(path, "stream",
                               "codec_name,sample_rate,channels,bits_per_raw_sample,duration_ts");
      char *codec = probed(st, "codec_name"), *rate = probed(st, "sample_rate");
      char *ch = probed(st, "channels"), *raw = probed(st, "bits_per_raw_sample");
      char *ts = probed(st, "duration_ts");
      free(st);
      cr_expect_str_eq(codec, "alac");
      cr_expect_str_eq(rate, "44100");
      cr_expect_str_eq(ch, "2");
      cr_expect_eq(atoi(raw), bits, "%s: bits_per_raw_sample %s", name, raw);
      cr_expect_eq(atoll(ts), n, "%s: duration_ts %s", name, ts);
      if (n > 1 && system("command -v mediainfo >/dev/null 2>&1") == 0) {
        /* MediaInfo's length is in milliseconds (of one frame it says none) */
        char *cmd = sp_xasprintf(
            "LC_ALL=C.UTF-8 mediainfo --Inform='Audio;%%Format%%|%%SamplingRate%%|%%Duration%%' '%s'", path);
        char *mi = capture(cmd, NULL), want[64];
        snprintf(want, sizeof want, "ALAC|44100|%lld\n", llround((double)n * 1000 / 44100));
        cr_expect(strncmp(mi, want, strlen(want)) == 0, "MediaInfo of %s: %s, not %s", name, mi,
                  want);
        free(mi), free(cmd);
      }
      size_t bytes;
      int32_t *got = decode(path, "s32le", &bytes);
      cr_assert_eq(bytes, (size_t)(2 * n) * 4, "%s: %zu bytes decoded", name, bytes);
      for (int64_t i = 0; i < 2 * n; i++)
        cr_assert_eq(got[i], codes[i], "%s: sample %lld", name, (long long)i);
      /* stemprint's own reader: the same frames, its length */
      int64_t frames;
      int channels, r;
      double *x = tu_read(path, &frames, &channels, &r);
      cr_assert_not_null(x);
      cr_expect_eq(frames, n);
      for (int64_t i = 0; i < 2 * n; i++)
        cr_assert_eq(x[i], (double)codes[i] * 0x1p-31, "%s: read sample %lld", name, (long long)i);
      free(x);
      free(got), free(codec), free(rate), free(ch), free(raw), free(ts), free(path);
      free(codes), free(floats);
    }
}

/* The iTunSMPB item's fields: priming, padding, length. */
static void smpb(const char *path, unsigned long *priming, unsigned long *padding,
                 unsigned long long *length)
{
  char *s = probe(path, "format_tags=iTunSMPB");
  cr_assert_eq(sscanf(s, " %*x %lx %lx %llx", priming, padding, length), 3, "iTunSMPB '%s'", s);
  free(s);
}

/* The residual of got (decoded) against want, n stereo frames, RMS over
 * frames [edge, n - edge) relative to want's, got read lag frames later. */
static double residual_db(const float *got, const float *want, int64_t n, int64_t edge, int lag)
{
  double err = 0, ref = 0;
  for (int64_t i = 2 * edge; i < 2 * (n - edge); i++) {
    const int64_t j = i + 2 * lag;
    const double g = j >= 0 && j < 2 * n ? got[j] : 0;
    err += (g - want[i]) * (g - want[i]);
    ref += (double)want[i] * want[i];
  }
  return 10 * log10(err / ref);
}

/* AAC at 256 kbps: ffprobe's length is the signal's to the sample (the
 * edit list); ffmpeg's decoding, which drops the priming by the edit list,
 * trimmed to iTunSMPB's length, is the signal, aligned to the sample, and
 * (a second of a 441 Hz sine, away from its first and last 2048 frames)
 * within -40 dB (RMS, relative; measured -48.9 dB; the test mix of
 * the docs -51.7 dB); its priming 1024, its padding to the packet's end. */
Test(m4a, aac_is_gapless_to_the_sample_within_its_bound)
{
  need("ffmpeg");
  need("ffprobe");
  const int64_t lengths[] = {1023, 1024, 1025, 44100};
  for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
    const int64_t n = lengths[li];
    int32_t *codes = sp_xcalloc((size_t)(2 * n), sizeof *codes);
    float *floats = sp_xcalloc((size_t)(2 * n), sizeof *floats);
    test_signal(codes, floats, n, 16);
    char name[32];
    snprintf(name, sizeof name, "c%lld.m4a", (long long)n);
    char *path = write_m4a(name, SP_FORMAT_AAC, SP_DEPTH_32F, 44100, NULL, floats, n, 256, NULL);
    char *st = probe_entries(path, "stream", "codec_name,duration_ts");
    char *codec = probed(st, "codec_name"), *ts = probed(st, "duration_ts");
    free(st);
    cr_expect_str_eq(codec, "aac");
    cr_expect_eq(atoll(ts), n, "%s: duration_ts %s", name, ts);
    if (system("command -v mediainfo >/dev/null 2>&1") == 0) {
      /* its length, the edit list's (priming and padding left out), to
       * MediaInfo's millisecond */
      char *cmd = sp_xasprintf(
          "LC_ALL=C.UTF-8 mediainfo --Inform='Audio;%%Format%%|%%SamplingRate%%|%%Duration%%' '%s'", path);
      char *mi = capture(cmd, NULL), want[64];
      snprintf(want, sizeof want, "AAC|44100|%lld\n", llround((double)n * 1000 / 44100));
      cr_expect(strncmp(mi, want, strlen(want)) == 0, "MediaInfo of %s: %s, not %s", name, mi,
                want);
      free(mi), free(cmd);
    }
    unsigned long priming, padding;
    unsigned long long length;
    smpb(path, &priming, &padding, &length);
    cr_expect_eq(priming, 1024);
    cr_expect_eq(length, (unsigned long long)n);
    cr_expect_eq((priming + padding + length) % 1024, 0, "%s: padding %lu", name, padding);
    cr_expect_lt(padding, 1024);
    size_t bytes;
    float *got = decode(path, "f32le", &bytes);
    cr_assert_geq(bytes / 8, (size_t)n, "%s: %zu frames decoded", name, bytes / 8);
    /* aligned: the residual is least at no lag (one sample off is -24 dB
     * in the middle of a 441 Hz sine) */
    const double at0 = residual_db(got, floats, n, 0, 0);
    cr_expect_lt(at0, -10.0, "%s: residual %.1f dB", name, at0);
    if (n >= 44100) { /* away from the start's step: the codec's error alone */
      const double mid = residual_db(got, floats, n, 2048, 0);
      cr_expect_lt(mid, residual_db(got, floats, n, 2048, 1) - 10, "%s: not aligned", name);
      cr_expect_lt(mid, residual_db(got, floats, n, 2048, -1) - 10, "%s: not aligned", name);
      cr_expect_lt(mid, -40.0, "%s: residual %.1f dB", name, mid);
      cr_log_info("aac 256 kbps: residual %.1f dB (whole), %.1f dB (middle)", at0, mid);
    }
    /* stemprint's reader: the length exactly */
    int64_t frames;
    int channels, r;
    double *x = tu_read(path, &frames, &channels, &r);
    cr_assert_not_null(x);
    cr_expect_eq(frames, n);
    cr_expect_eq(channels, 2);
    free(x), free(got), free(codec), free(ts), free(path), free(codes), free(floats);
  }
}

/* A 1x1 PNG. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08,
    0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d,
    0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* The tags and the cover read back by ffprobe and MediaInfo, in ALAC and
 * AAC files. */
Test(m4a, tags_and_cover_read_back)
{
  need("ffprobe");
  char *cover = tu_path(dir, "cover.png");
  FILE *f = fopen(cover, "wb");
  cr_assert_not_null(f);
  fwrite(png, 1, sizeof png, f);
  fclose(f);
  const sp_tags t = {.title = "Caf\xc3\xa9 (Radio Edit)",
                     .artist = "The Stems",
                     .album = "Prints",
                     .isrc = "GBAYE0601498",
                     .year = "2026",
                     .cover = cover,
                     .track = 3,
                     .tracks = 12,
                     .disc = 1,
                     .discs = 2,
                     .album_artist = "Various Stems",
                     .genre = "Electronic",
                     .composer = "J. S. B\xc3\xa4" "ch",
                     .barcode = "012345678905"};
  int32_t codes[2 * 100] = {0};
  float floats[2 * 100] = {0};
  char *paths[2] = {
      write_m4a("t.m4a", SP_FORMAT_ALAC, SP_DEPTH_16, 48000, codes, NULL, 100, 0, &t),
      write_m4a("u.m4a", SP_FORMAT_AAC, SP_DEPTH_32F, 48000, NULL, floats, 100, 128, &t)};
  static const char *const want[][2] = {{"title", "Caf\xc3\xa9 (Radio Edit)"},
                                        {"artist", "The Stems"},
                                        {"album", "Prints"},
                                        {"date", "2026"},
                                        {"track", "3/12"},
                                        {"disc", "1/2"},
                                        {"ISRC", "GBAYE0601498"},
                                        {"album_artist", "Various Stems"},
                                        {"genre", "Electronic"},
                                        {"composer", "J. S. B\xc3\xa4" "ch"},
                                        {"BARCODE", "012345678905"}};
  for (int k = 0; k < 2; k++) {
    char *tags = probe_entries(paths[k], "format_tags",
                               "title,artist,album,date,track,disc,ISRC,album_artist,genre,"
                               "composer,BARCODE");
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
      char *got = probed(tags, want[i][0]);
      cr_expect_str_eq(got, want[i][1], "%s: %s", paths[k], want[i][0]);
      free(got);
    }
    free(tags);
    /* the cover: an attached picture FFmpeg reads as a PNG */
    char *cmd = sp_xasprintf("ffprobe -v error -show_entries stream=codec_name:stream_disposition="
                             "attached_pic -of csv=p=0 '%s'",
                             paths[k]);
    char *streams = capture(cmd, NULL);
    cr_expect(strstr(streams, "png,1"), "%s: no PNG cover in\n%s", paths[k], streams);
    free(streams), free(cmd);
  }
  if (system("command -v mediainfo >/dev/null 2>&1") == 0) {
    char *cmd = sp_xasprintf("LC_ALL=C.UTF-8 mediainfo '%s'", paths[0]);
    char *mi = capture(cmd, NULL);
    cr_expect(strstr(mi, "ALAC"), "%s", mi);
    cr_expect(strstr(mi, "The Stems") && strstr(mi, "GBAYE0601498"), "%s", mi);
    cr_expect(strstr(mi, "Cover"), "%s", mi);
    /* the album's artist, genre and composer, each on its own line */
    static const char *const lines[][2] = {{"Album/Performer", "Various Stems"},
                                           {"Genre", "Electronic"},
                                           {"Composer", "J. S. B\xc3\xa4" "ch"}};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
      bool found = false;
      for (const char *l = mi; l && *l && !found; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        found = strncmp(l, lines[i][0], strlen(lines[i][0])) == 0 &&
                strstr(l, lines[i][1]) && strstr(l, lines[i][1]) < strchr(l, '\n');
      cr_expect(found, "MediaInfo: no %s: %s in\n%s", lines[i][0], lines[i][1], mi);
    }
    free(mi), free(cmd);
  }
  free(paths[0]), free(paths[1]), free(cover);
}

/* One tag model: a song's output.tags printed as FLAC (the master set),
 * MP3 (LAME's, the ID3v2.4 tag before it) and an ALAC set: ffprobe reads
 * the same title, artist, album, track, ISRC and PNG cover from all
 * three; the MP3 still decodes to its length (LAME's info frame kept). */
Test(m4a, a_song_s_tags_in_flac_mp3_and_alac)
{
  need("ffprobe");
  tu_write_tone(dir, "a.wav", 4800, 440, 0.3);
  char *cover = tu_path(dir, "cover.png");
  FILE *f = fopen(cover, "wb");
  cr_assert_not_null(f);
  fwrite(png, 1, sizeof png, f);
  fclose(f);
  char *recipe = tu_write_text(
      dir, "tagged.yaml",
      "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav}\n"
      "output:\n  dir: out/tagged\n  format: flac\n  depth: 16\n"
      "  tags: {title: Night Drive, artist: The Prints, album: Stems, year: 2026,\n"
      "         track: 3, tracks: 10, isrc: GBAYE2600003, cover: cover.png}\n"
      "  also: [{format: mp3, name: \"{name}-mp3\"}, {format: alac, name: \"{name}-alac\"}]\n");
  const char *args[] = {"render", recipe, "-q", NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  static const char *const files[] = {"mix.flac", "mix-mp3.mp3", "mix-alac.m4a"};
  static const char *const want[][2] = {{"title", "Night Drive"},
                                        {"artist", "The Prints"},
                                        {"album", "Stems"},
                                        {"ISRC", "GBAYE2600003"}};
  static const char *const track[] = {"3", "3/10", "3/10"};
  for (size_t k = 0; k < 3; k++) {
    char *path = sp_xasprintf("%s/out/tagged/%s", dir, files[k]);
    char *tags =
        probe_entries(path, "format_tags",
                      k == 1 ? "title,artist,album,TSRC,track" : "title,artist,album,ISRC,track");
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
      /* FLAC's and MP3's ISRC: the Vorbis comment's name, ID3's TSRC */
      const char *key = k == 1 && i == 3 ? "TSRC" : want[i][0];
      char *got = probed(tags, key);
      cr_expect_str_eq(got, want[i][1], "%s: %s", files[k], key);
      free(got);
    }
    char *got = probed(tags, "track");
    cr_expect_str_eq(got, track[k], "%s: track", files[k]);
    free(got), free(tags);
    char *cmd = sp_xasprintf("ffprobe -v error -show_entries stream=codec_name:stream_disposition="
                             "attached_pic -of csv=p=0 '%s'",
                             path);
    char *streams = capture(cmd, NULL);
    cr_expect(strstr(streams, "png,1"), "%s: no PNG cover in\n%s", files[k], streams);
    free(streams), free(cmd), free(path);
  }
  /* the MP3 decodes (ffmpeg, LAME's info frame read) to the song's length */
  char *mp3 = sp_xasprintf("%s/out/tagged/mix-mp3.mp3", dir);
  size_t n = 0;
  free(decode(mp3, "f32le", &n));
  cr_expect_eq(n, (size_t)4800 * 2 * 4, "%s: %zu bytes decoded", mp3, n);
  free(mp3), free(recipe), free(cover);
}

/* A short song rendered to an ALAC master set with AAC and ALAC sets: the
 * ALAC set of the WAV-equal master decodes to its samples; the same bytes
 * at -j1 and -j2; MediaInfo reads each. */
Test(m4a, a_render_prints_the_same_m4a_bytes_at_any_j)
{
  need("ffmpeg");
  tu_write_tone(dir, "a.wav", 48000, 440, 0.3);
  tu_write_tone(dir, "b.wav", 48000, 660, 0.3);
  char *recipe =
      tu_write_text(dir, "song.yaml",
                    "stemprint: 1\nsample_rate: 48000\n"
                    "tracks:\n  a: {file: a.wav}\n  b: {file: b.wav}\n"
                    "stems:\n  one: [a]\n  two: [b]\n"
                    "output:\n  format: wav\n  depth: 24\n  also:\n"
                    "    - {format: alac, name: \"{name}-{depth}\"}\n"
                    "    - {format: aac, bitrate: 192 kbps, name: \"{name}-{depth}\"}\n");
  static const char *const j1[] = {"-j", "1", NULL}, *const j2[] = {"-j", "2", NULL};
  static const char *const *const runs[] = {j1, j2};
  static const char *const files[] = {"mix-24.m4a", "one-24.m4a", "mix-aac.m4a", "two-aac.m4a",
                                      NULL};
  tu_expect_same_prints(dir, recipe, runs, 2, files);
  char *wav = sp_xasprintf("%s/o0/mix.wav", dir), *alac = sp_xasprintf("%s/o0/mix-24.m4a", dir);
  size_t nw, na;
  int32_t *w = decode(wav, "s32le", &nw), *a = decode(alac, "s32le", &na);
  cr_assert_eq(nw, na);
  cr_expect(memcmp(w, a, nw) == 0, "the ALAC set is its WAV master, bit for bit");
  free(w), free(a), free(wav), free(alac), free(recipe);
}

/* Damaged files: an ftyp without the rest, a file cut short, a box
 * shorter than its header, a moov that is not the file's last box: errors
 * that say what is wrong and the fix, as the file's boxes say it, not
 * FFmpeg's "Invalid data found when processing input". */
Test(m4a, a_damaged_file_is_an_error_with_a_reason)
{
  char *p = tu_path(dir, "x.m4a");
  static const unsigned char head[16] = {0, 0, 0, 16, 'f', 't', 'y', 'p', 'M', '4', 'A', ' '};
  FILE *h = fopen(p, "wb");
  cr_assert_not_null(h);
  fwrite(head, 1, sizeof head, h);
  fclose(h);
  sp_reader *r;
  sp_audio_info info;
  char why[512] = "";
  cr_expect_eq(sp_audio_open(p, &r, &info, why, sizeof why), SP_ERR_IO);
  cr_expect(strstr(why, "it has no index (a 'moov' box): it was not written to its end; copy or "
                        "export it again"),
            "%s", why);
  /* a good file cut in half */
  int32_t codes[2 * 5000];
  float floats[2 * 5000];
  test_signal(codes, floats, 5000, 16);
  char *good = write_m4a("g.m4a", SP_FORMAT_ALAC, SP_DEPTH_16, 48000, codes, NULL, 5000, 0, NULL);
  char *text;
  size_t n;
  cr_assert_eq(sp_fs_read_all(good, "a file", "files", 1 << 20, &text, &n, why, sizeof why), SP_OK);
  char *cut = tu_path(dir, "cut.m4a");
  FILE *f = fopen(cut, "wb");
  fwrite(text, 1, n / 2, f);
  fclose(f);
  /* moov lost (the muxer writes it last): its mdat runs past the end */
  cr_expect_eq(sp_audio_open(cut, &r, &info, why, sizeof why), SP_ERR_IO);
  char said[200];
  snprintf(said, sizeof said, "it is cut short: its 'mdat' box at byte ");
  cr_expect(strstr(why, said) && strstr(why, ", and its index (a 'moov' box) is not before it; "
                                             "copy or export it again"),
            "%s", why);
  /* a box of 4 bytes, less than its own header, after the ftyp */
  const unsigned char *u = (const unsigned char *)text;
  const size_t ftyp = (size_t)u[0] << 24 | (size_t)u[1] << 16 | (size_t)u[2] << 8 | u[3];
  f = fopen(cut, "wb");
  fwrite(text, 1, ftyp, f);
  fwrite("\0\0\0\x04"
         "free",
         1, 8, f);
  fwrite(text + ftyp, 1, n - ftyp, f);
  fclose(f);
  cr_expect_eq(sp_audio_open(cut, &r, &info, why, sizeof why), SP_ERR_IO);
  snprintf(said, sizeof said, "it is damaged: its 'free' box at byte %zu says a size of 4 bytes",
           ftyp);
  cr_expect(strstr(why, said), "%s", why);
  /* moov not last: the metadata writer refuses */
  const int fd = open(good, O_RDWR | O_APPEND);
  cr_assert_geq(fd, 0);
  cr_assert_eq(write(fd,
                     "\0\0\0\x08"
                     "free",
                     8),
               8);
  const sp_mp4_meta m = {.smpb = "x"};
  cr_expect_eq(sp_mp4_add_meta(fd, &m, why, sizeof why), SP_ERR_IO);
  cr_expect(strstr(why, "moov"), "%s", why);
  close(fd);
  free(text), free(cut), free(good), free(p);
}

/* FFmpeg is loaded at the first MPEG-4 file (io/audio/m4a.c): where it
 * cannot be, the file is refused with the library to install, and a
 * program that never reads one does not need it. The program itself, run
 * by a shell: the dynamic loader reads LD_LIBRARY_PATH (here a folder
 * whose libavformat is no library) at a program's start only. */
Test(m4a, a_file_without_ffmpeg_says_what_to_install)
{
  int32_t codes[2 * 4800];
  float floats[2 * 4800];
  test_signal(codes, floats, 4800, 16);
  char *good = write_m4a("g.m4a", SP_FORMAT_ALAC, SP_DEPTH_16, 48000, codes, NULL, 4800, 0, NULL);
  char *lib = tu_path(dir, "lib");
  cr_assert_eq(mkdir(lib, 0700), 0);
  free(tu_write_text(lib, "libavformat.so." AV_MAJOR, "no library\n"));
  char *cmd = sp_xasprintf("LD_LIBRARY_PATH='%s' '%s' loudness '%s' 2>&1; echo \"exit $?\"", lib,
                           SP_STEMPRINT_BIN, good);
  char *said = capture(cmd, NULL);
  cr_expect(strstr(said, "needs FFmpeg's libavformat.so." AV_MAJOR ", which cannot be loaded") &&
                strstr(said, "install Debian's libavformat" AV_MAJOR) && strstr(said, "exit 3\n"),
            "%s", said);
  free(said), free(cmd);
  /* a command that reads no MPEG-4 file runs without it */
  cmd = sp_xasprintf("LD_LIBRARY_PATH='%s' '%s' help output.depth 2>&1; echo \"exit $?\"", lib,
                     SP_STEMPRINT_BIN);
  said = capture(cmd, NULL);
  cr_expect(strstr(said, "output.depth: ") && strstr(said, "exit 0\n"), "%s", said);
  free(said), free(cmd), free(lib), free(good);
}

/* output.tags: an ALAC master set and an AAC set say the recipe's tags,
 * the mix its title, a stem "TITLE (its name)", the ISRC given with its
 * hyphens in its one form (core/base/isrc.h, as an album's); a bad ISRC,
 * year or track is an error at its key with the form to give. */
Test(m4a, the_recipe_s_tags_are_the_files_tags)
{
  need("ffprobe");
  tu_write_tone(dir, "a.wav", 4800, 440, 0.3);
  char *recipe = tu_write_text(
      dir, "song.yaml",
      "stemprint: 1\nsample_rate: 48000\ntracks:\n  a: {file: a.wav}\nstems:\n  one: [a]\n"
      "output:\n  format: alac\n  depth: 16\n"
      "  tags: {title: Night Drive, artist: The Prints, album: Stems, year: 2026-11-28,\n"
      "         track: 3, tracks: 10, disc: 1, discs: 2, isrc: GB-AYE-26-00003}\n"
      "  also: [{format: aac, name: \"{name}-aac\"}]\n");
  const char *args[] = {"render", recipe, "-q", NULL};
  char *err = NULL;
  cr_assert_eq(tu_run(args, NULL, &err), 0, "%s", err);
  free(err);
  static const char *const want[][3] = {
      {"mix.m4a", "title", "Night Drive"},     {"one.m4a", "title", "Night Drive (one)"},
      {"mix-aac.m4a", "title", "Night Drive"}, {"one-aac.m4a", "artist", "The Prints"},
      {"mix.m4a", "date", "2026-11-28"},       {"mix.m4a", "track", "3/10"},
      {"mix-aac.m4a", "disc", "1/2"},          {"one.m4a", "ISRC", "GBAYE2600003"},
      {"mix-aac.m4a", "ISRC", "GBAYE2600003"}};
  /* one ffprobe a file, of every tag asked of it */
  static const char *const files[] = {"mix.m4a", "one.m4a", "mix-aac.m4a", "one-aac.m4a"};
  for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
    char *path = sp_xasprintf("%s/out/song/%s", dir, files[f]), *keys = sp_xstrdup("");
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
      if (strcmp(want[i][0], files[f]) == 0) {
        char *more = sp_xasprintf("%s%s%s", keys, *keys ? "," : "", want[i][1]);
        free(keys);
        keys = more;
      }
    char *tags = probe_entries(path, "format_tags", keys);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
      if (strcmp(want[i][0], files[f]) == 0) {
        char *got = probed(tags, want[i][1]);
        cr_expect_str_eq(got, want[i][2], "%s: %s", want[i][0], want[i][1]);
        free(got);
      }
    free(tags), free(keys), free(path);
  }
  static const char *const bad[][2] = {
      {"isrc: GB-AYE-26-0000X", "output.tags.isrc: not an ISRC: 'GB-AYE-26-0000X': the "
                                "designation code '0000X' is five digits; copy it from the "
                                "track's registration"},
      {"isrc: GBAYE260003", "output.tags.isrc: not an ISRC: 'GBAYE260003' is 11 characters"},
      {"year: 26", "output.tags.year: '26' is not a year: give yyyy or yyyy-mm-dd"},
      {"track: 0", "output.tags.track:"}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  a: {file: a.wav}\n"
                              "output: {format: alac, tags: {%s}}\n",
                              bad[i][0]);
    char *p = tu_write_text(dir, "bad.yaml", text);
    const char *check[] = {"check", "--no-levels", p, NULL};
    cr_expect_eq(tu_run(check, NULL, &err), 2, "%s", err);
    cr_expect(strstr(err, bad[i][1]), "%s", err);
    free(err), free(p), free(text);
  }
  free(recipe);
}

/* The JSON of path's moov/udta/stem box, as Python's json module reads it
 * back walking the boxes, printed as "name color" lines (heap). */
static char *stem_manifest_of(const char *path)
{
  char *cmd = sp_xasprintf("python3 -c '\n"
                           "import json, struct, sys\n"
                           "d = open(sys.argv[1], \"rb\").read()\n"
                           "def boxes(b, e):\n"
                           "    while b + 8 <= e:\n"
                           "        n, t = struct.unpack(\">I4s\", d[b:b + 8])\n"
                           "        yield t, b + 8, b + n\n"
                           "        b += n\n"
                           "def find(path, b=0, e=len(d)):\n"
                           "    for t, s, n in boxes(b, e):\n"
                           "        if t == path[0]:\n"
                           "            return (s, n) if len(path) == 1 else find(path[1:], s, n)\n"
                           "s, n = find([b\"moov\", b\"udta\", b\"stem\"])\n"
                           "j = json.loads(d[s:n])\n"
                           "print(j[\"version\"], j[\"mastering_dsp\"][\"limiter\"][\"enabled\"])\n"
                           "for x in j[\"stems\"]: print(x[\"name\"], x[\"color\"])\n"
                           "' '%s'",
                           path);
  char *out = capture(cmd, NULL);
  free(cmd);
  return out;
}

/* Four stereo stems of 16-bit codes and their mix, their sum exactly, as
 * WAVs in dir; `off` added to the last stem's first sample (a stem that
 * does not sum). */
static void stem_prints(int64_t n, float off)
{
  float *x[5];
  for (int k = 0; k < 5; k++)
    x[k] = sp_xcalloc((size_t)(2 * n), sizeof(float));
  for (int64_t i = 0; i < 2 * n; i++)
    for (int k = 1; k < 5; k++) {
      const double v = 0.2 * sin(2 * M_PI * (110.0 * k + 7 * (i % 2)) * (double)(i / 2) / 48000);
      x[k][i] = (float)(lrint(v * 32768) / 32768.0);
      x[0][i] += x[k][i];
    }
  x[4][0] += off;
  static const char *const names[] = {"mix.wav", "drums.wav", "bass.wav", "other.wav",
                                      "vocals.wav"};
  for (int k = 0; k < 5; k++) {
    free(tu_write_wav(dir, names[k], 2, 48000, 16, x[k], n));
    free(x[k]);
  }
}

/* A stem file: five streams (the mix first), each ALAC track decoded
 * (ffmpeg) its print bit for bit and the AAC ones (256 kbps, pure tones of
 * 110 to 447 Hz at -14 dBFS, away from their first and last 2048 frames)
 * aligned and within -30 dB (measured -33.2 dB at worst, -59.3 at best), the
 * stems' decoded sum the mix's, the manifest's names and colours the ones
 * given; stems that do not sum to the mix are refused before anything is
 * written. */
Test(m4a, a_stem_file_holds_the_mix_and_four_stems_that_sum_to_it)
{
  need("ffmpeg");
  need("ffprobe");
  need("python3");
  const int64_t n = 48000;
  stem_prints(n, 0);
  char *in[5];
  static const char *const names[] = {"mix.wav", "drums.wav", "bass.wav", "other.wav",
                                      "vocals.wav"};
  for (int k = 0; k < 5; k++)
    in[k] = tu_path(dir, names[k]);
  sp_stem_mp4 s = {.mix = in[0],
                   .stems = {in[1], in[2], in[3], in[4]},
                   .names = {"Drums", "Bass", "Other \"keys\"", "Vocals"},
                   .colors = {"#009E73", "#D55E00", "#CC79A7", "#56B4E9"},
                   .codec = SP_FORMAT_ALAC,
                   .max_residual_db = -90,
                   .open = sp_audio_open};
  for (int pass = 0; pass < 2; pass++) {
    s.codec = pass ? SP_FORMAT_AAC : SP_FORMAT_ALAC;
    char *out = tu_path(dir, pass ? "song-aac.stem.mp4" : "song.stem.mp4");
    double res;
    char why[512];
    cr_assert_eq(sp_stem_mp4_write(out, &s, &res, why, sizeof why), SP_OK, "%s", why);
    cr_expect_lt(res, -140, "the stems sum to the mix: %.1f dBFS", res);
    char *cmd = sp_xasprintf("ffprobe -v error -show_entries stream=index,codec_name,channels,"
                             "duration_ts -of csv=p=0 '%s'",
                             out);
    char *streams = capture(cmd, NULL);
    const char *want = pass ? "aac,2,48000" : "alac,2,48000";
    int count = 0;
    for (const char *p = streams; (p = strstr(p, want)); p++)
      count++;
    cr_expect_eq(count, 5, "five streams of %s:\n%s", want, streams);
    float *mix = NULL;
    double sum_err = 0;
    size_t bytes;
    float *sum = sp_xcalloc((size_t)(2 * n), sizeof(float));
    const char *const outs[5] = {out, out, out, out, out};
    void *tracks[5];
    size_t track_bytes[5];
    decode_each(outs, (const int[]){0, 1, 2, 3, 4}, 5, "f32le", tracks, track_bytes);
    for (int k = 0; k < 5; k++) {
      float *got = tracks[k];
      bytes = track_bytes[k];
      cr_assert_geq(bytes / 8, (size_t)n, "track %d: %zu frames", k, bytes / 8);
      int64_t frames;
      int ch, rate;
      double *pcm = tu_read(in[k], &frames, &ch, &rate);
      double err = 0, ref = 0;
      for (int64_t i = 0; i < 2 * n; i++) {
        if (pass == 0 || (i >= 2 * 2048 && i < 2 * (n - 2048))) { /* AAC: past the edges' steps */
          err += ((double)got[i] - pcm[i]) * ((double)got[i] - pcm[i]);
          ref += pcm[i] * pcm[i];
        }
        if (k)
          sum[i] += got[i];
      }
      for (int lag = -1; pass && lag <= 1; lag += 2) { /* aligned: least at no lag */
        double e2 = 0;
        for (int64_t i = 2 * 2048; i < 2 * (n - 2048); i++)
          e2 += ((double)got[i + 2 * lag] - pcm[i]) * ((double)got[i + 2 * lag] - pcm[i]);
        cr_expect_lt(err, e2, "AAC track %d is a sample %s", k, lag < 0 ? "late" : "early");
      }
      if (pass == 0)
        cr_expect_eq(err, 0, "ALAC track %d is its print, bit for bit", k);
      else
        cr_expect_lt(10 * log10(err / ref), -30, "AAC track %d: %.1f dB", k, 10 * log10(err / ref));
      if (k == 0)
        mix = got;
      else
        free(got);
      free(pcm);
    }
    for (int64_t i = 0; i < 2 * n; i++)
      sum_err = fmax(sum_err, fabs((double)sum[i] - mix[i]));
    if (pass == 0)
      cr_expect_eq(sum_err, 0, "the decoded stems sum to the decoded mix");
    if (system("command -v mediainfo >/dev/null 2>&1") == 0) {
      char *mc = sp_xasprintf("LC_ALL=C.UTF-8 mediainfo '%s'", out);
      char *mi = capture(mc, NULL);
      cr_expect(strstr(mi, "Audio #5") && !strstr(mi, "Audio #6"), "five audio tracks:\n%s", mi);
      cr_expect(strstr(mi, pass ? "AAC LC" : "ALAC"), "%s", mi);
      free(mi), free(mc);
    }
    char *m = stem_manifest_of(out);
    cr_expect_str_eq(m, "1 False\nDrums #009E73\nBass #D55E00\nOther \"keys\" #CC79A7\n"
                        "Vocals #56B4E9\n");
    free(m), free(mix), free(sum), free(streams), free(cmd), free(out);
  }
  /* a stem a sample off: refused, nothing written */
  stem_prints(n, 0.01f);
  char *out = tu_path(dir, "bad.stem.mp4");
  double res;
  char why[512];
  cr_expect_eq(sp_stem_mp4_write(out, &s, &res, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "do not sum to the mix: the residual peaks at -40.0 dBFS"), "%s", why);
  cr_expect_eq(access(out, F_OK), -1);
  s.colors[2] = "pink";
  cr_expect_eq(sp_stem_mp4_write(out, &s, &res, why, sizeof why), SP_ERR_USAGE);
  cr_expect(strstr(why, "colour"), "%s", why);
  free(out);
  for (int k = 0; k < 5; k++)
    free(in[k]);
}

/* k.wav, b.wav, g.wav and v.wav in dir: 0.2 s tones at 110, 220, 330 and
 * 440 Hz, the four tracks of a stem file's recipe. */
static void four_tones(void)
{
  static const char *const tracks[] = {"k", "b", "g", "v"};
  for (int k = 0; k < 4; k++) {
    char *f = sp_xasprintf("%s.wav", tracks[k]);
    tu_write_tone(dir, f, 48000, 110.0 * (k + 1), 0.2);
    free(f);
  }
}

/* output.stem_mp4: a recipe's four printed stems made into its .stem.mp4
 * beside the mix: five ALAC tracks, each its print bit for bit (so the
 * stems sum to the mix as the prints do), the manifest's names and
 * colours, the same bytes at -j 1 and 2; a bad key refused at its line. */
Test(m4a, a_recipe_s_stem_mp4_key_makes_the_stem_file)
{
  need("ffmpeg");
  need("ffprobe");
  need("python3");
  four_tones();
  static const char head[] = "stemprint: 1\nsample_rate: 48000\n"
                             "tracks: {k: k.wav, b: b.wav, g: g.wav, v: v.wav}\n"
                             "stems: {drums: [k], bass: [b], other: [g], vocals: [v]}\n"
                             "output:\n  stem_mp4:\n";
  char *text = sp_xasprintf("%s    stems: [drums, bass, other, vocals]\n"
                            "    colors: [\"#FF0000\", \"#00FF00\", \"#0000FF\", \"#FFFF00\"]\n",
                            head);
  char *recipe = tu_write_text(dir, "song.yaml", text), *dep = tu_path(dir, "song.d");
  static const char *const j1[] = {"-j", "1", NULL};
  const char *const j2[] = {"-j", "2", "--depfile", dep, NULL};
  const char *const *const runs[] = {j1, j2};
  static const char *const files[] = {"mix.stem.mp4", NULL};
  tu_expect_same_prints(dir, recipe, runs, 2, files);
  /* the folder's record lists it with the prints, make's rule has it for a target */
  char *rec = tu_path(dir, "o0/.stemprint/song.prints"), *record = tu_slurp_must(rec),
       *rule = tu_slurp_must(dep), *target = sp_xasprintf("%s/o1/mix.stem.mp4 ", dir);
  free(rec);
  cr_expect(strstr(record, "\nmix.stem.mp4\n"), "the record:\n%s", record);
  cr_expect(strstr(rule, target) && strstr(rule, target) < strchr(rule, ':'), "%s", rule);
  free(record), free(rule), free(target), free(dep);
  char *out = sp_xasprintf("%s/o0/mix.stem.mp4", dir);
  char *cmd = sp_xasprintf("ffprobe -v error -show_entries stream=codec_name,channels -of "
                           "csv=p=0 '%s'",
                           out);
  char *streams = capture(cmd, NULL);
  cr_expect_str_eq(streams, "alac,2\nalac,2\nalac,2\nalac,2\nalac,2\n");
  static const char *const prints[] = {"mix", "drums", "bass", "other", "vocals"};
  /* the five tracks and the five prints, by one ffmpeg */
  const char *paths[10];
  for (int k = 0; k < 5; k++) {
    paths[k] = out;
    paths[5 + k] = sp_xasprintf("%s/o0/%s.wav", dir, prints[k]);
  }
  void *dec[10];
  size_t dec_bytes[10];
  decode_each(paths, (const int[]){0, 1, 2, 3, 4, 0, 0, 0, 0, 0}, 10, "s32le", dec, dec_bytes);
  for (int k = 0; k < 5; k++) {
    const size_t na = dec_bytes[k], nw = dec_bytes[5 + k];
    cr_expect(nw == na && memcmp(dec[5 + k], dec[k], nw) == 0, "track %d is %s.wav, bit for bit", k,
              prints[k]);
    free(dec[k]), free(dec[5 + k]), free((char *)paths[5 + k]);
  }
  char *m = stem_manifest_of(out);
  cr_expect_str_eq(m, "1 False\ndrums #FF0000\nbass #00FF00\nother #0000FF\nvocals #FFFF00\n");
  /* the recipe asks for it no more: the next render into the folder takes it away */
  char *plain = sp_xasprintf("%.*s", (int)(strlen(head) - strlen("output:\n  stem_mp4:\n")), head),
       *o0 = tu_path(dir, "o0");
  free(tu_write_text(dir, "song.yaml", plain));
  const char *again[] = {"render", recipe, "-q", "-o", o0, NULL};
  cr_expect_eq(tu_run(again, NULL, NULL), 0);
  cr_expect_eq(access(out, F_OK), -1, "%s stays, printed no more", out);
  free(plain), free(o0);
  free(m), free(streams), free(cmd), free(out), free(recipe), free(text);
  static const char *const bad[][2] = {
      {"    stems: [drums, bass, other]\n",
       "bad.yaml:7:12: output.stem_mp4.stems: a stem file holds four stems, got 3"},
      {"    stems: [drums, bass, other, voxx]\n",
       "bad.yaml:7:33: output.stem_mp4.stems: 'voxx' is not a stem this recipe prints; name "
       "one of its stems (drums, bass, other, vocals)"},
      {"    stems: [drums, bass, other, vocals]\n    colors: [red, \"#00FF00\", \"#0000FF\", "
       "\"#FFFF00\"]\n",
       "bad.yaml:8:14: output.stem_mp4.colors: 'red' is not a colour; write it #RRGGBB"},
      {"    codec: flac\n    stems: [drums, bass, other, vocals]\n", "output.stem_mp4.codec:"},
      /* NI's format is stereo: a 5.1 or a mono mix refused at check, at the key */
      {"    stems: [drums, bass, other, vocals]\nmaster: {layout: 5.1}\n",
       "bad.yaml:7:5: output.stem_mp4: a stem file is stereo (NI's Stem format), and the mix is 5.1 "
       "(master.layout, 6 channels); print a stereo mix (master.layout: stereo, or none) or drop "
       "output.stem_mp4"},
      {"    stems: [drums, bass, other, vocals]\nmaster: {layout: mono}\n",
       "and the mix is mono (master.layout, 1 channel)"}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *t = sp_xasprintf("%s%s", head, bad[i][0]);
    char *r = tu_write_text(dir, "bad.yaml", t);
    const char *args[] = {i >= 4 ? "check" : "render", r, i >= 4 ? NULL : "-q", NULL};
    char *err = NULL;
    cr_expect_neq(tu_run(args, NULL, &err), 0, "%s", bad[i][0]);
    cr_expect(err && strstr(err, bad[i][1]), "want %s, got:\n%s", bad[i][1], err);
    free(err), free(r), free(t);
  }
}

/* A stem file the recipe plays as a source (a DJ's .stem.mp4 remixed) is
 * never printed over: output.stem_mp4 at its name is refused at check, as
 * a print or an output.also file at a source's name is, and the source is
 * left as it was. Before, the render replaced it, exit 0 (review 13 #3). */
Test(m4a, a_stem_file_is_never_printed_over_a_source)
{
  four_tones();
  static const char stems[] = "stemprint: 1\nsample_rate: 48000\n"
                              "stems: {drums: [k], bass: [b], other: [g], vocals: [v]}\n"
                              "output: {dir: ., stem_mp4: {stems: [drums, bass, other, vocals], "
                              "name: \"{recipe}\"}}\n";
  char *first = sp_xasprintf("%stracks: {k: k.wav, b: b.wav, g: g.wav, v: v.wav}\n", stems);
  char *made = tu_write_text(dir, "made.yaml", first);
  cr_assert_eq(tu_run((const char *[]){"render", made, "-q", NULL}, NULL, NULL), 0);
  char *song_stem = tu_path(dir, "song.stem.mp4"), *made_stem = tu_path(dir, "made.stem.mp4");
  cr_assert_eq(rename(made_stem, song_stem), 0);
  char *second =
      sp_xasprintf("%stracks: {k: k.wav, b: b.wav, g: g.wav, v: song.stem.mp4}\n", stems);
  char *song = tu_write_text(dir, "song.yaml", second), *before = tu_slurp_must(song_stem);
  struct stat st;
  cr_assert_eq(stat(song_stem, &st), 0);
  const size_t n = (size_t)st.st_size;
  for (int i = 0; i < 2; i++) {
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){i ? "render" : "check", song, NULL}, NULL, &err), 2);
    cr_expect(err && strstr(err, "song.yaml:4:28: output.stem_mp4: output '") &&
                  strstr(err, "/./song.stem.mp4' would overwrite 'song.stem.mp4', an input of "
                              "track 'v'; choose another output.dir or name"),
              "%s", err);
    free(err);
  }
  char *after = tu_slurp_must(song_stem);
  cr_assert_eq(stat(song_stem, &st), 0);
  cr_expect((size_t)st.st_size == n && memcmp(after, before, n) == 0,
            "the source was written over");
  free(after), free(before), free(song), free(second), free(song_stem), free(made_stem);
  free(made), free(first);
}

/* The stem file lands with the prints, in one step: a render whose stem
 * file cannot be made (a group of it past full scale, where the mix is
 * fine) fails with the error at output.stem_mp4 and lands nothing, the
 * earlier render's prints and stem file as they were (the prints landed
 * first, before, and the old stem file stayed beside new prints). */
Test(m4a, a_stem_file_that_cannot_be_made_lands_nothing)
{
  need("ffmpeg");
  tu_write_tone(dir, "t.wav", 48000, 220.0, 0.9); /* 0.64 a channel, panned centre */
  tu_write_tone(dir, "q.wav", 48000, 330.0, 0.1);
  static const char *const gains[] = {"-6 dB", "0 dB"}; /* the group at 0.64, then 1.27 */
  char *o = tu_path(dir, "o"), *recipe = NULL;
  static const char *const kept[] = {"mix.wav", "g1.wav", "n1.wav", "mix.stem.mp4"};
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf(
        "stemprint: 1\nsample_rate: 48000\n"
        "tracks:\n  p1: {file: t.wav, gain: %s}\n  p2: {file: t.wav, gain: %s}\n"
        "  n1: {file: t.wav, gain: %s, invert: true}\n  n2: {file: t.wav, gain: %s, invert: true}\n"
        "  q: q.wav\n"
        "stems: {g1: [p1], g2: [p2], n1: [n1], n2: [n2], q: [q]}\n"
        "output:\n  depth: 24\n  dither: none\n  stem_mp4: {stems: [{loud: [g1, g2]}, n1, n2, "
        "q]}\n",
        gains[k], gains[k], gains[k], gains[k]);
    free(recipe);
    recipe = tu_write_text(dir, "song.yaml", text);
    free(text);
    const char *args[] = {"render", recipe, "-q", "-o", o, NULL};
    char *err = NULL;
    const int rc = tu_run(args, NULL, &err);
    if (k == 0) {
      cr_assert_eq(rc, 0, "%s", err);
      for (int f = 0; f < 4; f++) { /* kept aside, to hold the folder against */
        char *cmd = sp_xasprintf("cp '%s/%s' '%s/was-%s'", o, kept[f], dir, kept[f]);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        free(cmd);
      }
    } else {
      cr_expect_neq(rc, 0);
      cr_expect(strstr(err, "song.yaml:13:13: output.stem_mp4: stem 'loud' (a group of 2 prints) "
                            "sums past full scale"),
                "%s", err);
    }
    free(err);
  }
  for (int f = 0; f < 4; f++) {
    char *now = sp_xasprintf("%s/%s", o, kept[f]), *was = sp_xasprintf("%s/was-%s", dir, kept[f]);
    cr_expect(tu_same_bytes(now, was), "%s is not as the earlier render left it", kept[f]);
    free(now), free(was);
  }
  cr_expect_eq(tu_count_prints(o), 7, "the six prints and the stem file: no temporary file");
  free(recipe), free(o);
}

/* output.stem_mp4's group form: a stem of the file that is several printed
 * stems summed ({melody: [keys, gtr]}, as `stems:` writes a stem of
 * tracks): its ALAC track decodes (ffmpeg) to the sum of its prints' codes
 * exactly, the manifest names it, the four tracks still sum to the mix;
 * the recipe written back (plan's canonical text) keeps the group; a
 * member not printed, a member twice, a group that is no list refused at
 * check; a group that sums past full scale refused by the writer, nothing
 * written. */
Test(m4a, a_stem_of_the_file_may_be_a_group_of_printed_stems)
{
  need("ffmpeg");
  need("python3");
  static const char *const tracks[] = {"k", "b", "p", "g", "v"};
  for (int k = 0; k < 5; k++) {
    char *f = sp_xasprintf("%s.wav", tracks[k]);
    tu_write_tone(dir, f, 9600, 110.0 * (k + 1), 0.15);
    free(f);
  }
  static const char head[] = "stemprint: 1\nsample_rate: 48000\n"
                             "tracks: {k: k.wav, b: b.wav, p: p.wav, g: g.wav, v: v.wav}\n"
                             "stems: {drums: [k], bass: [b], keys: [p], gtr: [g], vocals: [v]}\n"
                             "output:\n  stem_mp4:\n";
  char *text = sp_xasprintf("%s    stems: [drums, bass, {melody: [keys, gtr]}, vocals]\n", head);
  char *recipe = tu_write_text(dir, "song.yaml", text), *o = tu_path(dir, "out");
  const char *args[] = {"render", recipe, "-o", o, NULL};
  char *err = NULL, *said = NULL;
  cr_assert_eq(tu_run(args, &said, &err), 0, "%s", err);
  cr_expect(strstr(said, "the mix and drums, bass, melody, vocals; null"), "%s", said);
  char *out = tu_path(o, "mix.stem.mp4");
  char *m = stem_manifest_of(out);
  cr_expect(strstr(m, "\nmelody #34C759\n"), "%s", m);
  /* each track: its print's codes, the group's the sum of its two */
  static const char *const prints[][2] = {
      {"mix", NULL}, {"drums", NULL}, {"bass", NULL}, {"keys", "gtr"}, {"vocals", NULL}};
  /* the five tracks and the six prints, by one ffmpeg: track k at k, its
   * first print at 5 + k, keys' second (gtr) at 10 */
  const char *paths[11];
  for (int k = 0; k < 5; k++) {
    paths[k] = out;
    paths[5 + k] = sp_xasprintf("%s/%s.wav", o, prints[k][0]);
  }
  paths[10] = sp_xasprintf("%s/%s.wav", o, prints[3][1]);
  void *dec[11];
  size_t dec_bytes[11];
  decode_each(paths, (const int[]){0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0}, 11, "s32le", dec, dec_bytes);
  for (int k = 0; k < 5; k++) {
    const size_t na = dec_bytes[k], nw = dec_bytes[5 + k];
    const size_t n2 = prints[k][1] ? dec_bytes[10] : 0;
    int32_t *a = dec[k], *w = dec[5 + k], *w2 = prints[k][1] ? dec[10] : NULL;
    char *w1 = (char *)paths[5 + k];
    cr_expect(na == nw && (!w2 || n2 == nw), "track %d: %zu bytes, its prints %zu", k, na, nw);
    bool same = na == nw;
    for (size_t i = 0; same && i < nw / 4; i++)
      same = (int64_t)a[i] == (int64_t)w[i] + (w2 ? (int64_t)w2[i] : 0);
    cr_expect(same, "track %d is %s%s%s, bit for bit", k, prints[k][0], w2 ? " + " : "",
              w2 ? prints[k][1] : "");
    free(a), free(w), free(w1);
  }
  free(dec[10]), free((char *)paths[10]);
  /* the canonical recipe keeps the group */
  const char *plan[] = {"plan", recipe, "--json", NULL};
  char *json = NULL;
  cr_expect_eq(tu_run(plan, &json, NULL), 0);
  cr_expect(json && strstr(json, "melody") && strstr(json, "gtr"), "%s", json);
  free(json), free(m), free(out), free(said), free(err), free(o), free(recipe), free(text);
  static const char *const bad[][2] = {
      {"    stems: [drums, bass, {melody: [keys, guitar]}, vocals]\n",
       "bad.yaml:7:42: output.stem_mp4.stems: 'guitar' is not a stem this recipe prints"},
      {"    stems: [drums, bass, {melody: [keys, bass]}, vocals]\n",
       "bad.yaml:7:42: output.stem_mp4.stems: 'bass' is in the stem file twice (in 'bass' too); "
       "a printed stem goes into one of its four stems"},
      {"    stems: [drums, bass, {melody: {of: keys}}, vocals]\n",
       "bad.yaml:7:26: output.stem_mp4.stems[2]: expected a stem's name, or a group of stems "
       "summed as {NAME: [stems]}"}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char *t = sp_xasprintf("%s%s", head, bad[i][0]);
    char *r = tu_write_text(dir, "bad.yaml", t);
    const char *check[] = {"check", r, NULL};
    char *e = NULL;
    cr_expect_eq(tu_run(check, NULL, &e), 2, "%s", bad[i][0]);
    cr_expect(e && strstr(e, bad[i][1]), "want %s, got:\n%s", bad[i][1], e);
    free(e), free(r), free(t);
  }
  /* a group past full scale: two stems at +0.6 in it, two at -0.6 beside it, the mix silence */
  const int64_t n = 4800;
  float *x[5];
  for (int k = 0; k < 5; k++) {
    x[k] = sp_xcalloc((size_t)(2 * n), sizeof(float));
    for (int64_t i = 0; k && i < 2 * n; i++)
      x[k][i] = k <= 2 ? 0.6f : -0.6f;
  }
  static const char *const names[] = {"m0.wav", "s1.wav", "s2.wav", "s3.wav", "s4.wav"};
  char *in[5];
  for (int k = 0; k < 5; k++) {
    in[k] = tu_write_wav(dir, names[k], 2, 48000, 24, x[k], n);
    free(x[k]);
  }
  const char *const more[] = {in[2]};
  sp_stem_mp4 s = {.mix = in[0],
                   .stems = {in[1], in[3], in[4], in[4]},
                   .also = {more},
                   .n_also = {1},
                   .names = {"loud", "b", "c", "d"},
                   .colors = {"#000000", "#000000", "#000000", "#000000"},
                   .codec = SP_FORMAT_ALAC,
                   .max_residual_db = -90,
                   .open = sp_audio_open};
  char *loud = tu_path(dir, "loud.stem.mp4"), why[512];
  double res;
  cr_expect_eq(sp_stem_mp4_write(loud, &s, &res, why, sizeof why), SP_ERR_RENDER);
  cr_expect(strstr(why, "stem 'loud' (a group of 2 prints) sums past full scale (1.6 dBFS at "
                        "frame 0)"),
            "%s", why);
  cr_expect_eq(access(loud, F_OK), -1);
  free(loud);
  for (int k = 0; k < 5; k++)
    free(in[k]);
}

/* A shell command run in dir; its status 0. */
static void in_dir(const char *cmd)
{
  char *c = sp_xasprintf("cd '%s' && %s", dir, cmd);
  cr_assert_eq(system(c), 0, "%s", c);
  free(c);
}

/* What `stemprint args`, run in dir, says on stdout and stderr, then
 * "exit N" (heap). */
static char *stemprint_says(const char *args)
{
  char *cmd =
      sp_xasprintf("cd '%s' && '%s' %s 2>&1; echo \"exit $?\"", dir, SP_STEMPRINT_BIN, args);
  char *said = capture(cmd, NULL);
  free(cmd);
  return said;
}

/* An MPEG-4 stream whose channel count or sample rate changes mid-stream
 * (MP3s of two kinds, AC-3 5.1 then stereo, copied into one .m4a) is
 * refused at the frame where it changes, with what changed and how to
 * convert it; read by `loudness`, as a recipe's track and as an album's
 * song (the reader read planes by the header's channel count: a crash). A
 * mono MP3 in MP4 (its sample entry says 2 channels, MP4's template) reads
 * as mono. */
Test(m4a, a_stream_whose_channels_or_rate_change_is_refused_at_its_frame)
{
  need("ffmpeg");
  char *enc = capture("ffmpeg -hide_banner -encoders 2>/dev/null", NULL);
  if (!strstr(enc, "libmp3lame") || !strstr(enc, " ac3 "))
    cr_skip_test("this ffmpeg has no libmp3lame or ac3 encoder");
  free(enc);
  in_dir("for s in st:2:44100 mo:1:44100 hi:2:48000; do IFS=: read n c r <<EOF\n$s\nEOF\n"
         "ffmpeg -v error -f lavfi -i sine=f=440:d=0.5:r=$r -ac $c -c:a libmp3lame -write_xing 0 "
         "-id3v2_version 0 "
         "$n.mp3 || exit 1; done");
  in_dir("ffmpeg -v error -f lavfi -i sine=f=440:d=0.5 -af "
         "'pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0' -c:a ac3 s51.ac3 && "
         "ffmpeg -v error -f lavfi -i sine=f=440:d=0.5 -ac 2 -c:a ac3 s2.ac3");
  static const char *const made[][3] = {
      /* its pieces, its name, what is said of it */
      {"st.mp3 mo.mp3", "down.m4a",
       "its channels change from 2 to 1 at frame |; stemprint reads a stream of one channel "
       "count: convert it first, e.g. ffmpeg -ac 2\n"},
      {"mo.mp3 st.mp3", "up.m4a",
       "its channels change from 1 to 2 at frame |; stemprint reads a stream of one channel "
       "count: convert it first, e.g. ffmpeg -ac 1\n"},
      {"st.mp3 hi.mp3", "rate.m4a",
       "its sample rate changes from 44100 Hz to 48000 Hz at frame |; stemprint reads a stream "
       "of one sample rate: convert it first, e.g. ffmpeg -ar 44100\n"},
      {"s51.ac3 s2.ac3", "ac3.m4a",
       "its channels change from 6 to 2 at frame |; stemprint reads a stream of one channel "
       "count: convert it first, e.g. ffmpeg -ac 6\n"}};
  for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
    char *cmd = sp_xasprintf("cat %s > joined && ffmpeg -v error -f %s -i joined -c copy -f mp4 %s",
                             made[i][0], strstr(made[i][0], "ac3") ? "ac3" : "mp3", made[i][1]);
    in_dir(cmd);
    free(cmd);
    /* what is said before the frame's number and after it: the number is
     * the encoder's (its frames and delay), about half a second */
    const char *bar = strchr(made[i][2], '|');
    char *head =
        sp_xasprintf("cannot read '%s': %.*s", made[i][1], (int)(bar - made[i][2]), made[i][2]);
    char *args = sp_xasprintf("loudness %s", made[i][1]);
    char *said = stemprint_says(args);
    const char *at = strstr(said, head);
    long long frame = -1;
    double sec = -1;
    int used = 0;
    cr_expect(at && sscanf(at + strlen(head), "%lld (%lf s)%n", &frame, &sec, &used) == 2 &&
                  strncmp(at + strlen(head) + used, bar + 1, strlen(bar + 1)) == 0 &&
                  frame > 20000 && frame < 26000 && fabs(sec - 0.5) < 0.06,
              "want %s N (0.5 s)%s, got:\n%s", head, bar + 1, said);
    cr_expect(strstr(said, "\nexit 3\n"), "%s", said);
    free(said), free(args), free(head);
  }
  /* as a recipe's track, and as an album's song */
  free(tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks: {t: down.m4a}\n"));
  free(tu_write_text(dir, "album.yaml",
                     "stemprint: 1\nalbum:\n  songs:\n    - file: down.m4a\n"
                     "output:\n  dir: out\n"));
  static const char *const in[][2] = {
      {"render song.yaml -q -o o", "song.yaml:2:13: tracks.t.file: 'down.m4a' its channels "
                                   "change from 2 to 1 at frame "},
      {"render album.yaml -q",
       "cannot read 'down.m4a': its channels change from 2 to 1 at frame "}};
  for (size_t i = 0; i < 2; i++) {
    char *said = stemprint_says(in[i][0]);
    cr_expect(strstr(said, in[i][1]) && strstr(said, "\nexit 3\n"), "%s:\n%s", in[i][0], said);
    free(said);
  }
  /* one kind throughout: read as it is */
  in_dir("ffmpeg -v error -i mo.mp3 -c copy -f mp4 mono.m4a");
  char *p = tu_path(dir, "mono.m4a"), why[512] = "";
  sp_reader *r;
  sp_audio_info info;
  cr_assert_eq(sp_audio_open(p, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.channels, 1);
  cr_expect_eq(info.sample_rate, 44100);
  float *buf = sp_xmalloc((size_t)info.frames * sizeof *buf);
  cr_expect_eq(r->ops->read_float(r, buf, info.frames), info.frames, "%s", r->ops->error(r));
  float peak = 0;
  for (int64_t i = 0; i < info.frames; i++)
    peak = fabsf(buf[i]) > peak ? fabsf(buf[i]) : peak;
  cr_expect(peak > 0.1f && peak < 0.2f, "a sine at -18 dBFS: peak %g", (double)peak);
  r->ops->close(r);
  free(buf), free(p);
}

/* The source of the PCM tests: a sine (left) and a ramp through the
 * range (right), frames of it at 44.1 kHz, as float64. */
static double pcm_source(int64_t i, int c, int64_t frames)
{
  return c == 0 ? 0.5 * sin(2 * M_PI * 441.0 * (double)i / 44100.0)
                : -0.9 + 1.8 * (double)i / (double)frames;
}

/* PCM in a QuickTime or MPEG-4 file, in each sample format FFmpeg's
 * decoders give for it (u8; s16 little and big-endian; 24 and 32 bits in
 * s32; float; double), reads as its samples: each the source within its
 * format's quantisation (one step, and on the step's grid), float and
 * double exactly, by read_double; its depth said (a lossless file, not a
 * lossy one). It read as silence: an unknown format fell through to 0. */
Test(m4a, pcm_in_a_quicktime_file_reads_as_its_samples)
{
  need("ffmpeg");
  enum { N = 22050 };
  double *src = sp_xmalloc(2 * N * sizeof *src);
  for (int64_t i = 0; i < N; i++)
    for (int c = 0; c < 2; c++)
      src[2 * i + c] = pcm_source(i, c, N);
  char *raw = tu_path(dir, "src.f64");
  FILE *f = fopen(raw, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(src, sizeof *src, 2 * N, f), 2 * N);
  fclose(f);
  static const struct {
    const char *codec, *name;
    int bits; /* its quantisation; 0: float, exact as float; -1: double, exact */
    bool is_float;
  } pcm[] = {{"pcm_u8", "u8.mov", 8, false},        {"pcm_s16le", "s16.m4a", 16, false},
             {"pcm_s16be", "s16be.mov", 16, false}, {"pcm_s24le", "s24.m4a", 24, false},
             {"pcm_s32be", "s32.mov", 32, false},   {"pcm_f32le", "f32.m4a", 0, true},
             {"pcm_f64be", "f64.m4a", -1, true}};
  for (size_t k = 0; k < sizeof pcm / sizeof *pcm; k++) {
    char *cmd =
        sp_xasprintf("ffmpeg -v error -f f64le -ar 44100 -ac 2 -i src.f64 -c:a %s -f mov %s",
                     pcm[k].codec, pcm[k].name);
    in_dir(cmd);
    free(cmd);
    char *p = tu_path(dir, pcm[k].name), why[512] = "";
    sp_reader *r;
    sp_audio_info info;
    cr_assert_eq(sp_audio_open(p, &r, &info, why, sizeof why), SP_OK, "%s: %s", pcm[k].codec, why);
    cr_expect(info.frames == N && info.channels == 2 && info.sample_rate == 44100,
              "%s: %lld frames, %d channels at %d Hz", pcm[k].codec, (long long)info.frames,
              info.channels, info.sample_rate);
    const int bits = pcm[k].bits > 0 ? pcm[k].bits : pcm[k].bits == 0 ? 32 : 64;
    cr_expect(info.bits == bits && info.is_float == pcm[k].is_float, "%s: %d bits%s", pcm[k].codec,
              info.bits, info.is_float ? ", float" : "");
    double *got = sp_xcalloc(2 * N, sizeof *got);
    cr_expect_eq(r->ops->read_double(r, got, N), N, "%s: %s", pcm[k].codec, r->ops->error(r));
    r->ops->close(r);
    const double step = pcm[k].bits > 0 ? ldexp(1.0, -(pcm[k].bits - 1)) : 0;
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < 2 * N; i++) {
      const double want = pcm[k].bits == 0 ? (double)(float)src[i] : src[i];
      const bool ok = step > 0 ? fabs(got[i] - want) <= step && got[i] / step == rint(got[i] / step)
                               : got[i] == want;
      if (!ok && !bad++)
        first = i;
    }
    cr_expect(bad == 0, "%s: %zu samples off, the first %zu: %.17g for %.17g", pcm[k].codec, bad,
              first, got[first], src[first]);
    free(got), free(p);
  }
  free(raw), free(src);
}

/* A file of several audio tracks plays the one a player plays: the first
 * enabled (its tkhd's flag), not the first (a disabled silent track ahead
 * of the music read as silence, exit 0, where ffmpeg plays the music);
 * two enabled, the first plays and the render says the other does not. */
Test(m4a, the_enabled_audio_track_plays_and_more_than_one_is_said)
{
  need("ffmpeg");
  in_dir("ffmpeg -v error -f lavfi -i anullsrc=r=48000:cl=stereo:d=0.5 -f lavfi -i "
         "sine=f=440:d=0.5:r=48000 -map 0 -map 1 -c:a pcm_s16le -disposition:a:0 0 "
         "-disposition:a:1 default -f mov second.m4a");
  in_dir("ffmpeg -v error -f lavfi -i sine=f=300:d=0.5:r=48000 -f lavfi -i "
         "sine=f=440:d=0.5:r=48000 -map 0 -map 1 -c:a pcm_s16le -disposition:a:0 default "
         "-disposition:a:1 default -f mov both.m4a");
  static const char *const names[] = {"second.m4a", "both.m4a"};
  for (int k = 0; k < 2; k++) {
    char *p = tu_path(dir, names[k]), why[512] = "";
    sp_reader *r;
    sp_audio_info info;
    cr_assert_eq(sp_audio_open(p, &r, &info, why, sizeof why), SP_OK, "%s: %s", names[k], why);
    cr_expect_eq(info.channels, 1, "%s: %d channels (the sine's one)", names[k], info.channels);
    double got[2 * 4800]; /* (the silent track has two channels) */
    cr_assert_eq(r->ops->read_double(r, got, 4800), 4800, "%s", r->ops->error(r));
    r->ops->close(r);
    double peak = 0;
    for (int i = 0; i < 4800; i++)
      peak = fmax(peak, fabs(got[i]));
    cr_expect_gt(peak, 0.1, "%s: the sine plays, not silence (peak %g)", names[k], peak);
    cr_expect_str_eq(info.unplayed,
                     k ? "2 audio tracks, more than one enabled: it plays stream 0 alone; give "
                         "it only the track to play, or extract it first"
                       : "",
                     "%s", names[k]);
    free(p);
  }
  free(tu_write_text(dir, "two.yaml", "stemprint: 1\ntracks: {a: {file: both.m4a}}\n"));
  char *said = stemprint_says("check two.yaml");
  cr_expect(strstr(said, "warning: two.yaml:2:20: tracks.a.file: 'both.m4a' holds 2 audio "
                         "tracks, more than one enabled: it plays stream 0 alone; give it only "
                         "the track to play, or extract it first") &&
                strstr(said, "exit 0"),
            "%s", said);
  free(said);
}

/* Before, only a recipe's check said that an MPEG-4 of several audio
 * tracks, more than one enabled or none of several, plays one: loudness,
 * null and diff, given the file, measured that track and said nothing,
 * and a measure of one track passed for the whole file's. Each says it
 * now, once a file, on stderr in the check's words (the media the
 * commands read through says it: cmd/cli.h's sp_cli_media), the JSON and
 * CSV on stdout as they were; a file of one enabled track is not said. */
Test(m4a, the_commands_that_measure_a_file_say_the_tracks_it_does_not_play)
{
  need("ffmpeg");
  in_dir("ffmpeg -v error -f lavfi -i sine=f=300:d=0.5:r=48000 -f lavfi -i "
         "sine=f=440:d=0.5:r=48000 -map 0 -map 1 -c:a pcm_s16le -disposition:a:0 default "
         "-disposition:a:1 default -f mov both.m4a");
  /* none enabled: FFmpeg's muxer enables the first when none is default,
   * so each tkhd's enabled flag (the low bit of its flags) is cleared */
  in_dir("cp both.m4a none.m4a");
  char *np = tu_path(dir, "none.m4a");
  FILE *f = fopen(np, "r+b");
  cr_assert_not_null(f);
  size_t len;
  unsigned char *bytes = (unsigned char *)read_all(f, &len, false);
  f = fopen(np, "r+b");
  cr_assert_not_null(f);
  int cleared = 0;
  for (size_t i = 0; i + 8 <= len; i++)
    if (memcmp(bytes + i, "tkhd", 4) == 0) {
      cr_assert_eq(fseek(f, (long)i + 7, SEEK_SET), 0);
      fputc(bytes[i + 7] & ~1, f);
      cleared++;
    }
  fclose(f), free(bytes), free(np);
  cr_assert_eq(cleared, 2);
  in_dir("ffmpeg -v error -f lavfi -i sine=f=300:d=0.5:r=48000 -f lavfi -i "
         "sine=f=440:d=0.5:r=48000 -map 0 -map 1 -c:a pcm_s16le -disposition:a:0 0 "
         "-disposition:a:1 default -f mov second.m4a");
  static const char *const both =
      "stemprint: warning: 'both.m4a' holds 2 audio tracks, more than one enabled: it plays "
      "stream 0 alone; give it only the track to play, or extract it first\n";
  static const char *const none =
      "stemprint: warning: 'none.m4a' holds 2 audio tracks, none enabled: it plays stream 0 "
      "alone; give it only the track to play, or extract it first\n";
  static const struct {
    const char *args, *out_starts; /* what stdout begins with; NULL: anything */
    int status;
  } runs[] = {
      {"loudness both.m4a none.m4a second.m4a", "file ", 0},
      {"loudness --json both.m4a none.m4a second.m4a", "{", 0},
      {"loudness --csv both.m4a none.m4a second.m4a", "path,", 0},
      {"loudness --album both.m4a none.m4a second.m4a", "file ", 0},
      {"null both.m4a none.m4a second.m4a", NULL, 1}, /* 300 Hz against 300 + 440 Hz */
      {"diff both.m4a none.m4a", NULL, 0},            /* stream 0 of each: the same 300 Hz */
  };
  for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
    char *cmd = sp_xasprintf("cd '%s' && '%s' %s 2>err.txt; echo \"exit $?\"", dir,
                             SP_STEMPRINT_BIN, runs[k].args);
    char *out = capture(cmd, NULL), *errp = tu_path(dir, "err.txt");
    char *err = tu_slurp_must(errp);
    char *want_exit = sp_xasprintf("exit %d\n", runs[k].status);
    const char *end = strstr(out, "exit ");
    cr_expect(end && strcmp(end, want_exit) == 0, "%s: %s\n%s", runs[k].args, out, err);
    cr_expect(!runs[k].out_starts ||
                  strncmp(out, runs[k].out_starts, strlen(runs[k].out_starts)) == 0,
              "%s: stdout\n%s", runs[k].args, out);
    cr_expect(!strstr(out, "warning"), "%s: stdout holds the warning:\n%s", runs[k].args, out);
    /* once a file, whatever number of times a command opens it */
    const char *b = strstr(err, both), *n = strstr(err, none);
    cr_expect(b && !strstr(b + 1, both), "%s: want once:\n%s\ngot:\n%s", runs[k].args, both, err);
    cr_expect(n && !strstr(n + 1, none), "%s: want once:\n%s\ngot:\n%s", runs[k].args, none, err);
    cr_expect(!strstr(err, "second.m4a"), "%s: its one enabled track plays:\n%s", runs[k].args,
              err);
    free(cmd), free(out), free(errp), free(err), free(want_exit);
  }
}

/* Before, a WavPack file (a DAW's lossless recording: Reaper, a
 * DAWproject's audio) was "not a readable audio file (libsndfile: Format
 * not recognised.)", though FFmpeg, which stemprint reads MPEG-4 through,
 * decodes it. It reads as its samples now, FFmpeg's WavPack demuxer named
 * by the file's kind (io/fs/kind.c): 16 and 24-bit integers exactly on
 * their grid, 32-bit float exactly, a 5.1 file's speakers its mask, and a
 * seek lands where a read straight through does. */
Test(m4a, wavpack_reads_as_its_samples)
{
  need("ffmpeg");
  char *enc = capture("ffmpeg -hide_banner -encoders 2>/dev/null", NULL);
  if (!strstr(enc, " wavpack "))
    cr_skip_test("this ffmpeg has no wavpack encoder");
  free(enc);
  enum { N = 22050 };
  double *src = sp_xmalloc(6 * N * sizeof *src);
  for (int64_t i = 0; i < N; i++)
    for (int c = 0; c < 6; c++)
      src[6 * i + c] = pcm_source(i, c % 2, N) * (1.0 - 0.1 * c);
  char *raw = tu_path(dir, "src6.f64");
  FILE *f = fopen(raw, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(src, sizeof *src, 6 * N, f), 6 * N);
  fclose(f);
  static const struct {
    const char *opts, *name;
    int channels, bits; /* its quantisation; 0: float, exact as float */
    uint32_t mask;
  } wv[] = {{"-sample_fmt s16p", "s16.wv", 2, 16, 0},
            {"-sample_fmt s32p -bits_per_raw_sample 24", "s24.wv", 2, 24, 0},
            {"-sample_fmt fltp", "f32.wv", 2, 0, 0},
            {"-sample_fmt s16p", "s51.wv", 6, 16, 0x3F}};
  for (size_t k = 0; k < sizeof wv / sizeof *wv; k++) {
    char *cmd =
        sp_xasprintf("ffmpeg -v error -f f64le -ar 44100 -ch_layout %s -i src6.f64 "
                     "%s -c:a wavpack %s",
                     "5.1", wv[k].channels == 2 ? "-af 'pan=stereo|c0=c0|c1=c1'" : "", wv[k].opts);
    char *full = sp_xasprintf("%s %s", cmd, wv[k].name);
    in_dir(full);
    free(full), free(cmd);
    char *p = tu_path(dir, wv[k].name), why[512] = "";
    sp_reader *r;
    sp_audio_info info;
    cr_assert_eq(sp_audio_open(p, &r, &info, why, sizeof why), SP_OK, "%s: %s", wv[k].name, why);
    const int C = wv[k].channels;
    cr_expect(info.frames == N && info.channels == C && info.sample_rate == 44100,
              "%s: %lld frames, %d channels at %d Hz", wv[k].name, (long long)info.frames,
              info.channels, info.sample_rate);
    cr_expect(info.bits == (wv[k].bits ? wv[k].bits : 32) && info.is_float == !wv[k].bits,
              "%s: %d bits%s", wv[k].name, info.bits, info.is_float ? ", float" : "");
    cr_expect(C == 2 || info.mask == wv[k].mask, "%s: mask %#x", wv[k].name, info.mask);
    double *got = sp_xcalloc((size_t)C * N, sizeof *got);
    cr_expect_eq(r->ops->read_double(r, got, N), N, "%s: %s", wv[k].name, r->ops->error(r));
    const double step = wv[k].bits > 0 ? ldexp(1.0, -(wv[k].bits - 1)) : 0;
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < (size_t)C * N; i++) {
      const double want =
          wv[k].bits == 0 ? (double)(float)src[6 * (i / C) + i % C] : src[6 * (i / C) + i % C];
      const bool ok = step > 0 ? fabs(got[i] - want) <= step && got[i] / step == rint(got[i] / step)
                               : got[i] == want;
      if (!ok && !bad++)
        first = i;
    }
    cr_expect(bad == 0, "%s: %zu samples off, the first %zu: %.17g", wv[k].name, bad, first,
              got[first]);
    double at[64 * 6];
    cr_assert_eq(r->ops->seek(r, 12345, why, sizeof why), SP_OK, "%s", why);
    cr_expect_eq(r->ops->read_double(r, at, 64), 64);
    cr_expect_arr_eq(at, got + (size_t)12345 * C, (size_t)64 * C * sizeof *at, "%s: a seek",
                     wv[k].name);
    r->ops->close(r);
    free(got), free(p);
  }
  free(raw), free(src);
}

/* A reader of path sought to frame by sp_audio_seek_near, its next 64
 * frames those of codes (16-bit stereo); *was, the reader opened (it may
 * have given its place). The reader, open. */
static sp_reader *alac_near(const char *path, int64_t frame, const int32_t *codes, sp_reader **was)
{
  sp_reader *r;
  sp_audio_info info;
  char why[256];
  cr_assert_eq(sp_audio_open(path, &r, &info, why, sizeof why), SP_OK, "%s", why);
  *was = r;
  cr_assert_eq(sp_audio_seek_near(&r, frame, why, sizeof why), SP_OK, "%s", why);
  double x[2 * 64];
  cr_assert_eq(r->ops->read_double(r, x, 64), 64);
  for (int i = 0; i < 2 * 64; i++)
    cr_assert_eq(x[i], (double)codes[2 * frame + i] * 0x1p-31, "frame %lld", (long long)frame);
  return r;
}

/* Before, each region of an MPEG-4 (or WavPack) file decoded it from its
 * start to its `from` (FFmpeg's reader seeks by decoding, for every
 * sample as read straight through): 40 regions of a 10-minute AAC file
 * rendered in 21.4 s, of a WavPack 88.9 s. A reader closed partway is now
 * parked where it stopped, and the next reader of the file that seeks at
 * or past that place takes its place (1.6 and 2.6 s), its frames those a
 * read straight through gives. */
Test(m4a, a_reader_closed_partway_gives_its_place_to_the_next_that_seeks_past_it)
{
  enum { N = 30000 };
  int32_t *codes = sp_xcalloc(2 * N, sizeof *codes);
  float *floats = sp_xcalloc(2 * N, sizeof *floats);
  test_signal(codes, floats, N, 16);
  char *path = write_m4a("parked.m4a", SP_FORMAT_ALAC, SP_DEPTH_16, 44100, codes, NULL, N, 0, NULL);
  sp_reader *was, *b = alac_near(path, 10000, codes, &was);
  cr_assert_eq(b, was, "none parked yet: its own");
  b->ops->close(b); /* parked at 10064 */
  sp_reader *c = alac_near(path, 20000, codes, &was);
  cr_assert_eq(c, b, "the parked reader takes its place");
  sp_reader *d = alac_near(path, 5000, codes, &was);
  cr_assert_eq(d, was, "none parked at or before 5000: its own");
  d->ops->close(d);
  c->ops->close(c);
  sp_reader *e = alac_near(path, 25000, codes, &was);
  cr_assert_eq(e, c, "the one parked nearest before 25000 (20064, not 5064)");
  e->ops->close(e);
  sp_park_close_all();
  free(path), free(codes), free(floats);
}

/* A kind whose demuxer the FFmpeg here has not is refused, naming it:
 * before, FFmpeg was handed no demuxer and probed the file with every one
 * it has (HLS and concat among them, which open other files). */
Test(m4a, a_kind_whose_demuxer_ffmpeg_has_not_is_refused_naming_it)
{
  char *path = tu_write_text(dir, "x.wv", "wvpk\x20\0\0\0 not a real file");
  sp_probe *p;
  char why[512] = "";
  cr_assert_eq(sp_probe_open(path, &p, why, sizeof why), SP_OK, "%s", why);
  const sp_fs_kind kind = {"a test file", NULL, true, NULL, "no-such-demuxer"};
  sp_reader *r = NULL;
  cr_assert_eq(sp_m4a_open(p, &kind, &r, NULL, why, sizeof why), SP_ERR_IO);
  cr_expect_null(r);
  cr_expect(strstr(why, "it is a test file, and the FFmpeg installed here has no "
                        "'no-such-demuxer' demuxer to read it"),
            "%s", why);
  free(path);
}

/* An ISO box's payload in b (of n bytes), found by walking the boxes (into
 * moov's, trak's... containers); NULL when none. */
static unsigned char *find_box(unsigned char *b, size_t n, const char *type)
{
  static const char *const containers[] = {"moov", "trak", "mdia", "minf", "stbl", "edts"};
  for (size_t i = 0; i + 8 <= n;) {
    const size_t size =
        (size_t)b[i] << 24 | (size_t)b[i + 1] << 16 | (size_t)b[i + 2] << 8 | b[i + 3];
    if (size < 8 || size > n - i)
      return NULL;
    if (memcmp(b + i + 4, type, 4) == 0)
      return b + i + 8;
    for (size_t c = 0; c < sizeof containers / sizeof *containers; c++)
      if (memcmp(b + i + 4, containers[c], 4) == 0) {
        unsigned char *in = find_box(b + i + 8, size - 8, type);
        if (in)
          return in;
      }
    i += size;
  }
  return NULL;
}

static void put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* A file of ffmpeg's (mov, 16-bit PCM, stereo) with its boxes changed by
 * edit (on the file's bytes), written as name. */
static char *lying(const char *name, void (*edit)(unsigned char *b, size_t n))
{
  char *good = tu_path(dir, "good.mov"), *text, why[256];
  size_t n;
  cr_assert_eq(sp_fs_read_all(good, "a file", "files", 1 << 24, &text, &n, why, sizeof why), SP_OK,
               "%s", why);
  edit((unsigned char *)text, n);
  char *p = tu_path(dir, name);
  FILE *f = fopen(p, "wb");
  cr_assert_not_null(f);
  fwrite(text, 1, n, f);
  fclose(f);
  free(text), free(good);
  return p;
}

/* the sample entry's channel count (stsd: its entry, then 16 bytes in) */
static void say_99_channels(unsigned char *b, size_t n)
{
  unsigned char *stsd = find_box(b, n, "stsd");
  cr_assert_not_null(stsd);
  stsd[8 + 8 + 16] = 0, stsd[8 + 8 + 17] = 99;
}

/* the sample entry's rate and the track's timescale: 1 Hz */
static void say_1_hz(unsigned char *b, size_t n)
{
  unsigned char *stsd = find_box(b, n, "stsd"), *mdhd = find_box(b, n, "mdhd");
  cr_assert(stsd && mdhd && mdhd[0] == 0);
  put32(stsd + 8 + 8 + 24, 1 << 16);
  put32(mdhd + 12, 1);
}

/* the track's length (mdhd, its samples' durations, its edit): ~27 hours */
static void say_a_day_and_more(unsigned char *b, size_t n)
{
  unsigned char *mdhd = find_box(b, n, "mdhd"), *stts = find_box(b, n, "stts"),
                *elst = find_box(b, n, "elst");
  cr_assert(mdhd && stts && mdhd[0] == 0);
  put32(mdhd + 16, 0xFFFFFFF0u);
  put32(stts + 12, 0x7FFFFFF0u);
  if (elst && elst[0] == 0)
    put32(elst + 8, 0xFFFFFFF0u);
}

/* A header that lies is refused at open with what it says and what
 * stemprint reads: 99 channels, 1 Hz, a length past a day (read as it said,
 * the render's timeline, and what is sized by it, would be a day's). */
Test(m4a, a_header_that_lies_is_refused_with_what_it_says)
{
  need("ffmpeg");
  in_dir("ffmpeg -v error -f lavfi -i sine=f=440:d=1 -ac 2 -c:a pcm_s16le -f mov good.mov");
  static const struct {
    const char *name;
    void (*edit)(unsigned char *, size_t);
    const char *said;
  } lies[] = {
      {"c99.m4a", say_99_channels,
       "its audio track says 99 channels at 44100 Hz; stemprint reads 1 to 16 channels at 1000 to "
       "768000 Hz: the file is damaged, or convert it first (e.g. ffmpeg -ac 2 -ar 48000)"},
      {"hz1.m4a", say_1_hz, "its audio track says 2 channels at 1 Hz; stemprint reads 1 to 16"},
      {"day.m4a", say_a_day_and_more,
       "at 44100 Hz, more than 24 hours, the longest file stemprint reads; the file is damaged, "
       "or cut it"}};
  for (size_t k = 0; k < sizeof lies / sizeof *lies; k++) {
    char *p = lying(lies[k].name, lies[k].edit), why[512] = "";
    sp_reader *r = NULL;
    sp_audio_info info;
    const sp_err err = sp_audio_open(p, &r, &info, why, sizeof why);
    cr_expect(err == SP_ERR_IO && strstr(why, lies[k].said), "%s: want %s, got %s", lies[k].name,
              lies[k].said, why);
    if (r)
      r->ops->close(r);
    free(p);
  }
}

static uint32_t get32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An edit list whose first edit is empty (media_time -1: ISO/IEC 14496-12
 * 8.6.6) plays silence of its duration, then the media: ffmpeg -copyts
 * with aresample=async=1:first_pts=0 gives 24000 silent frames, then the
 * media's samples equal (an ffmpeg-made AAC file, 0.5 s empty). Before,
 * such a file was refused (that one: "it ends at frame 48128, before the
 * 49024 its edit list says; the file is damaged": FFmpeg's length counts
 * the priming where an empty edit leads). */
Test(m4a, an_empty_edit_plays_as_silence_before_the_media)
{
  enum { N = 48000, LEAD = 24000 };
  float *floats = sp_xcalloc(2 * N, sizeof *floats);
  int32_t *codes = sp_xcalloc(2 * N, sizeof *codes);
  test_signal(codes, floats, N, 16);
  char *path =
      write_m4a("plain.m4a", SP_FORMAT_AAC, SP_DEPTH_32F, 48000, NULL, floats, N, 256, NULL);
  char *text, why[512];
  size_t n;
  cr_assert_eq(sp_fs_read_all(path, "a file", "files", 1 << 24, &text, &n, why, sizeof why), SP_OK,
               "%s", why);
  unsigned char *b = (unsigned char *)text, *mvhd = find_box(b, n, "mvhd"),
                *elst = find_box(b, n, "elst");
  cr_assert(mvhd && elst && mvhd[0] == 0 && elst[0] == 0 && get32(elst + 4) == 1);
  const uint32_t timescale = get32(mvhd + 12);
  /* the edit list one entry longer: an empty edit of 0.5 s first; the
   * boxes around it (moov, trak, edts, elst: moov is the file's last) 12
   * bytes larger */
  const size_t at = (size_t)(elst + 8 - b);
  unsigned char *c = sp_xmalloc(n + 12);
  memcpy(c, b, at);
  put32(c + at, timescale / 2), put32(c + at + 4, 0xFFFFFFFFu), put32(c + at + 8, 1 << 16);
  memcpy(c + at + 12, b + at, n - at);
  put32(c + at - 4, 2);
  const char *const around[] = {"moov", "trak", "edts", "elst"};
  for (size_t k = 0; k < 4; k++) {
    unsigned char *box = find_box(c, n + 12, around[k]);
    cr_assert_not_null(box, "%s", around[k]);
    put32(box - 8, get32(box - 8) + 12);
  }
  char *lead = tu_write_bytes(dir, "lead.m4a", c, n + 12);
  sp_reader *r = NULL, *plain = NULL;
  sp_audio_info info, pinfo;
  cr_assert_eq(sp_audio_open(path, &plain, &pinfo, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(pinfo.frames, N);
  cr_assert_eq(sp_audio_open(lead, &r, &info, why, sizeof why), SP_OK, "%s", why);
  cr_expect_eq(info.frames, LEAD + N, "%lld frames", (long long)info.frames);
  float *want = sp_xcalloc(2 * N, sizeof *want), *got = sp_xcalloc(2 * (LEAD + N) + 2, sizeof *got);
  cr_assert_eq(plain->ops->read_float(plain, want, N), N);
  cr_assert_eq(r->ops->read_float(r, got, LEAD + N + 1), LEAD + N);
  for (int64_t i = 0; i < 2 * LEAD; i++)
    cr_assert_eq(got[i], 0.0f, "sample %lld", (long long)i);
  cr_expect_eq(memcmp(got + 2 * LEAD, want, 2 * N * sizeof *got), 0, "the media after it");
  /* a seek into the silence and one past it */
  cr_assert_eq(r->ops->seek(r, 1000, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(r->ops->read_float(r, got, 2), 2);
  cr_expect(got[0] == 0 && got[3] == 0);
  cr_assert_eq(r->ops->seek(r, LEAD + 100, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(r->ops->read_float(r, got, 100), 100);
  cr_expect_eq(memcmp(got, want + 200, 200 * sizeof *got), 0, "a seek past it");
  r->ops->close(r);
  plain->ops->close(plain);
  /* an empty edit after the media too (a gap the list says, which the
   * reader does not play): refused in its words, not played otherwise */
  unsigned char *d = sp_xmalloc(n + 24);
  memcpy(d, c, at + 24);
  put32(d + at + 24, timescale / 4), put32(d + at + 28, 0xFFFFFFFFu), put32(d + at + 32, 1 << 16);
  memcpy(d + at + 36, c + at + 24, n + 12 - (at + 24));
  put32(d + at - 4, 3);
  for (size_t k = 0; k < 4; k++)
    put32(find_box(d, n + 24, around[k]) - 8, get32(find_box(d, n + 24, around[k]) - 8) + 12);
  char *gap = tu_write_bytes(dir, "gap.m4a", d, n + 24);
  cr_expect_eq(sp_audio_open(gap, &r, &info, why, sizeof why), SP_ERR_IO);
  cr_expect(strstr(why, "its audio track's edit list holds 1 more edit after its first piece of "
                        "media (a gap, or a second piece)"),
            "%s", why);
  free(gap), free(d);
  free(want), free(got), free(lead), free(c), free(text), free(path), free(codes), free(floats);
}

/* An MPEG-4 source is opened as every source is (io/fs/probe.h): a FIFO
 * or a link to a device named .m4a is refused, not waited on or read. */
Test(m4a, a_fifo_or_a_device_named_m4a_is_refused, .timeout = 10)
{
  char *fifo = tu_path(dir, "f.m4a"), *zero = tu_path(dir, "z.m4a"), why[512];
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  cr_assert_eq(symlink("/dev/zero", zero), 0);
  const char *const paths[] = {fifo, zero};
  for (int k = 0; k < 2; k++) {
    sp_reader *r = NULL;
    sp_audio_info info;
    *why = '\0';
    cr_expect_eq(sp_audio_open(paths[k], &r, &info, why, sizeof why), SP_ERR_IO, "%s", paths[k]);
    cr_expect(strlen(why) > 0);
    if (r)
      r->ops->close(r);
  }
  free(fifo), free(zero);
}

/* A stem_mp4 group's name is the recipe's text: the render's summary line
 * shows its ESC, BEL and newline as escapes (no "::error" line of its own
 * on a CI log, no terminal title set), as the rest of the summary; and
 * `render -q` says no summary, that line neither. */
Test(m4a, a_stem_file_s_summary_line_escapes_its_names_and_q_hides_it)
{
  need("ffmpeg");
  static const char *const tracks[] = {"k", "b", "p", "g", "v"};
  for (int k = 0; k < 5; k++) {
    char *f = sp_xasprintf("%s.wav", tracks[k]);
    tu_write_tone(dir, f, 4800, 110.0 * (k + 1), 0.15);
    free(f);
  }
  char *recipe = tu_write_text(dir, "song.yaml",
                               "stemprint: 1\nsample_rate: 48000\n"
                               "tracks: {k: k.wav, b: b.wav, p: p.wav, g: g.wav, v: v.wav}\n"
                               "stems: {drums: [k], bass: [b], keys: [p], gtr: [g], vocals: [v]}\n"
                               "output:\n  stem_mp4:\n"
                               "    stems: [drums, bass, {\"m\\e]0;t\\a\\n::error "
                               "file=x::forged\": [keys, gtr]}, vocals]\n");
  char *o = tu_path(dir, "out");
  const char *loud[] = {"render", recipe, "-o", o, NULL},
             *q[] = {"render", recipe, "-q", "-o", o, NULL};
  char *said = NULL, *err = NULL;
  cr_assert_eq(tu_run(loud, &said, &err), 0, "%s", err);
  cr_expect(strstr(said, "the mix and drums, bass, m\\x1b]0;t\\x07\\n::error file=x::forged, "
                         "vocals; null"),
            "%s", said);
  cr_expect(!strchr(said, '\x1b') && !strchr(said, '\a') && !strstr(said, "\n::error"), "%s", said);
  free(said), free(err);
  said = err = NULL;
  cr_assert_eq(tu_run(q, &said, &err), 0, "%s", err);
  cr_expect(!said || !*said, "-q says nothing: %s", said);
  free(said), free(err), free(o), free(recipe);
}

/* ALAC and AAC say a file's speakers by its channel count, as MPEG-4's
 * channel configurations have them (ISO/IEC 14496-3, 1.6.3.4): 3 channels
 * are C L R, 4 C L R Cs. Before, a quad master's ALAC and AAC files were
 * written as 4.0 (its surrounds playing from the centre and the back
 * centre) and an LCR or 6.1 one failed late, "the file is damaged"
 * (review 21 F2, F6); now refused at the set's key, naming the layouts
 * each holds. A 5.1 master's are written, as before. */
Test(m4a, a_layout_mpeg4_says_otherwise_is_refused_at_the_set)
{
  float x[2 * 4800] = {0};
  free(tu_write_wav(dir, "one.wav", 1, 48000, 16, x, 4800));
  static const struct {
    const char *layout, *said;
  } cases[] = {
      {"quad", "output.also[0]: alac holds mono, stereo, 5.0 or 5.1 alone (it says a file's "
               "speakers by its channel count, and 4 channels are none of those) and 'master' is "
               "quad (L R Ls Rs): print wav"},
      {"LCR", "output.also[1]: aac holds mono, stereo, 5.0, 5.1 or 7.1 alone (it says a file's "
              "speakers by its channel count, and 3 channels are none of those) and 'master' is "
              "LCR (L R C): print wav"},
      {"7.1", "output.also[0]: alac holds at most 6 channels and 'master' is 7.1 (8): print wav "
              "or aiff, or fold the set's files into a layout it holds: layout: 5.1"},
      {"5.1", NULL},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *text = sp_xasprintf(
        "stemprint: 1\ntracks:\n  a: {file: one.wav}\nmaster: {layout: %s}\n"
        "output: {dir: out, also: [{format: alac}, {format: aac, name: \"{name}-aac\"}]}\n",
        cases[k].layout);
    char *recipe = tu_write_text(dir, "layout.yaml", text);
    const char *args[] = {"check", recipe, NULL};
    char *out = NULL, *err = NULL;
    const int rc = tu_run(args, &out, &err);
    if (cases[k].said) {
      cr_expect_eq(rc, 2, "%s: %s", cases[k].layout, err);
      cr_expect(strstr(err, cases[k].said), "%s: %s", cases[k].layout, err);
    } else {
      cr_expect_eq(rc, 0, "%s: %s", cases[k].layout, err);
    }
    free(out), free(err), free(recipe), free(text);
  }
}
