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
static double db_amp(double p) { return p > 0 ? 20.0 * log10(p) : -INFINITY; }

/* ---- reading --------------------------------------------------------------- */

/* x's frames [t0, t0 + k) of every channel into dst[c], silent outside
 * [0, x->frames). */
static sp_err fetch(const sp_diff_side *x, int channels, int64_t t0, size_t k, float *const *dst,
                    char *why, size_t why_size)
{
  int64_t lo = t0 < 0 ? -t0 : 0, hi = x->frames - t0;
  lo = lo > (int64_t)k ? (int64_t)k : lo;
  hi = hi < lo ? lo : hi > (int64_t)k ? (int64_t)k : hi;
  float *p[SP_METER_MAX_CHANNELS];
  for (int c = 0; c < channels; c++) {
    memset(dst[c], 0, (size_t)lo * sizeof(float));
    memset(dst[c] + hi, 0, (size_t)((int64_t)k - hi) * sizeof(float));
    p[c] = dst[c] + lo;
  }
  return hi > lo ? x->read(x->ctx, t0 + lo, p, (size_t)(hi - lo), why, why_size) : SP_OK;
}

/* ---- kernels ---------------------------------------------------------------- */

/* The residual d = y − x of k frames, in double: Σ d², Σ x·d and Σ x² added
 * to acc[0..2], max |d| and max |x| into pk[0], pk[1], d rounded to float
 * into out. Four running sums each, in their own order, so the same bits
 * at every vector width. */
SP_CLONES
static void resid(const float *x, const float *y, size_t k, float *out, double *acc, double *pk)
{
  double s[4] = {0, 0, 0, 0}, sx[4] = {0, 0, 0, 0}, xx[4] = {0, 0, 0, 0};
  double p[4] = {pk[0], pk[0], pk[0], pk[0]}, q[4] = {pk[1], pk[1], pk[1], pk[1]};
  size_t i = 0;
  for (; i + 4 <= k; i += 4)
    for (int j = 0; j < 4; j++) {
      const double xv = x[i + j], d = y[i + j] - xv;
      s[j] += d * d, sx[j] += xv * d, xx[j] += xv * xv;
      p[j] = fabs(d) > p[j] ? fabs(d) : p[j];
      q[j] = fabs(xv) > q[j] ? fabs(xv) : q[j];
      out[i + j] = (float)d;
    }
  for (; i < k; i++) {
    const double xv = x[i], d = y[i] - xv;
    s[0] += d * d, sx[0] += xv * d, xx[0] += xv * xv;
    p[0] = fabs(d) > p[0] ? fabs(d) : p[0];
    q[0] = fabs(xv) > q[0] ? fabs(xv) : q[0];
    out[i] = (float)d;
  }
  acc[0] += (s[0] + s[1]) + (s[2] + s[3]);
  acc[1] += (sx[0] + sx[1]) + (sx[2] + sx[3]);
  acc[2] += (xx[0] + xx[1]) + (xx[2] + xx[3]);
  for (int j = 0; j < 4; j++) {
    pk[0] = p[j] > pk[0] ? p[j] : pk[0];
    pk[1] = q[j] > pk[1] ? q[j] : pk[1];
  }
}

/* max |y − g·x| over k frames, at least *peak. */
SP_CLONES
static void gain_peak(const float *x, const float *y, double g, size_t k, double *peak)
{
  double p[4] = {*peak, *peak, *peak, *peak};
  size_t i = 0;
  for (; i + 4 <= k; i += 4)
    for (int j = 0; j < 4; j++) {
      const double d = fabs(y[i + j] - g * x[i + j]);
      p[j] = d > p[j] ? d : p[j];
    }
  for (; i < k; i++) {
    const double d = fabs(y[i] - g * x[i]);
    p[0] = d > p[0] ? d : p[0];
  }
  for (int j = 0; j < 4; j++)
    *peak = p[j] > *peak ? p[j] : *peak;
}

/* Σ x·y over k frames, in four running sums (as resid). */
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

