/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fold-downs and fold-ups between layouts (core/dsp/fold.h). */

#include "core/dsp/fold.h"

#include <math.h>
#include <string.h>

static double lin(double db) { return isinf(db) && db < 0 ? 0.0 : pow(10.0, db / 20.0); }

static const double HALF_POWER = 0.70710678118654752; /* -3.01 dB */

sp_fold sp_fold_default(void) { return (sp_fold){-3.0, -3.0, -3.0, -INFINITY}; }

/* The side of a channel: +1 left, -1 right, 0 on the middle (front or back). */
static int side(const sp_channel *c)
{
  return c->az > 1e-9 && c->az < 180 - 1e-9 ? 1 : c->az < -1e-9 && c->az > -180 + 1e-9 ? -1 : 0;
}

/* The layer of a channel, as ITU-R BS.2051 groups its speakers: 1 the
 * upper (30° to 55° up: 5.1.4's heights at 30° and 7.1.4's at 45° alike),
 * 0 the middle (the ear level), -1 the bottom. A height folds into a
 * height of another elevation whole: only a fold onto a lower layer is at
 * `height`. */
static int layer(const sp_channel *c)
{
  const double upper_from = 20, bottom_below = -20; /* degrees: between BS.2051's layers */
  return c->el > upper_from ? 1 : c->el < bottom_below ? -1 : 0;
}

/* Into `to`, channel f of `from` (a surround, rear, wide, height, back
 * centre or a name `to` lacks): the nearest channels of `to` on its side
 * in its layer or below, not the LFE, not on the middle; both of two as
 * near at half power each. Adds gain × level into column f of m. */
static void to_nearest(const sp_layout *from, const sp_layout *to, int f, const sp_fold *fd,
                       double gain, double *m)
{
  const sp_channel *x = &from->ch[f];
  const int sx = side(x);
  if (sx == 0) { /* a back centre: to the nearest on each side, half power each, and at
                    `surround` where that is in the front (BS.775's 3/1 into 3/2: 0.707 S in
                    each surround) */
    for (int s = -1; s <= 1; s += 2) {
      int best = -1;
      double bd = 1e9;
      for (int t = 0; t < to->n; t++) {
        const sp_channel *y = &to->ch[t];
        const double d = fabs(fabs(y->az) - 180);
        if (!y->lfe && side(y) == s && layer(y) <= layer(x) && d < bd - 1e-9)
          best = t, bd = d;
      }
      if (best >= 0)
        m[best * from->n + f] +=
            gain * HALF_POWER * (fabs(to->ch[best].az) < 90 - 1e-9 ? lin(fd->surround_db) : 1.0);
    }
    return;
  }
  /* the nearest in azimuth on its side, in its layer if `to` has it there */
  int near[2] = {-1, -1};
  double bd = 1e9;
  int blayer = -2; /* below every layer */
  for (int t = 0; t < to->n; t++) {
    const sp_channel *y = &to->ch[t];
    if (y->lfe || side(y) != sx || layer(y) > layer(x))
      continue;
    const double d = fabs(y->az - x->az);
    const bool higher = layer(y) > blayer, same_layer = layer(y) == blayer;
    if (higher || (same_layer && d < bd - 1e-9)) {
      near[0] = t, near[1] = -1, bd = d, blayer = layer(y);
    } else if (same_layer && fabs(d - bd) <= 1e-9) {
      near[1] = t;
    }
  }
  for (int k = 0; k < 2; k++) {
    if (near[k] < 0)
      continue;
    const sp_channel *y = &to->ch[near[k]];
    double level = 1.0;
    if (layer(y) < layer(x))
      level = lin(fd->height_db);
    else if (fabs(x->el) < 1e-9 && fabs(x->az) >= 90 - 1e-9 && fabs(y->az) < 90 - 1e-9)
      level = lin(fd->surround_db); /* an ear-level surround into the front */
    m[near[k] * from->n + f] += gain * level * (near[1] >= 0 ? HALF_POWER : 1.0);
  }
}

/* m = the matrix from `from` into `to` when `to` is not mono. */
static void fold_into(const sp_layout *from, const sp_layout *to, const sp_fold *fd, double *m)
{
  const int cl = sp_layout_channel(to, "L"), cr = sp_layout_channel(to, "R"),
            cc = sp_layout_channel(to, "C"), clfe = sp_layout_channel(to, "LFE");
  for (int f = 0; f < from->n; f++) {
    const sp_channel *x = &from->ch[f];
    const int same = sp_layout_channel(to, x->name);
    if (same >= 0) {
      m[same * from->n + f] = 1.0;
    } else if (x->lfe) {
      const double g = lin(fd->lfe_db);
      if (g > 0 && clfe < 0 && cc >= 0)
        m[cc * from->n + f] = g;
      else if (g > 0 && clfe < 0 && cl >= 0 && cr >= 0)
        m[cl * from->n + f] = m[cr * from->n + f] = g * HALF_POWER;
    } else if (fabs(x->az) < 1e-9 && fabs(x->el) < 1e-9) { /* a centre, or mono */
      if (cc >= 0) {
        m[cc * from->n + f] = 1.0;
      } else if (cl >= 0 && cr >= 0) {
        const double g = strcmp(x->name, "M") == 0 ? HALF_POWER : lin(fd->centre_db);
        m[cl * from->n + f] = m[cr * from->n + f] = g;
      }
    } else {
      to_nearest(from, to, f, fd, 1.0, m);
    }
  }
}

void sp_fold_matrix(const sp_layout *from, const sp_layout *to, const sp_fold *f, double *m)
{
  memset(m, 0, sizeof *m * (size_t)from->n * (size_t)to->n);
  if (to->n != 1) {
    fold_into(from, to, f, m);
    return;
  }
  if (from->n == 1) {
    m[0] = 1.0;
    return;
  }
  /* into mono: as into stereo, then L and R at half power each */
  const sp_layout *stereo = sp_layout_find("stereo");
  double st[2 * SP_MAX_CHANNELS];
  memset(st, 0, sizeof st);
  fold_into(from, stereo, f, st);
  for (int c = 0; c < from->n; c++)
    m[c] = HALF_POWER * (st[c] + st[from->n + c]);
}

const char *sp_fold_meant(const sp_layout *to, const char *name)
{
  if (sp_layout_channel(to, name) >= 0)
    return NULL;
  const sp_layout *from = NULL;
  int f = -1;
  for (size_t i = 0; sp_layout_at(i) && f < 0; i++)
    if ((f = sp_layout_channel(sp_layout_at(i), name)) >= 0)
      from = sp_layout_at(i);
  if (!from)
    return NULL;
  const sp_fold d = sp_fold_default();
  double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  sp_fold_matrix(from, to, &d, m);
  int whole = -1, fed = 0;
  for (int t = 0; t < to->n; t++)
    if (m[t * from->n + f] != 0) {
      fed++;
      whole = m[t * from->n + f] == 1.0 ? t : whole;
    }
  return fed == 1 && whole >= 0 ? to->ch[whole].name : NULL;
}
