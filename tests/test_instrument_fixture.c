/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test instrument (tests/lv2/instrument.c) against its own contract,
 * hosted here through lilv directly, not through stemprint's engine: the
 * instrument tests will trust its answers, so these check them first.
 * An event at frame k of a run comes out at frame k with its code, for runs
 * of 1, 7 and 4096 frames and events on a run's first and last frame; a
 * note 69 is a 440 Hz sine of velocity/127 × 0.25; a release decays by its
 * time constant and ends where it says; the pedal holds a note; gain
 * multiplies; the latency port says the delay the output has; the output
 * does not depend on the run length; the faults it can be asked for. */

#include "testutil.h"

#include <criterion/criterion.h>
#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/midi/midi.h>
#include <lv2/urid/urid.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RATE 48000.0
#define URI "urn:stemprint:test:instrument"

static void setup(void) { setenv("LV2_PATH", SP_TEST_LV2_DIR, 1); }

TestSuite(instrument_fixture, .init = setup, .timeout = TU_TIMEOUT(60));

/* ---- a minimal host ---- */

static char *uris[64];
static uint32_t n_uris;

static LV2_URID map(LV2_URID_Map_Handle h, const char *uri)
{
  (void)h;
  for (uint32_t i = 0; i < n_uris; i++)
    if (strcmp(uris[i], uri) == 0)
      return i + 1;
  cr_assert_lt(n_uris, 64);
  uris[n_uris] = strdup(uri);
  return ++n_uris;
}

typedef struct host {
  LilvWorld *world;
  LilvInstance *in;
  LV2_URID_Map map;
  LV2_Feature map_feature;
  uint64_t seq[2048]; /* the atom sequence, 8-byte aligned */
  float mode, release, gain, delay, latency, events, fault;
} host;

typedef struct event {
  uint64_t frame; /* since activation */
  uint8_t msg[3];
  uint32_t size;
} event;

static host *open_host(void)
{
  host *h = calloc(1, sizeof *h);
  h->world = lilv_world_new();
  lilv_world_load_all(h->world);
  LilvNode *uri = lilv_new_uri(h->world, URI);
  const LilvPlugin *p = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(h->world), uri);
  lilv_node_free(uri);
  cr_assert_not_null(p, "%s is not on LV2_PATH=%s", URI, SP_TEST_LV2_DIR);
  h->map = (LV2_URID_Map){NULL, map};
  h->map_feature = (LV2_Feature){LV2_URID__map, &h->map};
  const LV2_Feature *features[] = {&h->map_feature, NULL};
  h->in = lilv_plugin_instantiate(p, RATE, features);
  cr_assert_not_null(h->in);
  h->mode = 0;
  h->release = 0.1f;
  h->gain = 1;
  float *controls[] = {&h->mode,    &h->release, &h->gain, &h->delay,
                       &h->latency, &h->events,  &h->fault};
  for (uint32_t k = 0; k < 7; k++)
    lilv_instance_connect_port(h->in, 3 + k, controls[k]);
  lilv_instance_connect_port(h->in, 0, h->seq);
  lilv_instance_activate(h->in);
  return h;
}

static void close_host(host *h)
{
  lilv_instance_deactivate(h->in);
  lilv_instance_free(h->in);
  lilv_world_free(h->world);
  free(h);
}

/* Run the instrument from frame `from` (since activation) for `frames`
 * frames, in runs of `run` frames, each given the events that fall in it;
 * the outputs into l and r (frames each). */
static void play(host *h, const event *ev, size_t n_ev, uint64_t from, size_t frames, size_t run,
                 float *l, float *r)
{
  const LV2_URID sequence = map(NULL, LV2_ATOM__Sequence), midi = map(NULL, LV2_MIDI__MidiEvent);
  for (size_t s = 0; s < frames; s += run) {
    const size_t n = frames - s < run ? frames - s : run;
    LV2_Atom_Sequence *seq = (LV2_Atom_Sequence *)h->seq;
    seq->atom.type = sequence;
    seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
    seq->body.unit = 0;
    seq->body.pad = 0;
    for (size_t k = 0; k < n_ev; k++) {
      if (ev[k].frame < from + s || ev[k].frame >= from + s + n)
        continue;
      LV2_Atom_Event *e = (LV2_Atom_Event *)((uint8_t *)&seq->body + seq->atom.size);
      e->time.frames = (int64_t)(ev[k].frame - from - s);
      e->body.size = ev[k].size;
      e->body.type = midi;
      memcpy(e + 1, ev[k].msg, ev[k].size);
      seq->atom.size += lv2_atom_pad_size(sizeof *e + ev[k].size);
      cr_assert_lt(seq->atom.size, sizeof h->seq - 64);
    }
    lilv_instance_connect_port(h->in, 1, l + s);
    lilv_instance_connect_port(h->in, 2, r + s);
    lilv_instance_run(h->in, (uint32_t)n);
  }
}

