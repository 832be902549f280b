/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Graph build, validation and planning.
 *
 *   recipe ─► nodes + edges ─► names resolved ─► sources probed
 *          ─► schedule (Kahn) / cycles ─► solo, mute ─► stems → lanes
 *          ─► lanes propagated in schedule order ─► outputs resolved
 *
 * Every step records its problems and carries on where it safely can, so a
 * user sees all of a recipe's mistakes in one run. */

#include "core/graph.h"

#include "base/alloc.h"
#include "base/names.h"
#include "io/audio.h"
#include "io/source.h"

#include <errno.h>
#include <sys/resource.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct builder {
  const sp_recipe *r;
  sp_graph *g;
  sp_diags *d;
  const char **names; /* every node name, for suggestions */
  bool rebuild;       /* sp_graph_opts.rebuild: the warnings were said already */
  char **roots;       /* confinement (sp_graph_opts.confine): resolved folders; NULL: none */
  size_t n_roots;
} builder;

/* ---- confinement ---------------------------------------------------------- */

static void error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* path as the file system will resolve it: its longest existing prefix
 * through realpath (links followed), the rest appended with "." and ".."
 * taken lexically. NULL when not even "/" or "." resolves. */
static char *resolve_path(const char *path)
{
  char *head = sp_xstrdup(path), *real = NULL;
  size_t keep = strlen(head); /* head[0 .. keep) is the prefix tried */
  for (;;) {
    if (keep == 0) {
      real = realpath(path[0] == '/' ? "/" : ".", NULL);
      break;
    }
    head[keep] = '\0';
    if ((real = realpath(head, NULL)))
      break;
    char *slash = strrchr(head, '/');
    keep = !slash ? 0 : slash == head ? 1 : (size_t)(slash - head);
  }
  free(head);
  if (!real)
    return NULL;
  const char *rest = path + keep;
  char *out = sp_xmalloc(strlen(real) + strlen(rest) + 2);
  strcpy(out, real);
  free(real);
  for (const char *p = rest; *p;) {
    while (*p == '/')
      p++;
    size_t n = strcspn(p, "/");
    if (n == 0)
      break;
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      char *slash = strrchr(out, '/');
      if (slash && slash != out)
        *slash = '\0';
      else
        strcpy(out, "/");
    } else if (!(n == 1 && p[0] == '.')) {
      size_t l = strlen(out);
      if (l > 1)
        out[l++] = '/';
      memcpy(out + l, p, n);
      out[l + n] = '\0';
    }
    p += n;
  }
  return out;
}

static bool under(const char *path, const char *root)
{
  size_t n = strlen(root);
  return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0' || strcmp(root, "/") == 0);
}

/* Whether the recipe may use path (a file it reads, or its output folder):
 * always without confinement; with it, when path resolves inside a root.
 * Says why not at key. */
static bool allowed(builder *b, const char *path, const char *key, const char *what)
{
  if (!b->roots)
    return true;
  char *real = resolve_path(path);
  bool ok = false;
  for (size_t i = 0; real && i < b->n_roots && !ok; i++)
    ok = under(real, b->roots[i]);
  if (!ok) {
    char list[1024] = "";
    for (size_t i = 0; i < b->n_roots; i++) {
      size_t used = strlen(list);
      snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", b->roots[i]);
    }
    error(b, SP_ERR_USAGE, key,
          "%s '%s' resolves to '%s', outside the folders this render may use (--confine: %s); "
          "keep it inside them",
          what, path, real ? real : "?", list);
  }
  free(real);
  return ok;
}

static void pan_mono_law(double pan, double law_db, double *l, double *r)
{
  double theta = (pan + 1.0) * M_PI / 4.0;
  double cl = cos(theta), cr = sin(theta);
  double ll = (1.0 - pan) / 2.0, lr = (1.0 + pan) / 2.0;
  if (law_db == 0.0) {
    *l = fmin(1.0, 1.0 - pan);
    *r = fmin(1.0, 1.0 + pan);
  } else if (law_db == -6.0) {
    *l = ll;
    *r = lr;
  } else if (law_db == -4.5) {
    *l = sqrt(cl * ll);
    *r = sqrt(cr * lr);
  } else {
    *l = cl;
    *r = cr;
  }
}

void sp_pan_mono(double pan, double law_db, double *left, double *right)
{
  pan_mono_law(pan, law_db, left, right);
  /* cos(π/2) is 6e-17, not 0: a hard-panned source must not leak. */
  if (pan <= -1.0)
    *right = 0.0;
  if (pan >= 1.0)
    *left = 0.0;
}

void sp_pan_balance(double pan, double *left, double *right)
{
  double far = pan == 0.0 ? 1.0 : fabs(pan) >= 1.0 ? 0.0 : cos(fabs(pan) * M_PI / 2.0);
  *left = pan > 0 ? far : 1.0;
  *right = pan < 0 ? far : 1.0;
}

int sp_graph_find(const sp_graph *g, const char *name)
{
  for (size_t i = 0; i < g->n_nodes; i++)
    if (strcmp(g->nodes[i].name, name) == 0)
      return (int)i;
  return -1;
}

static void error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error(builder *b, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(b->d, kind, b->r->file, sp_recipe_where(b->r, path), path, fmt, ap);
  va_end(ap);
}

/* A warning about the recipe, said by the first build of its graph only:
 * a rebuild (an own version's render, the bleed measurement) would repeat
 * it word for word. */
static void warn(builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(builder *b, const char *path, const char *fmt, ...)
{
  if (b->rebuild)
    return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sp_recipe_warn(b->r, b->d, path, "%s", msg);
}

static int add_node(sp_graph *g, sp_node_kind kind, const char *name, char *path,
                    const sp_strip *strip)
{
  sp_node *n = &g->nodes[g->n_nodes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->name = name;
  n->path = path;
  n->strip = strip;
  n->channels = 2;
  n->lane = -1;
  return (int)g->n_nodes++;
}

static void add_edge(sp_graph *g, size_t *cap, int src, int dst, sp_edge_kind kind,
                     const sp_send *send, char *path)
{
  SP_GROW(g->edges, g->n_edges, *cap);
  g->edges[g->n_edges++] = (sp_edge){src, dst, kind, send, -1, false, -1, 0, path};
}

/* The destination node of `to: name` at path, or -1 with an error. */
static int resolve_dest(builder *b, const char *name, const char *path, bool is_send)
{
  sp_graph *g = b->g;
  int i = sp_graph_find(g, name);
  if (i >= 0 && g->nodes[i].kind == SP_NODE_BUS)
    return i;
  if (i >= 0 && g->nodes[i].kind == SP_NODE_MASTER) {
    if (!is_send)
      return i;
    error(b, SP_ERR_USAGE, path,
          "a send feeds a bus (an aux return), not master; route "
          "the strip itself with 'to: master'");
    return -1;
  }
  if (i >= 0) {
    error(b, SP_ERR_USAGE, path, "'%s' is a track; %s a bus%s", name,
          is_send ? "a send feeds" : "a strip outputs to", is_send ? "" : " or master");
    return -1;
  }
  /* Suggest among buses (and master for outputs). */
  const char *cands[1024];
  size_t n = 0;
  for (size_t k = 0; k < g->n_nodes && n < 1024; k++)
    if (g->nodes[k].kind == SP_NODE_BUS || (!is_send && g->nodes[k].kind == SP_NODE_MASTER))
      cands[n++] = g->nodes[k].name;
  const char *near = sp_suggest(name, cands, n);
  if (near)
    error(b, SP_ERR_USAGE, path, "no bus named '%s'; did you mean '%s'?", name, near);
  else if (b->r->n_buses == 0)
    error(b, SP_ERR_USAGE, path,
          "no bus named '%s'; the recipe has no buses (add one under "
          "'buses:')",
          name);
  else
    error(b, SP_ERR_USAGE, path,
          "no bus named '%s'; add it under 'buses:' or pick one of "
          "the buses defined",
          name);
  return -1;
}

static void build_nodes(builder *b)
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
        error(b, SP_ERR_USAGE, path,
              "'%s' is already a track's name; tracks and buses share "
              "one namespace, rename one of them",
              name);
    add_node(g, SP_NODE_BUS, name, path, &r->buses[i].strip);
  }
  g->master = add_node(g, SP_NODE_MASTER, "master", sp_xstrdup("master"), &r->master);
  g->nodes[g->master].channels = 2;
}

