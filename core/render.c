/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The render loop.
 *
 *   for each block [t0, t0 + n):
 *     zero the lane accumulators of buses and master
 *     for each node in schedule order:
 *       track:  regions ─► Σ (fades) ─► trim·polarity ─► inserts ─┬► × fader·pan ─► dst[lane]
 *                                                                 ├► × level·pan ─► send (pre)
 *                                                                 └► × fader·level·pan ─► send
 * (post) bus:    per lane: acc ─► trim·polarity ─► inserts ─► (same fan-out, balance for pan)
 *       master: per lane: acc ─► trim·polarity ─► inserts ─► × fader·balance ─► stem
 *     mix = Σ stems (double, lane order) ─► quantize/dither ─► temporary files
 *   null test on the temporary files, then rename all into place
 *
 * Pre- and post-fader taps read the same buffer with different gains: the
 * fader is a scalar after the inserts, so no second buffer is needed. All
 * gains are folded into one coefficient per edge and channel at prepare. */

#include "core/render.h"

#include "core/alloc.h"
#include "core/dsp/quantize.h"
#include "core/units.h"
#include "io/audio.h"
#include "io/fs.h"
#include "io/source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define SP_HAVE_MXCSR 1
#endif

enum { DEFAULT_BLOCK = 1024 };

typedef struct lane_state {
  float *acc[2];   /* NULL when the lane does not reach this node */
  sp_proc **procs; /* [n_inserts], NULL entries for bypassed inserts */
} lane_state;

typedef struct node_state {
  float trim;          /* trim and polarity */
  float coef[2];       /* master: fader and balance per channel */
  sp_proc **procs;     /* tracks: their one chain */
  sp_source **sources; /* tracks: per region, open while it plays */
  lane_state *lanes;   /* buses and master: [n_lanes] */
} node_state;

typedef struct edge_state {
  float coef[2]; /* gain into the destination's left and right channel */
  bool live;     /* false when the source or the destination is silent */
} edge_state;

typedef struct output {
  const char *path;
  sp_audio_writer *w;
  sp_quantizer q;
  double peak;
} output;

typedef struct renderer {
  const sp_graph *g;
  const sp_recipe *r;
  sp_diags *d;
  size_t block;
  size_t bytes;
  node_state *ns;
  edge_state *es;
  float *track[2];  /* a track's signal */
  float *region[2]; /* one region's frames */
  float *mix[2];
  float *zero;   /* a silent channel, for stems whose lane is empty */
  float *fout;   /* interleaved float output */
  int32_t *iout; /* interleaved integer output */
  output *outs;
  size_t n_outs;
  int64_t tail_frames;
} renderer;

static float *audio_buf(renderer *R, size_t frames)
{
  R->bytes += frames * sizeof(float);
  return sp_xcalloc(frames, sizeof(float));
}

/* ---- prepare ------------------------------------------------------------- */

static double strip_trim(const sp_strip *s)
{
  return sp_db_to_lin(s->trim_db) * (s->invert ? -1.0 : 1.0);
}

/* Gains from a source of `channels` channels into a stereo destination. */
static void pan_gains(const renderer *R, int channels, double pan, double *l, double *r)
{
  if (channels == 1)
    sp_pan_mono(pan, R->r->pan_law_db, l, r);
  else
    sp_pan_balance(pan, l, r);
}

static sp_err prepare_chain(renderer *R, const sp_node *n, int channels, sp_proc ***out)
{
  const sp_strip *s = n->strip;
  *out = sp_xcalloc(s->n_inserts ? s->n_inserts : 1, sizeof **out);
  sp_proc_env env = {R->g->sample_rate, channels, R->block};
  for (size_t i = 0; i < s->n_inserts; i++) {
    const sp_insert *ins = &s->inserts[i];
    if (ins->bypass)
      continue;
    char why[256];
    sp_err err = sp_proc_new(ins->cls, ins->params, &env, &(*out)[i], why, sizeof why);
    if (err != SP_OK) {
      char *path = sp_xasprintf("%s.inserts[%zu]", n->path, i);
      sp_recipe_error(R->r, R->d, err, path, "%s: %s", ins->cls->name, why);
      free(path);
      return err;
    }
  }
  return SP_OK;
}

