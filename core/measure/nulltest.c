/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test over files.
 *
 *   pass 1 (always)     mix, stems ─► r = Σ stems − mix (double) ─► peak, Σr², Σmix²
 *                                   ─► mono sums m = Σc mix, s = Σc Σ stems: Σm², Σs², Σm·s
 *                                   ─► RMS of r per window ─► the loudest windows
 *                                   ─► samples at full scale per integer file; the peak
 *                                      of r where no file is at full scale
 *                       with the diagnosis asked for, the same pass also takes:
 *                       ─► FFT of r per window ─► residual level per octave band
 *                       ─► each fit's sums (Σa², Σb², R(0)): the stem sum (a = m,
 *                          b = s) and each stem (a = e_i = stem_i − r, what the mix
 *                          says stem i should be; b = stem_i); a fit they settle
 *                          (sp_xcorr_zero_is_best: lag 0, nothing can beat it) is done
 *   spots (cheap)       seek to each loudest window ─► FFT of r ─► its octave band
 *   search passes       (when failing, or asked) for the fits not settled:
 *                       xcorr over ±L ─► lag, gain, polarity of the stem sum, of each
 *                         stem (SP_NULL_GROUP stems a pass, to bound memory); the
 *                         bands too when the first pass did not take them
 *   refit passes        several stems off at once: each put right, searched again
 *   findings            what the numbers above point to, as kinds and numbers
 *                       (sp_null_finding; io/report/null_words.c says them);
 *                       clipping first
 *
 * A pass reads the files side by side on the threads asked for; every
 * number is the same whatever their count (pass_stats, pass_run). Energies
 * for the fits are taken on the channel sums (mono): a fault that moves one
 * channel only is still seen in the residual, not named. */

#include "core/measure/nulltest.h"

#include "core/base/alloc.h"
#include "core/dsp/fft.h"
#include "core/dsp/simd.h"
#include "core/dsp/quantize.h"
#include "core/dsp/xcorr.h"
#include "core/base/pool.h"
#include "core/base/units.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  BLOCK = 4096,     /* frames read at a time; a multiple of every window size */
  SP_NULL_GROUP = 4 /* stems correlated per diagnosis pass */
};

/* The frames a buffer of at most `most` frames needs for reads of
 * `frames` in all (at least one): a short file's buffers are sized by the
 * file, not by the longest read (zeroing them was a tenth of a short
 * file's null test). */
static size_t fit_frames(int64_t frames, size_t most)
{
  return frames < 1 ? 1 : (uint64_t)frames < most ? (size_t)frames : most;
}

const double sp_null_band_hz[SP_NULL_BANDS] = {31.5, 63,   125,  250,  500,
                                               1000, 2000, 4000, 8000, 16000};

/* A fit explains the residual when it leaves at most this share of its
 * energy (20 dB less). */
static const double EXPLAINED = 0.01;

double sp_null_float_threshold_dbfs(double abs_peak)
{
  return fmax(-140.0, sp_lin_to_db(0x1p-24 * abs_peak));
}

double sp_null_auto_threshold_dbfs(sp_depth depth, bool dither, size_t n_stems)
{
  if (depth == SP_DEPTH_32F)
    return NAN;
  double err = sp_quantizer_max_error(depth, dither) * (double)(n_stems + 1);
  return sp_lin_to_db(err);
}

/* ---- the files ----------------------------------------------------------- */

typedef struct files {
  const sp_media *media;
  size_t n; /* mix + stems */
  const char **path;
  sp_reader **r;
  sp_audio_info *info;
  double *full_hi; /* [n]: an integer file's positive full scale (its top code); INFINITY for
                      float, which never clips */
  bool any_int;    /* some file is integer PCM, and can clip */
  bool any_lossy;  /* some file is lossy (MP3, Opus, Vorbis): decoded after a seek, its
                      samples may differ in their last bits from those read in order */
  int channels;
  int64_t frames; /* the longest */
  double *buf;    /* BLOCK × channels */
  /* A stem put right before it is read (several stems off at once): read
   * shift[i] frames later (before its start and past its end: silence)
   * and × scale[i]; NULL: as it is. */
  int64_t *shift;
  double *scale;
  const volatile sig_atomic_t *cancel;
} files;

static sp_err files_open(files *f, const sp_media *media, const char *mix, const char *const *stems,
                         size_t n_stems, char *why, size_t why_size)
{
  f->media = media;
  f->n = n_stems + 1;
  f->path = sp_xcalloc(f->n, sizeof *f->path);
  f->r = sp_xcalloc(f->n, sizeof *f->r);
  f->info = sp_xcalloc(f->n, sizeof *f->info);
  f->full_hi = sp_xcalloc(f->n, sizeof *f->full_hi);
  for (size_t i = 0; i < f->n; i++) {
    f->path[i] = i == 0 ? mix : stems[i - 1];
    char reason[256];
    if (media->open(media, f->path[i], &f->r[i], &f->info[i], reason, sizeof reason) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", f->path[i], reason);
      return SP_ERR_IO;
    }
    const sp_audio_info *a = &f->info[i], *m = &f->info[0];
    if (i > 0 && (a->sample_rate != m->sample_rate || a->channels != m->channels)) {
      snprintf(why, why_size,
               "'%s' is %d Hz, %d channel%s but the mix '%s' is %d Hz, %d channel%s; "
               "stems and mix must share rate and channel count",
               f->path[i], a->sample_rate, a->channels, a->channels == 1 ? "" : "s", mix,
               m->sample_rate, m->channels, m->channels == 1 ? "" : "s");
      return SP_ERR_IO;
    }
    if (a->frames > f->frames)
      f->frames = a->frames;
    /* Integer PCM of b bits reads as code / 2^(b-1): full scale is the top
     * code, a step below 1, and -1 (lossy codecs, bits 0, are not PCM). */
    const bool pcm = !a->is_float && a->bits > 0;
    f->full_hi[i] = pcm ? 1.0 - ldexp(1.0, -(a->bits - 1)) : INFINITY;
    f->any_int |= pcm;
    f->any_lossy |= !a->is_float && a->bits == 0;
  }
  f->channels = f->info[0].channels;
  f->buf = sp_xcalloc((size_t)BLOCK * (size_t)f->channels, sizeof *f->buf);
  return SP_OK;
}

static void files_close(files *f)
{
  for (size_t i = 0; f->r && i < f->n; i++)
    if (f->r[i])
      f->r[i]->ops->close(f->r[i]);
  free(f->path);
  free(f->r);
  free(f->info);
  free(f->full_hi);
  free(f->buf);
}

/* Where file i's frame `at` is read from (its shift). */
static int64_t shifted(const files *f, size_t i, int64_t at)
{
  return f->shift ? at + f->shift[i] : at;
}

static sp_err files_rewind(files *f, int64_t frame, char *why, size_t why_size)
{
  for (size_t i = 0; i < f->n; i++) {
    int64_t at = shifted(f, i, frame);
    at = at < 0 ? 0 : at < f->info[i].frames ? at : f->info[i].frames;
    char reason[256];
    if (f->r[i]->ops->seek(f->r[i], at, reason, sizeof reason) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", f->path[i], reason);
      return SP_ERR_IO;
    }
  }
  return SP_OK;
}

/* Read frames of file i at the current position into f->buf, silence past
 * its end. */
static sp_err files_read(files *f, size_t i, int64_t at, size_t frames, char *why, size_t why_size)
{
  if (f->cancel && *f->cancel) {
    snprintf(why, why_size, "interrupted");
    return SP_ERR_RENDER;
  }
  const size_t C = (size_t)f->channels;
  at = shifted(f, i, at);
  /* before the file's start (a stem read later than it plays): silence */
  const size_t lead = at >= 0 ? 0 : -at < (int64_t)frames ? (size_t)-at : frames;
  memset(f->buf, 0, lead * C * sizeof *f->buf);
  at += (int64_t)lead;
  int64_t have = f->info[i].frames - at;
  size_t want = have <= 0 ? 0 : have < (int64_t)(frames - lead) ? (size_t)have : frames - lead;
  if (want > 0 &&
      f->r[i]->ops->read_double(f->r[i], f->buf + lead * C, (int64_t)want) != (int64_t)want) {
    snprintf(why, why_size, "cannot read '%s' at frame %lld: %s", f->path[i], (long long)at,
             f->r[i]->ops->error(f->r[i]));
    return SP_ERR_IO;
  }
  memset(f->buf + (lead + want) * C, 0, (frames - lead - want) * C * sizeof *f->buf);
  if (f->scale && f->scale[i] != 1)
    for (size_t k = 0; k < frames * C; k++)
      f->buf[k] *= f->scale[i];
  return SP_OK;
}

/* The block [at, at + frames): the residual r (interleaved) and, when asked,
 * the mono sums of the mix and of the stems, and each stem's mono sum. */
typedef struct block {
  double *r;     /* BLOCK × C */
  double *mix;   /* BLOCK × C */
  float *m, *s;  /* BLOCK: mono mix, mono stem sum */
  float **stem;  /* [n stems]: BLOCK mono for the stems measured, NULL for the others */
  double *a;     /* BLOCK × C: |mix| + Σ |stem|, the scale of rounding errors; NULL: not kept */
  uint8_t *full; /* BLOCK × C: 1 where some file is at full scale; NULL: not kept */
  int64_t *clipped; /* [files]: samples at full scale, added to when full is kept */
} block;

/* The block's kernels, compiled for each vector width (core/dsp/simd.h):
 * each sample's arithmetic is the same in every one. */

/* The mix: mix = x, r = −x, and a = |x| when a is kept. */
SP_CLONES
static void take_mix(const double *restrict x, size_t m, double *restrict mix, double *restrict r,
                     double *restrict a)
{
  for (size_t k = 0; k < m; k++) {
    mix[k] = x[k];
    r[k] = -x[k];
  }
  if (a)
    for (size_t k = 0; k < m; k++)
      a[k] = fabs(x[k]);
}

