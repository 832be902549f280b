/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What stemprint render says beside its prints (cmd/render.h): a
 * recipe's summary (its files' levels, the null test, the checks), the
 * bleed matrix --html shows, and the output handlers: --report, --html and
 * --depfile, each a row of one table that render walks. */

#include "cmd/render.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/graph/query.h"
#include "core/render/bleed.h"
#include "core/job/job.h"
#include "io/fs/fs.h"
#include "io/report/depfile.h"
#include "io/report/html.h"
#include "io/report/html_render.h"
#include "io/report/junit.h"
#include "io/report/report_diags.h"
#include "io/report/report_profile.h"
#include "io/report/report_render.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
  sp_cli_say_resampled(g, out);
  if (res->tail_frames > 0)
    fprintf(out, "  tail: %.3f s after the last region%s\n",
            (double)res->tail_frames / sp_graph_rate(g),
            sp_graph_recipe(g)->tail_auto ? (res->tail_capped ? " (auto, capped)" : " (auto)")
                                          : "");
  if (res->latency > 0)
    fprintf(out, "  latency compensated: %lld frames at master (outputs aligned to the timeline)\n",
            (long long)res->latency);
}

static void report(const sp_graph *g, const sp_render_result *res, double served, bool quiet,
                   FILE *out)
{
  const sp_recipe *r = sp_graph_recipe(g);
  char a[32], b[32], c[32];
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
            sp_graph_out_dir(g), res->removed[i]);
  if (res->n_stale_temps > 0)
    fprintf(out, "  removed %zu temporary file%s a stopped render had left in %s\n",
            res->n_stale_temps, res->n_stale_temps == 1 ? "" : "s", sp_graph_out_dir(g));
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
  if (!sp_graph_count(g, SP_GRAPH_STEMS))
    return;
  sp_diags d;
  sp_diags_init(&d);
  if (sp_bleed_measure(sp_graph_recipe(g), sp_graph_media(g), &o->in.gopts, ro, b, &d) != SP_OK) {
    /* The render's files are written by now: only the matrix is missing. */
    if (ro->cancel && *ro->cancel)
      fprintf(err, "stemprint: %s: interrupted while measuring the bleed for --html\n",
              sp_graph_recipe(g)->file);
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

/* ---- an album's part of each file ---------------------------------------------
 * An album (cmd/render_album.c) is made after the recipes; its part of
 * each file is made then from what it landed and judged, and each file is
 * written once the albums are done: the recipes' parts, then the albums'. */

/* A file's object in an album's report: its path and loudness fields. */
static sp_json *album_file(const char *path, const sp_loudness *l)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "path", sp_report_string(path));
  sp_json *fields = sp_report_loudness_fields(l);
  sp_report_merge(o, fields); /* copies them */
  sp_report_free(fields);
  return o;
}

/* --report: the album's object: its files and their figures, its checks. */
static void *report_album(const sp_cmd_album *al)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "album", sp_report_string(al->spec.file));
  sp_report_set(o, "status", sp_report_int(al->status));
  sp_report_set(o, "seconds", sp_report_number(al->seconds));
  if (!al->landed)
    return o;
  const sp_album_made *m = &al->made;
  sp_report_set(o, "master", album_file(m->master, &m->album));
  sp_json *tracks = sp_report_array();
  for (size_t k = 0; k < m->n_tracks; k++)
    sp_report_append(tracks, album_file(m->tracks[k], &m->track[k]));
  sp_report_set(o, "tracks", tracks);
  sp_json *sets = sp_report_array();
  for (size_t e = 0; e < m->n_sets; e++) {
    sp_json *set = sp_report_object();
    sp_report_set(set, "folder", sp_report_string(al->paths.folders[1 + e]));
    sp_json *fields = sp_report_loudness_fields(&m->set_album[e]);
    sp_report_merge(set, fields);
    sp_report_free(fields);
    sp_json *files = sp_report_array();
    for (size_t k = 0; k < m->n_tracks; k++)
      sp_report_append(files, album_file(m->set_files[e][k], &m->set_track[e][k]));
    sp_report_set(set, "tracks", files);
    sp_report_append(sets, set);
  }
  sp_report_set(o, "sets", sets);
  static const sp_report_field fields[] = {
      SP_REPORT_FIELD(sp_cmd_album_check, name, STR, "name"),
      SP_REPORT_FIELD(sp_cmd_album_check, file, STR, "file"),
      SP_REPORT_FIELD(sp_cmd_album_check, passed, BOOL, "passed"),
      SP_REPORT_FIELD(sp_cmd_album_check, text, STR, "message"),
      SP_REPORT_FIELD(sp_cmd_album_check, key, STR, "key"),
      {0}};
  sp_json *checks = sp_report_array();
  for (size_t k = 0; k < al->n_checks; k++) {
    const sp_cmd_album_check *c = &al->checks[k];
    sp_json *x = sp_report_object();
    sp_report_fields(x, c, fields, false);
    if (c->at.line) /* a rule the recipe wrote */
      sp_report_set(x, "line", sp_report_int(c->at.line));
    sp_report_append(checks, x);
  }
  sp_report_set(o, "checks", checks);
  return o;
}

