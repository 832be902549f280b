/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CACHE_BACKEND_H
#define SP_CACHE_BACKEND_H

/* What a cache backend is (io/cache/cache.h's stores): a const table of
 * the operations a store has, as libsndfile has one per format. cache.c
 * picks a backend once, at open, from the first whose claims() accepts
 * where (the folder, last, accepts anything), and calls through the table
 * from then on; the backend never sees another's state.
 *
 * A new backend is its file (io/cache/<name>.c) defining one of these,
 * one line in cache.c's table, and the file in CMakeLists.txt. */

#include "io/cache/cache.h"

struct sp_cache {
  const struct sp_cache_backend *backend;
  char *where;            /* as messages show it (no password): set by open */
  sp_digest_index *index; /* may be NULL */
  void *self;             /* the backend's own state */
};

typedef struct sp_cache_backend {
  const char *name; /* "folder", "http" */
  /* Whether where names a store of this kind. */
  bool (*claims)(const char *where);
  /* Set c->where and c->self; false with why when the store cannot be
   * used (c is then freed by the caller). */
  bool (*open)(sp_cache *c, const char *where, char *why, size_t why_size);
  /* Free c->self (c->where is the caller's). */
  void (*close)(sp_cache *c);
  /* As sp_cache_get_entry ... sp_cache_get_file in io/cache/cache.h. */
  sp_cache_status (*get_entry)(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                               char *why, size_t why_size);
  void (*drop_entry)(sp_cache *c, const sp_digest *key);
  sp_cache_status (*get_file)(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                              size_t why_size);
  /* Store, under area/<d>, n bytes of data (an entry: area "ac", d its
   * key) or the file at from (area "cas", d its digest), as
   * sp_cache_put_entry and sp_cache_put_file. */
  sp_cache_status (*put)(sp_cache *c, const char *area, const sp_digest *d, const char *data,
                         size_t n, const char *from, char *why, size_t why_size);
} sp_cache_backend;

/* base/area/<d in hex>: where a store keeps a thing (heap). */
char *sp_cache_name(const char *base, const char *area, const sp_digest *d);

extern const sp_cache_backend sp_cache_folder; /* io/cache/folder.c */
extern const sp_cache_backend sp_cache_http;   /* io/cache/remote.c */

#endif
