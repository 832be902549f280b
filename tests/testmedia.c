/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The media over memory; see testmedia.h. Each name holds a growable
 * array of interleaved floats. A sink writes under "<name>.part" and its
 * commit renames that to name, as a file would be. */

#include "testmedia.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  char *name;
  float *x; /* interleaved */
  int64_t frames, cap;
  int channels, rate;
} entry;

struct tu_media {
  sp_media media; /* first: the engine's view */
  entry **v;      /* each where it is for as long as it lives: readers point at it */
  size_t n, cap;
};

static entry *find(const tu_media *m, const char *name)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->v[i]->name, name) == 0)
      return m->v[i];
  return NULL;
}

static entry *make(tu_media *m, const char *name, int channels, int rate)
{
  entry *e = find(m, name);
  if (!e) {
    SP_GROW(m->v, m->n, m->cap);
    e = m->v[m->n++] = sp_xcalloc(1, sizeof *e);
    e->name = sp_xstrdup(name);
  }
  e->frames = 0;
  e->channels = channels;
  e->rate = rate;
  return e;
}

static void append(entry *e, const float *x, int64_t frames)
{
  if (e->frames + frames > e->cap) {
    e->cap = 2 * (e->frames + frames);
    e->x = sp_xreallocarray(e->x, (size_t)(e->cap * e->channels), sizeof *e->x);
  }
  memcpy(e->x + e->frames * e->channels, x, (size_t)(frames * e->channels) * sizeof *x);
  e->frames += frames;
}

static void drop(tu_media *m, const char *name)
{
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->v[i]->name, name) == 0) {
      free(m->v[i]->name);
      free(m->v[i]->x);
      free(m->v[i]);
      m->v[i] = m->v[--m->n];
      return;
    }
}

static tu_media *of(const sp_media *media) { return (tu_media *)media; }

/* ---- readers ------------------------------------------------------------- */

typedef struct reader {
  sp_reader base;
  const entry *e;
  int64_t pos;
} reader;

static int64_t m_read_float(sp_reader *r, float *buf, int64_t frames)
{
  reader *rd = (reader *)r;
  int64_t n = rd->e->frames - rd->pos < frames ? rd->e->frames - rd->pos : frames;
  memcpy(buf, rd->e->x + rd->pos * rd->e->channels, (size_t)(n * rd->e->channels) * sizeof *buf);
  rd->pos += n;
  return n;
}

static int64_t m_read_double(sp_reader *r, double *buf, int64_t frames)
{
  reader *rd = (reader *)r;
  int64_t n = rd->e->frames - rd->pos < frames ? rd->e->frames - rd->pos : frames;
  for (int64_t i = 0; i < n * rd->e->channels; i++)
    buf[i] = rd->e->x[rd->pos * rd->e->channels + i];
  rd->pos += n;
  return n;
}

static sp_err m_seek(sp_reader *r, int64_t frame, char *why, size_t why_size)
{
  reader *rd = (reader *)r;
  if (frame < 0 || frame > rd->e->frames) {
    snprintf(why, why_size, "cannot seek to frame %lld", (long long)frame);
    return SP_ERR_IO;
  }
  rd->pos = frame;
  return SP_OK;
}

static const char *m_error(const sp_reader *r)
{
  (void)r;
  return "no error";
}

static void close_reader(sp_reader *r) { free(r); }

static const sp_reader_ops reader_ops = {m_read_float, m_read_double, m_seek, m_error,
                                         close_reader, NULL};

static sp_err m_open(const sp_media *media, const char *name, sp_reader **out, sp_audio_info *info,
                     char *why, size_t why_size)
{
  const entry *e = find(of(media), name);
  if (!e) {
    snprintf(why, why_size, "no such file in memory");
    return SP_ERR_IO;
  }
  reader *r = sp_xcalloc(1, sizeof *r);
  r->base.ops = &reader_ops;
  r->e = e;
  *info = (sp_audio_info){.frames = e->frames,
                          .channels = e->channels,
                          .sample_rate = e->rate,
                          .format = "memory",
                          .bits = 32,
                          .is_float = true};
  *out = &r->base;
  return SP_OK;
}

/* ---- sources ------------------------------------------------------------- */

typedef struct source {
  sp_source base;
  const entry *e;
  int64_t pos;
} source;

static sp_err source_read(sp_source *s, float *const *ch, size_t frames, char *why, size_t why_size)
{
  (void)why;
  (void)why_size;
  source *src = (source *)s;
  for (size_t i = 0; i < frames; i++, src->pos++)
    for (int c = 0; c < src->e->channels; c++)
      ch[c][i] = src->pos < src->e->frames ? src->e->x[src->pos * src->e->channels + c] : 0.0f;
  return SP_OK;
}

static sp_err source_unchanged(const sp_source *s, char *why, size_t why_size)
{
  (void)s;
  (void)why;
  (void)why_size;
  return SP_OK;
}

static void source_close(sp_source *s) { free(s); }

static const sp_source_ops source_ops = {source_read, source_unchanged, source_close};

static sp_err open_source(const sp_media *media, const char *name, double session_rate,
                          int64_t from_frames, sp_source **out, char *why, size_t why_size)
{
  const entry *e = find(of(media), name);
  if (!e || e->rate != (int)session_rate) {
    snprintf(why, why_size,
             e ? "is not at the session's rate (memory does not resample)"
               : "no such file in memory");
    return SP_ERR_IO;
  }
  source *s = sp_xcalloc(1, sizeof *s);
  s->base.ops = &source_ops;
  s->base.channels = e->channels;
  s->base.frames = e->frames;
  s->base.name = e->name;
  s->e = e;
  s->pos = from_frames;
  *out = &s->base;
  return SP_OK;
}

