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

void sp_depfile_inputs(const sp_graph *g, FILE *f)
{
  const char **seen = NULL;
  size_t n_seen = 0, cap = 0;
  const sp_recipe *r = sp_graph_recipe(g);
  SP_GROW(seen, n_seen, cap);
  seen[n_seen++] = r->file;
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      for (size_t q = 0; q < sp_region_plan_n_files(p); q++) { /* `files:`: each */
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = sp_region_plan_file(p, q);
      }
    }
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t p = 0; ins->files && p < ins->cls->n_params; p++)
        if (ins->files[p]) {
          SP_GROW(seen, n_seen, cap);
          seen[n_seen++] = ins->files[p];
        }
      if (ins->state_file) {
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = ins->state_file;
      }
      const sp_proc_saved *sv = n->ins ? n->ins[k].saved : NULL;
      for (size_t j = 0; sv && j < sv->n_files; j++) {
        SP_GROW(seen, n_seen, cap);
        seen[n_seen++] = sv->files[j];
      }
    }
  }
  for (size_t i = 0; i < n_seen; i++) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; k++)
      dup = strcmp(seen[k], seen[i]) == 0;
    if (dup)
      continue;
    fputs(" \\\n  ", f);
    sp_fs_make_escape(f, seen[i], false);
  }
  free(seen);
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
  if (failed) {
    const sp_recipe *r = sp_graph_recipe(g);
    char *never = sp_xasprintf("%s/.stemprint/%s.check-failed", sp_graph_out_dir(g), r->base);
    fputs(" \\\n  ", f);
    sp_fs_make_escape(f, never, false);
    fputs("\n", f);
    sp_fs_make_escape(f, never, true);
    fputc(':', f);
    free(never);
  }
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
