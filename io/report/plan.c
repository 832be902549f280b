/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plan --json's object of a job (io/report/plan.h). */

#include "io/report/plan.h"

#include "core/graph/query.h"

#include <math.h>
#include <stdio.h>

sp_json *sp_plan_json(const char *recipe, const sp_graph *g, const sp_job *job)
{
  sp_json *o = sp_report_object();
  sp_report_set(o, "recipe", sp_report_string(recipe));
  sp_report_set(o, "key", sp_report_digest(&job->key));
  sp_report_set(o, "canonical_recipe", sp_report_digest(&job->recipe));
  const sp_tool_id t = job->tool;
  sp_json *tool = sp_report_object();
  sp_report_set(tool, "version", sp_report_string(t.version));
  sp_report_set(tool, "sources", sp_report_string(t.sources));
  sp_report_set(tool, "compiler", sp_report_string(t.compiler));
  sp_report_set(tool, "sndfile", sp_report_string(t.sndfile));
  sp_report_set(tool, "soxr", sp_report_string(t.soxr));
  sp_report_set(tool, "arch", sp_report_string(t.arch));
  sp_report_set(o, "tool", tool);
  sp_report_set(o, "block_frames", sp_report_int((int64_t)job->block_frames));
  sp_report_set(o, "cpu", job->cpu ? sp_report_string(job->cpu) : sp_report_number(NAN));
  sp_json *ins = sp_report_array();
  for (size_t i = 0; i < job->n_inputs; i++) {
    const sp_job_input *in = &job->inputs[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "path", sp_report_string(in->path));
    sp_report_set(e, "role", sp_report_string(in->role));
    sp_report_set(e, "recipe_key", sp_report_string(in->key));
    sp_report_set(e, "size", sp_report_int(in->file.size));
    sp_report_set(e, "sha256", sp_report_digest(&in->file.digest));
    sp_report_append(ins, e);
  }
  sp_report_set(o, "inputs", ins);
  sp_json *pl = sp_report_array();
  for (size_t i = 0; i < job->n_plugins; i++) {
    const sp_job_plugin *p = &job->plugins[i];
    sp_json *e = sp_report_object();
    sp_report_set(e, "uri", sp_report_string(p->uri));
    sp_report_set(e, "version", sp_report_string(p->version));
    sp_report_set(e, "library", sp_report_string(p->binary));
    sp_report_set(e, "sha256", sp_report_digest(&p->digest));
    sp_report_append(pl, e);
  }
  sp_report_set(o, "plugins", pl);
  sp_report_set(o, "output_dir", sp_report_string(sp_graph_out_dir(g)));
  sp_json *outs = sp_report_array();
  for (size_t i = 0; i < job->n_outputs; i++) {
    sp_json *e = sp_report_object();
    sp_report_set(e, "file", sp_report_string(job->outputs[i].file));
    sp_report_set(e, "kind", sp_report_string(job->outputs[i].kind));
    sp_report_set(e, "name", sp_report_string(job->outputs[i].name));
    sp_report_append(outs, e);
  }
  sp_report_set(o, "outputs", outs);
  /* What was hashed, to tell why two keys differ (diff two plans). */
  sp_report_set(o, "canonical_recipe_text", sp_report_string(job->recipe_text));
  sp_report_set(o, "job", sp_report_string(job->text));
  return o;
}
