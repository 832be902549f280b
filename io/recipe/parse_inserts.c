/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inserts: `- compressor: {threshold: -18 dB, key: kick}` becomes an
 * sp_insert. The class is found in the processor registry (core/procs/proc.h),
 * a family's member by its selector; its parameters are read against the
 * class's table (units, ranges, required ones, resources such as an
 * impulse response file, resolved against the recipe's folder but not
 * opened here), and a sidechain key is parsed into its source. */

#include "io/recipe/parse_inserts.h"

#include "io/recipe/parse_timed.h"
#include "io/recipe/parse_values.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/units.h"
#include "core/procs/proc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- inserts ------------------------------------------------------------- */

/* A choice of pr (a parameter of cls) by its name, from n into *out (its
 * index); false (reported) when n names none. */
static bool get_choice(parser *p, const sp_proc_class *cls, const sp_param *pr, const sp_ynode *n,
                       const char *path, double *out)
{
  char why[512];
  if (sp_param_choice_of(cls, pr, recipe_written(n), out, why, sizeof why) == SP_OK)
    return true;
  bad(p, n, path, "%s", why);
  return false;
}

/* A plugin's parameter, for reading its settings as a timed value. */
typedef struct param_ref {
  const sp_proc_class *cls;
  const sp_param *pr;
} param_ref;

static bool read_choice(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                        double *v)
{
  const param_ref *r = k->ctx;
  return get_choice(p, r->cls, r->pr, n, path, v);
}

/* A moving parameter's points as the text writes them. */
typedef struct moving_text {
  parser *p;
  const sp_proc_class *cls;
  int k;
  const sp_ynode *n;
  const char *path;
} moving_text;

/* The points of n (a list, or a mapping where the class's parameters move
 * as a plugin's: SP_PROC_SWITCHES_MOVE) as parameter k's moving value into
 * *out (sp_insert_param's reader of them). A number moves between its
 * points; a switch or a choice holds each point's setting until the next
 * point (so the value read anywhere is a setting, never one between, and
 * it changes at the first frame at or after the point: the check makes
 * its steps), or with `ramp: linear` moves in a line. */
static bool moving_points(void *ctx, sp_auto *out)
{
  const moving_text *m = ctx;
  const sp_proc_class *cls = m->cls;
  const sp_param *pr = &cls->params[m->k];
  const bool number = pr->kind == SP_PARAM_NUMBER, sw = pr->kind == SP_PARAM_BOOL;
  sp_param_moving w;
  sp_param_moving_words(cls, m->k, &w);
  /* its values' kind (no row's), the check's (param_moving, the same
   * kind): read as written */
  sp_timed_kind values = {pr->name, SP_TIMED_AS_SETTINGS, SP_UNIT_NUMBER, 0, 0,
                          "a moving parameter"};
  if (number)
    values = (sp_timed_kind){pr->name, SP_TIMED_AS_PARAM, pr->unit, pr->min, pr->max,
                             "a moving parameter"};
  recipe_timed kind = RECIPE_TIMED_SETTINGS(&values, sw ? recipe_timed_switch : read_choice, 0,
                                            w.noun, w.first, w.second, w.want);
  if (number)
    kind = (recipe_timed)RECIPE_TIMED_NUMBERS(&values, 0, w.noun, w.first, w.second);
  if (cls->flags & SP_PROC_SWITCHES_MOVE)
    kind.forms |= RECIPE_TIMED_TEMPO | RECIPE_TIMED_LINEAR;
  const param_ref ref = {cls, pr};
  kind.ctx = &ref;
  return recipe_get_timed(m->p, m->n, m->path, &kind, out);
}

/* Parameter k of ins's set `set` from n (core/recipe/build_insert.h's
 * rule: one value, or a moving one read by moving_points), its refusal
 * said at n; a file resolved against the recipe's folder. */
