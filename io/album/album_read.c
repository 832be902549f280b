/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The album recipe's reader: YAML (io/recipe/yamltree.h) into an
 * sp_album_spec, every key checked against its table (album_read.h), every
 * problem said at its line and column with its key path
 * (album.songs[1].crossfade.length) and a fix, all of them before it
 * stops. */

#include "io/album/album_read.h"

#include "core/album/redbook.h"
#include "core/base/alloc.h"
#include "core/base/names.h"
#include "core/recipe/keys.h"
#include "io/audio/tagfile.h"
#include "io/fs/fs.h"
#include "io/recipe/parse.h"
#include "io/recipe/yamltree.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each mapping's keys: its table's (core/recipe/album_keys.h). */
#define keys_root sp_keys_album_root
#define keys_album sp_keys_album
#define keys_song sp_keys_song
#define keys_fade sp_keys_song_fade
#define keys_trim sp_keys_song_trim
#define keys_output sp_keys_album_output
#define keys_set sp_keys_album_set
#define keys_cd sp_keys_cd

typedef struct rd {
  const char *file;
  sp_diags *d;
  char *dir;                  /* the album recipe's folder */
  const sp_album_spec *spec;  /* what it reads into */
} rd;

/* Where n was said: the album recipe, or the --set that put it there. */
static const char *origin(const rd *r, const sp_ynode *n)
{
  return n && n->from ? n->from : r->file;
}

__attribute__((format(printf, 4, 5))) static void bad(rd *r, const sp_ynode *n, const char *key,
                                                      const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(r->d, SP_ERR_USAGE, origin(r, n), n ? n->pos : (sp_pos){0}, key, fmt, ap);
  va_end(ap);
}

__attribute__((format(printf, 4, 5))) static void bad_at(rd *r, sp_pos pos, const char *key,
                                                         const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sp_diags_verror(r->d, SP_ERR_USAGE, r->file, pos, key, fmt, ap);
  va_end(ap);
}

static size_t count(const char *const *v)
{
  size_t n = 0;
  while (v[n])
    n++;
  return n;
}

