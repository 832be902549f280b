/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint bleed RECIPE: which source reaches which stem, measured.
 *
 * The recipe is rendered once with a lane per source and stem
 * (docs/design.md, Lanes: the bleed matrix is the same machine with one
 * lane per source), writing
 * nothing: master's lanes are each source's share of each stem, through
 * the real routing, inserts and linked dynamics. A source's home stem is
 * the one it is assigned to (split: sources) or the one its main output
 * reaches master through (split: buses); any other stem it reaches is
 * bleed. Every case is shown; --max-bleed decides the exit status only
 * (exit 1 when a case is above it), and each case says which side of it
 * it is on. */

#include "cmd/cli.h"

#include "core/graph/query.h"
#include "core/render/bleed.h"
#include "core/base/units.h"
#include "io/report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: stemprint bleed RECIPE [--json] [--max-bleed DB] [-o DIR]\n"
    "                      [--confine | --confine-to DIR] [--stems HOW] [--strict]\n"
    "\n"
    "Render the recipe with each source kept apart (nothing is written) and print\n"
    "a matrix, in dBFS RMS, of how much of each source reaches each stem through\n"
    "the real routing: sends, returns, inserts and linked dynamics. '-inf' means\n"
    "nothing at all. A source reaching a stem other than its own is stem bleed;\n"
    "each case is named, with its loudest channel where that reads louder.\n"
    "\n"
    "options:\n"
    "  --json            print the matrix as JSON\n"
    "  --max-bleed DB    exit 1 only for bleed louder than this in any channel, in\n"
    "                    dBFS RMS (or dB): -60, -60 dBFS or --max-bleed=-60dB\n"
    "                    (default: any); quieter bleed is still listed, marked\n"
    "                    as under it\n"
    "  -o, --output-dir DIR  validate the outputs as if written into DIR instead of\n"
    "                    output.dir (bleed writes nothing; for a recipe whose\n"
    "                    output.dir cannot be written here)\n" SP_CONFINE_HELP SP_RECIPE_STDIN_HELP
        SP_SESSION_HELP "  -h, --help        this help\n"
    "\n"
    "A value follows its option or an '=' (-o DIR, --output-dir=DIR); a unit may\n"
    "follow a level, in the same argument or the next (--max-bleed -60 dB).\n"
    "\n"
    "exit status: 0 no bleed (or none above --max-bleed), 1 bleed found (above\n"
    "--max-bleed), 2 usage or recipe errors, 3 files, 4 the render failed.\n";

static const sp_cli_spec spec = {"bleed", help, 1, 1, "no recipe given", "one recipe at a time", 1};

static void fmt_db(char *buf, size_t n, double db)
{
  if (isinf(db) && db < 0)
    snprintf(buf, n, "-inf");
  else
    snprintf(buf, n, "%.1f", db);
}

/* The matrix: a row a source (into rows when JSON, else as text), its
 * level in each stem, its own stem marked. */
static void matrix(const sp_recipe *r, const sp_bleed *b, sp_json *rows)
{
  const size_t S = b->n_sources, K = b->n_stems;
  if (!rows) {
    fprintf(sp_cli_out(), "%s: dBFS RMS of each source in each stem (split: %s)\n", r->file,
            r->split == SP_SPLIT_BUSES ? "buses" : "sources");
    fprintf(sp_cli_out(), "  %-16s", "source");
    for (size_t k = 0; k < K; k++)
      fprintf(sp_cli_out(), " %10.10s", b->stems[k]);
    fprintf(sp_cli_out(), "\n");
  }
  for (size_t s = 0; s < S; s++) {
    if (rows) {
      sp_json *row = sp_report_object(), *lv = sp_report_object();
      sp_report_set(row, "source", sp_report_string(b->sources[s]));
      sp_report_set(row, "home", sp_report_string(b->home[s] >= 0 ? b->stems[b->home[s]] : NULL));
      sp_report_set(row, "silent", sp_report_bool(b->silent[s]));
      for (size_t k = 0; k < K; k++)
        sp_report_set(lv, b->stems[k], sp_report_number(b->db[s * K + k]));
      sp_report_set(row, "stems_dbfs", lv);
      sp_report_append(rows, row);
    } else {
      fprintf(sp_cli_out(), "  %-16.16s", b->sources[s]);
      for (size_t k = 0; k < K; k++) {
        char a[32];
        fmt_db(a, sizeof a, b->db[s * K + k]);
        fprintf(sp_cli_out(), " %9s%s", a, (int)k == b->home[s] ? "*" : " ");
      }
      fprintf(sp_cli_out(), "%s\n", b->silent[s] ? "  (muted)" : "");
    }
  }
}

/* Source s reaching stem k (not its own) at v dBFS RMS, its loudest
 * channel at loud: into bleeds when JSON, else a line, above or under
 * the limit when there is one. */
