/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A node's block: gathered, run, captured (core/render/renderer.h). */

#include "core/render/renderer.h"
#include "core/render/gains.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/render/kernels.h"
#include "core/dsp/automation.h"
#include "core/dsp/vbap.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Matrix m (the edge's destination × source channels) of a position at
 * timeline frame t: the panner's gains where the position is then. */
static void position_matrix(const renderer *R, const sp_edge *ed, const edge_state *es, int src_ch,
                            int dst_ch, int64_t t, float *m)
{
  const double rate = R->g->sample_rate;
  const double az =
      ed->azimuth ? ed->azimuth_scale * sp_auto_value_at(ed->azimuth, rate, t, false) : 0.0;
  const double el = ed->elevation ? sp_auto_value_at(ed->elevation, rate, t, false) : 0.0;
  double g[SP_MAX_CHANNELS], h[SP_MAX_CHANNELS];
  memcpy(m, ed->mix, sizeof *m * (size_t)src_ch * (size_t)dst_ch); /* named, LFE rows */
  if (src_ch == 1) {
    sp_vbap_gains(es->vbap, az, el, ed->spread, g);
    for (int d = 0; d < dst_ch; d++)
      if (!R->g->nodes[ed->dst].in_layout->ch[d].lfe)
        m[d] = (float)g[d];
  } else {
    sp_vbap_gains(es->vbap, az + ed->width_deg / 2, el, ed->spread, g);
    sp_vbap_gains(es->vbap, az - ed->width_deg / 2, el, ed->spread, h);
    for (int d = 0; d < dst_ch; d++)
      if (!R->g->nodes[ed->dst].in_layout->ch[d].lfe) {
        m[2 * d] = (float)g[d];
        m[2 * d + 1] = (float)h[d];
      }
  }
}

/* Edge ed's route by its matrix, lane l: acc[d] += Σ_s m[d][s] · gain ·
 * sig[s], where gain is the fader·level (per sample in w->coef[0] when
 * varying, else es->scale) and m the edge's matrix, or a moving
 * position's, which the panner places at every control period's start
 * and the gains ramp between. A low-passed LFE feed adds the filtered sum
 * of the source's channels (but its LFE) to the destination's LFE. */
static void add_matrix(renderer *R, scratch *w, const sp_edge *ed, edge_state *es, size_t l,
                       float *const *sig, float *const *acc, int64_t t, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *dst = &g->nodes[ed->dst];
  const int S = ed->from->n, D = dst->src_channels;
  const float *scale = es->varying ? w->coef[0] : NULL;
  if (!es->vbap) {
    for (int d = 0; d < D; d++)
      for (int s = 0; s < S; s++) {
        const float m = ed->mix[d * S + s];
        if (m == 0.0f)
          continue;
        if (!scale) {
          render_add_scaled(acc[d], sig[s], m * es->scale, frames);
          continue;
        }
        float *restrict a = acc[d];
        const float *restrict x = sig[s];
        for (size_t i = 0; i < frames; i++)
          a[i] += x[i] * (m * scale[i]);
      }
  } else {
    const int64_t P = SP_AUTO_CONTROL_FRAMES;
    float m0[SP_MAX_CHANNELS * 2], m1[SP_MAX_CHANNELS * 2];
    for (size_t done = 0; done < frames;) {
      const int64_t now = t + (int64_t)done, p = sp_auto_period_start(now, P);
      const size_t n =
          (size_t)(p + P - now) < frames - done ? (size_t)(p + P - now) : frames - done;
      position_matrix(R, ed, es, S, D, p, m0);
      position_matrix(R, ed, es, S, D, p + P, m1);
      for (int d = 0; d < D; d++)
        for (int s = 0; s < S; s++) {
          const float a0 = m0[d * S + s], a1 = m1[d * S + s];
          if (a0 == 0.0f && a1 == 0.0f)
            continue;
          float *restrict a = acc[d] + done;
          const float *restrict x = sig[s] + done;
          for (size_t i = 0; i < n; i++) {
            const float f = (float)(now + (int64_t)i - p) / (float)P;
            const float m = a0 + (a1 - a0) * f;
            a[i] += x[i] * (m * (scale ? scale[done + i] : es->scale));
          }
        }
      done += n;
    }
  }
  if (ed->lfe >= 0) {
    float *sum = w->det[0];
    memset(sum, 0, frames * sizeof *sum);
    for (int s = 0; s < S; s++)
      if (!ed->from->ch[s].lfe)
        render_add_scaled(sum, sig[s], 1.0f, frames);
    sp_biquad_process(&es->lfe_bq, &es->lfe_st[l][0], sum, frames);
    sp_biquad_process(&es->lfe_bq, &es->lfe_st[l][1], sum, frames);
    float *restrict a = acc[ed->lfe];
    for (size_t i = 0; i < frames; i++)
      a[i] += sum[i] * (ed->lfe_gain * (scale ? scale[i] : es->scale));
  }
}

