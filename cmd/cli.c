/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What several commands do alike (cmd/cli.h): load a recipe or a DAW
 * session and build its graph, name a file beside another, confine a
 * render, print a processor's help. */

#include "cmd/cli.h"
#include "cmd/schema.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"
#include "core/graph/query.h"
#include "core/recipe/build.h"
#include "core/recipe/check.h"
#include "io/audio/audio.h"
#include "io/audio/media.h"
#include "io/audio/tagfile.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"
#include "io/report/junit.h"
#include "io/report/report_diags.h"
#include "io/recipe/parse.h"
#include "io/recipe/yamltree.h"
#include "io/session/session.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A session's recipe: it prints beside the session into a folder named by
 * its whole file name (song.dawproject's is not song.yaml's) unless --set
 * names one, and may read under trusted_dir (taken). */
static void as_session(sp_recipe *r, char *trusted_dir)
{
  if (!sp_recipe_written(r, "output.dir")) {
    free(r->output.dir);
    r->output.dir = sp_xstrdup("out/{input}");
  }
  r->trusted_dir = trusted_dir;
}

/* The rate every audio file of r's regions is at, into *rate: true where
 * they share one (a file that does not open, or that the command's
 * confinement keeps it from reading, counts for none: the build says what
 * is wrong with it). */
static bool sources_rate(const sp_recipe *r, const sp_graph_opts *confine, double *rate)
{
  int shared = 0;
  for (size_t i = 0; i < r->n_tracks; i++)
    for (size_t j = 0; j < r->tracks[i].n_regions; j++) {
      const sp_region *g = &r->tracks[i].regions[j];
      for (size_t k = 0; !g->midi && k < (g->n_files ? g->n_files : 1); k++) {
        const char *file = g->n_files ? g->paths[k] : g->path;
        sp_reader *rd = NULL;
        sp_audio_info info;
        char why[256];
        if (!file ||
            !sp_confine_allows(sp_audio_media(), confine, r->dir, file, false, "the file", why,
                               sizeof why) ||
            sp_audio_open(file, &rd, &info, why, sizeof why) != SP_OK)
          continue;
        rd->ops->close(rd);
        if (shared && info.sample_rate != shared)
          return false;
        shared = info.sample_rate;
      }
    }
  *rate = shared;
  return shared > 0;
}

/* The recipe at path with sets read (sp_recipe_parse_set); one that gives
 * no sample_rate, whose audio files share one, read again at theirs
 * (docs/recipe.md, Resampling), what its first reading said left out:
 * its times and frequencies judged at the rate it renders at, whether or
 * not the first reading, at the default rate, refused one. */
static void read_recipe(const char *path, const sp_arg_list sets, const sp_graph_opts *confine,
                        sp_recipe **r, sp_diags *d)
{
  sp_diags first;
  sp_diags_init(&first);
  /* its text read once, its tree kept for the second reading: a recipe
   * from a pipe (-, /dev/stdin, <(make-recipe)) cannot be read again */
  sp_ynode *root = NULL;
  sp_yaml_load(path, &root, &first);
  const size_t loaded = first.n;
  sp_ynode *again = sp_ynode_copy(root);
  sp_recipe_parse_tree(path, root, NULL, sets.v, sets.n, r, &first);
  double rate = 0;
  if (*r && !sp_recipe_written(*r, "sample_rate") && sources_rate(*r, confine, &rate) &&
      rate != (*r)->sample_rate && sp_recipe_reading_rate(rate) == rate) {
    sp_recipe_free(*r);
    sp_diags_truncate(&first, loaded);
    sp_recipe_parse_at_rate(path, again, sets.v, sets.n, rate, r, &first);
    again = NULL;
  }
  sp_ynode_free(again);
  sp_diags_take(d, &first);
  sp_diags_fini(&first);
}