/* dst[i] = Σ_c x[c][i], added in double, rounded to float. */
static void sum_channels(float *dst, float *const *x, int channels, size_t k)
{
  memcpy(dst, x[0], k * sizeof *dst);
  for (int c = 1; c < channels; c++)
    for (size_t i = 0; i < k; i++)
      dst[i] = (float)((double)dst[i] + x[c][i]);
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

enum { NEAR = 24 }; /* the first pass's 2·SPEC + 1 lags, and three more to fill the lanes */

/* dots for the first pass's lags, n = NEAR (y readable to y[k + NEAR − 2]),
 * held in registers: each lag's sum in two, of the even frames and of the
 * odd (two chains of additions, not one, to wait on), added to acc at the
 * end. The same bits at every vector width (the lanes are lags), and for
 * the same k; dots's to 10⁻¹⁵ of the sum. */
SP_CLONES
static void dots_near(const float *x, const float *y, size_t k, double *restrict acc)
{
  double s0[NEAR] = {0}, s1[NEAR] = {0};
  size_t i = 0;
  for (; i + 2 <= k; i += 2) {
    const double x0 = x[i], x1 = x[i + 1];
    for (size_t j = 0; j < NEAR; j++)
      s0[j] += x0 * (double)y[i + j], s1[j] += x1 * (double)y[i + 1 + j];
  }
  for (; i < k; i++)
    for (size_t j = 0; j < NEAR; j++)
      s0[j] += (double)x[i] * (double)y[i + j];
  for (size_t j = 0; j < NEAR; j++)
    acc[j] += s0[j] + s1[j];
}

/* ---- bands -------------------------------------------------------------------- */

typedef struct bands {
  size_t n_fft, hop, n_frames;
  int n_bands;
  double *e; /* [n_frames][n_bands][3]: a', b and residual energies */
  double w2; /* Σ w² of a frame (hop: the squared windows sum to 1) */
} bands;

/* Level and deltas per band over frames [f0, f1); the band holding most of
 * the residual (loudest) and the one whose level moved most of those
 * holding a share of it (changed). */
static void bands_sum(const bands *bd, size_t f0, size_t f1, int channels, double *resid_dbfs,
                      double *delta_db, int *loudest, int *changed)
{
  double best = 0, er[SP_DIFF_MAX_BANDS];
  *loudest = *changed = -1;
  for (int j = 0; j < bd->n_bands; j++) {
    double ea = 0, eb = 0;
    er[j] = 0;
    for (size_t fr = f0; fr < f1; fr++) {
      const double *e = bd->e + (fr * (size_t)bd->n_bands + (size_t)j) * 3;
      ea += e[0], eb += e[1], er[j] += e[2];
    }
    if (resid_dbfs)
      resid_dbfs[j] = db_pow(er[j] / ((double)(f1 - f0) * bd->w2 * channels));
    delta_db[j] = ea == 0 && eb == 0 ? NAN : 10.0 * log10(eb / ea);
    if (er[j] > best)
      best = er[j], *loudest = j;
  }
  if (*loudest < 0 || isnan(delta_db[*loudest]))
    return;
  *changed = *loudest;
  const double share = best * pow(10.0, -SP_DIFF_BAND_SHARE_DB / 10.0),
               more = fabs(delta_db[*loudest]) + SP_DIFF_BAND_MORE_DB;
  for (int j = 0; j < bd->n_bands; j++)
    if (er[j] >= share && fabs(delta_db[j]) >= more &&
        fabs(delta_db[j]) > fabs(delta_db[*changed]))
      *changed = j;
}

/* ---- one pass over both signals at one lag -------------------------------------- */

enum { DECIM = 8, DECIM_TAPS = 2 * DECIM - 1, SPEC = DECIM + 2, HIST = 32, HOPS = 8, BLK = 8192 };
_Static_assert(NEAR >= 2 * SPEC + 1, "the first pass's lags fit dots_near");

/* The first pass's lag search: the channels' sums (HIST frames before the
 * chunk, then the chunk's), decimated for the coarse stage, their
 * energies and R(0), and R(τ) exactly for τ in −SPEC .. SPEC. */
typedef struct lagsearch {
  int64_t max_lag, n_d, next_d;
  sp_xcorr *x; /* the coarse stage; NULL: none */
  double h[DECIM_TAPS];
  float *sa, *sb, *da, *db;
  double ea, eb, r0;
  double r[NEAR]; /* R(τ) for τ in −SPEC .. SPEC (the rest: lanes' filler) */
} lagsearch;

typedef struct pass {
  const sp_diff_side *a, *b;
  int channels, rate;
  bool first; /* the meters and the lag search too (at lag 0) */
  int64_t lag, len, start;
  /* 10 ms blocks from origin (a multiple of block, ≤ start) */
  int64_t block, origin;
  size_t n_blocks;
  double *bs2, *bpk, *bpa; /* per block, over the channels: Σ d², max |d|, max |a'| */
  double acc[3];           /* Σ d², Σ a'·d, Σ a'² over [start, len) */
  double peak;             /* max |d| */
  bands bd;
  size_t edge[SP_DIFF_MAX_BANDS + 1];
  sp_fft *fft;
  float *w, *fa[SP_METER_MAX_CHANNELS], *fd[SP_METER_MAX_CHANNELS];
  float *wa, *wd, *ar, *ai, *rr, *ri, *work;
  /* the chunk: A = a(t − lag), B = b(t), D = B − A for t in [t0, t0 + k),
   * frames [f0, f0 + nf) */
  float *A[SP_METER_MAX_CHANNELS], *B[SP_METER_MAX_CHANNELS], *D[SP_METER_MAX_CHANNELS];
  int64_t t0;
  size_t k, f0, nf;
  sp_meter *m[3];
  lagsearch ls;
} pass;

/* The residual of chunk frames [o, o + k) (at t0 + o): into D, the blocks
 * and the sums. */
static void resid_range(pass *p, size_t o, size_t k)
{
  while (k > 0) {
    const int64_t t = p->t0 + (int64_t)o, bi = (t - p->origin) / p->block;
    const int64_t end = p->origin + (bi + 1) * p->block;
    const size_t m = (size_t)(end - t) < k ? (size_t)(end - t) : k;
    double pk[2] = {p->bpk[bi], p->bpa[bi]};
    for (int c = 0; c < p->channels; c++) {
      double acc[3] = {0, 0, 0};
      resid(p->A[c] + o, p->B[c] + o, m, p->D[c] + o, acc, pk);
      p->bs2[bi] += acc[0];
      for (int j = 0; j < 3; j++)
        p->acc[j] += acc[j];
    }
    p->bpk[bi] = pk[0], p->bpa[bi] = pk[1];
    p->peak = pk[0] > p->peak ? pk[0] : p->peak;
    o += m, k -= m;
  }
}

/* Σ over each band's bins of |X|², by Parseval (the bins but the ends
 * count twice), into out[band]. */
static void band_energy(const size_t *edge, int n_bands, size_t n, const float *re, const float *im,
                        double *out)
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
    out[j] = (2.0 * sum + end) / (double)n;
  }
}

