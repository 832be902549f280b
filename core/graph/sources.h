/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_SOURCES_H
#define SP_GRAPH_SOURCES_H

/* A graph build's sources: every track's regions planned in session
 * frames (core/graph/graph.h: sp_region_plan). */

#include "core/graph/builder.h"

/* Plan every region of every track: its file probed (readable, at most
 * two channels, the region inside it), its place, fades and gain. */
void graph_plan_sources(builder *b);

#endif
