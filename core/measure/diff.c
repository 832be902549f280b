/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two prints of one name compared (core/measure/diff.h). */

#include "core/measure/diff.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/base/units.h"
#include "core/dsp/fft.h"
#include "core/dsp/simd.h"
#include "core/dsp/xcorr.h"
#include "core/measure/nulltest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double octave_hz[10] = {31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000};
static const double third_hz[31] = {20,   25,   31.5, 40,   50,   63,    80,    100,   125,  160, 200,
                                    250,  315,  400,  500,  630,  800,   1000,  1250,  1600, 2000,
                                    2500, 3150, 4000, 5000, 6300, 8000,  10000, 12500, 16000, 20000};

enum { BLOCK_PER_S = 100 }; /* spans are found in 10 ms blocks */
#define MERGE_GAP_S 0.5

const char *sp_diff_verdict_word(sp_diff_verdict v)
{
  static const char *const words[] = {"identical", "identical samples", "within threshold",
                                      "shifted",   "rescaled",          "changed",
                                      "removed",   "added"};
  return (unsigned)v < sizeof words / sizeof words[0] ? words[v] : "?";
}

bool sp_diff_verdict_differs(sp_diff_verdict v) { return v >= SP_DIFF_SHIFTED; }

double sp_diff_threshold_dbfs(int bits_a, bool float_a, int bits_b, bool float_b)
{
  const int bits = bits_a < bits_b ? bits_a : bits_b;
  if (float_a || float_b || bits <= 0 || bits > 24)
    return -140.0;
  return sp_null_auto_threshold_dbfs(bits <= 16 ? SP_DEPTH_16 : SP_DEPTH_24, true, 1);
}

static double db_pow(double e) { return e > 0 ? 10.0 * log10(e) : -INFINITY; }

/* x(t0 + i) for i < k, silent outside [0, n): x itself where the block
 * lies within, else a copy in dst. The signals compared are read through
 * it in blocks, with no test a sample. */
static const float *take(float *dst, const float *x, int64_t n, int64_t t0, size_t k)
{
  if (t0 >= 0 && t0 + (int64_t)k <= n)
    return x + t0;
  int64_t lo = t0 < 0 ? -t0 : 0, hi = n - t0;
  lo = lo > (int64_t)k ? (int64_t)k : lo;
  hi = hi < lo ? lo : hi > (int64_t)k ? (int64_t)k : hi;
  memset(dst, 0, (size_t)lo * sizeof *dst);
  if (hi > lo)
    memcpy(dst + lo, x + t0 + lo, (size_t)(hi - lo) * sizeof *dst);
  memset(dst + hi, 0, (size_t)((int64_t)k - hi) * sizeof *dst);
  return dst;
}

/* The residual r = y − g·x of k frames: Σ r² into *sum, max |r| into
 * *peak, r rounded to float into out when given. Four running sums, each
 * in its own order, so the same bits at every vector width (a sum of one
 * chain waits 4 cycles an addition). */
SP_CLONES
static void resid_stats(const float *x, const float *y, double g, size_t k, float *out, double *sum,
                        double *peak)
{
  double s[4] = {0, 0, 0, 0}, p[4] = {*peak, *peak, *peak, *peak};
  size_t i = 0;
  for (; i + 4 <= k; i += 4)
    for (int j = 0; j < 4; j++) {
      const double d = y[i + j] - g * x[i + j];
      s[j] += d * d;
      p[j] = fabs(d) > p[j] ? fabs(d) : p[j];
      if (out)
        out[i + j] = (float)d;
    }
  for (; i < k; i++) {
    const double d = y[i] - g * x[i];
    s[0] += d * d;
    p[0] = fabs(d) > p[0] ? fabs(d) : p[0];
    if (out)
      out[i] = (float)d;
  }
  *sum += (s[0] + s[1]) + (s[2] + s[3]);
  for (int j = 0; j < 4; j++)
    *peak = p[j] > *peak ? p[j] : *peak;
}

