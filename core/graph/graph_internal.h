/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the graph builder's files share (core/graph*.c, nothing else): the
 * builder that carries a build from one planning step to the next, the
 * error and warning helpers that place a problem at the recipe's
 * file:line:col, and the steps sp_graph_build calls in order. */
#ifndef SP_GRAPH_INTERNAL_H
#define SP_GRAPH_INTERNAL_H

#include "core/graph/graph.h"

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
  char *trusted;      /* with confinement: the recipe's trusted_dir resolved, read only */
} builder;

/* An error at the recipe key path (a dotted path as core/recipe/recipe.h places it). */
void graph_error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning about the recipe, said by the first build of its graph only. */
void graph_warn(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* graph_confine.c */
bool graph_allowed(builder *b, const char *path, bool write, const char *key, const char *what);

/* graph_lanes.c */
bool graph_feeds_via_main(const sp_graph *g, int t, int bus);
int graph_main_dest(const sp_graph *g, int i);
void graph_plan_lanes(builder *b, const sp_graph_opts *opts);
void graph_propagate_lanes(sp_graph *g);
void graph_plan_silence(builder *b, const sp_graph_opts *opts);
void graph_plan_length(builder *b);

/* graph_inserts.c */
void graph_free_resources(sp_node *n);
void graph_probe_inserts(builder *b);
void graph_plan_latency(sp_graph *g);
void graph_plan_tail(builder *b);

/* graph_checks.c */
void graph_check_open_files(builder *b);
void graph_warn_mistakes(builder *b);
void graph_check_links(builder *b);

/* graph_outputs.c */
void graph_plan_outputs(builder *b, const sp_graph_opts *opts);

#endif