/* out = x·w over n points, x the m points of head then those of rest;
 * whether any x is not 0 (its bits past the sign: a NaN counts, -0 does
 * not), in integers so that it vectorizes. */
SP_CLONES
static bool windowed(const float *restrict head, size_t m, const float *restrict rest,
                     const float *restrict w, size_t n, float *restrict out)
{
  uint32_t any = 0;
  for (size_t i = 0; i < m; i++) {
    uint32_t u;
    memcpy(&u, &head[i], sizeof u);
    any |= u & 0x7fffffffu;
    out[i] = head[i] * w[i];
  }
  for (size_t i = m; i < n; i++) {
    uint32_t u;
    memcpy(&u, &rest[i - m], sizeof u);
    any |= u & 0x7fffffffu;
    out[i] = rest[i - m] * w[i];
  }
  return any != 0;
}

/* Frame fr's band energies: each channel's frame, the last tap frames
 * kept and the chunk's hop at offset o, windowed and transformed: a''s and the
 * residual's (b's spectrum their sum); one transform where the residual is
 * silent, none where both are. */
static void frame_bands(pass *p, size_t fr, size_t o)
{
  const size_t n = p->bd.n_fft, hop = p->bd.hop, tap = n - hop, bins = n / 2 + 1;
  const int nb = p->bd.n_bands;
  double *e = p->bd.e + fr * (size_t)nb * 3, x[SP_DIFF_MAX_BANDS];
  for (int c = 0; c < p->channels; c++) {
    /* the frame: the last hop's tap frames (fa, fd), then this hop's */
    const bool any_a = windowed(p->fa[c], tap, p->A[c] + o, p->w, n, p->wa),
               any_d = windowed(p->fd[c], tap, p->D[c] + o, p->w, n, p->wd);
    memcpy(p->fa[c], p->A[c] + o + hop - tap, tap * sizeof(float));
    memcpy(p->fd[c], p->D[c] + o + hop - tap, tap * sizeof(float));
    if (any_a) {
      sp_fft_forward(p->fft, p->wa, p->ar, p->ai, p->work);
      band_energy(p->edge, nb, n, p->ar, p->ai, x);
      for (int j = 0; j < nb; j++)
        e[j * 3] += x[j], e[j * 3 + 1] += any_d ? 0 : x[j];
    }
    if (!any_d)
      continue;
    sp_fft_forward(p->fft, p->wd, p->rr, p->ri, p->work);
    band_energy(p->edge, nb, n, p->rr, p->ri, x);
    for (int j = 0; j < nb; j++)
      e[j * 3 + 2] += x[j];
    if (any_a)
      for (size_t k = 0; k < bins; k++)
        p->rr[k] += p->ar[k], p->ri[k] += p->ai[k];
    band_energy(p->edge, nb, n, p->rr, p->ri, x);
    for (int j = 0; j < nb; j++)
      e[j * 3 + 1] += x[j];
  }
}

/* The lag search's share of the chunk. */
static void lag_chunk(pass *p)
{
  lagsearch *l = &p->ls;
  const size_t k = p->k;
  sum_channels(l->sa + HIST, p->A, p->channels, k);
  sum_channels(l->sb + HIST, p->B, p->channels, k);
  const int64_t in = p->len - p->t0;
  const size_t kk = in <= 0 ? 0 : in < (int64_t)k ? (size_t)in : k;
  const float *ya = l->sa + HIST, *yb = l->sb + HIST;
  l->ea += dot(ya, ya, kk), l->eb += dot(yb, yb, kk), l->r0 += dot(ya, yb, kk);
  if (l->x) {
    size_t nd = 0;
    for (; l->next_d < l->n_d && l->next_d * DECIM + DECIM_TAPS / 2 < p->t0 + (int64_t)k;
         l->next_d++, nd++) {
      const size_t at = (size_t)(l->next_d * DECIM - DECIM_TAPS / 2 - (p->t0 - HIST));
      double sa = 0, sb = 0;
      for (int j = 0; j < DECIM_TAPS; j++)
        sa += l->h[j] * l->sa[at + (size_t)j], sb += l->h[j] * l->sb[at + (size_t)j];
      l->da[nd] = (float)sa, l->db[nd] = (float)sb;
    }
    sp_xcorr_push(l->x, l->da, l->db, nd);
  }
  /* R(τ) for the frames t in [t0 − SPEC, t0 + k − SPEC) */
  if (l->max_lag > 0)
    dots_near(l->sa + HIST - SPEC, l->sb + HIST - 2 * SPEC, k, l->r);
  memmove(l->sa, l->sa + k, HIST * sizeof(float));
  memmove(l->sb, l->sb + k, HIST * sizeof(float));
}

/* The chunk's frames [o, ...) of the planes x, in at. */
static const float *const *planes_at(float *const *x, int channels, size_t o, const float **at)
{
  for (int c = 0; c < channels; c++)
    at[c] = x[c] + o;
  return at;
}

