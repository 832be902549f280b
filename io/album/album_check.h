/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_CHECK_H
#define SP_ALBUM_CHECK_H

/* The album's one validator of what its songs' lengths decide, run by
 * `stemprint check album.yaml` and by `render` alike, so that both refuse
 * one album with the same words at the same key (docs/album.md, under its
 * commands):
 *
 *   each song's length and channels (check: a finished file's header, a
 *   recipe's mix as its graph plans it, as `render --dry-run` says it;
 *   render: its songs' prints)
 *     ──► the album's rate (album.rate, else the first song's)
 *     ──► each store set held to that rate (sp_album_spec_rate), each
 *         song's channels, the songs' trims, crossfades, fade-outs and
 *         index points (core/album: sp_album_fits), the songs laid out,
 *         and with output.cd the disc held to the Red Book (album_cd.h)
 *     ──► each problem at the album recipe's key that makes it
 *
 * What the recipe alone says (its keys, the codes, the cover) its reader
 * says (album_read.h), for both commands too. */

#include "core/album/album.h"
#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "io/album/album_read.h"

#include <stdint.h>

/* One song's audio as the album takes it: its length in frames at its own
 * rate, its channels, and their speakers: the channel mask its file's
 * audio info gives (a recipe's: its master's layout's), 0 when it says
 * none. */
typedef struct sp_album_length {
  int64_t frames;
  double rate; /* Hz */
  int channels;
  uint32_t mask;
} sp_album_length;

/* An album laid out: what its master is made from. */
typedef struct sp_album_laid {
  double rate; /* Hz: the album's */
  int channels;
  uint32_t mask;        /* the master's channel mask (t.mask: sp_album_timeline) */
  int64_t *frames;      /* each song's length at the album's rate */
  sp_album_song *songs; /* the core's songs (they borrow spec's strings) */
  size_t n_songs;
  sp_album_timeline t; /* its album, upc, genre and year spec's */
} sp_album_laid;

/* Hold spec, its songs of lengths len[0 .. spec->n_songs), to every rule
 * their lengths decide (above); each problem into d at its key, the file
 * spec's. SP_OK with *laid filled (when laid is not NULL; free with
 * sp_album_laid_fini either way), else the status the problems imply. */
sp_err sp_album_check(const sp_album_spec *spec, const sp_album_length *len, sp_diags *d,
                      sp_album_laid *laid);
void sp_album_laid_fini(sp_album_laid *laid);

/* What --confine allows the album (gopts->confine; else SP_OK): every
 * song's file or recipe and the cover it reads, and the folders it writes
 * (output.dir, each store set's, which may be a link that leads out),
 * inside the album recipe's folder or --confine-to's (sp_confine_allows);
 * each one outside into d at its key (output.dir's at -o when by_o), in
 * the words a graph's confinement says. Held before any of them is read,
 * by render and check alike. SP_ERR_USAGE when one was said. */
sp_err sp_album_confined(const sp_album_spec *spec, const sp_graph_opts *gopts, bool by_o,
                         sp_diags *d);

/* The length of a finished file as the album reads it: its header's,
 * through the one opener of audio (io/audio/audio.h), at its own rate.
 * SP_ERR_IO (or what the opener says) with why when it cannot be read. */
sp_err sp_album_file_length(const char *path, sp_album_length *len, char *why, size_t why_size);

#endif
