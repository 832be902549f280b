/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hardware insert's round trip: the send against its return.
 *
 *   pass 1   s ─┐ Σ channels ─► xcorr (lags −2B .. 2B) ─► lag, R(lag)
 *            r ─┘                (s's samples ─► SHA-256: the send's digest)
 *   pass 2   s(t), r(t + lag) ─► Σ s·r, Σ s², Σ r²  ─► g, the residual
 *                             ─► Hann frames ─► FFT ─► S_ss, S_rr, S_sr per bin
 *                                                     ─► bands, coherence
 *
 * The search runs to twice the bound B, so that a return later than the
 * bound is said as such (with the lag found) instead of as a poor fit.
 * See latency.h for what each figure is. */

#include "core/measure/latency.h"

#include "core/base/alloc.h"
#include "core/dsp/fft.h"
#include "core/dsp/xcorr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 8192, FRAME = 8192, HOP = FRAME / 2 };

/* Below this share of the return's energy explained, the return is not a
 * recording of the send. */
#define MIN_CORRELATION 0.05

static double db_pow(double e) { return e > 0 ? 10.0 * log10(e) : -INFINITY; }

/* One file being read: its reader and a block of its frames. */
typedef struct side {
  const char *path;
  sp_reader *r;
  sp_audio_info info;
  float *buf;     /* BLOCK interleaved frames */
  int64_t frames; /* read so far (pass 1: the file's length once it ends) */
  bool ended;
} side;

/* Up to BLOCK frames into s->buf, zeros past the end; the frames read. */
static sp_err next_block(side *s, size_t want, size_t *got, char *why, size_t why_size)
{
  const size_t C = (size_t)s->info.channels;
  size_t n = 0;
  while (!s->ended && n < want) {
    int64_t k = s->r->ops->read_float(s->r, s->buf + n * C, (int64_t)(want - n));
    if (k < 0) {
      snprintf(why, why_size, "cannot read '%s': %s", s->path, s->r->ops->error(s->r));
      return SP_ERR_IO;
    }
    if (k == 0)
      s->ended = true;
    n += (size_t)k;
  }
  memset(s->buf + n * C, 0, (want - n) * C * sizeof *s->buf);
  *got = n;
  s->frames += (int64_t)n;
  return SP_OK;
}

static sp_err open_side(const sp_media *media, const char *path, side *s, char *why,
                        size_t why_size)
{
  char reason[256];
  s->path = path;
  if (media->open(media, path, &s->r, &s->info, reason, sizeof reason) != SP_OK) {
    snprintf(why, why_size, "cannot read '%s': %s", path, reason);
    s->r = NULL;
    return SP_ERR_IO;
  }
  s->buf = sp_xcalloc((size_t)BLOCK * (size_t)s->info.channels, sizeof *s->buf);
  return SP_OK;
}

/* Pass 1: the lag, the energies and the send's digest. */
static sp_err search(side *s, side *r, size_t bound, sp_xcorr_result *xr, char *digest, char *why,
                     size_t why_size)
{
  const int C = s->info.channels;
  sp_xcorr *x =
      sp_xcorr_new(2 * bound, s->info.frames > r->info.frames ? s->info.frames : r->info.frames);
  sp_send_digest *d = sp_send_digest_new();
  float *ms = sp_xcalloc(BLOCK, sizeof *ms), *mr = sp_xcalloc(BLOCK, sizeof *mr);
  sp_err err = SP_OK;
  while (!s->ended || !r->ended) {
    size_t gs = 0, gr = 0;
    if ((err = next_block(s, BLOCK, &gs, why, why_size)) != SP_OK ||
        (err = next_block(r, BLOCK, &gr, why, why_size)) != SP_OK)
      break;
    const size_t n = gs > gr ? gs : gr;
    sp_send_digest_add(d, s->buf, gs, C);
    for (size_t i = 0; i < n; i++) {
      double a = 0, b = 0;
      for (int c = 0; c < C; c++)
        a += s->buf[i * (size_t)C + (size_t)c], b += r->buf[i * (size_t)C + (size_t)c];
      ms[i] = (float)a, mr[i] = (float)b;
    }
    if (n)
      sp_xcorr_push(x, ms, mr, n);
  }
  sp_xcorr_finish(x);
  sp_xcorr_result_get(x, xr);
  sp_xcorr_free(x);
  sp_send_digest_end(d, C, s->info.sample_rate, digest);
  free(ms);
  free(mr);
  return err;
}

