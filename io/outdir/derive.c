/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files of output.also, made from the master set's (io/outdir/derive.h). */

#include "io/outdir/derive.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/names.h"
#include "core/dsp/fold.h"
#include "core/dsp/quantize.h"
#include "core/graph/query.h"
#include "core/measure/meter.h"
#include "core/measure/setcheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 4096 };

/* How a set's file holds its master's samples: the master's layout, the
 * set's (folded into it by fold when they differ), and the one channel a
 * multi-mono file holds (-1: all, W of them). */
typedef struct shape {
  const sp_layout *in, *to;
  double fold[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  int channel, W;
} shape;

/* n frames of the master through src as the set's file holds them: into
 * ch (the set's layout, folded through src_ch when it differs from the
 * master's); the file's channels are then ch[channel] alone or all of
 * them. Each folded channel is a sum in double, rounded once. */
static sp_err reference(const shape *sh, sp_source *src, float *const *src_ch, float *const *ch,
                        size_t n, char *why, size_t why_size)
{
  const bool folded = sh->to != sh->in;
  sp_err err = src->ops->read(src, folded ? src_ch : ch, n, why, why_size);
  if (err != SP_OK || !folded)
    return err;
  const int IN = sh->in->n;
  for (int c = 0; c < sh->to->n; c++)
    for (size_t i = 0; i < n; i++) {
      double y = 0;
      for (int k = 0; k < IN; k++)
        y += sh->fold[c * IN + k] * (double)src_ch[k][i];
      ch[c][i] = (float)y;
    }
  return SP_OK;
}

/* The file d made (finished, at `written`) decoded and held against the
 * master at `from` as the set was made from it (core/measure/setcheck.h):
 * a channel out of place, lost, inverted or late fails the render before
 * anything lands. A lossy file is metered as decoded into l: encoding
 * moves the true peak, and a delivery check must see what a listener's
 * decoder makes. */
/* Whether the render was asked to stop (cancel set: an interrupt), said
 * in why: a set's file is made and decoded block by block, and an hour's
 * MP3 and FLAC sets would otherwise outlast the signal's grace, leaving
 * their temporary files behind. */
static bool stopped(const volatile sig_atomic_t *cancel, char *why, size_t why_size)
{
  if (!cancel || !*cancel)
    return false;
  snprintf(why, why_size, "interrupted; no output was written");
  return true;
}

static sp_err check_decoded(const sp_media *m, const shape *sh, const char *from,
                            const char *written, double rate, const sp_setcheck_bounds *bounds,
                            const volatile sig_atomic_t *cancel, sp_loudness *l, char *why,
                            size_t why_size)
{
  sp_reader *rd;
  sp_audio_info info;
  sp_err err = m->open(m, written, &rd, &info, why, why_size);
  if (err != SP_OK)
    return err;
  /* checked at the rate it decodes at: an Opus file's is 48 kHz whatever
   * rate it was written at (its header's input rate, 8 to 24 kHz, says
   * what it was made of), as ffmpeg and libopusfile decode it */
  if (info.sample_rate != rate && (int)info.sample_rate == 48000 && rate < 48000)
    rate = info.sample_rate;
  sp_source *src;
  if ((err = m->source(m, from, rate, 0, &src, why, why_size)) != SP_OK) {
    rd->ops->close(rd);
    return err;
  }
  const int C = info.channels, W = sh->W;
  if (C < 1 || C > SP_MAX_CHANNELS) {
    snprintf(why, why_size, "it decodes to %d channels, and its master's set has %d", C, W);
    src->ops->close(src);
    rd->ops->close(rd);
    return SP_ERR_RENDER;
  }
  const sp_layout *file_layout = sh->channel >= 0 ? sp_layout_find("mono") : sh->to;
  sp_meter *meter = NULL;
  if (bounds->lossy && sp_meter_new(C, rate, 0, &meter) != SP_OK) {
    snprintf(why, why_size, "cannot meter loudness at %g Hz", rate);
    err = SP_ERR_USAGE;
  }
  sp_setcheck *check = sp_setcheck_new(file_layout, rate, bounds);
  float *buf = sp_xcalloc((size_t)BLOCK * (size_t)C, sizeof *buf);
  float *dec[SP_MAX_CHANNELS] = {NULL}, *ch[SP_MAX_CHANNELS] = {NULL},
        *src_ch[SP_MAX_CHANNELS] = {NULL};
  for (int c = 0; c < C; c++)
    dec[c] = sp_xcalloc(BLOCK, sizeof(float));
  for (int c = 0; c < sh->to->n; c++)
    ch[c] = sp_xcalloc(BLOCK, sizeof(float));
  for (int c = 0; sh->to != sh->in && c < sh->in->n; c++)
    src_ch[c] = sp_xcalloc(BLOCK, sizeof(float));
  int64_t frames = 0;
  while (err == SP_OK) {
    if (stopped(cancel, why, why_size)) {
      err = SP_ERR_RENDER;
      break;
    }
    const int64_t n = rd->ops->read_float(rd, buf, BLOCK);
    if (n < 0) {
      snprintf(why, why_size, "cannot decode it again: %s", rd->ops->error(rd));
      err = SP_ERR_IO;
      break;
    }
    if (n == 0)
      break;
    for (int c = 0; c < C; c++)
      for (int64_t i = 0; i < n; i++)
        dec[c][i] = buf[i * C + c];
    if (meter)
      sp_meter_add(meter, (const float *const *)dec, (size_t)n);
    if (C == W && (err = reference(sh, src, src_ch, ch, (size_t)n, why, why_size)) == SP_OK &&
        bounds->lossy) /* what its encoder was given: clamped at full scale (derive_frames) */
      for (int c = 0; c < sh->to->n; c++)
        for (int64_t i = 0; i < n; i++)
          ch[c][i] = fminf(fmaxf(ch[c][i], -1.0f), 1.0f);
    if (C == W && err == SP_OK)
      sp_setcheck_add(check, (const float *const *)(sh->channel >= 0 ? &ch[sh->channel] : ch),
                      (const float *const *)dec, (size_t)n);
    frames += n;
  }
  if (err == SP_OK)
    err = sp_setcheck_result(check, W, src->frames, C, frames, why, why_size);
  if (err == SP_OK && meter)
    sp_meter_result(meter, l);
  sp_setcheck_free(check);
  sp_meter_free(meter);
  for (int c = 0; c < SP_MAX_CHANNELS; c++) {
    free(dec[c]);
    free(ch[c]);
    free(src_ch[c]);
  }
  free(buf);
  src->ops->close(src);
  rd->ops->close(rd);
  return err;
}

/* A file of a set being derived from its print: what sp_derive's parts
 * share. */
typedef struct derivation {
  const sp_graph *g;
  const sp_derived_plan *d;
  const sp_output_set *set;
  const sp_output_plan *o;
  shape sh;
  double rate;
  sp_depth depth;
  bool lossy, fixed, exact, bext;
  const char *channel; /* a multi-mono set's file's channel, or NULL */
  sp_sink *sink;
  sp_bext b;
  sp_meter *meter;
  sp_meters *meters;
  sp_quantizer q;
  double peak; /* of the samples before quantization */
  /* a lossy set's samples above full scale, clamped there (clipped, as
   * an integer set's are: FFmpeg's AAC encoder garbles what is past it,
   * and a decoder to integers clips it) */
  int64_t lossy_clipped;
  const volatile sig_atomic_t *cancel; /* the render's: set, it stops within a block */
} derivation;

/* The set's file made and described: its bitrate, its channel mask, its
 * bext (its loudness filled in at the end). */
static sp_err derive_sink(derivation *x, const sp_media *m, int64_t frames, char *why,
                          size_t why_size)
{
  const sp_output_set *set = x->set;
  const int W = x->sh.W;
  sp_err err = m->create(m, x->d->path, set->format, x->depth, W, (int)x->rate, frames, &x->sink,
                         why, why_size);
  if (err == SP_OK && x->lossy && x->sink->ops->set_bitrate)
    err = x->sink->ops->set_bitrate(x->sink, (int)set->kbps, why, why_size);
  if (err == SP_OK && W > 2 && x->sink->ops->set_mask)
    x->sink->ops->set_mask(x->sink, x->sh.to->mask);
  if (err == SP_OK)
    err = sp_sink_set_tags(x->sink, &sp_graph_recipe(x->g)->output.tags, x->o->name,
                           x->o->kind == SP_OUT_MIX, why, why_size);
  x->bext = sp_graph_recipe(x->g)->output.bwf.on && sp_formats[set->format].bwf && x->sink &&
            x->sink->ops->set_bext;
  if (err == SP_OK && x->bext) {
    sp_render_bext(x->g, x->o, set, x->channel, NULL, &x->b);
    err = x->sink->ops->set_bext(x->sink, &x->b, why, why_size);
  }
  return err;
}

/* The print's frames from src through the fold, quantized or as floats,
 * into the sink and the meters. */
static sp_err derive_frames(derivation *x, sp_source *src, int64_t frames, char *why,
                            size_t why_size)
{
  const int IN = x->sh.in->n, C = x->sh.to->n, W = x->sh.W;
  float *ch[SP_MAX_CHANNELS] = {NULL}, *written[SP_MAX_CHANNELS] = {NULL};
  float *src_ch[SP_MAX_CHANNELS] = {NULL}; /* the print's channels, when folded */
  for (int c = 0; c < C; c++) {
    ch[c] = sp_xcalloc(BLOCK, sizeof(float));
    written[c] = sp_xcalloc(BLOCK, sizeof(float));
  }
  for (int c = 0; x->sh.to != x->sh.in && c < IN; c++)
    src_ch[c] = sp_xcalloc(BLOCK, sizeof(float));
  float *inter = sp_xcalloc((size_t)C * BLOCK, sizeof(float));
  int32_t *ints = sp_xcalloc((size_t)C * BLOCK, sizeof(int32_t));
  float *const *wch = x->d->channel >= 0 ? &ch[x->d->channel] : ch; /* what the file holds */
  sp_err err = SP_OK;
  for (int64_t at = 0; err == SP_OK && at < frames; at += BLOCK) {
    const size_t n = frames - at < BLOCK ? (size_t)(frames - at) : BLOCK;
    if (stopped(x->cancel, why, why_size)) {
      err = SP_ERR_RENDER;
      break;
    }
    if ((err = reference(&x->sh, src, src_ch, ch, n, why, why_size)) != SP_OK)
      break;
    for (size_t i = 0; i < n; i++)
      for (int c = 0; c < W; c++)
        x->peak = fabs(wch[c][i]) > x->peak ? fabs(wch[c][i]) : x->peak;
    float *const *metered = wch;
    if (x->fixed) {
      sp_quantize(&x->q, (const float *const *)wch, W, n, ints);
      err = x->sink->ops->write_int(x->sink, ints, (int64_t)n, why, why_size);
      for (size_t i = 0; i < n; i++)
        for (int c = 0; c < W; c++)
          written[c][i] = (float)((double)ints[(size_t)W * i + (size_t)c] * 0x1p-31);
      metered = written;
    } else {
      for (size_t i = 0; i < n; i++)
        for (int c = 0; c < W; c++) {
          float v = wch[c][i];
          if (x->lossy && fabsf(v) > 1.0f) {
            v = v > 0 ? 1.0f : -1.0f;
            x->lossy_clipped++;
          }
          inter[(size_t)W * i + (size_t)c] = v;
        }
      err = x->sink->ops->write_float(x->sink, inter, (int64_t)n, why, why_size);
    }
    if (x->meter)
      sp_meter_add(x->meter, (const float *const *)metered, n);
    if (x->meters)
      sp_meters_add(x->meters, (const float *const *)metered, n);
  }
  for (int c = 0; c < SP_MAX_CHANNELS; c++) {
    free(ch[c]);
    free(written[c]);
    free(src_ch[c]);
  }
  free(inter);
  free(ints);
  return err;
}

/* The file as a decoder reads it, against its master. */
static sp_err derive_check(derivation *x, const sp_media *m, const char *from, sp_loudness *l,
                           char *why, size_t why_size)
{
  sp_setcheck_bounds bounds;
  if (x->lossy)
    sp_setcheck_lossy_bounds((int)x->set->kbps, x->sh.W, &bounds);
  else
    sp_setcheck_lossless_bounds(x->fixed ? (int)x->depth : 32, x->set->dither && !x->exact,
                                x->exact, &bounds);
  char what[512];
  sp_err err = check_decoded(m, &x->sh, from, x->sink->ops->written(x->sink), x->rate, &bounds,
                             x->cancel, l, what, sizeof what);
  if (err == SP_ERR_RENDER)
    snprintf(why, why_size,
             "does not hold its master %s as decoded: %s; nothing of the render is "
             "delivered: %sreport it as a bug in stemprint, with the recipe",
             x->o->path, what,
             x->lossy && bounds.kbps_per_channel < 24 ? "give the set a higher bitrate, or " : "");
  else if (err != SP_OK)
    snprintf(why, why_size, "%s", what);
  return err;
}

/* What the derived file holds, for the report. */
static void derive_stats(const derivation *x, int64_t frames, const sp_loudness *l,
                         const sp_channel_figures *figs, int n_figs, sp_output_stats *st)
{
  memset(st, 0, sizeof *st);
  st->n_channels = n_figs;
  memcpy(st->by_channel, figs, sizeof figs[0] * (size_t)n_figs);
  st->path = x->d->path;
  st->name = x->o->name;
  st->kind = x->o->kind;
  st->is_mix = x->o->kind == SP_OUT_MIX;
  st->set = x->d->set + 1;
  st->part = x->d->channel + 1;
  st->decoded = x->lossy;
  st->frames = frames;
  st->measured = true;
  st->loudness = *l;
  st->sample_peak_dbfs = x->lossy   ? l->sample_peak_dbfs
                         : x->fixed ? sp_lin_to_db(sp_quantizer_peak_lin(&x->q))
                                    : sp_lin_to_db(x->peak);
  st->unquantized_peak_dbfs = sp_lin_to_db(x->peak);
  /* a lossy file judged as decoded, as its report's figure counts it (its
   * encoder given no clamped sample, it may still decode past full scale:
   * review 29 F1, F2); where it decodes within, the samples its encoder
   * was given clamped */
  st->clipped = x->fixed   ? x->q.clipped
                : x->lossy ? (l->clipped > 0 ? l->clipped : x->lossy_clipped)
                           : x->lossy_clipped;
}

sp_err sp_derive(const sp_graph *g, const sp_derived_plan *d, const char *from,
                 const volatile sig_atomic_t *cancel, sp_sink **out, sp_output_stats *st, char *why,
                 size_t why_size)
{
  *out = NULL;
  const sp_recipe *r = sp_graph_recipe(g);
  const sp_media *m = sp_graph_media(g);
  derivation x = {.g = g,
                  .d = d,
                  .set = &r->output.sets[d->set],
                  .o = sp_graph_output(g, d->of),
                  .cancel = cancel};
  const sp_output_set *set = x.set;
  x.lossy = sp_format_lossy(set->format);
  x.rate = set->rate > 0 ? set->rate : sp_graph_rate(g);
  x.depth = x.lossy ? SP_DEPTH_32F : set->depth;
  x.fixed = x.depth != SP_DEPTH_32F;
  sp_source *src;
  sp_err err = m->source(m, from, x.rate, 0, &src, why, why_size);
  if (err != SP_OK)
    return err;
  const int64_t frames = src->frames;
  /* the print's layout, and the set's: folded into it when they differ */
  x.sh.in = sp_graph_output_layout(g, x.o);
  x.sh.to = set->layout ? set->layout : x.sh.in;
  x.sh.channel = d->channel;
  const sp_layout *in = x.sh.in, *to = x.sh.to;
  if (to != in)
    sp_fold_matrix(in, to, &set->fold, x.sh.fold);
  /* the file's channels: all, or a multi-mono set's one */
  const int W = x.sh.W = d->channel >= 0 ? 1 : to->n;
  const sp_layout *file_layout = d->channel >= 0 ? sp_layout_find("mono") : to;
  x.channel = d->channel >= 0 ? to->ch[d->channel].name : NULL;
  err = derive_sink(&x, m, frames, why, why_size);
  const int bits = x.fixed ? (int)x.depth : 0;
  x.meters = !x.lossy && W > 2 ? sp_meters_new(W, x.rate, bits) : NULL;
  if (err == SP_OK && !x.lossy &&
      sp_meter_new_layout(file_layout, x.rate, bits, &x.meter) != SP_OK) {
    snprintf(why, why_size, "cannot meter loudness at %g Hz", x.rate);
    err = SP_ERR_USAGE;
  }
  if (x.meter && x.meters)
    sp_meter_peak_from(x.meter, x.meters); /* the true peak once, channel by channel */
  /* its own dither, fixed by its file's name; none for a set at the
   * prints' rate and layout, of their depth or deeper than their integers
   * (a 24-bit set of a 16-bit master: review 21 F10), which holds their
   * samples as they are (a multi-mono set is the printmaster's channels
   * bit for bit) */
  x.exact = x.fixed && to == in && x.rate == sp_graph_rate(g) &&
            !sp_format_lossy(r->output.format) && r->output.depth != SP_DEPTH_32F &&
            r->output.depth <= x.depth;
  sp_quantizer_init(&x.q, (int)x.depth, set->dither && !x.exact,
                    sp_hash_string(sp_base_name(d->path)) ^ 0x5354454d5052494eull);
  if (err == SP_OK)
    err = derive_frames(&x, src, frames, why, why_size);
  if (err == SP_OK)
    err = src->ops->unchanged(src, why, why_size);
  src->ops->close(src);
  sp_loudness l;
  memset(&l, 0, sizeof l);
  if (err == SP_OK && x.meter) {
    sp_meter_result(x.meter, &l);
    if (x.bext) {
      sp_render_bext(g, x.o, set, x.channel, &l, &x.b);
      err = x.sink->ops->set_bext(x.sink, &x.b, why, why_size);
    }
  }
  if (err == SP_OK)
    err = x.sink->ops->finish(x.sink, why, why_size);
  if (err == SP_OK)
    err = derive_check(&x, m, from, &l, why, why_size);
  sp_channel_figures figs[SP_MAX_CHANNELS];
  const int n_figs = err == SP_OK && x.meters ? W : 0;
  if (n_figs)
    sp_meters_result(x.meters, figs);
  sp_meters_free(x.meters);
  sp_meter_free(x.meter);
  if (err != SP_OK) {
    if (x.sink)
      x.sink->ops->discard(x.sink);
    return err;
  }
  derive_stats(&x, frames, &l, figs, n_figs, st);
  *out = x.sink;
  return SP_OK;
}
