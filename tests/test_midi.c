/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MIDI files (core/media/midi.h, io/midi/smf.h): files built here byte by
 * byte and read with known answers (formats 0 and 1, running status, the
 * tempo map's exact seconds, SMPTE time bases, what is skipped and what is
 * tolerated), every malformed file refused with its byte offset and what
 * was expected, the picks an instrument track plays, the writer read back
 * to the bit by this reader and by an independent one (midicsv), and an
 * independent writer's file (csvmidi) read by this one. */

#include "core/base/alloc.h"
#include "core/media/midi.h"
#include "core/graph/query.h"
#include "io/audio/media.h"
#include "io/midi/smf.h"
#include "io/recipe/parse.h"
#include "testsf2.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }
static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(midi, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* ---- files byte by byte ------------------------------------------------- */

typedef struct bytes {
  uint8_t v[32768];
  size_t n;
} bytes;

static void add(bytes *b, const uint8_t *p, size_t n)
{
  cr_assert_leq(b->n + n, sizeof b->v);
  memcpy(b->v + b->n, p, n);
  b->n += n;
}
#define B(b, ...) add(b, (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* MThd: format, tracks, division's two bytes. */
static void header(bytes *b, unsigned format, unsigned tracks, uint8_t div_hi, uint8_t div_lo)
{
  B(b, 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, (uint8_t)format, (uint8_t)(tracks >> 8), (uint8_t)tracks,
    div_hi, div_lo);
}

/* An MTrk header whose length track_end fills in; where it starts. */
static size_t track_begin(bytes *b)
{
  size_t at = b->n;
  B(b, 'M', 'T', 'r', 'k', 0, 0, 0, 0);
  return at;
}
static void track_end(bytes *b, size_t at)
{
  size_t len = b->n - at - 8;
  b->v[at + 4] = (uint8_t)(len >> 24);
  b->v[at + 5] = (uint8_t)(len >> 16);
  b->v[at + 6] = (uint8_t)(len >> 8);
  b->v[at + 7] = (uint8_t)len;
}

static sp_midi_file *parse_ok(const bytes *b)
{
  sp_midi_file *f = NULL;
  char why[512] = "";
  sp_err err = sp_smf_parse(b->v, b->n, &f, why, sizeof why);
  cr_assert_eq(err, SP_OK, "%s", why);
  cr_assert_not_null(f);
  return f;
}

/* The file is refused with exactly this message. */
static void refused(const bytes *b, const char *want)
{
  sp_midi_file *f = (sp_midi_file *)1;
  char why[512] = "";
  sp_err err = sp_smf_parse(b->v, b->n, &f, why, sizeof why);
  cr_assert_eq(err, SP_ERR_IO, "accepted; expected: %s", want);
  cr_assert_null(f);
  cr_assert_str_eq(why, want);
}

static void event_is(const sp_midi_event *e, int64_t tick, double seconds, unsigned track,
                     uint8_t size, uint8_t s, uint8_t d1, uint8_t d2)
{
  cr_assert_eq(e->tick, tick, "tick %lld, expected %lld", (long long)e->tick, (long long)tick);
  cr_assert_eq(e->seconds, seconds, "tick %lld: %.17g s, expected %.17g", (long long)tick,
               e->seconds, seconds);
  cr_assert_eq(e->track, track);
  cr_assert_eq(e->size, size);
  cr_assert_eq(e->msg[0], s, "status %02X, expected %02X", e->msg[0], s);
  cr_assert_eq(e->msg[1], d1);
  if (size == 3)
    cr_assert_eq(e->msg[2], d2);
}

/* ---- reading ------------------------------------------------------------ */

/* The picked events, in the file's order, into a new array (free it; NULL
 * when none) and their number into *n: what a reader sees through
 * sp_midi_picks. */
static sp_midi_event *select_events(const sp_midi_file *f, sp_midi_pick pick, size_t *n)
{
  sp_midi_event *out = NULL;
  *n = 0;
  for (size_t i = 0; i < f->n_events; i++)
    if (sp_midi_picks(pick, &f->events[i])) {
      out = realloc(out, (*n + 1) * sizeof *out);
      cr_assert_not_null(out);
      out[(*n)++] = f->events[i];
    }
  return out;
}

Test(midi, format_0_with_running_status_and_meta_events)
{
  bytes b = {0};
  header(&b, 0, 1, 0x01, 0xE0); /* 480 ticks a quarter */
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 5, 'P', 'i', 'a', 'n', 'o');
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20); /* 500000 µs */
  B(&b, 0x00, 0xFF, 0x58, 0x04, 3, 2, 24, 8);      /* 3/4 */
  B(&b, 0x00, 0xC0, 5);                            /* program 5 */
  B(&b, 0x00, 0xB0, 64, 127);                      /* sustain */
  B(&b, 0x00, 7, 100);                             /* running status: volume */
  B(&b, 0x00, 0x90, 60, 100);
  B(&b, 0x83, 0x60, 60, 0);      /* 480 later, running status: a note-on of velocity 0 */
  B(&b, 0x00, 0xE0, 0x00, 0x40); /* pitch bend, centre */
  B(&b, 0x00, 0xD0, 33);         /* channel pressure */
  B(&b, 0x00, 0xA0, 60, 9);      /* poly pressure */
  B(&b, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  sp_midi_file *f = parse_ok(&b);
  cr_assert_eq(f->format, 0);
  cr_assert_eq(f->ticks_per_quarter, 480);
  cr_assert_eq(f->smpte_fps, 0);
  cr_assert_eq(f->n_tracks, 1);
  cr_assert_str_eq(f->track_names[0], "Piano");
  cr_assert_eq(f->n_tempos, 1);
  cr_assert_eq(f->tempos[0].us_per_quarter, 500000);
  cr_assert_eq(f->n_meters, 1);
  cr_assert_eq(f->meters[0].numerator, 3);
  cr_assert_eq(f->meters[0].denominator_log2, 2);
  cr_assert_eq(f->meters[0].clocks_per_click, 24);
  cr_assert_eq(f->meters[0].n32_per_quarter, 8);
  cr_assert_eq(f->n_events, 8);
  event_is(&f->events[0], 0, 0, 0, 2, 0xC0, 5, 0);
  event_is(&f->events[1], 0, 0, 0, 3, 0xB0, 64, 127);
  event_is(&f->events[2], 0, 0, 0, 3, 0xB0, 7, 100);
  event_is(&f->events[3], 0, 0, 0, 3, 0x90, 60, 100);
  event_is(&f->events[4], 480, 0.5, 0, 3, 0x90, 60, 0); /* kept as written */
  event_is(&f->events[5], 480, 0.5, 0, 3, 0xE0, 0x00, 0x40);
  event_is(&f->events[6], 480, 0.5, 0, 2, 0xD0, 33, 0);
  event_is(&f->events[7], 480, 0.5, 0, 3, 0xA0, 60, 9);
  cr_assert(sp_midi_is_note_on(&f->events[3]));
  cr_assert_not(sp_midi_is_note_on(&f->events[4]));
  cr_assert(sp_midi_is_note_off(&f->events[4]), "a note-on of velocity 0 ends the note");
  cr_assert_not(sp_midi_is_note_off(&f->events[3]));
  cr_assert_eq(f->end_tick, 480);
  cr_assert_eq(f->end_seconds, 0.5);
  cr_assert_eq(f->n_sysex_skipped, 0);
  sp_midi_file_free(f);
}

/* Format 1: tracks merged by tick, a tick's events in track order; a
 * tempo change in any track counts; SysEx skipped and counted; a chunk of
 * another type skipped; what follows the last track not read. */
