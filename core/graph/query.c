/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Questions asked of a graph (core/graph/query.h). */

#include "core/graph/query.h"
#include "core/graph/graph_impl.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>

const sp_recipe *sp_graph_recipe(const sp_graph *g) { return g->recipe; }
const sp_media *sp_graph_media(const sp_graph *g) { return g->media; }
double sp_graph_rate(const sp_graph *g) { return g->sample_rate; }
const char *sp_graph_out_dir(const sp_graph *g) { return g->out_dir; }
const char *sp_graph_out_dir_key(const sp_graph *g)
{
  return g->out_dir_given ? "-o" : "output.dir";
}
int sp_graph_master(const sp_graph *g) { return g->master; }
const struct sp_adm *sp_graph_adm(const sp_graph *g) { return g->adm; }

sp_graph_time sp_graph_timeline(const sp_graph *g)
{
  return (sp_graph_time){g->content_frames, g->tail_frames, g->latency};
}

/* Element i of an array of n, or NULL past it. */
#define AT(v, n, i) ((i) < (n) ? &(v)[i] : NULL)
const sp_node *sp_graph_node(const sp_graph *g, size_t i) { return AT(g->nodes, g->n_nodes, i); }
const sp_edge *sp_graph_edge(const sp_graph *g, size_t i) { return AT(g->edges, g->n_edges, i); }
const sp_output_plan *sp_graph_output(const sp_graph *g, size_t i)
{
  return AT(g->outputs, g->n_outputs, i);
}
const sp_derived_plan *sp_graph_derived(const sp_graph *g, size_t i)
{
  return AT(g->derived, g->n_derived, i);
}
const sp_version_plan *sp_graph_version(const sp_graph *g, size_t i)
{
  return AT(g->versions, g->n_versions, i);
}
const sp_insert_file *sp_graph_insert_file(const sp_graph *g, size_t i)
{
  return AT(g->insert_files, g->n_insert_files, i);
}

size_t sp_graph_count(const sp_graph *g, sp_graph_part part)
{
  switch (part) {
  case SP_GRAPH_NODES: return g->n_nodes;
  case SP_GRAPH_OUTPUTS: return g->n_outputs;
  case SP_GRAPH_DERIVED: return g->n_derived;
  case SP_GRAPH_VERSIONS: return g->n_versions;
  case SP_GRAPH_STEMS: return g->stems ? g->n_stems : 0;
  case SP_GRAPH_LANES: return g->n_lanes;
  }
  return 0;
}

const sp_node *sp_graph_node_of(const sp_graph *g, const sp_strip *s)
{
  for (size_t i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].strip == s)
      return &g->nodes[i];
  return NULL;
}

int sp_graph_lane_stem(const sp_graph *g, size_t l)
{
  return l < g->n_lanes && g->lane_stem ? g->lane_stem[l] : -1;
}

const char *const *sp_graph_prints(const sp_graph *g, size_t *n)
{
  if (n)
    *n = g->n_prints;
  return (const char *const *)g->prints;
}

const char *const *sp_graph_adm_prints(const sp_graph *g, size_t *n)
{
  if (n)
    *n = g->n_adm_prints;
  return (const char *const *)g->adm_prints;
}

int sp_graph_find(const sp_graph *g, const char *name)
{
  size_t i;
  return sp_strmap_get(&g->node_names, name, &i) ? (int)i : -1;
}

/* Whether track t's main output path (its `to` chain) passes through bus. */
bool graph_feeds_via_main(const sp_graph *g, int t, int bus)
{
  int cur = t;
  for (size_t hops = 0; hops <= g->n_nodes; hops++) {
    int next = -1;
    for (size_t k = 0; k < g->nodes[cur].n_out; k++)
      if (g->edges[g->nodes[cur].out[k]].kind == SP_EDGE_MAIN)
        next = g->edges[g->nodes[cur].out[k]].dst;
    if (next < 0)
      return false;
    if (next == bus)
      return true;
    cur = next;
  }
  return false;
}

int graph_walk(const sp_graph *g, int start, bool upstream,
               bool (*hit)(const sp_graph *g, int node, const void *ctx), const void *ctx)
{
  bool *seen = sp_xcalloc(g->n_nodes + 1, sizeof *seen);
  int *todo = sp_xcalloc(g->n_nodes + 1, sizeof *todo);
  size_t n = 0;
  int found = -1;
  todo[n++] = start;
  seen[start] = true;
  while (n && found < 0) {
    const sp_node *at = &g->nodes[todo[--n]];
    const size_t n_edges = upstream ? at->n_in : at->n_out;
    for (size_t k = 0; k < n_edges && found < 0; k++) {
      const sp_edge *e = &g->edges[upstream ? at->in[k] : at->out[k]];
      const int next = upstream ? e->src : e->dst;
      if (e->kind == SP_EDGE_KEY || seen[next])
        continue;
      if (hit(g, next, ctx))
        found = next;
      seen[next] = true;
      todo[n++] = next;
    }
  }
  free(seen);
  free(todo);
  return found;
}

static bool is_node(const sp_graph *g, int node, const void *ctx)
{
  (void)g;
  return node == *(const int *)ctx;
}

bool graph_reaches(const sp_graph *g, int from, int to)
{
  return graph_walk(g, from, false, is_node, &to) >= 0;
}

int graph_main_dest(const sp_graph *g, int i)
{
  for (size_t k = 0; k < g->nodes[i].n_out; k++)
    if (g->edges[g->nodes[i].out[k]].kind == SP_EDGE_MAIN)
      return g->edges[g->nodes[i].out[k]].dst;
  return -1;
}

