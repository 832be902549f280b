/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_OUTPUT_H
#define SP_RECIPE_PARSE_OUTPUT_H

/* What a recipe prints and checks (io/recipe/parse_output.c): stems,
 * output, checks (versions: recipe_versions, parse_values.h). */

#include "io/recipe/parser.h"

#include <stdbool.h>
#include <stddef.h>

/* output settled once its rows are read (recipe_fill of the root): its
 * values no row says (bwf's defaults) and the stem file's entries, from
 * the model and the place table; the rules across its keys are the
 * check's (core/recipe/check.c) */
void recipe_settle_output(parser *p);

#endif
