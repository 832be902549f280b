/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of files opened for reading (io/fs/probe.h): a list of
 * entries under one mutex, looked up by the key stat gives a path. An
 * entry is held by its readers (refs); one none holds is idle, kept open
 * for the next reader of the file until more than `idle_most` are idle,
 * when the least recently released is closed. What is learnt of a file
 * (the ADM sniff, a reader's facts) is written once under the mutex and
 * never changes after: a reader copies it out. */

#include "io/fs/probe.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

enum { HEAD = 4096 };

struct sp_probe {
  struct stat st; /* as opened: the key is its device, inode, size, mtime and ctime */
  int fd;
  size_t refs;
  uint64_t released; /* when it was last released (a tick of the table's) */
  /* what was learnt, by kind, in place (no allocation of its own: a
   * fuzzer counts a process's allocations and frees run by run) */
  size_t facts_size[SP_PROBE_KINDS]; /* 0: not learnt */
  unsigned char facts[SP_PROBE_KINDS][SP_PROBE_FACTS_MAX];
  bool stale; /* its file changed: found no more, closed once idle */
  /* the file's first bytes when opened: a file rewritten in place within
   * the clock's tick (file times move in steps of a few milliseconds) at
   * the same size has the same key, but not the same header */
  size_t n_head;
  unsigned char head[HEAD];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sp_probe **table;
static size_t n_table, cap_table, n_idle;
static uint64_t tick;
static size_t looked; /* where let_go_deleted looks next */

/* Idle descriptors kept: an eighth of what the process may hold open,
 * between 8 and 256 (a session's sources are opened and read by the
 * render itself, which counts on the rest). */
static size_t idle_most(void)
{
  static size_t most;
  if (!most) {
    struct rlimit rl;
    rlim_t n = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur / 8 : 8;
    most = n < 8 ? 8 : n > 256 ? 256 : (size_t)n;
  }
  return most;
}

static bool same_key(const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Close and forget entry i, idle (under the lock). */
static void drop(size_t i)
{
  sp_probe *p = table[i];
  close(p->fd);
  free(p);
  table[i] = table[--n_table];
  n_idle--;
}

/* The entry for st, held once more (under the lock); NULL when none. An
 * entry of the same file (device and inode) under another key is of a
 * file since changed: stale, and closed when idle. */
static sp_probe *find(const struct stat *st)
{
  sp_probe *found = NULL;
  for (size_t i = 0; i < n_table;) {
    sp_probe *p = table[i];
    if (p->st.st_dev != st->st_dev || p->st.st_ino != st->st_ino || p->stale) {
      i++;
    } else if (same_key(&p->st, st)) {
      if (p->refs++ == 0)
        n_idle--;
      found = p;
      i++;
    } else if (p->refs == 0) {
      drop(i); /* the last entry moved into i */
    } else {
      p->stale = true;
      i++;
    }
  }
  return found;
}

/* Close the least recently released idle entries until at most `keep`
 * are idle (under the lock). */
static void trim(size_t keep)
{
  while (n_idle > keep) {
    size_t oldest = n_table;
    for (size_t i = 0; i < n_table; i++)
      if (table[i]->refs == 0 &&
          (oldest == n_table || table[i]->released < table[oldest]->released))
        oldest = i;
    drop(oldest);
  }
}

/* Close the idle entries whose files were deleted (or replaced by a
 * rename), which no one can open by a name again (under the lock): asked
 * when a file is added, of the next LOOKED entries in turn: each is looked
 * at once in every n/8 files added (n the table's entries, the held and
 * at most 256 idle), and a file added costs 8 fstat calls, not one an
 * idle entry (a session of 40,000 files spent 4.3 s of its check's 6.8 s
 * in them). */
enum { LOOKED = 8 };
static void let_go_deleted(void)
{
  for (size_t k = 0; k < LOOKED && n_table > 0 && n_idle > 0; k++) {
    const size_t i = looked++ % n_table;
    struct stat now;
    if (table[i]->refs == 0 && (fstat(table[i]->fd, &now) != 0 || now.st_nlink == 0))
      drop(i); /* the last entry moved into i, looked at in its turn */
  }
}

/* Give back a hold on p (under the lock): idle once none holds it, and
 * closed at once when its file changed or was deleted (a discarded print,
 * a fuzzer's input): no one reads it again, and its space is given back. */
static void unhold(sp_probe *p)
{
  if (--p->refs > 0)
    return;
  n_idle++;
  p->released = ++tick;
  struct stat now;
  if (p->stale || fstat(p->fd, &now) != 0 || now.st_nlink == 0) {
    for (size_t i = 0; i < n_table; i++)
      if (table[i] == p) {
        drop(i);
        break;
      }
  } else {
    trim(idle_most());
  }
}

/* Whether p's file begins as it did when opened (its descriptor is the
 * file's, so what it reads now is what the name holds). */
static bool head_kept(const sp_probe *p)
{
  unsigned char now[HEAD];
  return pread(p->fd, now, p->n_head, 0) == (ssize_t)p->n_head &&
         memcmp(now, p->head, p->n_head) == 0;
}

/* path opened read-only if it is a regular file, else -1 with why; a
 * process out of descriptors lets its idle ones go first. */
static int open_regular(const char *path, struct stat *st, char *why, size_t why_size)
{
  int fd;
  if (sp_fs_open_regular(path, "an audio file", "audio files", &fd, st, why, why_size) != SP_OK &&
      (errno == EMFILE || errno == ENFILE)) {
    pthread_mutex_lock(&lock);
    trim(0); /* the idle descriptors first */
    pthread_mutex_unlock(&lock);
    sp_fs_open_regular(path, "an audio file", "audio files", &fd, st, why, why_size);
  }
  return fd;
}

/* A new entry for fd, the file st, whose first bytes are head (under the
 * lock); held refs times (0: idle). */
static sp_probe *insert(int fd, const struct stat *st, const unsigned char *head, size_t n_head,
                        size_t refs)
{
  let_go_deleted();
  sp_probe *p = sp_xcalloc(1, sizeof *p);
  p->st = *st;
  p->fd = fd;
  p->refs = refs;
  p->n_head = n_head;
  memcpy(p->head, head, n_head);
  if (n_table == cap_table) {
    cap_table = cap_table ? 2 * cap_table : 64;
    table = sp_xrealloc(table, cap_table * sizeof *table);
  }
  table[n_table++] = p;
  if (refs == 0) {
    n_idle++;
    p->released = ++tick;
    trim(idle_most());
  }
  return p;
}

sp_err sp_probe_open(const char *path, sp_probe **out, char *why, size_t why_size)
{
  *out = NULL;
  /* What is at path, links followed: only a regular file is read. */
  struct stat st;
  if (sp_fs_stat_regular(path, "an audio file", "audio files", &st, why, why_size) != SP_OK)
    return SP_ERR_IO;
  pthread_mutex_lock(&lock);
  sp_probe *p = find(&st);
  pthread_mutex_unlock(&lock);
  if (p) {
    if (head_kept(p)) {
      *out = p;
      return SP_OK;
    }
    pthread_mutex_lock(&lock);
    p->stale = true;
    unhold(p);
    pthread_mutex_unlock(&lock);
  }
  const int fd = open_regular(path, &st, why, why_size);
  if (fd < 0)
    return SP_ERR_IO;
  unsigned char head[HEAD];
  const ssize_t got = pread(fd, head, HEAD, 0);
  const size_t n_head = got > 0 ? (size_t)got : 0;
  pthread_mutex_lock(&lock);
  if ((p = find(&st)) != NULL) {
    if (p->n_head == n_head && memcmp(p->head, head, n_head) == 0) {
      pthread_mutex_unlock(&lock); /* another thread opened it meanwhile */
      close(fd);
      *out = p;
      return SP_OK;
    }
    p->stale = true;
    unhold(p);
  }
  p = insert(fd, &st, head, n_head, 1);
  pthread_mutex_unlock(&lock);
  *out = p;
  return SP_OK;
}

void sp_probe_release(sp_probe *p)
{
  if (!p)
    return;
  pthread_mutex_lock(&lock);
  unhold(p);
  pthread_mutex_unlock(&lock);
}

void sp_probe_close_idle(void)
{
  pthread_mutex_lock(&lock);
  trim(0);
  if (n_table == 0) {
    free(table);
    table = NULL;
    cap_table = 0;
  }
  pthread_mutex_unlock(&lock);
}

void sp_probe_adopt(int fd)
{
  struct stat st;
  unsigned char head[HEAD];
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return;
  }
  const ssize_t got = pread(fd, head, HEAD, 0);
  pthread_mutex_lock(&lock);
  sp_probe *p = find(&st);
  if (p)
    unhold(p); /* known already (a file just written is not, but the key says so) */
  else
    insert(fd, &st, head, got > 0 ? (size_t)got : 0, 0);
  pthread_mutex_unlock(&lock);
  if (p)
    close(fd);
}

int sp_probe_fd(const sp_probe *p) { return p->fd; }

const struct stat *sp_probe_stat(const sp_probe *p) { return &p->st; }

bool sp_probe_facts(sp_probe *p, sp_probe_kind kind, void *facts, size_t size)
{
  pthread_mutex_lock(&lock);
  const bool known = p->facts_size[kind] == size;
  if (known)
    memcpy(facts, p->facts[kind], size);
  pthread_mutex_unlock(&lock);
  return known;
}

void sp_probe_learnt(sp_probe *p, sp_probe_kind kind, const void *facts, size_t size)
{
  pthread_mutex_lock(&lock);
  if (!p->facts_size[kind] && size > 0 && size <= SP_PROBE_FACTS_MAX) {
    memcpy(p->facts[kind], facts, size);
    p->facts_size[kind] = size;
  }
  pthread_mutex_unlock(&lock);
}
