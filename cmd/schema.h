/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CLI_SCHEMA_H
#define SP_CLI_SCHEMA_H

/* A JSON Schema (draft-07, the draft every yaml-language-server reads) of
 * the recipe (cmd/schema.c), made from the rows of its keys
 * (core/recipe/keys.h) and the processors' parameter tables
 * (core/procs/proc.h): `stemprint schema`. */

#include "io/report/report.h"

struct recipe_timed;

/* The kind of timed value a row names (sp_key_row.timed:
 * "recipe_timed_level"), or NULL. */
const struct recipe_timed *sp_cli_timed_kind(const char *name);

/* The schema, new (sp_report_free). */
sp_json *sp_cli_schema(void);

#endif
