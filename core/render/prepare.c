/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pass's state, made and freed (core/render/renderer.h). */

#include "core/render/renderer.h"
#include "core/render/gains.h"
#include "core/render/flow.h"

#include "core/base/alloc.h"
#include "core/base/pool.h"
#include "core/graph/query.h"
#include "core/dsp/vbap.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a pass holds ---------------------------------------------------- */

/* p, released by fn(p) at render_release; returns p. */
static void *render_keep(renderer *R, void (*fn)(void *), void *p)
{
  SP_GROW(R->owned, R->n_owned, R->cap_owned);
  R->owned[R->n_owned++] = (struct render_owned){fn, p};
  return p;
}

void *render_calloc(renderer *R, size_t n, size_t size)
{
  return render_keep(R, free, sp_xcalloc(n, size));
}

void *render_alloc(renderer *R, size_t n, size_t size)
{
  R->bytes += n * size;
  return R->counting ? NULL : render_calloc(R, n, size);
}

float *render_buf(renderer *R, size_t frames) { return render_alloc(R, frames, sizeof(float)); }

static void ring_fini(void *ring) { sp_ring_fini(ring); }

void render_ring_init(renderer *R, sp_ring *ring, int channels, int64_t len)
{
  R->bytes += (size_t)len * (size_t)channels * sizeof(float);
  if (!R->counting)
    sp_ring_init(render_keep(R, ring_fini, ring), channels, (size_t)len);
}

static void declick_fini(void *m) { sp_declick_fini(m); }

/* A strip's moving mute (`mute: [[0, false], [2 s, true]]`, c < 0) as
 * Ardour's delivery plays a mute: a gain whose target is 0 from each
 * muting point's frame and 1 from each unmuting one's, declicked as
 * Ardour's Amp::apply_gain declicks it (core/dsp/declick.h). A moving
 * polarity (`invert: [[0, false], [2 s, true]]`) on channel c >= 0 is the
 * same gain with targets -1 where bit c of the point's mask is set, else
 * 1. Released at render_release. */
static void render_mute_init(renderer *R, sp_declick *m, const sp_auto *steps, int c)
{
  const size_t n = steps->n ? steps->n : 1;
  int64_t *at = sp_xcalloc(n, sizeof *at);
  float *target = sp_xcalloc(n, sizeof *target);
  for (size_t i = 0; i < steps->n; i++) {
    const double v = steps->points[i].v;
    at[i] = sp_time_frames(steps->points[i].t, R->g->sample_rate);
    target[i] = c < 0 ? (v != 0 ? 0.0f : 1.0f) : ((uint32_t)v >> c & 1u) ? -1.0f : 1.0f;
  }
  sp_declick_init(render_keep(R, declick_fini, m), at, target, steps->n, R->g->sample_rate);
  free(at);
  free(target);
}

static void proc_free(void *p) { sp_proc_free(p); }

static void vbap_free(void *v) { sp_vbap_free(v); }

/* The processors a pass needs, made side by side once every node has said
 * which (an LV2 instance settles for a while when made: a session's
 * plugins, one per lane, took a quarter of a second on one thread). */
typedef struct wanted {
  const sp_node *n;
  size_t k;      /* the insert */
  sp_proc **out; /* where it goes */
  sp_err err;
  char why[768];
} wanted;

typedef struct wants {
  const renderer *R;
  wanted *v;
  size_t n, cap;
} wants;

/* Insert k of n wanted at *out, made by make_wanted. */
static void want(wants *w, const sp_node *n, size_t k, sp_proc **out)
{
  if (w->n == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 16;
    w->v = sp_xreallocarray(w->v, w->cap, sizeof *w->v);
  }
  w->v[w->n++] = (wanted){n, k, out, SP_OK, ""};
}

