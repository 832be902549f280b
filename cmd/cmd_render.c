/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint render: load, validate, render, report — for one recipe or
 * many at once.
 *
 *   main thread: parse options ─► start min(-j, recipes) workers ─► watch:
 *                progress on stderr (a live line on a terminal, plain lines
 *                otherwise), each recipe's output printed whole and in recipe
 *                order as soon as it and those before it are done
 *   workers:     take the next recipe ─► load ─► render (or dry run) ─►
 *                summary, diagnostics and report into the recipe's buffers
 *   at the end:  the report file, the depfile, a line per failed recipe
 *
 * A failing recipe does not stop the others; the exit status is the worst.
 * Renders never share state, so the files are the same bytes for any -j.
 * What a render says besides its summary is built by the library: the
 * report object (io/report/report_render.h), the depfile rule
 * (io/report/depfile.h), the HTML section (io/report/html_render.h); which
 * recipes would write one file is core/graph/claims.h's. */

#include "cmd/cli.h"
#include "cmd/adm.h"
#include "cmd/cache.h"

#include "core/base/alloc.h"
#include "core/render/bleed.h"
#include "core/graph/claims.h"
#include "core/job/job.h"
#include "core/render/render.h"
#include "io/cache/digests.h"
#include "io/outdir/print.h"
#include "io/report/depfile.h"
#include "io/report/html.h"
#include "io/report/html_render.h"
#include "io/report/report.h"
#include "io/report/report_diags.h"
#include "io/report/report_render.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The help, in two literals (one would pass the 4095 bytes C99 promises),
 * joined by help_text. */
static const char help_head[] =
    "usage: stemprint render RECIPE... [-o DIR] [-j N] [--only mix|stems|NAME[,NAME...]]\n"
    "                        [--report FILE.json] [--html FILE.html] [--depfile FILE]\n"
    "                        [--dry-run] [--force] [--confine | --confine-to DIR]\n"
    "                        [--progress auto|bar|plain|none] [--quiet]\n"
    "                        [--cache DIR|URL | --no-cache] [--stems HOW] [--strict]\n"
    "                        [--diagnostics text|github|gitlab [--diagnostics-file F]]\n"
    "\n"
    "Render each recipe's mix and stems into its output folder (output.dir,\n"
    "default out/<recipe name> beside the recipe). Files are written under a\n"
    "temporary name and moved into place only when every output is complete.\n"
    "With stems, the printed stems are read back, summed and compared with the\n"
    "printed mix (the null test); a residual above checks.null.max_residual\n"
    "makes the render exit 1, as does a missed checks.loudness target (the mix),\n"
    "a printed file over checks.loudness.max_true_peak (each file is checked),\n"
    "or a 16- or 24-bit file with samples at full scale (clipping).\n"
    "\n"
    "options:\n"
    "  -o, --output-dir DIR   write into DIR instead of output.dir; {recipe} in it is\n"
    "                         the recipe's name (several recipes need a folder each)\n"
    "  -j, --jobs N           use N threads (default: the number of CPUs): up to N\n"
    "                         recipes at once, the rest inside each render; the\n"
    "                         files are the same bytes for any N\n"
    "  --only WHAT            write only the mix ('mix': the same bytes as a whole\n"
    "                         render's, the stems computed, not written), only the\n"
    "                         stems ('stems'), or the named\n"
    "                         outputs (comma-separated); without every output\n"
    "                         there is no null test\n"
    "  --report FILE.json     write a JSON report: every output's loudness, the\n"
    "                         null test, each check, render time and every\n"
    "                         diagnostic with its line (one recipe: its object;\n"
    "                         several: {\"renders\": [...]}; docs/ci.md)\n"
    "  --html FILE.html       write a self-contained HTML report: route map,\n"
    "                         loudness over time, null test, bleed matrix, checks\n"
    "  --depfile FILE         write a Makefile dependency file: the outputs (and the\n"
    "                         --report and --html files) depend on the recipe,\n"
    "                         every source, impulse response, state\n"
    "  -n, --dry-run          print what would be written, from which inputs, and\n"
    "                         render nothing\n"
    "  --force                print into a folder that holds another input's prints\n"
    "                         (song.yaml's, for song.dawproject), taking it over,\n"
    "                         or over files another recipe printed there\n"
    "  --progress MODE        auto (a live line on a terminal; plain lines every\n"
    "                         few seconds otherwise, and with CI=true or\n"
    "                         TERM=dumb), bar, plain or none; always on stderr;\n"
    "                         each pass over the timeline is named\n"
    "  -q, --quiet            print only errors and warnings (no summary, no\n"
    "                         progress)\n" SP_CONFINE_HELP SP_SESSION_HELP;
static const char help_tail[] =
    SP_DIAG_HELP "  --cache DIR|URL        serve renders from a cache of renders in DIR, or on\n"
                 "                         a cache server at http(s)://host/prefix, when it\n"
                 "                         has them (the same files, report and exit status,\n"
                 "                         checked against their digests), and store the\n"
                 "                         others there; also $STEMPRINT_CACHE (docs/cache.md)\n"
                 "  --no-cache             do not use $STEMPRINT_CACHE\n"
                 "  --block-frames N       render block size in frames (default 8192,\n"
                 "                         4096 with LV2 plugins); the output is identical\n"
                 "                         for every size (LV2 plugins aside: some depend\n"
                 "                         on it, docs/lv2.md)\n"
                 "  -h, --help             this help\n"
                 "\n"
                 "A value follows its option or an '=' (-j 2, -j2, --jobs=2); short flags group\n"
                 "(-qj2 is -q -j 2); options may come before or after the recipes; -- ends\n"
                 "them.\n"
                 "\n"
                 "exit status: the worst of the recipes: 0 ok, 1 a check failed, 2 usage or\n"
                 "recipe errors, 3 a file problem, 4 the render failed; interrupted, 130\n"
                 "(SIGINT) or 143 (SIGTERM), with no output of an unfinished render written.\n";

