/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `stemprint diff --html`: a section per print of the report's page
 * (sp_html_write), made of the report's parts (io/report/html_parts.h):
 *
 *   <section class="song diffhead">  A and B, the verdict, the failed
 *                      assertions, the cause (the terminal's lines)
 *   <section class="song diff" data-title data-status data-verdict>
 *     the verdict, figures, cause and assertions (sp_diff_print_row: the
 *     terminal's lines of the print)
 *     html_plot_pair   A's and B's short-term loudness, the spans marked
 *                      (rect.rspan, data-start/-end/-peak), the playhead's plot
 *     bands            a bar per band (rect.dband, data-hz, data-delta) of
 *                      B against A, and the residual's level
 *     html_player      A as the mix, B as the one stem, ab: the player's
 *                      residual (mix − stems) is A − B, in the page
 */

#include "io/report/diff_html.h"

#include "core/base/alloc.h"
#include "io/report/html.h"
#include "io/report/html_parts.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plot's axes: 6 dB steps from the louder side's top, 48 dB down. */
static html_scale pair_scale(const sp_diff_result *r)
{
  double top = -INFINITY, t = 0;
  for (size_t i = 0; i < r->n_series; i++) {
    if (isfinite(r->series_a_lufs[i]) && r->series_a_lufs[i] > top)
      top = r->series_a_lufs[i];
    if (isfinite(r->series_b_lufs[i]) && r->series_b_lufs[i] > top)
      top = r->series_b_lufs[i];
    t = r->series_t_s[i] > t ? r->series_t_s[i] : t;
  }
  top = isfinite(top) ? 6 * ceil(top / 6) : 0;
  return (html_scale){.top_lufs = top, .bottom_lufs = top - 48, .t_max = t > 0 ? t : 1};
}

/* B against A per band: bars up (louder) and down, ±max_db at the edges;
 * the axis's name (dB) above the top tick's label, clear of it. */
enum { BANDS_AXIS_GAP = 14 }; /* from the axis's name's baseline down to the top tick's */
static void bands_svg(FILE *f, const sp_diff_result *r)
{
  const double w = 500, h = 176, x0 = 46, x1 = w - 14, y0 = 30, y1 = h - 30;
  double max_db = 1;
  for (int j = 0; j < r->n_bands; j++)
    if (isfinite(r->band_delta_db[j]) && fabs(r->band_delta_db[j]) > max_db)
      max_db = fabs(r->band_delta_db[j]);
  max_db = 3 * ceil(max_db / 3);
  const double mid = (y0 + y1) / 2, bw = (x1 - x0) / r->n_bands;
  fprintf(f,
          "<svg class=\"plot bands\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
          "aria-label=\"B against A by band\">",
          w, h, w, h);
  fprintf(f, "<rect class=\"area\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x0, y0,
          x1 - x0, y1 - y0);
  for (int k = -1; k <= 1; k++) {
    double y = mid - k * (mid - y0);
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x0, x1, y,
            y);
    fprintf(f, "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%+.0f</text>", x0 - 6, y + 4,
            k * max_db + 0.0);
  }
  for (int j = 0; j < r->n_bands; j++) {
    double d = r->band_delta_db[j], x = x0 + j * bw;
    double hz = r->band_hz[j];
    char words[32];
    if (hz >= 1000)
      snprintf(words, sizeof words, "%gk", hz / 1000);
    else
      snprintf(words, sizeof words, "%g", hz);
    if (r->n_bands <= 10 || j % 3 == 0)
      fprintf(f, "<text class=\"xl\" x=\"%.1f\" y=\"%.1f\">%s</text>", x + bw / 2, y1 + 15, words);
    if (!isfinite(d))
      continue;
    double y = mid - d / max_db * (mid - y0);
    fprintf(f,
            "<rect class=\"dband %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "data-hz=\"%g\" data-delta=\"%.2f\" data-residual=\"%.1f\"><title>%s Hz: %+.2f dB, "
            "residual %.1f dBFS</title></rect>",
            d >= 0 ? "up" : "down", x + 1, d >= 0 ? y : mid, bw - 2, fabs(y - mid), hz, d,
            r->band_residual_dbfs[j], words, d, r->band_residual_dbfs[j]);
  }
  fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\">dB</text>", x0 - 6,
          y0 + 4 - BANDS_AXIS_GAP);
  fprintf(f, "<text class=\"axis xt\" x=\"%.1f\" y=\"%.1f\">band (Hz): B against A</text>",
          (x0 + x1) / 2, h - 2);
  fputs("</svg>", f);
}

