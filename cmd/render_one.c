/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint render, one recipe (cmd/render.h): a worker's whole job.
 *
 *   read once (the session probed once) ─► a light lookup in the cache
 *   (serve_light) ─► else build once ─► settle --only and the output
 *   folder's claim ─► dry run, or serve from the cache, or print (and store)
 *   ─► what it says (cmd/render_outputs.c) ─► failed checks at their rules
 *
 * Everything it prints goes into the job's buffers; the main thread prints
 * them in recipe order. */

#include "cmd/render.h"

#include "cmd/cache.h"
#include "core/base/profile.h"
#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/render/bleed.h"
#include "core/graph/query.h"
#include "core/job/job.h"
#include "io/fs/fs.h"
#include "io/outdir/print.h"
#include "core/base/names.h"

#include <stdlib.h>
#include <string.h>

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
    j->since = sp_now_s();
    atomic_store(&j->done, done);
    atomic_store(&j->total, total);
    atomic_store(&j->phase, (int)pass->phase);
    pthread_mutex_unlock(&j->mu);
    if (j->plain)
      sp_diag_line(stderr, "stemprint: %s: %s", j->name, log);
    return;
  }
  atomic_store(&j->done, done);
  atomic_store(&j->total, total);
}

/* --only: which of the graph's outputs to skip; NULL when everything is
 * written. Unknown names are an error naming the outputs there are. The
 * object and bed buses' prints are master.adm's tracks: an --only that keeps the
 * mix (whose ADM BWF and re-renders master.adm makes) prints them too,
 * a note in d says so. A song of an album (album: its recipe) prints its
 * mix whatever --only says: the album is made from it (an --only that
 * left it out would have the album read an old mix, or none); a note says
 * so. */
static bool *only_to_skip(const sp_graph *g, const char *only, const char *album, FILE *err,
                          bool *bad, sp_diags *d)
{
  *bad = false;
  if (!only)
    return NULL;
  const sp_recipe *r = sp_graph_recipe(g);
  size_t n = sp_graph_count(g, SP_GRAPH_OUTPUTS);
  bool *skip = sp_xcalloc(n + 1, sizeof *skip);
  for (size_t i = 0; i < n; i++)
    skip[i] = true;
  static const char *const groups[] = {"mix", "stems", "versions", "buses"};
  char *list = sp_xstrdup(only), *save = NULL;
  for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
    bool found = false;
    for (size_t i = 0; i < n; i++) {
      const sp_output_plan *o = sp_graph_output(g, i);
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
        if (sp_graph_output(g, i)->kind != SP_OUT_REST)
          fprintf(err, "%s '%s'", i ? "," : "", sp_graph_output(g, i)->name);
      fprintf(err, " (or 'mix', 'stems', 'versions', 'buses')\n");
      *bad = true;
    }
  }
  free(list);
  for (size_t i = 0; album && !*bad && i < n; i++)
    if (sp_graph_output(g, i)->kind == SP_OUT_MIX && skip[i]) {
      skip[i] = false;
      sp_diags_add_whole(d, SP_SEV_NOTE, SP_OK,
                         "%s: --only '%s' leaves out the mix, and the album %s is made from "
                         "it: printed too",
                         r->file, only, album);
    }
  if (r->adm && !skip[0]) {
    char *names = NULL;
    size_t len = 0, count = 0, beds = 0;
    FILE *f = open_memstream(&names, &len);
    for (size_t i = 0; i < n; i++) {
      const sp_output_plan *o = sp_graph_output(g, i);
      const sp_strip *s = o->kind == SP_OUT_BUS ? sp_graph_node(g, o->node)->strip : NULL;
      if (skip[i] && s && (s->object || s->bed)) {
        skip[i] = false;
        beds += s->bed;
        fprintf(f, "%s'%s'", count++ ? ", " : "", o->name);
      }
    }
    fclose(f);
    if (count > 0) {
      char at[1024];
      const char *kind = beds == 0 ? "object" : beds == count ? "bed" : "bed and object";
      sp_diags_add_whole(d, SP_SEV_NOTE, SP_OK,
                         "%s: master.adm: --only '%s' prints the mix, and master.adm's "
                         "ADM BWF is made from it and the %s bus%s %s: %s printed too",
                         sp_recipe_at_text(r, "master.adm", at, sizeof at), only, kind,
                         count > 1 ? "es" : "", names, count > 1 ? "they are" : "it is");
    }
    free(names);
  }
  return skip;
}

