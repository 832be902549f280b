/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_M4A_H
#define SP_M4A_H

/* MPEG-4 audio files (.m4a) through FFmpeg's libavformat and libavcodec:
 * ALAC (lossless, 16 or 24 bits) and AAC-LC (FFmpeg's own encoder), as
 * io/audio/audio.c's sp_audio_create writes them and sp_audio_open reads
 * them; and read, the other kinds FFmpeg reads where libsndfile does not
 * (io/fs/kind.h's demuxer: WavPack). The only module that includes
 * FFmpeg's headers.
 *
 * Written: the "ipod" muxer, bit-exact (no creation time, no encoder
 * version string), moov last; its movie timescale the sample rate, so the
 * edit list that skips the AAC encoder's priming (its initial padding,
 * 1024 samples) and ends at the last sample is exact to the sample; an
 * AAC file's iTunSMPB item says the same (priming, padding, length) for
 * players that read that instead. The tags (sp_sink's set_tags) go in the
 * ilst (io/audio/mp4box.h).
 *
 * Read: the first audio track (a .stem.mp4's mix), decoded, its priming
 * dropped and its length its edit list's: the PCM that was encoded, for
 * ALAC exactly (and a WavPack file's, lossless or hybrid, its length its
 * header's).
 *
 * FFmpeg is loaded (dlopen) at a process's first MPEG-4 file or first
 * question of its version, not at the program's start: a function below
 * that cannot load it fails with the reason (the library to install). */

#include "core/media/media.h"
#include "io/fs/probe.h"

#include <stdbool.h>

/* A sink writing fd (a new temporary file, temp_path, renamed to
 * final_path when committed; both taken) of format (SP_FORMAT_ALAC or
 * SP_FORMAT_AAC). */
sp_err sp_m4a_create(int fd, char *temp_path, const char *final_path, sp_format format,
                     sp_depth depth, int channels, int sample_rate, sp_sink **out, char *why,
                     size_t why_size);

/* A reader of p's file (taken: released when the reader closes), of
 * kind (its demuxer FFmpeg's). */
struct sp_fs_kind;
sp_err sp_m4a_open(sp_probe *p, const struct sp_fs_kind *kind, sp_reader **out, sp_audio_info *info,
                   char *why, size_t why_size);

/* A DJ's stem file: sp_stem_mp4 (core/media/media.h), written by
 * sp_stem_mp4_write. */

/* Write s at final_path (atomically: a temporary file renamed); the null
 * test's residual peak into *residual_db. SP_ERR_RENDER when the stems do
 * not sum to the mix, SP_ERR_USAGE for prints that do not fit (not stereo,
 * of other rates or lengths, a float print for ALAC), SP_ERR_IO else. */
sp_err sp_stem_mp4_write(const char *final_path, const sp_stem_mp4 *s, double *residual_db,
                         char *why, size_t why_size);

/* As sp_audio_read_planar, of an sp_m4a_open reader. */
int64_t sp_m4a_read_planar(sp_reader *r, float *const *ch, int64_t frames);
/* The probe r reads when r is an sp_m4a_open reader; else NULL. */
const sp_probe *sp_m4a_reader_probe(const sp_reader *r);
/* The next frame r (one of this module's) reads. */
int64_t sp_m4a_reader_pos(const sp_reader *r);

/* libavformat's and libavcodec's versions ("Lavf59.27.100 Lavc59.37.100"),
 * FFmpeg loaded to ask them; "no FFmpeg" where it cannot be. */
const char *sp_m4a_library_version(void);

#endif