/* --junit: the album's suite: that it was made, then each check. */
static void *junit_album(const sp_cmd_album *al)
{
  sp_junit_suite *s = sp_junit_suite_new(al->spec.file, al->spec.file);
  char msg[512];
  snprintf(msg, sizeof msg, "the album was not made (exit %d; said above)", al->status);
  sp_junit_add(s, "album", al->spec.file, (sp_pos){0, 0},
               al->landed ? SP_JUNIT_PASSED : SP_JUNIT_ERROR, al->landed ? NULL : msg, NULL);
  for (size_t k = 0; k < al->n_checks; k++) {
    const sp_cmd_album_check *c = &al->checks[k];
    char *name = sp_xasprintf("%s: %s", c->name, c->file);
    sp_junit_add(s, name, al->spec.file, c->at, c->passed ? SP_JUNIT_PASSED : SP_JUNIT_FAILED,
                 c->passed ? NULL : c->text, NULL);
    free(name);
  }
  return s;
}

/* --html: the album's section: its master and tracks, its checks. */
static void *html_album(const sp_cmd_album *al)
{
  const sp_album_made *m = &al->made;
  const size_t n = al->landed ? 1 + m->n_tracks : 0;
  sp_html_output *outs = sp_xcalloc(n + 1, sizeof *outs);
  for (size_t k = 0; k < n; k++)
    outs[k] = (sp_html_output){.name = k ? sp_base_name(m->tracks[k - 1]) : "master",
                               .path = k ? m->tracks[k - 1] : m->master,
                               .is_mix = k == 0,
                               .measured = true,
                               .loudness = k ? m->track[k - 1] : m->album};
  sp_html_check *checks = sp_xcalloc(al->n_checks + 1, sizeof *checks);
  for (size_t k = 0; k < al->n_checks; k++)
    checks[k] = (sp_html_check){al->checks[k].name, al->checks[k].passed, al->checks[k].text};
  char *said = al->landed ? NULL
                          : sp_xasprintf("the album was not made (exit %d; its messages are "
                                         "above, on stderr)",
                                         al->status);
  const sp_html_song song = {.title = al->spec.file,
                             .status = al->status,
                             .messages = said,
                             .outputs = outs,
                             .n_outputs = n,
                             .checks = checks,
                             .n_checks = al->n_checks,
                             .target_lufs = NAN,
                             .max_true_peak = NAN};
  char *section = sp_html_section(&song);
  free(said);
  free(outs);
  free(checks);
  return section;
}

/* --depfile: the album's rule: its files from its recipe, songs and cover;
 * a failed check's (its files landed, exit 1) with a prerequisite that
 * makes it run again, as a recipe's. */
static void *depfile_album(const sp_cmd_album *al)
{
  if (!al->landed)
    return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fprintf(f, "%s:%s", al->targets, al->deps);
  if (al->status == SP_ERR_CHECK)
    sp_depfile_failed(f, al->paths.folders[0], al->spec.base);
  fputc('\n', f);
  fclose(f);
  return text;
}

/* --profile: the album's pass, one thread's work (no render to profile). */
static void *profile_album(const sp_cmd_album *al)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "album", sp_report_string(al->spec.file));
  sp_report_set(o, "threads", sp_report_int(1));
  sp_report_set(o, "wall_seconds", sp_report_number(al->seconds));
  sp_report_set(o, "work_seconds", sp_report_number(al->seconds));
  sp_report_set(o, "span_seconds", sp_report_number(al->seconds));
  sp_report_set(o, "parallelism", sp_report_number(1.0));
  return o;
}

