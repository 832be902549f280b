/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A node's chain and its keys for a block (core/render/renderer.h). */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/dsp/automation.h"
#include "core/render/gains.h"
#include "core/render/kernels.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sum of s's lanes at slot sl, in lane order, in float, into dst;
 * false when no lane is there. */
static bool lanes_sum(const node_state *s, float *const *dst, int sl, int ch, size_t frames)
{
  if (s->n_present == 0)
    return false;
  float *const *first = s->lanes[s->present[0]].buf[sl];
  for (int c = 0; c < ch; c++)
    memcpy(dst[c], first[c], frames * sizeof(float));
  for (size_t m = 1; m < s->n_present; m++)
    for (int c = 0; c < ch; c++)
      render_add_scaled(dst[c], s->lanes[s->present[m]].buf[sl][c], 1.0f, frames);
  return true;
}

/* The sum of s's lanes at slot sl (a detector's or a key's, unlike an
 * output's sum_lanes in double): in w->det, or with one lane and
 * !own_copy that lane's own buffer; NULL when no lane is there. An insert
 * that overwrites the lanes while it reads the sum (keyed per lane) asks
 * for its own copy. */
static float *const *detector_sum(const node_state *s, scratch *w, int sl, int ch, size_t frames,
                                  bool own_copy)
{
  if (s->n_present == 1 && !own_copy)
    return s->lanes[s->present[0]].buf[sl];
  return lanes_sum(s, w->det, sl, ch, frames) ? w->det : NULL;
}

/* The key of insert k of node idx when a key is routed to it (the key
 * edge's buffer for block k_block), else NULL. */
static const float *const *routed_key(const renderer *R, int idx, size_t k, int64_t k_block)
{
  const int ke = R->ns[idx].key_edge[k];
  if (ke < 0) /* a key from the strip itself: the lanes' sum, or silence */
    return sp_insert_key_silent(&R->g->nodes[idx].strip->inserts[k])
               ? (const float *const *)R->silent_key
               : NULL;
  return (const float *const *)R->es[ke].key[render_slot_of(R, R->g->edges[ke].src, k_block)];
}

/* Where block k_block's first frame plays at insert k of node idx, on
 * the timeline: the block's time less the latency ahead of the insert (the
 * node's input's, the inserts' before). */
static int64_t insert_time(const renderer *R, int idx, size_t k, int64_t k_block)
{
  const sp_node *n = &R->g->nodes[idx];
  int64_t t = k_block * (int64_t)R->block - n->lat_in;
  for (size_t j = 0; j < k; j++)
    t -= n->ins[j].latency;
  return t;
}

/* Tell insert k of node idx (a class that takes it) where block k_block's
 * first frame plays: on the timeline (insert_time); on the output's clock,
 * the block's time less the latency of the node's own path to the output
 * (its chain and those after it, lat_down), as Ardour runs a route's cycles
 * by its playback latency: a track into master beside a latent bus runs on
 * the timeline's cycles, one into that bus its latency earlier (measured,
 * issue 63). */
static void insert_at(const renderer *R, int idx, size_t k, int64_t k_block, void *state)
{
  const sp_node *n = &R->g->nodes[idx];
  const sp_insert *ins = &n->strip->inserts[k];
  if (!ins->cls->at)
    return;
  ins->cls->at(state, insert_time(R, idx, k, k_block),
               k_block * (int64_t)R->block - n->lat_out - n->lat_down);
}

/* ---- inserts whose parameters move, in pieces ----------------------------
 *
 * A class that retunes (core/procs/proc.h) runs a block in pieces: each
 * ends at a breakpoint, and while a value ramps at the end of its control
 * period (SP_AUTO_CONTROL_FRAMES on the timeline); before each, every
 * instance takes the values where the piece plays. The pieces fall where
 * the timeline says, whatever the block, so the bytes are the same at any
 * block length and -j. */

/* Whether ins moves by pieces. */
static bool in_pieces(const sp_insert *ins) { return ins->automation && ins->cls->retune; }

/* The values ins takes from frame t on (t's piece), into values: frequencies
 * move geometrically, everything else linearly in its unit. */
