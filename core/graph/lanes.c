/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stems and lanes: which track sounds in which stem, how the recipe's stems,
 * versions and printed buses become lanes (one signal per stem through the
 * shared graph), and how far the render runs (silence, length).
 *
 * A track's lane follows it along its main outputs; a bus that sums several
 * stems carries several lanes, and its linked dynamics see their sum. The
 * versions (instrumental, a cappella, TV mixes) are sets of stems, or own
 * renders when they leave out something no stem holds exactly. */

#include "core/graph/builder.h"

#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/recipe/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- stems and lanes ----------------------------------------------------- */

/* The path of stem st's member m as written (sp_recipe_item); heap. */
static char *member_path(const sp_recipe *r, const sp_stem *st, size_t m)
{
  char *list = sp_xasprintf("stems.%s", st->name), *at = sp_recipe_item(r, list, m);
  free(list);
  return at;
}

/* Member name of stem `stem` names nothing: said with the name it likely
 * meant, or, where the stem's own name is near a key of `stems:` (`splt:
 * sources`), that key. */
static void unknown_member(builder *b, const char *stem, const char *name, const char *path,
                           bool tracks_ok)
{
  sp_graph *g = b->g;
  const char *cands[1024];
  size_t n = 0;
  for (size_t k = 0; k < g->n_nodes && n < 1024; k++)
    if (g->nodes[k].kind != SP_NODE_MASTER && (tracks_ok || g->nodes[k].kind == SP_NODE_BUS))
      cands[n++] = g->nodes[k].name;
  const char *near = sp_suggest(name, cands, n);
  const char *key = near ? NULL : sp_suggest(stem, sp_keys_stems, SP_KEY_STEMS_N);
  if (near)
    graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'; did you mean '%s'?", name,
                near);
  else if (key)
    graph_error(b, SP_ERR_USAGE, path,
                "no track or bus named '%s'; '%s' is read as a stem, its list the tracks and "
                "buses it holds: did you mean '%s: %s'?",
                name, stem, key, name);
  else
    graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'", name);
}

/* Whether node i's main output goes round a routing cycle (a -> b -> a)
 * and never ends: every bus of the cycle is then on its way, so which
 * stem it is in cannot be said, and the cycle is the one error to say
 * (the schedule's). */
static bool main_output_loops(const sp_graph *g, int i)
{
  for (size_t hops = 0; hops <= g->n_nodes; hops++)
    if ((i = graph_main_dest(g, i)) < 0)
      return false;
  return true;
}

/* Whether node i is a track only a --set names, playing nothing (a name
 * mistyped), or one of a name the recipe refuses (sp_build_name: one
 * rule, whatever wrote it), each said by the check at the track: no stem
 * is asked of it, which could not list it under that name. */
static bool set_only(const sp_recipe *r, int i)
{
  char why[320];
  return i >= 0 && (size_t)i < r->n_tracks &&
         (r->tracks[i].set_only || !sp_build_name(r->tracks[i].name, "track", why, sizeof why));
}

/* Track t (its main output into bus near, or NULL) of a session's
 * recipe is in no stem: a --set of `stems` left it out of the one the
 * session's rule gave it, or the stems are listed (--stems). The fix as
 * the --set keys that make it: a stem of its own (named apart where its
 * name is a stem's), or its mute (at every point, where it is muted at
 * some: a session's track muted at its output, its sends heard). */
