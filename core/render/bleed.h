/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_BLEED_H
#define SP_BLEED_H

/* The bleed matrix: how much of each source reaches each stem, measured.
 *
 * The recipe's graph is built with a lane per source (and per stem for
 * split: buses) and rendered once, writing nothing; master's lanes are then
 * each source's share of each stem through the real routing, inserts and
 * linked dynamics. A source's home stem is sp_graph_home_stem's; any other
 * stem it reaches is bleed. */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/recipe/recipe.h"
#include "core/render/render.h"

#include <stddef.h>

typedef struct sp_bleed {
  size_t n_sources, n_stems;
  const char **sources; /* [n_sources]: track names (borrowed from the recipe) */
  const char **stems;   /* [n_stems]: stem names (borrowed) */
  double *db;           /* [n_sources × n_stems]: dBFS RMS over the render and the stem's
                           channels (the file's); -inf: nothing */
  const sp_layout *layout; /* the stems' (master's) */
  double *db_channel;      /* [n_sources × n_stems × layout->n]: each channel's dBFS RMS */
  double *loudest;         /* [n_sources × n_stems]: the loudest channel's, what
                              --max-bleed judges */
  int *home;            /* [n_sources]: home stem, -1 none */
  bool *silent;         /* [n_sources]: muted or silenced by solo */
  size_t n_bleed;       /* cells off home above -inf */
} sp_bleed;

/* Measure r's bleed (r must have stems), its files read through media.
 * opts: the graph options to build
 * with (out_dir), per_source is set here. The recipe's graph has been built
 * before (sp_cli_load): its warnings are not said again. ropts (may be
 * NULL): the render's threads, block size, cancel flag and progress
 * callback (one measuring pass); the rest is the measurement's own.
 * Problems go to d; returns their exit status (SP_ERR_RENDER cancelled). */
sp_err sp_bleed_measure(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                        const sp_render_opts *ropts, sp_bleed *out, sp_diags *d);
void sp_bleed_fini(sp_bleed *b);

#endif
