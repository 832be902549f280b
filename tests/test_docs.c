/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The docs against the binary: what docs/recipe.md says of each processor
 * follows its registry flags (which take a key, which are linked), and
 * docs/graph.md's sample map is what `stemprint graph` prints for the demo.
 * A statement or a sample that drifts from the code fails here. */

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "core/recipe/keys.h"
#include "core/recipe/recipe.h"
#include "io/audio/adm.h"
#include "io/recipe/parse.h"
#include "io/session/ardour.h"
#include "io/session/dawproject.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

TestSuite(docs, .timeout = TU_TIMEOUT(60));

/* The part of a Markdown text under heading (a whole line, like "## Tracks"),
 * up to the next heading of the same or a higher level; a heap string. */
static char *section(const char *text, const char *heading)
{
  size_t level = strspn(heading, "#");
  const char *at = text;
  size_t n = strlen(heading);
  while ((at = strstr(at, heading)) &&
         !((at == text || at[-1] == '\n') && (at[n] == '\n' || at[n] == '\0')))
    at += n;
  cr_assert_not_null(at, "no heading '%s'", heading);
  const char *end = at + n;
  for (;;) {
    end = strchr(end, '\n');
    if (!end) {
      end = at + strlen(at);
      break;
    }
    end++;
    size_t l = strspn(end, "#");
    if (l > 0 && l <= level && end[l] == ' ')
      break;
  }
  char *s = sp_xmalloc((size_t)(end - at) + 1);
  memcpy(s, at, (size_t)(end - at));
  s[end - at] = '\0';
  return s;
}

/* The first paragraph of text after its heading line; a heap string. */
static char *first_paragraph(const char *text)
{
  const char *p = strchr(text, '\n');
  cr_assert_not_null(p);
  p += strspn(p, "\n");
  const char *end = strstr(p, "\n\n");
  size_t n = end ? (size_t)(end - p) : strlen(p);
  char *s = sp_xmalloc(n + 1);
  memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

/* Each processor's heading in docs/recipe.md ("### `limiter` — ...; takes a
 * key; linked") says "takes a key" and "linked" exactly when its registry
 * flags do, and its text never says otherwise ("No key"). The sidechain
 * section and the inserts' `key:` line name every processor that takes a
 * key, and no other. */
Test(docs, recipe_md_says_what_each_processor_takes_as_the_registry_does)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  char *side = section(doc, "## Sidechain keys");
  char *side_intro = first_paragraph(side);
  char *inserts = section(doc, "## Inserts");
  const char *key_line = strstr(inserts, "- **`key:`**");
  cr_assert_not_null(key_line, "docs/recipe.md's Inserts has no `key:` item");
  const char *item_end = strstr(key_line + 1, "\n- ");
  char *key_item = sp_xasprintf("%.*s", (int)(item_end ? item_end - key_line : 200), key_line);
  for (size_t i = 0; i < sp_proc_count(); i++) {
    const sp_proc_class *c = sp_proc_at(i);
    bool key = (c->flags & SP_PROC_TAKES_KEY) != 0;
    char *want = sp_xasprintf("\n### `%s` — ", c->name);
    const char *h = strstr(doc, want);
    cr_assert_not_null(h, "docs/recipe.md has no section for '%s'", c->name);
    const char *eol = strchr(h + 1, '\n');
    char *heading = sp_xmalloc((size_t)(eol - h));
    memcpy(heading, h + 1, (size_t)(eol - h - 1));
    heading[eol - h - 1] = '\0';
    cr_expect_eq(strstr(heading, "takes a key") != NULL, key, "'%s': the registry says %s", heading,
                 key ? "it takes a key" : "it takes no key");
    cr_expect_eq(strstr(heading, "; linked") != NULL, sp_proc_is_linked(c),
                 "'%s': the registry says it is %slinked", heading,
                 sp_proc_is_linked(c) ? "" : "not ");
    char *body = section(doc, heading);
    if (key)
      cr_expect_null(strstr(body, "No key"), "'%s' takes a key, but its section says 'No key'",
                     c->name);
    char *quoted = sp_xasprintf("`%s`", c->name);
    cr_expect_eq(strstr(side_intro, quoted) != NULL, key, "the sidechain section %s '%s':\n%s",
                 key ? "does not name" : "names", c->name, side_intro);
    cr_expect_eq(strstr(key_item, quoted) != NULL, key, "the inserts' key: item %s '%s':\n%s",
                 key ? "does not name" : "names", c->name, key_item);
    free(quoted);
    free(body);
    free(heading);
    free(want);
  }
  free(key_item);
  free(inserts);
  free(side_intro);
  free(side);
  free(doc);
}

/* The text of the first ``` block after marker in text; a heap string. */
static char *block_after(const char *text, const char *marker)
{
  const char *m = strstr(text, marker);
  cr_assert_not_null(m, "no '%s'", marker);
  const char *open = strstr(m, "```");
  cr_assert_not_null(open);
  const char *start = strchr(open, '\n') + 1;
  const char *close = strstr(start, "```");
  cr_assert_not_null(close);
  return sp_xasprintf("%.*s", (int)(close - start), start);
}

