/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One pass of a render over the timeline (see core/render/render_internal.h for
 * how the render's files divide the work).
 *
 *   for each block [t0, t0 + n):
 *     zero the lane accumulators of buses and master
 *     for each node in schedule order (a track has one lane, a bus the lanes that reach it):
 *       track:   regions at t0 − lat_in ─► Σ (fades) ─► lane
 *       every:   trim·polarity ─► inserts, one at a time across the lanes:
 *                  linear:  each lane through its own instance
 *                  linked:  g = gain(Σ lanes, key) once; each lane delayed by the
 *                           insert's latency, × g
 *                ─► keys:  Σ lanes (× fader for tap post) ─► delay ─► key buffers
 *                ─► edges: each lane ─► delay (latency compensation)
 *                                     ─► × fader·level·pan (per sample when automated)
 *                                     ─► destination lane (split: buses remaps at master)
 *       master:  per lane × fader·balance: the lane is the stem
 *     mix = Σ stems (double, lane order) ─► drop master's latency ─► quantize ─► files
 *
 * Pre- and post-fader taps read the same buffer with different gains: the
 * fader is a gain after the inserts, folded into each edge's coefficients. */

#include "core/render/render_internal.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/graph/pan.h"
#include "core/graph/query.h"
#include "core/render/flow.h"
#include "core/dsp/quantize.h"
#include "core/dsp/ring.h"
#include "core/dsp/simd.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

static float *audio_buf(renderer *R, size_t frames)
{
  R->bytes += frames * sizeof(float);
  return sp_xcalloc(frames, sizeof(float));
}

static void ring_init(renderer *R, sp_ring *ring, int channels, int64_t len)
{
  sp_ring_init(ring, channels, (size_t)len);
  R->bytes += (size_t)len * (size_t)channels * sizeof(float);
}

/* ---- gains --------------------------------------------------------------- */

/* What an edge (or master's output, edge NULL) multiplies by: fader unless
 * it is a pre-fader send, level for a send, and the pan gains. */
typedef struct gains {
  const sp_auto *fader, *level, *pan;
  int channels; /* of the source: mono pans by the law, stereo by balance or width */
  bool has_width;
  double width;
} gains;

/* The four gains of a pan position (edge_state's coef): a mono source by
 * the pan law; a stereo one by a balance, or with width by the stereo
 * panner (sp_pan_stereo), whose cross gains feed each channel to both
 * sides. */
static void pan_gains(const renderer *R, const gains *k, double pan, double g[4])
{
  g[2] = g[3] = 0;
  if (k->channels == 1 && R->r->pan_ardour)
    sp_pan_ardour(pan, &g[0], &g[1]);
  else if (k->channels == 1)
    sp_pan_mono(pan, R->r->pan_law_db, &g[0], &g[1]);
  else if (k->has_width)
    sp_pan_stereo(pan, k->width, R->r->pan_ardour, R->r->pan_law_db, g);
  else if (R->r->pan_ardour)
    sp_pan_ardour_balance(pan, &g[0], &g[1]);
  else
    sp_pan_balance(pan, &g[0], &g[1]);
}

static gains gains_of(const sp_node *src, const sp_edge *e)
{
  gains k = {&src->strip->gain, NULL, &src->strip->pan, src->channels, src->strip->has_width,
             src->strip->width};
  if (e && e->kind == SP_EDGE_SEND) {
    k.level = &e->send->level;
    if (e->send->pre_fader)
      k.fader = NULL;
    if (e->send->has_pan)
      k.pan = &e->send->pan;
  }
  return k;
}

static bool gains_vary(const gains *k)
{
  return (k->fader && !sp_auto_is_constant(k->fader)) ||
         (k->level && !sp_auto_is_constant(k->level)) || !sp_auto_is_constant(k->pan);
}

/* Whether the gains feed a channel to the other side at some time. */
static bool gains_cross(const gains *k) { return k->channels == 2 && k->has_width; }

static void gains_constant(const renderer *R, const gains *k, float coef[4])
{
  double g = (k->fader ? sp_db_to_lin(k->fader->value) : 1.0) *
             (k->level ? sp_db_to_lin(k->level->value) : 1.0);
  double p[4];
  pan_gains(R, k, k->pan->value, p);
  for (int c = 0; c < 4; c++)
    coef[c] = (float)(g * p[c]);
}

/* Per-sample gains for timeline frames t .. t + n − 1 into w->coef (the
 * cross gains too when gains_cross). */
static void gains_fill(renderer *R, scratch *w, const gains *k, int64_t t, size_t n)
{
  double rate = R->g->sample_rate;
  float *f = w->work[0], *lv = w->work[1], *pan = w->work[2];
  const int nc = gains_cross(k) ? 4 : 2;
  if (k->fader)
    sp_auto_fill_gain(k->fader, rate, t, n, f);
  if (k->level)
    sp_auto_fill_gain(k->level, rate, t, n, lv);
  bool fixed = sp_auto_is_constant(k->pan);
  double p[4];
  if (fixed) /* a fixed pan: its gains once, not a sine and cosine a sample */
    pan_gains(R, k, k->pan->value, p);
  else
    sp_auto_fill_linear(k->pan, rate, t, n, pan);
  for (size_t i = 0; i < n; i++) {
    double g = (k->fader ? f[i] : 1.0f) * (k->level ? lv[i] : 1.0f);
    if (!fixed)
      pan_gains(R, k, pan[i], p);
    for (int c = 0; c < nc; c++)
      w->coef[c][i] = (float)(g * p[c]);
  }
}

/* ---- prepare ------------------------------------------------------------- */

static sp_err new_proc(renderer *R, const sp_node *n, size_t k, sp_proc **out)
{
  const sp_insert *ins = &n->strip->inserts[k];
  sp_proc_args args = sp_graph_insert_args(R->g, n, k);
  sp_proc_env env = sp_graph_proc_env(R->g, n, R->block);
  char why[768];
  sp_err err = sp_proc_new(ins->cls, &args, &env, out, why, sizeof why);
  if (err != SP_OK)
    sp_recipe_error(R->r, R->d, err, ins->path, "%s", why);
  return err;
}

/* A node's slots: tracks one, the rest SP_FLOW_SLOTS. With many tracks,
 * their buffers are most of what grows with a session; a track's block is
 * free again as soon as the buses it feeds have gathered it (a task of its
 * own, see run_blocks), so a second slot bought the reference session no
 * speed (the same wall time at -j 2, 64 KB more a stereo track). */
static int node_slots(const sp_node *n) { return n->kind == SP_NODE_TRACK ? 1 : SP_FLOW_SLOTS; }

/* The slot of node idx that holds block k. */
static inline int slot_of(const renderer *R, int idx, int64_t k)
{
  return (int)(k % R->ns[idx].slots);
}

static sp_err prepare_node(renderer *R, int idx)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t ni = n->strip->n_inserts, B = R->block;
  s->channels = n->channels;
  s->slots = node_slots(n);
  s->trim = (float)(sp_db_to_lin(n->strip->trim_db) * (n->strip->invert ? -1.0 : 1.0));
  /* Levels ramped as Ardour's run their declick once (sp_auto_prepare). */
  const int64_t until = g->content_frames + g->tail_frames;
  sp_auto_prepare(&n->strip->gain, g->sample_rate, until);
  for (size_t k = 0; k < n->strip->n_sends; k++)
    sp_auto_prepare(&n->strip->sends[k].level, g->sample_rate, until);
  s->lanes = sp_xcalloc(g->n_lanes, sizeof *s->lanes);
  s->linked = sp_xcalloc(ni ? ni : 1, sizeof *s->linked);
  s->key_edge = sp_xcalloc(ni ? ni : 1, sizeof *s->key_edge);
  for (size_t k = 0; k < ni; k++)
    s->key_edge[k] = -1;
  if (n->kind == SP_NODE_TRACK)
    s->sources = sp_xcalloc(n->n_regions ? n->n_regions : 1, sizeof *s->sources);
  if (n->silent)
    return SP_OK;
  sp_err err = SP_OK;
  for (size_t k = 0; k < ni && err == SP_OK; k++)
    if (!n->strip->inserts[k].bypass && sp_proc_is_linked(n->strip->inserts[k].cls))
      err = new_proc(R, n, k, &s->linked[k]);
  s->present = sp_xcalloc(g->n_lanes + 1, sizeof *s->present);
  for (size_t l = 0; l < g->n_lanes && err == SP_OK; l++) {
    if (!n->lanes[l])
      continue;
    s->present[s->n_present++] = l;
    lane_state *ls = &s->lanes[l];
    for (int k = 0; k < s->slots; k++)
      for (int c = 0; c < n->channels; c++)
        ls->buf[k][c] = audio_buf(R, B);
    ls->procs = sp_xcalloc(ni ? ni : 1, sizeof *ls->procs);
    ls->rings = sp_xcalloc(ni ? ni : 1, sizeof *ls->rings);
    for (size_t k = 0; k < ni && err == SP_OK; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      if (ins->bypass)
        continue;
      if (sp_proc_is_linked(ins->cls))
        ring_init(R, &ls->rings[k], n->channels, n->ins_latency[k]);
      else
        err = new_proc(R, n, k, &ls->procs[k]);
    }
  }
  return err;
}

