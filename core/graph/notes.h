/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_NOTES_H
#define SP_GRAPH_NOTES_H

/* An instrument track's MIDI regions: each region's file read through the
 * graph's media, the part it picks (`track:`, `channel:`), its place on
 * the timeline, and the track's schedule of events that its instrument
 * plays (sp_node.events, core/dsp/events.h). */

#include "core/graph/builder.h"

/* Plan the MIDI regions of track t into n (its regions and its events). */
void graph_plan_notes(builder *b, sp_node *n, const sp_track *t);
/* Free the MIDI files the build read (b->midi). */
void graph_notes_fini(builder *b);

#endif
