/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Graph build: the recipe becomes nodes and edges, then each planning step
 * runs in order:
 *
 *   recipe ─► nodes + edges, names resolved (routing.c)
 *          ─► sources probed (sources.c) ─► inserts probed (inserts.c)
 *          ─► schedule (Kahn) / cycles (schedule.c)
 *          ─► solo, mute ─► stems → lanes (lanes.c)
 *          ─► latency (inserts.c) ─► outputs resolved (outputs.c)
 *          ─► checks and likely mistakes (checks.c)
 *
 * Every step records its problems and carries on where it safely can, so a
 * user sees all of a recipe's mistakes in one run. The steps share the
 * builder of core/graph/builder.h and its confinement (confine.c); this
 * file runs them and calls none of them back. */

#include "core/graph/graph.h"

#include "core/graph/builder.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/dsp/adm.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sp_err sp_graph_build(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                      sp_graph **out, sp_diags *d)
{
  size_t errors_before = sp_diags_errors(d);
  *out = NULL;
  sp_graph *g = sp_xcalloc(1, sizeof *g);
  g->recipe = r;
  g->media = media;
  g->sample_rate = r->sample_rate;
  builder b = {r,
               g,
               d,
               NULL,
               opts && opts->rebuild,
               NULL,
               0,
               NULL,
               opts && opts->key_only,
               opts ? opts->only_insert : NULL,
               opts ? opts->threads : 1,
               NULL,
               0,
               0};
  g->key_only = b.key_only;
  g->one_insert = b.only_insert != NULL;
  if (opts && opts->confine) {
    const size_t n = opts->n_roots ? opts->n_roots : 1;
    b.roots = sp_xcalloc(n, sizeof *b.roots);
    for (size_t i = 0; i < n; i++) {
      const char *root = opts->n_roots ? opts->roots[i] : r->dir;
      if ((b.roots[b.n_roots] = media->resolve(media, root)))
        b.n_roots++;
      else
        sp_diags_error(d, SP_ERR_USAGE, NULL, (sp_pos){0, 0}, NULL,
                       "--confine-to '%s': %s; give a folder that exists", root, strerror(errno));
    }
    if (r->trusted_dir)
      b.trusted = media->resolve(media, r->trusted_dir);
  }

  g->floor_db = sp_depth_get(r->output.depth)->floor_db;
  graph_build_nodes(&b);
  graph_build_edges(&b);
  graph_plan_sources(&b);
  graph_probe_inserts(&b);
  graph_plan_routes(&b);
  bool scheduled = graph_schedule(&b);
  graph_plan_silence(&b, opts);
  graph_plan_lanes(&b, opts);
  if (scheduled) {
    graph_propagate_lanes(g);
    graph_plan_latency(g);
  }
  graph_plan_length(&b);
  graph_plan_outputs(&b, opts);
  graph_check_open_files(&b);
  graph_plan_tail(&b);
  if (r->adm)
    graph_plan_master_adm(&b);
  if (scheduled) {
    graph_check_links(&b);
    graph_warn_mistakes(&b);
  }
  /* The longest render: content and tail together, each already at most
   * a day by the parser. */
  const int64_t longest = (int64_t)(SP_MAX_SECONDS * r->sample_rate);
  if (sp_diags_errors(d) == errors_before && g->content_frames + g->tail_frames > longest)
    graph_error(&b, SP_ERR_USAGE,
                !r->length_auto ? "length"
                : !r->tail_auto ? "tail"
                                : "tracks",
                "the render would last %.0f s (%.0f s and a tail of %.0f s), longer than %s, the "
                "longest stemprint renders; shorten it",
                (double)(g->content_frames + g->tail_frames) / r->sample_rate,
                (double)g->content_frames / r->sample_rate, (double)g->tail_frames / r->sample_rate,
                SP_MAX_TEXT);
  if (scheduled && g->content_frames == 0 && sp_diags_errors(d) == 0)
    graph_error(&b, SP_ERR_USAGE, "tracks",
                "nothing to render: every track is muted or silenced "
                "by solo; unmute a track or set 'length'");

  graph_notes_fini(&b);
  sp_free_strings(b.roots, b.n_roots);
  free(b.trusted);
  if (sp_diags_errors(d) > errors_before) {
    sp_graph_free(g);
    return sp_diags_status(d);
  }
  *out = g;
  return SP_OK;
}

void sp_graph_free(sp_graph *g)
{
  if (!g)
    return;
  for (size_t i = 0; i < g->n_nodes; i++) {
    free(g->nodes[i].path);
    if (!g->nodes[i].events_shared)
      sp_events_free(&g->nodes[i].events);
    for (size_t k = 0; k < g->nodes[i].n_regions; k++) {
      free(g->nodes[i].regions[k].key);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_in_curve);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_out_curve);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_in_inverse);
      sp_fade_curve_fini(&g->nodes[i].regions[k].fade_out_inverse);
      free(g->nodes[i].regions[k].env_at);
      free(g->nodes[i].regions[k].env_pos);
      free(g->nodes[i].regions[k].reads);
      free(g->nodes[i].regions[k].warp.src_frames);
      free(g->nodes[i].regions[k].warp.dst_frames);
      sp_free_strings(g->nodes[i].regions[k].kept, g->nodes[i].regions[k].n_kept);
      sp_adm_fini(g->nodes[i].regions[k].scene);
      free(g->nodes[i].regions[k].scene);
    }
    free(g->nodes[i].regions);
    free(g->nodes[i].lanes);
    free(g->nodes[i].in);
    free(g->nodes[i].out);
    graph_free_inserts(&g->nodes[i]);
  }
  for (size_t e = 0; e < g->n_edges; e++) {
    free(g->edges[e].path);
    free(g->edges[e].mix);
  }
  for (size_t f = 0; f < g->n_insert_files; f++)
    free(g->insert_files[f].key);
  free(g->insert_files);
  free(g->nodes);
  free(g->edges);
  free(g->order);
  free(g->lane_names);
  free(g->lane_stem);
  free(g->lane_source);
  for (size_t v = 0; g->versions && v < g->n_versions; v++) {
    free(g->versions[v].left_out);
    free(g->versions[v].muted_nodes);
    free(g->versions[v].stems_left_out);
  }
  free(g->versions);
  for (size_t o = 0; o < g->n_outputs; o++) {
    free(g->outputs[o].path);
    free(g->outputs[o].file);
    free(g->outputs[o].key);
    free(g->outputs[o].lanes);
  }
  free(g->outputs);
  for (size_t i = 0; i < g->n_derived; i++) {
    free(g->derived[i].path);
    free(g->derived[i].file);
  }
  free(g->derived);
  free(g->out_dir);
  sp_free_strings(g->prints, g->n_prints);
  for (size_t i = 0; i < g->n_adm_prints; i++)
    free(g->adm_prints[i]);
  free(g->adm_prints);
  for (size_t i = 0; g->adm_outs && i < g->n_adm_prints; i++)
    free(g->adm_outs[i].path);
  free(g->adm_outs);
  for (size_t i = 0; i < g->n_adm_srcs; i++)
    free(g->adm_srcs[i].pick);
  free(g->adm_srcs);
  sp_adm_fini(g->adm);
  free(g->adm);
  free(g->print_refs);
  free(g);
}
