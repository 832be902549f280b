/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session's inserts built from their typed values (io/session/mix.h),
 * part of the session builder (io/session/session_build.c,
 * session_builder.h). */

#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- inserts ------------------------------------------------------------- */
/* Each insert as the parser reads the text put_insert writes of it
 * (recipe_parse_insert), step for step: each value read by the parser's
 * own rule (core/recipe/build.h, build_insert.h), what one refuses said at
 * its path as the parser says it, and left out as the parser leaves it. */

/* v as the text writes it, as a rule reads it: a scalar's text (a
 * number's made in buf), or its form ("a list"); NULL: a mapping of no
 * points (a sidechain key's). */
static sp_written written(const sp_mix_value *v, char *buf, size_t size)
{
  if (!v)
    return (sp_written){"a mapping", "", false};
  switch (v->kind) {
  case SP_MIX_NUMBER: {
    const char *un = v->bare ? "" : sp_unit_name(v->unit);
    snprintf(buf, size, "%s%s%s", sp_mix_num(v->number).text, *un ? " " : "", un);
    return (sp_written){NULL, buf, false};
  }
  case SP_MIX_WORD: return build_plain_word(v->text);
  case SP_MIX_BOOL: return (sp_written){NULL, v->on ? "true" : "false", false};
  case SP_MIX_STRING: return (sp_written){NULL, v->text, true};
  case SP_MIX_POINTS:
    return (sp_written){v->points->linear || v->points->tempo ? "a mapping" : "a list", "", false};
  case SP_MIX_NAMES:
  case SP_MIX_BANDS: break;
  }
  return (sp_written){"a list", "", false};
}

/* What a message says v was written as: its form, or "a single value". */
static const char *form(const sp_mix_value *v)
{
  char buf[96];
  const char *got = written(v, buf, sizeof buf).kind;
  return got ? got : "a single value";
}

/* Whether v is written as a list (its items, n_items). */
static bool a_list(const sp_mix_value *v, size_t *n_items)
{
  const bool list = v && (v->kind == SP_MIX_NAMES || v->kind == SP_MIX_BANDS ||
                          (v->kind == SP_MIX_POINTS && !v->points->linear && !v->points->tempo));
  if (list)
    *n_items = v->kind == SP_MIX_NAMES   ? v->n_names
               : v->kind == SP_MIX_BANDS ? v->n_bands
                                         : v->points->n;
  return list;
}

/* Item i of list v as written: a name's text, or its form. */
static sp_written item(const sp_mix_value *v, size_t i)
{
  if (v->kind == SP_MIX_NAMES)
    return build_plain_word(v->names[i]);
  return (sp_written){v->kind == SP_MIX_BANDS ? "a mapping" : "a list", "", false};
}

/* The kind of a moving value, as the parser reads its points: a
 * parameter's (pr of cls), or a bypass's (pr NULL); its words for its
 * messages (core/recipe/build.h). */
typedef struct moving {
  const sp_proc_class *cls;
  const sp_param *pr;
  const char *first, *second, *want, *what;
  bool hold, constant;
  const char *const *keys; /* of its mapping; NULL: it has none */
} moving;

static const char *const bypass_keys[] = {"points", "tempo", NULL};
static const char *const port_keys[] = {"points", "ramp", "tempo", NULL};

/* Point i of p's value, as k reads it, into *v; else said at vp. */
static bool point_value(builder *b, const moving *k, const sp_mix_points *p, size_t i,
                        const char *vp, double *v)
{
  char buf[96], why[1024];
  const char *un = sp_unit_name(p->unit);
  snprintf(buf, sizeof buf, "%s%s%s", sp_mix_num(p->pts[i].v).text, *un ? " " : "", un);
  const sp_written w = {NULL,
                        p->kind == SP_MIX_PTS_SWITCHES ? (p->pts[i].v != 0 ? "true" : "false")
                        : p->kind == SP_MIX_PTS_LABELS ? p->labels[i]
                                                       : buf,
                        p->kind == SP_MIX_PTS_LABELS};
  bool ok, on = false;
  if (!k->pr || k->pr->kind == SP_PARAM_BOOL) {
    ok = sp_written_bool(w, &on, why, sizeof why);
    *v = on ? 1.0 : 0.0;
  } else if (k->pr->kind == SP_PARAM_CHOICE) {
    ok = sp_param_choice_of(k->cls, k->pr, w, v, why, sizeof why) == SP_OK;
  } else {
    ok = sp_written_value(w, k->pr->unit, k->pr->min, k->pr->max, v, why, sizeof why);
  }
  if (!ok)
    build_say_at(b, vp, why);
  return ok;
}