static void parse_param(parser *p, sp_insert *ins, size_t set, int k, const sp_ynode *n,
                        const char *path)
{
  moving_text m = {p, ins->cls, k, n, path};
  const sp_pval v = {.form = n->kind == SP_Y_SEQ   ? SP_PVAL_LIST
                             : n->kind == SP_Y_MAP ? SP_PVAL_MAP
                                                   : SP_PVAL_ONE,
                     .written = true,
                     .w = recipe_written(n),
                     .points_key = n->kind == SP_Y_MAP && sp_ymap_get(n, "points"),
                     .points = moving_points,
                     .ctx = &m};
  char why[512];
  const sp_err e = sp_insert_param(ins, set, k, &v, why, sizeof why);
  if (e == SP_ERR_USAGE)
    bad(p, n, path, "%s", why);
  if (e == SP_OK && v.form == SP_PVAL_ONE && sp_param_is_file(&ins->cls->params[k])) {
    char *resolved = recipe_resolve(p->r, ins->files[k]);
    free(ins->files[k]);
    ins->files[k] = resolved;
  }
}

/* The keys of the mapping at path, as its key check noted them: the
 * entries from .. to of the place table under path (their names, in
 * their order, pointing into the table), NULL-terminated; to free. */
static const char **keys_noted(parser *p, size_t from, size_t to, const char *path, size_t *n)
{
  const char **keys = sp_xcalloc(to - from + 1, sizeof *keys);
  const size_t len = strlen(path);
  *n = 0;
  for (size_t i = from; i < to; i++) {
    const sp_where *w = &p->r->where[i];
    if (!w->item && w->path && strncmp(w->path, path, len) == 0 && w->path[len] == '.')
      keys[(*n)++] = w->path + len + 1;
  }
  return keys;
}

/* A parameter set of cls at path settled from the keys its mapping was
 * written with (entries from .. to of the place table; none: no key):
 * each required parameter it lacks said at `at`; whether none is
 * missing. */
static bool settle_required(parser *p, const sp_proc_class *cls, size_t from, size_t to,
                            const char *path, const sp_where *at)
{
  size_t n_keys;
  const char **keys = keys_noted(p, from, to, path, &n_keys);
  bool ok = true;
  char why[1024];
  for (size_t k = 0; k < cls->n_params; k++)
    if (sp_insert_needs(cls, k, keys, n_keys, why, sizeof why)) {
      bad_at(p, at, path, "%s", why);
      ok = false;
    }
  free(keys);
  return ok;
}

/* One parameter set of ins (a band, or the whole parameter map) from map;
 * extra lists keys the map may also hold (bypass, key, bands), elsewhere
 * keys the caller refuses itself (both may be NULL). Returns false when
 * map is not a mapping or lacks a required parameter. */
static bool parse_param_set(parser *p, sp_insert *ins, size_t set, const sp_ynode *map,
                            const char *path, const char *const *extra,
                            const char *const *elsewhere)
{
  const sp_proc_class *cls = ins->cls;
  size_t n_elsewhere = 0;
  while (elsewhere && elsewhere[n_elsewhere])
    n_elsewhere++;
  char what[96];
  const char **allowed = sp_insert_taken(cls, extra, what, sizeof what);
  /* Keys the class holds itself (an LV2 plugin's on switch, its sidechain
   * switch): refused here with the class's reason, not as unknown. */
  const size_t n_map = map->kind == SP_Y_MAP ? map->n : 0;
  const char **also = sp_xcalloc(n_elsewhere + n_map + 1, sizeof *also);
  size_t n_also = 0;
  for (; n_also < n_elsewhere; n_also++)
    also[n_also] = elsewhere[n_also];
  for (size_t i = 0; cls->held && i < n_map; i++) {
    const sp_ynode *key = map->pairs[i].key;
    char why[1024];
    if (recipe_in_list(key->text, allowed) || !sp_insert_held(cls, key->text, why, sizeof why))
      continue;
    char *kp = recipe_join(path, key->text);
    bad(p, key, kp, "%s", why);
    free(kp);
    also[n_also++] = key->text;
  }
  const size_t from = p->r->n_where;
  const bool ok = recipe_check_keys_but(p, map, path, allowed, n_also ? also : NULL, what);
  const size_t to = p->r->n_where;
  free(allowed);
  free(also);
  if (!ok)
    return false;
  for (size_t k = 0; k < cls->n_params; k++) {
    const sp_ynode *val = sp_ymap_get(map, cls->params[k].name);
    char *pp = recipe_join(path, cls->params[k].name);
    if (val)
      parse_param(p, ins, set, (int)k, val, pp);
    free(pp);
  }
  /* said at the mapping itself (a band's place; the insert's value, whose
   * path is noted at its name) */
  const sp_where at = {.pos = map->pos, .from = (char *)map->from};
  return settle_required(p, cls, from, to, path, &at);
}

