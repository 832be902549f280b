/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SETCHECK_H
#define SP_SETCHECK_H

/* A file of output.also held against the master file it is made from,
 * channel by channel, as decoded: the check that every set a render
 * writes carries its master (io/outdir/derive.c decodes the file, reads
 * the master again at the set's rate and layout, and feeds both here).
 * A channel written into another's place, coded as an LFE, dropped,
 * inverted or late fails it.
 *
 *   lossless  every sample within the set's quantization of the master's
 *             (clamped to the codes first): 0 for a copy or a 32-bit float
 *             set (bit for bit), 0.5 LSB without dither, 1.5 LSB with TPDF
 *   lossy     below 1 kHz (the LFE below 120 Hz), where MP3 and Opus keep
 *             the waveform at every bitrate stemprint takes (4th-order
 *             Butterworth low-passes on both, in double): each channel's
 *             level within max_level_db of its master's and their
 *             correlation at least min_correlation; a channel its master
 *             holds nothing in there (below -90 dBFS), or next to nothing
 *             (60 dB and more under its own level: a hi-hat's faint low
 *             end, which a codec may drop), must stay below
 *             max_silent_dbfs. The bounds are by bitrate a channel
 *             (sp_setcheck_lossy_bounds), measured (docs/recipe.md).
 *
 * Both: as many channels, and as many frames (lossy: within
 * frames_slack, the rounding of an Opus stream's length at 8 to 24 kHz).
 * Memory: a few doubles a channel; nothing grows with the file. */

#include "core/base/diag.h"
#include "core/base/layout.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_setcheck_bounds {
  bool lossy;
  /* lossless: the largest |decoded − reference| of a sample, in units of
   * full scale (0: bit for bit), after the reference is clamped to
   * [clamp_lo, clamp_hi] (the codes of the set's depth; ±inf for float) */
  double max_error_lin, clamp_lo, clamp_hi;
  int bits; /* lossless: the set's bits (16, 24; 32 for float), for messages */
  /* lossy: in the band, as above */
  double max_level_db, min_correlation, max_silent_dbfs;
  int kbps_per_channel; /* lossy: for messages */
  int64_t frames_slack; /* lossy: frames the decoded length may differ by */
} sp_setcheck_bounds;

/* The bounds of a lossless set of bits (16, 24, or 32 for float): exact
 * (a copy: bit for bit), else its quantizer's largest error with or
 * without dither (core/dsp/quantize.h). */
void sp_setcheck_lossless_bounds(int bits, bool dither, bool exact, sp_setcheck_bounds *b);
/* The bounds of an MP3 or Opus file of kbps over channels (measured on
 * music, noise, hi-hats and sines, docs/recipe.md's output.also):
 *   at least 24 kbps a channel   level within 3 dB, correlation ≥ 0.8,
 *                                a silent channel below -60 dBFS
 *   less                         level within 10 dB, correlation ≥ 0.25
 *                                (a low bitrate folds stereo to mono) */
void sp_setcheck_lossy_bounds(int kbps, int channels, sp_setcheck_bounds *b);

typedef struct sp_setcheck sp_setcheck;

/* A check of a file of layout's channels (names for messages; the LFE's
 * band is its own) at rate_hz against bounds b (copied). Aborts when out
 * of memory; never fails. */
sp_setcheck *sp_setcheck_new(const sp_layout *layout, double rate_hz, const sp_setcheck_bounds *b);
/* frames of the reference (the master at the set's rate and layout, as
 * the set was made from it) and of the decoded file, planar, a channel
 * each; blocks of any size, the same figures. */
void sp_setcheck_add(sp_setcheck *s, const float *const *ref, const float *const *dec,
                     size_t frames);
/* The verdict, given the frames and channels the two hold: SP_OK, or
 * SP_ERR_RENDER with why naming the first channel out of bounds, its
 * figure and the bound (and how many more channels are). */
sp_err sp_setcheck_result(const sp_setcheck *s, int ref_channels, int64_t ref_frames,
                          int dec_channels, int64_t dec_frames, char *why, size_t why_size);
/* The worst figures over the channels its master has something in (lossy:
 * the largest |level difference| and the smallest correlation; lossless:
 * the largest error, in LSB of bits, 0 for bit for bit), for reports and
 * tests. */
void sp_setcheck_worst(const sp_setcheck *s, double *level_db, double *correlation,
                       double *error_lsb);
/* Free; accepts NULL. */
void sp_setcheck_free(sp_setcheck *s);

#endif
