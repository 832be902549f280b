/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Null test over files: stream every file in blocks, residual = Σ stems − mix,
 * accumulate peak and sum of squares in double. */

#include "core/nulltest.h"

#include "core/alloc.h"
#include "core/dsp/quantize.h"
#include "core/units.h"
#include "io/audio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 4096 };

double sp_null_auto_threshold_dbfs(sp_depth depth, bool dither, size_t n_stems,
                                   double mix_peak_dbfs)
{
  if (depth == SP_DEPTH_32F) {
    double t = -140.0;
    if (mix_peak_dbfs > 0)
      t += mix_peak_dbfs;
    return t;
  }
  double err = sp_quantizer_max_error(depth, dither) * (double)(n_stems + 1);
  return sp_lin_to_db(err);
}

sp_err sp_null_files(const char *mix, const char *const *stems, size_t n_stems, sp_null_result *res,
                     char *why, size_t why_size)
{
  size_t n = n_stems + 1;
  sp_audio_reader **r = sp_xcalloc(n, sizeof *r);
  sp_audio_info *info = sp_xcalloc(n, sizeof *info);
  double *buf = NULL, *acc = NULL;
  sp_err err = SP_OK;
  for (size_t i = 0; i < n && err == SP_OK; i++) {
    const char *path = i == 0 ? mix : stems[i - 1];
    char reason[256];
    err = sp_audio_open(path, &r[i], &info[i], reason, sizeof reason);
    if (err != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", path, reason);
      break;
    }
    if (i > 0 && (info[i].sample_rate != info[0].sample_rate ||
                  info[i].channels != info[0].channels || info[i].frames != info[0].frames)) {
      snprintf(why, why_size,
               "'%s' (%d Hz, %d ch, %lld frames) does not match the mix '%s' "
               "(%d Hz, %d ch, %lld frames)",
               path, info[i].sample_rate, info[i].channels, (long long)info[i].frames, mix,
               info[0].sample_rate, info[0].channels, (long long)info[0].frames);
      err = SP_ERR_USAGE;
    }
  }
  if (err == SP_OK) {
    size_t ch = (size_t)info[0].channels;
    buf = sp_xcalloc(BLOCK * ch, sizeof *buf);
    acc = sp_xcalloc(BLOCK * ch, sizeof *acc);
    double peak = 0, sumsq = 0, mix_peak = 0;
    int64_t total = 0;
    for (;;) {
      int64_t got = sp_audio_read_double(r[0], acc, BLOCK);
      if (got < 0) {
        snprintf(why, why_size, "cannot read '%s'", mix);
        err = SP_ERR_IO;
        break;
      }
      if (got == 0)
        break;
      size_t m = (size_t)got * ch;
      for (size_t k = 0; k < m; k++) {
        if (fabs(acc[k]) > mix_peak)
          mix_peak = fabs(acc[k]);
        acc[k] = -acc[k];
      }
      for (size_t i = 1; i < n && err == SP_OK; i++) {
        if (sp_audio_read_double(r[i], buf, got) != got) {
          snprintf(why, why_size, "cannot read '%s'", stems[i - 1]);
          err = SP_ERR_IO;
        }
        for (size_t k = 0; k < m; k++)
          acc[k] += buf[k];
      }
      if (err != SP_OK)
        break;
      for (size_t k = 0; k < m; k++) {
        double a = fabs(acc[k]);
        if (a > peak)
          peak = a;
        sumsq += acc[k] * acc[k];
      }
      total += got;
    }
    res->frames = total;
    res->channels = (int)ch;
    res->residual_peak_dbfs = sp_lin_to_db(peak);
    res->residual_rms_dbfs =
        total ? sp_lin_to_db(sqrt(sumsq / ((double)total * (double)ch))) : -INFINITY;
    res->mix_peak_dbfs = sp_lin_to_db(mix_peak);
  }
  for (size_t i = 0; i < n; i++)
    sp_audio_close(r[i]);
  free(r);
  free(info);
  free(buf);
  free(acc);
  return err;
}