/* Welch sums over Hann frames of s and r, every channel. */
typedef struct spectra {
  sp_fft *fft;
  float *win, *work, *re, *im, *re2, *im2, *tmp;
  float *fs[SP_MAX_CHANNELS], *fr[SP_MAX_CHANNELS]; /* FRAME each */
  size_t fill;
  double *ss, *rr, *sr_re, *sr_im; /* FRAME/2 + 1 */
} spectra;

static void frame_done(spectra *sp, int C)
{
  const size_t nb = FRAME / 2 + 1;
  for (int c = 0; c < C; c++) {
    for (size_t i = 0; i < FRAME; i++)
      sp->tmp[i] = sp->fs[c][i] * sp->win[i];
    sp_fft_forward(sp->fft, sp->tmp, sp->re, sp->im, sp->work);
    for (size_t i = 0; i < FRAME; i++)
      sp->tmp[i] = sp->fr[c][i] * sp->win[i];
    sp_fft_forward(sp->fft, sp->tmp, sp->re2, sp->im2, sp->work);
    for (size_t b = 0; b < nb; b++) {
      const double ar = sp->re[b], ai = sp->im[b], br = sp->re2[b], bi = sp->im2[b];
      sp->ss[b] += ar * ar + ai * ai;
      sp->rr[b] += br * br + bi * bi;
      sp->sr_re[b] += ar * br + ai * bi; /* conj(A)·B */
      sp->sr_im[b] += ar * bi - ai * br;
    }
    memmove(sp->fs[c], sp->fs[c] + HOP, HOP * sizeof(float));
    memmove(sp->fr[c], sp->fr[c] + HOP, HOP * sizeof(float));
  }
  sp->fill = HOP;
}

static void spectra_add(spectra *sp, const float *s, const float *r, size_t n, int C)
{
  for (size_t i = 0; i < n; i++) {
    for (int c = 0; c < C; c++) {
      sp->fs[c][sp->fill] = s[i * (size_t)C + (size_t)c];
      sp->fr[c][sp->fill] = r[i * (size_t)C + (size_t)c];
    }
    if (++sp->fill == FRAME)
      frame_done(sp, C);
  }
}

/* The last frame, zero-padded, when it holds frames no frame has taken. */
static void spectra_flush(spectra *sp, int C)
{
  if (sp->fill <= HOP)
    return;
  for (int c = 0; c < C; c++) {
    memset(sp->fs[c] + sp->fill, 0, (FRAME - sp->fill) * sizeof(float));
    memset(sp->fr[c] + sp->fill, 0, (FRAME - sp->fill) * sizeof(float));
  }
  frame_done(sp, C);
}

static void spectra_init(spectra *sp, int C)
{
  memset(sp, 0, sizeof *sp);
  sp->fft = sp_fft_new(FRAME);
  sp->work = sp_fft_alloc_real(sp_fft_work_floats(sp->fft));
  sp->win = sp_xcalloc(FRAME, sizeof *sp->win);
  sp->tmp = sp_fft_alloc_real(FRAME);
  sp->re = sp_fft_alloc_real(FRAME / 2 + 1);
  sp->im = sp_fft_alloc_real(FRAME / 2 + 1);
  sp->re2 = sp_fft_alloc_real(FRAME / 2 + 1);
  sp->im2 = sp_fft_alloc_real(FRAME / 2 + 1);
  for (size_t i = 0; i < FRAME; i++)
    sp->win[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * (double)i / FRAME));
  for (int c = 0; c < C; c++) {
    sp->fs[c] = sp_xcalloc(FRAME, sizeof(float));
    sp->fr[c] = sp_xcalloc(FRAME, sizeof(float));
  }
  sp->ss = sp_xcalloc(FRAME / 2 + 1, sizeof(double));
  sp->rr = sp_xcalloc(FRAME / 2 + 1, sizeof(double));
  sp->sr_re = sp_xcalloc(FRAME / 2 + 1, sizeof(double));
  sp->sr_im = sp_xcalloc(FRAME / 2 + 1, sizeof(double));
}

static void spectra_fini(spectra *sp, int C)
{
  sp_fft_free(sp->fft);
  sp_fft_release(sp->work);
  sp_fft_release(sp->tmp);
  sp_fft_release(sp->re);
  sp_fft_release(sp->im);
  sp_fft_release(sp->re2);
  sp_fft_release(sp->im2);
  free(sp->win);
  for (int c = 0; c < C; c++)
    free(sp->fs[c]), free(sp->fr[c]);
  free(sp->ss);
  free(sp->rr);
  free(sp->sr_re);
  free(sp->sr_im);
}

