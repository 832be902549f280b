/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hearing an instrument's tail (core/procs/instrument.h). */

#include "core/procs/instrument.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A key a track strikes, with the preset its channel plays then (the bank,
 * controllers 0 and 32, as it was at the last program change, and that
 * program; -1: none selected yet), and the loudest velocity it gets. */
typedef struct probe_key {
  int16_t msb, lsb, program;
  uint8_t channel, key, velocity;
} probe_key;

static int by_preset_then_key(const void *pa, const void *pb)
{
  const probe_key *a = pa, *b = pb;
  const int ka[] = {a->channel, a->msb, a->lsb, a->program, a->key},
            kb[] = {b->channel, b->msb, b->lsb, b->program, b->key};
  for (size_t i = 0; i < sizeof ka / sizeof ka[0]; i++)
    if (ka[i] != kb[i])
      return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

static bool same_preset(const probe_key *a, const probe_key *b)
{
  return a->channel == b->channel && a->msb == b->msb && a->lsb == b->lsb &&
         a->program == b->program;
}

/* Whether controller k is part of the state a track leaves its channel
 * in for its tail: not a bank select (sent with its program), not a pedal
 * (a region's end lifts the sustain; one held would keep the probe's
 * notes from their release), not data entry or a parameter number (their
 * order is not their number's). */
static bool tail_controller(int k)
{
  return k != 0 && k != 32 && k != 6 && k != 38 && !(k >= 64 && k <= 69) &&
         !(k >= 96 && k <= 101) && k < 120;
}

/* The notes of ev (NULL or none: a chord across the keyboard and the drum
 * map, for a probe without a track), each on at frame 0 after its
 * channel's controllers and its preset's bank and program, and off at
 * off. */
static sp_events probe_notes(const sp_events *ev, int64_t off)
{
  int16_t msb[16], lsb[16], sel_msb[16], sel_lsb[16], program[16], cc[16][120];
  for (int c = 0; c < 16; c++)
    msb[c] = lsb[c] = sel_msb[c] = sel_lsb[c] = program[c] = -1;
  memset(cc, 0xFF, sizeof cc);
  probe_key *keys = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; ev && i < ev->n; i++) {
    const sp_event *e = &ev->v[i];
    const int c = e->msg[0] & 0x0F, type = e->msg[0] & 0xF0;
    if (type == 0xB0 && e->size == 3 && (e->msg[1] == 0 || e->msg[1] == 32)) {
      (e->msg[1] ? lsb : msb)[c] = (int16_t)(e->msg[2] & 0x7F);
    } else if (type == 0xB0 && e->size == 3 && e->msg[1] < 120) {
      cc[c][e->msg[1]] = (int16_t)(e->msg[2] & 0x7F);
    } else if (type == 0xB0 && e->size == 3 && e->msg[1] == 121) { /* back to a reset synth's */
      cc[c][1] = cc[c][11] = -1;
    } else if (type == 0xC0 && e->size >= 2) { /* a bank select takes effect here */
      sel_msb[c] = msb[c];
      sel_lsb[c] = lsb[c];
      program[c] = (int16_t)(e->msg[1] & 0x7F);
    } else if (type == 0x90 && e->size == 3 && e->msg[2] > 0) {
      SP_GROW(keys, n, cap);
      keys[n++] = (probe_key){sel_msb[c], sel_lsb[c], program[c], (uint8_t)c,
                              (uint8_t)(e->msg[1] & 0x7F), (uint8_t)(e->msg[2] & 0x7F)};
    }
  }
  if (n == 0) { /* kick, snare, hi-hat, crash on channel 10; a spread chord on 1 */
    static const uint8_t drums[] = {36, 38, 42, 49}, chord[] = {36, 48, 60, 64, 67, 72, 84};
    cap = sizeof drums + sizeof chord;
    keys = sp_xcalloc(cap, sizeof *keys);
    for (size_t k = 0; k < sizeof drums; k++)
      keys[n++] = (probe_key){-1, -1, -1, 9, drums[k], 127};
    for (size_t k = 0; k < sizeof chord; k++)
      keys[n++] = (probe_key){-1, -1, -1, 0, chord[k], 127};
  }
  /* each key of each preset once, at its loudest */
  qsort(keys, n, sizeof *keys, by_preset_then_key);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && by_preset_then_key(&keys[m - 1], &keys[i]) == 0) {
      if (keys[i].velocity > keys[m - 1].velocity)
        keys[m - 1].velocity = keys[i].velocity;
      continue;
    }
    keys[m++] = keys[i];
  }
  /* at frame 0, each channel's controllers as the track leaves them (its
   * volume, expression, the synth's reverb and chorus sends: what rings
   * after the end), then preset by preset (the unselected first on its
   * channel): its bank and program, then its keys; all of them off at off */
  size_t n_cc = 0;
  for (int c = 0; c < 16; c++)
    for (int k = 0; k < 120; k++)
      n_cc += cc[c][k] >= 0 && tail_controller(k);
  sp_events pe = {.v = sp_xcalloc(n_cc + 5 * m, sizeof *pe.v)};
  for (int c = 0; c < 16; c++)
    for (int k = 0; k < 120; k++)
      if (cc[c][k] >= 0 && tail_controller(k))
        pe.v[pe.n++] =
            (sp_event){.size = 3, .msg = {(uint8_t)(0xB0 | c), (uint8_t)k, (uint8_t)cc[c][k]}};
  for (size_t i = 0; i < m; i++) {
    const probe_key *k = &keys[i];
    const uint8_t c = k->channel;
    if (k->program >= 0 && (i == 0 || !same_preset(&keys[i - 1], k))) {
      if (k->msb >= 0)
        pe.v[pe.n++] = (sp_event){.size = 3, .msg = {(uint8_t)(0xB0 | c), 0, (uint8_t)k->msb}};
      if (k->lsb >= 0)
        pe.v[pe.n++] = (sp_event){.size = 3, .msg = {(uint8_t)(0xB0 | c), 32, (uint8_t)k->lsb}};
      pe.v[pe.n++] = (sp_event){.size = 2, .msg = {(uint8_t)(0xC0 | c), (uint8_t)k->program}};
    }
    pe.v[pe.n++] = (sp_event){.size = 3, .msg = {(uint8_t)(0x90 | c), k->key, k->velocity}};
  }
  for (size_t i = 0; i < m; i++)
    pe.v[pe.n++] = (sp_event){
        .frame = off, .size = 3, .msg = {(uint8_t)(0x80 | keys[i].channel), keys[i].key, 0}};
  free(keys);
  return pe;
}

int64_t sp_instrument_tail(const sp_instrument_probe *pr, const sp_events *ev, double floor_db,
                           double window_seconds, bool *capped)
{
  const size_t input = (size_t)(0.5 * pr->rate);
  sp_events notes = probe_notes(ev, (int64_t)input);
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