/* Whether map is a mapping whose keys are all of keys; says each other. */
static bool mapping(rd *r, const sp_ynode *map, const char *path, const char *const *keys)
{
  if (!map || map->kind != SP_Y_MAP) {
    if (map)
      bad(r, map, path, "expected a mapping, got %s%s%s", SP_Y_GOT(map));
    else
      bad(r, NULL, path, "expected a mapping; add it");
    return false;
  }
  for (size_t i = 0; i < map->n; i++) {
    const char *k = map->pairs[i].key->text;
    bool known = false;
    for (size_t j = 0; keys[j] && !known; j++)
      known = strcmp(keys[j], k) == 0;
    if (known)
      continue;
    char full[256], list[512] = "";
    snprintf(full, sizeof full, "%s%s%s", path, *path ? "." : "", k);
    for (size_t j = 0; keys[j]; j++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", keys[j]);
    const char *near = sp_suggest(k, keys, count(keys));
    /* a --set of a song's key, given with the album: the album's keys it sets */
    const char *set = map->pairs[i].key->from ? "; --set with an album sets the album recipe's "
                                                "keys (docs/album.md), not its songs'"
                                              : "";
    if (near)
      bad(r, map->pairs[i].key, full, "unknown key; did you mean '%s'? (one of: %s)%s", near, list,
          set);
    else
      bad(r, map->pairs[i].key, full, "unknown key; %s takes: %s%s",
          *path ? path : "the album recipe", list, set);
  }
  return true;
}

/* A scalar's text (heap), or NULL after saying what it got. */
static char *text(rd *r, const sp_ynode *n, const char *path)
{
  if (n->kind != SP_Y_SCALAR) {
    bad(r, n, path, "expected a text, got %s%s%s", SP_Y_GOT(n));
    return NULL;
  }
  return sp_xstrdup(n->text);
}

static bool time_of(rd *r, const sp_ynode *n, const char *path, sp_time *t)
{
  char why[256];
  if (n->kind != SP_Y_SCALAR) {
    bad(r, n, path, "expected a time like '2 s' or '500 ms', got %s%s%s", SP_Y_GOT(n));
    return false;
  }
  if (!sp_units_parse_time(n->text, t, why, sizeof why)) {
    bad(r, n, path, "%s", why);
    return false;
  }
  if (t->seconds < 0 || t->frames < 0) {
    bad(r, n, path, "'%s' is negative; give 0 s or more", n->text);
    return false;
  }
  return true;
}

/* A path as written, resolved against the album's folder (heap). */
static char *resolve(rd *r, const char *p)
{
  if (p[0] == '/' || !r->dir[0])
    return sp_xstrdup(p);
  return sp_xasprintf("%s/%s", r->dir, p);
}

/* `fade_out:` or `crossfade:`: a time, or {length, curve}. */
static void fade(rd *r, const sp_ynode *n, const char *path, sp_time *len, sp_album_curve *curve)
{
  *curve = SP_ALBUM_LINEAR;
  if (n->kind != SP_Y_MAP) {
    time_of(r, n, path, len);
    return;
  }
  if (!mapping(r, n, path, keys_fade))
    return;
  char sub[256];
  const sp_ynode *l = sp_ymap_get(n, "length"), *c = sp_ymap_get(n, "curve");
  snprintf(sub, sizeof sub, "%s.length", path);
  if (!l)
    bad(r, n, sub, "a fade needs its length; add length: 2 s");
  else
    time_of(r, l, sub, len);
  snprintf(sub, sizeof sub, "%s.curve", path);
  if (c) {
    /* the row's words, in sp_album_curve's order (tests/test_album.c) */
    const char *const *curves = sp_key_rows_song_fade[SP_KEY_SONG_FADE_CURVE].words;
    bool found = false;
    for (int i = 0; curves[i] && c->kind == SP_Y_SCALAR && !found; i++)
      if (strcmp(curves[i], c->text) == 0) {
        *curve = (sp_album_curve)i;
        found = true;
      }
    if (!found)
      bad(r, c, sub, "no curve named %s%s%s; give linear or power", SP_Y_GOT(c));
  }
}

/* The codes are checked whether or not a CD is made: the tags carry them
 * too (an ISRC is core/base/isrc.h's: CC-XXX-YY-NNNNN, with or without
 * its hyphens, kept without them, as a recipe's output.tags.isrc; a
 * UPC/EAN has its check digit, core/album/redbook.h). */
static void isrc_check(rd *r, const sp_ynode *n, const char *path, char *s)
{
  char why[128];
  if (!sp_isrc_valid(s, why))
    bad(r, n, path, "not an ISRC: %s; copy it from the track's registration", why);
  else
    sp_isrc_compact(s, s);
}

static void upc_check(rd *r, const sp_ynode *n, const char *path, const char *s)
{
  char why[128];
  if (!sp_upc_valid(s, why))
    bad(r, n, path,
        "not a UPC/EAN: %s; copy the digits under the bar code (quoted: upc: \"012345678905\")",
        why);
}

/* Where each key of map said its value, by its place in keys. */
static void key_places(const sp_ynode *map, const char *const *keys, sp_pos *at)
{
  for (size_t i = 0; map && map->kind == SP_Y_MAP && i < map->n; i++)
    for (size_t j = 0; keys[j]; j++)
      if (strcmp(keys[j], map->pairs[i].key->text) == 0)
        at[j] = map->pairs[i].value->pos;
}

/* A song's text keys. */
static void song_meta(rd *r, const sp_ynode *m, const char *path, sp_album_entry *e)
{
  char sub[256];
  struct {
    const char *key;
    char **to;
  } t[] = {{"title", &e->meta.title},
           {"artist", &e->meta.artist},
           {"composer", &e->meta.composer},
           {"isrc", &e->meta.isrc}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    const sp_ynode *v = sp_ymap_get(m, t[i].key);
    snprintf(sub, sizeof sub, "%s.%s", path, t[i].key);
    if (v)
      *t[i].to = text(r, v, sub);
  }
  snprintf(sub, sizeof sub, "%s.isrc", path);
  if (e->meta.isrc)
    isrc_check(r, sp_ymap_get(m, "isrc"), sub, e->meta.isrc);
}

static void song_times(rd *r, const sp_ynode *m, const char *path, sp_album_entry *e)
{
  char sub[256];
  const sp_ynode *v;
  const sp_ynode *gap = sp_ymap_get(m, "gap"), *xf = sp_ymap_get(m, "crossfade"),
                 *sp = sp_ymap_get(m, "splice");
  if ((gap != NULL) + (xf != NULL) + (sp != NULL) > 1)
    bad(r, xf ? xf : sp, path,
        "a song meets the one before by one of gap, crossfade or splice; keep one");
  if (gap) {
    snprintf(sub, sizeof sub, "%s.gap", path);
    if (gap->kind == SP_Y_SCALAR && gap->text[0] == '-')
      bad(r, gap, sub,
          "a gap cannot be negative ('%s'); give 0 s (a butt splice) or more, or "
          "crossfade: to overlap the songs",
          gap->text);
    else
      time_of(r, gap, sub, &e->gap);
  }
  if (xf) {
    snprintf(sub, sizeof sub, "%s.crossfade", path);
    fade(r, xf, sub, &e->crossfade, &e->xcurve);
    e->has_crossfade = true;
  }
  if (sp) {
    snprintf(sub, sizeof sub, "%s.splice", path);
    if (sp->kind != SP_Y_SCALAR ||
        strcmp(sp->text, sp_key_rows_song[SP_KEY_SONG_SPLICE].words[0]) != 0)
      bad(r, sp, sub, "expected 'butt' (the song starts where the one before ends)");
  }
  if ((v = sp_ymap_get(m, "fade_out"))) {
    snprintf(sub, sizeof sub, "%s.fade_out", path);
    fade(r, v, sub, &e->fade_out, &e->fcurve);
  }
  const sp_ynode *trim = sp_ymap_get(m, "trim"), *from = sp_ymap_get(m, "from"),
                 *to = sp_ymap_get(m, "to");
  if (trim && (from || to))
    bad(r, trim, path, "a song is trimmed by trim: or by from:/to:, not both; keep one");
  if (trim) {
    snprintf(sub, sizeof sub, "%s.trim", path);
    if (mapping(r, trim, sub, keys_trim)) {
      const sp_ynode *h = sp_ymap_get(trim, "head"), *t = sp_ymap_get(trim, "tail");
      snprintf(sub, sizeof sub, "%s.trim.head", path);
      if (h)
        time_of(r, h, sub, &e->head);
      snprintf(sub, sizeof sub, "%s.trim.tail", path);
      if (t)
        time_of(r, t, sub, &e->tail);
    }
  }
  if (from) {
    snprintf(sub, sizeof sub, "%s.from", path);
    time_of(r, from, sub, &e->head);
  }
  if (to) {
    snprintf(sub, sizeof sub, "%s.to", path);
    e->has_to = time_of(r, to, sub, &e->to);
  }
  if ((v = sp_ymap_get(m, "index"))) {
    snprintf(sub, sizeof sub, "%s.index", path);
    const sp_ynode *one = v;
    size_t n = v->kind == SP_Y_SEQ ? v->n : 1;
    e->index = sp_xcalloc(n ? n : 1, sizeof *e->index);
    e->index_at = sp_xcalloc(n ? n : 1, sizeof *e->index_at);
    for (size_t i = 0; i < n; i++) {
      one = v->kind == SP_Y_SEQ ? v->items[i] : v;
      snprintf(sub, sizeof sub, "%s.index[%zu]", path, i);
      if (time_of(r, one, sub, &e->index[e->n_index]))
        e->index_at[e->n_index++] = one->pos;
    }
  }
}

static void song(rd *r, const sp_ynode *m, size_t k, sp_album_entry *e)
{
  snprintf(e->key, sizeof e->key, "album.songs[%zu]", k);
  e->pos = m->pos;
  if (!mapping(r, m, e->key, keys_song))
    return;
  key_places(m, keys_song, e->at);
  const sp_ynode *rec = sp_ymap_get(m, "recipe"), *file = sp_ymap_get(m, "file");
  char sub[256];
  if (!rec == !file) {
    bad(r, m, e->key,
        rec ? "a song is a recipe or a file, not both; keep one"
            : "a song needs recipe: (a recipe to render) or file: (a finished "
              "file); add one");
  } else {
    const sp_ynode *p = rec ? rec : file;
    snprintf(sub, sizeof sub, "%s.%s", e->key, rec ? "recipe" : "file");
    char *w = text(r, p, sub);
    if (w) {
      char *full = resolve(r, w);
      char why[512];
      if (!sp_fs_refuse_special(full, why, sizeof why) || access(full, R_OK) != 0)
        sp_diags_error(r->d, SP_ERR_IO, origin(r, p), p->pos, sub,
                       "no %s '%s' (as %s); check the path, relative to the album recipe's folder",
                       rec ? "recipe" : "file", w, full);
      *(rec ? &e->recipe : &e->file) = full;
      e->written = w;
    }
  }
  song_meta(r, m, e->key, e);
  song_times(r, m, e->key, e);
}

static void album(rd *r, const sp_ynode *a, sp_album_spec *s)
{
  if (!mapping(r, a, "album", keys_album))
    return;
  key_places(a, keys_album, s->album_at);
  struct {
    const char *key;
    char **to;
  } t[] = {{"title", &s->meta.title}, {"artist", &s->meta.artist}, {"upc", &s->upc},
           {"genre", &s->genre},      {"year", &s->year},          {"cover", &s->cover}};
  char sub[64];
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    const sp_ynode *v = sp_ymap_get(a, t[i].key);
    snprintf(sub, sizeof sub, "album.%s", t[i].key);
    if (v)
      *t[i].to = text(r, v, sub);
  }
  if (s->upc)
    upc_check(r, sp_ymap_get(a, "upc"), "album.upc", s->upc);
  char why[256];
  if (s->year && !sp_key_rows_album[SP_KEY_ALBUM_YEAR].check(s->year, why, sizeof why))
    bad(r, sp_ymap_get(a, "year"), "album.year", "%s", why);
  if (s->cover) { /* its bytes are read once --confine holds it: sp_album_cover_check */
    char *full = resolve(r, s->cover);
    const sp_ynode *c = sp_ymap_get(a, "cover");
    if (access(full, R_OK) != 0)
      sp_diags_error(r->d, SP_ERR_IO, origin(r, c), c->pos, "album.cover",
                     "no image '%s' (as %s); check the path", s->cover, full);
    s->cover_written = s->cover;
    s->cover = full;
  }
  const sp_ynode *rate = sp_ymap_get(a, "rate");
  if (rate) {
    const sp_key_row *row = &sp_key_rows_album[SP_KEY_ALBUM_RATE];
    if (rate->kind != SP_Y_SCALAR ||
        !sp_units_parse(SP_UNIT_HZ, rate->text, &s->rate, why, sizeof why) ||
        s->rate < row->min || s->rate > row->max || s->rate != (double)(long)s->rate)
      bad(r, rate, "album.rate", "expected a whole rate of %g to %g kHz, like 44.1 kHz",
          row->min / 1000, row->max / 1000);
  }
  const sp_ynode *songs = sp_ymap_get(a, "songs");
  if (!songs || songs->kind != SP_Y_SEQ || songs->n == 0) {
    bad(r, songs ? songs : a, "album.songs",
        "an album needs its songs, a list: songs: [{recipe: one.yaml}, {file: two.wav}]");
    return;
  }
  s->songs = sp_xcalloc(songs->n, sizeof *s->songs);
  s->n_songs = songs->n;
  for (size_t k = 0; k < songs->n; k++)
    song(r, songs->items[k], k, &s->songs[k]);
  /* an ISRC names one recording: two tracks with one are a copy's mistake */
  for (size_t k = 0; k < s->n_songs; k++)
    for (size_t j = 0; j < k && s->songs[k].meta.isrc; j++)
      if (s->songs[j].meta.isrc && strcmp(s->songs[j].meta.isrc, s->songs[k].meta.isrc) == 0) {
        char key[96];
        snprintf(key, sizeof key, "%s.isrc", s->songs[k].key);
        const sp_pos first = s->songs[j].at[SP_KEY_SONG_ISRC];
        char where[32] = "";
        if (first.line)
          snprintf(where, sizeof where, " (line %d)", first.line);
        bad(r, sp_ymap_get(songs->items[k], "isrc"), key,
            "the ISRC %s is %s's too%s; each track has its own: copy this one's from its "
            "registration",
            s->songs[k].meta.isrc, s->songs[j].key, where);
        break;
      }
}

