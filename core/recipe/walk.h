/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RECIPE_WALK_H
#define SP_RECIPE_WALK_H

/* The recipe model walked by its rows (core/recipe/keys.h) and written as
 * the text a recipe file holds: what `import` writes of a session and
 * `init` of a plan. Each object's keys in its table's order, each under
 * its recipe name, a key whose row names its field from the row, the
 * others (a track's, a bus's and master's mappings; an insert's processor,
 * parameters, plugin and key) by the walk's own code. Keys at their
 * default are left out; files as the recipe wrote them (sp_region.file,
 * not the resolved path). Parsing what it writes (io/recipe/parse.h, as
 * the same file) gives back the same canonical recipe (core/job/job.h):
 * tests/test_walk.c holds it over every recipe of the examples and the
 * tests. What the model does not hold is not written: comments, a
 * preset's name (the values it set are), the order a mapping's keys were
 * written in. */

#include "core/recipe/recipe.h"

typedef struct sp_recipe_yaml_opts {
  /* The comment lines written above the key at recipe path ("" the top
   * of the file, "tracks.kick", "tracks.kick.inserts[0]", "stems",
   * "master"), each line of it prefixed "# " (its line breaks kept, each
   * line's text through sp_write_comment); NULL: none. Asked for the top,
   * each root key, each track, bus and their inserts, regions and sends. */
  const char *(*comment)(void *ctx, const char *path);
  void *ctx;
} sp_recipe_yaml_opts;

/* The recipe r as YAML text (heap); o may be NULL. */
char *sp_recipe_yaml(const sp_recipe *r, const sp_recipe_yaml_opts *o);

#endif
