/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recipe parser: walks the YAML tree of io/recipe/yamltree.c and fills an
 * sp_recipe, converting units and checking types and ranges as it goes.
 *
 * Shape of the code: one function per kind of object (track, region, strip
 * fields, send, insert, stems, output, checks), each given the node and the
 * recipe path it lives at ("tracks.kick.sends[0]"). This file holds the top
 * level, tracks, regions, buses and the mixer fields; the values every
 * object uses are in parse_values.c, inserts in parse_inserts.c, stems,
 * versions, output and checks in parse_output.c, and what they all share
 * (the parser, its error helper, recipe paths, the keys a mapping takes)
 * in parser.c. Every
 * mapping is first checked against the keys that object allows, which
 * both reports unknown keys with a "did you mean" and records where each
 * key was written, so that later stages can point at `tracks.kick.to`
 * without seeing YAML.
 *
 * An error never stops the walk: the value keeps its default and parsing
 * goes on, so one run reports every mistake in the file. */

#include "io/recipe/parse.h"

#include "core/dsp/adm.h"

#include "io/recipe/parse_inserts.h"
#include "io/recipe/parse_output.h"
#include "io/recipe/parse_timed.h"
#include "io/recipe/parse_values.h"
#include "io/recipe/parser.h"

#include "core/base/alloc.h"
#include "core/base/units.h"
#include "core/recipe/build.h"
#include "core/recipe/check.h"
#include "core/recipe/keys.h"
#include "io/fs/fs.h"

#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rules across an object's keys ------------------------------------ */

/* Each object's keys are read from their rows (the fill), then the rules
 * across them are settled from the model and the place table alone
 * (which keys were written, whether a --set wrote them: sp_where), never
 * from the YAML mapping, so that a key filled into an object later is
 * settled as one read with it. */

/* ---- strips (the mixer fields) ------------------------------------------- */

/* Whether v is a position, `pan: {azimuth, elevation, spread}`, rather
 * than a plain pan: any mapping but a gain matrix (so that a misspelt key,
 * `azimth`, is said as one, with the key meant). */
static bool is_position(const sp_ynode *v)
{
  return v->kind == SP_Y_MAP && !sp_ymap_get(v, "gains") && !sp_ymap_get(v, "points") &&
         !sp_ymap_get(v, "ramp");
}

/* `pan: {azimuth, elevation, spread}`, its rows': a position, into a
 * destination of more than two channels. */
static void parse_position(parser *p, const sp_ynode *v, const char *kp, sp_position *pos)
{
  if (!recipe_check_keys(p, v, kp, sp_keys_position, "a position (or a gain matrix: {gains: ...})"))
    return;
  const sp_ynode *n = sp_ymap_get(v, "spread");
  if (n && n->kind == SP_Y_SEQ) {
    char *k = recipe_join(kp, "spread");
    bad(p, n, k, "spread cannot be automated: give one angle in degrees, 0 to 180");
    free(k);
  } else {
    recipe_fill(p, v, kp, "POSITION", NULL, pos);
  }
  recipe_fill_timed(p, v, kp, "POSITION", NULL, pos);
  pos->has = true; /* (its azimuth as written: the short way round is the graph's) */
}

/* `pan: {gains: {L: 0.97, Ls: [0.2, 0.1]}}`: linear gains into the
 * destination's channels so named, one for each of the strip's channels
 * (how many: the check's). Whether a matrix was read. */
static bool parse_gains(parser *p, const sp_ynode *v, const char *kp, sp_pan *pn)
{
  if (!recipe_check_keys(p, v, kp, sp_keys_gains, "a gain matrix"))
    return false;
  const sp_ynode *g = sp_ymap_get(v, "gains");
  char *k = recipe_join(kp, "gains");
  if (g->kind != SP_Y_MAP) {
    bad(p, g, k, "%s", sp_build_no_gains);
    free(k);
    return false;
  }
  pn->gain_to = sp_xcalloc(g->n, sizeof *pn->gain_to);
  pn->gain_v = sp_xcalloc(g->n, sizeof *pn->gain_v);
  pn->gain_n = sp_xcalloc(g->n, sizeof *pn->gain_n);
  for (size_t i = 0; i < g->n; i++) {
    const sp_ynode *e = g->pairs[i].value;
    char *ek = recipe_join(k, g->pairs[i].key->text);
    const size_t n = e->kind == SP_Y_SEQ ? e->n : 1;
    if ((e->kind != SP_Y_SEQ && e->kind != SP_Y_SCALAR) || n == 0 || n > SP_MAX_CHANNELS) {
      bad(p, e, ek,
          "expected a gain (a number, 1 is 0 dB) or one for each of the strip's "
          "channels, like [0.7, 0.2]");
      free(ek);
      continue;
    }
    double *vals = sp_xcalloc(n, sizeof *vals);
    bool ok = true;
    for (size_t j = 0; j < n; j++) {
      const sp_ynode *x = e->kind == SP_Y_SEQ ? e->items[j] : e;
      char *xk = e->kind == SP_Y_SEQ ? recipe_index_path(ek, j) : sp_xstrdup(ek);
      if (x->kind == SP_Y_SCALAR && (strstr(x->text, "dB") || strstr(x->text, "db"))) {
        bad(p, x, xk,
            "a gain matrix's gains are linear: 1 is 0 dB, 0.708 is -3 dB, 0.5 is -6 dB "
            "(got '%s')",
            x->text);
        ok = false;
      } else { /* its range is the check's (core/recipe/check.h) */
        if (e->kind == SP_Y_SEQ) /* a list's item, where it is (the gain's own is noted) */
          sp_recipe_note_value(p->r, xk, x->pos, x->from, sp_ynode_bare(x));
        ok &= recipe_read_value(p, x, xk, SP_UNIT_NUMBER, -SP_BUILD_GAIN_MAX, SP_BUILD_GAIN_MAX,
                                &vals[j]);
      }
      free(xk);
    }
    if (ok) {
      pn->gain_to[pn->n_gains] = sp_xstrdup(g->pairs[i].key->text);
      pn->gain_v[pn->n_gains] = vals;
      pn->gain_n[pn->n_gains++] = n;
    } else {
      free(vals);
    }
    free(ek);
  }
  free(k);
  return true;
}