/* Σ x·y over k frames, in four running sums (as resid_stats). */
SP_CLONES
static double dot(const float *x, const float *y, size_t k)
{
  double s[4] = {0, 0, 0, 0};
  size_t i = 0;
  for (; i + 4 <= k; i += 4)
    for (int j = 0; j < 4; j++)
      s[j] += (double)x[i + j] * y[i + j];
  for (; i < k; i++)
    s[0] += (double)x[i] * y[i];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/* dst[i] = Σ_c x_c(t0 + i), silent outside [0, n) (tmp: k floats). */
static void take_sum(float *dst, float *tmp, const float *const *x, int64_t n, int channels,
                     int64_t t0, size_t k)
{
  const float *p = take(dst, x[0], n, t0, k);
  if (channels == 1 && p != dst)
    memcpy(dst, p, k * sizeof *dst);
  for (int c = 1; c < channels; c++, p = dst) {
    const float *q = take(tmp, x[c], n, t0, k);
    for (size_t i = 0; i < k; i++)
      dst[i] = (float)((double)p[i] + q[i]);
  }
}

/* The bins of each band for n points at rate: band j holds the bins
 * [edge[j], edge[j + 1]), those from its lower edge to the next band's
 * (n_bands + 1 edges; the bins below the first and above the last in none). */
static void band_edges(size_t n, int rate, int n_bands, bool third, size_t *edge)
{
  const double half = third ? pow(2.0, 1.0 / 6.0) : sqrt(2.0);
  for (int j = 0; j <= n_bands; j++) {
    /* exact base-2 centres: 1000·2^(i/3) or 1000·2^i, named nominally */
    const int i = j < n_bands ? j : n_bands - 1;
    const double c = third ? 1000.0 * pow(2.0, (i - 17) / 3.0) : 1000.0 * pow(2.0, i - 5);
    const double lo = j < n_bands ? c / half : c * half;
    size_t k = 0;
    while (k <= n / 2 && (double)k * rate / (double)n < lo)
      k++;
    edge[j] = k;
  }
}

typedef struct bands {
  size_t n_fft, hop, n_frames;
  int n_bands;
  double *e; /* [n_frames][n_bands][3]: a, b, residual energies */
  double w2; /* Σ w² of a frame */
} bands;

/* Σ over each band's bins of |X|², by Parseval (the bins but the ends
 * count twice), into e[band·3 + s]; the bands' bins are the ranges
 * [edge[j], edge[j + 1]) of n/2 + 1. */
static void band_energy(const size_t *edge, int n_bands, size_t n, const float *re, const float *im,
                        double *e, int s)
{
  for (int j = 0; j < n_bands; j++) {
    double sum = 0, end = 0;
    for (size_t k = edge[j]; k < edge[j + 1]; k++) {
      const double m = (double)re[k] * re[k] + (double)im[k] * im[k];
      if (k == 0 || k == n / 2)
        end += m;
      else
        sum += m;
    }
    e[(size_t)j * 3 + (size_t)s] += (2.0 * sum + end) / (double)n;
  }
}

/* Every frame's band energies of a (as compared: a(t − lag)), b and the
 * compared residual b(t) − a(t − lag). Two transforms a frame where the
 * residual is not silent (a's and the residual's; b's spectrum is their
 * sum), one where it is (b's spectrum is a's, the residual's none). */
static void bands_measure(bands *bd, const float *const *a, int64_t na, const float *const *b,
                          int64_t nb, int64_t lag, int channels, int rate, bool third)
{
  const size_t n = third ? 16384 : 8192, hop = n / 2, bins = n / 2 + 1;
  const int64_t len = nb > na + lag ? nb : na + lag;
  bd->n_fft = n, bd->hop = hop;
  bd->n_frames = len <= 0 ? 1 : (size_t)((len + (int64_t)hop - 1) / (int64_t)hop);
  bd->n_bands = third ? 31 : 10;
  bd->e = sp_xcalloc(bd->n_frames * (size_t)bd->n_bands * 3, sizeof *bd->e);
  size_t edge[SP_DIFF_MAX_BANDS + 1];
  band_edges(n, rate, bd->n_bands, third, edge);
  sp_fft *f = sp_fft_new(n);
  float *ta = sp_fft_alloc_real(n), *tb = sp_fft_alloc_real(n), *in = sp_fft_alloc_real(n),
        *wa = sp_fft_alloc_real(n);
  float *ar = sp_fft_alloc_real(bins), *ai = sp_fft_alloc_real(bins), *rr = sp_fft_alloc_real(bins),
        *ri = sp_fft_alloc_real(bins), *work = sp_fft_alloc_real(sp_fft_work_floats(f));
  double *w = sp_xcalloc(n, sizeof *w);
  bd->w2 = 0;
  for (size_t i = 0; i < n; i++) {
    const double s = sin(M_PI * (double)i / (double)n);
    w[i] = s * s;
    bd->w2 += w[i] * w[i];
  }
  for (size_t fr = 0; fr < bd->n_frames; fr++) {
    /* frame fr is centred on fr·hop: its first sample at fr·hop − n/2 */
    const int64_t t0 = (int64_t)(fr * hop) - (int64_t)(n / 2);
    double *e = bd->e + (fr * (size_t)bd->n_bands) * 3;
    for (int c = 0; c < channels; c++) {
      const float *pa = take(ta, a[c], na, t0 - lag, n), *pb = take(tb, b[c], nb, t0, n);
      int differs = 0;
      for (size_t i = 0; i < n; i++) {
        const double d = (double)pb[i] - pa[i];
        differs |= d != 0;
        in[i] = (float)(d * w[i]);
        wa[i] = (float)(pa[i] * w[i]);
      }
      const bool silent = !differs;
      sp_fft_forward(f, wa, ar, ai, work);
      band_energy(edge, bd->n_bands, n, ar, ai, e, 0);
      if (silent) {
        band_energy(edge, bd->n_bands, n, ar, ai, e, 1);
        continue;
      }
      sp_fft_forward(f, in, rr, ri, work);
      band_energy(edge, bd->n_bands, n, rr, ri, e, 2);
      for (size_t k = 0; k < bins; k++)
        rr[k] += ar[k], ri[k] += ai[k];
      band_energy(edge, bd->n_bands, n, rr, ri, e, 1);
    }
  }
  free(w);
  sp_fft_release(ta);
  sp_fft_release(tb);
  sp_fft_release(in);
  sp_fft_release(wa);
  sp_fft_release(ar);
  sp_fft_release(ai);
  sp_fft_release(rr);
  sp_fft_release(ri);
  sp_fft_release(work);
  sp_fft_free(f);
}

/* Level and deltas per band over frames [f0, f1). */
static void bands_sum(const bands *bd, size_t f0, size_t f1, int channels, double *resid_dbfs,
                      double *delta_db, int *loudest)
{
  double best = 0;
  if (loudest)
    *loudest = -1;
  for (int j = 0; j < bd->n_bands; j++) {
    double ea = 0, eb = 0, er = 0;
    for (size_t fr = f0; fr < f1; fr++) {
      const double *e = bd->e + (fr * (size_t)bd->n_bands + (size_t)j) * 3;
      ea += e[0], eb += e[1], er += e[2];
    }
    if (resid_dbfs)
      resid_dbfs[j] = db_pow(er / ((double)(f1 - f0) * bd->w2 * channels));
    delta_db[j] = ea == 0 && eb == 0 ? NAN : 10.0 * log10(eb / ea);
    if (loudest && er > best)
      best = er, *loudest = j;
  }
}

/* The meters of a, b and the residual (its series kept), over the longer
 * length, and the residual as printed (b − a at lag 0): its peak and RMS;
 * same: b is a, and a's meter is b's (no residual). The residual's meter
 * reads its loudness only (its peaks are the ones measured here). */
static sp_err meter_all(const float *const *a, int64_t na, const float *const *b, int64_t nb,
                        int channels, int rate, bool same, sp_diff_result *res, char *why,
                        size_t why_size)
{
  sp_meter *m[3] = {NULL, NULL, NULL};
  const int n_m = same ? 1 : 3;
  for (int s = 0; s < n_m; s++)
    if (sp_meter_new(channels, rate, 0, &m[s]) != SP_OK) {
      snprintf(why, why_size, "%d channels at %d Hz cannot be metered", channels, rate);
      for (int k = 0; k < s; k++)
        sp_meter_free(m[k]);
      return SP_ERR_USAGE;
    }
  for (int s = 0; s < n_m; s++)
    sp_meter_keep_series(m[s]);
  if (!same)
    sp_meter_loudness_only(m[2]);
  enum { CHUNK = 4096 };
  float *buf = sp_xcalloc((size_t)channels * CHUNK + 2 * CHUNK, sizeof *buf);
  float *ta = buf + (size_t)channels * CHUNK, *tb = ta + CHUNK;
  const float *ptr[SP_METER_MAX_CHANNELS];
  float *wp[SP_METER_MAX_CHANNELS];
  for (int c = 0; c < channels; c++)
    wp[c] = buf + (size_t)c * CHUNK;
  const int64_t len = na > nb ? na : nb;
  double peak = 0, sum = 0;
  for (int64_t t = 0; t < len; t += CHUNK) {
    const size_t k = (size_t)(len - t < CHUNK ? len - t : CHUNK);
    for (int s = 0; s < (same ? 1 : 2); s++) {
      const float *const *x = s ? b : a;
      const int64_t nx = s ? nb : na;
      if (t < nx) {
        for (int c = 0; c < channels; c++)
          ptr[c] = x[c] + t;
        sp_meter_add(m[s], ptr, (size_t)(nx - t < (int64_t)k ? nx - t : (int64_t)k));
      }
    }
    if (same)
      continue;
    for (int c = 0; c < channels; c++) {
      const float *pa = take(ta, a[c], na, t, k), *pb = take(tb, b[c], nb, t, k);
      resid_stats(pa, pb, 1.0, k, wp[c], &sum, &peak);
    }
    sp_meter_add(m[2], (const float *const *)wp, k);
  }
  free(buf);
  res->peak_dbfs = peak > 0 ? 20.0 * log10(peak) : -INFINITY;
  res->rms_dbfs = db_pow(sum / ((double)(len > 0 ? len : 1) * channels));
  sp_meter_result(m[0], &res->a);
  if (same)
    res->b = res->a;
  else
    sp_meter_result(m[1], &res->b);
  /* the series on the longest meter's times: the residual's (as long as
   * the longer side), or a's when b is a; each side NAN past its end */
  const double *te = NULL, *mo = NULL, *st = NULL, *sa = NULL, *sb = NULL;
  const size_t n_a = sp_meter_series(m[0], &te, &mo, &sa);
  const size_t n_b = same ? n_a : sp_meter_series(m[1], &te, &mo, &sb);
  if (same)
    sb = sa;
  res->n_series = sp_meter_series(m[same ? 0 : 2], &te, &mo, &st);
  res->series_t_s = sp_xcalloc(res->n_series + 1, sizeof *res->series_t_s);
  res->series_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_lufs);
  res->series_a_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_a_lufs);
  res->series_b_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_b_lufs);
  for (size_t i = 0; i < res->n_series; i++) {
    res->series_t_s[i] = te[i];
    res->series_lufs[i] = same ? NAN : st[i];
    res->series_a_lufs[i] = i < n_a ? sa[i] : NAN;
    res->series_b_lufs[i] = i < n_b ? sb[i] : NAN;
  }
  for (int s = 0; s < n_m; s++)
    sp_meter_free(m[s]);
  return SP_OK;
}

