/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_TEMPO_MAP_H
#define SP_TEMPO_MAP_H

/* Ardour 7's tempo map: beat times (ticks, 1920 a quarter note) and
 * superclock times (282,240,000 a second) each to the other, as Ardour 7.3's
 * libtemporal computes them (tempo.cc: TempoPoint::superclock_at,
 * quarters_at_superclock), each step rounded as it rounds it. The session
 * reader places regions with it (io/session/ardour_time.h); an automation
 * list Ardour holds in beats is read through it (core/dsp/automation.h,
 * `tempo:`).
 *
 *   a tempo point  at sclock (superclock) and quarters (beat ticks), scpqn
 *                  superclocks a quarter note:
 *     constant     sc(q) = sclock + scpqn·⌊Δ/1920⌋ + round(scpqn·(Δ mod 1920) / 1920)
 *     ramped       sc(q) = sclock + rint(log1p(scpqn·ω·Δ/1920) / ω)
 *                  with Δ = q − quarters, ω the point's omega (Ardour
 *                  writes it; 0 or equal start and end tempos: constant)
 *   a time is read through the last point at or before it (the first
 *   when it is before them all). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ardour 7's superclock ticks a second, unless its TempoMap says others. */
#define SP_TEMPO_SUPERCLOCK 282240000
/* Beat ticks a quarter note. */
#define SP_TEMPO_BEAT_TICKS 1920
/* A tempo's note types a second are counted in units of 1/this
 * (Temporal's superbeats, Tempo::big_numerator). */
#define SP_TEMPO_SUPERBEATS INT64_C(508032000)

typedef struct sp_tempo_point {
  int64_t sclock;   /* where it starts on the timeline, superclock */
  int64_t quarters; /* where it starts in beats, ticks */
  int64_t scpqn;    /* superclocks a quarter note at its start */
  int64_t snps;     /* its note types a second × SP_TEMPO_SUPERBEATS */
  int note_type;    /* the note it counts (4: a quarter note) */
  double npm;       /* its note types a minute, as written */
  double omega;     /* its ramp; used when ramped */
  bool ramped;      /* its start and end tempos differ and omega is not 0 */
} sp_tempo_point;

/* The most points a recipe's tempo map holds (`tempo:`). */
#define SP_TEMPO_MAP_MAX 10000

typedef struct sp_tempo_map {
  int64_t scps;      /* superclock ticks a second */
  sp_tempo_point *t; /* owned */
  size_t n;          /* in beat order; 0: no tempo, beat times cannot be read */
} sp_tempo_map;

/* A tempo point of npm note types (of note_type, 4 a quarter note) a
 * minute from sclock and quarters, ramped by omega when ramped, as Ardour
 * makes it from what it saves (Tempo::double_npm_to_scpn, _to_snps). */
sp_tempo_point sp_tempo_point_make(int64_t sclock, int64_t quarters, double npm, int note_type,
                                   double omega, bool ramped, int64_t scps);

/* A map of one tempo from the start, bpm quarter notes a minute (a
 * recipe's `tempo: 97`), on the heap; sp_tempo_map_free frees it. */
sp_tempo_map *sp_tempo_map_constant(double bpm);
/* A copy of m on the heap (NULL for NULL); sp_tempo_map_free frees it. */
sp_tempo_map *sp_tempo_map_dup(const sp_tempo_map *m);
void sp_tempo_map_free(sp_tempo_map *m);

/* The superclock of the beat time ticks (≥ 0). False when m has no tempo
 * or the time is past where a slowing ramp's formula holds. */
bool sp_tempo_map_superclock_at(const sp_tempo_map *m, int64_t ticks, int64_t *sc);

/* The beat time, in ticks, of the superclock sc (≥ 0): a constant tempo
 * through its note types a second in units of 1/SP_TEMPO_SUPERBEATS,
 * rounded twice, a ramp by its exponential rounded to a tick. False when m
 * has no tempo or the result overflows. Cost: a walk of the points before
 * sc. */
bool sp_tempo_map_beats_at(const sp_tempo_map *m, int64_t sc, int64_t *ticks);

#endif
