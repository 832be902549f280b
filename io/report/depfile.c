/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Depfiles: a render's rule is written into a memory stream, targets first
 * (what it printed, master.adm's files, output.stem_mp4's file, and the
 * report and page it wrote), then every file its job reads, as the job
 * lists them (core/job/job.h: one list for the key, plan --json and the
 * depfile), a path once however many regions or inserts use it, then an
 * empty rule for each. A failed check adds a prerequisite that never
 * exists; the rules of several renders are concatenated into one file. */

#include "io/report/depfile.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"
#include "core/graph/query.h"
#include "core/job/job.h"
#include "io/fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file a render of g reads, and where the recipe names it (its key; NULL:
 * the recipe itself, or a plugin's library). */
typedef struct input {
  char *path;
  const char *key;
} input;

typedef struct inputs {
  input *in;
  size_t n, cap;
  sp_strmap at; /* each path's index: once, in a session of 50,000 regions' files too */
  sp_job job;   /* the keys point into its */
  /* a folder among them its walk refused (sp_fs_folder_walk): why, and
   * the key that names it; key: the folder being walked's */
  bool refused;
  const char *refused_key, *key;
  char why[1024];
} inputs;

static void add(inputs *l, const char *path, const char *key)
{
  if (sp_strmap_put(&l->at, path, l->n) != l->n)
    return;
  SP_GROW(l->in, l->n, l->cap);
  l->in[l->n++] = (input){sp_xstrdup(path), key};
}

/* A folder's file, at the folder's key. */
static sp_err add_file(void *ctx, sp_fs_step step, const char *path, const char *name, char *why,
                       size_t why_size)
{
  (void)name, (void)why, (void)why_size;
  inputs *l = ctx;
  if (step == SP_FS_FILE)
    add(l, path, l->key);
  return SP_OK;
}

/* Every file a render of g reads, each once: the recipe, then its job's
 * inputs and plugins' libraries (core/job/job.h: the list plan --json
 * shows and the cache key hashes, in its order), a folder among them by
 * every file its digest reads (sp_fs_folder_walk: make looks at a
 * folder's own date, which a file changed in it leaves as it was; one
 * the walk refuses, l->refused). Not
 * the files of stemprint's own cache folder (a session's audio, extracted
 * into $XDG_CACHE_HOME/stemprint/session-audio): it prunes them and
 * extracts them again from the session, which the rule names (the
 * recipe), so make would stop at one pruned ("No rule to make target")
 * for a render that is up to date. Free with inputs_fini. */
static void inputs_of(const sp_graph *g, inputs *l)
{
  *l = (inputs){0};
  sp_job_list(g, &l->job);
  add(l, sp_graph_recipe(g)->file, NULL);
  char *own = sp_fs_user_cache("");
  if (own && own[strlen(own) - 1] == '/')
    own[strlen(own) - 1] = '\0';
  for (size_t i = 0; i < l->job.n_inputs; i++) {
    const sp_job_input *in = &l->job.inputs[i];
    struct stat st;
    if (own && sp_fs_inside(in->path, own))
      continue;
    l->key = in->key;
    if (!(stat(in->path, &st) == 0 && S_ISDIR(st.st_mode)))
      add(l, in->path, in->key);
    else if (!l->refused && sp_fs_folder_walk(in->path, add_file, l, l->why, sizeof l->why))
      l->refused = true, l->refused_key = in->key;
  }
  free(own);
  for (size_t i = 0; i < l->job.n_plugins; i++) /* one outside its bundle */
    add(l, l->job.plugins[i].binary, NULL);
}

static void inputs_fini(inputs *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->in[i].path);
  free(l->in);
  sp_strmap_fini(&l->at);
  sp_job_fini(&l->job);
}

void sp_depfile_inputs(const sp_graph *g, FILE *f, FILE *rules)
{
  inputs l;
  inputs_of(g, &l);
  for (size_t i = 0; i < l.n; i++) {
    fputs(" \\\n  ", f);
    sp_fs_make_escape(f, l.in[i].path, false);
    /* the recipe is the rule's own (gcc -MP's main file): the Makefile's
     * rule names it; a name make cannot read back as a target (a tab in
     * it) has none: make stops where it is missing, as before */
    if (rules && i > 0 && !sp_fs_make_refuses(l.in[i].path, true)) {
      fputc('\n', rules);
      sp_fs_make_escape(rules, l.in[i].path, true);
      fputs(":\n", rules);
    }
  }
  inputs_fini(&l);
}

char *sp_depfile_never(const char *out_dir, const char *base)
{
  return sp_xasprintf("%s/.stemprint/%s.check-failed", out_dir, base);
}

void sp_depfile_failed(FILE *f, const char *out_dir, const char *base)
{
  char *never = sp_depfile_never(out_dir, base);
  fputs(" \\\n  ", f);
  sp_fs_make_escape(f, never, false);
  fputs("\n", f);
  sp_fs_make_escape(f, never, true);
  fputc(':', f);
  free(never);
}

