/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_QUERY_H
#define SP_GRAPH_QUERY_H

/* Questions asked of a graph: what it is of, what it holds, a node by
 * name, where a node's main output goes, which stem a node belongs to, what
 * a processor of a node is prepared with. The build's steps ask them of the
 * graph they are making, the renderer and the reports of a graph built.
 * Outside the engine (core/graph, core/render) these are the only way in:
 * the graph's struct is core/graph/graph_impl.h's, which nothing else
 * includes (tests/test_layers.c), as libebur128 hides its state. */

#include "core/graph/graph.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The recipe the graph is of and the media its files go through (both
 * borrowed by sp_graph_build). */
const sp_recipe *sp_graph_recipe(const sp_graph *g);
const sp_media *sp_graph_media(const sp_graph *g);
/* The session's sample rate, Hz. */
double sp_graph_rate(const sp_graph *g);
/* The output folder, resolved, and the name messages give it: "-o" when
 * it is sp_graph_opts.out_dir's (render -o), else "output.dir". */
const char *sp_graph_out_dir(const sp_graph *g);
const char *sp_graph_out_dir_key(const sp_graph *g);

/* The render's timeline, frames: the sources' length, the tail rendered
 * after it, and master's latency, trimmed from every output. */
typedef struct sp_graph_time {
  int64_t content_frames, tail_frames, latency_frames;
} sp_graph_time;
sp_graph_time sp_graph_timeline(const sp_graph *g);

/* What the graph holds, by index, valid while it lives; NULL past the
 * last, so that `for (size_t i = 0; (n = sp_graph_node(g, i)); i++)`
 * visits them all. Nodes: the tracks, then the buses, in recipe order,
 * then master (sp_graph_master). Outputs: the mix, each stem (stem s at
 * 1 + s), the versions, the printed buses, the rests. Derived: each
 * output's file in each set of output.also. Versions: the recipe's, in its
 * order. Insert files: every file an insert reads, in node order. */
const sp_node *sp_graph_node(const sp_graph *g, size_t i);
const sp_edge *sp_graph_edge(const sp_graph *g, size_t i);
const sp_output_plan *sp_graph_output(const sp_graph *g, size_t i);
const sp_derived_plan *sp_graph_derived(const sp_graph *g, size_t i);
const sp_version_plan *sp_graph_version(const sp_graph *g, size_t i);
const sp_insert_file *sp_graph_insert_file(const sp_graph *g, size_t i);
/* How many of a kind it holds. Stems: those it prints (0 when the recipe
 * has none). Lanes: the render's (core/graph/graph.h). */
typedef enum sp_graph_part {
  SP_GRAPH_NODES,
  SP_GRAPH_OUTPUTS,
  SP_GRAPH_DERIVED,
  SP_GRAPH_VERSIONS,
  SP_GRAPH_STEMS,
  SP_GRAPH_LANES
} sp_graph_part;
size_t sp_graph_count(const sp_graph *g, sp_graph_part part);
/* Master's node index. */
int sp_graph_master(const sp_graph *g);
/* The node of strip s (a track's, a bus's or master's), or NULL. */
const sp_node *sp_graph_node_of(const sp_graph *g, const sp_strip *s);
/* The stem lane l belongs to at master, or -1. */
int sp_graph_lane_stem(const sp_graph *g, size_t l);
/* The file names (in the output folder) a whole render records: its prints
 * (the master set's, mix first, then each set's of output.also in turn),
 * and master.adm's files (sp_graph_adm_path), made after them; *n (when not
 * NULL): how many. */
const char *const *sp_graph_prints(const sp_graph *g, size_t *n);
const char *const *sp_graph_adm_prints(const sp_graph *g, size_t *n);
/* With master.adm, its ADM BWF's structure as the build planned and
 * checked it (core/graph/master_adm.c); NULL without. */
const struct sp_adm *sp_graph_adm(const sp_graph *g);

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
/* The rule a graph built with sp_graph_opts.unheard_warns breaks, in the
 * check's words ("nothing to render: ...; unmute a track"), which `check`
 * and `render` refuse it by; NULL where its mix is heard. */
const char *sp_graph_unheard(const sp_graph *g);
/* Whether stem's signal passes through node (any stem for master). */
bool sp_graph_carries_stem(const sp_graph *g, int node, size_t stem);

/* How many of sp_graph_adm_prints master.adm's step makes in a render that
 * skips skip's outputs (render --only; NULL: none), the first ones of
 * that list: none without master.adm or without the mix, the mix's ADM
 * BWF and re-renders without every stem, else all of them. */
size_t sp_graph_adm_made(const sp_graph *g, const bool *skip);
/* The path of sp_graph_adm_prints' file i, <out_dir>/<file>, as
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
/* The first node (its index; -1: none) for which hit says true, walked
 * from node start (not asked itself) along every edge that carries its
 * signal, main outputs and sends, through buses (a sidechain key feeds no
 * bus's output): downstream (what it feeds) or upstream (what feeds it). */
int graph_walk(const sp_graph *g, int start, bool upstream,
               bool (*hit)(const sp_graph *g, int node, const void *ctx), const void *ctx);
/* Whether node from's signal reaches node to (graph_walk downstream). */
bool graph_reaches(const sp_graph *g, int from, int to);
/* The node node i's main output goes to, or -1 (to: none, or master). */
int graph_main_dest(const sp_graph *g, int i);
/* Whether node i's main outputs, followed, meet a `to:` refused
 * (sp_node.route_unknown): where it ends is not known. */
bool graph_route_unknown(const sp_graph *g, int i);

#endif
