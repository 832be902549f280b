/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PROCS_INSTRUMENT_H
#define SP_PROCS_INSTRUMENT_H

/* What every instrument class shares (core/procs/proc.h,
 * SP_PROC_INSTRUMENT): hearing its tail. An instrument's tail is not a
 * property of its settings alone: a pad's release, a crash cymbal's ring,
 * a piano's pedal come from the notes it plays. So it is heard: the notes
 * the track plays (each key of each channel, at the loudest velocity the
 * track gives it, on the preset it plays it on), with each channel's
 * controllers as the track leaves them but its pedals, are held for half
 * a second and released, and the tail
 * is how long the instrument's output then stays above the print's floor
 * (until it has been below it for a window, or up to the cap). */

#include "core/dsp/events.h"
#include "core/procs/proc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How an instrument is heard: from a fresh start (reset), it plays
 * `events` from frame 0, run by run; play fills out[0 .. channels) with
 * frames of its output. */
typedef struct sp_instrument_probe {
  void *state;
  void (*reset)(void *state);
  /* play notes (NULL to stop playing them), from frame 0 on */
  void (*use)(void *state, const sp_events *notes);
  void (*play)(void *state, float *const *out, size_t frames);
  int channels;
  size_t block;
  double rate;
  int64_t latency;
} sp_instrument_probe;

/* The tail of the instrument pr (its track's notes ev, held half a second),
 * in frames after the release, at most SP_TAIL_CAP_SECONDS (*capped when
 * it still rings there); window: how long below the floor ends it. Leaves
 * it reset, playing nothing. */
int64_t sp_instrument_tail(const sp_instrument_probe *pr, const sp_events *ev, double floor_db,
                           double window_seconds, bool *capped);

#endif
