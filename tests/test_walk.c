/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe as recipe text (core/recipe/walk.h): parsing what
 * sp_recipe_yaml writes, as the same file, gives back the same canonical
 * recipe (core/job/job.h), over every recipe of recipes/, tests/ and
 * fixtures/ that parses and builds, and the files or folders
 * $SP_WALK_EXTRA names (colon-separated: an Ardour generator's imported
 * seeds); keys at their default are left out; comments are written where
 * the callback puts them. */

#include "core/base/alloc.h"
#include "core/graph/graph.h"
#include "core/job/job.h"
#include "core/recipe/walk.h"
#include "io/recipe/parse.h"
#include "io/recipe/walk_tree.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

TestSuite(walk, .timeout = TU_TIMEOUT(600));

/* An input's digest: its path's (the comparison is of the recipe, not of
 * the bytes; the same path is the same file). */
static sp_err path_digest(void *ctx, const char *path, sp_file_digest *out, char *why,
                          size_t why_size)
{
  (void)ctx, (void)why, (void)why_size;
  sp_digest_bytes(path, strlen(path), &out->digest);
  out->size = 0;
  out->from_index = true;
  return SP_OK;
}

/* The canonical recipe of r (heap), or NULL when it does not build. */
static char *canonical(sp_recipe *r)
{
  sp_diags d;
  sp_diags_init(&d);
  char *text = NULL;
  sp_graph *g = NULL;
  if (sp_graph_build(r, sp_audio_media(), NULL, &g, &d) == SP_OK) {
    sp_job job;
    const sp_job_opts o = {.digest = path_digest};
    if (sp_job_build(g, &o, &job, &d) == SP_OK)
      text = sp_xstrdup(job.recipe_text);
    const char *log = getenv("SP_CANON_LOG"); /* to compare two builds' canonical text */
    FILE *f = text && log && *log ? fopen(log, "a") : NULL;
    if (f) {
      fprintf(f, "%s\n", text);
      fclose(f);
    }
    sp_job_fini(&job);
  }
  if (!text && getenv("SP_WALK_VERBOSE"))
    sp_diags_print(&d, stderr);
  sp_graph_free(g);
  sp_diags_fini(&d);
  return text;
}

typedef struct tally {
  size_t compared, texts, skipped, failed, placed;
} tally;

/* Paths of a whose place (sp_recipe_where, the last noted) differs in b:
 * each logged, counted. */
static size_t misplaced(const char *path, const sp_recipe *a, const sp_recipe *b, const char *how)
{
  size_t bad = 0;
  for (size_t i = 0; i < a->n_where; i++) {
    const sp_pos x = sp_recipe_where(a, a->where[i].path), y = sp_recipe_where(b, a->where[i].path);
    if (x.line != y.line || x.col != y.col)
      if (bad++ < 5)
        cr_log_error("%s: %s %s at %d:%d, the other at %d:%d", path, how, a->where[i].path,
                     x.line, x.col, y.line, y.col);
  }
  return bad;
}

/* A comment at every place one is asked for. */
static const char *everywhere(void *ctx, const char *path)
{
  (void)ctx;
  return *path ? "a comment\n\nof three lines" : "the top";
}

/* Where tree a differs from b (a reader's of the same text): its path
 * logged; false. */
static bool same_tree(const char *file, const sp_ynode *a, const sp_ynode *b, const char *path)
{
  if (a->kind != b->kind || a->pos.line != b->pos.line || a->pos.col != b->pos.col ||
      a->n != b->n || a->quoted != b->quoted ||
      strcmp(a->text ? a->text : "", b->text ? b->text : "") != 0) {
    cr_log_error("%s: %s: the walk's node %d at %d:%d '%s' (%zu), the text's %d at %d:%d '%s' "
                 "(%zu)",
                 file, path, a->kind, a->pos.line, a->pos.col, a->text ? a->text : "", a->n,
                 b->kind, b->pos.line, b->pos.col, b->text ? b->text : "", b->n);
    return false;
  }
  bool same = true;
  for (size_t i = 0; i < a->n && same; i++) {
    char *sub = a->kind == SP_Y_SEQ ? sp_xasprintf("%s[%zu]", path, i)
                                    : sp_xasprintf("%s.%s", path, a->pairs[i].key->text);
    same = a->kind == SP_Y_SEQ ? same_tree(file, a->items[i], b->items[i], sub)
                               : same_tree(file, a->pairs[i].key, b->pairs[i].key, sub) &&
                                     same_tree(file, a->pairs[i].value, b->pairs[i].value, sub);
    free(sub);
  }
  return same;
}

/* The places r holds (sp_recipe_place's, with o) are those the walk notes
 * with no text laid out (o's nodes_only: a session's recipe, placed at
 * its elements after), path by path in the same order, each as bare, at
 * {0, 0}: the text's paths, none more, none fewer. r placed with o again. */
