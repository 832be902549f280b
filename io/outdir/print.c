/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render into its output folder (io/outdir/print.h): the room checked,
 * the engine run with a delivery that lands its files through
 * io/outdir/outdir.c, and the folders a failed render made removed. */

#include "io/outdir/print.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "core/job/job.h"
#include "core/measure/nulltest.h"
#include "io/fs/fs.h"
#include "io/outdir/derive.h"
#include "io/outdir/outdir.h"
#include "core/base/pool.h"
#include "core/media/sent.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

sp_err sp_print_commit(const sp_graph *g, const char *const *temps, const char *const *finals,
                       size_t n, const volatile sig_atomic_t *cancel, bool force,
                       sp_render_result *res, sp_diags *d, char *why, size_t why_size)
{
  /* a print's name taken by a device, a FIFO or a socket is not replaced:
   * a render refuses it before writing, a cache hit here */
  for (size_t i = 0; i < n; i++)
    if (!sp_fs_refuse_special(finals[i], why, why_size))
      return SP_ERR_IO;
  const sp_recipe *r = sp_graph_recipe(g);
  /* the record: the prints, master.adm's files and output.stem_mp4's
   * file (made from the prints, landed with them: sp_print_stem_file) */
  size_t n_prints, n_adm;
  const char *const *mine = sp_graph_prints(g, &n_prints), *const *adm =
                                                               sp_graph_adm_prints(g, &n_adm);
  char *stem_file = sp_stem_file_name(r);
  const char **prints = sp_xcalloc(n_prints + n_adm + 2, sizeof *prints);
  for (size_t i = 0; i < n_prints + n_adm; i++)
    prints[i] = i < n_prints ? mine[i] : adm[i - n_prints];
  if (stem_file)
    prints[n_prints + n_adm++] = stem_file;
  sp_job job; /* what it reads (an earlier print among them is not removed) */
  sp_job_list(g, &job);
  const char **reads = sp_xcalloc(job.n_inputs + 1, sizeof *reads);
  for (size_t i = 0; i < job.n_inputs; i++)
    reads[i] = job.inputs[i].path;
  sp_outdir_commit c = {.dir = sp_graph_out_dir(g),
                        .recipe_file = r->file,
                        .recipe_name = r->base,
                        .temps = temps,
                        .finals = finals,
                        .n_files = n,
                        .prints = prints,
                        .n_prints = n_prints + n_adm,
                        .cancel = cancel,
                        .claims = !force,
                        .reads = reads,
                        .n_reads = job.n_inputs};
  sp_outdir_result out;
  sp_err err = sp_outdir_commit_files(&c, &out, why, why_size);
  free(reads);
  sp_job_fini(&job);
  free(prints);
  free(stem_file);
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

/* The files of output.also to make, each from a master file delivered now
 * (from: its temporary name); each task's result in its own slot. */
typedef struct derivation {
  const sp_graph *g;
  const sp_derived_plan *plan;
  const char *from;
  const volatile sig_atomic_t *cancel;
  sp_sink *sink;
  sp_output_stats st;
  sp_err err;
  char why[768];
} derivation;

static void derive_task(void *ctx, size_t i, int thread)
{
  (void)thread;
  derivation *x = &((derivation *)ctx)[i];
  x->err = sp_derive(x->g, x->plan, x->from, x->cancel, &x->sink, &x->st, x->why, sizeof x->why);
}

/* The derived files of the n master files delivered now (finals: the
 * names they take, temps: where they are), made on opts' threads; their
 * figures appended to res->outputs. Returns how many, in *xs. */
static sp_err derive_all(const sp_graph *g, const sp_render_opts *opts, char **temps, char **finals,
                         size_t n, sp_render_result *res, derivation **xs, size_t *n_xs,
                         sp_diags *d)
{
  *xs = NULL;
  *n_xs = 0;
  for (size_t k = 0; sp_graph_derived(g, k); k++) {
    const sp_derived_plan *p = sp_graph_derived(g, k);
    for (size_t i = 0; i < n; i++)
      if (strcmp(finals[i], sp_graph_output(g, p->of)->path) == 0) {
        *xs = sp_xreallocarray(*xs, *n_xs + 1, sizeof **xs);
        (*xs)[(*n_xs)++] =
            (derivation){.g = g, .plan = p, .from = temps[i], .cancel = opts->cancel};
        break;
      }
  }
  if (*n_xs == 0)
    return SP_OK;
  sp_pool *pool = opts->threads > 1 ? sp_pool_new(opts->threads) : NULL;
  if (pool)
    sp_pool_run(pool, *n_xs, derive_task, *xs);
  else
    for (size_t i = 0; i < *n_xs; i++)
      derive_task(*xs, i, 0);
  sp_pool_free(pool);
  sp_err err = SP_OK;
  if (opts->cancel && *opts->cancel) { /* said once, not of each file it stopped */
    sp_diags_error(d, SP_ERR_RENDER, sp_graph_recipe(g)->file, (sp_pos){0, 0}, NULL,
                   "interrupted; no output was written");
    return SP_ERR_RENDER;
  }
  for (size_t i = 0; i < *n_xs; i++)
    if ((*xs)[i].err != SP_OK) {
      sp_diags_error(d, (*xs)[i].err, (*xs)[i].plan->path, (sp_pos){0, 0}, NULL, "%s",
                     (*xs)[i].why);
      err = err == SP_OK ? (*xs)[i].err : err;
    }
  res->outputs = sp_xreallocarray(res->outputs, res->n_outputs + *n_xs, sizeof *res->outputs);
  for (size_t i = 0; err == SP_OK && i < *n_xs; i++)
    res->outputs[res->n_outputs++] = (*xs)[i].st;
  return err;
}

/* The send of outboard insert ob (of node n, insert k) written as a 32-bit
 * float WAV under a temporary name beside its final path, *temp and
 * *final set (heap); SP_OK, or an error said in d. */
static sp_err write_send(const sp_graph *g, const sp_node *n, size_t k, const sp_outboard *ob,
                         int64_t frames, char **temp, char **final, sp_diags *d)
{
  const sp_media *m = sp_graph_media(g);
  *final = sp_xasprintf("%s/%s", sp_graph_out_dir(g), ob->send_name);
  char why[1024];
  char *dir = sp_xstrdup(*final);
  *strrchr(dir, '/') = '\0';
  sp_sink *w = NULL;
  sp_err err = m->make_folder(m, dir, why, sizeof why);
  free(dir);
  if (err == SP_OK)
    err = m->create(m, *final, SP_FORMAT_WAV, SP_DEPTH_32F, ob->channels, (int)sp_graph_rate(g),
                    frames, &w, why, sizeof why);
  enum { B = 4096 };
  float *buf = sp_xcalloc((size_t)B * (size_t)ob->channels, sizeof *buf);
  for (int64_t t = 0; err == SP_OK && t < frames; t += B) {
    const int64_t k_ = frames - t < B ? frames - t : B;
    for (int64_t i = 0; i < k_; i++)
      for (int c = 0; c < ob->channels; c++)
        buf[i * ob->channels + c] = ob->send[c][t + i];
    err = w->ops->write_float(w, buf, k_, why, sizeof why);
  }
  free(buf);
  if (err == SP_OK)
    err = w->ops->finish(w, why, sizeof why);
  if (err == SP_OK) {
    *temp = sp_xstrdup(w->ops->written(w));
    w->ops->release(w);
  } else {
    if (w)
      w->ops->discard(w);
    sp_recipe_error(sp_graph_recipe(g), d, err, n->strip->inserts[k].path,
                    "cannot write its send: %s", why);
  }
  return err;
}

/* ob's send without the near-silence at its end (below -180 dBFS: the
 * render's tail, whose length follows the output's depth and what comes
 * after the insert, not what reaches it): its frames. */
static int64_t send_length(const sp_outboard *ob)
{
  int64_t n = ob->send_frames;
  for (; n > 0; n--) {
    bool quiet = true;
    for (int c = 0; c < ob->channels && quiet; c++)
      quiet = fabsf(ob->send[c][n - 1]) < 1e-9f;
    if (!quiet)
      break;
  }
  return n;
}

/* The digest of ob's first frames of send, as stemprint latency digests a
 * send's file. */
static void send_digest(const sp_graph *g, const sp_outboard *ob, int64_t frames,
                        char hex[SP_DIGEST_HEX])
{
  enum { B = 4096 };
  float *buf = sp_xcalloc((size_t)B * (size_t)ob->channels, sizeof *buf);
  sp_send_digest *h = sp_send_digest_new();
  for (int64_t t = 0; t < frames; t += B) {
    const int64_t k = frames - t < B ? frames - t : B;
    for (int64_t i = 0; i < k; i++)
      for (int c = 0; c < ob->channels; c++)
        buf[i * ob->channels + c] = ob->send[c][t + i];
    sp_send_digest_add(h, buf, (size_t)k, ob->channels);
  }
  sp_send_digest_end(h, ob->channels, (int)sp_graph_rate(g), hex);
  free(buf);
}

/* The file g's render reads (a region's, an insert's) that path is, or
 * NULL. */
static const char *read_there(const sp_graph *g, const char *path)
{
  const sp_media *m = sp_graph_media(g);
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; n->strip && k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t q = 0; ins->files && q < ins->cls->n_params; q++)
        if (ins->files[q] && sp_media_same(m, path, ins->files[q]))
          return ins->files[q];
    }
    for (size_t k = 0; k < n->n_regions; k++)
      if (sp_media_same(m, path, n->regions[k].path))
        return n->regions[k].path;
  }
  return NULL;
}