static void in_no_stem_set(builder *b, const sp_track *t, const char *near)
{
  const char *track = t->name;
  char *stem = sp_build_stem_name(b->r->stems, b->r->n_stems, track);
  char *sp = sp_xasprintf("stems.%s", stem), *members = sp_xasprintf("[%s]", track),
       *mp = sp_xasprintf("tracks.%s.%s", track, t->strip.mute ? "mute_points" : "mute");
  /* each as sp_recipe_set_arg writes a --set, to paste as it is said */
  char *give = sp_recipe_set_arg(b->r, sp, members),
       *mute =
           sp_recipe_set_arg(b->r, mp, t->strip.mute ? "[pre_fader, post_fader, main]" : "true");
  graph_error(b, SP_ERR_USAGE, "stems",
              "track '%s' is in no stem; give it one (--set %s), list it%s%s%s in "
              "one (--set 'stems.NAME=[...]'), or mute it (--set %s)",
              track, give, near ? " (or its bus '" : "", near ? near : "", near ? "')" : "", mute);
  free(give);
  free(mute);
  free(mp);
  free(members);
  free(sp);
  free(stem);
}

static bool is_track(const sp_graph *g, int node, const void *ctx)
{
  (void)ctx;
  return g->nodes[node].kind == SP_NODE_TRACK;
}

/* Whether a track reaches node by any of its outputs (main or sends,
 * through buses): what feeds it, walked back. */
static bool reached_by_a_track(const sp_graph *g, int node)
{
  return graph_walk(g, node, true, is_track, NULL) >= 0;
}

/* split: sources: a lane per stem; each unmuted track in exactly one (a
 * track whose main output goes round a cycle in none, and no error). */
static void assign_sources(builder *b)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  int *owner = sp_xcalloc(g->n_nodes, sizeof *owner);
  for (size_t i = 0; i < g->n_nodes; i++)
    owner[i] = -1;
  bool *loops = sp_xcalloc(r->n_tracks + 1, sizeof *loops);
  for (size_t t = 0; t < r->n_tracks; t++)
    loops[t] = main_output_loops(g, (int)t);
  bool known = true; /* every stem's members: else which a track is in is not known */
  for (size_t s = 0; s < r->n_stems; s++) {
    const sp_stem *st = &r->stems[s];
    known &= !st->members_unread;
    for (size_t m = 0; m < st->n_members; m++) {
      char *path = member_path(r, st, m);
      int idx = sp_graph_find(g, st->members[m]);
      known &= idx >= 0 && idx != g->master;
      if (idx < 0 || idx == g->master) {
        if (idx == g->master)
          graph_error(b, SP_ERR_USAGE, path,
                      "'master' holds every track; a stem names tracks or "
                      "buses");
        else
          unknown_member(b, st->name, st->members[m], path, true);
        free(path);
        continue;
      }
      bool is_bus = g->nodes[idx].kind == SP_NODE_BUS;
      size_t found = 0;
      for (size_t t = 0; t < r->n_tracks; t++) {
        if (is_bus ? !graph_feeds_via_main(g, (int)t, idx) : (int)t != idx)
          continue;
        found++;
        if (loops[t])
          continue;
        if (owner[t] >= 0 && owner[t] != (int)s)
          graph_error(b, SP_ERR_USAGE, path,
                      "track '%s'%s%s%s is already in stem '%s'; a track "
                      "belongs to exactly one stem",
                      g->nodes[t].name, is_bus ? " (via bus '" : "", is_bus ? st->members[m] : "",
                      is_bus ? "')" : "", r->stems[owner[t]].name);
        else if (owner[t] == (int)s && !is_bus)
          graph_error(b, SP_ERR_USAGE, path, "track '%s' is listed twice in stem '%s'",
                      g->nodes[t].name, st->name);
        else
          owner[t] = (int)s;
      }
      if (is_bus && found == 0 && !g->routes_unknown) { /* a refused `to:` may have meant it */
        if (reached_by_a_track(g, idx)) /* a return: what it carries is its senders' stems' */
          graph_warn(b, path,
                     "bus '%s' is reached by no track's main output, only by sends (a send's "
                     "share is in the stem of the track that sends it), so it adds nothing to "
                     "stem '%s'",
                     st->members[m], st->name);
        else
          graph_warn(b, path, "bus '%s' is fed by no track, so it adds nothing to stem '%s'",
                     st->members[m], st->name);
      }
      free(path);
    }
  }
  for (size_t t = 0; t < r->n_tracks; t++) {
    if (owner[t] < 0 && !loops[t] && !sp_strip_mutes(&r->tracks[t].strip, SP_MUTE_ALL) &&
        !graph_route_unknown(g, (int)t) && !set_only(r, (int)t) &&
        known) { /* where it goes not known: nor its stem; a name mistyped in a --set: said */
      const char *near_stem = NULL;
      int dst = graph_main_dest(g, (int)t);
      if (dst >= 0 && g->nodes[dst].kind == SP_NODE_BUS)
        near_stem = g->nodes[dst].name;
      if (r->of_session) /* its stems are in no file the user edits: a --set's */
        in_no_stem_set(b, &r->tracks[t], near_stem);
      else
        graph_error(b, SP_ERR_USAGE, "stems",
                    "track '%s' is in no stem; add it (or its bus%s%s%s) to "
                    "one of the stems, or mute it",
                    g->nodes[t].name, near_stem ? " '" : "", near_stem ? near_stem : "",
                    near_stem ? "'" : "");
    }
    g->nodes[t].lane = owner[t];
  }
  free(loops);
  free(owner);
}

