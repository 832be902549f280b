/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DEPFILE_H
#define SP_DEPFILE_H

/* Makefile dependency files (`stemprint render --depfile`): a rule per
 * render saying which files its prints were made from, so that make
 * renders a song again when its recipe, a source or an impulse response
 * changed (recipes/album/Makefile uses them). */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/render/render.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The rule of one render of g (heap text, ending in a newline; free it):
 *
 *   OUTPUTS [ADM...] [ALSO...] : \
 *     RECIPE \
 *     SOURCE ... IR ...
 *
 * the targets every output res printed, the files master.adm's step made
 * beside them (the ADM BWFs and their re-renders, as a render skipping
 * skip's outputs makes them: core/graph/query.h's sp_graph_adm_made; skip
 * may be NULL), then also[0..n_also) (the --report and --html files, made
 * by the same render); the
 * prerequisites the recipe, then every file the job of the render reads
 * (core/job/job.h's sp_job_list: the inputs plan --json lists and the key
 * hashes, a folder by each file in it, and each plugin's library), each
 * once, in the job's order, but those of stemprint's own cache; after
 * the rule, each prerequisite but the recipe's empty rule ("\nFILE:\n",
 * gcc -MP's), so that one gone makes the render run again instead of
 * stopping make. Names are written as GNU make reads them back
 * (sp_fs_make_escape; a '%' quoted in a target alone). failed (a check
 * failed): the targets also depend on OUT_DIR/.stemprint/BASE.check-failed,
 * a file that never exists, given an empty rule of its own (like gcc
 * -MP's), so make renders them again next time instead of taking the
 * failed prints for up-to-date ones. */
char *sp_depfile_rule(const sp_graph *g, const sp_render_result *res, const bool *skip,
                      const char *const *also, size_t n_also, bool failed);

/* Whether make can be told every name the rule of a render of g would
 * hold (sp_fs_make_refuses): the outputs skip does not skip and the files
 * master.adm, output.also and output.stem_mp4 make beside them,
 * also[0..n_also), the never-existing file of a failed check's rule, and
 * every file the render reads. false: the first it cannot, said into d as
 * an error at the recipe's key that names it (sp_depfile_refusal), the
 * fix with it. Asked before anything renders, so that a render that
 * cannot write its depfile writes nothing. */
bool sp_depfile_names_ok(const sp_graph *g, const bool *skip, const char *const *also,
                         size_t n_also, sp_diags *d);

/* OUT_DIR/.stemprint/BASE.check-failed: the file a failed check's rule
 * (a recipe's, an album's: BASE its recipe's base name, OUT_DIR the
 * folder of its record) depends on, which never exists (heap). */
char *sp_depfile_never(const char *out_dir, const char *base);

/* A failed check's end of a rule, written after its last prerequisite:
 * " \\\n  " and sp_depfile_never's file as one more prerequisite, then
 * that file's empty rule ("FILE:", no newline), so that make runs the
 * rule again next time instead of taking the failed files for up-to-date
 * ones. */
void sp_depfile_failed(FILE *f, const char *out_dir, const char *base);

/* Why make cannot be told path (a target's where target), said for
 * --depfile with its fix (heap); NULL: it can. */
char *sp_depfile_refusal(const char *path, bool target);

/* The prerequisites of a render of g, as sp_depfile_rule writes them
 * after its colon: " \\\n  " and each file, escaped for make, once; and
 * into rules (unless NULL) each's empty rule but the recipe's, "\nFILE:\n". */
void sp_depfile_inputs(const sp_graph *g, FILE *f, FILE *rules);

/* Write the rules (n of them; NULL ones are skipped) one after another to
 * path, safely (temporary file, rename), creating path's folder when it is
 * missing. SP_ERR_IO with the reason in why when it cannot be written. */
sp_err sp_depfile_write(const char *path, const char *const *rules, size_t n, char *why,
                        size_t why_size);

#endif