/* A list v of another shape than points read as k's points (at path):
 * refused as the parser refuses it. */
static void not_points(builder *b, const moving *k, const sp_mix_value *v, const char *path)
{
  char why[1024];
  size_t n = 0;
  a_list(v, &n);
  if (v->kind == SP_MIX_NAMES || n == 0) {
    sp_build_points_flat((const char *const *)v->names, v->kind == SP_MIX_NAMES ? n : 0, k->want,
                         k->first, k->second, k->constant, why, sizeof why);
    build_say_at(b, path, why);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    char *pp = sp_xasprintf("%s[%zu]", path, i);
    sp_build_point_shape(k->want, k->first, "a mapping", why, sizeof why);
    build_say_at(b, pp, why);
    free(pp);
  }
}

/* p's points (at path) as the parser reads a list of points of kind k
 * (held as steps unless linear, where k holds), into *out; false: each
 * refused said at its place. */
static bool moving_points(builder *b, const moving *k, const sp_mix_points *p, bool linear,
                          const char *path, sp_auto *out)
{
  char why[512];
  if (p->n == 0) {
    sp_build_points_flat(NULL, 0, k->want, k->first, k->second, k->constant, why, sizeof why);
    build_say_at(b, path, why);
    return false;
  }
  const bool hold = k->hold && !linear;
  const double rate = b->r->sample_rate;
  out->points = sp_xcalloc(hold ? 2 * p->n : p->n, sizeof *out->points);
  bool ok = true;
  for (size_t i = 0; i < p->n; i++) {
    char *tp = sp_xasprintf("%s[%zu][0]", path, i), *vp = sp_xasprintf("%s[%zu][1]", path, i);
    sp_auto_point q;
    bool good = p->frames ? build_frames(b, tp, p->pts[i].t, &q.t) : build_seconds(b, tp, p->pts[i].t, &q.t);
    good = good && point_value(b, k, p, i, vp, &q.v);
    /* in frames, as the render reads them (get_points) */
    const sp_auto_point *prev = out->n ? &out->points[out->n - 1] : NULL;
    if (good && prev && !sp_build_in_order(prev->t, q.t, rate, why, sizeof why)) {
      build_say_at(b, tp, why);
      good = false;
    }
    if (good && hold && prev) /* the setting before held up to this point */
      out->points[out->n++] = (sp_auto_point){q.t, prev->v};
    if (good)
      out->points[out->n++] = q;
    ok &= good;
    free(tp);
    free(vp);
  }
  if (!ok) {
    sp_auto_free(out);
    return false;
  }
  out->value = out->points[0].v;
  return true;
}

/* p (at path), a moving value of kind k, as recipe_get_timed reads it: a
 * list of points, or a mapping of them with its ramp and tempo (its keys
 * it does not take said), into *out; false: refused, said. */
static bool moving_value(builder *b, const moving *k, const sp_mix_points *p, const char *path,
                         sp_auto *out)
{
  memset(out, 0, sizeof *out);
  if (!p->linear && !p->tempo)
    return moving_points(b, k, p, false, path, out);
  static const char *const written_keys[] = {"ramp", "tempo"};
  const bool given[] = {p->linear, p->tempo != NULL};
  for (size_t i = 0; i < 2; i++)
    if (given[i] && !sp_build_in_list(written_keys[i], k->keys)) {
      char *kp = sp_xasprintf("%s.%s", path, written_keys[i]);
      char *unknown = sp_build_unknown_key(written_keys[i], k->keys, k->what);
      build_say_at(b, kp, unknown);
      free(unknown);
      free(kp);
    }
  const bool linear = p->linear && sp_build_in_list("ramp", k->keys);
  sp_tempo_map *map = NULL;
  if (p->tempo && sp_build_in_list("tempo", k->keys) && !build_tempo(b, p->tempo, &map))
    return false;
  char *pp = sp_xasprintf("%s.points", path);
  const bool ok = moving_points(b, k, p, linear, pp, out);
  free(pp);
  if (!ok) {
    sp_tempo_map_free(map);
    return false;
  }
  out->ramp = linear ? SP_RAMP_LINEAR : SP_RAMP_DB;
  out->tempo = map;
  return true;
}

