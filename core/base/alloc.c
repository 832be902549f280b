/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers. An allocation failure in a command-line renderer has
 * no useful recovery, so we abort with the size instead of threading NULL
 * checks through every caller. */

#include "core/base/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(size_t size)
{
  fprintf(stderr, "stemprint: fatal: out of memory allocating %zu bytes\n", size);
  abort();
}

void *sp_xmalloc(size_t size)
{
  void *p = malloc(size ? size : 1);
  if (!p)
    die(size);
  return p;
}

void *sp_xcalloc(size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size)
    die(SIZE_MAX);
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    die(n * size);
  return p;
}

void *sp_xrealloc(void *p, size_t size)
{
  void *q = realloc(p, size ? size : 1);
  if (!q)
    die(size);
  return q;
}

void *sp_xreallocarray(void *p, size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size)
    die(SIZE_MAX);
  return sp_xrealloc(p, n * size);
}

char *sp_xstrdup(const char *s)
{
  if (!s)
    return NULL;
  size_t len = strlen(s) + 1;
  char *p = sp_xmalloc(len);
  memcpy(p, s, len);
  return p;
}

/* Formatted once into a buffer on the stack, and again only when the
 * text is longer: most are short (a recipe's key paths, its numbers), and
 * formatting each twice was a tenth of an import's time. */
char *sp_xasprintf(const char *fmt, ...)
{
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (len < 0)
    die(0);
  char *p = sp_xmalloc((size_t)len + 1);
  if ((size_t)len < sizeof buf) {
    memcpy(p, buf, (size_t)len + 1);
    return p;
  }
  va_start(ap, fmt);
  vsnprintf(p, (size_t)len + 1, fmt, ap);
  va_end(ap);
  return p;
}

char *sp_xjoin(const char *a, char sep, const char *b)
{
  const size_t na = strlen(a), nb = strlen(b);
  char *s = sp_xmalloc(na + nb + 2);
  memcpy(s, a, na);
  s[na] = sep;
  memcpy(s + na + 1, b, nb + 1);
  return s;
}

void sp_free_strings(char **v, size_t n)
{
  for (size_t i = 0; v && i < n; i++)
    free(v[i]);
  free(v);
}
