/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render cache (io/cache/cache.h): its backends, one chosen at open.
 *
 *   sp_cache_open(where) ─► the first backend that claims where
 *                           (http:// and https://, in any case:
 *                           io/cache/remote.c; anything but another
 *                           scheme://: a folder, io/cache/folder.c; a
 *                           URL of another scheme: none, an error)
 *   every other call     ─► that backend's row (io/cache/backend.h)
 *
 * What a store holds and how it is checked is each backend's; this file
 * only chooses and forwards. */

#include "io/cache/backend.h"

#include "core/base/alloc.h"
#include "io/cache/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In the order they are asked; the folder claims anything but a URL, so
 * it is last. */
static const sp_cache_backend *const backends[] = {
    &sp_cache_http,
    &sp_cache_folder,
};

/* The backend that claims where, or NULL with why. */
static const sp_cache_backend *backend_of(const char *where, char *why, size_t why_size)
{
  for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
    if (backends[i]->claims(where))
      return backends[i];
  char *safe = sp_http_redact(where); /* a URL's password is never printed */
  const char *colon = strchr(safe, ':');
  snprintf(why, why_size,
           "%s: stemprint does not speak %.*s://; a cache is a folder, or an http:// or "
           "https:// URL (a server speaking Bazel's HTTP cache protocol, which may keep its files "
           "in a bucket: docs/cache.md)",
           safe, (int)(colon - safe), safe);
  free(safe);
  return NULL;
}

sp_err sp_cache_check(const char *where, char *why, size_t why_size)
{
  return backend_of(where, why, why_size) ? SP_OK : SP_ERR_USAGE;
}

sp_cache *sp_cache_open(const char *where, sp_digest_index *index, char *why, size_t why_size)
{
  const sp_cache_backend *b = backend_of(where, why, why_size);
  if (!b)
    return NULL;
  sp_cache *c = sp_xcalloc(1, sizeof *c);
  c->backend = b;
  c->index = index;
  if (!b->open(c, where, why, why_size)) {
    free(c->where);
    free(c);
    return NULL;
  }
  return c;
}

void sp_cache_close(sp_cache *c)
{
  if (!c)
    return;
  c->backend->close(c);
  free(c->where);
  free(c);
}

char *sp_cache_name(const char *base, const char *area, const sp_digest *d)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(d, hex);
  return sp_xasprintf("%s/%s/%s", base, area, hex);
}

const char *sp_cache_where(const sp_cache *c) { return c->where; }

const char *sp_cache_backend_name(const sp_cache *c) { return c->backend->name; }

sp_cache_status sp_cache_get_entry(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                                   char *why, size_t why_size)
{
  *text = NULL;
  *n = 0;
  return c->backend->get_entry(c, key, text, n, why, why_size);
}

sp_cache_status sp_cache_put_entry(sp_cache *c, const sp_digest *key, const char *text, size_t n,
                                   char *why, size_t why_size)
{
  return c->backend->put(c, "ac", key, text, n, NULL, why, why_size);
}

void sp_cache_drop_entry(sp_cache *c, const sp_digest *key) { c->backend->drop_entry(c, key); }

sp_cache_status sp_cache_get_file(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                                  size_t why_size)
{
  return c->backend->get_file(c, d, size, fd, why, why_size);
}

sp_cache_status sp_cache_put_file(sp_cache *c, const sp_digest *d, const char *path, char *why,
                                  size_t why_size)
{
  return c->backend->put(c, "cas", d, NULL, 0, path, why, why_size);
}