/* Value v (NULL: a mapping of no points) of parameter k of ins's class,
 * on set `set` (a band; 0), at kp, as parse_param reads it: moving, or
 * one value, set through the insert setter; what is refused said (true). */
static bool param(builder *b, sp_insert *ins, size_t set, int k, const char *kp,
                  const sp_mix_value *v)
{
  const sp_proc_class *cls = ins->cls;
  const sp_param *pr = &cls->params[k];
  const bool autos = ins->automation != NULL, moves = (cls->flags & SP_PROC_SWITCHES_MOVE) != 0;
  size_t n;
  const bool list = a_list(v, &n), map = v && v->kind == SP_MIX_POINTS && !list;
  char why[1024], buf[96];
  if (map && !(autos && moves && !sp_param_is_file(pr))) {
    sp_param_no_map(cls, k, autos, why, sizeof why);
    build_say_at(b, kp, why);
    return true;
  }
  const sp_err e = list || map ? sp_param_may_move(cls, k, autos, why, sizeof why) : SP_ERR_IO;
  if (e == SP_ERR_USAGE) {
    build_say_at(b, kp, why);
    return true;
  }
  sp_ival x = {.kind = SP_IVAL_POINTS};
  if (e == SP_OK) {
    sp_param_moving w;
    sp_param_moving_words(cls, k, &w);
    const moving mk = {.cls = cls,
                       .pr = pr,
                       .first = w.first,
                       .second = w.second,
                       .want = *w.want ? w.want : NULL,
                       .what = "a moving parameter",
                       .hold = pr->kind != SP_PARAM_NUMBER,
                       .keys = moves ? port_keys : NULL};
    if (v->kind != SP_MIX_POINTS) {
      not_points(b, &mk, v, kp);
      return true;
    }
    if (!moving_value(b, &mk, v->points, kp, &x.moving))
      return true;
  } else if (sp_param_read(cls, k, written(v, buf, sizeof buf), b->r->sample_rate, &x, why,
                           sizeof why) != SP_OK) {
    build_say_at(b, kp, why);
    return true;
  }
  char *file = x.kind == SP_IVAL_FILE ? sp_build_resolve(b->r, x.file) : NULL;
  if (file)
    x.file = file;
  if (sp_insert_set(ins, set, pr->name, &x, b->r->sample_rate, why, sizeof why) != SP_OK)
    build_say_at(b, kp, why);
  free(file);
  return true;
}

/* keys[0..n) of an insert (values[i] NULL: a mapping of no points), at
 * path, on set `set` of ins, as parse_param_set reads a mapping of them
 * (extra, elsewhere: the keys besides parameters it takes, and those said
 * elsewhere; NULL for a band): held and unknown keys said, each parameter
 * read, the required ones checked (*complete false when one is missing).
 * true. */
static bool param_set(builder *b, sp_insert *ins, size_t set, const char *path,
                      const char *const *keys, const sp_mix_value *const *values, size_t n,
                      const char *const *extra, const char *const *elsewhere, bool *complete)
{
  const sp_proc_class *cls = ins->cls;
  size_t n_extra = 0;
  while (extra && extra[n_extra])
    n_extra++;
  const char **allowed = sp_xcalloc(cls->n_params + n_extra + 1, sizeof *allowed);
  for (size_t k = 0; k < cls->n_params; k++)
    allowed[k] = cls->params[k].name;
  for (size_t e = 0; e < n_extra; e++)
    allowed[cls->n_params + e] = extra[e];
  char what[96], why[1024];
  snprintf(what, sizeof what, "the parameters of '%s'", cls->name);
  for (size_t i = 0; i < n; i++) { /* held first, then unknown (not said elsewhere) */
    if (sp_build_in_list(keys[i], allowed))
      continue;
    if (!sp_insert_held(cls, keys[i], why, sizeof why)) {
      if (sp_build_in_list(keys[i], elsewhere))
        continue;
      char *unknown = sp_build_unknown_key(keys[i], allowed, what);
      snprintf(why, sizeof why, "%s", unknown);
      free(unknown);
    }
    char *kp = sp_xasprintf("%s.%s", path, keys[i]);
    build_say_at(b, kp, why);
    free(kp);
  }
  free(allowed);
  bool ok = true;
  for (size_t k = 0; ok && k < cls->n_params; k++)
    for (size_t i = 0; ok && i < n; i++)
      if (strcmp(keys[i], cls->params[k].name) == 0) {
        char *kp = sp_xasprintf("%s.%s", path, keys[i]);
        ok = param(b, ins, set, (int)k, kp, values[i]);
        free(kp);
        break;
      }
  for (size_t k = 0; ok && k < cls->n_params; k++)
    if (sp_insert_needs(cls, k, keys, n, why, sizeof why)) {
      build_say_at(b, path, why);
      *complete = false;
    }
  return ok;
}

