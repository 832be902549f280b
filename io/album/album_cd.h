/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALBUM_CD_H
#define SP_ALBUM_CD_H

/* An album's CD image (output.cd, docs/album.md "## CD image"): the disc
 * of its timeline, its Red Book rules said at the album recipe's keys.
 *
 *   timeline ──► sp_cd_disc: each track's INDEX 01 its index 01 (where its
 *     song plays from, or the cut in a crossfade), its gap its pregap (INDEX
 *     00), its index points INDEX 02 ...; its title, artist (performer),
 *     composer (songwriter), ISRC; the album's title and artist, its UPC
 *     (CATALOG)
 *   disc ──► sp_redbook_check ──► each rule broken at its key:
 *     album.songs[N].gap, .index[i], .isrc, .title ..., album.upc */

#include "core/album/album.h"
#include "core/album/redbook.h"
#include "core/base/diag.h"
#include "io/album/album_read.h"

/* The disc of spec's album laid out as t (it borrows t's and spec's
 * strings and index points; its tracks are heap: sp_album_cd_fini). */
void sp_album_cd_disc(const sp_album_spec *spec, const sp_album_timeline *t, sp_cd_disc *d);
void sp_album_cd_fini(sp_cd_disc *d);

/* Every Red Book rule d (spec's disc) breaks into diags, at the key of
 * spec's recipe that makes it (SP_ERR_USAGE); the count. The album's
 * validator (album_check.h) holds its disc to them, for check and render. */
size_t sp_album_cd_check(const sp_album_spec *spec, const sp_cd_disc *d, sp_diags *diags);

#endif
