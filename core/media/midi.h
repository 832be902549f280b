/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_MIDI_H
#define SP_MIDI_H

/* A MIDI file as the engine holds it: its channel messages on one
 * timeline, its tempo map and its time signatures. The engine opens no
 * file; io/midi reads and writes Standard MIDI Files into and out of this
 * model (sp_smf_parse, sp_smf_write), and an importer may build one with
 * the functions below (sp_midi_file_new ... sp_midi_file_finish).
 *
 * Time: every event carries its tick (the file's own unit, counted from
 * its start) and its time in seconds, through the tempo map. With a
 * metrical time base (ticks_per_quarter), a quarter note lasts the tempo
 * in force, 500000 µs (120 bpm) before the first tempo change or without
 * any, as the SMF specification says; with an SMPTE time base
 * (smpte_fps), a tick is 1 / (fps × ticks_per_frame) s and the tempo map
 * only describes the music. Channels are 0..15 here (what a player calls
 * channel 1 is 0), tracks 0.. in the order of the file's MTrk chunks. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The latest tick a file may hold: 2^40, 77 days at the finest time base
 * (32767 ticks a quarter note) at 300 bpm. The reader refuses a file that
 * goes past it and the writer a model, so that ticks never overflow and a
 * gap is written in a bounded number of delta-times. */
#define SP_MIDI_MAX_TICKS ((int64_t)1 << 40)

/* One channel voice or mode message: note off/on, poly pressure, a
 * controller (sustain 64, volume 7, pan 10, expression 11, modulation 1,
 * all notes off 123, bank select 0/32, ...), a program change, channel
 * pressure, pitch bend. A note-on of velocity 0 is kept as written (0x9n
 * .. 00); sp_midi_is_note_off says it ends a note, as the specification
 * means it to. */
typedef struct sp_midi_event {
  double seconds; /* from the file's start, through the tempo map */
  int64_t tick;   /* from the file's start */
  uint16_t track; /* the MTrk chunk it came from, 0-based */
  uint8_t size;   /* bytes of msg: 3, or 2 for a program change or channel pressure */
  uint8_t msg[3]; /* status byte (0x80..0xEF; running status resolved), then data (0..127) */
} sp_midi_event;

/* A tempo change (meta event FF 51): from tick on, a quarter note lasts
 * us_per_quarter microseconds (1 .. 16777215). */
typedef struct sp_midi_tempo {
  int64_t tick;
  double seconds;
  uint32_t us_per_quarter;
} sp_midi_tempo;

/* A time signature (meta event FF 58), as written: numerator /
 * 2^denominator_log2 (6/8: 6, 3), MIDI clocks per metronome click, and
 * 32nd notes per MIDI quarter note (normally 8). */
typedef struct sp_midi_meter {
  int64_t tick;
  double seconds;
  uint8_t numerator;        /* 1..255 */
  uint8_t denominator_log2; /* 0..7: a whole note .. a 128th */
  uint8_t clocks_per_click;
  uint8_t n32_per_quarter;
} sp_midi_meter;

typedef struct sp_midi_file {
  int format; /* 0 (one track) or 1 (tracks played together) */
  /* The time base (the header's division): ticks_per_quarter (1..32767),
   * or else, with smpte_fps set, ticks_per_frame (1..255) in each frame of
   * smpte_fps frames a second: 24, 25, 29 (29.97 drop-frame: 30000/1001
   * frames a second) or 30. */
  int ticks_per_quarter; /* 0 with an SMPTE time base */
  int smpte_fps;         /* 0 with a metrical time base */
  int ticks_per_frame;   /* 0 with a metrical time base */

  size_t n_tracks;
  /* [n_tracks]: each track's first name (FF 03), its bytes as written up
   * to any NUL (often Latin-1, maybe control characters: escape them to
   * print); NULL where none */
  char **track_names;

  /* Every channel message of every track, by tick; events of one tick in
   * track order, then in the order the track has them. */
  sp_midi_event *events;
  size_t n_events;
  /* Tempo changes and time signatures of every track, by tick (the same
   * order at a tick). A file may have none. */
  sp_midi_tempo *tempos;
  size_t n_tempos;
  sp_midi_meter *meters;
  size_t n_meters;

  /* Where the file ends: its latest End of Track (FF 2F), or its last
   * event where a track has none. */
  int64_t end_tick;
  double end_seconds;

  /* SysEx messages (an F0 packet and the F7 packets that continue it: one)
   * read and left out: the model holds none */
  size_t n_sysex_skipped;
  /* escapes (an F7 packet outside a SysEx message: any bytes) left out,
   * and of them those that send a channel message (a status 80..EF first:
   * a note, a controller ...), which a file writes as events of its own */
  size_t n_escapes_skipped, n_escaped_channel;
  /* time signatures of no meter (a numerator of 0, a denominator past
   * 2^7) left out: they change no time */
  size_t n_meters_skipped;
  /* MTrk chunks after the tracks the header counts, not read */
  size_t n_tracks_uncounted;
  /* the MIDI ports its tracks name (port prefix, FF 21: each port a device
   * of 16 channels of its own), bit p for port p < 32; the model holds one
   * set of 16 channels, every port's messages on it */
  uint32_t ports;

  /* the arrays' capacities (sp_midi_add_*) */
  size_t cap_events, cap_tempos, cap_meters;
} sp_midi_file;

