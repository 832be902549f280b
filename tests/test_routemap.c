/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The route map (stemprint graph): a small session with a group bus, a
 * keyed compressor, a latency insert on a return fed pre- and post-fader,
 * a trim on master and two stems. The JSON must match the golden file
 * byte for byte (its schema is a contract, docs/graph.md); the DOT must be
 * accepted by Graphviz when it is installed; the text tree must show the
 * routing, master named once with its trim. */

#include "core/base/alloc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir, *recipe;

static void setup(void)
{
  dir = tu_tmpdir();
  static float m[4800], ir[256];
  for (int i = 0; i < 4800; i++)
    m[i] = (float)((i % 100) / 100.0 - 0.5) * 0.2f;
  ir[0] = 1.0f;
  free(tu_write_wav(dir, "m.wav", 1, 48000, 24, m, 4800));
  free(tu_write_wav(dir, "ir.wav", 1, 48000, 24, ir, 256));
  recipe = tu_write_text(dir, "map.yaml",
                         "stemprint: 1\n"
                         "tracks:\n"
                         "  kick: {file: m.wav, gain: -2 dB, to: drums}\n"
                         "  snare: {file: m.wav, to: drums, sends: [{to: room, level: -12 dB}]}\n"
                         "  bass:\n"
                         "    file: m.wav\n"
                         "    gain: [[0, -inf dB], [0.05, 0 dB]]\n"
                         "    inserts: [{compressor: {threshold: -20 dB, key: {from: kick}}}]\n"
                         "    sends: [{to: room, level: -6 dB, tap: pre}]\n"
                         "buses:\n"
                         "  drums: {inserts: [{eq: {type: highpass, freq: 40 Hz}}]}\n"
                         "  room: {inserts: [{convolver: {ir: ir.wav, block: 64}}], gain: -3 dB}\n"
                         "master: {trim: 2 dB, inserts: [{limiter: {ceiling: -1 dBTP, "
                         "lookahead: 1 ms}}]}\n"
                         "stems: {drums: [drums], bass: [bass]}\n");
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
  free(recipe);
}

TestSuite(routemap, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(60));

/* text without its "recipe": line (the path differs per run) */
static char *without_recipe_line(const char *text)
{
  char *out = sp_xstrdup(text);
  char *at = strstr(out, "  \"recipe\": ");
  if (at) {
    char *end = strchr(at, '\n');
    memmove(at, end + 1, strlen(end + 1) + 1);
  }
  return out;
}

