/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint check: parse and validate recipes, warn about likely mistakes,
 * and measure the gain staging with a render that writes nothing. Exit 0
 * when valid (warnings allowed), else the status the problems imply. */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/base/units.h"
#include "core/render/render.h"
#include "io/album/album_check.h"
#include "io/album/album_read.h"
#include "io/report/junit.h"
#include "io/report/report.h"
#include "io/report/report_diags.h"
#include "io/report/report_render.h"

#include <math.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: stemprint check RECIPE... [--no-levels] [--json] [--junit FILE.xml]\n"
    "                      [--confine | --confine-to DIR] [--stems HOW] [--strict]\n"
    "                      [--set KEY=VALUE]...\n"
    "                      [--diagnostics FORMAT [--diagnostics-file FILE]]\n"
    "\n"
    "Parse and validate each recipe: keys, types, units and ranges, names,\n"
    "routing cycles, source files, inserts, stems and output paths. Prints every\n"
    "problem found (file:line:col: key: what is wrong and how to fix it), and\n"
    "warnings for likely mistakes: a bus nothing feeds, a send to a return that\n"
    "is not heard, a stem of muted tracks only, a soloed track. Then measures the\n"
    "levels with a render that writes nothing: a track or bus that peaks above\n"
    "0 dBFS before master is a warning; the mix, a stem or a linked version\n"
    "that would clip in a 16- or 24-bit print (through master and its inserts)\n"
    "fails the check, as it would fail the render. The verdict says what was\n"
    "not measured (a version of its own, a printed bus, the level after\n"
    "master.normalize, the loudness rules, master.adm's files). A mix nothing is\n"
    "heard in (its tracks muted, or muted at their outputs by mute_points) is an\n"
    "error, a stem so silenced a warning. Writes no file.\n"
    "\n"
    "options:\n"
    "  --no-levels         skip the level measurement (no audio is read)\n"
    "  --json              print the verdicts as JSON on standard output: each\n"
    "                      recipe's status, levels and every diagnostic, with\n"
    "                      its file, line, column and recipe path (docs/ci.md)\n"
    "  --junit FILE.xml    write a JUnit XML report: a testcase per recipe that\n"
    "                      passes, one per error of a recipe that does not, at\n"
    "                      its file and line (docs/ci.md)\n" SP_CONFINE_HELP SP_RECIPE_STDIN_HELP
        SP_SESSION_HELP SP_SET_HELP SP_DIAG_HELP "  -h, --help          this help\n"
    "\n"
    "Options may come before or after the recipes; -- ends them.\n"
    "\n"
    "exit status: 0 valid (warnings allowed), 1 a print would clip, 2 a recipe is\n"
    "wrong, 3 a file it names is missing or unreadable, 4 the measuring render\n"
    "failed.\n";

static const sp_cli_spec spec = {"check", help, 1, SIZE_MAX, "no recipe given", NULL, SIZE_MAX};

/* What a check measured of a recipe's levels, for its verdict. */
typedef struct levels {
  bool measured;
  double mix_peak_dbfs; /* the mix through master, before quantization */
  size_t n_measured;    /* outputs measured: the mix, stems, linked versions */
  char *not_measured;   /* what was not, in words ("1 version of its own"), or NULL */
  sp_json *outputs;     /* each measured output's name, kind and peak */
} levels;

/* Warn about every track or bus whose signal after its fader peaks above
 * full scale: float does not clip, but a print of it or a fixed-point
 * plugin would, and it usually means gain staging went wrong upstream.
 * Then the prints: the mix, each stem and each linked version through
 * master, which in a 16- or 24-bit file would clip (the render fails
 * then, exit 1): an error each. */
