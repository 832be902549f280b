/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_EVENTS_H
#define SP_EVENTS_H

/* Timed MIDI messages on the timeline: what an instrument plays. A track's
 * MIDI regions become one schedule when the graph is built (core/graph/
 * sources.c: each region's events placed at its frames, its held notes
 * closed at its end); an instrument (core/procs/proc.h, SP_PROC_INSTRUMENT)
 * reads the messages of the frames each run covers and hands each to its
 * synthesizer at its own frame inside the run, so what it plays does not
 * depend on how the render cuts the timeline into blocks.
 *
 * Plain data: frames on the timeline at the session rate, messages of one
 * to three bytes (a channel voice or mode message, status first). */

#include <stddef.h>
#include <stdint.h>

typedef struct sp_event {
  int64_t frame;  /* on the timeline */
  uint8_t size;   /* 1 to 3 */
  uint8_t msg[3]; /* status byte first */
} sp_event;

typedef struct sp_events {
  sp_event *v; /* sorted by frame; at one frame, in the order they are played */
  size_t n;
} sp_events;

/* The index of the first event at or after frame t (n when none). */
size_t sp_events_from(const sp_events *e, int64_t t);

void sp_events_free(sp_events *e);

#endif
