/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BS.2127's renderer (core/dsp/bs2127/bs2127.h) against the EBU ADM
 * Renderer, its reference implementation: tests/bs2127_tables.h holds
 * EAR's gains for objects (polar and Cartesian points, extents,
 * divergence, channel lock, gain, diffuse) and bed channels (by label, by
 * the profile's Cartesian positions, by common definitions) into every
 * layout the renderer takes, made by bench/adm/ear_tables.py; each is held
 * to 1e-5 here. And facts worked by hand: a source at a speaker plays from
 * it alone, every gain vector has unit power, the profile's 5.1 RC_Ls goes
 * to L and Ls by the allocentric panner's cosine law, and the ramp of an
 * interpolationLength of 0.005208 s at 48 kHz spans 249.984 frames. */

#include "core/dsp/adm.h"
#include "core/dsp/bs2127/bs2127.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

TestSuite(bs2127, .timeout = TU_TIMEOUT(60));

typedef struct ear_row {
  const char *layout;
  int kind, cart;
  double a, b, c, w, h, d, div, divr;
  int lock;
  double lockd, gain, diffuse;
  const char *label;
  int lfe;
  const char *pack;
  int zone;
  double zmin[3], zmax[3];
  double direct[SP_MAX_CHANNELS], diffuse_g[SP_MAX_CHANNELS];
} ear_row;

typedef struct ear_ramp {
  double start_s, length_s;
  int rate;
  int64_t first, last;
  double p_first;
  int64_t mid;
  double p_mid, p_last;
} ear_ramp;

#include "bs2127_tables.h"

typedef struct ear_edge_row {
  const char *layout;
  int kind, cart;
  double a, b, c, w;
  const char *label;
  int edge_h, edge_v;
  double az_min, az_max;
  double direct[SP_MAX_CHANNELS];
} ear_edge_row;

#include "bs2127_edges.h"

static const sp_layout *L(const char *name)
{
  const sp_layout *l = sp_layout_find(name);
  cr_assert_not_null(l, "%s", name);
  return l;
}

static void row_gains(const sp_bs2127 *r, int n, const ear_row *e, double *direct, double *diffuse)
{
  if (e->kind == 1) {
    const sp_bs2127_speaker s = {e->label, e->cart, e->a,    e->b,  e->c, e->a, e->b, e->c,
                                 e->lfe,   e->pack, e->gain, false, {0},  {0},  0,    0};
    sp_bs2127_speaker_gains(r, &s, direct);
    for (int c = 0; c < n; c++)
      diffuse[c] = 0;
    return;
  }
  sp_bs2127_object o = sp_bs2127_object_default();
  o.cartesian = e->cart;
  o.az = o.x = e->a;
  o.el = o.y = e->b;
  o.dist = o.z = e->c;
  o.width = e->w;
  o.height = e->h;
  o.depth = e->d;
  o.divergence = e->div;
  o.div_range = e->divr;
  o.lock = e->lock;
  o.lock_max = e->lockd;
  o.gain = e->gain;
  o.diffuse = e->diffuse;
  sp_bs2127_zone z = {
      e->zone == 1, {e->zmin[0], e->zmin[1], e->zmin[2]}, {e->zmax[0], e->zmax[1], e->zmax[2]}};
  if (e->zone) {
    o.zones = &z;
    o.n_zones = 1;
  }
  sp_bs2127_object_gains(r, &o, direct, diffuse);
}

Test(bs2127, every_layouts_gains_are_the_ears_within_1e_5)
{
  static const char *const layouts[] = {"stereo", "5.1",   "5.1.2", "5.1.4",
                                        "7.1",    "7.1.2", "7.1.4", "9.1.6"};
  const size_t rows = sizeof ear_rows / sizeof ear_rows[0];
  for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
    const sp_layout *l = L(layouts[k]);
    sp_bs2127 *r = sp_bs2127_new(l);
    cr_assert_not_null(r, "%s", l->name);
    double worst = 0;
    int count = 0;
    for (size_t i = 0; i < rows; i++) {
      const ear_row *e = &ear_rows[i];
      if (strcmp(e->layout, l->name) != 0)
        continue;
      double direct[SP_MAX_CHANNELS], diffuse[SP_MAX_CHANNELS];
      row_gains(r, l->n, e, direct, diffuse);
      count++;
      for (int c = 0; c < l->n; c++) {
        const double err = fmax(fabs(direct[c] - e->direct[c]), fabs(diffuse[c] - e->diffuse_g[c]));
        worst = fmax(worst, err);
        cr_expect(err < 1e-5,
                  "%s row %zu (%s %s %g %g %g w%g h%g d%g div%g lock%d %s): %s %.9f, EAR %.9f",
                  l->name, i, e->kind ? "bed" : "object", e->cart ? "cart" : "polar", e->a, e->b,
                  e->c, e->w, e->h, e->d, e->div, e->lock, e->label ? e->label : "", l->ch[c].name,
                  direct[c], e->direct[c]);
      }
    }
    cr_expect(count > 100, "%s: %d rows", l->name, count);
    cr_log_info("%s: %d blocks, worst |gain - EAR's| %.3g", l->name, count, worst);
    sp_bs2127_free(r);
  }
}