Test(midi, format_1_merges_tracks_in_order)
{
  bytes b = {0};
  header(&b, 1, 3, 0x01, 0xE0);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20);       /* 500000 at 0 */
  B(&b, 0x87, 0x40, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90); /* 250000 at 960 */
  B(&b, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 4, 'B', 'a', 's', 's');
  B(&b, 0x00, 0x91, 40, 90);
  B(&b, 0x00, 0x91, 47, 90);
  B(&b, 0x89, 0x60, 0x81, 40, 0);                        /* 1248 later: tick 1248 */
  B(&b, 0x81, 0x40, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40); /* 1000000 at 1440 */
  B(&b, 0x83, 0x60, 0x81, 47, 0);                        /* tick 1920 */
  B(&b, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  B(&b, 'X', 'F', 'I', 'H', 0, 0, 0, 3, 1, 2, 3); /* skipped */
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 5, 'D', 'r', 'u', 'm', 's');
  B(&b, 0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7); /* GM on: skipped */
  B(&b, 0x00, 0x99, 36, 120);
  B(&b, 0x00, 0xF7, 0x01, 0x00); /* an escape: skipped */
  B(&b, 0x00, 0x89, 36, 0);
  B(&b, 0x8F, 0x00, 0xFF, 0x2F, 0x00); /* ends at 1920 */
  track_end(&b, t);
  B(&b, 0, 0, 0, 0, 0xDE, 0xAD); /* padding after the last track */
  sp_midi_file *f = parse_ok(&b);
  cr_assert_eq(f->format, 1);
  cr_assert_eq(f->n_tracks, 3);
  cr_assert_null(f->track_names[0]);
  cr_assert_str_eq(f->track_names[1], "Bass");
  cr_assert_str_eq(f->track_names[2], "Drums");
  cr_assert_eq(f->n_sysex_skipped, 1);
  cr_assert_eq(f->n_escapes_skipped, 1);
  cr_assert_eq(f->n_escaped_channel, 0);
  cr_assert_eq(f->n_tempos, 3);
  cr_assert_eq(f->tempos[2].tick, 1440);
  cr_assert_eq(f->tempos[1].seconds, 1.0);
  cr_assert_eq(f->tempos[2].seconds, 1.25);
  cr_assert_eq(f->n_events, 6);
  event_is(&f->events[0], 0, 0, 1, 3, 0x91, 40, 90);
  event_is(&f->events[1], 0, 0, 1, 3, 0x91, 47, 90);
  event_is(&f->events[2], 0, 0, 2, 3, 0x99, 36, 120);
  event_is(&f->events[3], 0, 0, 2, 3, 0x89, 36, 0);
  /* 960 ticks at 500000 µs, 288 at 250000: 1 + 0.15 s */
  event_is(&f->events[4], 1248, 1.0 + 288 * 250000.0 / (1e6 * 480), 1, 3, 0x81, 40, 0);
  /* 960 at 500000, 480 at 250000, 480 at 1000000: 1 + 0.25 + 1 s */
  event_is(&f->events[5], 1920, 2.25, 1, 3, 0x81, 47, 0);
  cr_assert_eq(f->end_tick, 1920);
  cr_assert_eq(f->end_seconds, 2.25);
  sp_midi_file_free(f);
}

/* Seconds through a tempo map whose spans are not binary fractions: each
 * span is ticks × µs / (1e6 × ticks a quarter), summed, and ticks come
 * back from seconds. */
Test(midi, tempo_map_seconds_and_back)
{
  bytes b = {0};
  header(&b, 0, 1, 0x00, 0x60); /* 96 */
  size_t t = track_begin(&b);
  B(&b, 0x60, 0x90, 60, 1);                        /* tick 96, before any tempo: 120 bpm */
  B(&b, 0x60, 0xFF, 0x51, 0x03, 0x09, 0x27, 0xC1); /* 600001 at 192 */
  B(&b, 0x81, 0x00, 0x80, 60, 0);                  /* tick 320 */
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x00, 0x00, 0x01); /* 1 µs at 320 */
  B(&b, 0x81, 0x48, 0x90, 61, 1);                  /* tick 520 */
  track_end(&b, t);                                /* no End of Track: ends at 520 */
  sp_midi_file *f = parse_ok(&b);
  const double at192 = 192 * 500000.0 / 96e6, at320 = at192 + 128 * 600001.0 / 96e6,
               at520 = at320 + 200 * 1.0 / 96e6;
  cr_assert_eq(f->events[0].seconds, 0.5);
  cr_assert_eq(f->tempos[0].seconds, at192);
  cr_assert_eq(f->events[1].seconds, at320);
  cr_assert_eq(f->events[2].seconds, at520);
  cr_assert_eq(f->end_tick, 520);
  cr_assert_eq(f->end_seconds, at520);
  cr_assert_eq(sp_midi_seconds_of_tick(f, 250), at192 + 58 * 600001.0 / 96e6);
  cr_assert_eq(sp_midi_seconds_of_tick(f, -96), -0.5);
  cr_assert_eq(sp_midi_seconds_of_tick(f, 100000), at320 + (100000 - 320) / 96e6);
  const int64_t ticks[] = {0, 1, 95, 96, 191, 192, 193, 250, 319, 320, 321, 520, 100000};
  for (size_t i = 0; i < sizeof ticks / sizeof *ticks; i++) {
    double back = sp_midi_ticks_of_seconds(f, sp_midi_seconds_of_tick(f, ticks[i]));
    cr_assert_lt(fabs(back - (double)ticks[i]), 1e-6, "tick %lld came back as %.9f",
                 (long long)ticks[i], back);
  }
  sp_midi_file_free(f);
}

Test(midi, smpte_time_bases)
{
  bytes b = {0};
  header(&b, 0, 1, 0xE7, 40); /* 25 frames of 40 ticks: 1000 ticks a second */
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40); /* describes the music only */
  B(&b, 0x93, 0x44, 0x90, 60, 100);                /* tick 2500 */
  B(&b, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  sp_midi_file *f = parse_ok(&b);
  cr_assert_eq(f->ticks_per_quarter, 0);
  cr_assert_eq(f->smpte_fps, 25);
  cr_assert_eq(f->ticks_per_frame, 40);
  cr_assert_eq(f->events[0].seconds, 2.5);
  cr_assert_eq(sp_midi_ticks_of_seconds(f, 2.5), 2500.0);
  sp_midi_file_free(f);

  b.n = 0;
  header(&b, 0, 1, 0xE3, 80); /* 29.97 drop-frame, 80 ticks a frame */
  t = track_begin(&b);
  B(&b, 0x81, 0x92, 0xBE, 0x00, 0x90, 60, 100); /* tick 2400000 = 30000 frames */
  track_end(&b, t);
  f = parse_ok(&b);
  cr_assert_eq(f->smpte_fps, 29);
  cr_assert_eq(f->events[0].tick, 2400000);
  cr_assert_eq(f->events[0].seconds, 1001.0);
  sp_midi_file_free(f);
}

/* What the specification lets a reader pass over: a longer header, a
 * chunk of another type, an End of Track before the chunk's end (what
 * follows is not read), an unknown meta event. */
Test(midi, tolerated)
{
  bytes b = {0};
  B(&b, 'M', 'T', 'h', 'd', 0, 0, 0, 8, 0, 1, 0, 2, 0, 96, 0xAA, 0xBB);
  B(&b, 'M', 'T', 'h', 'd', 0, 0, 0, 0); /* an empty chunk of a type not expected here */
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x7F, 0x03, 0, 0, 0x41); /* sequencer-specific: skipped */
  B(&b, 0x00, 0xFF, 0x03, 0x00);             /* an empty name */
  B(&b, 0x00, 0xFF, 0x03, 0x01, 'X');        /* a second name: the first is the track's */
  B(&b, 0x10, 0xFF, 0x2F, 0x00);
  B(&b, 0x00, 0x90, 1, 2, 0xF4, 0x80); /* after End of Track: not read */
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 0x04, 'a', 0, 'b', 'c'); /* a name up to its NUL */
  B(&b, 0x00, 0xC9, 0x00);
  track_end(&b, t);
  sp_midi_file *f = parse_ok(&b);
  cr_assert_eq(f->n_tracks, 2);
  cr_assert_str_eq(f->track_names[0], "");
  cr_assert_str_eq(f->track_names[1], "a");
  cr_assert_eq(f->n_events, 1);
  event_is(&f->events[0], 0, 0, 1, 2, 0xC9, 0, 0);
  cr_assert_eq(f->end_tick, 16);
  sp_midi_file_free(f);
}

