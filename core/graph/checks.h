/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_CHECKS_H
#define SP_GRAPH_CHECKS_H

/* A graph build's last checks (core/graph/checks.c): what a recipe can say
 * that a render could not do, or probably did not mean. */

#include "core/graph/builder.h"

/* As many regions playing at once as the process may open files. */
void graph_check_open_files(builder *b);
/* Warnings for recipes that are valid but probably not what was meant. */
void graph_warn_mistakes(builder *b);
/* Inserts that split into stems: their link floors, against the largest
 * a null test can take (SP_LINK_FLOOR_MAX_DBFS). */
void graph_check_links(builder *b);

#endif