/* screenEdgeLock (issue 87): objects polar and Cartesian (a point, an
 * extent; into 7.1.4 and 9.1.6 a Cartesian one's azimuth compensated for
 * U+045) and bed channels polar and Cartesian (one bounded in azimuth to
 * -40° .. 40°, its lock taking it from C to R; one of label M+030, which
 * its label places whatever its lock) at the default screen's edges:
 * EAR's gains (tests/bs2127_edges.h) within 1e-5 into every layout. */
Test(bs2127, screen_edge_lock_gains_are_the_ears_within_1e_5)
{
  const size_t rows = sizeof ear_edge_rows / sizeof ear_edge_rows[0];
  size_t moved = 0;
  for (size_t i = 0; i < rows; i++) {
    const ear_edge_row *e = &ear_edge_rows[i];
    const sp_layout *l = L(e->layout);
    sp_bs2127 *r = sp_bs2127_new(l);
    double g[SP_MAX_CHANNELS], unlocked[SP_MAX_CHANNELS];
    for (int pass = 0; pass < 2; pass++) {
      const sp_bs2127_edge h = pass ? (sp_bs2127_edge)e->edge_h : SP_BS2127_EDGE_NONE;
      const sp_bs2127_edge v = pass ? (sp_bs2127_edge)e->edge_v : SP_BS2127_EDGE_NONE;
      double *out = pass ? g : unlocked;
      if (e->kind == 1) {
        const sp_bs2127_speaker s = {.label = e->label,
                                     .cartesian = e->cart,
                                     .az = e->a,
                                     .el = e->b,
                                     .dist = e->c,
                                     .x = e->a,
                                     .y = e->b,
                                     .z = e->c,
                                     .gain = 1,
                                     .bounded = !isnan(e->az_min),
                                     .lo = {e->az_min, NAN, NAN},
                                     .hi = {e->az_max, NAN, NAN},
                                     .edge_h = h,
                                     .edge_v = v};
        sp_bs2127_speaker_gains(r, &s, out);
      } else {
        sp_bs2127_object o = sp_bs2127_object_default();
        o.cartesian = e->cart;
        o.az = o.x = e->a;
        o.el = o.y = e->b;
        o.dist = o.z = e->c;
        o.width = e->w;
        o.edge_h = h, o.edge_v = v;
        sp_bs2127_object_gains(r, &o, out, NULL);
      }
    }
    double diff = 0;
    for (int c = 0; c < l->n; c++) {
      diff = fmax(diff, fabs(g[c] - unlocked[c]));
      cr_expect(fabs(g[c] - e->direct[c]) < 1e-5,
                "%s row %zu (%s %s %g %g %g w%g, lock %d %d): %s %.9f, EAR %.9f", l->name, i,
                e->kind ? "bed" : "object", e->cart ? "cart" : "polar", e->a, e->b, e->c, e->w,
                e->edge_h, e->edge_v, l->ch[c].name, g[c], e->direct[c]);
    }
    moved += diff > 1e-3;
    sp_bs2127_free(r);
  }
  /* the lock moves most of them (not the bed channel its label places,
   * nor what a layout's speakers take whole either way) */
  cr_expect(moved > rows * 3 / 4, "%zu of %zu rows moved by their lock", moved, rows);
}