/* Frames of the chunk that are within [0, end), from t0 on. */
static size_t within(const pass *p, int64_t end)
{
  const int64_t in = end - p->t0;
  return in <= 0 ? 0 : in < (int64_t)p->k ? (size_t)in : p->k;
}

/* The chunk's meters (the first pass): each side's as long as it lasts,
 * the residual's as long as the longer; together while all three go on. */
static void meters_chunk(pass *p)
{
  const size_t n[3] = {within(p, p->a->frames), within(p, p->b->frames), within(p, p->len)};
  float *const *x[3] = {p->A, p->B, p->D};
  size_t both = n[0] < n[1] ? n[0] : n[1];
  both = both < n[2] ? both : n[2];
  const float *const *ch[3] = {(const float *const *)p->A, (const float *const *)p->B,
                               (const float *const *)p->D};
  sp_meter_add_together(p->m, ch, 3, both);
  for (int s = 0; s < 3; s++)
    if (n[s] > both) {
      const float *at[SP_METER_MAX_CHANNELS];
      sp_meter_add(p->m[s], planes_at(x[s], p->channels, both, at), n[s] - both);
    }
}

/* A chunk's tasks, its residual already taken: 0 the meters (the first
 * pass), 1 the rest. */
static void chunk_task(void *ctx, size_t index, int thread)
{
  pass *p = ctx;
  (void)thread;
  if (index == 0) {
    meters_chunk(p);
    return;
  }
  for (size_t f = 0; f < p->nf; f++)
    frame_bands(p, p->f0 + f, f * p->bd.hop);
  if (p->first)
    lag_chunk(p);
}

/* The chunk's residual, silent past the longer side's end. */
static void chunk_resid(pass *p)
{
  const size_t kk = within(p, p->len);
  resid_range(p, 0, kk);
  for (int c = 0; c < p->channels; c++)
    memset(p->D[c] + kk, 0, (p->k - kk) * sizeof(float));
}

static sp_err fetch_chunk(pass *p, int64_t t0, size_t k, char *why, size_t why_size)
{
  p->t0 = t0, p->k = k;
  sp_err err = fetch(p->a, p->channels, t0 - p->lag, k, p->A, why, why_size);
  return err != SP_OK ? err : fetch(p->b, p->channels, t0, k, p->B, why, why_size);
}

/* Read both signals once at p->lag: the pre-roll before 0 (a moved
 * earlier) for the sums only, then chunks of HOPS frames' hops. */
static sp_err run_pass(pass *p, sp_pool *pool, char *why, size_t why_size)
{
  const size_t chunk = HOPS * p->bd.hop;
  for (int64_t t = p->start; t < 0; t += (int64_t)chunk) {
    const size_t k = -t < (int64_t)chunk ? (size_t)-t : chunk;
    sp_err err = fetch_chunk(p, t, k, why, why_size);
    if (err != SP_OK)
      return err;
    resid_range(p, 0, k);
  }
  for (size_t f = 0; f < p->bd.n_frames; f += HOPS) {
    p->f0 = f;
    p->nf = p->bd.n_frames - f < HOPS ? p->bd.n_frames - f : HOPS;
    sp_err err = fetch_chunk(p, (int64_t)(f * p->bd.hop), p->nf * p->bd.hop, why, why_size);
    if (err != SP_OK)
      return err;
    chunk_resid(p);
    if (!p->first)
      chunk_task(p, 1, 0);
    else if (pool)
      sp_pool_run(pool, 2, chunk_task, p);
    else
      for (size_t i = 0; i < 2; i++)
        chunk_task(p, i, 0);
  }
  return SP_OK;
}

static void pass_free(pass *p)
{
  for (int s = 0; s < 3; s++)
    sp_meter_free(p->m[s]);
  for (int c = 0; c < p->channels; c++) {
    free(p->A[c]);
    sp_fft_release(p->fa[c]);
    sp_fft_release(p->fd[c]);
  }
  float *f[] = {p->w, p->wa, p->wd, p->ar, p->ai, p->rr, p->ri, p->work};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    sp_fft_release(f[i]);
  if (p->fft)
    sp_fft_free(p->fft);
  free(p->bs2);
  free(p->bd.e);
  lagsearch *l = &p->ls;
  if (l->x)
    sp_xcorr_free(l->x);
  free(l->sa);
  free(l->sb);
  free(l->da);
  free(l->db);
  memset(p, 0, sizeof *p);
}

/* A pass at lag over a and b; first: the meters (their series kept) and
 * the lag search too. */
