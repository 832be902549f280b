/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files' digests and the digest index (io/cache/digests.h).
 *
 *   open:   read every line ─► a table keyed by (device, inode); a later
 *           line for the same file replaces an earlier one
 *   lookup: stat ─► same identity? ─► its digest, nothing read
 *   miss:   read the file (1 MiB at a time) ─► digest; if its identity is
 *           the same after as before, and settled, append a line
 *   close:  more lines than entries × 2 (and over 1024)? rewrite it whole
 *           (temporary file, rename) under an exclusive lock
 *
 * Appends take the same lock shared, so a rewrite never loses a line
 * appended while it ran... except lines of processes that had the old
 * file open; those are only entries, read again next time. */

#include "io/cache/digests.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/fs/probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the index ----------------------------------------------------------- */

typedef struct entry {
  uint64_t dev, ino;
  int64_t size;
  int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
  sp_digest digest;
  bool used;
  bool fresh; /* its times had not settled: known to this process only, never written */
} entry;

struct sp_digest_index {
  char *path;
  pthread_mutex_t mu;
  entry *table; /* open addressing, cap a power of two */
  size_t cap, n;
  size_t lines; /* in the file, the header aside */
  char *note;
};

static const char header[] = "stemprint-digests 1\n";

static size_t slot_of(const sp_digest_index *ix, uint64_t dev, uint64_t ino)
{
  uint64_t h = (dev * 0x9e3779b97f4a7c15u) ^ (ino * 0xc2b2ae3d27d4eb4fu);
  h ^= h >> 29;
  return (size_t)h & (ix->cap - 1);
}

static void put(sp_digest_index *ix, const entry *e);

static void grow(sp_digest_index *ix)
{
  entry *old = ix->table;
  size_t old_cap = ix->cap;
  ix->cap = old_cap ? 2 * old_cap : 64;
  ix->table = sp_xcalloc(ix->cap, sizeof *ix->table);
  ix->n = 0;
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].used)
      put(ix, &old[i]);
  free(old);
}

static void put(sp_digest_index *ix, const entry *e)
{
  if (2 * (ix->n + 1) > ix->cap)
    grow(ix);
  size_t i = slot_of(ix, e->dev, e->ino);
  while (ix->table[i].used && !(ix->table[i].dev == e->dev && ix->table[i].ino == e->ino))
    i = (i + 1) & (ix->cap - 1);
  if (!ix->table[i].used)
    ix->n++;
  ix->table[i] = *e;
  ix->table[i].used = true;
}

static const entry *get(const sp_digest_index *ix, uint64_t dev, uint64_t ino)
{
  if (!ix->cap)
    return NULL;
  size_t i = slot_of(ix, dev, ino);
  while (ix->table[i].used) {
    if (ix->table[i].dev == dev && ix->table[i].ino == ino)
      return &ix->table[i];
    i = (i + 1) & (ix->cap - 1);
  }
  return NULL;
}

static void set_note(sp_digest_index *ix, const char *what, const char *reason)
{
  if (ix->note)
    return;
  ix->note = sp_xasprintf("the digest index %s %s (%s); sources are read to compute their "
                          "digests instead",
                          ix->path, what, reason);
}

/* An entry's line, newline included. */
static int format_entry(const entry *e, char *line, size_t size)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&e->digest, hex);
  return snprintf(line, size, "%llu %llu %lld %lld.%09lld %lld.%09lld %s\n",
                  (unsigned long long)e->dev, (unsigned long long)e->ino, (long long)e->size,
                  (long long)e->mtime_s, (long long)e->mtime_ns, (long long)e->ctime_s,
                  (long long)e->ctime_ns, hex);
}

static bool parse_entry(const char *line, entry *e)
{
  unsigned long long dev, ino;
  long long size, ms, mns, cs, cns;
  char hex[80];
  int used = 0;
  if (sscanf(line, "%llu %llu %lld %lld.%lld %lld.%lld %79s%n", &dev, &ino, &size, &ms, &mns, &cs,
             &cns, hex, &used) != 8 ||
      line[used] != '\0' || size < 0 || mns < 0 || mns > 999999999 || cns < 0 || cns > 999999999)
    return false;
  *e = (entry){.dev = dev,
               .ino = ino,
               .size = size,
               .mtime_s = ms,
               .mtime_ns = mns,
               .ctime_s = cs,
               .ctime_ns = cns};
  return sp_digest_from_hex(hex, &e->digest);
}

