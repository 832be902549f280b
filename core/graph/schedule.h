/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_SCHEDULE_H
#define SP_GRAPH_SCHEDULE_H

/* A graph build's schedule: every node once, inputs before outputs. */

#include "core/graph/builder.h"

#include <stdbool.h>

/* Fill g->order; false (each cycle reported as `a -> b -> a`) when the
 * routing has a cycle. */
bool graph_schedule(builder *b);

#endif