static sp_err check_levels(const sp_graph *g, sp_diags *d, levels *lv)
{
  /* Every CPU: a measurement through LV2 plugins takes as long as a
   * render, and the peaks are the same for any thread count. */
  sp_render_opts o = {.measure_only = true, .node_peaks = true, .threads = sp_cli_cpus()};
  sp_render_result res;
  sp_err err = sp_render(g, &o, &res, d);
  const sp_recipe *r = sp_graph_recipe(g);
  for (size_t i = 0; err == SP_OK && sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    double db = sp_lin_to_db(res.node_peak[i]);
    if (n->kind == SP_NODE_MASTER || db <= 0.0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "%s.gain", n->path);
    sp_recipe_warn(r, d, path,
                   "%s '%s' peaks at %+.1f dBFS after its %sfader, before master: lower its "
                   "gain%s",
                   n->kind == SP_NODE_TRACK ? "track" : "bus", n->name, db,
                   n->strip->n_inserts ? "inserts and " : "",
                   n->kind == SP_NODE_BUS ? " or the levels feeding it" : " or its trim");
  }
  size_t own = 0, buses = 0;
  lv->outputs = sp_report_array();
  for (size_t i = 0; err == SP_OK && sp_graph_output(g, i); i++) {
    const sp_output_plan *op = sp_graph_output(g, i);
    if (op->kind == SP_OUT_REST)
      continue;
    if (isnan(res.output_peak[i])) {
      own += op->kind == SP_OUT_VERSION;
      buses += op->kind == SP_OUT_BUS;
      continue;
    }
    const double db = sp_lin_to_db(res.output_peak[i]);
    lv->n_measured++;
    if (op->kind == SP_OUT_MIX)
      lv->mix_peak_dbfs = db;
    sp_json *x = sp_report_object();
    sp_report_set(x, "name", sp_report_string(op->name));
    sp_report_set(x, "kind", sp_report_string(sp_out_kind_name(op->kind)));
    sp_report_set(x, "peak_dbfs", sp_report_number(db));
    sp_report_append(lv->outputs, x);
    /* A fixed-point print clips at full scale, less the dither's step:
     * what the render's clipping check would fail. */
    if (r->output.depth == SP_DEPTH_32F || r->normalize)
      continue;
    const double lsb = exp2(1 - (int)r->output.depth);
    if (res.output_peak[i] < 1.0 - (r->output.dither ? 2 : 1) * lsb)
      continue;
    /* the mix at the rule the render judges it by, so that both say one place */
    const char *key = op->kind == SP_OUT_MIX ? sp_render_clip_rule(r) : op->key;
    char what[160];
    if (op->kind == SP_OUT_MIX)
      snprintf(what, sizeof what, "the mix");
    else
      snprintf(what, sizeof what, "the %s '%s'", op->kind == SP_OUT_STEM ? "stem" : "version",
               op->name);
    sp_recipe_error(r, d, SP_ERR_CHECK, key,
                    "%s would clip: it peaks at %+.1f dBFS through master, above full scale in "
                    "a %d-bit print; lower %s (a limiter on master holds a ceiling), or print "
                    "depth 32f",
                    what, db, (int)r->output.depth,
                    op->kind == SP_OUT_MIX ? "master's gain or trim, or the levels into it"
                                           : "the levels into master");
  }
  lv->measured = err == SP_OK;
  char what[512] = "";
  if (own)
    snprintf(what + strlen(what), sizeof what - strlen(what), "%s%zu version%s of %s own", "", own,
             own == 1 ? "" : "s", own == 1 ? "its" : "their");
  if (buses)
    snprintf(what + strlen(what), sizeof what - strlen(what), "%s%zu printed bus%s",
             *what ? ", " : "", buses, buses == 1 ? "" : "es");
  if (r->normalize)
    snprintf(what + strlen(what), sizeof what - strlen(what),
             "%sthe level after master.normalize (measured before it)", *what ? ", " : "");
  /* what the render judges that a measure of peaks does not: its
   * loudness rules, and master.adm's files (the profile's loudness) */
  bool rules = r->loudness.on;
  for (size_t k = 0; k < r->output.n_sets; k++)
    rules |= r->output.sets[k].loudness.on;
  if (rules)
    snprintf(what + strlen(what), sizeof what - strlen(what),
             "%sthe loudness rules (render judges them)", *what ? ", " : "");
  if (r->adm)
    snprintf(what + strlen(what), sizeof what - strlen(what),
             "%smaster.adm's files%s (render judges them)", *what ? ", " : "",
             r->adm_profile == SP_ADM_PROFILE_DOLBY ? " and its profile's loudness" : "");
  if (r->output.depth == SP_DEPTH_32F && !r->normalize)
    snprintf(what + strlen(what), sizeof what - strlen(what),
             "%sclipping (a 32-bit float print holds any level)", *what ? ", " : "");
  lv->not_measured = *what && lv->measured ? sp_xstrdup(what) : NULL;
  sp_render_result_fini(&res);
  return err;
}

