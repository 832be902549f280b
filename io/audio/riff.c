/* riff.c — see riff.h. */
#include "io/audio/riff.h"

#include "core/base/bytes.h"
#include "io/fs/fs.h"

#include <stdlib.h>

#include <string.h>
#include <unistd.h>

int sp_riff_walk(int fd, unsigned flags, int most, sp_riff_fn fn, void *ctx)
{
  uint8_t h[12];
  if (pread(fd, h, 12, 0) != 12)
    return -1;
  const bool aiff = (flags & SP_RIFF_AIFF) && memcmp(h, "FORM", 4) == 0 &&
                    (memcmp(h + 8, "AIFF", 4) == 0 || memcmp(h + 8, "AIFC", 4) == 0);
  if (!aiff && (memcmp(h + 8, "WAVE", 4) != 0 ||
                (memcmp(h, "RIFF", 4) && memcmp(h, "RF64", 4) && memcmp(h, "BW64", 4))))
    return -1;
  uint64_t at = 12, ds64_riff = 0, ds64_data = 0, ds64_at = 0;
  for (int i = 0; i < most; i++) {
    uint8_t c[8], d[24];
    if (pread(fd, c, 8, (off_t)at) != 8)
      return 0;
    sp_riff_chunk k = {.at = at + 8,
                       .size = aiff ? sp_be32(c + 4) : sp_le32(c + 4),
                       .size_at = at + 4,
                       .size_bytes = 4};
    memcpy(k.id, c, 4);
    const bool data = !aiff && memcmp(c, "data", 4) == 0;
    const bool unknown = data && k.size == 0xFFFFFFFFu;
    /* a ds64 whose RIFF and data sizes are both 0 was left so by a writer
     * that could not go back to it (ffmpeg -rf64 always to a pipe): the
     * data's size is unknown, UINT64_MAX, and written in the ds64 */
    if (unknown && ds64_at)
      k.size = ds64_riff || ds64_data ? ds64_data : UINT64_MAX, k.size_at = ds64_at,
      k.size_bytes = 8;
    if (!aiff && memcmp(c, "ds64", 4) == 0 && k.size >= 24 && pread(fd, d, 24, (off_t)k.at) == 24)
      ds64_riff = sp_le64(d), ds64_data = sp_le64(d + 8), ds64_at = k.at + 8;
    const int r = fn(&k, ctx);
    if (r != 0)
      return r;
    if (unknown && (!ds64_at || k.size == UINT64_MAX))
      return 0;
    at = k.at + k.size + (k.size & 1);
  }
  return 0;
}

/* a chunk's header, then its body and pad byte when it has a body */
static bool put_chunk(FILE *f, const char *id, const void *body, uint64_t n)
{
  uint8_t h[8];
  static const uint8_t pad = 0;
  memcpy(h, id, 4);
  sp_put_le32(h + 4, n > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)n);
  return fwrite(h, 1, 8, f) == 8 && (!body || ((n == 0 || fwrite(body, 1, n, f) == n) &&
                                               (n % 2 == 0 || fwrite(&pad, 1, 1, f) == 1)));
}

bool sp_riff_write_head(FILE *f, const sp_riff_part *c, int n, uint64_t data, uint64_t frames)
{
  uint64_t riff = 4 + (8 + 28) + 8 + data + data % 2;
  for (int i = 0; i < n; i++)
    riff += c[i].id ? 8 + c[i].size + c[i].size % 2 : 0;
  const bool big = riff > 0xFFFFFFFFu - 8;
  uint8_t h[12], ds64[28] = {0};
  memcpy(h, big ? "BW64" : "RIFF", 4);
  sp_put_le32(h + 4, big ? 0xFFFFFFFFu : (uint32_t)riff);
  memcpy(h + 8, "WAVE", 4);
  if (big)
    sp_put_le64(ds64, riff), sp_put_le64(ds64 + 8, data), sp_put_le64(ds64 + 16, frames);
  bool ok = fwrite(h, 1, 12, f) == 12 && put_chunk(f, big ? "ds64" : "JUNK", ds64, 28);
  for (int i = 0; ok && i < n; i++)
    ok = !c[i].id || put_chunk(f, c[i].id, c[i].body, c[i].size);
  return ok && put_chunk(f, "data", NULL, big ? 0xFFFFFFFFu : data);
}

sp_err sp_riff_write_float(const char *path, const float *x, int64_t frames, int channels,
                           int rate, char *why, size_t why_size)
{
  uint8_t fmt[18] = {0}, fact[4];
  sp_put_le16(fmt, 3); /* WAVE_FORMAT_IEEE_FLOAT */
  sp_put_le16(fmt + 2, (unsigned)channels);
  sp_put_le32(fmt + 4, (uint32_t)rate);
  sp_put_le32(fmt + 8, (uint32_t)rate * (uint32_t)channels * 4);
  sp_put_le16(fmt + 12, (unsigned)channels * 4);
  sp_put_le16(fmt + 14, 32);
  sp_put_le32(fact, (uint32_t)frames);
  const sp_riff_part parts[] = {{"fmt ", fmt, sizeof fmt}, {"fact", fact, sizeof fact}};
  const uint64_t n = (uint64_t)frames * (uint64_t)channels, data = 4 * n;
  char *bytes = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&bytes, &size);
  bool ok = f && sp_riff_write_head(f, parts, 2, data, (uint64_t)frames);
  for (uint64_t i = 0; ok && i < n; i++) {
    uint32_t u;
    uint8_t le[4];
    memcpy(&u, &x[i], 4);
    sp_put_le32(le, u);
    ok = fwrite(le, 1, 4, f) == 4;
  }
  if (f && fclose(f) != 0)
    ok = false;
  sp_err err = SP_ERR_IO;
  if (!ok)
    snprintf(why, why_size, "cannot write '%s': out of memory", path);
  else
    err = sp_fs_write_bytes(path, bytes, size, why, why_size);
  free(bytes);
  return err;
}