/* `pan:`, a strip's or a send's (store PAN): a gain matrix, a position,
 * or a plain pan and its automation; given set when one is read. */
static bool get_pan(parser *p, const sp_ynode *v, const char *kp, const sp_key_row *row, void *obj)
{
  sp_pan *pan = (sp_pan *)((char *)obj + row->at);
  bool matrix = false;
  if (v->kind == SP_Y_MAP && sp_ymap_get(v, "gains"))
    matrix = parse_gains(p, v, kp, pan);
  else if (is_position(v))
    parse_position(p, v, kp, &pan->pos);
  else
    pan->has = recipe_get_timed(p, v, kp, recipe_timed_of(SP_TIMED_PAN), &pan->plain);
  pan->given = pan->has || pan->pos.has || matrix;
  return pan->given;
}

/* A send taps its strip after post_inserts unless its row says where. */
static bool send_start(parser *p, const recipe_item *it)
{
  (void)p;
  ((sp_send *)it->item)->tap.at = SP_TAP_POST;
  return true;
}

static void send_fini(void *sd) { sp_send_fini(sd); }

const recipe_list recipe_sends = {.items = "sends like '- {to: verb, level: -12 dB}'",
                                  .item = "a send",
                                  .start = send_start,
                                  .fini = send_fini};

typedef enum strip_kind { STRIP_TRACK, STRIP_BUS, STRIP_MASTER } strip_kind;

/* `inserts:` or (a row that counts them) `post_inserts:` (store CHAIN):
 * each insert of the list v appended to the strip's chain; null is none. */
static bool get_chain(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                      void *obj)
{
  sp_strip *s = (sp_strip *)((char *)obj + row->at);
  size_t *post = row->count ? (size_t *)((char *)obj + row->count - 1) : NULL;
  const size_t before = s->n_inserts;
  if (v->kind != SP_Y_SEQ && v->kind != SP_Y_NULL) {
    bad(p, v, path, "expected a list of %s, got %s",
        post ? "inserts after the fader like '- limiter: {ceiling: -1 dB}'"
             : "inserts like '- gain: {gain: -3 dB}'",
        sp_ykind_name(v->kind));
    return false;
  }
  for (size_t j = 0; v->kind == SP_Y_SEQ && j < v->n; j++) {
    char *ip = recipe_index_path(path, j);
    recipe_note(p, ip, v->items[j]);
    const size_t held = s->n_inserts;
    recipe_parse_insert(p, v->items[j], ip, s);
    if (s->n_inserts == held && !s->refused_at)
      s->refused_at = held + 1;
    s->post_unread |= post && s->n_inserts == held;
    free(ip);
  }
  if (post)
    *post = s->n_inserts - before;
  return true;
}

/* A moving polarity's setting at sp: true or false (every channel, a mask
 * of all ones or zero) or one of them a channel, as the chain's channels
 * come (the mask of the inverted ones). */
static bool invert_setting(parser *p, const recipe_timed *k, const sp_ynode *set, const char *sp,
                           double *v)
{
  (void)k;
  bool ok = true, on = false;
  if (set->kind != SP_Y_SEQ) {
    ok = recipe_get_bool(p, set, sp, &on);
    *v = on ? (double)UINT32_MAX : 0.0;
    return ok;
  }
  uint32_t mask = 0;
  const char *refused = sp_build_polarity_refused(set->n);
  if (refused) {
    bad(p, set, sp, "%s", refused);
    ok = false;
  }
  for (size_t c = 0; ok && c < set->n; c++) {
    char *cp = recipe_index_path(sp, c);
    ok = recipe_get_bool(p, set->items[c], cp, &on);
    mask |= on ? 1u << c : 0u;
    free(cp);
  }
  *v = mask;
  return ok;
}

/* `invert: [[0, false], [2 s, true], [3 s, [true, false]]]`: a polarity
 * that moves (values: the masks of inverted channels). */
static const recipe_timed inverts = RECIPE_TIMED_SETTINGS(
    &sp_timed_kinds[SP_TIMED_SETTING], invert_setting, 0, "setting", "false", "true",
    "a moving polarity is a list of [time, setting] points in time order, a setting true, false or "
    "one of them a channel, like [[0, false], [2 s, true], [3 s, [true, false]]]");

