/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stemprint plan [--json] RECIPE...: each recipe's render as a hermetic job
 * (core/job/job.h): its cache key and everything that decides it, for a batch
 * engine, a cache or a person wondering why a song renders again. */

#include "cmd/cli.h"

#include "core/graph/query.h"
#include "core/job/job.h"
#include "io/cache/digests.h"
#include "io/report/plan.h"

#include <stdio.h>
#include <stdlib.h>

static const char help[] =
    "usage: stemprint plan RECIPE... [--json] [-o DIR] [--block-frames N]\n"
    "                      [--confine | --confine-to DIR] [--stems HOW] [--strict]\n"
    "                      [--set KEY=VALUE]...\n"
    "\n"
    "Print each recipe's render as a job, without rendering: its cache key and\n"
    "what the key is made of (the canonical recipe, every input file with its\n"
    "size and SHA-256, the plugins, the tool, the block size), and the files it\n"
    "prints. Two renders with the same key print the same bytes. A reformatted\n"
    "recipe, or one whose sources moved with it, keeps its key; a change to a\n"
    "source's bytes, a parameter or the tool gives a new one (docs/cache.md).\n"
    "\n"
    "Sources are read once to compute their digests; the digest index\n"
    "($STEMPRINT_DIGEST_INDEX, default ~/.cache/stemprint/digests; empty: none)\n"
    "remembers them by each file's identity, so unchanged files are not read\n"
    "again.\n"
    "\n"
    "options:\n"
    "  --json                 the jobs as JSON (schema " SP_PLAN_SCHEMA ",\n"
    "                         docs/cache.md)\n"
    "  -o, --output-dir DIR   the output folder render -o would use\n"
    "  --block-frames N       the render block size the key is for (default 8192,\n"
    "                         4096 with LV2 plugins)\n" SP_CONFINE_HELP SP_RECIPE_STDIN_HELP
        SP_SESSION_HELP SP_SET_HELP "  -h, --help             this help\n"
    "\n"
    "exit status: 0 ok, 2 usage or recipe errors, 3 a file the recipe names is\n"
    "missing or unreadable.\n";

static const sp_cli_spec spec = {"plan", help, 1, SIZE_MAX, "no recipe given", NULL, SIZE_MAX};

static void print_text(const char *path, const sp_graph *g, const sp_job *job)
{
  char hex[SP_DIGEST_HEX];
  sp_digest_hex(&job->key, hex);
  fprintf(sp_cli_out(), "%s\n  key %s\n", path, hex);
  int64_t bytes = 0;
  for (size_t i = 0; i < job->n_inputs; i++)
    bytes += job->inputs[i].file.size;
  fprintf(sp_cli_out(), "  inputs: %zu file%s, %.1f MB", job->n_inputs,
          job->n_inputs == 1 ? "" : "s", (double)bytes / 1e6);
  if (job->bytes_read < bytes)
    fprintf(sp_cli_out(), " (%.1f MB read, the rest known from the digest index)",
            (double)job->bytes_read / 1e6);
  fprintf(sp_cli_out(), "\n");
  for (size_t i = 0; i < job->n_plugins; i++)
    fprintf(sp_cli_out(), "  plugin: %s %s\n", job->plugins[i].uri,
            *job->plugins[i].version ? job->plugins[i].version : "(states no version)");
  fprintf(sp_cli_out(), "  prints into %s:", sp_graph_out_dir(g));
  for (size_t i = 0; i < job->n_outputs; i++)
    fprintf(sp_cli_out(), " %s", job->outputs[i].file);
  fprintf(sp_cli_out(), "\n");
}

int sp_cmd_plan(int argc, char **argv)
{
  bool json = false;
  long block_frames = 0;
  sp_cli_input in = {0};
  const sp_arg opts[] = {
      {.name = "json", .kind = SP_ARG_FLAG, .to = &json, .document = true},
      SP_OUTPUT_DIR_ARG(&in.gopts.out_dir, "out/{recipe}"),
      SP_BLOCK_FRAMES_ARG(&block_frames),
      SP_INPUT_ARGS(&in),
      SP_SET_ARG(&in.session),
      {.name = NULL},
  };
  sp_args args;
  int status;
  if (!sp_cli_parse(&spec, opts, argc, argv, &args, &status))
    return status;
  char *index_path = sp_digest_index_default_path();
  sp_digest_index *ix = sp_digest_index_open(index_path);
  free(index_path);
  sp_json *all = json ? sp_report_object() : NULL;
  sp_json *jobs = json ? sp_report_array() : NULL;
  int worst = 0;
  for (size_t i = 0; i < args.n_pos; i++) {
    const char *path = args.pos[i];
    sp_diags d;
    sp_diags_init(&d);
    sp_recipe *r;
    sp_graph *g;
    sp_err err = sp_cli_load(path, &in, &r, &g, &d);
    sp_job job = {0};
    if (err == SP_OK) {
      /* plan has no -j: its inputs are hashed on every CPU */
      sp_job_opts jo = {.block_frames = (size_t)block_frames,
                        .digest = sp_digest_index_file,
                        .digest_ctx = ix,
                        .threads = sp_cli_cpus()};
      err = sp_job_build(g, &jo, &job, &d);
    }
    sp_diags_print(&d, stderr);
    sp_diags_fini(&d);
    if (err == SP_OK && json)
      sp_report_append(jobs, sp_plan_json(path, g, &job));
    else if (err == SP_OK)
      print_text(path, g, &job);
    if ((int)err > worst)
      worst = (int)err;
    sp_job_fini(&job);
    sp_graph_free(g);
    sp_recipe_free(r);
  }
  if (sp_digest_index_note(ix))
    sp_diag_line(stderr, "stemprint: warning: %s", sp_digest_index_note(ix));
  sp_digest_index_close(ix);
  if (json) {
    sp_report_set(all, "schema", sp_report_string(SP_PLAN_SCHEMA));
    sp_report_set(all, "jobs", jobs);
    sp_cli_print_json(all);
  }
  sp_args_fini(&args);
  return worst;
}