Test(routemap, json_matches_the_golden_file)
{
  char *out = NULL;
  const char *args[] = {"graph", recipe, "--format", "json", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  char *got = without_recipe_line(out);
  char *golden_path = tu_path(SP_SOURCE_DIR, "tests/golden/graph.json");
  char *want = tu_slurp(golden_path);
  if (getenv("SP_UPDATE_GOLDEN")) {
    FILE *f = fopen(golden_path, "w");
    fputs(got, f);
    fclose(f);
  }
  cr_assert_not_null(want, "no %s (run with SP_UPDATE_GOLDEN=1 to write it)", golden_path);
  cr_assert_str_eq(got, want, "graph JSON changed; if on purpose, update %s and docs/graph.md",
                   golden_path);
  free(out);
  free(got);
  free(want);
  free(golden_path);
}

/* Skips the rest of the test (the DOT text checked, not drawn) when
 * Graphviz is not installed. */
static void need_dot(void)
{
  if (system("command -v dot >/dev/null 2>&1") != 0)
    cr_skip_test("graphviz's dot is not installed (sh scripts/deps.sh --tests installs it): the "
                 "DOT text was checked, not drawn");
}

Test(routemap, dot_is_valid_graphviz_with_three_edge_styles)
{
  char *out = NULL;
  const char *args[] = {"graph", recipe, "--format", "dot", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_assert(strstr(out, "digraph stemprint {"));
  cr_assert(strstr(out, "style=dashed"), "sends are dashed");
  cr_assert(strstr(out, "style=dotted, penwidth=2.4, color=\"#a33a00\""),
            "keys are dotted, dark and thick enough for a page at natural size");
  cr_assert(strstr(out, "subgraph cluster_0"), "stems are clusters");
  cr_assert(strstr(out, "[label=\"master\\ntrim 2 dB, gain 0 dB\\nlimiter 71 smp\""),
            "master is named once, with its trim:\n%s", out);
  cr_assert(strstr(out, "[label=\"drums\\nbus, gain 0 dB\\neq"), "%s", out);
  need_dot();
  char *dot = tu_write_text(dir, "map.dot", out);
  char *cmd = sp_xasprintf("dot -Tsvg '%s' -o '%s/map.svg' 2>&1", dot, dir);
  cr_assert_eq(system(cmd), 0, "dot refused:\n%s", out);
  char *svg = tu_path(dir, "map.svg");
  char *text = tu_slurp(svg);
  cr_assert_not_null(text);
  cr_assert(strstr(text, "<svg"));
  free(text);
  free(svg);
  free(cmd);
  free(dot);
  free(out);
}

/* The demo's DOT map holds what its text map does: which stems pass each
 * bus (a shared return carries several), the printed cue mix, and the
 * versions with what each leaves out. */
Test(routemap, dot_shows_stems_on_buses_printed_buses_and_versions)
{
  char *out = NULL;
  const char *args[] = {"graph", SP_SOURCE_DIR "/recipes/demo/song.yaml", "--format", "dot", NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  cr_assert(strstr(out, "stems: drums, music, lead_vocal, backing_vocals"), "%s", out);
  cr_assert(strstr(out, "printed, to: none"), "%s", out);
  cr_assert(strstr(out, "versions [shape=note"), "%s", out);
  cr_assert(strstr(out, "instrumental (linked): without vox bgv"), "%s", out);
  cr_assert(strstr(out, "acappella (own): without kick snare hats bass keys"), "%s", out);
  need_dot();
  char *dot = tu_write_text(dir, "demo.dot", out);
  char *cmd = sp_xasprintf("dot -Tsvg '%s' -o /dev/null", dot);
  cr_assert_eq(system(cmd), 0, "dot refused the demo's map");
  free(cmd);
  free(dot);
  free(out);
}

Test(routemap, text_tree_shows_routing_latency_and_stems)
{
  char *out = NULL;
  const char *args[] = {"graph", recipe, NULL};
  cr_assert_eq(tu_run(args, &out, NULL), 0);
  const char *want[] = {
      "map.yaml: 3 tracks, 2 buses, 48000 Hz, latency 199 frames at master\n",
      "\nmaster  trim 2 dB  gain 0 dB  [limiter 71 smp]  latency 199\n",
      "├─ drums  bus  gain 0 dB  [eq]  stem: drums",
      "│  ├─ kick  track mono  gain -2 dB  stem: drums",
      "..> bass  key of compressor, pre-fader",
      "-> room  send -12 dB, post-fader",
      "├─ bass  track mono  gain automated  [compressor (key <- kick, pre)]  stem: bass",
      "-> room  send -6 dB, pre-fader",
      "└─ room  bus  gain -3 dB  [convolver 128 smp]  latency 128  stem: drums, bass",
      "stems (split: sources):",
      "  drums: kick snare",
      "  bass: bass",
  };
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
    cr_assert(strstr(out, want[k]), "no '%s' in\n%s", want[k], out);
  free(out);

  /* One of each, in the singular; master without a trim shows none. */
  char *one = tu_write_text(dir, "one.yaml",
                            "stemprint: 1\ntracks: {kick: {file: m.wav, to: b}}\nbuses: {b: {}}\n");
  const char *a1[] = {"graph", one, NULL};
  cr_assert_eq(tu_run(a1, &out, NULL), 0);
  cr_assert(strstr(out, "one.yaml: 1 track, 1 bus, 48000 Hz, latency 0 frames at master\n"
                        "master  gain 0 dB\n"),
            "%s", out);
  free(out);
  free(one);
}

Test(routemap, a_tap_after_a_post_insert_shows_its_place)
{
  /* a send and a key tapped after the first of two post_inserts, a send
   * after the last (by name: its place), in the text, the DOT and the JSON */
  char *r = tu_write_text(
      dir, "taps.yaml",
      "stemprint: 1\n"
      "tracks:\n"
      "  kick: {file: m.wav, post_inserts: [{gain: -3 dB}, {saturate: 3 dB}],\n"
      "         sends: [{to: fx, tap: {after: 1}}, {to: fx, tap: {after: saturate}}]}\n"
      "  bass: {file: m.wav, inserts: [{compressor: {key: {from: kick, tap: {after: 1}}}}]}\n"
      "buses: {fx: {}}\n");
  static const struct {
    const char *format;
    const char *want[3];
  } rows[] = {
      {"text",
       {"-> fx  send 0 dB, after post_insert 1", "-> fx  send 0 dB, after post_insert 2",
        "[compressor (key <- kick, after 1)]"}},
      {"dot", {"label=\"send after 1 0 dB\"", "label=\"send after 2 0 dB\"", "(after 1)"}},
      {"json",
       {"\"tap\": \"after\",\n      \"after\": 1", "\"tap\": \"after\",\n      \"after\": 2",
        "\"kind\": \"key\",\n      \"tap\": \"after\",\n      \"after\": 1"}},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char *out = NULL;
    const char *args[] = {"graph", r, "--format", rows[i].format, NULL};
    cr_assert_eq(tu_run(args, &out, NULL), 0);
    for (int k = 0; k < 3; k++)
      cr_assert(strstr(out, rows[i].want[k]), "%s: no '%s' in\n%s", rows[i].format, rows[i].want[k],
                out);
    free(out);
  }
  free(r);
}

/* A strip is labelled by its layout's name (core/base/layout.h), as the
 * JSON's channels and `help layouts` name it: a 5.1 track "track 5.1",
 * in the text and the DOT. Before: "track mono" (only 2 channels were
 * told apart) beside the JSON's channels: 6. */
Test(routemap, a_track_is_labelled_by_its_layouts_name)
{
  static float six[6 * 480], two[2 * 480];
  free(tu_write_wav(dir, "six.wav", 6, 48000, 24, six, 480));
  free(tu_write_wav(dir, "two.wav", 2, 48000, 24, two, 480));
  char *r = tu_write_text(dir, "surround.yaml",
                          "stemprint: 1\n"
                          "tracks:\n"
                          "  surround: {file: six.wav, layout: 5.1}\n"
                          "  st: two.wav\n"
                          "  kick: m.wav\n"
                          "master: {layout: 5.1}\n");
  static const struct {
    const char *format, *want[3];
  } rows[] = {
      {"text", {"surround  track 5.1  gain", "st  track stereo  gain", "kick  track mono  gain"}},
      {"dot", {"surround\\ntrack 5.1, gain", "st\\ntrack stereo, gain", "kick\\ntrack mono, gain"}},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char *out = NULL;
    const char *args[] = {"graph", r, "--format", rows[i].format, NULL};
    cr_assert_eq(tu_run(args, &out, NULL), 0);
    for (int k = 0; k < 3; k++)
      cr_expect(strstr(out, rows[i].want[k]), "%s: no '%s' in\n%s", rows[i].format, rows[i].want[k],
                out);
    free(out);
  }
  free(r);
}