static void make_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  wants *w = ctx;
  wanted *p = &w->v[i];
  const sp_insert *ins = &p->n->strip->inserts[p->k];
  sp_proc_args args = sp_graph_insert_args(w->R->g, p->n, p->k);
  sp_proc_env env = sp_graph_proc_env(w->R->g, p->n, p->k, w->R->block);
  const sp_graph *g = w->R->g; /* the render's end on the clock insert_at() gives the node */
  env.end = g->content_frames + g->tail_frames + g->latency - p->n->lat_out - p->n->lat_down;
  p->err = sp_proc_new(ins->cls, &args, &env, p->out, p->why, sizeof p->why);
}

/* Make every wanted processor on R's threads; the first that failed, in
 * the order they were asked for, is said (the others' reasons are its own
 * again, or follow from it). */
static sp_err make_wanted(renderer *R, wants *w)
{
  if (!R->counting)
    sp_pool_run_threads(R->threads, w->n, make_task, w);
  sp_err err = SP_OK;
  for (size_t i = 0; i < w->n; i++)
    if (*w->v[i].out)
      render_keep(R, proc_free, *w->v[i].out);
  for (size_t i = 0; i < w->n && err == SP_OK; i++)
    if ((err = w->v[i].err) != SP_OK)
      sp_recipe_error(R->r, R->d, err, w->v[i].n->strip->inserts[w->v[i].k].path, "%s",
                      w->v[i].why);
  free(w->v);
  return err;
}

