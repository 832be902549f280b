/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's inserts and their typed values (io/session/mix.h): made by
 * the readers, each key checked against its processor's table and rows;
 * read into the recipe by the session builder (session_build.c) with the
 * parser's own rules (core/recipe/build_insert.h). */

#include "io/session/mix.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sp_mix_insert_fini(sp_mix_insert *x)
{
  if (x->value)
    sp_mix_value_fini(x->value);
  free(x->value);
  sp_free_strings(x->keys, x->n);
  for (size_t i = 0; i < x->n; i++)
    sp_mix_value_fini(&x->values[i]);
  free(x->values);
  free(x->key);
}

void sp_mix_value_fini(sp_mix_value *v)
{
  free(v->text);
  sp_free_strings(v->names, v->n_names);
  if (v->points) {
    free(v->points->pts);
    sp_free_strings(v->points->labels, v->points->labels ? v->points->n : 0);
    sp_tempo_map_free(v->points->tempo);
    free(v->points);
  }
  for (size_t b = 0; b < v->n_bands; b++)
    sp_mix_insert_fini(&v->bands[b]);
  free(v->bands);
  memset(v, 0, sizeof *v);
}

sp_mix_insert *sp_mix_insert_new(const char *proc)
{
  const sp_proc_family *f = sp_proc_family_find(proc);
  if (!f) {
    fprintf(stderr, "stemprint: internal error: a session's insert of no processor '%s'\n", proc);
    abort();
  }
  sp_mix_insert *x = sp_xcalloc(1, sizeof *x);
  x->proc = f;
  return x;
}

void sp_mix_insert_add(sp_mix_insert *x, const char *key, sp_mix_value v)
{
  if (!sp_build_insert_takes(x->proc, key)) {
    fprintf(stderr, "stemprint: internal error: an insert '%s' of a session given '%s'\n",
            x->proc->name, key);
    abort();
  }
  x->keys = sp_xreallocarray(x->keys, x->n + 1, sizeof *x->keys);
  x->values = sp_xreallocarray(x->values, x->n + 1, sizeof *x->values);
  x->keys[x->n] = sp_xstrdup(key);
  x->values[x->n++] = v;
}

sp_mix_value sp_mix_number_value(double v, sp_unit unit, bool bare)
{
  return (sp_mix_value){.kind = SP_MIX_NUMBER, .number = v, .unit = unit, .bare = bare};
}

sp_mix_value sp_mix_word_value(const char *word)
{
  return (sp_mix_value){.kind = SP_MIX_WORD, .text = sp_xstrdup(word)};
}

sp_mix_value sp_mix_string_value(const char *s)
{
  return (sp_mix_value){.kind = SP_MIX_STRING, .text = sp_xstrdup(s)};
}

sp_mix_value sp_mix_points_value(sp_mix_points_kind kind, sp_unit unit)
{
  sp_mix_points *p = sp_xcalloc(1, sizeof *p);
  p->kind = kind;
  p->unit = unit;
  return (sp_mix_value){.kind = SP_MIX_POINTS, .points = p};
}

void sp_mix_points_add(sp_mix_points *p, double t, double v, const char *label)
{
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 8;
    p->pts = sp_xreallocarray(p->pts, p->cap, sizeof *p->pts);
    if (p->kind == SP_MIX_PTS_LABELS)
      p->labels = sp_xreallocarray(p->labels, p->cap, sizeof *p->labels);
  }
  if (p->kind == SP_MIX_PTS_LABELS)
    p->labels[p->n] = sp_xstrdup(label ? label : "");
  p->pts[p->n++] = (sp_mix_point){t, v};
}

void sp_mix_insert_number(sp_mix_insert *x, const char *key, double v, sp_unit unit)
{
  sp_mix_insert_add(x, key, sp_mix_number_value(v, unit, false));
}

void sp_mix_insert_word(sp_mix_insert *x, const char *key, const char *word)
{
  sp_mix_insert_add(x, key, sp_mix_word_value(word));
}

void sp_mix_insert_bool(sp_mix_insert *x, const char *key, bool on)
{
  sp_mix_insert_add(x, key, (sp_mix_value){.kind = SP_MIX_BOOL, .on = on});
}

void sp_mix_insert_string(sp_mix_insert *x, const char *key, const char *s)
{
  sp_mix_insert_add(x, key, sp_mix_string_value(s));
}

