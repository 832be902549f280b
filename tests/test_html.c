/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML delivery report (io/report/html.h), through the CLI as a user runs it
 * and through the library: `render --html` of a small session with a bus,
 * a send into a return printed in another stem (split: buses, so there is
 * bleed), a limiter and a loudness check that fails; `loudness --html`
 * with targets and an album. The page must be one self-contained document
 * (nothing fetched from anywhere), hold a plot per output, the checks in
 * their classes, the null test's numbers as the JSON report has them, the
 * bleed cell marked, the route map as inline SVG when Graphviz is
 * installed (else the text map), and every outside string escaped. Then
 * what went wrong before: a failed recipe has a red section with its
 * messages and the page is always written (never a stale one); the page is
 * a depfile target; plots share one size and range, break below the floor
 * and keep the target apart from the integrated loudness; bleed is an
 * amber finding on a warm scale; dot that fails or hangs is reported (and
 * stopped), and keys are drawn bold. */

#include "core/base/alloc.h"
#include "io/report/html.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { RATE = 48000, SECS = 4, N = SECS * RATE };

/* A recipe name with every character HTML must escape. */
#define ODD_NAME "r&b <\"live\">"
#define ODD_ESCAPED "r&amp;b &lt;&quot;live&quot;&gt;"

static char *dir;

static void setup(void)
{
  dir = tu_tmpdir();
  static float tone[2 * N], noise[2 * N];
  uint64_t s = 11;
  for (int i = 0; i < N; i++) {
    /* 997 Hz at -20 dBFS peak, stereo; quieter noise, louder after 2 s */
    float v = (float)(0.1 * sin(2 * M_PI * 997.0 * i / RATE));
    tone[2 * i] = tone[2 * i + 1] = v;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    double amp = i < N / 2 ? 0.05 : 0.2;
    float w = (float)(((double)(s >> 11) / 9007199254740992.0 - 0.5) * amp);
    noise[2 * i] = w;
    noise[2 * i + 1] = -w;
  }
  free(tu_write_wav(dir, "tone.wav", 2, RATE, 24, tone, N));
  free(tu_write_wav(dir, "noise.wav", 2, RATE, 24, noise, N));
}

static void teardown(void)
{
  tu_rmtree(dir);
  free(dir);
}

TestSuite(html, .init = setup, .fini = teardown, .timeout = TU_TIMEOUT(120));

static char *p(const char *name) { return tu_path(dir, name); }

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "no file %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = sp_xmalloc((size_t)n + 1);
  cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
  text[n] = '\0';
  fclose(f);
  return text;
}

static size_t count(const char *text, const char *what)
{
  size_t n = 0;
  for (const char *c = text; (c = strstr(c, what)); c += strlen(what))
    n++;
  return n;
}

/* Whether an executable named prog is on PATH. */
static bool on_path(const char *prog)
{
  const char *path = getenv("PATH");
  if (!path)
    return false;
  char *copy = sp_xstrdup(path), *save = NULL;
  bool found = false;
  for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
    char *f = sp_xasprintf("%s/%s", *d ? d : ".", prog);
    found = access(f, X_OK) == 0;
    free(f);
  }
  free(copy);
  return found;
}

/* One document, nothing outside it: no URL, no script or style sheet
 * fetched, no external image or font. */
static void assert_self_contained(const char *html)
{
  cr_assert_eq(strncmp(html, "<!DOCTYPE html>", 15), 0, "%.80s", html);
  cr_assert_eq(count(html, "<html"), 1);
  cr_assert_eq(count(html, "</html>"), 1);
  cr_assert_eq(count(html, "<body"), 1);
  const char *banned[] = {"http://", "https://", "<script src", "<link", "<img",
                          "@import", "url(",     "<iframe",     "<?xml", "<!DOCTYPE svg"};
  for (size_t k = 0; k < sizeof banned / sizeof banned[0]; k++)
    cr_assert_null(strstr(html, banned[k]), "the page holds '%s'", banned[k]);
}

static const char *recipe =
    "stemprint: 1\n"
    "tracks:\n"
    "  tone: {file: tone.wav, to: grp, sends: [{to: verb, level: -6 dB}]}\n"
    "  noise: {file: noise.wav, gain: -3 dB, to: rest}\n"
    "buses:\n"
    "  grp: {inserts: [{compressor: {threshold: -30 dB, ratio: 3}}]}\n"
    "  rest: {}\n"
    "  verb: {inserts: [{delay: {time: 120 ms, feedback: 0.3}}]}\n"
    "master: {inserts: [{limiter: {ceiling: -1 dBTP}}]}\n"
    "stems: {split: buses, tones: [grp], rest: [rest], fx: [verb]}\n"
    "checks:\n"
    "  loudness: {target: -30 LUFS, tolerance: 1 LU, max_true_peak: -1 dBTP}\n";

