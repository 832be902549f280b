/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint bleed RECIPE: which source reaches which stem, measured.
 *
 * The recipe is rendered once with a lane per source and stem (DESIGN.md:
 * the bleed matrix is the same machine with one lane per source), writing
 * nothing: master's lanes are each source's share of each stem, through
 * the real routing, inserts and linked dynamics. A source's home stem is
 * the one it is assigned to (split: sources) or the one its main output
 * reaches master through (split: buses); any other stem it reaches is
 * bleed. Exit 1 when there is bleed above --max-bleed. */

#include "cmd/cli.h"

#include "core/alloc.h"
#include "core/render.h"
#include "core/units.h"
#include "io/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint bleed RECIPE [--json] [--max-bleed DB] [-o DIR]\n"
    "\n"
    "Render the recipe with each source kept apart (nothing is written) and print\n"
    "a matrix, in dBFS RMS, of how much of each source reaches each stem through\n"
    "the real routing: sends, returns, inserts and linked dynamics. '-inf' means\n"
    "nothing at all. A source reaching a stem other than its own is stem bleed;\n"
    "each case is named.\n"
    "\n"
    "options:\n"
    "  --json            print the matrix as JSON\n"
    "  --max-bleed DB    exit 1 only for bleed louder than this (default: any)\n"
    "  -h, --help        this help\n"
    "\n"
    "exit status: 0 no bleed, 1 bleed found, 2 usage or recipe errors, 3 files,\n"
    "4 the render failed.\n";

static void fmt_db(char *buf, size_t n, double db)
{
  if (isinf(db) && db < 0)
    snprintf(buf, n, "-inf");
  else
    snprintf(buf, n, "%.1f", db);
}