/* Whether insert k of node s is keyed per lane by the sum of the lanes
 * (no key routed to it). */
static bool sum_keyed(const node_state *s, const sp_insert *ins, size_t k)
{
  return !ins->bypass && (ins->cls->flags & SP_PROC_KEYED_LANES) && s->key_edge[k] < 0;
}

/* Cut the chain of bus or master idx into stages when its lanes are worth
 * running as tasks of their own: it has two lanes or more and an insert
 * that runs an instance per lane, one lane at a time (an LV2 plugin, the
 * convolver; not the EQ, whose lanes run side by side in one call). A
 * stage ends where an insert needs the sum of the lanes: a linked insert
 * (its gain, one task over every lane) or one keyed per lane by the sum
 * (the task before it leaves the sum). The lanes go through the same
 * instances in the same order either way, so the bytes are those of one
 * task. */
static void plan_stages(renderer *R, int idx)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  const size_t ni = n->strip->n_inserts;
  if (n->kind == SP_NODE_TRACK || n->silent || s->n_present < 2)
    return;
  bool worth = false;
  for (size_t k = 0; k < ni; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    worth |= !ins->bypass && !sp_proc_is_linked(ins->cls) && !ins->cls->process_lanes;
  }
  if (!worth)
    return;
  s->stages = sp_xcalloc(2 * ni + 1, sizeof *s->stages);
  size_t from = 0;
  for (size_t k = 0; k <= ni; k++) {
    const sp_insert *ins = k < ni ? &n->strip->inserts[k] : NULL;
    const bool linked = ins && !ins->bypass && sp_proc_is_linked(ins->cls);
    const bool keyed = ins && sum_keyed(s, ins, k);
    if (ins && !linked && !keyed)
      continue;
    if (k > from)
      s->stages[s->n_stages++] = (stage){.from = from, .to = k, .lanes = true};
    stage *last = s->n_stages ? &s->stages[s->n_stages - 1] : NULL;
    if (linked || keyed) {
      if (!last || last->lanes || last->key[0]) {
        last = &s->stages[s->n_stages++];
        *last = (stage){.from = k, .to = k};
      }
      last->to = linked ? k + 1 : k;
      if (keyed)
        for (int c = 0; c < n->channels; c++)
          last->key[c] = audio_buf(R, R->block);
      from = last->to;
    }
  }
}

