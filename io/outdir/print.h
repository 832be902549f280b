/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_PRINT_H
#define SP_PRINT_H

/* A render into its output folder: what `stemprint render` does with a
 * graph. Before it starts, the free space where the files go is checked
 * (a long render would write until the disk is full, then fail); the
 * engine (core/render/render.h) renders through the graph's media, and its
 * finished outputs land in the folder as one step (io/outdir/outdir.h):
 * under the folder's lock, renamed into place, the recipe's earlier prints
 * it prints no more removed, its record rewritten. On any failure nothing
 * lands, earlier prints stay as they were, and the folders the render made
 * are taken away again. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/render/render.h"

#include <signal.h>
#include <stddef.h>

/* Render g (built with a file-system media: io/audio/media.h) into its
 * output folder as above; the status as sp_render's. opts' deliver is
 * ignored: the files are delivered into the folder. */
sp_err sp_print(const sp_graph *g, const sp_render_opts *opts, sp_render_result *res, sp_diags *d);

/* Land n finished files (temps, under temporary names in g's output
 * folder) at their final paths as one step, as sp_print does: res gets the
 * files removed and the stale temporary files cleared; a record that could
 * not be used is a warning in d (may be NULL). On failure (why says) the
 * files not yet renamed are the caller's to remove. Without force, a
 * print of another recipe's record landed there since the render looked
 * refuses them (sp_outdir_commit.claims). Used by sp_print and by a
 * render served from a cache. */
sp_err sp_print_commit(const sp_graph *g, const char *const *temps, const char *const *finals,
                       size_t n, const volatile sig_atomic_t *cancel, bool force,
                       sp_render_result *res, sp_diags *d, char *why, size_t why_size);

/* output.stem_mp4's file, made from the master set's prints among the n
 * files a commit is to land (finals: their names; temps: where they are),
 * under a temporary name beside the mix's, and appended to temps and
 * finals (*n grows) so that it lands with them in one step; its path and
 * its null test's residual into res. Nothing when the recipe asks for
 * none. A print missing (--only), prints that do not fit or do not sum to
 * the mix: an error at output.stem_mp4 in d, nothing appended. Used by
 * sp_print's delivery and by a render served from a cache. */
sp_err sp_print_stem_file(const sp_graph *g, char ***temps, char ***finals, size_t *n,
                          sp_render_result *res, sp_diags *d);

/* The hardware inserts of g whose sends are among files[0..n) (names in
 * the output folder, as the job's outputs name them: "sends/la2a.wav"),
 * said into d at each insert as sp_print says them when it writes them
 * (the return missing, not marked, or recorded from another send), as
 * warnings. Used by a render served from a cache, whose entry holds the
 * sends its render wrote (a --strict render, for which they are errors
 * that keep the prints from landing, is not served such an entry: it
 * renders). */
void sp_print_sends_said(const sp_graph *g, const char *const *files, size_t n, sp_diags *d);

#endif
