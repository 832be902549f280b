/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File-system helpers. */

/* copy_file_range(2) */
#define _GNU_SOURCE

#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"
#include "core/base/digest.h"
#include "core/base/diag.h"
#include "core/base/strmap.h"

#include <dirent.h>
#include <errno.h>
#include <ctype.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static mode_t start_umask;

void sp_fs_read_umask(void)
{
  start_umask = umask(0);
  umask(start_umask);
}

/* Runs before main, when no other thread exists yet (with a priority, as
 * every constructor of the libraries: before any without one). */
__attribute__((constructor(101))) static void read_umask(void)
{
  sp_fs_read_umask();
}

mode_t sp_fs_file_mode(void) { return 0666 & ~start_umask; }

mode_t sp_fs_folder_mode(void) { return 0777 & ~start_umask; }

/* The length of name's stem: up to its last dot ("band" of "band.mid"),
 * all of it without one or when the dot leads (".hidden"). */
static size_t stem_len(const char *name)
{
  const char *dot = strrchr(name, '.');
  return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

/* The entry of folder dir that name most likely meant: the same but for
 * case, else a close spelling, else the one entry of the same stem, case
 * aside, where the extension is what was missed or mistaken ("band" or
 * "band.midi" for "band.mid", "bass.aif" for "bass.wav"); heap, NULL when
 * none (or dir is unreadable). */
static char *near_entry(const char *dir, const char *name)
{
  DIR *d = opendir(*dir ? dir : ".");
  if (!d)
    return NULL;
  char **names = NULL;
  size_t n = 0, cap = 0;
  char *found = NULL;
  for (struct dirent *e; (e = readdir(d)) && n < 4096;) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    if (!found && strcasecmp(e->d_name, name) == 0)
      found = sp_xstrdup(e->d_name);
    SP_GROW(names, n, cap);
    names[n++] = sp_xstrdup(e->d_name);
  }
  closedir(d);
  if (!found) {
    const char *near = sp_suggest(name, (const char *const *)names, n);
    found = near ? sp_xstrdup(near) : NULL;
  }
  const size_t stem = stem_len(name);
  for (size_t i = 0; !found && stem && i < n; i++) {
    if (stem_len(names[i]) != stem || strncasecmp(names[i], name, stem) != 0)
      continue;
    size_t same = 0; /* only one such entry: "bass.wav" and "bass.flac" are not guessed between */
    for (size_t k = 0; k < n; k++)
      same += stem_len(names[k]) == stem && strncasecmp(names[k], name, stem) == 0;
    if (same == 1)
      found = sp_xstrdup(names[i]);
    break;
  }
  sp_free_strings(names, n);
  return found;
}

char *sp_fs_near_path(const char *path)
{
  size_t len = strlen(path);
  if (len == 0 || len >= PATH_MAX)
    return NULL;
  /* out grows component by component: each that does not exist is replaced */
  char *out = sp_xcalloc(PATH_MAX + 1, 1);
  const char *s = path;
  size_t o = 0;
  bool changed = false;
  if (*s == '/')
    out[o++] = *s++;
  while (*s) {
    size_t k = strcspn(s, "/");
    char *part = sp_xasprintf("%.*s", (int)k, s);
    size_t dir_len = o;
    if (o + k + 1 >= PATH_MAX) {
      free(part);
      break;
    }
    memcpy(out + o, part, k + 1);
    struct stat st;
    if (strcmp(part, ".") && strcmp(part, "..") && lstat(out, &st) != 0) {
      out[dir_len] = '\0';
      char *dir = sp_xasprintf("%s", dir_len ? out : ".");
      char *near = near_entry(dir, part);
      free(dir);
      if (!near || dir_len + strlen(near) + 1 >= PATH_MAX) {
        free(near);
        free(part);
        free(out);
        return NULL;
      }
      memcpy(out + dir_len, near, strlen(near) + 1);
      free(near);
      changed = true;
    }
    free(part);
    o = strlen(out);
    s += k;
    while (*s == '/') {
      out[o++] = '/';
      s++;
    }
    out[o] = '\0';
  }
  struct stat st;
  if (!changed || stat(out, &st) != 0) {
    free(out);
    return NULL;
  }
  return out;
}

const char *sp_fs_errno_words(int e)
{
  if (e == ELOOP)
    return "it is a loop of symbolic links (ELOOP: following them never reaches a file); point "
           "the link at the file itself";
  return strerror(e);
}

/* The watch (sp_fs_watch_begin): each path's first identity, while on. */
static struct {
  pthread_mutex_t mu;
  int on;       /* renders watching */
  sp_strmap at; /* path -> its index in first */
  struct stat *first;
  size_t n, cap;
} watch = {.mu = PTHREAD_MUTEX_INITIALIZER};

void sp_fs_watch_begin(void)
{
  pthread_mutex_lock(&watch.mu);
  watch.on++;
  pthread_mutex_unlock(&watch.mu);
}

void sp_fs_watch_end(void)
{
  pthread_mutex_lock(&watch.mu);
  if (--watch.on == 0) {
    sp_strmap_fini(&watch.at);
    free(watch.first);
    watch.first = NULL;
    watch.n = watch.cap = 0;
  }
  pthread_mutex_unlock(&watch.mu);
}

/* A regular file at path as st shows it, noted the first time. */
static void watch_note(const char *path, const struct stat *st)
{
  pthread_mutex_lock(&watch.mu);
  if (watch.on > 0 && !sp_strmap_get(&watch.at, path, NULL)) {
    SP_GROW(watch.first, watch.n, watch.cap);
    watch.first[watch.n] = *st;
    sp_strmap_put(&watch.at, path, watch.n++);
  }
  pthread_mutex_unlock(&watch.mu);
}

