/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Values, as every object of the recipe reads them (a mapping's keys are
 * checked in io/recipe/parser.c): scalars read with their units
 * (core/base/units.h) and ranges, times, "auto", booleans, strings and
 * names, and each key's value from its row (recipe_fill), composite ones
 * by their stores' readers (a tap, a fold here; a fade, a warp, lists of
 * names: parse_stores.c; the mixer's: parse.c). Each reader says what was
 * expected and gives an example of it.
 *
 * Timed values (parse_timed.h) are read here too, the one reader of every
 * form a value that moves is written in, whatever the value: a kind of
 * value gives the reader of one of its values, the forms it takes and the
 * words its messages use; the forms themselves (the list of points and its
 * order, the mappings with their ramp, tempo and points, a level's ramp as
 * Ardour's, held steps) are read here for all of them, as is the tempo map
 * a list held in beats is read through; what a value of a kind the
 * recipe's check judges (sp_timed_kind.judge) may be is said there. The
 * two are one file because they are one grammar read by recursion: a
 * table's rows hold lists whose items hold timed values, whose tempo maps
 * are rows again. */

#include "io/recipe/parse_values.h"

#include "io/recipe/parse_timed.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/base/names.h"
#include "core/base/units.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- scalars ------------------------------------------------------------- */

sp_written recipe_written(const sp_ynode *n)
{
  return (sp_written){n->kind == SP_Y_SCALAR ? NULL : sp_ykind_name(n->kind), n->text, n->quoted};
}

bool recipe_unitless(const sp_ynode *n) { return sp_written_unitless(recipe_written(n)); }

void recipe_range_error(parser *p, const sp_ynode *n, const char *path, double v, sp_unit u,
                        double min, double max)
{
  char why[320];
  sp_range_text(v, u, min, max, recipe_unitless(n), why, sizeof why);
  bad(p, n, path, "%s", why);
}

bool recipe_read_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                       double max, double *out)
{
  char why[256];
  if (sp_written_read_value(recipe_written(n), u, min, max, out, why, sizeof why))
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

bool recipe_get_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                      double max, double *out)
{
  double v;
  if (!recipe_read_value(p, n, path, u, min, max, &v))
    return false;
  if (!(v >= min && v <= max)) {
    recipe_range_error(p, n, path, v, u, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool recipe_get_time(parser *p, const sp_ynode *n, const char *path, sp_time *out)
{
  char why[256];
  if (sp_written_time(recipe_written(n), out, why, sizeof why))
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

bool recipe_get_bool(parser *p, const sp_ynode *n, const char *path, bool *out)
{
  char why[512];
  if (sp_written_bool(recipe_written(n), out, why, sizeof why))
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

bool recipe_get_string(parser *p, const sp_ynode *n, const char *path, const char *what, char **out)
{
  char why[512], hint[320];
  if (!sp_written_string(recipe_written(n), what, why, sizeof why)) {
    bad(p, n, path, "%s%s", why, recipe_brace_hint(n, hint, sizeof hint));
    return false;
  }
  free(*out);
  *out = sp_xstrdup(n->text);
  return true;
}

/* ---- a value from its row ------------------------------------------------ */

/* "'a', 'b' or 'c'" of a row's words. */
void recipe_words_text(const sp_key_row *row, char *buf, size_t size)
{
  sp_build_words_text(row, buf, size);
}

/* n as one of row's words: its index into *i. */
bool recipe_get_word(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row, int *i)
{
  char why[512];
  if (sp_written_word(row, recipe_written(n), i, why, sizeof why))
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

static bool fill_list(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                      void *owner);
static bool fill_named(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                       void *owner);
static bool get_tap(parser *p, const sp_ynode *v, const char *kp, sp_tap *tap);
static bool get_fold(parser *p, const sp_ynode *v, const char *kp, sp_fold *fold);

/* A text n as row says into at: a string (a CHARS: any value, one that
 * is no text held to its form as ""), of the row's form when it has one;
 * what at held kept when it is refused. */
static bool get_text(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                     char *at)
{
  const bool chars = row->store == SP_KEY_S_CHARS;
  if (!chars && row->words && n->kind == SP_Y_SCALAR && !strcmp(n->text, row->words[0])) {
    free(*(char **)at); /* its first word, its default: none given */
    *(char **)at = NULL;
    return true;
  }
  char *text = chars ? sp_xstrdup(n->kind == SP_Y_SCALAR ? n->text : "") : NULL, why[512];
  char *what = sp_build_text_what(row);
  bool ok = chars || recipe_get_string(p, n, path, what, &text);
  free(what);
  if (ok && row->check && !(ok = row->check(text, why, sizeof why)))
    bad(p, n, path, "%s", why);
  if (ok && row->normal)
    row->normal(text);
  if (ok && chars) {
    snprintf(at, row->size, "%s", text);
  } else if (ok) {
    free(*(char **)at);
    *(char **)at = text;
    text = NULL;
  }
  free(text);
  return ok;
}

/* Whether scalar n's text is of row's form (its check, before its value
 * is read: a whole number's range said its own way, a time that is not
 * negative); said when it is not. */
static bool text_form(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row)
{
  char why[512];
  if (!row->check || n->kind != SP_Y_SCALAR || row->check(n->text, why, sizeof why))
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

/* A whole number in the row's range into the int at its field, or (a
 * row that takes a name too, OR_TEXT) a scalar that is not one a name
 * into the char * at its name_at; its check says what it refuses first. */
static bool get_whole(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                      void *obj)
{
  char *end = NULL;
  if (!text_form(p, n, path, row))
    return false;
  if (n->kind == SP_Y_SCALAR)
    (void)strtol(n->text, &end, 10);
  if ((row->also & SP_KEY_OR_TEXT) && !(end && end != n->text && !*end))
    return recipe_get_string(p, n, path, row->help, (char **)((char *)obj + row->name_at - 1));
  double v; /* its range is the check's (core/recipe/check.h) */
  if (!recipe_read_value(p, n, path, SP_UNIT_NUMBER, row->min, row->max, &v))
    return false;
  if (v != floor(v)) {
    const char *key = strrchr(path, '.') ? strrchr(path, '.') + 1 : path;
    bad(p, n, path, "a %s is a whole number from %g to %g (%s), got %g", key, row->min, row->max,
        row->help, v);
    return false;
  }
  *(int *)((char *)obj + row->at) = (int)v;
  return true;
}

bool recipe_fill_one(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                     void *obj)
{
  char *at = (char *)obj + row->at;
  bool *word = row->word_at ? (bool *)((char *)obj + row->word_at - 1) : NULL;
  if (word && n->kind == SP_Y_SCALAR &&
      strcmp(n->text, row->words[recipe_list_len(row->words) - 1]) == 0) {
    *word = true;
    return true;
  }
  /* a word, not a value: the row's word misspelt ("automatic", "Auto") */
  if (word && row->store != SP_KEY_S_TEXT && row->type != SP_KEY_T_ENUM && n->kind == SP_Y_SCALAR &&
      isalpha((unsigned char)n->text[0])) {
    char list[256];
    recipe_words_text(row, list, sizeof list);
    const bool near = strncasecmp(n->text, row->words[0], strlen(row->words[0])) == 0 ||
                      sp_suggest(n->text, row->words, recipe_list_len(row->words));
    bad(p, n, path, "expected %s or a %s like %s, got '%s'%s%s%s", list,
        sp_key_type_name(row->type),
        row->type == SP_KEY_T_TIME ? "'10 ms', '1.5 s', '480 smp' or '1:32.5'"
                                   : sp_unit_example(sp_build_row_unit(row)),
        n->text, near ? "; did you mean '" : "", near ? row->words[0] : "", near ? "'?" : "");
    return false;
  }
  const bool ranged = row->min < row->max;
  bool ok = false;
  int w = 0;
  switch (row->store) {
  case SP_KEY_S_NONE:
  case SP_KEY_S_AUTO: return false; /* recipe_fill_timed's */
  case SP_KEY_S_LIST: return fill_list(p, n, path, row, obj);
  case SP_KEY_S_OBJECT: {
    const sp_key_table *sub = sp_key_table_find(row->of);
    if (row->type == SP_KEY_T_BOOL && n->kind == SP_Y_SCALAR) /* on or off: its has flag */
      return recipe_get_bool(p, n, path, (bool *)((char *)obj + row->has - 1));
    if ((row->type == SP_KEY_T_BOOL || (row->type == SP_KEY_T_TEXT && n->kind != SP_Y_SCALAR)) &&
        n->kind != SP_Y_MAP) {
      char keys[256] = "";
      for (size_t k = 0; k < sub->n; k++)
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", k ? ", " : "",
                 sub->keys[k]);
      if (row->type == SP_KEY_T_BOOL)
        bad(p, n, path, "expected true, false, or {%s}, got %s", keys, sp_ykind_name(n->kind));
      else
        bad(p, n, path, "expected a text (%s), or {%s}, got %s", row->help, keys,
            sp_ykind_name(n->kind));
      return false;
    }
    if (n->kind == SP_Y_NULL &&
        (row->type == SP_KEY_T_OBJECT || (row->type == SP_KEY_T_ENUM && row->def && !*row->def)))
      return true;                                              /* left empty: none */
    if (row->type == SP_KEY_T_ENUM && n->kind == SP_Y_SCALAR) { /* one of its words, any case */
      int i = 0;
      while (row->words[i] && strcasecmp(n->text, row->words[i]) != 0)
        i++;
      if (!row->words[i])
        return recipe_get_word(p, n, path, row, &i); /* said: none of them */
    }
    if (n->kind != SP_Y_MAP && row->type != SP_KEY_T_OBJECT) { /* a scalar: its first key's */
      ok = recipe_fill_one(p, n, path, &sub->rows[0], at);
      for (size_t k = 1; ok && row->type == SP_KEY_T_TEXT && k < sub->n; k++) { /* every key's */
        free(*(char **)(at + sub->rows[k].at));
        *(char **)(at + sub->rows[k].at) = sp_xstrdup(*(char **)(at + sub->rows[0].at));
      }
    } else if ((ok = recipe_check_keys(p, n, path, sub->keys, path)))
      recipe_fill(p, n, path, row->of, NULL, at);
    break;
  }
  case SP_KEY_S_DOUBLE: /* its range is the check's (core/recipe/check.h) */
    ok = recipe_read_value(p, n, path, sp_build_row_unit(row), ranged ? row->min : -INFINITY,
                           ranged ? row->max : INFINITY, (double *)at);
    break;
  case SP_KEY_S_TIME:
    ok = text_form(p, n, path, row) && recipe_get_time(p, n, path, (sp_time *)at);
    break;
  case SP_KEY_S_LAYOUT: ok = recipe_get_layout(p, n, path, (const sp_layout **)at); break;
  case SP_KEY_S_CHANNELS:
    ok = recipe_get_channels(p, n, path, row->help, (char ***)at,
                             (size_t *)((char *)obj + row->count - 1));
    break;
  case SP_KEY_S_BOOL:
    if (row->type != SP_KEY_T_ENUM) {
      ok = recipe_get_bool(p, n, path, (bool *)at);
    } else if ((ok = recipe_get_word(p, n, path, row, &w))) {
      *(bool *)at = w == 1 || !row->words[1];
    }
    break;
  case SP_KEY_S_INT:
    if (row->type == SP_KEY_T_NUMBER)
      ok = get_whole(p, n, path, row, obj);
    else if ((ok = recipe_get_word(p, n, path, row, &w)))
      *(int *)at = row->values ? row->values[w] : w;
    break;
  case SP_KEY_S_TEXT:
  case SP_KEY_S_CHARS: ok = get_text(p, n, path, row, at); break;
  case SP_KEY_S_TAP: ok = get_tap(p, n, path, (sp_tap *)at); break;
  case SP_KEY_S_FOLD: ok = get_fold(p, n, path, (sp_fold *)at); break;
  case SP_KEY_S_PAN: /* the mixer's (parse.c) */
  case SP_KEY_S_POLARITY:
  case SP_KEY_S_CHAIN:
  case SP_KEY_S_INSTRUMENT: ok = recipe_mixer_reads[row->store](p, n, path, row, obj); break;
  case SP_KEY_S_FADE: /* the others of more than one field (parse_stores.c) */
  case SP_KEY_S_WARP:
  case SP_KEY_S_INPUT:
  case SP_KEY_S_INPUTS:
  case SP_KEY_S_WORDS:
  case SP_KEY_S_LAYOUTS:
  case SP_KEY_S_CYCLE:
  case SP_KEY_S_NAMES:
  case SP_KEY_S_GROUPS:
  case SP_KEY_S_PRESET:
    if (n->kind == SP_Y_NULL && row->store == SP_KEY_S_WORDS)
      return true; /* left empty: not given */
    ok = recipe_store_reads[row->store](p, n, path, row, obj);
    break;
  case SP_KEY_S_NAMED:
    if (n->kind == SP_Y_NULL)
      return true; /* left empty: none */
    ok = fill_named(p, n, path, row, obj);
    break;
  }
  if (ok && word)
    *word = false;
  if (ok && row->has)
    *(bool *)((char *)obj + row->has - 1) = true;
  return ok;
}

void recipe_fill(parser *p, const sp_ynode *map, const char *path, const char *table,
                 const char *const *only, void *obj)
{
  const sp_key_table *t = sp_key_table_find(table);
  for (size_t k = 0; t && k < t->n; k++) {
    const sp_key_row *row = &t->rows[k];
    if (row->store == SP_KEY_S_NONE || row->store == SP_KEY_S_AUTO || row->moves ||
        (only && !recipe_in_list(t->keys[k], only)))
      continue;
    const sp_ynode *n = sp_ymap_get(map, t->keys[k]);
    char *kp = recipe_join(path, t->keys[k]);
    if (n)
      recipe_fill_one(p, n, kp, row, obj);
    else if (!row->def && row->type == SP_KEY_T_ENUM) /* the recipe's own at the key */
      bad(p, map, *path ? path : kp, "missing '%s' (%s); add '%s: %s'", t->keys[k], row->help,
          t->keys[k], row->words[0]);
    else if (!row->def)
      bad(p, map, *path ? path : kp, "missing '%s' (%s); add it", t->keys[k], row->help);
    free(kp);
  }
}

/* Each list's rules, by its items' table, as the job's writer finds each
 * table's hook (hook_of, core/job/job.c); a list of none has the rows
 * alone. */
static const recipe_list *list_of(const char *table)
{
  static const struct {
    const char *table;
    const recipe_list *list;
  } lists[] = {{"REGION", &recipe_regions},
               {"SEND", &recipe_sends},
               {"SET", &recipe_sets},
               {"STEMS", &recipe_stems},
               {"VERSION", &recipe_versions}};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
    if (strcmp(lists[i].table, table) == 0)
      return lists[i].list;
  static const recipe_list none = {.items = "mappings", .item = "an item of the list"};
  return &none;
}

/* The items of list v (at path) as row says (an SP_KEY_S_LIST row: its
 * table, the array and count in owner), appended to that array, as the
 * job's walk writes them: a list (a MAP row's: a mapping of names) or
 * nothing (none); each item a mapping of the table's keys (an unknown
 * one said with the key meant; not a mapping: said, and left out), its
 * path noted, its fields read from their rows between the start and done
 * of its table's list. false (reported) when v is not such a list. */
static bool fill_list(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                      void *owner)
{
  const recipe_list *list = list_of(row->of);
  const bool named = row->type == SP_KEY_T_MAP;
  const sp_ykind kind = named ? SP_Y_MAP : SP_Y_SEQ;
  const size_t n = v->kind == kind ? v->n : 0;
  if (v->kind != kind && (v->kind != SP_Y_NULL || list->listed)) { /* (how many: the check's) */
    bad(p, v, path, "expected a %s of %s, got %s", named ? "mapping" : "list", list->items,
        sp_ykind_name(v->kind));
    return false;
  }
  const sp_key_table *t = sp_key_table_find(row->of);
  char **array = (char **)((char *)owner + row->at);
  size_t *count = (size_t *)((char *)owner + row->count - 1);
  if (n) /* room for every item at once */
    *array = sp_xreallocarray(*array, *count + n, row->size);
  for (size_t i = 0; i < n; i++) {
    const sp_ynode *k = named ? v->pairs[i].key : NULL;
    recipe_item it = {.map = named ? v->pairs[i].value : v->items[i],
                      .path = named ? recipe_join(path, k->text) : recipe_index_path(path, i),
                      .errors = sp_diags_errors(p->d),
                      .item = *array + *count * row->size,
                      .owner = owner};
    const sp_ynode *at = named ? k : it.map; /* (a --set's: its set's place) */
    sp_recipe_note_where(p->r, &(sp_where){.path = (char *)it.path,
                                           .pos = at->pos,
                                           .from = (char *)at->from,
                                           .key_len = named ? strlen(k->text) : 0});
    memset(it.item, 0, row->size);
    if (named) /* its name, its struct's first field (its form the check's) */
      *(char **)it.item = sp_xstrdup(k->text);
    bool keep = recipe_check_keys(p, it.map, it.path, t->keys, list->item) &&
                (!list->start || list->start(p, &it));
    if (keep) {
      if (list->fill)
        list->fill(p, &it);
      else
        recipe_fill(p, it.map, it.path, row->of, NULL, it.item);
      recipe_fill_timed(p, it.map, it.path, row->of, NULL, it.item);
      keep = !list->done || list->done(p, &it);
    }
    if (keep) {
      if (!named) /* (one left out before it: it is not where the model has it) */
        sp_recipe_note_item(p->r, path, *count, i);
      ++*count;
    } else {
      if (list->fini)
        list->fini(it.item);
      else if (named)
        free(*(char **)it.item);
      memset(it.item, 0, row->size);
    }
    free((char *)it.path);
  }
  return true;
}

/* A NAMED row's mapping v at path (its table's keys into owner, from
 * their rows; the others names each of at least one name, appended to
 * the row's array in owner), its list's words in its messages; none
 * named is refused. false (reported) when v is not a mapping. */
static bool fill_named(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                       void *owner)
{
  const recipe_list *list = list_of(row->of);
  const sp_key_table *t = sp_key_table_find(row->of);
  if (v->kind != SP_Y_MAP) {
    bad(p, v, path, "expected a mapping of %s, got %s", list->items, sp_ykind_name(v->kind));
    return false;
  }
  recipe_fill(p, v, path, row->of, NULL, owner);
  char **array = (char **)((char *)owner + row->at);
  size_t *count = (size_t *)((char *)owner + row->count - 1);
  /* an item's names, read as a NAMES row's (its name first, then them) */
  const sp_key_row names = {.type = SP_KEY_T_LIST,
                            .store = SP_KEY_S_NAMES,
                            .at = sizeof(char *),
                            .count = 2 * sizeof(char *) + 1,
                            .help = list->item};
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *k = v->pairs[i].key, *m = v->pairs[i].value;
    char *ip = recipe_join(path, k->text);
    sp_recipe_note_value(p->r, ip, m->pos, m->from, false); /* (a --set's: its set's place) */
    if (recipe_in_list(k->text, t->keys)) {
      free(ip);
      continue;
    }
    *array = sp_xreallocarray(*array, *count + 1, row->size); /* its name's form: the check's */
    char *item = *array + *count * row->size;
    memset(item, 0, row->size);
    *(char **)item = sp_xstrdup(k->text);
    ++*count;
    recipe_fill_one(p, m, ip, &names, item); /* one of none: the check's */
    free(ip);
  }
  return true; /* none named: the check's */
}

bool recipe_get_channels(parser *p, const sp_ynode *v, const char *kp, const char *what,
                         char ***names, size_t *n)
{
  const size_t k = v->kind == SP_Y_SEQ ? v->n : 1;
  if ((v->kind != SP_Y_SEQ && v->kind != SP_Y_SCALAR) || k == 0 || k > SP_MAX_CHANNELS) {
    char why[512];
    sp_build_names_refused(what, why, sizeof why);
    bad(p, v, kp, "%s", why);
    return false;
  }
  *names = sp_xcalloc(k, sizeof **names);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    const sp_ynode *c = v->kind == SP_Y_SEQ ? v->items[i] : v;
    char *ip = v->kind == SP_Y_SEQ ? recipe_index_path(kp, i) : sp_xstrdup(kp);
    recipe_note(p, ip, c);
    if (recipe_get_string(p, c, ip, "a channel's name (L, R, C, LFE, Ls ...)", &(*names)[*n]))
      sp_recipe_note_item(p->r, kp, (*n)++, i);
    free(ip);
  }
  return *n == k;
}

static int by_char(const void *a, const void *b) { return *(const char *)a - *(const char *)b; }

/* The layout whose name, less its dots (and its digits sorted when
 * sorted), is want; NULL if none. */
static const char *layout_of_digits(const char *want, bool sorted)
{
  for (size_t i = 0; sp_layout_at(i); i++) {
    const char *name = sp_layout_at(i)->name;
    char have[32];
    size_t h = 0;
    for (const char *c = name; *c && h + 1 < sizeof have; c++)
      if (*c != '.')
        have[h++] = *c;
    have[h] = '\0';
    if (sorted)
      qsort(have, h, 1, by_char);
    if (isdigit((unsigned char)name[0]) && strcmp(have, want) == 0)
      return name;
  }
  return NULL;
}

/* The layout a misspelling most likely means, or NULL: its digits without
 * the dots (714: 7.1.4), an l for a 1 (5.l: 5.1), no heights written as
 * .0 (5.1.0: 5.1), its numbers in another order (7.4.1: 7.1.4). */
static const char *layout_meant(const char *text)
{
  char want[32];
  size_t k = 0;
  for (const char *c = text; *c && k + 1 < sizeof want; c++)
    if (*c != '.' && *c != ' ')
      want[k++] = *c == 'l' || *c == 'L' ? '1' : *c;
  want[k] = '\0';
  const size_t len = strlen(text);
  if (len > 2 && strcmp(text + len - 2, ".0") == 0 && k > 0) /* 5.1.0 */
    want[--k] = '\0';
  const char *meant = k > 0 ? layout_of_digits(want, false) : NULL;
  if (!meant && k > 2) { /* its numbers in another order (7.4.1, 5.2.1) */
    qsort(want, k, 1, by_char);
    meant = layout_of_digits(want, true);
  }
  return meant;
}

/* `layout: 5.1`: a layout's name into *out. */
bool recipe_get_layout(parser *p, const sp_ynode *v, const char *kp, const sp_layout **out)
{
  const char *names[32];
  size_t n = 0;
  for (size_t i = 0; sp_layout_at(i) && n < 31; i++)
    names[n++] = sp_layout_at(i)->name;
  names[n] = NULL;
  const sp_layout *l = v->kind == SP_Y_SCALAR ? sp_layout_find(v->text) : NULL;
  if (l) {
    *out = l;
    return true;
  }
  const char *near = v->kind == SP_Y_SCALAR ? layout_meant(v->text) : NULL;
  if (!near && v->kind == SP_Y_SCALAR)
    near = sp_suggest(v->text, names, n);
  bad(p, v, kp,
      "expected a layout: mono, stereo, LCR, quad, 5.0, 5.1, 6.0, 6.1, 7.0, 7.1, 5.1.2, 5.1.4, "
      "7.1.2, 7.1.4 or 9.1.6 (stemprint help layouts)%s%s%s",
      near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
  return false;
}

/* `fold: bs775` or `fold: {centre, surround, height, lfe}` (levels). */
static bool get_fold(parser *p, const sp_ynode *v, const char *kp, sp_fold *fold)
{
  *fold = sp_fold_default();
  if (v->kind == SP_Y_SCALAR && strcmp(v->text, "bs775") == 0)
    return true;
  if (v->kind != SP_Y_MAP) {
    bad(p, v, kp,
        "expected 'bs775' (ITU-R BS.775's coefficients) or levels like {centre: -3 dB, "
        "surround: -3 dB, height: -3 dB, lfe: -10 dB}");
    return false;
  }
  if (!recipe_check_keys(p, v, kp, sp_keys_fold, "fold"))
    return false;
  recipe_fill(p, v, kp, "FOLD", NULL, fold);
  return true;
}

/* ---- taps ---------------------------------------------------------------- */

/* `after:` of a tap: a post_insert's 1-based place (a whole number, 1 or
 * more) or its processor's name (a word, checked against the strip when
 * the graph is built). */
static bool get_tap_after(parser *p, const sp_ynode *v, const char *kp, unsigned *after,
                          char **name)
{
  const char *what = sp_build_tap_after_what;
  if (v->kind != SP_Y_SCALAR || v->text[0] == '\0') {
    bad(p, v, kp, "expected %s, got %s%s%s", what, SP_Y_GOT(v));
    return false;
  }
  const char *t = v->text;
  if (isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+') {
    char why[512];
    if (!sp_build_tap_after(t, after, why, sizeof why)) {
      bad(p, v, kp, "%s", why);
      return false;
    }
    return true;
  }
  free(*name);
  *name = sp_xstrdup(t);
  return true;
}

/* `tap: pre`, `fader`, `post`, or `{after: N}` / `{after: NAME}` (after
 * the N-th post_insert, 1-based, or the one whose processor is NAME), into
 * *tap; false (reported) otherwise. */
static bool get_tap(parser *p, const sp_ynode *v, const char *kp, sp_tap *tap)
{
  for (int k = 0; v->kind == SP_Y_SCALAR && !v->quoted && sp_tap_words[k]; k++)
    if (strcmp(v->text, sp_tap_words[k]) == 0) {
      tap->at = (sp_tap_at)k;
      return true;
    }
  if (v->kind == SP_Y_MAP) {
    static const char *const keys[] = {"after", NULL};
    if (!recipe_check_keys(p, v, kp, keys, "a tap"))
      return false;
    const sp_ynode *a = sp_ymap_get(v, "after");
    if (!a) { /* another key is said unknown already */
      if (v->n == 0)
        bad(p, v, kp,
            "a tap written as a mapping needs 'after:', the post_insert it follows, "
            "like {after: 1}");
      return false;
    }
    char *ap = recipe_join(kp, "after");
    const bool ok = get_tap_after(p, a, ap, &tap->after, &tap->after_name);
    free(ap);
    if (ok)
      tap->at = SP_TAP_FADER;
    return ok;
  }
  bad(p, v, kp,
      "expected 'pre', 'fader', 'post' or {after: N} (its source before the fader, after it and "
      "before post_inserts, after them all, or after the N-th post_insert), got %s%s%s",
      SP_Y_GOT(v));
  return false;
}

/* ---- kinds --------------------------------------------------------------- */

bool recipe_timed_number(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                         double *v)
{
  const sp_timed_kind *kind = k->kind; /* (its range the check's) */
  return recipe_read_value(p, n, path, kind->unit, kind->min, kind->max, v);
}

bool recipe_timed_switch(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                         double *v)
{
  (void)k;
  bool on = false;
  const bool ok = recipe_get_bool(p, n, path, &on);
  *v = on ? 1.0 : 0.0;
  return ok;
}

#define CONSTANT RECIPE_TIMED_CONSTANT
#define TEMPO RECIPE_TIMED_TEMPO
/* How each kind a row names, and a VCA's curve, is read, by its id: its
 * values' unit and range are its id's row of sp_timed_kinds, which KIND
 * points it at; read as NUMBERS or SETTINGS (RECIPE_TIMED_*). */
#define KIND(id, how, ...) [id] = RECIPE_TIMED_##how(&sp_timed_kinds[id], __VA_ARGS__)
static const recipe_timed kinds[SP_TIMED_N] = {
    KIND(SP_TIMED_LEVEL, NUMBERS, CONSTANT | RECIPE_TIMED_LEVEL, "level", "-6 dB", "0 dB"),
    KIND(SP_TIMED_ENVELOPE, NUMBERS, CONSTANT | RECIPE_TIMED_ENVELOPE, "level", "-6 dB", "0 dB"),
    KIND(SP_TIMED_PAN, NUMBERS, CONSTANT | TEMPO, "value", "0.5", "0"),
    KIND(SP_TIMED_AZIMUTH, NUMBERS, CONSTANT | TEMPO, "value", "0.5", "0"),
    KIND(SP_TIMED_ELEVATION, NUMBERS, CONSTANT | TEMPO, "value", "0.5", "0"),
    KIND(SP_TIMED_MUTE, SETTINGS, recipe_timed_switch, 0, "true or false", "false", "true",
         "a moving mute is a list of [time, true or false] points in time order, like [[0, "
         "false], [2 s, true], [3 s, false]]"),
    KIND(SP_TIMED_BYPASS, SETTINGS, recipe_timed_switch, CONSTANT | TEMPO, "true or false", "false",
         "true", SP_BUILD_BYPASS_WANT),
    /* each curve of a level's `vca:` */
    KIND(SP_TIMED_VCA, NUMBERS, TEMPO, "level", "-6 dB", "0 dB"),
};
#undef KIND

const recipe_timed *recipe_timed_of(sp_timed_id id)
{
  return id < SP_TIMED_N && kinds[id].read ? &kinds[id] : NULL;
}

/* ---- tempo maps ---------------------------------------------------------- */
/* A tempo map, one point of it at index i of path (a mapping `{at: 2 s,
 * beat: 4, bpm: 130}`), into *out (its order the check's). */
static bool get_tempo_point(parser *p, const sp_ynode *n, const char *path, sp_tempo_point *out)
{
  if (n->kind != SP_Y_MAP) {
    bad(p, n, path, "expected a tempo point, like {at: 2 s, beat: 4, bpm: 130}");
    return false;
  }
  if (!recipe_check_keys(p, n, path, sp_keys_tempo, "a tempo point"))
    return false;
  const size_t errors = sp_diags_errors(p->d);
  sp_tempo_written w = {.note = 4};
  recipe_fill(p, n, path, "TEMPO", NULL, &w);
  sp_recipe_check_table(p->r, p->d, "TEMPO", &w, path);
  /* what the rows cannot say: a time in seconds, a whole note */
  const sp_ynode *v = sp_ymap_get(n, "at");
  char *kp = recipe_join(path, "at");
  if (v && w.at.in_frames)
    bad(p, v, kp,
        "a tempo point starts at a time in seconds (Ardour's superclock, not a frame); give "
        "it like '2.5 s'");
  else if (v && !(w.at.seconds <= SP_MAX_SECONDS))
    recipe_range_error(p, v, kp, w.at.seconds, SP_UNIT_SECONDS, 0, SP_MAX_SECONDS);
  free(kp);
  if ((v = sp_ymap_get(n, "note")) && w.note != floor(w.note)) {
    kp = recipe_join(path, "note");
    bad(p, v, kp, "the note a tempo counts is a whole number (4 a quarter note, 8 an eighth)");
    free(kp);
  }
  if (sp_diags_errors(p->d) != errors)
    return false;
  const double bpm = w.bpm, note = w.note, omega = w.omega;
  const int64_t sclock = llround(w.at.seconds * SP_TEMPO_SUPERCLOCK);
  const int64_t quarters = llround(w.beat * SP_TEMPO_BEAT_TICKS);
  *out =
      sp_tempo_point_make(sclock, quarters, bpm, (int)note, omega, omega != 0, SP_TEMPO_SUPERCLOCK);
  return true;
}

/* `tempo:`, the tempo map a list Ardour holds in beats is read through: a
 * tempo in quarter notes a minute from the start (`97`), or a list of
 * points, into *out (owned by the caller); its points' count and order
 * the check's. (A tempo out of its row's range is said here, as a point's
 * rows are: a tempo map cannot hold it.) */
static bool get_tempo(parser *p, const sp_ynode *n, const char *path, sp_tempo_map **out)
{
  if (n->kind == SP_Y_SCALAR) {
    double bpm = 0;
    const sp_key_row *row = &sp_key_rows_tempo[SP_KEY_TEMPO_BPM];
    if (!recipe_get_value(p, n, path, SP_UNIT_NUMBER, row->min, row->max, &bpm))
      return false;
    *out = sp_tempo_map_constant(bpm);
    return true;
  }
  if (n->kind != SP_Y_SEQ) {
    char why[256];
    sp_build_tempo_map_why(why, sizeof why);
    bad(p, n, path, "%s", why);
    return false;
  }
  sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(n->n, sizeof *m->t)};
  bool ok = true;
  for (size_t i = 0; i < n->n && ok; i++) {
    char *ip = sp_xasprintf("%s[%zu]", path, i);
    recipe_note(p, ip, n->items[i]);
    ok = get_tempo_point(p, n->items[i], ip, &m->t[i]);
    m->n += ok;
    free(ip);
  }
  if (!ok) {
    sp_tempo_map_free(m);
    return false;
  }
  *out = m;
  return true;
}

/* ---- the forms ----------------------------------------------------------- */

/* A list of [time, value] points of kind k at path, into *out; false
 * (reported) where it is no list of points. Read as written (their order
 * and their values' range the check's), each point where it is in the
 * list (one not read kept as a point of 0 at 0: said, the check passes it
 * by), each value's place noted. */
static bool get_points(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                       sp_auto *out)
{
  const char *alone = k->forms & CONSTANT ? "; or give one value" : "";
  /* [0, -6 dB] is one point written without its own brackets. */
  bool flat = true;
  for (size_t i = 0; i < n->n; i++)
    flat &= n->items[i]->kind == SP_Y_SCALAR;
  if (flat) {
    const char **items = sp_xcalloc(n->n + 1, sizeof *items);
    for (size_t i = 0; i < n->n; i++)
      items[i] = n->items[i]->text;
    char why[1024];
    sp_build_points_flat(items, n->n, k->want, k->first, k->second, *alone != '\0', why,
                         sizeof why);
    bad(p, n, path, "%s", why);
    free(items);
    return false;
  }
  sp_auto a = {.points = sp_xcalloc(n->n, sizeof(sp_auto_point))};
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *pt = n->items[i];
    char *pp = recipe_index_path(path, i);
    recipe_note(p, pp, pt);
    if (pt->kind != SP_Y_SEQ || pt->n != 2) {
      char got[64];
      if (pt->kind == SP_Y_SEQ)
        snprintf(got, sizeof got, "a list of %zu item%s", pt->n, pt->n == 1 ? "" : "s");
      else
        snprintf(got, sizeof got, "%s", sp_ykind_name(pt->kind));
      char why[512];
      sp_build_point_shape(k->want, k->first, got, why, sizeof why);
      bad(p, pt, pp, "%s", why);
      a.points[a.n++] = (sp_auto_point){{0}, 0};
      free(pp);
      continue;
    }
    char *tp = recipe_index_path(pp, 0), *vp = recipe_index_path(pp, 1);
    sp_auto_point q = {{0}, 0};
    const sp_ynode *qv = pt->items[1];
    recipe_note(p, tp, pt->items[0]);
    sp_recipe_note_value(p->r, vp, qv->pos, qv->from, sp_ynode_bare(qv));
    const bool good = recipe_get_time(p, pt->items[0], tp, &q.t) && k->read(p, k, qv, vp, &q.v);
    a.points[a.n++] = good ? q : (sp_auto_point){{0}, 0};
    free(tp);
    free(vp);
    free(pp);
  }
  a.value = a.points[0].v;
  *out = a;
  return true;
}

/* The curves of kind with flags as a message lists them: "'db' (linear
 * in dB, the default), 'ardour' (...) or 'declick' (...)"; to free. */
static char *curve_choices(sp_curve_kind kind, int flags)
{
  const sp_curve *c;
  size_t n = 0, k = 0;
  for (size_t i = 0; (c = sp_curve_at(i)); i++)
    n += c->kind == kind && (c->flags & flags) == flags;
  char *s = sp_xasprintf("%s", "");
  for (size_t i = 0; (c = sp_curve_at(i)); i++)
    if (c->kind == kind && (c->flags & flags) == flags) {
      k++;
      char *t = sp_xasprintf("%s%s'%s' (%s)", s,
                             k == 1   ? ""
                             : k == n ? " or "
                                      : ", ",
                             c->name, c->what);
      free(s);
      s = t;
    }
  return s;
}

/* A curve of kind with flags named by n, into *id; false (and a message
 * at path.key naming the curves it may be, then tail) when there is none. */
static bool get_curve(parser *p, const sp_ynode *n, const char *path, const char *key,
                      sp_curve_kind kind, int flags, const char *tail, int *id)
{
  const sp_curve *c = n->kind == SP_Y_SCALAR ? sp_curve_find(kind, n->text) : NULL;
  if (c && (c->flags & flags) == flags) {
    *id = c->id;
    return true;
  }
  char *kp = recipe_join(path, key), *choices = curve_choices(kind, flags);
  bad(p, n, kp, "expected %s, got %s%s%s%s", choices, SP_Y_GOT(n), tail);
  free(choices);
  free(kp);
  return false;
}

/* `ramp:` at path: of a level, db, ardour or declick; of a port, linear. */
static bool get_ramp(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                     sp_ramp *how)
{
  const bool level = (k->forms & (RECIPE_TIMED_LEVEL | RECIPE_TIMED_ENVELOPE)) != 0;
  int id;
  if (!get_curve(p, n, path, "ramp", SP_CURVE_RAMP, level ? SP_CURVE_LEVEL : SP_CURVE_PORT,
                 level ? ""
                       : "; or leave 'ramp' out for the parameter's own way (docs/lv2.md, "
                         "Parameters that move)",
                 &id))
    return false;
  *how = (sp_ramp)id; /* (an envelope's declick: the check's to refuse) */
  return true;
}

/* A level's `interpolation:` at path (that `ramp: ardour` is beside it:
 * the check's). */
static bool get_interp(parser *p, const sp_ynode *n, const char *path, sp_interp *interp)
{
  int id;
  if (!get_curve(p, n, path, "interpolation", SP_CURVE_INTERP, 0, "", &id))
    return false;
  *interp = (sp_interp)id;
  return true;
}

/* A level's `vca:` at path: the curves of the VCAs over it into
 * out->vca, each as Ardour reads a list, each where it is in the list (one
 * not read of no point); that `ramp: ardour` is beside it, and their
 * count, the check's. */
static bool get_vcas(parser *p, const sp_ynode *vca, const char *path, sp_auto *out)
{
  char *vp = recipe_join(path, "vca");
  bool ok = false;
  if (vca->kind != SP_Y_SEQ) {
    char why[256];
    sp_build_vca_count_why(why, sizeof why);
    bad(p, vca, vp, "%s", why);
  } else {
    ok = true;
    out->vca = sp_xcalloc(vca->n, sizeof *out->vca);
    for (size_t i = 0; i < vca->n; i++) {
      char *ip = recipe_index_path(vp, i);
      sp_auto *c = &out->vca[out->n_vca];
      if (recipe_get_timed(p, vca->items[i], ip, &kinds[SP_TIMED_VCA], c)) {
        c->ramp = SP_RAMP_LIST;
        out->n_vca++;
      } else {
        ok = false;
        out->n_vca++;
      }
      free(ip);
    }
  }
  free(vp);
  return ok;
}

/* A mapping of kind k with the keys it may hold (keys; and elsewhere,
 * the check's to refuse): its points with their ramp, tempo and, for a
 * level, the rest of sp_keys_level: kept as read where its points are
 * (what is wrong with it said; the rest the check's). */
static bool get_map(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                    const char *const *keys, const char *const *elsewhere, sp_auto *out)
{
  recipe_check_keys_but(p, n, path, keys, elsewhere, k->kind->what);
  const sp_ynode *v[6]; /* the keys this kind takes, NULL where it takes none */
  static const char *const names[] = {"ramp", "interpolation", "tempo", "start", "vca", "points"};
  for (size_t i = 0; i < 6; i++)
    v[i] = recipe_in_list(names[i], keys) ? sp_ymap_get(n, names[i]) : NULL;
  const sp_ynode *rn = v[0], *in = v[1], *tn = v[2], *st = v[3], *vca = v[4], *pts = v[5];
  sp_ramp how = SP_RAMP_DB;
  sp_interp interp = SP_INTERP_EXPONENTIAL;
  sp_tempo_map *tempo = NULL;
  double start_db = 0;
  bool ok = !rn || get_ramp(p, rn, path, k, &how);
  if (in) /* (a level's, an envelope's: beside a ramp the check's to say) */
    ok &= get_interp(p, in, path, &interp);
  if (tn) { /* (a level's beside `ramp: ardour` the check's to say) */
    char *tp = recipe_join(path, "tempo");
    ok &= get_tempo(p, tn, tp, &tempo);
    free(tp);
  }
  if (st) { /* a level's: its range, and that a ramp is beside it, the check's */
    char *sp = recipe_join(path, "start");
    const sp_key_row *row = &sp_key_rows_level[SP_KEY_LEVEL_START];
    ok &= recipe_read_value(p, st, sp, SP_UNIT_DB, row->min, row->max, &start_db);
    free(sp);
  }
  char *pp = recipe_join(path, "points");
  if (!pts)
    bad(p, n, path, "%s needs 'points: [[time, %s], ...]'", k->kind->what, k->noun);
  else if (pts->kind != SP_Y_SEQ && k->want)
    bad(p, pts, pp, "%s", k->want);
  else if (pts->kind != SP_Y_SEQ)
    bad(p, pts, pp, "expected a list of [time, %s] points, like [[0, %s], [2 s, %s]]", k->noun,
        k->first, k->second);
  ok &= pts && pts->kind == SP_Y_SEQ && get_points(p, pts, pp, k, out);
  free(pp);
  if (ok && vca)
    ok &= get_vcas(p, vca, path, out);
  if (!ok && out->n == 0) {
    sp_tempo_map_free(tempo);
    sp_auto_free(out);
    return false;
  }
  out->ramp = how;
  out->interp = interp;
  out->tempo = tempo;
  out->has_start = st != NULL;
  out->start_db = start_db;
  if (how == SP_RAMP_LIST || how == SP_RAMP_DECLICK)
    out->smooth = sp_xcalloc(1, sizeof *out->smooth);
  return true;
}

void recipe_fill_timed(parser *p, const sp_ynode *map, const char *path, const char *table,
                       const char *const *only, void *obj)
{
  const sp_key_table *t = sp_key_table_find(table);
  for (size_t q = 0; t && q < t->n; q++) {
    const sp_key_row *row = &t->rows[q];
    const recipe_timed *kind = recipe_timed_of(row->timed);
    const sp_ynode *n = sp_ymap_get(map, t->keys[q]);
    if (!n || !kind || (row->store != SP_KEY_S_AUTO && !row->moves) ||
        (only && !recipe_in_list(t->keys[q], only)))
      continue;
    char *kp = recipe_join(path, t->keys[q]);
    char *at = (char *)obj + row->at;
    sp_auto *a = row->moves ? (sp_auto *)((char *)obj + row->moves - 1) : (sp_auto *)at;
    /* moving: a list of points, or a mapping of them where its kind takes one */
    const bool moving =
        n->kind == SP_Y_SEQ || (n->kind == SP_Y_MAP && (kind->forms & ~RECIPE_TIMED_CONSTANT));
    if (row->moves && !moving) {
      recipe_fill_one(p, n, kp, row, obj);
    } else if (recipe_get_timed(p, n, kp, kind, a) && row->moves) {
      if (row->store == SP_KEY_S_DOUBLE) /* its first value */
        *(double *)at = a->value;
      if (row->has)
        *(bool *)((char *)obj + row->has - 1) = true;
    }
    free(kp);
  }
}

bool recipe_get_timed(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                      sp_auto *out)
{
  const char *const *const tempo_keys = sp_build_tempo_keys;
  static const char *const linear_keys[] = {"points", "ramp", "tempo", NULL};
  const char *const *const envelope_keys = sp_build_envelope_keys;
  sp_auto_free(out);
  const char *const *keys = NULL;
  if (k->forms & RECIPE_TIMED_LEVEL)
    keys = sp_keys_level;
  else if (k->forms & RECIPE_TIMED_ENVELOPE)
    keys = envelope_keys;
  else if (k->forms & RECIPE_TIMED_LINEAR)
    keys = linear_keys;
  else if (k->forms & TEMPO)
    keys = tempo_keys;
  /* a pan's ramp: the check's to refuse */
  static const char *const ramp[] = {"ramp", NULL};
  const bool pan_ramp = keys == tempo_keys && k->kind->unit != SP_UNIT_DB &&
                        k->read == recipe_timed_number && n->kind == SP_Y_MAP &&
                        sp_ymap_get(n, "ramp");
  /* a mapping of none of its keys is a value not understood, or (for a
   * value that has no constant) a moving one with no points */
  bool mapped = pan_ramp;
  for (size_t i = 0; keys && n->kind == SP_Y_MAP && i < n->n; i++)
    mapped |= recipe_in_list(n->pairs[i].key->text, keys);
  if (mapped || (keys && n->kind == SP_Y_MAP && !(k->forms & CONSTANT)))
    return get_map(p, n, path, k, keys, pan_ramp ? ramp : NULL, out);
  if (n->kind == SP_Y_SEQ)
    return get_points(p, n, path, k, out);
  if (k->forms & CONSTANT)
    return k->read(p, k, n, path, &out->value);
  bad(p, n, path, "expected a list of [time, %s] points, like [[0, %s], [2 s, %s]]%s", k->noun,
      k->first, k->second, keys ? ", or {tempo: ..., points: [...]} for a list held in beats" : "");
  return false;
}
