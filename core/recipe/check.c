/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe checked as a whole, by its rows (core/recipe/check.h): a walk
 * of the model's objects, each by its table's rows, that checks each value
 * a row stores and the recipe wrote, and the rules of the recipe's own keys
 * no row says. A value the recipe did not write is its default, which its
 * row holds to. */

#include "core/recipe/check.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
  const sp_recipe *r;
  sp_diags *d;
  /* the paths r wrote, sorted (NULL: looked for one by one) */
  const char **written;
  size_t n_written;
  /* the paths its reading said an error at, sorted: a value it could not
   * read is said once, by it (NULL: looked for one by one) */
  const char **said;
  size_t n_said, said_before;
  size_t errors;
} checker;

static int by_path(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool written(const checker *c, const char *path)
{
  if (!c->written)
    return sp_recipe_written(c->r, path);
  return bsearch(&path, c->written, c->n_written, sizeof *c->written, by_path) != NULL;
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

static void say(checker *c, const char *path, const char *why)
{
  sp_recipe_error(c->r, c->d, SP_ERR_USAGE, path, "%s", why);
  c->errors++;
}

/* why said of path at the place of place (a key of it that says more of
 * where the fix goes). */
static void say_placed(checker *c, const char *path, const char *place, const char *why)
{
  const sp_where *w = sp_recipe_origin(c->r, place);
  sp_diags_error(c->d, SP_ERR_USAGE, w && w->from ? w->from : c->r->file,
                 w ? w->pos : (sp_pos){0, 0}, path, "%s", why);
  c->errors++;
}

static char *join(const char *path, const char *key)
{
  return *path ? sp_xasprintf("%s.%s", path, key) : sp_xstrdup(key);
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
  const sp_where *w = sp_recipe_origin(c->r, at);
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

/* The items of a list row (a LIST's, a MAP's: each at path[i], or
 * path.NAME, its name its struct's first field) of obj. */
static void items(checker *c, const sp_key_row *row, const void *obj, const char *path)
{
  const char *list = *(const char *const *)((const char *)obj + row->at);
  const size_t n = *(const size_t *)((const char *)obj + row->count - 1);
  for (size_t i = 0; list && i < n; i++) {
    const void *item = list + i * row->size;
    char *ip = row->type == SP_KEY_T_MAP ? sp_xasprintf("%s.%s", path, *(char *const *)item)
                                         : sp_xasprintf("%s[%zu]", path, i);
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

/* Row's value of obj, written at kp (alias: where it is written when
 * its object's mapping is given as a scalar, its first key's). */
static void row_of(checker *c, const sp_key_row *row, const void *obj, const char *kp,
                   const char *alias)
{
  const char *o = obj;
  const bool one = row->of && !strchr(row->of, '|');
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
}

/* ---- rules across keys ---------------------------------------------------- */

/* The rules across the keys of region g at path (listed: an entry of
 * `regions:`; else its track's own keys, a track of one region): `channel:`
 * beside `files:`, a warp beside what it says, an inverse fade over no
 * region below, the keys its kind (audio, MIDI) refuses. */
static void region_rules(checker *c, const sp_region *g, const char *path, bool listed)
{
  char why[320];
  char *kp = join(path, "channel");
  if (g->n_files && written(c, kp))
    say(c, kp, sp_build_files_channel);
  free(kp);
  char *wp = join(path, "warp");
  static const char *const warped[] = {"from", "stretch"};
  for (size_t i = 0; written(c, wp) && i < 2; i++) {
    kp = join(path, warped[i]);
    if (written(c, kp)) {
      snprintf(why, sizeof why,
               "a warp's points say where the source starts and how fast it plays; remove '%s' "
               "(or 'warp')",
               warped[i]);
      say(c, kp, why);
    }
    free(kp);
  }
  free(wp);
  for (int f = 0; f < 2 && (!listed || (!g->opaque && !g->midi)); f++) {
    kp = sp_xasprintf("%s.%s.inverse", path, f ? "fade_out" : "fade_in");
    if (written(c, kp)) {
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
    if (written(c, kp)) {
      sp_build_region_kind(sp_keys_region[k], g->midi, why, sizeof why);
      say(c, kp, why);
    }
    free(kp);
  }
}

/* A track's or a bus's name (what: "track", "bus"), at path: letters,
 * digits, '_', '-', '.', at most 64 (sp_build_name). */
static void name_rule(checker *c, const char *name, const char *path, const char *what)
{
  char why[320];
  if (!sp_build_name(name, what, why, sizeof why))
    say(c, path, why);
}

/* A track's instrument plays its MIDI: a track of MIDI needs one, a track
 * of audio takes none. */
static void instrument_rules(checker *c, const sp_track *t, const char *path)
{
  bool midi = false;
  for (size_t i = 0; i < t->n_regions; i++)
    midi |= t->regions[i].midi;
  char *ip = join(path, "instrument");
  if (t->strip.instrument && t->n_regions && !midi) {
    say(c, ip, sp_build_instrument_on_audio);
  } else if (midi && !t->strip.instrument && !written(c, ip)) { /* (one not read: said) */
    char *at = join(path, t->regions_listed ? "regions" : "midi"); /* where it plays MIDI */
    say_placed(c, path, at, sp_build_midi_needs_instrument);
    free(at);
  }
  free(ip);
}

/* A strip's keys, and its inserts' sidechain keys (an insert's own
 * parameters are its class's, checked as they are set: build_insert.h). */
static void strip(checker *c, const sp_strip *s, const char *path)
{
  table(c, "STRIP", s, path, NULL);
  for (size_t i = 0; i < s->n_inserts; i++) {
    const sp_insert *ins = &s->inserts[i];
    if (!ins->key_from || !ins->path)
      continue;
    char *kp = sp_xasprintf("%s.key", ins->path);
    table(c, "KEY", ins, kp, NULL);
    free(kp);
  }
}

/* ---- the recipe ------------------------------------------------------------- */

bool sp_recipe_check(const sp_recipe *r, sp_diags *d, size_t from)
{
  checker c = {.r = r,
               .d = d,
               .written = sp_xcalloc(r->n_where + 1, sizeof *c.written),
               .said = sp_xcalloc(d->n + 1, sizeof *c.said)};
  for (size_t i = 0; i < r->n_where; i++)
    if (r->where[i].path)
      c.written[c.n_written++] = r->where[i].path;
  qsort(c.written, c.n_written, sizeof *c.written, by_path);
  for (size_t i = from; i < d->n; i++)
    if (d->v[i].severity == SP_SEV_ERROR && d->v[i].path)
      c.said[c.n_said++] = d->v[i].path;
  qsort(c.said, c.n_said, sizeof *c.said, by_path);
  table(&c, "ROOT", r, "", NULL);
  root(&c);
  for (size_t i = 0; i < r->n_tracks; i++) {
    const sp_track *t = &r->tracks[i];
    char *tp = sp_xasprintf("tracks.%s", t->name);
    for (size_t j = 0; j < t->n_regions; j++) {
      char *gp = t->regions_listed ? sp_xasprintf("%s.regions[%zu]", tp, j) : sp_xstrdup(tp);
      table(&c, "REGION", &t->regions[j], gp, NULL);
      region_rules(&c, &t->regions[j], gp, t->regions_listed);
      free(gp);
    }
    name_rule(&c, t->name, tp, "track");
    instrument_rules(&c, t, tp);
    strip(&c, &t->strip, tp);
    free(tp);
  }
  for (size_t i = 0; i < r->n_buses; i++) {
    char *bp = sp_xasprintf("buses.%s", r->buses[i].name);
    name_rule(&c, r->buses[i].name, bp, "bus");
    strip(&c, &r->buses[i].strip, bp);
    free(bp);
  }
  strip(&c, &r->master, "master");
  table(&c, "MASTER", r, "master", NULL);
  free(c.written);
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
