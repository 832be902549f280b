/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a recipe prints and checks: stems (sets of tracks and buses),
 * versions (sets of stems, or own renders), the output block (folder,
 * format, depth, file-name templates) and the delivery checks (loudness
 * presets and targets, true peak, null tolerance). */

#include "io/recipe/parse_output.h"

#include "io/recipe/parse_values.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/base/names.h"
#include "core/recipe/keys.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- stems, output, checks ----------------------------------------------- */

const recipe_list recipe_stems = {
    .items = "stem names to lists of tracks or buses (drums: [kick, snare])",
    .item = sp_build_stem_members,
    .name = "stem"};

static void version_fini(void *v) { sp_version_fini(v); }

const recipe_list recipe_versions = {
    .items = "version names to what they leave out, like {instrumental: {mute: [vocals]}}",
    .item = "a version",
    .name = "version",
    .fini = version_fini};

/* The origination date and time SOURCE_DATE_EPOCH says (UTC), as a
 * reproducible build takes its clock from it; false when it is not set or
 * not a number of seconds. */
static bool source_date(char date[11], char time_of_day[9])
{
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (!e || !*e)
    return false;
  char *end;
  errno = 0;
  long long s = strtoll(e, &end, 10);
  if (*end || errno || s < 0)
    return false;
  time_t t = (time_t)s;
  struct tm tm;
  if (!gmtime_r(&t, &tm))
    return false;
  strftime(date, 11, "%Y-%m-%d", &tm);
  strftime(time_of_day, 9, "%H:%M:%S", &tm);
  return true;
}

/* output.bwf's fields no row says, when it is on: the defaults, the
 * date and time SOURCE_DATE_EPOCH says where the recipe gives none. */
static void bwf_defaults(sp_bwf *b)
{
  if (!b->on)
    return;
  if (!b->description)
    b->description = sp_xstrdup("{recipe}: {name}");
  if (!b->originator)
    b->originator = sp_xstrdup("stemprint");
  if (!b->originator_reference)
    b->originator_reference = sp_xstrdup("");
  char date[11], tod[9];
  if ((!*b->date || !*b->time) && source_date(date, tod)) {
    if (!*b->date)
      memcpy(b->date, date, sizeof date);
    if (!*b->time)
      memcpy(b->time, tod, sizeof tod);
  }
}

/* A set of output.also, before its rows are read: the defaults no other
 * key decides, and its format (which it needs), read first as an
 * insert's class is: its other keys are read only for a format. */
static bool set_start(parser *p, const recipe_item *it)
{
  static const char *const format[] = {"format", NULL};
  sp_output_set *set = it->item;
  set->dither = true;
  set->fold = sp_fold_default();
  set->loudness.tolerance_lu = 1.0;
  if (!sp_recipe_noted_key(p->r, it->path, "format")) {
    char list[128];
    sp_format_list(true, list, sizeof list);
    sp_recipe_error(p->r, p->d, SP_ERR_USAGE, it->path, "a set needs its format: %s", list);
    return false;
  }
  const size_t errors = sp_diags_errors(p->d);
  recipe_fill(p, it->map, it->path, "SET", format, set);
  return sp_diags_errors(p->d) == errors;
}

/* A set settled once its rows are read, from its fields and the keys it
 * was written with: where it gives none, the master set's depth, its
 * format's rate, and its format's bitrate, an MP3's the most its rate
 * takes (160 at 22.05 kHz). The rates, depths and bitrates each format
 * takes, its fold's layout and its loudness's aim are the check's
 * (core/recipe/check.c), which leaves out a set said to be wrong. */
static bool set_done(parser *p, const recipe_item *it)
{
  sp_output_set *set = it->item;
  const sp_format_desc *fd = &sp_formats[set->format];
  if (!sp_recipe_noted_key(p->r, it->path, "depth"))
    set->depth = p->r->output.depth;
  if (!sp_recipe_noted_key(p->r, it->path, "rate"))
    set->rate = fd->rate; /* Opus's own rate; 0: the recipe's */
  if (sp_recipe_noted_key(p->r, it->path, "bitrate"))
    return true;
  set->kbps = sp_format_default_kbps(set->format, set->rate > 0 ? set->rate : p->r->sample_rate);
  return true;
}

static void set_fini(void *set) { sp_output_set_fini(set); }

const recipe_list recipe_sets = {
    .items = "sets, like [{format: wav, rate: 44.1 kHz, depth: 16}, {format: mp3}]",
    .item = "a set of output.also",
    .start = set_start,
    .done = set_done,
    .fini = set_fini};

/* Entry i of output.stem_mp4.stems, from its places: a printed stem
 * (stems[i]), or a group {NAME: [printed stems]} (stems[i].NAME, its
 * members at [j], or one at it); each name once in the file, each
 * printed stem in one entry at most (the four must sum to the mix). */
