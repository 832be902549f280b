/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quadratic pan law (`pan_law: ardour`, core/dsp/curves/curve.h): a
 * -3 dB law drawn as a parabola and computed in float, for a mono source
 * (Ardour's Panner1in2out), a stereo one by balance (Pannerbalance) and a
 * stereo one with a width (Panner2in2out). */

#include "core/dsp/curves/curve.h"

#include <math.h>

void sp_pan_quadratic(double pan, double *left, double *right)
{
  float const scale = 2.0f - 4.0f * powf(10.0f, -3.0f / 20.0f);
  float panR = (float)((pan + 1.0) / 2.0);
  float panL = 1 - panR;
  *left = panL * (scale * panL + 1.0f - scale);
  *right = panR * (scale * panR + 1.0f - scale);
}

void sp_pan_balance_linear(double pan, double *left, double *right)
{
  /* Pannerbalance::update: its azimuth a float, the gains 2 − 2a and 2a
   * in double, kept in float. */
  float az = (float)((pan + 1.0) / 2.0);
  *left = az > 0.5f ? (float)(2 - 2. * az) : 1.0f;
  *right = az < 0.5f ? (float)(2. * az) : 1.0f;
}

/* Ardour's Panner2in2out law for one channel at lr_fract p, in float with
 * its constant (panner_2in2out.cc). */
static void quadratic_2in2out(float p, double *left, double *right)
{
  const float scale = -0.831783138f;
  float panR = p, panL = 1 - p;
  *left = panL * (scale * panL + 1.0f - scale);
  *right = panR * (scale * panR + 1.0f - scale);
}

void sp_pan_quadratic_stereo(double pan, double width, double g[4])
{
  /* Panner2in2out::update, in its units: azimuth 0 .. 1, each channel
   * at azimuth ∓ width/2 in double, kept in float; a width past the
   * room either side clamped there. */
  double az = (pan + 1.0) / 2.0;
  double room = fmin(az, 1 - az) * 2;
  if (fabs(width) > room)
    width = width > 0 ? room : -room;
  quadratic_2in2out((float)(az - width / 2.0), &g[0], &g[3]);
  quadratic_2in2out((float)(az + width / 2.0), &g[2], &g[1]);
}