sp_err sp_cli_read(const char *path, const sp_cli_session *session, sp_cli_recipe *in, sp_diags *d)
{
  memset(in, 0, sizeof *in);
  const sp_arg_list sets = session ? session->sets : (sp_arg_list){0};
  sp_session_input si;
  if (sp_session_probe(path, &si)) {
    /* A DAW session reads as the recipe `stemprint import` writes. */
    sp_import_opts io = {.strict = session && session->strict,
                         .stems = session ? session->stems : NULL,
                         .media = sp_audio_media(),
                         .confine = session ? session->confine : NULL};
    sp_session_reading how = {.sets = sets.v, .n_sets = sets.n};
    sp_session_read(&si, &io, &how, &in->r, &in->kept, NULL, d);
    if (in->r) {
      as_session(in->r, si.trusted_dir);
      si.trusted_dir = NULL;
      in->session = path;
      in->sets = sets;
      in->read_errors = how.errors;
    }
    sp_session_input_fini(&si);
  } else if (session && session->stems) {
    /* --strict takes a recipe too: its hardware inserts' returns missing or
     * stale fail the render (io/outdir/print.c) */
    sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE,
                       "%s: --stems is for a DAW session (.dawproject, an Ardour session); a "
                       "recipe names its stems under 'stems:'",
                       path);
  } else {
    read_recipe(path, sets, session ? session->confine : NULL, &in->r, d);
  }
  in->strict = session && session->strict;
  return in->r ? SP_OK : (sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE);
}

void sp_cli_recipe_fini(sp_cli_recipe *in)
{
  sp_recipe_free(in->r);
  sp_session_kept_free(in->kept);
  free(in->restemmed);
  sp_diags_fini(&in->restem_said);
  memset(in, 0, sizeof *in);
}

/* The user's --set keys of the stems read again over the stems a restem
 * set in in->r (the places noted from its first n_where on), as over the
 * default's: the stems they say in place of the restem's. false where
 * that reading has errors, or the default's reading had some (with the
 * same keys over the same recipe, they stand): the stems not taken. */
static bool sets_over_stems(sp_cli_recipe *in, size_t n_where)
{
  sp_diags read; /* the default's reading said the same */
  sp_diags_init(&read);
  const bool ok = in->read_errors == 0 &&
                  sp_recipe_parse_stems_set(in->r, in->sets.v, in->sets.n, n_where, &read);
  sp_diags_fini(&read);
  return ok;
}

/* said's messages added to d again, each as it was (warnings; errors
 * with " (--strict)" where strict). */
static void say_again(sp_diags *d, const sp_diags *said, bool strict)
{
  for (size_t i = 0; i < said->n; i++) {
    const sp_diag *x = &said->v[i];
    if (strict)
      sp_diags_error(d, SP_ERR_USAGE, x->file, x->pos, x->path, "%s (--strict)", x->msg);
    else
      sp_diags_warn(d, x->file, x->pos, x->path, "%s", x->msg);
  }
}

/* Where the graph of in->r refused its stems at a hardware insert on a
 * bus of several stems (its problems in d from `from` on): the stems it
 * can print set (sp_graph_restem) and built again; where that builds
 * clean, its problems in d in place of the refused build's, with what the
 * restem says at each insert, and *g the graph (its stems in in->r), or,
 * under in->strict, what it says as errors and the stems as they were;
 * else the stems and errors stand. false where no such restem was made. */
static bool restem_graph(sp_cli_recipe *in, const sp_graph_opts *opts, sp_graph **g, sp_diags *d,
                         size_t from)
{
  sp_build_stems was;
  sp_diags said, built;
  sp_diags_init(&said);
  sp_diags_init(&built);
  bool clean = false;
  if (sp_graph_restem(in->r, sp_audio_media(), opts, &was, &said)) {
    sp_graph *other = NULL;
    sp_graph_build(in->r, sp_audio_media(), opts, &other, &built);
    clean = other && sp_diags_errors(&built) == 0;
    if (clean) {
      sp_diags_truncate(d, from);
      say_again(d, &said, in->strict);
      sp_diags_take(d, &built);
    }
    if (clean && !in->strict) {
      sp_graph_free(*g);
      *g = other;
      sp_build_stems_fini(&was);
      in->restemmed = sp_xstrdup(said.v[0].msg);
      in->restem_said = said;
      sp_diags_init(&said);
    } else {
      sp_graph_free(other);
      sp_build_stems_put(in->r, &was);
    }
  } else { /* why not, where it says: a version or the stem file names a stem it changes */
    sp_diags_take(d, &said);
  }
  sp_diags_fini(&built);
  sp_diags_fini(&said);
  return clean;
}

