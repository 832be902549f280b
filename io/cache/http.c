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
#include "core/base/bytes.h"
#include "io/fs/fs.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
/* SP_HTTP_ANSWER_SECONDS, or $STEMPRINT_CACHE_ANSWER_SECONDS (set by load()) */
static double answer_seconds = SP_HTTP_ANSWER_SECONDS;

static void load(void)
{
  /* the tests' shorter wait: a server that does not answer or trickles is
   * given up in 1 s, not 5 */
  const char *v = getenv("STEMPRINT_CACHE_ANSWER_SECONDS");
  char *end;
  const double s = v && *v ? strtod(v, &end) : 0;
  if (v && *v && *end == '\0' && s > 0 && s <= 3600)
    answer_seconds = s;
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

/* One request: what its callbacks learn (curl's handle, its errors). */
typedef struct request {
  CURL *c;
  const char *url;
  char err[CURL_ERROR_SIZE];
  curl_off_t upload; /* the bytes it sends (a PUT's), 0 for a GET or a HEAD */
  int64_t max;       /* a GET's bound on a 200's body, 0 for none */
  double started;    /* when it was made */
  double sent_at;    /* when the last byte was sent (0: not yet) */
  bool answered;     /* a header line came */
  bool unanswered;   /* none came within SP_HTTP_ANSWER_SECONDS of sending */
  bool slow;         /* moved less than SP_HTTP_MIN_RATE on average */
  curl_off_t moved;  /* the bytes it had moved when found slow */
  bool too_large;    /* a 200 announced more than max bytes */
  int64_t announced;
  sp_http_sink sink; /* a GET's */
  void *ctx;
  bool stopped; /* the sink stopped it */
} request;

/* Each header line: the answer has come; a 200 that announces more than
 * max bytes is refused here (curl stops with a write error), before its
 * body is waited on. */
static size_t on_header(char *line, size_t size, size_t n, void *arg)
{
  request *q = arg;
  q->answered = true;
  static const char name[] = "content-length:";
  long status = 0;
  if (q->max > 0 && size * n > sizeof name - 1 && strncasecmp(line, name, sizeof name - 1) == 0 &&
      curl.easy_getinfo(q->c, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200) {
    const long long len = strtoll(line + sizeof name - 1, NULL, 10);
    if (len > q->max) {
      q->too_large = true;
      q->announced = len;
      return 0;
    }
  }
  return size * n;
}

/* Called by curl about once a second, answer or not, and as bytes move.
 * A request sent whole (a GET or a HEAD at once, a PUT when its last byte
 * is out) that has had no answer for SP_HTTP_ANSWER_SECONDS is given up
 * (a server that accepted the connection and says nothing would otherwise
 * be waited on until the stall's limit). One that is sending or being
 * answered is given up when it has moved less than SP_HTTP_MIN_RATE a
 * second since it was made, its first SP_HTTP_ANSWER_SECONDS not counted:
 * the stall's 1 KB/s is only a floor, and a server that trickles above
 * it (64 MB of manifest at 2 KB/s: 9 hours) would hold the render for as
 * long as it trickles. */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
  (void)dltotal;
  (void)ultotal;
  request *q = arg;
  const double t = sp_now_s();
  if (!q->answered && ulnow >= q->upload) {
    if (q->sent_at == 0)
      q->sent_at = t;
    if (t - q->sent_at < answer_seconds)
      return 0;
    q->unanswered = true;
    return 1; /* curl stops with CURLE_ABORTED_BY_CALLBACK */
  }
  const double late = t - q->started - answer_seconds;
  if (late <= 0 || (double)(dlnow + ulnow) >= late * SP_HTTP_MIN_RATE)
    return 0;
  q->slow = true;
  q->moved = dlnow + ulnow;
  return 1;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
  request *q = arg;
  long status = 0;
  curl.easy_getinfo(q->c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200 || !q->sink)
    return size * n; /* an error page is not a file */
  if (!q->sink(q->ctx, data, size * n)) {
    q->stopped = true;
    return 0; /* curl stops with a write error */
  }
  return size * n;
}

/* q's handle for url, its errors into q->err; false with why when curl
 * cannot make one. */
static bool handle(request *q, const char *url, char *why, size_t why_size)
{
  pthread_once(&once, load);
  if (!curl.easy_init) {
    snprintf(why, why_size, "%s", load_error);
    return false;
  }
  CURL *c = curl.easy_init();
  if (!c) {
    snprintf(why, why_size, "cannot start an HTTP request");
    return false;
  }
  q->c = c;
  q->url = url;
  q->started = sp_now_s();
  q->err[0] = '\0';
  curl.easy_setopt(c, CURLOPT_URL, url);
  curl.easy_setopt(c, CURLOPT_ERRORBUFFER, q->err);
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
    return false;
  }
  curl.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(c, CURLOPT_HEADERDATA, q);
  curl.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl.easy_setopt(c, CURLOPT_XFERINFODATA, q);
  curl.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl.easy_setopt(c, CURLOPT_WRITEDATA, q);
  return true;
}