static void free_chain(sp_proc **procs, size_t n)
{
  if (!procs)
    return;
  for (size_t i = 0; i < n; i++)
    sp_proc_free(procs[i]);
  free(procs);
}

/* Latency and tail of a chain; latency is not compensated yet (no
 * processor reports any), tails add up along the chain. */
static int64_t chain_tail(sp_proc **procs, size_t n)
{
  int64_t t = 0;
  for (size_t i = 0; i < n; i++)
    if (procs[i])
      t += procs[i]->cls->tail_frames(procs[i]->state);
  return t;
}

static sp_err prepare(renderer *R)
{
  const sp_graph *g = R->g;
  size_t B = R->block;
  R->ns = sp_xcalloc(g->n_nodes, sizeof *R->ns);
  R->es = sp_xcalloc(g->n_edges ? g->n_edges : 1, sizeof *R->es);
  for (int c = 0; c < 2; c++) {
    R->track[c] = audio_buf(R, B);
    R->region[c] = audio_buf(R, B);
    R->mix[c] = audio_buf(R, B);
  }
  R->zero = audio_buf(R, B);
  R->fout = audio_buf(R, 2 * B);
  R->iout = sp_xcalloc(2 * B, sizeof *R->iout);
  R->bytes += 2 * B * sizeof *R->iout;

  int64_t *tail = sp_xcalloc(g->n_nodes, sizeof *tail);
  sp_err err = SP_OK;
  for (size_t k = 0; k < g->n_nodes && err == SP_OK; k++) {
    int i = g->order[k];
    const sp_node *n = &g->nodes[i];
    node_state *s = &R->ns[i];
    s->trim = (float)strip_trim(n->strip);
    int64_t in_tail = 0;
    for (size_t j = 0; j < n->n_in; j++)
      if (tail[g->edges[n->in[j]].src] > in_tail)
        in_tail = tail[g->edges[n->in[j]].src];
    if (n->silent)
      continue;
    if (n->kind == SP_NODE_TRACK) {
      if (n->lane < 0)
        continue;
      s->sources = sp_xcalloc(n->n_regions ? n->n_regions : 1, sizeof *s->sources);
      err = prepare_chain(R, n, n->channels, &s->procs);
      if (err == SP_OK)
        tail[i] = chain_tail(s->procs, n->strip->n_inserts);
      continue;
    }
    s->lanes = sp_xcalloc(g->n_lanes, sizeof *s->lanes);
    int64_t own = 0;
    for (size_t l = 0; l < g->n_lanes && err == SP_OK; l++) {
      if (!n->lanes[l])
        continue;
      s->lanes[l].acc[0] = audio_buf(R, B);
      s->lanes[l].acc[1] = audio_buf(R, B);
      err = prepare_chain(R, n, 2, &s->lanes[l].procs);
      if (err == SP_OK)
        own = chain_tail(s->lanes[l].procs, n->strip->n_inserts);
    }
    tail[i] = in_tail + own;
    if (n->kind == SP_NODE_MASTER) {
      double l, r;
      sp_pan_balance(n->strip->pan, &l, &r);
      double fader = sp_db_to_lin(n->strip->gain_db);
      s->coef[0] = (float)(fader * l);
      s->coef[1] = (float)(fader * r);
    }
  }
  R->tail_frames = tail[g->master];
  free(tail);

  for (size_t e = 0; e < g->n_edges; e++) {
    const sp_edge *ed = &g->edges[e];
    const sp_node *src = &g->nodes[ed->src], *dst = &g->nodes[ed->dst];
    edge_state *es = &R->es[e];
    bool carries = false;
    for (size_t l = 0; l < g->n_lanes; l++)
      carries |= src->lanes[l];
    es->live = carries && !dst->silent;
    double fader = sp_db_to_lin(src->strip->gain_db);
    double pan = src->strip->pan, level = 1.0;
    if (ed->kind == SP_EDGE_SEND) {
      level = sp_db_to_lin(ed->send->level_db);
      if (ed->send->has_pan)
        pan = ed->send->pan;
      if (ed->send->pre_fader)
        fader = 1.0;
    }
    double l, r;
    pan_gains(R, src->channels, pan, &l, &r);
    es->coef[0] = (float)(fader * level * l);
    es->coef[1] = (float)(fader * level * r);
  }
  return err;
}

