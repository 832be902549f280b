/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe as nodes and edges (core/graph/builder.h): a node per track,
 * bus and master, an edge per main output, send and sidechain key, every
 * name resolved ("did you mean"). */

#include "core/graph/builder.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/graph/query.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_node(sp_graph *g, sp_node_kind kind, const char *name, char *path,
                    const sp_strip *strip)
{
  sp_node *n = &g->nodes[g->n_nodes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->name = name;
  n->path = path;
  n->strip = strip;
  n->layout = kind != SP_NODE_TRACK && strip->layout ? strip->layout : sp_layout_find("stereo");
  n->channels = n->layout->n;
  n->channels_unknown = strip->layout_unread;
  n->lane = -1;
  sp_strmap_put(&g->node_names, name, g->n_nodes); /* the first of a name stands */
  return (int)g->n_nodes++;
}

static void add_edge(sp_graph *g, size_t *cap, int src, int dst, sp_edge_kind kind,
                     const sp_send *send, char *path)
{
  SP_GROW(g->edges, g->n_edges, *cap);
  g->edges[g->n_edges++] = (sp_edge){.src = src,
                                     .dst = dst,
                                     .kind = kind,
                                     .send = send,
                                     .insert = -1,
                                     .key_gain = 1.0f,
                                     .lane_to = -1,
                                     .path = path,
                                     .lfe = -1};
}

/* The destination node of `to: name` at path, or -1 with an error
 * (none: the output of a bus, which may feed nothing, `to: none`). */
static int resolve_dest(builder *b, const char *name, const char *path, bool is_send, bool none)
{
  sp_graph *g = b->g;
  int i = sp_graph_find(g, name);
  if (i >= 0 && g->nodes[i].kind == SP_NODE_BUS)
    return i;
  if (i >= 0 && g->nodes[i].kind == SP_NODE_MASTER) {
    if (!is_send)
      return i;
    graph_error(b, SP_ERR_USAGE, path,
                "a send feeds a bus (an aux return), not master; route "
                "the strip itself with 'to: master'");
    return -1;
  }
  if (i >= 0) {
    graph_error(b, SP_ERR_USAGE, path, "'%s' is a track; %s a bus%s", name,
                is_send ? "a send feeds" : "a strip outputs to", is_send ? "" : " or master");
    return -1;
  }
  /* Suggest among buses (and master for outputs, and none for a bus's). */
  const char *cands[1025];
  size_t n = 0;
  if (none)
    cands[n++] = "none";
  for (size_t k = 0; k < g->n_nodes && n < 1025; k++)
    if (g->nodes[k].kind == SP_NODE_BUS || (!is_send && g->nodes[k].kind == SP_NODE_MASTER))
      cands[n++] = g->nodes[k].name;
  const char *near = sp_suggest(name, cands, n);
  /* a bus added: under 'buses:', or over a session (in no file the user
   * edits) by the --set that adds it, to paste as it is said */
  char *bus = sp_xasprintf("buses.%s", name), *set = sp_recipe_set_arg(b->r, bus, "{}");
  char *add = b->r->of_session ? sp_xasprintf("with --set %s", set) : sp_xstrdup("under 'buses:'");
  if (near)
    graph_error(b, SP_ERR_USAGE, path, "no bus named '%s'; did you mean '%s'?", name, near);
  else if (b->r->n_buses == 0)
    graph_error(b, SP_ERR_USAGE, path, "no bus named '%s'; the recipe has no buses (add one %s)",
                name, add);
  else
    graph_error(b, SP_ERR_USAGE, path,
                "no bus named '%s'; add it %s or pick one of the buses defined", name, add);
  free(add);
  free(set);
  free(bus);
  return -1;
}

void graph_build_nodes(builder *b)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  g->nodes = sp_xcalloc(r->n_tracks + r->n_buses + 1, sizeof *g->nodes);
  for (size_t i = 0; i < r->n_tracks; i++)
    add_node(g, SP_NODE_TRACK, r->tracks[i].name, sp_xasprintf("tracks.%s", r->tracks[i].name),
             &r->tracks[i].strip);
  for (size_t i = 0; i < r->n_buses; i++) {
    const char *name = r->buses[i].name;
    char *path = sp_xasprintf("buses.%s", name);
    for (size_t t = 0; t < r->n_tracks; t++)
      if (strcmp(r->tracks[t].name, name) == 0)
        graph_error(b, SP_ERR_USAGE, path,
                    "'%s' is already a track's name; tracks and buses share "
                    "one namespace, rename one of them",
                    name);
    add_node(g, SP_NODE_BUS, name, path, &r->buses[i].strip);
  }
  g->master = add_node(g, SP_NODE_MASTER, "master", sp_xstrdup("master"), &r->master);
}

