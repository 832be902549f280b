/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Standard MIDI Files in and out of the engine's MIDI model (smf.h).
 *
 * A file is a header chunk and track chunks:
 *
 *   "MThd" len:u32 format:u16 ntrks:u16 division:u16 [len - 6 bytes]
 *   "MTrk" len:u32 { delta-time:vlq event }*      (ntrks times, other
 *   chunk types between them skipped)
 *
 *   event:  status 0x80..0xEF + 1 or 2 data bytes   a channel message
 *           (data byte first)                       the same status again
 *                                                   (running status)
 *           FF type len:vlq bytes                   a meta event
 *           F0 len:vlq bytes | F7 len:vlq bytes     SysEx, or an escape
 *
 * All numbers are big-endian; a variable-length quantity (vlq) is 7 bits a
 * byte, the top bit set on every byte but the last, at most 4 bytes. A
 * meta event or SysEx cancels running status.
 *
 * The reader walks the bytes once, each read checked against the end of
 * its chunk, and hands what it finds to the model's builder: a model's
 * memory grows with the bytes read, never with a header's claim. Every
 * refusal names the byte offset of what is at fault and what was expected
 * there. */

#include "io/midi/smf.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/units.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_VLQ = 0x0FFFFFFF, MAX_TEMPO = 0xFFFFFF, MAX_DENOMINATOR_LOG2 = 7 };

/* ---- reading ------------------------------------------------------------ */

typedef struct reader {
  const uint8_t *data;
  size_t n;
  sp_midi_file *f;
  char *why;
  size_t why_size;
} reader;

static sp_err fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static sp_err fail(reader *r, const char *fmt, ...)
{
  if (r->why && r->why_size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, r->why_size, fmt, ap);
    va_end(ap);
  }
  return SP_ERR_IO;
}

/* A chunk's type for a message: its four bytes, those that are not
 * printable ASCII as \xNN. */
static const char *chunk_type(const uint8_t *p, char out[17])
{
  char *o = out;
  for (int i = 0; i < 4; i++)
    o += p[i] >= 0x20 && p[i] < 0x7F && p[i] != '\'' && p[i] != '\\' ? sprintf(o, "%c", p[i])
                                                                     : sprintf(o, "\\x%02X", p[i]);
  return out;
}

static const char *message_name(unsigned status)
{
  static const char *const names[] = {"a note-off",   "a note-on",        "a poly pressure",
                                      "a controller", "a program change", "a channel pressure",
                                      "a pitch bend"};
  return names[(status >> 4) - 8];
}

/* A track being read: where its chunk's events start and end. */
typedef struct track {
  size_t index, at, end;
} track;

/* The variable-length quantity at *at (below t->end) into *v, *at past it;
 * what names what it is for a message. */
static sp_err vlq(reader *r, const track *t, size_t *at, uint32_t *v, const char *what)
{
  const size_t start = *at;
  uint32_t x = 0;
  for (int i = 0; i < 4; i++) {
    if (*at >= t->end)
      return fail(r, "truncated at byte %zu: track %zu: %s runs past the chunk's end", start,
                  t->index, what);
    const uint8_t b = r->data[(*at)++];
    x = x << 7 | (b & 0x7F);
    if (!(b & 0x80)) {
      *v = x;
      return SP_OK;
    }
  }
  return fail(r,
              "byte %zu: track %zu: %s is a variable-length quantity of more than 4 bytes; "
              "expected at most 4 (up to 0x0FFFFFFF)",
              start, t->index, what);
}

/* The meta event of type at *at (its length next), *at past it; *ended
 * at an End of Track. */