void sp_mix_insert_names(sp_mix_insert *x, const char *key, const char *const *names, size_t n)
{
  sp_mix_value v = {.kind = SP_MIX_NAMES, .names = sp_xcalloc(n + 1, sizeof *v.names)};
  for (; v.n_names < n; v.n_names++)
    v.names[v.n_names] = sp_xstrdup(names[v.n_names]);
  sp_mix_insert_add(x, key, v);
}

void sp_mix_insert_band(sp_mix_insert *x, sp_mix_insert *band)
{
  sp_mix_value *v = x->n ? &x->values[x->n - 1] : NULL;
  if (!v || strcmp(x->keys[x->n - 1], "bands") != 0) {
    sp_mix_insert_add(x, "bands", (sp_mix_value){.kind = SP_MIX_BANDS});
    v = &x->values[x->n - 1];
  }
  v->bands = sp_xreallocarray(v->bands, v->n_bands + 1, sizeof *v->bands);
  v->bands[v->n_bands++] = *band;
  free(band);
}

void sp_mix_insert_value_set(sp_mix_insert *x, sp_mix_value v)
{
  if (x->value)
    sp_mix_value_fini(x->value);
  free(x->value);
  x->value = sp_xmalloc(sizeof *x->value);
  *x->value = v;
}

static bool value_moves(const sp_mix_value *v)
{
  bool moves = v->kind == SP_MIX_POINTS;
  for (size_t b = 0; b < v->n_bands; b++)
    moves |= sp_mix_insert_moves(&v->bands[b]);
  return moves;
}

bool sp_mix_insert_moves(const sp_mix_insert *x)
{
  bool moves = x->value && value_moves(x->value);
  for (size_t i = 0; i < x->n; i++)
    moves |= value_moves(&x->values[i]);
  return moves;
}

static sp_mix_insert insert_copy(const sp_mix_insert *x);

/* A copy of v. */
static sp_mix_value value_copy(sp_mix_value v)
{
  v.text = v.text ? sp_xstrdup(v.text) : NULL;
  if (v.names) {
    char **names = sp_xcalloc(v.n_names + 1, sizeof *names);
    for (size_t i = 0; i < v.n_names; i++)
      names[i] = sp_xstrdup(v.names[i]);
    v.names = names;
  }
  if (v.points) {
    const sp_mix_points *p = v.points;
    v.points = sp_xmalloc(sizeof *v.points);
    *v.points = *p;
    v.points->pts = sp_xcalloc(p->cap ? p->cap : 1, sizeof *p->pts);
    memcpy(v.points->pts, p->pts, p->n * sizeof *p->pts);
    v.points->labels = p->labels ? sp_xcalloc(p->cap ? p->cap : 1, sizeof *p->labels) : NULL;
    for (size_t i = 0; p->labels && i < p->n; i++)
      v.points->labels[i] = sp_xstrdup(p->labels[i]);
    v.points->tempo = p->tempo ? sp_tempo_map_dup(p->tempo) : NULL;
  }
  if (v.bands) {
    const sp_mix_insert *bands = v.bands;
    v.bands = sp_xcalloc(v.n_bands, sizeof *v.bands);
    for (size_t b = 0; b < v.n_bands; b++)
      v.bands[b] = insert_copy(&bands[b]);
  }
  return v;
}

static sp_mix_insert insert_copy(const sp_mix_insert *x)
{
  sp_mix_insert c = *x;
  if (x->value) {
    c.value = sp_xmalloc(sizeof *c.value);
    *c.value = value_copy(*x->value);
  }
  c.keys = sp_xcalloc(x->n + 1, sizeof *c.keys);
  c.values = sp_xcalloc(x->n + 1, sizeof *c.values);
  for (size_t i = 0; i < x->n; i++) {
    c.keys[i] = sp_xstrdup(x->keys[i]);
    c.values[i] = value_copy(x->values[i]);
  }
  c.key = x->key ? sp_xstrdup(x->key) : NULL;
  return c;
}

sp_mix_insert *sp_mix_insert_copy(const sp_mix_insert *x)
{
  sp_mix_insert *c = sp_xmalloc(sizeof *c);
  *c = insert_copy(x);
  return c;
}

void sp_mix_insert_free(sp_mix_insert *x)
{
  if (x)
    sp_mix_insert_fini(x);
  free(x);
}
