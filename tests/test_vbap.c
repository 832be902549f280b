/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Panning over layouts (core/dsp/vbap.h) and folds between them
 * (core/dsp/fold.h), against answers worked by hand: a source at a speaker
 * plays from it alone; halfway between two speakers symmetric about it,
 * from both at -3 dB; anywhere, at unit power; in 3-D a source on the
 * horizon stays on the ear level and the zenith of 5.1.4 sounds from its
 * heights alone; spread widens without losing power; and BS.775's Lo/Ro
 * and mono downmixes of 5.1, 7.1's rears into 5.1's surrounds, heights
 * onto the ear level below, the LFE dropped unless given a level. And
 * what docs/recipe.md writes exactly ("The panner, the LFE feed and the
 * folds, exactly"), computed here from the text alone and compared with
 * sp_vbap_gains, sp_fold_matrix and renders: the pairs and 7.1.4's
 * triangles, spread's nine sources, a moving position's ramp, the LFE
 * feed's low-pass, and half power against -3 dB. */

#include "core/dsp/fold.h"
#include "core/dsp/vbap.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- The panner as docs/recipe.md writes it ("The panner, the LFE feed
 * and the folds, exactly"), computed here from that text alone: the
 * pairs of a layout on the horizon by the tangent law, with the mirror
 * for a front-only layout; 7.1.4's seventeen triangles as the docs list
 * them, a direction in several taking the root of the mean of their
 * powers; spread as nine point sources. ---- */

static void unit(double az, double el, double *d)
{
  const double r = M_PI / 180;
  d[0] = cos(el * r) * cos(az * r);
  d[1] = cos(el * r) * sin(az * r);
  d[2] = sin(el * r);
}

/* The documented point gains on a layout on the horizon: g[l->n]. */
static void ref_pairs(const sp_layout *l, const double *dir, double az, double *g)
{
  for (int c = 0; c < l->n; c++)
    g[c] = 0;
  double q[2] = {dir[0], dir[1]};
  const double r = hypot(q[0], q[1]);
  if (r < 1e-12)
    q[0] = cos(az * M_PI / 180), q[1] = sin(az * M_PI / 180);
  else
    q[0] /= r, q[1] /= r;
  int sp[SP_MAX_CHANNELS], n = 0;
  for (int c = 0; c < l->n; c++)
    if (!l->ch[c].lfe)
      sp[n++] = c;
  for (int i = 1; i < n; i++) /* in order of azimuth */
    for (int j = i; j > 0 && l->ch[sp[j]].az < l->ch[sp[j - 1]].az; j--) {
      const int t = sp[j];
      sp[j] = sp[j - 1];
      sp[j - 1] = t;
    }
  for (int pass = 0; pass < 2; pass++) {
    double pw[SP_MAX_CHANNELS] = {0};
    int held = 0;
    for (int i = 0; i < n; i++) {
      const int a = sp[i], b = sp[(i + 1) % n];
      double gap = l->ch[b].az - l->ch[a].az;
      gap += gap <= 0 ? 360 : 0;
      if (n < 2 || gap >= 180)
        continue;
      double sa[3], sb[3];
      unit(l->ch[a].az, 0, sa);
      unit(l->ch[b].az, 0, sb);
      /* q = ga·sa + gb·sb, by Cramer's rule */
      const double det = sa[0] * sb[1] - sa[1] * sb[0];
      const double ga = (q[0] * sb[1] - q[1] * sb[0]) / det,
                   gb = (sa[0] * q[1] - sa[1] * q[0]) / det;
      if (ga < -1e-9 || gb < -1e-9)
        continue;
      const double p = fmax(ga, 0) * fmax(ga, 0) + fmax(gb, 0) * fmax(gb, 0);
      pw[a] += fmax(ga, 0) * fmax(ga, 0) / p;
      pw[b] += fmax(gb, 0) * fmax(gb, 0) / p;
      held++;
    }
    if (held) {
      for (int c = 0; c < l->n; c++)
        g[c] = sqrt(pw[c] / held);
      return;
    }
    q[0] = -q[0]; /* mirrored front to back */
  }
  int best = sp[0];
  double bd = -2;
  for (int i = 0; i < n; i++) {
    double s[3];
    unit(l->ch[sp[i]].az, 0, s);
    if (s[0] * q[0] + s[1] * q[1] > bd + 1e-12)
      bd = s[0] * q[0] + s[1] * q[1], best = sp[i];
  }
  g[best] = 1;
}

/* 7.1.4's triangles, as docs/recipe.md lists them. */
static const char *const tri714[17][3] = {
    {"L", "C", "Ltf"},     {"L", "Ls", "Ltf"},    {"R", "C", "Rtf"},     {"R", "Rs", "Rtf"},
    {"C", "Ltf", "Rtf"},   {"Ls", "Ltf", "Ltr"},  {"Rs", "Rtf", "Rtr"},  {"Lrs", "Ls", "Ltr"},
    {"Rrs", "Rs", "Rtr"},  {"Ltf", "Rtf", "Ltr"}, {"Ltf", "Rtf", "Rtr"}, {"Ltf", "Ltr", "Rtr"},
    {"Rtf", "Ltr", "Rtr"}, {"Lrs", "Rrs", "Ltr"}, {"Lrs", "Rrs", "Rtr"}, {"Lrs", "Ltr", "Rtr"},
    {"Rrs", "Ltr", "Rtr"}};

static double det3(const double *a, const double *b, const double *c)
{
  return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
         a[2] * (b[0] * c[1] - b[1] * c[0]);
}

/* The documented point gains on 7.1.4. */
static void ref_714(const sp_layout *l, const double *dir, double az, double *g)
{
  for (int c = 0; c < l->n; c++)
    g[c] = 0;
  double q[3] = {dir[0], dir[1], dir[2]};
  if (q[2] < 0) { /* below: onto the horizon at its azimuth */
    const double r = hypot(q[0], q[1]);
    q[2] = 0;
    if (r < 1e-12)
      q[0] = cos(az * M_PI / 180), q[1] = sin(az * M_PI / 180);
    else
      q[0] /= r, q[1] /= r;
  }
  double pw[SP_MAX_CHANNELS] = {0};
  int held = 0;
  for (int k = 0; k < 17; k++) {
    int c[3];
    double s[3][3];
    for (int i = 0; i < 3; i++) {
      c[i] = sp_layout_channel(l, tri714[k][i]);
      cr_assert_geq(c[i], 0);
      unit(l->ch[c[i]].az, l->ch[c[i]].el, s[i]);
    }
    /* q = g0·s0 + g1·s1 + g2·s2, by Cramer's rule */
    const double d = det3(s[0], s[1], s[2]);
    double w[3] = {det3(q, s[1], s[2]) / d, det3(s[0], q, s[2]) / d, det3(s[0], s[1], q) / d};
    if (w[0] < -1e-9 || w[1] < -1e-9 || w[2] < -1e-9)
      continue;
    double p = 0;
    for (int i = 0; i < 3; i++)
      p += fmax(w[i], 0) * fmax(w[i], 0);
    for (int i = 0; i < 3; i++)
      pw[c[i]] += fmax(w[i], 0) * fmax(w[i], 0) / p;
    held++;
  }
  cr_assert_gt(held, 0, "7.1.4's triangles hold every direction on or above the horizon");
  for (int c = 0; c < l->n; c++)
    g[c] = sqrt(pw[c] / held);
}

/* The documented gains of a source at (az, el) spread over `spread`. */
static void ref_gains(const sp_layout *l, bool heights, double az, double el, double spread,
                      double *g)
{
  double p[3], one[SP_MAX_CHANNELS], P[SP_MAX_CHANNELS] = {0};
  unit(az, el, p);
  const double h = spread / 2 * M_PI / 180;
  for (int k = -1; k < (spread > 0 ? 8 : 0); k++) {
    double q[3] = {p[0], p[1], p[2]};
    if (k >= 0 && !heights) {
      const int j = k < 4 ? k - 4 : k - 3; /* −4 … −1, 1 … 4 */
      unit(az + spread / 2 * j / 4, 0, q);
    } else if (k >= 0) {
      const double r = M_PI / 180, u[3] = {-sin(az * r), cos(az * r), 0};
      const double pu[3] = {p[1] * u[2] - p[2] * u[1], p[2] * u[0] - p[0] * u[2],
                            p[0] * u[1] - p[1] * u[0]};
      const double phi = k * M_PI / 4;
      for (int d = 0; d < 3; d++)
        q[d] = cos(h) * p[d] + sin(h) * (cos(phi) * u[d] + sin(phi) * pu[d]);
    }
    if (heights)
      ref_714(l, q, az, one);
    else
      ref_pairs(l, q, az, one);
    for (int c = 0; c < l->n; c++)
      P[c] += one[c] * one[c];
  }
  double sum = 0;
  for (int c = 0; c < l->n; c++)
    sum += P[c];
  for (int c = 0; c < l->n; c++)
    g[c] = sqrt(P[c] / sum);
}

Test(vbap, the_documented_pairs_triangles_and_spread)
{
  static const char *const layouts[] = {"stereo", "LCR", "quad", "5.1", "7.1", "7.1.4"};
  static const double spreads[] = {0, 10, 45, 90, 137, 180};
  static const double els[] = {-30, 0, 12, 30, 45, 54.7356, 70, 90};
  for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
    const sp_layout *l = L(layouts[k]);
    const bool heights = strcmp(l->name, "7.1.4") == 0;
    sp_vbap *v = sp_vbap_new(l);
    double worst = 0;
    for (double az = -180; az < 180; az += 7.25)
      for (size_t e = 0; e < (heights ? sizeof els / sizeof els[0] : 2); e++)
        for (size_t s = 0; s < sizeof spreads / sizeof spreads[0]; s++) {
          double got[SP_MAX_CHANNELS], want[SP_MAX_CHANNELS];
          sp_vbap_gains(v, az, els[e], spreads[s], got);
          ref_gains(l, heights, az, els[e], spreads[s], want);
          for (int c = 0; c < l->n; c++) {
            worst = fmax(worst, fabs(got[c] - want[c]));
            if (fabs(got[c] - want[c]) > 1e-9)
              cr_expect(false, "%s at (%g, %g) spread %g: %s %.12f, the docs' %.12f", l->name, az,
                        els[e], spreads[s], l->ch[c].name, got[c], want[c]);
          }
        }
    cr_expect_lt(worst, 1e-9, "%s: worst %g", l->name, worst);
    sp_vbap_free(v);
  }
  /* figures the docs give: 7.1.4's zenith, 0.5 from each height */
  sp_vbap *v = sp_vbap_new(L("7.1.4"));
  double g[SP_MAX_CHANNELS];
  sp_vbap_gains(v, 0, 90, 0, g);
  for (int c = 8; c < 12; c++)
    cr_expect(fabs(g[c] - 0.5) < 1e-12, "zenith: %s %g", L("7.1.4")->ch[c].name, g[c]);
  sp_vbap_free(v);
}

