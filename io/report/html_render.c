/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A render's section of the HTML report: the render's result and the
 * recipe's targets are laid into an sp_html_song (borrowed, not copied),
 * the route map is printed into memory as DOT and as text, and
 * sp_html_section draws the lot. The bleed matrix is measured by the
 * caller (one more render, core/render/bleed.h), which decides what to say when
 * that fails; the section only shows what it is given. */

#include "io/report/html_render.h"

#include "core/base/alloc.h"
#include "core/graph/query.h"
#include "io/report/html.h"
#include "io/report/report_render.h"
#include "io/report/routemap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The text of a route map printer. */
static char *capture(void (*print)(const sp_graph *, FILE *), const sp_graph *g)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  print(g, f);
  fclose(f);
  return text;
}

char *sp_html_render_section(const sp_graph *g, const sp_render_result *res, sp_err status,
                             const sp_bleed *bleed)
{
  const sp_recipe *r = sp_graph_recipe(g);
  sp_html_output *outs = sp_xcalloc(res->n_outputs + 1, sizeof *outs);
  for (size_t i = 0; i < res->n_outputs; i++) {
    const sp_output_stats *st = &res->outputs[i];
    outs[i] = (sp_html_output){.name = st->name,
                               .path = st->path,
                               .is_mix = st->is_mix,
                               .measured = st->measured,
                               .loudness = st->loudness,
                               .unquantized_peak_dbfs = st->unquantized_peak_dbfs,
                               .t_end_s = st->t_end_s,
                               .momentary = st->momentary,
                               .shortterm = st->shortterm,
                               .n_series = st->n_series,
                               .layout = st->part > 0 ? sp_layout_find("mono")
                                                      : sp_render_output_layout(g, st),
                               .n_channels = st->n_channels,
                               .by_channel = st->by_channel,
                               .role = st->set == 0 && st->part == 0 ? sp_report_role(st->kind) : NULL};
  }
  sp_html_check *checks = sp_xcalloc(res->n_checks + 1, sizeof *checks);
  for (size_t k = 0; k < res->n_checks; k++)
    checks[k] = (sp_html_check){
        .name = res->checks[k].name, .passed = res->checks[k].passed, .text = res->checks[k].text};
  const sp_bleed none = {.n_sources = 0}, *b = bleed ? bleed : &none;
  char *dot = capture(sp_routemap_dot, g), *text = capture(sp_routemap_text, g);
  sp_html_song song = {
      .title = r->file,
      .status = status,
      .seconds = res->seconds,
      .render_seconds = res->wall_seconds,
      .route_dot = dot,
      .route_text = text,
      .outputs = outs,
      .n_outputs = res->n_outputs,
      .null = res->null_ran ? &res->null : NULL,
      .n_sources = b->n_sources,
      .n_stems = b->n_stems,
      .sources = b->sources,
      .stems = b->stems,
      .bleed_db = b->db,
      .home = b->home,
      .checks = checks,
      .n_checks = res->n_checks,
      .target_lufs = r->loudness.has_target ? r->loudness.target_lufs
                     : r->normalize         ? r->normalize_lufs
                                            : NAN,
      .tolerance_lu = r->loudness.has_target ? r->loudness.tolerance_lu : 0,
      .at_most = r->loudness.has_target && sp_loudness_ceiling(&r->loudness),
      .max_true_peak = r->loudness.has_max_true_peak ? r->loudness.max_true_peak_dbtp : NAN,
      .sample_rate = (int)r->sample_rate,
  };
  char *html = sp_html_section(&song);
  free(dot);
  free(text);
  free(checks);
  free(outs);
  return html;
}

char *sp_html_render_failed(const char *title, sp_err status, const char *messages)
{
  sp_html_song song = {.title = title,
                       .status = status,
                       .messages = messages,
                       .target_lufs = NAN,
                       .max_true_peak = NAN};
  return sp_html_section(&song);
}
