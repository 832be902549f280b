/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the engine builds on the media's functions (core/media/media.h):
 * a file's info, a short file loaded whole, whether two names are one
 * file, and the length rule every source keeps. */

#include "core/media/media.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t sp_session_frames(int64_t file_frames, int file_rate, double session_rate)
{
  int64_t out = (int64_t)session_rate;
  if (file_rate == out)
    return file_frames;
  return (file_frames * out + file_rate / 2) / file_rate;
}

bool sp_media_same(const sp_media *m, const char *a, const char *b)
{
  char *x = m->identity(m, a), *y = m->identity(m, b);
  const bool one = strcmp(x, y) == 0;
  free(x);
  free(y);
  return one;
}

char *sp_media_passed_over(const char *name, const sp_audio_info *info)
{
  if (!info->unplayed[0] || strcmp(info->format, "adm") == 0)
    return NULL;
  return sp_xasprintf("'%s' holds %s", name, info->unplayed);
}

sp_err sp_media_probe(const sp_media *m, const char *name, sp_audio_info *info, char *why,
                      size_t why_size)
{
  sp_reader *r;
  sp_err err = m->open(m, name, &r, info, why, why_size);
  if (err == SP_OK)
    r->ops->close(r);
  return err;
}

sp_err sp_media_load(const sp_media *m, const char *name, double session_rate, double max_seconds,
                     float **ch, int *channels, int64_t *frames, int *file_rate, char *why,
                     size_t why_size)
{
  sp_audio_info info;
  sp_err err = sp_media_probe(m, name, &info, why, why_size);
  if (err != SP_OK)
    return err;
  if (info.channels > SP_MAX_CHANNELS) {
    snprintf(why, why_size, "'%s' has %d channels; use a file of at most %d (9.1.6)", name,
             info.channels, SP_MAX_CHANNELS);
    return SP_ERR_IO;
  }
  if ((double)info.frames > max_seconds * info.sample_rate) {
    snprintf(why, why_size, "'%s' is longer than %g s", name, max_seconds);
    return SP_ERR_IO;
  }
  int64_t n = sp_session_frames(info.frames, info.sample_rate, session_rate);
  sp_source *s;
  err = m->source(m, name, session_rate, 0, &s, why, why_size);
  if (err != SP_OK)
    return err;
  /* The buffers grow with what the file yields, never sized by its header
   * alone: a damaged file of a few bytes whose header promises a minute
   * (a FLAC's STREAMINFO, which libsndfile believes) fails at its real
   * end, where the reader says both counts, having taken memory for what
   * it holds rather than for up to a minute of 16 channels at 768 kHz. */
  enum { STEP = 1 << 16 };
  int64_t cap = n < STEP ? n : STEP, got = 0;
  for (int c = 0; c < SP_MAX_CHANNELS; c++)
    ch[c] = c < info.channels ? sp_xcalloc(cap ? (size_t)cap : 1, sizeof(float)) : NULL;
  while (err == SP_OK && got < n) {
    if (got == cap) {
      cap = cap > n - cap ? n : 2 * cap;
      for (int c = 0; c < info.channels; c++)
        ch[c] = sp_xreallocarray(ch[c], (size_t)cap, sizeof(float));
    }
    const int64_t k = cap - got < STEP ? cap - got : STEP;
    float *at[SP_MAX_CHANNELS] = {NULL};
    for (int c = 0; c < info.channels; c++)
      at[c] = ch[c] + got;
    err = s->ops->read(s, at, (size_t)k, why, why_size);
    got += k;
  }
  s->ops->close(s);
  if (err != SP_OK) {
    for (int c = 0; c < SP_MAX_CHANNELS; c++) {
      free(ch[c]);
      ch[c] = NULL;
    }
    return err;
  }
  *channels = info.channels;
  *frames = n;
  *file_rate = info.sample_rate;
  return SP_OK;
}

sp_err sp_sink_set_tags(sp_sink *w, const sp_tags *t, const char *name, bool is_mix, char *why,
                        size_t why_size)
{
  if (!w->ops->set_tags || !sp_tags_any(t))
    return SP_OK;
  sp_tags own = *t;
  own.title = sp_tags_title(t, name, is_mix);
  const sp_err err = w->ops->set_tags(w, &own, why, why_size);
  free(own.title);
  return err;
}