/* split: buses: stems name master's inputs; each covered exactly once. */
static void assign_buses(builder *b)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  int *owner = sp_xcalloc(g->n_nodes, sizeof *owner);
  for (size_t i = 0; i < g->n_nodes; i++)
    owner[i] = -1;
  char inputs[512] = "";
  for (size_t i = 0; i < g->n_nodes; i++) {
    if (graph_main_dest(g, (int)i) == g->master && !set_only(r, (int)i)) {
      strncat(inputs, *inputs ? ", " : "", sizeof inputs - strlen(inputs) - 1);
      strncat(inputs, g->nodes[i].name, sizeof inputs - strlen(inputs) - 1);
    }
  }
  bool known = true; /* every stem's members: else which input a stem holds is not known */
  for (size_t s = 0; s < r->n_stems; s++) {
    const sp_stem *st = &r->stems[s];
    known &= !st->members_unread;
    for (size_t m = 0; m < st->n_members; m++) {
      char *path = member_path(r, st, m);
      int idx = sp_graph_find(g, st->members[m]);
      known &= idx >= 0;
      if (idx < 0) {
        unknown_member(b, st->name, st->members[m], path, true);
      } else if (main_output_loops(g, idx) || graph_route_unknown(g, idx)) {
        /* on a cycle: the schedule says so; its `to:` refused: said */
      } else if (graph_main_dest(g, idx) != g->master) {
        known = false;
        graph_error(b, SP_ERR_USAGE, path,
                    "'%s' is not one of master's inputs (%s); with 'split: "
                    "buses' a stem lists master's inputs",
                    st->members[m], inputs);
      } else if (owner[idx] >= 0) {
        graph_error(b, SP_ERR_USAGE, path,
                    "'%s' is already in stem '%s'; each of master's inputs "
                    "belongs to exactly one stem",
                    st->members[m], r->stems[owner[idx]].name);
      } else {
        owner[idx] = (int)s;
      }
      free(path);
    }
  }
  for (size_t e = 0; e < g->n_edges; e++) {
    sp_edge *ed = &g->edges[e];
    if (ed->dst != g->master || ed->kind == SP_EDGE_KEY)
      continue;
    if (owner[ed->src] < 0 && !sp_strip_mutes(g->nodes[ed->src].strip, SP_MUTE_MAIN) &&
        !set_only(r, ed->src) && known)
      graph_error(b, SP_ERR_USAGE, "stems",
                  "'%s' feeds master but is in no stem; with 'split: "
                  "buses' every input of master (%s) must be in one stem",
                  g->nodes[ed->src].name, inputs);
    ed->lane_to = owner[ed->src] >= 0 ? owner[ed->src] : 0;
  }
  for (size_t t = 0; t < r->n_tracks; t++)
    g->nodes[t].lane = 0;
  free(owner);
}