bool graph_route_unknown(const sp_graph *g, int i)
{
  for (size_t hops = 0; i >= 0 && hops <= g->n_nodes; hops++) {
    if (g->nodes[i].route_unknown)
      return true;
    i = graph_main_dest(g, i);
  }
  return false;
}

int sp_graph_home_stem(const sp_graph *g, int node)
{
  if (!g->stems || node == g->master)
    return -1;
  const sp_recipe *r = g->recipe;
  if (r->split == SP_SPLIT_SOURCES) {
    const sp_node *n = &g->nodes[node];
    return n->kind == SP_NODE_TRACK && n->lane >= 0 ? g->lane_stem[n->lane] : -1;
  }
  for (size_t hops = 0; hops <= g->n_nodes; hops++) {
    const sp_node *n = &g->nodes[node];
    int next = -1;
    for (size_t j = 0; j < n->n_out; j++) {
      const sp_edge *e = &g->edges[n->out[j]];
      if (e->kind != SP_EDGE_MAIN)
        continue;
      if (e->dst == g->master)
        return e->lane_to;
      next = e->dst;
    }
    if (next < 0)
      return -1;
    node = next;
  }
  return -1;
}

const char *sp_graph_unheard(const sp_graph *g) { return g->unheard; }

bool sp_graph_carries_stem(const sp_graph *g, int node, size_t stem)
{
  if (!g->stems || stem >= g->n_stems)
    return false;
  if (node == g->master)
    return true;
  if (g->recipe->split == SP_SPLIT_BUSES || g->per_source)
    return sp_graph_home_stem(g, node) == (int)stem;
  for (size_t l = 0; g->nodes[node].lanes && l < g->n_lanes; l++)
    if (g->nodes[node].lanes[l] && g->lane_stem[l] == (int)stem)
      return true;
  return false;
}

size_t sp_graph_adm_made(const sp_graph *g, const bool *skip)
{
  const sp_recipe *r = g->recipe;
  if (!r->adm || g->n_adm_prints == 0 || (skip && skip[0]))
    return 0;
  /* the stems' too, when planned (core/graph/outputs.c) and every stem is
   * printed (outputs 1 to n_stems) */
  const size_t mix = 1 + r->n_adm_renders;
  bool stems = g->n_adm_prints > mix;
  for (size_t s = 0; stems && skip && s < g->n_stems; s++)
    stems = !skip[1 + s];
  return stems ? g->n_adm_prints : mix;
}

char *sp_graph_adm_path(const sp_graph *g, size_t i, const char **of, const sp_layout **layout)
{
  if (of)
    *of = g->adm_outs[i].of;
  if (layout)
    *layout = g->adm_outs[i].layout;
  return sp_xstrdup(g->adm_outs[i].path);
}

sp_proc_env sp_graph_proc_env(const sp_graph *g, const sp_node *n, size_t k, size_t block_frames)
{
  const struct sp_ins_sel *sel = n->ins ? &n->ins[k].sel : NULL;
  sp_proc_env env = {.sample_rate = g->sample_rate,
                     .channels = sel && sel->n ? sel->n : n->ins[k].channels,
                     .layout = sel && sel->n ? NULL : n->ins[k].layout,
                     .max_block_frames = block_frames,
                     .floor_db = g->floor_db,
                     .cycle = g->recipe ? g->recipe->plugin_cycle : 0,
                     .cycle_first = g->recipe ? g->recipe->plugin_cycle_first : 0};
  /* the recipe's `detect:`, else on more than two channels all but an LFE */
  env.detect_asked = sel && sel->detect;
  if (env.detect_asked)
    env.detect = sel->detect;
  for (int c = 0; !env.detect_asked && env.channels > 2 && c < env.channels; c++)
    if (!n->ins[k].layout->ch[sel && sel->n ? sel->idx[c] : c].lfe)
      env.detect |= 1u << c;
  return env;
}

sp_proc_args sp_graph_insert_args(const sp_graph *g, const sp_node *n, size_t k)
{
  (void)g;
  const sp_insert *ins = &n->strip->inserts[k];
  sp_proc_args a = {
      .values = ins->params,
      .n_sets = ins->n_sets,
      .resources = n->ins ? (const sp_resource *const *)n->ins[k].resources : NULL,
      .cls = ins->cls,
      .saved = ins->saved,
      .state_file = ins->state_file,
      .given = ins->given,
      .keyed = ins->key_from != NULL,
      .automation = ins->automation,
      .feed = ins->feed,
      .keep_mono = ins->keep_mono,
      .paths = (const char *const *)ins->files,
      .events = (ins->cls->flags & SP_PROC_INSTRUMENT) ? &n->events : NULL,
      .bypasses = (ins->cls->flags & SP_PROC_OWN_BYPASS) && ins->bypasses.n ? &ins->bypasses : NULL,
      .outboard = n->ins ? n->ins[k].outboard : NULL,
      .keep_send = true,
  };
  return a;
}

int sp_graph_output_channels(const sp_graph *g, const sp_output_plan *o)
{
  return o->kind == SP_OUT_BUS && o->node >= 0 ? g->nodes[o->node].channels
                                               : g->nodes[g->master].channels;
}

const sp_layout *sp_graph_output_layout(const sp_graph *g, const sp_output_plan *o)
{
  return o->kind == SP_OUT_BUS && o->node >= 0 ? g->nodes[o->node].layout
                                               : g->nodes[g->master].layout;
}

size_t sp_graph_block_frames(const sp_graph *g, size_t asked)
{
  if (asked)
    return asked;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_strip *s = g->nodes[i].strip;
    for (size_t k = 0; s && k < s->n_inserts; k++)
      if (s->inserts[k].cls && s->inserts[k].cls->origin)
        return SP_BLOCK_FRAMES_PLUGINS;
  }
  return SP_BLOCK_FRAMES;
}
