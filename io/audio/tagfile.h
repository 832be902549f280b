/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TAGFILE_H
#define SP_TAGFILE_H

/* A finished store file tagged after it is written (tagfile.c): FLAC's
 * Vorbis comments and picture through libFLAC, MP3's ID3v2.4 written
 * here. The one writer of those tags, for a song's prints (the sink's
 * set_tags, io/audio/audio.c) and an album's tracks (io/album/tags.c);
 * an .m4a's are its own writer's (io/audio/m4a.c). */

#include "core/base/diag.h"
#include "core/recipe/format.h"
#include "core/recipe/tags.h"

#include <stddef.h>

/* Tag the file at path, a `format` one, with t (the cover read from its
 * path t->cover). A format other than FLAC and MP3, or t saying nothing:
 * nothing done. SP_ERR_IO with why when it cannot be read or saved. */
sp_err sp_tag_file(const char *path, sp_format format, const sp_tags *t, char *why,
                   size_t why_size);

#endif
