/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output file names (core/base/names.h): every placeholder's expansion, literal
 * braces, the template errors a user meets (with a did-you-mean), and each
 * rule of a portable file name, refused with its reason. */

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/strmap.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(names);

static const sp_name_vars stem = {.recipe = "song",
                                  .name = "drums",
                                  .kind = "stem",
                                  .format = "wav",
                                  .rate_hz = 44100,
                                  .depth = 24};

static void expands(const char *tmpl, const sp_name_vars *v, const char *want)
{
  char why[512];
  cr_assert(sp_name_template_check(tmpl, false, why, sizeof why), "%s: %s", tmpl, why);
  char *got = sp_name_expand(tmpl, v);
  cr_expect_str_eq(got, want, "%s", tmpl);
  free(got);
}

Test(names, every_placeholder_expands)
{
  expands("{name}", &stem, "drums");
  expands("{recipe}_{NAME}_{depth}b{khz}k", &stem, "song_DRUMS_24b44.1k");
  expands("Artist - Title ({Name})", &stem, "Artist - Title (Drums)");
  expands("{kind}-{rate}.{format}", &stem, "stem-44100.wav");
  sp_name_vars mix = stem;
  mix.name = "mix";
  mix.kind = "mix";
  mix.rate_hz = 48000;
  mix.depth = 32;
  expands("{recipe} {depth} {khz}k {kind}", &mix, "song 32f 48k mix");
  mix.depth = 16;
  mix.rate_hz = 96000;
  expands("{depth}b{khz}k", &mix, "16b96k");
  expands("{{literal}} {name}", &mix, "{literal} mix");
  expands("plain", &mix, "plain");
}

static void refused(const char *tmpl, bool recipe_only, const char *says)
{
  char why[512] = "";
  cr_expect_not(sp_name_template_check(tmpl, recipe_only, why, sizeof why), "%s passed", tmpl);
  cr_expect(strstr(why, says), "%s: '%s' not in '%s'", tmpl, says, why);
}

Test(names, template_errors_say_what_to_fix)
{
  refused("{nmae}", false, "unknown placeholder '{nmae}' in '{nmae}'; did you mean '{name}'?");
  refused("{stem}", false, "the placeholders are {recipe}, {name}");
  refused("{name", false, "'{' without its '}'; write '{{' for a literal brace");
  refused("name}", false, "'}' without its '{'; write '}}'");
  refused("a/{name}", false, "path separator ('/')");
  refused("a\\{name}", false, "path separator ('\\')");
  refused("a\t{name}", false, "control character");
  refused("out/{name}", true, "a folder knows only {recipe}");
  char why[256];
  cr_expect(sp_name_template_check("out/{recipe}/x", true, why, sizeof why), "%s", why);
}

static void bad_name(const char *name, const char *says)
{
  char why[512] = "";
  cr_expect_not(sp_file_name_check(name, why, sizeof why), "%s passed", name);
  cr_expect(strstr(why, says), "%s: '%s' not in '%s'", name, says, why);
}

Test(names, portable_file_names)
{
  char why[512];
  const char *good[] = {"mix.wav", "Artist - Title (Instrumental).wav", "ARTIST_TITLE_DRUMS_24b48k.wav",
                        "Don't Stop [Remix], 2026 & more!.flac", "COM10.wav", "console.wav"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    cr_expect(sp_file_name_check(good[i], why, sizeof why), "%s: %s", good[i], why);
  bad_name("", "empty");
  bad_name(".mix.wav", "starts with '.'");
  bad_name("-mix.wav", "starts with '-'");
  bad_name("mix.wav ", "ends with a space");
  bad_name("mix.", "ends with '.'");
  bad_name("a:b.wav", "which Windows refuses");
  bad_name("a?.wav", "which Windows refuses");
  bad_name("a\"b.wav", "which Windows refuses");
  bad_name("100%.wav", "which make reads back in a file name only escaped");
  bad_name("a=b.wav", "which make reads back in a file name only escaped");
  bad_name("a;b.wav", "which make cannot take");
  bad_name("a/b.wav", "path separator");
  bad_name("a\nb.wav", "control character");
  bad_name("CON.wav", "device name");
  bad_name("nul.flac", "device name");
  bad_name("Lpt3.wav", "device name");
  bad_name("aux", "device name");
  bad_name("con.cert.wav", "device name");
  char *longest = sp_xmalloc(300);
  memset(longest, 'a', 299);
  longest[299] = '\0';
  bad_name(longest, "longer than 255 bytes");
  longest[255] = '\0';
  cr_expect(sp_file_name_check(longest, why, sizeof why), "%s", why);
  free(longest);
}

/* The map of names to their places in a list (core/base/strmap.h): each
 * of 20,000 names put and found again, with its own value, through the
 * map's growth; one put again keeps its first value; names it does not
 * hold (the empty one, one a byte longer) are not found; emptied, it holds
 * none and takes them again. */
Test(names, a_map_of_names_finds_each_and_keeps_the_first)
{
  sp_strmap m = {0};
  size_t v = 7;
  cr_expect(!sp_strmap_get(&m, "a", &v) && v == 7, "an empty map holds nothing");
  enum { N = 20000 };
  char key[32];
  for (size_t i = 0; i < N; i++) {
    snprintf(key, sizeof key, "/audio/take %zu.wav", i);
    cr_assert_eq(sp_strmap_put(&m, key, i), i);
  }
  cr_expect_eq(m.n, N);
  for (size_t i = 0; i < N; i++) {
    snprintf(key, sizeof key, "/audio/take %zu.wav", i);
    cr_assert(sp_strmap_get(&m, key, &v), "%s lost", key);
    cr_assert_eq(v, i, "%s: %zu", key, v);
    cr_assert_eq(sp_strmap_put(&m, key, N + i), i, "%s put again", key);
  }
  cr_expect_eq(m.n, N, "a name put again is not a second entry");
  cr_expect(!sp_strmap_get(&m, "", NULL));
  cr_expect(!sp_strmap_get(&m, "/audio/take 1.wavx", NULL));
  cr_expect(sp_strmap_get(&m, "/audio/take 19999.wav", NULL));
  sp_strmap_fini(&m);
  cr_expect(!sp_strmap_get(&m, "/audio/take 1.wav", NULL) && m.n == 0);
  cr_expect_eq(sp_strmap_put(&m, "", 3), 3);
  cr_expect(sp_strmap_get(&m, "", &v) && v == 3, "the empty name is a name");
  sp_strmap_fini(&m);
}