static void piece_values(const sp_insert *ins, double rate, int64_t t, double *values)
{
  const size_t np = ins->cls->n_params, n = ins->n_sets * np;
  const int64_t start = sp_auto_piece_start(ins->automation, n, rate, t,
                                            sp_auto_period_start(t, SP_AUTO_CONTROL_FRAMES));
  memcpy(values, ins->params, n * sizeof *values);
  for (size_t q = 0; q < n; q++)
    if (ins->automation[q].n)
      values[q] = sp_auto_value_at(&ins->automation[q], rate, start,
                                   ins->cls->params[q % np].unit == SP_UNIT_HZ);
}

/* How many of n frames from t are one piece of ins. */
static size_t piece_frames(const sp_insert *ins, double rate, int64_t t, size_t n)
{
  const int64_t period_end =
      sp_auto_period_start(t, SP_AUTO_CONTROL_FRAMES) + SP_AUTO_CONTROL_FRAMES;
  return (size_t)(sp_auto_piece_end(ins->automation, ins->n_sets * ins->cls->n_params, rate, t,
                                    t + (int64_t)n, period_end) -
                  t);
}

/* Linear insert ins on one instance, frames of ch (a lane's buffers: its
 * channels, then NULL) from timeline frame t, piece by piece. */
static void process_pieces(const renderer *R, scratch *w, const sp_insert *ins, int64_t t,
                           void *state, float *const *ch, size_t frames)
{
  const double rate = R->g->sample_rate;
  for (size_t done = 0; done < frames;) {
    const size_t n = piece_frames(ins, rate, t + (int64_t)done, frames - done);
    piece_values(ins, rate, t + (int64_t)done, w->values);
    ins->cls->retune(state, w->values);
    float *c[SP_MAX_CHANNELS] = {NULL};
    for (int d = 0; d < SP_MAX_CHANNELS && ch[d]; d++)
      c[d] = ch[d] + done;
    ins->cls->process(state, c, n);
    done += n;
  }
}

/* Linked insert ins's gain (into w->gain) from the detector det of ch
 * channels and key, frames from timeline frame t, piece by piece. */
static void gain_pieces(const renderer *R, scratch *w, const sp_insert *ins, int64_t t, void *state,
                        float *const *det, int ch, const float *const *key, float *const *gain,
                        size_t frames)
{
  const double rate = R->g->sample_rate;
  for (size_t done = 0; done < frames;) {
    const size_t n = piece_frames(ins, rate, t + (int64_t)done, frames - done);
    piece_values(ins, rate, t + (int64_t)done, w->values);
    ins->cls->retune(state, w->values);
    const float *d[SP_MAX_CHANNELS] = {NULL};
    float *g[SP_MAX_CHANNELS] = {NULL};
    for (int c = 0; c < ch; c++) {
      d[c] = det[c] + done;
      g[c] = gain[c] + done;
    }
    const float *k[2] = {key ? key[0] + done : NULL, key && key[1] ? key[1] + done : NULL};
    ins->cls->gain(state, d, key ? k : NULL, g, n);
    done += n;
  }
}

/* The channels insert k of n runs on, of all (a lane's buffers, or sums
 * of them): all itself when it runs on the whole path, else its
 * `channels:` in their order, into sub (NULL after them). */
static float *const *on_channels(const sp_node *n, size_t k, float *const *all, float **sub)
{
  const struct sp_ins_sel *sel = &n->ins[k].sel;
  if (!sel->n)
    return all;
  for (int i = 0; i < SP_MAX_CHANNELS; i++)
    sub[i] = i < sel->n ? all[sel->idx[i]] : NULL;
  return sub;
}

/* The channels insert k of n leaves alone, of a path of ch channels, into
 * out; how many. */
static int off_channels(const sp_node *n, size_t k, int ch, float *const *all, float **out)
{
  const struct sp_ins_sel *sel = &n->ins[k].sel;
  int m = 0;
  for (int c = 0; c < ch; c++) {
    bool on = false;
    for (int i = 0; i < sel->n; i++)
      on |= sel->idx[i] == c;
    if (!on)
      out[m++] = all[c];
  }
  return m;
}

/* ---- a moving bypass ------------------------------------------------------
 *
 * An insert whose bypass moves runs all along (its state goes on whether
 * heard or not); its output is crossfaded to its dry input, delayed by its
 * latency so the two line up, by a gain g that goes to 0 bypassed and 1 on
 * through the moving mute's declick (render_mute_init), on the frames
 * where its output plays: y = g·wet + (1 − g)·dry. g = 1 is the wet output
 * exactly, g = 0 the dry input exactly. The same g goes to every lane, so
 * a linear crossfade of lanes that add up to the mix still adds up to it.
 *
 *     x ──┬─► insert ──────── × g ───┐
 *         └─► delay (latency) × 1−g ─┴─► y                                 */

