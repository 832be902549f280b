/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the recipe parser's files share (recipe/parse*.c, nothing else): the
 * parser state, the error helper that places a problem at a YAML node (or,
 * without one, where the recipe path was written), and the readers each
 * file offers the others. */
#ifndef SP_RECIPE_PARSE_INTERNAL_H
#define SP_RECIPE_PARSE_INTERNAL_H

#include "core/base/diag.h"
#include "core/base/units.h"
#include "core/recipe/recipe.h"
#include "io/recipe/yamltree.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct parser {
  sp_recipe *r;
  sp_diags *d;
} parser;

void recipe_err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define bad(p, n, path, ...) recipe_err((p), (n), SP_ERR_USAGE, (path), __VA_ARGS__)

/* parse.c */
char *recipe_join(const char *path, const char *key);
char *recipe_index_path(const char *path, size_t i);
char *recipe_resolve(const sp_recipe *r, const char *file);

/* parse_values.c */
bool recipe_in_list(const char *key, const char *const *allowed);
size_t recipe_list_len(const char *const *v);
const char *recipe_suggest_key(const char *key, const char *const *allowed);
bool recipe_check_keys_but(parser *p, const sp_ynode *map, const char *path,
                           const char *const *allowed, const char *const *elsewhere,
                           const char *what);
bool recipe_check_keys(parser *p, const sp_ynode *map, const char *path, const char *const *allowed,
                       const char *what);
void recipe_range_error(parser *p, const sp_ynode *n, const char *path, double v, sp_unit u,
                        double min, double max);
bool recipe_get_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                      double max, double *out);
bool recipe_get_time(parser *p, const sp_ynode *n, const char *path, sp_time *out);
bool recipe_get_auto(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                     double max, sp_auto *out);
bool recipe_get_level(parser *p, const sp_ynode *n, const char *path, sp_auto *out);
bool recipe_get_bool(parser *p, const sp_ynode *n, const char *path, bool *out);
bool recipe_get_string(parser *p, const sp_ynode *n, const char *path, const char *what,
                       char **out);
bool recipe_valid_name(const char *s);
bool recipe_check_name(parser *p, const sp_ynode *k, const char *path, const char *what);

/* parse_inserts.c */
void recipe_parse_insert(parser *p, const sp_ynode *item, const char *path, sp_strip *s);

/* parse_output.c */
void recipe_parse_stems(parser *p, const sp_ynode *v);
void recipe_parse_versions(parser *p, const sp_ynode *v);
void recipe_parse_output(parser *p, const sp_ynode *v);
void recipe_parse_checks(parser *p, const sp_ynode *v);

#endif
