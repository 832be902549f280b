/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: an audio file (any container libsndfile reads) opened as a
 * render opens a source and read to its end, at its own rate and through
 * the resampler, then loaded as an impulse response: the readers stemprint
 * has (raw PCM, libsndfile's), the length checks, the NaN check, libsoxr.
 * At most ten seconds are read, so a long file cannot stall the fuzzer. */

#include "tests/fuzz/fuzz_common.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/audio/stream.h"

#include <stdlib.h>

enum { MOST = 480000, BLOCK = 4096 };

static void stream(const char *path, double rate)
{
  sp_source *s;
  char why[512];
  if (sp_stream_open(path, rate, 7, &s, why, sizeof why) != SP_OK)
    return;
  static float planes[SP_MAX_CHANNELS][BLOCK];
  float *ch[SP_MAX_CHANNELS];
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    ch[c] = planes[c];
  for (int64_t done = 0; done < MOST; done += BLOCK)
    if (s->ops->read(s, ch, BLOCK, why, sizeof why) != SP_OK)
      break;
  s->ops->unchanged(s, why, sizeof why);
  s->ops->close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = fz_file("input", data, size);
  sp_reader *r;
  sp_audio_info info;
  char why[512];
  if (sp_audio_open(path, &r, &info, why, sizeof why) != SP_OK)
    return 0;
  static double buf[BLOCK * 8];
  int64_t n = 0, got;
  const int64_t per = info.channels <= 8 ? BLOCK : 0;
  while (per && n < MOST && (got = r->ops->read_double(r, buf, per)) > 0)
    n += got;
  r->ops->close(r);
  if (info.channels > SP_MAX_CHANNELS || (double)info.frames > 10.0 * info.sample_rate)
    return 0;
  stream(path, info.sample_rate);
  stream(path, info.sample_rate == 48000 ? 44100 : 48000);
  float *ch[SP_MAX_CHANNELS] = {NULL};
  int channels;
  int64_t frames;
  int rate;
  if (sp_media_load(sp_audio_media(), path, 48000, 10.0, ch, &channels, &frames, &rate, why,
                    sizeof why) == SP_OK)
    for (int c = 0; c < SP_MAX_CHANNELS; c++)
      free(ch[c]);
  return 0;
}
