/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the steps of a graph build share (the files of core/graph, nothing
 * outside it): the builder that carries a build from one step to the
 * next, the error and warning helpers that place a problem at the
 * recipe's file:line:col, and each step's entry points, in the order
 * core/graph/build.c runs them. Every step includes it. */
#ifndef SP_GRAPH_BUILDER_H
#define SP_GRAPH_BUILDER_H

#include "core/base/strmap.h"
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
  bool unheard_warns;      /* sp_graph_opts.unheard_warns */
  /* The MIDI files this build has read, each once however many regions
   * play it, by name and (those read) by identity (sp_media.identity),
   * each to its place in midi (core/graph/notes.c); freed when the build
   * ends */
  struct graph_midi *midi;
  size_t n_midi, cap_midi;
  sp_strmap midi_names, midi_files;
} builder;

/* The path of region k of track node n's `regions:`, version v's name k
 * (of its `keep:` or `mute:`), as the recipe wrote them
 * (sp_recipe_item); heap. */
char *graph_region_path(const builder *b, const sp_node *n, size_t k);
char *graph_version_name(const sp_recipe *r, const sp_version *v, size_t k);

/* An error at the recipe key path (a dotted path as core/recipe/recipe.h places it). */
void graph_error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning about the recipe, said by the first build of its graph only. */
void graph_warn(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A mix nothing is heard in, at path: an error (check, render), or a
 * warning where the recipe is built to be written (sp_graph_opts.
 * unheard_warns: import's), in the same words. */
void graph_unheard(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Confinement (--confine, --confine-to, core/graph/confine.c): whether the
 * recipe may use path (a file it reads, or, write, its output folder):
 * always without confinement; with it, when path resolves inside a root,
 * or a file it reads inside its trusted folder. Says why not at key,
 * naming what ("the file"). */
bool graph_allowed(builder *b, const char *path, bool write, const char *key, const char *what);

/* ---- the recipe's strips as nodes, their outputs, sends and keys as
 * edges (core/graph/routing.c) -------------------------------------------- */

/* A node per track, bus and master, in recipe order (master last). */
void graph_build_nodes(builder *b);
/* An edge per main output, send and key, each destination resolved. */
void graph_build_edges(builder *b);

/* ---- sources (core/graph/sources.c): every track's regions planned in
 * session frames (core/graph/graph.h: sp_region_plan) -------------------- */

/* Plan every region of every track: its file probed (readable, at most
 * two channels, the region inside it), its place, fades and gain. */
void graph_plan_sources(builder *b);

/* ---- an instrument track's MIDI regions (core/graph/notes.c): each
 * region's file read through the graph's media, the part it picks
 * (`track:`, `channel:`), its place on the timeline, and the track's
 * schedule of events that its instrument plays (sp_node.events,
 * core/dsp/events.h) -------------------------------------------------------- */

/* Plan the MIDI regions of track t into n (its regions and its events). */
void graph_plan_notes(builder *b, sp_node *n, const sp_track *t);
/* Free the MIDI files the build read (b->midi). */
void graph_notes_fini(builder *b);

/* ---- inserts (core/graph/inserts.c): their resources loaded through the
 * graph's media, their latency and tails as data, and the delays that
 * keep every path to an output sample-aligned ----------------------------- */

/* Prepare every insert once: what only a processor can check (a frequency
 * above Nyquist, an unreadable IR) is reported now, before anything
 * renders, and each insert's latency and tail become data for the planner. */
void graph_probe_inserts(builder *b);
/* A key-only plan's inserts (built without errors, so every one loaded)
 * prepared and probed now, or, like given, their probes taken from like,
 * a graph of the same recipe whose inserts were probed (an own version's
 * plan takes its recipe's). */
void graph_probe_again(builder *b, const sp_graph *like);
/* Walk the schedule once: a node's input latency is the largest among its
 * inputs (keys: less the latency of the inserts before the keyed one), its
 * output adds its inserts'; every input arriving earlier gets a delay. */
void graph_plan_latency(sp_graph *g);
/* The tails along every path, and the render's tail (`tail: auto`). */
void graph_plan_tail(builder *b);
/* Free n's inserts as graph_probe_inserts planned them (n->ins), what it
 * loaded and what their classes hold. */
void graph_free_inserts(sp_node *n);

/* ---- routes (core/graph/routes.c): how each main output and send carries
 * its source's channels into its destination's ----------------------------
 *
 *   mono or stereo into stereo, placed by `pan`   the pan laws (no matrix)
 *   into anything else, or placed by a position,  a matrix of gains,
 *     named channels or with an LFE feed            destination × source:
 *       a position (pan: {azimuth, ...}, or a plain pan read as an
 *         azimuth across the front pair): VBAP (core/dsp/vbap.h), a
 *         stereo source's channels at ±30° × width around it
 *       `channels: [C]`: straight into the channels so named
 *       a layout into the same layout: channel to channel
 *       a layout into another: its `fold:` (core/dsp/fold.h), required
 *       `lfe:` a row into the destination's LFE: the channels' sum
 *
 * A position that moves (an azimuth or elevation with breakpoints) leaves
 * the matrix to the renderer, at each control period. */

/* Plan every main and send edge's matrix (after the inserts are probed:
 * each node's channels and layout are known). */
void graph_plan_routes(builder *b);
/* A position's azimuth a (each point as written, -180 .. 180) as the
 * panner moves it: the short way round, 150 to -150 passing behind
 * through 180 (each point within 180 of the one before; the points past
 * ±180 VBAP reads as the same places). A copy (heap: sp_auto_free, then
 * free); a point out of -180 .. 180 (refused by the check) as written,
 * and the point after it. In time linear in a's points, however many
 * turns they make. */
sp_auto *graph_azimuth_path(const sp_auto *a);

/* ---- the schedule (core/graph/schedule.c): every node once, inputs
 * before outputs ----------------------------------------------------------- */

/* Fill g->order; false (each cycle reported as `a -> b -> a`) when the
 * routing has a cycle. */
bool graph_schedule(builder *b);

/* ---- stems and lanes (core/graph/lanes.c): who is silent, which lane each
 * track feeds, the versions and cells, the lanes every node carries, and
 * how long the timeline is ------------------------------------------------- */

/* Mute and solo (and opts->extra_mute) into each node's silent. */
void graph_plan_silence(builder *b, const sp_graph_opts *opts);
/* The stems, versions and cells as lanes; each track's lane. */
void graph_plan_lanes(builder *b, const sp_graph_opts *opts);
/* The lanes each node carries, along the schedule. */
void graph_propagate_lanes(sp_graph *g);
/* The timeline's length: the last region's end, or the recipe's length. */
void graph_plan_length(builder *b);

/* ---- outputs (core/graph/outputs.c): the output folder, and the files a
 * render prints into it ----------------------------------------------------- */

/* What the render writes, and where: the mix, the stems, the versions and
 * the printed buses; every file name once, none of them an input. */
void graph_plan_outputs(builder *b, const sp_graph_opts *opts);
/* Every output aligned, after the latencies are planned: master's latency,
 * or a printed bus's if larger; under `latency: ignore` none, each as late
 * as it plays, and only the render's early start (graph_plan_latency) is
 * trimmed. */
void graph_plan_delays(sp_graph *g);

/* ---- master.adm planned with the graph (core/graph/master_adm.c) -------- */

/* With master.adm, after the outputs and the render's length are planned:
 * its ADM BWF's structure (g->adm), where its tracks come from (g->adm_srcs)
 * and every rule of it, each broken one an error at its recipe key
 * (g->adm stays NULL then). */
void graph_plan_master_adm(builder *b);

/* ---- the last checks (core/graph/checks.c): what a recipe can say that a
 * render could not do, or probably did not mean ---------------------------- */

/* As many regions playing at once as the process may open files. */
void graph_check_open_files(builder *b);
/* Warnings for recipes that are valid but probably not what was meant. */
void graph_warn_mistakes(builder *b);
/* Inserts that split into stems: their link floors, against the largest
 * a null test can take (SP_LINK_FLOOR_MAX_DBFS). */
void graph_check_links(builder *b);
/* The distinct stems node n carries (a bleed measurement's lanes: its
 * tracks), listed whole in *names ("a, b"; heap, "" for none); their
 * count. What graph_check_links and a restem (core/graph/restem.c) say a
 * bus carries. */
size_t graph_carried(const sp_graph *g, const sp_node *n, char **names);

#endif