/* The LFE in a fold (docs/recipe.md): whole into an LFE wherever the
 * destination has one, whatever `lfe` says; else dropped, or at `lfe`'s
 * level into C, or into L and R at that level over √2. A level in dB is
 * 10^(dB/20) (the centre's -3 dB is 0.707946, not 1/√2). */
Test(vbap, the_lfe_in_a_fold_and_what_minus_3_db_is)
{
  double m[SP_MAX_CHANNELS * SP_MAX_CHANNELS];
  const sp_fold d = sp_fold_default();
  sp_fold with = d;
  with.lfe_db = -10;
  const double x = pow(10, -10.0 / 20);
  static const char *const wide[][2] = {{"7.1", "5.1"}, {"7.1.4", "5.1"}, {"5.1", "7.1.2"}};
  for (int k = 0; k < 3; k++)
    for (int w = 0; w < 2; w++) {
      const sp_layout *from = L(wide[k][0]), *to = L(wide[k][1]);
      fold(wide[k][0], wide[k][1], w ? &with : &d, m);
      const int f = sp_layout_channel(from, "LFE"), t = sp_layout_channel(to, "LFE");
      for (int c = 0; c < to->n; c++)
        cr_expect_eq(m[c * from->n + f], c == t ? 1.0 : 0.0, "%s into %s (lfe %s): %s gets %g",
                     from->name, to->name, w ? "-10 dB" : "default", to->ch[c].name,
                     m[c * from->n + f]);
    }
  fold("5.1", "stereo", &d, m);
  cr_expect(m[3] == 0 && m[6 + 3] == 0, "dropped: %g %g", m[3], m[9]);
  fold("5.1", "stereo", &with, m);
  cr_expect(fabs(m[3] - x / sqrt(2)) < 1e-15 && fabs(m[6 + 3] - x / sqrt(2)) < 1e-15, "%g %g", m[3],
            m[9]);
  fold("5.1", "LCR", &with, m);
  cr_expect(fabs(m[2 * 6 + 3] - x) < 1e-15 && m[3] == 0, "into C: %g", m[2 * 6 + 3]);
  fold("5.1", "mono", &with, m);
  cr_expect(fabs(m[3] - x) < 1e-15, "into mono: %g", m[3]);
  fold("5.1", "stereo", &d, m);
  cr_expect(fabs(m[2] - pow(10, -3.0 / 20)) < 1e-15, "the centre at 10^(-3/20): %.9f", m[2]);
}