/* The pipeline's tasks: the nodes in schedule order (inputs first), each
 * as its gather (buses and master), its stages and itself; then one per
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
      n += s->stages[j].lanes ? s->n_present : 1;
  }
  R->tasks = sp_xcalloc(n, sizeof *R->tasks);
  for (size_t k = 0; k < g->n_nodes; k++) {
    int idx = g->order ? g->order[k] : (int)k;
    node_state *s = &R->ns[idx];
    if (g->nodes[idx].kind != SP_NODE_TRACK)
      R->tasks[R->n_node_tasks++] = (node_task){.node = idx, .kind = TASK_GATHER};
    for (size_t j = 0; j < s->n_stages; j++) {
      s->stages[j].task0 = R->n_node_tasks;
      for (size_t m = 0; m < (s->stages[j].lanes ? s->n_present : 1); m++)
        R->tasks[R->n_node_tasks++] =
            (node_task){.node = idx, .kind = TASK_STAGE, .stage = (int)j, .lane = m};
    }
    R->tasks[R->n_node_tasks++] = (node_task){.node = idx, .kind = TASK_NODE};
  }
}

sp_err render_prepare(renderer *R)
{
  const sp_graph *g = R->g;
  size_t B = R->block;
  R->ns = sp_xcalloc(g->n_nodes, sizeof *R->ns);
  R->es = sp_xcalloc(g->n_edges ? g->n_edges : 1, sizeof *R->es);
  if (R->threads < 1)
    R->threads = 1;
  R->scr = sp_xcalloc((size_t)R->threads, sizeof *R->scr);
  for (int t = 0; t < R->threads; t++) {
    scratch *w = &R->scr[t];
    for (int c = 0; c < 2; c++) {
      w->region[c] = audio_buf(R, B);
      w->det[c] = audio_buf(R, B);
      w->gain[c] = audio_buf(R, B);
      w->tmp[c] = audio_buf(R, B);
      w->coef[c] = audio_buf(R, B);
      w->coef[2 + c] = audio_buf(R, B);
      w->mix[c] = audio_buf(R, B);
      w->metered[c] = audio_buf(R, B);
    }
    for (int k = 0; k < 3; k++)
      w->work[k] = audio_buf(R, B);
    w->fout = audio_buf(R, 2 * B);
    w->acc = sp_xcalloc(B, sizeof *w->acc);
    R->bytes += B * sizeof *w->acc;
    w->states = sp_xcalloc(g->n_lanes + 1, sizeof *w->states);
    w->chans = sp_xcalloc(g->n_lanes + 1, sizeof *w->chans);
    w->iout = sp_xcalloc(2 * B, sizeof *w->iout);
    R->bytes += 2 * B * sizeof *w->iout;
  }
  R->n_tasks = g->n_nodes + g->n_outputs + 1;
  R->task_why = sp_xcalloc(R->n_tasks, sizeof *R->task_why);
  R->task_key = sp_xcalloc(R->n_tasks, sizeof *R->task_key);

  sp_err err = SP_OK;
  for (size_t i = 0; i < g->n_nodes && err == SP_OK; i++)
    err = prepare_node(R, (int)i);

  for (size_t e = 0; e < g->n_edges && err == SP_OK; e++) {
    const sp_edge *ed = &g->edges[e];
    const sp_node *src = &g->nodes[ed->src], *dst = &g->nodes[ed->dst];
    edge_state *es = &R->es[e];
    bool carries = false;
    for (size_t l = 0; l < g->n_lanes; l++)
      carries |= src->lanes[l];
    es->live = carries && !dst->silent;
    if (ed->kind == SP_EDGE_KEY) {
      R->ns[ed->dst].key_edge[ed->insert] = (int)e;
      for (int k = 0; k < R->ns[ed->src].slots; k++)
        for (int c = 0; c < 2; c++)
          es->key[k][c] = audio_buf(R, B);
      ring_init(R, &es->key_ring, 2, es->live ? ed->delay : 0);
      continue;
    }
    gains k = gains_of(src, ed);
    es->varying = gains_vary(&k);
    es->cross = gains_cross(&k);
    gains_constant(R, &k, es->coef);
    es->rings = sp_xcalloc(g->n_lanes, sizeof *es->rings);
    for (size_t l = 0; es->live && ed->delay > 0 && l < g->n_lanes; l++)
      if (src->lanes[l])
        ring_init(R, &es->rings[l], src->channels, ed->delay);
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
    size_t ni = g->nodes[i].strip->n_inserts;
    for (size_t k = 0; s->linked && k < ni; k++)
      sp_proc_free(s->linked[k]);
    for (size_t j = 0; j < s->n_stages; j++)
      for (int c = 0; c < 2; c++)
        free(s->stages[j].key[c]);
    free(s->stages);
    free(s->linked);
    free(s->key_edge);
    free(s->present);
    for (size_t k = 0; s->sources && k < g->nodes[i].n_regions; k++)
      if (s->sources[k])
        s->sources[k]->ops->close(s->sources[k]);
    free(s->sources);
    for (size_t l = 0; s->lanes && l < g->n_lanes; l++) {
      lane_state *ls = &s->lanes[l];
      for (int k = 0; k < SP_FLOW_SLOTS; k++)
        for (int c = 0; c < 2; c++)
          free(ls->buf[k][c]);
      for (size_t k = 0; ls->procs && k < ni; k++) {
        sp_proc_free(ls->procs[k]);
        sp_ring_fini(&ls->rings[k]);
      }
      free(ls->procs);
      free(ls->rings);
    }
    free(s->lanes);
  }
  for (size_t e = 0; R->es && e < g->n_edges; e++) {
    edge_state *es = &R->es[e];
    for (size_t l = 0; es->rings && l < g->n_lanes; l++)
      sp_ring_fini(&es->rings[l]);
    free(es->rings);
    for (int k = 0; k < SP_FLOW_SLOTS; k++)
      for (int c = 0; c < 2; c++)
        free(es->key[k][c]);
    sp_ring_fini(&es->key_ring);
  }
  free(R->ns);
  free(R->es);
  for (int t = 0; R->scr && t < R->threads; t++) {
    scratch *w = &R->scr[t];
    for (int c = 0; c < 2; c++) {
      free(w->region[c]);
      free(w->det[c]);
      free(w->gain[c]);
      free(w->tmp[c]);
      free(w->coef[c]);
      free(w->coef[2 + c]);
      free(w->mix[c]);
      free(w->metered[c]);
    }
    for (int k = 0; k < 3; k++)
      free(w->work[k]);
    free(w->fout);
    free(w->iout);
    free(w->acc);
    free(w->states);
    free(w->chans);
  }
  free(R->scr);
  free(R->tasks);
  for (size_t k = 0; R->task_why && k < R->n_tasks; k++)
    free(R->task_why[k]);
  free(R->task_why);
  free(R->task_key);
  for (size_t o = 0; o < R->n_outs; o++) {
    if (R->outs[o].w)
      R->outs[o].w->ops->discard(R->outs[o].w);
    sp_meter_free(R->outs[o].meter);
    free(R->outs[o].buf[0]);
    free(R->outs[o].buf[1]);
    for (int k = 0; k < SP_FLOW_SLOTS; k++)
      for (int c = 0; c < 2; c++)
        free(R->outs[o].cap[k][c]);
    free(R->outs[o].sum_lanes);
    sp_ring_fini(&R->outs[o].align);
  }
  free(R->outs);
  sp_meter_free(R->mix_meter);
}

/* ---- per block ----------------------------------------------------------- */

/* The loops over a block's samples, compiled for each vector width (see
 * core/dsp/simd.h): every sample's arithmetic is the same, so the bits. */
SP_CLONES
static void scale(float *x, float g, size_t n)
{
  if (g == 1.0f)
    return;
  for (size_t i = 0; i < n; i++)
    x[i] *= g;
}

SP_CLONES
static void add_scaled(float *restrict dst, const float *restrict src, float g, size_t n)
{
  if (g == 0.0f)
    return;
  for (size_t i = 0; i < n; i++)
    dst[i] += g * src[i];
}

SP_CLONES
static void add_mul(float *restrict dst, const float *restrict src, const float *restrict g,
                    size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] += g[i] * src[i];
}

/* acc[c] += coef[c] · sig delayed by the ring r, ring and sum in one pass:
 * the values of a copy through sp_ring_process and then add_scaled (a zero
 * gain adds nothing), without the copy. sig has r->channels channels; a
 * mono source feeds both of acc's. */
SP_CLONES
static void add_delayed(sp_ring *r, float *const *sig, float *const *acc, const float *coef,
                        size_t frames)
{
  size_t pos = r->pos;
  for (size_t i = 0; i < frames;) {
    const size_t run = r->len - pos < frames - i ? r->len - pos : frames - i;
    if (r->channels == 1) {
      float *restrict b = r->buf[0] + pos, *restrict a0 = acc[0] + i, *restrict a1 = acc[1] + i;
      const float *restrict x = sig[0] + i;
      const float g0 = coef[0], g1 = coef[1];
      for (size_t k = 0; k < run; k++) {
        float d = b[k];
        b[k] = x[k];
        if (g0 != 0.0f)
          a0[k] += g0 * d;
        if (g1 != 0.0f)
          a1[k] += g1 * d;
      }
    } else {
      for (int c = 0; c < 2; c++) {
        float *restrict b = r->buf[c] + pos, *restrict a = acc[c] + i;
        const float *restrict x = sig[c] + i;
        const float g = coef[c];
        for (size_t k = 0; k < run; k++) {
          float d = b[k];
          b[k] = x[k];
          if (g != 0.0f)
            a[k] += g * d;
        }
      }
    }
    i += run;
    pos += run;
    if (pos == r->len)
      pos = 0;
  }
  r->pos = pos;
}

/* Σ of the lanes which[0..n_which) (slot sl, channel c), in that order,
 * in double, rounded once to float. */
SP_CLONES
static void sum_lanes(float *restrict dst, const lane_state *lanes, const size_t *which,
                      size_t n_which, int sl, int c, double *restrict acc, size_t n)
{
  const float *first = lanes[which[0]].buf[sl][c];
  for (size_t i = 0; i < n; i++)
    acc[i] = first[i];
  for (size_t m = 1; m < n_which; m++) {
    const float *x = lanes[which[m]].buf[sl][c];
    for (size_t i = 0; i < n; i++)
      acc[i] += x[i];
  }
  for (size_t i = 0; i < n; i++)
    dst[i] = (float)acc[i];
}

/* Whether no sample is NaN or infinite: no exponent bits all set. */
SP_CLONES
static bool all_finite(const float *x, size_t n)
{
  return sp_max_bits_f32(x, n, 0x7f800000u) != 0x7f800000u;
}

