/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a command writes, held against what it reads (cmd/cli.h): one
 * record per process of the files its output options name (each option
 * row marked .output, noted as sp_args_parse reads it) and of the files it
 * reads and prints (its positional arguments, then each graph it builds:
 * the recipe or session, every source, impulse response and state file,
 * every print). A file written that is one of them (the same path, or the
 * same file, sp_fs_identity: a link, a hard link) is refused, exit 2, before
 * the command writes anything: `render song.yaml --junit song.yaml` once
 * replaced the recipe with the report. So is one inside an output folder's
 * records (<dir>/.stemprint/: each recipe's record of what it printed there,
 * the folder's lock), of every output folder the command names (each
 * graph's, an album's and its sets'): a report over a record once made the
 * next render forget the prints it should have removed. And a file an
 * album prints (sp_cli_prints_add) that is a file read (a song's source,
 * impulse response, recipe, mix) is refused before anything renders: an
 * album's master named as a source once replaced it.
 *
 *   sp_args_parse ─► outputs noted, positional arguments read ─► check
 *   sp_cli_build  ─► the graph's files read and printed        ─► check
 *   render's reports, before they are written                  ─► check */

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/strmap.h"
#include "core/graph/query.h"
#include "io/fs/fs.h"
#include "io/fs/record.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file: its path as given, what it is to the command, and which file
 * it is (sp_fs_identity; "-" standard output). */
typedef struct file {
  char *path;
  char *what;    /* "an input of this command", "a source of song.yaml" */
  char *printer; /* an album's file: the album that prints it (else NULL) */
  bool special;  /* a device or a FIFO */
  bool source;   /* a recipe's source (one missing is not there yet) */
  char *id;
} file;

enum { MAX_OUTPUTS = 16 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static file outs[MAX_OUTPUTS];
static const char *out_flag[MAX_OUTPUTS];
static bool out_default[MAX_OUTPUTS]; /* its option not given: the command's default file */
static size_t n_outs;
static file *reads;
static size_t n_reads, cap_reads;
static sp_strmap read_paths; /* each of reads' paths, once: a session of 50,000 files */
static bool held;            /* a command runs another: one record for both (sp_cli_writes_hold) */
/* each output folder's records (<dir>/.stemprint) and the folder as the
 * command names it */
static char **records, **record_of;
static size_t n_records, cap_records;

static void file_init(file *f, const char *path, char *what)
{
  f->path = sp_xstrdup(path);
  f->what = what;
  f->printer = NULL;
  f->special = false;
  f->source = false;
  /* standard output: no file, the same as another "-" alone (any of its
   * names: one stream); a device or a FIFO (--junit /dev/null, a pipe) is
   * written into, never replaced: it destroys no input */
  f->id = sp_fs_is_stdout(path) ? sp_xstrdup("-") : sp_fs_identity(path, &f->special);
}

static void file_fini(file *f)
{
  free(f->path);
  free(f->what);
  free(f->printer);
  free(f->id);
}

void sp_cli_writes_hold(bool hold)
{
  pthread_mutex_lock(&mu);
  held = hold;
  pthread_mutex_unlock(&mu);
}

void sp_cli_writes_reset(void)
{
  pthread_mutex_lock(&mu);
  if (held) {
    pthread_mutex_unlock(&mu);
    return;
  }
  for (size_t i = 0; i < n_outs; i++)
    file_fini(&outs[i]);
  for (size_t i = 0; i < n_reads; i++)
    file_fini(&reads[i]);
  free(reads);
  reads = NULL;
  sp_strmap_fini(&read_paths);
  sp_free_strings(records, n_records);
  sp_free_strings(record_of, n_records);
  records = record_of = NULL;
  n_outs = n_reads = cap_reads = n_records = cap_records = 0;
  pthread_mutex_unlock(&mu);
}

/* Note output path of option flag (by default: the option not given). */
static void add_output(const char *flag, const char *path, bool by_default)
{
  pthread_mutex_lock(&mu);
  if (n_outs < MAX_OUTPUTS) {
    out_flag[n_outs] = flag;
    out_default[n_outs] = by_default;
    file_init(&outs[n_outs++], path, NULL);
  }
  pthread_mutex_unlock(&mu);
}

void sp_cli_writes_add(const char *flag, const char *path) { add_output(flag, path, false); }

void sp_cli_writes_default(const char *flag, const char *path) { add_output(flag, path, true); }

bool sp_cli_writes_any(void)
{
  pthread_mutex_lock(&mu);
  const bool any = n_outs > 0;
  pthread_mutex_unlock(&mu);
  return any;
}

/* Note path as read (under the lock), what it is: heap, taken. */
static void add_read(const char *path, char *what)
{
  if (sp_strmap_put(&read_paths, path, n_reads) != n_reads) {
    free(what);
    return;
  }
  SP_GROW(reads, n_reads, cap_reads);
  file_init(&reads[n_reads++], path, what);
}

/* Note path as a source of recipe name (under the lock). */
static void add_source(const char *path, const char *name)
{
  const size_t before = n_reads;
  add_read(path, sp_xasprintf("a source %s reads", name));
  if (n_reads > before)
    reads[n_reads - 1].source = true;
}

void sp_cli_reads_add(const char *path, const char *what)
{
  pthread_mutex_lock(&mu);
  add_read(path, sp_xstrdup(what));
  pthread_mutex_unlock(&mu);
}

void sp_cli_prints_add(const char *path, const char *printer)
{
  char *key = sp_xasprintf("\x01%s", path); /* apart from the same path read */
  pthread_mutex_lock(&mu);
  if (sp_strmap_put(&read_paths, key, n_reads) == n_reads) {
    SP_GROW(reads, n_reads, cap_reads);
    file_init(&reads[n_reads], path, sp_xasprintf("a file the album %s prints", printer));
    reads[n_reads++].printer = sp_xstrdup(printer);
  }
  pthread_mutex_unlock(&mu);
  free(key);
}

/* Note dir as an output folder (under the lock). */
static void add_folder(const char *dir)
{
  for (size_t i = 0; i < n_records; i++)
    if (strcmp(record_of[i], dir) == 0)
      return;
  const size_t cap = cap_records;
  SP_GROW(records, n_records, cap_records);
  if (cap_records != cap)
    record_of = sp_xreallocarray(record_of, cap_records, sizeof *record_of);
  records[n_records] = sp_xasprintf("%s/" SP_RECORD_DIR, dir);
  record_of[n_records++] = sp_xstrdup(dir);
}

void sp_cli_folders_add(const char *dir)
{
  pthread_mutex_lock(&mu);
  add_folder(dir);
  pthread_mutex_unlock(&mu);
}

void sp_cli_reads_graph(const sp_graph *g, const char *session, bool written)
{
  const sp_recipe *r = sp_graph_recipe(g);
  const char *name = session ? session : r->file;
  pthread_mutex_lock(&mu);
  if (!written)
    add_read(name, sp_xstrdup(session ? "the session this command reads"
                                      : "the recipe this command reads"));
  /* the sources as the recipe names them (its regions' paths are the
   * graph's): each file of a region of several (a stereo region of two
   * mono files), and one the graph refused (missing: a report there would
   * be read as audio next time) */
  for (size_t t = 0; t < r->n_tracks; t++)
    for (size_t k = 0; k < r->tracks[t].n_regions; k++) {
      const sp_region *rg = &r->tracks[t].regions[k];
      if (rg->path)
        add_source(rg->path, name);
      for (size_t f = 0; f < rg->n_files; f++)
        if (rg->paths[f])
          add_source(rg->paths[f], name);
    }
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; n->strip && k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      for (size_t p = 0; ins->files && p < ins->cls->n_params; p++)
        if (ins->files[p])
          add_read(ins->files[p], sp_xasprintf("a file an insert of %s reads", name));
      if (ins->state_file)
        add_read(ins->state_file, sp_xasprintf("a state file an insert of %s reads", name));
      const sp_proc_saved *sv = n->ins ? n->ins[k].saved : NULL;
      for (size_t j = 0; sv && j < sv->n_files; j++)
        add_read(sv->files[j], sp_xasprintf("a file an insert of %s reads", name));
    }
  }
  size_t np = 0, na = 0;
  const char *const *prints = sp_graph_prints(g, &np);
  const char *const *adm = sp_graph_adm_prints(g, &na);
  char *stem_file = sp_stem_file_name(sp_graph_recipe(g)); /* output.stem_mp4's */
  for (size_t i = 0; i < np + na + (stem_file != NULL); i++) {
    const char *print = i < np ? prints[i] : i < np + na ? adm[i - np] : stem_file;
    if (!print) /* a name the graph refused (a graph built whatever it found) */
      continue;
    char *path = sp_xasprintf("%s/%s", sp_graph_out_dir(g), print);
    add_read(path, sp_xasprintf("a file the render of %s prints", name));
    free(path);
  }
  free(stem_file);
  add_folder(sp_graph_out_dir(g));
  pthread_mutex_unlock(&mu);
}

