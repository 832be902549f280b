/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the steps of a graph build share (the files of core/graph, nothing
 * outside it): the builder that carries a build from one step to the
 * next, and the error and warning helpers that place a problem at the
 * recipe's file:line:col. Every step includes it; core/graph/build.c runs
 * the steps in order. */
#ifndef SP_GRAPH_BUILDER_H
#define SP_GRAPH_BUILDER_H

#include "core/graph/graph_impl.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct builder {
  const sp_recipe *r;
  sp_graph *g;
  sp_diags *d;
  const char **names; /* every node name, for suggestions */
  bool rebuild;       /* sp_graph_opts.rebuild: the warnings were said already */
  char **roots;       /* confinement (sp_graph_opts.confine): resolved folders; NULL: none */
  size_t n_roots;
  char *trusted;           /* with confinement: the recipe's trusted_dir resolved, read only */
  bool key_only;           /* sp_graph_opts.key_only */
  const char *only_insert; /* sp_graph_opts.only_insert */
  int threads;             /* sp_graph_opts.threads */
  /* The MIDI files this build has read, each once however many regions
   * play it (core/graph/notes.c); freed when the build ends */
  struct graph_midi *midi;
  size_t n_midi, cap_midi;
} builder;

/* An error at the recipe key path (a dotted path as core/recipe/recipe.h places it). */
void graph_error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning about the recipe, said by the first build of its graph only. */
void graph_warn(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
