/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe's rows read for a file of keys that is not a recipe
 * (io/recipe/parse.h's sp_rows): the parser's own fill (recipe_fill,
 * io/recipe/parse_values.c), its messages placed in that file. The
 * parser's state holds a recipe for where a message without a node goes;
 * here it is a scratch one of that file's name. */

#include "io/recipe/parse.h"

#include "core/base/alloc.h"
#include "core/recipe/check.h"
#include "io/recipe/parse_values.h"
#include "io/recipe/parser.h"
#include "io/recipe/yamltree.h"

#include <stdlib.h>

struct sp_rows {
  parser p;
};

sp_rows *sp_rows_new(const char *file, sp_diags *d)
{
  sp_rows *rd = sp_xcalloc(1, sizeof *rd);
  rd->p = (parser){.r = sp_recipe_new(file), .d = d};
  return rd;
}

/* n, the value at path, noted where it is (what the check says of it is
 * said there). */
static void note(sp_rows *rd, const sp_ynode *n, const char *path)
{
  sp_recipe_note_value(rd->p.r, path, n->pos, n->from, sp_ynode_bare(n));
}

bool sp_rows_read(sp_rows *rd, const sp_ynode *n, const char *path, const sp_key_row *row,
                  void *obj)
{
  note(rd, n, path);
  return recipe_fill_one(&rd->p, n, path, row, obj) &&
         sp_recipe_check_row(rd->p.r, rd->p.d, row, obj, path);
}

void sp_rows_fill(sp_rows *rd, const sp_ynode *map, const char *path, const char *table, void *obj)
{
  for (size_t i = 0; map->kind == SP_Y_MAP && i < map->n; i++) {
    char *kp = recipe_join(path, map->pairs[i].key->text);
    note(rd, map->pairs[i].value, kp);
    free(kp);
  }
  recipe_fill(&rd->p, map, path, table, NULL, obj);
  sp_recipe_check_table(rd->p.r, rd->p.d, table, obj, path);
}

void sp_rows_free(sp_rows *rd)
{
  if (!rd)
    return;
  sp_recipe_free(rd->p.r);
  free(rd);
}