static void stem_mp4_entry(parser *p, size_t i)
{
  const sp_stem_file *s = &p->r->output.stem_mp4;
  const sp_stem *g = &s->stems[i];
  const char *path = "output.stem_mp4.stems";
  char *ip = recipe_index_path(path, i), *gp = recipe_join(ip, g->name);
  const sp_where *of = sp_recipe_noted(p->r, gp);
  const bool group = of != NULL;
  bool twice = false; /* a name an entry before has, a group's or a stem's own */
  for (size_t k = 0; k < i && !twice; k++)
    twice = strcmp(s->stems[k].name, g->name) == 0;
  const sp_where *own = group ? NULL : sp_recipe_noted(p->r, ip);
  if (twice && group) /* at its name */
    bad_pair(p, of, path, "stem '%s' is named twice; name four different stems", g->name);
  else if (twice && own)
    bad_at(p, own, path, "stem '%s' is named twice; name four different stems", g->name);
  else if (twice)
    sp_recipe_error(p->r, p->d, SP_ERR_USAGE, path,
                    "stem '%s' is named twice; name four different stems", g->name);
  for (size_t j = 0; j < g->n_members; j++) {
    const char *m = g->members[j];
    char *jp = recipe_index_path(gp, j);
    const sp_where *at = !group ? sp_recipe_noted(p->r, ip) : sp_recipe_noted(p->r, jp);
    at = at ? at : of;
    free(jp);
    bool known = false;
    for (size_t k = 0; k < p->r->n_stems && !known; k++)
      known = strcmp(p->r->stems[k].name, m) == 0;
    if (!known) {
      char list[512] = "";
      for (size_t k = 0; k < p->r->n_stems; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                 p->r->stems[k].name);
      bad_at(p, at, path, "'%s' is not a stem this recipe prints; name one of its stems (%s)", m,
             p->r->n_stems ? list : "none: add a stems: section");
      continue;
    }
    /* in an entry before, or before in this group */
    const char *in = NULL;
    for (size_t k = 0; k <= i && !in; k++)
      for (size_t q = 0; q < (k < i ? s->stems[k].n_members : j) && !in; q++)
        if (strcmp(s->stems[k].members[q], m) == 0)
          in = s->stems[k].name;
    if (in && !group) {
      if (!twice) /* (else said at its name) */
        bad_at(p, at, path, "stem '%s' is named twice; name four different stems", m);
    } else if (in) {
      bad_at(p, at, path,
             "'%s' is in the stem file twice (in '%s' too); a printed stem goes into one "
             "of its four stems, or they would not sum to the mix",
             m, in);
    }
  }
  free(gp);
  free(ip);
}

/* output.stem_mp4 settled from its fields and places, once read: four
 * stems (printed, or groups of them), four colours #RRGGBB (or none: the
 * defaults), a bitrate for AAC only; a stereo mix (master.layout's: the
 * writer holds the prints to it again). */
static void stem_mp4_settle(parser *p)
{
  sp_stem_file *s = &p->r->output.stem_mp4;
  sp_recipe *r = p->r;
  const char *path = "output.stem_mp4";
  if (!s->kbps)
    s->kbps = 256;
  if (!sp_recipe_noted_key(p->r, path, "stems")) {
    if (!recipe_said_at(p, path)) /* (its reading's "missing 'stems'") */
      sp_recipe_error(r, p->d, SP_ERR_USAGE, path,
                      "a stem file needs its four stems, like stems: [drums, bass, other, vocals]");
    return;
  }
  /* as written (an entry refused is said, not counted again) */
  size_t written = 0;
  for (bool more = true; more; written += more) {
    char *ip = recipe_index_path("output.stem_mp4.stems", written);
    more = sp_recipe_noted(r, ip) != NULL;
    free(ip);
  }
  if (written != 4 && !recipe_said_at(p, "output.stem_mp4.stems")) /* (not a list: said) */
    sp_recipe_error(r, p->d, SP_ERR_USAGE, "output.stem_mp4.stems",
                    "a stem file holds four stems, got %zu; name four of the stems the recipe "
                    "prints",
                    written);
  for (size_t i = 0; i < s->n_stems && s->n_stems == written; i++)
    stem_mp4_entry(p, i);
  /* NI's format is stereo: every track of the file, the mix's first */
  const sp_layout *mix = r->master.layout;
  if (mix && mix->n != 2)
    sp_recipe_error(r, p->d, SP_ERR_USAGE, path,
                    "a stem file is stereo (NI's Stem format), and the mix is %s (master.layout, "
                    "%d channel%s); print a stereo mix (master.layout: stereo, or none) or drop "
                    "output.stem_mp4",
                    mix->name, mix->n, mix->n == 1 ? "" : "s");
  if (sp_recipe_noted_key(p->r, path, "colors")) {
    if (s->n_colors != 4)
      sp_recipe_error(r, p->d, SP_ERR_USAGE, "output.stem_mp4.colors",
                      "expected four colours, one a stem, got %zu", s->n_colors);
    for (size_t i = 0; i < s->n_colors; i++) {
      char *cp = recipe_index_path("output.stem_mp4.colors", i);
      const sp_where *at = sp_recipe_noted(r, cp);
      free(cp);
      if (!at)
        break;
      const char *c = s->colors[i];
      bool ok = strlen(c) == 7 && c[0] == '#';
      for (size_t k = 1; ok && k < 7; k++)
        ok = isxdigit((unsigned char)c[k]) != 0;
      if (!ok)
        bad_at(p, at, "output.stem_mp4.colors",
               "'%s' is not a colour; write it #RRGGBB, like \"#FF0000\"", c);
    }
  }
  if (sp_recipe_noted_key(p->r, path, "bitrate")) {
    if (s->codec == 0)
      sp_recipe_warn(r, p->d, "output.stem_mp4.bitrate",
                     "ALAC is lossless: it has no bitrate (left unused); remove 'bitrate', or "
                     "give codec: aac");
    else if (s->kbps != floor(s->kbps))
      sp_recipe_error(r, p->d, SP_ERR_USAGE, "output.stem_mp4.bitrate",
                      "expected a whole number of kbps, like '256 kbps'");
  }
}

void recipe_settle_output(parser *p)
{
  if (p->r->output.stem_mp4.on)
    stem_mp4_settle(p);
  /* the master set's depth, the mix's file name, a bext chunk: the check's */
  bwf_defaults(&p->r->output.bwf);
}