/* Route node src to the bus named to (NULL: master) as its main output, or
 * as the given send; path (taken) is where the recipe names the route. */
static void connect(builder *b, size_t *cap, int src, const char *to, const sp_send *send,
                    char *path)
{
  sp_graph *g = b->g;
  int dst = to ? resolve_dest(b, to, path, send != NULL) : g->master;
  if (dst == src) {
    error(b, SP_ERR_USAGE, path, "a bus cannot %s itself (%s -> %s)",
          send ? "send to" : "output to", g->nodes[src].name, g->nodes[src].name);
    dst = -1;
  }
  if (dst < 0) {
    free(path);
    return;
  }
  add_edge(g, cap, src, dst, send ? SP_EDGE_SEND : SP_EDGE_MAIN, send, path);
}

/* The sidechain key of node dst's insert k: an edge from the key's source. */
static void connect_key(builder *b, size_t *cap, int dst, size_t k)
{
  sp_graph *g = b->g;
  const sp_insert *ins = &g->nodes[dst].strip->inserts[k];
  char *path = sp_xasprintf("%s.key.from", ins->path);
  int src = sp_graph_find(g, ins->key_from);
  if (src == g->master) {
    error(b, SP_ERR_USAGE, path,
          "a key comes from a track or a bus, not master: master is fed by every strip, so "
          "it would key itself; name the track or bus the detector should listen to");
  } else if (src == dst) {
    error(b, SP_ERR_USAGE, path,
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
      error(b, SP_ERR_USAGE, path, "no track or bus named '%s'; did you mean '%s'?", ins->key_from,
            near);
    else
      error(b, SP_ERR_USAGE, path, "no track or bus named '%s'", ins->key_from);
  } else {
    add_edge(g, cap, src, dst, SP_EDGE_KEY, NULL, path);
    g->edges[g->n_edges - 1].insert = (int)k;
    g->edges[g->n_edges - 1].key_post = ins->key_post;
    return;
  }
  free(path);
}

static void build_edges(builder *b)
{
  sp_graph *g = b->g;
  size_t cap = 0;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_MASTER)
      continue;
    const sp_strip *s = n->strip;
    if (!s->to_none)
      connect(b, &cap, (int)i, s->to, NULL, sp_xasprintf("%s.to", n->path));
    for (size_t k = 0; k < s->n_sends; k++)
      if (s->sends[k].to)
        connect(b, &cap, (int)i, s->sends[k].to, &s->sends[k],
                sp_xasprintf("%s.sends[%zu].to", n->path, k));
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

/* ---- sources ------------------------------------------------------------- */

static double secs(int64_t frames, double rate) { return (double)frames / rate; }

static void plan_region(builder *b, sp_node *n, const sp_track *t, size_t k)
{
  const double rate = b->r->sample_rate;
  const sp_region *rg = &t->regions[k];
  /* Region fields live at tracks.X.regions[k].* in a list, else at tracks.X.*. */
  char *rp = t->regions_listed ? sp_xasprintf("%s.regions[%zu]", n->path, k) : sp_xstrdup(n->path);
  char *fp = sp_xasprintf("%s.file", rp);
  sp_region_plan *p = &n->regions[n->n_regions];
  memset(p, 0, sizeof *p);
  if (!rg->path)
    goto out;

  if (!allowed(b, rg->path, fp, "the file"))
    goto out;
  sp_audio_reader *reader;
  sp_audio_info info;
  char why[256];
  if (sp_audio_open(rg->path, &reader, &info, why, sizeof why) != SP_OK) {
    error(b, SP_ERR_IO, fp, "cannot read '%s': %s", rg->path, why);
    goto out;
  }
  sp_audio_close(reader);
  if (info.channels > 2) {
    error(b, SP_ERR_IO, fp,
          "'%s' has %d channels; stemprint takes mono or stereo files "
          "(split it into mono or stereo files first)",
          rg->path, info.channels);
    goto out;
  }
  int64_t file_frames = sp_source_session_frames(info.frames, info.sample_rate, rate);
  p->path = rg->path;
  p->channels = info.channels;
  p->file_rate = info.sample_rate;
  p->at = sp_time_frames(rg->at, rate);
  p->from = sp_time_frames(rg->from, rate);
  p->fade_in = sp_time_frames(rg->fade_in, rate);
  p->fade_out = sp_time_frames(rg->fade_out, rate);
  bool ok = true;
  if (file_frames == 0) {
    error(b, SP_ERR_IO, fp, "'%s' holds no audio (0 frames); export it again or remove the region",
          rg->path);
    ok = false;
  } else if (p->from >= file_frames) {
    char *kp = sp_xasprintf("%s.from", rp);
    error(b, SP_ERR_USAGE, kp,
          "starts at %.3f s, at or past the end of '%s' (%.3f s long); "
          "use a smaller 'from'",
          secs(p->from, rate), rg->file, secs(file_frames, rate));
    free(kp);
    ok = false;
  }
  if (rg->has_length) {
    p->length = sp_time_frames(rg->length, rate);
    char *kp = sp_xasprintf("%s.length", rp);
    if (p->length <= 0) {
      error(b, SP_ERR_USAGE, kp, "a region must be longer than 0");
      ok = false;
    } else if (ok && p->from + p->length > file_frames) {
      error(b, SP_ERR_USAGE, kp,
            "%.3f s runs past the end of '%s': at most %.3f s remain "
            "after 'from'",
            secs(p->length, rate), rg->file, secs(file_frames - p->from, rate));
      ok = false;
    }
    free(kp);
  } else if (ok) {
    p->length = file_frames - p->from;
  }
  if (ok && p->fade_in + p->fade_out > p->length) {
    char *kp = sp_xasprintf("%s.%s", rp, p->fade_out ? "fade_out" : "fade_in");
    error(b, SP_ERR_USAGE, kp,
          "fades (%.3f s in + %.3f s out) are longer than the region "
          "(%.3f s); shorten them",
          secs(p->fade_in, rate), secs(p->fade_out, rate), secs(p->length, rate));
    free(kp);
    ok = false;
  }
  if (ok) {
    if (p->channels > n->channels)
      n->channels = p->channels;
    p->key = fp;
    fp = NULL;
    n->n_regions++;
  }
out:
  free(fp);
  free(rp);
}

static void plan_sources(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < b->r->n_tracks; i++) {
    sp_node *n = &g->nodes[i];
    const sp_track *t = &b->r->tracks[i];
    n->channels = 1;
    n->regions = sp_xcalloc(t->n_regions, sizeof *n->regions);
    for (size_t k = 0; k < t->n_regions; k++)
      plan_region(b, n, t, k);
  }
}

/* ---- schedule ------------------------------------------------------------ */

/* Report one cycle through the nodes still marked in `left`, starting the
 * walk at start, and unmark its nodes. */