static const char *help_text(void)
{
  static char help[sizeof help_head + sizeof help_tail];
  snprintf(help, sizeof help, "%s%s", help_head, help_tail);
  return help;
}

/* The signal that asked the renders to stop (SIGINT, SIGTERM), 0 none; the
 * first one counts. The renders poll it (sp_render_opts.cancel). */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
  if (!interrupted)
    interrupted = sig;
}

/* After an interrupt, with every temporary file gone: end by the same
 * signal, so that the shell says 130 (SIGINT) or 143 (SIGTERM) and a
 * script that ran stemprint stops too (bash goes on with a script whose
 * command exited, even with 130, but not with one the signal killed).
 * 128 + sig if the signal does not end the process. */
static int die_of(int sig)
{
  fflush(sp_cli_out());
  fflush(stderr);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(sig, &sa, NULL);
  raise(sig);
  return 128 + sig;
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
            r->null_auto ? depth_name(r->output.depth) : "");
    /* Why it failed, most telling first: clipping, when the files clip. */
    for (size_t k = 0; !res->null_passed && k < res->null.n_findings; k++)
      fprintf(out, "    %s\n", res->null.findings[k]);
  }
  for (size_t k = 0; k < res->n_checks; k++)
    if (strcmp(res->checks[k].name, "null") != 0)
      fprintf(out, "  check %s: %s\n", res->checks[k].passed ? "passed" : "FAILED",
              res->checks[k].text);
}

/* ---- one recipe ------------------------------------------------------------ */

typedef enum progress_mode { PROGRESS_NONE, PROGRESS_BAR, PROGRESS_PLAIN } progress_mode;

typedef struct options {
  sp_graph_opts gopts;
  sp_render_opts ropts;
  bool quiet;
  bool dry_run;
  bool force;             /* --force: print into a folder another input's record claims */
  const char *report;     /* --report FILE */
  const char *depfile;    /* --depfile FILE */
  const char *html;       /* --html FILE */
  const char *only;       /* --only, as given */
  sp_cache *cache;        /* --cache or $STEMPRINT_CACHE, or NULL */
  sp_digest_index *index; /* the digest index, for the cache's keys */
  int jobs;
  progress_mode progress;
  sp_cli_session session; /* --stems, --strict */
  sp_cli_diag_out dout;   /* --diagnostics, --diagnostics-file */
} options;

