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

/* A set of output.also, before its rows are read: the master set's
 * depth, dither, BS.775's fold, and its format (which it needs), whose
 * rate and bitrate it takes unless it says its own. */
static bool set_start(parser *p, const recipe_item *it)
{
  sp_output_set *set = it->item;
  const sp_ynode *n = it->map, *v;
  set->depth = p->r->output.depth;
  set->dither = true;
  set->fold = sp_fold_default();
  set->loudness.tolerance_lu = 1.0;
  if (!(v = sp_ymap_get(n, "format"))) {
    char list[128];
    sp_format_list(true, list, sizeof list);
    bad(p, n, it->path, "a set needs its format: %s", list);
    return false;
  }
  char *k = recipe_join(it->path, "format");
  const bool ok = recipe_fill_one(p, v, k, &sp_key_rows_set[SP_KEY_SET_FORMAT], set);
  free(k);
  if (!ok)
    return false;
  const sp_format_desc *fd = &sp_formats[set->format];
  set->kbps = fd->lossy ? fd->kbps : 160; /* lossless: unused, 160 in the job's key */
  set->rate = fd->rate;                   /* Opus's own rate; 0: the recipe's */
  return true;
}

/* A set's bitrate where it gives none: the most its rate takes (MP3: 160
 * at 22.05 kHz). The rates, depths and bitrates each format takes, its
 * fold's layout and its loudness's aim are the check's
 * (core/recipe/check.c), which leaves out a set said to be wrong. */
static bool set_done(parser *p, const recipe_item *it)
{
  sp_output_set *set = it->item;
  const sp_format_desc *fd = &sp_formats[set->format];
  if (fd->kbps_range && !sp_ymap_get(it->map, "bitrate")) {
    int lo, hi;
    fd->kbps_range(set->rate > 0 ? set->rate : p->r->sample_rate, &lo, &hi);
    set->kbps = hi;
  }
  return true;
}

static void set_fini(void *set) { sp_output_set_fini(set); }

const recipe_list recipe_sets = {
    .items = "sets, like [{format: wav, rate: 44.1 kHz, depth: 16}, {format: mp3}]",
    .item = "a set of output.also",
    .start = set_start,
    .done = set_done,
    .fini = set_fini};

/* Entry i of output.stem_mp4.stems (its node it): a printed stem, or a
 * group {NAME: [printed stems]}; each name once in the file, each printed
 * stem in one entry at most (the four must sum to the mix). */
static void stem_mp4_entry(parser *p, const sp_ynode *it, size_t i)
{
  const sp_stem_file *s = &p->r->output.stem_mp4;
  const sp_stem *g = &s->stems[i];
  const sp_ynode *of = it->kind == SP_Y_MAP ? it->pairs[0].value : NULL;
  const bool group = of != NULL;
  for (size_t k = 0; k < i && group; k++)
    if (strcmp(s->stems[k].name, g->name) == 0) {
      bad(p, it->pairs[0].key, "output.stem_mp4.stems",
          "stem '%s' is named twice; name four different stems", g->name);
      break;
    }
  for (size_t j = 0; j < g->n_members; j++) {
    const char *m = g->members[j];
    const sp_ynode *at = !group ? it : of->kind == SP_Y_SEQ ? of->items[j] : of;
    bool known = false;
    for (size_t k = 0; k < p->r->n_stems && !known; k++)
      known = strcmp(p->r->stems[k].name, m) == 0;
    if (!known) {
      char list[512] = "";
      for (size_t k = 0; k < p->r->n_stems; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                 p->r->stems[k].name);
      bad(p, at, "output.stem_mp4.stems",
          "'%s' is not a stem this recipe prints; name one of its stems (%s)", m,
          p->r->n_stems ? list : "none: add a stems: section");
      continue;
    }
    /* in an entry before, or before in this group */
    const char *in = NULL;
    for (size_t k = 0; k <= i && !in; k++)
      for (size_t q = 0; q < (k < i ? s->stems[k].n_members : j) && !in; q++)
        if (strcmp(s->stems[k].members[q], m) == 0)
          in = s->stems[k].name;
    if (in && !group)
      bad(p, at, "output.stem_mp4.stems", "stem '%s' is named twice; name four different stems",
          m);
    else if (in)
      bad(p, at, "output.stem_mp4.stems",
          "'%s' is in the stem file twice (in '%s' too); a printed stem goes into one of its "
          "four stems, or they would not sum to the mix",
          m, in);
  }
}

