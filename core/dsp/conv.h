/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CONV_H
#define SP_CONV_H

/* Uniformly partitioned FFT convolution (overlap-save, a frequency-domain
 * delay line of input spectra), one channel.
 *
 * The impulse response is cut into partitions of `block` frames, each
 * transformed once (sp_conv_ir, shareable by several engines). An engine
 * collects `block` input frames, transforms them once, multiplies the last
 * n input spectra with the n partition spectra and transforms back: cost
 * per frame O(log block + n), latency exactly 2·`block` frames, whatever
 * sizes process() is called with. A block's work is done in three stages
 * during the next block (see conv.c), so no call carries all of it. */

#include <stddef.h>

typedef struct sp_conv_ir sp_conv_ir;
typedef struct sp_conv sp_conv;

/* Transform ir (frames long) in partitions of block frames (a power of two). */
sp_conv_ir *sp_conv_ir_new(const float *ir, size_t frames, size_t block);
void sp_conv_ir_free(sp_conv_ir *h);

/* An engine convolving with h (which must outlive it). */
sp_conv *sp_conv_new(const sp_conv_ir *h);
void sp_conv_free(sp_conv *c);
void sp_conv_reset(sp_conv *c);
/* In place: x[i] becomes (input ∗ ir) delayed by 2·block frames. */
void sp_conv_process(sp_conv *c, float *x, size_t frames);

#endif
