/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_PARK_H
#define SP_AUDIO_PARK_H

/* Readers parked where they stopped. A reader that seeks by decoding from
 * where it is (an MP3 of no stated length: io/audio/audio.c; FFmpeg's:
 * io/audio/m4a.c) is parked when closed partway, and the next reader of
 * the same file (its probe: the file unchanged, io/fs/probe.h) that seeks
 * at or past that frame takes its place (sp_audio_seek_near,
 * io/audio/audio.h): a session that plays a long such file in many
 * regions, in its order, decodes it about once, not once a region from
 * its start (40 regions of a 10-minute file: an MP3 9.2 s, now 1.3; an
 * AAC .m4a 21.4 s, now 1.6; a WavPack 88.9 s, now 2.6). What is decoded,
 * and so every sample, is the same: the decoder runs through the file in
 * one order either way. The 8 most recently closed are kept, the oldest
 * closed first. Thread-safe. */

#include "core/media/media.h"
#include "io/fs/probe.h"

#include <stdint.h>

/* r, a reader of file closed at frame pos (partway): kept, or freed by
 * free_fn (now, or once 8 closed since have taken its place). */
void sp_park(sp_reader *r, const sp_probe *file, int64_t pos, void (*free_fn)(sp_reader *r));

/* The reader parked of file nearest upto, at a frame past after and up
 * to upto, taken (the caller's, its frame the one it was parked at);
 * NULL: none. */
sp_reader *sp_park_take(const sp_probe *file, int64_t after, int64_t upto);

/* Free every reader parked: what a process's exit would do, for a process
 * that goes on (the tests' commands). */
void sp_park_close_all(void);

#endif