/* The default screen's edges as EAR's PolarEdges finds them: ±29° of
 * azimuth, ±17.297° of elevation (atan(tan 29° / 1.78)); a lock leaves
 * the other coordinate as it is. */
Test(bs2127, the_default_screens_edges_are_29_and_17_3_degrees)
{
  double az = 10, el = 5;
  sp_bs2127_screen_lock(SP_BS2127_EDGE_LEFT, SP_BS2127_EDGE_NONE, &az, &el);
  cr_expect(fabs(az - 29) < 1e-12 && el == 5, "%.15g %.15g", az, el);
  sp_bs2127_screen_lock(SP_BS2127_EDGE_RIGHT, SP_BS2127_EDGE_BOTTOM, &az, &el);
  const double top = atan(tan(29 * M_PI / 180) / 1.78) * 180 / M_PI;
  cr_expect(fabs(az + 29) < 1e-12 && fabs(el + top) < 1e-12 && fabs(top - 17.29708889) < 1e-8,
            "%.15g %.15g", az, el);
  sp_bs2127_screen_lock(SP_BS2127_EDGE_NONE, SP_BS2127_EDGE_TOP, &az, &el);
  cr_expect(fabs(az + 29) < 1e-12 && fabs(el - top) < 1e-12);
}

Test(bs2127, a_source_at_a_speaker_plays_from_it_alone_at_unit_power)
{
  static const char *const layouts[] = {"5.1", "5.1.4", "7.1", "7.1.4", "9.1.6"};
  for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
    const sp_layout *l = L(layouts[k]);
    sp_bs2127 *r = sp_bs2127_new(l);
    for (int c = 0; c < l->n; c++) {
      if (l->ch[c].lfe)
        continue;
      /* BS.2051's nominal positions, by name: "U+045" is 45° round, 30° up */
      const char *name = sp_bs2127_channel_name(r, c);
      sp_bs2127_object o = sp_bs2127_object_default();
      o.az = atof(name + 1);
      o.el = name[0] == 'U' ? 30 : 0;
      double g[SP_MAX_CHANNELS];
      sp_bs2127_object_gains(r, &o, g, NULL);
      for (int d = 0; d < l->n; d++)
        cr_expect(fabs(g[d] - (d == c ? 1.0 : 0.0)) < 1e-9, "%s: at %s, %s gets %.12f", l->name,
                  name, l->ch[d].name, g[d]);
    }
    sp_bs2127_free(r);
  }
}

Test(bs2127, gains_have_unit_power_everywhere)
{
  const sp_layout *l = L("7.1.4");
  sp_bs2127 *r = sp_bs2127_new(l);
  for (int az = -180; az < 180; az += 7)
    for (int el = -90; el <= 90; el += 11) {
      sp_bs2127_object o = sp_bs2127_object_default();
      o.az = az;
      o.el = el;
      double g[SP_MAX_CHANNELS], p = 0;
      sp_bs2127_object_gains(r, &o, g, NULL);
      for (int c = 0; c < l->n; c++)
        p += g[c] * g[c];
      cr_expect(fabs(p - 1) < 1e-9, "(%d, %d): power %.12f", az, el, p);
    }
  sp_bs2127_free(r);
}

Test(bs2127, the_profiles_5_1_ls_goes_to_l_and_ls_by_the_cosine_law)
{
  /* RC_Ls at Y = -tan 20°: between Ls (Y -1) and L (Y 1) at (Y + 1) / 2 of
   * the way, its gains the cosine and sine of that times 90° */
  const sp_layout *l = L("5.1");
  sp_bs2127 *r = sp_bs2127_new(l);
  const double y = -0.36397;
  const sp_bs2127_speaker s = {"RC_Ls", true, 0, 0,     0,   -1,  y, 0,
                               false,   NULL, 1, false, {0}, {0}, 0, 0};
  double g[SP_MAX_CHANNELS];
  sp_bs2127_speaker_gains(r, &s, g);
  const double a = (y + 1) / 2 * M_PI / 2;
  cr_expect(fabs(g[4] - cos(a)) < 1e-12 && fabs(g[0] - sin(a)) < 1e-12, "Ls %.6f L %.6f", g[4],
            g[0]);
  cr_expect(fabs(g[4] - 0.878) < 5e-4 && fabs(g[0] - 0.479) < 5e-4);
  sp_bs2127_free(r);
}

