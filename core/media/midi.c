/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MIDI file model (core/media/midi.h): building one, its timeline
 * through the tempo map, and the picks an instrument track plays.
 *
 * Times are computed span by span: a tempo change's time is the previous
 * change's time plus its span (ticks × µs per quarter, divided once by
 * 1e6 × ticks per quarter), and an event's time is the time of the change
 * in force plus its own span. A reader and a writer that go through
 * sp_midi_file_finish therefore agree on every time to the bit. */

#include "core/media/midi.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>

enum { DEFAULT_US_PER_QUARTER = 500000 };

sp_midi_file *sp_midi_file_new(int format, int ticks_per_quarter, size_t n_tracks)
{
  sp_midi_file *f = sp_xcalloc(1, sizeof *f);
  f->format = format;
  f->ticks_per_quarter = ticks_per_quarter;
  f->n_tracks = n_tracks;
  f->track_names = sp_xcalloc(n_tracks ? n_tracks : 1, sizeof *f->track_names);
  return f;
}

void sp_midi_file_free(sp_midi_file *f)
{
  if (!f)
    return;
  sp_free_strings(f->track_names, f->n_tracks);
  free(f->events);
  free(f->tempos);
  free(f->meters);
  free(f);
}

void sp_midi_add_event(sp_midi_file *f, int64_t tick, uint16_t track, const uint8_t *msg,
                       uint8_t size)
{
  SP_GROW(f->events, f->n_events, f->cap_events);
  sp_midi_event *e = &f->events[f->n_events++];
  *e = (sp_midi_event){.tick = tick, .track = track, .size = size};
  memcpy(e->msg, msg, size < 3 ? size : 3);
}

void sp_midi_add_tempo(sp_midi_file *f, int64_t tick, uint32_t us_per_quarter)
{
  SP_GROW(f->tempos, f->n_tempos, f->cap_tempos);
  f->tempos[f->n_tempos++] = (sp_midi_tempo){.tick = tick, .us_per_quarter = us_per_quarter};
}

void sp_midi_add_meter(sp_midi_file *f, int64_t tick, uint8_t numerator, uint8_t denominator_log2,
                       uint8_t clocks_per_click, uint8_t n32_per_quarter)
{
  SP_GROW(f->meters, f->n_meters, f->cap_meters);
  f->meters[f->n_meters++] = (sp_midi_meter){.tick = tick,
                                             .numerator = numerator,
                                             .denominator_log2 = denominator_log2,
                                             .clocks_per_click = clocks_per_click,
                                             .n32_per_quarter = n32_per_quarter};
}

void sp_midi_set_track_name(sp_midi_file *f, size_t track, const char *name)
{
  free(f->track_names[track]);
  f->track_names[track] = sp_xstrdup(name);
}

/* ---- sorting ------------------------------------------------------------ */

static int cmp_event(const void *a, const void *b)
{
  const sp_midi_event *x = a, *y = b;
  if (x->tick != y->tick)
    return x->tick < y->tick ? -1 : 1;
  return (x->track > y->track) - (x->track < y->track);
}

static int cmp_tempo(const void *a, const void *b)
{
  const sp_midi_tempo *x = a, *y = b;
  return (x->tick > y->tick) - (x->tick < y->tick);
}

static int cmp_meter(const void *a, const void *b)
{
  const sp_midi_meter *x = a, *y = b;
  return (x->tick > y->tick) - (x->tick < y->tick);
}

/* A stable sort (qsort is not): bottom-up merge sort through a buffer of
 * the same size; n log n comparisons, none when the array is in order
 * already, as a parsed file's tracks mostly are. */
static void stable_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
  char *a = base;
  size_t i = 1;
  while (i < n && cmp(a + (i - 1) * size, a + i * size) <= 0)
    i++;
  if (i >= n)
    return;
  char *buf = sp_xreallocarray(NULL, n, size), *src = a, *dst = buf;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t l = lo, r = mid, o = lo;
      while (l < mid && r < hi) {
        const bool right = cmp(src + r * size, src + l * size) < 0;
        memcpy(dst + o++ * size, src + (right ? r++ : l++) * size, size);
      }
      memcpy(dst + o * size, src + l * size, (mid - l) * size);
      o += mid - l;
      memcpy(dst + o * size, src + r * size, (hi - r) * size);
    }
    char *t = src;
    src = dst;
    dst = t;
  }
  if (src != a)
    memcpy(a, src, n * size);
  free(buf);
}

/* ---- time --------------------------------------------------------------- */

/* Seconds of ticks at us_per_quarter: one product, one division. */
static double span_seconds(const sp_midi_file *f, int64_t ticks, uint32_t us_per_quarter)
{
  return (double)ticks * (double)us_per_quarter / (1e6 * (double)f->ticks_per_quarter);
}

/* Frames a second of an SMPTE time base, as a fraction num / den. */
static void smpte_rate(const sp_midi_file *f, double *num, double *den)
{
  *num = f->smpte_fps == 29 ? 30000.0 : (double)f->smpte_fps;
  *den = f->smpte_fps == 29 ? 1001.0 : 1.0;
}