static bool word_of(const char *w, const char *const *words, int *out)
{
  for (int i = 0; words[i]; i++)
    if (strcmp(words[i], w) == 0) {
      *out = i;
      return true;
    }
  return false;
}

/* A loudness rule: a preset's name (the recipe's presets: `stemprint help
 * loudness.preset`), or {preset, target, tolerance, max_true_peak}. */
static void loudness_rule(rd *r, const sp_ynode *n, const char *path, sp_loudness_rule *out)
{
  const sp_key_row *row = sp_key_row_find("LOUDNESS", "preset");
  const sp_loudness_rule *presets = row->presets;
  const sp_ynode *p = n->kind == SP_Y_MAP ? sp_ymap_get(n, "preset") : n;
  if (n->kind == SP_Y_MAP && !mapping(r, n, path, sp_keys_loudness))
    return;
  *out = (sp_loudness_rule){.on = true};
  char sub[160];
  if (p) {
    bool found = false;
    for (size_t i = 0; p->kind == SP_Y_SCALAR && row->words[i] && !found; i++)
      if (strcmp(row->words[i], p->text) == 0) {
        *out = presets[i];
        out->on = true;
        found = true;
      }
    snprintf(sub, sizeof sub, n->kind == SP_Y_MAP ? "%s.preset" : "%s", path);
    if (!found)
      bad(r, p, sub, "no loudness preset named %s%s%s (stemprint help loudness.preset)",
          SP_Y_GOT(p));
  }
  if (n->kind != SP_Y_MAP)
    return;
  struct {
    const char *key;
    sp_unit unit;
    double *to;
    bool *has;
  } v[] = {{"target", SP_UNIT_LUFS, &out->target_lufs, &out->has_target},
           {"tolerance", SP_UNIT_LU, &out->tolerance_lu, NULL},
           {"max_true_peak", SP_UNIT_DBTP, &out->max_true_peak_dbtp, &out->has_max_true_peak}};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    const sp_ynode *x = sp_ymap_get(n, v[i].key);
    char why[256];
    snprintf(sub, sizeof sub, "%s.%s", path, v[i].key);
    if (!x)
      continue;
    if (x->kind != SP_Y_SCALAR || !sp_units_parse(v[i].unit, x->text, v[i].to, why, sizeof why))
      bad(r, x, sub, "%s", x->kind == SP_Y_SCALAR ? why : "expected a level");
    else if (v[i].has)
      *v[i].has = true;
  }
}