static bool same(const file *a, const file *b)
{
  return strcmp(a->path, b->path) == 0 ||
         (!a->special && !b->special && strcmp(a->id, b->id) == 0);
}

/* What a clash says of the file read r that a file written as path is:
 * "it is ..." (heap). */
static char *is_read(const char *path, const file *r)
{
  return strcmp(path, r->path) == 0
             ? sp_xasprintf("it is %s", r->what)
             : sp_xasprintf("it is the same file as %s, %s", r->path, r->what);
}

/* Output o over a file read, or (over_flag) one an earlier output writes:
 * the clash's message, heap. */
static char *clash_with(size_t o, const file *over, const char *over_flag)
{
  const bool same_path = strcmp(outs[o].path, over->path) == 0;
  if (over_flag && sp_fs_is_stdout(outs[o].path))
    return sp_xasprintf("--%s %s: --%s %s writes standard output too; the two documents would "
                        "run into one another: give one of them a file",
                        out_flag[o], outs[o].path, over_flag, over->path);
  if (over_flag)
    return sp_xasprintf("--%s %s: --%s writes %s too; one would replace the other: give each its "
                        "own file",
                        out_flag[o], outs[o].path, over_flag, same_path ? "it" : over->path);
  char *is = is_read(outs[o].path, over);
  if (over->source && strncmp(over->id, "place ", 6) == 0) { /* a source missing */
    char *said = sp_xasprintf("--%s %s: %s, not there yet; the report would be read as it: give "
                              "--%s another file",
                              out_flag[o], outs[o].path, is, out_flag[o]);
    free(is);
    return said;
  }
  char *said =
      out_default[o]
          ? sp_xasprintf("%s, written where --%s is not given: %s; writing it would destroy that "
                         "file: give --%s another file",
                         outs[o].path, out_flag[o], is, out_flag[o])
          : sp_xasprintf("--%s %s: %s; writing it would destroy that file: give --%s another file",
                         out_flag[o], outs[o].path, is, out_flag[o]);
  free(is);
  return said;
}

