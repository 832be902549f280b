/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FFT (core/dsp/fft.h): known answers (an impulse, a cosine on a bin,
 * Parseval), FFTW as the independent reference at every size the
 * convolver uses (relative error of the spectrum within 4·10^-7), the
 * inverse giving n times the signal back, the inverse leaving its input
 * alone, one plan shared by threads, and the exact bits of a fixed input
 * at several sizes: the bits are the promise (the same on every CPU), so
 * a change to the arithmetic must show up here, on purpose. */

#include "core/base/alloc.h"
#include "core/dsp/fft.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

TestSuite(fft, .timeout = TU_TIMEOUT(60));

static void noise(float *x, size_t n, uint32_t seed)
{
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(int32_t)seed / 2147483648.0f;
  }
}

typedef struct buffers {
  sp_fft *f;
  float *x, *y, *re, *im, *work;
} buffers;

static buffers make(size_t n)
{
  buffers b = {.f = sp_fft_new(n)};
  b.x = sp_fft_alloc_real(n);
  b.y = sp_fft_alloc_real(n);
  b.re = sp_fft_alloc_real(n / 2 + 1);
  b.im = sp_fft_alloc_real(n / 2 + 1);
  b.work = sp_fft_alloc_real(sp_fft_work_floats(b.f));
  return b;
}

static void unmake(buffers *b)
{
  sp_fft_free(b->f);
  sp_fft_release(b->x);
  sp_fft_release(b->y);
  sp_fft_release(b->re);
  sp_fft_release(b->im);
  sp_fft_release(b->work);
}

Test(fft, an_impulse_is_flat_and_a_cosine_is_one_bin)
{
  for (size_t n = 4; n <= 4096; n *= 2) {
    buffers b = make(n);
    b.x[0] = 1.0f;
    sp_fft_forward(b.f, b.x, b.re, b.im, b.work);
    for (size_t k = 0; k <= n / 2; k++) {
      cr_assert_eq(b.re[k], 1.0f, "n %zu bin %zu", n, k);
      cr_assert_eq(b.im[k], 0.0f, "n %zu bin %zu", n, k);
    }
    const size_t bin = n / 4 + (n > 8);
    for (size_t i = 0; i < n; i++)
      b.x[i] = (float)cos(2 * M_PI * (double)(bin * i) / (double)n);
    sp_fft_forward(b.f, b.x, b.re, b.im, b.work);
    for (size_t k = 0; k <= n / 2; k++) {
      double mag = hypot(b.re[k], b.im[k]);
      if (k == bin)
        cr_assert_float_eq(mag, n / 2.0, 1e-5 * (double)n, "n %zu", n);
      else
        cr_assert_lt(mag, 1e-5 * (double)n, "n %zu bin %zu: %g", n, k, mag);
    }
    unmake(&b);
  }
}

Test(fft, matches_fftw_and_inverts_at_every_size)
{
  for (size_t n = 4; n <= 131072; n *= 2) {
    buffers b = make(n);
    noise(b.x, n, (uint32_t)n);
    float *in = fftwf_malloc(n * sizeof(float));
    fftwf_complex *out = fftwf_malloc((n / 2 + 1) * sizeof(fftwf_complex));
    fftwf_plan p = fftwf_plan_dft_r2c_1d((int)n, in, out, FFTW_ESTIMATE);
    memcpy(in, b.x, n * sizeof(float));
    fftwf_execute(p);
    sp_fft_forward(b.f, b.x, b.re, b.im, b.work);
    double err = 0, norm = 0, energy = 0, spectrum = 0;
    for (size_t k = 0; k <= n / 2; k++) {
      err += pow(b.re[k] - out[k][0], 2) + pow(b.im[k] - out[k][1], 2);
      norm += pow(out[k][0], 2) + pow(out[k][1], 2);
      double w = k == 0 || k == n / 2 ? 1.0 : 2.0;
      spectrum += w * (pow(b.re[k], 2) + pow(b.im[k], 2));
    }
    for (size_t i = 0; i < n; i++)
      energy += (double)b.x[i] * b.x[i];
    cr_assert_lt(sqrt(err / norm), 4e-7, "n %zu: %g against FFTW", n, sqrt(err / norm));
    cr_assert_float_eq(spectrum / (double)n, energy, 1e-5 * energy, "n %zu: Parseval", n);
    float *re = sp_xcalloc(n / 2 + 1, sizeof *re), *im = sp_xcalloc(n / 2 + 1, sizeof *im);
    memcpy(re, b.re, (n / 2 + 1) * sizeof *re);
    memcpy(im, b.im, (n / 2 + 1) * sizeof *im);
    sp_fft_inverse(b.f, b.re, b.im, b.y, b.work);
    cr_assert_eq(memcmp(re, b.re, (n / 2 + 1) * sizeof *re), 0, "the inverse changed its input");
    cr_assert_eq(memcmp(im, b.im, (n / 2 + 1) * sizeof *im), 0, "the inverse changed its input");
    double worst = 0;
    for (size_t i = 0; i < n; i++)
      worst = fmax(worst, fabs(b.y[i] / (double)n - b.x[i]));
    cr_assert_lt(worst, 1e-6, "n %zu: round trip off by %g", n, worst);
    free(re);
    free(im);
    fftwf_destroy_plan(p);
    fftwf_free(in);
    fftwf_free(out);
    unmake(&b);
  }
}