static void one_set(rd *r, const sp_ynode *m, size_t k, sp_album_set *set)
{
  char path[64], sub[96];
  snprintf(path, sizeof path, "output.also[%zu]", k);
  if (!mapping(r, m, path, keys_set))
    return;
  const sp_ynode *f = sp_ymap_get(m, "format"), *dp = sp_ymap_get(m, "depth"),
                 *br = sp_ymap_get(m, "bitrate"), *nm = sp_ymap_get(m, "name");
  int i;
  set->at = m->pos;
  snprintf(sub, sizeof sub, "%s.format", path);
  if (!f || f->kind != SP_Y_SCALAR || !word_of(f->text, sp_format_names, &i)) {
    char list[256];
    sp_format_list(1, list, sizeof list);
    bad(r, f ? f : m, sub, "a store set needs its format: %s", list);
  } else {
    set->format = (sp_format)i;
    set->format_at = f->pos;
  }
  const sp_format_desc *fd = &sp_formats[set->format];
  snprintf(sub, sizeof sub, "%s.depth", path);
  if (dp && (dp->kind != SP_Y_SCALAR || !word_of(dp->text, sp_depth_names, &i)))
    bad(r, dp, sub, "expected 16, 24 or 32f");
  else if (dp && fd->lossy)
    bad(r, dp, sub, "a %s set has no depth, a bitrate; drop depth", sp_format_names[set->format]);
  else if (dp)
    set->depth = (sp_depth)sp_depth_bits[i];
  set->kbps = fd->kbps;
  snprintf(sub, sizeof sub, "%s.bitrate", path);
  if (br && !fd->lossy)
    bad(r, br, sub, "a %s set is lossless, without a bitrate; drop bitrate",
        sp_format_names[set->format]);
  else if (br) {
    char *end = NULL;
    long v = br->kind == SP_Y_SCALAR ? strtol(br->text, &end, 10) : 0;
    if (!end || (*end && strcmp(end, " kbps") != 0) || v < fd->kbps_lo || v > fd->kbps_hi)
      bad(r, br, sub, "expected a bitrate of %d to %d kbps for %s, like %d", fd->kbps_lo,
          fd->kbps_hi, sp_format_names[set->format], fd->kbps);
    else
      set->kbps = (int)v;
    set->kbps_at = br->pos;
  }
  snprintf(sub, sizeof sub, "%s.name", path);
  set->name = nm ? text(r, nm, sub) : sp_xstrdup(sp_format_names[set->format]);
  set->name_at = nm ? nm->pos : (sp_pos){0};
  const sp_ynode *lo = sp_ymap_get(m, "loudness");
  snprintf(sub, sizeof sub, "%s.loudness", path);
  if (lo)
    loudness_rule(r, lo, sub, &set->loudness);
}

/* output.cd: true, false or {name}; the image's name into *name (heap)
 * when one is asked for. */
