/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit parsing: every unit a recipe takes, the defaults' natural units, and
 * the strictness that keeps typos from becoming silent wrong values. */

#include "core/base/units.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

static double parse(sp_unit u, const char *text)
{
  double v = NAN;
  char why[256] = "";
  cr_assert(sp_units_parse(u, text, &v, why, sizeof why), "'%s' refused: %s", text, why);
  return v;
}

static const char *refuse(sp_unit u, const char *text)
{
  static char why[256];
  double v;
  cr_assert_not(sp_units_parse(u, text, &v, why, sizeof why), "'%s' accepted", text);
  return why;
}

Test(units, levels_in_db)
{
  cr_assert_eq(parse(SP_UNIT_DB, "-3 dB"), -3.0);
  cr_assert_eq(parse(SP_UNIT_DB, "-3dB"), -3.0);
  cr_assert_eq(parse(SP_UNIT_DB, "+1.5 dB"), 1.5);
  cr_assert_eq(parse(SP_UNIT_DB, "6"), 6.0);
  cr_assert(isinf(parse(SP_UNIT_DB, "-inf dB")) && parse(SP_UNIT_DB, "-inf dB") < 0);
  cr_assert(isinf(parse(SP_UNIT_DB, "-inf")));
  cr_assert_eq(parse(SP_UNIT_DBFS, "-18 dBFS"), -18.0);
  cr_assert_eq(parse(SP_UNIT_DBFS, "-18 dB"), -18.0);
  cr_assert_eq(parse(SP_UNIT_DBTP, "-1 dBTP"), -1.0);
  cr_assert_eq(parse(SP_UNIT_LUFS, "-14 LUFS"), -14.0);
  cr_assert_eq(parse(SP_UNIT_LUFS, "-24 LKFS"), -24.0);
  cr_assert_eq(parse(SP_UNIT_LU, "1 LU"), 1.0);
}

Test(units, times)
{
  cr_assert_eq(parse(SP_UNIT_SECONDS, "5 ms"), 0.005);
  cr_assert_eq(parse(SP_UNIT_SECONDS, "1.5 s"), 1.5);
  cr_assert_eq(parse(SP_UNIT_SECONDS, "0.05"), 0.05);
  cr_assert_eq(parse(SP_UNIT_SECONDS, "1:32.5"), 92.5);
  cr_assert_eq(parse(SP_UNIT_SECONDS, "1:02:03.25"), 3723.25);
  cr_assert_eq(parse(SP_UNIT_SECONDS, "0:00.001"), 0.001);

  sp_time t;
  char why[256];
  cr_assert(sp_units_parse_time("480 smp", &t, why, sizeof why));
  cr_assert(t.in_frames);
  cr_assert_eq(t.frames, 480);
  cr_assert_eq(sp_time_frames(t, 44100), 480);
  cr_assert(sp_units_parse_time("10 ms", &t, why, sizeof why));
  cr_assert_eq(sp_time_frames(t, 48000), 480);
  cr_assert(sp_units_parse_time("1:32.5", &t, why, sizeof why));
  cr_assert_eq(sp_time_frames(t, 48000), 4440000);
  cr_assert_not(sp_units_parse_time("-1 s", &t, why, sizeof why));
  cr_assert(strstr(why, "negative"), "%s", why);
  cr_assert_not(sp_units_parse_time("1.5 smp", &t, why, sizeof why));
  cr_assert(strstr(why, "whole number"), "%s", why);
  cr_assert_not(sp_units_parse_time("3 parsecs", &t, why, sizeof why));
  cr_assert(strstr(why, "smp"), "message should list smp: %s", why);
}

Test(units, frequencies)
{
  cr_assert_eq(parse(SP_UNIT_HZ, "30 Hz"), 30.0);
  cr_assert_eq(parse(SP_UNIT_HZ, "2.5 kHz"), 2500.0);
  cr_assert_eq(parse(SP_UNIT_HZ, "48000"), 48000.0);
}

