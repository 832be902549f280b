/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CLAIMS_H
#define SP_CLAIMS_H

/* Which recipe writes which file, for renders run side by side: two
 * recipes must not write the same path (one output folder for both, or the
 * same folder and names), or each would overwrite the other's prints and a
 * null test could read the other's mix. The graphs are claimed one after
 * another, before anything renders; the first path claimed twice is the
 * clash. */

#include "core/graph/graph.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sp_claim {
  char *path;    /* owned */
  size_t recipe; /* the caller's number for the recipe that writes it */
} sp_claim;

typedef struct sp_claims {
  sp_claim *v;
  size_t n, cap;
} sp_claims;

/* Two recipes that would write one file. */
typedef struct sp_claims_clash {
  size_t first;     /* the recipe that claimed it first */
  size_t second;    /* the one that claimed it again */
  const char *path; /* the file (owned by the claims: valid until sp_claims_fini) */
} sp_claims_clash;

/* Caller storage: init before use, fini after (frees the paths). */
void sp_claims_init(sp_claims *c);
void sp_claims_fini(sp_claims *c);

/* Claim every file g writes (not the temporary prints of SP_OUT_REST) for
 * recipe, the caller's number for it (its place on the command line).
 * Returns true and fills *clash when one of them was claimed by another
 * recipe (the first such output in g's order); nothing of g is claimed
 * after it. Only another recipe's claim clashes: a graph whose own outputs
 * share a file was refused when it was built. g may be freed after. */
bool sp_claims_add(sp_claims *c, size_t recipe, const sp_graph *g, sp_claims_clash *clash);

#endif
