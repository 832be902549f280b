/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fast fade shape: a -60 dB exponential in equal dB steps, a fade-in
 * its fade-out mirrored (FadeFast in Ardour 7.3). */

#include "core/dsp/curves/curve.h"

void sp_curve_fade_fast(sp_curve_points *p, bool in, int64_t len)
{
  sp_curve_db_fade(p, len, -60);
  if (in)
    sp_curve_points_reverse(p);
}
