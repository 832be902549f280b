/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_SCHEMA_H
#define SP_RECIPE_SCHEMA_H

/* A JSON Schema (draft-07, the draft every yaml-language-server reads) of
 * the recipe (io/recipe/schema.c), made from the rows of its keys
 * (core/recipe/keys.h) and the processors' parameter tables
 * (core/procs/proc.h): `stemprint schema`. */

#include "io/report/report.h"

/* The schema, new (sp_report_free). */
sp_json *sp_recipe_schema(void);

#endif
