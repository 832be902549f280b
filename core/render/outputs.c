/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outputs of a pass (core/render/renderer.h). */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/units.h"
#include "core/dsp/quantize.h"
#include "core/graph/query.h"
#include "core/render/kernels.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Guards a prep's failure (output.failed_at, its task_why): rare, and
 * taken only where a block fails. */
static pthread_mutex_t failed_lock = PTHREAD_MUTEX_INITIALIZER;

/* An output's bext chunk (core/render/render.h); {depth} of an MP3 or Opus
 * set is its format, as in its file's name. */
void sp_render_bext(const sp_graph *g, const sp_output_plan *o, const sp_output_set *set,
                    const char *channel, const sp_loudness *l, sp_bext *b)
{
  const sp_recipe *r = g->recipe;
  const sp_bwf *bw = &r->output.bwf;
  const double rate = set && set->rate > 0 ? set->rate : g->sample_rate;
  memset(b, 0, sizeof *b);
  const sp_name_vars v = {
      .recipe = r->base,
      .name = o->name,
      .kind = sp_out_kind_name(o->kind),
      .format = sp_format_ext(set ? set->format : r->output.format),
      .rate_hz = rate,
      .depth = set ? (sp_format_lossy(set->format) ? 0 : (int)set->depth) : (int)r->output.depth,
      .layout = set && set->layout ? set->layout->name : sp_graph_output_layout(g, o)->name,
      .channel = channel};
  char *d = sp_name_expand(bw->description, &v);
  /* a multi-mono file says its channel, in the template's place or after it */
  if (channel && !strstr(bw->description, "{channel}"))
    snprintf(b->description, sizeof b->description, "%s (%s)", d, channel);
  else
    snprintf(b->description, sizeof b->description, "%s", d);
  free(d);
  snprintf(b->originator, sizeof b->originator, "%s", bw->originator);
  snprintf(b->originator_reference, sizeof b->originator_reference, "%s", bw->originator_reference);
  memcpy(b->date, bw->date, sizeof b->date);
  memcpy(b->time, bw->time, sizeof b->time);
  const int64_t start = sp_time_frames(bw->start, rate);
  b->time_reference = start > 0 ? (uint64_t)start : 0;
  if (l) {
    b->measured = true;
    b->loudness_lufs = l->integrated_lufs;
    b->range_lu = l->range_lu;
    b->true_peak_dbtp = l->true_peak_dbtp;
    b->max_momentary_lufs = l->momentary_max_lufs;
    b->max_shortterm_lufs = l->shortterm_max_lufs;
  }
}

/* Metered output o's slots and tasks (R->met): its peaks, its meter's
 * loudness, each channel meter's. */
