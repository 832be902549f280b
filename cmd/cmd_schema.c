/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint schema [-o FILE]: the recipe's JSON Schema (cmd/schema.c),
 * made from the rows of its keys, for editors (yaml-language-server: the
 * `# yaml-language-server: $schema=...` line) and validators. */

#include "cmd/cli.h"

#include "cmd/schema.h"
#include "io/report/report.h"

#include <stdio.h>

static const char help[] =
    "usage: stemprint schema [-o FILE]\n"
    "\n"
    "Print the recipe's JSON Schema (draft-07): every key of every object with\n"
    "its type, range, values, default and help, an insert's parameters from its\n"
    "processor. Made from the same tables the parser's keys are declared in. An\n"
    "editor with yaml-language-server completes and checks a recipe that starts\n"
    "with the line\n"
    "  # yaml-language-server: $schema=PATH/recipe.schema.json\n"
    "The schema checks shapes and bare numbers' ranges; `stemprint check` says\n"
    "the rest (names that must exist, ranges written with a unit).\n"
    "\n"
    "  -o, --output FILE  write it to FILE instead of standard output\n"
    "  -h, --help         this help\n"
    "\n"
    "exit status: 0 written, 2 usage, 3 FILE could not be written.\n";

static const sp_cli_spec spec = {
    "schema", help, 0, 0, NULL, "'schema' takes no arguments, not '%s'", 0};

int sp_cmd_schema(int argc, char **argv)
{
  const char *out = NULL;
  const sp_arg opts[] = {
      SP_OUTPUT_ARG("output", 'o', &out, "a file", "recipe.schema.json"),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  sp_args_fini(&args);
  sp_json *s = sp_cli_schema();
  if (out) {
    char why[512];
    if (sp_report_write(s, out, why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: %s: %s", out, why);
      status = SP_ERR_IO;
    }
  } else {
    sp_report_print(s, sp_cli_out());
  }
  sp_report_free(s);
  return status;
}
