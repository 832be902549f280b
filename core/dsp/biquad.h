/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_BIQUAD_H
#define SP_BIQUAD_H

/* Second-order IIR sections designed with the RBJ Audio EQ Cookbook
 * (Robert Bristow-Johnson), run in transposed direct form II with double
 * state. Coefficients are normalised by a0. */

#include <stddef.h>

typedef enum sp_biquad_type {
  SP_BQ_PEAK,
  SP_BQ_LOWSHELF,
  SP_BQ_HIGHSHELF,
  SP_BQ_HIGHPASS,
  SP_BQ_LOWPASS,
  SP_BQ_NOTCH,
  SP_BQ_BANDPASS, /* constant 0 dB peak gain */
} sp_biquad_type;

typedef struct sp_biquad {
  double b0, b1, b2, a1, a2;
} sp_biquad;

typedef struct sp_biquad_state {
  double s1, s2;
} sp_biquad_state;

/* Design a section: f0_hz below Nyquist, q > 0, gain_db for peak and
 * shelves (ignored by the others). */
void sp_biquad_design(sp_biquad *bq, sp_biquad_type type, double f0_hz, double q, double gain_db,
                      double rate_hz);

/* Filter x in place. */
void sp_biquad_process(const sp_biquad *bq, sp_biquad_state *st, float *x, size_t frames);

/* Filter two channels in place with the same sections (n of them, in
 * cascade), each channel with its own states st0[k], st1[k]: the two
 * recursions run side by side, twice the work per cycle of one. The result
 * is bit for bit that of sp_biquad_process on each channel and section. */
void sp_biquad_process_stereo(const sp_biquad *bq, size_t n, sp_biquad_state *st0,
                              sp_biquad_state *st1, float *x0, float *x1, size_t frames);

/* Filter n_streams signals in place with the same sections (n of them, in
 * cascade), stream s with its own states st[s][0 .. n): up to eight
 * recursions side by side (a bus's stems through its EQ in one pass). Bit
 * for bit sp_biquad_process on each stream and section. */
void sp_biquad_process_many(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                            float *const *x, size_t n_streams, size_t frames);

/* The same with groups of at most `widest` streams (8, 4 or 2) where
 * sp_biquad_process_many picks the width for the CPU: the widths a test
 * must see give the same bits on a CPU that would not pick them. */
void sp_biquad_process_many_in(const sp_biquad *bq, size_t n, sp_biquad_state *const *st,
                               float *const *x, size_t n_streams, size_t frames, size_t widest);

#endif
