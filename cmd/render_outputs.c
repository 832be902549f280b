/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What stemprint render says beside its prints (cmd/render.h): a
 * recipe's summary (its files' levels, the null test, the checks), the
 * bleed matrix --html shows, and the output handlers: --report, --html and
 * --depfile, each a row of one table that render walks. */

#include "cmd/render.h"

#include "cmd/cache.h"
#include "core/base/alloc.h"
#include "core/render/bleed.h"
#include "core/graph/claims.h"
#include "core/job/job.h"
#include "io/outdir/print.h"
#include "io/report/depfile.h"
#include "io/report/html.h"
#include "io/report/html_render.h"
#include "io/report/report_diags.h"
#include "io/report/report_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fmt_db(char *buf, size_t n, double db)
{
  if (isinf(db) && db < 0)
    snprintf(buf, n, "-inf");
  else
    snprintf(buf, n, "%.1f", db);
  if (strcmp(buf, "-0.0") == 0) /* a top code's -0.00026 dBFS: "0.0", as for the bottom's */
    snprintf(buf, n, "0.0");
}

/* An output's peak as its file holds it, and, when samples hit full scale,
 * how many and where they would have gone: "0.0 dBFS (would reach +12.0
 * dBFS; 162944 samples clipped)". */
static void fmt_peak(char *buf, size_t n, const sp_output_stats *o)
{
  char a[32];
  fmt_db(a, sizeof a, o->sample_peak_dbfs);
  if (o->clipped <= 0) {
    snprintf(buf, n, "%s dBFS", a);
    return;
  }
  char over[48] = "";
  if (o->unquantized_peak_dbfs > 0)
    snprintf(over, sizeof over, "would reach %+.1f dBFS; ", o->unquantized_peak_dbfs);
  snprintf(buf, n, "%s dBFS (%s%lld sample%s clipped)", a, over, (long long)o->clipped,
           o->clipped == 1 ? "" : "s");
}

/* What the render did beyond mixing: sources resampled onto the session's
 * rate, the tail rendered after the content, the latency compensated (the
 * render's figures: a graph that served a hit planned no tail). */
static void report_plan(const sp_graph *g, const sp_render_result *res, FILE *out)
{
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      bool seen = false;
      for (size_t j = 0; j <= i && !seen; j++)
        for (size_t m = 0; m < g->nodes[j].n_regions && !seen; m++)
          seen = (j < i || m < k) && strcmp(g->nodes[j].regions[m].path, p->path) == 0;
      if (!seen && !p->midi && p->file_rate != (int)g->sample_rate)
        fprintf(out, "  resampled %s: %d Hz -> %.0f Hz (libsoxr, very high quality)\n", p->path,
                p->file_rate, g->sample_rate);
    }
  }
  for (size_t f = 0; f < g->n_insert_files; f++) {
    const sp_insert_file *x = &g->insert_files[f];
    if (x->file_rate != (int)g->sample_rate)
      fprintf(out, "  resampled %s (%s): %d Hz -> %.0f Hz (libsoxr, very high quality)\n", x->path,
              x->key, x->file_rate, g->sample_rate);
  }
  if (res->tail_frames > 0)
    fprintf(out, "  tail: %.3f s after the last region%s\n",
            (double)res->tail_frames / g->sample_rate,
            g->recipe->tail_auto ? (res->tail_capped ? " (auto, capped)" : " (auto)") : "");
  if (res->latency > 0)
    fprintf(out, "  latency compensated: %lld frames at master (outputs aligned to the timeline)\n",
            (long long)res->latency);
}

