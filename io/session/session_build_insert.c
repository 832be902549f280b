/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's inserts built into the recipe's sp_insert as the readers
 * read them (io/session/session_build_insert.h), each value set by the
 * insert setter (core/recipe/build_insert.h), and placed in a strip's
 * chain by the session builder (build_inserts,
 * io/session/session_builder.h). */

#include "io/session/session_build_insert.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"
#include "io/session/mix.h"
#include "io/session/session_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- points -------------------------------------------------------------- */

sp_ins_points *sp_ins_points_new(sp_ins_points_kind kind, sp_unit unit)
{
  sp_ins_points *p = sp_xcalloc(1, sizeof *p);
  p->kind = kind;
  p->unit = unit;
  return p;
}

void sp_ins_points_add(sp_ins_points *p, double t, double v, const char *label)
{
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 8;
    p->pts = sp_xreallocarray(p->pts, p->cap, sizeof *p->pts);
    if (p->kind == SP_INS_PTS_LABELS)
      p->labels = sp_xreallocarray(p->labels, p->cap, sizeof *p->labels);
  }
  if (p->kind == SP_INS_PTS_LABELS)
    p->labels[p->n] = sp_xstrdup(label ? label : "");
  p->pts[p->n++] = (sp_ins_point){t, v};
}

void sp_ins_points_free(sp_ins_points *p)
{
  if (!p)
    return;
  free(p->pts);
  sp_free_strings(p->labels, p->labels ? p->n : 0);
  sp_tempo_map_free(p->tempo);
  free(p);
}

/* ---- values -------------------------------------------------------------- */

/* What is said (why) of the value at sub under x, in the order the
 * reader gave its values (printed by their places in the text). */
static void say(sp_ins *x, const char *sub, const char *why)
{
  sp_diags_error(&x->said, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, sub, "%s", why);
}

/* A value a reader gives (a word and a string alike its text). */
typedef enum val_kind { V_NUMBER, V_TEXT, V_BOOL, V_NAMES, V_POINTS } val_kind;

typedef struct val {
  val_kind kind;
  double number;
  sp_unit unit;
  bool on;
  const char *text;
  const char *const *names;
  size_t n_names;
  sp_ins_points *points; /* taken by set */
} val;

/* v, a scalar, as the insert setter takes a value (core/recipe/
 * build_insert.h): a word or a string its text, a file's where pr (NULL:
 * none) is a file parameter. */
static sp_ival ival_of(const val *v, const sp_param *pr)
{
  switch (v->kind) {
  case V_NUMBER: return sp_ival_number(v->number, v->unit);
  case V_BOOL: return sp_ival_bool(v->on);
  case V_TEXT:
    if (pr && sp_param_is_file(pr))
      return (sp_ival){.kind = SP_IVAL_FILE, .file = v->text};
    return sp_ival_word(v->text);
  case V_NAMES:
  case V_POINTS: break;
  }
  return (sp_ival){.kind = SP_IVAL_POINTS};
}

/* What v is, as a message says it: "'3 dB'", "'true'", "a list". */
static void got(const val *v, char *buf, size_t size)
{
  if (v->kind == V_POINTS && (v->points->linear || v->points->tempo)) {
    snprintf(buf, size, "a mapping");
  } else {
    const sp_ival iv = ival_of(v, NULL);
    sp_ival_got(&iv, buf, size);
  }
}

/* v as true or false (a bypass, a switch) into *on; else why. */
static bool on_of(const val *v, bool *on, char *why, size_t size)
{
  char g[160];
  if (v->kind == V_BOOL) {
    *on = v->on;
    return true;
  }
  got(v, g, sizeof g);
  sp_build_expected("true or false", g, why, size);
  return false;
}

static const char *const bypass_keys[] = {"points", "tempo", NULL};
static const char *const port_keys[] = {"points", "ramp", "tempo", NULL};

/* p's points (at path) as a moving value of parameter k of x's class (k
 * < 0: a bypass, of switches), into *out: each value as the setter takes
 * one (sp_param_value: a number in the parameter's unit, a switch, a
 * choice by its label), each time as given (their order, a value's
 * range and Nyquist: the check's); a value not taken said at its place
 * and kept as a point of 0 at 0. False: none (said). */