static bool same_paths(const char *file, sp_recipe *r, const sp_recipe_yaml_opts *o)
{
  const size_t n = r->n_where;
  sp_where *text = sp_xcalloc(n ? n : 1, sizeof *text);
  for (size_t i = 0; i < n; i++)
    text[i] = (sp_where){.path = sp_xstrdup(r->where[i].path), .bare = r->where[i].bare};
  sp_recipe_yaml_opts bare_o = *o;
  bare_o.nodes_only = true;
  sp_recipe_place(r, &bare_o, NULL);
  bool same = r->n_where == n;
  if (!same)
    cr_log_error("%s: %zu places with no text, %zu with it", file, r->n_where, n);
  for (size_t i = 0; i < n && same; i++) {
    const sp_where *w = &r->where[i];
    same = strcmp(w->path, text[i].path) == 0 && w->bare == text[i].bare && !w->item &&
           w->pos.line == 0 && w->pos.col == 0;
    if (!same)
      cr_log_error("%s: place %zu with no text %s (bare %d) at %d:%d, with it %s (bare %d)", file,
                   i, w->path, w->bare, w->pos.line, w->pos.col, text[i].path, text[i].bare);
  }
  for (size_t i = 0; i < n; i++)
    free(text[i].path);
  free(text);
  sp_recipe_place(r, o, NULL);
  return same;
}

/* The tree the walk makes of r (io/recipe/walk_tree.h) with a comment at
 * every place, as import writes it, is the one a reader
 * reads of the text it writes, node by node, and reads as the same
 * recipe; the positions sp_recipe_place_tree finds in it, and those
 * sp_recipe_place finds as the walk tells its nodes, equal those the
 * parser notes reading that text, path by path, both ways. */
static void placed(const char *path, sp_recipe *r, tally *t)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *back = NULL, *tree_back = NULL;
  const sp_recipe_yaml_opts o = {.comment = everywhere};
  char *text = sp_recipe_yaml(r, &o);
  sp_ynode *tree = sp_recipe_tree(r, &o, NULL), *read = NULL;
  if (sp_yaml_load_string(path, text, strlen(text), &read, &d) == SP_OK &&
      sp_recipe_parse_string(path, text, &back, &d) == SP_OK) {
    bool bad = !same_tree(path, tree, read, "");
    sp_recipe_place_tree(r, tree);
    t->placed++;
    bad |= misplaced(path, back, r, "the parser notes") + misplaced(path, r, back, "the walk places");
    /* and placed as the walk tells its nodes, no tree made (a session's) */
    sp_recipe_place(r, &o, NULL);
    bad |= misplaced(path, back, r, "the parser notes") +
           misplaced(path, r, back, "the walk's nodes place");
    bad |= !same_paths(path, r, &o);
    sp_recipe_parse_tree(path, tree, NULL, NULL, 0, &tree_back, &d);
    tree = NULL;
    char *a = sp_recipe_yaml(back, NULL), *b = tree_back ? sp_recipe_yaml(tree_back, NULL) : NULL;
    if (!b || strcmp(a, b) != 0) {
      cr_log_error("%s: the tree reads as another recipe", path);
      bad = true;
    }
    free(a);
    free(b);
    t->failed += bad;
  }
  sp_ynode_free(tree);
  sp_ynode_free(read);
  sp_recipe_free(back);
  sp_recipe_free(tree_back);
  sp_diags_fini(&d);
  free(text);
}

/* The round trip of the recipe at path: the same canonical recipe where
 * it builds; where it parses and does not build (its sources are not
 * here), the same text written again from what the text parses to. */
static void round_trip(const char *path, tally *t)
{
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL, *back = NULL;
  char *before = NULL, *after = NULL, *yaml = NULL, *again = NULL;
  if (sp_recipe_parse_file(path, &r, &d) != SP_OK) {
    if (getenv("SP_WALK_VERBOSE"))
      sp_diags_print(&d, stderr);
    t->skipped++;
    goto done;
  }
  before = canonical(r);
  yaml = sp_recipe_yaml(r, NULL);
  const char *ylog = getenv("SP_YAML_LOG"); /* to compare two builds' recipe text */
  FILE *yf = ylog && *ylog ? fopen(ylog, "a") : NULL;
  if (yf) {
    fprintf(yf, "# %s\n%s", path, yaml);
    fclose(yf);
  }
  sp_diags_fini(&d);
  sp_diags_init(&d);
  if (sp_recipe_parse_string(path, yaml, &back, &d) != SP_OK) {
    sp_diags_print(&d, stderr);
    cr_log_error("%s: what sp_recipe_yaml wrote does not parse:\n%s", path, yaml);
    t->failed++;
    goto done;
  }
  if (!before) {
    again = sp_recipe_yaml(back, NULL);
    t->texts++;
    placed(path, r, t);
    if (strcmp(yaml, again) != 0) {
      cr_log_error("%s: another text written again:\n%s\n%s", path, yaml, again);
      t->failed++;
    }
    goto done;
  }
  after = canonical(back);
  t->compared++;
  placed(path, r, t);
  if (!after || strcmp(before, after) != 0) {
    cr_log_error("%s: another canonical recipe after the round trip:\n%s\n%s\n%s", path, yaml,
                 before, after ? after : "(did not build)");
    t->failed++;
  }
done:
  sp_diags_fini(&d);
  sp_recipe_free(r);
  sp_recipe_free(back);
  free(before);
  free(after);
  free(yaml);
  free(again);
}

