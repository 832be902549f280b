/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a FLAC file's own bytes say of its frames (io/audio/flac.h). */

#include "io/audio/flac.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
  BLOCKS_MAX = 4096,     /* metadata blocks walked */
  TAIL_UNSAID = 4 << 20, /* the tail read where STREAMINFO says no largest frame */
  TAIL_HEADERS = 16,     /* the last frame headers tried, from the end */
  JOIN_CHUNK = 1 << 20,  /* the whole file's read, a second stream looked for */
  ID3V1 = 128            /* an ID3v1 tag after the frames ("TAG") */
};

static unsigned crc8(const unsigned char *b, size_t n)
{
  unsigned c = 0;
  for (size_t i = 0; i < n; i++) {
    c ^= b[i];
    for (int k = 0; k < 8; k++)
      c = (c & 0x80) ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
  }
  return c;
}

/* (bit by bit: it runs over a frame or two of a file's tail) */
static unsigned crc16(unsigned c, const unsigned char *b, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    c ^= (unsigned)b[i] << 8;
    for (int k = 0; k < 8; k++)
      c = (c & 0x8000) ? ((c << 1) ^ 0x8005) & 0xFFFF : (c << 1) & 0xFFFF;
  }
  return c;
}

bool sp_flac_frame_header(const unsigned char *b, size_t n, uint64_t *number, bool *variable,
                          unsigned *block, unsigned *rate, size_t *len)
{
  static const unsigned rates[12] = {0,     88200, 176400, 192000, 8000,  16000,
                                     22050, 24000, 32000,  44100,  48000, 96000};
  if (n < 6 || b[0] != 0xFF || (b[1] & 0xFE) != 0xF8)
    return false;
  const unsigned bs = b[2] >> 4, sr = b[2] & 15, ch = b[3] >> 4, ss = b[3] >> 1 & 7;
  if (bs == 0 || sr == 15 || ch > 10 || ss == 3 || (b[3] & 1))
    return false;
  /* the coded number, in UTF-8's form: a frame's up to 31 bits, a
   * sample's up to 36 */
  const unsigned lead = b[4];
  int more = lead < 0x80 ? 0 : -1;
  for (int k = 1; k <= 6 && more < 0; k++)
    if ((lead >> (6 - k)) == (0xFEu >> (6 - k) & ~1u))
      more = k;
  *variable = b[1] & 1;
  if (more < 0 || (!*variable && more > 5))
    return false;
  size_t at = 5;
  uint64_t v = more ? lead & (0x3Fu >> more) : lead;
  for (int k = 0; k < more; k++, at++) {
    if (at >= n || (b[at] & 0xC0) != 0x80)
      return false;
    v = v << 6 | (b[at] & 0x3F);
  }
  *number = v;
  /* the block's and the rate's bytes after it, where it has them, and
   * the CRC-8 */
  if (at + (bs == 6 ? 1 : bs == 7 ? 2 : 0) + (sr == 12 ? 1 : sr > 12 ? 2 : 0) >= n)
    return false;
  if (bs == 1)
    *block = 192;
  else if (bs <= 5)
    *block = 576u << (bs - 2);
  else if (bs == 6)
    *block = b[at++] + 1u;
  else if (bs == 7)
    *block = ((unsigned)b[at] << 8 | b[at + 1]) + 1u, at += 2;
  else
    *block = 256u << (bs - 8);
  if (sr < 12)
    *rate = rates[sr];
  else if (sr == 12)
    *rate = b[at++] * 1000u;
  else
    *rate = ((unsigned)b[at] << 8 | b[at + 1]) * (sr == 14 ? 10u : 1u), at += 2;
  if (crc8(b, at) != b[at])
    return false;
  *len = at + 1;
  return true;
}

/* The last whole frame of the tail t[0..n) of s's file (its frames from
 * `first` on), whose header numbers its samples: s->frames_hold, and
 * s->cut where a frame begins after it. A frame is whole where its
 * CRC-16, from its header on, holds at a later header or at the tail's
 * end (an ID3v1 tag left out): a header inside another frame's bytes
 * (their CRC-8 holding by chance) ends no frame. */