/* The crossfade's gains of insert k of node idx for block k_block, into
 * out: where its output plays (its input's time less its latency). */
static void bypass_gains(const renderer *R, int idx, size_t k, int64_t k_block, size_t frames,
                         float *out)
{
  sp_declick_fill(&R->ns[idx].bypass[k],
                  insert_time(R, idx, k, k_block) - R->g->nodes[idx].ins[k].latency, frames, out);
}

/* Insert k's dry input, its on channels of ch (a lane's, on_channels),
 * kept in w->tmp before it runs. */
static void keep_dry(scratch *w, float *const *ch, int on, size_t frames)
{
  for (int c = 0; c < on; c++)
    memcpy(w->tmp[c], ch[c], frames * sizeof(float));
}

/* Insert k of node idx's output on its on channels ch of lane ls,
 * crossfaded to the dry input keep_dry kept, delayed by its latency. */
static void crossfade(const renderer *R, scratch *w, int idx, size_t k, int64_t k_block,
                      lane_state *ls, float *const *ch, int on, size_t frames)
{
  sp_ring_process(&ls->dry[k], w->tmp, frames);
  float *restrict g = w->work[2];
  bypass_gains(R, idx, k, k_block, frames, g);
  for (int c = 0; c < on; c++) {
    float *restrict y = ch[c];
    const float *restrict dry = w->tmp[c];
    for (size_t i = 0; i < frames; i++)
      y[i] = y[i] * g[i] + dry[i] * (1.0f - g[i]);
  }
}

/* Linked insert k of node idx for block k_block (its lanes at slot sl):
 * its gain, from the sum of the lanes in lane order (or its key), into
 * gain (its on channels), a moving bypass's crossfade folded in; false
 * when no lane reaches the node. */
static bool linked_gain(renderer *R, scratch *w, int idx, size_t k, int64_t k_block, int sl,
                        size_t frames, float *const *gain)
{
  const sp_node *n = &R->g->nodes[idx];
  const sp_insert *ins = &n->strip->inserts[k];
  const int ch = n->ins[k].channels, on = n->ins[k].sel.n ? n->ins[k].sel.n : ch;
  float *const *sum = detector_sum(&R->ns[idx], w, sl, ch, frames, false);
  if (!sum)
    return false;
  float *sub[SP_MAX_CHANNELS];
  float *const *det = on_channels(n, k, sum, sub);
  void *state = R->ns[idx].linked[k]->state;
  if (in_pieces(ins))
    gain_pieces(R, w, ins, insert_time(R, idx, k, k_block), state, det, on,
                routed_key(R, idx, k, k_block), gain, frames);
  else
    ins->cls->gain(state, (const float *const *)det, routed_key(R, idx, k, k_block), gain, frames);
  /* the lanes are delayed below: a crossfade is a gain g·gain + 1 − g */
  if (sp_insert_crossfades(ins)) {
    float *restrict wet = w->work[2];
    bypass_gains(R, idx, k, k_block, frames, wet);
    for (int c = 0; c < on; c++)
      for (size_t i = 0; i < frames; i++)
        gain[c][i] = gain[c][i] * wet[i] + (1.0f - wet[i]);
  }
  return true;
}

/* Linked insert k of node n's gain on lane ls at slot sl: every channel
 * delayed by its latency, those it runs on turned down. */
static void linked_apply(const sp_node *n, size_t k, lane_state *ls, int sl,
                         const float *const *gain, size_t frames)
{
  const struct sp_ins_sel *sel = &n->ins[k].sel;
  const int on = sel->n ? sel->n : n->ins[k].channels;
  sp_ring_process(&ls->rings[k], ls->buf[sl], frames);
  for (int c = 0; c < on; c++) {
    float *restrict x = ls->buf[sl][sel->n ? sel->idx[c] : c];
    const float *restrict gc = gain[c];
    for (size_t i = 0; i < frames; i++)
      x[i] *= gc[i];
  }
}

