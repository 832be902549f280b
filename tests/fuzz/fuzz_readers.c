/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: what `loudness` and `null` do with a file they were given:
 * the BS.1770 meter over every channel it can weigh, and the null test of
 * the file against itself as two stems (residual, lag search, findings).
 * Files longer than ten seconds are left out, so that the fuzzer keeps
 * its pace. */

#include "core/measure/meter.h"
#include "core/measure/nulltest.h"
#include "tests/fuzz/fuzz_common.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/report/null_words.h"

#include <math.h>
#include <stdlib.h>

enum { BLOCK = 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = fz_file("input", data, size);
  sp_reader *r;
  sp_audio_info info;
  char why[768];
  if (sp_audio_open(path, &r, &info, why, sizeof why) != SP_OK)
    return 0;
  if (info.channels > SP_METER_MAX_CHANNELS || (double)info.frames > 10.0 * info.sample_rate) {
    r->ops->close(r);
    return 0;
  }
  sp_meter *m = NULL;
  const int bits = info.is_float ? 0 : info.bits;
  if (sp_meter_new(info.channels, info.sample_rate, bits, &m) == SP_OK) {
    static float buf[BLOCK * SP_METER_MAX_CHANNELS], planes[SP_METER_MAX_CHANNELS][BLOCK];
    const float *pl[SP_METER_MAX_CHANNELS];
    for (int c = 0; c < info.channels; c++)
      pl[c] = planes[c];
    int64_t got;
    while ((got = r->ops->read_float(r, buf, BLOCK)) > 0) {
      for (int c = 0; c < info.channels; c++)
        for (int64_t i = 0; i < got; i++)
          planes[c][i] = buf[i * info.channels + c];
      sp_meter_add(m, pl, (size_t)got);
    }
    sp_loudness l;
    sp_meter_result(m, &l);
    sp_meter_free(m);
  }
  r->ops->close(r);
  const char *stems[] = {path, path};
  sp_null_opts o = {.threshold_dbfs = NAN, .diagnose = true, .max_lag_s = 0.05};
  sp_null_result res;
  if (sp_null_files(sp_audio_media(), path, stems, 2, &o, &res, why, sizeof why) == SP_OK)
    sp_null_say(&res);
  sp_null_result_fini(&res);
  return 0;
}