static sp_json *verdict_json(const char *path, const sp_recipe *r, const sp_graph *g, sp_err err,
                             const levels *lv, const sp_diags *d)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "recipe", sp_report_string(path));
  sp_report_set(o, "status", sp_report_int(err));
  sp_report_set(o, "ok", sp_report_bool(err == SP_OK));
  if (r && g) {
    sp_report_set(o, "tracks", sp_report_int((int64_t)r->n_tracks));
    sp_report_set(o, "buses", sp_report_int((int64_t)r->n_buses));
    sp_report_set(o, "stems", sp_report_int((int64_t)sp_graph_count(g, SP_GRAPH_STEMS)));
    sp_report_set(o, "seconds",
                  sp_report_number((double)sp_graph_timeline(g).content_frames / sp_graph_rate(g)));
    sp_report_set(o, "sample_rate", sp_report_int((int64_t)sp_graph_rate(g)));
    sp_report_set(o, "resampled", sp_report_resampled(g));
  }
  sp_json *l = sp_report_object();
  sp_report_set(l, "measured", sp_report_bool(lv->measured));
  sp_report_set(l, "mix_peak_dbfs", sp_report_number(lv->measured ? lv->mix_peak_dbfs : NAN));
  sp_report_set(l, "outputs", lv->outputs ? lv->outputs : sp_report_array());
  /* what was not measured, when levels were: a recipe that did not get
   * so far, or --no-levels, has nothing to list (measured: false) */
  if (lv->measured)
    sp_report_set(l, "not_measured", sp_report_string(lv->not_measured));
  sp_report_set(o, "levels", l);
  sp_report_set(o, "diagnostics", sp_report_diags(d));
  return o;
}

/* An album recipe (docs/album.md): its keys (with the --set keys, which
 * are the album's), its files held inside --confine's folders, its cover
 * read, then each song recipe as a recipe is checked (read and
 * built, without its levels, nor the --set: as render reads it), then what
 * the songs' lengths decide, by the validator render runs
 * (io/album/album_check.h): a finished file's length its header's, a
 * recipe's its mix's as its graph plans it (render --dry-run's). Every
 * problem into d. The status they imply; *songs the songs it holds. */
static sp_err check_album(const char *path, sp_cli_input *in, sp_diags *d, size_t *songs)
{
  sp_album_spec al;
  sp_err err = sp_album_read(path, in->session.sets.v, in->session.sets.n, &al, d);
  *songs = al.n_songs;
  sp_cli_confine(in); /* held as render holds it, before a file of it is read */
  if (err == SP_OK)
    err = sp_album_confined(&al, &in->gopts, false, d);
  if (err == SP_OK)
    err = sp_album_cover_check(&al, d);
  sp_cli_input song_in = *in;
  song_in.session.sets = (sp_arg_list){0};
  sp_album_length *len = sp_xcalloc(al.n_songs ? al.n_songs : 1, sizeof *len);
  bool lengths = err == SP_OK;
  for (size_t k = 0; err == SP_OK && k < al.n_songs; k++) {
    const sp_album_entry *e = &al.songs[k];
    if (e->file) {
      char why[1024];
      if (sp_album_file_length(e->file, &len[k], why, sizeof why) != SP_OK) {
        sp_diags_error(d, SP_ERR_IO, sp_album_place_file(&al, e->pos), e->pos.pos, e->key, "%s",
                       why);
        lengths = false;
      }
      continue;
    }
    sp_recipe *r = NULL;
    sp_graph *g = NULL;
    if (sp_cli_load(e->recipe, &song_in, &r, &g, d) == SP_OK) {
      const sp_graph_time tl = sp_graph_timeline(g);
      const sp_node *master = sp_graph_node(g, sp_graph_master(g));
      len[k] = (sp_album_length){.frames = tl.content_frames + tl.tail_frames,
                                 .rate = sp_graph_rate(g),
                                 .channels = master->channels,
                                 .mask = master->layout ? master->layout->mask : 0};
      sp_graph_free(g);
      sp_recipe_free(r);
    } else
      lengths = false;
  }
  if (lengths)
    err = sp_album_check(&al, len, d, NULL);
  if (err == SP_OK)
    err = sp_diags_status(d);
  free(len);
  sp_album_spec_fini(&al);
  return err;
}

/* A recipe or session checked: read, built, claimed as render claims it,
 * its levels measured unless no_levels, and its summary said (unless
 * json). *r and *g as read (to free), *lv as measured. */
