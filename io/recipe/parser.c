/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every step of the recipe parser uses (io/recipe/parser.h): where a
 * problem is, how recipe paths and file names are made, and the keys a
 * mapping takes. */

#include "io/recipe/parser.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void recipe_err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_pos pos = n ? n->pos : sp_recipe_where(p->r, path);
  sp_diags_verror(p->d, kind, n && n->from ? n->from : p->r->file, pos, path, fmt, ap);
  va_end(ap);
}

char *recipe_object_what(const sp_ynode *names, const sp_ynode *k, const char *kind)
{
  if (!sp_from_set(k->from))
    return sp_xasprintf("a %s", kind);
  const char **own = sp_xcalloc(names->n + 1, sizeof *own);
  size_t n = 0;
  for (size_t i = 0; i < names->n; i++)
    if (!sp_from_set(names->pairs[i].key->from))
      own[n++] = names->pairs[i].key->text;
  const char *meant = sp_suggest(k->text, own, n);
  char *what = sp_xasprintf("a %s the recipe has not%s%s%s", kind, meant ? " (did you mean '" : "",
                            meant ? meant : "", meant ? "'?)" : "");
  free(own);
  return what;
}

/* Whether the key noted at w was a --set's (its value's place a set's, and
 * its key's, where noted: not a key of the text whose value a set gave). */
static bool key_set(const sp_where *w)
{
  return sp_where_set(w) && (!w->pair_at.line || sp_from_set(w->pair_from));
}

char *recipe_whole_fix(const parser *p, const sp_where *set, const sp_where *text, const char *path,
                       const char *what, const char *given, const char *key)
{
  if (!key_set(set) || !text || key_set(text))
    return NULL;
  char *value = sp_xasprintf("{%s: ...}", key), *arg = sp_recipe_set_arg(p->r, path, value);
  char *fix =
      sp_xasprintf("the recipe gives '%s': give the %s whole, like --set %s", given, what, arg);
  free(arg);
  free(value);
  return fix;
}

bool recipe_said_at(const parser *p, const char *path)
{
  for (size_t i = 0; i < p->d->n; i++)
    if (p->d->v[i].severity == SP_SEV_ERROR && p->d->v[i].path &&
        strcmp(p->d->v[i].path, path) == 0)
      return true;
  return false;
}

void recipe_err_at(parser *p, sp_pos pos, const char *from, sp_err kind, const char *path,
                   const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(p->d, kind, from ? from : p->r->file, pos, path, fmt, ap);
  va_end(ap);
}

char *recipe_join(const char *path, const char *key)
{
  return *path ? sp_xjoin(path, '.', key) : sp_xstrdup(key);
}

char *recipe_index_path(const char *path, size_t i) { return sp_xasprintf("%s[%zu]", path, i); }

char *recipe_resolve(const sp_recipe *r, const char *file) { return sp_build_resolve(r, file); }

/* ---- keys ---------------------------------------------------------------- */

bool recipe_in_list(const char *key, const char *const *allowed)
{
  for (size_t i = 0; allowed[i]; i++)
    if (strcmp(allowed[i], key) == 0)
      return true;
  return false;
}

void recipe_note(parser *p, const char *path, const sp_ynode *n)
{
  sp_recipe_note_value(p->r, path, n->pos, n->from, false);
}

void recipe_note_pair(parser *p, const char *path, const sp_ynode *n, const sp_ynode *other,
                      bool bare, const char *key)
{
  sp_recipe_note_where(p->r, &(sp_where){.path = (char *)path,
                                         .pos = n->pos,
                                         .from = (char *)n->from,
                                         .bare = bare,
                                         .pair_at = other->pos,
                                         .pair_from = (char *)other->from,
                                         .key_len = strlen(key)});
}

size_t recipe_list_len(const char *const *v)
{
  size_t n = 0;
  while (v[n])
    n++;
  return n;
}

const char *recipe_suggest_key(const char *key, const char *const *allowed)
{
  return sp_build_suggest_key(key, allowed);
}

/* Check that map is a mapping whose keys are all in allowed, except those
 * in elsewhere (may be NULL): keys the caller refuses itself with a message
 * of their own, never listed or suggested here. Record where each key's
 * value (and its key) was written. Returns false if map is not a mapping. */
const char *recipe_brace_hint(const sp_ynode *v, char *buf, size_t size)
{
  buf[0] = '\0';
  if (v && v->kind == SP_Y_MAP && v->n == 1 && v->pairs[0].value->kind == SP_Y_NULL)
    snprintf(buf, size,
             "; '{%s}' is a mapping in YAML: a text that starts with '{' goes in quotes, like "
             "\"{%s}\"",
             v->pairs[0].key->text, v->pairs[0].key->text);
  return buf;
}

bool recipe_check_keys_but(parser *p, const sp_ynode *map, const char *path,
                           const char *const *allowed, const char *const *elsewhere,
                           const char *what)
{
  if (map->kind != SP_Y_MAP) {
    bad(p, map, path, "expected %s (a mapping of keys), got %s", what, sp_ykind_name(map->kind));
    return false;
  }
  for (size_t i = 0; i < map->n; i++) {
    const sp_ynode *k = map->pairs[i].key;
    char *kp = recipe_join(path, k->text);
    const sp_ynode *v = map->pairs[i].value;
    const bool taken =
        recipe_in_list(k->text, allowed) || (elsewhere && recipe_in_list(k->text, elsewhere));
    /* a key refused whose name holds a path (`fade_in.length:` beside
     * `fade_in:`) is not noted: its path would name another object's key
     * as written, which the settles ask (sp_recipe_noted_key) */
    if (taken || !k->text[strcspn(k->text, ".[")])
      recipe_note_pair(p, kp, v, k, sp_ynode_bare(v), k->text);
    if (!taken) {
      char *why = sp_build_unknown_key(k->text, allowed, what), hint[320];
      bad(p, k, kp, "%s%s", why, recipe_brace_hint(map, hint, sizeof hint));
      free(why);
    }
    free(kp);
  }
  return true;
}

bool recipe_check_keys(parser *p, const sp_ynode *map, const char *path, const char *const *allowed,
                       const char *what)
{
  return recipe_check_keys_but(p, map, path, allowed, NULL, what);
}