/* Perform q and free its handle: its outcome, the status, why. */
static sp_http_outcome perform(request *q, long *status, char *why, size_t why_size)
{
  CURLcode rc = curl.easy_perform(q->c);
  *status = 0;
  sp_http_outcome out = SP_HTTP_ANSWERED;
  if (rc == CURLE_OK) {
    curl.easy_getinfo(q->c, CURLINFO_RESPONSE_CODE, status);
  } else {
    char *safe = sp_http_redact(q->url);
    if (q->too_large) {
      out = SP_HTTP_TOO_LARGE;
      snprintf(why, why_size,
               "%s: announced as %lld bytes, more than the %lld it may be; not waited on", safe,
               (long long)q->announced, (long long)q->max);
    } else {
      /* a sink that stopped has said why; a file that cannot be read is this side's */
      out = q->stopped || rc == CURLE_READ_ERROR ? SP_HTTP_FAILED : SP_HTTP_UNANSWERED;
      if (q->unanswered)
        snprintf(why, why_size, "%s: no answer within %g s", safe, answer_seconds);
      else if (q->slow)
        snprintf(why, why_size,
                 "%s: %lld bytes in %.1f s, less than the %d KB/s a cache must move to be "
                 "quicker than rendering (a cache nearer this machine, or --no-cache, spares "
                 "the wait)",
                 safe, (long long)q->moved, sp_now_s() - q->started, SP_HTTP_MIN_RATE / 1024);
      else
        snprintf(why, why_size, "%s: %s", safe, q->err[0] ? q->err : curl.easy_strerror(rc));
    }
    free(safe);
  }
  curl.easy_cleanup(q->c);
  return out;
}

sp_http_outcome sp_http_get(const char *url, int64_t max, sp_http_sink sink, void *ctx,
                            long *status, char *why, size_t why_size)
{
  request q = {.max = max, .sink = sink, .ctx = ctx};
  if (!handle(&q, url, why, why_size))
    return SP_HTTP_FAILED;
  return perform(&q, status, why, why_size);
}

sp_http_outcome sp_http_head(const char *url, long *status, char *why, size_t why_size)
{
  request q = {0};
  if (!handle(&q, url, why, why_size))
    return SP_HTTP_FAILED;
  curl.easy_setopt(q.c, CURLOPT_NOBODY, 1L);
  return perform(&q, status, why, why_size);
}

/* PUT size bytes of f at url (curl's default reader: fread). */
static sp_http_outcome put_stream(const char *url, FILE *f, off_t size, long *status, char *why,
                                  size_t why_size)
{
  request q = {.upload = (curl_off_t)size};
  if (!handle(&q, url, why, why_size))
    return SP_HTTP_FAILED;
  curl.easy_setopt(q.c, CURLOPT_UPLOAD, 1L);
  curl.easy_setopt(q.c, CURLOPT_READDATA, f);
  curl.easy_setopt(q.c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  return perform(&q, status, why, why_size);
}

sp_http_outcome sp_http_put(const char *url, const void *data, size_t n, long *status, char *why,
                            size_t why_size)
{
  /* a stream of no bytes is not one fmemopen makes everywhere: one byte
   * that is never read */
  FILE *f = fmemopen((void *)data, n ? n : 1, "rb");
  if (!f) {
    snprintf(why, why_size, "cannot send %zu bytes: %s", n, strerror(errno));
    return SP_HTTP_FAILED;
  }
  sp_http_outcome out = put_stream(url, f, (off_t)n, status, why, why_size);
  fclose(f);
  return out;
}

sp_http_outcome sp_http_put_file(const char *url, const char *path, long *status, char *why,
                                 size_t why_size)
{
  struct stat st; /* by the shared opener: a FIFO or a device where a print was is refused */
  char own[512];
  FILE *f =
      sp_fs_fopen_regular(path, "a file to send", "regular files to a cache", &st, own, sizeof own);
  if (!f) {
    snprintf(why, why_size, "cannot read %s: %s", path, own);
    return SP_HTTP_FAILED;
  }
  sp_http_outcome out = put_stream(url, f, st.st_size, status, why, why_size);
  fclose(f);
  return out;
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