sp_digest_index *sp_digest_index_open(const char *path)
{
  if (!path)
    return NULL;
  sp_digest_index *ix = sp_xcalloc(1, sizeof *ix);
  ix->path = sp_xstrdup(path);
  pthread_mutex_init(&ix->mu, NULL);
  /* a regular file only, opened without waiting on a FIFO, of a bounded
   * size: /dev/zero or a pipe never hangs a render */
  struct stat st;
  char why[256];
  FILE *f = sp_fs_fopen_regular(path, "a digest index", "regular files as digest indexes", &st, why,
                                sizeof why);
  if (!f) {
    if (errno != ENOENT)
      set_note(ix, "cannot be read", why);
    return ix;
  }
  if (st.st_size > SP_DIGEST_INDEX_MAX_BYTES) {
    char limit[64];
    snprintf(limit, sizeof limit, "it is larger than %d MB; remove it to start a new one",
             SP_DIGEST_INDEX_MAX_BYTES >> 20);
    set_note(ix, "cannot be read", limit);
    fclose(f);
    return ix;
  }
  char line[256];
  bool first = true;
  while (fgets(line, sizeof line, f)) {
    size_t len = strlen(line);
    if (len == 0 || line[len - 1] != '\n')
      continue; /* a torn or overlong line */
    line[len - 1] = '\0';
    if (first) {
      first = false;
      if (strcmp(line, "stemprint-digests 1") == 0)
        continue;
      set_note(ix, "is not one", "its first line is not 'stemprint-digests 1'");
      break;
    }
    entry e;
    if (parse_entry(line, &e))
      put(ix, &e);
    ix->lines++;
  }
  fclose(f);
  return ix;
}

/* Rewrite the index with one line per entry, under an exclusive lock. */
static void compact(sp_digest_index *ix)
{
  char *lock_path = sp_xasprintf("%s.lock", ix->path);
  int lk = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  free(lock_path);
  if (lk < 0 || flock(lk, LOCK_EX | LOCK_NB) != 0) {
    if (lk >= 0)
      close(lk);
    return; /* another process holds it: the next close compacts */
  }
  /* Lines appended since we read are kept: read them again first. */
  sp_digest_index *now = sp_digest_index_open(ix->path);
  for (size_t i = 0; now && i < now->cap; i++)
    if (now->table[i].used)
      put(ix, &now->table[i]);
  sp_digest_index_close(now);
  size_t cap = ix->n * 128 + sizeof header, len = 0;
  char *text = sp_xmalloc(cap + 1);
  len += (size_t)snprintf(text, cap + 1, "%s", header);
  for (size_t i = 0; i < ix->cap; i++)
    if (ix->table[i].used && !ix->table[i].fresh)
      len += (size_t)format_entry(&ix->table[i], text + len, cap + 1 - len);
  char why[256];
  if (sp_fs_write_text(ix->path, text, why, sizeof why) == SP_OK)
    ix->lines = ix->n;
  free(text);
  close(lk);
}

void sp_digest_index_close(sp_digest_index *ix)
{
  if (!ix)
    return;
  if (!ix->note && ix->lines > 1024 && ix->lines > 2 * ix->n)
    compact(ix);
  pthread_mutex_destroy(&ix->mu);
  free(ix->table);
  free(ix->path);
  free(ix->note);
  free(ix);
}

const char *sp_digest_index_note(const sp_digest_index *ix) { return ix ? ix->note : NULL; }

char *sp_digest_index_default_path(void)
{
  const char *env = getenv("STEMPRINT_DIGEST_INDEX");
  if (env)
    return *env ? sp_xstrdup(env) : NULL;
  return sp_fs_user_cache("digests");
}