/* ---- Renders against the documented formulas ---- */

/* Renders text (a recipe printing 32-bit float) in a fresh folder; the
 * folder, for reading its out/ (the caller removes it). */
static char *render_in(const char *text, const float *mono, int frames)
{
  char *dir = tu_tmpdir();
  free(tu_write_wav(dir, "x.wav", 1, 48000, 32, mono, frames));
  char *path = tu_write_text(dir, "r.yaml", text);
  char *out = NULL, *err = NULL;
  const int rc = tu_run((const char *[]){"render", "-q", path, NULL}, &out, &err);
  cr_assert_eq(rc, 0, "%s%s", out, err);
  free(out);
  free(err);
  free(path);
  return dir;
}

#define HEAD32 "stemprint: 1\noutput: {dir: out, depth: 32f, dither: none}\n"

/* A moving position: the panner's gains G(p) at every multiple p of 32
 * frames, for the azimuth read linearly between its points at their exact
 * times, and frame t between takes G(p) + (G(p + 32) − G(p))·(t − p)/32,
 * times the fader. The points: 30° to -100° over 0.05 s, a jump to 120°
 * at 0.05 s (ramped over its period), then the short way to -170° (through
 * 180) by 0.09 s, under a fader of -6 dB. */
Test(vbap, a_moving_position_ramps_between_control_periods)
{
  enum { F = 4800 };
  float *x = calloc(F, sizeof *x);
  for (int i = 0; i < F; i++)
    x[i] = 0.5f;
  char *dir = render_in(HEAD32 "tracks:\n  a: {file: x.wav, gain: -6 dB, pan: {azimuth: [[0, 30], "
                               "[0.05 s, -100], [0.05 s, 120], [0.09 s, -170]]}}\n"
                               "master: {layout: 5.1}\n",
                        x, F);
  free(x);
  int64_t n = 0;
  double *y = tu_read_out_ch(dir, "mix", 6, &n);
  cr_assert_eq(n, F);
  const sp_layout *l = L("5.1");
  /* the azimuth at frame t: -170 is taken the short way, as 190 */
  double az[F + 32];
  for (int t = 0; t < F + 32; t++)
    az[t] = t < 2400 ? 30 + (-130.0) * t / 2400 : t < 4320 ? 120 + 70.0 * (t - 2400) / 1920 : 190;
  const double fader = pow(10, -6.0 / 20);
  double worst = 0;
  for (int p = 0; p < F; p += 32) {
    double d0[3], d1[3], g0[SP_MAX_CHANNELS], g1[SP_MAX_CHANNELS];
    unit(az[p], 0, d0);
    unit(az[p + 32], 0, d1);
    ref_pairs(l, d0, az[p], g0);
    ref_pairs(l, d1, az[p + 32], g1);
    for (int t = p; t < p + 32; t++)
      for (int c = 0; c < 6; c++) {
        const double want = 0.5 * fader * (g0[c] + (g1[c] - g0[c]) * (t - p) / 32.0);
        worst = fmax(worst, fabs(y[6 * t + c] - want));
        if (fabs(y[6 * t + c] - want) > 1e-6)
          cr_expect(false, "frame %d, %s: %.9f, the docs' %.9f", t, l->ch[c].name, y[6 * t + c],
                    want);
      }
  }
  cr_expect_lt(worst, 1e-6, "worst %g", worst);
  free(y);
  tu_rmtree(dir);
  free(dir);
}

