/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The iTunes metadata and NI's stem box of an MPEG-4 file (mp4box.h). */

#include "io/audio/mp4box.h"

#include "core/base/alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A growing byte buffer. */
typedef struct buf {
  unsigned char *p;
  size_t n, cap;
} buf;

static void put(buf *b, const void *x, size_t n)
{
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 64;
    b->p = sp_xrealloc(b->p, b->cap);
  }
  if (n)
    memcpy(b->p + b->n, x, n);
  b->n += n;
}

static void put32(buf *b, uint32_t v)
{
  const unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                              (unsigned char)(v >> 8), (unsigned char)v};
  put(b, x, 4);
}

static uint32_t get32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A box begun: its size written by end(). */
static size_t begin(buf *b, const char *type)
{
  const size_t at = b->n;
  put32(b, 0);
  put(b, type, 4);
  return at;
}

static void end(buf *b, size_t at)
{
  const uint32_t n = (uint32_t)(b->n - at);
  b->p[at] = (unsigned char)(n >> 24), b->p[at + 1] = (unsigned char)(n >> 16);
  b->p[at + 2] = (unsigned char)(n >> 8), b->p[at + 3] = (unsigned char)n;
}

/* An ilst item: its name box holding a data box of type (1: UTF-8, 0:
 * binary, 13: JPEG, 14: PNG). */
static void item(buf *b, const char *name, uint32_t type, const void *x, size_t n)
{
  const size_t at = begin(b, name), d = begin(b, "data");
  put32(b, type);
  put32(b, 0); /* locale */
  put(b, x, n);
  end(b, d);
  end(b, at);
}

static void text(buf *b, const char *name, const char *s)
{
  if (s && *s)
    item(b, name, 1, s, strlen(s));
}

/* A freeform item, ----:com.apple.iTunes:name. */
static void freeform(buf *b, const char *name, const char *s)
{
  if (!s || !*s)
    return;
  const size_t at = begin(b, "----");
  size_t m = begin(b, "mean");
  put32(b, 0);
  put(b, "com.apple.iTunes", 16);
  end(b, m);
  m = begin(b, "name");
  put32(b, 0);
  put(b, name, strlen(name));
  end(b, m);
  m = begin(b, "data");
  put32(b, 1);
  put32(b, 0);
  put(b, s, strlen(s));
  end(b, m);
  end(b, at);
}

/* trkn (8 bytes) and disk (6): 0, the number, of how many, (trkn) 0. */
static void number(buf *b, const char *name, int n, int of, size_t len)
{
  if (n <= 0)
    return;
  unsigned char x[8] = {0};
  x[2] = (unsigned char)(n >> 8), x[3] = (unsigned char)n;
  x[4] = (unsigned char)(of >> 8), x[5] = (unsigned char)of;
  item(b, name, 0, x, len);
}

static void ilst(buf *b, const sp_mp4_meta *m)
{
  const size_t at = begin(b, "ilst");
  const sp_tags *t = m->tags;
  if (t) {
    text(b, "\xa9nam", t->title);
    text(b,
         "\xa9"
         "ART",
         t->artist);
    text(b, "aART", t->album_artist);
    text(b,
         "\xa9"
         "alb",
         t->album);
    text(b,
         "\xa9"
         "gen",
         t->genre);
    text(b,
         "\xa9"
         "day",
         t->year);
    text(b,
         "\xa9"
         "wrt",
         t->composer);
    number(b, "trkn", t->track, t->tracks, 8);
    number(b, "disk", t->disc, t->discs, 6);
  }
  if (m->cover && m->cover_mime) /* the item's type: 13 JPEG, 14 PNG */
    item(b, "covr", strcmp(m->cover_mime, "image/png") == 0 ? 14 : 13, m->cover, m->cover_size);
  if (t) {
    freeform(b, "ISRC", t->isrc);
    freeform(b, "BARCODE", t->barcode);
  }
  freeform(b, "iTunSMPB", m->smpb);
  end(b, at);
}

/* The udta of a new moov: the old one's boxes (p, n: its contents) but
 * its meta, then a meta of m's ilst and m's stem box. */
