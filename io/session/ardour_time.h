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
#include "core/dsp/tempo_map.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

/* The map and its points are core's (core/dsp/tempo_map.h: beat times to
 * superclock and back, sp_tempo_map_superclock_at, sp_tempo_map_beats_at),
 * which an automation list held in beats is read through too. */

/* The session's <TempoMap> (NULL: none) into m: its superclocks-per-second,
 * its Tempos and the tempos of its MusicTimes (BBT markers). A malformed
 * point is an error in d at its line (file names the session); m is then
 * left as read so far. */
sp_err sp_ardour_map_read(sp_tempo_map *m, const xmlNode *tempo_map, const char *file, sp_diags *d);
void sp_ardour_map_free(sp_tempo_map *m);

/* The frame a superclock time falls in at rate (Ardour's
 * superclock_to_samples: rounded down). */
int64_t sp_ardour_frame_of(const sp_tempo_map *m, int64_t sc, int64_t rate);

/* The superclock a frame starts at, at rate (samples_to_superclock:
 * rounded to nearest). */
int64_t sp_ardour_superclock_of_frame(const sp_tempo_map *m, int64_t frame, int64_t rate);

#endif
