/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_ADM_OUT_H
#define SP_RENDER_ADM_OUT_H

/* master.adm's files rendered with the prints (core/render/adm_out.c):
 * the ADM BWFs (the mix's, each stem's) made of the prints' codes as they
 * are written, and their re-renders, in the same pass, through sinks. */

#include "core/render/renderer.h"

/* A pass that writes the mix (not an own version's) gets master.adm's
 * sinks and its tasks, one per ADM BWF (the mix's, each stem's when every
 * stem is printed: R->adm_units); the outputs keep their codes. */
sp_err render_adm_open(renderer *R, int64_t frames);
/* Task u's share of block k on thread `thread`, once the outputs wrote
 * it: its tracks from their codes (and the kept files'), written,
 * re-rendered, measured. */
sp_err render_adm_block(renderer *R, size_t u, int64_t k, int thread);
/* After the last block: the files finished and null-tested (Σ the stems'
 * against the mix's, read back as the prints' null test reads them), and
 * every check of them appended to res->checks (res->n_adm_checks). */
sp_err render_adm_finish(renderer *R, sp_render_result *res);
/* The sinks, taken out of R and appended to sinks[*n] (of *cap), to be
 * delivered with the prints. */
void render_adm_take(renderer *R, sp_sink ***sinks, size_t *n, size_t *cap);
void render_adm_release(renderer *R);

#endif
