/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks on a graph that was built: limits the platform sets (how many
 * files play at once against the open-files limit) and warnings for
 * recipes that are valid but probably not what was meant (a track lost on
 * a muted bus, a send to nowhere, a print that cannot sound). */

#include "core/graph/builder.h"

#include "core/graph/query.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct edge_at {
  int64_t t;
  int step; /* +1 a region starts, -1 one ends */
} edge_at;

static int cmp_edge_at(const void *a, const void *b)
{
  const edge_at *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->step - y->step; /* an end before a start at the same frame */
}

void graph_check_open_files(builder *b)
{
  const sp_graph *g = b->g;
  edge_at *e = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *nd = &g->nodes[i];
    if (nd->kind != SP_NODE_TRACK || nd->silent)
      continue;
    for (size_t k = 0; k < nd->n_regions; k++) {
      SP_GROW(e, n, cap);
      e[n++] = (edge_at){nd->regions[k].at, +1};
      SP_GROW(e, n, cap);
      e[n++] = (edge_at){nd->regions[k].at + nd->regions[k].length, -1};
    }
  }
  if (n > 0)
    qsort(e, n, sizeof *e, cmp_edge_at);
  size_t open_now = 0, most = 0;
  int64_t when = 0;
  for (size_t i = 0; i < n; i++) {
    open_now = e[i].step > 0 ? open_now + 1 : open_now - 1;
    if (open_now > most)
      most = open_now, when = e[i].t;
  }
  free(e);
  /* Besides the sources: the outputs, the recipe, the libraries' own. */
  const size_t spare = 64 + g->n_prints;
  const long limit = g->media->open_files_limit(g->media);
  if (limit >= 0 && most + spare > (size_t)limit)
    graph_error(
        b, SP_ERR_IO, "tracks",
        "%zu regions play at once (at %.3f s), each with its file open, but this process may "
        "open only %llu files: raise the limit (ulimit -n %zu) or let fewer regions overlap",
        most, (double)when / b->r->sample_rate, (unsigned long long)limit, most + spare);
}

/* ---- likely mistakes ----------------------------------------------------- */

/* Where node i's signal is lost on its way along main outputs (i itself
 * included): the first muted strip, or a bus that feeds nothing ('to: none')
 * and is not printed; -1 when it is heard, at master or in a printed bus on
 * the way. *muted says which. */
static int lost_on_the_way(const sp_graph *g, int i, bool *muted)
{
  for (size_t guard = 0; i >= 0 && guard <= g->n_nodes; guard++) {
    const sp_strip *s = g->nodes[i].strip;
    *muted = sp_strip_mutes(s, SP_MUTE_MAIN);
    if (*muted)
      return i;
    if (i == g->master || s->print)
      return -1;
    if (s->to_none)
      return i;
    i = graph_main_dest(g, i);
  }
  return -1;
}

