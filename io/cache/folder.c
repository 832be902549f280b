/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render cache in a folder (io/cache/backend.h), on this machine or a
 * shared file system.
 *
 *   get entry:  read ac/<key>
 *   get file:   open cas/<d> (a regular file of the entry's size, else
 *               BAD) ─► known to the digest index? copy it (in the
 *               kernel where it can) : copy it through a hash ─► size
 *               and digest as the entry says? else BAD, and the copy is
 *               unlinked so that the next render stores a good one
 *   put:        a good file at the name? kept : whatever is there (a
 *               damaged file, a FIFO, an empty folder) removed, or the
 *               store fails saying why ─► write a temporary file in the
 *               store ─► link() it to its name (fails when another was
 *               first: fine) ─► unlink the temporary name */

#include "io/cache/backend.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/fs/probe.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Anything that no other backend claims is a folder, but a URL
 * (`scheme://...`, RFC 3986's scheme): s3://bucket is not the folder
 * ./s3:/bucket. */
static bool claims(const char *where)
{
  size_t n = 0;
  if (isalpha((unsigned char)where[0]))
    while (isalnum((unsigned char)where[n]) || where[n] == '+' || where[n] == '-' ||
           where[n] == '.')
      n++;
  return !(n > 0 && strncmp(where + n, "://", 3) == 0);
}

static bool open_folder(sp_cache *c, const char *where, char *why, size_t why_size)
{
  static const char *const subs[] = {"ac", "cas"};
  for (size_t i = 0; i < 2; i++) {
    char *dir = sp_xasprintf("%s/%s", where, subs[i]);
    char sub_why[512];
    sp_err err = sp_fs_mkdirs(dir, sub_why, sizeof sub_why);
    free(dir);
    if (err != SP_OK) {
      snprintf(why, why_size, "the cache %s cannot be used: %s", where, sub_why);
      return false;
    }
  }
  c->where = sp_xstrdup(where);
  c->self = sp_xcalloc(1, sizeof(atomic_bool)); /* swept: a store's first put sweeps */
  return true;
}

static void close_folder(sp_cache *c) { free(c->self); }

/* The temporary files killed processes left in the store (review 24 F6:
 * a print's copy cut short in cas/, there for good), removed once a
 * command, at its first store: a hit reads no folder whole. */
static void sweep(sp_cache *c)
{
  if (atomic_exchange((atomic_bool *)c->self, true))
    return;
  static const char *const subs[] = {"ac", "cas"};
  for (size_t i = 0; i < 2; i++) {
    char *dir = sp_xasprintf("%s/%s", c->where, subs[i]);
    sp_fs_remove_stale_temps(dir, NULL);
    free(dir);
  }
}

static sp_cache_status get_entry(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                                 char *why, size_t why_size)
{
  char *path = sp_cache_name(c->where, "ac", key);
  struct stat st;
  sp_cache_status status = SP_CACHE_MISS;
  if (stat(path, &st) == 0 || errno != ENOENT) {
    /* no manifest is over 64 MB: a larger file is not an entry */
    sp_err err = sp_fs_read_all(path, "a cache entry", "regular files in a cache", (size_t)64 << 20,
                                text, n, why, why_size);
    status = err == SP_OK ? SP_CACHE_HIT : err == SP_ERR_USAGE ? SP_CACHE_BAD : SP_CACHE_FAIL;
  }
  free(path);
  return status;
}

/* Remove what is at path, found not to be what the store keeps there (a
 * file, a link, a FIFO, an empty folder); false with why when it cannot
 * be (a folder that holds files is not the store's to empty). */
static bool clear(const char *path, char *why, size_t why_size)
{
  if (unlink(path) == 0 || errno == ENOENT)
    return true;
  if ((errno == EISDIR || errno == EPERM) && (rmdir(path) == 0 || errno == ENOENT))
    return true;
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
    snprintf(why, why_size, "%s is a folder, not a file, and cannot be removed (%s); remove it",
             path, strerror(errno));
  else
    snprintf(why, why_size, "cannot replace %s: %s", path, strerror(errno));
  return false;
}

/* Write n bytes (or the file at from, of digest d) to a temporary file in
 * the store, then link it to its name unless a file is there. */
static sp_cache_status put_at(sp_cache *c, const char *final, const char *data, size_t n,
                              const char *from, const sp_digest *d, char *why, size_t why_size)
{
  sweep(c);
  struct stat there;
  if (lstat(final, &there) == 0) {
    /* What is there is kept only if it is a file and what its name says
     * (a damaged one, or a folder, would be found bad at every fetch and
     * never stored again); else it is replaced, or the store says why
     * not. */
    sp_file_digest have;
    char hwhy[256];
    struct stat st;
    if (stat(final, &st) == 0 && S_ISREG(st.st_mode) &&
        (!d || (sp_digest_file(c->index, final, &have, hwhy, sizeof hwhy) == SP_OK &&
                memcmp(have.digest.b, d->b, sizeof d->b) == 0)))
      return SP_CACHE_HIT;
    if (!clear(final, why, why_size))
      return SP_CACHE_FAIL;
  }
  /* the file to store: the descriptor its readers share (io/fs/probe.h),
   * read at offsets of this copy's own; else opened by the same shared
   * opener, which refuses a FIFO or a device at once and says so */
  sp_probe *p = NULL;
  int in = -1;
  struct stat st;
  char opened[512];
  if (from && sp_probe_open(from, &p, NULL, 0) == SP_OK) {
    in = sp_probe_fd(p);
  } else if (from && sp_fs_open_regular(from, "a file to store", "regular files into a cache", &in,
                                        &st, opened, sizeof opened) != SP_OK) {
    snprintf(why, why_size, "cannot read %s: %s", from, opened);
    return SP_CACHE_FAIL;
  }
  char *tmpl = sp_fs_temp_template(final);
  int fd = mkstemp(tmpl);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(errno));
    free(tmpl);
    if (p)
      sp_probe_release(p);
    else if (in >= 0)
      close(in);
    return SP_CACHE_FAIL;
  }
  bool ok;
  if (from) {
    ok = fstat(in, &st) == 0 && sp_fs_copy_range(in, 0, fd, (uint64_t)st.st_size);
    const int copy_errno = ok || errno ? errno : EIO;
    if (p)
      sp_probe_release(p);
    else
      close(in);
    errno = copy_errno;
  } else {
    ok = sp_fs_write_all(fd, data, n);
  }
  ok = ok && fchmod(fd, sp_fs_file_mode()) == 0;
  const int e = errno;
  ok = close(fd) == 0 && ok;
  sp_cache_status status = SP_CACHE_HIT;
  if (!ok) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(e));
    status = SP_CACHE_FAIL;
  } else if (link(tmpl, final) == 0) {
    /* Written by this process from a file of that digest: vouched for, so
     * that serving it needs no hashing (another writer's file, linked
     * first, is checked when first served). */
    if (d)
      sp_digest_index_remember_own(c->index, final, d);
  } else if (errno != EEXIST) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(errno));
    status = SP_CACHE_FAIL;
  }
  unlink(tmpl);
  free(tmpl);
  return status;
}

