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

/* A builder for g with opts (NULL: none): its confinement's folders
 * resolved, each one that does not exist an error. */
static void builder_init(builder *b, sp_graph *g, const sp_graph_opts *opts, sp_diags *d)
{
  const sp_recipe *r = g->recipe;
  *b = (builder){.r = r,
                 .g = g,
                 .d = d,
                 .rebuild = opts && opts->rebuild,
                 .key_only = opts && opts->key_only,
                 .only_insert = opts ? opts->only_insert : NULL,
                 .threads = opts ? opts->threads : 1,
                 .unheard_warns = opts && opts->unheard_warns};
  if (opts && opts->confine) {
    const size_t n = opts->n_roots ? opts->n_roots : 1;
    b->roots = sp_xcalloc(n, sizeof *b->roots);
    for (size_t i = 0; i < n; i++) {
      const char *root = opts->n_roots ? opts->roots[i] : r->dir;
      if ((b->roots[b->n_roots] = g->media->resolve(g->media, root)))
        b->n_roots++;
      else
        sp_diags_error(d, SP_ERR_USAGE, NULL, (sp_pos){0, 0}, NULL,
                       "--confine-to '%s': %s; give a folder that exists", root, strerror(errno));
    }
    if (r->trusted_dir)
      b->trusted = g->media->resolve(g->media, r->trusted_dir);
  }
}

static void free_master_adm(sp_graph *g)
{
  for (size_t i = 0; i < g->n_adm_srcs; i++)
    free(g->adm_srcs[i].pick);
  free(g->adm_srcs);
  g->adm_srcs = NULL;
  g->n_adm_srcs = 0;
  sp_adm_fini(g->adm);
  free(g->adm);
  g->adm = NULL;
}

/* What the inserts' probes decide, once they are probed: the latencies and
 * the delays that align the outputs, the tails, master.adm's length, and
 * whether the inserts split into stems. */
static void plan_probed(builder *b, bool scheduled)
{
  if (scheduled)
    graph_plan_latency(b->g);
  graph_plan_delays(b->g);
  graph_plan_tail(b);
  free_master_adm(b->g); /* a key-only plan's, of the render's length without tails */
  if (b->r->adm)
    graph_plan_master_adm(b);
  if (scheduled)
    graph_check_links(b);
}

/* The render's length: at most a day, content and tail together (each
 * already at most a day by the parser), and not nothing. */
static void check_length(builder *b, bool scheduled, size_t errors_before)
{
  const sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const int64_t longest = (int64_t)(SP_MAX_SECONDS * r->sample_rate);
  if (sp_diags_errors(b->d) == errors_before && g->content_frames + g->tail_frames > longest)
    graph_error(b, SP_ERR_USAGE,
                !r->length_auto ? "length"
                : !r->tail_auto ? "tail"
                                : "tracks",
                "the render would last %.0f s (%.0f s and a tail of %.0f s), longer than %s, the "
                "longest stemprint renders; shorten it",
                (double)(g->content_frames + g->tail_frames) / r->sample_rate,
                (double)g->content_frames / r->sample_rate, (double)g->tail_frames / r->sample_rate,
                SP_MAX_TEXT);
  if (scheduled && g->content_frames == 0 && sp_diags_errors(b->d) == 0)
    graph_unheard(b, "tracks",
                  "nothing to render: every track is muted or silenced by solo; unmute a track");
}

static sp_err graph_complete(sp_graph **gp, const sp_graph_opts *opts, const sp_graph *like,
                             sp_diags *d);

/* Each own version's plan (sp_version_plan.own), with the graph it is
 * a version of: the recipe with the tracks it leaves out silent, as if
 * muted in a copy, its mix the version's file; its inserts' probes are
 * the graph's. A graph planned to render (not for a key, one insert, nor
 * an own version itself) has them. */
static void plan_own_versions(builder *b, const sp_graph_opts *opts)
{
  sp_graph *g = b->g;
  if (b->key_only || b->only_insert || b->rebuild || sp_diags_errors(b->d) > 0)
    return;
  for (size_t i = 0; i < g->n_outputs; i++) {
    const sp_output_plan *o = &g->outputs[i];
    if (o->kind != SP_OUT_VERSION || !o->own)
      continue;
    sp_version_plan *vp = &g->versions[o->index];
    sp_graph_opts go = {.out_dir = g->out_dir,
                        .extra_mute = vp->muted_nodes,
                        .mix_path = o->path,
                        .rebuild = true,
                        .key_only = true,
                        .threads = opts ? opts->threads : 1,
                        .unheard_warns = b->unheard_warns};
    if (sp_graph_build(g->recipe, g->media, &go, &vp->own, b->d) == SP_OK)
      graph_complete(&vp->own, &go, g, b->d);
  }
}

