/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the HTML report's files share (report/html*.c, nothing else):
 *
 *   io/report/html.c       a song's section, and the text helpers (escaping,
 *                       the page's memory stream, an exit status in words)
 *   io/report/html_plot.c  the loudness-over-time plots and their common scale
 *   io/report/html_dot.c   the route map drawn by Graphviz's dot, as inline SVG
 *   io/report/html_page.c  the page: head, style sheet, contents, sections */
#ifndef SP_HTML_INTERNAL_H
#define SP_HTML_INTERNAL_H

#include "io/report/html.h"

#include <stdio.h>

/* html.c */
void html_esc(FILE *f, const char *s);
FILE *html_memstream(char **text, size_t *len);
const char *html_status_words(int status);

/* html_plot.c */
typedef struct html_scale {
  double top_lufs, bottom_lufs; /* levels at the top and bottom edges */
  double t_max;                 /* seconds at the right edge */
} html_scale;

html_scale html_plot_scale(const sp_html_song *s);
void html_plot(FILE *f, const sp_html_output *o, const sp_html_song *s, const html_scale *sc,
               const char *label);

/* html_dot.c */
char *html_dot_svg(const char *dot, double timeout_s, char *why, size_t why_size);
double html_svg_width_px(const char *svg);

#endif