static void dry_run(const sp_graph *g, const bool *skip, FILE *out)
{
  const sp_recipe *r = sp_graph_recipe(g);
  double secs = (double)(sp_graph_timeline(g).content_frames + sp_graph_timeline(g).tail_frames) /
                sp_graph_rate(g);
  const char *depth = sp_depth_words(r->output.depth);
  fprintf(out, "%s: would write %.3f s, %s %s, %s, %.0f Hz%s:\n", r->file, secs, depth,
          sp_format_ext(r->output.format), sp_graph_node(g, sp_graph_master(g))->layout->name,
          sp_graph_rate(g),
          r->output.bwf.on ? ", Broadcast WAV (a bext chunk in every WAV file)" : "");
  static const char *const what[] = {"the mix", "stem", "version", "printed bus"};
  for (size_t i = 0; sp_graph_output(g, i); i++) {
    const sp_output_plan *o = sp_graph_output(g, i);
    if ((skip && skip[i]) || o->kind == SP_OUT_REST)
      continue;
    if (o->kind == SP_OUT_MIX)
      fprintf(out, "  %s  (the mix)\n", o->path);
    else
      fprintf(out, "  %s  (%s %s%s)\n", o->path, what[o->kind], o->name,
              o->own ? ", rendered on its own" : "");
  }
  /* master.adm's files: the list the depfile names (core/graph/query.h) */
  for (size_t i = 0, n = sp_graph_adm_made(g, skip); i < n; i++) {
    const char *of;
    const sp_layout *l;
    char *path = sp_graph_adm_path(g, i, &of, &l);
    const bool mix = i <= r->n_adm_renders; /* the mix's come first */
    fprintf(out, "  %s  (master.adm: the %s%s of %s%s)\n", path, l ? l->name : "ADM BWF",
            l ? " re-render" : "", mix ? "the mix" : "stem ", mix ? "" : of);
    free(path);
  }
  for (size_t k = 0; k < r->output.n_sets; k++) {
    const sp_output_set *set = &r->output.sets[k];
    const double rate = set->rate > 0 ? set->rate : sp_graph_rate(g);
    if (sp_format_lossy(set->format))
      fprintf(out, "and output.also[%zu], %s at %d kbps, %.0f Hz, made from them:\n",
              sp_recipe_item_at(r, "output.also", k), sp_format_ext(set->format), (int)set->kbps,
              rate);
    else
      fprintf(out, "and output.also[%zu], %s %s, %.0f Hz, made from them:\n",
              sp_recipe_item_at(r, "output.also", k), sp_depth_words(set->depth),
              sp_format_ext(set->format), rate);
    for (size_t i = 0; sp_graph_derived(g, i); i++)
      if (sp_graph_derived(g, i)->set == (int)k && !(skip && skip[sp_graph_derived(g, i)->of]))
        fprintf(out, "  %s\n", sp_graph_derived(g, i)->path);
  }
  fprintf(out, "from:\n  %s  (the recipe)\n", r->file);
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      const sp_layout *l = sp_layout_by_count(p->channels);
      if (p->midi)
        fprintf(out, "  %s  (track %s, MIDI%s)\n", p->name, n->name, n->silent ? ", silent" : "");
      else if (p->n_paths) /* `files:` side by side */
        for (size_t q = 0; q < p->n_paths; q++)
          fprintf(out, "  %s  (track %s, file %zu of %zu of a %s region, %d Hz%s%s)\n", p->paths[q],
                  n->name, q + 1, p->n_paths, l ? l->name : "multichannel", p->file_rate,
                  p->file_rate != (int)sp_graph_rate(g) ? ", resampled" : "",
                  n->silent ? ", silent" : "");
      else
        fprintf(out, "  %s  (track %s, %s, %d Hz%s%s)\n", p->name, n->name,
                l ? l->name : "multichannel", p->file_rate,
                p->file_rate != (int)sp_graph_rate(g) ? ", resampled" : "",
                n->silent ? ", silent" : "");
    }
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t p = 0; ins->files && p < ins->cls->n_params; p++)
        if (ins->files[p])
          fprintf(out, "  %s  (%s of %s)\n", sp_insert_file_named(ins, p), ins->cls->name,
                  ins->path);
    }
  }
}