int sp_cmd_bleed(int argc, char **argv)
{
  const char *path = NULL;
  bool json = false;
  double max_bleed = -INFINITY;
  sp_graph_opts gopts = {.per_source = true};
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      return 0;
    } else if (strcmp(a, "--json") == 0) {
      json = true;
    } else if (strcmp(a, "--max-bleed") == 0) {
      char why[256];
      if (i + 1 >= argc)
        return sp_cli_usage_error("bleed", "--max-bleed needs a level like -90 dBFS");
      if (!sp_units_parse(SP_UNIT_DBFS, argv[++i], &max_bleed, why, sizeof why))
        return sp_cli_usage_error("bleed", "--max-bleed '%s': %s", argv[i], why);
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output-dir") == 0) {
      if (i + 1 >= argc)
        return sp_cli_usage_error("bleed", "%s needs a folder", a);
      gopts.out_dir = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      return sp_cli_usage_error("bleed", "unknown option '%s'", a);
    } else if (path) {
      return sp_cli_usage_error("bleed", "one recipe at a time");
    } else {
      path = a;
    }
  }
  if (!path)
    return sp_cli_usage_error("bleed", "no recipe given");

  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_load(path, &gopts, &r, &g, &d);
  if (err == SP_OK && !g->stems) {
    sp_recipe_error(r, &d, SP_ERR_USAGE, "stems",
                    "bleed is measured between sources and stems; this recipe has no 'stems:'");
    err = SP_ERR_USAGE;
  }
  sp_render_result res;
  memset(&res, 0, sizeof res);
  if (err == SP_OK) {
    sp_render_opts ro = {.measure_only = true};
    err = sp_render(g, &ro, &res, &d);
  }
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  if (err != SP_OK) {
    sp_render_result_fini(&res);
    if (r) {
      sp_graph_free(g);
      sp_recipe_free(r);
    }
    return err;
  }

  const size_t S = r->n_tracks, K = g->n_stems;
  double *db = sp_xcalloc(S * K, sizeof *db), *e = sp_xcalloc(S * K, sizeof *e);
  for (size_t l = 0; l < g->n_lanes; l++)
    if (g->lane_source[l] >= 0 && g->lane_stem[l] >= 0)
      e[(size_t)g->lane_source[l] * K + (size_t)g->lane_stem[l]] += res.lane_energy[l];
  double samples = 2.0 * (double)res.frames;
  for (size_t i = 0; i < S * K; i++)
    db[i] = e[i] > 0 && samples > 0 ? 10 * log10(e[i] / samples) : -INFINITY;
  int *home = sp_xcalloc(S, sizeof *home);
  for (size_t s = 0; s < S; s++)
    home[s] = sp_graph_home_stem(g, (int)s);

  size_t n_bleed = 0;
  sp_json *root = json ? sp_report_object() : NULL, *rows = json ? sp_report_array() : NULL,
          *bleeds = json ? sp_report_array() : NULL;
  if (!json) {
    printf("%s: dBFS RMS of each source in each stem (split: %s)\n", r->file,
           r->split == SP_SPLIT_BUSES ? "buses" : "sources");
    printf("  %-16s", "source");
    for (size_t k = 0; k < K; k++)
      printf(" %10.10s", r->stems[k].name);
    printf("\n");
  }
  for (size_t s = 0; s < S; s++) {
    const sp_node *n = &g->nodes[s];
    if (json) {
      sp_json *row = sp_report_object(), *lv = sp_report_object();
      sp_report_set(row, "source", sp_report_string(n->name));
      sp_report_set(row, "home", sp_report_string(home[s] >= 0 ? r->stems[home[s]].name : NULL));
      sp_report_set(row, "silent", sp_report_bool(n->silent));
      for (size_t k = 0; k < K; k++)
        sp_report_set(lv, r->stems[k].name, sp_report_number(db[s * K + k]));
      sp_report_set(row, "stems_dbfs", lv);
      sp_report_append(rows, row);
    } else {
      printf("  %-16.16s", n->name);
      for (size_t k = 0; k < K; k++) {
        char a[32];
        fmt_db(a, sizeof a, db[s * K + k]);
        printf(" %9s%s", a, (int)k == home[s] ? "*" : " ");
      }
      printf("%s\n", n->silent ? "  (muted)" : "");
    }
  }
  for (size_t s = 0; s < S; s++)
    for (size_t k = 0; k < K; k++) {
      double v = db[s * K + k];
      if ((int)k == home[s] || isinf(v) || v <= max_bleed)
        continue;
      n_bleed++;
      char a[32];
      fmt_db(a, sizeof a, v);
      if (json) {
        sp_json *b = sp_report_object();
        sp_report_set(b, "source", sp_report_string(g->nodes[s].name));
        sp_report_set(b, "stem", sp_report_string(r->stems[k].name));
        sp_report_set(b, "level_dbfs", sp_report_number(v));
        sp_report_append(bleeds, b);
      } else {
        printf("  bleed: '%s' reaches stem '%s' at %s dBFS RMS (its own stem: %s)\n",
               g->nodes[s].name, r->stems[k].name, a,
               home[s] >= 0 ? r->stems[home[s]].name : "none");
      }
    }
  if (json) {
    sp_report_set(root, "recipe", sp_report_string(r->file));
    sp_report_set(root, "split",
                  sp_report_string(r->split == SP_SPLIT_BUSES ? "buses" : "sources"));
    sp_report_set(root, "sources", rows);
    sp_report_set(root, "bleed", bleeds);
    sp_report_print(root, stdout);
    sp_report_free(root);
  } else {
    printf(n_bleed ? "  %zu case%s of stem bleed ('*' marks each source's own stem)\n"
                   : "  no stem bleed: every source reaches only its own stem ('*')\n",
           n_bleed, n_bleed == 1 ? "" : "s");
  }
  free(db);
  free(e);
  free(home);
  sp_render_result_fini(&res);
  sp_graph_free(g);
  sp_recipe_free(r);
  return n_bleed ? SP_ERR_CHECK : SP_OK;
}
