/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Instrument tracks (issue 43) against answers worked out here, not read
 * back from the engine: MIDI regions played into the tests' own LV2
 * instrument (tests/lv2/instrument.c, in its "events" mode: at each event's
 * frame its left output is the message's code, status + data1/128 +
 * data2/16384, and its right output the event's number from 1) and into
 * the tests' SoundFont (tests/testsf2.h) through fluidsynth. Prints are
 * 32-bit float without dither, so the answers are exact.
 *
 *   timing     each event at at + round(t × rate) − from, t through the
 *              file's tempo map (integer arithmetic here), at any block and
 *              -j; a region's edges as docs/recipe.md promises them (its
 *              start's chased state, its end's note-offs and pedal release,
 *              their order at a frame); picks by track and channel; a
 *              region past the file's end; an SMPTE time base
 *   track      latency compensated beside an audio track; trim, invert,
 *              fader automation and sends on what the instrument plays; a
 *              moving instrument parameter; stems and versions null
 *   tail       tail: auto is the release down to the print's floor
 *   soundfont  pitch, velocity, presets, envelopes, the percussion
 *              channel, the 64-frame grid on the timeline, block and -j
 *   threads    SoundFont and LV2 tracks checked and rendered at -j 8 over
 *              and over: no crash, the same bytes (issue 60)
 *   mistakes   each broken instrument recipe through the binary, at its
 *              line, once; the warnings of a pick with no note, of SysEx */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/graph/query.h"
#include "core/media/midi.h"
#include "core/procs/proc.h"
#include "core/procs/soundfont.h"
#include "io/audio/media.h"
#include "io/midi/smf.h"
#include "io/recipe/parse.h"
#include "io/synth/synth.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define RATE 48000
#define HEAD "stemprint: 1\nsample_rate: 48000\noutput: {depth: 32f, dither: none}\n"
#define EVENTS "{lv2: {plugin: \"urn:stemprint:test:instrument\"}}"

static char *dir, *sf2;

static void setup(void)
{
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  dir = tu_tmpdir();
  sf2 = tu_write_sf2(dir, "t.sf2");
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
  free(sf2);
}

