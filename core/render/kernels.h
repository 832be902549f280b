/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_KERNELS_H
#define SP_RENDER_KERNELS_H

/* The loops over a block's samples the render's stages share (the lanes'
 * sums, gains and delays), compiled for each vector width
 * (core/dsp/simd.h): every sample's arithmetic is the same in each, so
 * the bits are. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The loops over a block's samples, compiled for each vector width (see
 * core/dsp/simd.h): every sample's arithmetic is the same, so the bits. */
void render_scale(float *x, float g, size_t n);
void render_add_scaled(float *restrict dst, const float *restrict src, float g, size_t n);
/* dst = 0 + g · src: zeroing dst and render_add_scaled in one pass. */
void render_set_scaled(float *restrict dst, const float *restrict src, float g, size_t n);
void render_add_mul(float *restrict dst, const float *restrict src, const float *restrict g,
                    size_t n);
/* acc[c] += coef[c] · sig delayed by the ring r, ring and sum in one pass:
 * the values of a copy through sp_ring_process and then render_add_scaled (a zero
 * gain adds nothing), without the copy. sig has r->channels channels, each
 * into its own of acc's with its own coef; a mono source feeds both of a
 * stereo acc's. */
void render_add_delayed(sp_ring *r, float *const *sig, float *const *acc, const float *coef,
                        size_t frames);
/* Σ of the lanes which[0..n_which) (slot sl, channel c), in that order,
 * in double, rounded once to float. */
void render_sum_lanes(float *restrict dst, const lane_state *lanes, const size_t *which,
                      size_t n_which, int sl, int c, double *restrict acc, size_t n);
/* Whether no sample is NaN or infinite: no exponent bits all set. */
bool render_all_finite(const float *x, size_t n);
/* Interleaved left-justified integers of `channels` back to planar float:
 * x·2^-31 is exact, and so is its rounding to float for 24 bits or fewer. */
void render_dequantize(const int32_t *restrict in, float *const *out, int channels, size_t frames);

#endif
