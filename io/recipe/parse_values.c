/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keys and values, as every object of the recipe reads them: a mapping's
 * keys checked against the ones it allows (with "did you mean" and the
 * keys format 1 reserves for later), scalars read with their units
 * (core/base/units.h) and ranges, times, "auto", booleans, strings and names.
 * Each reader says what was expected and gives an example of it. */

#include "io/recipe/parse_values.h"

#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/base/units.h"
#include "core/recipe/keys.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    snprintf(hint, sizeof hint, "; a frequency without a unit is in Hz: did you mean '%g kHz'?",
             v);
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
  bad(p, n, path, "expected a plain number from %s to %s, like '%g', got '%s'", lo, hi, ex, n->text);
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

/* A value or its automation: a list of [time, value] breakpoints in time
 * order, e.g. [[0, -inf dB], [2 s, 0 dB], ["1:30", -3 dB]]. */
bool recipe_get_auto(parser *p, const sp_ynode *n, const char *path, sp_unit u, double min,
                     double max, sp_auto *out)
{
  sp_auto_free(out);
  if (u != SP_UNIT_DB && n->kind == SP_Y_MAP && sp_ymap_get(n, "tempo") &&
      sp_ymap_get(n, "points") && !sp_ymap_get(n, "ramp")) {
    /* a list Ardour holds in beats: {tempo: ..., points: [...]} */
    static const char *const keys[] = {"points", "tempo", NULL};
    if (!recipe_check_keys(p, n, path, keys, "a value's automation"))
      return false;
    char *tp = recipe_join(path, "tempo"), *pp = recipe_join(path, "points");
    sp_tempo_map *tempo = NULL;
    bool ok = recipe_get_tempo(p, sp_ymap_get(n, "tempo"), tp, &tempo);
    const sp_ynode *pts = sp_ymap_get(n, "points");
    if (pts->kind != SP_Y_SEQ) {
      bad(p, pts, pp, "expected a list of [time, value] points, like [[0, -0.5], [2 s, 0.5]]");
      ok = false;
    } else {
      ok &= recipe_get_auto(p, pts, pp, u, min, max, out);
    }
    free(tp);
    free(pp);
    if (!ok) {
      sp_tempo_map_free(tempo);
      return false;
    }
    out->tempo = tempo;
    return true;
  }
  if (u != SP_UNIT_DB && n->kind == SP_Y_MAP &&
      (sp_ymap_get(n, "points") || sp_ymap_get(n, "ramp"))) {
    bad(p, n, path,
        "pans move linearly; 'ramp' is for levels (a fader's gain, a send's level): write the "
        "points alone, like [[0, -0.5], [2 s, 0.5]], or with the tempo map of a list Ardour "
        "holds in beats, {tempo: [...], points: [...]}");
    return false;
  }
  if (n->kind != SP_Y_SEQ)
    return recipe_get_value(p, n, path, u, min, max, &out->value);
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
  sp_auto a = {.points = sp_xcalloc(n->n, sizeof(sp_auto_point))};
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
      bad(p, pt, pp, "an automation point is [time, value], like [1.5 s, %s]; got %s", example,
          got);
      ok = false;
    } else {
      char *tp = recipe_index_path(pp, 0), *vp = recipe_index_path(pp, 1);
      sp_auto_point *q = &a.points[a.n];
      bool good = recipe_get_time(p, pt->items[0], tp, &q->t) &&
                  recipe_get_value(p, pt->items[1], vp, u, min, max, &q->v);
      if (good && a.n > 0) {
        /* In frames, as the render reads them: 25.9375 ms and 0.0259375 s
         * are both frame 1245 at 48 kHz (a jump), though 25.9375 × 0.001
         * is a hair more than 0.0259375 in seconds. */
        const sp_auto_point *prev = &a.points[a.n - 1];
        const double rate = p->r->sample_rate;
        if (sp_time_frames_exact(q->t, rate) < sp_time_frames_exact(prev->t, rate)) {
          bad(p, pt->items[0], tp,
              "automation points must be in time order: this point at %g s comes after one at "
              "%g s; sort the points by time",
              sp_time_seconds(q->t, rate), sp_time_seconds(prev->t, rate));
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
  bool ok = true;
  sp_time at = {0};
  double beat = 0, bpm = 0, note = 4, omega = 0;
  static const char *const need[] = {"at", "beat", "bpm"};
  for (size_t i = 0; i < 3; i++)
    if (!sp_ymap_get(n, need[i])) {
      bad(p, n, path, "a tempo point needs '%s', like {at: 2 s, beat: 4, bpm: 130}", need[i]);
      ok = false;
    }
  if (!ok)
    return false;
  char *kp = recipe_join(path, "at");
  const sp_ynode *v = sp_ymap_get(n, "at");
  if (recipe_get_time(p, v, kp, &at) && at.in_frames) {
    bad(p, v, kp,
        "a tempo point starts at a time in seconds (Ardour's superclock, not a frame); give "
        "it like '2.5 s'");
    ok = false;
  } else if (!at.in_frames && !(at.seconds <= SP_MAX_SECONDS)) {
    recipe_range_error(p, v, kp, at.seconds, SP_UNIT_SECONDS, 0, SP_MAX_SECONDS);
    ok = false;
  }
  free(kp);
  kp = recipe_join(path, "beat");
  ok &= recipe_get_value(p, sp_ymap_get(n, "beat"), kp, SP_UNIT_NUMBER, 0, 1e7, &beat);
  free(kp);
  kp = recipe_join(path, "bpm");
  ok &= recipe_get_value(p, sp_ymap_get(n, "bpm"), kp, SP_UNIT_NUMBER, 1.0, 1000.0, &bpm);
  free(kp);
  if (sp_ymap_get(n, "note")) {
    kp = recipe_join(path, "note");
    v = sp_ymap_get(n, "note");
    if (recipe_get_value(p, v, kp, SP_UNIT_NUMBER, 1, 128, &note) && note != floor(note)) {
      bad(p, v, kp, "the note a tempo counts is a whole number (4 a quarter note, 8 an eighth)");
      ok = false;
    }
    free(kp);
  }
  if (sp_ymap_get(n, "omega")) {
    kp = recipe_join(path, "omega");
    ok &= recipe_get_value(p, sp_ymap_get(n, "omega"), kp, SP_UNIT_NUMBER, -1e-3, 1e-3, &omega);
    free(kp);
  }
  if (!ok)
    return false;
  const int64_t sclock = llround(at.seconds * SP_ARDOUR_SUPERCLOCK);
  const int64_t quarters = llround(beat * SP_ARDOUR_TICKS);
  if (prev ? sclock <= prev->sclock || quarters <= prev->quarters : sclock != 0 || quarters != 0) {
    bad(p, n, path,
        prev ? "a tempo point comes after the one before it, both in time and in beats"
             : "a tempo map starts at the timeline's start: {at: 0 s, beat: 0, bpm: ...}");
    return false;
  }
  *out = sp_tempo_point_make(sclock, quarters, bpm, (int)note, omega, omega != 0,
                             SP_ARDOUR_SUPERCLOCK);
  return true;
}

/* A level's `tempo:`, the tempo map an Ardour list held in beats is read
 * through: a tempo in quarter notes a minute from the start (`97`), or a
 * list of points into *out (owned by the caller). */
bool recipe_get_tempo(parser *p, const sp_ynode *n, const char *path, sp_tempo_map **out)
{
  if (n->kind == SP_Y_SCALAR) {
    double bpm = 0;
    if (!recipe_get_value(p, n, path, SP_UNIT_NUMBER, 1.0, 1000.0, &bpm))
      return false;
    sp_tempo_map *m = sp_xcalloc(1, sizeof *m);
    *m = (sp_tempo_map){.scps = SP_ARDOUR_SUPERCLOCK, .t = sp_xcalloc(1, sizeof *m->t), .n = 1};
    m->t[0] = sp_tempo_point_make(0, 0, bpm, 4, 0, false, SP_ARDOUR_SUPERCLOCK);
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
  *m = (sp_tempo_map){.scps = SP_ARDOUR_SUPERCLOCK, .t = sp_xcalloc(n->n, sizeof *m->t)};
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
      bad(p, pts->items[i], pi, "%s; give a level such as -90 dB, or 'interpolation: linear'",
          why);
      free(pi);
      return false;
    }
  }
  return true;
}

/* A fader's or send's level: a value, its automation, or the automation
 * with how it moves between points: {points: [[0, -6 dB], [2 s, 0 dB]],
 * ramp: ardour} (or declick). */
bool recipe_get_level(parser *p, const sp_ynode *n, const char *path, sp_auto *out)
{
  const sp_ynode *pts = n->kind == SP_Y_MAP ? sp_ymap_get(n, "points") : NULL;
  const sp_ynode *ramp = n->kind == SP_Y_MAP ? sp_ymap_get(n, "ramp") : NULL;
  if (!pts && !ramp) /* a value or a list, or what a value is not */
    return recipe_get_auto(p, n, path, SP_UNIT_DB, -INFINITY, 24.0, out);
  if (!recipe_check_keys(p, n, path, sp_keys_level, "a level's automation"))
    return false;
  sp_ramp how = SP_RAMP_DB;
  bool ok = true;
  if (ramp) {
    char *rp = recipe_join(path, "ramp");
    if (ramp->kind == SP_Y_SCALAR && strcmp(ramp->text, "db") == 0)
      how = SP_RAMP_DB;
    else if (ramp->kind == SP_Y_SCALAR && strcmp(ramp->text, "ardour") == 0)
      how = SP_RAMP_ARDOUR;
    else if (ramp->kind == SP_Y_SCALAR && strcmp(ramp->text, "declick") == 0)
      how = SP_RAMP_DECLICK;
    else {
      bad(p, ramp, rp,
          "expected 'db' (linear in dB, the default), 'ardour' (along Ardour's fader law, "
          "through its declick) or 'declick' (each point held, reached through Ardour's "
          "declick), got %s%s%s",
          SP_Y_GOT(ramp));
      ok = false;
    }
    free(rp);
  }
  sp_interp interp = SP_INTERP_EXPONENTIAL;
  const sp_ynode *in = sp_ymap_get(n, "interpolation");
  if (in) {
    static const char *const names[] = {"exponential", "logarithmic", "linear", "discrete",
                                        "curved"};
    char *ip = recipe_join(path, "interpolation");
    bool known = false;
    for (size_t i = 0; in->kind == SP_Y_SCALAR && i < sizeof names / sizeof *names; i++)
      if (strcmp(in->text, names[i]) == 0) {
        interp = (sp_interp)i;
        known = true;
      }
    if (!known) {
      bad(p, in, ip,
          "expected 'exponential' (Ardour's fader law, the default), 'logarithmic' (linear "
          "in dB, as Ardour moves a trim), 'linear' (linear in gain), 'discrete' (each "
          "point held) or 'curved' (Ardour's spline through the gains), got %s%s%s",
          SP_Y_GOT(in));
      ok = false;
    } else if (how != SP_RAMP_ARDOUR) {
      bad(p, in, ip,
          "an interpolation is how a level moved as Ardour's moves between its points; give "
          "'ramp: ardour' beside it");
      ok = false;
    }
    free(ip);
  }
  const sp_ynode *tp = sp_ymap_get(n, "tempo");
  sp_tempo_map *tempo = NULL;
  if (tp) {
    char *tpp = recipe_join(path, "tempo");
    if (how != SP_RAMP_ARDOUR) {
      bad(p, tp, tpp,
          "a tempo is the one an Ardour list held in beats is read at; give 'ramp: ardour' "
          "beside it");
      ok = false;
    } else {
      ok &= recipe_get_tempo(p, tp, tpp, &tempo);
    }
    free(tpp);
  }
  const sp_ynode *st = sp_ymap_get(n, "start");
  double start_db = 0;
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
  if (!pts) {
    bad(p, n, path, "a level's automation needs 'points: [[time, level], ...]'");
    return false;
  }
  char *pp = recipe_join(path, "points");
  if (pts->kind != SP_Y_SEQ) {
    bad(p, pts, pp, "expected a list of [time, level] points, like [[0, -6 dB], [2 s, 0 dB]]");
    ok = false;
  } else {
    ok &= recipe_get_auto(p, pts, pp, SP_UNIT_DB, -INFINITY, 24.0, out);
  }
  free(pp);
  if (ok && interp == SP_INTERP_LOGARITHMIC)
    ok &= log_leaves_silence(p, pts, path, out);
  const sp_ynode *vca = sp_ymap_get(n, "vca");
  if (vca && ok) {
    char *vp = recipe_join(path, "vca");
    if (how != SP_RAMP_ARDOUR) {
      bad(p, vca, vp,
          "a VCA's automation scales a level that moves as Ardour's; give 'ramp: "
          "ardour' beside it");
      ok = false;
    } else if (vca->kind != SP_Y_SEQ || vca->n == 0 || vca->n > SP_AUTO_MAX_VCA) {
      bad(p, vca, vp,
          "expected a list of 1 to %d lists of [time, level] points (a VCA's automation each), "
          "like [[[0, -6 dB], [2 s, 0 dB]]]",
          SP_AUTO_MAX_VCA);
      ok = false;
    } else {
      out->vca = sp_xcalloc(vca->n, sizeof *out->vca);
      for (size_t i = 0; i < vca->n; i++) {
        char *ip = sp_xasprintf("%s[%zu]", vp, i);
        sp_auto *c = &out->vca[out->n_vca];
        /* a VCA's list held in beats: {tempo: ..., points: [...]} */
        const sp_ynode *cn = vca->items[i], *ct = NULL;
        static const char *const curve_keys[] = {"points", "tempo", NULL};
        if (cn->kind == SP_Y_MAP) {
          if (!recipe_check_keys(p, cn, ip, curve_keys, "a VCA's automation")) {
            ok = false;
            free(ip);
            continue;
          }
          ct = sp_ymap_get(cn, "tempo");
          cn = sp_ymap_get(cn, "points");
          if (!cn) {
            bad(p, vca->items[i], ip, "a VCA's automation needs 'points: [[time, level], ...]'");
            ok = false;
            free(ip);
            continue;
          }
        }
        sp_tempo_map *ctempo = NULL;
        if (ct) {
          char *tpp = recipe_join(ip, "tempo");
          if (!recipe_get_tempo(p, ct, tpp, &ctempo))
            ok = false;
          free(tpp);
        }
        if (cn->kind != SP_Y_SEQ) {
          bad(p, vca->items[i], ip,
              "expected a list of [time, level] points, like [[0, -6 dB], "
              "[2 s, 0 dB]], or {tempo: ..., points: [...]} for a list held in beats");
          ok = false;
          sp_tempo_map_free(ctempo);
        } else if (recipe_get_auto(p, cn, ip, SP_UNIT_DB, -INFINITY, 24.0, c)) {
          if (c->n > 0) {
            c->ramp = SP_RAMP_ARDOUR;
            c->tempo = ctempo;
            out->n_vca++;
          } else {
            sp_tempo_map_free(ctempo);
            sp_auto_free(c);
          }
        } else {
          sp_tempo_map_free(ctempo);
          ok = false;
        }
        free(ip);
      }
    }
    free(vp);
    if (!ok) { /* the curves read so far; the points are the caller's, as before */
      for (size_t i = 0; i < out->n_vca; i++)
        sp_auto_free(&out->vca[i]);
      free(out->vca);
      out->vca = NULL;
      out->n_vca = 0;
    }
  }
  if (!ok) {
    sp_tempo_map_free(tempo);
    return false;
  }
  out->ramp = how;
  out->interp = interp;
  out->tempo = tempo;
  out->has_start = st != NULL;
  out->start_db = start_db;
  if (how != SP_RAMP_DB)
    out->smooth = sp_xcalloc(1, sizeof *out->smooth);
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

/* A moving switch's setting (a mute's, a bypass's) at item path ip: true
 * or false, 1 or 0. */
bool recipe_get_switch(parser *p, const sp_ynode *set, const char *ip, double *v)
{
  bool on = false;
  const bool ok = recipe_get_bool(p, set, ip, &on);
  *v = on ? 1.0 : 0.0;
  return ok;
}

/* A switch that moves, [time, setting] points in time order (want says
 * how, what names it in the order's message), into a: each setting read by
 * setting, held until the next point. false (reported) otherwise. */
bool recipe_get_steps(parser *p, const sp_ynode *v, const char *kp, sp_auto *a, const char *what,
                      const char *want,
                      bool (*setting)(parser *, const sp_ynode *, const char *, double *))
{
  if (v->n == 0) {
    bad(p, v, kp, "%s", want);
    return false;
  }
  sp_auto_point *pts = sp_xcalloc(v->n, sizeof *pts);
  bool ok = true;
  for (size_t i = 0; i < v->n && ok; i++) {
    const sp_ynode *it = v->items[i];
    char *ip = recipe_index_path(kp, i);
    ok = it->kind == SP_Y_SEQ && it->n == 2;
    if (!ok)
      bad(p, it, ip, "%s", want);
    else
      ok = recipe_get_time(p, it->items[0], ip, &pts[i].t) &&
           setting(p, it->items[1], ip, &pts[i].v);
    if (ok && i > 0 &&
        sp_time_seconds(pts[i].t, p->r->sample_rate) <
            sp_time_seconds(pts[i - 1].t, p->r->sample_rate)) {
      bad(p, it, ip, "a %s's points go in time order; move this one after the one before", what);
      ok = false;
    }
    free(ip);
  }
  if (!ok) {
    free(pts);
    return false;
  }
  a->points = pts;
  a->n = v->n;
  a->value = pts[0].v;
  return true;
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
  const char *const *k = sp_keys_fold;
  double *to[SP_KEY_FOLD_N] = {[SP_KEY_FOLD_CENTRE] = &fold->centre_db,
                               [SP_KEY_FOLD_SURROUND] = &fold->surround_db,
                               [SP_KEY_FOLD_HEIGHT] = &fold->height_db,
                               [SP_KEY_FOLD_LFE] = &fold->lfe_db};
  for (size_t i = 0; k[i]; i++) {
    const sp_ynode *n = sp_ymap_get(v, k[i]);
    if (!n)
      continue;
    char *kk = recipe_join(kp, k[i]);
    recipe_get_value(p, n, kk, SP_UNIT_DB, -INFINITY, 0.0, to[i]);
    free(kk);
  }
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
