/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DIFF_CAUSE_H
#define SP_DIFF_CAUSE_H

/* Why two recipes' prints differ (`stemprint diff OLD.yaml NEW.yaml`):
 * their canonical recipes (core/job/job.h: every value as parsed, units
 * converted, defaults filled in, files by digest) compared key by key, each
 * changed key at its line in each recipe (sp_recipe_where, or its nearest
 * written parent's; a region's length one gives and the other leaves to
 * its file's end, both playing as many frames, no change), the input files
 * whose digest differs at a place of the canonical recipes (matched by
 * what plays there, not by the key naming it; named as messages name
 * them: a session's file by the session's name), and the prints each
 * changed key reaches through the new graph:
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
 * and the shared processors whose gain follows what they hear (a
 * signal-dependent insert: compressor, limiter, gate, saturate; and
 * master.normalize) that hear a changed key (its node reaches theirs, by
 * any edge, a sidechain key's included) and carry a print that no changed
 * key reaches: linked dynamics. Such a print moved because the processor
 * reacted, and is said to have *followed* it (io/report/diff.h). A print
 * that changed though neither a key nor a link explains it is a finding:
 * a change the recipe does not show. */

#include "core/graph/graph.h"
#include "core/job/job.h"
#include "io/report/diff_set.h"
#include "io/report/report.h"

#include <stdbool.h>

typedef struct sp_diff_key {
  char *path;                 /* "tracks.a.gain" */
  char *old_value, *new_value; /* JSON text; NULL: not in that recipe */
  sp_pos old_at, new_at;      /* lines in each recipe (0: none) */
  /* the files those lines are of where not the recipes' own (a --set:
   * sp_where.from; a member of the recipe's file, ":project.xml" of a
   * DAWproject, after the recipe as it is shown), else NULL */
  char *old_from, *new_from;
  char **reaches;             /* print names (file names in the output folder) */
  size_t n_reaches;
} sp_diff_key;

typedef struct sp_diff_input {
  char *key; /* the recipe path that names it (the new recipe's, where it has one) */
  char *old_path, *new_path; /* as messages name them (sp_region_named); NULL: none there */
  char old_digest[65], new_digest[65]; /* "" where the other recipe has no such input */
  char **reaches;                      /* as its key's */
  size_t n_reaches;
} sp_diff_input;

/* A shared processor that hears a change and carries a print the change
 * does not reach. */
typedef struct sp_diff_link {
  char *processor; /* "master.inserts[0].compressor", "buses.drums.inserts[1].limiter",
                      "master.normalize" */
  size_t *hears;   /* the changed keys it hears (indices of the cause's keys) */
  size_t n_hears;
  char **prints; /* every print whose signal passes through it */
  size_t n_prints;
} sp_diff_link;

typedef struct sp_diff_cause {
  char *old_file, *new_file; /* the recipes' paths */
  sp_diff_key *keys;
  size_t n_keys;
  sp_diff_input *inputs;
  size_t n_inputs;
  sp_diff_link *links;
  size_t n_links;
} sp_diff_cause;

/* Compare the two recipes' jobs and graphs into c. */
void sp_diff_cause_of(const sp_graph *old_g, const sp_job *old_j, const sp_graph *new_g,
                      const sp_job *new_j, sp_diff_cause *c);
void sp_diff_cause_fini(sp_diff_cause *c);

/* Whether the list of print names v[n] holds the item's name in either set. */
bool sp_diff_names_item(char *const *v, size_t n, const sp_diff_item *it);

/* As JSON: {old_recipe, new_recipe, keys, inputs, links}. */
sp_json *sp_diff_cause_json(const sp_diff_cause *c);

#endif
