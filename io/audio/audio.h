/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_H
#define SP_AUDIO_H

/* Audio files in and out: the only module that includes <sndfile.h>.
 *
 * Readers stream interleaved frames; nothing reads a whole file. Writers
 * never write the final name directly: sp_audio_create makes a temporary
 * file beside it (same folder, so the final rename is atomic), and its
 * commit renames it into place, its discard removes it. So a
 * failed or interrupted render leaves earlier outputs untouched and no
 * partial file. Output bytes depend only on the samples: chunks that would
 * carry a time stamp (the PEAK chunk) are not written.
 *
 * Failures return an sp_err (SP_ERR_IO) and a lowercase reason in why. */

#include "core/base/diag.h"
#include "core/media/media.h"
#include "core/recipe/format.h"
#include "core/base/units.h"
#include "io/audio/riff.h"

#include <stdbool.h>
#include <stdint.h>

/* The longest file a reader takes: a day of audio (SP_MAX_SECONDS). */
#define SP_AUDIO_MAX_SECONDS 86400
#define SP_AUDIO_MAX_TEXT SP_MAX_TEXT
/* The sample rates a reader takes (a damaged header can say 1.6 GHz, and
 * what is sized by the rate would be gigabytes). */
#define SP_AUDIO_MIN_RATE 1000
#define SP_AUDIO_MAX_RATE 768000

/* Open path as the engine's reader (core/media/media.h); fills info. Only
 * a regular file is opened (links followed): a FIFO, a device or a socket
 * is refused. info->frames is what the file holds: its header's count,
 * or, when libsndfile cannot tell (a damaged Ogg stream, an MP3 without a
 * Xing or Info frame: its length only guessed from its size) or the header
 * claims more than a day, the frames counted by decoding it; a WAV (RF64,
 * BW64), W64, AIFF or CAF whose data is shorter than its header declares (a
 * copy cut short), whatever its encoding, is refused, saying the frames
 * its header promises and those it holds (a data size a pipe's writer
 * left, 2 GiB or within 64 KiB below, 4 GiB less 1, 2^62 or more, is no
 * promise: read to the file's end),
 * as is one whose
 * header gives more channels than libsndfile reads, a chunk before its
 * data that runs past the file's end, or a header that ends before its
 * data, each in words that say so. A BW64 (an RF64 by another name,
 * which libsndfile does not know) reads as the RF64 it is. A file opened before in this process
 * (and not changed since) is neither opened nor probed again: its readers share one descriptor,
 * each at a place of its own (io/fs/probe.h); a print written here is handed to them when finished.
 *
 * Its reads: integer data scaled by 2^-(bits-1), so it converts exactly;
 * -1 on a read error, or when the file ends before the frames it holds by
 * its header (it shrank or was rewritten while being read), or at a
 * non-finite sample of a float file: its error() says which, naming the
 * frame. */
sp_err sp_audio_open(const char *path, sp_reader **out, sp_audio_info *info, char *why,
                     size_t why_size);
/* The same frames as r's read_float (r: sp_audio_open's), planar: ch[c][0
 * .. n) for each channel c. Plain PCM in WAV, W64, RF64 and AIFF is
 * converted from its raw bytes here, straight into the planes (the same
 * values); other encodings go through libsndfile. Returns n, which may be
 * fewer than asked (call again); 0 at the end, -1 on a read error. */
int64_t sp_audio_read_planar(sp_reader *r, float *const *ch, int64_t frames);
/* Seek *r (sp_audio_open's) to frame. A reader that seeks by decoding
 * from where it is (an MP3 that states no length, FFmpeg's) may be given
 * the place of one of the same file parked at or past where *r is, up to
 * frame (io/audio/park.h: *r then that one, *r's closed): what it reads
 * is the same. */
sp_err sp_audio_seek_near(sp_reader **r, int64_t frame, char *why, size_t why_size);
/* Free this thread's read buffer (a thread's own is freed as it ends):
 * for a main thread that goes on past what read (the tests' commands). */
void sp_audio_thread_done(void);
/* SP_OK when r's file is as it was opened (size and modification time);
 * else SP_ERR_IO, why saying it changed while being read. */
sp_err sp_audio_unchanged(const sp_reader *r, char *why, size_t why_size);

/* A temporary file beside final_path for an output of the given format,
 * depth, channel count and rate, as the engine's sink (core/media/media.h:
 * committed, it is renamed into place; discarded, removed). frames is the
 * expected length: a WAV too long for 32-bit sizes is written as RF64.
 * Its bext is a WAV's (or RF64's): other containers ignore it. Its mask is
 * WAVE_FORMAT_EXTENSIBLE's speaker bits (a layout's, core/base/layout.h):
 * in a WAV's header (a file of more than two channels is
 * WAVE_FORMAT_EXTENSIBLE), as a channel map where libsndfile writes one
 * (AIFF, CAF), else not said (FLAC and Opus say their layout by their
 * channel count, W64 nothing). An Opus file of 3 to 8 channels is written
 * in Vorbis order (its channel mapping 1: L C R ...) and an Ogg Vorbis or
 * Opus one read back into the mask's order, with the mask of its count's
 * layout (LCR, quad, 5.0, 5.1, 6.1, 7.1): libsndfile hands the frames on
 * as they are. */
sp_err sp_audio_create(const char *final_path, sp_format format, sp_depth depth, int channels,
                       int sample_rate, int64_t frames, sp_sink **out, char *why, size_t why_size);

/* A RIFF (or, past 4 GiB, BW64) WAVE of 24-bit PCM written here, not by
 * libsndfile (an ADM BWF, io/audio/adm_write.c): its head the chunks
 * parts[n] (riff.c) and a data chunk of frames frames of channels
 * tracks, as a sink as above that takes integer codes, track k of the
 * file the frame's channel of[k]. */
sp_err sp_audio_create_wave(const char *final_path, int channels, const int *of,
                            const sp_riff_part *parts, int n, int64_t frames, sp_sink **out,
                            char *why, size_t why_size);

/* The audio file library's version and its encoders' ("libsndfile-1.2.0
 * (LAME 3.100, libopus 1.3.1)"): their output is in the files (a cache key
 * names it). */
const char *sp_audio_library_version(void);

#endif
