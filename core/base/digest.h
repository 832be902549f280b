/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIGEST_H
#define SP_DIGEST_H

/* SHA-256 digests of bytes (through nettle; the only module that includes
 * it): a cache key, a file's content. Reading files to digest them is the
 * cache's (io/cache/digests.h). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SP_DIGEST_BYTES = 32, SP_DIGEST_HEX = 65 };

typedef struct sp_digest {
  unsigned char b[SP_DIGEST_BYTES];
} sp_digest;

/* A SHA-256 computed piece by piece. */
typedef struct sp_hasher sp_hasher;
sp_hasher *sp_hasher_new(void);
void sp_hasher_add(sp_hasher *h, const void *data, size_t n);
/* The digest of everything added; frees h. */
void sp_hasher_end(sp_hasher *h, sp_digest *out);

/* The digest of n bytes at data. */
void sp_digest_bytes(const void *data, size_t n, sp_digest *out);
/* Its 64 lowercase hex digits and a NUL. */
void sp_digest_hex(const sp_digest *d, char hex[SP_DIGEST_HEX]);
/* 64 hex digits (either case) into *out; false if s is not exactly that. */
bool sp_digest_from_hex(const char *s, sp_digest *out);

/* A file's digest, as a digest source reports it (io/cache/digests.h:
 * sp_digest_file). */
typedef struct sp_file_digest {
  sp_digest digest;
  int64_t size;    /* bytes */
  bool from_index; /* known by its identity: not read */
} sp_file_digest;

#endif
