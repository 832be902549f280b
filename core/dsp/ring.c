/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixed delays: a circular buffer per channel, swapped with the signal in
 * runs that do not cross the buffer's end. */

#include "core/dsp/ring.h"

#include "core/base/alloc.h"

#include <stdlib.h>
#include <string.h>

void sp_ring_init(sp_ring *r, int channels, size_t len)
{
  memset(r, 0, sizeof *r);
  r->channels = channels;
  r->len = len;
  /* zeroed by writing, not calloc: a delay reads each sample before it
   * writes it, and a read of a fresh calloc page maps the shared zero page,
   * which the write then copies with a TLB flush of every thread (see
   * sp_fft_alloc_real) */
  for (int c = 0; len && c < channels; c++)
    r->buf[c] = memset(sp_xreallocarray(NULL, len, sizeof(float)), 0, len * sizeof(float));
}

void sp_ring_fini(sp_ring *r)
{
  for (int c = 0; c < r->channels; c++)
    free(r->buf[c]);
  memset(r, 0, sizeof *r);
}

void sp_ring_reset(sp_ring *r)
{
  for (int c = 0; r->len && c < r->channels; c++)
    memset(r->buf[c], 0, r->len * sizeof(float));
  r->pos = 0;
}

void sp_ring_process(sp_ring *r, float *const *ch, size_t frames)
{
  if (r->len == 0)
    return;
  size_t pos = r->pos;
  for (size_t i = 0; i < frames;) {
    size_t run = r->len - pos < frames - i ? r->len - pos : frames - i;
    for (int c = 0; c < r->channels; c++) {
      float *x = ch[c] + i, *b = r->buf[c] + pos;
      for (size_t k = 0; k < run; k++) {
        float t = b[k];
        b[k] = x[k];
        x[k] = t;
      }
    }
    i += run;
    pos += run;
    if (pos == r->len)
      pos = 0;
  }
  r->pos = pos;
}