TestSuite(timing, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(track, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(tail, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(soundfont, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(mistakes, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));
TestSuite(threads, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(300));

/* ---- MIDI files and what they should play ------------------------------ */

/* A message of a file: its tick, its track, its bytes (size 2 or 3). */
typedef struct fev {
  int64_t tick;
  uint16_t track;
  uint8_t size;
  uint8_t b[3];
} fev;

#define E3(tick, track, s, d1, d2)                                                                 \
  {                                                                                                \
    tick, track, 3, { s, d1, d2 }                                                                  \
  }
#define E2(tick, track, s, d1)                                                                     \
  {                                                                                                \
    tick, track, 2, { s, d1, 0 }                                                                   \
  }

/* A tempo change: from tick on, us microseconds a quarter note. */
typedef struct tempo {
  int64_t tick;
  uint32_t us;
} tempo;

/* A file of format 1 with the events (in the order a track plays them),
 * tempos and names, written to dir/name; end_tick 0: the last event's. */
static void write_midi(const char *name, int tpq, size_t n_tracks, const char *const *names,
                       const fev *ev, size_t n, const tempo *tm, size_t n_tm, int64_t end_tick)
{
  sp_midi_file *f = sp_midi_file_new(n_tracks > 1 ? 1 : 0, tpq, n_tracks);
  for (size_t i = 0; names && i < n_tracks; i++)
    sp_midi_set_track_name(f, i, names[i]);
  for (size_t i = 0; i < n; i++)
    sp_midi_add_event(f, ev[i].tick, ev[i].track, ev[i].b, ev[i].size);
  for (size_t i = 0; i < n_tm; i++)
    sp_midi_add_tempo(f, tm[i].tick, tm[i].us);
  f->end_tick = end_tick;
  sp_midi_file_finish(f);
  char *path = tu_path(dir, name), why[256];
  cr_assert_eq(sp_smf_write(path, f, why, sizeof why), SP_OK, "%s", why);
  free(path);
  sp_midi_file_free(f);
}

/* The frame of tick in a file of tpq ticks a quarter note and tempo map
 * tm (none: 500000 µs), at RATE: round(48000 × Σ n·us / (10⁶·tpq)), in
 * integers. No tick of these tests falls on a half frame. */
static int64_t frame_of(int64_t tick, int tpq, const tempo *tm, size_t n_tm)
{
  int64_t num = 0, at = 0;
  uint32_t us = 500000;
  for (size_t i = 0; i < n_tm && tm[i].tick < tick; i++) {
    num += (tm[i].tick - at) * (int64_t)us * RATE;
    at = tm[i].tick;
    us = tm[i].us;
  }
  num += (tick - at) * (int64_t)us * RATE;
  const int64_t den = 1000000LL * tpq;
  cr_assert_neq(2 * (num % den), den, "tick %lld falls on a half frame", (long long)tick);
  return (2 * num + den) / (2 * den);
}

/* What the instrument hears: a message at a frame of the timeline. */
typedef struct hit {
  int64_t frame;
  int cls; /* at one frame: 0 a region's end, 1 a region's start state, 2 the file's events */
  uint8_t size;
  uint8_t b[3];
} hit;

typedef struct hits {
  hit v[512];
  size_t n;
} hits;

static void put(hits *h, int64_t frame, int cls, const uint8_t *b, uint8_t size)
{
  cr_assert_lt(h->n, sizeof h->v / sizeof h->v[0]);
  hit *x = &h->v[h->n++];
  *x = (hit){.frame = frame, .cls = cls, .size = size};
  memcpy(x->b, b, size);
}

/* A region as the oracle takes it: frames, and its pick (-1: all). */
typedef struct region {
  int64_t at, from, length;
  int track, channel; /* 0-based */
} region;

/* What region rg of the file (events ev, in the file's order, at frames
 * fr) plays, as docs/recipe.md says it: at its start, each channel's last
 * bank (controllers 0, 32) and program, its other controllers in order,
 * its bend, its pressure and each key's poly pressure before `from`; its
 * events of [from, from +
 * length) at at + frame − from; at its end, per channel, a pedal it left
 * down released (CC64 0) and every note it left on turned off. */
static void oracle(const fev *ev, const int64_t *fr, size_t n, region rg, hits *h)
{
  int cc[16][120], program[16], bend[16], pressure[16], poly[16][128];
  int on[16][128] = {{0}};
  memset(cc, 0xFF, sizeof cc);
  memset(poly, 0xFF, sizeof poly);
  memset(program, 0xFF, sizeof program);
  memset(bend, 0xFF, sizeof bend);
  memset(pressure, 0xFF, sizeof pressure);
  hits played = {.n = 0};
  for (size_t i = 0; i < n; i++) {
    const uint8_t *b = ev[i].b;
    const int ch = b[0] & 15, type = b[0] & 0xF0;
    if ((rg.track >= 0 && ev[i].track != rg.track) || (rg.channel >= 0 && ch != rg.channel))
      continue;
    if (fr[i] < rg.from) {
      if (type == 0xB0 && b[1] < 120) {
        cc[ch][b[1]] = b[2];
      } else if (type == 0xB0 && b[1] == 121) { /* Reset All Controllers, as RP-015 lists them */
        static const int reset[][2] = {{1, 0},  {11, 127}, {64, 0},   {65, 0},    {66, 0},
                                       {67, 0}, {98, 127}, {99, 127}, {100, 127}, {101, 127}};
        for (size_t k = 0; k < sizeof reset / sizeof reset[0]; k++)
          if (cc[ch][reset[k][0]] >= 0)
            cc[ch][reset[k][0]] = reset[k][1];
        if (bend[ch] >= 0)
          bend[ch] = 8192;
        if (pressure[ch] >= 0)
          pressure[ch] = 0;
        for (int k = 0; k < 128; k++)
          if (poly[ch][k] >= 0)
            poly[ch][k] = 0;
      }
      if (type == 0xA0)
        poly[ch][b[1]] = b[2];
      if (type == 0xC0)
        program[ch] = b[1];
      else if (type == 0xE0)
        bend[ch] = b[1] | b[2] << 7;
      else if (type == 0xD0)
        pressure[ch] = b[1];
      continue;
    }
    if (fr[i] >= rg.from + rg.length)
      continue;
    put(&played, rg.at + fr[i] - rg.from, 2, b, ev[i].size);
    if (type == 0x90 && b[2] > 0)
      on[ch][b[1]]++;
    else if ((type == 0x80 || type == 0x90) && on[ch][b[1]] > 0)
      on[ch][b[1]]--;
    else if (type == 0xB0 && (b[1] == 120 || b[1] == 123))
      memset(on[ch], 0, sizeof on[ch]);
  }
  for (int ch = 0; ch < 16; ch++) {
    const uint8_t s = (uint8_t)(0xB0 | ch);
    for (int k = 0; k < 2; k++)
      if (cc[ch][k ? 32 : 0] >= 0)
        put(h, rg.at, 1, (uint8_t[]){s, k ? 32 : 0, (uint8_t)cc[ch][k ? 32 : 0]}, 3);
    if (program[ch] >= 0)
      put(h, rg.at, 1, (uint8_t[]){(uint8_t)(0xC0 | ch), (uint8_t)program[ch]}, 2);
    for (int k = 1; k < 120; k++)
      if (k != 32 && cc[ch][k] >= 0)
        put(h, rg.at, 1, (uint8_t[]){s, (uint8_t)k, (uint8_t)cc[ch][k]}, 3);
    if (bend[ch] >= 0)
      put(h, rg.at, 1,
          (uint8_t[]){(uint8_t)(0xE0 | ch), (uint8_t)(bend[ch] & 127), (uint8_t)(bend[ch] >> 7)},
          3);
    if (pressure[ch] >= 0)
      put(h, rg.at, 1, (uint8_t[]){(uint8_t)(0xD0 | ch), (uint8_t)pressure[ch]}, 2);
    for (int k = 0; k < 128; k++)
      if (poly[ch][k] >= 0)
        put(h, rg.at, 1, (uint8_t[]){(uint8_t)(0xA0 | ch), (uint8_t)k, (uint8_t)poly[ch][k]}, 3);
  }
  for (size_t i = 0; i < played.n; i++) {
    h->v[h->n++] = played.v[i];
    cr_assert_lt(h->n, sizeof h->v / sizeof h->v[0]);
  }
  /* the pedal as the region leaves it: chased, then as it played */
  for (int ch = 0; ch < 16; ch++) {
    bool down = cc[ch][64] >= 64;
    for (size_t i = 0; i < played.n; i++)
      if (played.v[i].b[0] == (0xB0 | ch) && played.v[i].b[1] == 64)
        down = played.v[i].b[2] >= 64;
    if (down)
      put(h, rg.at + rg.length, 0, (uint8_t[]){(uint8_t)(0xB0 | ch), 64, 0}, 3);
    for (int k = 0; k < 128; k++)
      for (int r = 0; r < on[ch][k]; r++)
        put(h, rg.at + rg.length, 0, (uint8_t[]){(uint8_t)(0x80 | ch), (uint8_t)k, 0}, 3);
  }
}

/* Sort hits by frame, then class, keeping the order they were put in
 * otherwise (regions in order, a file's events in its order). */
static void sort_hits(hits *h)
{
  for (size_t i = 1; i < h->n; i++) /* insertion sort: stable */
    for (size_t j = i; j > 0; j--) {
      hit *a = &h->v[j - 1], *b = &h->v[j];
      if (a->frame < b->frame || (a->frame == b->frame && a->cls <= b->cls))
        break;
      const hit t = *a;
      *a = *b;
      *b = t;
    }
}

/* ---- renders ------------------------------------------------------------ */

/* A print read back: interleaved samples, frames, channels. */
typedef struct print {
  double *x;
  int64_t frames;
  int channels;
} print;

static void print_free(print *p)
{
  free(p->x);
  p->x = NULL;
}

/* Render text (a whole recipe) as dir/name.yaml at block frames (0: the
 * default) on threads; res (may be NULL) its result (fini it). Returns its
 * mix, read back from dir/out/name/mix.wav. */
static print render_text(const char *name, const char *text, size_t block, int threads,
                         sp_render_result *res)
{
  char *file = sp_xasprintf("%s.yaml", name), *path = tu_write_text(dir, file, text);
  sp_recipe *r;
  sp_graph *g;
  char *said = tu_build_file(path, &r, &g);
  cr_assert_not_null(g, "%s does not build:\n%s\n%s", name, said, text);
  sp_diags d;
  sp_diags_init(&d);
  sp_render_result own;
  sp_render_opts o = {.block_frames = block, .threads = threads};
  sp_err err = sp_print(g, &o, res ? res : &own, &d);
  sp_diags_print(&d, stderr);
  cr_assert_eq(err, SP_OK, "%s: the render failed", name);
  sp_diags_fini(&d);
  if (!res)
    sp_render_result_fini(&own);
  sp_graph_free(g);
  sp_recipe_free(r);
  print p = {0};
  char *mix = sp_xasprintf("%s/out/%s/mix.wav", dir, name);
  int rate = 0;
  p.x = tu_read(mix, &p.frames, &p.channels, &rate);
  cr_assert_not_null(p.x, "%s: no mix", name);
  cr_assert_eq(rate, RATE);
  free(mix);
  free(said);
  free(path);
  free(file);
  return p;
}

/* The same with HEAD before body. */
static print render(const char *name, const char *body, size_t block, int threads,
                    sp_render_result *res)
{
  char *text = sp_xasprintf(HEAD "%s", body);
  print p = render_text(name, text, block, threads, res);
  free(text);
  return p;
}

/* Another file of the same render: dir/out/name/file. */
static print read_print(const char *name, const char *file)
{
  char *path = sp_xasprintf("%s/out/%s/%s", dir, name, file);
  print p = {0};
  int rate = 0;
  p.x = tu_read(path, &p.frames, &p.channels, &rate);
  cr_assert_not_null(p.x, "no %s", path);
  free(path);
  return p;
}

/* The test instrument's code of a message. */
static double code(const uint8_t *b, uint8_t size)
{
  return (double)b[0] + (size > 1 ? b[1] & 127 : 0) / 128.0 + (size > 2 ? b[2] & 127 : 0) / 16384.0;
}

/* p is the test instrument in events mode playing h (sorted) times
 * scale(frame): at each frame of h the code of its last message on the
 * left and its number (from 1) on the right, 0.0 everywhere else; exact
 * when scale is 1, else within 2e-6 of it. */
static void expect_events(const print *p, const hits *h, double (*scale)(int64_t), const char *what)
{
  cr_assert_eq(p->channels, 2, "%s", what);
  size_t k = 0;
  for (int64_t f = 0; f < p->frames; f++) {
    double want_l = 0, want_r = 0;
    while (k < h->n && h->v[k].frame < f)
      k++;
    size_t last = k;
    while (k < h->n && h->v[k].frame == f)
      last = k++;
    if (last < k) {
      const double s = scale ? scale(f) : 1.0;
      want_l = code(h->v[last].b, h->v[last].size) * s;
      want_r = (double)(last + 1) * s;
    }
    const double l = p->x[2 * f], r = p->x[2 * f + 1];
    const double tol_l = scale ? 2e-6 * fabs(want_l) : 0, tol_r = scale ? 2e-6 * fabs(want_r) : 0;
    if (!(fabs(l - want_l) <= tol_l) || !(fabs(r - want_r) <= tol_r))
      cr_assert_fail("%s: frame %lld is (%.9g, %.9g), expected (%.9g, %.9g)%s", what, (long long)f,
                     l, r, want_l, want_r, last < k ? "" : " (no event there)");
  }
  cr_assert_eq(k, h->n, "%s: %zu of %zu events are past the print's %lld frames", what, h->n - k,
               h->n, (long long)p->frames);
}

/* Whether two prints are the same samples (the same floats: a 32f file's
 * data bytes). */
static bool same_samples(const print *a, const print *b)
{
  return a->frames == b->frames && a->channels == b->channels &&
         memcmp(a->x, b->x, (size_t)a->frames * (size_t)a->channels * sizeof *a->x) == 0;
}

/* ---- timing ------------------------------------------------------------- */

/* The file most timing tests play: a conductor track of two tempos, a
 * track "Keys" on channels 1 and 3, a track "Bass" on channel 2, events on
 * odd ticks, of every kind (2 and 3 bytes), at 480 ticks a quarter note
 * and 432123 µs, then 300007 µs from tick 300: 43.2123 and 30.0007 frames
 * a tick. */
static const char *const timing_names[] = {"Conductor", "Keys", "Bass"};
static const tempo timing_tempos[] = {{0, 432123}, {300, 300007}};
static const fev timing_ev[] = {
    E3(1, 1, 0x90, 60, 100),  E3(3, 2, 0x91, 40, 90),   E3(37, 1, 0xB0, 7, 90),
    E3(101, 1, 0xE0, 17, 64), E3(203, 1, 0x80, 60, 0),  E3(211, 2, 0x81, 40, 0),
    E3(299, 1, 0x92, 67, 80), E2(301, 2, 0xD1, 33),     E3(333, 1, 0x90, 62, 101),
    E3(389, 2, 0xA1, 40, 20), E3(391, 2, 0x91, 42, 70), E2(401, 1, 0xC0, 5),
    E3(455, 1, 0x82, 67, 0),  E3(517, 1, 0x80, 62, 64), E3(599, 2, 0x81, 42, 0),
};
#define N_TIMING (sizeof timing_ev / sizeof timing_ev[0])

static void timing_file(int64_t *fr)
{
  write_midi("timing.mid", 480, 3, timing_names, timing_ev, N_TIMING, timing_tempos, 2, 0);
  for (size_t i = 0; i < N_TIMING; i++)
    fr[i] = frame_of(timing_ev[i].tick, 480, timing_tempos, 2);
}

/* Every event at at + its frame, through both tempos, the same samples at
 * blocks of 1, 37, 4096 frames and the default, on 1, 2 and 4 threads. */
Test(timing, events_land_at_their_frames_at_any_block_and_thread_count)
{
  int64_t fr[N_TIMING];
  timing_file(fr);
  hits h = {.n = 0};
  const int64_t at = 12345;
  oracle(timing_ev, fr, N_TIMING, (region){at, 0, INT64_MAX / 4, -1, -1}, &h);
  sort_hits(&h);
  /* no region end inside the print: the region runs to the file's end */
  size_t kept = 0;
  for (size_t i = 0; i < h.n; i++)
    if (h.v[i].cls != 0)
      h.v[kept++] = h.v[i];
  h.n = kept;
  cr_assert_eq(h.n, N_TIMING);
  const char *body = "tracks:\n  keys: {midi: timing.mid, at: 12345 smp, instrument: " EVENTS "}\n";
  print ref = render("t_default", body, 0, 1, NULL);
  expect_events(&ref, &h, NULL, "default block");
  cr_assert_geq(ref.frames, at + fr[N_TIMING - 1] + 1);
  const size_t blocks[] = {1, 37, 4096};
  for (size_t i = 0; i < 3; i++) {
    char name[32];
    snprintf(name, sizeof name, "t_block%zu", blocks[i]);
    print p = render(name, body, blocks[i], 1, NULL);
    cr_expect(same_samples(&p, &ref), "block %zu: other samples", blocks[i]);
    print_free(&p);
  }
  const int threads[] = {2, 4};
  for (size_t i = 0; i < 2; i++) {
    char name[32];
    snprintf(name, sizeof name, "t_j%d", threads[i]);
    print p = render(name, body, 37, threads[i], NULL);
    cr_expect(same_samples(&p, &ref), "-j %d: other samples", threads[i]);
    print_free(&p);
  }
  print_free(&ref);
}

/* `track:` by name and by number, `channel:`, and both: the events of the
 * part picked, numbered among themselves. */
Test(timing, track_and_channel_pick_the_part)
{
  int64_t fr[N_TIMING];
  timing_file(fr);
  static const struct {
    const char *pick;
    int track, channel;
  } rows[] = {{"track: Keys", 1, -1},
              {"track: 3", 2, -1},
              {"channel: 3", -1, 2},
              {"track: 2, channel: 1", 1, 0},
              {"track: Bass, channel: 2", 2, 1}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    hits h = {.n = 0};
    oracle(timing_ev, fr, N_TIMING, (region){480, 0, INT64_MAX / 4, rows[i].track, rows[i].channel},
           &h);
    size_t kept = 0;
    for (size_t k = 0; k < h.n; k++)
      if (h.v[k].cls != 0)
        h.v[kept++] = h.v[k];
    h.n = kept;
    sort_hits(&h);
    cr_assert_gt(h.n, 1);
    char *body = sp_xasprintf(
        "tracks:\n  keys: {midi: timing.mid, %s, at: 480 smp, instrument: " EVENTS "}\n",
        rows[i].pick);
    char name[32];
    snprintf(name, sizeof name, "pick%zu", i);
    print p = render(name, body, 0, 1, NULL);
    expect_events(&p, &h, NULL, rows[i].pick);
    print_free(&p);
    free(body);
  }
}

/* The file of the region-edge tests, at 480 ticks a quarter note and
 * 432123 µs (43.2123 frames a tick): before tick 100 (frame 4321) channel
 * 1 selects bank 1:2 and program 7, sets volume twice, pan, a pitch bend,
 * pressure, poly pressure on keys 60 and 67, the modulation wheel and an
 * NRPN, resets all controllers (CC121: the wheel, bend, pressure, poly
 * pressure and NRPN back to 0, centre, 0, 0 and null, as RP-015 says),
 * bends again, presses key 60 again, holds the pedal down and begins a
 * note; channel 2 has a program, a bend and a key's poly pressure.
 * Then notes on both channels, the pedal still down, their note-offs after
 * tick 250, and a note at 301 that nothing turns off. */
static const fev edge_ev[] = {
    E3(0, 0, 0xB0, 0, 1),     E3(0, 0, 0xB0, 32, 2),    E2(5, 0, 0xC0, 7),
    E2(7, 0, 0xC1, 9),        E3(9, 0, 0xE1, 127, 127), E3(10, 0, 0xB0, 7, 100),
    E3(11, 0, 0xA1, 48, 33),  E3(12, 0, 0xB0, 10, 32),  E3(15, 0, 0xE0, 0, 80),
    E3(16, 0, 0xA0, 60, 40),  E3(19, 0, 0xA0, 67, 20),  E2(20, 0, 0xD0, 48),
    E3(21, 0, 0xB0, 1, 90),   E3(21, 0, 0xB0, 99, 5),   E3(22, 0, 0xB0, 121, 0),
    E3(23, 0, 0xE0, 0, 90),   E3(24, 0, 0xA0, 60, 70),  E3(25, 0, 0xB0, 64, 127),
    E3(31, 0, 0x90, 60, 100),
    E3(41, 0, 0xB0, 7, 110),  E3(121, 0, 0x80, 60, 0),  E3(151, 0, 0x90, 62, 100),
    E3(221, 0, 0x91, 48, 80), E3(261, 0, 0x80, 62, 0),  E3(271, 0, 0x81, 48, 0),
    E3(301, 0, 0x90, 64, 90),
};
#define N_EDGE (sizeof edge_ev / sizeof edge_ev[0])
static const tempo edge_tempo[] = {{0, 432123}};

static void edge_file(int64_t *fr)
{
  write_midi("edge.mid", 480, 1, NULL, edge_ev, N_EDGE, edge_tempo, 1, 0);
  for (size_t i = 0; i < N_EDGE; i++)
    fr[i] = frame_of(edge_ev[i].tick, 480, edge_tempo, 1);
}

/* The events of the graph's track `name` against h, message by message
 * (the order at a frame included). */
static void expect_schedule(const char *recipe_name, const char *track, const hits *h)
{
  char *file = sp_xasprintf("%s.yaml", recipe_name), *path = tu_path(dir, file);
  sp_recipe *r;
  sp_graph *g;
  char *said = tu_build_file(path, &r, &g);
  cr_assert_not_null(g, "%s", said);
  const int i = sp_graph_find(g, track);
  cr_assert_geq(i, 0);
  const sp_events *ev = &sp_graph_node(g, i)->events;
  for (size_t k = 0; k < h->n && k < ev->n; k++) {
    const sp_event *e = &ev->v[k];
    const hit *w = &h->v[k];
    cr_expect(e->frame == w->frame && e->size == w->size && memcmp(e->msg, w->b, w->size) == 0,
              "%s: event %zu is %02X %02X %02X (%u bytes) at %lld, expected %02X %02X %02X (%u) "
              "at %lld",
              recipe_name, k, e->msg[0], e->size > 1 ? e->msg[1] : 0, e->size > 2 ? e->msg[2] : 0,
              e->size, (long long)e->frame, w->b[0], w->size > 1 ? w->b[1] : 0,
              w->size > 2 ? w->b[2] : 0, w->size, (long long)w->frame);
  }
  cr_expect_eq(ev->n, h->n, "%s: %zu events, expected %zu", recipe_name, ev->n, h->n);
  sp_graph_free(g);
  sp_recipe_free(r);
  free(said);
  free(path);
  free(file);
}

/* `from` and `length` cut a part out of the middle: the state at `from`
 * sent at the region's first frame (bank, program, controllers, bend,
 * pressure, each key's poly pressure, channel by channel: the note begun
 * before it not played), its
 * events, and at at + length the held pedal released and the held notes
 * turned off, before the next region's first events at that frame. */
Test(timing, a_regions_edges_chase_the_state_and_close_what_it_left_on)
{
  int64_t fr[N_EDGE];
  edge_file(fr);
  const int64_t at = 1000, from = 4000, length = 6000, at2 = at + length;
  hits h = {.n = 0};
  oracle(edge_ev, fr, N_EDGE, (region){at, from, length, -1, -1}, &h);
  oracle(edge_ev, fr, N_EDGE, (region){at2, 0, 2000, -1, -1}, &h);
  sort_hits(&h);
  /* what the oracle says, said again by hand for the first region's edges */
  cr_assert_eq(h.v[0].frame, at);
  static const uint8_t start[][3] = {{0xB0, 0, 1},    {0xB0, 32, 2},   {0xC0, 7, 0},
                                     {0xB0, 1, 0},    {0xB0, 7, 110},  {0xB0, 10, 32},
                                     {0xB0, 64, 127}, {0xB0, 99, 127}, {0xE0, 0, 90},
                                     {0xD0, 0, 0},    {0xA0, 60, 70},  {0xA0, 67, 0},
                                     {0xC1, 9, 0},    {0xE1, 127, 127}, {0xA1, 48, 33}};
  for (size_t k = 0; k < sizeof start / sizeof start[0]; k++)
    cr_assert(h.v[k].frame == at && memcmp(h.v[k].b, start[k], h.v[k].size) == 0, "%zu", k);
  size_t end = 0;
  while (h.v[end].frame < at2)
    end++;
  static const uint8_t close[][3] = {{0xB0, 64, 0}, {0x80, 62, 0}, {0x81, 48, 0}, {0xB0, 0, 1}};
  for (size_t k = 0; k < sizeof close / sizeof close[0]; k++)
    cr_assert(h.v[end + k].frame == at2 && memcmp(h.v[end + k].b, close[k], 3) == 0, "%zu", k);
  const char *body = "tracks:\n  keys:\n    instrument: " EVENTS "\n    regions:\n"
                     "      - {midi: edge.mid, at: 1000 smp, from: 4000 smp, length: 6000 smp}\n"
                     "      - {midi: edge.mid, at: 7000 smp, length: 2000 smp}\n";
  print p = render("edges", body, 0, 1, NULL);
  expect_schedule("edges", "keys", &h);
  expect_events(&p, &h, NULL, "edges");
  print_free(&p);
}

/* Regions that overlap play together, each with its own edges; the same
 * region as one of a track's fields (not a list) is the same. */
Test(timing, overlapping_regions_play_together)
{
  int64_t fr[N_EDGE];
  edge_file(fr);
  hits h = {.n = 0};
  oracle(edge_ev, fr, N_EDGE, (region){100, 0, 9000, -1, -1}, &h);
  oracle(edge_ev, fr, N_EDGE, (region){3333, 2500, 7000, -1, 0}, &h);
  oracle(edge_ev, fr, N_EDGE, (region){5001, 6000, 20000, -1, 1}, &h);
  sort_hits(&h);
  const char *body = "tracks:\n  keys:\n    instrument: " EVENTS "\n    regions:\n"
                     "      - {midi: edge.mid, at: 100 smp, length: 9000 smp}\n"
                     "      - {midi: edge.mid, at: 3333 smp, from: 2500 smp, length: 7000 smp, "
                     "channel: 1}\n"
                     "      - {midi: edge.mid, at: 5001 smp, from: 6000 smp, length: 20000 smp, "
                     "channel: 2}\n";
  print p = render("overlap", body, 0, 1, NULL);
  expect_schedule("overlap", "keys", &h);
  expect_events(&p, &h, NULL, "overlap");
  print_free(&p);
  /* one region written on the track itself */
  hits one = {.n = 0};
  oracle(edge_ev, fr, N_EDGE, (region){777, 1234, 5555, -1, -1}, &one);
  sort_hits(&one);
  print q = render("fields",
                   "tracks:\n  keys: {midi: edge.mid, at: 777 smp, from: 1234 smp, length: 5555 "
                   "smp, instrument: " EVENTS "}\n",
                   0, 1, NULL);
  expect_events(&q, &one, NULL, "fields");
  print_free(&q);
}

/* A region longer than its file plays nothing past the file's end, and
 * turns off there, at at + length, the note the file left on. */
Test(timing, a_region_may_run_past_the_files_end)
{
  const fev ev[] = {E3(1, 0, 0x90, 64, 90), E3(7, 0, 0x90, 67, 91)};
  write_midi("short.mid", 480, 1, NULL, ev, 2, NULL, 0, 100); /* 50 frames a tick */
  hits h = {.n = 0};
  put(&h, 2000 + 50, 2, ev[0].b, 3);
  put(&h, 2000 + 350, 2, ev[1].b, 3);
  put(&h, 2000 + 48000, 0, (uint8_t[]){0x80, 64, 0}, 3);
  put(&h, 2000 + 48000, 0, (uint8_t[]){0x80, 67, 0}, 3);
  print p = render(
      "past",
      "tracks:\n  keys: {midi: short.mid, at: 2000 smp, length: 1 s, instrument: " EVENTS "}\n", 0,
      1, NULL);
  expect_events(&p, &h, NULL, "past the end");
  cr_assert_geq(p.frames, 2000 + 48000 + 1);
  print_free(&p);
  /* without a length it ends with the file (its End of Track at tick 100) */
  hits e = {.n = 0};
  put(&e, 2000 + 50, 2, ev[0].b, 3);
  put(&e, 2000 + 350, 2, ev[1].b, 3);
  put(&e, 2000 + 5000, 0, (uint8_t[]){0x80, 64, 0}, 3);
  put(&e, 2000 + 5000, 0, (uint8_t[]){0x80, 67, 0}, 3);
  print q =
      render("to_end", "tracks:\n  keys: {midi: short.mid, at: 2000 smp, instrument: " EVENTS "}\n",
             0, 1, NULL);
  expect_events(&q, &e, NULL, "to the end");
  print_free(&q);
}

/* An SMPTE time base: 29.97 drop-frame, 80 ticks a frame, a tick is
 * 1001 / 2400000 s (20.02 frames); the file's tempo changes nothing. */
Test(timing, an_smpte_time_base_is_timed_by_its_frames)
{
  sp_midi_file *f = sp_midi_file_new(0, 0, 1);
  f->smpte_fps = 29;
  f->ticks_per_frame = 80;
  const int64_t ticks[] = {1, 37, 499, 1001};
  for (size_t i = 0; i < 4; i++)
    sp_midi_add_event(f, ticks[i], 0, (uint8_t[]){0x90, (uint8_t)(60 + i), 100}, 3);
  sp_midi_add_tempo(f, 100, 250000);
  sp_midi_file_finish(f);
  char *path = tu_path(dir, "smpte.mid"), why[256];
  cr_assert_eq(sp_smf_write(path, f, why, sizeof why), SP_OK, "%s", why);
  sp_midi_file_free(f);
  free(path);
  hits h = {.n = 0};
  for (size_t i = 0; i < 4; i++) {
    const int64_t num = ticks[i] * 1001 * RATE, den = 2400000;
    put(&h, 10 + (2 * num + den) / (2 * den), 2, (uint8_t[]){0x90, (uint8_t)(60 + i), 100}, 3);
  }
  cr_assert_eq(h.v[1].frame, 10 + 741); /* 37 × 20.02 = 740.74 */
  print p = render("smpte",
                   "tracks:\n  keys: {midi: smpte.mid, at: 10 smp, length: 2 s, "
                   "instrument: " EVENTS "}\n",
                   0, 1, NULL);
  /* the notes left on turned off at the region's end */
  for (size_t i = 0; i < 4; i++)
    put(&h, 10 + 96000, 0, (uint8_t[]){0x80, (uint8_t)(60 + i), 0}, 3);
  expect_events(&p, &h, NULL, "smpte");
  print_free(&p);
}

/* ---- after the instrument, a track -------------------------------------- */

/* A stereo WAV of frames frames, silent but for (frame, level) pairs on
 * both channels. */
static void write_clicks(const char *name, int64_t frames, const int64_t *at, const float *level,
                         size_t n)
{
  float *x = sp_xcalloc(2 * (size_t)frames, sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[2 * at[i]] = x[2 * at[i] + 1] = level[i];
  free(tu_write_wav(dir, name, 2, RATE, 32, x, frames));
  free(x);
}

/* The instrument's latency (its `delay`, reported on its latency port) is
 * compensated: its output at the event's frame, aligned with an audio
 * track's click at that frame, in the mix and in each stem. */
Test(track, an_instruments_latency_is_compensated_beside_an_audio_track)
{
  const fev ev[] = {E3(2, 0, 0x90, 60, 100), E3(41, 0, 0x80, 60, 0)}; /* 50 frames a tick */
  write_midi("lat.mid", 480, 1, NULL, ev, 2, NULL, 0, 0);
  const int64_t clicks[] = {7000, 8950};
  const float levels[] = {0.5f, 0.25f};
  write_clicks("click.wav", 10000, clicks, levels, 2);
  sp_render_result res;
  print mix = render("latency",
                     "tracks:\n"
                     "  keys: {midi: lat.mid, at: 6900 smp, instrument: {lv2: {plugin: "
                     "\"urn:stemprint:test:instrument\", delay: 100}}}\n"
                     "  click: {file: click.wav}\n"
                     "stems: {keys: [keys], click: [click]}\n",
                     0, 1, &res);
  cr_expect_eq(res.latency, 100, "the render compensated %lld frames", (long long)res.latency);
  cr_expect(res.null_ran && res.null_passed);
  sp_render_result_fini(&res);
  hits h = {.n = 0};
  put(&h, 7000, 2, ev[0].b, 3);
  put(&h, 8950, 2, ev[1].b, 3);
  print keys = read_print("latency", "keys.wav"), click = read_print("latency", "click.wav");
  expect_events(&keys, &h, NULL, "the instrument's stem");
  for (int64_t f = 0; f < mix.frames; f++)
    for (int c = 0; c < 2; c++) {
      const double want = f == 7000 ? levels[0] : f == 8950 ? levels[1] : 0.0;
      cr_assert_eq(click.x[2 * f + c], want, "click at %lld: %g", (long long)f, click.x[2 * f + c]);
      cr_assert_eq(mix.x[2 * f + c], keys.x[2 * f + c] + click.x[2 * f + c], "mix at %lld",
                   (long long)f);
    }
  cr_assert_eq(mix.x[2 * 7000], code(ev[0].b, 3) + 0.5);
  print_free(&mix);
  print_free(&keys);
  print_free(&click);
}

/* The instrument's gain parameter from 1 to 3 over the first second, read
 * (as a plugin's moving parameters are) at the start of each 32-frame
 * control period; the track's trim -6 dB, inverted; its fader -12 dB over
 * the same second (linear in dB, each frame); a post-fader send at -6 dB to
 * a bus. */
static double moved(int64_t f)
{
  const double period = (double)(f / 32 * 32), ins = 1 + 2 * fmin(period, RATE) / RATE;
  const double fader = pow(10, -12 * fmin((double)f, RATE) / RATE / 20);
  return -(double)(float)ins * pow(10, -6 / 20.0) * fader * (1 + pow(10, -6 / 20.0));
}

/* After the instrument the track is a track: trim and invert act on both
 * its channels, then its fader's automation and its send; and a moving
 * parameter of the instrument moves as a plugin's do (docs/lv2.md). The
 * same at every block. */
Test(track, trim_invert_fader_send_and_a_moving_parameter_act_on_what_it_plays)
{
  const fev ev[] = {E3(3, 0, 0x90, 60, 100), E3(251, 0, 0xB0, 7, 100), E3(517, 0, 0x80, 60, 0),
                    E3(941, 0, 0xE0, 0, 64)};
  write_midi("move.mid", 480, 1, NULL, ev, 4, NULL, 0, 1000);
  hits h = {.n = 0};
  for (size_t i = 0; i < 4; i++)
    put(&h, 1001 + 50 * ev[i].tick, 2, ev[i].b, 3);
  const char *body = "tracks:\n"
                     "  keys:\n"
                     "    midi: move.mid\n"
                     "    at: 1001 smp\n"
                     "    instrument: {lv2: {plugin: \"urn:stemprint:test:instrument\", gain: "
                     "[[0, 1], [1 s, 3]]}}\n"
                     "    trim: -6 dB\n"
                     "    invert: true\n"
                     "    gain: [[0, 0 dB], [1 s, -12 dB]]\n"
                     "    sends: [{to: fx, level: -6 dB}]\n"
                     "buses:\n"
                     "  fx: {}\n";
  print p = render("moves", body, 0, 1, NULL);
  expect_events(&p, &h, moved, "moves");
  const size_t blocks[] = {1, 100};
  for (size_t i = 0; i < 2; i++) {
    char name[32];
    snprintf(name, sizeof name, "moves%zu", blocks[i]);
    print q = render(name, body, blocks[i], 2, NULL);
    cr_expect(same_samples(&p, &q), "block %zu: other samples", blocks[i]);
    print_free(&q);
  }
  print_free(&p);
}

/* A polarity of each channel (`invert: [true, false]`), fixed or moving,
 * acts on the channels the instrument plays, as `invert: true` does: the
 * left inverted, the right upright; a setting of more channels than it
 * plays refused at the key. Before, each was refused as "2 polarities for
 * a strip whose chain takes 1 channel" (the MIDI before the instrument),
 * so an Ardour MIDI track's polarity automation (its settings one for
 * each of the instrument's two channels) failed its import and check;
 * and the count was said as a chain's, where the user knows the
 * instrument's (now "a track whose instrument plays 2 channels"). */
Test(track, a_polarity_of_each_channel_acts_on_what_the_instrument_plays)
{
  const fev ev[] = {E3(3, 0, 0x90, 60, 100), E3(251, 0, 0x80, 60, 0)};
  write_midi("pol.mid", 480, 1, NULL, ev, 2, NULL, 0, 300);
  static const char *const inverts[] = {"[true, false]",
                                        "[[0 smp, [true, false]], [1 s, [true, false]]]"};
  print up =
      render("pol", "tracks:\n  keys: {midi: pol.mid, instrument: " EVENTS "}\n", 0, 1, NULL);
  for (size_t k = 0; k < 2; k++) {
    char *body = sp_xasprintf(
        "tracks:\n  keys: {midi: pol.mid, instrument: " EVENTS ", invert: %s}\n", inverts[k]);
    print p = render(k ? "pol_moving" : "pol_list", body, 0, 1, NULL);
    cr_assert_eq(p.frames, up.frames);
    size_t heard = 0;
    for (int64_t f = 0; f < p.frames; f++) {
      cr_assert_eq(p.x[2 * f], -up.x[2 * f], "%s: left at %lld", inverts[k], (long long)f);
      cr_assert_eq(p.x[2 * f + 1], up.x[2 * f + 1], "%s: right at %lld", inverts[k], (long long)f);
      heard += up.x[2 * f] != 0;
    }
    cr_expect_eq(heard, 2);
    print_free(&p);
    free(body);
  }
  print_free(&up);
  char *path = tu_write_text(dir, "pol3.yaml",
                             HEAD "tracks:\n  keys: {midi: pol.mid, instrument: " EVENTS
                                  ", invert: [[0 smp, false], [1 s, [true, false, true]]]}\n");
  char *err = NULL;
  cr_assert_neq(tu_run((const char *[]){"check", path, NULL}, NULL, &err), 0);
  cr_expect(strstr(err, "tracks.keys.invert: a moving polarity's setting of 3 channels for a "
                        "track whose instrument plays 2 channels"),
            "%s", err);
  free(err);
  free(path);
  path = tu_write_text(dir, "pol3s.yaml",
                       HEAD "tracks:\n  keys: {midi: pol.mid, instrument: " EVENTS
                            ", invert: [true, false, true]}\n");
  cr_assert_neq(tu_run((const char *[]){"check", path, NULL}, NULL, &err), 0);
  cr_expect(strstr(err, "tracks.keys.invert: 3 polarities for a track whose instrument plays 2 "
                        "channels: give one true or false for each"),
            "%s", err);
  free(err);
  free(path);
}

/* An instrument refused (a plugin not installed) leaves what the track
 * plays unknown: the inserts after it and a polarity per channel are not
 * judged, the plugin is said. Before, the chain was judged as the MIDI's
 * one channel: 'width needs a stereo signal and this one is mono' and '2
 * polarities for a strip whose chain takes 1 channel' beside the cause. */
Test(track, an_instrument_refused_is_said_and_not_what_it_would_play)
{
  const fev ev[] = {E3(3, 0, 0x90, 60, 100), E3(251, 0, 0x80, 60, 0)};
  write_midi("gone.mid", 480, 1, NULL, ev, 2, NULL, 0, 300);
  char *path = tu_write_text(dir, "gone.yaml",
                             HEAD "tracks:\n  keys: {midi: gone.mid, instrument: {lv2: {plugin: "
                                  "\"urn:stemprint:test:none\"}}, inserts: [width: 1.2], "
                                  "invert: [true, false]}\n");
  char *err = NULL;
  cr_assert_eq(tu_run((const char *[]){"check", path, NULL}, NULL, &err), 2);
  cr_expect(strstr(err, "tracks.keys.instrument.lv2.plugin: no LV2 plugin "
                        "'urn:stemprint:test:none' is installed here"),
            "%s", err);
  cr_expect_null(strstr(err, "tracks.keys.inserts"), "%s", err);
  cr_expect_null(strstr(err, "tracks.keys.invert"), "%s", err);
  free(err);
  free(path);
}

/* Stems and versions of a song with an instrument (the test instrument's
 * tone) beside an audio track, through a send to an echo and master's
 * compressor: the stems and the linked version null, and an own version
 * is the mix of the same song with the audio track muted, to the bit (the
 * instrument plays the same again in the version's pass). */
Test(track, stems_and_versions_null_with_an_instrument)
{
  const fev ev[] = {E3(0, 0, 0x90, 57, 100), E3(120, 0, 0x90, 64, 90), E3(300, 0, 0x80, 57, 0),
                    E3(420, 0, 0x80, 64, 0)};
  write_midi("song.mid", 480, 1, NULL, ev, 4, NULL, 0, 0);
  float *g = sp_xcalloc(2 * 24000, sizeof *g);
  for (int i = 0; i < 24000; i++)
    g[2 * i] = g[2 * i + 1] = (float)(0.3 * sin(2 * M_PI * 110 * i / RATE) * exp(-i / 9000.0));
  free(tu_write_wav(dir, "gtr.wav", 2, RATE, 32, g, 24000));
  free(g);
  const char *song =
      "tracks:\n"
      "  keys: {midi: song.mid, instrument: {lv2: {plugin: \"urn:stemprint:test:instrument\", "
      "mode: Tone, release: 0.05}}, sends: [{to: fx, level: -3 dB}]%s}\n"
      "  gtr: {file: gtr.wav%s}\n"
      "buses:\n"
      "  fx: {inserts: [{delay: {time: 30 ms, feedback: 0.3}}]}\n"
      "master: {inserts: [{compressor: {threshold: -20 dB, ratio: 3}}]}\n"
      "stems: {keys: [keys], gtr: [gtr]}\n"
      "%s";
  char *body = sp_xasprintf(song, "", "",
                            "versions:\n  no_keys: {mute: [keys]}\n  keys_own: {mute: [gtr], "
                            "mode: own}\n");
  sp_render_result res;
  print mix = render("song", body, 0, 2, &res);
  cr_expect(res.null_ran && res.null_passed, "the stems do not null");
  cr_assert_eq(res.n_version_nulls, 1);
  cr_expect(res.version_nulls[0].null.passed, "the linked version does not null");
  sp_render_result_fini(&res);
  print keys = read_print("song", "keys.wav"), own = read_print("song", "keys_own.wav");
  cr_expect_gt(tu_peak(keys.x, (size_t)(2 * keys.frames)), 0.1, "the instrument's stem is silent");
  free(body);
  body = sp_xasprintf(song, "", ", mute: true", "");
  print muted = render("muted", body, 0, 1, NULL);
  /* (the version is as long as the mix, which gtr makes longer: past the
   * muted song's end, what is left of the echoes, below the floor) */
  cr_assert_geq(own.frames, muted.frames);
  cr_expect(memcmp(own.x, muted.x, (size_t)muted.frames * 2 * sizeof *own.x) == 0,
            "the own version is not the song with gtr muted");
  const size_t past = (size_t)(own.frames - muted.frames) * 2;
  cr_expect_lt(tu_peak(own.x + 2 * muted.frames, past), pow(10, -150 / 20.0));
  free(body);
  print_free(&mix);
  print_free(&keys);
  print_free(&own);
  print_free(&muted);
}

/* ---- tails ------------------------------------------------------------- */

/* tail: auto hears the instrument's release. The test instrument's note 69
 * at velocity 127 is 0.25 sin(2π 440 t), released as exp(-k / (R rate))
 * and silent from k = ceil(ln(10⁶) R rate) on; its note is held to the
 * region's end. At 32-bit float (floor -150 dBFS) the release is heard to
 * that end (-120 dB: 2.5e-7, above the floor), at 16 bit (floor -98 dBFS)
 * to where 0.25 exp(-k / (R rate)) falls to 10^(-98/20): k = R rate
 * ln(0.25 / 10^(-98/20)). The tail is where the output last exceeds the
 * floor: within a period of 440 Hz (110 frames) before that. */
Test(tail, tail_auto_is_the_release_down_to_the_prints_floor)
{
  const fev ev[] = {E3(0, 0, 0x90, 69, 127)};
  write_midi("held.mid", 480, 1, NULL, ev, 1, NULL, 0, 480); /* held to 0.5 s */
  const double release = 0.05, tau = release * RATE;
  const struct {
    const char *depth;
    double floor_db;
    double end;
  } rows[] = {{"32f", -150, ceil(log(1e6) * tau)},
              {"16", -98, tau * log(0.25 / pow(10, -98 / 20.0))}};
  for (size_t i = 0; i < 2; i++) {
    char *text = sp_xasprintf("stemprint: 1\nsample_rate: 48000\n"
                              "output: {depth: %s, dither: none}\ntail: auto\n"
                              "tracks:\n  keys: {midi: held.mid, at: 1000 smp, instrument: {lv2: "
                              "{plugin: \"urn:stemprint:test:instrument\", mode: Tone, release: "
                              "%g}}}\n",
                              rows[i].depth, release);
    char name[32];
    snprintf(name, sizeof name, "tail%s", rows[i].depth);
    sp_render_result res;
    print p = render_text(name, text, 0, 1, &res);
    const int64_t end = 1000 + 24000;
    cr_expect(res.tail_frames <= (int64_t)ceil(rows[i].end) &&
                  res.tail_frames >= (int64_t)rows[i].end - 110,
              "%s: a tail of %lld frames, expected %.0f less up to a period", rows[i].depth,
              (long long)res.tail_frames, rows[i].end);
    cr_expect_eq(p.frames, end + res.tail_frames, "%s: %lld frames", rows[i].depth,
                 (long long)p.frames);
    /* what the print holds is the release as worked out */
    for (int64_t k = 0; k < 2000; k += 97) {
      const double phase = fmod(440.0 * (double)(end + k - 1000) / RATE, 1.0);
      const double want = 0.25 * exp(-(double)k / tau) * sin(2 * M_PI * phase);
      const double tol = rows[i].floor_db < -100 ? 1e-6 : 1.0 / 32768;
      cr_expect(fabs(p.x[2 * (end + k)] - want) <= tol,
                "%s: %g at %lld frames into the release, "
                "expected %g",
                rows[i].depth, p.x[2 * (end + k)], (long long)k, want);
    }
    sp_render_result_fini(&res);
    print_free(&p);
    free(text);
  }
}

/* tail: auto hears the instrument with the controllers the track leaves
 * it with: the tests' SoundFont with fluidsynth's own reverb on, a note
 * sent to it at full depth (CC91 127, before the note) held for 0.1 s.
 * The reverb rings on for seconds; the print (32f: floor -150 dBFS) holds
 * it down to where it is gone: its last 0.1 s below -140 dBFS. Heard
 * without the CC91 the probe was a dry note: a tail of its release (704
 * frames) and a print cut at -18 dBFS. */
Test(tail, tail_auto_hears_the_controllers_the_track_leaves)
{
  const fev ev[] = {E3(0, 0, 0xB0, 91, 127), E3(1, 0, 0x90, 69, 127), E3(4801, 0, 0x80, 69, 0)};
  write_midi("wet.mid", 480, 1, NULL, ev, 3, (const tempo[]){{0, 10000}}, 1,
             0); /* a tick a frame */
  sp_render_result res;
  print p = render_text("wet",
                        "stemprint: 1\nsample_rate: 48000\noutput: {depth: 32f, dither: none}\n"
                        "tail: auto\ntracks:\n  sf: {midi: wet.mid, instrument: {soundfont: "
                        "{file: t.sf2, reverb: true}}}\n",
                        0, 1, &res);
  cr_expect_gt(res.tail_frames, RATE, "a tail of %lld frames", (long long)res.tail_frames);
  sp_render_result_fini(&res);
  cr_assert_gt(p.frames, 4800);
  const double end_db = 20 * log10(tu_peak(p.x + 2 * (p.frames - 4800), 2 * 4800));
  cr_expect_lt(end_db, -140, "the print ends at %.1f dBFS", end_db);
  print_free(&p);
}

/* ---- SoundFonts ----------------------------------------------------------- */

/* A file of notes timed in frames: 480 ticks a quarter note at 10000 µs,
 * a tick a frame at 48 kHz. */
static const tempo frame_tempo[] = {{0, 10000}};

static void write_frames_midi(const char *name, const fev *ev, size_t n, int64_t end)
{
  write_midi(name, 480, 1, NULL, ev, n, frame_tempo, 1, end);
}

/* The frequency of channel c of p over frames [a, b): upward zero
 * crossings, each placed between its two frames by linear interpolation,
 * cycles over the time between the first and the last. */
static double frequency(const print *p, int c, int64_t a, int64_t b)
{
  double first = -1, last = 0;
  int cycles = 0;
  for (int64_t i = a + 1; i < b; i++) {
    const double x0 = p->x[2 * (i - 1) + c], x1 = p->x[2 * i + c];
    if (x0 < 0 && x1 >= 0) {
      const double t = (double)(i - 1) + x0 / (x0 - x1);
      if (first < 0)
        first = t;
      else
        cycles++;
      last = t;
    }
  }
  return cycles / ((last - first) / RATE);
}

static double rms(const print *p, int c, int64_t a, int64_t n)
{
  double s = 0;
  for (int64_t i = a; i < a + n; i++)
    s += p->x[2 * i + c] * p->x[2 * i + c];
  return sqrt(s / (double)n);
}

/* The peak of channel 0 over the 110 frames from a: a period of 440 Hz. */
static double envelope(const print *p, int64_t a)
{
  double m = 0;
  for (int64_t i = a; i < a + 110 && i < p->frames; i++)
    m = fmax(m, fabs(p->x[2 * i]));
  return m;
}

static int64_t first_nonzero(const print *p, int64_t from)
{
  for (int64_t i = from; i < p->frames; i++)
    if (p->x[2 * i] != 0 || p->x[2 * i + 1] != 0)
      return i;
  return -1;
}

static int64_t last_nonzero(const print *p)
{
  for (int64_t i = p->frames; i-- > 0;)
    if (p->x[2 * i] != 0 || p->x[2 * i + 1] != 0)
      return i;
  return -1;
}

/* A track playing name with the tests' SoundFont, more settings after. */
static char *sf_body(const char *midi, const char *at, const char *settings)
{
  return sp_xasprintf(
      "tracks:\n  sf: {midi: %s, at: %s, instrument: {soundfont: {file: t.sf2%s}}}\n", midi, at,
      settings);
}

/* A note whose on and off fall in one of fluidsynth's 64-frame blocks (a
 * drum export's 1-tick hit: 10 frames here) sounds for fluidsynth's
 * shortest note, 10 ms (synth.min-note-length's default, as its player
 * and Ardour's a-fluidsynth keep it), then its release: 480 frames on
 * the grid, then "Sine"'s 704. Before, with the setting at 0, it made no
 * sound at all: a part of such hits printed a silent mix, exit 0 (review
 * 22 F1). A note of 10 ms and more ends where the MIDI ends it, as before. */
Test(soundfont, a_note_shorter_than_a_block_sounds_for_the_shortest_note)
{
  const fev tick[] = {E3(4800, 0, 0x90, 69, 127), E3(4810, 0, 0x80, 69, 0)};
  write_frames_midi("hit.mid", tick, 2, 24000);
  char *body = sf_body("hit.mid", "0", "");
  print p = render("sf_hit", body, 0, 1, NULL);
  free(body);
  cr_assert_gt(p.frames, 8000);
  cr_expect_eq(first_nonzero(&p, 0), 4801, "it starts on its block (a sine's first sample 0)");
  cr_expect_eq(last_nonzero(&p), 4800 + 512 + 704 - 1,
               "10 ms (480 frames, to the grid), then the release: %lld",
               (long long)last_nonzero(&p));
  cr_expect_gt(envelope(&p, 4900), 0.05, "it sounds: %g", envelope(&p, 4900));
  print_free(&p);
}

/* A region played to its file's own end takes the file's last frame: a
 * note-on at End of Track (a last hit written without its note-off, the
 * file's most ordinary ending) plays, then is released after it. Before,
 * it was dropped (the region ended before its end frame's events), a
 * file of one such hit a silent print (review 22 F2). */
Test(soundfont, a_note_on_at_the_files_end_plays)
{
  const fev last[] = {E3(4800, 0, 0x90, 69, 127)};
  write_frames_midi("last.mid", last, 1, 0);
  char *body = sf_body("last.mid", "0", "");
  print p = render("sf_last", body, 0, 1, NULL);
  free(body);
  cr_assert_gt(p.frames, 4801);
  cr_expect_eq(first_nonzero(&p, 0), 4801, "it starts on its block (a sine's first sample 0)");
  cr_expect_gt(envelope(&p, 4900), 0.05, "it sounds: %g", envelope(&p, 4900));
  print_free(&p);
}

/* A file whose tracks name two MIDI ports (FF 21), each a device of 16
 * channels, is played on one set of 16: said at the region, with the fix
 * (a region a port, by track); a region that picks a track is not (review
 * 22 F3: one port's program change turned the other's piano into strings,
 * exit 0 in silence). */
Test(soundfont, two_midi_ports_merged_on_one_are_said)
{
  static const uint8_t smf[] = {
      'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 2, 0x01, 0xE0,
      /* port 0: a note on channel 1 */
      'M', 'T', 'r', 'k', 0, 0, 0, 22, 0x00, 0xFF, 0x21, 0x01, 0x00, 0x00, 0xFF, 0x03, 0x01, 'A',
      0x00, 0x90, 69, 100, 0x60, 0x80, 69, 0, 0x00, 0xFF, 0x2F, 0x00,
      /* port 1: another part on channel 1 */
      'M', 'T', 'r', 'k', 0, 0, 0, 22, 0x00, 0xFF, 0x21, 0x01, 0x01, 0x00, 0xFF, 0x03, 0x01, 'B',
      0x00, 0x90, 72, 100, 0x60, 0x80, 72, 0, 0x00, 0xFF, 0x2F, 0x00};
  free(tu_write_bytes(dir, "ports.mid", smf, sizeof smf));
  static const char *const picks[] = {"", ", track: A"};
  for (int k = 0; k < 2; k++) {
    char *text = sp_xasprintf("stemprint: 1\ntracks:\n  sf: {midi: ports.mid%s, instrument: "
                              "{soundfont: {file: t.sf2}}}\n",
                              picks[k]);
    char *recipe = tu_write_text(dir, "ports.yaml", text);
    const char *args[] = {"check", recipe, NULL};
    char *out = NULL, *err = NULL;
    cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
    const char *said = strstr(err, "ports.mid' sends its tracks to 2 MIDI ports (port prefix, FF "
                                   "21), each a device of 16 channels of its own; the region "
                                   "plays them on one");
    cr_expect(k ? !said
                : said && strstr(said, "give each port's tracks a region of their own "
                                       "('track: NAME')"),
              "%s", err);
    free(out), free(err), free(recipe), free(text);
  }
}

/* A time signature of no meter is left out and said (the file was
 * refused: review 22 F6); an MTrk after the tracks the header counts is
 * said, not read (in silence before: F4). */
Test(soundfont, a_meter_of_none_and_an_uncounted_track_are_said)
{
  static const uint8_t smf[] = {
      'M', 'T', 'h',  'd',  0,  0,   0,    6,    0,    1,    0,    1,    0x01, 0xE0, 'M',  'T',
      'r', 'k', 0,    0,    0,  20,  0x00, 0xFF, 0x58, 4,    0,    2,    24,   8,    0x00, 0x90,
      69,  100, 0x60, 0x80, 69, 0,   0x00, 0xFF, 0x2F, 0x00, 'M',  'T',  'r',  'k',  0,    0,
      0,   12,  0x00, 0x90, 72, 100, 0x60, 0x80, 72,   0,    0x00, 0xFF, 0x2F, 0x00};
  free(tu_write_bytes(dir, "odd.mid", smf, sizeof smf));
  char *recipe = tu_write_text(dir, "odd.yaml",
                               "stemprint: 1\ntracks:\n  sf: {midi: odd.mid, instrument: "
                               "{soundfont: {file: t.sf2}}}\n");
  const char *args[] = {"check", recipe, NULL};
  char *out = NULL, *err = NULL;
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(err, "odd.mid' holds 1 track (MTrk) after the 1 its header counts, not read: "
                        "if it holds a part, the header's count is wrong"),
            "%s", err);
  cr_expect(strstr(err, "1 time signature of '") &&
                strstr(err, "odd.mid' of no meter (a numerator of 0, a denominator past 2^7) left "
                            "out: a time signature changes no time"),
            "%s", err);
  free(out), free(err), free(recipe);
}

/* A SysEx message split into an F0 packet and an F7 continuation is one
 * message left out, not two; an escape (F7 outside a message) that sends
 * a note-on is said for what it is (both were "2 SysEx messages": review
 * 22 F5). The note of the file's own events plays. */
Test(soundfont, a_split_sysex_is_one_message_and_an_escape_is_said_as_one)
{
  static const uint8_t smf[] = {'M',  'T',  'h',  'd',  0,    0,    0,  6, 0,    0,    0,    1,
                                0x01, 0xE0, 'M',  'T',  'r',  'k',  0,  0, 0,    29,   0x00, 0xF0,
                                0x03, 0x7E, 0x7F, 0x09,       /* F0, open */
                                0x00, 0xF7, 0x02, 0x01, 0xF7, /* its continuation, closing it */
                                0x00, 0xF7, 0x03, 0x90, 0x43, 0x64, /* an escape: a note-on */
                                0x00, 0x90, 69,   100,  0x60, 0x80, 69, 0, 0x00, 0xFF, 0x2F, 0x00};
  free(tu_write_bytes(dir, "sx.mid", smf, sizeof smf));
  char *recipe = tu_write_text(dir, "sx.yaml",
                               "stemprint: 1\ntracks:\n  sf: {midi: sx.mid, instrument: "
                               "{soundfont: {file: t.sf2}}}\n");
  const char *args[] = {"check", recipe, NULL};
  char *out = NULL, *err = NULL;
  cr_expect_eq(tu_run(args, &out, &err), 0, "%s%s", out, err);
  cr_expect(strstr(err, "1 SysEx message of '"), "%s", err);
  cr_expect(strstr(err, "1 escape (F7 outside a SysEx message) of '") &&
                strstr(err, "sx.mid' left out, 1 sending a channel message (a note, a "
                            "controller, a program ...)"),
            "%s", err);
  free(out), free(err), free(recipe);
}

/* Note 69 at velocity 127 on "Sine" is 440 Hz (the sample's loop: 11
 * cycles in 1200 frames), both channels the same, at -23.00 dBFS RMS
 * (fluidsynth's gain 0.2, -13.9794 dB, the default; tests/test_soundfont_fixture.c
 * measures fluidsynth alone); at `gain: 0 dB` 13.98 dB louder; at velocity
 * 64, 40 log10(64/127) dB below (the SF2 default velocity curve; fluidsynth
 * rounds attenuation to centibels: within 0.1 dB). */
Test(soundfont, pitch_level_velocity_and_gain)
{
  const fev loud[] = {E3(0, 0, 0x90, 69, 127), E3(48000, 0, 0x80, 69, 0)};
  const fev soft[] = {E3(0, 0, 0x90, 69, 64), E3(48000, 0, 0x80, 69, 0)};
  write_frames_midi("loud.mid", loud, 2, 0);
  write_frames_midi("soft.mid", soft, 2, 0);
  char *body = sf_body("loud.mid", "0", "");
  print p = render("sf_loud", body, 0, 1, NULL);
  free(body);
  const double hz = frequency(&p, 0, 2000, 46000);
  cr_expect(fabs(hz - 440.0) < 0.005, "%.6f Hz", hz);
  for (int64_t f = 0; f < p.frames; f++)
    cr_assert_eq(p.x[2 * f], p.x[2 * f + 1], "left and right differ at %lld", (long long)f);
  const double level = 20 * log10(rms(&p, 0, 12000, 24000));
  cr_expect(fabs(level - -23.0) < 0.05, "%.4f dBFS RMS", level);
  body = sf_body("loud.mid", "0", ", gain: 0 dB");
  print g = render("sf_gain", body, 0, 1, NULL);
  free(body);
  const double up = 20 * log10(rms(&g, 0, 12000, 24000)) - level;
  cr_expect(fabs(up - 13.9794) < 0.001, "gain 0 dB is %.4f dB above the default", up);
  body = sf_body("soft.mid", "0", "");
  print s = render("sf_soft", body, 0, 1, NULL);
  free(body);
  const double down = 20 * log10(rms(&s, 0, 12000, 24000)) - level, want = 40 * log10(64 / 127.0);
  cr_expect(fabs(down - want) < 0.1, "velocity 64: %.4f dB, expected %.4f", down, want);
  print_free(&p);
  print_free(&g);
  print_free(&s);
}

/* The default gain is one number, said the same everywhere: 20 log10 0.2
 * dB, which is fluidsynth's own 0.2 to single precision (fluidsynth keeps
 * its gain as a float), in the help (%g of it) and in docs/recipe.md's
 * table (issue 60: the docs said -14 dB). */
Test(soundfont, the_default_gain_is_fluidsynths_0_2_as_the_help_and_docs_say)
{
  const sp_param *g = NULL;
  for (size_t k = 0; k < sp_proc_soundfont.n_params; k++)
    if (strcmp(sp_proc_soundfont.params[k].name, "gain") == 0)
      g = &sp_proc_soundfont.params[k];
  cr_assert_not_null(g);
  cr_expect_eq(g->def, 20 * log10(0.2));
  cr_expect_eq((float)pow(10.0, g->def / 20.0), 0.2f);
  char said[32];
  snprintf(said, sizeof said, "%g dB", g->def);
  cr_expect_str_eq(said, "-13.9794 dB");
  cr_expect(strstr(g->help, said), "the help: %s", g->help);
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  char row[64];
  snprintf(row, sizeof row, "| `gain` | -inf .. +20 dB | %s |", said);
  cr_expect(strstr(doc, row), "docs/recipe.md has no row '%s'", row);
  free(doc);
}

/* "Sine slow" (program 1): its attack (0.25 s, linear) and release (96 dB
 * in 0.5 s, as fluidsynth releases): chosen by the recipe's `program`, or
 * by the MIDI's program change; `bank: 128` puts every channel on the
 * percussion's burst; channel 10 plays it whatever the recipe says. */
Test(soundfont, presets_by_recipe_and_by_program_change_and_the_percussion_channel)
{
  const fev note[] = {E3(0, 0, 0x90, 69, 127), E3(48000, 0, 0x80, 69, 0)};
  write_frames_midi("note.mid", note, 2, 0);
  const fev pc[] = {E2(0, 0, 0xC0, 1), E3(0, 0, 0x90, 69, 127), E3(48000, 0, 0x80, 69, 0)};
  write_frames_midi("pc.mid", pc, 3, 0);
  const char *const ways[] = {"note.mid", "pc.mid"};
  for (size_t w = 0; w < 2; w++) {
    char *body = sf_body(ways[w], "0", w ? "" : ", program: 1");
    char name[32];
    snprintf(name, sizeof name, "slow%zu", w);
    print p = render(name, body, 0, 1, NULL);
    free(body);
    const double top = envelope(&p, 30000);
    int64_t t10 = -1, t50 = -1, t90 = -1;
    for (int64_t a = 0; a < 24000; a++) {
      const double e = envelope(&p, a) / top;
      t10 = t10 < 0 && e >= 0.1 ? a : t10;
      t50 = t50 < 0 && e >= 0.5 ? a : t50;
      t90 = t90 < 0 && e >= 0.9 ? a : t90;
    }
    const double attack_s = (double)(t90 - t10) / 0.8 / RATE;
    cr_expect(fabs(attack_s / 0.25 - 1) < 0.01, "%s: attack %.5f s", ways[w], attack_s);
    cr_expect(fabs((double)(t50 - t10) / (double)(t90 - t10) - 0.5) < 0.01, "%s: not linear",
              ways[w]);
    const double d1 = 20 * log10(envelope(&p, 48000 + 2400) / top),
                 d2 = 20 * log10(envelope(&p, 48000 + 14400) / top);
    const double release_s = 96 / ((d1 - d2) / 0.25);
    cr_expect(fabs(release_s / 0.5 - 1) < 0.01, "%s: release %.5f s", ways[w], release_s);
    cr_expect_eq(last_nonzero(&p), 48000 + 24000 - 1, "%s: sounds to %lld", ways[w],
                 (long long)last_nonzero(&p));
    print_free(&p);
  }
  /* the burst: 1000 Hz, 4800 frames from the note's frame (its first 0),
   * and 46 frames more of its filter's ringing: fluidsynth 2.3.1 with
   * dynamic sample loading (as stemprint loads) plays a sample that does
   * not loop through the 46 zero points after it (without, it stops at
   * 4800: tests/test_soundfont_fixture.c) */
  const fev drum[] = {E3(6400, 0, 0x99, 36, 127), E3(6400 + 9600, 0, 0x89, 36, 0)};
  write_frames_midi("drum.mid", drum, 2, 0);
  const char *const bodies[] = {"note.mid", "drum.mid"};
  const char *const settings[] = {", bank: 128, program: 0", ""};
  const int64_t starts[] = {0, 6400};
  for (size_t k = 0; k < 2; k++) {
    char *body = sf_body(bodies[k], "0", settings[k]);
    char name[32];
    snprintf(name, sizeof name, "hit%zu", k);
    print p = render(name, body, 0, 1, NULL);
    free(body);
    cr_expect_eq(first_nonzero(&p, 0), starts[k] + 1, "%s: from %lld", bodies[k],
                 (long long)first_nonzero(&p, 0));
    cr_expect_eq(last_nonzero(&p), starts[k] + TU_SF2_HIT_FRAMES + 46 - 1, "%s: to %lld", bodies[k],
                 (long long)last_nonzero(&p));
    const double hz = frequency(&p, 0, starts[k] + 10, starts[k] + TU_SF2_HIT_FRAMES - 10);
    cr_expect(fabs(hz - 1000.0) < 0.01, "%s: %.6f Hz", bodies[k], hz);
    print_free(&p);
  }
}

/* The boundary of the synth's 64-frame grid nearest frame f (halfway: the
 * later), the grid laid on the timeline's multiples of 64. */
static int64_t grid(int64_t f)
{
  const int64_t r = f % 64;
  return r < 32 ? f - r : f - r + 64;
}

/* The offsets of the grid test's notes within a grid block (at 1000, 40
 * past a boundary): they land at residues 0, 1, 31, 32, 33 and 63. */
static const int64_t grid_d[] = {24, 25, 55, 56, 57, 23};
#define N_GRID (sizeof grid_d / sizeof grid_d[0])

/* A note 69 every half second (a tick a frame), at 24000 i + grid_d[i],
 * each 4800 frames long (a multiple of 64: its note-off on the same
 * residue). */
static void grid_file(void)
{
  fev ev[2 * N_GRID];
  for (size_t i = 0; i < N_GRID; i++) {
    const int64_t t = 24000 * (int64_t)i + grid_d[i];
    ev[2 * i] = (fev)E3(t, 0, 0x90, 69, 127);
    ev[2 * i + 1] = (fev)E3(t + 4800, 0, 0x80, 69, 0);
  }
  write_frames_midi("grid.mid", ev, 2 * N_GRID, 0);
}

/* Whether p's note at boundary b is the reference's note at boundary
 * b_ref moved there: silence from 24 frames before, its first frame 0 (the
 * sample starts at sin 0) and its second not, then the same samples to
 * its release's end. A voice fluidsynth reuses starts its first block
 * from where the voice's gain last was, not from 0 (measured: up to 0.025
 * apart there, none after), so for a note after the first (fresh: false)
 * the samples are compared from its second block. */
static void expect_note_at(const print *p, int64_t b, const print *ref, int64_t b_ref, bool fresh,
                           const char *what)
{
  for (int64_t k = -24; k < 6000 && b + k < p->frames; k++)
    for (int c = 0; c < 2; c++) {
      const int64_t at = b_ref + k; /* the reference ends where its note does */
      const double want = at >= 0 && at < ref->frames ? ref->x[2 * at + c] : 0.0,
                   got = p->x[2 * (b + k) + c];
      if (k <= 0 ? got != 0.0 : k == 1 ? got == 0.0 : (fresh || k >= 64) && got != want)
        cr_assert_fail("%s: the note at %lld is not the reference moved there (at %+lld: %.9g, "
                       "expected %.9g)",
                       what, (long long)b, (long long)k, got, want);
    }
}

/* Each note-on at frame f starts at the grid's boundary nearest f, its
 * note-off too: a note at 1000 + 24000 i + grid_d[i] is the reference
 * note (one at a boundary) moved to that boundary, whether the track is
 * placed off the grid or on it, whatever latency another bus's limiter
 * adds to the render, and at blocks of 1, 64, 1000 and 4096 frames and -j
 * 1 and 2 the same samples. */
Test(soundfont, notes_start_on_the_timelines_64_frame_grid)
{
  grid_file();
  const fev one[] = {E3(640, 0, 0x90, 69, 127), E3(640 + 4800, 0, 0x80, 69, 0)};
  write_frames_midi("one.mid", one, 2, 0);
  char *body = sf_body("one.mid", "0", "");
  print ref = render("grid_ref", body, 0, 1, NULL);
  free(body);
  cr_assert_eq(first_nonzero(&ref, 0), 641, "the reference starts at %lld",
               (long long)first_nonzero(&ref, 0));
  cr_assert_eq(last_nonzero(&ref), 640 + 4800 + 704 - 1, "the reference ends at %lld",
               (long long)last_nonzero(&ref)); /* its release: 11 blocks */
  const int64_t b_ref = 640;
  float *quiet = sp_xcalloc(2 * 4800, sizeof *quiet);
  for (int i = 0; i < 4800; i++)
    quiet[2 * i] = quiet[2 * i + 1] = (float)(0.1 * sin(2 * M_PI * 50 * i / RATE));
  free(tu_write_wav(dir, "other.wav", 2, RATE, 32, quiet, 4800));
  free(quiet);
  static const struct {
    const char *name, *at, *extra;
    int64_t at_frames;
  } rows[] = {
      {"grid_off", "1000 smp", "", 1000},
      {"grid_on", "1024 smp", "", 1024},
      {"grid_latency", "1000 smp",
       "  other: {file: other.wav, at: 0.3 s, to: lim}\n"
       "buses:\n  lim: {inserts: [{limiter: {ceiling: -1 dBTP, lookahead: 3 ms}}]}\n",
       1000},
  };
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    char *base = sf_body("grid.mid", rows[r].at, "");
    body = sp_xasprintf("%s%s", base, rows[r].extra);
    sp_render_result res;
    print p = render(rows[r].name, body, 0, 1, &res);
    if (r == 2)
      cr_assert_gt(res.latency, 0, "the limiter adds no latency");
    sp_render_result_fini(&res);
    for (size_t i = 0; i < N_GRID; i++) {
      const int64_t f = rows[r].at_frames + 24000 * (int64_t)i + grid_d[i];
      char what[64];
      snprintf(what, sizeof what, "%s, a note at %lld", rows[r].name, (long long)f);
      expect_note_at(&p, grid(f), &ref, b_ref, i == 0, what);
    }
    if (r == 0) { /* the grid is the timeline's: 1000 + 24 is on it, 1000 + 23 is not */
      cr_assert_eq(grid(1024), 1024);
      cr_assert_eq(grid(1000 + 55), 1024);
      cr_assert_eq(grid(1000 + 56), 1088);
      const size_t blocks[] = {1, 64, 1000, 4096};
      for (size_t b = 0; b < 4; b++)
        for (int j = 1; j <= 2; j++) {
          if (blocks[b] == 1 && j == 2)
            continue;
          char name[32];
          snprintf(name, sizeof name, "grid_b%zu_j%d", blocks[b], j);
          print q = render(name, body, blocks[b], j, NULL);
          cr_expect(same_samples(&p, &q), "block %zu, -j %d: other samples", blocks[b], j);
          print_free(&q);
        }
    }
    print_free(&p);
    free(body);
    free(base);
  }
  print_free(&ref);
}

/* A SoundFont file is opened once in a render or a check, however many
 * tracks play it and at any -j (issue 60): the planner holds it open from
 * before its probes to the graph's end, and fluidsynth reads that one
 * descriptor (through stemprint's file callbacks) to parse it and for
 * every preset whose samples it loads. Before, t.sf2 was opened 40 times
 * and u.sf2 16 in a render (each track's probe and render instance
 * checked it, had fluidsynth parse it, and open it again for each preset
 * whose samples they loaded). Counted with strace (every openat of the
 * process and its threads). */
Test(soundfont, each_file_is_opened_once_a_run_whatever_its_tracks_and_j)
{
  if (system("strace -V >/dev/null 2>&1") != 0) {
    cr_skip_test("strace is not installed here (scripts/deps.sh --tests installs it)");
    return;
  }
  const fev a[] = {E3(0, 0, 0x90, 69, 100), E3(2400, 0, 0x80, 69, 0)};
  const fev pc[] = {E2(0, 0, 0xC0, 1), E3(0, 0, 0x90, 64, 110), E3(3600, 0, 0x80, 64, 0)};
  const fev drum[] = {E3(0, 0, 0x99, 36, 127), E3(1200, 0, 0x89, 36, 0)};
  write_frames_midi("a.mid", a, 2, 0);
  write_frames_midi("pc.mid", pc, 3, 0);
  write_frames_midi("drum.mid", drum, 2, 0);
  free(tu_write_sf2(dir, "u.sf2"));
  char *recipe = tu_write_text(
      dir, "opens.yaml",
      HEAD "tracks:\n"
           "  s0: {midi: a.mid, instrument: {soundfont: t.sf2}}\n"
           "  s1: {midi: a.mid, instrument: {soundfont: {file: t.sf2, program: 1}}}\n"
           "  s2: {midi: pc.mid, instrument: {soundfont: t.sf2}}\n"
           "  s3: {midi: drum.mid, instrument: {soundfont: t.sf2}}\n"
           "  s4: {midi: a.mid, at: 0.01 s, instrument: {soundfont: {file: t.sf2, bank: 128}}}\n"
           "  s5: {midi: pc.mid, at: 0.02 s, instrument: {soundfont: {file: u.sf2, program: 1}}}\n"
           "  s6: {midi: a.mid, at: 0.03 s, instrument: {soundfont: u.sf2}}\n");
  char *out = tu_path(dir, "opens_out");
  const char *check[] = {"check", recipe, NULL};
  const char *render_j1[] = {"render", "-q", "-j", "1", "-o", out, recipe, NULL};
  const char *render_j8[] = {"render", "-q", "-j", "8", "-o", out, recipe, NULL};
  const char *const *runs[] = {check, render_j1, render_j8};
  static const char *const what[] = {"check", "render -j 1", "render -j 8"};
  for (size_t r = 0; r < 3; r++) {
    /* both files' opens counted in one traced run of the command */
    static const char *const opens[] = {"/t.sf2\", O_RDONLY", "/u.sf2\", O_RDONLY"};
    int n[2];
    tu_strace_counts(runs[r], "openat,open", opens, n, 2);
    const int t = n[0], u = n[1];
    cr_expect_eq(t, 1, "%s: t.sf2 (5 tracks) opened %d times", what[r], t);
    cr_expect_eq(u, 1, "%s: u.sf2 (2 tracks) opened %d times", what[r], u);
  }
  free(out);
  free(recipe);
}

/* While a SoundFont file is held (the planner holds it for the graph's
 * life), every synthesizer opened on its path reads the descriptor that
 * was checked, not the path: a file put in its place meanwhile is not
 * read, neither to parse it nor for a preset's samples loaded later. Once
 * the last user lets go, the file is closed, and the path is read anew. */
Test(soundfont, a_held_file_is_read_from_what_was_opened_not_from_its_path)
{
  const sp_sf2_host *h = sp_fluid_host();
  const sp_sf2_settings set = {.rate = RATE, .gain_lin = 0.2, .polyphony = 16, .interpolation = 4};
  char *path = tu_write_sf2(dir, "held.sf2");
  void *held = h->hold(path);
  cr_assert_not_null(held);
  float noise[2 * 480] = {0.25f};
  char *wav = tu_write_wav(dir, "other.wav", 2, RATE, 32, noise, 480);
  cr_assert_eq(rename(wav, path), 0, "cannot put a WAVE file in the SoundFont's place");
  char why[512] = "";
  sp_sf2_synth *sy = h->open(path, &set, why, sizeof why);
  cr_assert_not_null(sy, "the held SoundFont, its path now a WAVE file: %s", why);
  const sp_sf2_preset *ps;
  cr_expect_eq(h->presets(sy, &ps), 3);
  cr_assert(h->select(sy, 0, 0, 1), "preset 0:1's samples, loaded now, from the held file");
  h->send(sy, (const uint8_t[]){0x90, 69, 110}, 3);
  float l[4800], r[4800];
  h->render(sy, l, r, 4800);
  double peak = 0;
  for (size_t i = 0; i < 4800; i++)
    peak = fabs(l[i]) > peak ? fabs(l[i]) : peak;
  cr_expect_gt(peak, 0.01, "the note of preset 0:1 plays nothing (peak %g)", peak);
  h->close(sy);
  h->let_go(held);
  sy = h->open(path, &set, why, sizeof why);
  cr_expect_null(sy, "let go, the path was not read anew");
  cr_expect(strstr(why, "it is a WAV file"), "the path read anew: %s", why);
  if (sy)
    h->close(sy);
  free(wav);
  free(path);
}

/* ---- threads ------------------------------------------------------------ */

/* Eight SoundFont tracks on one file (its presets, a program change, the
 * percussion channel) and two LV2 instruments, checked and rendered at
 * -j 8 (check at its default, a thread a core) again and again: every tail probe and render of a
 * track opens, resets and closes its synthesizers while the others do, the way one of
 * libfluidsynth's sample-cache races crashed a render 2 to 4 times in 20
 * (issue 60). Each run must succeed and print the same bytes. As many
 * runs as fit in SP_STRESS_SECONDS (3 s; at least 3 of each), or exactly
 * SP_STRESS_RUNS (by hand: SP_STRESS_RUNS=200); SP_STRESS_KEEP=DIR copies
 * the recipe and its files there (to run another build on them). */
Test(threads, soundfont_and_lv2_tracks_check_and_render_at_j8_again_and_again,
     .timeout = TU_TIMEOUT(300))
{
  const fev a[] = {E3(0, 0, 0x90, 69, 100), E3(2400, 0, 0x80, 69, 0)};
  const fev pc[] = {E2(0, 0, 0xC0, 1), E3(0, 0, 0x90, 64, 110), E3(3600, 0, 0x80, 64, 0)};
  const fev drum[] = {E3(0, 0, 0x99, 36, 127), E3(1200, 0, 0x89, 36, 0)};
  write_frames_midi("a.mid", a, 2, 0);
  write_frames_midi("pc.mid", pc, 3, 0);
  write_frames_midi("drum.mid", drum, 2, 0);
  char *text = sp_xasprintf(
      HEAD "tracks:\n"
           "  s0: {midi: a.mid, instrument: {soundfont: t.sf2}}\n"
           "  s1: {midi: a.mid, instrument: {soundfont: {file: t.sf2, program: 1}}}\n"
           "  s2: {midi: pc.mid, instrument: {soundfont: t.sf2}}\n"
           "  s3: {midi: drum.mid, instrument: {soundfont: t.sf2}}\n"
           "  s4: {midi: a.mid, at: 0.01 s, instrument: {soundfont: {file: t.sf2, bank: 128}}}\n"
           "  s5: {midi: pc.mid, at: 0.02 s, instrument: {soundfont: {file: t.sf2, program: 1}}}\n"
           "  s6: {midi: a.mid, at: 0.03 s, instrument: {soundfont: {file: t.sf2, gain: -6 dB}}}\n"
           "  s7: {midi: drum.mid, at: 0.04 s, instrument: {soundfont: t.sf2}}\n"
           "  l0: {midi: a.mid, instrument: " EVENTS "}\n"
           "  l1: {midi: pc.mid, at: 0.05 s, instrument: " EVENTS "}\n");
  char *recipe = tu_write_text(dir, "stress.yaml", text);
  free(text);
  const char *keep = getenv("SP_STRESS_KEEP"); /* the recipe and its files, for another binary */
  if (keep) {
    char *cp = sp_xasprintf("mkdir -p '%s' && cp '%s'/*.yaml '%s'/*.mid '%s'/t.sf2 '%s'", keep, dir,
                            dir, dir, keep);
    cr_assert_eq(system(cp), 0, "%s", cp);
    free(cp);
  }
  const char *env_runs = getenv("SP_STRESS_RUNS"), *env_s = getenv("SP_STRESS_SECONDS");
  const long fixed = env_runs ? atol(env_runs) : 0;
  const double budget = env_s ? atof(env_s) : 3.0;
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char *first = NULL;
  long runs = 0;
  for (;; runs++) {
    clock_gettime(CLOCK_MONOTONIC, &t);
    const double took = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) * 1e-9;
    if (fixed ? runs >= fixed : runs >= 3 && took >= budget)
      break;
    char *out = NULL, *err = NULL;
    const char *check[] = {"check", recipe, NULL};
    int status = tu_run(check, &out, &err);
    cr_assert_eq(status, 0, "check, run %ld: exit %d\n%s", runs + 1, status, err);
    free(out);
    free(err);
    char *outdir = sp_xasprintf("%s/stress%ld", dir, runs);
    const char *render_args[] = {"render", "-q", "-j", "8", "-o", outdir, recipe, NULL};
    status = tu_run(render_args, &out, &err);
    cr_assert_eq(status, 0, "render -j 8, run %ld: exit %d\n%s", runs + 1, status, err);
    free(out);
    free(err);
    char *mix = sp_xasprintf("%s/mix.wav", outdir);
    if (!first)
      first = mix;
    else {
      cr_assert(tu_same_bytes(first, mix), "run %ld printed other bytes than the first", runs + 1);
      free(mix);
      tu_rmtree(outdir);
    }
    free(outdir);
  }
  cr_log_info("%ld check and render -j 8 runs", runs);
  /* what it printed: each SoundFont track sounds */
  int64_t frames = 0;
  int channels = 0, rate = 0;
  double *x = tu_read(first, &frames, &channels, &rate);
  cr_assert_not_null(x);
  cr_expect_gt(tu_peak(x, (size_t)(frames * channels)), 0.1);
  free(x);
  free(first);
  free(recipe);
}

/* ---- mistakes ----------------------------------------------------------- */

/* The files the broken recipes name: m.wav (mono audio), a.mid (one
 * track, a note on channel 1), named.mid (tracks "Piano" and "Bass"),
 * pc.mid (a program change to 7, which t.sf2 has not), sysex.mid (a
 * SysEx before its note), cut.mid (a.mid cut short: its track says 13
 * bytes, 8 remain), bad.mid (a.mid with its first status byte a data
 * byte), and t.sf2. */
static void mistake_files(void)
{
  float m[4800] = {0};
  free(tu_write_wav(dir, "m.wav", 1, RATE, 24, m, 4800));
  const tu_smf_event a[] = {{0, {0x90, 60, 100}}, {481, {0x80, 60, 0}}};
  char *path = tu_write_smf(dir, "a.mid", a, 2);
  size_t n = 0;
  char *bytes = tu_slurp_must(path);
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  uint8_t data[64];
  n = fread(data, 1, sizeof data, f);
  fclose(f);
  free(bytes);
  free(path);
  /* MThd (14 bytes), MTrk and its length (8), then its events */
  cr_assert_gt(n, 30);
  path = tu_path(dir, "cut.mid");
  f = fopen(path, "wb");
  fwrite(data, 1, 30, f);
  fclose(f);
  free(path);
  cr_assert_eq(data[23], 0x90);
  data[23] = 0x45;
  path = tu_path(dir, "bad.mid");
  f = fopen(path, "wb");
  fwrite(data, 1, n, f);
  fclose(f);
  free(path);
  const fev named[] = {E3(0, 0, 0x90, 60, 100), E3(480, 0, 0x80, 60, 0), E3(0, 1, 0x91, 40, 90),
                       E3(480, 1, 0x81, 40, 0)};
  write_midi("named.mid", 480, 2, (const char *const[]){"Piano", "Bass"}, named, 4, NULL, 0, 0);
  const tu_smf_event pc[] = {{0, {0x90, 60, 100}}, {100, {0xC0, 7, 0}}, {381, {0x80, 60, 0}}};
  free(tu_write_smf(dir, "pc.mid", pc, 3));
  /* a drum kit t.sf2 has not: 128:99 */
  const tu_smf_event kit[] = {{0, {0xC9, 99, 0}}, {0, {0x99, 36, 100}}, {240, {0x89, 36, 0}}};
  free(tu_write_smf(dir, "k.mid", kit, 3));
  /* SoundFonts that play nothing, or not wholly */
  free(tu_write_sf2_flawed(dir, "none.sf2", TU_SF2_NO_SAMPLES));
  free(tu_write_sf2_flawed(dir, "mute.sf2", TU_SF2_SILENT_PRESET));
  free(tu_write_sf2_flawed(dir, "void.sf2", TU_SF2_EMPTY_SAMPLE));
  free(tu_write_sf2_flawed(dir, "odd.sf2", TU_SF2_ODD_SMPL));
  /* files that last 0 frames though they hold events: a note struck at
   * tick 0 and never released, the file ending there; a note of a quarter
   * at 1 microsecond a quarter note */
  const tu_smf_event struck[] = {{0, {0x90, 60, 100}}};
  free(tu_write_smf(dir, "struck.mid", struck, 1));
  const fev fast[] = {E3(0, 0, 0x90, 60, 100), E3(96, 0, 0x80, 60, 0)};
  write_midi("fast.mid", 96, 1, NULL, fast, 2, (const tempo[]){{0, 1}}, 1, 96);
  /* t.sf2 with its INAM chunk's size odd (3): fluidsynth says so */
  bytes = NULL;
  path = tu_path(dir, "t.sf2");
  f = fopen(path, "rb");
  cr_assert_not_null(f);
  uint8_t sf[256];
  n = fread(sf, 1, sizeof sf, f);
  fclose(f);
  free(path);
  uint8_t *inam = NULL;
  for (size_t k = 0; k + 4 <= n && !inam; k++)
    inam = memcmp(sf + k, "INAM", 4) == 0 ? sf + k : NULL;
  cr_assert_not_null(inam);
  path = tu_path(dir, "bad.sf2");
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  inam[4] = 3;
  FILE *whole = fopen(sf2, "rb");
  cr_assert_not_null(whole);
  fwrite(sf, 1, n, f);
  fseek(whole, (long)n, SEEK_SET);
  for (int c; (c = fgetc(whole)) != EOF;)
    fputc(c, f);
  fclose(whole);
  fclose(f);
  free(path);
  /* t.sf2 with no kit: its "Sine hit" preset moved from bank 128 to 1
   * (its phdr record: a name of 20 bytes, then preset and bank) */
  f = fopen(sf2, "rb");
  cr_assert_not_null(f);
  static uint8_t all[65536];
  const size_t whole_n = fread(all, 1, sizeof all, f);
  fclose(f);
  cr_assert(whole_n > 0 && whole_n < sizeof all);
  uint8_t *kit_bank = NULL;
  for (size_t k = 0; k + 24 <= whole_n && !kit_bank; k++)
    if (memcmp(all + k, "Sine hit", 8) == 0 && memcmp(all + k + 20, "\0\0\x80\0", 4) == 0)
      kit_bank = all + k + 22;
  cr_assert_not_null(kit_bank);
  *kit_bank = 1;
  path = tu_path(dir, "nokit.sf2");
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(all, 1, whole_n, f), whole_n);
  fclose(f);
  free(path);
  const tu_smf_event kit_hit[] = {{0, {0x99, 36, 100}}, {240, {0x89, 36, 0}}};
  free(tu_write_smf(dir, "hit.mid", kit_hit, 2));
  /* a FIFO named like a SoundFont: nothing writes to it */
  path = tu_path(dir, "fifo.sf2");
  cr_assert_eq(mkfifo(path, 0600), 0);
  free(path);
  /* two names of a SoundFont, each a link to the other (ln -s b a; ln -s a b) */
  path = tu_path(dir, "loop.sf2");
  cr_assert_eq(symlink("loop2.sf2", path), 0);
  free(path);
  path = tu_path(dir, "loop2.sf2");
  cr_assert_eq(symlink("loop.sf2", path), 0);
  free(path);
}