static bool moving_points(sp_ins *x, int k, const sp_ins_points *p, const char *path, sp_auto *out)
{
  char why[1024];
  if (p->n == 0 && k < 0) {
    say(x, path, SP_BUILD_BYPASS_WANT);
    return false;
  }
  if (p->n == 0) {
    sp_param_moving w;
    sp_param_moving_words(x->cls, k, &w);
    sp_build_points_flat(NULL, 0, *w.want ? w.want : NULL, w.first, w.second, false, why,
                         sizeof why);
    say(x, path, why);
    return false;
  }
  out->points = sp_xcalloc(p->n, sizeof *out->points);
  for (size_t i = 0; i < p->n; i++) {
    const val v = p->kind == SP_INS_PTS_NUMBERS
                      ? (val){.kind = V_NUMBER, .number = p->pts[i].v, .unit = p->unit}
                  : p->kind == SP_INS_PTS_SWITCHES ? (val){.kind = V_BOOL, .on = p->pts[i].v != 0}
                                                   : (val){.kind = V_TEXT, .text = p->labels[i]};
    sp_auto_point q = {.t = p->frames ? sp_mix_frame(p->pts[i].t)
                                      : (sp_time){.seconds = p->pts[i].t}};
    bool on = false, good;
    if (k < 0) {
      good = on_of(&v, &on, why, sizeof why);
      q.v = on;
    } else {
      const sp_ival iv = ival_of(&v, NULL);
      good = sp_param_value(x->cls, k, &iv, &q.v, why, sizeof why) == SP_OK;
    }
    if (!good) {
      char *vp = sp_xasprintf("%s[%zu][1]", path, i);
      say(x, vp, why);
      free(vp);
    }
    out->points[out->n++] = good ? q : (sp_auto_point){{0}, 0};
  }
  out->value = out->points[0].v;
  return true;
}

/* p (at path), a moving value of parameter k of x's class (k < 0: a
 * bypass) whose mapping takes keys (NULL: none): its points, or a mapping
 * of them with its ramp and tempo (a key it does not take said), into
 * *out; false: refused, said. */
static bool moving_value(sp_ins *x, int k, const char *const *keys, const char *what,
                         const sp_ins_points *p, const char *path, sp_auto *out)
{
  memset(out, 0, sizeof *out);
  if (!p->linear && !p->tempo)
    return moving_points(x, k, p, path, out);
  static const char *const written_keys[] = {"ramp", "tempo"};
  const bool given[] = {p->linear, p->tempo != NULL};
  for (size_t i = 0; i < 2; i++)
    if (given[i] && !sp_build_in_list(written_keys[i], keys)) {
      char *kp = sp_xasprintf("%s.%s", path, written_keys[i]);
      char *unknown = sp_build_unknown_key(written_keys[i], keys, what);
      say(x, kp, unknown);
      free(unknown);
      free(kp);
    }
  char *pp = sp_xasprintf("%s.points", path);
  const bool ok = moving_points(x, k, p, pp, out);
  free(pp);
  if (ok) {
    out->ramp = p->linear && sp_build_in_list("ramp", keys) ? SP_RAMP_LINEAR : SP_RAMP_DB;
    out->tempo = p->tempo && sp_build_in_list("tempo", keys) ? build_tempo(p->tempo) : NULL;
  }
  return ok;
}

/* A moving parameter's points as a session gives them. */
typedef struct moving_given {
  sp_ins *x;
  int k;
  const sp_ins_points *points;
  const char *sub;
} moving_given;

