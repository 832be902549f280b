/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe's JSON Schema, made from the rows of its keys
 * (core/recipe/keys.h), with no list of its own: each table a definition
 * whose properties are its rows (type, range, words, default, help as the
 * description), closed (additionalProperties: false) as the parser refuses
 * a key a table lacks; a track's, a bus's and master's mappings made of
 * their tables as the parser makes them (sp_keys_track_all, ...); a timed
 * value's forms read from its kind (io/recipe/parse_timed.h); an insert's
 * parameters from its processor's table (core/procs/list.h), an LV2 or
 * LADSPA insert's ports left open (they are the plugin's). An album
 * recipe's (core/recipe/album_keys.h) is the same file's: `album:` at the
 * top selects its root (if/then/else), the song's root else.
 *
 * Draft-07: yaml-language-server reads it in every version (2019-09 and
 * 2020-12 only from 1.20). The schema checks a value's shape, a bare
 * number's range and a value's text against its unit's spellings; what
 * only the parser can say (a name that must exist, the range of a value
 * written with a unit: `30 dB`) it leaves to `check`. */

#include "cmd/schema.h"

#include "cmd/cli.h"

#include "core/base/alloc.h"
#include "core/procs/proc.h"
#include "core/recipe/album_keys.h"
#include "core/recipe/keys.h"
#include "io/recipe/parse_timed.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sp_json *obj(void) { return sp_report_object(); }
static void set(sp_json *o, const char *k, sp_json *v) { sp_report_set(o, k, v); }
static void set_s(sp_json *o, const char *k, const char *v) { set(o, k, sp_report_string(v)); }
static sp_json *of_type(const char *type)
{
  sp_json *o = obj();
  set_s(o, "type", type);
  return o;
}
static sp_json *ref(const char *def)
{
  sp_json *o = obj();
  char *r = sp_xasprintf("#/definitions/%s", def);
  set_s(o, "$ref", r);
  free(r);
  return o;
}

/* Whether w is read by YAML as a number. */
static bool numeric_word(const char *w)
{
  char *end = NULL;
  const double v = strtod(w, &end);
  return end != w && *end == '\0' && isfinite(v);
}

/* A word as YAML reads it: a number when it is one (`16`, `1`). */
static sp_json *word_value(const char *w)
{
  char *end = NULL;
  const double v = strtod(w, &end);
  if (end != w && *end == '\0' && isfinite(v))
    return v == floor(v) && fabs(v) < 1e15 ? sp_report_int((int64_t)v) : sp_report_number(v);
  return sp_report_string(w);
}

static sp_json *enum_of(const char *const *words)
{
  sp_json *o = obj(), *e = sp_report_array();
  for (const char *const *w = words; *w; w++) {
    sp_report_append(e, word_value(*w));
    if (numeric_word(*w)) /* `16` is both 16 and '16' */
      sp_report_append(e, sp_report_string(*w));
  }
  set(o, "enum", e);
  return o;
}

/* A value of unit u written as text, as the parser reads it
 * (core/base/units.c): a plain decimal, blanks, one of the family's
 * spellings (`-3 dB`, `2.5 kHz`, `"3"` for a plain number); `-inf` for a
 * level; a time also in `smp` or as a clock (`1:32.5`). */
static sp_json *unit_text(sp_unit u)
{
  static const char blank[] = "[ \t]*",
                    decimal[] = "[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?";
  char units[64] = "";
  for (size_t i = 0; sp_unit_spelling(u, i); i++)
    snprintf(units + strlen(units), sizeof units - strlen(units), "%s%s", i ? "|" : "",
             sp_unit_spelling(u, i));
  if (u == SP_UNIT_SECONDS)
    snprintf(units + strlen(units), sizeof units - strlen(units), "|smp");
  const bool level = u == SP_UNIT_DB || u == SP_UNIT_DBFS || u == SP_UNIT_DBTP;
  char *unit = *units ? sp_xasprintf("%s(%s)?", blank, units) : sp_xstrdup("");
  char *pattern = sp_xasprintf(
      "^%s(%s%s%s%s%s)%s$", blank, decimal, unit, level ? "|-inf" : "", level ? unit : "",
      u == SP_UNIT_SECONDS ? "|[0-9]+(:[0-9]+)?:[0-9]+([.][0-9]*)?" : "", blank);
  free(unit);
  sp_json *o = of_type("string");
  set_s(o, "pattern", pattern);
  free(pattern);
  return o;
}

