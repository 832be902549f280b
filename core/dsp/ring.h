/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RING_H
#define SP_RING_H

/* A fixed delay of `len` frames on up to SP_MAX_CHANNELS planar channels,
 * in place: what latency compensation and linked processors' lookahead
 * need. */

#include "core/base/layout.h"

#include <stddef.h>

typedef struct sp_ring {
  float *buf[SP_MAX_CHANNELS];
  size_t len, pos;
  int channels;
} sp_ring;

/* len 0 makes a ring that does nothing. */
void sp_ring_init(sp_ring *r, int channels, size_t len);
void sp_ring_fini(sp_ring *r);
void sp_ring_reset(sp_ring *r);
/* ch[c][i] becomes the input of len frames before. */
void sp_ring_process(sp_ring *r, float *const *ch, size_t frames);

#endif
