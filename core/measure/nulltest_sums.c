/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test's first pass (core/measure/nulltest_pass.h): the residual
 * and the mono sums of each block, folded into the same sums on any
 * number of threads; the residual's octave bands. */

#include "core/measure/nulltest_pass.h"

#include "core/base/alloc.h"
#include "core/dsp/simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- octave bands -------------------------------------------------------- */

void null_bands_init(bands *b, double rate)
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

void null_bands_fini(bands *b)
{
  sp_fft_free(b->fft);
  sp_fft_release(b->x);
  sp_fft_release(b->win);
  sp_fft_release(b->re);
  sp_fft_release(b->im);
  sp_fft_release(b->work);
  free(b->band);
}

void null_bands_measure(bands *b, const double *r, size_t C, double *power)
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
 * from zero, and the pieces' sums added in time order (null_pass_run reads
 * them in time order): the same numbers whatever the threads. */
enum { CHUNKS = 16 };

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

/* max(m, the largest |x[k]|) (see sp_max_bits_f64). */
SP_CLONES
double null_abs_max(const double *x, size_t n, double m)
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

void null_stats_init(stats *st, const files *f, size_t W, sp_null_result *res)
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
  chunk_init(&st->all, C);
  st->clipped = sp_xcalloc(f->n, sizeof *st->clipped);
}

void null_stats_fini(stats *st)
{
  chunk_fini(&st->ck);
  chunk_fini(&st->all);
  free(st->clipped);
}

/* The current chunk's sums into the whole's; the next chunk starts from 0. */
static void stats_fold(stats *st, size_t C)
{
  chunk *ck = &st->ck, *all = &st->all;
  for (size_t k = 0; k < C; k++) {
    all->ch_peak[k] = ck->ch_peak[k] > all->ch_peak[k] ? ck->ch_peak[k] : all->ch_peak[k];
    all->ch_sumsq[k] += ck->ch_sumsq[k];
    all->ch_mix_sq[k] += ck->ch_mix_sq[k];
    all->ch_rm[k] += ck->ch_rm[k];
  }
  all->sumsq += ck->sumsq;
  all->mix_sq += ck->mix_sq;
  all->e_m += ck->e_m;
  all->e_s += ck->e_s;
  all->r0 += ck->r0;
  chunk_clear(ck, C);
}

void null_stats_block(stats *st, const block *b, int64_t at, size_t n, size_t C)
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

void null_stats_result(stats *st, const files *f, sp_null_result *res)
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
  res->residual_rms_dbfs = samples > 0 ? sp_lin_to_db(sqrt(st->all.sumsq / samples)) : -INFINITY;
  res->mix_peak_dbfs = sp_lin_to_db(st->mix_peak);
  res->mix_rms_dbfs = samples > 0 ? sp_lin_to_db(sqrt(st->all.mix_sq / samples)) : -INFINITY;
  /* channel by channel: the residual, and the stem sum's gain against the
   * mix there (Σ s·m / Σ m², s = r + m) */
  for (size_t k = 0; k < C; k++) {
    sp_null_channel *ch = &res->by_channel[k];
    ch->residual_peak_dbfs = sp_lin_to_db(st->all.ch_peak[k]);
    ch->residual_rms_dbfs =
        f->frames > 0 ? sp_lin_to_db(sqrt(st->all.ch_sumsq[k] / (double)f->frames)) : -INFINITY;
    ch->gain_db =
        st->all.ch_mix_sq[k] > 0
            ? sp_lin_to_db(fabs(st->all.ch_rm[k] + st->all.ch_mix_sq[k]) / st->all.ch_mix_sq[k])
            : NAN;
  }
}
