/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tags of the album's track files (tags.h). */

#include "io/album/tags.h"

#include "core/base/alloc.h"

#include <stdio.h>

static char *dup_or_null(const char *s) { return s ? sp_xstrdup(s) : NULL; }

void sp_album_tags(const sp_album_spec *spec, const sp_album_timeline *t, size_t k, sp_tags *out)
{
  const sp_album_meta *m = t->tracks[k].meta;
  const char *artist = m->artist ? m->artist : spec->meta.artist;
  *out = (sp_tags){.title = m->title ? sp_xstrdup(m->title) : sp_xasprintf("Track %02zu", k + 1),
                   .artist = dup_or_null(artist),
                   .album = dup_or_null(spec->meta.title),
                   .album_artist = dup_or_null(spec->meta.artist),
                   .year = dup_or_null(spec->year),
                   .genre = dup_or_null(spec->genre),
                   .barcode = dup_or_null(spec->upc),
                   .isrc = dup_or_null(m->isrc),
                   .composer = dup_or_null(m->composer),
                   .cover = dup_or_null(spec->cover),
                   .track = (int)k + 1,
                   .tracks = (int)t->n_tracks,
                   .disc = 1,
                   .discs = 1};
}
