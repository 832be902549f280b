/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Breakpoint automation, evaluated per sample. For a block the breakpoint
 * segment is found once and stepped along; values are computed in double
 * from the frame index (not accumulated), so the result for a frame does not
 * depend on the block it falls in. Levels become gains through the
 * dynamics' table exp2 (1e-12 relative, a tenth of libm's pow's cost). */

#include "core/automation.h"

#include "dsp/fastmath.h"

#include <math.h>
#include <stdlib.h>

/* -inf dB cannot be interpolated in dB; ramps towards it pass this floor. */
#define FLOOR_DB -200.0

static double frame_of(const sp_auto_point *p, double rate)
{
  return sp_time_frames_exact(p->t, rate);
}

static void fill(const sp_auto *a, double rate, int64_t t0, size_t n, float *out, bool db)
{
  if (a->n == 0) {
    float v = db ? (float)sp_db_to_lin(a->value) : (float)a->value;
    for (size_t i = 0; i < n; i++)
      out[i] = v;
    return;
  }
  size_t k = 0; /* the first breakpoint after the frame */
  for (size_t i = 0; i < n; i++) {
    double t = (double)(t0 + (int64_t)i);
    while (k < a->n && frame_of(&a->points[k], rate) <= t)
      k++;
    double v;
    bool silent = false;
    if (k == 0 || k == a->n) {
      v = a->points[k == 0 ? 0 : a->n - 1].v;
      silent = db && isinf(v);
    } else {
      const sp_auto_point *p = &a->points[k - 1], *q = &a->points[k];
      double t1 = frame_of(p, rate), t2 = frame_of(q, rate);
      double v1 = p->v, v2 = q->v;
      if (db) {
        silent = isinf(v1) && isinf(v2);
        v1 = isinf(v1) ? FLOOR_DB : v1;
        v2 = isinf(v2) ? FLOOR_DB : v2;
      }
      v = v1 + (v2 - v1) * (t - t1) / (t2 - t1);
    }
    out[i] = silent ? 0.0f : db ? (float)sp_fast_undb(v) : (float)v;
  }
}

void sp_auto_fill_gain(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  fill(a, rate, t0, n, out, true);
}

void sp_auto_fill_linear(const sp_auto *a, double rate, int64_t t0, size_t n, float *out)
{
  fill(a, rate, t0, n, out, false);
}

double sp_auto_max(const sp_auto *a)
{
  double m = a->value;
  for (size_t i = 0; i < a->n; i++)
    if (a->points[i].v > m)
      m = a->points[i].v;
  return m;
}

void sp_auto_free(sp_auto *a)
{
  free(a->points);
  a->points = NULL;
  a->n = 0;
}