static void report_cycle(builder *b, bool *left, int start)
{
  sp_graph *g = b->g;
  int *stack = sp_xcalloc(g->n_nodes + 1, sizeof *stack);
  int *via = sp_xcalloc(g->n_nodes + 1, sizeof *via);
  int *pos = sp_xcalloc(g->n_nodes, sizeof *pos);
  for (size_t i = 0; i < g->n_nodes; i++)
    pos[i] = -1;
  /* Every node left after Kahn has an outgoing edge to another left node
   * (else it would have been scheduled... in reverse); walk until a repeat. */
  size_t depth = 0;
  int cur = start;
  while (pos[cur] < 0) {
    pos[cur] = (int)depth;
    stack[depth] = cur;
    int next = -1;
    for (size_t k = 0; k < g->nodes[cur].n_out && next < 0; k++) {
      int e = g->nodes[cur].out[k];
      if (left[g->edges[e].dst]) {
        next = g->edges[e].dst;
        via[depth] = e;
      }
    }
    depth++;
    if (next < 0)
      break;
    cur = next;
  }
  if (pos[cur] >= 0 && depth > 0) {
    size_t from = (size_t)pos[cur];
    size_t len = 0;
    for (size_t k = from; k < depth; k++)
      len += strlen(g->nodes[stack[k]].name) + 4;
    char *text = sp_xmalloc(len + strlen(g->nodes[cur].name) + 1);
    text[0] = '\0';
    for (size_t k = from; k < depth; k++) {
      strcat(text, g->nodes[stack[k]].name);
      strcat(text, " -> ");
    }
    strcat(text, g->nodes[cur].name);
    /* A key closing a cycle is easy to miss: name the insert it feeds. */
    char keys[512] = "";
    for (size_t k = from; k < depth; k++) {
      const sp_edge *e = &g->edges[via[k]];
      if (e->kind != SP_EDGE_KEY)
        continue;
      char one[256];
      snprintf(one, sizeof one, "%s%s -> %s is the key of %s", *keys ? ", " : " (",
               g->nodes[e->src].name, g->nodes[e->dst].name,
               g->nodes[e->dst].strip->inserts[e->insert].path);
      strncat(keys, one, sizeof keys - strlen(keys) - 2);
    }
    if (*keys)
      strcat(keys, ")");
    error(b, SP_ERR_USAGE, g->edges[via[depth - 1]].path,
          "routing cycle: %s%s; a signal cannot feed itself, remove one of these routes", text,
          keys);
    free(text);
    for (size_t k = from; k < depth; k++)
      left[stack[k]] = false;
  }
  left[start] = false;
  free(stack);
  free(via);
  free(pos);
}

static bool schedule(builder *b)
{
  sp_graph *g = b->g;
  size_t n = g->n_nodes;
  size_t *indeg = sp_xcalloc(n, sizeof *indeg);
  bool *done = sp_xcalloc(n, sizeof *done);
  for (size_t e = 0; e < g->n_edges; e++)
    indeg[g->edges[e].dst]++;
  g->order = sp_xcalloc(n, sizeof *g->order);
  size_t k = 0;
  /* Kahn's algorithm taking the lowest ready index each time, so the order
   * follows the recipe where routing allows; n is small. */
  for (;;) {
    size_t pick = n;
    for (size_t i = 0; i < n && pick == n; i++)
      if (!done[i] && indeg[i] == 0)
        pick = i;
    if (pick == n)
      break;
    done[pick] = true;
    g->order[k++] = (int)pick;
    for (size_t j = 0; j < g->nodes[pick].n_out; j++)
      indeg[g->edges[g->nodes[pick].out[j]].dst]--;
  }
  bool ok = k == n;
  if (!ok) {
    /* Nodes not scheduled are on a cycle or downstream of one; keep only
     * nodes that can still reach a left node, then report cycles one by one. */
    bool *left = sp_xcalloc(n, sizeof *left);
    for (size_t i = 0; i < n; i++)
      left[i] = !done[i];
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < n; i++) {
        if (!left[i])
          continue;
        bool feeds_left = false;
        for (size_t j = 0; j < g->nodes[i].n_out; j++)
          feeds_left |= left[g->edges[g->nodes[i].out[j]].dst];
        if (!feeds_left) {
          left[i] = false;
          changed = true;
        }
      }
    }
    for (size_t i = 0; i < n; i++)
      if (left[i])
        report_cycle(b, left, (int)i);
    free(left);
  }
  free(indeg);
  free(done);
  return ok;
}

/* ---- stems and lanes ----------------------------------------------------- */

/* Whether track t's main output path (its `to` chain) passes through bus. */
static bool feeds_via_main(const sp_graph *g, int t, int bus)
{
  int cur = t;
  for (size_t hops = 0; hops <= g->n_nodes; hops++) {
    int next = -1;
    for (size_t k = 0; k < g->nodes[cur].n_out; k++)
      if (g->edges[g->nodes[cur].out[k]].kind == SP_EDGE_MAIN)
        next = g->edges[g->nodes[cur].out[k]].dst;
    if (next < 0)
      return false;
    if (next == bus)
      return true;
    cur = next;
  }
  return false;
}

static int main_dest(const sp_graph *g, int i)
{
  for (size_t k = 0; k < g->nodes[i].n_out; k++)
    if (g->edges[g->nodes[i].out[k]].kind == SP_EDGE_MAIN)
      return g->edges[g->nodes[i].out[k]].dst;
  return -1;
}

static void unknown_member(builder *b, const char *name, const char *path, bool tracks_ok)
{
  sp_graph *g = b->g;
  const char *cands[1024];
  size_t n = 0;
  for (size_t k = 0; k < g->n_nodes && n < 1024; k++)
    if (g->nodes[k].kind != SP_NODE_MASTER && (tracks_ok || g->nodes[k].kind == SP_NODE_BUS))
      cands[n++] = g->nodes[k].name;
  const char *near = sp_suggest(name, cands, n);
  if (near)
    error(b, SP_ERR_USAGE, path, "no track or bus named '%s'; did you mean '%s'?", name, near);
  else
    error(b, SP_ERR_USAGE, path, "no track or bus named '%s'", name);
}