/* Where the graph of a session's recipe refused its default stems (g; its
 * problems in d from `from` on): the recipe's stems changed to the next
 * (sp_session_restem) and built again, the first that builds clean taken
 * (its stems in in->r; *g, its problems in d in place of the default's);
 * else the default's stems and errors stand. Tried once. */
static void restem(sp_cli_recipe *in, const sp_graph_opts *opts, sp_graph **g, sp_diags *d,
                   size_t from)
{
  char *why = NULL, *said = NULL;
  for (size_t i = from; i < d->n && !why; i++)
    if (d->v[i].severity == SP_SEV_ERROR)
      why = sp_xasprintf("%s%s%s", d->v[i].path ? d->v[i].path : "", d->v[i].path ? ": " : "",
                         d->v[i].msg);
  sp_build_stems defaults;
  sp_build_stems_take(in->r, &defaults);
  while (!in->restemmed && sp_session_restem(in->kept, in->r, why, &said)) {
    sp_diags built;
    sp_diags_init(&built);
    sp_graph *other = NULL;
    if (sets_over_stems(in, defaults.n_where))
      sp_graph_build(in->r, sp_audio_media(), opts, &other, &built);
    if (other && sp_diags_errors(&built) == 0) {
      sp_session_replace(in->kept, in->r, &built); /* at the session's elements */
      sp_graph_free(*g);
      *g = other;
      sp_diags_truncate(d, from);
      sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK, "%s", said);
      sp_diags_take(d, &built);
      in->restemmed = said;
    } else {
      sp_graph_free(other);
      free(said);
      sp_build_stems tried; /* the next replaces them */
      sp_build_stems_take(in->r, &tried);
      sp_build_stems_fini(&tried);
    }
    sp_diags_fini(&built);
  }
  if (in->restemmed)
    sp_build_stems_fini(&defaults);
  else
    sp_build_stems_put(in->r, &defaults);
  free(why);
  sp_session_kept_free(in->kept);
  in->kept = NULL;
}

sp_err sp_cli_build(sp_cli_recipe *in, const sp_graph_opts *opts, sp_graph **graph, sp_diags *d)
{
  *graph = NULL;
  if (!in->r)
    return sp_diags_status(d) != SP_OK ? sp_diags_status(d) : SP_ERR_USAGE;
  const size_t from = d->n, errors = sp_diags_errors(d);
  if (in->restem_said.n > 0) /* said by each build: a command prints one build's problems */
    say_again(d, &in->restem_said, false);
  else if (in->restemmed)
    sp_diags_add_whole(d, SP_SEV_WARNING, SP_OK, "%s", in->restemmed);
  sp_graph *g = NULL;
  sp_graph_build(in->r, sp_audio_media(), opts, &g, d);
  const bool refused = sp_diags_errors(d) > errors;
  if (refused && !in->restem_tried && !in->restemmed) {
    in->restem_tried = true; /* the graph's own, for any recipe: a hardware insert's */
    if (restem_graph(in, opts, &g, d, from)) { /* a session's is not tried after */
      sp_session_kept_free(in->kept);
      in->kept = NULL;
    }
  }
  if (in->kept && refused && !g)
    restem(in, opts, &g, d, from);
  /* What it reads and prints, never written over: the graph's, or where
   * the graph was refused and an output option names a file (a report of
   * the refusal is still written), the graph's as far as it was built: a
   * recipe with a mistake reads its sources all the same, and a report
   * named as one replaced it (review 13 #1, #2). */
  sp_graph *seen = g;
  if (!seen && sp_cli_writes_any()) {
    sp_diags again; /* said already, by the build above */
    sp_diags_init(&again);
    seen = sp_graph_build_seen(in->r, sp_audio_media(), opts, &again);
    sp_diags_fini(&again);
  }
  if (seen) {
    size_t n;
    sp_cli_reads_graph(seen, in->session, in->unwritten);
    char **clashes = sp_cli_writes_clashes(&n);
    for (size_t i = 0; i < n; i++)
      sp_diags_add_whole(d, SP_SEV_ERROR, SP_ERR_USAGE, "%s", clashes[i]);
    sp_free_strings(clashes, n);
  }
  if (seen != g)
    sp_graph_free(seen);
  /* output.tags' cover read as its tags will read it, so check refuses it
   * as render does, at its key, before a frame renders (review 30 F1:
   * render refused it at the files' end, check said ok) */
  const sp_tags *tags = &in->r->output.tags;
  char why[512];
  sp_err err = SP_OK;
  if (tags->cover && g && (err = sp_cover_check(tags->cover, why, sizeof why)) != SP_OK)
    sp_recipe_error(in->r, d, err, "output.tags.cover", "'%s': %s",
                    tags->cover_as_written ? tags->cover_as_written : tags->cover, why);
  if (sp_diags_errors(d) > 0) {
    sp_graph_free(g);
    return sp_diags_status(d);
  }
  *graph = g;
  return SP_OK;
}