/* A stem: r += x, and a += |x| when a is kept. */
SP_CLONES
static void add_stem(const double *restrict x, size_t m, double *restrict r, double *restrict a)
{
  for (size_t k = 0; k < m; k++)
    r[k] += x[k];
  if (a)
    for (size_t k = 0; k < m; k++)
      a[k] += fabs(x[k]);
}

/* Mark x's samples at full scale (≥ hi, or ≤ -1 when hi is finite) in
 * full; returns how many there are. */
SP_CLONES
static int64_t mark_full(const double *restrict x, size_t m, double hi, uint8_t *restrict full)
{
  if (!(hi < INFINITY))
    return 0;
  int64_t k = 0;
  for (size_t i = 0; i < m; i++) {
    const uint8_t at = (x[i] >= hi) | (x[i] <= -1.0);
    full[i] |= at;
    k += at;
  }
  return k;
}

/* max(m, the largest |x[k]| where full[k] is 0), as an integer maximum of
 * the bits (see sp_max_bits_f64). */
SP_CLONES
static double abs_max_unmarked(const double *restrict x, const uint8_t *restrict full, size_t n,
                               double m)
{
  uint64_t top = 0;
  for (size_t i = 0; i < n; i++) {
    union {
      double d;
      uint64_t u;
    } b = {x[i]};
    const uint64_t v = full[i] ? 0 : b.u & 0x7fffffffffffffffull;
    top = v > top ? v : top;
  }
  union {
    uint64_t u;
    double d;
  } r = {top};
  return r.d > m ? r.d : m;
}

/* The mono sum of each frame (channels added in order, in double, rounded
 * once): into out, or added to it. */
SP_CLONES
static void mono(const double *restrict x, size_t frames, size_t C, float *restrict out, bool add)
{
  if (C == 2 && !add)
    for (size_t t = 0; t < frames; t++)
      out[t] = (float)(x[2 * t] + x[2 * t + 1]);
  else if (C == 2)
    for (size_t t = 0; t < frames; t++)
      out[t] += (float)(x[2 * t] + x[2 * t + 1]);
  else
    for (size_t t = 0; t < frames; t++) {
      double v = x[t * C];
      for (size_t c = 1; c < C; c++)
        v += x[t * C + c];
      out[t] = add ? out[t] + (float)v : (float)v;
    }
}

/* s += x, sample by sample. */
SP_CLONES
static void add_f32(const float *restrict x, size_t frames, float *restrict s)
{
  for (size_t t = 0; t < frames; t++)
    s[t] += x[t];
}

static sp_err read_block(files *f, block *b, int64_t at, size_t frames, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels, m = frames * C;
  sp_err err = files_read(f, 0, at, frames, why, why_size);
  if (err != SP_OK)
    return err;
  if (b->full) {
    memset(b->full, 0, m);
    b->clipped[0] += mark_full(f->buf, m, f->full_hi[0], b->full);
  }
  take_mix(f->buf, m, b->mix, b->r, b->a);
  if (b->m) {
    mono(f->buf, frames, C, b->m, false);
    memset(b->s, 0, frames * sizeof *b->s);
  }
  for (size_t i = 1; i < f->n; i++) {
    if ((err = files_read(f, i, at, frames, why, why_size)) != SP_OK)
      return err;
    if (b->full)
      b->clipped[i] += mark_full(f->buf, m, f->full_hi[i], b->full);
    add_stem(f->buf, m, b->r, b->a);
    if (!b->m)
      continue;
    if (b->stem && b->stem[i - 1]) { /* its mono sum, then added: the same bits */
      mono(f->buf, frames, C, b->stem[i - 1], false);
      add_f32(b->stem[i - 1], frames, b->s);
    } else
      mono(f->buf, frames, C, b->s, true);
  }
  return SP_OK;
}

/* ---- octave bands -------------------------------------------------------- */

typedef struct bands {
  size_t W; /* window, frames: a power of two near 100 ms */
  sp_fft *fft;
  float *x, *win, *work;
  float *re, *im;   /* W/2 + 1 bins */
  double win_power; /* Σ w² */
  double rate;
  signed char *band; /* [W/2]: the octave band of each bin, -1 for none */
} bands;

static void bands_init(bands *b, double rate)
{
  b->rate = rate;
  b->W = 1024;
  while ((double)b->W < 0.1 * rate && b->W < BLOCK)
    b->W *= 2;
  b->fft = sp_fft_new(b->W);
  b->x = sp_fft_alloc_real(b->W);
  b->win = sp_fft_alloc_real(b->W);
  b->re = sp_fft_alloc_real(b->W / 2 + 1);
  b->im = sp_fft_alloc_real(b->W / 2 + 1);
  b->work = sp_fft_alloc_real(sp_fft_work_floats(b->fft));
  b->win_power = 0;
  for (size_t i = 0; i < b->W; i++) {
    b->win[i] = (float)(0.5 - 0.5 * cos(2 * M_PI * (double)i / (double)b->W));
    b->win_power += (double)b->win[i] * b->win[i];
  }
  b->band = sp_xcalloc(b->W / 2, sizeof *b->band);
  for (size_t k = 1; k < b->W / 2; k++) {
    double hz = (double)k * b->rate / (double)b->W;
    b->band[k] = -1;
    for (int j = 0; j < SP_NULL_BANDS && b->band[k] < 0; j++)
      if (hz >= sp_null_band_hz[j] / M_SQRT2 && hz < sp_null_band_hz[j] * M_SQRT2)
        b->band[k] = (signed char)j;
  }
}

static void bands_fini(bands *b)
{
  sp_fft_free(b->fft);
  sp_fft_release(b->x);
  sp_fft_release(b->win);
  sp_fft_release(b->re);
  sp_fft_release(b->im);
  sp_fft_release(b->work);
  free(b->band);
}

/* Add the mean-square power of each octave band of the interleaved residual
 * r (W frames, C channels, averaged over channels) into power[]. */
static void bands_measure(bands *b, const double *r, size_t C, double *power)
{
  for (size_t c = 0; c < C; c++) {
    for (size_t i = 0; i < b->W; i++)
      b->x[i] = (float)r[i * C + c] * b->win[i];
    sp_fft_forward(b->fft, b->x, b->re, b->im, b->work);
    for (size_t k = 1; k < b->W / 2; k++) {
      const int j = b->band[k];
      if (j < 0)
        continue;
      double p = (double)b->re[k] * b->re[k] + (double)b->im[k] * b->im[k];
      /* one-sided spectrum: ×2; Parseval with the window: ÷ (W·Σw²) */
      power[j] += 2.0 * p / ((double)b->W * b->win_power) / (double)C;
    }
  }
}

/* ---- findings ------------------------------------------------------------ */

/* Add a finding to res. */
static void note(sp_null_result *res, sp_null_finding f)
{
  res->found = sp_xreallocarray(res->found, res->n_found + 1, sizeof *res->found);
  res->found[res->n_found++] = f;
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* A fit of b ≈ g·a(t − lag): its gain, and the energy it leaves. */
typedef struct fit {
  int64_t lag;
  double gain;  /* signed */
  double left;  /* energy of b − g·a(t − lag), ≥ 0 */
  double total; /* energy of b − a at lag 0 (the residual as printed) */
} fit;

static fit fit_of(const sp_xcorr_result *x)
{
  fit f = {x->lag, 0, 0, 0};
  f.gain = x->energy_a > 0 ? x->r_best / x->energy_a : 0;
  f.left = x->energy_a > 0 ? x->energy_b - x->r_best * x->r_best / x->energy_a : x->energy_b;
  if (f.left < 0)
    f.left = 0;
  f.total = x->energy_a + x->energy_b - 2 * x->r_zero;
  if (f.total < 0)
    f.total = 0;
  return f;
}

/* What a fit that explains the residual shows about file (0: the stems). */
static void note_fit(sp_null_result *res, size_t file, const fit *f)
{
  if (f->lag != 0)
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_LAG, .file = file, .frames = f->lag});
  if (f->gain < 0)
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_INVERTED, .file = file});
  double db = sp_lin_to_db(fabs(f->gain));
  if (fabs(db) >= 0.005)
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_GAIN, .file = file, .gain_db = db});
}

/* ---- the test ------------------------------------------------------------ */

static void keep_worst(sp_null_result *res, double t_s, double level_dbfs)
{
  /* Spots at least a second apart: a nearby louder spot wins. */
  for (size_t i = 0; i < res->n_worst; i++) {
    if (fabs(res->worst[i].t_s - t_s) < 1.0) {
      if (level_dbfs <= res->worst[i].level_dbfs)
        return;
      memmove(&res->worst[i], &res->worst[i + 1], (res->n_worst - i - 1) * sizeof *res->worst);
      res->n_worst--;
      break;
    }
  }
  size_t at = res->n_worst;
  while (at > 0 && res->worst[at - 1].level_dbfs < level_dbfs)
    at--;
  if (at >= SP_NULL_WORST)
    return;
  size_t move = (res->n_worst < SP_NULL_WORST ? res->n_worst : SP_NULL_WORST - 1) - at;
  memmove(&res->worst[at + 1], &res->worst[at], move * sizeof *res->worst);
  res->worst[at] = (sp_null_spot){t_s, NAN, level_dbfs};
  if (res->n_worst < SP_NULL_WORST)
    res->n_worst++;
}

/* The first pass's statistics are summed in CHUNKS pieces of time, each
 * from zero, and the pieces' sums added in time order: the statistics alone
 * read the pieces side by side (pass_stats), a first pass that also
 * diagnoses reads in time order (pass_run), and both give the same numbers
 * whatever the threads. */
enum { CHUNKS = 16 };

