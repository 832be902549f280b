/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks on a graph that was built: limits the platform sets (how many
 * files play at once against the open-files limit) and warnings for
 * recipes that are valid but probably not what was meant (a track lost on
 * a muted bus, a send to nowhere, a print that cannot sound). */

#include "core/graph/builder.h"

#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/base/strmap.h"
#include "core/recipe/writer.h"

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

/* Whether a --set gave what feeds r's buses: tracks or buses whole, a
 * strip whole, one it made or took away, its output or its sends. A bus
 * fed by nothing is then the recipe's doing, not the session's, and said
 * in the recipe's words. */
static bool routing_set(const sp_recipe *r)
{
  for (size_t i = 0; i < r->n_where; i++) {
    const sp_where *w = &r->where[i];
    if (!sp_where_set(w) || !w->path)
      continue;
    const bool track = sp_recipe_path_under(w->path, "tracks");
    if (!track && !sp_recipe_path_under(w->path, "buses"))
      continue;
    bool strip_key = false; /* a key of a strip r holds, not its output or sends */
    for (size_t k = 0; k < (track ? r->n_tracks : r->n_buses) && !strip_key; k++) {
      char *p = sp_xasprintf("%s.%s", track ? "tracks" : "buses",
                             track ? r->tracks[k].name : r->buses[k].name);
      const size_t n = strlen(p);
      strip_key = strncmp(w->path, p, n) == 0 && w->path[n] == '.' &&
                  !sp_recipe_path_under(w->path + n + 1, "sends") &&
                  strcmp(w->path + n + 1, "to") != 0;
      free(p);
    }
    if (!strip_key)
      return true;
  }
  return false;
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

/* ---- what is heard ------------------------------------------------------- */

/* The lanes each node's signal carries where it is heard, [n_nodes ×
 * n_lanes]: as graph_propagate_lanes marks them, but across an edge only
 * where the render passes signal (core/render/prepare.c's live edges):
 * its source not silent, the source's mute points leaving the edge open,
 * its destination not silent. A key feeds a detector, not the mix. */
static bool *heard_lanes(const sp_graph *g)
{
  const size_t L = g->n_lanes;
  bool *h = sp_xcalloc(g->n_nodes * L + 1, sizeof *h);
  for (size_t k = 0; k < g->n_nodes; k++) {
    const int i = g->order[k];
    const sp_node *n = &g->nodes[i];
    bool *hi = h + (size_t)i * L;
    if (n->silent)
      continue;
    if (n->kind == SP_NODE_TRACK) {
      if (n->lane >= 0 && n->n_regions > 0)
        hi[n->lane] = true;
      continue;
    }
    for (size_t j = 0; j < n->n_in; j++) {
      const sp_edge *e = &g->edges[n->in[j]];
      if (e->kind == SP_EDGE_KEY || (g->nodes[e->src].muted_at & sp_edge_mute_point(e)))
        continue;
      for (size_t l = 0; l < L; l++)
        if (h[(size_t)e->src * L + l])
          hi[e->lane_to >= 0 ? l + (size_t)e->lane_to : l] = true;
    }
  }
  return h;
}

/* Whether node i is heard with any of lanes (NULL: any lane). */
static bool heard_at(const sp_graph *g, const bool *h, int i, const bool *lanes)
{
  for (size_t l = 0; l < g->n_lanes; l++)
    if (h[(size_t)i * g->n_lanes + l] && (!lanes || lanes[l]))
      return true;
  return false;
}

/* Whether master.adm's objects or further beds hold any of lanes (NULL:
 * any): a bed or object bus heard, or a track that keeps its file's
 * objects (those only with lanes NULL: they are the file's). */
static bool heard_in_adm(const sp_graph *g, const bool *h, const bool *lanes)
{
  if (!g->recipe->adm)
    return false;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_BUS && (n->strip->object || n->strip->bed) &&
        !(n->muted_at & SP_MUTE_MAIN) && heard_at(g, h, (int)i, lanes))
      return true;
    if (n->kind == SP_NODE_TRACK && n->strip->keep_objects && !n->silent && n->n_regions > 0 &&
        (!lanes || (n->lane >= 0 && lanes[n->lane])))
      return true;
  }
  return false;
}

