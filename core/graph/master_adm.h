/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_MASTER_ADM_H
#define SP_GRAPH_MASTER_ADM_H

/* master.adm planned with the graph (core/graph/master_adm.c). */

#include "core/graph/builder.h"

/* With master.adm, after the outputs and the render's length are planned:
 * its ADM BWF's structure (g->adm), where its tracks come from (g->adm_srcs)
 * and every rule of it, each broken one an error at its recipe key
 * (g->adm stays NULL then). */
void graph_plan_master_adm(builder *b);

#endif