bool sp_fs_watch_first(const char *path, struct stat *st)
{
  pthread_mutex_lock(&watch.mu);
  size_t i = 0;
  const bool noted = watch.on > 0 && sp_strmap_get(&watch.at, path, &i);
  if (noted)
    *st = watch.first[i];
  pthread_mutex_unlock(&watch.mu);
  return noted;
}

/* Whether the file whose stat is st (stated: stat succeeded, else errno
 * e says why) is a regular file; else why, as sp_fs_open_regular says. */
static sp_err regular(const char *path, bool stated, int e, const struct stat *st, const char *what,
                      const char *reads, char *why, size_t why_size)
{
  if (!stated) {
    char *near = e == ENOENT ? sp_fs_near_path(path) : NULL;
    char *at = e == ENOENT && path[0] != '/' ? sp_fs_place(path) : NULL;
    if (near)
      snprintf(why, why_size, "%s; did you mean '%s'?", strerror(e), near);
    else if (at) /* where a relative path was looked for */
      snprintf(why, why_size, "%s (nothing at %s); check the path", strerror(e), at);
    else if (e == ENOENT)
      snprintf(why, why_size, "%s; check the path", strerror(e));
    else
      snprintf(why, why_size, "%s", sp_fs_errno_words(e));
    free(at);
    free(near);
  } else if (S_ISDIR(st->st_mode)) {
    snprintf(why, why_size, "it is a folder, not %s", what);
  } else if (!S_ISREG(st->st_mode)) {
    snprintf(why, why_size,
             "it is not a regular file (a FIFO, a device or a socket); stemprint reads %s only",
             reads);
  } else {
    watch_note(path, st);
    return SP_OK;
  }
  errno = e;
  return SP_ERR_IO;
}

sp_err sp_fs_stat_regular(const char *path, const char *what, const char *reads, struct stat *st,
                          char *why, size_t why_size)
{
  const bool stated = stat(path, st) == 0;
  return regular(path, stated, stated ? 0 : errno, st, what, reads, why, why_size);
}

/* sp_fs_open_regular, and with streams a named pipe or a character
 * device too (sp_fs_fopen_input). */
static sp_err open_checked(const char *path, const char *what, const char *reads, bool streams,
                           int *fd, struct stat *st, char *why, size_t why_size)
{
  /* O_NONBLOCK: a FIFO opens at once (no writer), and is refused below,
   * or read as it comes where streams are */
  *fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (*fd < 0) { /* one that is there and of no kind it opens (a socket) said as that kind */
    const int e = errno;
    const bool kind = e != ENOENT && stat(path, st) == 0 && !S_ISREG(st->st_mode);
    return regular(path, kind, e, st, what, reads, why, why_size);
  }
  const bool stated = fstat(*fd, st) == 0;
  const int e = stated ? 0 : errno;
  const bool stream = streams && stated && (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode));
  if ((stream || regular(path, stated, e, st, what, reads, why, why_size) == SP_OK) &&
      fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) == 0)
    return SP_OK;
  close(*fd);
  *fd = -1;
  errno = e ? e : EINVAL;
  return SP_ERR_IO;
}

sp_err sp_fs_open_regular(const char *path, const char *what, const char *reads, int *fd,
                          struct stat *st, char *why, size_t why_size)
{
  return open_checked(path, what, reads, false, fd, st, why, why_size);
}

/* fd as a stream for reading; NULL (fd closed) with fdopen's reason. */
static FILE *stream_of(int fd, char *why, size_t why_size)
{
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    const int e = errno;
    snprintf(why, why_size, "%s", strerror(e));
    close(fd);
    errno = e;
  }
  return f;
}

FILE *sp_fs_fopen_regular(const char *path, const char *what, const char *reads, struct stat *st,
                          char *why, size_t why_size)
{
  int fd;
  if (open_checked(path, what, reads, false, &fd, st, why, why_size) != SP_OK)
    return NULL;
  return stream_of(fd, why, why_size);
}

FILE *sp_fs_fopen_input(const char *path, const char *what, const char *reads, struct stat *st,
                        char *why, size_t why_size)
{
  int fd;
  if (open_checked(path, what, reads, true, &fd, st, why, why_size) != SP_OK)
    return NULL;
  return stream_of(fd, why, why_size);
}

sp_err sp_fs_mkdirs(const char *dir, char *why, size_t why_size)
{
  char *p = sp_xstrdup(dir);
  sp_err err = SP_OK;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s != '\0')
      continue;
    char saved = *s;
    *s = '\0';
    struct stat st;
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      snprintf(why, why_size, "cannot create folder '%s': %s", p, strerror(errno));
      err = SP_ERR_IO;
    } else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
      snprintf(why, why_size, "cannot create folder '%s': a file of that name is in the way", p);
      err = SP_ERR_IO;
    }
    *s = saved;
    if (err != SP_OK || saved == '\0')
      break;
  }
  free(p);
  return err;
}

char *sp_fs_first_missing(const char *dir)
{
  struct stat st;
  if (stat(dir, &st) == 0)
    return NULL;
  char *p = sp_xstrdup(dir), *missing = sp_xstrdup(dir);
  for (;;) {
    char *slash = strrchr(p, '/');
    if (!slash || slash == p)
      break;
    *slash = '\0';
    if (stat(p, &st) == 0)
      break;
    free(missing);
    missing = sp_xstrdup(p);
  }
  free(p);
  return missing;
}

