/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' SoundFont (testsf2.h says what is in it), written chunk by
 * chunk as the SoundFont 2.01 specification lays it out:
 *
 *   RIFF sfbk
 *     LIST INFO   ifil (2.01), isng, INAM
 *     LIST sdta   smpl (16-bit points)
 *     LIST pdta   phdr pbag pmod pgen   presets, their zones, generators
 *                 inst ibag imod igen   instruments, the same
 *                 shdr                  sample headers
 *
 * and a Standard MIDI File to play it with the fluidsynth command. */

#include "testsf2.h"
#include "testutil.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
  uint8_t *b;
  size_t n, cap;
} buf;

static void put(buf *o, const void *p, size_t n)
{
  if (o->n + n > o->cap) {
    o->cap = (o->n + n) * 2;
    o->b = sp_xrealloc(o->b, o->cap);
  }
  memcpy(o->b + o->n, p, n);
  o->n += n;
}

static void u8(buf *o, unsigned v)
{
  const uint8_t b = (uint8_t)v;
  put(o, &b, 1);
}

static void u16(buf *o, unsigned v)
{
  u8(o, v & 0xFF);
  u8(o, (v >> 8) & 0xFF);
}

static void u32(buf *o, uint32_t v)
{
  u16(o, v & 0xFFFF);
  u16(o, v >> 16);
}

static void be(buf *o, uint32_t v, int bytes)
{
  for (int k = bytes - 1; k >= 0; k--)
    u8(o, (v >> (8 * k)) & 0xFF);
}

/* A name of 20 bytes, zero-padded (a name of 20 characters has no zero). */
static void name20(buf *o, const char *s)
{
  char n[20] = {0};
  memcpy(n, s, strlen(s) < 20 ? strlen(s) : 20);
  put(o, n, 20);
}

/* Open a chunk (or a LIST of `type` when type is not NULL): its size is
 * patched by close_chunk. Returns where the size is. */
static size_t open_chunk(buf *o, const char *id, const char *type)
{
  put(o, id, 4);
  const size_t at = o->n;
  u32(o, 0);
  if (type)
    put(o, type, 4);
  return at;
}

static void close_chunk(buf *o, size_t at)
{
  if ((o->n - at) % 2)
    u8(o, 0); /* chunks are padded to even sizes */
  const uint32_t size = (uint32_t)(o->n - at - 4);
  for (int k = 0; k < 4; k++)
    o->b[at + (size_t)k] = (uint8_t)(size >> (8 * k));
}

/* A zero-terminated string chunk, of even size. */
static void zstr(buf *o, const char *id, const char *s)
{
  const size_t at = open_chunk(o, id, NULL);
  put(o, s, strlen(s) + 1);
  close_chunk(o, at);
}

/* Generators (SF2.01 section 8.1.2). */
enum {
  GEN_ATTACK_VOL_ENV = 34,
  GEN_RELEASE_VOL_ENV = 38,
  GEN_INSTRUMENT = 41,
  GEN_KEY_RANGE = 43,
  GEN_SAMPLE_ID = 53,
  GEN_SAMPLE_MODES = 54,
  GEN_SCALE_TUNING = 56,
};

typedef struct gen {
  unsigned oper;
  int amount;
} gen;

/* An instrument's (or a preset's) one zone: its generators, the last one
 * sampleID (or instrument) as the specification requires. */
typedef struct zone {
  const char *name;
  gen g[6];
  int n;
} zone;

enum { A4_POINTS = 3600, A4_LOOP = 1200, HIT_POINTS = TU_SF2_HIT_FRAMES, PAD = 46 };

static const zone instruments[] = {
    {"Sine", {{GEN_SAMPLE_MODES, 1}, {GEN_SAMPLE_ID, 0}}, 2},
    {"Sine slow",
     {{GEN_ATTACK_VOL_ENV, TU_SF2_SLOW_ATTACK_TC},
      {GEN_RELEASE_VOL_ENV, TU_SF2_SLOW_RELEASE_TC},
      {GEN_SAMPLE_MODES, 1},
      {GEN_SAMPLE_ID, 0}},
     4},
    {"Sine hit",
     {{GEN_KEY_RANGE, 0 | 127 << 8},
      {GEN_SCALE_TUNING, 0},
      {GEN_SAMPLE_MODES, 0},
      {GEN_SAMPLE_ID, 1}},
     4},
    /* TU_SF2_SILENT_PRESET's: a zone that names no sample */
    {"Empty", {{GEN_SAMPLE_MODES, 0}}, 1},
    /* TU_SF2_EMPTY_SAMPLE's: a sample of no points */
    {"Hollow", {{GEN_SAMPLE_MODES, 0}, {GEN_SAMPLE_ID, 2}}, 2},
};

