/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A store file's tags (core/recipe/tags.h). */

#include "core/recipe/tags.h"

#include "core/base/alloc.h"

char *sp_tags_title(const sp_tags *t, const char *name, int is_mix)
{
  if (!t || !t->title)
    return NULL;
  return is_mix ? sp_xstrdup(t->title) : sp_xasprintf("%s (%s)", t->title, name);
}