static sp_err check_recipe(const char *path, sp_cli_input *in, bool json, bool no_levels,
                           sp_diags *d, sp_recipe **r, sp_graph **g, levels *lv)
{
  sp_err err = sp_cli_load(path, in, r, g, d);
  const sp_recipe *rec = *r;
  sp_graph *graph = *g;
  if (err == SP_OK) {
    sp_cli_check_claim(graph, false, d); /* as render, without --force */
    err = sp_diags_status(d);
  }
  if (err == SP_OK && !no_levels)
    err = check_levels(graph, d, lv);
  if (err == SP_OK)
    err = sp_diags_status(d); /* a print that would clip */
  sp_diags_print(d, stderr);
  if (err == SP_OK && !json) {
    size_t stems = sp_graph_count(graph, SP_GRAPH_STEMS);
    char peak[64] = "";
    if (lv->measured)
      snprintf(peak, sizeof peak, "; the mix peaks at %.1f dBFS", lv->mix_peak_dbfs);
    char tail[64] = "";
    if (sp_graph_timeline(graph).tail_frames > 0)
      snprintf(tail, sizeof tail, " and a tail of %.3f s",
               (double)sp_graph_timeline(graph).tail_frames / sp_graph_rate(graph));
    /* a rate the recipe does not give: its sources' (cmd/cli.c, read_recipe) */
    const char *whose = !sp_recipe_written(rec, "sample_rate") &&
                                rec->sample_rate != SP_RECIPE_DEFAULT_RATE
                            ? " (its sources' rate: the recipe gives none)"
                            : "";
    fprintf(sp_cli_out(),
            "%s: ok — %zu track%s, %zu bus%s, %zu stem%s, %.3f s%s at %.0f Hz%s%s%s%s%s\n", path,
            rec->n_tracks, rec->n_tracks == 1 ? "" : "s", rec->n_buses, rec->n_buses == 1 ? "" : "es",
            stems, stems == 1 ? "" : "s",
            (double)sp_graph_timeline(graph).content_frames / sp_graph_rate(graph), tail,
            sp_graph_rate(graph), whose, peak, lv->not_measured ? "; not measured: " : "",
            lv->not_measured ? lv->not_measured : "",
            sp_diags_warnings(d) ? "; see the warnings above" : "");
    sp_cli_say_resampled(graph, sp_cli_out()); /* as render says it */
  }
  return err;
}

int sp_cmd_check(int argc, char **argv)
{
  bool no_levels = false, json = false;
  const char *junit = NULL;
  /* the inserts' probes on every CPU, as the measurement below: the graph
   * is the same for any thread count */
  sp_cli_input in = {.gopts = {.threads = sp_cli_cpus()}};
  sp_cli_diag_out dout = {0};
  const sp_arg opts[] = {
      {.name = "no-levels", .kind = SP_ARG_FLAG, .to = &no_levels},
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      SP_OUTPUT_ARG("junit", 0, &junit, "a file name", "check.xml"),
      SP_INPUT_ARGS(&in),
      SP_SET_ARG(&in.session),
      SP_DIAG_ARGS(&dout),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  const size_t n = args.n_pos;
  sp_diags *all = sp_xcalloc(n, sizeof *all);
  const sp_diags **said = sp_xcalloc(n, sizeof *said);
  sp_json *verdicts = sp_report_array();
  sp_junit_suite **suites = sp_xcalloc(n, sizeof *suites);
  for (size_t i = 0; i < n; i++) {
    const char *path = args.pos[i];
    sp_diags *d = &all[i];
    said[i] = d;
    sp_diags_init(d);
    sp_recipe *r = NULL;
    sp_graph *g = NULL;
    levels lv = {0};
    sp_err err;
    if (sp_album_file_is(path)) {
      size_t songs = 0;
      err = check_album(path, &in, d, &songs);
      sp_diags_print(d, stderr);
      if (err == SP_OK && !json)
        fprintf(sp_cli_out(), "%s: ok — an album of %zu song%s\n", path, songs,
                songs == 1 ? "" : "s");
    } else {
      err = check_recipe(path, &in, json, no_levels, d, &r, &g, &lv);
    }
    if (junit) {
      suites[i] =
          err == SP_OK ? sp_junit_suite_new(path, path) : sp_junit_failed(path, err, d, NULL);
      if (err == SP_OK)
        sp_junit_add(suites[i], "valid", NULL, (sp_pos){0, 0}, SP_JUNIT_PASSED, NULL, NULL);
    }
    if (json)
      sp_report_append(verdicts, verdict_json(path, r, r ? g : NULL, err, &lv, d));
    else
      sp_report_free(lv.outputs);
    free(lv.not_measured);
    if (r) {
      sp_graph_free(g);
      sp_recipe_free(r);
    }
    if ((int)err > status)
      status = err;
  }
  if (json) {
    sp_json *root = sp_report_object();
    sp_report_set(root, "stemprint_version", sp_report_string(SP_VERSION));
    sp_report_set(root, "status", sp_report_int(status));
    sp_report_set(root, "recipes", verdicts);
    sp_cli_print_json(root);
  } else {
    sp_report_free(verdicts);
  }
  const int written = sp_cli_diags_write(&dout, said, n);
  if (written > status)
    status = written;
  if (junit)
    status = sp_cli_junit_write(junit, suites, n, status);
  free(suites);
  for (size_t i = 0; i < n; i++)
    sp_diags_fini(&all[i]);
  free(all);
  free(said);
  sp_args_fini(&args);
  return status;
}
