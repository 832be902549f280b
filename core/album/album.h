/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_H
#define SP_ALBUM_H

/* An album: songs laid end to end into one continuous master, then cut
 * into tracks that play the master back sample for sample (docs/album.md).
 *
 *   songs' audio (planar, album rate, a block at a time) ──► trim head
 *     and tail, fade out
 *     ──► placed on the timeline: a gap of silence before, or overlapped
 *         with the song before (a crossfade), or butted against it
 *     ──► summed in float64 into the master
 *   timeline ──► each track's first frame (its cut), index points, pregap
 *
 * The timeline (sp_album_timeline) is a plain struct of album frames: what
 * the track files are cut at and what a CD writer (core/album/redbook.h,
 * io/album/cd.*) takes. Nothing here opens a file. */

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How one song meets the one before it. */
typedef enum sp_album_join {
  SP_ALBUM_GAP,      /* `gap: 2 s`: silence between them (0: a butt splice) */
  SP_ALBUM_CROSSFADE /* `crossfade: {length, curve}`: they overlap */
} sp_album_join;

/* The curves a crossfade and a fade-out are drawn with, over N frames,
 * frame i (0 .. N-1) at t = i/N (docs/album.md gives the same formulas):
 *   linear  in t,             out 1 - t   (the recipe's `fade_out: 2 s` ramp)
 *   power   in sin(t·π/2),    out cos(t·π/2)  (constant power) */
typedef enum sp_album_curve { SP_ALBUM_LINEAR, SP_ALBUM_POWER } sp_album_curve;

/* The curve's names as the album recipe writes them, NULL-terminated, in
 * sp_album_curve's order. */
extern const char *const sp_album_curve_names[];

/* Frame i of an n-frame fade drawn with curve c: a fade-in's gain (in), or
 * a fade-out's. */
double sp_album_gain(sp_album_curve c, bool in, int64_t i, int64_t n);

/* Metadata said of a song (a track) or of the album; NULL: not given. The
 * strings are owned by whoever fills it (the album reader). */
typedef struct sp_album_meta {
  char *title, *artist, *composer, *isrc;
} sp_album_meta;

/* The keys of a song its lengths' rules (sp_album_fits) speak of, each a
 * bit of sp_album_song.in_seconds. */
enum { SP_ALBUM_KEY_TRIM, SP_ALBUM_KEY_CROSSFADE, SP_ALBUM_KEY_FADE_OUT, SP_ALBUM_KEY_INDEX };

/* One song as the album places it; all lengths in album frames. */
typedef struct sp_album_song {
  int64_t frames;        /* its audio's length before the trims */
  int64_t head, tail;    /* frames trimmed from its start and its end */
  sp_album_join join;    /* how it meets the song before (the first: a gap) */
  int64_t gap;           /* SP_ALBUM_GAP: frames of silence before it */
  int64_t crossfade;     /* SP_ALBUM_CROSSFADE: frames it overlaps the one before */
  sp_album_curve xcurve; /* the crossfade's curve */
  int64_t fade_out;      /* frames of fade-out at its end (after the trims); 0: none */
  sp_album_curve fcurve; /* the fade-out's curve */
  int64_t *index;        /* index points 02, 03 ...: frames from its first frame */
  size_t n_index;
  sp_album_meta meta;
  /* How a message of its lengths' rules says them: bit 1u << SP_ALBUM_KEY_*
   * set, the key was written in seconds, and its message says seconds
   * (the song's lengths too); clear, frames. */
  unsigned in_seconds;
} sp_album_song;

/* A track of the album, as cut from the master (album frames). */
typedef struct sp_album_track {
  int64_t start;   /* its first frame: its file starts here (the cut) */
  int64_t end;     /* one past its last frame: the next track's start */
  int64_t song_at; /* where its song's first (kept) frame plays */
  int64_t index1;  /* index 01: where the track plays from (song_at, or the
                      cut inside a crossfade when that is later) */
  int64_t pregap;  /* index 00 .. 01: frames of its gap before index 01 */
  int64_t *index;  /* index 02, 03 ...: album frames (owned by the timeline) */
  size_t n_index;
  const sp_album_meta *meta; /* borrowed from the song */
} sp_album_track;

/* The whole album's timeline: what a CD writer takes. */
typedef struct sp_album_timeline {
  int rate; /* Hz */
  int channels;
  /* the master's speakers: its songs' layout's channel mask
   * (core/base/layout.h, sp_meter_layout_of: its first song's own mask
   * where that names the layout, 5.1's back pair too), 0 where none */
  uint32_t mask;
  int64_t frames; /* the master's length */
  sp_album_track *tracks;
  size_t n_tracks;
  /* the album's own metadata (borrowed; NULL: not said): its title and
   * artist (CD-Text's album title and performer), its UPC/EAN (a CD's
   * catalogue number), genre and year */
  const sp_album_meta *album;
  const char *upc, *genre, *year;
} sp_album_timeline;

/* A rule of the songs' lengths broken (sp_album_fits): at song (0-based)
 * and its key ("trim", "crossfade", "gap", "fade_out", "index": its point
 * at), what is wrong and the fix, its lengths in the unit the key was
 * written in (sp_album_song.in_seconds). */
typedef struct sp_album_issue {
  size_t song;
  const char *key; /* static */
  size_t at;
  char text[320];
} sp_album_issue;

/* What only the lengths of n songs at rate (Hz: what a length in seconds
 * is said at) can say of them, every rule broken: a trim that leaves
 * nothing, a crossfade longer than either song it joins (after the trims)
 * or one song overlapped by both neighbours, a fade-out longer than its
 * song, an index point outside its song; into *out (heap, free it; NULL
 * when none). The count. */
size_t sp_album_fits(const sp_album_song *songs, size_t n, double rate, sp_album_issue **out);

/* Lays out n songs (n >= 1) at rate: each song's place, each track's cut
 * (docs/album.md "Where tracks are cut"). Songs sp_album_fits refuses are
 * not laid out: its first issue said into why ("crossfade: ...", naming
 * the key; "index[i]: ...") and its song into *bad_song, SP_ERR_USAGE.
 * t's tracks are owned: sp_album_timeline_fini. */
sp_err sp_album_lay_out(const sp_album_song *songs, size_t n, int rate, int channels,
                        sp_album_timeline *t, size_t *bad_song, char *why, size_t why_size);
void sp_album_timeline_fini(sp_album_timeline *t);

/* Adds frames j0 .. j0 + n - 1 of song k's kept part (its first frame
 * after trim.head is 0) onto out, a block of the master: audio[c][i] is
 * the kept frame j0 + i (planar, its channels the album's, or one: a mono
 * song plays on every channel), out[c][i] (float64) the album frame
 * t->tracks[k].song_at + j0 + i. Its fade-out and crossfade gains are
 * applied. A block of the master is the sum of at most two songs' frames,
 * each times its gains, in double, over zeros: the order songs are added
 * in, and the blocks the songs are read in, change no bit (a + b = b + a),
 * so the master is made a block at a time (io/album/album_master.h). */
void sp_album_add_frames(const sp_album_timeline *t, const sp_album_song *songs, size_t k,
                         int64_t j0, size_t n, const float *const *audio, int song_channels,
                         double *const *out);

/* Song k's kept frames (its frames less its trims). */
int64_t sp_album_kept(const sp_album_song *s);

#endif