/* FNV-1a of the forward and inverse transforms' bytes. */
static uint64_t bits_of(size_t n)
{
  buffers b = make(n);
  noise(b.x, n, 7);
  sp_fft_forward(b.f, b.x, b.re, b.im, b.work);
  sp_fft_inverse(b.f, b.re, b.im, b.y, b.work);
  uint64_t h = 1469598103934665603ull;
  const unsigned char *parts[] = {(const void *)b.re, (const void *)b.im, (const void *)b.y};
  const size_t sizes[] = {(n / 2 + 1) * 4, (n / 2 + 1) * 4, n * 4};
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < sizes[k]; i++) {
      h ^= parts[k][i];
      h *= 1099511628211ull;
    }
  unmake(&b);
  return h;
}

Test(fft, the_bits_are_the_bits)
{
  /* Recorded from this implementation; the same on x86-64 AVX-512, AVX2
   * and baseline (qemu-x86_64 -cpu qemu64), any build type. */
  static const struct {
    size_t n;
    uint64_t bits;
  } want[] = {
      {8, 0x08bbaa88c80ebc4bull},     {128, 0x3d03d8b2a9e23b06ull},
      {1024, 0x5cd1bdd2ca09efdfull},  {8192, 0x03ec01bca8bc1a19ull},
      {32768, 0xd855666d7ad48c48ull}, {131072, 0x7771e2c61fa0596dull},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    uint64_t got = bits_of(want[i].n);
    cr_expect_eq(got, want[i].bits, "n %zu: bits 0x%016llxull", want[i].n, (unsigned long long)got);
  }
}

typedef struct shared {
  const sp_fft *f;
  size_t n;
  uint32_t seed;
  bool same;
} shared;

static void *transform_often(void *arg)
{
  shared *s = arg;
  float *x = sp_fft_alloc_real(s->n), *re = sp_fft_alloc_real(s->n / 2 + 1),
        *im = sp_fft_alloc_real(s->n / 2 + 1), *re1 = sp_fft_alloc_real(s->n / 2 + 1),
        *work = sp_fft_alloc_real(sp_fft_work_floats(s->f));
  noise(x, s->n, s->seed);
  sp_fft_forward(s->f, x, re1, im, work);
  s->same = true;
  for (int k = 0; k < 200; k++) {
    sp_fft_forward(s->f, x, re, im, work);
    s->same &= memcmp(re, re1, (s->n / 2 + 1) * sizeof(float)) == 0;
  }
  sp_fft_release(x);
  sp_fft_release(re);
  sp_fft_release(im);
  sp_fft_release(re1);
  sp_fft_release(work);
  return NULL;
}

Test(fft, one_plan_serves_threads_at_once)
{
  sp_fft *f = sp_fft_new(4096);
  shared s[4];
  pthread_t t[4];
  for (int k = 0; k < 4; k++) {
    s[k] = (shared){f, 4096, (uint32_t)k + 1, false};
    pthread_create(&t[k], NULL, transform_often, &s[k]);
  }
  for (int k = 0; k < 4; k++) {
    pthread_join(t[k], NULL);
    cr_assert(s[k].same, "thread %d saw a result change", k);
  }
  sp_fft_free(f);
}

/* Plans of up to 65536 points are made once a process and shared (a short
 * file's null test spent as much making its plans as using them); freeing
 * one leaves it usable by its other holders; larger ones are the caller's. */
Test(fft, small_plans_are_shared_and_outlive_a_free)
{
  sp_fft *a = sp_fft_new(1024), *b = sp_fft_new(1024);
  cr_assert_eq(a, b, "a plan of 1024 points is made once");
  sp_fft_free(a);
  float *x = sp_fft_alloc_real(1024), *re = sp_fft_alloc_real(513), *im = sp_fft_alloc_real(513),
        *w = sp_fft_alloc_real(sp_fft_work_floats(b));
  x[0] = 1.0f;
  sp_fft_forward(b, x, re, im, w);
  for (size_t k = 0; k <= 512; k++)
    cr_assert(re[k] == 1.0f && im[k] == 0.0f, "bin %zu of an impulse: %g %g", k, re[k], im[k]);
  sp_fft_free(b);
  sp_fft *c = sp_fft_new(1 << 17), *d = sp_fft_new(1 << 17);
  cr_assert_neq(c, d, "a plan of 2^17 points is its caller's own");
  sp_fft_free(c);
  sp_fft_free(d);
  sp_fft_release(x);
  sp_fft_release(re);
  sp_fft_release(im);
  sp_fft_release(w);
}
