/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Block cross-correlation by FFT.
 *
 *   a: [s, s + B)            zero-padded to N ─► FFT ─► A ─┐
 *   b: [s − L, s + B + L)    zero-padded to N ─► FFT ─► W ─┴► conj(A)·W ─► IFFT ─► c[m]
 *   R(m − L) += c[m] / N    for m = 0 .. 2L
 *
 * With B = N − 2L no index wraps around: c[m] = Σ_{t<B} a[s+t]·b[s+t+m−L]
 * exactly. Blocks of a are processed once b has arrived L frames beyond
 * them, so a keeps B + L frames and b keeps B + 2L; both windows slide by B.
 * Frames before the start and after the end count as zero. Without a
 * range (L = 0) only the time-domain sums run. */

#include "core/dsp/xcorr.h"

#include "core/base/alloc.h"
#include "core/dsp/fft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sp_xcorr {
  size_t L, N, B;
  sp_fft *fft;
  float *a;    /* a from s: B + L frames */
  float *b;    /* b from s − L: B + 2L frames */
  size_t a_n;  /* frames of a held */
  size_t b_n;  /* frames of b held (starts at L: the zeros before t = 0) */
  float *work; /* N */
  float *fft_work;
  float *ar, *ai, *br, *bi; /* N/2 + 1 bins each */
  double *r; /* 2L + 1 */
  double ea, eb, r0;
  sp_xcorr_result res;
};

sp_xcorr *sp_xcorr_new(size_t max_lag, int64_t frames)
{
  sp_xcorr *x = sp_xcalloc(1, sizeof *x);
  if (max_lag == 0) /* no search: the sums alone */
    return x;
  x->L = max_lag;
  /* one block holds a signal of frames + 2L points; 4096 otherwise */
  size_t floor_n = 4096;
  if (frames > 0 && (uint64_t)frames + 2 * x->L < floor_n)
    for (floor_n = 64; floor_n < (size_t)frames + 2 * x->L; floor_n *= 2)
      ;
  x->N = floor_n;
  while (x->N < 4 * x->L)
    x->N *= 2;
  x->B = x->N - 2 * x->L;
  x->fft = sp_fft_new(x->N);
  x->a = sp_xcalloc(x->B + x->L, sizeof *x->a);
  x->b = sp_xcalloc(x->B + 2 * x->L, sizeof *x->b);
  x->b_n = x->L;
  x->work = sp_fft_alloc_real(x->N);
  x->fft_work = sp_fft_alloc_real(sp_fft_work_floats(x->fft));
  x->ar = sp_fft_alloc_real(x->N / 2 + 1);
  x->ai = sp_fft_alloc_real(x->N / 2 + 1);
  x->br = sp_fft_alloc_real(x->N / 2 + 1);
  x->bi = sp_fft_alloc_real(x->N / 2 + 1);
  x->r = sp_xcalloc(2 * x->L + 1, sizeof *x->r);
  return x;
}

void sp_xcorr_free(sp_xcorr *x)
{
  if (!x)
    return;
  sp_fft_free(x->fft);
  free(x->a);
  free(x->b);
  sp_fft_release(x->work);
  sp_fft_release(x->fft_work);
  sp_fft_release(x->ar);
  sp_fft_release(x->ai);
  sp_fft_release(x->br);
  sp_fft_release(x->bi);
  free(x->r);
  free(x);
}

/* Correlate the first `frames` (≤ B) of a's window with b's window, then
 * slide both windows by B. */