/* The file a hardware insert's return is, as the recipe names it. */
static const char *return_of(const sp_insert *ins)
{
  const char *ret = NULL;
  for (size_t q = 0; ins->files && q < ins->cls->n_params && !ret; q++)
    ret = ins->files[q];
  return ret;
}

/* Insert k of node, outboard gear whose send was written (its return
 * missing, not marked, or recorded from another send), said at its key:
 * what to do with the send, an error under strict, else a warning. A
 * render says it as it writes the send; a render served from a cache,
 * from the send its entry holds (sp_print_sends_said). */
static void say_send(const sp_graph *g, const sp_node *node, size_t k, bool strict, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  const sp_outboard *ob = node->ins[k].outboard;
  const sp_insert *ins = &node->strip->inserts[k];
  const char *ret = return_of(ins);
  char *final = sp_xasprintf("%s/%s", sp_graph_out_dir(g), ob->send_name);
  char *how = sp_xasprintf("play %s through the unit, record what comes back into '%s' "
                           "(its 'return'), then mark it: stemprint latency %s '%s' --mark",
                           final, ret, final, ret);
  char *text =
      ob->missing ? sp_xasprintf("%s's return '%s' is not there yet, so the render passed the "
                                 "signal through the insert; %s",
                                 ob->name, ret, how)
      : !ob->marked
          ? sp_xasprintf("%s's return '%s' is not marked ('%s.sent' is not there), so "
                         "which send it was recorded from is not known; the send now is "
                         "written: if the return is its recording, mark it (stemprint "
                         "latency %s '%s' --mark), else %s",
                         ob->name, ret, ret, final, ret, how)
          : sp_xasprintf("%s's return '%s' is stale: it was recorded from another send "
                         "than what reaches the insert now (something before it changed: "
                         "an insert, a region, automation, a level), and the render played "
                         "the old recording; %s",
                         ob->name, ret, how);
  if (strict)
    sp_recipe_error(r, d, SP_ERR_CHECK, ins->path, "%s (--strict)", text);
  else
    sp_recipe_warn(r, d, ins->path, "%s", text);
  free(text);
  free(how);
  free(final);
}

