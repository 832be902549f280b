/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_ARDOUR_TIME_H
#define SP_SESSION_ARDOUR_TIME_H

/* Ardour 7's timeline, for the session reader (io/session/ardour.c): times in
 * superclock ticks, beat times through the session's tempo map, and the
 * frame a time falls on, each computed as Ardour 7.3's libtemporal
 * computes it (tempo.cc, TempoPoint::superclock_at; superclock.h), so a
 * region placed in beats starts on the frame Ardour plays it from.
 *
 *   a tempo point  at sclock (superclock) and quarters (beat ticks, 1920 a
 *                  quarter note), scpqn superclocks a quarter note:
 *     constant     sc(q) = sclock + scpqn·⌊Δ/1920⌋ + round(scpqn·(Δ mod 1920) / 1920)
 *     ramped       sc(q) = sclock + rint(log1p(scpqn·ω·Δ/1920) / ω)
 *                  with Δ = q − quarters, ω the point's omega (Ardour
 *                  writes it; 0 or equal start and end tempos: constant)
 *   a beat time is read through the last point at or before it. */

#include "core/base/diag.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

/* Ardour 7's superclock ticks a second, unless the TempoMap says others. */
#define SP_ARDOUR_SUPERCLOCK 282240000
/* Beat ticks a quarter note. */
#define SP_ARDOUR_TICKS 1920

typedef struct sp_ardour_tempo {
  int64_t sclock;   /* where it starts on the timeline, superclock */
  int64_t quarters; /* where it starts in beats, ticks */
  int64_t scpqn;    /* superclocks a quarter note at its start */
  int64_t snps;     /* its note types a second × 508032000 (Tempo's super_note_type_per_second) */
  int note_type;    /* the note it counts (4: a quarter note) */
  double omega;     /* its ramp; used when ramped */
  bool ramped;      /* its start and end tempos differ and omega is not 0 */
} sp_ardour_tempo;

typedef struct sp_ardour_map {
  int64_t scps; /* superclock ticks a second */
  sp_ardour_tempo *t;
  size_t n; /* in beat order; 0: no tempo, beat times cannot be read */
} sp_ardour_map;

/* The session's <TempoMap> (NULL: none) into m: its superclocks-per-second,
 * its Tempos and the tempos of its MusicTimes (BBT markers). A malformed
 * point is an error in d at its line (file names the session); m is then
 * left as read so far. */
sp_err sp_ardour_map_read(sp_ardour_map *m, const xmlNode *tempo_map, const char *file,
                          sp_diags *d);
void sp_ardour_map_free(sp_ardour_map *m);

/* The superclock of the beat time ticks (≥ 0). False when m has no tempo
 * or the time is past where a slowing ramp's formula holds. */
bool sp_ardour_superclock_at(const sp_ardour_map *m, int64_t ticks, int64_t *sc);

/* The frame a superclock time falls in at rate (Ardour's
 * superclock_to_samples: rounded down). */
int64_t sp_ardour_frame_of(const sp_ardour_map *m, int64_t sc, int64_t rate);

/* The superclock a frame starts at, at rate (samples_to_superclock:
 * rounded to nearest). */
int64_t sp_ardour_superclock_of_frame(const sp_ardour_map *m, int64_t frame, int64_t rate);

/* The beat time, in ticks, of the superclock sc (≥ 0) as Ardour 7.3
 * computes it (TempoPoint::quarters_at_superclock, through the last point
 * at or before sc): a constant tempo through its note types a second in
 * units of 1/508032000, rounded twice, a ramp by its exponential rounded
 * to a tick. False when m has no tempo or the result overflows. */
bool sp_ardour_beats_at(const sp_ardour_map *m, int64_t sc, int64_t *ticks);

#endif
