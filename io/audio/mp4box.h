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

#include <stddef.h>

typedef struct sp_mp4_meta {
  const sp_tags *tags;        /* NULL: none */
  const unsigned char *cover; /* the cover's bytes (tags->cover read: sp_cover_read) */
  size_t cover_size;
  const char *cover_mime; /* its type as sp_cover_read found it: "image/jpeg" or "image/png" */
  const char *smpb;      /* iTunSMPB's text; NULL: none */
  const char *stem_json; /* the 'stem' box's JSON; NULL: none */
} sp_mp4_meta;

/* Add m to the MPEG-4 file open on fd (read-write): its udta's meta is
 * replaced by one holding m's items; its stem box added. */
sp_err sp_mp4_add_meta(int fd, const sp_mp4_meta *m, char *why, size_t why_size);

#endif
