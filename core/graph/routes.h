/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_ROUTES_H
#define SP_GRAPH_ROUTES_H

/* How each main output and send carries its source's channels into its
 * destination's (core/graph/routes.c):
 *
 *   mono or stereo into stereo, placed by `pan`   the pan laws (no matrix)
 *   into anything else, or placed by a position,  a matrix of gains,
 *     named channels or with an LFE feed            destination × source:
 *       a position (pan: {azimuth, ...}, or a plain pan read as an
 *         azimuth across the front pair): VBAP (core/dsp/vbap.h), a
 *         stereo source's channels at ±30° × width around it
 *       `channels: [C]`: straight into the channels so named
 *       a layout into the same layout: channel to channel
 *       a layout into another: its `fold:` (core/dsp/fold.h), required
 *       `lfe:` a row into the destination's LFE: the channels' sum
 *
 * A position that moves (an azimuth or elevation with breakpoints) leaves
 * the matrix to the renderer, at each control period. */

#include "core/graph/builder.h"

/* Plan every main and send edge's matrix (after the inserts are probed:
 * each node's channels and layout are known). */
void graph_plan_routes(builder *b);

#endif
