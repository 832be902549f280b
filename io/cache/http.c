/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP requests through libcurl (io/cache/http.h). One easy handle a request:
 * the cache makes a few requests a song, each a whole file or a small
 * manifest, so connection reuse is not worth a shared handle's locks.
 *
 * libcurl is loaded by the first request, not when stemprint starts: it
 * and the thirty libraries it needs (TLS, Kerberos, LDAP, IDN, ...) took
 * 14 ms to load on every command (40 % of `stemprint --version`), and only
 * a cache at an http:// address uses it. */

#include "io/cache/http.h"

#include "core/base/alloc.h"
#include "io/fs/fs.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The libcurl functions used here, found in libcurl.so.4 (the soname of
 * libcurl 7 and 8) by load(). */
static struct {
  CURLcode (*global_init)(long flags);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *c, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL *c);
  CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
  void (*easy_cleanup)(CURL *c);
  const char *(*easy_strerror)(CURLcode rc);
} curl;
static char load_error[256]; /* why libcurl could not be loaded */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
  const struct {
    const char *name;
    void **slot; /* POSIX's way to a function from dlsym */
  } want[] = {{"curl_global_init", (void **)&curl.global_init},
              {"curl_easy_init", (void **)&curl.easy_init},
              {"curl_easy_setopt", (void **)&curl.easy_setopt},
              {"curl_easy_perform", (void **)&curl.easy_perform},
              {"curl_easy_getinfo", (void **)&curl.easy_getinfo},
              {"curl_easy_cleanup", (void **)&curl.easy_cleanup},
              {"curl_easy_strerror", (void **)&curl.easy_strerror}};
  void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(load_error, sizeof load_error,
             "an http:// cache needs libcurl, which cannot be loaded (%s); install Debian's "
             "libcurl4",
             dlerror());
    return;
  }
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    if (!(*want[i].slot = dlsym(lib, want[i].name))) {
      snprintf(load_error, sizeof load_error,
               "the libcurl installed here has no %s; install Debian's libcurl4", want[i].name);
      curl.easy_init = NULL;
      return;
    }
  if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(load_error, sizeof load_error, "libcurl could not start (curl_global_init)");
    curl.easy_init = NULL;
  }
}

typedef struct get_ctx {
  sp_http_sink sink;
  void *ctx;
  CURL *c;
  bool stopped;
} get_ctx;

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
  get_ctx *g = arg;
  long status = 0;
  curl.easy_getinfo(g->c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200)
    return size * n; /* an error page is not a file */
  if (!g->sink(g->ctx, data, size * n)) {
    g->stopped = true;
    return 0; /* curl stops with a write error */
  }
  return size * n;
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
  (void)data;
  (void)arg;
  return size * n;
}

/* A request's handle, its errors into err; NULL with why when curl
 * cannot make one. */
static CURL *handle(const char *url, char *err, char *why, size_t why_size)
{
  pthread_once(&once, load);
  if (!curl.easy_init) {
    snprintf(why, why_size, "%s", load_error);
    return NULL;
  }
  CURL *c = curl.easy_init();
  if (!c) {
    snprintf(why, why_size, "cannot start an HTTP request");
    return NULL;
  }
  curl.easy_setopt(c, CURLOPT_URL, url);
  curl.easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)SP_HTTP_CONNECT_SECONDS);
  curl.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)SP_HTTP_STALL_SECONDS);
  curl.easy_setopt(c, CURLOPT_USERAGENT, "stemprint/" SP_VERSION);
  /* http and https only (a redirect to file:// is not followed); a libcurl
   * older than 7.85 has only the bitmask option */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  if (curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK &&
      curl.easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK) {
#pragma GCC diagnostic pop
    snprintf(why, why_size, "the libcurl installed here cannot be kept to http and https");
    curl.easy_cleanup(c);
    return NULL;
  }
  curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  err[0] = '\0';
  return c;
}

/* Perform c; the status, or false with why. */
static bool perform(CURL *c, const char *url, const char *err, long *status, char *why,
                    size_t why_size)
{
  CURLcode rc = curl.easy_perform(c);
  *status = 0;
  if (rc != CURLE_OK) {
    char *safe = sp_http_redact(url);
    snprintf(why, why_size, "%s: %s", safe, err[0] ? err : curl.easy_strerror(rc));
    free(safe);
    return false;
  }
  curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  return true;
}

bool sp_http_get(const char *url, sp_http_sink sink, void *ctx, long *status, char *why,
                 size_t why_size)
{
  char err[CURL_ERROR_SIZE];
  CURL *c = handle(url, err, why, why_size);
  if (!c)
    return false;
  get_ctx g = {sink, ctx, c, false};
  curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl.easy_setopt(c, CURLOPT_WRITEDATA, &g);
  bool ok = perform(c, url, err, status, why, why_size);
  curl.easy_cleanup(c);
  return ok && !g.stopped;
}

bool sp_http_head(const char *url, long *status, char *why, size_t why_size)
{
  char err[CURL_ERROR_SIZE];
  CURL *c = handle(url, err, why, why_size);
  if (!c)
    return false;
  curl.easy_setopt(c, CURLOPT_NOBODY, 1L);
  bool ok = perform(c, url, err, status, why, why_size);
  curl.easy_cleanup(c);
  return ok;
}

/* PUT size bytes of f at url (curl's default reader: fread). */
static bool put_stream(const char *url, FILE *f, off_t size, long *status, char *why,
                       size_t why_size)
{
  char err[CURL_ERROR_SIZE];
  CURL *c = handle(url, err, why, why_size);
  if (!c)
    return false;
  curl.easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl.easy_setopt(c, CURLOPT_READDATA, f);
  curl.easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  bool ok = perform(c, url, err, status, why, why_size);
  curl.easy_cleanup(c);
  return ok;
}

bool sp_http_put(const char *url, const void *data, size_t n, long *status, char *why,
                 size_t why_size)
{
  /* a stream of no bytes is not one fmemopen makes everywhere: one byte
   * that is never read */
  FILE *f = fmemopen((void *)data, n ? n : 1, "rb");
  if (!f) {
    snprintf(why, why_size, "cannot send %zu bytes: %s", n, strerror(errno));
    return false;
  }
  bool ok = put_stream(url, f, (off_t)n, status, why, why_size);
  fclose(f);
  return ok;
}

bool sp_http_put_file(const char *url, const char *path, long *status, char *why, size_t why_size)
{
  struct stat st; /* by the shared opener: a FIFO or a device where a print was is refused */
  char own[512];
  FILE *f =
      sp_fs_fopen_regular(path, "a file to send", "regular files to a cache", &st, own, sizeof own);
  if (!f) {
    snprintf(why, why_size, "cannot read %s: %s", path, own);
    return false;
  }
  bool ok = put_stream(url, f, st.st_size, status, why, why_size);
  fclose(f);
  return ok;
}

char *sp_http_redact(const char *url)
{
  const char *scheme = strstr(url, "://");
  if (!scheme)
    return sp_xstrdup(url);
  const char *host = scheme + 3;
  const char *at = strchr(host, '@');
  const char *slash = strchr(host, '/');
  if (!at || (slash && at > slash))
    return sp_xstrdup(url);
  return sp_xasprintf("%.*s***@%s", (int)(host - url), url, at + 1);
}
