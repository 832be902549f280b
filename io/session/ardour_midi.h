/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_ARDOUR_MIDI_H
#define SP_SESSION_ARDOUR_MIDI_H

/* What Ardour 7.3 plays of a MIDI track, for the session reader
 * (io/session/ardour.c): each region's events at the frames Ardour sends
 * them to the instrument, worked out as libardour and libevoral do it.
 *
 *   source (.mid) ──► its model ──► each region's read ──► the playlist
 *   SMFSource::load_model   MidiSource::midi_read   MidiPlaylist::render
 *
 * The model (SMFSource::load_model, Evoral::Sequence::append): every
 * track's channel events at their beat ticks (1920 a quarter note, the
 * file's ticks scaled down, truncated: Beats::ticks_at_rate; the file's
 * tempo map is not read), sorted by time; notes as note-on/note-off pairs
 * (a note-off, or a note-on of velocity 0, ends the earliest sounding note
 * of its key; one left sounding ends at the last event, else is dropped;
 * its off velocity is the note-off's, 64 for one ended so); a program
 * change as a patch change sent as bank select MSB, LSB (the channel's
 * last bank selects, 0 before any) and the program; other controllers,
 * pitch bend and pressure as control lists (one value a time, the last
 * written; a value equal to the two before it moves the last instead);
 * SysEx is counted and left out.
 *
 * A region's read (MidiSource::midi_read through Sequence's iterator):
 * from its start in its source, events in time order, at one time the
 * ending notes first, then controllers, patch changes, starting notes;
 * each at the timeline's beat time source start + its time, up to the
 * region's end; an event's frame is its beat time through the session's
 * tempo map, rounded down. Notes left on are turned off where the region
 * ends (MidiNoteTracker::resolve_notes: channel by channel, key by key,
 * velocity 0). Nothing before a region's start is sent at its start.
 * A controller, bend or pressure list Ardour ramps sends the values
 * between its points as ControlList's linear search finds them: each
 * search from where the list's search cache was left, the line stepped in
 * superclocks through the tempo map from the timeline's start, a value 8
 * ticks after the last at the earliest (ardour_midi.c says each step).
 *
 * The playlist (MidiPlaylist::render): muted regions left out; one region
 * as read; several, all transparent above the bottom one, each read and
 * their events sorted by frame, and at one frame on one channel
 * controllers, programs, note-offs, note-ons, pressure, bend
 * (EventsSortByTimeAndType); else the top one as read, and each below it
 * where no opaque region above covers its events, and where each opaque
 * region above starts, what the regions below it left set
 * (MidiStateTracker::resolve_state): a volume, pan, balance, modulation,
 * breath, sustain, portamento, sostenuto, soft pedal or legato value reset
 * to its default unless that region sets it there, a bend centred unless
 * it bends there. */

#include "core/media/midi.h"
#include "io/session/ardour_time.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A source as Ardour's model of it holds it. */
typedef struct sp_ardour_model sp_ardour_model;

/* The model of f (a parsed Standard MIDI File); NULL when f's time base is
 * SMPTE (Ardour reads a file's ticks as quarter-note ticks). Free with
 * sp_ardour_model_free (NULL is fine). */
sp_ardour_model *sp_ardour_model_new(const sp_midi_file *f);
void sp_ardour_model_free(sp_ardour_model *m);
/* SysEx messages of the source, which are left out. */
size_t sp_ardour_model_sysex(const sp_ardour_model *m);

/* A region of a MIDI playlist, its times as midi_read takes them. */
typedef struct sp_ardour_midi_region {
  const sp_ardour_model *model;
  int64_t source_start; /* the timeline's beat ticks at its source's start */
  int64_t start;        /* where it starts in its source, beat ticks */
  int64_t first;        /* the earliest timeline beat time it plays, ticks */
  int64_t end;          /* the timeline beat time it stops before, ticks */
  int64_t at_frame;     /* its position's frame */
  int64_t end_frame;    /* where it turns off the notes it left on */
  /* where it lies, as Region::covers reads it: from pos to last (its end
   * less one tick or superclock), both in ticks, or in superclocks when
   * audio_time (a region placed in audio time) */
  bool audio_time;
  int64_t pos, last;
  bool opaque;
} sp_ardour_midi_region;

/* One event sent to the instrument. */
typedef struct sp_ardour_midi_event {
  int64_t frame;
  uint8_t msg[3];
  uint8_t size;
  /* a note-off for a note the region left on (a recipe's MIDI region
   * sends it itself where it ends) */
  bool resolve;
} sp_ardour_midi_event;

/* What a track's playlist plays of one region. */
typedef struct sp_ardour_midi_part {
  sp_ardour_midi_event *ev; /* by frame, at one frame in the order Ardour sends them */
  size_t n, cap;
  /* where the notes it leaves on are turned off: its end, or (opaque
   * regions) where the next region starts; hangs: never (a region under
   * an opaque one, not covered at its end, whose note-offs there Ardour
   * drops, and no opaque region above starts later to end them) */
  int64_t resolve_frame;
  bool hangs;
} sp_ardour_midi_part;

/* Plays the n regions rg, in Ardour's layer order, the bottom first
 * (Playlist::relayer, RegionSortByLayer: the caller orders them), through
 * map at rate into parts[n] (zeroed by the caller; free with
 * sp_ardour_midi_parts_free). Regions that overlap, some opaque, play as
 * Ardour plays them: each region's events where no opaque region above
 * covers them, and where each opaque region above starts the state the
 * ones below left resolved. */
void sp_ardour_midi_play(const sp_ardour_midi_region *rg, size_t n, const sp_tempo_map *map,
                         int64_t rate, sp_ardour_midi_part *parts);
void sp_ardour_midi_parts_free(sp_ardour_midi_part *parts, size_t n);

#endif