typedef struct chunk {
  double sumsq, mix_sq, e_m, e_s, r0;
  /* per channel ([C] each, one allocation: chunk_init): the residual's peak
   * and energy, the mix's energy, and Σ residual·mix (the stem sum's gain
   * against the mix, channel by channel) */
  double *ch_peak, *ch_sumsq, *ch_mix_sq, *ch_rm;
  double *window_db; /* RMS of each window (of a piece, or of a block), -inf for none */
} chunk;

/* A chunk of C channels' sums, all 0 (its window_db NULL); chunk_fini frees it. */
static void chunk_init(chunk *ck, size_t C)
{
  memset(ck, 0, sizeof *ck);
  ck->ch_peak = sp_xcalloc(4 * (C ? C : 1), sizeof *ck->ch_peak);
  ck->ch_sumsq = ck->ch_peak + C;
  ck->ch_mix_sq = ck->ch_sumsq + C;
  ck->ch_rm = ck->ch_mix_sq + C;
}

static void chunk_fini(chunk *ck) { free(ck->ch_peak); }

/* The sums of C channels from back to 0, its window_db kept. */
static void chunk_clear(chunk *ck, size_t C)
{
  ck->sumsq = ck->mix_sq = ck->e_m = ck->e_s = ck->r0 = 0;
  memset(ck->ch_peak, 0, 4 * C * sizeof *ck->ch_peak);
}

/* from's sums of C channels into to (its window_db kept). */
static void chunk_copy(chunk *to, const chunk *from, size_t C)
{
  to->sumsq = from->sumsq, to->mix_sq = from->mix_sq;
  to->e_m = from->e_m, to->e_s = from->e_s, to->r0 = from->r0;
  memcpy(to->ch_peak, from->ch_peak, 4 * C * sizeof *to->ch_peak);
}

/* max(m, the largest |x[k]|) (see sp_max_bits_f64). */
SP_CLONES
static double abs_max(const double *x, size_t n, double m)
{
  union {
    uint64_t u;
    double d;
  } r = {sp_max_bits_f64(x, n, 0x7fffffffffffffffull)};
  return r.d > m ? r.d : m;
}

/* The block's sums into the chunk's, and each window's RMS: one pass, each
 * sum in locals and in frame order (the same numbers as a pass a sum, and
 * the sums' additions, each a chain of its own, overlap). */
static void block_sums_stereo(const block *b, size_t n, size_t W, chunk *ck, size_t *wi);

static void block_sums(const block *b, size_t n, size_t C, size_t W, chunk *ck, size_t *wi)
{
  if (C == 2) {
    block_sums_stereo(b, n, W, ck, wi);
    return;
  }
  double sumsq = ck->sumsq, mix_sq = ck->mix_sq;
  /* the chunk's own sums: every channel has figures of its own */
  double *restrict ch_peak = ck->ch_peak, *restrict ch_sumsq = ck->ch_sumsq,
                   *restrict ch_mix_sq = ck->ch_mix_sq, *restrict ch_rm = ck->ch_rm;
  const double *restrict r = b->r, *restrict mix = b->mix;
  for (size_t w = 0; w < n; w += W) {
    const size_t len = n - w < W ? n - w : W;
    double e = 0;
    for (size_t k = w * C; k < (w + len) * C; k++) {
      sumsq += r[k] * r[k];
      mix_sq += mix[k] * mix[k];
      e += r[k] * r[k];
    }
    for (size_t t = w; t < w + len; t++)
      for (size_t c = 0; c < C; c++) {
        const double x = r[t * C + c], m = mix[t * C + c];
        ch_peak[c] = fabs(x) > ch_peak[c] ? fabs(x) : ch_peak[c];
        ch_sumsq[c] += x * x;
        ch_mix_sq[c] += m * m;
        ch_rm[c] += x * m;
      }
    ck->window_db[(*wi)++] = e > 0 ? sp_lin_to_db(sqrt(e / (double)(len * C))) : -INFINITY;
  }
  ck->sumsq = sumsq;
  ck->mix_sq = mix_sq;
  double e_m = ck->e_m, e_s = ck->e_s, r0 = ck->r0;
  const float *restrict m = b->m, *restrict s = b->s;
  for (size_t t = 0; t < n; t++) {
    e_m += (double)m[t] * m[t];
    e_s += (double)s[t] * s[t];
    r0 += (double)m[t] * s[t];
  }
  ck->e_m = e_m;
  ck->e_s = e_s;
  ck->r0 = r0;
}

/* block_sums for two channels, its three loops in one: every sum gets the
 * same terms in the same order (frame by frame, left before right), so the
 * same numbers, but the sums' chains of additions, each waiting on its own
 * last, now overlap in one loop instead of running loop after loop (a
 * version's null test spent most of its statistics waiting on them). */
static void block_sums_stereo(const block *b, size_t n, size_t W, chunk *ck, size_t *wi)
{
  double sumsq = ck->sumsq, mix_sq = ck->mix_sq, e_m = ck->e_m, e_s = ck->e_s, r0 = ck->r0;
  double p0 = ck->ch_peak[0], p1 = ck->ch_peak[1], q0 = ck->ch_sumsq[0], q1 = ck->ch_sumsq[1];
  double mm0 = ck->ch_mix_sq[0], mm1 = ck->ch_mix_sq[1], rm0 = ck->ch_rm[0], rm1 = ck->ch_rm[1];
  const double *restrict r = b->r, *restrict mix = b->mix;
  const float *restrict m = b->m, *restrict s = b->s;
  for (size_t w = 0; w < n; w += W) {
    const size_t end = n - w < W ? n : w + W;
    double e = 0;
    for (size_t t = w; t < end; t++) {
      const double x0 = r[2 * t], x1 = r[2 * t + 1], y0 = mix[2 * t], y1 = mix[2 * t + 1];
      sumsq += x0 * x0;
      mix_sq += y0 * y0;
      e += x0 * x0;
      sumsq += x1 * x1;
      mix_sq += y1 * y1;
      e += x1 * x1;
      p0 = fabs(x0) > p0 ? fabs(x0) : p0;
      q0 += x0 * x0;
      mm0 += y0 * y0;
      rm0 += x0 * y0;
      p1 = fabs(x1) > p1 ? fabs(x1) : p1;
      q1 += x1 * x1;
      mm1 += y1 * y1;
      rm1 += x1 * y1;
      e_m += (double)m[t] * m[t];
      e_s += (double)s[t] * s[t];
      r0 += (double)m[t] * s[t];
    }
    ck->window_db[(*wi)++] = e > 0 ? sp_lin_to_db(sqrt(e / (double)((end - w) * 2))) : -INFINITY;
  }
  ck->sumsq = sumsq;
  ck->mix_sq = mix_sq;
  ck->e_m = e_m;
  ck->e_s = e_s;
  ck->r0 = r0;
  ck->ch_peak[0] = p0, ck->ch_peak[1] = p1;
  ck->ch_sumsq[0] = q0, ck->ch_sumsq[1] = q1;
  ck->ch_mix_sq[0] = mm0, ck->ch_mix_sq[1] = mm1;
  ck->ch_rm[0] = rm0, ck->ch_rm[1] = rm1;
}

/* The statistics of the first pass, measured block by block in time order:
 * the current chunk's sums, and the whole's. */
typedef struct stats {
  sp_null_result *res; /* its loudest windows (keep_worst) */
  size_t W;            /* window, frames */
  int64_t per;         /* frames a chunk: a multiple of BLOCK */
  int64_t chunk_end;   /* where the current chunk ends */
  chunk ck;
  double window_db[BLOCK / 1024 + 1]; /* the block's windows (W ≥ 1024) */
  double peak, unclipped, mix_peak, abs_peak, sumsq, mix_sq, e_m, e_s, r0;
  double *ch_peak, *ch_sq, *ch_mm, *ch_rm; /* [channels] each, one allocation */
  int64_t *clipped;                        /* [files] */
} stats;

static void stats_init(stats *st, const files *f, size_t W, sp_null_result *res)
{
  memset(st, 0, sizeof *st);
  st->res = res;
  st->W = W;
  int64_t per = (f->frames + CHUNKS - 1) / CHUNKS;
  st->per = (per + BLOCK - 1) / BLOCK * BLOCK;
  st->chunk_end = st->per;
  const size_t C = (size_t)f->channels;
  chunk_init(&st->ck, C);
  st->ck.window_db = st->window_db;
  st->ch_peak = sp_xcalloc(4 * (C ? C : 1), sizeof *st->ch_peak);
  st->ch_sq = st->ch_peak + C;
  st->ch_mm = st->ch_sq + C;
  st->ch_rm = st->ch_mm + C;
  st->clipped = sp_xcalloc(f->n, sizeof *st->clipped);
}

static void stats_fini(stats *st)
{
  chunk_fini(&st->ck);
  free(st->ch_peak);
  free(st->clipped);
}

/* The current chunk's sums into the whole's; the next chunk starts from 0. */
static void stats_fold(stats *st, size_t C)
{
  chunk *ck = &st->ck;
  for (size_t k = 0; k < C; k++) {
    st->ch_peak[k] = ck->ch_peak[k] > st->ch_peak[k] ? ck->ch_peak[k] : st->ch_peak[k];
    st->ch_sq[k] += ck->ch_sumsq[k];
    st->ch_mm[k] += ck->ch_mix_sq[k];
    st->ch_rm[k] += ck->ch_rm[k];
  }
  st->sumsq += ck->sumsq;
  st->mix_sq += ck->mix_sq;
  st->e_m += ck->e_m;
  st->e_s += ck->e_s;
  st->r0 += ck->r0;
  chunk_clear(ck, C);
}