/* ---- refusals: byte offset and what was expected ----------------------- */

Test(midi, refuses_what_is_not_a_midi_file)
{
  bytes b = {0};
  refused(&b, "not a Standard MIDI File: it is empty");
  B(&b, 'R', 'I', 'F', 'F', 0, 0, 0, 0);
  refused(&b, "not a Standard MIDI File: it starts with 'RIFF' (a RIFF MIDI or a WAVE file), not "
              "'MThd'; save it as a Standard MIDI File (.mid)");
  b.n = 0;
  B(&b, 'M', 'T', 'h');
  refused(&b, "not a Standard MIDI File: no MThd header at byte 0");
}

/* A file of a kind the table of kinds knows (io/fs/kind.h) is said for
 * what it is, in the words the recipe loader and the SoundFont reader say
 * it in. Before, a RIFF was "it starts with 'RIFF' (a RIFF MIDI or a WAVE
 * file), not 'MThd'; save it as a Standard MIDI File (.mid)", whichever it
 * was, and every other kind "no MThd header at byte 0". */
Test(midi, a_file_of_another_kind_is_said_for_what_it_is)
{
  bytes b = {0};
  B(&b, 'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E');
  refused(&b, "not a Standard MIDI File: it is a WAV file (audio)");
  b.n = 0;
  B(&b, 'f', 'L', 'a', 'C', 0, 0, 0, 0x22);
  refused(&b, "not a Standard MIDI File: it is a FLAC file (audio)");
  b.n = 0;
  B(&b, 'P', 'K', 3, 4, 0x14, 0);
  refused(&b, "not a Standard MIDI File: it is a ZIP file");
  b.n = 0;
  B(&b, 'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'R', 'M', 'I', 'D'); /* a RIFF MIDI: as before */
  refused(&b, "not a Standard MIDI File: it starts with 'RIFF' (a RIFF MIDI or a WAVE file), not "
              "'MThd'; save it as a Standard MIDI File (.mid)");
}

Test(midi, refuses_a_bad_header)
{
  bytes b = {0};
  B(&b, 'M', 'T', 'h', 'd', 0, 0);
  refused(&b, "truncated at byte 4: the MThd chunk's length (4 bytes) expected, 2 remain");
  b.n = 0;
  B(&b, 'M', 'T', 'h', 'd', 0, 0, 0, 4, 0, 0, 0, 1);
  refused(&b, "byte 4: the MThd chunk says 4 bytes; expected at least 6 (format, tracks, "
              "division)");
  b.n = 0;
  B(&b, 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0);
  refused(&b, "truncated at byte 4: the MThd chunk says 6 bytes, 5 remain");
  b.n = 0;
  header(&b, 2, 1, 0, 96);
  refused(&b, "byte 8: format 2 (independent sequences) is not read; expected 0 (one track) or 1 "
              "(tracks played together): save the file as format 1");
  b.n = 0;
  header(&b, 7, 1, 0, 96);
  refused(&b, "byte 8: format 7; expected 0 (one track) or 1 (tracks played together)");
  b.n = 0;
  header(&b, 1, 0, 0, 96);
  refused(&b, "byte 10: the header says the file has no track; expected at least 1");
  b.n = 0;
  header(&b, 0, 2, 0, 96);
  refused(&b, "byte 10: the header says 2 tracks, and a format 0 file has one");
  b.n = 0;
  header(&b, 0, 1, 0, 0);
  refused(&b, "byte 12: division 0; expected ticks per quarter note (1..32767) or an SMPTE time "
              "base");
  b.n = 0;
  header(&b, 0, 1, 0xE6, 4); /* -26 */
  refused(&b, "byte 12: an SMPTE time base of -26 frames a second; expected -24, -25, -29 or -30 "
              "(0xE8, 0xE7, 0xE3, 0xE2)");
  b.n = 0;
  header(&b, 0, 1, 0xE8, 0);
  refused(&b, "byte 13: an SMPTE time base of 0 ticks a frame; expected 1..255");
}

Test(midi, refuses_missing_and_cut_tracks)
{
  bytes b = {0};
  header(&b, 1, 2, 0, 96);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  refused(&b, "truncated at byte 26: the header says 2 tracks, the file ends after 1");
  B(&b, 'M', 'T', 'r');
  refused(&b, "truncated at byte 26: a chunk header (8 bytes) expected, 3 remain");
  b.n = 26;
  B(&b, 'M', 'T', 'r', 'k', 0, 0, 0x13, 0x88, 0, 0xFF, 0x2F, 0); /* says 5000 */
  refused(&b, "truncated at byte 30: track 1 (MTrk) says 5000 bytes, 4 remain");
  b.n = 26;
  B(&b, 'X', 0x01, 'Y', '\'', 0, 0, 0, 9, 0, 0);
  refused(&b, "truncated at byte 30: a chunk 'X\\x01Y\\x27' says 9 bytes, 2 remain");
}

/* A track of the given events (after a valid header); the refusal. */
static void track_refused(const uint8_t *events, size_t n, const char *want)
{
  bytes b = {0};
  header(&b, 0, 1, 0, 96);
  size_t t = track_begin(&b); /* events start at byte 22 */
  add(&b, events, n);
  track_end(&b, t);
  refused(&b, want);
}
#define TRACK_REFUSED(want, ...)                                                                   \
  track_refused((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), want)

Test(midi, refuses_malformed_events)
{
  TRACK_REFUSED("byte 23: track 0: a data byte (0x45) with no running status; expected a status "
                "byte (0x80..0xFF)",
                0x00, 0x45, 0x10);
  /* a meta event cancels running status, and so does SysEx */
  TRACK_REFUSED("byte 32: track 0: a data byte (0x3C) with no running status (the meta event or "
                "SysEx before it cancels running status); expected a status byte (0x80..0xFF)",
                0x00, 0x90, 60, 100, 0x00, 0xFF, 0x01, 0x01, 'x', 0x00, 60, 0);
  TRACK_REFUSED("byte 31: track 0: a data byte (0x3C) with no running status (the meta event or "
                "SysEx before it cancels running status); expected a status byte (0x80..0xFF)",
                0x00, 0x90, 60, 100, 0x00, 0xF0, 0x01, 0xF7, 0x00, 60, 0);
  TRACK_REFUSED("byte 22: track 0: a delta-time is a variable-length quantity of more than 4 "
                "bytes; expected at most 4 (up to 0x0FFFFFFF)",
                0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 100);
  TRACK_REFUSED("truncated at byte 22: track 0: a delta-time runs past the chunk's end", 0x81,
                0x80);
  TRACK_REFUSED("truncated at byte 24: track 0: an event expected after the delta-time, the chunk "
                "ends",
                0x81, 0x00);
  TRACK_REFUSED("truncated at byte 23: track 0: a note-on (0x90) needs 2 data bytes, the chunk "
                "ends after 1",
                0x00, 0x90, 60);
  TRACK_REFUSED("truncated at byte 27: track 0: a pitch bend (0xE0) needs 2 data bytes, the chunk "
                "ends after 0",
                0x00, 0xE0, 0, 64, 0x00, 0xE0);
  TRACK_REFUSED("truncated at byte 23: track 0: a program change (0xC3) needs 1 data byte, the "
                "chunk ends after 0",
                0x00, 0xC3);
  TRACK_REFUSED("byte 25: track 0: a controller (0xB0) with a status byte (0x90) where its data "
                "byte 2 (0..127) was expected",
                0x00, 0xB0, 7, 0x90, 60, 100);
  TRACK_REFUSED("byte 23: track 0: status 0xF2 (a system common message) cannot be in a MIDI "
                "file; expected a channel message (0x80..0xEF), SysEx (F0, F7) or a meta event "
                "(FF)",
                0x00, 0xF2, 0, 0);
  TRACK_REFUSED("byte 23: track 0: status 0xF8 (a system real-time message) cannot be in a MIDI "
                "file; expected a channel message (0x80..0xEF), SysEx (F0, F7) or a meta event "
                "(FF)",
                0x00, 0xF8);
  TRACK_REFUSED("truncated at byte 23: track 0: a meta event's type expected after FF, the chunk "
                "ends",
                0x00, 0xFF);
  TRACK_REFUSED("truncated at byte 23: track 0: meta event FF 03 says 10 bytes, 2 remain in the "
                "chunk",
                0x00, 0xFF, 0x03, 10, 'a', 'b');
  TRACK_REFUSED("truncated at byte 25: track 0: a meta event's length runs past the chunk's end",
                0x00, 0xFF, 0x03, 0x80);
  TRACK_REFUSED("truncated at byte 23: track 0: SysEx (F0) says 300 bytes, 1 remain in the chunk",
                0x00, 0xF0, 0x82, 0x2C, 0xF7);
  TRACK_REFUSED("byte 23: track 0: a tempo (FF 51) of 2 bytes; expected 3", 0x00, 0xFF, 0x51, 2,
                0x07, 0xA1);
  TRACK_REFUSED("byte 23: track 0: a tempo (FF 51) of 0 microseconds a quarter note; expected "
                "1..16777215",
                0x00, 0xFF, 0x51, 3, 0, 0, 0);
  TRACK_REFUSED("byte 23: track 0: a time signature (FF 58) of 5 bytes; expected 4", 0x00, 0xFF,
                0x58, 5, 4, 2, 24, 8, 0);
}

/* A time signature of no meter (0/2^2, 4/2^8) is left out and counted, not
 * the file refused: it changes no time (fluidsynth plays such files; they
 * were refused: review 22 F6); an MTrk after the tracks the header counts
 * is counted, not read (a part lost in silence before: F4). A region that
 * plays the file says both (core/graph/notes.c). */
Test(midi, a_meter_of_none_and_an_uncounted_track_are_counted)
{
  bytes b = {0};
  header(&b, 1, 1, 0x01, 0xE0);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x58, 4, 0, 2, 24, 8, 0x00, 0xFF, 0x58, 4, 4, 8, 24, 8);
  B(&b, 0x00, 0xFF, 0x58, 4, 3, 2, 24, 8);
  B(&b, 0x00, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0x91, 64, 90, 0x60, 0x81, 64, 0, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  sp_midi_file *f = parse_ok(&b);
  cr_expect_eq(f->n_meters_skipped, 2);
  cr_expect_eq(f->n_meters, 1, "3/4 read");
  cr_expect_eq(f->n_tracks, 1);
  cr_expect_eq(f->n_tracks_uncounted, 1);
  cr_expect_eq(f->n_events, 2, "the counted track's note alone");
  sp_midi_file_free(f);
}

/* Every proper prefix of a valid file is refused, none read past its end
 * (the sanitized build would say so). */
Test(midi, every_cut_is_refused)
{
  bytes b = {0};
  header(&b, 1, 2, 0x01, 0xE0);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xFF, 0x2F, 0x00);
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0xF0, 0x02, 0x01, 0xF7, 0x00, 0x90, 60, 100, 0x83, 0x60, 60, 0, 0x00, 0xFF, 0x2F,
    0x00);
  track_end(&b, t);
  for (size_t n = 0; n < b.n; n++) {
    uint8_t *copy = sp_xmalloc(n + 1); /* exactly n bytes for the reader */
    memcpy(copy, b.v, n);
    sp_midi_file *f = NULL;
    char why[512];
    cr_assert_eq(sp_smf_parse(copy, n, &f, why, sizeof why), SP_ERR_IO, "%zu bytes accepted", n);
    cr_assert(strstr(why, "truncated at byte") || strstr(why, "not a Standard MIDI File"),
              "%zu bytes: %s", n, why);
    free(copy);
  }
  sp_midi_file_free(parse_ok(&b));
}

