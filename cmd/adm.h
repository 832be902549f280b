/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_CMD_ADM_H
#define SP_CMD_ADM_H

/* master.adm after a render (cmd/adm.c): the printed mix (the bed) and the
 * printed object buses (the objects) written again as one ADM BWF
 * (io/audio/adm.h), read back and re-rendered into each layout of
 * master.adm.renders, each re-render metered; all of them landed in the
 * output folder as one step; their figures and the immersive music
 * delivery's checks (master.adm.profile) appended to res->checks. */

#include "core/graph/graph.h"
#include "core/render/render.h"

/* Returns status, or SP_ERR_CHECK when a check it adds failed, or the
 * error that kept the files from landing (said in d; nothing lands). */
sp_err sp_cli_adm(const sp_graph *g, const sp_render_opts *ro, sp_render_result *res,
                  sp_err status, sp_diags *d);

#endif