static void report(const sp_graph *g, const sp_render_result *res, double served, bool quiet,
                   FILE *out, FILE *err)
{
  const sp_recipe *r = g->recipe;
  char a[32], b[32], c[32];
  (void)err; /* clipping is a check: its failure is reported with the others */
  if (quiet)
    return;
  if (served > 0)
    fprintf(out, "%s: %.3f s served from the cache in %.2f s (its render took %.2f s)\n", r->file,
            res->seconds, served, res->wall_seconds);
  else
    fprintf(out, "%s: %.3f s rendered in %.2f s (%.0fx real time)\n", r->file, res->seconds,
            res->wall_seconds, res->wall_seconds > 0 ? res->seconds / res->wall_seconds : 0.0);
  report_plan(g, res, out);
  if (res->normalized)
    fprintf(out,
            "  normalized: the mix measured %.2f LUFS; %+.2f dB after master's chain for %.1f "
            "LUFS\n",
            res->normalize_measured_lufs, res->normalize_gain_db, r->normalize_lufs);
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *o = &res->outputs[i];
    char peak[128];
    fmt_peak(peak, sizeof peak, o);
    if (o->measured) {
      const sp_loudness *l = &o->loudness;
      fmt_db(b, sizeof b, l->true_peak_dbtp);
      if (isnan(l->integrated_lufs))
        snprintf(c, sizeof c, "-");
      else
        snprintf(c, sizeof c, "%.1f", l->integrated_lufs);
      fprintf(out, "  %-40s %6s LUFS  %6s dBTP  peak %s\n", o->path, c, b, peak);
    } else {
      fprintf(out, "  %-40s peak %s\n", o->path, peak);
    }
  }
  for (size_t i = 0; i < res->n_removed; i++)
    fprintf(out,
            "  removed %s/%s: an earlier render of this recipe printed it; it prints it no more\n",
            g->out_dir, res->removed[i]);
  if (res->n_stale_temps > 0)
    fprintf(out, "  removed %zu temporary file%s a stopped render had left in %s\n",
            res->n_stale_temps, res->n_stale_temps == 1 ? "" : "s", g->out_dir);
  if (res->null_ran) {
    fmt_db(a, sizeof a, res->null.residual_peak_dbfs);
    fmt_db(b, sizeof b, res->null.residual_rms_dbfs);
    fmt_db(c, sizeof c, res->null_threshold_dbfs);
    fprintf(out,
            "  null test: %s — stems sum to the mix with residual peak %s dBFS, rms %s dBFS "
            "(max %s dBFS%s%s)\n",
            res->null_passed ? "passed" : "FAILED", a, b, c, r->null_auto ? ", auto for " : "",
            r->null_auto ? sp_depth_words(r->output.depth) : "");
    /* Why it failed, most telling first: clipping, when the files clip. */
    for (size_t k = 0; !res->null_passed && k < res->null.n_findings; k++)
      fprintf(out, "    %s\n", res->null.findings[k]);
  }
  for (size_t k = 0; k < res->n_checks; k++)
    if (strcmp(res->checks[k].name, "null") != 0)
      fprintf(out, "  check %s: %s\n", res->checks[k].passed ? "passed" : "FAILED",
              res->checks[k].text);
}

/* The bleed matrix for this recipe's section of the HTML report: one more
 * render, writing nothing, which ro's cancel stops and its progress
 * reports. When it fails, *b stays empty and err says why. */
static void measure_bleed(const sp_graph *g, const options *o, const sp_render_opts *ro,
                          sp_bleed *b, FILE *err)
{
  memset(b, 0, sizeof *b);
  if (!g->stems)
    return;
  sp_diags d;
  sp_diags_init(&d);
  if (sp_bleed_measure(g->recipe, g->media, &o->gopts, ro, b, &d) != SP_OK) {
    /* The render's files are written by now: only the matrix is missing. */
    if (ro->cancel && *ro->cancel)
      fprintf(err, "stemprint: %s: interrupted while measuring the bleed for --html\n",
              g->recipe->file);
    else
      /* Not the render's error: the render stands, the page goes without
       * the matrix (a plugin that cannot split by track, say). */
      for (size_t i = 0; i < d.n; i++) {
        char *m = sp_diag_format(&d.v[i]);
        const char *said = strstr(m, "error: ");
        fprintf(err, "stemprint: warning: --html leaves the bleed matrix out: %s\n",
                said ? said + strlen("error: ") : m);
        free(m);
      }
    sp_bleed_fini(b);
  }
  sp_diags_fini(&d);
}

/* ---- what a run writes beside its prints ------------------------------------
 * --report, --html and --depfile are handlers in one table: each says what a
 * recipe adds once its files are in place (rendered or served: said), what
 * a recipe that printed nothing adds (failed), and writes the run's file
 * (write). A new one is a row here and its functions; render walks the
 * table, and writes, warns and raises the exit status in one place. */

typedef struct said_ctx {
  job *j;
  const options *o;
  const sp_graph *g;
  const sp_render_opts *ro;
  const sp_render_result *res;
  sp_err status;
  FILE *err;
} said_ctx;

static void report_said(const said_ctx *c)
{
  c->j->report = sp_report_render(c->g, c->res, c->status);
}

static void report_failed(job *j, sp_err status, const sp_diags *d)
{
  if (!j->report)
    j->report = sp_report_render_failed(j->path, status);
  sp_report_set(j->report, "diagnostics", sp_report_diags(d));
}

static void html_said(const said_ctx *c)
{
  c->j->bleed = true;
  c->j->last_phase = -1;
  sp_bleed b;
  measure_bleed(c->g, c->o, c->ro, &b, c->err);
  c->j->html = sp_html_render_section(c->g, c->res, c->status, &b);
  sp_bleed_fini(&b);
}