void sp_fs_rmdirs_empty(const char *dir, const char *top)
{
  char *p = sp_xstrdup(dir);
  const size_t top_len = strlen(top);
  while (strlen(p) >= top_len && rmdir(p) == 0 && strlen(p) > top_len) {
    char *slash = strrchr(p, '/');
    if (!slash)
      break;
    *slash = '\0';
  }
  free(p);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  (void)sb;
  (void)ftw;
  if (flag == FTW_DP)
    rmdir(path);
  else
    unlink(path);
  return 0; /* what cannot be removed stays; the rest goes */
}

void sp_fs_remove_tree(const char *dir) { nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

bool sp_fs_write_all(int fd, const void *buf, size_t n)
{
  const char *p = buf;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, p + done, n - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      if (w == 0)
        errno = EIO;
      return false;
    }
    done += (size_t)w;
  }
  return true;
}

size_t sp_fs_pread(int fd, void *buf, size_t n, uint64_t at)
{
  size_t got = 0;
  while (got < n) {
    const ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(at + got));
    if (k == 0)
      errno = 0;
    if (k <= 0 && !(k < 0 && errno == EINTR))
      break;
    got += k > 0 ? (size_t)k : 0;
  }
  return got;
}

bool sp_fs_digest_fd(int fd, sp_digest *out, uint64_t *size)
{
  enum { CHUNK = 1 << 20 };
  unsigned char *buf = sp_xmalloc(CHUNK);
  sp_hasher *h = sp_hasher_new();
  uint64_t total = 0;
  bool ok = true;
  for (size_t got = CHUNK; got == CHUNK && ok; total += got) {
    got = sp_fs_pread(fd, buf, CHUNK, total);
    ok = got == CHUNK || errno == 0;
    sp_hasher_add(h, buf, got);
  }
  sp_hasher_end(h, out);
  free(buf);
  *size = total;
  return ok;
}

bool sp_fs_copy_range(int in, uint64_t at, int out, uint64_t n)
{
  /* in the kernel while it can; through a buffer where it cannot: across
   * file systems (EXDEV on kernels before 5.3 and again, between file
   * systems of different kinds, from 5.19), on a file system or a kernel
   * without it */
  bool kernel = true;
  char *buf = NULL;
  enum { CHUNK = 1 << 20 };
  while (n > 0) {
    if (kernel) {
      off_t from = (off_t)at;
      const size_t want = n > (1u << 30) ? 1u << 30 : (size_t)n;
      const ssize_t k = copy_file_range(in, &from, out, NULL, want, 0);
      if (k > 0) {
        at += (uint64_t)k;
        n -= (uint64_t)k;
        continue;
      }
      if (k < 0 && errno == EINTR)
        continue;
      if (k == 0) {
        errno = 0; /* the source ended short */
        break;
      }
      if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP &&
          errno != EBADF && errno != EPERM)
        break;
      kernel = false;
      buf = sp_xmalloc(CHUNK);
    }
    const size_t want = n > CHUNK ? CHUNK : (size_t)n;
    const size_t got = sp_fs_pread(in, buf, want, at);
    if (got > 0 && !sp_fs_write_all(out, buf, got))
      break;
    at += got;
    n -= got;
    if (got < want)
      break; /* errno: 0 at the end of the source, else the read's reason */
  }
  const int e = errno;
  free(buf);
  errno = e;
  return n == 0;
}

void sp_fs_mark_used(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0 || time(NULL) - st.st_atime < SP_FS_USED_STEP_SECONDS)
    return;
  const struct timespec now_atime[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  utimensat(AT_FDCWD, path, now_atime, 0);
}

#define TEMP_MARK ".stemprint-tmp-"

/* This host's name as 8 hex digits (FNV-1a), computed once for every
 * thread. */
static unsigned hash;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void hash_host(void)
{
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  uint32_t h = 2166136261u;
  for (const char *c = host; *c; c++)
    h = (h ^ (unsigned char)*c) * 16777619u;
  hash = h;
}

static unsigned host_hash(void)
{
  pthread_once(&hash_once, hash_host);
  return hash;
}

char *sp_fs_temp_template(const char *path)
{
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  int dir_len = slash ? (int)(slash - path + 1) : 0;
  /* the name's head alone where the whole would not fit a folder's entry
   * (255 bytes): a print's name may take them all, and its temporary
   * file's must be made too (cut where a UTF-8 character begins) */
  char tail[64];
  const int n_tail =
      snprintf(tail, sizeof tail, TEMP_MARK "%08x-%ld-XXXXXX", host_hash(), (long)getpid());
  size_t keep = strlen(name);
  if (1 + keep + (size_t)n_tail > SP_FS_NAME_MAX) {
    keep = SP_FS_NAME_MAX - 1 - (size_t)n_tail;
    while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80)
      keep--;
  }
  return sp_xasprintf("%.*s.%.*s%s", dir_len, path, (int)keep, name, tail);
}

/* The name libFLAC gives the copy it writes a FLAC's metadata through
 * (FLAC__metadata_chain_write, where the tags do not fit the padding):
 * the file's own name and this, beside it (io/audio/tagfile.c tags a
 * temporary file so). */
#define FLAC_EDIT ".metadata_edit"

/* Whether name is a temporary file's of a stemprint process (its host's
 * hash and its id into *host and *pid). */
static bool temp_of(const char *name, unsigned *host, long *pid)
{
  /* the last mark: a temporary written whole beside a temporary (a
   * tagged MP3's, sp_fs_write_joined) is named after it, its own mark last */
  const char *mark = NULL;
  for (const char *m = name[0] == '.' ? strstr(name, TEMP_MARK) : NULL; m;
       m = strstr(m + 1, TEMP_MARK))
    mark = m;
  int used = 0;
  if (!mark || sscanf(mark + strlen(TEMP_MARK), "%8x-%ld-%n", host, pid, &used) != 2 || used == 0 ||
      *pid <= 0)
    return false;
  const char *rest = mark + strlen(TEMP_MARK) + used;
  return strlen(rest) == 6 ||
         (strlen(rest) == 6 + strlen(FLAC_EDIT) && strcmp(rest + 6, FLAC_EDIT) == 0);
}

