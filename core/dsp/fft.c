/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real FFTs with the same bits on every CPU (see fft.h).
 *
 *   forward:  x[n] ─► z[k] = x[2k] + i·x[2k+1] (m = n/2 points)
 *                  ─► complex FFT of z (radix-4 Stockham, a radix-2 stage
 *                     last when log2 m is odd)
 *                  ─► split into the even and odd samples' spectra and
 *                     recombined: X[k] = E[k] + W^k·O[k], k = 0 .. m
 *   inverse:  the same steps backwards; the inverse complex FFT is the
 *             forward one on conjugates.
 *
 * Stockham's formulation needs no bit reversal: every stage reads one
 * buffer and writes the other in natural order, so each stage is two plain
 * loops over contiguous memory that the compiler vectorizes. A stage of
 * stride s (1, 4, 16, ...) runs its inner loop over the s contiguous
 * transforms when s ≥ 8 and over the butterflies otherwise (the first
 * stages). Each lane of a vector does its element's operations in the
 * scalar order, so every clone (AVX-512, AVX2, baseline) gives the scalar
 * loop's bits. Twiddles are sin and cos of 2π·p/n computed by a Taylor
 * series after an exact integer reduction to [0, π/4]: + and × only, the
 * same in every libm and on every CPU. */

#include "core/dsp/fft.h"

#include "core/base/alloc.h"
#include "core/dsp/simd.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STAGES = 32 };

struct sp_fft {
  size_t n, m; /* real points; complex points (n/2) */
  size_t n_stages;
  bool radix2;              /* log2 m odd: a radix-2 stage last */
  float *tw[MAX_STAGES];    /* stage t: 6·n1 floats, w1 w2 w3 (re, im) for p < n1 */
  float *post_re, *post_im; /* m + 1: W^k = e^(−2πik/n) */
  bool shared;              /* one of the kept plans (plan_kept): sp_fft_free leaves it */
};

/* ---- twiddles ------------------------------------------------------------ */

/* cos and sin of x for |x| ≤ π/4, to double precision: Taylor series in
 * Horner form, cos x = 1 − x²/2!·(1 − x²/(4·3)·(1 − ...)), sin x likewise;
 * eleven terms leave an error below 10^-25. */
static void cis_small(double x, double *c, double *s)
{
  const double x2 = x * x;
  double tc = 1.0, ts = 1.0;
  for (int k = 11; k >= 1; k--) {
    tc = 1.0 - x2 / (double)((2 * k) * (2 * k - 1)) * tc;
    ts = 1.0 - x2 / (double)((2 * k + 1) * (2 * k)) * ts;
  }
  *c = tc;
  *s = x * ts;
}

/* cos and sin of 2π·num/den (den a power of two), reduced exactly in
 * integers to an angle of at most π/4, then cis_small. */
static void cis(uint64_t num, uint64_t den, double *c, double *s)
{
  static const double half_pi = 1.57079632679489661923;
  num %= den;
  const uint64_t quadrant = (4 * num) / den, f = (4 * num) % den; /* angle = (q + f/den)·π/2 */
  double x, y;
  if (2 * f <= den) {
    cis_small((double)f / (double)den * half_pi, &x, &y);
  } else {
    double cc, ss; /* φ > π/4: cos φ = sin(π/2 − φ) */
    cis_small((double)(den - f) / (double)den * half_pi, &cc, &ss);
    x = ss;
    y = cc;
  }
  switch (quadrant) {
  case 0: *c = x, *s = y; break;
  case 1: *c = -y, *s = x; break;
  case 2: *c = -x, *s = -y; break;
  default: *c = y, *s = -x; break;
  }
}

/* ---- the complex transform ----------------------------------------------- */

/* The radix-4 butterfly of four points a, b, c, d with twiddles w1..w3:
 *   y0 = a + b + c + d,          y2 = w2·(a − b + c − d),
 *   y1 = w1·(a − c − j(b − d)),  y3 = w3·(a − c + j(b − d)).
 * Written once, inlined into each loop below, so every stage does the same
 * operations in the same order whatever the loop around it. */
