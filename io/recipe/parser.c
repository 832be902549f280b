/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every step of the recipe parser uses (io/recipe/parser.h): where a
 * problem is, and how recipe paths and file names are made. */

#include "io/recipe/parser.h"

#include "core/base/alloc.h"

#include <stdarg.h>
#include <string.h>

void recipe_err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_pos pos = n ? n->pos : sp_recipe_where(p->r, path);
  sp_diags_verror(p->d, kind, n && n->from ? n->from : p->r->file, pos, path, fmt, ap);
  va_end(ap);
}

char *recipe_join(const char *path, const char *key)
{
  return *path ? sp_xasprintf("%s.%s", path, key) : sp_xstrdup(key);
}

char *recipe_index_path(const char *path, size_t i) { return sp_xasprintf("%s[%zu]", path, i); }

char *recipe_resolve(const sp_recipe *r, const char *file)
{
  if (file[0] == '/' || strcmp(r->dir, ".") == 0)
    return sp_xstrdup(file);
  return sp_xasprintf("%s/%s", r->dir, file);
}