static const struct {
  const char *name;
  unsigned bank, program, instrument;
} presets[] = {
    {"Sine", 0, 0, 0}, {"Sine slow", 0, 1, 1}, {"Sine hit", 128, 0, 2}, {"Silent", 0, 2, 3}};

/* A sine of hz at 48000 Hz, full scale, from phase 0, then PAD zeros. */
static void sine_points(buf *o, double hz, int points)
{
  for (int i = 0; i < points; i++)
    u16(o, (unsigned)(uint16_t)(int16_t)lrint(32767.0 * sin(2 * M_PI * hz * i / TU_SF2_RATE)));
  for (int i = 0; i < PAD; i++)
    u16(o, 0);
}

static void shdr(buf *o, const char *name, uint32_t start, uint32_t end, uint32_t loop_start,
                 uint32_t loop_end, unsigned pitch)
{
  name20(o, name);
  u32(o, start);
  u32(o, end);
  u32(o, loop_start);
  u32(o, loop_end);
  u32(o, TU_SF2_RATE);
  u8(o, pitch);
  u8(o, 0);  /* pitch correction, cents */
  u16(o, 0); /* sample link */
  u16(o, 1); /* mono */
}

/* A list's zero-filled terminal record of `bytes`. */
static void zeros(buf *o, size_t bytes)
{
  for (size_t k = 0; k < bytes; k++)
    u8(o, 0);
}

char *tu_write_sf2(const char *dir, const char *name)
{
  return tu_write_sf2_flawed(dir, name, TU_SF2_SOUND);
}