/* docs/keys.md is what `stemprint help keys` prints from the key rows, every
 * byte: a key, a default or a help line changed in core/recipe/keys.c
 * without the page fails here (remake it: stemprint help keys > docs/keys.md). */
Test(docs, keys_md_is_what_help_keys_prints_from_the_rows)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/keys.md");
  char *out = NULL;
  const char *args[] = {"help", "keys", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_expect_str_eq(doc, out,
                   "docs/keys.md is not what `stemprint help keys` prints: remake it "
                   "with `build/stemprint help keys > docs/keys.md`");
  free(out);
  free(doc);
}

/* docs/graph.md's text map is what `stemprint graph recipes/demo/song.yaml`
 * prints, every line, so a change to the map or to the demo shows here. */
Test(docs, graph_md_text_map_is_what_graph_prints_for_the_demo)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/graph.md");
  char *sample = block_after(doc, "`stemprint graph recipes/demo/song.yaml` prints:");
  char *out = NULL;
  const char *args[] = {"graph", SP_SOURCE_DIR "/recipes/demo/song.yaml", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  /* The map's first line names the recipe as given: here a full path. */
  const char *got = out;
  if (strncmp(got, SP_SOURCE_DIR "/", strlen(SP_SOURCE_DIR "/")) == 0)
    got += strlen(SP_SOURCE_DIR "/");
  cr_expect_str_eq(sample, got,
                   "docs/graph.md's text map differs from what graph prints; paste this:\n%s", got);
  free(out);
  free(sample);
  free(doc);
}

/* Every check name render can report (each add_check call in core/render/render_checks.c)
 * has its row in docs/verify.md's table of checks. */
Test(docs, verify_md_lists_every_check_render_reports)
{
  char *src = tu_slurp_must(SP_SOURCE_DIR "/core/render/render_checks.c");
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/verify.md");
  size_t found = 0;
  for (const char *p = strstr(src, "add_check("); p; p = strstr(p + 1, "add_check(")) {
    if (p > src && p[-1] == ' ' && strncmp(p - 5, "void ", 5) == 0)
      continue; /* the definition */
    const char *q = strchr(p, '"');
    const char *e = q ? strchr(q + 1, '"') : NULL;
    cr_assert(q && e && !memchr(p, ';', (size_t)(q - p)), "a check without a literal name: %.60s",
              p);
    char *row = sp_xasprintf("\n| `%.*s` |", (int)(e - q - 1), q + 1);
    cr_expect(strstr(doc, row), "docs/verify.md has no row for the check '%.*s'", (int)(e - q - 1),
              q + 1);
    free(row);
    found++;
  }
  cr_assert_geq(found, 5, "core/render/render_checks.c: only %zu add_check calls found", found);
  free(doc);
  free(src);
}

/* What users get: the repository's docs, the man page and every help text.
 * Each is read by someone who has nothing else, so none may send them to a
 * file outside the repository. */
static const char *const user_docs[] = {
    "README.md",        "docs/recipe.md",  "docs/verify.md",  "docs/graph.md", "docs/init.md",
    "docs/ci.md",       "docs/design.md",  "docs/lv2.md",     "docs/cache.md", "docs/catalogue.md",
    "docs/sessions.md", "docs/testing.md", "docs/stemprint.1"};
static const char *const helps[][3] = {
    {"--help", NULL},   {"render", "--help"},   {"check", "--help"},  {"graph", "--help"},
    {"null", "--help"}, {"loudness", "--help"}, {"bleed", "--help"},  {"init", "--help"},
    {"plan", "--help"}, {"import", "--help"},   {"export", "--help"}, {"help", "inserts"}};

/* Where text mentions what, as "NAME: ...what..." for a message; NULL if
 * it does not. */
static char *mention(const char *name, const char *text, const char *what)
{
  const char *at = strstr(text, what);
  if (!at)
    return NULL;
  const char *from = at - text > 40 ? at - 40 : text;
  return sp_xasprintf("%s: ...%.90s...", name, from);
}

static void expect_none(const char *what)
{
  for (size_t i = 0; i < sizeof user_docs / sizeof user_docs[0]; i++) {
    char *path = tu_path(SP_SOURCE_DIR, user_docs[i]);
    char *text = tu_slurp_must(path);
    char *m = mention(user_docs[i], text, what);
    cr_expect_null(m, "'%s' in a user's doc: %s", what, m);
    free(m);
    free(text);
    free(path);
  }
  for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
    char *out = NULL;
    cr_assert_eq(tu_run(helps[i], &out, NULL), 0, "stemprint %s %s", helps[i][0],
                 helps[i][1] ? helps[i][1] : "");
    char *m = mention(helps[i][0], out, what);
    cr_expect_null(m, "'%s' in a help text: %s", what, m);
    free(m);
    free(out);
  }
}

/* The product contract the project started from is not in the repository:
 * the docs say what it said, and no text cites it. */
