/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_MASTER_H
#define SP_ALBUM_MASTER_H

/* The album's master made a block at a time, as it is written
 * (io/album/album_write.h), never held whole:
 *
 *   each song's file (a recipe's mix, or a finished file) ──► read in
 *     blocks at the album's rate (io/audio/stream.h: libsndfile, and
 *     libsoxr in its fixed chunks when the file's rate differs), opened
 *     when its first kept frame is due, its head read past, closed after
 *     its last kept frame (what it read checked to be one version of it)
 *   ──► its frames under their gains summed in float64 into the block
 *       (core/album/album.h sp_album_add_frames: a crossfade the two
 *       songs' overlapping blocks) ──► rounded to float32
 *
 * The same frames, to the bit, as the whole master summed at once: each
 * sample is the sum of at most two songs' samples over zeros, and a
 * source yields the same frames however it is asked for. Memory: a block
 * per song playing (two at most) and each one's reader and resampler;
 * nothing grows with the album's length. */

#include "core/album/album.h"

/* The most frames sp_album_master_read gives at once. */
enum { SP_ALBUM_BLOCK = 4096 };

typedef struct sp_album_master sp_album_master;

/* The master of timeline t (songs as laid out) from the songs' files
 * paths[k], read at t->rate; each was looked at before (its length at the
 * album's rate frames[k] and its channels[k], which the timeline was laid
 * out from): a file that is no longer so when read is an error then.
 * Opens nothing yet. */
sp_album_master *sp_album_master_new(const sp_album_timeline *t, const sp_album_song *songs,
                                     const char *const *paths, const int64_t *frames,
                                     const int *channels);

/* The master's next n (1 .. SP_ALBUM_BLOCK) frames, as float32, into
 * ch[0 .. t->channels)[0 .. n). SP_ERR_IO with why (naming the file) when
 * a song cannot be read, or changed since it was looked at. */
sp_err sp_album_master_read(sp_album_master *m, float *const *ch, size_t n, char *why,
                            size_t why_size);

/* Closes what is open and frees m (NULL: nothing). */
void sp_album_master_free(sp_album_master *m);

#endif