/* Warnings for recipes that are valid but probably not what was meant. */
void graph_warn_mistakes(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_TRACK && n->strip->solo) {
      char *path = sp_xasprintf("%s.solo", n->path);
      graph_warn(b, path,
                 "track '%s' is soloed: every track that is not soloed is muted in this "
                 "render (at its mute_points); remove 'solo' before printing",
                 n->name);
      free(path);
    }
    if (n->kind == SP_NODE_TRACK && n->strip->has_width && n->channels == 1 &&
        !n->strip->pan.n_gains) { /* beside a gain matrix: an error already */
      char *path = sp_xasprintf("%s.width", n->path);
      graph_warn(b, path,
                 "track '%s' plays mono files, and width spreads the two channels of a "
                 "stereo one: it does nothing here; remove it (pan places a mono track)",
                 n->name);
      free(path);
    }
    if (n->kind != SP_NODE_BUS)
      continue;
    size_t feeds = 0;
    for (size_t j = 0; j < n->n_in; j++)
      feeds += g->edges[n->in[j]].kind != SP_EDGE_KEY;
    if (feeds == 0 && n->strip->to_none) {
      char *path = sp_xasprintf("%s.to", n->path);
      graph_error(b, SP_ERR_USAGE, path,
                  "bus '%s' feeds nothing ('to: none') and nothing feeds it; give it sends (a cue "
                  "mix takes pre-fader sends) or remove it",
                  n->name);
      free(path);
    } else if (n->strip->to_none && !n->strip->print) {
      char *path = sp_xasprintf("%s.to", n->path);
      graph_warn(b, path,
                 "bus '%s' feeds nothing ('to: none') and is not printed, so nothing hears "
                 "it; add 'print: true' or route it to a bus or master",
                 n->name);
      free(path);
    } else if (feeds == 0)
      graph_warn(b, n->path,
                 "bus '%s' is fed by nothing (no track or bus has 'to: %s' or a send to "
                 "it); route something to it or remove it",
                 n->name, n->name);
  }
  for (size_t e = 0; e < g->n_edges; e++) {
    const sp_edge *ed = &g->edges[e];
    if (ed->kind != SP_EDGE_SEND || sp_strip_mutes(g->nodes[ed->src].strip, sp_edge_mute_point(ed)))
      continue;
    bool muted;
    int m = lost_on_the_way(g, ed->dst, &muted);
    if (m < 0)
      continue;
    if (m == ed->dst && muted)
      graph_warn(b, ed->path,
                 "this send goes to '%s', which is muted, so it is not heard; unmute "
                 "'%s' or remove the send",
                 g->nodes[ed->dst].name, g->nodes[m].name);
    else if (muted)
      graph_warn(b, ed->path,
                 "this send goes to '%s', whose output reaches master through '%s', "
                 "which is muted, so it is not heard",
                 g->nodes[ed->dst].name, g->nodes[m].name);
    else if (m == ed->dst)
      graph_warn(b, ed->path,
                 "this send goes to '%s', which feeds nothing ('to: none') and is not "
                 "printed, so it is not heard; route '%s' to a bus or master, or print it",
                 g->nodes[ed->dst].name, g->nodes[m].name);
    else
      graph_warn(b, ed->path,
                 "this send goes to '%s', whose output ends in '%s', which feeds nothing "
                 "('to: none') and is not printed, so it is not heard",
                 g->nodes[ed->dst].name, g->nodes[m].name);
  }
  if (!g->stems)
    return;
  for (size_t s = 0; s < r->n_stems; s++) {
    size_t tracks = 0, muted = 0, by_bus = 0;
    const char *bus = NULL; /* a muted bus the stem names */
    for (size_t t = 0; t < r->n_tracks; t++) {
      bool member = false, through_mute = false;
      for (size_t m = 0; m < r->stems[s].n_members && !member; m++) {
        int idx = sp_graph_find(g, r->stems[s].members[m]);
        member = idx == (int)t || (idx >= 0 && g->nodes[idx].kind == SP_NODE_BUS &&
                                   graph_feeds_via_main(g, (int)t, idx));
        /* split: buses names master's inputs: a muted one silences its tracks */
        through_mute = member && idx >= 0 && g->nodes[idx].kind == SP_NODE_BUS &&
                       sp_strip_mutes(g->nodes[idx].strip, SP_MUTE_MAIN);
        if (through_mute && !bus)
          bus = g->nodes[idx].name;
      }
      if (!member)
        continue;
      tracks++;
      /* (a track whose mute points leave a send out sounds there) */
      muted += sp_strip_mutes(&r->tracks[t].strip, SP_MUTE_ALL) || through_mute;
      by_bus += through_mute;
    }
    if (tracks == 0 || muted < tracks)
      continue;
    char *path = sp_xasprintf("stems.%s", r->stems[s].name);
    if (by_bus == tracks)
      graph_warn(b, path,
                 "stem '%s' prints silence: its bus '%s' is muted; unmute it or remove "
                 "the stem",
                 r->stems[s].name, bus);
    else if (by_bus > 0)
      graph_warn(b, path,
                 "stem '%s' prints silence: its tracks are muted or reach it through the muted "
                 "bus '%s'; unmute one or remove the stem",
                 r->stems[s].name, bus);
    else
      graph_warn(b, path,
                 "every track of stem '%s' is muted, so it prints silence; unmute one "
                 "or remove the stem",
                 r->stems[s].name);
    free(path);
  }
}