static void release(renderer *R)
{
  const sp_graph *g = R->g;
  if (R->ns) {
    for (size_t i = 0; i < g->n_nodes; i++) {
      node_state *s = &R->ns[i];
      size_t ni = g->nodes[i].strip->n_inserts;
      free_chain(s->procs, ni);
      if (s->sources)
        for (size_t k = 0; k < g->nodes[i].n_regions; k++)
          sp_source_close(s->sources[k]);
      free(s->sources);
      if (s->lanes) {
        for (size_t l = 0; l < g->n_lanes; l++) {
          free(s->lanes[l].acc[0]);
          free(s->lanes[l].acc[1]);
          free_chain(s->lanes[l].procs, ni);
        }
      }
      free(s->lanes);
    }
  }
  free(R->ns);
  free(R->es);
  for (int c = 0; c < 2; c++) {
    free(R->track[c]);
    free(R->region[c]);
    free(R->mix[c]);
  }
  free(R->zero);
  free(R->fout);
  free(R->iout);
  for (size_t o = 0; o < R->n_outs; o++)
    sp_audio_abort(R->outs[o].w);
  free(R->outs);
}

/* ---- per block ----------------------------------------------------------- */

static void run_chain(sp_proc **procs, size_t n, float *const *ch, size_t frames)
{
  for (size_t i = 0; i < n; i++)
    if (procs[i])
      sp_proc_process(procs[i], ch, frames);
}

static void scale(float *x, float g, size_t n)
{
  if (g == 1.0f)
    return;
  for (size_t i = 0; i < n; i++)
    x[i] *= g;
}

static void add_scaled(float *restrict dst, const float *restrict src, float g, size_t n)
{
  if (g == 0.0f)
    return;
  for (size_t i = 0; i < n; i++)
    dst[i] += g * src[i];
}

/* Fan a node's processed signal (1 or 2 channels) out along its edges. */
static void fan_out(renderer *R, const sp_node *n, float *const *sig, int channels, size_t lane,
                    size_t frames)
{
  const sp_graph *g = R->g;
  for (size_t k = 0; k < n->n_out; k++) {
    int e = n->out[k];
    const edge_state *es = &R->es[e];
    if (!es->live)
      continue;
    const sp_edge *ed = &g->edges[e];
    size_t dl = ed->lane_to >= 0 ? (size_t)ed->lane_to : lane;
    lane_state *ls = &R->ns[ed->dst].lanes[dl];
    add_scaled(ls->acc[0], sig[0], es->coef[0], frames);
    add_scaled(ls->acc[1], sig[channels > 1 ? 1 : 0], es->coef[1], frames);
  }
}

/* Gain of a region's fades at frame pos (0-based within the region): linear
 * ramps, 0 at the region's first and last frame when it fades. */
static float fade_gain(const sp_region_plan *p, int64_t pos)
{
  double gain = 1.0;
  if (pos < p->fade_in)
    gain *= (double)pos / (double)p->fade_in;
  if (pos >= p->length - p->fade_out)
    gain *= (double)(p->length - 1 - pos) / (double)p->fade_out;
  return (float)gain;
}