/* Whether track t belongs to stem k (split: sources: assigned to it;
 * split: buses: its main output reaches master through one of k's inputs). */
static bool track_in_stem(const sp_graph *g, int t, size_t k)
{
  if (g->recipe->split == SP_SPLIT_SOURCES)
    return g->nodes[t].lane == (int)k;
  return sp_graph_home_stem(g, t) == (int)k;
}

/* Whether track t's signal reaches stem k at all: its own stem (split:
 * sources: a track's lane, sends and all), or under split: buses any
 * master input its main output or its sends reach, through buses and
 * returns, entering master on k's lane. */
static bool track_reaches_stem(const sp_graph *g, int t, size_t k)
{
  if (g->recipe->split == SP_SPLIT_SOURCES)
    return track_in_stem(g, t, k);
  bool *seen = sp_xcalloc(g->n_nodes + 1, sizeof *seen);
  int *todo = sp_xcalloc(g->n_nodes + 1, sizeof *todo);
  size_t n = 0;
  bool reaches = false;
  todo[n++] = t;
  seen[t] = true;
  while (n > 0 && !reaches) {
    const sp_node *node = &g->nodes[todo[--n]];
    for (size_t j = 0; j < node->n_out && !reaches; j++) {
      const sp_edge *e = &g->edges[node->out[j]];
      if (e->kind == SP_EDGE_KEY)
        continue;
      if (e->dst == g->master) {
        reaches = e->lane_to == (int)k;
      } else if (!seen[e->dst]) {
        seen[e->dst] = true;
        todo[n++] = e->dst;
      }
    }
  }
  free(seen);
  free(todo);
  return reaches;
}

/* What a name in a version stands for. */
typedef enum { NAME_UNKNOWN, NAME_TRACKS, NAME_RETURN } name_kind;

/* The tracks a name in a version stands for, added to set: a stem's, a
 * track, or a bus's (every track whose main output reaches it). A bus that
 * no track's main output reaches (a return, fed by sends) is NAME_RETURN,
 * its node in *bus. */
static name_kind version_name(builder *b, const char *name, bool *set, int *bus)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  for (size_t k = 0; g->stems && k < r->n_stems; k++)
    if (strcmp(r->stems[k].name, name) == 0) {
      for (size_t t = 0; t < r->n_tracks; t++)
        if (track_in_stem(g, (int)t, k))
          set[t] = true;
      return NAME_TRACKS;
    }
  int idx = sp_graph_find(g, name);
  if (idx < 0 || idx == g->master)
    return NAME_UNKNOWN;
  bool any = false;
  for (size_t t = 0; t < r->n_tracks; t++)
    if ((int)t == idx ||
        (g->nodes[idx].kind == SP_NODE_BUS && graph_feeds_via_main(g, (int)t, idx)))
      set[t] = any = true;
  if (!any && g->nodes[idx].kind == SP_NODE_BUS) {
    *bus = idx;
    return NAME_RETURN;
  }
  return NAME_TRACKS;
}

/* Resolve each version to the tracks it leaves out; when that is exactly a
 * union of stems, note them (the version's null relation is checkable). */