bool sp_fs_temp_is_stale(const char *name)
{
  unsigned host;
  long pid;
  return temp_of(name, &host, &pid) && host == host_hash() && kill((pid_t)pid, 0) != 0 &&
         errno == ESRCH;
}

bool sp_fs_temp_is_abandoned(const char *dir, const char *name)
{
  unsigned host;
  long pid;
  if (!temp_of(name, &host, &pid))
    return false;
  if (host == host_hash())
    return sp_fs_temp_is_stale(name);
  char *p = sp_xasprintf("%s/%s", dir, name);
  struct stat st;
  const time_t now = time(NULL);
  /* its modification time alone: a CI cache restored from an archive
   * gives its files their old one back, and a change time of now */
  const bool old =
      lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime + SP_FS_TEMP_ABANDONED_S < now;
  free(p);
  return old;
}

/* What a stop takes away: each a kind ('f' a file, 'd' a folder) and a
 * path, in a slot a signal handler reads without a lock. */
enum { HELD = 64 };
static char *_Atomic held[HELD];

static void hold(const char *path, char kind)
{
  char *copy = sp_xasprintf("%c%s", kind, path);
  for (size_t i = 0; i < HELD; i++) {
    char *none = NULL;
    if (atomic_compare_exchange_strong(&held[i], &none, copy))
      return;
  }
  free(copy); /* (beyond: the next sweep's) */
}

void sp_fs_hold(const char *path) { hold(path, 'f'); }
void sp_fs_hold_folder(const char *path) { hold(path, 'd'); }

void sp_fs_let_go(const char *path)
{
  for (size_t i = 0; path && i < HELD; i++) {
    char *p = atomic_load(&held[i]);
    if (p && strcmp(p + 1, path) == 0 && atomic_compare_exchange_strong(&held[i], &p, NULL)) {
      free(p);
      return;
    }
  }
}

void sp_fs_remove_held(void)
{
  /* the files, then the folders, the last held first (a deeper one) */
  for (int folders = 0; folders < 2; folders++)
    for (size_t i = HELD; i-- > 0;) {
      const char *p = atomic_load(&held[i]);
      if (p && p[0] == (folders ? 'd' : 'f'))
        (void)(folders ? rmdir(p + 1) : unlink(p + 1));
    }
}

size_t sp_fs_remove_stale_temps(const char *dir, const char *of)
{
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  char *head = of ? sp_xasprintf(".%s" TEMP_MARK, of) : NULL;
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if ((head && strncmp(e->d_name, head, strlen(head)) != 0) ||
        !sp_fs_temp_is_abandoned(dir, e->d_name))
      continue;
    char *p = sp_xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    n += lstat(p, &st) == 0 && S_ISREG(st.st_mode) && unlink(p) == 0;
    free(p);
  }
  closedir(d);
  free(head);
  return n;
}

/* The descriptor a path names as written (/dev/stderr, /dev/fd/N,
 * /proc/self/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N of this
 * process); -1 for any other. */
