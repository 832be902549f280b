/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files of output.also, made from the master set's (io/outdir/derive.h). */

#include "io/outdir/derive.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/dsp/fold.h"
#include "core/dsp/quantize.h"
#include "core/graph/query.h"
#include "core/measure/meter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 4096 };

/* The decoded samples of the lossy file at path, metered into l. */
static sp_err meter_decoded(const sp_media *m, const char *path, double rate, sp_loudness *l,
                            char *why, size_t why_size)
{
  sp_reader *rd;
  sp_audio_info info;
  sp_err err = m->open(m, path, &rd, &info, why, why_size);
  if (err != SP_OK)
    return err;
  sp_meter *meter;
  if (sp_meter_new(info.channels, rate, 0, &meter) != SP_OK) {
    rd->ops->close(rd);
    snprintf(why, why_size, "cannot meter loudness at %g Hz", rate);
    return SP_ERR_USAGE;
  }
  const int C = info.channels;
  float *buf = sp_xcalloc((size_t)BLOCK * (size_t)C, sizeof *buf);
  float *pl[SP_MAX_CHANNELS];
  for (int c = 0; c < C; c++)
    pl[c] = sp_xcalloc(BLOCK, sizeof(float));
  for (;;) {
    const int64_t n = rd->ops->read_float(rd, buf, BLOCK);
    if (n < 0) {
      snprintf(why, why_size, "cannot decode it again: %s", rd->ops->error(rd));
      err = SP_ERR_IO;
      break;
    }
    if (n == 0)
      break;
    for (int64_t i = 0; i < n; i++)
      for (int c = 0; c < C; c++)
        pl[c][i] = buf[i * C + c];
    sp_meter_add(meter, (const float *const *)pl, (size_t)n);
  }
  if (err == SP_OK)
    sp_meter_result(meter, l);
  sp_meter_free(meter);
  for (int c = 0; c < C; c++)
    free(pl[c]);
  free(buf);
  rd->ops->close(rd);
  return err;
}