/* Inserts [from, to) of node idx, all of them run per lane (linear, or
 * keyed per lane; a linked one, the first, by gain, its gain found for the
 * block), on lane l at slot sl, in place; sum_key is the key of an insert
 * keyed by the sum of the lanes (taken before the first of them). */
static void run_lane(renderer *R, scratch *w, int idx, size_t l, size_t from, size_t to,
                     const float *const *sum_key, const float *const *gain, int64_t k_block,
                     int sl, size_t frames)
{
  const sp_node *n = &R->g->nodes[idx];
  lane_state *ls = &R->ns[idx].lanes[l];
  for (size_t k = from; k < to; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    if (ins->bypass)
      continue;
    const double t0 = w->ins_s ? sp_profile_cpu() : 0;
    if (sp_proc_is_linked(ins->cls)) { /* its gain, found by the stage before */
      linked_apply(n, k, ls, sl, gain, frames);
      if (w->ins_s)
        w->ins_s[R->ins0[idx] + k] += sp_profile_cpu() - t0;
      continue;
    }
    insert_at(R, idx, k, k_block, ls->procs[k]->state);
    float *sub[SP_MAX_CHANNELS];
    float *const *ch = on_channels(n, k, ls->buf[sl], sub);
    const int on = n->ins[k].sel.n ? n->ins[k].sel.n : n->ins[k].channels;
    if (sp_insert_crossfades(ins))
      keep_dry(w, ch, on, frames);
    if (ins->cls->flags & SP_PROC_KEYED_LANES) {
      const float *const *key = routed_key(R, idx, k, k_block);
      ins->cls->process_keyed(ls->procs[k]->state, ch, key ? key : sum_key, frames);
    } else if (in_pieces(ins)) {
      process_pieces(R, w, ins, insert_time(R, idx, k, k_block), ls->procs[k]->state, ch, frames);
    } else {
      ins->cls->process(ls->procs[k]->state, ch, frames);
    }
    if (ls->rings[k].len) { /* the channels it leaves alone, delayed by its latency */
      float *off[SP_MAX_CHANNELS];
      off_channels(n, k, n->ins[k].channels, ls->buf[sl], off);
      sp_ring_process(&ls->rings[k], off, frames);
    }
    if (sp_insert_crossfades(ins))
      crossfade(R, w, idx, k, k_block, ls, ch, on, frames);
    if (w->ins_s)
      w->ins_s[R->ins0[idx] + k] += sp_profile_cpu() - t0;
  }
}

/* Insert k of node idx, keyed per lane: each lane through its own
 * instance, every instance keyed by the same signal, the recipe's key or
 * else the sum of the lanes before any of them is processed. */
static void run_keyed(renderer *R, scratch *w, int idx, size_t k, int64_t k_block, int sl,
                      size_t frames)
{
  node_state *s = &R->ns[idx];
  const sp_node *n = &R->g->nodes[idx];
  const int ch = n->ins[k].channels, on = n->ins[k].sel.n ? n->ins[k].sel.n : ch;
  const float *key[2] = {NULL, NULL};
  if (!routed_key(R, idx, k, k_block) && detector_sum(s, w, sl, ch, frames, true)) {
    float *sub[SP_MAX_CHANNELS];
    float *const *sum = on_channels(n, k, w->det, sub);
    key[0] = sum[0];
    key[1] = on > 1 ? sum[1] : NULL;
  }
  for (size_t m = 0; m < s->n_present; m++)
    run_lane(R, w, idx, s->present[m], k, k + 1, key, NULL, k_block, sl, frames);
}

/* Run inserts [from, to) of n's chain on its lanes for block k, one insert
 * at a time. */
