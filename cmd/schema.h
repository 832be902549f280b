/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CLI_SCHEMA_H
#define SP_CLI_SCHEMA_H

/* A JSON Schema (draft-07, the draft every yaml-language-server reads) of
 * the recipe (cmd/schema.c), made from the rows of its keys
 * (core/recipe/keys.h) and the processors' parameter tables
 * (core/procs/proc.h): `stemprint schema`. */

#include "io/report/report.h"

/* The schema, new (sp_report_free). */
sp_json *sp_cli_schema(void);

/* text after the modeline that gives an editor's YAML support (yaml-language-
 * server) the schema: "# yaml-language-server: $schema=file:///...\n", the
 * schema installed with this binary (BINDIR/../share/stemprint/) or, in a
 * build folder, made beside it; text alone when there is neither. New. */
char *sp_cli_with_schema_line(const char *text);

#endif