/* The number after "key": in JSON text. */
static double json_num(const char *text, const char *key)
{
  char pat[128];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *at = strstr(text, pat);
  cr_assert_not_null(at, "no %s in\n%s", key, text);
  at += strlen(pat);
  return strncmp(at, "null", 4) == 0 ? -INFINITY : strtod(at, NULL);
}

/* Render the recipe (saved under ODD_NAME) with --html and --report. */
static void render(char **html, char **json)
{
  char *r = tu_write_text(dir, ODD_NAME ".yaml", recipe);
  char *page = p("report.html"), *report = p("report.json"), *out = NULL, *err = NULL;
  const char *args[] = {"render", r, "--html", page, "--report", report, "-q", NULL};
  int st = tu_run(args, &out, &err);
  /* The integrated loudness misses -30 LUFS: exit 1, files still written. */
  cr_assert_eq(st, 1, "exit %d\n%s%s", st, out, err);
  *html = slurp(page);
  *json = slurp(report);
  free(out);
  free(err);
  free(r);
  free(page);
  free(report);
}

Test(html, render_writes_one_self_contained_page_with_everything)
{
  char *html, *json;
  render(&html, &json);
  assert_self_contained(html);

  /* The header: status in words with its exit code. */
  cr_assert(strstr(html, "a check failed — exit 1"), "status missing");
  cr_assert(strstr(html, "real time"));

  /* A plot for each output: the mix and three stems, each with its
   * short-term line, and the target band on the mix's. */
  cr_assert_eq(count(html, "<svg class=\"plot\""), 4);
  cr_assert_eq(count(html, "<path class=\"st\" d=\"M"), 4);
  cr_assert_geq(count(html, "<rect class=\"band\""), 1);
  cr_assert(strstr(html, ">LUFS</text>"));
  cr_assert(strstr(html, ">time (s)</text>"));

  /* The checks, each in its class: null and true peak pass, integrated
   * loudness fails. */
  cr_assert_geq(count(html, "<li class=\"check pass\">"), 2);
  cr_assert_eq(count(html, "<li class=\"check fail\">"), 1);
  const char *fail = strstr(html, "<li class=\"check fail\">");
  const char *end = strstr(fail, "</li>");
  const char *name = strstr(fail, "loudness.integrated");
  cr_assert(name && name < end, "the failing check is the loudness target");

  /* The null test's numbers, as the JSON report has them. */
  cr_assert(strstr(html, "<h3>Null test</h3>"));
  char want[64];
  double peak = json_num(json, "residual_peak_dbfs");
  if (isinf(peak))
    snprintf(want, sizeof want, "<td>-inf dBFS</td>");
  else
    snprintf(want, sizeof want, "<td>%.1f dBFS</td>", peak);
  cr_assert(strstr(html, want), "no %s", want);
  snprintf(want, sizeof want, "<td>%.1f dBFS</td>", json_num(json, "max_residual_dbfs"));
  cr_assert(strstr(html, want), "no %s", want);
  cr_assert(strstr(html, "samples ("), "the lag");
  cr_assert(strstr(html, "Loudest residual spots"));

  /* The bleed matrix: the tone sends into verb, printed in stem fx. */
  cr_assert(strstr(html, "<h3>Stem bleed</h3>"));
  cr_assert_eq(count(html, "<td class=\"bleed\""), 1);
  cr_assert(strstr(html, "title=\"tone in fx: "), "the bleed cell is the tone in fx");
  cr_assert_eq(count(html, "<td class=\"home\""), 2);

  /* Escaped, everywhere: the recipe's name is in the title, the paths and
   * the route map. */
  cr_assert(strstr(html, ODD_ESCAPED), "escaped name missing");
  cr_assert_null(strstr(html, ODD_NAME));
  cr_assert_null(strstr(html, "<\"live\">"));

  /* The player: its block after the checks, what it plays as JSON (the
   * mix and every stem, each by its absolute path, with its fold to
   * stereo), the page's folder on <main>, the script inline, once; the
   * plots carry their time axis and the speakers their channels. */
  cr_assert_eq(count(html, "<h3>Listen</h3>"), 1);
  cr_assert_eq(count(html, "<script type=\"application/json\" class=\"sp-listen\">"), 1);
  cr_assert_eq(count(html, "<script>"), 1, "the player's script, once");
  cr_assert(strstr(html, "{\"rate\":48000,\"outputs\":[{\"name\":\"mix\","
                         "\"role\":\"mix\",\"path\":\"/"),
            "the mix first, by its absolute path");
  cr_assert_eq(count(html, "\"role\":\"stem\""), 3);
  cr_assert_eq(count(html, "\"fold\":[[1,0],[0,1]]"), 4, "stereo plays as it is");
  cr_assert(strstr(html, "\"null\":{\"residual_peak_dbfs\":"));
  char *real = realpath(dir, NULL);
  char *main_tag = sp_xasprintf("<main data-dir=\"%s\">", real);
  cr_assert(strstr(html, main_tag), "no %s", main_tag);
  free(main_tag);
  free(real);
  cr_assert_eq(count(html, "data-x0=\"46.0\" data-x1=\"486.0\""), 4, "every plot's time axis");
  cr_assert(strstr(html, "</main>\n<script>"), "the script after the page it works on");

  /* The route map: Graphviz's SVG inline when dot is installed. */
  if (on_path("dot")) {
    cr_assert(strstr(html, "<div class=\"route\"><svg"), "no inline route map");
    cr_assert_null(strstr(html, "<pre class=\"route\">"));
  } else {
    cr_assert(strstr(html, "<pre class=\"route\">"));
  }
  free(html);
  free(json);
}