static bool yaml_name(const char *name)
{
  const size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
         (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Every recipe under path (a file: it). */
static void walk_tree(const char *path, tally *t)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return;
  if (!S_ISDIR(st.st_mode)) {
    round_trip(path, t);
    return;
  }
  struct dirent **names;
  const int n = scandir(path, &names, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *e = names[i]->d_name;
    char *sub = sp_xasprintf("%s/%s", path, e);
    struct stat ss;
    if (e[0] != '.' && stat(sub, &ss) == 0 && (S_ISDIR(ss.st_mode) || yaml_name(e)))
      walk_tree(sub, t);
    free(sub);
    free(names[i]);
  }
  free(names);
}

Test(walk, every_recipe_round_trips)
{
  tally t = {0};
  /* the tests' own plugins, and those installed (the examples', the seeds') */
  setenv("LV2_PATH", SP_TEST_LV2_DIR ":/usr/lib/lv2:/usr/local/lib/lv2", 1);
  static const char *const roots[] = {"recipes", "tests", "fixtures"};
  for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
    char *p = sp_xasprintf("%s/%s", SP_SOURCE_DIR, roots[i]);
    walk_tree(p, &t);
    free(p);
  }
  const char *extra = getenv("SP_WALK_EXTRA");
  char *list = extra ? sp_xstrdup(extra) : NULL, *save = NULL;
  for (char *p = list ? strtok_r(list, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save))
    walk_tree(p, &t);
  free(list);
  fprintf(stderr,
          "walk: %zu canonical recipes compared, %zu texts (no sources here), %zu did not parse, "
          "%zu failed; %zu placed as the parser notes them\n",
          t.compared, t.texts, t.skipped, t.failed, t.placed);
  cr_expect_eq(t.placed, t.compared + t.texts);
  cr_expect(t.compared >= 5, "only %zu recipes compared (the examples build)", t.compared);
  cr_expect_eq(t.failed, 0);
}

static const char *comments(void *ctx, const char *path)
{
  (void)ctx;
  if (strcmp(path, "") == 0)
    return "made by a test\nsecond line";
  if (strcmp(path, "tracks.a") == 0)
    return "track a";
  if (strcmp(path, "tracks.a.inserts[0]") == 0)
    return "its eq";
  if (strcmp(path, "stems") == 0)
    return "the stems";
  return NULL;
}

Test(walk, defaults_left_out_and_comments_placed)
{
  static const char text[] = "stemprint: 1\n"
                             "tracks:\n"
                             "  a: {file: a.wav, gain: -3 dB, inserts: [{compressor: {threshold: -20 dB}}]}\n"
                             "stems: {s: [a]}\n";
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  char *dir = tu_tmpdir(), *path = tu_write_text(dir, "song.yaml", text);
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  const sp_recipe_yaml_opts o = {.comment = comments};
  char *y = sp_recipe_yaml(r, &o);
  cr_expect_str_eq(y, "# made by a test\n"
                      "# second line\n"
                      "stemprint: 1\n"
                      "\n"
                      "tracks:\n"
                      "  # track a\n"
                      "  a:\n"
                      "    file: a.wav\n"
                      "    gain: -3 dB\n"
                      "    inserts:\n"
                      "      # its eq\n"
                      "      - compressor: {threshold: -20}\n"
                      "\n"
                      "# the stems\n"
                      "stems:\n"
                      "  s: [a]\n");
  free(y);
  /* an insert a builder made without its recipe path: named by its family */
  free(r->tracks[0].strip.inserts[0].path);
  r->tracks[0].strip.inserts[0].path = NULL;
  y = sp_recipe_yaml(r, NULL);
  cr_expect(strstr(y, "      - compressor: {threshold: -20}\n"), "%s", y);
  free(y);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(path);
  free(dir);
}