static sp_err read_regions(renderer *R, int idx, int64_t t0, size_t frames)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  for (int c = 0; c < n->channels; c++)
    memset(R->track[c], 0, frames * sizeof(float));
  for (size_t k = 0; k < n->n_regions; k++) {
    const sp_region_plan *p = &n->regions[k];
    int64_t start = p->at > t0 ? p->at : t0;
    int64_t end =
        p->at + p->length < t0 + (int64_t)frames ? p->at + p->length : t0 + (int64_t)frames;
    if (start >= end)
      continue;
    char why[256];
    if (!s->sources[k]) {
      sp_err err =
          sp_source_open(p->path, R->g->sample_rate, p->from, &s->sources[k], why, sizeof why);
      if (err != SP_OK) {
        sp_diags_error(R->d, SP_ERR_IO, p->path, (sp_pos){0, 0}, NULL, "%s", why);
        return SP_ERR_IO;
      }
    }
    size_t m = (size_t)(end - start), off = (size_t)(start - t0);
    if (sp_source_read(s->sources[k], R->region, m, why, sizeof why) != SP_OK) {
      sp_diags_error(R->d, SP_ERR_IO, p->path, (sp_pos){0, 0}, NULL, "%s", why);
      return SP_ERR_IO;
    }
    int64_t pos0 = start - p->at;
    bool fades = pos0 < p->fade_in || end - p->at > p->length - p->fade_out;
    for (int c = 0; c < n->channels; c++) {
      const float *src = R->region[p->channels > 1 ? c : 0];
      float *dst = R->track[c] + off;
      if (fades)
        for (size_t i = 0; i < m; i++)
          dst[i] += src[i] * fade_gain(p, pos0 + (int64_t)i);
      else
        for (size_t i = 0; i < m; i++)
          dst[i] += src[i];
    }
    if (end == p->at + p->length) {
      sp_source_close(s->sources[k]);
      s->sources[k] = NULL;
    }
  }
  return SP_OK;
}

static sp_err render_block(renderer *R, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  for (size_t i = 0; i < g->n_nodes; i++) {
    lane_state *lanes = R->ns[i].lanes;
    if (!lanes)
      continue;
    for (size_t l = 0; l < g->n_lanes; l++)
      if (lanes[l].acc[0]) {
        memset(lanes[l].acc[0], 0, frames * sizeof(float));
        memset(lanes[l].acc[1], 0, frames * sizeof(float));
      }
  }
  for (size_t k = 0; k < g->n_nodes; k++) {
    int idx = g->order[k];
    const sp_node *n = &g->nodes[idx];
    node_state *s = &R->ns[idx];
    if (n->silent)
      continue;
    if (n->kind == SP_NODE_TRACK) {
      if (n->lane < 0 || n->n_regions == 0)
        continue;
      sp_err err = read_regions(R, idx, t0, frames);
      if (err != SP_OK)
        return err;
      for (int c = 0; c < n->channels; c++)
        scale(R->track[c], s->trim, frames);
      run_chain(s->procs, n->strip->n_inserts, R->track, frames);
      fan_out(R, n, R->track, n->channels, (size_t)n->lane, frames);
      continue;
    }
    for (size_t l = 0; l < g->n_lanes; l++) {
      lane_state *ls = &s->lanes[l];
      if (!ls->acc[0])
        continue;
      scale(ls->acc[0], s->trim, frames);
      scale(ls->acc[1], s->trim, frames);
      run_chain(ls->procs, n->strip->n_inserts, ls->acc, frames);
      if (n->kind == SP_NODE_MASTER) {
        scale(ls->acc[0], s->coef[0], frames);
        scale(ls->acc[1], s->coef[1], frames);
      } else {
        fan_out(R, n, ls->acc, 2, l, frames);
      }
    }
  }
  return SP_OK;
}

/* ---- outputs ------------------------------------------------------------- */

static sp_err open_outputs(renderer *R, int64_t total)
{
  const sp_graph *g = R->g;
  const sp_output *o = &R->r->output;
  char why[512];
  if (sp_fs_mkdirs(g->out_dir, why, sizeof why) != SP_OK) {
    sp_recipe_error(R->r, R->d, SP_ERR_IO, "output.dir", "%s", why);
    return SP_ERR_IO;
  }
  R->n_outs = 1 + (g->stems ? g->n_lanes : 0);
  R->outs = sp_xcalloc(R->n_outs, sizeof *R->outs);
  for (size_t i = 0; i < R->n_outs; i++) {
    output *out = &R->outs[i];
    out->path = i == 0 ? g->mix_path : g->stem_paths[i - 1];
    sp_err err = sp_audio_create(out->path, o->format, o->depth, 2, (int)g->sample_rate, total,
                                 &out->w, why, sizeof why);
    if (err != SP_OK) {
      sp_diags_error(R->d, err, out->path, (sp_pos){0, 0}, NULL, "%s", why);
      return err;
    }
    /* Each file gets its own dither sequence, fixed by its name. */
    const char *base = strrchr(out->path, '/');
    sp_quantizer_init(&out->q, o->depth, o->dither,
                      sp_hash_string(base ? base + 1 : out->path) ^ 0x5354454d5052494eull);
  }
  return SP_OK;
}

