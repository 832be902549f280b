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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes a cover may have: 16 MiB. */
#define SP_COVER_MAX ((size_t)16 << 20)

/* The cover image at path, read as every writer of a tag reads it (a
 * regular file, at most SP_COVER_MAX bytes): its bytes into *bytes (free
 * them), *n of them, and its type by its first bytes, *mime "image/jpeg"
 * (FF D8 FF) or "image/png" (the PNG signature), the type each file is
 * tagged with. SP_ERR_IO when it cannot be read (why: the system's
 * reason); SP_ERR_USAGE when it is too large or is no JPEG or PNG (why
 * says what its bytes are: empty, text, a GIF or WebP image, or its first
 * bytes in hex, and the fix). */
sp_err sp_cover_read(const char *path, char **bytes, size_t *n, const char **mime, char *why,
                     size_t why_size);
/* Whether the cover at path reads as sp_cover_read reads it (what an
 * album's and a recipe's check hold it to before a frame renders). */
sp_err sp_cover_check(const char *path, char *why, size_t why_size);

/* Tag the file at path, a `format` one, with t (the cover read from its
 * path t->cover by sp_cover_read, and refused as it refuses). A format
 * other than FLAC and MP3, or t saying nothing: nothing done. SP_ERR_IO
 * with why when it cannot be read or saved. */
sp_err sp_tag_file(const char *path, sp_format format, const sp_tags *t, char *why,
                   size_t why_size);

/* Whether the FLAC file read through fd (by pread, its descriptor left
 * as it is) has a WAVEFORMATEXTENSIBLE_CHANNEL_MASK Vorbis comment, the
 * speakers of its channels where they are not the format's own for their
 * count; *mask its value where it is a mask (hexadecimal 0x... or
 * decimal, within white space, of 32 bits), else 0: one of other bits
 * than the file's channels is read as written, and judged as a WAV's is
 * (core/graph/sources.c: a mask of no layout stemprint has is said).
 * Only the metadata blocks' headers and the Vorbis comment are read. */
bool sp_flac_tagged_mask(int fd, uint32_t *mask);

#endif
