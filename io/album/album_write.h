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
 *   master ──► each store set (output.also): a lossless set at the
 *     master's depth the master's codes (the tracks' samples exactly), one
 *     of another depth quantized by a quantizer of its own run over the
 *     whole album (its tracks gapless too); an MP3 set's tracks each encoded from the
 *     master's floats (LAME writes its gapless info tag), then decoded
 *     again and metered: its true peak is the encoded file's
 *
 * Every file is written under a temporary name and lands only when all of
 * them were written, through the output folder's one way in
 * (io/outdir/outdir.h), as a render's prints land: under each folder's
 * lock, with the album's record of what it prints there (.stemprint/
 * ALBUM.prints in output.dir and in each set's folder), its earlier prints
 * there that it prints no more removed, and temporary files of killed
 * renders cleared. A failed or interrupted album leaves the last one's
 * files as they were, and takes away the folders it made. Tags (title,
 * artist, album, track number, year, genre, ISRC, cover) are given to each
 * track's sink before its samples (io/album/tags.c). */

#include "core/album/album.h"
#include "core/measure/meter.h"
#include "io/album/album_master.h"
#include "io/album/album_read.h"
#include "io/album/cd.h"

#include <signal.h>
#include <stdbool.h>

/* The album's files under spec->dir, named as sp_album_read checked
 * them (each a portable name, none two of one folder): the master, each
 * track, each store set's tracks in its folder, the CD image's BIN, CUE
 * and TOC. The one list of them: the writer writes these, render checks
 * its reports and the other inputs' prints against them, and the depfile
 * names them. */
typedef struct sp_album_path {
  char *path;
  int folder; /* its folder: folders[0] output.dir, folders[1 + s] set s's */
} sp_album_path;

typedef struct sp_album_paths {
  sp_album_path *files; /* master, tracks [n_tracks], each set's tracks, the CD's three */
  size_t n;
  char **folders; /* [1 + n_sets] */
  size_t n_tracks, n_sets;
} sp_album_paths;

void sp_album_paths_make(const sp_album_spec *spec, sp_album_paths *p);
void sp_album_paths_fini(sp_album_paths *p);

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
  sp_cd_result cd;         /* the CD image's, when one was made */
} sp_album_made;

typedef struct sp_album_write_opts {
  /* when set (an interrupt): the pass stops within a block, nothing lands */
  const volatile sig_atomic_t *cancel;
  /* print over files another recipe's record claims in a folder (--force) */
  bool force;
} sp_album_write_opts;

/* Write spec's files (paths: sp_album_paths_make of spec) from master
 * (read to its end here); disc (NULL: none), the CD image's (output.cd,
 * its Red Book rules held by the caller), made from the master's frames
 * as written (its resampling and dither once, from this pass), landed with
 * the rest (made->cd: its figures).
 * SP_ERR_USAGE with why, before anything is written, when another
 * recipe's record claims a folder's files (unless o->force); the caller
 * has refused a file it would write that is one the command reads
 * (cmd/writes.c: sp_cli_prints_clashes). SP_ERR_RENDER when interrupted; SP_ERR_IO with
 * why when a file cannot be written. Nothing lands unless every file was
 * written. */
sp_err sp_album_write(const sp_album_spec *spec, const sp_album_paths *paths,
                      const sp_album_timeline *t, sp_album_master *master,
                      const sp_cd_disc *disc, const sp_album_write_opts *o, sp_album_made *made, char *why,
                      size_t why_size);
void sp_album_made_fini(sp_album_made *m);

#endif