/* The keys of x's mapping as the text writes them (its sidechain key
 * last, a mapping of no points), keys[0..*n) and values: to free. */
static void map_of(const sp_mix_insert *x, const char ***keys, const sp_mix_value ***values,
                   size_t *n)
{
  *n = x->n + (x->key != NULL);
  *keys = sp_xcalloc(*n + 1, sizeof **keys);
  *values = sp_xcalloc(*n + 1, sizeof **values);
  for (size_t i = 0; i < x->n; i++) {
    (*keys)[i] = x->keys[i];
    (*values)[i] = &x->values[i];
  }
  if (x->key)
    (*keys)[x->n] = "key";
}

/* List v of names (what they are, each a string) at kp, as
 * recipe_get_channels reads it, into *out (those it takes, *n). */
static void names(builder *b, const sp_mix_value *v, const char *kp, const char *what, char ***out,
                  size_t *n)
{
  char why[512], buf[96];
  size_t k = 1;
  const bool list = a_list(v, &k);
  if ((!list && written(v, buf, sizeof buf).kind) || k == 0 || k > SP_MAX_CHANNELS) {
    sp_build_names_refused(what, why, sizeof why);
    build_say_at(b, kp, why);
    return;
  }
  *out = sp_xcalloc(k, sizeof **out);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    const sp_written w = list ? item(v, i) : written(v, buf, sizeof buf);
    if (sp_written_string(w, "a channel's name (L, R, C, LFE, Ls ...)", why, sizeof why)) {
      (*out)[(*n)++] = sp_xstrdup(w.text);
    } else {
      char *ip = list ? sp_xasprintf("%s[%zu]", kp, i) : sp_xstrdup(kp);
      build_say_at(b, ip, why);
      free(ip);
    }
  }
}

/* x's sidechain key on ins (at kp), as parse_key reads the mapping
 * put_insert writes of it. */
static bool insert_key(builder *b, const sp_mix_insert *x, const char *kp, sp_insert *ins)
{
  if (!*x->key) /* sp_write_name writes it quoted: a name of none alone reads as none */
    return !build_unheld(b, kp, "a sidechain key from a path of no name");
  ins->key_from = sp_xstrdup(x->key);
  if (x->key_level_db != 0 &&
      build_in_row(b, kp, "level", &sp_key_rows_key[SP_KEY_KEY_LEVEL], x->key_level_db, false))
    ins->key_level_db = x->key_level_db;
  ins->key_panned = x->key_panned;
  return build_tap(b, kp, x->key_post, x->key_fader, x->key_after, &ins->key_tap);
}

/* The value of key in x's mapping (keys[0..n)), or NULL. */
static const sp_mix_value *value_of(const sp_mix_insert *x, size_t n, const char *key, bool *has)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(x->keys[i], key) == 0) {
      *has = true;
      return &x->values[i];
    }
  *has = false;
  return NULL;
}

/* An insert's own keys in x's mapping (keys[0..n)), as parse_insert_own
 * reads them: bypass, key, feed and widen, channels and detect, and bands
 * where its class has none (true). */
