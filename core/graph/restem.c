/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Restem: the stems a recipe can print where its graph refuses the ones it
 * names at a hardware insert. Outboard gear is played back from one
 * recording of its input; on a bus that carries several stems that
 * recording is of their sum, and no stem can be linked through an unknown
 * unit (core/graph/checks.c refuses it). What can be printed is the bus as
 * a stem of its own:
 *
 *   stems: {drums: [kick, snare], music: [keys, gtr]}
 *   bus crush (a hardware insert), fed by snare's output and a send of keys
 *     ─► stems: {drums: [kick], crush: [snare, keys], music: [gtr]}
 *
 * A track is in one stem whole, its other paths with it: keys' own way to
 * master is in 'crush' too. Buses that share a track are one stem (named
 * after the one that takes the most tracks); a bus of buses takes their
 * tracks. Stems left with no track that sounds are gone; the others keep
 * their lists as written. Through master every stem passes the unit, so
 * none is printed: the mix alone. The lanes then add up to the mix as
 * ever, and the stems null against it.
 *
 * The caller (cmd/cli.c) builds the recipe again with these stems and
 * keeps them only where that build is clean, as with a session's restem;
 * under --strict it says the same words as errors. A session's restem
 * (sp_session_restem) is another policy, not this one again: it replaces
 * stems nobody wrote by the importer's next guess (docs/design.md says
 * why they stay two). */

#include "core/graph/builder.h"

#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether s runs an outboard insert (not bypassed for good). */
static bool has_outboard(const sp_strip *s)
{
  for (size_t k = 0; k < s->n_inserts; k++)
    if ((s->inserts[k].cls->flags & SP_PROC_OUTBOARD) && !s->inserts[k].bypass)
      return true;
  return false;
}

/* Union-find over nodes: the root of i's group. */
static int root(int *up, int i)
{
  while (up[i] != i)
    i = up[i] = up[up[i]];
  return i;
}

/* reach[t] set for each track t whose signal reaches node to (its main
 * output or a send, through buses; keys carry no signal of a stem). */
static void reaching(const sp_graph *g, int to, bool *reach)
{
  bool *seen = sp_xcalloc(g->n_nodes, sizeof *seen);
  int *todo = sp_xcalloc(g->n_nodes, sizeof *todo);
  size_t n = 0;
  todo[n++] = to;
  seen[to] = true;
  while (n > 0) {
    const sp_node *node = &g->nodes[todo[--n]];
    if (node->kind == SP_NODE_TRACK)
      reach[todo[n]] = true;
    for (size_t j = 0; j < node->n_in; j++) {
      const sp_edge *e = &g->edges[node->in[j]];
      if (e->kind != SP_EDGE_KEY && !seen[e->src]) {
        seen[e->src] = true;
        todo[n++] = e->src;
      }
    }
  }
  free(seen);
  free(todo);
}

/* Whether track t reaches master by a path that passes none of the
 * nodes in group (its signal there printed in the group's stem too). */
static bool reaches_past(const sp_graph *g, int t, int *up, int group)
{
  bool *seen = sp_xcalloc(g->n_nodes, sizeof *seen);
  int *todo = sp_xcalloc(g->n_nodes, sizeof *todo);
  size_t n = 0;
  bool past = false;
  todo[n++] = t;
  seen[t] = true;
  while (n > 0 && !past) {
    const sp_node *node = &g->nodes[todo[--n]];
    for (size_t j = 0; j < node->n_out && !past; j++) {
      const sp_edge *e = &g->edges[node->out[j]];
      if (e->kind == SP_EDGE_KEY || seen[e->dst] || (up[e->dst] >= 0 && root(up, e->dst) == group))
        continue;
      past = e->dst == g->master;
      seen[e->dst] = true;
      todo[n++] = e->dst;
    }
  }
  free(seen);
  free(todo);
  return past;
}

/* Whether node i's signal reaches master (its output or a send, through
 * buses): a cue bus's (`to: none`) does not, and is no stem's. */
static bool reaches_master(const sp_graph *g, int i)
{
  int *no_group = sp_xcalloc(g->n_nodes, sizeof *no_group);
  for (size_t j = 0; j < g->n_nodes; j++)
    no_group[j] = -1;
  const bool reaches = i == g->master || reaches_past(g, i, no_group, -1);
  free(no_group);
  return reaches;
}

