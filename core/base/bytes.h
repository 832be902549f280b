/* bytes.h — integers read from and written into file bytes: little-endian
 * (RIFF, WAVE, SoundFont) and big-endian (AIFF, MIDI); a UTF-8 sequence's
 * length (the reports' JSON and XML hold valid UTF-8 only), a string cut
 * between characters; a path's last
 * component; qsort's order of strings and of doubles; the monotonic
 * clock. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* Seconds on the monotonic clock: for durations (a render's, a deadline). */
static inline double sp_now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What follows path's last '/' (all of path when it has none). */
static inline const char *sp_base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* qsort's comparison of two char * elements, bytewise. */
static inline int sp_cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* qsort's comparison of two doubles, ascending (not NaN). */
static inline int sp_cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* clang-format off */
static inline unsigned sp_le16(const uint8_t *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static inline uint32_t sp_le32(const uint8_t *p) { return sp_le16(p) | (uint32_t)sp_le16(p + 2) << 16; }
static inline uint64_t sp_le64(const uint8_t *p) { return sp_le32(p) | (uint64_t)sp_le32(p + 4) << 32; }
static inline unsigned sp_be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }
static inline uint32_t sp_be32(const uint8_t *p) { return (uint32_t)sp_be16(p) << 16 | sp_be16(p + 2); }
static inline void sp_put_le16(uint8_t *p, unsigned v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void sp_put_le32(uint8_t *p, uint32_t v) { sp_put_le16(p, v & 0xFFFFu), sp_put_le16(p + 2, v >> 16); }
static inline void sp_put_le64(uint8_t *p, uint64_t v) { sp_put_le32(p, (uint32_t)v), sp_put_le32(p + 4, (uint32_t)(v >> 32)); }
/* clang-format on */

/* The length of the UTF-8 sequence at s (1 .. 4; s NUL-terminated), 0 when
 * it is not one: a stray byte, an overlong form, a surrogate, beyond
 * U+10FFFF. */
static inline size_t sp_utf8_at(const unsigned char *s)
{
  if (s[0] < 0x80)
    return 1;
  size_t n = s[0] >= 0xc2 && s[0] <= 0xdf   ? 2
             : s[0] >= 0xe0 && s[0] <= 0xef ? 3
             : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                            : 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
      (n == 4 && s[0] == 0xf0 && s[1] < 0x90) || (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
    return 0;
  return n;
}

/* s (NUL-terminated UTF-8, cut to a buffer's size) without the sequence
 * its end cuts short, if any: the cut moved back between two characters. */
static inline void sp_utf8_cut(char *s)
{
  const size_t n = strlen(s);
  size_t i = n;
  while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
    i--;
  if (i == 0)
    return;
  const unsigned char c = (unsigned char)s[i - 1];
  const size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  if (want > n - (i - 1))
    s[i - 1] = '\0';
}

/* The code point of the UTF-8 sequence of n bytes at s (n from
 * sp_utf8_at, not 0). */
static inline uint32_t sp_utf8_point(const unsigned char *s, size_t n)
{
  static const unsigned char lead_bits[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t c = s[0] & lead_bits[n];
  for (size_t i = 1; i < n; i++)
    c = c << 6 | (s[i] & 0x3fu);
  return c;
}