/* What a strip of `to: none` is, and what to do, in its recipe's words;
 * one a session's reader gave it, its output reaching no route there
 * (sp_strip.unwired), in the session's. */
static const char *feeds_nothing(const sp_strip *s)
{
  return s->unwired ? "is connected to no route in the session" : "feeds nothing ('to: none')";
}
static const char *unprinted(const sp_strip *s) { return s->unwired ? "" : " and is not printed"; }
static const char *route_it(const sp_strip *s)
{
  return s->unwired ? "connect its output to master or a bus in the session"
                    : "route it to a bus or master";
}

/* Why track t is not heard at master, in words (heap), *key the recipe
 * path to say it at (heap), *fix what to do: the first place along its
 * output where it goes quiet, and its sends. A track a session's reader
 * muted at main, its output reaching no route there, is said so. */
static char *unheard_why(const sp_graph *g, int t, char **key, const char **fix)
{
  const sp_node *tn = &g->nodes[t];
  const char *sends = tn->strip->n_sends ? " and no send of it is heard" : " and it has no send";
  for (int i = t, guard = 0; i >= 0 && guard <= (int)g->n_nodes; guard++) {
    const sp_node *n = &g->nodes[i];
    const char *what = n->kind == SP_NODE_TRACK ? "track" : n->kind == SP_NODE_BUS ? "bus" : "";
    if (n->silent && n->kind == SP_NODE_TRACK && !n->strip->mute) {
      int by = -1; /* the solo that silences it: its fix */
      for (size_t k = 0; k < g->n_nodes && by < 0; k++)
        if (g->nodes[k].kind == SP_NODE_TRACK && g->nodes[k].strip->solo)
          by = (int)k;
      *key = sp_xasprintf("%s.solo", by >= 0 ? g->nodes[by].path : n->path);
      *fix = "solo it too, or remove the other tracks' solo";
      return sp_xasprintf("track '%s' is silenced by another track's solo", n->name);
    }
    if (!n->silent && n->strip->unwired && n->strip->mute_points == SP_MUTE_MAIN) {
      *key = sp_xstrdup(n->path);
      *fix = route_it(n->strip);
      return sp_xasprintf("track '%s' %s%s", n->name, feeds_nothing(n->strip), sends);
    }
    if (n->silent || (n->muted_at & SP_MUTE_MAIN)) {
      const bool points = !n->silent;
      *key = sp_xasprintf("%s.%s", n->path, points ? "mute_points" : "mute");
      *fix = points ? "unmute it, or take main out of its mute_points" : "unmute it";
      char words[64] = "";
      static const char *const name[] = {"pre_fader", "post_fader", "main"};
      for (int k = 0; points && k < 3; k++)
        if (n->muted_at >> k & 1u)
          snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", *words ? ", " : "",
                   name[k]);
      char *m = points ? sp_xasprintf(" at its output (mute_points: [%s])", words) : sp_xstrdup("");
      char *text =
          i == g->master ? sp_xasprintf("master is muted%s", m)
          : i == t ? sp_xasprintf("%s '%s' is muted%s%s", what, n->name, m, points ? sends : "")
                   : sp_xasprintf("track '%s' reaches master through bus '%s', which is muted%s",
                                  tn->name, n->name, m);
      free(m);
      return text;
    }
    if (i == g->master)
      break;
    if (n->strip->to_none) {
      *key = sp_xasprintf("%s.to", n->path);
      *fix = route_it(n->strip);
      return i == t ? sp_xasprintf("track '%s' %s%s", n->name, feeds_nothing(n->strip), sends)
                    : sp_xasprintf("track '%s' ends in bus '%s', which %s", tn->name, n->name,
                                   feeds_nothing(n->strip));
    }
    i = graph_main_dest(g, i);
  }
  *key = sp_xasprintf("%s.sends", tn->path);
  *fix = "route it to master";
  return sp_xasprintf("track '%s' reaches master by no route that is heard", tn->name);
}