/* Whether name is taken by a stem of r other than those gone (gone[s]),
 * a group's name chosen before (names[0 .. n)), a version, a printed bus
 * or the mix. */
static bool taken(const sp_recipe *r, const char *name, const bool *gone, char **names, size_t n)
{
  for (size_t s = 0; s < r->n_stems; s++)
    if (!gone[s] && strcmp(r->stems[s].name, name) == 0)
      return true;
  for (size_t i = 0; i < n; i++)
    if (names[i] && strcmp(names[i], name) == 0)
      return true;
  for (size_t v = 0; v < r->n_versions; v++)
    if (strcmp(r->versions[v].name, name) == 0)
      return true;
  for (size_t b = 0; b < r->n_buses; b++)
    if (r->buses[b].strip.print && strcmp(r->buses[b].name, name) == 0)
      return true;
  return r->output.mix && strcmp(r->output.mix, name) == 0;
}

/* What a restem decides, node by node and track by track. */
typedef struct plan {
  const sp_graph *g;
  const sp_recipe *r;
  size_t T;      /* tracks (nodes 0 .. T) */
  int *stem_of;  /* [T]: each track's stem, -1: none */
  int *up;       /* [n_nodes]: a refused bus's group (union-find), -1: not refused */
  int *group_of; /* [T]: the group a track moves into (its root), -1: it stays */
  char **names;  /* [n_nodes]: a group root's stem name; NULL elsewhere */
  size_t *count; /* [n_nodes]: a refused bus's tracks */
  bool *gone;    /* [n_stems]: a stem left with no track that sounds */
  bool *changed; /* [n_stems]: a stem that gives up tracks */
} plan;

static void plan_fini(plan *p)
{
  free(p->stem_of);
  free(p->up);
  free(p->group_of);
  sp_free_strings(p->names, p->g->n_nodes);
  free(p->count);
  free(p->gone);
  free(p->changed);
}

/* The groups of the refused buses (refused[i]) and the tracks each takes;
 * false where a group's name cannot be made. */
static bool plan_groups(plan *p, const bool *refused)
{
  const sp_graph *g = p->g;
  const size_t N = g->n_nodes, T = p->T, S = p->r->n_stems;
  bool *reach = sp_xcalloc(N + 1, sizeof *reach); /* [N]: the tracks reaching bus i */
  int *first = sp_xcalloc(T + 1, sizeof *first);  /* the first refused bus a track reaches */
  for (size_t t = 0; t < T; t++)
    first[t] = -1;
  for (size_t i = 0; i < N; i++) {
    p->up[i] = refused[i] ? (int)i : -1;
    if (!refused[i])
      continue;
    memset(reach, 0, N * sizeof *reach);
    reaching(g, (int)i, reach);
    for (size_t t = 0; t < T; t++) {
      if (!reach[t] || p->stem_of[t] < 0 || g->nodes[t].silent)
        continue;
      p->count[i]++;
      if (first[t] < 0)
        first[t] = (int)i;
      else
        p->up[root(p->up, (int)i)] = root(p->up, first[t]);
    }
  }
  for (size_t t = 0; t < T; t++)
    if ((p->group_of[t] = first[t] >= 0 ? root(p->up, first[t]) : -1) >= 0)
      p->changed[p->stem_of[t]] = true;
  for (size_t s = 0; s < S; s++) { /* gone: giving up tracks, it has none left that sounds */
    p->gone[s] = p->changed[s];
    for (size_t t = 0; t < T && p->gone[s]; t++)
      p->gone[s] = !(p->stem_of[t] == (int)s && p->group_of[t] < 0 && !g->nodes[t].silent);
  }
  bool ok = true;
  for (size_t i = 0; i < N && ok; i++) { /* a group is named after its largest bus */
    if (p->up[i] < 0 || root(p->up, (int)i) != (int)i)
      continue;
    int best = (int)i;
    for (size_t j = 0; j < N; j++)
      if (p->up[j] >= 0 && root(p->up, (int)j) == (int)i && p->count[j] > p->count[best])
        best = (int)j;
    const char *bus = g->nodes[best].name;
    char *name = sp_xstrdup(bus);
    if (taken(p->r, name, p->gone, p->names, N)) {
      free(name);
      name = sp_xasprintf("%s_bus", bus);
    }
    ok = sp_build_valid_name(name) && !taken(p->r, name, p->gone, p->names, N);
    p->names[i] = name;
  }
  free(reach);
  free(first);
  return ok;
}