void render_run_chain(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames, size_t from,
                      size_t to)
{
  const sp_graph *g = R->g;
  const int sl = render_slot_of(R, idx, k_block);
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  for (size_t k = from; k < to; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    const struct sp_ins_sel *sel = &n->ins[k].sel;
    if (ins->bypass)
      continue;
    if (ins->cls->flags & SP_PROC_KEYED_LANES) {
      run_keyed(R, w, idx, k, k_block, sl, frames);
      continue;
    }
    if (!sp_proc_is_linked(ins->cls)) {
      if (ins->cls->process_lanes && s->n_present > 1 && !in_pieces(ins) && !sel->n &&
          !sp_insert_crossfades(ins)) {
        const double t0 = w->ins_s ? sp_profile_cpu() : 0;
        void **states = w->states;
        float *const **chans = w->chans;
        for (size_t m = 0; m < s->n_present; m++) {
          lane_state *ls = &s->lanes[s->present[m]];
          states[m] = ls->procs[k]->state;
          chans[m] = ls->buf[sl];
        }
        ins->cls->process_lanes(states, chans, s->n_present, frames);
        if (w->ins_s)
          w->ins_s[R->ins0[idx] + k] += sp_profile_cpu() - t0;
        continue;
      }
      for (size_t m = 0; m < s->n_present; m++)
        run_lane(R, w, idx, s->present[m], k, k + 1, NULL, NULL, k_block, sl, frames);
      continue;
    }
    /* Linked: the detector hears the sum of the lanes, in lane order. */
    const double t0 = w->ins_s ? sp_profile_cpu() : 0;
    if (!linked_gain(R, w, idx, k, k_block, sl, frames, w->gain))
      continue; /* nothing reaches this node: nothing to turn down */
    for (size_t l = 0; l < g->n_lanes; l++)
      if (s->lanes[l].buf[sl][0])
        linked_apply(n, k, &s->lanes[l], sl, (const float *const *)w->gain, frames);
    if (w->ins_s)
      w->ins_s[R->ins0[idx] + k] += sp_profile_cpu() - t0;
  }
}

/* Trim and a moving polarity (node_state.flips) on channels [c0, c1) of
 * lane l of node idx, for block k: each channel by the trim (moving or
 * not) times its polarity's declicked gain, where the chain's input plays. */
static void trim_flips(renderer *R, scratch *w, int idx, size_t l, int c0, int c1, int64_t k_block,
                       int sl, size_t frames)
{
  node_state *s = &R->ns[idx];
  const sp_node *n = &R->g->nodes[idx];
  const int64_t t = insert_time(R, idx, n->strip->instrument ? 1 : 0, k_block);
  float *restrict trim = w->work[1], *restrict flip = w->work[3];
  if (n->strip->trims.n)
    sp_auto_fill_gain(&n->strip->trims, R->g->sample_rate, t, frames, trim);
  else
    for (size_t i = 0; i < frames; i++)
      trim[i] = (float)sp_db_to_lin(n->strip->trim_db);
  for (int c = c0; c < c1; c++) {
    sp_declick_fill(&s->flips[c], t, frames, flip);
    float *restrict x = s->lanes[l].buf[sl][c];
    for (size_t i = 0; i < frames; i++)
      x[i] *= trim[i] * flip[i];
  }
}

/* Trim and polarity on channels [c0, c1) of lane l of node idx (of those
 * trimmed), for block k. */
static void trim_channels(renderer *R, scratch *w, int idx, size_t l, int c0, int c1,
                          int64_t k_block, int sl, size_t frames)
{
  node_state *s = &R->ns[idx];
  const sp_node *n = &R->g->nodes[idx];
  c1 = c1 < s->trim_channels ? c1 : s->trim_channels;
  if (!s->lanes[l].buf[sl][0] || c0 >= c1)
    return;
  if (s->flips) {
    trim_flips(R, w, idx, l, c0, c1, k_block, sl, frames);
    return;
  }
  if (!n->strip->trims.n) {
    for (int c = c0; c < c1; c++)
      render_scale(s->lanes[l].buf[sl][c], s->trim_ch[c], frames);
    return;
  }
  /* moving: where the chain's input plays (an instrument's output: after it) */
  sp_auto_fill_gain(&n->strip->trims, R->g->sample_rate,
                    insert_time(R, idx, n->strip->instrument ? 1 : 0, k_block), frames, w->work[1]);
  for (int c = c0; c < c1; c++) {
    const bool flip = n->strip->invert.n ? n->strip->invert.mask >> c & 1u : n->strip->invert.all;
    const float sign = flip ? -1.0f : 1.0f;
    float *restrict x = s->lanes[l].buf[sl][c];
    for (size_t i = 0; i < frames; i++)
      x[i] *= sign * w->work[1][i];
  }
}

/* Trim and polarity on lane l of node idx, for block k. */
void render_trim_lane(renderer *R, scratch *w, int idx, size_t l, int64_t k_block, int sl,
                      size_t frames)
{
  trim_channels(R, w, idx, l, 0, SP_MAX_CHANNELS, k_block, sl, frames);
}

