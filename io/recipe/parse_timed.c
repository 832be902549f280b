/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timed values: the one reader of every form a value that moves is
 * written in (parse_timed.h), whatever the value. A kind of value gives the
 * reader of one of its values, the forms it takes and the words its
 * messages use; the forms themselves (the list of points and its order,
 * the mappings with their ramp, tempo and points, a level's ramp as
 * Ardour's, held steps) are read here for all of them, as is the tempo
 * map a list held in beats is read through. */

#include "io/recipe/parse_timed.h"

#include "io/recipe/parse_values.h"

#include "core/base/alloc.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- kinds --------------------------------------------------------------- */

bool recipe_timed_number(parser *p, const recipe_timed *k, const sp_ynode *n, const char *path,
                         double *v)
{
  return recipe_get_value(p, n, path, k->unit, k->min, k->max, v);
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

#define NUMBERS RECIPE_TIMED_NUMBERS
#define CONSTANT RECIPE_TIMED_CONSTANT
#define TEMPO RECIPE_TIMED_TEMPO
const recipe_timed recipe_timed_level =
    NUMBERS(CONSTANT | RECIPE_TIMED_LEVEL, SP_UNIT_DB, -INFINITY, 24.0, "level",
            "a level's automation", "-6 dB", "0 dB");
const recipe_timed recipe_timed_envelope = NUMBERS(CONSTANT, SP_UNIT_DB, -INFINITY, 24.0, "level",
                                                   "a level's automation", "-6 dB", "0 dB");
const recipe_timed recipe_timed_pan = NUMBERS(CONSTANT | TEMPO, SP_UNIT_NUMBER, -1.0, 1.0, "value",
                                              "a value's automation", "0.5", "0");
const recipe_timed recipe_timed_azimuth = NUMBERS(CONSTANT | TEMPO, SP_UNIT_NUMBER, -180.0, 180.0,
                                                  "value", "a value's automation", "0.5", "0");
const recipe_timed recipe_timed_elevation = NUMBERS(CONSTANT | TEMPO, SP_UNIT_NUMBER, -90.0, 90.0,
                                                    "value", "a value's automation", "0.5", "0");
const recipe_timed recipe_timed_mute = RECIPE_TIMED_SETTINGS(
    recipe_timed_switch, 0, "true or false", "a moving mute", "false", "true",
    "a moving mute is a list of [time, true or false] points in time order, like [[0, false], [2 "
    "s, true], [3 s, false]]");
const recipe_timed recipe_timed_bypass = RECIPE_TIMED_SETTINGS(
    recipe_timed_switch, CONSTANT | TEMPO, "true or false", "a moving bypass", "false", "true",
    "a moving bypass is a list of [time, true or false] points in time order, like [[0, false], "
    "[2 s, true], [3 s, false]], or {tempo: ..., points: [...]} for a list Ardour holds in beats");

const recipe_timed *recipe_timed_named(const char *name)
{
  static const struct {
    const char *name;
    const recipe_timed *k;
  } kinds[] = {
      {"recipe_timed_level", &recipe_timed_level},
      {"recipe_timed_envelope", &recipe_timed_envelope},
      {"recipe_timed_pan", &recipe_timed_pan},
      {"recipe_timed_azimuth", &recipe_timed_azimuth},
      {"recipe_timed_elevation", &recipe_timed_elevation},
      {"recipe_timed_mute", &recipe_timed_mute},
      {"recipe_timed_bypass", &recipe_timed_bypass},
  };
  for (size_t i = 0; name && i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(kinds[i].name, name) == 0)
      return kinds[i].k;
  return NULL;
}

/* each curve of a level's `vca:` */
static const recipe_timed vca_curve =
    NUMBERS(TEMPO, SP_UNIT_DB, -INFINITY, 24.0, "level", "a VCA's automation", "-6 dB", "0 dB");

/* ---- tempo maps ---------------------------------------------------------- */
/* A tempo map, one point of it at index i of path (a mapping `{at: 2 s,
 * beat: 4, bpm: 130}`), after the point before (prev, NULL for the first),
 * into *out. */
static bool get_tempo_point(parser *p, const sp_ynode *n, const char *path,
                            const sp_tempo_point *prev, sp_tempo_point *out)
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
  if (prev ? sclock <= prev->sclock || quarters <= prev->quarters : sclock != 0 || quarters != 0) {
    bad(p, n, path,
        prev ? "a tempo point comes after the one before it, both in time and in beats"
             : "a tempo map starts at the timeline's start: {at: 0 s, beat: 0, bpm: ...}");
    return false;
  }
  *out =
      sp_tempo_point_make(sclock, quarters, bpm, (int)note, omega, omega != 0, SP_TEMPO_SUPERCLOCK);
  return true;
}

/* `tempo:`, the tempo map a list Ardour holds in beats is read through: a
 * tempo in quarter notes a minute from the start (`97`), or a list of
 * points, into *out (owned by the caller). */
static bool get_tempo(parser *p, const sp_ynode *n, const char *path, sp_tempo_map **out)
{
  if (n->kind == SP_Y_SCALAR) {
    double bpm = 0;
    if (!recipe_get_value(p, n, path, SP_UNIT_NUMBER, 1.0, 1000.0, &bpm))
      return false;
    sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
    *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(1, sizeof *m->t), .n = 1};
    m->t[0] = sp_tempo_point_make(0, 0, bpm, 4, 0, false, SP_TEMPO_SUPERCLOCK);
    *out = m;
    return true;
  }
  if (n->kind != SP_Y_SEQ || n->n == 0 || n->n > SP_TEMPO_MAP_MAX) {
    bad(p, n, path,
        "expected a tempo in quarter notes a minute, like 97, or a tempo map of up to %d "
        "points, like [{at: 0 s, beat: 0, bpm: 97}, {at: 2.474 s, beat: 4, bpm: 130}]",
        SP_TEMPO_MAP_MAX);
    return false;
  }
  sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
  *m = (sp_tempo_map){.scps = SP_TEMPO_SUPERCLOCK, .t = sp_xcalloc(n->n, sizeof *m->t)};
  bool ok = true;
  for (size_t i = 0; i < n->n && ok; i++) {
    char *ip = sp_xasprintf("%s[%zu]", path, i);
    ok = get_tempo_point(p, n->items[i], ip, i ? &m->t[i - 1] : NULL, &m->t[i]);
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

/* Whether a logarithmic level's points (in pts, read into a) move only
 * where Ardour's interpolate_logarithmic, from · (to / from)^fraction,
 * gives a number: a fall to -inf dB is silence past its first point, but
 * a rise from it is 0 · ∞ and two points both at -inf dB (Curve's
 * two-point path) 0 · (0 / 0)^fraction, not numbers; either is an error
 * at the point that makes it (two points at the same time jump, and make
 * neither). */
static bool log_leaves_silence(parser *p, const sp_ynode *pts, const char *path, const sp_auto *a)
{
  for (size_t i = 1; i < a->n; i++) {
    const sp_time t0 = a->points[i - 1].t, t1 = a->points[i].t;
    const bool jump = t0.in_frames == t1.in_frames &&
                      (t0.in_frames ? t0.frames == t1.frames : t0.seconds == t1.seconds);
    const bool from_silence = isinf(a->points[i - 1].v) && !jump; /* a jump: no ramp */
    const char *why = NULL;
    if (from_silence && !isinf(a->points[i].v))
      why = "a logarithmic ramp (linear in dB) cannot rise from -inf dB: Ardour's gain there "
            "is not a number (0 * inf)";
    else if (from_silence && a->n == 2)
      why = "a logarithmic ramp of two points cannot hold -inf dB: Ardour's gain there is not "
            "a number (0 * (0/0)^fraction)";
    if (why) {
      char *pi = sp_xasprintf("%s.points[%zu]", path, i);
      bad(p, pts->items[i], pi, "%s; give a level such as -90 dB, or 'interpolation: linear'", why);
      free(pi);
      return false;
    }
  }
  return true;
}

/* ---- the forms ----------------------------------------------------------- */

/* A list of [time, value] points of kind k at path (held as steps unless
 * linear, where k holds), into *out; false (reported, each bad point at
 * its place) otherwise. */
static bool get_points(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                       bool linear, sp_auto *out)
{
  const bool hold = (k->forms & RECIPE_TIMED_HOLD) && !linear;
  const char *alone = k->forms & CONSTANT ? "; or give one value" : "";
  /* [0, -6 dB] is one point written without its own brackets. */
  bool flat = true;
  for (size_t i = 0; i < n->n; i++)
    flat &= n->items[i]->kind == SP_Y_SCALAR;
  if (flat && k->want)
    bad(p, n, path, "%s", k->want);
  else if (n->n == 0)
    bad(p, n, path,
        "automation needs at least one [time, value] point, like [[0, %s], [2 s, %s]]%s", k->first,
        k->second, alone);
  else if (flat && n->n == 2)
    bad(p, n, path,
        "automation is a list of [time, value] points; for one point write [[%s, %s]]%s",
        n->items[0]->text, n->items[1]->text, *alone ? ", or give the value alone" : "");
  else if (flat)
    bad(p, n, path,
        "automation is a list of [time, value] points, like [[0, %s], [2 s, %s]]; got a list "
        "of single values",
        k->first, k->second);
  if (flat)
    return false;
  bool ok = true;
  sp_auto a = {.points = sp_xcalloc(hold ? 2 * n->n : n->n, sizeof(sp_auto_point))};
  const double rate = p->r->sample_rate;
  for (size_t i = 0; i < n->n; i++) {
    const sp_ynode *pt = n->items[i];
    char *pp = recipe_index_path(path, i);
    sp_recipe_note(p->r, pp, pt->pos);
    if (pt->kind != SP_Y_SEQ || pt->n != 2) {
      char got[64];
      if (pt->kind == SP_Y_SEQ)
        snprintf(got, sizeof got, "a list of %zu item%s", pt->n, pt->n == 1 ? "" : "s");
      else
        snprintf(got, sizeof got, "%s", sp_ykind_name(pt->kind));
      if (k->want)
        bad(p, pt, pp, "%s", k->want);
      else
        bad(p, pt, pp, "an automation point is [time, value], like [1.5 s, %s]; got %s", k->first,
            got);
      ok = false;
      free(pp);
      continue;
    }
    char *tp = recipe_index_path(pp, 0), *vp = recipe_index_path(pp, 1);
    sp_auto_point q;
    bool good = recipe_get_time(p, pt->items[0], tp, &q.t) && k->read(p, k, pt->items[1], vp, &q.v);
    /* In frames, as the render reads them: 25.9375 ms and 0.0259375 s are
     * both frame 1245 at 48 kHz (a jump), though 25.9375 × 0.001 is a hair
     * more than 0.0259375 in seconds. */
    const sp_auto_point *prev = a.n ? &a.points[a.n - 1] : NULL;
    if (good && prev && sp_time_frames_exact(q.t, rate) < sp_time_frames_exact(prev->t, rate)) {
      bad(p, pt->items[0], tp,
          "automation points must be in time order: this point at %g s comes after one at %g s; "
          "sort the points by time",
          sp_time_seconds(q.t, rate), sp_time_seconds(prev->t, rate));
      good = false;
    }
    if (good && hold && prev) { /* the setting before held up to this point */
      a.points[a.n] = (sp_auto_point){q.t, prev->v};
      a.n++;
    }
    if (good)
      a.points[a.n++] = q;
    ok &= good;
    free(tp);
    free(vp);
    free(pp);
  }
  if (!ok) {
    free(a.points);
    return false;
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
  const bool level = (k->forms & RECIPE_TIMED_LEVEL) != 0;
  int id;
  if (!get_curve(p, n, path, "ramp", SP_CURVE_RAMP, level ? SP_CURVE_LEVEL : SP_CURVE_PORT,
                 level ? ""
                       : "; or leave 'ramp' out for the parameter's own way (docs/lv2.md, "
                         "Parameters that move)",
                 &id))
    return false;
  *how = (sp_ramp)id;
  return true;
}

/* A level's `interpolation:` at path, beside `ramp: ardour` (how). */
static bool get_interp(parser *p, const sp_ynode *n, const char *path, sp_ramp how,
                       sp_interp *interp)
{
  int id;
  if (!get_curve(p, n, path, "interpolation", SP_CURVE_INTERP, 0, "", &id))
    return false;
  *interp = (sp_interp)id;
  if (how != SP_RAMP_LIST) {
    char *ip = recipe_join(path, "interpolation");
    bad(p, n, ip,
        "an interpolation is how a level moved as Ardour's moves between its points; give "
        "'ramp: ardour' beside it");
    free(ip);
  }
  return how == SP_RAMP_LIST;
}

/* A level's `vca:` at path, beside `ramp: ardour` (how): the curves of
 * the VCAs over it into out->vca, each as Ardour reads a list. */
static bool get_vcas(parser *p, const sp_ynode *vca, const char *path, sp_ramp how, sp_auto *out)
{
  char *vp = recipe_join(path, "vca");
  bool ok = false;
  if (how != SP_RAMP_LIST) {
    bad(p, vca, vp,
        "a VCA's automation scales a level that moves as Ardour's; give 'ramp: "
        "ardour' beside it");
  } else if (vca->kind != SP_Y_SEQ || vca->n == 0 || vca->n > SP_AUTO_MAX_VCA) {
    bad(p, vca, vp,
        "expected a list of 1 to %d lists of [time, level] points (a VCA's automation each), "
        "like [[[0, -6 dB], [2 s, 0 dB]]]",
        SP_AUTO_MAX_VCA);
  } else {
    ok = true;
    out->vca = sp_xcalloc(vca->n, sizeof *out->vca);
    for (size_t i = 0; i < vca->n; i++) {
      char *ip = recipe_index_path(vp, i);
      sp_auto *c = &out->vca[out->n_vca];
      if (recipe_get_timed(p, vca->items[i], ip, &vca_curve, c)) {
        c->ramp = SP_RAMP_LIST;
        out->n_vca++;
      } else {
        ok = false;
      }
      free(ip);
    }
  }
  free(vp);
  return ok;
}

/* A mapping of kind k with the keys it may hold (keys): its points with
 * their ramp, tempo and, for a level, the rest of sp_keys_level. */
static bool get_map(parser *p, const sp_ynode *n, const char *path, const recipe_timed *k,
                    const char *const *keys, sp_auto *out)
{
  recipe_check_keys(p, n, path, keys, k->what);
  const bool level = (k->forms & RECIPE_TIMED_LEVEL) != 0;
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
  if (in)
    ok &= get_interp(p, in, path, how, &interp);
  if (tn) {
    char *tp = recipe_join(path, "tempo");
    if (level && how != SP_RAMP_LIST) {
      bad(p, tn, tp,
          "a tempo is the one an Ardour list held in beats is read at; give 'ramp: ardour' "
          "beside it");
      ok = false;
    } else {
      ok &= get_tempo(p, tn, tp, &tempo);
    }
    free(tp);
  }
  if (st) {
    char *sp = recipe_join(path, "start");
    if (how == SP_RAMP_DB) {
      bad(p, st, sp,
          "a start is where Ardour's declick starts from; give 'ramp: ardour' or 'ramp: "
          "declick' beside it");
      ok = false;
    } else {
      ok &= recipe_get_value(p, st, sp, SP_UNIT_DB, -INFINITY, 24.0, &start_db);
    }
    free(sp);
  }
  char *pp = recipe_join(path, "points");
  if (!pts)
    bad(p, n, path, "%s needs 'points: [[time, %s], ...]'", k->what, k->noun);
  else if (pts->kind != SP_Y_SEQ && k->want)
    bad(p, pts, pp, "%s", k->want);
  else if (pts->kind != SP_Y_SEQ)
    bad(p, pts, pp, "expected a list of [time, %s] points, like [[0, %s], [2 s, %s]]", k->noun,
        k->first, k->second);
  ok &= pts && pts->kind == SP_Y_SEQ && get_points(p, pts, pp, k, how == SP_RAMP_LINEAR, out);
  free(pp);
  if (ok && interp == SP_INTERP_LOGARITHMIC)
    ok &= log_leaves_silence(p, pts, path, out);
  if (ok && vca)
    ok &= get_vcas(p, vca, path, how, out);
  if (!ok) {
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
                       void *obj)
{
  const sp_key_table *t = sp_key_table_find(table);
  for (size_t q = 0; t && q < t->n; q++) {
    const sp_key_row *row = &t->rows[q];
    const recipe_timed *kind = recipe_timed_named(row->timed);
    const sp_ynode *n = sp_ymap_get(map, t->keys[q]);
    if (!n || !kind || (row->store != SP_KEY_S_AUTO && !row->moves))
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
  static const char *const tempo_keys[] = {"points", "tempo", NULL};
  static const char *const linear_keys[] = {"points", "ramp", "tempo", NULL};
  sp_auto_free(out);
  const char *const *keys = NULL;
  if (k->forms & RECIPE_TIMED_LEVEL)
    keys = sp_keys_level;
  else if (k->forms & RECIPE_TIMED_LINEAR)
    keys = linear_keys;
  else if (k->forms & TEMPO)
    keys = tempo_keys;
  if (keys == tempo_keys && k->unit != SP_UNIT_DB && k->read == recipe_timed_number &&
      n->kind == SP_Y_MAP && sp_ymap_get(n, "ramp")) {
    bad(p, n, path,
        "pans move linearly; 'ramp' is for levels (a fader's gain, a send's level): write the "
        "points alone, like [[0, -0.5], [2 s, 0.5]], or with the tempo map of a list Ardour "
        "holds in beats, {tempo: [...], points: [...]}");
    return false;
  }
  /* a mapping of none of its keys is a value not understood, or (for a
   * value that has no constant) a moving one with no points */
  bool mapped = false;
  for (size_t i = 0; keys && n->kind == SP_Y_MAP && i < n->n; i++)
    mapped |= recipe_in_list(n->pairs[i].key->text, keys);
  if (mapped || (keys && n->kind == SP_Y_MAP && !(k->forms & CONSTANT)))
    return get_map(p, n, path, k, keys, out);
  if (n->kind == SP_Y_SEQ)
    return get_points(p, n, path, k, false, out);
  if (k->forms & CONSTANT)
    return k->read(p, k, n, path, &out->value);
  bad(p, n, path, "expected a list of [time, %s] points, like [[0, %s], [2 s, %s]]%s", k->noun,
      k->first, k->second, keys ? ", or {tempo: ..., points: [...]} for a list held in beats" : "");
  return false;
}