sp_err sp_cli_load(const char *path, sp_cli_input *in, sp_recipe **recipe, sp_graph **graph,
                   sp_diags *d)
{
  *recipe = NULL;
  *graph = NULL;
  sp_cli_confine(in);
  sp_cli_recipe rd;
  sp_cli_read(path, &in->session, &rd, d);
  /* a recipe with parse errors still builds: its routing mistakes too */
  sp_err err = sp_cli_build(&rd, &in->gopts, graph, d);
  if (err == SP_OK) { /* the recipe is the caller's; the rest read with it goes */
    *recipe = rd.r;
    rd.r = NULL;
  }
  sp_cli_recipe_fini(&rd);
  return err;
}

sp_err sp_cli_open(const char *path, sp_cli_input *in, sp_recipe **recipe, sp_graph **graph)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_err err = sp_cli_load(path, in, recipe, graph, &d);
  sp_diags_print(&d, stderr);
  sp_diags_fini(&d);
  return err;
}

char *sp_cli_with_ext(const char *path, const char *ext)
{
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  const char *dot = strrchr(name, '.');
  size_t keep = dot && dot != name ? (size_t)(dot - path) : strlen(path);
  return sp_xasprintf("%.*s%s", (int)keep, path, ext);
}

int sp_cli_cpus(void)
{
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 && cpus < 256 ? (int)cpus : 1;
}

/* sp_audio_media's open, and what the file's reader passes over said
 * the first time its name is opened (a loudness album probes each file
 * before it measures it; the null test opens each once a pass). */
static sp_err saying_open(const sp_media *m, const char *name, sp_reader **out, sp_audio_info *info,
                          char *why, size_t why_size)
{
  const sp_media *files = sp_audio_media();
  const sp_err err = files->open(files, name, out, info, why, why_size);
  struct sp_strmap *said = ((const sp_cli_media *)m)->said;
  char *note = err == SP_OK ? sp_media_passed_over(name, info) : NULL;
  if (note && !sp_strmap_get(said, name, NULL)) {
    sp_strmap_put(said, name, 0);
    sp_diag_line(stderr, "stemprint: warning: %s", note);
  }
  free(note);
  return err;
}

void sp_cli_media_init(sp_cli_media *m)
{
  m->media = *sp_audio_media();
  m->media.open = saying_open;
  m->said = sp_xcalloc(1, sizeof *m->said);
}

void sp_cli_media_fini(sp_cli_media *m)
{
  sp_strmap_fini(m->said);
  free(m->said);
  m->said = NULL;
}

void sp_cli_print_json(sp_json *j)
{
  sp_report_print(j, sp_cli_out());
  sp_report_free(j);
}

