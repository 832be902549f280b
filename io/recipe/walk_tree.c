/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe's text as a tree, made as the walk writes it
 * (io/recipe/walk_tree.h). */

#include "io/recipe/walk_tree.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"

#include <stdlib.h>
#include <string.h>

/* The tree so far: its root, the mappings and lists open. */
typedef struct tree {
  sp_ynode *root;
  sp_ynode **open;
  size_t n;
} tree;

/* The walk of r's text with o (NULL: no comments), each node it writes
 * told to node (ctx); *lines (NULL: not asked) the text's lines. */
static void walk_telling(const sp_recipe *r, const sp_recipe_yaml_opts *o,
                         void (*node)(void *, sp_yaml_ev, sp_pos, const char *, bool), void *ctx,
                         int *lines)
{
  sp_recipe_yaml_opts with = o ? *o : (sp_recipe_yaml_opts){0};
  with.node = node;
  with.node_ctx = ctx;
  char *text = sp_recipe_yaml(r, &with);
  if (lines) {
    *lines = 0;
    for (const char *c = text; *c; c++)
      *lines += *c == '\n';
  }
  free(text);
}

/* Node n put where the tree is: the root, a list's next item, a
 * mapping's next key or the value of its last. */
static void put(tree *t, sp_ynode *n)
{
  if (!t->n) {
    sp_ynode_free(t->root);
    t->root = n;
    return;
  }
  sp_ynode *at = t->open[t->n - 1];
  if (at->kind == SP_Y_SEQ) {
    at->items = sp_xreallocarray(at->items, at->n + 1, sizeof *at->items);
    at->items[at->n++] = n;
  } else if (at->n && !at->pairs[at->n - 1].value) {
    at->pairs[at->n - 1].value = n;
  } else {
    at->pairs = sp_xreallocarray(at->pairs, at->n + 1, sizeof *at->pairs);
    at->pairs[at->n++] = (sp_ypair){n, NULL};
  }
}

static void told(void *ctx, sp_yaml_ev ev, sp_pos at, const char *text, bool quoted)
{
  tree *t = ctx;
  if (ev == SP_YAML_END) {
    t->n -= t->n > 0;
    return;
  }
  sp_ynode *n = sp_xcalloc(1, sizeof *n);
  n->pos = at;
  if (ev == SP_YAML_SCALAR) {
    n->kind = sp_yaml_null_text(text, quoted) ? SP_Y_NULL : SP_Y_SCALAR;
    n->text = sp_xstrdup(text);
    n->quoted = quoted;
  } else {
    n->kind = ev == SP_YAML_MAP ? SP_Y_MAP : SP_Y_SEQ;
  }
  put(t, n);
  if (ev != SP_YAML_SCALAR) {
    t->open = sp_xreallocarray(t->open, t->n + 1, sizeof *t->open);
    t->open[t->n++] = n;
  }
}

sp_ynode *sp_recipe_tree(const sp_recipe *r, const sp_recipe_yaml_opts *o, int *lines)
{
  tree t = {0};
  walk_telling(r, o, told, &t, lines);
  free(t.open);
  if (!t.root) { /* nothing written: as a reader reads an empty text */
    t.root = sp_xcalloc(1, sizeof *t.root);
    *t.root = (sp_ynode){.kind = SP_Y_NULL, .pos = {1, 1}};
  }
  return t.root;
}

/* ---- the places the parser notes ------------------------------------------ */

static char *join(const char *path, const char *key)
{
  return *path ? sp_xjoin(path, '.', key) : sp_xstrdup(key);
}

/* Whether the parser notes a key of the mapping at path at the key, not
 * at its value: a track's or a bus's name, a named list's item (versions),
 * an insert's or an instrument's processor (its one key). */
static bool at_key(const char *path)
{
  if (strcmp(path, "tracks") == 0 || strcmp(path, "buses") == 0 || strcmp(path, "versions") == 0)
    return true;
  const char *last = strrchr(path, '.');
  last = last ? last + 1 : path;
  const size_t n = strlen(last);
  if (strcmp(last, "instrument") == 0 && strncmp(path, "tracks.", 7) == 0 && last > path + 7 &&
      !strchr(path, '[')) /* tracks.NAME.instrument, not a track so named */
    return true;
  return n > 0 && last[n - 1] == ']' &&
         (strncmp(last, "inserts[", 8) == 0 || strncmp(last, "post_inserts[", 13) == 0);
}

/* Whether the parser notes an item (a list's when list) of the list at
 * path: a list's, and those of a list in a list (a point's time and
 * value), a `vca:` list's a level deeper (its items are curves, their
 * items points); never those of `mute_points:`, but `tempo:`'s points;
 * of `invert:` its points (lists) and theirs, not a setting's channels. */
