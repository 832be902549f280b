/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_PARSE_H
#define SP_RECIPE_PARSE_H

/* YAML recipe text → sp_recipe (format 1, docs/recipe.md).
 *
 * Every problem is collected into d with file:line:col, the recipe path of
 * the object at fault and the fix; parsing goes on after an error so a user
 * sees all of them at once. On return *out holds the recipe (with defaults
 * where a value was wrong) unless the text could not be read or is not YAML;
 * the result is SP_OK only when no error was recorded. Routing (names that
 * must exist, cycles, stems) is checked later by the graph. */

#include "core/base/diag.h"
#include "core/recipe/recipe.h"

sp_err sp_recipe_parse_file(const char *path, sp_recipe **out, sp_diags *d);

/* Parse text as if it were the file at path (path gives the folder that
 * relative file names resolve against, and the name used in messages). */
sp_err sp_recipe_parse_string(const char *path, const char *text, sp_recipe **out, sp_diags *d);

/* sp_recipe_parse_file (text NULL) or _string, with sets[0..n_sets)
 * ("KEY=VALUE", as `--set` gives them) put into the document first: each
 * VALUE, read as YAML, at the dotted path KEY (sp_ynode_put), where it is
 * read and checked as the recipe's own key would be. Their messages name
 * "--set KEY=VALUE"; a set without '=', with an empty key or through a
 * key that holds no mapping is an error. */
sp_err sp_recipe_parse_set(const char *path, const char *text, const char *const *sets,
                           size_t n_sets, sp_recipe **out, sp_diags *d);

/* sp_recipe_parse_set of the document root (taken; NULL: not read, its
 * reader has said why), a tree of the file at path (a recipe's made by
 * its walk: io/recipe/walk_tree.h), written from the recipe written (a
 * session's), whose values no key holds are kept (sp_recipe_unwritten_from);
 * NULL: none. A recipe written from another is not checked here: its
 * caller checks it once its paths are placed at their origins
 * (io/session/import.c), so the check says each value where it came from
 * and as it was written there. */
typedef struct sp_ynode sp_ynode;
sp_err sp_recipe_parse_tree(const char *path, sp_ynode *root, const sp_recipe *written,
                            const char *const *sets, size_t n_sets, sp_recipe **out, sp_diags *d);

/* sp_recipe_parse_tree of root (taken), the document of the file at path,
 * read at rate where it gives no sample_rate (nor a set does): the rate
 * its sources share (cmd/cli.c). */
sp_err sp_recipe_parse_at_rate(const char *path, sp_ynode *root, const char *const *sets,
                               size_t n_sets, double rate, sp_recipe **out, sp_diags *d);

/* sets[0..n_sets) ("KEY=VALUE", --set's) put into root, a mapping
 * (sp_ynode_put; those of the stems alone with stems_only), each said as
 * from[k] ("--set KEY=VALUE", made here: the nodes put and the messages
 * name it; the caller frees each, sp_free_strings, once the tree is);
 * each problem into d at its --set; a track written as its file alone
 * (`b: b.wav`) taken as {file: b.wav} on a path's way; a value of nothing
 * written (empty, blank: an unset variable's) refused for every key, where
 * null written clears as the text's would. The recipe's reader
 * and the album recipe's (io/album/album_read.h) put the user's keys so. */
void sp_recipe_put_sets(sp_ynode *root, const char *const *sets, size_t n_sets, bool stems_only,
                        char **from, sp_diags *d);

/* The user's --set keys of the stems (those of sets[0..n_sets) under
 * `stems`) put over r's stems (as the tree of the recipe's text would
 * hold them, at the places r notes) and read again as the recipe's own
 * `stems:` is, their messages into d: r's stems, and the places noted
 * from its first n_where on, replaced by what they say (true); false,
 * r as it was, where that reading has errors. True at once when no set
 * is of the stems. What a session's render does when it changes the
 * stems (cmd/cli.c's restem): the user's stems win over those chosen. */
bool sp_recipe_parse_stems_set(sp_recipe *r, const char *const *sets, size_t n_sets,
                               size_t n_where, sp_diags *d);

/* ---- the rows read for a file of keys that is not a recipe --------------
 * An album recipe's keys (io/album/album_read.c) are read as a recipe's
 * are, by their rows (core/recipe/keys.h): sp_rows_read the value n at
 * path into its field of obj (the struct of row's table) as its row says
 * (its type, unit, range, words, form, a mapping of another table, its
 * has flag); sp_rows_fill every key of map that table's rows give a
 * field, a required one missing said. Neither checks map's keys (the
 * caller's, with sp_build_unknown_key's words). Each problem into d at
 * its node, in file (or the --set that put it there). */
typedef struct sp_rows sp_rows;
typedef struct sp_key_row sp_key_row;
sp_rows *sp_rows_new(const char *file, sp_diags *d);
bool sp_rows_read(sp_rows *rd, const sp_ynode *n, const char *path, const sp_key_row *row,
                  void *obj);
void sp_rows_fill(sp_rows *rd, const sp_ynode *map, const char *path, const char *table, void *obj);
void sp_rows_free(sp_rows *rd);

#endif