/* ---- inserts across stems ------------------------------------------------ */

/* Where an insert runs on more than one lane, its output must split into
 * stems that add up to the mix: refuse a class that cannot (nonlinear with
 * no sidechain) and an insert whose measured link floor says it does not. */
/* What lane l carries, for messages: its source track (a bleed
 * measurement's lanes), else its stem; NULL when neither (a version's part
 * of no stem). */
static const char *lane_name(const sp_graph *g, size_t l)
{
  if (g->lane_source && g->lane_source[l] >= 0)
    return g->nodes[g->lane_source[l]].name;
  if (g->lane_stem && g->lane_stem[l] >= 0 && (size_t)g->lane_stem[l] < g->n_lane_names)
    return g->lane_names[g->lane_stem[l]];
  return NULL;
}

void graph_check_links(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    size_t lanes = 0, named = 0;
    char stems[256] = "";
    for (size_t l = 0; l < g->n_lanes; l++) {
      if (!n->lanes[l])
        continue;
      const char *name = lane_name(g, l);
      bool said = false;
      for (size_t m = 0; name && m < l; m++)
        said |= n->lanes[m] && lane_name(g, m) == name;
      if (name && !said) {
        named++;
        size_t used = strlen(stems);
        if (used < sizeof stems - 40)
          snprintf(stems + used, sizeof stems - used, "%s%s", *stems ? ", " : "", name);
      }
      lanes++;
    }
    if (lanes < 2 || n->silent)
      continue;
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      if (ins->bypass)
        continue;
      const double floor = n->ins_link_floor ? n->ins_link_floor[k] : -INFINITY;
      if ((ins->cls->flags & SP_PROC_ONE_LANE) && g->per_source)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is nonlinear and has no sidechain input: the bleed measurement follows "
                    "each track through the mix on its own, and on %s '%s' (%zu tracks: %s) its "
                    "output cannot be split by track; bleed cannot measure this recipe through "
                    "it (a plugin with a sidechain input can be, `stemprint help lv2` and "
                    "`help ladspa` mark them keyed)",
                    ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
                    named ? named : lanes, stems);
      else if (ins->cls->flags & SP_PROC_ONE_LANE)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is nonlinear and has no sidechain input, so its output on %s '%s', "
                    "which carries %zu stems (%s), cannot be split into stems that add up to the "
                    "mix; use a plugin with a sidechain input (`stemprint help lv2` and `help "
                    "ladspa` mark them keyed), move it onto a track or a bus of one stem, or print "
                    "without stems",
                    ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
                    named ? named : lanes, stems);
      else if (floor > SP_LINK_FLOOR_MAX_DBFS && n->ins_own_detector && n->ins_own_detector[k])
        graph_error(
            b, SP_ERR_USAGE, ins->path,
            "'%s' does not split into stems on %s '%s' (%zu stems: %s): it listens to its "
            "own input in a way no feed of its sidechain input reproduces, so it runs on each "
            "stem's own detector, and the stems add up to the mix only within %.1f dBFS "
            "(the most stemprint accepts is %.0f dBFS). Give the insert a 'key' from a "
            "track or bus (every stem is then keyed alike), move it onto a track or a bus "
            "of one stem, or print without stems",
            ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
            named ? named : lanes, stems, floor, SP_LINK_FLOOR_MAX_DBFS);
      else if (floor > SP_LINK_FLOOR_MAX_DBFS)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' does not split into stems on %s '%s' (%zu stems: %s): run per stem it "
                    "adds up to the mix only within %.1f dBFS (probed with test signals; the most "
                    "stemprint accepts is %.0f dBFS). If it has a sidechain switch, set it to "
                    "external; else move it onto a track or a bus of one stem, or print without "
                    "stems",
                    ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
                    named ? named : lanes, stems, floor, SP_LINK_FLOOR_MAX_DBFS);
    }
  }
}