static sp_err meta(reader *r, const track *t, size_t *at, int64_t tick, bool *named, bool *ended)
{
  const size_t start = *at - 1; /* the FF */
  if (*at >= t->end)
    return fail(r,
                "truncated at byte %zu: track %zu: a meta event's type expected after FF, the "
                "chunk ends",
                start, t->index);
  const unsigned type = r->data[(*at)++];
  uint32_t len = 0;
  sp_err err = vlq(r, t, at, &len, "a meta event's length");
  if (err != SP_OK)
    return err;
  if (len > t->end - *at)
    return fail(r,
                "truncated at byte %zu: track %zu: meta event FF %02X says %u bytes, %zu remain "
                "in the chunk",
                start, t->index, type, (unsigned)len, t->end - *at);
  const uint8_t *p = r->data + *at;
  *at += len;
  switch (type) {
  case 0x51: {
    if (len != 3)
      return fail(r, "byte %zu: track %zu: a tempo (FF 51) of %u bytes; expected 3", start,
                  t->index, (unsigned)len);
    const uint32_t us = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    if (us == 0)
      return fail(r,
                  "byte %zu: track %zu: a tempo (FF 51) of 0 microseconds a quarter note; "
                  "expected 1..16777215",
                  start, t->index);
    sp_midi_add_tempo(r->f, tick, us);
    break;
  }
  case 0x58:
    if (len != 4)
      return fail(r, "byte %zu: track %zu: a time signature (FF 58) of %u bytes; expected 4", start,
                  t->index, (unsigned)len);
    if (p[0] == 0 || p[1] > MAX_DENOMINATOR_LOG2) /* no meter: left out, said (notes.c) */
      r->f->n_meters_skipped++;
    else
      sp_midi_add_meter(r->f, tick, p[0], p[1], p[2], p[3]);
    break;
  case 0x03:
    if (!*named) {
      const uint8_t *nul = memchr(p, 0, len);
      char *name = sp_xmalloc((nul ? (size_t)(nul - p) : len) + 1);
      memcpy(name, p, nul ? (size_t)(nul - p) : len);
      name[nul ? (size_t)(nul - p) : len] = '\0';
      r->f->track_names[t->index] = name;
      *named = true;
    }
    break;
  case 0x2F: *ended = true; break;
  case 0x21: /* a port prefix: said where the file names two ports (core/graph/notes.c) */
    if (len == 1 && p[0] < 32)
      r->f->ports |= 1u << p[0];
    break;
  default: break;
  }
  return SP_OK;
}

/* The events of t into the model, and its end into f->end_tick. */
static sp_err read_track(reader *r, const track *t)
{
  size_t at = t->at;
  int64_t tick = 0;
  unsigned running = 0;
  /* sysex_open: an F0 packet whose bytes end without F7, continued by the
   * F7 packets after it to one that ends with F7 (SMF 1.0, "sysex
   * events"); an F7 outside one is an escape (any bytes, sent as they are) */
  bool cancelled = false, named = false, ended = false, sysex_open = false;
  while (at < t->end && !ended) {
    const size_t delta_at = at;
    uint32_t delta = 0;
    sp_err err = vlq(r, t, &at, &delta, "a delta-time");
    if (err != SP_OK)
      return err;
    tick += delta;
    if (tick > SP_MIDI_MAX_TICKS)
      return fail(r,
                  "byte %zu: track %zu: a delta-time that takes the track to tick %lld, past "
                  "2^40, the latest a MIDI file may hold",
                  delta_at, t->index, (long long)tick);
    if (at >= t->end)
      return fail(r,
                  "truncated at byte %zu: track %zu: an event expected after the delta-time, "
                  "the chunk ends",
                  at, t->index);
    const size_t start = at;
    unsigned status = r->data[at];
    if (status & 0x80) {
      at++;
    } else if (running) {
      status = running;
    } else {
      return fail(r,
                  "byte %zu: track %zu: a data byte (0x%02X) with no running status%s; expected "
                  "a status byte (0x80..0xFF)",
                  at, t->index, status,
                  cancelled ? " (the meta event or SysEx before it cancels running status)" : "");
    }
    if (status < 0xF0) {
      const size_t need = (status & 0xE0) == 0xC0 ? 1 : 2;
      if (t->end - at < need)
        return fail(r,
                    "truncated at byte %zu: track %zu: %s (0x%02X) needs %zu data byte%s, the "
                    "chunk ends after %zu",
                    start, t->index, message_name(status), status, need, need > 1 ? "s" : "",
                    t->end - at);
      uint8_t msg[3] = {(uint8_t)status, 0, 0};
      for (size_t i = 0; i < need; i++) {
        msg[1 + i] = r->data[at + i];
        if (msg[1 + i] & 0x80)
          return fail(r,
                      "byte %zu: track %zu: %s (0x%02X) with a status byte (0x%02X) where its "
                      "data byte %zu (0..127) was expected",
                      at + i, t->index, message_name(status), status, msg[1 + i], i + 1);
      }
      at += need;
      sp_midi_add_event(r->f, tick, (uint16_t)t->index, msg, (uint8_t)(1 + need));
      running = status;
    } else if (status == 0xFF) {
      err = meta(r, t, &at, tick, &named, &ended);
      if (err != SP_OK)
        return err;
      running = 0, cancelled = true;
    } else if (status == 0xF0 || status == 0xF7) {
      uint32_t len = 0;
      err = vlq(r, t, &at, &len, "a SysEx event's length");
      if (err != SP_OK)
        return err;
      if (len > t->end - at)
        return fail(r,
                    "truncated at byte %zu: track %zu: SysEx (%02X) says %u bytes, %zu remain "
                    "in the chunk",
                    start, t->index, status, (unsigned)len, t->end - at);
      const uint8_t *b = r->data + at;
      if (status == 0xF7 && !sysex_open) { /* an escape: what it sends said */
        r->f->n_escapes_skipped++;
        r->f->n_escaped_channel += len > 0 && b[0] >= 0x80 && b[0] < 0xF0;
      } else {
        r->f->n_sysex_skipped += status == 0xF0; /* a continuation is its message's */
        sysex_open = len == 0 || b[len - 1] != 0xF7;
      }
      at += len;
      running = 0, cancelled = true;
    } else {
      return fail(r,
                  "byte %zu: track %zu: status 0x%02X (a system %s message) cannot be in a MIDI "
                  "file; expected a channel message (0x80..0xEF), SysEx (F0, F7) or a meta event "
                  "(FF)",
                  start, t->index, status, status < 0xF8 ? "common" : "real-time");
    }
  }
  if (tick > r->f->end_tick)
    r->f->end_tick = tick;
  return SP_OK;
}

