/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A track's regions for a block (core/render/renderer.h). */

#include "core/render/renderer.h"

#include "core/base/alloc.h"
#include "core/recipe/fade.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Frame i of an n-frame fade drawn as shape (ramp: ramp_i/n, 0 at the
 * region's edge); a curve's value is a float, as in Ardour's gain buffer. */
static double fade_at(sp_fade_shape shape, const sp_fade_curve *c, const float *table, int64_t i,
                      int64_t ramp_i, int64_t n)
{
  if (shape == SP_FADE_RAMP)
    return (double)ramp_i / (double)n;
  if (shape == SP_FADE_DEFAULT)
    return table[i];
  return (float)sp_fade_curve_frame(c, i, n);
}

/* The gains of region p's envelope at its frames pos0 .. pos0 + m − 1
 * (0-based within the region) into env. Read as Ardour's export reads it
 * (p->env_list): over each of the region's reads alone, as
 * AudioRegion::read_at draws it with Curve::get_vector, in float. Else
 * frame by frame: between two points linear in Ardour's fader position,
 * the first and last values holding before and after. */
static void envelope(const sp_region_plan *p, double rate, int64_t pos0, size_t m, double *env)
{
  if (p->env_list) {
    size_t r = 0;
    float g[256];
    for (size_t i = 0; i < m;) {
      const int64_t pos = pos0 + (int64_t)i;
      while (r + 1 < p->n_reads && p->reads[r + 1] <= pos)
        r++;
      const int64_t end = r + 1 < p->n_reads ? p->reads[r + 1] : p->length;
      size_t c = m - i < 256 ? m - i : 256;
      c = (int64_t)c < end - pos ? c : (size_t)(end - pos);
      sp_auto_fill_read(p->env_list, rate, p->reads[r], end - p->reads[r], pos, c, g);
      for (size_t j = 0; j < c; j++)
        env[i + j] = g[j];
      i += c;
    }
    return;
  }
  for (size_t i = 0; i < m; i++) {
    const int64_t pos = pos0 + (int64_t)i;
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
    env[i] = sp_fader_position_to_gain(at);
  }
}

static bool in_fade_in(const sp_region_plan *p, int64_t pos) { return pos < p->fade_in; }

static bool in_fade_out(const sp_region_plan *p, int64_t pos)
{
  return pos >= p->length - p->fade_out;
}

/* The fade-in's gain at frame pos (pos < p->fade_in). */
static double fade_in_at(const sp_region_plan *p, int64_t pos)
{
  return fade_at(p->fade_in_shape, &p->fade_in_curve, sp_fade_default_in, pos, pos, p->fade_in);
}

/* The fade-out's gain at frame pos (pos ≥ p->length − p->fade_out). */
static double fade_out_at(const sp_region_plan *p, int64_t pos)
{
  return fade_at(p->fade_out_shape, &p->fade_out_curve, sp_fade_default_out,
                 pos - (p->length - p->fade_out), p->length - 1 - pos, p->fade_out);
}

/* Gain of a region's fades, envelope (its gain env there) and own gain
 * at frame pos (0-based within the region). Where its fades overlap
 * (together longer than the region) the region is heard once under each,
 * their gains summed, as Ardour 7.3 plays it: AudioRegion::read_at mixes
 * the region's frames into its output under the fade-in, then again under
 * the fade-out, each over its own frames, and copies the body only where
 * neither plays. */
static float fade_gain(const sp_region_plan *p, int64_t pos, double env)
{
  double gain = p->gain * env;
  bool in = in_fade_in(p, pos), out = in_fade_out(p, pos);
  if (in && out)
    return (float)(gain * (fade_in_at(p, pos) + fade_out_at(p, pos)));
  if (in)
    gain *= fade_in_at(p, pos);
  if (out)
    gain *= fade_out_at(p, pos);
  return (float)gain;
}

/* The inverse of p's fade-in (in) or fade-out at frame pos, under it:
 * the one given, else 1 − the fade's gain. */
static float inverse_at(const sp_region_plan *p, int64_t pos, bool in)
{
  const sp_fade_curve *c = in ? &p->fade_in_inverse : &p->fade_out_inverse;
  int64_t i = in ? pos : pos - (p->length - p->fade_out);
  int64_t len = in ? p->fade_in : p->fade_out;
  if (c->n)
    return (float)sp_fade_curve_frame(c, i, len);
  return 1.0f - (float)(in ? fade_in_at(p, pos) : fade_out_at(p, pos));
}

/* Region p's frames src (from its frame pos0; env its envelope's gains
 * there, NULL: none) laid over the regions before it in dst, p being
 * opaque: under its fades what is there is faded by the fade's inverse
 * (1 − the fade's gain when it has none) and p's frames added; under its
 * body p's frames replace it. In float, as Ardour's AudioRegion::read_at
 * does it: the fade-in first, then the fade-out, so where the two overlap
 * the fade-out's inverse fades the region's frames laid under the fade-in
 * too. */
