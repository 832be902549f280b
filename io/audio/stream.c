/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming sources, with resampling.
 *
 *   same rate:  file ──► sp_audio_read_planar ──► the planar block, directly
 *   other rate: file ──► sf_readf_float (CHUNK frames, interleaved)
 *                    ──► soxr_process (CHUNK in, ≤ CHUNK out) ──► chunk buffer
 *                    ──► deinterleaved on demand into planar blocks of any size
 *
 * A region that starts `from` frames into a resampled file is read from an
 * input frame that maps exactly onto an output frame (a multiple of
 * in/gcd(in,out)) at least PREROLL input frames earlier, and the output
 * frames before `from` are skipped: regions stay on the session's sample
 * grid, and their first frames are what the file played through gives
 * there, the resampling filter's history included (starting the resampler
 * right at `from` would begin on an empty filter: a glitch at a hard cut). */

#include "io/audio/stream.h"

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "io/audio/audio.h"

#include <float.h>
#include <math.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 4096, PREROLL = 16384 };

typedef struct sp_stream {
  sp_source base;    /* channels, frames (at the session's rate), name */
  sp_reader *reader; /* io/audio/audio.h's */
  soxr_t soxr;       /* NULL when the file is at the session rate */
  float *in;         /* resampler input chunk */
  size_t in_pos, in_len;
  bool in_eof;
  float *buf; /* frames ready to hand out, interleaved */
  size_t buf_pos, buf_len;
  bool eof;
  int64_t skip; /* output frames still to drop after a resampled seek */
  int64_t pos;  /* session-rate frames into the file of the next frame handed out */
  double rate;  /* the session's */
} sp_stream;

static const sp_source_ops stream_ops;

static int64_t gcd64(int64_t a, int64_t b)
{
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

sp_err sp_stream_open(const char *path, double session_rate, int64_t from_frames, sp_source **out,
                      char *why, size_t why_size)
{
  *out = NULL;
  sp_audio_info info;
  sp_reader *r;
  sp_err err = sp_audio_open(path, &r, &info, why, why_size);
  if (err != SP_OK)
    return err;
  if (info.channels > SP_MAX_CHANNELS) {
    snprintf(why, why_size, "it has %d channels; stemprint reads up to %d (9.1.6)", info.channels,
             SP_MAX_CHANNELS);
    r->ops->close(r);
    return SP_ERR_IO;
  }
  sp_stream *s = sp_xcalloc(1, sizeof *s);
  s->base = (sp_source){.ops = &stream_ops,
                        .channels = info.channels,
                        .frames = sp_session_frames(info.frames, info.sample_rate, session_rate),
                        .name = sp_xstrdup(path)};
  s->reader = r;
  s->pos = from_frames;
  s->rate = session_rate;

  int64_t rate_out = (int64_t)session_rate, rate_in = info.sample_rate;
  int64_t start_in = from_frames;
  if (rate_in != rate_out) {
    int64_t g = gcd64(rate_in, rate_out), step_in = rate_in / g, step_out = rate_out / g;
    int64_t m = from_frames / step_out, back = (PREROLL + step_in - 1) / step_in;
    m -= back < m ? back : m;
    start_in = m * step_in;
    s->skip = from_frames - m * step_out;
    soxr_error_t e;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_VHQ, 0);
    s->soxr =
        soxr_create((double)rate_in, (double)rate_out, (unsigned)info.channels, &e, &io, &q, NULL);
    if (!s->soxr) {
      snprintf(why, why_size, "cannot resample from %d Hz: %s", info.sample_rate, e);
      stream_ops.close(&s->base);
      return SP_ERR_IO;
    }
    s->in = sp_xcalloc((size_t)CHUNK * (size_t)info.channels, sizeof *s->in);
    s->buf = sp_xcalloc((size_t)CHUNK * (size_t)info.channels, sizeof *s->buf);
  }
  if (start_in > 0 && start_in < info.frames) {
    err = sp_audio_seek_near(&s->reader, start_in, why, why_size);
    if (err != SP_OK) {
      stream_ops.close(&s->base);
      return err;
    }
  } else if (start_in >= info.frames && start_in > 0) {
    s->eof = true;
    s->in_eof = true;
  }
  *out = &s->base;
  return SP_OK;
}

