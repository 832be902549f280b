/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FFT_H
#define SP_FFT_H

/* Real FFTs: the only module that includes <fftw3.h>.
 *
 * Plans are made once, with FFTW_ESTIMATE: FFTW_MEASURE picks algorithms by
 * timing them, which could make two renders of the same recipe differ in
 * their last bits. Planning is serialised (FFTW's planner is not
 * thread-safe); executing is not. Buffers come from sp_fft_alloc so they
 * share the alignment the plans were made for. */

#include <stddef.h>

typedef struct sp_fft sp_fft;

/* A complex number as FFTW lays it out. */
typedef struct sp_cpx {
  float re, im;
} sp_cpx;

/* Plans for an n-point real transform (n even). */
sp_fft *sp_fft_new(size_t n);
void sp_fft_free(sp_fft *f);
/* in: n reals → out: n/2 + 1 complex. */
void sp_fft_forward(sp_fft *f, float *in, sp_cpx *out);
/* in: n/2 + 1 complex → out: n reals, scaled by n (not normalised). */
void sp_fft_inverse(sp_fft *f, sp_cpx *in, float *out);

/* Aligned, zeroed buffers of n elements; free with sp_fft_release. */
float *sp_fft_alloc_real(size_t n);
sp_cpx *sp_fft_alloc_cpx(size_t n);
void sp_fft_release(void *p);

#endif
