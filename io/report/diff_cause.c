/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Why two recipes' prints differ (io/report/diff_cause.h). */

#include "io/report/diff_cause.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/graph/query.h"
#include "core/procs/proc.h"
#include "core/recipe/writer.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct leaf {
  char *path, *value;
  double frames; /* a time's, at its recipe's rate (sp_time_frames_exact); NAN: no time */
} leaf;

typedef struct leaves {
  leaf *v;
  size_t n, cap;
} leaves;

/* A time as the canonical recipe holds it, {"s": x} or {"frames": n}
 * (core/recipe/walk.c), into *t; false when j is none. */
static bool time_of(const json_t *j, sp_time *t)
{
  if (!json_is_object(j) || json_object_size(j) != 1)
    return false;
  const json_t *s = json_object_get(j, "s"), *f = json_object_get(j, "frames");
  if (s && json_is_number(s))
    *t = (sp_time){.seconds = json_number_value(s)};
  else if (f && json_is_integer(f))
    *t = (sp_time){.frames = (int64_t)json_integer_value(f), .in_frames = true};
  else
    return false;
  return true;
}

/* The canonical recipe j's leaves under path into out: a time one leaf,
 * said as written (`2 s`, `96000 smp`) and held as the frames it plans at
 * rate, so that `2 s` and `96000 smp` at 48 kHz are one time. */
static void flatten(const json_t *j, const char *path, double rate, leaves *out)
{
  sp_time t;
  if (time_of(j, &t)) {
    char num[40];
    SP_GROW(out->v, out->n, out->cap);
    out->v[out->n].path = sp_xstrdup(path);
    out->v[out->n].value = t.in_frames ? sp_xasprintf("%lld smp", (long long)t.frames)
                                       : sp_xasprintf("%s s", sp_number_text(t.seconds, num));
    out->v[out->n++].frames = sp_time_frames_exact(t, rate);
    return;
  }
  if (json_is_object(j) && json_object_size(j) > 0) {
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
      char *p = *path ? sp_xasprintf("%s.%s", path, k) : sp_xstrdup(k);
      flatten(v, p, rate, out);
      free(p);
    }
    return;
  }
  if (json_is_array(j) && json_array_size(j) > 0) {
    for (size_t i = 0; i < json_array_size(j); i++) {
      char *p = sp_xasprintf("%s[%zu]", path, i);
      flatten(json_array_get(j, i), p, rate, out);
      free(p);
    }
    return;
  }
  SP_GROW(out->v, out->n, out->cap);
  out->v[out->n].path = sp_xstrdup(path);
  out->v[out->n].value = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
  out->v[out->n++].frames = NAN;
}

static void leaves_of(const char *text, double rate, leaves *out)
{
  memset(out, 0, sizeof *out);
  json_error_t e;
  json_t *j = text ? json_loads(text, 0, &e) : NULL;
  if (j)
    flatten(j, "", rate, out);
  json_decref(j);
}

static void leaves_fini(leaves *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i].path), free(l->v[i].value);
  free(l->v);
}

static void add_name(char ***v, size_t *n, const char *file)
{
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*v)[i], file) == 0)
      return;
  *v = sp_xreallocarray(*v, *n + 1, sizeof **v);
  (*v)[(*n)++] = sp_xstrdup(file);
}

/* The nodes node reaches by its edges (itself included), as flags. */
static bool *reachable(const sp_graph *g, int node)
{
  const size_t nn = sp_graph_count(g, SP_GRAPH_NODES);
  bool *seen = sp_xcalloc(nn + 1, sizeof *seen);
  int *stack = sp_xcalloc(nn + 1, sizeof *stack);
  size_t top = 0;
  seen[node] = true;
  stack[top++] = node;
  while (top) {
    const sp_node *n = sp_graph_node(g, (size_t)stack[--top]);
    for (size_t k = 0; k < n->n_out; k++) {
      const int d = sp_graph_edge(g, (size_t)n->out[k])->dst;
      if (d >= 0 && (size_t)d < nn && !seen[d])
        seen[d] = true, stack[top++] = d;
    }
  }
  free(stack);
  return seen;
}

