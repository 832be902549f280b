/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_OUTPUTS_H
#define SP_GRAPH_OUTPUTS_H

/* A graph build's outputs (core/graph/outputs.c): the output folder, and
 * the files a render prints into it. */

#include "core/graph/builder.h"

/* What the render writes, and where: the mix, the stems, the versions and
 * the printed buses; every file name once, none of them an input. */
void graph_plan_outputs(builder *b, const sp_graph_opts *opts);

#endif