static void prepare_node(renderer *R, int idx, wants *w)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t ni = n->strip->n_inserts, B = R->block;
  s->channels = n->src_channels;
  s->width = n->src_channels > n->channels ? n->src_channels : n->channels;
  for (size_t k = 0; k < ni; k++)
    s->width = n->ins[k].channels > s->width ? n->ins[k].channels : s->width;
  s->slots = render_node_slots(n);
  s->trim = (float)(sp_db_to_lin(n->strip->trim_db) * (n->strip->invert.all ? -1.0 : 1.0));
  for (int c = 0; c < SP_MAX_CHANNELS; c++) /* `invert: [...]`: channel by channel */
    s->trim_ch[c] = n->strip->invert.n && (n->strip->invert.mask >> c & 1u) ? -s->trim : s->trim;
  s->trim_channels = !n->strip->instrument ? n->src_channels
                     : ni > 1              ? n->ins[1].channels
                                           : n->channels;
  /* Levels ramped as Ardour's run their declick once (sp_auto_prepare). */
  const int64_t until = g->content_frames + g->tail_frames;
  sp_auto_prepare(&n->strip->gain, g->sample_rate, until);
  sp_auto_prepare(&n->strip->trims, g->sample_rate, until);
  for (size_t k = 0; k < n->strip->n_sends; k++)
    sp_auto_prepare(&n->strip->sends[k].level, g->sample_rate, until);
  s->lanes = render_calloc(R, g->n_lanes, sizeof *s->lanes);
  s->linked = render_calloc(R, ni ? ni : 1, sizeof *s->linked);
  s->key_edge = render_calloc(R, ni ? ni : 1, sizeof *s->key_edge);
  for (size_t k = 0; k < ni; k++) {
    s->key_edge[k] = -1;
    if (sp_insert_key_silent(&n->strip->inserts[k]) && !R->silent_key[0])
      for (int c = 0; c < 2; c++)
        R->silent_key[c] = render_buf(R, R->block);
  }
  if (n->kind == SP_NODE_TRACK)
    s->sources = render_calloc(R, n->n_regions ? n->n_regions : 1, sizeof *s->sources);
  if (n->silent)
    return;
  render_mute_init(R, &s->mute, &n->strip->mutes, -1);
  if (n->strip->invert.moves.n) { /* a moving polarity: its gains channel by channel */
    s->flips = render_calloc(R, (size_t)s->trim_channels + 1, sizeof *s->flips);
    for (int c = 0; c < s->trim_channels; c++)
      render_mute_init(R, &s->flips[c], &n->strip->invert.moves, c);
  }
  for (size_t k = 0; k < ni; k++)
    if (!n->strip->inserts[k].bypass && sp_proc_is_linked(n->strip->inserts[k].cls))
      want(w, n, k, &s->linked[k]);
  /* a moving bypass: the gains of its output, a moving mute's declicked
   * steps (targets 0 bypassed, 1 not) */
  s->bypass = render_calloc(R, ni ? ni : 1, sizeof *s->bypass);
  for (size_t k = 0; k < ni; k++)
    render_mute_init(R, &s->bypass[k], &n->strip->inserts[k].bypasses, -1);
  /* a fader in the chain, tapped before or after it or between the
   * inserts after it: a copy of each lane there, delayed by the latency of
   * the inserts after the point */
  const size_t n_taps = render_taps(n), at = render_fader_at(n);
  s->tapped = render_calloc(R, n_taps + 1, sizeof *s->tapped);
  for (size_t j = 0; j < n->n_out; j++) {
    const int tap = render_tap_of(n, &g->edges[n->out[j]]);
    if (tap >= 0)
      s->tapped[tap] = true;
  }
  s->present = render_calloc(R, g->n_lanes + 1, sizeof *s->present);
  for (size_t l = 0; l < g->n_lanes; l++) {
    if (!n->lanes[l])
      continue;
    s->present[s->n_present++] = l;
    lane_state *ls = &s->lanes[l];
    for (int k = 0; k < s->slots; k++)
      for (int c = 0; c < s->width; c++)
        ls->buf[k][c] = render_buf(R, B);
    ls->taps = n_taps ? render_calloc(R, n_taps, sizeof *ls->taps) : NULL;
    for (size_t tap = 0; tap < n_taps; tap++) {
      if (!s->tapped[tap])
        continue;
      for (int k = 0; k < s->slots; k++)
        for (int c = 0; c < n->channels; c++)
          ls->taps[tap].buf[k][c] = render_buf(R, B);
      /* the pre-fader point is where the fader's is: before every post_insert */
      const size_t passed = tap > RENDER_TAP_FADER ? tap - RENDER_TAP_FADER : 0;
      int64_t latency = 0;
      for (size_t k = at + passed; k < ni; k++)
        latency += n->ins[k].latency;
      if (latency > 0)
        render_ring_init(R, &ls->taps[tap].ring, n->channels, latency);
    }
    ls->procs = render_calloc(R, ni ? ni : 1, sizeof *ls->procs);
    ls->rings = render_calloc(R, ni ? ni : 1, sizeof *ls->rings);
    ls->dry = render_calloc(R, ni ? ni : 1, sizeof *ls->dry);
    for (size_t k = 0; k < ni; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      if (ins->bypass)
        continue;
      if (sp_proc_is_linked(ins->cls)) {
        render_ring_init(R, &ls->rings[k], n->ins[k].channels, n->ins[k].latency);
      } else {
        want(w, n, k, &ls->procs[k]);
        /* its dry input, lined up with its output (unless it bypasses itself) */
        if (sp_insert_crossfades(ins))
          render_ring_init(R, &ls->dry[k], n->ins[k].sel.n ? n->ins[k].sel.n : n->ins[k].channels,
                           n->ins[k].latency);
        /* on some channels: the others wait out its latency */
        if (n->ins[k].sel.n && n->ins[k].latency > 0)
          render_ring_init(R, &ls->rings[k], n->ins[k].channels - n->ins[k].sel.n,
                           n->ins[k].latency);
      }
    }
  }
}

/* Whether insert k of node s is keyed per lane by the sum of the lanes
 * (no key routed to it). */
static bool sum_keyed(const node_state *s, const sp_insert *ins, size_t k)
{
  return !ins->bypass && (ins->cls->flags & SP_PROC_KEYED_LANES) && s->key_edge[k] < 0 &&
         !sp_insert_key_silent(ins);
}

/* Whether insert k of node idx runs its lanes side by side in one call
 * (render_run_chain's process_lanes: the EQ). */
static bool side_by_side(const renderer *R, int idx, size_t k)
{
  const sp_node *n = &R->g->nodes[idx];
  const sp_insert *ins = &n->strip->inserts[k];
  return ins->cls->process_lanes && R->ns[idx].n_present > 1 && !n->ins[k].sel.n &&
         !(ins->automation && ins->cls->retune) && !sp_insert_crossfades(ins);
}