/* `invert:` (store POLARITY): true or false, one a channel, or moving. */
static bool get_polarity(parser *p, const sp_ynode *v, const char *kp, const sp_key_row *row,
                         void *obj)
{
  sp_polarity *pol = (sp_polarity *)((char *)obj + row->at);
  if (v->kind == SP_Y_SEQ && v->n && v->items[0]->kind == SP_Y_SEQ) { /* moving */
    pol->moves_n = 0;
    for (size_t i = 0; i < v->n; i++) { /* (its longest setting list, written so) */
      const sp_ynode *pt = v->items[i];
      if (pt->kind == SP_Y_SEQ && pt->n == 2 && pt->items[1]->kind == SP_Y_SEQ &&
          pt->items[1]->n > pol->moves_n)
        pol->moves_n = pt->items[1]->n;
    }
    const size_t errors = sp_diags_errors(p->d);
    const bool read = recipe_get_timed(p, v, kp, &inverts, &pol->moves);
    if (sp_diags_errors(p->d) != errors) /* its lengths not judged where a setting is said */
      pol->moves_n = 0;
    return read;
  }
  if (v->kind != SP_Y_SEQ)
    return recipe_get_bool(p, v, kp, &pol->all);
  double mask = 0; /* channel by channel: a setting of a moving polarity */
  if (!invert_setting(p, &inverts, v, kp, &mask))
    return false;
  pol->mask = (uint32_t)mask;
  pol->n = v->n;
  return true;
}

/* Read the mixer fields present in map (the caller checked the keys). */
static void parse_strip(parser *p, const sp_ynode *map, const char *path, sp_strip *s,
                        strip_kind kind)
{
  /* every key the strip takes from its row (the rules across keys: a
   * track feeds something, an object or a bed is printed, feeds no bus:
   * the check's) */
  static const char *const *const takes[] = {sp_keys_track_all, sp_keys_bus_all,
                                             sp_keys_master_all};
  s->object_binaural = SP_ADM_BINAURAL_MID; /* object.binaural's default */
  recipe_fill(p, map, path, "STRIP", takes[kind], s);
  recipe_fill_timed(p, map, path, "STRIP", takes[kind], s);
  s->layout_unread =
      sp_recipe_noted_key(p->r, path, "layout") && !s->layout; /* given and refused */
}

/* ---- tracks and regions -------------------------------------------------- */

/* A track of one region takes its region's keys (core/recipe/keys.h); a
 * region in a `regions:` list may also carry its own gain, envelope and
 * opacity. */
static const char *const *const region_keys = sp_keys_region_on_track;
static const char *const region_list[] = {"regions", NULL};

/* What a region plays: file, files or midi (one). */
typedef enum plays { PLAYS_FILE, PLAYS_FILES, PLAYS_MIDI, PLAYS_NONE } plays;
static const char *const plays_keys[] = {"file", "files", "midi"};

/* Which of file, files and midi the region at path was written with
 * first (PLAYS_NONE: none), at[] each one's place (NULL: not written). */
static plays plays_first(const sp_recipe *r, const char *path, const sp_where *at[PLAYS_NONE])
{
  plays first = PLAYS_NONE;
  for (plays k = PLAYS_FILE; k < PLAYS_NONE; k++) {
    at[k] = sp_recipe_noted_key(r, path, plays_keys[k]);
    if (at[k] && (first == PLAYS_NONE || at[k] < at[first]))
      first = k;
  }
  return first;
}

/* A region's keys (the region at path, its keys noted) read into g from
 * map, those of only (NULL: all of the table's) but file, files and midi:
 * of them the first written alone (the one it plays, region_plays), each
 * after it read for what it says and dropped, so that what it plays is
 * in the model as its fill leaves it, settled without reading it again. */
static void region_fill(parser *p, const sp_ynode *map, const char *path, const char *const *only,
                        sp_region *g)
{
  _Static_assert((int)SP_KEY_REGION_FILE == PLAYS_FILE && (int)SP_KEY_REGION_FILES == PLAYS_FILES &&
                     (int)SP_KEY_REGION_MIDI == PLAYS_MIDI,
                 "a region's file, files and midi: its first rows, as plays counts them");
  const sp_where *at[PLAYS_NONE];
  const plays first = plays_first(p->r, path, at);
  for (plays k = PLAYS_FILE; k < PLAYS_NONE; k++) { /* (in their rows' order) */
    const char *one[] = {plays_keys[k], NULL};
    sp_region spare = {0};
    recipe_fill(p, map, path, "REGION", one, k == first ? g : &spare);
    sp_region_fini(&spare);
  }
  recipe_fill(p, map, path, "REGION", (only ? only : sp_keys_region) + PLAYS_NONE, g);
}

/* The rules across a region's file, files and midi (the region at path,
 * its keys read into g by region_fill), from the model and the place
 * table: it plays the first written, each after it said at its key;
 * `files:` then lends its first file to file, path and key, which what
 * names a region's audio reads. A region that plays none of them is said
 * at its place. */
