/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_INSERTS_H
#define SP_GRAPH_INSERTS_H

/* A graph build's inserts (core/graph/inserts.c): their resources loaded
 * through the graph's media, their latency and tails as data, and the
 * delays that keep every path to an output sample-aligned. */

#include "core/graph/builder.h"

/* Prepare every insert once: what only a processor can check (a frequency
 * above Nyquist, an unreadable IR) is reported now, before anything
 * renders, and each insert's latency and tail become data for the planner. */
void graph_probe_inserts(builder *b);
/* Walk the schedule once: a node's input latency is the largest among its
 * inputs (keys: less the latency of the inserts before the keyed one), its
 * output adds its inserts'; every input arriving earlier gets a delay. */
void graph_plan_latency(sp_graph *g);
/* The tails along every path, and the render's tail (`tail: auto`). */
void graph_plan_tail(builder *b);
/* Free what graph_probe_inserts loaded for n. */
void graph_free_resources(sp_node *n);

#endif
