/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_OUTPUTS_H
#define SP_RENDER_OUTPUTS_H

/* The outputs of a pass (core/render/outputs.c): each file's sink,
 * quantizer and meter; a block of the mix (Σ stems in double, lane order),
 * a stem or a printed bus aligned, quantized, metered and written. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every output of the plan gets its buffers; those this pass writes get a
 * writer (a temporary file), a quantizer and a meter. */
sp_err render_open_outputs(renderer *R, int64_t frames, bool files);
/* Output o's share of a block: its samples (the sum of its lanes at master,
 * in double in lane order, rounded once; or a printed bus's capture),
 * aligned with the others, checked, written. */
sp_err render_output_block(renderer *R, scratch *w, size_t o, int64_t k, int64_t t0, size_t frames);
/* measure_only: add this block's frames of master's lanes to the sums. */
void render_measure_block(renderer *R, scratch *w, int64_t k, int64_t t0, size_t frames);
sp_err render_finish_outputs(renderer *R);
const output *render_output_of(const renderer *R, sp_out_kind kind, int index);

#endif