Test(html, route_map_falls_back_to_text_without_graphviz)
{
  /* No dot on PATH: the text map, escaped, in <pre>. */
  char *empty = p("empty-bin");
  cr_assert_eq(mkdir(empty, 0755), 0);
  setenv("PATH", empty, 1);
  char *html, *json;
  render(&html, &json);
  assert_self_contained(html);
  const char *pre = strstr(html, "<pre class=\"route\">");
  cr_assert_not_null(pre, "no text route map");
  const char *end = strstr(pre, "</pre>");
  const char *master = strstr(pre, "master");
  cr_assert(master && master < end, "the text map shows master");
  cr_assert_null(strstr(html, "<div class=\"route\"><svg"));
  cr_assert_eq(count(html, "<svg class=\"plot\""), 4);
  free(html);
  free(json);
  free(empty);
}

Test(html, loudness_page_has_files_targets_and_album)
{
  char *t = p("tone.wav"), *w = p("noise.wav"), *page = p("loud.html"), *out = NULL, *err = NULL;
  /* The tone is -20.0 LUFS: on target; the noise is not. */
  const char *args[] = {"loudness",        t,    w,        "--target", "-20", "--tolerance", "0.5",
                        "--max-true-peak", "-1", "--html", page,       NULL};
  int st = tu_run(args, &out, &err);
  cr_assert_eq(st, 1, "exit %d: %s", st, err);
  cr_assert(strstr(out, "I LUFS"), "the table is still printed:\n%s", out);
  char *html = slurp(page);
  assert_self_contained(html);
  cr_assert_eq(count(html, "<svg class=\"plot\""), 2);
  cr_assert_eq(count(html, "<li class=\"check pass\">"), 3, "both peaks and the tone's loudness");
  cr_assert_eq(count(html, "<li class=\"check fail\">"), 1, "the noise's loudness");
  cr_assert(strstr(html, "<th>tone.wav</th>"));
  cr_assert(strstr(html, "<td class=\"good\">-20.0</td>"), "the tone meets its target");
  cr_assert(strstr(html, "Target <b>-20.0 LUFS ± 0.5 LU</b>"));
  cr_assert_eq(count(html, "<rect class=\"band\""), 2 * 2, "a band and a legend swatch per plot");
  cr_assert(strstr(html, "a check failed — exit 1"));
  cr_assert_null(strstr(html, "<script"), "files only: no player, no script");
  free(html);
  free(out);
  free(err);

  /* --album: the album is a section of its own, with its row and plot. */
  const char *album[] = {"loudness", t, w, "--album", "--html", page, NULL};
  cr_assert_eq(tu_run(album, &out, NULL), 0);
  html = slurp(page);
  assert_self_contained(html);
  cr_assert(strstr(html, "<th>album</th>"), "no album row");
  cr_assert_eq(count(html, "<svg class=\"plot\""), 3);
  cr_assert(strstr(html, "No checks were asked for."));
  cr_assert(strstr(html, "passed — exit 0"));
  free(html);
  free(out);

  /* A page that cannot be written: exit 3 with the reason. */
  char *bad = p("no/such/folder/x.html");
  const char *nowhere[] = {"loudness", t, "--html", bad, NULL};
  cr_assert_eq(tu_run(nowhere, &out, &err), 3);
  cr_assert(strstr(err, "--html: cannot write"), "%s", err);
  free(out);
  free(err);
  free(bad);
  free(t);
  free(w);
  free(page);
}