Test(docs, docs_and_help_cite_no_file_users_do_not_have)
{
  expect_none("SPEC");
  expect_none("../shared");
}

/* The project has no public address yet: no doc may invent one. */
Test(docs, docs_and_help_give_no_placeholder_address)
{
  expect_none("example.org");
  expect_none("example.com");
}

/* `stemprint --help` sends a reader to docs that exist, and to the man page
 * in a way that works in a checkout too (man stemprint needs an install). */
Test(docs, top_level_help_names_docs_that_exist_and_the_man_page_in_a_checkout)
{
  char *out = NULL;
  const char *args[] = {"--help", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_expect(strstr(out, "man -l docs/stemprint.1"), "%s", out);
  size_t named = 0;
  for (const char *p = strstr(out, "docs/"); p; p = strstr(p + 1, "docs/")) {
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_-./");
    while (n > 0 && p[n - 1] == '.')
      n--;
    char *rel = sp_xasprintf("%.*s", (int)n, p);
    char *path = tu_path(SP_SOURCE_DIR, rel);
    char *text = tu_slurp(path);
    cr_expect_not_null(text, "stemprint --help names %s, which does not exist", rel);
    free(text);
    free(path);
    free(rel);
    named++;
  }
  cr_expect_geq(named, 5, "%s", out);
  /* and every page of docs/ is named there (review 26 F11: docs/album.md
   * was not, nor an album recipe) */
  DIR *d = opendir(SP_SOURCE_DIR "/docs");
  cr_assert_not_null(d);
  for (struct dirent *e; (e = readdir(d));) {
    const size_t len = strlen(e->d_name);
    if (len < 4 || strcmp(e->d_name + len - 3, ".md") != 0)
      continue;
    char *name = sp_xasprintf("docs/%s", e->d_name);
    cr_expect(strstr(out, name), "stemprint --help names no %s", name);
    free(name);
  }
  closedir(d);
  free(out);
}

/* Whether a level's automation ramps from or to -inf dB: two neighbouring
 * points at different times, one of them -inf and the other not. */
static bool ramps_from_silence(const sp_auto *a)
{
  for (size_t i = 0; i + 1 < a->n; i++) {
    const sp_auto_point *p = &a->points[i], *q = &a->points[i + 1];
    bool same_time = p->t.in_frames == q->t.in_frames &&
                     (p->t.in_frames ? p->t.frames == q->t.frames : p->t.seconds == q->t.seconds);
    if (!same_time && isinf(p->v) != isinf(q->v))
      return true;
  }
  return false;
}

static void expect_no_ramp_from_silence(const char *recipe, const char *name, const sp_strip *s)
{
  cr_expect(!ramps_from_silence(&s->gain), "%s: %s's gain ramps from or to -inf dB", recipe, name);
  for (size_t k = 0; k < s->n_sends; k++)
    cr_expect(!ramps_from_silence(&s->sends[k].level), "%s: %s's send %zu ramps from or to -inf dB",
              recipe, name, k);
}

/* docs/recipe.md warns that a level ramp from -inf dB stays inaudible for
 * most of its length and says to fade in with fade_in: the recipes the
 * project ships, which users copy, do as it says. */
Test(docs, shipped_recipes_fade_in_with_fades_not_ramps_from_minus_inf)
{
  static const char *const recipes[] = {"recipes/demo/song.yaml", "recipes/album/one.yaml",
                                        "recipes/album/two.yaml", "recipes/album/three.yaml"};
  for (size_t i = 0; i < sizeof recipes / sizeof recipes[0]; i++) {
    char *path = tu_path(SP_SOURCE_DIR, recipes[i]);
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r = NULL;
    sp_recipe_parse_file(path, &r, &d);
    cr_assert(r && sp_diags_errors(&d) == 0, "%s does not parse", recipes[i]);
    for (size_t t = 0; t < r->n_tracks; t++)
      expect_no_ramp_from_silence(recipes[i], r->tracks[t].name, &r->tracks[t].strip);
    for (size_t b = 0; b < r->n_buses; b++)
      expect_no_ramp_from_silence(recipes[i], r->buses[b].name, &r->buses[b].strip);
    expect_no_ramp_from_silence(recipes[i], "master", &r->master);
    sp_recipe_free(r);
    sp_diags_fini(&d);
    free(path);
  }
}

/* A copy of text with the first from replaced by to; a heap string. */
static char *replaced(const char *text, const char *from, const char *to)
{
  const char *at = strstr(text, from);
  cr_assert_not_null(at, "no '%s'", from);
  return sp_xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* README.md's recipe is valid, and the errors it shows for two typos in it
 * are what `stemprint check` prints for them. */
Test(docs, readme_recipe_checks_and_its_errors_are_what_check_prints)
{
  char *readme = tu_slurp_must(SP_SOURCE_DIR "/README.md");
  char *recipe = block_after(readme, "## A recipe");
  char *errors = block_after(readme, "`stemprint check song.yaml` prints:");
  char *dir = tu_tmpdir();
  char *audio = tu_path(dir, "audio"), *ir = tu_path(dir, "ir");
  cr_assert_eq(mkdir(audio, 0777), 0);
  cr_assert_eq(mkdir(ir, 0777), 0);
  static float x[4800];
  for (int i = 0; i < 4800; i++)
    x[i] = (float)((i % 100) / 100.0 - 0.5) * 0.2f;
  static const char *const files[] = {"audio/kick.wav", "audio/snare.wav", "audio/bass.wav",
                                      "audio/vox.wav", "ir/hall.wav"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    free(tu_write_wav(dir, files[i], 1, 48000, 24, x, 4800));

  char *song = tu_write_text(dir, "song.yaml", recipe);
  char *out = NULL, *err = NULL;
  const char *valid[] = {"check", "--no-levels", song, NULL};
  cr_expect_eq(tu_run(valid, &out, &err), 0, "README.md's recipe does not check:\n%s", err);
  free(out);
  free(err);

  char *a =
      replaced(recipe, "sends: [{to: verb, level: -14 dB}]", "sends: [{to: verbb, level: -14 dB}]");
  char *b = replaced(a, "{compressor: {threshold: -20 dB, ratio: 3}}",
                     "{compressor: {threshhold: -20 dB, ratio: 3}}");
  free(song);
  song = tu_write_text(dir, "song.yaml", b);
  const char *broken[] = {"check", "--no-levels", song, NULL};
  cr_expect_eq(tu_run(broken, &out, &err), 2);
  /* check names the recipe as given: here a full path */
  char *prefix = sp_xasprintf("error: %s/", dir);
  char *got = sp_xstrdup(err);
  for (char *at; (at = strstr(got, prefix));)
    memmove(at + 7, at + strlen(prefix), strlen(at + strlen(prefix)) + 1);
  cr_expect_str_eq(errors, got, "README.md's errors differ from what check prints:\n%s", got);
  free(got);
  free(prefix);
  free(out);
  free(err);
  free(b);
  free(a);
  free(song);
  tu_rmtree(dir);
  free(ir);
  free(audio);
  free(dir);
  free(errors);
  free(recipe);
  free(readme);
}

/* docs/lv2.md says the path the binary searches for plugins when LV2_PATH
 * is unset (as `help lv2` says it on its first line), and README.md's
 * promise of the same bytes at any block size names the LV2 exception. */
/* docs/lv2.md's default search path is checked against the one said by
 * test_lv2's the_default_search_path_is_lilvs, which loads every installed
 * plugin once for both. */
Test(docs, readme_names_the_lv2_exception_to_bit_identical_files)
{
  char *readme = tu_path(SP_SOURCE_DIR, "README.md"), *text = tu_slurp_must(readme);
  const char *promise = strstr(text, "bit-identical files");
  cr_assert_not_null(promise);
  const char *end = strstr(promise, "\n\n");
  char *paragraph =
      sp_xasprintf("%.*s", (int)(end ? end - promise : (long)strlen(promise)), promise);
  cr_expect(strstr(paragraph, "LV2") && strstr(paragraph, "--block-frames"), "%s", paragraph);
  free(paragraph);
  free(text);
  free(readme);
}

/* The words of a comma-separated list (", " between them) up to stop; a
 * NULL-terminated array of heap strings. */
static char **words_of_list(const char *list, char stop)
{
  char **w = sp_xcalloc(64, sizeof *w);
  size_t n = 0;
  const char *p = list;
  while (*p && *p != stop && n + 1 < 64) {
    size_t k = strcspn(p, ", )\n");
    if (k > 0)
      w[n++] = sp_xasprintf("%.*s", (int)k, p);
    p += k;
    p += strspn(p, ", ");
    if (*p == '\n')
      break;
  }
  return w;
}

static void free_words(char **w)
{
  for (size_t i = 0; w[i]; i++)
    free(w[i]);
  free(w);
}

/* Whether the man page says word in bold (".B word" or ".BR word"), as its
 * COMMANDS section names a command or a help topic. */
static bool man_names(const char *man, const char *word)
{
  char *a = sp_xasprintf("\n.B %s\n", word), *b = sp_xasprintf("\n.B %s ", word),
       *c = sp_xasprintf("\n.B help %s", word);
  bool yes = strstr(man, a) || strstr(man, b) || strstr(man, c);
  free(a);
  free(b);
  free(c);
  return yes;
}

/* The man page's OPTIONS subsection of a command (".SS NAME" up to the
 * next .SS or .SH); a heap string, empty when it has none. */
static char *man_options_of(const char *man, const char *command)
{
  char *head = sp_xasprintf("\n.SS %s\n", command);
  const char *at = strstr(man, head), *end = at;
  free(head);
  if (!at)
    return sp_xasprintf("%s", "");
  for (end = at + 1; (end = strchr(end, '\n')) && strncmp(end, "\n.SS ", 5) != 0 &&
                     strncmp(end, "\n.SH ", 5) != 0;
       end++)
    ;
  return sp_xasprintf("%.*s", (int)(end ? end - at : (long)strlen(at)), at);
}

/* The commands and topics that exist are the ones `stemprint help` says
 * when asked for one that does not (it lists them from the command table
 * and its own, help among them): the usage (`stemprint --help`) and the
 * man page's COMMANDS name each; each command's --help and each topic's
 * help (`help help` too) runs; every long option a
 * command's --help gives is in that command's subsection of the man page's
 * OPTIONS (--help aside, which every command takes; --stems and --strict,
 * which the commands that read a session take as import does, in import's). */
Test(docs, help_and_the_man_page_name_every_command_topic_and_option)
{
  /* help lv2 lists the tests' own plugins, not every installed one (which
   * took 17 of this test's 30 s) */
  setenv("LV2_PATH", SP_TEST_LV2_DIR, 1);
  char *err = NULL;
  const char *nosuch[] = {"help", "nosuch", NULL};
  cr_assert_eq(tu_run(nosuch, NULL, &err), 2);
  const char *list = strstr(err, "(topics: ");
  cr_assert_not_null(list, "%s", err);
  char **topics = words_of_list(list + strlen("(topics: "), ')');
  char *usage = NULL;
  const char *help[] = {"--help", NULL};
  cr_assert_eq(tu_run(help, &usage, NULL), 0);
  char *man = tu_slurp_must(SP_SOURCE_DIR "/docs/stemprint.1");
  char *import = man_options_of(man, "import");
  size_t n = 0;
  for (size_t i = 0; topics[i]; i++, n++) {
    const char *t = topics[i];
    char *in_usage = sp_xasprintf("\n  %s ", t), *as_topic = sp_xasprintf("|%s", t),
         *as_help = sp_xasprintf("help   %s", t);
    cr_expect(strstr(usage, in_usage) || strstr(usage, as_topic) || strstr(usage, as_help),
              "stemprint --help does not name '%s'", t);
    cr_expect(man_names(man, t), "docs/stemprint.1's COMMANDS does not name '%s'", t);
    char *out = NULL;
    const char *as_command[] = {t, "--help", NULL};
    const char *as_topic_args[] = {"help", t, NULL};
    bool command = strcmp(t, "help") != 0 && strcmp(t, "inserts") != 0 &&
                   strcmp(t, "keys") != 0 && strcmp(t, "layouts") != 0 && strcmp(t, "lv2") != 0 && strcmp(t, "ladspa") != 0;
    cr_expect_eq(tu_run(command ? as_command : as_topic_args, &out, NULL), 0, "stemprint %s",
                 t);
    char *section = man_options_of(man, t);
    for (const char *o = out ? strstr(out, "--") : NULL; command && o; o = strstr(o + 2, "--")) {
      size_t k = 2 + strspn(o + 2, "abcdefghijklmnopqrstuvwxyz-");
      if (k == 2 || (o > out && o[-1] != ' ' && o[-1] != '[' && o[-1] != '(' && o[-1] != ',') ||
          strncmp(o, "--help", k) == 0)
        continue;
      /* as troff writes it: each '-' as "\-", and whole ("\-\-o" is not "\-\-output") */
      char *opt = sp_xmalloc(2 * k + 1), *q = opt;
      for (size_t j = 0; j < k; j++) {
        if (o[j] == '-')
          *q++ = '\\';
        *q++ = o[j];
      }
      *q = '\0';
      bool shared = strncmp(o, "--stems", k) == 0 || strncmp(o, "--strict", k) == 0;
      const char *found = strstr(shared ? import : section, opt);
      while (found && strchr("abcdefghijklmnopqrstuvwxyz\\", found[strlen(opt)]))
        found = strstr(found + 1, opt);
      cr_expect(found, "stemprint %s --help gives %.*s; docs/stemprint.1's OPTIONS, %s, does not", t,
                (int)k, o, shared ? "import's" : t);
      free(opt);
    }
    free(section);
    free(out);
    free(in_usage);
    free(as_topic);
    free(as_help);
  }
  cr_expect_geq(n, 14, "%s", err);
  free_words(topics);
  free(import);
  free(man);
  free(usage);
  free(err);
}

/* The examples users copy render clean: `stemprint check` warns of nothing
 * in any recipe under recipes/. The LV2 and instrument examples need
 * third-party plugins: checked where they are installed. */
static void check_examples(bool with_plugins)
{
  glob_t g;
  cr_assert_eq(glob(SP_SOURCE_DIR "/recipes/*/*.yaml", 0, NULL, &g), 0);
  size_t n = 0, missing = 0;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    const char *r = g.gl_pathv[i];
    bool plugins = strstr(r, "/recipes/lv2/") || strstr(r, "/recipes/instruments/");
    if (plugins != with_plugins)
      continue;
    char *err = NULL;
    const char *args[] = {"check", "--no-levels", r, NULL};
    int status = tu_run(args, NULL, &err);
    if (plugins && status != 0) {
      missing++;
      free(err);
      continue;
    }
    n++;
    cr_expect_eq(status, 0, "%s: %s", r, err);
    cr_expect_null(strstr(err, "stemprint: warning:"), "%s warns: %s", r, err);
    free(err);
  }
  globfree(&g);
  if (with_plugins && missing)
    cr_skip_test("%zu example(s) need LV2 plugins or a SoundFont not installed here", missing);
  cr_expect_geq(n, with_plugins ? 2 : 5);
}

Test(docs, shipped_examples_check_without_a_warning)
{
  check_examples(false);
}

Test(docs, shipped_plugin_examples_check_without_a_warning)
{
  check_examples(true);
}

/* What the docs show is installed beside them, as they are: cmake
 * --install puts every image a doc links (docs/verify.md's
 * report-listen.png) in share/doc/stemprint/docs/ with the docs, and the
 * Debian package leaves the docs uncompressed (debian/rules: dh_compress
 * -X.md), so that their links hold (README.md to docs/recipe.md, verify.md
 * to its image). Both were missing: the package held verify.md.gz and no
 * image. */
Test(docs, every_image_a_doc_shows_is_installed_beside_it_uncompressed)
{
  char *dir = tu_tmpdir();
  char *build = sp_xstrdup(SP_STEMPRINT_BIN);
  *strrchr(build, '/') = '\0';
  char *cmd = sp_xasprintf("cmake --install '%s' --prefix '%s' >/dev/null 2>&1", build, dir);
  if (system(cmd) != 0) {
    free(cmd);
    free(build);
    tu_rmtree(dir);
    free(dir);
    cr_skip_test("cmake --install of the build failed here (no cmake on PATH?)");
  }
  glob_t g;
  cr_assert_eq(glob(SP_SOURCE_DIR "/docs/*.md", 0, NULL, &g), 0);
  size_t images = 0;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    const char *name = strrchr(g.gl_pathv[i], '/') + 1;
    char *installed = sp_xasprintf("%s/share/doc/stemprint/docs/%s", dir, name);
    struct stat st;
    cr_expect_eq(stat(installed, &st), 0, "docs/%s is not installed as %s", name, installed);
    free(installed);
    char *text = tu_slurp_must(g.gl_pathv[i]);
    for (const char *p = strstr(text, "]("); p; p = strstr(p + 2, "](")) {
      const char *end = strchr(p + 2, ')');
      if (!end || end - p > 200 || strncmp(end - 4, ".png", 4) != 0 ||
          memchr(p + 2, ':', (size_t)(end - p - 2)))
        continue;
      char *image =
          sp_xasprintf("%s/share/doc/stemprint/docs/%.*s", dir, (int)(end - p - 2), p + 2);
      cr_expect_eq(stat(image, &st), 0, "docs/%s shows %.*s, which is not installed beside it",
                   name, (int)(end - p - 2), p + 2);
      free(image);
      images++;
    }
    free(text);
  }
  globfree(&g);
  cr_expect_geq(images, 1, "docs/verify.md shows report-listen.png");
  /* the recipe's JSON Schema, as `stemprint schema` prints it */
  char *schema = sp_xasprintf("%s/share/stemprint/recipe.schema.json", dir);
  char *installed = tu_slurp(schema), *printed = NULL;
  const char *args[] = {"schema", NULL};
  cr_expect_eq(tu_run(args, &printed, NULL), 0);
  cr_expect(installed && printed && strcmp(installed, printed) == 0,
            "%s is not installed, or is not what stemprint schema prints", schema);
  free(installed);
  free(printed);
  free(schema);
  char *rules = tu_slurp_must(SP_SOURCE_DIR "/debian/rules");
  cr_expect(strstr(rules, "override_dh_compress:\n\tdh_compress -X.md\n"),
            "debian/rules compresses the docs (dh_compress without -X.md)");
  free(rules);
  free(cmd);
  free(build);
  tu_rmtree(dir);
  free(dir);
}

/* docs/recipe.md's key tables (key | default | meaning) hold the keys of
 * their table of core/recipe/keys.h, in its order, none more, each with the
 * default its row says (a row without one: "required"; none: "none" or
 * nothing). The meaning is the doc's own; a key added to a table, or a
 * default changed, without the doc fails here. */
Test(docs, recipe_md_key_tables_are_the_key_rows)
{
  static const struct {
    const char *after, *object, *prefix;
  } tables[] = {
      {"## Top level\n", "ROOT", ""},
      {"## Output and the null test\n", "OUTPUT", "output."},
      {"Each entry of `output.also` is one more set", "SET", ""},
  };
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
    const sp_key_table *kt = sp_key_table_find(tables[t].object);
    cr_assert(kt);
    const char *at = strstr(doc, tables[t].after);
    cr_assert(at, "docs/recipe.md has no '%s'", tables[t].after);
    at = strstr(at, "| key | default | meaning |\n|---|---|---|\n");
    cr_assert(at, "docs/recipe.md: no key table after '%s'", tables[t].after);
    at = strchr(strchr(at, '\n') + 1, '\n') + 1;
    size_t k = 0;
    for (; *at == '|'; at = strchr(at, '\n') + 1, k++) {
      char key[512] = "", def[512] = "";
      const char *c1 = at + 1, *c2 = strchr(c1, '|'), *c3 = c2 ? strchr(c2 + 1, '|') : NULL;
      cr_assert(c3, "docs/recipe.md: a row of the %s table is cut: %.60s", kt->object, at);
      /* each cell without its backticks and the blanks around it */
      char *cells[2] = {key, def};
      const char *from[2] = {c1, c2 + 1}, *to[2] = {c2, c3};
      for (int i = 0; i < 2; i++) {
        size_t n = 0;
        for (const char *p = from[i]; p < to[i] && n + 1 < 512; p++)
          if (*p != '`')
            cells[i][n++] = *p;
        cells[i][n] = '\0';
        char *s = cells[i];
        while (*s == ' ')
          memmove(s, s + 1, strlen(s));
        while (*s && s[strlen(s) - 1] == ' ')
          s[strlen(s) - 1] = '\0';
      }
      const size_t pl = strlen(tables[t].prefix);
      cr_expect(strncmp(key, tables[t].prefix, pl) == 0, "%s: '%s' lacks '%s'", kt->object, key,
                tables[t].prefix);
      if (k >= kt->n) {
        cr_expect(false, "docs/recipe.md's %s table has '%s', a key it does not take", kt->object,
                  key);
        continue;
      }
      cr_expect_str_eq(key + pl, kt->keys[k], "docs/recipe.md's %s table: '%s' where '%s' is",
                       kt->object, key + pl, kt->keys[k]);
      const char *want = kt->rows[k].def;
      const bool same = want ? (*want ? strcmp(def, want) == 0
                                      : strcmp(def, "none") == 0 || *def == '\0')
                             : strcmp(def, "required") == 0 || strcmp(def, "(required)") == 0;
      cr_expect(same, "docs/recipe.md: %s%s's default is '%s', its row's '%s'", tables[t].prefix,
                kt->keys[k], def, want ? want : "(required)");
    }
    cr_expect_eq(k, kt->n, "docs/recipe.md's %s table has %zu keys, the table %zu", kt->object, k,
                 kt->n);
  }
  free(doc);
}