/* The header chunk: format, tracks, time base; *tracks the number of
 * tracks it says, *at past it. */
static sp_err read_header(reader *r, unsigned *tracks, size_t *at)
{
  const uint8_t *d = r->data;
  if (r->n < 4 || memcmp(d, "MThd", 4) != 0) {
    if (r->n == 0)
      return fail(r, "not a Standard MIDI File: it is empty");
    const sp_fs_kind *kind = sp_fs_kind_of(d, r->n, false); /* audio given as MIDI, ... */
    if (kind)
      return fail(r, "not a Standard MIDI File: it is %s%s", kind->name,
                  kind->audio ? " (audio)" : "");
    if (r->n >= 4 && memcmp(d, "RIFF", 4) == 0)
      return fail(r, "not a Standard MIDI File: it starts with 'RIFF' (a RIFF MIDI or a WAVE "
                     "file), not 'MThd'; save it as a Standard MIDI File (.mid)");
    return fail(r, "not a Standard MIDI File: no MThd header at byte 0");
  }
  if (r->n < 8)
    return fail(r, "truncated at byte 4: the MThd chunk's length (4 bytes) expected, %zu remain",
                r->n - 4);
  const uint32_t len = sp_be32(d + 4);
  if (len < 6)
    return fail(r,
                "byte 4: the MThd chunk says %u bytes; expected at least 6 (format, tracks, "
                "division)",
                (unsigned)len);
  if (len > r->n - 8)
    return fail(r, "truncated at byte 4: the MThd chunk says %u bytes, %zu remain", (unsigned)len,
                r->n - 8);
  const unsigned format = sp_be16(d + 8);
  if (format == 2)
    return fail(r, "byte 8: format 2 (independent sequences) is not read; expected 0 (one track) "
                   "or 1 (tracks played together): save the file as format 1");
  if (format > 2)
    return fail(r, "byte 8: format %u; expected 0 (one track) or 1 (tracks played together)",
                format);
  *tracks = sp_be16(d + 10);
  if (*tracks == 0)
    return fail(r, "byte 10: the header says the file has no track; expected at least 1");
  if (format == 0 && *tracks != 1)
    return fail(r, "byte 10: the header says %u tracks, and a format 0 file has one", *tracks);
  r->f->format = (int)format;
  if (d[12] & 0x80) {
    const int fps = 256 - d[12]; /* the byte is the rate, negated */
    if (fps != 24 && fps != 25 && fps != 29 && fps != 30)
      return fail(r,
                  "byte 12: an SMPTE time base of -%d frames a second; expected -24, -25, -29 "
                  "or -30 (0xE8, 0xE7, 0xE3, 0xE2)",
                  fps);
    if (d[13] == 0)
      return fail(r, "byte 13: an SMPTE time base of 0 ticks a frame; expected 1..255");
    r->f->smpte_fps = fps;
    r->f->ticks_per_frame = d[13];
  } else {
    r->f->ticks_per_quarter = (int)sp_be16(d + 12);
    if (r->f->ticks_per_quarter == 0)
      return fail(r, "byte 12: division 0; expected ticks per quarter note (1..32767) or an SMPTE "
                     "time base");
  }
  *at = 8 + (size_t)len;
  return SP_OK;
}