/* A recipe and its graph as this command line renders it (-o, --only mix);
 * key_only: planned for the cache key alone (sp_graph_opts.key_only). */
/* The job's recipe, read once: read now unless it was. */
void sp_cmd_render_read(job *j, const options *o)
{
  sp_cli_session session = o->in.session;
  if (j->song_only) /* --set's keys are its album's */
    session.sets = (sp_arg_list){0};
  if (!j->read)
    sp_cli_read(j->path, &session, &j->in, &j->read_said);
  j->read = true;
}

/* A graph of the job's recipe: for the cache's key alone (key_only: no
 * plugin instantiated or probed) or to render. */
sp_err sp_cmd_render_build(job *j, const options *o, bool key_only, sp_graph **g, sp_diags *d)
{
  sp_graph_opts gopts = o->in.gopts;
  gopts.key_only = key_only;
  return sp_cli_build(&j->in, &gopts, g, d);
}

/* What is asked of a graph once, whichever is built first: its folder's
 * claim (--force), --only, and whether the outputs asked for can be
 * written for what it prints (--depfile's names). Their problems go to d;
 * false: the render stops (a claim refused, --only naming nothing the
 * recipe prints, said on err; a name make cannot be told). */
static bool settle(const options *o, const job *j, const sp_graph *g, bool **skip, sp_diags *d,
                   FILE *err)
{
  sp_cli_check_claim(g, o->force, d);
  if (sp_diags_status(d) != SP_OK)
    return false;
  bool bad = false;
  *skip = only_to_skip(g, o->only, j->album, err, &bad, d);
  return !bad && sp_cmd_render_output_names(o, g, *skip, d);
}

bool sp_cmd_render_names(const options *o, const job *j, const sp_graph *g, sp_diags *d)
{
  sp_diags quiet_d;
  sp_diags_init(&quiet_d);
  char *said = NULL;
  size_t said_len = 0;
  FILE *quiet = open_memstream(&said, &said_len); /* --only's own errors: its render says them */
  bool bad = false;
  bool *skip = only_to_skip(g, o->only, j->album, quiet, &bad, &quiet_d);
  fclose(quiet);
  free(said);
  sp_diags_fini(&quiet_d);
  const bool ok = bad || sp_cmd_render_output_names(o, g, skip, d);
  free(skip);
  return ok;
}

/* --cache: the job of this render (*cj, to store the render under when the
 * cache misses) and, the cache having it, the render served from it
 * (true: res and *status set, the files in place). A cache that cannot
 * be used, or an entry that is not what it should be, is a warning and a
 * render. A file the output folder refuses (a folder at a print's name)
 * is the render's refusal, said into d as its writer says it: true,
 * *status an error, nothing landed. */
static bool from_cache(job *j, const options *o, const sp_graph *g, const bool *skip, sp_job *cj,
                       sp_render_result *res, sp_err *status, sp_diags *d, FILE *err)
{
  sp_diags jd;
  sp_diags_init(&jd);
  sp_job_opts jo = {.block_frames = o->ropts.block_frames,
                    .skip = skip,
                    .digest = sp_digest_index_file,
                    .digest_ctx = o->index,
                    .threads = o->ropts.threads};
  const double t0 = sp_now_s();
  if (sp_job_build(g, &jo, cj, &jd) != SP_OK) {
    /* An input that cannot be hashed cannot be rendered either: the
     * render says why. */
    sp_job_fini(cj);
    sp_diags_fini(&jd);
    return false;
  }
  sp_diags_fini(&jd);
  char why[768];
  int st = 0;
  char *refused;
  sp_cache_status cs =
      sp_cli_cache_fetch(o->cache, g, cj, o->index, o->ropts.cancel, o->ropts.threads, o->force,
                         o->in.session.strict, res, &st, d, &refused, why, sizeof why);
  if (cs == SP_CACHE_REFUSED) {
    sp_diags_error(d, SP_ERR_IO, refused, (sp_pos){0, 0}, NULL, "%s", why);
    free(refused);
    *status = SP_ERR_IO;
    return true;
  }
  if (cs == SP_CACHE_HIT) {
    j->cache_seconds = sp_now_s() - t0;
    if (j->cache_seconds <= 0)
      j->cache_seconds = 1e-6;
    *status = (sp_err)st;
    return true;
  }
  if (cs != SP_CACHE_MISS && cs != SP_CACHE_DOWN) /* a server found down was said once */
    fprintf(err, "stemprint: warning: %s: %s; rendering instead\n", sp_graph_recipe(g)->file, why);
  return false;
}