/* A set's bitrate is written where it is not the parser's default at the
 * set's rate: an MP3's default is the most its rate takes (160 kbps at
 * 22.05 kHz, 320 at 44.1), an AAC's no more than FFmpeg's encoder gives a
 * mono file (96 at 16 kHz), so an MP3 set at 22.05 kHz of no bitrate is
 * written with none, and one of 320 kbps at 44.1 kHz too. Before, the
 * writer took 320 as every MP3 set's default, and wrote `bitrate: 160`
 * of the set at 22.05 kHz that gave none. */
Test(walk, a_sets_default_bitrate_is_its_rates)
{
  static const char text[] = "stemprint: 1\n"
                             "tracks: {a: a.wav}\n"
                             "output:\n"
                             "  also:\n"
                             "    - {format: mp3, rate: 22.05 kHz}\n"
                             "    - {format: mp3, rate: 22.05 kHz, bitrate: 128}\n"
                             "    - {format: mp3, rate: 44.1 kHz}\n"
                             "    - {format: mp3, rate: 44.1 kHz, bitrate: 160}\n"
                             "    - {format: aac, rate: 16 kHz}\n"
                             "    - {format: aac, rate: 16 kHz, bitrate: 64, name: x}\n";
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  char *dir = tu_tmpdir(), *path = tu_write_text(dir, "song.yaml", text);
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  char *y = sp_recipe_yaml(r, NULL);
  cr_expect(strstr(y, "- {format: mp3, rate: 22050}\n"), "%s", y);
  cr_expect(strstr(y, "- {format: mp3, rate: 22050, bitrate: 128}\n"), "%s", y);
  cr_expect(strstr(y, "- {format: mp3, rate: 44100}\n"), "%s", y);
  cr_expect(strstr(y, "- {format: mp3, rate: 44100, bitrate: 160}\n"), "%s", y);
  /* an AAC's default at 16 kHz is the most a mono file takes, 96 kbps */
  cr_expect(strstr(y, "- {format: aac, rate: 16000}\n"), "%s", y);
  cr_expect(strstr(y, "- {format: aac, rate: 16000, bitrate: 64"), "%s", y);
  cr_expect_eq(r->output.sets[4].kbps, 96);
  free(y);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  free(path);
  tu_rmtree(dir);
  free(dir);
}

/* The places of a tree read of text: a comment line or a blank one
 * counts as a line; a track's name at its key, a key at its value. */
Test(walk, places_of_a_tree)
{
  static const char text[] = "# top\n\nstemprint: 1\ntracks:\n  a:\n    # c\n    gain: -3 dB\n";
  sp_diags d;
  sp_diags_init(&d);
  sp_ynode *tree = NULL;
  cr_assert_eq(sp_yaml_load_string("t.yaml", text, strlen(text), &tree, &d), SP_OK);
  sp_recipe *r = sp_recipe_new("t.yaml");
  sp_recipe_place_tree(r, tree);
  const sp_pos at = sp_recipe_where(r, "tracks.a.gain"), a = sp_recipe_where(r, "tracks.a");
  cr_expect(at.line == 7 && at.col == 11, "%d:%d", at.line, at.col);
  cr_expect(a.line == 5 && a.col == 3, "%d:%d", a.line, a.col);
  sp_recipe_free(r);
  sp_ynode_free(tree);
  sp_diags_fini(&d);
}

/* A writer that tells keeps each node as its value writers write it: a
 * mapping and a list at their brackets (an end at its closing one), a
 * scalar's bytes and its text as a reader reads it, quoted or not; what
 * sp_write writes (the punctuation) none. Moved, its nodes go with its
 * text; cut, those past the cut go. */