static void open_meter_tasks(renderer *R, size_t o)
{
  output *out = &R->outs[o];
  for (int k = 0; k < RENDER_MET_SLOTS; k++)
    for (int c = 0; c < out->channels; c++)
      out->met[k][c] = render_buf(R, SP_METER_BEFORE + R->block) + SP_METER_BEFORE;
  const int each = out->meters ? sp_meters_count(out->meters) : 0;
  R->met[R->n_met++] = (met_task){o, MET_PEAKS, 0};
  R->met[R->n_met++] = (met_task){o, MET_LOUDNESS, 0};
  for (int c = 0; c < each; c++)
    R->met[R->n_met++] = (met_task){o, MET_CHANNEL, c};
}

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
  R->outs = render_calloc(R, R->n_outs, sizeof *R->outs);
  R->met = render_calloc(R, R->n_outs * (2 + SP_MAX_CHANNELS) + 1, sizeof *R->met);
  /* Every output's plan first: one that cannot be opened ends the pass,
   * and the pass reads every output's plan as it ends. */
  for (size_t i = 0; i < R->n_outs; i++) {
    output *out = &R->outs[i];
    out->plan = &g->outputs[i];
    out->path = out->plan->path;
    out->skip = !files || out->plan->own || (R->skip && R->skip[i]);
    /* A version's rest is written when the version and the mix are. */
    if (out->plan->kind == SP_OUT_REST)
      out->skip = !files || (R->skip && (R->skip[out->plan->of] || R->skip[0]));
    out->channels = sp_graph_output_channels(g, out->plan);
  }
  for (size_t i = 0; i < R->n_outs; i++) {
    output *out = &R->outs[i];
    if (out->skip)
      continue;
    const size_t samples = (size_t)out->channels * R->block;
    for (int k = 0; k < RENDER_OUT_SLOTS; k++) {
      if (o->depth == SP_DEPTH_32F)
        out->floats[k] = render_buf(R, samples);
      else
        out->codes[k] = render_alloc(R, samples, sizeof(int32_t));
    }
    for (int k = 0; out->plan->kind == SP_OUT_BUS && k < R->ns[out->plan->node].slots; k++)
      for (int c = 0; c < out->channels; c++)
        out->cap[k][c] = render_buf(R, R->block);
    out->sum_lanes = render_calloc(R, g->n_lanes + 1, sizeof *out->sum_lanes);
    for (size_t l = 0; out->plan->lanes && l < g->n_lanes; l++)
      if (out->plan->lanes[l] && R->ns[g->master].lanes[l].buf[0][0])
        out->sum_lanes[out->n_sum_lanes++] = l;
    render_ring_init(R, &out->align, out->channels, out->plan->delay);
    sp_err err = g->media->create(g->media, out->path, o->format, o->depth, out->channels,
                                  (int)g->sample_rate, frames, &out->w, why, sizeof why);
    if (err != SP_OK) {
      sp_diags_error(R->d, err, out->path, (sp_pos){0, 0}, NULL, "%s", why);
      return err;
    }
    if (out->channels > 2 && out->w->ops->set_mask) /* its speakers */
      out->w->ops->set_mask(out->w, sp_graph_output_layout(g, out->plan)->mask);
    err = sp_sink_set_tags(out->w, &R->r->output.tags, out->plan->name,
                           out->plan->kind == SP_OUT_MIX, why, sizeof why);
    if (err == SP_OK && R->r->output.bwf.on && out->w->ops->set_bext) {
      sp_bext b;
      sp_render_bext(R->g, out->plan, NULL, NULL, NULL, &b);
      err = out->w->ops->set_bext(out->w, &b, why, sizeof why);
    }
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
    if (metered &&
        sp_meter_new_layout(sp_graph_output_layout(g, out->plan), g->sample_rate, pcm_bits,
                            &out->meter) == SP_OK &&
        R->series)
      sp_meter_keep_series(out->meter);
    if (metered && out->meter && out->channels > 2) {
      out->meters = sp_meters_new(out->channels, g->sample_rate, pcm_bits);
      if (out->meters)
        sp_meter_peak_from(out->meter, out->meters); /* the true peak once */
    }
    if (metered && !out->meter) {
      sp_diags_error(R->d, SP_ERR_USAGE, R->r->file, (sp_pos){0, 0}, NULL,
                     "cannot meter loudness at %g Hz", g->sample_rate);
      return SP_ERR_USAGE;
    }
    if (out->meter)
      open_meter_tasks(R, i);
  }
  return SP_OK;
}

/* A metered output's block as written, into block k's slot after the
 * frames written before it (the slot before's last): codes dequantized (what
 * the file holds, exactly), or interleaved floats; n frames. */
static void keep_metered(output *out, int64_t k, const float *floats, const int32_t *codes,
                         size_t n)
{
  const int s = (int)(k % RENDER_MET_SLOTS), before = (s + RENDER_MET_SLOTS - 1) % RENDER_MET_SLOTS;
  const size_t C = (size_t)out->channels;
  for (size_t c = 0; c < C; c++)
    memcpy(out->met[s][c] - SP_METER_BEFORE,
           out->met[before][c] + out->met_n[before] - SP_METER_BEFORE,
           SP_METER_BEFORE * sizeof(float));
  if (codes)
    render_dequantize(codes, out->met[s], out->channels, n);
  else
    for (size_t c = 0; c < C; c++)
      for (size_t i = 0; i < n; i++)
        out->met[s][c][i] = floats[i * C + c];
  out->met_n[s] = n;
}

