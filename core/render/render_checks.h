/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_CHECKS_H
#define SP_RENDER_CHECKS_H

/* What a pass's outputs are judged on (core/render/render_checks.c). */

#include "core/render/renderer.h"

/* Where out's samples went before quantization, in dBFS. */
double render_unquantized_peak_dbfs(const renderer *R, const output *out);
/* The null tests of the outputs written: the stems against the mix, and
 * each linked version with what it leaves out. */
sp_err render_run_null(renderer *R, sp_render_result *res);
/* The recipe's checks on what was printed, into res->checks. */
void render_judge(const sp_graph *g, sp_render_result *res);

#endif
