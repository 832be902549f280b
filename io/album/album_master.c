/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album's master a block at a time (album_master.h).
 *
 *   block [at, at + n) of the master: zeros (float64)
 *     + for each song playing in it (at most two: a crossfade): its kept
 *       frames there, read from its source in order, under their gains
 *   ──► float32
 *
 * Songs play in the timeline's order and each one's place is at or after
 * the one before's, so the songs that play in a block are a run from the
 * first one not yet done; a song is opened when its first kept frame is
 * due and closed after its last. */

#include "io/album/album_master.h"

#include "core/base/alloc.h"
#include "io/audio/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One song as the master reads it. */
typedef struct song {
  const char *path;
  int64_t frames; /* its length at the album's rate, as looked at first */
  int channels;
  sp_source *src; /* open while it plays */
  int64_t pos;    /* its kept frames read so far */
  bool done;
} song;

struct sp_album_master {
  const sp_album_timeline *t;
  const sp_album_song *songs;
  song *s;
  size_t first; /* the first song not yet done */
  int64_t at;   /* the master's next frame */
  double *sum[SP_MAX_CHANNELS];
  float *in[SP_MAX_CHANNELS]; /* a song's block */
};

sp_album_master *sp_album_master_new(const sp_album_timeline *t, const sp_album_song *songs,
                                     const char *const *paths, const int64_t *frames,
                                     const int *channels)
{
  sp_album_master *m = sp_xcalloc(1, sizeof *m);
  m->t = t;
  m->songs = songs;
  m->s = sp_xcalloc(t->n_tracks ? t->n_tracks : 1, sizeof *m->s);
  for (size_t k = 0; k < t->n_tracks; k++)
    m->s[k] = (song){.path = paths[k], .frames = frames[k], .channels = channels[k]};
  for (int c = 0; c < t->channels; c++) {
    m->sum[c] = sp_xcalloc(SP_ALBUM_BLOCK, sizeof(double));
    m->in[c] = sp_xcalloc(SP_ALBUM_BLOCK, sizeof(float));
  }
  return m;
}

/* The next n frames of song s into m->in; why naming its file. */
static sp_err song_read(sp_album_master *m, song *s, size_t n, char *why, size_t why_size)
{
  char e[512];
  const sp_err err = s->src->ops->read(s->src, m->in, n, e, sizeof e);
  if (err != SP_OK)
    snprintf(why, why_size, "cannot read '%s': %s", s->path, e);
  return err;
}

/* Song k opened and read past its head. */
static sp_err song_open(sp_album_master *m, size_t k, char *why, size_t why_size)
{
  song *s = &m->s[k];
  sp_err err = sp_stream_open(s->path, (double)m->t->rate, 0, &s->src, why, why_size);
  if (err != SP_OK)
    return err;
  if (s->src->frames != s->frames || s->src->channels != s->channels) {
    snprintf(why, why_size, "%s changed while the album was made; make it again", s->path);
    return SP_ERR_IO;
  }
  /* the head read through, not sought past: a resampled file's frames are
   * what it gives played from its start */
  for (int64_t left = m->songs[k].head; left > 0;) {
    const size_t n = left < SP_ALBUM_BLOCK ? (size_t)left : SP_ALBUM_BLOCK;
    if ((err = song_read(m, s, n, why, why_size)) != SP_OK)
      return err;
    left -= (int64_t)n;
  }
  return SP_OK;
}

/* Song k's kept frames [from, from + n) added into the block at `off`. */
static sp_err song_add(sp_album_master *m, size_t k, int64_t from, size_t n, size_t off,
                       char *why, size_t why_size)
{
  song *s = &m->s[k];
  if (!s->src) {
    sp_err err = song_open(m, k, why, why_size);
    if (err != SP_OK)
      return err;
  }
  if (from != s->pos) { /* blocks come in order: a bug if not */
    snprintf(why, why_size, "%s: frame %lld asked for after %lld; report it as a bug in stemprint",
             s->path, (long long)from, (long long)s->pos);
    return SP_ERR_RENDER;
  }
  sp_err err = song_read(m, s, n, why, why_size);
  if (err != SP_OK)
    return err;
  double *out[SP_MAX_CHANNELS];
  for (int c = 0; c < m->t->channels; c++)
    out[c] = m->sum[c] + off;
  sp_album_add_frames(m->t, m->songs, k, from, n, (const float *const *)m->in, s->channels, out);
  s->pos += (int64_t)n;
  if (s->pos == sp_album_kept(&m->songs[k])) { /* its last frame: done with it */
    err = s->src->ops->unchanged(s->src, why, why_size);
    s->src->ops->close(s->src);
    s->src = NULL;
    s->done = true;
  }
  return err;
}

sp_err sp_album_master_read(sp_album_master *m, float *const *ch, size_t n, char *why,
                            size_t why_size)
{
  const sp_album_timeline *t = m->t;
  for (int c = 0; c < t->channels; c++)
    memset(m->sum[c], 0, n * sizeof(double));
  const int64_t end = m->at + (int64_t)n;
  sp_err err = SP_OK;
  for (size_t k = m->first; err == SP_OK && k < t->n_tracks && t->tracks[k].song_at < end; k++) {
    const int64_t from = t->tracks[k].song_at, to = from + sp_album_kept(&m->songs[k]);
    const int64_t a = from > m->at ? from : m->at, b = to < end ? to : end;
    if (b > a)
      err = song_add(m, k, a - from, (size_t)(b - a), (size_t)(a - m->at), why, why_size);
  }
  while (m->first < t->n_tracks && m->s[m->first].done)
    m->first++;
  for (int c = 0; c < t->channels; c++)
    for (size_t i = 0; i < n; i++)
      ch[c][i] = (float)m->sum[c][i];
  m->at = end;
  return err;
}

void sp_album_master_free(sp_album_master *m)
{
  if (!m)
    return;
  for (size_t k = 0; k < m->t->n_tracks; k++)
    if (m->s[k].src)
      m->s[k].src->ops->close(m->s[k].src);
  for (int c = 0; c < m->t->channels; c++) {
    free(m->sum[c]);
    free(m->in[c]);
  }
  free(m->s);
  free(m);
}
