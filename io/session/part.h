/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_PART_H
#define SP_SESSION_PART_H

/* An instrument track's part as a session states it, in frames: MIDI
 * messages at frames of the session's timeline, in the order a session
 * reader plays them, and written as a Standard MIDI File whose ticks are
 * those frames (docs/sessions.md, Instrument tracks).
 *
 * A session names no order among messages at one time (a DAWproject's
 * notes and its controller points are apart), so a part orders them the
 * one way it can be read back: at a frame, controllers (and programs,
 * pitch bend, pressure) first, then the ends of notes that began before,
 * then the starts of notes, then the ends of notes that began at that
 * frame; in each, in the order the session gives them. `stemprint export`
 * reads back what it writes in this order and names a track whose events
 * it would reorder as a loss. */

#include "core/media/midi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_part_class {
  SP_PART_CONTROL,  /* controllers, programs, pitch bend, pressure */
  SP_PART_OFF,      /* the end of a note that began at an earlier frame */
  SP_PART_ON,       /* the start of a note */
  SP_PART_OFF_SAME, /* the end of a note that began at this frame */
} sp_part_class;

typedef struct sp_part_event {
  int64_t frame;
  sp_part_class cls;
  size_t seq;     /* the order it was added in */
  bool at_end;    /* a note's end that its clip's end placed (sp_part_note) */
  uint8_t size;   /* 2 or 3 */
  uint8_t msg[3]; /* a channel message, status first */
} sp_part_event;

typedef struct sp_part {
  sp_part_event *v;
  size_t n, cap, seq;
} sp_part;

/* Frees the events (p stays usable, empty). */
void sp_part_fini(sp_part *p);

/* A controller, program, pitch bend or pressure message at frame. */
void sp_part_control(sp_part *p, int64_t frame, const uint8_t *msg, uint8_t size);

/* A note of channel (0..15) and key (0..127) from frame on to frame off
 * (off >= on), its velocities 1..127 and 0..127: a note-on and a note-off
 * (8n key rel). at_end: off is where its clip ends (an importer's region
 * may end it there itself). */
void sp_part_note(sp_part *p, int64_t on, int64_t off, int channel, int key, int vel, int rel,
                  bool at_end);

/* The channel message of status (its high nibble: 0xA0 .. 0xE0) on
 * channel with number num (a controller's, a key's; unused by the others)
 * and value q (a bend's 14 bits), into msg; its size (2 or 3). */
uint8_t sp_part_message(int status, int channel, int num, int q, uint8_t msg[3]);
/* The value q of such a message (the inverse). */
int sp_part_message_value(const uint8_t *msg);

/* Sort the events into the order they play (above). */
void sp_part_sort(sp_part *p);

/* The sorted part p as a format 0 MIDI file of one track named name
 * (NULL: none) on clock, ending at frame end (at least its last event),
 * finished (sp_midi_file_finish). Its events' times, read back and
 * rounded to rate's frames, are their frames. Free it with
 * sp_midi_file_free. */
sp_midi_file *sp_part_midi(const sp_part *p, double rate, const char *name, int64_t end);

#endif