/* docs/recipe.md's first recipe prints what its text works out: a mono
 * kick.wav peaking at -1.0 dBFS, at -6 dB, centred under the -3 dB pan
 * law (cos(π/4), -3.0103 dB), peaks at -10.0103 dBFS on each side; check
 * says it, render prints it, and the file read back holds it (to 0.0001
 * dB: the dither). */
Test(docs, recipe_md_first_recipe_prints_the_peak_it_works_out)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  char *recipe = block_after(doc, "## A first recipe");
  cr_assert(strstr(doc, "L and R each peak at -7.0 - 3.0103 = **-10.0103 dBFS**"));
  char *dir = tu_tmpdir();
  enum { N = 24000 };
  static float x[N];
  const double a = pow(10.0, -1.0 / 20.0);
  for (int i = 0; i < N; i++)
    x[i] = (float)(a * sin(2 * M_PI * 100.0 * i / 48000.0 + 0.3));
  float top = 0;
  for (int i = 0; i < N; i++)
    top = fabsf(x[i]) > top ? fabsf(x[i]) : top;
  for (int i = 0; i < N; i++) /* its peak exactly -1.0 dBFS */
    x[i] = (float)(x[i] * a / top);
  free(tu_write_wav(dir, "kick.wav", 1, 48000, 32, x, N));
  char *path = tu_write_text(dir, "first.yaml", recipe);
  char *out = NULL, *err = NULL;
  const char *check[] = {"check", path, NULL};
  cr_expect_eq(tu_run(check, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "first.yaml: ok — 1 track, 0 buses, 0 stems, ") &&
                strstr(out, "; the mix peaks at -10.0 dBFS\n"),
            "%s", out);
  free(out), free(err);
  const char *render[] = {"render", path, NULL};
  cr_expect_eq(tu_run(render, &out, &err), 0, "%s", err);
  cr_expect(strstr(out, "/out/first/mix.wav") && strstr(out, "peak -10.0 dBFS"), "%s", out);
  char *mix = tu_path(dir, "out/first/mix.wav");
  int64_t frames = 0;
  int channels = 0, rate = 0;
  double *y = tu_read(mix, &frames, &channels, &rate);
  cr_assert_eq(channels, 2);
  cr_assert_eq(rate, 48000);
  double peak[2] = {0, 0};
  for (int64_t i = 0; i < frames; i++)
    for (int c = 0; c < 2; c++)
      peak[c] = fabs(y[2 * i + c]) > peak[c] ? fabs(y[2 * i + c]) : peak[c];
  for (int c = 0; c < 2; c++)
    cr_expect(fabs(20 * log10(peak[c]) + 10.0103) < 0.0001, "channel %d: %.5f dBFS", c,
              20 * log10(peak[c]));
  free(y), free(mix), free(out), free(err), free(path), free(recipe), free(doc);
  tu_rmtree(dir);
  free(dir);
}

