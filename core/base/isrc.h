/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ISRC_H
#define SP_ISRC_H

/* The ISRC (ISO 3901): the one rule every reader of one holds it to (an
 * album's songs' `isrc`, io/album/album_read.c; a recipe's
 * `output.tags.isrc`, core/recipe/keys.c's row) and the one form each
 * stores and every writer writes (FLAC's ISRC, MP3's TSRC, an .m4a's ISRC
 * item, a CUE sheet's and a TOC's ISRC).
 *
 * CC-XXX-YY-NNNNN: a country code (2 capital letters), a registrant code
 * (3 capitals or digits), a year (2 digits), a designation (5 digits);
 * taken with its three hyphens (15 characters) or without any (12), kept
 * without them (12). An ISRC has no check digit. */

#include <stdbool.h>

/* Whether s is an ISRC of either form. Else why says what is wrong (the
 * part at fault, its length) and how it is written. */
bool sp_isrc_valid(const char *s, char why[128]);

/* s (valid) without its hyphens, the 12 characters stored and written,
 * into out (out may be s: it is compacted in place). */
void sp_isrc_compact(const char *s, char out[13]);

#endif
