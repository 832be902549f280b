/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CLI_H
#define SP_CLI_H

/* Subcommands of the stemprint executable. Each takes the arguments after
 * its name and returns the process exit status: 0 ok, 1 a check failed,
 * 2 usage or recipe, 3 a file problem, 4 the render failed (the man
 * page's EXIT STATUS, docs/stemprint.1). */

#include "core/diag.h"
#include "core/graph.h"
#include "core/recipe.h"

int sp_cmd_render(int argc, char **argv);
int sp_cmd_check(int argc, char **argv);
int sp_cmd_help(int argc, char **argv);
int sp_cmd_null(int argc, char **argv);
int sp_cmd_loudness(int argc, char **argv);
int sp_cmd_bleed(int argc, char **argv);
int sp_cmd_graph(int argc, char **argv);
int sp_cmd_init(int argc, char **argv);

/* Parse and validate the recipe at path: every problem goes to d. On
 * success *recipe and *graph are set (free the graph first); on failure both
 * are NULL and the result is the exit status the problems imply. */
sp_err sp_cli_load(const char *path, const sp_graph_opts *opts, sp_recipe **recipe,
                   sp_graph **graph, sp_diags *d);

/* Print a command-line error with a hint to use --help; returns 2. */
int sp_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