Test(bs2127, an_object_up_left_goes_to_the_heights_as_the_ear_puts_it)
{
  /* issue 64's example: an object at (45°, 45°) written as the profile
   * writes it (Cartesian, BS.2127 section 10) into 7.1.4: Ltf .872, Rtf
   * .232, Ltr .417, Rtr .111 (EAR), where VBAP gives Ltf 1 */
  const sp_layout *l = L("7.1.4");
  sp_bs2127 *r = sp_bs2127_new(l);
  sp_bs2127_object o = sp_bs2127_object_default();
  o.cartesian = true;
  sp_adm_polar_to_cart(45, 45, 1, &o.x, &o.y, &o.z);
  double g[SP_MAX_CHANNELS];
  sp_bs2127_object_gains(r, &o, g, NULL);
  const double want[4] = {.872, .232, .417, .111};
  for (int k = 0; k < 4; k++)
    cr_expect(fabs(g[8 + k] - want[k]) < 5e-4, "%s %.4f, EAR %.3f", l->ch[8 + k].name, g[8 + k],
              want[k]);
  for (int c = 0; c < 8; c++)
    cr_expect(g[c] == 0, "%s %.6f", l->ch[c].name, g[c]);
  sp_bs2127_free(r);
}

Test(bs2127, layouts_without_an_lfe_are_theirs_with_one_less_the_lfe)
{
  /* BS.2127 pans over the speakers but the LFE, so 5.0 and 7.0 (which EAR
   * has no names for) take 5.1's and 7.1's gains, the LFE's dropped */
  const char *const pairs[2][2] = {{"5.0", "5.1"}, {"7.0", "7.1"}};
  for (int k = 0; k < 2; k++) {
    const sp_layout *a = L(pairs[k][0]), *b = L(pairs[k][1]);
    sp_bs2127 *ra = sp_bs2127_new(a), *rb = sp_bs2127_new(b);
    cr_assert(ra && rb);
    for (int az = -180; az < 180; az += 23) {
      sp_bs2127_object o = sp_bs2127_object_default();
      o.az = az;
      o.el = az / 9.0;
      o.width = az > 0 ? 40 : 0;
      double ga[SP_MAX_CHANNELS], gb[SP_MAX_CHANNELS];
      sp_bs2127_object_gains(ra, &o, ga, NULL);
      sp_bs2127_object_gains(rb, &o, gb, NULL);
      for (int c = 0, d = 0; c < b->n; c++) {
        if (b->ch[c].lfe)
          continue;
        cr_expect(fabs(ga[d] - gb[c]) < 1e-12, "%s at %d: %s %.9f, %s's %.9f", a->name, az,
                  a->ch[d].name, ga[d], b->name, gb[c]);
        d++;
      }
    }
    sp_bs2127_free(ra);
    sp_bs2127_free(rb);
  }
}