/* sp_insert_param's reader of them: moving_value in a port's keys. */
static bool given_points(void *ctx, sp_auto *out)
{
  const moving_given *m = ctx;
  const bool moves = (m->x->cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  return moving_value(m->x, m->k, moves ? port_keys : NULL, "a moving parameter", m->points, m->sub,
                      out);
}

/* Value v of parameter k of x's class, on set `set` (a band; 0), at sub,
 * by the one rule of core/recipe/build_insert.h (a file as given, resolved
 * when placed); what is refused said. */
static void param(sp_ins *x, size_t set, int k, const char *sub, const val *v)
{
  char why[1024];
  if (v->kind == V_NAMES) { /* names: never a moving value's points */
    sp_param_other_kind(x->cls, k, "a list", why, sizeof why);
    say(x, sub, why);
    return;
  }
  moving_given m = {x, k, v->points, sub};
  const bool map = v->kind == V_POINTS && (v->points->linear || v->points->tempo);
  const sp_pval pv = {.form = v->kind != V_POINTS ? SP_PVAL_ONE
                              : map               ? SP_PVAL_MAP
                                                  : SP_PVAL_LIST,
                      .one = ival_of(v, &x->cls->params[k]),
                      .points_key = map,
                      .points = given_points,
                      .ctx = &m};
  if (sp_insert_param(&x->ins, set, k, &pv, why, sizeof why) == SP_ERR_USAGE)
    say(x, sub, why);
}

/* Names v (what they are: a list, or one name alone) at sub, into *out
 * (those it takes, *n); their own rules (a channel of the path) the
 * graph's. */
static void names(sp_ins *x, const val *v, const char *sub, const char *what, char ***out,
                  size_t *n)
{
  char why[512];
  const bool list = v->kind == V_NAMES, one = v->kind == V_TEXT;
  const size_t k = list ? v->n_names : 1;
  if (!(list || one) || k == 0 || k > SP_MAX_CHANNELS) {
    sp_build_names_refused(what, why, sizeof why);
    say(x, sub, why);
    return;
  }
  *out = sp_xcalloc(k, sizeof **out);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    const char *name = list ? v->names[i] : v->text;
    if (*name) {
      (*out)[(*n)++] = sp_xstrdup(name);
    } else {
      char *ip = list ? sp_xasprintf("%s[%zu]", sub, i) : sp_xstrdup(sub);
      sp_build_expected("a channel's name (L, R, C, LFE, Ls ...)", "nothing", why, sizeof why);
      say(x, ip, why);
      free(ip);
    }
  }
}

/* ---- an insert's keys ---------------------------------------------------- */

static void begin(sp_ins *x, const sp_proc_class *cls)
{
  x->cls = cls;
  sp_insert_begin(&x->ins, cls, "", 1, x->rate);
  free(x->ins.path);
  x->ins.path = NULL;
}

sp_ins *sp_ins_new(const char *proc, double rate)
{
  const sp_proc_family *f = sp_proc_family_find(proc);
  if (!f) {
    fprintf(stderr, "stemprint: internal error: a session's insert of no processor '%s'\n", proc);
    abort();
  }
  sp_ins *x = sp_xcalloc(1, sizeof *x);
  x->proc = f;
  x->complete = true;
  x->rate = sp_recipe_reading_rate(rate); /* the check says what is wrong with it */
  char why[320];
  if (!f->selector) {
    const sp_proc_class *cls = sp_proc_family_class(f, NULL, why, sizeof why);
    if (!cls) {
      fprintf(stderr, "stemprint: internal error: the processor '%s' has no class: %s\n", proc,
              why);
      abort();
    }
    begin(x, cls);
  }
  return x;
}

/* A reader's mistake: an insert given what none is. */
static void mistake(const sp_ins *x, const char *key, const char *what)
{
  fprintf(stderr, "stemprint: internal error: an insert '%s' of a session given '%s' %s\n",
          x->proc->name, key, what);
  abort();
}

/* Whether x was given key before (the first's value stands); noted. */
static bool given_before(sp_ins *x, const char *key)
{
  for (size_t i = 0; i < x->n_keys; i++)
    if (strcmp(x->keys[i], key) == 0)
      return true;
  x->keys = sp_xreallocarray(x->keys, x->n_keys + 2, sizeof *x->keys);
  x->keys[x->n_keys++] = sp_xstrdup(key);
  x->keys[x->n_keys] = NULL;
  return false;
}

/* v as the text would write it (core/recipe/build.h's sp_written): a
 * word's, a string's or a switch's text; another (a number) what it is,
 * g's "'3 dB'". */
static sp_written written_of(const val *v, char *g, size_t size)
{
  if (v->kind == V_TEXT)
    return (sp_written){NULL, v->text, false};
  if (v->kind == V_BOOL)
    return (sp_written){NULL, v->on ? "true" : "false", false};
  got(v, g, size);
  return (sp_written){g, NULL, false};
}

