/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint render: load, validate, render, report. Recipes are rendered one
 * after the other; a failing recipe does not stop the others and the exit
 * status is the worst one. */

#include "cmd/cli.h"

#include "core/alloc.h"
#include "core/render.h"
#include "io/report.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint render RECIPE... [-o DIR] [--report FILE.json] [--quiet]\n"
    "\n"
    "Render each recipe's mix and stems into its output folder (output.dir,\n"
    "default out/<recipe name> beside the recipe). Files are written under a\n"
    "temporary name and moved into place only when every output is complete.\n"
    "With stems, the printed stems are read back, summed and compared with the\n"
    "printed mix (the null test); a residual above checks.null.max_residual\n"
    "makes the render exit 1, as does a missed checks.loudness target.\n"
    "\n"
    "options:\n"
    "  -o, --output-dir DIR   write into DIR instead of output.dir\n"
    "  --report FILE.json     write a JSON report: every output's loudness, the\n"
    "                         null test, each check, render time (one recipe: its\n"
    "                         object; several: {\"renders\": [...]})\n"
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
  if (res->normalized)
    printf("  normalized: the mix measured %.2f LUFS; %+.2f dB after master's chain for %.1f "
           "LUFS\n",
           res->normalize_measured_lufs, res->normalize_gain_db, r->normalize_lufs);
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *o = &res->outputs[i];
    fmt_db(a, sizeof a, o->peak_dbfs);
    if (o->measured) {
      const sp_loudness *l = &o->loudness;
      fmt_db(b, sizeof b, l->true_peak_dbtp);
      if (isnan(l->integrated_lufs))
        snprintf(c, sizeof c, "-");
      else
        snprintf(c, sizeof c, "%.1f", l->integrated_lufs);
      printf("  %-40s %6s LUFS  %6s dBTP  peak %s dBFS\n", o->path, c, b, a);
    } else {
      printf("  %-40s peak %s dBFS\n", o->path, a);
    }
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
  for (size_t k = 0; k < res->n_checks; k++)
    if (strcmp(res->checks[k].name, "null") != 0)
      printf("  check %s: %s\n", res->checks[k].passed ? "passed" : "FAILED", res->checks[k].text);
}

/* The --report object: the recipe, every output with its loudness, the
 * null test, the checks and the timing. */
static sp_json *report_json(const sp_graph *g, const sp_render_result *res, sp_err status)
{
  const sp_recipe *r = g->recipe;
  sp_json *o = sp_report_object();
  sp_report_set(o, "stemprint_version", sp_report_string(SP_VERSION));
  sp_report_set(o, "recipe", sp_report_string(r->file));
  sp_report_set(o, "status", sp_report_int(status));
  sp_report_set(o, "sample_rate", sp_report_int((int64_t)g->sample_rate));
  sp_report_set(o, "frames", sp_report_int(res->frames));
  sp_report_set(o, "seconds", sp_report_number(res->seconds));
  sp_report_set(o, "latency_frames", sp_report_int(g->latency));
  sp_report_set(o, "tail_seconds", sp_report_number((double)g->tail_frames / g->sample_rate));
  sp_json *rs = sp_report_array();
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; k < g->nodes[i].n_regions; k++) {
      const sp_region_plan *p = &g->nodes[i].regions[k];
      if (p->file_rate == (int)g->sample_rate)
        continue;
      sp_json *x = sp_report_object();
      sp_report_set(x, "track", sp_report_string(g->nodes[i].name));
      sp_report_set(x, "path", sp_report_string(p->path));
      sp_report_set(x, "from_hz", sp_report_int(p->file_rate));
      sp_report_set(x, "to_hz", sp_report_int((int64_t)g->sample_rate));
      sp_report_set(x, "resampler", sp_report_string("libsoxr, very high quality"));
      sp_report_append(rs, x);
    }
  sp_report_set(o, "resampled", rs);
  if (res->normalized) {
    sp_json *n = sp_report_object();
    sp_report_set(n, "target_lufs", sp_report_number(r->normalize_lufs));
    sp_report_set(n, "measured_lufs", sp_report_number(res->normalize_measured_lufs));
    sp_report_set(n, "gain_db", sp_report_number(res->normalize_gain_db));
    sp_report_set(o, "normalize", n);
  }
  sp_json *outs = sp_report_array();
  sp_audio_info info = {res->frames, 2, (int)g->sample_rate, "", 0, false};
  snprintf(info.format, sizeof info.format, "%s", sp_format_ext(r->output.format));
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *st = &res->outputs[i];
    sp_loudness none = {NAN, NAN, NAN, NAN, NAN, NAN, 0, 0};
    sp_json *x = sp_report_loudness(st->path, &info, st->measured ? &st->loudness : &none);
    sp_report_set(x, "role", sp_report_string(i == 0 ? "mix" : "stem"));
    sp_report_set(x, "name", sp_report_string(st->name));
    sp_report_append(outs, x);
  }
  sp_report_set(o, "outputs", outs);
  if (res->null_ran) {
    const char **stems = sp_xcalloc(res->n_outputs, sizeof *stems);
    for (size_t i = 1; i < res->n_outputs; i++)
      stems[i - 1] = res->outputs[i].path;
    sp_report_set(o, "null", sp_report_null(&res->null, res->outputs[0].path, stems));
    free(stems);
  } else {
    sp_report_set(o, "null", sp_report_string(NULL));
  }
  sp_json *checks = sp_report_array();
  bool all = true;
  for (size_t k = 0; k < res->n_checks; k++) {
    const sp_check *c = &res->checks[k];
    sp_json *x = sp_report_object();
    sp_report_set(x, "name", sp_report_string(c->name));
    sp_report_set(x, "passed", sp_report_bool(c->passed));
    sp_report_set(x, "value", sp_report_number(c->value));
    sp_report_set(x, "limit", sp_report_number(c->limit));
    if (!isnan(c->tolerance))
      sp_report_set(x, "tolerance", sp_report_number(c->tolerance));
    sp_report_set(x, "message", sp_report_string(c->text));
    sp_report_append(checks, x);
    all &= c->passed;
  }
  sp_report_set(o, "checks", checks);
  sp_report_set(o, "passed", sp_report_bool(status == SP_OK && all));
  sp_report_set(o, "render_seconds", sp_report_number(res->wall_seconds));
  sp_report_set(o, "times_real_time",
                sp_report_number(res->wall_seconds > 0 ? res->seconds / res->wall_seconds : NAN));
  return o;
}