/* The insert's own keys of one value in v (core/recipe/build_insert.h's
 * sp_insert_own): `preset` and `state` of a plugin family (a preset's
 * values after the defaults, before the recipe's own: read before the
 * parameters; a state file resolved, read when the graph is built, where
 * --confine decides what may be read: its values then fill the parameters
 * the recipe does not give, ins->given, and its state replaces the
 * preset's), `feed` and `widen`, each refused at its key. */
static void parse_own_values(parser *p, const sp_proc_family *fam, const sp_ynode *v,
                             const char *ipath, sp_insert *ins, bool presets)
{
  static const char *const plugin_keys[] = {"preset", "state", NULL};
  static const char *const widen_keys[] = {"feed", "widen", NULL};
  const char *const *keys = presets ? plugin_keys : widen_keys;
  for (size_t i = 0; keys[i] && v->kind == SP_Y_MAP && (fam->preset || !presets); i++) {
    const sp_ynode *n = sp_ymap_get(v, keys[i]);
    if (!n)
      continue;
    char *kp = recipe_join(ipath, keys[i]), why[1024], hint[320];
    if (presets)
      recipe_note(p, kp, n);
    if (sp_insert_own(ins, fam, keys[i], recipe_written(n), why, sizeof why) != SP_OK) {
      bad(p, n, kp, "%s%s", why, recipe_brace_hint(n, hint, sizeof hint));
    } else if (strcmp(keys[i], "state") == 0) { /* resolved, its parameters given noted */
      char *file = ins->state_file;
      ins->state_file = recipe_resolve(p->r, file);
      free(file);
      ins->given = sp_xcalloc(ins->cls->n_params ? ins->cls->n_params : 1, sizeof *ins->given);
    }
    free(kp);
  }
}

/* `channels: [Ls, Rs]`, the channels of the path an insert runs on, and
 * `detect: [L, R, C]`, those its detector hears (names checked against
 * the path's layout when the graph is built). */
static void parse_channels(parser *p, const sp_proc_class *cls, const sp_ynode *v,
                           const char *ipath, sp_insert *ins)
{
  const sp_ynode *on = sp_ymap_get(v, "channels");
  if (on) {
    char *kp = recipe_join(ipath, "channels");
    recipe_get_channels(p, on, kp, "the names of the path's channels it runs on", &ins->on,
                        &ins->n_on);
    free(kp);
  }
  const sp_ynode *det = sp_ymap_get(v, "detect");
  if (!det)
    return;
  char *kp = recipe_join(ipath, "detect");
  char why[512];
  if (!(cls->flags & SP_PROC_DETECTOR)) {
    sp_insert_not_taken(cls, "detect", why, sizeof why);
    bad(p, det, kp, "%s", why);
  } else { /* beside a key: the check's (core/recipe/check.h) */
    recipe_get_channels(p, det, kp, "the names of the channels its detector hears", &ins->detect,
                        &ins->n_detect);
  }
  free(kp);
}

static void parse_key(parser *p, const sp_ynode *n, const char *path, sp_insert *ins)
{
  if (n->kind == SP_Y_SCALAR) { /* shorthand: key: kick */
    recipe_get_string(p, n, path, "a track or bus name", &ins->key_from);
    return;
  }
  if (n->kind != SP_Y_MAP) {
    bad(p, n, path, "expected the key's source, like {from: kick, tap: pre} or just kick; got %s%s",
        sp_ykind_name(n->kind),
        n->kind == SP_Y_SEQ ? " (a key listens to one track or bus: route several to a bus and "
                              "key from that bus)"
                            : "");
    return;
  }
  if (!recipe_check_keys(p, n, path, sp_keys_key, "a key"))
    return;
  const sp_ynode *v;
  char *kp = recipe_join(path, "from");
  if ((v = sp_ymap_get(n, "from"))) {
    if (v->kind == SP_Y_SEQ)
      bad(p, v, kp,
          "a key listens to one track or bus, got a list; route several to a bus and key from "
          "that bus");
    else
      recipe_get_string(p, v, kp, "a track or bus name", &ins->key_from);
  } else {
    bad(p, n, path,
        "a key needs 'from: TRACK_OR_BUS', the signal the detector listens to; add it, like "
        "{from: kick}");
  }
  free(kp);
  recipe_fill(p, n, path, "KEY", NULL, ins); /* tap, level; from above */
}