/* Print i's section (heap). */
static char *print_section(const sp_diff_report *rep, size_t i, bool playable)
{
  const sp_diff_item *it = &rep->items[i];
  char *text = NULL;
  size_t len = 0;
  FILE *f = html_memstream(&text, &len);
  const sp_diff_result *r = &it->r;
  const bool differs = it->error || sp_diff_verdict_differs(r->verdict);
  fputs("<section class=\"song diff\" data-title=\"", f);
  html_esc(f, it->name);
  fprintf(f, "\" data-status=\"%d\" data-verdict=\"%s\" data-followed=\"%d\"><h2>",
          rep->rows[i].passed ? 0 : 1, it->error ? "error" : sp_diff_verdict_word(r->verdict),
          rep->rows[i].n_links > 0);
  html_esc(f, it->name);
  fprintf(f, " <span class=\"badge %s\">%s%s</span></h2>", differs ? "fail" : "ok",
          it->error ? "not compared" : sp_diff_verdict_word(r->verdict),
          rep->rows[i].n_links ? ", followed" : "");
  char *lines = NULL;
  size_t ll = 0;
  FILE *m = html_memstream(&lines, &ll);
  sp_diff_print_row(m, rep, i); /* an error's words included */
  fclose(m);
  fputs("<pre class=\"diff\">", f);
  html_esc(f, lines);
  fputs("</pre>", f);
  free(lines);
  if (it->measured && r->n_series > 0) {
    html_span spans[SP_DIFF_MAX_SPANS];
    for (size_t k = 0; k < r->n_spans; k++)
      spans[k] = (html_span){r->spans[k].start_s, r->spans[k].end_s, r->spans[k].peak_dbfs};
    html_scale sc = pair_scale(r);
    fputs("<h3>Loudness, A and B</h3>", f);
    html_plot_pair(f, r->series_t_s, r->series_a_lufs, r->series_b_lufs, r->n_series, spans,
                   r->n_spans, &sc, it->name);
  }
  if (it->measured && sp_diff_verdict_differs(r->verdict) && r->n_bands > 0) {
    fputs("<h3>By band</h3>", f);
    bands_svg(f, r);
  }
  if (playable && it->old_path && it->new_path && it->measured && r->sample_rate > 0) {
    sp_html_output outs[2] = {
        {.name = "A", .path = it->old_path, .role = "mix"},
        {.name = "B", .path = it->new_path, .role = "stem"},
    };
    sp_null_result nr = {.residual_peak_dbfs = r->peak_dbfs,
                         .residual_rms_dbfs = r->rms_dbfs,
                         .threshold_dbfs = r->threshold_dbfs,
                         .passed = !sp_diff_verdict_differs(r->verdict)};
    sp_html_song song = {.title = it->name,
                         .outputs = outs,
                         .n_outputs = 2,
                         .null = &nr,
                         .target_lufs = NAN,
                         .max_true_peak = NAN,
                         .sample_rate = r->sample_rate,
                         .ab = true};
    html_player(f, &song);
  }
  fputs("</section>\n", f);
  fclose(f);
  return text;
}

static const char style[] =
    "<style>svg .stb{fill:none;stroke:#c0392b;stroke-width:1.5}"
    "svg .rspan{fill:#f1c40f;fill-opacity:.3;stroke:#e67e22}"
    "svg .dband.up{fill:#c0392b}svg .dband.down{fill:#2980b9}"
    "pre.diff{white-space:pre-wrap}</style>";

sp_err sp_diff_html_write(const char *path, const sp_diff_report *rep, const char *no_player,
                          char *why, size_t why_size)
{
  const size_t n = rep->n;
  char **sections = sp_xcalloc(n + 1, sizeof *sections);
  char *head = NULL;
  size_t hl = 0;
  FILE *f = html_memstream(&head, &hl);
  fputs("<section class=\"song diffhead\" data-title=\"", f);
  html_esc(f, rep->old_arg);
  fputs(" → ", f);
  html_esc(f, rep->new_arg);
  fprintf(f, "\" data-status=\"%d\">%s<h2>A: ", rep->passed ? 0 : 1, style);
  html_esc(f, rep->old_arg);
  fputs("<br>B: ", f);
  html_esc(f, rep->new_arg);
  fputs("</h2>", f);
  if (no_player) {
    fputs("<p class=\"note\">No player: ", f);
    html_esc(f, no_player);
    fputs("</p>", f);
  }
  /* the head line, the failed assertions and the cause: the terminal's */
  char *lines = NULL;
  size_t ll = 0;
  FILE *m = html_memstream(&lines, &ll);
  sp_diff_print_head(m, rep);
  sp_diff_print_cause(m, rep);
  fclose(m);
  fprintf(f, "<pre class=\"diff %s\">", rep->passed ? "ok" : "fail");
  html_esc(f, lines);
  fputs("</pre></section>\n", f);
  free(lines);
  fclose(f);
  sections[0] = head;
  for (size_t i = 0; i < n; i++)
    sections[i + 1] = print_section(rep, i, !no_player);
  /* the head (A and B) leads the page; the contents count the prints */
  const sp_html_kind kind = {.heading = "Diff report", .noun = "print", .n_head = 1};
  char title[64];
  snprintf(title, sizeof title, "diff of %zu print%s", n, n == 1 ? "" : "s");
  sp_err err = sp_html_write(path, title, &kind, (const char *const *)sections, n + 1, why, why_size);
  for (size_t i = 0; i <= n; i++)
    free(sections[i]);
  free(sections);
  return err;
}
