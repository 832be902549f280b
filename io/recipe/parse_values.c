/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keys and values, as every object of the recipe reads them: a mapping's
 * keys checked against the ones it allows (with "did you mean" and the
 * keys format 1 reserves for later), scalars read with their units
 * (core/base/units.h) and ranges, times, "auto", booleans, strings and names.
 * Each reader says what was expected and gives an example of it. */

#include "io/recipe/parse_values.h"

#include "io/recipe/parse_timed.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/units.h"
#include "core/recipe/keys.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- keys ---------------------------------------------------------------- */

/* Keys of recipe format 1 that this version does not implement yet:
 * refusing them by name is honest, where ignoring them would print the
 * wrong thing. */
typedef struct later_key {
  const char *key;
  const char *what;
} later_key;

static const later_key later_keys[] = {
    {NULL, NULL},
};

bool recipe_in_list(const char *key, const char *const *allowed)
{
  for (size_t i = 0; allowed[i]; i++)
    if (strcmp(allowed[i], key) == 0)
      return true;
  return false;
}

size_t recipe_list_len(const char *const *v)
{
  size_t n = 0;
  while (v[n])
    n++;
  return n;
}

/* The allowed key an unknown key most likely meant: a close spelling, else
 * one that is a prefix of it or that it begins ("frequency" for "freq",
 * "thresh" for "threshold"), at least three letters long; NULL if none. */
const char *recipe_suggest_key(const char *key, const char *const *allowed)
{
  const char *near = sp_suggest(key, allowed, recipe_list_len(allowed));
  if (near)
    return near;
  size_t kl = strlen(key);
  for (size_t i = 0; allowed[i]; i++) {
    size_t al = strlen(allowed[i]);
    if (kl >= 3 && al >= 3 && strncmp(key, allowed[i], kl < al ? kl : al) == 0)
      return allowed[i];
  }
  return NULL;
}

