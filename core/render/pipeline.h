/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_PIPELINE_H
#define SP_RENDER_PIPELINE_H

/* One pass's blocks through the pipeline (core/render/pipeline.c). */

#include "core/render/renderer.h"

/* Every block of the timeline through the pipeline, on R->threads
 * threads: the bytes are the same whatever their number. */
sp_err render_run_blocks(renderer *R);

#endif
