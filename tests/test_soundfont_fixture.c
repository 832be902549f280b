/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' SoundFont (tests/testsf2.c) played by libfluidsynth directly,
 * not through stemprint's engine: its presets load, its notes have the
 * pitch, level and envelope the file says, the fluidsynth command reads it
 * too (the same library's parser), and it follows the SF2.01 layout read
 * here on its own (fluidsynth plays a file whose EOI is misnamed, or whose
 * samples lack their 46 zero points). And what the engine has to design around, pinned so that a
 * fluidsynth that changes it fails here first: events take effect on the
 * synth's own grid of 64 frames (FLUID_BUFSIZE) counted from its first
 * frame, whatever the lengths of the calls that render it; a note-off
 * sooner than synth.min-note-length after its note-on waits for it; the
 * shortest release is 15.6 ms; and the output is the same bytes run to run,
 * at any call length, through fluid_synth_process or _write_float, and at
 * synth.cpu-cores 1 or 2. */

#include "core/base/alloc.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fluidsynth.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(soundfont_fixture, .timeout = TU_TIMEOUT(60));

typedef struct synth {
  char *dir, *path;
  fluid_settings_t *settings;
  fluid_synth_t *fs;
  int id;
} synth;

/* A synth at 48000 Hz (or `rate`), reverb and chorus off, with the tests'
 * SoundFont loaded; min_note_ms < 0 keeps fluidsynth's default. */
static synth *open_synth(double rate, int cores, int min_note_ms)
{
  synth *s = calloc(1, sizeof *s);
  s->dir = tu_tmpdir();
  s->path = tu_write_sf2(s->dir, "sines.sf2");
  s->settings = new_fluid_settings();
  fluid_settings_setnum(s->settings, "synth.sample-rate", rate);
  fluid_settings_setint(s->settings, "synth.reverb.active", 0);
  fluid_settings_setint(s->settings, "synth.chorus.active", 0);
  fluid_settings_setint(s->settings, "synth.cpu-cores", cores);
  if (min_note_ms >= 0)
    fluid_settings_setint(s->settings, "synth.min-note-length", min_note_ms);
  s->fs = new_fluid_synth(s->settings);
  cr_assert_not_null(s->fs);
  s->id = fluid_synth_sfload(s->fs, s->path, 1);
  cr_assert_geq(s->id, 0, "fluidsynth does not load %s", s->path);
  return s;
}

static void close_synth(synth *s)
{
  delete_fluid_synth(s->fs);
  delete_fluid_settings(s->settings);
  tu_rmtree(s->dir);
  free(s->dir);
  free(s->path);
  free(s);
}

/* Render frames [from, from + n) into l and r in calls of `call` frames. */
static void render(synth *s, float *l, float *r, size_t from, size_t n, size_t call)
{
  for (size_t k = 0; k < n; k += call) {
    const size_t m = n - k < call ? n - k : call;
    cr_assert_eq(fluid_synth_write_float(s->fs, (int)m, l + from + k, 0, 1, r + from + k, 0, 1),
                 FLUID_OK);
  }
}

/* The frequency of x over [a, b): upward zero crossings, each placed between
 * its two frames by linear interpolation, cycles over the time between the
 * first and the last. */
static double frequency(const float *x, size_t a, size_t b, double rate)
{
  double first = -1, last = 0;
  int cycles = 0;
  for (size_t i = a + 1; i < b; i++)
    if (x[i - 1] < 0 && x[i] >= 0) {
      const double t = (double)(i - 1) + x[i - 1] / (x[i - 1] - x[i]);
      if (first < 0)
        first = t;
      else
        cycles++;
      last = t;
    }
  return cycles / ((last - first) / rate);
}

static double rms(const float *x, size_t a, size_t n)
{
  double s = 0;
  for (size_t i = a; i < a + n; i++)
    s += (double)x[i] * x[i];
  return sqrt(s / (double)n);
}

/* The peak over the 110 frames from a (a period of 440 Hz and a frame):
 * the envelope, low by at most 1 − cos(π 440/48000) = 0.04 %. */
static double envelope(const float *x, size_t a)
{
  double m = 0;
  for (size_t i = a; i < a + 110; i++)
    m = fmax(m, fabs(x[i]));
  return m;
}

static long last_nonzero(const float *x, size_t n)
{
  for (size_t i = n; i-- > 0;)
    if (x[i] != 0)
      return (long)i;
  return -1;
}

/* ---- the file ---- */

Test(soundfont_fixture, fluidsynth_loads_its_three_presets)
{
  synth *s = open_synth(48000, 1, -1);
  fluid_sfont_t *font = fluid_synth_get_sfont_by_id(s->fs, s->id);
  cr_assert_not_null(font);
  const struct {
    const char *name;
    int bank, program;
  } want[] = {{"Sine", 0, 0}, {"Sine slow", 0, 1}, {"Sine hit", 128, 0}};
  for (size_t k = 0; k < 3; k++) {
    fluid_preset_t *p = fluid_sfont_get_preset(font, want[k].bank, want[k].program);
    cr_assert_not_null(p, "no preset %d:%d", want[k].bank, want[k].program);
    cr_expect_str_eq(fluid_preset_get_name(p), want[k].name);
  }
  int n = 0;
  fluid_sfont_iteration_start(font);
  while (fluid_sfont_iteration_next(font))
    n++;
  cr_expect_eq(n, 3);
  close_synth(s);
}

/* Note 69 on "Sine" is 440 Hz within 0.01 % (measured: 440.000016 Hz,
 * the estimator's own error), at 48000 Hz and resampled to 44100 Hz; an
 * octave either side is 220 and 880 Hz; the percussion preset (bank 128,
 * channel 10) is its 1000 Hz burst whatever the key, 4800 frames long. */
Test(soundfont_fixture, the_notes_have_their_pitch)
{
  float *l = calloc(48000, sizeof *l), *r = calloc(48000, sizeof *r);
  const struct {
    double rate;
    int chan, key;
    double hz;
  } rows[] = {{48000, 0, 69, 440}, {44100, 0, 69, 440},  {48000, 0, 57, 220},
              {48000, 0, 81, 880}, {48000, 9, 36, 1000}, {48000, 9, 80, 1000}};
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    synth *s = open_synth(rows[k].rate, 1, -1);
    if (rows[k].chan != 9)
      fluid_synth_program_select(s->fs, rows[k].chan, s->id, 0, 0);
    cr_assert_eq(fluid_synth_noteon(s->fs, rows[k].chan, rows[k].key, 127), FLUID_OK);
    memset(l, 0, 48000 * sizeof *l);
    render(s, l, r, 0, 48000, 4096);
    const size_t end = rows[k].chan == 9 ? TU_SF2_HIT_FRAMES - 100 : 43000;
    const double f = frequency(l, 100, end, rows[k].rate);
    cr_expect(fabs(f / rows[k].hz - 1) < 1e-4, "row %zu: %.6f Hz, not %g", k, f, rows[k].hz);
    if (rows[k].chan == 9)
      cr_expect_eq(last_nonzero(l, 48000), TU_SF2_HIT_FRAMES - 1, "row %zu", k);
    close_synth(s);
  }
  free(l);
  free(r);
}