/* The class x's selector names (v), as insert_class reads it: refused
 * said at the selector. */
static void select_class(sp_ins *x, const val *v)
{
  const sp_proc_family *f = x->proc;
  char why[1024], g[160];
  const sp_written w = written_of(v, g, sizeof g);
  const sp_proc_class *cls = sp_insert_select(f, &w, why, sizeof why);
  if (cls) {
    begin(x, cls);
  } else {
    x->refused = true;
    say(x, f->selector, why);
  }
}

/* `bypass:` v, as parse_insert_own reads it. */
static void bypass(sp_ins *x, const val *v)
{
  char why[1024];
  if (v->kind == V_POINTS)
    moving_value(x, -1, bypass_keys, sp_timed_kinds[SP_TIMED_BYPASS].what, v->points, "bypass",
                 &x->ins.bypasses);
  else if (!on_of(v, &x->ins.bypass, why, sizeof why))
    say(x, "bypass", why);
}

/* A plugin family's `preset:` or `state:` v, or `feed:` or `widen:`, by
 * the one rule (sp_insert_own; a preset's values under the parameters given
 * after it; a state kept as given, resolved when placed). */
static void own_value(sp_ins *x, const char *key, const val *v)
{
  char why[1024], g[160];
  if (strcmp(key, "preset") == 0)
    for (size_t i = 0; i < x->n_keys; i++) /* its values under those given after it */
      if (sp_proc_param_index(x->cls, x->keys[i]) >= 0)
        mistake(x, key, "after a parameter");
  if (sp_insert_own(&x->ins, x->proc, key, written_of(v, g, sizeof g), why, sizeof why) != SP_OK)
    say(x, key, why);
}

/* An insert's own key (one of extra: bypass, feed, widen, channels,
 * detect, preset, state) set to v. */
static void own(sp_ins *x, const char *key, const val *v)
{
  if (strcmp(key, "bypass") == 0) {
    bypass(x, v);
  } else if (strcmp(key, "feed") == 0 || strcmp(key, "widen") == 0 || strcmp(key, "preset") == 0 ||
             strcmp(key, "state") == 0) {
    own_value(x, key, v);
  } else if (strcmp(key, "channels") == 0) {
    names(x, v, key, "the names of the path's channels it runs on", &x->ins.on, &x->ins.n_on);
  } else if (strcmp(key, "detect") == 0) {
    names(x, v, key, "the names of the channels its detector hears", &x->ins.detect,
          &x->ins.n_detect);
  } else {
    mistake(x, key, "as its own key");
  }
}

/* Key key of x set to v (its points taken), as parse_param_set and
 * parse_insert_own read the key of an insert's mapping. */
static void set(sp_ins *x, const char *key, val v)
{
  if (!sp_build_insert_takes(x->proc, key))
    mistake(x, key, "as a key");
  x->moves |= v.kind == V_POINTS;
  if (strcmp(key, "key") == 0 ||
      (strcmp(key, "bands") == 0 && x->cls && (x->cls->flags & SP_PROC_BANDS))) {
    /* a plugin's port of an insert's key's name (a DAWproject's): a
     * sidechain key, bands, are given by their own calls alone */
    sp_ins_points_free(v.points);
    return;
  }
  if (x->one)
    mistake(x, key, "beside its one value");
  const bool selector = x->proc->selector && strcmp(key, x->proc->selector) == 0;
  if (!x->cls && !x->refused && !selector)
    mistake(x, key, "before its selector");
  if (x->refused || (selector && x->cls)) {
    sp_ins_points_free(v.points);
    return;
  }
  if (selector) {
    given_before(x, key);
    select_class(x, &v);
    return;
  }
  const sp_proc_class *cls = x->cls;
  const char *extra[SP_KEY_INSERT_N + 1], *elsewhere[SP_KEY_INSERT_N + 1];
  sp_insert_keys(x->proc, cls, extra, elsewhere);
  const int k = sp_proc_param_index(cls, key);
  const bool known = k >= 0 || sp_build_in_list(key, extra);
  char why[1024];
  if (given_before(x, key) && known) {
    sp_ins_points_free(v.points);
    return;
  }
  if (k >= 0) {
    if (x->n_bands)
      mistake(x, key, "beside its bands");
    param(x, 0, k, key, &v);
  } else if (known) {
    own(x, key, &v);
  } else if (sp_insert_held(cls, key, why, sizeof why)) {
    say(x, key, why);
  } else if (sp_build_in_list(key, elsewhere)) { /* said as parse_insert_own says it */
    sp_insert_not_taken(cls, key, why, sizeof why);
    say(x, key, why);
  } else {
    char what[96];
    const char **allowed = sp_insert_taken(cls, extra, what, sizeof what);
    char *unknown = sp_build_unknown_key(key, allowed, what);
    say(x, key, unknown);
    free(unknown);
    free(allowed);
  }
  sp_ins_points_free(v.points);
}

