/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files stemprint prints (core/recipe/format.h). */

#include "core/recipe/format.h"

#include "core/base/layout.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME(id, name, kind) name,
#define LOSSLESS_NAME(id, name, kind) IF_##kind(name)
#define IF_LOSSLESS(x) x,
#define IF_LOSSY(x)
const char *const sp_format_names[SP_FORMATS + 1] = {SP_FORMAT_ROWS(NAME) NULL};
const char *const sp_format_lossless_names[] = {SP_FORMAT_ROWS(LOSSLESS_NAME) NULL};
#undef NAME

/* The rates the encoders take, 0-terminated. */
static const double mp3_rates[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 0};
static const double opus_rates[] = {8000, 12000, 16000, 24000, 48000, 0};
/* AAC's sampling frequency indexes (ISO/IEC 14496-3, 1.6.3.4) up to 96 kHz. */
static const double aac_rates[] = {8000,  11025, 12000, 16000, 22050, 24000, 32000,
                                   44100, 48000, 64000, 88200, 96000, 0};
static const char any_rate[] = "any whole number of Hz";

/* clang-format off */
const sp_format_desc sp_formats[SP_FORMATS] = {
    [SP_FORMAT_WAV] = {.float32 = true, .bwf = true, .size_div = 1, .rates_words = any_rate},
    [SP_FORMAT_FLAC] = {.by_count = true, .channels = 8, .size_div = 2, .rates_words = any_rate},
    [SP_FORMAT_AIFF] = {.float32 = true, .size_div = 1, .rates_words = any_rate},
    /* W64 as libsndfile writes it: its fmt chunk plain PCM or float, never
     * WAVE_FORMAT_EXTENSIBLE, so no channel mask says a file's speakers
     * (review 21 F4: a 5.1 print read back as 6 channels of no layout) */
    [SP_FORMAT_W64] = {.float32 = true, .channels = 2, .size_div = 1, .rates_words = any_rate},
    /* ALAC: integers of 16 or 24 bits, a channel count's layout (its
     * decoder's channel order, by count): MPEG-4's channel configurations
     * (ISO/IEC 14496-3, 1.6.3.4), where 3 channels are C L R, 4 are C L R
     * Cs (no quad), and FFmpeg's encoder refuses 7 and 8 (review 21 F2,
     * F6) */
    [SP_FORMAT_ALAC] = {.by_count = true, .counts = 1u << 1 | 1u << 2 | 1u << 5 | 1u << 6,
                        .channels = 6, .size_div = 2, .ext = "m4a", .rates_words = any_rate},
    [SP_FORMAT_MP3] = {.lossy = true, .channels = 2, .rates = mp3_rates,
                       .rates_words = "8, 11.025, 12, 16, 22.05, 24, 32, 44.1 or 48 kHz",
                       .kbps = 320, .kbps_lo = 8, .kbps_hi = 320,
                       .kbps_words = "(by its rate: 64 .. 320 at 44.1 and 48 kHz, stereo)",
                       .kbps_range = sp_mp3_bitrate_range, .least_kbps = sp_mp3_least_tagged_kbps},
    [SP_FORMAT_OPUS] = {.lossy = true, .by_count = true, .cpu_bytes = true, .channels = 8,
                        .rate = 48000, .rates = opus_rates, .rates_words = "8, 12, 16, 24 or 48 kHz",
                        .kbps = 160, .kbps_lo = 12, .kbps_hi = 512, .kbps_words = "(stereo)"},
    /* AAC-LC by FFmpeg's own encoder: its bytes follow FFmpeg's version;
     * measured the same on a baseline x86-64, a Haswell and an AVX-512
     * CPU (docs/recipe.md, "MPEG-4 audio") */
    [SP_FORMAT_AAC] = {.lossy = true, .by_count = true, /* as ALAC's, 7.1 too */
                       .counts = 1u << 1 | 1u << 2 | 1u << 5 | 1u << 6 | 1u << 8, .channels = 8,
                       .ext = "m4a", .rates = aac_rates,
                       .rates_words = "8, 11.025, 12, 16, 22.05, 24, 32, 44.1, 48, 64, 88.2 or "
                                      "96 kHz",
                       .kbps = 256, .kbps_lo = 32, .kbps_hi = 512, .kbps_words = "(stereo)",
                       .most_kbps = sp_aac_most_kbps},
};
/* clang-format on */