sp_err sp_smf_parse(const uint8_t *data, size_t n, sp_midi_file **out, char *why, size_t why_size)
{
  *out = NULL;
  reader r = {data, n, sp_midi_file_new(0, 0, 0), why, why_size};
  unsigned tracks = 0;
  size_t at = 0;
  sp_err err = read_header(&r, &tracks, &at);
  for (size_t found = 0; err == SP_OK && found < tracks;) {
    if (n - at < 8) {
      err = at == n
                ? fail(&r,
                       "truncated at byte %zu: the header says %u tracks, the file ends "
                       "after %zu",
                       at, tracks, found)
                : fail(&r, "truncated at byte %zu: a chunk header (8 bytes) expected, %zu remain",
                       at, n - at);
      break;
    }
    const uint32_t len = sp_be32(data + at + 4);
    const bool is_track = memcmp(data + at, "MTrk", 4) == 0;
    if (len > n - at - 8) {
      char type[17];
      err = is_track ? fail(&r, "truncated at byte %zu: track %zu (MTrk) says %u bytes, %zu remain",
                            at + 4, found, (unsigned)len, n - at - 8)
                     : fail(&r, "truncated at byte %zu: a chunk '%s' says %u bytes, %zu remain",
                            at + 4, chunk_type(data + at, type), (unsigned)len, n - at - 8);
      break;
    }
    if (is_track) {
      r.f->track_names = sp_xreallocarray(r.f->track_names, found + 1, sizeof *r.f->track_names);
      r.f->track_names[found] = NULL;
      r.f->n_tracks = found + 1;
      err = read_track(&r, &(track){found, at + 8, at + 8 + len});
      found++;
    }
    at += 8 + (size_t)len;
  }
  /* MTrk chunks past the header's count are not read (some writers pad
   * files): counted, said where a region plays the file (notes.c) */
  while (err == SP_OK && n - at >= 8 && sp_be32(data + at + 4) <= n - at - 8) {
    r.f->n_tracks_uncounted += memcmp(data + at, "MTrk", 4) == 0;
    at += 8 + (size_t)sp_be32(data + at + 4);
  }
  if (err != SP_OK) {
    sp_midi_file_free(r.f);
    return err;
  }
  sp_midi_file_finish(r.f);
  if (!(r.f->end_seconds <= SP_MAX_SECONDS)) {
    fail(&r,
         "it lasts %.1f hours (to tick %lld); stemprint reads MIDI files of at most " SP_MAX_TEXT,
         r.f->end_seconds / 3600, (long long)r.f->end_tick);
    sp_midi_file_free(r.f);
    return SP_ERR_IO;
  }
  *out = r.f;
  return SP_OK;
}

