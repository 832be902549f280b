/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CD_H
#define SP_CD_H

/* A CD image of an album: BASE.bin, BASE.cue and BASE.toc from its
 * master and its disc (core/album/redbook.h), the three made whole under
 * temporary names and renamed into place only when all three are: a
 * failure leaves no file of the image.
 *
 *   BIN  the master at 44.1 kHz and 16 bits, resampled once by libsoxr
 *        (very high quality, in a file stream's chunks: io/audio/stream.c's
 *        output for the master file; none for a master at 44.1 kHz) and TPDF-dithered once (core/dsp/quantize.h,
 *        seeded by the BIN's file name as output.also's files are), as raw
 *        little-endian stereo, padded with zeros to a whole sector (2352
 *        bytes); a mono master dithered once and written on both channels
 *   CUE  FILE "BASE.bin" BINARY; CATALOG, the disc's TITLE, PERFORMER and
 *        SONGWRITER; each TRACK nn AUDIO with its CD-Text, ISRC and INDEX
 *        00 (its pregap), 01, 02 ... at their sectors
 *   TOC  cdrdao's: CD_DA, CATALOG, CD_TEXT (LANGUAGE_MAP 0: EN), each
 *        TRACK AUDIO with its ISRC, CD_TEXT, FILE "BASE.bin" SWAP start
 *        length (SWAP: the BIN is little-endian, cdrdao's raw default big),
 *        START (the pregap) and INDEX
 *
 * Text is ISO-8859-1, the CD-Text's own character set, in both sheets (the
 * TOC writes bytes above 127 as octal escapes, so it is ASCII); a CUE has
 * no escape for a double quote, which it writes as two apostrophes (''),
 * where the TOC keeps it (\"). */

#include "core/album/redbook.h"
#include "core/base/diag.h"
#include "core/measure/meter.h"

/* What an image made (sp_cd_image_finish). */
typedef struct sp_cd_result {
  int64_t sectors; /* the image's */
  int64_t clipped; /* samples at full scale after dither (core/dsp/quantize.h) */
  /* the BIN's figures as it plays: its 16-bit codes at 44.1 kHz, both
   * channels (a mono master's twice), metered as `stemprint loudness`
   * meters a file: after the resampler and the dither, which move its
   * true peak from the master's */
  sp_loudness loudness;
} sp_cd_result;

/* The image of disc d, BASE.bin, BASE.cue and BASE.toc, made as the
 * master is made (io/album/album_write.h: the album's pass), never
 * reading the master file again: opened (BASE's file name printable
 * ASCII but for " and \, SP_ERR_USAGE: both sheets name the BIN; a disc
 * that breaks a rule of sp_redbook_check refused, SP_ERR_USAGE, why: the
 * first and how many; the channels 1 or 2; the three files opened under
 * temporary names, SP_ERR_IO where one cannot be), fed the master's
 * frames in order (planar, at d->rate_hz; all d->frames of them), then
 * finished (the BIN's rest, the sheets: the three whole, still under
 * their temporary names) and landed by the caller with the album's other
 * files through its output folders (sp_cd_image_files: each one's
 * temporary name and the path it takes; sp_cd_image_landed once they were
 * renamed), or freed (what was not landed removed). A failure while fed
 * is kept (sp_cd_image_add returns it, then nothing more is written) and
 * said by sp_cd_image_finish. */
typedef struct sp_cd_image sp_cd_image;
sp_err sp_cd_image_open(const sp_cd_disc *d, const char *base, int channels, bool dither,
                        sp_cd_image **out, char *why, size_t why_size);
sp_err sp_cd_image_add(sp_cd_image *im, const float *const *ch, size_t n);
sp_err sp_cd_image_finish(sp_cd_image *im, sp_cd_result *res, char *why, size_t why_size);
void sp_cd_image_files(const sp_cd_image *im, const char *temps[3], const char *finals[3]);
void sp_cd_image_landed(sp_cd_image *im);
void sp_cd_image_free(sp_cd_image *im);

/* The CUE sheet and the TOC of d placed as l, its BIN named bin_name (a
 * file name): heap text, as the image writes them. d must pass
 * sp_redbook_check. */
char *sp_cd_cue_text(const sp_cd_disc *d, const sp_cd_layout *l, const char *bin_name);
char *sp_cd_toc_text(const sp_cd_disc *d, const sp_cd_layout *l, const char *bin_name);

#endif