typedef struct row {
  const char *name;
  const char *recipe;
  int status;        /* exit status of check and render */
  const char *where; /* "r.yaml:L:C: key.path:" as printed */
  const char *says;  /* a fragment of the message */
  const char *token; /* the recipe text found at L:C */
  const char *also;  /* another fragment, or NULL */
} row;

#define V "stemprint: 1\ntracks:\n"
#define SF "instrument: {soundfont: t.sf2}"
#define TI "instrument: {lv2: {plugin: \"urn:stemprint:test:instrument\"}}"

static const row rows[] = {
    {"instrument_as_an_insert",
     V "  a: {file: m.wav, inserts: [{lv2: {plugin: \"urn:stemprint:test:instrument\"}}]}\n", 2,
     "r.yaml:3:45: tracks.a.inserts[0].lv2:",
     "'stemprint test instrument' is an instrument (MIDI in, audio out), not an effect: play it "
     "from the track's MIDI with 'instrument:'",
     "\"urn:stemprint:test:instrument\"", NULL},
    {"soundfont_as_an_insert", V "  a: {file: m.wav, inserts: [{soundfont: t.sf2}]}\n", 2,
     "r.yaml:3:31: tracks.a.inserts[0].soundfont:",
     "'soundfont' is an instrument (MIDI in, audio out), not an effect", "soundfont", NULL},
    {"effect_as_an_instrument", V "  a: {midi: a.mid, instrument: {eq: []}}\n", 2,
     "r.yaml:3:33: tracks.a.instrument.eq:",
     "'eq' is an effect, not an instrument: it has no MIDI input to play the track's notes", "eq",
     NULL},
    {"lv2_effect_as_an_instrument",
     V "  a: {midi: a.mid, instrument: {lv2: {plugin: \"urn:stemprint:test:gain\"}}}\n", 2,
     "r.yaml:3:47: tracks.a.instrument.lv2:",
     "'stemprint test gain' is an effect, not an instrument", "\"urn:stemprint:test:gain\"", NULL},
    {"two_instruments", V "  a: {midi: a.mid, instrument: [{soundfont: t.sf2}, " TI "]}\n", 2,
     "r.yaml:3:32: tracks.a.instrument:", "an instrument is one instrument with its settings",
     "[{soundfont", NULL},
    {"midi_without_an_instrument", V "  a: {midi: a.mid}\n", 2, "r.yaml:3:13: tracks.a:",
     "a track of MIDI plays into an instrument: add 'instrument: {soundfont: FILE.sf2}'", "a.mid",
     NULL},
    {"an_instrument_on_audio", V "  a: {file: m.wav, " SF "}\n", 2,
     "r.yaml:3:32: tracks.a.instrument:",
     "an instrument plays a track's MIDI, and this track plays audio ('file:')", "{soundfont",
     NULL},
    {"layout_on_an_instrument_track", V "  a: {midi: a.mid, layout: stereo, " SF "}\n", 2,
     "r.yaml:3:28: tracks.a.layout:",
     "an instrument track has the channels its instrument plays (one or two); remove 'layout'",
     "stereo", NULL},
    /* the file, its one value, at its place (as `{file: ...}`'s is: issue 88) */
    {"a_missing_soundfont", V "  a: {midi: a.mid, instrument: {soundfont: gone-away.sf2}}\n", 3,
     "r.yaml:3:44: tracks.a.instrument.soundfont.file:",
     "gone-away.sf2': no such file (the path is relative to the recipe's folder)", "gone-away.sf2",
     NULL},
    /* before: "no such file (the path is relative to the recipe's folder)" */
    {"a_soundfont_that_is_a_loop_of_links",
     V "  a: {midi: a.mid, instrument: {soundfont: loop.sf2}}\n", 3,
     "r.yaml:3:44: tracks.a.instrument.soundfont.file:",
     "loop.sf2': it is a loop of symbolic links (ELOOP: following them never "
     "reaches a file); point the link at the file itself",
     "loop.sf2", NULL},
    {"a_misspelt_soundfont", V "  a: {midi: a.mid, instrument: {soundfont: tt.sf2}}\n", 3,
     "r.yaml:3:44: tracks.a.instrument.soundfont.file:", "tt.sf2': no such file; did you mean '",
     "tt.sf2", NULL},
    {"a_preset_the_soundfont_has_not",
     V "  a: {midi: a.mid, instrument: {soundfont: {file: t.sf2, program: 5}}}\n", 2,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "t.sf2' has no preset 0:5 (bank:program); it has 0:0 'Sine', 0:1 'Sine slow', 128:0 "
     "'Sine hit'",
     "soundfont", NULL},
    {"a_program_change_the_soundfont_has_not", V "  a: {midi: pc.mid, " SF "}\n", 2,
     "r.yaml:3:34: tracks.a.instrument.soundfont:",
     "the MIDI selects program 7 of bank 0 on channel 1 (at frame 5000), which '", "soundfont",
     "t.sf2' has not; it has 0:0 'Sine', 0:1 'Sine slow', 128:0 'Sine hit'"},
    {"a_drum_kit_the_soundfont_has_not", V "  a: {midi: k.mid, " SF "}\n", 2,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "the MIDI selects program 99 of bank 128 on channel 10 (at frame 0), which '", "soundfont",
     "t.sf2' has not; it has 128:0 'Sine hit', 0:0 'Sine', 0:1 'Sine slow'"},
    /* before: fluidsynth's "No preset found" said to no one, the track
     * silent, check "ok" */
    {"a_note_on_channel_10_of_a_soundfont_of_no_kit",
     V "  a: {midi: hit.mid, instrument: {soundfont: nokit.sf2}}\n", 2,
     "r.yaml:3:35: tracks.a.instrument.soundfont:",
     "the MIDI plays key 36 on channel 10 (at frame 0), which starts on preset 128:0 "
     "(bank:program), General MIDI's percussion, and '",
     "soundfont",
     "nokit.sf2' has none there: the note plays nothing; play the part on another channel, or on "
     "a SoundFont with a kit in bank 128; it has 0:0 'Sine', 0:1 'Sine slow', 1:0 'Sine hit'"},
    {"a_wave_file_as_a_soundfont", V "  a: {midi: a.mid, instrument: {soundfont: m.wav}}\n", 3,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "m.wav' as a SoundFont: it is a WAV file (audio), not a SoundFont (a RIFF 'sfbk' file)",
     "soundfont", NULL},
    {"a_damaged_soundfont", V "  a: {midi: a.mid, instrument: {soundfont: bad.sf2}}\n", 3,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "bad.sf2' is not a SoundFont fluidsynth can load: INFO sub chunk INAM has invalid chunk size",
     "soundfont", NULL},
    {"a_fifo_as_a_soundfont", V "  a: {midi: a.mid, instrument: {soundfont: fifo.sf2}}\n", 3,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "fifo.sf2' as a SoundFont: it is not a regular file (a FIFO, a device or a socket)",
     "soundfont", NULL},
    {"an_lv2_state_that_is_a_fifo",
     V "  a: {midi: a.mid, instrument: {lv2: {plugin: \"urn:stemprint:test:instrument\", "
       "state: fifo.sf2}}}\n",
     2, "r.yaml:3:33: tracks.a.instrument.lv2:",
     "fifo.sf2': it is not a regular file (a FIFO, a device or a socket)", "lv2", NULL},
    {"a_soundfont_with_no_samples", V "  a: {midi: a.mid, instrument: {soundfont: none.sf2}}\n", 3,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "none.sf2' holds no samples (its sample headers (shdr) list none): nothing to play",
     "soundfont", NULL},
    /* it rendered silence (peak -138 dBFS), check ok: fluidsynth refused
     * every sample and its log was quiet */
    {"a_soundfont_of_an_odd_sample_chunk",
     V "  a: {midi: a.mid, instrument: {soundfont: odd.sf2}}\n", 3,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "odd.sf2' plays nothing: its sample data (smpl) is 16985 bytes, an odd count, and its "
     "16-bit points are 2 bytes each (fluidsynth refuses every sample of it: 'invalid buffer "
     "size'); the file is damaged: save it again from a SoundFont editor",
     "soundfont", NULL},
    {"a_preset_whose_zones_name_no_sample",
     V "  a: {midi: a.mid, instrument: {soundfont: {file: mute.sf2, program: 2}}}\n", 2,
     "r.yaml:3:33: tracks.a.instrument.soundfont:",
     "the MIDI plays key 60 on channel 1 (at frame 0) on preset 0:2 'Silent' of '", "soundfont",
     "mute.sf2', which plays nothing: its instruments' zones name no sample; choose a preset that "
     "plays: 0:0 'Sine', 0:1 'Sine slow', 128:0 'Sine hit'"},
    {"a_preset_on_an_empty_sample",
     V "  a: {midi: a.mid, instrument: {soundfont: {file: void.sf2, program: 2}}}\n", 2,
     "r.yaml:3:33: tracks.a.instrument.soundfont:", "on preset 0:2 'Silent' of '", "soundfont",
     "void.sf2', which plays nothing: its instruments' samples are empty (no points, or in ROM)"},
    {"a_soundfont_above_96_khz",
     "stemprint: 1\nsample_rate: 192000\ntracks:\n  a: {midi: a.mid, " SF "}\n", 2,
     "r.yaml:4:33: tracks.a.instrument.soundfont:",
     "fluidsynth plays SoundFonts at 8 to 96 kHz; this session is at 192000 Hz", "soundfont", NULL},
    {"a_misspelt_midi_file", V "  a: {midi: nmaed.mid, " SF "}\n", 3, "r.yaml:3:13: tracks.a.midi:",
     "nmaed.mid': No such file or directory; did you mean '", "nmaed.mid", "named.mid'?"},
    {"a_midi_file_without_its_extension", V "  a: {midi: named, " SF "}\n", 3,
     "r.yaml:3:13: tracks.a.midi:", "named': No such file or directory; did you mean '", "named",
     "named.mid'?"},
    /* both said "holds no events (it ends at its start)" */
    {"a_midi_file_of_a_note_never_released", V "  a: {midi: struck.mid, " SF "}\n", 2,
     "r.yaml:3:13: tracks.a.midi:",
     "struck.mid' lasts 0 s: its 1 event and its end (End of Track) are all at its start (tick 0), "
     "and key 60 on channel 1, struck there, is never released; give the region a 'length' (how "
     "long it plays) or another file",
     "struck.mid", NULL},
    {"a_midi_file_at_a_tempo_of_1_microsecond", V "  a: {midi: fast.mid, " SF "}\n", 2,
     "r.yaml:3:13: tracks.a.midi:",
     "fast.mid' lasts 1.00 microseconds, less than a sample at 48000 Hz: its end is at tick 96, "
     "and "
     "a quarter note (96 ticks) lasts 1 microsecond at its tempo; give the region a 'length' (how "
     "long it plays) or another file",
     "fast.mid", NULL},
    {"a_truncated_midi_file", V "  a: {midi: cut.mid, " SF "}\n", 3, "r.yaml:3:13: tracks.a.midi:",
     "cut.mid': truncated at byte 18: track 0 (MTrk) says 13 bytes, 8 remain", "cut.mid", NULL},
    {"a_malformed_midi_file", V "  a: {midi: bad.mid, " SF "}\n", 3, "r.yaml:3:13: tracks.a.midi:",
     "byte 23: track 0: a data byte (0x45) with no running status", "bad.mid", NULL},
    {"a_track_beyond_the_files", V "  a: {midi: named.mid, track: 3, " SF "}\n", 2,
     "r.yaml:3:31: tracks.a.track:", "named.mid' has 2 tracks; 'track' is 1 to 2 (or a name)", "3",
     NULL},
    {"a_track_no_track_is_named", V "  a: {midi: named.mid, track: Drums, " SF "}\n", 2,
     "r.yaml:3:31: tracks.a.track:",
     "named.mid' has no track named 'Drums'; its tracks: 1 'Piano', 2 'Bass' (give a name or a "
     "number)",
     "Drums", NULL},
    {"track_zero", V "  a: {regions: [{midi: named.mid, track: 0}], " SF "}\n", 2,
     "r.yaml:3:42: tracks.a.regions[0].track:",
     "a MIDI file's tracks are numbered from 1 (as DAWs number them), got 0", "0", NULL},
    {"track_a_mapping", V "  a: {regions: [{midi: named.mid, track: {no: 1}}], " SF "}\n", 2,
     "r.yaml:3:42: tracks.a.regions[0].track:",
     "expected the MIDI file's track it plays: its number from 1, or its name, got a mapping",
     "{no: 1}", NULL},
    {"channel_17", V "  a: {midi: a.mid, channel: 17, " SF "}\n", 2,
     "r.yaml:3:29: tracks.a.channel:", "17 is out of range; expected 1 .. 16", "17", NULL},
    {"channel_not_whole", V "  a: {midi: a.mid, channel: 2.5, " SF "}\n", 2,
     "r.yaml:3:29: tracks.a.channel:",
     "a channel is a whole number from 1 to 16 (a MIDI channel, or an audio file's from its "
     "first), got 2.5",
     "2.5", NULL},
    {"channel_past_a_mono_file", V "  a: {file: m.wav, channel: 2}\n", 2,
     "r.yaml:3:29: tracks.a.channel:", "m.wav' is mono: it has no channel 2; remove 'channel'", "2",
     NULL},
    {"track_on_an_audio_region", V "  a: {regions: [{file: m.wav, track: Piano}]}\n", 2,
     "r.yaml:3:38: tracks.a.regions[0].track:",
     "'track' picks part of a MIDI file, and this region plays audio ('file:'); write 'midi: "
     "FILE.mid' for notes, or remove 'track'",
     "Piano", NULL},
    {"a_fade_on_a_midi_region", V "  a: {midi: a.mid, fade_in: 5 ms, " SF "}\n", 2,
     "r.yaml:3:29: tracks.a.fade_in:",
     "a MIDI region has no 'fade_in': its notes play as written; shape what the instrument plays "
     "with the track's gain and its automation",
     "5 ms", NULL},
    {"a_gain_on_a_midi_region", V "  a: {regions: [{midi: a.mid, gain: -3 dB}], " SF "}\n", 2,
     "r.yaml:3:37: tracks.a.regions[0].gain:", "a MIDI region has no 'gain'", "-3 dB", NULL},
    {"an_envelope_on_a_midi_region",
     V "  a: {regions: [{midi: a.mid, envelope: [[0, 0 dB], [1, -6 dB]]}], " SF "}\n", 2,
     "r.yaml:3:41: tracks.a.regions[0].envelope:", "a MIDI region has no 'envelope'", "[[0", NULL},
    {"a_midi_file_as_audio", V "  a: {file: a.mid}\n", 3, "r.yaml:3:13: tracks.a.file:",
     "a.mid': it is a Standard MIDI File, notes rather than audio; play it on an instrument "
     "track: 'midi: a.mid' and an 'instrument:'",
     "a.mid", NULL},
    {"a_midi_file_as_audio_shorthand", V "  a: a.mid\n", 3, "r.yaml:3:6: tracks.a.file:",
     "it is a Standard MIDI File, notes rather than audio", "a.mid", NULL},
    {"audio_as_midi", V "  a: {midi: m.wav, " SF "}\n", 3, "r.yaml:3:13: tracks.a.midi:",
     "m.wav': not a Standard MIDI File: it is a WAV file (audio)", "m.wav", NULL},
    {"audio_and_midi_regions", V "  a: {regions: [{midi: a.mid}, {file: m.wav}], " SF "}\n", 2,
     "r.yaml:3:39: tracks.a.regions[1].file:",
     "a track plays either audio or MIDI: its first region plays MIDI, this one audio; put them "
     "on two tracks",
     "m.wav", NULL},
    {"file_and_midi_in_one_region", V "  a: {regions: [{midi: a.mid, file: m.wav}], " SF "}\n", 2,
     "r.yaml:3:31: tracks.a.regions[0].file:",
     "a region plays either an audio file ('file:') or a MIDI file ('midi:'), not both", "file",
     NULL},
    {"from_past_the_midi_files_end", V "  a: {midi: a.mid, from: 2 s, " SF "}\n", 2,
     "r.yaml:3:26: tracks.a.from:", "at or past the end of 'a.mid'", "2 s", NULL},
};