/* Refill buf with the next resampled frames; sets eof when the file is
 * exhausted. */
static sp_err refill(sp_stream *s, char *why, size_t why_size)
{
  s->buf_pos = s->buf_len = 0;
  size_t ch = (size_t)s->base.channels;
  while (s->buf_len == 0 && !s->eof) {
    if (s->in_pos == s->in_len && !s->in_eof) {
      int64_t n = s->reader->ops->read_float(s->reader, s->in, CHUNK);
      if (n < 0) {
        snprintf(why, why_size, "%s", s->reader->ops->error(s->reader));
        return SP_ERR_IO;
      }
      s->in_pos = 0;
      s->in_len = (size_t)n;
      s->in_eof = n == 0;
    }
    size_t used = 0, made = 0;
    soxr_error_t e;
    if (s->in_eof)
      e = soxr_process(s->soxr, NULL, 0, NULL, s->buf, CHUNK, &made);
    else
      e = soxr_process(s->soxr, s->in + s->in_pos * ch, s->in_len - s->in_pos, &used, s->buf, CHUNK,
                       &made);
    if (e) {
      snprintf(why, why_size, "resampler error: %s", e);
      return SP_ERR_IO;
    }
    s->in_pos += used;
    s->buf_len = made;
    if (s->in_eof && made == 0)
      s->eof = true;
  }
  return SP_OK;
}

static sp_err stream_read(sp_source *source, float *const *ch, size_t frames, char *why,
                          size_t why_size)
{
  sp_stream *s = (sp_stream *)source;
  size_t nch = (size_t)s->base.channels, done = 0;
  /* At the session's rate the file's frames go straight into the planes. */
  while (!s->soxr && !s->eof && done < frames) {
    float *at[SP_MAX_CHANNELS];
    for (size_t c = 0; c < nch; c++)
      at[c] = ch[c] + done;
    int64_t n = sp_audio_read_planar(s->reader, at, (int64_t)(frames - done));
    if (n < 0) {
      snprintf(why, why_size, "%s", s->reader->ops->error(s->reader));
      return SP_ERR_IO;
    }
    done += (size_t)n;
    s->eof = n == 0;
  }
  while (s->soxr && done < frames) {
    if (s->buf_pos == s->buf_len) {
      if (s->eof)
        break;
      sp_err err = refill(s, why, why_size);
      if (err != SP_OK)
        return err;
      continue;
    }
    size_t avail = s->buf_len - s->buf_pos;
    if (s->skip > 0) {
      size_t drop = (size_t)s->skip < avail ? (size_t)s->skip : avail;
      s->buf_pos += drop;
      s->skip -= (int64_t)drop;
      continue;
    }
    size_t n = frames - done < avail ? frames - done : avail;
    const float *src = s->buf + s->buf_pos * nch;
    for (size_t c = 0; c < nch; c++)
      for (size_t i = 0; i < n; i++)
        ch[c][done + i] = src[i * nch + c];
    s->buf_pos += n;
    done += n;
  }
  for (size_t c = 0; c < nch; c++)
    memset(ch[c] + done, 0, (frames - done) * sizeof(float));
  s->pos += (int64_t)done;
  return SP_OK;
}

static sp_err stream_unchanged(const sp_source *s, char *why, size_t why_size)
{
  return sp_audio_unchanged(((const sp_stream *)s)->reader, why, why_size);
}

static void stream_close(sp_source *src)
{
  sp_stream *s = (sp_stream *)src;
  if (s->soxr)
    soxr_delete(s->soxr);
  s->reader->ops->close(s->reader);
  free(s->in);
  free(s->buf);
  free((char *)s->base.name);
  free(s);
}

static const sp_source_ops stream_ops = {stream_read, stream_unchanged, stream_close};

const char *sp_stream_resampler_version(void) { return soxr_version(); }