/* Interleaved stereo left-justified integers back to planar float: x·2^-31
 * is exact, and so is its rounding to float for 24 bits or fewer. */
SP_CLONES
static void dequantize(const int32_t *restrict in, float *const *out, size_t frames)
{
  float *restrict l = out[0], *restrict r = out[1];
  for (size_t i = 0; i < frames; i++) {
    l[i] = (float)((double)in[2 * i] * 0x1p-31);
    r[i] = (float)((double)in[2 * i + 1] * 0x1p-31);
  }
}

/* Frame i of an n-frame fade drawn as shape (ramp: ramp_i/n, 0 at the
 * region's edge); a curve's value is a float, as in Ardour's gain buffer. */
static double fade_at(sp_fade_shape shape, const sp_fade_curve *c, const float *ardour, int64_t i,
                      int64_t ramp_i, int64_t n)
{
  if (shape == SP_FADE_RAMP)
    return (double)ramp_i / (double)n;
  if (shape == SP_FADE_ARDOUR)
    return ardour[i];
  return (float)sp_fade_curve_frame(c, i, n);
}

/* Gain of a region's fades and envelope at frame pos (0-based within the
 * region). */
static float fade_gain(const sp_region_plan *p, int64_t pos)
{
  double gain = p->gain;
  if (p->n_env > 0) {
    /* Between two points, linear in Ardour's fader position; the first
     * and last values hold before and after. */
    size_t k = 0;
    while (k < p->n_env && p->env_at[k] <= pos)
      k++;
    double at;
    if (k == 0)
      at = p->env_pos[0];
    else if (k == p->n_env || p->env_at[k] == p->env_at[k - 1])
      at = p->env_pos[k - 1];
    else
      at = p->env_pos[k - 1] + (double)(pos - p->env_at[k - 1]) /
                                   (double)(p->env_at[k] - p->env_at[k - 1]) *
                                   (p->env_pos[k] - p->env_pos[k - 1]);
    gain *= sp_ardour_position_to_gain(at);
  }
  if (pos < p->fade_in)
    gain *= fade_at(p->fade_in_shape, &p->fade_in_curve, sp_ardour_fade_in, pos, pos, p->fade_in);
  if (pos >= p->length - p->fade_out)
    gain *= fade_at(p->fade_out_shape, &p->fade_out_curve, sp_ardour_fade_out,
                    pos - (p->length - p->fade_out), p->length - 1 - pos, p->fade_out);
  return (float)gain;
}

/* Region p's frames src (from its frame pos0) laid over the regions before
 * it in dst, p being opaque: under its fades what is there is faded by the
 * fade's inverse (1 − the fade's gain when it has none) and p's frames
 * added; under its body p's frames replace it. In float, as Ardour's
 * AudioRegion::read_at does it. */
static void cover(const sp_region_plan *p, int64_t pos0, const float *src, float *dst, size_t m)
{
  int64_t body = p->length - p->fade_out;
  for (size_t i = 0; i < m; i++) {
    int64_t pos = pos0 + (int64_t)i;
    float inv;
    if (pos < p->fade_in) {
      const sp_fade_curve *c = &p->fade_in_inverse;
      inv = c->n ? (float)sp_fade_curve_frame(c, pos, p->fade_in)
                 : 1.0f - (float)fade_at(p->fade_in_shape, &p->fade_in_curve, sp_ardour_fade_in,
                                         pos, pos, p->fade_in);
    } else if (pos >= body) {
      const sp_fade_curve *c = &p->fade_out_inverse;
      inv = c->n ? (float)sp_fade_curve_frame(c, pos - body, p->fade_out)
                 : 1.0f - (float)fade_at(p->fade_out_shape, &p->fade_out_curve, sp_ardour_fade_out,
                                         pos - body, p->length - 1 - pos, p->fade_out);
    } else {
      dst[i] = p->gain == 1.0f && p->n_env == 0 ? src[i] : src[i] * fade_gain(p, pos);
      continue;
    }
    float under = dst[i] * inv;
    dst[i] = under + src[i] * fade_gain(p, pos);
  }
}

/* The regions of track idx for timeline frames t0 .. t0 + frames − 1. */
static sp_err read_regions(renderer *R, scratch *w, int idx, int64_t t0, size_t frames,
                           float *const *out)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  /* Most blocks lie inside one region, away from its fades, whose file has
   * the track's channels: that region's frames then go straight into the
   * lane, with no zeroing and no copy. */
  size_t direct = n->n_regions, active = 0;
  for (size_t k = 0; k < n->n_regions; k++) {
    const sp_region_plan *p = &n->regions[k];
    if (p->at < t0 + (int64_t)frames && p->at + p->length > t0) {
      active++;
      direct = k;
    }
  }
  if (active == 1) {
    const sp_region_plan *p = &n->regions[direct];
    int64_t pos0 = t0 - p->at;
    if (!(pos0 >= p->fade_in && pos0 + (int64_t)frames <= p->length - p->fade_out &&
          p->channels == n->channels && s->sources[direct] && p->gain == 1.0f && p->n_env == 0))
      direct = n->n_regions;
  } else {
    direct = n->n_regions;
  }
  if (direct == n->n_regions)
    for (int c = 0; c < n->channels; c++)
      memset(out[c], 0, frames * sizeof(float));
  for (size_t k = 0; k < n->n_regions; k++) {
    const sp_region_plan *p = &n->regions[k];
    int64_t start = p->at > t0 ? p->at : t0;
    int64_t end =
        p->at + p->length < t0 + (int64_t)frames ? p->at + p->length : t0 + (int64_t)frames;
    if (start >= end)
      continue;
    char why[256];
    if (!s->sources[k]) {
      const sp_media *media = R->g->media;
      sp_err err = media->source(media, p->path, R->g->sample_rate, p->from, &s->sources[k], why,
                                 sizeof why);
      if (err != SP_OK) {
        R->task_why[idx] = sp_xasprintf("'%s': %s", p->path, why);
        R->task_key[idx] = p->key;
        return SP_ERR_IO;
      }
    }
    size_t m = (size_t)(end - start), off = (size_t)(start - t0);
    sp_source *source = s->sources[k];
    if (source->ops->read(source, k == direct ? out : w->region, m, why, sizeof why) != SP_OK) {
      R->task_why[idx] = sp_xasprintf("'%s' %s", p->path, why);
      R->task_key[idx] = p->key;
      return SP_ERR_IO;
    }
    int64_t pos0 = start - p->at;
    bool fades = pos0 < p->fade_in || end - p->at > p->length - p->fade_out || p->gain != 1.0f ||
                 p->n_env > 0;
    for (int c = 0; c < n->channels && k != direct; c++) {
      const float *src = w->region[p->channels > 1 ? c : 0];
      float *dst = out[c] + off;
      if (p->opaque)
        cover(p, pos0, src, dst, m);
      else if (fades)
        for (size_t i = 0; i < m; i++)
          dst[i] += src[i] * fade_gain(p, pos0 + (int64_t)i);
      else
        for (size_t i = 0; i < m; i++)
          dst[i] += src[i];
    }
    if (end == p->at + p->length) {
      sp_err err = source->ops->unchanged(source, why, sizeof why);
      source->ops->close(source);
      s->sources[k] = NULL;
      if (err != SP_OK) {
        R->task_why[idx] = sp_xasprintf("'%s' %s", p->path, why);
        R->task_key[idx] = p->key;
        return err;
      }
    }
  }
  return SP_OK;
}

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
      add_scaled(dst[c], s->lanes[s->present[m]].buf[sl][c], 1.0f, frames);
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
  if (ke < 0)
    return NULL;
  return (const float *const *)R->es[ke].key[slot_of(R, R->g->edges[ke].src, k_block)];
}