/* The albums' parts of handler k, in order (NULL for one that has none). */
static size_t album_parts(pool *p, size_t k, void **parts)
{
  size_t n = 0;
  for (size_t i = 0; p->albums && i < p->albums->n; i++)
    if ((parts[n] = p->albums->v[i].part[k]) != NULL)
      n++;
  return n;
}

/* ---- what a run writes beside its prints ------------------------------------
 * --report, --html, --junit and --depfile are handlers in one table: each row is an
 * output's option (its name, its part of the usage, its help lines), what
 * it needs of the render, what a recipe adds once its files are in place
 * (rendered or served: said), what a recipe that printed nothing adds
 * (failed), what stands for a recipe that has no part when the file is
 * written (lost: one that failed, never started, or was refused with the
 * others), and how the run writes its file (write). A new output is a row
 * here and its functions: render reads its option from the table, walks the
 * table, and writes, warns and raises the exit status in one place. */

typedef struct said_ctx {
  job *j;
  const options *o;
  const sp_graph *g;
  const sp_render_opts *ro;
  const sp_render_result *res;
  sp_err status;
  FILE *err;
  size_t k; /* the handler's row: its part is j->part[k] */
} said_ctx;

/* The render's object, and the --set overrides its recipe was read with
 * ("KEY=VALUE", as given, in order): a report says what it rendered. */
static void report_said(const said_ctx *c)
{
  sp_json *o = sp_report_render(c->g, c->res, c->status), *sets = sp_report_array();
  for (size_t k = 0; k < c->o->in.session.sets.n; k++)
    sp_report_append(sets, sp_report_string(c->o->in.session.sets.v[k]));
  sp_report_set(o, "overrides", sets);
  c->j->part[c->k] = o;
}

static void report_failed(job *j, size_t k, sp_err status, const sp_diags *d)
{
  if (!j->part[k])
    j->part[k] = sp_report_render_failed(j->path, status);
  sp_report_set(j->part[k], "diagnostics", sp_report_diags(d));
}

/* --report: a recipe refused with the others before any rendered, the
 * report of a recipe that did not render, with what it was told (its
 * names refused at their keys, the command's refusal). One that was told
 * nothing (an interrupt kept it from starting) is left out. */
static void *report_lost(const job *j)
{
  if (j->said.n == 0)
    return NULL;
  sp_json *o = sp_report_render_failed(j->path, (sp_err)j->status);
  sp_report_set(o, "diagnostics", sp_report_diags(&j->said));
  return o;
}

static void report_free(void *part) { sp_report_free(part); }

/* --report: one render's object, or every render's under "renders" (and
 * every album's under "albums"). */
static sp_err report_write(const char *file, pool *p, size_t k, char *why, size_t why_size)
{
  sp_json *root;
  void **albums = sp_xcalloc(p->albums ? p->albums->n + 1 : 1, sizeof *albums);
  const size_t n_albums = album_parts(p, k, albums);
  if (p->n == 1 && n_albums == 0) {
    root = p->jobs[0].part[k];
    p->jobs[0].part[k] = NULL;
  } else {
    root = sp_report_object();
    sp_json *all = sp_report_array();
    for (size_t i = 0; i < p->n; i++) {
      if (p->jobs[i].part[k])
        sp_report_append(all, p->jobs[i].part[k]);
      p->jobs[i].part[k] = NULL;
    }
    sp_report_set(root, "renders", all);
    if (n_albums > 0) {
      sp_json *list = sp_report_array();
      for (size_t i = 0; i < n_albums; i++)
        sp_report_append(list, albums[i]);
      for (size_t i = 0; i < p->albums->n; i++)
        p->albums->v[i].part[k] = NULL;
      sp_report_set(root, "albums", list);
    }
  }
  free(albums);
  sp_err err = root ? sp_report_write(root, file, why, why_size) : SP_OK;
  sp_report_free(root);
  return err;
}

static void html_said(const said_ctx *c)
{
  c->j->bleed = true;
  c->j->last_phase = -1;
  sp_bleed b;
  measure_bleed(c->g, c->o, c->ro, &b, c->err);
  c->j->part[c->k] = sp_html_render_section(c->g, c->res, c->status, &b);
  sp_bleed_fini(&b);
}