/* output.stem_mp4: four stems (printed, or groups of them), four colours #RRGGBB (or none:
 * the defaults), a bitrate for AAC only; a stereo mix (master.layout's:
 * the writer holds the prints to it again). */
static void stem_mp4_check(parser *p, const sp_ynode *v)
{
  sp_stem_file *s = &p->r->output.stem_mp4;
  const sp_ynode *n;
  if (!s->kbps)
    s->kbps = 256;
  if (!(n = sp_ymap_get(v, "stems"))) {
    bad(p, v, "output.stem_mp4", "a stem file needs its four stems, like stems: [drums, bass, "
                                 "other, vocals]");
    return;
  }
  /* as written (an entry refused is said, not counted again) */
  const size_t written = n->kind == SP_Y_SEQ ? n->n : s->n_stems;
  if (written != 4)
    bad(p, n, "output.stem_mp4.stems",
        "a stem file holds four stems, got %zu; name four of the stems the recipe prints",
        written);
  for (size_t i = 0; i < s->n_stems && n->kind == SP_Y_SEQ && s->n_stems == n->n; i++)
    stem_mp4_entry(p, n->items[i], i);
  /* NI's format is stereo: every track of the file, the mix's first */
  const sp_layout *mix = p->r->master.layout;
  if (mix && mix->n != 2)
    bad(p, v, "output.stem_mp4",
        "a stem file is stereo (NI's Stem format), and the mix is %s (master.layout, %d "
        "channel%s); print a stereo mix (master.layout: stereo, or none) or drop "
        "output.stem_mp4",
        mix->name, mix->n, mix->n == 1 ? "" : "s");
  if ((n = sp_ymap_get(v, "colors"))) {
    if (s->n_colors != 4)
      bad(p, n, "output.stem_mp4.colors", "expected four colours, one a stem, got %zu",
          s->n_colors);
    for (size_t i = 0; i < s->n_colors && n->kind == SP_Y_SEQ && i < n->n; i++) {
      const char *c = s->colors[i];
      bool ok = strlen(c) == 7 && c[0] == '#';
      for (size_t k = 1; ok && k < 7; k++)
        ok = isxdigit((unsigned char)c[k]) != 0;
      if (!ok)
        bad(p, n->items[i], "output.stem_mp4.colors",
            "'%s' is not a colour; write it #RRGGBB, like \"#FF0000\"", c);
    }
  }
  if ((n = sp_ymap_get(v, "bitrate"))) {
    if (s->codec == 0)
      sp_recipe_warn(p->r, p->d, "output.stem_mp4.bitrate",
                     "ALAC is lossless: it has no bitrate (left unused); remove 'bitrate', or "
                     "give codec: aac");
    else if (s->kbps != floor(s->kbps))
      bad(p, n, "output.stem_mp4.bitrate", "expected a whole number of kbps, like '256 kbps'");
  }
}

void recipe_parse_output(parser *p, const sp_ynode *v)
{
  sp_output *o = &p->r->output;
  if (v->kind != SP_Y_MAP)
    return;
  const sp_ynode *n;
  if ((n = sp_ymap_get(v, "stem_mp4")) && n->kind == SP_Y_MAP)
    stem_mp4_check(p, n);
  /* the master set's depth, the mix's file name, a bext chunk: the check's */
  if (sp_ymap_get(v, "bwf"))
    bwf_defaults(&o->bwf);
}
