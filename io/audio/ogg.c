/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What stemprint knows of Ogg itself (io/audio/ogg.h): a stream's serial
 * number made fixed, its channel order, an Opus stream's mapping family,
 * and a file's pages walked for what its reader would read silently in
 * part (cut short, or more than one stream). */

#include "io/audio/ogg.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The CRC of an Ogg page (RFC 3533: polynomial 0x04c11db7, not reflected,
 * from 0, over the page with its CRC field as zeros). */
static uint32_t ogg_crc(const unsigned char *p, size_t n)
{
  uint32_t crc = 0;
  for (size_t i = 0; i < n; i++) {
    crc ^= (uint32_t)p[i] << 24;
    for (int b = 0; b < 8; b++)
      crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
  }
  return crc;
}

/* k bytes of fd from its byte at into b; else false, with why. */
static bool read_at(int fd, unsigned char *b, size_t k, uint64_t at, char *why, size_t why_size)
{
  if (sp_fs_pread(fd, b, k, at) == k)
    return true;
  snprintf(why, why_size, "cannot read its Ogg pages again: %s", strerror(errno ? errno : EIO));
  return false;
}

/* libsndfile draws an Ogg stream's serial number from the clock, so two
 * encodings of the same samples differ: every page of the file at path
 * takes serial instead (its CRC made again), and the same samples give
 * the same bytes. Page by page, in place (the file is still under its
 * temporary name, and keeps its length): a page at most 65,307 bytes is
 * what it holds in memory, whatever the file's length; a last page cut
 * short is left as it is. */