void sp_print_sends_said(const sp_graph *g, const char *const *files, size_t n, sp_diags *d)
{
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *node = sp_graph_node(g, i);
    for (size_t k = 0; node->strip && node->ins && k < node->strip->n_inserts; k++) {
      const sp_outboard *ob = node->ins[k].outboard;
      bool sent = false;
      for (size_t f = 0; ob && !node->strip->inserts[k].bypass && f < n && !sent; f++)
        sent = strcmp(files[f], ob->send_name) == 0;
      if (sent)
        say_send(g, node, k, false, d);
    }
  }
}

/* Each hardware insert's send held against the one its return was
 * recorded from (RETURN.sent): where the return is missing, not marked or
 * stale, its send is written (appended to temps and finals, *n of them)
 * and the insert said at its key (say_send), an error under opts->strict
 * (*failed), else a warning. */
static sp_err outboard_sends(const sp_graph *g, const sp_render_opts *opts, char ***temps,
                             char ***finals, size_t *n, bool *failed, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *node = sp_graph_node(g, i);
    for (size_t k = 0; node->strip && node->ins && k < node->strip->n_inserts; k++) {
      const sp_outboard *ob = node->ins[k].outboard;
      const sp_insert *ins = &node->strip->inserts[k];
      if (!ob || ins->bypass || ob->send_frames == 0)
        continue;
      char hex[SP_DIGEST_HEX];
      const int64_t frames = send_length(ob);
      send_digest(g, ob, frames, hex);
      if (!ob->missing && ob->marked && strcmp(hex, ob->sent_digest) == 0)
        continue; /* the return is of this very send */
      const char *ret = return_of(ins);
      char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), ob->send_name);
      const char *clash = read_there(g, path);
      free(path);
      if (clash) { /* the new send would be written over a file the render reads */
        if (clash == ret)
          sp_recipe_error(r, d, SP_ERR_IO, ins->path,
                          "its return '%s' is the file its send is written to; record the "
                          "return into a file of its own and name it in 'return'",
                          ret);
        else
          sp_recipe_error(r, d, SP_ERR_IO, ins->path,
                          "its send would be written over '%s', which the render reads; print "
                          "into another folder (-o) or move that file",
                          clash);
        return SP_ERR_IO;
      }
      char *temp = NULL, *final = NULL;
      sp_err err = write_send(g, node, k, ob, frames, &temp, &final, d);
      if (err != SP_OK)
        return err;
      *temps = sp_xreallocarray(*temps, *n + 2, sizeof **temps);
      *finals = sp_xreallocarray(*finals, *n + 2, sizeof **finals);
      (*temps)[*n] = temp;
      (*finals)[(*n)++] = final;
      say_send(g, node, k, opts->strict, d);
      *failed |= opts->strict;
    }
  }
  return SP_OK;
}