sp_err sp_derive(const sp_graph *g, const sp_derived_plan *d, const char *from, sp_sink **out,
                 sp_output_stats *st, char *why, size_t why_size)
{
  *out = NULL;
  const sp_recipe *r = g->recipe;
  const sp_media *m = g->media;
  const sp_output_set *set = &r->output.sets[d->set];
  const sp_output_plan *o = &g->outputs[d->of];
  const bool lossy = sp_format_lossy(set->format);
  const double rate = set->rate > 0 ? set->rate : g->sample_rate;
  const sp_depth depth = lossy ? SP_DEPTH_32F : set->depth;
  const bool fixed = depth != SP_DEPTH_32F;
  sp_source *src;
  sp_err err = m->source(m, from, rate, 0, &src, why, why_size);
  if (err != SP_OK)
    return err;
  const int64_t frames = src->frames;
  /* the print's layout, and the set's: folded into it when they differ */
  const sp_layout *in = sp_graph_output_layout(g, o), *to = set->layout ? set->layout : in;
  const int IN = in->n, C = to->n;
  double fold[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  if (to != in)
    sp_fold_matrix(in, to, &set->fold, fold);
  /* the file's channels: all, or a multi-mono set's one */
  const int W = d->channel >= 0 ? 1 : C;
  const sp_layout *file_layout = d->channel >= 0 ? sp_layout_find("mono") : to;
  const char *channel = d->channel >= 0 ? to->ch[d->channel].name : NULL;
  sp_sink *sink = NULL;
  err = m->create(m, d->path, set->format, depth, W, (int)rate, frames, &sink, why, why_size);
  if (err == SP_OK && lossy && sink->ops->set_bitrate)
    err = sink->ops->set_bitrate(sink, set->kbps, why, why_size);
  if (err == SP_OK && W > 2 && sink->ops->set_mask)
    sink->ops->set_mask(sink, to->mask);
  const bool bext = r->output.bwf.on && set->format == SP_FORMAT_WAV && sink && sink->ops->set_bext;
  sp_bext b;
  if (err == SP_OK && bext) {
    sp_render_bext(g, o, set, channel, NULL, &b);
    err = sink->ops->set_bext(sink, &b, why, why_size);
  }
  sp_meter *meter = NULL;
  sp_meters *meters = !lossy && W > 2 ? sp_meters_new(W, rate, fixed ? (int)depth : 0) : NULL;
  if (err == SP_OK && !lossy && sp_meter_new_layout(file_layout, rate, fixed ? (int)depth : 0, &meter) != SP_OK) {
    snprintf(why, why_size, "cannot meter loudness at %g Hz", rate);
    err = SP_ERR_USAGE;
  }
  /* its own dither, fixed by its file's name; none for a set at the
   * prints' rate, layout and depth, which holds their samples as they are
   * (a multi-mono set is the printmaster's channels bit for bit) */
  const bool exact = fixed && to == in && rate == g->sample_rate &&
                     !sp_format_lossy(r->output.format) && r->output.depth == depth;
  sp_quantizer q;
  const char *slash = strrchr(d->path, '/');
  sp_quantizer_init(&q, (int)depth, set->dither && !exact,
                    sp_hash_string(slash ? slash + 1 : d->path) ^ 0x5354454d5052494eull);
  float *ch[SP_MAX_CHANNELS] = {NULL}, *written[SP_MAX_CHANNELS] = {NULL};
  float *src_ch[SP_MAX_CHANNELS] = {NULL}; /* the print's channels, when folded */
  for (int c = 0; c < C; c++) {
    ch[c] = sp_xcalloc(BLOCK, sizeof(float));
    written[c] = sp_xcalloc(BLOCK, sizeof(float));
  }
  for (int c = 0; to != in && c < IN; c++)
    src_ch[c] = sp_xcalloc(BLOCK, sizeof(float));
  float *inter = sp_xcalloc((size_t)C * BLOCK, sizeof(float));
  int32_t *ints = sp_xcalloc((size_t)C * BLOCK, sizeof(int32_t));
  float *const *wch = d->channel >= 0 ? &ch[d->channel] : ch; /* what the file holds */
  double peak = 0; /* of the samples before quantization */
  for (int64_t at = 0; err == SP_OK && at < frames; at += BLOCK) {
    const size_t n = frames - at < BLOCK ? (size_t)(frames - at) : BLOCK;
    if ((err = src->ops->read(src, to != in ? src_ch : ch, n, why, why_size)) != SP_OK)
      break;
    if (to != in) /* folded: each channel a sum in double, rounded once */
      for (int c = 0; c < C; c++)
        for (size_t i = 0; i < n; i++) {
          double y = 0;
          for (int s = 0; s < IN; s++)
            y += fold[c * IN + s] * (double)src_ch[s][i];
          ch[c][i] = (float)y;
        }
    for (size_t i = 0; i < n; i++)
      for (int c = 0; c < W; c++)
        peak = fabs(wch[c][i]) > peak ? fabs(wch[c][i]) : peak;
    if (fixed) {
      sp_quantize(&q, (const float *const *)wch, W, n, ints);
      err = sink->ops->write_int(sink, ints, (int64_t)n, why, why_size);
      for (size_t i = 0; i < n; i++)
        for (int c = 0; c < W; c++)
          written[c][i] = (float)((double)ints[(size_t)W * i + (size_t)c] * 0x1p-31);
      sp_meter_add(meter, (const float *const *)written, n);
      if (meters)
        sp_meters_add(meters, (const float *const *)written, n);
    } else {
      for (size_t i = 0; i < n; i++)
        for (int c = 0; c < W; c++)
          inter[(size_t)W * i + (size_t)c] = wch[c][i];
      err = sink->ops->write_float(sink, inter, (int64_t)n, why, why_size);
      if (meter)
        sp_meter_add(meter, (const float *const *)wch, n);
      if (meters)
        sp_meters_add(meters, (const float *const *)wch, n);
    }
  }
  if (err == SP_OK)
    err = src->ops->unchanged(src, why, why_size);
  src->ops->close(src);
  sp_loudness l;
  memset(&l, 0, sizeof l);
  if (err == SP_OK && meter) {
    sp_meter_result(meter, &l);
    if (bext) {
      sp_render_bext(g, o, set, channel, &l, &b);
      err = sink->ops->set_bext(sink, &b, why, why_size);
    }
  }
  if (err == SP_OK)
    err = sink->ops->finish(sink, why, why_size);
  if (err == SP_OK && lossy)
    err = meter_decoded(m, sink->ops->written(sink), rate, &l, why, why_size);
  sp_channel_figures figs[SP_MAX_CHANNELS];
  const int n_figs = err == SP_OK && meters ? W : 0;
  if (n_figs)
    sp_meters_result(meters, figs);
  sp_meters_free(meters);
  sp_meter_free(meter);
  for (int c = 0; c < SP_MAX_CHANNELS; c++) {
    free(ch[c]);
    free(written[c]);
    free(src_ch[c]);
  }
  free(inter);
  free(ints);
  if (err != SP_OK) {
    if (sink)
      sink->ops->discard(sink);
    return err;
  }
  memset(st, 0, sizeof *st);
  st->n_channels = n_figs;
  memcpy(st->by_channel, figs, sizeof figs[0] * (size_t)n_figs);
  st->path = d->path;
  st->name = o->name;
  st->kind = o->kind;
  st->is_mix = o->kind == SP_OUT_MIX;
  st->set = d->set + 1;
  st->part = d->channel + 1;
  st->decoded = lossy;
  st->frames = frames;
  st->measured = true;
  st->loudness = l;
  st->sample_peak_dbfs = lossy   ? l.sample_peak_dbfs
                         : fixed ? sp_lin_to_db(sp_quantizer_peak_lin(&q))
                                 : sp_lin_to_db(peak);
  st->unquantized_peak_dbfs = sp_lin_to_db(peak);
  st->clipped = fixed ? q.clipped : 0;
  *out = sink;
  return SP_OK;
}
