/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_REPORT_PLAN_H
#define SP_REPORT_PLAN_H

/* A render's job as data (stemprint plan --json; docs/cache.md, schema
 * stemprint-plan/1): the cache key and everything it is made of, the
 * inputs with their digests, the outputs and where they go. */

#include "core/graph/graph.h"
#include "core/job/job.h"
#include "io/report/report.h"

/* The object of one recipe's job (recipe: the path as given). */
sp_json *sp_plan_json(const char *recipe, const sp_graph *g, const sp_job *job);

/* The schema's name, "stemprint-plan/1". */
#define SP_PLAN_SCHEMA "stemprint-plan/1"

#endif