/* temps[0..n) and finals[0..n) freed, each temporary taken away first
 * where unlink_them (the render failed: those renamed before the failure
 * are gone from there, and a set's file that was not made is NULL). */
static void let_go(char **temps, char **finals, size_t n, bool unlink_them)
{
  for (size_t i = 0; i < n; i++) {
    if (unlink_them && temps[i])
      unlink(temps[i]);
    free(temps[i]);
    free(finals[i]);
  }
}

/* A file the render reads (a source, an insert's file, a SoundFont, a
 * state's file ...) as it was when first read (the watch's, io/fs/fs.h:
 * a plan that loaded it before a cache key hashed it), else when the
 * render began. */
typedef struct seen_file {
  const char *path;
  const char *name; /* what its message names it by (sp_region_plan.name) */
  bool there;
  struct stat st;
} seen_file;

/* sp_print's: its options (the engine's) and the files the render reads. */
typedef struct print_ctx {
  const sp_render_opts *opts;
  seen_file *seen;
  size_t n_seen, cap_seen;
  sp_job inputs; /* every file the job reads (sp_job_list): the rest of seen's */
} print_ctx;

static void seen_add(print_ctx *c, const char *path, const char *name)
{
  for (size_t i = 0; i < c->n_seen; i++)
    if (strcmp(c->seen[i].path, path) == 0)
      return;
  struct stat st;
  const bool first = sp_fs_watch_first(path, &st), there = first || stat(path, &st) == 0;
  if (there && S_ISDIR(st.st_mode))
    return; /* a folder's files are what is read (a plugin's bundle: its own to write in) */
  SP_GROW(c->seen, c->n_seen, c->cap_seen);
  c->seen[c->n_seen++] = (seen_file){.path = path, .name = name, .there = there, .st = st};
}