/* The keys graph_warn_mistakes has said a message at (a set of them:
 * core/base/strmap.h), each what its fix changes (the mix's error, a
 * bus's warning): a warning whose fix is one of them is not said again
 * (one message for one fix). */

/* Whether key (NULL: none) is one of said's. */
static bool key_said(const sp_strmap *said, const char *key)
{
  return key && sp_strmap_get(said, key, NULL);
}

/* Whether node n's `field` was said (key_said of "PATH.field"). */
static bool said_at(const sp_strmap *said, const sp_node *n, const char *field)
{
  char *key = sp_xasprintf("%s.%s", n->path, field);
  const bool at = key_said(said, key);
  free(key);
  return at;
}

/* Whether the mix's error names node n's mute (its `mute` or
 * `mute_points`): a stem that mute silences has that fix. */
static bool mute_said(const sp_strmap *said, const sp_node *n)
{
  return said_at(said, n, "mute") || said_at(said, n, "mute_points");
}

/* key (heap, taken and freed; NULL: nothing) added to said's. */
static void key_add(sp_strmap *said, char *key)
{
  if (key)
    sp_strmap_put(said, key, 0);
  free(key);
}

/* A render that nothing reaches is an error, as an empty one is (the
 * build's "nothing to render", whatever 'length' says): no track heard in
 * the mix, master.adm's objects or a printed bus; every track muted, or
 * muted at its output by its mute points (an Ardour track wired to
 * nothing), lost on a muted bus or one that feeds nothing. Said once, at
 * the first track with regions; under a solo, at the first soloed one's
 * solo (the others are silent by it), with where it goes quiet. The
 * keys of its fixes added to said (the key it is said at; under a solo,
 * where it goes quiet too): a warning whose fix is one of them (a bus of
 * `to: none` the tracks end in, the solo, a stem they are of) is not said
 * beside it (key_said). */
static void check_mix_heard(builder *b, const bool *h, sp_strmap *said)
{
  const sp_graph *g = b->g;
  if (b->rebuild || sp_diags_errors(b->d) > 0 || g->content_frames == 0 ||
      heard_at(g, h, g->master, NULL) || heard_in_adm(g, h, NULL))
    return;
  for (size_t i = 0; i < g->n_nodes; i++) /* a printed bus is heard in its file */
    if (g->nodes[i].strip->print && !(g->nodes[i].muted_at & SP_MUTE_MAIN) &&
        heard_at(g, h, (int)i, NULL))
      return;
  size_t n = 0;
  int first = -1, soloed = -1;
  for (size_t t = 0; t < b->r->n_tracks; t++)
    if (g->nodes[t].n_regions > 0 && (n++, first < 0))
      first = (int)t;
  for (size_t t = 0; t < b->r->n_tracks && soloed < 0; t++)
    if (g->nodes[t].n_regions > 0 && g->nodes[t].strip->solo)
      soloed = (int)t;
  if (first < 0)
    return;
  char *key;
  const char *fix;
  char *why = unheard_why(g, soloed >= 0 ? soloed : first, &key, &fix);
  if (soloed >= 0) { /* at the solo, naming where the soloed track goes quiet */
    char *quiet = key, *lost = why;
    key = sp_xasprintf("%s.solo", g->nodes[soloed].path);
    why = sp_xasprintf("track '%s' is soloed, which silences the tracks that are not, and %s (%s)",
                       g->nodes[soloed].name, lost, quiet);
    key_add(said, quiet), free(lost);
  }
  char count[32] = "";
  if (n > 1)
    snprintf(count, sizeof count, " of %zu", n);
  graph_unheard(b, key, "nothing to render: no track%s is heard in the mix: %s; %s%s", count, why,
                fix, soloed >= 0 ? ", or solo a track that is heard" : "");
  free(why);
  key_add(said, key);
}