/* acc[j] += Σ_{i<k} x[i]·y[i + j] for j < n: each lag's own sum, in
 * order of i, so the same bits at every vector width (the lanes are lags). */
SP_CLONES
static void dots(const float *x, const float *y, size_t k, double *restrict acc, size_t n)
{
  for (size_t i = 0; i < k; i++) {
    const double xv = x[i];
    for (size_t j = 0; j < n; j++)
      acc[j] += xv * (double)y[i + j];
  }
}

enum { DECIM = 8, DECIM_TAPS = 2 * DECIM - 1, BLK = 8192 };

/* The lag of b against a over the channels' sums: the largest |R(τ)|,
 * R(τ) = Σ_t Σa(t)·Σb(t + τ), for |τ| ≤ max_lag; a lag must beat one nearer
 * 0 by 10⁻⁶ of it to win. Two stages, not a full-rate search of ±max_lag
 * (three times the meters' time at ±1 s):
 *
 *   Σa, Σb ─► low-pass (a triangle of 15 taps: two moving averages of 8,
 *             nulls at the multiples of rate/8) and every 8th frame
 *             ─► core/dsp/xcorr.h over ±max_lag/8 ─► the coarse lag k
 *   Σa, Σb ─► R(τ) exactly (in double) for τ within 8k ± 10 and τ = 0 ─► the lag
 *
 * The coarse stage finds a delay within a decimated frame or two (the
 * low-pass's correlation peaks where the signals' does, sampled every 8);
 * the refinement reads it to the frame. Signals that null at lag 0, or
 * nearly (R(0)² ≥ (1 − 10⁻⁷)·Σa²·Σb², sp_xcorr_zero_is_best), are at lag 0
 * with no search. */
