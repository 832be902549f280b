/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loudness-over-time plots of the HTML report: one inline SVG per
 * output, every plot of a song the same size on the same axes (a level
 * range from the loudest momentary value down past most of the quietest
 * programme, the longest output's time), so they compare by eye. Each plot
 * draws the grid and its labels, the target's band, the integrated
 * loudness, the momentary and short-term lines (thinned to at most
 * PLOT_MAX_POINTS points, broken where silent or below the floor), the two
 * levels' values at the right end, and a legend in the top margin. */

#include "io/report/html_parts.h"

#include "core/base/alloc.h"
#include "core/base/bytes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PLOT_MAX_POINTS = 1000 };

/* Every plot is this size in CSS pixels and drawn 1:1, so its text is the
 * page's 12 px whatever the window's width (it only shrinks on a screen
 * narrower than one plot). */
#define PLOT_W 500.0
#define PLOT_H 250.0

typedef struct frame {
  double x0, x1, y0, y1; /* the plot area, px */
  html_scale sc;
} frame;

static double fx(const frame *p, double t) { return p->x0 + (p->x1 - p->x0) * t / p->sc.t_max; }

static double fy(const frame *p, double l)
{
  if (l > p->sc.top_lufs)
    l = p->sc.top_lufs;
  if (l < p->sc.bottom_lufs)
    l = p->sc.bottom_lufs;
  return p->y0 + (p->y1 - p->y0) * (p->sc.top_lufs - l) / (p->sc.top_lufs - p->sc.bottom_lufs);
}

/* Where an output's programme sits low: its short-term loudness's 10th
 * percentile among the values loud enough to count (EBU Tech 3342's
 * relative gate, 20 LU below the integrated loudness), so fades and a
 * tail's ring-out do not squash the plots. INFINITY: no such value. */
static double low_level(const sp_html_output *o)
{
  double *st = sp_xcalloc(o->n_series + 1, sizeof *st);
  size_t n = 0;
  for (size_t i = 0; i < o->n_series; i++)
    if (isfinite(o->shortterm[i]))
      st[n++] = o->shortterm[i];
  qsort(st, n, sizeof *st, sp_cmp_double);
  double gate = o->measured && isfinite(o->loudness.integrated_lufs)
                    ? o->loudness.integrated_lufs - 20
                    : -INFINITY;
  size_t first = 0;
  while (first < n && st[first] < gate)
    first++;
  double lo = first < n ? st[first + (n - first) / 10] : INFINITY;
  free(st);
  return lo;
}

/* The axes of all of a song's plots, so they compare by eye: the level
 * range is six-LU steps from the loudest momentary value of any output
 * down past most of the quietest output's programme (36 to 48 LU), and
 * holds the target and its band; the time axis is the longest output. */
html_scale html_plot_scale(const sp_html_song *s)
{
  double hi = -INFINITY, lo = INFINITY, t_max = s->seconds > 0 ? s->seconds : 0;
  bool target = false;
  for (size_t k = 0; k < s->n_outputs; k++) {
    const sp_html_output *o = &s->outputs[k];
    if (o->n_series == 0)
      continue;
    for (size_t i = 0; i < o->n_series; i++) {
      if (isfinite(o->momentary[i]) && o->momentary[i] > hi)
        hi = o->momentary[i];
      if (isfinite(o->shortterm[i]) && o->shortterm[i] > hi)
        hi = o->shortterm[i];
    }
    if (o->t_end_s[o->n_series - 1] > t_max)
      t_max = o->t_end_s[o->n_series - 1];
    double l = low_level(o);
    lo = l < lo ? l : lo;
    target |= o->is_mix;
  }
  target = target && isfinite(s->target_lufs);
  double tol = isfinite(s->tolerance_lu) && s->tolerance_lu > 0 ? s->tolerance_lu : 0;
  if (!isfinite(hi))
    hi = target ? s->target_lufs : -23;
  if (target && s->target_lufs + tol > hi)
    hi = s->target_lufs + tol;
  if (target && s->target_lufs - tol < lo)
    lo = s->target_lufs - tol;
  if (!isfinite(lo) || lo > hi)
    lo = hi;
  html_scale sc = {.top_lufs = 6 * ceil((hi + 1) / 6) + 0.0, .t_max = t_max > 0 ? t_max : 1};
  double span = 36;
  while (span < 48 && lo - 3 < sc.top_lufs - span)
    span += 6;
  sc.bottom_lufs = sc.top_lufs - span;
  return sc;
}

/* One loudness line as an SVG path, cut into buckets of at most
 * PLOT_MAX_POINTS (each its loudest point). It breaks where the output is
 * silent (NAN) and where it falls below the floor: a line along the bottom
 * edge would read as a level. Through the floor it runs to the crossing. A
 * run of one point still shows (a zero-length segment with round caps). */
static void series_path(FILE *f, const frame *p, const double *t, const double *v, size_t n,
                        const char *cls)
{
  size_t stride = (n + PLOT_MAX_POINTS - 1) / PLOT_MAX_POINTS;
  if (stride < 1)
    stride = 1;
  double floor_lufs = p->sc.bottom_lufs;
  fprintf(f, "<path class=\"%s\" d=\"", cls);
  bool pen = false, have_prev = false;
  double px = 0, pv = 0; /* the point before, its level not clamped */
  for (size_t i = 0; i < n; i += stride) {
    size_t end = i + stride < n ? i + stride : n;
    double best = NAN;
    for (size_t k = i; k < end; k++)
      if (isfinite(v[k]) && !(v[k] <= best))
        best = v[k];
    if (!isfinite(best)) {
      pen = have_prev = false;
      continue;
    }
    double x = fx(p, t[end - 1]);
    if (best < floor_lufs) {
      if (pen) /* down through the floor */
        fprintf(f, "L%.1f %.1f", px + (x - px) * (pv - floor_lufs) / (pv - best), p->y1);
    } else if (pen) {
      fprintf(f, "L%.1f %.1f", x, fy(p, best));
    } else if (have_prev) { /* up through the floor */
      fprintf(f, "M%.1f %.1fL%.1f %.1f", px + (x - px) * (floor_lufs - pv) / (best - pv), p->y1, x,
              fy(p, best));
    } else {
      fprintf(f, "M%.1f %.1fl0 0", x, fy(p, best));
    }
    pen = best >= floor_lufs;
    have_prev = true;
    px = x;
    pv = best;
  }
  fputs("\"/>", f);
}

/* A tick step for span seconds giving at most max_ticks ticks. */
static double time_step(double span, int max_ticks)
{
  static const double steps[] = {0.1, 0.2, 0.5, 1,   2,    5,    10,   15,    30,   60,
                                 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (span / steps[i] <= max_ticks)
      return steps[i];
  return 86400;
}

/* A legend entry: a sample of the line (class cls; band: the shaded band
 * behind it) and its words, right to left from *right. */
static void legend_item(FILE *f, double *right, double y, const char *cls, bool band,
                        const char *words)
{
  double w = 7.2 * (double)strlen(words), x = *right - w - 24;
  if (band)
    fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"10\"/>", x, y - 5);
  fprintf(f,
          "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
          "<text x=\"%.1f\" y=\"%.1f\">",
          cls, x, x + 20, y, y, x + 24, y + 4);
  html_esc(f, words);
  fputs("</text>", f);
  *right = x - 14;
}

/* A horizontal line's name and level at the plot's right end, just above
 * or below it (inside the plot area). */
static void level_label(FILE *f, const frame *p, double lufs, bool above, const char *cls,
                        const char *name)
{
  double y = fy(p, lufs) + (above ? -5 : 13);
  y = y < p->y0 + 12 ? p->y0 + 12 : y > p->y1 - 3 ? p->y1 - 3 : y;
  fprintf(f, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">%s %.1f</text>", cls, p->x1 - 4, y, name,
          lufs + 0.0);
}

/* The <svg> of a plot on frame p's axes, labelled, left open: its area,
 * the grid with its levels and times, the axes' names. */
static void plot_axes(FILE *f, const frame *p, const char *label)
{
  const html_scale *sc = &p->sc;
  fprintf(f,
          "<svg class=\"plot\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
          "data-x0=\"%.1f\" data-x1=\"%.1f\" data-y0=\"%.1f\" data-y1=\"%.1f\" "
          "data-t=\"%.6f\" role=\"img\" aria-label=\"loudness over time of ",
          PLOT_W, PLOT_H, PLOT_W, PLOT_H, p->x0, p->x1, p->y0, p->y1, sc->t_max);
  html_esc(f, label);
  fputs("\">", f);
  fprintf(f, "<rect class=\"area\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", p->x0,
          p->y0, p->x1 - p->x0, p->y1 - p->y0);
  for (double l = sc->top_lufs; l >= sc->bottom_lufs - 1e-9; l -= 6) {
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p->x0, p->x1,
            fy(p, l), fy(p, l));
    fprintf(f, "<text class=\"yl\" x=\"%.1f\" y=\"%.1f\">%.0f</text>", p->x0 - 6, fy(p, l) + 4,
            l + 0.0);
  }
  double tstep = time_step(sc->t_max, 8);
  bool minutes = sc->t_max >= 120;
  for (double t = 0; t <= sc->t_max + 1e-9; t += tstep) {
    double x = fx(p, t);
    fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", x, x, p->y0,
            p->y1);
    if (minutes)
      fprintf(f, "<text class=\"xl\" x=\"%.1f\" y=\"%.1f\">%d:%02d</text>", x, p->y1 + 15,
              (int)(t / 60), (int)fmod(t, 60));
    else
      fprintf(f, "<text class=\"xl\" x=\"%.1f\" y=\"%.1f\">%.*f</text>", x, p->y1 + 15,
              tstep < 1 ? 1 : 0, t);
  }
  fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\">LUFS</text>", p->x0 - 6, p->y0 - 10);
  fprintf(f, "<text class=\"axis xt\" x=\"%.1f\" y=\"%.1f\">time (%s)</text>", (p->x0 + p->x1) / 2,
          PLOT_H - 5, minutes ? "m:ss" : "s");
}