/* ---- building a file --------------------------------------------------- */

/* An empty file of the given format with n_tracks unnamed tracks and a
 * metrical time base of ticks_per_quarter ticks (set smpte_fps and
 * ticks_per_frame, and ticks_per_quarter to 0, for an SMPTE one). Free
 * with sp_midi_file_free. Nothing is checked here: sp_smf_write refuses
 * what a MIDI file cannot hold. */
sp_midi_file *sp_midi_file_new(int format, int ticks_per_quarter, size_t n_tracks);
/* Frees f, its names and its arrays; NULL is fine. */
void sp_midi_file_free(sp_midi_file *f);

/* Add a channel message of size bytes (2 or 3; the status byte first) at
 * tick of track; in any order (sp_midi_file_finish sorts). */
void sp_midi_add_event(sp_midi_file *f, int64_t tick, uint16_t track, const uint8_t *msg,
                       uint8_t size);
void sp_midi_add_tempo(sp_midi_file *f, int64_t tick, uint32_t us_per_quarter);
void sp_midi_add_meter(sp_midi_file *f, int64_t tick, uint8_t numerator, uint8_t denominator_log2,
                       uint8_t clocks_per_click, uint8_t n32_per_quarter);
/* Name track (< n_tracks; a copy of name, NULL for none), replacing its
 * name. */
void sp_midi_set_track_name(sp_midi_file *f, size_t track, const char *name);

/* Sort the events, tempos and meters by tick (stable: events of a tick by
 * track, then in the order they were added) and set every seconds field,
 * end_seconds included, from the ticks through the tempo map; end_tick is
 * raised to the last event's tick when it is earlier. Call it after
 * adding, before reading the file's times. */
void sp_midi_file_finish(sp_midi_file *f);

/* ---- time --------------------------------------------------------------- */

/* Seconds from the file's start to tick (which may lie past the end; a
 * tick before the first tempo change, negative ones too, is at 500000 µs
 * a quarter), through the tempo map:
 * the sum over the tempo map's spans of ticks × us_per_quarter / (1e6 ×
 * ticks_per_quarter), each span's product exact (below 2^53) and divided
 * once. Costs a binary search of the tempos. */
double sp_midi_seconds_of_tick(const sp_midi_file *f, int64_t tick);
/* The inverse: the (fractional) tick at seconds; round it as you need. */
double sp_midi_ticks_of_seconds(const sp_midi_file *f, double seconds);

/* ---- messages ----------------------------------------------------------- */

/* The channel of a message (0..15). */
static inline int sp_midi_channel(const sp_midi_event *e) { return e->msg[0] & 0x0F; }
/* A note-on of velocity above 0. */
bool sp_midi_is_note_on(const sp_midi_event *e);
/* A note-off, or a note-on of velocity 0. */
bool sp_midi_is_note_off(const sp_midi_event *e);

/* ---- picking part of a file --------------------------------------------- */

/* What a region of an instrument track plays of a file: the events of one
 * track and/or one channel. */
typedef struct sp_midi_pick {
  long track;  /* 0-based, or -1 for every track */
  int channel; /* 0..15, or -1 for every channel */
} sp_midi_pick;

/* Whether e is picked. */
bool sp_midi_picks(sp_midi_pick pick, const sp_midi_event *e);
/* The channels (bit c for channel c) with a note-on (velocity above 0) in
 * the picked events; 0: the pick plays no note. */
uint16_t sp_midi_note_channels(const sp_midi_file *f, sp_midi_pick pick);
/* How many tracks are named name (exactly, bytes compared), and the first
 * of them into *first (left alone when none). */
size_t sp_midi_tracks_named(const sp_midi_file *f, const char *name, size_t *first);

#endif