/* --html: a recipe that failed has a section too (red, with what it said) */
static void *html_lost(const job *j)
{
  return sp_html_render_failed(j->path, (sp_err)j->status, j->err_text);
}

/* --html: every recipe's section, then every album's; the page is always
 * written: an older page never stands in for this run. */
static sp_err html_write(const char *file, pool *p, size_t k, char *why, size_t why_size)
{
  const size_t most = p->n + (p->albums ? p->albums->n : 0);
  const char **sections = sp_xcalloc(most + 1, sizeof *sections);
  for (size_t i = 0; i < p->n; i++)
    sections[i] = p->jobs[i].part[k];
  const size_t n = p->n + album_parts(p, k, (void **)(sections + p->n));
  sp_err err = sp_html_write(file, n == 1 && p->n == 1 ? p->jobs[0].path : "stemprint renders",
                             NULL, sections, n, why, why_size);
  free(sections);
  return err;
}

/* --junit: the render's checks, the list its --report's "checks" is made of. */
static void junit_said(const said_ctx *c)
{
  c->j->part[c->k] =
      sp_junit_render(sp_graph_recipe(c->g)->file, c->res, sp_graph_recipe(c->g), c->status);
}

static void junit_failed(job *j, size_t k, sp_err status, const sp_diags *d)
{
  if (!j->part[k])
    j->part[k] = sp_junit_failed(j->path, status, d, NULL);
}

/* --junit: one that never started, or was refused, an error case saying why */
static void *junit_lost(const job *j)
{
  return sp_junit_failed(j->path, (sp_err)j->status, NULL, j->err_text);
}

static void junit_free(void *part) { sp_junit_suite_free(part); }

/* --junit: a suite per recipe, in the order given, then one per album.
 * Always written, as --html. */
static sp_err junit_write(const char *file, pool *p, size_t k, char *why, size_t why_size)
{
  const size_t most = p->n + (p->albums ? p->albums->n : 0);
  sp_junit_suite **suites = sp_xcalloc(most + 1, sizeof *suites);
  for (size_t i = 0; i < p->n; i++)
    suites[i] = p->jobs[i].part[k];
  const size_t n = p->n + album_parts(p, k, (void **)(suites + p->n));
  sp_err err = sp_junit_write(file, suites, n, why, why_size);
  free(suites);
  return err;
}

/* The depfile's rule names as targets the files of the outputs that are
 * the render's too (--report, --html, --junit), in the table's order. */
static void depfile_said(const said_ctx *c)
{
  c->j->part[c->k] = sp_depfile_rule(c->g, c->res, c->ro->skip, c->o->targets, c->o->n_targets,
                                     c->status == SP_ERR_CHECK);
}

/* --depfile: make told every name of the rule as it is, else the render
 * refused before anything renders (sp_depfile_names_ok). */
static bool depfile_names(const options *o, const sp_graph *g, const bool *skip, sp_diags *d)
{
  return sp_depfile_names_ok(g, skip, o->targets, o->n_targets, d);
}

/* --depfile: whether make can be told every name of al's rule as it is
 * (its files, its recipe, its cover and its finished songs; its songs'
 * recipes are asked with every recipe of the command, before any renders:
 * cmd/cmd_render.c's outputs_collide): false, the first it cannot said on
 * stderr at its key, the fix with it. */
static bool depfile_album_names(const sp_cmd_album *al)
{
  const sp_album_spec *s = &al->spec;
  const char *file = s->file, *key = NULL; /* where the first refused name is given */
  sp_pos pos = {0, 0};
  char *why = sp_depfile_refusal(s->file, false);
  const sp_album_place cover = s->album_at[SP_KEY_ALBUM_COVER];
  if (!why && s->cover && (why = sp_depfile_refusal(s->cover, false)))
    file = sp_album_place_file(s, cover), pos = cover.pos, key = "album.cover";
  for (size_t k = 0; !why && k < s->n_songs; k++) {
    const sp_album_entry *e = &s->songs[k];
    if (e->file && (why = sp_depfile_refusal(e->file, false)))
      file = sp_album_place_file(s, e->pos), pos = e->pos.pos, key = e->key;
  }
  for (size_t k = 0; !why && k < al->paths.n; k++)
    if ((why = sp_depfile_refusal(al->paths.files[k].path, true)))
      key = "output";
  char *never = sp_depfile_never(al->paths.folders[0], s->base); /* a failed check's rule's */
  if (!why && ((why = sp_depfile_refusal(never, true)) || (why = sp_depfile_refusal(never, false))))
    key = "output";
  free(never);
  if (why) {
    sp_diags d;
    sp_diags_init(&d);
    sp_diags_error(&d, SP_ERR_USAGE, file, pos, key, "%s", why);
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
  }
  free(why);
  return !why;
}