static void region_plays(parser *p, const char *path, sp_region *g)
{
  const sp_where *at[PLAYS_NONE];
  const plays first = plays_first(p->r, path, at);
  if (first == PLAYS_NONE) {
    bad_at(p, sp_recipe_noted(p->r, path), path,
           "a region needs 'file: PATH', the audio it plays, or 'midi: PATH', the notes "
           "its track's instrument plays");
    return;
  }
  for (const sp_where *said = at[first];;) { /* each after the first, as written */
    plays k = PLAYS_NONE;
    for (plays i = PLAYS_FILE; i < PLAYS_NONE; i++)
      if (at[i] && at[i] > said && (k == PLAYS_NONE || at[i] < at[k]))
        k = i;
    if (k == PLAYS_NONE)
      break;
    said = at[k];
    char *kp = recipe_join(path, plays_keys[k]);
    /* a --set's beside the text's: the region given whole */
    const bool listed = path[strlen(path) - 1] == ']'; /* (else a track's own keys) */
    char *fix = recipe_whole_fix(p, at[k], at[first], path, listed ? "region" : "track",
                                 plays_keys[first], plays_keys[k]);
    if (k == PLAYS_FILES || first == PLAYS_FILES)
      bad_pair(p, at[k], kp,
               "a region plays either audio files side by side ('files:') or one file ('%s:'), "
               "not both; %s",
               plays_keys[k == PLAYS_FILES ? first : k], fix ? fix : "remove one");
    else
      bad_pair(p, at[k], kp,
               "a region plays either an audio file ('file:') or a MIDI file ('midi:'), not both; "
               "%s",
               fix ? fix : "remove one");
    free(fix);
    free(kp);
  }
  if (g->n_files > 0) {
    free(g->file);
    free(g->path);
    free(g->key);
    g->file = sp_xstrdup(g->files[0]);
    g->path = sp_xstrdup(g->paths[0]);
    g->key = sp_xstrdup(g->keys[0]);
  }
}

static void add_region(sp_track *t, sp_region g)
{
  SP_GROW(t->regions, t->n_regions, t->cap_regions);
  t->regions[t->n_regions++] = g;
}

/* A region of `regions:`: its rows read (region_fill), then what it
 * plays settled (the other rules across its keys, and a kind its track's
 * first refuses, are the check's). */
static void region_rows(parser *p, const recipe_item *it)
{
  region_fill(p, it->map, it->path, NULL, it->item);
}

static bool region_done(parser *p, const recipe_item *it)
{
  region_plays(p, it->path, it->item);
  return true;
}

static void region_fini(void *g) { sp_region_fini(g); }

const recipe_list recipe_regions = {.items = sp_build_regions_items,
                                    .item = "a region",
                                    .listed = true,
                                    .fill = region_rows,
                                    .done = region_done,
                                    .fini = region_fini};

/* `instrument:` of a track (store INSTRUMENT): its strip's first insert,
 * the strip's instrument set. */
static bool get_instrument(parser *p, const sp_ynode *v, const char *path, const sp_key_row *row,
                           void *obj)
{
  sp_strip *s = (sp_strip *)((char *)obj + row->at);
  const size_t before = s->n_inserts;
  p->instrument = true;
  recipe_parse_insert(p, v, path, s);
  p->instrument = false;
  if (s->n_inserts == before)
    return false;
  sp_insert ins = s->inserts[before]; /* first in the chain */
  memmove(&s->inserts[1], &s->inserts[0], before * sizeof *s->inserts);
  s->inserts[0] = ins;
  return s->instrument = true;
}

const recipe_read recipe_mixer_reads[] = {[SP_KEY_S_PAN] = get_pan,
                                          [SP_KEY_S_POLARITY] = get_polarity,
                                          [SP_KEY_S_CHAIN] = get_chain,
                                          [SP_KEY_S_INSTRUMENT] = get_instrument};

/* A track's regions and its one region's keys (the track at path, its
 * keys noted, regions its `regions:`): whether it lists its regions
 * alone; each region key given beside them said where it was given, or
 * (regions a --set put on a track the text gives its one region by keys)
 * once, at the set. */
static bool regions_alone(parser *p, const char *path, const sp_where *regions)
{
  bool alone = true, said_set = false;
  for (size_t i = 0; region_keys[i]; i++) {
    const sp_where *rk = sp_recipe_noted_key(p->r, path, region_keys[i]);
    if (!rk)
      continue;
    alone = false;
    if (sp_where_set(regions) && !sp_where_set(rk)) {
      if (!said_set) {
        char *rp = recipe_join(path, "regions"),
             *arg = sp_recipe_set_arg(p->r, path, "{regions: [{file: ..., ...}]}");
        bad_at(p, regions, rp,
               "this track gives its one region by its keys ('%s:' in the recipe), and a track "
               "gives 'file' (one region) or 'regions' (a list), not both: give the track "
               "whole, like --set %s",
               region_keys[i], arg);
        free(arg);
        free(rp);
      }
      said_set = true;
    } else { /* (a --set's: at its set) */
      char *kp = recipe_join(path, region_keys[i]);
      bad_at(p, rk, kp,
             "'%s' is a region's key, and this track lists its regions: give either 'file' (one "
             "region) or 'regions' (a list), not both; move '%s' into its region, like "
             "regions[0].%s",
             region_keys[i], region_keys[i], region_keys[i]);
      free(kp);
    }
  }
  return alone;
}