/* What a mapping given as one processor holds beside "a mapping": none of
 * its keys, or several. */
static const char *several(const sp_ynode *item)
{
  return item->kind != SP_Y_MAP ? "" : item->n ? " with several keys" : " of no keys";
}

/* An insert written as a mapping of several keys: when one is a processor
 * and the others belong inside its parameters (`- gain: -3 dB, bypass:
 * true`), say where they go; returns false when that is not the case. */
static bool misplaced_insert_keys(parser *p, const sp_ynode *item, const char *path)
{
  /* the processor: its one key the text wrote (a key a --set put beside it
   * is one of its strays, whatever it names) */
  const sp_proc_family *fam = NULL;
  const sp_ynode *value = NULL, *stray = NULL, *set = NULL;
  const bool text =
      !sp_from_set(item->from); /* (an insert a --set gave whole is read as the text's) */
  for (size_t i = 0; i < item->n; i++) {
    const sp_ynode *k = item->pairs[i].key;
    const sp_proc_family *f = text && sp_from_set(k->from) ? NULL : sp_proc_family_find(k->text);
    if (f && fam)
      return false;
    if (f) {
      fam = f;
      value = item->pairs[i].value;
    }
  }
  if (!fam)
    return false;
  const sp_proc_class *cls = fam->single;
  bool set_known = false;
  for (size_t i = 0; i < item->n; i++) {
    const sp_ynode *k = item->pairs[i].key;
    if (item->pairs[i].value == value)
      continue;
    const bool known = strcmp(k->text, "bypass") == 0 || strcmp(k->text, "key") == 0 ||
                       strcmp(k->text, "bands") == 0 ||
                       (fam->selector && strcmp(k->text, fam->selector) == 0) ||
                       (cls && sp_proc_param_index(cls, k->text) >= 0);
    if (text && sp_from_set(k->from) && !set) {
      set = k;
      set_known = known;
    } else if (known && !stray) {
      stray = k;
    }
  }
  if (set) { /* said as a set is written */
    const char *eq = strchr(set->from, '=');
    char *kp = sp_xasprintf("%s.%s.%s", path, fam->name, set_known ? set->text : "PARAM"),
         *arg = sp_recipe_set_arg(p->r, kp, set_known && eq ? eq + 1 : "VALUE");
    if (set_known)
      bad(p, set, path,
          "an insert is one processor; its parameters go under its name, like --set %s", arg);
    else
      bad(p, set, path,
          "an insert is one processor ('%s'); '%s' is none of its keys, and its parameters go "
          "under its name, like --set %s (`stemprint help inserts` lists them)",
          fam->name, set->text, arg);
    free(arg);
    free(kp);
    return true;
  }
  if (!stray)
    return false;
  bool band_list = cls && (cls->flags & SP_PROC_BANDS) && value->kind == SP_Y_SEQ;
  bad(p, stray, path,
      "an insert is one processor; put '%s' inside the parameters of '%s', like '- %s: {%s%s: "
      "...}'",
      stray->text, fam->name, fam->name, band_list ? "bands: [...], " : "..., ", stray->text);
  return true;
}

/* The class an insert's name k (and, for a family, its selector in v)
 * names, one that plays or not as the parser expects (an instrument or an
 * effect); NULL when it is none, said at its place. */
static const sp_proc_class *insert_class(parser *p, const sp_ynode *k, const sp_ynode *v,
                                         const char *ipath, const sp_proc_family **family)
{
  const sp_proc_family *fam = *family = sp_proc_family_find(k->text);
  if (!fam) {
    const size_t n = sp_proc_family_count();
    const char **names = sp_xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
      names[i] = sp_proc_family_at(i)->name;
    const char *near = sp_suggest(k->text, names, n);
    if (near)
      bad(p, k, ipath, "no processor named '%s'; did you mean '%s'?", k->text, near);
    else
      bad(p, k, ipath, "no processor named '%s'; `stemprint help inserts` lists them", k->text);
    free(names);
    return NULL;
  }
  /* A family of classes made at load time: its selector names the class
   * (`plugin: URI`), which then is like any other. */
  const sp_ynode *sel = fam->selector && v->kind == SP_Y_MAP ? sp_ymap_get(v, fam->selector) : NULL;
  char *sel_path = fam->selector ? recipe_join(ipath, fam->selector) : NULL;
  char why[1024];
  const sp_written w = sel ? recipe_written(sel) : (sp_written){0};
  const sp_proc_class *cls = sp_insert_select(fam, sel ? &w : NULL, why, sizeof why);
  if (!cls)
    bad(p, sel ? sel : k, sel ? sel_path : ipath, "%s", why);
  free(sel_path);
  if (!cls)
    return NULL;
  if (sp_insert_plays(cls, k->text, p->instrument, why, sizeof why))
    return cls;
  bad(p, sel ? sel : k, ipath, "%s", why);
  return NULL;
}