/* The post_inserts of src's strip a tap `{after: place}` or `{after:
 * name}` written at path passes: place, or the place of the one
 * post_insert whose processor is name; 0 with an error when there is none
 * such. */
static size_t tap_after(builder *b, const sp_node *src, unsigned place, const char *name,
                        const char *path)
{
  const sp_strip *s = src->strip;
  const size_t at = s->n_inserts - s->n_post;
  if (s->post_unread)
    return 0; /* a post_insert refused (said): which there are is not known, nor judged */
  if (s->n_post == 0) {
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' has no post_inserts, so there is none to tap after; write 'tap: post' or "
                "'tap: fader', or give '%s' post_inserts",
                src->name, src->name);
    return 0;
  }
  if (!name) {
    if (place <= s->n_post)
      return place;
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' has %zu post_insert%s, so 'after: %u' is past %s; give 1 .. %zu (%zu: "
                "after %s, as 'tap: post')",
                src->name, s->n_post, s->n_post == 1 ? "" : "s", place,
                s->n_post == 1 ? "it" : "them", s->n_post, s->n_post,
                s->n_post == 1 ? "it" : "them all");
    return 0;
  }
  size_t found = 0, first = 0, second = 0;
  char list[512] = "";
  for (size_t k = at; k < s->n_inserts; k++) {
    const char *cls = s->inserts[k].cls->name;
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%zu: %s", k > at ? ", " : "",
             k - at + 1, cls);
    if (strcmp(cls, name) != 0)
      continue;
    if (found++ == 0)
      first = k - at + 1;
    else if (found == 2)
      second = k - at + 1;
  }
  if (found == 1)
    return first;
  if (found > 1)
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' has %zu post_inserts that are '%s' (%zu and %zu); give the place of the one "
                "to tap after, like 'after: %zu'",
                src->name, found, name, first, second, first);
  else
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' has no post_insert '%s' (its post_inserts: %s); name one of them, or give "
                "its place, 1 .. %zu",
                src->name, name, list, s->n_post);
  return 0;
}

/* Route node src to the bus named to (NULL: master) as its main output, or
 * as the given send; path (taken) is where the recipe names the route. */
static void connect(builder *b, size_t *cap, int src, const char *to, const sp_send *send,
                    char *path)
{
  sp_graph *g = b->g;
  int dst = to ? resolve_dest(b, to, path, send != NULL, !send && g->nodes[src].kind == SP_NODE_BUS)
               : g->master;
  if (dst == src) {
    graph_error(b, SP_ERR_USAGE, path, "a bus cannot %s itself (%s -> %s)",
                send ? "send to" : "output to", g->nodes[src].name, g->nodes[src].name);
    dst = -1;
  }
  if (dst < 0) { /* refused (said): where it was meant to go is not known */
    g->nodes[src].route_unknown |= !send;
    g->routes_unknown = true;
    free(path);
    return;
  }
  add_edge(g, cap, src, dst, send ? SP_EDGE_SEND : SP_EDGE_MAIN, send, path);
  if (send && (send->tap.after || send->tap.after_name)) {
    char *at = sp_xasprintf("%.*s.tap.after", (int)(strlen(path) - strlen(".to")), path);
    g->edges[g->n_edges - 1].tap_after =
        tap_after(b, &g->nodes[src], send->tap.after, send->tap.after_name, at);
    free(at);
  }
}

/* The `tap:` of insert ins's key as the recipe wrote it ("tap: fader",
 * "tap: {after: 2}"), into buf. */
static void key_tap_written(const sp_insert *ins, char *buf, size_t size)
{
  if (ins->key_tap.after_name)
    snprintf(buf, size, "tap: {after: %s}", ins->key_tap.after_name);
  else if (ins->key_tap.after)
    snprintf(buf, size, "tap: {after: %u}", ins->key_tap.after);
  else
    snprintf(buf, size, "tap: %s", sp_tap_name(&ins->key_tap));
}

/* The sidechain key of node dst's insert k: an edge from the key's source;
 * none for a keyed-per-lane class keyed by its own strip. */