/* The build's end: its builder's folders freed, and the graph kept, or
 * freed where it found errors (unless keep). */
static sp_err build_end(builder *b, size_t errors_before, sp_graph **out, bool keep)
{
  graph_notes_fini(b);
  sp_free_strings(b->roots, b->n_roots);
  free(b->trusted);
  if (sp_diags_errors(b->d) > errors_before && !keep) {
    sp_graph_free(b->g);
    *out = NULL;
    return sp_diags_status(b->d);
  }
  *out = b->g;
  return SP_OK;
}

/* sp_graph_build; with keep, the graph kept whatever errors it found. */
static sp_err build(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                    sp_graph **out, sp_diags *d, bool keep)
{
  const size_t errors_before = sp_diags_errors(d);
  *out = NULL;
  sp_graph *g = sp_xcalloc(1, sizeof *g);
  g->recipe = r;
  g->media = media;
  g->sample_rate = r->sample_rate;
  builder b;
  builder_init(&b, g, opts, d);
  g->key_only = b.key_only;
  g->one_insert = b.only_insert != NULL;
  g->floor_db = sp_depth_get(r->output.depth)->floor_db;
  graph_build_nodes(&b);
  graph_build_edges(&b);
  graph_plan_sources(&b);
  graph_probe_inserts(&b);
  graph_plan_routes(&b);
  const bool scheduled = graph_schedule(&b);
  graph_plan_silence(&b, opts);
  graph_plan_lanes(&b, opts);
  if (scheduled)
    graph_propagate_lanes(g);
  graph_plan_length(&b);
  graph_plan_outputs(&b, opts);
  graph_check_open_files(&b);
  plan_probed(&b, scheduled);
  if (scheduled)
    graph_warn_mistakes(&b);
  check_length(&b, scheduled, errors_before);
  plan_own_versions(&b, opts);
  return build_end(&b, errors_before, out, keep);
}

sp_err sp_graph_build(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                      sp_graph **out, sp_diags *d)
{
  return build(r, media, opts, out, d, false);
}

sp_graph *sp_graph_build_seen(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                              sp_diags *d)
{
  sp_graph *g;
  build(r, media, opts, &g, d, true);
  return g;
}

/* sp_graph_complete, the probes taken from like where it is given
 * (graph_probe_again). */
static sp_err graph_complete(sp_graph **gp, const sp_graph_opts *opts, const sp_graph *like,
                             sp_diags *d)
{
  const size_t errors_before = sp_diags_errors(d);
  sp_graph *g = *gp;
  builder b;
  builder_init(&b, g, opts, d);
  b.key_only = g->key_only = false;
  graph_probe_again(&b, like);
  plan_probed(&b, true); /* built without errors: scheduled */
  check_length(&b, true, errors_before);
  plan_own_versions(&b, opts);
  return build_end(&b, errors_before, gp, false);
}

sp_err sp_graph_complete(sp_graph **g, const sp_graph_opts *opts, sp_diags *d)
{
  return graph_complete(g, opts, NULL, d);
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
    if (g->edges[e].azimuth_path)
      sp_auto_free(g->edges[e].azimuth_path);
    free(g->edges[e].azimuth_path);
  }
  for (size_t f = 0; f < g->n_insert_files; f++)
    free(g->insert_files[f].key);
  free(g->insert_files);
  free(g->nodes);
  sp_strmap_fini(&g->node_names);
  free(g->edges);
  free(g->order);
  free(g->lane_names);
  free(g->unheard);
  free(g->lane_stem);
  free(g->lane_source);
  for (size_t v = 0; g->versions && v < g->n_versions; v++) {
    free(g->versions[v].left_out);
    free(g->versions[v].muted_nodes);
    free(g->versions[v].stems_left_out);
    sp_graph_free(g->versions[v].own);
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
  free_master_adm(g);
  free(g->print_refs);
  free(g);
}
