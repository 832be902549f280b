/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A moving mute, declicked as Ardour declicks one (core/render/mute.h).
 *
 * Ardour mutes a route at its delivery: the delivery's gain goes to its
 * target (0 muted, 1 not) through Amp::apply_gain (core/dsp/declick.h);
 * a moving polarity is the same with targets 1 and -1. */

#include "core/render/mute.h"

#include "core/base/alloc.h"
#include "core/base/units.h"

#include <stdint.h>
#include <stdlib.h>

/* The target of point value v: a mute's gain (c < 0), or channel c's
 * polarity. */
static float target_of(double v, int c)
{
  if (c < 0)
    return v != 0 ? 0.0f : 1.0f;
  return ((uint32_t)v >> c & 1u) ? -1.0f : 1.0f;
}

/* The gains stepping to the targets of steps' points (target_of, ch), each
 * from its frame, declicked. */
static void init_steps(render_mute *m, const sp_auto *steps, int ch, double rate)
{
  int64_t *at = sp_xcalloc(steps->n ? steps->n : 1, sizeof *at);
  float *target = sp_xcalloc(steps->n ? steps->n : 1, sizeof *target);
  for (size_t i = 0; i < steps->n; i++) {
    at[i] = sp_time_frames(steps->points[i].t, rate);
    target[i] = target_of(steps->points[i].v, ch);
  }
  sp_declick_init(m, at, target, steps->n, rate);
  free(at);
  free(target);
}

void render_mute_init(render_mute *m, const sp_auto *mutes, double rate)
{
  init_steps(m, mutes, -1, rate);
}

void render_flip_init(render_mute *m, const sp_auto *inverts, int c, double rate)
{
  init_steps(m, inverts, c, rate);
}

void render_mute_fini(render_mute *m) { sp_declick_fini(m); }

void render_mute_fill(const render_mute *m, int64_t t0, size_t n, float *out)
{
  sp_declick_fill(m, t0, n, out);
}
