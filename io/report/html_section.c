/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML delivery report: one page, self-contained, that prints well.
 *
 *   sp_html_section (a worker, while its render's data is alive), here
 *     header: recipe, status in words and exit code, length, render time
 *     failed: a red section with the messages instead of results
 *     checks: a green/red list
 *     listen: the player's block and what it plays (io/report/html_player.c)
 *     loudness: a table of every output's numbers, then a plot per output
 *               (momentary and short-term over time, target band), all of
 *               them the same size on one common level range
 *               (io/report/html_plot.c)
 *     null test: verdict, residual, fit, findings, worst spots
 *     bleed: the source × stem matrix as a heat map (own stems blue, bleed
 *            warm), each case listed as an amber finding (not a check)
 *     route map: `dot -Tsvg` on the DOT (spawned, no shell, killed after a
 *                time limit; io/report/html_dot.c), the <svg> element embedded
 *                at natural size; without it the text map in <pre>, saying
 *                why
 *   sp_html_write (at the end, io/report/html_page.c)
 *     head with the inline style sheet, a contents list for several songs,
 *     the sections in order; written to a temporary file and renamed
 *
 * Nothing on the page refers outside it but the prints the player reads: no
 * fonts, images or links, the one script inline, and the embedded SVG loses
 * its namespace URLs (HTML needs none).
 * Every piece of text from outside (names, paths, findings) is escaped,
 * with the helpers of io/report/html_text.c. */

#include "io/report/html.h"

#include "io/report/html_parts.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ------------------------------------------------------------------ */

/* A file path that may wrap only after its slashes, never inside a name. */
static void esc_path(FILE *f, const char *s)
{
  for (const char *slash; s && (slash = strchr(s, '/')); s = slash + 1) {
    html_esc_n(f, s, (size_t)(slash + 1 - s));
    fputs("<wbr>", f);
  }
  html_esc(f, s);
}

/* Messages as a terminal would show them: escaped, with terminal control
 * sequences (colour) and other control characters dropped. */
static void esc_messages(FILE *f, const char *s)
{
  while (s && *s) {
    const size_t run = strcspn(s, "\001\002\003\004\005\006\007\010\013\014\015\016\017\020\021"
                                  "\022\023\024\025\026\027\030\031\032\033\034\035\036\037");
    html_esc_n(f, s, run); /* a run of whole characters */
    s += run;
    if (*s == '\033' && s[1] == '[') {
      s += 2;
      while (*s && !(*s >= '@' && *s <= '~'))
        s++;
    }
    if (*s)
      s++;
  }
}

/* <tag>text</tag>, the text escaped. */
static void elem(FILE *f, const char *tag, const char *text)
{
  fprintf(f, "<%s>", tag);
  html_esc(f, text);
  fprintf(f, "</%s>", tag);
}

/* A duration: "12.512 s", or "3:25.4 (205.4 s)" from a minute on. */
static const char *duration(char *buf, size_t n, double s)
{
  if (!(s >= 60))
    snprintf(buf, n, "%.3f s", s);
  else
    snprintf(buf, n, "%d:%04.1f (%.1f s)", (int)(s / 60), fmod(s, 60), s);
  return buf;
}

/* An octave band's centre: "63 Hz", "1 kHz", "31.5 Hz". */
static const char *band(char *buf, size_t n, double hz)
{
  if (hz >= 1000)
    snprintf(buf, n, "%g kHz", hz / 1000);
  else
    snprintf(buf, n, "%g Hz", hz);
  return buf;
}

/* ---- sections ------------------------------------------------------------------ */

static void header(FILE *f, const sp_html_song *s)
{
  char a[64];
  bool ok = s->status == 0;
  fputs("<header><h2>", f);
  html_esc(f, s->title);
  fprintf(f, "</h2><p class=\"facts\"><span class=\"badge %s\">%s %s — exit %d</span>",
          ok ? "ok" : "fail", ok ? "✓" : "✗", html_status_words(s->status), s->status);
  if (s->seconds > 0)
    fprintf(f, "<span>length <b>%s</b></span>", duration(a, sizeof a, s->seconds));
  if (s->render_seconds > 0) {
    double x = s->seconds / s->render_seconds;
    fprintf(f, "<span>rendered in <b>%.2f s</b></span><span><b>%.*f×</b> real time</span>",
            s->render_seconds, x < 10 ? 1 : 0, x);
  }
  fputs("</p></header>", f);
}

/* A recipe that failed has no results, only what stemprint said; other
 * songs show their messages when they are given some. */
static void messages(FILE *f, const sp_html_song *s)
{
  bool some = s->messages && *s->messages;
  if (s->status < 2 && !some)
    return;
  if (s->status >= 2) {
    fputs("<h3>What went wrong</h3><p class=\"verdict fail\">This recipe failed before its report "
          "could be made: no loudness, null test or bleed to show.",
          f);
    fputs(some ? " stemprint said:</p>" : "</p>", f);
  } else {
    fputs("<h3>Messages</h3>", f);
  }
  if (some) {
    fputs("<pre class=\"messages\">", f);
    esc_messages(f, s->messages);
    fputs("</pre>", f);
  }
}

static void checks(FILE *f, const sp_html_song *s)
{
  if (s->status >= 2 && s->n_checks == 0 && s->n_outputs == 0)
    return;
  fputs("<h3>Checks</h3>", f);
  if (s->n_checks == 0) {
    fputs("<p class=\"note\">No checks were asked for.</p>", f);
    return;
  }
  fputs("<ul class=\"checks\">", f);
  for (size_t k = 0; k < s->n_checks; k++) {
    const sp_html_check *c = &s->checks[k];
    fprintf(f, "<li class=\"check %s\"><span class=\"mark\">%s</span><span>",
            c->passed ? "pass" : "fail", c->passed ? "✓" : "✗");
    html_esc(f, c->text);
    fputs("</span><code>", f);
    html_esc(f, c->name);
    fputs("</code></li>", f);
  }
  fputs("</ul>", f);
}

static void route(FILE *f, const sp_html_song *s)
{
  if (!s->route_dot && !s->route_text)
    return;
  fputs("<h3>Route map</h3>", f);
  char why[320] = "";
  char *svg = s->route_dot ? html_dot_svg(s->route_dot, s->dot_timeout_s, why, sizeof why) : NULL;
  if (svg) {
    fputs("<div class=\"route\">", f);
    fputs(svg, f);
    fputs("</div><p class=\"note\">Drawn by Graphviz at its natural size", f);
    if (html_svg_width_px(svg) > 640)
      fputs(" (scroll the box sideways when it is wider than the window)", f);
    fputs(". Main outputs solid, sends dashed blue, sidechain keys dotted orange.</p>", f);
    free(svg);
    return;
  }
  if (*why) {
    fputs("<p class=\"note warn\">", f);
    html_esc(f, why);
    fputs(s->route_text ? ": the route map as text instead.</p>" : ": no route map.</p>", f);
  }
  if (s->route_text) {
    fputs("<pre class=\"route\">", f);
    html_esc(f, s->route_text);
    fputs("</pre>", f);
  }
}

/* The length of the folder ("a/b/") all outputs' paths share, 0: none;
 * *from: a path holding it. */
static size_t common_dir(const sp_html_output *o, size_t n, const char **from)
{
  const char *first = NULL;
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = o[i].path;
    if (!p)
      continue;
    if (!first) {
      first = p;
      const char *slash = strrchr(p, '/');
      len = slash ? (size_t)(slash + 1 - p) : 0;
      continue;
    }
    size_t k = 0;
    while (k < len && p[k] == first[k])
      k++;
    while (k > 0 && first[k - 1] != '/')
      k--;
    len = k;
  }
  *from = first;
  return len;
}

