/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hearing an instrument's tail (core/procs/instrument.h). */

#include "core/procs/instrument.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

sp_events sp_instrument_probe_notes(const sp_events *ev, int64_t off)
{
  uint8_t vel[16][128];
  memset(vel, 0, sizeof vel);
  size_t n = 0;
  for (size_t i = 0; ev && i < ev->n; i++) {
    const sp_event *e = &ev->v[i];
    if (e->size == 3 && (e->msg[0] & 0xF0) == 0x90 && e->msg[2] > 0) {
      uint8_t *v = &vel[e->msg[0] & 0x0F][e->msg[1] & 0x7F];
      n += *v == 0;
      *v = e->msg[2] > *v ? e->msg[2] : *v;
    }
  }
  if (n == 0) { /* kick, snare, hi-hat, crash on channel 10; a spread chord on 1 */
    static const uint8_t drums[] = {36, 38, 42, 49}, chord[] = {36, 48, 60, 64, 67, 72, 84};
    for (size_t k = 0; k < sizeof drums; k++)
      vel[9][drums[k]] = 127;
    for (size_t k = 0; k < sizeof chord; k++)
      vel[0][chord[k]] = 127;
    n = sizeof drums + sizeof chord;
  }
  sp_events pe = {.v = sp_xcalloc(2 * n, sizeof *pe.v)};
  for (int pass = 0; pass < 2; pass++)
    for (int c = 0; c < 16; c++)
      for (int k = 0; k < 128; k++)
        if (vel[c][k])
          pe.v[pe.n++] = (sp_event){.frame = pass ? off : 0,
                                    .size = 3,
                                    .msg = {(uint8_t)((pass ? 0x80 : 0x90) | c), (uint8_t)k,
                                            pass ? 0 : vel[c][k]}};
  return pe;
}

int64_t sp_instrument_tail(const sp_instrument_probe *pr, const sp_events *ev, double floor_db,
                           double window_seconds, bool *capped)
{
  const size_t input = (size_t)(0.5 * pr->rate);
  sp_events notes = sp_instrument_probe_notes(ev, (int64_t)input);
  pr->reset(pr->state);
  pr->use(pr->state, &notes);
  const size_t window = (size_t)(window_seconds * pr->rate);
  const size_t cap = (size_t)(SP_TAIL_CAP_SECONDS * pr->rate);
  const float floor_lin = (float)pow(10.0, floor_db / 20.0);
  float *y[SP_MAX_CHANNELS];
  for (int c = 0; c < pr->channels; c++)
    y[c] = sp_xcalloc(pr->block, sizeof(float));
  size_t last = 0, at = 0;
  const size_t lat = pr->latency > 0 ? (size_t)pr->latency : 0;
  *capped = false;
  for (;;) {
    pr->play(pr->state, y, pr->block);
    for (int c = 0; c < pr->channels; c++)
      for (size_t f = 0; f < pr->block; f++)
        if (!(fabsf(y[c][f]) <= floor_lin))
          last = at + f + 1 > last ? at + f + 1 : last;
    at += pr->block;
    if (at > input + lat && at - (last > input ? last : input) >= window)
      break;
    if (at >= input + lat + cap) {
      *capped = true;
      break;
    }
  }
  for (int c = 0; c < pr->channels; c++)
    free(y[c]);
  pr->use(pr->state, NULL);
  pr->reset(pr->state);
  sp_events_free(&notes);
  const int64_t tail = (int64_t)last - (int64_t)input - (int64_t)lat;
  return tail > 0 ? (tail < (int64_t)cap ? tail : (int64_t)cap) : 0;
}
