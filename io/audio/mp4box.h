/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_MP4BOX_H
#define SP_MP4BOX_H

/* What FFmpeg's mov muxer does not write into an MPEG-4 file, written
 * here after it: the iTunes metadata list (moov/udta/meta/ilst: the tags,
 * an album's artist (aART), genre (\251gen) and composer (\251wrt) among
 * them, the cover, the ISRC, the UPC/EAN (BARCODE) and iTunSMPB as freeform
 * '----' items) and NI's
 * 'stem' box (moov/udta/stem). The file's moov must be its last top-level
 * box (the muxer's default, no faststart): it is rewritten in place,
 * larger, and no chunk offset moves. */

#include "core/base/diag.h"
#include "core/recipe/tags.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_mp4_meta {
  const sp_tags *tags;        /* NULL: none */
  const unsigned char *cover; /* the cover's bytes (tags->cover read: sp_cover_read) */
  size_t cover_size;
  const char *cover_mime; /* its type as sp_cover_read found it: "image/jpeg" or "image/png" */
  const char *smpb;      /* iTunSMPB's text; NULL: none */
  const char *stem_json; /* the 'stem' box's JSON; NULL: none */
} sp_mp4_meta;

/* What the top-level boxes of the MPEG-4 (or QuickTime) file open on fd
 * say, walked from its start: the file's size, its moov box (moov_len 0:
 * none before the first box out of the file), and that first box out of
 * it: one that runs past the file's end (bad_len its size as it says
 * it), or says less than its header (bad_len < 8); bad_type "" when every
 * box fits. */
typedef struct sp_mp4_top {
  uint64_t size, moov, moov_len;
  uint64_t bad_at, bad_len;
  char bad_type[5];
} sp_mp4_top;
void sp_mp4_top_read(int fd, sp_mp4_top *t);
/* What is wrong with a file whose boxes t says, and the fix, into why:
 * false when they say nothing wrong. */
bool sp_mp4_top_said(const sp_mp4_top *t, char *why, size_t why_size);

/* What the edit list (ISO/IEC 14496-12 8.6.6) of the track whose tkhd
 * says track_id says before its media plays: the empty edits (media_time
 * -1: silence of their duration) before its first edit of media, summed,
 * and that edit's duration, both in the movie's timescale (mvhd's). */
typedef struct sp_mp4_edits {
  uint32_t timescale; /* the movie's; 0: no mvhd read */
  uint64_t empty;     /* the empty edits before the media's first */
  uint64_t media;     /* the first media edit's duration; 0: none said */
  uint64_t after;     /* the edits after that one (a gap, a second piece) */
} sp_mp4_edits;
/* The edits of the MPEG-4 file open on fd, into *e: false (e all 0) when
 * the track has no edit list, or its boxes cannot be walked. */
bool sp_mp4_edits_read(int fd, uint32_t track_id, sp_mp4_edits *e);

/* Add m to the MPEG-4 file open on fd (read-write): its udta's meta is
 * replaced by one holding m's items; its stem box added. */
sp_err sp_mp4_add_meta(int fd, const sp_mp4_meta *m, char *why, size_t why_size);

#endif