static void parse_track(parser *p, const sp_ynode *names, const sp_ynode *k, const sp_ynode *v,
                        const char *path)
{
  const char *const *keys = sp_keys_track_all;
  sp_recipe *r = p->r;
  sp_track *t = &r->tracks[r->n_tracks++]; /* room made by parse_tracks */
  memset(t, 0, sizeof *t);
  t->name = sp_xstrdup(k->text); /* its form is the check's */

  /* Shorthand: `kick: audio/kick.wav`. */
  if (v->kind == SP_Y_SCALAR) {
    sp_region g = {0};
    g.file = sp_xstrdup(v->text);
    g.path = recipe_resolve(r, v->text);
    g.key = recipe_join(path, sp_key_rows_root[SP_KEY_ROOT_TRACKS].short_key);
    recipe_note(p, g.key, v); /* its file where it is written (a --set's: at the set) */
    add_region(t, g);
    return;
  }
  if (v->kind == SP_Y_SEQ) {
    bad(p, v, path,
        "expected a track, got a list; write its file alone (%s: audio/%s.wav), a mapping "
        "({file: audio/%s.wav, gain: -3 dB}), or its regions ({regions: [{file: ...}, ...]})",
        k->text, k->text, k->text);
    return;
  }
  char *what = recipe_object_what(names, k, "track");
  const bool keyed = recipe_check_keys(p, v, path, keys, what);
  free(what);
  if (!keyed)
    return;
  parse_strip(p, v, path, &t->strip, STRIP_TRACK);

  /* its regions, or its one region by its keys (a track of neither: the
   * check's), then its instrument */
  const sp_where *regions = sp_recipe_noted_key(r, path, "regions"), *at[PLAYS_NONE];
  if (regions) {
    t->regions_listed = regions_alone(p, path, regions); /* (else each said) */
    if (t->regions_listed)
      recipe_fill(p, v, path, "TRACK", region_list, t);
  } else if (plays_first(r, path, at) != PLAYS_NONE) {
    sp_region g = {0};
    region_fill(p, v, path, region_keys, &g);
    region_plays(p, path, &g); /* (the other rules across its keys: the check's) */
    add_region(t, g);
  }
  static const char *const instrument[] = {"instrument", NULL}; /* read once its regions are */
  recipe_fill(p, v, path, "TRACK", instrument, t);
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
  /* room for every track at once: grown one at a time, a recipe of
   * thousands copied the array thousands of times (the allocator of a
   * sanitized build copies on each realloc: 2,000 buses took 11 s) */
  if (v->n > 0)
    p->r->tracks = sp_xreallocarray(p->r->tracks, p->r->n_tracks + v->n, sizeof *p->r->tracks);
  for (size_t i = 0; i < v->n; i++) {
    char *path = recipe_join("tracks", v->pairs[i].key->text);
    recipe_note_pair(p, path, v->pairs[i].key, v->pairs[i].value, false, v->pairs[i].key->text);
    parse_track(p, v, v->pairs[i].key, v->pairs[i].value, path);
    free(path);
  }
}

/* A bus's `solo:` (the bus at path, its keys noted): said at the bus (at
 * its mapping, noted at its name), or a --set's at the set. */
static void bus_solo(parser *p, const char *path, const char *name)
{
  const sp_where *solo = sp_recipe_noted_key(p->r, path, "solo");
  if (!solo)
    return;
  char *sp = recipe_join(path, "solo"), why[256];
  sp_build_bus_solo(name, why, sizeof why);
  if (sp_where_set(solo))
    bad_at(p, solo, sp, "%s", why);
  else
    bad_pair(p, sp_recipe_noted(p->r, path), sp, "%s", why);
  free(sp);
}

static void parse_buses(parser *p, const sp_ynode *v)
{
  const char *const *keys = sp_keys_bus_all;
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
  if (v->n > 0) /* room for every bus at once (as for tracks) */
    r->buses = sp_xreallocarray(r->buses, r->n_buses + v->n, sizeof *r->buses);
  for (size_t i = 0; i < v->n; i++) {
    const sp_ynode *k = v->pairs[i].key, *b = v->pairs[i].value;
    char *path = recipe_join("buses", k->text);
    /* where it is written (a --set's: at the set) */
    recipe_note_pair(p, path, k, b, false, k->text);
    sp_bus *bus = &r->buses[r->n_buses++];
    memset(bus, 0, sizeof *bus);
    bus->name = sp_xstrdup(k->text); /* its form is the check's */
    static const char *const solo[] = {"solo", NULL}; /* said by bus_solo, once */
    char *what = recipe_object_what(v, k, "bus");
    if (b->kind != SP_Y_NULL && recipe_check_keys_but(p, b, path, keys, solo, what)) {
      bus_solo(p, path, bus->name);
      parse_strip(p, b, path, &bus->strip, STRIP_BUS);
    }
    free(what);
    free(path);
  }
}

static void parse_master(parser *p, const sp_ynode *v)
{
  if (v->kind == SP_Y_NULL)
    return;
  if (!recipe_check_keys(p, v, "master", sp_keys_master_all, "master"))
    return;
  /* master's own keys, then the mixer's (the strip parser reads only those) */
  recipe_fill(p, v, "master", "MASTER", NULL, p->r);
  parse_strip(p, v, "master", &p->r->master, STRIP_MASTER);
}

/* ---- top level ----------------------------------------------------------- */

