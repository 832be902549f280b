/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render cache on an HTTP server (io/cache/backend.h), through
 * io/cache/http.c: the protocol of Bazel's remote cache.
 *
 *   GET  /ac/<key>, /cas/<sha256>  200 the bytes, 404 not there
 *   HEAD the same                  200 there (a PUT is then skipped: the
 *                                  first writer's entry stays)
 *   PUT  the same                  200, 201 or 204 stored
 *
 * Anything else (no connection, 5xx, 507 full, 413 too large) is a store
 * that cannot be used: a warning and a render. A server that did not
 * answer (no connection, no answer within 5 s, a stall, too slow:
 * io/cache/http.h) or answered with a server error (5xx but 507) is not
 * asked again by this process: the first request to find it so says why
 * (SP_CACHE_FAIL), every later one is SP_CACHE_DOWN at once, so that an
 * album of twenty songs pays one timeout and says it once. There
 * is no DELETE: an entry or file found unusable is remembered, and this
 * process's next PUT of it replaces it instead of keeping it. */

#include "io/cache/backend.h"

#include "core/base/alloc.h"
#include "io/cache/http.h"
#include "io/fs/fs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct remote {
  char *url; /* the base URL, no trailing slash */
  pthread_mutex_t mu;
  sp_digest *dropped; /* entries and files found unusable */
  size_t n_dropped;
  bool down; /* a request had no answer, or a server error: none is made again */
} remote;

/* A URL's scheme is case-insensitive (RFC 3986): HTTP:// is http://. */
static bool claims(const char *where)
{
  return strncasecmp(where, "http://", 7) == 0 || strncasecmp(where, "https://", 8) == 0;
}

static bool open_remote(sp_cache *c, const char *where, char *why, size_t why_size)
{
  (void)why;
  (void)why_size;
  remote *r = sp_xcalloc(1, sizeof *r);
  r->url = sp_xstrdup(where);
  for (size_t n = strlen(r->url); n > 0 && r->url[n - 1] == '/'; n--)
    r->url[n - 1] = '\0';
  pthread_mutex_init(&r->mu, NULL);
  c->where = sp_http_redact(where);
  c->self = r;
  return true;
}

static void close_remote(sp_cache *c)
{
  remote *r = c->self;
  pthread_mutex_destroy(&r->mu);
  free(r->dropped);
  free(r->url);
  free(r);
}

/* An entry or file found unusable (a key or a digest). */
static void drop(remote *r, const sp_digest *d)
{
  pthread_mutex_lock(&r->mu);
  r->dropped = sp_xreallocarray(r->dropped, r->n_dropped + 1, sizeof *r->dropped);
  r->dropped[r->n_dropped++] = *d;
  pthread_mutex_unlock(&r->mu);
}

static bool dropped(remote *r, const sp_digest *d)
{
  bool yes = false;
  pthread_mutex_lock(&r->mu);
  for (size_t i = 0; i < r->n_dropped && !yes; i++)
    yes = memcmp(r->dropped[i].b, d->b, sizeof d->b) == 0;
  pthread_mutex_unlock(&r->mu);
  return yes;
}

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

/* Whether the server was found down (the request is then not made:
 * SP_CACHE_DOWN, why says so). */
static bool down(const sp_cache *c, char *why, size_t why_size)
{
  remote *r = c->self;
  pthread_mutex_lock(&r->mu);
  const bool yes = r->down;
  pthread_mutex_unlock(&r->mu);
  if (yes)
    snprintf(why, why_size, "the cache %s was found down earlier in this run", c->where);
  return yes;
}

/* A request that had no answer, or a server error: the server is not
 * asked again. The first to find it says why (SP_CACHE_FAIL); a request
 * side by side that found it too is SP_CACHE_DOWN, said already. */
static sp_cache_status gone_down(const sp_cache *c, char *why, size_t why_size)
{
  remote *r = c->self;
  pthread_mutex_lock(&r->mu);
  const bool first = !r->down;
  r->down = true;
  pthread_mutex_unlock(&r->mu);
  if (!first)
    return SP_CACHE_DOWN;
  const size_t len = strlen(why);
  if (len < why_size)
    snprintf(why + len, why_size - len, "; the cache %s is not asked again in this run", c->where);
  return SP_CACHE_FAIL;
}

/* An outcome other than an answer, as a status. */
static sp_cache_status no_reply(const sp_cache *c, sp_http_outcome out, char *why, size_t why_size)
{
  return out == SP_HTTP_UNANSWERED  ? gone_down(c, why, why_size)
         : out == SP_HTTP_TOO_LARGE ? SP_CACHE_BAD
                                    : SP_CACHE_FAIL;
}

/* An answer other than the request's own (a 404 to a GET or a HEAD is a
 * miss, said by the caller). A server error (500, 502 no backend, 503
 * overloaded, ...) is the server's state, not the request's: every later
 * request of the run got it too, each a warning (an album's every lookup
 * and every store), so it is down for the run as one that did not answer.
 * 507 (full) is the PUT's alone: what the server holds may still serve. */
