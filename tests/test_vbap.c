/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Panning over layouts (core/dsp/vbap.h) and folds between them
 * (core/dsp/fold.h), against answers worked by hand: a source at a speaker
 * plays from it alone; halfway between two speakers symmetric about it,
 * from both at -3 dB; anywhere, at unit power; in 3-D a source on the
 * horizon stays on the ear level and the zenith of 5.1.4 sounds from its
 * heights alone; spread widens without losing power; and BS.775's Lo/Ro
 * and mono downmixes of 5.1, 7.1's rears into 5.1's surrounds, heights
 * onto the ear level below, the LFE dropped unless given a level. */

#include "core/dsp/fold.h"
#include "core/dsp/vbap.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>

TestSuite(vbap, .timeout = TU_TIMEOUT(30));

static const sp_layout *L(const char *name)
{
  const sp_layout *l = sp_layout_find(name);
  cr_assert_not_null(l, "%s", name);
  return l;
}

static double power(const double *g, int n)
{
  double p = 0;
  for (int c = 0; c < n; c++)
    p += g[c] * g[c];
  return p;
}

Test(vbap, a_source_at_a_speaker_plays_from_it_alone)
{
  static const char *const layouts[] = {"stereo", "LCR", "quad", "5.1", "7.1", "5.1.2",
                                        "5.1.4",  "7.1.2", "7.1.4", "9.1.6"};
  for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
    const sp_layout *l = L(layouts[k]);
    sp_vbap *v = sp_vbap_new(l);
    for (int c = 0; c < l->n; c++) {
      if (l->ch[c].lfe)
        continue;
      double g[SP_MAX_CHANNELS];
      sp_vbap_gains(v, l->ch[c].az, l->ch[c].el, 0, g);
      for (int d = 0; d < l->n; d++)
        cr_expect(fabs(g[d] - (d == c ? 1.0 : 0.0)) < 1e-9, "%s: at %s, %s gets %.12f", l->name,
                  l->ch[c].name, l->ch[d].name, g[d]);
    }
    sp_vbap_free(v);
  }
}

Test(vbap, between_two_speakers_at_half_power_each_and_always_unit_power)
{
  double g[SP_MAX_CHANNELS];
  sp_vbap *v = sp_vbap_new(L("stereo"));
  sp_vbap_gains(v, 0, 0, 0, g); /* the phantom centre: -3 dB each */
  cr_expect(fabs(g[0] - M_SQRT1_2) < 1e-12 && fabs(g[1] - M_SQRT1_2) < 1e-12, "%g %g", g[0],
            g[1]);
  sp_vbap_gains(v, 90, 0, 0, g); /* beyond L: from L */
  cr_expect(g[0] == 1.0 && g[1] == 0.0);
  sp_vbap_free(v);
  const sp_layout *s51 = L("5.1");
  v = sp_vbap_new(s51);
  sp_vbap_gains(v, 15, 0, 0, g); /* between C (0) and L (30) */
  cr_expect(fabs(g[0] - M_SQRT1_2) < 1e-12 && fabs(g[2] - M_SQRT1_2) < 1e-12, "L %g C %g", g[0],
            g[2]);
  sp_vbap_gains(v, 180, 0, 0, g); /* straight behind: Ls and Rs */
  cr_expect(fabs(g[4] - M_SQRT1_2) < 1e-12 && fabs(g[5] - M_SQRT1_2) < 1e-12);
  cr_expect_eq(g[3], 0.0, "never the LFE");
  for (int az = -180; az < 180; az += 7) {
    sp_vbap_gains(v, az, 0, 0, g);
    cr_expect(fabs(power(g, 6) - 1) < 1e-12, "az %d: power %.15f", az, power(g, 6));
    for (int c = 0; c < 6; c++)
      cr_expect_geq(g[c], 0.0);
  }
  sp_vbap_free(v);
}

