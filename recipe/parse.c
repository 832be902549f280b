/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe parser: walks the YAML tree of io/yamltree.c and fills an
 * sp_recipe, converting units and checking types and ranges as it goes.
 *
 * Shape of the code: one function per kind of object (track, region, strip
 * fields, send, insert, stems, output, checks), each given the node and the
 * recipe path it lives at ("tracks.kick.sends[0]"). Every mapping is first
 * checked against the keys that object allows, which both reports unknown
 * keys with a "did you mean" and records where each key was written, so that
 * later stages can point at `tracks.kick.to` without seeing YAML.
 *
 * An error never stops the walk: the value keeps its default and parsing
 * goes on, so one run reports every mistake in the file. */

#include "recipe/parse.h"

#include "base/alloc.h"
#include "base/names.h"
#include "recipe/yamltree.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  sp_recipe *r;
  sp_diags *d;
} parser;

static void err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void err(parser *p, const sp_ynode *n, sp_err kind, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_pos pos = n ? n->pos : sp_recipe_where(p->r, path);
  sp_diags_verror(p->d, kind, p->r->file, pos, path, fmt, ap);
  va_end(ap);
}

#define bad(p, n, path, ...) err((p), (n), SP_ERR_USAGE, (path), __VA_ARGS__)

static char *join(const char *path, const char *key)
{
  return *path ? sp_xasprintf("%s.%s", path, key) : sp_xstrdup(key);
}

static char *index_path(const char *path, size_t i) { return sp_xasprintf("%s[%zu]", path, i); }

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

static bool in_list(const char *key, const char *const *allowed)
{
  for (size_t i = 0; allowed[i]; i++)
    if (strcmp(allowed[i], key) == 0)
      return true;
  return false;
}

static size_t list_len(const char *const *v)
{
  size_t n = 0;
  while (v[n])
    n++;
  return n;
}

/* The allowed key an unknown key most likely meant: a close spelling, else
 * one that is a prefix of it or that it begins ("frequency" for "freq",
 * "thresh" for "threshold"), at least three letters long; NULL if none. */