/* Inserts [from, to) of node idx, all of them run per lane (linear, or
 * keyed per lane), on lane l at slot sl, in place; sum_key is the key of
 * an insert keyed by the sum of the lanes (taken before the first of
 * them). */
static void run_lane(renderer *R, int idx, size_t l, size_t from, size_t to,
                     const float *const *sum_key, int64_t k_block, int sl, size_t frames)
{
  const sp_node *n = &R->g->nodes[idx];
  lane_state *ls = &R->ns[idx].lanes[l];
  for (size_t k = from; k < to; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    if (ins->bypass)
      continue;
    if (ins->cls->flags & SP_PROC_KEYED_LANES) {
      const float *const *key = routed_key(R, idx, k, k_block);
      ins->cls->process_keyed(ls->procs[k]->state, ls->buf[sl], key ? key : sum_key, frames);
    } else {
      ins->cls->process(ls->procs[k]->state, ls->buf[sl], frames);
    }
  }
}

/* Insert k of node idx, keyed per lane: each lane through its own
 * instance, every instance keyed by the same signal, the recipe's key or
 * else the sum of the lanes before any of them is processed. */
static void run_keyed(renderer *R, scratch *w, int idx, size_t k, int64_t k_block, int sl,
                      size_t frames)
{
  node_state *s = &R->ns[idx];
  const int ch = R->g->nodes[idx].channels;
  const float *key[2] = {NULL, NULL};
  if (!routed_key(R, idx, k, k_block) && detector_sum(s, w, sl, ch, frames, true)) {
    key[0] = w->det[0];
    key[1] = ch > 1 ? w->det[1] : NULL;
  }
  for (size_t m = 0; m < s->n_present; m++)
    run_lane(R, idx, s->present[m], k, k + 1, key, k_block, sl, frames);
}

/* Run inserts [from, to) of n's chain on its lanes for block k, one insert
 * at a time. */
static void run_chain(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames, size_t from,
                      size_t to)
{
  const sp_graph *g = R->g;
  const int sl = slot_of(R, idx, k_block);
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const int ch = n->channels;
  for (size_t k = from; k < to; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    if (ins->bypass)
      continue;
    if (ins->cls->flags & SP_PROC_KEYED_LANES) {
      run_keyed(R, w, idx, k, k_block, sl, frames);
      continue;
    }
    if (!sp_proc_is_linked(ins->cls)) {
      if (ins->cls->process_lanes && s->n_present > 1) {
        void **states = w->states;
        float *const **chans = w->chans;
        for (size_t m = 0; m < s->n_present; m++) {
          lane_state *ls = &s->lanes[s->present[m]];
          states[m] = ls->procs[k]->state;
          chans[m] = ls->buf[sl];
        }
        ins->cls->process_lanes(states, chans, s->n_present, frames);
        continue;
      }
      for (size_t m = 0; m < s->n_present; m++)
        run_lane(R, idx, s->present[m], k, k + 1, NULL, k_block, sl, frames);
      continue;
    }
    /* Linked: the detector hears the sum of the lanes, in lane order. */
    float *const *det = detector_sum(s, w, sl, ch, frames, false);
    if (!det)
      continue; /* nothing reaches this node: nothing to turn down */
    ins->cls->gain(s->linked[k]->state, (const float *const *)det, routed_key(R, idx, k, k_block),
                   w->gain, frames);
    for (size_t l = 0; l < g->n_lanes; l++) {
      lane_state *ls = &s->lanes[l];
      if (!ls->buf[sl][0])
        continue;
      sp_ring_process(&ls->rings[k], ls->buf[sl], frames);
      for (int c = 0; c < ch; c++)
        for (size_t i = 0; i < frames; i++)
          ls->buf[sl][c][i] *= w->gain[c][i];
    }
  }
}

/* Trim and polarity on lane l of node idx. */
static void trim_lane(renderer *R, int idx, size_t l, int sl, size_t frames)
{
  node_state *s = &R->ns[idx];
  for (int c = 0; c < s->channels && s->lanes[l].buf[sl][0]; c++)
    scale(s->lanes[l].buf[sl][c], s->trim, frames);
}

/* Stage st of bus or master idx for block k: on one lane (the task's) or
 * on every lane; the first stage trims first, as the node's task does. */
static void run_stage(renderer *R, scratch *w, int idx, int64_t k, size_t frames, int st,
                      size_t lane)
{
  node_state *s = &R->ns[idx];
  const stage *sg = &s->stages[st];
  const int sl = slot_of(R, idx, k);
  if (sg->lanes) {
    const size_t l = s->present[lane];
    if (st == 0)
      trim_lane(R, idx, l, sl, frames);
    const float *key[2] = {NULL, NULL};
    if (st > 0) {
      key[0] = s->stages[st - 1].key[0];
      key[1] = s->stages[st - 1].key[1];
    }
    run_lane(R, idx, l, sg->from, sg->to, key, k, sl, frames);
    return;
  }
  for (size_t m = 0; st == 0 && m < s->n_present; m++)
    trim_lane(R, idx, s->present[m], sl, frames);
  run_chain(R, w, idx, k, frames, sg->from, sg->to);
  if (sg->key[0])
    lanes_sum(s, sg->key, sl, s->channels, frames);
}

/* Fill the key buffers of n's key edges: Σ lanes, × fader for tap post. */
static void feed_keys(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames)
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
    for (int c = 0; c < 2; c++) {
      memset(key[c], 0, frames * sizeof(float));
      for (size_t l = 0; l < g->n_lanes; l++)
        if (s->lanes[l].buf[sl][0])
          add_scaled(key[c], s->lanes[l].buf[sl][n->channels > 1 ? c : 0], 1.0f, frames);
    }
    if (ed->key_post) {
      sp_auto_fill_gain(&n->strip->gain, g->sample_rate, t, frames, w->work[0]);
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          key[c][i] *= w->work[0][i];
    }
    if (ed->key_gain != 1.0f)
      for (int c = 0; c < 2; c++)
        for (size_t i = 0; i < frames; i++)
          key[c][i] *= ed->key_gain;
    sp_ring_process(&es->key_ring, key, frames);
  }
}

/* A bus or master takes its inputs for this block: each main and send edge
 * into it, in the order of its inputs, adds its source's lanes (slot sl),
 * delayed to line up and scaled by the edge's gains. The order is fixed, so
 * the sums are the same whatever ran first. */