/* The lanes (heap, g->n_lanes) a node whose `to:` is refused is heard
 * with (at master: each lane of a cell entering it on any stem's): where
 * they go is not known. Once for every stem: a stem's lanes are then
 * looked up, not each node's again. */
static bool *refused_route_lanes(const sp_graph *g, const bool *h)
{
  bool *v = sp_xcalloc(g->n_lanes + 1, sizeof *v);
  for (size_t i = 0; g->routes_unknown && i < g->n_nodes; i++)
    for (size_t l = 0; g->nodes[i].route_unknown && l < g->n_lanes; l++)
      for (size_t k = 0; h[i * g->n_lanes + l] && k < g->lanes_per_cell && l + k < g->n_lanes; k++)
        v[l + k] = true;
  return v;
}

/* Whether any of lanes is one of refused (refused_route_lanes). */
static bool heard_by_refused_route(const sp_graph *g, const bool *refused, const bool *lanes)
{
  for (size_t l = 0; g->routes_unknown && l < g->n_lanes; l++)
    if (lanes[l] && refused[l])
      return true;
  return false;
}

/* Bus n, which nothing feeds and only a --set names: most likely a name
 * mistyped (`--set buses.drumz.gain=-3dB` for 'drums'), whose set would
 * otherwise change nothing, said at the set as the error it is. */
static void set_only_bus(builder *b, const sp_node *n)
{
  const char *meant = sp_recipe_name_meant(b->r, true, n->name);
  char *arg = sp_recipe_set_arg(b->r, "tracks.NAME.to", n->name);
  graph_error(b, SP_ERR_USAGE, n->path,
              "the recipe has no bus '%s'%s%s%s, and nothing feeds the one the --set adds: route "
              "something to it too (--set %s)",
              n->name, meant ? " (did you mean '" : "", meant ? meant : "", meant ? "'?)" : "",
              arg);
  free(arg);
}

/* Whether an error was said under path (a key of it refused). */
static bool refused_under(const builder *b, const char *path)
{
  for (size_t i = 0; i < b->d->n; i++)
    if (b->d->v[i].severity == SP_SEV_ERROR && b->d->v[i].path &&
        sp_recipe_path_under(b->d->v[i].path, path) && strcmp(b->d->v[i].path, path) != 0)
      return true;
  return false;
}

/* What feeds bus n (not a key); a `to:` refused may have meant it: what
 * feeds it is not known, and it counts as fed. */
static size_t bus_feeds(const sp_graph *g, const sp_node *n)
{
  size_t feeds = g->routes_unknown;
  for (size_t j = 0; j < n->n_in; j++)
    feeds += g->edges[n->in[j]].kind != SP_EDGE_KEY;
  return feeds;
}

/* Whether node n is a bus nothing feeds that is an error: one of
 * `to: none`, or one only a --set names (set_only_bus, its `to: none` or
 * not: a name mistyped most likely); said where `say`.
 * Said before the mix's error (check_mix_heard), which is then not said
 * beside it: the buses' warnings say where the mix goes quiet. */
static bool bus_refused(builder *b, const sp_node *n, bool say)
{
  if (n->kind != SP_NODE_BUS || bus_feeds(b->g, n) > 0)
    return false;
  const bool only_set = sp_where_set(sp_recipe_origin(b->r, n->path)); /* (its `to:` too) */
  if (!n->strip->to_none && !only_set)
    return false;
  if (say && only_set) {
    if (!refused_under(b, n->path)) /* (its reading said what it has not) */
      set_only_bus(b, n);
  } else if (say) {
    char *path = sp_xasprintf("%s.to", n->path);
    graph_error(b, SP_ERR_USAGE, path,
                "bus '%s' feeds nothing ('to: none') and nothing feeds it; give it sends (a cue "
                "mix takes pre-fader sends) or remove it",
                n->name);
    free(path);
  }
  return true;
}