Test(html, section_escapes_names_and_draws_gaps)
{
  /* Straight through the library: names nothing else would allow, a series
   * with a silent stretch, a -inf bleed cell. */
  double t[8], m[8], s[8];
  for (int i = 0; i < 8; i++) {
    t[i] = 0.1 * (i + 1);
    m[i] = i == 3 || i == 4 ? NAN : -20.0 + i;
    s[i] = i == 3 || i == 4 ? NAN : -21.0 + i;
  }
  sp_html_output o = {.name = "a<b>&c",
                      .path = "x\"y'.wav",
                      .is_mix = true,
                      .measured = true,
                      .loudness = {.integrated_lufs = -18,
                                   .range_lu = 2,
                                   .momentary_max_lufs = -13,
                                   .shortterm_max_lufs = -14,
                                   .true_peak_dbtp = -1.5,
                                   .sample_peak_dbfs = -1.6},
                      .t_end_s = t,
                      .momentary = m,
                      .shortterm = s,
                      .n_series = 8};
  const char *sources[] = {"<src>", "two"}, *stems[] = {"s&1", "s2"};
  double db[] = {-12.0, -INFINITY, -40.0, -15.0};
  int home[] = {0, 1};
  sp_html_check c = {.name = "x<y", .passed = false, .text = "level > limit & \"bad\""};
  sp_html_song song = {.title = "<script>alert(1)</script>",
                       .status = 1,
                       .seconds = 0.8,
                       .outputs = &o,
                       .n_outputs = 1,
                       .n_sources = 2,
                       .n_stems = 2,
                       .sources = sources,
                       .stems = stems,
                       .bleed_db = db,
                       .home = home,
                       .checks = &c,
                       .n_checks = 1,
                       .target_lufs = -18,
                       .tolerance_lu = 1,
                       .max_true_peak = -1};
  char *html = sp_html_section(&song);
  cr_assert_null(strstr(html, "<script"));
  cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  cr_assert(strstr(html, "a&lt;b&gt;&amp;c"));
  cr_assert(strstr(html, "x&quot;y&#39;.wav"));
  cr_assert(strstr(html, "&lt;src&gt;"));
  cr_assert(strstr(html, "s&amp;1"));
  cr_assert(strstr(html, "level &gt; limit &amp; &quot;bad&quot;"));
  cr_assert(strstr(html, "x&lt;y"));
  /* The silent stretch splits each line in two. */
  const char *st = strstr(html, "<path class=\"st\" d=\"");
  cr_assert_not_null(st);
  const char *st_end = strstr(st, "\"/>");
  size_t moves = 0;
  for (const char *q = st + 20; q < st_end; q++)
    moves += *q == 'M';
  cr_assert_eq(moves, 2, "%.*s", (int)(st_end - st), st);
  /* -inf bleed is '–'; the other source in the first stem is bleed. */
  cr_assert(strstr(html, ">–</td>"));
  cr_assert_eq(count(html, "<td class=\"bleed\""), 1);
  cr_assert(strstr(html, "1 case of bleed"));
  /* Written as a page, and refused where it cannot be. */
  const char *sections[] = {html, html};
  char why[256], *page = p("lib.html");
  cr_assert_eq(sp_html_write(page, "two & more", NULL, sections, 2, why, sizeof why), SP_OK, "%s", why);
  char *text = slurp(page);
  assert_self_contained(text);
  cr_assert_eq(count(text, "<section id=\""), 2);
  cr_assert(strstr(text, "<a href=\"#s2\">&lt;script&gt;"), "the contents list");
  cr_assert(strstr(text, "two &amp; more"));
  char *bad = p("missing/lib.html");
  cr_assert_eq(sp_html_write(bad, "x", NULL, sections, 1, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "missing"), "%s", why);
  free(bad);
  free(text);
  free(page);
  free(html);
}

/* The <section> of the page whose data-title is title, as its own string. */
static char *section_of(const char *html, const char *title)
{
  char key[512];
  snprintf(key, sizeof key, "data-title=\"%s\"", title);
  const char *at = strstr(html, key);
  cr_assert_not_null(at, "no section %s", title);
  while (at > html && strncmp(at, "<section", 8) != 0)
    at--;
  const char *end = strstr(at, "</section>");
  cr_assert_not_null(end);
  char *s = sp_xmalloc((size_t)(end - at) + 1);
  memcpy(s, at, (size_t)(end - at));
  s[end - at] = '\0';
  return s;
}

/* A recipe whose source is missing: exit 3 before anything renders. */
static const char *missing_source = "stemprint: 1\n"
                                    "tracks:\n"
                                    "  gone: {file: no<such>.wav, to: master}\n";