static void parse_root(parser *p, const sp_ynode *root)
{
  const char *const *keys = sp_keys_root;
  sp_recipe *r = p->r;
  if (root->kind != SP_Y_MAP) {
    bad(p, root, NULL, "a recipe is a mapping starting with 'stemprint: 1'; got %s",
        sp_ykind_name(root->kind));
    return;
  }
  recipe_note(p, "", root); /* the recipe itself: what is said of it, said at its first key */
  recipe_check_keys(p, root, "", keys, "the recipe");
  const sp_ynode *v;

  /* the recipe's own keys from their rows (what each may be is the
   * check's, core/recipe/check.h); the rest is read at a rate it can be
   * read at, the default where the one given is none */
  recipe_fill(p, root, "", "ROOT", NULL, r);
  const double rate = r->sample_rate;
  r->sample_rate = sp_recipe_reading_rate(rate);
  /* The most tracks and buses a recipe may hold: a film mix has a few
   * hundred; a recipe of a hundred thousand (a few megabytes of text) took
   * half a minute and gigabytes before failing to open its files. */
  const sp_ynode *tracks = sp_ymap_get(root, "tracks"), *buses = sp_ymap_get(root, "buses");
  const size_t n_tracks = tracks && tracks->kind == SP_Y_MAP ? tracks->n : 0,
               n_buses = buses && buses->kind == SP_Y_MAP ? buses->n : 0;
  char nodes_why[320];
  if (!sp_build_nodes(n_tracks, n_buses, nodes_why, sizeof nodes_why)) {
    bad(p, n_tracks > n_buses ? tracks : buses, n_tracks > n_buses ? "tracks" : "buses", "%s",
        nodes_why);
    r->sample_rate = rate;
    return;
  }
  if (tracks)
    parse_tracks(p, tracks);
  if (buses)
    parse_buses(p, buses);
  if ((v = sp_ymap_get(root, "master")))
    parse_master(p, v);
  recipe_settle_output(p);
  r->sample_rate = rate;
}

/* root read as a recipe at path, at rate where it gives no sample_rate,
 * what written holds that no key does kept (NULL: none), checked unless
 * the caller checks it (unchecked). */
static sp_err finish(sp_ynode *root, const char *path, const sp_recipe *written, double rate,
                     bool unchecked, sp_recipe **out, sp_diags *d)
{
  size_t before = sp_diags_errors(d);
  *out = NULL;
  if (!root)
    return sp_diags_status(d);
  const size_t from = d->n;
  parser p = {.r = sp_recipe_new(path), .d = d};
  free(p.r->dir); /* of /dev/stdin, /dev/fd/63: the file's or the working folder */
  p.r->dir = sp_fs_text_folder(path);
  p.r->sample_rate = rate;
  if (written) /* its files read where they are staged, as the text's were */
    sp_recipe_stage(p.r, written->staged, written->n_staged);
  parse_root(&p, root);
  sp_ynode_free(root);
  if (written)
    sp_recipe_unwritten_from(p.r, written);
  if (!unchecked)
    sp_recipe_check(p.r, d, from);
  *out = p.r;
  return sp_diags_errors(d) > before ? sp_diags_status(d) : SP_OK;
}

sp_err sp_recipe_parse_file(const char *path, sp_recipe **out, sp_diags *d)
{
  return sp_recipe_parse_set(path, NULL, NULL, 0, out, d);
}

sp_err sp_recipe_parse_string(const char *path, const char *text, sp_recipe **out, sp_diags *d)
{
  return sp_recipe_parse_set(path, text, NULL, 0, out, d);
}

/* Whether set ("KEY=VALUE") is one of the recipe's stems keys. */
static bool sets_stems(const char *set)
{
  const size_t n = strcspn(set, "=");
  return n >= 5 && strncmp(set, "stems", 5) == 0 && (n == 5 || set[5] == '.' || set[5] == '[');
}

/* The class of the insert whose value is v in strip's chains (an item
 * `- NAME: v` of its inserts or post_inserts, or its instrument), where
 * its family names one with no selector; else NULL. */
static const sp_proc_class *insert_in(const sp_ynode *strip, const sp_ynode *v)
{
  static const char *const chains[] = {"inserts", "post_inserts", "instrument"};
  for (size_t c = 0; c < 3; c++) {
    const sp_ynode *chain = sp_ymap_get(strip, chains[c]);
    const size_t n = !chain ? 0 : chain->kind == SP_Y_SEQ ? chain->n : 1;
    for (size_t k = 0; k < n; k++) {
      const sp_ynode *item = chain->kind == SP_Y_SEQ ? chain->items[k] : chain;
      if (item->kind != SP_Y_MAP || item->n != 1 || item->pairs[0].value != v)
        continue;
      const sp_proc_family *f = sp_proc_family_find(item->pairs[0].key->text);
      char why[320];
      return f && !f->selector ? sp_proc_family_class(f, NULL, why, sizeof why) : NULL;
    }
  }
  return NULL;
}

/* The class of the insert whose value is v, a node of root's (NULL: v
 * is none's, or its class is chosen by a selector). */
static const sp_proc_class *insert_of(const sp_ynode *root, const sp_ynode *v)
{
  static const char *const groups[] = {"tracks", "buses"};
  for (size_t g = 0; g < 2; g++) {
    const sp_ynode *all = sp_ymap_get(root, groups[g]);
    for (size_t i = 0; all && i < all->n; i++) {
      const sp_proc_class *cls = insert_in(all->pairs[i].value, v);
      if (cls)
        return cls;
    }
  }
  return insert_in(sp_ymap_get(root, "master"), v);
}

/* What a node on a --set's way is short for (sp_yshort_fn), so that one
 * key has one path however the text wrote it: a track written as its file
 * alone (`b: b.wav`, parse_track) is {file: b.wav}, so tracks.b.gain sets
 * its gain as it would a track written in full; an insert written as its
 * one value (`- gain: -3 dB`) is {gain: -3 dB}, its primary parameter's;
 * the bands of one that has bands written as their list (`- eq: [...]`)
 * are {bands: [...]}, and an item of it, eq[0], is bands[0] where the
 * text wrote `eq: {bands: [...]}` (recipe_parse_insert reads each so). */