/* A table cell with a level; judged cells are coloured. */
static void level_cell(FILE *f, double v, int dec, int judged /* -1 no, 0 fail, 1 pass */)
{
  char a[32];
  fprintf(f, "<td%s>%s</td>",
          judged < 0   ? ""
          : judged > 0 ? " class=\"good\""
                       : " class=\"bad\"",
          html_level(a, sizeof a, v, dec));
}

/* What a plot of output i is called: its name, or its path past the
 * common folder when another output has the same name (an album's
 * out/one/mix.wav and out/two/mix.wav). */
static const char *plot_label(const sp_html_song *s, size_t i, size_t dir)
{
  const sp_html_output *o = &s->outputs[i];
  for (size_t k = 0; k < s->n_outputs; k++)
    if (k != i && strcmp(s->outputs[k].name, o->name) == 0)
      return o->path && o->path[dir] ? o->path + dir : o->name;
  return o->name;
}

/* Every surround file's speakers, each channel with its loudness. */
static void speakers(FILE *f, const sp_html_song *s, size_t dir)
{
  size_t n = 0;
  for (size_t i = 0; i < s->n_outputs; i++)
    n += s->outputs[i].measured && s->outputs[i].n_channels > 0 && s->outputs[i].layout;
  if (n == 0)
    return;
  fputs("<div class=\"plots\">", f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    if (o->measured && o->n_channels > 0 && o->layout)
      html_speakers(f, s, i, plot_label(s, i, dir));
  }
  fputs("</div><p class=\"note\">Each speaker is its channel measured alone, as a mono "
        "programme (BS.1770, weight 1): its integrated loudness in LUFS, shaded against the "
        "file's loudest channel (grey: silent); hover over it for its peaks. Height speakers "
        "stand on the inner ring, the LFE below right.</p>",
        f);
}