/* With a state file, the parameters ins (at ipath) was given, which the
 * state's values do not replace: those whose keys were written. */
static void settle_given(parser *p, sp_insert *ins, const char *ipath)
{
  for (size_t q = 0; ins->given && q < ins->cls->n_params; q++)
    ins->given[q] = sp_recipe_noted_key(p->r, ipath, ins->cls->params[q].name) != NULL;
}

/* Each time parameter of ins written in frames, settled at the recipe's
 * rate (final once the recipe's own keys are read: nothing converts
 * them again yet, sp_insert.times): its seconds the parameter's value, what that value
 * cannot be said at its place. path: its parameter set's (listed: the
 * band list's, each band at path[b]). The times dropped where none was in
 * frames. */
static void settle_times(parser *p, sp_insert *ins, const char *path, bool listed)
{
  const sp_proc_class *cls = ins->cls;
  const size_t np = cls->n_params;
  bool any = false;
  for (size_t q = 0; ins->times && q < ins->n_sets * np; q++) {
    if (!ins->times[q].in_frames)
      continue;
    any = true;
    const size_t b = q / np, k = q % np;
    char *sp = listed ? recipe_index_path(path, b) : sp_xstrdup(path);
    char *kp = recipe_join(sp, cls->params[k].name), why[512];
    sp_ival x = sp_ival_number(sp_time_seconds(ins->times[q], p->r->sample_rate), SP_UNIT_SECONDS);
    if (sp_param_set(cls, (int)k, &x, ins->params + b * np, ins->files, NULL, why, sizeof why) !=
        SP_OK)
      bad_at(p, sp_recipe_noted(p->r, kp), ins->one ? ins->path : kp, "%s", why);
    free(kp);
    free(sp);
  }
  if (!any) {
    free(ins->times);
    ins->times = NULL;
  }
}

/* The band list of an insert of a class with bands (the value itself, or
 * its 'bands'), into *list and *list_path (NULL when there is none or it
 * is refused here). */
static void band_list(parser *p, const sp_proc_class *cls, const sp_ynode *v, const char *ipath,
                      const sp_ynode **list, char **list_path)
{
  *list = NULL;
  *list_path = NULL;
  if (v->kind == SP_Y_SEQ) {
    *list = v;
    *list_path = sp_xstrdup(ipath);
  } else if (v->kind == SP_Y_MAP && sp_ymap_get(v, "bands")) {
    *list = sp_ymap_get(v, "bands");
    *list_path = recipe_join(ipath, "bands");
  }
  const sp_ynode *l = *list;
  bool plain = l && l->kind == SP_Y_SEQ && l->n > 0;
  for (size_t b = 0; plain && b < l->n; b++)
    plain = l->items[b]->kind == SP_Y_SCALAR;
  if (l && (l->kind != SP_Y_SEQ || l->n == 0 || plain)) {
    char why[512];
    sp_insert_bands_refused(cls,
                            l->kind != SP_Y_SEQ ? sp_ykind_name(l->kind)
                            : plain             ? "single values"
                                                : "an empty list",
                            why, sizeof why);
    bad(p, l, *list_path, "%s", why);
    *list = NULL;
  }
}

/* Each band of list into ins's parameter sets; false when one lacks a
 * required parameter. */