/* A number in min .. max (each bound only when finite). */
static sp_json *number(double min, double max, bool ranged)
{
  sp_json *o = of_type("number");
  if (ranged && isfinite(min))
    set(o, "minimum", sp_report_number(min));
  if (ranged && isfinite(max))
    set(o, "maximum", sp_report_number(max));
  return o;
}

/* The definition a table's mapping is, by object name: a table's own, or
 * a track's, a bus's, master's. */
static const char *def_name(const char *of)
{
  static const struct {
    const char *of, *def;
  } composites[] = {{"TRACK", "track"}, {"BUS", "bus"}, {"MASTER", "master"}};
  for (size_t i = 0; i < sizeof composites / sizeof *composites; i++)
    if (strcmp(of, composites[i].of) == 0)
      return composites[i].def;
  return of;
}

/* `of` is one table or several (`POSITION|GAINS`): each a $ref into alts. */
static void refs(sp_json *alts, const char *of)
{
  char buf[64];
  snprintf(buf, sizeof buf, "%s", of);
  for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save))
    sp_report_append(alts, ref(def_name(t)));
}

/* A timed value of kind k: its constant (a number in its range, or true
 * or false), a list of points, and its mapping forms. */
static void timed_forms(sp_json *alts, const recipe_timed *k)
{
  if (k->forms & RECIPE_TIMED_CONSTANT) {
    if (k->read == recipe_timed_switch) {
      sp_report_append(alts, of_type("boolean"));
    } else {
      sp_report_append(alts, number(k->kind->min, k->kind->max, true));
      sp_report_append(alts, unit_text(k->kind->unit));
    }
  }
  sp_report_append(alts, ref("points"));
  /* a level's mapping takes every key of sp_keys_level; a region's
   * envelope its points and ramp; a list held in beats its points and
   * tempo map */
  if (k->forms & (RECIPE_TIMED_LEVEL | RECIPE_TIMED_LINEAR))
    sp_report_append(alts, ref("LEVEL"));
  else if (k->forms & RECIPE_TIMED_ENVELOPE)
    sp_report_append(alts, ref("timed_envelope"));
  else if (k->forms & RECIPE_TIMED_TEMPO)
    sp_report_append(alts, ref("timed_tempo"));
}

/* The text a default is written as, when it is a value (not a sentence). */
static sp_json *default_value(const sp_key_row *r)
{
  const char *d = r->def;
  if (!d || !*d)
    return NULL;
  if (r->type == SP_KEY_T_BOOL && (strcmp(d, "true") == 0 || strcmp(d, "false") == 0))
    return sp_report_bool(strcmp(d, "true") == 0);
  for (const char *const *w = r->words; w && *w; w++)
    if (strcmp(*w, d) == 0)
      return word_value(d);
  char *end = NULL;
  const double v = strtod(d, &end);
  if (end != d && *end == '\0')
    return word_value(d);
  /* `-3 dB`, `0 s`, `{name}`: one value, as the recipe writes it */
  const bool valued = r->type == SP_KEY_T_LEVEL || r->type == SP_KEY_T_TIME ||
                      r->type == SP_KEY_T_NUMBER || r->type == SP_KEY_T_TIMED;
  if (valued && end != d && *end == ' ' && !strchr(end + 1, ' ') && isfinite(v))
    return sp_report_string(d);
  if (r->type == SP_KEY_T_TEXT && !strchr(d, ' ') && strcmp(d, "output.name") != 0)
    return sp_report_string(d);
  return NULL;
}

static sp_json *insert_item(void);