void sp_ins_number(sp_ins *x, const char *key, double v, sp_unit unit)
{
  set(x, key, (val){.kind = V_NUMBER, .number = v, .unit = unit});
}

void sp_ins_word(sp_ins *x, const char *key, const char *word)
{
  set(x, key, (val){.kind = V_TEXT, .text = word});
}

void sp_ins_bool(sp_ins *x, const char *key, bool on)
{
  set(x, key, (val){.kind = V_BOOL, .on = on});
}

void sp_ins_string(sp_ins *x, const char *key, const char *s)
{
  set(x, key, (val){.kind = V_TEXT, .text = s});
}

void sp_ins_moving(sp_ins *x, const char *key, sp_ins_points *p)
{
  set(x, key, (val){.kind = V_POINTS, .points = p});
}

void sp_ins_names(sp_ins *x, const char *key, const char *const *names, size_t n)
{
  set(x, key, (val){.kind = V_NAMES, .names = names, .n_names = n});
}

/* x's one value v, `NAME: VALUE`, as parse_insert reads a scalar: its
 * primary parameter's; a class of none told as the parser tells it. */
static void one_value(sp_ins *x, val v)
{
  if (x->one || x->n_keys)
    mistake(x, "its one value", "beside its keys");
  x->one = x->ins.one = true;
  if (x->refused)
    return;
  const sp_proc_class *cls = x->cls;
  if (!cls || cls->primary_param < 0)
    mistake(x, "its one value", cls ? "of a class that has none" : "before its selector");
  param(x, 0, cls->primary_param, "", &v);
}

void sp_ins_value_number(sp_ins *x, double v, sp_unit unit)
{
  one_value(x, (val){.kind = V_NUMBER, .number = v, .unit = unit});
}

void sp_ins_value_word(sp_ins *x, const char *word)
{
  one_value(x, (val){.kind = V_TEXT, .text = word});
}

/* ---- bands --------------------------------------------------------------- */

void sp_ins_band(sp_ins *x, sp_ins *band)
{
  if (band->proc != x->proc || !x->cls || !(x->cls->flags & SP_PROC_BANDS) || x->one || band->one ||
      band->key || x->refused)
    mistake(x, "a band", "of another kind");
  const sp_proc_class *cls = x->cls;
  char why[1024];
  for (size_t i = 0; i < x->n_keys; i++)
    if (sp_proc_param_index(cls, x->keys[i]) >= 0)
      mistake(x, x->keys[i], "beside its bands");
  const size_t b = x->n_bands++, np = cls->n_params;
  sp_insert *ins = &x->ins, *from = &band->ins;
  if (b > 0) { /* a set more, at its band's values */
    ins->params = sp_xreallocarray(ins->params, (b + 1) * (np ? np : 1), sizeof *ins->params);
    if (ins->automation) {
      ins->automation =
          sp_xreallocarray(ins->automation, (b + 1) * (np ? np : 1), sizeof *ins->automation);
      memset(ins->automation + b * np, 0, np * sizeof *ins->automation);
    }
    ins->n_sets = b + 1;
  }
  memcpy(ins->params + b * np, from->params, np * sizeof *ins->params);
  for (size_t k = 0; ins->automation && k < np; k++) {
    sp_auto_free(&ins->automation[b * np + k]);
    ins->automation[b * np + k] = from->automation[k];
    memset(&from->automation[k], 0, sizeof from->automation[k]);
  }
  x->moves |= band->moves;
  /* what it said, and the parameters it needs, at its place in the list */
  for (size_t k = 0; k < np; k++)
    if (sp_insert_needs(cls, k, (const char *const *)band->keys, band->n_keys, why, sizeof why)) {
      say(band, "", why);
      x->complete = false;
    }
  char *at = sp_xasprintf("bands[%zu]", b);
  for (size_t i = 0; i < band->said.n; i++) {
    char *bp = sp_mix_said_path(at, band->said.v[i].path);
    say(x, bp, band->said.v[i].msg);
    free(bp);
  }
  for (size_t i = 0; i < band->n_at; i++) { /* its values' elements, at their place too */
    char *bp = sp_mix_said_path(at, band->at[i].path);
    sp_ins_at(x, bp, band->at[i].pos.line);
    free(bp);
  }
  free(at);
  x->complete &= band->complete;
  sp_ins_free(band);
}

