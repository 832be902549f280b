/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe checked as a whole, by its rows (core/recipe/check.h): a walk
 * of the model's objects, each by its table's rows, that checks each value
 * a row stores and the recipe wrote, and the rules of the recipe's own keys
 * no row says. A value the recipe did not write is its default, which its
 * row holds to. */

#include "core/recipe/check.h"

#include "core/base/alloc.h"
#include "core/dsp/adm.h"
#include "core/dsp/automation.h"
#include "core/dsp/stretch_keys.h"
#include "core/dsp/tempo_map.h"
#include "core/recipe/build.h"
#include "core/recipe/build_insert.h"
#include "core/recipe/fade.h"
#include "core/recipe/format.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
  const sp_recipe *r;
  sp_diags *d;
  /* the paths of the errors said from `from` on, sorted (by_path; NULL:
   * looked for one by one): its reading's while the check judges (a value
   * it could not read is said once, by it), then the check's too, once it
   * has said all (marks(): what was refused, by either) */
  const char **said;
  size_t n_said, said_before;
  size_t errors;
  size_t from; /* d's first diagnostic of this recipe's reading */
} checker;

static int by_path(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* c->said: the paths of the errors said so far from c->from on, sorted. */
static void collect_said(checker *c)
{
  free(c->said);
  c->said = sp_xcalloc(c->d->n + 1, sizeof *c->said);
  c->n_said = 0;
  for (size_t i = c->from; i < c->d->n; i++)
    if (c->d->v[i].severity == SP_SEV_ERROR && c->d->v[i].path)
      c->said[c->n_said++] = c->d->v[i].path;
  qsort(c->said, c->n_said, sizeof *c->said, by_path);
}

static bool written(const checker *c, const char *path) { return sp_recipe_written(c->r, path); }

/* Whether key of the object at path was written (not a name with a dot in
 * it: sp_recipe_noted_key). */
static bool written_key(const checker *c, const char *path, const char *key)
{
  return sp_recipe_noted_key(c->r, path, key) != NULL;
}

/* Where path was written, or its nearest written parent. */
static const sp_where *origin(const checker *c, const char *path)
{
  return sp_recipe_origin(c->r, path);
}

static bool said_at(const checker *c, const char *path)
{
  if (c->said)
    return bsearch(&path, c->said, c->n_said, sizeof *c->said, by_path) != NULL;
  for (size_t i = 0; i < c->said_before; i++)
    if (c->d->v[i].severity == SP_SEV_ERROR && c->d->v[i].path &&
        strcmp(c->d->v[i].path, path) == 0)
      return true;
  return false;
}

/* Whether its reading said an error under path (self: or at path
 * itself), but under but (NULL: none). */
static bool said_in(const checker *c, const char *path, bool self, const char *but)
{
  const size_t n = c->said ? c->n_said : c->said_before;
  for (size_t i = 0; i < n; i++) {
    const char *p = c->said ? c->said[i] : c->d->v[i].path;
    if (p && (c->said || c->d->v[i].severity == SP_SEV_ERROR) && sp_recipe_path_under(p, path) &&
        (self || strcmp(p, path) != 0) && !(but && sp_recipe_path_under(p, but)))
      return true;
  }
  return false;
}

/* Whether its reading said an error at path or under it, but under but
 * (NULL: none). */
static bool said_under(const checker *c, const char *path, const char *but)
{
  return said_in(c, path, true, but);
}

/* why said of path at the place of place (path itself, or a key of it
 * that says more of where the fix goes); of a value its session writes
 * in another unit than the recipe's, with the value as written there
 * (sp_where.written: the recipe's words, then what its user fixes). */
static void say_placed(checker *c, const char *path, const char *place, const char *why)
{
  const sp_where *w = origin(c, place);
  const bool own = w && w->written && w->path && strcmp(w->path, place) == 0;
  sp_diags_error(c->d, SP_ERR_USAGE, w && w->from ? w->from : c->r->file,
                 w ? w->pos : (sp_pos){0, 0}, path, "%s%s%s%s", why,
                 own ? " (as the session writes it: " : "", own ? w->written : "", own ? ")" : "");
  c->errors++;
}

static void say(checker *c, const char *path, const char *why) { say_placed(c, path, path, why); }

/* why warned of path, at its place. */
static void warn(checker *c, const char *path, const char *why)
{
  const sp_where *w = origin(c, path);
  sp_diags_warn(c->d, w && w->from ? w->from : c->r->file, w ? w->pos : (sp_pos){0, 0}, path, "%s",
                why);
}

static char *join(const char *path, const char *key)
{
  return *path ? sp_xjoin(path, '.', key) : sp_xstrdup(key);
}

/* why said of path, an object noted at its name (a track), at its value
 * where a --set gave that (`--set tracks.kick={gain: -3}` over the text's
 * kick: what it lacks, the set took away); else at its name. */
static void say_value(checker *c, const char *path, const char *why)
{
  const sp_where *w = origin(c, path);
  if (!w || !sp_from_set(w->pair_from) || sp_from_set(w->from)) {
    say(c, path, why);
    return;
  }
  char *kp = join(path, "KEY"), *arg = sp_recipe_set_arg(c->r, kp, "VALUE");
  sp_diags_error(c->d, SP_ERR_USAGE, w->pair_from, w->pair_at, path,
                 "%s; the --set replaces the recipe's mapping whole: to change one key and keep "
                 "the rest, --set %s",
                 why, arg);
  c->errors++;
  free(arg);
  free(kp);
}

/* ---- a value by its row --------------------------------------------------- */

/* The value of row (a number, a whole number) in obj, written at path, or
 * (alias: a mapping's first key, which its scalar form gives) at alias. */
static void scalar(checker *c, const sp_key_row *row, const void *obj, const char *path,
                   const char *alias)
{
  const char *at = written(c, path) ? path : alias && written(c, alias) ? alias : NULL;
  const char *o = obj;
  if (!at || !(row->min < row->max) || said_at(c, at))
    return; /* its default, a row of no range, or a value not read */
  if (row->word_at && *(const bool *)(o + row->word_at - 1))
    return; /* its word (auto) */
  if (row->moves && ((const sp_auto *)(o + row->moves - 1))->n)
    return; /* it moves: its points are its timed value's */
  const sp_where *w = origin(c, at);
  const bool bare = w && w->bare;
  char why[320];
  double v;
  if (row->store == SP_KEY_S_DOUBLE) {
    v = *(const double *)(o + row->at);
  } else if (row->store == SP_KEY_S_INT && row->type == SP_KEY_T_NUMBER) {
    if ((row->also & SP_KEY_OR_TEXT) && *(char *const *)(o + row->name_at - 1))
      return; /* a name, not a number */
    v = *(const int *)(o + row->at);
  } else {
    return;
  }
  if (!sp_build_row_value(row, v, bare, why, sizeof why))
    say(c, at, why);
}

static void table(checker *c, const char *name, const void *obj, const char *path,
                  const char *alias);

/* Whether time t of the model, at path, is one the recipe holds
 * (sp_build_time: 0 or more, at most the longest render, a whole count
 * of samples: the rule the parser reads a time's text by); else said
 * there. One its reading said something of is its reading's. */
static bool time_held(checker *c, sp_time t, const char *path)
{
  char why[320];
  sp_time u;
  if (said_at(c, path) || sp_build_time(t, &u, why, sizeof why))
    return true;
  say(c, path, why);
  return false;
}

/* The times of table name's rows in obj, the object at path (the
 * recipe's length and tail, a region's at, from and length): one refused
 * is put back to its default (its word, `auto`; not given), as its
 * reader leaves out a time it cannot read, so what is built after the
 * check to say more never meets it. */
static void times(checker *c, const char *name, void *obj, const char *path)
{
  const sp_key_table *t = sp_key_table_find(name);
  char *o = obj;
  for (size_t k = 0; k < t->n; k++) {
    const sp_key_row *row = &t->rows[k];
    if (row->store != SP_KEY_S_TIME)
      continue;
    char *kp = join(path, t->keys[k]);
    if (!time_held(c, *(const sp_time *)(o + row->at), kp)) {
      *(sp_time *)(o + row->at) = (sp_time){0};
      if (row->has)
        *(bool *)(o + row->has - 1) = false;
      if (row->word_at)
        *(bool *)(o + row->word_at - 1) = true;
    }
    free(kp);
  }
}

/* The items of a list row (a LIST's, a MAP's: each at path[i], i its
 * index as the recipe wrote it (sp_recipe_item: one its reading left out
 * comes before it), or path.NAME, its name its struct's first field) of
 * obj. */
static void items(checker *c, const sp_key_row *row, const void *obj, const char *path)
{
  const char *list = *(const char *const *)((const char *)obj + row->at);
  const size_t n = *(const size_t *)((const char *)obj + row->count - 1);
  for (size_t i = 0; list && i < n; i++) {
    const void *item = list + i * row->size;
    char *ip = row->type == SP_KEY_T_MAP ? sp_xjoin(path, '.', *(char *const *)item)
                                         : sp_recipe_item(c->r, path, i);
    table(c, row->of, item, ip, NULL);
    free(ip);
  }
}

/* The gains of pan's matrix (at path, `pan: {gains: {L: 0.97, R: [0.2,
 * 0.1]}}`): linear, -16 .. 16 each. */
static void gains(checker *c, const sp_pan *pan, const char *path)
{
  for (size_t k = 0; k < pan->n_gains; k++)
    for (size_t j = 0; j < pan->gain_n[k]; j++) {
      char *gp = pan->gain_n[k] > 1 ? sp_xasprintf("%s.gains.%s[%zu]", path, pan->gain_to[k], j)
                                     : sp_xasprintf("%s.gains.%s", path, pan->gain_to[k]);
      char why[320]; /* (a plain number: bare) */
      if (!said_at(c, gp) && !sp_build_value(pan->gain_v[k][j], SP_UNIT_NUMBER, true,
                                             -SP_BUILD_GAIN_MAX, SP_BUILD_GAIN_MAX, why, sizeof why))
        say(c, gp, why);
      free(gp);
    }
}

/* ---- timed values ------------------------------------------------------------ */

/* A timed value (core/dsp/automation.h: a constant, or points with how
 * they move) as its reader read it, judged by its kind (core/recipe/keys.h,
 * sp_timed_kinds: the kind its row names, sp_key_row.timed, that
 * io/recipe/parse_timed.h reads too): its values in their range, its
 * points' times in time order at the recipe's rate, how it moves where its
 * kind takes that (a ramp, an interpolation, a tempo map, a start, VCA
 * curves). */

/* Whether the value at path was written as a plain number: as its
 * reader noted it, else (a place noted only above it) as the recipe
 * writes such a value, a level with its unit. */
static bool bare_at(const checker *c, const char *path, sp_unit unit)
{
  const sp_where *w = sp_recipe_noted(c->r, path);
  if (w)
    return w->bare;
  return unit != SP_UNIT_DB;
}

/* Whether v, a value of kind k at path, is in its range; else said. */
static bool timed_value(checker *c, const sp_timed_kind *k, double v, const char *path)
{
  char why[320];
  if (k->judge == SP_TIMED_AS_SETTINGS || (v >= k->min && v <= k->max) ||
      sp_build_value(v, k->unit, bare_at(c, path, k->unit), k->min, k->max, why, sizeof why))
    return true;
  say(c, path, why);
  return false;
}

/* The points of a (of kind k) at path (its `.points`, or the value where
 * it is the list): each time one the recipe holds, each value in range,
 * each point after the last taken in time order (in frames at the
 * recipe's rate, as the render reads them: said once, at the first out
 * of order, with how many more are); a point its reading said something
 * of is not taken. Whether its reading said nothing of any. */
static bool timed_points(checker *c, const sp_timed_kind *k, const sp_auto *a, const char *path)
{
  const double rate = sp_recipe_reading_rate(c->r->sample_rate);
  const sp_auto_point *last = NULL;
  bool read = true;
  size_t first = a->n, more = 0; /* the first point out of order, the others */
  sp_time first_prev = {0};
  for (size_t i = 0; i < a->n; i++) {
    const sp_auto_point *q = &a->points[i];
    char *pp = sp_xasprintf("%s[%zu]", path, i), *tp = sp_xasprintf("%s[0]", pp),
         *vp = sp_xasprintf("%s[1]", pp), why[320];
    sp_time t;
    bool good = !said_at(c, pp) && !said_at(c, tp) && !said_at(c, vp);
    read &= good;
    if (good && !sp_build_time(q->t, &t, why, sizeof why)) {
      say(c, tp, why);
      good = false;
    }
    good = good && timed_value(c, k, q->v, vp);
    if (good && last && !sp_build_in_order(last->t, q->t, rate, 0, why, sizeof why)) {
      more += first < a->n;
      if (first == a->n)
        first = i, first_prev = last->t;
      good = false;
    }
    if (good)
      last = q;
    free(pp);
    free(tp);
    free(vp);
  }
  if (first < a->n) {
    char why[320], *tp = sp_xasprintf("%s[%zu][0]", path, first);
    sp_build_in_order(first_prev, a->points[first].t, rate, more, why, sizeof why);
    say(c, tp, why);
    free(tp);
  }
  return read;
}

/* A tempo map m, at path (a level's, a pan's `.tempo`): a tempo alone
 * from the start (written `tempo: 97`) in its row's range; else 1 ..
 * SP_TEMPO_MAP_MAX points, each of its rows' values, each after the one
 * before it in time and in beats (none read past one refused). A point
 * its reading said something of is its reading's. */
static void tempo_map(checker *c, const sp_tempo_map *m, const char *path)
{
  char why[320];
  const sp_tempo_point *p0 = m->t;
  if (m->n == 1 && p0->sclock == 0 && p0->quarters == 0 && p0->note_type == 4 && !p0->ramped) {
    if (!sp_build_row_value(&sp_key_rows_tempo[SP_KEY_TEMPO_BPM], p0->npm, true, why, sizeof why))
      say(c, path, why);
    return;
  }
  if (m->n == 0 || m->n > SP_TEMPO_MAP_MAX) {
    sp_build_tempo_map_why(why, sizeof why);
    say(c, path, why);
    return;
  }
  for (size_t i = 0; i < m->n; i++) {
    const sp_tempo_point *p = &m->t[i];
    char *ip = sp_xasprintf("%s[%zu]", path, i), *at = sp_xasprintf("%s.at", ip);
    const size_t before = c->errors;
    /* its at as the recipe writes it, in seconds */
    char *text = sp_xasprintf("%.17g s", (double)p->sclock / (double)m->scps);
    sp_time when;
    if (!said_at(c, at) && !sp_units_parse_time(text, &when, why, sizeof why))
      say(c, at, why);
    free(text);
    free(at);
    const sp_tempo_written w = {.beat = (double)p->quarters / SP_TEMPO_BEAT_TICKS,
                                .bpm = p->npm,
                                .note = p->note_type,
                                .omega = p->ramped ? p->omega : 0};
    table(c, "TEMPO", &w, ip, NULL);
    const char *order =
        c->errors == before ? sp_build_tempo_order(i ? p - 1 : NULL, p->sclock, p->quarters) : NULL;
    if (order)
      say(c, ip, order);
    free(ip);
    if (c->errors != before)
      return;
  }
}

/* What a value of kind k at path holds that its kind takes not (no
 * reader of text fills it: a session's may), each said as the parser says
 * such a key, `unknown key`, at path.KEY: a VCA curve's own ramp, a start
 * or VCA curves on a kind of none, a tempo on an envelope (a pan's ramp:
 * timed_moves's). */
static void timed_keys_taken(checker *c, const sp_timed_kind *k, const sp_auto *a, const char *path)
{
  const char *const *keys = k->judge == SP_TIMED_AS_LEVEL      ? sp_keys_level
                            : k->judge == SP_TIMED_AS_ENVELOPE ? sp_build_envelope_keys
                                                               : sp_build_tempo_keys;
  enum { RAMP, TEMPO, START, VCA, N_KEYS };
  static const char *const names[N_KEYS] = {"ramp", "tempo", "start", "vca"};
  /* (a VCA's curve moves as Ardour's list: its own ramp) */
  const bool held[N_KEYS] = {a->ramp != SP_RAMP_DB && k->judge == SP_TIMED_AS_VCA &&
                                 a->ramp != SP_RAMP_LIST,
                             a->tempo != NULL, a->has_start, a->n_vca > 0};
  for (size_t q = 0; q < N_KEYS; q++) {
    bool takes = false;
    for (size_t w = 0; keys[w]; w++)
      takes |= strcmp(keys[w], names[q]) == 0;
    if (!held[q] || takes)
      continue;
    char *kp = join(path, names[q]), *unknown = sp_build_unknown_key(names[q], keys, k->what);
    if (!said_at(c, kp))
      say(c, kp, unknown);
    free(unknown);
    free(kp);
  }
}

static void timed(checker *c, const sp_timed_kind *k, const sp_auto *a, const char *path);

/* A level's VCA curves (of `ramp: ardour`), at path's `.vca`: 1 ..
 * SP_AUTO_MAX_VCA, each a VCA's. */
static void vcas(checker *c, const sp_auto *a, const char *path)
{
  char *vp = join(path, "vca"), why[256];
  if (a->ramp != SP_RAMP_LIST) {
    say(c, vp, sp_build_vca_needs_ramp);
  } else if (a->n_vca > SP_AUTO_MAX_VCA || (a->n_vca == 0 && written(c, vp))) {
    sp_build_vca_count_why(why, sizeof why);
    say(c, vp, why);
  } else {
    for (size_t i = 0; i < a->n_vca; i++) {
      char *ip = sp_xasprintf("%s[%zu]", vp, i);
      timed(c, &sp_timed_kinds[SP_TIMED_VCA], &a->vca[i], ip);
      free(ip);
    }
  }
  free(vp);
}

/* How a (of kind k, at path) moves, where its kind takes it: a pan no
 * ramp (its points then not read), an envelope no declick, an
 * interpolation, a level's tempo and VCA curves only beside `ramp:
 * ardour`, a start only beside a ramp and in its row's range; its tempo
 * map. Whether its points are to be read. */
static bool timed_moves(checker *c, const sp_timed_kind *k, const sp_auto *a, const char *path)
{
  char *kp = join(path, "ramp"), why[320];
  const bool ramp = written(c, kp) || a->ramp != SP_RAMP_DB;
  free(kp);
  if (k->judge == SP_TIMED_AS_NUMBER && ramp) {
    say(c, path, sp_build_pan_ramp);
    return false;
  }
  if (k->judge == SP_TIMED_AS_ENVELOPE && a->ramp == SP_RAMP_DECLICK) {
    kp = join(path, "ramp");
    say(c, kp, sp_build_envelope_ramp);
    free(kp);
  }
  kp = join(path, "interpolation");
  if (k->judge != SP_TIMED_AS_NUMBER && written(c, kp) && a->ramp != SP_RAMP_LIST &&
      !said_at(c, kp))
    say(c, kp,
        "an interpolation is how a level moved as Ardour's moves between its points; give "
        "'ramp: ardour' beside it");
  free(kp);
  kp = join(path, "tempo");
  if (a->tempo && k->judge == SP_TIMED_AS_LEVEL && a->ramp != SP_RAMP_LIST)
    say(c, kp, sp_build_tempo_needs_ramp);
  else if (a->tempo && k->judge != SP_TIMED_AS_ENVELOPE && !said_at(c, kp))
    tempo_map(c, a->tempo, kp);
  free(kp);
  kp = join(path, "start");
  if (a->has_start && k->judge == SP_TIMED_AS_LEVEL && !said_at(c, kp)) {
    if (a->ramp == SP_RAMP_DB)
      say(c, kp,
          "a start is where Ardour's declick starts from; give 'ramp: ardour' or 'ramp: "
          "declick' beside it");
    else if (!sp_build_row_value(&sp_key_rows_level[SP_KEY_LEVEL_START], a->start_db,
                                 bare_at(c, kp, SP_UNIT_DB), why, sizeof why))
      say(c, kp, why);
  }
  free(kp);
  return true;
}

/* Timed value a of kind k at path, as its reader read it (a value its
 * reading said something of is its reading's). */
static void timed(checker *c, const sp_timed_kind *k, const sp_auto *a, const char *path)
{
  if (said_at(c, path))
    return;
  if (a->n == 0) { /* a constant: its default, where not written */
    if (written(c, path) && k->judge != SP_TIMED_AS_VCA)
      timed_value(c, k, a->value, path);
    return;
  }
  const size_t before = c->errors;
  if (k->judge != SP_TIMED_AS_SETTINGS && k->judge != SP_TIMED_AS_PARAM) {
    timed_keys_taken(c, k, a, path);
    if (!timed_moves(c, k, a, path))
      return;
  } else if (a->tempo) { /* (these move by nothing else: a bypass's or a port's beats) */
    char *kp = join(path, "tempo");
    if (!said_at(c, kp))
      tempo_map(c, a->tempo, kp);
    free(kp);
  }
  char *pp = join(path, "points");
  const bool mapped = written(c, pp);
  timed_points(c, k, a, mapped ? pp : path);
  /* what its points give, and its VCA curves, where nothing else of it
   * is wrong (its curves' own: each its own) */
  char *vp = join(path, "vca"); /* (`vca: []`: written, none held) */
  const bool sound = c->errors == before && !said_under(c, path, vp);
  const char *gap = NULL;
  const size_t i = sound && a->ramp == SP_RAMP_LIST && a->interp == SP_INTERP_LOGARITHMIC
                       ? sp_build_log_gap(a, &gap)
                       : 0;
  if (i) {
    char *gp = sp_xasprintf("%s[%zu]", pp, i);
    say(c, gp, gap);
    free(gp);
  }
  free(pp);
  if (sound && k->judge == SP_TIMED_AS_LEVEL && (a->n_vca || written(c, vp)) && !said_at(c, vp))
    vcas(c, a, path);
  free(vp);
}

/* The timed value of row of obj at path, where the row's kind is judged
 * here: the row's own sp_auto (a level's, an envelope's), or the one its
 * plain field moves in (moves: a trim's, a mute's; its points in the
 * row's range where it has one, as the plain value), or a pan's own (store
 * PAN: its points or constant, where it is no position or gain matrix),
 * or a moving polarity's settings. */
static void timed_row(checker *c, const sp_key_row *row, const void *obj, const char *path)
{
  const char *o = obj;
  const sp_timed_kind *k = &sp_timed_kinds[row->timed];
  if (row->store == SP_KEY_S_POLARITY) {
    const sp_polarity *pol = (const sp_polarity *)(o + row->at);
    if (pol->moves.n)
      timed(c, &sp_timed_kinds[SP_TIMED_SETTING], &pol->moves, path);
  } else if (row->timed == SP_TIMED_NONE) {
    return;
  } else if (row->store == SP_KEY_S_AUTO) {
    timed(c, k, (const sp_auto *)(o + row->at), path);
  } else if (row->store == SP_KEY_S_PAN) {
    const sp_pan *pan = (const sp_pan *)(o + row->at);
    if (pan->has && !pan->pos.has && !pan->n_gains)
      timed(c, k, &pan->plain, path);
  } else if (row->moves && ((const sp_auto *)(o + row->moves - 1))->n) {
    sp_timed_kind own = *k; /* its points in its row's range, as its plain value is */
    if (row->min < row->max)
      own.min = row->min, own.max = row->max;
    timed(c, &own, (const sp_auto *)(o + row->moves - 1), path);
  }
}

/* Row's value of obj, written at kp (alias: where it is written when
 * its object's mapping is given as a scalar, its first key's). */
static void row_of(checker *c, const sp_key_row *row, const void *obj, const char *kp,
                   const char *alias)
{
  const char *o = obj;
  const bool one = row->of && !strchr(row->of, '|');
  timed_row(c, row, obj, kp);
  switch (row->store) {
  case SP_KEY_S_DOUBLE:
  case SP_KEY_S_INT: scalar(c, row, obj, kp, alias); break;
  case SP_KEY_S_OBJECT: /* a mapping (or, OR_OBJECT, its first key's scalar) */
  case SP_KEY_S_FOLD:
    if (one)
      table(c, row->of, o + row->at, kp, (row->also & SP_KEY_OR_OBJECT) ? kp : NULL);
    break;
  case SP_KEY_S_PAN: /* a position's keys, where the pan is one; a gain matrix's gains */
    table(c, "POSITION", &((const sp_pan *)(o + row->at))->pos, kp, NULL);
    gains(c, (const sp_pan *)(o + row->at), kp);
    break;
  case SP_KEY_S_LIST:
    if (one && row->count && row->size)
      items(c, row, obj, kp);
    break;
  default: break; /* a store of its own: its reader's, as yet */
  }
}

/* Each row of table name of obj, the object at path (alias: where its
 * first key's value is written when its mapping is given as a scalar). */
static void table(checker *c, const char *name, const void *obj, const char *path,
                  const char *alias)
{
  const sp_key_table *t = sp_key_table_find(name);
  for (size_t k = 0; t && k < t->n; k++) {
    char *kp = join(path, t->keys[k]);
    row_of(c, &t->rows[k], obj, kp, k == 0 ? alias : NULL);
    free(kp);
  }
}

/* ---- the recipe's own keys ------------------------------------------------ */

double sp_recipe_reading_rate(double hz)
{
  const sp_key_row *row = &sp_key_rows_root[SP_KEY_ROOT_SAMPLE_RATE];
  const char *why;
  return sp_build_in_row(row, hz, false, NULL, 0) && sp_build_rate(hz, &why)
             ? hz
             : SP_RECIPE_DEFAULT_RATE;
}

/* The rules of the recipe's own keys no row says (each of a value its row
 * takes: one out of its range is said as that alone). */
static void root(checker *c)
{
  const sp_recipe *r = c->r;
  const char *why = NULL;
  if (written(c, "sample_rate") &&
      sp_build_in_row(&sp_key_rows_root[SP_KEY_ROOT_SAMPLE_RATE], r->sample_rate, false, NULL, 0) &&
      !sp_build_rate(r->sample_rate, &why))
    say(c, "sample_rate", why);
  if (written(c, "length") && !r->length_auto && !r->length.in_frames && r->length.seconds == 0)
    say(c, "length", "a session length must be above 0; use 'auto' for the end of the last region");
  if (written(c, "pan_law") && !r->pan_law_quadratic &&
      sp_build_in_row(&sp_key_rows_root[SP_KEY_ROOT_PAN_LAW], r->pan_law_db, false, NULL, 0) &&
      !sp_build_pan_law(r->pan_law_db, &why))
    say(c, "pan_law", why);
  /* no tracks, of a recipe read whole (the recipe itself noted: not a
   * recipe of no mapping, nor the stems of a set alone) where its tracks
   * were read (not refused for their count, sp_build_nodes), said at
   * `tracks:`, else at the recipe itself (its first key); of a session
   * whose reader left out every track, as what holds for it (its reader's
   * count, tracks_left_out); of a session of none, or none that plays (a
   * track of no region the reader leaves out, as it plays nothing), the
   * session's words, not a recipe's */
  if (r->n_tracks == 0 && written(c, "") && !said_at(c, "tracks") && !said_at(c, "buses")) {
    char left[256];
    snprintf(left, sizeof left,
             "none of the session's %zu track%s can be carried over (each is said above, with "
             "why); give the session a track stemprint can play",
             r->tracks_left_out, r->tracks_left_out == 1 ? "" : "s");
    const bool set = sp_where_set(origin(c, "tracks")); /* none by a --set: the recipe's words */
    say_placed(c, "tracks", written(c, "tracks") ? "tracks" : "",
               r->tracks_left_out && !set ? left
               : r->of_session && !set    ? sp_build_session_no_tracks
                                          : sp_build_no_tracks);
  }
}

/* ---- output ------------------------------------------------------------- */

/* A loudness rule (at path) written as a mapping of keys (its tolerance,
 * or keys it does not take, said by its reading) aims at something: a
 * target, a ceiling or a preset's (one given but not read is said as
 * that). */
static void loudness_aims(checker *c, const char *path)
{
  static const char *const keys[] = {"tolerance", "preset", "target", "max_true_peak"};
  bool given[4];
  for (size_t k = 0; k < 4; k++)
    given[k] = written_key(c, path, keys[k]);
  const bool keyed = given[0] || said_in(c, path, false, NULL); /* a key it does not take */
  const char *fix = sp_build_loudness_aimless(keyed, given[1], given[2], given[3]);
  if (fix)
    say(c, path, fix);
}

/* The keys of a set of output.also (set, at path) no row says: the rates,
 * depths and bitrates each format takes, its fold's layout, its
 * loudness's aim. Whether one is said. */
static bool set_rules(checker *c, const sp_output_set *set, const char *path)
{
  const size_t errors = c->errors;
  const sp_output *o = &c->r->output;
  const sp_format_desc *fd = &sp_formats[set->format];
  char *rate = join(path, "rate"), *depth = join(path, "depth"), *bitrate = join(path, "bitrate"),
       *fold = join(path, "fold"), *dither = join(path, "dither");
  char why[512];
  if (written(c, rate) && set->rate > 0 &&
      !sp_format_check_rate(set->format, set->rate, why, sizeof why))
    say(c, rate, why);
  if (!sp_format_check_depth(set->format, set->depth, written(c, depth), true, why, sizeof why))
    say_placed(c, fd->lossy ? depth : path, written(c, depth) ? depth : path, why);
  if (!fd->lossy && o->depth != SP_DEPTH_32F && set->depth > o->depth) {
    snprintf(why, sizeof why,
             "its %s files are made from the master set's %s ones and hold no more than they "
             "do; print the master set at %s",
             sp_depth_words(set->depth), sp_depth_words(o->depth),
             sp_depth_get(set->depth)->deep_enough);
    warn(c, path, why);
  }
  /* a value its reading could not read is its reading's; an MP3's at its
   * rate is the graph's (sp_format_check_kbps_at) */
  if (written(c, bitrate) && (!fd->lossy || !said_at(c, bitrate)) &&
      !sp_format_check_kbps(set->format, set->kbps, why, sizeof why))
    say(c, bitrate, why);
  char *loudness = join(path, "loudness");
  loudness_aims(c, loudness);
  free(loudness);
  if (written(c, fold) && !set->layout)
    say(c, fold, "a fold needs the set's layout to fold into; add layout, like layout: stereo");
  if (written(c, dither) && fd->lossy) { /* (review 21 F9: taken in silence) */
    snprintf(why, sizeof why,
             "an %s set is encoded from the master's samples as floats: it has no depth to "
             "dither to; leave 'dither' out",
             sp_format_ext(set->format));
    warn(c, dither, why);
  }
  free(dither);
  free(rate);
  free(depth);
  free(bitrate);
  free(fold);
  return c->errors != errors;
}

/* output's keys no row says: the master set's depth its format stores, a
 * file name for the mix, a bext chunk its format has; each set's (one
 * said to be wrong, here or by its reading, left out: its files would be
 * wrong too). */
static void output(checker *c, sp_recipe *r)
{
  sp_output *o = &r->output;
  size_t kept = 0;
  for (size_t i = 0; i < o->n_sets; i++) {
    char *sp = sp_recipe_item(r, "output.also", i);
    if (set_rules(c, &o->sets[i], sp) || said_under(c, sp, NULL)) {
      sp_output_set_fini(&o->sets[i]);
    } else { /* where it was written, for what is said of it after */
      sp_recipe_note_item(r, "output.also", kept, sp_recipe_item_at(r, "output.also", i));
      o->sets[kept++] = o->sets[i];
    }
    free(sp);
  }
  o->n_sets = kept;
  if (written(c, "output.mix") && !sp_build_valid_name(o->mix)) {
    char *bad = sp_xasprintf(
        "'%s' is not a valid file name; use letters, digits, '_', '-' and '.' (not first)", o->mix);
    say(c, "output.mix", bad);
    free(bad);
  }
  char why[256];
  if (!sp_format_check_depth(o->format, o->depth, false, false, why, sizeof why))
    say_placed(c, "output.depth", written(c, "output.depth") ? "output.depth" : "output", why);
  if (written(c, "output.bwf") && o->bwf.on && !sp_formats[o->format].bwf) {
    bool wav_set = false;
    for (size_t i = 0; i < o->n_sets; i++)
      wav_set = wav_set || sp_formats[o->sets[i].format].bwf;
    snprintf(
        why, sizeof why, "a %s print has no bext chunk (Broadcast WAV is WAV); bwf is left out%s",
        sp_format_ext(o->format), wav_set ? " of it (the WAV sets of output.also have one)" : "");
    warn(c, "output.bwf", why);
  }
  /* a track or disc number past the album's count of them (review 21 F9:
   * written 11/10 in silence) */
  const sp_tags *t = &o->tags;
  static const char *const what[2][2] = {{"track", "tracks"}, {"disc", "discs"}};
  const int said[2][2] = {{t->track, t->tracks}, {t->disc, t->discs}};
  for (int k = 0; k < 2; k++)
    if (said[k][0] && said[k][1] && said[k][0] > said[k][1]) {
      char path[32];
      snprintf(path, sizeof path, "output.tags.%s", what[k][0]);
      snprintf(why, sizeof why, "%s %d of %d: past the album's %s; give its number, or the count",
               what[k][0], said[k][0], said[k][1], what[k][1]);
      say(c, path, why);
    }
}

/* ---- a region's fades ------------------------------------------------------ */

/* (a fade's points' kinds: sp_fade_points_kind, core/recipe/fade.h) */
typedef sp_fade_points_kind fade_kind;

/* Whether the points a of kind k at path are a fade's: at least
 * k->min_n [time, gain] points, each time one the recipe holds, each gain
 * in range, each after the one before it (none back, in frames at the
 * recipe's rate as the render reads them; none at the same time: a fade
 * has no jumps), a curve's first at 0, its message quoting the gain it
 * would start at as the recipe writes it (sp_number_text, as a session's
 * text writes it, whatever the hand that wrote a YAML's). What is wrong
 * said; a point its reading said something of is its reading's (the
 * points then refused, what else is wrong with them said). */
static bool fade_points(checker *c, const fade_kind *k, const sp_auto *a, const char *path)
{
  char why[320];
  if (said_at(c, path))
    return false;
  if (a->n < k->min_n) {
    sp_fade_points_few(k, why, sizeof why);
    say(c, path, why);
    return false;
  }
  const double rate = sp_recipe_reading_rate(c->r->sample_rate);
  const size_t before = c->errors;
  const bool read = timed_points(c, &sp_timed_kinds[k->gains], a, path);
  if (c->errors != before || !read)
    return false;
  for (size_t i = 0; i < a->n; i++) { /* (the first of these alone said) */
    const double t = sp_time_seconds(a->points[i].t, rate),
                 t0 = i ? sp_time_seconds(a->points[i - 1].t, rate) : 0;
    char gain0[40];
    if (i == 0 && t != 0 && !k->anywhere)
      snprintf(why, sizeof why, "%s starts at time 0, not %g s; add a point [0, %s]", k->what, t,
               sp_number_text(a->points[0].v, gain0));
    else if (i > 0 && !(t > t0))
      snprintf(why, sizeof why,
               "two points of %s at the same time (%g s): a fade has no jumps; move or remove one",
               k->what, t);
    else
      continue;
    char *pp = sp_xasprintf("%s[%zu]", path, i);
    say(c, pp, why);
    free(pp);
    return false;
  }
  return true;
}

/* Region g's fades (at path: its track's own keys, or an entry of
 * `regions:`): its length (a ramp's, a shape's), a curve's or a saved
 * list's points and an inverse's; one refused is left out, as its reader
 * leaves out a fade it cannot read (a ramp of no length; no inverse), so
 * what is built after the check to say more never draws it. */
static void fades(checker *c, sp_region *g, const char *path)
{
  for (int o = 0; o < 2; o++) {
    sp_fade *f = o ? &g->fade_out : &g->fade_in;
    const bool saved = f->shape == SP_FADE_POINTS;
    char *fp = join(path, o ? "fade_out" : "fade_in"), *lp = join(fp, "length");
    if (f->shape != SP_FADE_CURVE && !saved && !time_held(c, f->length, written(c, lp) ? lp : fp))
      *f = (sp_fade){.shape = SP_FADE_RAMP, .inverse = f->inverse}; /* a ramp of no length */
    free(lp);
    free(fp);
    if (f->shape == SP_FADE_CURVE || saved) {
      const fade_kind *k = saved ? &sp_fade_saved_points : &sp_fade_curve_points;
      char *cp = sp_xasprintf("%s.%s.%s", path, o ? "fade_out" : "fade_in", k->key);
      if (!fade_points(c, k, &f->curve, cp)) {
        sp_auto_free(&f->curve);
        f->curve = (sp_auto){0};
        f->shape = SP_FADE_RAMP;
        f->length = (sp_time){0};
      }
      free(cp);
    }
    char *ip = sp_xasprintf("%s.%s.inverse", path, o ? "fade_out" : "fade_in");
    if ((f->inverse.n || written(c, ip)) &&
        !fade_points(c, &sp_fade_inverse_points, &f->inverse, ip)) {
      sp_auto_free(&f->inverse);
      f->inverse = (sp_auto){0};
    }
    free(ip);
  }
}

/* ---- rules across keys ---------------------------------------------------- */

/* Where the paths of c->said that begin with prefix begin (they are one
 * run of the sorted paths). */
static size_t errs_from(const checker *c, const char *prefix)
{
  size_t lo = 0, hi = c->n_said;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (strcmp(c->said[mid], prefix) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Where the errors said at the keys under path (of a strip, a region:
 * path.KEY) begin among c->said. */
static size_t refused_from(const checker *c, const char *path)
{
  char *under = sp_xasprintf("%s.", path);
  const size_t at = errs_from(c, under);
  free(under);
  return at;
}

/* Whether rest (of a path said under path: "mute", "sends[1].to") is
 * under a key of the object at path, not of another object whose name
 * holds a dot (the track "kick.mute" beside kick): its first key noted
 * as the other's name, and not as path's key. */
static bool own_key(const checker *c, const char *path, const char *rest)
{
  char *key = sp_xasprintf("%.*s", (int)strcspn(rest, ".["), rest), *kp = join(path, key);
  const sp_where *w = sp_recipe_noted(c->r, kp);
  const bool own = !w || w->key_len == strlen(key) || sp_recipe_noted_key(c->r, path, key) != NULL;
  free(kp);
  free(key);
  return own;
}

/* The key under path an error was said at (the rest of its path:
 * "fold", "sends[1].to"), the one at *i (from refused_from on; *i moved
 * past it); NULL past the last. */
static const char *refused_next(const checker *c, const char *path, size_t *i)
{
  const size_t n = strlen(path);
  while (*i < c->n_said && strncmp(c->said[*i], path, n) == 0 && c->said[*i][n] == '.') {
    const char *rest = c->said[(*i)++] + n + 1;
    if (own_key(c, path, rest))
      return rest;
  }
  return NULL;
}

/* Whether key (a rest of a path, as refused_next gives it) is one of
 * keys or under one. */
static bool key_among(const char *key, const char *const *keys, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (sp_recipe_path_under(key, keys[k]))
      return true;
  return false;
}

/* Whether region path's from, length, stretch or warp was refused, by
 * its reading or by the check (sp_region.span_unread). */
static bool span_refused(const checker *c, const char *path)
{
  static const char *const span[] = {"from", "length", "stretch", "warp"};
  size_t i = refused_from(c, path);
  for (const char *key; (key = refused_next(c, path, &i));)
    if (key_among(key, span, 4))
      return true;
  return false;
}

/* The rules across the keys of region g at path (listed: an entry of
 * `regions:`; else its track's own keys, a track of one region): `channel:`
 * beside `files:`, a warp beside what it says, an inverse fade over no
 * region below, the keys its kind (audio, MIDI) refuses. */
static void region_rules(checker *c, const sp_region *g, const char *path, bool listed)
{
  char why[320];
  char *kp = join(path, "channel");
  if (g->n_files && written_key(c, path, "channel"))
    say(c, kp, sp_build_files_channel);
  free(kp);
  static const char *const warped[] = {"from", "stretch"};
  for (size_t i = 0; written_key(c, path, "warp") && i < 2; i++) {
    kp = join(path, warped[i]);
    if (written_key(c, path, warped[i])) {
      snprintf(why, sizeof why,
               "a warp's points say where the source starts and how fast it plays; remove '%s' "
               "(or 'warp')",
               warped[i]);
      say(c, kp, why);
    }
    free(kp);
  }
  for (int f = 0; f < 2 && (!listed || (!g->opaque && !g->midi)); f++) {
    char *fp = join(path, f ? "fade_out" : "fade_in");
    kp = join(fp, "inverse");
    const bool inverse =
        written_key(c, path, f ? "fade_out" : "fade_in") && written_key(c, fp, "inverse");
    free(fp);
    if (inverse) {
      sp_build_no_inverse(listed ? "add 'opaque: true' to the region"
                                 : "a track of one region has nothing below it; list regions "
                                   "with 'opaque: true'",
                          why, sizeof why);
      say(c, kp, why);
    }
    free(kp);
  }
  const unsigned other = g->midi ? SP_KEY_TAKES_AUDIO : SP_KEY_TAKES_MIDI;
  for (size_t k = 0; g->path && k < SP_KEY_REGION_N; k++) {
    bool on_track = false; /* a track's own key of that name is its strip's (gain) */
    for (size_t j = 0; !listed && sp_keys_region_on_track[j]; j++)
      on_track |= strcmp(sp_keys_region_on_track[j], sp_keys_region[k]) == 0;
    if (!(sp_key_rows_region[k].takes & other) || (!listed && !on_track) ||
        (k == SP_KEY_REGION_PITCH && g->stretch.pitch_st == 0))
      continue; /* (a pitch of 0 st: the text writes it beside a warp, no shift asked) */
    kp = join(path, sp_keys_region[k]);
    if (written_key(c, path, sp_keys_region[k])) {
      sp_build_region_kind(sp_keys_region[k], g->midi, why, sizeof why);
      say(c, kp, why);
    }
    free(kp);
  }
}

/* Region g's files side by side (`files:`, at path's), 2 to
 * SP_MAX_CHANNELS of them; more or fewer said (one its reading refused
 * said there) and left out, with the file they lend the region (its
 * first), as though not given. */
static void files_count(checker *c, sp_region *g, const char *path)
{
  char *fp = join(path, "files"), why[320];
  if (written_key(c, path, "files") && (g->n_files < 2 || g->n_files > SP_MAX_CHANNELS) &&
      !said_under(c, fp, NULL)) {
    sp_build_files_count(g->n_files, sp_key_rows_region[SP_KEY_REGION_FILES].help, why, sizeof why);
    say(c, fp, why);
    if (g->n_files) { /* (its file its first's) */
      free(g->file);
      free(g->path);
      free(g->key);
      g->file = g->path = g->key = NULL;
    }
    sp_region_files_drop(g);
  }
  free(fp);
}

/* Region g (at path) of track t, a track of audio or of MIDI: one of
 * another kind than its first is said at its `midi:` or `file:` and left
 * out (the graph plays a region of no path as silence), as though of the
 * first's kind, so that the rules of its kind say nothing more of it. */
static void track_kind(checker *c, const sp_track *t, sp_region *g, const char *path)
{
  const sp_region *first = &t->regions[0];
  if (g == first || !g->path || !first->path || g->midi == first->midi)
    return;
  char why[320], *kp = join(path, g->midi ? "midi" : "file");
  sp_build_track_kinds(first->midi, g->midi, why, sizeof why);
  say(c, kp, why);
  free(kp);
  free(g->path);
  g->path = NULL;
  g->midi = first->midi;
}

/* The points of warp st (at wp; its times src, at in seconds) that the
 * stretcher does not follow (core/dsp/stretch_keys.h), each warned of at
 * its point: the render plays the warp without it, as the stretcher
 * would. Points within a frame of each other at rate, a warp stretched
 * out of 0.05 .. 20 and a pitch out of range are the graph's and the
 * rows' to refuse. */
static void warp_followed(checker *c, const sp_stretch *st, const char *wp, const double *src,
                          const double *at, double rate)
{
  const size_t n = st->n;
  int64_t *sf = sp_xcalloc(n, sizeof *sf), *df = sp_xcalloc(n, sizeof *df);
  bool frames = true;
  for (size_t i = 0; i < n; i++) {
    sf[i] = sp_time_frames(st->src[i], rate);
    df[i] = sp_time_frames(st->at[i], rate);
    frames &= i == 0 ? df[0] == 0 : sf[i] > sf[i - 1] && df[i] > df[i - 1];
  }
  const double whole = n > 1 && frames ? (double)df[n - 1] / (double)(sf[n - 1] - sf[0]) : 0;
  frames &= whole >= 0.05 && whole <= 20 && fabs(st->pitch_st) <= 24;
  sp_stretch_key *fate = sp_xcalloc(n, sizeof *fate);
  const double pitch = pow(2.0, st->pitch_st / 12.0);
  if (frames && sp_stretch_keys(sf, df, n, rate, pitch, fate)) {
    const double ms =
        1000.0 * (double)sp_stretch_step(rate, sf[n - 1] - sf[0], df[n - 1], pitch) / rate;
    for (size_t i = 1; i + 1 < n; i++) {
      char why[480], *pp = sp_xasprintf("%s[%zu]", wp, i);
      const int k = snprintf(why, sizeof why,
                             "the stretcher does not follow the point [%g s, %g s]: it reads "
                             "this warp's source %.3g ms at a time and ",
                             src[i], at[i], ms);
      char *w = why + k;
      const size_t left = sizeof why - (size_t)k;
      if (fate[i] == SP_STRETCH_KEY_SAME_STEP)
        snprintf(w, left,
                 "follows one point a step, and the next point (source time %g s) is in this "
                 "one's step; the region plays linearly from the point before it to the next: "
                 "move the points %.3g ms of source apart, or remove this one",
                 src[i + 1], ms);
      else if (fate[i] == SP_STRETCH_KEY_FIRST_STEP)
        snprintf(w, left,
                 "its first step holds the warp's start (source time %g s); the region plays "
                 "linearly from the start to the next point after it: move the point %.3g ms of "
                 "source after the start, or remove it",
                 src[0], ms);
      else if (fate[i] == SP_STRETCH_KEY_SAME_FRAME)
        snprintf(w, left,
                 "follows one point a frame of what it makes before its pitch shift (%.3g ms of "
                 "the region at this pitch), and this point's region time is in the frame of the "
                 "next point's or the start's; the region plays linearly from the point before it "
                 "to the next: move the points further apart in region time, or remove this one",
                 1000.0 / (rate * pitch));
      if (fate[i] != SP_STRETCH_KEY_FOLLOWED)
        warn(c, pp, why);
      free(pp);
    }
  }
  free(fate);
  free(sf);
  free(df);
}

/* Region g's warp (at path): two points or more, each time one the
 * recipe holds, the first at region time 0, source and region times each
 * increasing (in seconds at the recipe's rate); one refused is left out,
 * said at its first point out of order, at the time that is (the
 * region's, else the source's). Points the stretcher does not follow are
 * warned of (warp_followed). */
static void warp(checker *c, sp_region *g, const char *path)
{
  sp_stretch *st = &g->stretch;
  if (g->midi) /* (a MIDI region has none: its kind's rule says so, once) */
    return;
  char *wp = join(path, "warp"), why[320];
  const double rate = sp_recipe_reading_rate(c->r->sample_rate);
  bool ok = true;
  if (st->n < 2 && written(c, wp) && !said_under(c, wp, NULL)) {
    say(c, wp, sp_build_warp_few);
    ok = false;
  }
  double *src = sp_xcalloc(st->n + 1, sizeof *src), *at = sp_xcalloc(st->n + 1, sizeof *at);
  for (size_t i = 0; ok && i < st->n; i++) {
    char *pp = sp_xasprintf("%s[%zu]", wp, i);
    if (!time_held(c, st->src[i], pp) || !time_held(c, st->at[i], pp)) {
      free(pp);
      ok = false;
      break;
    }
    src[i] = sp_time_seconds(st->src[i], rate);
    at[i] = sp_time_seconds(st->at[i], rate);
    if (sp_build_warp_point(src, at, i, why, sizeof why)) {
      free(pp);
      continue;
    }
    char *tp = sp_xasprintf("%s[%d]", pp, i == 0 || src[i] > src[i - 1] ? 1 : 0);
    say_placed(c, pp, tp, why);
    free(tp);
    free(pp);
    ok = false;
  }
  if (ok && st->n >= 2)
    warp_followed(c, st, wp, src, at, rate);
  free(src);
  free(at);
  if (!ok) { /* as not given: the stretcher runs for what a stretch or a pitch asks */
    free(st->src);
    free(st->at);
    st->src = st->at = NULL;
    st->n = 0;
    st->on = st->ratio != 0 || st->pitch_st != 0;
  }
  free(wp);
}

/* A track's, a bus's, a stem's or a version's name (what: "track",
 * "bus", "stem", "version"), at path (a stem's said at its list, its
 * place): letters, digits, '_', '-', '.', at most 64 (sp_build_name). */
static void name_rule(checker *c, const char *name, const char *path, const char *what)
{
  char why[320];
  if (!sp_build_name(name, what, why, sizeof why))
    say(c, path, why);
}

/* The stems: each one's name, each of at least one member (a list its
 * reading could not read is said there once), and one named at least
 * where stems are given (a mapping of `stems:`; its split alone names
 * none). */
static void stems(checker *c)
{
  const sp_recipe *r = c->r;
  char why[320];
  for (size_t i = 0; i < r->n_stems; i++) {
    char *sp = sp_xasprintf("stems.%s", r->stems[i].name);
    name_rule(c, r->stems[i].name, sp, "stem");
    if (r->stems[i].n_members == 0 && !said_under(c, sp, NULL)) {
      sp_build_names_none(sp_build_stem_members, why, sizeof why);
      say(c, sp, why);
    }
    free(sp);
  }
  if (r->n_stems == 0 && r->has_stems && !said_at(c, "stems")) {
    sp_build_none_named("stem", "stems", why, sizeof why);
    say(c, "stems", why);
  }
}

/* A version (at path) says what it leaves out or what it keeps: one of
 * them (none where its reading said something of it: a key misspelt,
 * 'mtue', said with the one meant). */
static void version_rules(checker *c, const char *path)
{
  char *keep = join(path, "keep");
  const bool muted = written_key(c, path, "mute"), kept = written_key(c, path, "keep");
  if (muted && kept)
    say(c, keep, "give 'mute' (what to leave out) or 'keep' (what alone sounds), not both");
  else if (!muted && !kept && !said_under(c, path, NULL))
    say(c, path,
        "a version says what to leave out ('mute: [vocals]') or what to keep ('keep: [vocals]')");
  free(keep);
}

/* Track t (at path), which only a --set names and plays nothing: most
 * likely a name mistyped, said so (where its reading said nothing of a
 * key of it: recipe_object_what said it); a name it cannot have
 * (unnamed: why) said with it, the set that adds its file not. */
static void set_only_track(checker *c, sp_track *t, const char *path, const char *unnamed)
{
  t->set_only = true;
  if (said_under(c, path, NULL)) {
    name_rule(c, t->name, path, "track");
    return;
  }
  const char *meant = sp_recipe_name_meant(c->r, false, t->name);
  char *fp = join(path, "file"), *arg = sp_recipe_set_arg(c->r, fp, "PATH");
  char *add = unnamed ? sp_xasprintf(", and %s", unnamed)
                      : sp_xasprintf("; a track the --set adds needs its file too (--set %s), or "
                                     "'midi: PATH' or 'regions: [...]'",
                                     arg);
  char *why =
      sp_xasprintf("the recipe has no track '%s'%s%s%s%s", t->name, meant ? " (did you mean '" : "",
                   meant ? meant : "", meant ? "'?)" : "", add);
  say(c, path, why);
  free(why);
  free(add);
  free(arg);
  free(fp);
}

/* Whether track t (at path) plays something, or is not judged so: a file,
 * MIDI or regions, one the recipe did not write, or one whose reading
 * said why it has none, at it or at its regions (a list of none,
 * regions_listed's). */
static bool plays(const checker *c, const sp_track *t, const char *path)
{
  bool given = t->n_regions > 0 || t->regions_listed || !written(c, path) || said_at(c, path);
  for (const char *const *k = sp_keys_track_all; *k && !given; k++) { /* (the rows' one_of) */
    if (!sp_key_lookup("TRACK", *k, NULL)->one_of)
      continue;
    char *kp = join(path, *k);
    given = written_key(c, path, *k) || said_under(c, kp, NULL);
    free(kp);
  }
  return given;
}

/* A track the recipe wrote (at path) plays something (plays); one only a
 * --set names is set_only_track's, its name said with it. */
static bool track_set_only(const checker *c, const sp_track *t, const char *path)
{
  return !plays(c, t, path) && sp_where_set(origin(c, path));
}

static void track_plays(checker *c, sp_track *t, const char *path)
{
  char named[320];
  if (track_set_only(c, t, path))
    set_only_track(c, t, path, sp_build_name(t->name, "track", named, sizeof named) ? NULL : named);
  else if (!plays(c, t, path))
    say_value(c, path,
              "a track needs 'file: PATH' (audio), 'midi: PATH' (notes for its instrument) or "
              "'regions: [...]'");
}

/* The regions listed (`regions:`, a session reader's every track's) of
 * a track the recipe wrote (at path) are one at least (a list its reading
 * refused, or left an item of out, said there). */
static void regions_listed(checker *c, const sp_track *t, const char *path)
{
  char *rp = join(path, "regions"), why[320];
  if (t->regions_listed && !t->n_regions && written(c, path) && !said_under(c, rp, NULL)) {
    snprintf(why, sizeof why, "expected a list of %s, got an empty list", sp_build_regions_items);
    say(c, rp, why);
  }
  free(rp);
}

/* A track feeds a bus or master: its `to: none` said, and taken as not
 * given (to master). */
static void track_feeds(checker *c, sp_track *t, const char *path)
{
  if (!t->strip.to_none)
    return;
  char *kp = join(path, "to");
  say(c, kp, sp_build_track_to_none);
  t->strip.to_none = false;
  free(kp);
}

/* A bus that is a bed or an object of master's ADM BWF (at path; *beds:
 * the beds so far, master's the first): its own tracks of the file,
 * printed, fed to no bus (its `print: false` and `to:` said, and taken as
 * that), one of the two, a bed where master has an ADM BWF of room for
 * it. A bed's layout and tracks are the graph's (core/graph/outputs.c). */
static void adm_role(checker *c, sp_strip *s, const char *path, size_t *beds)
{
  if (!s->bed && !s->object)
    return;
  char *to = join(path, "to"), *print = join(path, "print"), *bed = join(path, "bed");
  if (s->object && s->to)
    say(c, to,
        "an object feeds master's ADM BWF as its own tracks, not a bus; leave 'to' out (an object "
        "is to: none in the mix)");
  if (s->bed && s->to)
    say(c, to,
        "a bed feeds master's ADM BWF as a bed of its own (its own tracks), not a bus; leave 'to' "
        "out (a bed bus is to: none in the mix)");
  if (!s->print && written(c, print) && !said_at(c, print))
    say(c, print,
        s->bed ? "a bed bus's print is a bed of master's ADM BWF (its tracks): it is always "
                 "printed; leave 'print: false' out"
               : "an object's print is its tracks in master's ADM BWF: it is always printed; leave "
                 "'print: false' out");
  s->to_none = s->print = true;
  if (s->bed && s->object)
    say(c, bed,
        "a bus is a bed or an object of master's ADM BWF, not both: leave out 'bed' (an object of "
        "one or two tracks whose position moves) or 'object' (a bed of a layout's channels)");
  if (s->bed && !c->r->adm)
    say(c, bed,
        "a bed bus is a bed of master's ADM BWF, and master has none; give master one (adm: true) "
        "or leave 'bed' out");
  else if (s->bed && ++*beds > SP_ADM_MAX_BEDS)
    say(c, path,
        "a bed bus too many: master's ADM BWF holds at most 8 beds, master's and 7 bed buses; feed "
        "this one into another bed or make it an object");
  free(to);
  free(print);
  free(bed);
}

/* A track's instrument plays its MIDI: a track of MIDI needs one, a track
 * of audio takes none. */
static void instrument_rules(checker *c, const sp_track *t, const char *path)
{
  bool midi = false;
  for (size_t i = 0; i < t->n_regions; i++)
    midi |= t->regions[i].midi;
  char *ip = join(path, "instrument");
  /* (its first region's file or midi refused, said: the track's kind is not known) */
  if (t->strip.instrument && t->n_regions && !midi && t->regions[0].path) {
    say(c, ip, sp_build_instrument_on_audio);
  } else if (midi && !t->strip.instrument &&
             !written_key(c, path, "instrument")) {                /* (one not read: said) */
    char *at = join(path, t->regions_listed ? "regions" : "midi"); /* where it plays MIDI */
    say_placed(c, path, at, sp_build_midi_needs_instrument);
    free(at);
  }
  free(ip);
}

/* Whether the check said an error at path or under it, of d's messages
 * from `from` on. */
static bool judged_under(const checker *c, size_t from, const char *path)
{
  for (size_t i = from; i < c->d->n; i++)
    if (c->d->v[i].severity == SP_SEV_ERROR && c->d->v[i].path &&
        sp_recipe_path_under(c->d->v[i].path, path))
      return true;
  return false;
}

/* ---- inserts ------------------------------------------------------------- */

/* Where parameter pr of set `set` (a band; 0) of ins was written (heap),
 * or NULL (its default): under its insert's path, in a band of `bands:`
 * or of a band list given as the insert's value, or (a set of none) as
 * a key of its mapping. */
static char *param_at(const checker *c, const sp_insert *ins, size_t set, const sp_param *pr)
{
  char *at[] = {sp_xasprintf("%s.bands[%zu].%s", ins->path, set, pr->name),
                sp_xasprintf("%s[%zu].%s", ins->path, set, pr->name),
                set == 0 ? sp_xasprintf("%s.%s", ins->path, pr->name) : NULL};
  char *found = NULL;
  for (size_t i = 0; i < 3; i++) {
    if (!found && at[i] && written(c, at[i]))
      found = at[i];
    else
      free(at[i]);
  }
  return found;
}

/* a's points (a setting's) made steps (sp_auto.steps). */
static void steps(sp_auto *a)
{
  size_t n = 0;
  sp_auto_point *held = sp_auto_steps(a->points, a->n, &n);
  free(a->points);
  a->points = held;
  a->n = n;
  a->steps = true;
}

/* Parameter pr of ins that moves (its points ins->automation[q], written
 * at `at`: its key's place, or its insert's given one value): each point
 * in time order, its beats' tempo map; a number's in its table's range,
 * the highest below Nyquist at the recipe's rate; refused, it is put back
 * to its default, not moving (as a number refused is). A setting's (a
 * switch's, a choice's) points, but in a line (`ramp: linear`), are then
 * made steps. */
static void param_moving(checker *c, sp_insert *ins, size_t q, const sp_param *pr, const char *at)
{
  sp_auto *a = &ins->automation[q];
  const bool number = pr->kind == SP_PARAM_NUMBER;
  const int param = (int)(q % ins->cls->n_params);
  double lo, hi; /* its range at the recipe's rate */
  sp_param_range(ins->cls, param, sp_recipe_reading_rate(c->r->sample_rate), &lo, &hi);
  const sp_timed_kind k = {.name = pr->name,
                           .judge = number ? SP_TIMED_AS_PARAM : SP_TIMED_AS_SETTINGS,
                           .unit = pr->unit,
                           .min = lo,
                           .max = hi,
                           .what = "a moving parameter"};
  const size_t from = c->d->n;
  timed(c, &k, a, at);
  char why[320];
  bool refused = said_under(c, at, NULL) || judged_under(c, from, at);
  if (!refused && number &&
      !sp_param_below_nyquist(pr, sp_auto_max(a), sp_recipe_reading_rate(c->r->sample_rate), why,
                              sizeof why)) {
    say(c, at, why);
    refused = true;
  }
  if (refused) {
    sp_auto_free(a);
    ins->params[q] = sp_param_default(ins->cls, param, sp_recipe_reading_rate(c->r->sample_rate));
  } else if (!number && a->ramp != SP_RAMP_LINEAR && !a->steps) {
    steps(a);
  }
}

/* Number parameter k of set `set` of ins, written at `at` (said at path:
 * the insert's where it was written as its one value, `- gain: 3 dB`):
 * in its table's range (at the recipe's rate, where it moves with the
 * rate: sp_param_range) and below Nyquist at the recipe's rate; one that
 * is not is put back to its default (what the graph prepares the insert
 * with: a delay of 80000 s is never allocated). A word (`makeup: auto`)
 * stands for a value of its own; a parameter that moves is its points'
 * (param_moving). */
static void param_value(checker *c, sp_insert *ins, size_t set, size_t k, const char *at,
                        const char *path)
{
  const sp_proc_class *cls = ins->cls;
  const sp_param *pr = &cls->params[k];
  const size_t q = set * cls->n_params + k;
  const double v = ins->params[q];
  if (said_at(c, path) || said_at(c, at))
    return;
  if (ins->automation && ins->automation[q].n) {
    param_moving(c, ins, q, pr, path); /* (its points under its one value's place) */
    return;
  }
  if (pr->kind != SP_PARAM_NUMBER)
    return;
  for (const sp_param_word *w = cls->words; w && w->word; w++)
    if (w->param == (int)k && (w->value == v || (isnan(w->value) && isnan(v))))
      return;
  char why[320];
  const double rate = sp_recipe_reading_rate(c->r->sample_rate);
  double lo, hi;
  sp_param_range(cls, (int)k, rate, &lo, &hi);
  if (v >= lo && v <= hi) {
    if (sp_param_below_nyquist(pr, v, rate, why, sizeof why))
      return;
  } else {
    const sp_where *w = origin(c, at); /* (a time or frequency written bare: a hint) */
    sp_range_text(v, pr->unit, lo, hi, w && w->bare, why, sizeof why);
    if (cls->per_rate && cls->per_rate[k])
      snprintf(why + strlen(why), sizeof why - strlen(why),
               " (at sample_rate %g: the plugin's range times the sample rate)", rate);
  }
  say_placed(c, path, at, why);
  ins->params[q] = sp_param_default(cls, (int)k, rate);
}

/* Number parameter pr of ins not given, whose range moves with the rate
 * (sp_param_range): its default at the recipe's rate (sp_param_default:
 * one of its bounds' moves with them, a number of its own does not) in
 * its range there; else said at the insert. */
static void param_default(checker *c, const sp_insert *ins, int k)
{
  const sp_param *pr = &ins->cls->params[k];
  const double rate = sp_recipe_reading_rate(c->r->sample_rate);
  const double def = sp_param_default(ins->cls, k, rate);
  double lo, hi;
  sp_param_range(ins->cls, k, rate, &lo, &hi);
  if (pr->kind != SP_PARAM_NUMBER || (def >= lo && def <= hi))
    return;
  char why[480], range[160];
  sp_range_text(def, pr->unit, lo, hi, false, range, sizeof range);
  snprintf(why, sizeof why,
           "'%s' of '%s' defaults to a value out of its range at sample_rate %g (%s: the "
           "plugin's range times the sample rate); give '%s' a value in it",
           pr->name, ins->cls->name, rate, range, pr->name);
  say(c, ins->path, why);
}

/* The values of insert ins (of a recipe: its path noted), each parameter
 * of each of its sets it was given, and the defaults of those not given
 * whose range moves with the rate. */
static void insert_values(checker *c, sp_insert *ins)
{
  const sp_proc_class *cls = ins->cls;
  for (size_t set = 0; set < ins->n_sets; set++)
    for (size_t k = 0; k < cls->n_params; k++) {
      char *at = param_at(c, ins, set, &cls->params[k]);
      const size_t q = set * cls->n_params + k;
      if (!at && ins->automation && ins->automation[q].n) /* (moving: its steps made) */
        at = join(ins->path, cls->params[k].name);
      if (at)
        param_value(c, ins, set, k, at, ins->one ? ins->path : at);
      else if (cls->per_rate && cls->per_rate[k])
        param_default(c, ins, (int)k);
      free(at);
    }
}

/* Insert ins's moving bypass (its points in time order; its beats'
 * tempo map); refused, it is left out (the insert plays, as where its
 * reading refused it); its points all one setting, it is that setting. */
static void insert_bypass(checker *c, sp_insert *ins)
{
  if (!ins->bypasses.n)
    return;
  char *bp = join(ins->path, "bypass");
  const size_t from = c->d->n;
  timed_row(c, &sp_key_rows_insert[SP_KEY_INSERT_BYPASS], ins, bp);
  if (said_under(c, bp, NULL) || judged_under(c, from, bp))
    sp_auto_free(&ins->bypasses);
  sp_insert_bypass_fix(ins);
  free(bp);
}

/* The rules across insert ins's keys: a detector narrowed beside a key
 * (one written, read or not), which replaces what it hears (refused: its
 * names dropped, what the graph then builds with); a key placed by its
 * source's pan and by its own (refused: its own dropped). */
static void insert_rules(checker *c, sp_insert *ins)
{
  char *dp = join(ins->path, "detect"), *kp = join(ins->path, "key");
  if ((ins->key_from || written(c, kp)) && ins->n_detect && written(c, dp) && !said_at(c, dp)) {
    say(c, dp,
        "a key replaces what the detector hears, so 'detect' would do nothing; remove 'detect' "
        "or 'key'");
    for (size_t i = 0; i < ins->n_detect; i++)
      free(ins->detect[i]);
    free(ins->detect);
    ins->detect = NULL;
    ins->n_detect = 0;
  }
  char *pp = join(kp, "pan");
  if (ins->key_from && ins->key_panned && ins->key_has_pan && !said_at(c, pp)) {
    say(c, pp,
        "a key placed both by its source's pan ('panned: true') and by a pan of its own; keep "
        "one");
    ins->key_has_pan = false; /* refused: as not given */
  }
  free(pp);
  free(dp);
  free(kp);
}

/* The angles of pan (at path: a strip's or a send's) the check refused
 * put back to their default (0: ahead, on the horizon), as a refused
 * insert value is: what is built after the check to say more (the
 * panner's warning of a source behind, the ADM metadata's blocks) never
 * meets them. What the check said of them is of d's messages from `from`
 * on (the strip's own). */
static void angles_refused(checker *c, size_t from, sp_pan *pan, const char *path)
{
  sp_auto *angles[] = {&pan->pos.azimuth, &pan->pos.elevation};
  static const char *const keys[] = {"azimuth", "elevation"};
  for (size_t i = 0; i < 2; i++) {
    char *kp = sp_xasprintf("%s.pan.%s", path, keys[i]);
    if (judged_under(c, from, kp)) {
      sp_auto_free(angles[i]);
      angles[i]->value = 0;
    }
    free(kp);
  }
}

/* What of strip s at path was refused (said), by its reading or by the
 * check: its `to:` (sp_strip.to_unread), a send or its `to:`
 * (send_unread), how its channels are placed (placing_unread: its pan,
 * fold, lfe, width, or its `channels:` whole; one of those a channel left
 * out, the others are judged at their indices), its mute (mute_unread). */
static void strip_refused(const checker *c, sp_strip *s, const char *path)
{
  static const char *const placing[] = {"pan", "fold", "lfe", "width"};
  size_t i = refused_from(c, path);
  for (const char *key; (key = refused_next(c, path, &i));) {
    s->to_unread |= strcmp(key, "to") == 0;
    s->placing_unread |= key_among(key, placing, 4) || strcmp(key, "channels") == 0;
    s->mute_unread |= sp_recipe_path_under(key, "mute") || sp_recipe_path_under(key, "mute_points");
    if (!sp_recipe_path_under(key, "sends"))
      continue;
    const char *rest = key + strlen("sends"), *item = *rest == '[' ? strchr(rest, ']') : NULL;
    s->send_unread |= !*rest || (item && (!item[1] || strcmp(item + 1, ".to") == 0));
  }
}

/* The gain matrix of pan (at path: a strip's or a send's), gains into 1
 * to SP_MAX_CHANNELS channels; one of none or of more said at its `gains`
 * (what its reading refused of it said there) and left out, as though
 * not given, before its gains are judged. */
static void matrix_count(checker *c, sp_pan *pan, const char *path)
{
  if (!pan->given || pan->has || pan->pos.has || (pan->n_gains && pan->n_gains <= SP_MAX_CHANNELS))
    return;
  char *gp = sp_xasprintf("%s.pan.gains", path);
  if (!said_under(c, gp, NULL))
    say(c, gp, sp_build_no_gains);
  free(gp);
  sp_pan_fini(pan);
  *pan = (sp_pan){0};
}

/* A strip's keys, and its inserts' values and sidechain keys. */
static void strip(checker *c, sp_strip *s, const char *path)
{
  const size_t from = c->d->n;
  matrix_count(c, &s->pan, path);
  char *sends = join(path, "sends");
  for (size_t i = 0; i < s->n_sends; i++) {
    char *sp = sp_recipe_item(c->r, sends, i);
    matrix_count(c, &s->sends[i].pan, sp);
    free(sp);
  }
  table(c, "STRIP", s, path, NULL);
  angles_refused(c, from, &s->pan, path);
  for (size_t i = 0; i < s->n_sends; i++) {
    char *sp = sp_recipe_item(c->r, sends, i);
    angles_refused(c, from, &s->sends[i].pan, sp);
    free(sp);
  }
  free(sends);
  for (size_t i = 0; i < s->n_inserts; i++) {
    sp_insert *ins = &s->inserts[i];
    if (!ins->path)
      continue;
    insert_values(c, ins);
    insert_bypass(c, ins);
    insert_rules(c, ins);
    if (!ins->key_from)
      continue;
    char *kp = sp_xasprintf("%s.key", ins->path);
    table(c, "KEY", ins, kp, NULL);
    free(kp);
  }
}

/* The marks of what was refused (said, by the reading or the check),
 * that the graph does not judge what hangs on: sp_region.span_unread and
 * files_unread, sp_track.regions_unread (`regions:` or an item of it
 * refused whole, left out by its reading), strip_refused's, a stem's
 * members_unread (a member refused, or the list whole: none read; not its
 * name alone), a version's mode_unread. Each object's errors looked up
 * among all of them sorted, once the check has said all. */
static void marks(checker *c)
{
  sp_recipe *r = (sp_recipe *)c->r;
  collect_said(c);
  for (size_t i = 0; i < r->n_tracks; i++) {
    sp_track *t = &r->tracks[i];
    char *tp = sp_xasprintf("tracks.%s", t->name), *rp = join(tp, "regions");
    for (size_t j = 0; j < t->n_regions; j++) {
      char *gp = t->regions_listed ? sp_recipe_item(r, rp, j) : sp_xstrdup(tp);
      t->regions[j].span_unread = span_refused(c, gp);
      size_t k = refused_from(c, gp);
      for (const char *key; (key = refused_next(c, gp, &k));)
        t->regions[j].files_unread |= sp_recipe_path_under(key, "files");
      free(gp);
    }
    size_t k = refused_from(c, tp);
    for (const char *key, *end; (key = refused_next(c, tp, &k));)
      t->regions_unread |= strncmp(key, "regions", 7) == 0 &&
                           (!key[7] || (key[7] == '[' && (end = strchr(key, ']')) && !end[1]));
    strip_refused(c, &t->strip, tp);
    free(rp);
    free(tp);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    char *bp = sp_xasprintf("buses.%s", r->buses[i].name);
    strip_refused(c, &r->buses[i].strip, bp);
    free(bp);
  }
  strip_refused(c, &r->master, "master");
  for (size_t i = 0; i < r->n_stems; i++) {
    sp_stem *st = &r->stems[i];
    char *sp = sp_xasprintf("stems.%s", st->name);
    char *item = sp_xasprintf("%s[", sp); /* a member's: stems.NAME[k] */
    const size_t at = errs_from(c, item);
    st->members_unread =
        (at < c->n_said && strncmp(c->said[at], item, strlen(item)) == 0) ||
        (!st->n_members && bsearch(&sp, c->said, c->n_said, sizeof *c->said, by_path));
    free(item);
    free(sp);
  }
  for (size_t i = 0; i < r->n_versions; i++) {
    char *vp = sp_xasprintf("versions.%s", r->versions[i].name);
    size_t k = refused_from(c, vp);
    for (const char *key; (key = refused_next(c, vp, &k));)
      r->versions[i].mode_unread |= strcmp(key, "mode") == 0;
    free(vp);
  }
}

/* ---- what a pan places into one channel ------------------------------------- */

/* The strip a `to:` names: master (NULL), else the bus so named; NULL
 * where none is (an error of its own). */
static const sp_strip *strip_named(const sp_recipe *r, const char *to)
{
  if (!to)
    return &r->master;
  for (size_t i = 0; i < r->n_buses; i++)
    if (strcmp(r->buses[i].name, to) == 0)
      return &r->buses[i].strip;
  return NULL;
}

/* Whether d, a strip's destination (NULL: not known), takes one channel
 * by its `layout:`: what its inputs are routed into (core/graph/routes.c),
 * where a mono source plays whole and a stereo one by its fold, so a pan,
 * a position or a width places nothing. */
static bool one_channel(const sp_strip *d)
{
  return d && !d->layout_unread && d->layout && d->layout->n == 1;
}

/* Whether every destination a placing of strip s (named name, of recipe
 * r) reaches takes one channel (one_channel), one at least: its main
 * output's and its sends' that follow it (width: a width, which a send's
 * own plain pan or position keeps; else a pan, which a send's own
 * replaces). Not where a key follows its pan (`panned: true`: two
 * channels) or a destination is not known. Their names, each once, into
 * names ("'master' and 'fx'"), as many in *n. */
static bool placed_into_mono(const sp_recipe *r, const sp_strip *s, const char *name, bool width,
                             char *names, size_t size, size_t *n)
{
  *n = 0;
  names[0] = '\0';
  if (s->to_unread || s->send_unread)
    return false;
  const char **to = sp_xcalloc(s->n_sends + 1, sizeof *to);
  size_t k = 0;
  if (!s->to_none && !s->n_direct) /* named channels: the main output's, which no pan moves */
    to[k++] = s->to ? s->to : "master";
  for (size_t i = 0; i < s->n_sends; i++) {
    const sp_pan *own = &s->sends[i].pan;
    if (!own->given || (width && !own->n_gains))
      to[k++] = s->sends[i].to;
  }
  bool mono = k > 0;
  for (size_t i = 0; i < k && mono; i++)
    mono = to[i] && one_channel(strip_named(r, strcmp(to[i], "master") ? to[i] : NULL));
  /* (every strip's keys looked through only then: the recipe's check is
   * in every render's path, and a pan into mono alone is rare) */
  for (size_t i = 0; mono && i < r->n_tracks + r->n_buses; i++) {
    const sp_strip *o = i < r->n_tracks ? &r->tracks[i].strip : &r->buses[i - r->n_tracks].strip;
    for (size_t j = 0; mono && j < o->n_inserts; j++)
      mono = !(o->inserts[j].key_from && o->inserts[j].key_panned &&
               strcmp(o->inserts[j].key_from, name) == 0);
  }
  for (size_t i = 0; i < k && mono; i++) {
    bool again = false;
    for (size_t j = 0; j < i; j++)
      again |= strcmp(to[j], to[i]) == 0;
    if (!again)
      to[(*n)++] = to[i];
  }
  for (size_t i = 0; i < *n; i++) {
    const size_t at = strlen(names);
    snprintf(names + at, size - at, "%s'%s'", !i ? "" : i + 1 < *n ? ", " : " and ", to[i]);
  }
  free(to);
  return mono;
}

/* Key (pan, width) of the object at path places nothing: what it places
 * plays only into destinations of one channel, as lead says ("'a' plays
 * only into 'master', which is mono"; them: how the fix names them). A
 * warning: the recipe renders as it did. */
static void places_nothing(checker *c, const char *path, const char *key, const char *lead,
                           const char *them)
{
  char *kp = join(path, key);
  if (!said_under(c, kp, NULL)) {
    char *why = sp_xasprintf("%s (one channel, where a %s places nothing): its %s has no effect; "
                             "remove it, or make %s stereo (layout: stereo)",
                             lead, key, key, them);
    warn(c, kp, why);
    free(why);
  }
  free(kp);
}

/* Whether pan p places its strip anywhere but the centre: off centre or
 * moving, or a position (a centred pan into one channel is no mistake: a
 * session writes one on every send, `pan: 0` is the default). */
static bool off_centre(const sp_pan *p)
{
  return (p->has && (p->plain.n || p->plain.value != 0)) || p->pos.has;
}

/* A pan off centre (off_centre), a position or a width of strip s (named
 * name, at path) that places nothing, every destination it reaches of one
 * channel
 * (placed_into_mono); so too each send's own pan into one. A strip of
 * more than two channels takes neither (the graph says so), an object's
 * pan is its position in master's ADM BWF, a gain matrix places into the
 * channels it names. */
static void pans_into_mono(checker *c, const sp_strip *s, const char *name, const char *path)
{
  if (s->object || s->bed || s->placing_unread || (s->layout && s->layout->n > 2))
    return;
  static const char *const keys[] = {"pan", "width"};
  const bool given[] = {off_centre(&s->pan), s->has_width};
  for (int w = 0; w < 2; w++) {
    char names[320];
    size_t n;
    if (!given[w] || s->pan.n_gains || !placed_into_mono(c->r, s, name, w, names, sizeof names, &n))
      continue;
    char *lead =
        sp_xasprintf("'%s' plays only into %s, which %s mono", name, names, n == 1 ? "is" : "are");
    places_nothing(c, path, keys[w], lead, n == 1 ? names : "them");
    free(lead);
  }
  char *sends = join(path, "sends");
  for (size_t i = 0; i < s->n_sends && !s->send_unread; i++) {
    const sp_send *x = &s->sends[i];
    if (!x->pan.given || x->pan.n_gains || !off_centre(&x->pan) || !x->to ||
        !one_channel(strip_named(c->r, x->to)))
      continue;
    char *sp = sp_recipe_item(c->r, sends, i), *to = sp_xasprintf("'%s'", x->to),
         *lead = sp_xasprintf("its send feeds %s, which is mono", to);
    places_nothing(c, sp, "pan", lead, to);
    free(lead);
    free(to);
    free(sp);
  }
  free(sends);
}

/* ---- the recipe ------------------------------------------------------------- */

bool sp_recipe_check(sp_recipe *r, sp_diags *d, size_t from)
{
  checker c = {.r = r, .d = d, .from = from};
  collect_said(&c);
  table(&c, "ROOT", r, "", NULL);
  times(&c, "ROOT", r, "");
  root(&c);
  output(&c, r);
  loudness_aims(&c, "checks.loudness");
  /* a rate refused is put back to the one the recipe was read at, as a
   * refused insert value to its default: what is built after the check to
   * say more (the graph, its files' lengths in frames) never meets it */
  r->sample_rate = sp_recipe_reading_rate(r->sample_rate);
  for (size_t i = 0; i < r->n_tracks; i++) {
    sp_track *t = &r->tracks[i];
    char *tp = sp_xasprintf("tracks.%s", t->name), *rp = join(tp, "regions");
    for (size_t j = 0; j < t->n_regions; j++) {
      char *gp = t->regions_listed ? sp_recipe_item(r, rp, j) : sp_xstrdup(tp);
      files_count(&c, &t->regions[j], gp);
      track_kind(&c, t, &t->regions[j], gp);
      times(&c, "REGION", &t->regions[j], gp);
      table(&c, "REGION", &t->regions[j], gp, NULL);
      region_rules(&c, &t->regions[j], gp, t->regions_listed);
      warp(&c, &t->regions[j], gp);
      fades(&c, &t->regions[j], gp);
      free(gp);
    }
    if (!track_set_only(&c, t, tp)) /* (said with it) */
      name_rule(&c, t->name, tp, "track");
    regions_listed(&c, t, tp);
    track_plays(&c, t, tp);
    track_feeds(&c, t, tp);
    instrument_rules(&c, t, tp);
    strip(&c, &t->strip, tp);
    free(rp);
    free(tp);
  }
  size_t beds = 1; /* master's */
  for (size_t i = 0; i < r->n_buses; i++) {
    char *bp = sp_xasprintf("buses.%s", r->buses[i].name);
    name_rule(&c, r->buses[i].name, bp, "bus");
    adm_role(&c, &r->buses[i].strip, bp, &beds);
    strip(&c, &r->buses[i].strip, bp);
    free(bp);
  }
  strip(&c, &r->master, "master");
  table(&c, "MASTER", r, "master", NULL);
  stems(&c);
  for (size_t i = 0; i < r->n_versions; i++) {
    char *vp = sp_xasprintf("versions.%s", r->versions[i].name);
    name_rule(&c, r->versions[i].name, vp, "version");
    version_rules(&c, vp);
    free(vp);
  }
  marks(&c);
  /* (after marks: what was refused of each strip's routing known) */
  for (size_t i = 0; i < r->n_tracks; i++) {
    char *tp = sp_xasprintf("tracks.%s", r->tracks[i].name);
    pans_into_mono(&c, &r->tracks[i].strip, r->tracks[i].name, tp);
    free(tp);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    char *bp = sp_xasprintf("buses.%s", r->buses[i].name);
    pans_into_mono(&c, &r->buses[i].strip, r->buses[i].name, bp);
    free(bp);
  }
  free(c.said);
  return c.errors == 0;
}

bool sp_recipe_check_table(const sp_recipe *r, sp_diags *d, const char *name, const void *obj,
                           const char *path)
{
  checker c = {.r = r, .d = d, .said_before = d->n};
  table(&c, name, obj, path, NULL);
  return c.errors == 0;
}

bool sp_recipe_check_row(const sp_recipe *r, sp_diags *d, const sp_key_row *row, const void *obj,
                         const char *path)
{
  checker c = {.r = r, .d = d, .said_before = d->n};
  row_of(&c, row, obj, path, NULL);
  return c.errors == 0;
}
