/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_WRITE_H
#define SP_ALBUM_WRITE_H

/* The album's files, written in one pass over its master, made a block
 * at a time as it is written (io/album/album_master.h: never held whole):
 *
 *   master ──► float32 ──► TPDF dither, quantize to the master's depth
 *     (one quantizer for the whole album, seeded by the recipe's name)
 *     ──► the master file, and the same codes into the track files, each
 *         from its cut to the next one's (each finished as its span
 *         passes): the tracks played in order are the master, sample for
 *         sample
 *     ──► metered as written: each track, and the album (one meter over
 *         every frame: `loudness --album` of the tracks, `loudness` of
 *         the master), the true peak interpolated once for both
 *         (core/measure/meter.h sp_meter_add_parts)
 *   master's codes ──► the CD image (output.cd, io/album/cd.h): resampled
 *     to 44.1 kHz and dithered to 16 bits once, from this pass
 *   master ──► each store set (output.also): a lossless set quantized at
 *     its depth by a quantizer of its own run over the whole album (its
 *     tracks gapless too); an MP3 set's tracks each encoded from the
 *     master's floats (LAME writes its gapless info tag), then decoded
 *     again and metered: its true peak is the encoded file's
 *
 * Every file is written under a temporary name and lands only when all of
 * them were written: a failed album leaves the last one's files as they
 * were. Tags (title, artist, album, track number, year, genre) are set
 * on the landed FLAC and MP3 files (io/album/tags.c). */

#include "core/album/album.h"
#include "core/measure/meter.h"
#include "io/album/album_master.h"
#include "io/album/album_read.h"
#include "io/album/cd.h"

/* What was written and measured. */
typedef struct sp_album_made {
  char *master;            /* its path */
  char **tracks;           /* n_tracks paths */
  sp_loudness album;       /* the master's figures */
  sp_loudness *track;      /* each track's */
  int64_t clipped;         /* samples the master's quantizer clamped at full scale */
  char ***set_files;       /* [set][track] paths */
  sp_loudness **set_track; /* [set][track]: each set file's figures, read back decoded */
  sp_loudness *set_album;  /* [set]: the set's files in order, decoded, as one programme */
  size_t n_tracks, n_sets;
} sp_album_made;

/* Write spec's master and tracks from master (read to its end here)
 * under spec->dir; cd (NULL: none), the CD image, is fed the master's
 * frames as written (its resampling and dither once, from this pass; the
 * caller finishes it). SP_ERR_USAGE with why, before
 * anything is written, when a file it would write is one of reads[0 ..
 * n_reads) (the album recipe, a song's file or mix, the cover: the same
 * file by device and inode, links followed); SP_ERR_IO with why when a
 * file cannot be written (nothing lands then). */
sp_err sp_album_write(const sp_album_spec *spec, const sp_album_timeline *t,
                      sp_album_master *master, sp_cd_image *cd, const char *const *reads,
                      size_t n_reads,
                      sp_album_made *made, char *why, size_t why_size);
void sp_album_made_fini(sp_album_made *m);

#endif