sp_err sp_smf_read(const char *path, sp_midi_file **out, char *why, size_t why_size)
{
  *out = NULL;
  int fd;
  struct stat st;
  if (sp_fs_open_regular(path, "a MIDI file", "MIDI files", &fd, &st, why, why_size) != SP_OK)
    return SP_ERR_IO;
  if ((uintmax_t)st.st_size > SP_SMF_MAX_BYTES) {
    snprintf(why, why_size,
             "it is %jd bytes, more than the %zu MiB a MIDI file may be (is it a MIDI file?)",
             (intmax_t)st.st_size, SP_SMF_MAX_BYTES >> 20);
    close(fd);
    return SP_ERR_IO;
  }
  /* Read to the end, whatever the size said: a file may grow meanwhile,
   * and one byte past the limit is enough to refuse it. */
  size_t cap = (size_t)st.st_size + 1, n = 0;
  uint8_t *data = sp_xmalloc(cap);
  for (;;) {
    if (n == cap) {
      if (cap > SP_SMF_MAX_BYTES)
        break;
      cap = 2 * cap < SP_SMF_MAX_BYTES + 1 ? 2 * cap : SP_SMF_MAX_BYTES + 1;
      data = sp_xrealloc(data, cap);
    }
    const size_t want = cap - n, got = sp_fs_pread(fd, data + n, want, n);
    if (got < want && errno) {
      snprintf(why, why_size, "cannot read it: %s", strerror(errno));
      free(data);
      close(fd);
      return SP_ERR_IO;
    }
    n += got;
    if (got < want)
      break;
  }
  close(fd);
  sp_err err = SP_ERR_IO;
  if (n > SP_SMF_MAX_BYTES)
    snprintf(why, why_size, "it grew past the %zu MiB a MIDI file may be while being read",
             SP_SMF_MAX_BYTES >> 20);
  else
    err = sp_smf_parse(data, n, out, why, why_size);
  free(data);
  return err;
}

/* ---- writing ------------------------------------------------------------ */

typedef struct buf {
  uint8_t *v;
  size_t n, cap;
} buf;

static void put(buf *b, const void *p, size_t n)
{
  if (b->cap - b->n < n) {
    b->cap = b->cap ? b->cap : 256;
    while (b->cap - b->n < n)
      b->cap *= 2;
    b->v = sp_xrealloc(b->v, b->cap);
  }
  memcpy(b->v + b->n, p, n);
  b->n += n;
}
static void put_byte(buf *b, unsigned x) { put(b, &(uint8_t){(uint8_t)x}, 1); }
static void put_be(buf *b, uint32_t x, int bytes)
{
  for (int i = bytes - 1; i >= 0; i--)
    put_byte(b, x >> (8 * i) & 0xFF);
}
static void put_vlq(buf *b, uint32_t x)
{
  uint8_t v[4];
  int n = 0;
  do
    v[n++] = x & 0x7F, x >>= 7;
  while (x);
  while (n-- > 1)
    put_byte(b, v[n] | 0x80);
  put_byte(b, v[0]);
}