static void plan_versions(builder *b, const sp_graph_opts *opts)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  const size_t T = r->n_tracks;
  g->n_versions = r->n_versions;
  g->versions = sp_xcalloc(r->n_versions + 1, sizeof *g->versions);
  const bool quiet = opts && opts->extra_mute; /* an own version's pass: checked already */
  for (size_t v = 0; v < r->n_versions; v++) {
    const sp_version *ver = &r->versions[v];
    sp_version_plan *vp = &g->versions[v];
    vp->v = ver;
    vp->left_out = sp_xcalloc(T + 1, sizeof *vp->left_out);
    vp->muted_nodes = sp_xcalloc(g->n_nodes + 1, sizeof *vp->muted_nodes);
    bool *named = sp_xcalloc(T + 1, sizeof *named), unknown = false;
    size_t returns = 0;
    for (size_t k = 0; k < ver->n_names; k++) {
      int bus = -1;
      name_kind kind = version_name(b, ver->names[k], named, &bus);
      char *path = graph_version_name(r, ver, k);
      /* a stem's or a bus's tracks, a `to:` refused: which they are is
       * not known (the refused one may have meant it) */
      const int idx = sp_graph_find(g, ver->names[k]);
      if (kind != NAME_UNKNOWN && g->routes_unknown &&
          (idx < 0 || g->nodes[idx].kind == SP_NODE_BUS)) {
        unknown = true;
        free(path);
        continue;
      }
      if (kind == NAME_RETURN && ver->mode_unread) { /* (its mode said) */
        unknown = true;
        free(path);
        continue;
      }
      if (kind == NAME_RETURN) {
        /* Lanes carry sources: a linked version can leave out sources (with
         * their sends), not the path through one return. An own version is
         * a render of its own, so it can silence the return itself. */
        if (ver->own && !ver->keep) {
          vp->muted_nodes[bus] = true;
          returns++;
        } else if (!quiet) {
          unknown = true;
          graph_error(b, SP_ERR_USAGE, path,
                      ver->keep
                          ? "'%s' is a return (only sends reach it): 'keep' names the sources "
                            "that sound, stems, tracks or group buses"
                          : "'%s' is a return (only sends reach it), and a linked version "
                            "leaves out sources with their sends, not one return's signal; to "
                            "print the mix without it, give this version 'mode: own'",
                      ver->names[k]);
        }
        free(path);
        continue;
      }
      if (kind == NAME_TRACKS || quiet) {
        free(path);
        continue;
      }
      unknown = true;
      const char **cands = sp_xcalloc(g->n_nodes + r->n_stems + 1, sizeof *cands);
      size_t n = 0;
      for (size_t s = 0; g->stems && s < r->n_stems; s++)
        cands[n++] = r->stems[s].name;
      for (size_t i = 0; i < g->n_nodes; i++)
        if ((int)i != g->master)
          cands[n++] = g->nodes[i].name;
      const char *near = sp_suggest(ver->names[k], cands, n);
      if (near)
        graph_error(b, SP_ERR_USAGE, path, "no stem, track or bus named '%s'; did you mean '%s'?",
                    ver->names[k], near);
      else
        graph_error(b, SP_ERR_USAGE, path, "no stem, track or bus named '%s'", ver->names[k]);
      free(cands);
      free(path);
    }
    size_t sounding = 0;
    for (size_t t = 0; t < T; t++) {
      if (g->nodes[t].silent)
        continue;
      sounding++;
      vp->left_out[t] = ver->keep ? !named[t] : named[t];
      vp->n_left_out += vp->left_out[t];
      vp->muted_nodes[t] = vp->left_out[t];
    }
    free(named);
    char *path = sp_xasprintf("versions.%s", ver->name);
    if (!quiet && !unknown && ver->n_names > 0 && vp->n_left_out == 0 && returns == 0)
      graph_error(b, SP_ERR_USAGE, path,
                  "version '%s' leaves out nothing: it would print the mix again; %s", ver->name,
                  ver->keep ? "keep fewer stems or tracks"
                            : "mute a stem, track or bus that sounds");
    else if (!quiet && !unknown && ver->n_names > 0 && vp->n_left_out == sounding)
      graph_error(b, SP_ERR_USAGE, path,
                  "version '%s' leaves out every track: it would print silence", ver->name);
    free(path);
    /* Exactly a union of stems? */
    if (g->stems && vp->n_left_out > 0) {
      bool *covered = sp_xcalloc(T + 1, sizeof *covered), exact = true;
      vp->stems_left_out = sp_xcalloc(r->n_stems, sizeof *vp->stems_left_out);
      for (size_t k = 0; k < r->n_stems && exact; k++) {
        size_t in = 0, out = 0;
        /* a stem is left out whole when every track that reaches it
         * (through its sends too) is left out, kept whole when none is */
        for (size_t t = 0; t < T; t++)
          if (!g->nodes[t].silent && track_reaches_stem(g, (int)t, k))
            vp->left_out[t] ? in++ : out++;
        if (in > 0 && out > 0)
          exact = false;
        else if (in > 0)
          vp->stems_left_out[vp->n_stems_left_out++] = (int)k;
      }
      for (size_t t = 0; t < T && exact; t++)
        if (vp->left_out[t]) {
          bool any = false;
          for (size_t k = 0; k < vp->n_stems_left_out && !any; k++)
            any = track_reaches_stem(g, (int)t, (size_t)vp->stems_left_out[k]);
          exact = any;
        }
      if (!exact) {
        free(vp->stems_left_out);
        vp->stems_left_out = NULL;
        vp->n_stems_left_out = 0;
      }
      free(covered);
    }
  }
}