/* docs/recipe.md's compressor example settles where its text works it out:
 * a 1 kHz sine of peak 0.5 through an rms compressor (threshold -20 dB,
 * ratio 4, hard knee), centred: -17.2577 dBFS, and no more than the
 * ripple's 0.0259 dB below it; the level the text says it measured,
 * -17.2748 dBFS, is what the render prints from 0.5 s on. */
Test(docs, recipe_md_compressor_example_settles_where_its_formula_says)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  char *recipe = block_after(doc, "**Predicting a compressor's level.**");
  cr_assert(strstr(doc, "**−17.2577 dBFS** on L and R, down to −17.2836 with the ripple's"));
  cr_assert(strstr(doc, "the mix peaks at −17.2748 dBFS"));
  char *dir = tu_tmpdir();
  enum { N = 48000 };
  static float x[N];
  for (int i = 0; i < N; i++)
    x[i] = (float)(0.5 * sin(2 * M_PI * 1000.0 * i / 48000.0));
  free(tu_write_wav(dir, "tone.wav", 1, 48000, 32, x, N));
  char *path = tu_write_text(dir, "c.yaml", recipe);
  const char *render[] = {"render", path, NULL};
  char *out = NULL, *err = NULL;
  cr_assert_eq(tu_run(render, &out, &err), 0, "%s", err);
  char *mix = tu_path(dir, "out/c/mix.wav");
  int64_t frames = 0;
  int channels = 0, rate = 0;
  double *y = tu_read(mix, &frames, &channels, &rate);
  cr_assert_eq(channels, 2);
  cr_assert_eq(frames, N);
  double peak = 0;
  for (int64_t i = N / 2; i < frames; i++)
    for (int c = 0; c < 2; c++)
      peak = fabs(y[2 * i + c]) > peak ? fabs(y[2 * i + c]) : peak;
  const double db = 20 * log10(peak);
  /* the steady figure, and its ripple's bound: a = e^(-1/480), Ω = 2π·2000/48000 */
  const double a = exp(-1.0 / 480.0), w = 2 * M_PI * 2000.0 / 48000.0;
  const double r = (1 - a) / sqrt(pow(1 - a * cos(w), 2) + pow(a * sin(w), 2));
  const double steady = -20 + (20 * log10(0.5) - 10 * log10(2.0) + 20) / 4;
  const double bound = 0.75 * 10 * log10(1 + r);
  cr_expect(fabs(steady + 17.2577) < 0.0001 && fabs(bound - 0.0259) < 0.0001, "%.5f %.5f", steady,
            bound);
  cr_expect(db <= steady + 0.001 && db >= steady - bound - 0.001, "%.5f dBFS", db);
  cr_expect(fabs(db + 17.2748) < 0.0005, "%.5f dBFS, the text says -17.2748", db);
  free(y), free(mix), free(out), free(err), free(path), free(recipe), free(doc);
  tu_rmtree(dir);
  free(dir);
}