/* The real part of bin b's cross spectrum with the return read d frames
 * later still (d 0: as read): conj(S)·R·e^{iωd}, ω = 2πb/FRAME. */
static double cross_at(const spectra *sp, size_t b, double d)
{
  const double w = 2.0 * M_PI * (double)b / FRAME * d;
  return d == 0 ? sp->sr_re[b] : sp->sr_re[b] * cos(w) - sp->sr_im[b] * sin(w);
}

/* What of the return a gain after a delay of d frames more leaves (its
 * energy against the return's, from the Welch sums), that gain in *g. */
static double left_at(const spectra *sp, double d, double *g)
{
  double c = 0, ss = 0, rr = 0;
  for (size_t b = 1; b <= FRAME / 2; b++)
    c += cross_at(sp, b, d), ss += sp->ss[b], rr += sp->rr[b];
  *g = ss > 0 ? c / ss : 0;
  return rr > 0 ? (rr - *g * c) / rr : 0;
}

/* A round trip between two frames (a converter's seldom lands on one):
 * the fraction of a frame the return comes later than the lag found, from
 * the cross spectrum's phase, which a delay turns in proportion to the
 * frequency (weighted by its magnitude; of a unit that flips the
 * polarity, turned back first); 0 where none explains more of the return
 * than the whole frame (review 28 F3: 154.5 frames read at 154 said a
 * gain of -6.52 dB for -6.02, and a residual of -9.6 dB). */
static double fraction(const spectra *sp, double g)
{
  double num = 0, den = 0;
  for (size_t b = 1; b <= FRAME / 2; b++) {
    const double re = g < 0 ? -sp->sr_re[b] : sp->sr_re[b],
                 im = g < 0 ? -sp->sr_im[b] : sp->sr_im[b];
    const double wgt = hypot(re, im), w = 2.0 * M_PI * (double)b / FRAME;
    num += wgt * w * -atan2(im, re); /* conj(S)·R of a delay d: e^{-iωd} */
    den += wgt * w * w;
  }
  const double d = den > 0 ? num / den : 0;
  double g0, gd;
  const double at0 = left_at(sp, 0, &g0), atd = left_at(sp, d, &gd);
  return fabs(d) <= 0.5 && atd < at0 * 0.5 ? d : 0;
}

/* The bands and the coherence from the Welch sums, for gain g after d
 * frames more. */
static void judge_bands(const spectra *sp, double g, double d, int rate, sp_latency_result *res)
{
  double band_rr[SP_LATENCY_BANDS] = {0}, band_res[SP_LATENCY_BANDS] = {0};
  double inc = 0, all = 0;
  const double nyq = rate / 2.0;
  res->n_bands = 0;
  for (int j = 0; j < SP_LATENCY_BANDS; j++) {
    res->band_hz[j] = 1000.0 * pow(2.0, j - 6);
    if (res->band_hz[j] / M_SQRT2 < nyq)
      res->n_bands = j + 1;
  }
  for (size_t b = 1; b <= FRAME / 2; b++) {
    const double f = (double)b * rate / FRAME;
    const double ss = sp->ss[b], rr = sp->rr[b];
    const double x2 = sp->sr_re[b] * sp->sr_re[b] + sp->sr_im[b] * sp->sr_im[b];
    const double coh = ss > 0 && rr > 0 ? x2 / (ss * rr) : 0;
    inc += rr * (1.0 - (coh < 1 ? coh : 1));
    all += rr;
    int j = (int)floor(log2(f / res->band_hz[0]) + 0.5);
    j = j < 0 ? 0 : j >= res->n_bands ? res->n_bands - 1 : j;
    band_rr[j] += rr;
    const double e = rr - 2.0 * g * cross_at(sp, b, d) + g * g * ss;
    band_res[j] += e > 0 ? e : 0;
  }
  res->incoherent_db = all > 0 ? db_pow(inc / all) : -INFINITY;
  res->linear = !(res->incoherent_db > SP_LATENCY_NONLINEAR_DB);
  double loudest = 0;
  for (int j = 0; j < res->n_bands; j++)
    loudest = band_rr[j] > loudest ? band_rr[j] : loudest;
  res->worst_band = -1;
  for (int j = 0; j < res->n_bands; j++) {
    res->band_residual_db[j] = band_rr[j] > 0 ? db_pow(band_res[j] / band_rr[j]) : NAN;
    if (band_rr[j] >= loudest * 1e-4 && band_rr[j] > 0 && band_res[j] > 0 &&
        (res->worst_band < 0 || res->band_residual_db[j] > res->band_residual_db[res->worst_band]))
      res->worst_band = j;
  }
}