/* The level: at velocity 127 the full-scale sample comes out at −23.00 dBFS
 * RMS on each channel (synth.gain 0.2 and fluidsynth's centre pan: peak
 * 0.1001); lower velocities follow the SF2 default modulator, velocity to
 * attenuation on the concave curve over 96 dB: 40 log10(v/127) dB, so 64
 * is −11.905 dB (amplitude (v/127)²). fluidsynth turns attenuation into
 * gain through a table of whole centibels, so the measured level is off by
 * up to 0.1 dB (measured: 64 −11.900, 100 −4.200, 32 −24.000). */
Test(soundfont_fixture, the_level_follows_the_velocity)
{
  float *l = calloc(48000, sizeof *l), *r = calloc(48000, sizeof *r);
  const int vels[] = {127, 100, 64, 32};
  double at127 = 0;
  for (size_t k = 0; k < 4; k++) {
    synth *s = open_synth(48000, 1, -1);
    fluid_synth_program_select(s->fs, 0, s->id, 0, 0);
    fluid_synth_noteon(s->fs, 0, 69, vels[k]);
    render(s, l, r, 0, 48000, 4096);
    cr_expect(memcmp(l, r, 48000 * sizeof *l) == 0, "a centred note is the same left and right");
    const double level = rms(l, 12000, 24000);
    close_synth(s);
    if (k == 0) {
      at127 = level;
      cr_expect(fabs(20 * log10(level) - -23.0) < 0.05, "%.4f dBFS", 20 * log10(level));
      continue;
    }
    const double db = 20 * log10(level / at127), want = 40 * log10(vels[k] / 127.0);
    cr_expect(fabs(db - want) < 0.1, "velocity %d: %.4f dB, not %.4f", vels[k], db, want);
  }
  free(l);
  free(r);
}

