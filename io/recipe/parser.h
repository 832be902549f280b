/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every step of the recipe parser shares (io/recipe/parse*.c, nothing
 * outside io/recipe): the parser's state, the error helper that places a
 * problem at a YAML node (or, without one, where the recipe path was
 * written), and how recipe paths and files are named. The steps (values,
 * inserts, output) include it; parse.c runs them. */
#ifndef SP_RECIPE_PARSER_H
#define SP_RECIPE_PARSER_H

#include "core/base/diag.h"
#include "core/base/units.h"
#include "core/recipe/recipe.h"
#include "io/recipe/yamltree.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct parser {
  sp_recipe *r;
  sp_diags *d;
  bool instrument; /* the insert read now is a track's `instrument:` */
} parser;

/* What the object named k in the mapping names (of tracks, of buses: kind
 * "track", "bus") is called where its keys are said unknown (heap): "a
 * track"; one only a --set names, the recipe's has not, with the name it
 * most likely meant ("a track the recipe has not (did you mean
 * 'kick'?)"): what the check, or the graph, then does not say again. */
char *recipe_object_what(const sp_ynode *names, const sp_ynode *k, const char *kind);
/* The fix of two keys that cannot stand together, key given by a --set
 * (at set) beside given, the recipe text's (at text), of the object at
 * path (what: "track", "fade"), its text's own left as they are: "the
 * recipe gives 'length': give the fade whole, like --set
 * 'PATH={curve: ...}'" (heap). NULL where a set did not give key beside
 * the text's given: removing one is the fix. */
char *recipe_whole_fix(const parser *p, const sp_where *set, const sp_where *text, const char *path,
                       const char *what, const char *given, const char *key);
/* Whether an error was said at path itself: what a rule across an
 * object's keys (a settle) does not say again of it. */
bool recipe_said_at(const parser *p, const char *path);
void recipe_err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define bad(p, n, path, ...) recipe_err((p), (n), SP_ERR_USAGE, (path), __VA_ARGS__)
/* The same, at pos of from (NULL: the recipe's file): a place of the
 * table (sp_where) the rules across an object's keys say a problem at,
 * its own (bad_at) or its pair's other half (bad_pair: sp_where.pair_at). */
void recipe_err_at(parser *p, sp_pos pos, const char *from, sp_err kind, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define bad_at(p, w, path, ...)                                                                    \
  recipe_err_at((p), (w)->pos, (w)->from, SP_ERR_USAGE, (path), __VA_ARGS__)
#define bad_pair(p, w, path, ...)                                                                  \
  recipe_err_at((p), (w)->pair_at, (w)->pair_from, SP_ERR_USAGE, (path), __VA_ARGS__)

/* "path.key", or key at the top (path ""); heap. */
char *recipe_join(const char *path, const char *key);
/* "path[i]"; heap. */
char *recipe_index_path(const char *path, size_t i);
/* Where path was written: n's place, from what put n there (a --set, or
 * the recipe's file: sp_ynode.from), so a message the check says there
 * names it. */
void recipe_note(parser *p, const char *path, const sp_ynode *n);
/* The same, at n, half of a key/value pair whose other half is other
 * (sp_where.pair_at), bare: n written as a plain number (sp_where). */
void recipe_note_pair(parser *p, const char *path, const sp_ynode *n, const sp_ynode *other,
                      bool bare, const char *key);
/* A file the recipe names, from the recipe's folder (absolute as given);
 * heap. */
char *recipe_resolve(const sp_recipe *r, const char *file);

/* The keys a mapping takes (io/recipe/parser.c): map checked against
 * allowed (NULL-terminated), each key's place noted. */
bool recipe_in_list(const char *key, const char *const *allowed);
size_t recipe_list_len(const char *const *v);
const char *recipe_suggest_key(const char *key, const char *const *allowed);
/* What a mapping of one key and no value (`{name}`, YAML's reading of a
 * text of placeholders written bare) was likely meant as, to say after a
 * message of it: into buf, "" where v is no such mapping. */
const char *recipe_brace_hint(const sp_ynode *v, char *buf, size_t size);
bool recipe_check_keys_but(parser *p, const sp_ynode *map, const char *path,
                           const char *const *allowed, const char *const *elsewhere,
                           const char *what);
bool recipe_check_keys(parser *p, const sp_ynode *map, const char *path, const char *const *allowed,
                       const char *what);

#endif