/* The block [at, at + n) (its r, mix, m, s in b) into the sums. */
static void stats_block(stats *st, const block *b, int64_t at, size_t n, size_t C)
{
  if (at >= st->chunk_end) {
    stats_fold(st, C);
    st->chunk_end += st->per;
  }
  size_t wi = 0;
  block_sums(b, n, C, st->W, &st->ck, &wi);
  for (size_t w = 0; w < wi; w++)
    if (!isinf(st->window_db[w]))
      keep_worst(st->res, (double)(at + (int64_t)(w * st->W)) / st->res->sample_rate,
                 st->window_db[w]);
}

/* The first pass's figures into res, once every block is in. */
static void stats_result(stats *st, const files *f, sp_null_result *res)
{
  const size_t C = (size_t)f->channels;
  stats_fold(st, C);
  for (size_t i = 0; i < f->n; i++) {
    int64_t *to = i == 0 ? &res->mix_clipped : &res->stems[i - 1].clipped;
    *to += st->clipped[i];
    res->clipped |= st->clipped[i] > 0;
  }
  double samples = (double)f->frames * (double)C;
  res->residual_peak_dbfs = sp_lin_to_db(st->peak);
  res->residual_unclipped_peak_dbfs = sp_lin_to_db(st->unclipped);
  res->residual_rms_dbfs = samples > 0 ? sp_lin_to_db(sqrt(st->sumsq / samples)) : -INFINITY;
  res->mix_peak_dbfs = sp_lin_to_db(st->mix_peak);
  res->mix_rms_dbfs = samples > 0 ? sp_lin_to_db(sqrt(st->mix_sq / samples)) : -INFINITY;
  /* channel by channel: the residual, and the stem sum's gain against the
   * mix there (Σ s·m / Σ m², s = r + m) */
  for (size_t k = 0; k < C; k++) {
    sp_null_channel *ch = &res->by_channel[k];
    ch->residual_peak_dbfs = sp_lin_to_db(st->ch_peak[k]);
    ch->residual_rms_dbfs =
        f->frames > 0 ? sp_lin_to_db(sqrt(st->ch_sq[k] / (double)f->frames)) : -INFINITY;
    ch->gain_db =
        st->ch_mm[k] > 0 ? sp_lin_to_db(fabs(st->ch_rm[k] + st->ch_mm[k]) / st->ch_mm[k]) : NAN;
  }
}

/* The statistics alone (a render's null test that passes needs no more):
 * each chunk read and summed by a task of its own, with readers of its
 * own, the block just read still in the cache; the chunks' sums folded in
 * time order at the end. */
typedef struct piece {
  int64_t from, to;
  chunk ck; /* its sums; ck.window_db: each window's RMS */
  size_t n_windows;
  double peak, unclipped, mix_peak, abs_peak;
  int64_t *clipped; /* [files] */
  sp_err err;
  char why[512];
} piece;

typedef struct pieces {
  files *f;
  size_t W;
  piece *p;
} pieces;

static void piece_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  const pieces *j = ctx;
  piece *pc = &j->p[i];
  files f;
  memset(&f, 0, sizeof f);
  pc->err = files_open(&f, j->f->media, j->f->path[0], j->f->path + 1, j->f->n - 1, pc->why,
                       sizeof pc->why);
  f.cancel = j->f->cancel;
  if (pc->err == SP_OK)
    pc->err = files_rewind(&f, pc->from, pc->why, sizeof pc->why);
  const size_t C = (size_t)j->f->channels, W = j->W, B = fit_frames(pc->to - pc->from, BLOCK);
  block b = {sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B, sizeof(float)),
             sp_xcalloc(B, sizeof(float)),
             NULL,
             sp_xcalloc(B * C, sizeof(double)),
             j->f->any_int ? sp_xcalloc(B * C, 1) : NULL,
             pc->clipped};
  pc->n_windows = (size_t)((pc->to - pc->from + (int64_t)W - 1) / (int64_t)W);
  chunk_init(&pc->ck, C);
  pc->ck.window_db = sp_xcalloc(pc->n_windows + 1, sizeof *pc->ck.window_db);
  size_t wi = 0;
  for (int64_t at = pc->from; at < pc->to && pc->err == SP_OK; at += BLOCK) {
    size_t n = pc->to - at < BLOCK ? (size_t)(pc->to - at) : BLOCK;
    if ((pc->err = read_block(&f, &b, at, n, pc->why, sizeof pc->why)) != SP_OK)
      break;
    pc->peak = abs_max(b.r, n * C, pc->peak);
    pc->unclipped = b.full ? abs_max_unmarked(b.r, b.full, n * C, pc->unclipped) : pc->peak;
    pc->mix_peak = abs_max(b.mix, n * C, pc->mix_peak);
    pc->abs_peak = abs_max(b.a, n * C, pc->abs_peak);
    block_sums(&b, n, C, W, &pc->ck, &wi);
  }
  free(b.r);
  free(b.mix);
  free(b.m);
  free(b.s);
  free(b.a);
  free(b.full);
  files_close(&f);
}

static sp_err pass_stats(files *f, stats *st, int threads, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels;
  piece p[CHUNKS];
  memset(p, 0, sizeof p);
  size_t n = 0;
  for (int64_t at = 0; at < f->frames && n < CHUNKS; at += st->per) {
    p[n].from = at;
    p[n].to = at + st->per < f->frames ? at + st->per : f->frames;
    p[n].clipped = sp_xcalloc(f->n, sizeof *p[n].clipped);
    n++;
  }
  pieces job = {f, st->W, p};
  sp_pool_run_threads(threads, n, piece_task, &job);
  sp_err err = SP_OK;
  for (size_t c = 0; c < n; c++) {
    piece *pc = &p[c];
    if (pc->err != SP_OK && err == SP_OK) {
      err = pc->err;
      snprintf(why, why_size, "%s", pc->why);
    }
    st->peak = pc->peak > st->peak ? pc->peak : st->peak;
    st->unclipped = pc->unclipped > st->unclipped ? pc->unclipped : st->unclipped;
    st->mix_peak = pc->mix_peak > st->mix_peak ? pc->mix_peak : st->mix_peak;
    st->abs_peak = pc->abs_peak > st->abs_peak ? pc->abs_peak : st->abs_peak;
    for (size_t i = 0; i < f->n; i++)
      st->clipped[i] += pc->clipped[i];
    free(pc->clipped);
    for (size_t w = 0; w < pc->n_windows; w++)
      if (!isinf(pc->ck.window_db[w]))
        keep_worst(st->res, (double)(pc->from + (int64_t)(w * st->W)) / st->res->sample_rate,
                   pc->ck.window_db[w]);
    free(pc->ck.window_db);
    /* its sums, as the next chunk of the whole */
    if (c > 0)
      stats_fold(st, C);
    chunk_copy(&st->ck, &pc->ck, C);
    chunk_fini(&pc->ck);
  }
  return err;
}

/* ---- a pass over the files ----------------------------------------------- */

/* Reading and decoding the files is most of a pass, and what is measured
 * must come in time order (each sum is one chain of additions, so that its
 * bits never depend on the threads). So a pass reads SPAN frames at a
 * time, up to `threads` spans side by side (a group), each reading task
 * with readers of its own, while the group read before is measured by
 * tasks of their own, each going through it in time order:
 *
 *   round k:  read group k + 1, a task a span  ║  measure group k, a task a measure:
 *                                              ║  the statistics, the bands, each
 *                                              ║  correlator
 *
 * Memory: two groups of spans, whatever the files' length. */
enum { SPAN = 4 * BLOCK, MAX_GROUP = 16 };

/* What a pass measures. */
typedef struct measures {
  stats *st; /* the first pass's statistics; NULL: none */
  bands *bd; /* the residual's octave bands, added to power[] and *windows; NULL: none */
  double *power;
  size_t *windows;
  sp_xcorr *sum;   /* the mono stem sum against the mono mix; NULL: none */
  sp_xcorr **stem; /* [n stems]: what the mix implies stem i is, against it; NULL entries: none */
} measures;

/* Frames [at, at + frames) of every file, as read_block gives them, and
 * what needs no order: peaks and counts. */
typedef struct span {
  int64_t at;
  size_t frames;     /* 0: past the end */
  double *r, *mix;   /* SPAN × C, kept for the statistics and the bands; else NULL */
  float *m, *s, *rm; /* SPAN: the mono mix, the mono stem sum, s − m (rm: when stems are) */
  float **stem;      /* [n stems]: SPAN mono for the stems correlated, else NULL */
  double peak, unclipped, mix_peak, abs_peak;
  int64_t *clipped; /* [files] */
  sp_err err;
  char why[512];
} span;

/* A reading task's readers and scratch. */
typedef struct reader {
  files f;
  int64_t next;    /* the frame its readers stand at; -1: unknown */
  double *r, *mix; /* BLOCK × C, for spans that do not keep them */
  double *a;       /* BLOCK × C: |mix| + Σ |stem| */
  uint8_t *full;   /* BLOCK × C */
} reader;

typedef enum { M_STATS, M_BANDS, M_SUM, M_STEM } measure_kind;

typedef struct measure_task {
  measure_kind kind;
  size_t stem; /* M_STEM */
  float *e;    /* M_STEM: SPAN, what the mix implies of the stem */
} measure_task;

typedef struct pass {
  files *f;
  const measures *ms;
  size_t group;     /* spans a group */
  reader *readers;  /* [group] */
  span *reading;    /* the group read this round */
  span *measuring;  /* the group measured this round */
  size_t n_read;    /* spans read this round */
  size_t n_measure; /* measuring tasks this round */
  measure_task *tasks;
  size_t n_tasks;
  bool stems;    /* some stem is correlated: the spans keep s − m */
  bool keep_r;   /* the spans keep r and mix */
  bool in_order; /* lossy files: one reader, never seeking, reads every span in turn */
  size_t span;   /* frames a span's buffers hold: SPAN, or the file's frames when fewer */
} pass;

