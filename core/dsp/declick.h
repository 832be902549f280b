/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DSP_DECLICK_H
#define SP_DSP_DECLICK_H

/* A gain that steps to a new target at given frames and reaches each
 * through Ardour's declick (Amp::apply_gain, core/dsp/declick.c): what
 * Ardour's delivery does with a mute, its polarity processor with a flip,
 * and its fader with a level set at a cycle's start (a VCA's automation).
 * It runs in Ardour's 1024-frame cycles from frame 0 (where the state
 * becomes a float, or its target once within 1e-5); the gains are made
 * once, step by step, so a frame's gain is the same whatever block it
 * falls in. */

#include <stddef.h>
#include <stdint.h>

typedef struct sp_declick {
  size_t n;      /* the target's changes */
  int64_t *at;   /* [n]: the frame each takes effect */
  float *target; /* [n] */
  float **curve; /* [n]: the gains from at[i] on while they move */
  size_t *len;   /* [n]: how many */
  float before;  /* the gain before the first change */
} sp_declick;

/* The gains of n steps at rate: target[i] from frame at[i] on (frames in
 * order), target[0] also before at[0]; a step to the target already held
 * is no change. n 0: a constant 1. Free with sp_declick_fini. */
void sp_declick_init(sp_declick *d, const int64_t *at, const float *target, size_t n, double rate);
void sp_declick_fini(sp_declick *d);
/* The gains of frames t0 .. t0 + n − 1 into out. */
void sp_declick_fill(const sp_declick *d, int64_t t0, size_t n, float *out);

#endif
