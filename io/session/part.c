/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An instrument track's part in frames, and the MIDI file that holds it
 * (io/session/part.h).
 *
 * The file counts time in the session's frames: its tempo and time base
 * make a tick one frame (48 kHz: 24000 ticks a quarter note at 120 bpm,
 * a quarter note 24000 frames), so an event written at tick f is read back
 * at f × us_per_quarter / (10⁶ × ticks_per_quarter) s, which is f / rate
 * correctly rounded (the product is exact below 2^53 for a day at any
 * rate), and plays at frame f. The project's own tempo is not the file's:
 * a tempo map that ramps, or a tempo of no whole number of microseconds a
 * quarter note (140 bpm), would move the notes off their frames. */

#include "io/session/part.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp_part_fini(sp_part *p)
{
  free(p->v);
  *p = (sp_part){0};
}

static void add(sp_part *p, int64_t frame, sp_part_class cls, const uint8_t *msg, uint8_t size,
                bool at_end)
{
  SP_GROW(p->v, p->n, p->cap);
  sp_part_event *e = &p->v[p->n++];
  memset(e, 0, sizeof *e);
  e->frame = frame;
  e->cls = cls;
  e->seq = p->seq++;
  e->at_end = at_end;
  e->size = size;
  memcpy(e->msg, msg, size);
}

void sp_part_control(sp_part *p, int64_t frame, const uint8_t *msg, uint8_t size)
{
  add(p, frame, SP_PART_CONTROL, msg, size, false);
}

void sp_part_note(sp_part *p, int64_t on, int64_t off, int channel, int key, int vel, int rel,
                  bool at_end)
{
  const uint8_t ch = (uint8_t)(channel & 0x0F), k = (uint8_t)(key & 0x7F);
  add(p, on, SP_PART_ON, (const uint8_t[]){0x90 | ch, k, (uint8_t)(vel & 0x7F)}, 3, false);
  add(p, off < on ? on : off, off <= on ? SP_PART_OFF_SAME : SP_PART_OFF,
      (const uint8_t[]){0x80 | ch, k, (uint8_t)(rel & 0x7F)}, 3, at_end);
}

uint8_t sp_part_message(int status, int channel, int num, int q, uint8_t msg[3])
{
  const bool numbered = status == 0xB0 || status == 0xA0;
  msg[0] = (uint8_t)(status | (channel & 0x0F));
  msg[1] = (uint8_t)(status == 0xE0 ? q & 0x7F : numbered ? num : q);
  msg[2] = (uint8_t)(status == 0xE0 ? q >> 7 : q);
  return status == 0xC0 || status == 0xD0 ? 2 : 3;
}

int sp_part_message_value(const uint8_t *msg)
{
  const int st = msg[0] & 0xF0;
  return st == 0xE0 ? msg[1] | msg[2] << 7 : st == 0xB0 || st == 0xA0 ? msg[2] : msg[1];
}

static int cmp_event(const void *pa, const void *pb)
{
  const sp_part_event *a = pa, *b = pb;
  if (a->frame != b->frame)
    return a->frame < b->frame ? -1 : 1;
  if (a->cls != b->cls)
    return a->cls < b->cls ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void sp_part_sort(sp_part *p)
{
  if (p->n > 1)
    qsort(p->v, p->n, sizeof *p->v, cmp_event);
}

static long gcd(long a, long b)
{
  while (b) {
    long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* The time base of a MIDI file that counts rate's frames exactly: a tick
 * a frame (ticks_per_frame 1: 48 kHz's 24000 ticks a quarter note at 120
 * bpm, 44.1 kHz's 22050), or at a rate no time base counts in whole
 * frames, ticks fine enough (ticks_per_frame > 1, not whole) that each
 * tick's frame, rounded, is its frame. */
typedef struct part_clock {
  int ticks_per_quarter;
  uint32_t us_per_quarter;
  double ticks_per_frame;
} part_clock;

static part_clock clock_of(double rate)
{
  const long r = (long)rate;
  if (r > 0 && (double)r == rate) {
    /* rate/g ticks a quarter note of 10⁶/g µs are a tick a frame; a
     * multiple k of both is too: the first of a few familiar tempos that
     * fits (120 bpm at 48 and 44.1 kHz), else the finest. */
    const long g = gcd(r, 1000000), t0 = r / g, u0 = 1000000 / g;
    if (t0 <= 32767) {
      static const long tempos[] = {500000, 250000, 125000, 1000000, 62500, 31250, 15625};
      for (size_t i = 0; i < sizeof tempos / sizeof *tempos; i++)
        if (tempos[i] % u0 == 0 && t0 * (tempos[i] / u0) <= 32767)
          return (part_clock){(int)(t0 * (tempos[i] / u0)), (uint32_t)tempos[i], 1};
      long k = 32767 / t0;
      if (k > 16777215 / u0)
        k = 16777215 / u0;
      return (part_clock){(int)(t0 * k), (uint32_t)(u0 * k), 1};
    }
  }
  /* No whole number of ticks is a frame: at least four ticks a frame, so
   * that a tick rounded back is its frame. */
  const int tpq = 32767;
  const double us = floor(32767e6 / (4 * rate));
  return (part_clock){tpq, (uint32_t)us, tpq * 1e6 / (us * rate)};
}

static int64_t tick_of(const part_clock *c, int64_t frame)
{
  return c->ticks_per_frame == 1 ? frame : llround((double)frame * c->ticks_per_frame);
}

sp_midi_file *sp_part_midi(const sp_part *p, double rate, const char *name, int64_t end)
{
  const part_clock c = clock_of(rate);
  sp_midi_file *f = sp_midi_file_new(0, c.ticks_per_quarter, 1);
  sp_midi_add_tempo(f, 0, c.us_per_quarter);
  if (name)
    sp_midi_set_track_name(f, 0, name);
  for (size_t i = 0; i < p->n; i++)
    sp_midi_add_event(f, tick_of(&c, p->v[i].frame), 0, p->v[i].msg, p->v[i].size);
  f->end_tick = tick_of(&c, end);
  sp_midi_file_finish(f);
  return f;
}
