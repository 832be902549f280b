/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's screen edge lock (core/dsp/bs2127/bs2127.h), read against
 * EAR's screen_edge_lock.py and screen_common.py: a position whose
 * coordinate carries screenEdgeLock is moved to that edge of the
 * reproduction screen, BS.2127's default one (EAR's default_screen: its
 * centre straight ahead at distance 1, 58° wide, aspect ratio 1.78).
 *
 *   polar ─ azimuth, elevation, distance ─ az, el locked ─ back
 *   Cartesian ─ section 10's polar form ─ az, el locked ─ compensated
 *             (a layout of U+045: vertical pans stay vertical) ─ back
 *
 * The reproduction screen is the layout's; an audioProgramme's
 * audioProgrammeReferenceScreen is what its screenRef scaling is made for,
 * and does not move a lock (EAR: ScreenEdgeLockHandler takes the layout's
 * screen alone). */

#include "core/dsp/bs2127/bs2127_impl.h"

#include <math.h>
#include <string.h>

/* The default screen's edges as EAR's PolarEdges.from_screen finds them:
 * its half width tan(29°) at distance 1 along X, its half height that
 * over the aspect ratio along Z, the edges' azimuths and elevations seen
 * from the centre of the room. */
static void edges(double *left, double *right, double *top, double *bottom)
{
  const double w = tan(b_rad(58.0 / 2.0)), h = w / 1.78;
  const double l[3] = {-w, 1, 0}, r[3] = {w, 1, 0}, t[3] = {0, 1, h}, b[3] = {0, 1, -h};
  *left = b_azimuth(l);
  *right = b_azimuth(r);
  *top = b_elevation(t);
  *bottom = b_elevation(b);
}

void sp_bs2127_screen_lock(sp_bs2127_edge h, sp_bs2127_edge v, double *az, double *el)
{
  double left, right, top, bottom;
  edges(&left, &right, &top, &bottom);
  if (h == SP_BS2127_EDGE_LEFT)
    *az = left;
  else if (h == SP_BS2127_EDGE_RIGHT)
    *az = right;
  if (v == SP_BS2127_EDGE_TOP)
    *el = top;
  else if (v == SP_BS2127_EDGE_BOTTOM)
    *el = bottom;
}

/* EAR's compensate_position: in a layout with U+045 (4+7+0's heights at
 * 45° of azimuth, not above M+030), an azimuth of the horizontal sector
 * -30° .. 30° widened or narrowed by elevation so that a source moved
 * vertically in allocentric coordinates stays in the plane of its
 * speakers. */
static double compensate(const sp_bs2127 *r, double az, double el)
{
  bool u045 = false;
  for (int c = 0; c < r->n; c++)
    u045 = u045 || strcmp(r->names[c], "U+045") == 0;
  if (!u045)
    return az;
  static const double el_at[3] = {0, 30, 90}, right_at[3] = {30, 30.0 * (30.0 / 45.0), 30};
  const double right_az = b_interp(el, el_at, right_at, 3);
  const double x[4] = {-180, -30, 30, 180}, y[4] = {-180, -right_az, right_az, 180};
  return b_interp(az, x, y, 4);
}

void b_screen_lock(const sp_bs2127 *r, bool cartesian, sp_bs2127_edge h, sp_bs2127_edge v,
                   double pos[3])
{
  if (h == SP_BS2127_EDGE_NONE && v == SP_BS2127_EDGE_NONE)
    return;
  double az, el, d;
  if (cartesian) {
    sp_bs2127_cart_to_polar(pos[0], pos[1], pos[2], &az, &el, &d);
    sp_bs2127_screen_lock(h, v, &az, &el);
    sp_bs2127_polar_to_cart(compensate(r, az, el), el, d, &pos[0], &pos[1], &pos[2]);
  } else {
    az = b_azimuth(pos), el = b_elevation(pos), d = b_norm(pos, 3);
    sp_bs2127_screen_lock(h, v, &az, &el);
    b_cart(az, el, d, pos);
  }
}