/* A split gain's first stage (renderer.h's split_gain) for block k in
 * slot j: the sum of the lanes at slot sl, in lane order, or the key
 * routed to the insert, after the frames summed before it. */
static void split_sum(renderer *R, int idx, const stage *sg, int64_t k, int j, int sl, size_t frames)
{
  const split_gain *sp = sg->split;
  const int ch = sp->keyed ? 2 : R->g->nodes[idx].ins[sg->from].channels;
  const size_t H = sp->hist;
  float *at[SP_MAX_CHANNELS] = {NULL};
  for (int c = 0; c < ch; c++) {
    memcpy(sp->sum[j][c], sp->tail[c], H * sizeof(float));
    at[c] = sp->sum[j][c] + H;
  }
  if (sp->keyed) {
    const float *const *key = routed_key(R, idx, sg->from, k);
    for (int c = 0; c < 2; c++)
      memcpy(at[c], key[c], frames * sizeof(float));
  } else {
    lanes_sum(&R->ns[idx], at, sl, ch, frames);
  }
  for (int c = 0; c < ch; c++) /* the last H of the history and the block */
    memcpy(sp->tail[c], sp->sum[j][c] + frames, H * sizeof(float));
}

/* Its second, for block k in slot j (the node's lanes at slot sl): detect's
 * values from the sum (its channels, `channels:`) or the key, no state
 * touched; direct, from the key edge or the one lane as they are. */
static void split_detect(renderer *R, int idx, const stage *sg, int64_t k, int j, int sl,
                         size_t frames)
{
  const sp_node *n = &R->g->nodes[idx];
  const split_gain *sp = sg->split;
  float *in[SP_MAX_CHANNELS] = {NULL}, *sub[SP_MAX_CHANNELS];
  const node_state *s = &R->ns[idx];
  for (int c = 0; c < (sp->keyed ? 2 : n->ins[sg->from].channels); c++)
    in[c] = !sp->direct ? sp->sum[j][c] + sp->hist
            : sp->keyed ? (float *)routed_key(R, idx, sg->from, k)[c]
                        : s->lanes[s->present[0]].buf[sl][c];
  float *const *det = sp->keyed ? NULL : on_channels(n, sg->from, in, sub);
  n->strip->inserts[sg->from].cls->detect(R->ns[idx].linked[sg->from]->state,
                                           (const float *const *)det,
                                           sp->keyed ? (const float *const *)in : NULL, sp->det[j],
                                           frames);
}

/* Stage st of bus or master idx for block k: on one lane (the task's) or
 * on every lane; the first stage trims first, as the node's task does. */