static void loudness(FILE *f, const sp_html_song *s)
{
  if (s->n_outputs == 0)
    return;
  fputs("<h3>Loudness</h3>", f);
  fputs("<p class=\"note\">ITU-R BS.1770-4 / EBU R128, measured on the files as written", f);
  const char *from;
  size_t dir = common_dir(s->outputs, s->n_outputs, &from);
  if (dir > 0) {
    fputs(" in <b class=\"path\">", f);
    char *folder = sp_xasprintf("%.*s", (int)dir, from);
    esc_path(f, folder);
    free(folder);
    fputs("</b>", f);
  }
  fputs(".", f);
  char a[32], b[32], c[32];
  if (isfinite(s->target_lufs)) {
    fprintf(f, " Target <b>%s%s LUFS", s->at_most ? "at most " : "",
            html_level(a, sizeof a, s->target_lufs, 1));
    if (s->tolerance_lu > 0)
      fprintf(f, " ± %s LU", html_level(b, sizeof b, s->tolerance_lu, 1));
    fputs("</b>.", f);
  }
  if (isfinite(s->max_true_peak))
    fprintf(f, " True peak at most <b>%s dBTP</b>.", html_level(a, sizeof a, s->max_true_peak, 2));
  fputs("</p>", f);
  fputs(
      "<div class=\"scroll\"><table class=\"loud\"><thead><tr><th>output<br>file</th>"
      "<th>integrated<br>LUFS</th><th>range<br>LU</th><th>momentary<br>max LUFS</th>"
      "<th>short&#8209;term<br>max LUFS</th><th>true peak<br>dBTP</th><th>sample<br>peak dBFS</th>"
      "<th>clipped<br>samples</th></tr></thead><tbody>",
      f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    fprintf(f, "<tr%s><th>", o->is_mix ? " class=\"mix\"" : "");
    html_esc(f, o->name);
    /* The file below its name, unless that says it all. */
    const char *file = o->path ? o->path + dir : NULL;
    if (file && *file && strcmp(file, o->name) != 0) {
      fputs("<span class=\"path\">", f);
      esc_path(f, file);
      fputs("</span>", f);
    }
    fputs("</th>", f);
    if (!o->measured) {
      fputs("<td colspan=\"7\" class=\"note\">not measured</td></tr>", f);
      continue;
    }
    const sp_loudness *l = &o->loudness;
    int ij = -1, tj = -1;
    if (o->is_mix && isfinite(s->target_lufs))
      ij = isfinite(l->integrated_lufs) &&
           (s->at_most ? l->integrated_lufs <= s->target_lufs + 1e-9
                       : fabs(l->integrated_lufs - s->target_lufs) <= s->tolerance_lu + 1e-9);
    if (o->is_mix && isfinite(s->max_true_peak))
      tj = !(l->true_peak_dbtp > s->max_true_peak + 1e-9);
    level_cell(f, l->integrated_lufs, 1, ij);
    level_cell(f, l->range_lu, 1, -1);
    level_cell(f, l->momentary_max_lufs, 1, -1);
    level_cell(f, l->shortterm_max_lufs, 1, -1);
    level_cell(f, l->true_peak_dbtp, 2, tj);
    level_cell(f, l->sample_peak_dbfs, 2, -1);
    fprintf(f, "<td%s>%lld", l->clipped > 0 ? " class=\"bad\"" : "", (long long)l->clipped);
    if (l->clipped > 0 && o->unquantized_peak_dbfs > 0)
      fprintf(f, "<br><span class=\"over\">would reach %+.1f dBFS</span>",
              o->unquantized_peak_dbfs);
    fputs("</td></tr>", f);
  }
  fputs("</tbody></table></div>", f);
  size_t plots = 0;
  for (size_t i = 0; i < s->n_outputs; i++)
    plots += s->outputs[i].n_series > 0;
  if (plots == 0)
    return;
  html_scale sc = html_plot_scale(s);
  fputs("<div class=\"plots\">", f);
  for (size_t i = 0; i < s->n_outputs; i++) {
    const sp_html_output *o = &s->outputs[i];
    if (o->n_series == 0)
      continue;
    const char *label = plot_label(s, i, dir);
    fputs("<figure class=\"plot\"><figcaption><b>", f);
    esc_path(f, label);
    fputs("</b>", f);
    if (o->measured)
      fprintf(f, " <span>I %s LUFS · LRA %s LU · TP %s dBTP</span>",
              html_level(a, sizeof a, o->loudness.integrated_lufs, 1),
              html_level(b, sizeof b, o->loudness.range_lu, 1),
              html_level(c, sizeof c, o->loudness.true_peak_dbtp, 2));
    fputs("</figcaption>", f);
    html_plot(f, o, s, &sc, label);
    fputs("</figure>", f);
  }
  fprintf(f,
          "</div><p class=\"note\">Every plot has the same scales, %s to %s LUFS, so they "
          "compare by eye; a line breaks where its output is silent or quieter than %s LUFS.</p>",
          html_level(a, sizeof a, sc.bottom_lufs, 0), html_level(b, sizeof b, sc.top_lufs, 0),
          html_level(c, sizeof c, sc.bottom_lufs, 0));
  speakers(f, s, dir);
}

