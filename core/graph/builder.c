/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The graph builder's error and warning helpers (core/graph/builder.h). */

#include "core/graph/builder.h"

#include <stdarg.h>
#include <stdio.h>

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