static bool insert_own(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                       sp_insert *ins)
{
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = value_of(x, n, "bypass", &has);
  char *kp = sp_xasprintf("%s.bypass", ipath);
  size_t items;
  if (v && v->kind != SP_MIX_POINTS && !a_list(v, &items)) {
    if (!sp_written_bool(written(v, buf, sizeof buf), &ins->bypass, why, sizeof why))
      build_say_at(b, kp, why);
  } else if (v) {
    static const moving mk = {.first = "false",
                              .second = "true",
                              .want = SP_BUILD_BYPASS_WANT,
                              .what = "a moving bypass",
                              .constant = true,
                              .keys = bypass_keys};
    if (v->kind != SP_MIX_POINTS)
      not_points(b, &mk, v, kp);
    else
      moving_value(b, &mk, v->points, kp, &ins->bypasses);
  }
  free(kp);
  sp_insert_bypass_fix(ins);
  bool ok = true;
  if (ok && x->key) {
    kp = sp_xasprintf("%s.key", ipath);
    if (cls->flags & SP_PROC_TAKES_KEY) {
      ok = insert_key(b, x, kp, ins);
    } else {
      sp_insert_not_taken(cls, "key", why, sizeof why);
      build_say_at(b, kp, why);
    }
    free(kp);
  }
  static const char *const widening[] = {"feed", "widen"};
  for (int i = 0; ok && i < 2; i++) {
    if (!(v = value_of(x, n, widening[i], &has)))
      continue;
    kp = sp_xasprintf("%s.%s", ipath, widening[i]);
    const sp_written w = written(v, buf, sizeof buf);
    int word = 0;
    bool on = true;
    if (!(cls->flags & SP_PROC_MONO_TO_STEREO))
      sp_insert_not_taken(cls, widening[i], why, sizeof why);
    const sp_key_row *row = &sp_key_rows_insert[SP_KEY_INSERT_FEED];
    if (!(cls->flags & SP_PROC_MONO_TO_STEREO) ||
        !(i == 0 ? sp_written_word(row, w, &word, why, sizeof why)
                 : sp_written_bool(w, &on, why, sizeof why)))
      build_say_at(b, kp, why);
    else if (i == 0)
      ins->feed = (sp_mono_feed)row->values[word];
    else
      ins->keep_mono = !on; /* widen: false keeps it mono */
    free(kp);
  }
  if (ok && (v = value_of(x, n, "channels", &has))) {
    kp = sp_xasprintf("%s.channels", ipath);
    names(b, v, kp, "the names of the path's channels it runs on", &ins->on, &ins->n_on);
    free(kp);
  }
  if (ok && (v = value_of(x, n, "detect", &has))) {
    kp = sp_xasprintf("%s.detect", ipath);
    if (!(cls->flags & SP_PROC_DETECTOR) || x->key) {
      if (!(cls->flags & SP_PROC_DETECTOR))
        sp_insert_not_taken(cls, "detect", why, sizeof why);
      else
        sp_insert_detect_keyed(why, sizeof why);
      build_say_at(b, kp, why);
    } else {
      names(b, v, kp, "the names of the channels its detector hears", &ins->detect, &ins->n_detect);
    }
    free(kp);
  }
  if (ok && !(cls->flags & SP_PROC_BANDS) && value_of(x, n, "bands", &has)) {
    kp = sp_xasprintf("%s.bands", ipath);
    sp_insert_not_taken(cls, "bands", why, sizeof why);
    build_say_at(b, kp, why);
    free(kp);
  }
  return ok;
}

/* A plugin family's preset and state in x's mapping (keys[0..n)), as
 * parse_preset_state reads them (the preset's values first, under the
 * parameters given; true). */
static bool insert_preset(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                          sp_insert *ins)
{
  const sp_proc_family *f = x->proc;
  const sp_proc_class *cls = ins->cls;
  char why[1024], buf[96];
  bool has;
  const sp_mix_value *v = f->preset ? value_of(x, n, "preset", &has) : NULL;
  if (v) {
    char *kp = sp_xasprintf("%s.preset", ipath);
    const sp_written w = written(v, buf, sizeof buf);
    const sp_proc_saved *saved = NULL;
    if (w.kind)
      sp_written_string(w, "a preset's URI or label", why, sizeof why);
    if (w.kind || !f->preset(cls, w.text, false, ins->params, &saved, why, sizeof why))
      build_say_at(b, kp, why);
    else
      ins->saved = saved;
    free(kp);
  }
  v = f->preset ? value_of(x, n, "state", &has) : NULL;
  if (v) {
    const sp_written w = written(v, buf, sizeof buf);
    if (!sp_written_string(w, "a state file's path (relative to the recipe)", why, sizeof why)) {
      char *kp = sp_xasprintf("%s.state", ipath);
      build_say_at(b, kp, why);
      free(kp);
      return true;
    }
    ins->state_file = sp_build_resolve(b->r, w.text);
    ins->given = sp_xcalloc(cls->n_params + 1, sizeof *ins->given);
    for (size_t k = 0; k < cls->n_params; k++)
      for (size_t j = 0; j < n; j++)
        ins->given[k] |= strcmp(x->keys[j], cls->params[k].name) == 0;
  }
  return true;
}