Test(html, a_failed_recipe_gets_a_red_section_with_its_messages)
{
  char *bad = tu_write_text(dir, "bad.yaml", missing_source);
  char *good = tu_write_text(dir, "two.yaml", "stemprint: 1\ntracks:\n  t: {file: tone.wav}\n");
  char *page = p("x.html"), *out = NULL, *err = NULL;
  const char *args[] = {"render", bad, good, "--html", page, "-q", NULL};
  int st = tu_run(args, &out, &err);
  cr_assert_eq(st, 3, "exit %d\n%s", st, err);
  char *html = slurp(page);
  assert_self_contained(html);
  /* Both recipes, in order, in the contents list too. */
  cr_assert_eq(count(html, "<section id=\""), 2);
  cr_assert(strstr(html, "<nav>"), "no contents list");
  cr_assert(strstr(html, "file problem — exit 3"), "the failed one in the contents list");
  cr_assert(strstr(html, "2 recipes: 1 passed, 1 did not."));
  char *s = section_of(html, bad);
  cr_assert(strstr(s, "class=\"song failed\""), "not marked failed: %.200s", s);
  cr_assert(strstr(s, "<span class=\"badge fail\">✗ file problem — exit 3</span>"));
  cr_assert(strstr(s, "What went wrong"));
  /* Its messages, as stemprint printed them, escaped. */
  const char *pre = strstr(s, "<pre class=\"messages\">");
  cr_assert_not_null(pre, "no messages");
  cr_assert(strstr(pre, "stemprint: error: "), "%s", pre);
  cr_assert(strstr(pre, "no&lt;such&gt;.wav"), "%s", pre);
  cr_assert_null(strstr(html, "no<such>"));
  free(s);
  s = section_of(html, good);
  cr_assert(strstr(s, "class=\"song\""));
  cr_assert(strstr(s, "passed — exit 0"));
  cr_assert_null(strstr(s, "What went wrong"));
  free(s);
  free(html);
  free(out);
  free(err);
  free(bad);
  free(good);
  free(page);
}

Test(html, the_only_recipe_failing_still_replaces_an_older_page)
{
  char *bad = tu_write_text(dir, "bad.yaml", missing_source);
  char *page = tu_write_text(dir, "x.html", "<!DOCTYPE html><p>an older, green page</p>\n");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", bad, "--html", page, "-q", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 3, "%s", err);
  char *html = slurp(page);
  assert_self_contained(html);
  cr_assert_null(strstr(html, "an older, green page"), "the stale page stayed");
  cr_assert_eq(count(html, "<section id=\""), 1);
  cr_assert_null(strstr(html, "<nav>"));
  cr_assert(strstr(html, "class=\"song failed\""));
  cr_assert(strstr(html, "file problem — exit 3"));
  cr_assert(strstr(html, "no&lt;such&gt;.wav"));
  /* No temporary file left beside it. */
  cr_assert_eq(tu_count_entries(dir), 4, "tone, noise, the recipe, the page, nothing else");
  free(html);
  free(out);
  free(err);
  free(bad);
  free(page);
}

Test(html, the_page_is_a_target_of_the_depfile)
{
  char *r = tu_write_text(dir, "song.yaml", "stemprint: 1\ntracks:\n  t: {file: tone.wav}\n");
  char *page = p("the page.html"), *report = p("r.json"), *dep = p("song.d");
  char *out = NULL, *err = NULL;
  const char *args[] = {"render", r,           "--html", page, "--report",
                        report,   "--depfile", dep,      "-q", NULL};
  cr_assert_eq(tu_run(args, &out, &err), 0, "%s", err);
  char *text = slurp(dep);
  const char *colon = strstr(text, ": ");
  cr_assert_not_null(colon, "%s", text);
  char *targets = sp_xmalloc((size_t)(colon - text) + 1);
  memcpy(targets, text, (size_t)(colon - text));
  targets[colon - text] = '\0';
  /* Escaped as make wants it (the space), beside the report. */
  char *want = sp_xasprintf("%s/the\\ page.html", dir);
  cr_assert(strstr(targets, want), "the page is no target:\n%s", text);
  cr_assert(strstr(targets, report), "the report is no target:\n%s", text);
  cr_assert(strstr(colon, "tone.wav"), "the source is a prerequisite:\n%s", text);
  free(want);
  free(targets);
  free(text);
  free(out);
  free(err);
  free(r);
  free(page);
  free(report);
  free(dep);
}

/* A song of two outputs straight through the library: a loud mix and a
 * quiet stem that drops far below any floor and comes back, so the plots
 * share one range and the stem's line breaks. */
typedef struct two_outputs {
  double t[60], m[60], s[60], qm[60], qs[60];
  sp_html_output o[2];
} two_outputs;

static void make_two(two_outputs *x, const char *name0, const char *path0, const char *name1,
                     const char *path1)
{
  for (int i = 0; i < 60; i++) {
    x->t[i] = 0.1 * (i + 1);
    x->m[i] = -10.0 - (i % 5);
    x->s[i] = -12.0;
    bool gap = i >= 20 && i < 40;
    x->qm[i] = gap ? -95.0 : -30.0;
    x->qs[i] = gap ? -96.0 : -31.0;
  }
  sp_loudness loud = {.integrated_lufs = -12,
                      .range_lu = 2,
                      .momentary_max_lufs = -10,
                      .shortterm_max_lufs = -12,
                      .true_peak_dbtp = -1.03,
                      .sample_peak_dbfs = -1.2};
  sp_loudness quiet = loud;
  quiet.integrated_lufs = -31;
  quiet.true_peak_dbtp = -20.004;
  x->o[0] = (sp_html_output){.name = name0,
                             .path = path0,
                             .is_mix = true,
                             .measured = true,
                             .loudness = loud,
                             .t_end_s = x->t,
                             .momentary = x->m,
                             .shortterm = x->s,
                             .n_series = 60};
  x->o[1] = (sp_html_output){.name = name1,
                             .path = path1,
                             .measured = true,
                             .loudness = quiet,
                             .t_end_s = x->t,
                             .momentary = x->qm,
                             .shortterm = x->qs,
                             .n_series = 60};
}