static void gather(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const int sl = slot_of(R, idx, k);
  const sp_node *n = &g->nodes[idx];
  node_state *d = &R->ns[idx];
  for (size_t l = 0; l < g->n_lanes; l++)
    for (int c = 0; c < 2 && d->lanes[l].buf[sl][0]; c++)
      memset(d->lanes[l].buf[sl][c], 0, frames * sizeof(float));
  for (size_t j = 0; j < n->n_in; j++) {
    int e = n->in[j];
    const sp_edge *ed = &g->edges[e];
    edge_state *es = &R->es[e];
    const sp_node *src = &g->nodes[ed->src];
    if (!es->live || ed->kind == SP_EDGE_KEY || src->silent)
      continue;
    const node_state *s = &R->ns[ed->src];
    const int src_sl = slot_of(R, ed->src, k);
    if (es->varying) {
      gains eg = gains_of(src, ed);
      gains_fill(R, w, &eg, t0 - src->lat_out, frames);
    }
    for (size_t l = 0; l < g->n_lanes; l++) {
      float *const *sig = s->lanes[l].buf[src_sl];
      if (!sig[0])
        continue;
      size_t dl = ed->lane_to >= 0 ? l + (size_t)ed->lane_to : l;
      float *const *acc = d->lanes[dl].buf[sl];
      if (ed->delay > 0 && !es->varying && !es->cross) {
        add_delayed(&es->rings[l], sig, acc, es->coef, frames);
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
        add_mul(acc[0], sig[0], w->coef[0], frames);
        add_mul(acc[1], right, w->coef[1], frames);
        if (es->cross) {
          add_mul(acc[0], right, w->coef[2], frames);
          add_mul(acc[1], sig[0], w->coef[3], frames);
        }
      } else {
        add_scaled(acc[0], sig[0], es->coef[0], frames);
        add_scaled(acc[1], right, es->coef[1], frames);
        if (es->cross) {
          add_scaled(acc[0], right, es->coef[2], frames);
          add_scaled(acc[1], sig[0], es->coef[3], frames);
        }
      }
    }
  }
}

/* A bus's or master's own gains at frames t .. t + frames − 1, × extra:
 * per sample in the scratch's coef when varying, else in coef. */
typedef struct own_gains {
  bool varying, cross;
  float coef[4];
} own_gains;

static own_gains own_gains_at(renderer *R, scratch *w, const gains *k, int64_t t, float extra,
                              size_t frames)
{
  own_gains o = {.varying = gains_vary(k), .cross = gains_cross(k)};
  if (o.varying) {
    gains_fill(R, w, k, t, frames);
    for (int c = 0; c < (o.cross ? 4 : 2) && extra != 1.0f; c++)
      scale(w->coef[c], extra, frames);
  } else {
    gains_constant(R, k, o.coef);
    for (int c = 0; c < 4; c++)
      o.coef[c] *= extra;
  }
  return o;
}

/* A stereo signal x × its own gains o (found by own_gains_at into w), in
 * place; with a stereo panner's cross gains each side takes both
 * channels. */
