/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album's timeline and its master: where each song plays, where each
 * track is cut, and the sum of the songs, each under its gains.
 *
 *   song k:  |-- head --|========= kept: L frames =========|-- tail --|
 *                        <-X_k->                   <-F->  <-X_k+1->
 *                        fade-in of                fade-out, crossfade
 *                        the crossfade             into song k+1
 *   master:  gap_0 | song 0 | gap_1 | song 1 ><song 2 (overlapping) ...
 *
 * A song's place is the end of the one before plus its gap, or minus its
 * crossfade. A track starts at its gap's first frame (its pregap, as a
 * CD's index 00), or, after a crossfade, at the crossfade's middle
 * (floor(X/2) frames into it); it ends where the next starts, so the
 * tracks tile the master. */

#include "core/album/album.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sp_album_curve_names[] = {"linear", "power", NULL};

double sp_album_gain(sp_album_curve c, bool in, int64_t i, int64_t n)
{
  const double t = (double)i / (double)n;
  if (c == SP_ALBUM_POWER)
    return in ? sin(t * M_PI / 2) : cos(t * M_PI / 2);
  return in ? t : 1.0 - t;
}

static int64_t kept(const sp_album_song *s) { return s->frames - s->head - s->tail; }

int64_t sp_album_kept(const sp_album_song *s) { return kept(s); }

/* The frames song k's tail shares with song k+1 (0: none). */
static int64_t overlap_after(const sp_album_song *songs, size_t n, size_t k)
{
  return k + 1 < n && songs[k + 1].join == SP_ALBUM_CROSSFADE ? songs[k + 1].crossfade : 0;
}

/* The lengths' checks of song k (sp_album_lay_out). */
static bool song_fits(const sp_album_song *songs, size_t n, size_t k, char *why, size_t why_size)
{
  const sp_album_song *s = &songs[k];
  const int64_t len = kept(s);
  if (s->head < 0 || s->tail < 0 || len <= 0) {
    snprintf(why, why_size,
             "trim: the trims (%lld + %lld frames) leave nothing of its %lld frames; trim less",
             (long long)s->head, (long long)s->tail, (long long)s->frames);
    return false;
  }
  if (s->join == SP_ALBUM_CROSSFADE) {
    if (k == 0) {
      snprintf(why, why_size,
               "crossfade: the first song has no song before it to cross; give it "
               "a gap instead");
      return false;
    }
    const int64_t before = kept(&songs[k - 1]);
    if (s->crossfade <= 0 || s->crossfade > len || s->crossfade > before) {
      snprintf(why, why_size,
               "crossfade: %lld frames is longer than a song it joins (this one %lld, the one "
               "before %lld frames after their trims); make it shorter",
               (long long)s->crossfade, (long long)len, (long long)before);
      return false;
    }
    const int64_t head_x = songs[k - 1].join == SP_ALBUM_CROSSFADE ? songs[k - 1].crossfade : 0;
    if (head_x + s->crossfade > before) {
      snprintf(why, why_size,
               "crossfade: with the crossfade before it, the song before (%lld frames) would "
               "overlap two songs at once; make one of them shorter",
               (long long)before);
      return false;
    }
  } else if (s->gap < 0) {
    snprintf(why, why_size, "gap: a gap cannot be negative; give 0 s (a butt splice) or more");
    return false;
  }
  if (s->fade_out < 0 || s->fade_out > len) {
    snprintf(why, why_size,
             "fade_out: %lld frames is longer than the song (%lld frames after "
             "its trims); make it shorter",
             (long long)s->fade_out, (long long)len);
    return false;
  }
  for (size_t i = 0; i < s->n_index; i++)
    if (s->index[i] <= 0 || s->index[i] >= len || (i > 0 && s->index[i] <= s->index[i - 1])) {
      snprintf(why, why_size,
               "index[%zu]: %lld frames is not inside the song (1 .. %lld frames) "
               "after the point before it; give increasing times inside the song",
               i, (long long)s->index[i], (long long)len - 1);
      return false;
    }
  (void)n;
  return true;
}

sp_err sp_album_lay_out(const sp_album_song *songs, size_t n, int rate, int channels,
                        sp_album_timeline *t, size_t *bad_song, char *why, size_t why_size)
{
  *t = (sp_album_timeline){.rate = rate, .channels = channels};
  for (size_t k = 0; k < n; k++)
    if (!song_fits(songs, n, k, why, why_size)) {
      *bad_song = k;
      return SP_ERR_USAGE;
    }
  t->tracks = sp_xcalloc(n, sizeof *t->tracks);
  t->n_tracks = n;
  int64_t at = 0; /* the end of the song before */
  for (size_t k = 0; k < n; k++) {
    const sp_album_song *s = &songs[k];
    sp_album_track *tr = &t->tracks[k];
    tr->meta = &s->meta;
    if (s->join == SP_ALBUM_CROSSFADE) {
      tr->song_at = at - s->crossfade;
      tr->start = tr->song_at + s->crossfade / 2;
      tr->index1 = tr->start;
    } else {
      tr->start = at;
      tr->song_at = at + s->gap;
      tr->index1 = tr->song_at;
      tr->pregap = s->gap;
    }
    if (k == 0)
      tr->start = 0;
    tr->index = sp_xcalloc(s->n_index ? s->n_index : 1, sizeof *tr->index);
    tr->n_index = s->n_index;
    for (size_t i = 0; i < s->n_index; i++)
      tr->index[i] = tr->song_at + s->index[i];
    at = tr->song_at + kept(s);
  }
  t->frames = at;
  for (size_t k = 0; k < n; k++)
    t->tracks[k].end = k + 1 < n ? t->tracks[k + 1].start : t->frames;
  return SP_OK;
}

void sp_album_timeline_fini(sp_album_timeline *t)
{
  for (size_t k = 0; t->tracks && k < t->n_tracks; k++)
    free(t->tracks[k].index);
  free(t->tracks);
  *t = (sp_album_timeline){0};
}

void sp_album_add_frames(const sp_album_timeline *t, const sp_album_song *songs, size_t k,
                         int64_t j0, size_t n, const float *const *audio, int song_channels,
                         double *const *out)
{
  const sp_album_song *s = &songs[k];
  const int64_t len = kept(s);
  const int64_t x_in = s->join == SP_ALBUM_CROSSFADE ? s->crossfade : 0;
  const int64_t x_out = overlap_after(songs, t->n_tracks, k);
  for (size_t i = 0; i < n; i++) {
    const int64_t j = j0 + (int64_t)i;
    double g = 1.0;
    if (j < x_in)
      g *= sp_album_gain(s->xcurve, true, j, x_in);
    if (j >= len - x_out)
      g *= sp_album_gain(songs[k + 1].xcurve, false, j - (len - x_out), x_out);
    if (j >= len - s->fade_out)
      g *= sp_album_gain(s->fcurve, false, j - (len - s->fade_out), s->fade_out);
    for (int c = 0; c < t->channels; c++)
      out[c][i] += g * (double)audio[song_channels == 1 ? 0 : c][i];
  }
}