/* The file a failed check's rule of a render of g depends on (heap). */
static char *never_file(const sp_graph *g)
{
  return sp_depfile_never(sp_graph_out_dir(g), sp_graph_recipe(g)->base);
}

char *sp_depfile_refusal(const char *path, bool target)
{
  const char *why = sp_fs_make_refuses(path, target);
  return why ? sp_xasprintf("--depfile: make cannot read back the name '%s' (a file the render "
                            "%s): %s; rename it, or render without --depfile",
                            path, target ? "writes" : "reads", why)
             : NULL;
}

/* why, an error at the recipe's key (NULL: the recipe's file). */
static void say(const sp_recipe *r, const char *key, const char *why, sp_diags *d)
{
  if (key)
    sp_recipe_error(r, d, SP_ERR_USAGE, key, "%s", why);
  else /* the recipe itself, the command line's files */
    sp_diags_error(d, SP_ERR_USAGE, r->file, (sp_pos){0, 0}, NULL, "%s", why);
}

/* Whether make can be told path: else the error at the recipe's key
 * (NULL: the recipe's file). */
static bool told(const sp_recipe *r, const char *path, bool target, const char *key, sp_diags *d)
{
  char *why = sp_depfile_refusal(path, target);
  if (why)
    say(r, key, why, d);
  free(why);
  return !why;
}

bool sp_depfile_names_ok(const sp_graph *g, const bool *skip, const char *const *also,
                         size_t n_also, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  bool ok = true;
  for (size_t i = 0; ok && sp_graph_output(g, i); i++) {
    const sp_output_plan *o = sp_graph_output(g, i);
    if (!(skip && skip[i]) && o->kind != SP_OUT_REST)
      ok = told(r, o->path, true, o->key, d);
  }
  for (size_t i = 0; ok && sp_graph_derived(g, i); i++) {
    const sp_derived_plan *p = sp_graph_derived(g, i);
    if (!(skip && skip[p->of]))
      ok = told(r, p->path, true, "output.also", d);
  }
  for (size_t i = 0, n = sp_graph_adm_made(g, skip); ok && i < n; i++) {
    char *path = sp_graph_adm_path(g, i, NULL, NULL);
    ok = told(r, path, true, "master.adm", d);
    free(path);
  }
  char *stem_file = sp_stem_file_name(r);
  if (ok && stem_file) {
    char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), stem_file);
    ok = told(r, path, true, "output.stem_mp4", d);
    free(path);
  }
  free(stem_file);
  for (size_t i = 0; ok && i < n_also; i++)
    ok = told(r, also[i], true, NULL, d);
  if (sp_graph_out_dir(g)) { /* a failed check's rule names it */
    char *never = never_file(g);
    ok = ok && told(r, never, true, NULL, d) && told(r, never, false, NULL, d);
    free(never);
  }
  inputs l;
  inputs_of(g, &l);
  for (size_t i = 0; ok && i < l.n; i++)
    ok = told(r, l.in[i].path, false, l.in[i].key, d);
  if (ok && l.refused) /* as its digest refuses it, when the cache is on */
    say(r, l.refused_key, l.why, d);
  ok = ok && !l.refused;
  inputs_fini(&l);
  return ok;
}

char *sp_depfile_rule(const sp_graph *g, const sp_render_result *res, const bool *skip,
                      const char *const *also, size_t n_also, bool failed)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t i = 0; i < res->n_outputs; i++) {
    sp_fs_make_escape(f, res->outputs[i].path, true);
    fputc(' ', f);
  }
  for (size_t i = 0, n = sp_graph_adm_made(g, skip); i < n; i++) {
    char *path = sp_graph_adm_path(g, i, NULL, NULL);
    sp_fs_make_escape(f, path, true);
    fputc(' ', f);
    free(path);
  }
  char *stem_file = sp_stem_file_name(sp_graph_recipe(g)); /* output.stem_mp4's, beside the mix */
  if (stem_file) {
    char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), stem_file);
    sp_fs_make_escape(f, path, true);
    fputc(' ', f);
    free(path);
    free(stem_file);
  }
  for (size_t i = 0; i < n_also; i++) {
    sp_fs_make_escape(f, also[i], true);
    fputc(' ', f);
  }
  fputs(":", f);
  char *empty = NULL;
  size_t empty_len = 0;
  FILE *rules = open_memstream(&empty, &empty_len);
  sp_depfile_inputs(g, f, rules);
  fclose(rules);
  if (failed)
    sp_depfile_failed(f, sp_graph_out_dir(g), sp_graph_recipe(g)->base);
  fputc('\n', f);
  fputs(empty, f);
  free(empty);
  fclose(f);
  return text;
}

sp_err sp_depfile_write(const char *path, const char *const *rules, size_t n, char *why,
                        size_t why_size)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t k = 0; k < n; k++)
    if (rules[k])
      fputs(rules[k], f);
  fclose(f);
  /* A folder that cannot be made shows as the write's failure. */
  char *parent = sp_fs_parent(path);
  sp_fs_mkdirs(parent, why, why_size);
  free(parent);
  sp_err err = sp_fs_write_text(path, text, why, why_size);
  free(text);
  return err;
}