static void null_test(FILE *f, const sp_null_result *n)
{
  if (!n)
    return;
  char a[32], b[32], c[32];
  fputs("<h3>Null test</h3>", f);
  fprintf(f,
          "<p class=\"verdict %s\"><span class=\"badge %s\">%s</span> the stems %s the mix: "
          "residual peak <b>%s dBFS</b>, max_residual %s dBFS</p>",
          n->passed ? "pass" : "fail", n->passed ? "ok" : "fail",
          n->passed ? "✓ passed" : "✗ failed", n->passed ? "sum to" : "do not sum to",
          html_level(a, sizeof a, n->residual_peak_dbfs, 1), html_level(b, sizeof b, n->threshold_dbfs, 1));
  fputs("<table class=\"kv\"><tbody>", f);
  fprintf(f, "<tr><th>residual peak</th><td>%s dBFS</td></tr>",
          html_level(a, sizeof a, n->residual_peak_dbfs, 1));
  fprintf(f, "<tr><th>residual RMS</th><td>%s dBFS</td></tr>",
          html_level(a, sizeof a, n->residual_rms_dbfs, 1));
  fprintf(f, "<tr><th>threshold (max_residual)</th><td>%s dBFS</td></tr>",
          html_level(a, sizeof a, n->threshold_dbfs, 1));
  fprintf(f, "<tr><th>mix peak / RMS</th><td>%s / %s dBFS</td></tr>",
          html_level(a, sizeof a, n->mix_peak_dbfs, 1), html_level(b, sizeof b, n->mix_rms_dbfs, 1));
  double ms = n->sample_rate > 0 ? 1000.0 * (double)n->lag_frames / n->sample_rate : 0;
  if (n->searched && isnan(n->gain_db)) /* no fit where a stem is extra signal */
    fputs("<tr><th>lag and gain of the stem sum</th><td>no fit (a stem is extra signal: no lag "
          "or gain of the stems' sum makes it null)</td></tr>",
          f);
  else {
    fprintf(f, "<tr><th>lag of the stem sum%s</th><td>%lld samples (%.2f ms)</td></tr>",
            n->searched ? " (searched)" : "", (long long)n->lag_frames, ms);
    if (isfinite(n->gain_db))
      snprintf(c, sizeof c, "%+.3f", n->gain_db);
    else
      html_level(c, sizeof c, n->gain_db, 3);
    fprintf(f, "<tr><th>gain of the stem sum</th><td>%s dB%s</td></tr>", c,
            n->inverted ? ", inverted" : "");
    if (n->searched)
      fprintf(f, "<tr><th>residual with lag and gain put right</th><td>%s dBFS RMS</td></tr>",
              html_level(a, sizeof a, n->fixed_dbfs, 1));
  }
  fputs("</tbody></table>", f);
  if (n->n_findings > 0) {
    fputs("<ul class=\"findings\">", f);
    for (size_t k = 0; k < n->n_findings; k++) {
      elem(f, "li", n->findings[k]);
    }
    fputs("</ul>", f);
  }
  if (n->n_worst > 0) {
    fputs("<table class=\"worst\"><caption>Loudest residual spots</caption><thead><tr>"
          "<th>#</th><th>time</th><th>band</th><th>level dBFS</th></tr></thead><tbody>",
          f);
    for (size_t k = 0; k < n->n_worst; k++) {
      const sp_null_spot *w = &n->worst[k];
      fprintf(f, "<tr><td>%zu</td><td>%.2f s</td><td>%s</td><td>%s</td></tr>", k + 1, w->t_s,
              band(a, sizeof a, w->band_hz), html_level(b, sizeof b, w->level_dbfs, 1));
    }
    fputs("</tbody></table>", f);
  }
}