/* Whether output o is reached by node (see the header): whether o's
 * signal passes through it. */
static bool node_reaches(const sp_graph *g, int node, const bool *seen, const sp_output_plan *o)
{
  const sp_node *n = sp_graph_node(g, (size_t)node);
  const size_t nl = sp_graph_count(g, SP_GRAPH_LANES);
  if (o->kind == SP_OUT_BUS)
    return o->node >= 0 && seen[o->node];
  if (o->lanes && n->lanes) {
    for (size_t l = 0; l < nl; l++)
      if (o->lanes[l] && n->lanes[l])
        return true;
    return false;
  }
  return seen[sp_graph_master(g)];
}

/* The print files of the outputs hit[] flags (all: every one) into v[n]:
 * their own, output.also's copies of them, and master.adm's (the mix's). */
static void hit_files(const sp_graph *g, const bool *hit, bool all, char ***v, size_t *n)
{
  const size_t no = sp_graph_count(g, SP_GRAPH_OUTPUTS), nd = sp_graph_count(g, SP_GRAPH_DERIVED);
  for (size_t i = 0; i < no; i++) {
    const sp_output_plan *o = sp_graph_output(g, i);
    if (o->kind != SP_OUT_REST && o->file && (all || hit[i]))
      add_name(v, n, o->file);
  }
  for (size_t i = 0; i < nd; i++) {
    const sp_derived_plan *dp = sp_graph_derived(g, i);
    if (dp->of >= 0 && (size_t)dp->of < no && (all || hit[dp->of]))
      add_name(v, n, dp->file);
  }
  size_t na = 0;
  const char *const *adm = sp_graph_adm_prints(g, &na);
  for (size_t i = 0; i < na && (all || (no && hit[0])); i++) /* master.adm's files: the mix's */
    add_name(v, n, adm[i]);
}

