/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the init engine's files share (io/init/init*.c, nothing else): ASCII
 * character classes, a file's length, and the names the scan hands out.
 * The classes are ASCII on purpose: <ctype.h>'s depend on the locale, and
 * a name's bytes above 0x7F are never letters here. */
#ifndef SP_RECIPE_INIT_INTERNAL_H
#define SP_RECIPE_INIT_INTERNAL_H

#include "io/init/init.h"

#include <stdbool.h>
#include <stddef.h>

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }
static inline char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }

/* The file's length in seconds. */
static inline double init_seconds(const sp_init_file *f)
{
  return (double)f->info.frames / f->info.sample_rate;
}

/* ---- init_names.c ---- */

/* The names given out so far: tracks, return buses, group buses share one
 * namespace. */
typedef struct init_names {
  char **v;
  size_t n, cap;
} init_names;

bool init_names_has(const init_names *s, const char *name);

/* base, or base_2, base_3, ... : the first that is free and not reserved
 * (master, none); added to s. Returns a heap string. */
char *init_unique_name(init_names *s, const char *base);

void init_names_fini(init_names *s);

/* The file name without its extension, as a heap string. */
char *init_base_name(const char *file);

#endif