Test(walk, a_writer_keeps_the_nodes_it_writes)
{
  sp_writer w = {.tells = true}, v = {.tells = true};
  sp_write_open(&w, false);
  sp_write_name(&w, "at");
  sp_write(&w, ": ");
  sp_write_quoted(&w, "a, \"b\": [c]\n");
  sp_write(&w, ", ");
  sp_write_name(&w, "true");
  sp_write(&w, ": ");
  sp_write_open(&v, true);
  sp_write_db(&v, -3);
  sp_write(&v, ", ");
  sp_write_open(&v, false);
  sp_write_close(&v, false);
  sp_write_close(&v, true);
  sp_write_moved(&w, &v);
  sp_write_close(&w, false);
  cr_expect_str_eq(w.s, "{at: \"a, \\\"b\\\": [c]\\u000a\", \"true\": [-3 dB, {}]}");
  static const struct {
    sp_yaml_ev ev;
    size_t at, end;
    const char *text;
    bool quoted;
  } want[] = {
      {SP_YAML_MAP, 0, 1, NULL, false},
      {SP_YAML_SCALAR, 1, 3, "at", false},
      {SP_YAML_SCALAR, 5, 26, "a, \"b\": [c]\n", true},
      {SP_YAML_SCALAR, 28, 34, "true", true},
      {SP_YAML_LIST, 36, 37, NULL, false},
      {SP_YAML_SCALAR, 37, 42, "-3 dB", false},
      {SP_YAML_MAP, 44, 45, NULL, false},
      {SP_YAML_END, 45, 46, NULL, false},
      {SP_YAML_END, 46, 47, NULL, false},
      {SP_YAML_END, 47, 48, NULL, false},
  };
  const size_t n = sizeof want / sizeof *want;
  cr_assert_eq(w.n_nodes, n);
  cr_expect_eq(v.n_nodes, 0);
  for (size_t i = 0; i < n; i++) {
    const sp_wnode *got = &w.nodes[i];
    cr_expect(got->ev == want[i].ev && got->at == want[i].at && got->end == want[i].end &&
                  got->quoted == want[i].quoted &&
                  strcmp(got->text ? got->text : "-", want[i].text ? want[i].text : "-") == 0,
              "node %zu: %d [%zu, %zu) '%s' %d", i, got->ev, got->at, got->end,
              got->text ? got->text : "-", got->quoted);
  }
  sp_writer_cut(&w, 36);
  cr_expect_str_eq(w.s, "{at: \"a, \\\"b\\\": [c]\\u000a\", \"true\": ");
  cr_expect_eq(w.n_nodes, 4);
  sp_writer_free(&w);
  sp_writer_free(&v);
}

/* Values of nested flow told by the structure their writers report:
 * points with units, a fade's curve, an insert's bands and moving
 * parameters, a key's mapping, a send's tap and moving level, a moving
 * position, strings holding commas, colons, brackets, braces, quotes and
 * a tab (characters of two bytes before the nodes after them on their
 * line), empty lists and mappings. The tree the walk makes is the one
 * libyaml reads of the text it writes, node by node, at the places the
 * parser notes. */
Test(walk, nested_flow_values_told_as_written)
{
  static const char text[] =
      "stemprint: 1\n"
      "tracks:\n"
      "  a:\n"
      "    file: \"x, y: [z].wav\"\n"
      "    gain: [[0 s, -6 dB], [1.5 s, 0 dB], [96000 smp, -3 dB]]\n"
      "    fade_in: {curve: [[0 s, 0], [0.5 s, 0.7], [1 s, 1]]}\n"
      "    fade_out: {length: 2 s, shape: symmetric}\n"
      "    invert: [true, false]\n"
      "    sends: [{to: empty, level: [[0 s, -12 dB], [2 s, -6 dB]], tap: {after: 1}}]\n"
      "    inserts:\n"
      "      - eq: {bands: [{type: highpass, freq: [[0 s, 100], [2 s, 200]]},\n"
      "                     {type: peak, freq: 1000, gain: -3 dB}]}\n"
      "      - compressor: {threshold: [[0 s, -20 dB], [1 s, -10 dB]],\n"
      "                     key: {from: b, tap: pre, level: 3 dB}}\n"
      "      - limiter: {}\n"
      "  b: {file: \"é, ü: [ß] {x}.wav\", to: obj}\n"
      "buses:\n"
      "  empty: {}\n"
      "  obj: {object: true, pan: {azimuth: [[0, 20], [12 s, -20]]}}\n"
      "master:\n"
      "  layout: 7.1.2\n"
      "  adm: {renders: []}\n"
      "output:\n"
      "  tags: {title: \"é, b: [c] {d}\\t\", artist: \"\\\"q\\\": x\"}\n"
      "  bwf: {description: \"1, 2: [3]\"}\n";
  static const char *const written[] = {
      "    file: \"x, y: [z].wav\"\n",
      "    fade_in: {curve: [[0 s, 0], [0.5 s, 0.7], [1 s, 1]]}\n",
      "    gain: [[0 s, -6 dB], [1.5 s, 0 dB], [96000 smp, -3 dB]]\n",
      ("      - eq: {bands: [{type: highpass, freq: [[0 s, 100], [2 s, 200]]}, {freq: 1000, "
       "gain: -3 dB}]}\n"),
      "      - compressor: {threshold: [[0 s, -20], [1 s, -10]], key: {from: b, level: 3 dB}}\n",
      "      - limiter: {}\n",
      "      - {to: empty, level: [[0 s, -12 dB], [2 s, -6 dB]], tap: {after: 1}}\n",
      "    file: \"é, ü: [ß] {x}.wav\"\n",
      "  empty: {}\n",
      "    pan: {azimuth: [[0 s, 20], [12 s, -20]], elevation: 0, spread: 0}\n",
      "  adm: {renders: []}\n",
      "  bwf: {description: \"1, 2: [3]\", originator: stemprint}\n",
      "  tags: {title: \"é, b: [c] {d}\\u0009\", artist: \"\\\"q\\\": x\"}\n",
  };
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  char *dir = tu_tmpdir(), *path = tu_write_text(dir, "nested.yaml", text);
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  char *y = sp_recipe_yaml(r, NULL);
  for (size_t i = 0; i < sizeof written / sizeof *written; i++)
    cr_expect(strstr(y, written[i]), "not written: %s\nin:\n%s", written[i], y);
  tally t = {0};
  placed(path, r, &t);
  cr_expect_eq(t.placed, 1);
  cr_expect_eq(t.failed, 0);
  free(y);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  tu_rmtree(dir);
  free(path);
  free(dir);
}