static void depfile_said(const said_ctx *c)
{
  c->j->deps = sp_depfile_rule(c->g, c->res, c->o->report, c->o->html,
                               c->status == SP_ERR_CHECK);
}

static sp_err report_write(const char *file, pool *p, char *why, size_t why_size);
static sp_err html_write(const char *file, pool *p, char *why, size_t why_size);
static sp_err depfile_write(const char *file, pool *p, char *why, size_t why_size);

typedef struct output_handler {
  const char *option;
  size_t file; /* offsetof(options, ...): the file asked for (NULL: not asked) */
  void (*said)(const said_ctx *c);
  void (*failed)(job *j, sp_err status, const sp_diags *d); /* every recipe's, or NULL */
  sp_err (*write)(const char *file, pool *p, char *why, size_t why_size);
} output_handler;

static const output_handler handlers[] = {
    {"--report", offsetof(options, report), report_said, report_failed, report_write},
    {"--html", offsetof(options, html), html_said, NULL, html_write},
    {"--depfile", offsetof(options, depfile), depfile_said, NULL, depfile_write},
};
enum { N_HANDLERS = sizeof handlers / sizeof handlers[0] };

static const char *handler_file(const output_handler *h, const options *o)
{
  return *(const char *const *)((const char *)o + h->file);
}

void sp_cmd_render_said(job *j, const options *o, const sp_graph *g, const sp_render_opts *ro,
                       sp_render_result *res, sp_err status, FILE *out, FILE *err)
{
  report(g, res, j->cache_seconds, o->quiet, out, err);
  const said_ctx c = {j, o, g, ro, res, status, err};
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (handler_file(&handlers[k], o))
      handlers[k].said(&c);
}

void sp_cmd_render_failed(job *j, const options *o, sp_err status, const sp_diags *d)
{
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (handlers[k].failed && handler_file(&handlers[k], o))
      handlers[k].failed(j, status, d);
}

/* --report: one render's object, or every render's under "renders". */
static sp_err report_write(const char *file, pool *p, char *why, size_t why_size)
{
  sp_json *root;
  if (p->n == 1) {
    root = p->jobs[0].report;
    p->jobs[0].report = NULL;
  } else {
    root = sp_report_object();
    sp_json *all = sp_report_array();
    for (size_t k = 0; k < p->n; k++) {
      if (p->jobs[k].report)
        sp_report_append(all, p->jobs[k].report);
      p->jobs[k].report = NULL;
    }
    sp_report_set(root, "renders", all);
  }
  sp_err err = root ? sp_report_write(root, file, why, why_size) : SP_OK;
  sp_report_free(root);
  return err;
}

/* --html: every recipe has a section, one that failed too (red, with what
 * it said), and the page is always written: an older page never stands in
 * for this run. */
static sp_err html_write(const char *file, pool *p, char *why, size_t why_size)
{
  const char **sections = sp_xcalloc(p->n, sizeof *sections);
  for (size_t k = 0; k < p->n; k++) {
    job *j = &p->jobs[k];
    if (!j->html) {
      bool ran = atomic_load(&j->phase) == 99;
      char *said =
          ran ? NULL : sp_xasprintf("stemprint: error: %s: interrupted before it started\n", j->path);
      j->html = sp_html_render_failed(j->path, (sp_err)j->status, ran ? j->err_text : said);
      free(said);
    }
    sections[k] = j->html;
  }
  sp_err err = sp_html_write(file, p->n == 1 ? p->jobs[0].path : "stemprint renders", sections,
                             p->n, why, why_size);
  free(sections);
  return err;
}

/* --depfile: only renders that printed have rules (a failed check's with a
 * prerequisite that makes it run again); one that printed nothing leaves
 * its earlier outputs, older than what changed, to run again. No rule at
 * all: no file. */
static sp_err depfile_write(const char *file, pool *p, char *why, size_t why_size)
{
  size_t rules = 0;
  const char **deps = sp_xcalloc(p->n, sizeof *deps);
  for (size_t k = 0; k < p->n; k++)
    rules += (deps[k] = p->jobs[k].deps) != NULL;
  sp_err err = rules > 0 ? sp_depfile_write(file, deps, p->n, why, why_size) : SP_OK;
  free(deps);
  return err;
}

int sp_cmd_render_write(pool *p, const options *o, int status)
{
  for (size_t k = 0; k < N_HANDLERS && !o->dry_run; k++) {
    const char *file = handler_file(&handlers[k], o);
    char why[512];
    if (file && handlers[k].write(file, p, why, sizeof why) != SP_OK) {
      fprintf(stderr, "stemprint: error: %s: %s\n", handlers[k].option, why);
      status = status > SP_ERR_IO ? status : SP_ERR_IO;
    }
  }
  return status;
}
