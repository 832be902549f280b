/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Dolby Atmos Master ADM Profile's layout of an ADM BWF's tracks
 * (io/audio/adm_internal.h), by the room-centric bed channels of core/dsp/adm.h (sp_adm_rc): a bed's
 * channels in the profile's order, the model's track each track of the
 * file holds, and where a stereo object's L and R sit. The writer
 * (adm_write.c) writes by these; the reader (adm_read.c) recognises them. */

#include "io/audio/adm_internal.h"

#include <string.h>

/* Bed layout l as the profile's file holds it: its channels in the
 * profile's order (L R C LFE, the surrounds, the rears, the heights: 7.1's
 * sides before its rears, where stemprint's layout, as WAVE's, has the
 * rears first), file track k being the layout's channel chan[k] of role
 * roles[k]. False for a layout the profile has no bed of. */
bool adm_bed_tracks(const sp_layout *l, int *chan, int *roles)
{
  if (!sp_adm_bed_ok(l))
    return false;
  for (int k = 0; k < l->n; k++) {
    chan[k] = k;
    if ((roles[k] = sp_adm_rc_role(l, k)) < 0)
      return false;
  }
  for (int i = 1; i < l->n; i++) /* by rank, a layout's few channels */
    for (int k = i; k > 0 && sp_adm_rc[roles[k - 1]].rank > sp_adm_rc[roles[k]].rank; k--) {
      int t = roles[k];
      roles[k] = roles[k - 1], roles[k - 1] = t;
      t = chan[k];
      chan[k] = chan[k - 1], chan[k - 1] = t;
    }
  return true;
}

/* For each track of the file m is written as, the model's track it holds
 * (the beds' channels in the profile's order, the objects' as they are):
 * of[m->tracks]; the roles of the beds' tracks into roles (may be NULL). */
void adm_file_tracks(const sp_adm *m, int *of, int *roles)
{
  int at = 0;
  for (size_t b = 0; b < m->n_beds; b++) {
    int chan[SP_MAX_CHANNELS], r[SP_MAX_CHANNELS];
    adm_bed_tracks(m->beds[b], chan, r);
    for (int k = 0; k < m->beds[b]->n; k++) {
      of[at + k] = at + chan[k];
      if (roles)
        roles[at + k] = r[k];
    }
    at += m->beds[b]->n;
  }
  for (int k = at; k < m->tracks; k++)
    of[k] = k;
}

/* Point (x, y, z) turned by deg of azimuth (to the left when positive) at
 * its elevation and distance, through BS.2127's polar form: where a stereo
 * object's L and R sit, 30° to either side of the object, and back. */
void adm_turn(double deg, double x, double y, double z, double *ox, double *oy, double *oz)
{
  double az, el, d;
  sp_adm_cart_to_polar(x, y, z, &az, &el, &d);
  sp_adm_polar_to_cart(az + deg, el, d, ox, oy, oz);
}
