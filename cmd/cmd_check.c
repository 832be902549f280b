/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint check: parse and validate recipes without rendering; print
 * every problem. Exit 0 when valid, else the status the problems imply. */

#include "cmd/cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: stemprint check RECIPE...\n"
    "\n"
    "Parse and validate each recipe: keys, types, units and ranges, names,\n"
    "routing cycles, source files, stems and output paths. Prints every\n"
    "problem found (file:line:col: key: what is wrong and how to fix it) and\n"
    "renders nothing. Exit 0 when valid, 2 when a recipe is wrong, 3 when a\n"
    "file it names is missing or unreadable.\n";

int sp_cmd_check(int argc, char **argv)
{
  int status = 0, n = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      fputs(help, stdout);
      return 0;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0')
      return sp_cli_usage_error("check", "unknown option '%s'", argv[i]);
  }
  for (int i = 0; i < argc; i++) {
    n++;
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r;
    sp_graph *g;
    sp_err err = sp_cli_load(argv[i], NULL, &r, &g, &d);
    sp_diags_print(&d, stderr);
    if (err == SP_OK) {
      printf("%s: ok — %zu tracks, %zu buses, %zu stems, %.3f s at %.0f Hz\n", argv[i], r->n_tracks,
             r->n_buses, g->stems ? g->n_lanes : (size_t)0,
             (double)g->content_frames / g->sample_rate, g->sample_rate);
      sp_graph_free(g);
      sp_recipe_free(r);
    }
    if ((int)err > status)
      status = err;
    sp_diags_fini(&d);
  }
  if (n == 0)
    return sp_cli_usage_error("check", "no recipe given");
  return status;
}
