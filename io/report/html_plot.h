/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_PLOT_H
#define SP_HTML_PLOT_H

/* The HTML report's loudness-over-time plots and their common scale
 * (io/report/html_plot.c). */

#include "io/report/html.h"

#include <stdio.h>

typedef struct html_scale {
  double top_lufs, bottom_lufs; /* levels at the top and bottom edges */
  double t_max;                 /* seconds at the right edge */
} html_scale;

/* The axes of all of a song's plots, so they compare by eye. */
html_scale html_plot_scale(const sp_html_song *s);
/* The loudness-over-time plot of output o on the song's axes sc, labelled. */
void html_plot(FILE *f, const sp_html_output *o, const sp_html_song *s, const html_scale *sc,
               const char *label);

#endif
