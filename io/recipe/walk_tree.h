/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_WALK_TREE_H
#define SP_RECIPE_WALK_TREE_H

/* The recipe's text as the tree the parser reads (io/recipe/yamltree.h),
 * made by the walk that writes it (core/recipe/walk.h: the nodes it tells
 * as it writes), not read back from the text: what `--set` keys go over
 * in a session's recipe (io/session/import.c), and where the text has
 * each path (a session's places). tests/test_walk.c holds the tree equal
 * to the text's read, node by node, over every recipe it round-trips. */

#include "core/recipe/walk.h"
#include "io/recipe/yamltree.h"

/* The tree of what sp_recipe_yaml writes of r with o (NULL: no comments;
 * its node callback is this one's), each node where a reader of that
 * text marks it; *lines (NULL: not asked) the text's lines. */
sp_ynode *sp_recipe_tree(const sp_recipe *r, const sp_recipe_yaml_opts *o, int *lines);

/* r's places (sp_recipe_note) replaced by those the parser notes reading
 * the text root is the tree of: a recipe that was not read from its text
 * (a session's) has its messages at the lines of the text it is written
 * as. */
void sp_recipe_place_tree(sp_recipe *r, const sp_ynode *root);
/* The same of the text sp_recipe_yaml writes of r with o (NULL: no
 * comments), as the walk tells its nodes: no tree made; *lines (NULL: not
 * asked) the text's lines. With o's nodes_only the same paths, in the
 * same order, each at {0, 0}: no text laid out (a session's recipe,
 * whose places are its elements'). */
void sp_recipe_place(sp_recipe *r, const sp_recipe_yaml_opts *o, int *lines);

#endif