static sp_err pass_init(pass *p, const sp_diff_side *a, const sp_diff_side *b, int channels,
                        int rate, int64_t lag, bool first, bool third, int64_t max_lag)
{
  memset(p, 0, sizeof *p);
  p->a = a, p->b = b, p->channels = channels, p->rate = rate, p->lag = lag, p->first = first;
  p->len = b->frames > a->frames + lag ? b->frames : a->frames + lag;
  p->start = lag < 0 ? lag : 0;
  p->block = rate / BLOCK_PER_S > 0 ? rate / BLOCK_PER_S : 1;
  p->origin = -((-p->start + p->block - 1) / p->block) * p->block;
  p->n_blocks = (size_t)((p->len - p->origin + p->block - 1) / p->block) + 1;
  p->bs2 = sp_xcalloc(3 * p->n_blocks, sizeof *p->bs2);
  p->bpk = p->bs2 + p->n_blocks, p->bpa = p->bpk + p->n_blocks;
  /* frames of n points, hop 7n/8: frame f covers [f·hop − n/8, (f + 1)·hop),
   * its squared window rising over its first n/8 points (sin²), falling
   * over its last (cos²), so that the frames' w² sum to 1 at every t */
  const size_t n = third ? 16384 : 8192, tap = n / 8, hop = n - tap;
  bands *bd = &p->bd;
  bd->n_fft = n, bd->hop = hop, bd->n_bands = third ? 31 : 10;
  bd->n_frames = (size_t)((p->len + (int64_t)tap + (int64_t)hop - 1) / (int64_t)hop);
  bd->n_frames = bd->n_frames ? bd->n_frames : 1;
  bd->e = sp_xcalloc(bd->n_frames * (size_t)bd->n_bands * 3, sizeof *bd->e);
  band_edges(n, rate, bd->n_bands, third, p->edge);
  p->fft = sp_fft_new(n);
  p->w = sp_fft_alloc_real(n);
  bd->w2 = 0;
  for (size_t i = 0; i < n; i++) {
    const double x = i < tap ? sin(M_PI * ((double)i + 0.5) / (2.0 * tap))
                     : i >= hop ? cos(M_PI * ((double)(i - hop) + 0.5) / (2.0 * tap))
                                : 1.0;
    p->w[i] = (float)x;
    bd->w2 += (double)p->w[i] * p->w[i];
  }
  float **f[] = {&p->wa, &p->wd, &p->ar, &p->ai, &p->rr, &p->ri};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    *f[i] = sp_fft_alloc_real(n);
  p->work = sp_fft_alloc_real(sp_fft_work_floats(p->fft));
  const size_t chunk = HOPS * hop;
  for (int c = 0; c < channels; c++) {
    p->A[c] = sp_xcalloc(3 * chunk, sizeof(float));
    p->B[c] = p->A[c] + chunk, p->D[c] = p->B[c] + chunk;
    p->fa[c] = sp_fft_alloc_real(n), p->fd[c] = sp_fft_alloc_real(n);
  }
  if (!first)
    return SP_OK;
  /* each side in its layout, the residual (b − a) in the new side's */
  const sp_diff_side *of[3] = {a, b, b};
  for (int s = 0; s < 3; s++) {
    const sp_layout *l = of[s]->layout ? of[s]->layout : sp_layout_by_count(channels);
    if (!l || l->n != channels || sp_meter_new_layout(l, rate, 0, &p->m[s]) != SP_OK)
      return SP_ERR_USAGE;
    sp_meter_keep_series(p->m[s]);
  }
  sp_meter_loudness_only(p->m[2]);
  lagsearch *l = &p->ls;
  l->max_lag = max_lag;
  l->n_d = (p->len + DECIM - 1) / DECIM;
  for (int j = 0; j < DECIM_TAPS; j++) /* a triangle: two moving averages of 8 */
    l->h[j] = (double)(j < DECIM ? j + 1 : DECIM_TAPS - j) / (DECIM * DECIM);
  l->sa = sp_xcalloc(HIST + chunk, sizeof *l->sa);
  l->sb = sp_xcalloc(HIST + chunk + NEAR, sizeof *l->sb); /* dots_near reads past */
  l->da = sp_xcalloc(chunk / DECIM + 2, sizeof *l->da);
  l->db = sp_xcalloc(chunk / DECIM + 2, sizeof *l->db);
  if (max_lag > 4 * DECIM)
    l->x = sp_xcorr_new((size_t)((max_lag + DECIM - 1) / DECIM), l->n_d);
  return SP_OK;
}

/* R(τ) = Σ_t Σa(t)·Σb(t + τ) for τ in [lo, lo + n), read again (a search
 * outside the first pass's −SPEC .. SPEC: a print moved). */
static sp_err refine(const sp_diff_side *a, const sp_diff_side *b, int channels, int64_t lo,
                     size_t n, double *r, char *why, size_t why_size)
{
  float *buf = sp_xcalloc((size_t)channels * (BLK + n) + 2 * (BLK + n), sizeof *buf);
  float *ch[SP_METER_MAX_CHANNELS], *ya = buf + (size_t)channels * (BLK + n), *yb = ya + BLK + n;
  for (int c = 0; c < channels; c++)
    ch[c] = buf + (size_t)c * (BLK + n);
  sp_err err = SP_OK;
  for (int64_t t0 = 0; t0 < a->frames && err == SP_OK; t0 += BLK) {
    const size_t k = (size_t)(a->frames - t0 < BLK ? a->frames - t0 : BLK);
    err = fetch(a, channels, t0, k, ch, why, why_size);
    if (err == SP_OK)
      sum_channels(ya, ch, channels, k), err = fetch(b, channels, t0 + lo, k + n - 1, ch, why,
                                                     why_size);
    if (err == SP_OK) {
      sum_channels(yb, ch, channels, k + n - 1);
      dots(ya, yb, k, r, n);
    }
  }
  free(buf);
  return err;
}