void sp_ins_key(sp_ins *x, const char *id, bool post, bool fader, size_t after, double level_db,
                bool panned)
{
  free(x->key);
  x->key = sp_xstrdup(id);
  x->key_post = post;
  x->key_fader = fader;
  x->key_after = after;
  x->key_level_db = level_db;
  x->key_panned = panned;
  x->key_has_pan = false;
}

/* ---- copies -------------------------------------------------------------- */

static char **strings_copy(char *const *v, size_t n)
{
  if (!v)
    return NULL;
  char **c = sp_xcalloc(n + 1, sizeof *c);
  for (size_t i = 0; i < n; i++)
    c[i] = v[i] ? sp_xstrdup(v[i]) : NULL;
  return c;
}

static sp_auto auto_copy(const sp_auto *a)
{
  sp_auto c = *a;
  c.smooth = NULL;
  c.vca = NULL;
  c.n_vca = 0;
  c.points = a->n ? sp_xmalloc(a->n * sizeof *c.points) : NULL;
  if (a->n)
    memcpy(c.points, a->points, a->n * sizeof *c.points);
  c.tempo = a->tempo ? sp_tempo_map_dup(a->tempo) : NULL;
  return c;
}

/* A copy of ins (of class cls), its path path. */
static sp_insert insert_copy(const sp_insert *ins, const char *path)
{
  const size_t np = ins->cls->n_params, n = ins->n_sets * np;
  sp_insert c = *ins;
  c.path = path ? sp_xstrdup(path) : NULL;
  c.params = sp_xcalloc(n ? n : 1, sizeof *c.params);
  memcpy(c.params, ins->params, n * sizeof *c.params);
  c.files = strings_copy(ins->files, np ? np : 1);
  c.names = strings_copy(ins->names, np ? np : 1);
  c.state_file = ins->state_file ? sp_xstrdup(ins->state_file) : NULL;
  c.given = NULL;
  c.times = NULL; /* (a session's values are read in seconds) */
  if (ins->automation) {
    c.automation = sp_xcalloc(n ? n : 1, sizeof *c.automation);
    for (size_t k = 0; k < n; k++)
      c.automation[k] = auto_copy(&ins->automation[k]);
  }
  c.bypasses = auto_copy(&ins->bypasses);
  c.key_from = ins->key_from ? sp_xstrdup(ins->key_from) : NULL;
  c.key_tap.after_name = ins->key_tap.after_name ? sp_xstrdup(ins->key_tap.after_name) : NULL;
  c.on = strings_copy(ins->on, ins->n_on);
  c.detect = strings_copy(ins->detect, ins->n_detect);
  c.name = ins->name ? sp_xstrdup(ins->name) : NULL;
  return c;
}

sp_ins *sp_ins_copy(const sp_ins *x)
{
  sp_ins *c = sp_xmalloc(sizeof *c);
  *c = *x;
  if (x->cls)
    c->ins = insert_copy(&x->ins, NULL);
  c->keys = strings_copy(x->keys, x->n_keys);
  sp_diags_init(&c->said);
  for (size_t i = 0; i < x->said.n; i++)
    say(c, x->said.v[i].path ? x->said.v[i].path : "", x->said.v[i].msg);
  c->key = x->key ? sp_xstrdup(x->key) : NULL;
  c->at = c->n_at ? sp_xcalloc(c->n_at, sizeof *c->at) : NULL;
  c->cap_at = c->n_at;
  for (size_t i = 0; i < c->n_at; i++)
    c->at[i] = (sp_where){.path = sp_xstrdup(x->at[i].path), .pos = x->at[i].pos};
  return c;
}