void render_meter_block(renderer *R, size_t j, int64_t k)
{
  const met_task *t = &R->met[j];
  output *out = &R->outs[t->out];
  const int s = (int)(k % RENDER_MET_SLOTS);
  const size_t n = out->met_n[s];
  const float *ch[SP_MAX_CHANNELS];
  for (int c = 0; c < out->channels; c++)
    ch[c] = out->met[s][c];
  sp_meter_peaks *pk = out->met_pk[s];
  switch (t->kind) {
  case MET_PEAKS:
    sp_meter_peaks_of(out->meter, ch, n, &pk[0]);
    for (int c = 0; out->meters && c < sp_meters_count(out->meters); c++)
      sp_meter_peaks_of(sp_meters_channel(out->meters, c), &ch[c], n, &pk[1 + c]);
    return;
  case MET_LOUDNESS: sp_meter_add_measured(out->meter, ch, n, &pk[0]); return;
  case MET_CHANNEL:
    sp_meter_add_measured(sp_meters_channel(out->meters, t->channel), &ch[t->channel], n,
                          &pk[1 + t->channel]);
    return;
  }
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

/* Output o's block k made ready for its file (renderer.h): in the
 * thread's w->mix while it is summed, aligned and checked; into slot k
 * mod RENDER_OUT_SLOTS quantized, its dither drawn at the block's place
 * in the file's sequence (sp_quantize_at: the frames written before it,
 * which trimming master's latency from the start fixes), so that the
 * blocks need not come one after another. */
sp_err render_output_prep(renderer *R, scratch *w, size_t o, int64_t k, int64_t t0, size_t frames)
{
  const sp_graph *g = R->g;
  output *out = &R->outs[o];
  if (out->skip)
    return SP_OK;
  const int sl = render_slot_of(R, out->plan->kind == SP_OUT_BUS ? out->plan->node : g->master, k);
  const int s = (int)(k % RENDER_OUT_SLOTS);
  const lane_state *lanes = R->ns[g->master].lanes;
  out->ready_bad[s] = true;
  out->ready_n[s] = 0;
  for (int c = 0; c < out->channels; c++) {
    float *dst = w->mix[c];
    if (!out->plan->lanes) {
      memcpy(dst, out->cap[sl][c], frames * sizeof(float));
    } else if (out->n_sum_lanes == 0) {
      memset(dst, 0, frames * sizeof(float));
    } else if (out->n_sum_lanes == 1) {
      memcpy(dst, lanes[out->sum_lanes[0]].buf[sl][c], frames * sizeof(float));
    } else {
      render_sum_lanes(dst, lanes, out->sum_lanes, out->n_sum_lanes, sl, c, w->acc, frames);
    }
  }
  sp_ring_process(&out->align, w->mix, frames);
  size_t from;
  const int64_t t = trimmed(R, t0, frames, &from);
  const size_t n = frames - from, C = (size_t)out->channels;
  bool bad = false;
  for (size_t c = 0; c < C; c++)
    bad |= !render_all_finite(w->mix[c] + from, n);
  for (size_t c = 0; c < C && bad; c++)
    for (size_t i = from; i < frames; i++)
      if (!isfinite(w->mix[c][i])) {
        /* blocks of one output are prepared at once: each that fails
         * says so here, and the earliest frame stands (one said, none
         * lost) */
        const int64_t at = t + (int64_t)(i - from);
        char **why = &R->task_why[R->n_tasks - g->n_outputs + o];
        pthread_mutex_lock(&failed_lock);
        if (!*why || at < out->failed_at) {
          free(*why);
          *why = sp_xasprintf("%s has a non-finite sample (NaN or infinity) at %.6f s; a "
                              "processor or a gain overflowed",
                              out->path, (double)at / g->sample_rate);
          out->failed_at = at;
        }
        pthread_mutex_unlock(&failed_lock);
        return SP_ERR_RENDER;
      }
  const float *ch[SP_MAX_CHANNELS];
  for (size_t c = 0; c < C; c++)
    ch[c] = w->mix[c] + from;
  if (out->floats[s]) {
    float peak = 0, *dst = out->floats[s];
    for (size_t i = 0; i < n; i++)
      for (size_t c = 0; c < C; c++) {
        const float x = ch[c][i];
        peak = fabsf(x) > peak ? fabsf(x) : peak;
        dst[C * i + c] = x;
      }
    out->ready_peak[s] = peak;
  } else if (n > 0) {
    sp_quantize_at(&out->q, (uint64_t)t * C, ch, out->channels, n, out->codes[s], &out->tally[s]);
  } else {
    out->tally[s] = (sp_quant_tally){0};
  }
  out->ready_n[s] = n;
  out->ready_bad[s] = false;
  return SP_OK;
}

sp_err render_output_block(renderer *R, size_t o, int64_t k)
{
  output *out = &R->outs[o];
  const int s = (int)(k % RENDER_OUT_SLOTS);
  if (out->skip || out->ready_bad[s]) /* a failed prep's block: its failure is said */
    return SP_OK;
  const size_t n = out->ready_n[s], C = (size_t)out->channels;
  char why[256];
  sp_err err;
  if (out->floats[s]) {
    out->peak = out->ready_peak[s] > out->peak ? out->ready_peak[s] : out->peak;
    err = out->w->ops->write_float(out->w, out->floats[s], (int64_t)n, why, sizeof why);
  } else {
    sp_quant_tally_add(&out->written, &out->tally[s]);
    err = out->w->ops->write_int(out->w, out->codes[s], (int64_t)n, why, sizeof why);
  }
  if (out->meter)
    keep_metered(out, k, out->floats[s], out->codes[s], n);
  if (out->kept[0] && out->codes[s]) { /* master.adm's tasks read them (core/render/adm_out.c) */
    const int slot = (int)(k % RENDER_KEPT_SLOTS);
    out->kept_n[slot] = n;
    memcpy(out->kept[slot], out->codes[s], n * C * sizeof(int32_t));
  }
  if (err != SP_OK)
    R->task_why[R->g->n_nodes + o] = sp_xasprintf("%s: %s", out->path, why);
  return err;
}

/* Which of block t0's frames of master's lanes are the outputs' frames:
 * master's lanes are its own latency late (not the outputs' alignment,
 * which a printed bus of more latency can make larger; under `latency:
 * ignore` the render's early start only), and the outputs
 * end after `total - g->latency` frames. */
static void master_span(const renderer *R, int64_t t0, size_t *from, size_t *to)
{
  const int64_t lat = R->r->latency_ignored ? R->g->latency : R->g->nodes[R->g->master].lat_out,
                end = R->total - R->g->latency;
  const int64_t a = lat - t0, b = end + lat - t0;
  *from = a <= 0 ? 0 : a < (int64_t)*to ? (size_t)a : *to;
  *to = b <= (int64_t)*from ? *from : b < (int64_t)*to ? (size_t)b : *to;
}

/* measure_only: add this block's frames of master's lanes to the sums. */
void render_measure_block(renderer *R, scratch *w, int64_t k, int64_t t0, size_t n)
{
  const sp_graph *g = R->g;
  const int sl = render_slot_of(R, g->master, k);
  sp_render_result *res = R->res;
  const lane_state *lanes = R->ns[g->master].lanes;
  const int M = g->nodes[g->master].channels;
  size_t skip, frames = n;
  master_span(R, t0, &skip, &frames);
  for (size_t l = 0; l < g->n_lanes; l++) {
    if (!lanes[l].buf[sl][0])
      continue;
    double p = res->lane_peak[l];
    for (int c = 0; c < M; c++) {
      double e = 0;
      for (size_t i = skip; i < frames; i++) {
        double x = lanes[l].buf[sl][c][i];
        e += x * x;
        p = fabs(x) > p ? fabs(x) : p;
      }
      res->lane_energy[l * (size_t)M + (size_t)c] += e;
    }
    res->lane_peak[l] = p;
  }
  /* each planned output's peak: the sum of its lanes, in lane order (as it
   * would be printed) */
  for (size_t o = 0; o < g->n_outputs; o++) {
    const sp_output_plan *op = &g->outputs[o];
    if (isnan(res->output_peak[o]))
      continue;
    double p = res->output_peak[o];
    for (int c = 0; c < M; c++)
      for (size_t i = skip; i < frames; i++) {
        double sum = 0;
        for (size_t l = 0; l < g->n_lanes; l++)
          if (op->lanes[l] && lanes[l].buf[sl][0])
            sum += lanes[l].buf[sl][c][i];
        p = fabs(sum) > p ? fabs(sum) : p;
      }
    res->output_peak[o] = p;
  }
  if (!R->mix_meter || skip == frames)
    return;
  for (int c = 0; c < M; c++)
    for (size_t i = skip; i < frames; i++) {
      double sum = 0;
      for (size_t l = 0; l < g->n_lanes; l++)
        if (lanes[l].buf[sl][0])
          sum += lanes[l].buf[sl][c][i];
      w->mix[c][i - skip] = (float)sum;
    }
  sp_meter_add(R->mix_meter, (const float *const *)w->mix, frames - skip);
}

sp_err render_finish_outputs(renderer *R)
{
  for (size_t i = 0; i < R->n_outs; i++) {
    char why[256];
    if (R->outs[i].skip)
      continue;
    /* the bext chunk again, with the loudness of the samples as written */
    if (R->r->output.bwf.on && R->outs[i].w->ops->set_bext && R->outs[i].meter) {
      sp_loudness l;
      sp_meter_result(R->outs[i].meter, &l);
      sp_bext b;
      sp_render_bext(R->g, R->outs[i].plan, NULL, NULL, &l, &b);
      sp_err err = R->outs[i].w->ops->set_bext(R->outs[i].w, &b, why, sizeof why);
      if (err != SP_OK) {
        sp_diags_error(R->d, err, R->outs[i].path, (sp_pos){0, 0}, NULL, "%s", why);
        return err;
      }
    }
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

const sp_layout *sp_render_output_layout(const sp_graph *g, const sp_output_stats *st)
{
  const sp_output_set *set = st->set > 0 ? &g->recipe->output.sets[st->set - 1] : NULL;
  if (set && set->layout)
    return set->layout;
  for (size_t k = 0; k < g->n_outputs; k++)
    if (g->outputs[k].path && st->path && strcmp(g->outputs[k].path, st->path) == 0)
      return sp_graph_output_layout(g, &g->outputs[k]);
  for (size_t k = 0; k < g->n_derived; k++)
    if (st->path && strcmp(g->derived[k].path, st->path) == 0)
      return sp_graph_output_layout(g, &g->outputs[g->derived[k].of]);
  return g->nodes[g->master].layout;
}
