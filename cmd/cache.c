/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render --cache: a render served from the cache, or rendered and stored
 * (docs/cache.md).
 *
 *   fetch:  the entry of the job's key ─► its manifest read for this very
 *           job ─► every file it names copied from the store into a
 *           temporary file in the output folder, checked against its
 *           digest ─► all of them committed together as a render's are
 *           (io/outdir/outdir.h) ─► the result the render had
 *   store:  every file printed, its digest (read back), into the store ─►
 *           the manifest, last, so that an entry never names a file the
 *           store does not have */

#include "cmd/cache.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/base/pool.h"
#include "io/fs/fs.h"
#include "io/outdir/print.h"
#include "io/report/cache_entry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The files a job prints, by name, in the manifest's list, each once
 * (one it may not write, a send, where its render wrote it); false when
 * one is missing there. */
static bool covers(const sp_job *job, const sp_cache_file *files, size_t n)
{
  size_t named = 0;
  for (size_t i = 0; i < job->n_outputs; i++) {
    size_t found = 0;
    for (size_t k = 0; k < n; k++)
      found += strcmp(files[k].file, job->outputs[i].file) == 0;
    if (found > 1 || (found == 0 && !job->outputs[i].maybe))
      return false;
    named += found;
  }
  return n == named;
}

/* Whether the render of job that stored files[0..n) wrote a file it may
 * not write (a hardware insert's send: its return not of it), which
 * --strict fails. */
static bool wrote_a_maybe(const sp_job *job, const sp_cache_file *files, size_t n)
{
  for (size_t i = 0; i < job->n_outputs; i++)
    for (size_t k = 0; job->outputs[i].maybe && k < n; k++)
      if (strcmp(files[k].file, job->outputs[i].file) == 0)
        return true;
  return false;
}

/* Fetching n files into their temporary files, side by side on the
 * core's pool of threads (core/base/pool.h). */
typedef struct fetch {
  sp_cache *c;
  const sp_cache_file *files;
  const volatile sig_atomic_t *cancel;
  int *fds;      /* [n] */
  size_t *which; /* [n]: the file of files[] each fd receives */
  sp_cache_status *st;
  char **why;
} fetch;

static void fetch_one(void *ctx, size_t k, int thread)
{
  (void)thread;
  fetch *f = ctx;
  if (f->cancel && *f->cancel) {
    f->st[k] = SP_CACHE_FAIL;
    return;
  }
  char why[768] = "";
  const sp_cache_file *file = &f->files[f->which[k]];
  f->st[k] = sp_cache_get_file(f->c, &file->digest, file->size, f->fds[k], why, sizeof why);
  if (f->st[k] != SP_CACHE_HIT)
    f->why[k] = sp_xstrdup(why);
}