/* Every file g's render reads, as it was first read: its regions' and
 * inserts' files by the names the recipe gives them, then the rest of the
 * job's inputs (a SoundFont, a MIDI file, an LV2 state's files, a cover)
 * by their paths; none awaited (a hardware return not recorded yet). */
static void seen_all(print_ctx *c, const sp_graph *g)
{
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++) {
      const sp_region_plan *p = &n->regions[k];
      seen_add(c, p->path, p->name);
      for (size_t f = 1; f < p->n_paths; f++) /* `files:`: each beside the first */
        seen_add(c, p->paths[f], p->paths[f]);
    }
    for (size_t k = 0; n->strip && k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t q = 0; ins->files && q < ins->cls->n_params; q++)
        if (ins->files[q])
          seen_add(c, ins->files[q], sp_insert_file_named(ins, q));
    }
  }
  sp_job_list(g, &c->inputs);
  for (size_t i = 0; i < c->inputs.n_inputs; i++)
    if (strcmp(c->inputs.inputs[i].role, "awaited") != 0)
      seen_add(c, c->inputs.inputs[i].path, c->inputs.inputs[i].path);
}

/* Whether every file the render read is as it was when first read:
 * a change at any time between (rewritten in place with its times put
 * back, truncated, replaced) fails the render, whether the render had
 * read that part yet or not; an error for each in d. The change time,
 * which no call sets back, is compared too. */
static bool seen_unchanged(const print_ctx *c, const sp_graph *g, sp_diags *d)
{
  bool same = true;
  for (size_t i = 0; i < c->n_seen; i++) {
    const seen_file *f = &c->seen[i];
    struct stat now;
    const bool there = stat(f->path, &now) == 0;
    if (there == f->there &&
        (!there || (now.st_dev == f->st.st_dev && now.st_ino == f->st.st_ino &&
                    now.st_size == f->st.st_size && now.st_mtim.tv_sec == f->st.st_mtim.tv_sec &&
                    now.st_mtim.tv_nsec == f->st.st_mtim.tv_nsec &&
                    now.st_ctim.tv_sec == f->st.st_ctim.tv_sec &&
                    now.st_ctim.tv_nsec == f->st.st_ctim.tv_nsec)))
      continue;
    sp_diags_error(d, SP_ERR_IO, f->name, (sp_pos){0, 0}, NULL,
                   "changed while stemprint rendered %s (its size, modification or change time "
                   "is not what it was when the render first read it); nothing was printed: "
                   "render again once nothing writes to it",
                   sp_graph_recipe(g)->file);
    same = false;
  }
  return same;
}

/* The master set's print of name (NULL: the mix) in res, where it is
 * now: its temporary name when the commit of finals lands it, else its
 * place (a cache's file already there); NULL when res has none (--only).
 * Its place into *at when at is not NULL. */
static const char *landing(const sp_render_result *res, const char *name, char *const *temps,
                           char *const *finals, size_t n, const char **at)
{
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *s = &res->outputs[i];
    if (s->set != 0 || s->part != 0 || !s->path ||
        !(name ? s->kind == SP_OUT_STEM && strcmp(s->name, name) == 0 : s->is_mix))
      continue;
    if (at)
      *at = s->path;
    for (size_t k = 0; k < n; k++)
      if (strcmp(finals[k], s->path) == 0)
        return temps[k];
    return s->path;
  }
  return NULL;
}

