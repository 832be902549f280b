/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_GAINS_H
#define SP_RENDER_GAINS_H

/* Fader, send-level and pan gains, as a render applies them
 * (core/render/gains.c): what an edge or a node's own output multiplies
 * by, constant or per sample when automated. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an edge (or master's output, edge NULL) multiplies by: fader unless
 * it is a pre-fader send, level for a send, and the pan gains. */
typedef struct gains {
  const sp_auto *fader, *level, *pan;
  int channels; /* of the source: mono pans by the law, stereo by balance or width */
  bool has_width;
  double width;
  const sp_auto *widths; /* a moving width (has_width), or NULL */
  double sign;           /* -1: a send's polarity inverted (`invert: true`), else 1 */
} gains;

/* A bus's or master's own gains at frames t .. t + frames − 1, × extra:
 * per sample in the scratch's coef when varying, else in coef. */
typedef struct own_gains {
  bool varying, cross;
  bool scalar; /* not a stereo pair: coef[0] (or w->coef[0]) on every channel */
  float coef[4];
} own_gains;

gains render_gains_of(const sp_node *src, const sp_edge *e);
bool render_gains_vary(const gains *k);
/* Whether the gains feed a channel to the other side at some time. */
bool render_gains_cross(const gains *k);
void render_gains_constant(const renderer *R, const gains *k, float coef[4]);
/* Per-sample gains for timeline frames t .. t + n − 1 into w->coef (the
 * cross gains too when gains_cross). */
void render_gains_fill(renderer *R, scratch *w, const gains *k, int64_t t, size_t n);
own_gains render_own_gains_at(renderer *R, scratch *w, const gains *k, int64_t t, float extra,
                              size_t frames);
/* A signal of `channels` x × its own gains o (found by own_gains_at into
 * w), in place; with a stereo panner's cross gains each side takes both
 * channels. */
void render_apply_gains(const scratch *w, const own_gains *o, float *const *x, int channels,
                        size_t frames);
/* The fader × the send's level, constant (a matrix route's scale). */
float render_gains_scale(const gains *k);
/* The same per sample, for timeline frames t .. t + n − 1, into out. */
void render_gains_scale_fill(renderer *R, scratch *w, const gains *k, int64_t t, size_t n,
                             float *out);

#endif
