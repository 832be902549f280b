/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_TAGS_H
#define SP_ALBUM_TAGS_H

/* An album track file's tags (tags.c), as one sp_tags (core/recipe/tags.h)
 * that its sink writes, as a song's print's: FLAC's Vorbis comments and
 * picture, MP3's ID3v2.4 (io/audio/tagfile.h), an .m4a's ilst
 * (io/audio/m4a.h): title, artist, album, album artist, track and disc
 * number, year, genre, ISRC, composer, the UPC/EAN and the cover. A WAV,
 * AIFF, W64 or Opus file is left as written (its bytes are the master's). */

#include "core/album/album.h"
#include "io/album/album_read.h"
#include "core/recipe/tags.h"

/* Track k's tags of the album spec, timeline t, into *out (heap:
 * sp_tags_fini frees them). */
void sp_album_tags(const sp_album_spec *spec, const sp_album_timeline *t, size_t k, sp_tags *out);

#endif