/* Heat-map colour of a level, pale at -90 dBFS and below, deep at 0: a
 * source in its own stem on a blue scale, bleed on a warm one (amber to
 * red-orange), so the two never read alike at any level. */
static void heat(FILE *f, double db, bool is_bleed)
{
  if (!isfinite(db)) {
    fputs(" style=\"background:#fff\"", f);
    return;
  }
  double t = (db + 90) / 90;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  if (is_bleed) {
    double light = 84 - 36 * t;
    fprintf(f, " style=\"background:hsl(%.0f,95%%,%.0f%%);color:%s\"", 44 - 34 * t, light,
            light < 60 ? "#fff" : "#3d1f00");
  } else {
    double light = 95 - 55 * t;
    fprintf(f, " style=\"background:hsl(214,45%%,%.0f%%);color:%s\"", light,
            light < 64 ? "#fff" : "#1d232b");
  }
}

typedef struct bleed_case {
  size_t source, stem;
  double db;
} bleed_case;

static int louder_first(const void *a, const void *b)
{
  const bleed_case *x = a, *y = b;
  return (x->db < y->db) - (x->db > y->db);
}

enum { BLEED_LISTED = 12 };

static void bleed(FILE *f, const sp_html_song *s)
{
  if (s->n_sources == 0 || s->n_stems == 0)
    return;
  bleed_case *cases = sp_xcalloc(s->n_sources * s->n_stems + 1, sizeof *cases);
  size_t n_bleed = 0;
  for (size_t i = 0; i < s->n_sources; i++)
    for (size_t k = 0; k < s->n_stems; k++)
      if ((int)k != s->home[i] && isfinite(s->bleed_db[i * s->n_stems + k]))
        cases[n_bleed++] = (bleed_case){i, k, s->bleed_db[i * s->n_stems + k]};
  qsort(cases, n_bleed, sizeof *cases, louder_first);
  char a[32];
  fputs("<h3>Stem bleed</h3>", f);
  if (n_bleed == 0) {
    fputs("<p class=\"verdict pass\"><span class=\"badge ok\">✓ none</span> every source reaches "
          "only its own stem.</p>",
          f);
  } else {
    fprintf(f,
            "<p class=\"verdict\"><span class=\"badge warn\">⚠ bleed found</span> %zu case%s of "
            "bleed: a source reaching a stem other than its own. A finding to look at, not a "
            "check: it does not change the exit status.</p><ul class=\"findings bleed\">",
            n_bleed, n_bleed == 1 ? "" : "s");
    for (size_t c = 0; c < n_bleed && c < BLEED_LISTED; c++) {
      fputs("<li>bleed found: <b>", f);
      html_esc(f, s->sources[cases[c].source]);
      fputs("</b> → <b>", f);
      html_esc(f, s->stems[cases[c].stem]);
      fprintf(f, "</b> at %s dBFS RMS</li>", html_level(a, sizeof a, cases[c].db, 1));
    }
    if (n_bleed > BLEED_LISTED)
      fprintf(f, "<li>… and %zu more, in the matrix</li>", n_bleed - BLEED_LISTED);
    fputs("</ul>", f);
  }
  free(cases);
  fputs("<div class=\"scroll\"><table class=\"bleed\"><thead><tr><th>source \\ stem</th>", f);
  for (size_t k = 0; k < s->n_stems; k++) {
    elem(f, "th", s->stems[k]);
  }
  fputs("</tr></thead><tbody>", f);
  for (size_t i = 0; i < s->n_sources; i++) {
    fputs("<tr><th>", f);
    html_esc(f, s->sources[i]);
    fputs("</th>", f);
    for (size_t k = 0; k < s->n_stems; k++) {
      double db = s->bleed_db[i * s->n_stems + k];
      bool home = (int)k == s->home[i];
      bool is_bleed = !home && isfinite(db);
      fprintf(f, "<td class=\"%s\"", home ? "home" : is_bleed ? "bleed" : "none");
      heat(f, db, is_bleed);
      fputs(" title=\"", f);
      html_esc(f, s->sources[i]);
      fputs(" in ", f);
      html_esc(f, s->stems[k]);
      fprintf(f, ": %s%s%s\">", isfinite(db) ? html_level(a, sizeof a, db, 1) : "nothing",
              isfinite(db) ? " dBFS RMS" : "", is_bleed ? " (bleed)" : "");
      if (home)
        fputs("<span class=\"home-mark\">●</span>", f);
      fprintf(f, "%s</td>", isfinite(db) ? html_level(a, sizeof a, db, 1) : "–");
    }
    fputs("</tr>", f);
  }
  fputs("</tbody></table></div><p class=\"note legend\"><span class=\"home-mark\">●</span> the "
        "source's own stem <span class=\"scale home\"></span> · bleed <span class=\"scale "
        "warm\"></span> · pale to deep: -90 … 0 dBFS RMS over the render · – nothing at all</p>",
        f);
}

char *sp_html_section(const sp_html_song *song)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = html_memstream(&text, &len);
  fprintf(f, "<section class=\"song%s\" data-title=\"", song->status >= 2 ? " failed" : "");
  html_esc(f, song->title);
  fprintf(f, "\" data-status=\"%d\">", song->status);
  header(f, song);
  messages(f, song);
  checks(f, song);
  html_player(f, song);
  loudness(f, song);
  null_test(f, song->null);
  bleed(f, song);
  route(f, song);
  fputs("</section>\n", f);
  fclose(f);
  return text;
}
