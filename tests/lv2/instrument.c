/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test bundle's instrument (urn:stemprint:test:instrument, described in
 * tests/lv2/instrument.ttl): MIDI in, stereo out, answers a test can work
 * out by hand. Deterministic (no clock, no random), any run length from 1
 * frame, and the same output however the host cuts its runs, since every
 * value is computed from the frame's position since activate().
 *
 *   midi_in ──► events at their frame ──► mode ──► × gain ──► delay ──► out_l
 *                (clamped to the run)      │                 (frames)   out_r
 *                                          ├ 0 events: at an event's frame,
 *                                          │   out_l = code, out_r = index;
 *                                          │   0.0 elsewhere
 *                                          └ 1 tone: a sine a held note
 *
 * events  code = status + data1/128 + data2/16384 (missing data bytes 0,
 *         data bytes masked to 7 bits; a longer message, SysEx, gives its
 *         first three bytes): 22 significant bits, exact in a float, so
 *         status = floor(code), data1 = floor(frac × 128), data2 = the rest
 *         × 16384. index = the event's number since activate(), from 1 (so
 *         that no event reads as 0). Two events on one frame: the code of
 *         the last, and its index, so the skipped number shows.
 * tone    each held key (all channels share the 128 keys) sounds
 *         (velocity/127) × 0.25 × sin(2π f k / rate), f = 440 × 2^((key −
 *         69)/12) Hz, k = frames since its note-on (0 at the note-on's
 *         frame); both outputs the same sum. From a note-off's frame (or
 *         the sustain pedal's release, CC64 < 64, when it was down, ≥ 64,
 *         at the note-off) it is multiplied by exp(−k'/(release × rate)),
 *         k' = frames since then, `release` read at that frame; silent, and
 *         its voice free, from k' = ceil(ln(10⁶) × release × rate) (−120 dB)
 *         on; release 0 stops it at the note-off's frame. A note-on of a
 *         sounding key starts it again from phase 0; velocity 0 is a
 *         note-off. CC123 (all notes off) releases every held key, CC120
 *         (all sound off) silences every voice at once, CC121 (reset all
 *         controllers) lifts the pedal.
 * gain    multiplies both outputs (the events' codes too): a run's value for
 *         the whole run, as LV2 control ports are.
 * delay   frames, 0..4096: the outputs delayed by as many, reported on the
 *         `latency` output port (lv2:latency) after every run.
 * events  output port: MIDI events received since activate().
 * fault   0 none; 1 "block start": every event taken at its run's first
 *         frame, as a plugin that ignores timestamps would (its output then
 *         depends on the host's run length); 2 "nan": NaN on out_l at each
 *         event's frame.
 *
 * urn:stemprint:test:instrument-in is the same instrument with two audio
 * inputs more (in_l, in_r, ports 10 and 11: never read), as LSP's Sampler
 * Stereo has: a host plays it as it plays the first. */

#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/core/lv2.h>
#include <lv2/midi/midi.h>
#include <lv2/urid/urid.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSTRUMENT_URI "urn:stemprint:test:instrument"

enum {
  P_MIDI,
  P_OUT_L,
  P_OUT_R,
  P_MODE,
  P_RELEASE,
  P_GAIN,
  P_DELAY,
  P_LATENCY,
  P_EVENTS,
  P_FAULT,
  N_PORTS
};
enum { MODE_EVENTS, MODE_TONE };
enum { FAULT_NONE, FAULT_BLOCK_START, FAULT_NAN };

#define MAX_DELAY_FRAMES 4096
#define RING 8192 /* a power of two above MAX_DELAY_FRAMES */
#define LN_1E6 13.815510557964274
#define TWO_PI 6.283185307179586

typedef struct voice {
  bool held;      /* key down (or kept by the pedal) */
  bool sustained; /* released while the pedal was down */
  bool releasing;
  float amp;
  double cycles_per_frame;
  uint64_t start, off; /* frames since activate() */
  double tau_frames;
  uint64_t end_frames; /* frames after off from which it is silent */
} voice;

typedef struct instrument {
  LV2_URID midi_event;
  double rate;
  const LV2_Atom_Sequence *midi;
  float *port[N_PORTS];
  voice v[128];
  uint8_t active[128]; /* the keys sounding, in the order they started */
  int n_active;
  bool pedal;
  uint64_t now;   /* frames since activate() */
  uint32_t count; /* events since activate() */
  float ring[2][RING];
  uint32_t w;
} instrument;

static LV2_Handle instantiate(const LV2_Descriptor *d, double rate, const char *path,
                              const LV2_Feature *const *features)
{
  (void)path;
  /* for the tests that count instances: a line per instance in the file
   * named (as sptest.c does) */
  const char *said = getenv("SPTEST_INSTANCES");
  FILE *f = said ? fopen(said, "a") : NULL;
  if (f) {
    fprintf(f, "%s\n", d->URI);
    fclose(f);
  }
  LV2_URID_Map *map = NULL;
  for (int i = 0; features && features[i]; i++)
    if (strcmp(features[i]->URI, LV2_URID__map) == 0)
      map = features[i]->data;
  if (!map)
    return NULL;
  instrument *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->midi_event = map->map(map->handle, LV2_MIDI__MidiEvent);
  p->rate = rate;
  return p;
}

static void connect_port(LV2_Handle h, uint32_t port, void *data)
{
  instrument *p = h;
  if (port == P_MIDI)
    p->midi = data;
  else if (port < N_PORTS)
    p->port[port] = data;
}

static void activate(LV2_Handle h)
{
  instrument *p = h;
  memset(p->v, 0, sizeof p->v);
  memset(p->ring, 0, sizeof p->ring);
  p->n_active = 0;
  p->pedal = false;
  p->now = 0;
  p->count = 0;
  p->w = 0;
}

static void drop(instrument *p, int i)
{
  p->v[p->active[i]].held = false;
  p->active[i] = p->active[--p->n_active];
}

static void release(instrument *p, voice *v, uint64_t at)
{
  const double secs = *p->port[P_RELEASE];
  v->held = false;
  v->sustained = false;
  v->releasing = true;
  v->off = at;
  v->tau_frames = secs > 0 ? secs * p->rate : 0;
  v->end_frames = (uint64_t)ceil(LN_1E6 * v->tau_frames);
}

static void note_off(instrument *p, int key, uint64_t at)
{
  voice *v = &p->v[key];
  if (!v->held || v->releasing)
    return;
  if (p->pedal)
    v->sustained = true;
  else
    release(p, v, at);
}

static void pedal_up(instrument *p, uint64_t at)
{
  p->pedal = false;
  for (int i = 0; i < p->n_active; i++) {
    voice *v = &p->v[p->active[i]];
    if (v->sustained)
      release(p, v, at);
  }
}

/* One MIDI message at frame `at` (since activate()): the voices' state. */
static void midi(instrument *p, const uint8_t *m, uint32_t size, uint64_t at)
{
  if (size < 3)
    return;
  const int type = m[0] & 0xF0, d1 = m[1] & 0x7F, d2 = m[2] & 0x7F;
  if (type == 0x90 && d2 > 0) {
    voice *v = &p->v[d1];
    if (!v->held && !v->releasing)
      p->active[p->n_active++] = (uint8_t)d1;
    *v = (voice){.held = true,
                 .amp = (float)d2 / 127.0f * 0.25f,
                 .cycles_per_frame = 440.0 * pow(2.0, (d1 - 69) / 12.0) / p->rate,
                 .start = at};
  } else if (type == 0x80 || type == 0x90) {
    note_off(p, d1, at);
  } else if (type == 0xB0 && d1 == 64) {
    if (d2 >= 64)
      p->pedal = true;
    else if (p->pedal)
      pedal_up(p, at);
  } else if (type == 0xB0 && d1 == 121) {
    if (p->pedal)
      pedal_up(p, at);
  } else if (type == 0xB0 && d1 == 123) {
    for (int k = 0; k < 128; k++)
      note_off(p, k, at);
  } else if (type == 0xB0 && d1 == 120) {
    while (p->n_active > 0)
      drop(p, p->n_active - 1);
    memset(p->v, 0, sizeof p->v);
  }
}

/* The tone at frame t; voices whose release has ended are freed. */
static double tone(instrument *p, uint64_t t)
{
  double sum = 0;
  for (int i = 0; i < p->n_active;) {
    voice *v = &p->v[p->active[i]];
    double env = 1;
    if (v->releasing) {
      const uint64_t k = t - v->off;
      if (k >= v->end_frames) {
        drop(p, i);
        v->releasing = false;
        continue;
      }
      env = exp(-(double)k / v->tau_frames);
    }
    double x = v->cycles_per_frame * (double)(t - v->start);
    x -= floor(x);
    sum += v->amp * env * sin(TWO_PI * x);
    i++;
  }
  return sum;
}

typedef struct mark {
  bool set;
  uint32_t frame;
  float code, index;
} mark;

/* Frames [from, to) of the run into the outputs. */
static void render(instrument *p, uint32_t from, uint32_t to, mark *mk)
{
  const int mode = (int)*p->port[P_MODE];
  const float gain = *p->port[P_GAIN];
  float d = *p->port[P_DELAY];
  const uint32_t delay =
      d > 0 ? (d < MAX_DELAY_FRAMES ? (uint32_t)lrintf(d) : MAX_DELAY_FRAMES) : 0;
  for (uint32_t i = from; i < to; i++) {
    const bool here = mk->set && mk->frame == i;
    float l, r;
    if (mode == MODE_TONE) {
      l = r = (float)tone(p, p->now + i);
    } else {
      tone(p, p->now + i); /* voices still end on time */
      l = here ? mk->code : 0.0f;
      r = here ? mk->index : 0.0f;
    }
    if (here && (int)*p->port[P_FAULT] == FAULT_NAN)
      l = NAN;
    if (here)
      mk->set = false;
    p->ring[0][p->w] = gain * l;
    p->ring[1][p->w] = gain * r;
    const uint32_t at = (p->w + RING - delay) & (RING - 1);
    p->port[P_OUT_L][i] = p->ring[0][at];
    p->port[P_OUT_R][i] = p->ring[1][at];
    p->w = (p->w + 1) & (RING - 1);
  }
}

/* The message's code (see the top of the file). */
static float code(const uint8_t *m, uint32_t size)
{
  const unsigned s = size > 0 ? m[0] : 0, d1 = size > 1 ? m[1] & 0x7F : 0,
                 d2 = size > 2 ? m[2] & 0x7F : 0;
  return (float)(s * 16384u + d1 * 128u + d2) / 16384.0f;
}

static void run(LV2_Handle h, uint32_t n)
{
  instrument *p = h;
  const int fault = (int)*p->port[P_FAULT];
  mark mk = {0};
  uint32_t pos = 0;
  if (p->midi) {
    LV2_ATOM_SEQUENCE_FOREACH(p->midi, ev)
    {
      if (ev->body.type != p->midi_event)
        continue;
      const uint8_t *m = (const uint8_t *)(ev + 1);
      int64_t f = fault == FAULT_BLOCK_START ? 0 : ev->time.frames;
      if (f < (int64_t)pos)
        f = pos;
      if (n > 0 && f > (int64_t)n - 1)
        f = n - 1;
      if (n == 0)
        f = 0;
      render(p, pos, (uint32_t)f, &mk);
      pos = (uint32_t)f;
      p->count++;
      midi(p, m, ev->body.size, p->now + pos);
      mk = (mark){
          .set = true, .frame = pos, .code = code(m, ev->body.size), .index = (float)p->count};
    }
  }
  render(p, pos, n, &mk);
  p->now += n;
  float d = *p->port[P_DELAY];
  *p->port[P_LATENCY] = d > 0 ? (d < MAX_DELAY_FRAMES ? (float)lrintf(d) : MAX_DELAY_FRAMES) : 0;
  if (p->port[P_EVENTS])
    *p->port[P_EVENTS] = (float)p->count;
}

static void cleanup(LV2_Handle h) { free(h); }

static const void *extension_data(const char *uri)
{
  (void)uri;
  return NULL;
}

static const LV2_Descriptor descriptor = {INSTRUMENT_URI, instantiate, connect_port,  activate, run,
                                          NULL,           cleanup,     extension_data};

static const LV2_Descriptor with_inputs = {
    INSTRUMENT_URI "-in", instantiate, connect_port, activate, run, NULL, cleanup, extension_data};

/* k 0: the instrument; 1: the same with two audio inputs */
const LV2_Descriptor *sptest_instrument_descriptor(uint32_t k);
const LV2_Descriptor *sptest_instrument_descriptor(uint32_t k)
{
  return k == 0 ? &descriptor : k == 1 ? &with_inputs : NULL;
}
