/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A node's block: gathered, run, captured (core/render/nodes.h). */

#include "core/render/nodes.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/render/chain.h"
#include "core/render/gains.h"
#include "core/render/kernels.h"
#include "core/render/regions.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bus or master takes its inputs for this block: each main and send edge
 * into it, in the order of its inputs, adds its source's lanes (slot sl),
 * delayed to line up and scaled by the edge's gains. The order is fixed, so
 * the sums are the same whatever ran first. */
void render_gather(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const int sl = render_slot_of(R, idx, k);
  const sp_node *n = &g->nodes[idx];
  node_state *d = &R->ns[idx];
  for (size_t l = 0; l < g->n_lanes; l++)
    for (int c = 0; c < n->channels && d->lanes[l].buf[sl][0]; c++)
      memset(d->lanes[l].buf[sl][c], 0, frames * sizeof(float));
  for (size_t j = 0; j < n->n_in; j++) {
    int e = n->in[j];
    const sp_edge *ed = &g->edges[e];
    edge_state *es = &R->es[e];
    const sp_node *src = &g->nodes[ed->src];
    if (!es->live || ed->kind == SP_EDGE_KEY || src->silent)
      continue;
    const node_state *s = &R->ns[ed->src];
    const int src_sl = render_slot_of(R, ed->src, k);
    if (es->varying) {
      gains eg = render_gains_of(src, ed);
      render_gains_fill(R, w, &eg, t0 - src->lat_out, frames);
    }
    for (size_t l = 0; l < g->n_lanes; l++) {
      float *const *sig = s->lanes[l].buf[src_sl];
      if (!sig[0])
        continue;
      size_t dl = ed->lane_to >= 0 ? l + (size_t)ed->lane_to : l;
      float *const *acc = d->lanes[dl].buf[sl];
      if (ed->delay > 0 && !es->varying && !es->cross) {
        render_add_delayed(&es->rings[l], sig, acc, es->coef, frames);
        continue;
      }
      if (ed->delay > 0) {
        for (int c = 0; c < src->channels; c++)
          memcpy(w->tmp[c], sig[c], frames * sizeof(float));
        sp_ring_process(&es->rings[l], w->tmp, frames);
        sig = w->tmp;
      }
      const float *right = sig[src->channels > 1 ? 1 : 0];
      if (es->varying) {
        render_add_mul(acc[0], sig[0], w->coef[0], frames);
        render_add_mul(acc[1], right, w->coef[1], frames);
        if (es->cross) {
          render_add_mul(acc[0], right, w->coef[2], frames);
          render_add_mul(acc[1], sig[0], w->coef[3], frames);
        }
      } else {
        render_add_scaled(acc[0], sig[0], es->coef[0], frames);
        render_add_scaled(acc[1], right, es->coef[1], frames);
        if (es->cross) {
          render_add_scaled(acc[0], right, es->coef[2], frames);
          render_add_scaled(acc[1], sig[0], es->coef[3], frames);
        }
      }
    }
  }
}

/* A printed bus's output for this block: its lanes summed, × fader and
 * pan (what it would send on), at time t (its chain's output time), into
 * its output's capture slot. */
static void capture_bus(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  const node_state *s = &R->ns[idx];
  for (size_t o = 0; o < R->n_outs; o++) {
    output *out = &R->outs[o];
    if (out->skip || out->plan->kind != SP_OUT_BUS || out->plan->node != idx)
      continue;
    for (int c = 0; c < out->channels; c++)
      for (size_t i = 0; i < frames; i++) {
        double sum = 0;
        for (size_t l = 0; l < g->n_lanes; l++)
          if (s->lanes[l].buf[sl][0])
            sum += s->lanes[l].buf[sl][c][i];
        out->cap[sl][c][i] = (float)sum;
      }
    gains k = render_gains_of(n, NULL);
    own_gains og = render_own_gains_at(R, w, &k, t, 1.0f, frames);
    render_apply_gains(w, &og, out->cap[sl], frames);
  }
}

/* node_peaks: the peak of Σ lanes × fader at node idx in this block. */
static void measure_node(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  const node_state *s = &R->ns[idx];
  sp_auto_fill_gain(&n->strip->gain, g->sample_rate, t, frames, w->work[0]);
  double peak = R->node_peak[idx];
  for (int c = 0; c < n->channels; c++)
    for (size_t i = 0; i < frames; i++) {
      double sum = 0;
      for (size_t l = 0; l < g->n_lanes; l++)
        if (s->lanes[l].buf[sl][0])
          sum += s->lanes[l].buf[sl][c][i];
      sum = fabs(sum * w->work[0][i]);
      peak = sum > peak ? sum : peak;
    }
  R->node_peak[idx] = peak;
}

/* Everything node idx does in a block: a track reads its regions (a bus or
 * master has gathered its inputs, a task of its own); then trim and
 * polarity, the chain, keys, peaks and prints; master applies its fader.
 * Touches only the node's own state and slot, its key edges and printed
 * outputs. */
sp_err render_process_node(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const int sl = render_slot_of(R, idx, k);
  if (n->silent)
    return SP_OK;
  if (n->kind == SP_NODE_TRACK) {
    if (n->lane < 0 || !s->lanes[n->lane].buf[sl][0])
      return SP_OK;
    sp_err err = render_read_regions(R, w, idx, t0 - n->lat_in, frames, s->lanes[n->lane].buf[sl]);
    if (err != SP_OK)
      return err;
  }
  if (!s->stages) {
    for (size_t l = 0; l < g->n_lanes; l++)
      render_trim_lane(R, idx, l, sl, frames);
    render_run_chain(R, w, idx, k, frames, 0, n->strip->n_inserts);
  }
  /* Faders and pans act on the chain's output, which is lat_out late. */
  int64_t t = t0 - n->lat_out;
  render_feed_keys(R, w, idx, sl, t, frames);
  if (R->node_peak && n->kind != SP_NODE_MASTER)
    measure_node(R, w, idx, sl, t, frames);
  if (n->kind == SP_NODE_BUS && n->strip->print)
    capture_bus(R, w, idx, sl, t, frames);
  if (n->kind != SP_NODE_MASTER)
    return SP_OK;
  /* master's fader and pan, found once for all its lanes */
  gains out = render_gains_of(n, NULL);
  own_gains og = render_own_gains_at(R, w, &out, t, R->master_gain, frames);
  for (size_t l = 0; l < g->n_lanes; l++)
    if (s->lanes[l].buf[sl][0])
      render_apply_gains(w, &og, s->lanes[l].buf[sl], frames);
  return SP_OK;
}