/* The unit family a row's text is read in, as the parser reads it
 * (io/recipe/parse_values.c, row_unit): a time's seconds, its unit's, a
 * level's dB; -1: a unit of its own (`320 kbps`, `-2 st`), text unchecked. */
static int row_family(const sp_key_row *r)
{
  if (r->type == SP_KEY_T_TIME)
    return SP_UNIT_SECONDS;
  if (!r->unit)
    return r->type == SP_KEY_T_LEVEL ? SP_UNIT_DB : SP_UNIT_NUMBER;
  for (int u = SP_UNIT_HZ; u > SP_UNIT_NUMBER; u--)
    if (strcmp(sp_unit_name((sp_unit)u), r->unit) == 0)
      return u;
  return -1;
}

/* A row's schema. */
static sp_json *row_schema(const sp_key_row *r)
{
  sp_json *alts = sp_report_array();
  const bool ranged = r->min < r->max;
  switch (r->type) {
  case SP_KEY_T_MISSING:
  case SP_KEY_T_ANY: break;
  case SP_KEY_T_NUMBER:
  case SP_KEY_T_LEVEL:
  case SP_KEY_T_TIME:
    sp_report_append(alts, number(r->min, r->max, ranged));
    sp_report_append(alts, row_family(r) < 0 ? of_type("string") : unit_text(row_family(r)));
    break;
  case SP_KEY_T_ENUM: sp_report_append(alts, enum_of(r->words)); break;
  case SP_KEY_T_BOOL: sp_report_append(alts, of_type("boolean")); break;
  case SP_KEY_T_FILE: sp_report_append(alts, of_type("string")); break;
  case SP_KEY_T_TEXT:
  case SP_KEY_T_LAYOUT: /* `5.1` is a number to YAML */
    sp_report_append(alts, of_type("string"));
    sp_report_append(alts, of_type("number"));
    break;
  case SP_KEY_T_CHANNELS: {
    sp_report_append(alts, of_type("string"));
    sp_json *a = of_type("array");
    set(a, "items", of_type("string"));
    sp_report_append(alts, a);
    break;
  }
  case SP_KEY_T_LIST: {
    sp_json *a = of_type("array");
    if (r->of && !(r->also & SP_KEY_OR_LIST))
      set(a, "items", ref(def_name(r->of)));
    if (r->store == SP_KEY_S_WORDS) { /* some of its words, one at least */
      set(a, "items", enum_of(r->words));
      set(a, "minItems", sp_report_int(1));
    }
    if (r->store == SP_KEY_S_INPUTS) { /* paths side by side, two at least */
      set(a, "items", of_type("string"));
      set(a, "minItems", sp_report_int(2));
      set(a, "maxItems", sp_report_int(SP_MAX_CHANNELS));
    }
    sp_report_append(alts, a);
    break;
  }
  case SP_KEY_T_MAP: {
    sp_json *m = of_type("object"), *item = ref(def_name(r->of));
    if (r->short_key) { /* an item as its short key's value alone (a track as its file) */
      sp_json *forms = sp_report_array(), *one = obj();
      sp_report_append(forms, item);
      sp_report_append(forms, row_schema(sp_key_lookup(r->of, r->short_key, NULL)));
      set(one, "anyOf", forms);
      item = one;
    }
    set(m, "additionalProperties", item);
    sp_report_append(alts, m);
    break;
  }
  case SP_KEY_T_OBJECT: refs(alts, r->of); break;
  case SP_KEY_T_TIMED:
    if (recipe_timed_of(r->timed))
      timed_forms(alts, recipe_timed_of(r->timed));
    break;
  case SP_KEY_T_INSERTS: {
    sp_json *a = of_type("array");
    set(a, "items", insert_item());
    sp_report_append(alts, a);
    break;
  }
  case SP_KEY_T_INSTRUMENT: sp_report_append(alts, insert_item()); break;
  }
  if (r->type != SP_KEY_T_ENUM && r->words)
    sp_report_append(alts, enum_of(r->words));
  /* a mapping or a list left empty (`buses:`) is none */
  if (r->type == SP_KEY_T_MAP || r->type == SP_KEY_T_OBJECT || r->type == SP_KEY_T_LIST ||
      r->type == SP_KEY_T_INSERTS)
    sp_report_append(alts, of_type("null"));
  if (r->also & SP_KEY_OR_OBJECT) {
    if (r->of && r->type != SP_KEY_T_LIST)
      refs(alts, r->of);
    else
      sp_report_append(alts, of_type("object"));
  }
  if (r->also & SP_KEY_OR_BOOL)
    sp_report_append(alts, of_type("boolean"));
  if (r->also & SP_KEY_OR_TEXT)
    sp_report_append(alts, of_type("string"));
  if (r->also & SP_KEY_OR_NUMBER)
    sp_report_append(alts, of_type("number"));
  if (r->also & SP_KEY_OR_LIST) {
    /* a list of `of`'s mappings (a tempo map), unless `of` is the mapping
     * it takes besides (a trim's points, or {points, ...}) */
    const bool of_items = r->of && r->type != SP_KEY_T_LIST && !(r->also & SP_KEY_OR_OBJECT);
    /* a list of a value that moves is its points (a trim's) */
    sp_json *a = !of_items && r->moves ? ref("points") : of_type("array");
    if (of_items)
      set(a, "items", ref(def_name(r->of)));
    sp_report_append(alts, a);
  }
  sp_json *s;
  if (sp_report_array_size(alts) == 1) {
    s = sp_report_array_get(alts, 0);
    sp_report_incref(s);
    sp_report_free(alts);
  } else if (sp_report_array_size(alts) == 0) {
    s = obj();
    sp_report_free(alts);
  } else {
    s = obj();
    set(s, "anyOf", alts);
  }
  /* a $ref's siblings are ignored before 2019-09: the description beside it in allOf */
  if (sp_report_get(s, "$ref")) {
    sp_json *w = obj(), *all = sp_report_array();
    sp_report_append(all, s);
    set(w, "allOf", all);
    s = w;
  }
  char *help = r->def && *r->def ? sp_xasprintf("%s (default: %s)", r->help, r->def)
                                 : sp_xasprintf("%s%s", r->help, r->def ? "" : " (required)");
  set_s(s, "description", help);
  free(help);
  sp_json *dv = default_value(r);
  if (dv)
    set(s, "default", dv);
  return s;
}