/* "Sine slow": attack −2400 timecents (2^(−2400/1200) = 0.25 s), linear in
 * amplitude; release −1200 timecents (0.5 s), linear in dB: fluidsynth's
 * release falls 96 dB (its FLUID_PEAK_ATTENUATION) in the release time,
 * and the voice ends exactly then (the release is 375 blocks of 64 frames
 * here). Tolerance 1 %: fluidsynth counts envelope stages in whole blocks
 * (12000 frames of attack become 188 blocks, +0.3 %), and the envelope is
 * read as the peak of each period (−0.04 %). Measured: attack 0.2515 s
 * (from its 10 % and 90 % times), release −191.0 dB/s. */
Test(soundfont_fixture, the_envelope_has_its_attack_and_release)
{
  const size_t n = 48000 + 26000, off = 48000;
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  synth *s = open_synth(48000, 1, -1);
  fluid_synth_program_select(s->fs, 0, s->id, 0, 1);
  fluid_synth_noteon(s->fs, 0, 69, 127);
  render(s, l, r, 0, off, 4096);
  fluid_synth_noteoff(s->fs, 0, 69);
  render(s, l, r, off, n - off, 4096);
  const double top = envelope(l, 30000);
  long t10 = -1, t50 = -1, t90 = -1;
  for (size_t a = 0; a < 24000; a++) {
    const double e = envelope(l, a) / top;
    t10 = t10 < 0 && e >= 0.1 ? (long)a : t10;
    t50 = t50 < 0 && e >= 0.5 ? (long)a : t50;
    t90 = t90 < 0 && e >= 0.9 ? (long)a : t90;
  }
  const double attack_s = (double)(t90 - t10) / 0.8 / 48000;
  cr_expect(fabs(attack_s / 0.25 - 1) < 0.01, "attack %.5f s", attack_s);
  /* linear: half way up at half the attack */
  cr_expect(fabs((double)(t50 - t10) / (double)(t90 - t10) - 0.5) < 0.01, "%ld %ld %ld", t10, t50,
            t90);
  const double d1 = 20 * log10(envelope(l, off + 2400) / top),
               d2 = 20 * log10(envelope(l, off + 14400) / top);
  const double release_s = 96 / ((d1 - d2) / 0.25);
  cr_expect(fabs(release_s / 0.5 - 1) < 0.01, "release %.5f s (%.3f dB/s)", release_s,
            (d2 - d1) / 0.25);
  cr_expect_eq(last_nonzero(l, n), (long)off + 24000 - 1);
  close_synth(s);
  free(l);
  free(r);
}