static void bleed_case(const sp_bleed *b, size_t s, size_t k, bool above, const char *limit,
                       sp_json *bleeds)
{
  const size_t K = b->n_stems;
  const double v = b->db[s * K + k], loud = b->loudest[s * K + k];
  const bool limited = *limit != '\0';
  const int C = b->layout->n;
  const double *dc = &b->db_channel[(s * K + k) * (size_t)C];
  int lc = 0;
  for (int c = 1; c < C; c++)
    lc = dc[c] > dc[lc] ? c : lc;
  char a[32];
  fmt_db(a, sizeof a, v);
  if (bleeds) {
    sp_json *x = sp_report_object();
    sp_report_set(x, "source", sp_report_string(b->sources[s]));
    sp_report_set(x, "stem", sp_report_string(b->stems[k]));
    sp_report_set(x, "level_dbfs", sp_report_number(v));
    sp_json *chs = sp_report_object();
    for (int c = 0; c < C; c++)
      sp_report_set(chs, b->layout->ch[c].name, sp_report_number(dc[c]));
    sp_report_set(x, "channels_dbfs", chs);
    sp_report_set(x, "loudest_channel", sp_report_string(b->layout->ch[lc].name));
    sp_report_set(x, "loudest_dbfs", sp_report_number(loud));
    sp_report_set(x, "above_max_bleed", sp_report_bool(above));
    sp_report_append(bleeds, x);
  } else {
    /* the loudest channel, where it reads louder than the file */
    char where[64] = "";
    char la[32];
    fmt_db(la, sizeof la, loud);
    if (C > 1 && strcmp(la, a) != 0)
      snprintf(where, sizeof where, ", %s at %s", b->layout->ch[lc].name, la);
    fprintf(sp_cli_out(),
            "  bleed: '%s' reaches stem '%s' at %s dBFS RMS%s (its own stem: %s)%s%s%s\n",
            b->sources[s], b->stems[k], a, where, b->home[s] >= 0 ? b->stems[b->home[s]] : "none",
            limited ? ", " : "", limited ? (above ? "above " : "under ") : "", limit);
  }
}

/* The closing line: how many cases, how many above the limit. */
static void summary(size_t n_bleed, size_t n_above, const char *limit)
{
  const bool limited = *limit != '\0';
  if (n_bleed == 0)
    fprintf(sp_cli_out(), "  no stem bleed: every source reaches only its own stem ('*')\n");
  else if (!limited)
    fprintf(sp_cli_out(), "  %zu case%s of stem bleed ('*' marks each source's own stem)\n",
            n_bleed, n_bleed == 1 ? "" : "s");
  else if (n_above == 0)
    fprintf(sp_cli_out(),
            "  %zu case%s of stem bleed, none above %s ('*' marks each source's own stem)\n",
            n_bleed, n_bleed == 1 ? "" : "s", limit);
  else
    fprintf(sp_cli_out(),
            "  %zu case%s of stem bleed, %zu above %s ('*' marks each source's own stem)\n",
            n_bleed, n_bleed == 1 ? "" : "s", n_above, limit);
}

int sp_cmd_bleed(int argc, char **argv)
{
  bool json = false;
  double max_bleed = -INFINITY;
  sp_cli_input in = {.gopts = {.out_dir = NULL}};
  const sp_arg opts[] = {
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      SP_INPUT_ARGS(&in),
      SP_VALUE_ARG("max-bleed", &max_bleed, SP_UNIT_DBFS, -INFINITY, INFINITY,
                   "a level in dBFS (or dB)", "-90 dBFS", NULL),
      SP_OUTPUT_DIR_ARG(&in.gopts.out_dir, "out"),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;

  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_load(args.pos[0], &in, &r, &g, &d);
  sp_bleed b;
  memset(&b, 0, sizeof b);
  if (err == SP_OK)
    err = sp_bleed_measure(r, sp_graph_media(g), &in.gopts, NULL, &b, &d);
  sp_args_fini(&args);
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  if (err != SP_OK) {
    if (r) {
      sp_graph_free(g);
      sp_recipe_free(r);
    }
    return err;
  }
  const size_t S = b.n_sources, K = b.n_stems;
  /* Every case is bleed: a source above nothing at all in a stem not its
   * own. The threshold only sorts them, for the exit status. */
  const bool limited = max_bleed > -INFINITY;
  char limit[64] = "";
  if (limited)
    snprintf(limit, sizeof limit, "--max-bleed %.1f dBFS", max_bleed);
  size_t n_bleed = 0, n_above = 0;
  sp_json *root = json ? sp_report_object() : NULL, *rows = json ? sp_report_array() : NULL,
          *bleeds = json ? sp_report_array() : NULL;
  matrix(r, &b, rows);
  for (size_t s = 0; s < S; s++)
    for (size_t k = 0; k < K; k++) {
      double v = b.db[s * K + k], loud = b.loudest[s * K + k];
      if ((int)k == b.home[s] || isinf(v))
        continue;
      const bool above = loud > max_bleed;
      n_bleed++;
      n_above += above;
      bleed_case(&b, s, k, above, limit, bleeds);
    }
  if (json) {
    sp_report_set(root, "recipe", sp_report_string(r->file));
    sp_report_set(root, "split",
                  sp_report_string(r->split == SP_SPLIT_BUSES ? "buses" : "sources"));
    sp_report_set(root, "layout", sp_report_string(b.layout ? b.layout->name : NULL));
    sp_report_set(root, "sources", rows);
    sp_report_set(root, "max_bleed_dbfs", sp_report_number(max_bleed));
    sp_report_set(root, "bleed", bleeds);
    sp_cli_print_json(root);
  } else {
    summary(n_bleed, n_above, limit);
  }
  sp_bleed_fini(&b);
  sp_graph_free(g);
  sp_recipe_free(r);
  return n_above ? SP_ERR_CHECK : SP_OK;
}