sp_cache_status sp_cli_cache_fetch(sp_cache *c, const sp_graph *g, const sp_job *job,
                                   sp_digest_index *ix, const volatile sig_atomic_t *cancel,
                                   int threads, bool force, bool strict, sp_render_result *res,
                                   int *status, sp_diags *d, char **refused, char *why,
                                   size_t why_size)
{
  memset(res, 0, sizeof *res);
  *refused = NULL;
  char *text;
  size_t len;
  sp_cache_status st = sp_cache_get_entry(c, &job->key, &text, &len, why, why_size);
  if (st == SP_CACHE_BAD) /* not an entry (too large, not a file): the render stores one */
    sp_cache_drop_entry(c, &job->key);
  if (st != SP_CACHE_HIT)
    return st;
  sp_cache_file *files;
  size_t n;
  char rwhy[512];
  bool ok = sp_cache_entry_read(text, len, job, g, &files, &n, res, status, rwhy, sizeof rwhy);
  free(text);
  if (!ok || !covers(job, files, n)) {
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(&job->key, hex);
    snprintf(why, why_size, "the cache's entry %.12s… is not usable (%s)", hex,
             ok ? "it does not name every file this render prints" : rwhy);
    if (ok) {
      sp_cache_files_free(files, n);
      sp_render_result_fini(res);
    }
    sp_cache_drop_entry(c, &job->key);
    return SP_CACHE_BAD;
  }
  /* Under --strict its render would have stopped at the sends it wrote,
   * said as errors, with the sends alone landed: it renders, and does so
   * (no prints to serve). */
  if (strict && wrote_a_maybe(job, files, n)) {
    sp_cache_files_free(files, n);
    sp_render_result_fini(res);
    return SP_CACHE_MISS;
  }
  char *top = sp_fs_first_missing(sp_graph_out_dir(g));
  if (sp_fs_mkdirs(sp_graph_out_dir(g), why, why_size) != SP_OK) {
    free(top);
    sp_cache_files_free(files, n);
    sp_render_result_fini(res);
    return SP_CACHE_FAIL;
  }
  char **temps = sp_xcalloc(n + 1, sizeof *temps), **finals = sp_xcalloc(n + 1, sizeof *finals);
  fetch f = {.c = c, .files = files, .cancel = cancel};
  f.fds = sp_xcalloc(n + 1, sizeof *f.fds);
  f.which = sp_xcalloc(n + 1, sizeof *f.which);
  f.st = sp_xcalloc(n + 1, sizeof *f.st);
  f.why = sp_xcalloc(n + 1, sizeof *f.why);
  size_t made = 0, copied = 0, n_dirs = 0;
  char **made_dirs = sp_xcalloc(n + 1, sizeof *made_dirs),
       **made_tops = sp_xcalloc(n + 1, sizeof *made_tops);
  for (size_t i = 0; i < n && st == SP_CACHE_HIT; i++) {
    char *final = sp_xasprintf("%s/%s", sp_graph_out_dir(g), files[i].file);
    /* Already in place, as the index knows it (a re-run into the same
     * folder): nothing to copy. */
    if (sp_digest_index_vouches(ix, final, &files[i].digest, files[i].size)) {
      free(final);
      continue;
    }
    if (!sp_fs_refuse_print_at(final, why, why_size)) { /* as the render's writer refuses it */
      *refused = final;
      st = SP_CACHE_REFUSED;
      break;
    }
    /* a file in a folder of its own (sends/): the folder made as the
     * render's writer makes it, taken away again if nothing lands */
    const char *slash = strrchr(final, '/');
    char *sub = sp_xasprintf("%.*s", (int)(slash - final), final);
    if (strcmp(sub, sp_graph_out_dir(g)) != 0) {
      char *sub_top = sp_fs_first_missing(sub);
      if (sp_fs_mkdirs(sub, why, why_size) != SP_OK) {
        free(sub_top);
        free(sub);
        free(final);
        st = SP_CACHE_FAIL;
        break;
      }
      if (sub_top) {
        made_dirs[n_dirs] = sub;
        made_tops[n_dirs++] = sub_top;
        sub = NULL;
      }
    }
    free(sub);
    finals[copied] = final;
    temps[copied] = sp_fs_temp_template(final);
    const size_t k = copied++;
    f.fds[k] = mkstemp(temps[k]);
    if (f.fds[k] < 0) {
      snprintf(why, why_size, "cannot write into %s: %s", sp_graph_out_dir(g), strerror(errno));
      st = SP_CACHE_FAIL;
      break;
    }
    made = k + 1;
    fchmod(f.fds[k], sp_fs_file_mode()); /* an ordinary file, as a render's */
    f.which[k] = i;
  }
  /* The files side by side on the render's threads (-j): each is hashed as
   * it is copied. */
  sp_pool *pool = sp_pool_new(threads > 1 && made > 1 ? threads : 1);
  sp_pool_run(pool, st == SP_CACHE_HIT ? made : 0, fetch_one, &f);
  sp_pool_free(pool);
  for (size_t k = 0; k < made; k++) {
    if (close(f.fds[k]) != 0 && f.st[k] == SP_CACHE_HIT) {
      f.st[k] = SP_CACHE_FAIL;
      f.why[k] = sp_xasprintf("cannot write %s: %s", temps[k], strerror(errno));
    }
    /* the first failure says why; one that found the server down (said
     * by another file's fetch side by side) only when no other did */
    if ((st == SP_CACHE_HIT || st == SP_CACHE_DOWN) && f.st[k] != SP_CACHE_HIT && f.st[k] != st) {
      st = f.st[k];
      snprintf(why, why_size, "%s", f.why[k] ? f.why[k] : "a file could not be fetched");
    }
    free(f.why[k]);
  }
  if (cancel && *cancel && st == SP_CACHE_HIT) {
    snprintf(why, why_size, "interrupted; no output was written");
    st = SP_CACHE_FAIL;
  }
  free(f.fds);
  free(f.which);
  free(f.st);
  free(f.why);
  if (st == SP_CACHE_MISS) {
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(&job->key, hex);
    snprintf(why, why_size, "the cache's entry %.12s… names a file the cache does not hold", hex);
    st = SP_CACHE_BAD;
  }
  if (st == SP_CACHE_HIT) { /* output.stem_mp4's file made again from the served prints */
    sp_diags sd;
    sp_diags_init(&sd);
    if (sp_print_stem_file(g, &temps, &finals, &copied, res, &sd) != SP_OK) {
      snprintf(why, why_size, "%s", sd.n ? sd.v[0].msg : "its stem file could not be made");
      st = SP_CACHE_FAIL;
    }
    sp_diags_fini(&sd);
    made = copied; /* its temporary name too: removed with the others if the commit fails */
  }
  if (st == SP_CACHE_HIT) {
    sp_diags said; /* the commit's, said only when the files landed (else the render says it) */
    sp_diags_init(&said);
    if (sp_print_commit(g, (const char *const *)temps, (const char *const *)finals, copied, cancel,
                        force, res, &said, why, why_size) != SP_OK)
      st = SP_CACHE_FAIL;
    if (st == SP_CACHE_HIT) { /* said as its render said them: the sends, then the record */
      const char **names = sp_xcalloc(n + 1, sizeof *names);
      for (size_t i = 0; i < n; i++)
        names[i] = files[i].file;
      sp_print_sends_said(g, names, n, d);
      free(names);
      for (size_t i = 0; i < job->n_outputs; i++) /* the sends landed, as a render's res says */
        for (size_t k = 0; job->outputs[i].maybe && k < n; k++)
          if (strcmp(files[k].file, job->outputs[i].file) == 0) {
            res->sends = sp_xreallocarray(res->sends, res->n_sends + 1, sizeof *res->sends);
            res->sends[res->n_sends++] = sp_xstrdup(files[k].file);
          }
      sp_diags_take(d, &said);
      res->landed = true;
    }
    sp_diags_fini(&said);
    for (size_t i = 0; st == SP_CACHE_HIT && i < n; i++) {
      char *final = sp_xasprintf("%s/%s", sp_graph_out_dir(g), files[i].file);
      sp_digest_index_remember_own(ix, final, &files[i].digest);
      free(final);
    }
  }
  for (size_t i = 0; i < copied; i++) {
    if (st != SP_CACHE_HIT && i < made)
      unlink(temps[i]); /* none is in place: a commit that failed renamed none, or removed them */
    free(temps[i]);
    free(finals[i]);
  }
  free(temps);
  free(finals);
  for (size_t i = n_dirs; i-- > 0;) {
    if (st != SP_CACHE_HIT)
      sp_fs_rmdirs_empty(made_dirs[i], made_tops[i]);
    free(made_dirs[i]);
    free(made_tops[i]);
  }
  free(made_dirs);
  free(made_tops);
  if (st != SP_CACHE_HIT) {
    if (top)
      sp_fs_rmdirs_empty(sp_graph_out_dir(g), top);
    sp_render_result_fini(res);
  }
  free(top);
  sp_cache_files_free(files, n);
  return st;
}

