/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIFF_CAUSE_H
#define SP_DIFF_CAUSE_H

/* Why two recipes' prints differ (`stemprint diff OLD.yaml NEW.yaml`):
 * their canonical recipes (core/job/job.h: every value as parsed, units
 * converted, defaults filled in, files by digest) compared key by key, each
 * changed key at its line in each recipe (sp_recipe_where, or its nearest
 * written parent's), the input files whose digest differs, and the prints
 * each changed key reaches through the new graph:
 *
 *   tracks.NAME... / buses.NAME...  the outputs whose lanes the node carries
 *                                   (mix, stems, linked versions), the printed
 *                                   buses it reaches by its edges, a version
 *                                   of its own when it reaches master, and
 *                                   output.also's copies of each
 *   stems.NAME / versions.NAME      that output (and the mix, for a stem)
 *   anything else (master, output,  every print
 *   sample_rate, ...)
 *
 * A print that changed though no changed key reaches it is a finding:
 * linked dynamics (a bus or master compressor it shares with what
 * changed) or a change the recipe does not show. */

#include "core/graph/graph.h"
#include "core/job/job.h"
#include "io/report/diff_set.h"
#include "io/report/report.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct sp_diff_key {
  char *path;                 /* "tracks.a.gain" */
  char *old_value, *new_value; /* JSON text; NULL: not in that recipe */
  sp_pos old_at, new_at;      /* lines in each recipe (0: none) */
  char **reaches;             /* print names (file names in the output folder) */
  size_t n_reaches;
} sp_diff_key;

typedef struct sp_diff_input {
  char *key; /* the recipe path that names it */
  char *old_path, *new_path;
  char old_digest[65], new_digest[65]; /* "" where the other recipe has no such input */
} sp_diff_input;

typedef struct sp_diff_cause {
  char *old_file, *new_file; /* the recipes' paths */
  sp_diff_key *keys;
  size_t n_keys;
  sp_diff_input *inputs;
  size_t n_inputs;
  char **findings; /* in words */
  size_t n_findings;
} sp_diff_cause;

/* Compare the two recipes' jobs and graphs into c. */
void sp_diff_cause_of(const sp_graph *old_g, const sp_job *old_j, const sp_graph *new_g,
                      const sp_job *new_j, sp_diff_cause *c);
/* The findings: each print of items that differs and no changed key
 * reaches. */
void sp_diff_cause_findings(sp_diff_cause *c, const sp_diff_item *items, size_t n);
void sp_diff_cause_fini(sp_diff_cause *c);

/* In words, a line each (indented), and as JSON ({keys, inputs, findings}). */
void sp_diff_cause_print(FILE *f, const sp_diff_cause *c);
sp_json *sp_diff_cause_json(const sp_diff_cause *c);
/* A list under the Markdown table (nothing when nothing changed). */
void sp_diff_cause_markdown(FILE *f, const sp_diff_cause *c);

#endif