static void connect_key(builder *b, size_t *cap, int dst, size_t k)
{
  sp_graph *g = b->g;
  const sp_insert *ins = &g->nodes[dst].strip->inserts[k];
  char *path = sp_xasprintf("%s.key.from", ins->path);
  int src = sp_graph_find(g, ins->key_from);
  if (src == dst && (ins->cls->flags & SP_PROC_KEYED_LANES)) {
    /* a plugin keyed through its sidechain input by its own signal at
     * the insert (the sum of the stems there), or at -inf dB by silence:
     * no edge, its key is that */
    if (ins->key_panned || ins->key_has_pan) {
      graph_error(b, SP_ERR_USAGE, path,
                  "a key from '%s' itself is its signal at this insert, before any pan; remove "
                  "'%s'",
                  ins->key_from, ins->key_panned ? "panned" : "pan");
    } else if (ins->key_tap.at != SP_TAP_PRE ||
               (ins->key_level_db != 0.0 && !sp_insert_key_silent(ins))) {
      char tap[128], fix[192];
      key_tap_written(ins, tap, sizeof tap);
      if (ins->key_tap.at != SP_TAP_PRE && ins->key_level_db != 0.0)
        snprintf(fix, sizeof fix, "'%s' and 'level'", tap);
      else
        snprintf(fix, sizeof fix, "'%s'", ins->key_tap.at != SP_TAP_PRE ? tap : "level");
      graph_error(b, SP_ERR_USAGE, path,
                  "a key from '%s' itself is its signal at this insert, which has no fader tap "
                  "or level of its own; remove %s",
                  ins->key_from, fix);
    }
  } else if (src == g->master) {
    graph_error(b, SP_ERR_USAGE, path,
                "a key comes from a track or a bus, not master: master is fed by every strip, so "
                "it would key itself; name the track or bus the detector should listen to");
  } else if (src == dst) {
    graph_error(b, SP_ERR_USAGE, path,
                "'%s' keyed by itself; leave out 'key' and the detector "
                "listens to its own input",
                ins->key_from);
  } else if (src < 0) {
    const char *cands[1024];
    size_t n = 0;
    for (size_t i = 0; i < g->n_nodes && n < 1024; i++)
      if ((int)i != g->master)
        cands[n++] = g->nodes[i].name;
    const char *near = sp_suggest(ins->key_from, cands, n);
    if (near)
      graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'; did you mean '%s'?",
                  ins->key_from, near);
    else
      graph_error(b, SP_ERR_USAGE, path, "no track or bus named '%s'", ins->key_from);
  } else {
    add_edge(g, cap, src, dst, SP_EDGE_KEY, NULL, path);
    g->edges[g->n_edges - 1].insert = (int)k;
    g->edges[g->n_edges - 1].key_post = ins->key_tap.at != SP_TAP_PRE;
    g->edges[g->n_edges - 1].key_fader = ins->key_tap.at == SP_TAP_FADER;
    if (ins->key_tap.after || ins->key_tap.after_name) {
      char *at = sp_xasprintf("%s.key.tap.after", ins->path);
      g->edges[g->n_edges - 1].tap_after =
          tap_after(b, &g->nodes[src], ins->key_tap.after, ins->key_tap.after_name, at);
      free(at);
    }
    g->edges[g->n_edges - 1].key_gain =
        isinf(ins->key_level_db) ? 0.0f : (float)pow(10.0, ins->key_level_db / 20.0);
    g->edges[g->n_edges - 1].key_panned = ins->key_panned;
    g->edges[g->n_edges - 1].key_has_pan = ins->key_has_pan;
    g->edges[g->n_edges - 1].key_pan = ins->key_pan;
    return;
  }
  free(path);
}

void graph_build_edges(builder *b)
{
  sp_graph *g = b->g;
  size_t cap = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_MASTER)
      continue;
    const sp_strip *s = n->strip;
    /* a `to:` refused where it was read: not master, the default */
    n->route_unknown = s->to_unread;
    g->routes_unknown |= s->to_unread || s->send_unread;
    if (!s->to_none && !s->to_unread)
      connect(b, &cap, (int)i, s->to, NULL, sp_xasprintf("%s.to", n->path));
    char *sends = sp_xasprintf("%s.sends", n->path);
    for (size_t k = 0; k < s->n_sends; k++)
      if (s->sends[k].to)
        connect(b, &cap, (int)i, s->sends[k].to, &s->sends[k],
                sp_xasprintf("%s[%zu].to", sends, sp_recipe_item_at(b->r, sends, k)));
    free(sends);
  }
  for (size_t i = 0; i < g->n_nodes; i++)
    for (size_t k = 0; k < g->nodes[i].strip->n_inserts; k++)
      if (g->nodes[i].strip->inserts[k].key_from)
        connect_key(b, &cap, (int)i, k);
  for (size_t e = 0; e < g->n_edges; e++) {
    sp_node *src = &g->nodes[g->edges[e].src], *dst = &g->nodes[g->edges[e].dst];
    src->out = sp_xreallocarray(src->out, src->n_out + 1, sizeof *src->out);
    src->out[src->n_out++] = (int)e;
    dst->in = sp_xreallocarray(dst->in, dst->n_in + 1, sizeof *dst->in);
    dst->in[dst->n_in++] = (int)e;
  }
}