Test(bs2127, values_no_file_should_hold_give_silence_not_a_hang)
{
  /* a file's numbers are anything: infinite or NaN positions, extents and
   * zones give finite gains (0 where nothing is meant) and return */
  const sp_layout *l = L("7.1.4");
  sp_bs2127 *r = sp_bs2127_new(l);
  const double bad[3] = {INFINITY, -INFINITY, NAN};
  for (int k = 0; k < 3; k++) {
    double g[SP_MAX_CHANNELS];
    sp_bs2127_object o = sp_bs2127_object_default();
    o.az = bad[k];
    o.width = bad[(k + 1) % 3];
    const sp_bs2127_zone z = {false, {bad[k], 0, 0}, {bad[(k + 2) % 3], 90, 0}};
    o.zones = &z;
    o.n_zones = 1;
    sp_bs2127_object_gains(r, &o, g, NULL);
    o.cartesian = true;
    o.x = bad[k];
    sp_bs2127_object_gains(r, &o, g, NULL);
    for (int c = 0; c < l->n; c++)
      cr_expect(isfinite(g[c]), "%s %g", l->ch[c].name, g[c]);
    const sp_bs2127_speaker s = {"X",   false, bad[k], 0,     1,   0,   0, 0,
                                 false, NULL,  1,      false, {0}, {0}, 0, 0};
    sp_bs2127_speaker_gains(r, &s, g);
    for (int c = 0; c < l->n; c++)
      cr_expect(isfinite(g[c]), "bed: %s %g", l->ch[c].name, g[c]);
  }
  sp_bs2127_free(r);
}

Test(bs2127, layouts_without_a_bs2051_system_have_no_renderer)
{
  cr_expect_null(sp_bs2127_new(L("mono")));
  cr_expect_null(sp_bs2127_new(L("quad")));
  cr_expect_null(sp_bs2127_new(NULL));
}

Test(bs2127, ramps_are_the_ears_frame_for_frame)
{
  for (size_t i = 0; i < sizeof ear_ramps / sizeof ear_ramps[0]; i++) {
    const ear_ramp *e = &ear_ramps[i];
    const double start = e->start_s * e->rate;
    const sp_bs2127_ramp r = sp_bs2127_ramp_make(start, start + e->length_s * e->rate);
    cr_expect(r.first == e->first && r.last == e->last,
              "ramp %zu: frames %lld..%lld, EAR %lld..%lld", i, (long long)r.first,
              (long long)r.last, (long long)e->first, (long long)e->last);
    const double p[3] = {sp_bs2127_ramp_at(&r, e->first), sp_bs2127_ramp_at(&r, e->first + e->mid),
                         sp_bs2127_ramp_at(&r, e->last - 1)};
    const double want[3] = {e->p_first, e->p_mid, e->p_last};
    for (int k = 0; k < 3; k++)
      cr_expect(fabs(p[k] - want[k]) < 1e-9, "ramp %zu: weight %d %.12f, EAR %.12f", i, k, p[k],
                want[k]);
  }
}

Test(bs2127, the_profiles_ramp_spans_249_984_frames)
{
  /* a block at 1 s at 48 kHz, interpolationLength 0.005208 s: EAR ramps
   * frames 48000 .. 48249, the weight k / 249.984 at frame 48000 + k, and
   * holds the block's gains from 48250 */
  const sp_bs2127_ramp r = sp_bs2127_ramp_make(48000.0, 48000.0 + 0.005208 * 48000);
  cr_expect_eq(r.first, 48000);
  cr_expect_eq(r.last, 48250);
  cr_expect(sp_bs2127_ramp_at(&r, 48000) == 0.0);
  cr_expect(fabs(sp_bs2127_ramp_at(&r, 48100) - 100 / 249.984) < 1e-12);
  cr_expect(fabs(sp_bs2127_ramp_at(&r, 48249) - 249 / 249.984) < 1e-12);
  cr_expect(sp_bs2127_ramp_at(&r, 48250) == 1.0);
  cr_expect(sp_bs2127_ramp_at(&r, 47999) == 0.0);
  /* a start between frames: the first whole frame at its fraction of the way */
  const sp_bs2127_ramp q = sp_bs2127_ramp_make(10.5, 20.5);
  cr_expect_eq(q.first, 11);
  cr_expect_eq(q.last, 21);
  cr_expect(fabs(sp_bs2127_ramp_at(&q, 11) - 0.05) < 1e-12);
  cr_expect(fabs(sp_bs2127_ramp_at(&q, 20) - 0.95) < 1e-12);
  /* a jump without interpolationLength: no ramp */
  const sp_bs2127_ramp j = sp_bs2127_ramp_make(100, 100);
  cr_expect(sp_bs2127_ramp_at(&j, 100) == 1.0);
}