/* split: sources: a lane per stem; each unmuted track in exactly one. */
static void assign_sources(builder *b)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  int *owner = sp_xcalloc(g->n_nodes, sizeof *owner);
  for (size_t i = 0; i < g->n_nodes; i++)
    owner[i] = -1;
  for (size_t s = 0; s < r->n_stems; s++) {
    const sp_stem *st = &r->stems[s];
    for (size_t m = 0; m < st->n_members; m++) {
      char *path = sp_xasprintf("stems.%s[%zu]", st->name, m);
      int idx = sp_graph_find(g, st->members[m]);
      if (idx < 0 || idx == g->master) {
        if (idx == g->master)
          error(b, SP_ERR_USAGE, path,
                "'master' holds every track; a stem names tracks or "
                "buses");
        else
          unknown_member(b, st->members[m], path, true);
        free(path);
        continue;
      }
      bool is_bus = g->nodes[idx].kind == SP_NODE_BUS;
      size_t found = 0;
      for (size_t t = 0; t < r->n_tracks; t++) {
        if (is_bus ? !feeds_via_main(g, (int)t, idx) : (int)t != idx)
          continue;
        found++;
        if (owner[t] >= 0 && owner[t] != (int)s)
          error(b, SP_ERR_USAGE, path,
                "track '%s'%s%s%s is already in stem '%s'; a track "
                "belongs to exactly one stem",
                g->nodes[t].name, is_bus ? " (via bus '" : "", is_bus ? st->members[m] : "",
                is_bus ? "')" : "", r->stems[owner[t]].name);
        else if (owner[t] == (int)s && !is_bus)
          error(b, SP_ERR_USAGE, path, "track '%s' is listed twice in stem '%s'", g->nodes[t].name,
                st->name);
        else
          owner[t] = (int)s;
      }
      if (is_bus && found == 0)
        warn(b, path,
             "bus '%s' is fed by no track, so it adds nothing to "
             "stem '%s'",
             st->members[m], st->name);
      free(path);
    }
  }
  for (size_t t = 0; t < r->n_tracks; t++) {
    if (owner[t] < 0 && !r->tracks[t].strip.mute) {
      const char *near_stem = NULL;
      int dst = main_dest(g, (int)t);
      if (dst >= 0 && g->nodes[dst].kind == SP_NODE_BUS)
        near_stem = g->nodes[dst].name;
      error(b, SP_ERR_USAGE, "stems",
            "track '%s' is in no stem; add it (or its bus%s%s%s) to "
            "one of the stems, or mute it",
            g->nodes[t].name, near_stem ? " '" : "", near_stem ? near_stem : "",
            near_stem ? "'" : "");
    }
    g->nodes[t].lane = owner[t];
  }
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
    if (main_dest(g, (int)i) == g->master) {
      strncat(inputs, *inputs ? ", " : "", sizeof inputs - strlen(inputs) - 1);
      strncat(inputs, g->nodes[i].name, sizeof inputs - strlen(inputs) - 1);
    }
  }
  for (size_t s = 0; s < r->n_stems; s++) {
    const sp_stem *st = &r->stems[s];
    for (size_t m = 0; m < st->n_members; m++) {
      char *path = sp_xasprintf("stems.%s[%zu]", st->name, m);
      int idx = sp_graph_find(g, st->members[m]);
      if (idx < 0) {
        unknown_member(b, st->members[m], path, true);
      } else if (main_dest(g, idx) != g->master) {
        error(b, SP_ERR_USAGE, path,
              "'%s' is not one of master's inputs (%s); with 'split: "
              "buses' a stem lists master's inputs",
              st->members[m], inputs);
      } else if (owner[idx] >= 0) {
        error(b, SP_ERR_USAGE, path,
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
    if (owner[ed->src] < 0 && !g->nodes[ed->src].strip->mute)
      error(b, SP_ERR_USAGE, "stems",
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
    if ((int)t == idx || (g->nodes[idx].kind == SP_NODE_BUS && feeds_via_main(g, (int)t, idx)))
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
      char *path = sp_xasprintf("versions.%s.%s[%zu]", ver->name, ver->keep ? "keep" : "mute", k);
      if (kind == NAME_RETURN) {
        /* Lanes carry sources: a linked version can leave out sources (with
         * their sends), not the path through one return. An own version is
         * a render of its own, so it can silence the return itself. */
        if (ver->own && !ver->keep) {
          vp->muted_nodes[bus] = true;
          returns++;
        } else if (!quiet) {
          unknown = true;
          error(b, SP_ERR_USAGE, path,
                ver->keep ? "'%s' is a return (only sends reach it): 'keep' names the sources "
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
        error(b, SP_ERR_USAGE, path, "no stem, track or bus named '%s'; did you mean '%s'?",
              ver->names[k], near);
      else
        error(b, SP_ERR_USAGE, path, "no stem, track or bus named '%s'", ver->names[k]);
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
      error(b, SP_ERR_USAGE, path,
            "version '%s' leaves out nothing: it would print the mix again; %s", ver->name,
            ver->keep ? "keep fewer stems or tracks" : "mute a stem, track or bus that sounds");
    else if (!quiet && !unknown && ver->n_names > 0 && vp->n_left_out == sounding)
      error(b, SP_ERR_USAGE, path, "version '%s' leaves out every track: it would print silence",
            ver->name);
    free(path);
    /* Exactly a union of stems? */
    if (g->stems && vp->n_left_out > 0) {
      bool *covered = sp_xcalloc(T + 1, sizeof *covered), exact = true;
      vp->stems_left_out = sp_xcalloc(r->n_stems, sizeof *vp->stems_left_out);
      for (size_t k = 0; k < r->n_stems && exact; k++) {
        size_t in = 0, out = 0;
        for (size_t t = 0; t < T; t++)
          if (!g->nodes[t].silent && track_in_stem(g, (int)t, k))
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
            any = track_in_stem(g, (int)t, (size_t)vp->stems_left_out[k]);
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
  g->n_cells = C;
  g->lanes_per_cell = K;
  g->n_lanes = C * K;
  g->lane_stem = sp_xcalloc(g->n_lanes, sizeof *g->lane_stem);
  g->lane_source = sp_xcalloc(g->n_lanes, sizeof *g->lane_source);
  g->lane_cell = sp_xcalloc(g->n_lanes, sizeof *g->lane_cell);
  for (size_t c = 0; c < C; c++)
    for (size_t k = 0; k < K; k++) {
      size_t l = c * K + k;
      g->lane_cell[l] = (int)c;
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

static void plan_lanes(builder *b, const sp_graph_opts *opts)
{
  const sp_recipe *r = b->r;
  sp_graph *g = b->g;
  g->stems = r->has_stems && r->n_stems > 0;
  g->n_lanes = g->stems ? r->n_stems : 1;
  g->lane_names = sp_xcalloc(g->stems ? r->n_stems : 1, sizeof *g->lane_names);
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
  if (opts && opts->mix_only) {
    /* Everything was checked above; render the mix on one lane. */
    g->stems = false;
    for (size_t t = 0; t < r->n_tracks; t++)
      g->nodes[t].lane = 0;
    for (size_t e = 0; e < g->n_edges; e++)
      g->edges[e].lane_to = -1;
    for (size_t v = 0; v < g->n_versions; v++)
      memset(g->versions[v].left_out, 0, r->n_tracks * sizeof(bool));
  }
  g->per_source = opts && opts->per_source && g->stems;
  plan_cells(g);
}

static void propagate_lanes(sp_graph *g)
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

static void plan_silence(builder *b, const sp_graph_opts *opts)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < b->r->n_tracks; i++)
    g->any_solo |= b->r->tracks[i].strip.solo;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    n->silent = n->strip->mute || (n->kind == SP_NODE_TRACK && g->any_solo && !n->strip->solo);
    if (opts && opts->extra_mute && opts->extra_mute[i])
      n->silent = true;
  }
}

static void plan_length(builder *b)
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
    if (n->strip->mute || (g->any_solo && !n->strip->solo))
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

static void check_open_files(builder *b)
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
  struct rlimit rl;
  /* Besides the sources: the outputs, the recipe, the libraries' own. */
  const size_t spare = 64 + g->n_prints;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      most + spare > (size_t)rl.rlim_cur)
    error(b, SP_ERR_IO, "tracks",
          "%zu regions play at once (at %.3f s), each with its file open, but this process may "
          "open only %llu files: raise the limit (ulimit -n %zu) or let fewer regions overlap",
          most, (double)when / b->r->sample_rate, (unsigned long long)rl.rlim_cur, most + spare);
}

/* ---- processors, latency, tails ------------------------------------------ */

sp_proc_env sp_graph_proc_env(const sp_graph *g, const sp_node *n, size_t block_frames)
{
  sp_proc_env env = {g->sample_rate, n->channels, block_frames, g->floor_db};
  return env;
}

sp_proc_args sp_graph_insert_args(const sp_graph *g, const sp_node *n, size_t k)
{
  (void)g;
  const sp_insert *ins = &n->strip->inserts[k];
  sp_proc_args a = {ins->params, ins->n_sets,
                    n->resources ? (const sp_resource *const *)n->resources[k] : NULL};
  return a;
}

/* Load the resource a FILE parameter names: an audio file at the session
 * rate, at most the parameter's `max` seconds (an impulse response).
 * Reports a file that cannot be used at the parameter's key; NULL then. */
static sp_resource *load_resource(builder *b, const sp_insert *ins, size_t q)
{
  const sp_param *pr = &ins->cls->params[q];
  const char *path = ins->files[q];
  char *at = sp_xasprintf("%s.%s", ins->path, pr->name);
  sp_resource *res = NULL;
  if (allowed(b, path, at, "the file")) {
    float *ch[2] = {NULL, NULL};
    int channels = 0;
    int64_t frames = 0;
    char why[512];
    sp_err err = sp_source_load(path, b->r->sample_rate, pr->max, ch, &channels, &frames, why,
                                sizeof why);
    sp_audio_info info = {0};
    sp_audio_reader *rd;
    if (err == SP_OK && sp_audio_open(path, &rd, &info, why, sizeof why) == SP_OK)
      sp_audio_close(rd);
    if (err != SP_OK) {
      /* What the file is, in the parameter's own words ("impulse response
       * file (mono ...)" → "impulse response"); the reason names the file
       * when it is about its contents. */
      char noun[64];
      snprintf(noun, sizeof noun, "%.*s", (int)strcspn(pr->help, "(,"), pr->help);
      char *end = noun + strlen(noun);
      while (end > noun && end[-1] == ' ')
        *--end = '\0';
      if (end - noun > 5 && strcmp(end - 5, " file") == 0)
        end[-5] = '\0';
      if (strstr(why, path))
        error(b, err, at, "cannot use the %s: %s", noun, why);
      else
        error(b, err, at, "cannot use the %s '%s': %s; check '%s' (relative to the recipe's folder)",
              noun, path, why, pr->name);
    } else {
      res = sp_xcalloc(1, sizeof *res);
      res->name = path;
      res->channels = channels;
      res->frames = frames;
      res->file_rate = info.sample_rate;
      res->ch[0] = ch[0];
      res->ch[1] = ch[1];
    }
  }
  free(at);
  return res;
}

static void free_resources(sp_node *n)
{
  for (size_t k = 0; n->resources && k < n->strip->n_inserts; k++) {
    for (size_t q = 0; n->resources[k] && q < n->strip->inserts[k].cls->n_params; q++)
      if (n->resources[k][q]) {
        free((float *)n->resources[k][q]->ch[0]);
        free((float *)n->resources[k][q]->ch[1]);
        free(n->resources[k][q]);
      }
    free(n->resources[k]);
  }
  free(n->resources);
  n->resources = NULL;
}

/* Prepare every insert once: what only a processor can check (a frequency
 * above Nyquist, an unreadable IR) is reported now, before anything renders,
 * and each insert's latency and tail become data for the planner. */
static void probe_inserts(builder *b)
{
  sp_graph *g = b->g;
  for (size_t i = 0; i < g->n_nodes; i++) {
    sp_node *n = &g->nodes[i];
    const sp_strip *s = n->strip;
    n->ins_latency = sp_xcalloc(s->n_inserts ? s->n_inserts : 1, sizeof *n->ins_latency);
    n->ins_tail = sp_xcalloc(s->n_inserts ? s->n_inserts : 1, sizeof *n->ins_tail);
    n->resources = sp_xcalloc(s->n_inserts ? s->n_inserts : 1, sizeof *n->resources);
    for (size_t k = 0; k < s->n_inserts; k++) {
      /* Bypassed inserts are checked too: un-bypassing one must not turn
       * up an error the recipe already had. They add no latency or tail. */
      const sp_insert *ins = &s->inserts[k];
      const size_t np = ins->cls->n_params;
      n->resources[k] = sp_xcalloc(np ? np : 1, sizeof *n->resources[k]);
      bool loaded = true;
      for (size_t q = 0; ins->files && q < np; q++)
        if (ins->files[q] && !(n->resources[k][q] = load_resource(b, ins, q)))
          loaded = false;
      if (!loaded)
        continue;
      sp_proc_args args = sp_graph_insert_args(g, n, k);
      sp_proc_env env = sp_graph_proc_env(g, n, 64);
      char why[768];
      sp_err err = sp_proc_probe(ins->cls, &args, &env, &n->ins_latency[k], &n->ins_tail[k], why,
                                 sizeof why);
      if (err != SP_OK)
        error(b, err, ins->path, "%s", why);
      for (size_t q = 0; err == SP_OK && q < np; q++) {
        const sp_resource *res = n->resources[k][q];
        if (!res)
          continue;
        g->insert_files =
            sp_xreallocarray(g->insert_files, g->n_insert_files + 1, sizeof *g->insert_files);
        g->insert_files[g->n_insert_files++] = (sp_insert_file){
            ins->files[q], sp_xasprintf("%s.%s", ins->path, ins->cls->params[q].name),
            res->file_rate};
      }
      if (ins->bypass)
        n->ins_latency[k] = n->ins_tail[k] = 0;
    }
  }
}

/* Latency before insert k of n's chain, relative to the chain's input. */
static int64_t pre_latency(const sp_node *n, size_t k)
{
  int64_t t = 0;
  for (size_t j = 0; j < k; j++)
    t += n->ins_latency[j];
  return t;
}

/* Walk the schedule once: a node's input latency is the largest among its
 * inputs (keys: less the latency of the inserts before the keyed one), its
 * output adds its inserts'; every input arriving earlier gets a delay. */
static void plan_latency(sp_graph *g)
{
  for (size_t k = 0; k < g->n_nodes; k++) {
    sp_node *n = &g->nodes[g->order[k]];
    int64_t in = 0, tail = 0;
    for (size_t j = 0; j < n->n_in; j++) {
      const sp_edge *e = &g->edges[n->in[j]];
      const sp_node *src = &g->nodes[e->src];
      int64_t need = src->lat_out;
      if (e->kind == SP_EDGE_KEY)
        need -= pre_latency(n, (size_t)e->insert);
      else if (src->tail_out > tail)
        tail = src->tail_out;
      if (need > in)
        in = need;
    }
    n->lat_in = in;
    n->lat_out = in + pre_latency(n, n->strip->n_inserts);
    n->tail_out = tail;
    for (size_t j = 0; j < n->strip->n_inserts; j++)
      n->tail_out += n->ins_tail[j];
    for (size_t j = 0; j < n->n_in; j++) {
      sp_edge *e = &g->edges[n->in[j]];
      int64_t at = n->lat_in + (e->kind == SP_EDGE_KEY ? pre_latency(n, (size_t)e->insert) : 0);
      e->delay = at - g->nodes[e->src].lat_out;
    }
  }
  g->latency = g->nodes[g->master].lat_out;
}

static void plan_tail(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  if (!r->tail_auto) {
    g->tail_frames = sp_time_frames(r->tail, r->sample_rate);
    return;
  }
  int64_t cap = (int64_t)(SP_TAIL_CAP_SECONDS * r->sample_rate);
  g->tail_frames = g->nodes[g->master].tail_out;
  for (size_t o = 0; o < g->n_outputs; o++)
    if (g->outputs[o].kind == SP_OUT_BUS && g->nodes[g->outputs[o].node].tail_out > g->tail_frames)
      g->tail_frames = g->nodes[g->outputs[o].node].tail_out;
  if (g->tail_frames > cap) {
    warn(b, "tail",
         "the processors' tails last %.1f s; 'tail: auto' renders %g s of them: "
         "set 'tail' to render more",
         (double)g->tail_frames / r->sample_rate, SP_TAIL_CAP_SECONDS);
    g->tail_frames = cap;
    g->tail_capped = true;
  }
}

/* ---- stems of nodes ------------------------------------------------------- */

int sp_graph_home_stem(const sp_graph *g, int node)
{
  if (!g->stems || node == g->master)
    return -1;
  const sp_recipe *r = g->recipe;
  if (r->split == SP_SPLIT_SOURCES) {
    const sp_node *n = &g->nodes[node];
    return n->kind == SP_NODE_TRACK && n->lane >= 0 ? g->lane_stem[n->lane] : -1;
  }
  for (size_t hops = 0; hops <= g->n_nodes; hops++) {
    const sp_node *n = &g->nodes[node];
    int next = -1;
    for (size_t j = 0; j < n->n_out; j++) {
      const sp_edge *e = &g->edges[n->out[j]];
      if (e->kind != SP_EDGE_MAIN)
        continue;
      if (e->dst == g->master)
        return e->lane_to;
      next = e->dst;
    }
    if (next < 0)
      return -1;
    node = next;
  }
  return -1;
}

bool sp_graph_carries_stem(const sp_graph *g, int node, size_t stem)
{
  if (!g->stems || stem >= g->n_stems)
    return false;
  if (node == g->master)
    return true;
  if (g->recipe->split == SP_SPLIT_BUSES || g->per_source)
    return sp_graph_home_stem(g, node) == (int)stem;
  for (size_t l = 0; g->nodes[node].lanes && l < g->n_lanes; l++)
    if (g->nodes[node].lanes[l] && g->lane_stem[l] == (int)stem)
      return true;
  return false;
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
    *muted = s->mute;
    if (s->mute)
      return i;
    if (i == g->master || s->print)
      return -1;
    if (s->to_none)
      return i;
    i = main_dest(g, i);
  }
  return -1;
}

/* Warnings for recipes that are valid but probably not what was meant. */
static void warn_mistakes(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind == SP_NODE_TRACK && n->strip->solo) {
      char *path = sp_xasprintf("%s.solo", n->path);
      warn(b, path,
           "track '%s' is soloed: every track that is not soloed is silent in "
           "this render; remove 'solo' before printing",
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
      error(b, SP_ERR_USAGE, path,
            "bus '%s' feeds nothing ('to: none') and nothing feeds it; give it sends (a cue "
            "mix takes pre-fader sends) or remove it",
            n->name);
      free(path);
    } else if (n->strip->to_none && !n->strip->print) {
      char *path = sp_xasprintf("%s.to", n->path);
      warn(b, path,
           "bus '%s' feeds nothing ('to: none') and is not printed, so nothing hears "
           "it; add 'print: true' or route it to a bus or master",
           n->name);
      free(path);
    } else if (feeds == 0)
      warn(b, n->path,
           "bus '%s' is fed by nothing (no track or bus has 'to: %s' or a send to "
           "it); route something to it or remove it",
           n->name, n->name);
  }
  for (size_t e = 0; e < g->n_edges; e++) {
    const sp_edge *ed = &g->edges[e];
    if (ed->kind != SP_EDGE_SEND || g->nodes[ed->src].strip->mute)
      continue;
    bool muted;
    int m = lost_on_the_way(g, ed->dst, &muted);
    if (m < 0)
      continue;
    if (m == ed->dst && muted)
      warn(b, ed->path,
           "this send goes to '%s', which is muted, so it is not heard; unmute "
           "'%s' or remove the send",
           g->nodes[ed->dst].name, g->nodes[m].name);
    else if (muted)
      warn(b, ed->path,
           "this send goes to '%s', whose output reaches master through '%s', "
           "which is muted, so it is not heard",
           g->nodes[ed->dst].name, g->nodes[m].name);
    else if (m == ed->dst)
      warn(b, ed->path,
           "this send goes to '%s', which feeds nothing ('to: none') and is not "
           "printed, so it is not heard; route '%s' to a bus or master, or print it",
           g->nodes[ed->dst].name, g->nodes[m].name);
    else
      warn(b, ed->path,
           "this send goes to '%s', whose output ends in '%s', which feeds nothing "
           "('to: none') and is not printed, so it is not heard",
           g->nodes[ed->dst].name, g->nodes[m].name);
  }
  if (!g->stems)
    return;
  for (size_t s = 0; s < r->n_stems; s++) {
    size_t tracks = 0, muted = 0;
    for (size_t t = 0; t < r->n_tracks; t++) {
      bool member = false, through_mute = false;
      for (size_t m = 0; m < r->stems[s].n_members && !member; m++) {
        int idx = sp_graph_find(g, r->stems[s].members[m]);
        member = idx == (int)t ||
                 (idx >= 0 && g->nodes[idx].kind == SP_NODE_BUS && feeds_via_main(g, (int)t, idx));
        /* split: buses names master's inputs: a muted one silences its tracks */
        through_mute = member && idx >= 0 && g->nodes[idx].strip->mute;
      }
      if (!member)
        continue;
      tracks++;
      muted += r->tracks[t].strip.mute || through_mute;
    }
    if (tracks > 0 && muted == tracks) {
      char *path = sp_xasprintf("stems.%s", r->stems[s].name);
      warn(b, path,
           "every track of stem '%s' is muted, so it prints silence; unmute one "
           "or remove the stem",
           r->stems[s].name);
      free(path);
    }
  }
}

/* ---- outputs ------------------------------------------------------------- */

/* The output folder: output.dir (relative to the recipe's folder) or -o
 * (relative to where stemprint runs), `{recipe}` replaced by the recipe
 * file's base name in either. */
static char *expand_dir(const sp_recipe *r, const sp_graph_opts *opts)
{
  const bool given = opts && opts->out_dir;
  const char *t = given ? opts->out_dir : r->output.dir;
  size_t len = 0;
  for (const char *p = t; *p;) {
    if (strncmp(p, "{recipe}", 8) == 0) {
      len += strlen(r->base);
      p += 8;
    } else {
      len++;
      p++;
    }
  }
  char *dir = sp_xmalloc(len + 1), *o = dir;
  for (const char *p = t; *p;) {
    if (strncmp(p, "{recipe}", 8) == 0) {
      strcpy(o, r->base);
      o += strlen(r->base);
      p += 8;
    } else {
      *o++ = *p++;
    }
  }
  *o = '\0';
  if (given || dir[0] == '/' || strcmp(r->dir, ".") == 0)
    return dir;
  char *full = sp_xasprintf("%s/%s", r->dir, dir);
  free(dir);
  return full;
}

/* Check that dir exists as a writable folder or can be created. */
static void check_out_dir(builder *b, const char *dir, const char *key)
{
  char *p = sp_xstrdup(dir);
  for (;;) {
    struct stat st;
    if (stat(p, &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        error(b, SP_ERR_IO, key,
              "cannot create output folder '%s': '%s' is a file, not a "
              "folder; choose another output.dir or -o",
              dir, p);
      else if (access(p, W_OK | X_OK) != 0)
        error(b, SP_ERR_IO, key, "cannot write into '%s': %s; choose another output.dir or -o", p,
              strerror(errno));
      break;
    }
    /* ENOTDIR: a file is in the way further up; the walk up will name it. */
    if (errno != ENOENT && errno != ENOTDIR) {
      error(b, SP_ERR_IO, key, "cannot use output folder '%s': %s", dir, strerror(errno));
      break;
    }
    char *slash = strrchr(p, '/');
    if (!slash)
      break; /* a relative path whose first part is missing: made in "." */
    if (slash == p) {
      p[1] = '\0';
    } else {
      *slash = '\0';
    }
  }
  free(p);
}

static bool same_file(const struct stat *a, const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && st.st_dev == a->st_dev && st.st_ino == a->st_ino;
}

/* Refuse an output path that is one of the render's inputs. */
static void check_not_input(builder *b, const char *out, const char *key)
{
  struct stat st;
  if (stat(out, &st) != 0)
    return;
  const sp_recipe *r = b->r;
  if (same_file(&st, r->file)) {
    error(b, SP_ERR_USAGE, key,
          "output '%s' would overwrite the recipe itself; choose "
          "another output.dir or name",
          out);
    return;
  }
  for (size_t t = 0; t < r->n_tracks; t++)
    for (size_t k = 0; k < r->tracks[t].n_regions; k++) {
      const sp_region *rg = &r->tracks[t].regions[k];
      if (rg->path && same_file(&st, rg->path)) {
        error(b, SP_ERR_USAGE, key,
              "output '%s' would overwrite '%s', an input of track "
              "'%s'; choose another output.dir or name",
              out, rg->file, r->tracks[t].name);
        return;
      }
    }
  /* Files the inserts read: a convolver's impulse response. */
  const sp_graph *g = b->g;
  for (size_t n = 0; n < g->n_nodes; n++) {
    const sp_strip *s = g->nodes[n].strip;
    for (size_t k = 0; s && k < s->n_inserts; k++) {
      const sp_insert *ins = &s->inserts[k];
      for (size_t q = 0; ins->files && q < ins->cls->n_params; q++)
        if (ins->files[q] && same_file(&st, ins->files[q])) {
          error(b, SP_ERR_USAGE, key,
                "output '%s' would overwrite '%s', the %s of %s; choose another output.dir or "
                "name",
                out, ins->files[q], ins->cls->params[q].name, ins->path);
          return;
        }
    }
  }
}

static sp_output_plan *add_output(sp_graph *g, sp_out_kind kind, const char *name, char *key)
{
  g->outputs = sp_xreallocarray(g->outputs, g->n_outputs + 1, sizeof *g->outputs);
  sp_output_plan *o = &g->outputs[g->n_outputs++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  o->name = name;
  o->key = key;
  o->node = -1;
  o->index = -1;
  if (kind != SP_OUT_BUS)
    o->lanes = sp_xcalloc(g->n_lanes + 1, sizeof *o->lanes);
  return o;
}

/* The file name of an output: output.name's template for its kind,
 * expanded, with the format's extension; checked to be portable (the
 * template was checked by the parser, the name's letters come from it and
 * the recipe's names). NULL after reporting a name that is not. */
static char *file_name(builder *b, sp_out_kind kind, const char *name, const char *key)
{
  const sp_recipe *r = b->r;
  static const char *const kinds[] = {"mix", "stem", "version", "bus"};
  static const char *const keys[] = {"output.name.mix", "output.name.stems",
                                     "output.name.versions", "output.name.buses"};
  const char *tmpl = r->output.name[kind] ? r->output.name[kind] : "{name}";
  sp_name_vars v = {.recipe = r->base,
                    .name = name,
                    .kind = kinds[kind],
                    .format = sp_format_ext(r->output.format),
                    .rate_hz = r->sample_rate,
                    .depth = (int)r->output.depth};
  char *stem = sp_name_expand(tmpl, &v);
  char *file = sp_xasprintf("%s.%s", stem, v.format);
  free(stem);
  char why[512];
  if (!sp_file_name_check(file, why, sizeof why)) {
    bool one = true; /* output.name as one template for every kind */
    for (size_t k = 1; k < 4 && one; k++)
      one = r->output.name[k] && r->output.name[0] && strcmp(r->output.name[k], r->output.name[0]) == 0;
    error(b, SP_ERR_USAGE, !r->output.name[kind] ? key : one ? "output.name" : keys[kind],
          "the %s '%s' cannot be printed under this name: %s; %s", kinds[kind], name, why,
          r->output.name[kind] ? "change output.name" : "rename it");
    free(file);
    return NULL;
  }
  return file;
}

/* Every file a whole render prints, named and checked once: two names that
 * are the same or differ only in case would overwrite each other (on the
 * file systems that ignore case). */
static void plan_prints(builder *b)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  typedef struct named {
    sp_out_kind kind;
    const char *name, *key;
  } named;
  named *all = NULL;
  size_t n = 0, cap = 0;
  SP_GROW(all, n, cap);
  all[n++] = (named){SP_OUT_MIX, r->output.mix, "output.mix"};
  char **keys = sp_xcalloc(r->n_stems + r->n_versions + g->n_nodes + 1, sizeof *keys);
  size_t n_keys = 0;
  for (size_t s = 0; r->has_stems && s < r->n_stems; s++) {
    SP_GROW(all, n, cap);
    keys[n_keys] = sp_xasprintf("stems.%s", r->stems[s].name);
    all[n++] = (named){SP_OUT_STEM, r->stems[s].name, keys[n_keys++]};
  }
  for (size_t v = 0; v < r->n_versions; v++) {
    SP_GROW(all, n, cap);
    keys[n_keys] = sp_xasprintf("versions.%s", r->versions[v].name);
    all[n++] = (named){SP_OUT_VERSION, r->versions[v].name, keys[n_keys++]};
  }
  for (size_t i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].kind == SP_NODE_BUS && g->nodes[i].strip->print) {
      SP_GROW(all, n, cap);
      keys[n_keys] = sp_xasprintf("%s.print", g->nodes[i].path);
      all[n++] = (named){SP_OUT_BUS, g->nodes[i].name, keys[n_keys++]};
    }
  g->prints = sp_xcalloc(n, sizeof *g->prints);
  g->n_prints = n;
  static const char *const kinds[] = {"the mix", "stem", "version", "printed bus"};
  for (size_t a = 0; a < n; a++) {
    g->prints[a] = file_name(b, all[a].kind, all[a].name, all[a].key);
    for (size_t c = 0; g->prints[a] && c < a; c++) {
      if (!g->prints[c] || strcasecmp(g->prints[a], g->prints[c]) != 0)
        continue;
      const named *x = &all[a], *y = &all[c];
      const bool is_mix = y->kind == SP_OUT_MIX, cased = strcmp(g->prints[a], g->prints[c]) != 0;
      error(b, SP_ERR_USAGE, x->key, "%s '%s' would be written to '%s', like %s%s%s%s; %s%s",
            kinds[x->kind], x->name, g->prints[a], kinds[y->kind], is_mix ? "" : " '",
            is_mix ? "" : y->name, is_mix ? "" : "'",
            r->output.name[x->kind] || r->output.name[y->kind]
                ? "rename one of them, or put {name} in output.name"
            : is_mix ? "rename it or set output.mix"
                     : "rename one of them",
            cased ? " (names that differ only in case are one file on macOS and Windows)" : "");
      break;
    }
  }
  for (size_t k = 0; k < n_keys; k++)
    free(keys[k]);
  free(keys);
  free(all);
}

/* The planned path of print i (see plan_prints), or a placeholder when its
 * name was refused (the build fails; the path is never used). */
static char *print_path(const sp_graph *g, size_t i)
{
  return sp_xasprintf("%s/%s", g->out_dir, g->prints[i] ? g->prints[i] : "?");
}

/* What the render writes, and where: the mix, the stems, the versions and
 * the printed buses; every file name once. */
static void plan_outputs(builder *b, const sp_graph_opts *opts)
{
  sp_graph *g = b->g;
  const sp_recipe *r = b->r;
  const char *ext = sp_format_ext(r->output.format);
  const char *dir_key = opts && opts->out_dir ? NULL : "output.dir";
  const bool mix_only = opts && opts->mix_only;
  g->out_dir = expand_dir(r, opts);
  if (allowed(b, g->out_dir, dir_key ? dir_key : "-o", "the output folder"))
    check_out_dir(b, g->out_dir, dir_key ? dir_key : "-o");
  plan_prints(b);
  size_t next_print = 1; /* prints: the mix, stems, versions, buses */
  g->mix_path = opts && opts->mix_path ? sp_xstrdup(opts->mix_path) : print_path(g, 0);
  check_not_input(b, g->mix_path, "output.mix");
  sp_output_plan *mix = add_output(g, SP_OUT_MIX, r->output.mix, sp_xstrdup("output.mix"));
  mix->path = sp_xstrdup(g->mix_path);
  mix->file = sp_xstrdup(g->prints[0] ? g->prints[0] : "?");
  for (size_t l = 0; l < g->n_lanes; l++)
    mix->lanes[l] = true;
  if (g->stems) {
    g->n_stems = r->n_stems;
    g->stem_paths = sp_xcalloc(g->n_stems, sizeof *g->stem_paths);
    for (size_t s = 0; s < g->n_stems; s++) {
      g->stem_paths[s] = print_path(g, 1 + s);
      char *key = sp_xasprintf("stems.%s", r->stems[s].name);
      check_not_input(b, g->stem_paths[s], key);
      sp_output_plan *o = add_output(g, SP_OUT_STEM, r->stems[s].name, key);
      o->path = sp_xstrdup(g->stem_paths[s]);
      o->file = sp_xstrdup(g->prints[1 + s] ? g->prints[1 + s] : "?");
      o->index = (int)s;
      for (size_t l = 0; l < g->n_lanes; l++)
        o->lanes[l] = g->lane_stem[l] == (int)s;
    }
  }
  if (r->has_stems)
    next_print += r->n_stems;
  /* Versions: a linked one sums the cells it does not leave out. */
  const size_t K = g->lanes_per_cell ? g->lanes_per_cell : 1;
  for (size_t v = 0; !mix_only && v < g->n_versions; v++) {
    const sp_version_plan *vp = &g->versions[v];
    char *key = sp_xasprintf("versions.%s", vp->v->name);
    sp_output_plan *o = add_output(g, SP_OUT_VERSION, vp->v->name, key);
    o->path = print_path(g, next_print + v);
    o->file = sp_xstrdup(g->prints[next_print + v] ? g->prints[next_print + v] : "?");
    o->index = (int)v;
    o->own = vp->v->own;
    check_not_input(b, o->path, key);
    for (size_t l = 0; !o->own && l < g->n_lanes; l++)
      o->lanes[l] = true;
    for (size_t t = 0; !o->own && t < r->n_tracks; t++)
      if (vp->left_out[t] && g->nodes[t].lane >= 0)
        for (size_t k = 0; k < K; k++)
          o->lanes[(size_t)g->nodes[t].lane + k] = false;
  }
  next_print += g->n_versions;
  /* Printed buses. */
  for (size_t i = 0; i < g->n_nodes; i++) {
    const sp_node *n = &g->nodes[i];
    if (n->kind != SP_NODE_BUS || !n->strip->print)
      continue;
    const size_t at = next_print++;
    if (mix_only)
      continue;
    char *key = sp_xasprintf("%s.print", n->path);
    sp_output_plan *o = add_output(g, SP_OUT_BUS, n->name, key);
    o->path = print_path(g, at);
    o->file = sp_xstrdup(g->prints[at] ? g->prints[at] : "?");
    o->node = (int)i;
    check_not_input(b, o->path, key);
  }
  /* What each linked version leaves out, when the stems do not hold it
   * exactly, for its null test (after the names are checked: it has none
   * of its own). */
  const size_t n_before_rests = g->n_outputs;
  for (size_t i = 0; i < n_before_rests; i++) {
    const sp_output_plan *v = &g->outputs[i];
    if (v->kind != SP_OUT_VERSION || v->own || g->versions[v->index].n_stems_left_out > 0)
      continue;
    const int index = v->index;
    sp_output_plan *o = add_output(g, SP_OUT_REST, g->outputs[i].name,
                                   sp_xasprintf("%s (what it leaves out)", g->outputs[i].key));
    const sp_output_plan *ver = &g->outputs[i]; /* add_output may have moved it */
    o->path = sp_xasprintf("%s/.%s.left-out.%s", g->out_dir, ver->name, ext);
    o->file = sp_xasprintf(".%s.left-out.%s", ver->name, ext);
    o->index = index;
    o->of = (int)i;
    for (size_t l = 0; l < g->n_lanes; l++)
      o->lanes[l] = !ver->lanes[l];
  }
  /* Every output aligned: master's latency, or a printed bus's if larger. */
  int64_t latency = g->nodes[g->master].lat_out;
  for (size_t o = 0; o < g->n_outputs; o++)
    if (g->outputs[o].kind == SP_OUT_BUS && g->nodes[g->outputs[o].node].lat_out > latency)
      latency = g->nodes[g->outputs[o].node].lat_out;
  g->latency = latency;
  for (size_t o = 0; o < g->n_outputs; o++) {
    sp_output_plan *x = &g->outputs[o];
    x->delay = latency - g->nodes[x->kind == SP_OUT_BUS ? x->node : g->master].lat_out;
  }
}

sp_err sp_graph_build(const sp_recipe *r, const sp_graph_opts *opts, sp_graph **out, sp_diags *d)
{
  size_t errors_before = sp_diags_errors(d);
  *out = NULL;
  sp_graph *g = sp_xcalloc(1, sizeof *g);
  g->recipe = r;
  g->sample_rate = r->sample_rate;
  builder b = {r, g, d, NULL, opts && opts->rebuild, NULL, 0};
  if (opts && opts->confine) {
    const size_t n = opts->n_roots ? opts->n_roots : 1;
    b.roots = sp_xcalloc(n, sizeof *b.roots);
    for (size_t i = 0; i < n; i++) {
      const char *root = opts->n_roots ? opts->roots[i] : r->dir;
      if ((b.roots[b.n_roots] = realpath(root, NULL)))
        b.n_roots++;
      else
        sp_diags_error(d, SP_ERR_USAGE, NULL, (sp_pos){0, 0}, NULL,
                       "--confine-to '%s': %s; give a folder that exists", root, strerror(errno));
    }
  }

  g->floor_db = r->output.depth == SP_DEPTH_16   ? -98.0
                : r->output.depth == SP_DEPTH_24 ? -146.0
                                                 : -150.0;
  build_nodes(&b);
  build_edges(&b);
  plan_sources(&b);
  probe_inserts(&b);
  bool scheduled = schedule(&b);
  plan_silence(&b, opts);
  plan_lanes(&b, opts);
  if (scheduled) {
    propagate_lanes(g);
    plan_latency(g);
  }
  plan_length(&b);
  plan_outputs(&b, opts);
  check_open_files(&b);
  plan_tail(&b);
  if (scheduled)
    warn_mistakes(&b);
  /* The longest render: content and tail together, each already at most
   * a day by the parser. */
  const int64_t longest = (int64_t)(SP_MAX_SECONDS * r->sample_rate);
  if (sp_diags_errors(d) == errors_before && g->content_frames + g->tail_frames > longest)
    error(&b, SP_ERR_USAGE, !r->length_auto ? "length" : !r->tail_auto ? "tail" : "tracks",
          "the render would last %.0f s (%.0f s and a tail of %.0f s), longer than %s, the "
          "longest stemprint renders; shorten it",
          (double)(g->content_frames + g->tail_frames) / r->sample_rate,
          (double)g->content_frames / r->sample_rate, (double)g->tail_frames / r->sample_rate,
          SP_MAX_TEXT);
  if (scheduled && g->content_frames == 0 && sp_diags_errors(d) == 0)
    error(&b, SP_ERR_USAGE, "tracks",
          "nothing to render: every track is muted or silenced "
          "by solo; unmute a track or set 'length'");

  for (size_t i = 0; i < b.n_roots; i++)
    free(b.roots[i]);
  free(b.roots);
  if (sp_diags_errors(d) > errors_before) {
    sp_graph_free(g);
    return sp_diags_status(d);
  }
  *out = g;
  return SP_OK;
}

void sp_graph_free(sp_graph *g)
{
  if (!g)
    return;
  for (size_t i = 0; i < g->n_nodes; i++) {
    free(g->nodes[i].path);
    for (size_t k = 0; k < g->nodes[i].n_regions; k++)
      free(g->nodes[i].regions[k].key);
    free(g->nodes[i].regions);
    free(g->nodes[i].lanes);
    free(g->nodes[i].in);
    free(g->nodes[i].out);
    free(g->nodes[i].ins_latency);
    free(g->nodes[i].ins_tail);
    free_resources(&g->nodes[i]);
  }
  for (size_t e = 0; e < g->n_edges; e++)
    free(g->edges[e].path);
  for (size_t f = 0; f < g->n_insert_files; f++)
    free(g->insert_files[f].key);
  free(g->insert_files);
  free(g->nodes);
  free(g->edges);
  free(g->order);
  free(g->lane_names);
  free(g->lane_stem);
  free(g->lane_source);
  free(g->lane_cell);
  for (size_t v = 0; g->versions && v < g->n_versions; v++) {
    free(g->versions[v].left_out);
    free(g->versions[v].muted_nodes);
    free(g->versions[v].stems_left_out);
  }
  free(g->versions);
  for (size_t o = 0; o < g->n_outputs; o++) {
    free(g->outputs[o].path);
    free(g->outputs[o].file);
    free(g->outputs[o].key);
    free(g->outputs[o].lanes);
  }
  free(g->outputs);
  free(g->out_dir);
  for (size_t i = 0; i < g->n_prints; i++)
    free(g->prints[i]);
  free(g->prints);
  free(g->mix_path);
  if (g->stem_paths)
    for (size_t s = 0; s < g->n_stems; s++)
      free(g->stem_paths[s]);
  free(g->stem_paths);
  free(g);
}
