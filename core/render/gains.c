/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fader, send-level and pan gains (core/render/gains.h). */

#include "core/render/gains.h"

#include "core/base/alloc.h"
#include "core/graph/pan.h"
#include "core/dsp/automation.h"
#include "core/render/kernels.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The four gains of a pan position (edge_state's coef): a mono source by
 * the pan law; a stereo one by a balance, or with width by the stereo
 * panner (sp_pan_stereo), whose cross gains feed each channel to both
 * sides. */
static void pan_gains(const renderer *R, const gains *k, double pan, double width, double g[4])
{
  g[2] = g[3] = 0;
  if (k->channels == 1 && R->r->pan_law_quadratic)
    sp_pan_quadratic(pan, &g[0], &g[1]);
  else if (k->channels == 1)
    sp_pan_mono(pan, R->r->pan_law_db, &g[0], &g[1]);
  else if (k->has_width)
    sp_pan_stereo(pan, width, R->r->pan_law_quadratic, R->r->pan_law_db, g);
  else if (R->r->pan_law_quadratic)
    sp_pan_balance_linear(pan, &g[0], &g[1]);
  else
    sp_pan_balance(pan, &g[0], &g[1]);
}

gains render_gains_of(const sp_node *src, const sp_edge *e)
{
  gains k = {&src->strip->gain,
             NULL,
             &src->strip->pan.plain,
             e ? e->from->n : src->channels,
             src->strip->has_width,
             src->strip->width,
             src->strip->has_width && src->strip->widths.n ? &src->strip->widths : NULL,
             1.0};
  if (render_fader_in_chain(src)) /* its chain ran it */
    k.fader = NULL;
  if (e && e->kind == SP_EDGE_SEND) {
    k.level = &e->send->level;
    k.sign = e->send->invert ? -1.0 : 1.0;
    if (e->send->tap.at == SP_TAP_PRE)
      k.fader = NULL;
    if (e->send->pan.has)
      k.pan = &e->send->pan.plain;
  }
  return k;
}

bool render_gains_vary(const gains *k)
{
  return (k->fader && !sp_auto_is_constant(k->fader)) ||
         (k->level && !sp_auto_is_constant(k->level)) || !sp_auto_is_constant(k->pan) ||
         (k->widths && k->channels == 2);
}

/* Whether the gains feed a channel to the other side at some time. */
bool render_gains_cross(const gains *k) { return k->channels == 2 && k->has_width; }

void render_gains_constant(const renderer *R, const gains *k, float coef[4])
{
  double g = (k->fader ? sp_db_to_lin(k->fader->value) : 1.0) *
             (k->level ? sp_db_to_lin(k->level->value) : 1.0) * k->sign;
  double p[4];
  pan_gains(R, k, k->pan->value, k->width, p);
  for (int c = 0; c < 4; c++)
    coef[c] = (float)(g * p[c]);
}

/* Per-sample gains for timeline frames t .. t + n − 1 into w->coef (the
 * cross gains too when gains_cross). */
void render_gains_fill(renderer *R, scratch *w, const gains *k, int64_t t, size_t n)
{
  double rate = R->g->sample_rate;
  float *f = w->work[0], *lv = w->work[1], *pan = w->work[2], *wd = w->work[3];
  const int nc = render_gains_cross(k) ? 4 : 2;
  if (k->fader)
    sp_auto_fill_gain(k->fader, rate, t, n, f);
  if (k->level)
    sp_auto_fill_gain(k->level, rate, t, n, lv);
  const bool widths = k->widths && k->channels == 2;
  bool fixed = sp_auto_is_constant(k->pan) && !widths;
  double p[4];
  if (fixed) /* a fixed pan: its gains once, not a sine and cosine a sample */
    pan_gains(R, k, k->pan->value, k->width, p);
  else
    sp_auto_fill_linear(k->pan, rate, t, n, pan);
  if (widths) /* a moving width: linear, as Ardour's panner reads it a sample at a time */
    sp_auto_fill_linear(k->widths, rate, t, n, wd);
  for (size_t i = 0; i < n; i++) {
    double g = (k->fader ? f[i] : 1.0f) * (k->level ? lv[i] : 1.0f) * k->sign;
    if (!fixed)
      pan_gains(R, k, pan[i], widths ? wd[i] : k->width, p);
    for (int c = 0; c < nc; c++)
      w->coef[c][i] = (float)(g * p[c]);
  }
}

float render_gains_scale(const gains *k)
{
  return (float)((k->fader ? sp_db_to_lin(k->fader->value) : 1.0) *
                 (k->level ? sp_db_to_lin(k->level->value) : 1.0) * k->sign);
}

void render_gains_scale_fill(renderer *R, scratch *w, const gains *k, int64_t t, size_t n,
                             float *out)
{
  const double rate = R->g->sample_rate;
  float *f = w->work[0], *lv = w->work[1];
  if (k->fader)
    sp_auto_fill_gain(k->fader, rate, t, n, f);
  if (k->level)
    sp_auto_fill_gain(k->level, rate, t, n, lv);
  for (size_t i = 0; i < n; i++)
    out[i] = (float)((k->fader ? f[i] : 1.0f) * (k->level ? lv[i] : 1.0f) * k->sign);
}

own_gains render_own_gains_at(renderer *R, scratch *w, const gains *k, int64_t t, float extra,
                              size_t frames)
{
  if (k->channels != 2) { /* not a stereo pair: its fader alone, on every channel */
    own_gains o = {.varying = k->fader && !sp_auto_is_constant(k->fader), .scalar = true};
    if (o.varying) {
      render_gains_scale_fill(R, w, k, t, frames, w->coef[0]);
      if (extra != 1.0f)
        render_scale(w->coef[0], extra, frames);
    } else {
      o.coef[0] = render_gains_scale(k) * extra;
    }
    return o;
  }
  own_gains o = {.varying = render_gains_vary(k), .cross = render_gains_cross(k)};
  if (o.varying) {
    render_gains_fill(R, w, k, t, frames);
    for (int c = 0; c < (o.cross ? 4 : 2) && extra != 1.0f; c++)
      render_scale(w->coef[c], extra, frames);
  } else {
    render_gains_constant(R, k, o.coef);
    for (int c = 0; c < 4; c++)
      o.coef[c] *= extra;
  }
  return o;
}

/* A signal x × its own gains o (found by own_gains_at into w), in place;
 * with a stereo panner's cross gains each side takes both channels. */
void render_apply_gains(const scratch *w, const own_gains *o, float *const *x, int channels,
                        size_t frames)
{
  if (o->scalar) {
    for (int c = 0; c < channels; c++) {
      if (o->varying)
        for (size_t i = 0; i < frames; i++)
          x[c][i] *= w->coef[0][i];
      else
        render_scale(x[c], o->coef[0], frames);
    }
    return;
  }
  if (!o->cross) {
    for (int c = 0; c < 2; c++) {
      if (o->varying)
        for (size_t i = 0; i < frames; i++)
          x[c][i] *= w->coef[c][i];
      else
        render_scale(x[c], o->coef[c], frames);
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

bool render_mute_at(const renderer *R, int idx, unsigned pt, int64_t t, size_t frames, float *g)
{
  const sp_declick *m = &R->ns[idx].mute;
  const unsigned pts = sp_strip_mute_points(R->g->nodes[idx].strip);
  if (!m->n || pts == SP_MUTE_ALL || !(pts & pt))
    return false;
  sp_declick_fill(m, t, frames, g);
  return true;
}