/* Cells: tracks grouped by everything an output can tell apart. */
static void plan_cells(sp_graph *g)
{
  const sp_recipe *r = g->recipe;
  const size_t T = r->n_tracks;
  const bool buses = g->stems && r->split == SP_SPLIT_BUSES;
  const size_t K = buses ? r->n_stems : 1;
  /* A track's signature: whether each linked version leaves it out and,
   * per source, itself. Cells are made per group (a stem under split:
   * sources, else everything), in track order. */
  const size_t W = 1 + r->n_versions;
  int *sig = sp_xcalloc((T + 1) * W, sizeof *sig);
  for (size_t t = 0; t < T; t++) {
    int *x = sig + t * W;
    x[0] = g->per_source ? (int)t : -1;
    for (size_t v = 0; v < r->n_versions; v++)
      x[1 + v] = !g->versions[v].v->own && g->versions[v].left_out[t];
  }
  const size_t n_groups = g->stems && !buses ? r->n_stems : 1;
  int *cell_of = sp_xcalloc(T + 1, sizeof *cell_of);
  int *first = NULL, *group = NULL; /* per cell: its first track (-1: none), its group */
  size_t C = 0, cap = 0;
  for (size_t grp = 0; grp < n_groups; grp++) {
    size_t begin = C;
    for (size_t t = 0; t < T; t++) {
      int lane = g->nodes[t].lane;
      if (lane < 0 || (n_groups > 1 && (size_t)lane != grp))
        continue;
      size_t c = begin;
      while (c < C && memcmp(sig + (size_t)first[c] * W, sig + t * W, W * sizeof *sig) != 0)
        c++;
      if (c == C) {
        SP_GROW(first, C, cap);
        group = sp_xreallocarray(group, cap, sizeof *group);
        first[C] = (int)t;
        group[C++] = (int)grp;
      }
      cell_of[t] = (int)c;
    }
    if (C == begin) { /* a stem with no track still prints (silence) */
      SP_GROW(first, C, cap);
      group = sp_xreallocarray(group, cap, sizeof *group);
      first[C] = -1;
      group[C++] = (int)grp;
    }
  }
  g->lanes_per_cell = K;
  g->n_lanes = C * K;
  g->lane_stem = sp_xcalloc(g->n_lanes, sizeof *g->lane_stem);
  g->lane_source = sp_xcalloc(g->n_lanes, sizeof *g->lane_source);
  for (size_t c = 0; c < C; c++)
    for (size_t k = 0; k < K; k++) {
      size_t l = c * K + k;
      g->lane_source[l] = g->per_source ? first[c] : -1;
      g->lane_stem[l] = !g->stems ? -1 : buses ? (int)k : group[c];
    }
  for (size_t t = 0; t < T; t++)
    if (g->nodes[t].lane >= 0)
      g->nodes[t].lane = cell_of[t] * (int)K;
  free(sig);
  free(cell_of);
  free(first);
  free(group);
}