void render_run_stage(renderer *R, scratch *w, int idx, int64_t k, size_t frames, int st,
                      size_t lane)
{
  node_state *s = &R->ns[idx];
  const stage *sg = &s->stages[st];
  const int sl = render_slot_of(R, idx, k);
  if (sg->lanes && sg->apart > 1) { /* one channel of one lane through its one insert */
    const size_t l = s->present[lane / (size_t)sg->apart];
    lane_state *ls = &s->lanes[l];
    const int c = (int)(lane % (size_t)sg->apart);
    if (st == 0) /* its channel's trim (the last channel's task: any channels after it) */
      trim_channels(R, w, idx, l, c, c + 1 == sg->apart ? SP_MAX_CHANNELS : c + 1, k, sl, frames);
    const double t0 = w->ins_s ? sp_profile_cpu() : 0;
    const sp_proc_class *cls = R->g->nodes[idx].strip->inserts[sg->from].cls;
    void *state = ls->procs[sg->from]->state;
    const int64_t at = k * (int64_t)R->block;
    switch (sg->step) {
    case STEP_FEED: cls->feed(state, c, ls->buf[sl][c], frames); break;
    case STEP_WORK: cls->work(state, c, at, frames); break;
    case STEP_TAKE: cls->take(state, c, ls->buf[sl][c], at, frames); break;
    default: cls->process_channel(state, c, ls->buf[sl][c], frames);
    }
    if (w->ins_s)
      w->ins_s[R->ins0[idx] + sg->from] += sp_profile_cpu() - t0;
    return;
  }
  if (sg->lanes) {
    const size_t l = s->present[lane];
    if (st == 0)
      render_trim_lane(R, w, idx, l, k, sl, frames);
    const float *key[2] = {NULL, NULL};
    const float *const *gain = NULL;
    if (st > 0) { /* the sum before the keyed insert this stage starts with, its channels */
      const struct sp_ins_sel *sel = &R->g->nodes[idx].ins[sg->from].sel;
      const stage *before = &s->stages[st - 1];
      key[0] = before->key[sel->n ? sel->idx[0] : 0];
      key[1] = !sel->n ? before->key[1] : sel->n > 1 ? before->key[sel->idx[1]] : NULL;
      if (before->gain) /* the linked insert's gain it starts with */
        gain = (const float *const *)before->gains[k % RENDER_GAIN_SLOTS];
    }
    run_lane(R, w, idx, l, sg->from, sg->to, key, gain, k, sl, frames);
    return;
  }
  for (size_t m = 0; st == 0 && m < s->n_present; m++)
    render_trim_lane(R, w, idx, s->present[m], k, sl, frames);
  if (sg->gain) { /* the lanes are only read: the stage after turns them down */
    const double t0 = w->ins_s ? sp_profile_cpu() : 0;
    const int j = (int)(k % RENDER_GAIN_SLOTS);
    const sp_insert *ins = &R->g->nodes[idx].strip->inserts[sg->from];
    switch (sg->part) {
    case GAIN_SUM: split_sum(R, idx, sg, k, j, sl, frames); break;
    case GAIN_DETECT: split_detect(R, idx, sg, k, j, sl, frames); break;
    case GAIN_FROM:
      ins->cls->gain_from(s->linked[sg->from]->state, sg->split->det[j], sg->gains[j], frames);
      break;
    default: linked_gain(R, w, idx, sg->from, k, sl, frames, sg->gains[j]);
    }
    if (w->ins_s)
      w->ins_s[R->ins0[idx] + sg->from] += sp_profile_cpu() - t0;
    return;
  }
  render_run_chain(R, w, idx, k, frames, sg->from, sg->to);
  if (sg->key[0])
    lanes_sum(s, sg->key, sl, R->g->nodes[idx].ins[sg->to].channels, frames);
}

/* Lane ls's tap point tap (renderer.h) of slot sl, when tapped: a copy of
 * its ch channels as they are, delayed to line up with the chain's output. */
static void take_tap(lane_state *ls, int tap, int sl, int ch, size_t frames)
{
  render_tap *tp = &ls->taps[tap];
  if (!tp->buf[sl][0])
    return;
  for (int c = 0; c < ch; c++)
    memcpy(tp->buf[sl][c], ls->buf[sl][c], frames * sizeof(float));
  if (tp->ring.len)
    sp_ring_process(&tp->ring, tp->buf[sl], frames);
}

/* Node idx's post_inserts, after its fader, for block k: run as one
 * stretch, or stretch by stretch when a send or key taps between them
 * (`tap: {after: j}`), each lane copied at those points. */
void render_run_post(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t at = render_fader_at(n), end = n->strip->n_inserts;
  const int sl = render_slot_of(R, idx, k_block);
  size_t from = at;
  for (size_t j = 1; j < n->strip->n_post; j++) {
    const int tap = RENDER_TAP_FADER + (int)j;
    if (!s->tapped[tap])
      continue;
    render_run_chain(R, w, idx, k_block, frames, from, at + j);
    from = at + j;
    for (size_t m = 0; m < s->n_present; m++) {
      lane_state *ls = &s->lanes[s->present[m]];
      if (ls->buf[sl][0])
        take_tap(ls, tap, sl, n->ins[at + j].channels, frames);
    }
  }
  render_run_chain(R, w, idx, k_block, frames, from, end);
}

/* Node idx's fader in its chain, for block k (render_fader_at). */
void render_run_fader(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t at = render_fader_at(n);
  const int sl = render_slot_of(R, idx, k_block);
  const int ch = at < n->strip->n_inserts ? n->ins[at].channels : n->channels;
  const sp_auto *fader = &n->strip->gain;
  const bool moves = !sp_auto_is_constant(fader);
  if (moves) /* where the signal at the fader plays: ahead of the inserts after it */
    sp_auto_fill_gain(fader, g->sample_rate, insert_time(R, idx, at, k_block), frames, w->work[0]);
  const float fixed = (float)sp_db_to_lin(fader->value);
  for (size_t m = 0; m < s->n_present; m++) {
    lane_state *ls = &s->lanes[s->present[m]];
    if (!ls->buf[sl][0])
      continue;
    take_tap(ls, RENDER_TAP_PRE, sl, ch, frames);
    for (int c = 0; c < ch; c++) {
      if (!moves) {
        render_scale(ls->buf[sl][c], fixed, frames);
        continue;
      }
      float *restrict x = ls->buf[sl][c];
      for (size_t i = 0; i < frames; i++)
        x[i] *= w->work[0][i];
    }
    take_tap(ls, RENDER_TAP_FADER, sl, ch, frames);
  }
}

