/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_STREAM_H
#define SP_STREAM_H

/* A stream: one audio file read at the session rate, from a start frame:
 * the file side of the engine's sources (core/media/media.h).
 *
 * Reads in fixed chunks of its own, whatever the renderer's block size, so
 * what a source yields never depends on how it is asked for; files at another
 * rate go through libsoxr (very high quality) in the same fixed chunks. Memory is
 * two chunk buffers and the resampler, independent of the file's length.
 * Past the end of the file a source yields silence. */

#include "core/media/media.h"

/* Open path as a source (core/media/media.h) at session_rate from frame
 * from_frames (at the session rate): its frames the file's length at the
 * session's rate (sp_session_frames), then silence; its unchanged() SP_OK
 * while the file is as it was when opened (a render checks each source
 * when it is done with it: what it read must be one version of the file). */
sp_err sp_stream_open(const char *path, double session_rate, int64_t from_frames, sp_source **out,
                      char *why, size_t why_size);

/* The resampler's version ("libsoxr-0.1.3"): its output is in the files. */
const char *sp_stream_resampler_version(void);

#endif
