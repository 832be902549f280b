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
#include <stdarg.h>
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

/* The issues found so far (*out, *n of them, heap). */
typedef struct issues {
  sp_album_issue *v;
  size_t n;
} issues;

__attribute__((format(printf, 5, 6))) static void add(issues *is, size_t song, const char *key,
                                                      size_t at, const char *fmt, ...)
{
  is->v = sp_xreallocarray(is->v, is->n + 1, sizeof *is->v);
  sp_album_issue *i = &is->v[is->n++];
  *i = (sp_album_issue){.song = song, .key = key, .at = at};
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(i->text, sizeof i->text, fmt, ap);
  va_end(ap);
}

/* A length of frames as a message about key of song s says it (the unit
 * the key was written in): "2.5 s", with the decimals that tell frames at
 * rate apart (a crossfade a frame too long is not said as long as its
 * song), or "120000 frames". buf. */
static const char *say(char buf[48], const sp_album_song *s, int key, int64_t frames, double rate)
{
  if (!(s->in_seconds & 1u << key) || !(rate > 0)) {
    snprintf(buf, 48, "%lld frames", (long long)frames);
    return buf;
  }
  const int decimals = (int)ceil(log10(rate));
  int n = snprintf(buf, 40, "%.*f", decimals < 0 ? 0 : decimals, (double)frames / rate);
  while (n > 1 && strchr(buf, '.') && (buf[n - 1] == '0' || buf[n - 1] == '.'))
    buf[--n] = '\0';
  strcpy(buf + n, " s");
  return buf;
}

/* The lengths' checks of song k at rate, each broken one into is. */
static void song_fits(const sp_album_song *songs, size_t k, double rate, issues *is)
{
  const sp_album_song *s = &songs[k];
  const int64_t len = kept(s);
  char a[48], b[48], c[48];
  if (s->tail < 0) { /* `to:` past its end */
    add(is, k, "trim", 0, "it ends at %s, past its end (the song is %s); end it inside the song",
        say(a, s, SP_ALBUM_KEY_TRIM, s->frames - s->tail, rate),
        say(b, s, SP_ALBUM_KEY_TRIM, s->frames, rate));
    return; /* what follows measures what the trims leave */
  }
  if (s->frames == 0) { /* (review 26 F4: said at its trims, "trim less") */
    add(is, k, "source", 0, "it holds no audio (0 frames); give a song with audio");
    return;
  }
  if (s->head < 0 || len <= 0) {
    add(is, k, "trim", 0, "the trims (%s + %s) leave nothing of its %s; trim less",
        say(a, s, SP_ALBUM_KEY_TRIM, s->head, rate), say(b, s, SP_ALBUM_KEY_TRIM, s->tail, rate),
        say(c, s, SP_ALBUM_KEY_TRIM, s->frames, rate));
    return;
  }
  if (s->join == SP_ALBUM_CROSSFADE) {
    const int64_t before = k > 0 ? kept(&songs[k - 1]) : 0;
    const int64_t head_x =
        k > 0 && songs[k - 1].join == SP_ALBUM_CROSSFADE ? songs[k - 1].crossfade : 0;
    /* a song before that its trims left nothing of is said at its trims */
    if (k == 0)
      add(is, k, "crossfade", 0,
          "the first song has no song before it to cross; give it a gap instead");
    else if (s->crossfade <= 0) /* (review 26 F6: said "longer than a song it joins") */
      add(is, k, "crossfade", 0,
          "a crossfade of %s crosses nothing; give it a length, or the song a gap (0 s: a butt "
          "splice)",
          say(a, s, SP_ALBUM_KEY_CROSSFADE, s->crossfade, rate));
    else if (before > 0 && (s->crossfade > len || s->crossfade > before))
      add(is, k, "crossfade", 0,
          "%s is longer than a song it joins (this one %s, the one before %s after their trims); "
          "make it shorter",
          say(a, s, SP_ALBUM_KEY_CROSSFADE, s->crossfade, rate),
          say(b, s, SP_ALBUM_KEY_CROSSFADE, len, rate),
          say(c, s, SP_ALBUM_KEY_CROSSFADE, before, rate));
    else if (before > 0 && head_x + s->crossfade > before)
      add(is, k, "crossfade", 0,
          "with the crossfade before it, the song before (%s) would overlap two songs at once; "
          "make one of them shorter",
          say(a, s, SP_ALBUM_KEY_CROSSFADE, before, rate));
  } else if (s->gap < 0)
    add(is, k, "gap", 0, "a gap cannot be negative; give 0 s (a butt splice) or more");
  if (s->fade_out < 0 || s->fade_out > len)
    add(is, k, "fade_out", 0, "%s is longer than the song (%s after its trims); make it shorter",
        say(a, s, SP_ALBUM_KEY_FADE_OUT, s->fade_out, rate),
        say(b, s, SP_ALBUM_KEY_FADE_OUT, len, rate));
  for (size_t i = 0; i < s->n_index; i++)
    if (s->index[i] <= 0 || s->index[i] >= len || (i > 0 && s->index[i] <= s->index[i - 1]))
      add(is, k, "index", i,
          "%s is not inside the song (%s long after its trims) after the point before it; give "
          "increasing times inside the song",
          say(a, s, SP_ALBUM_KEY_INDEX, s->index[i], rate),
          say(b, s, SP_ALBUM_KEY_INDEX, len, rate));
}

size_t sp_album_fits(const sp_album_song *songs, size_t n, double rate, sp_album_issue **out)
{
  issues is = {0};
  for (size_t k = 0; k < n; k++)
    song_fits(songs, k, rate, &is);
  *out = is.v;
  return is.n;
}

sp_err sp_album_lay_out(const sp_album_song *songs, size_t n, int rate, int channels,
                        sp_album_timeline *t, size_t *bad_song, char *why, size_t why_size)
{
  *t = (sp_album_timeline){.rate = rate, .channels = channels};
  sp_album_issue *is = NULL;
  if (sp_album_fits(songs, n, rate, &is) > 0) {
    *bad_song = is[0].song;
    if (strcmp(is[0].key, "index") == 0)
      snprintf(why, why_size, "index[%zu]: %s", is[0].at, is[0].text);
    else
      snprintf(why, why_size, "%s: %s", is[0].key, is[0].text);
    free(is);
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