#define DEPTH(id, bits, name, words, deep, bytes, floor_db)                                        \
  {SP_DEPTH_##id, name, words, deep, bytes, floor_db},
static const sp_depth_desc depths[] = {SP_DEPTH_ROWS(DEPTH)};
#define DEPTH_NAME(id, bits, name, ...) name,
const char *const sp_depth_names[] = {SP_DEPTH_ROWS(DEPTH_NAME) NULL};
#define DEPTH_BITS(id, bits, ...) bits,
const int sp_depth_bits[] = {SP_DEPTH_ROWS(DEPTH_BITS)};

enum { DEPTHS = sizeof depths / sizeof *depths };

/* name, item i of a list whose last is item last, put at *at of buf: "a",
 * ", b", " or c". */
static void list_put(char *buf, size_t size, size_t *at, int i, int last, const char *name)
{
  if (*at < size)
    *at += (size_t)snprintf(buf + *at, size - *at, "%s%s",
                            i == 0      ? ""
                            : i == last ? " or "
                                        : ", ",
                            name);
}

void sp_format_list(int lossy_too, char *buf, size_t size)
{
  int n = 0;
  while (n < SP_FORMATS && (lossy_too || !sp_format_lossy((sp_format)n)))
    n++;
  size_t at = 0;
  buf[0] = '\0';
  for (int i = 0; i < n; i++)
    list_put(buf, size, &at, i, n - 1, sp_format_names[i]);
}

void sp_format_list_wide(sp_format except, char *buf, size_t size)
{
  int n = 0;
  for (int f = 0; f < SP_FORMATS; f++)
    n += f != (int)except && !sp_formats[f].lossy && !sp_formats[f].channels;
  size_t at = 0;
  buf[0] = '\0';
  for (int f = 0, i = 0; f < SP_FORMATS; f++)
    if (f != (int)except && !sp_formats[f].lossy && !sp_formats[f].channels)
      list_put(buf, size, &at, i++, n - 1, sp_format_names[f]);
}

const sp_depth_desc *sp_depth_get(sp_depth d)
{
  for (int i = 0; i < DEPTHS; i++)
    if (depths[i].depth == d)
      return &depths[i];
  return NULL;
}

const char *sp_depth_name(sp_depth d) { return sp_depth_get(d) ? sp_depth_get(d)->name : "?"; }

const char *sp_depth_words(sp_depth d) { return sp_depth_get(d) ? sp_depth_get(d)->words : "?"; }

double sp_format_nearest_rate(sp_format f, double hz)
{
  const double *rates = sp_formats[f].rates;
  if (!rates)
    return floor(hz + 0.5);
  double best = rates[0];
  for (size_t i = 1; rates[i]; i++)
    if (fabs(rates[i] - hz) < fabs(best - hz))
      best = rates[i];
  return best;
}

/* Its own nearest: a whole number of Hz, one of the encoder's rates. */
int sp_format_takes_rate(sp_format f, double hz) { return sp_format_nearest_rate(f, hz) == hz; }

int sp_format_check_rate(sp_format f, double hz, char *why, size_t why_size)
{
  if (sp_format_takes_rate(f, hz))
    return 1;
  const double near = sp_format_nearest_rate(f, hz);
  if (!sp_formats[f].rates)
    snprintf(why, why_size,
             "%.10g Hz is not a sample rate: a sample rate is a whole number of Hz, "
             "like %.10g",
             hz, near);
  else
    snprintf(why, why_size,
             "%s takes %s, not %.10g kHz; give the set one of them, like rate: %g kHz",
             sp_format_ext(f), sp_format_rates(f), hz / 1000, near / 1000);
  return 0;
}

int sp_format_check_kbps(sp_format f, double kbps, char *why, size_t why_size)
{
  const sp_format_desc *fd = &sp_formats[f];
  const char *ext = sp_format_ext(f);
  if (!fd->lossy)
    snprintf(why, why_size, "%s is lossless: it has no bitrate; remove 'bitrate'", ext);
  else if (kbps != floor(kbps))
    snprintf(why, why_size, "expected a whole number of kbps, like '320 kbps'");
  else if (kbps < fd->kbps_lo || kbps > fd->kbps_hi)
    snprintf(why, why_size, "%g kbps is out of range; %s takes %d .. %d kbps %s", kbps, ext,
             fd->kbps_lo, fd->kbps_hi, fd->kbps_words);
  else
    return 1;
  return 0;
}

int sp_format_check_kbps_at(sp_format f, double kbps, double hz, int channels, char *why,
                            size_t why_size)
{
  const sp_format_desc *fd = &sp_formats[f];
  const int most = fd->most_kbps ? fd->most_kbps(hz, channels) : 0;
  if (most && kbps > most) {
    snprintf(why, why_size,
             "%s at %g kHz gives at most %d kbps in %d channel%s (FFmpeg's encoder: 6 kbps a "
             "channel for each kHz of rate), not %d: its files would hold less than the report "
             "says; give the set bitrate: %d kbps or less, or a higher rate",
             sp_format_ext(f), hz / 1000, most, channels, channels == 1 ? "" : "s", (int)kbps,
             most);
    return 0;
  }
  if (!fd->kbps_range || !fd->least_kbps)
    return 1;
  int lo, hi; /* lo is below the least that holds the tag */
  fd->kbps_range(hz, &lo, &hi);
  const int least = fd->least_kbps(hz, channels), near = sp_mp3_nearest_kbps(hz, (int)kbps);
  if (kbps > hi)
    snprintf(why, why_size,
             "mp3 at %g kHz (MPEG-%s) takes at most %d kbps, not %d; give the set bitrate: %d "
             "kbps, or a rate of 32 kHz or more",
             hz / 1000, hz >= 16000 ? "2" : "2.5", hi, (int)kbps, hi);
  else if (near < least)
    snprintf(why, why_size,
             "mp3 at %g kHz needs at least %d kbps (%s): the frames of %d kbps cannot hold "
             "LAME's info tag, which tells a decoder the encoder's delay and padding, so every "
             "player would start the files 1105 samples late; give the set bitrate: %d kbps "
             "or more",
             hz / 1000, least, channels == 1 ? "mono" : "stereo", near, least);
  else
    return 1;
  return 0;
}

int sp_format_check_depth(sp_format f, sp_depth d, int written, int of_set, char *why,
                          size_t why_size)
{
  const sp_format_desc *fd = &sp_formats[f];
  const char *ext = sp_format_ext(f);
  if (fd->lossy && written)
    snprintf(why, why_size, "%s has no depth (it encodes floats with loss); remove 'depth'", ext);
  else if (!fd->lossy && !fd->float32 && d == SP_DEPTH_32F)
    snprintf(why, why_size,
             of_set ? "%s cannot store 32-bit float; give the set depth 24 or 16"
                    : "%s cannot store 32-bit float; use depth 24, or format wav/w64/aiff for 32f",
             ext);
  else
    return 1;
  return 0;
}

double sp_format_default_kbps(sp_format f, double hz)
{
  const sp_format_desc *fd = &sp_formats[f];
  int lo, hi;
  if (fd->most_kbps) /* no more than a mono file takes: any file's */
    return fmin(fd->kbps, fd->most_kbps(hz, 1));
  if (!fd->kbps_range) /* lossless: unused, 160 in the job's canonical recipe */
    return fd->lossy ? fd->kbps : 160;
  fd->kbps_range(hz, &lo, &hi);
  return hi;
}

/* LAME's bitrates (its bitrate_table): MPEG-1's, and MPEG-2's and 2.5's
 * (2.5 stops at 64), 0-terminated. */
static const int mpeg1_kbps[] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
static const int mpeg2_kbps[] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};