/* ---- what the engine designs around ---- */

/* A note-on sent after r frames were rendered sounds from the next multiple
 * of 64 frames, ceil(r/64) × 64, counted from the synth's first frame, and
 * is then the same bytes as one sent at frame 0, shifted: calls of 1, 37
 * or 4096 frames change nothing (fluidsynth renders whole blocks of 64 and
 * keeps what a call did not take). */
Test(soundfont_fixture, events_land_on_the_synths_grid_of_64_frames)
{
  const size_t n = 6000;
  float *l0 = calloc(n, sizeof *l0), *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  synth *s = open_synth(48000, 1, -1);
  fluid_synth_program_select(s->fs, 0, s->id, 0, 0);
  fluid_synth_noteon(s->fs, 0, 69, 127);
  render(s, l0, r, 0, n, 4096);
  close_synth(s);
  cr_expect_eq(l0[0], 0.0f); /* the sample starts at sin(0) */
  cr_expect_neq(l0[1], 0.0f);
  const size_t offsets[] = {1, 10, 63, 64, 65, 100, 128, 129, 1000}, calls[] = {1, 37, 4096};
  for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
    for (size_t c = 0; c < 3; c++) {
      const size_t at = offsets[i], starts = (at + 63) / 64 * 64;
      s = open_synth(48000, 1, -1);
      fluid_synth_program_select(s->fs, 0, s->id, 0, 0);
      memset(l, 0, n * sizeof *l);
      render(s, l, r, 0, at, calls[c]);
      fluid_synth_noteon(s->fs, 0, 69, 127);
      render(s, l, r, at, n - at, calls[c]);
      for (size_t k = 0; k < starts; k++)
        cr_assert_eq(l[k], 0.0f, "sent at %zu, calls of %zu: sound at %zu", at, calls[c], k);
      cr_expect(memcmp(l + starts, l0, (n - starts) * sizeof *l) == 0,
                "sent at %zu, calls of %zu: not the note at 0 moved to %zu", at, calls[c], starts);
      close_synth(s);
    }
  free(l0);
  free(l);
  free(r);
}

/* A note-off too: its release starts on the grid. "Sine" has the SF2
 * default release, −12000 timecents, which fluidsynth raises to its least,
 * −7200 (2^−6 s = 15.6 ms): 11 blocks, 704 frames. And one sooner than
 * synth.min-note-length (10 ms by default, 480 frames) after its note-on
 * waits until then (then the grid): at 0 it does not. */
Test(soundfont_fixture, a_note_off_lands_on_the_grid_after_the_shortest_note)
{
  const size_t n = 8000;
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  const struct {
    int min_note_ms;
    size_t off;
    long last;
  } rows[] = {{-1, 4800, 4800 + 704 - 1}, {-1, 4810, 4864 + 704 - 1}, {0, 4810, 4864 + 704 - 1},
              {0, 200, 256 + 704 - 1},    {-1, 200, 512 + 704 - 1},   {10, 200, 512 + 704 - 1}};
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    synth *s = open_synth(48000, 1, rows[k].min_note_ms);
    fluid_synth_program_select(s->fs, 0, s->id, 0, 0);
    fluid_synth_noteon(s->fs, 0, 69, 127);
    memset(l, 0, n * sizeof *l);
    render(s, l, r, 0, rows[k].off, 4096);
    fluid_synth_noteoff(s->fs, 0, 69);
    render(s, l, r, rows[k].off, n - rows[k].off, 4096);
    cr_expect_eq(last_nonzero(l, n), rows[k].last, "row %zu: sounds until %ld, not %ld", k,
                 last_nonzero(l, n), rows[k].last);
    close_synth(s);
  }
  free(l);
  free(r);
}

/* Sixty steps of six notes on sixteen channels, note-offs, pan and pitch
 * bend, events off the grid: rendered by fluid_synth_write_float in calls
 * of 4096 frames, again, in calls of 37, by fluid_synth_process, and with
 * synth.cpu-cores 2: the same bytes each time. */