/* The class x's insert is of (its mapping's keys[0..n)): its family's, or
 * the one its selector names, one that plays as an instrument where it is
 * one; NULL: none, said as insert_class says it (true). */
static bool insert_class(builder *b, const sp_mix_insert *x, size_t n, const char *ipath,
                         bool instrument, const sp_proc_class **cls)
{
  const sp_proc_family *f = x->proc;
  bool has = false;
  const sp_mix_value *sel = f->selector ? value_of(x, n, f->selector, &has) : NULL;
  char why[1024], buf[96];
  const sp_written w = sel ? written(sel, buf, sizeof buf) : (sp_written){0};
  char *sp = sel ? sp_xasprintf("%s.%s", ipath, f->selector) : NULL;
  *cls = NULL;
  if (sel && w.kind)
    sp_written_string(w, f->selector_help, why, sizeof why);
  else
    *cls = sp_proc_family_class(f, sel ? w.text : NULL, why, sizeof why);
  if (*cls && !sp_insert_plays(*cls, f->name, instrument, why, sizeof why)) {
    *cls = NULL;
    build_say_at(b, ipath, why);
  } else if (!*cls) {
    build_say_at(b, sp ? sp : ipath, why);
  }
  free(sp);
  return true;
}

/* The bands of an insert of cls in list (at its path), as band_list and
 * parse_bands read them: refused (said; false), or each band's keys as a
 * mapping of its parameters on its set of ins. */
static bool band_list(builder *b, const sp_proc_class *cls, const sp_mix_value *list,
                      const char *path)
{
  size_t n = 0;
  char why[512];
  const bool seq = a_list(list, &n);
  const bool plain = seq && n > 0 && list->kind == SP_MIX_NAMES;
  if (seq && n > 0 && !plain)
    return true;
  sp_insert_bands_refused(cls,
                          !seq    ? form(list)
                          : plain ? "single values"
                                  : "an empty list",
                          why, sizeof why);
  build_say_at(b, path, why);
  return false;
}

static bool bands(builder *b, sp_insert *ins, const sp_mix_value *list, const char *path,
                  bool *complete)
{
  bool ok = true;
  for (size_t k = 0; ok && k < ins->n_sets; k++) {
    char *bp = sp_xasprintf("%s[%zu]", path, k), why[512];
    if (list->kind != SP_MIX_BANDS) {
      sp_insert_band_not_map(item(list, k).kind, why, sizeof why);
      build_say_at(b, bp, why);
    } else {
      const sp_mix_insert *band = &list->bands[k]; /* its value and key: not written */
      const sp_mix_value **values = sp_xcalloc(band->n + 1, sizeof *values);
      for (size_t i = 0; i < band->n; i++)
        values[i] = &band->values[i];
      ok = param_set(b, ins, k, bp, (const char *const *)band->keys, values, band->n, NULL, NULL,
                     complete);
      free(values);
    }
    free(bp);
  }
  return ok;
}

/* Beside `bands` (x's mapping, keys[0..n)), what check_band_map says:
 * keys of none of extra, and a band's parameters. */
static void band_map(builder *b, const sp_proc_class *cls, const char *const *keys, size_t n,
                     const char *ipath, const char *const *extra, const char *const *elsewhere)
{
  char why[1024];
  for (size_t i = 0; i < n; i++) {
    const bool param = sp_proc_param_index(cls, keys[i]) >= 0;
    if (!param && (sp_build_in_list(keys[i], extra) || sp_build_in_list(keys[i], elsewhere)))
      continue;
    char *kp = sp_xasprintf("%s.%s", ipath, keys[i]);
    char *unknown = param ? NULL : sp_build_unknown_key(keys[i], extra, "a band list");
    if (param)
      sp_insert_band_param(keys[i], why, sizeof why);
    build_say_at(b, kp, unknown ? unknown : why);
    free(unknown);
    free(kp);
  }
}

/* x as the parser reads the text put_insert writes of it, at ipath (its
 * list's place), appended to s's chain (an instrument first in it)
 * unless it lacks a required parameter or has no class; what it refuses
 * said (true). */
