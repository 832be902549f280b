/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_TAGS_H
#define SP_ALBUM_TAGS_H

/* The album's track files tagged (tags.c): FLAC's Vorbis comments and
 * picture through libFLAC, MP3's ID3v2.4 written here: title, artist,
 * album, album artist, track and disc number, year, genre, ISRC,
 * composer, the UPC/EAN (FLAC's BARCODE) and the cover. A WAV, AIFF or
 * W64 file is left as written (its bytes are the master's). */

#include "core/album/album.h"
#include "io/album/album_read.h"
#include "io/album/album_write.h"

/* Tag made's FLAC and MP3 track files (every set's) from spec and t's
 * metadata. SP_ERR_IO with why when one cannot be read or saved. */
sp_err sp_album_tag(const sp_album_spec *spec, const sp_album_timeline *t,
                    const sp_album_made *made, char *why, size_t why_size);

#endif
