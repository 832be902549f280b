/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_TAGS_H
#define SP_ALBUM_TAGS_H

/* The album's track files tagged: FLAC's Vorbis comments and MP3's ID3v2
 * through TagLib's C API (the only module that includes <tag_c.h>): title,
 * artist, album, track number, year, genre. A WAV, AIFF or W64 file is
 * left as written (its bytes are the master's). TagLib's C API of 1.x
 * cannot write ISRC, composer or a cover: see docs/album.md. */

#include "core/album/album.h"
#include "io/album/album_read.h"
#include "io/album/album_write.h"

/* Tag made's FLAC and MP3 track files from spec. SP_ERR_IO with why when
 * one cannot be saved. */
sp_err sp_album_tag(const sp_album_spec *spec, const sp_album_timeline *t,
                    const sp_album_made *made, char *why, size_t why_size);

#endif