void sp_ins_file_name(sp_ins *x, const char *key, const char *name)
{
  if (!x->cls) /* refused: nothing more of it is read */
    return;
  const int k = sp_proc_param_index(x->cls, key);
  if (k < 0 || !sp_param_is_file(&x->cls->params[k])) {
    fprintf(stderr, "stemprint: internal error: a session's insert names the file of '%s'\n", key);
    abort();
  }
  if (!x->ins.names)
    x->ins.names = sp_xcalloc(x->cls->n_params + 1, sizeof *x->ins.names);
  free(x->ins.names[k]);
  x->ins.names[k] = sp_xstrdup(name);
}

void sp_ins_at(sp_ins *x, const char *key, int line)
{
  if (line <= 0)
    return;
  SP_GROW(x->at, x->n_at, x->cap_at);
  x->at[x->n_at++] = (sp_where){.path = sp_xstrdup(key), .pos = {line, 0}};
}

void sp_ins_fini(sp_ins *x)
{
  for (size_t i = 0; i < x->n_at; i++)
    free(x->at[i].path);
  free(x->at);
  if (x->cls)
    sp_insert_fini(&x->ins);
  sp_free_strings(x->keys, x->n_keys);
  sp_diags_fini(&x->said);
  free(x->key);
}

void sp_ins_free(sp_ins *x)
{
  if (x)
    sp_ins_fini(x);
  free(x);
}

sp_ins *sp_ins_put(struct sp_mix_strip *s, sp_ins *x, bool first)
{
  const size_t k = first ? 0 : s->n_inserts;
  SP_GROW(s->inserts, s->n_inserts, s->cap_inserts);
  memmove(&s->inserts[k + 1], &s->inserts[k], (s->n_inserts++ - k) * sizeof *s->inserts);
  s->inserts[k] = *x;
  free(x);
  return &s->inserts[k];
}

/* ---- placed -------------------------------------------------------------- */

/* Whether x was given key. */
static bool has_key(const sp_ins *x, const char *key)
{
  return sp_build_in_list(key, (const char *const *)x->keys);
}

/* x's sidechain key on ins, at kp (its place under the insert), as
 * parse_key reads the mapping of it: its level and tap said where the
 * parser refuses them. */