/* Check that map is a mapping whose keys are all in allowed, except those
 * in elsewhere (may be NULL): keys the caller refuses itself with a message
 * of their own, never listed or suggested here. Record where each key's
 * value was written. Returns false if map is not a mapping. */
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
    sp_recipe_note(p->r, kp, map->pairs[i].value->pos);
    if (!recipe_in_list(k->text, allowed) && !(elsewhere && recipe_in_list(k->text, elsewhere))) {
      const later_key *lk = later_keys;
      while (lk->key && strcmp(lk->key, k->text) != 0)
        lk++;
      const char *near = recipe_suggest_key(k->text, allowed);
      if (lk->key && !near)
        bad(p, k, kp, "%s ('%s') are not supported yet by stemprint %s; remove the key", lk->what,
            k->text, SP_VERSION);
      else if (near)
        bad(p, k, kp, "unknown key '%s' in %s; did you mean '%s'?", k->text, what, near);
      else {
        char list[512] = "";
        for (size_t j = 0; allowed[j]; j++) {
          strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
          strncat(list, allowed[j], sizeof list - strlen(list) - 1);
        }
        bad(p, k, kp, "unknown key '%s' in %s; expected one of: %s", k->text, what, list);
      }
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

/* ---- scalars ------------------------------------------------------------- */

static bool want_scalar(parser *p, const sp_ynode *n, const char *path, const char *example)
{
  if (n->kind == SP_Y_SCALAR)
    return true;
  bad(p, n, path, "expected a value like %s, got %s", example, sp_ykind_name(n->kind));
  return false;
}

/* Whether n is a plain number, without a unit ("90", "-3.5"). */
static bool unitless(const sp_ynode *n)
{
  if (n->kind != SP_Y_SCALAR || !*n->text)
    return false;
  char *end;
  (void)strtod(n->text, &end);
  return end != n->text && *end == '\0';
}

void recipe_range_error(parser *p, const sp_ynode *n, const char *path, double v, sp_unit u,
                        double min, double max)
{
  const char *un = sp_unit_name(u);
  const char *sp = *un ? " " : "";
  /* a time written without its unit reads as seconds: "release: 90" meant
   * 90 ms, most likely, when that is in range */
  char hint[96] = "";
  if (u == SP_UNIT_SECONDS && unitless(n) && v / 1000 >= min && v / 1000 <= max)
    snprintf(hint, sizeof hint, "; a time without a unit is in seconds: did you mean '%g ms'?", v);
  /* "sample_rate: 48" meant 48 kHz, most likely */
  if (u == SP_UNIT_HZ && unitless(n) && v * 1000 >= min && v * 1000 <= max)
    snprintf(hint, sizeof hint, "; a frequency without a unit is in Hz: did you mean '%g kHz'?", v);
  if (isinf(min))
    bad(p, n, path, "%g%s%s is out of range; expected -inf%s%s .. %g%s%s%s", v, sp, un, sp, un, max,
        sp, un, hint);
  else
    bad(p, n, path, "%g%s%s is out of range; expected %g%s%s .. %g%s%s%s", v, sp, un, min, sp, un,
        max, sp, un, hint);
}

/* A bound of a range as the messages write it. */
static void bound_text(double x, char *buf, size_t size)
{
  if (isinf(x))
    snprintf(buf, size, "%sinf", x < 0 ? "-" : "");
  else
    snprintf(buf, size, "%g", x);
}

/* What a plain number in min .. max that could not be read gets: the range
 * and an example in it; a level in dB given to it (an LV2 port in a linear
 * unit) gets the linear gain it would be, when that is in range. */
static void number_error(parser *p, const sp_ynode *n, const char *path, double min, double max)
{
  char lo[32], hi[32];
  bound_text(min, lo, sizeof lo);
  bound_text(max, hi, sizeof hi);
  char *end;
  const double v = strtod(n->text, &end);
  while (*end == ' ' || *end == '\t')
    end++;
  if (end != n->text && (!strcmp(end, "dB") || !strcmp(end, "dBFS"))) {
    const double lin = pow(10.0, v / 20.0);
    char hint[96] = "";
    if (lin >= min && lin <= max)
      snprintf(hint, sizeof hint, "; if it is a linear gain, %s is %.6g", n->text, lin);
    bad(p, n, path, "this value is a plain number from %s to %s, without a unit; got '%s'%s", lo,
        hi, n->text, hint);
    return;
  }
  static const double examples[] = {0.5, 1.5, 1, 0, 2, 10, 100};
  double ex = isfinite(min) ? min : isfinite(max) ? max : 0;
  for (size_t i = 0; i < sizeof examples / sizeof *examples; i++)
    if (examples[i] >= min && examples[i] <= max) {
      ex = examples[i];
      break;
    }
  bad(p, n, path, "expected a plain number from %s to %s, like '%g', got '%s'", lo, hi, ex,
      n->text);
}

bool recipe_get_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                      double max, double *out)
{
  if (!want_scalar(p, n, path, sp_unit_example(u)))
    return false;
  double v;
  char why[256];
  if (!sp_units_parse(u, n->text, &v, why, sizeof why)) {
    if (u == SP_UNIT_NUMBER)
      number_error(p, n, path, min, max);
    else
      bad(p, n, path, "%s", why);
    return false;
  }
  if (!(v >= min && v <= max)) {
    recipe_range_error(p, n, path, v, u, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool recipe_get_time(parser *p, const sp_ynode *n, const char *path, sp_time *out)
{
  if (!want_scalar(p, n, path, "'10 ms', '1.5 s', '480 smp' or '1:32.5'"))
    return false;
  char why[256];
  if (!sp_units_parse_time(n->text, out, why, sizeof why)) {
    bad(p, n, path, "%s", why);
    return false;
  }
  return true;
}

bool recipe_get_bool(parser *p, const sp_ynode *n, const char *path, bool *out)
{
  if (n->kind == SP_Y_SCALAR && !n->quoted) {
    if (strcmp(n->text, "true") == 0) {
      *out = true;
      return true;
    }
    if (strcmp(n->text, "false") == 0) {
      *out = false;
      return true;
    }
  }
  bad(p, n, path, "expected true or false, got %s%s%s", SP_Y_GOT(n));
  return false;
}

bool recipe_get_string(parser *p, const sp_ynode *n, const char *path, const char *what, char **out)
{
  if (n->kind != SP_Y_SCALAR || n->text[0] == '\0') {
    bad(p, n, path, "expected %s, got %s", what, sp_ykind_name(n->kind));
    return false;
  }
  free(*out);
  *out = sp_xstrdup(n->text);
  return true;
}

/* ---- a value from its row ------------------------------------------------ */

/* The unit a row's numbers are in (its unit's name, core/base/units.h). */
static sp_unit row_unit(const sp_key_row *row)
{
  for (int u = SP_UNIT_HZ; row->unit && u > SP_UNIT_NUMBER; u--)
    if (strcmp(sp_unit_name((sp_unit)u), row->unit) == 0)
      return (sp_unit)u;
  return row->type == SP_KEY_T_LEVEL ? SP_UNIT_DB : SP_UNIT_NUMBER;
}

/* "'a', 'b' or 'c'" of a row's words. */
static void words_text(const sp_key_row *row, char *buf, size_t size)
{
  const size_t n = recipe_list_len(row->words);
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    snprintf(buf + strlen(buf), size - strlen(buf), "%s'%s'",
             i == 0       ? ""
             : i + 1 == n ? " or "
                          : ", ",
             row->words[i]);
}

/* n as one of row's words: its index into *i. */
static bool get_word(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row, int *i)
{
  for (int w = 0; n->kind == SP_Y_SCALAR && row->words[w]; w++)
    if (strcmp(n->text, row->words[w]) == 0) {
      *i = w;
      return true;
    }
  char list[256];
  words_text(row, list, sizeof list);
  const char *near =
      n->kind == SP_Y_SCALAR ? sp_suggest(n->text, row->words, recipe_list_len(row->words)) : NULL;
  bad(p, n, path, "expected %s (%s), got %s%s%s%s%s%s", list, row->help, SP_Y_GOT(n),
      near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
  return false;
}

static bool fill_list(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                      void *owner);

bool recipe_fill_one(parser *p, const sp_ynode *n, const char *path, const sp_key_row *row,
                     void *obj)
{
  char *at = (char *)obj + row->at;
  bool *word = row->word_at ? (bool *)((char *)obj + row->word_at - 1) : NULL;
  if (word && n->kind == SP_Y_SCALAR && strcmp(n->text, row->words[0]) == 0) {
    *word = true;
    return true;
  }
  /* a word, not a value: the row's word misspelt ("automatic", "Auto") */
  if (word && n->kind == SP_Y_SCALAR && isalpha((unsigned char)n->text[0])) {
    char list[256];
    words_text(row, list, sizeof list);
    const bool near = strncasecmp(n->text, row->words[0], strlen(row->words[0])) == 0 ||
                      sp_suggest(n->text, row->words, recipe_list_len(row->words));
    bad(p, n, path, "expected %s or a %s like %s, got '%s'%s%s%s", list,
        sp_key_type_name(row->type),
        row->type == SP_KEY_T_TIME ? "'10 ms', '1.5 s', '480 smp' or '1:32.5'"
                                   : sp_unit_example(row_unit(row)),
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
    if (n->kind != SP_Y_MAP && row->type != SP_KEY_T_OBJECT) /* a scalar: its first key's */
      return recipe_fill_one(p, n, path, &sub->rows[0], at);
    ok = n->kind == SP_Y_NULL && row->type == SP_KEY_T_OBJECT; /* left empty: none */
    if (!ok && (ok = recipe_check_keys(p, n, path, sub->keys, path)))
      recipe_fill(p, n, path, row->of, NULL, at);
    break;
  }
  case SP_KEY_S_DOUBLE:
    ok = recipe_get_value(p, n, path, row_unit(row), ranged ? row->min : -INFINITY,
                          ranged ? row->max : INFINITY, (double *)at);
    break;
  case SP_KEY_S_TIME: ok = recipe_get_time(p, n, path, (sp_time *)at); break;
  case SP_KEY_S_LAYOUT: ok = recipe_get_layout(p, n, path, (const sp_layout **)at); break;
  case SP_KEY_S_CHANNELS:
    ok = recipe_get_channels(p, n, path, row->help, (char ***)at,
                             (size_t *)((char *)obj + row->count - 1));
    break;
  case SP_KEY_S_BOOL:
    if (row->type != SP_KEY_T_ENUM) {
      ok = recipe_get_bool(p, n, path, (bool *)at);
    } else if ((ok = get_word(p, n, path, row, &w))) {
      *(bool *)at = w == 1 || !row->words[1];
    }
    break;
  case SP_KEY_S_INT:
    if ((ok = get_word(p, n, path, row, &w)))
      *(int *)at = w;
    break;
  case SP_KEY_S_TEXT: {
    char *what = sp_xasprintf("a text (%s)", row->help);
    ok = recipe_get_string(p, n, path, what, (char **)at);
    free(what);
    break;
  }
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
    else if (!row->def)
      bad(p, map, path, "missing '%s' (%s); add it", t->keys[k], row->help);
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
  if ((v->kind != kind && v->kind != SP_Y_NULL) || n < list->min) {
    bad(p, v, path, "expected a %s of %s, got %s", named ? "mapping" : "list", list->items,
        v->kind == kind ? "an empty list" : sp_ykind_name(v->kind));
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
                      .index = i,
                      .errors = sp_diags_errors(p->d),
                      .item = *array + *count * row->size,
                      .owner = owner};
    sp_recipe_note(p->r, it.path, named ? k->pos : it.map->pos);
    memset(it.item, 0, row->size);
    if (named) { /* its name, its struct's first field */
      recipe_check_name(p, k, it.path, list->name);
      *(char **)it.item = sp_xstrdup(k->text);
    }
    bool keep = recipe_check_keys(p, it.map, it.path, t->keys, list->item) &&
                (!list->start || list->start(p, &it));
    if (keep) {
      recipe_fill(p, it.map, it.path, row->of, NULL, it.item);
      recipe_fill_timed(p, it.map, it.path, row->of, it.item);
      keep = !list->done || list->done(p, &it);
    }
    if (keep) {
      ++*count;
    } else {
      if (named)
        free(*(char **)it.item);
      memset(it.item, 0, row->size);
    }
    free((char *)it.path);
  }
  return true;
}

/* Names of tracks, buses and stems become file names and appear in paths
 * and reports, so they are kept to a portable set. */
bool recipe_valid_name(const char *s)
{
  if (!*s || *s == '.' || *s == '-' || strlen(s) > 64)
    return false;
  for (const char *c = s; *c; c++) {
    bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-' || *c == '.';
    if (!ok)
      return false;
  }
  return true;
}

bool recipe_check_name(parser *p, const sp_ynode *k, const char *path, const char *what)
{
  if (!recipe_valid_name(k->text)) {
    bad(p, k, path,
        "'%s' is not a valid %s name; use letters, digits, '_', '-' and '.' "
        "(not first), at most 64 characters",
        k->text, what);
    return false;
  }
  if (strcmp(k->text, "master") == 0 || strcmp(k->text, "none") == 0) {
    bad(p, k, path, "'%s' is reserved; choose another %s name", k->text, what);
    return false;
  }
  return true;
}

bool recipe_get_channels(parser *p, const sp_ynode *v, const char *kp, const char *what,
                         char ***names, size_t *n)
{
  const size_t k = v->kind == SP_Y_SEQ ? v->n : 1;
  if ((v->kind != SP_Y_SEQ && v->kind != SP_Y_SCALAR) || k == 0 || k > SP_MAX_CHANNELS) {
    bad(p, v, kp, "expected %s, like [C] or [Ls, Rs]", what);
    return false;
  }
  *names = sp_xcalloc(k, sizeof **names);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    const sp_ynode *c = v->kind == SP_Y_SEQ ? v->items[i] : v;
    char *ip = v->kind == SP_Y_SEQ ? recipe_index_path(kp, i) : sp_xstrdup(kp);
    sp_recipe_note(p->r, ip, c->pos);
    if (recipe_get_string(p, c, ip, "a channel's name (L, R, C, LFE, Ls ...)", &(*names)[*n]))
      (*n)++;
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
bool recipe_get_fold(parser *p, const sp_ynode *v, const char *kp, sp_fold *fold)
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
  const char *what = "the place of a post_insert (1 for the first) or its processor's name, "
                     "like {after: 1} or {after: saturate}";
  if (v->kind != SP_Y_SCALAR || v->text[0] == '\0') {
    bad(p, v, kp, "expected %s, got %s%s%s", what, SP_Y_GOT(v));
    return false;
  }
  const char *t = v->text;
  if (isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+') {
    char *end = NULL;
    const long n = strtol(t, &end, 10);
    if (*end != '\0' || n < 1 || n > 4096) {
      bad(p, v, kp,
          "expected %s, got '%s'; the first post_insert is 1 (the tap right after the fader "
          "is 'tap: fader')",
          what, t);
      return false;
    }
    *after = (unsigned)n;
    return true;
  }
  free(*name);
  *name = sp_xstrdup(t);
  return true;
}

bool recipe_get_tap(parser *p, const sp_ynode *v, const char *kp, const char *whose,
                    recipe_tap *tap, unsigned *after, char **after_name)
{
  if (v->kind == SP_Y_SCALAR && !v->quoted) {
    static const char *const names[] = {"pre", "fader", "post"};
    for (int k = 0; k < 3; k++)
      if (strcmp(v->text, names[k]) == 0) {
        *tap = (recipe_tap)k;
        return true;
      }
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
    const bool ok = get_tap_after(p, a, ap, after, after_name);
    free(ap);
    if (ok)
      *tap = RECIPE_TAP_AFTER;
    return ok;
  }
  bad(p, v, kp,
      "expected 'pre', 'fader', 'post' or {after: N} (%s before the fader, after it and before "
      "post_inserts, after them all, or after the N-th post_insert), got %s%s%s",
      whose, SP_Y_GOT(v));
  return false;
}
