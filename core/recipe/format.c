/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files stemprint prints (core/recipe/format.h). */

#include "core/recipe/format.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

const char *sp_format_ext(sp_format f)
{
  static const char *const ext[] = {"wav", "flac", "aiff", "w64", "mp3", "opus"};
  return ext[f];
}

const char *sp_depth_name(sp_depth d)
{
  return d == SP_DEPTH_16 ? "16" : d == SP_DEPTH_24 ? "24" : "32f";
}

/* The rates an encoder takes, 0-terminated; NULL: any whole number of Hz. */
static const double *rates_of(sp_format f)
{
  static const double mp3[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 0};
  static const double opus[] = {8000, 12000, 16000, 24000, 48000, 0};
  return f == SP_FORMAT_MP3 ? mp3 : f == SP_FORMAT_OPUS ? opus : NULL;
}

int sp_format_takes_rate(sp_format f, double hz)
{
  const double *rates = rates_of(f);
  if (hz != (double)(long long)hz)
    return 0;
  for (size_t i = 0; rates && rates[i]; i++)
    if (rates[i] == hz)
      return 1;
  return !rates;
}

double sp_format_nearest_rate(sp_format f, double hz)
{
  const double *rates = rates_of(f);
  if (!rates)
    return floor(hz + 0.5);
  double best = rates[0];
  for (size_t i = 1; rates[i]; i++)
    if (fabs(rates[i] - hz) < fabs(best - hz))
      best = rates[i];
  return best;
}

int sp_format_check_rate(sp_format f, double hz, char *why, size_t why_size)
{
  if (sp_format_takes_rate(f, hz))
    return 1;
  const double near = sp_format_nearest_rate(f, hz);
  if (!rates_of(f))
    snprintf(why, why_size,
             "%.10g Hz is not a sample rate: a sample rate is a whole number of Hz, "
             "like %.10g",
             hz, near);
  else
    snprintf(why, why_size,
             "%s takes %s, not %.10g kHz; give the set one of them, like rate: %g kHz",
             sp_format_ext(f), sp_format_rates(f), hz / 1000, near / 1000);
  return 0;
}

const char *sp_format_rates(sp_format f)
{
  return f == SP_FORMAT_MP3    ? "8, 11.025, 12, 16, 22.05, 24, 32, 44.1 or 48 kHz"
         : f == SP_FORMAT_OPUS ? "8, 12, 16, 24 or 48 kHz"
                               : "any whole number of Hz";
}
