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

#include "core/base/diag.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sp_stream sp_stream;

/* Open path to stream at session_rate from frame from_frames (at the
 * session rate). */
sp_err sp_stream_open(const char *path, double session_rate, int64_t from_frames, sp_stream **out,
                      char *why, size_t why_size);

/* Read the next frames into the planar channels ch[0..channels). */
sp_err sp_stream_read(sp_stream *s, float *const *ch, size_t frames, char *why, size_t why_size);

int sp_stream_channels(const sp_stream *s);

/* The file's length at the session's rate (sp_session_frames): what the
 * stream yields from frame 0 before its silence. */
int64_t sp_stream_frames(const sp_stream *s);

/* SP_OK when the file is as it was when opened; else SP_ERR_IO, why saying
 * it changed while being read (a render checks each source when it is
 * done with it: what it read must be one version of the file). */
sp_err sp_stream_unchanged(const sp_stream *s, char *why, size_t why_size);

/* Close; accepts NULL. */
void sp_stream_close(sp_stream *s);

/* The resampler's version ("libsoxr-0.1.3"): its output is in the files. */
const char *sp_stream_resampler_version(void);

#endif
