/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output claims: a list of (path, recipe), searched whole for each new
 * output. Recipes have a few outputs each and a command line a few
 * recipes, so a linear search costs less than a hash table's code. */

#include "core/graph/claims.h"

#include "core/base/alloc.h"
#include "core/graph/graph_impl.h"

#include <stdlib.h>
#include <string.h>

void sp_claims_init(sp_claims *c) { memset(c, 0, sizeof *c); }

void sp_claims_fini(sp_claims *c)
{
  for (size_t m = 0; m < c->n; m++)
    free(c->v[m].path);
  free(c->v);
  memset(c, 0, sizeof *c);
}

bool sp_claims_add(sp_claims *c, size_t recipe, const sp_graph *g, sp_claims_clash *clash)
{
  for (size_t i = 0; i < g->n_outputs; i++) {
    if (g->outputs[i].kind == SP_OUT_REST)
      continue;
    for (size_t m = 0; m < c->n; m++)
      if (c->v[m].recipe != recipe && strcmp(c->v[m].path, g->outputs[i].path) == 0) {
        *clash = (sp_claims_clash){c->v[m].recipe, recipe, c->v[m].path};
        return true;
      }
    SP_GROW(c->v, c->n, c->cap);
    c->v[c->n++] = (sp_claim){sp_xstrdup(g->outputs[i].path), recipe};
  }
  return false;
}