static void cover(const sp_region_plan *p, int64_t pos0, const float *src, float *dst, size_t m,
                  const double *env)
{
  for (size_t i = 0; i < m; i++) {
    int64_t pos = pos0 + (int64_t)i;
    const double e = env ? env[i] : 1.0;
    bool in = in_fade_in(p, pos), out = in_fade_out(p, pos);
    if (!in && !out) {
      dst[i] = p->gain == 1.0f && !env ? src[i] : src[i] * fade_gain(p, pos, e);
    } else if (!(in && out)) {
      float under = dst[i] * inverse_at(p, pos, in);
      dst[i] = under + src[i] * fade_gain(p, pos, e);
    } else {
      double gain = p->gain * e;
      float d = dst[i] * inverse_at(p, pos, true) + src[i] * (float)(gain * fade_in_at(p, pos));
      dst[i] = d * inverse_at(p, pos, false) + src[i] * (float)(gain * fade_out_at(p, pos));
    }
  }
}

/* ---- files side by side (`files:`) -------------------------------------------
 * One source of the channels of several, each part's channels after the
 * ones before it; each part is silent past its own end. */
typedef struct joined {
  sp_source base;
  sp_source **parts;
  size_t n;
  char *name;
} joined;

/* why of part as the joined source's: the part named. */
static sp_err part_failed(const sp_source *part, sp_err err, char *why, size_t why_size)
{
  char *said = sp_xasprintf("(its file '%s') %s", part->name, why);
  snprintf(why, why_size, "%s", said);
  free(said);
  return err;
}

static sp_err joined_read(sp_source *s, float *const *ch, size_t frames, char *why, size_t why_size)
{
  joined *j = (joined *)s;
  int c = 0;
  for (size_t i = 0; i < j->n; i++) {
    sp_source *part = j->parts[i];
    sp_err err = part->ops->read(part, ch + c, frames, why, why_size);
    if (err != SP_OK)
      return part_failed(part, err, why, why_size);
    c += part->channels;
  }
  return SP_OK;
}

static sp_err joined_unchanged(const sp_source *s, char *why, size_t why_size)
{
  const joined *j = (const joined *)s;
  for (size_t i = 0; i < j->n; i++) {
    sp_err err = j->parts[i]->ops->unchanged(j->parts[i], why, why_size);
    if (err != SP_OK)
      return part_failed(j->parts[i], err, why, why_size);
  }
  return SP_OK;
}

static void joined_close(sp_source *s)
{
  joined *j = (joined *)s;
  for (size_t i = 0; i < j->n; i++)
    if (j->parts[i])
      j->parts[i]->ops->close(j->parts[i]);
  free(j->parts);
  free(j->name);
  free(j);
}

static const sp_source_ops joined_ops = {joined_read, joined_unchanged, joined_close};

/* Region p's files (p->paths) as one source from p->from, into *out; on
 * failure *failed is the path that failed, why says why. */
static sp_err open_joined(const renderer *R, const sp_region_plan *p, sp_source **out,
                          const char **failed, char *why, size_t why_size)
{
  const sp_media *media = R->g->media;
  joined *j = sp_xcalloc(1, sizeof *j);
  j->base.ops = &joined_ops;
  j->parts = sp_xcalloc(p->n_paths, sizeof *j->parts);
  j->n = p->n_paths;
  for (size_t i = 0; i < p->n_paths; i++) {
    sp_err err =
        media->source(media, p->paths[i], R->g->sample_rate, p->from, &j->parts[i], why, why_size);
    if (err != SP_OK) {
      *failed = p->paths[i];
      joined_close(&j->base);
      return err;
    }
    const sp_source *part = j->parts[i];
    j->base.channels += part->channels;
    j->base.frames = part->frames > j->base.frames ? part->frames : j->base.frames;
    char *name = j->name ? sp_xasprintf("%s + %s", j->name, part->name) : sp_xstrdup(part->name);
    free(j->name);
    j->name = name;
  }
  j->base.name = j->name;
  *out = &j->base;
  return SP_OK;
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
          p->n_env == 0 && !p->env_list))
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
    char why[1024]; /* a reader's reason whole (an ADM BWF's name objects) */
    if (!s->sources[k]) {
      const sp_media *media = R->g->media;
      const char *failed = p->name;
      sp_err err;
      if (p->n_paths > 0)
        err = open_joined(R, p, &s->sources[k], &failed, why, sizeof why);
      else if (p->render_into && media->rendered)
        err = media->rendered(media, p->path, &p->choice, p->render_into, p->bed_only,
                              R->g->sample_rate, p->from, &s->sources[k], why, sizeof why);
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
        R->task_why[idx] = sp_xasprintf("'%s': %s", failed, why);
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
    const double *env = NULL;
    if (k != direct && (p->n_env > 0 || p->env_list)) {
      envelope(p, R->g->sample_rate, pos0, m, w->env);
      env = w->env;
    }
    bool fades =
        pos0 < p->fade_in || end - p->at > p->length - p->fade_out || p->gain != 1.0f || env;
    for (int c = 0; c < n->src_channels && k != direct; c++) {
      const float *src = w->region[p->pick >= 0 ? p->pick : p->channels > 1 ? c : 0];
      float *dst = out[c] + off;
      if (p->opaque)
        cover(p, pos0, src, dst, m, env);
      else if (fades)
        for (size_t i = 0; i < m; i++)
          dst[i] += src[i] * fade_gain(p, pos0 + (int64_t)i, env ? env[i] : 1.0);
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