static sp_cache_status failed(const sp_cache *c, long status, const char *what, char *why,
                              size_t why_size)
{
  snprintf(why, why_size, "the cache %s answered HTTP %ld to %s", c->where, status, what);
  return status >= 500 && status != 507 ? gone_down(c, why, why_size) : SP_CACHE_FAIL;
}

/* HEAD url: there (HIT), not (MISS), or FAIL. */
static sp_cache_status has(const sp_cache *c, const char *url, char *why, size_t why_size)
{
  long status;
  const sp_http_outcome out = sp_http_head(url, &status, why, why_size);
  if (out != SP_HTTP_ANSWERED)
    return no_reply(c, out, why, why_size);
  if (status == 200)
    return SP_CACHE_HIT;
  if (status == 404)
    return SP_CACHE_MISS;
  return failed(c, status, "a HEAD", why, why_size);
}

/* PUT n bytes (or the file at from) at area/<d>, unless it is there and
 * was not found unusable. */
static sp_cache_status put(sp_cache *c, const char *area, const sp_digest *d, const char *data,
                           size_t n, const char *from, char *why, size_t why_size)
{
  if (down(c, why, why_size))
    return SP_CACHE_DOWN;
  char *url = sp_cache_name(((remote *)c->self)->url, area, d);
  sp_cache_status st = dropped(c->self, d) ? SP_CACHE_MISS : has(c, url, why, why_size);
  long status;
  if (st == SP_CACHE_MISS) {
    const sp_http_outcome out = from ? sp_http_put_file(url, from, &status, why, why_size)
                                     : sp_http_put(url, data, n, &status, why, why_size);
    st = out != SP_HTTP_ANSWERED ? no_reply(c, out, why, why_size)
         : status == 200 || status == 201 || status == 204
             ? SP_CACHE_HIT
             : failed(c, status, "a PUT", why, why_size);
  }
  free(url);
  return st;
}

static sp_cache_status get_entry(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                                 char *why, size_t why_size)
{
  if (down(c, why, why_size))
    return SP_CACHE_DOWN;
  char *url = sp_cache_name(((remote *)c->self)->url, "ac", key);
  /* no manifest is over 64 MB: one announced larger is not an entry, and
   * is not waited on */
  buffer b = {.max = (size_t)64 << 20};
  long status;
  const sp_http_outcome out =
      sp_http_get(url, (int64_t)b.max, into_buffer, &b, &status, why, why_size);
  free(url);
  if (out != SP_HTTP_ANSWERED || (status != 200 && status != 404)) {
    free(b.data);
    return out == SP_HTTP_ANSWERED ? failed(c, status, "a GET", why, why_size)
                                   : no_reply(c, out, why, why_size);
  }
  if (status == 404) {
    free(b.data);
    return SP_CACHE_MISS;
  }
  *text = b.data ? b.data : sp_xstrdup("");
  *n = b.n;
  return SP_CACHE_HIT;
}

static void drop_entry(sp_cache *c, const sp_digest *key) { drop(c->self, key); }

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

/* GET a file into fd through a hash: BAD when it is not size bytes of
 * digest d. */
static sp_cache_status fetch(const sp_cache *c, const char *url, const sp_digest *d, int64_t size,
                             int fd, char *why, size_t why_size)
{
  to_fd t = {.fd = fd, .h = sp_hasher_new(), .max = size};
  long status;
  const sp_http_outcome out = sp_http_get(url, size, into_fd, &t, &status, why, why_size);
  sp_digest got;
  sp_hasher_end(t.h, &got);
  if (t.failed) {
    snprintf(why, why_size, "cannot write a file fetched from the cache: %s", strerror(t.err));
    return SP_CACHE_FAIL;
  }
  if (out == SP_HTTP_TOO_LARGE || (out == SP_HTTP_FAILED && t.n >= size)) {
    snprintf(why, why_size, "%s sends more than the %lld bytes its entry says", c->where,
             (long long)size);
    return SP_CACHE_BAD;
  }
  if (out != SP_HTTP_ANSWERED)
    return no_reply(c, out, why, why_size);
  if (status == 404)
    return SP_CACHE_MISS;
  if (status != 200)
    return failed(c, status, "a GET", why, why_size);
  if (t.n != size || memcmp(got.b, d->b, sizeof d->b) != 0) {
    char hex[SP_DIGEST_HEX];
    sp_digest_hex(d, hex);
    snprintf(why, why_size, "the cache %s sent %lld bytes for %.12s… that are not the %lld bytes "
             "its entry names", c->where, (long long)t.n, hex, (long long)size);
    return SP_CACHE_BAD;
  }
  return SP_CACHE_HIT;
}

static sp_cache_status get_file(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                                size_t why_size)
{
  if (down(c, why, why_size))
    return SP_CACHE_DOWN;
  char *url = sp_cache_name(((remote *)c->self)->url, "cas", d);
  sp_cache_status s = fetch(c, url, d, size, fd, why, why_size);
  if (s == SP_CACHE_BAD)
    drop(c->self, d);
  free(url);
  return s;
}

const sp_cache_backend sp_cache_http = {
    .name = "http",
    .claims = claims,
    .open = open_remote,
    .close = close_remote,
    .get_entry = get_entry,
    .drop_entry = drop_entry,
    .get_file = get_file,
    .put = put,
};