static void last_frame(const unsigned char *t, size_t n, size_t first, sp_flac_said *s)
{
  if (n >= ID3V1 && memcmp(t + n - ID3V1, "TAG", 3) == 0)
    n -= ID3V1;
  size_t *at = NULL, n_at = 0, cap = 0;
  uint64_t num;
  bool variable;
  unsigned block, rate;
  size_t len;
  for (size_t p = first; p + 6 <= n; p++)
    if (t[p] == 0xFF && sp_flac_frame_header(t + p, n - p, &num, &variable, &block, &rate, &len)) {
      if (n_at == cap) /* (doubling: a tail of headers alone is a file's) */
        at = sp_xreallocarray(at, cap = cap ? 2 * cap : 64, sizeof *at);
      at[n_at++] = p;
    }
  for (size_t i = n_at, tried = 0; i-- > 0 && tried < TAIL_HEADERS; tried++) {
    sp_flac_frame_header(t + at[i], n - at[i], &num, &variable, &block, &rate, &len);
    unsigned c = 0;
    size_t q = at[i];
    for (size_t j = i + 1;; j++) {
      const size_t stop = j < n_at ? at[j] : n;
      c = crc16(c, t + q, stop - q);
      q = stop;
      if (c == 0 && q >= at[i] + len + 2) {
        s->frames_hold = (int64_t)(variable ? num : num * s->max_block) + block;
        s->cut = j < n_at;
        free(at);
        return;
      }
      if (j >= n_at || (s->max_frame && q - at[i] > s->max_frame))
        break;
    }
  }
  free(at);
}

/* Where a second stream ("fLaC", then a STREAMINFO block's header) begins
 * in fd's bytes from `from` on: 0 none. */
static uint64_t second_stream(int fd, uint64_t size, uint64_t from)
{
  static const unsigned char sign[8] = {'f', 'L', 'a', 'C', 0, 0, 0, 34};
  unsigned char *b = sp_xmalloc(JOIN_CHUNK + sizeof sign);
  uint64_t found = 0;
  for (uint64_t at = from; !found && at < size; at += JOIN_CHUNK) {
    const ssize_t got = pread(fd, b, JOIN_CHUNK + sizeof sign, (off_t)at);
    if (got < (ssize_t)sizeof sign)
      break;
    for (size_t i = 0; i + sizeof sign <= (size_t)got && i < JOIN_CHUNK; i++)
      if (b[i] == 'f' && memcmp(b + i, sign, 4) == 0 && (b[i + 4] & 0x7F) == 0 &&
          memcmp(b + i + 5, sign + 5, 3) == 0) {
        found = at + i;
        break;
      }
  }
  free(b);
  return found;
}

bool sp_flac_said_read(int fd, uint64_t size, sp_flac_said *s)
{
  *s = (sp_flac_said){.frames_hold = -1};
  unsigned char h[42];
  uint64_t at = 0;
  /* an ID3v2 tag before "fLaC" is skipped, as libFLAC skips one */
  if (pread(fd, h, 10, 0) == 10 && memcmp(h, "ID3", 3) == 0)
    at = 10 + ((uint64_t)(h[6] & 0x7f) << 21 | (uint64_t)(h[7] & 0x7f) << 14 |
               (uint64_t)(h[8] & 0x7f) << 7 | (h[9] & 0x7f));
  if (pread(fd, h, 42, (off_t)at) != 42 || memcmp(h, "fLaC", 4) != 0 || (h[4] & 0x7F) != 0 ||
      ((uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7]) < 34)
    return false;
  const unsigned char *si = h + 8;
  s->max_block = (unsigned)si[2] << 8 | si[3];
  s->max_frame = (unsigned)si[7] << 16 | (unsigned)si[8] << 8 | si[9];
  s->rate = (unsigned)si[10] << 12 | (unsigned)si[11] << 4 | si[12] >> 4;
  s->total = (int64_t)(si[13] & 0x0F) << 32 | (int64_t)si[14] << 24 | (int64_t)si[15] << 16 |
             (int64_t)si[16] << 8 | si[17];
  s->total_at = at + 8 + 13;
  /* the metadata blocks' headers, to the frames */
  at += 4;
  for (int k = 0;; k++) {
    if (k == BLOCKS_MAX || pread(fd, h, 4, (off_t)at) != 4)
      return true; /* no frames found: libsndfile's words */
    at += 4 + ((uint64_t)h[1] << 16 | (uint64_t)h[2] << 8 | h[3]);
    if (h[0] & 0x80)
      break;
  }
  if (at >= size)
    return true;
  uint64_t num;
  bool variable;
  unsigned block;
  size_t len;
  unsigned char f[16];
  const ssize_t got = pread(fd, f, sizeof f, (off_t)at);
  if (got > 0 &&
      !sp_flac_frame_header(f, (size_t)got, &num, &variable, &block, &s->first_rate, &len))
    s->first_rate = 0;
  /* the tail: two of its largest frames, and a header's bytes */
  uint64_t tail = s->max_frame ? 2 * (uint64_t)s->max_frame + 32 : TAIL_UNSAID;
  if (tail > size - at)
    tail = size - at;
  unsigned char *t = sp_xmalloc(tail ? tail : 1);
  if (pread(fd, t, tail, (off_t)(size - tail)) == (ssize_t)tail)
    last_frame(t, tail, 0, s);
  free(t);
  if (s->total == 0 || s->frames_hold != s->total)
    s->joined_at = second_stream(fd, size, at);
  return true;
}