typedef struct render_args {
  sp_graph_opts gopts;
  sp_render_opts ropts;
  bool quiet;
  const char *report; /* --report FILE */
  size_t n_recipes;
} render_args;

static int render_one(const char *path, const render_args *a, sp_json *reports)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r;
  sp_graph *g;
  sp_err err = sp_cli_load(path, &a->gopts, &r, &g, &d);
  if (err == SP_OK) {
    sp_render_result res;
    err = sp_render(g, &a->ropts, &res, &d);
    sp_diags_print(&d, stderr);
    if (err == SP_OK || err == SP_ERR_CHECK)
      report(g, &res, a->quiet);
    if (err == SP_ERR_CHECK) {
      bool clipped = false;
      for (size_t i = 0; i < res.n_outputs; i++)
        clipped |= res.outputs[i].clipped > 0;
      for (size_t k = 0; k < res.n_checks; k++)
        if (!res.checks[k].passed)
          fprintf(stderr, "stemprint: error: %s: check failed: %s%s\n", r->file, res.checks[k].text,
                  strcmp(res.checks[k].name, "null") == 0 && clipped
                      ? " (outputs clipped: stems and mix clip differently)"
                      : "");
    }
    if (reports && (err == SP_OK || err == SP_ERR_CHECK))
      sp_report_append(reports, report_json(g, &res, err));
    sp_render_result_fini(&res);
    sp_graph_free(g);
    sp_recipe_free(r);
  } else {
    sp_diags_print(&d, stderr);
  }
  if (reports && err != SP_OK && err != SP_ERR_CHECK) {
    sp_json *o = sp_report_object();
    sp_report_set(o, "recipe", sp_report_string(path));
    sp_report_set(o, "status", sp_report_int(err));
    sp_report_set(o, "passed", sp_report_bool(false));
    sp_report_append(reports, o);
  }
  sp_diags_fini(&d);
  return err;
}

int sp_cmd_render(int argc, char **argv)
{
  render_args ra = {.gopts = {.out_dir = NULL}, .ropts = {.cancel = &interrupted}};
  const char **recipes = sp_xcalloc((size_t)argc + 1, sizeof *recipes);
  size_t n = 0;
  int status = 0;
  for (int i = 0; i < argc && status == 0; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(help, stdout);
      free(recipes);
      return 0;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output-dir") == 0) {
      if (i + 1 >= argc)
        status = sp_cli_usage_error("render", "%s needs a folder", a);
      else
        ra.gopts.out_dir = argv[++i];
    } else if (strcmp(a, "--report") == 0) {
      if (i + 1 >= argc)
        status = sp_cli_usage_error("render", "--report needs a file name, like report.json");
      else
        ra.report = argv[++i];
    } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
      ra.quiet = true;
    } else if (strcmp(a, "--block-frames") == 0) {
      char *end = NULL;
      long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
      if (!end || *end || v < 1 || v > 1 << 20)
        status = sp_cli_usage_error("render", "--block-frames needs a whole number from 1 to "
                                              "1048576");
      ra.ropts.block_frames = (size_t)v;
      i++;
    } else if (a[0] == '-' && a[1] != '\0') {
      status = sp_cli_usage_error("render", "unknown option '%s'", a);
    } else {
      recipes[n++] = a;
    }
  }
  if (status == 0 && n == 0)
    status = sp_cli_usage_error("render", "no recipe given");
  if (status != 0) {
    free(recipes);
    return status;
  }
  ra.n_recipes = n;
  ra.ropts.loudness = ra.report != NULL;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sp_json *reports = ra.report ? sp_report_array() : NULL;
  for (size_t k = 0; k < n && !interrupted; k++) {
    int rc = render_one(recipes[k], &ra, reports);
    if (rc > status)
      status = rc;
  }
  if (reports) {
    /* One recipe: its object; several: {"renders": [...]}. */
    sp_json *root = reports;
    if (n > 1) {
      root = sp_report_object();
      sp_report_set(root, "renders", reports);
    }
    char why[512];
    sp_err err = SP_OK;
    if (n == 1 && sp_report_array_get(reports, 0))
      err = sp_report_write(sp_report_array_get(reports, 0), ra.report, why, sizeof why);
    else if (n > 1)
      err = sp_report_write(root, ra.report, why, sizeof why);
    if (err != SP_OK) {
      fprintf(stderr, "stemprint: error: --report: %s\n", why);
      if ((int)err > status)
        status = err;
    }
    sp_report_free(root);
  }
  free(recipes);
  return status;
}