Test(vbap, in_three_dimensions)
{
  double g[SP_MAX_CHANNELS];
  const sp_layout *l = L("5.1.4");
  sp_vbap *v = sp_vbap_new(l);
  /* on the horizon: the ear level only, as in 2-D */
  sp_vbap_gains(v, 15, 0, 0, g);
  cr_expect(fabs(g[0] - M_SQRT1_2) < 1e-9 && fabs(g[2] - M_SQRT1_2) < 1e-9, "L %g C %g", g[0],
            g[2]);
  for (int c = 6; c < 10; c++)
    cr_expect(fabs(g[c]) < 1e-9, "%s %g", l->ch[c].name, g[c]);
  /* the zenith: the heights alone, at unit power */
  sp_vbap_gains(v, 0, 90, 0, g);
  double top = 0;
  for (int c = 0; c < 6; c++)
    cr_expect(fabs(g[c]) < 1e-9, "%s %g at the zenith", l->ch[c].name, g[c]);
  for (int c = 6; c < 10; c++)
    top += g[c] * g[c];
  cr_expect(fabs(top - 1) < 1e-12);
  /* midway up between L and Ltf (both at azimuth 30): both, none else */
  sp_vbap_gains(v, 30, 15, 0, g);
  cr_expect(g[0] > 0.5 && g[6] > 0.5, "L %g Ltf %g", g[0], g[6]);
  cr_expect(fabs(power(g, 10) - 1) < 1e-12);
  /* below the horizon: on it (no speaker is below) */
  double h[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 40, -30, 0, g);
  sp_vbap_gains(v, 40, 0, 0, h);
  for (int c = 0; c < 10; c++)
    cr_expect(fabs(g[c] - h[c]) < 1e-12);
  for (int el = 0; el <= 90; el += 10)
    for (int az = -180; az < 180; az += 13) {
      sp_vbap_gains(v, az, el, 0, g);
      cr_expect(fabs(power(g, 10) - 1) < 1e-9, "az %d el %d: power %.12f", az, el, power(g, 10));
    }
  sp_vbap_free(v);
}

Test(vbap, spread_widens_at_unit_power)
{
  const sp_layout *l = L("5.1");
  sp_vbap *v = sp_vbap_new(l);
  double point[SP_MAX_CHANNELS], wide[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 0, 0, 0, point);
  sp_vbap_gains(v, 0, 0, 60, wide); /* ±30: reaches L and R */
  cr_expect_eq(point[0], 0.0);
  cr_expect_gt(wide[0], 0.1);
  cr_expect(fabs(wide[0] - wide[1]) < 1e-12, "symmetric: L %g R %g", wide[0], wide[1]);
  cr_expect_gt(wide[2], wide[0], "the centre stays strongest");
  cr_expect(fabs(power(wide, 6) - 1) < 1e-12);
  sp_vbap_free(v);
}

/* The four heights of 7.1.4 lie on one plane, a square cut into triangles
 * two ways: neither way is favoured. Overhead plays from all four alike;
 * a source spread around the centre is as loud left as right, front and
 * back; straight above the centre between the front heights, Ltf and Rtf
 * alike. */
Test(vbap, a_square_of_heights_is_played_symmetrically)
{
  const sp_layout *l = L("7.1.4");
  const int ltf = sp_layout_channel(l, "Ltf"), rtf = sp_layout_channel(l, "Rtf"),
            ltr = sp_layout_channel(l, "Ltr"), rtr = sp_layout_channel(l, "Rtr");
  sp_vbap *v = sp_vbap_new(l);
  double g[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 0, 90, 0, g);
  for (int c = 0; c < l->n; c++)
    cr_expect(fabs(g[c] - (c == ltf || c == rtf || c == ltr || c == rtr ? 0.5 : 0)) < 1e-12,
              "overhead: %s %.12f", l->ch[c].name, g[c]);
  sp_vbap_gains(v, 0, 0, 180, g);
  cr_expect(fabs(g[ltf] - g[rtf]) < 1e-12 && fabs(g[ltr] - g[rtr]) < 1e-12,
            "spread: Ltf %g Rtf %g Ltr %g Rtr %g", g[ltf], g[rtf], g[ltr], g[rtr]);
  cr_expect(fabs(g[0] - g[1]) < 1e-12, "spread: L %g R %g", g[0], g[1]);
  cr_expect(fabs(power(g, l->n) - 1) < 1e-12);
  sp_vbap_gains(v, 0, 45, 0, g);
  cr_expect(fabs(g[ltf] - g[rtf]) < 1e-12 && g[ltf] > 0.5, "Ltf %g Rtf %g", g[ltf], g[rtf]);
  cr_expect(fabs(power(g, l->n) - 1) < 1e-12);
  for (int el = 0; el <= 90; el += 15)
    for (int az = -180; az < 180; az += 17) {
      sp_vbap_gains(v, az, el, 0, g);
      cr_expect(fabs(power(g, l->n) - 1) < 1e-9, "az %d el %d: power %.12f", az, el,
                power(g, l->n));
    }
  sp_vbap_free(v);
}