/* Read span k with readers rd: read_block for each of its blocks, and its
 * peaks. */
static void read_span(pass *p, size_t k, reader *rd)
{
  files *f = p->f;
  span *sp = &p->reading[k];
  const size_t C = (size_t)f->channels, n = f->n - 1;
  const bool st = p->ms->st != NULL;
  if (rd->next != sp->at &&
      (sp->err = files_rewind(&rd->f, sp->at, sp->why, sizeof sp->why)) != SP_OK)
    return;
  rd->next = -1;
  block b = {.clipped = sp->clipped, .stem = sp->stem ? sp_xcalloc(n, sizeof(float *)) : NULL};
  for (size_t off = 0; off < sp->frames; off += BLOCK) {
    const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK, m = len * C;
    b.r = sp->r ? sp->r + off * C : rd->r;
    b.mix = sp->mix ? sp->mix + off * C : rd->mix;
    b.m = sp->m + off;
    b.s = sp->s + off;
    for (size_t i = 0; b.stem && i < n; i++)
      b.stem[i] = sp->stem[i] ? sp->stem[i] + off : NULL;
    b.a = st ? rd->a : NULL;
    b.full = st && f->any_int ? rd->full : NULL;
    if ((sp->err = read_block(&rd->f, &b, sp->at + (int64_t)off, len, sp->why, sizeof sp->why)) !=
        SP_OK)
      break;
    if (st) {
      sp->peak = abs_max(b.r, m, sp->peak);
      sp->unclipped = b.full ? abs_max_unmarked(b.r, b.full, m, sp->unclipped) : sp->peak;
      sp->mix_peak = abs_max(b.mix, m, sp->mix_peak);
      sp->abs_peak = abs_max(b.a, m, sp->abs_peak);
    }
    if (sp->rm)
      for (size_t t = 0; t < len; t++)
        sp->rm[off + t] = b.s[t] - b.m[t];
  }
  free(b.stem);
  if (sp->err == SP_OK)
    rd->next = sp->at + (int64_t)sp->frames;
}

/* One measure over the group read last round, span by span, block by
 * block, in time order. */
static void measure_group(pass *p, measure_task *t)
{
  const size_t C = (size_t)p->f->channels;
  const measures *ms = p->ms;
  for (size_t k = 0; k < p->group && p->measuring[k].frames; k++) {
    const span *sp = &p->measuring[k];
    switch (t->kind) {
    case M_STATS: {
      stats *st = ms->st;
      st->peak = sp->peak > st->peak ? sp->peak : st->peak;
      st->unclipped = sp->unclipped > st->unclipped ? sp->unclipped : st->unclipped;
      st->mix_peak = sp->mix_peak > st->mix_peak ? sp->mix_peak : st->mix_peak;
      st->abs_peak = sp->abs_peak > st->abs_peak ? sp->abs_peak : st->abs_peak;
      for (size_t i = 0; i < p->f->n; i++)
        st->clipped[i] += sp->clipped[i];
      for (size_t off = 0; off < sp->frames; off += BLOCK) {
        const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK;
        const block b = {
            .r = sp->r + off * C, .mix = sp->mix + off * C, .m = sp->m + off, .s = sp->s + off};
        stats_block(st, &b, sp->at + (int64_t)off, len, C);
      }
      break;
    }
    case M_BANDS: {
      const size_t W = ms->bd->W;
      /* whole windows within each block, as the blocks were read */
      for (size_t off = 0; off < sp->frames; off += BLOCK) {
        const size_t len = sp->frames - off < BLOCK ? sp->frames - off : BLOCK;
        for (size_t w = 0; w + W <= len; w += W, (*ms->windows)++)
          bands_measure(ms->bd, sp->r + (off + w) * C, C, ms->power);
      }
      break;
    }
    case M_SUM: sp_xcorr_push(ms->sum, sp->m, sp->s, sp->frames); break;
    case M_STEM: {
      const float *st = sp->stem[t->stem];
      for (size_t i = 0; i < sp->frames; i++)
        t->e[i] = st[i] - sp->rm[i];
      sp_xcorr_push(ms->stem[t->stem], t->e, st, sp->frames);
      break;
    }
    }
  }
}

static void pass_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  pass *p = ctx;
  if (i >= p->n_read)
    measure_group(p, &p->tasks[i - p->n_read]);
  else if (!p->in_order)
    read_span(p, i, &p->readers[i]);
  else /* one task reads the group, span after span */
    for (size_t k = 0; k < p->group && p->reading[k].frames; k++) {
      read_span(p, k, &p->readers[0]);
      if (p->reading[k].err != SP_OK)
        break;
    }
}

static void span_alloc(span *sp, const pass *p)
{
  const size_t C = (size_t)p->f->channels, n = p->f->n - 1, S = p->span;
  memset(sp, 0, sizeof *sp);
  if (p->keep_r) {
    sp->r = sp_xcalloc(S * C, sizeof *sp->r);
    sp->mix = sp_xcalloc(S * C, sizeof *sp->mix);
  }
  sp->m = sp_xcalloc(S, sizeof *sp->m);
  sp->s = sp_xcalloc(S, sizeof *sp->s);
  sp->rm = p->stems ? sp_xcalloc(S, sizeof *sp->rm) : NULL;
  if (p->stems) {
    sp->stem = sp_xcalloc(n, sizeof *sp->stem);
    for (size_t i = 0; i < n; i++)
      if (p->ms->stem[i])
        sp->stem[i] = sp_xcalloc(S, sizeof(float));
  }
  sp->clipped = sp_xcalloc(p->f->n, sizeof *sp->clipped);
}

static void span_free(span *sp, size_t n_stems)
{
  free(sp->r);
  free(sp->mix);
  free(sp->m);
  free(sp->s);
  free(sp->rm);
  for (size_t i = 0; sp->stem && i < n_stems; i++)
    free(sp->stem[i]);
  free(sp->stem);
  free(sp->clipped);
}

/* One pass over the files (as f reads them: shifted and scaled when it
 * says so), measuring ms, on up to `threads` threads; every number is the
 * same whatever the threads. On an error, why names it (the first in time). */
static sp_err pass_run(files *f, const measures *ms, int threads, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels, n = f->n - 1;
  pass p = {.f = f, .ms = ms, .span = fit_frames(f->frames, SPAN)};
  const size_t B = fit_frames(f->frames, BLOCK);
  p.group = threads > 1 ? (size_t)threads : 1;
  p.group = p.group < MAX_GROUP ? p.group : MAX_GROUP;
  p.keep_r = ms->st || ms->bd;
  p.in_order = f->any_lossy;
  p.tasks = sp_xcalloc(3 + n, sizeof *p.tasks);
  if (ms->st)
    p.tasks[p.n_tasks++].kind = M_STATS;
  if (ms->bd)
    p.tasks[p.n_tasks++].kind = M_BANDS;
  if (ms->sum)
    p.tasks[p.n_tasks++].kind = M_SUM;
  for (size_t i = 0; ms->stem && i < n; i++)
    if (ms->stem[i]) {
      p.tasks[p.n_tasks++] = (measure_task){M_STEM, i, sp_xcalloc(p.span, sizeof(float))};
      p.stems = true;
    }
  sp_err err = SP_OK;
  p.readers = sp_xcalloc(p.group, sizeof *p.readers);
  for (size_t k = 0; k < p.group && err == SP_OK; k++) {
    reader *rd = &p.readers[k];
    err = files_open(&rd->f, f->media, f->path[0], f->path + 1, n, why, why_size);
    rd->f.shift = f->shift;
    rd->f.scale = f->scale;
    rd->f.cancel = f->cancel;
    rd->next = f->shift ? -1 : 0; /* a reader just opened stands at the start */
    rd->r = sp_xcalloc(B * C, sizeof *rd->r);
    rd->mix = sp_xcalloc(B * C, sizeof *rd->mix);
    rd->a = sp_xcalloc(B * C, sizeof *rd->a);
    rd->full = sp_xcalloc(B * C, 1);
  }
  span *spans = sp_xcalloc(2 * p.group, sizeof *spans);
  for (size_t k = 0; k < 2 * p.group; k++)
    span_alloc(&spans[k], &p);
  sp_pool *pool = sp_pool_new((int)p.group);
  p.reading = spans;
  p.measuring = spans + p.group;
  int64_t at = 0;
  bool measure = false; /* the other group holds spans read */
  while (err == SP_OK && (at < f->frames || measure)) {
    p.n_read = 0;
    for (size_t k = 0; k < p.group; k++) {
      span *sp = &p.reading[k];
      sp->at = at;
      sp->frames = at < f->frames ? (size_t)(f->frames - at < SPAN ? f->frames - at : SPAN) : 0;
      sp->peak = sp->unclipped = sp->mix_peak = sp->abs_peak = 0;
      memset(sp->clipped, 0, f->n * sizeof *sp->clipped);
      sp->err = SP_OK;
      p.n_read += sp->frames > 0;
      at += (int64_t)sp->frames;
    }
    if (p.in_order && p.n_read > 0)
      p.n_read = 1;
    p.n_measure = measure ? p.n_tasks : 0;
    if (p.n_read + p.n_measure > 0)
      sp_pool_run(pool, p.n_read + p.n_measure, pass_task, &p);
    for (size_t k = 0; k < p.group && p.reading[k].frames && err == SP_OK; k++)
      if ((err = p.reading[k].err) != SP_OK)
        snprintf(why, why_size, "%s", p.reading[k].why);
    span *t = p.reading;
    p.reading = p.measuring;
    p.measuring = t;
    measure = p.n_read > 0;
  }
  sp_pool_free(pool);
  for (size_t k = 0; k < 2 * p.group; k++)
    span_free(&spans[k], n);
  free(spans);
  for (size_t k = 0; k < p.group; k++) {
    files_close(&p.readers[k].f);
    free(p.readers[k].r);
    free(p.readers[k].mix);
    free(p.readers[k].a);
    free(p.readers[k].full);
  }
  free(p.readers);
  for (size_t i = 0; i < p.n_tasks; i++)
    free(p.tasks[i].e);
  free(p.tasks);
  return err;
}