/* --depfile: only renders that printed have rules (a failed check's with a
 * prerequisite that makes it run again), and albums that landed; one that
 * printed nothing leaves its earlier outputs, older than what changed, to
 * run again. No rule at all: no file. */
static sp_err depfile_write(const char *file, pool *p, size_t k, char *why, size_t why_size)
{
  size_t rules = 0;
  const size_t most = p->n + (p->albums ? p->albums->n : 0);
  const char **deps = sp_xcalloc(most + 1, sizeof *deps);
  for (size_t i = 0; i < p->n; i++)
    rules += (deps[i] = p->jobs[i].part[k]) != NULL;
  const size_t n_albums = album_parts(p, k, (void **)(deps + p->n));
  rules += n_albums;
  sp_err err =
      rules > 0 ? sp_depfile_write(file, deps, p->n + n_albums, why, why_size) : SP_OK;
  free(deps);
  return err;
}

/* --profile: each render's profile (core/base/profile.h); one recipe's
 * object, or every recipe's under "renders". */
static void profile_said(const said_ctx *c)
{
  if (c->ro->profile)
    c->j->part[c->k] = sp_report_profile(c->ro->profile, c->j->path, c->ro->threads);
}

static void profile_free(void *part) { sp_report_free(part); }

static sp_err profile_write(const char *file, pool *p, size_t k, char *why, size_t why_size)
{
  size_t parts = 0;
  for (size_t i = 0; i < p->n; i++)
    parts += p->jobs[i].part[k] != NULL;
  for (size_t i = 0; p->albums && i < p->albums->n; i++)
    parts += p->albums->v[i].part[k] != NULL;
  if (parts == 0) /* nothing rendered (failed, or a dry run): no profile */
    return SP_OK;
  return report_write(file, p, k, why, why_size);
}

typedef struct output_handler {
  const char *name;    /* its option, without "--" */
  const char *example; /* a file name, for the option's mistakes */
  const char *usage;   /* its part of render's usage: "[--report FILE.json]" */
  const char *help;    /* its lines of render's options */
  bool loudness;       /* it shows every file's loudness: the render meters them all */
  bool series;         /* it shows loudness over time (100 ms series) */
  bool full;           /* it reads the graph: a cached render is served through a full build */
  bool target;         /* its file is the render's too: a target of the depfile's rule */
  bool profile;        /* it shows the render's profile: the render records one (no cache) */
  /* its file's folder must exist before anything renders (a report may go
   * into the output folder, which the render makes; a profile may not) */
  bool checked;
  void (*said)(const said_ctx *c);
  void (*failed)(job *j, size_t k, sp_err status, const sp_diags *d); /* every recipe's, or NULL */
  /* the part of a recipe that has none, from its status and what it said
   * on stderr; NULL: its file leaves such a recipe out, and is not written
   * when the recipes were refused before any ran */
  void *(*lost)(const job *j);
  sp_err (*write)(const char *file, pool *p, size_t k, char *why, size_t why_size);
  void (*free_part)(void *part);
  void *(*album)(const sp_cmd_album *al); /* an album's part (NULL: none) */
  /* whether its file can be written for a render of g, asked before
   * anything renders (false: why said into d), or NULL: always */
  bool (*names)(const options *o, const sp_graph *g, const bool *skip, sp_diags *d);
  bool (*album_names)(const sp_cmd_album *al); /* the same of an album (said on stderr) */
} output_handler;