typedef struct job {
  const char *path;
  /* the recipe or session, read once (before the workers start when
   * several recipes are checked for outputs they share), and what reading
   * it said */
  sp_cli_recipe in;
  sp_diags read_said;
  bool read;
  int status;
  /* what the recipe prints, kept until it is its turn */
  char *out_text, *err_text;
  size_t out_len, err_len;
  sp_json *report; /* its report object */
  sp_diags said;   /* every diagnostic it printed, for --diagnostics */
  char *deps;      /* its depfile rule */
  char *html;      /* its section of the HTML report */
  char *name;      /* for progress: the recipe's base name */
  /* progress, written by the worker, read by the main thread */
  _Atomic int phase; /* -1 waiting, sp_render_phase, 99 done */
  _Atomic int64_t done, total;
  double seconds;             /* session seconds (set before the first phase) */
  bool plain;                 /* plain progress: a line at each pass, from the worker */
  pthread_mutex_t mu;         /* guards what and since, and done and total as a pass starts */
  char what[160];             /* the pass in words for the live line ("pass 2/4 rendering") */
  double since;               /* when the pass started */
  int last_phase, last_index; /* the worker's: the pass it last reported */
  bool bleed;                 /* the worker's: the pass is --html's bleed measurement */
  double cache_seconds;       /* served from the cache in this long; 0: rendered */
} job;

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A pass in words: short for the live line ("pass 4/4 rendering 'tv'
 * (own)"), whole for the log ("rendering version 'tv' (own render, pass 4
 * of 4)"). A pass over the timeline gets its number when there are several,
 * so that a progress that starts again says why. bleed: the pass is the
 * bleed measurement of --html, one pass more. */
static void pass_words(const sp_render_pass *p, bool bleed, char *live, size_t live_n, char *log,
                       size_t log_n)
{
  char of[40] = "", of_live[32] = "";
  if (bleed) {
    snprintf(live, live_n, "measuring bleed (--html)");
    snprintf(log, log_n, "measuring the bleed between the stems (for --html)");
    return;
  }
  if (p->count > 1) {
    snprintf(of, sizeof of, "pass %d of %d", p->index, p->count);
    snprintf(of_live, sizeof of_live, "pass %d/%d ", p->index, p->count);
  }
  const char *v = p->version, *sep = *of ? ", " : "";
  switch (p->phase) {
  case SP_PHASE_NULL:
    snprintf(live, live_n, "null test");
    snprintf(log, log_n, "null test: reading the printed files back");
    break;
  case SP_PHASE_MEASURE:
    if (v) {
      snprintf(live, live_n, "%smeasuring '%s' (own)", of_live, v);
      snprintf(log, log_n, "measuring the loudness of version '%s' (normalize, own render%s%s)", v,
               sep, of);
    } else {
      snprintf(live, live_n, "%smeasuring loudness", of_live);
      snprintf(log, log_n, "measuring the mix's loudness (normalize%s%s)", sep, of);
    }
    break;
  case SP_PHASE_RENDER:
    if (v) {
      snprintf(live, live_n, "%srendering '%s' (own)", of_live, v);
      snprintf(log, log_n, "rendering version '%s' (own render%s%s)", v, sep, of);
    } else {
      snprintf(live, live_n, "%srendering", of_live);
      snprintf(log, log_n, "rendering%s%s%s", *of ? " (" : "", of, *of ? ")" : "");
    }
    break;
  }
}

static void on_progress(void *ctx, const sp_render_pass *pass, int64_t done, int64_t total)
{
  job *j = ctx;
  if ((int)pass->phase != j->last_phase || pass->index != j->last_index) {
    j->last_phase = (int)pass->phase;
    j->last_index = pass->index;
    char live[sizeof j->what], log[256];
    pass_words(pass, j->bleed, live, sizeof live, log, sizeof log);
    pthread_mutex_lock(&j->mu);
    memcpy(j->what, live, sizeof live);
    j->since = now_seconds();
    atomic_store(&j->done, done);
    atomic_store(&j->total, total);
    atomic_store(&j->phase, (int)pass->phase);
    pthread_mutex_unlock(&j->mu);
    if (j->plain)
      fprintf(stderr, "stemprint: %s: %s\n", j->name, log);
    return;
  }
  atomic_store(&j->done, done);
  atomic_store(&j->total, total);
}

/* --only: which of the graph's outputs to skip; NULL when everything is
 * written. Unknown names are an error naming the outputs there are. */
static bool *only_to_skip(const sp_graph *g, const char *only, FILE *err, bool *bad)
{
  *bad = false;
  if (!only)
    return NULL;
  const sp_recipe *r = g->recipe;
  size_t n = g->n_outputs;
  bool *skip = sp_xcalloc(n + 1, sizeof *skip);
  for (size_t i = 0; i < n; i++)
    skip[i] = true;
  static const char *const groups[] = {"mix", "stems", "versions", "buses"};
  char *list = sp_xstrdup(only), *save = NULL;
  for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
    bool found = false;
    for (size_t i = 0; i < n; i++) {
      const sp_output_plan *o = &g->outputs[i];
      if (o->kind == SP_OUT_REST) /* follows its version and the mix */
        continue;
      if (strcmp(name, o->name) == 0 || strcmp(name, groups[o->kind]) == 0) {
        skip[i] = false;
        found = true;
      }
    }
    if (!found) {
      fprintf(err, "stemprint: error: %s: --only '%s': no such output; this recipe prints", r->file,
              name);
      for (size_t i = 0; i < n; i++)
        if (g->outputs[i].kind != SP_OUT_REST)
          fprintf(err, "%s '%s'", i ? "," : "", g->outputs[i].name);
      fprintf(err, " (or 'mix', 'stems', 'versions', 'buses')\n");
      *bad = true;
    }
  }
  free(list);
  return skip;
}

static void dry_run(const sp_graph *g, const bool *skip, FILE *out)
{
  const sp_recipe *r = g->recipe;
  double secs = (double)(g->content_frames + g->tail_frames) / g->sample_rate;
  const char *depth = r->output.depth == SP_DEPTH_32F  ? "32-bit float"
                      : r->output.depth == SP_DEPTH_24 ? "24-bit"
                                                       : "16-bit";
  fprintf(out, "%s: would write %.3f s, %s %s, %s, %.0f Hz%s:\n", r->file, secs, depth,
          sp_format_ext(r->output.format), g->nodes[g->master].layout->name, g->sample_rate,
          r->output.bwf.on ? ", Broadcast WAV (a bext chunk in every WAV file)" : "");
  static const char *const what[] = {"the mix", "stem", "version", "printed bus"};
  for (size_t i = 0; i < g->n_outputs; i++) {
    const sp_output_plan *o = &g->outputs[i];
    if ((skip && skip[i]) || o->kind == SP_OUT_REST)
      continue;
    if (o->kind == SP_OUT_MIX)
      fprintf(out, "  %s  (the mix)\n", o->path);
    else
      fprintf(out, "  %s  (%s %s%s)\n", o->path, what[o->kind], o->name,
              o->own ? ", rendered on its own" : "");
  }
  for (size_t k = 0; k < r->output.n_sets; k++) {
    const sp_output_set *set = &r->output.sets[k];
    const double rate = set->rate > 0 ? set->rate : g->sample_rate;
    if (sp_format_lossy(set->format))
      fprintf(out, "and output.also[%zu], %s at %d kbps, %.0f Hz, made from them:\n", set->at,
              sp_format_ext(set->format), set->kbps, rate);
    else
      fprintf(out, "and output.also[%zu], %s %s, %.0f Hz, made from them:\n", set->at,
              set->depth == SP_DEPTH_32F  ? "32-bit float"
              : set->depth == SP_DEPTH_24 ? "24-bit"
                                          : "16-bit",
              sp_format_ext(set->format), rate);
    for (size_t i = 0; i < g->n_derived; i++)
      if (g->derived[i].set == (int)k && !(skip && skip[g->derived[i].of]))
        fprintf(out, "  %s\n", g->derived[i].path);
  }
  fprintf(out, "from:\n  %s  (the recipe)\n", r->file);
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      const sp_layout *l = sp_layout_by_count(p->channels);
      if (p->midi)
        fprintf(out, "  %s  (track %s, MIDI%s)\n", p->path, n->name, n->silent ? ", silent" : "");
      else
        fprintf(out, "  %s  (track %s, %s, %d Hz%s%s)\n", p->path, n->name,
                l ? l->name : "multichannel", p->file_rate,
                p->file_rate != (int)g->sample_rate ? ", resampled" : "",
                n->silent ? ", silent" : "");
    }
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t p = 0; ins->files && p < ins->cls->n_params; p++)
        if (ins->files[p])
          fprintf(out, "  %s  (%s of %s)\n", ins->files[p], ins->cls->name, ins->path);
    }
  }
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