/* A mapping closed to keys other than names. A key YAML 1.2 reads as null
 * (checks' `null:`) is a null to yaml-language-server, which its
 * `additionalProperties: false` cannot match to the property "null" and
 * fails on (1.25.0: the whole file then goes unchecked): such a mapping is
 * closed by propertyNames instead, the names and null. */
static void close_mapping(sp_json *o, const char *const *names)
{
  bool null_key = false;
  for (const char *const *k = names; *k; k++)
    null_key |= strcmp(*k, "null") == 0 || strcmp(*k, "Null") == 0 || strcmp(*k, "NULL") == 0 ||
                strcmp(*k, "~") == 0;
  if (!null_key) {
    set(o, "additionalProperties", sp_report_bool(false));
    return;
  }
  sp_json *e = sp_report_array();
  for (const char *const *k = names; *k; k++)
    sp_report_append(e, sp_report_string(*k));
  char why[64];
  sp_json *holds_null = sp_report_parse("[null]", 6, why, sizeof why), /* JSON's null */
      *null = sp_report_array_get(holds_null, 0);
  sp_report_incref(null);
  sp_report_append(e, null);
  sp_report_free(holds_null);
  sp_json *pn = obj();
  set(pn, "enum", e);
  set(o, "propertyNames", pn);
}

/* A mapping of keys names in scope needs one at least of those whose rows
 * say one_of (a track's or a region's file, files, midi or regions), as
 * the check refuses one of none: anyOf each required. */