/* The LFE feed's low-pass as documented: two RBJ low-pass sections, Q
 * 1/√2, each in double as a transposed direct form II from rest, its
 * output rounded to float, then × the level and the fader. Frame for
 * frame on a noise, against the sections written here. */
Test(vbap, the_lfe_feeds_low_pass_is_the_documented_filter)
{
  enum { F = 9600 };
  float *x = calloc(F, sizeof *x);
  uint32_t seed = 7;
  for (int i = 0; i < F; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)((double)(seed >> 8) / 16777216.0 - 0.5);
  }
  char *dir = render_in(HEAD32 "tracks:\n  a: {file: x.wav, channels: [C], gain: -2 dB, lfe: "
                               "{level: -7 dB, lowpass: 90 Hz}}\nmaster: {layout: 5.1}\n",
                        x, F);
  int64_t n = 0;
  double *y = tu_read_out_ch(dir, "mix", 6, &n);
  cr_assert_eq(n, F);
  const double w0 = 2 * M_PI * 90 / 48000, c = cos(w0), al = sin(w0) / (2 * M_SQRT1_2);
  const double a0 = 1 + al, b0 = (1 - c) / 2 / a0, b1 = (1 - c) / a0, b2 = b0, a1 = -2 * c / a0,
               a2 = (1 - al) / a0;
  double s[2][2] = {{0, 0}, {0, 0}}, worst = 0;
  const double g = pow(10, -7.0 / 20) * pow(10, -2.0 / 20);
  for (int i = 0; i < F; i++) {
    float v = x[i];
    for (int k = 0; k < 2; k++) {
      const double in = v, out = b0 * in + s[k][0];
      s[k][0] = b1 * in - a1 * out + s[k][1];
      s[k][1] = b2 * in - a2 * out;
      v = (float)out;
    }
    worst = fmax(worst, fabs(y[6 * i + 3] - g * v));
  }
  cr_expect_lt(worst, 1e-6, "the LFE against the documented filter: worst %g", worst);
  free(x);
  free(y);
  tu_rmtree(dir);
  free(dir);
}

