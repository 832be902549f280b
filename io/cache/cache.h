/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CACHE_H
#define SP_CACHE_H

/* A store of renders addressed by content (docs/cache.md), laid out as
 * Bazel's remote cache is:
 *
 *   <store>/ac/<key>      a render's entry: its manifest, a small text
 *                         naming the files it printed by their digests
 *   <store>/cas/<sha256>  a file's bytes, named by their SHA-256
 *
 * This module stores and fetches bytes; what a key is and what an entry
 * says is the engine's (core/job/job.h) and the report's business. A store is
 * a folder, shared by every render on a machine (or by machines on a
 * shared file system), or an HTTP server speaking Bazel's remote-cache
 * protocol: two backends behind one table (io/cache/backend.h), chosen
 * once when the store is opened.
 *
 * Every write goes to a temporary file in the store and is linked into
 * place only when complete, and never over an entry that is there: two
 * renders storing the same key at once both succeed, the first one's
 * entry stays. Every file fetched is checked against its digest while it
 * is copied; a file whose identity (io/cache/digests.h) the digest index already
 * vouches for is copied without hashing it again. */

#include "core/base/diag.h"
#include "io/cache/digests.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_cache_status {
  SP_CACHE_HIT,  /* found (and, for a file, checked) */
  SP_CACHE_MISS, /* not there */
  SP_CACHE_BAD,  /* there but not what it should be (why says): treat as a miss */
  SP_CACHE_FAIL, /* the store cannot be read or written (why says) */
  /* the output folder refuses a file the entry would land (a folder at
   * its name: why says): a render would be refused the same way */
  SP_CACHE_REFUSED,
  /* a server found not to answer earlier in this run (said then, by the
   * request that found it: SP_CACHE_FAIL) is not asked again: a miss, or
   * a store not made, with nothing more to say */
  SP_CACHE_DOWN,
} sp_cache_status;

typedef struct sp_cache sp_cache;

/* Whether where names a store stemprint can use: a folder, or an
 * http:// or https:// URL (any case). SP_ERR_USAGE with why (naming
 * where, without its password, and what is spoken) for a URL of another
 * scheme (s3://, gs://, ftp://), which is never taken for a folder. */
sp_err sp_cache_check(const char *where, char *why, size_t why_size);

/* The store at where: a folder (made when missing) or a server.
 * index (may be NULL) spares hashing files it knows, and remembers those
 * it checks. NULL with why when the folder cannot be made or used, or
 * where is not a store (sp_cache_check). */
sp_cache *sp_cache_open(const char *where, sp_digest_index *index, char *why, size_t why_size);
void sp_cache_close(sp_cache *c);
/* Where it is, as given (an HTTP store's without its password). */
const char *sp_cache_where(const sp_cache *c);
/* Which backend serves it (io/cache/backend.h): "folder" or "http". */
const char *sp_cache_backend_name(const sp_cache *c);

/* The entry of key (its text, a heap string of *n bytes). */
sp_cache_status sp_cache_get_entry(sp_cache *c, const sp_digest *key, char **text, size_t *n,
                                   char *why, size_t why_size);
/* Store key's entry unless it has one (SP_CACHE_HIT either way). */
sp_cache_status sp_cache_put_entry(sp_cache *c, const sp_digest *key, const char *text, size_t n,
                                   char *why, size_t why_size);

/* Remove key's entry (one found unusable), so that the next render
 * stores a good one. */
void sp_cache_drop_entry(sp_cache *c, const sp_digest *key);

/* Copy the file whose digest is d and size is size into fd (at its
 * position), checked: SP_CACHE_BAD when its size or digest is not what
 * the entry says (the store's copy is then removed). */
sp_cache_status sp_cache_get_file(sp_cache *c, const sp_digest *d, int64_t size, int fd, char *why,
                                  size_t why_size);
/* Store the file at path, whose digest is d, unless the store has it. */
sp_cache_status sp_cache_put_file(sp_cache *c, const sp_digest *d, const char *path, char *why,
                                  size_t why_size);

#endif
