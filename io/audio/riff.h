/* riff.h — the one walk over a RIFF, RF64 or BW64 WAVE's chunks (and, when
 * asked, an AIFF's), read with pread on a shared descriptor. */
#pragma once

#include <stdint.h>

typedef struct {
  char id[4];
  uint64_t at;   /* where its body starts */
  uint64_t size; /* its body's size: a data chunk's from ds64 when it says 0xFFFFFFFF */
} sp_riff_chunk;

/* 0 to go on, anything else to stop the walk with that value */
typedef int (*sp_riff_fn)(const sp_riff_chunk *c, void *ctx);

enum { SP_RIFF_AIFF = 1 }; /* FORM AIFF/AIFC too, its sizes big-endian */

/* Calls fn on each of the first `most` chunks after the 12-byte header,
 * skipping odd sizes' pad byte, until a chunk's header cannot be read or a
 * data chunk of unknown size (0xFFFFFFFF with no ds64) has been seen.
 * -1 when the file is not such a file, else fn's value that stopped it, or 0. */
int sp_riff_walk(int fd, unsigned flags, int most, sp_riff_fn fn, void *ctx);

uint32_t sp_le32(const uint8_t *p);
uint64_t sp_le64(const uint8_t *p);
uint32_t sp_be32(const uint8_t *p);