static inline void butterfly(float ar, float ai, float br, float bi, float cr, float ci, float dr,
                             float di, float w1r, float w1i, float w2r, float w2i, float w3r,
                             float w3i, float *y0r, float *y0i, float *y1r, float *y1i, float *y2r,
                             float *y2i, float *y3r, float *y3i)
{
  const float apcr = ar + cr, apci = ai + ci, amcr = ar - cr, amci = ai - ci;
  const float bpdr = br + dr, bpdi = bi + di, bmdr = br - dr, bmdi = bi - di;
  const float t1r = amcr + bmdi, t1i = amci - bmdr;
  const float t2r = apcr - bpdr, t2i = apci - bpdi;
  const float t3r = amcr - bmdi, t3i = amci + bmdr;
  *y0r = apcr + bpdr;
  *y0i = apci + bpdi;
  *y1r = w1r * t1r - w1i * t1i;
  *y1i = w1r * t1i + w1i * t1r;
  *y2r = w2r * t2r - w2i * t2i;
  *y2i = w2r * t2i + w2i * t2r;
  *y3r = w3r * t3r - w3i * t3i;
  *y3i = w3r * t3i + w3i * t3r;
}

/* A radix-4 stage of stride 1 (the first): 4·n1 points. The butterflies
 * run side by side, reading four contiguous runs; each writes its four
 * results next to each other. */
SP_CLONES
static void stage4_first(size_t n1, const float *restrict w, const float *restrict xr,
                         const float *restrict xi, float *restrict yr, float *restrict yi)
{
  const float *w1r = w, *w1i = w + n1, *w2r = w + 2 * n1, *w2i = w + 3 * n1, *w3r = w + 4 * n1,
              *w3i = w + 5 * n1;
  for (size_t p = 0; p < n1; p++)
    butterfly(xr[p], xi[p], xr[p + n1], xi[p + n1], xr[p + 2 * n1], xi[p + 2 * n1], xr[p + 3 * n1],
              xi[p + 3 * n1], w1r[p], w1i[p], w2r[p], w2i[p], w3r[p], w3i[p], &yr[4 * p],
              &yi[4 * p], &yr[4 * p + 1], &yi[4 * p + 1], &yr[4 * p + 2], &yi[4 * p + 2],
              &yr[4 * p + 3], &yi[4 * p + 3]);
}

/* A radix-4 stage of stride s ≥ 4: for each of n1 twiddles, s transforms
 * side by side over contiguous runs. */
SP_CLONES
static void stage4(size_t n1, size_t s, const float *restrict w, const float *restrict xr,
                   const float *restrict xi, float *restrict yr, float *restrict yi)
{
  for (size_t p = 0; p < n1; p++) {
    const float w1r = w[p], w1i = w[n1 + p], w2r = w[2 * n1 + p], w2i = w[3 * n1 + p],
                w3r = w[4 * n1 + p], w3i = w[5 * n1 + p];
    const float *restrict ar = xr + s * p, *restrict ai = xi + s * p;
    const float *restrict br = ar + s * n1, *restrict bi = ai + s * n1;
    const float *restrict cr = br + s * n1, *restrict ci = bi + s * n1;
    const float *restrict dr = cr + s * n1, *restrict di = ci + s * n1;
    float *restrict o0r = yr + 4 * s * p, *restrict o0i = yi + 4 * s * p;
    float *restrict o1r = o0r + s, *restrict o1i = o0i + s;
    float *restrict o2r = o1r + s, *restrict o2i = o1i + s;
    float *restrict o3r = o2r + s, *restrict o3i = o2i + s;
    SP_IVDEP
    for (size_t q = 0; q < s; q++)
      butterfly(ar[q], ai[q], br[q], bi[q], cr[q], ci[q], dr[q], di[q], w1r, w1i, w2r, w2i, w3r,
                w3i, &o0r[q], &o0i[q], &o1r[q], &o1i[q], &o2r[q], &o2i[q], &o3r[q], &o3i[q]);
  }
}

/* The radix-2 stage: 2 points of stride s, no twiddles. */
SP_CLONES
static void stage2(size_t s, const float *restrict xr, const float *restrict xi, float *restrict yr,
                   float *restrict yi)
{
  for (size_t q = 0; q < s; q++) {
    const float ar = xr[q], ai = xi[q], br = xr[q + s], bi = xi[q + s];
    yr[q] = ar + br;
    yi[q] = ai + bi;
    yr[q + s] = ar - br;
    yi[q + s] = ai - bi;
  }
}

