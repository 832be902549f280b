/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint render: load, validate, render, report. Recipes are rendered one
 * after the other; a failing recipe does not stop the others and the exit
 * status is the worst one. */

#include "cmd/cli.h"

#include "core/alloc.h"
#include "core/render.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint render RECIPE... [-o DIR] [--quiet]\n"
    "\n"
    "Render each recipe's mix and stems into its output folder (output.dir,\n"
    "default out/<recipe name> beside the recipe). Files are written under a\n"
    "temporary name and moved into place only when every output is complete.\n"
    "With stems, the printed stems are read back, summed and compared with the\n"
    "printed mix (the null test); a residual above checks.null.max_residual\n"
    "makes the render exit 1.\n"
    "\n"
    "options:\n"
    "  -o, --output-dir DIR   write into DIR instead of output.dir\n"
    "  -q, --quiet            print only errors and warnings\n"
    "  --block-frames N       render block size in frames (default 1024);\n"
    "                         the output is identical for every size\n"
    "  -h, --help             this help\n";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
  (void)sig;
  interrupted = 1;
}

static const char *depth_name(sp_depth d)
{
  return d == SP_DEPTH_16 ? "16-bit" : d == SP_DEPTH_24 ? "24-bit" : "32-bit float";
}

static void fmt_db(char *buf, size_t n, double db)
{
  if (isinf(db) && db < 0)
    snprintf(buf, n, "-inf");
  else
    snprintf(buf, n, "%.1f", db);
}

/* What the render did beyond mixing: sources resampled onto the session's
 * rate, the tail rendered after the content, the latency compensated. */
static void report_plan(const sp_graph *g)
{
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      bool seen = false;
      for (size_t j = 0; j <= i && !seen; j++)
        for (size_t m = 0; m < g->nodes[j].n_regions && !seen; m++)
          seen = (j < i || m < k) && strcmp(g->nodes[j].regions[m].path, p->path) == 0;
      if (!seen && p->file_rate != (int)g->sample_rate)
        printf("  resampled %s: %d Hz -> %.0f Hz (libsoxr, very high quality)\n", p->path,
               p->file_rate, g->sample_rate);
    }
  }
  if (g->tail_frames > 0)
    printf("  tail: %.3f s after the last region%s\n", (double)g->tail_frames / g->sample_rate,
           g->recipe->tail_auto ? (g->tail_capped ? " (auto, capped)" : " (auto)") : "");
  if (g->latency > 0)
    printf("  latency compensated: %lld frames at master (outputs aligned to the timeline)\n",
           (long long)g->latency);
}

static void report(const sp_graph *g, const sp_render_result *res, bool quiet)
{
  const sp_recipe *r = g->recipe;
  char a[32], b[32], c[32];
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *o = &res->outputs[i];
    if (o->clipped > 0)
      fprintf(stderr,
              "stemprint: warning: %s: %lld samples clipped at full scale; lower the "
              "master gain or print depth 32f\n",
              o->path, (long long)o->clipped);
  }
  if (quiet)
    return;
  printf("%s: %.3f s rendered in %.2f s (%.0fx real time)\n", r->file, res->seconds,
         res->wall_seconds, res->wall_seconds > 0 ? res->seconds / res->wall_seconds : 0.0);
  report_plan(g);
  for (size_t i = 0; i < res->n_outputs; i++) {
    fmt_db(a, sizeof a, res->outputs[i].peak_dbfs);
    printf("  %-40s peak %s dBFS\n", res->outputs[i].path, a);
  }
  if (res->null_ran) {
    fmt_db(a, sizeof a, res->null.residual_peak_dbfs);
    fmt_db(b, sizeof b, res->null.residual_rms_dbfs);
    fmt_db(c, sizeof c, res->null_threshold_dbfs);
    printf("  null test: %s — stems sum to the mix with residual peak %s dBFS, rms %s dBFS "
           "(max %s dBFS%s%s)\n",
           res->null_passed ? "passed" : "FAILED", a, b, c, r->null_auto ? ", auto for " : "",
           r->null_auto ? depth_name(r->output.depth) : "");
  }
}

static int render_one(const char *path, const sp_graph_opts *gopts, const sp_render_opts *ropts,
                      bool quiet)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_load(path, gopts, &r, &g, &d);
  if (err == SP_OK) {
    sp_render_result res;
    err = sp_render(g, ropts, &res, &d);
    sp_diags_print(&d, stderr);
    if (err == SP_OK || err == SP_ERR_CHECK)
      report(g, &res, quiet);
    if (err == SP_ERR_CHECK) {
      char a[32], b[32];
      fmt_db(a, sizeof a, res.null.residual_peak_dbfs);
      fmt_db(b, sizeof b, res.null_threshold_dbfs);
      bool clipped = false;
      for (size_t i = 0; i < res.n_outputs; i++)
        clipped |= res.outputs[i].clipped > 0;
      fprintf(stderr,
              "stemprint: error: %s: null test failed: residual peak %s dBFS is above "
              "max_residual %s dBFS%s\n",
              r->file, a, b, clipped ? " (outputs clipped: stems and mix clip differently)" : "");
    }
    sp_render_result_fini(&res);
    sp_graph_free(g);
    sp_recipe_free(r);
  } else {
    sp_diags_print(&d, stderr);
  }
  sp_diags_fini(&d);
  return err;
}

int sp_cmd_render(int argc, char **argv)
{
  sp_graph_opts gopts = {.out_dir = NULL};
  sp_render_opts ropts = {.cancel = &interrupted};
  bool quiet = false;
  const char **recipes = sp_xcalloc((size_t)argc + 1, sizeof *recipes);
  size_t n = 0;
  int status = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      free(recipes);
      return 0;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output-dir") == 0) {
      if (i + 1 >= argc) {
        free(recipes);
        return sp_cli_usage_error("render", "%s needs a folder", a);
      }
      gopts.out_dir = argv[++i];
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      quiet = true;
    } else if (strcmp(a, "--block-frames") == 0) {
      char *end = NULL;
      long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
      if (!end || *end || v < 1 || v > 1 << 20) {
        free(recipes);
        return sp_cli_usage_error("render", "--block-frames needs a whole number from 1 to "
                                            "1048576");
      }
      ropts.block_frames = (size_t)v;
      i++;
    } else if (a[0] == '-' && a[1] != '\0') {
      free(recipes);
      return sp_cli_usage_error("render", "unknown option '%s'", a);
    } else {
      recipes[n++] = a;
    }
  }
  if (n == 0) {
    free(recipes);
    return sp_cli_usage_error("render", "no recipe given");
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  for (size_t k = 0; k < n && !interrupted; k++) {
    int rc = render_one(recipes[k], &gopts, &ropts, quiet);
    if (rc > status)
      status = rc;
  }
  free(recipes);
  return status;
}