static const output_handler handlers[] = {
    {.name = "report",
     .example = "report.json",
     .usage = "[--report FILE.json]",
     .help = "  --report FILE.json     write a JSON report: every output's loudness, the\n"
             "                         null test, each check, render time and every\n"
             "                         diagnostic with its line (one recipe: its object;\n"
             "                         several: {\"renders\": [...]}; docs/ci.md)\n",
     .loudness = true,
     .full = true,
     .target = true,
     .said = report_said,
     .failed = report_failed,
     .lost = report_lost,
     .write = report_write,
     .free_part = report_free,
     .album = report_album},
    {.name = "html",
     .example = "report.html",
     .usage = "[--html FILE.html]",
     .help = "  --html FILE.html       write a self-contained HTML report: route map,\n"
             "                         loudness over time, null test, bleed matrix, checks\n",
     .loudness = true,
     .series = true,
     .full = true,
     .target = true,
     .said = html_said,
     .lost = html_lost,
     .write = html_write,
     .free_part = free,
     .album = html_album},
    {.name = "junit",
     .example = "junit.xml",
     .usage = "[--junit FILE.xml]",
     .help = "  --junit FILE.xml       write a JUnit XML report: each check a testcase (null\n"
             "                         tests, clipping, loudness and true peak per file),\n"
             "                         a failure with its message and the recipe's line;\n"
             "                         for GitLab, Jenkins, GitHub (docs/ci.md)\n",
     .target = true,
     .said = junit_said,
     .failed = junit_failed,
     .lost = junit_lost,
     .write = junit_write,
     .free_part = junit_free,
     .album = junit_album},
    {.name = "depfile",
     .example = "song.d",
     .usage = "[--depfile FILE]",
     .help = "  --depfile FILE         write a Makefile dependency file: the outputs and the\n"
             "                         --report, --html and --junit files depend on the\n"
             "                         recipe, every source, impulse response, state\n",
     .said = depfile_said,
     .write = depfile_write,
     .free_part = free,
     .album = depfile_album,
     .names = depfile_names,
     .album_names = depfile_album_names},
    {.name = "profile",
     .example = "profile.json",
     .usage = "[--profile FILE.json]",
     .help = "  --profile FILE.json    record where each render's time goes and write it:\n"
             "                         work, span (the longest chain of dependent tasks)\n"
             "                         and parallelism (work / span), by phase, node,\n"
             "                         output and insert, each thread's time; the summary\n"
             "                         says work, span, parallelism; renders, never\n"
             "                         serves from the cache (docs/verify.md)\n",
     .profile = true,
     .checked = true,
     .said = profile_said,
     .write = profile_write,
     .free_part = profile_free,
     .album = profile_album},
};
enum { N_HANDLERS = sizeof handlers / sizeof handlers[0] };
_Static_assert((int)N_HANDLERS <= (int)RENDER_OUTPUTS_MAX, "RENDER_OUTPUTS_MAX (cmd/render.h) is too small");

size_t sp_cmd_render_output_args(options *o, sp_arg *rows)
{
  for (size_t k = 0; k < N_HANDLERS; k++)
    rows[k] = (sp_arg){.name = handlers[k].name,
                       .kind = SP_ARG_TEXT,
                       .to = &o->file[k],
                       .what = "a file name",
                       .example = handlers[k].example,
                       .output = true};
  return N_HANDLERS;
}

void sp_cmd_render_output_help(char *usage, size_t usage_size, char *lines, size_t lines_size)
{
  for (size_t k = 0; k < N_HANDLERS; k++) {
    size_t u = strlen(usage), l = strlen(lines);
    snprintf(usage + u, usage_size - u, "%s%s", k ? " " : "", handlers[k].usage);
    snprintf(lines + l, lines_size - l, "%s", handlers[k].help);
  }
}

void sp_cmd_render_output_needs(options *o)
{
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (o->file[k]) {
      o->ropts.loudness |= handlers[k].loudness;
      o->ropts.series |= handlers[k].series;
      o->full_build |= handlers[k].full;
      o->profile |= handlers[k].profile;
      if (handlers[k].target)
        o->targets[o->n_targets++] = o->file[k];
    }
}