sp_err sp_print_stem_file(const sp_graph *g, char ***temps, char ***finals, size_t *n,
                          sp_render_result *res, sp_diags *d)
{
  static const char *const colors[4] = {"#FF3B30", "#FFCC00", "#34C759", "#007AFF"};
  const sp_recipe *r = sp_graph_recipe(g);
  const sp_stem_file *f = &r->output.stem_mp4;
  if (!f->on)
    return SP_OK;
  const sp_output *o = &r->output;
  const char *at = NULL; /* the mix's place */
  sp_stem_mp4 s = {.mix = landing(res, NULL, *temps, *finals, *n, &at),
                   .codec = f->codec ? SP_FORMAT_AAC : SP_FORMAT_ALAC,
                   .kbps = (int)f->kbps,
                   .max_residual_db = r->null_auto
                                          ? sp_null_auto_threshold_dbfs(o->depth, o->dither, 4)
                                          : r->null_max_residual_dbfs,
                   .tags = &o->tags};
  const char *missing = s.mix ? NULL : o->mix;
  const char **also[4] = {NULL}; /* a group's prints after its first */
  for (size_t i = 0; i < 4; i++) {
    const sp_stem *st = &f->stems[i];
    also[i] = sp_xcalloc(st->n_members, sizeof *also[i]);
    for (size_t j = 0; j < st->n_members; j++) {
      const char *print = landing(res, st->members[j], *temps, *finals, *n, NULL);
      if (!print && !missing)
        missing = st->members[j];
      if (j == 0)
        s.stems[i] = print;
      else
        also[i][s.n_also[i]++] = print;
    }
    s.also[i] = also[i];
    s.names[i] = st->name;
    s.colors[i] = f->n_colors == 4 ? f->colors[i] : colors[i];
  }
  char why[768] = "";
  sp_err e = SP_OK;
  if (missing) {
    snprintf(why, sizeof why, "'%s' was not printed (--only?); print it to make the stem file",
             missing);
    e = SP_ERR_USAGE;
  } else {
    char *name = sp_stem_file_name(r);
    const char *slash = strrchr(at, '/');
    char *final = sp_xasprintf("%.*s%s", slash ? (int)(slash - at + 1) : 0, at, name);
    free(name);
    char *temp = sp_fs_temp_template(final);
    const int fd = mkstemp(temp);
    double residual_db = 0;
    if (fd < 0) {
      snprintf(why, sizeof why, "cannot create a file in the output folder: %s", strerror(errno));
      e = SP_ERR_IO;
    } else if (!sp_graph_media(g)->create_stem_file) {
      close(fd);
      snprintf(why, sizeof why, "%s", "this render's media writes no stem file");
      e = SP_ERR_IO;
    } else {
      close(fd);
      const sp_media *m = sp_graph_media(g);
      e = m->create_stem_file(m, temp, &s, &residual_db, why, sizeof why);
    }
    if (e == SP_OK) { /* it lands with the prints */
      *temps = sp_xreallocarray(*temps, *n + 2, sizeof **temps);
      *finals = sp_xreallocarray(*finals, *n + 2, sizeof **finals);
      (*temps)[*n] = temp;
      (*finals)[(*n)++] = final;
      free(res->stem_file);
      res->stem_file = sp_xstrdup(final);
      res->stem_file_residual_db = residual_db;
    } else {
      if (fd >= 0)
        unlink(temp);
      free(temp);
      free(final);
    }
  }
  for (size_t i = 0; i < 4; i++)
    free(also[i]);
  if (e != SP_OK)
    sp_recipe_error(r, d, e, "output.stem_mp4", "%s", why);
  return e;
}

/* What landed, into res: the sends (*sends taken: their names in the
 * output folder) and whether the prints did. */
static void landed(sp_render_result *res, char ***sends, size_t n_sends, bool prints)
{
  res->sends = *sends;
  res->n_sends = n_sends;
  res->landed = prints;
  *sends = NULL;
}

