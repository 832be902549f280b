/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_FLAC_H
#define SP_AUDIO_FLAC_H

/* What a FLAC file's own bytes say of its frames (RFC 9639), where
 * libsndfile, reading it through libFLAC, says nothing: it plays the
 * samples STREAMINFO counts at the rate STREAMINFO says, stops at the
 * first stream's end, and reads a stream of no count to its last whole
 * frame, each in silence. Read by pread from fd, the metadata blocks'
 * headers and the file's first frame header and its tail (two of its
 * largest frames, as STREAMINFO says them; 4 MiB where it does not): the
 * whole file only where those disagree (to find a second stream). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_flac_said {
  /* STREAMINFO: its sample rate, its largest block (samples) and frame
   * (bytes, 0: unsaid), its total samples (0: unsaid, as a writer to a
   * pipe leaves it); where that count is in the file (the byte its top 4
   * bits share with the sample size, then 4 bytes) */
  unsigned rate, max_block, max_frame;
  int64_t total;
  uint64_t total_at;
  /* the first frame's header's sample rate (0: it says STREAMINFO's) */
  unsigned first_rate;
  /* the samples the frames hold, as the last whole frame's header
   * numbers it (its CRC-16 holding) plus its block; -1 where none is
   * found in the tail */
  int64_t frames_hold;
  /* a frame begins after that one that the file ends inside (a copy or
   * a pipe's writer cut short) */
  bool cut;
  /* a second stream's "fLaC" and STREAMINFO after the first's frames
   * (files joined with cat): its byte; 0 none (looked for only where the
   * frames disagree with STREAMINFO's count, or it has none) */
  uint64_t joined_at;
} sp_flac_said;

/* What the FLAC file of size bytes read through fd says (above); false
 * where it is no FLAC stream stemprint can walk (no "fLaC" after an
 * ID3v2 tag, no STREAMINFO first): libsndfile's own words then. */
bool sp_flac_said_read(int fd, uint64_t size, sp_flac_said *s);

/* Whether the n bytes at b begin a FLAC frame header whose CRC-8 holds
 * (RFC 9639, 9.1): then its coded number (a frame's; a sample's where
 * *variable), its block's samples, its rate (0: STREAMINFO's) and its
 * length in bytes. */
bool sp_flac_frame_header(const unsigned char *b, size_t n, uint64_t *number, bool *variable,
                          unsigned *block, unsigned *rate, size_t *len);

#endif