static void udta(buf *b, const unsigned char *p, size_t n, const sp_mp4_meta *m)
{
  const size_t at = begin(b, "udta");
  for (size_t i = 0; i + 8 <= n;) {
    const uint32_t len = get32(p + i);
    if (len < 8 || len > n - i)
      break;
    if (memcmp(p + i + 4, "meta", 4) != 0 && memcmp(p + i + 4, "stem", 4) != 0)
      put(b, p + i, len);
    i += len;
  }
  const size_t meta = begin(b, "meta");
  put32(b, 0); /* a full box: version and flags */
  static const unsigned char hdlr[33] = {0,   0,   0, 33, 'h', 'd', 'l', 'r', 0,   0,   0,
                                         0,   0,   0, 0,  0,   'm', 'd', 'i', 'r', 'a', 'p',
                                         'p', 'l', 0, 0,  0,   0,   0,   0,   0,   0,   0};
  put(b, hdlr, sizeof hdlr);
  ilst(b, m);
  end(b, meta);
  if (m->stem_json) {
    const size_t s = begin(b, "stem");
    put(b, m->stem_json, strlen(m->stem_json));
    end(b, s);
  }
  end(b, at);
}

static sp_err fail(char *why, size_t why_size, const char *what)
{
  snprintf(why, why_size, "cannot write its metadata: %s", what);
  return SP_ERR_IO;
}

void sp_mp4_top_read(int fd, sp_mp4_top *t)
{
  *t = (sp_mp4_top){0};
  struct stat st;
  if (fstat(fd, &st) != 0)
    return;
  const uint64_t size = t->size = (uint64_t)st.st_size;
  uint64_t at = 0;
  while (at + 8 <= size) {
    unsigned char h[16];
    const ssize_t got = pread(fd, h, 16, (off_t)at);
    if (got < 8)
      break;
    uint64_t len = get32(h);
    if (len == 1 && got == 16)
      len = (uint64_t)get32(h + 8) << 32 | get32(h + 12);
    else if (len == 0)
      len = size - at;
    if (len < 8 || len > size - at) { /* the first box out of the file */
      t->bad_at = at;
      t->bad_len = len;
      for (int i = 0; i < 4; i++) /* its type, as text says it */
        t->bad_type[i] = h[4 + i] >= 0x20 && h[4 + i] < 0x7f ? (char)h[4 + i] : '?';
      return;
    }
    if (memcmp(h + 4, "moov", 4) == 0)
      t->moov = at, t->moov_len = len;
    at += len;
  }
}

/* The first child of type in the box whose body is [at, end) of fd: its
 * body's start and end; false when there is none. */
static bool child(int fd, uint64_t at, uint64_t end, const char *type, uint64_t *body,
                  uint64_t *body_end)
{
  while (at + 8 <= end) {
    unsigned char h[16];
    const ssize_t got = pread(fd, h, 16, (off_t)at);
    if (got < 8)
      return false;
    uint64_t len = get32(h), head = 8;
    if (len == 1 && got < 16) /* a 64-bit size cut short */
      return false;
    if (len == 1)
      len = (uint64_t)get32(h + 8) << 32 | get32(h + 12), head = 16;
    else if (len == 0)
      len = end - at;
    if (len < head || len > end - at)
      return false;
    if (memcmp(h + 4, type, 4) == 0) {
      *body = at + head, *body_end = at + len;
      return true;
    }
    at += len;
  }
  return false;
}

/* A big-endian field of k (4 or 8) bytes at fd's byte at; false past end. */
static bool field(int fd, uint64_t at, uint64_t end, int k, uint64_t *v)
{
  unsigned char b[8];
  if (at + (uint64_t)k > end || pread(fd, b, (size_t)k, (off_t)at) != k)
    return false;
  *v = k == 8 ? (uint64_t)get32(b) << 32 | get32(b + 4) : get32(b);
  return true;
}