static void piece(synth *s, float *l, float *r, size_t n, size_t call, bool process)
{
  size_t at = 0;
  for (int c = 0; c < 16; c++)
    if (c != 9)
      fluid_synth_program_select(s->fs, c, s->id, 0, c % 2);
  for (int step = 0; step <= 60; step++) {
    const size_t next = step < 60 ? (size_t)(step * 750 + (step * 37) % 64) : n;
    while (at < next) {
      const size_t m = next - at < call ? next - at : call;
      if (process) {
        float *out[2] = {l + at, r + at};
        memset(l + at, 0, m * sizeof *l);
        memset(r + at, 0, m * sizeof *r);
        cr_assert_eq(fluid_synth_process(s->fs, (int)m, 0, NULL, 2, out), FLUID_OK);
      } else {
        fluid_synth_write_float(s->fs, (int)m, l + at, 0, 1, r + at, 0, 1);
      }
      at += m;
    }
    if (step == 60)
      break;
    for (int k = 0; k < 6; k++)
      fluid_synth_noteon(s->fs, (step + k) % 16, 40 + (step * 7 + k * 5) % 50,
                         20 + (step * 13 + k) % 107);
    for (int k = 0; step > 2 && k < 6; k++)
      fluid_synth_noteoff(s->fs, (step - 3 + k) % 16, 40 + ((step - 3) * 7 + k * 5) % 50);
    fluid_synth_cc(s->fs, step % 16, 10, (step * 11) % 128);
    fluid_synth_pitch_bend(s->fs, (step + 3) % 16, (step * 997) % 16384);
  }
}

Test(soundfont_fixture, the_output_is_the_same_bytes_however_it_is_rendered)
{
  const size_t n = 48000;
  float *l0 = calloc(n, sizeof *l0), *r0 = calloc(n, sizeof *r0);
  float *l = calloc(n, sizeof *l), *r = calloc(n, sizeof *r);
  synth *s = open_synth(48000, 1, -1);
  piece(s, l0, r0, n, 4096, false);
  close_synth(s);
  cr_assert_gt(rms(l0, 0, n), 0.01);
  const struct {
    int cores;
    size_t call;
    bool process;
    const char *what;
  } rows[] = {{1, 4096, false, "again"},
              {1, 37, false, "in calls of 37 frames"},
              {1, 4096, true, "by fluid_synth_process"},
              {2, 4096, false, "with synth.cpu-cores 2"}};
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    s = open_synth(48000, rows[k].cores, -1);
    piece(s, l, r, n, rows[k].call, rows[k].process);
    close_synth(s);
    cr_expect(memcmp(l, l0, n * sizeof *l) == 0 && memcmp(r, r0, n * sizeof *r) == 0,
              "%s: different bytes", rows[k].what);
  }
  free(l0);
  free(r0);
  free(l);
  free(r);
}

/* The layout the SoundFont 2.01 specification asks for, read here on its
 * own terms rather than fluidsynth's (which forgives some of it): RIFF sfbk
 * of INFO, sdta and pdta lists, pdta's nine chunks in order, each a whole
 * number of records ending with its terminal one, bag and generator indices
 * that only go up and end at the counts, an instrument zone's sampleID and
 * a preset zone's instrument last, and each sample's points: loop of 32 or
 * more, 8 points either side, 46 zero points after it. */
static uint32_t le(const uint8_t *p, int bytes)
{
  uint32_t v = 0;
  for (int k = bytes - 1; k >= 0; k--)
    v = v << 8 | p[k];
  return v;
}