/* Pass 2: g, the residual and the spectra, the return read from lag. */
static sp_err fit(side *s, side *r, sp_latency_result *res, char *why, size_t why_size)
{
  const int C = s->info.channels;
  sp_err err;
  if ((err = s->r->ops->seek(s->r, 0, why, why_size)) != SP_OK ||
      (err = r->r->ops->seek(r->r, res->lag_frames, why, why_size)) != SP_OK)
    return err;
  s->ended = r->ended = false;
  s->frames = r->frames = 0;
  spectra sp;
  spectra_init(&sp, C);
  double sr = 0, ss = 0, rr = 0;
  int64_t left = res->frames_sent;
  while (left > 0 && err == SP_OK) {
    const size_t want = left < BLOCK ? (size_t)left : BLOCK;
    size_t gs = 0, gr = 0;
    if ((err = next_block(s, want, &gs, why, why_size)) != SP_OK ||
        (err = next_block(r, want, &gr, why, why_size)) != SP_OK)
      break;
    for (size_t i = 0; i < want * (size_t)C; i++) {
      const double a = s->buf[i], b = r->buf[i];
      sr += a * b, ss += a * a, rr += b * b;
    }
    spectra_add(&sp, s->buf, r->buf, want, C);
    left -= (int64_t)want;
  }
  if (err == SP_OK) {
    spectra_flush(&sp, C);
    double g = ss > 0 ? sr / ss : 0;
    double e = rr - 2.0 * g * sr + g * g * ss;
    e = e > 0 ? e : 0;
    /* a round trip between two frames: the gain and what is left at the
     * fraction (its residual as the spectra weigh it, scaled to the
     * return's energy) */
    const double d = fraction(&sp, g);
    if (d != 0) {
      const double rest = left_at(&sp, d, &g);
      e = rest > 0 ? rest * rr : 0;
    }
    res->lag_fraction = d;
    res->lag_ms += d * 1000.0 / s->info.sample_rate;
    res->gain_db = 20.0 * log10(fabs(g));
    res->inverted = g < 0;
    res->residual_dbfs = db_pow(e / ((double)res->frames_sent * C));
    res->residual_db = rr > 0 ? db_pow(e / rr) : -INFINITY;
    judge_bands(&sp, g, d, s->info.sample_rate, res);
  }
  spectra_fini(&sp, C);
  return err;
}