static void apply_gains(const scratch *w, const own_gains *o, float *const x[2], size_t frames)
{
  if (!o->cross) {
    for (int c = 0; c < 2; c++) {
      if (o->varying)
        for (size_t i = 0; i < frames; i++)
          x[c][i] *= w->coef[c][i];
      else
        scale(x[c], o->coef[c], frames);
    }
    return;
  }
  for (size_t i = 0; i < frames; i++) {
    float l = x[0][i], r = x[1][i];
    if (o->varying) {
      x[0][i] = l * w->coef[0][i] + r * w->coef[2][i];
      x[1][i] = r * w->coef[1][i] + l * w->coef[3][i];
    } else {
      x[0][i] = l * o->coef[0] + r * o->coef[2];
      x[1][i] = r * o->coef[1] + l * o->coef[3];
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
    for (int c = 0; c < 2; c++)
      for (size_t i = 0; i < frames; i++) {
        double sum = 0;
        for (size_t l = 0; l < g->n_lanes; l++)
          if (s->lanes[l].buf[sl][0])
            sum += s->lanes[l].buf[sl][c][i];
        out->cap[sl][c][i] = (float)sum;
      }
    gains k = gains_of(n, NULL);
    own_gains og = own_gains_at(R, w, &k, t, 1.0f, frames);
    apply_gains(w, &og, out->cap[sl], frames);
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
static sp_err process_node(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const sp_node *n = &g->nodes[idx];
  node_state *s = &R->ns[idx];
  const int sl = slot_of(R, idx, k);
  if (n->silent)
    return SP_OK;
  if (n->kind == SP_NODE_TRACK) {
    if (n->lane < 0 || !s->lanes[n->lane].buf[sl][0])
      return SP_OK;
    sp_err err = read_regions(R, w, idx, t0 - n->lat_in, frames, s->lanes[n->lane].buf[sl]);
    if (err != SP_OK)
      return err;
  }
  if (!s->stages) {
    for (size_t l = 0; l < g->n_lanes; l++)
      trim_lane(R, idx, l, sl, frames);
    run_chain(R, w, idx, k, frames, 0, n->strip->n_inserts);
  }
  /* Faders and pans act on the chain's output, which is lat_out late. */
  int64_t t = t0 - n->lat_out;
  feed_keys(R, w, idx, sl, t, frames);
  if (R->node_peak && n->kind != SP_NODE_MASTER)
    measure_node(R, w, idx, sl, t, frames);
  if (n->kind == SP_NODE_BUS && n->strip->print)
    capture_bus(R, w, idx, sl, t, frames);
  if (n->kind != SP_NODE_MASTER)
    return SP_OK;
  /* master's fader and pan, found once for all its lanes */
  gains out = gains_of(n, NULL);
  own_gains og = own_gains_at(R, w, &out, t, R->master_gain, frames);
  for (size_t l = 0; l < g->n_lanes; l++)
    if (s->lanes[l].buf[sl][0])
      apply_gains(w, &og, s->lanes[l].buf[sl], frames);
  return SP_OK;
}

/* ---- outputs ------------------------------------------------------------- */

/* Every output of the plan gets its buffers; those this pass writes get a
 * writer (a temporary file), a quantizer and a meter. */
sp_err render_open_outputs(renderer *R, int64_t frames, bool files)
{
  const sp_graph *g = R->g;
  const sp_output *o = &R->r->output;
  char why[512];
  if (files && g->media->make_folder(g->media, g->out_dir, why, sizeof why) != SP_OK) {
    sp_recipe_error(R->r, R->d, SP_ERR_IO, "output.dir", "%s", why);
    return SP_ERR_IO;
  }
  R->n_outs = g->n_outputs;
  R->outs = sp_xcalloc(R->n_outs, sizeof *R->outs);
  for (size_t i = 0; i < R->n_outs; i++) {
    output *out = &R->outs[i];
    out->plan = &g->outputs[i];
    out->path = out->plan->path;
    out->skip = !files || out->plan->own || (R->skip && R->skip[i]);
    /* A version's rest is written when the version and the mix are. */
    if (out->plan->kind == SP_OUT_REST)
      out->skip = !files || (R->skip && (R->skip[out->plan->of] || R->skip[0]));
    if (out->skip)
      continue;
    out->buf[0] = audio_buf(R, R->block);
    out->buf[1] = audio_buf(R, R->block);
    for (int k = 0; out->plan->kind == SP_OUT_BUS && k < R->ns[out->plan->node].slots; k++)
      for (int c = 0; c < 2; c++)
        out->cap[k][c] = audio_buf(R, R->block);
    out->sum_lanes = sp_xcalloc(g->n_lanes + 1, sizeof *out->sum_lanes);
    for (size_t l = 0; out->plan->lanes && l < g->n_lanes; l++)
      if (out->plan->lanes[l] && R->ns[g->master].lanes[l].buf[0][0])
        out->sum_lanes[out->n_sum_lanes++] = l;
    ring_init(R, &out->align, 2, out->plan->delay);
    sp_err err = g->media->create(g->media, out->path, o->format, o->depth, 2, (int)g->sample_rate,
                                  frames, &out->w, why, sizeof why);
    if (err != SP_OK) {
      sp_diags_error(R->d, err, out->path, (sp_pos){0, 0}, NULL, "%s", why);
      return err;
    }
    /* Each file gets its own dither sequence, fixed by its output name (an
     * own version's pass prints it as that pass's mix: the same bits as a
     * copy of the recipe with those tracks muted would give its mix). */
    char *seed = sp_xasprintf("%s.%s%s", out->plan->name, sp_format_ext(o->format),
                              out->plan->kind == SP_OUT_REST ? ".left-out" : "");
    sp_quantizer_init(&out->q, o->depth, o->dither, sp_hash_string(seed) ^ 0x5354454d5052494eull);
    free(seed);
    int pcm_bits = o->depth == SP_DEPTH_32F ? 0 : (int)o->depth; /* the meter's full scale */
    const bool metered = R->loudness || (R->loudness_mix && out->plan->kind == SP_OUT_MIX);
    if (metered && sp_meter_new(2, g->sample_rate, pcm_bits, &out->meter) == SP_OK && R->series)
      sp_meter_keep_series(out->meter);
    if (metered && !out->meter) {
      sp_diags_error(R->d, SP_ERR_USAGE, R->r->file, (sp_pos){0, 0}, NULL,
                     "cannot meter loudness at %g Hz", g->sample_rate);
      return SP_ERR_USAGE;
    }
  }
  return SP_OK;
}

static sp_err write_output(renderer *R, scratch *w, output *out, float *const *ch, size_t frames,
                           char *why, size_t why_size)
{
  sp_err err;
  if (R->r->output.depth == SP_DEPTH_32F) {
    for (size_t i = 0; i < frames; i++) {
      for (int c = 0; c < 2; c++) {
        float x = ch[c][i];
        if (fabsf(x) > out->peak)
          out->peak = fabsf(x);
        w->fout[2 * i + (size_t)c] = x;
      }
    }
    err = out->w->ops->write_float(out->w, w->fout, (int64_t)frames, why, why_size);
    if (out->meter)
      sp_meter_add(out->meter, (const float *const *)ch, frames);
  } else {
    sp_quantize(&out->q, (const float *const *)ch, 2, frames, w->iout);
    err = out->w->ops->write_int(out->w, w->iout, (int64_t)frames, why, why_size);
    if (out->meter) {
      /* Meter what the file holds: the quantized samples, exactly. */
      dequantize(w->iout, w->metered, frames);
      sp_meter_add(out->meter, (const float *const *)w->metered, frames);
    }
  }
  return err;
}

/* Where block t0's frames start in the outputs: master's latency is
 * dropped from the start, so the first `*from` frames of early blocks are
 * not written; returns the output time of frame *from. */
static int64_t trimmed(const renderer *R, int64_t t0, size_t frames, size_t *from)
{
  int64_t skip = R->g->latency - t0;
  *from = skip <= 0 ? 0 : skip < (int64_t)frames ? (size_t)skip : frames;
  return t0 - R->g->latency + (int64_t)*from;
}

/* Output o's share of a block: its samples (the sum of its lanes at master,
 * in double in lane order, rounded once; or a printed bus's capture),
 * aligned with the others, checked, written. */
static sp_err output_block(renderer *R, scratch *w, size_t o, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  output *out = &R->outs[o];
  if (out->skip)
    return SP_OK;
  const int sl = slot_of(R, out->plan->kind == SP_OUT_BUS ? out->plan->node : g->master, k);
  const lane_state *lanes = R->ns[g->master].lanes;
  for (int c = 0; c < 2; c++) {
    float *dst = out->buf[c];
    if (!out->plan->lanes) {
      memcpy(dst, out->cap[sl][c], frames * sizeof(float));
    } else if (out->n_sum_lanes == 0) {
      memset(dst, 0, frames * sizeof(float));
    } else if (out->n_sum_lanes == 1) {
      memcpy(dst, lanes[out->sum_lanes[0]].buf[sl][c], frames * sizeof(float));
    } else {
      sum_lanes(dst, lanes, out->sum_lanes, out->n_sum_lanes, sl, c, w->acc, frames);
    }
  }
  sp_ring_process(&out->align, out->buf, frames);
  size_t from;
  int64_t t = trimmed(R, t0, frames, &from);
  const size_t task = g->n_nodes + o;
  bool bad = !all_finite(out->buf[0] + from, frames - from) ||
             !all_finite(out->buf[1] + from, frames - from);
  for (int c = 0; c < 2 && bad; c++)
    for (size_t i = from; i < frames; i++)
      if (!isfinite(out->buf[c][i])) {
        R->task_why[task] =
            sp_xasprintf("%s has a non-finite sample (NaN or infinity) at %.6f s; a "
                         "processor or a gain overflowed",
                         out->path, (double)(t + (int64_t)(i - from)) / g->sample_rate);
        return SP_ERR_RENDER;
      }
  float *ch[2] = {out->buf[0] + from, out->buf[1] + from};
  char why[256];
  sp_err err = write_output(R, w, out, ch, frames - from, why, sizeof why);
  if (err != SP_OK)
    R->task_why[task] = sp_xasprintf("%s: %s", out->path, why);
  return err;
}

/* measure_only: add this block's frames of master's lanes to the sums. */
static void measure_block(renderer *R, scratch *w, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const int sl = slot_of(R, g->master, k);
  sp_render_result *res = R->res;
  const lane_state *lanes = R->ns[g->master].lanes;
  size_t skip;
  trimmed(R, t0, frames, &skip);
  for (size_t l = 0; l < g->n_lanes; l++) {
    if (!lanes[l].buf[sl][0])
      continue;
    double e = 0, p = res->lane_peak[l];
    for (int c = 0; c < 2; c++)
      for (size_t i = skip; i < frames; i++) {
        double x = lanes[l].buf[sl][c][i];
        e += x * x;
        p = fabs(x) > p ? fabs(x) : p;
      }
    res->lane_energy[l] += e;
    res->lane_peak[l] = p;
  }
  if (!R->mix_meter || skip == frames)
    return;
  for (int c = 0; c < 2; c++)
    for (size_t i = skip; i < frames; i++) {
      double sum = 0;
      for (size_t l = 0; l < g->n_lanes; l++)
        if (lanes[l].buf[sl][0])
          sum += lanes[l].buf[sl][c][i];
      w->mix[c][i - skip] = (float)sum;
    }
  sp_meter_add(R->mix_meter, (const float *const *)w->mix, frames - skip);
}

/* One pipeline task (core/render/flow.h): a node, an output or the measurement,
 * for one block. */
static int flow_task(void *ctx, size_t task, int64_t block, int thread)
{
  renderer *R = ctx;
  const sp_graph *g = R->g;
#ifdef SP_HAVE_MXCSR
  /* Flush denormals to zero on every thread: decaying filter and reverb
   * states otherwise crawl through the denormal range very slowly, and the
   * bits must not depend on which thread ran a task. */
  _mm_setcsr(_mm_getcsr() | 0x8040);
#endif
  scratch *w = &R->scr[thread];
  const int64_t t0 = block * (int64_t)R->block;
  const size_t frames = R->total - t0 < (int64_t)R->block ? (size_t)(R->total - t0) : R->block;
  if (task < R->n_node_tasks) {
    const node_task *t = &R->tasks[task];
    switch (t->kind) {
    case TASK_GATHER:
      if (!g->nodes[t->node].silent)
        gather(R, w, t->node, block, t0, frames);
      return SP_OK;
    case TASK_STAGE: run_stage(R, w, t->node, block, frames, t->stage, t->lane); return SP_OK;
    case TASK_NODE: break;
    }
    return process_node(R, w, t->node, block, t0, frames);
  }
  task -= R->n_node_tasks;
  if (task < R->n_outs)
    return output_block(R, w, task, block, t0, frames);
  if (R->measure)
    measure_block(R, w, block, t0, frames);
  return SP_OK;
}

/* A block is complete: tell the progress callback. */
static void block_done(void *ctx, int64_t block)
{
  renderer *R = ctx;
  const sp_render_opts *opts = R->opts;
  if (opts && opts->progress)
    opts->progress(opts->progress_ctx, &R->pass, (block + 1) * (int64_t)R->block, R->total);
}

/* The tasks of stage st of node s: [*first, *first + count). */
static size_t stage_tasks(const node_state *s, size_t st, size_t *first)
{
  *first = s->stages[st].task0;
  return s->stages[st].lanes ? s->n_present : 1;
}

/* Task reader reads node src's output (its slots): it waits for what
 * writes them, the node's task and its gather (which must itself wait for
 * the reader before it writes a slot again). */
static void add_reader(sp_flow *f, const renderer *R, const int *task_of, const int *gather_of,
                       int src, size_t reader)
{
  sp_flow_edge(f, (size_t)task_of[src], reader);
  if (R->g->nodes[src].kind != SP_NODE_TRACK)
    sp_flow_edge(f, (size_t)gather_of[src], reader);
}

/* Node i's own tasks in order: its gather, each stage's tasks (a lane's
 * task after the same lane's, a stage of one task after all), itself. */
static void chain_node(sp_flow *f, const renderer *R, int i, size_t gather, size_t self)
{
  const node_state *s = &R->ns[i];
  size_t prev = gather, n_prev = 1;
  bool prev_lanes = false;
  for (size_t st = 0; st < s->n_stages; st++) {
    size_t first, n = stage_tasks(s, st, &first);
    const bool lanes = s->stages[st].lanes;
    for (size_t a = 0; a < n_prev; a++)
      for (size_t b = 0; b < n; b++)
        if (!(prev_lanes && lanes) || a == b)
          sp_flow_edge(f, prev + a, first + b);
    if (s->stages[st].key[0])
      sp_flow_slots(f, first, 1); /* one key buffer: wait for its readers */
    prev = first;
    n_prev = n;
    prev_lanes = lanes;
  }
  for (size_t a = 0; a < n_prev; a++)
    sp_flow_edge(f, prev + a, self);
}

/* Render every block: the tasks and what each reads from which (a gather
 * from the inputs' main and send edges; a node's stages and the node from
 * its gather and its key edges; an output from master or its bus; the
 * measurement from master), run as a pipeline.
 *
 * A gather writes the slot its node then works on in place, so it waits,
 * as the node does, for the node's readers to be done with that slot: they
 * are its consumers too. Its own task lets a track (one slot) go on to its
 * next block once the buses it feeds have added it in, not after their
 * whole chains. */
sp_err render_run_blocks(renderer *R)
{
  const sp_graph *g = R->g;
  int *task_of = sp_xcalloc(g->n_nodes + 1, sizeof *task_of);
  int *gather_of = sp_xcalloc(g->n_nodes + 1, sizeof *gather_of);
  for (size_t t = 0; t < R->n_node_tasks; t++)
    if (R->tasks[t].kind != TASK_STAGE)
      (R->tasks[t].kind == TASK_GATHER ? gather_of : task_of)[R->tasks[t].node] = (int)t;
  const size_t outs = R->n_node_tasks;
  sp_flow *f = sp_flow_new(outs + R->n_outs + 1, R->threads);
  for (size_t t = 0; t < R->n_node_tasks; t++)
    sp_flow_slots(f, t, R->ns[R->tasks[t].node].slots);
  for (size_t e = 0; e < g->n_edges; e++) {
    const sp_edge *ed = &g->edges[e];
    const int dst = ed->dst;
    if (ed->kind != SP_EDGE_KEY) {
      const bool gathered = g->nodes[dst].kind != SP_NODE_TRACK;
      add_reader(f, R, task_of, gather_of, ed->src, (size_t)(gathered ? gather_of : task_of)[dst]);
      continue;
    }
    /* A key is read by the stage that runs its insert: every stage waits. */
    add_reader(f, R, task_of, gather_of, ed->src, (size_t)task_of[dst]);
    const node_state *ds = &R->ns[dst];
    for (size_t st = 0; st < ds->n_stages; st++) {
      size_t first, n = stage_tasks(ds, st, &first);
      for (size_t m = 0; m < n; m++)
        add_reader(f, R, task_of, gather_of, ed->src, first + m);
    }
  }
  for (size_t o = 0; o < R->n_outs; o++) {
    const sp_output_plan *p = R->outs[o].plan;
    add_reader(f, R, task_of, gather_of, p->kind == SP_OUT_BUS ? p->node : g->master, outs + o);
  }
  add_reader(f, R, task_of, gather_of, g->master, outs + R->n_outs);
  for (size_t i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].kind != SP_NODE_TRACK)
      chain_node(f, R, (int)i, (size_t)gather_of[i], (size_t)task_of[i]);
  const int64_t blocks = (R->total + (int64_t)R->block - 1) / (int64_t)R->block;
  sp_flow_result fr;
  sp_flow_run(f, blocks, flow_task, block_done, R, R->opts ? R->opts->cancel : NULL, &fr);
  sp_flow_free(f);
  sp_err err = SP_OK;
  if (fr.failure) {
    err = (sp_err)fr.failure;
    size_t t = fr.failed_task;
    size_t i = t < R->n_node_tasks ? (size_t)R->tasks[t].node : g->n_nodes + (t - R->n_node_tasks);
    if (R->task_key[i])
      sp_recipe_error(R->r, R->d, err, R->task_key[i], "%s", R->task_why[i]);
    else
      sp_diags_error(R->d, err, R->r->file, (sp_pos){0, 0}, NULL, "%s",
                     R->task_why[i] ? R->task_why[i] : "a render task failed");
  } else if (fr.cancelled) {
    sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                   "interrupted; no output was written");
    err = SP_ERR_RENDER;
  }
  free(task_of);
  free(gather_of);
  return err;
}

sp_err render_finish_outputs(renderer *R)
{
  for (size_t i = 0; i < R->n_outs; i++) {
    char why[256];
    if (R->outs[i].skip)
      continue;
    sp_err err = R->outs[i].w->ops->finish(R->outs[i].w, why, sizeof why);
    if (err != SP_OK) {
      sp_diags_error(R->d, err, R->outs[i].path, (sp_pos){0, 0}, NULL, "%s", why);
      return err;
    }
  }
  return SP_OK;
}

const output *render_output_of(const renderer *R, sp_out_kind kind, int index)
{
  for (size_t o = 0; o < R->n_outs; o++)
    if (R->outs[o].plan->kind == kind && (index < 0 || R->outs[o].plan->index == index))
      return &R->outs[o];
  return NULL;
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
  R.block = block_frames ? block_frames : DEFAULT_BLOCK;
  size_t bytes = render_prepare(&R) == SP_OK ? R.bytes : 0;
  /* Each output's block and alignment delay (open_outputs). */
  for (size_t o = 0; bytes && o < g->n_outputs; o++)
    if (!g->outputs[o].own)
      bytes += 2 * (R.block + (size_t)g->outputs[o].delay) * sizeof(float);
  render_release(&R);
  sp_diags_fini(&d);
  return bytes;
}