/* The first y label of the n-th plot (0-based). */
static double top_label(const char *html, int n)
{
  const char *svg = html;
  for (int k = 0; k <= n; k++) {
    svg = strstr(svg + (k > 0), "<svg class=\"plot\"");
    cr_assert_not_null(svg);
  }
  const char *yl = strstr(svg, "<text class=\"yl\"");
  cr_assert_not_null(yl);
  return strtod(strchr(yl, '>') + 1, NULL);
}

Test(html, plots_share_one_size_and_range_and_break_below_the_floor)
{
  two_outputs x;
  make_two(&x, "mix", "out/mix.wav", "pad", "out/pad.wav");
  sp_html_song song = {.title = "t",
                       .seconds = 6,
                       .outputs = x.o,
                       .n_outputs = 2,
                       .target_lufs = -12,
                       .tolerance_lu = 1,
                       .max_true_peak = -1};
  char *html = sp_html_section(&song);
  /* The same rendered size for every plot, the mix's too. */
  cr_assert_eq(count(html, "<svg class=\"plot\" width=\"500\" height=\"250\""), 2, "%s", html);
  cr_assert_null(strstr(html, "wide"));
  /* One range: the quiet stem's plot starts at the mix's top. */
  cr_assert_float_eq(top_label(html, 0), top_label(html, 1), 1e-9);
  cr_assert(strstr(html, "Every plot has the same scales"));
  /* The stem's short-term line: three points below the floor (-96 LUFS)
   * break it: two pieces, each meeting the floor (y 212) once, and no run
   * along it. */
  const char *second = strstr(strstr(html, "<svg class=\"plot\"") + 1, "<svg class=\"plot\"");
  const char *st = strstr(second, "<path class=\"st\" d=\"");
  cr_assert_not_null(st);
  const char *end = strstr(st, "\"/>");
  size_t moves = 0, floor_points = 0;
  for (const char *q = st + 20; q < end; q++) {
    moves += *q == 'M';
    floor_points += strncmp(q, " 212.0", 6) == 0;
  }
  cr_assert_eq(moves, 2, "%.*s", (int)(end - st), st);
  cr_assert_eq(floor_points, 2, "%.*s", (int)(end - st), st);
  /* The target equals the integrated loudness: both lines drawn, told
   * apart by class (colour, dashes) and named in the legend; the band is
   * a shaded rectangle with edges. */
  cr_assert_eq(count(html, "<line class=\"target\""), 2, "the line and its legend sample");
  cr_assert_geq(count(html, "<line class=\"integ\""), 2);
  cr_assert_eq(count(html, "<line class=\"edge\""), 2);
  cr_assert(strstr(html, ">target ±1 LU</text>"));
  cr_assert(strstr(html, ">integrated</text>"));
  /* True peak with two decimals, in the captions and the limit. */
  cr_assert(strstr(html, "TP -1.03 dBTP"), "a peak over -1.0 must not read -1.0");
  cr_assert(strstr(html, "TP -20.00 dBTP"));
  cr_assert(strstr(html, "True peak at most <b>-1.00 dBTP</b>"));
  free(html);
}

Test(html, outputs_with_one_name_have_plots_told_apart_by_path)
{
  two_outputs x;
  make_two(&x, "mix.wav", "out/one/mix.wav", "mix.wav", "out/two/mix.wav");
  sp_html_song song = {
      .title = "album", .outputs = x.o, .n_outputs = 2, .target_lufs = NAN, .max_true_peak = NAN};
  char *html = sp_html_section(&song);
  cr_assert(strstr(html, "<figcaption><b>one/<wbr>mix.wav</b>"), "%s", html);
  cr_assert(strstr(html, "<figcaption><b>two/<wbr>mix.wav</b>"));
  /* Paths wrap only at their slashes. */
  cr_assert(strstr(html, "<span class=\"path\">one/<wbr>mix.wav</span>"));
  free(html);
}