/* The m-point forward transform of (ar, ai), using (br, bi) as the other
 * buffer; returns which pair holds the result (0: a, 1: b). */
static int complex_fft(const sp_fft *f, float *ar, float *ai, float *br, float *bi)
{
  float *xr = ar, *xi = ai, *yr = br, *yi = bi;
  size_t s = 1, n = f->m;
  int where = 0;
  for (size_t t = 0; t < f->n_stages; t++) {
    if (s == 1)
      stage4_first(n / 4, f->tw[t], xr, xi, yr, yi);
    else
      stage4(n / 4, s, f->tw[t], xr, xi, yr, yi);
    float *tr = xr, *ti = xi;
    xr = yr, xi = yi, yr = tr, yi = ti;
    where ^= 1;
    n /= 4;
    s *= 4;
  }
  if (f->radix2) {
    stage2(s, xr, xi, yr, yi);
    where ^= 1;
  }
  return where;
}

/* ---- real transforms ----------------------------------------------------- */

SP_CLONES
static void deinterleave(const float *restrict x, float *restrict re, float *restrict im, size_t m)
{
  for (size_t k = 0; k < m; k++) {
    re[k] = x[2 * k];
    im[k] = x[2 * k + 1];
  }
}

/* X[k] = E[k] + W^k·O[k] from Z, for k = 1 .. m−1 (bins 0 and m apart). */
SP_CLONES
static void split_forward(const float *restrict zr, const float *restrict zi,
                          const float *restrict wr, const float *restrict wi, float *restrict re,
                          float *restrict im, size_t m)
{
  for (size_t k = 1; k < m; k++) {
    const float ar = zr[k], ai = zi[k], br = zr[m - k], bi = zi[m - k];
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai - bi);
    const float or_ = 0.5f * (ai + bi), oi = 0.5f * (br - ar);
    re[k] = er + (wr[k] * or_ - wi[k] * oi);
    im[k] = ei + (wr[k] * oi + wi[k] * or_);
  }
}

void sp_fft_forward(const sp_fft *f, const float *in, float *re, float *im, float *work)
{
  const size_t m = f->m;
  float *ar = work, *ai = work + m, *br = work + 2 * m, *bi = work + 3 * m;
  deinterleave(in, ar, ai, m);
  const bool in_b = complex_fft(f, ar, ai, br, bi);
  const float *zr = in_b ? br : ar, *zi = in_b ? bi : ai;
  split_forward(zr, zi, f->post_re, f->post_im, re, im, m);
  re[0] = zr[0] + zi[0];
  im[0] = 0.0f;
  re[m] = zr[0] - zi[0];
  im[m] = 0.0f;
}

/* conj(Z[k]) from the bins, Z[k] = E[k] + i·O[k], for k = 1 .. m−1. */
SP_CLONES
static void join_inverse(const float *restrict re, const float *restrict im,
                         const float *restrict wr, const float *restrict wi, float *restrict zr,
                         float *restrict zi, size_t m)
{
  for (size_t k = 1; k < m; k++) {
    const float xr = re[k], xi = im[k], yr = re[m - k], yi = im[m - k];
    const float sr = xr + yr, si = xi - yi, dr = xr - yr, di = xi + yi;
    const float c = wr[k], s = -wi[k]; /* conj(W^k) */
    const float or_ = dr * c - di * s, oi = dr * s + di * c;
    zr[k] = sr - oi;
    zi[k] = -(si + or_);
  }
}

SP_CLONES
static void interleave_conj(const float *restrict re, const float *restrict im, float *restrict x,
                            size_t m)
{
  for (size_t k = 0; k < m; k++) {
    x[2 * k] = re[k];
    x[2 * k + 1] = -im[k];
  }
}

void sp_fft_inverse(const sp_fft *f, const float *re, const float *im, float *out, float *work)
{
  const size_t m = f->m;
  float *ar = work, *ai = work + m, *br = work + 2 * m, *bi = work + 3 * m;
  join_inverse(re, im, f->post_re, f->post_im, ar, ai, m);
  ar[0] = re[0] + re[m];
  ai[0] = -(re[0] - re[m]);
  const bool in_b = complex_fft(f, ar, ai, br, bi);
  interleave_conj(in_b ? br : ar, in_b ? bi : ai, out, m);
}