static int descriptor_spelled(const char *path)
{
  static const char *const std[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
  for (int k = 0; k < 3; k++)
    if (strcmp(path, std[k]) == 0)
      return k;
  char own[40];
  snprintf(own, sizeof own, "/proc/%ld/fd/", (long)getpid());
  static const char *const dirs[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"};
  const char *n = strncmp(path, own, strlen(own)) == 0 ? path + strlen(own) : NULL;
  for (int k = 0; !n && k < 3; k++)
    if (strncmp(path, dirs[k], strlen(dirs[k])) == 0)
      n = path + strlen(dirs[k]);
  if (!n || !isdigit((unsigned char)*n) || strlen(n) > 6 || strspn(n, "0123456789") != strlen(n))
    return -1;
  return atoi(n);
}

/* The descriptor a path names, however it is spelled (/dev/./stderr, a
 * link of the user's to /proc/self/fd/2): the command's own, whatever file
 * it is open on; -1 for any other path. Its folder resolved, then each
 * link it is followed one at a time, each name tried as written. */
static int descriptor_named(const char *path)
{
  int fd = descriptor_spelled(path);
  char cur[PATH_MAX];
  if (fd >= 0 || strlen(path) >= sizeof cur)
    return fd;
  snprintf(cur, sizeof cur, "%s", path);
  for (int hops = 0; hops < 8; hops++) {
    const char *slash = strrchr(cur, '/'), *base = slash ? slash + 1 : cur;
    char dir[PATH_MAX], real[PATH_MAX], full[2 * PATH_MAX], target[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - cur) + (slash == cur) : 1,
             slash ? cur : ".");
    struct stat st;
    if (!realpath(dir, real))
      return -1;
    snprintf(full, sizeof full, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
    if ((fd = descriptor_spelled(full)) >= 0)
      return fd;
    const ssize_t k = lstat(full, &st) == 0 && S_ISLNK(st.st_mode)
                          ? readlink(full, target, sizeof target - 1)
                          : -1;
    if (k < 0)
      return -1;
    target[k] = '\0';
    if (target[0] == '/')
      snprintf(cur, sizeof cur, "%s", target);
    else if (snprintf(cur, sizeof cur, "%s/%s", real, target) >= (int)sizeof cur)
      return -1;
    if ((fd = descriptor_spelled(cur)) >= 0)
      return fd;
  }
  return -1;
}

/* The descriptors the command was given (open when it started:
 * sp_fs_note_given), of the first 1024; before that is noted, any. */
static uint64_t given[16];
static bool noted;

void sp_fs_note_given(void)
{
  for (int fd = 0; fd < 1024; fd++)
    if (fcntl(fd, F_GETFD) >= 0)
      given[fd / 64] |= 1ull << (fd % 64);
  noted = true;
}

static bool was_given(int fd)
{
  return !noted || fd <= 2 || (fd < 1024 && (given[fd / 64] >> (fd % 64) & 1));
}

bool sp_fs_is_special(const char *path)
{
  struct stat st;
  /* a descriptor's name, even one open on a file (2>log): replacing
   * /dev/stderr's link with a file would break the machine's */
  return descriptor_named(path) >= 0 ||
         (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
}

static FILE *std_out; /* where "-" goes: NULL, stdout */

bool sp_fs_is_stdout(const char *path)
{
  /* /dev/stdout, /dev/fd/1 and /proc/self/fd/1 too: opened, they would be file descriptor 1,
   * which main points at standard error (cmd/args.c) */
  return strcmp(path, "-") == 0 || descriptor_named(path) == STDOUT_FILENO;
}

void sp_fs_set_stdout(FILE *f) { std_out = f; }

const char *sp_fs_input_path(const char *arg) { return strcmp(arg, "-") == 0 ? "/dev/stdin" : arg; }

/* Bytes onto the command's standard output, flushed: its own text is on
 * standard error then (cmd/args.c), so nothing comes between them. */
static sp_err write_stdout(const void *data, size_t n, char *why, size_t why_size)
{
  FILE *f = std_out ? std_out : stdout;
  errno = 0;
  if (fwrite(data, 1, n, f) == n && fflush(f) == 0)
    return SP_OK;
  snprintf(why, why_size, "cannot write to standard output: %s",
           errno ? strerror(errno) : "a write failed");
  return SP_ERR_IO;
}

bool sp_fs_refuse_special(const char *path, char *why, size_t why_size)
{
  if (sp_fs_is_stdout(path)) {
    snprintf(why, why_size,
             "cannot write '%s' (standard output): this output is written as a whole file, not "
             "a stream; give the path of a file",
             path);
    return false;
  }
  if (!sp_fs_is_special(path))
    return true;
  snprintf(why, why_size,
           "cannot write '%s': it is a device, a FIFO or a socket, not a file, and this output "
           "is written as a whole file; give the path of a file",
           path);
  return false;
}

bool sp_fs_refuse_not_file(const char *path, char *why, size_t why_size)
{
  struct stat st;
  if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
    return true;
  snprintf(why, why_size,
           "cannot write '%s': it is %s, not a file, and a file would take its name; move it "
           "away, or name the output otherwise",
           path, S_ISDIR(st.st_mode) ? "a folder" : "a device, a FIFO or a socket");
  return false;
}

bool sp_fs_refuse_print_at(const char *path, char *why, size_t why_size)
{
  return sp_fs_refuse_special(path, why, why_size) && sp_fs_refuse_not_file(path, why, why_size);
}

/* Bytes into a device, a FIFO or a socket, as they are. */
static sp_err write_special(const char *path, const void *data, size_t n, char *why,
                            size_t why_size)
{
  /* a descriptor's name, into the descriptor itself: after what was
   * written there before (opened again, a file would be written from its
   * start) */
  const int named = descriptor_named(path);
  if (named >= 0 && !was_given(named)) { /* one of its own (stdout's copy, a file it reads) */
    snprintf(why, why_size,
             "cannot write '%s': the command was given no descriptor %d (Bad file descriptor); "
             "open it (like %d>file), or name a file",
             path, named, named);
    return SP_ERR_IO;
  }
  int fd = named >= 0 ? fcntl(named, F_DUPFD_CLOEXEC, 0) : open(path, O_WRONLY | O_CLOEXEC);
  bool ok = fd >= 0 && sp_fs_write_all(fd, data, n);
  int saved = errno;
  if (fd >= 0 && close(fd) != 0 && ok)
    ok = false, saved = errno;
  if (!ok)
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(saved));
  return ok ? SP_OK : SP_ERR_IO;
}

bool sp_fs_text_over(const char *path, char *why, size_t why_size)
{
  struct stat st;
  if (sp_fs_is_stdout(path) || sp_fs_is_special(path) || stat(path, &st) != 0 ||
      !S_ISREG(st.st_mode))
    return false;
  int fd;
  char no[256];
  const sp_fs_kind *k = NULL;
  bool named = false; /* unreadable: its kind by its name */
  if (sp_fs_open_regular(path, "a file", "files", &fd, &st, no, sizeof no) == SP_OK) {
    unsigned char head[SP_FS_KIND_HEAD];
    const ssize_t n = pread(fd, head, sizeof head, 0);
    close(fd);
    k = n > 0 ? sp_fs_kind_of(head, (size_t)n, false) : NULL;
  } else {
    k = sp_fs_kind_named(path);
    named = true;
  }
  if (k)
    snprintf(why, why_size,
             "cannot write '%s': it %s %s, and what would replace it is text; writing it would "
             "destroy that file: name another file",
             path, named ? "cannot be read, and its name says it is" : "is", k->name);
  return k != NULL;
}

sp_err sp_fs_write_text(const char *path, const char *text, char *why, size_t why_size)
{
  if (sp_fs_text_over(path, why, why_size))
    return SP_ERR_IO;
  return sp_fs_write_bytes(path, text, strlen(text), why, why_size);
}

sp_err sp_fs_write_bytes(const char *path, const void *data, size_t n, char *why, size_t why_size)
{
  return sp_fs_write_joined(path, data, n, -1, 0, 0, why, why_size);
}

sp_err sp_fs_write_joined(const char *path, const void *data, size_t n, int in, uint64_t at,
                          uint64_t tail, char *why, size_t why_size)
{
  if (in < 0 && sp_fs_is_stdout(path))
    return write_stdout(data, n, why, why_size);
  if (in < 0 && sp_fs_is_special(path))
    return write_special(path, data, n, why, why_size);
  /* a killed writer's temporary of this file, beside it (review 24 F3:
   * a recipe's, a report's, never in an output folder to be swept) */
  char *folder = sp_fs_parent(path);
  sp_fs_remove_stale_temps(folder, sp_base_name(path));
  free(folder);
  char *tmp = sp_fs_temp_template(path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(errno));
    free(tmp);
    return SP_ERR_IO;
  }
  sp_fs_hold(tmp);
  bool whole = sp_fs_write_all(fd, data, n) && (in < 0 || sp_fs_copy_range(in, at, fd, tail));
  int saved = errno ? errno : EIO;
  bool ok = whole && fchmod(fd, sp_fs_file_mode()) == 0;
  if (close(fd) != 0)
    ok = false, saved = errno;
  if (ok && rename(tmp, path) != 0)
    ok = false, saved = errno;
  if (!ok) {
    snprintf(why, why_size, "cannot write '%s': %s", path, strerror(saved));
    unlink(tmp);
  }
  sp_fs_let_go(tmp);
  free(tmp);
  return ok ? SP_OK : SP_ERR_IO;
}

/* The characters make reads as something else than a name's own, but
 * reads as one of it behind a backslash: a blank (that ends a name), '#'
 * (a comment), ':' (a rule's colon), a wildcard's '*', '?', '[' and ']'
 * (the files it matches: quoted, the file of that very name, as glob
 * reads it, while it exists; make names a missing one with its
 * backslashes), and in a target '%' (a pattern), in a prerequisite '|'
 * (order-only prerequisites follow). make halves the backslashes before
 * one of them, as it does those a name ends with before the blank after
 * it. ('|' in a target, '%' in a prerequisite: make reads them as they
 * are, and a backslash before them too.) */
static bool make_quoted(char c, bool target)
{
  return c == ' ' || c == '\t' || c == '#' || c == ':' || c == '*' || c == '?' || c == '[' ||
         c == ']' || (target ? c == '%' : c == '|');
}

/* make's directives: a line whose first word is one is not a rule (and
 * "define" or "undefine" after a rule's colon make a target's variable),
 * whatever follows. Written "$(or WORD)", a word make expands to itself
 * after it has seen the line is no directive. */
static const char *const make_directives[] = {
    "define",   "endef",   "undefine", "ifdef",    "ifndef",   "ifeq",     "ifneq",
    "else",     "endif",   "include",  "-include", "sinclude", "override", "export",
    "unexport", "private", "vpath",    "load",     "-load"};

static bool make_directive(const char *s)
{
  for (size_t k = 0; k < sizeof make_directives / sizeof make_directives[0]; k++)
    if (strcmp(s, make_directives[k]) == 0)
      return true;
  return false;
}

void sp_fs_make_escape(FILE *f, const char *path, bool target)
{
  if (make_directive(path)) {
    fprintf(f, "$(or %s)", path);
    return;
  }
  for (const char *c = path; *c; c++) {
    if (*c == '\\') {
      const size_t n = strspn(c, "\\");
      const bool halved = !c[n] || make_quoted(c[n], target);
      for (size_t k = 0; k < (halved ? 2 * n : n); k++)
        fputc('\\', f);
      c += n - 1;
      continue;
    }
    if (make_quoted(*c, target))
      fputc('\\', f);
    if (*c == '$')
      fputs("$$", f);
    else if (*c == '=') /* a variable's assignment; make looks for it before it expands */
      fputs("$(or =)", f);
    else if (*c == '&' && target && !c[1]) /* "&:" is a group of targets' colon */
      fputs("$(or &)", f);
    else
      fputc(*c, f);
  }
  /* a blank after a name that ends in backslashes: at a line's end they
   * would be read as they are, or as the line going on */
  if (*path && path[strlen(path) - 1] == '\\')
    fputc(' ', f);
}

/* Blanks make drops around a name whatever quotes them: it trims a line's
 * and a function's ends of every space character. */
static bool make_blank(char c) { return c == '\v' || c == '\f' || c == '\r'; }

const char *sp_fs_make_refuses(const char *path, bool target)
{
  const size_t n = strlen(path);
  for (const char *c = path; *c; c++) {
    if (*c == '\n')
      return "it holds a line break, which ends make's rule";
    if (*c == ';')
      return "it holds ';', which make reads as the start of the rule's recipe, whatever "
             "quotes it";
    if (*c == '\t' && target)
      return "it holds a tab, which make reads back as a space in a target";
  }
  if (path[0] == '~')
    return "it starts with '~', which make reads as a home folder";
  const char *paren = strchr(path, '(');
  if (paren && paren > path && path[n - 1] == ')' && path + n - 1 != paren + 1)
    return "it ends with ')' after a '(', which make reads as a member of an archive "
           "(\"lib.a(member.o)\")";
  if (n && (path[n - 1] == ' ' || path[n - 1] == '\t'))
    return "it ends with a blank, which make drops";
  if (n && (make_blank(path[0]) || (!target && make_blank(path[n - 1]))))
    return "it starts or ends with a vertical tab, form feed or carriage return, which make "
           "drops as a blank";
  if (n && !target && path[n - 1] == '\\')
    return "it ends with '\\', which make cannot be told last on a line (it reads '\\\\' "
           "there as two, '\\' as the line going on)";
  if (target && path[0] == '.' && !strchr(path, '/'))
    return "a target that starts with '.' and names no folder is a special target (.PHONY) or "
           "a suffix rule (.c.o) to make";
  return NULL;
}

void sp_fs_make_unescape(char *s)
{
  char *w = s;
  for (const char *r = s; *r;) {
    if (*r == '\\') {
      const size_t n = strspn(r, "\\");
      const bool halved = !r[n] || make_quoted(r[n], true);
      for (size_t k = 0; k < (halved ? n / 2 : n); k++) /* (a name's last: halved too) */
        *w++ = '\\';
      r += n;
      if (!halved || !*r)
        continue;
      if (n % 2 == 1)
        *w++ = *r++; /* quoted */
      else if (*r == ' ' || *r == '\t')
        break; /* the name's end */
      continue;
    }
    if (*r == ' ' || *r == '\t')
      break;
    if (strncmp(r, "$(or ", 5) == 0 && strchr(r, ')')) { /* a word make expands to itself */
      const char *close = strchr(r, ')');
      for (r += 5; r < close;)
        *w++ = *r++;
      r++;
      continue;
    }
    if (r[0] == '$' && r[1] == '$')
      r++;
    *w++ = *r++;
  }
  *w = '\0';
}

sp_err sp_fs_read_all(const char *path, const char *what, const char *reads, size_t max,
                      char **text, size_t *n, char *why, size_t why_size)
{
  *text = NULL;
  *n = 0;
  /* the shared opener: a FIFO is refused at once, never waited on, a
   * device too; the size is bounded as it is read */
  struct stat st;
  const int said = snprintf(why, why_size, "cannot read %s: ", path);
  const size_t at = said > 0 && (size_t)said < why_size ? (size_t)said : 0;
  FILE *f = sp_fs_fopen_regular(path, what, reads, &st, why + at, why_size - at);
  if (!f)
    return SP_ERR_IO;
  if ((uint64_t)st.st_size > max) { /* said without reading it */
    fclose(f);
    snprintf(why, why_size, "%s is larger than %zu MB", path, max >> 20);
    return SP_ERR_USAGE;
  }
  size_t cap = 65536, len = 0;
  char *buf = sp_xmalloc(cap + 1);
  for (;;) {
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (len > max) {
      fclose(f);
      free(buf);
      snprintf(why, why_size, "%s is larger than %zu MB", path, max >> 20);
      return SP_ERR_USAGE;
    }
    if (got == 0)
      break;
    if (len == cap) {
      cap *= 2;
      buf = sp_xrealloc(buf, cap + 1);
    }
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
    return SP_ERR_IO;
  }
  buf[len] = '\0';
  *text = buf;
  *n = len;
  return SP_OK;
}

char *sp_fs_parent(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash)
    return sp_xstrdup(".");
  return sp_xasprintf("%.*s", slash == path ? 1 : (int)(slash - path), path);
}

