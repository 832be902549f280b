/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render cache in a folder (io/cache/cache.h).
 *
 *   get entry:  read ac/<key>
 *   get file:   open cas/<d> ─► known to the digest index? copy it in the
 *               kernel (copy_file_range) : copy it through a hash ─► size
 *               and digest as the entry says? else BAD, and the copy is
 *               unlinked so that the next render stores a good one
 *   put:        write a temporary file in the store ─► link() it to its
 *               name (fails when another was first: fine) ─► unlink the
 *               temporary name */

/* copy_file_range(2) */
#define _GNU_SOURCE

#include "io/cache/cache.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"
#include "io/cache/http.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sp_cache {
  char *where;
  char *url; /* an HTTP store: its base URL, no trailing slash; NULL: a folder */
  sp_digest_index *index;
  /* HTTP: entries found unusable, to be replaced rather than kept */
  pthread_mutex_t mu;
  sp_digest *dropped;
  size_t n_dropped;
};

static bool is_http(const char *where)
{
  return strncmp(where, "http://", 7) == 0 || strncmp(where, "https://", 8) == 0;
}

/* HTTP: an entry or file found unusable (a key or a digest), so that this
 * process's next PUT of it replaces it instead of keeping it. */
static void drop(sp_cache *c, const sp_digest *d)
{
  pthread_mutex_lock(&c->mu);
  c->dropped = sp_xreallocarray(c->dropped, c->n_dropped + 1, sizeof *c->dropped);
  c->dropped[c->n_dropped++] = *d;
  pthread_mutex_unlock(&c->mu);
}

static bool dropped(sp_cache *c, const sp_digest *d)
{
  bool yes = false;
  pthread_mutex_lock(&c->mu);
  for (size_t i = 0; i < c->n_dropped && !yes; i++)
    yes = memcmp(c->dropped[i].b, d->b, sizeof d->b) == 0;
  pthread_mutex_unlock(&c->mu);
  return yes;
}

sp_cache *sp_cache_open(const char *where, sp_digest_index *index, char *why, size_t why_size)
{
  if (is_http(where)) {
    sp_cache *c = sp_xcalloc(1, sizeof *c);
    c->where = sp_http_redact(where);
    c->url = sp_xstrdup(where);
    pthread_mutex_init(&c->mu, NULL);
    for (size_t n = strlen(c->url); n > 0 && c->url[n - 1] == '/'; n--)
      c->url[n - 1] = '\0';
    c->index = index;
    (void)why;
    (void)why_size;
    return c;
  }
  static const char *const subs[] = {"ac", "cas"};
  for (size_t i = 0; i < 2; i++) {
    char *dir = sp_xasprintf("%s/%s", where, subs[i]);
    char sub_why[512];
    sp_err err = sp_fs_mkdirs(dir, sub_why, sizeof sub_why);
    free(dir);
    if (err != SP_OK) {
      snprintf(why, why_size, "the cache %s cannot be used: %s", where, sub_why);
      return NULL;
    }
  }
  sp_cache *c = sp_xcalloc(1, sizeof *c);
  c->where = sp_xstrdup(where);
  c->index = index;
  return c;
}

void sp_cache_close(sp_cache *c)
{
  if (!c)
    return;
  if (c->url)
    pthread_mutex_destroy(&c->mu);
  free(c->dropped);
  free(c->where);
  free(c->url);
  free(c);
}

const char *sp_cache_where(const sp_cache *c) { return c->where; }

/* A stored thing's path in the folder, or its URL. */
static char *path_of(const sp_cache *c, const char *sub, const sp_digest *d)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(d, hex);
  return sp_xasprintf("%s/%s/%s", c->url ? c->url : c->where, sub, hex);
}

/* ---- HTTP: the protocol of Bazel's remote cache --------------------------
 *
 *   GET  /ac/<key>, /cas/<sha256>  200 the bytes, 404 not there
 *   HEAD the same                  200 there (a PUT is then skipped: the
 *                                  first writer's entry stays)
 *   PUT  the same                  200, 201 or 204 stored
 *
 * Anything else (no connection, 5xx, 507 full, 413 too large) is a store
 * that cannot be used: a warning and a render. */

typedef struct buffer {
  char *data;
  size_t n, cap, max;
} buffer;

static bool into_buffer(void *ctx, const void *data, size_t n)
{
  buffer *b = ctx;
  if (b->n + n > b->max)
    return false;
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->data = sp_xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->n, data, n);
  b->n += n;
  b->data[b->n] = '\0';
  return true;
}

static sp_cache_status http_failed(const sp_cache *c, long status, const char *what, char *why,
                                   size_t why_size)
{
  snprintf(why, why_size, "the cache %s answered HTTP %ld to %s", c->where, status, what);
  return SP_CACHE_FAIL;
}

