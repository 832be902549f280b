/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a recipe in place (core/recipe/build.h). */

#include "core/recipe/build.h"

#include "core/base/alloc.h"
#include "core/recipe/keys.h"

#include <stdlib.h>
#include <string.h>

static void stems_free(sp_stem *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    sp_free_strings(v[i].members, v[i].n_members);
    free(v[i].name);
  }
  free(v);
}

void sp_build_stems_take(sp_recipe *r, sp_build_stems *out)
{
  *out = (sp_build_stems){r->has_stems, r->split, r->stems, r->n_stems, r->n_where};
  r->has_stems = false;
  r->split = SP_SPLIT_SOURCES;
  r->stems = NULL;
  r->n_stems = 0;
}

/* r's stems freed, the places noted after its first n_where forgotten. */
static void forget(sp_recipe *r, size_t n_where)
{
  stems_free(r->stems, r->n_stems);
  for (size_t i = n_where; i < r->n_where; i++)
    free(r->where[i].path);
  if (r->n_where > n_where)
    r->n_where = n_where;
}

void sp_build_stems_put(sp_recipe *r, sp_build_stems *in)
{
  forget(r, in->n_where);
  r->has_stems = in->has;
  r->split = in->split;
  r->stems = in->stems;
  r->n_stems = in->n;
  memset(in, 0, sizeof *in);
}

void sp_build_stems_from(sp_recipe *r, sp_recipe *from, size_t n_where)
{
  forget(r, n_where);
  sp_build_stems s;
  sp_build_stems_take(from, &s);
  r->has_stems = s.has;
  r->split = s.split;
  r->stems = s.stems;
  r->n_stems = s.n;
  for (size_t i = 0; i < from->n_where; i++) {
    const char *p = from->where[i].path;
    if (strncmp(p, "stems", 5) == 0 && (p[5] == '\0' || p[5] == '.' || p[5] == '['))
      sp_recipe_note(r, p, from->where[i].pos);
  }
}

void sp_build_stems_fini(sp_build_stems *s)
{
  stems_free(s->stems, s->n);
  memset(s, 0, sizeof *s);
}

bool sp_build_split(sp_recipe *r, const char *word, sp_pos pos)
{
  const char *const *words = sp_key_rows_stems[SP_KEY_STEMS_SPLIT].words;
  for (int k = 0; words[k]; k++)
    if (strcmp(words[k], word) == 0) {
      r->has_stems = true;
      r->split = (sp_split)k;
      sp_recipe_note(r, "stems.split", pos);
      return true;
    }
  return false;
}

sp_stem *sp_build_stem(sp_recipe *r, const char *name, sp_pos pos)
{
  r->has_stems = true;
  r->stems = sp_xreallocarray(r->stems, r->n_stems + 1, sizeof *r->stems);
  sp_stem *st = &r->stems[r->n_stems++];
  *st = (sp_stem){.name = sp_xstrdup(name)};
  char *path = sp_xasprintf("stems.%s", name);
  sp_recipe_note(r, path, pos);
  free(path);
  return st;
}

void sp_build_stem_member(sp_recipe *r, sp_stem *st, const char *member, sp_pos pos)
{
  st->members = sp_xreallocarray(st->members, st->n_members + 1, sizeof *st->members);
  st->members[st->n_members] = sp_xstrdup(member);
  char *path = sp_xasprintf("stems.%s[%zu]", st->name, st->n_members++);
  sp_recipe_note(r, path, pos);
  free(path);
}

bool sp_build_insert_takes(const sp_proc_family *f, const char *key)
{
  const sp_proc_class *c = f->single;
  if (!c || sp_proc_param_index(c, key) >= 0)
    return true;
  for (size_t k = 0; k < SP_KEY_INSERT_N; k++)
    if (strcmp(sp_keys_insert[k], key) == 0)
      return sp_key_insert_takes(&sp_key_rows_insert[k], c->flags, f->preset, f->selector);
  return false;
}