static sp_cache_status put(sp_cache *c, const char *area, const sp_digest *d, const char *data,
                           size_t n, const char *from, char *why, size_t why_size)
{
  char *final = sp_cache_name(c->where, area, d);
  sp_cache_status st = put_at(c, final, data, n, from, from ? d : NULL, why, why_size);
  free(final);
  return st;
}

static void drop_entry(sp_cache *c, const sp_digest *key)
{
  char *path = sp_cache_name(c->where, "ac", key);
  char why[512]; /* what cannot be removed is said by the store that replaces it */
  clear(path, why, sizeof why);
  free(path);
}

static sp_cache_status get_file(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                                size_t why_size)
{
  char *path = sp_cache_name(c->where, "cas", d);
  /* a regular file only, as a source is: a FIFO is refused at once, never
   * waited on */
  int in;
  struct stat st;
  char owhy[256];
  if (sp_fs_open_regular(path, "a cached file", "regular files in a cache", &in, &st, owhy,
                         sizeof owhy) != SP_OK) {
    sp_cache_status s = errno == ENOENT ? SP_CACHE_MISS : SP_CACHE_FAIL;
    if (s == SP_CACHE_FAIL)
      snprintf(why, why_size, "cannot read %s: %s", path, owhy);
    free(path);
    return s;
  }
  if ((int64_t)st.st_size != size) { /* known wrong without reading it */
    snprintf(why, why_size, "%s holds %lld bytes, not the %lld its entry says", path,
             (long long)st.st_size, (long long)size);
    unlink(path);
    close(in);
    free(path);
    return SP_CACHE_BAD;
  }
  sp_cache_status status = SP_CACHE_HIT;
  /* Known to the index by its identity: its digest was checked when it
   * was written or first read, and any change since changed its times. */
  sp_file_digest known;
  char kwhy[256];
  bool vouched = false;
  if (c->index && (int64_t)st.st_size == size &&
      sp_digest_file(c->index, path, &known, kwhy, sizeof kwhy) == SP_OK && known.from_index)
    vouched = memcmp(known.digest.b, d->b, sizeof d->b) == 0;
  if (vouched) {
    if (!sp_fs_copy_range(in, 0, fd, (uint64_t)st.st_size)) {
      snprintf(why, why_size, "cannot copy %s: %s", path, errno ? strerror(errno) : "short");
      status = SP_CACHE_FAIL;
    }
  } else {
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = sp_xmalloc(CHUNK);
    sp_hasher *h = sp_hasher_new();
    int64_t total = 0;
    for (;;) {
      ssize_t got = read(in, buf, CHUNK);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0) {
        if (got < 0) {
          snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
          status = SP_CACHE_FAIL;
        }
        break;
      }
      if (!sp_fs_write_all(fd, buf, (size_t)got)) {
        snprintf(why, why_size, "cannot write a file fetched from the cache: %s", strerror(errno));
        status = SP_CACHE_FAIL;
        break;
      }
      sp_hasher_add(h, buf, (size_t)got);
      total += got;
    }
    sp_digest got_d;
    sp_hasher_end(h, &got_d);
    free(buf);
    if (status == SP_CACHE_HIT && (total != size || memcmp(got_d.b, d->b, sizeof d->b) != 0)) {
      char hex[SP_DIGEST_HEX];
      sp_digest_hex(&got_d, hex);
      if (total != size)
        snprintf(why, why_size, "%s holds %lld bytes, not the %lld its entry says", path,
                 (long long)total, (long long)size);
      else
        snprintf(why, why_size, "%s does not hold what its name says (its digest is %.12s…)", path,
                 hex);
      status = SP_CACHE_BAD;
      unlink(path);
    } else if (status == SP_CACHE_HIT) {
      sp_digest_index_remember(c->index, in, &st, d); /* not hashed again next time */
    }
  }
  close(in);
  free(path);
  return status;
}

const sp_cache_backend sp_cache_folder = {
    .name = "folder",
    .claims = claims,
    .open = open_folder,
    .close = close_folder,
    .get_entry = get_entry,
    .drop_entry = drop_entry,
    .get_file = get_file,
    .put = put,
};