static void check_row(const row *r, const char *cmd)
{
  char *path = tu_write_text(dir, "r.yaml", r->recipe);
  char *out = NULL, *err = NULL;
  const char *args[] = {cmd, path, NULL};
  const int status = tu_run(args, &out, &err);
  cr_expect_eq(status, r->status, "%s (%s): exit %d, expected %d\n%s", r->name, cmd, status,
               r->status, err);
  cr_expect(strstr(err, r->where), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->where, err);
  cr_expect(strstr(err, r->says), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->says, err);
  if (r->also)
    cr_expect(strstr(err, r->also), "%s (%s): no '%s' in:\n%s", r->name, cmd, r->also, err);
  /* the text at L:C is the token at fault */
  int l = 0, c = 0;
  cr_assert_eq(sscanf(strchr(r->where, ':') + 1, "%d:%d:", &l, &c), 2);
  const char *p = r->recipe;
  for (int k = 1; k < l && p; k++)
    p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
  cr_assert(p && (size_t)(c - 1) <= strlen(p));
  cr_expect_eq(strncmp(p + c - 1, r->token, strlen(r->token)), 0,
               "%s: position %d:%d points at '%.12s', not at '%s'", r->name, l, c, p + c - 1,
               r->token);
  /* one mistake, one error */
  size_t errors = 0;
  for (const char *e = strstr(err, "stemprint: error: "); e;
       e = strstr(e + 1, "stemprint: error: "))
    errors++;
  cr_expect_eq(errors, 1, "%s (%s): %zu errors for one mistake:\n%s", r->name, cmd, errors, err);
  /* stemprint's lines only: no library's own (libinstpatch's CRITICAL) */
  for (const char *line = err; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "")
    cr_expect(strncmp(line, "stemprint: ", 11) == 0 || *line == '\n' || *line == ' ',
              "%s (%s): a line not stemprint's:\n%s", r->name, cmd, err);
  char *outdir = tu_path(dir, "out");
  cr_expect_eq(tu_count_entries(outdir), -1, "%s (%s): an output folder was created", r->name, cmd);
  free(outdir);
  free(out);
  free(err);
  free(path);
}

