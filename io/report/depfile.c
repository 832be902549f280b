/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Depfiles: a render's rule is written into a memory stream, targets first
 * (what it printed, master.adm's files, output.stem_mp4's file, and the
 * report and page it wrote), then every file the graph read, in the order the graph holds
 * them, a path once however many regions or inserts use it. A failed
 * check adds a prerequisite that never exists; the rules of several
 * renders are concatenated into one file. */

#include "io/report/depfile.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "io/fs/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file a render of g reads, and where the recipe names it (its key; NULL:
 * the recipe itself). */
typedef struct input {
  const char *path, *key;
} input;

/* Every file a render of g reads, in graph order, each once (heap; *n). */
static input *inputs_of(const sp_graph *g, size_t *n_inputs)
{
  input *seen = NULL;
  size_t n_seen = 0, cap = 0;
  const sp_recipe *r = sp_graph_recipe(g);
  SP_GROW(seen, n_seen, cap);
  seen[n_seen++] = (input){r->file, NULL};
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      for (size_t q = 0; q < sp_region_plan_n_files(p); q++) { /* `files:`: each */
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = (input){sp_region_plan_file(p, q), p->key};
      }
    }
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t p = 0; ins->files && p < ins->cls->n_params; p++)
        if (ins->files[p]) {
          SP_GROW(seen, n_seen, cap);
          seen[n_seen++] = (input){ins->files[p], ins->path};
        }
      if (ins->state_file) {
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = (input){ins->state_file, ins->path};
      }
      const sp_proc_saved *sv = n->ins ? n->ins[k].saved : NULL;
      for (size_t j = 0; sv && j < sv->n_files; j++) {
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = (input){sv->files[j], ins->path};
      }
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < n_seen; i++) {
    bool dup = false;
    for (size_t k = 0; k < kept && !dup; k++)
      dup = strcmp(seen[k].path, seen[i].path) == 0;
    if (!dup)
      seen[kept++] = seen[i];
  }
  *n_inputs = kept;
  return seen;
}

void sp_depfile_inputs(const sp_graph *g, FILE *f)
{
  size_t n;
  input *in = inputs_of(g, &n);
  for (size_t i = 0; i < n; i++) {
    fputs(" \\\n  ", f);
    sp_fs_make_escape(f, in[i].path, false);
  }
  free(in);
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

/* Whether make can be told path: else the error at the recipe's key
 * (NULL: the recipe's file). */
static bool told(const sp_recipe *r, const char *path, bool target, const char *key, sp_diags *d)
{
  char *why = sp_depfile_refusal(path, target);
  if (why && key)
    sp_recipe_error(r, d, SP_ERR_USAGE, key, "%s", why);
  else if (why) /* the recipe itself, the command line's files */
    sp_diags_error(d, SP_ERR_USAGE, r->file, (sp_pos){0, 0}, NULL, "%s", why);
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
  size_t n;
  input *in = inputs_of(g, &n);
  for (size_t i = 0; ok && i < n; i++)
    ok = told(r, in[i].path, false, in[i].key, d);
  free(in);
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
  sp_depfile_inputs(g, f);
  if (failed)
    sp_depfile_failed(f, sp_graph_out_dir(g), sp_graph_recipe(g)->base);
  fputc('\n', f);
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