static sp_err write_output(renderer *R, output *out, float *const *ch, size_t frames)
{
  char why[256];
  sp_err err;
  if (R->r->output.depth == SP_DEPTH_32F) {
    for (size_t i = 0; i < frames; i++) {
      for (int c = 0; c < 2; c++) {
        float x = ch[c][i];
        if (fabsf(x) > out->peak)
          out->peak = fabsf(x);
        R->fout[2 * i + (size_t)c] = x;
      }
    }
    err = sp_audio_write_float(out->w, R->fout, (int64_t)frames, why, sizeof why);
  } else {
    sp_quantize(&out->q, (const float *const *)ch, 2, frames, R->iout);
    err = sp_audio_write_int(out->w, R->iout, (int64_t)frames, why, sizeof why);
  }
  if (err != SP_OK)
    sp_diags_error(R->d, err, out->path, (sp_pos){0, 0}, NULL, "%s", why);
  return err;
}

/* Mix = Σ lanes in lane order, in double, rounded once. */
static sp_err write_outputs(renderer *R, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  const lane_state *lanes = R->ns[g->master].lanes;
  for (int c = 0; c < 2; c++) {
    for (size_t i = 0; i < frames; i++) {
      double sum = 0;
      for (size_t l = 0; l < g->n_lanes; l++)
        if (lanes[l].acc[c])
          sum += lanes[l].acc[c][i];
      R->mix[c][i] = (float)sum;
      if (!isfinite(R->mix[c][i])) {
        sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                       "the mix has a non-finite sample (NaN or infinity) at %.6f s; a "
                       "processor or a gain overflowed",
                       (double)(t0 + (int64_t)i) / g->sample_rate);
        return SP_ERR_RENDER;
      }
    }
  }
  sp_err err = write_output(R, &R->outs[0], R->mix, frames);
  for (size_t l = 0; err == SP_OK && g->stems && l < g->n_lanes; l++) {
    float *zero[2] = {R->zero, R->zero};
    float *const *ch = lanes[l].acc[0] ? lanes[l].acc : zero;
    err = write_output(R, &R->outs[1 + l], (float *const *)ch, frames);
  }
  return err;
}

static sp_err finish_outputs(renderer *R)
{
  for (size_t i = 0; i < R->n_outs; i++) {
    char why[256];
    sp_err err = sp_audio_finish(R->outs[i].w, why, sizeof why);
    if (err != SP_OK) {
      sp_diags_error(R->d, err, R->outs[i].path, (sp_pos){0, 0}, NULL, "%s", why);
      return err;
    }
  }
  return SP_OK;
}

static sp_err run_null(renderer *R, sp_render_result *res)
{
  const sp_graph *g = R->g;
  const char **stems = sp_xcalloc(g->n_lanes, sizeof *stems);
  for (size_t l = 0; l < g->n_lanes; l++)
    stems[l] = sp_audio_temp_path(R->outs[1 + l].w);
  char why[768];
  sp_err err = sp_null_files(sp_audio_temp_path(R->outs[0].w), stems, g->n_lanes, &res->null, why,
                             sizeof why);
  free(stems);
  if (err != SP_OK) {
    sp_diags_error(R->d, SP_ERR_RENDER, R->r->file, (sp_pos){0, 0}, NULL,
                   "null test could not read the printed files back: %s", why);
    return SP_ERR_RENDER;
  }
  const sp_output *o = &R->r->output;
  res->null_ran = true;
  res->null_threshold_dbfs =
      R->r->null_auto
          ? sp_null_auto_threshold_dbfs(o->depth, o->dither, g->n_lanes, res->null.mix_peak_dbfs)
          : R->r->null_max_residual_dbfs;
  res->null_passed = res->null.residual_peak_dbfs <= res->null_threshold_dbfs;
  return SP_OK;
}

