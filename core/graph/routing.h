/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_ROUTING_H
#define SP_GRAPH_ROUTING_H

/* The first steps of a graph build: the recipe's strips as nodes, their
 * outputs, sends and keys as edges. */

#include "core/graph/builder.h"

/* A node per track, bus and master, in recipe order (master last). */
void graph_build_nodes(builder *b);
/* An edge per main output, send and key, each destination resolved. */
void graph_build_edges(builder *b);

#endif
