/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_NODES_H
#define SP_RENDER_NODES_H

/* A node's block (core/render/nodes.c): a bus's or master's inputs
 * gathered over the edges (each lane delayed, × fader·level·pan), the
 * node run (regions or chain, keys), a printed bus captured, peaks
 * measured, master's fader. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A bus or master takes its inputs for this block: each main and send edge
 * into it, in the order of its inputs, adds its source's lanes (slot sl),
 * delayed to line up and scaled by the edge's gains. The order is fixed, so
 * the sums are the same whatever ran first. */
void render_gather(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames);
/* Everything node idx does in a block: a track reads its regions (a bus or
 * master has gathered its inputs, a task of its own); then trim and
 * polarity, the chain, keys, peaks and prints; master applies its fader.
 * Touches only the node's own state and slot, its key edges and printed
 * outputs. */
sp_err render_process_node(renderer *R, scratch *w, int idx, int64_t k, int64_t t0, size_t frames);

#endif