/* A stereo strip naming one channel: its L and R each at 1/√2 (half
 * power), not 10^(-3/20): 0.75/√2 from a pair of 0.25 and 0.5. */
Test(vbap, a_stereo_strip_into_one_channel_is_at_half_power)
{
  char *dir = tu_tmpdir();
  float pair[2 * 480];
  for (int i = 0; i < 480; i++)
    pair[2 * i] = 0.25f, pair[2 * i + 1] = 0.5f;
  free(tu_write_wav(dir, "p.wav", 2, 48000, 32, pair, 480));
  char *path = tu_write_text(dir, "r.yaml",
                             HEAD32 "tracks:\n  a: {file: p.wav, channels: [C]}\n"
                                    "master: {layout: 5.1}\n");
  char *o = NULL, *e = NULL;
  cr_assert_eq(tu_run((const char *[]){"render", "-q", path, NULL}, &o, &e), 0, "%s%s", o, e);
  int64_t n = 0;
  double *y = tu_read_out_ch(dir, "mix", 6, &n);
  cr_expect(fabs(y[6 * 100 + 2] - 0.75 * M_SQRT1_2) < 1e-7, "C %.9f, want %.9f (10^(-3/20): %.9f)",
            y[6 * 100 + 2], 0.75 * M_SQRT1_2, 0.75 * pow(10, -3.0 / 20));
  free(y);
  free(o);
  free(e);
  free(path);
  tu_rmtree(dir);
  free(dir);
}