/* A position's azimuth is held as written, each point -180 .. 180: the
 * short way round (90 to -100.7 passes behind, as 259.3) is the panner's
 * (core/graph/routes.c), so the walk writes each point as it was written,
 * to the last digit: -100.7, not the -100.69999999999999 that 259.3 less a
 * turn is (as it was while the parser turned the points and the walk
 * turned them back). */
Test(walk, an_azimuth_is_written_as_it_was_written)
{
  const char *text =
      "stemprint: 1\n"
      "tracks:\n"
      "  a:\n"
      "    file: a.wav\n"
      "    pan: {azimuth: [[0, 90], [1 s, -100.7], [2 s, 123.456], [3 s, -123.456]]}\n";
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  char *dir = tu_tmpdir(), *path = tu_write_text(dir, "az.yaml", text);
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  const sp_auto *az = &r->tracks[0].strip.pan.pos.azimuth;
  cr_assert_eq(az->n, 4);
  cr_expect_eq(az->points[1].v, -100.7);
  cr_expect_eq(az->points[3].v, -123.456);
  char *y = sp_recipe_yaml(r, NULL);
  cr_expect(strstr(y, "pan: {azimuth: [[0 s, 90], [1 s, -100.7], [2 s, 123.456], [3 s, -123.456]]"),
            "%s", y);
  free(y);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  tu_rmtree(dir);
  free(path);
  free(dir);
}

/* A region's MIDI channels are written as numbers, as the keys spell them
 * (docs/keys.md: `keep_channels: [1, 10]`). Before, the walk quoted them
 * as names that look like numbers: the recipe `import` wrote of an Ardour
 * MIDI track's channel filter held `keep_channels: ["1"]`. */
Test(walk, midi_channels_are_written_as_numbers)
{
  const char *text = "stemprint: 1\n"
                     "tracks:\n"
                     "  a:\n"
                     "    regions:\n"
                     "      - {midi: a.mid, keep_channels: [1, 10], length: 1 s}\n"
                     "    instrument: {soundfont: a.sf2}\n";
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  cr_assert_eq(sp_recipe_parse_string("/work/ch.yaml", text, &r, &d), SP_OK);
  char *y = sp_recipe_yaml(r, NULL);
  cr_expect(strstr(y, "keep_channels: [1, 10]"), "%s", y);
  sp_recipe *back = NULL;
  cr_expect_eq(sp_recipe_parse_string("/work/ch.yaml", y, &back, &d), SP_OK);
  cr_expect_eq(back->tracks[0].regions[0].keep_channels, r->tracks[0].regions[0].keep_channels);
  free(y);
  sp_recipe_free(back);
  sp_recipe_free(r);
  sp_diags_fini(&d);
}

/* A time, a tempo map, a moving value (its VCA, its start), a fade (a
 * ramp, a shape with its inverse, a curve), a warp and a moving parameter,
 * each written by the walk's one writer of it in both spellings: the
 * recipe's text as a recipe writes it, the canonical recipe as the model
 * holds it (its bytes those the cache keys of every recipe were made of). */