/* A recipe and its graph as this command line renders it (-o, --only mix);
 * key_only: planned for the cache key alone (sp_graph_opts.key_only). */
/* The job's recipe, read once: read now unless it was. */
static void read_once(job *j, const options *o)
{
  if (!j->read)
    sp_cli_read(j->path, &o->session, &j->in, &j->read_said);
  j->read = true;
}

/* A graph of the job's recipe: for the cache's key alone (key_only: no
 * plugin instantiated or probed) or to render. */
static sp_err build(job *j, const options *o, bool key_only, sp_graph **g, sp_diags *d)
{
  sp_graph_opts gopts = o->gopts;
  gopts.key_only = key_only;
  return sp_cli_build(&j->in, &gopts, g, d);
}

/* What is asked of a graph once, whichever is built first: its folder's
 * claim (--force) and --only. Their problems go to d; false: the render
 * stops (a claim refused, --only naming nothing the recipe prints, said
 * on err). */
static bool settle(const options *o, const sp_graph *g, bool **skip, sp_diags *d, FILE *err)
{
  sp_cli_check_claim(g, o->force, d);
  if (sp_diags_status(d) != SP_OK)
    return false;
  bool bad = false;
  *skip = only_to_skip(g, o->only, err, &bad);
  return !bad;
}

/* --cache: the job of this render (*cj, to store the render under when the
 * cache misses) and, the cache having it, the render served from it
 * (true: res and *status set, the files in place). A cache that cannot
 * be used, or an entry that is not what it should be, is a warning and a
 * render. */
static bool from_cache(job *j, const options *o, const sp_graph *g, const bool *skip, sp_job *cj,
                       sp_render_result *res, sp_err *status, FILE *err)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_job_opts jo = {.block_frames = o->ropts.block_frames,
                    .skip = skip,
                    .digest = sp_digest_index_file,
                    .digest_ctx = o->index,
                    .threads = o->ropts.threads};
  const double t0 = now_seconds();
  if (sp_job_build(g, &jo, cj, &d) != SP_OK) {
    /* An input that cannot be hashed cannot be rendered either: the
     * render says why. */
    sp_job_fini(cj);
    sp_diags_fini(&d);
    return false;
  }
  sp_diags_fini(&d);
  char why[768];
  int st = 0;
  sp_cache_status cs =
      sp_cli_cache_fetch(o->cache, g, cj, o->index, o->ropts.cancel, o->ropts.threads, res, &st,
                         why, sizeof why);
  if (cs == SP_CACHE_HIT) {
    j->cache_seconds = now_seconds() - t0;
    if (j->cache_seconds <= 0)
      j->cache_seconds = 1e-6;
    *status = (sp_err)st;
    return true;
  }
  if (cs != SP_CACHE_MISS)
    fprintf(err, "stemprint: warning: %s: %s; rendering instead\n", g->recipe->file, why);
  return false;
}

/* A recipe whose render the cache may serve, looked up with a graph
 * planned for its key alone: an LV2 plugin is neither instantiated nor
 * probed with test signals (0.23 s of the LV2 example's 0.24 s hit were
 * those probes). A hit keeps that graph (*g, its diagnostics in d): what a
 * hit reports needs no more. A miss keeps what the lookup settled for the
 * render to use: the claim and --only (*settled, *skip, their problems in
 * cd) and the job (*cj, to store the render under); *looked says the
 * cache was asked. Anything this plan cannot settle leaves nothing: the
 * render plans in full. Not with --report or --html (their figures are
 * every insert's probe) nor --dry-run, nor for a recipe whose reading
 * found errors (its full build says them with its routing's). */