static void cd_key(rd *r, const sp_ynode *v, bool *want, char **name)
{
  if (v->kind == SP_Y_MAP) {
    if (mapping(r, v, "output.cd", keys_cd)) {
      const sp_ynode *nm = sp_ymap_get(v, "name");
      *want = true;
      if (nm)
        *name = text(r, nm, "output.cd.name");
    }
  } else if (v->kind == SP_Y_SCALAR && (!strcmp(v->text, "true") || !strcmp(v->text, "false")))
    *want = strcmp(v->text, "true") == 0;
  else
    bad(r, v, "output.cd", "expected true, false or {name: NAME}, got %s%s%s", SP_Y_GOT(v));
}

static void output(rd *r, const sp_ynode *o, sp_album_spec *s)
{
  s->format = SP_FORMAT_WAV;
  s->depth = SP_DEPTH_24;
  s->dither = true;
  char *dir = NULL, *cd_name = NULL;
  bool cd = false;
  if (o && mapping(r, o, "output", keys_output)) {
    key_places(o, keys_output, s->output_at);
    const sp_ynode *v;
    if ((v = sp_ymap_get(o, "dir")))
      dir = text(r, v, "output.dir");
    if ((v = sp_ymap_get(o, "master")))
      s->master = text(r, v, "output.master");
    if ((v = sp_ymap_get(o, "tracks")))
      s->tracks = text(r, v, "output.tracks");
    int i;
    if ((v = sp_ymap_get(o, "format"))) {
      char list[256];
      sp_format_list(0, list, sizeof list);
      if (v->kind != SP_Y_SCALAR || !word_of(v->text, sp_format_lossless_names, &i))
        bad(r, v, "output.format", "the master is lossless: %s", list);
      else
        word_of(v->text, sp_format_names, &i), s->format = (sp_format)i;
    }
    if ((v = sp_ymap_get(o, "depth"))) {
      if (v->kind != SP_Y_SCALAR || !word_of(v->text, sp_depth_names, &i))
        bad(r, v, "output.depth", "expected 16, 24 or 32f");
      else
        s->depth = (sp_depth)sp_depth_bits[i];
    }
    if ((v = sp_ymap_get(o, "dither"))) {
      const char *const *dithers = sp_key_rows_album_output[SP_KEY_ALBUM_OUTPUT_DITHER].words;
      if (v->kind != SP_Y_SCALAR || !word_of(v->text, dithers, &i))
        bad(r, v, "output.dither", "expected %s or %s", dithers[0], dithers[1]);
      else
        s->dither = i == 0; /* tpdf */
    }
    if ((v = sp_ymap_get(o, "loudness")))
      loudness_rule(r, v, "output.loudness", &s->loudness);
    if ((v = sp_ymap_get(o, "cd"))) {
      s->cd_at = v->pos;
      cd_key(r, v, &cd, &cd_name);
    }
    if ((v = sp_ymap_get(o, "also"))) {
      if (v->kind != SP_Y_SEQ)
        bad(r, v, "output.also", "expected a list of store sets: [{format: mp3, bitrate: 320}]");
      else {
        s->sets = sp_xcalloc(v->n ? v->n : 1, sizeof *s->sets);
        s->n_sets = v->n;
        for (size_t k = 0; k < v->n; k++)
          one_set(r, v->items[k], k, &s->sets[k]);
      }
    }
  }
  if (!sp_formats[s->format].float32 && s->depth == SP_DEPTH_32F)
    bad(r, o ? sp_ymap_get(o, "depth") : NULL, "output.depth",
        "%s holds integers only; give depth 16 or 24, or format wav for 32f",
        sp_format_names[s->format]);
  for (size_t k = 0; k < s->n_sets; k++) {
    const sp_album_set *set = &s->sets[k];
    char sub[64];
    snprintf(sub, sizeof sub, "output.also[%zu].depth", k);
    if (!sp_format_lossy(set->format) && !sp_formats[set->format].float32 &&
        (set->depth ? set->depth : s->depth) == SP_DEPTH_32F)
      bad_at(r, set->at, sub, "%s holds integers only; give the set depth: 16 or 24",
             sp_format_names[set->format]);
  }
  s->dir =
      dir ? resolve(r, dir) : sp_xasprintf("%s%sout/%s", r->dir, r->dir[0] ? "/" : "", s->base);
  free(dir);
  if (!s->master)
    s->master = sp_xstrdup("master");
  if (!s->tracks)
    s->tracks = sp_xstrdup("{nn} {title}");
  if (cd)
    s->cd = cd_name ? cd_name : sp_xstrdup(s->master);
  else
    free(cd_name);
}

/* ---- the names of the album's files -----------------------------------------
 * Every file an album writes is named here, before anything is read or
 * written, and checked as a render's prints are (core/base/names.h): each
 * a portable file name, so nothing lands outside output.dir (a name holds
 * no '/', never '.' or '..'), and no two of one folder the same name, or
 * names that differ only in case (one file on macOS and Windows): the
 * master, the tracks, the CD image's three files and the store sets'
 * folders in output.dir, each set's tracks in its folder. A clash is said
 * once, at the key to mend, naming the other. */

typedef struct named_file {
  char *name;    /* the file's name in its folder (heap) */
  char what[96]; /* "the master (output.master)", "track 2 'Same'" */
  char key[96];  /* where to mend it */
  sp_pos pos;
  bool track;    /* a track: its name from output.tracks */
} named_file;

/* A name that stands for a track k's whole file name: the tracks template
 * expanded, with the format's extension (heap). */
static char *track_file(const sp_album_spec *s, size_t k, sp_format f)
{
  char *stem = sp_album_track_name(s, k);
  char *file = sp_xasprintf("%s.%s", stem, sp_format_suffix(f));
  free(stem);
  return file;
}

/* Where track k's name is mended: its title, when the template takes the
 * title and a plain title would do; else output.tracks. */