/* Append e's line to the index file (its folder made if missing). */
static void append(sp_digest_index *ix, const entry *e)
{
  char line[256];
  int len = format_entry(e, line, sizeof line);
  /* O_NONBLOCK: a FIFO put there since is never waited on */
  int fd = open(ix->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0 && errno == ENOENT) {
    char *dir = sp_fs_parent(ix->path), why[256];
    sp_fs_mkdirs(dir, why, sizeof why);
    free(dir);
    fd = open(ix->path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0 && !sp_fs_write_all(fd, header, sizeof header - 1)) {
      close(fd);
      fd = -1;
    }
    if (fd < 0 && errno == EEXIST) /* another process made it first */
      fd = open(ix->path, O_WRONLY | O_APPEND | O_CLOEXEC);
  }
  if (fd < 0) {
    set_note(ix, "cannot be written", strerror(errno));
    return;
  }
  if (!sp_fs_write_all(fd, line, (size_t)len))
    set_note(ix, "cannot be written", strerror(errno));
  else
    ix->lines++;
  close(fd);
}

static entry identity(const struct stat *st)
{
  return (entry){.dev = (uint64_t)st->st_dev,
                 .ino = (uint64_t)st->st_ino,
                 .size = (int64_t)st->st_size,
                 .mtime_s = (int64_t)st->st_mtim.tv_sec,
                 .mtime_ns = (int64_t)st->st_mtim.tv_nsec,
                 .ctime_s = (int64_t)st->st_ctim.tv_sec,
                 .ctime_ns = (int64_t)st->st_ctim.tv_nsec};
}

