/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTML_RENDER_H
#define SP_HTML_RENDER_H

/* A render's section of the HTML report (io/report/html.h), from the graph
 * and the render's result; and the section of a recipe that did not
 * render. The page itself is written with sp_html_write. */

#include "core/base/diag.h"
#include "core/render/bleed.h"
#include "core/graph/graph.h"
#include "core/render/render.h"

/* The section of one render of g (heap HTML; free it): the render's
 * numbers, every output's loudness and series, the null test, the checks,
 * the recipe's loudness target and true-peak limit drawn on the plots, the
 * route map (DOT and text, from io/report/routemap.h; runs `dot`) and the
 * bleed matrix of bleed (NULL, or n_sources 0: none). status is the
 * render's. Everything is read during the call only. */
char *sp_html_render_section(const sp_graph *g, const sp_render_result *res, sp_err status,
                             const sp_bleed *bleed);

/* The red section of a recipe (title: its path) that rendered nothing,
 * with status and what it printed (messages, shown escaped; may be NULL).
 * Heap HTML; free it. */
char *sp_html_render_failed(const char *title, sp_err status, const char *messages);

#endif