/* 7.1.2's heights are Dolby's top middles, Ltm and Rtm over the listener's
 * sides (±90°, 45° up): a source there plays from it alone; halfway up
 * from Ls to Ltm (90°, 22.5° up), from both at -3 dB (the two directions'
 * bisector); overhead, from Ltm and Rtm at -3 dB each (the zenith lies on
 * the arc between them), nothing else. */
Test(vbap, seven_one_two_heights_are_top_middles)
{
  const sp_layout *l = L("7.1.2");
  cr_assert_str_eq(l->text, "L R C LFE Lrs Rrs Ls Rs Ltm Rtm");
  const int ls = sp_layout_channel(l, "Ls"), ltm = sp_layout_channel(l, "Ltm"),
            rtm = sp_layout_channel(l, "Rtm");
  cr_expect(l->ch[ltm].az == 90 && l->ch[ltm].el == 45 && l->ch[rtm].az == -90 &&
            l->ch[rtm].el == 45);
  sp_vbap *v = sp_vbap_new(l);
  double g[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 90, 45, 0, g);
  for (int c = 0; c < l->n; c++)
    cr_expect(fabs(g[c] - (c == ltm ? 1.0 : 0.0)) < 1e-12, "at Ltm: %s %.12f", l->ch[c].name, g[c]);
  sp_vbap_gains(v, 90, 22.5, 0, g);
  for (int c = 0; c < l->n; c++)
    cr_expect(fabs(g[c] - (c == ls || c == ltm ? M_SQRT1_2 : 0.0)) < 1e-12, "halfway up: %s %.12f",
              l->ch[c].name, g[c]);
  sp_vbap_gains(v, 0, 90, 0, g);
  for (int c = 0; c < l->n; c++)
    cr_expect(fabs(g[c] - (c == ltm || c == rtm ? M_SQRT1_2 : 0.0)) < 1e-12, "overhead: %s %.12f",
              l->ch[c].name, g[c]);
  for (int el = 0; el <= 90; el += 15)
    for (int az = -180; az < 180; az += 17) {
      sp_vbap_gains(v, az, el, 0, g);
      cr_expect(fabs(power(g, l->n) - 1) < 1e-9, "az %d el %d: power %.12f", az, el,
                power(g, l->n));
    }
  sp_vbap_free(v);
}

/* Straight below a layout with no speaker there: onto the horizon at the
 * source's own azimuth, not the front's; so a rear source spread over a
 * half sphere, one of whose cone points is the nadir, never reaches C. */
Test(vbap, straight_below_is_the_horizon_at_the_sources_azimuth)
{
  const sp_layout *l = L("7.1.4");
  sp_vbap *v = sp_vbap_new(l);
  double g[SP_MAX_CHANNELS], h[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 180, -90, 0, g);
  sp_vbap_gains(v, 180, 0, 0, h);
  for (int c = 0; c < l->n; c++)
    cr_expect(fabs(g[c] - h[c]) < 1e-12, "%s: %g below, %g on the horizon", l->ch[c].name, g[c],
              h[c]);
  sp_vbap_gains(v, 180, 0, 180, g);
  cr_expect(g[2] == 0, "C %g", g[2]);
  cr_expect(fabs(power(g, l->n) - 1) < 1e-12);
  sp_vbap_free(v);
}

/* Speakers in front only (stereo): a source behind sounds from its mirror
 * image in front, 180 and -180 alike in the centre, 150 as 30 (L); a
 * source at the side, beyond L, from L. On the horizon a spread is an
 * arc: 180 degrees around the front of 5.1 reaches L, R and the surrounds
 * alike on both sides, the surrounds less than the front. */