/* The node a key path names (tracks.NAME..., buses.NAME...; master), or -1. */
static int key_node(const sp_graph *g, const char *path)
{
  char head[64] = "", name[256] = "";
  const char *dot = strchr(path, '.');
  snprintf(head, sizeof head, "%.*s", (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
  if (dot)
    snprintf(name, sizeof name, "%.*s", (int)strcspn(dot + 1, ".["), dot + 1);
  if ((strcmp(head, "tracks") == 0 || strcmp(head, "buses") == 0) && *name)
    return sp_graph_find(g, name);
  return -1;
}

/* Every print of g that key path reaches, into v[n]. */
static void reach(const sp_graph *g, const char *path, char ***v, size_t *n)
{
  const size_t no = sp_graph_count(g, SP_GRAPH_OUTPUTS);
  bool *hit = sp_xcalloc(no + 1, sizeof *hit);
  char head[64] = "", name[256] = "";
  const char *dot = strchr(path, '.');
  snprintf(head, sizeof head, "%.*s", (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
  if (dot)
    snprintf(name, sizeof name, "%.*s", (int)strcspn(dot + 1, ".["), dot + 1);
  const int node = key_node(g, path);
  bool all = true;
  if (node >= 0) {
    all = false;
    bool *seen = reachable(g, node);
    for (size_t i = 0; i < no; i++)
      hit[i] = node_reaches(g, node, seen, sp_graph_output(g, i));
    free(seen);
  } else if ((strcmp(head, "stems") == 0 || strcmp(head, "versions") == 0) && *name) {
    char *key = sp_xasprintf("%s.%s", head, name);
    for (size_t i = 0; i < no; i++)
      if (sp_graph_output(g, i)->key && strcmp(sp_graph_output(g, i)->key, key) == 0)
        hit[i] = true, all = false;
    if (!all && strcmp(head, "stems") == 0) /* a stem's grouping is the mix's sum's order */
      for (size_t i = 0; i < no; i++)
        hit[i] = hit[i] || sp_graph_output(g, i)->kind == SP_OUT_MIX;
    free(key);
  }
  hit_files(g, hit, all, v, n);
  free(hit);
}

static const leaf *leaf_of(const leaves *l, const char *path)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->v[i].path, path) == 0)
      return &l->v[i];
  return NULL;
}

static const char *value_of(const leaves *l, const char *path)
{
  const leaf *x = leaf_of(l, path);
  return x ? x->value : NULL;
}

/* Whether leaves x and y hold one value: the same text, or two times
 * that plan the same frames (each at its recipe's rate). */
static bool same_leaf(const leaf *x, const leaf *y)
{
  return strcmp(x->value, y->value) == 0 ||
         (!isnan(x->frames) && !isnan(y->frames) && x->frames == y->frames);
}

/* Whether l holds a leaf under path (path.x or path[i]): an empty table or
 * list that the other side fills is said by what fills it. */
static bool has_under(const leaves *l, const char *path)
{
  const size_t n = strlen(path);
  for (size_t i = 0; i < l->n; i++)
    if (strncmp(l->v[i].path, path, n) == 0 && (l->v[i].path[n] == '.' || l->v[i].path[n] == '['))
      return true;
  return false;
}

static bool empty(const char *v) { return strcmp(v, "[]") == 0 || strcmp(v, "{}") == 0; }

/* The file path's place in r names where not r's own (sp_diff_key's
 * old_from), or NULL (heap). */
static char *from_of(const sp_recipe *r, const char *path)
{
  const sp_where *w = sp_recipe_origin(r, path);
  if (!w || !w->from)
    return NULL;
  const size_t n = strlen(r->file);
  return sp_xstrdup(strncmp(w->from, r->file, n) == 0 && w->from[n] == ':' ? w->from + n : w->from);
}

static void add_key(sp_diff_cause *c, const sp_graph *og, const sp_graph *ng, const char *path,
                    const char *ov, const char *nv)
{
  c->keys = sp_xreallocarray(c->keys, c->n_keys + 1, sizeof *c->keys);
  sp_diff_key *k = &c->keys[c->n_keys++];
  memset(k, 0, sizeof *k);
  k->path = sp_xstrdup(path);
  k->old_value = ov ? sp_xstrdup(ov) : NULL;
  k->new_value = nv ? sp_xstrdup(nv) : NULL;
  k->old_at = sp_recipe_where(sp_graph_recipe(og), path);
  k->new_at = sp_recipe_where(sp_graph_recipe(ng), path);
  k->old_from = from_of(sp_graph_recipe(og), path);
  k->new_from = from_of(sp_graph_recipe(ng), path);
  reach(nv ? ng : og, path, &k->reaches, &k->n_reaches);
}

static void hex(const sp_digest *d, char out[65])
{
  char h[SP_DIGEST_HEX];
  sp_digest_hex(d, h);
  snprintf(out, 65, "%s", h);
}

/* What every message names the input at path by (its session's name for
 * it: song.dawproject:audio/kick.wav, never its copy in the cache; else its
 * path), as render --dry-run and the report's resampled list name it. */
static const char *input_named(const sp_graph *g, const char *path)
{
  for (size_t i = 0; sp_graph_node(g, i); i++) {
    const sp_node *n = sp_graph_node(g, i);
    for (size_t k = 0; k < n->n_regions; k++)
      for (size_t q = 0; q < sp_region_plan_n_files(&n->regions[k]); q++)
        if (sp_region_plan_file(&n->regions[k], q) &&
            strcmp(sp_region_plan_file(&n->regions[k], q), path) == 0)
          return sp_region_plan_named(&n->regions[k], q);
  }
  for (size_t i = 0; sp_graph_insert_file(g, i); i++)
    if (strcmp(sp_graph_insert_file(g, i)->path, path) == 0)
      return sp_graph_insert_file(g, i)->name;
  return path;
}

/* The input of j whose digest the canonical leaf value v (a JSON string)
 * is, or NULL: v is no file. */
static const sp_job_input *input_at(const sp_job *j, const char *v)
{
  char h[65];
  for (size_t i = 0; v && *v == '"' && i < j->n_inputs; i++) {
    hex(&j->inputs[i].file.digest, h);
    if (strlen(v) == 66 && strncmp(v + 1, h, 64) == 0 && v[65] == '"')
      return &j->inputs[i];
  }
  return NULL;
}

/* The key that names the file at the canonical place path in g's recipe
 * and the name messages give that file (a region's: as its session names
 * it), into *key and *name; else (an insert's file) in's key and the
 * name of in's path. */
static void place_of(const sp_graph *g, const char *path, const sp_job_input *in, const char **key,
                     const char **name)
{
  *key = in->key;
  *name = input_named(g, in->path);
  const sp_recipe *r = sp_graph_recipe(g);
  const int node = key_node(g, path);
  const char *at = strstr(path, ".regions[");
  if (strncmp(path, "tracks.", 7) != 0 || node < 0 || (size_t)node >= r->n_tracks || !at)
    return;
  const sp_track *t = &r->tracks[node];
  char *end = NULL;
  const size_t i = strtoul(at + 9, &end, 10),
               q = end && strncmp(end, "].files[", 8) == 0 ? strtoul(end + 8, NULL, 10) : 0;
  if (strcmp(t->name, sp_graph_node(g, (size_t)node)->name) != 0 || i >= t->n_regions)
    return;
  const sp_region *rg = &t->regions[i];
  if (rg->n_files && q < rg->n_files && strcmp(rg->paths[q], in->path) == 0)
    *key = rg->keys[q], *name = rg->paths[q];
  else if (!rg->n_files && rg->key && rg->path && strcmp(rg->path, in->path) == 0)
    *key = rg->key, *name = sp_region_named(rg);
}

/* The input a (old) -> b (new) that plays at the canonical place path,
 * added to c once for the pair, reaching what the place reaches. */
static void add_input(sp_diff_cause *c, const sp_graph *og, const sp_graph *ng, const char *path,
                      const sp_job_input *a, const sp_job_input *b)
{
  const char *ak = NULL, *ap = NULL, *bk = NULL, *bp = NULL;
  if (a)
    place_of(og, path, a, &ak, &ap);
  if (b)
    place_of(ng, path, b, &bk, &bp);
  char ad[65] = "", bd[65] = "";
  if (a)
    hex(&a->file.digest, ad);
  if (b)
    hex(&b->file.digest, bd);
  sp_diff_input *x = NULL;
  for (size_t i = 0; i < c->n_inputs && !x; i++) {
    sp_diff_input *y = &c->inputs[i];
    if (!strcmp(y->old_digest, ad) && !strcmp(y->new_digest, bd) &&
        (!ap == !y->old_path && (!ap || !strcmp(ap, y->old_path))) &&
        (!bp == !y->new_path && (!bp || !strcmp(bp, y->new_path))))
      x = y;
  }
  if (!x) {
    c->inputs = sp_xreallocarray(c->inputs, c->n_inputs + 1, sizeof *c->inputs);
    x = &c->inputs[c->n_inputs++];
    memset(x, 0, sizeof *x);
    x->key = sp_xstrdup(bk ? bk : ak); /* the recipe path that names it */
    x->old_path = ap ? sp_xstrdup(ap) : NULL;
    x->new_path = bp ? sp_xstrdup(bp) : NULL;
    memcpy(x->old_digest, ad, sizeof ad);
    memcpy(x->new_digest, bd, sizeof bd);
  }
  reach(b ? ng : og, path, &x->reaches, &x->n_reaches);
}

/* The input files that changed: matched by what plays, the file at each
 * place of the canonical recipe (a track's `file:` and its one region's
 * are one place, tracks.a.regions[0].file), however each recipe names or
 * finds it; a place where both play a file of the same digest is no
 * change. */
static void inputs_of(sp_diff_cause *c, const sp_graph *og, const sp_job *oj, const leaves *a,
                      const sp_graph *ng, const sp_job *nj, const leaves *b)
{
  for (size_t i = 0; i < a->n; i++) {
    const sp_job_input *x = input_at(oj, a->v[i].value);
    const char *nv = value_of(b, a->v[i].path);
    const sp_job_input *y = nv ? input_at(nj, nv) : NULL;
    if (x && (!y || memcmp(&x->file.digest, &y->file.digest, sizeof x->file.digest) != 0))
      add_input(c, og, ng, a->v[i].path, x, y);
  }
  for (size_t i = 0; i < b->n; i++) {
    const sp_job_input *y = input_at(nj, b->v[i].value);
    const char *ov = value_of(a, b->v[i].path);
    if (y && !(ov && input_at(oj, ov)))
      add_input(c, og, ng, b->v[i].path, NULL, y);
  }
}

/* Whether key k is heard at the node named at: the key's node (in the
 * graph it was reached through) reaches that node by its edges. */
static bool hears(const sp_graph *og, const sp_graph *ng, const sp_diff_key *k, const char *at)
{
  const sp_graph *g = k->new_value ? ng : og;
  const int kn = key_node(g, k->path), an = sp_graph_find(g, at);
  if (kn < 0 || an < 0)
    return false;
  bool *seen = reachable(g, kn);
  const bool h = seen[an];
  free(seen);
  return h;
}

/* Whether a changed key or input reaches the print file. */
static bool reached(const sp_diff_cause *c, const char *file)
{
  for (size_t k = 0; k < c->n_keys; k++)
    for (size_t r = 0; r < c->keys[k].n_reaches; r++)
      if (strcmp(c->keys[k].reaches[r], file) == 0)
        return true;
  for (size_t k = 0; k < c->n_inputs; k++)
    for (size_t r = 0; r < c->inputs[k].n_reaches; r++)
      if (strcmp(c->inputs[k].reaches[r], file) == 0)
        return true;
  return false;
}

/* The shared processors of the new graph whose gain follows what they
 * hear, that hear a changed key and carry a print no change reaches
 * (see the header), into c->links. */
static void links_of(const sp_graph *og, const sp_graph *ng, sp_diff_cause *c)
{
  const size_t nn = sp_graph_count(ng, SP_GRAPH_NODES), no = sp_graph_count(ng, SP_GRAPH_OUTPUTS);
  for (size_t i = 0; i < nn; i++) {
    const sp_node *n = sp_graph_node(ng, i);
    const char *procs[64];
    size_t np = 0;
    for (size_t k = 0; n->strip && k < n->strip->n_inserts && np < 63; k++) {
      const sp_insert *ins = &n->strip->inserts[k];
      if (ins->cls && sp_proc_is_linked(ins->cls) && !(ins->bypass && ins->bypasses.n == 0))
        procs[np++] = ins->path;
    }
    if ((int)i == sp_graph_master(ng) && sp_graph_recipe(ng)->normalize)
      procs[np++] = "master.normalize";
    size_t *heard = NULL, n_heard = 0;
    for (size_t k = 0; np && k < c->n_keys; k++)
      if (hears(og, ng, &c->keys[k], n->name)) {
        heard = sp_xreallocarray(heard, n_heard + 1, sizeof *heard);
        heard[n_heard++] = k;
      }
    char **prints = NULL;
    size_t n_prints = 0;
    if (n_heard) {
      bool *seen = reachable(ng, (int)i), *hit = sp_xcalloc(no + 1, sizeof *hit);
      for (size_t o = 0; o < no; o++)
        hit[o] = node_reaches(ng, (int)i, seen, sp_graph_output(ng, o));
      hit_files(ng, hit, false, &prints, &n_prints);
      free(hit), free(seen);
    }
    bool follows = false;
    for (size_t p = 0; p < n_prints && !follows; p++)
      follows = !reached(c, prints[p]);
    for (size_t p = 0; follows && p < np; p++) {
      c->links = sp_xreallocarray(c->links, c->n_links + 1, sizeof *c->links);
      sp_diff_link *l = &c->links[c->n_links++];
      l->processor = sp_xstrdup(procs[p]);
      l->hears = sp_xcalloc(n_heard, sizeof *l->hears);
      memcpy(l->hears, heard, n_heard * sizeof *heard);
      l->n_hears = n_heard;
      l->prints = sp_xcalloc(n_prints, sizeof *l->prints);
      for (size_t q = 0; q < n_prints; q++)
        l->prints[q] = sp_xstrdup(prints[q]);
      l->n_prints = n_prints;
    }
    for (size_t p = 0; p < n_prints; p++)
      free(prints[p]);
    free(prints);
    free(heard);
  }
}

bool sp_diff_names_item(char *const *v, size_t n, const sp_diff_item *it)
{
  for (size_t i = 0; i < n; i++)
    if ((it->old_name && strcmp(v[i], it->old_name) == 0) ||
        (it->new_name && strcmp(v[i], it->new_name) == 0))
      return true;
  return false;
}

/* Region i of the track key path names, as g plans it, or NULL (a track
 * of notes, whose plans are not its regions one for one). */
static const sp_region_plan *region_plan(const sp_graph *g, const char *path, size_t i)
{
  const int node = key_node(g, path);
  const sp_node *n = node >= 0 ? sp_graph_node(g, (size_t)node) : NULL;
  if (!n || i >= n->n_regions || !n->regions[i].key || n->regions[i].midi)
    return NULL;
  const sp_region_plan *p = &n->regions[i];
  char *listed = sp_xasprintf("%s.regions[%zu].", n->path, i),
       *alone = sp_xasprintf("%s.", n->path);
  const bool of = strncmp(p->key, listed, strlen(listed)) == 0 ||
                  (i == 0 && n->n_regions == 1 && strncmp(p->key, alone, strlen(alone)) == 0 &&
                   !strchr(p->key + strlen(alone), '.'));
  free(listed), free(alone);
  return of ? p : NULL;
}

/* Whether the changed leaf path is a region's length that one recipe
 * gives and the other leaves to its default (the region to its file's
 * end), and both regions play as many frames: the default filled in (a
 * session writes every clip's length), no change. */
static bool default_filled(const sp_graph *og, const leaves *a, const sp_graph *ng, const leaves *b,
                           const char *path)
{
  const char *r = strstr(path, ".regions["), *e = r ? strchr(r, ']') : NULL;
  if (strncmp(path, "tracks.", 7) != 0 || !e || strncmp(e, "].length", 8) != 0 ||
      (e[8] != '.' && e[8] != '\0'))
    return false;
  char *length = sp_xasprintf("%.*s", (int)(e + 8 - path), path);
  const bool in_a = value_of(a, length) || has_under(a, length),
             in_b = value_of(b, length) || has_under(b, length);
  free(length);
  if (in_a == in_b)
    return false;
  const size_t i = strtoul(r + 9, NULL, 10);
  const sp_region_plan *p = region_plan(og, path, i), *q = region_plan(ng, path, i);
  return p && q && p->length == q->length;
}

void sp_diff_cause_of(const sp_graph *old_g, const sp_job *old_j, const sp_graph *new_g,
                      const sp_job *new_j, sp_diff_cause *c)
{
  memset(c, 0, sizeof *c);
  c->old_file = sp_xstrdup(sp_graph_recipe(old_g)->file);
  c->new_file = sp_xstrdup(sp_graph_recipe(new_g)->file);
  leaves a, b;
  leaves_of(old_j->recipe_text, sp_graph_rate(old_g), &a);
  leaves_of(new_j->recipe_text, sp_graph_rate(new_g), &b);
  for (size_t i = 0; i < a.n; i++) {
    const leaf *n = leaf_of(&b, a.v[i].path);
    const char *nv = n ? n->value : NULL;
    if (!nv && empty(a.v[i].value) && has_under(&b, a.v[i].path))
      continue;
    if ((!n || !same_leaf(n, &a.v[i])) && !default_filled(old_g, &a, new_g, &b, a.v[i].path))
      add_key(c, old_g, new_g, a.v[i].path, a.v[i].value, nv);
  }
  for (size_t i = 0; i < b.n; i++)
    if (!value_of(&a, b.v[i].path) && !(empty(b.v[i].value) && has_under(&a, b.v[i].path)) &&
        !default_filled(old_g, &a, new_g, &b, b.v[i].path))
      add_key(c, old_g, new_g, b.v[i].path, NULL, b.v[i].value);
  inputs_of(c, old_g, old_j, &a, new_g, new_j, &b);
  leaves_fini(&a);
  leaves_fini(&b);
  links_of(old_g, new_g, c);
}

void sp_diff_cause_fini(sp_diff_cause *c)
{
  for (size_t i = 0; i < c->n_keys; i++) {
    sp_diff_key *k = &c->keys[i];
    free(k->path), free(k->old_value), free(k->new_value), free(k->old_from), free(k->new_from);
    sp_free_strings(k->reaches, k->n_reaches);
  }
  free(c->keys);
  for (size_t i = 0; i < c->n_inputs; i++) {
    sp_diff_input *x = &c->inputs[i];
    free(x->key), free(x->old_path), free(x->new_path);
    sp_free_strings(x->reaches, x->n_reaches);
  }
  free(c->inputs);
  for (size_t i = 0; i < c->n_links; i++) {
    sp_diff_link *l = &c->links[i];
    free(l->processor), free(l->hears);
    for (size_t p = 0; p < l->n_prints; p++)
      free(l->prints[p]);
    free(l->prints);
  }
  free(c->links);
  free(c->old_file);
  free(c->new_file);
  memset(c, 0, sizeof *c);
}

static sp_json *str_or_null(const char *s) { return s ? sp_report_string(s) : json_null(); }

static sp_json *strings(char *const *v, size_t n)
{
  sp_json *a = sp_report_array();
  for (size_t i = 0; i < n; i++)
    sp_report_append(a, sp_report_string(v[i]));
  return a;
}

/* The name of the file a key's line is of: its recipe's (file), or
 * another (from: sp_diff_key's old_from, a member of file after it). */
static sp_json *file_json(const char *file, const char *from)
{
  if (!file || !from)
    return str_or_null(file);
  char *s = *from == ':' ? sp_xasprintf("%s%s", file, from) : sp_xstrdup(from);
  sp_json *j = sp_report_string(s);
  free(s);
  return j;
}

sp_json *sp_diff_cause_json(const sp_diff_cause *c)
{
  sp_json *j = sp_report_object(), *keys = sp_report_array(), *inputs = sp_report_array(),
          *links = sp_report_array();
  for (size_t i = 0; i < c->n_keys; i++) {
    const sp_diff_key *k = &c->keys[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "path", sp_report_string(k->path));
    sp_report_set(o, "old", str_or_null(k->old_value));
    sp_report_set(o, "new", str_or_null(k->new_value));
    sp_report_set(o, "old_file", file_json(c->old_file, k->old_from));
    sp_report_set(o, "new_file", file_json(c->new_file, k->new_from));
    sp_report_set(o, "old_line", sp_report_int(k->old_at.line));
    sp_report_set(o, "old_column", sp_report_int(k->old_at.col));
    sp_report_set(o, "new_line", sp_report_int(k->new_at.line));
    sp_report_set(o, "new_column", sp_report_int(k->new_at.col));
    sp_report_set(o, "reaches", strings(k->reaches, k->n_reaches));
    sp_report_append(keys, o);
  }
  for (size_t i = 0; i < c->n_inputs; i++) {
    const sp_diff_input *x = &c->inputs[i];
    sp_json *o = sp_report_object();
    sp_report_set(o, "key", sp_report_string(x->key));
    sp_report_set(o, "old_path", str_or_null(x->old_path));
    sp_report_set(o, "new_path", str_or_null(x->new_path));
    sp_report_set(o, "old_sha256", str_or_null(*x->old_digest ? x->old_digest : NULL));
    sp_report_set(o, "new_sha256", str_or_null(*x->new_digest ? x->new_digest : NULL));
    sp_report_set(o, "reaches", strings(x->reaches, x->n_reaches));
    sp_report_append(inputs, o);
  }
  for (size_t i = 0; i < c->n_links; i++) {
    const sp_diff_link *l = &c->links[i];
    sp_json *o = sp_report_object(), *hears = sp_report_array();
    sp_report_set(o, "processor", sp_report_string(l->processor));
    for (size_t k = 0; k < l->n_hears; k++)
      sp_report_append(hears, sp_report_string(c->keys[l->hears[k]].path));
    sp_report_set(o, "hears", hears);
    sp_report_set(o, "prints", strings(l->prints, l->n_prints));
    sp_report_append(links, o);
  }
  sp_report_set(j, "old_recipe", str_or_null(c->old_file));
  sp_report_set(j, "new_recipe", str_or_null(c->new_file));
  sp_report_set(j, "keys", keys);
  sp_report_set(j, "inputs", inputs);
  sp_report_set(j, "links", links);
  return j;
}
