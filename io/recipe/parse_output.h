/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_OUTPUT_H
#define SP_RECIPE_PARSE_OUTPUT_H

/* What a recipe prints and checks (io/recipe/parse_output.c): stems,
 * output, checks (versions: recipe_versions, parse_values.h). */

#include "io/recipe/parser.h"

#include <stdbool.h>
#include <stddef.h>

/* output's values no row says (bwf's defaults) and the stem file's
 * entries, once its rows are read (recipe_fill of the root); the rules
 * across its keys are the check's (core/recipe/check.c) */
void recipe_parse_output(parser *p, const sp_ynode *v);

#endif
