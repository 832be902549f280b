/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_CONFINE_H
#define SP_GRAPH_CONFINE_H

/* Confinement (--confine, --confine-to): whether a recipe may use a path. */

#include "core/graph/builder.h"

#include <stdbool.h>

/* Whether the recipe may use path (a file it reads, or, write, its output
 * folder): always without confinement; with it, when path resolves inside
 * a root, or a file it reads inside its trusted folder. Says why not at
 * key, naming what ("the file"). */
bool graph_allowed(builder *b, const char *path, bool write, const char *key, const char *what);

#endif
