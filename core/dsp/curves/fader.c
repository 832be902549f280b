/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fader law (core/dsp/curves/curve.h): a gain coefficient to a
 * position in 0 .. 1 on a fader and back, the scale a control list's
 * gains and a region's envelope move along (Ardour's gain_to_slider_position,
 * pbd/control_math.h). */

#include "core/dsp/curves/curve.h"

#include "core/dsp/fastmath.h"

#include <math.h>

/* Ardour's law is pow((6·log2(g) + 192) / 198, 8) and back. Written with
 * the table log2 and exp2, square roots and products (each correctly
 * rounded), not libm's pow, exp and log, whose FMA and plain variants may
 * differ in the last bit: the same bits on every CPU, 1e-12 from Ardour's. */
double sp_fader_gain_to_position(double g)
{
  if (g == 0)
    return 0;
  double x = (6.0 * sp_fast_log2(g) + 192.0) / 198.0;
  x *= x;
  x *= x;
  return x * x;
}

double sp_fader_position_to_gain(double pos)
{
  if (pos == 0.0)
    return 0.0;
  return sp_fast_exp2((sqrt(sqrt(sqrt(pos))) * 198.0 - 192.0) / 6.0);
}