Test(html, bleed_is_an_amber_finding_on_a_warm_scale)
{
  const char *sources[] = {"kick", "vox"}, *stems[] = {"drums", "vocals", "reverb"};
  double db[] = {-23.0, -INFINITY, -INFINITY, -INFINITY, -20.0, -31.0};
  int home[] = {0, 1};
  sp_html_song song = {.title = "b",
                       .n_sources = 2,
                       .n_stems = 3,
                       .sources = sources,
                       .stems = stems,
                       .bleed_db = db,
                       .home = home,
                       .target_lufs = NAN,
                       .max_true_peak = NAN};
  char *html = sp_html_section(&song);
  const char *h = strstr(html, "<h3>Stem bleed</h3>");
  cr_assert_not_null(h);
  /* Not a failed check: an amber finding, named. */
  cr_assert_null(strstr(h, "badge fail"));
  cr_assert_null(strstr(h, "✗"));
  cr_assert(strstr(h, "<span class=\"badge warn\">⚠ bleed found</span>"));
  cr_assert(strstr(h, "bleed found: <b>vox</b> → <b>reverb</b> at -31.0 dBFS RMS"), "%s", h);
  cr_assert(strstr(h, "does not change the exit status"));
  /* Own stems on the blue scale, bleed on the warm one. */
  const char *home_cell = strstr(h, "<td class=\"home\"");
  const char *bleed_cell = strstr(h, "<td class=\"bleed\"");
  cr_assert(home_cell && bleed_cell);
  cr_assert_eq(strncmp(strstr(home_cell, "hsl("), "hsl(214,", 8), 0);
  double hue = strtod(strstr(bleed_cell, "hsl(") + 4, NULL);
  cr_assert(hue < 50, "bleed hue %g is not warm", hue);
  cr_assert(strstr(h, "class=\"scale warm\""), "the legend shows both scales");
  free(html);
}

/* Make an executable `dot` in a folder of its own, first on PATH. */
static char *fake_dot(const char *script)
{
  char *bin = p("fake-bin");
  mkdir(bin, 0755);
  char *dot = tu_write_text(bin, "dot", script);
  chmod(dot, 0755);
  char *path = sp_xasprintf("%s:/usr/bin:/bin", bin);
  setenv("PATH", path, 1);
  free(path);
  free(dot);
  return bin;
}

static const char *tiny_dot = "digraph stemprint { a -> b; }\n";

Test(html, route_map_says_why_when_dot_fails_or_hangs)
{
  sp_html_song song = {.title = "r",
                       .route_dot = tiny_dot,
                       .route_text = "master\n  a\n",
                       .target_lufs = NAN,
                       .max_true_peak = NAN};
  /* dot fails: its error on the page, the text map instead. */
  free(fake_dot("#!/bin/sh\necho 'Error: <stdin>: syntax error in line 1' >&2\nexit 1\n"));
  char *html = sp_html_section(&song);
  cr_assert(strstr(html, "Graphviz&#39;s dot failed (exit 1): Error: &lt;stdin&gt;: syntax error "
                         "in line 1: the route map as text instead."),
            "%s", html);
  cr_assert(strstr(html, "<pre class=\"route\">master"));
  free(html);
  /* dot hangs (a child of a wrapper, too): stopped at the time limit. */
  free(fake_dot("#!/bin/sh\nsleep 60\n"));
  song.dot_timeout_s = 0.5;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  html = sp_html_section(&song);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double took = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  cr_assert(took < 5, "took %.1f s", took);
  cr_assert(strstr(html, "took longer than 0.5 s and was stopped: the route map as text"), "%s",
            html);
  cr_assert(strstr(html, "<pre class=\"route\">master"));
  free(html);
  /* No dot at all. */
  char *empty = p("empty-bin");
  mkdir(empty, 0755);
  setenv("PATH", empty, 1);
  song.dot_timeout_s = 0;
  html = sp_html_section(&song);
  cr_assert(strstr(html, "Graphviz is not installed (no dot on PATH): the route map as text"), "%s",
            html);
  free(html);
  free(empty);
}

Test(html, route_map_keys_are_drawn_bold_in_a_sans_font)
{
  if (!on_path("dot"))
    cr_skip_test("Graphviz is not installed");
  /* A key edge as `stemprint graph --format dot` writes it. */
  sp_html_song song = {.title = "k",
                       .route_dot = "digraph stemprint {\n  label=\"song.yaml\";\n"
                                    "  n0 -> n1 [style=dotted, penwidth=2.4, color=\"#a33a00\", "
                                    "fontcolor=\"#8c3200\", arrowhead=odot, label=\"key\"];\n}\n",
                       .target_lufs = NAN,
                       .max_true_peak = NAN};
  char *html = sp_html_section(&song);
  cr_assert(strstr(html, "<div class=\"route\"><svg"), "%s", html);
  cr_assert(strstr(html, "stroke=\"#a33a00\""), "the key's colour");
  cr_assert(strstr(html, "stroke-width=\"2.4\""), "the key's width");
  cr_assert_null(strstr(html, "Times"), "the caption's font");
  cr_assert(strstr(html, "font-family=\"Helvetica,sans-Serif\""));
  free(html);
}

/* A 5.1 file's channels are drawn where their speakers stand, each shaded
 * by its loudness against the loudest channel's and labelled with it, the
 * silent ones grey, the peaks in each speaker's tooltip; the caption gives
 * the stereo fold-down's loudness (the output of the same name in stereo).
 * A stereo song has no speaker picture. */
