/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The graph builder's error and warning helpers (core/graph/builder.h). */

#include "core/graph/builder.h"

#include "core/base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void graph_error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_recipe_verror(b->r, b->d, kind, path, fmt, ap);
  va_end(ap);
}

/* A warning about the recipe, said by the first build of its graph only:
 * a rebuild (an own version's plan, the bleed measurement) would repeat
 * it word for word. */
void graph_warn(builder *b, const char *path, const char *fmt, ...)
{
  if (b->rebuild)
    return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sp_recipe_warn(b->r, b->d, path, "%s", msg);
}

void graph_unheard(builder *b, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (!b->unheard_warns) {
    sp_recipe_verror(b->r, b->d, SP_ERR_USAGE, path, fmt, ap);
  } else { /* a warning: said by the first build only (graph_warn); kept by each */
    va_list n;
    va_copy(n, ap);
    const int len = vsnprintf(NULL, 0, fmt, n);
    va_end(n);
    char *msg = sp_xmalloc(len > 0 ? (size_t)len + 1 : 1);
    vsnprintf(msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
    if (!b->rebuild)
      sp_recipe_warn(b->r, b->d, path, "%s", msg);
    if (!b->g->unheard)
      b->g->unheard = msg;
    else
      free(msg);
  }
  va_end(ap);
}

/* The path of item k of the list at node n's path.key as written. */
static char *item_of(const sp_recipe *r, const char *path, const char *key, size_t k)
{
  char *list = sp_xasprintf("%s.%s", path, key), *at = sp_recipe_item(r, list, k);
  free(list);
  return at;
}

char *graph_region_path(const builder *b, const sp_node *n, size_t k)
{
  return item_of(b->r, n->path, "regions", k);
}

/* (its names are keep's where it keeps, or where it was given `keep:`
 * and not `mute:`, read or not) */
char *graph_version_name(const sp_recipe *r, const sp_version *v, size_t k)
{
  char *path = sp_xasprintf("versions.%s", v->name), *keep = sp_xasprintf("%s.keep", path);
  const bool kept = v->keep || (!v->mute && sp_recipe_written(r, keep));
  char *at = item_of(r, path, kept ? "keep" : "mute", k);
  free(keep);
  free(path);
  return at;
}
