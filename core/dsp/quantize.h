/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_QUANTIZE_H
#define SP_QUANTIZE_H

/* Float → integer PCM with optional TPDF dither.
 *
 * The dither is deterministic: a quantizer seeded with the same value turns
 * the same samples into the same bits, whatever block sizes it is fed in.
 * TPDF dither is the sum of two independent uniform values of ±½ LSB each
 * (triangular, ±1 LSB peak), added before rounding to the nearest step, so
 * the error of one sample is below 1.5 LSB (0.5 LSB without dither). Values
 * beyond full scale are clamped; samples that end at full scale (the top
 * or the bottom code, clamped or not) are counted as clipped.
 *
 * Two peaks are kept, for two questions: peak_code is what the file holds
 * (its sample peak, dither and clamping included: what any meter reading
 * it back finds), input_peak_lin where the samples would have gone before
 * quantization (above 1: by how much clamping cut them). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_quantizer {
  int bits; /* 16 or 24 */
  bool dither;
  uint64_t seed; /* the sequence's start: draw j's state is seed + (j + 1)·γ */
  uint64_t rng;
  int64_t clipped;       /* samples at full scale so far (the top or bottom code) */
  int32_t peak_code;     /* largest |code| written so far; the file's sample peak is
                            peak_code / 2^(bits-1) (sp_quantizer_peak_lin) */
  double input_peak_lin; /* largest |input| so far, before dither and clamping */
} sp_quantizer;

/* bits 16 or 24; seed picks the dither sequence. */
void sp_quantizer_init(sp_quantizer *q, int bits, bool dither, uint64_t seed);

/* Quantize frames of the planar channels ch[0..nch) into interleaved int32
 * samples, left-justified (the sample's bits are the top bits), as
 * libsndfile's sf_writef_int expects. */
void sp_quantize(sp_quantizer *q, const float *const *ch, int nch, size_t frames, int32_t *out);

/* What quantizing some samples found, for sp_quant_tally_add: the
 * samples at full scale, the largest |code| and the largest |input|. */
typedef struct sp_quant_tally {
  int64_t clipped;
  int32_t peak_code;
  double input_peak_lin;
} sp_quant_tally;

/* As sp_quantize, the samples `at` on of q's file (at: how many samples,
 * frames × channels, come before them): what it found goes into *t, for
 * sp_quant_tally_add. The generator is a counter (draw j's value is a
 * function of the seed and j alone), so blocks of a file quantized this
 * way, in any order or side by side, get the bits that sp_quantize gives
 * them one after another. It reads q's bits, dither and seed alone (set
 * by sp_quantizer_init, never changed after) and writes nothing of q: the
 * threads quantizing blocks of one file share q, and what they found is
 * added up apart from it (a render's writer: core/render/outputs.c). */
void sp_quantize_at(const sp_quantizer *q, uint64_t at, const float *const *ch, int nch,
                    size_t frames, int32_t *out, sp_quant_tally *t);

/* Add t (sp_quantize_at's) into sum: the clip counts add, each peak is
 * the larger. */
void sp_quant_tally_add(sp_quant_tally *sum, const sp_quant_tally *t);

/* The sample peak of the codes a tally found at bits (16 or 24), in units
 * of full scale: peak_code / 2^(bits-1). */
double sp_quant_tally_peak_lin(const sp_quant_tally *t, int bits);

/* The sample peak of what q has written, in units of full scale: the
 * largest |code| / 2^(bits-1) (0 for nothing or digital silence). */
double sp_quantizer_peak_lin(const sp_quantizer *q);

/* Largest error of one quantized sample at bits 16 or 24, in units of full
 * scale (other bits: float, 0). */
double sp_quantizer_max_error(int bits, bool dither);

/* A 64-bit FNV-1a hash of s (dither seeds, hash tables). */
uint64_t sp_hash_string(const char *s);

#endif