static void insert_key(builder *b, const sp_ins *x, const char *kp, sp_insert *ins)
{
  ins->key_from = sp_xstrdup(x->key);
  ins->key_level_db = x->key_level_db; /* its range is the check's (core/recipe/check.h) */
  ins->key_panned = x->key_panned;
  ins->key_has_pan = x->key_has_pan;
  ins->key_pan = x->key_pan;
  build_tap(b, kp, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
}

/* x placed at ipath (its list's place) in s's chain (an instrument first
 * in it): what the parser says of it said, and its insert taken and
 * appended unless it lacks a required parameter or has no class. */
static void place(builder *b, sp_strip *s, const char *at, sp_ins *x, bool instrument)
{
  char *ipath = sp_xasprintf("%s.%s", at, x->proc->name);
  build_origins_under(b, ipath, x->at, x->n_at);
  char why[1024];
  const sp_proc_class *cls = x->cls;
  if (!cls && !x->refused) { /* no selector given: the family's class of none */
    if (!sp_proc_family_class(x->proc, NULL, why, sizeof why))
      build_say_at(b, ipath, why);
    free(ipath);
    return;
  }
  if (!cls || !sp_insert_plays(cls, x->proc->name, instrument, why, sizeof why)) {
    if (cls) /* nothing else of it read */
      build_say_at(b, ipath, why);
    else
      build_said_under(b, ipath, &x->said);
    free(ipath);
    return;
  }
  sp_diags add;
  sp_diags_init(&add);
  bool complete = x->complete;
  const bool banded = x->n_bands > 0;
  for (size_t k = 0; !x->one && !banded && k < cls->n_params; k++)
    if (sp_insert_needs(cls, k, (const char *const *)x->keys, x->n_keys, why, sizeof why)) {
      sp_diags_error(&add, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, "", "%s", why);
      complete = false;
    }
  sp_insert ins = x->ins; /* taken: the mix is built once */
  x->ins = (sp_insert){0};
  free(ins.given);
  ins.given = NULL;
  free(ins.path);
  ins.path = sp_xstrdup(ipath);
  if (x->key && !(cls->flags & SP_PROC_TAKES_KEY)) {
    sp_insert_not_taken(cls, "key", why, sizeof why);
    sp_diags_error(&add, SP_ERR_USAGE, NULL, (sp_pos){1, 1}, "key", "%s", why);
  }
  if (x->key && (cls->flags & SP_PROC_TAKES_KEY)) { /* what it says, after what x said */
    builder kb = *b;
    kb.said = &add;
    insert_key(&kb, x, "key", &ins);
  }
  build_said_under(b, ipath, &x->said); /* what x said, then what its whole says */
  build_said_under(b, ipath, &add);
  sp_diags_fini(&add);
  free(ipath);
  if (!complete) {
    sp_insert_fini(&ins);
    return;
  }
  for (size_t k = 0; k < cls->n_params; k++) /* files as the recipe names them, resolved */
    if (ins.files[k]) {
      char *path = sp_build_resolve(b->r, ins.files[k]);
      free(ins.files[k]);
      ins.files[k] = path;
    }
  if (ins.state_file) {
    char *path = sp_build_resolve(b->r, ins.state_file);
    free(ins.state_file);
    ins.state_file = path;
    ins.given = sp_xcalloc(cls->n_params + 1, sizeof *ins.given);
    for (size_t k = 0; k < cls->n_params; k++)
      ins.given[k] = has_key(x, cls->params[k].name);
  }
  sp_insert_append(s, &ins);
  if (instrument) { /* first in the chain, as get_instrument puts it */
    const sp_insert first = s->inserts[s->n_inserts - 1];
    memmove(&s->inserts[1], &s->inserts[0], (s->n_inserts - 1) * sizeof *s->inserts);
    s->inserts[0] = first;
    s->instrument = true;
  }
}

/* What said holds from its first `from` on at path `was` or under it,
 * at `now` instead. */
static void said_moved(sp_diags *said, size_t from, const char *was, const char *now)
{
  const size_t n = strlen(was);
  for (size_t i = from; i < said->n; i++) {
    sp_diag *x = &said->v[i];
    if (!x->path || !sp_recipe_path_under(x->path, was))
      continue;
    char *moved = sp_xasprintf("%s%s", now, x->path + n);
    free(x->path);
    x->path = moved;
  }
}

/* x placed at `at`, read from its element's line (what is said of it said
 * there). */
static void insert(builder *b, sp_strip *s, const char *at, sp_ins *x, bool instrument)
{
  const int was = build_enter(b, at, x->line);
  place(b, s, at, x, instrument);
  b->line = was;
}

void build_inserts(builder *b, const char *path, sp_mix_strip *m, sp_strip *s)
{
  if (m->instrument) {
    char *ip = sp_xasprintf("%s.instrument", path);
    insert(b, s, ip, m->instrument, true);
    free(ip);
  }
  for (int post = 0; post < 2; post++) {
    const size_t from = post ? m->n_inserts - m->n_post : 0;
    const size_t to = post ? m->n_inserts : m->n_inserts - m->n_post;
    const size_t before = s->n_inserts;
    const char *list = post ? "post_inserts" : "inserts";
    for (size_t i = from; i < to; i++) { /* at its place in the chain built, as the text lists it */
      const size_t chain = s->n_inserts - before, said = b->said->n;
      char *ip = sp_xasprintf("%s.%s[%zu]", path, list, chain);
      insert(b, s, ip, &m->inserts[i], false);
      if (s->n_inserts - before == chain) { /* left out: at its place in the session's list */
        char *own = sp_xasprintf("%s.%s[%zu]", path, list, i - from);
        said_moved(b->said, said, ip, own);
        free(own);
      }
      free(ip);
    }
    if (post)
      s->n_post = s->n_inserts - before;
  }
}
