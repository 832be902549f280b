/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ROUTEMAP_H
#define SP_ROUTEMAP_H

/* The route map of a built graph, for people and for programs:
 *
 *   text  an indented tree, master ← buses ← tracks, each line with its
 *         inserts (latency), fader and stems; sends (→, tap, level) and keys
 *         (⇠, tap) under their source; then the stems and what they hold
 *   dot   Graphviz: main outputs solid, sends dashed, keys dotted, tracks
 *         grouped by stem (split: sources)
 *   json  nodes and edges with a stable schema (docs/graph.md)
 *
 * Everything comes from the graph (never from the YAML), so the map shows
 * what will be rendered: latencies as planned, solo and mute applied. */

#include "core/graph/graph.h"
#include "io/report/report.h"

#include <stdio.h>

void sp_routemap_text(const sp_graph *g, FILE *f);
void sp_routemap_dot(const sp_graph *g, FILE *f);
sp_json *sp_routemap_json(const sp_graph *g);

#endif
