/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_LANES_H
#define SP_GRAPH_LANES_H

/* A graph build's stems and lanes (core/graph/lanes.c): who is silent,
 * which lane each track feeds, the versions and cells, the lanes every
 * node carries, and how long the timeline is. */

#include "core/graph/builder.h"

/* Mute and solo (and opts->extra_mute) into each node's silent. */
void graph_plan_silence(builder *b, const sp_graph_opts *opts);
/* The stems, versions and cells as lanes; each track's lane. */
void graph_plan_lanes(builder *b, const sp_graph_opts *opts);
/* The lanes each node carries, along the schedule. */
void graph_propagate_lanes(sp_graph *g);
/* The timeline's length: the last region's end, or the recipe's length. */
void graph_plan_length(builder *b);

#endif
