/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_BUILD_H
#define SP_RECIPE_BUILD_H

/* Filling a recipe in place, without its text: what a session's reader
 * or a command changes in the model itself, each value set as the
 * parser sets it (its field, the key's row's words) and its place noted
 * where the recipe's text would hold it (sp_recipe_note), so that what a
 * build says of it is said where the text says it. */

#include "core/recipe/recipe.h"

/* A recipe's stems, taken out of it whole (sp_build_stems_take) to be put
 * back (sp_build_stems_put) when the stems set instead are refused. */
typedef struct sp_build_stems {
  bool has;
  sp_split split;
  sp_stem *stems;
  size_t n;
  size_t n_where; /* the recipe's places noted before */
} sp_build_stems;

/* Takes r's stems out of it into *out: r then has none (no `stems:`). */
void sp_build_stems_take(sp_recipe *r, sp_build_stems *out);
/* Puts stems taken by sp_build_stems_take back into r (those it has now
 * freed, the places noted since forgotten). */
void sp_build_stems_put(sp_recipe *r, sp_build_stems *in);
/* r's stems, and the places noted since its first n_where, replaced by
 * those of from (another reading of r's text), taken out of it with the
 * places from noted for them. */
void sp_build_stems_from(sp_recipe *r, sp_recipe *from, size_t n_where);
/* Frees stems taken by sp_build_stems_take. */
void sp_build_stems_fini(sp_build_stems *s);

/* `stems: {split: WORD}` (a word of its row: "sources", "buses"), the
 * word at pos. false when WORD is none of its row's. (The caller notes
 * where `stems:` itself is.) */
bool sp_build_split(sp_recipe *r, const char *word, sp_pos pos);
/* A stem named name (its list at pos), then its members one by one
 * (each at its pos): `stems: {NAME: [MEMBER, ...]}`. */
sp_stem *sp_build_stem(sp_recipe *r, const char *name, sp_pos pos);
void sp_build_stem_member(sp_recipe *r, sp_stem *st, const char *member, sp_pos pos);

/* Whether an insert of processor family f takes key: a parameter of its
 * class's table (a family whose classes its selector makes: any word,
 * their parameters are the plugin's ports), or one of an insert's keys
 * whose row (core/recipe/keys.h) gives it to such an insert. */
bool sp_build_insert_takes(const sp_proc_family *f, const char *key);

#endif
