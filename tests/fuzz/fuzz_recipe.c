/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: a recipe's text through the parser, validation and the
 * graph build (names, routing, sources, inserts, outputs), confined to
 * the target's own folder (fuzz_common.c's small files), so that no input
 * reads or writes elsewhere. Every diagnostic is formatted, as a user would
 * see it. Nothing renders. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "tests/fuzz/fuzz_common.h"
#include "io/audio/media.h"
#include "io/recipe/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *dir = fz_dir();
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  static char recipe[128], out[128];
  snprintf(recipe, sizeof recipe, "%s/fuzz.yaml", dir);
  snprintf(out, sizeof out, "%s/out", dir);
  sp_recipe_parse_string(recipe, text, &r, &d);
  if (r) {
    const char *roots[] = {dir};
    sp_graph_opts o = {.out_dir = out, .confine = true, .roots = roots, .n_roots = 1};
    sp_graph *g = NULL;
    sp_graph_build(r, sp_audio_media(), &o, &g, &d);
    sp_graph_free(g);
    sp_recipe_free(r);
  }
  for (size_t i = 0; i < d.n; i++)
    free(sp_diag_format(&d.v[i]));
  sp_diags_fini(&d);
  free(text);
  return 0;
}
