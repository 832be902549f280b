/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plan --json's object of a job (io/report/plan.h). */

#include "io/report/plan.h"

#include "core/graph/query.h"

#include <math.h>
#include <stdio.h>

#define TOOL(m) SP_REPORT_FIELD(sp_tool_id, m, STR, #m)
static const sp_report_field tool_fields[] = {
    TOOL(version), TOOL(sources), TOOL(compiler), TOOL(sndfile), TOOL(soxr), TOOL(arch), {0}};

static const sp_report_field input_fields[] = {
    SP_REPORT_FIELD(sp_job_input, path, STR, "path"),
    SP_REPORT_FIELD(sp_job_input, role, STR, "role"),
    SP_REPORT_FIELD(sp_job_input, key, STR, "recipe_key"),
    SP_REPORT_FIELD(sp_job_input, file.size, I64, "size"),
    SP_REPORT_FIELD(sp_job_input, file.digest, DIGEST, "sha256"),
    {0}};

static const sp_report_field plugin_fields[] = {
    SP_REPORT_FIELD(sp_job_plugin, uri, STR, "uri"),
    SP_REPORT_FIELD(sp_job_plugin, version, STR, "version"),
    SP_REPORT_FIELD(sp_job_plugin, binary, STR, "library"),
    SP_REPORT_FIELD(sp_job_plugin, digest, DIGEST, "sha256"),
    {0}};

static const sp_report_field output_fields[] = {SP_REPORT_FIELD(sp_job_output, file, STR, "file"),
                                                SP_REPORT_FIELD(sp_job_output, kind, STR, "kind"),
                                                SP_REPORT_FIELD(sp_job_output, name, STR, "name"),
                                                {0}};

sp_json *sp_plan_json(const char *recipe, const sp_graph *g, const sp_job *job)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "recipe", sp_report_string(recipe));
  sp_report_set(o, "key", sp_report_digest(&job->key));
  sp_report_set(o, "canonical_recipe", sp_report_digest(&job->recipe));
  sp_json *tool = sp_report_object();
  sp_report_fields(tool, &job->tool, tool_fields, false);
  sp_report_set(o, "tool", tool);
  sp_report_set(o, "block_frames", sp_report_int((int64_t)job->block_frames));
  sp_report_set(o, "cpu", job->cpu ? sp_report_string(job->cpu) : sp_report_number(NAN));
  sp_report_set(
      o, "inputs",
      sp_report_rows(job->inputs, job->n_inputs, sizeof *job->inputs, input_fields, false));
  sp_report_set(
      o, "plugins",
      sp_report_rows(job->plugins, job->n_plugins, sizeof *job->plugins, plugin_fields, false));
  sp_report_set(o, "output_dir", sp_report_string(sp_graph_out_dir(g)));
  sp_report_set(
      o, "outputs",
      sp_report_rows(job->outputs, job->n_outputs, sizeof *job->outputs, output_fields, false));
  /* What was hashed, to tell why two keys differ (diff two plans). */
  sp_report_set(o, "canonical_recipe_text", sp_report_string(job->recipe_text));
  sp_report_set(o, "job", sp_report_string(job->text));
  return o;
}
