/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FFTW3 (single precision) behind sp_fft. */

#include "core/dsp/fft.h"

#include "core/alloc.h"

#include <fftw3.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sp_fft {
  size_t n;
  fftwf_plan fwd, inv;
};

static pthread_mutex_t planner = PTHREAD_MUTEX_INITIALIZER;

static void *aligned(size_t bytes)
{
  void *p = fftwf_malloc(bytes ? bytes : 1);
  if (!p) {
    fprintf(stderr, "stemprint: fatal: out of memory allocating %zu bytes\n", bytes);
    abort();
  }
  memset(p, 0, bytes);
  return p;
}

float *sp_fft_alloc_real(size_t n) { return aligned(n * sizeof(float)); }

sp_cpx *sp_fft_alloc_cpx(size_t n) { return aligned(n * sizeof(sp_cpx)); }

void sp_fft_release(void *p) { fftwf_free(p); }

sp_fft *sp_fft_new(size_t n)
{
  sp_fft *f = sp_xcalloc(1, sizeof *f);
  f->n = n;
  float *r = sp_fft_alloc_real(n);
  sp_cpx *c = sp_fft_alloc_cpx(n / 2 + 1);
  pthread_mutex_lock(&planner);
  f->fwd = fftwf_plan_dft_r2c_1d((int)n, r, (fftwf_complex *)c, FFTW_ESTIMATE);
  f->inv = fftwf_plan_dft_c2r_1d((int)n, (fftwf_complex *)c, r, FFTW_ESTIMATE);
  pthread_mutex_unlock(&planner);
  sp_fft_release(r);
  sp_fft_release(c);
  if (!f->fwd || !f->inv) {
    fprintf(stderr, "stemprint: fatal: FFTW could not plan a %zu-point transform\n", n);
    abort();
  }
  return f;
}

void sp_fft_free(sp_fft *f)
{
  if (!f)
    return;
  pthread_mutex_lock(&planner);
  fftwf_destroy_plan(f->fwd);
  fftwf_destroy_plan(f->inv);
  pthread_mutex_unlock(&planner);
  free(f);
}

void sp_fft_forward(sp_fft *f, float *in, sp_cpx *out)
{
  fftwf_execute_dft_r2c(f->fwd, in, (fftwf_complex *)out);
}

void sp_fft_inverse(sp_fft *f, sp_cpx *in, float *out)
{
  /* c2r destroys its input; callers pass scratch. */
  fftwf_execute_dft_c2r(f->inv, (fftwf_complex *)in, out);
}