static const char *short_for(const sp_ynode *root, const sp_ynode *node)
{
  const sp_ynode *tracks = sp_ymap_get(root, "tracks");
  for (size_t i = 0; node->kind == SP_Y_SCALAR && tracks && i < tracks->n; i++)
    if (tracks->pairs[i].value == node)
      return sp_key_rows_root[SP_KEY_ROOT_TRACKS].short_key;
  const sp_proc_class *cls = insert_of(root, node);
  if (!cls)
    return NULL;
  if (cls->flags & SP_PROC_BANDS)
    return node->kind == SP_Y_SEQ || node->kind == SP_Y_MAP ? "bands" : NULL;
  return node->kind == SP_Y_SCALAR && cls->primary_param >= 0 ? cls->params[cls->primary_param].name
                                                              : NULL;
}

/* The path of a --set's key as root's track holds its one region, where
 * the text writes it the other way (heap; NULL: as given): a track giving
 * its one region by its keys (`bass: {file: b.wav, fade_in: ...}`, or
 * `bass: b.wav`) takes tracks.bass.regions[0].K as tracks.bass.K, and one
 * listing a region alone (`regions: [{...}]`, as an import writes it)
 * takes a region's key K (sp_keys_region_on_track) given on the track,
 * tracks.bass.K, as regions[0].K: one key, one path, as parse_track reads
 * either. The track is named as sp_ynode_put names it (sp_ypath_name). */
static char *one_region_path(const sp_ynode *root, const char *key)
{
  const sp_ynode *tracks = sp_ymap_get(root, "tracks");
  if (!tracks || strncmp(key, "tracks.", 7) != 0)
    return NULL;
  size_t used = 0;
  char *name = sp_ypath_name(tracks, key + 7, &used);
  const sp_ynode *track = name ? sp_ymap_get(tracks, name) : NULL;
  free(name);
  const char *tail = key + 7 + used; /* ".K..." */
  if (!track || *tail != '.')
    return NULL;
  static const char listed[] = ".regions[0].";
  const size_t nl = sizeof listed - 1;
  const sp_ynode *regions = sp_ymap_get(track, "regions");
  if (strncmp(tail, listed, nl) == 0 && tail[nl] && !regions &&
      (track->kind == SP_Y_SCALAR || track->kind == SP_Y_MAP))
    return sp_xasprintf("%.*s%s", (int)(tail - key), key, tail + nl - 1);
  char *k = sp_xasprintf("%.*s", (int)strcspn(tail + 1, ".["), tail + 1);
  const bool region_key = recipe_in_list(k, sp_keys_region_on_track) && !sp_ymap_get(track, k);
  free(k);
  if (region_key && regions && regions->kind == SP_Y_SEQ && regions->n == 1)
    return sp_xasprintf("%.*s.regions[0]%s", (int)(tail - key), key, tail);
  return NULL;
}

/* Whether a --set's value v is nothing written: an empty or blank text (a
 * comment alone too), as an unset variable gives (`--set checks=$X`). Put,
 * it would read as null, and null clears a section: an empty value would
 * drop a failing check, the stems or a chain without a word, where a
 * scalar's refuses it. Null written (`null`, `~`) is said on purpose: it
 * does what `KEY: null` in the text does. */
static bool said_nothing(const sp_ynode *v)
{
  return v->kind == SP_Y_NULL && (!v->text || !*v->text);
}

void sp_recipe_put_sets(sp_ynode *root, const char *const *sets, size_t n_sets, bool stems_only,
                        char **from, sp_diags *d)
{
  for (size_t k = 0; k < n_sets && root; k++) {
    if (stems_only && !sets_stems(sets[k]))
      continue;
    from[k] = sp_xasprintf(SP_SET_FROM "%s", sets[k]);
    const char *eq = strchr(sets[k], '=');
    sp_ynode *v = NULL;
    char why[512];
    if (!eq)
      sp_diags_error(d, SP_ERR_USAGE, from[k], (sp_pos){0, 0}, NULL,
                     "expected KEY=VALUE, a recipe key by its dotted path and its value, like "
                     "--set output.depth=32f");
    else if (root->kind == SP_Y_MAP &&
             sp_yaml_load_string(from[k], eq + 1, strlen(eq + 1), &v, d) == SP_OK) {
      if (said_nothing(v)) {
        char *path = sp_xasprintf("%.*s", (int)(eq - sets[k]), sets[k]);
        for (char *q = path; (q = strchr(q, '"'));) /* its names, quotes aside */
          memmove(q, q + 1, strlen(q));
        sp_diags_error(d, SP_ERR_USAGE, from[k], (sp_pos){0, 0}, NULL,
                       "%s: expected a value after '=', got nothing (as an unset variable "
                       "gives); give its value, or write an empty one on purpose (null, {} or [])",
                       path);
        free(path);
        sp_ynode_free(v);
        continue;
      }
      char *key = sp_xasprintf("%.*s", (int)(eq - sets[k]), sets[k]);
      char *one = one_region_path(root, key);
      if (one) {
        free(key);
        key = one;
      }
      if (!sp_ynode_put(root, key, v, from[k], short_for, why, sizeof why))
        sp_diags_error(d, SP_ERR_USAGE, from[k], (sp_pos){0, 0}, NULL, "%s", why);
      free(key);
    }
  }
}