static bool serve_light(job *j, const options *o, sp_graph **g, bool **skip, sp_job *cj,
                        sp_render_result *res, sp_err *status, sp_diags *d, sp_diags *cd,
                        FILE *err, bool *settled, bool *looked)
{
  *looked = *settled = false;
  if (!o->cache || o->dry_run || o->report || o->html || sp_diags_errors(d) > 0 ||
      (j->in.r && j->in.r->adm))
    return false;
  sp_diags ld, lc;
  sp_diags_init(&ld);
  sp_diags_init(&lc);
  char *said = NULL;
  size_t said_len = 0;
  FILE *quiet = open_memstream(&said, &said_len); /* --only's errors: the full plan says them */
  bool hit = false;
  if (build(j, o, true, g, &ld) == SP_OK && settle(o, *g, skip, &lc, quiet)) {
    *settled = true;
    hit = from_cache(j, o, *g, *skip, cj, res, status, err);
    *looked = true;
  }
  fclose(quiet);
  free(said);
  if (hit) {
    sp_diags_take(d, &ld);
    sp_diags_take(d, &lc);
  } else {
    if (*settled) {
      sp_diags_take(cd, &lc);
    } else {
      free(*skip);
      *skip = NULL;
    }
    sp_graph_free(*g);
    *g = NULL;
  }
  sp_diags_fini(&ld);
  sp_diags_fini(&lc);
  return hit;
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

typedef struct pool pool;
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

/* What a render says and writes once its files are in place (rendered or
 * served): the summary, then each handler's part. */
static void render_said(job *j, const options *o, const sp_graph *g, const sp_render_opts *ro,
                        sp_render_result *res, sp_err status, FILE *out, FILE *err)
{
  report(g, res, j->cache_seconds, o->quiet, out, err);
  const said_ctx c = {j, o, g, ro, res, status, err};
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (handler_file(&handlers[k], o))
      handlers[k].said(&c);
}

static void render_one(job *j, const options *o)
{
  FILE *out = open_memstream(&j->out_text, &j->out_len);
  FILE *err = open_memstream(&j->err_text, &j->err_len);
  sp_diags d, cd; /* cd: the claim's and --only's, said after the graph's */
  sp_diags_init(&d);
  sp_diags_init(&cd);
  read_once(j, o);
  sp_diags_take(&d, &j->read_said);
  const sp_recipe *r = j->in.r;
  sp_graph *g = NULL;
  bool *skip = NULL;
  sp_render_result res;
  sp_err status = SP_OK;
  sp_job cj = {0}; /* the cache's job, built once */
  bool looked = false, settled = false;
  const bool served =
      serve_light(j, o, &g, &skip, &cj, &res, &status, &d, &cd, err, &settled, &looked);
  if (!served) {
    status = build(j, o, false, &g, &d);
    if (status == SP_OK && !settled && !settle(o, g, &skip, &cd, err))
      status = sp_diags_status(&cd) != SP_OK ? sp_diags_status(&cd) : SP_ERR_USAGE;
    sp_diags_take(&d, &cd);
  }
  sp_render_opts ro = o->ropts;
  ro.skip = skip;
  ro.progress = on_progress;
  ro.progress_ctx = j;
  bool have_res = served; /* res holds a render's result, rendered or served */
  if (served) {
    sp_diags_print(&d, err);
  } else if (status == SP_OK && o->dry_run) {
    sp_diags_print(&d, err);
    dry_run(g, skip, out);
  } else if (status == SP_OK) {
    j->seconds = (double)(g->content_frames + g->tail_frames) / g->sample_rate;
    have_res = true;
    bool store = false;
    /* an ADM master's files are made after the render's (cmd/adm.c), outside the
     * cache's entries: such a recipe is rendered, never served */
    if (o->cache && !looked && !r->adm && from_cache(j, o, g, skip, &cj, &res, &status, err)) {
      sp_diags_print(&d, err);
    } else {
      store = o->cache && cj.text && !r->adm;
      status = sp_print(g, &ro, &res, &d);
      status = sp_cli_adm(g, &ro, &res, status, &d);
      sp_diags_print(&d, err);
      char why[768];
      if (store && (status == SP_OK || status == SP_ERR_CHECK) &&
          sp_cli_cache_store(o->cache, g, &cj, &res, status, o->index, why, sizeof why) !=
              SP_CACHE_HIT)
        fprintf(err, "stemprint: warning: %s: the render was not stored in the cache: %s\n",
                r->file, why);
    }
  } else {
    sp_diags_print(&d, err);
  }
  if (have_res) {
    if (status == SP_OK || status == SP_ERR_CHECK)
      render_said(j, o, g, &ro, &res, status, out, err);
    /* A failed check is said at the rule it judges by (a failed null
     * check's line carries its diagnosis, clipping first). */
    if (status == SP_ERR_CHECK) {
      sp_diags failed;
      sp_diags_init(&failed);
      for (size_t k = 0; k < res.n_checks; k++) {
        const sp_check *c = &res.checks[k];
        if (!c->passed)
          sp_diags_error(&failed, SP_ERR_CHECK, r->file,
                         c->path ? sp_recipe_where(r, c->path) : (sp_pos){0, 0}, c->path,
                         "check failed: %s", c->text);
      }
      sp_diags_print(&failed, err);
      sp_diags_take(&d, &failed);
      sp_diags_fini(&failed);
    }
    sp_render_result_fini(&res);
  }
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (handlers[k].failed && handler_file(&handlers[k], o))
      handlers[k].failed(j, status, &d);
  free(skip);
  sp_job_fini(&cj);
  sp_graph_free(g);
  sp_cli_recipe_fini(&j->in);
  sp_diags_take(&j->said, &d);
  sp_diags_fini(&d);
  sp_diags_fini(&cd);
  fclose(out);
  fclose(err);
  j->status = status;
  atomic_store(&j->phase, 99);
}

/* ---- many recipes ---------------------------------------------------------- */

struct pool {
  job *jobs;
  size_t n;
  _Atomic size_t next;
  _Atomic size_t workers; /* still running: after an interrupt, recipes stay unstarted */
  const options *o;
  pthread_mutex_t mu; /* with done: a finished recipe or worker wakes the watcher at once */
  pthread_cond_t done;
};

static void *worker(void *arg)
{
  pool *p = arg;
  for (;;) {
    size_t k = atomic_fetch_add(&p->next, 1);
    if (k >= p->n || interrupted)
      break;
    render_one(&p->jobs[k], p->o);
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->mu);
  }
  pthread_mutex_lock(&p->mu);
  atomic_fetch_sub(&p->workers, 1);
  pthread_cond_broadcast(&p->done);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* One job's progress: "song.yaml pass 2/4 rendering  42% 31x ETA 3s", the
 * speed and time left of the pass under way. */
static void progress_text(job *j, char *buf, size_t n)
{
  char what[sizeof j->what];
  pthread_mutex_lock(&j->mu);
  int phase = atomic_load(&j->phase);
  int64_t done = atomic_load(&j->done), total = atomic_load(&j->total);
  memcpy(what, j->what, sizeof what);
  double elapsed = now_seconds() - j->since;
  pthread_mutex_unlock(&j->mu);
  if (phase == SP_PHASE_NULL) {
    snprintf(buf, n, "%s %s", j->name, what);
    return;
  }
  double frac = total > 0 ? (double)(done < total ? done : total) / (double)total : 0.0;
  double speed = elapsed > 0 ? frac * j->seconds / elapsed : 0.0;
  double eta = frac > 0.01 ? elapsed * (1 - frac) / frac : NAN;
  if (isnan(eta))
    snprintf(buf, n, "%s %s %3.0f%%", j->name, what, 100 * frac);
  else
    snprintf(buf, n, "%s %s %3.0f%% %.0fx ETA %.0fs", j->name, what, 100 * frac, speed, eta);
}

static int terminal_width(void)
{
  struct winsize w;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20)
    return w.ws_col;
  return 80;
}

