/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files stemprint prints (core/recipe/format.h). */

#include "core/recipe/format.h"

const char *sp_format_ext(sp_format f)
{
  static const char *const ext[] = {"wav", "flac", "aiff", "w64"};
  return ext[f];
}
