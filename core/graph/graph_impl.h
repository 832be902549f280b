/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_GRAPH_IMPL_H
#define SP_GRAPH_IMPL_H

/* The graph as the engine holds it: for the files of core/graph, which
 * build it, and core/render, which renders it, and no other (the rest ask
 * it core/graph/query.h's questions; tests/test_layers.c keeps it so). */

#include "core/base/strmap.h"
#include "core/graph/graph.h"

struct sp_graph {
  const sp_recipe *recipe;
  const sp_media *media; /* what its files are read and written through (borrowed) */
  double sample_rate;
  sp_node *nodes;
  size_t n_nodes;
  sp_strmap node_names; /* each node's name -> its index (sp_graph_find) */
  sp_edge *edges;
  size_t n_edges;
  int master;
  /* a `to:` refused, a main output's or a send's (said there): which bus
   * it was meant to feed is not known, so no bus is judged by what feeds
   * it */
  bool routes_unknown;
  int *order; /* the schedule: every node once, inputs before outputs */
  bool any_solo;

  size_t n_lanes;
  const char **lane_names; /* stem names, or the mix name for the single lane */
  size_t n_lane_names;     /* of lane_names: the stems (1 without) */
  bool stems;              /* the lanes are stems to print */
  /* Lanes are cells × stems. A cell is a set of tracks that every output
   * either holds whole or not at all: with split: sources, the tracks of a
   * stem that the linked versions treat alike (without versions, a cell is
   * a stem); with split: buses, such a set upstream, landing at master on
   * the lane of the stem whose input it enters (lane = cell·K + stem). For
   * measuring bleed (per_source) every track is a cell of its own. */
  bool per_source;
  size_t lanes_per_cell; /* K for split: buses, else 1 */
  int *lane_stem;        /* [n_lanes]: the stem a lane at master belongs to (-1: none) */
  int *lane_source;      /* [n_lanes]: per_source: the track node; else -1 */

  sp_version_plan *versions; /* [recipe->n_versions] */
  size_t n_versions;

  sp_output_plan *outputs; /* mix, stems, versions, printed buses, rests: in that order */
  size_t n_outputs;

  sp_insert_file *insert_files; /* every file an insert reads, in node order */
  size_t n_insert_files;

  int64_t content_frames; /* the timeline length before tails */
  int64_t tail_frames;    /* rendered after content_frames (auto or as set) */
  bool tail_capped;       /* tail: auto asked for more than the cap */
  int64_t latency;        /* master's output latency, trimmed from every output */
  double floor_db;        /* the output depth's noise floor, for tails */

  bool key_only;      /* planned with sp_graph_opts.key_only: for a cache key, never rendered */
  bool one_insert;    /* planned with sp_graph_opts.only_insert: never rendered */
  char *unheard;      /* the rule of a mix nothing is heard in, in the check's words, where
                         sp_graph_opts.unheard_warns said it: never rendered (sp_graph_unheard) */
  char *out_dir;      /* resolved output folder */
  bool out_dir_given; /* out_dir is sp_graph_opts.out_dir's (render -o), not the recipe's */
  /* The file names (in out_dir) a whole render of the recipe prints: the
   * mix first, then stems, versions and printed buses, so that a render of
   * some of them (--only) knows the others are still prints of this
   * recipe. */
  char **prints;
  size_t n_prints;
  size_t n_master_prints; /* the master set's, first in prints; then each set's in turn */
  /* With master.adm, the files it makes with the prints, in out_dir:
   * {mix}_adm.wav and the mix's re-renders, then each stem's (with
   * stems); recorded with prints. adm_outs[k] plans adm_prints[k]. */
  char **adm_prints;
  size_t n_adm_prints;
  sp_adm_out_plan *adm_outs;
  /* what the ADM BWFs' tracks are made of, in track order */
  sp_adm_src *adm_srcs;
  size_t n_adm_srcs;
  /* With master.adm, its ADM BWF's structure as the build planned and
   * checked it (core/graph/master_adm.c): the beds (master's, then the bed
   * buses' prints), the object buses' objects, then the objects tracks
   * keep, every block; tracks in that order, frames the render's. What
   * core/render/adm_out.c renders. NULL without master.adm. */
  struct sp_adm *adm;
  /* [n_prints]: what print k is: its set (0: the master set; k: output.also
   * [k - 1]), the master print it is made from (an index below
   * n_master_prints), and a multi-mono set's channel (-1: all) */
  struct sp_print_ref {
    int set;
    size_t of;
    int channel;
  } * print_refs;
  sp_derived_plan *derived; /* each output's file in each set of output.also */
  size_t n_derived;
  size_t n_stems; /* the recipe's stems (= n_lanes, unless per_source) */
};

#endif