/* The loudness-over-time plot of one output on the song's axes: momentary
 * and short-term loudness, the integrated loudness and, on the mix's plot
 * (is_mix), the target with its tolerance band. The <svg> carries its plot
 * area (data-x0 .. data-x1, data-y0 .. data-y1, in its viewBox) and the
 * seconds at the right edge (data-t): the player draws its playhead there
 * and plays the span clicked or dragged. */
void html_plot(FILE *f, const sp_html_output *o, const sp_html_song *s, const html_scale *sc,
               const char *label)
{
  frame p = {.x0 = 46, .x1 = PLOT_W - 14, .y0 = 34, .y1 = PLOT_H - 38, .sc = *sc};
  bool target = o->is_mix && isfinite(s->target_lufs);
  double tol = isfinite(s->tolerance_lu) && s->tolerance_lu > 0 ? s->tolerance_lu : 0;
  bool silent = true;
  for (size_t i = 0; i < o->n_series && silent; i++)
    silent = !isfinite(o->momentary[i]) && !isfinite(o->shortterm[i]);

  plot_axes(f, &p, label);
  /* The target's band, shaded and edged, then the target under the
   * integrated loudness: where the two meet, the target's long green
   * dashes show between the integrated line's short orange ones. */
  if (target) {
    if (tol > 0) {
      double top = fy(&p, s->target_lufs + tol), bottom = fy(&p, s->target_lufs - tol);
      fprintf(f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              p.x0, top, p.x1 - p.x0, bottom - top);
      for (int k = 0; k < 2; k++)
        fprintf(f, "<line class=\"edge\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
                p.x1, k ? bottom : top, k ? bottom : top);
    }
    fprintf(f, "<line class=\"target\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, s->target_lufs), fy(&p, s->target_lufs));
  }
  if (o->measured && isfinite(o->loudness.integrated_lufs))
    fprintf(f, "<line class=\"integ\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", p.x0,
            p.x1, fy(&p, o->loudness.integrated_lufs), fy(&p, o->loudness.integrated_lufs));
  if (!silent) {
    series_path(f, &p, o->t_end_s, o->momentary, o->n_series, "mom");
    series_path(f, &p, o->t_end_s, o->shortterm, o->n_series, "st");
  } else {
    fprintf(f, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\">silence: no loudness</text>",
            (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2);
  }
  /* The two levels' values at the right end, the louder above its line
   * and the quieter below, so they never overlap, even on one line. */
  double integ = o->measured ? o->loudness.integrated_lufs : NAN;
  if (target)
    level_label(f, &p, s->target_lufs, !isfinite(integ) || s->target_lufs >= integ, "lt", "target");
  if (isfinite(integ))
    level_label(f, &p, integ, !target || integ > s->target_lufs, "li", "I");
  /* the legend, in the top margin, from the right */
  double right = p.x1, ly = 13;
  fputs("<g class=\"legend\">", f);
  if (target) {
    char words[64];
    if (tol > 0)
      snprintf(words, sizeof words, "target ±%g LU", tol);
    else
      snprintf(words, sizeof words, "target");
    legend_item(f, &right, ly, "target", tol > 0, words);
  }
  legend_item(f, &right, ly, "integ", false, "integrated");
  legend_item(f, &right, ly, "st", false, "short-term");
  legend_item(f, &right, ly, "mom", false, "momentary");
  fputs("</g></svg>", f);
}

void html_plot_pair(FILE *f, const double *t_end_s, const double *a_lufs, const double *b_lufs,
                    size_t n, const html_span *spans, size_t n_spans, const html_scale *sc,
                    const char *label)
{
  frame p = {.x0 = 46, .x1 = PLOT_W - 14, .y0 = 34, .y1 = PLOT_H - 38, .sc = *sc};
  plot_axes(f, &p, label);
  for (size_t k = 0; k < n_spans; k++) {
    double x0 = fx(&p, spans[k].start_s), x1 = fx(&p, spans[k].end_s);
    fprintf(f,
            "<rect class=\"rspan\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "data-start=\"%.3f\" data-end=\"%.3f\" data-peak=\"%.1f\"><title>residual %.3f–%.3f s, "
            "peak %.1f dBFS</title></rect>",
            x0, p.y0, x1 - x0 > 1 ? x1 - x0 : 1, p.y1 - p.y0, spans[k].start_s, spans[k].end_s,
            spans[k].peak_dbfs, spans[k].start_s, spans[k].end_s, spans[k].peak_dbfs);
  }
  series_path(f, &p, t_end_s, a_lufs, n, "st");
  series_path(f, &p, t_end_s, b_lufs, n, "stb");
  double right = p.x1, ly = 13;
  fputs("<g class=\"legend\">", f);
  if (n_spans)
    legend_item(f, &right, ly, "rspan", false, "residual above threshold");
  legend_item(f, &right, ly, "stb", false, "B short-term");
  legend_item(f, &right, ly, "st", false, "A short-term");
  fputs("</g></svg>", f);
}