char *sp_fs_folder_of(const char *path)
{
  char *dir = sp_fs_parent(path);
  char buf[PATH_MAX];
  char *out = NULL;
  if (realpath(dir, buf))
    out = sp_xstrdup(buf);
  else if (dir[0] != '/' && getcwd(buf, sizeof buf))
    out = sp_xasprintf("%s/%s", buf, dir);
  else
    out = sp_xstrdup(dir);
  free(dir);
  return out;
}

/* Whether folder (links followed) is where descriptors are named: /dev
 * (stdin), /proc/PID/fd (/dev/fd's). */
static bool descriptors_in(const char *folder)
{
  char real[PATH_MAX];
  if (!realpath(folder, real))
    return false;
  const char *fd = strrchr(real, '/');
  return strcmp(real, "/dev") == 0 ||
         (strncmp(real, "/proc/", 6) == 0 && fd && strcmp(fd, "/fd") == 0);
}

/* Whether path (a descriptor's name) is open on a regular file: its
 * resolved path in real. */
static bool on_a_file(const char *path, char real[PATH_MAX])
{
  struct stat st;
  return realpath(path, real) && stat(real, &st) == 0 && S_ISREG(st.st_mode);
}

bool sp_fs_text_piped(const char *path)
{
  char *dir = sp_fs_parent(path), real[PATH_MAX];
  const bool piped = descriptors_in(dir) && !on_a_file(path, real);
  free(dir);
  return piped;
}