/* ---- sinks --------------------------------------------------------------- */

typedef struct sink {
  sp_sink base;
  tu_media *m;
  char *name, *written;
  float *conv; /* an integer block as floats */
  size_t conv_cap;
} sink;

static sp_err m_write_float(sp_sink *s, const float *buf, int64_t frames, char *why,
                            size_t why_size)
{
  (void)why;
  (void)why_size;
  sink *k = (sink *)s;
  append(find(k->m, k->written), buf, frames);
  return SP_OK;
}

static sp_err m_write_int(sp_sink *s, const int32_t *buf, int64_t frames, char *why,
                          size_t why_size)
{
  sink *k = (sink *)s;
  entry *e = find(k->m, k->written);
  size_t n = (size_t)(frames * e->channels);
  if (n > k->conv_cap) {
    k->conv_cap = n;
    k->conv = sp_xreallocarray(k->conv, n, sizeof *k->conv);
  }
  for (size_t i = 0; i < n; i++)
    k->conv[i] = (float)((double)buf[i] / 2147483648.0);
  return m_write_float(s, k->conv, frames, why, why_size);
}

static sp_err m_finish(sp_sink *s, char *why, size_t why_size)
{
  (void)s;
  (void)why;
  (void)why_size;
  return SP_OK;
}

static const char *written(const sp_sink *s) { return ((const sink *)s)->written; }

static const char *name_of(const sp_sink *s) { return ((const sink *)s)->name; }

static void release(sp_sink *s)
{
  sink *k = (sink *)s;
  free(k->name);
  free(k->written);
  free(k->conv);
  free(k);
}

static sp_err commit(sp_sink *s, char *why, size_t why_size)
{
  (void)why;
  (void)why_size;
  sink *k = (sink *)s;
  drop(k->m, k->name);
  entry *e = find(k->m, k->written);
  free(e->name);
  e->name = sp_xstrdup(k->name);
  release(s);
  return SP_OK;
}

static void discard(sp_sink *s)
{
  sink *k = (sink *)s;
  drop(k->m, k->written);
  release(s);
}

static const sp_sink_ops sink_ops = {m_write_float, m_write_int, m_finish, written, name_of, commit,
                                     release,       discard,     NULL,     NULL,    NULL,    NULL};

static sp_err m_create(const sp_media *media, const char *name, sp_format format, sp_depth depth,
                       int channels, int sample_rate, int64_t frames, sp_sink **out, char *why,
                       size_t why_size)
{
  (void)format;
  (void)depth;
  (void)frames;
  (void)why;
  (void)why_size;
  sink *k = sp_xcalloc(1, sizeof *k);
  k->base.ops = &sink_ops;
  k->m = of(media);
  k->name = sp_xstrdup(name);
  k->written = sp_xasprintf("%s.part", name);
  make(k->m, k->written, channels, sample_rate);
  *out = &k->base;
  return SP_OK;
}

/* ---- names --------------------------------------------------------------- */

static sp_err make_folder(const sp_media *media, const char *dir, char *why, size_t why_size)
{
  (void)media;
  (void)dir;
  (void)why;
  (void)why_size;
  return SP_OK;
}

static char *resolve(const sp_media *media, const char *name)
{
  return find(of(media), name) ? sp_xstrdup(name) : NULL;
}

static char *identity(const sp_media *media, const char *name)
{
  (void)media;
  return sp_xstrdup(name); /* there or not, one name: one place */
}

static bool exists(const sp_media *media, const char *name, char *why, size_t why_size)
{
  snprintf(why, why_size, "%s", "");
  return find(of(media), name);
}

static sp_err check_folder(const sp_media *media, const char *dir, char *why, size_t why_size)
{
  (void)media;
  (void)dir;
  (void)why;
  (void)why_size;
  return SP_OK;
}

static long open_files_limit(const sp_media *media)
{
  (void)media;
  return -1;
}

static const char *version(const sp_media *media)
{
  (void)media;
  return "memory";
}

tu_media *tu_media_new(void)
{
  tu_media *m = sp_xcalloc(1, sizeof *m);
  m->media = (sp_media){.open = m_open,
                        .source = open_source,
                        .make_folder = make_folder,
                        .create = m_create,
                        .resolve = resolve,
                        .identity = identity,
                        .exists = exists,
                        .check_folder = check_folder,
                        .open_files_limit = open_files_limit,
                        .library_version = version,
                        .resampler_version = version};
  return m;
}

void tu_media_free(tu_media *m)
{
  if (!m)
    return;
  for (size_t i = 0; i < m->n; i++) {
    free(m->v[i]->name);
    free(m->v[i]->x);
    free(m->v[i]);
  }
  free(m->v);
  free(m);
}

const sp_media *tu_media_of(tu_media *m) { return &m->media; }

void tu_media_add(tu_media *m, const char *name, int channels, int rate, const float *interleaved,
                  int64_t frames)
{
  append(make(m, name, channels, rate), interleaved, frames);
}

const float *tu_media_get(const tu_media *m, const char *name, int64_t *frames, int *channels)
{
  const entry *e = find(m, name);
  if (!e)
    return NULL;
  *frames = e->frames;
  *channels = e->channels;
  return e->x;
}

size_t tu_media_count(const tu_media *m) { return m->n; }