Test(walk, each_value_written_in_both_spellings_by_one_writer)
{
  static const float silence[96000]; /* 2 s */
  const char *text =
      "stemprint: 1\n"
      "tracks:\n"
      "  a:\n"
      "    regions:\n"
      "      - {file: a.wav, fade_in: 10 ms, fade_out: {length: 4800 smp, shape: slow, inverse: "
      "[[0, 0], [1 s, 1]]}, opaque: true}\n"
      "      - {file: a.wav, at: 2 s, fade_in: {curve: [[0, 0], [0.5 s, 1]]}, warp: [[0, 0], "
      "[48000 smp, 1.5 s]]}\n"
      "    gain: {ramp: ardour, interpolation: linear, tempo: [{at: 0 s, beat: 0, bpm: 120}, {at: "
      "1 s, beat: 2, bpm: 120, omega: 1e-9}], points: [[0.5 s, -12 dB], [2.5 s, 0 dB]], vca: "
      "[{tempo: 97, points: [[1 s, -6 dB]]}], start: -3 dB}\n"
      "    inserts:\n"
      "      - compressor: {threshold: [[0, -20 dB], [1 s, -10 dB]]}\n";
  static const char *const yaml_has[] = {
      "fade_in: 0.01 s",
      "fade_out: {length: 4800 smp, shape: slow, inverse: [[0 s, 0], [1 s, 1]]}",
      "fade_in: {curve: [[0 s, 0], [0.5 s, 1]]}",
      "warp: [[0 s, 0 s], [48000 smp, 1.5 s]]",
      "gain: {ramp: ardour, interpolation: linear, tempo: [{at: 0 s, beat: 0, bpm: 120, note: 4}, "
      "{at: 1 s, beat: 2, bpm: 120, note: 4, omega: 1e-09}], start: -3 dB, vca: [{tempo: 97, "
      "points: [[1 s, -6 dB]]}], points: [[0.5 s, -12 dB], [2.5 s, 0 dB]]}",
      "threshold: [[0 s, -20], [1 s, -10]]",
  };
  static const char *const canonical_has[] = {
      "\"fade_in\":{\"length\":{\"s\":0.01},\"shape\":\"ramp\"}",
      "\"fade_out\":{\"length\":{\"frames\":4800},\"shape\":\"slow\",\"inverse\":{\"points\":[{"
      "\"t\":{\"s\":0},\"v\":0},{\"t\":{\"s\":1},\"v\":1}],\"ramp\":\"db\"}}",
      "\"fade_in\":{\"length\":{\"s\":0.5},\"shape\":\"curve\",\"curve\":{\"points\":[{\"t\":{"
      "\"s\":0},\"v\":0},{\"t\":{\"s\":0.5},\"v\":1}],\"ramp\":\"db\"}}",
      "\"warp\":[{\"src\":{\"s\":0},\"at\":{\"s\":0}},{\"src\":{\"frames\":48000},\"at\":{\"s\":1."
      "5}}]",
      "\"gain\":{\"points\":[{\"t\":{\"s\":0.5},\"v\":-12},{\"t\":{\"s\":2.5},\"v\":0}],\"ramp\":"
      "\"ardour\",\"interpolation\":\"linear\",\"tempo\":[{\"at\":0,\"beat\":0,\"bpm\":120,"
      "\"note\":4,\"omega\":0},{\"at\":2.8224e+08,\"beat\":3840,\"bpm\":120,\"note\":4,\"omega\":"
      "1e-09}],\"vca\":[{\"tempo\":[{\"at\":0,\"beat\":0,\"bpm\":97,\"note\":4,\"omega\":0}],"
      "\"points\":[{\"t\":{\"s\":1},\"v\":-6}]}],\"start\":-3}",
      "\"threshold\":{\"points\":[{\"t\":{\"s\":0},\"v\":-20},{\"t\":{\"s\":1},\"v\":-10}],"
      "\"ramp\":\"db\"}",
  };
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  char *dir = tu_tmpdir(), *path = tu_write_text(dir, "values.yaml", text);
  free(tu_write_wav(dir, "a.wav", 1, 48000, 24, silence, 96000));
  cr_assert_eq(sp_recipe_parse_file(path, &r, &d), SP_OK);
  char *y = sp_recipe_yaml(r, NULL), *c = canonical(r);
  cr_assert(c, "the recipe does not build");
  for (size_t i = 0; i < sizeof yaml_has / sizeof *yaml_has; i++)
    cr_expect(strstr(y, yaml_has[i]), "no %s in\n%s", yaml_has[i], y);
  for (size_t i = 0; i < sizeof canonical_has / sizeof *canonical_has; i++)
    cr_expect(strstr(c, canonical_has[i]), "no %s in\n%s", canonical_has[i], c);
  free(y);
  free(c);
  sp_recipe_free(r);
  sp_diags_fini(&d);
  tu_rmtree(dir);
  free(path);
  free(dir);
}

/* sp_xasprintf and sp_write format once into the room they have and
 * again only where the text is longer (issue 90: each text was formatted
 * twice, a tenth of an import's time; a key path is joined without
 * printf): a text of any length, at the room's edges and past them, is
 * what printf makes, and a writer's text is each piece in turn, whatever
 * room each found. */