static int64_t find_lag(const float *const *a, int64_t na, const float *const *b, int64_t nb,
                        int channels, int64_t max_lag)
{
  const int64_t len = na > nb ? na : nb;
  const int64_t half = DECIM_TAPS / 2, n_d = (len + DECIM - 1) / DECIM;
  double h[DECIM_TAPS]; /* a triangle: two moving averages of 8 */
  for (int j = 0; j < DECIM_TAPS; j++)
    h[j] = (double)(j < DECIM ? j + 1 : DECIM_TAPS - j) / (DECIM * DECIM);
  /* the full-rate sums of a block of BLK decimated frames and its margin */
  const size_t span = (size_t)BLK * DECIM + DECIM_TAPS;
  float *xa = sp_xcalloc(span, sizeof *xa), *xb = sp_xcalloc(span, sizeof *xb),
        *tmp = sp_xcalloc(span, sizeof *tmp);
  float *da = sp_xcalloc(BLK, sizeof *da), *db = sp_xcalloc(BLK, sizeof *db);
  const bool coarse = max_lag > 4 * DECIM;
  sp_xcorr *x = coarse ? sp_xcorr_new((size_t)((max_lag + DECIM - 1) / DECIM), n_d) : NULL;
  double ea = 0, eb = 0, r0 = 0;
  for (int64_t k0 = 0; k0 < n_d; k0 += BLK) {
    const size_t nk = (size_t)(n_d - k0 < BLK ? n_d - k0 : BLK);
    const int64_t t0 = k0 * DECIM;
    /* the energies and R(0) over the frames this block starts */
    const size_t nt = (size_t)(len - t0 < (int64_t)nk * DECIM ? len - t0 : (int64_t)nk * DECIM);
    take_sum(xa, tmp, a, na, channels, t0 - half, nt + DECIM_TAPS);
    take_sum(xb, tmp, b, nb, channels, t0 - half, nt + DECIM_TAPS);
    const float *ya = xa + half, *yb = xb + half;
    ea += dot(ya, ya, nt), eb += dot(yb, yb, nt), r0 += dot(ya, yb, nt);
    if (!coarse)
      continue;
    for (size_t i = 0; i < nk; i++) {
      double sa = 0, sb = 0;
      for (int j = 0; j < DECIM_TAPS; j++)
        sa += h[j] * xa[i * DECIM + (size_t)j], sb += h[j] * xb[i * DECIM + (size_t)j];
      da[i] = (float)sa, db[i] = (float)sb;
    }
    sp_xcorr_push(x, da, db, nk);
  }
  int64_t centre = 0;
  const sp_xcorr_result z = {0, r0, r0, ea, eb};
  if (x) {
    sp_xcorr_finish(x);
    sp_xcorr_result xr;
    sp_xcorr_result_get(x, &xr);
    centre = xr.lag * DECIM;
    sp_xcorr_free(x);
  }
  int64_t best = 0;
  if (max_lag > 0 && !sp_xcorr_zero_is_best(&z)) {
    /* R(τ) at full rate for τ in [lo, hi] */
    int64_t lo = coarse ? centre - (DECIM + 2) : -max_lag;
    int64_t hi = coarse ? centre + DECIM + 2 : max_lag;
    lo = lo < -max_lag ? -max_lag : lo;
    hi = hi > max_lag ? max_lag : hi;
    const size_t n = (size_t)(hi - lo + 1);
    double *r = sp_xcalloc(n, sizeof *r);
    float *ya = sp_xcalloc(BLK, sizeof *ya), *yb = sp_xcalloc(BLK + n, sizeof *yb),
          *t2 = sp_xcalloc(BLK + n, sizeof *t2);
    for (int64_t t0 = 0; t0 < na; t0 += BLK) {
      const size_t k = (size_t)(na - t0 < BLK ? na - t0 : BLK);
      take_sum(ya, t2, a, na, channels, t0, k);
      take_sum(yb, t2, b, nb, channels, t0 + lo, k + n - 1);
      dots(ya, yb, k, r, n);
    }
    free(ya);
    free(yb);
    free(t2);
    double best_abs = fabs(r0);
    for (size_t m = 0; m < n; m++) {
      const int64_t tau = lo + (int64_t)m;
      const double v = fabs(r[m]), tol = 1e-6 * best_abs;
      if (v > best_abs + tol || (fabs(v - best_abs) <= tol && llabs(tau) < llabs(best)))
        best = tau, best_abs = v;
    }
    free(r);
  }
  free(xa);
  free(xb);
  free(tmp);
  free(da);
  free(db);
  return best;
}