Test(units, plain_numbers)
{
  cr_assert_eq(parse(SP_UNIT_NUMBER, "4"), 4.0);
  cr_assert_eq(parse(SP_UNIT_NUMBER, "-0.25"), -0.25);
  cr_assert_eq(parse(SP_UNIT_NUMBER, "1e-3"), 0.001);
  cr_assert(strstr(refuse(SP_UNIT_NUMBER, "4 dB"), "plain number"));
}

Test(units, strictness)
{
  cr_assert(strstr(refuse(SP_UNIT_DB, "-3 db"), "spelled 'dB'"));
  cr_assert(strstr(refuse(SP_UNIT_HZ, "2 khz"), "spelled 'kHz'"));
  cr_assert(strstr(refuse(SP_UNIT_DB, "-3 ms"), "does not fit"));
  cr_assert(strstr(refuse(SP_UNIT_SECONDS, "10 Hz"), "does not fit"));
  refuse(SP_UNIT_DB, "loud");
  refuse(SP_UNIT_DB, "0x10");
  refuse(SP_UNIT_DB, "nan");
  refuse(SP_UNIT_DB, "inf");
  refuse(SP_UNIT_DB, "-3 dB dB");
  refuse(SP_UNIT_DB, "");
  refuse(SP_UNIT_HZ, "-inf");
  cr_assert(strstr(refuse(SP_UNIT_SECONDS, "1:75"), "m:ss.fff"));
  refuse(SP_UNIT_SECONDS, "1.5:30");
  refuse(SP_UNIT_SECONDS, "1:2:3:4");
  /* timecode with frames: said as such, with the way to write it */
  cr_assert(strstr(refuse(SP_UNIT_SECONDS, "01:00:00:00"),
                   "looks like timecode with frames (hh:mm:ss:ff)"));
  cr_assert(strstr(refuse(SP_UNIT_SECONDS, "01:00:00:00"), "is '1:00:00'"));
  cr_assert(strstr(refuse(SP_UNIT_SECONDS, "1:75"), "h:mm:ss.fff"));
}

Test(units, unit_words_of_every_family_in_any_case)
{
  const char *units[] = {"dB", "dBFS", "dBTP", "LUFS", "LKFS", "LU",   "s",
                         "ms", "smp",  "Hz",   "kHz",  "db",   "lufs", "MS"};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    cr_assert(sp_units_is_unit_word(units[i]), "'%s' is a unit", units[i]);
  const char *others[] = {"", "-14", "14 LUFS", "mix.wav", "LUFS.wav", "d", "sec", "inf", "-inf"};
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    cr_assert_not(sp_units_is_unit_word(others[i]), "'%s' is not a unit", others[i]);
}

Test(units, db_conversion)
{
  cr_assert_float_eq(sp_db_to_lin(-6.0), 0.50118723362727224, 1e-15);
  cr_assert_eq(sp_db_to_lin(-INFINITY), 0.0);
  cr_assert_float_eq(sp_lin_to_db(0.5), -6.0205999132796239, 1e-12);
  cr_assert(isinf(sp_lin_to_db(0.0)));
}

/* The dynamics' inline log2/exp2 against libm, over the range levels take. */
#include "core/dsp/fastmath.h"

Test(units, fast_log2_and_exp2_match_libm)
{
  double worst_log = 0, worst_exp = 0;
  for (double x = 1e-12; x < 1e6; x *= 1.0003137) {
    double e = fabs(sp_fast_log2(x) - log2(x));
    worst_log = e > worst_log ? e : worst_log;
  }
  for (double y = -60; y < 20; y += 0.000731) {
    double e = fabs(sp_fast_exp2(y) / exp2(y) - 1.0);
    worst_exp = e > worst_exp ? e : worst_exp;
  }
  cr_assert_lt(worst_log, 1e-12, "log2 off by %g", worst_log);
  cr_assert_lt(worst_exp, 1e-12, "exp2 off by %g relative", worst_exp);
  cr_assert_eq(sp_fast_exp2(0.0), 1.0);
  cr_assert_lt(fabs(sp_fast_log2(1.0)), 1e-15);
  cr_assert_eq(sp_fast_log2(0.0), -1100.0);
  cr_assert_float_eq(sp_fast_db(0.5), -6.0206, 1e-4);
  cr_assert_float_eq(sp_fast_undb(-6.0206), 0.5, 1e-5);
}