Test(soundfont_fixture, the_file_follows_the_sf2_01_layout)
{
  char *dir = tu_tmpdir(), *path = tu_write_sf2(dir, "sines.sf2");
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  static uint8_t b[1 << 16];
  const size_t n = fread(b, 1, sizeof b, f);
  fclose(f);
  cr_assert(n > 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "sfbk", 4) == 0);
  cr_assert_eq(le(b + 4, 4) + 8, n, "the RIFF size is the file's");
  const char *lists[] = {"INFO", "sdta", "pdta"};
  const uint8_t *list[3] = {0};
  uint32_t list_size[3] = {0};
  size_t at = 12;
  for (int k = 0; k < 3; k++) {
    cr_assert(at + 12 <= n && memcmp(b + at, "LIST", 4) == 0 &&
                  memcmp(b + at + 8, lists[k], 4) == 0,
              "list %d is not %s", k, lists[k]);
    list[k] = b + at + 12;
    list_size[k] = le(b + at + 4, 4) - 4;
    at += 8 + le(b + at + 4, 4);
  }
  cr_assert_eq(at, n);
  cr_expect(memcmp(list[0], "ifil", 4) == 0 && le(list[0] + 4, 4) == 4 && le(list[0] + 8, 2) == 2 &&
                le(list[0] + 10, 2) == 1,
            "INFO starts with ifil 2.01");
  cr_expect(memcmp(list[1], "smpl", 4) == 0 && le(list[1] + 4, 4) + 8 == list_size[1]);
  const uint32_t points = le(list[1] + 4, 4) / 2;
  const uint8_t *smpl = list[1] + 8;
  /* pdta: nine chunks in order, whole records, the last a terminal one */
  static const struct {
    const char *id;
    uint32_t record;
  } pdta[] = {{"phdr", 38}, {"pbag", 4},  {"pmod", 10}, {"pgen", 4}, {"inst", 22},
              {"ibag", 4},  {"imod", 10}, {"igen", 4},  {"shdr", 46}};
  const uint8_t *c[9];
  uint32_t count[9];
  const uint8_t *p = list[2];
  for (int k = 0; k < 9; k++) {
    cr_assert(memcmp(p, pdta[k].id, 4) == 0, "pdta chunk %d is not %s", k, pdta[k].id);
    const uint32_t size = le(p + 4, 4);
    cr_assert(size % pdta[k].record == 0 && size >= pdta[k].record, "%s: %u bytes", pdta[k].id,
              size);
    c[k] = p + 8;
    count[k] = size / pdta[k].record - 1; /* without the terminal record */
    p += 8 + size;
  }
  cr_assert_eq(p, list[2] + list_size[2]);
  cr_expect_str_eq((const char *)c[0] + count[0] * 38, "EOP");
  cr_expect_str_eq((const char *)c[4] + count[4] * 22, "EOI");
  cr_expect_str_eq((const char *)c[8] + count[8] * 46, "EOS");
  /* bags and generators: indices going up, ending at the counts */
  for (int h = 0; h < 2; h++) {
    const uint8_t *hdr = c[h ? 4 : 0], *bag = c[h ? 5 : 1], *gen = c[h ? 7 : 3];
    const uint32_t rec = h ? 22 : 38, nh = count[h ? 4 : 0], nb = count[h ? 5 : 1];
    const uint32_t ng = count[h ? 7 : 3], last_gen = h ? 53 : 41;
    for (uint32_t i = 0; i < nh; i++)
      cr_expect_leq(le(hdr + i * rec + (h ? 20 : 24), 2),
                    le(hdr + (i + 1) * rec + (h ? 20 : 24), 2));
    cr_expect_eq(le(hdr + nh * rec + (h ? 20 : 24), 2), nb, "the terminal header's bag");
    cr_expect_eq(le(bag + nb * 4, 2), ng, "the terminal bag's generator");
    cr_expect_eq(le(bag + nb * 4 + 2, 2), count[h ? 6 : 2], "the terminal bag's modulator");
    for (uint32_t z = 0; z < nb; z++) {
      const uint32_t g0 = le(bag + z * 4, 2), g1 = le(bag + (z + 1) * 4, 2);
      cr_assert(g0 < g1 && g1 <= ng, "%s zone %u: generators %u..%u", h ? "ibag" : "pbag", z, g0,
                g1);
      cr_expect_eq(le(gen + (g1 - 1) * 4, 2), last_gen, "zone %u ends with its %s", z,
                   h ? "sampleID" : "instrument");
      for (uint32_t g = g0 + 1; g < g1; g++)
        cr_expect_neq(le(gen + g * 4, 2), 43, "keyRange comes first");
    }
  }
  /* samples */
  for (uint32_t s = 0; s < count[8]; s++) {
    const uint8_t *h = c[8] + s * 46;
    const uint32_t start = le(h + 20, 4), end = le(h + 24, 4), ls = le(h + 28, 4),
                   lend = le(h + 32, 4);
    cr_expect(start + 8 <= ls && ls + 32 <= lend && lend + 8 <= end && end + 46 <= points,
              "sample %u: %u %u %u %u of %u", s, start, ls, lend, end, points);
    for (uint32_t i = end; i < end + 46 && i < points; i++)
      cr_expect_eq(le(smpl + 2 * i, 2), 0, "sample %u: point %u after its end", s, i);
    cr_expect_eq(le(h + 36, 4), TU_SF2_RATE);
    cr_expect_eq(le(h + 44, 2), 1, "mono");
  }
  cr_expect_eq(le(c[8] + 40, 1), 69, "the A4 sine's original pitch");
  cr_expect_eq(le(c[8] + 41, 1), 0, "and its correction");
  /* the A4 loop is seamless: the point after its end is its first */
  const uint32_t ls = le(c[8] + 28, 4), lend = le(c[8] + 32, 4);
  cr_expect_eq(lend - ls, 1200);
  cr_expect_eq(le(smpl + 2 * lend, 2), le(smpl + 2 * ls, 2));
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* ---- an independent reader ---- */