/* The engine's delivery (sp_deliver_fn): every finished file, under its
 * temporary name in the output folder, and the files of output.also made
 * from them, landed together by sp_print_commit once every file the
 * render read is found as it was when it began; on failure the files not
 * in place are removed. ctx is sp_print's print_ctx. */
static sp_err deliver(void *ctx, const sp_graph *g, sp_sink *const *sinks, size_t n,
                      sp_render_result *res, sp_diags *d)
{
  const print_ctx *pc = ctx;
  const sp_render_opts *opts = pc->opts;
  char **temps = sp_xcalloc(n + 1, sizeof *temps), **finals = sp_xcalloc(n + 1, sizeof *finals);
  for (size_t i = 0; i < n; i++) {
    temps[i] = sp_xstrdup(sinks[i]->ops->written(sinks[i]));
    finals[i] = sp_xstrdup(sinks[i]->ops->name(sinks[i]));
    sinks[i]->ops->release(sinks[i]);
  }
  /* hardware inserts' sends: under --strict a stale return keeps the
   * prints from landing, and its send lands alone */
  bool failed = false;
  size_t n_sends = 0;
  char **send_temps = NULL, **send_finals = NULL;
  sp_err err = outboard_sends(g, opts, &send_temps, &send_finals, &n_sends, &failed, d);
  /* their names, for a cache's entry to hold them (a hit says them again) */
  const size_t dir_len = strlen(sp_graph_out_dir(g)) + 1;
  char **sends = sp_xcalloc(n_sends + 1, sizeof *sends);
  for (size_t i = 0; err == SP_OK && i < n_sends; i++)
    sends[i] = sp_xstrdup(send_finals[i] + dir_len);
  if (err == SP_OK && failed) {
    char why[1024];
    err = sp_print_commit(g, (const char *const *)send_temps, (const char *const *)send_finals,
                          n_sends, opts->cancel, opts->force, res, d, why, sizeof why);
    if (err != SP_OK)
      sp_diags_error(d, err, sp_graph_out_dir(g), (sp_pos){0, 0}, NULL, "%s", why);
    else
      landed(res, &sends, n_sends, false);
    err = err == SP_OK ? SP_ERR_CHECK : err;
  }
  if (err == SP_OK) { /* the sends land with the prints */
    temps = sp_xreallocarray(temps, n + n_sends + 1, sizeof *temps);
    finals = sp_xreallocarray(finals, n + n_sends + 1, sizeof *finals);
    for (size_t i = 0; i < n_sends; i++)
      temps[n + i] = send_temps[i], finals[n + i] = send_finals[i];
    n += n_sends;
  } else {
    let_go(send_temps, send_finals, n_sends, true);
  }
  free(send_temps);
  free(send_finals);
  if (err != SP_OK) {
    sp_free_strings(sends, n_sends);
    let_go(temps, finals, n, true);
    free(temps);
    free(finals);
    return err;
  }
  derivation *xs;
  size_t n_xs;
  err = derive_all(g, opts, temps, finals, n, res, &xs, &n_xs, d);
  if (err == SP_OK && !seen_unchanged(pc, g, d))
    err = SP_ERR_IO;
  temps = sp_xreallocarray(temps, n + n_xs + 1, sizeof *temps);
  finals = sp_xreallocarray(finals, n + n_xs + 1, sizeof *finals);
  for (size_t i = 0; i < n_xs; i++) {
    temps[n + i] = xs[i].sink ? sp_xstrdup(xs[i].sink->ops->written(xs[i].sink)) : NULL;
    finals[n + i] = sp_xstrdup(xs[i].plan->path);
    if (xs[i].sink && err == SP_OK)
      xs[i].sink->ops->release(xs[i].sink);
    else if (xs[i].sink)
      xs[i].sink->ops->discard(xs[i].sink);
  }
  free(xs);
  n += n_xs;
  if (err == SP_OK) /* made from the prints as they land, landed with them */
    err = sp_print_stem_file(g, &temps, &finals, &n, res, d);
  if (err == SP_OK) {
    char why[1024];
    err = sp_print_commit(g, (const char *const *)temps, (const char *const *)finals, n,
                          opts->cancel, opts->force, res, d, why, sizeof why);
    if (err != SP_OK)
      sp_diags_error(d, err, sp_graph_out_dir(g), (sp_pos){0, 0}, NULL, "%s", why);
  }
  if (err == SP_OK)
    landed(res, &sends, n_sends, true);
  sp_free_strings(sends, n_sends);
  let_go(temps, finals, n, err != SP_OK);
  free(temps);
  free(finals);
  return err;
}