/* A file past 2^40 ticks, or lasting more than a day, is refused. */
Test(midi, refuses_endless_files)
{
  bytes b = {0};
  header(&b, 0, 1, 0x7F, 0xFF);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0x00, 0x00, 0x01); /* 1 µs a quarter: 2^40 ticks in 34 s */
  for (int i = 0; i < 4097; i++)
    B(&b, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00); /* 0x0FFFFFFF later, an empty text */
  track_end(&b, t);
  refused(&b, "byte 28701: track 0: a delta-time that takes the track to tick 1099780059135, past "
              "2^40, the latest a MIDI file may hold");
  b.n -= 7; /* 4096 of them: tick 1099511623680 */
  track_end(&b, t);
  sp_midi_file_free(parse_ok(&b));

  b.n = 0;
  header(&b, 0, 1, 0x00, 0x01); /* one tick a quarter note */
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF); /* 16.8 s a quarter */
  B(&b, 0xA8, 0x50, 0xFF, 0x2F, 0x00);             /* 5200 ticks */
  track_end(&b, t);
  refused(&b, "it lasts 24.2 hours (to tick 5200); stemprint reads MIDI files of at most 24 hours");
}

/* ---- picks -------------------------------------------------------------- */

Test(midi, picks_a_track_and_a_channel)
{
  bytes b = {0};
  header(&b, 1, 3, 0, 96);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 4, 'K', 'e', 'y', 's', 0x00, 0x90, 60, 100, 0x00, 0x91, 64, 100);
  B(&b, 0x60, 0x80, 60, 0, 0x00, 0x81, 64, 0);
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 4, 'K', 'e', 'y', 's', 0x00, 0xB2, 7, 90, 0x00, 0x92, 70, 0);
  track_end(&b, t);
  t = track_begin(&b);
  B(&b, 0x00, 0xFF, 0x03, 5, 'D', 'r', 'u', 'm', 's', 0x30, 0x99, 36, 127, 0x00, 0x89, 36, 0);
  track_end(&b, t);
  sp_midi_file *f = parse_ok(&b);
  size_t n, first = 99;
  sp_midi_event *e = select_events(f, (sp_midi_pick){0, 1}, &n);
  cr_assert_eq(n, 2);
  event_is(&e[0], 0, 0, 0, 3, 0x91, 64, 100);
  event_is(&e[1], 96, 0.5, 0, 3, 0x81, 64, 0);
  free(e);
  e = select_events(f, (sp_midi_pick){-1, 9}, &n);
  cr_assert_eq(n, 2);
  event_is(&e[0], 48, 0.25, 2, 3, 0x99, 36, 127);
  free(e);
  e = select_events(f, (sp_midi_pick){2, -1}, &n);
  cr_assert_eq(n, 2);
  free(e);
  e = select_events(f, (sp_midi_pick){-1, -1}, &n);
  cr_assert_eq(n, f->n_events);
  cr_assert_eq(n, 8);
  free(e);
  cr_assert_null(select_events(f, (sp_midi_pick){1, 5}, &n));
  cr_assert_eq(n, 0);
  cr_assert_eq(sp_midi_note_channels(f, (sp_midi_pick){-1, -1}), 0x0203);
  cr_assert_eq(sp_midi_note_channels(f, (sp_midi_pick){0, -1}), 0x0003);
  cr_assert_eq(sp_midi_note_channels(f, (sp_midi_pick){1, -1}), 0,
               "a controller and a note-on of velocity 0 play no note");
  cr_assert_eq(sp_midi_note_channels(f, (sp_midi_pick){2, 0}), 0);
  cr_assert_eq(sp_midi_tracks_named(f, "Keys", &first), 2);
  cr_assert_eq(first, 0);
  cr_assert_eq(sp_midi_tracks_named(f, "Drums", &first), 1);
  cr_assert_eq(first, 2);
  cr_assert_eq(sp_midi_tracks_named(f, "drums", &first), 0);
  cr_assert_eq(first, 2, "left alone");
  sp_midi_file_free(f);
}

/* ---- reading a file ----------------------------------------------------- */