/* r's stems (taken into was) set as p plans them: each kept as written,
 * or its tracks that stay, or gone; each group's stem where the first
 * stem it takes from was, placed at its bus's first hardware insert. */
static void set_stems(const plan *p, sp_recipe *r, sp_build_stems *was)
{
  const sp_graph *g = p->g;
  /* the places to give them, and the files they are in (a session's
   * elements', a --set's), read before r's stems are taken */
  const size_t S = r->n_stems, N = g->n_nodes;
  sp_pos *at = sp_xcalloc(S + N + 1, sizeof *at);
  char **in = sp_xcalloc(S + N + 1, sizeof *in);
  for (size_t s = 0; s < S; s++) {
    char *path = sp_xasprintf("stems.%s", r->stems[s].name);
    const sp_where *w = sp_recipe_origin(r, path);
    at[s] = w ? w->pos : (sp_pos){0, 0};
    in[s] = w && w->from ? sp_xstrdup(w->from) : NULL;
    free(path);
  }
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; p->names[i] && k < g->nodes[i].strip->n_inserts && !at[S + i].line; k++)
      if (g->nodes[i].strip->inserts[k].cls->flags & SP_PROC_OUTBOARD) {
        const sp_where *w = sp_recipe_origin(r, g->nodes[i].strip->inserts[k].path);
        at[S + i] = w ? w->pos : (sp_pos){0, 0};
        free(in[S + i]);
        in[S + i] = w && w->from ? sp_xstrdup(w->from) : NULL;
      }
  sp_build_stems_take(r, was);
  bool *made = sp_xcalloc(N + 1, sizeof *made);
  for (size_t s = 0; s < S; s++) {
    const sp_stem *old = &was->stems[s];
    for (size_t t = 0; t < p->T; t++) { /* the groups taking from s first come before it */
      const int grp = p->group_of[t];
      if (p->stem_of[t] != (int)s || grp < 0 || made[grp])
        continue;
      made[grp] = true;
      const size_t noted = r->n_where;
      sp_stem *st = sp_build_stem(r, p->names[grp], at[S + (size_t)grp]);
      for (size_t u = 0; u < p->T; u++)
        if (p->group_of[u] == grp)
          sp_build_stem_member(r, st, g->nodes[u].name, at[S + (size_t)grp]);
      sp_build_noted_in(r, noted, in[S + (size_t)grp]);
    }
    if (p->gone[s])
      continue;
    const size_t noted = r->n_where;
    sp_stem *st = sp_build_stem(r, old->name, at[s]);
    if (!p->changed[s]) {
      for (size_t m = 0; m < old->n_members; m++)
        sp_build_stem_member(r, st, old->members[m], at[s]);
    } else {
      for (size_t t = 0; t < p->T; t++)
        if (p->stem_of[t] == (int)s && p->group_of[t] < 0)
          sp_build_stem_member(r, st, g->nodes[t].name, at[s]);
    }
    sp_build_noted_in(r, noted, in[s]);
  }
  r->split = was->split;
  sp_free_strings(in, S + N + 1);
  free(made);
  free(at);
}

/* Said at each hardware insert of the refused node i (its stems carried
 * in stems, count of them): what is printed instead, into said (a
 * warning). */