/* How many tasks a lane per-lane insert k of node idx may run as, one a
 * channel (its class's apart: a convolver's channels): 1 when its values
 * move, it crossfades a moving bypass, runs on some channels or is told
 * where it plays, or no processor is made (counting bytes). */
static int apart_of(const renderer *R, int idx, size_t k)
{
  const sp_node *n = &R->g->nodes[idx];
  const sp_insert *ins = &n->strip->inserts[k];
  const lane_state *ls = &R->ns[idx].lanes[R->ns[idx].present[0]];
  if (!ins->cls->process_channel || !ins->cls->apart || n->ins[k].sel.n || ins->cls->at ||
      (ins->automation && ins->cls->retune) || sp_insert_crossfades(ins) || !ls->procs ||
      !ls->procs[k])
    return 1;
  const int a = ins->cls->apart(ls->procs[k]->state);
  return a > 1 ? a : 1;
}

/* Whether every lane's instance of insert k of node idx, whose channels
 * run apart, splits them in three steps (sp_proc_class.split): the feed
 * of block k runs once the take of block k − SP_FLOW_SLOTS is done
 * (core/render/pipeline.c's chain_node), so the steps are at most that
 * many blocks apart. */
static bool split_all(renderer *R, int idx, size_t k)
{
  const sp_insert *ins = &R->g->nodes[idx].strip->inserts[k];
  if (!ins->cls->split || !ins->cls->feed || !ins->cls->work || !ins->cls->take)
    return false;
  const node_state *s = &R->ns[idx];
  for (size_t m = 0; m < s->n_present; m++) {
    const lane_state *ls = &s->lanes[s->present[m]];
    if (!ls->procs || !ls->procs[k] ||
        !ins->cls->split(ls->procs[k]->state, SP_FLOW_SLOTS * R->block))
      return false;
  }
  return true;
}

/* The buffers of linked insert k of node idx's gain in three stages (two
 * when direct), when its class finds it in two steps and it neither moves
 * nor crossfades a moving bypass (from the sum of its lanes, or from the
 * key routed to it); else NULL. */
static split_gain *split_of(renderer *R, int idx, size_t k)
{
  const sp_node *n = &R->g->nodes[idx];
  const sp_insert *ins = &n->strip->inserts[k];
  if (!ins->cls->detect || !ins->cls->gain_from || (ins->automation && ins->cls->retune) ||
      sp_insert_crossfades(ins) || sp_insert_key_silent(ins))
    return NULL;
  split_gain *sp = render_calloc(R, 1, sizeof *sp);
  sp->hist = ins->cls->detect_history;
  sp->keyed = R->ns[idx].key_edge[k] >= 0;
  sp->direct = sp->hist == 0 && (sp->keyed || R->ns[idx].n_present == 1);
  for (int c = 0; !sp->direct && c < (sp->keyed ? 2 : n->ins[k].channels); c++) {
    sp->tail[c] = render_buf(R, sp->hist + 1);
    for (int j = 0; j < RENDER_GAIN_SLOTS; j++)
      sp->sum[j][c] = render_buf(R, sp->hist + R->block);
  }
  for (int j = 0; j < RENDER_GAIN_SLOTS; j++)
    sp->det[j] = render_alloc(R, R->block, SP_DETECT_BYTES);
  return sp;
}

/* A new stage of node s. */
static stage *add_stage(node_state *s, stage st)
{
  s->stages[s->n_stages] = st;
  return &s->stages[s->n_stages++];
}

/* Cut the chain of bus or master idx into stages, a pipeline over the
 * blocks (render_run_blocks): a linked insert as its gain (one task, from
 * the sum of the lanes) and its gain applied (a task per lane); an insert
 * whose lanes run side by side as one task; per-lane inserts as a task per
 * lane (an LV2 plugin on master runs once per stem), with the applied gain
 * before them; an insert keyed per lane by the sum after the task that
 * leaves that sum. Each insert's lanes go through the same instances in
 * the same order as in one task, so the bytes are the same; and the stages
 * do not depend on the threads. */
