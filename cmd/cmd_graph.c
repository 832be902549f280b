/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint graph RECIPE [--format text|dot|json]: the route map of a
 * valid recipe, from the built graph (io/routemap). */

#include "cmd/cli.h"

#include "io/report/routemap.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: stemprint graph RECIPE [--format text|dot|json] [--confine | --confine-to DIR]\n"
    "                      [--stems HOW] [--strict]\n"
    "\n"
    "Print the route map of a recipe as it will be rendered: master, the buses\n"
    "and tracks that feed it, each with its inserts (and their latency), fader\n"
    "and stems; sends (level, pre/post fader) and sidechain keys under their\n"
    "source; the stems and their tracks.\n"
    "\n"
    "  --format text   an indented tree (default)\n"
    "  --format dot    Graphviz: stemprint graph song.yaml --format dot | dot -Tsvg > map.svg\n"
    "                  main outputs solid, sends dashed, keys dotted\n"
    "  --format json   nodes and edges, schema stemprint-graph/1 (docs/graph.md)\n" SP_CONFINE_HELP
        SP_RECIPE_STDIN_HELP SP_SESSION_HELP "  -h, --help      this help\n"
    "\n"
    "-f is --format; the format follows it or an '=' (-f dot, --format=dot).\n"
    "\n"
    "exit status: 0 ok, 2 usage or recipe errors, 3 a file the recipe names.\n";

static const sp_cli_spec spec = {"graph", help, 1, 1, "no recipe given", "one recipe at a time", 1};

int sp_cmd_graph(int argc, char **argv)
{
  const char *format = "text";
  static const char *const formats[] = {"text", "dot", "json", NULL};
  sp_cli_input in = {0};
  const sp_arg opts[] = {
      SP_INPUT_ARGS(&in),
      SP_CHOICE_ARG("format", 'f', &format, formats, "text, dot or json", "dot"),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_open(args.pos[0], &in, &r, &g);
  sp_args_fini(&args);
  if (err != SP_OK)
    return err;
  if (strcmp(format, "dot") == 0) {
    sp_routemap_dot(g, sp_cli_out());
  } else if (strcmp(format, "json") == 0) {
    sp_cli_print_json(sp_routemap_json(g));
  } else {
    sp_routemap_text(g, sp_cli_out());
  }
  sp_graph_free(g);
  sp_recipe_free(r);
  return 0;
}