/* HEAD url: there (HIT), not (MISS), or FAIL. */
static sp_cache_status http_has(const sp_cache *c, const char *url, char *why, size_t why_size)
{
  long status;
  if (!sp_http_head(url, &status, why, why_size))
    return SP_CACHE_FAIL;
  if (status == 200)
    return SP_CACHE_HIT;
  if (status == 404)
    return SP_CACHE_MISS;
  return http_failed(c, status, "a HEAD", why, why_size);
}

static sp_cache_status http_put(const sp_cache *c, const char *url, const char *data, size_t n,
                                const char *from, bool replace, char *why, size_t why_size)
{
  sp_cache_status there = replace ? SP_CACHE_MISS : http_has(c, url, why, why_size);
  if (there != SP_CACHE_MISS)
    return there;
  long status;
  bool ok = from ? sp_http_put_file(url, from, &status, why, why_size)
                 : sp_http_put(url, data, n, &status, why, why_size);
  if (!ok)
    return SP_CACHE_FAIL;
  if (status == 200 || status == 201 || status == 204)
    return SP_CACHE_HIT;
  return http_failed(c, status, "a PUT", why, why_size);
}

typedef struct to_fd {
  int fd;
  sp_hasher *h;
  int64_t n, max;
  bool failed;
  int err;
} to_fd;

static bool into_fd(void *ctx, const void *data, size_t n)
{
  to_fd *t = ctx;
  if (t->n + (int64_t)n > t->max)
    return false; /* longer than the entry says: bad, whatever follows */
  if (!sp_fs_write_all(t->fd, data, n)) {
    t->failed = true;
    t->err = errno;
    return false;
  }
  sp_hasher_add(t->h, data, n);
  t->n += (int64_t)n;
  return true;
}

sp_cache_status sp_cache_get_entry(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                                   char *why, size_t why_size)
{
  *text = NULL;
  *n = 0;
  char *path = path_of(c, "ac", key);
  if (c->url) {
    buffer b = {.max = (size_t)64 << 20};
    long status;
    bool ok = sp_http_get(path, into_buffer, &b, &status, why, why_size);
    free(path);
    if (!ok || (status != 200 && status != 404)) {
      free(b.data);
      return ok ? http_failed(c, status, "a GET", why, why_size) : SP_CACHE_FAIL;
    }
    if (status == 404) {
      free(b.data);
      return SP_CACHE_MISS;
    }
    *text = b.data ? b.data : sp_xstrdup("");
    *n = b.n;
    return SP_CACHE_HIT;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    sp_cache_status st = errno == ENOENT ? SP_CACHE_MISS : SP_CACHE_FAIL;
    if (st == SP_CACHE_FAIL)
      snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
    free(path);
    return st;
  }
  size_t cap = 4096, len = 0;
  char *buf = sp_xmalloc(cap + 1);
  for (;;) {
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (len < cap)
      break;
    if (cap >= ((size_t)64 << 20)) { /* no manifest is this big */
      fclose(f);
      free(buf);
      snprintf(why, why_size, "%s is over 64 MB: not an entry", path);
      free(path);
      return SP_CACHE_BAD;
    }
    cap *= 2;
    buf = sp_xrealloc(buf, cap + 1);
  }
  const bool failed = ferror(f);
  fclose(f);
  if (failed) {
    snprintf(why, why_size, "cannot read %s", path);
    free(buf);
    free(path);
    return SP_CACHE_FAIL;
  }
  free(path);
  buf[len] = '\0';
  *text = buf;
  *n = len;
  return SP_CACHE_HIT;
}

/* Write n bytes (or the file at from) to a temporary file in the store,
 * then link it to final unless final exists. */
