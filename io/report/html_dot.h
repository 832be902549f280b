/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_DOT_H
#define SP_HTML_DOT_H

/* The HTML report's route map, drawn by Graphviz's dot as inline SVG
 * (io/report/html_dot.c). */

#include <stddef.h>

/* `dot -Tsvg` on the DOT text for at most timeout_s seconds: its <svg>
 * element (heap), or NULL with why. */
char *html_dot_svg(const char *dot, double timeout_s, char *why, size_t why_size);
/* The width an SVG asks for in CSS pixels, 0: unknown. */
double html_svg_width_px(const char *svg);

#endif
