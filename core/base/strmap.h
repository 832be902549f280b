/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_STRMAP_H
#define SP_STRMAP_H

/* A map of texts to numbers (an index into the caller's own list), for a
 * lookup by name among many in constant time where a scan of them all
 * for each would make a big session quadratic: a graph's nodes by name, a
 * session's strips by id, the files a build or a command reads by name or
 * by identity (core/media/media.h), a DAWproject's entries extracted.
 * Open addressing, FNV-1a; keys copied. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_strmap {
  char **keys; /* [cap], NULL: empty */
  size_t *values;
  uint64_t *hashes; /* each key's, compared before the key */
  size_t n, cap;
} sp_strmap;

/* Whether m holds key; its value in *value (may be NULL). */
bool sp_strmap_get(const sp_strmap *m, const char *key, size_t *value);
/* key's value in m, set to value unless m holds it already: the value it
 * holds then (the first one put stands). */
size_t sp_strmap_put(sp_strmap *m, const char *key, size_t value);
/* key's value in m set to value, whether m held it or not (the last
 * set stands). */
void sp_strmap_set(sp_strmap *m, const char *key, size_t value);
/* What m holds freed (m itself zeroed: an empty map again). */
void sp_strmap_fini(sp_strmap *m);

#endif