sp_err sp_latency_measure(const sp_media *media, const char *sent, const char *ret,
                          double max_lag_s, sp_latency_result *res, char *why, size_t why_size)
{
  memset(res, 0, sizeof *res);
  res->worst_band = -1;
  side s = {0}, r = {0};
  sp_err err = open_side(media, sent, &s, why, why_size);
  if (err == SP_OK)
    err = open_side(media, ret, &r, why, why_size);
  if (err != SP_OK)
    goto done;
  err = SP_ERR_IO;
  if (s.info.sample_rate != r.info.sample_rate) {
    snprintf(why, why_size,
             "'%s' is at %d Hz but its send '%s' is at %d Hz; record the return at the send's "
             "rate (set the interface to %d Hz), or resample it to %d Hz first",
             ret, r.info.sample_rate, sent, s.info.sample_rate, s.info.sample_rate,
             s.info.sample_rate);
    goto done;
  }
  if (s.info.channels != r.info.channels) {
    snprintf(why, why_size,
             "'%s' has %d channel%s but its send '%s' has %d; record as many channels as were "
             "sent (or keep the return's first %d)",
             ret, r.info.channels, r.info.channels == 1 ? "" : "s", sent, s.info.channels,
             s.info.channels);
    goto done;
  }
  const double bound_s = max_lag_s > 0 ? max_lag_s : SP_LATENCY_MAX_S;
  const size_t bound = (size_t)ceil(bound_s * s.info.sample_rate);
  sp_xcorr_result xr;
  if ((err = search(&s, &r, bound, &xr, res->digest, why, why_size)) != SP_OK)
    goto done;
  err = SP_ERR_IO;
  res->sample_rate = s.info.sample_rate;
  res->channels = s.info.channels;
  res->frames_sent = s.frames;
  res->frames_return = r.frames;
  const double ms_of = 1000.0 / s.info.sample_rate;
  if (xr.energy_a <= 0) {
    snprintf(why, why_size,
             "'%s' is silent: there is nothing to measure the round trip with; send a test "
             "signal (stemprint ping -o ping.wav) or the track itself",
             sent);
    goto done;
  }
  if (xr.energy_b <= 0) {
    snprintf(why, why_size,
             "'%s' is silent: nothing came back from the unit; check the patch from the "
             "interface's output through the unit to the input recorded, and record again",
             ret);
    goto done;
  }
  if (r.frames < s.frames) {
    snprintf(why, why_size,
             "'%s' is %lld frames (%.3f s), shorter than its send '%s' (%lld frames, %.3f s); "
             "record from before the send starts until after it ends (the round trip adds a "
             "few ms)",
             ret, (long long)r.frames, r.frames * ms_of / 1000, sent, (long long)s.frames,
             s.frames * ms_of / 1000);
    goto done;
  }
  res->correlation = fabs(xr.r_best) / sqrt(xr.energy_a * xr.energy_b);
  res->lag_frames = xr.lag;
  res->lag_ms = (double)xr.lag * ms_of;
  if (res->correlation < MIN_CORRELATION) {
    snprintf(why, why_size,
             "'%s' does not resemble its send '%s' at any lag up to %.0f ms (the best "
             "explains %.1f%% of it); check that it is the recording of this send, or give a "
             "longer bound (--max-lag) if the round trip is longer",
             ret, sent, 2 * bound_s * 1000, 100 * res->correlation * res->correlation);
    goto done;
  }
  if (xr.lag < 0) {
    snprintf(why, why_size,
             "'%s' comes back %lld frames (%.2f ms) before its send '%s' starts, which a "
             "return cannot; were the two given the other way round (SENT first), or was the "
             "recording's start trimmed? record from before the send starts",
             ret, (long long)-xr.lag, -res->lag_ms, sent);
    goto done;
  }
  if ((size_t)xr.lag > bound) {
    snprintf(why, why_size,
             "'%s' comes back %s%lld frames (%.1f ms) after its send '%s', beyond the bound "
             "of %.0f ms; if that is the round trip (a long chain, a digital loop), give "
             "--max-lag %.0f ms; else the recording started late",
             ret, (size_t)xr.lag == 2 * bound ? "at least " : "", (long long)xr.lag, res->lag_ms,
             sent, bound_s * 1000, ceil(res->lag_ms * 2 / 100) * 100);
    goto done;
  }
  res->short_frames = s.frames + xr.lag > r.frames ? s.frames + xr.lag - r.frames : 0;
  err = fit(&s, &r, res, why, why_size);
done:
  if (s.r)
    s.r->ops->close(s.r);
  if (r.r)
    r.r->ops->close(r.r);
  free(s.buf);
  free(r.buf);
  return err;
}

float *sp_latency_ping(int sample_rate, int64_t *frames)
{
  const double R = sample_rate, T = 3.0, f1 = 20.0;
  const double f2 = 20000.0 < 0.45 * R ? 20000.0 : 0.45 * R;
  const int64_t gap = (int64_t)(0.5 * R), sweep = (int64_t)(T * R), end = (int64_t)R;
  const int64_t fade = (int64_t)(0.010 * R);
  const int64_t n = gap + sweep + gap + sweep + end;
  float *x = sp_xcalloc((size_t)n, sizeof *x);
  const double k = log(f2 / f1);
  const double level[2] = {pow(10.0, -18.0 / 20), pow(10.0, -6.0 / 20)};
  for (int s = 0; s < 2; s++) {
    const int64_t at = gap + s * (sweep + gap);
    for (int64_t i = 0; i < sweep; i++) {
      const double t = (double)i / R;
      double v = sin(2.0 * M_PI * f1 * T / k * (exp(t * k / T) - 1.0));
      const int64_t edge = i < sweep - 1 - i ? i : sweep - 1 - i;
      if (edge < fade)
        v *= 0.5 - 0.5 * cos(M_PI * (double)edge / (double)fade);
      x[at + i] = (float)(level[s] * v);
    }
  }
  *frames = n;
  return x;
}