/* The lanes' sums start at zero. A lane whose first input is a plain stereo
 * add is set by it (0 + g·x, the same values as zeroing, then adding),
 * saving a pass; every other lane is zeroed before its first input, or at
 * the end when none came. held[l]: lane l holds this block's sum so far. */
enum { HELD = 64 };

static void zero_lane(const node_state *d, int sl, size_t l, size_t frames)
{
  for (int c = 0; c < d->width && d->lanes[l].buf[sl][0]; c++)
    memset(d->lanes[l].buf[sl][c], 0, frames * sizeof(float));
}

static void hold(const node_state *d, int sl, size_t l, bool *held, size_t frames)
{
  if (!held[l])
    zero_lane(d, sl, l, frames);
  held[l] = true;
}

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
  bool held[HELD] = {false};
  const bool each = g->n_lanes <= HELD; /* else zeroed at once, as one */
  for (size_t l = 0; !each && l < g->n_lanes; l++)
    zero_lane(d, sl, l, frames);
  for (size_t j = 0; j < n->n_in; j++) {
    int e = n->in[j];
    const sp_edge *ed = &g->edges[e];
    edge_state *es = &R->es[e];
    const sp_node *src = &g->nodes[ed->src];
    if (!es->live || ed->kind == SP_EDGE_KEY || src->silent)
      continue;
    const node_state *s = &R->ns[ed->src];
    const int src_sl = render_slot_of(R, ed->src, k);
    /* The edge's gains move on the timeline where the signal they scale
     * played: its source's output, lat_out late, delayed by the edge's
     * compensation (so at this node's input time, t0 - n->lat_in). */
    const int64_t t = t0 - src->lat_out - ed->delay;
    if (es->varying) {
      gains eg = render_gains_of(src, ed);
      if (ed->mix)
        render_gains_scale_fill(R, w, &eg, t, frames, w->coef[0]);
      else
        render_gains_fill(R, w, &eg, t, frames);
    }
    /* a send tapping the chain of a strip whose fader is in it: the
     * lanes before or after the fader */
    const int tap = render_tap_of(src, ed), S = ed->from->n; /* the tap's channels */
    const bool muting =
        render_mute_at(R, ed->src, sp_edge_mute_point(ed), t0 - src->lat_out, frames, w->gain[0]);
    for (size_t l = 0; l < g->n_lanes; l++) {
      float *const *sig = s->lanes[l].buf[src_sl];
      if (!sig[0])
        continue;
      if (tap >= 0)
        sig = s->lanes[l].taps[tap].buf[src_sl];
      if (muting) { /* its moving mute, as render_process_node's on its lanes */
        for (int c = 0; c < S; c++)
          for (size_t i = 0; i < frames; i++)
            w->region[c][i] = sig[c][i] * w->gain[0][i];
        sig = w->region;
      }
      size_t dl = ed->lane_to >= 0 ? l + (size_t)ed->lane_to : l;
      float *const *acc = d->lanes[dl].buf[sl];
      const bool plain = !ed->mix && ed->delay == 0 && !es->varying && d->width == 2;
      if (each && plain && !held[dl]) { /* the lane's first input sets it */
        const float *right = sig[S > 1 ? 1 : 0];
        render_set_scaled(acc[0], sig[0], es->coef[0], frames);
        render_set_scaled(acc[1], right, es->coef[1], frames);
        held[dl] = true;
        if (es->cross) {
          render_add_scaled(acc[0], right, es->coef[2], frames);
          render_add_scaled(acc[1], sig[0], es->coef[3], frames);
        }
        continue;
      }
      if (each)
        hold(d, sl, dl, held, frames);
      if (ed->mix) {
        if (ed->delay > 0) {
          for (int c = 0; c < S; c++)
            memcpy(w->tmp[c], sig[c], frames * sizeof(float));
          sp_ring_process(&es->rings[l], w->tmp, frames);
          sig = w->tmp;
        }
        add_matrix(R, w, ed, es, l, sig, acc, t, frames);
        continue;
      }
      if (ed->delay > 0 && !es->varying && !es->cross) {
        render_add_delayed(&es->rings[l], sig, acc, es->coef, frames);
        continue;
      }
      if (ed->delay > 0) {
        for (int c = 0; c < S; c++)
          memcpy(w->tmp[c], sig[c], frames * sizeof(float));
        sp_ring_process(&es->rings[l], w->tmp, frames);
        sig = w->tmp;
      }
      const float *right = sig[S > 1 ? 1 : 0];
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
  for (size_t l = 0; each && l < g->n_lanes; l++)
    hold(d, sl, l, held, frames); /* a lane no input reached: silence */
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
    if (render_mute_at(R, idx, SP_MUTE_MAIN, t, frames, w->gain[0]))
      for (int c = 0; c < out->channels; c++)
        for (size_t i = 0; i < frames; i++)
          out->cap[sl][c][i] *= w->gain[0][i];
    gains k = render_gains_of(n, NULL);
    own_gains og = render_own_gains_at(R, w, &k, t, 1.0f, frames);
    render_apply_gains(w, &og, out->cap[sl], out->channels, frames);
  }
}