/* Why f cannot be written, into why; SP_OK when it can. */
static sp_err refuse(const sp_midi_file *f, char *why, size_t why_size)
{
#define NO(...)                                                                                    \
  do {                                                                                             \
    snprintf(why, why_size, __VA_ARGS__);                                                          \
    return SP_ERR_USAGE;                                                                           \
  } while (0)
  if (f->format != 0 && f->format != 1)
    NO("format %d; a MIDI file is written as format 0 or 1", f->format);
  if (f->n_tracks == 0 || f->n_tracks > 0xFFFF)
    NO("%zu tracks; a MIDI file has 1 to 65535", f->n_tracks);
  if (f->format == 0 && f->n_tracks != 1)
    NO("%zu tracks in a format 0 file, which has one", f->n_tracks);
  if (f->smpte_fps) {
    if ((f->smpte_fps != 24 && f->smpte_fps != 25 && f->smpte_fps != 29 && f->smpte_fps != 30) ||
        f->ticks_per_frame < 1 || f->ticks_per_frame > 255 || f->ticks_per_quarter)
      NO("an SMPTE time base of %d frames a second, %d ticks a frame (and %d ticks a quarter "
         "note); expected 24, 25, 29 or 30, 1..255 (and 0)",
         f->smpte_fps, f->ticks_per_frame, f->ticks_per_quarter);
  } else if (f->ticks_per_quarter < 1 || f->ticks_per_quarter > 0x7FFF || f->ticks_per_frame) {
    NO("%d ticks a quarter note; expected 1..32767", f->ticks_per_quarter);
  }
  if (f->end_tick < 0 || f->end_tick > SP_MIDI_MAX_TICKS)
    NO("the file ends at tick %lld; expected 0..2^40", (long long)f->end_tick);
  for (size_t i = 0; i < f->n_events; i++) {
    const sp_midi_event *e = &f->events[i];
    const unsigned s = e->msg[0];
    if (e->track >= f->n_tracks)
      NO("event %zu is on track %u of %zu", i, e->track, f->n_tracks);
    if (e->tick < 0 || e->tick > SP_MIDI_MAX_TICKS)
      NO("event %zu is at tick %lld; expected 0..2^40", i, (long long)e->tick);
    if (i && e->tick < e[-1].tick)
      NO("event %zu (tick %lld) is before event %zu (tick %lld); sp_midi_file_finish sorts them", i,
         (long long)e->tick, i - 1, (long long)e[-1].tick);
    if (s < 0x80 || s > 0xEF || e->size != ((s & 0xE0) == 0xC0 ? 2 : 3) || (e->msg[1] & 0x80) ||
        (e->size == 3 && (e->msg[2] & 0x80)))
      NO("event %zu (%02X %02X %02X, %u bytes) is not a channel message: a status byte 80..EF "
         "and its data bytes, 00..7F",
         i, e->msg[0], e->msg[1], e->msg[2], e->size);
  }
  for (size_t i = 0; i < f->n_tempos; i++) {
    const sp_midi_tempo *t = &f->tempos[i];
    if (t->tick < 0 || t->tick > SP_MIDI_MAX_TICKS || (i && t->tick < t[-1].tick))
      NO("tempo %zu is at tick %lld; expected 0..2^40, in order", i, (long long)t->tick);
    if (t->us_per_quarter < 1 || t->us_per_quarter > MAX_TEMPO)
      NO("tempo %zu is %u microseconds a quarter note; expected 1..16777215", i,
         (unsigned)t->us_per_quarter);
  }
  for (size_t i = 0; i < f->n_meters; i++) {
    const sp_midi_meter *m = &f->meters[i];
    if (m->tick < 0 || m->tick > SP_MIDI_MAX_TICKS || (i && m->tick < m[-1].tick))
      NO("time signature %zu is at tick %lld; expected 0..2^40, in order", i, (long long)m->tick);
    if (m->numerator == 0 || m->denominator_log2 > MAX_DENOMINATOR_LOG2)
      NO("time signature %zu is %u/2^%u; expected a numerator of 1..255 over 2^0..2^7", i,
         m->numerator, m->denominator_log2);
  }
  for (size_t i = 0; i < f->n_tracks; i++)
    if (f->track_names[i] && strlen(f->track_names[i]) > MAX_VLQ)
      NO("track %zu's name is longer than a MIDI file can hold", i);
  return SP_OK;
#undef NO
}

/* The delta-time from *last to tick (not before it). A gap longer than a
 * delta-time holds is bridged with empty text events (FF 01 00), which
 * readers pass over: at most 4096 of them, ticks being below 2^40. Whether
 * it bridged (a meta event cancels running status). */
static bool put_delta(buf *b, int64_t tick, int64_t *last)
{
  bool bridged = false;
  for (; tick - *last > MAX_VLQ; *last += MAX_VLQ, bridged = true) {
    put_vlq(b, MAX_VLQ);
    put(b, "\xFF\x01\x00", 3);
  }
  put_vlq(b, (uint32_t)(tick - *last));
  *last = tick;
  return bridged;
}

/* Track t's chunk: its name, the tempo map and time signatures when it is
 * the first, its events (order[0 .. n), indices of f->events) in running
 * status, and an End of Track after its last; the first track's at
 * f->end_tick, where the file ends. */