static sp_cache_status put(sp_cache *c, const char *final, const char *data, size_t n,
                           const char *from, const sp_digest *d, char *why, size_t why_size)
{
  if (access(final, F_OK) == 0) {
    /* A file there is kept only if it is what its name says (a damaged
     * one would be found bad at every fetch and never stored again). */
    sp_file_digest have;
    char hwhy[256];
    if (!d || (sp_digest_file(c->index, final, &have, hwhy, sizeof hwhy) == SP_OK &&
               memcmp(have.digest.b, d->b, sizeof d->b) == 0))
      return SP_CACHE_HIT;
    unlink(final);
  }
  char *tmpl = sp_fs_temp_template(final);
  int fd = mkstemp(tmpl);
  if (fd < 0) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(errno));
    free(tmpl);
    return SP_CACHE_FAIL;
  }
  bool ok;
  if (from) {
    int in = open(from, O_RDONLY | O_CLOEXEC);
    struct stat st;
    ok = in >= 0 && fstat(in, &st) == 0;
    for (off_t left = ok ? st.st_size : 0; ok && left > 0;) {
      ssize_t k = copy_file_range(in, NULL, fd, NULL, (size_t)left, 0);
      if (k < 0 && errno == EINTR)
        continue;
      ok = k > 0;
      left -= k > 0 ? k : 0;
    }
    if (in >= 0)
      close(in);
  } else {
    ok = sp_fs_write_all(fd, data, n);
  }
  ok = ok && fchmod(fd, sp_fs_file_mode()) == 0;
  const int e = errno;
  ok = close(fd) == 0 && ok;
  sp_cache_status st = SP_CACHE_HIT;
  if (!ok) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(e));
    st = SP_CACHE_FAIL;
  } else if (link(tmpl, final) == 0) {
    /* Written by this process from a file of that digest: vouched for, so
     * that serving it needs no hashing (another writer's file, linked
     * first, is checked when first served). */
    if (d)
      sp_digest_index_remember_own(c->index, final, d);
  } else if (errno != EEXIST) {
    snprintf(why, why_size, "cannot write into the cache %s: %s", c->where, strerror(errno));
    st = SP_CACHE_FAIL;
  }
  unlink(tmpl);
  free(tmpl);
  return st;
}

sp_cache_status sp_cache_put_entry(sp_cache *c, const sp_digest *key, const char *text, size_t n,
                                   char *why, size_t why_size)
{
  char *path = path_of(c, "ac", key);
  sp_cache_status st = c->url ? http_put(c, path, text, n, NULL, dropped(c, key), why, why_size)
                              : put(c, path, text, n, NULL, NULL, why, why_size);
  free(path);
  return st;
}

void sp_cache_drop_entry(sp_cache *c, const sp_digest *key)
{
  if (c->url) { /* no DELETE in the protocol: the next PUT replaces it */
    drop(c, key);
    return;
  }
  char *path = path_of(c, "ac", key);
  unlink(path);
  free(path);
}

sp_cache_status sp_cache_put_file(sp_cache *c, const sp_digest *d, const char *path, char *why,
                                  size_t why_size)
{
  char *final = path_of(c, "cas", d);
  sp_cache_status st = c->url ? http_put(c, final, NULL, 0, path, dropped(c, d), why, why_size)
                              : put(c, final, NULL, 0, path, d, why, why_size);
  free(final);
  return st;
}

/* GET a file into fd through a hash: BAD when it is not size bytes of
 * digest d. */
static sp_cache_status http_get_file(const sp_cache *c, const char *url, const sp_digest *d,
                                     int64_t size, int fd, char *why, size_t why_size)
{
  to_fd t = {.fd = fd, .h = sp_hasher_new(), .max = size};
  long status;
  bool ok = sp_http_get(url, into_fd, &t, &status, why, why_size);
  sp_digest got;
  sp_hasher_end(t.h, &got);
  if (t.failed) {
    snprintf(why, why_size, "cannot write a file fetched from the cache: %s", strerror(t.err));
    return SP_CACHE_FAIL;
  }
  if (!ok && t.n >= size) {
    snprintf(why, why_size, "%s sends more than the %lld bytes its entry says", c->where,
             (long long)size);
    return SP_CACHE_BAD;
  }
  if (!ok)
    return SP_CACHE_FAIL;
  if (status == 404)
    return SP_CACHE_MISS;
  if (status != 200)
    return http_failed(c, status, "a GET", why, why_size);
  if (t.n != size || memcmp(got.b, d->b, sizeof d->b) != 0) {
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(d, hex);
    snprintf(why, why_size, "the cache %s sent %lld bytes for %.12s… that are not the %lld bytes "
             "its entry names", c->where, (long long)t.n, hex, (long long)size);
    return SP_CACHE_BAD;
  }
  return SP_CACHE_HIT;
}

sp_cache_status sp_cache_get_file(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                                  size_t why_size)
{
  char *path = path_of(c, "cas", d);
  if (c->url) {
    sp_cache_status s = http_get_file(c, path, d, size, fd, why, why_size);
    if (s == SP_CACHE_BAD)
      drop(c, d);
    free(path);
    return s;
  }
  int in = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (in < 0 || fstat(in, &st) != 0) {
    sp_cache_status s = errno == ENOENT ? SP_CACHE_MISS : SP_CACHE_FAIL;
    if (s == SP_CACHE_FAIL)
      snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
    if (in >= 0)
      close(in);
    free(path);
    return s;
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
    for (off_t left = st.st_size; left > 0;) {
      ssize_t k = copy_file_range(in, NULL, fd, NULL, (size_t)left, 0);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0) {
        snprintf(why, why_size, "cannot copy %s: %s", path, k < 0 ? strerror(errno) : "short");
        status = SP_CACHE_FAIL;
        break;
      }
      left -= k;
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