/* The last tempo change at or before tick; -1 for none. */
static long tempo_at_tick(const sp_midi_file *f, int64_t tick)
{
  size_t lo = 0, hi = f->n_tempos; /* the first change after tick is in [lo, hi] */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->tempos[mid].tick <= tick)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (long)lo - 1;
}

double sp_midi_seconds_of_tick(const sp_midi_file *f, int64_t tick)
{
  if (f->smpte_fps) {
    double num, den;
    smpte_rate(f, &num, &den);
    return (double)tick * den / (num * (double)f->ticks_per_frame);
  }
  long i = tempo_at_tick(f, tick);
  if (i < 0)
    return span_seconds(f, tick, DEFAULT_US_PER_QUARTER);
  const sp_midi_tempo *t = &f->tempos[i];
  return t->seconds + span_seconds(f, tick - t->tick, t->us_per_quarter);
}

double sp_midi_ticks_of_seconds(const sp_midi_file *f, double seconds)
{
  if (f->smpte_fps) {
    double num, den;
    smpte_rate(f, &num, &den);
    return seconds * num * (double)f->ticks_per_frame / den;
  }
  size_t lo = 0, hi = f->n_tempos;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->tempos[mid].seconds <= seconds)
      lo = mid + 1;
    else
      hi = mid;
  }
  const double per_us = 1e6 * (double)f->ticks_per_quarter;
  if (lo == 0)
    return seconds * per_us / DEFAULT_US_PER_QUARTER;
  const sp_midi_tempo *t = &f->tempos[lo - 1];
  return (double)t->tick + (seconds - t->seconds) * per_us / t->us_per_quarter;
}

void sp_midi_file_finish(sp_midi_file *f)
{
  stable_sort(f->events, f->n_events, sizeof *f->events, cmp_event);
  stable_sort(f->tempos, f->n_tempos, sizeof *f->tempos, cmp_tempo);
  stable_sort(f->meters, f->n_meters, sizeof *f->meters, cmp_meter);
  /* Each change's time from the one before; the first from the start. */
  for (size_t i = 0; i < f->n_tempos; i++) {
    sp_midi_tempo *t = &f->tempos[i];
    if (f->smpte_fps)
      t->seconds = sp_midi_seconds_of_tick(f, t->tick);
    else if (i == 0)
      t->seconds = span_seconds(f, t->tick, DEFAULT_US_PER_QUARTER);
    else
      t->seconds = t[-1].seconds + span_seconds(f, t->tick - t[-1].tick, t[-1].us_per_quarter);
  }
  for (size_t i = 0; i < f->n_meters; i++)
    f->meters[i].seconds = sp_midi_seconds_of_tick(f, f->meters[i].tick);
  for (size_t i = 0; i < f->n_events; i++)
    f->events[i].seconds = sp_midi_seconds_of_tick(f, f->events[i].tick);
  if (f->n_events && f->events[f->n_events - 1].tick > f->end_tick)
    f->end_tick = f->events[f->n_events - 1].tick;
  if (f->n_tempos && f->tempos[f->n_tempos - 1].tick > f->end_tick)
    f->end_tick = f->tempos[f->n_tempos - 1].tick;
  if (f->n_meters && f->meters[f->n_meters - 1].tick > f->end_tick)
    f->end_tick = f->meters[f->n_meters - 1].tick;
  f->end_seconds = sp_midi_seconds_of_tick(f, f->end_tick);
}

/* ---- messages and picks ------------------------------------------------- */

bool sp_midi_is_note_on(const sp_midi_event *e)
{
  return (e->msg[0] & 0xF0) == 0x90 && e->size == 3 && e->msg[2] > 0;
}

bool sp_midi_is_note_off(const sp_midi_event *e)
{
  return (e->msg[0] & 0xF0) == 0x80 || ((e->msg[0] & 0xF0) == 0x90 && e->msg[2] == 0);
}

bool sp_midi_picks(sp_midi_pick pick, const sp_midi_event *e)
{
  return (pick.track < 0 || e->track == pick.track) &&
         (pick.channel < 0 || sp_midi_channel(e) == pick.channel);
}

uint16_t sp_midi_note_channels(const sp_midi_file *f, sp_midi_pick pick)
{
  uint16_t mask = 0;
  for (size_t i = 0; i < f->n_events; i++)
    if (sp_midi_is_note_on(&f->events[i]) && sp_midi_picks(pick, &f->events[i]))
      mask |= (uint16_t)(1u << sp_midi_channel(&f->events[i]));
  return mask;
}

size_t sp_midi_tracks_named(const sp_midi_file *f, const char *name, size_t *first)
{
  size_t count = 0;
  for (size_t i = f->n_tracks; i-- > 0;)
    if (f->track_names[i] && strcmp(f->track_names[i], name) == 0) {
      count++;
      *first = i;
    }
  return count;
}