static void needs_one_of(sp_json *o, const char *scope, const char *const *names)
{
  sp_json *alts = sp_report_array();
  for (const char *const *k = names; *k; k++) {
    const sp_key_row *r = sp_key_lookup(scope, *k, NULL);
    if (!r || !r->one_of)
      continue;
    sp_json *one = obj(), *req = sp_report_array();
    sp_report_append(req, sp_report_string(*k));
    set(one, "required", req);
    sp_report_append(alts, one);
  }
  if (sp_report_array_size(alts))
    set(o, "anyOf", alts);
  else
    sp_report_free(alts);
}

/* A mapping of the keys names of table object (a NULL-terminated list),
 * closed or not; those whose row has no default required. */
static sp_json *mapping(const char *object, const char *const *names, bool closed, sp_json *props)
{
  sp_json *o = of_type("object"), *req = sp_report_array();
  if (!props)
    props = obj();
  for (const char *const *k = names; *k; k++) {
    const sp_key_row *r = sp_key_row_find(object, *k);
    set(props, *k, row_schema(r));
    if (!r->def)
      sp_report_append(req, sp_report_string(*k));
  }
  set(o, "properties", props);
  if (sp_report_array_size(req))
    set(o, "required", req);
  else
    sp_report_free(req);
  if (closed)
    close_mapping(o, names);
  needs_one_of(o, object, names);
  return o;
}

/* Several tables' keys in one mapping (a track's, as sp_keys_track_all
 * lists them): each key's row as the parser finds it in scope ("TRACK"). */
static sp_json *composite(const char *scope, const char *const *names, const char *help)
{
  sp_json *o = of_type("object"), *props = obj();
  for (const char *const *k = names; *k; k++)
    set(props, *k, row_schema(sp_key_lookup(scope, *k, NULL)));
  set(o, "properties", props);
  set(o, "additionalProperties", sp_report_bool(false));
  needs_one_of(o, scope, names);
  set_s(o, "description", help);
  return o;
}

/* ---- inserts ------------------------------------------------------------------ */

/* A parameter of a processor's table (and the words it takes). As the
 * parser reads it (io/recipe/parse_inserts.c): a number of a class whose
 * parameters move takes a list of points, unless it sets the latency
 * (still); a plugin's switches and choices move too, and its ports take
 * {points, ramp, tempo}; a built-in's choices and switches hold one. */
static sp_json *param_schema(const sp_proc_class *c, size_t i)
{
  const sp_param *pr = &c->params[i];
  const bool plugin = (c->flags & SP_PROC_SWITCHES_MOVE) != 0,
             moves = (c->flags & SP_PROC_AUTOMATABLE) != 0;
  sp_json *alts = sp_report_array();
  switch (pr->kind) {
  case SP_PARAM_NUMBER:
    sp_report_append(alts, number(pr->min, pr->max, true));
    sp_report_append(alts, unit_text(pr->unit));
    if (moves && !(c->still && c->still(i)))
      sp_report_append(alts, of_type("array"));
    if (plugin)
      sp_report_append(alts, of_type("object"));
    break;
  case SP_PARAM_CHOICE:
    sp_report_append(alts, enum_of(pr->choices));
    if (plugin && moves)
      sp_report_append(alts, of_type("array"));
    break;
  case SP_PARAM_BOOL:
    sp_report_append(alts, of_type("boolean"));
    if (plugin && moves)
      sp_report_append(alts, of_type("array"));
    break;
  case SP_PARAM_FILE:
  case SP_PARAM_PATH: sp_report_append(alts, of_type("string")); break;
  }
  sp_json *words = sp_report_array();
  for (const sp_param_word *w = c->words; w && w->word; w++)
    if ((size_t)w->param == i)
      sp_report_append(words, sp_report_string(w->word));
  if (sp_report_array_size(words)) {
    sp_json *e = obj();
    set(e, "enum", words);
    sp_report_append(alts, e);
  } else {
    sp_report_free(words);
  }
  sp_json *s = obj();
  set(s, "anyOf", alts);
  char def[64] = "";
  if (pr->required)
    snprintf(def, sizeof def, " (required)");
  else if (pr->kind == SP_PARAM_CHOICE && pr->choices)
    snprintf(def, sizeof def, " (default: %s)", pr->choices[(size_t)pr->def]);
  else if (pr->kind == SP_PARAM_BOOL)
    snprintf(def, sizeof def, " (default: %s)", pr->def != 0 ? "true" : "false");
  else if (pr->kind == SP_PARAM_NUMBER) /* (one that moves with the rate: at 48 kHz) */
    snprintf(def, sizeof def, " (default: %g%s%s)",
             sp_param_default(c, (int)i, SP_PARAM_NOMINAL_RATE),
             pr->unit == SP_UNIT_NUMBER ? "" : " ",
             pr->unit == SP_UNIT_NUMBER ? "" : sp_unit_name(pr->unit));
  char *help = sp_xasprintf("%s%s", pr->help ? pr->help : pr->name, def);
  set_s(s, "description", help);
  free(help);
  return s;
}