/* The lag of b against a over the channels' sums: the largest |R(τ)|,
 * R(τ) = Σ_t Σa(t)·Σb(t + τ), for |τ| ≤ max_lag; a lag must beat one nearer
 * 0 by 10⁻⁶ of it to win. Two stages, both fed by the first pass:
 *
 *   Σa, Σb ─► low-pass (a triangle of 15 taps: two moving averages of 8,
 *             nulls at the multiples of rate/8) and every 8th frame
 *             ─► core/dsp/xcorr.h over ±max_lag/8 ─► the coarse lag k
 *   Σa, Σb ─► R(τ) exactly (in double) for τ within 8k ± 10 and τ = 0 ─► the lag
 *
 * The first pass sums R(τ) exactly for |τ| ≤ 10 (k = 0: a print that did
 * not move); another k reads both again for its 21 lags. Signals that null
 * at lag 0, or nearly (sp_xcorr_zero_is_best), are at lag 0. */
static sp_err find_lag(pass *p, int64_t *lag, char *why, size_t why_size)
{
  lagsearch *l = &p->ls;
  *lag = 0;
  int64_t centre = 0;
  const sp_xcorr_result z = {0, l->r0, l->r0, l->ea, l->eb, NAN, NAN};
  if (l->x) {
    sp_xcorr_finish(l->x);
    sp_xcorr_result xr;
    sp_xcorr_result_get(l->x, &xr);
    centre = xr.lag * DECIM;
  }
  if (l->max_lag <= 0 || sp_xcorr_zero_is_best(&z))
    return SP_OK;
  int64_t lo = l->x ? centre - (DECIM + 2) : -l->max_lag;
  int64_t hi = l->x ? centre + DECIM + 2 : l->max_lag;
  lo = lo < -l->max_lag ? -l->max_lag : lo;
  hi = hi > l->max_lag ? l->max_lag : hi;
  const size_t n = (size_t)(hi - lo + 1);
  double *r = sp_xcalloc(n, sizeof *r);
  sp_err err = SP_OK;
  if (lo >= -SPEC && hi <= SPEC)
    memcpy(r, l->r + (lo + SPEC), n * sizeof *r);
  else
    err = refine(p->a, p->b, p->channels, lo, n, r, why, why_size);
  double best_abs = fabs(l->r0);
  for (size_t m = 0; m < n && err == SP_OK; m++) {
    const int64_t tau = lo + (int64_t)m;
    const double v = fabs(r[m]), tol = 1e-6 * best_abs;
    if (v > best_abs + tol || (fabs(v - best_abs) <= tol && llabs(tau) < llabs(*lag)))
      *lag = tau, best_abs = v;
  }
  /* The residual energy of the sums at the best gain is eb − R²/ea: the
   * lag must leave SP_DIFF_LAG_EXPLAINS_DB less of it than lag 0 does */
  const double eab = l->ea * l->eb;
  if (*lag != 0 && !(eab - best_abs * best_abs <=
                     pow(10.0, -SP_DIFF_LAG_EXPLAINS_DB / 10.0) * (eab - l->r0 * l->r0)))
    *lag = 0;
  free(r);
  return err;
}

/* The aligned residual's peak, max |b(t) − g·a(t − lag)|: bounded in each
 * block by its residual d = b − a' and a' (|d − (g − 1)·a'| within
 * max|d| ± |g − 1|·max|a'|), and read again only in the blocks whose upper
 * bound reaches the largest lower bound. */
static sp_err aligned_peak(pass *p, double g, double *peak, char *why, size_t why_size)
{
  const double h = fabs(g - 1);
  *peak = p->peak;
  if (h == 0)
    return SP_OK; /* b − 1·a' is d itself */
  double lower = 0;
  for (size_t i = 0; i < p->n_blocks; i++)
    lower = p->bpk[i] - h * p->bpa[i] > lower ? p->bpk[i] - h * p->bpa[i] : lower;
  *peak = 0;
  const size_t chunk = HOPS * p->bd.hop;
  for (size_t i = 0; i < p->n_blocks;) {
    const double slack = 1e-12 * ((fabs(g) + 1) * p->bpa[i] + p->bpk[i]);
    if (!(p->bpk[i] + h * p->bpa[i] + slack >= lower)) {
      i++;
      continue;
    }
    /* a run of blocks read in chunks */
    size_t j = i + 1;
    while (j < p->n_blocks && j - i < chunk / (size_t)p->block &&
           p->bpk[j] + h * p->bpa[j] + 1e-12 * ((fabs(g) + 1) * p->bpa[j] + p->bpk[j]) >= lower)
      j++;
    const int64_t t0 = p->origin + (int64_t)i * p->block;
    int64_t t1 = p->origin + (int64_t)j * p->block;
    t1 = t1 < p->len ? t1 : p->len;
    if (t1 > t0) {
      sp_err err = fetch_chunk(p, t0, (size_t)(t1 - t0), why, why_size);
      if (err != SP_OK)
        return err;
      for (int c = 0; c < p->channels; c++)
        gain_peak(p->A[c], p->B[c], g, (size_t)(t1 - t0), peak);
    }
    i = j;
  }
  return SP_OK;
}

static int span_cmp(const void *x, const void *y)
{
  const sp_diff_span *a = x, *b = y;
  if (a->peak_dbfs != b->peak_dbfs)
    return a->peak_dbfs < b->peak_dbfs ? 1 : -1;
  return a->start_s < b->start_s ? -1 : a->start_s > b->start_s;
}

/* The spans whose compared residual peaks above the threshold, from the
 * pass's 10 ms blocks from t = 0, merged, each with its band deltas (the
 * frames centred in it); the loudest first. */