/* The octave band of each worst spot: read just those windows again. */
static sp_err pass_spots(files *f, bands *bd, sp_null_result *res, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels;
  block b = {sp_xcalloc(bd->W * C, sizeof(double)),
             sp_xcalloc(bd->W * C, sizeof(double)),
             NULL,
             NULL,
             NULL,
             NULL,
             NULL,
             NULL};
  sp_err err = SP_OK;
  for (size_t i = 0; i < res->n_worst && err == SP_OK; i++) {
    int64_t at = (int64_t)llround(res->worst[i].t_s * res->sample_rate);
    size_t n = f->frames - at < (int64_t)bd->W ? (size_t)(f->frames - at) : bd->W;
    if ((err = files_rewind(f, at, why, why_size)) != SP_OK ||
        (err = read_block(f, &b, at, n, why, why_size)) != SP_OK)
      break;
    memset(b.r + n * C, 0, (bd->W - n) * C * sizeof *b.r);
    double power[SP_NULL_BANDS] = {0};
    bands_measure(bd, b.r, C, power);
    int best = 0;
    for (int j = 1; j < SP_NULL_BANDS; j++)
      if (power[j] > power[best])
        best = j;
    res->worst[i].band_hz = power[best] > 0 ? sp_null_band_hz[best] : NAN;
  }
  free(b.r);
  free(b.mix);
  return err;
}

/* What the lag searches look for, and where their results go. */
typedef struct search {
  size_t L;             /* ± frames */
  sp_xcorr_result *sum; /* the stem sum against the mix; NULL: not searched */
  const bool *want;     /* [n stems]: stem i is searched, into per[i] */
  sp_xcorr_result *per;
  bands *bd; /* the residual's octave bands, added to power[] and *windows; NULL: none */
  double *power;
  size_t *windows;
  int threads;
} search;

/* The lag searches not settled by the sums: FFT correlators (±L) over
 * passes of SP_NULL_GROUP stems each (to bound their memory), the stem sum
 * and the bands in the first. */
static sp_err pass_search(files *f, const search *s, char *why, size_t why_size)
{
  const size_t n = f->n - 1, L = s->L;
  sp_xcorr_result *sum = s->sum, *per = s->per;
  const bool *want = s->want;
  sp_xcorr **xp = sp_xcalloc(n ? n : 1, sizeof *xp);
  sp_err err = SP_OK;
  size_t i = 0;
  for (bool first = true; err == SP_OK; first = false) {
    size_t k = 0, from = i;
    for (; i < n && k < SP_NULL_GROUP; i++)
      if (want[i])
        xp[i] = sp_xcorr_new(L, f->frames), k++;
    measures ms = {.bd = first ? s->bd : NULL,
                   .power = s->power,
                   .windows = s->windows,
                   .sum = first && sum ? sp_xcorr_new(L, f->frames) : NULL,
                   .stem = xp};
    if (k == 0 && !ms.sum && !ms.bd)
      break;
    err = pass_run(f, &ms, s->threads, why, why_size);
    if (err == SP_OK && ms.sum) {
      sp_xcorr_finish(ms.sum);
      sp_xcorr_result_get(ms.sum, sum);
    }
    sp_xcorr_free(ms.sum);
    for (size_t j = from; j < i; j++) {
      if (xp[j] && err == SP_OK) {
        sp_xcorr_finish(xp[j]);
        sp_xcorr_result_get(xp[j], &per[j]);
      }
      sp_xcorr_free(xp[j]);
      xp[j] = NULL;
    }
  }
  free(xp);
  return err;
}

/* The coarsest quantization among the files, as a residual bound: every
 * file off by its largest error (TPDF dither assumed). 0 when all are
 * float (exact). */
static double quantization_bound(const files *f)
{
  double err = 0;
  for (size_t i = 0; i < f->n; i++) {
    const sp_audio_info *a = &f->info[i];
    if (a->is_float)
      continue;
    int bits = a->bits ? a->bits : 16;
    err += 1.5 * ldexp(1.0, -(bits - 1));
  }
  return err;
}

/* The null test failed with files clipped: that first (which files, how
 * many samples, where they would have gone: the result's), then what the
 * residual is away from the clipped samples. Returns whether the clipping
 * accounts for the failure (nothing else to look for). */
static bool note_clipping(const files *f, sp_null_result *res)
{
  note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIPPING});
  const double rest = res->residual_unclipped_peak_dbfs, bound = quantization_bound(f);
  if (isinf(rest)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_EXACT});
    return true;
  }
  if (rest <= res->threshold_dbfs) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_WITHIN, .peak_dbfs = rest});
    return true;
  }
  if (bound > 0 && rest <= sp_lin_to_db(bound)) {
    note(res, (sp_null_finding){
                  .kind = SP_NULL_FOUND_CLIP_ROUNDING, .peak_dbfs = rest, .bound_dbfs = sp_lin_to_db(bound)});
    return true;
  }
  note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CLIP_MORE, .peak_dbfs = rest});
  return false;
}

/* The residual RMS scaled by the share of its (mono) energy that remains. */
static double relative_rms(const sp_null_result *res, double left, double total)
{
  if (total <= 0)
    return res->residual_rms_dbfs;
  return left <= 0 ? -INFINITY : res->residual_rms_dbfs + 10.0 * log10(left / total);
}

/* Whether one fit alone explains the residual: the stems' sum's, or one
 * stem's (the others taken as right). */
static bool one_explains(const sp_xcorr_result *sum, const sp_xcorr_result *per, size_t n)
{
  const fit s = fit_of(sum);
  if (s.total > 0 && s.left <= EXPLAINED * s.total)
    return true;
  for (size_t i = 0; i < n; i++) {
    const fit p = fit_of(&per[i]);
    if (p.total > 0 && p.gain != 0 && p.left / (p.gain * p.gain) <= EXPLAINED * p.total)
      return true;
  }
  return false;
}

static void note_left(sp_null_result *res, double rms_dbfs, double correlation, bool remains);

/* What the passes measured that the findings read beside res. */
typedef struct evidence {
  const sp_xcorr_result *sum; /* the stem sum's fit against the mix */
  const sp_xcorr_result *per; /* [n stems]: each stem's against what the mix implies */
  /* several stems off at once, res->stems refitted (refit); left,
   * left_corr: the energy the refit left and its correlation with the mix */
  bool refitted;
  double left, left_corr;
  double e_m, e_s, r0; /* the first pass's energies: mix, stem sum, their product at lag 0 */
} evidence;

static void find_faults(const files *f, sp_null_result *res, const evidence *ev)
{
  const sp_xcorr_result *sum = ev->sum, *per = ev->per;
  const bool refitted = ev->refitted;
  const double left = ev->left, left_corr = ev->left_corr, e_m = ev->e_m, e_s = ev->e_s,
               r0 = ev->r0;
  /* Clipping first: it makes any residual, which then looks like other
   * faults (a stem with extra signal, a gain error). */
  const bool explained = res->clipped && !res->passed && note_clipping(f, res);
  for (size_t i = 1; i < f->n; i++) {
    int64_t d = f->info[i].frames - f->info[0].frames;
    if (d != 0)
      note(res, (sp_null_finding){.kind = SP_NULL_FOUND_LENGTH, .file = i, .frames = d});
  }
  if (explained)
    return;
  if (isinf(res->residual_peak_dbfs)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_EXACT});
    return;
  }
  double bound = quantization_bound(f);
  if (bound > 0 && res->residual_peak_dbfs <= sp_lin_to_db(bound)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_QUANTIZATION,
                                .peak_dbfs = res->residual_peak_dbfs,
                                .bound_dbfs = sp_lin_to_db(bound)});
    return;
  }
  if (res->passed) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_WITHIN, .peak_dbfs = res->residual_peak_dbfs});
    return;
  }
  /* A few times the rounding of these depths and nothing of the mix in
   * it: rounding added after the mix, not a fault of the render. */
  if (bound > 0 && res->residual_peak_dbfs <= sp_lin_to_db(bound) + 24.0 &&
      !(fabs(res->mix_correlation) > 0.1)) {
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_ROUNDING,
                                .peak_dbfs = res->residual_peak_dbfs,
                                .rms_dbfs = res->residual_rms_dbfs,
                                .bound_dbfs = sp_lin_to_db(bound)});
    return;
  }
  if (!res->searched)
    return;
  if (refitted) {
    /* several stems off at once: what each one's fit shows, the others
     * put right (res->stems, refitted) */
    for (size_t i = 0; i < res->n_stems; i++) {
      const sp_null_stem *st = &res->stems[i];
      /* a gain off by less than 0.05 dB is the other stems' rounding
       * here, not a fault */
      if (st->lag_frames == 0 && !st->inverted && fabs(st->gain_db) < 0.05)
        continue;
      const double db = fabs(st->gain_db) < 0.05 ? 0.0 : st->gain_db;
      const fit p = {st->lag_frames, sp_db_to_lin(db) * (st->inverted ? -1 : 1), 0, 0};
      note_fit(res, i + 1, &p);
    }
    const fit s = fit_of(sum);
    if (left > EXPLAINED * s.total)
      note_left(res, relative_rms(res, left, s.total), left_corr, true);
    return;
  }
  fit s = fit_of(sum);
  if (s.total > 0 && s.left <= EXPLAINED * s.total) {
    note_fit(res, 0, &s);
    return;
  }
  bool any = false;
  for (size_t i = 0; i < res->n_stems; i++) {
    fit p = fit_of(&per[i]);
    if (p.total > 0 && p.gain != 0 && p.left / (p.gain * p.gain) <= EXPLAINED * p.total) {
      note_fit(res, i + 1, &p);
      any = true;
    }
  }
  if (any)
    return;
  const double e_r = e_s + e_m - 2 * r0;
  note_left(res, res->residual_rms_dbfs, e_r > 0 && e_m > 0 ? res->mix_correlation : 0, false);
}