static void put_track(buf *b, const sp_midi_file *f, size_t t, const size_t *order, size_t n)
{
  const size_t chunk = b->n;
  put(b, "MTrk\0\0\0\0", 8);
  int64_t last = 0;
  if (f->track_names[t]) {
    const size_t len = strlen(f->track_names[t]);
    put(b, "\0\xFF\x03", 3);
    put_vlq(b, (uint32_t)len);
    put(b, f->track_names[t], len);
  }
  size_t ti = 0, mi = 0, ei = 0;
  const size_t n_tempos = t == 0 ? f->n_tempos : 0, n_meters = t == 0 ? f->n_meters : 0;
  unsigned running = 0;
  /* Tempos, then time signatures, then events of each tick; no further
   * than the most a file may be (sp_smf_encode refuses it then). */
  while ((ti < n_tempos || mi < n_meters || ei < n) && b->n <= SP_SMF_MAX_BYTES) {
    const int64_t tt = ti < n_tempos ? f->tempos[ti].tick : INT64_MAX,
                  mt = mi < n_meters ? f->meters[mi].tick : INT64_MAX,
                  et = ei < n ? f->events[order[ei]].tick : INT64_MAX;
    if (tt <= mt && tt <= et) {
      put_delta(b, tt, &last);
      put(b, "\xFF\x51\x03", 3);
      put_be(b, f->tempos[ti++].us_per_quarter, 3);
      running = 0;
    } else if (mt <= et) {
      const sp_midi_meter *m = &f->meters[mi++];
      put_delta(b, mt, &last);
      put(b, "\xFF\x58\x04", 3);
      put(b,
          (uint8_t[]){m->numerator, m->denominator_log2, m->clocks_per_click, m->n32_per_quarter},
          4);
      running = 0;
    } else {
      const sp_midi_event *e = &f->events[order[ei++]];
      if (put_delta(b, et, &last))
        running = 0;
      const bool same = e->msg[0] == running;
      put(b, e->msg + same, e->size - same);
      running = e->msg[0];
    }
  }
  put_delta(b, t == 0 && f->end_tick > last ? f->end_tick : last, &last);
  put(b, "\xFF\x2F\x00", 3);
  const size_t len = b->n - chunk - 8; /* a little over SP_SMF_MAX_BYTES at most: 32 bits */
  for (int i = 0; i < 4; i++)
    b->v[chunk + 4 + (size_t)i] = (uint8_t)(len >> (8 * (3 - i)));
}

sp_err sp_smf_encode(const sp_midi_file *f, uint8_t **data, size_t *n, char *why, size_t why_size)
{
  *data = NULL;
  *n = 0;
  sp_err err = refuse(f, why, why_size);
  if (err != SP_OK)
    return err;
  /* Each track's events, in the file's order: a counting sort by track. */
  size_t *start = sp_xcalloc(f->n_tracks + 1, sizeof *start),
         *order = sp_xcalloc(f->n_events ? f->n_events : 1, sizeof *order);
  for (size_t i = 0; i < f->n_events; i++)
    start[f->events[i].track + 1]++;
  for (size_t t = 0; t < f->n_tracks; t++)
    start[t + 1] += start[t];
  size_t *fill = sp_xcalloc(f->n_tracks, sizeof *fill);
  for (size_t i = 0; i < f->n_events; i++) {
    const size_t t = f->events[i].track;
    order[start[t] + fill[t]++] = i;
  }
  free(fill);
  buf b = {0};
  put(&b, "MThd\0\0\0\x06", 8);
  put_be(&b, (uint32_t)f->format, 2);
  put_be(&b, (uint32_t)f->n_tracks, 2);
  if (f->smpte_fps) {
    put_byte(&b, (unsigned)(256 - f->smpte_fps));
    put_byte(&b, (unsigned)f->ticks_per_frame);
  } else {
    put_be(&b, (uint32_t)f->ticks_per_quarter, 2);
  }
  for (size_t t = 0; t < f->n_tracks && b.n <= SP_SMF_MAX_BYTES; t++)
    put_track(&b, f, t, order + start[t], start[t + 1] - start[t]);
  if (b.n > SP_SMF_MAX_BYTES) {
    snprintf(why, why_size,
             "the file would be more than %zu MiB, the most a MIDI file may be (the reader reads "
             "no more)",
             SP_SMF_MAX_BYTES >> 20);
    err = SP_ERR_USAGE;
  }
  free(start);
  free(order);
  if (err != SP_OK) {
    free(b.v);
    return err;
  }
  *data = b.v;
  *n = b.n;
  return SP_OK;
}

sp_err sp_smf_write(const char *path, const sp_midi_file *f, char *why, size_t why_size)
{
  uint8_t *data;
  size_t n;
  sp_err err = sp_smf_encode(f, &data, &n, why, why_size);
  if (err == SP_OK)
    err = sp_fs_write_bytes(path, data, n, why, why_size);
  free(data);
  return err;
}