Test(mistakes, each_broken_instrument_recipe_under_check_and_render)
{
  mistake_files();
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    check_row(&rows[i], "check");
    check_row(&rows[i], "render");
  }
}

/* A file of another kind given as a SoundFont is said for what it is, in
 * the words of the one table of kinds (io/fs/kind.h) the recipe loader
 * says them in. Before, the SoundFont reader knew a RIFF WAVE (as "a
 * WAVE file") and a MIDI file only: "not a SoundFont (a RIFF 'sfbk'
 * file): it starts with 'OggS'" for an Ogg, and so for a FLAC, an AIFF-C,
 * a W64 ('riff'), an RF64, an MPEG-4 ('?'), a ZIP. */
Test(mistakes, a_file_of_another_kind_as_a_soundfont_is_said_for_what_it_is)
{
  mistake_files();
  static const struct {
    const char *bytes;
    size_t n;
    const char *kind;
  } files[] = {
      {"OggS\0\x02\0\0", 8, "an Ogg (Opus or Vorbis) file (audio)"},
      {"fLaC\0\0\0\x22", 8, "a FLAC file (audio)"},
      {"FORM\0\0\0\x2e"
       "AIFCFVER",
       16, "an AIFF file (audio)"},
      {"riff\x2e\x91\xcf\x11\xa5\xd6\x28\xdb", 12, "a W64 file (audio)"},
      {"RF64\xff\xff\xff\xffWAVEds64", 16, "a WAV file (audio)"},
      {"\0\0\0\x20"
       "ftypM4A ",
       12, "an MPEG-4 file (audio)"},
      {"PK\x03\x04\x14\0", 6, "a ZIP file"},
  };
  char *recipe =
      tu_write_text(dir, "r.yaml", V "  a: {midi: a.mid, instrument: {soundfont: given.sf2}}\n");
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    free(tu_write_bytes(dir, "given.sf2", files[i].bytes, files[i].n));
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"check", recipe, NULL}, NULL, &err), 3, "%s", err);
    char *want = sp_xasprintf("given.sf2' as a SoundFont: it is %s, not a SoundFont (a RIFF "
                              "'sfbk' file)",
                              files[i].kind);
    cr_expect(strstr(err, want), "want %s in %s", want, err);
    free(want), free(err);
  }
  free(recipe);
}

