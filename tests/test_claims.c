/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output claims (core/graph/claims.h), as `render` checks several recipes before
 * rendering any: two recipes in one folder with the same output folder
 * write the same mix, and the clash names both recipes and the file; the
 * same graph claimed again under its own number is no clash, and recipes
 * with folders of their own never clash. */

#include "core/base/alloc.h"
#include "core/graph/claims.h"
#include "core/graph/graph.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  float x[480] = {0.5f};
  free(tu_write_wav(dir, "a.wav", 1, 48000, 32, x, 480));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(claims, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(30));

/* The graph of a recipe named name with output folder out and one stem. */
static sp_graph *graph(const char *name, const char *out, sp_recipe **r)
{
  char *text = sp_xasprintf("stemprint: 1\noutput: {dir: %s}\ntracks:\n  a: {file: a.wav}\n"
                            "stems:\n  one: [a]\n",
                            out);
  char *path = tu_write_text(dir, name, text);
  sp_diags d;
  sp_diags_init(&d);
  sp_graph *g = NULL;
  cr_assert_eq(sp_recipe_parse_file(path, r, &d), SP_OK);
  cr_assert_eq(sp_graph_build(*r, sp_audio_media(), NULL, &g, &d), SP_OK);
  sp_diags_fini(&d);
  free(text);
  free(path);
  return g;
}

Test(claims, two_recipes_writing_one_folder_clash_on_the_first_file)
{
  sp_recipe *r1, *r2;
  sp_graph *g1 = graph("one.yaml", "out", &r1), *g2 = graph("two.yaml", "out", &r2);
  sp_claims c;
  sp_claims_init(&c);
  sp_claims_clash clash = {0};
  cr_assert_not(sp_claims_add(&c, 0, g1, &clash));
  cr_assert_not(sp_claims_add(&c, 0, g1, &clash), "a recipe's own claims never clash");
  sp_graph_free(g1); /* the claims keep their own copies */
  cr_assert(sp_claims_add(&c, 1, g2, &clash));
  cr_assert_eq(clash.first, 0);
  cr_assert_eq(clash.second, 1);
  char *mix = sp_xasprintf("%s/out/mix.wav", dir);
  cr_assert_str_eq(clash.path, mix);
  free(mix);
  sp_claims_fini(&c);
  sp_graph_free(g2);
  sp_recipe_free(r1);
  sp_recipe_free(r2);
}

Test(claims, recipes_with_folders_of_their_own_do_not_clash)
{
  sp_recipe *r1, *r2;
  sp_graph *g1 = graph("one.yaml", "out/one", &r1), *g2 = graph("two.yaml", "out/two", &r2);
  sp_claims c;
  sp_claims_init(&c);
  sp_claims_clash clash;
  cr_assert_not(sp_claims_add(&c, 0, g1, &clash));
  cr_assert_not(sp_claims_add(&c, 1, g2, &clash));
  cr_assert_eq(c.n, 4, "the mix and the stem of each");
  sp_claims_fini(&c);
  cr_assert_eq(c.n, 0);
  sp_graph_free(g1);
  sp_graph_free(g2);
  sp_recipe_free(r1);
  sp_recipe_free(r2);
}