/* What a residual (rms_dbfs; remains: what the fits leave, else the
 * residual itself) is, by its correlation with the mix: something the
 * stems lack, something they add, or neither. */
static void note_left(sp_null_result *res, double rms_dbfs, double correlation, bool remains)
{
  const sp_null_finding_kind k = correlation < -0.05  ? SP_NULL_FOUND_MISSING
                                 : correlation > 0.05 ? SP_NULL_FOUND_EXTRA
                                                      : SP_NULL_FOUND_UNRELATED;
  note(res, (sp_null_finding){
                .kind = k, .rms_dbfs = rms_dbfs, .correlation = correlation, .remains = remains});
}

/* The stems' Gram matrix and their products with the mix, on the mono
 * sums, each stem as f reads it (put right: its shift and scale): G[i·n +
 * j] = Σ sᵢ·sⱼ (j ≤ i), bv[i] = Σ sᵢ·m, *mm = Σ m². */
static sp_err pass_gram(files *f, size_t n, double *G, double *bv, double *mm, char *why,
                        size_t why_size)
{
  const size_t C = (size_t)f->channels, B = fit_frames(f->frames, BLOCK);
  block b = {sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B * C, sizeof(double)),
             sp_xcalloc(B, sizeof(float)),
             sp_xcalloc(B, sizeof(float)),
             sp_xcalloc(n, sizeof(float *)),
             NULL,
             NULL,
             NULL};
  for (size_t i = 0; i < n; i++)
    b.stem[i] = sp_xcalloc(B, sizeof(float));
  sp_err err = files_rewind(f, 0, why, why_size);
  for (int64_t at = 0; at < f->frames && err == SP_OK; at += BLOCK) {
    const size_t k = f->frames - at < BLOCK ? (size_t)(f->frames - at) : BLOCK;
    if ((err = read_block(f, &b, at, k, why, why_size)) != SP_OK)
      break;
    for (size_t t = 0; t < k; t++) {
      const double m = b.m[t];
      *mm += m * m;
      for (size_t i = 0; i < n; i++) {
        const double si = b.stem[i][t];
        bv[i] += si * m;
        for (size_t j = 0; j <= i; j++)
          G[i * n + j] += si * b.stem[j][t];
      }
    }
  }
  for (size_t i = 0; i < n; i++)
    free(b.stem[i]);
  free(b.stem);
  free(b.r);
  free(b.mix);
  free(b.m);
  free(b.s);
  return err;
}

/* The gains g that fit Σ gᵢ·sᵢ to the mix best (least squares: G·g = bv,
 * G from pass_gram, its lower half), by elimination with partial
 * pivoting; a stem with no energy of its own keeps 1. Returns the energy
 * the fit leaves. */
static double solve_gains(size_t n, const double *G, const double *bv, double mm, double *g)
{
  double *a = sp_xcalloc(n * (n + 1), sizeof *a);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < n; j++)
      a[i * (n + 1) + j] = j <= i ? G[i * n + j] : G[j * n + i];
    a[i * (n + 1) + n] = bv[i];
  }
  bool *free_var = sp_xcalloc(n ? n : 1, sizeof *free_var);
  for (size_t c = 0; c < n; c++) {
    size_t best = c;
    for (size_t r = c + 1; r < n; r++)
      if (fabs(a[r * (n + 1) + c]) > fabs(a[best * (n + 1) + c]))
        best = r;
    const double scale = G[c * n + c] > 0 ? G[c * n + c] : 1;
    if (fabs(a[best * (n + 1) + c]) <= 1e-12 * scale) {
      free_var[c] = true;
      continue;
    }
    for (size_t j = 0; j <= n; j++) {
      const double t = a[c * (n + 1) + j];
      a[c * (n + 1) + j] = a[best * (n + 1) + j];
      a[best * (n + 1) + j] = t;
    }
    for (size_t r = 0; r < n; r++) {
      if (r == c)
        continue;
      const double k = a[r * (n + 1) + c] / a[c * (n + 1) + c];
      for (size_t j = c; j <= n; j++)
        a[r * (n + 1) + j] -= k * a[c * (n + 1) + j];
    }
  }
  for (size_t i = 0; i < n; i++)
    g[i] = free_var[i] ? 1.0 : a[i * (n + 1) + n] / a[i * (n + 1) + i];
  /* E = Σm² − 2·g·bv + gᵀ·G·g */
  double e = mm;
  for (size_t i = 0; i < n; i++) {
    e -= 2 * g[i] * bv[i];
    for (size_t j = 0; j < n; j++)
      e += g[i] * g[j] * (j <= i ? G[i * n + j] : G[j * n + i]);
  }
  free(free_var);
  free(a);
  return e > 0 ? e : 0;
}

/* Several stems off at once (drums inverted and vocals 10 ms late): each
 * stem's fit takes the others as right, so the others' faults bend it, and
 * no one fit explains the residual. So the stems are put right by what
 * their fits show (each read its lag later, its polarity turned) and
 * fitted again, each against the others put right, up to REFITS rounds
 * until no lag or polarity moves; then every stem's gain is fitted at once
 * (least squares). The stems' lags, polarities and gains become
 * res->stems' when that leaves at most half the residual's energy: *left
 * is what remains (≤ EXPLAINED of it: all is explained) and *left_corr its
 * correlation with the mix. Up to REFIT_STEMS stems. */
enum { REFITS = 4, REFIT_STEMS = 32 };

/* The lags searched, ± frames: opts' range at the files' rate, but no
 * further than the files are long (beyond that nothing overlaps, R is 0),
 * so a file of a few frames does not pay for a search of a second's FFTs
 * (the correlator's blocks are 4 × the range). At least 1. */
static size_t search_frames(const sp_null_opts *opts, const sp_null_result *res)
{
  const double lag_s = opts->max_lag_s > 0 ? opts->max_lag_s : 1.0;
  size_t L = (size_t)llround(lag_s * res->sample_rate);
  if (res->frames > 1 && L > (size_t)res->frames - 1)
    L = (size_t)res->frames - 1;
  return L < 1 ? 1 : L;
}

/* Several stems off at once: fit each again with the others put right,
 * then their gains together; into ev (refitted, left, left_corr) and
 * res->stems when that leaves at most half the residual's energy. */
static sp_err refit(files *f, sp_null_result *res, const sp_null_opts *opts, evidence *ev,
                    char *why, size_t why_size)
{
  const sp_xcorr_result *sum = ev->sum;
  double *left = &ev->left, *left_corr = &ev->left_corr;
  const size_t n = res->n_stems;
  size_t off = 0;
  for (size_t i = 0; i < n; i++)
    off += res->stems[i].lag_frames != 0 || res->stems[i].inverted;
  if (off == 0 || n > REFIT_STEMS)
    return SP_OK;
  f->shift = sp_xcalloc(f->n, sizeof *f->shift);
  f->scale = sp_xcalloc(f->n, sizeof *f->scale);
  f->scale[0] = 1;
  for (size_t i = 0; i < n; i++) {
    f->shift[i + 1] = res->stems[i].lag_frames;
    f->scale[i + 1] = res->stems[i].inverted ? -1 : 1;
  }
  sp_xcorr_result *per2 = sp_xcalloc(n, sizeof *per2);
  bool *all = sp_xcalloc(n, sizeof *all);
  for (size_t i = 0; i < n; i++)
    all[i] = true;
  const size_t L = search_frames(opts, res);
  sp_err err = SP_OK;
  bool moved = true;
  for (int round = 0; round < REFITS && moved && err == SP_OK; round++) {
    memset(per2, 0, n * sizeof *per2);
    const search sr = {.L = L, .want = all, .per = per2, .threads = opts->threads};
    err = pass_search(f, &sr, why, why_size);
    moved = false;
    for (size_t i = 0; err == SP_OK && i < n; i++) {
      const fit p = fit_of(&per2[i]);
      if (p.gain == 0)
        continue;
      moved |= p.lag != 0 || p.gain < 0;
      f->shift[i + 1] += p.lag;
      f->scale[i + 1] *= p.gain < 0 ? -1 : 1;
    }
  }
  double *G = sp_xcalloc(n * n, sizeof *G), *bv = sp_xcalloc(n, sizeof *bv);
  double *g = sp_xcalloc(n, sizeof *g), mm = 0;
  if (err == SP_OK)
    err = pass_gram(f, n, G, bv, &mm, why, why_size);
  const double before = fit_of(sum).total;
  if (err == SP_OK && before > 0) {
    *left = solve_gains(n, G, bv, mm, g);
    double gb = 0;
    for (size_t i = 0; i < n; i++)
      gb += g[i] * bv[i];
    /* the remainder r = Σ gᵢsᵢ − m against the mix: ⟨r, m⟩ = g·bv − Σm² */
    *left_corr = *left > 0 && mm > 0 ? (gb - mm) / sqrt(*left * mm) : 0;
    if (*left <= 0.5 * before) {
      ev->refitted = true;
      for (size_t i = 0; i < n; i++) {
        sp_null_stem *st = &res->stems[i];
        st->lag_frames = f->shift[i + 1];
        st->inverted = (f->scale[i + 1] < 0) != (g[i] < 0);
        /* the stem's level against what the mix implies: 1/g */
        st->gain_db = g[i] != 0 ? -sp_lin_to_db(fabs(g[i])) : INFINITY;
      }
    }
  }
  free(G);
  free(bv);
  free(g);
  free(per2);
  free(all);
  free(f->shift);
  free(f->scale);
  f->shift = NULL;
  f->scale = NULL;
  return err;
}