/* The fluidsynth command reads the file and plays a MIDI file with it: a
 * second of note 69 at 440 Hz. */
Test(soundfont_fixture, the_fluidsynth_command_plays_it)
{
  if (system("command -v fluidsynth >/dev/null 2>&1") != 0) {
    cr_skip_test("the fluidsynth command is not installed (Debian fluidsynth)");
    return;
  }
  char *dir = tu_tmpdir();
  char *sf2 = tu_write_sf2(dir, "sines.sf2");
  const tu_smf_event ev[] = {{0, {0xC0, 0, 0}}, {0, {0x90, 69, 127}}, {960, {0x80, 69, 0}}};
  char *mid = tu_write_smf(dir, "a4.mid", ev, 3);
  char *wav = tu_path(dir, "a4.wav");
  char *cmd = sp_xasprintf("fluidsynth -n -i -q -R 0 -C 0 -r 48000 -O float -T wav -F '%s' '%s' "
                           "'%s' </dev/null >/dev/null 2>&1",
                           wav, sf2, mid);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  int64_t frames;
  int channels, rate;
  double *x = tu_read(wav, &frames, &channels, &rate);
  cr_assert_not_null(x, "no %s", wav);
  cr_assert_eq(rate, 48000);
  cr_assert_eq(channels, 2);
  cr_assert_geq(frames, 48000);
  float *l = calloc((size_t)frames, sizeof *l);
  for (int64_t i = 0; i < frames; i++)
    l[i] = (float)x[2 * i];
  const double f = frequency(l, 4800, 43200, 48000);
  cr_expect(fabs(f / 440 - 1) < 1e-4, "%.6f Hz", f);
  cr_expect_gt(rms(l, 4800, 38400), 0.05);
  free(l);
  free(x);
  free(cmd);
  free(wav);
  free(mid);
  free(sf2);
  tu_rmtree(dir);
  free(dir);
}