Test(html, a_surround_file_has_its_speakers_with_each_channels_loudness)
{
  two_outputs x;
  make_two(&x, "mix", "out/mix.wav", "mix", "out/mix_stereo.wav");
  sp_channel_figures fig[6] = {
      {-30, -20, -20.5}, {-30, -20, -20.5}, {-20, -9, -9.5},
      {NAN, -INFINITY, -INFINITY}, {-40, -30, -30.5}, {-60, -50, -50.5}};
  x.o[0].layout = sp_layout_find("5.1");
  x.o[0].n_channels = 6;
  x.o[0].by_channel = fig;
  x.o[1].layout = sp_layout_find("stereo");
  sp_html_song song = {.title = "s", .outputs = x.o, .n_outputs = 2, .target_lufs = NAN,
                       .max_true_peak = NAN};
  char *html = sp_html_section(&song);
  cr_assert_eq(count(html, "<figure class=\"spk\">"), 1, "only the 5.1 file");
  cr_assert(strstr(html, "5.1 · I -12.0 LUFS · stereo fold I -31.0 LUFS"), "%s", html);
  cr_assert(strstr(html, "<title>C: I -20.0 LUFS, true peak -9.00 dBTP, sample peak -9.50 dBFS"));
  cr_assert(strstr(html, "<title>LFE: I – LUFS, true peak -inf dBTP"));
  /* the loudest is darkest, 10 LU down a third of the way, 30 LU or more palest */
  cr_assert_eq(count(html, "hsl(214,45%,32%)"), 1);
  cr_assert_eq(count(html, "hsl(214,45%,52%)"), 2, "L and R");
  cr_assert_eq(count(html, "hsl(214,45%,72%)"), 1, "Ls, 20 LU down");
  cr_assert_eq(count(html, "hsl(214,45%,92%)"), 1, "Rs, 40 LU down");
  cr_assert_eq(count(html, "<circle class=\"off\""), 1, "the silent LFE");
  cr_assert_eq(count(html, "<g data-ch=\""), 6, "each speaker names its channel for the player");
  free(html);

  /* Played, the 5.1 mix folds to stereo as the fold sets print it
   * (BS.775's Lo/Ro: L + C and Ls at -3 dB, the LFE dropped). */
  x.o[0].role = "mix";
  song.sample_rate = 48000;
  html = sp_html_section(&song);
  char g[32], *want;
  snprintf(g, sizeof g, "%.17g", pow(10, -3 / 20.0));
  want = sp_xasprintf("\"layout\":\"5.1\",\"channels\":[\"L\",\"R\",\"C\",\"LFE\",\"Ls\","
                      "\"Rs\"],\"fold\":[[1,0,%s,0,%s,0],[0,1,%s,0,0,%s]]",
                      g, g, g, g);
  cr_assert(strstr(html, want), "no %s in\n%s", want, html);
  free(want);
  free(html);

  two_outputs y;
  make_two(&y, "mix", "out/mix.wav", "bass", "out/bass.wav");
  sp_html_song plain = {.title = "s", .outputs = y.o, .n_outputs = 2, .target_lufs = NAN,
                        .max_true_peak = NAN};
  html = sp_html_section(&plain);
  cr_assert_null(strstr(html, "class=\"spk\""));
  free(html);
}

/* The player in a real browser: tests/html_listen.py renders the demo,
 * opens its page in Chromium (headless, over the DevTools protocol) from
 * disk with the prints' folder picked, and over HTTP, and checks with the
 * page's own graph rendered offline that the stems it plays sum to the mix
 * it plays within the prints' quantization, that solo and mute change what
 * is heard, and that the residual it plays is the null test's. The
 * sanitized pass skips it: the page's script is the same bytes in both
 * builds, the C writing the page runs sanitized in the tests above, and
 * Chromium would only run twice. */
Test(html, the_player_plays_the_prints_in_sync_in_a_real_browser, .timeout = TU_TIMEOUT(300))
{
#if defined(SP_SANITIZED)
  cr_skip_test("the browser test runs in the GCC pass (the page's script is the same there)");
#else
  if (!on_path("chromium"))
    cr_skip_test("Chromium is not installed (apt-get install chromium)");
  if (access("/usr/bin/python3", X_OK) != 0)
    cr_skip_test("/usr/bin/python3 is missing");
  char *out = p("listen"), *log = p("listen.log");
  char *cmd = sp_xasprintf("/usr/bin/python3 '%s/tests/html_listen.py' '%s' '%s' '%s' >'%s' 2>&1",
                           SP_SOURCE_DIR, SP_STEMPRINT_BIN, SP_SOURCE_DIR, out, log);
  int st = system(cmd);
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  char *said = slurp(log);
  if (code == 77)
    cr_skip_test("%s", said);
  cr_assert_eq(code, 0, "tests/html_listen.py exited %d:\n%s", code, said);
  cr_assert(strstr(said, "html_listen: passed"), "%s", said);
  free(said);
  free(cmd);
  free(log);
  free(out);
#endif
}