static void say(const plan *p, const sp_recipe *r, size_t i, size_t count, const char *stems,
                sp_diags *said)
{
  const sp_graph *g = p->g;
  const sp_node *n = &g->nodes[i];
  sp_writer w = {0};
  if ((int)i == g->master) {
    sp_write(
        &w,
        "is outboard gear, played back from one recording of its input, and master carries "
        "%zu stems (%s): no stem can be linked through an unknown unit, and every stem passes "
        "it, so what can be printed is the mix alone, no stems. To print stems, move the insert "
        "onto each track or a bus of one stem (a send and a return each)",
        count, stems);
  } else {
    const int grp = root(p->up, (int)i);
    size_t others = 0;
    for (size_t j = 0; j < g->n_nodes; j++)
      others += j != i && p->up[j] >= 0 && root(p->up, (int)j) == grp;
    sp_write(
        &w,
        "is outboard gear, played back from one recording of its input, and bus '%s' carries "
        "%zu stems (%s): no stem can be linked through an unknown unit, so what can be printed is ",
        n->name, count, stems);
    if (others == 0)
      sp_write(&w, "the bus as a stem of its own, '%s'", p->names[grp]);
    else {
      sp_write(&w, "the bus and");
      for (size_t j = 0, said_one = 0; j < g->n_nodes; j++)
        if (j != i && p->up[j] >= 0 && root(p->up, (int)j) == grp)
          sp_write(&w, "%s bus '%s'", said_one++ ? "," : "", g->nodes[j].name);
      sp_write(&w, " (they share tracks) as one stem of their own, '%s'", p->names[grp]);
    }
    size_t k = 0, n_in = 0;
    for (size_t t = 0; t < p->T; t++)
      n_in += p->group_of[t] == grp;
    for (size_t t = 0; t < p->T; t++)
      if (p->group_of[t] == grp)
        sp_write(&w, "%s %s (of stem '%s'%s)",
                 k++ == 0    ? ", that holds"
                 : k == n_in ? " and"
                             : ",",
                 g->nodes[t].name, r->stems[p->stem_of[t]].name,
                 reaches_past(g, (int)t, p->up, grp) ? ", whole: it reaches master past the bus too"
                                                     : "");
    for (size_t s = 0; s < r->n_stems; s++) {
      bool gives = false;
      for (size_t t = 0; t < p->T && !gives; t++)
        gives = p->group_of[t] == grp && p->stem_of[t] == (int)s;
      if (gives && p->gone[s])
        sp_write(&w, "; '%s' is not printed (no track of it is left)", r->stems[s].name);
      else if (gives) {
        sp_write(&w, "; '%s' keeps", r->stems[s].name);
        for (size_t t = 0, m = 0; t < p->T; t++)
          if (p->stem_of[t] == (int)s && p->group_of[t] < 0 && !g->nodes[t].silent)
            sp_write(&w, "%s %s", m++ ? "," : "", g->nodes[t].name);
      }
    }
    sp_write(&w, "; the stems still add up to the mix. To print the stems as they are named, "
                 "move the insert onto each track or a bus of one stem (a send and a return each)");
  }
  char *text = sp_writer_take(&w);
  for (size_t k = 0; k < n->strip->n_inserts; k++) {
    const sp_insert *ins = &n->strip->inserts[k];
    if ((ins->cls->flags & SP_PROC_OUTBOARD) && !ins->bypass)
      sp_recipe_warn(r, said, ins->path, "'%s' %s",
                     n->ins && n->ins[k].outboard ? n->ins[k].outboard->name : ins->cls->name,
                     text);
  }
  free(text);
}

/* Whether a version or the stem file names a stem that changes: each
 * said into said at its key (a warning; the refusal stands), with the
 * tracks it means, to name in its place. */
static bool named_elsewhere(const plan *p, const sp_recipe *r, bool master, sp_diags *said)
{
  bool any = false;
  for (size_t s = 0; s < r->n_stems; s++) {
    if (!master && !p->changed[s]) /* through master every stem changes */
      continue;
    sp_writer tw = {0};
    for (size_t t = 0, m = 0; t < p->T; t++)
      if (p->stem_of[t] == (int)s)
        sp_write(&tw, "%s%s", m++ ? ", " : "", p->g->nodes[t].name);
    char *tracks = sp_writer_take(&tw);
    const char *name = r->stems[s].name;
    char *why = sp_xasprintf(
        "stem '%s', which cannot be printed as it is named: %s (a hardware insert on %s that "
        "carries several stems, whose stems cannot be linked through the unit)",
        name, master ? "no stem can" : "some of its tracks are a stem of their own",
        master ? "master" : "a bus");
    for (size_t v = 0; v < r->n_versions; v++)
      for (size_t k = 0; k < r->versions[v].n_names; k++)
        if (strcmp(r->versions[v].names[k], name) == 0) {
          char *path = graph_version_name(r, &r->versions[v], k);
          char *text = sp_xasprintf("version '%s' names %s; name the tracks it means (%s) in "
                                    "its place, or move the insert onto each track or a bus of "
                                    "one stem",
                                    r->versions[v].name, why, *tracks ? tracks : "none");
          sp_recipe_warn(r, said, path, "%s", text);
          free(text);
          free(path);
          any = true;
        }
    const sp_stem_file *f = &r->output.stem_mp4;
    for (size_t i = 0; f->on && i < f->n_stems; i++)
      for (size_t m = 0; m < f->stems[i].n_members; m++)
        if (strcmp(f->stems[i].members[m], name) == 0) {
          char *text = sp_xasprintf("the stem file names %s; move the insert onto each track "
                                    "or a bus of one stem, or leave the stem file out",
                                    why);
          sp_recipe_warn(r, said, "output.stem_mp4.stems", "%s", text);
          free(text);
          any = true;
        }
    free(why);
    free(tracks);
  }
  return any;
}

