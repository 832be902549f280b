/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_QUERY_H
#define SP_GRAPH_QUERY_H

/* Questions asked of a graph: a node by name, where a node's main output
 * goes, which stem a node belongs to, what a processor of a node is
 * prepared with. The build's steps ask them of the graph they are making,
 * the renderer and the reports of a graph built. */

#include "core/graph/graph.h"

#include <stdbool.h>
#include <stddef.h>

/* The environment insert k of node n is prepared in, for blocks of up to
 * block_frames. */
sp_proc_env sp_graph_proc_env(const sp_graph *g, const sp_node *n, size_t k, size_t block_frames);

/* The processor arguments of insert k of node n: its parameter values and
 * its loaded resources (valid while g lives). */
sp_proc_args sp_graph_insert_args(const sp_graph *g, const sp_node *n, size_t k);

/* The channels of output o's files: a printed bus's, else master's; and
 * their layout. */
int sp_graph_output_channels(const sp_graph *g, const sp_output_plan *o);
const sp_layout *sp_graph_output_layout(const sp_graph *g, const sp_output_plan *o);

/* The stem a track belongs to: the one it is assigned to (split: sources)
 * or the one its main output reaches master through (split: buses); for a
 * bus under split: buses, likewise; else -1. */
int sp_graph_home_stem(const sp_graph *g, int node);
/* Whether stem's signal passes through node (any stem for master). */
bool sp_graph_carries_stem(const sp_graph *g, int node, size_t stem);

/* How many of g->adm_prints master.adm's step makes in a render that
 * skips skip's outputs (render --only; NULL: none), the first ones of
 * that list: none without master.adm or without the mix, the mix's ADM
 * BWF and re-renders without every stem, else all of them. */
size_t sp_graph_adm_made(const sp_graph *g, const bool *skip);
/* The path of g->adm_prints[i] (i < n_adm_prints), <out_dir>/<file>, as
 * the depfile and the dry run name it (heap; free it); *of: the mix's or
 * the stem's name it is made of, *layout: its re-render's layout, NULL for
 * the ADM BWF itself (either out-parameter may be NULL). */
char *sp_graph_adm_path(const sp_graph *g, size_t i, const char **of, const sp_layout **layout);

/* The render's block, frames: asked when not 0, else the default. Built-in
 * processors give the same bytes at any block, and a larger one costs
 * fewer tasks and calls (8192: the reference session 5 % faster than at
 * 4096, memory still flat in the session's length); a plugin may give other
 * bytes at another run() length, so a graph with one keeps the block its
 * renders have always had. */
enum { SP_BLOCK_FRAMES = 8192, SP_BLOCK_FRAMES_PLUGINS = 4096 };
size_t sp_graph_block_frames(const sp_graph *g, size_t asked);

/* Node index by track or bus name ("master" included), or -1. */
int sp_graph_find(const sp_graph *g, const char *name);

/* Whether track t reaches bus along main outputs only. */
bool graph_feeds_via_main(const sp_graph *g, int t, int bus);
/* The node node i's main output goes to, or -1 (to: none, or master). */
int graph_main_dest(const sp_graph *g, int i);

#endif
