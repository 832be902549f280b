/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The null test's files read side by side (core/measure/nulltest_pass.h):
 * opened, rewound, read a block at a time into the mix and the stems'
 * sum, each stem shifted and scaled as a refit puts it right; samples at
 * full scale marked. */

#include "core/measure/nulltest_pass.h"

#include "core/base/alloc.h"
#include "core/dsp/simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t null_fit_frames(int64_t frames, size_t most)
{
  return frames < 1 ? 1 : (uint64_t)frames < most ? (size_t)frames : most;
}

/* ---- the files ----------------------------------------------------------- */

sp_err null_files_open(files *f, const sp_media *media, const char *mix, const char *const *stems,
                         size_t n_stems, char *why, size_t why_size)
{
  f->media = media;
  f->n = n_stems + 1;
  f->path = sp_xcalloc(f->n, sizeof *f->path);
  f->r = sp_xcalloc(f->n, sizeof *f->r);
  f->info = sp_xcalloc(f->n, sizeof *f->info);
  f->full_hi = sp_xcalloc(f->n, sizeof *f->full_hi);
  for (size_t i = 0; i < f->n; i++) {
    f->path[i] = i == 0 ? mix : stems[i - 1];
    char reason[256];
    if (media->open(media, f->path[i], &f->r[i], &f->info[i], reason, sizeof reason) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", f->path[i], reason);
      return SP_ERR_IO;
    }
    const sp_audio_info *a = &f->info[i], *m = &f->info[0];
    if (i > 0 && (a->sample_rate != m->sample_rate || a->channels != m->channels)) {
      snprintf(why, why_size,
               "'%s' is %d Hz, %d channel%s but the mix '%s' is %d Hz, %d channel%s; "
               "stems and mix must share rate and channel count",
               f->path[i], a->sample_rate, a->channels, a->channels == 1 ? "" : "s", mix,
               m->sample_rate, m->channels, m->channels == 1 ? "" : "s");
      return SP_ERR_IO;
    }
    if (a->frames > f->frames)
      f->frames = a->frames;
    /* Integer PCM of b bits reads as code / 2^(b-1): full scale is the top
     * code, a step below 1, and -1 (lossy codecs, bits 0, are not PCM). */
    const bool pcm = !a->is_float && a->bits > 0;
    f->full_hi[i] = pcm ? 1.0 - ldexp(1.0, -(a->bits - 1)) : INFINITY;
    f->any_int |= pcm;
    f->any_lossy |= !a->is_float && a->bits == 0;
  }
  f->channels = f->info[0].channels;
  f->buf = sp_xcalloc((size_t)BLOCK * (size_t)f->channels, sizeof *f->buf);
  return SP_OK;
}

void null_files_close(files *f)
{
  for (size_t i = 0; f->r && i < f->n; i++)
    if (f->r[i])
      f->r[i]->ops->close(f->r[i]);
  free(f->path);
  free(f->r);
  free(f->info);
  free(f->full_hi);
  free(f->buf);
}

/* Where file i's frame `at` is read from (its shift). */
static int64_t shifted(const files *f, size_t i, int64_t at)
{
  return f->shift ? at + f->shift[i] : at;
}

sp_err null_files_rewind(files *f, int64_t frame, char *why, size_t why_size)
{
  for (size_t i = 0; i < f->n; i++) {
    int64_t at = shifted(f, i, frame);
    at = at < 0 ? 0 : at < f->info[i].frames ? at : f->info[i].frames;
    char reason[256];
    if (f->r[i]->ops->seek(f->r[i], at, reason, sizeof reason) != SP_OK) {
      snprintf(why, why_size, "cannot read '%s': %s", f->path[i], reason);
      return SP_ERR_IO;
    }
  }
  return SP_OK;
}

/* Read frames of file i at the current position into f->buf, silence past
 * its end. */
static sp_err files_read(files *f, size_t i, int64_t at, size_t frames, char *why, size_t why_size)
{
  if (f->cancel && *f->cancel) {
    snprintf(why, why_size, "interrupted");
    return SP_ERR_RENDER;
  }
  const size_t C = (size_t)f->channels;
  at = shifted(f, i, at);
  /* before the file's start (a stem read later than it plays): silence */
  const size_t lead = at >= 0 ? 0 : -at < (int64_t)frames ? (size_t)-at : frames;
  memset(f->buf, 0, lead * C * sizeof *f->buf);
  at += (int64_t)lead;
  int64_t have = f->info[i].frames - at;
  size_t want = have <= 0 ? 0 : have < (int64_t)(frames - lead) ? (size_t)have : frames - lead;
  if (want > 0 &&
      f->r[i]->ops->read_double(f->r[i], f->buf + lead * C, (int64_t)want) != (int64_t)want) {
    snprintf(why, why_size, "cannot read '%s' at frame %lld: %s", f->path[i], (long long)at,
             f->r[i]->ops->error(f->r[i]));
    return SP_ERR_IO;
  }
  memset(f->buf + (lead + want) * C, 0, (frames - lead - want) * C * sizeof *f->buf);
  if (f->scale && f->scale[i] != 1)
    for (size_t k = 0; k < frames * C; k++)
      f->buf[k] *= f->scale[i];
  return SP_OK;
}