static bool parse_bands(parser *p, const sp_proc_class *cls, const sp_ynode *list,
                        const char *list_path, sp_insert *ins)
{
  const size_t np = cls->n_params;
  bool complete = true;
  ins->n_sets = list->n;
  ins->params = sp_xcalloc(ins->n_sets * (np ? np : 1), sizeof(double));
  if (cls->flags & SP_PROC_AUTOMATABLE)
    ins->automation = sp_xcalloc(ins->n_sets * (np ? np : 1), sizeof *ins->automation);
  for (size_t b = 0; b < list->n; b++) {
    const sp_ynode *band = list->items[b];
    char *bp = recipe_index_path(list_path, b);
    recipe_note(p, bp, band);
    sp_proc_defaults(cls, p->r->sample_rate, ins->params + b * np);
    char why[512];
    if (band->kind != SP_Y_MAP) {
      sp_insert_band_not_map(sp_ykind_name(band->kind), why, sizeof why);
      bad(p, band, bp, "%s", why);
    } else
      complete &= parse_param_set(p, ins, b, band, bp, NULL, NULL);
    free(bp);
  }
  return complete;
}

/* Beside 'bands' go only what concerns the whole insert; a band's
 * parameter there is refused with a message of its own. */
static void check_band_map(parser *p, const sp_proc_class *cls, const sp_ynode *v,
                           const char *ipath, const char *const *extra,
                           const char *const *elsewhere)
{
  const size_t np = cls->n_params;
  const char **others = sp_xcalloc(np + 4, sizeof *others);
  size_t n = 0;
  for (; n < np; n++)
    others[n] = cls->params[n].name;
  for (size_t e = 0; elsewhere[e]; e++)
    others[n++] = elsewhere[e];
  const size_t from = p->r->n_where;
  recipe_check_keys_but(p, v, ipath, extra, others, "a band list");
  free(others);
  /* settled from the keys noted: a band's parameter, said at its key */
  size_t n_keys;
  const char **keys = keys_noted(p, from, p->r->n_where, ipath, &n_keys);
  for (size_t i = 0; i < n_keys; i++) {
    if (sp_proc_param_index(cls, keys[i]) < 0)
      continue;
    char *kp = recipe_join(ipath, keys[i]), why[512];
    sp_insert_band_param(keys[i], why, sizeof why);
    bad_pair(p, sp_recipe_noted(p->r, kp), kp, "%s", why); /* at its key */
    free(kp);
  }
  free(keys);
}

/* An insert's own keys besides its parameters, in its map v: bypass, key,
 * feed and widen, channels, bands where the class has none, and name
 * (where its row says the class takes it: outboard gear's). */
static void parse_insert_own(parser *p, const sp_proc_family *fam, const sp_ynode *v,
                             const char *ipath, sp_insert *ins)
{
  const sp_proc_class *cls = ins->cls;
  const bool bands = (cls->flags & SP_PROC_BANDS) != 0;
  recipe_fill_timed(p, v, ipath, "INSERT", NULL, ins); /* bypass; the rest composite */
  const sp_ynode *key = sp_ymap_get(v, "key");
  if (key) {
    char *kp = recipe_join(ipath, "key"), why[512];
    if (cls->flags & SP_PROC_TAKES_KEY) {
      parse_key(p, key, kp, ins);
    } else {
      sp_insert_not_taken(cls, "key", why, sizeof why);
      bad(p, key, kp, "%s", why);
    }
    free(kp);
  }
  parse_own_values(p, fam, v, ipath, ins, false);
  parse_channels(p, cls, v, ipath, ins);
  if (!bands && sp_ymap_get(v, "bands")) {
    char *bp = recipe_join(ipath, "bands"), why[512];
    sp_insert_not_taken(cls, "bands", why, sizeof why);
    bad(p, sp_ymap_get(v, "bands"), bp, "%s", why);
    free(bp);
  }
  const sp_ynode *name = sp_ymap_get(v, "name");
  if (name) {
    const sp_key_row *row = &sp_key_rows_insert[SP_KEY_INSERT_NAME];
    char *np = recipe_join(ipath, "name"), why[512];
    if (sp_key_insert_takes(row, cls->flags, false, false)) {
      recipe_fill_one(p, name, np, row, ins);
    } else {
      sp_insert_not_taken(cls, "name", why, sizeof why);
      bad(p, name, np, "%s", why);
    }
    free(np);
  }
}

/* An insert: `- NAME: {params}`, `- NAME: VALUE` (the primary parameter),
 * `- NAME:` (defaults) or, for a class with bands, `- NAME: [{band}, ...]`
 * or `- NAME: {bands: [...], bypass: ...}`. An insert that lacks a required
 * parameter is reported here and left out of the chain: it cannot be
 * prepared, and the graph would only report it again. */