/* The MPEG version of an MP3 at hz: 1 (32 to 48 kHz), 2 (16 to 24 kHz) or
 * 25 (2.5: 8 to 12 kHz). */
static int mpeg_version(double hz) { return hz >= 32000 ? 1 : hz >= 16000 ? 2 : 25; }

void sp_mp3_bitrate_range(double hz, int *lo_kbps, int *hi_kbps)
{
  const int v = mpeg_version(hz);
  *lo_kbps = v == 1 ? 32 : 8;
  *hi_kbps = v == 1 ? 320 : v == 2 ? 160 : 64;
}

int sp_aac_most_kbps(double hz, int channels) { return (int)floor(6.0 * channels * hz / 1000); }

int sp_mp3_nearest_kbps(double hz, int kbps)
{
  const int v = mpeg_version(hz);
  const int *t = v == 1 ? mpeg1_kbps : mpeg2_kbps;
  int best = t[0];
  for (size_t i = 1; t[i] && (v != 25 || t[i] <= 64); i++)
    if (abs(t[i] - kbps) < abs(best - kbps))
      best = t[i];
  return best;
}

int sp_mp3_least_tagged_kbps(double hz, int channels)
{
  const int v = mpeg_version(hz);
  /* LAME's InitVbrTag: the frame, ((version + 1) · 72000 · kbps) / rate
   * bytes, holds the side information (4 + 17 or 32 bytes in MPEG-1, 4 +
   * 9 or 17 in MPEG-2 and 2.5, mono or stereo) and the 156 of the tag */
  const long need = 156 + 4 + (v == 1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17));
  const int *t = v == 1 ? mpeg1_kbps : mpeg2_kbps;
  for (size_t i = 0; t[i] && (v != 25 || t[i] <= 64); i++)
    if ((long)((v == 1 ? 2 : 1) * 72000L * t[i] / (long)hz) >= need)
      return t[i];
  return 0;
}