/* The best lag and gain of b against a, and the residual left with them. */
static void align(const float *const *a, int64_t na, const float *const *b, int64_t nb,
                  int channels, int rate, double max_lag_s, sp_diff_result *res)
{
  const int64_t len = na > nb ? na : nb;
  int64_t max_lag = max_lag_s < 0 ? 0 : (int64_t)llround((max_lag_s > 0 ? max_lag_s : 1.0) * rate);
  if (max_lag > len / 2)
    max_lag = len / 2;
  const int64_t lag = find_lag(a, na, b, nb, channels, max_lag);
  res->lag_frames = lag;
  /* the exact least-squares gain at that lag, per sample, in double */
  double r = 0, e = 0;
  const int64_t t_lo = lag < 0 ? -lag : 0, t_hi = nb - lag < na ? nb - lag : na;
  for (int c = 0; c < channels; c++) {
    e += dot(a[c], a[c], (size_t)na);
    if (t_hi > t_lo)
      r += dot(a[c] + t_lo, b[c] + t_lo + lag, (size_t)(t_hi - t_lo));
  }
  const double g = e > 0 ? r / e : NAN;
  res->gain_db = isnan(g) ? NAN : g == 0 ? -INFINITY : 20.0 * log10(fabs(g));
  res->inverted = g < 0;
  const double gg = isnan(g) ? 0 : g;
  double peak = 0, sum = 0;
  const int64_t end = nb > na + lag ? nb : na + lag;
  const int64_t start = lag < 0 ? lag : 0;
  float *ta = sp_xcalloc(2 * BLK, sizeof *ta), *tb = ta + BLK;
  for (int c = 0; c < channels; c++)
    for (int64_t t = start; t < end; t += BLK) {
      const size_t k = (size_t)(end - t < BLK ? end - t : BLK);
      const float *pa = take(ta, a[c], na, t - lag, k), *pb = take(tb, b[c], nb, t, k);
      resid_stats(pa, pb, gg, k, NULL, &sum, &peak);
    }
  free(ta);
  res->aligned_peak_dbfs = peak > 0 ? 20.0 * log10(peak) : -INFINITY;
  res->aligned_rms_dbfs = db_pow(sum / ((double)(len > 0 ? len : 1) * channels));
}

