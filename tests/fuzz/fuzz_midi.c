/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: bytes read as a Standard MIDI File (io/midi/smf.c), from
 * memory. A refusal must say why; a file read must hold what the model
 * promises (events sorted by tick and track, channel messages of their
 * size, seconds that never go back, ticks within 2^40, a day at most),
 * and must write and read back the same, to the bit, twice over; the
 * picks an instrument track makes of it run on every track and channel
 * it has. */

#include "core/base/units.h"
#include "core/media/midi.h"
#include "io/midi/smf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz_midi: %s:%d: %s\n", __FILE__, __LINE__, #cond);                        \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

static bool same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void check_model(const sp_midi_file *f)
{
  CHECK(f->format == 0 || f->format == 1);
  CHECK(f->n_tracks >= 1 && (f->format == 1 || f->n_tracks == 1));
  CHECK((f->ticks_per_quarter > 0) != (f->smpte_fps > 0));
  CHECK(f->end_tick >= 0 && f->end_tick <= SP_MIDI_MAX_TICKS);
  CHECK(isfinite(f->end_seconds) && f->end_seconds >= 0 && f->end_seconds <= SP_MAX_SECONDS);
  for (size_t i = 0; i < f->n_events; i++) {
    const sp_midi_event *e = &f->events[i];
    CHECK(e->track < f->n_tracks);
    CHECK(e->msg[0] >= 0x80 && e->msg[0] <= 0xEF);
    CHECK(e->size == ((e->msg[0] & 0xE0) == 0xC0 ? 2 : 3));
    CHECK(!(e->msg[1] & 0x80) && !(e->msg[2] & 0x80));
    CHECK(e->tick >= 0 && e->tick <= f->end_tick);
    CHECK(same_double(e->seconds, sp_midi_seconds_of_tick(f, e->tick)));
    CHECK(e->seconds <= f->end_seconds);
    if (i) {
      CHECK(e->tick > e[-1].tick || (e->tick == e[-1].tick && e->track >= e[-1].track));
      CHECK(e->seconds >= e[-1].seconds);
    }
    CHECK(isfinite(sp_midi_ticks_of_seconds(f, e->seconds)));
  }
  for (size_t i = 0; i < f->n_tempos; i++) {
    CHECK(f->tempos[i].us_per_quarter >= 1 && f->tempos[i].us_per_quarter <= 0xFFFFFF);
    CHECK(!i || (f->tempos[i].tick >= f->tempos[i - 1].tick &&
                 f->tempos[i].seconds >= f->tempos[i - 1].seconds));
  }
  for (size_t i = 0; i < f->n_meters; i++)
    CHECK(f->meters[i].numerator >= 1 && f->meters[i].denominator_log2 <= 7);
}

static void check_same(const sp_midi_file *a, const sp_midi_file *b)
{
  CHECK(a->format == b->format && a->ticks_per_quarter == b->ticks_per_quarter &&
        a->smpte_fps == b->smpte_fps && a->ticks_per_frame == b->ticks_per_frame);
  CHECK(a->n_tracks == b->n_tracks);
  for (size_t i = 0; i < a->n_tracks; i++)
    CHECK(!a->track_names[i] == !b->track_names[i] &&
          (!a->track_names[i] || strcmp(a->track_names[i], b->track_names[i]) == 0));
  CHECK(a->n_events == b->n_events && a->n_tempos == b->n_tempos && a->n_meters == b->n_meters);
  for (size_t i = 0; i < a->n_events; i++) {
    const sp_midi_event *x = &a->events[i], *y = &b->events[i];
    CHECK(x->tick == y->tick && x->track == y->track && x->size == y->size &&
          memcmp(x->msg, y->msg, x->size) == 0 && same_double(x->seconds, y->seconds));
  }
  for (size_t i = 0; i < a->n_tempos; i++)
    CHECK(a->tempos[i].tick == b->tempos[i].tick &&
          a->tempos[i].us_per_quarter == b->tempos[i].us_per_quarter &&
          same_double(a->tempos[i].seconds, b->tempos[i].seconds));
  for (size_t i = 0; i < a->n_meters; i++)
    CHECK(a->meters[i].tick == b->meters[i].tick &&
          same_double(a->meters[i].seconds, b->meters[i].seconds) &&
          memcmp(&a->meters[i].numerator, &b->meters[i].numerator, 4) == 0);
  CHECK(a->end_tick == b->end_tick && same_double(a->end_seconds, b->end_seconds));
}

static size_t picked(const sp_midi_file *f, sp_midi_pick pick)
{
  size_t n = 0;
  for (size_t i = 0; i < f->n_events; i++)
    n += sp_midi_picks(pick, &f->events[i]);
  return n;
}

static void check_picks(const sp_midi_file *f)
{
  size_t total = 0;
  for (size_t t = 0; t < f->n_tracks && t < 64; t++) {
    size_t first = 0;
    for (size_t i = 0; i < f->n_events; i++)
      CHECK(sp_midi_picks((sp_midi_pick){(long)t, -1}, &f->events[i]) == (f->events[i].track == t));
    total += picked(f, (sp_midi_pick){(long)t, -1});
    if (f->track_names[t])
      CHECK(sp_midi_tracks_named(f, f->track_names[t], &first) >= 1 && first <= t);
  }
  CHECK(f->n_tracks > 64 || total == f->n_events);
  uint16_t notes = sp_midi_note_channels(f, (sp_midi_pick){-1, -1});
  for (int c = 0; c < 16; c++)
    CHECK(!(notes >> c & 1) || picked(f, (sp_midi_pick){-1, c}) > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  sp_midi_file *f = NULL;
  char why[512] = "";
  if (sp_smf_parse(data, size, &f, why, sizeof why) != SP_OK) {
    CHECK(!f && why[0]);
    return 0;
  }
  check_model(f);
  check_picks(f);
  uint8_t *bytes, *again;
  size_t n, n_again;
  CHECK(sp_smf_encode(f, &bytes, &n, why, sizeof why) == SP_OK);
  sp_midi_file *g = NULL;
  if (sp_smf_parse(bytes, n, &g, why, sizeof why) != SP_OK) {
    fprintf(stderr, "fuzz_midi: the writer's file is refused: %s\n", why);
    abort();
  }
  check_same(f, g);
  CHECK(sp_smf_encode(g, &again, &n_again, why, sizeof why) == SP_OK);
  CHECK(n == n_again && memcmp(bytes, again, n) == 0);
  free(again);
  free(bytes);
  sp_midi_file_free(g);
  sp_midi_file_free(f);
  return 0;
}