static float code(const event *e)
{
  return (float)e->msg[0] + (float)e->msg[1] / 128.0f + (float)e->msg[2] / 16384.0f;
}

/* ---- events mode ---- */

/* Runs of 1, 7 and 4096 frames; events (in time order, as a sequence has
 * them) on each run's first and last frame and between, of 1, 2 and 3 bytes: each at its frame,
 * with its code and its number, 0.0 everywhere else. */
Test(instrument_fixture, an_event_comes_out_at_its_frame_in_runs_of_any_length)
{
  const size_t runs[] = {1, 7, 4096};
  for (size_t ri = 0; ri < 3; ri++) {
    const size_t run = runs[ri], frames = 3 * run + 2;
    event ev[16];
    size_t n = 0;
    for (size_t b = 0; b < 3; b++) {
      const uint8_t kinds[3][3] = {{0x90, 60, 100}, {0xC3, 5, 0}, {0xF8, 0, 0}};
      ev[n++] = (event){b * run, {kinds[b][0], kinds[b][1], kinds[b][2]}, 3 - (uint32_t)b};
      if (run > 2)
        ev[n++] = (event){b * run + run / 2, {0xEF, 127, 127}, 3};
      if (run > 1)
        ev[n++] = (event){b * run + run - 1, {0xB1, 64, 127}, 3};
    }
    ev[n++] = (event){frames - 1, {0x85, 0, 1}, 3};
    float *l = calloc(frames, sizeof *l), *r = calloc(frames, sizeof *r);
    host *h = open_host();
    play(h, ev, n, 0, frames, run, l, r);
    for (size_t f = 0; f < frames; f++) {
      size_t k = 0;
      while (k < n && ev[k].frame != f)
        k++;
      if (k == n) {
        cr_expect(l[f] == 0 && r[f] == 0, "run %zu frame %zu: %g %g", run, f, l[f], r[f]);
        continue;
      }
      cr_expect(l[f] == code(&ev[k]), "run %zu frame %zu: %.9g, not %.9g", run, f, l[f],
                code(&ev[k]));
      cr_expect(r[f] == (float)(k + 1), "run %zu frame %zu: number %g, not %zu", run, f, r[f],
                k + 1);
    }
    cr_expect_eq(h->events, (float)n);
    close_host(h);
    free(l);
    free(r);
  }
}

/* Every 3-byte message decodes from its code exactly: status the integer
 * part, data1 the next 7 bits, data2 the last 7. */
Test(instrument_fixture, the_code_round_trips_every_message)
{
  for (unsigned s = 0x80; s < 0x100; s += 0x11)
    for (unsigned d1 = 0; d1 < 128; d1 += 3)
      for (unsigned d2 = 0; d2 < 128; d2++) {
        const event e = {0, {(uint8_t)s, (uint8_t)d1, (uint8_t)d2}, 3};
        const float c = code(&e);
        const unsigned st = (unsigned)floorf(c), a = (unsigned)floorf((c - (float)st) * 128),
                       b = (unsigned)((c - (float)st) * 16384 - (float)a * 128);
        cr_assert(st == s && a == d1 && b == d2, "%02x %u %u -> %.9g", s, d1, d2, c);
      }
}

/* Two events on one frame: the code of the second, and its number (2), so
 * the first shows as missing. */
Test(instrument_fixture, two_events_on_a_frame_leave_the_last_and_its_number)
{
  const event ev[] = {{3, {0x90, 60, 1}, 3}, {3, {0x90, 61, 2}, 3}};
  float l[8] = {0}, r[8] = {0};
  host *h = open_host();
  play(h, ev, 2, 0, 8, 8, l, r);
  cr_expect_eq(l[3], code(&ev[1]));
  cr_expect_eq(r[3], 2.0f);
  cr_expect_eq(h->events, 2.0f);
  close_host(h);
}