bool sp_graph_restem(sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                     sp_build_stems *was, sp_diags *said)
{
  bool outboard = has_outboard(&r->master);
  for (size_t b = 0; b < r->n_buses; b++)
    outboard |= has_outboard(&r->buses[b].strip);
  if (!outboard || !r->has_stems || r->n_stems < 2 || (opts && opts->per_source))
    return false;
  sp_graph_opts o = opts ? *opts : (sp_graph_opts){0};
  o.key_only = o.rebuild = true; /* what it sees, not its probes nor its warnings */
  o.only_insert = NULL;
  sp_diags seen;
  sp_diags_init(&seen);
  sp_graph *g = sp_graph_build_seen(r, media, &o, &seen);
  const size_t N = g->n_nodes;
  bool *refused = sp_xcalloc(N + 1, sizeof *refused);
  size_t *counts = sp_xcalloc(N + 1, sizeof *counts);
  char **stems = sp_xcalloc(N + 1, sizeof *stems);
  size_t refusals = 0;
  bool ok = g->order != NULL;
  for (size_t i = 0; i < N && ok; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_TRACK || n->silent || !n->lanes || !has_outboard(n->strip))
      continue;
    size_t lanes = 0;
    for (size_t l = 0; l < g->n_lanes; l++)
      lanes += n->lanes[l];
    if (lanes < 2)
      continue;
    counts[i] = graph_carried(g, n, &stems[i]);
    /* several lanes of one stem (a linked version's cells) no restem
     * joins, and a bus that reaches no stem (a cue mix) is no stem's */
    ok = counts[i] >= 2 && reaches_master(g, (int)i);
    refused[i] = true;
    for (size_t k = 0; k < n->strip->n_inserts; k++)
      refusals +=
          (n->strip->inserts[k].cls->flags & SP_PROC_OUTBOARD) && !n->strip->inserts[k].bypass;
  }
  /* only where the refusals are the build's every error: another error
   * stands whatever the stems */
  ok &= refusals > 0 && sp_diags_errors(&seen) == refusals;
  ok &= refused[g->master] || r->split == SP_SPLIT_SOURCES;
  plan p = {.g = g, .r = r, .T = r->n_tracks};
  p.stem_of = sp_xcalloc(p.T + 1, sizeof *p.stem_of);
  p.up = sp_xcalloc(N + 1, sizeof *p.up);
  p.group_of = sp_xcalloc(p.T + 1, sizeof *p.group_of);
  p.names = sp_xcalloc(N + 1, sizeof *p.names);
  p.count = sp_xcalloc(N + 1, sizeof *p.count);
  p.gone = sp_xcalloc(r->n_stems + 1, sizeof *p.gone);
  p.changed = sp_xcalloc(r->n_stems + 1, sizeof *p.changed);
  for (size_t t = 0; t < p.T; t++)
    p.stem_of[t] = g->stems && g->nodes[t].lane >= 0 ? g->lane_stem[g->nodes[t].lane] : -1;
  if (ok && !refused[g->master])
    ok = plan_groups(&p, refused);
  if (ok && named_elsewhere(&p, r, refused[g->master], said))
    ok = false;
  if (ok) {
    for (size_t i = 0; i < N; i++)
      if (refused[i] && (!refused[g->master] || (int)i == g->master))
        say(&p, r, i, counts[i], stems[i], said);
    if (refused[g->master]) /* every stem passes the unit: none */
      sp_build_stems_take(r, was);
    else
      set_stems(&p, r, was);
  }
  plan_fini(&p);
  sp_free_strings(stems, N);
  free(counts);
  free(refused);
  sp_graph_free(g);
  sp_diags_fini(&seen);
  return ok;
}
