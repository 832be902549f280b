/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_ALLOC_H
#define SP_ALLOC_H

/* Allocation that cannot return NULL: running out of memory prints the size
 * that was asked for and aborts (STYLE rule 6). Sizes are overflow-checked. */

#include <stddef.h>

void *sp_xmalloc(size_t size);
/* Zeroed array of n elements of size bytes; aborts on overflow. */
void *sp_xcalloc(size_t n, size_t size);
void *sp_xrealloc(void *p, size_t size);
/* realloc for arrays: n elements of size bytes, overflow-checked. */
void *sp_xreallocarray(void *p, size_t n, size_t size);
/* Copy of s (NULL gives NULL). */
char *sp_xstrdup(const char *s);
/* printf into a fresh heap string. */
char *sp_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* a, sep, b as one fresh string (sp_xasprintf("%s%c%s") without printf:
 * a recipe's key paths are made by the hundred thousand). */
char *sp_xjoin(const char *a, char sep, const char *b);
/* Free the strings v[0 .. n) and v itself. */
void sp_free_strings(char **v, size_t n);

/* Grow a dynamic array so that it can hold n + 1 elements:
 *   SP_GROW(v, n, cap); v[n++] = x;                                          */
#define SP_GROW(v, n, cap)                                                                         \
  do {                                                                                             \
    if ((n) >= (cap)) {                                                                            \
      (cap) = (cap) ? 2 * (cap) : 8;                                                               \
      (v) = sp_xreallocarray((v), (cap), sizeof *(v));                                             \
    }                                                                                              \
  } while (0)

#endif