/* The block's kernels, compiled for each vector width (core/dsp/simd.h):
 * each sample's arithmetic is the same in every one. */

/* The mix: mix = x, r = −x, and a = |x| when a is kept. */
SP_CLONES
static void take_mix(const double *restrict x, size_t m, double *restrict mix, double *restrict r,
                     double *restrict a)
{
  for (size_t k = 0; k < m; k++) {
    mix[k] = x[k];
    r[k] = -x[k];
  }
  if (a)
    for (size_t k = 0; k < m; k++)
      a[k] = fabs(x[k]);
}

/* A stem: r += x, and a += |x| when a is kept. */
SP_CLONES
static void add_stem(const double *restrict x, size_t m, double *restrict r, double *restrict a)
{
  for (size_t k = 0; k < m; k++)
    r[k] += x[k];
  if (a)
    for (size_t k = 0; k < m; k++)
      a[k] += fabs(x[k]);
}

/* Mark x's samples at full scale (≥ hi, or ≤ -1 when hi is finite) in
 * full; returns how many there are. */
SP_CLONES
static int64_t mark_full(const double *restrict x, size_t m, double hi, uint8_t *restrict full)
{
  if (!(hi < INFINITY))
    return 0;
  int64_t k = 0;
  for (size_t i = 0; i < m; i++) {
    const uint8_t at = (x[i] >= hi) | (x[i] <= -1.0);
    full[i] |= at;
    k += at;
  }
  return k;
}

/* max(m, the largest |x[k]| where full[k] is 0), as an integer maximum of
 * the bits (see sp_max_bits_f64). */
SP_CLONES
double null_abs_max_unmarked(const double *restrict x, const uint8_t *restrict full, size_t n,
                               double m)
{
  uint64_t top = 0;
  for (size_t i = 0; i < n; i++) {
    union {
      double d;
      uint64_t u;
    } b = {x[i]};
    const uint64_t v = full[i] ? 0 : b.u & 0x7fffffffffffffffull;
    top = v > top ? v : top;
  }
  union {
    uint64_t u;
    double d;
  } r = {top};
  return r.d > m ? r.d : m;
}

/* The mono sum of each frame (channels added in order, in double, rounded
 * once): into out, or added to it. */
SP_CLONES
static void mono(const double *restrict x, size_t frames, size_t C, float *restrict out, bool add)
{
  if (C == 2 && !add)
    for (size_t t = 0; t < frames; t++)
      out[t] = (float)(x[2 * t] + x[2 * t + 1]);
  else if (C == 2)
    for (size_t t = 0; t < frames; t++)
      out[t] += (float)(x[2 * t] + x[2 * t + 1]);
  else
    for (size_t t = 0; t < frames; t++) {
      double v = x[t * C];
      for (size_t c = 1; c < C; c++)
        v += x[t * C + c];
      out[t] = add ? out[t] + (float)v : (float)v;
    }
}

/* s += x, sample by sample. */
SP_CLONES
static void add_f32(const float *restrict x, size_t frames, float *restrict s)
{
  for (size_t t = 0; t < frames; t++)
    s[t] += x[t];
}

sp_err null_read_block(files *f, block *b, int64_t at, size_t frames, char *why, size_t why_size)
{
  const size_t C = (size_t)f->channels, m = frames * C;
  sp_err err = files_read(f, 0, at, frames, why, why_size);
  if (err != SP_OK)
    return err;
  if (b->full) {
    memset(b->full, 0, m);
    b->clipped[0] += mark_full(f->buf, m, f->full_hi[0], b->full);
  }
  take_mix(f->buf, m, b->mix, b->r, b->a);
  if (b->m) {
    mono(f->buf, frames, C, b->m, false);
    memset(b->s, 0, frames * sizeof *b->s);
  }
  for (size_t i = 1; i < f->n; i++) {
    if ((err = files_read(f, i, at, frames, why, why_size)) != SP_OK)
      return err;
    if (b->full)
      b->clipped[i] += mark_full(f->buf, m, f->full_hi[i], b->full);
    add_stem(f->buf, m, b->r, b->a);
    if (!b->m)
      continue;
    if (b->stem && b->stem[i - 1]) { /* its mono sum, then added: the same bits */
      mono(f->buf, frames, C, b->stem[i - 1], false);
      add_f32(b->stem[i - 1], frames, b->s);
    } else
      mono(f->buf, frames, C, b->s, true);
  }
  return SP_OK;
}