static int span_cmp(const void *x, const void *y)
{
  const sp_diff_span *a = x, *b = y;
  if (a->peak_dbfs != b->peak_dbfs)
    return a->peak_dbfs < b->peak_dbfs ? 1 : -1;
  return a->start_s < b->start_s ? -1 : a->start_s > b->start_s;
}

/* The spans whose compared residual peaks above the threshold, merged,
 * each with its band deltas; the loudest first. */
static void find_spans(const float *const *a, int64_t na, const float *const *b, int64_t nb,
                       int channels, int rate, const bands *bd, sp_diff_result *res)
{
  const int64_t lag = res->lag_frames, block = rate / BLOCK_PER_S > 0 ? rate / BLOCK_PER_S : 1;
  const int64_t len = nb > na + lag ? nb : na + lag, gap = (int64_t)(MERGE_GAP_S * rate);
  const double thr = sp_db_to_lin(res->threshold_dbfs);
  sp_diff_span *all = NULL;
  size_t n = 0, cap = 0;
  double *sq = NULL; /* each span's Σ r² and its frames */
  int64_t *cnt = NULL, cur_end = -1;
  float *ta = sp_xcalloc(2 * (size_t)block, sizeof *ta), *tb = ta + block;
  for (int64_t t0 = 0; t0 < len; t0 += block) {
    const int64_t t1 = t0 + block < len ? t0 + block : len;
    double peak = 0, s2 = 0;
    for (int c = 0; c < channels; c++) {
      const float *pa = take(ta, a[c], na, t0 - lag, (size_t)(t1 - t0)),
                  *pb = take(tb, b[c], nb, t0, (size_t)(t1 - t0));
      resid_stats(pa, pb, 1.0, (size_t)(t1 - t0), NULL, &s2, &peak);
    }
    if (!(peak > thr))
      continue;
    if (n > 0 && t0 - cur_end <= gap) {
      sp_diff_span *s = &all[n - 1];
      s->end_s = (double)t1 / rate;
      if (20.0 * log10(peak) > s->peak_dbfs)
        s->peak_dbfs = 20.0 * log10(peak);
      sq[n - 1] += s2, cnt[n - 1] += (t1 - t0) * channels;
    } else {
      SP_GROW(all, n, cap);
      sq = sp_xreallocarray(sq, cap, sizeof *sq);
      cnt = sp_xreallocarray(cnt, cap, sizeof *cnt);
      all[n] = (sp_diff_span){.start_s = (double)t0 / rate,
                              .end_s = (double)t1 / rate,
                              .peak_dbfs = 20.0 * log10(peak)};
      sq[n] = s2, cnt[n] = (t1 - t0) * channels;
      n++;
    }
    cur_end = t1;
  }
  free(ta);
  for (size_t i = 0; i < n; i++) {
    all[i].rms_dbfs = db_pow(sq[i] / (double)cnt[i]);
    /* the frames centred in the span, else the one nearest its middle */
    const double h = (double)bd->hop / rate;
    size_t f0 = (size_t)ceil(all[i].start_s / h), f1 = (size_t)ceil(all[i].end_s / h);
    if (f1 > bd->n_frames)
      f1 = bd->n_frames;
    if (f0 >= f1) {
      f0 = (size_t)llround((all[i].start_s + all[i].end_s) / 2 / h);
      f0 = f0 >= bd->n_frames ? bd->n_frames - 1 : f0;
      f1 = f0 + 1;
    }
    bands_sum(bd, f0, f1, channels, NULL, all[i].band_delta_db, &all[i].loudest_band);
  }
  qsort(all, n, sizeof *all, span_cmp);
  res->spans_found = n;
  res->n_spans = n < SP_DIFF_MAX_SPANS ? n : SP_DIFF_MAX_SPANS;
  if (n)
    memcpy(res->spans, all, res->n_spans * sizeof *all);
  free(all);
  free(sq);
  free(cnt);
}

