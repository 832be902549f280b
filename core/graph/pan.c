/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pan laws (core/graph/pan.h). */

#include "core/graph/pan.h"

#include <math.h>

static void pan_mono_law(double pan, double law_db, double *l, double *r)
{
  double theta = (pan + 1.0) * M_PI / 4.0;
  double cl = cos(theta), cr = sin(theta);
  double ll = (1.0 - pan) / 2.0, lr = (1.0 + pan) / 2.0;
  if (law_db == 0.0) {
    *l = fmin(1.0, 1.0 - pan);
    *r = fmin(1.0, 1.0 + pan);
  } else if (law_db == -6.0) {
    *l = ll;
    *r = lr;
  } else if (law_db == -4.5) {
    *l = sqrt(cl * ll);
    *r = sqrt(cr * lr);
  } else {
    *l = cl;
    *r = cr;
  }
}

void sp_pan_mono(double pan, double law_db, double *left, double *right)
{
  pan_mono_law(pan, law_db, left, right);
  /* cos(π/2) is 6e-17, not 0: a hard-panned source must not leak. */
  if (pan <= -1.0)
    *right = 0.0;
  if (pan >= 1.0)
    *left = 0.0;
}

void sp_pan_balance(double pan, double *left, double *right)
{
  double far = pan == 0.0 ? 1.0 : fabs(pan) >= 1.0 ? 0.0 : cos(fabs(pan) * M_PI / 2.0);
  *left = pan > 0 ? far : 1.0;
  *right = pan < 0 ? far : 1.0;
}

void sp_pan_stereo(double pan, double width, bool quadratic, double law_db, double g[4])
{
  /* Width past 1 − |pan| would put a channel beyond a side: clamped
   * there, as Ardour clamps it. */
  if (quadratic) {
    sp_pan_quadratic_stereo(pan, width, g);
    return;
  }
  double room = 1.0 - fabs(pan);
  if (fabs(width) > room)
    width = width > 0 ? room : -room;
  sp_pan_mono(pan - width, law_db, &g[0], &g[3]);
  sp_pan_mono(pan + width, law_db, &g[2], &g[1]);
}