static void find_spans(const pass *p, sp_diff_result *res)
{
  const int rate = p->rate;
  const int64_t block = p->block, gap = (int64_t)(MERGE_GAP_S * rate);
  const double thr = sp_db_to_lin(res->threshold_dbfs);
  sp_diff_span *all = NULL;
  size_t n = 0, cap = 0;
  double *sq = NULL; /* each span's Σ r² and its frames */
  int64_t *cnt = NULL, cur_end = -1;
  for (int64_t t0 = 0; t0 < p->len; t0 += block) {
    const int64_t t1 = t0 + block < p->len ? t0 + block : p->len, bi = (t0 - p->origin) / block;
    const double peak = p->bpk[bi], s2 = p->bs2[bi];
    if (!(peak > thr))
      continue;
    if (n > 0 && t0 - cur_end <= gap) {
      sp_diff_span *s = &all[n - 1];
      s->end_s = (double)t1 / rate;
      if (20.0 * log10(peak) > s->peak_dbfs)
        s->peak_dbfs = 20.0 * log10(peak);
      sq[n - 1] += s2, cnt[n - 1] += (t1 - t0) * p->channels;
    } else {
      SP_GROW(all, n, cap);
      sq = sp_xreallocarray(sq, cap, sizeof *sq);
      cnt = sp_xreallocarray(cnt, cap, sizeof *cnt);
      all[n] = (sp_diff_span){.start_s = (double)t0 / rate,
                              .end_s = (double)t1 / rate,
                              .peak_dbfs = 20.0 * log10(peak)};
      sq[n] = s2, cnt[n] = (t1 - t0) * p->channels;
      n++;
    }
    cur_end = t1;
  }
  const bands *bd = &p->bd;
  /* frame f's centre: f·hop + (hop − n/8)/2 */
  const double h = (double)bd->hop / rate,
               off = ((double)bd->hop - (double)(bd->n_fft - bd->hop)) / 2 / rate;
  for (size_t i = 0; i < n; i++) {
    all[i].rms_dbfs = db_pow(sq[i] / (double)cnt[i]);
    size_t f0 = (size_t)fmax(0, ceil((all[i].start_s - off) / h)),
           f1 = (size_t)fmax(0, ceil((all[i].end_s - off) / h));
    if (f1 > bd->n_frames)
      f1 = bd->n_frames;
    if (f0 >= f1) {
      f0 = (size_t)fmax(0, floor(((all[i].start_s + all[i].end_s) / 2 - off) / h + 0.5));
      f0 = f0 >= bd->n_frames ? bd->n_frames - 1 : f0;
      f1 = f0 + 1;
    }
    bands_sum(bd, f0, f1, p->channels, NULL, all[i].band_delta_db, &all[i].loudest_band,
              &all[i].changed_band);
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

/* The first pass's meters into res: each side's loudness, and the series
 * on the residual meter's times (as long as the longer side), each side
 * NAN past its end. */
static void meters_result(const pass *p, sp_diff_result *res)
{
  sp_meter_result(p->m[0], &res->a);
  sp_meter_result(p->m[1], &res->b);
  const double *te = NULL, *mo = NULL, *st = NULL, *sa = NULL, *sb = NULL;
  const size_t n_a = sp_meter_series(p->m[0], &te, &mo, &sa);
  const size_t n_b = sp_meter_series(p->m[1], &te, &mo, &sb);
  res->n_series = sp_meter_series(p->m[2], &te, &mo, &st);
  res->series_t_s = sp_xcalloc(res->n_series + 1, sizeof *res->series_t_s);
  res->series_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_lufs);
  res->series_a_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_a_lufs);
  res->series_b_lufs = sp_xcalloc(res->n_series + 1, sizeof *res->series_b_lufs);
  for (size_t i = 0; i < res->n_series; i++) {
    res->series_t_s[i] = te[i];
    res->series_lufs[i] = st[i];
    res->series_a_lufs[i] = i < n_a ? sa[i] : NAN;
    res->series_b_lufs[i] = i < n_b ? sb[i] : NAN;
  }
}

static void deltas(sp_diff_result *res)
{
  res->delta_lu = res->b.integrated_lufs - res->a.integrated_lufs;
  res->delta_true_peak_db = res->b.true_peak_dbtp - res->a.true_peak_dbtp;
  res->delta_range_lu = res->b.range_lu - res->a.range_lu;
}

/* After the first pass: the lag, the pass at it when not 0 (*q), the gain
 * and the residual left with them, the bands and, for a changed print,
 * the spans. */