bool sp_mp4_edits_read(int fd, uint32_t track_id, sp_mp4_edits *e)
{
  *e = (sp_mp4_edits){0};
  sp_mp4_top t;
  sp_mp4_top_read(fd, &t);
  const uint64_t moov = t.moov + 8, moov_end = t.moov + t.moov_len;
  uint64_t b, be, v, ts;
  if (!t.moov_len || !child(fd, moov, moov_end, "mvhd", &b, &be) || !field(fd, b, be, 4, &v))
    return false;
  /* mvhd: version and flags, two times (4 or 8 bytes each), the timescale */
  if (!field(fd, b + 4 + (v >> 24 == 1 ? 16 : 8), be, 4, &ts) || !ts)
    return false;
  for (uint64_t at = moov; at < moov_end;) {
    uint64_t trak, trak_end, tkhd, tkhd_end, edts, edts_end, id;
    if (!child(fd, at, moov_end, "trak", &trak, &trak_end))
      return false;
    at = trak_end;
    /* tkhd: version and flags, two times, the track's ID */
    if (!child(fd, trak, trak_end, "tkhd", &tkhd, &tkhd_end) || !field(fd, tkhd, tkhd_end, 4, &v) ||
        !field(fd, tkhd + 4 + (v >> 24 == 1 ? 16 : 8), tkhd_end, 4, &id) || id != track_id)
      continue;
    if (!child(fd, trak, trak_end, "edts", &edts, &edts_end) ||
        !child(fd, edts, edts_end, "elst", &b, &be) || !field(fd, b, be, 4, &v))
      return false;
    /* elst: version and flags, its count, then each entry: its duration
     * and its media time (4 bytes each, or 8 in version 1), its rate */
    const int k = v >> 24 == 1 ? 8 : 4;
    uint64_t n, dur, media;
    if (!field(fd, b + 4, be, 4, &n))
      return false;
    e->timescale = (uint32_t)ts;
    for (uint64_t i = 0, p = b + 8; i < n; i++, p += 2 * (uint64_t)k + 4) {
      if (!field(fd, p, be, k, &dur) || !field(fd, p + (uint64_t)k, be, k, &media))
        break;
      const bool empty = k == 8 ? media == UINT64_MAX : media == UINT32_MAX;
      if (!empty) {
        e->media = dur;
        e->after = n - i - 1;
        break;
      }
      e->empty += dur;
    }
    return true;
  }
  return false;
}

bool sp_mp4_top_said(const sp_mp4_top *t, char *why, size_t why_size)
{
  if (t->bad_len >= 8)
    snprintf(why, why_size,
             "it is cut short: its '%s' box at byte %llu says %llu bytes, the file holds %llu from "
             "there%s; copy or export it again",
             t->bad_type, (unsigned long long)t->bad_at, (unsigned long long)t->bad_len,
             (unsigned long long)(t->size - t->bad_at),
             t->moov_len ? "" : ", and its index (a 'moov' box) is not before it");
  else if (t->bad_type[0])
    snprintf(why, why_size,
             "it is damaged: its '%s' box at byte %llu says a size of %llu bytes, less than a "
             "box's header; export it again",
             t->bad_type, (unsigned long long)t->bad_at, (unsigned long long)t->bad_len);
  else if (!t->moov_len && t->size)
    snprintf(why, why_size,
             "it has no index (a 'moov' box): it was not written to its end; copy or export it "
             "again");
  else
    return false;
  return true;
}

sp_err sp_mp4_add_meta(int fd, const sp_mp4_meta *m, char *why, size_t why_size)
{
  sp_mp4_top t;
  sp_mp4_top_read(fd, &t); /* the top-level boxes */
  if (t.bad_type[0])
    return fail(why, why_size, "a box's size is out of the file");
  const uint64_t size = t.size, moov = t.moov, moov_len = t.moov_len;
  if (!moov_len || moov + moov_len != size || moov_len > (64u << 20))
    return fail(why, why_size, "its moov box is not the file's last");
  unsigned char *old = sp_xmalloc((size_t)moov_len);
  if (pread(fd, old, (size_t)moov_len, (off_t)moov) != (ssize_t)moov_len ||
      get32(old) != moov_len) {
    free(old);
    return fail(why, why_size, "its moov box cannot be read");
  }
  buf b = {0};
  const size_t top = begin(&b, "moov");
  const unsigned char *u = NULL;
  size_t u_len = 0;
  for (size_t i = 8; i + 8 <= moov_len;) {
    const uint32_t len = get32(old + i);
    if (len < 8 || len > moov_len - i)
      break;
    if (memcmp(old + i + 4, "udta", 4) == 0)
      u = old + i + 8, u_len = len - 8;
    else
      put(&b, old + i, len);
    i += len;
  }
  udta(&b, u, u_len, m);
  end(&b, top);
  free(old);
  const bool ok =
      pwrite(fd, b.p, b.n, (off_t)moov) == (ssize_t)b.n && ftruncate(fd, (off_t)(moov + b.n)) == 0;
  free(b.p);
  return ok ? SP_OK : fail(why, why_size, strerror(errno));
}