/* A MIDI file given as a SoundFont is named as MIDI at every length from
 * its magic up: cut after 'MThd' (4 bytes), it said "not a SoundFont (a
 * RIFF 'sfbk' file): it starts with 'MThd'", the table of kinds wanting a
 * byte after the magic. */
Test(mistakes, a_midi_file_of_any_length_as_a_soundfont_is_named_as_midi)
{
  mistake_files();
  static const char smf[] = "MThd\0\0\0\x06\0\0\0\x01\x01\xe0MTrk\0\0\0\x04\0\xff\x2f\0";
  char *recipe = tu_write_text(
      dir, "r.yaml", V "  a: {midi: a.mid, instrument: {soundfont: {file: given.sf2}}}\n");
  for (size_t n = 4; n < sizeof smf; n++) {
    free(tu_write_bytes(dir, "given.sf2", smf, n));
    char *err = NULL;
    cr_expect_eq(tu_run((const char *[]){"check", recipe, NULL}, NULL, &err), 3, "%s", err);
    cr_expect(strstr(err, "given.sf2' as a SoundFont: it is a Standard MIDI File, not a SoundFont "
                          "(a RIFF 'sfbk' file)"),
              "%zu bytes: %s", n, err);
    free(err);
  }
  free(recipe);
}

/* A MIDI file whose length, which a region without 'length' plays, runs
 * more than an hour past its last message but note-offs is said at the
 * region's midi key, by check and render alike, before anything renders:
 * a note held for hours (the file of 37 bytes whose one note lasts 20
 * hours printed a mix of 20 GB without a word, and check measured it for
 * minutes), or an End of Track long after the last note. An hour's hold
 * or less is not said. */