static const char *suggest_key(const char *key, const char *const *allowed)
{
  const char *near = sp_suggest(key, allowed, list_len(allowed));
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
static bool check_keys_but(parser *p, const sp_ynode *map, const char *path,
                           const char *const *allowed, const char *const *elsewhere,
                           const char *what)
{
  if (map->kind != SP_Y_MAP) {
    bad(p, map, path, "expected %s (a mapping of keys), got %s", what, sp_ykind_name(map->kind));
    return false;
  }
  for (size_t i = 0; i < map->n; i++) {
    const sp_ynode *k = map->pairs[i].key;
    char *kp = join(path, k->text);
    sp_recipe_note(p->r, kp, map->pairs[i].value->pos);
    if (!in_list(k->text, allowed) && !(elsewhere && in_list(k->text, elsewhere))) {
      const later_key *lk = later_keys;
      while (lk->key && strcmp(lk->key, k->text) != 0)
        lk++;
      const char *near = suggest_key(k->text, allowed);
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

static bool check_keys(parser *p, const sp_ynode *map, const char *path, const char *const *allowed,
                       const char *what)
{
  return check_keys_but(p, map, path, allowed, NULL, what);
}

/* ---- scalars ------------------------------------------------------------- */

static bool want_scalar(parser *p, const sp_ynode *n, const char *path, const char *example)
{
  if (n->kind == SP_Y_SCALAR)
    return true;
  bad(p, n, path, "expected a value like %s, got %s", example, sp_ykind_name(n->kind));
  return false;
}

static void range_error(parser *p, const sp_ynode *n, const char *path, double v, sp_unit u,
                        double min, double max)
{
  const char *un = sp_unit_name(u);
  const char *sp = *un ? " " : "";
  if (isinf(min))
    bad(p, n, path, "%g%s%s is out of range; expected -inf%s%s .. %g%s%s", v, sp, un, sp, un, max,
        sp, un);
  else
    bad(p, n, path, "%g%s%s is out of range; expected %g%s%s .. %g%s%s", v, sp, un, min, sp, un,
        max, sp, un);
}

static bool get_value(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                      double max, double *out)
{
  if (!want_scalar(p, n, path, sp_unit_example(u)))
    return false;
  double v;
  char why[256];
  if (!sp_units_parse(u, n->text, &v, why, sizeof why)) {
    bad(p, n, path, "%s", why);
    return false;
  }
  if (!(v >= min && v <= max)) {
    range_error(p, n, path, v, u, min, max);
    return false;
  }
  *out = v;
  return true;
}

static bool get_time(parser *p, const sp_ynode *n, const char *path, sp_time *out)
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

/* A value or its automation: a list of [time, value] breakpoints in time
 * order, e.g. [[0, -inf dB], [2 s, 0 dB], ["1:30", -3 dB]]. */
static bool get_auto(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                     double max, sp_auto *out)
{
  sp_auto_free(out);
  if (n->kind != SP_Y_SEQ)
    return get_value(p, n, path, u, min, max, &out->value);
  const char *example = u == SP_UNIT_DB ? "-6 dB" : "0.5";
  if (n->n == 0) {
    bad(p, n, path,
        "automation needs at least one [time, value] point, like [[0, %s], [2 s, %s]]; or give "
        "one value",
        example, u == SP_UNIT_DB ? "0 dB" : "0");
    return false;
  }
  /* [0, -6 dB] is one point written without its own brackets. */
  bool flat = true;
  for (size_t i = 0; i < n->n; i++)
    flat &= n->items[i]->kind == SP_Y_SCALAR;
  if (flat) {
    if (n->n == 2)
      bad(p, n, path,
          "automation is a list of [time, value] points; for one point write [[%s, %s]], or "
          "give the value alone",
          n->items[0]->text, n->items[1]->text);
    else
      bad(p, n, path,
          "automation is a list of [time, value] points, like [[0, %s], [2 s, %s]]; got a list "
          "of single values",
          example, u == SP_UNIT_DB ? "0 dB" : "0");
    return false;
  }
  bool ok = true;
  sp_auto a = {0, sp_xcalloc(n->n, sizeof(sp_auto_point)), 0};
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *pt = n->items[i];
    char *pp = index_path(path, i);
    sp_recipe_note(p->r, pp, pt->pos);
    if (pt->kind != SP_Y_SEQ || pt->n != 2) {
      char got[64];
      if (pt->kind == SP_Y_SEQ)
        snprintf(got, sizeof got, "a list of %zu item%s", pt->n, pt->n == 1 ? "" : "s");
      else
        snprintf(got, sizeof got, "%s", sp_ykind_name(pt->kind));
      bad(p, pt, pp, "an automation point is [time, value], like [1.5 s, %s]; got %s", example,
          got);
      ok = false;
    } else {
      char *tp = index_path(pp, 0), *vp = index_path(pp, 1);
      sp_auto_point *q = &a.points[a.n];
      bool good = get_time(p, pt->items[0], tp, &q->t) &&
                  get_value(p, pt->items[1], vp, u, min, max, &q->v);
      if (good && a.n > 0) {
        const sp_auto_point *prev = &a.points[a.n - 1];
        double t_prev = prev->t.in_frames ? prev->t.frames / p->r->sample_rate : prev->t.seconds;
        double t_now = q->t.in_frames ? q->t.frames / p->r->sample_rate : q->t.seconds;
        if (t_now < t_prev) {
          bad(p, pt->items[0], tp,
              "automation points must be in time order: this point at %g s comes after one at "
              "%g s; sort the points by time",
              t_now, t_prev);
          good = false;
        }
      }
      if (good)
        a.n++;
      ok &= good;
      free(tp);
      free(vp);
    }
    free(pp);
  }
  if (!ok || a.n == 0) {
    free(a.points);
    return false;
  }
  a.value = a.points[0].v;
  *out = a;
  return true;
}

static bool get_bool(parser *p, const sp_ynode *n, const char *path, bool *out)
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
  bad(p, n, path, "expected true or false, got %s%s%s", n->kind == SP_Y_SCALAR ? "'" : "",
      n->kind == SP_Y_SCALAR ? n->text : sp_ykind_name(n->kind), n->kind == SP_Y_SCALAR ? "'" : "");
  return false;
}

static bool get_string(parser *p, const sp_ynode *n, const char *path, const char *what, char **out)
{
  if (n->kind != SP_Y_SCALAR || n->text[0] == '\0') {
    bad(p, n, path, "expected %s, got %s", what, sp_ykind_name(n->kind));
    return false;
  }
  free(*out);
  *out = sp_xstrdup(n->text);
  return true;
}

/* Names of tracks, buses and stems become file names and appear in paths
 * and reports, so they are kept to a portable set. */
static bool valid_name(const char *s)
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

static bool check_name(parser *p, const sp_ynode *k, const char *path, const char *what)
{
  if (!valid_name(k->text)) {
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

/* ---- inserts ------------------------------------------------------------- */

static char *resolve(const sp_recipe *r, const char *file);

/* One parameter of cls from n into v (and files[k] for a file). */
static void parse_param(parser *p, const sp_proc_class *cls, int k, const sp_ynode *n,
                        const char *path, double *v, char **files)
{
  const sp_param *pr = &cls->params[k];
  if (pr->kind == SP_PARAM_NUMBER && n->kind == SP_Y_SEQ) {
    bad(p, n, path,
        "'%s' of '%s' cannot be automated: insert parameters are fixed; give one value like "
        "%s (automate a strip's gain or pan, or a send's level or pan, instead)",
        pr->name, cls->name, sp_unit_example(pr->unit));
    return;
  }
  switch (pr->kind) {
  case SP_PARAM_NUMBER:
    if (pr->unit == SP_UNIT_SECONDS) {
      sp_time t;
      if (get_time(p, n, path, &t)) {
        double sec = t.in_frames ? (double)t.frames / p->r->sample_rate : t.seconds;
        if (sec < pr->min || sec > pr->max)
          range_error(p, n, path, sec, pr->unit, pr->min, pr->max);
        else
          v[k] = sec;
      }
    } else {
      double x;
      /* A filter frequency must lie below Nyquist; the session's rate is
       * read before any strip, so say it here, at the value. */
      const double nyquist = p->r->sample_rate / 2;
      if (!get_value(p, n, path, pr->unit, pr->min, pr->max, &x))
        break;
      if (pr->unit == SP_UNIT_HZ && x >= nyquist)
        bad(p, n, path,
            "%g Hz is not below half the sample rate (%g Hz at sample_rate %g); lower '%s' or "
            "raise sample_rate",
            x, nyquist, p->r->sample_rate, pr->name);
      else
        v[k] = x;
    }
    break;
  case SP_PARAM_BOOL: {
    bool b;
    if (get_bool(p, n, path, &b))
      v[k] = b;
    break;
  }
  case SP_PARAM_CHOICE: {
    size_t i = 0;
    while (pr->choices[i] && !(n->kind == SP_Y_SCALAR && strcmp(n->text, pr->choices[i]) == 0))
      i++;
    if (pr->choices[i]) {
      v[k] = (double)i;
      break;
    }
    char list[256] = "";
    for (size_t j = 0; pr->choices[j]; j++) {
      strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
      strncat(list, pr->choices[j], sizeof list - strlen(list) - 1);
    }
    const char *near =
        n->kind == SP_Y_SCALAR ? sp_suggest(n->text, pr->choices, list_len(pr->choices)) : NULL;
    if (near)
      bad(p, n, path, "'%s' is not a %s of '%s'; did you mean '%s'? (one of: %s)", n->text,
          pr->name, cls->name, near, list);
    else if (n->kind == SP_Y_SCALAR)
      bad(p, n, path, "'%s' is not a %s of '%s'; expected one of: %s", n->text, pr->name, cls->name,
          list);
    else
      bad(p, n, path, "expected one of: %s; got %s", list, sp_ykind_name(n->kind));
    break;
  }
  case SP_PARAM_FILE: {
    char *file = NULL;
    if (get_string(p, n, path, "a file path", &file)) {
      free(files[k]);
      files[k] = resolve(p->r, file);
    }
    free(file);
    break;
  }
  }
}

/* "compressor, gate and limiter": the processors with flag, for messages. */
static void classes_with(unsigned flag, char *buf, size_t size)
{
  size_t n = 0, total = 0;
  for (size_t i = 0; i < sp_proc_count(); i++)
    total += (sp_proc_at(i)->flags & flag) != 0;
  buf[0] = '\0';
  for (size_t i = 0; i < sp_proc_count(); i++) {
    if (!(sp_proc_at(i)->flags & flag))
      continue;
    n++;
    strncat(buf, n == 1 ? "" : n == total ? " and " : ", ", size - strlen(buf) - 1);
    strncat(buf, sp_proc_at(i)->name, size - strlen(buf) - 1);
  }
}

/* A parameter as a user would write it: 'freq: 1000 Hz', 'ir: FILE'. */
static void param_example(const sp_param *pr, char *buf, size_t size)
{
  const char *un = sp_unit_name(pr->unit);
  if (pr->kind == SP_PARAM_FILE)
    snprintf(buf, size, "%s: FILE", pr->name);
  else if (pr->kind == SP_PARAM_CHOICE)
    snprintf(buf, size, "%s: %s", pr->name, pr->choices[(int)pr->def]);
  else if (pr->kind == SP_PARAM_BOOL)
    snprintf(buf, size, "%s: true", pr->name);
  else
    snprintf(buf, size, "%s: %g%s%s", pr->name, pr->def, *un ? " " : "", un);
}

/* Report each required parameter of cls missing from map (NULL: all are)
 * at node n; returns whether none is missing. */
static bool check_required(parser *p, const sp_proc_class *cls, const sp_ynode *map,
                           const sp_ynode *n, const char *path)
{
  bool ok = true;
  for (size_t k = 0; k < cls->n_params; k++) {
    const sp_param *pr = &cls->params[k];
    if (!pr->required || (map && sp_ymap_get(map, pr->name)))
      continue;
    /* A misspelt 'frequency' is reported as such, with 'freq' suggested. */
    bool misspelt = false;
    for (size_t i = 0; map && i < map->n && !misspelt; i++) {
      const char *key = map->pairs[i].key->text, *one[] = {pr->name, NULL};
      misspelt = sp_proc_param_index(cls, key) < 0 && suggest_key(key, one) != NULL;
    }
    if (misspelt)
      continue;
    char example[96];
    param_example(pr, example, sizeof example);
    bad(p, n, path, "'%s' needs '%s': %s; add it, like '%s'", cls->name, pr->name, pr->help,
        example);
    ok = false;
  }
  return ok;
}

/* One parameter set (a band, or the whole parameter map) from map into v;
 * extra lists keys the map may also hold (bypass, key, bands), elsewhere
 * keys the caller refuses itself (both may be NULL). Returns false when
 * map is not a mapping or lacks a required parameter. */
static bool parse_param_set(parser *p, const sp_proc_class *cls, const sp_ynode *map,
                            const char *path, const char *const *extra,
                            const char *const *elsewhere, double *v, char **files)
{
  const char *allowed[72];
  size_t n = 0;
  for (; n < cls->n_params && n < 64; n++)
    allowed[n] = cls->params[n].name;
  for (size_t e = 0; extra && extra[e]; e++)
    allowed[n++] = extra[e];
  allowed[n] = NULL;
  char what[96];
  snprintf(what, sizeof what, "the parameters of '%s'", cls->name);
  if (!check_keys_but(p, map, path, allowed, elsewhere, what))
    return false;
  for (size_t k = 0; k < cls->n_params; k++) {
    const sp_ynode *val = sp_ymap_get(map, cls->params[k].name);
    char *pp = join(path, cls->params[k].name);
    if (val)
      parse_param(p, cls, (int)k, val, pp, v, files);
    free(pp);
  }
  return check_required(p, cls, map, map, path);
}

static void parse_key(parser *p, const sp_ynode *n, const char *path, sp_insert *ins)
{
  static const char *const keys[] = {"from", "tap", NULL};
  if (n->kind == SP_Y_SCALAR) { /* shorthand: key: kick */
    get_string(p, n, path, "a track or bus name", &ins->key_from);
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
  if (!check_keys(p, n, path, keys, "a key"))
    return;
  const sp_ynode *v;
  char *kp = join(path, "from");
  if ((v = sp_ymap_get(n, "from"))) {
    if (v->kind == SP_Y_SEQ)
      bad(p, v, kp,
          "a key listens to one track or bus, got a list; route several to a bus and key from "
          "that bus");
    else
      get_string(p, v, kp, "a track or bus name", &ins->key_from);
  } else {
    bad(p, n, path,
        "a key needs 'from: TRACK_OR_BUS', the signal the detector listens to; add it, like "
        "{from: kick}");
  }
  free(kp);
  if ((v = sp_ymap_get(n, "tap"))) {
    kp = join(path, "tap");
    if (v->kind == SP_Y_SCALAR && (strcmp(v->text, "pre") == 0 || strcmp(v->text, "post") == 0))
      ins->key_post = strcmp(v->text, "post") == 0;
    else
      bad(p, v, kp,
          "expected 'pre' or 'post' (the key source before or after its fader), got %s%s%s",
          v->kind == SP_Y_SCALAR ? "'" : "",
          v->kind == SP_Y_SCALAR ? v->text : sp_ykind_name(v->kind),
          v->kind == SP_Y_SCALAR ? "'" : "");
    free(kp);
  }
}

/* An insert written as a mapping of several keys: when one is a processor
 * and the others belong inside its parameters (`- gain: -3 dB, bypass:
 * true`), say where they go; returns false when that is not the case. */
static bool misplaced_insert_keys(parser *p, const sp_ynode *item, const char *path)
{
  const sp_proc_family *fam = NULL;
  const sp_ynode *value = NULL, *stray = NULL;
  for (size_t i = 0; i < item->n; i++) {
    const sp_proc_family *f = sp_proc_family_find(item->pairs[i].key->text);
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
  for (size_t i = 0; i < item->n && !stray; i++) {
    const char *key = item->pairs[i].key->text;
    if (sp_proc_family_find(key))
      continue;
    if (strcmp(key, "bypass") == 0 || strcmp(key, "key") == 0 || strcmp(key, "bands") == 0 ||
        (fam->selector && strcmp(key, fam->selector) == 0) ||
        (cls && sp_proc_param_index(cls, key) >= 0))
      stray = item->pairs[i].key;
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

/* An insert: `- NAME: {params}`, `- NAME: VALUE` (the primary parameter),
 * `- NAME:` (defaults) or, for a class with bands, `- NAME: [{band}, ...]`
 * or `- NAME: {bands: [...], bypass: ...}`. An insert that lacks a required
 * parameter is reported here and left out of the chain: it cannot be
 * prepared, and the graph would only report it again. */
static void parse_insert(parser *p, const sp_ynode *item, const char *path, sp_strip *s)
{
  if (item->kind != SP_Y_MAP || item->n != 1) {
    if (item->kind == SP_Y_MAP && misplaced_insert_keys(p, item, path))
      return;
    bad(p, item, path,
        "an insert is one processor with its parameters, like "
        "'- gain: {gain: -3 dB}'; got %s%s",
        sp_ykind_name(item->kind), item->kind == SP_Y_MAP ? " with several keys" : "");
    return;
  }
  const sp_ynode *k = item->pairs[0].key, *v = item->pairs[0].value;
  char *ipath = join(path, k->text);
  sp_recipe_note(p->r, ipath, k->pos);
  const sp_proc_family *fam = sp_proc_family_find(k->text);
  if (!fam) {
    const char *names[64];
    size_t n = 0;
    for (; n < sp_proc_family_count() && n < 64; n++)
      names[n] = sp_proc_family_at(n)->name;
    const char *near = sp_suggest(k->text, names, n);
    if (near)
      bad(p, k, ipath, "no processor named '%s'; did you mean '%s'?", k->text, near);
    else
      bad(p, k, ipath, "no processor named '%s'; `stemprint help inserts` lists them", k->text);
    free(ipath);
    return;
  }
  /* A family of classes made at load time: its selector names the class
   * (`plugin: URI`), which then is like any other. */
  const sp_ynode *sel = fam->selector && v->kind == SP_Y_MAP ? sp_ymap_get(v, fam->selector) : NULL;
  char *sel_path = fam->selector ? join(ipath, fam->selector) : NULL;
  if (sel && sel->kind != SP_Y_SCALAR) {
    bad(p, sel, sel_path, "expected %s, got %s", fam->selector_help, sp_ykind_name(sel->kind));
    free(sel_path);
    free(ipath);
    return;
  }
  char why[1024];
  const sp_proc_class *cls = sp_proc_family_class(fam, sel ? sel->text : NULL, why, sizeof why);
  if (!cls) {
    bad(p, sel ? sel : k, sel ? sel_path : ipath, "%s", why);
    free(sel_path);
    free(ipath);
    return;
  }
  free(sel_path);
  const size_t np = cls->n_params;
  const bool bands = (cls->flags & SP_PROC_BANDS) != 0;
  bool complete = true;
  sp_insert ins;
  memset(&ins, 0, sizeof ins);
  ins.cls = cls;
  ins.path = sp_xstrdup(ipath);
  ins.n_sets = 1;
  ins.files = sp_xcalloc(np ? np : 1, sizeof *ins.files);

  /* The band list, when there is one: the value itself or its 'bands'. */
  const sp_ynode *list = NULL;
  char *list_path = NULL;
  const bool band_map = bands && v->kind == SP_Y_MAP && sp_ymap_get(v, "bands");
  if (bands && v->kind == SP_Y_SEQ) {
    list = v;
    list_path = sp_xstrdup(ipath);
  } else if (band_map) {
    list = sp_ymap_get(v, "bands");
    list_path = join(ipath, "bands");
  }
  if (list && (list->kind != SP_Y_SEQ || list->n == 0)) {
    if (list->kind == SP_Y_SEQ)
      bad(p, list, list_path,
          "'%s' needs at least one band, like [{type: highpass, freq: 30 Hz}]; add a band or "
          "remove the insert",
          cls->name);
    else
      bad(p, list, list_path,
          "expected a list of bands like [{type: highpass, freq: 30 Hz}], got %s",
          sp_ykind_name(list->kind));
    list = NULL;
  }
  bool plain = list != NULL;
  for (size_t b = 0; plain && b < list->n; b++)
    plain = list->items[b]->kind == SP_Y_SCALAR;
  if (plain) {
    bad(p, list, list_path,
        "each band is a mapping of its parameters, like [{type: highpass, freq: 30 Hz}]; got a "
        "list of single values");
    list = NULL;
  }
  if (list) {
    ins.n_sets = list->n;
    ins.params = sp_xcalloc(ins.n_sets * (np ? np : 1), sizeof(double));
    for (size_t b = 0; b < list->n; b++) {
      const sp_ynode *band = list->items[b];
      char *bp = index_path(list_path, b);
      sp_recipe_note(p->r, bp, band->pos);
      sp_proc_defaults(cls, ins.params + b * np);
      if (band->kind != SP_Y_MAP)
        bad(p, band, bp,
            "a band is a mapping of its parameters, like {type: highpass, freq: 30 Hz}; "
            "got %s",
            sp_ykind_name(band->kind));
      else
        complete &= parse_param_set(p, cls, band, bp, NULL, NULL, ins.params + b * np, ins.files);
      free(bp);
    }
  } else {
    ins.params = sp_xcalloc(np ? np : 1, sizeof(double));
    sp_proc_defaults(cls, ins.params);
  }

  /* Besides parameters, an insert's map may hold bypass, and key and bands
   * where the class takes them: those are what an unknown key's message
   * lists. A key or bands where the class has none is refused below with a
   * message of its own. */
  const char *extra[5], *elsewhere[3];
  size_t n_extra = 0, n_elsewhere = 0;
  extra[n_extra++] = "bypass";
  if (fam->selector)
    extra[n_extra++] = fam->selector;
  if (cls->flags & SP_PROC_TAKES_KEY)
    extra[n_extra++] = "key";
  else
    elsewhere[n_elsewhere++] = "key";
  if (bands)
    extra[n_extra++] = "bands";
  else
    elsewhere[n_elsewhere++] = "bands";
  extra[n_extra] = elsewhere[n_elsewhere] = NULL;
  if ((v->kind == SP_Y_SCALAR || (v->kind == SP_Y_SEQ && !bands)) && cls->primary_param >= 0) {
    parse_param(p, cls, cls->primary_param, v, ipath, ins.params, ins.files);
  } else if (v->kind == SP_Y_MAP) {
    if (band_map) {
      /* Beside 'bands' go only what concerns the whole insert; a band's
       * parameter there is refused below with a message of its own. */
      const char *others[72];
      size_t n = 0;
      for (; n < np && n < 64; n++)
        others[n] = cls->params[n].name;
      for (size_t e = 0; elsewhere[e]; e++)
        others[n++] = elsewhere[e];
      others[n] = NULL;
      check_keys_but(p, v, ipath, extra, others, "a band list");
      for (size_t i = 0; i < v->n; i++) {
        const sp_ynode *key = v->pairs[i].key;
        if (sp_proc_param_index(cls, key->text) < 0)
          continue;
        char *kp = join(ipath, key->text);
        bad(p, key, kp,
            "'%s' is a parameter of each band; with 'bands', write it inside the bands, like "
            "{bands: [{%s: ...}]}",
            key->text, key->text);
        free(kp);
      }
    } else {
      complete &= parse_param_set(p, cls, v, ipath, extra, elsewhere, ins.params, ins.files);
    }
    const sp_ynode *b = sp_ymap_get(v, "bypass");
    if (b) {
      char *bp = join(ipath, "bypass");
      get_bool(p, b, bp, &ins.bypass);
      free(bp);
    }
    const sp_ynode *key = sp_ymap_get(v, "key");
    if (key) {
      char *kp = join(ipath, "key");
      char takers[128];
      classes_with(SP_PROC_TAKES_KEY, takers, sizeof takers);
      if (cls->flags & SP_PROC_TAKES_KEY)
        parse_key(p, key, kp, &ins);
      else
        bad(p, key, kp, "'%s' does not take a sidechain key (%s do); remove 'key'", cls->name,
            takers);
      free(kp);
    }
    if (!bands && sp_ymap_get(v, "bands")) {
      char *bp = join(ipath, "bands");
      char banded[128];
      classes_with(SP_PROC_BANDS, banded, sizeof banded);
      bad(p, sp_ymap_get(v, "bands"), bp,
          "'%s' has no bands (%s has); give its parameters directly, like {%s: ...}", cls->name,
          banded, np ? cls->params[0].name : "bypass");
      free(bp);
    }
  } else if (v->kind == SP_Y_NULL) {
    complete = check_required(p, cls, NULL, k, ipath);
  } else if (!(v->kind == SP_Y_SEQ && bands)) {
    bad(p, v, ipath, "expected the parameters of '%s' as a mapping, like {%s: ...}%s; got %s",
        cls->name, np ? cls->params[0].name : "bypass", bands ? ", or a list of bands" : "",
        sp_ykind_name(v->kind));
    for (size_t k2 = 0; k2 < np; k2++)
      complete &= !cls->params[k2].required;
  }
  free(list_path);
  if (!complete) {
    for (size_t k2 = 0; k2 < np; k2++)
      free(ins.files[k2]);
    free(ins.files);
    free(ins.params);
    free(ins.path);
    free(ins.key_from);
  } else {
    s->inserts = sp_xreallocarray(s->inserts, s->n_inserts + 1, sizeof *s->inserts);
    s->inserts[s->n_inserts++] = ins;
  }
  free(ipath);
}

/* ---- strips (the mixer fields) ------------------------------------------- */

static void parse_send(parser *p, const sp_ynode *n, const char *path, sp_strip *s)
{
  static const char *const keys[] = {"to", "level", "tap", "pan", NULL};
  sp_send snd;
  memset(&snd, 0, sizeof snd);
  if (!check_keys(p, n, path, keys, "a send"))
    return;
  const sp_ynode *v;
  char *kp;
  if ((v = sp_ymap_get(n, "to"))) {
    kp = join(path, "to");
    get_string(p, v, kp, "the name of a bus", &snd.to);
    free(kp);
  } else {
    bad(p, n, path, "a send needs 'to: BUS', the bus it feeds");
  }
  if ((v = sp_ymap_get(n, "level"))) {
    kp = join(path, "level");
    get_auto(p, v, kp, SP_UNIT_DB, -INFINITY, 24.0, &snd.level);
    free(kp);
  }
  if ((v = sp_ymap_get(n, "tap"))) {
    kp = join(path, "tap");
    if (v->kind == SP_Y_SCALAR && strcmp(v->text, "pre") == 0)
      snd.pre_fader = true;
    else if (v->kind == SP_Y_SCALAR && strcmp(v->text, "post") == 0)
      snd.pre_fader = false;
    else
      bad(p, v, kp, "expected 'pre' or 'post' (before or after the fader), got %s%s%s",
          v->kind == SP_Y_SCALAR ? "'" : "",
          v->kind == SP_Y_SCALAR ? v->text : sp_ykind_name(v->kind),
          v->kind == SP_Y_SCALAR ? "'" : "");
    free(kp);
  }
  if ((v = sp_ymap_get(n, "pan"))) {
    kp = join(path, "pan");
    snd.has_pan = get_auto(p, v, kp, SP_UNIT_NUMBER, -1.0, 1.0, &snd.pan);
    free(kp);
  }
  s->sends = sp_xreallocarray(s->sends, s->n_sends + 1, sizeof *s->sends);
  s->sends[s->n_sends++] = snd;
}

typedef enum strip_kind { STRIP_TRACK, STRIP_BUS, STRIP_MASTER } strip_kind;

/* Parse each item of the list v (at path) with fn into s; null is empty. */
static void parse_list(parser *p, const sp_ynode *v, const char *path, sp_strip *s,
                       void (*fn)(parser *, const sp_ynode *, const char *, sp_strip *),
                       const char *example)
{
  if (v->kind == SP_Y_NULL)
    return;
  if (v->kind != SP_Y_SEQ) {
    bad(p, v, path, "expected a list of %s, got %s", example, sp_ykind_name(v->kind));
    return;
  }
  for (size_t j = 0; j < v->n; j++) {
    char *ip = index_path(path, j);
    sp_recipe_note(p->r, ip, v->items[j]->pos);
    fn(p, v->items[j], ip, s);
    free(ip);
  }
}

/* Read the mixer fields present in map (the caller checked the keys). */
static void parse_strip(parser *p, const sp_ynode *map, const char *path, sp_strip *s,
                        strip_kind kind)
{
  for (size_t i = 0; i < map->n; i++) {
    const char *key = map->pairs[i].key->text;
    const sp_ynode *v = map->pairs[i].value;
    char *kp = join(path, key);
    if (strcmp(key, "gain") == 0) {
      get_auto(p, v, kp, SP_UNIT_DB, -INFINITY, 24.0, &s->gain);
    } else if (strcmp(key, "trim") == 0) {
      if (v->kind == SP_Y_SEQ)
        bad(p, v, kp,
            "trim cannot be automated: it is a fixed input gain; give one value like '-3 dB' "
            "and automate 'gain' (the fader) instead");
      else
        get_value(p, v, kp, SP_UNIT_DB, -INFINITY, 48.0, &s->trim_db);
    } else if (strcmp(key, "pan") == 0) {
      get_auto(p, v, kp, SP_UNIT_NUMBER, -1.0, 1.0, &s->pan);
    } else if (strcmp(key, "invert") == 0) {
      get_bool(p, v, kp, &s->invert);
    } else if (strcmp(key, "mute") == 0) {
      get_bool(p, v, kp, &s->mute);
    } else if (strcmp(key, "solo") == 0 && kind == STRIP_TRACK) {
      get_bool(p, v, kp, &s->solo);
    } else if (strcmp(key, "to") == 0 && kind != STRIP_MASTER) {
      if (v->kind == SP_Y_SCALAR && strcmp(v->text, "none") == 0 && kind == STRIP_BUS)
        s->to_none = true;
      else if (v->kind == SP_Y_SCALAR && strcmp(v->text, "none") == 0)
        bad(p, v, kp,
            "a track always feeds a bus or master; 'to: none' is for buses that feed "
            "nothing (cue mixes)");
      else
        get_string(p, v, kp, "the name of a bus or 'master'", &s->to);
      if (s->to && strcmp(s->to, "master") == 0) {
        free(s->to);
        s->to = NULL;
      }
    } else if (strcmp(key, "print") == 0 && kind == STRIP_BUS) {
      get_bool(p, v, kp, &s->print);
    } else if (strcmp(key, "sends") == 0 && kind != STRIP_MASTER) {
      parse_list(p, v, kp, s, parse_send, "sends like '- {to: verb, level: -12 dB}'");
    } else if (strcmp(key, "inserts") == 0) {
      parse_list(p, v, kp, s, parse_insert, "inserts like '- gain: {gain: -3 dB}'");
    }
    free(kp);
  }
}

/* ---- tracks and regions -------------------------------------------------- */

static const char *const region_keys[] = {"file",    "at",       "from", "length",
                                          "fade_in", "fade_out", NULL};

static char *resolve(const sp_recipe *r, const char *file)
{
  if (file[0] == '/' || strcmp(r->dir, ".") == 0)
    return sp_xstrdup(file);
  return sp_xasprintf("%s/%s", r->dir, file);
}

/* Region fields from map (a track or a region entry). */
static void parse_region_fields(parser *p, const sp_ynode *map, const char *path, sp_region *g)
{
  for (size_t i = 0; i < map->n; i++) {
    const char *key = map->pairs[i].key->text;
    const sp_ynode *v = map->pairs[i].value;
    if (!in_list(key, region_keys))
      continue;
    char *kp = join(path, key);
    if (strcmp(key, "file") == 0) {
      if (get_string(p, v, kp, "the path of an audio file", &g->file)) {
        free(g->path);
        g->path = resolve(p->r, g->file);
      }
    } else if (strcmp(key, "at") == 0) {
      get_time(p, v, kp, &g->at);
    } else if (strcmp(key, "from") == 0) {
      get_time(p, v, kp, &g->from);
    } else if (strcmp(key, "length") == 0) {
      g->has_length = get_time(p, v, kp, &g->length);
    } else if (strcmp(key, "fade_in") == 0) {
      get_time(p, v, kp, &g->fade_in);
    } else if (strcmp(key, "fade_out") == 0) {
      get_time(p, v, kp, &g->fade_out);
    }
    free(kp);
  }
}

static void add_region(sp_track *t, sp_region g)
{
  t->regions = sp_xreallocarray(t->regions, t->n_regions + 1, sizeof *t->regions);
  t->regions[t->n_regions++] = g;
}

static void parse_track(parser *p, const sp_ynode *k, const sp_ynode *v, const char *path)
{
  static const char *const keys[] = {"file",    "at",      "from",  "length", "fade_in", "fade_out",
                                     "regions", "gain",    "trim",  "pan",    "invert",  "mute",
                                     "solo",    "inserts", "sends", "to",     NULL};
  sp_recipe *r = p->r;
  r->tracks = sp_xreallocarray(r->tracks, r->n_tracks + 1, sizeof *r->tracks);
  sp_track *t = &r->tracks[r->n_tracks++];
  memset(t, 0, sizeof *t);
  t->name = sp_xstrdup(k->text);
  check_name(p, k, path, "track");

  /* Shorthand: `kick: audio/kick.wav`. */
  if (v->kind == SP_Y_SCALAR) {
    sp_region g = {0};
    g.file = sp_xstrdup(v->text);
    g.path = resolve(r, v->text);
    add_region(t, g);
    return;
  }
  if (!check_keys(p, v, path, keys, "a track"))
    return;
  parse_strip(p, v, path, &t->strip, STRIP_TRACK);

  const sp_ynode *regions = sp_ymap_get(v, "regions");
  bool has_region_keys = false;
  for (size_t i = 0; region_keys[i]; i++)
    has_region_keys |= sp_ymap_get(v, region_keys[i]) != NULL;

  if (regions && has_region_keys) {
    bad(p, regions, path,
        "give either 'file' (one region) or 'regions' (a list), not both; "
        "move file/at/from/length/fades into the regions");
  } else if (regions) {
    char *rp = join(path, "regions");
    t->regions_listed = true;
    if (regions->kind != SP_Y_SEQ || regions->n == 0) {
      bad(p, regions, rp, "expected a list of regions like '- {file: a.wav, at: 0}'");
    } else {
      for (size_t i = 0; i < regions->n; i++) {
        char *gp = index_path(rp, i);
        sp_recipe_note(r, gp, regions->items[i]->pos);
        if (check_keys(p, regions->items[i], gp, region_keys, "a region")) {
          sp_region g = {0};
          parse_region_fields(p, regions->items[i], gp, &g);
          if (!g.file && !sp_ymap_get(regions->items[i], "file"))
            bad(p, regions->items[i], gp, "a region needs 'file: PATH', the audio it plays");
          add_region(t, g);
        }
        free(gp);
      }
    }
    free(rp);
  } else if (sp_ymap_get(v, "file")) {
    sp_region g = {0};
    parse_region_fields(p, v, path, &g);
    add_region(t, g);
  } else {
    bad(p, k, path, "a track needs 'file: PATH' or 'regions: [...]'");
  }
}

static void parse_tracks(parser *p, const sp_ynode *v)
{
  if (v->kind == SP_Y_NULL)
    return;
  if (v->kind != SP_Y_MAP) {
    bad(p, v, "tracks",
        "expected a mapping of track names to tracks (kick: {file: ...}), "
        "got %s",
        sp_ykind_name(v->kind));
    return;
  }
  for (size_t i = 0; i < v->n; i++) {
    char *path = join("tracks", v->pairs[i].key->text);
    sp_recipe_note(p->r, path, v->pairs[i].key->pos);
    parse_track(p, v->pairs[i].key, v->pairs[i].value, path);
    free(path);
  }
}

static void parse_buses(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"inserts", "gain",  "trim", "pan",   "invert",
                                     "mute",    "sends", "to",   "print", NULL};
  if (v->kind == SP_Y_NULL)
    return;
  if (v->kind != SP_Y_MAP) {
    bad(p, v, "buses",
        "expected a mapping of bus names to buses (drums: {to: master}), "
        "got %s",
        sp_ykind_name(v->kind));
    return;
  }
  sp_recipe *r = p->r;
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *k = v->pairs[i].key, *b = v->pairs[i].value;
    char *path = join("buses", k->text);
    sp_recipe_note(r, path, k->pos);
    r->buses = sp_xreallocarray(r->buses, r->n_buses + 1, sizeof *r->buses);
    sp_bus *bus = &r->buses[r->n_buses++];
    memset(bus, 0, sizeof *bus);
    bus->name = sp_xstrdup(k->text);
    check_name(p, k, path, "bus");
    if (b->kind != SP_Y_NULL) {
      if (b->kind == SP_Y_MAP && sp_ymap_get(b, "solo")) {
        char *sp = join(path, "solo");
        bad(p, b, sp, "solo is a track control; solo the tracks that feed '%s' instead", k->text);
        free(sp);
      }
      if (check_keys(p, b, path, keys, "a bus"))
        parse_strip(p, b, path, &bus->strip, STRIP_BUS);
    }
    free(path);
  }
}

static void parse_normalize(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"target", NULL};
  if (!check_keys(p, v, "master.normalize", keys, "master.normalize"))
    return;
  const sp_ynode *t = sp_ymap_get(v, "target");
  if (!t) {
    bad(p, v, "master.normalize",
        "normalize needs 'target', the integrated loudness to reach, like {target: -14 LUFS}");
    return;
  }
  p->r->normalize =
      get_value(p, t, "master.normalize.target", SP_UNIT_LUFS, -70.0, 0.0, &p->r->normalize_lufs);
}

static void parse_master(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"inserts", "gain", "trim", "pan", "normalize", NULL};
  if (v->kind == SP_Y_NULL)
    return;
  if (!check_keys(p, v, "master", keys, "master"))
    return;
  /* normalize is master's own; the strip parser reads the mixer fields. */
  sp_ynode strip = *v;
  sp_ypair pairs[16];
  size_t n = 0;
  for (size_t i = 0; i < v->n && n < 16; i++) {
    if (strcmp(v->pairs[i].key->text, "normalize") == 0)
      parse_normalize(p, v->pairs[i].value);
    else
      pairs[n++] = v->pairs[i];
  }
  strip.pairs = pairs;
  strip.n = n;
  parse_strip(p, &strip, "master", &p->r->master, STRIP_MASTER);
}

/* ---- stems, output, checks ----------------------------------------------- */

static void parse_stems(parser *p, const sp_ynode *v)
{
  sp_recipe *r = p->r;
  if (v->kind == SP_Y_NULL)
    return;
  if (v->kind != SP_Y_MAP) {
    bad(p, v, "stems",
        "expected a mapping of stem names to lists of tracks or buses "
        "(drums: [kick, snare]), got %s",
        sp_ykind_name(v->kind));
    return;
  }
  r->has_stems = true;
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *k = v->pairs[i].key, *m = v->pairs[i].value;
    char *path = join("stems", k->text);
    sp_recipe_note(r, path, m->pos);
    if (strcmp(k->text, "split") == 0) {
      if (m->kind == SP_Y_SCALAR && strcmp(m->text, "sources") == 0)
        r->split = SP_SPLIT_SOURCES;
      else if (m->kind == SP_Y_SCALAR && strcmp(m->text, "buses") == 0)
        r->split = SP_SPLIT_BUSES;
      else
        bad(p, m, path,
            "expected 'sources' (each stem renders its tracks through the whole "
            "mix) or 'buses' (each stem is one of master's inputs)");
      free(path);
      continue;
    }
    check_name(p, k, path, "stem");
    r->stems = sp_xreallocarray(r->stems, r->n_stems + 1, sizeof *r->stems);
    sp_stem *st = &r->stems[r->n_stems++];
    memset(st, 0, sizeof *st);
    st->name = sp_xstrdup(k->text);
    if (m->kind == SP_Y_SCALAR) {
      st->members = sp_xcalloc(1, sizeof *st->members);
      st->members[st->n_members++] = sp_xstrdup(m->text);
      sp_recipe_note(r, path, m->pos);
    } else if (m->kind == SP_Y_SEQ && m->n > 0) {
      st->members = sp_xcalloc(m->n, sizeof *st->members);
      for (size_t j = 0; j < m->n; j++) {
        char *mp = index_path(path, j);
        sp_recipe_note(r, mp, m->items[j]->pos);
        char *name = NULL;
        if (get_string(p, m->items[j], mp, "a track or bus name", &name))
          st->members[st->n_members++] = name;
        free(mp);
      }
    } else {
      bad(p, m, path, "expected a list of track or bus names, like [kick, snare]");
    }
    free(path);
  }
  if (r->n_stems == 0)
    bad(p, v, "stems",
        "no stems are named; add at least one (drums: [kick, snare]) or "
        "remove 'stems'");
}

/* A list of names (or one name) into names. */
static void parse_names(parser *p, const sp_ynode *m, const char *path, char ***names, size_t *n)
{
  if (m->kind == SP_Y_SCALAR) {
    *names = sp_xcalloc(1, sizeof **names);
    (*names)[(*n)++] = sp_xstrdup(m->text);
    return;
  }
  if (m->kind != SP_Y_SEQ) {
    bad(p, m, path, "expected a list of stem, track or bus names, like [vocals]");
    return;
  }
  *names = sp_xcalloc(m->n ? m->n : 1, sizeof **names);
  for (size_t j = 0; j < m->n; j++) {
    char *mp = index_path(path, j);
    sp_recipe_note(p->r, mp, m->items[j]->pos);
    char *name = NULL;
    if (get_string(p, m->items[j], mp, "a stem, track or bus name", &name))
      (*names)[(*n)++] = name;
    free(mp);
  }
}

static void parse_versions(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"mute", "keep", "mode", NULL};
  sp_recipe *r = p->r;
  if (v->kind == SP_Y_NULL)
    return;
  if (v->kind != SP_Y_MAP) {
    bad(p, v, "versions",
        "expected a mapping of version names to what they leave out, like "
        "{instrumental: {mute: [vocals]}}, got %s",
        sp_ykind_name(v->kind));
    return;
  }
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *k = v->pairs[i].key, *m = v->pairs[i].value;
    char *path = join("versions", k->text);
    sp_recipe_note(r, path, k->pos);
    r->versions = sp_xreallocarray(r->versions, r->n_versions + 1, sizeof *r->versions);
    sp_version *ver = &r->versions[r->n_versions++];
    memset(ver, 0, sizeof *ver);
    ver->name = sp_xstrdup(k->text);
    check_name(p, k, path, "version");
    if (!check_keys(p, m, path, keys, "a version")) {
      free(path);
      continue;
    }
    const sp_ynode *mu = sp_ymap_get(m, "mute"), *ke = sp_ymap_get(m, "keep");
    if (mu && ke) {
      char *kp = join(path, "keep");
      bad(p, ke, kp, "give 'mute' (what to leave out) or 'keep' (what alone sounds), not both");
      free(kp);
    } else if (!mu && !ke) {
      bad(p, m, path,
          "a version says what to leave out ('mute: [vocals]') or what to keep "
          "('keep: [vocals]')");
    } else {
      char *kp = join(path, mu ? "mute" : "keep");
      ver->keep = ke != NULL;
      parse_names(p, mu ? mu : ke, kp, &ver->names, &ver->n_names);
      free(kp);
    }
    const sp_ynode *mo = sp_ymap_get(m, "mode");
    if (mo) {
      char *kp = join(path, "mode");
      if (mo->kind == SP_Y_SCALAR && strcmp(mo->text, "own") == 0)
        ver->own = true;
      else if (!(mo->kind == SP_Y_SCALAR && strcmp(mo->text, "linked") == 0))
        bad(p, mo, kp,
            "expected 'linked' (the mix's dynamics: version + what it leaves out = mix) or "
            "'own' (a render of its own, dynamics reacting to the version)");
      free(kp);
    }
    free(path);
  }
}

/* output.name: one template for every file, or one per kind of output. */
static void parse_output_name(parser *p, const sp_ynode *n, sp_output *o)
{
  static const char *const kinds[] = {"mix", "stems", "versions", "buses", NULL};
  char why[512];
  if (n->kind == SP_Y_SCALAR) {
    char *t = NULL;
    if (!get_string(p, n, "output.name", "a file name template", &t))
      return;
    if (!sp_name_template_check(t, false, why, sizeof why)) {
      bad(p, n, "output.name", "%s", why);
      free(t);
      return;
    }
    for (size_t k = 0; k < 4; k++)
      o->name[k] = sp_xstrdup(t);
    free(t);
    return;
  }
  if (n->kind != SP_Y_MAP) {
    bad(p, n, "output.name",
        "expected a file name template (\"{recipe}_{name}\") or one per kind of output "
        "({mix: ..., stems: ..., versions: ..., buses: ...}), got %s",
        sp_ykind_name(n->kind));
    return;
  }
  if (!check_keys(p, n, "output.name", kinds, "output.name"))
    return;
  for (size_t k = 0; k < 4; k++) {
    const sp_ynode *t = sp_ymap_get(n, kinds[k]);
    char *path = join("output.name", kinds[k]);
    if (t && get_string(p, t, path, "a file name template", &o->name[k]) &&
        !sp_name_template_check(o->name[k], false, why, sizeof why))
      bad(p, t, path, "%s", why);
    free(path);
  }
}

static void parse_output(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"dir", "format", "depth", "dither", "mix", "name", NULL};
  sp_output *o = &p->r->output;
  if (v->kind == SP_Y_NULL || !check_keys(p, v, "output", keys, "output"))
    return;
  const sp_ynode *n;
  char why[512];
  if ((n = sp_ymap_get(v, "dir")) && get_string(p, n, "output.dir", "a folder path", &o->dir) &&
      !sp_name_template_check(o->dir, true, why, sizeof why))
    bad(p, n, "output.dir", "%s", why);
  if ((n = sp_ymap_get(v, "name")))
    parse_output_name(p, n, o);
  if ((n = sp_ymap_get(v, "format"))) {
    static const char *const names[] = {"wav", "flac", "aiff", "w64", NULL};
    size_t i = 0;
    while (names[i] && !(n->kind == SP_Y_SCALAR && strcmp(n->text, names[i]) == 0))
      i++;
    if (names[i])
      o->format = (sp_format)i;
    else {
      const char *near = n->kind == SP_Y_SCALAR ? sp_suggest(n->text, names, 4) : NULL;
      bad(p, n, "output.format", "expected wav, flac, aiff or w64%s%s%s",
          near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
  }
  if ((n = sp_ymap_get(v, "depth"))) {
    const char *t = n->kind == SP_Y_SCALAR ? n->text : "";
    if (strcmp(t, "16") == 0)
      o->depth = SP_DEPTH_16;
    else if (strcmp(t, "24") == 0)
      o->depth = SP_DEPTH_24;
    else if (strcmp(t, "32f") == 0 || strcmp(t, "32F") == 0)
      o->depth = SP_DEPTH_32F;
    else if (strcmp(t, "32") == 0)
      bad(p, n, "output.depth", "32-bit output is floating point: write '32f'");
    else
      bad(p, n, "output.depth", "expected 16, 24 or 32f (bits per sample)");
  }
  if ((n = sp_ymap_get(v, "dither"))) {
    if (n->kind == SP_Y_SCALAR && strcmp(n->text, "none") == 0)
      o->dither = false;
    else if (n->kind == SP_Y_SCALAR && strcmp(n->text, "tpdf") == 0)
      o->dither = true;
    else
      bad(p, n, "output.dither", "expected 'none' or 'tpdf'");
  }
  if ((n = sp_ymap_get(v, "mix")) && get_string(p, n, "output.mix", "a file name", &o->mix)) {
    if (!valid_name(o->mix))
      bad(p, n, "output.mix",
          "'%s' is not a valid file name; use letters, digits, '_', '-' "
          "and '.' (not first)",
          o->mix);
  }
  if (o->format == SP_FORMAT_FLAC && o->depth == SP_DEPTH_32F)
    bad(p, sp_ymap_get(v, "depth") ? sp_ymap_get(v, "depth") : v, "output.depth",
        "flac cannot store 32-bit float; use depth 24, or format wav/w64/aiff for 32f");
}

/* Delivery presets for checks.loudness; explicit keys beside one win. */
typedef struct loudness_preset {
  const char *name;
  double target_lufs, tolerance_lu, max_true_peak_dbtp;
} loudness_preset;

static const loudness_preset presets[] = {
    {"ebu-r128", -23.0, 0.5, -1.0},
    {"atsc-a85", -24.0, 2.0, -2.0},
    {"streaming", -14.0, 1.0, -1.0},
};

static void parse_loudness_check(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"preset", "target", "tolerance", "max_true_peak", NULL};
  if (!check_keys(p, v, "checks.loudness", keys, "checks.loudness"))
    return;
  sp_recipe *r = p->r;
  r->loudness_check = true;
  const sp_ynode *n;
  if ((n = sp_ymap_get(v, "preset"))) {
    const char *names[] = {"ebu-r128", "atsc-a85", "streaming", NULL};
    size_t i = 0;
    while (names[i] && !(n->kind == SP_Y_SCALAR && strcmp(n->text, names[i]) == 0))
      i++;
    if (names[i]) {
      r->loudness_preset = presets[i].name;
      r->has_target = r->has_max_true_peak = true;
      r->target_lufs = presets[i].target_lufs;
      r->tolerance_lu = presets[i].tolerance_lu;
      r->max_true_peak_dbtp = presets[i].max_true_peak_dbtp;
    } else {
      const char *near = n->kind == SP_Y_SCALAR ? sp_suggest(n->text, names, 3) : NULL;
      bad(p, n, "checks.loudness.preset",
          "expected ebu-r128 (-23 LUFS ±0.5 LU, -1 dBTP), atsc-a85 (-24 LKFS ±2 LU, -2 dBTP) "
          "or streaming (-14 LUFS ±1 LU, -1 dBTP)%s%s%s",
          near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    }
  }
  if ((n = sp_ymap_get(v, "target")))
    r->has_target |=
        get_value(p, n, "checks.loudness.target", SP_UNIT_LUFS, -70.0, 0.0, &r->target_lufs);
  if ((n = sp_ymap_get(v, "tolerance")))
    get_value(p, n, "checks.loudness.tolerance", SP_UNIT_LU, 0.0, 20.0, &r->tolerance_lu);
  if ((n = sp_ymap_get(v, "max_true_peak")))
    r->has_max_true_peak |= get_value(p, n, "checks.loudness.max_true_peak", SP_UNIT_DBTP, -30.0,
                                      6.0, &r->max_true_peak_dbtp);
  if (!r->has_target && !r->has_max_true_peak && v->n > 0 && !sp_ymap_get(v, "preset"))
    bad(p, v, "checks.loudness",
        "give a 'target' (and 'tolerance'), a 'max_true_peak', or a 'preset'");
}

static void parse_checks(parser *p, const sp_ynode *v)
{
  static const char *const keys[] = {"null", "loudness", NULL};
  static const char *const null_keys[] = {"max_residual", NULL};
  if (v->kind == SP_Y_NULL || !check_keys(p, v, "checks", keys, "checks"))
    return;
  const sp_ynode *l = sp_ymap_get(v, "loudness");
  if (l && l->kind != SP_Y_NULL)
    parse_loudness_check(p, l);
  const sp_ynode *n = sp_ymap_get(v, "null");
  if (!n || n->kind == SP_Y_NULL || !check_keys(p, n, "checks.null", null_keys, "checks.null"))
    return;
  const sp_ynode *m = sp_ymap_get(n, "max_residual");
  if (!m)
    return;
  if (m->kind == SP_Y_SCALAR && strcmp(m->text, "auto") == 0) {
    p->r->null_auto = true;
  } else if (get_value(p, m, "checks.null.max_residual", SP_UNIT_DBFS, -200.0, 0.0,
                       &p->r->null_max_residual_dbfs)) {
    p->r->null_auto = false;
  }
}

/* ---- top level ----------------------------------------------------------- */

static void parse_session_time(parser *p, const sp_ynode *v, const char *path, bool *is_auto,
                               sp_time *t)
{
  if (v->kind == SP_Y_SCALAR && strcmp(v->text, "auto") == 0) {
    *is_auto = true;
    return;
  }
  if (get_time(p, v, path, t))
    *is_auto = false;
}

static void parse_root(parser *p, const sp_ynode *root)
{
  static const char *const keys[] = {"stemprint", "sample_rate", "length", "tail",  "pan_law",
                                     "tracks",    "buses",       "master", "stems", "versions",
                                     "output",    "checks",      NULL};
  sp_recipe *r = p->r;
  if (root->kind != SP_Y_MAP) {
    bad(p, root, NULL, "a recipe is a mapping starting with 'stemprint: 1'; got %s",
        sp_ykind_name(root->kind));
    return;
  }
  check_keys(p, root, "", keys, "the recipe");

  const sp_ynode *v = sp_ymap_get(root, "stemprint");
  if (!v)
    bad(p, root, "stemprint",
        "missing the format version; add 'stemprint: 1' as the first "
        "line");
  else if (v->kind != SP_Y_SCALAR || strcmp(v->text, "1") != 0)
    bad(p, v, "stemprint",
        "recipe format '%s' is not known; this stemprint (%s) reads "
        "format 1",
        v->kind == SP_Y_SCALAR ? v->text : sp_ykind_name(v->kind), SP_VERSION);

  if ((v = sp_ymap_get(root, "sample_rate"))) {
    double sr;
    if (get_value(p, v, "sample_rate", SP_UNIT_HZ, 8000, 768000, &sr)) {
      if (sr != floor(sr))
        bad(p, v, "sample_rate", "a sample rate is a whole number of Hz, like 48000");
      else
        r->sample_rate = sr;
    }
  }
  if ((v = sp_ymap_get(root, "length"))) {
    parse_session_time(p, v, "length", &r->length_auto, &r->length);
    if (!r->length_auto && !r->length.in_frames && r->length.seconds == 0)
      bad(p, v, "length",
          "a session length must be above 0; use 'auto' for the end of the "
          "last region");
  }
  if ((v = sp_ymap_get(root, "tail")))
    parse_session_time(p, v, "tail", &r->tail_auto, &r->tail);
  if ((v = sp_ymap_get(root, "pan_law"))) {
    double law;
    if (get_value(p, v, "pan_law", SP_UNIT_DB, -6.0, 0.0, &law)) {
      if (law == 0 || law == -3 || law == -4.5 || law == -6)
        r->pan_law_db = law;
      else
        bad(p, v, "pan_law",
            "expected one of 0 dB, -3 dB, -4.5 dB or -6 dB (level of a "
            "centred mono track on each side)");
    }
  }
  /* The most tracks and buses a recipe may hold: a film mix has a few
   * hundred; a recipe of a hundred thousand (a few megabytes of text) took
   * half a minute and gigabytes before failing to open its files. */
  const sp_ynode *tracks = sp_ymap_get(root, "tracks"), *buses = sp_ymap_get(root, "buses");
  const size_t n_tracks = tracks && tracks->kind == SP_Y_MAP ? tracks->n : 0,
               n_buses = buses && buses->kind == SP_Y_MAP ? buses->n : 0;
  if (n_tracks + n_buses > SP_MAX_NODES) {
    bad(p, n_tracks > n_buses ? tracks : buses, n_tracks > n_buses ? "tracks" : "buses",
        "%zu tracks and %zu buses; a recipe holds at most %d in all: split the session into "
        "recipes (stems of one can be the sources of another)",
        n_tracks, n_buses, SP_MAX_NODES);
    return;
  }
  if (tracks)
    parse_tracks(p, tracks);
  if (buses)
    parse_buses(p, buses);
  if ((v = sp_ymap_get(root, "master")))
    parse_master(p, v);
  if ((v = sp_ymap_get(root, "stems")))
    parse_stems(p, v);
  if ((v = sp_ymap_get(root, "output")))
    parse_output(p, v);
  if ((v = sp_ymap_get(root, "checks")))
    parse_checks(p, v);
  if ((v = sp_ymap_get(root, "versions")))
    parse_versions(p, v);
  if (r->n_tracks == 0)
    bad(p, sp_ymap_get(root, "tracks") ? sp_ymap_get(root, "tracks") : root, "tracks",
        "the recipe has no tracks; add at least one (kick: {file: audio/kick.wav})");
}

static sp_err finish(sp_ynode *root, const char *path, sp_recipe **out, sp_diags *d)
{
  size_t before = sp_diags_errors(d);
  *out = NULL;
  if (!root)
    return sp_diags_status(d);
  parser p = {sp_recipe_new(path), d};
  parse_root(&p, root);
  sp_ynode_free(root);
  *out = p.r;
  return sp_diags_errors(d) > before ? sp_diags_status(d) : SP_OK;
}

sp_err sp_recipe_parse_file(const char *path, sp_recipe **out, sp_diags *d)
{
  sp_ynode *root = NULL;
  sp_yaml_load(path, &root, d);
  return finish(root, path, out, d);
}

sp_err sp_recipe_parse_string(const char *path, const char *text, sp_recipe **out, sp_diags *d)
{
  sp_ynode *root = NULL;
  sp_yaml_load_string(path, text, strlen(text), &root, d);
  return finish(root, path, out, d);
}