char *sp_fs_text_folder(const char *path)
{
  char *dir = sp_fs_parent(path), real[PATH_MAX];
  if (!descriptors_in(dir))
    return dir;
  free(dir);
  /* a descriptor open on a file: that file's folder; on a pipe, where the
   * command runs */
  return on_a_file(path, real) ? sp_fs_parent(real) : sp_xstrdup(".");
}

char *sp_fs_place(const char *path)
{
  char *dir = sp_fs_folder_of(path);
  const char *base = strrchr(path, '/');
  char *at = sp_xasprintf("%s/%s", dir, base ? base + 1 : path);
  free(dir);
  return at;
}

char *sp_fs_resolved(const char *path)
{
  char buf[PATH_MAX];
  char *abs = path[0] == '/' || !getcwd(buf, sizeof buf) ? sp_xstrdup(path)
                                                         : sp_xasprintf("%s/%s", buf, path);
  /* the longest head that is there, resolved; the rest taken as written */
  size_t cut = strlen(abs);
  char *head = NULL;
  for (;;) {
    const char c = abs[cut];
    abs[cut] = '\0';
    if (realpath(cut ? abs : "/", buf))
      head = sp_xstrdup(buf);
    abs[cut] = c;
    if (head || cut == 0)
      break;
    while (cut > 0 && abs[cut - 1] != '/')
      cut--;
    while (cut > 0 && abs[cut - 1] == '/')
      cut--;
  }
  if (!head)
    head = sp_xstrdup("/");
  size_t len = strlen(head), cap = len + strlen(abs + cut) + 2;
  char *out = sp_xmalloc(cap);
  memcpy(out, head, len + 1);
  free(head);
  for (const char *p = abs + cut; *p;) {
    while (*p == '/')
      p++;
    const size_t n = strcspn(p, "/");
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      while (len > 1 && out[len - 1] != '/')
        len--;
      if (len > 1)
        len--;
      out[len] = '\0';
    } else if (n > 0 && !(n == 1 && p[0] == '.')) {
      if (out[len - 1] != '/')
        out[len++] = '/';
      memcpy(out + len, p, n);
      out[len += n] = '\0';
    }
    p += n;
  }
  free(abs);
  return out;
}