/* A `panned: true` key placed by its source's pan, as a send from n is
 * (render_gains_of: its law, width and automation; no fader or level):
 * a mono source's key (the same on both channels) by the law, a stereo
 * one's channels by its balance or width; a `pan: P` key by P, at the
 * source's law, with no width, as a send with its own pan. */
static void pan_key(renderer *R, scratch *w, const sp_node *n, const sp_edge *ed, float *const *key,
                    int64_t t, size_t frames)
{
  gains k = render_gains_of(n, NULL);
  const sp_auto own = {.value = ed->key_pan};
  if (ed->key_has_pan) {
    k.pan = &own;
    k.has_width = false;
    k.widths = NULL;
  }
  k.fader = NULL;
  k.channels = ed->from->n;
  float c[4];
  const bool vary = render_gains_vary(&k);
  if (vary)
    render_gains_fill(R, w, &k, t, frames);
  else
    render_gains_constant(R, &k, c);
  const bool cross = render_gains_cross(&k);
  for (size_t i = 0; i < frames; i++) {
    const float g0 = vary ? w->coef[0][i] : c[0], g1 = vary ? w->coef[1][i] : c[1];
    const float g2 = !cross ? 0.0f : vary ? w->coef[2][i] : c[2];
    const float g3 = !cross ? 0.0f : vary ? w->coef[3][i] : c[3];
    const float l = key[0][i], r = key[1][i];
    key[0][i] = g0 * l + g2 * r;
    key[1][i] = g1 * r + g3 * l;
  }
}

/* Fill the key buffers of n's key edges: Σ lanes, × fader for tap post. A
 * strip whose fader is in its chain gives a `tap: pre` or `tap: fader` key
 * its lanes before or after the fader (their taps), a `tap: post` one its
 * chain's output. */
void render_feed_keys(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  const node_state *s = &R->ns[idx];
  for (size_t j = 0; j < n->n_out; j++) {
    const sp_edge *ed = &g->edges[n->out[j]];
    edge_state *es = &R->es[n->out[j]];
    if (ed->kind != SP_EDGE_KEY || !es->live)
      continue;
    float *const *key = es->key[sl];
    const int tap = render_tap_of(n, ed);
    for (int c = 0; c < 2; c++) {
      memset(key[c], 0, frames * sizeof(float));
      for (size_t l = 0; l < g->n_lanes; l++) {
        if (!s->lanes[l].buf[sl][0])
          continue;
        float *const *sig = tap >= 0 ? s->lanes[l].taps[tap].buf[sl] : s->lanes[l].buf[sl];
        if (ed->from->n <= 2) {
          render_add_scaled(key[c], sig[ed->from->n > 1 ? c : 0], 1.0f, frames);
          continue;
        }
        /* a key from more channels: their sum but the LFE, in both */
        for (int d = 0; d < ed->from->n; d++)
          if (!ed->from->ch[d].lfe)
            render_add_scaled(key[c], sig[d], 1.0f, frames);
      }
    }
    if (render_mute_at(R, idx, sp_edge_mute_point(ed), t, frames, w->gain[0]))
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          key[c][i] *= w->gain[0][i];
    if (ed->key_post && !render_fader_in_chain(n)) {
      sp_auto_fill_gain(&n->strip->gain, g->sample_rate, t, frames, w->work[0]);
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          key[c][i] *= w->work[0][i];
    }
    if (ed->key_gain != 1.0f)
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          key[c][i] *= ed->key_gain;
    if ((ed->key_panned || ed->key_has_pan) && ed->from->n <= 2)
      pan_key(R, w, n, ed, key, t, frames);
    sp_ring_process(&es->key_ring, key, frames);
  }
}
