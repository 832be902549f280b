/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files stemprint prints (core/recipe/format.h). */

#include "core/recipe/format.h"

#include <stddef.h>

const char *sp_format_ext(sp_format f)
{
  static const char *const ext[] = {"wav", "flac", "aiff", "w64", "mp3", "opus"};
  return ext[f];
}

const char *sp_depth_name(sp_depth d)
{
  return d == SP_DEPTH_16 ? "16" : d == SP_DEPTH_24 ? "24" : "32f";
}

int sp_format_takes_rate(sp_format f, double hz)
{
  static const double mp3[] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 0};
  static const double opus[] = {8000, 12000, 16000, 24000, 48000, 0};
  const double *rates = f == SP_FORMAT_MP3 ? mp3 : f == SP_FORMAT_OPUS ? opus : NULL;
  if (hz != (double)(long long)hz)
    return 0;
  for (size_t i = 0; rates && rates[i]; i++)
    if (rates[i] == hz)
      return 1;
  return !rates;
}

const char *sp_format_rates(sp_format f)
{
  return f == SP_FORMAT_MP3    ? "8, 11.025, 12, 16, 22.05, 24, 32, 44.1 or 48 kHz"
         : f == SP_FORMAT_OPUS ? "8, 12, 16, 24 or 48 kHz"
                               : "any whole number of Hz";
}