size_t sp_render_buffer_bytes(const sp_graph *g, size_t block_frames)
{
  size_t B = block_frames ? block_frames : DEFAULT_BLOCK;
  size_t floats = 7 * B + 2 * B; /* track, region, mix (2 ch each), zero, fout */
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_TRACK || n->silent)
      continue;
    for (size_t l = 0; l < g->n_lanes; l++)
      floats += n->lanes[l] ? 2 * B : 0;
  }
  return floats * sizeof(float) + 2 * B * sizeof(int32_t);
}

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

sp_err sp_render(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d)
{
  memset(res, 0, sizeof *res);
  double started = now_seconds();
  renderer R = {0};
  R.g = g;
  R.r = g->recipe;
  R.d = d;
  R.block = opts && opts->block_frames ? opts->block_frames : DEFAULT_BLOCK;

#ifdef SP_HAVE_MXCSR
  /* Flush denormals to zero while rendering: decaying filter and reverb
   * states otherwise crawl through the denormal range very slowly. */
  unsigned int saved_csr = _mm_getcsr();
  _mm_setcsr(saved_csr | 0x8040);
#endif
  sp_err err = prepare(&R);
  int64_t total = g->content_frames;
  if (R.r->tail_auto)
    total += R.tail_frames;
  else
    total += sp_time_frames(R.r->tail, g->sample_rate);
  if (err == SP_OK)
    err = open_outputs(&R, total);
  for (int64_t t0 = 0; err == SP_OK && t0 < total; t0 += (int64_t)R.block) {
    if (opts && opts->cancel && *opts->cancel) {
      sp_diags_error(d, SP_ERR_RENDER, R.r->file, (sp_pos){0, 0}, NULL,
                     "interrupted; no output was written");
      err = SP_ERR_RENDER;
      break;
    }
    size_t n = total - t0 < (int64_t)R.block ? (size_t)(total - t0) : R.block;
    err = render_block(&R, t0, n);
    if (err == SP_OK)
      err = write_outputs(&R, t0, n);
  }
#ifdef SP_HAVE_MXCSR
  _mm_setcsr(saved_csr);
#endif
  if (err == SP_OK)
    err = finish_outputs(&R);
  if (err == SP_OK && g->stems)
    err = run_null(&R, res);
  if (err == SP_OK) {
    res->n_outputs = R.n_outs;
    res->outputs = sp_xcalloc(R.n_outs, sizeof *res->outputs);
    for (size_t i = 0; i < R.n_outs; i++) {
      output *out = &R.outs[i];
      res->outputs[i].path = out->path;
      res->outputs[i].peak_dbfs =
          sp_lin_to_db(R.r->output.depth == SP_DEPTH_32F ? out->peak : out->q.peak);
      res->outputs[i].clipped = out->q.clipped;
    }
    for (size_t i = 0; i < R.n_outs && err == SP_OK; i++) {
      char why[256];
      err = sp_audio_commit(R.outs[i].w, why, sizeof why);
      R.outs[i].w = NULL;
      if (err != SP_OK)
        sp_diags_error(d, err, R.outs[i].path, (sp_pos){0, 0}, NULL, "%s", why);
    }
  }
  res->frames = total;
  res->seconds = (double)total / g->sample_rate;
  res->buffer_bytes = R.bytes;
  release(&R);
  res->wall_seconds = now_seconds() - started;
  if (err == SP_OK && res->null_ran && !res->null_passed)
    return SP_ERR_CHECK;
  return err;
}

void sp_render_result_fini(sp_render_result *res)
{
  free(res->outputs);
  res->outputs = NULL;
  res->n_outputs = 0;
}