/* A stem whose tracks are not muted but none of them is heard at master:
 * a warning naming why; under master.adm, when they reach only its objects,
 * that the stem's file (its part of the bed) prints silence. */
static void warn_stem_unheard(builder *b, const bool *h, const bool *refused, size_t s,
                              const sp_strmap *said)
{
  const sp_graph *g = b->g;
  const sp_output_plan *op = NULL;
  for (size_t i = 0; i < g->n_outputs && !op; i++)
    if (g->outputs[i].kind == SP_OUT_STEM && g->outputs[i].index == (int)s)
      op = &g->outputs[i];
  if (!op || !op->lanes || heard_at(g, h, g->master, op->lanes) ||
      heard_by_refused_route(g, refused, op->lanes))
    return;
  const char *name = b->r->stems[s].name;
  char *path = sp_xasprintf("stems.%s", name);
  if (heard_in_adm(g, h, op->lanes)) {
    const char *adm = "its ADM BWF";
    for (size_t k = 0; k < g->n_adm_prints; k++)
      if (g->adm_outs[k].unit == (int)s && !g->adm_outs[k].layout)
        adm = g->adm_outs[k].file;
    graph_warn(b, path,
               "stem '%s' prints silence in %s, its part of master's bed: its tracks reach only "
               "master.adm's objects (or further beds), which %s and its re-renders hold; take "
               "the stem from those, or route a track of it to the bed",
               name, op->file, adm);
  } else {
    int first = -1;
    for (size_t t = 0; t < b->r->n_tracks && first < 0; t++)
      if (g->nodes[t].lane >= 0 && op->lanes[g->nodes[t].lane] && g->nodes[t].n_regions > 0)
        first = (int)t;
    if (first >= 0) {
      char *key;
      const char *fix;
      char *why = unheard_why(g, first, &key, &fix);
      if (!key_said(said, key)) /* not the mix's error, nor a bus's warning, again */
        graph_warn(b, path, "stem '%s' prints silence: no track of it is heard at master: %s; %s",
                   name, why, fix);
      free(why);
      free(key);
    }
  }
  free(path);
}