/* The output folder whose records output o is among (NULL: none). */
static const char *in_records(size_t o)
{
  for (size_t i = 0; i < n_records && !sp_fs_is_stdout(outs[o].path); i++)
    if (sp_fs_inside(outs[o].path, records[i]))
      return record_of[i];
  return NULL;
}

char **sp_cli_writes_clashes(size_t *n)
{
  pthread_mutex_lock(&mu);
  char **all = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t o = 0; o < n_outs; o++) {
    const char *of = in_records(o);
    if (of) {
      SP_GROW(all, *n, cap);
      all[(*n)++] = sp_xasprintf(
          "--%s %s: it is inside %s/" SP_RECORD_DIR "/, the output folder's records (what "
          "each render printed there, and its lock); writing it would spoil them, and the next "
          "render would leave old prints behind: give --%s a file outside " SP_RECORD_DIR "/",
          out_flag[o], outs[o].path, of, out_flag[o]);
      continue;
    }
    for (size_t i = 0; i < n_reads; i++)
      if (same(&outs[o], &reads[i])) {
        SP_GROW(all, *n, cap);
        all[(*n)++] = clash_with(o, &reads[i], NULL);
      }
    /* two outputs into one file: the later would replace the earlier (a
     * device or a FIFO, /dev/null, takes both; standard output is one document's) */
    for (size_t p = 0; p < o && !outs[o].special; p++)
      if (same(&outs[o], &outs[p])) {
        SP_GROW(all, *n, cap);
        all[(*n)++] = clash_with(o, &outs[p], out_flag[p]);
        break;
      }
  }
  pthread_mutex_unlock(&mu);
  return all;
}

char **sp_cli_prints_clashes(size_t *n)
{
  pthread_mutex_lock(&mu);
  char **all = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t p = 0; p < n_reads; p++) {
    if (!reads[p].printer)
      continue;
    for (size_t i = 0; i < n_reads; i++)
      if (!reads[i].printer && same(&reads[p], &reads[i])) {
        char *is = is_read(reads[p].path, &reads[i]);
        SP_GROW(all, *n, cap);
        all[(*n)++] = sp_xasprintf("%s: output: %s: %s; writing it would destroy that file: give "
                                   "output.dir (or the names) another place",
                                   reads[p].printer, reads[p].path, is);
        free(is);
        break; /* one clash a file */
      }
  }
  pthread_mutex_unlock(&mu);
  return all;
}

int sp_cli_writes_check(bool say, char *why, size_t why_size)
{
  size_t n;
  char **all = sp_cli_writes_clashes(&n);
  for (size_t i = 0; i < n; i++) {
    if (i == 0)
      snprintf(why, why_size, "%s", all[i]);
    if (say)
      sp_diag_line(stderr, "stemprint: error: %s", all[i]);
  }
  sp_free_strings(all, n);
  return n ? SP_ERR_USAGE : SP_OK;
}
