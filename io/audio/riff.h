/* riff.h — the one walk over a RIFF, RF64 or BW64 WAVE's chunks (and, when
 * asked, an AIFF's), read with pread on a shared descriptor. */
#pragma once
#include "core/base/diag.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  char id[4];
  uint64_t at;   /* where its body starts */
  /* its body's size: a data chunk's from ds64 when it says 0xFFFFFFFF;
   * UINT64_MAX where the ds64 says none (its sizes 0: its writer never
   * went back to it), the data running to the file's end */
  uint64_t size;
  /* where that size is written, and its bytes (4 in its header, or 8: the ds64's) */
  uint64_t size_at;
  int size_bytes;
} sp_riff_chunk;

/* 0 to go on, anything else to stop the walk with that value */
typedef int (*sp_riff_fn)(const sp_riff_chunk *c, void *ctx);

enum { SP_RIFF_AIFF = 1 }; /* FORM AIFF/AIFC too, its sizes big-endian */

/* Calls fn on each of the first `most` chunks after the 12-byte header,
 * skipping odd sizes' pad byte, until a chunk's header cannot be read or a
 * data chunk of unknown size (0xFFFFFFFF with no ds64, or UINT64_MAX:
 * see size) has been seen.
 * -1 when the file is not such a file, else fn's value that stopped it, or 0. */
int sp_riff_walk(int fd, unsigned flags, int most, sp_riff_fn fn, void *ctx);

typedef struct {
  const char *id;
  const void *body;
  uint64_t size;
} sp_riff_part;

/* A WAVE's head: RIFF, or BW64 with a ds64 when its sizes need 64 bits
 * (else a JUNK where the ds64 would go, BS.2088's advice), the n chunks
 * (those with an id), each padded, and the header of a data chunk of `data` bytes, `frames`
 * frames, which the caller writes, then its pad byte. */
bool sp_riff_write_head(FILE *f, const sp_riff_part *c, int n, uint64_t data, uint64_t frames);
/* A 32-bit float WAVE of frames interleaved frames written to path as a
 * whole, through io/fs (sp_fs_write_bytes: "-" is standard output; a file
 * is written under a temporary name and renamed into place). */
sp_err sp_riff_write_float(const char *path, const float *x, int64_t frames, int channels,
                           int rate, char *why, size_t why_size);
