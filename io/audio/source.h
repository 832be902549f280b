/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SOURCE_H
#define SP_SOURCE_H

/* A source: one audio file streamed at the session rate, from a start frame.
 *
 * Reads in fixed chunks of its own, whatever the renderer's block size, so
 * what a source yields never depends on how it is asked for; files at another
 * rate go through libsoxr (very high quality) in the same fixed chunks. Memory is
 * two chunk buffers and the resampler, independent of the file's length.
 * Past the end of the file a source yields silence. */

#include "core/base/diag.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sp_source sp_source;

/* Open path to stream at session_rate from frame from_frames (at the
 * session rate). */
sp_err sp_source_open(const char *path, double session_rate, int64_t from_frames, sp_source **out,
                      char *why, size_t why_size);

/* Read the next frames into the planar channels ch[0..channels). */
sp_err sp_source_read(sp_source *s, float *const *ch, size_t frames, char *why, size_t why_size);

int sp_source_channels(const sp_source *s);

/* SP_OK when the file is as it was when opened; else SP_ERR_IO, why saying
 * it changed while being read (a render checks each source when it is
 * done with it: what it read must be one version of the file). */
sp_err sp_source_unchanged(const sp_source *s, char *why, size_t why_size);

/* Close; accepts NULL. */
void sp_source_close(sp_source *s);

/* Read a whole short file (an impulse response, at most max_seconds long)
 * at session_rate into planar buffers ch[0..*channels) of *frames frames
 * (free each). */
sp_err sp_source_load(const char *path, double session_rate, double max_seconds, float *ch[2],
                      int *channels, int64_t *frames, char *why, size_t why_size);

/* Length in session frames of a file of file_frames at file_rate. */
int64_t sp_source_session_frames(int64_t file_frames, int file_rate, double session_rate);

/* The resampler's version ("libsoxr-0.1.3"): its output is in the files. */
const char *sp_source_resampler_version(void);

#endif