static void run_block(sp_xcorr *x, size_t frames)
{
  const size_t N = x->N, L = x->L, B = x->B, bins = N / 2 + 1;
  memset(x->work, 0, N * sizeof *x->work);
  memcpy(x->work, x->a, frames * sizeof *x->work);
  sp_fft_forward(x->fft, x->work, x->ar, x->ai, x->fft_work);
  memset(x->work, 0, N * sizeof *x->work);
  memcpy(x->work, x->b, x->b_n * sizeof *x->work);
  sp_fft_forward(x->fft, x->work, x->br, x->bi, x->fft_work);
  for (size_t k = 0; k < bins; k++) {
    const float pr = x->ar[k], pi = x->ai[k], qr = x->br[k], qi = x->bi[k];
    x->br[k] = pr * qr + pi * qi; /* conj(p)·q */
    x->bi[k] = pr * qi - pi * qr;
  }
  sp_fft_inverse(x->fft, x->br, x->bi, x->work, x->fft_work);
  for (size_t m = 0; m <= 2 * L; m++)
    x->r[m] += (double)x->work[m] / (double)N;
  /* Slide: a keeps what followed the block, b the 2L frames around its end. */
  size_t a_keep = x->a_n > B ? x->a_n - B : 0;
  memmove(x->a, x->a + B, a_keep * sizeof *x->a);
  x->a_n = a_keep;
  size_t b_keep = x->b_n > B ? x->b_n - B : 0;
  memmove(x->b, x->b + B, b_keep * sizeof *x->b);
  x->b_n = b_keep;
}

void sp_xcorr_push(sp_xcorr *x, const float *a, const float *b, size_t frames)
{
  const size_t L = x->L, B = x->B;
  for (size_t i = 0; i < frames; i++) {
    x->ea += (double)a[i] * a[i];
    x->eb += (double)b[i] * b[i];
    x->r0 += (double)a[i] * b[i];
  }
  if (L == 0)
    return;
  size_t i = 0;
  while (i < frames) {
    /* Both windows fill at the same pace: b_n = a_n + L until a block runs. */
    size_t n = B + 2 * L - x->b_n;
    if (n > frames - i)
      n = frames - i;
    memcpy(x->a + x->a_n, a + i, n * sizeof *a);
    memcpy(x->b + x->b_n, b + i, n * sizeof *b);
    x->a_n += n;
    x->b_n += n;
    i += n;
    if (x->b_n == B + 2 * L)
      run_block(x, B);
  }
}

void sp_xcorr_finish(sp_xcorr *x)
{
  const size_t L = x->L;
  /* The rest of a, against b padded with zeros. */
  while (L > 0 && x->a_n > 0) {
    size_t frames = x->a_n < x->B ? x->a_n : x->B;
    memset(x->b + x->b_n, 0, (x->B + 2 * L - x->b_n) * sizeof *x->b);
    x->b_n = x->B + 2 * L;
    run_block(x, frames);
  }
  size_t best = L;
  double best_abs = -1;
  for (size_t m = 0; L > 0 && m <= 2 * L; m++) {
    double v = fabs(x->r[m]);
    size_t d = m > L ? m - L : L - m, bd = best > L ? best - L : L - best;
    /* A lag must beat the others clearly, not by FFT rounding, to win over
     * one nearer zero. */
    double tol = 1e-6 * (best_abs > 0 ? best_abs : 0);
    if (v > best_abs + tol || (fabs(v - best_abs) <= tol && d < bd)) {
      best = m;
      best_abs = v;
    }
  }
  x->res.lag = (int64_t)best - (int64_t)L;
  x->res.r_best = best == L ? x->r0 : x->r[best];
  x->res.r_before = L > 0 && best > 0 ? x->r[best - 1] : NAN;
  x->res.r_after = L > 0 && best < 2 * L ? x->r[best + 1] : NAN;
  x->res.r_zero = x->r0;
  x->res.energy_a = x->ea;
  x->res.energy_b = x->eb;
}

void sp_xcorr_result_get(const sp_xcorr *x, sp_xcorr_result *out) { *out = x->res; }

bool sp_xcorr_zero_is_best(const sp_xcorr_result *r)
{
  return r->r_zero * r->r_zero >= (1.0 - 1e-7) * (r->energy_a * r->energy_b);
}
