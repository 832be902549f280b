/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_NULLTEST_H
#define SP_NULLTEST_H

/* The null test: do the stems sum to the mix?
 *
 * Reads the files back (streaming), sums the stems in double, subtracts the
 * mix and measures the residual over all channels: its peak and its RMS in
 * dBFS (-inf for a perfect null). Files must agree in rate, channel count
 * and length. */

#include "core/diag.h"
#include "core/recipe.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sp_null_result {
  double residual_peak_dbfs;
  double residual_rms_dbfs;
  int64_t frames;
  int channels;
  double mix_peak_dbfs;
} sp_null_result;

/* On failure why names the file at fault and the problem (SP_ERR_IO for an
 * unreadable file, SP_ERR_USAGE for files that do not match). */
sp_err sp_null_files(const char *mix, const char *const *stems, size_t n_stems, sp_null_result *res,
                     char *why, size_t why_size);

/* max_residual: auto — the largest residual peak that output quantization
 * alone can produce: each of the n_stems + 1 files may be off by the
 * quantizer's largest error (dither included). For 32-bit float the stems
 * are exact and the mix is rounded once, so the bound is half an ulp of the
 * mix's peak; it is never set below -140 dBFS. */
double sp_null_auto_threshold_dbfs(sp_depth depth, bool dither, size_t n_stems,
                                   double mix_peak_dbfs);

#endif
