/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DYNAMICS_H
#define SP_DYNAMICS_H

/* Small helpers shared by the dynamics processors. */

#include "core/dsp/fastmath.h"

#include <math.h>
#include <stddef.h>

/* One-pole smoothing coefficient for a time constant in seconds (0: none). */
static inline double sp_dyn_coef(double tau_s, double rate)
{
  return tau_s > 0 ? exp(-1.0 / (tau_s * rate)) : 0.0;
}

/* dB → linear for gains, per sample. Within 2.5e-7 dB of 0 the gain rounds
 * to exactly 1.0f anyway (it is within 2.9e-8 of 1, closer than half the
 * float spacing either side), so no exponential is needed there. */
static inline float sp_dyn_lin(double db)
{
  float g = (float)sp_fast_undb(db); /* computed either way: a select, not a branch */
  return fabs(db) < 2.5e-7 ? 1.0f : g;
}

/* The detector level of frame i, linked over channels: the larger magnitude. */
static inline double sp_dyn_peak(const float *const *x, int channels, size_t i)
{
  double m = fabs(x[0][i]);
  if (channels > 1 && fabs(x[1][i]) > m)
    m = fabs(x[1][i]);
  return m;
}

/* The same over the channels a detector hears (sp_proc_env.detect; 0:
 * every one). */
static inline double sp_dyn_peak_of(const float *const *x, int channels, unsigned detect, size_t i)
{
  if (channels <= 2 && !detect)
    return sp_dyn_peak(x, channels, i);
  double m = 0;
  for (int c = 0; c < channels; c++)
    if ((!detect || (detect >> c & 1u)) && fabs(x[c][i]) > m)
      m = fabs(x[c][i]);
  return m;
}

#endif
