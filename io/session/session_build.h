/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_SESSION_BUILD_H
#define SP_SESSION_BUILD_H

/* A session's recipe built from the mix its reader read (after
 * sp_mix_finish), with no recipe text between: each value set as the
 * parser sets it from the text the mix would be written as (the tests
 * keep that text, tests/mix_yaml.h, as their oracle), checked as the
 * parser checks it (issue 72). */

#include "core/recipe/recipe.h"
#include "io/session/mix.h"

/* The recipe of m at file (its relative paths from file's folder), begun
 * with m's top as its reader built it (sp_mix.top), with no places noted
 * (sp_session_place places it; sp_recipe_check, core/recipe/check.h,
 * then checks it as a recipe's text is checked: a number out of its row's
 * range is held as read, and said there). A value the parser
 * refuses of m's text by a rule not yet the check's is said into said as
 * the parser says it, each at its recipe path (at the line of the
 * session's element being built, or, with none, at line 1 of file for
 * the caller to place by that path's origin), and left out as
 * the parser leaves it; a value no reader gives said there as an error,
 * left out. NULL where the
 * parser would read no further (more tracks and buses than a recipe
 * holds): what stopped it said into said; a time the recipe does not hold
 * is the check's. What the
 * readers built of m (its regions) is taken into the recipe, once. */
sp_recipe *sp_session_build(sp_mix *m, const char *file, sp_diags *said);

#endif
