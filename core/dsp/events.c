/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timed MIDI messages on the timeline (core/dsp/events.h). */

#include "core/dsp/events.h"

#include <stdlib.h>

size_t sp_events_from(const sp_events *e, int64_t t)
{
  size_t lo = 0, hi = e ? e->n : 0;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (e->v[mid].frame < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

void sp_events_free(sp_events *e)
{
  if (!e)
    return;
  free(e->v);
  e->v = NULL;
  e->n = 0;
}
