/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session builder's regions (io/session/session_build_region.h): a
 * region as a reader read it built into the recipe's, each value as the
 * parser reads the text the mix would be written as, what it says of one
 * kept on the region at its path under the region's, said where the
 * session builder places it (build_region_place, session_builder.h); its
 * envelope's and its fades' points taken as read (what they may be is
 * the recipe's check's, core/recipe/check.c). */

#include "io/session/session_build_region.h"
#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/fade.h"
#include "core/recipe/keys.h"
#include "core/recipe/writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The region's own place, its keys' paths built under it (".at",
 * ".fade_in.curve[2]") and kept without the dot (sp_mix_said). */
static const char here[] = "";

/* Whether a, a fade's points from a reader, is a list the recipe's text
 * holds: points alone, none moving as a level's (a ramp, a tempo, a start,
 * VCA curves: no reader gives them, and the text writes a fade's points
 * alone); else said as build_unheld says it, at path. */
static bool listed(builder *b, const char *path, const sp_auto *a)
{
  return (a->ramp == SP_RAMP_DB && !a->tempo && !a->has_start && !a->n_vca) ||
         build_unheld(b, path, "a fade's points that move as a level's");
}

/* A region's fade (key of its region at path) as put_fade writes it and
 * get_fade reads it: Ardour's default, a curve or a saved list of two
 * points or more (its last point its length), else a ramp of its length;
 * its length, its points and its inverse's taken as read (what they may be
 * is the recipe's check's, core/recipe/check.c). */
static void fade(builder *b, const char *path, const char *key, double len, bool ardour,
                 sp_auto *curve, bool saved, sp_auto *inverse, sp_fade *f)
{
  *f = (sp_fade){0};
  if (!ardour && curve->n < 2 && len <= 0)
    return; /* not written */
  f->shape = SP_FADE_RAMP;
  if (ardour) {
    f->length = (sp_time){.frames = SP_FADE_DEFAULT_FRAMES, .in_frames = true};
    f->shape = SP_FADE_DEFAULT;
  } else if (curve->n >= 2) {
    char *cp = sp_xasprintf("%s.%s.%s", path, key, saved ? "points" : "curve");
    if (listed(b, cp, curve)) {
      build_timed_take(curve, &f->curve);
      f->length = f->curve.points[f->curve.n - 1].t;
      f->shape = saved ? SP_FADE_POINTS : SP_FADE_CURVE;
    }
    free(cp);
  } else {
    f->length = (sp_time){.seconds = len};
  }
  char *ip = sp_xasprintf("%s.%s.inverse", path, key);
  if (inverse->n && listed(b, ip, inverse))
    build_timed_take(inverse, &f->inverse);
  free(ip);
}

/* A region's files (`files:`, m->n_files ≥ 2) as get_inputs reads them:
 * each path the parser takes (an empty one said at its place), its key
 * that place; none when they are more than a region takes (said). */
static void region_files(builder *b, sp_region *g, const char *path, const sp_mix_region *m)
{
  char *fp = sp_xasprintf("%s.files", path), why[320];
  const char *help = sp_key_rows_region[SP_KEY_REGION_FILES].help;
  if (m->region.n_files > SP_MAX_CHANNELS) {
    sp_build_files_count(m->region.n_files, help, why, sizeof why);
    build_say_at(b, fp, why);
    free(fp);
    return;
  }
  char *what = sp_xasprintf("the path of %s", help);
  g->files = sp_xcalloc(m->region.n_files, sizeof *g->files);
  g->keys = sp_xcalloc(m->region.n_files, sizeof *g->keys);
  for (size_t k = 0; k < m->region.n_files; k++) {
    char *ip = sp_xasprintf("%s[%zu]", fp, k);
    if (build_text_said(b, ip, m->region.files[k], what)) {
      g->files[g->n_files] = sp_xstrdup(m->region.files[k]);
      g->keys[g->n_files++] = sp_xasprintf("files[%zu]", k);
    }
    free(ip);
  }
  if (g->n_files) {
    g->file = sp_xstrdup(g->files[0]);
    g->key = sp_xstrdup(g->keys[0]);
  } else {
    free(g->files);
    free(g->keys);
    g->files = g->keys = NULL;
  }
  free(what);
  free(fp);
}

/* Whether the mix's region m is read as one of MIDI: `midi:` (its files
 * are written `files:`, audio), its path taken (an empty one is refused,
 * the region then of no kind). */
static bool reads_midi(const sp_mix_region *m)
{
  return m->region.midi && m->region.n_files <= 1 && *m->region.file;
}