/* ---- plans --------------------------------------------------------------- */

static sp_fft *plan_make(size_t n)
{
  sp_fft *f = sp_xcalloc(1, sizeof *f);
  f->n = n;
  f->m = n / 2;
  size_t len = f->m;
  while (len >= 4) {
    const size_t n1 = len / 4, t = f->n_stages++;
    float *w = f->tw[t] = sp_fft_alloc_real(6 * n1);
    for (size_t p = 0; p < n1; p++)
      for (size_t k = 1; k <= 3; k++) {
        double c, s;
        cis(k * p, len, &c, &s); /* W_len^(k·p), W = e^(−2πi/len) */
        w[(2 * k - 2) * n1 + p] = (float)c;
        w[(2 * k - 1) * n1 + p] = (float)-s;
      }
    len /= 4;
  }
  f->radix2 = len == 2;
  f->post_re = sp_fft_alloc_real(f->m + 1);
  f->post_im = sp_fft_alloc_real(f->m + 1);
  for (size_t k = 0; k <= f->m; k++) {
    double c, s;
    cis(k, n, &c, &s);
    f->post_re[k] = (float)c;
    f->post_im[k] = (float)-s;
  }
  return f;
}

/* Plans of up to KEEP_MAX points are made once a process and shared: a
 * plan is read only once made, and making one (its twiddles, by series)
 * cost a short file's null test as much as its transforms. Larger ones
 * (a long impulse response's) are made and freed by their user, so that
 * their memory goes when they do. Together the kept plans hold at most
 * about 2.5·KEEP_MAX floats. */
enum { KEEP_MAX = 1 << 16 };
static sp_fft *kept[64];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static sp_fft *plan_kept(size_t n)
{
  size_t lg = 0;
  while (((size_t)1 << lg) < n)
    lg++;
  pthread_mutex_lock(&kept_lock);
  if (!kept[lg]) {
    kept[lg] = plan_make(n);
    kept[lg]->shared = true;
  }
  sp_fft *f = kept[lg];
  pthread_mutex_unlock(&kept_lock);
  return f;
}

sp_fft *sp_fft_new(size_t n)
{
  if (n < 4 || (n & (n - 1)) != 0) {
    fprintf(stderr, "stemprint: fatal: an FFT of %zu points (a power of two from 4 is needed)\n",
            n);
    abort();
  }
  return n <= KEEP_MAX ? plan_kept(n) : plan_make(n);
}

static void plan_free(sp_fft *f)
{
  for (size_t t = 0; t < f->n_stages; t++)
    sp_fft_release(f->tw[t]);
  sp_fft_release(f->post_re);
  sp_fft_release(f->post_im);
  free(f);
}

void sp_fft_free(sp_fft *f)
{
  if (f && !f->shared)
    plan_free(f);
}

void sp_fft_forget_kept(void)
{
  pthread_mutex_lock(&kept_lock);
  for (size_t lg = 0; lg < sizeof kept / sizeof *kept; lg++) {
    if (kept[lg])
      plan_free(kept[lg]);
    kept[lg] = NULL;
  }
  pthread_mutex_unlock(&kept_lock);
}

size_t sp_fft_work_floats(const sp_fft *f) { return 4 * f->m; }

float *sp_fft_alloc_real(size_t n)
{
  size_t bytes = ((n ? n : 1) * sizeof(float) + 63) & ~(size_t)63;
  if (n > SIZE_MAX / sizeof(float) - 64) {
    fprintf(stderr, "stemprint: fatal: out of memory allocating %zu floats\n", n);
    abort();
  }
  void *p = aligned_alloc(64, bytes);
  if (!p) {
    fprintf(stderr, "stemprint: fatal: out of memory allocating %zu bytes\n", bytes);
    abort();
  }
  /* zeroed by writing, not calloc: a transform reads a fresh calloc page
   * before writing it, the read maps the kernel's shared zero page and the
   * write then copies it with a TLB flush of every thread (2.6 % of a small
   * session's time, at its start); written first, each page faults once */
  memset(p, 0, bytes);
  return p;
}

void sp_fft_release(void *p) { free(p); }
