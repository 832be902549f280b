/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FFT_H
#define SP_FFT_H

/* Real FFTs of power-of-two lengths, with the same bits on every CPU.
 *
 * A reverb's print must be the same file on an AVX-512 server, an older
 * laptop and a baseline x86-64 VM. FFTW cannot promise that: it picks its
 * SIMD codelets by what the CPU has (SSE2, AVX, AVX2...), and different
 * codelets round differently (1 LSB of a 24-bit print). Its scalar codelets
 * are the same everywhere but 2 to 4 times slower. So the transforms are
 * ours: a radix-4 Stockham FFT on split real/imaginary arrays, whose loops
 * the compiler vectorizes for each CPU level (SP_CLONES) with the very
 * operations of the scalar loop, lane by lane (no fused multiply-add, no
 * reordering), and twiddles computed from integers with + and × only, not
 * libm. FFTW stays the tests' reference.
 *
 * Forward: n reals → n/2 + 1 bins, unnormalised (FFTW's r2c). Inverse:
 * n/2 + 1 bins → n reals, scaled by n (FFTW's c2r). A plan is immutable
 * once made: one plan serves any number of threads at once, each with its
 * own work buffer. */

#include <stddef.h>

typedef struct sp_fft sp_fft;

/* A plan for n-point transforms: n a power of two, at least 4. Plans of
 * up to 65536 points are made once a process and shared (sp_fft_free
 * leaves them); free every plan all the same. */
sp_fft *sp_fft_new(size_t n);
void sp_fft_free(sp_fft *f);
/* Free the shared plans, when no one holds one: what a process's exit
 * would do, for a process that goes on (the tests' commands). */
void sp_fft_forget_kept(void);

/* Floats of work buffer a transform of f needs (from sp_fft_alloc_real). */
size_t sp_fft_work_floats(const sp_fft *f);

/* in: n reals → re, im: n/2 + 1 bins each. in is not changed. */
void sp_fft_forward(const sp_fft *f, const float *in, float *re, float *im, float *work);
/* re, im: n/2 + 1 bins → out: n reals, n times the signal. re and im are
 * not changed (the imaginary parts of bins 0 and n/2 are ignored). */
void sp_fft_inverse(const sp_fft *f, const float *re, const float *im, float *out, float *work);

/* 64-byte aligned, zeroed buffers of n floats; free with sp_fft_release. */
float *sp_fft_alloc_real(size_t n);
void sp_fft_release(void *p);

#endif