/* node_peaks: the peak of Σ lanes × fader at node idx in this block. */
static void measure_node(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  const node_state *s = &R->ns[idx];
  const bool in_chain = render_fader_in_chain(n); /* the lanes carry it */
  if (!in_chain)
    sp_auto_fill_gain(&n->strip->gain, g->sample_rate, t, frames, w->work[0]);
  double peak = R->node_peak[idx];
  for (int c = 0; c < n->channels; c++)
    for (size_t i = 0; i < frames; i++) {
      double sum = 0;
      for (size_t l = 0; l < g->n_lanes; l++)
        if (s->lanes[l].buf[sl][0])
          sum += s->lanes[l].buf[sl][c][i];
      sum = fabs(in_chain ? sum : sum * w->work[0][i]);
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
    /* an instrument track's instrument plays first; trim and polarity
     * act on what it plays */
    const size_t first = n->strip->instrument ? 1 : 0;
    if (first)
      render_run_chain(R, w, idx, k, frames, 0, 1);
    for (size_t l = 0; l < g->n_lanes; l++)
      render_trim_lane(R, w, idx, l, k, sl, frames);
    const size_t at = render_fader_at(n);
    render_run_chain(R, w, idx, k, frames, first, at);
    if (render_fader_in_chain(n)) { /* the fader, then the inserts after it */
      render_run_fader(R, w, idx, k, frames);
      render_run_post(R, w, idx, k, frames);
    }
  }
  /* Faders and pans act on the chain's output, which is lat_out late. */
  int64_t t = t0 - n->lat_out;
  /* a moving mute: on everything that leaves, taps too (its mute points
   * leaving some out: on the edges of the others, render_edge_mute) */
  if (s->mute.n && sp_strip_mute_points(n->strip) == SP_MUTE_ALL) {
    sp_declick_fill(&s->mute, t, frames, w->work[2]);
    for (size_t m = 0; m < s->n_present; m++) {
      lane_state *ls = &s->lanes[s->present[m]];
      for (int c = 0; c < n->channels && ls->buf[sl][0]; c++)
        for (size_t i = 0; i < frames; i++) {
          ls->buf[sl][c][i] *= w->work[2][i];
          for (size_t tap = 0; tap < render_taps(n); tap++)
            if (ls->taps[tap].buf[sl][0])
              ls->taps[tap].buf[sl][c][i] *= w->work[2][i];
        }
    }
  }
  render_feed_keys(R, w, idx, sl, t, frames);
  if (R->node_peak && n->kind != SP_NODE_MASTER)
    measure_node(R, w, idx, sl, t, frames);
  if (n->kind == SP_NODE_BUS && n->strip->print && !(n->muted_at & SP_MUTE_MAIN))
    capture_bus(R, w, idx, sl, t, frames);
  if (n->kind != SP_NODE_MASTER)
    return SP_OK;
  /* master's fader and pan, found once for all its lanes */
  gains out = render_gains_of(n, NULL);
  own_gains og = render_own_gains_at(R, w, &out, t, R->master_gain, frames);
  for (size_t l = 0; l < g->n_lanes; l++)
    if (s->lanes[l].buf[sl][0])
      render_apply_gains(w, &og, s->lanes[l].buf[sl], n->channels, frames);
  return SP_OK;
}
