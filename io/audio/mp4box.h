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

/* Add m to the MPEG-4 file open on fd (read-write): its udta's meta is
 * replaced by one holding m's items; its stem box added. */
sp_err sp_mp4_add_meta(int fd, const sp_mp4_meta *m, char *why, size_t why_size);

#endif