static sp_err align(pass *p1, pass *p2, const sp_diff_opts *opts, sp_diff_result *res, char *why,
                    size_t why_size)
{
  int64_t lag = 0;
  sp_err err = find_lag(p1, &lag, why, why_size);
  pass *q = p1;
  if (err == SP_OK && lag != 0) {
    q = p2;
    pass_init(q, p1->a, p1->b, p1->channels, p1->rate, lag, false, opts->third_octave, 0);
    err = run_pass(q, NULL, why, why_size);
  }
  if (err != SP_OK)
    return err;
  res->lag_frames = lag;
  /* the least-squares gain: Σ a'·b / Σ a'² = 1 + Σ a'·d / Σ a'² */
  const double e = q->acc[2], g = e > 0 ? 1.0 + q->acc[1] / e : NAN;
  res->gain_db = isnan(g) ? NAN : g == 0 ? -INFINITY : 20.0 * log10(fabs(g));
  res->inverted = g < 0;
  const double gg = isnan(g) ? 0 : g, h = gg - 1;
  /* Σ (d − h·a')² from the sums */
  const double s = q->acc[0] - 2 * h * q->acc[1] + h * h * q->acc[2];
  const int64_t len = res->frames_a > res->frames_b ? res->frames_a : res->frames_b;
  double peak = 0;
  err = aligned_peak(q, gg, &peak, why, why_size);
  res->aligned_peak_dbfs = db_amp(peak);
  res->aligned_rms_dbfs = db_pow((s > 0 ? s : 0) / ((double)(len > 0 ? len : 1) * p1->channels));
  int loudest;
  bands_sum(&q->bd, 0, q->bd.n_frames, p1->channels, res->band_residual_dbfs, res->band_delta_db,
            &loudest, &res->changed_band);
  const double thr = opts->threshold_dbfs;
  /* a print now silent (within the threshold) is one that changed, not
   * one rescaled to -inf dB: its gain fits it by taking all of it away */
  const bool aligned = res->aligned_peak_dbfs <= thr && res->b.sample_peak_dbfs > thr;
  if (res->peak_dbfs <= thr)
    res->verdict = SP_DIFF_WITHIN;
  else if (aligned && res->lag_frames != 0)
    res->verdict = SP_DIFF_SHIFTED;
  else if (aligned)
    res->verdict = SP_DIFF_RESCALED;
  else
    res->verdict = SP_DIFF_CHANGED;
  /* a print moved or scaled as a whole changed nowhere in particular */
  if (res->verdict == SP_DIFF_CHANGED)
    find_spans(q, res);
  return err;
}

sp_err sp_diff_sides(const sp_diff_side *a, const sp_diff_side *b, int channels, int rate,
                      const sp_diff_opts *opts, sp_diff_result *res, char *why, size_t why_size)
{
  memset(res, 0, sizeof *res);
  res->channels = channels, res->sample_rate = rate;
  res->frames_a = a->frames, res->frames_b = b->frames;
  res->threshold_dbfs = opts->threshold_dbfs;
  res->n_bands = opts->third_octave ? 31 : 10;
  res->band_hz = opts->third_octave ? third_hz : octave_hz;
  if (channels < 1 || channels > SP_METER_MAX_CHANNELS || rate < 1) {
    snprintf(why, why_size, "%d channels at %d Hz cannot be compared", channels, rate);
    return SP_ERR_USAGE;
  }
  const int64_t len = a->frames > b->frames ? a->frames : b->frames;
  int64_t max_lag =
      opts->max_lag_s < 0 ? 0 : (int64_t)llround((opts->max_lag_s > 0 ? opts->max_lag_s : 1.0) * rate);
  if (max_lag > len / 2)
    max_lag = len / 2;
  pass p1, p2;
  memset(&p2, 0, sizeof p2);
  sp_err err = pass_init(&p1, a, b, channels, rate, 0, true, opts->third_octave, max_lag);
  if (err != SP_OK) {
    snprintf(why, why_size, "%d channels at %d Hz cannot be metered", channels, rate);
    pass_free(&p1);
    return err;
  }
  sp_pool *pool = opts->threads > 1 ? sp_pool_new(2) : NULL;
  err = run_pass(&p1, pool, why, why_size);
  sp_pool_free(pool);
  if (err == SP_OK) {
    meters_result(&p1, res);
    deltas(res);
    res->peak_dbfs = db_amp(p1.peak);
    res->rms_dbfs = db_pow(p1.acc[0] / ((double)(len > 0 ? len : 1) * channels));
    if (a->frames == b->frames && p1.peak == 0) { /* every sample the same */
      res->verdict = SP_DIFF_SAME_SAMPLES;
      res->gain_db = 0;
      res->aligned_peak_dbfs = res->aligned_rms_dbfs = -INFINITY;
      res->changed_band = -1;
      for (int j = 0; j < res->n_bands; j++)
        res->band_residual_dbfs[j] = -INFINITY, res->band_delta_db[j] = 0;
      for (size_t i = 0; i < res->n_series; i++)
        res->series_lufs[i] = NAN;
    } else {
      err = align(&p1, &p2, opts, res, why, why_size);
    }
  }
  pass_free(&p1);
  pass_free(&p2);
  if (err != SP_OK)
    sp_diff_result_fini(res);
  return err;
}

/* ---- signals in memory ---------------------------------------------------------- */

typedef struct memory {
  const float *const *x;
  int channels;
} memory;

static sp_err memory_read(void *ctx, int64_t t0, float *const *ch, size_t k, char *why,
                          size_t why_size)
{
  const memory *m = ctx;
  (void)why, (void)why_size;
  for (int c = 0; c < m->channels; c++)
    memcpy(ch[c], m->x[c] + t0, k * sizeof(float));
  return SP_OK;
}

sp_err sp_diff_signals(const float *const *a, int64_t frames_a, const float *const *b,
                       int64_t frames_b, int channels, int rate, const sp_diff_opts *opts,
                       sp_diff_result *res, char *why, size_t why_size)
{
  memory ma = {a, channels}, mb = {b, channels};
  const sp_diff_side ia = {&ma, frames_a, memory_read, NULL},
                     ib = {&mb, frames_b, memory_read, NULL};
  return sp_diff_sides(&ia, &ib, channels, rate, opts, res, why, why_size);
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