sp_err sp_recipe_parse_set(const char *path, const char *text, const char *const *sets,
                           size_t n_sets, sp_recipe **out, sp_diags *d)
{
  sp_ynode *root = NULL;
  if (text)
    sp_yaml_load_string(path, text, strlen(text), &root, d);
  else
    sp_yaml_load(path, &root, d);
  return sp_recipe_parse_tree(path, root, NULL, sets, n_sets, out, d);
}

/* sp_recipe_parse_tree at rate where the recipe gives none. */
static sp_err parse_tree(const char *path, sp_ynode *root, const sp_recipe *written,
                         const char *const *sets, size_t n_sets, double rate, sp_recipe **out,
                         sp_diags *d)
{
  if (root && root->kind == SP_Y_NULL && n_sets) /* an empty recipe: --set starts it */
    root->kind = SP_Y_MAP;
  char **from = sp_xcalloc(n_sets + 1, sizeof *from); /* messages name them: kept to the end */
  sp_recipe_put_sets(root, sets, n_sets, false, from, d);
  sp_err err = finish(root, path, written, rate, written != NULL, out, d);
  sp_free_strings(from, n_sets);
  return err;
}

sp_err sp_recipe_parse_tree(const char *path, sp_ynode *root, const sp_recipe *written,
                            const char *const *sets, size_t n_sets, sp_recipe **out, sp_diags *d)
{
  return parse_tree(path, root, written, sets, n_sets, SP_RECIPE_DEFAULT_RATE, out, d);
}

sp_err sp_recipe_parse_at_rate(const char *path, sp_ynode *root, const char *const *sets,
                               size_t n_sets, double rate, sp_recipe **out, sp_diags *d)
{
  return parse_tree(path, root, NULL, sets, n_sets, rate, out, d);
}

/* ---- a recipe's stems read again ----------------------------------------- */

/* A node of kind at pos (a scalar's text copied). */
static sp_ynode *node(sp_ykind kind, sp_pos pos, const char *text)
{
  sp_ynode *n = sp_xcalloc(1, sizeof *n);
  *n = (sp_ynode){.kind = kind, .pos = pos, .text = text ? sp_xstrdup(text) : NULL};
  return n;
}

/* key (at key_pos) and value (taken) as the last pair of map. */
static void map_put(sp_ynode *map, const char *key, sp_pos key_pos, sp_ynode *value)
{
  map->pairs = sp_xreallocarray(map->pairs, map->n + 1, sizeof *map->pairs);
  map->pairs[map->n++] = (sp_ypair){node(SP_Y_SCALAR, key_pos, key), value};
}

/* The recipe's stems as the tree its text holds them in, each node where
 * r notes its path (a key on its value's line, as the text writes it:
 * `stems:` the line above its block, a stem's name two columns in). */
static sp_ynode *stems_tree(const sp_recipe *r)
{
  sp_ynode *root = node(SP_Y_MAP, (sp_pos){1, 1}, NULL);
  if (!r->has_stems)
    return root;
  const sp_pos at = sp_recipe_where(r, "stems");
  sp_ynode *stems = node(SP_Y_MAP, at, NULL);
  map_put(root, "stems", (sp_pos){at.line - 1, 1}, stems);
  if (r->split != SP_SPLIT_SOURCES) {
    const sp_pos w = sp_recipe_where(r, "stems.split");
    map_put(stems, "split", (sp_pos){w.line, 3},
            node(SP_Y_SCALAR, w, sp_key_rows_stems[SP_KEY_STEMS_SPLIT].words[r->split]));
  }
  for (size_t i = 0; i < r->n_stems; i++) {
    const sp_stem *st = &r->stems[i];
    char *path = sp_xasprintf("stems.%s", st->name);
    const sp_pos w = sp_recipe_where(r, path);
    sp_ynode *list = node(SP_Y_SEQ, w, NULL);
    list->items = sp_xcalloc(st->n_members + 1, sizeof *list->items);
    for (size_t k = 0; k < st->n_members; k++) {
      char *mp = sp_recipe_item(r, path, k); /* (its place as written) */
      list->items[list->n++] = node(SP_Y_SCALAR, sp_recipe_where(r, mp), st->members[k]);
      free(mp);
    }
    map_put(stems, st->name, (sp_pos){w.line, 3}, list);
    free(path);
  }
  return root;
}

bool sp_recipe_parse_stems_set(sp_recipe *r, const char *const *sets, size_t n_sets,
                               size_t n_where, sp_diags *d)
{
  bool any = false;
  for (size_t k = 0; k < n_sets; k++)
    any |= sets_stems(sets[k]);
  if (!any)
    return true;
  sp_ynode *root = stems_tree(r);
  const size_t errors = sp_diags_errors(d), said = d->n;
  char **from = sp_xcalloc(n_sets + 1, sizeof *from);
  sp_recipe_put_sets(root, sets, n_sets, true, from, d);
  /* read as the recipe's own `stems:`, into a recipe of r's file */
  parser p = {.r = sp_recipe_new(r->file), .d = d};
  recipe_check_keys(&p, root, "", sp_keys_root, "the recipe");
  recipe_fill(&p, root, "", "ROOT", (const char *const[]){"stems", NULL}, p.r);
  sp_recipe_check(p.r, d, said); /* its stems' names */
  sp_ynode_free(root);
  const bool ok = sp_diags_errors(d) == errors;
  if (ok)
    sp_build_stems_from(r, p.r, n_where);
  sp_recipe_free(p.r);
  sp_free_strings(from, n_sets);
  return ok;
}