char *tu_write_sf2_flawed(const char *dir, const char *name, tu_sf2_flaw flaw)
{
  /* the presets and instruments written: the first three; the flawed
   * preset fourth (its instrument one of the last two) */
  const unsigned n_presets = flaw == TU_SF2_SILENT_PRESET || flaw == TU_SF2_EMPTY_SAMPLE ? 4 : 3;
  const unsigned extra = flaw == TU_SF2_EMPTY_SAMPLE ? 4 : 3;
  const unsigned inst_of[4] = {0, 1, 2, extra};
  const unsigned n_inst = n_presets == 4 ? 4 : 3;
  const bool no_samples = flaw == TU_SF2_NO_SAMPLES;
  buf o = {0};
  const size_t riff = open_chunk(&o, "RIFF", "sfbk");

  size_t list = open_chunk(&o, "LIST", "INFO");
  size_t at = open_chunk(&o, "ifil", NULL);
  u16(&o, 2);
  u16(&o, 1);
  close_chunk(&o, at);
  zstr(&o, "isng", "EMU8000");
  zstr(&o, "INAM", "stemprint test sines");
  zstr(&o, "ICMT", "made by stemprint's tests (tests/testsf2.c)");
  close_chunk(&o, list);

  list = open_chunk(&o, "LIST", "sdta");
  at = open_chunk(&o, "smpl", NULL);
  if (!no_samples) {
    sine_points(&o, TU_SF2_A4_HZ, A4_POINTS);
    sine_points(&o, TU_SF2_HIT_HZ, HIT_POINTS);
  }
  if (flaw == TU_SF2_ODD_SMPL)
    u8(&o, 0);
  close_chunk(&o, at);
  if (flaw == TU_SF2_ODD_SMPL) /* its size says the odd byte, not the pad after it */
    o.b[at]--;
  close_chunk(&o, list);

  list = open_chunk(&o, "LIST", "pdta");
  /* presets: one zone each, of one generator (the instrument) */
  at = open_chunk(&o, "phdr", NULL);
  for (unsigned p = 0; p < n_presets; p++) {
    name20(&o, presets[p].name);
    u16(&o, presets[p].program);
    u16(&o, presets[p].bank);
    u16(&o, p); /* its first bag */
    u32(&o, 0);
    u32(&o, 0);
    u32(&o, 0);
  }
  name20(&o, "EOP");
  zeros(&o, 4);
  u16(&o, n_presets);
  zeros(&o, 12);
  close_chunk(&o, at);
  at = open_chunk(&o, "pbag", NULL);
  for (unsigned p = 0; p <= n_presets; p++) {
    u16(&o, p); /* its first generator */
    u16(&o, 0); /* no modulators */
  }
  close_chunk(&o, at);
  at = open_chunk(&o, "pmod", NULL);
  zeros(&o, 10);
  close_chunk(&o, at);
  at = open_chunk(&o, "pgen", NULL);
  for (unsigned p = 0; p < n_presets; p++) {
    u16(&o, GEN_INSTRUMENT);
    u16(&o, p < 3 ? presets[p].instrument : n_inst - 1);
  }
  zeros(&o, 4);
  close_chunk(&o, at);

  /* instruments: one zone each */
  at = open_chunk(&o, "inst", NULL);
  unsigned first = 0;
  for (unsigned i = 0; i < n_inst; i++) {
    name20(&o, instruments[inst_of[i]].name);
    u16(&o, i);
  }
  name20(&o, "EOI");
  u16(&o, n_inst);
  close_chunk(&o, at);
  at = open_chunk(&o, "ibag", NULL);
  for (unsigned i = 0; i <= n_inst; i++) {
    u16(&o, first); /* its zone's first generator */
    u16(&o, 0);
    if (i < n_inst) {
      const zone *z = &instruments[inst_of[i]];
      first += (unsigned)z->n - (no_samples && z->g[z->n - 1].oper == GEN_SAMPLE_ID);
    }
  }
  close_chunk(&o, at);
  at = open_chunk(&o, "imod", NULL);
  zeros(&o, 10);
  close_chunk(&o, at);
  at = open_chunk(&o, "igen", NULL);
  for (unsigned i = 0; i < n_inst; i++) {
    const zone *z = &instruments[inst_of[i]];
    for (int k = 0; k < z->n; k++) {
      if (no_samples && z->g[k].oper == GEN_SAMPLE_ID)
        continue;
      u16(&o, z->g[k].oper);
      u16(&o, (unsigned)(uint16_t)(int16_t)z->g[k].amount);
    }
  }
  zeros(&o, 4);
  close_chunk(&o, at);

  /* samples, in points from the start of smpl; end is the first point
   * after the sample, a loop's end the first point after the loop */
  at = open_chunk(&o, "shdr", NULL);
  if (!no_samples) {
    shdr(&o, "Sine A4", 0, A4_POINTS, A4_LOOP, 2 * A4_LOOP, 69);
    const uint32_t hit = A4_POINTS + PAD;
    shdr(&o, "Sine hit", hit, hit + HIT_POINTS, hit + 8, hit + HIT_POINTS - 8, 84);
    if (flaw == TU_SF2_EMPTY_SAMPLE)
      shdr(&o, "Hollow", hit, hit, hit, hit, 60);
  }
  name20(&o, "EOS");
  zeros(&o, 26);
  close_chunk(&o, at);
  close_chunk(&o, list);
  close_chunk(&o, riff);

  char *path = tu_path(dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(o.b, 1, o.n, f) != o.n || fclose(f) != 0)
    abort();
  free(o.b);
  return path;
}

char *tu_write_smf(const char *dir, const char *name, const tu_smf_event *ev, int n)
{
  buf o = {0};
  put(&o, "MThd", 4);
  be(&o, 6, 4);
  be(&o, 0, 2);   /* format 0 */
  be(&o, 1, 2);   /* one track */
  be(&o, 480, 2); /* ticks a quarter note */
  put(&o, "MTrk", 4);
  const size_t at = o.n;
  be(&o, 0, 4);
  for (int k = 0; k < n; k++) {
    /* the delta time as a variable-length quantity */
    uint32_t t = ev[k].ticks, v = t & 0x7F;
    while (t >>= 7)
      v = (v << 8) | 0x80 | (t & 0x7F);
    for (;;) {
      u8(&o, v & 0xFF);
      if (!(v & 0x80))
        break;
      v >>= 8;
    }
    put(&o, ev[k].msg, (ev[k].msg[0] & 0xF0) == 0xC0 || (ev[k].msg[0] & 0xF0) == 0xD0 ? 2 : 3);
  }
  put(&o, "\x00\xFF\x2F\x00", 4); /* end of track */
  const uint32_t size = (uint32_t)(o.n - at - 4);
  for (int k = 0; k < 4; k++)
    o.b[at + (size_t)k] = (uint8_t)(size >> (8 * (3 - k)));
  char *path = tu_path(dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(o.b, 1, o.n, f) != o.n || fclose(f) != 0)
    abort();
  free(o.b);
  return path;
}
