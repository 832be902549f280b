/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_XCORR_H
#define SP_XCORR_H

/* Streaming cross-correlation of two equally long signals over the lags
 * −L .. +L:
 *
 *   R(τ) = Σ_t a(t)·b(t + τ)        (b is a shifted by τ when R peaks at τ)
 *
 * Fed in blocks of any size (the result does not depend on them), with
 * memory fixed by L (and the length, when short): FFT blocks of N ≥ 4L
 * points (a power of two), so
 * a whole programme costs about 3 FFTs of N per N − 2L frames. R is
 * accumulated in double; its float FFT precision (about 1e-6 of the peak)
 * is ample to find the best lag. The energies Σa² and Σb² and the exact
 * R(0) are accumulated in double in the time domain. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_xcorr sp_xcorr;

/* A correlator over lags −max_lag .. +max_lag frames, for signals of
 * `frames` frames when known (0: not known). Blocks are at least 4096
 * points, fewer when the whole signal fits in fewer: a signal of a few
 * hundred frames is correlated in one small FFT. max_lag 0: no search, only
 * the energies and R(0) (no FFT, no buffers), and the lag is 0. */
sp_xcorr *sp_xcorr_new(size_t max_lag, int64_t frames);
void sp_xcorr_free(sp_xcorr *x);
/* Append frames of both signals. */
void sp_xcorr_push(sp_xcorr *x, const float *a, const float *b, size_t frames);
/* Every frame has been pushed: finish the sums (call once). */
void sp_xcorr_finish(sp_xcorr *x);

typedef struct sp_xcorr_result {
  int64_t lag;     /* the τ of the largest |R(τ)|; ties: the smallest |τ| */
  double r_best;   /* R at that lag (negative: b is a inverted) */
  double r_zero;   /* R(0), exact */
  double energy_a; /* Σ a² */
  double energy_b; /* Σ b² */
  /* R at lag − 1 and lag + 1 (NAN: outside the search, or none made):
   * where a peak between two lags lies (a fraction of a frame) */
  double r_before, r_after;
} sp_xcorr_result;

/* After sp_xcorr_finish. */
void sp_xcorr_result_get(const sp_xcorr *x, sp_xcorr_result *out);

/* Whether the search must find lag 0, known from the sums alone (a
 * correlator without a range gives them): no |R(τ)| exceeds √(Σa²·Σb²)
 * (Cauchy–Schwarz), and R(0)² ≥ (1 − 10⁻⁷)·Σa²·Σb² puts that bound within
 * 5·10⁻⁸ of |R(0)|, where a lag must beat R(0) by 10⁻⁶ of it to win: the
 * search's float FFT (about 10⁻⁷ of the peak) reads lag 0 and R(0)'s exact
 * value as its result. True for two signals that null, or nearly (a printed
 * mix and the sum of its 24-bit stems: 1 − R(0)²/(Σa²·Σb²) ≈ 10⁻¹¹), and
 * when either is silent; the result is then {0, R(0), R(0), Σa², Σb²}. */
bool sp_xcorr_zero_is_best(const sp_xcorr_result *r);

#endif