void recipe_parse_insert(parser *p, const sp_ynode *item, const char *path, sp_strip *s)
{
  if (p->instrument && (item->kind != SP_Y_MAP || item->n != 1)) {
    bad(p, item, path,
        "an instrument is one instrument with its settings, like 'instrument: {soundfont: "
        "{file: gm.sf2, program: 0}}' or 'instrument: {lv2: {plugin: URI}}'; got %s%s",
        sp_ykind_name(item->kind), several(item));
    return;
  }
  if (item->kind != SP_Y_MAP || item->n != 1) {
    if (item->kind == SP_Y_MAP && misplaced_insert_keys(p, item, path))
      return;
    bad(p, item, path,
        "an insert is one processor with its parameters, like "
        "'- gain: {gain: -3 dB}'; got %s%s",
        sp_ykind_name(item->kind), several(item));
    return;
  }
  const sp_ynode *k = item->pairs[0].key, *v = item->pairs[0].value;
  char *ipath = recipe_join(path, k->text);
  recipe_note(p, ipath, k);
  const sp_proc_family *fam = NULL;
  const sp_proc_class *cls = insert_class(p, k, v, ipath, &fam);
  if (!cls) {
    free(ipath);
    return;
  }
  const size_t np = cls->n_params;
  const bool bands = (cls->flags & SP_PROC_BANDS) != 0;
  bool complete = true;
  sp_insert ins;
  memset(&ins, 0, sizeof ins);
  ins.cls = cls;
  ins.path = sp_xstrdup(ipath);
  ins.n_sets = 1;
  ins.files = sp_xcalloc(np ? np : 1, sizeof *ins.files);

  const sp_ynode *list = NULL;
  char *list_path = NULL;
  const bool band_map = bands && v->kind == SP_Y_MAP && sp_ymap_get(v, "bands");
  if (bands)
    band_list(p, cls, v, ipath, &list, &list_path);
  if (list) {
    complete &= parse_bands(p, cls, list, list_path, &ins);
  } else {
    ins.params = sp_xcalloc(np ? np : 1, sizeof(double));
    if (cls->flags & SP_PROC_AUTOMATABLE)
      ins.automation = sp_xcalloc(np ? np : 1, sizeof *ins.automation);
    sp_proc_defaults(cls, p->r->sample_rate, ins.params);
    parse_own_values(p, fam, v, ipath, &ins, true);
  }

  const char *extra[SP_KEY_INSERT_N + 1], *elsewhere[SP_KEY_INSERT_N + 1];
  sp_insert_keys(fam, cls, extra, elsewhere);
  if ((v->kind == SP_Y_SCALAR || (v->kind == SP_Y_SEQ && !bands)) && cls->primary_param >= 0) {
    char *pp = recipe_join(ipath, cls->params[cls->primary_param].name); /* its value's place */
    sp_recipe_note_value(p->r, pp, v->pos, v->from, sp_ynode_bare(v));
    free(pp);
    ins.one = true;
    parse_param(p, &ins, 0, cls->primary_param, v, ipath);
  } else if (v->kind == SP_Y_MAP) {
    if (band_map)
      check_band_map(p, cls, v, ipath, extra, elsewhere);
    else
      complete &= parse_param_set(p, &ins, 0, v, ipath, extra, elsewhere);
    settle_given(p, &ins, ipath);
    parse_insert_own(p, fam, v, ipath, &ins);
  } else if (v->kind == SP_Y_NULL) {
    complete = settle_required(p, cls, 0, 0, ipath, sp_recipe_noted(p->r, ipath));
  } else if (!(v->kind == SP_Y_SEQ && bands)) {
    char why[512];
    sp_insert_not_map(cls, sp_ykind_name(v->kind), why, sizeof why);
    bad(p, v, ipath, "%s", why);
    for (size_t k2 = 0; k2 < np; k2++)
      complete &= !cls->params[k2].required;
  }
  settle_times(p, &ins, list ? list_path : ipath, list != NULL);
  free(list_path);
  if (!complete)
    sp_insert_fini(&ins);
  else
    sp_insert_append(s, &ins); /* its automation kept where something moves */
  free(ipath);
}
