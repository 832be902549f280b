/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_H
#define SP_AUDIO_H

/* Audio files in and out: the only module that includes <sndfile.h>.
 *
 * Readers stream interleaved frames; nothing reads a whole file. Writers
 * never write the final name directly: sp_audio_create makes a temporary
 * file beside it (same folder, so the final rename is atomic), and
 * sp_audio_commit renames it into place. sp_audio_abort removes it. So a
 * failed or interrupted render leaves earlier outputs untouched and no
 * partial file. Output bytes depend only on the samples: chunks that would
 * carry a time stamp (the PEAK chunk) are not written.
 *
 * Failures return an sp_err (SP_ERR_IO) and a lowercase reason in why. */

#include "core/base/diag.h"
#include "core/media/media.h"
#include "core/recipe/format.h"
#include "core/base/units.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sp_audio_reader sp_audio_reader;

/* The longest file a reader takes: a day of audio (SP_MAX_SECONDS). */
#define SP_AUDIO_MAX_SECONDS 86400
#define SP_AUDIO_MAX_TEXT SP_MAX_TEXT
/* The sample rates a reader takes (a damaged header can say 1.6 GHz, and
 * what is sized by the rate would be gigabytes). */
#define SP_AUDIO_MIN_RATE 1000
#define SP_AUDIO_MAX_RATE 768000

/* Open path for reading; fills info. Only a regular file is opened (links
 * followed): a FIFO, a device or a socket is refused. info->frames is what
 * the file holds: its header's count, or, when libsndfile cannot tell (a
 * damaged Ogg stream) or the header claims more than a day, the frames
 * counted by decoding it; a WAV or AIFF whose data is shorter than its
 * header declares (a copy cut short) is refused. A file opened before in
 * this process (and not changed since) is neither opened nor probed again:
 * its readers share one descriptor, each at a place of its own
 * (io/fs/probe.h); a print written here is handed to them when finished. */
sp_err sp_audio_open(const char *path, sp_audio_reader **out, sp_audio_info *info, char *why,
                     size_t why_size);
/* Read up to frames interleaved frames, normalised to ±1.0 (integer data is
 * scaled by 2^-(bits-1), so it converts exactly). Returns the number read; 0
 * at the end; -1 on a read error, or when the file ends before the frames
 * it holds by its header (it shrank or was rewritten while being read):
 * sp_audio_error says which, naming the frame. */
int64_t sp_audio_read_float(sp_audio_reader *r, float *buf, int64_t frames);
int64_t sp_audio_read_double(sp_audio_reader *r, double *buf, int64_t frames);
/* The same frames as sp_audio_read_float, planar: ch[c][0 .. n) for each
 * channel c. Plain PCM in WAV, W64, RF64 and AIFF is converted from its raw
 * bytes here, straight into the planes (the same values); other encodings
 * go through libsndfile. Returns n, which may be fewer than asked (call
 * again); 0 at the end, -1 on a read error. */
int64_t sp_audio_read_planar(sp_audio_reader *r, float *const *ch, int64_t frames);
/* Why the last read returned -1. */
const char *sp_audio_error(const sp_audio_reader *r);
/* SP_OK when the file is as it was opened (size and modification time);
 * else SP_ERR_IO, why saying it changed while being read. */
sp_err sp_audio_unchanged(const sp_audio_reader *r, char *why, size_t why_size);
/* Position the next read at frame. */
sp_err sp_audio_seek(sp_audio_reader *r, int64_t frame, char *why, size_t why_size);
/* Close; accepts NULL. */
void sp_audio_close(sp_audio_reader *r);

typedef struct sp_audio_writer sp_audio_writer;

/* Create a temporary file beside final_path for an output of the given
 * format, depth, channel count and rate. frames is the expected length: a
 * WAV too long for 32-bit sizes is written as RF64. */
sp_err sp_audio_create(const char *final_path, sp_format format, sp_depth depth, int channels,
                       int sample_rate, int64_t frames, sp_audio_writer **out, char *why,
                       size_t why_size);
/* Append frames: float data for 32f outputs, integer data for 16/24-bit
 * outputs (left-justified in int32: the sample's bits are the top bits). */
sp_err sp_audio_write_float(sp_audio_writer *w, const float *buf, int64_t frames, char *why,
                            size_t why_size);
sp_err sp_audio_write_int(sp_audio_writer *w, const int32_t *buf, int64_t frames, char *why,
                          size_t why_size);
/* Finish the file (headers, flush) but keep it under its temporary name. */
sp_err sp_audio_finish(sp_audio_writer *w, char *why, size_t why_size);
/* An MP3's or Opus file's bitrate (channels: the file's), set before its
 * samples; lossless files ignore it. */
sp_err sp_audio_set_bitrate(sp_audio_writer *w, int kbps, int channels, char *why, size_t why_size);
/* The bext chunk of a WAV (or RF64) being written: before its samples, and
 * again before finish; other containers ignore it. */
sp_err sp_audio_set_bext(sp_audio_writer *w, const sp_bext *b, char *why, size_t why_size);
/* The temporary file's path (readable after sp_audio_finish). */
const char *sp_audio_temp_path(const sp_audio_writer *w);
/* The path the file takes when committed. */
const char *sp_audio_final_path(const sp_audio_writer *w);
/* Free a finished writer and leave its file under the temporary name: the
 * caller renames it into place (io/outdir/outdir.h) or removes it. */
void sp_audio_release(sp_audio_writer *w);
/* Rename the finished file into place and free the writer. */
sp_err sp_audio_commit(sp_audio_writer *w, char *why, size_t why_size);
/* Remove the temporary file and free; accepts NULL. */
void sp_audio_abort(sp_audio_writer *w);

/* The channel mask of the file w writes (WAVE_FORMAT_EXTENSIBLE's speaker
 * bits: a layout's, core/base/layout.h), before its samples: in a WAV's
 * header (a file of more than two channels is WAVE_FORMAT_EXTENSIBLE),
 * as a channel map where libsndfile writes one (AIFF, CAF), else not said
 * (FLAC and Opus say their layout by their channel count, W64 nothing).
 * An Opus file of 3 to 8 channels is written in Vorbis order (its channel
 * mapping 1: L C R ...) and an Ogg Vorbis or Opus one read back into the
 * mask's order, with the mask of its count's layout (LCR, quad, 5.0, 5.1,
 * 6.1, 7.1): libsndfile hands the frames on as they are. */
void sp_audio_set_mask(sp_audio_writer *w, uint32_t mask);

/* The audio file library's version and its encoders' ("libsndfile-1.2.0
 * (LAME 3.100, libopus 1.3.1)"): their output is in the files (a cache key
 * names it). */
const char *sp_audio_library_version(void);

#endif
