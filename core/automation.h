/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUTOMATION_H
#define SP_AUTOMATION_H

/* A value that may move over the timeline: a constant, or a list of
 * [time, value] breakpoints. Between breakpoints levels ramp linearly in dB
 * and pans linearly; before the first and after the last the value holds.
 * Evaluated for every sample, so a move is a smooth ramp, never a step per
 * block (no zipper noise). Two breakpoints at the same time make a jump. */

#include "base/units.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_auto_point {
  sp_time t;
  double v;
} sp_auto_point;

typedef struct sp_auto {
  double value;          /* the constant, or the first breakpoint's value */
  sp_auto_point *points; /* NULL when constant */
  size_t n;
} sp_auto;

static inline bool sp_auto_is_constant(const sp_auto *a) { return a->n == 0; }

/* Linear gains of a level in dB for frames t0 .. t0 + n − 1 at rate
 * (-inf dB is silence; a ramp towards -inf dB passes -200 dB). */
void sp_auto_fill_gain(const sp_auto *a, double rate, int64_t t0, size_t n, float *out);
/* Values of a linear parameter (pan) for the same frames. */
void sp_auto_fill_linear(const sp_auto *a, double rate, int64_t t0, size_t n, float *out);

/* The largest value the parameter takes anywhere (for checks). */
double sp_auto_max(const sp_auto *a);

void sp_auto_free(sp_auto *a);

#endif