/* gain multiplies the output, a run's value for its whole run; delay
 * delays it by as many frames and the latency port says so after a run. */
Test(instrument_fixture, gain_multiplies_and_latency_is_the_delay)
{
  host *h = open_host();
  h->delay = 100;
  h->gain = 0.5f;
  const event ev[] = {{5, {0x90, 69, 127}, 3}, {150, {0x80, 69, 0}, 3}};
  float l[300] = {0}, r[300] = {0};
  play(h, ev, 2, 0, 128, 128, l, r);
  cr_expect_eq(h->latency, 100.0f);
  h->gain = 2;
  play(h, ev, 2, 128, 172, 172, l + 128, r + 128);
  for (size_t f = 0; f < 300; f++) {
    const float want_l = f == 105 ? 0.5f * code(&ev[0]) : f == 250 ? 2 * code(&ev[1]) : 0;
    const float want_r = f == 105 ? 0.5f : f == 250 ? 4 : 0;
    cr_expect(l[f] == want_l && r[f] == want_r, "frame %zu: %g %g", f, l[f], r[f]);
  }
  h->delay = 4096;
  play(h, ev, 0, 300, 1, 1, l, r);
  cr_expect_eq(h->latency, 4096.0f);
  close_host(h);
}

/* fault 1 takes every event at its run's first frame; fault 2 puts a NaN
 * at an event's frame. */
Test(instrument_fixture, faults_on_request)
{
  const event ev[] = {{5, {0x90, 69, 127}, 3}};
  float l[7] = {0}, r[7] = {0};
  host *h = open_host();
  h->fault = 1;
  play(h, ev, 1, 0, 7, 7, l, r);
  cr_expect(l[0] == code(&ev[0]) && l[5] == 0);
  close_host(h);
  h = open_host();
  h->fault = 2;
  play(h, ev, 1, 0, 7, 7, l, r);
  cr_expect(isnan(l[5]) && r[5] == 1 && l[4] == 0);
  close_host(h);
}

/* ---- tone mode ---- */

static double sine(double hz, double k) { return sin(2 * M_PI * hz * k / RATE); }

/* Note 69 at velocity 127 from frame 0: 0.25 sin(2π 440 k / 48000), within
 * float rounding, and 880 zero crossings in its first second; velocity 64
 * the same at 64/127 of it; note 81 an octave up. */
Test(instrument_fixture, note_69_is_440_hz_at_a_level_of_its_velocity)
{
  const size_t n = 48000;
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  const struct {
    uint8_t key, vel;
    double hz;
  } rows[] = {{69, 127, 440}, {69, 64, 440}, {81, 100, 880}, {60, 127, 261.6255653005986}};
  for (size_t i = 0; i < 4; i++) {
    host *h = open_host();
    h->mode = 1;
    const event ev[] = {{0, {0x90, rows[i].key, rows[i].vel}, 3}};
    play(h, ev, 1, 0, n, 1000, l, r);
    const double amp = rows[i].vel / 127.0 * 0.25;
    double worst = 0;
    int crossings = 0;
    for (size_t k = 0; k < n; k++) {
      worst = fmax(worst, fabs(l[k] - amp * sine(rows[i].hz, (double)k)));
      cr_assert_eq(l[k], r[k]);
      crossings += k > 0 && (l[k - 1] < 0) != (l[k] < 0);
    }
    cr_expect_lt(worst, 1e-7, "note %u: off by %g", rows[i].key, worst);
    cr_expect(fabs(crossings - 2 * rows[i].hz) <= 1, "note %u: %d crossings", rows[i].key,
              crossings);
    close_host(h);
  }
  free(l);
  free(r);
}

/* RMS over whole periods of 440 Hz (1200 frames = 11 cycles). */
static double rms(const float *x, size_t at)
{
  double s = 0;
  for (size_t k = 0; k < 1200; k++)
    s += (double)x[at + k] * x[at + k];
  return sqrt(s / 1200);
}