Test(vbap, behind_a_front_pair_and_spread_on_the_horizon)
{
  sp_vbap *v = sp_vbap_new(L("stereo"));
  double g[SP_MAX_CHANNELS], h[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 180, 0, 0, g);
  sp_vbap_gains(v, -180, 0, 0, h);
  cr_expect(fabs(g[0] - M_SQRT1_2) < 1e-12 && fabs(g[1] - M_SQRT1_2) < 1e-12, "180: %g %g", g[0],
            g[1]);
  cr_expect(fabs(h[0] - g[0]) < 1e-12 && fabs(h[1] - g[1]) < 1e-12, "-180: %g %g", h[0], h[1]);
  sp_vbap_gains(v, 150, 0, 0, g);
  cr_expect(fabs(g[0] - 1) < 1e-12 && fabs(g[1]) < 1e-12, "150: %g %g", g[0], g[1]);
  sp_vbap_gains(v, 90, 0, 0, g);
  cr_expect(g[0] == 1 && g[1] == 0, "90: %g %g", g[0], g[1]);
  sp_vbap_free(v);
  const sp_layout *l = L("5.1");
  v = sp_vbap_new(l);
  sp_vbap_gains(v, 0, 0, 180, g);
  cr_expect(fabs(g[0] - g[1]) < 1e-12 && fabs(g[4] - g[5]) < 1e-12, "L %g R %g Ls %g Rs %g", g[0],
            g[1], g[4], g[5]);
  cr_expect(g[4] > 0 && g[4] < g[0] && g[2] > 0.3, "C %g L %g Ls %g", g[2], g[0], g[4]);
  cr_expect(fabs(power(g, 6) - 1) < 1e-12);
  sp_vbap_free(v);
}

static void fold(const char *from, const char *to, const sp_fold *f, double *m)
{
  sp_fold_matrix(L(from), L(to), f, m);
}

#define AT(m, from, t, f) (m)[(t) * L(from)->n + (f)]

Test(vbap, bs775_downmixes_of_5_1)
{
  const sp_fold d = sp_fold_default();
  double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  const double h = pow(10, -3.0 / 20);
  fold("5.1", "stereo", &d, m); /* L R C LFE Ls Rs */
  const double lo[6] = {1, 0, h, 0, h, 0}, ro[6] = {0, 1, h, 0, 0, h};
  for (int f = 0; f < 6; f++) {
    cr_expect(fabs(AT(m, "5.1", 0, f) - lo[f]) < 1e-12, "Lo from %d: %g", f, AT(m, "5.1", 0, f));
    cr_expect(fabs(AT(m, "5.1", 1, f) - ro[f]) < 1e-12, "Ro from %d: %g", f, AT(m, "5.1", 1, f));
  }
  /* mono: 0.707 (L + R) + C·0.707·0.707·2... as BS.775's 1/0: L R at 0.707,
   * C at 1 (at -3 dB centre), Ls Rs at 0.5 */
  fold("5.1", "mono", &d, m);
  const double mono[6] = {M_SQRT1_2, M_SQRT1_2, 2 * M_SQRT1_2 * h, 0, M_SQRT1_2 * h,
                          M_SQRT1_2 * h};
  for (int f = 0; f < 6; f++)
    cr_expect(fabs(m[f] - mono[f]) < 1e-12, "M from %d: %g, want %g", f, m[f], mono[f]);
  /* the LFE given a level: into the centre */
  sp_fold with = d;
  with.lfe_db = -10;
  fold("5.1", "LCR", &with, m);
  cr_expect(fabs(AT(m, "5.1", 2, 3) - pow(10, -0.5)) < 1e-12);
}

/* A channel name a layout lacks stands for the channel the default fold
 * puts it in whole (a "did you mean"), and for none where the fold splits
 * it or lowers it onto the ear level. */