/* Whether f's files say the layout of n channels by their count. */
static bool holds_count(sp_format f, int n)
{
  const unsigned counts = sp_formats[f].counts;
  return n >= 1 && n <= 31 && (counts ? (counts >> n & 1) : n <= sp_formats[f].channels);
}

bool sp_format_says_layout(sp_format f, const sp_layout *l)
{
  return !sp_formats[f].by_count || (holds_count(f, l->n) && l == sp_layout_by_count(l->n));
}

void sp_format_counted_layouts(sp_format f, char *buf, size_t size)
{
  const int most = sp_formats[f].channels ? sp_formats[f].channels : 8;
  int last = 0;
  for (int n = 1; n <= most; n++)
    if (holds_count(f, n) && sp_layout_by_count(n))
      last = n;
  size_t at = 0;
  buf[0] = '\0';
  for (int n = 1, i = 0; n <= last; n++)
    if (holds_count(f, n) && sp_layout_by_count(n)) {
      list_put(buf, size, &at, i, n == last ? i : -1, sp_layout_by_count(n)->name);
      i++;
    }
}

void sp_format_layout_refused(sp_format f, const sp_layout *l, char *buf, size_t size)
{
  const sp_layout *as = sp_layout_by_count(l->n);
  char holds[96];
  sp_format_counted_layouts(f, holds, sizeof holds);
  if (!holds_count(f, l->n))
    snprintf(buf, size,
             "%s holds %s alone (it says a file's speakers by its channel count, and %d channels "
             "are none of those) and",
             sp_format_ext(f), holds, l->n);
  else
    snprintf(buf, size,
             "%s says a file's speakers by its channel count alone (%d channels are %s: %s) and",
             sp_format_ext(f), l->n, as ? as->name : "none", as ? as->text : "-");
}