/* The names of c's required parameters, or NULL where none is. */
static sp_json *required_params(const sp_proc_class *c)
{
  sp_json *req = sp_report_array();
  for (size_t i = 0; i < c->n_params; i++)
    if (c->params[i].required)
      sp_report_append(req, sp_report_string(c->params[i].name));
  if (sp_report_array_size(req))
    return req;
  sp_report_free(req);
  return NULL;
}

/* A band of a class with bands: its parameters alone, as the parser reads
 * each (io/recipe/parse_inserts.c, parse_bands), the required ones given. */
static sp_json *band_mapping(const sp_proc_class *c)
{
  sp_json *o = of_type("object"), *props = obj(), *req = required_params(c);
  for (size_t i = 0; i < c->n_params; i++)
    set(props, c->params[i].name, param_schema(c, i));
  set(o, "properties", props);
  set(o, "additionalProperties", sp_report_bool(false));
  if (req)
    set(o, "required", req);
  return o;
}

/* A list of bands: one at least, each a mapping. */
static sp_json *band_list(const sp_proc_class *c)
{
  sp_json *bands = of_type("array");
  set(bands, "items", band_mapping(c));
  set(bands, "minItems", sp_report_int(1));
  return bands;
}

/* A processor's mapping: its parameters and the insert's own keys its
 * class takes, as the parser (io/recipe/parse_inserts.c) allows them:
 * bypass and channels on any; detect, key, bands, feed and widen where the
 * class has a detector, a key input, bands, one input and two outputs. A
 * family's classes (LV2, LADSPA) are the plugins': open, every key. */
static sp_json *class_mapping(const sp_proc_family *f, const sp_proc_class *c)
{
  sp_json *props = obj();
  for (size_t i = 0; c && i < c->n_params; i++)
    set(props, c->params[i].name, param_schema(c, i));
  if (f->selector) {
    sp_json *sel = of_type("string");
    set_s(sel, "description", f->selector_help ? f->selector_help : f->selector);
    set(props, f->selector, sel);
  }
  if (!c)
    return mapping("INSERT", sp_keys_insert, false, props);
  const char *names[SP_KEY_INSERT_N + 1]; /* the keys their rows say it takes, but a selector */
  size_t n = 0;
  for (size_t k = 0; k < SP_KEY_INSERT_N; k++)
    if (sp_key_insert_takes(&sp_key_rows_insert[k], c->flags, f->preset, false))
      names[n++] = sp_keys_insert[k];
  names[n] = NULL;
  sp_json *m = mapping("INSERT", names, true, props), *req = required_params(c);
  if (c->flags & SP_PROC_BANDS) { /* `{bands: [band, ...]}` */
    sp_json *bl = band_list(c);
    set_s(bl, "description", sp_key_rows_insert[SP_KEY_INSERT_BANDS].help);
    set(props, "bands", bl);
  }
  if (!req)
    return m;
  if (c->flags & SP_PROC_BANDS) { /* its parameters, or its bands in their stead */
    sp_json *alts = sp_report_array(), *params = obj(), *bands = obj(), *b = sp_report_array();
    set(params, "required", req);
    sp_report_append(b, sp_report_string("bands"));
    set(bands, "required", b);
    sp_report_append(alts, params);
    sp_report_append(alts, bands);
    set(m, "anyOf", alts);
  } else {
    set(m, "required", req);
  }
  return m;
}

