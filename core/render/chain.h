/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_CHAIN_H
#define SP_RENDER_CHAIN_H

/* A node's chain for a block (core/render/chain.c): trim and polarity,
 * each insert across the lanes (a linear one per lane, a linked one by a
 * gain from the sum or its key), in stages when threads share a node; and
 * the keys it feeds. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Run inserts [from, to) of n's chain on its lanes for block k, one insert
 * at a time. */
void render_run_chain(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames, size_t from,
                      size_t to);
/* Trim and polarity on lane l of node idx, for block k (a moving trim
 * where the signal entering the chain plays). */
void render_trim_lane(renderer *R, scratch *w, int idx, size_t l, int64_t k_block, int sl,
                      size_t frames);
/* Stage st of bus or master idx for block k: on one lane (the task's) or
 * on every lane; the first stage trims first, as the node's task does. */
void render_run_stage(renderer *R, scratch *w, int idx, int64_t k, size_t frames, int st,
                      size_t lane);
/* Node idx's fader in its chain, for block k (a strip with post-fader
 * inserts; render_fader_at): each lane copied to its `tap: pre` tap when
 * tapped, then × the fader where the signal at the fader plays, then
 * copied to its `tap: fader` tap when tapped. */
void render_run_fader(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames);
/* Node idx's post_inserts for block k, after render_run_fader: each lane
 * copied at each `tap: {after: j}` point tapped on the way. */
void render_run_post(renderer *R, scratch *w, int idx, int64_t k_block, size_t frames);
/* Fill the key buffers of n's key edges: Σ lanes, × fader for tap post. */
void render_feed_keys(renderer *R, scratch *w, int idx, int sl, int64_t t, size_t frames);

#endif