sp_cache_status sp_cli_cache_store(sp_cache *c, const sp_graph *g, const sp_job *job,
                                   const sp_render_result *res, int status, sp_digest_index *ix,
                                   char *why, size_t why_size)
{
  sp_cache_file *files = sp_xcalloc(job->n_outputs + 1, sizeof *files);
  sp_cache_status st = SP_CACHE_HIT;
  size_t n = 0;
  for (size_t i = 0; i < job->n_outputs && st == SP_CACHE_HIT; i++) {
    bool wrote = !job->outputs[i].maybe; /* a send, where the render wrote it */
    for (size_t k = 0; !wrote && k < res->n_sends; k++)
      wrote = strcmp(res->sends[k], job->outputs[i].file) == 0;
    if (!wrote)
      continue;
    char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), job->outputs[i].file);
    sp_file_digest fd;
    if (sp_digest_file(ix, path, &fd, why, why_size) != SP_OK) {
      st = SP_CACHE_FAIL;
    } else {
      files[n++] = (sp_cache_file){
          .file = sp_xstrdup(job->outputs[i].file), .size = fd.size, .digest = fd.digest};
      sp_digest_index_remember_own(ix, path, &fd.digest); /* this render's output */
      st = sp_cache_put_file(c, &fd.digest, path, why, why_size);
    }
    free(path);
  }
  if (st == SP_CACHE_HIT) {
    char *text = sp_cache_entry_text(job, g, files, n, res, status);
    st = sp_cache_put_entry(c, &job->key, text, strlen(text), why, why_size);
    free(text);
  }
  sp_cache_files_free(files, n);
  return st;
}