/* Warnings for recipes that are valid but probably not what was meant. */
void graph_warn_mistakes(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  /* nothing heard in the mix: said first, what says it again then not */
  bool *h = heard_lanes(g), *refused = refused_route_lanes(g, h);
  sp_strmap said = {0};
  /* a bus fed by nothing in the session's words, where no --set fed it */
  const bool session_words = r->of_session && !routing_set(r);
  /* a bus's error first: the mix's is not said beside it (its own guard),
   * and the buses' warnings then say where the mix goes quiet */
  for (size_t i = 0; i < g->n_nodes; i++)
    bus_refused(b, &g->nodes[i], true);
  check_mix_heard(b, h, &said);
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_TRACK && n->strip->solo) {
      char *path = sp_xasprintf("%s.solo", n->path);
      if (!key_said(&said, path)) /* (the mix's error is at it) */
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
    if (n->kind != SP_NODE_BUS || bus_refused(b, n, false)) /* (said above) */
      continue;
    const size_t feeds = bus_feeds(g, n);
    /* (one whose sends play is heard through them: theirs are the buses'
     * own warnings) */
    if (n->strip->to_none && !n->strip->print && n->strip->n_sends == 0 &&
        !said_at(&said, n, "to")) {
      char *path = sp_xasprintf("%s.to", n->path);
      graph_warn(b, path, "bus '%s' %s%s, so nothing hears it; %s", n->name,
                 feeds_nothing(n->strip), unprinted(n->strip),
                 n->strip->unwired ? route_it(n->strip)
                                   : "add 'print: true' or route it to a bus or master");
      key_add(&said, path);
    } else if (feeds == 0 && n->strip->fed_left_out == SP_FED_LEFT_SILENT) /* (each said) */
      graph_warn(b, n->path,
                 "bus '%s' hears nothing: what feeds it in the session plays nothing there "
                 "either (left out, said in the import's notes: a track of no region that plays, "
                 "or of its instrument off); give it something to play there, or remove the bus",
                 n->name);
    else if (feeds == 0 && n->strip->fed_left_out == SP_FED_LEFT_LOST)
      graph_warn(b, n->path,
                 "bus '%s' hears nothing here: what feeds it in the session cannot be played "
                 "here (left out: each a loss the import names), so it is silent where the "
                 "session plays it",
                 n->name);
    else if (feeds == 0 && session_words)
      graph_warn(b, n->path,
                 "bus '%s' is fed by nothing (no route's output or send reaches it in the "
                 "session); connect one to it there, or remove it",
                 n->name);
    else if (feeds == 0)
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
    if (m < 0 || said_at(&said, &g->nodes[m], muted ? "mute" : "to") ||
        (muted && said_at(&said, &g->nodes[m], "mute_points")))
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
    else if (m == ed->dst && g->nodes[m].strip->unwired)
      graph_warn(b, ed->path, "this send goes to '%s', which %s, so it is not heard; %s",
                 g->nodes[m].name, feeds_nothing(g->nodes[m].strip), route_it(g->nodes[m].strip));
    else if (m == ed->dst)
      graph_warn(b, ed->path,
                 "this send goes to '%s', which feeds nothing ('to: none') and is not "
                 "printed, so it is not heard; route '%s' to a bus or master, or print it",
                 g->nodes[ed->dst].name, g->nodes[m].name);
    else
      graph_warn(b, ed->path,
                 "this send goes to '%s', whose output ends in '%s', which %s%s, so it is not "
                 "heard",
                 g->nodes[ed->dst].name, g->nodes[m].name, feeds_nothing(g->nodes[m].strip),
                 unprinted(g->nodes[m].strip));
  }
  /* nothing to render at all (the build's error follows, check_length:
   * nothing after this says one): every track muted or silenced by a
   * solo, and so each stem; where 'length' is written, the mix's error
   * names one mute, and a stem that mute silences is not said again */
  const bool empty = g->content_frames == 0 && sp_diags_errors(b->d) == 0;
  /* split: buses prints each of master's inputs whole: what reaches one
   * by a send sounds in its stem too (split: sources, a track's lane) */
  const bool whole = r->split == SP_SPLIT_BUSES;
  for (size_t s = 0; g->stems && !empty && s < r->n_stems; s++) {
    size_t tracks = 0, muted = 0, by_bus = 0;
    bool named = false;
    const char *bus = NULL; /* a muted bus the stem names */
    for (size_t t = 0; t < r->n_tracks; t++) {
      bool member = false, through_mute = false;
      for (size_t m = 0; m < r->stems[s].n_members && !member; m++) {
        int idx = sp_graph_find(g, r->stems[s].members[m]);
        member = idx == (int)t ||
                 (idx >= 0 && g->nodes[idx].kind == SP_NODE_BUS &&
                  (whole ? graph_reaches(g, (int)t, idx) : graph_feeds_via_main(g, (int)t, idx)));
        /* split: buses names master's inputs: a muted one silences its tracks */
        through_mute = member && idx >= 0 && g->nodes[idx].kind == SP_NODE_BUS &&
                       sp_strip_mutes(g->nodes[idx].strip, SP_MUTE_MAIN);
        if (through_mute && !bus)
          bus = g->nodes[idx].name;
        named |= through_mute && mute_said(&said, &g->nodes[idx]);
      }
      if (!member)
        continue;
      tracks++;
      /* (a track whose mute points leave a send out sounds there) */
      const bool mutes = sp_strip_mutes(&r->tracks[t].strip, SP_MUTE_ALL);
      muted += mutes || through_mute;
      by_bus += through_mute;
      named |= mutes && mute_said(&said, &g->nodes[t]);
    }
    if (tracks > 0 && muted < tracks)
      warn_stem_unheard(b, h, refused, s, &said);
    if (tracks == 0 || muted < tracks || named)
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
  free(h);
  free(refused);
  sp_strmap_fini(&said);
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

size_t graph_carried(const sp_graph *g, const sp_node *n, char **names)
{
  sp_writer w = {0};
  size_t count = 0;
  for (size_t l = 0; l < g->n_lanes; l++) {
    const char *name = n->lanes[l] ? lane_name(g, l) : NULL;
    bool said = false;
    for (size_t m = 0; name && m < l && !said; m++)
      said = n->lanes[m] && lane_name(g, m) == name;
    if (name && !said)
      sp_write(&w, "%s%s", count++ ? ", " : "", name);
  }
  *names = sp_writer_take(&w);
  return count;
}

void graph_check_links(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    size_t lanes = 0;
    for (size_t l = 0; l < g->n_lanes; l++)
      lanes += n->lanes[l];
    if (lanes < 2 || n->silent)
      continue;
    char *stems = NULL; /* whole, as a restem says them (core/graph/restem.c) */
    const size_t named = graph_carried(g, n, &stems);
    for (size_t k = 0; k < n->strip->n_inserts; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      if (ins->bypass)
        continue;
      const double floor = n->ins ? n->ins[k].link_floor : -INFINITY;
      if ((ins->cls->flags & SP_PROC_ONE_LANE) && g->per_source)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is nonlinear and has no sidechain input: the bleed measurement follows "
                    "each track through the mix on its own, and on %s '%s' (%zu tracks: %s) its "
                    "output cannot be split by track; bleed cannot measure this recipe through "
                    "it (a plugin with a sidechain input can be, `stemprint help lv2` and "
                    "`help ladspa` mark them keyed)",
                    ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
                    named ? named : lanes, stems);
      else if ((ins->cls->flags & SP_PROC_OUTBOARD) && named < 2 && !g->per_source)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is outboard gear, played back from one recording of its input; on "
                    "%s '%s' a linked version leaves out some of its tracks and keeps others, "
                    "and no part of that recording can be linked through an unknown unit: the "
                    "version would not add up to the mix. Give the version 'mode: own', leave out "
                    "all of the bus's tracks or none, or move the insert onto each track",
                    n->ins && n->ins[k].outboard ? n->ins[k].outboard->name : ins->cls->name,
                    n->kind == SP_NODE_MASTER ? "the" : "bus", n->name);
      else if (ins->cls->flags & SP_PROC_OUTBOARD) /* where no restem prints what can be */
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is outboard gear, played back from one recording of its input; on "
                    "%s '%s', which carries %zu stems (%s), that recording is of their sum, and "
                    "no stem can be linked through an unknown unit: the stems would not add up "
                    "to the mix. Move the insert onto each track or a bus of one stem (a send "
                    "and a return each), or print without stems",
                    n->ins && n->ins[k].outboard ? n->ins[k].outboard->name : ins->cls->name,
                    n->kind == SP_NODE_MASTER ? "the" : "bus", n->name, named ? named : lanes,
                    stems);
      else if (ins->cls->flags & SP_PROC_ONE_LANE)
        graph_error(b, SP_ERR_USAGE, ins->path,
                    "'%s' is nonlinear and has no sidechain input, so its output on %s '%s', "
                    "which carries %zu stems (%s), cannot be split into stems that add up to the "
                    "mix; use a plugin with a sidechain input (`stemprint help lv2` and `help "
                    "ladspa` mark them keyed), move it onto a track or a bus of one stem, or print "
                    "without stems",
                    ins->cls->name, n->kind == SP_NODE_MASTER ? "the" : "bus", n->name,
                    named ? named : lanes, stems);
      else if (floor > SP_LINK_FLOOR_MAX_DBFS && n->ins && n->ins[k].own_detector)
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
    free(stems);
  }
}