static void track_key(const sp_album_spec *s, size_t k, bool plain_title_fixes, named_file *nf)
{
  const sp_album_entry *e = &s->songs[k];
  if (plain_title_fixes && strstr(s->tracks, "{title}")) {
    snprintf(nf->key, sizeof nf->key, "%s.title", e->key);
    nf->pos = e->at[SP_KEY_SONG_TITLE].line ? e->at[SP_KEY_SONG_TITLE] : e->pos;
  } else {
    snprintf(nf->key, sizeof nf->key, "output.tracks");
    nf->pos = s->output_at[SP_KEY_ALBUM_OUTPUT_TRACKS];
  }
}

/* Whether track k's name would be portable with a plain title. */
static bool plain_title_would_do(const sp_album_spec *s, size_t k, sp_format f)
{
  sp_album_spec t = *s;
  sp_album_entry e = s->songs[k];
  e.meta.title = "Title";
  t.songs = &e;
  char *file = track_file(&t, 0, f);
  const bool ok = sp_file_name_check(file, NULL, 0);
  free(file);
  return ok;
}

/* Each of files[0 .. n) checked alone, then against every one before it
 * (case ignored); a track clash said once (the sets' copies of the tracks
 * clash as the tracks do). in: the folder's name, for the message. */
static void names_apart(rd *r, named_file *files, size_t n, const char *in)
{
  bool said_empty = false; /* one template, one error */
  for (size_t k = 0; k < n; k++) {
    named_file *f = &files[k];
    char why[512];
    const char *dot = strrchr(f->name, '.');
    if (f->track && dot == f->name) {
      if (!said_empty)
        bad_at(r, f->pos, f->key,
               "%s would be written to '%s' in %s: its name is empty (output.tracks is '%s', "
               "and what it names is not given); put {nn} or {title} in output.tracks, or give "
               "the song what the template names",
               f->what, f->name, in, r->spec->tracks);
      said_empty = true;
      f->name[0] = '\0';
      continue;
    }
    if (!sp_file_name_check(f->name, why, sizeof why)) {
      bad_at(r, f->pos, f->key,
             "%s cannot be written under the name '%s' in %s: %s; name it a plain file name, "
             "inside output.dir",
             f->what, f->name, in, why);
      f->name[0] = '\0';
      continue;
    }
    for (size_t j = 0; j < k; j++) {
      if (!files[j].name[0] || strcasecmp(files[j].name, f->name) != 0)
        continue;
      const bool cased = strcmp(files[j].name, f->name) != 0;
      const char *fix = f->track && files[j].track
                            ? (strstr(r->spec->tracks, "{nn}") || strstr(r->spec->tracks, "{n}")
                                   ? "retitle one of them"
                                   : "put {nn} in output.tracks (\"{nn} {title}\"), or retitle "
                                     "one of them")
                            : "rename one of them";
      bad_at(r, f->pos, f->key,
             "%s would be written to '%s' in %s, like %s%s; %s", f->what, f->name, in,
             files[j].what,
             cased ? " (names that differ only in case are one file on macOS and Windows)" : "",
             fix);
      f->name[0] = '\0';
      break;
    }
  }
}

static void output_names(rd *r, const sp_album_spec *s)
{
  const size_t N = s->n_songs, S = s->n_sets;
  named_file *files = sp_xcalloc(N + S + 4, sizeof *files);
  size_t n = 0;
  files[n].name = sp_xasprintf("%s.%s", s->master, sp_format_suffix(s->format));
  snprintf(files[n].what, sizeof files[n].what, "the master (output.master)");
  snprintf(files[n].key, sizeof files[n].key, "output.master");
  files[n++].pos = s->output_at[SP_KEY_ALBUM_OUTPUT_MASTER];
  for (size_t k = 0; k < N; k++, n++) {
    files[n].name = track_file(s, k, s->format);
    files[n].track = true;
    snprintf(files[n].what, sizeof files[n].what, "track %zu", k + 1);
    track_key(s, k, plain_title_would_do(s, k, s->format), &files[n]);
  }
  for (int k = 0; s->cd && k < 3; k++, n++) {
    static const char *const ext[] = {"bin", "cue", "toc"};
    files[n].name = sp_xasprintf("%s.%s", s->cd, ext[k]);
    snprintf(files[n].what, sizeof files[n].what, "the CD image's %s (output.cd)", ext[k]);
    snprintf(files[n].key, sizeof files[n].key, "output.cd");
    files[n].pos = s->cd_at;
  }
  for (size_t k = 0; k < S; k++, n++) {
    const sp_album_set *set = &s->sets[k];
    files[n].name = sp_xstrdup(set->name ? set->name : "");
    snprintf(files[n].what, sizeof files[n].what, "the folder of output.also[%zu]", k);
    snprintf(files[n].key, sizeof files[n].key, "output.also[%zu].name", k);
    files[n].pos = set->name_at.line ? set->name_at : set->at;
  }
  const size_t before = sp_diags_errors(r->d);
  names_apart(r, files, n, "output.dir");
  /* each set's tracks in its folder, by their own extension (a clash of
   * the tracks is said once, above) */
  for (size_t k = 0; k < S && sp_diags_errors(r->d) == before; k++) {
    const sp_album_set *set = &s->sets[k];
    if (set->format == s->format)
      continue; /* the tracks' names, checked above */
    named_file *t = sp_xcalloc(N ? N : 1, sizeof *t);
    for (size_t j = 0; j < N; j++) {
      t[j].name = track_file(s, j, set->format);
      t[j].track = true;
      snprintf(t[j].what, sizeof t[j].what, "track %zu", j + 1);
      track_key(s, j, plain_title_would_do(s, j, set->format), &t[j]);
    }
    char *folder = sp_xasprintf("output.also[%zu]'s folder", k);
    names_apart(r, t, N, folder);
    free(folder);
    for (size_t j = 0; j < N; j++)
      free(t[j].name);
    free(t);
  }
  for (size_t k = 0; k < n; k++)
    free(files[k].name);
  free(files);
}