static void plan_stages(renderer *R, int idx)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t ni = n->strip->n_inserts;
  if (n->kind == SP_NODE_TRACK || n->silent || s->n_present < 1 || render_fader_in_chain(n))
    return; /* a fader in the chain: the node's task runs it, and the chain, whole */
  size_t live = 0;
  bool worth = false;
  for (size_t k = 0; k < ni; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    live += !ins->bypass;
    /* a linked insert, or lanes that go one at a time through a costly insert */
    worth |= !ins->bypass && (sp_proc_is_linked(ins->cls) || ins->cls->split ||
                              (s->n_present > 1 && !ins->cls->process_lanes));
  }
  if (live < 2 && !worth)
    return; /* nothing to pipeline */
  s->stages = render_calloc(R, 4 * ni + 1,
                            sizeof *s->stages); /* a split gain: four an insert; a split: three */
  for (size_t k = 0; k < ni; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    stage *last = s->n_stages ? &s->stages[s->n_stages - 1] : NULL;
    if (ins->bypass) { /* skipped where it stands */
      if (last)
        last->to = k + 1;
      continue;
    }
    if (sp_proc_is_linked(ins->cls)) {
      split_gain *sp = split_of(R, idx, k);
      if (sp) {
        if (!sp->direct)
          add_stage(s, (stage){.from = k, .to = k + 1, .gain = true, .part = GAIN_SUM, .split = sp});
        add_stage(s, (stage){.from = k, .to = k + 1, .gain = true, .part = GAIN_DETECT, .split = sp});
      }
      stage *g = add_stage(
          s, (stage){.from = k, .to = k + 1, .gain = true, .part = sp ? GAIN_FROM : GAIN_WHOLE, .split = sp});
      const int on = n->ins[k].sel.n ? n->ins[k].sel.n : n->ins[k].channels;
      for (int j = 0; j < RENDER_GAIN_SLOTS; j++)
        for (int c = 0; c < on; c++)
          g->gains[j][c] = render_buf(R, R->block);
      add_stage(s, (stage){.from = k, .to = k + 1, .lanes = true});
      continue;
    }
    if (sum_keyed(s, ins, k)) { /* a task before it leaves the sum */
      if (!last || last->lanes || last->gain || last->key[0])
        last = add_stage(s, (stage){.from = k, .to = k});
      for (int c = 0; c < n->ins[k].channels; c++)
        last->key[c] = render_buf(R, R->block);
      add_stage(s, (stage){.from = k, .to = k + 1, .lanes = true});
      continue;
    }
    if (side_by_side(R, idx, k)) {
      add_stage(s, (stage){.from = k, .to = k + 1});
      continue;
    }
    const int apart = apart_of(R, idx, k);
    if (apart > 1 && split_all(R, idx, k))
      for (int step = STEP_FEED; step <= STEP_TAKE; step++)
        add_stage(s, (stage){.from = k, .to = k + 1, .lanes = true, .apart = apart, .step = step});
    else if (apart > 1)
      add_stage(s, (stage){.from = k, .to = k + 1, .lanes = true, .apart = apart});
    else if (last && last->lanes && !last->apart)
      last->to = k + 1;
    else
      add_stage(s, (stage){.from = k, .to = k + 1, .lanes = true});
  }
}

/* The pipeline's tasks: the nodes in schedule order (inputs first), each
 * as its render_gather (buses and master), its stages and itself; then one per
 * output, then the measurement of a measuring pass. */
static void plan_tasks(renderer *R)
{
  const sp_graph *g = R->g;
  size_t n = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    plan_stages(R, (int)i);
    const node_state *s = &R->ns[i];
    n += 2;
    for (size_t j = 0; j < s->n_stages; j++)
      n += s->stages[j].lanes ? s->n_present * render_per_lane(&s->stages[j]) : 1;
  }
  R->tasks = render_calloc(R, n, sizeof *R->tasks);
  for (size_t k = 0; k < g->n_nodes; k++) {
    int idx = g->order ? g->order[k] : (int)k;
    node_state *s = &R->ns[idx];
    if (g->nodes[idx].kind != SP_NODE_TRACK)
      R->tasks[R->n_node_tasks++] = (node_task){.node = idx, .kind = TASK_GATHER};
    for (size_t j = 0; j < s->n_stages; j++) {
      s->stages[j].task0 = R->n_node_tasks;
      const size_t tasks = s->stages[j].lanes ? s->n_present * render_per_lane(&s->stages[j]) : 1;
      for (size_t m = 0; m < tasks; m++)
        R->tasks[R->n_node_tasks++] =
            (node_task){.node = idx, .kind = TASK_STAGE, .stage = (int)j, .lane = m};
    }
    R->tasks[R->n_node_tasks++] = (node_task){.node = idx, .kind = TASK_NODE};
  }
}

