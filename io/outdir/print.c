/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render into its output folder (io/outdir/print.h): the room checked,
 * the engine run with a delivery that lands its files through
 * io/outdir/outdir.c, and the folders a failed render made removed. */

#include "io/outdir/print.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/outdir/outdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

sp_err sp_print_commit(const sp_graph *g, const char *const *temps, const char *const *finals,
                       size_t n, const volatile sig_atomic_t *cancel, sp_render_result *res,
                       sp_diags *d, char *why, size_t why_size)
{
  const sp_recipe *r = g->recipe;
  sp_outdir_commit c = {.dir = g->out_dir,
                        .recipe_file = r->file,
                        .recipe_name = r->base,
                        .temps = temps,
                        .finals = finals,
                        .n_files = n,
                        .prints = (const char *const *)g->prints,
                        .n_prints = g->n_prints,
                        .cancel = cancel};
  sp_outdir_result out;
  sp_err err = sp_outdir_commit_files(&c, &out, why, why_size);
  if (out.note && d)
    sp_diags_warn(d, r->file, (sp_pos){0, 0}, "output.dir", "%s", out.note);
  res->removed = out.removed;
  res->n_removed = out.n_removed;
  res->n_stale_temps = out.n_stale_temps;
  out.removed = NULL;
  out.n_removed = 0;
  sp_outdir_result_fini(&out);
  return err;
}

/* The engine's delivery (sp_deliver_fn): every finished file, under its
 * temporary name in the output folder, landed by sp_print_commit; on
 * failure the files not in place are removed. ctx is sp_print's options. */
static sp_err deliver(void *ctx, const sp_graph *g, sp_sink *const *sinks, size_t n,
                      sp_render_result *res, sp_diags *d)
{
  const sp_render_opts *opts = ctx;
  char **temps = sp_xcalloc(n + 1, sizeof *temps), **finals = sp_xcalloc(n + 1, sizeof *finals);
  for (size_t i = 0; i < n; i++) {
    temps[i] = sp_xstrdup(sinks[i]->ops->written(sinks[i]));
    finals[i] = sp_xstrdup(sinks[i]->ops->name(sinks[i]));
    sinks[i]->ops->release(sinks[i]);
  }
  char why[1024];
  sp_err err = sp_print_commit(g, (const char *const *)temps, (const char *const *)finals, n,
                               opts->cancel, res, d, why, sizeof why);
  if (err != SP_OK)
    sp_diags_error(d, err, g->out_dir, (sp_pos){0, 0}, NULL, "%s", why);
  for (size_t i = 0; i < n; i++) {
    if (err != SP_OK)
      unlink(temps[i]); /* those renamed before a failure are gone from here */
    free(temps[i]);
    free(finals[i]);
  }
  free(temps);
  free(finals);
  return err;
}

/* The files against the free space where they go: each at its PCM size
 * (flac: half of it, a typical ratio). */
static sp_err check_space(const sp_graph *g, const sp_render_opts *opts, sp_diags *d)
{
  const sp_recipe *r = g->recipe;
  const int64_t frames = g->content_frames + g->tail_frames;
  const double per_sample = r->output.depth == SP_DEPTH_16   ? 2
                            : r->output.depth == SP_DEPTH_24 ? 3
                                                             : 4;
  double need = 0;
  for (size_t i = 0; i < g->n_outputs; i++)
    if (!(opts && opts->skip && opts->skip[i]))
      need += (double)frames * 2 * per_sample / (r->output.format == SP_FORMAT_FLAC ? 2 : 1) + 4096;
  char *at = sp_xstrdup(g->out_dir);
  struct statvfs fs;
  while (statvfs(at, &fs) != 0) {
    char *slash = strrchr(at, '/');
    if (!slash || slash == at) {
      strcpy(at, slash == at ? "/" : ".");
      if (statvfs(at, &fs) != 0)
        fs.f_bavail = 0, fs.f_frsize = 0;
      break;
    }
    *slash = '\0';
  }
  const double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
  sp_err err = SP_OK;
  if (fs.f_frsize > 0 && need > free_bytes) {
    sp_diags_error(d, SP_ERR_IO, r->file, (sp_pos){0, 0}, "output.dir",
                   "the files need %.1f MB in '%s' and %.1f MB are free there; free some space "
                   "or print elsewhere (-o)",
                   need / 1e6, at, free_bytes / 1e6);
    err = SP_ERR_IO;
  }
  free(at);
  return err;
}

sp_err sp_print(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d)
{
  memset(res, 0, sizeof *res);
  sp_render_opts o = opts ? *opts : (sp_render_opts){0};
  if (o.measure_only)
    return sp_render(g, &o, res, d);
  sp_err err = check_space(g, opts, d);
  if (err != SP_OK)
    return err;
  /* Folders this render creates; a failed render takes them away again. */
  char *made = sp_fs_first_missing(g->out_dir);
  o.deliver = deliver;
  o.deliver_ctx = &o;
  err = sp_render(g, &o, res, d);
  if (err != SP_OK && err != SP_ERR_CHECK && made)
    sp_fs_rmdirs_empty(g->out_dir, made);
  free(made);
  return err;
}