sp_err sp_null_files(const sp_media *media, const char *mix, const char *const *stems,
                     size_t n_stems, const sp_null_opts *opts, sp_null_result *res, char *why,
                     size_t why_size)
{
  memset(res, 0, sizeof *res);
  res->gain_db = 0;
  res->mix_correlation = NAN;
  res->fixed_dbfs = NAN;
  for (int j = 0; j < SP_NULL_BANDS; j++)
    res->band_dbfs[j] = NAN;
  res->threshold_dbfs = opts->threshold_dbfs;
  files f;
  memset(&f, 0, sizeof f);
  sp_err err = files_open(&f, media, mix, stems, n_stems, why, why_size);
  /* A file with no audio nulls against anything: it is an error, not a pass. */
  for (size_t i = 0; err == SP_OK && i < f.n; i++)
    if (f.info[i].frames == 0) {
      snprintf(why, why_size, "%s holds no audio (0 frames)", f.path[i]);
      err = SP_ERR_IO;
    }
  /* A lossy file's residual is its codec's, not a fault: no threshold
   * follows from its depth (it has none). */
  for (size_t i = 0; err == SP_OK && isnan(opts->threshold_dbfs) && i < f.n; i++)
    if (!f.info[i].is_float && f.info[i].bits == 0) {
      snprintf(why, why_size,
               "%s is lossy (%s): what its codec changed does not null, and no automatic "
               "threshold follows from it; null-test the lossless prints, or give the residual "
               "you accept (--max-residual)",
               f.path[i], f.info[i].format);
      err = SP_ERR_USAGE;
    }
  if (err != SP_OK) {
    files_close(&f);
    return err;
  }
  f.cancel = opts->cancel;
  res->frames = f.frames;
  res->channels = f.channels;
  /* each channel's name in the mix's layout: its mask's, else its count's */
  const sp_layout *lay = sp_layout_by_mask(f.info[0].mask, f.channels);
  lay = lay ? lay : sp_layout_by_count(f.channels);
  res->by_channel = sp_xcalloc(f.channels > 0 ? (size_t)f.channels : 1, sizeof *res->by_channel);
  for (int c = 0; c < f.channels; c++) {
    if (lay)
      snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%s", lay->ch[c].name);
    else
      snprintf(res->by_channel[c].name, sizeof res->by_channel[c].name, "%d", c + 1);
  }
  res->sample_rate = f.info[0].sample_rate;
  res->n_stems = n_stems;
  res->stems = sp_xcalloc(n_stems ? n_stems : 1, sizeof *res->stems);
  res->names = sp_xcalloc(n_stems + 1, sizeof *res->names);
  res->unquantized_peak_dbfs = sp_xcalloc(n_stems + 1, sizeof *res->unquantized_peak_dbfs);
  for (size_t i = 0; i <= n_stems; i++) {
    const sp_null_known *k = opts->known ? &opts->known[i] : NULL;
    res->names[i] = sp_xstrdup(k && k->name ? k->name : base_name(f.path[i]));
    res->unquantized_peak_dbfs[i] = k ? k->unquantized_peak_dbfs : NAN;
  }
  for (size_t i = 0; i < n_stems; i++) {
    res->stems[i].frames = f.info[i + 1].frames;
    res->stems[i].gain_db = NAN;
    res->stems[i].fixed_dbfs = NAN;
  }
  bands bd;
  bands_init(&bd, res->sample_rate);
  const int threads = opts->threads > 1 ? opts->threads : 1;
  /* The first pass: the statistics and, when asked to diagnose, the bands
   * and every correlator's sums, which settle the searches they can. */
  stats first_st;
  stats_init(&first_st, &f, bd.W, res);
  double power[SP_NULL_BANDS] = {0};
  size_t windows = 0;
  sp_xcorr **sums = sp_xcalloc(n_stems ? n_stems : 1, sizeof *sums);
  sp_xcorr *sum_sums = NULL;
  if (opts->diagnose) {
    sum_sums = sp_xcorr_new(0, 0);
    for (size_t i = 0; i < n_stems; i++)
      sums[i] = sp_xcorr_new(0, 0);
  }
  const measures first = {.st = &first_st,
                          .bd = opts->diagnose ? &bd : NULL,
                          .power = power,
                          .windows = &windows,
                          .sum = sum_sums,
                          .stem = opts->diagnose ? sums : NULL};
  err = opts->diagnose ? pass_run(&f, &first, threads, why, why_size)
                       : pass_stats(&f, &first_st, threads, why, why_size);
  double e_m = 0, e_s = 0, r0 = 0, abs_peak = 0;
  if (err == SP_OK) {
    stats_result(&first_st, &f, res);
    e_m = first_st.e_m, e_s = first_st.e_s, r0 = first_st.r0, abs_peak = first_st.abs_peak;
  }
  stats_fini(&first_st);
  if (err == SP_OK) {
    if (isnan(res->threshold_dbfs)) {
      double bound = quantization_bound(&f);
      res->threshold_dbfs =
          bound > 0 ? sp_lin_to_db(bound) : sp_null_float_threshold_dbfs(abs_peak);
    }
    res->passed = res->residual_peak_dbfs <= res->threshold_dbfs;
    res->gain_db = e_m > 0 ? sp_lin_to_db(fabs(r0 / e_m)) : -INFINITY;
    res->inverted = r0 < 0;
    double e_r = e_s + e_m - 2 * r0;
    if (e_r > 0 && e_m > 0)
      res->mix_correlation = (r0 - e_m) / sqrt(e_r * e_m);
    if (res->n_worst > 0)
      err = pass_spots(&f, &bd, res, why, why_size);
  }
  sp_xcorr_result sum;
  memset(&sum, 0, sizeof sum);
  sp_xcorr_result *per = sp_xcalloc(n_stems ? n_stems : 1, sizeof *per);
  if (err == SP_OK && (opts->diagnose || !res->passed) && f.frames > 0) {
    const size_t L = search_frames(opts, res);
    /* A search the sums settle (lag 0, sp_xcorr_zero_is_best) is not run:
     * the stems of a print that nulls cost no FFT at all. */
    bool search_sum = true, *want = sp_xcalloc(n_stems ? n_stems : 1, sizeof *want);
    for (size_t i = 0; i < n_stems; i++)
      want[i] = true;
    if (sum_sums) {
      sp_xcorr_finish(sum_sums);
      sp_xcorr_result_get(sum_sums, &sum);
      search_sum = !sp_xcorr_zero_is_best(&sum);
      for (size_t i = 0; i < n_stems; i++) {
        sp_xcorr_finish(sums[i]);
        sp_xcorr_result_get(sums[i], &per[i]);
        want[i] = !sp_xcorr_zero_is_best(&per[i]);
      }
    }
    const search sr = {.L = L,
                       .sum = search_sum ? &sum : NULL,
                       .want = want,
                       .per = per,
                       .bd = opts->diagnose ? NULL : &bd,
                       .power = power,
                       .windows = &windows,
                       .threads = threads};
    err = pass_search(&f, &sr, why, why_size);
    free(want);
    for (int j = 0; err == SP_OK && j < SP_NULL_BANDS; j++)
      res->band_dbfs[j] = windows ? sp_lin_to_db(sqrt(power[j] / (double)windows)) : -INFINITY;
    if (err == SP_OK) {
      res->searched = true;
      fit s = fit_of(&sum);
      res->lag_frames = s.lag;
      res->gain_db = sp_lin_to_db(fabs(s.gain));
      res->inverted = s.gain < 0;
      res->fixed_dbfs = relative_rms(res, s.left, s.total);
      for (size_t i = 0; i < n_stems; i++) {
        fit p = fit_of(&per[i]);
        sp_null_stem *st = &res->stems[i];
        st->analysed = true;
        st->lag_frames = p.lag;
        st->gain_db = sp_lin_to_db(fabs(p.gain));
        st->inverted = p.gain < 0;
        st->fixed_dbfs = p.gain != 0 ? relative_rms(res, p.left / (p.gain * p.gain), p.total) : NAN;
      }
    }
  }
  evidence ev = {.sum = &sum, .per = per, .e_m = e_m, .e_s = e_s, .r0 = r0};
  if (err == SP_OK && res->searched && !res->passed && !one_explains(&sum, per, n_stems))
    err = refit(&f, res, opts, &ev, why, why_size);
  if (err == SP_OK)
    find_faults(&f, res, &ev);
  if (err == SP_OK && !res->passed && res->channels > 2) {
    /* which channel holds the most of it */
    int worst = 0;
    for (int c = 1; c < res->channels; c++)
      if (res->by_channel[c].residual_peak_dbfs > res->by_channel[worst].residual_peak_dbfs)
        worst = c;
    note(res, (sp_null_finding){.kind = SP_NULL_FOUND_CHANNEL, .file = (size_t)worst});
  }
  free(per);
  sp_xcorr_free(sum_sums);
  for (size_t i = 0; i < n_stems; i++)
    sp_xcorr_free(sums[i]);
  free(sums);
  bands_fini(&bd);
  files_close(&f);
  return err;
}

void sp_null_result_fini(sp_null_result *res)
{
  for (size_t i = 0; i < res->n_findings; i++)
    free(res->findings[i]);
  free(res->findings);
  for (size_t i = 0; res->names && i <= res->n_stems; i++)
    free(res->names[i]);
  free(res->names);
  free(res->unquantized_peak_dbfs);
  free(res->found);
  res->names = NULL;
  res->unquantized_peak_dbfs = NULL;
  res->found = NULL;
  res->n_found = 0;
  free(res->stems);
  free(res->by_channel);
  res->by_channel = NULL;
  res->findings = NULL;
  res->n_findings = 0;
  res->stems = NULL;
  res->n_stems = 0;
}