/* The most values an insert of g has (its sets × its parameters), at
 * least 1. */
static size_t max_values(const sp_graph *g)
{
  size_t m = 1;
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; g->nodes[i].strip && k < g->nodes[i].strip->n_inserts; k++) {
      const sp_insert *ins = &g->nodes[i].strip->inserts[k];
      const size_t n = ins->n_sets * ins->cls->n_params;
      m = n > m ? n : m;
    }
  return m;
}

sp_err render_prepare(renderer *R)
{
  const sp_graph *g = R->g;
  size_t B = R->block;
  R->ns = render_calloc(R, g->n_nodes, sizeof *R->ns);
  R->es = render_calloc(R, g->n_edges ? g->n_edges : 1, sizeof *R->es);
  if (R->threads < 1)
    R->threads = 1;
  R->max_channels = 2; /* a stereo edge's scratch at least */
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    R->max_channels = n->channels > R->max_channels ? n->channels : R->max_channels;
    for (size_t k = 0; k < n->n_regions; k++) /* a region's source reads all its file's */
      R->max_channels = n->regions[k].file_channels > R->max_channels ? n->regions[k].file_channels
                                                                      : R->max_channels;
    for (size_t k = 0; n->ins && k < n->strip->n_inserts; k++)
      R->max_channels = n->ins[k].channels > R->max_channels ? n->ins[k].channels : R->max_channels;
  }
  const size_t C = (size_t)R->max_channels;
  bool envelopes = false;
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; k < g->nodes[i].n_regions; k++)
      envelopes |= g->nodes[i].regions[k].n_env > 0 || g->nodes[i].regions[k].env_list;
  R->scr = render_calloc(R, (size_t)R->threads, sizeof *R->scr);
  for (int t = 0; t < R->threads; t++) {
    scratch *w = &R->scr[t];
    for (size_t c = 0; c < C; c++) {
      w->region[c] = render_buf(R, B);
      w->det[c] = render_buf(R, B);
      w->gain[c] = render_buf(R, B);
      w->tmp[c] = render_buf(R, B);
      w->mix[c] = render_buf(R, B);
    }
    for (int c = 0; c < 2; c++) {
      w->coef[c] = render_buf(R, B);
      w->coef[2 + c] = render_buf(R, B);
    }
    for (int k = 0; k < 4; k++)
      w->work[k] = render_buf(R, B);
    w->acc = render_alloc(R, B, sizeof *w->acc);
    if (envelopes) /* drawn only where a region has one */
      w->env = render_alloc(R, B, sizeof *w->env);
    w->states = render_calloc(R, g->n_lanes + 1, sizeof *w->states);
    w->chans = render_calloc(R, g->n_lanes + 1, sizeof *w->chans);
    w->values = render_calloc(R, max_values(g), sizeof *w->values);
  }
  /* + master.adm's, + the outputs' preps */
  R->n_tasks = g->n_nodes + g->n_outputs + 1 + g->n_adm_prints + g->n_outputs;
  R->task_why = sp_xcalloc(R->n_tasks, sizeof *R->task_why);
  R->task_key = render_calloc(R, R->n_tasks, sizeof *R->task_key);

  wants w = {R, NULL, 0, 0};
  for (size_t i = 0; i < g->n_nodes; i++)
    prepare_node(R, (int)i, &w);
  sp_err err = make_wanted(R, &w);

  for (size_t e = 0; e < g->n_edges && err == SP_OK; e++) {
    const sp_edge *ed = &g->edges[e];
    const sp_node *src = &g->nodes[ed->src], *dst = &g->nodes[ed->dst];
    edge_state *es = &R->es[e];
    bool carries = false;
    for (size_t l = 0; l < g->n_lanes; l++)
      carries |= src->lanes[l];
    es->live = carries && !dst->silent && !(src->muted_at & sp_edge_mute_point(ed));
    if (ed->kind == SP_EDGE_KEY) {
      R->ns[ed->dst].key_edge[ed->insert] = (int)e;
      for (int k = 0; k < R->ns[ed->src].slots; k++)
        for (int c = 0; c < 2; c++)
          es->key[k][c] = render_buf(R, B);
      render_ring_init(R, &es->key_ring, 2, es->live ? ed->delay : 0);
      continue;
    }
    gains k = render_gains_of(src, ed);
    es->varying = render_gains_vary(&k);
    es->cross = render_gains_cross(&k);
    render_gains_constant(R, &k, es->coef);
    if (ed->mix) { /* a matrix route: its fader·level, a moving position's panner, an LFE feed */
      es->scale = render_gains_scale(&k);
      if (ed->azimuth || ed->elevation)
        es->vbap = render_keep(R, vbap_free, sp_vbap_new(dst->in_layout));
      if (ed->lfe >= 0) {
        sp_biquad_design(&es->lfe_bq, SP_BQ_LOWPASS, ed->lfe_lowpass_hz, M_SQRT1_2, 0,
                         g->sample_rate);
        es->lfe_st = render_calloc(R, g->n_lanes, sizeof *es->lfe_st);
      }
    }
    es->rings = render_calloc(R, g->n_lanes, sizeof *es->rings);
    for (size_t l = 0; es->live && ed->delay > 0 && l < g->n_lanes; l++)
      if (src->lanes[l])
        render_ring_init(R, &es->rings[l], ed->from->n, ed->delay);
  }
  if (err == SP_OK)
    plan_tasks(R);
  return err;
}