/* An insert: {NAME: {PARAM: VALUE}}, {NAME: VALUE} (its primary parameter),
 * {eq: [band, ...]}. */
static sp_json *insert_item(void) { return ref("insert"); }

static sp_json *insert_def(void)
{
  sp_json *o = of_type("object"), *props = obj();
  for (size_t i = 0; i < sp_proc_family_count(); i++) {
    const sp_proc_family *f = sp_proc_family_at(i);
    const sp_proc_class *c = f->single;
    sp_json *alts = sp_report_array(), *m = class_mapping(f, c);
    sp_report_append(alts, m);
    if (c && c->primary_param >= 0) /* `{saturate: 6 dB}`: its primary parameter */
      sp_report_append(alts, param_schema(c, (size_t)c->primary_param));
    if (c && (c->flags & SP_PROC_BANDS)) /* `{eq: [band, ...]}` */
      sp_report_append(alts, band_list(c));
    sp_json *req = c ? required_params(c) : NULL;
    if (c && !req) /* `- compressor:`: its defaults */
      sp_report_append(alts, of_type("null"));
    sp_report_free(req);
    sp_json *s = obj();
    set(s, "anyOf", alts);
    set_s(s, "description", c && c->summary ? c->summary : f->summary ? f->summary : f->name);
    set(props, f->name, s);
  }
  set(o, "properties", props);
  set(o, "additionalProperties", sp_report_bool(false));
  set(o, "minProperties", sp_report_int(1));
  set(o, "maxProperties", sp_report_int(1));
  set_s(o, "description", "an insert: {NAME: {PARAM: VALUE, ...}} (stemprint help inserts)");
  return o;
}

sp_json *sp_cli_schema(void)
{
  sp_json *s = obj(), *defs = obj();
  set_s(s, "$schema", "http://json-schema.org/draft-07/schema#");
  set_s(s, "$id", "https://stemprint.invalid/recipe.schema.json");
  set_s(s, "title", "stemprint recipe");
  set_s(s, "description",
        "A stemprint mixing recipe (docs/recipe.md); made by `stemprint schema` from the "
        "recipe's key tables");
  set(defs, "track", composite("TRACK", sp_keys_track_all, "a track"));
  set(defs, "bus", composite("BUS", sp_keys_bus_all, "a bus"));
  set(defs, "master", composite("MASTER", sp_keys_master_all, "master's mixer"));
  set(defs, "insert", insert_def());
  /* a timed value's points: one at least, each [time, value] */
  sp_json *points = of_type("array"), *point = of_type("array");
  set(point, "minItems", sp_report_int(2));
  set(point, "maxItems", sp_report_int(2));
  set(points, "items", point);
  set(points, "minItems", sp_report_int(1));
  set_s(points, "description", "[[time, value], ...]: one point at least, each [time, value]");
  set(defs, "points", points);
  static const char *const tempo_keys[] = {"points", "tempo", NULL};
  set(defs, "timed_tempo", mapping("LEVEL", tempo_keys, true, NULL));
  /* a region's envelope: its points, and a ramp of db or ardour (a level's
   * declick is refused there) */
  static const char *const envelope_keys[] = {"points", "ramp", NULL};
  sp_json *envelope = mapping("LEVEL", envelope_keys, true, NULL), *ramps = sp_report_array();
  sp_report_append(ramps, sp_report_string("db"));
  sp_report_append(ramps, sp_report_string("ardour"));
  set(sp_report_get(sp_report_get(envelope, "properties"), "ramp"), "enum", ramps);
  set(defs, "timed_envelope", envelope);
  for (size_t t = 0; t < sp_key_table_count; t++) {
    const sp_key_table *tb = &sp_key_tables[t];
    if (strcmp(tb->object, "ROOT") == 0)
      continue;
    /* stems: the stems by name beside `split` */
    const bool stems = strcmp(tb->object, "STEMS") == 0;
    sp_json *m = mapping(tb->object, tb->keys, !stems, NULL);
    if (stems) {
      sp_json *members = obj(), *alts = sp_report_array(), *list = of_type("array");
      sp_report_append(alts, of_type("string"));
      set(list, "items", of_type("string"));
      sp_report_append(alts, list);
      set(members, "anyOf", alts);
      set_s(members, "description", "a stem: its tracks and buses");
      set(m, "additionalProperties", members);
    }
    set(defs, tb->object, m);
  }
  /* an album recipe's tables (core/recipe/album_keys.h), its root's too:
   * the file is one when `album:` is at its top, as `render` reads it */
  for (size_t t = 0; t < sp_album_key_table_count; t++) {
    const sp_key_table *tb = &sp_album_key_tables[t];
    set(defs, tb->object, mapping(tb->object, tb->keys, true, NULL));
  }
  set_s(sp_report_get(defs, "ALBUM_ROOT"), "description",
        "A stemprint album recipe (docs/album.md): its songs in order, the master, the tracks, "
        "the store sets and the CD image");
  sp_json *song = mapping("ROOT", sp_keys_root, true, NULL), *is_album = obj(),
          *req = sp_report_array();
  sp_report_append(req, sp_report_string("album"));
  set(is_album, "required", req);
  set(s, "type", sp_report_string("object"));
  set(s, "if", is_album);
  set(s, "then", ref("ALBUM_ROOT"));
  set(s, "else", song);
  set(s, "definitions", defs);
  return s;
}