static bool insert(builder *b, sp_strip *s, const char *at, const sp_mix_insert *x, bool instrument)
{
  char *ipath = sp_xasprintf("%s.%s", at, x->proc->name);
  /* `NAME: VALUE` holds nothing else: the text of one with keys reads as
   * its value alone */
  const sp_mix_value *one = x->value;
  const char **keys = NULL;
  const sp_mix_value **values = NULL;
  size_t n = 0;
  if (!one)
    map_of(x, &keys, &values, &n);
  const sp_proc_class *cls = NULL;
  bool ok = insert_class(b, x, one ? 0 : x->n, ipath, instrument, &cls);
  if (!ok || !cls) {
    free(keys);
    free(values);
    free(ipath);
    return ok;
  }
  const bool banded = (cls->flags & SP_PROC_BANDS) != 0;
  size_t n_sets = 1, n_items = 0;
  bool has_bands = false;
  const sp_mix_value *list = NULL;
  char *list_path = NULL;
  const bool one_list = one && a_list(one, &n_items);
  if (banded && one_list) {
    list = one;
    list_path = sp_xstrdup(ipath);
  } else if (banded && !one && (list = value_of(x, x->n, "bands", &has_bands))) {
    list_path = sp_xasprintf("%s.bands", ipath);
  }
  if (list && !band_list(b, cls, list, list_path))
    list = NULL;
  if (list)
    a_list(list, &n_sets);
  sp_insert ins;
  sp_insert_begin(&ins, cls, ipath, n_sets);
  bool complete = true;
  if (list)
    ok = bands(b, &ins, list, list_path, &complete);
  else if (!one)
    ok = insert_preset(b, x, x->n, ipath, &ins);
  const char *extra[SP_KEY_INSERT_N + 1], *elsewhere[SP_KEY_INSERT_N + 1];
  sp_insert_keys(x->proc, cls, extra, elsewhere);
  const bool scalar = one && !one_list && one->kind != SP_MIX_POINTS;
  char why[1024];
  if (ok && (scalar || (one_list && !banded)) && cls->primary_param >= 0) {
    ok = param(b, &ins, 0, cls->primary_param, ipath, one);
  } else if (ok && !one) {
    if (banded && has_bands)
      band_map(b, cls, keys, n, ipath, extra, elsewhere);
    else
      ok = param_set(b, &ins, 0, ipath, keys, values, n, extra, elsewhere, &complete);
    ok = ok && insert_own(b, x, x->n, ipath, &ins);
  } else if (ok && one && !one_list && !scalar) { /* a mapping of points alone */
    static const char *const map_keys[] = {"ramp", "tempo", "points"};
    const bool given[] = {one->points->linear, one->points->tempo != NULL, true};
    const char *mk[4];
    const sp_mix_value *mv[4] = {0};
    size_t m = 0;
    for (size_t i = 0; i < 3; i++)
      if (given[i])
        mk[m++] = map_keys[i];
    ok = param_set(b, &ins, 0, ipath, mk, mv, m, extra, elsewhere, &complete);
  } else if (ok && !(one_list && banded)) {
    sp_insert_not_map(cls, form(one), why, sizeof why);
    build_say_at(b, ipath, why);
    for (size_t k = 0; k < cls->n_params; k++)
      complete &= !cls->params[k].required;
  }
  free(list_path);
  free(keys);
  free(values);
  free(ipath);
  if (!ok || !complete) {
    sp_insert_fini(&ins);
    return ok;
  }
  sp_insert_append(s, &ins);
  if (instrument) { /* first in the chain, as get_instrument puts it */
    const sp_insert first = s->inserts[s->n_inserts - 1];
    memmove(&s->inserts[1], &s->inserts[0], (s->n_inserts - 1) * sizeof *s->inserts);
    s->inserts[0] = first;
    s->instrument = true;
  }
  return true;
}

/* A strip's inserts (and a track's instrument), each built from its
 * typed values (insert). */
bool build_inserts(builder *b, const char *path, const sp_mix_strip *m, sp_strip *s)
{
  bool ok = true;
  if (m->instrument) {
    char *ip = sp_xasprintf("%s.instrument", path);
    ok = insert(b, s, ip, m->instrument, true);
    free(ip);
  }
  for (int post = 0; ok && post < 2; post++) {
    const size_t from = post ? m->n_inserts - m->n_post : 0;
    const size_t to = post ? m->n_inserts : m->n_inserts - m->n_post;
    const size_t before = s->n_inserts;
    for (size_t i = from; ok && i < to; i++) {
      char *ip = sp_xasprintf("%s.%s[%zu]", path, post ? "post_inserts" : "inserts", i - from);
      ok = insert(b, s, ip, &m->inserts[i], false);
      free(ip);
    }
    if (post)
      s->n_post = s->n_inserts - before;
  }
  return ok;
}