int sp_cli_junit_write(const char *file, sp_junit_suite **suites, size_t n, int status)
{
  char why[2048];
  if (sp_cli_writes_check(false, why, sizeof why) != SP_OK) {
    /* over a file the command read: said where it was found */
    for (size_t i = 0; i < n; i++)
      sp_junit_suite_free(suites[i]);
    return status > SP_ERR_USAGE ? status : SP_ERR_USAGE;
  }
  if (sp_junit_write(file, suites, n, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: --junit: %s", why);
    status = status > SP_ERR_IO ? status : SP_ERR_IO;
  }
  for (size_t i = 0; i < n; i++)
    sp_junit_suite_free(suites[i]);
  return status;
}

void sp_cli_confine(sp_cli_input *in)
{
  in->gopts.confine = in->confine || in->roots.n > 0;
  in->gopts.roots = in->roots.v;
  in->gopts.n_roots = in->roots.n;
  in->session.confine = &in->gopts;
}

/* A value of parameter p for help, times in ms below a second. Heap. */
static char *value_text(const sp_param *p, double v)
{
  if (p->kind == SP_PARAM_CHOICE)
    return sp_xstrdup(p->choices[(int)v]);
  if (p->kind == SP_PARAM_BOOL)
    return sp_xstrdup(v != 0 ? "true" : "false");
  if (isinf(v))
    return sp_xstrdup(v < 0 ? "-inf" : "inf");
  if (p->unit == SP_UNIT_SECONDS && v < 1 && v > 0)
    return sp_xasprintf("%g ms", v * 1000);
  return sp_xasprintf("%g%s%s", v, *sp_unit_name(p->unit) ? " " : "", sp_unit_name(p->unit));
}

/* One class: its name (as a recipe writes it), summary, flags and every
 * parameter with its range and default, whole however long (a plugin's
 * enumeration may have dozens of choices). */
void sp_cli_help_class(const char *name, const sp_proc_class *c, bool probe_latency)
{
  fprintf(sp_cli_out(), "%s — %s%s%s\n", name, c->summary, sp_proc_is_linked(c) ? " [linked]" : "",
          (c->flags & SP_PROC_BANDS) ? " [list of bands]" : "");
  for (size_t k = 0; k < c->n_params; k++) {
    const sp_param *p = &c->params[k];
    /* a range and default that move with the rate at 48 kHz, as the
     * range is said; a default of its own at every rate */
    char *def = value_text(p, sp_param_default(c, (int)k, SP_PARAM_NOMINAL_RATE));
    const bool per_rate = c->per_rate && c->per_rate[k];
    fprintf(sp_cli_out(), "  %-10s ", p->name);
    if (p->kind == SP_PARAM_NUMBER) {
      char *lo = value_text(p, p->min), *hi = value_text(p, p->max);
      fprintf(sp_cli_out(), "%s .. %s%s, %s%s%s", lo, hi,
              per_rate ? " at 48 kHz (times the sample rate)" : "",
              p->required ? "required" : "default ", p->required ? "" : def,
              !p->required && per_rate && c->def_fixed && c->def_fixed[k] ? " at every rate" : "");
      free(lo);
      free(hi);
    } else if (p->kind == SP_PARAM_CHOICE) {
      for (size_t j = 0; p->choices[j]; j++)
        fprintf(sp_cli_out(), "%s%s", j ? "|" : "", p->choices[j]);
      fprintf(sp_cli_out(), ", default %s", def);
    } else if (p->kind == SP_PARAM_BOOL) {
      fprintf(sp_cli_out(), "true|false, default %s", def);
    } else {
      fprintf(sp_cli_out(), "a file%s", p->required ? ", required" : "");
    }
    const char *still = c->still && p->kind == SP_PARAM_NUMBER ? c->still(k) : NULL;
    const bool moves = p->kind == SP_PARAM_NUMBER && (c->flags & SP_PROC_AUTOMATABLE);
    int64_t at_min = 0, at_max = 0;
    if (still) {
      fprintf(sp_cli_out(), "; fixed: %s", still);
    } else if (moves && probe_latency &&
               sp_proc_latency_follows(c, k, SP_CLI_HELP_RATE, &at_min, &at_max)) {
      char *lo = value_text(p, p->min), *hi = value_text(p, p->max);
      fprintf(sp_cli_out(),
              "; fixed: the plugin's latency follows it (at %g Hz: %lld frames at %s, %lld at "
              "%s)",
              SP_CLI_HELP_RATE, (long long)at_min, lo, (long long)at_max, hi);
      free(lo);
      free(hi);
    } else if (moves) {
      fprintf(sp_cli_out(), "; moves");
    }
    fprintf(sp_cli_out(), "\n  %-10s   %s\n", "", p->help);
    for (const sp_param_word *w = c->words; w && w->word; w++)
      if (w->param == (int)k)
        fprintf(sp_cli_out(), "  %-10s   or '%s': %s\n", "", w->word, w->help);
    free(def);
  }
  if (c->primary_param >= 0)
    fprintf(sp_cli_out(), "  shorthand: '- %s: VALUE' sets %s\n", name,
            c->params[c->primary_param].name);
  fprintf(sp_cli_out(), "\n");
}

/* ---- diagnostics for CI services ----------------------------------------- */

const char *const sp_cli_diag_formats[] = {"text", "github", "gitlab", NULL};

int sp_cli_diags_write(const sp_cli_diag_out *o, const sp_diags *const *ds, size_t n)
{
  if (!o->format || strcmp(o->format, "text") == 0)
    return 0;
  char *text;
  if (strcmp(o->format, "github") == 0) {
    text = sp_xstrdup("");
    for (size_t k = 0; k < n; k++) {
      sp_diag *sorted = sp_diags_sorted(ds[k]);
      for (size_t i = 0; i < ds[k]->n; i++) {
        char *line = sp_report_diag_github(&sorted[i]);
        char *t = sp_xasprintf("%s%s", text, line);
        free(line);
        free(text);
        text = t;
      }
      free(sorted);
    }
  } else {
    sp_json *issues = sp_report_array();
    for (size_t k = 0; k < n; k++)
      sp_report_diags_gitlab(ds[k], issues);
    text = sp_report_dump(issues);
    sp_report_free(issues);
  }
  int status = 0;
  char why[2048];
  if (o->file && sp_cli_writes_check(false, why, sizeof why) != SP_OK) {
    status = SP_ERR_USAGE; /* said where it was found */
  } else if (!o->file) {
    fputs(text, sp_cli_out());
    fflush(sp_cli_out());
  } else if (sp_fs_write_text(o->file, text, why, sizeof why) != SP_OK) {
    sp_diag_line(stderr, "stemprint: error: --diagnostics-file: %s", why);
    status = SP_ERR_IO;
  }
  free(text);
  return status;
}

/* ---- an output folder of another input's --------------------------------- */

void sp_cli_check_claim(const sp_graph *g, bool force, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  if (!sp_graph_out_dir(g) || force) /* forced: the commit says whose record it took */
    return;
  const char *key = sp_graph_out_dir_key(g);
  char *other = sp_outdir_claimant(sp_graph_out_dir(g), r->base, r->file);
  if (!other) {
    /* another recipe's prints of the same names */
    size_t k = 0, n;
    const char *const *prints = sp_graph_prints(g, &n);
    char *who = sp_outdir_taken(sp_graph_out_dir(g), r->base, prints, n, &k);
    if (who)
      sp_recipe_error(r, d, SP_ERR_USAGE, key,
                      "'%s' holds the prints of the recipe '%s', and %s would print over its "
                      "%s; give each recipe a folder of its own, like -o 'out/{recipe}', or "
                      "prints of other names (output.name), or render with --force to print "
                      "over them",
                      sp_graph_out_dir(g), who, r->input, prints[k]);
    free(who);
    return;
  }
  char *record = sp_outdir_record_path(sp_graph_out_dir(g), r->base);
  sp_recipe_error(r, d, SP_ERR_USAGE, key,
                  "'%s' holds the prints of another input named '%s' (%s, as its record %s "
                  "says); %s does not print into it: give it a folder of its own, like "
                  "-o 'out/{input}' ({input} is the input's file name, '%s'), or render with "
                  "--force to print there and take the record over",
                  sp_graph_out_dir(g), r->base, other, record, r->input, r->input);
  free(record);
  free(other);
}

void sp_cli_say_resampled(const sp_graph *g, FILE *out)
{
  sp_strmap seen = {0}; /* each file once, at its first region */
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      const size_t before = seen.n;
      sp_strmap_put(&seen, p->name, 0);
      const bool first = seen.n > before;
      for (size_t q = 0; first && !p->midi && p->file_rate != (int)sp_graph_rate(g) &&
                         q < sp_region_plan_n_files(p);
           q++)
        sp_diag_line(out, "  resampled %s: %d Hz -> %.0f Hz (libsoxr, very high quality)",
                     sp_region_plan_named(p, q), p->file_rate, sp_graph_rate(g));
    }
  }
  sp_strmap_fini(&seen);
  for (size_t f = 0; sp_graph_insert_file(g, f); f++) {
    const sp_insert_file *x = sp_graph_insert_file(g, f);
    if (x->file_rate != (int)sp_graph_rate(g))
      sp_diag_line(out, "  resampled %s (%s): %d Hz -> %.0f Hz (libsoxr, very high quality)",
                   x->name, x->key, x->file_rate, sp_graph_rate(g));
  }
}