void graph_plan_lanes(builder *b, const sp_graph_opts *opts)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  g->stems = r->has_stems && r->n_stems > 0;
  g->n_lanes = g->stems ? r->n_stems : 1;
  g->n_lane_names = g->stems ? r->n_stems : 1;
  g->lane_names = sp_xcalloc(g->n_lane_names, sizeof *g->lane_names);
  if (g->stems) {
    for (size_t s = 0; s < r->n_stems; s++) {
      g->lane_names[s] = r->stems[s].name; /* a name clash is plan_outputs' to report */
    }
    if (r->split == SP_SPLIT_SOURCES)
      assign_sources(b);
    else
      assign_buses(b);
  } else {
    g->lane_names[0] = r->output.mix;
    for (size_t t = 0; t < r->n_tracks; t++)
      g->nodes[t].lane = 0;
  }
  plan_versions(b, opts);
  g->per_source = opts && opts->per_source && g->stems;
  plan_cells(g);
}

void graph_propagate_lanes(sp_graph *g)
{
  for (size_t i = 0; i < g->n_nodes; i++)
    g->nodes[i].lanes = sp_xcalloc(g->n_lanes, sizeof(bool));
  for (size_t k = 0; k < g->n_nodes; k++) {
    sp_node *n = &g->nodes[g->order[k]];
    if (n->silent)
      continue;
    if (n->kind == SP_NODE_TRACK) {
      if (n->lane >= 0 && n->n_regions > 0)
        n->lanes[n->lane] = true;
      continue;
    }
    for (size_t j = 0; j < n->n_in; j++) {
      const sp_edge *e = &g->edges[n->in[j]];
      if (e->kind == SP_EDGE_KEY)
        continue;
      const sp_node *src = &g->nodes[e->src];
      for (size_t l = 0; l < g->n_lanes; l++)
        if (src->lanes[l])
          n->lanes[e->lane_to >= 0 ? l + (size_t)e->lane_to : l] = true;
    }
  }
}

void graph_plan_silence(builder *b, const sp_graph_opts *opts)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < b->r->n_tracks; i++)
    g->any_solo |= b->r->tracks[i].strip.solo;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    /* a solo's silence takes the mute points too, as Ardour's MuteMaster;
     * its mute refused (said): what it silences is not known, and it is
     * judged as sounding (as a `mute:` refused, false by default, is),
     * unless another track's solo silences it, whatever its mute */
    const bool muted = (n->strip->mute && !n->strip->mute_unread) ||
                       (n->kind == SP_NODE_TRACK && g->any_solo && !n->strip->solo);
    const unsigned pts = sp_strip_mute_points(n->strip);
    n->silent = muted && pts == SP_MUTE_ALL;
    n->muted_at = muted && !n->silent ? pts : 0;
    if (opts && opts->extra_mute && opts->extra_mute[i]) {
      n->silent = true;
      n->muted_at = 0;
    }
  }
}

void graph_plan_length(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  if (!r->length_auto) {
    g->content_frames = sp_time_frames(r->length, r->sample_rate);
    return;
  }
  /* What sounds in the mix: not muted, not silenced by another's solo. An
   * own version's extra mutes do not count, so every file of a render
   * shares the mix's length. */
  int64_t end = 0;
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_node *n = &g->nodes[i];
    if ((n->strip->mute || (g->any_solo && !n->strip->solo)) &&
        sp_strip_mute_points(n->strip) == SP_MUTE_ALL)
      continue;
    for (size_t k = 0; k < n->n_regions; k++)
      if (n->regions[k].at + n->regions[k].length > end)
        end = n->regions[k].at + n->regions[k].length;
  }
  g->content_frames = end;
}

/* Every region that plays holds its file open; refuse a recipe whose
 * regions playing at once need more files than the process may open,
 * before it fails half-way with "Too many open files". */