/* A doc's table of what a reader lets go unread (after the
 * heading `after`) is the reader's table, row for row: "| `PATH` | WHY |"
 * (io/xml/xml.h, sp_xml_ignored). */
static void ignored_table_is(const char *doc, const char *after, const sp_xml_ignored *t, size_t n)
{
  const char *at = strstr(doc, after);
  cr_assert(at, "the doc has no '%s'", after);
  at = strstr(at, "| path | why it changes nothing the export plays |\n|---|---|\n");
  cr_assert(at, "the doc: no table of what is not read after '%s'", after);
  at = strchr(strchr(at, '\n') + 1, '\n') + 1;
  size_t k = 0;
  for (; *at == '|'; at = strchr(at, '\n') + 1, k++) {
    if (k >= n) {
      cr_expect(false, "the doc (%s) has a row the reader's table has not: %.80s", after, at);
      continue;
    }
    char *want = sp_xasprintf("| `%s` | %s |\n", t[k].path, t[k].why);
    cr_expect(strncmp(at, want, strlen(want)) == 0, "the doc (%s), row %zu:\n%.200s\nnot\n%s",
              after, k + 1, at, want);
    free(want);
  }
  cr_expect_eq(k, n, "the doc (%s) has %zu rows, the reader's table %zu", after, k, n);
}

Test(docs, recipe_md_lists_what_the_adm_reader_does_not_read_as_its_table_does)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/recipe.md");
  ignored_table_is(doc, "### What the ADM reader does not read, and why", sp_adm_ignored,
                   sp_adm_n_ignored);
  free(doc);
}

Test(docs, sessions_md_lists_what_each_reader_does_not_read_as_its_table_does)
{
  char *doc = tu_slurp_must(SP_SOURCE_DIR "/docs/sessions.md");
  ignored_table_is(doc, "## What an Ardour session carries over", sp_ardour_ignored,
                   sp_ardour_n_ignored);
  ignored_table_is(doc, "## What a DAWproject carries over", sp_dawproject_ignored,
                   sp_dawproject_n_ignored);
  free(doc);
}