/* The live line: every running job, cut to the terminal's width (at a
 * character, not inside one), redrawn whole over the last one. */
static void draw_bar(pool *p, bool *drawn)
{
  char line[1024] = "";
  size_t len = 0;
  int width = terminal_width() - 1;
  for (size_t k = 0; k < p->n; k++) {
    int phase = atomic_load(&p->jobs[k].phase);
    if (phase < 0 || phase == 99)
      continue;
    char one[256];
    progress_text(&p->jobs[k], one, sizeof one);
    len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", len ? " | " : "", one);
    if (len >= sizeof line - 1)
      break;
  }
  if ((int)strlen(line) > width) {
    int cut = width;
    while (cut > 0 && (line[cut] & 0xC0) == 0x80)
      cut--;
    line[cut] = '\0';
  }
  fprintf(stderr, "\r\033[K%s", line);
  fflush(stderr);
  *drawn = *line != '\0';
}

static void clear_bar(bool *drawn)
{
  if (*drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
  *drawn = false;
}

/* Print job k's buffered output. */
static void flush_job(job *j)
{
  if (j->err_len)
    fwrite(j->err_text, 1, j->err_len, stderr);
  if (j->out_len)
    fwrite(j->out_text, 1, j->out_len, sp_cli_out());
  fflush(sp_cli_out());
  fflush(stderr);
}

/* Watch the workers until every job is done, or every worker (an
 * interrupt leaves the recipes after it unstarted): progress, and each
 * job's output as soon as it and the ones before it are complete. */
static void watch(pool *p, progress_mode mode)
{
  size_t printed = 0;
  bool drawn = false;
  double last_plain = now_seconds();
  while (printed < p->n) {
    /* Read first: what the workers finished before they stopped is done. */
    const bool stopped = atomic_load(&p->workers) == 0;
    while (printed < p->n && atomic_load(&p->jobs[printed].phase) == 99) {
      clear_bar(&drawn);
      flush_job(&p->jobs[printed++]);
    }
    if (printed == p->n || stopped)
      break;
    if (mode == PROGRESS_BAR) {
      draw_bar(p, &drawn);
    } else if (mode == PROGRESS_PLAIN && now_seconds() - last_plain >= 5.0) {
      /* Every 5 s (the workers print a line at each phase). */
      for (size_t k = 0; k < p->n; k++) {
        int phase = atomic_load(&p->jobs[k].phase);
        if (phase < 0 || phase == 99)
          continue;
        char one[256];
        progress_text(&p->jobs[k], one, sizeof one);
        fprintf(stderr, "stemprint: %s\n", one);
      }
      last_plain = now_seconds();
    }
    /* Up to 100 ms for the progress, or until the next recipe finishes. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L)
      until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&p->mu);
    if (atomic_load(&p->jobs[printed].phase) != 99 && atomic_load(&p->workers) > 0)
      pthread_cond_timedwait(&p->done, &p->mu, &until);
    pthread_mutex_unlock(&p->mu);
  }
  clear_bar(&drawn);
}

/* Several recipes must not write the same file (one -o for all of them,
 * or two recipes with the same output folder and names): each would
 * overwrite the other's, and a null test could read the other's mix. Found
 * before anything renders; a recipe that does not load is left to its
 * render to report. Returns the error line (heap), or NULL. */
static char *outputs_collide(job *jobs, size_t n, const options *o)
{
  sp_claims claims;
  sp_claims_init(&claims);
  char *clash = NULL;
  for (size_t k = 0; k < n && !clash; k++) {
    read_once(&jobs[k], o); /* read once: its render uses what was read */
    sp_diags d;
    sp_diags_init(&d);
    sp_graph *g;
    if (sp_diags_errors(&jobs[k].read_said) == 0 &&
        build(&jobs[k], o, true, &g, &d) == SP_OK) { /* its files: no probe needed */
      sp_claims_clash c;
      if (sp_claims_add(&claims, k, g, &c))
        clash = sp_xasprintf("stemprint: error: %s and %s would both write '%s'; give each recipe "
                             "its own folder, like -o '%s/{recipe}' ({recipe} is each recipe's "
                             "name), or rename the outputs\n",
                             jobs[c.first].path, jobs[c.second].path, c.path,
                             o->gopts.out_dir ? o->gopts.out_dir : "DIR");
      sp_graph_free(g);
    }
    sp_diags_fini(&d);
  }
  sp_claims_fini(&claims);
  return clash;
}

/* A page for a run that rendered nothing: every recipe's section says why. */
static int write_refused_page(const char *html, const char *const *recipes, size_t n,
                              const char *said)
{
  char **sections = sp_xcalloc(n, sizeof *sections);
  for (size_t k = 0; k < n; k++)
    sections[k] = sp_html_render_failed(recipes[k], SP_ERR_USAGE, said);
  char why[512];
  int status = SP_ERR_USAGE;
  if (sp_html_write(html, "stemprint renders", (const char *const *)sections, n, why, sizeof why) !=
      SP_OK) {
    fprintf(stderr, "stemprint: error: --html: %s\n", why);
    status = SP_ERR_IO;
  }
  for (size_t k = 0; k < n; k++)
    free(sections[k]);
  free(sections);
  return status;
}

/* Whether --progress auto draws a live line: stderr is a terminal, and
 * neither a dumb one (no cursor control) nor a CI job's (CI=true, as GitHub
 * Actions, GitLab CI and most others set it), whose log keeps every redraw
 * of the line; they get plain lines. */
static bool live_terminal(void)
{
  const char *ci = getenv("CI"), *term = getenv("TERM");
  if (ci && *ci && strcmp(ci, "0") != 0 && strcasecmp(ci, "false") != 0)
    return false;
  if (term && strcmp(term, "dumb") == 0)
    return false;
  return isatty(STDERR_FILENO);
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

static void free_jobs(pool *p)
{
  for (size_t k = 0; k < p->n; k++) {
    sp_diags_fini(&p->jobs[k].said);
    sp_diags_fini(&p->jobs[k].read_said);
    sp_cli_recipe_fini(&p->jobs[k].in);
    free(p->jobs[k].out_text);
    free(p->jobs[k].err_text);
    free(p->jobs[k].deps);
    free(p->jobs[k].html);
    free(p->jobs[k].name);
    sp_report_free(p->jobs[k].report);
    pthread_mutex_destroy(&p->jobs[k].mu);
  }
  free(p->jobs);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->done);
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

int sp_cmd_render(int argc, char **argv)
{
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  options o = {.gopts = {.out_dir = NULL}, .ropts = {.cancel = &interrupted}};
  bool confine = false;
  sp_arg_list roots = {0};
  long jobs = cpus > 0 && cpus < 256 ? cpus : 1, block_frames = 0;
  const char *progress = "auto";
  const char *cache_dir = NULL;
  bool no_cache = false;
  static const char *const progress_modes[] = {"auto", "bar", "plain", "none", NULL};
  const sp_arg opts[] = {
      {.name = "output-dir",
       .letter = 'o',
       .kind = SP_ARG_TEXT,
       .to = &o.gopts.out_dir,
       .what = "a folder",
       .example = "out/{recipe}"},
      {.name = "jobs",
       .letter = 'j',
       .kind = SP_ARG_WHOLE,
       .to = &jobs,
       .what = "a whole number from 1 to 256",
       .example = "2",
       .min = 1,
       .max = 256},
      {.name = "only",
       .kind = SP_ARG_TEXT,
       .to = &o.only,
       .what = "mix, stems or output names (comma-separated)",
       .example = "mix"},
      {.name = "report",
       .kind = SP_ARG_TEXT,
       .to = &o.report,
       .what = "a file name",
       .example = "report.json"},
      {.name = "html",
       .kind = SP_ARG_TEXT,
       .to = &o.html,
       .what = "a file name",
       .example = "report.html"},
      {.name = "depfile",
       .kind = SP_ARG_TEXT,
       .to = &o.depfile,
       .what = "a file name",
       .example = "song.d"},
      {.name = "dry-run", .letter = 'n', .kind = SP_ARG_FLAG, .to = &o.dry_run},
      {.name = "force", .kind = SP_ARG_FLAG, .to = &o.force},
      {.name = "progress",
       .kind = SP_ARG_CHOICE,
       .to = &progress,
       .choices = progress_modes,
       .what = "auto, bar, plain or none",
       .example = "plain"},
      {.name = "quiet", .letter = 'q', .kind = SP_ARG_FLAG, .to = &o.quiet},
      SP_CONFINE_ARGS(&confine, &roots),
      SP_SESSION_ARGS(&o.session),
      {.name = "cache",
       .kind = SP_ARG_TEXT,
       .to = &cache_dir,
       .what = "a folder",
       .example = "~/.cache/stemprint/renders"},
      {.name = "no-cache", .kind = SP_ARG_FLAG, .to = &no_cache},
      SP_BLOCK_FRAMES_ARG(&block_frames),
      SP_DIAG_ARGS(&o.dout),
      {.name = NULL},
  };
  sp_args args;
  int status = sp_args_parse("render", help_text(), opts, argc, argv, &args);
  if (status != 0 || args.help) {
    sp_args_fini(&args);
    free(roots.v);
    return status;
  }
  sp_cli_confine(&o.gopts, confine, &roots);
  o.jobs = (int)jobs;
  o.ropts.block_frames = (size_t)block_frames;
  const char *const *recipes = (const char *const *)args.pos;
  size_t n = args.n_pos;
  if (status == 0 && n == 0)
    status = sp_cli_usage_error("render", "no recipe given");
  if (status != 0) {
    sp_args_fini(&args);
    free(roots.v);
    return status;
  }
  pool p = {.jobs = sp_xcalloc(n, sizeof(job)), .n = n, .o = &o};
  atomic_init(&p.next, 0);
  atomic_init(&p.workers, 0);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.done, NULL);
  for (size_t k = 0; k < n; k++) {
    p.jobs[k].path = recipes[k];
    p.jobs[k].name = sp_xstrdup(base_name(recipes[k]));
    p.jobs[k].status = SP_ERR_RENDER; /* until it ran */
    p.jobs[k].last_phase = -1;
    sp_diags_init(&p.jobs[k].said);
    sp_diags_init(&p.jobs[k].read_said);
    pthread_mutex_init(&p.jobs[k].mu, NULL);
    atomic_init(&p.jobs[k].phase, -1);
    atomic_init(&p.jobs[k].done, 0);
    atomic_init(&p.jobs[k].total, 0);
  }
  if (n > 1) {
    char *clash = outputs_collide(p.jobs, n, &o);
    if (clash) {
      fputs(clash, stderr);
      status = o.html && !o.dry_run ? write_refused_page(o.html, recipes, n, clash) : SP_ERR_USAGE;
      free(clash);
    }
  }
  if (status != 0) {
    free_jobs(&p);
    sp_args_fini(&args);
    free(roots.v);
    return status;
  }
  o.ropts.loudness = o.report != NULL || o.html != NULL;
  /* The summary shows the mix's loudness and true peak; --quiet prints no
   * summary, so a quiet render (a build, a benchmark) meters nothing. */
  o.ropts.loudness_mix = !o.quiet;
  o.ropts.series = o.html != NULL;
  if (!cache_dir && !no_cache && getenv("STEMPRINT_CACHE") && *getenv("STEMPRINT_CACHE"))
    cache_dir = getenv("STEMPRINT_CACHE");
  if (cache_dir && !no_cache && !o.dry_run) {
    char *ixp = sp_digest_index_default_path();
    o.index = sp_digest_index_open(ixp);
    free(ixp);
    char why[768];
    o.cache = sp_cache_open(cache_dir, o.index, why, sizeof why);
    if (!o.cache)
      fprintf(stderr, "stemprint: warning: %s; rendering without it\n", why);
    /* An entry serves any later render: --report and --html included. */
    o.ropts.loudness = o.cache != NULL || o.ropts.loudness;
    o.ropts.series = o.cache != NULL || o.html != NULL;
  }
  if (o.quiet || strcmp(progress, "none") == 0 || o.dry_run)
    o.progress = PROGRESS_NONE;
  else if (strcmp(progress, "bar") == 0 || (strcmp(progress, "auto") == 0 && live_terminal()))
    o.progress = PROGRESS_BAR;
  else
    o.progress = PROGRESS_PLAIN;

  for (size_t k = 0; k < n; k++)
    p.jobs[k].plain = o.progress == PROGRESS_PLAIN;

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  size_t threads = (size_t)o.jobs < n ? (size_t)o.jobs : n;
  /* -j N threads in all: recipes side by side, the rest inside each render. */
  o.ropts.threads = (int)((size_t)o.jobs / threads);
  o.gopts.threads = o.ropts.threads; /* the inserts' probes, side by side */
  pthread_t *tid = sp_xcalloc(threads, sizeof *tid);
  atomic_store(&p.workers, threads);
  for (size_t t = 0; t < threads; t++)
    if (pthread_create(&tid[t], NULL, worker, &p) != 0) {
      fprintf(stderr, "stemprint: fatal: cannot start a render thread\n");
      abort();
    }
  watch(&p, o.progress);
  for (size_t t = 0; t < threads; t++)
    pthread_join(tid[t], NULL);
  free(tid);
  /* Recipes an interrupt kept from starting. */
  for (size_t k = 0; k < n; k++)
    if (atomic_load(&p.jobs[k].phase) != 99)
      fprintf(stderr, "stemprint: error: %s: interrupted before it started\n", p.jobs[k].path);

  size_t failed = 0;
  for (size_t k = 0; k < n; k++) {
    if (p.jobs[k].status > status)
      status = p.jobs[k].status;
    failed += p.jobs[k].status != SP_OK;
  }
  if (n > 1 && failed > 0) {
    fprintf(stderr, "stemprint: %zu of %zu recipes failed:", failed, n);
    for (size_t k = 0; k < n; k++)
      if (p.jobs[k].status != SP_OK)
        fprintf(stderr, " %s (exit %d)", p.jobs[k].path, p.jobs[k].status);
    fputc('\n', stderr);
  }
  for (size_t k = 0; k < N_HANDLERS && !o.dry_run; k++) {
    const char *file = handler_file(&handlers[k], &o);
    char why[512];
    if (file && handlers[k].write(file, &p, why, sizeof why) != SP_OK) {
      fprintf(stderr, "stemprint: error: %s: %s\n", handlers[k].option, why);
      status = status > SP_ERR_IO ? status : SP_ERR_IO;
    }
  }
  if (!o.dry_run) {
    const sp_diags **said = sp_xcalloc(n, sizeof *said);
    for (size_t k = 0; k < n; k++)
      said[k] = &p.jobs[k].said;
    const int written = sp_cli_diags_write(&o.dout, said, n);
    status = written > status ? written : status;
    free(said);
  }
  free_jobs(&p);
  sp_args_fini(&args);
  free(roots.v);
  sp_cache_close(o.cache);
  if (sp_digest_index_note(o.index))
    fprintf(stderr, "stemprint: warning: %s\n", sp_digest_index_note(o.index));
  sp_digest_index_close(o.index);
  const int sig = interrupted;
  if (sig) {
    fprintf(stderr, "stemprint: interrupted by %s: exit status %d\n",
            sig == SIGINT    ? "SIGINT"
            : sig == SIGTERM ? "SIGTERM"
                             : "a signal",
            128 + sig);
    return die_of(sig);
  }
  return status;
}