/* Just below a whole number, y - floor(y) scaled to table steps can round
 * up to a whole table: a compressor in its knee asks for 2^(-1e-17), and
 * once got 0 (a dropout) from a read past the table. */
Test(units, fast_exp2_just_below_whole_numbers)
{
  const double ys[] = {-1e-17, -1e-300, -0x1p-60, -5e-324, -DBL_MIN, 0.0,    -0.0,
                       1e-17,  -1.0,    -3.0,     -999.5,  1000.0,   -1000.0};
  for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++) {
    double y = ys[i], want = exp2(y);
    cr_assert_lt(fabs(sp_fast_exp2(y) / want - 1.0), 1e-12, "2^%g: %.17g, want %.17g", y,
                 sp_fast_exp2(y), want);
    /* one ulp either side of y */
    const double near[] = {nextafter(y, -INFINITY), nextafter(y, INFINITY)};
    for (int k = 0; k < 2; k++) {
      if (near[k] < -1000.0 || near[k] > 1000.0)
        continue;
      cr_assert_lt(fabs(sp_fast_exp2(near[k]) / exp2(near[k]) - 1.0), 1e-12, "2^%.17g: %.17g",
                   near[k], sp_fast_exp2(near[k]));
    }
  }
  cr_assert_eq(sp_fast_undb(-1e-16) > 0.999999, true, "a -1e-16 dB gain is unity, not a dropout");
}

/* A value a session's reader gives in its unit, converted to a
 * parameter's by the spellings the text takes (issue 88: the reader's
 * number was formatted into text and parsed back): a level in dB for a
 * dBFS one, a plain number in the natural unit; a unit another family's
 * refused in the text's words, a time in the time's (negative, past a
 * day). */
Test(units, a_typed_value_converts_as_its_text_would_read)
{
  double v = NAN;
  char why[256] = "";
  cr_assert(sp_unit_convert(-18, SP_UNIT_DB, SP_UNIT_DBFS, &v, why, sizeof why), "%s", why);
  cr_assert_eq(v, -18);
  cr_assert(sp_unit_convert(-INFINITY, SP_UNIT_DB, SP_UNIT_DB, &v, why, sizeof why));
  cr_assert(isinf(v) && v < 0);
  cr_assert(sp_unit_convert(30, SP_UNIT_NUMBER, SP_UNIT_HZ, &v, why, sizeof why));
  cr_assert_eq(v, 30);
  cr_assert(sp_unit_convert(0.25, SP_UNIT_SECONDS, SP_UNIT_SECONDS, &v, why, sizeof why));
  cr_assert_eq(v, 0.25);
  static const struct {
    double v;
    sp_unit from, to;
    const char *why;
  } refused[] = {
      {-6, SP_UNIT_DBFS, SP_UNIT_DB,
       "unit 'dBFS' does not fit here; expected a value like '-3 dB' "
       "or '-inf dB'"},
      {3, SP_UNIT_HZ, SP_UNIT_DB,
       "unit 'Hz' does not fit here; expected a value like '-3 dB' or "
       "'-inf dB'"},
      {3, SP_UNIT_DB, SP_UNIT_NUMBER, "unit 'dB' does not fit here; expected a value like '1.5'"},
      {-0.005, SP_UNIT_SECONDS, SP_UNIT_SECONDS, "'-0.005 s': a time cannot be negative"},
      {90000, SP_UNIT_NUMBER, SP_UNIT_SECONDS,
       "'90000 s' is longer than 24 hours, the longest stemprint renders"},
  };
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    cr_assert_not(
        sp_unit_convert(refused[i].v, refused[i].from, refused[i].to, &v, why, sizeof why));
    cr_expect_str_eq(why, refused[i].why);
  }
}
