/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A track's regions for a block (core/render/regions.h). */

#include "core/render/regions.h"

#include "core/base/alloc.h"
#include "core/recipe/fade.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
sp_err render_read_regions(renderer *R, scratch *w, int idx, int64_t t0, size_t frames,
                           float *const *out)
{
  const sp_node *n = &R->g->nodes[idx];
  node_state *s = &R->ns[idx];
  if (n->strip->instrument) { /* its instrument plays its MIDI regions */
    for (int c = 0; c < n->src_channels; c++)
      memset(out[c], 0, frames * sizeof(float));
    return SP_OK;
  }
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
          p->channels == n->src_channels && p->pick < 0 && s->sources[direct] && p->gain == 1.0f &&
          p->n_env == 0))
      direct = n->n_regions;
  } else {
    direct = n->n_regions;
  }
  if (direct == n->n_regions)
    for (int c = 0; c < n->src_channels; c++)
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
      sp_err err;
      if (p->render_into && media->rendered)
        err = media->rendered(media, p->path, p->render_into, p->bed_only, R->g->sample_rate,
                              p->from, &s->sources[k], why, sizeof why);
      else if (p->render_into) {
        snprintf(why, sizeof why, "this media renders no scene");
        err = SP_ERR_IO;
      } else if (p->warp.n == 0)
        err = media->source(media, p->path, R->g->sample_rate, p->from, &s->sources[k], why,
                            sizeof why);
      else if (media->stretched)
        err = media->stretched(media, p->path, R->g->sample_rate, &p->warp, &s->sources[k], why,
                               sizeof why);
      else {
        snprintf(why, sizeof why, "this media stretches no audio");
        err = SP_ERR_IO;
      }
      if (err != SP_OK) {
        R->task_why[idx] = sp_xasprintf("'%s': %s", p->path, why);
        R->task_key[idx] = p->key;
        return SP_ERR_IO;
      }
    }
    size_t m = (size_t)(end - start), off = (size_t)(start - t0);
    sp_source *source = s->sources[k];
    if (source->ops->read(source, k == direct ? out : w->region, m, why, sizeof why) != SP_OK) {
      R->task_why[idx] = sp_xasprintf("'%s' %s", source->name, why);
      R->task_key[idx] = p->key;
      return SP_ERR_IO;
    }
    int64_t pos0 = start - p->at;
    bool fades = pos0 < p->fade_in || end - p->at > p->length - p->fade_out || p->gain != 1.0f ||
                 p->n_env > 0;
    for (int c = 0; c < n->src_channels && k != direct; c++) {
      const float *src = w->region[p->pick >= 0 ? p->pick : p->channels > 1 ? c : 0];
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
      if (err != SP_OK) {
        R->task_why[idx] = sp_xasprintf("'%s' %s", source->name, why);
        R->task_key[idx] = p->key;
      }
      source->ops->close(source);
      s->sources[k] = NULL;
      if (err != SP_OK)
        return err;
    }
  }
  return SP_OK;
}
