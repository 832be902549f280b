/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML delivery report (io/html.h), through the CLI as a user runs it
 * and through the library: `render --html` of a small session with a bus,
 * a send into a return printed in another stem (split: buses, so there is
 * bleed), a limiter and a loudness check that fails; `loudness --html`
 * with targets and an album. The page must be one self-contained document
 * (nothing fetched from anywhere), hold a plot per output, the checks in
 * their classes, the null test's numbers as the JSON report has them, the
 * bleed cell marked, the route map as inline SVG when Graphviz is
 * installed (else the text map), and every outside string escaped. */

#include "core/alloc.h"
#include "io/html.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

TestSuite(html, .init = setup, .fini = teardown, .timeout = 120);

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
  cr_assert_eq(sp_html_write(page, "two & more", sections, 2, why, sizeof why), SP_OK, "%s", why);
  char *text = slurp(page);
  assert_self_contained(text);
  cr_assert_eq(count(text, "<section id=\""), 2);
  cr_assert(strstr(text, "<a href=\"#s2\">&lt;script&gt;"), "the contents list");
  cr_assert(strstr(text, "two &amp; more"));
  char *bad = p("missing/lib.html");
  cr_assert_eq(sp_html_write(bad, "x", sections, 1, why, sizeof why), SP_ERR_IO);
  cr_assert(strstr(why, "missing"), "%s", why);
  free(bad);
  free(text);
  free(page);
  free(html);
}