static bool same_samples(const float *const *a, int64_t na, const float *const *b, int64_t nb,
                         int channels)
{
  if (na != nb)
    return false;
  for (int c = 0; c < channels; c++)
    if (na > 0 && memcmp(a[c], b[c], (size_t)na * sizeof(float)) != 0)
      return false;
  return true;
}

/* The two halves of a comparison, side by side: the meters (task 0) and
 * the alignment with the bands (task 1); each writes its own fields of res. */
typedef struct halves {
  const float *const *a, *const *b;
  int64_t na, nb;
  int channels, rate;
  const sp_diff_opts *opts;
  sp_diff_result *res;
  bands bd;
  sp_err err;
  char *why;
  size_t why_size;
} halves;

static void deltas(sp_diff_result *res)
{
  res->delta_lu = res->b.integrated_lufs - res->a.integrated_lufs;
  res->delta_true_peak_db = res->b.true_peak_dbtp - res->a.true_peak_dbtp;
  res->delta_range_lu = res->b.range_lu - res->a.range_lu;
}

static void half_run(void *ctx, size_t index, int thread)
{
  halves *h = ctx;
  (void)thread;
  if (index == 0) {
    h->err = meter_all(h->a, h->na, h->b, h->nb, h->channels, h->rate, false, h->res, h->why,
                       h->why_size);
    return;
  }
  align(h->a, h->na, h->b, h->nb, h->channels, h->rate, h->opts->max_lag_s, h->res);
  bands_measure(&h->bd, h->a, h->na, h->b, h->nb, h->res->lag_frames, h->channels, h->rate,
                h->opts->third_octave);
}

