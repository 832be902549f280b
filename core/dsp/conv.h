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
#include <stdint.h>

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

/* The same convolution in three steps, so that most of its work runs
 * blocks side by side (a renderer's pipeline stages): feed takes the input
 * in order and transforms each completed partition into a ring of spectra
 * (the only state carried from block to block); work, for the frames
 * [at, at + frames) once fed, does the products and the inverse transform
 * of each partition completed in them, into a ring of outputs, touching no
 * state of the other blocks (blocks in any order, on any threads); take
 * hands out, in order, the output of those frames. The feed of a block may
 * run at most ahead_frames ahead of the oldest work or take not yet done;
 * the rings hold that much more. Bit for bit sp_conv_process. */
typedef struct sp_conv_split sp_conv_split;
sp_conv_split *sp_conv_split_new(const sp_conv_ir *h, size_t ahead_frames);
void sp_conv_split_free(sp_conv_split *c);
void sp_conv_split_reset(sp_conv_split *c);
void sp_conv_feed(sp_conv_split *c, const float *x, size_t frames);
void sp_conv_work(sp_conv_split *c, int64_t at, size_t frames);
void sp_conv_take(const sp_conv_split *c, float *x, int64_t at, size_t frames);

#endif