sp_err sp_ogg_fix_serial(const char *path, uint32_t serial, char *why, size_t why_size)
{
  const int fd = open(path, O_RDWR | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    snprintf(why, why_size, "cannot read its Ogg pages again: %s", strerror(errno));
    if (fd >= 0)
      close(fd);
    return SP_ERR_IO;
  }
  const uint64_t n = (uint64_t)st.st_size;
  enum { HEAD = 27, MOST = HEAD + 255 + 255 * 255 }; /* a page's header and its most */
  unsigned char *b = sp_xmalloc(MOST);
  sp_err err = SP_OK;
  for (uint64_t at = 0; err == SP_OK && at + HEAD <= n;) {
    if (!read_at(fd, b, HEAD, at, why, why_size)) {
      err = SP_ERR_IO;
      break;
    }
    if (memcmp(b, "OggS", 4) != 0) {
      snprintf(why, why_size, "its Ogg stream is not made of pages");
      err = SP_ERR_IO;
      break;
    }
    const size_t segs = b[26];
    if (at + HEAD + segs > n)
      break;
    if (!read_at(fd, b + HEAD, segs, at + HEAD, why, why_size)) {
      err = SP_ERR_IO;
      break;
    }
    size_t body = 0;
    for (size_t k = 0; k < segs; k++)
      body += b[HEAD + k];
    const size_t len = HEAD + segs + body;
    if (at + len > n)
      break;
    if (!read_at(fd, b + HEAD + segs, body, at + HEAD + segs, why, why_size)) {
      err = SP_ERR_IO;
      break;
    }
    for (int k = 0; k < 4; k++) {
      b[14 + k] = (unsigned char)(serial >> (8 * k));
      b[22 + k] = 0;
    }
    const uint32_t crc = ogg_crc(b, len);
    for (int k = 0; k < 4; k++)
      b[22 + k] = (unsigned char)(crc >> (8 * k));
    if (pwrite(fd, b + 14, 12, (off_t)(at + 14)) != 12) { /* its serial, sequence and CRC */
      snprintf(why, why_size, "cannot write its Ogg pages again: %s", strerror(errno));
      err = SP_ERR_IO;
    }
    at += len;
  }
  free(b);
  if (close(fd) != 0 && err == SP_OK) {
    snprintf(why, why_size, "cannot write its Ogg pages again: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  return err;
}

bool sp_ogg_vorbis_order(int channels, int at[8])
{
  static const int orders[9][8] = {
      [3] = {0, 2, 1},          [4] = {0, 1, 2, 3},          [5] = {0, 2, 1, 3, 4},
      [6] = {0, 2, 1, 4, 5, 3}, [7] = {0, 2, 1, 5, 6, 4, 3}, [8] = {0, 2, 1, 6, 7, 4, 5, 3}};
  if (channels < 3 || channels > 8)
    return false;
  memcpy(at, orders[channels], sizeof orders[channels]);
  return true;
}

void sp_ogg_from_vorbis_order(int channels, void *buf, size_t size, int64_t frames)
{
  int at[8];
  if (!sp_ogg_vorbis_order(channels, at))
    return;
  const size_t frame = size * (size_t)channels;
  for (int64_t i = 0; i < frames; i++) {
    unsigned char *f = (unsigned char *)buf + (size_t)i * frame, t[8 * sizeof(double)];
    for (int k = 0; k < channels; k++)
      memcpy(t + (size_t)at[k] * size, f + (size_t)k * size, size);
    memcpy(f, t, frame);
  }
}

int sp_ogg_opus_mapping_family(int fd)
{
  unsigned char h[27 + 255 + 19];
  const ssize_t n = pread(fd, h, sizeof h, 0);
  if (n < 27 || memcmp(h, "OggS", 4) != 0)
    return -1;
  const size_t at = 27 + (size_t)h[26];
  if ((size_t)n < at + 19 || memcmp(h + at, "OpusHead", 8) != 0)
    return -1;
  return h[at + 18];
}

/* A second logical stream said: chained (its first page after the
 * stream before ended) or multiplexed (begun while another is open). */
static void more_streams(bool chained, int streams, char *why, size_t why_size)
{
  if (chained)
    snprintf(why, why_size,
             "it is a chained Ogg of %d streams, one after another, and stemprint would read the "
             "first alone; join them into one file first, e.g. ffmpeg -i x.ogg -c:a flac x.flac",
             streams);
  else
    snprintf(why, why_size,
             "it holds %d Ogg streams at once (multiplexed), and stemprint would read the first "
             "alone; give it each stream in a file of its own, e.g. ffmpeg -i x.ogg -map 0:a:0 "
             "-c:a flac x.flac (-map 0:a:1 the second)",
             streams);
}

bool sp_ogg_refused(int fd, uint64_t size, char *why, size_t why_size)
{
  unsigned char h[27 + 255];
  uint64_t at = 0;
  bool eos = false;
  /* the logical streams begun (a page flagged beginning-of-stream each),
   * and how the second began: after the first ended, or beside it */
  int streams = 0, open = 0;
  bool chained = false;
  while (at < size) {
    const size_t head = size - at < 27 ? (size_t)(size - at) : 27;
    if (head < 4 || sp_fs_pread(fd, h, head, at) != head || memcmp(h, "OggS", 4) != 0)
      break; /* not a page (nor its capture pattern whole): the reader's to skip */
    const size_t segs = head == 27 ? h[26] : 0;
    uint64_t body = 0;
    const bool table = head == 27 && sp_fs_pread(fd, h + 27, segs, at + 27) == segs;
    for (size_t k = 0; table && k < segs; k++)
      body += h[27 + k];
    const uint64_t end = at + 27 + segs + body;
    if (!table || end > size) {
      snprintf(why, why_size,
               "it is cut short: its last Ogg page, from byte %llu, %s; copy or export it again",
               (unsigned long long)at,
               table ? "ends past the file's end" : "ends within its own header");
      return true;
    }
    if (h[5] & 0x02) { /* beginning of a stream */
      if (streams == 1)
        chained = open == 0;
      streams++, open++;
    }
    eos = (h[5] & 0x04) != 0;
    open -= eos && open > 0;
    at = end;
  }
  if (streams > 1) {
    more_streams(chained, streams, why, why_size);
    return true;
  }
  if (at == size && at > 0 && !eos) {
    snprintf(why, why_size,
             "it is cut short: its last Ogg page does not end the stream (no end-of-stream flag, "
             "which an encoder sets on a stream's last page); copy or export it again");
    return true;
  }
  return false;
}