Test(vbap, a_missing_channel_means_the_one_it_folds_into_whole)
{
  cr_expect_str_eq(sp_fold_meant(L("7.1.2"), "Ltf"), "Ltm");
  cr_expect_str_eq(sp_fold_meant(L("7.1.2"), "Rtr"), "Rtm");
  cr_expect_str_eq(sp_fold_meant(L("5.1"), "Lrs"), "Ls", "a rear into 5.1's surround");
  cr_expect_null(sp_fold_meant(L("5.1"), "Ltf"), "onto the ear level: at `height`");
  cr_expect_null(sp_fold_meant(L("5.1"), "Cs"), "split between Ls and Rs");
  cr_expect_null(sp_fold_meant(L("7.1"), "Lw"), "split between L and Ls, 30° either side");
  cr_expect_str_eq(sp_fold_meant(L("5.1"), "Lw"), "L", "nearer L (30° off) than Ls (50°)");
  cr_expect_null(sp_fold_meant(L("7.1.2"), "L"), "a channel it has");
  cr_expect_null(sp_fold_meant(L("7.1.2"), "Xyz"), "no layout's");
}

Test(vbap, rears_heights_and_wides_fold_to_the_nearest_on_their_side)
{
  const sp_fold d = sp_fold_default();
  double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  const double h = pow(10, -3.0 / 20);
  /* 7.1 (L R C LFE Lrs Rrs Ls Rs) into 5.1 (L R C LFE Ls Rs): the sides by
   * name, the rears into the surrounds whole */
  fold("7.1", "5.1", &d, m);
  cr_expect_eq(AT(m, "7.1", 4, 6), 1.0, "Ls from Ls");
  cr_expect_eq(AT(m, "7.1", 4, 4), 1.0, "Ls from Lrs");
  cr_expect_eq(AT(m, "7.1", 5, 5), 1.0, "Rs from Rrs");
  cr_expect_eq(AT(m, "7.1", 3, 3), 1.0, "LFE to LFE");
  /* 7.1.4 into 7.1: heights onto the ear level below, at -3 dB */
  fold("7.1.4", "7.1", &d, m);
  cr_expect(fabs(AT(m, "7.1.4", 0, 8) - h) < 1e-12, "L from Ltf");
  cr_expect(fabs(AT(m, "7.1.4", 4, 10) - h) < 1e-12, "Lrs from Ltr");
  /* 9.1.6 into 7.1.4: a wide between L and Ls, half power each; a top
   * middle between the front and rear heights */
  fold("9.1.6", "7.1.4", &d, m);
  cr_expect(fabs(AT(m, "9.1.6", 0, 12) - M_SQRT1_2) < 1e-12, "L from Lw");
  cr_expect(fabs(AT(m, "9.1.6", 6, 12) - M_SQRT1_2) < 1e-12, "Ls from Lw");
  cr_expect(fabs(AT(m, "9.1.6", 8, 14) - M_SQRT1_2) < 1e-12, "Ltf from Ltm");
  cr_expect(fabs(AT(m, "9.1.6", 10, 14) - M_SQRT1_2) < 1e-12, "Ltr from Ltm");
  /* heights are one layer, whatever their elevation: 7.1.4's top rears (45°
   * up) into 5.1.2's top fronts (30° up) whole, not at `height` as onto the
   * ear level (5.1.2: L R C LFE Ls Rs Ltf Rtf; 7.1.4's Ltr is 10) */
  fold("7.1.4", "5.1.2", &d, m);
  cr_expect_eq(AT(m, "7.1.4", 6, 10), 1.0, "Ltf from Ltr");
  cr_expect_eq(AT(m, "7.1.4", 7, 11), 1.0, "Rtf from Rtr");
  cr_expect_eq(AT(m, "7.1.4", 4, 10), 0.0, "Ls from Ltr");
  /* 9.1.6's top middle (90°) into 5.1.4's nearest height, Ltr (110°), whole */
  fold("9.1.6", "5.1.4", &d, m);
  cr_expect_eq(AT(m, "9.1.6", 8, 14), 1.0, "Ltr from Ltm");
  /* 7.1.2 (L R C LFE Lrs Rrs Ls Rs Ltm Rtm) and 7.1.4 (... Ltf Rtf Ltr Rtr):
   * the ear level by name; 7.1.4's four heights into the top middle on
   * their side whole, and a top middle into 7.1.4 between the front and
   * rear heights (both 45° from it) at half power each */
  fold("7.1.4", "7.1.2", &d, m);
  for (int t = 0; t < 10; t++)
    for (int f = 0; f < 12; f++) {
      const double want = t == f && t < 8                 ? 1.0
                          : t == 8 && (f == 8 || f == 10) ? 1.0
                          : t == 9 && (f == 9 || f == 11) ? 1.0
                                                          : 0.0;
      cr_expect_eq(AT(m, "7.1.4", t, f), want, "7.1.4 into 7.1.2: %s from %s: %g",
                   L("7.1.2")->ch[t].name, L("7.1.4")->ch[f].name, AT(m, "7.1.4", t, f));
    }
  fold("7.1.2", "7.1.4", &d, m);
  for (int t = 0; t < 12; t++)
    for (int f = 0; f < 10; f++) {
      const double want = t == f && t < 8                 ? 1.0
                          : (t == 8 || t == 10) && f == 8 ? M_SQRT1_2
                          : (t == 9 || t == 11) && f == 9 ? M_SQRT1_2
                                                          : 0.0;
      cr_expect(fabs(AT(m, "7.1.2", t, f) - want) < 1e-15, "7.1.2 into 7.1.4: %s from %s: %g",
                L("7.1.4")->ch[t].name, L("7.1.2")->ch[f].name, AT(m, "7.1.2", t, f));
    }
  /* 7.1.2 into 5.1 (L R C LFE Ls Rs): the rears and sides into the
   * surrounds whole, the top middles onto the nearest on the ear level
   * (Ls at 110°, not L at 30°) at `height` */
  fold("7.1.2", "5.1", &d, m);
  for (int t = 0; t < 6; t++)
    for (int f = 0; f < 10; f++) {
      const double want = t == f && t < 4                            ? 1.0
                          : t == 4 && (f == 4 || f == 6)             ? 1.0
                          : t == 5 && (f == 5 || f == 7)             ? 1.0
                          : (t == 4 && f == 8) || (t == 5 && f == 9) ? h
                                                                     : 0.0;
      cr_expect_eq(AT(m, "7.1.2", t, f), want, "7.1.2 into 5.1: %s from %s: %g",
                   L("5.1")->ch[t].name, L("7.1.2")->ch[f].name, AT(m, "7.1.2", t, f));
    }
  /* into stereo: L from L, C at `centre`, Lrs, Ls at `surround`, Ltm at
   * `height`: every one of them at -3 dB but L */
  fold("7.1.2", "stereo", &d, m);
  const double lo[10] = {1, 0, h, 0, h, 0, h, 0, h, 0}, ro[10] = {0, 1, h, 0, 0, h, 0, h, 0, h};
  for (int f = 0; f < 10; f++) {
    cr_expect_eq(AT(m, "7.1.2", 0, f), lo[f], "L from %s", L("7.1.2")->ch[f].name);
    cr_expect_eq(AT(m, "7.1.2", 1, f), ro[f], "R from %s", L("7.1.2")->ch[f].name);
  }
  /* 5.1.2's heights (30° up, 30° across) into 7.1.2's top middles whole,
   * and back: the heights are one layer */
  fold("5.1.2", "7.1.2", &d, m);
  cr_expect_eq(AT(m, "5.1.2", 8, 6), 1.0, "Ltm from Ltf");
  cr_expect_eq(AT(m, "5.1.2", 9, 7), 1.0, "Rtm from Rtf");
  fold("7.1.2", "5.1.2", &d, m);
  cr_expect_eq(AT(m, "7.1.2", 6, 8), 1.0, "Ltf from Ltm");
  cr_expect_eq(AT(m, "7.1.2", 7, 9), 1.0, "Rtf from Rtm");
  /* up: stereo into 5.1 by name, nothing else */
  fold("stereo", "5.1", &d, m);
  cr_expect(AT(m, "stereo", 0, 0) == 1 && AT(m, "stereo", 1, 1) == 1);
  double sum = 0;
  for (int i = 0; i < 12; i++)
    sum += m[i];
  cr_expect_eq(sum, 2.0);
  /* mono into stereo: the pan law's -3 dB */
  fold("mono", "stereo", &d, m);
  cr_expect(m[0] == M_SQRT1_2 && m[1] == M_SQRT1_2);
}
