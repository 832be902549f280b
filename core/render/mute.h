/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_MUTE_H
#define SP_RENDER_MUTE_H

/* A strip's moving mute (`mute: [[0, false], [2 s, true]]`) as Ardour's
 * delivery plays a mute (core/render/mute.c): a gain whose target is 0
 * from each muting point's frame and 1 from each unmuting one's, declicked
 * as Ardour's Amp::apply_gain declicks it. A moving polarity is the same
 * gain with targets 1 and -1. */

#include "core/dsp/automation.h"
#include "core/dsp/declick.h"

#include <stddef.h>
#include <stdint.h>

typedef sp_declick render_mute;

/* The gains of mutes (points of value 1, muted, or 0) at rate; an empty
 * one (n 0) for no points. Free with render_mute_fini. */
void render_mute_init(render_mute *m, const sp_auto *mutes, double rate);
/* The same for a moving polarity (`invert: [[0, false], [2 s, true]]`) on
 * channel c: each point's value the mask of inverted channels, the gain's
 * target -1 where bit c is set, else 1, declicked as Ardour's polarity
 * processor declicks it (the same Amp::apply_gain). */
void render_flip_init(render_mute *m, const sp_auto *inverts, int c, double rate);
void render_mute_fini(render_mute *m);
/* The gains of timeline frames t0 .. t0 + n − 1 into out. */
void render_mute_fill(const render_mute *m, int64_t t0, size_t n, float *out);

#endif