/* A region's warp (m->n_warp points), its times in seconds as read
 * (what they may be, how many and their order, are the check's). */
static void warp(sp_region *g, const sp_mix_region *m)
{
  g->stretch.src = sp_xcalloc(m->n_warp, sizeof *g->stretch.src);
  g->stretch.at = sp_xcalloc(m->n_warp, sizeof *g->stretch.at);
  for (size_t k = 0; k < m->n_warp; k++) {
    g->stretch.src[k] = (sp_time){.seconds = m->warp_src[k]};
    g->stretch.at[k] = (sp_time){.seconds = m->warp_at[k]};
  }
  g->stretch.n = m->n_warp;
  g->stretch.on = true;
}

/* m's keys into g as get_region reads them, at path (the region's own,
 * here): its times as read (what they may be, the check's). */
static void region(builder *b, sp_region *g, const char *path, sp_mix_region *m)
{
  const bool midi = reads_midi(m);
  const sp_key_row *rows = sp_key_rows_region;
  if (m->region.n_files > 1) {
    region_files(b, g, path, m);
  } else {
    const char *key = m->region.midi ? "midi" : "file";
    char *fp = sp_xasprintf("%s.%s", path, key);
    char *what = sp_xasprintf("the path of %s",
                              rows[m->region.midi ? SP_KEY_REGION_MIDI : SP_KEY_REGION_FILE].help);
    if (build_text_said(b, fp, m->region.file, what)) {
      g->file = sp_xstrdup(m->region.file);
      g->key = sp_xstrdup(key);
    }
    free(what);
    free(fp);
  }
  g->midi = midi;
  g->channel = m->region.channel; /* its range is the check's (core/recipe/check.h) */
  g->keep_channels = m->region.keep_channels & 0xFFFFu;
  g->force_channel = m->region.force_channel;
  g->at = (sp_time){.seconds = m->region.at.seconds};
  if (m->n_warp)
    warp(g, m);
  else
    g->from = (sp_time){.seconds = m->region.from.seconds};
  g->length = (sp_time){.seconds = m->region.length.seconds};
  g->has_length = true;
  g->opaque = m->region.opaque;
  fade(b, path, "fade_in", m->region.fade_in.length.seconds, m->fade_in_ardour,
       &m->region.fade_in.curve, m->fade_in_saved, &m->region.fade_in.inverse, &g->fade_in);
  fade(b, path, "fade_out", m->region.fade_out.length.seconds, m->fade_out_ardour,
       &m->region.fade_out.curve, m->fade_out_saved, &m->region.fade_out.inverse, &g->fade_out);
  g->gain_db = m->region.gain_db;
  if (m->region.envelope.n)
    build_timed_take(&m->region.envelope, &g->envelope);
  /* the rules across its keys are the check's (core/recipe/check.h) */
}

/* m built into *out, its points read at the recipe's sample rate rate
 * (the order of points in frames). */
static void region_build(sp_mix_region *m, double rate, sp_built_region *out)
{
  *out = (sp_built_region){0};
  sp_diags_init(&out->said);
  /* what the parser says, at the region's paths: only the recipe's rate
   * is read of it */
  sp_recipe *scratch = sp_xcalloc(1, sizeof *scratch);
  scratch->sample_rate = rate;
  sp_diags said;
  sp_diags_init(&said);
  builder b = {.r = scratch, .said = &said};
  region(&b, &out->region, here, m);
  out->line = m->line;
  for (size_t i = 0; i < said.n; i++) {
    const char *sub = said.v[i].path ? said.v[i].path : here;
    sp_mix_said(&out->said, *sub == '.' ? sub + 1 : sub, said.v[i].msg);
  }
  sp_diags_fini(&said);
  free(scratch);
}

void sp_mix_regions_build(const sp_mix *m, sp_mix_strip *s)
{
  const double rate = m->top->sample_rate; /* the recipe's (set first) */
  for (size_t k = 0; k < s->n_regions; k++) {
    SP_GROW(s->built, s->n_built, s->cap_built);
    region_build(&s->regions[k], rate, &s->built[s->n_built++]);
  }
  while (s->n_regions)
    sp_mix_region_remove(s, s->n_regions - 1);
}

void build_region_place(builder *b, sp_track *t, const char *tpath, sp_built_region *x)
{
  char *path = sp_xasprintf("%s.regions[%zu]", tpath, t->n_regions);
  const int was = build_enter(b, path, x->line);
  sp_region *g = sp_build_region(t);
  *g = x->region;
  x->region = (sp_region){0};
  sp_build_region_place(b->r, g, path);
  build_said_under(b, path, &x->said);
  b->line = was;
  free(path);
}
