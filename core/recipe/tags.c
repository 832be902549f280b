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
  memset(t, 0, sizeof *t);
}