/* A text a CD's CD-Text carries (NULL: none): ISO-8859-1, no control
 * character. */
static void latin1_at(rd *r, sp_pos pos, const char *key, const char *s)
{
  char why[128];
  char *l1 = s ? sp_xmalloc(strlen(s) + 1) : NULL;
  if (s && !sp_cd_text_latin1(s, l1, strlen(s) + 1, why))
    bad_at(r, pos, key, "for the CD (output.cd): %s", why);
  free(l1);
}

/* What the Red Book rules of a CD say before the songs' lengths are known
 * (core/album/redbook.h; the lengths are held to them once the album is
 * laid out): at most 99 tracks, an image name both sheets can hold, and
 * CD-Text in ISO-8859-1. */
static void cd_rules(rd *r, const sp_album_spec *s)
{
  for (const char *c = s->cd; *c; c++)
    if (*c < 0x20 || *c > 0x7E || *c == '"' || *c == '\\' || *c == '/') {
      bad_at(r, s->cd_at, "output.cd.name",
             "the image's name '%s' has a character a CUE sheet and a TOC cannot both hold "
             "(character %zu); name it with ASCII letters, digits, spaces and punctuation but "
             "for \", \\ and /",
             s->cd, (size_t)(c - s->cd) + 1);
      break;
    }
  if (!s->cd[0])
    bad_at(r, s->cd_at, "output.cd.name", "the image's name is empty; give it a name");
  if (s->n_songs > SP_CD_MAX_TRACKS)
    bad_at(r, s->album_at[SP_KEY_ALBUM_SONGS], "album.songs",
           "%zu songs, and a CD holds at most 99 tracks; make two albums, or drop output.cd",
           s->n_songs);
  char key[96];
  latin1_at(r, s->album_at[SP_KEY_ALBUM_TITLE], "album.title", s->meta.title);
  latin1_at(r, s->album_at[SP_KEY_ALBUM_ARTIST], "album.artist", s->meta.artist);
  for (size_t k = 0; k < s->n_songs; k++) {
    const sp_album_entry *e = &s->songs[k];
    const struct {
      const char *key;
      int at;
      const char *v;
    } t[] = {{"title", SP_KEY_SONG_TITLE, e->meta.title},
             {"artist", SP_KEY_SONG_ARTIST, e->meta.artist},
             {"composer", SP_KEY_SONG_COMPOSER, e->meta.composer}};
    for (size_t i = 0; i < 3; i++) {
      snprintf(key, sizeof key, "%s.%s", e->key, t[i].key);
      latin1_at(r, e->at[t[i].at], key, t[i].v);
    }
  }
}

bool sp_album_file_is(const char *path)
{
  /* A session (.dawproject, .ardour, an ADM BWF) is not looked into: it
   * is opened once, by its reader. */
  const char *dot = strrchr(path, '.');
  struct stat st;
  if (!dot || (strcmp(dot, ".yaml") != 0 && strcmp(dot, ".yml") != 0) || stat(path, &st) != 0 ||
      !S_ISREG(st.st_mode)) /* a FIFO is read once, by the recipe's reader */
    return false;
  sp_diags d;
  sp_diags_init(&d);
  sp_ynode *root = NULL;
  bool is = sp_yaml_load(path, &root, &d) == SP_OK && root && root->kind == SP_Y_MAP &&
            sp_ymap_get(root, "album") != NULL;
  sp_ynode_free(root);
  sp_diags_fini(&d);
  return is;
}

sp_err sp_album_read(const char *path, const char *const *sets, size_t n_sets, sp_album_spec *spec,
                     sp_diags *d)
{
  *spec = (sp_album_spec){.file = sp_xstrdup(path)};
  const char *slash = strrchr(path, '/');
  char *base = sp_xstrdup(slash ? slash + 1 : path);
  char *dot = strrchr(base, '.');
  if (dot && dot != base)
    *dot = '\0';
  spec->base = base;
  rd r = {.file = path,
          .d = d,
          .spec = spec,
          .dir = slash ? sp_xasprintf("%.*s", (int)(slash - path), path) : sp_xstrdup("")};
  sp_ynode *root = NULL;
  const size_t before = sp_diags_errors(d);
  char **from = sp_xcalloc(n_sets + 1, sizeof *from); /* the nodes and messages name them */
  if (sp_yaml_load(path, &root, d) == SP_OK)
    sp_recipe_put_sets(root, sets, n_sets, false, from, d);
  if (root && mapping(&r, root, "", keys_root)) {
    const sp_ynode *v = sp_ymap_get(root, "stemprint");
    if (v && (v->kind != SP_Y_SCALAR || strcmp(v->text, "1") != 0))
      bad(&r, v, "stemprint", "this stemprint reads version 1; write stemprint: 1");
    album(&r, sp_ymap_get(root, "album"), spec);
    output(&r, sp_ymap_get(root, "output"), spec);
    if (spec->cd)
      cd_rules(&r, spec);
    if (sp_diags_errors(d) == before)
      output_names(&r, spec);
  }
  sp_ynode_free(root);
  sp_free_strings(from, n_sets);
  free(r.dir);
  return sp_diags_errors(d) > before ? sp_diags_status(d) : SP_OK;
}

static void meta_fini(sp_album_meta *m)
{
  free(m->title);
  free(m->artist);
  free(m->composer);
  free(m->isrc);
}

