/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIFF_HTML_H
#define SP_DIFF_HTML_H

/* `stemprint diff --html FILE`: the report's page (io/report/html.h) with
 * a head (A and B, the verdict, the failed assertions, the cause) and
 * a section per print: its verdict, figures, cause and assertions (the
 * terminal's lines, io/report/diff.h's model), A's and B's short-term
 * loudness on one plot with the residual's spans marked, the band deltas
 * drawn (and listed, as data- attributes), and the report's player
 * playing A (old), B (new) and A − B in sync, the residual computed in the
 * page from the two prints (nothing more written). */

#include "core/base/diag.h"
#include "io/report/diff.h"

#include <stddef.h>

/* Write the page to path (temporary file, rename); SP_ERR_IO with why.
 * no_player: NULL, or why the prints cannot be played from the page (they
 * were rendered into a scratch folder that is gone): said instead. */
sp_err sp_diff_html_write(const char *path, const sp_diff_report *rep, const char *no_player,
                          char *why, size_t why_size);

#endif
