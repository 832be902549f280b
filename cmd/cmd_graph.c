/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint graph RECIPE [--format text|dot|json]: the route map of a
 * valid recipe, from the built graph (io/routemap). */

#include "cmd/cli.h"

#include "io/routemap.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: stemprint graph RECIPE [--format text|dot|json]\n"
    "\n"
    "Print the route map of a recipe as it will be rendered: master, the buses\n"
    "and tracks that feed it, each with its inserts (and their latency), fader\n"
    "and stems; sends (level, pre/post fader) and sidechain keys under their\n"
    "source; the stems and their tracks.\n"
    "\n"
    "  --format text   an indented tree (default)\n"
    "  --format dot    Graphviz: stemprint graph song.yaml --format dot | dot -Tsvg > map.svg\n"
    "                  main outputs solid, sends dashed, keys dotted\n"
    "  --format json   nodes and edges, schema stemprint-graph/1 (docs/graph.md)\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 ok, 2 usage or recipe errors, 3 a file the recipe names.\n";

int sp_cmd_graph(int argc, char **argv)
{
  const char *path = NULL, *format = "text";
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      return 0;
    } else if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
      if (i + 1 >= argc)
        return sp_cli_usage_error("graph", "--format needs text, dot or json");
      format = argv[++i];
      if (strcmp(format, "text") && strcmp(format, "dot") && strcmp(format, "json"))
        return sp_cli_usage_error("graph", "--format '%s': expected text, dot or json", format);
    } else if (a[0] == '-' && a[1] != '\0') {
      return sp_cli_usage_error("graph", "unknown option '%s'", a);
    } else if (path) {
      return sp_cli_usage_error("graph", "one recipe at a time");
    } else {
      path = a;
    }
  }
  if (!path)
    return sp_cli_usage_error("graph", "no recipe given");
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_load(path, NULL, &r, &g, &d);
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  if (err != SP_OK)
    return err;
  if (strcmp(format, "dot") == 0) {
    sp_routemap_dot(g, stdout);
  } else if (strcmp(format, "json") == 0) {
    sp_json *j = sp_routemap_json(g);
    sp_report_print(j, stdout);
    sp_report_free(j);
  } else {
    sp_routemap_text(g, stdout);
  }
  sp_graph_free(g);
  sp_recipe_free(r);
  return 0;
}