void sp_album_spec_fini(sp_album_spec *s)
{
  for (size_t k = 0; k < s->n_songs; k++) {
    sp_album_entry *e = &s->songs[k];
    free(e->recipe);
    free(e->file);
    free(e->written);
    free(e->index);
    free(e->index_at);
    meta_fini(&e->meta);
  }
  free(s->songs);
  for (size_t k = 0; k < s->n_sets; k++)
    free(s->sets[k].name);
  free(s->sets);
  meta_fini(&s->meta);
  free(s->upc);
  free(s->genre);
  free(s->year);
  free(s->cover);
  free(s->cover_written);
  free(s->file);
  free(s->base);
  free(s->dir);
  free(s->master);
  free(s->tracks);
  free(s->cd);
  *s = (sp_album_spec){0};
}

sp_err sp_album_cover_check(const sp_album_spec *spec, sp_diags *d)
{
  if (!spec->cover)
    return SP_OK;
  char *bytes = NULL, why[512];
  size_t n = 0;
  const char *mime = NULL;
  const sp_err err = sp_cover_read(spec->cover, &bytes, &n, &mime, why, sizeof why);
  free(bytes);
  if (err != SP_OK)
    sp_diags_error(d, err, spec->file, spec->album_at[SP_KEY_ALBUM_COVER], "album.cover",
                   "'%s': %s", spec->cover_written ? spec->cover_written : spec->cover, why);
  return err;
}

sp_err sp_album_spec_rate(const sp_album_spec *spec, double rate, sp_diags *d)
{
  const size_t before = sp_diags_errors(d);
  for (size_t k = 0; k < spec->n_sets; k++) {
    const sp_album_set *set = &spec->sets[k];
    const sp_format_desc *fd = &sp_formats[set->format];
    char key[64];
    snprintf(key, sizeof key, "output.also[%zu].format", k);
    if (!sp_format_takes_rate(set->format, rate))
      sp_diags_error(d, SP_ERR_USAGE, spec->file, set->format_at, key,
                     "%s takes %s, not the album's %g Hz; give album.rate one of them, or the set "
                     "another format",
                     sp_format_names[set->format], sp_format_rates(set->format), rate);
    int lo = fd->kbps_lo, hi = fd->kbps_hi;
    if (fd->lossy && fd->kbps_range)
      fd->kbps_range(rate, &lo, &hi);
    snprintf(key, sizeof key, "output.also[%zu].bitrate", k);
    if (fd->lossy && (set->kbps < lo || set->kbps > hi))
      sp_diags_error(d, SP_ERR_USAGE, spec->file, set->kbps_at.line ? set->kbps_at : set->at, key,
                     "%d kbps: a %s file at %.0f Hz takes %d to %d kbps; give one of them",
                     set->kbps, sp_format_names[set->format], rate, lo, hi);
  }
  return sp_diags_errors(d) > before ? SP_ERR_USAGE : SP_OK;
}

void sp_album_spec_songs(const sp_album_spec *spec, double rate, const int64_t *frames,
                         sp_album_song *songs)
{
  for (size_t k = 0; k < spec->n_songs; k++) {
    const sp_album_entry *e = &spec->songs[k];
    sp_album_song *s = &songs[k];
    *s = (sp_album_song){.frames = frames[k], .meta = e->meta};
    s->head = sp_time_frames(e->head, rate);
    s->tail = e->has_to ? frames[k] - sp_time_frames(e->to, rate) : sp_time_frames(e->tail, rate);
    s->join = e->has_crossfade ? SP_ALBUM_CROSSFADE : SP_ALBUM_GAP;
    s->gap = sp_time_frames(e->gap, rate);
    s->crossfade = sp_time_frames(e->crossfade, rate);
    s->xcurve = e->xcurve;
    s->fade_out = sp_time_frames(e->fade_out, rate);
    s->fcurve = e->fcurve;
    s->n_index = e->n_index;
    s->index = sp_xcalloc(e->n_index ? e->n_index : 1, sizeof *s->index);
    for (size_t i = 0; i < e->n_index; i++)
      s->index[i] = sp_time_frames(e->index[i], rate);
    if (!s->meta.artist)
      s->meta.artist = spec->meta.artist;
  }
}

char *sp_album_track_name(const sp_album_spec *spec, size_t k)
{
  const sp_album_entry *e = &spec->songs[k];
  char nn[16], n1[16], untitled[32];
  snprintf(nn, sizeof nn, "%02zu", k + 1);
  snprintf(n1, sizeof n1, "%zu", k + 1);
  snprintf(untitled, sizeof untitled, "Track %02zu", k + 1);
  const char *artist = e->meta.artist ? e->meta.artist : spec->meta.artist ? spec->meta.artist : "";
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  for (const char *p = spec->tracks; *p; p++) {
    const char *v = NULL;
    size_t skip = 0;
    if (strncmp(p, "{nn}", 4) == 0)
      v = nn, skip = 4;
    else if (strncmp(p, "{n}", 3) == 0)
      v = n1, skip = 3;
    else if (strncmp(p, "{title}", 7) == 0)
      v = e->meta.title ? e->meta.title : untitled, skip = 7;
    else if (strncmp(p, "{artist}", 8) == 0)
      v = artist, skip = 8;
    if (v) {
      for (const char *q = v; *q; q++) /* a title is free text: what a file name cannot hold, '_' */
        fputc(sp_file_name_char_ok(*q) ? *q : '_', f);
      p += skip - 1;
    } else
      fputc(*p == '/' ? '_' : *p, f);
  }
  fclose(f);
  return out;
}
