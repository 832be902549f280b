/* riff.c — see riff.h. */
#include "io/audio/riff.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

uint32_t sp_le32(const uint8_t *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t sp_le64(const uint8_t *p) { return sp_le32(p) | (uint64_t)sp_le32(p + 4) << 32; }

uint32_t sp_be32(const uint8_t *p)
{
  return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

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
  uint64_t at = 12, ds64_data = 0;
  for (int i = 0; i < most; i++) {
    uint8_t c[8], d[24];
    if (pread(fd, c, 8, (off_t)at) != 8)
      return 0;
    sp_riff_chunk k = {.at = at + 8, .size = aiff ? sp_be32(c + 4) : sp_le32(c + 4)};
    memcpy(k.id, c, 4);
    const bool data = !aiff && memcmp(c, "data", 4) == 0;
    if (data && k.size == 0xFFFFFFFFu && ds64_data)
      k.size = ds64_data;
    if (!aiff && memcmp(c, "ds64", 4) == 0 && k.size >= 24 &&
        pread(fd, d, 24, (off_t)k.at) == 24)
      ds64_data = sp_le64(d + 8);
    const int r = fn(&k, ctx);
    if (r != 0)
      return r;
    if (data && k.size == 0xFFFFFFFFu)
      return 0;
    at = k.at + k.size + (k.size & 1);
  }
  return 0;
}