int sp_cmd_render_output_paths(const options *o)
{
  for (size_t k = 0; k < N_HANDLERS; k++) {
    const char *file = o->file[k];
    /* written into as it is: a device, a FIFO, a descriptor's name */
    if (!file || strncmp(file, "/dev/", 5) == 0 || sp_fs_is_stdout(file) || sp_fs_is_special(file))
      continue;
    struct stat st;
    char *dir = sp_fs_parent(file);
    const char *why = NULL;
    if (stat(file, &st) == 0 && S_ISDIR(st.st_mode))
      why = "it is a folder";
    else if (stat(dir, &st) != 0)
      why = errno == ENOTDIR      ? "its folder is not a folder"
            : errno != ENOENT     ? "its folder cannot be reached"
            : handlers[k].checked ? "its folder does not exist"
                                  : NULL; /* the output folder, made */
    else if (!S_ISDIR(st.st_mode))
      why = "its folder is not a folder";
    else if (access(dir, W_OK | X_OK) != 0)
      why = "its folder is not writable";
    if (why)
      sp_diag_line(stderr,
                   "stemprint: error: --%s %s: %s (%s); give --%s a file in a folder that "
                   "exists and is writable",
                   handlers[k].name, file, why, dir, handlers[k].name);
    free(dir);
    if (why)
      return SP_ERR_USAGE;
  }
  return SP_OK;
}

bool sp_cmd_render_output_names(const options *o, const sp_graph *g, const bool *skip, sp_diags *d)
{
  bool ok = true;
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (o->file[k] && handlers[k].names)
      ok = handlers[k].names(o, g, skip, d) && ok;
  return ok;
}

bool sp_cmd_render_output_albums(const options *o, const sp_cmd_albums *a)
{
  bool ok = true;
  for (size_t k = 0; k < N_HANDLERS; k++)
    for (size_t i = 0; o->file[k] && handlers[k].album_names && i < a->n; i++)
      if (a->v[i].status == SP_OK)
        ok = handlers[k].album_names(&a->v[i]) && ok;
  return ok;
}

void sp_cmd_render_parts_free(job *j)
{
  for (size_t k = 0; k < N_HANDLERS; k++) {
    handlers[k].free_part(j->part[k]);
    j->part[k] = NULL;
  }
}

void sp_cmd_render_said(job *j, const options *o, const sp_graph *g, const sp_render_opts *ro,
                        sp_render_result *res, sp_err status, FILE *out, FILE *err)
{
  report(g, res, j->cache_seconds, o->quiet, out);
  if (ro->profile && !o->quiet)
    sp_profile_say(ro->profile, ro->threads, out);
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (o->file[k])
      handlers[k].said(&(const said_ctx){j, o, g, ro, res, status, err, k});
}

void sp_cmd_render_failed(job *j, const options *o, sp_err status, const sp_diags *d)
{
  for (size_t k = 0; k < N_HANDLERS; k++)
    if (handlers[k].failed && o->file[k])
      handlers[k].failed(j, k, status, d);
}

int sp_cmd_render_write(pool *p, const options *o, bool refused, int status)
{
  /* a recipe an interrupt kept from starting says so where it has no part */
  for (size_t i = 0; i < p->n; i++)
    if (atomic_load(&p->jobs[i].phase) != 99 && !p->jobs[i].err_text)
      p->jobs[i].err_text =
          sp_xasprintf("stemprint: error: %s: interrupted before it started\n", p->jobs[i].path);
  /* a report never written over what the render read or printed (the
   * builds said so; refused there, a recipe may have had no build) */
  char clash[2048];
  if (sp_cli_writes_check(false, clash, sizeof clash) != SP_OK)
    return status > SP_ERR_USAGE ? status : SP_ERR_USAGE;
  for (size_t k = 0; k < N_HANDLERS && !o->dry_run; k++) {
    const char *file = o->file[k];
    if (!file || (refused && !handlers[k].lost))
      continue;
    for (size_t i = 0; i < p->n && handlers[k].lost; i++)
      if (!p->jobs[i].part[k])
        p->jobs[i].part[k] = handlers[k].lost(&p->jobs[i]);
    for (size_t i = 0; p->albums && i < p->albums->n; i++)
      p->albums->v[i].part[k] = handlers[k].album(&p->albums->v[i]);
    char why[512];
    if (handlers[k].write(file, p, k, why, sizeof why) != SP_OK) {
      sp_diag_line(stderr, "stemprint: error: --%s: %s", handlers[k].name, why);
      status = status > SP_ERR_IO ? status : SP_ERR_IO;
    }
    for (size_t i = 0; p->albums && i < p->albums->n; i++) { /* what the file did not take */
      handlers[k].free_part(p->albums->v[i].part[k]);
      p->albums->v[i].part[k] = NULL;
    }
  }
  return status;
}
