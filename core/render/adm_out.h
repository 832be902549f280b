/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_RENDER_ADM_OUT_H
#define SP_RENDER_ADM_OUT_H

/* master.adm's files rendered with the prints (core/render/adm_out.c):
 * the ADM BWFs (the mix's, each stem's) made of the prints' codes as they
 * are written, and their re-renders, in the same pass, through sinks. */

#include "core/render/renderer.h"

/* A pass that writes the mix (not an own version's) gets master.adm's
 * sinks, one task per ADM BWF (the mix's, each stem's when every stem is
 * printed), and marks the outputs they are made of to keep their codes.
 * Returns how many tasks (R->adm's units). */
sp_err render_adm_open(renderer *R, int64_t frames);
/* Unit u's share of block k: its tracks from the outputs' codes (and the
 * kept files'), written, re-rendered, measured. */
sp_err render_adm_block(renderer *R, size_t u, int64_t k);
/* How many tasks master.adm's files take (0: none). */
size_t render_adm_units(const renderer *R);
/* The outputs task u reads (edges of the pipeline), into outs; returns
 * how many. */
size_t render_adm_reads(const renderer *R, size_t u, size_t *outs);
/* After the last block: finish the files, null-test the stems' against
 * the mix's (as the prints' null test reads them back), and hand the sinks
 * to pend (through add); the checks into res. */
sp_err render_adm_finish(renderer *R, sp_render_result *res);
/* The sinks, for delivery with the prints: each taken out of R. */
size_t render_adm_take(renderer *R, sp_sink ***sinks);
/* The checks master.adm's files are judged by (the null tests, each
 * re-render's loudness and clipping, the immersive music profile),
 * appended to res->checks. */
void render_adm_judge(renderer *R, sp_render_result *res);
void render_adm_release(renderer *R);

#endif