Test(walk, formatted_text_is_whole_at_every_length)
{
  char letters[601], want[2000];
  for (size_t i = 0; i < 600; i++)
    letters[i] = (char)('a' + i % 26);
  letters[600] = '\0';
  sp_writer w = {0};
  size_t at = 0;
  for (int n = 0; n < 600; n++) {
    char *x = sp_xasprintf("%.*s|%*d", n, letters, n % 7, n);
    char *pad = sp_xasprintf("%*d", n, n);
    cr_assert_eq(strlen(pad), (size_t)(n ? n : 1), "%d: %s", n, pad);
    cr_assert_eq(atoi(pad), n, "%d: %s", n, pad);
    cr_assert(strncmp(x, letters, (size_t)n) == 0 && x[n] == '|', "%d: %s", n, x);
    cr_assert_eq(atoi(x + n + 1), n, "%d: %s", n, x);
    char *joined = sp_xjoin(x, '.', pad), *printed = sp_xasprintf("%s.%s", x, pad);
    cr_assert_str_eq(joined, printed, "%d", n);
    free(joined);
    free(printed);
    if (at + strlen(x) < sizeof want) {
      sp_write(&w, "%s", x);
      memcpy(want + at, x, strlen(x) + 1);
      at += strlen(x);
      cr_assert_eq(w.n, at, "%d", n);
      cr_assert_str_eq(w.s, want, "%d", n);
    }
    free(x);
    free(pad);
  }
  sp_writer_free(&w);
}

/* Text of a word and of a number and its unit ("%s", "%s dB") is copied,
 * not formatted, as formatting writes it; a node's text the bytes
 * written; "%%" after it formatted still. */
Test(walk, a_word_and_its_unit_written_as_formatted)
{
  sp_writer w = {.tells = true};
  sp_write(&w, "%s", "");
  sp_write(&w, "%s", "a, ");
  sp_write(&w, "%s: ", "key");
  sp_write_plain(&w, "%s dB", "-3.5");
  sp_write(&w, "%s%%", " 5");
  sp_write_plain(&w, "%s", "true");
  cr_assert_str_eq(w.s, "a, key: -3.5 dB 5%true");
  cr_assert_eq(w.n, strlen(w.s));
  cr_assert_eq(w.n_nodes, 2);
  cr_assert_str_eq(w.nodes[0].text, "-3.5 dB");
  cr_assert_eq(w.nodes[0].at, 8);
  cr_assert_eq(w.nodes[0].end, 15);
  cr_assert_str_eq(w.nodes[1].text, "true");
  cr_assert_eq(w.nodes[1].end, w.n);
  sp_writer_free(&w);
}

/* The shortest of 6 to 17 digits that reads back, as it was found before
 * issue 90: each in turn. */
static const char *number_text_each(double v, char buf[40])
{
  if (!isfinite(v))
    return sp_number_text(v, buf);
  for (int prec = 6; prec <= 17; prec++) {
    snprintf(buf, 40, "%.*g", prec, v == 0 ? 0.0 : v);
    if (strtod(buf, NULL) == v)
      break;
  }
  return buf;
}

/* A number's text (sp_number_text) skips from 6 digits to 16 where 15 do
 * not read back (issue 90: a value of 16 or 17 digits, most of what an
 * import writes, was formatted 12 times): the text is the one each
 * precision in turn finds, for values of every length of digits, sample
 * counts in seconds, steps of 0.1, powers of two (a double's steps are
 * uneven there), the smallest and largest doubles and subnormals. */
Test(walk, a_numbers_text_is_the_shortest_that_reads_back)
{
  double v[4100];
  size_t n = 0;
  for (int k = 1; k <= 500; k++) {
    v[n++] = k * 0.1;
    v[n++] = k / 48000.0;
    v[n++] = -k * 1.7 / 3;
    v[n++] = ldexp(1, k - 250);
    v[n++] = nextafter(ldexp(1, k - 250), 0);
    v[n++] = nextafter(ldexp(1, k - 250), INFINITY);
    v[n++] = 1 + k * 1e-9;
    v[n++] = 123456.7 + k * 1e-3;
  }
  const double edge[] = {0,
                         -0.0,
                         DBL_MIN,
                         DBL_MAX,
                         -DBL_MAX,
                         DBL_MIN / 3,
                         4.9e-324,
                         DBL_TRUE_MIN * 12345,
                         1e300,
                         1e-300,
                         0.1,
                         1.0 / 3,
                         2.0 / 3,
                         1e15 + 0.3,
                         9007199254740993.0};
  for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
    v[n++] = edge[i];
  for (size_t i = 0; i < n; i++) {
    char got[40], want[40];
    cr_assert_str_eq(sp_number_text(v[i], got), number_text_each(v[i], want), "%.17g", v[i]);
  }
  /* and doubles of any bits (xorshift64) */
  uint64_t x = 88172645463325252u;
  for (int i = 0; i < 20000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    double d;
    memcpy(&d, &x, sizeof d);
    char got[40], want[40];
    if (isfinite(d))
      cr_assert_str_eq(sp_number_text(d, got), number_text_each(d, want), "%.17g", d);
  }
}