static bool same_identity(const entry *a, const entry *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_s == b->mtime_s &&
         a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

/* Remember e (its identity and digest); written to the index if its times
 * are settled, or own (a file this process just put in place itself, see
 * sp_digest_index_remember_own), else known to this process only: its
 * times may not tell a change made just after (see io/cache/digests.h). */
static void record(sp_digest_index *ix, const entry *e, bool own)
{
  if (!ix)
    return;
  const time_t t = time(NULL);
  entry k = *e;
  k.fresh = !own && (e->mtime_s + SP_DIGEST_SETTLED_SECONDS > t ||
                     e->ctime_s + SP_DIGEST_SETTLED_SECONDS > t);
  pthread_mutex_lock(&ix->mu);
  put(ix, &k);
  if (!k.fresh && !ix->note)
    append(ix, &k);
  pthread_mutex_unlock(&ix->mu);
}

/* Give back the descriptor a digest read: its probe's, or its own. */
static void done_with(int fd, sp_probe *p)
{
  if (p)
    sp_probe_release(p);
  else
    close(fd);
}

sp_err sp_digest_file(sp_digest_index *ix, const char *path, sp_file_digest *out, char *why,
                      size_t why_size)
{
  memset(out, 0, sizeof *out);
  /* the descriptor the file's readers share (io/fs/probe.h): a source
   * hashed for a cache key is probed and streamed without opening it
   * again; a file the table does not take is opened by the same shared
   * opener, for its words (a folder, a FIFO or a device, a missing file's
   * did-you-mean) */
  sp_probe *p = NULL;
  int fd = -1;
  struct stat st;
  char opened[1024];
  if (sp_probe_open(path, &p, NULL, 0) == SP_OK) {
    fd = sp_probe_fd(p);
    if (fstat(fd, &st) != 0) {
      snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
      done_with(fd, p);
      return SP_ERR_IO;
    }
  } else if (sp_fs_open_regular(path, "a file", "regular files", &fd, &st, opened, sizeof opened) !=
             SP_OK) {
    snprintf(why, why_size, "cannot read %s: %s", path, opened);
    return SP_ERR_IO;
  }
  entry id = identity(&st);
  out->size = id.size;
  if (ix) {
    pthread_mutex_lock(&ix->mu);
    const entry *known = get(ix, id.dev, id.ino);
    bool hit = known && same_identity(known, &id);
    if (hit)
      out->digest = known->digest;
    const bool promote = hit && known->fresh;
    pthread_mutex_unlock(&ix->mu);
    if (promote) { /* written to the index once its times have settled */
      id.digest = out->digest;
      record(ix, &id, false);
    }
    if (hit) {
      out->from_index = true;
      done_with(fd, p);
      return SP_OK;
    }
  }
  uint64_t total = 0;
  if (!sp_fs_digest_fd(fd, &out->digest, &total)) {
    snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
    done_with(fd, p);
    return SP_ERR_IO;
  }
  struct stat after;
  const bool changed = fstat(fd, &after) != 0 || total != (uint64_t)id.size;
  done_with(fd, p);
  entry now = identity(&after);
  if (changed || !same_identity(&id, &now)) {
    snprintf(why, why_size, "%s changed while it was read; run again once it is written", path);
    return SP_ERR_IO;
  }
  id.digest = out->digest;
  record(ix, &id, false);
  return SP_OK;
}

/* A folder's digest as its walk goes (sp_fs_folder_walk): each folder
 * entered so far and not left, its hasher and its size. */
typedef struct folder_digest {
  sp_digest_index *ix;
  struct {
    sp_hasher *h;
    int64_t size;
  } open[SP_FS_FOLDER_DEPTH + 1];
  int n;
  sp_file_digest out;
} folder_digest;

/* Each entry of a folder is its name and its digest, in the walk's
 * order: a file's (sp_digest_file: links followed), a folder's of its
 * entries so; its size their sizes'. */
static sp_err digest_entry(void *ctx, sp_fs_step step, const char *path, const char *name,
                           char *why, size_t why_size)
{
  folder_digest *f = ctx;
  sp_file_digest d = {0};
  if (step == SP_FS_ENTER) {
    f->open[f->n].h = sp_hasher_new();
    f->open[f->n++].size = 0;
    return SP_OK;
  }
  if (step == SP_FS_LEAVE) {
    f->n--;
    sp_hasher_end(f->open[f->n].h, &d.digest);
    d.size = f->open[f->n].size;
  } else if (sp_digest_file(f->ix, path, &d, why, why_size) != SP_OK) {
    return SP_ERR_IO;
  }
  if (f->n == 0) { /* the folder walked */
    f->out = d;
    return SP_OK;
  }
  sp_hasher_add(f->open[f->n - 1].h, name, strlen(name) + 1);
  sp_hasher_add(f->open[f->n - 1].h, d.digest.b, sizeof d.digest.b);
  f->open[f->n - 1].size += d.size;
  return SP_OK;
}

sp_err sp_digest_index_file(void *index, const char *path, sp_file_digest *out, char *why,
                            size_t why_size)
{
  /* a folder (an LV2 state a host saved in a folder of its own: its
   * state.ttl, its manifest, the files the plugin keeps beside them) is
   * an input of every file it holds */
  struct stat st;
  if (!(stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
    return sp_digest_file(index, path, out, why, why_size);
  folder_digest f = {.ix = index};
  const sp_err err = sp_fs_folder_walk(path, digest_entry, &f, why, why_size);
  while (f.n > 0) /* the folders a refusal left open */
    sp_hasher_end(f.open[--f.n].h, &f.out.digest);
  *out = err == SP_OK ? f.out : (sp_file_digest){0};
  return err;
}

void sp_digest_index_remember_own(sp_digest_index *ix, const char *path, const sp_digest *d)
{
  struct stat st;
  if (!ix || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return;
  entry e = identity(&st);
  e.digest = *d;
  record(ix, &e, true);
}

bool sp_digest_index_vouches(sp_digest_index *ix, const char *path, const sp_digest *d,
                             int64_t size)
{
  struct stat st;
  if (!ix || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (int64_t)st.st_size != size)
    return false;
  entry id = identity(&st);
  pthread_mutex_lock(&ix->mu);
  const entry *known = get(ix, id.dev, id.ino);
  bool yes = known && same_identity(known, &id) && memcmp(known->digest.b, d->b, sizeof d->b) == 0;
  pthread_mutex_unlock(&ix->mu);
  return yes;
}

void sp_digest_index_remember(sp_digest_index *ix, int fd, const struct stat *before,
                              const sp_digest *d)
{
  struct stat now;
  if (!ix || fstat(fd, &now) != 0)
    return;
  entry a = identity(before), b = identity(&now);
  if (!same_identity(&a, &b))
    return;
  a.digest = *d;
  record(ix, &a, false);
}