Test(mistakes, a_midi_file_held_or_ended_hours_after_its_last_note_is_said)
{
  mistake_files();
  const fev held[] = {E3(0, 0, 0x90, 62, 100), E3(960, 0, 0x80, 62, 0), E3(960, 0, 0x91, 60, 90),
                      E3(960 + 3601 * 960, 0, 0x81, 60, 0)};
  write_midi("held.mid", 480, 1, NULL, held, 4, NULL, 0, 0);
  const fev tail[] = {E3(0, 0, 0x90, 60, 100), E3(960, 0, 0x80, 60, 0)};
  write_midi("tail.mid", 480, 1, NULL, tail, 2, NULL, 0, 960 + 7200 * 960);
  const fev hour[] = {E3(0, 0, 0x90, 60, 100), E3(3600 * 960, 0, 0x80, 60, 0)};
  write_midi("hour.mid", 480, 1, NULL, hour, 2, NULL, 0, 0);
  char *path = tu_write_text(dir, "r.yaml",
                             V "  a: {midi: held.mid, " SF "}\n"
                               "  b: {midi: tail.mid, " SF "}\n"
                               "  c: {midi: hour.mid, " SF "}\n"
                               "  d: {midi: held.mid, length: 2s, " SF "}\n");
  char *out = tu_path(dir, "out-held");
  const char *const runs[][5] = {{"check", "--no-levels", path, NULL},
                                 {"render", "--dry-run", path, "-o", out}};
  for (size_t i = 0; i < 2; i++) {
    char *err = NULL;
    cr_expect_eq(
        tu_run((const char *[]){runs[i][0], runs[i][1], runs[i][2], runs[i][3], runs[i][4], NULL},
               NULL, &err),
        0, "%s", err);
    cr_expect(strstr(err, "r.yaml:3:13: tracks.a.midi: '"), "%s: %s", runs[i][0], err);
    cr_expect(strstr(err, "r.yaml:4:13: tracks.b.midi: '"), "%s: %s", runs[i][0], err);
    cr_expect(strstr(err, "held.mid' plays 1.0 hours: key 60 on "
                          "channel 2, struck at 1.000 s, is held to 3602.000 s, 1.0 hours after "
                          "the file's last message but note-offs (at 1.000 s); the render prints "
                          "all of it: give the region a 'length', or end the MIDI file sooner"),
              "%s: %s", runs[i][0], err);
    cr_expect(strstr(err, "tail.mid' plays 2.0 hours: its end (End "
                          "of Track, at 7201.000 s) comes 2.0 hours after the file's last message "
                          "but note-offs (at 0.000 s); the render prints all of it"),
              "%s: %s", runs[i][0], err);
    cr_expect(!strstr(err, "hour.mid"), "%s: %s", runs[i][0], err);
    const char *once = strstr(err, "held.mid' plays"); /* d gives a length */
    cr_expect(once && !strstr(once + 1, "held.mid' plays"), "%s: %s", runs[i][0], err);
    free(err);
  }
  free(out);
  free(path);
}

