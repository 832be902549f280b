/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A store file's tags (core/recipe/tags.h). */

#include "core/recipe/tags.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>

char *sp_tags_title(const sp_tags *t, const char *name, int is_mix)
{
  if (!t || !t->title)
    return NULL;
  return is_mix ? sp_xstrdup(t->title) : sp_xasprintf("%s (%s)", t->title, name);
}

void sp_tags_fini(sp_tags *t)
{
  free(t->title), free(t->artist), free(t->album), free(t->isrc), free(t->year);
  free(t->cover_as_written), free(t->cover), free(t->cover_key);
  free(t->album_artist), free(t->genre), free(t->composer), free(t->barcode);
  memset(t, 0, sizeof *t);
}

int sp_tags_any(const sp_tags *t)
{
  return t && (t->title || t->artist || t->album || t->year || t->track || t->disc || t->isrc ||
               t->cover || t->album_artist || t->genre || t->composer || t->barcode);
}

static char *dup_or_null(const char *s) { return s ? sp_xstrdup(s) : NULL; }

void sp_tags_copy(sp_tags *to, const sp_tags *t)
{
  *to = *t;
  to->title = dup_or_null(t->title), to->artist = dup_or_null(t->artist);
  to->album = dup_or_null(t->album), to->year = dup_or_null(t->year);
  to->isrc = dup_or_null(t->isrc), to->cover = dup_or_null(t->cover);
  to->cover_as_written = dup_or_null(t->cover_as_written);
  to->cover_key = dup_or_null(t->cover_key);
  to->album_artist = dup_or_null(t->album_artist), to->genre = dup_or_null(t->genre);
  to->composer = dup_or_null(t->composer), to->barcode = dup_or_null(t->barcode);
}
