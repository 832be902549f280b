/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session builder's regions (session_builder.h): a region as its
 * reader read it (sp_mix_region, io/session/mix.h: the recipe's own)
 * moved whole under its track, what the parser would say of its file(s)
 * and of its fades' points said at their paths under the region's
 * (`tracks.NAME.regions[K]`); the rest taken as read (what it may be is
 * the recipe's check's, core/recipe/check.c). */

#include "io/session/session_builder.h"

#include "core/base/alloc.h"
#include "core/recipe/build.h"
#include "core/recipe/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether a, a fade's points from a reader, is a list the recipe's text
 * holds: points alone, none moving as a level's (a ramp, a tempo, a start,
 * VCA curves: no reader gives them, and the text writes a fade's points
 * alone); else said as build_unheld says it, at path. */
static bool listed(builder *b, const char *path, const sp_auto *a)
{
  return (a->ramp == SP_RAMP_DB && !a->tempo && !a->has_start && !a->n_vca) ||
         build_unheld(b, path, "a fade's points that move as a level's");
}

/* a, points of the fade at path (its curve or inverse), kept as read
 * where the text holds them, else said and left out (false). */
static bool fade_points(builder *b, const char *path, sp_auto *a)
{
  if (listed(b, path, a)) {
    build_timed_settle(a);
    return true;
  }
  sp_auto_free(a);
  *a = (sp_auto){0};
  return false;
}

/* A region's fade f (key of its region at path) as put_fade writes it and
 * get_fade reads it: a ramp of no length is none, its inverse with it
 * (not written); one of less is kept, the check's to refuse; a curve's or a saved list's points
 * that the text cannot hold said, the fade then a ramp of no length. */
static void fade(builder *b, const char *path, const char *key, sp_fade *f)
{
  if (f->shape == SP_FADE_RAMP && !f->length.in_frames && f->length.seconds == 0) {
    sp_auto_free(&f->curve);
    sp_auto_free(&f->inverse);
    *f = (sp_fade){0};
    return;
  }
  if (f->shape == SP_FADE_CURVE || f->shape == SP_FADE_POINTS) {
    char *cp = sp_xasprintf("%s.%s.%s", path, key, f->shape == SP_FADE_POINTS ? "points" : "curve");
    if (!fade_points(b, cp, &f->curve))
      *f = (sp_fade){.inverse = f->inverse};
    free(cp);
  }
  char *ip = sp_xasprintf("%s.%s.inverse", path, key);
  if (f->inverse.n)
    fade_points(b, ip, &f->inverse);
  free(ip);
}

/* A region's files (`files:`, g->n_files ≥ 2) as get_inputs reads them:
 * each path held (build_text_held: an empty one said at its place, left
 * out), its key that place (how many: the check's); its file the first's
 * copy. */
static void region_files(builder *b, sp_region *g, const char *path)
{
  char *fp = sp_xasprintf("%s.files", path);
  size_t n = 0;
  g->keys = sp_xcalloc(g->n_files, sizeof *g->keys);
  for (size_t k = 0; k < g->n_files; k++) {
    char *ip = sp_xasprintf("%s[%zu]", fp, k);
    if (build_text_held(b, ip, g->files[k], "an empty file path")) {
      g->files[n] = g->files[k];
      g->keys[n++] = sp_xasprintf("files[%zu]", k);
    } else {
      free(g->files[k]);
    }
    free(ip);
  }
  free(g->file);
  g->file = n ? sp_xstrdup(g->files[0]) : NULL;
  g->key = n ? sp_xstrdup(g->keys[0]) : NULL;
  if (!n) {
    free(g->files);
    free(g->keys);
    g->files = g->keys = NULL;
  }
  g->n_files = n;
  g->midi = false; /* `files:` are audio */
  free(fp);
}

/* A region's `file:` or `midi:` as get_input reads it: an empty path
 * (build_text_held) said there and left out (the region then of no
 * kind). */
static void region_file(builder *b, sp_region *g, const char *path)
{
  const char *key = g->midi ? "midi" : "file";
  char *fp = sp_xasprintf("%s.%s", path, key);
  if (build_text_held(b, fp, g->file, "an empty file path")) {
    g->key = sp_xstrdup(key);
  } else {
    free(g->file);
    g->file = NULL;
    g->midi = false;
  }
  free(fp);
}

void build_region_place(builder *b, sp_track *t, const char *tpath, sp_mix_region *x)
{
  char *path = sp_xasprintf("%s.regions[%zu]", tpath, t->n_regions);
  const int was = build_enter(b, path, x->line);
  sp_region *g = sp_build_region(t);
  *g = x->region;
  x->region = (sp_region){0};
  if (g->n_files > 1)
    region_files(b, g, path);
  else
    region_file(b, g, path);
  fade(b, path, "fade_in", &g->fade_in);
  fade(b, path, "fade_out", &g->fade_out);
  if (g->envelope.n) {
    build_timed_settle(&g->envelope);
  } else { /* none without points */
    sp_auto_free(&g->envelope);
    g->envelope = (sp_auto){0};
  }
  sp_build_region_place(b->r, g, path);
  b->line = was;
  free(path);
}