bool sp_fs_inside(const char *path, const char *dir)
{
  char *p = sp_fs_resolved(path), *d = sp_fs_resolved(dir);
  const size_t n = strlen(d);
  const bool in = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/' || strcmp(d, "/") == 0);
  free(p);
  free(d);
  return in;
}

char *sp_fs_identity(const char *path, bool *special)
{
  struct stat st;
  const bool there = stat(path, &st) == 0;
  if (special)
    *special = there && !S_ISREG(st.st_mode);
  if (there)
    return sp_xasprintf("file %ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
  char *place = sp_fs_place(path), *id = sp_xasprintf("place %s", place);
  free(place);
  return id;
}

char *sp_fs_path_from(const char *from, const char *to)
{
  /* Skip the components both share: "/x/y/out/one" and "/x/y/one.yaml"
   * share "/x/y/"; then one "../" per component left of from. */
  const char *pa = strcmp(from, "/") == 0 ? "" : from, *pb = to;
  while (*pa && *pb) {
    const char *ea = strchr(pa + 1, '/'), *eb = strchr(pb + 1, '/');
    size_t la = ea ? (size_t)(ea - pa) : strlen(pa), lb = eb ? (size_t)(eb - pb) : strlen(pb);
    if (la != lb || strncmp(pa, pb, la) != 0)
      break;
    pa += la;
    pb += lb;
  }
  size_t ups = 0;
  for (const char *p = pa; *p; p++)
    ups += *p == '/';
  char *rel = sp_xmalloc(3 * ups + strlen(pb) + 1);
  rel[0] = '\0';
  for (size_t k = 0; k < ups; k++)
    strcat(rel, "../");
  return strcat(rel, *pb == '/' ? pb + 1 : pb);
}

char *sp_fs_relative_to(const char *path, const char *dir)
{
  size_t n = strlen(dir);
  if (strncmp(path, dir, n) == 0 && path[n] == '/')
    return sp_xstrdup(path + n + 1);
  return sp_xstrdup(path);
}

/* (entries in the bytes' order, whatever the locale) */
static int by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

typedef struct folder_walk {
  const char *top; /* the folder walked, as the bounds' words name it */
  sp_fs_visit visit;
  void *ctx;
  size_t left; /* entries more it may hold */
} folder_walk;

/* The entries of the folder dir (named name in its own), depth folders
 * more below it at most. */
static sp_err walk_folder(folder_walk *w, const char *dir, const char *name, int depth, char *why,
                          size_t why_size)
{
  struct dirent **names = NULL;
  const int count = scandir(dir, &names, NULL, by_name);
  if (count < 0) {
    snprintf(why, why_size, "cannot read the folder %s: %s", dir, strerror(errno));
    return SP_ERR_IO;
  }
  sp_err err = w->visit(w->ctx, SP_FS_ENTER, dir, name, why, why_size);
  for (int i = 0; i < count; i++) {
    const char *entry = names[i]->d_name;
    if (err == SP_OK && strcmp(entry, ".") != 0 && strcmp(entry, "..") != 0) {
      char *child = sp_xasprintf("%s/%s", dir, entry);
      struct stat st;
      const bool stated = stat(child, &st) == 0;
      const int e = stated ? 0 : errno;
      char kind[512];
      if (w->left-- == 0) {
        snprintf(why, why_size,
                 "the folder %s holds more than %d files and folders, more than an input's may",
                 w->top, SP_FS_FOLDER_ENTRIES);
        err = SP_ERR_IO;
      } else if (stated && S_ISDIR(st.st_mode) && depth == 0) {
        snprintf(why, why_size,
                 "the folder %s is more than %d folders below %s, deeper than an input's may be",
                 child, SP_FS_FOLDER_DEPTH, w->top);
        err = SP_ERR_IO;
      } else if (stated && S_ISDIR(st.st_mode)) {
        err = walk_folder(w, child, entry, depth - 1, why, why_size);
      } else if (regular(child, stated, e, &st, "a file", "regular files", kind, sizeof kind) !=
                 SP_OK) {
        snprintf(why, why_size, "cannot read %s: %s", child, kind);
        err = SP_ERR_IO;
      } else {
        err = w->visit(w->ctx, SP_FS_FILE, child, entry, why, why_size);
      }
      free(child);
    }
    free(names[i]);
  }
  free(names);
  return err == SP_OK ? w->visit(w->ctx, SP_FS_LEAVE, dir, name, why, why_size) : err;
}

sp_err sp_fs_folder_walk(const char *dir, sp_fs_visit visit, void *ctx, char *why, size_t why_size)
{
  folder_walk w = {dir, visit, ctx, SP_FS_FOLDER_ENTRIES};
  return walk_folder(&w, dir, "", SP_FS_FOLDER_DEPTH, why, why_size);
}

char *sp_fs_user_cache(const char *name)
{
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return sp_xasprintf("%s/stemprint/%s", xdg, name);
  const char *home = getenv("HOME");
  if (home && *home == '/')
    return sp_xasprintf("%s/.cache/stemprint/%s", home, name);
  return NULL;
}
