/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_REGION_H
#define SP_SESSION_BUILD_REGION_H

/* The session builder's regions, reader-facing: a region as a reader
 * has read it (sp_mix_region, io/session/mix.h: the recipe's own
 * sp_region with its values as read, times in seconds, which the reader
 * cuts, layers and moves while it reads) built into the recipe's region
 * as the parser reads it (its sp_time, sp_fade, sp_auto envelope,
 * sp_stretch ...), by the rules the parser reads a region's text by
 * (core/recipe/build.h, fade.h), and what the parser would say of its
 * values kept on it (sp_mix_said) until the session builder places it
 * under its track (`tracks.NAME.regions[K]`), where it is said. */

#include "core/base/diag.h"
#include "core/recipe/recipe.h"
#include "io/session/mix.h"

#include <stdbool.h>

/* A region built, not yet placed. */
typedef struct sp_built_region {
  /* as the parser reads it, but for its place: its file(s) as written,
   * not resolved (path, paths NULL), its keys relative to the region
   * ("file", "midi", "files[2]"); file NULL (and n_files 0) where its path
   * is not read (an empty one, said) */
  sp_region region;
  /* what the parser says of its values, each at its path under the
   * region's ("fade_in.curve[2]", "at") */
  sp_diags said;
  int line; /* the line of the session's element it was read from (0: its track's) */
} sp_built_region;

/* s's regions read so far (m's: its sample rate), final, built in
 * order after those built before (s->built); its read ones emptied. A
 * reader calls it once it computes no more on them. */
void sp_mix_regions_build(const sp_mix *m, sp_mix_strip *s);

#endif