static bool item_noted(const char *path, bool list)
{
  size_t depth = 0; /* the lists path is in, below its key */
  const char *end = path + strlen(path);
  while (end > path && end[-1] == ']') {
    while (end > path && end[-1] != '[')
      end--;
    end -= end > path;
    depth++;
  }
  const char *key = end;
  while (key > path && key[-1] != '.')
    key--;
  const size_t n = (size_t)(end - key);
#define IS(word) (n == strlen(word) && strncmp(key, word, n) == 0)
  if (IS("mute_points") || IS("tempo"))
    return IS("tempo") && depth == 0;
  if (IS("invert"))
    return depth == 0 ? list : depth == 1;
  return IS("vca") ? depth == 1 || depth == 2 : depth <= 1;
#undef IS
}

/* The places the parser notes, told node by node as a text's reader
 * meets them (a walk's nodes, or a tree's): the mappings and lists open,
 * each with its path, a mapping's key waiting for its value. */
typedef struct frame {
  bool list;
  char *path;
  char *key; /* a mapping's key told, its value not yet */
  sp_pos key_at;
  size_t items;
} frame;

typedef struct placer {
  sp_recipe *r;
  frame *open;
  size_t n;
} placer;

static void placed(void *ctx, sp_yaml_ev ev, sp_pos at, const char *text, bool quoted)
{
  placer *p = ctx;
  if (ev == SP_YAML_END) {
    if (p->n) {
      p->n--;
      free(p->open[p->n].path);
      free(p->open[p->n].key);
    }
    return;
  }
  char *path = NULL; /* the node's, a value's; the root's "" */
  if (!p->n) {
    path = sp_xstrdup("");
    sp_recipe_note_value(p->r, path, at, NULL, false);
  } else if (p->open[p->n - 1].list) {
    frame *f = &p->open[p->n - 1];
    path = sp_xasprintf("%s[%zu]", f->path, f->items++);
    const bool bare = ev == SP_YAML_SCALAR && !sp_yaml_null_text(text, quoted) &&
                      sp_written_unitless((sp_written){NULL, text, quoted});
    if (item_noted(f->path, ev == SP_YAML_LIST))
      sp_recipe_note_value(p->r, path, at, NULL, bare);
  } else if (!p->open[p->n - 1].key) { /* a key */
    p->open[p->n - 1].key = sp_xstrdup(text);
    p->open[p->n - 1].key_at = at;
    return;
  } else {
    frame *f = &p->open[p->n - 1];
    path = join(f->path, f->key);
    const bool bare = ev == SP_YAML_SCALAR && !sp_yaml_null_text(text, quoted) &&
                      sp_written_unitless((sp_written){NULL, text, quoted});
    sp_recipe_note_where(p->r, &(sp_where){.path = path,
                                           .pos = at_key(f->path) ? f->key_at : at,
                                           .bare = bare,
                                           .key_len = strlen(f->key)});
    free(f->key);
    f->key = NULL;
  }
  if (ev == SP_YAML_SCALAR) {
    free(path);
    return;
  }
  p->open = sp_xreallocarray(p->open, p->n + 1, sizeof *p->open);
  p->open[p->n++] = (frame){.list = ev == SP_YAML_LIST, .path = path};
}

static void placer_fini(placer *p)
{
  while (p->n)
    placed(p, SP_YAML_END, (sp_pos){0, 0}, NULL, false);
  free(p->open);
}

void sp_recipe_place(sp_recipe *r, const sp_recipe_yaml_opts *o, int *lines)
{
  sp_recipe_forget(r, 0);
  placer p = {.r = r};
  walk_telling(r, o, placed, &p, lines);
  placer_fini(&p);
}

/* Node v told to p as a reader meets it, and what it holds. */
static void tell(placer *p, const sp_ynode *v)
{
  if (v->kind != SP_Y_MAP && v->kind != SP_Y_SEQ) {
    placed(p, SP_YAML_SCALAR, v->pos, v->text ? v->text : "", v->quoted);
    return;
  }
  placed(p, v->kind == SP_Y_MAP ? SP_YAML_MAP : SP_YAML_LIST, v->pos, NULL, false);
  for (size_t i = 0; v->kind == SP_Y_MAP && i < v->n; i++) {
    tell(p, v->pairs[i].key);
    tell(p, v->pairs[i].value);
  }
  for (size_t i = 0; v->kind == SP_Y_SEQ && i < v->n; i++)
    tell(p, v->items[i]);
  placed(p, SP_YAML_END, v->pos, NULL, false);
}

void sp_recipe_place_tree(sp_recipe *r, const sp_ynode *root)
{
  sp_recipe_forget(r, 0);
  placer p = {.r = r};
  tell(&p, root);
  placer_fini(&p);
}