/* The bytes of a stereo file of `seconds` in format f at depth and rate
 * (lossy: at kbps): PCM's size (flac: half of it, a typical ratio). */
static double file_bytes(double seconds, sp_format f, sp_depth depth, double rate, int kbps)
{
  return 4096 + (sp_format_lossy(f)
                     ? seconds * kbps * 125.0
                     : seconds * rate * 2 * sp_depth_get(depth)->bytes / sp_formats[f].size_div);
}

/* The files against the free space where they go, the sets of
 * output.also's with them. */
static sp_err check_space(const sp_graph *g, const sp_render_opts *opts, sp_diags *d)
{
  const sp_recipe *r = sp_graph_recipe(g);
  const double seconds =
      (double)(sp_graph_timeline(g).content_frames + sp_graph_timeline(g).tail_frames) /
      sp_graph_rate(g);
  double need = 0;
  for (size_t i = 0; sp_graph_output(g, i); i++)
    if (!(opts && opts->skip && opts->skip[i]))
      need += file_bytes(seconds, r->output.format, r->output.depth, sp_graph_rate(g), 0);
  for (size_t i = 0; sp_graph_derived(g, i); i++) {
    const sp_output_set *set = &r->output.sets[sp_graph_derived(g, i)->set];
    if (!(opts && opts->skip && opts->skip[sp_graph_derived(g, i)->of]))
      need += file_bytes(seconds, set->format, set->depth,
                         set->rate > 0 ? set->rate : sp_graph_rate(g), set->kbps);
  }
  char *at = sp_xstrdup(sp_graph_out_dir(g));
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
    sp_recipe_error(r, d, SP_ERR_IO, sp_graph_out_dir_key(g),
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
  /* Folders this render creates; a failed render takes them away again.
   * They are made first: a folder that cannot be made (a read-only or
   * virtual file system, /proc) is said so, not blamed on free space. */
  char *made = sp_fs_first_missing(sp_graph_out_dir(g));
  char why[512];
  if (sp_fs_mkdirs(sp_graph_out_dir(g), why, sizeof why) != SP_OK) {
    sp_recipe_error(sp_graph_recipe(g), d, SP_ERR_IO, sp_graph_out_dir_key(g),
                    "%s; print into another folder%s", why,
                    strcmp(sp_graph_out_dir_key(g), "-o") == 0 ? "" : " (output.dir, or -o)");
    if (made)
      sp_fs_rmdirs_empty(sp_graph_out_dir(g), made);
    free(made);
    return SP_ERR_IO;
  }
  sp_err err = check_space(g, opts, d);
  if (err != SP_OK) {
    if (made)
      sp_fs_rmdirs_empty(sp_graph_out_dir(g), made);
    free(made);
    return err;
  }
  /* what the render reads, as it is before the render reads it */
  print_ctx pc = {.opts = &o};
  seen_all(&pc, g);
  o.deliver = deliver;
  o.deliver_ctx = &pc;
  err = sp_render(g, &o, res, d);
  free(pc.seen);
  sp_job_fini(&pc.inputs);
  if (err != SP_OK && err != SP_ERR_CHECK && made)
    sp_fs_rmdirs_empty(sp_graph_out_dir(g), made);
  free(made);
  return err;
}
