/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A map of texts to numbers (core/base/strmap.h). */

#include "core/base/strmap.h"

#include "core/base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
  uint64_t h = 14695981039346656037u; /* FNV-1a, 64 bits */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  /* its high bits into its low ones, which a slot is taken from: a
   * product's low bits hear only its factors' low bits, so texts that
   * differ in their characters' high bits (paths of numbered items)
   * would crowd into runs of slots */
  return h ^ (h >> 32);
}

/* The slot of key (its hash h) in m (cap a power of two): its own, or
 * the empty one where it would go. */
static size_t slot(const sp_strmap *m, const char *key, uint64_t h)
{
  size_t i = (size_t)h & (m->cap - 1);
  while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
    i = (i + 1) & (m->cap - 1);
  return i;
}

bool sp_strmap_get(const sp_strmap *m, const char *key, size_t *value)
{
  if (!m->n)
    return false;
  const size_t i = slot(m, key, hash(key));
  if (m->keys[i] && value)
    *value = m->values[i];
  return m->keys[i] != NULL;
}

/* m at twice its room, each key where it goes now. */
static void grow(sp_strmap *m)
{
  sp_strmap g = {.cap = m->cap ? 2 * m->cap : 16, .n = m->n};
  g.keys = sp_xcalloc(g.cap, sizeof *g.keys);
  g.values = sp_xcalloc(g.cap, sizeof *g.values);
  g.hashes = sp_xcalloc(g.cap, sizeof *g.hashes);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      const size_t j = slot(&g, m->keys[i], m->hashes[i]);
      g.keys[j] = m->keys[i];
      g.values[j] = m->values[i];
      g.hashes[j] = m->hashes[i];
    }
  free(m->keys);
  free(m->values);
  free(m->hashes);
  *m = g;
}

/* key's slot in m, made (with value) where m does not hold it. */
static size_t slot_made(sp_strmap *m, const char *key, size_t value)
{
  if (2 * (m->n + 1) > m->cap) /* at most half full: short runs of slots */
    grow(m);
  const uint64_t h = hash(key);
  const size_t i = slot(m, key, h);
  if (!m->keys[i]) {
    m->keys[i] = sp_xstrdup(key);
    m->values[i] = value;
    m->hashes[i] = h;
    m->n++;
  }
  return i;
}

size_t sp_strmap_put(sp_strmap *m, const char *key, size_t value)
{
  const size_t i = slot_made(m, key, value); /* (before m->values: it may grow them) */
  return m->values[i];
}

void sp_strmap_set(sp_strmap *m, const char *key, size_t value)
{
  const size_t i = slot_made(m, key, value);
  m->values[i] = value;
}

void sp_strmap_fini(sp_strmap *m)
{
  for (size_t i = 0; i < m->cap; i++)
    free(m->keys[i]);
  free(m->keys);
  free(m->values);
  free(m->hashes);
  *m = (sp_strmap){0};
}
