/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_IO_ADM_PRINT_H
#define SP_IO_ADM_PRINT_H

/* master.adm after a render (io/audio/adm_print.c): the printed mix (the bed) and the
 * printed object buses (the objects) written again as one ADM BWF
 * (io/audio/adm.h) of the structure the graph planned and checked
 * (sp_graph.adm, core/graph/master_adm.c: every rule a recipe can break is
 * said there, by check too), read back and re-rendered into each layout of
 * master.adm.renders, each re-render metered; all of them landed in the
 * output folder as one step; their figures and the immersive music
 * delivery's checks (master.adm.profile) appended to res->checks. What it
 * can still fail on is what only the files say (a print that no longer
 * reads, a folder that refuses a file). */

#include "core/graph/graph.h"
#include "core/render/render.h"

#include <signal.h>

/* How the files land in the output folder as one step: io/outdir/print.h's
 * sp_print_commit (io/audio writes the files, io/outdir lands them; the
 * command passes one to the other). */
typedef sp_err (*sp_adm_land_fn)(const sp_graph *g, const char *const *temps,
                                 const char *const *finals, size_t n,
                                 const volatile sig_atomic_t *cancel, sp_render_result *res,
                                 sp_diags *d, char *why, size_t why_size);

/* Returns status, or SP_ERR_CHECK when a check it adds failed, or the
 * error that kept the files from landing (said in d; nothing lands). */
sp_err sp_adm_print(const sp_graph *g, const sp_render_opts *ro, sp_render_result *res,
                    sp_err status, sp_adm_land_fn land, sp_diags *d);

#endif