/* A note-off at frame 12000 with release 0.1 s: from there the sine times
 * exp(−k / 4800); the level of a period 1200 frames later is exp(−1/4) of
 * the one before; silent from ceil(ln(10⁶) × 4800) = 66315 frames on. A
 * release of 0 stops it at the note-off's frame. */
Test(instrument_fixture, a_release_decays_by_its_time_constant_and_ends)
{
  const size_t n = 12000 + 66315 + 100;
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  host *h = open_host();
  h->mode = 1;
  const event ev[] = {{0, {0x90, 69, 127}, 3}, {12000, {0x80, 69, 64}, 3}};
  play(h, ev, 2, 0, n, 4096, l, r);
  double worst = 0;
  for (size_t k = 12000; k < 12000 + 66315; k++)
    worst =
        fmax(worst, fabs(l[k] - 0.25 * exp(-(double)(k - 12000) / 4800) * sine(440, (double)k)));
  cr_expect_lt(worst, 1e-7, "off by %g", worst);
  cr_expect(fabs(rms(l, 13200) / rms(l, 12000) - exp(-0.25)) < 1e-6, "%g",
            rms(l, 13200) / rms(l, 12000));
  cr_expect_neq(l[12000 + 66314], 0.0f);
  for (size_t k = 12000 + 66315; k < n; k++)
    cr_assert_eq(l[k], 0.0f, "frame %zu", k);
  close_host(h);

  h = open_host();
  h->mode = 1;
  h->release = 0;
  play(h, ev, 2, 0, 12100, 7, l, r);
  cr_expect_neq(l[11999], 0.0f);
  for (size_t k = 12000; k < 12100; k++)
    cr_assert_eq(l[k], 0.0f, "frame %zu", k);
  close_host(h);
  free(l);
  free(r);
}

/* Pedal down before a note-off keeps the note at full level; the pedal's
 * release starts the note's release. */
Test(instrument_fixture, the_sustain_pedal_holds_a_note_until_it_is_lifted)
{
  const size_t n = 24000;
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  host *h = open_host();
  h->mode = 1;
  h->release = 0;
  const event ev[] = {{0, {0xB0, 64, 127}, 3},
                      {0, {0x90, 69, 127}, 3},
                      {6000, {0x80, 69, 0}, 3},
                      {12000, {0xB0, 64, 0}, 3}};
  play(h, ev, 4, 0, n, 512, l, r);
  double worst = 0;
  for (size_t k = 0; k < 12000; k++)
    worst = fmax(worst, fabs(l[k] - 0.25 * sine(440, (double)k)));
  cr_expect_lt(worst, 1e-7);
  for (size_t k = 12000; k < n; k++)
    cr_assert_eq(l[k], 0.0f, "frame %zu", k);
  close_host(h);
  free(l);
  free(r);
}

/* Chords, releases, pedal and a delay, played in runs of 1, 7, 64 and
 * 4096 frames: the same bytes every time. */
Test(instrument_fixture, the_output_does_not_depend_on_the_run_length)
{
  const size_t n = 30000, runs[] = {1, 7, 64, 4096};
  const event ev[] = {{0, {0x90, 60, 90}, 3},     {10, {0x90, 64, 80}, 3},
                      {4095, {0x90, 67, 70}, 3},  {4096, {0xB0, 64, 100}, 3},
                      {5000, {0x80, 60, 0}, 3},   {9000, {0x90, 64, 0}, 3},
                      {12001, {0xB0, 64, 0}, 3},  {15000, {0x90, 72, 127}, 3},
                      {20000, {0xB0, 123, 0}, 3}, {29999, {0x90, 69, 1}, 3}};
  float *first = calloc(n, sizeof *first);
  for (size_t m = 0; m < 2; m++)
    for (size_t i = 0; i < 4; i++) {
      float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
      host *h = open_host();
      h->mode = (float)m;
      h->delay = 33;
      play(h, ev, sizeof ev / sizeof ev[0], 0, n, runs[i], l, r);
      if (i == 0)
        memcpy(first, l, n * sizeof *l);
      else
        cr_expect(memcmp(first, l, n * sizeof *l) == 0, "mode %zu, runs of %zu differ", m, runs[i]);
      close_host(h);
      free(l);
      free(r);
    }
  free(first);
}
