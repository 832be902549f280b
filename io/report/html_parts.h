/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_PARTS_H
#define SP_HTML_PARTS_H

/* The HTML report's parts, each in a file of its own, that a section
 * (io/report/html_section.c) and the page (html_page.c) are made of: the
 * text they all write with (html_text.c), the route map drawn by dot
 * (html_dot.c), the loudness plots (html_plot.c), the speaker pictures
 * (html_speakers.c) and the player (html_player.c). */

#include "io/report/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- text (html_text.c): escaped for HTML, into growing strings -------- */

/* Text for HTML content and attribute values (sp_xml_text: markup
 * escaped, what HTML cannot hold as U+FFFD). NULL writes nothing. */
void html_esc(FILE *f, const char *s);
/* The same for at most the first n bytes of s. */
void html_esc_n(FILE *f, const char *s, size_t n);
/* A stream into a growing heap string; out of memory aborts. */
FILE *html_memstream(char **text, size_t *len);
/* An exit status in words ("passed", "file problem"). */
const char *html_status_words(int status);
/* A level with dec decimals into buf: "–" for NAN, "-inf" for silence;
 * returns buf. */
const char *html_level(char *buf, size_t n, double v, int dec);

/* ---- the route map (html_dot.c), drawn by Graphviz's dot as inline SVG -- */

/* `dot -Tsvg` on the DOT text for at most timeout_s seconds: its <svg>
 * element (heap), or NULL with why. */
char *html_dot_svg(const char *dot, double timeout_s, char *why, size_t why_size);
/* The width an SVG asks for in CSS pixels, 0: unknown. */
double html_svg_width_px(const char *svg);

/* ---- loudness over time (html_plot.c), on a common scale --------------- */

typedef struct html_scale {
  double top_lufs, bottom_lufs; /* levels at the top and bottom edges */
  double t_max;                 /* seconds at the right edge */
} html_scale;

/* The axes of all of a song's plots, so they compare by eye. */
html_scale html_plot_scale(const sp_html_song *s);
/* The loudness-over-time plot of output o on the song's axes sc, labelled. */
void html_plot(FILE *f, const sp_html_output *o, const sp_html_song *s, const html_scale *sc,
               const char *label);

/* A span of the timeline to mark on a plot (seconds, its level). */
typedef struct html_span {
  double start_s, end_s, peak_dbfs;
} html_span;

/* Two short-term loudness curves on one plot (A and B, on the times
 * t_end_s, n points, NAN silent) with the spans marked, on the axes sc:
 * the plot the player draws its playhead on (`stemprint diff --html`). */
void html_plot_pair(FILE *f, const double *t_end_s, const double *a_lufs, const double *b_lufs,
                    size_t n, const html_span *spans, size_t n_spans, const html_scale *sc,
                    const char *label);

/* ---- speakers (html_speakers.c): a surround file's channels where their
 * speakers stand, each with its own loudness ------------------------------ */

/* The speakers of output i of the song (one of more than two channels,
 * with its figures), seen from above, captioned label; the caption gives
 * the file's loudness and, when the song has one, its stereo fold-down's
 * (an output of the same name in stereo). */
void html_speakers(FILE *f, const sp_html_song *s, size_t i, const char *label);

/* ---- the player (html_player.c): a song's "Listen" block and the script
 * every page with one carries --------------------------------------------- */

/* The song's Listen block: the transport the script fills in and what it
 * plays, as JSON: every output with a role (its absolute path, channels,
 * layout and fold to stereo), the sample rate and the null test's figures.
 * Nothing when the song has no played mix. */
void html_player(FILE *f, const sp_html_song *s);

/* The player's script and style sheet, to write once in a page whose
 * sections hold a Listen block (section holds one: html_player_in). */
bool html_player_in(const char *section);
void html_player_script(FILE *f);
void html_player_style(FILE *f);

#endif