/* path (realpath'd) as a file:// URI: what is not unreserved or '/'
 * percent-encoded. */
static char *file_uri(const char *real)
{
  char *uri = sp_xmalloc(strlen(real) * 3 + 8), *o = uri + sprintf(uri, "file://");
  for (const unsigned char *c = (const unsigned char *)real; *c; c++)
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
        strchr("/-._~", *c))
      *o++ = (char)*c;
    else
      o += sprintf(o, "%%%02X", *c);
  *o = '\0';
  return uri;
}

/* The schema's file beside this binary as a file:// URI, or NULL: the
 * installed one (BINDIR/../share/stemprint/, as CMake and the package
 * install it) first, then a build folder's (the `schema` target). The
 * binary is /proc/self/exe, else the program's path as run (the tests'
 * processes run the command from a copy of themselves). */
static char *schema_uri(void)
{
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  const char *dirs[2] = {NULL, NULL};
  char *run = NULL;
  if (n > 0) {
    exe[n] = '\0';
    if (strrchr(exe, '/'))
      *strrchr(exe, '/') = '\0', dirs[0] = exe;
  }
  if (strrchr(sp_cli_program(), '/')) {
    run = sp_xstrdup(sp_cli_program());
    *strrchr(run, '/') = '\0';
    dirs[1] = *run ? run : "/";
  }
  static const char *const beside[] = {"/../share/stemprint/recipe.schema.json",
                                       "/recipe.schema.json"};
  char *uri = NULL;
  for (size_t d = 0; d < 2 && !uri; d++)
    for (size_t i = 0; dirs[d] && i < sizeof beside / sizeof *beside && !uri; i++) {
      char *path = sp_xasprintf("%s%s", dirs[d], beside[i]), *real = realpath(path, NULL);
      if (real)
        uri = file_uri(real);
      free(path);
      free(real);
    }
  free(run);
  return uri;
}

char *sp_cli_with_schema_line(const char *text)
{
  char *uri = schema_uri();
  if (!uri)
    return sp_xstrdup(text);
  char *out = sp_xasprintf("# yaml-language-server: $schema=%s\n%s", uri, text);
  free(uri);
  return out;
}