/* A recipe whose render the cache may serve, looked up with a graph
 * planned for its key alone: an LV2 plugin is neither instantiated nor
 * probed with test signals (0.23 s of the LV2 example's 0.24 s hit were
 * those probes). A hit keeps that graph (*g, its diagnostics in d): what a
 * hit reports needs no more. A miss keeps what the lookup settled for the
 * render to use: the claim and --only (*settled, *skip, their problems in
 * cd) and the job (*cj, to store the render under); *looked says the
 * cache was asked; and the graph itself, made whole to render
 * (sp_graph_complete: the probes, and what they decide), its diagnostics
 * in d. Anything this plan cannot settle or complete leaves no graph: the
 * render plans in full, and says what it finds (a session's refused stems
 * chosen anew, cmd/cli.c). Not for an output that reads the full graph
 * (o->full_build: --report and --html, whose figures are every insert's
 * probe) nor --dry-run, nor for a recipe whose reading found errors (its
 * full build says them with its routing's). */
static bool serve_light(job *j, const options *o, sp_graph **g, bool **skip, sp_job *cj,
                        sp_render_result *res, sp_err *status, sp_diags *d, sp_diags *cd,
                        FILE *err, bool *settled, bool *looked)
{
  *looked = *settled = false;
  if (!o->cache || o->dry_run || o->full_build || sp_diags_errors(d) > 0)
    return false;
  sp_diags ld, lc;
  sp_diags_init(&ld);
  sp_diags_init(&lc);
  char *said = NULL;
  size_t said_len = 0;
  FILE *quiet = open_memstream(&said, &said_len); /* --only's errors: the full plan says them */
  bool hit = false;
  if (sp_cmd_render_build(j, o, true, g, &ld) == SP_OK && settle(o, j, *g, skip, &lc, quiet)) {
    *settled = true;
    hit = from_cache(j, o, *g, *skip, cj, res, status, &lc, err);
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
    /* the key's plan made whole to render: the one graph of a miss */
    if (*settled && sp_graph_complete(g, &o->in.gopts, &ld) == SP_OK) {
      sp_diags_take(d, &ld);
    } else {
      sp_graph_free(*g);
      *g = NULL;
    }
  }
  sp_diags_fini(&ld);
  sp_diags_fini(&lc);
  return hit;
}

/* output.stem_mp4's file, landed with the prints (sp_print_stem_file),
 * said in out after them. */
static void stem_file_said(const sp_recipe *r, const sp_render_result *res, FILE *out)
{
  const sp_stem_file *f = &r->output.stem_mp4;
  /* its names as a terminal shows them, as the rest of the summary */
  sp_diag_line(out, "  stem file: %s (%s, the mix and %s, %s, %s, %s; null %.1f dBFS)",
               res->stem_file, f->codec ? "AAC" : "ALAC", f->stems[0].name, f->stems[1].name,
               f->stems[2].name, f->stems[3].name, res->stem_file_residual_db);
}