/* A pick that plays no note is said as the recipe names its track: by
 * its name, then its number (it said "track 2" for `track: Bass`). */
Test(mistakes, a_pick_of_no_note_names_the_track_as_the_recipe_does)
{
  mistake_files();
  char *path = tu_write_text(dir, "r.yaml",
                             V "  a: {midi: named.mid, track: Bass, channel: 5, " SF "}\n"
                               "  b: {midi: named.mid, track: 2, channel: 5, " SF "}\n");
  char *err = NULL;
  cr_expect_eq(tu_run((const char *[]){"check", path, NULL}, NULL, &err), 0, "%s", err);
  cr_expect(strstr(err, "r.yaml:3:13: tracks.a.midi: '"), "%s", err);
  cr_expect(strstr(err, "named.mid' has no note in track 'Bass' (track 2), channel 5: the region "
                        "plays nothing; check 'track' and 'channel'"),
            "%s", err);
  cr_expect(strstr(err, "named.mid' has no note in track 2, channel 5"), "%s", err);
  free(err);
  free(path);
}

/* /dev/stdin on a pipe as a SoundFont: realpath cannot name it, but it is
 * there; it is said to be what it is (not "no such file"), at once. */
Test(mistakes, a_soundfont_read_from_a_pipe)
{
  char *path =
      tu_write_text(dir, "r.yaml", V "  a: {midi: a.mid, instrument: {soundfont: /dev/stdin}}\n");
  const tu_smf_event a[] = {{0, {0x90, 60, 100}}, {481, {0x80, 60, 0}}};
  free(tu_write_smf(dir, "a.mid", a, 2));
  char *errpath = tu_path(dir, "err.txt");
  const char *cmds[] = {"check", "render"};
  for (int k = 0; k < 2; k++) {
    char *sh = sp_xasprintf("echo | timeout 20 '%s' %s '%s' 2>'%s'", SP_STEMPRINT_BIN, cmds[k],
                            path, errpath);
    const int status = system(sh);
    char *err = tu_slurp_must(errpath);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 3, "%s: status %d\n%s", cmds[k], status,
              err);
    cr_expect(strstr(err, "r.yaml:3:33: tracks.a.instrument.soundfont: cannot read '/dev/stdin' "
                          "as a SoundFont: it is not a regular file (a FIFO, a device or a "
                          "socket)"),
              "%s:\n%s", cmds[k], err);
    cr_expect_null(strstr(err, "no such file"), "%s:\n%s", cmds[k], err);
    free(err);
    free(sh);
  }
  free(errpath);
  free(path);
}