void render_release(renderer *R)
{
  const sp_graph *g = R->g;
  for (size_t i = 0; R->ns && i < g->n_nodes; i++) {
    node_state *s = &R->ns[i];
    for (size_t k = 0; s->sources && k < g->nodes[i].n_regions; k++)
      if (s->sources[k])
        s->sources[k]->ops->close(s->sources[k]);
  }
  sp_free_strings(R->task_why, R->n_tasks);
  for (size_t o = 0; o < R->n_outs; o++) {
    if (R->outs[o].w)
      R->outs[o].w->ops->discard(R->outs[o].w);
    sp_meter_free(R->outs[o].meter);
    sp_meters_free(R->outs[o].meters);
  }
  sp_meter_free(R->mix_meter);
  while (R->n_owned > 0) {
    const struct render_owned *x = &R->owned[--R->n_owned];
    x->fn(x->p);
  }
  free(R->owned);
}

size_t sp_render_buffer_bytes(const sp_graph *g, size_t block_frames)
{
  sp_diags d;
  sp_diags_init(&d);
  renderer R;
  memset(&R, 0, sizeof R);
  R.g = g;
  R.r = g->recipe;
  R.d = &d;
  R.block = sp_graph_block_frames(g, block_frames);
  /* The buffers are counted without making the processors, which are not
   * in the count: on one thread they were an LV2 session's instances made
   * one after another (ACE Fluid Synth's SoundFont load, 16 in a row). */
  R.counting = true;
  size_t bytes = render_prepare(&R) == SP_OK ? R.bytes : 0;
  /* Each output's slots of blocks for its writer and its alignment delay
   * (render_open_outputs; a code or a float a sample, 4 bytes either). */
  for (size_t o = 0; bytes && o < g->n_outputs; o++)
    if (!g->outputs[o].own)
      bytes += (size_t)sp_graph_output_channels(g, &g->outputs[o]) *
               (RENDER_OUT_SLOTS * R.block + (size_t)g->outputs[o].delay) * sizeof(float);
  render_release(&R);
  sp_diags_fini(&d);
  return bytes;
}