void sp_cmd_render_one(job *j, const options *o)
{
  FILE *out = open_memstream(&j->out_text, &j->out_len);
  FILE *err = open_memstream(&j->err_text, &j->err_len);
  sp_diags d, cd; /* cd: the claim's and --only's, said after the graph's */
  sp_diags_init(&d);
  sp_diags_init(&cd);
  sp_cmd_render_read(j, o);
  sp_diags_take(&d, &j->read_said);
  sp_fs_watch_begin(); /* what the plan, the key and the render read, as first read */
  const sp_recipe *r = j->in.r;
  sp_graph *g = NULL;
  bool *skip = NULL;
  sp_render_result res;
  sp_err status = SP_OK;
  sp_job cj = {0}; /* the cache's job, built once */
  bool looked = false, settled = false;
  const bool served =
      serve_light(j, o, &g, &skip, &cj, &res, &status, &d, &cd, err, &settled, &looked);
  if (!served && !g) { /* not looked up, or the key's plan could not render */
    const char *said = j->in.restemmed;
    status = sp_cmd_render_build(j, o, false, &g, &d);
    r = j->in.r;
    if (j->in.restemmed != said) { /* other stems than the key-only plan's: settle anew */
      looked = settled = false;
      free(skip);
      skip = NULL;
      sp_job_fini(&cj);
      cj = (sp_job){0};
      sp_diags_fini(&cd);
      sp_diags_init(&cd);
    }
    if (status == SP_OK && !settled && !settle(o, j, g, &skip, &cd, err))
      status = sp_diags_status(&cd) != SP_OK ? sp_diags_status(&cd) : SP_ERR_USAGE;
  }
  sp_diags_take(&d, &cd);
  sp_render_opts ro = o->ropts;
  ro.profile = o->profile && status == SP_OK && !o->dry_run ? sp_profile_new() : NULL;
  ro.skip = skip;
  ro.strict = o->in.session.strict; /* a recipe's hardware returns (io/outdir/print.c) */
  ro.force = o->force;
  ro.progress = on_progress;
  ro.progress_ctx = j;
  bool have_res = served; /* res holds a render's result, rendered or served */
  if (served) {
    sp_diags_print(&d, err);
  } else if (status == SP_OK && o->dry_run) {
    sp_diags_print(&d, err);
    dry_run(g, skip, out);
  } else if (status == SP_OK) {
    j->seconds = (double)(sp_graph_timeline(g).content_frames + sp_graph_timeline(g).tail_frames) /
                 sp_graph_rate(g);
    have_res = true;
    bool store = false;
    /* an ADM master's files, rendered with the prints (core/render/adm_out.c), are in
     * the cache's entry with them (the job's outputs name them) */
    if (o->cache && !looked && from_cache(j, o, g, skip, &cj, &res, &status, &d, err)) {
      sp_diags_print(&d, err);
    } else {
      store = o->cache && cj.text;
      status = sp_print(g, &ro, &res, &d);
      sp_diags_print(&d, err);
      char why[768];
      /* stored where the prints landed (a --strict render stopped at a
       * hardware return landed its sends alone: its entry would hold
       * whatever the folder held before) */
      const sp_cache_status stored =
          store && (status == SP_OK || status == SP_ERR_CHECK) && res.landed
              ? sp_cli_cache_store(o->cache, g, &cj, &res, status, o->index, why, sizeof why)
              : SP_CACHE_HIT;
      if (stored != SP_CACHE_HIT && stored != SP_CACHE_DOWN) /* down: said once */
        fprintf(err, "stemprint: warning: %s: the render was not stored in the cache: %s\n",
                r->file, why);
    }
  } else {
    sp_diags_print(&d, err);
  }
  if (have_res && res.landed && (status == SP_OK || status == SP_ERR_CHECK))
    j->landed = sp_xstrdup(sp_graph_out_dir(g)); /* what an interrupt after it leaves */
  if (have_res) {
    if (status == SP_OK || status == SP_ERR_CHECK)
      sp_cmd_render_said(j, o, g, &ro, &res, status, out, err);
    if ((status == SP_OK || status == SP_ERR_CHECK) && res.stem_file && !o->quiet)
      stem_file_said(r, &res, out);
    /* A failed check is said at the rule it judges by (a failed null
     * check's line carries its diagnosis, clipping first). */
    if (status == SP_ERR_CHECK) {
      sp_diags failed;
      sp_diags_init(&failed);
      for (size_t k = 0; k < res.n_checks; k++) {
        const sp_check *c = &res.checks[k];
        if (!c->passed)
          sp_diags_error(&failed, SP_ERR_CHECK, c->path ? sp_recipe_file_at(r, c->path) : r->file,
                         c->path ? sp_recipe_where(r, c->path) : (sp_pos){0, 0}, c->path,
                         "check failed: %s", c->text);
      }
      sp_diags_print(&failed, err);
      sp_diags_take(&d, &failed);
      sp_diags_fini(&failed);
    }
    sp_render_result_fini(&res);
  }
  sp_fs_watch_end();
  sp_cmd_render_failed(j, o, status, &d);
  sp_profile_free(ro.profile);
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

