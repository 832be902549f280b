/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint check: parse and validate recipes, warn about likely mistakes,
 * and measure the gain staging with a render that writes nothing. Exit 0
 * when valid (warnings allowed), else the status the problems imply. */

#include "cmd/cli.h"

#include "core/render/render.h"
#include "core/base/units.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char help[] =
    "usage: stemprint check RECIPE... [--no-levels] [--confine | --confine-to DIR]\n"
    "                      [--stems HOW] [--strict]\n"
    "\n"
    "Parse and validate each recipe: keys, types, units and ranges, names,\n"
    "routing cycles, source files, inserts, stems and output paths. Prints every\n"
    "problem found (file:line:col: key: what is wrong and how to fix it), and\n"
    "warnings for likely mistakes: a bus nothing feeds, a send to a return that\n"
    "is not heard, a stem of muted tracks only, a soloed track, and (from a\n"
    "render that writes nothing) a track or bus that peaks above 0 dBFS before\n"
    "master. Writes no file.\n"
    "\n"
    "options:\n"
    "  --no-levels         skip the level measurement (no audio is read)\n" SP_CONFINE_HELP
        SP_SESSION_HELP
    "  -h, --help          this help\n"
    "\n"
    "Options may come before or after the recipes; -- ends them.\n"
    "\n"
    "exit status: 0 valid (warnings allowed), 2 a recipe is wrong, 3 a file it\n"
    "names is missing or unreadable, 4 the measuring render failed.\n";

/* Warn about every track or bus whose signal after its fader peaks above
 * full scale: float does not clip, but a print of it or a fixed-point
 * plugin would, and it usually means gain staging went wrong upstream. */
static sp_err check_levels(const sp_graph *g, sp_diags *d)
{
  /* Every CPU: a measurement through LV2 plugins takes as long as a
   * render, and the peaks are the same for any thread count. */
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  sp_render_opts o = {.measure_only = true, .node_peaks = true,
                      .threads = cpus > 0 && cpus < 256 ? (int)cpus : 1};
  sp_render_result res;
  sp_err err = sp_render(g, &o, &res, d);
  for (size_t i = 0; err == SP_OK && i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    double db = sp_lin_to_db(res.node_peak[i]);
    if (n->kind == SP_NODE_MASTER || db <= 0.0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "%s.gain", n->path);
    sp_recipe_warn(g->recipe, d, path,
                   "%s '%s' peaks at %+.1f dBFS after its %sfader, before master: lower its "
                   "gain%s",
                   n->kind == SP_NODE_TRACK ? "track" : "bus", n->name, db,
                   n->strip->n_inserts ? "inserts and " : "",
                   n->kind == SP_NODE_BUS ? " or the levels feeding it" : " or its trim");
  }
  sp_render_result_fini(&res);
  return err;
}

int sp_cmd_check(int argc, char **argv)
{
  bool no_levels = false, confine = false;
  sp_arg_list roots = {0};
  sp_cli_session session = {0};
  const sp_arg opts[] = {
      {.name = "no-levels", .kind = SP_ARG_FLAG, .to = &no_levels},
      SP_CONFINE_ARGS(&confine, &roots),
      SP_SESSION_ARGS(&session),
      {.name = NULL},
  };
  sp_args args;
  int status = sp_args_parse("check", help, opts, argc, argv, &args);
  if (status != 0 || args.help) {
    sp_args_fini(&args);
    free(roots.v);
    return status;
  }
  sp_graph_opts gopts = {0};
  sp_cli_confine(&gopts, confine, &roots);
  for (size_t i = 0; i < args.n_pos; i++) {
    const char *path = args.pos[i];
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r;
    sp_graph *g;
    sp_err err = sp_cli_load(path, &gopts, &session, &r, &g, &d);
    if (err == SP_OK && !no_levels)
      err = check_levels(g, &d);
    sp_diags_print(&d, stderr);
    if (err == SP_OK) {
      size_t stems = g->stems ? g->n_stems : 0;
      printf("%s: ok — %zu track%s, %zu bus%s, %zu stem%s, %.3f s at %.0f Hz%s\n", path,
             r->n_tracks, r->n_tracks == 1 ? "" : "s", r->n_buses, r->n_buses == 1 ? "" : "es",
             stems, stems == 1 ? "" : "s", (double)g->content_frames / g->sample_rate,
             g->sample_rate, sp_diags_warnings(&d) ? "; see the warnings above" : "");
    }
    if (r) {
      sp_graph_free(g);
      sp_recipe_free(r);
    }
    if ((int)err > status)
      status = err;
    sp_diags_fini(&d);
  }
  size_t n = args.n_pos;
  sp_args_fini(&args);
  free(roots.v);
  if (n == 0)
    return sp_cli_usage_error("check", "no recipe given");
  return status;
}
