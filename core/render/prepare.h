/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_PREPARE_H
#define SP_RENDER_PREPARE_H

/* A pass's state (core/render/prepare.c): every node's, edge's and
 * thread's buffers and processors, the stages and tasks of the pipeline,
 * allocated once before the first block. */

#include "core/render/renderer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

sp_err render_prepare(renderer *R);
void render_release(renderer *R);
size_t sp_render_buffer_bytes(const sp_graph *g, size_t block_frames);

#endif