Test(midi, reads_regular_files_only)
{
  sp_midi_file *f = NULL;
  char why[512];
  char *path = tu_path(dir, "song.mid");
  bytes b = {0};
  header(&b, 0, 1, 0, 96);
  size_t t = track_begin(&b);
  B(&b, 0x00, 0x90, 60, 100);
  track_end(&b, t);
  FILE *out = fopen(path, "wb");
  fwrite(b.v, 1, b.n, out);
  fclose(out);
  cr_assert_eq(sp_smf_read(path, &f, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(f->n_events, 1);
  sp_midi_file_free(f);

  char *near = tu_path(dir, "Song.mid");
  cr_assert_eq(sp_smf_read(near, &f, why, sizeof why), SP_ERR_IO);
  char *want = sp_xasprintf("No such file or directory; did you mean '%s'?", path);
  cr_assert_str_eq(why, want);
  free(want);
  free(near);

  cr_assert_eq(sp_smf_read(dir, &f, why, sizeof why), SP_ERR_IO);
  cr_assert_str_eq(why, "it is a folder, not a MIDI file");

  char *fifo = tu_path(dir, "pipe.mid");
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  cr_assert_eq(sp_smf_read(fifo, &f, why, sizeof why), SP_ERR_IO);
  cr_assert_str_eq(why, "it is not a regular file (a FIFO, a device or a socket); stemprint reads "
                        "MIDI files only");
  free(fifo);

  /* one byte past the limit (a sparse file) */
  int fd = open(path, O_WRONLY);
  cr_assert_eq(ftruncate(fd, (off_t)SP_SMF_MAX_BYTES + 1), 0);
  close(fd);
  cr_assert_eq(sp_smf_read(path, &f, why, sizeof why), SP_ERR_IO);
  cr_assert_str_eq(why, "it is 16777217 bytes, more than the 16 MiB a MIDI file may be (is it a "
                        "MIDI file?)");
  cr_assert_null(f);
  free(path);
}

/* ---- writing ------------------------------------------------------------ */

/* A model with every kind of thing a file holds, added out of order. */
static sp_midi_file *model(void)
{
  sp_midi_file *f = sp_midi_file_new(1, 960, 3);
  sp_midi_set_track_name(f, 0, "tempo");
  sp_midi_set_track_name(f, 2, "Lead synth");
  sp_midi_add_tempo(f, 3840, 428571);
  sp_midi_add_tempo(f, 0, 600000);
  sp_midi_add_meter(f, 0, 4, 2, 24, 8);
  sp_midi_add_meter(f, 7680, 7, 3, 12, 8);
  sp_midi_add_event(f, 1920, 2, (const uint8_t[]){0x82, 72, 64}, 3);
  sp_midi_add_event(f, 0, 2, (const uint8_t[]){0xC2, 81}, 2);
  sp_midi_add_event(f, 0, 2, (const uint8_t[]){0x92, 72, 110}, 3);
  sp_midi_add_event(f, 0, 1, (const uint8_t[]){0xB0, 0, 1}, 3);  /* bank MSB */
  sp_midi_add_event(f, 0, 1, (const uint8_t[]){0xB0, 32, 2}, 3); /* bank LSB */
  sp_midi_add_event(f, 0, 1, (const uint8_t[]){0xC0, 4}, 2);
  sp_midi_add_event(f, 10, 1, (const uint8_t[]){0xB0, 1, 64}, 3);   /* modulation */
  sp_midi_add_event(f, 10, 1, (const uint8_t[]){0xB0, 10, 0}, 3);   /* pan */
  sp_midi_add_event(f, 10, 1, (const uint8_t[]){0xB0, 11, 127}, 3); /* expression */
  sp_midi_add_event(f, 20, 1, (const uint8_t[]){0x90, 48, 1}, 3);
  sp_midi_add_event(f, 5000, 1, (const uint8_t[]){0x90, 48, 0}, 3);
  sp_midi_add_event(f, 5000, 1, (const uint8_t[]){0xE0, 0x7F, 0x7F}, 3);
  sp_midi_add_event(f, 5000, 1, (const uint8_t[]){0xD0, 0}, 2);
  sp_midi_add_event(f, 9000, 1, (const uint8_t[]){0xB0, 123, 0}, 3); /* all notes off */
  sp_midi_add_event(f, 20, 1, (const uint8_t[]){0xA0, 48, 50}, 3);
  sp_midi_add_event(f, 3840, 0, (const uint8_t[]){0xB5, 7, 100}, 3); /* beside the tempo map */
  sp_midi_add_event(f, 7680, 0, (const uint8_t[]){0xB5, 7, 101}, 3);
  sp_midi_add_event(f, 7700, 0, (const uint8_t[]){0xB5, 10, 64}, 3);
  f->end_tick = 9600;
  sp_midi_file_finish(f);
  return f;
}

/* a and b hold the same, times to the bit. */
static void same_model(const sp_midi_file *a, const sp_midi_file *b)
{
  cr_assert_eq(a->format, b->format);
  cr_assert_eq(a->ticks_per_quarter, b->ticks_per_quarter);
  cr_assert_eq(a->smpte_fps, b->smpte_fps);
  cr_assert_eq(a->ticks_per_frame, b->ticks_per_frame);
  cr_assert_eq(a->n_tracks, b->n_tracks);
  for (size_t i = 0; i < a->n_tracks; i++) {
    cr_assert_eq(!a->track_names[i], !b->track_names[i], "track %zu's name", i);
    if (a->track_names[i])
      cr_assert_str_eq(a->track_names[i], b->track_names[i]);
  }
  cr_assert_eq(a->n_events, b->n_events);
  for (size_t i = 0; i < a->n_events; i++) {
    const sp_midi_event *x = &a->events[i], *y = &b->events[i];
    cr_assert(x->tick == y->tick && x->track == y->track && x->size == y->size &&
                  memcmp(x->msg, y->msg, x->size) == 0 &&
                  memcmp(&x->seconds, &y->seconds, sizeof x->seconds) == 0,
              "event %zu differs", i);
  }
  cr_assert_eq(a->n_tempos, b->n_tempos);
  for (size_t i = 0; i < a->n_tempos; i++)
    cr_assert(a->tempos[i].tick == b->tempos[i].tick &&
                  a->tempos[i].us_per_quarter == b->tempos[i].us_per_quarter &&
                  memcmp(&a->tempos[i].seconds, &b->tempos[i].seconds, sizeof(double)) == 0,
              "tempo %zu differs", i);
  cr_assert_eq(a->n_meters, b->n_meters);
  for (size_t i = 0; i < a->n_meters; i++)
    cr_assert(a->meters[i].tick == b->meters[i].tick &&
                  memcmp(&a->meters[i].seconds, &b->meters[i].seconds, sizeof(double)) == 0 &&
                  a->meters[i].numerator == b->meters[i].numerator &&
                  a->meters[i].denominator_log2 == b->meters[i].denominator_log2 &&
                  a->meters[i].clocks_per_click == b->meters[i].clocks_per_click &&
                  a->meters[i].n32_per_quarter == b->meters[i].n32_per_quarter,
              "time signature %zu differs", i);
  cr_assert_eq(a->end_tick, b->end_tick);
  cr_assert(memcmp(&a->end_seconds, &b->end_seconds, sizeof(double)) == 0);
}

Test(midi, builder_sorts_stably_and_times)
{
  sp_midi_file *f = model();
  cr_assert_eq(f->n_events, 18);
  /* tick 0: track 1's three in the order added, then track 2's two */
  event_is(&f->events[0], 0, 0, 1, 3, 0xB0, 0, 1);
  event_is(&f->events[1], 0, 0, 1, 3, 0xB0, 32, 2);
  event_is(&f->events[2], 0, 0, 1, 2, 0xC0, 4, 0);
  event_is(&f->events[3], 0, 0, 2, 2, 0xC2, 81, 0);
  event_is(&f->events[4], 0, 0, 2, 3, 0x92, 72, 110);
  event_is(&f->events[7], 10, 10 * 600000.0 / 960e6, 1, 3, 0xB0, 11, 127);
  event_is(&f->events[8], 20, 20 * 600000.0 / 960e6, 1, 3, 0x90, 48, 1);
  event_is(&f->events[9], 20, 20 * 600000.0 / 960e6, 1, 3, 0xA0, 48, 50);
  event_is(&f->events[10], 1920, 1.2, 2, 3, 0x82, 72, 64);
  cr_assert_eq(f->tempos[0].tick, 0);
  cr_assert_eq(f->tempos[1].seconds, 2.4);
  event_is(&f->events[11], 3840, 2.4, 0, 3, 0xB5, 7, 100);
  event_is(&f->events[12], 5000, 2.4 + 1160 * 428571.0 / 960e6, 1, 3, 0x90, 48, 0);
  cr_assert_eq(f->end_tick, 9600);
  cr_assert_eq(f->end_seconds, 2.4 + 5760 * 428571.0 / 960e6);
  sp_midi_file_free(f);
}

Test(midi, writes_what_it_reads_to_the_bit)
{
  sp_midi_file *f = model();
  char why[512] = "";
  char *path = tu_path(dir, "out.mid");
  cr_assert_eq(sp_smf_write(path, f, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(tu_count_entries(dir), 1, "no temporary file left");
  sp_midi_file *g = NULL;
  cr_assert_eq(sp_smf_read(path, &g, why, sizeof why), SP_OK, "%s", why);
  same_model(f, g);
  /* and the same bytes again */
  uint8_t *x, *y;
  size_t nx, ny;
  cr_assert_eq(sp_smf_encode(f, &x, &nx, why, sizeof why), SP_OK);
  cr_assert_eq(sp_smf_encode(g, &y, &ny, why, sizeof why), SP_OK);
  cr_assert(nx == ny && memcmp(x, y, nx) == 0);
  char *text = tu_slurp_must(path);
  cr_assert(memcmp(text, x, nx) == 0);
  free(text);
  free(x);
  free(y);
  sp_midi_file_free(g);
  sp_midi_file_free(f);
  free(path);

  /* an SMPTE format 0 file */
  f = sp_midi_file_new(0, 0, 1);
  f->smpte_fps = 29;
  f->ticks_per_frame = 100;
  sp_midi_add_event(f, 123456, 0, (const uint8_t[]){0x9F, 1, 2}, 3);
  sp_midi_add_tempo(f, 5, 1);
  sp_midi_file_finish(f);
  cr_assert_eq(sp_smf_encode(f, &x, &nx, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(x[12], 0xE3);
  cr_assert_eq(x[13], 100);
  cr_assert_eq(sp_smf_parse(x, nx, &g, why, sizeof why), SP_OK, "%s", why);
  same_model(f, g);
  free(x);
  sp_midi_file_free(g);
  sp_midi_file_free(f);
}

/* A gap longer than a delta-time holds is bridged with empty text events,
 * which a reader passes over; only the first track ends at the file's
 * end. */
Test(midi, writes_long_gaps)
{
  sp_midi_file *f = sp_midi_file_new(1, 96, 2);
  sp_midi_add_tempo(f, 0, 1); /* 2^30 ticks in 11 s */
  sp_midi_add_event(f, 0x0FFFFFFF, 1, (const uint8_t[]){0x90, 60, 100}, 3);
  sp_midi_add_event(f, 3 * (int64_t)0x0FFFFFFF + 5, 1, (const uint8_t[]){0x80, 60, 0}, 3);
  f->end_tick = 4 * (int64_t)0x0FFFFFFF;
  sp_midi_file_finish(f);
  uint8_t *x;
  size_t n;
  char why[256];
  cr_assert_eq(sp_smf_encode(f, &x, &n, why, sizeof why), SP_OK, "%s", why);
  const uint8_t want[] = {'M',  'T',  'h',  'd',  0,    0,    0,    6,  /* MThd, 6 bytes */
                          0,    1,    0,    2,    0,    96,             /* format 1, 2 tracks, 96 */
                          'M',  'T',  'r',  'k',  0,    0,    0,    35, /* track 0 */
                          0x00, 0xFF, 0x51, 0x03, 0x00, 0x00, 0x01,     /* tempo */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00, /* 0x0FFFFFFF later, a text */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00, /* */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00, /* */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x2F, 0x00, /* End of Track */
                          'M',  'T',  'r',  'k',  0,    0,    0,    29, /* track 1 */
                          0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60,   100,      /* */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00,     /* */
                          0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00,     /* */
                          0x05, 0x80, 60,   0,                          /* */
                          0x00, 0xFF, 0x2F, 0x00};
  cr_assert_eq(n, sizeof want);
  cr_assert(memcmp(x, want, n) == 0);
  sp_midi_file *g = NULL;
  cr_assert_eq(sp_smf_parse(x, n, &g, why, sizeof why), SP_OK, "%s", why);
  same_model(f, g);
  free(x);
  sp_midi_file_free(g);
  sp_midi_file_free(f);
}

/* The bytes the writer gives a small file, as the specification lays them
 * out. */
Test(midi, writes_known_bytes)
{
  sp_midi_file *f = sp_midi_file_new(0, 480, 1);
  sp_midi_set_track_name(f, 0, "A");
  sp_midi_add_tempo(f, 0, 500000);
  sp_midi_add_event(f, 0, 0, (const uint8_t[]){0x90, 60, 100}, 3);
  sp_midi_add_event(f, 480, 0, (const uint8_t[]){0x90, 60, 0}, 3);
  sp_midi_add_event(f, 200000, 0, (const uint8_t[]){0xC0, 1}, 2);
  sp_midi_file_finish(f);
  uint8_t *x;
  size_t n;
  char why[256];
  cr_assert_eq(sp_smf_encode(f, &x, &n, why, sizeof why), SP_OK, "%s", why);
  const uint8_t want[] = {'M',  'T',  'h',  'd',  0,    0,    0,    6,  /* MThd, 6 bytes */
                          0,    0,    0,    1,    0x01, 0xE0,           /* format 0, 1 track, 480 */
                          'M',  'T',  'r',  'k',  0,    0,    0,    29, /* */
                          0x00, 0xFF, 0x03, 1,    'A',                  /* name */
                          0x00, 0xFF, 0x51, 3,    0x07, 0xA1, 0x20,     /* tempo */
                          0x00, 0x90, 60,   100,                        /* */
                          0x83, 0x60, 60,   0,       /* 480 later, running status */
                          0x8C, 0x96, 0x60, 0xC0, 1, /* 199520 later */
                          0x00, 0xFF, 0x2F, 0x00};
  cr_assert_eq(n, sizeof want);
  cr_assert(memcmp(x, want, n) == 0);
  free(x);
  sp_midi_file_free(f);
}

Test(midi, writer_refuses_what_a_file_cannot_hold)
{
  char why[512];
  uint8_t *x;
  size_t n;
#define WRITE_REFUSED(statement, want)                                                             \
  do {                                                                                             \
    sp_midi_file *f = model();                                                                     \
    statement;                                                                                     \
    cr_assert_eq(sp_smf_encode(f, &x, &n, why, sizeof why), SP_ERR_USAGE, "%s", #statement);       \
    cr_assert_null(x);                                                                             \
    cr_assert_str_eq(why, want);                                                                   \
    sp_midi_file_free(f);                                                                          \
  } while (0)
  WRITE_REFUSED(f->format = 2, "format 2; a MIDI file is written as format 0 or 1");
  WRITE_REFUSED(f->format = 0, "3 tracks in a format 0 file, which has one");
  WRITE_REFUSED(f->ticks_per_quarter = 40000, "40000 ticks a quarter note; expected 1..32767");
  WRITE_REFUSED(f->smpte_fps = 26,
                "an SMPTE time base of 26 frames a second, 0 ticks a frame (and 960 ticks a "
                "quarter note); expected 24, 25, 29 or 30, 1..255 (and 0)");
  WRITE_REFUSED(f->events[3].track = 3, "event 3 is on track 3 of 3");
  WRITE_REFUSED(f->events[0].tick = -1, "event 0 is at tick -1; expected 0..2^40");
  WRITE_REFUSED(f->events[5].tick = 30,
                "event 6 (tick 10) is before event 5 (tick 30); sp_midi_file_finish sorts them");
  WRITE_REFUSED(f->events[2].size = 3, "event 2 (C0 04 00, 3 bytes) is not a channel message: a "
                                       "status byte 80..EF and its data bytes, 00..7F");
  WRITE_REFUSED(f->events[2].msg[0] = 0xF0, "event 2 (F0 04 00, 2 bytes) is not a channel "
                                            "message: a status byte 80..EF and its data bytes, "
                                            "00..7F");
  WRITE_REFUSED(f->events[4].msg[2] = 0x80, "event 4 (92 48 80, 3 bytes) is not a channel "
                                            "message: a status byte 80..EF and its data bytes, "
                                            "00..7F");
  WRITE_REFUSED(f->tempos[1].us_per_quarter = 1 << 24,
                "tempo 1 is 16777216 microseconds a quarter note; expected 1..16777215");
  WRITE_REFUSED(f->meters[1].denominator_log2 = 8,
                "time signature 1 is 7/2^8; expected a numerator of 1..255 over 2^0..2^7");
  WRITE_REFUSED(f->end_tick = SP_MIDI_MAX_TICKS + 1,
                "the file ends at tick 1099511627777; expected 0..2^40");
  WRITE_REFUSED(f->tempos[0].tick = 4000, "tempo 1 is at tick 3840; expected 0..2^40, in order");
  char *name = sp_xmalloc(SP_SMF_MAX_BYTES + 2);
  memset(name, 'a', SP_SMF_MAX_BYTES + 1);
  name[SP_SMF_MAX_BYTES + 1] = '\0';
  WRITE_REFUSED(sp_midi_set_track_name(f, 1, name),
                "the file would be more than 16 MiB, the most a MIDI file may be (the reader "
                "reads no more)");
  free(name);
}

/* ---- an independent reader and writer ----------------------------------- */

static bool on_path(const char *tool)
{
  char *cmd = sp_xasprintf("command -v %s >/dev/null 2>&1", tool);
  bool ok = system(cmd) == 0;
  free(cmd);
  return ok;
}

/* midicsv (Debian's midicsv) reads what the writer wrote as it was meant. */
Test(midi, midicsv_reads_the_writer)
{
  if (!on_path("midicsv"))
    cr_skip_test("midicsv is not installed (apt-get install midicsv)");
  sp_midi_file *f = model();
  char why[512];
  char *path = tu_path(dir, "out.mid"), *csv = tu_path(dir, "out.csv");
  cr_assert_eq(sp_smf_write(path, f, why, sizeof why), SP_OK, "%s", why);
  char *cmd = sp_xasprintf("midicsv '%s' '%s'", path, csv);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  char *text = tu_slurp_must(csv);
  const char *want = "0, 0, Header, 1, 3, 960\n"
                     "1, 0, Start_track\n"
                     "1, 0, Title_t, \"tempo\"\n"
                     "1, 0, Tempo, 600000\n"
                     "1, 0, Time_signature, 4, 2, 24, 8\n"
                     "1, 3840, Tempo, 428571\n"
                     "1, 3840, Control_c, 5, 7, 100\n"
                     "1, 7680, Time_signature, 7, 3, 12, 8\n"
                     "1, 7680, Control_c, 5, 7, 101\n"
                     "1, 7700, Control_c, 5, 10, 64\n"
                     "1, 9600, End_track\n"
                     "2, 0, Start_track\n"
                     "2, 0, Control_c, 0, 0, 1\n"
                     "2, 0, Control_c, 0, 32, 2\n"
                     "2, 0, Program_c, 0, 4\n"
                     "2, 10, Control_c, 0, 1, 64\n"
                     "2, 10, Control_c, 0, 10, 0\n"
                     "2, 10, Control_c, 0, 11, 127\n"
                     "2, 20, Note_on_c, 0, 48, 1\n"
                     "2, 20, Poly_aftertouch_c, 0, 48, 50\n"
                     "2, 5000, Note_on_c, 0, 48, 0\n"
                     "2, 5000, Pitch_bend_c, 0, 16383\n"
                     "2, 5000, Channel_aftertouch_c, 0, 0\n"
                     "2, 9000, Control_c, 0, 123, 0\n"
                     "2, 9000, End_track\n"
                     "3, 0, Start_track\n"
                     "3, 0, Title_t, \"Lead synth\"\n"
                     "3, 0, Program_c, 2, 81\n"
                     "3, 0, Note_on_c, 2, 72, 110\n"
                     "3, 1920, Note_off_c, 2, 72, 64\n"
                     "3, 1920, End_track\n"
                     "0, 0, End_of_file\n";
  cr_assert_str_eq(text, want);
  free(text);
  free(cmd);
  free(csv);
  free(path);
  sp_midi_file_free(f);
}

/* csvmidi (the same package) writes a file with running status and a
 * tempo change; this reader reads it as midicsv's text says. */
Test(midi, reads_what_csvmidi_writes)
{
  if (!on_path("csvmidi"))
    cr_skip_test("csvmidi is not installed (apt-get install midicsv)");
  char *csv = tu_write_text(dir, "in.csv",
                            "0, 0, Header, 1, 2, 384\n"
                            "1, 0, Start_track\n"
                            "1, 0, Tempo, 750000\n"
                            "1, 768, Tempo, 250000\n"
                            "1, 768, End_track\n"
                            "2, 0, Start_track\n"
                            "2, 0, Title_t, \"Pad\"\n"
                            "2, 0, System_exclusive, 3, 126, 127, 9\n"
                            "2, 0, Note_on_c, 3, 60, 80\n"
                            "2, 0, Note_on_c, 3, 64, 80\n"
                            "2, 1152, Note_on_c, 3, 60, 0\n"
                            "2, 1152, Note_on_c, 3, 64, 0\n"
                            "2, 1152, End_track\n"
                            "0, 0, End_of_file\n");
  char *path = tu_path(dir, "in.mid");
  char *cmd = sp_xasprintf("csvmidi '%s' '%s'", csv, path);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  sp_midi_file *f = NULL;
  char why[512];
  cr_assert_eq(sp_smf_read(path, &f, why, sizeof why), SP_OK, "%s", why);
  cr_assert_eq(f->n_sysex_skipped, 1);
  cr_assert_str_eq(f->track_names[1], "Pad");
  cr_assert_eq(f->n_events, 4);
  event_is(&f->events[0], 0, 0, 1, 3, 0x93, 60, 80);
  event_is(&f->events[1], 0, 0, 1, 3, 0x93, 64, 80);
  event_is(&f->events[2], 1152, 1.5 + 384 * 250000.0 / 384e6, 1, 3, 0x93, 60, 0);
  cr_assert_eq(f->end_tick, 1152);
  cr_assert_eq(f->end_seconds, 1.75);
  sp_midi_file_free(f);
  free(cmd);
  free(path);
  free(csv);
}

/* A region that starts with the sustain pedal down (the part pressed it
 * before the region's `from`: the chase sends it at the region's start)
 * releases it at its end, as it does a pedal it pressed itself: the note
 * the pedal holds stops there. Before, the pedal stayed down past the
 * region and the note sounded to the end of the print. */
Test(midi, a_pedal_down_from_before_the_region_is_released_at_its_end)
{
  static const tu_smf_event ev[] = {
      {0, {0xB0, 64, 127}},  /* 0 s: the pedal down */
      {480, {0x90, 69, 100}}, /* 0.5 s: A4 */
      {96, {0x80, 69, 0}},    /* 0.6 s: let go, the pedal holds it */
      {2304, {0xB0, 7, 100}}, /* 3 s: the part goes on */
  };
  free(tu_write_smf(dir, "pedal.mid", ev, 4));
  free(tu_write_sf2(dir, "sines.sf2"));
  char *recipe = tu_write_text(dir, "pedal.yaml",
                               "stemprint: 1\nsample_rate: 48000\ntail: 1 s\n"
                               "tracks:\n  p:\n    midi: pedal.mid\n    from: 0.25 s\n"
                               "    length: 1 s\n"
                               "    instrument: {soundfont: {file: sines.sf2, program: 0}}\n"
                               "output: {depth: 32f, dither: none}\n");
  char *out = tu_path(dir, "out"), *err = NULL;
  cr_assert_eq(tu_run((const char *[]){"render", "-q", recipe, "-o", out, NULL}, NULL, &err), 0,
               "%s", err);
  char *mix = tu_path(out, "mix.wav");
  int64_t frames;
  int channels, rate;
  double *x = tu_read(mix, &frames, &channels, &rate);
  cr_assert_eq(rate, 48000);
  cr_assert_geq(frames, 96000);
  /* held by the pedal after its note-off (0.35 s on the timeline) ... */
  cr_expect_gt(tu_peak(x + 43200 * channels, 4800 * (size_t)channels), 0.01);
  /* ... and silent once the region's end (1 s) released it */
  cr_expect_lt(tu_peak(x + 52800 * channels, (size_t)(frames - 52800) * (size_t)channels), 1e-6,
               "the pedal was not released at the region's end");
  free(x);
  free(mix);
  free(out);
  free(err);
  free(recipe);
}

/* ---- a file played by many tracks --------------------------------------- */

static int midi_reads;
static sp_err counting_midi(const sp_media *m, const char *name, sp_midi_file **out, char *why,
                            size_t why_size)
{
  (void)m;
  midi_reads++;
  return sp_audio_media()->midi(sp_audio_media(), name, out, why, why_size);
}

static int identities;

static char *counting_identity(const sp_media *m, const char *name)
{
  (void)m;
  identities++;
  return sp_audio_media()->identity(sp_audio_media(), name);
}

/* Each MIDI file a build reads is asked its identity (which file it is,
 * whatever its name) once, and each output once, not each against each
 * file read before it: 3,000 regions of files of their own took 9 million
 * stat calls and 10 s to check (0.4 s now). 400 regions on four tracks,
 * each a stem, each file named twice: each file read once, each name
 * asked once by the MIDI files and once by the outputs' check that none
 * is an input (exactly: a name more would fail it). */
Test(midi, a_build_asks_each_file_which_it_is_once)
{
  static const tu_smf_event ev[] = {{0, {0x90, 69, 100}}, {480, {0x80, 69, 0}}};
  free(tu_write_sf2(dir, "sines.sf2"));
  char *text = sp_xstrdup("stemprint: 1\nsample_rate: 48000\nlength: 1 s\ntracks:\n");
  enum { TRACKS = 4, FILES = 50 };
  for (int t = 0; t < TRACKS; t++) {
    char *more = sp_xasprintf("%s  t%d:\n    instrument: {soundfont: {file: sines.sf2}}\n"
                              "    regions:\n",
                              text, t);
    free(text);
    text = more;
    for (int k = 0; k < 2 * FILES; k++) { /* each file named twice: NAME and ./NAME */
      char name[32];
      snprintf(name, sizeof name, "m%d_%d.mid", t, k % FILES);
      if (k < FILES)
        free(tu_write_smf(dir, name, ev, 2));
      more = sp_xasprintf("%s      - {midi: %s%s, at: %d ms}\n", text, k < FILES ? "" : "./",
                          name, k);
      free(text);
      text = more;
    }
  }
  char *more = sp_xasprintf("%sstems: {s0: [t0], s1: [t1], s2: [t2], s3: [t3]}\n", text);
  free(text);
  char *path = tu_write_text(dir, "files.yaml", more);
  free(more);
  sp_media media = *sp_audio_media();
  media.midi = counting_midi;
  media.identity = counting_identity;
  midi_reads = identities = 0;
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(r, &media, NULL, &g, &d), SP_OK, "%s", d.n ? d.v[0].msg : "");
  cr_expect_eq(midi_reads, TRACKS * FILES, "%d files read %d times", TRACKS * FILES, midi_reads);
  /* each name by the MIDI files, each region's and each instrument's
   * SoundFont by the outputs' check, the recipe, the mix and four stems */
  const int most = 2 * TRACKS * 2 * FILES + TRACKS + 1 + 5;
  cr_expect_eq(identities, most, "%d identities asked, where %d are", identities, most);
  sp_graph_free(g);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(path);
}

/* Tracks that play one MIDI file read it once in a build, and tracks that
 * play the same part of it at the same place hold its events once (each
 * held its own before: sixteen tracks of a file of two million
 * controllers took 588 MB, 150 MB now). A track that plays it elsewhere
 * holds its own; freeing the graph frees each once. The same file named
 * otherwise (./one.mid) is the same file. */
Test(midi, a_file_many_tracks_play_is_read_and_held_once)
{
  static const tu_smf_event ev[] = {
      {0, {0x90, 69, 100}}, {480, {0x80, 69, 0}}, {0, {0x91, 60, 100}}, {480, {0x81, 60, 0}}};
  free(tu_write_smf(dir, "one.mid", ev, 4));
  free(tu_write_sf2(dir, "sines.sf2"));
  char *path =
      tu_write_text(dir, "many.yaml",
                    "stemprint: 1\nsample_rate: 48000\ntracks:\n"
                    "  a: {midi: one.mid, instrument: {soundfont: {file: sines.sf2}}}\n"
                    "  b: {midi: one.mid, instrument: {soundfont: {file: sines.sf2}}}\n"
                    "  c: {midi: one.mid, at: 1 s,\n"
                    "      instrument: {soundfont: {file: sines.sf2}}}\n"
                    "  d: {midi: one.mid, channel: 2,\n"
                    "      instrument: {soundfont: {file: sines.sf2}}}\n"
                    "  e: {midi: one.mid, instrument: {soundfont: {file: sines.sf2}}}\n"
                    "  f: {midi: ./one.mid, instrument: {soundfont: {file: sines.sf2}}}\n");
  sp_media media = *sp_audio_media();
  media.midi = counting_midi;
  midi_reads = 0;
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(r, &media, NULL, &g, &d), SP_OK, "%s", d.n ? d.v[0].msg : "");
  cr_expect_eq(midi_reads, 1, "one.mid read %d times", midi_reads);
  const sp_node *a = sp_graph_node(g, 0), *b = sp_graph_node(g, 1), *c = sp_graph_node(g, 2),
                *dn = sp_graph_node(g, 3), *e = sp_graph_node(g, 4);
  cr_assert_eq(a->events.n, 4);
  cr_expect(!a->events_shared && b->events_shared && e->events_shared);
  cr_expect_eq(b->events.v, a->events.v, "b holds its own copy of a's events");
  cr_expect_eq(e->events.v, a->events.v);
  cr_expect_eq(sp_graph_node(g, 5)->events.v, a->events.v, "./one.mid is one.mid");
  cr_expect(!c->events_shared && c->events.v != a->events.v && c->events.v[0].frame == 48000);
  cr_expect(!dn->events_shared && dn->events.n == 2);
  sp_graph_free(g);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(path);
}

/* The MIDI ports a file's tracks name (port prefix, FF 21: a device of 16
 * channels each) are read into the model (its ports), which plays every
 * port's messages on one set of 16; a render says so where it merges two
 * (tests/test_instruments.c). Before, the prefix was passed by in silence
 * (review 22 F3). A port of 32 and more, or a prefix of another length,
 * is none. */
Test(midi, the_ports_its_tracks_name_are_read)
{
  bytes b = {0};
  header(&b, 1, 3, 0x01, 0xE0);
  static const uint8_t port[3] = {0, 1, 40};
  for (int k = 0; k < 3; k++) {
    size_t t = track_begin(&b);
    B(&b, 0x00, 0xFF, 0x21, 0x01, port[k]);
    B(&b, 0x00, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00);
    track_end(&b, t);
  }
  sp_midi_file *f = parse_ok(&b);
  cr_expect_eq(f->ports, 0x3u, "0x%x", f->ports);
  sp_midi_file_free(f);
}