sp_err sp_diff_signals(const float *const *a, int64_t frames_a, const float *const *b,
                       int64_t frames_b, int channels, int rate, const sp_diff_opts *opts,
                       sp_diff_result *res, char *why, size_t why_size)
{
  memset(res, 0, sizeof *res);
  res->channels = channels, res->sample_rate = rate;
  res->frames_a = frames_a, res->frames_b = frames_b;
  res->threshold_dbfs = opts->threshold_dbfs;
  res->n_bands = opts->third_octave ? 31 : 10;
  res->band_hz = opts->third_octave ? third_hz : octave_hz;
  if (channels < 1 || channels > SP_METER_MAX_CHANNELS || rate < 1) {
    snprintf(why, why_size, "%d channels at %d Hz cannot be compared", channels, rate);
    return SP_ERR_USAGE;
  }
  if (same_samples(a, frames_a, b, frames_b, channels)) {
    sp_err err = meter_all(a, frames_a, b, frames_b, channels, rate, true, res, why, why_size);
    res->verdict = SP_DIFF_SAME_SAMPLES;
    deltas(res);
    res->gain_db = 0;
    res->aligned_peak_dbfs = res->aligned_rms_dbfs = -INFINITY;
    for (int j = 0; j < res->n_bands; j++)
      res->band_residual_dbfs[j] = -INFINITY, res->band_delta_db[j] = 0;
    return err;
  }
  halves h = {a, b, frames_a, frames_b, channels, rate, opts, res, {0}, SP_OK, why, why_size};
  sp_pool_run_threads(opts->threads > 1 ? 2 : 1, 2, half_run, &h);
  if (h.err != SP_OK) {
    free(h.bd.e);
    sp_diff_result_fini(res);
    return h.err;
  }
  deltas(res);
  bands_sum(&h.bd, 0, h.bd.n_frames, channels, res->band_residual_dbfs, res->band_delta_db, NULL);
  const double thr = opts->threshold_dbfs;
  if (res->peak_dbfs <= thr)
    res->verdict = SP_DIFF_WITHIN;
  else if (res->aligned_peak_dbfs <= thr && res->lag_frames != 0)
    res->verdict = SP_DIFF_SHIFTED;
  else if (res->aligned_peak_dbfs <= thr)
    res->verdict = SP_DIFF_RESCALED;
  else
    res->verdict = SP_DIFF_CHANGED;
  /* a print moved or scaled as a whole changed nowhere in particular */
  if (res->verdict == SP_DIFF_CHANGED)
    find_spans(a, frames_a, b, frames_b, channels, rate, &h.bd, res);
  free(h.bd.e);
  return SP_OK;
}

void sp_diff_result_fini(sp_diff_result *res)
{
  free(res->series_t_s);
  free(res->series_lufs);
  free(res->series_a_lufs);
  free(res->series_b_lufs);
  res->series_t_s = res->series_lufs = res->series_a_lufs = res->series_b_lufs = NULL;
  res->n_series = 0;
}
